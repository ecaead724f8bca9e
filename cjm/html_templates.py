"""The one jinja2 environment factory for cjm's HTML: the map pages and the diff page.

Templates are loaded with :class:`jinja2.PackageLoader`, so they are found inside a
zip or wheel install as well as in a source tree. Autoescape is on and undefined
names are errors, so map text is always printed as text and a typo in a template
fails the tests instead of printing nothing. Whitespace is kept as written
(``trim_blocks`` off), so a template's bytes are what the page gets.
"""

from __future__ import annotations

from functools import cache

import jinja2

from cjm.measures import COLUMN_WIDTH, EMOTION_WORDS, signed_emotion
from cjm.palette import DARK, LIGHT, custom_properties


@cache
def environment(package: str) -> jinja2.Environment:
    """The environment of ``package``'s ``templates`` folder, built once per process
    (templates are parsed and compiled once)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.globals["column_width"] = COLUMN_WIDTH
    # the emotion legend's words and signs, as every other page and format says them
    env.globals["emotion_legend"] = [
        (f"v{value}", signed_emotion(value, typeset=True), word)
        for value, word in sorted(EMOTION_WORDS.items())
    ]
    env.globals["palette"] = {"light": custom_properties(LIGHT), "dark": custom_properties(DARK)}
    return env
