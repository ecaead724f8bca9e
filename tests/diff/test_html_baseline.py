"""``cjm diff --baseline ID --format html`` draws the baseline as the journey page does.

Both pages take the step pairing from :mod:`cjm.matching`: a baseline step replaced by
an ideal step is a point on the dashed line, one nothing replaces is a ghost point, and
both pages name the same (step, score) points in the same words. The workspace is
``TODAY`` and ``IDEAL`` of :mod:`tests.render.samples`; diff columns are 168 wide and
hold the removed steps too, so x is ``168 * n + 84`` over the merged columns.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import cjm
from cjm.diff import Op
from cjm.diff.change import Change
from cjm.diff.compare import compare_journeys
from cjm.diff.html import format_html
from cjm.render.html import render_journey
from tests.conftest import EXAMPLES, TODAY, run_cli
from tests.render.samples import write_cards
from tests.render.svg_points import Point, points, polylines, texts

GHOST = "baseline step with no counterpart: "


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_cards(tmp_path_factory.mktemp("cards"))


@pytest.fixture(scope="module")
def diff_page(cards: Path) -> str:
    result = run_cli("diff", "--baseline", "card-ideal", "-w", str(cards), "-f", "html")
    assert result.status == 0, result.stderr
    return result.stdout


def test_matched_points_sit_under_the_replacing_step(diff_page: str) -> None:
    """Merged columns: browse, applies, gets-tips | picks-up-locker, calls-support,
    checks-tracking | writes-complaint | activates, no-feeling, adds-to-wallet."""
    assert points(diff_page, "old-dot") == [
        Point(84, 42, "baseline: Browses the card offers: +1 (positive)"),
        Point(252, 70, "baseline: Applies for the card online: 0 (neutral)"),
        Point(588, 98, "baseline: Waits for the courier: \u22121 (negative)"),
        Point(1260, 14, "baseline: Activates the card: +2 (very positive)"),
    ]


def test_unmatched_baseline_steps_are_ghosts_off_the_dashed_line(diff_page: str) -> None:
    assert points(diff_page, "ghost-dot") == [
        Point(756, 126, GHOST + "Calls support about the delay: \u22122 (very negative)"),
        Point(924, 98, GHOST + "Checks the tracking page again: \u22121 (negative)"),
        Point(1092, 126, GHOST + "Writes a complaint: \u22122 (very negative)"),
    ]
    assert texts(diff_page, "ghost-score") == ["\u22122", "\u22121", "\u22122"]
    # As on the journey page, the new gets-tips breaks the dashed line; the ghosts, which
    # have no column there, are stepped over; no-feeling (no emotion) ends it.
    assert polylines(diff_page, "old-line") == ["84,42 252,70", "588,98 1260,14"]


def test_the_key_explains_the_baseline_curve(diff_page: str) -> None:
    assert (
        '<p class="curve-key"><span class="old">- - - baseline, each step under the step that'
        ' replaces it</span> · <span class="old">◌ hollow ring: a baseline step no step here'
        ' replaces</span> · <span class="new">—— ideal</span></p>'
    ) in diff_page


def test_journey_page_and_diff_page_show_the_same_baseline_points(
    cards: Path, diff_page: str
) -> None:
    workspace = cjm.load_workspace(cards)
    page = render_journey(workspace, workspace.journeys["card-ideal"], today=TODAY)
    assert _titles(page, "base-point") == _titles(diff_page, "old-dot")
    assert _titles(page, "ghost-point") == _titles(diff_page, "ghost-dot")
    assert len(_titles(page, "base-point")) == 4 and len(_titles(page, "ghost-point")) == 3


def test_galeria_pages_agree() -> None:
    galeria = EXAMPLES / "galeria"
    result = run_cli("diff", "--baseline", "buy-and-have-ideal", "-w", str(galeria), "-f", "html")
    assert result.status == 0, result.stderr
    workspace = cjm.load_workspace(galeria)
    page = render_journey(workspace, workspace.journeys["buy-and-have-ideal"], today=TODAY)
    assert _titles(page, "base-point") == _titles(result.stdout, "old-dot")
    assert _titles(page, "ghost-point") == _titles(result.stdout, "ghost-dot")
    assert [title.removeprefix(GHOST)[:24] for title in _titles(page, "ghost-point")] == [
        "Checks the app's ratings",
        "In the evening, before g",
        "Orders a coffee at her f",
    ]


def test_two_versions_keep_the_plain_before_curve(cards: Path, tmp_path: Path) -> None:
    """Between two versions of one journey there is no baseline: a removed step stays a
    point of the old curve, on its line, titled by side, as before."""
    newer = write_cards(tmp_path / "newer")
    today = newer / "journeys" / "today.yaml"
    calls = "      - {id: calls-support, action: Calls support about the delay, emotion: -2}\n"
    text = today.read_text(encoding="utf-8")
    assert calls in text
    today.write_text(text.replace(calls, ""), encoding="utf-8")
    result = run_cli("diff", str(cards), str(newer), "-f", "html")
    assert result.status == 0, result.stderr
    assert points(result.stdout, "ghost-dot") == []
    assert [point.title for point in points(result.stdout, "old-dot")] == [
        "before: +1",
        "before: 0",
        "before: \u22121",
        "before: \u22122",
        "before: \u22121",
        "before: \u22122",
        "before: +2",
    ]
    assert polylines(result.stdout, "old-line") == [
        "84,42 252,70 420,98 588,126 756,98 924,126 1092,14"
    ]
    assert '<p class="curve-key"><span class="old">- - - before</span>' in result.stdout


def test_a_rename_is_shown_as_one(cards: Path) -> None:
    """The comparison is told that activates and its stage were renamed (from older
    ids); the page says so in the step's and the stage's cells, and lists the changes."""
    workspace = cjm.load_workspace(cards)
    comparison = compare_journeys(
        workspace.journeys["card-today"], workspace.journeys["card-ideal"]
    )
    journey = ("journey", "card-ideal")
    step = (journey, ("stage", "use"), ("step", "activates"))
    comparison.changes += [
        Change(Op.RENAMED, "stage", (journey, ("stage", "use")), "id", "using", "use"),
        Change(Op.RENAMED, "step", step, "id", "activates-card", "activates"),
    ]
    page = format_html(comparison)
    assert (
        '<span class="key">activates</span>'
        '<span class="renamed-from">renamed from activates-card</span></td>'
    ) in page
    use = '<span class="mark ">Use</span><span class="renamed-from">renamed from using</span>'
    assert use in page
    assert '<td class="op"><span class="badge renamed">renamed</span></td>' in page


def _titles(html: str, css_class: str) -> list[str]:
    return sorted(point.title for point in points(html, css_class))
