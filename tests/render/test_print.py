"""Every example journey page printed by Chromium (A4, Letter and A3 landscape), the PDF
measured with pdfplumber.

Issue 12 found 7 px text, words cut mid-word, cards spilling into the next column,
squashed curve points and a first page holding only the title. Each is a measurement
here: the smallest glyph, words whose boxes overlap, text off the page, the first page's
content, the printed curve's proportions, and every word of every action found whole.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.render.pages import IDS, PAGES, launch, render_examples

FORMATS = ["A4", "Letter", "A3"]
#: The smallest type a printed map may use, in PDF points.
MIN_POINTS = 8.0


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return render_examples(tmp_path_factory)


class Printed:
    """A page printed to PDF, with what the print layout showed before printing."""

    def __init__(self, browser: Any, path: Path, paper: str) -> None:
        page = browser.new_page()
        try:
            page.goto(path.resolve().as_uri())
            page.emulate_media(media="print")
            self.layout: dict[str, Any] = page.evaluate(_LAYOUT)
            self.pdf: bytes = page.pdf(format=paper, landscape=True, print_background=True)
        finally:
            page.close()


#: In print media: the printed blocks' first stage, every action's words, cards that
#: leave their step's cell, and each block's curve's drawn and intended proportions.
_LAYOUT = """() => {
  const sheets = [...document.querySelectorAll('.sheet')];
  const outside = [];
  for (const cell of document.querySelectorAll('.card-step > div')) {
    const box = cell.getBoundingClientRect();
    for (const el of cell.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width && (r.left < box.left - 0.5 || r.right > box.right + 0.5))
        outside.push(el.textContent.slice(0, 30));
    }
  }
  return {
    tableShown: getComputedStyle(document.querySelector('table.map')).display !== 'none',
    firstStage: sheets[0].querySelector('.sheet-head').firstChild.textContent,
    sheets: sheets.length,
    actions: [...document.querySelectorAll('.sheet .action')].map(n => n.textContent),
    outside,
    curves: [...document.querySelectorAll('svg.sheet-curve')].map(svg => {
      const r = svg.getBoundingClientRect();
      const v = svg.viewBox.baseVal;
      return [r.width / r.height, v.width / v.height];
    }),
  };
}"""


def _overlaps(words: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap by more than a hair (a sweep along x)."""
    found = []
    ordered = sorted(words, key=lambda word: word["x0"])
    for index, word in enumerate(ordered):
        for other in ordered[index + 1 :]:
            if other["x0"] >= word["x1"] - 0.5:
                break
            if min(word["bottom"], other["bottom"]) - max(word["top"], other["top"]) > 0.5:
                found.append((word["text"], other["text"]))
    return found


@pytest.mark.parametrize("paper", FORMATS)
@pytest.mark.parametrize(("workspace", "journey"), PAGES, ids=IDS)
def test_printed_map_is_readable(
    site: dict[str, Path], browser: Any, workspace: str, journey: str, paper: str
) -> None:
    import pdfplumber

    printed = Printed(browser, site[workspace] / f"{journey}.html", paper)
    layout = printed.layout
    assert layout["tableShown"] is False, "the screen's wide table is not printed"
    assert layout["outside"] == [], "no card leaves its column"
    for drawn, intended in layout["curves"]:
        assert abs(drawn / intended - 1) < 0.01, "the curve keeps its proportions"
    action_words = {word for action in layout["actions"] for word in _words(action)}
    printed_words: set[str] = set()
    with pdfplumber.open(io.BytesIO(printed.pdf)) as pdf:
        pages = pdf.pages
        assert 1 <= len(pages) <= 2 * layout["sheets"] + 1
        first_text = pages[0].extract_text()
        assert layout["firstStage"] in first_text, "page 1 holds the map, not the title alone"
        for number, page in enumerate(pages, start=1):
            chars = page.chars
            assert chars, f"page {number} is blank"
            smallest = min(char["size"] for char in chars if char["text"].strip())
            assert smallest >= MIN_POINTS - 0.01, (number, smallest)
            off = [
                char["text"]
                for char in chars
                if char["x0"] < 0
                or char["x1"] > page.width
                or char["top"] < 0
                or char["bottom"] > page.height
            ]
            assert off == [], number
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            assert _overlaps(words) == [], number
            printed_words.update(word for entry in words for word in _words(entry["text"]))
    assert action_words - printed_words == set(), "every word of every action printed whole"


def _words(text: str) -> list[str]:
    """Letters and digits between spaces, hyphens and punctuation, as printed."""
    return re.findall(r"[\w']+", text)
