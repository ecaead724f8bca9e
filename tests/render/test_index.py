"""The index as a portfolio dashboard: its data read off hand-written YAML, every link
landing on an element of its target page, and every example's index in Chromium at
desktop and phone widths and printed (axe-core runs on it in test_axe.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

import cjm
from cjm.render.bubbles import CELL_BUBBLES, opportunity_chart
from cjm.render.html import render_index
from cjm.render.portfolio import SPARK_WIDTH, index_page
from cjm.render.rollups import rollups
from cjm.workspace import Workspace
from tests.conftest import EXAMPLES, run_cli
from tests.render.pages import launch
from tests.render.samples import load, write_shop

DAY = datetime.date(2026, 12, 1)
MINUS = "\N{MINUS SIGN}"
EXAMPLE_NAMES = ["clinic", "first-draft", "galeria", "smm-course"]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    folder = write_shop(tmp_path_factory.mktemp("shop"))
    workspace = cjm.load_workspace(folder)
    assert not workspace.has_errors, workspace.diagnostics
    return workspace


def _page(workspace: Workspace) -> Any:
    journeys = [workspace.journeys[key] for key in sorted(workspace.journeys)]
    return index_page(workspace, journeys, site_title="t", today=DAY)


# ---------------------------------------------------------------------------------------
# The data, read off tests/render/samples.py SHOP by hand.


def test_shop_cards_pair_the_ideal_with_its_baseline(shop: Workspace) -> None:
    page = _page(shop)
    assert [[card.id for card in group.cards] for group in page.groups] == [["now", "ideal"]]
    (gain,) = page.groups[0].gains
    # now: -1, (none), +1, -2 -> -0.67; ideal: 2, 1, 2, 1, 2 -> +1.6
    assert (gain.before, gain.after, gain.change, gain.css) == (
        f"{MINUS}0.7",
        "+1.6",
        "+2.3",
        "gain",
    )
    now, ideal = page.groups[0].cards
    assert now.spark.width == ideal.spark.width == SPARK_WIDTH
    assert now.spark.lowest == f"{MINUS}2 at \u201cReceives the lamp\u201d"
    assert [point.emotion for point in now.spark.curve.points] == [-1, 1, -2]
    # The step without emotion breaks the line: two segments.
    assert len(now.spark.curve.segments) == 2
    assert now.spark.lowest_x == now.spark.curve.points[-1].x


def test_shop_heat_map_compares_phases_when_stages_differ(shop: Workspace) -> None:
    heat = _page(shop).heat
    assert heat.by == "phase"
    assert heat.columns == ["Pre-purchase", "Purchase", "Post-purchase"]
    cells = {
        row.id: [
            (c.mean, c.lowest, c.pains.number, c.stages, c.href) if c else None for c in row.cells
        ]
        for row in heat.rows
    }
    assert cells == {
        "ideal": [
            ("+1.7", "+1", 0, "Look", "ideal.html#stage-look"),
            None,
            ("+1.5", "+1", 0, "Get", "ideal.html#stage-get"),
        ],
        "now": [
            ("0.0", f"{MINUS}1", 1, "Look", "now.html#stage-look"),
            ("no emotions", "", 0, "Pay", "now.html#stage-pay"),
            (f"{MINUS}2.0", f"{MINUS}2", 0, "Get", "now.html#stage-get"),
        ],
    }


def test_heat_map_by_stage_when_every_journey_has_the_same_stages(tmp_path: Path) -> None:
    journeys = "\n---\n".join(
        f"""
cjm: 1
kind: journey
id: {key}
title: {key}
persona: p
stages:
  - name: Find
    steps: [{{action: Looks, emotion: {low}}}, {{action: Reads, emotion: 1}}]
  - name: " buy "
    steps: [{{action: Pays, emotion: 2, pain_points: [Slow, Dear]}}]
