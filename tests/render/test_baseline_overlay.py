"""The ideal journey's baseline overlay: honest points, no invented values, no hidden dips.

An ideal journey is drawn over its baseline's emotions: a baseline step is drawn at the
column of the ideal step that replaces it (same id, or named by ``baseline_step``),
never by position, and a baseline step nothing replaces stays on the page as a ghost
point in its stage. The expected numbers are read off ``TODAY`` and ``IDEAL`` in
:mod:`tests.render.samples` by hand: columns are 208 wide, so column ``n``'s middle is
``208 * n + 104``, and an emotion ``e`` sits at ``y = 22 + (2 - e) / 4 * 106``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import cjm
from cjm.render.baseline import ghost_xs
from cjm.render.html import render_journey
from tests.conftest import EXAMPLES, run_cli, write
from tests.conftest import TODAY as FIXED_DAY
from tests.render.needs import need_chromium
from tests.render.samples import CHROMIUM, LAUNCH_ARGS, TODAY, write_cards
from tests.render.svg_points import Point, points, polylines, texts

#: The baseline steps some ideal step replaces, at that step's column: browse and
#: applies by id (columns 0, 1), waits-courier by ``baseline_step`` (column 3: the Wait
#: stage's one column), activates by id (column 4). gets-tips and adds-to-wallet are
#: new: no baseline point is drawn for them.
MATCHED = [
    Point(104, 48.5, "baseline: Browses the card offers: +1 (positive)"),
    Point(312, 75, "baseline: Applies for the card online: 0 (neutral)"),
    Point(728, 101.5, "baseline: Waits for the courier: \u22121 (negative)"),
    Point(936, 22, "baseline: Activates the card: +2 (very positive)"),
]

#: The baseline steps nothing replaces, in the Wait column (624 to 832): its own two,
#: and the one of the dropped Complain stage, which comes after Wait in the baseline.
#: Three ghosts, two slots: the left half takes two (676 - 19, 676 + 19), the right one.
#: "Reads the terms" has no emotion, so no point.
GHOST = "baseline step with no counterpart: "
GHOSTS = [
    Point(657, 128, GHOST + "Calls support about the delay: \u22122 (very negative)"),
    Point(695, 101.5, GHOST + "Checks the tracking page again: \u22121 (negative)"),
    Point(780, 128, GHOST + "Writes a complaint: \u22122 (very negative)"),
]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    workspace = cjm.load_workspace(write_cards(tmp_path_factory.mktemp("cards")))
    assert not workspace.has_errors, workspace.diagnostics
    return render_journey(workspace, workspace.journeys["card-ideal"], today=FIXED_DAY)


def test_matched_baseline_points_keep_their_scores_at_the_replacing_step(page: str) -> None:
    assert points(page, "base-point") == MATCHED


def test_the_dashed_line_joins_matched_points_and_breaks_at_a_new_step(page: str) -> None:
    """gets-tips (column 2) is new: the line stops there rather than invent a value."""
    assert polylines(page, "baseline") == ["104,48.5 312,75", "728,101.5 936,22"]


def test_dropped_steps_stay_visible_as_ghosts_in_their_stage(page: str) -> None:
    assert points(page, "ghost-point") == GHOSTS
    assert texts(page, "ghost-score") == ["\u22122", "\u22121", "\u22122"]
    # A score is written away from its column's middle, where the matched points sit.
    assert 'x="647.0" y="132.0" text-anchor="end">\u22122</text>' in page
    assert 'x="685.0" y="105.5" text-anchor="end">\u22121</text>' in page
    assert 'x="790.0" y="132.0" text-anchor="start">\u22122</text>' in page


def test_ghosts_never_share_a_point_with_each_other_or_a_column_middle(page: str) -> None:
    middles = {208 * column + 104 for column in range(6)}
    xs = [point.x for point in points(page, "ghost-point")]
    assert len(set(xs)) == len(xs)
    assert all(abs(x - middle) >= 14 for x in xs for middle in middles)


def test_legend_and_accessible_text_say_what_the_ghosts_are(page: str) -> None:
    assert (
        "<span>dashed: baseline \u201cGetting the card today\u201d, each step under the step"
        " that replaces it</span>" in page
    )
    assert (
        '<span><i class="swatch ghost-swatch"></i>hollow ring: a baseline step no step here'
        " replaces, in its stage</span>" in page
    )
    assert (
        "; baseline steps with no counterpart: Calls support about the delay \u22122;"
        " Checks the tracking page again \u22121; Writes a complaint \u22122</desc>" in page
    )


def test_same_ids_everywhere_means_no_ghosts(tmp_path: Path) -> None:
    ideal = TODAY.replace("id: card-today", "id: card-same\nstate: ideal\nbaseline: card-today")
    write_cards(tmp_path)
    write(tmp_path, "journeys/same.yaml", ideal)
    workspace = cjm.load_workspace(tmp_path)
    html = render_journey(workspace, workspace.journeys["card-same"], today=FIXED_DAY)
    assert points(html, "ghost-point") == []
    assert 'class="ghost-swatch"' not in html
    assert [point.title for point in points(html, "base-point")] == [
        "baseline: Browses the card offers: +1 (positive)",
        "baseline: Applies for the card online: 0 (neutral)",
        "baseline: Waits for the courier: \u22121 (negative)",
        "baseline: Calls support about the delay: \u22122 (very negative)",
        "baseline: Checks the tracking page again: \u22121 (negative)",
        "baseline: Writes a complaint: \u22122 (very negative)",
        "baseline: Activates the card: +2 (very positive)",
    ]


def test_a_baseline_with_no_stage_in_common_spreads_ghosts_over_the_curve(
    tmp_path: Path,
) -> None:
    """Every stage renamed and re-keyed: the two ghosts share the curve's 2 columns."""
    write_cards(tmp_path)
    write(
        tmp_path,
        "journeys/other.yaml",
        """
        cjm: 1
        kind: journey
        id: card-other
        title: Another way
        persona: ola
        state: ideal
        baseline: card-today
        stages:
          - id: somewhere
            name: Somewhere
            steps:
              - {id: browse, action: Browses, emotion: 2}
              - {id: activates, action: Activates, emotion: 2}
        """,
    )
    workspace = cjm.load_workspace(tmp_path)
    html = render_journey(workspace, workspace.journeys["card-other"], today=FIXED_DAY)
    ghosts = points(html, "ghost-point")
    # applies, waits-courier, calls-support, checks-tracking, writes-complaint: 5 ghosts
    # in 4 slots of columns 0-1; the first slot (at 52) takes two: 52 -/+ 19.
    assert [(point.x, point.title.split(": ")[1]) for point in ghosts] == [
        (33, "Applies for the card online"),
        (71, "Waits for the courier"),
        (156, "Calls support about the delay"),
        (260, "Checks the tracking page again"),
        (364, "Writes a complaint"),
    ]


