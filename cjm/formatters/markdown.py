"""Map text inside Markdown: the one escaper every Markdown writer of cjm uses.

cjm writes Markdown that people paste or post where GitHub renders it: ``cjm diff
--format markdown`` as a pull request comment, ``cjm report --format markdown`` into an
issue or a wiki. The text in it comes from the maps, which anyone who can open a pull
request writes, so in that Markdown it must say only what it says: a pain point cannot
split a table row, open an HTML tag, make a link, strike or embolden the text around
it, notify a team or link (and so cross-reference) an issue.

CommonMark lets a backslash escape any ASCII punctuation mark, so the marks that mean
something (``\\ ` * _ [ ] < > | ~``) get one; GitHub's tables honour ``\\|`` even in a
cell. ``&`` becomes ``&amp;`` so an entity written in a map (``&lt;``, ``&#64;``) shows
as written instead of turning into the character it names.

Mentions and issue references need more than an escape: GitHub finds ``@team`` and
``#12`` in the text *after* rendering, when escapes and entities are already resolved,
so neither ``\\@`` nor ``&#64;`` stops one. A word joiner (U+2060: no width, no glyph, no
line break) right after the ``@`` or ``#`` does: the patterns want a name's letter or the
number's first digit right there, so ``@\u2060team`` and ``#\u206012`` are plain text
that reads as written. The same joiner stops the e-mail autolink of ``ana@example.com``.

The writers keep their own layout (a diff shortens each text to one line first, a report
cell keeps its line breaks as ``<br>``); only the escaping lives here, once.
"""

from __future__ import annotations

import re

from cjm.diagnostics import printable

#: ASCII punctuation that means something in GitHub-flavoured Markdown where map text
#: goes (inline text, a table cell, a list item, a heading's text).
_SPECIAL = re.compile(r"[\\`*_\[\]<>|~]")
#: Where GitHub would see a mention (``@name``, ``@org/team``) or an issue (``#12``).
_REFERENCE = re.compile(r"@|#(?=[0-9])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """``text`` as plain text anywhere inline in GitHub Markdown: in a paragraph, a list
    item, a heading or a table cell. A line break becomes ``<br>`` (a cell cannot hold a
    newline, and a list item would end at one); other control characters are shown
    escaped (:func:`~cjm.diagnostics.printable`), so no bidi override reorders a line."""
    return "<br>".join(_escape_line(line) for line in _LINE_BREAK.split(text))


def _escape_line(line: str) -> str:
    escaped = _SPECIAL.sub(r"\\\g<0>", printable(line)).replace("&", "&amp;")
    return _REFERENCE.sub(lambda found: found.group() + _WORD_JOINER, escaped)


def escape_code(text: str) -> str:
    """``text`` for the inside of a single-backtick code span: a code span shows its text
    as written (no escapes, no mentions, no links), so only a backtick, which would close
    it early, and a line break, which would end the list item, are replaced. Not for a
    table cell: GitHub splits a row at a ``|`` even inside a code span."""
    return printable(" ".join(_LINE_BREAK.split(text))).replace("`", "'")