"""
        for key, low in (("a", -2), ("b", 0))
    )
    workspace = load(tmp_path, "cjm: 1\nkind: persona\nid: p\nname: P\n---\n" + journeys)
    heat = _page(workspace).heat
    assert heat.by == "stage" and heat.columns == ["Find", " buy "]
    assert [[(c.mean, c.css, c.pains.number) for c in row.cells if c] for row in heat.rows] == [
        [(f"{MINUS}0.5", "v-1", 0), ("+2.0", "v2", 2)],  # -0.5 rounds away from zero
        [("+0.5", "v1", 0), ("+2.0", "v2", 2)],
    ]
    assert heat.rows[0].cells[1] is not None
    assert heat.rows[0].cells[1].href == "a.html#stage-2"


def test_every_journey_has_one_card_whatever_the_baselines_say(tmp_path: Path) -> None:
    """A chain (c improves on b, which improves on a) and a loop (x and y name each
    other) must not lose a journey or show one twice."""
    docs = ["cjm: 1\nkind: persona\nid: p\nname: P"]
    for key, state, base in (
        ("a", "current", None),
        ("b", "ideal", "a"),
        ("c", "ideal", "b"),
        ("x", "ideal", "y"),
        ("y", "ideal", "x"),
    ):
        line = f"\nbaseline: {base}" if base else ""
        docs.append(
            f"cjm: 1\nkind: journey\nid: {key}\ntitle: {key}\npersona: p\nstate: {state}{line}\n"
            "stages: [{name: S, steps: [{action: Does, emotion: 1}]}]"
        )
    page = _page(load(tmp_path, "\n---\n".join(docs)))
    assert [[card.id for card in group.cards] for group in page.groups] == [
        ["a", "b"],
        ["c"],
        ["x"],
        ["y"],
    ]
    assert page.groups[0].gains[0].change == "\N{PLUS-MINUS SIGN}0.0"


def test_channel_matrix_groups_by_channel_and_sorts_by_name(shop: Workspace) -> None:
    page = _page(shop)
    assert [
        (group.channel, [row.touchpoint.name for row in group.rows]) for group in page.channels
    ] == [("web", ["Web shop"]), ("No channel", ["Courier"])]
    web = page.channels[0].rows[0]
    assert [(c.mean, c.steps.number, c.lowest, c.stages) if c else None for c in web.cells] == [
        ("+2.0", 1, "", "Look"),
        ("0.0", 3, f"{MINUS}1", "Look"),
    ]


def test_one_journey_has_no_channel_matrix(tmp_path: Path) -> None:
    workspace = load(
        tmp_path,
        "cjm: 1\nkind: persona\nid: p\nname: P\n---\ncjm: 1\nkind: journey\nid: j\ntitle: J\n"
        "persona: p\ntouchpoints: [{id: t, name: T, mode: online, operator: human}]\n"
        "stages: [{name: S, steps: [{action: Does, touchpoint: t, emotion: 1}]}]",
    )
    page = _page(workspace)
    assert page.channels == []
    html = render_index(workspace, list(workspace.journeys.values()), today=DAY)
    assert 'id="matrix-title"' not in html and 'href="#matrix-title"' not in html


ROLLUPS = """
cjm: 1
kind: persona
id: p
name: P
---
cjm: 1
kind: journey
id: j
title: Journey
persona: p
goals:
  - {description: Fewer exits, metric: exits, due: 2026-11-30}
  - {description: More sign-ups, metric: signups, due: 2026-12-20}
  - {description: Faster answers, metric: wait, due: 2027-02-01}
  - {description: Already fine, metric: rating, due: 2026-06-01}
  - {description: Someday, due: 2026-12-31}
stages:
  - id: find
    name: Find
    metrics:
      - {id: exits, name: Exit rate, value: 58, target: 35, unit: percent, better: lower}
      - {id: signups, name: Sign-ups, value: 310, target: 400, unit: count}
      - {id: wait, name: Wait, value: 220, target: 60, unit: seconds, better: lower}
      - {id: rating, name: Rating, value: 4.8, target: 4.5, unit: score}
      - {name: Mood, value: good, unit: text}
    steps:
      - action: Looks
        pain_points: [{text: Slow, severity: high}, {text: Ugly, severity: low}, Odd]
        opportunities:
          - {text: Faster page, impact: high, effort: low, status: planned, owner: web}
          - {text: Nicer page, impact: low, effort: high, owner: web}
          - {text: Call-back, status: done, owner: " "}