@pytest.mark.parametrize(
    ("first", "span", "count", "expected"),
    [
        (0, 1, 1, [156.0]),  # right of the middle (104)
        (3, 1, 2, [676.0, 780.0]),  # both halves of column 3
        (0, 2, 1, [260.0]),
        (1, 2, 3, [260.0, 468.0, 572.0]),
        (3, 1, 3, [657.0, 695.0, 780.0]),
    ],
)
def test_ghost_slots(first: int, span: int, count: int, expected: list[float]) -> None:
    assert ghost_xs(first, span, count, 208) == expected


def test_the_galeria_ideal_keeps_its_dropped_steps_as_ghosts() -> None:
    workspace = cjm.load_workspace(EXAMPLES / "galeria")
    html = render_journey(workspace, workspace.journeys["buy-and-have-ideal"], today=FIXED_DAY)
    prefix = GHOST
    assert [point.title.removeprefix(prefix)[:30] for point in points(html, "ghost-point")] == [
        "Orders a coffee at her favouri",
        "In the evening, before going t",
        "Checks the app's ratings and r",
    ]
    matched = {point.title for point in points(html, "base-point")}
    wont_open = "Clicks into the app, but the discount code will not open"
    assert f"baseline: {wont_open}: \u22122 (very negative)" in matched


# --- In a real browser: the ghosts are painted, legible and the page has no errors ----


def test_galeria_ideal_in_chromium(tmp_path: Path) -> None:
    need_chromium()
    from playwright.sync_api import sync_playwright

    result = run_cli("render", str(EXAMPLES / "galeria"), "--out", str(tmp_path / "out"))
    assert result.status == 0, result.stderr
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto((tmp_path / "out" / "buy-and-have-ideal.html").resolve().as_uri())
            ghosts = page.locator("svg.curve circle.ghost-point")
            assert ghosts.count() == 3
            painted = ghosts.evaluate_all(_PAINT)
            assert painted == [
                ["rgb(255, 255, 255)", "rgb(154, 154, 154)", "3px, 2px", "visible"],
                ["rgb(255, 255, 255)", "rgb(154, 154, 154)", "3px, 2px", "visible"],
                ["rgb(255, 255, 255)", "rgb(153, 142, 195)", "3px, 2px", "visible"],
            ]
            scores = page.locator("svg.curve text.ghost-score")
            assert scores.evaluate_all("ns => ns.map(n => n.textContent)") == ["0", "0", "+1"]
            _screenshot(page, tmp_path)
        finally:
            browser.close()
    assert errors == []


_PAINT = """ns => ns.map(n => { const s = getComputedStyle(n);
  return [s.fill, s.stroke, s.strokeDasharray, s.visibility] })"""


def _screenshot(page: Any, folder: Path) -> None:
    """The curve scrolled to the Registration stage, kept for a person to look at."""
    page.locator('td.step[data-step="sees-first-reward"]').scroll_into_view_if_needed()
    png = page.locator("td.curve").screenshot()
    assert png.startswith(b"\x89PNG")
    (folder / "galeria-ideal-curve.png").write_bytes(png)
