"""The Graphviz diagram fits a page: rows of steps, pain points by their words, A4 PDF.

A 20-step journey used to be one strip 15 times wider than high, with text about 3 px
high when fitted to a screen, and a PDF page no printer takes. The rows are ours (pure
Python, checked exactly); the sizes are Graphviz's, checked against the bounds that
matter: at most 4:1 either way, text of at least 10 pt in the SVG, and on the PDF's one
A4 landscape page no glyph under 6 pt.
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

import cjm
from cjm.model import Phase, Stage, Step
from cjm.render.graph import (
    _first_words,
    _notes,
    _page_rows,
    _rows,
    journey_dot,
    render_graphs,
)
from cjm.workspace import Workspace
from tests.conftest import EXAMPLES
from tests.render.needs import need_dot, require
from tests.render.samples import load

SVG = "{http://www.w3.org/2000/svg}"
WORD_JOINER = "\u2060"
EXAMPLE_NAMES = sorted(path.name for path in EXAMPLES.iterdir() if (path / "cjm.yaml").is_file())
#: Every example journey, as (example, journey id).
EXAMPLE_JOURNEYS = [
    (name, journey_id)
    for name in EXAMPLE_NAMES
    for journey_id in sorted(cjm.load_workspace(EXAMPLES / name).journeys)
]
A4_LANDSCAPE = (842, 595)


@pytest.fixture(scope="module")
def workspaces() -> dict[str, Workspace]:
    return {name: cjm.load_workspace(EXAMPLES / name) for name in EXAMPLE_NAMES}


def need_pdfplumber() -> None:
    missing = importlib.util.find_spec("pdfplumber") is None
    require("pdfplumber is not installed (pip install -e '.[test]')" if missing else None)


def svg_size(path: Path) -> tuple[float, float]:
    root = ElementTree.parse(path).getroot()
    return float(root.attrib["width"].removesuffix("pt")), float(
        root.attrib["height"].removesuffix("pt")
    )


def svg_text(path: Path) -> str:
    """Every text node of the SVG, whitespace collapsed (see test_graph.svg_text)."""
    tree = ElementTree.parse(path)
    pieces = [element.text for element in tree.iter(f"{SVG}text") if element.text]
    return " ".join(" ".join(pieces).replace(WORD_JOINER, "").split())


def row_names(stages: tuple[Stage, ...], *, page: bool = False) -> list[list[str]]:
    rows = _page_rows(stages) if page else _rows(stages)
    return [
        [
            part.stage.name + ("" if part.piece is None else f" {part.piece[0]}/{part.piece[1]}")
            for part in row.parts
        ]
        for row in rows
    ]


def stage(name: str, phase: Phase | None, steps: int) -> Stage:
    return Stage(
        name=name,
        phase=phase,
        steps=tuple(Step(action=f"{name} {number}") for number in range(1, steps + 1)),
    )


# Rows: pure Python, exact.

#: Each example journey's rows on screen (SVG, PNG), stage names; "n/m" is a piece.
SCREEN_ROWS = {
    "buy-and-have": [
        ["Sensitization", "Consideration"],
        ["Registration"],
        ["Customer service"],
        ["Loyalty"],
    ],
    "buy-and-have-ideal": [
        ["Sensitization", "Consideration"],
        ["Registration"],
        ["Customer service"],
        ["Loyalty"],
    ],
    "annual-checkup": [["Awareness", "Interest", "Desire"], ["Action"], ["Loyalty"]],
    "booking-a-specialist": [["Awareness", "Interest", "Desire"], ["Action"], ["Loyalty"]],
    "finding-a-diagnosis": [["Awareness", "Interest", "Desire"], ["Action"], ["Loyalty"]],
    "ongoing-treatment": [["Awareness", "Interest", "Desire"], ["Action"], ["Care", "Loyalty"]],
    "smm-course-journey": [
        ["Recognizing the need"],
        ["Researching options"],
        ["Making a decision"],
        ["Purchase"],
        ["Training and after-sales support"],
        ["After-sales support and recommendations"],
    ],
    "dental-first-visit": [["Looking for a dentist"], ["Booking the visit"]],
}

#: On the PDF's page: stages packed, rows as long as fills the page best.
PAGE_ROWS = {
    "buy-and-have": [
        ["Sensitization", "Consideration"],
        ["Registration"],
        ["Customer service"],
        ["Loyalty 1/2"],
        ["Loyalty 2/2"],
    ],
    "buy-and-have-ideal": [
        ["Sensitization", "Consideration"],
        ["Registration"],
        ["Customer service"],
        ["Loyalty 1/2"],
        ["Loyalty 2/2"],
    ],
    "annual-checkup": [
        ["Awareness", "Interest"],
        ["Desire"],
        ["Action"],
        ["Loyalty"],
    ],
    "booking-a-specialist": [
        ["Awareness", "Interest"],
        ["Desire"],
        ["Action"],
        ["Loyalty"],
    ],
    "finding-a-diagnosis": [["Awareness", "Interest", "Desire"], ["Action"], ["Loyalty"]],
    "ongoing-treatment": [
        ["Awareness", "Interest", "Desire"],
        ["Action"],
        ["Care 1/2"],
        ["Care 2/2", "Loyalty"],
    ],
    "smm-course-journey": [
        ["Recognizing the need"],
        ["Researching options"],
        ["Making a decision"],
        ["Purchase"],
        ["Training and after-sales support"],
        ["After-sales support and recommendations"],
    ],
    "dental-first-visit": [["Looking for a dentist"], ["Booking the visit"]],
}


@pytest.mark.parametrize(("example", "journey_id"), EXAMPLE_JOURNEYS)
def test_rows_of_every_example(
    workspaces: dict[str, Workspace], example: str, journey_id: str
) -> None:
    stages = workspaces[example].journeys[journey_id].stages
    assert row_names(stages) == SCREEN_ROWS[journey_id]
    assert row_names(stages, page=True) == PAGE_ROWS[journey_id]


def test_a_phase_of_at_most_eight_steps_is_one_row() -> None:
    stages = (
        stage("A", Phase.PRE_PURCHASE, 3),
        stage("B", Phase.PRE_PURCHASE, 5),
        stage("C", Phase.PURCHASE, 2),
    )
    assert row_names(stages) == [["A", "B"], ["C"]]
    first, second = _rows(stages)
    assert (first.phase, first.continued) == (Phase.PRE_PURCHASE, False)
    assert (second.phase, second.continued) == (Phase.PURCHASE, False)


def test_a_longer_phase_gets_a_row_per_stage() -> None:
    stages = (
        stage("A", Phase.POST_PURCHASE, 3),
        stage("B", Phase.POST_PURCHASE, 6),
        stage("C", Phase.PURCHASE, 2),
    )
    assert row_names(stages) == [["A"], ["B"], ["C"]]
    assert [row.continued for row in _rows(stages)] == [False, True, False]


def test_a_long_stage_is_cut_into_even_rows() -> None:
    rows = _rows((stage("A", Phase.PURCHASE, 9), stage("B", Phase.PURCHASE, 17)))
    pieces = [
        [(part.piece, part.offset, len(part.steps), part.first_step)]
        for row in rows
        for part in row.parts
    ]
    assert pieces == [
        [((1, 2), 0, 5, 1)],
        [((2, 2), 5, 4, 6)],
        [((1, 3), 0, 6, 10)],
        [((2, 3), 6, 6, 16)],
        [((3, 3), 12, 5, 22)],
    ]


def test_stages_without_phase_share_rows_like_a_phase() -> None:
    stages = (stage("A", None, 2), stage("B", None, 2), stage("C", Phase.PURCHASE, 1))
    assert row_names(stages) == [["A", "B"], ["C"]]
    assert _rows(stages)[0].phase is None


def test_one_long_row_is_cut_in_two() -> None:
    """Five steps in one row can be wider than 4:1: such a diagram gets two rows."""
    assert row_names((stage("A", Phase.PURCHASE, 4),)) == [["A"]]
    assert row_names((stage("A", Phase.PURCHASE, 5),)) == [["A 1/2"], ["A 2/2"]]
    assert row_names((stage("A", None, 3), stage("B", None, 3))) == [["A"], ["B"]]


def test_an_empty_stage_takes_a_place_in_its_row() -> None:
    stages = (stage("A", Phase.PURCHASE, 8), stage("B", Phase.PURCHASE, 0))
    assert row_names(stages) == [["A"], ["B"]]


def test_page_rows_pack_stages() -> None:
    stages = tuple(stage(name, Phase.PRE_PURCHASE, 2) for name in "ABCDEF")
    assert row_names(stages) == [["A"], ["B"], ["C"], ["D"], ["E"], ["F"]]
    assert row_names(stages, page=True) == [["A", "B"], ["C", "D"], ["E", "F"]]
    # Four rows of three fill a landscape page better than two of six.
    stages = tuple(stage(name, Phase.PRE_PURCHASE, 3) for name in "ABCD")
    assert row_names(stages, page=True) == [["A"], ["B"], ["C"], ["D"]]


# Pain points and opportunities by their first words.


def test_first_words() -> None:
    assert _first_words("Card refused") == "Card refused"
    assert _first_words("One two three four five six seven") == "One two three four five six…"
    assert _first_words("The   poster\nnames it") == "The poster names it"
    # Whole words up to 34 characters; a word longer than the room is cut.
    assert _first_words("Card refused twice without any reason given") == (
        "Card refused twice without any…"
    )
    assert _first_words("Supercalifragilisticexpialidocious " * 2) == (
        "Supercalifragilisticexpialidociou…"
    )
    assert _first_words("x" * 50) == "x" * 33 + "…"


def test_notes_show_three_then_how_many_more() -> None:
    three = _notes("⚠", ["a", "b", "c"], bold=True)
    assert three == [
        '<font point-size="10"><b>⚠ a</b></font>',
        '<font point-size="10"><b>⚠ b</b></font>',
        '<font point-size="10"><b>⚠ c</b></font>',
    ]
    five = _notes("✚", ["a", "b", "c", "d", "e"], bold=False)
    assert five == [
        '<font point-size="10">✚ a</font>',
        '<font point-size="10">✚ b</font>',
        '<font point-size="10"><i>+3 more</i></font>',
    ]


def test_notes_are_escaped() -> None:
    (line,) = _notes("⚠", ['<b>"x" & {y}</b> \\N'], bold=True)
    assert line == (
        '<font point-size="10"><b>⚠ &lt;b&gt;&quot;x&quot; &amp; {y}&lt;/b&gt; \\\u2060N</b></font>'
    )


def test_the_dot_names_pain_points_and_opportunities(tmp_path: Path) -> None:
    workspace = load(
        tmp_path,
        """