"""


def test_rollups_off_target_goals_pains_and_owners(tmp_path: Path) -> None:
    workspace = load(tmp_path, ROLLUPS)
    data = rollups(list(workspace.journeys.values()), DAY)
    # Furthest from target first: wait 2.67 of its target, exits 0.66, sign-ups 0.225.
    assert [(row.metric, row.value, row.target, row.gap) for row in data.off_target] == [
        ("Wait", "3 min 40 s", "1 min", "2 min 40 s above"),
        ("Exit rate", "58%", "35%", "23 pts above"),
        ("Sign-ups", "310", "400", "90 below"),
    ]
    assert data.off_target[0].href == "j.html#stage-find"
    assert {row.journey for row in data.off_target} == {""}  # one journey: not named
    assert data.unmeasured.number == 1  # "Mood" is words: not compared
    # Overdue first, then by date; a met goal past its date is not overdue; a goal due
    # in 62 days is not "soon".
    assert [(goal.description, goal.when, goal.overdue) for goal in data.goals_due] == [
        ("Fewer exits", "overdue since 2026-11-30", True),
        ("More sign-ups", "due in 19 days", False),
        ("Someday", "due in 30 days", False),
    ]
    assert data.goals_due[1].href == "j.html#goal-2"
    assert data.next_goal is None
    assert data.soon_until == "2026-12-31"
    assert data.severities == ("high", "medium", "low", "unrated")
    assert [(row.name, row.counts, row.total) for row in data.pains] == [
        ("Journey", [1, 0, 1, 1], 3)
    ]
    assert [(pain.text, pain.href) for pain in data.high_pains] == [("Slow", "j.html#step--1")]
    assert data.statuses == ("idea", "planned", "in-progress", "done", "no status")
    assert [(row.name, row.counts) for row in data.owners] == [
        ("web", [0, 1, 0, 0, 1]),
        ("No owner", [0, 0, 0, 1, 0]),
    ]
    assert data.status_totals == [0, 1, 0, 1, 1, 3]


def test_rollups_name_the_next_goal_when_none_is_due_soon(tmp_path: Path) -> None:
    workspace = load(tmp_path, ROLLUPS)
    data = rollups(list(workspace.journeys.values()), datetime.date(2026, 1, 1))
    assert data.goals_due == []
    assert data.next_goal is not None
    assert (data.next_goal.description, data.next_goal.due) == ("Already fine", "2026-06-01")


def _chart_workspace(tmp_path: Path, crowd: int) -> Workspace:
    steps = [
        "{action: First, opportunities: [{text: Same words, impact: high, effort: low}]}",
        "{action: Second, opportunities: [{text: ' same   WORDS ', impact: high, effort: low}]}",
        "{action: Third, opportunities: [{text: Same words, impact: low, effort: low}]}",
        "{action: Fourth, opportunities: [Not sized]}",
    ]
    steps += [
        f"{{action: Crowd {n}, opportunities: "
        f"[{{text: Idea {n}, impact: medium, effort: medium}}]}}"
        for n in range(crowd)
    ]
    return load(
        tmp_path,
        "cjm: 1\nkind: persona\nid: p\nname: P\n---\ncjm: 1\nkind: journey\nid: j\ntitle: J\n"
        "persona: p\nstages: [{name: S, steps: [" + ", ".join(steps) + "]}]",
    )


def test_chart_merges_one_text_into_one_bubble_sized_by_its_steps(tmp_path: Path) -> None:
    chart = opportunity_chart(list(_chart_workspace(tmp_path, 2).journeys.values()))
    found = [(b.number, b.text, b.impact, b.effort, b.steps.number, b.href) for b in chart.bubbles]
    assert found == [
        (1, "Same words", "high", "low", 2, "j.html#step--1"),
        (2, "Idea 0", "medium", "medium", 1, "j.html#step--5"),
        (3, "Idea 1", "medium", "medium", 1, "j.html#step--6"),
        (4, "Same words", "low", "low", 1, "j.html#step--3"),
    ]
    radii = [bubble.r for bubble in chart.bubbles]
    assert radii[0] > radii[1] == radii[2] == radii[3]
    assert abs((radii[0] / radii[1]) ** 2 - 2) < 0.05, "bubble area follows the step count"
    assert chart.total.number == 6 and chart.unsized_count == 1
    # One journey on the page: its title would repeat on every line, so it is left out.
    assert chart.bubbles[0].where == "First (and 1 more step)"
    # Each bubble lies inside its cell: high impact is the top row, low effort the left.
    top_left = chart.cells[0]
    bubble = chart.bubbles[0]
    assert top_left.name == "Quick wins"
    assert top_left.x < bubble.x - bubble.r and bubble.x + bubble.r < top_left.x + chart.cell_width
    assert top_left.y < bubble.y - bubble.r and bubble.y + bubble.r < top_left.y + chart.cell_height


def test_a_crowded_cell_draws_its_largest_and_counts_the_rest(tmp_path: Path) -> None:
    chart = opportunity_chart(list(_chart_workspace(tmp_path, CELL_BUBBLES + 5).journeys.values()))
    centre = chart.cells[4]  # medium impact, medium effort
    assert centre.more == 5
    drawn = [b for b in chart.bubbles if (b.impact, b.effort) == ("medium", "medium")]
    assert len(drawn) == CELL_BUBBLES
    for one in drawn:  # no two bubbles overlap
        for other in drawn:
            if one is not other:
                assert (one.x - other.x) ** 2 + (one.y - other.y) ** 2 >= (one.r + other.r) ** 2


def test_index_snapshot(shop: Workspace, snapshot: SnapshotAssertion) -> None:
    journeys = [shop.journeys[key] for key in sorted(shop.journeys)]
    assert render_index(shop, journeys, today=DAY) == snapshot


# ---------------------------------------------------------------------------------------
# Every example's index: links land, and the page fits and prints.


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for name in EXAMPLE_NAMES:
        out = tmp_path_factory.mktemp(f"index-{name}")
        result = run_cli("render", str(EXAMPLES / name), "--out", str(out), "--today", "2026-12-01")
        assert result.status == 0, result.stderr
        folders[name] = out
    return folders


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_link_of_the_index_lands_on_an_element(name: str, site: dict[str, Path]) -> None:
    index = _parse(site[name] / "index.html")
    pages: dict[str, _Links] = {"": index}
    checked = 0
    for href in index.hrefs:
        target, _, anchor = href.partition("#")
        if target not in pages:
            assert (site[name] / target).is_file(), href
            pages[target] = _parse(site[name] / target)
        if anchor:
            assert anchor in pages[target].ids, f"{href}: no element with that id"
            checked += 1
    steps = sum(1 for href in index.hrefs if "#step-" in href)
    stages = sum(1 for href in index.hrefs if "#stage-" in href)
    workspace = cjm.load_workspace(EXAMPLES / name)
    # A heat map cell per journey and column at least, a link per sized opportunity.
    assert stages >= len(workspace.journeys)
    if any(
        s.opportunities for j in workspace.journeys.values() for st in j.stages for s in st.steps
    ):
        assert steps > 0
    assert checked >= stages + steps


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const node of document.querySelectorAll('body *')) {
    const box = node.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    let scroller = node.parentElement;
    while (scroller && getComputedStyle(scroller).overflowX !== 'auto') {
      scroller = scroller.parentElement;
    }
    if (!scroller) out.push(node.tagName + ' ' + node.getAttribute('class'));
  }
  return {scroll: document.scrollingElement.scrollWidth, width, out: out.slice(0, 5)};
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_index_fits_the_window(name: str, width: int, site: dict[str, Path], browser: Any) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto((site[name] / "index.html").as_uri())
        found = page.evaluate(_OVERFLOW)
        assert found["scroll"] <= found["width"], found
        assert found["out"] == [], found
        assert errors == []
        # Every sparkline is drawn at the same width, whatever its journey's length.
        widths = page.locator("svg.spark").evaluate_all(
            "ns => ns.map(n => Math.round(n.getBoundingClientRect().width))"
        )
        workspace = cjm.load_workspace(EXAMPLES / name)
        assert len(widths) == len(workspace.journeys)
        assert len(set(widths)) == 1 and widths[0] == min(SPARK_WIDTH, widths[0])
        # The opportunity numbers stay legible on a phone (at least 7 px tall).
        heights = page.locator("svg.bubbles text.bubble-n").evaluate_all(
            "ns => ns.map(n => n.getBoundingClientRect().height)"
        )
        assert all(height >= 7 for height in heights), heights
        assert (page.locator("table.matrix").count() == 1) == (len(workspace.journeys) > 1)
    finally:
        page.close()


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_index_prints_every_word_on_the_page(
    name: str, site: dict[str, Path], browser: Any, tmp_path: Path
) -> None:
    """Printed on A4, no word falls off the paper and every journey's title is there."""
    import pdfplumber

    page = browser.new_page()
    try:
        page.goto((site[name] / "index.html").as_uri())
        pdf = tmp_path / "index.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
    finally:
        page.close()
    words: list[str] = []
    with pdfplumber.open(pdf) as document:
        for sheet in document.pages:
            for word in sheet.extract_words():
                assert word["x0"] >= 0 and word["x1"] <= sheet.width + 0.5, word
                assert word["top"] >= 0 and word["bottom"] <= sheet.height + 0.5, word
                words.append(word["text"])
    text = " ".join(words)
    workspace = cjm.load_workspace(EXAMPLES / name)
    for journey in workspace.journeys.values():
        assert journey.title.split()[0] in text


def test_several_journeys_name_their_journey_on_every_line() -> None:
    workspace = cjm.load_workspace(EXAMPLES / "clinic")
    journeys = [workspace.journeys[key] for key in sorted(workspace.journeys)]
    titles = {journey.title for journey in journeys}
    data = rollups(journeys, DAY)
    assert data.off_target and {row.journey for row in data.off_target} <= titles
    assert data.high_pains and {pain.journey for pain in data.high_pains} <= titles
    chart = opportunity_chart(journeys)
    for bubble in chart.bubbles:
        assert bubble.where.split(" \u00b7 ")[0] in titles, bubble.where
