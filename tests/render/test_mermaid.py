"""Mermaid journey diagrams: snapshots, safe text, and a real render by Mermaid 11.

"Looks like Mermaid" is not enough: the grammar has no quoting, and a stray ``:`` or
``#`` silently turns a task into a comment or a score. So every example's diagram is
rendered by the ``mermaid`` npm package itself, in Debian's headless Chromium. Those
tests are skipped only where the browser or the package is absent, with the line that
installs it, and fail instead under CI (``CI`` set), where both must be present.

What Mermaid shows is compared with text written by hand from the YAML, never with
:func:`mermaid_text` (which would agree with itself, even if it returned "").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

import cjm
from cjm.model import JourneyDocument
from cjm.render.mermaid import journey_mermaid, mermaid_text
from cjm.workspace import Workspace
from tests.conftest import EXAMPLES
from tests.render.needs import MERMAID_JS, need_mermaid
from tests.render.samples import (
    CHROMIUM,
    HAND_MADE,
    HOSTILE_TEXTS,
    LAUNCH_ARGS,
    hostile_yaml,
    load,
)

EXAMPLE_NAMES = sorted(path.name for path in EXAMPLES.iterdir() if (path / "cjm.yaml").is_file())
EXAMPLE_JOURNEYS = [
    (name, journey_id)
    for name in EXAMPLE_NAMES
    for journey_id in sorted(cjm.load_workspace(EXAMPLES / name).journeys)
]
TASK_LINE = re.compile(r"^ {8}[^:;#\n]+: [1-5](: [^:;#\n]+)?$")
#: Renders a source and answers {ok, text, tags, error}; a rejected diagram does not throw.
#: ``text`` is what the diagram shows: the text of every element but the style sheet.
RENDER_JS = """
async (source) => {
  window.__renders = (window.__renders || 0) + 1;
  try {
    const { svg } = await mermaid.render('diagram' + window.__renders, source);
    const holder = document.createElement('div');
    holder.innerHTML = svg;
    const tags = [...holder.querySelectorAll('*')].map((element) => element.localName);
    holder.querySelectorAll('style').forEach((element) => element.remove());
    return { ok: true, text: holder.textContent, tags, error: null };
  } catch (error) {
    return { ok: false, text: '', tags: [], error: String((error && error.message) || error) };
  }
}
"""


def workspace_of(name: str) -> Workspace:
    return cjm.load_workspace(EXAMPLES / name)


def steps_of(journey: JourneyDocument) -> list[Any]:
    return [step for stage in journey.stages for step in stage.steps]


@pytest.mark.parametrize(("example", "journey_id"), EXAMPLE_JOURNEYS)
def test_examples(example: str, journey_id: str, snapshot: SnapshotAssertion) -> None:
    workspace = workspace_of(example)
    source = journey_mermaid(workspace, workspace.journeys[journey_id])
    assert source == snapshot
    assert source == journey_mermaid(workspace_of(example), workspace.journeys[journey_id])


def test_hand_made(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    workspace = load(tmp_path, HAND_MADE)
    source = journey_mermaid(workspace, workspace.journeys["first-order"])
    assert source == snapshot
    lines = source.splitlines()
    assert lines[0] == "journey"
    assert "        Finds the shop: 4: Olek, Web shop" in lines
    pays = "Pays with a card that the shop refuses twice before it goes through"
    assert f"        {pays}: 1: Olek, Web shop" in lines
    assert "        Waits for a confirmation e-mail (no emotion): 3: Olek" in lines
    assert "        Receives the parcel at the door: 5: Olek, Courier, Web shop" in lines
    assert "    section Follow-up (post-purchase)" in lines
    assert "        (no steps yet): 3" in lines


def test_hostile_text_is_made_safe(tmp_path: Path) -> None:
    workspace = load(tmp_path, hostile_yaml())
    source = journey_mermaid(workspace, workspace.journeys["hostile"])
    lines = source.splitlines()
    assert len(lines) == 3 + 2 + len(HOSTILE_TEXTS) + 2
    assert "%%" not in source and "#" not in source and ";" not in source
    assert "<" not in source and ">" not in source
    for line in lines[3:]:
        if not line.startswith("    section "):
            assert TASK_LINE.match(line), line
    assert "Line one line two tabbed\ufffdbell (no emotion): 3: \u2039script\u203a" in source


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("a: b", "a\u2236 b"),
        ("a; b", "a, b"),
        ("#1 brand", "\uff031 brand"),
        ("50%% off %%%", "50% % off % % %"),
        ("<b>x</b>", "\u2039b\u203ax\u2039/b\u203a"),
        ("one\ntwo\r\nthree\u2028four", "one two three four"),
        ("  spaced   out  ", "spaced out"),
        ("bell\x07", "bell\ufffd"),
    ],
)
def test_mermaid_text(text: str, safe: str) -> None:
    assert mermaid_text(text) == safe


@pytest.mark.parametrize(
    "action", ["Title search fails", "section of shelves empty", "accDescr { x", "Journeys"]
)
def test_keywords_at_the_start_of_a_task(tmp_path: Path, action: str) -> None:
    """Mermaid's lexer reads these as statements (a title, a section...), not a task."""
    text = HAND_MADE.replace("action: Finds the shop", f"action: {action}")
    workspace = load(tmp_path, text)
    source = journey_mermaid(workspace, workspace.journeys["first-order"])
    assert f"        \u2060{action}: 4: Olek, Web shop" in source.splitlines()