cjm: 1
kind: persona
id: p
name: P
---
cjm: 1
kind: journey
id: j
title: T
persona: p
stages:
  - name: S
    phase: purchase
    steps:
      - action: Pays
        pain_points: [Card refused twice without any reason given at all, Slow, Rude, Lost]
        opportunities: [{text: Explain why a card is refused, impact: high}]
""",
    )
    source = journey_dot(workspace, workspace.journeys["j"])
    assert "<b>⚠ Card refused twice without any…</b>" in source
    assert "<b>⚠ Slow</b>" in source and "<b>⚠ Rude</b>" not in source
    assert "<i>+2 more</i>" in source
    assert "✚ Explain why a card is refused" in source


# Through the real dot.


@pytest.mark.parametrize(("example", "journey_id"), EXAMPLE_JOURNEYS)
def test_every_example_svg_fits_a_screen(
    workspaces: dict[str, Workspace], tmp_path: Path, example: str, journey_id: str
) -> None:
    need_dot()
    workspace = workspaces[example]
    journey = workspace.journeys[journey_id]
    (svg,) = render_graphs(workspace, [journey], "svg", tmp_path)
    width, height = svg_size(svg)
    assert 1 / 4 <= width / height <= 4, (width, height)
    sizes = {
        float(element.attrib["font-size"]) for element in ElementTree.parse(svg).iter(f"{SVG}text")
    }
    assert min(sizes) >= 10, sorted(sizes)
    shown = svg_text(svg)
    notes = 0
    for each in journey.stages:
        for step in each.steps:
            for text in [pain.text for pain in step.pain_points][:3] + [
                idea.text for idea in step.opportunities
            ][:3]:
                first = " ".join(text.split()[:2])
                assert first in shown, (journey_id, text)
                notes += 1
    assert "pain point " not in shown.replace("⚠ pain point ✚", "")
    assert notes == NOTES[journey_id]


#: Pain points and opportunities each example shows (at most three of each per step).
NOTES = {
    "buy-and-have": 22,
    "buy-and-have-ideal": 2,
    "annual-checkup": 8,
    "booking-a-specialist": 4,
    "finding-a-diagnosis": 9,
    "ongoing-treatment": 7,
    "smm-course-journey": 18,
    "dental-first-visit": 1,
}


@pytest.mark.parametrize(("example", "journey_id"), EXAMPLE_JOURNEYS)
def test_every_example_pdf_is_one_legible_a4_landscape_page(
    workspaces: dict[str, Workspace], tmp_path: Path, example: str, journey_id: str
) -> None:
    need_dot()
    need_pdfplumber()
    import pdfplumber

    workspace = workspaces[example]
    (pdf,) = render_graphs(workspace, [workspace.journeys[journey_id]], "pdf", tmp_path)
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == 1
        (page,) = document.pages
        assert page.width == pytest.approx(A4_LANDSCAPE[0], abs=2)
        assert page.height == pytest.approx(A4_LANDSCAPE[1], abs=2)
        smallest = min(char["size"] for char in page.chars)
        assert smallest >= 6, smallest
        text = " ".join(page.extract_text().split())
    assert (
        re.sub(r"\s+", " ", workspace.journeys[journey_id].title.split("—")[0]).strip()[:12] in text
    )