def test_actor_names_keep_their_commas_apart(tmp_path: Path) -> None:
    workspace = load(tmp_path, HAND_MADE.replace("name: Courier", "name: Smith, Jones & Co"))
    source = journey_mermaid(workspace, workspace.journeys["first-order"])
    assert ": 5: Olek, Smith\u201a Jones & Co, Web shop" in source


# --- Mermaid 11 itself, in headless Chromium -------------------------------------------


@dataclass
class Rendered:
    ok: bool
    text: str
    tags: list[str]
    error: str | None


class Mermaid:
    """One page with Mermaid loaded from disk: no network, the library parsed once."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def render(self, source: str) -> Rendered:
        return Rendered(**self.page.evaluate(RENDER_JS, source))


@pytest.fixture(scope="module")
def mermaid() -> Iterator[Mermaid]:
    need_mermaid()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.route("**/*", lambda route: route.abort())
        page.set_content("<!doctype html><html><head></head><body></body></html>")
        page.add_script_tag(content=MERMAID_JS.read_text(encoding="utf-8"))
        page.evaluate("mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' })")
        yield Mermaid(page)
        assert requests == [], requests
        browser.close()


def _squeezed(text: str) -> str:
    """Text with all whitespace and word joiners removed: Mermaid wraps task text over
    several lines, and the joiner before a keyword is invisible."""
    return re.sub(r"\s+", "", text.replace("\u2060", ""))


@pytest.mark.parametrize(("example", "journey_id"), EXAMPLE_JOURNEYS)
def test_mermaid_renders_every_example(mermaid: Mermaid, example: str, journey_id: str) -> None:
    workspace = workspace_of(example)
    journey = workspace.journeys[journey_id]
    rendered = mermaid.render(journey_mermaid(workspace, journey))
    assert rendered.ok, rendered.error
    # Punctuation is swapped for look-alikes, so compare the words: every word of the
    # YAML's title, stage names and actions is shown, in order.
    shown = _words(rendered.text)
    assert _words(journey.title) in shown
    for step in steps_of(journey):
        assert _words(step.action) in shown, step.action
    for stage in journey.stages:
        assert _words(stage.name) in shown, stage.name


def _words(text: str) -> str:
    """The letters and digits of ``text``, run together; never empty for real text."""
    words = "".join(re.findall(r"\w+", text))
    assert words, text
    return words


#: What the hand-made journey's diagram shows, written by hand from ``HAND_MADE``.
HAND_MADE_SHOWN = [
    "First order",
    "Persona: Olek.",
    "Order (purchase)",
    "Finds the shop",
    "Pays with a card that the shop refuses twice before it goes through",
    "Waits for a confirmation e-mail (no emotion)",
    "Follow-up (post-purchase)",
    "(no steps yet)",
    "Delivery (post-purchase)",
    "Receives the parcel at the door",
    "Unpacks it",
    "Olek",
    "Web shop",
    "Courier",
]


def test_mermaid_renders_the_hand_made_journey(mermaid: Mermaid, tmp_path: Path) -> None:
    workspace = load(tmp_path, HAND_MADE)
    rendered = mermaid.render(journey_mermaid(workspace, workspace.journeys["first-order"]))
    assert rendered.ok, rendered.error
    shown = _squeezed(rendered.text)
    for text in HAND_MADE_SHOWN:
        assert _squeezed(text) in shown, text


def test_mermaid_renders_hostile_text_as_text(mermaid: Mermaid, tmp_path: Path) -> None:
    workspace = load(tmp_path, hostile_yaml())
    journey = workspace.journeys["hostile"]
    rendered = mermaid.render(journey_mermaid(workspace, journey))
    assert rendered.ok, rendered.error
    assert not {"script", "img", "iframe", "b"} & set(rendered.tags)
    shown = _squeezed(rendered.text)
    for text in HOSTILE_SHOWN:
        assert _squeezed(text) in shown, text


#: ``HOSTILE_TEXTS`` as the diagram shows them, written by hand: angle brackets become
#: single guillemets, ``:`` a ratio sign, ``;`` a comma, ``#`` a fullwidth sign and
#: ``%%`` is split; everything else is shown as written.
HOSTILE_SHOWN = [
    "\u2039script\u203aalert(1)\u2039/script\u203a",
    "\u2039img src=x onerror=alert(1)\u203a",
    "\"quotes\" and 'single'",
    "{braces} a|b \u2039port\u203a",
    "back\\slash \\N \\G \\l \\E \\\\",
    "amp & &amp, &bogus, &\uff0360,",
    "colon\u2236 semi, hash \uff031 % % comment",
    "]]\u203a \u2039!-- c --\u203a \u2039![CDATA[x]]\u203a",
    "Line one line two tabbed\ufffdbell (no emotion)",
]


#: (action, what Mermaid makes of it raw, what cjm's diagram shows), by hand. Raw, a
#: task is either rejected (a parse error), or shown without its end ("lost": the part
#: after the colon is read as the score), or read as another statement ("title").
UNSAFE = [
    ("Pays: the card is refused", "lost", "Pays\u2236 the card is refused"),
    ("Finds the #1 shop", "rejected", "Finds the \uff031 shop"),
    ("Pays; waits", "rejected", "Pays, waits"),
    ("Section of shelves is empty", "rejected", "\u2060Section of shelves is empty"),
    ("Title search finds nothing", "title", "\u2060Title search finds nothing"),
    ("accDescr { hidden", "rejected", "\u2060accDescr { hidden"),
]


@pytest.mark.parametrize(("action", "raw_outcome", "shown"), UNSAFE)
def test_unsafe_text_would_break_mermaid(
    mermaid: Mermaid, tmp_path: Path, action: str, raw_outcome: str, shown: str
) -> None:
    """The raw text breaks the diagram or loses words; the same text from cjm renders."""
    raw = f"journey\n    title T\n    section S\n        {action}: 4: Olek\n"
    broken = mermaid.render(raw)
    if raw_outcome == "rejected":
        assert not broken.ok
        assert broken.error is not None and broken.error.startswith("Parse error on line ")
    elif raw_outcome == "lost":
        assert broken.ok, broken.error
        assert "Pays" in broken.text and "the card is refused" not in broken.text
    else:
        assert broken.ok, broken.error
        assert "search finds nothing: 4: Olek" in broken.text  # the title, not a task
        assert "Title search" not in broken.text

    workspace = load(tmp_path, HAND_MADE.replace("action: Finds the shop", f'action: "{action}"'))
    journey = workspace.journeys["first-order"]
    rendered = mermaid.render(journey_mermaid(workspace, journey))
    assert rendered.ok, rendered.error
    assert _squeezed(shown) in _squeezed(rendered.text)
