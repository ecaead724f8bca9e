"""The HTML map in a real headless Chromium: what a person sees, and that it is safe.

Debian's Chromium is driven through playwright (``executable_path``; browsers cannot be
downloaded here). Every page is loaded from disk with all network access recorded, so a
page that reached for a CDN or a web font fails the test.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

import cjm
from cjm.render.html import render_journey
from tests.conftest import EXAMPLES, TODAY, run_cli, write
from tests.render.pages import launch
from tests.render.samples import write_shop

WORKSPACES = ["galeria", "smm-course", "clinic", "first-draft"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for the module; without it the tests skip, or fail under CI."""
    yield from launch()


class Visit:
    """A page opened from disk, with its console errors and network requests."""

    def __init__(self, browser: Any, path: Path, *, width: int = 1400, height: int = 1000) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    @property
    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if url != self.url]

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for name in WORKSPACES:
        out = tmp_path_factory.mktemp(f"html-{name}")
        result = run_cli("render", str(EXAMPLES / name), "--format", "html", "--out", str(out))
        assert result.status == 0, result.stderr
        folders[name] = out
    return folders


@pytest.mark.parametrize("name", WORKSPACES)
def test_every_example_page_shows_what_the_yaml_says(
    name: str, rendered: dict[str, Path], browser: Any
) -> None:
    workspace = cjm.load_workspace(EXAMPLES / name)
    for journey in workspace.journeys.values():
        visit = Visit(browser, rendered[name] / f"{journey.id}.html")
        try:
            page = visit.page
            assert visit.errors == []
            assert visit.foreign_requests == []
            assert page.locator("h1").inner_text() == journey.title
            persona = workspace.personas[journey.persona]
            assert page.locator(".persona h2").first.inner_text() == persona.name
            actions = page.locator("td.step .action").all_inner_texts()
            expected = [step.action for stage in journey.stages for step in stage.steps]
            assert [_squash(text) for text in actions] == [_squash(text) for text in expected]
            for cell in page.locator("td.step").all()[:3]:
                assert cell.is_visible()
            emotions = page.locator("svg.curve .current-curve circle").evaluate_all(
                "nodes => nodes.map(n => [Number(n.getAttribute('cx')), Number(n.dataset.emotion)])"
            )
            known = [step.emotion for stage in journey.stages for step in stage.steps]
            assert [emotion for _, emotion in emotions] == [e for e in known if e is not None]
            xs = [x for x, _ in emotions]
            assert xs == sorted(xs), "curve points must follow the steps' order"
        finally:
            visit.close()


@pytest.mark.parametrize("name", WORKSPACES)
def test_index_links_every_journey(name: str, rendered: dict[str, Path], browser: Any) -> None:
    workspace = cjm.load_workspace(EXAMPLES / name)
    visit = Visit(browser, rendered[name] / "index.html")
    try:
        assert visit.errors == [] and visit.foreign_requests == []
        links = visit.page.locator(".journeys a.title").evaluate_all(
            "nodes => nodes.map(n => n.getAttribute('href'))"
        )
        assert links == [f"{key}.html" for key in sorted(workspace.journeys)]
        assert visit.page.locator("svg.spark").count() == len(workspace.journeys)
        rows = visit.page.locator("table.matrix tbody tr:not(.channel)").count()
        inline = {tp.id for journey in workspace.journeys.values() for tp in journey.touchpoints}
        # One journey has no touchpoint x journey matrix: a single column says nothing.
        many = len(workspace.journeys) > 1
        assert rows == (len(set(workspace.touchpoints) | inline) if many else 0)
    finally:
        visit.close()


def test_screenshot_is_a_real_picture(rendered: dict[str, Path], browser: Any) -> None:
    visit = Visit(browser, rendered["galeria"] / "buy-and-have.html")
    try:
        target = rendered["galeria"] / "buy-and-have.png"
        visit.page.screenshot(path=str(target), full_page=False)
        colours = _distinct_colours(target.read_bytes())
        assert colours > 50, "the screenshot looks blank"
    finally:
        visit.close()


def test_baseline_curve_is_drawn_dashed_under_the_ideal(
    rendered: dict[str, Path], browser: Any
) -> None:
    visit = Visit(browser, rendered["galeria"] / "buy-and-have-ideal.html")
    try:
        baseline = visit.page.locator("svg.curve polyline.baseline")
        assert baseline.count() >= 1
        dash = baseline.first.evaluate("n => getComputedStyle(n).strokeDasharray")
        assert dash not in ("", "none")
        assert visit.page.locator("svg.curve .base-point").count() > 5
    finally:
        visit.close()


HOSTILE = '<script>window.__pwned = 1; alert(1)</script><img src=x onerror="alert(2)">'


def test_hostile_text_is_shown_as_text_and_never_runs(tmp_path: Path, browser: Any) -> None:
    _hostile_workspace(tmp_path)
    out = tmp_path / "out"
    result = run_cli("render", str(tmp_path / "ws"), "--out", str(out))
    assert result.status == 0, result.stderr
    html = (out / "evil.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    visit = Visit(browser, out / "evil.html")
    try:
        assert visit.dialogs == []
        assert visit.page.evaluate("() => window.__pwned") is None
        assert visit.page.locator("script").count() == 0
        assert visit.page.locator("img").count() == 0
        assert HOSTILE in visit.page.locator("h1").inner_text()
        assert HOSTILE in visit.page.locator(".persona h2").first.inner_text()
        assert visit.foreign_requests == []
    finally:
        visit.close()
    index = Visit(browser, out / "index.html")
    try:
        page = index.page
        assert index.dialogs == [] and page.evaluate("() => window.__pwned") is None
        assert page.locator("script").count() == 0 and page.locator("img").count() == 0
        # The hostile text is shown as text in every part of the dashboard.
        for selector in (
            ".journey-card a.title",  # card
            "table.heat tbody th",  # heat map row
            "table.heat thead th:nth-child(2)",  # the stage as a column
            "table.off-target th a",  # the metric off target
            ".goal-list a",  # the goal due soon
            ".pain-list a",  # the high pain point
            ".opp-key a",  # the bubble chart's key
            "table.owners tbody th",  # the owner
        ):
            assert HOSTILE in page.locator(selector).first.inner_text(), selector
        label = page.locator("svg.bubbles a").first.get_attribute("aria-label") or ""
        assert HOSTILE in label
    finally:
        index.close()


def test_large_journey_scrolls_with_headers_in_view(tmp_path: Path, browser: Any) -> None:
    _large_workspace(tmp_path / "ws", stages=12, steps=10)
    out = tmp_path / "out"
    assert run_cli("render", str(tmp_path / "ws"), "--out", str(out)).status == 0
    visit = Visit(browser, out / "big.html", width=1280, height=600)
    try:
        page = visit.page
        assert page.locator("td.step").count() == 120
        sizes = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert sizes[0] > sizes[1] * 5, "a wide map widens the page, which scrolls"
        page.evaluate("window.scrollTo(6000, 700)")
        lane = page.locator("tbody th.lane").first.bounding_box()
        stage = page.locator("thead tr.stages th.lane").bounding_box()
        assert lane["x"] == 0, "lane headers stay at the left of the window"
        assert stage["y"] == 30, "stage headers stay at the top, under the phases"
        long_cell = page.locator("td.step").nth(7).bounding_box()
        assert long_cell["width"] < 260, "long text wraps inside its column"
    finally:
        visit.close()


def test_gaps_stay_visible(tmp_path: Path, browser: Any) -> None:
    folder = tmp_path / "ws"
    write(folder, "p.yaml", "cjm: 1\nkind: persona\nid: p\nname: P\n")
    write(
        folder,
        "j.yaml",
        """
        cjm: 1
        kind: journey
        id: gaps
        title: Gaps
        persona: p
        stages:
          - id: a
            name: A
            steps:
              - {id: one, action: One, emotion: 1}
              - {id: two, action: Two}
              - {id: three, action: Three, emotion: -1}
          - id: empty
            name: Empty stage
          - id: c
            name: C
            steps:
              - {id: four, action: Four, emotion: 2}
        """,
    )
    out = tmp_path / "out"
    assert run_cli("render", str(folder), "--out", str(out)).status == 0
    visit = Visit(browser, out / "gaps.html")
    try:
        page = visit.page
        assert page.locator("td.placeholder").first.inner_text() == "No steps in this stage yet"
        assert page.locator("svg.curve polyline.current").count() == 3
        assert page.locator("svg.curve .gap-label").count() == 2
        assert visit.errors == []
    finally:
        visit.close()


def test_same_input_same_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        assert run_cli("render", str(EXAMPLES / "galeria"), "--out", str(out)).status == 0
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_html_snapshot(snapshot: SnapshotAssertion) -> None:
    workspace = cjm.load_workspace(EXAMPLES / "first-draft")
    assert (
        render_journey(workspace, workspace.journeys["dental-first-visit"], today=TODAY) == snapshot
    )


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _hostile_workspace(root: Path) -> None:
    quoted = HOSTILE.replace('"', '\\"')
    folder = root / "ws"
    write(
        folder,
        "p.yaml",
        f'cjm: 1\nkind: persona\nid: evil-persona\nname: "{quoted}"\n'
        f'goals: ["{quoted}"]\npains: ["{quoted}"]\nquote: "{quoted}"\n',
    )
    write(
        folder,
        "t.yaml",
        f'cjm: 1\nkind: touchpoint\nid: evil-tp\nname: "{quoted}"\nchannel: "{quoted}"\n'
        "mode: online\noperator: human\n",
    )
    write(
        folder,
        "j.yaml",
        f'cjm: 1\nkind: journey\nid: evil\ntitle: "{quoted}"\npersona: evil-persona\n'
        f'scenario: "{quoted}"\ntags: ["{quoted}"]\nowner: "{quoted}"\n'
        f'goals: [{{description: "{quoted}", metric: m, due: 2026-12-10}}]\nstages:\n'
        f'  - id: s\n    name: "{quoted}"\n    description: "{quoted}"\n    steps:\n'
        f'      - id: x\n        action: "{quoted}"\n        touchpoint: evil-tp\n'
        f'        emotion: 1\n        feeling: "{quoted}"\n        thoughts: ["{quoted}"]\n'
        f'        pain_points: [{{text: "{quoted}", severity: high}}]\n'
        f"        opportunities:\n"
        f'          - {{text: "{quoted}", impact: high, effort: low, owner: "{quoted}"}}\n'
        f'          - "{quoted}"\n'
        f'        evidence: ["{quoted}"]\n    metrics:\n      - id: m\n        name: "{quoted}"\n'
        f'        value: "{quoted}"\n        target: 3\n        unit: text\n'
        f'      - name: "{quoted}"\n'
        f"        value: 5\n        target: 3\n        better: lower\n",
    )


def _large_workspace(folder: Path, *, stages: int, steps: int) -> None:
    write(folder, "p.yaml", "cjm: 1\nkind: persona\nid: p\nname: Pat\n")
    lines = ["cjm: 1", "kind: journey", "id: big", "title: A very long journey", "persona: p"]
    lines.append("stages:")
    long_text = "A rather long customer action that keeps going " * 3
    for stage in range(stages):
        lines += [f"  - id: stage-{stage}", f"    name: Stage number {stage + 1}", "    steps:"]
        for step in range(steps):
            emotion = (stage + step) % 5 - 2
            lines.append(
                f"      - {{id: s{stage}-{step}, action: '{long_text}{stage}.{step}', "
                f"emotion: {emotion}}}"
            )
    write(folder, "j.yaml", "\n".join(lines) + "\n")


def _distinct_colours(png: bytes) -> int:
    """Distinct pixel colours of a PNG (8-bit RGB/RGBA, as Chromium writes them)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, width, height, channels = 8, b"", 0, 0, 4
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        body = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, _, colour_type = struct.unpack(">IIBB", body[:10])
            channels = 4 if colour_type == 6 else 3
        elif kind == b"IDAT":
            data += body
        position += 12 + length
    raw = zlib.decompress(data)
    stride = width * channels + 1
    colours = set()
    for row in range(0, height, max(height // 60, 1)):
        line = raw[row * stride + 1 : (row + 1) * stride]  # filtered bytes: a fair sample
        colours.update(line[i : i + 3] for i in range(0, len(line), channels * 7))
    return len(colours)


def test_curve_points_sit_above_their_steps(rendered: dict[str, Path], browser: Any) -> None:
    visit = Visit(browser, rendered["galeria"] / "buy-and-have.html", width=1600)
    try:
        centre = (
            "ns => ns.map(n => { const r = n.getBoundingClientRect(); return r.x + r.width / 2 })"
        )
        cells = visit.page.locator("td.step").evaluate_all(centre)
        points = visit.page.locator("svg.curve .current-curve circle").evaluate_all(centre)
        assert len(points) == len(cells)
        assert all(abs(x - y) < 1.5 for x, y in zip(points, cells, strict=True)), (points, cells)
    finally:
        visit.close()


# --- The same behaviour on a workspace written here, so galeria is not special -----------

#: The centre of an element on screen, for "is this point above that cell".
CENTRE_X = "n => { const r = n.getBoundingClientRect(); return r.x + r.width / 2 }"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """:data:`tests.render.samples.SHOP` rendered to HTML through the command."""
    root = tmp_path_factory.mktemp("shop")
    write_shop(root / "ws")
    result = run_cli("render", str(root / "ws"), "--out", str(root / "out"))
    assert result.status == 0, result.stderr
    return root / "out"


def _centre_of_step(page: Any, step_id: str) -> float:
    centre: float = page.locator(f'td.step[data-step="{step_id}"]').evaluate(CENTRE_X)
    return centre


def test_hand_made_baseline_is_dashed_and_matched_by_id_then_baseline_step(
    shop: Path, browser: Any
) -> None:
    """``ideal`` improves on ``now``: search and choose match by id, track by its
    ``baseline_step: receive``; advice (inserted) and unpack match nothing: gaps."""
    visit = Visit(browser, shop / "ideal.html", width=1600)
    try:
        page = visit.page
        assert visit.errors == [] and visit.foreign_requests == []
        baseline = page.locator("svg.curve polyline.baseline")
        assert baseline.count() == 2  # [search] and [choose, track]
        for index in range(2):
            dash = baseline.nth(index).evaluate("n => getComputedStyle(n).strokeDasharray")
            assert dash == "6px, 5px"
        current = page.locator("svg.curve polyline.current")
        assert current.count() == 1
        assert current.first.evaluate("n => getComputedStyle(n).strokeDasharray") == "none"
        points = page.locator("svg.curve .base-point")
        assert points.evaluate_all(
            "ns => ns.map(n => [Number(n.getAttribute('cy')),"
            " n.querySelector('title').textContent])"
        ) == [
            [101.5, "baseline: Searches for a lamp: \u22121 (negative)"],
            [48.5, "baseline: Chooses the cheaper one: +1 (positive)"],
            [128, "baseline: Receives the lamp: \u22122 (very negative)"],
        ]
        centres = points.evaluate_all(f"ns => ns.map({CENTRE_X})")
        for centre, step_id in zip(centres, ["search", "choose", "track"], strict=True):
            assert abs(centre - _centre_of_step(page, step_id)) < 1.5, step_id
        legend = page.locator("p.legend").first.inner_text()
        assert "dashed: baseline \u201cBuying a lamp today\u201d" in legend
    finally:
        visit.close()
    without = Visit(browser, shop / "now.html")
    try:
        assert without.page.locator("svg.curve polyline.baseline").count() == 0
        assert without.page.locator("svg.curve .base-point").count() == 0
        assert "dashed" not in without.page.locator("p.legend").first.inner_text()
    finally:
        without.close()


@pytest.mark.parametrize(
    ("journey_id", "expected"),
    [
        # Every step with an emotion, in order: (step id, emotion, cy = 22 + (2 - e) / 4 * 106).
        ("now", [("search", -1, 101.5), ("choose", 1, 48.5), ("receive", -2, 128)]),
        (
            "ideal",
            [
                ("search", 2, 22),
                ("advice", 1, 48.5),
                ("choose", 2, 22),
                ("track", 1, 48.5),
                ("unpack", 2, 22),
            ],
        ),
    ],
)
def test_hand_made_curve_points_sit_above_their_steps(
    shop: Path, browser: Any, journey_id: str, expected: list[tuple[str, int, float]]
) -> None:
    visit = Visit(browser, shop / f"{journey_id}.html", width=1600)
    try:
        page = visit.page
        points = page.locator("svg.curve .current-curve circle")
        shown = points.evaluate_all(
            "ns => ns.map(n => [Number(n.dataset.emotion), Number(n.getAttribute('cy'))])"
        )
        assert shown == [[emotion, cy] for _, emotion, cy in expected]
        centres = points.evaluate_all(f"ns => ns.map({CENTRE_X})")
        for centre, (step_id, _, _) in zip(centres, expected, strict=True):
            assert abs(centre - _centre_of_step(page, step_id)) < 1.5, (step_id, centre)
    finally:
        visit.close()


def test_hand_made_gaps_sit_above_the_steps_without_emotion(shop: Path, browser: Any) -> None:
    """In ``now``: ``compare`` has no emotion and stage ``pay`` has no steps."""
    visit = Visit(browser, shop / "now.html", width=1600)
    try:
        page = visit.page
        assert page.locator("svg.curve polyline.current").count() == 3
        gaps = page.locator("svg.curve .gap-label")
        assert gaps.evaluate_all("ns => ns.map(n => n.textContent)") == ["no emotion"] * 2
        centres = gaps.evaluate_all(f"ns => ns.map({CENTRE_X})")
        compare = _centre_of_step(page, "compare")
        placeholder = page.locator("tr.lane-actions td.placeholder").evaluate(CENTRE_X)
        assert abs(centres[0] - compare) < 1.5
        assert abs(centres[1] - placeholder) < 1.5
    finally:
        visit.close()


def test_hand_made_index_lists_journeys_personas_and_touchpoints(shop: Path, browser: Any) -> None:
    """The dashboard of SHOP, every value read off the YAML by hand (tests/render/
    test_index.py checks the same data without a browser, and the layout)."""
    visit = Visit(browser, shop / "index.html")
    try:
        page = visit.page
        assert visit.errors == [] and visit.foreign_requests == []
        assert page.locator("h1").inner_text() == "Lamp shop"
        assert page.locator("header p.counts span").all_inner_texts() == [
            "2 journeys",
            "1 persona",
            "2 touchpoints",
            "9 steps",
            "1 pain point",
            "1 opportunity",
        ]
        # "ideal" names "now" as its baseline: one pair, the current journey first.
        pair = page.locator(".journeys li.group")
        assert pair.count() == 1
        assert pair.locator("a.title").evaluate_all(
            "ns => ns.map(n => [n.getAttribute('href'), n.textContent])"
        ) == [["now.html", "Buying a lamp today"], ["ideal.html", "Buying a lamp next year"]]
        assert _squash(pair.locator(".gains").inner_text()) == (
            "Mean emotion \u22120.7 \u2192 +1.6 in \u201cBuying a lamp next year\u201d: +2.3"
        )
        cards = page.locator(".journeys .journey-card")
        assert [_squash(text) for text in cards.locator(".sub").all_inner_texts()] == [
            "Ola \u00b7 current",
            "Ola \u00b7 ideal",
        ]
        assert [_squash(text) for text in cards.locator(".stats").all_inner_texts()] == [
            "mean \u22120.7 4 steps 1 pain point 1 opportunity",
            "mean +1.6 5 steps 0 pain points 0 opportunities",
        ]
        assert cards.locator(".lowest").all_inner_texts() == [
            "Lowest: \u22122 at \u201cReceives the lamp\u201d",
            "Lowest: +1 at \u201cAsks for advice in a chat\u201d",
        ]
        # A sparkline point per step with an emotion: 3 in now, 5 in ideal.
        assert [cards.nth(i).locator("svg.spark circle.point").count() for i in range(2)] == [3, 5]
        assert page.locator(".personas .persona h2").all_inner_texts() == ["Ola"]
        assert page.locator("table.matrix thead a").evaluate_all(
            "ns => ns.map(n => n.getAttribute('href'))"
        ) == ["ideal.html", "now.html"]
        rows = page.locator("table.matrix tbody tr").evaluate_all(
            "rows => rows.map(r => [...r.children].map(c => (c.className + ':' +"
            " c.innerText).replace(/\\s+/g, ' ').trim()))"
        )
        assert rows == [
            [":WEB"],
            [":Web shop online automated", "used v2:+2.0 1 step Look",
             "used v0:0.0 3 steps \u00b7 lowest \u22121 Look"],
            [":NO CHANNEL"],
            [":Courier offline human", "unused:not used \u00b7", "used v-2:\u22122.0 1 step Get"],
        ]  # fmt: skip
    finally:
        visit.close()


def test_hand_made_screenshot_is_a_real_picture(shop: Path, browser: Any) -> None:
    visit = Visit(browser, shop / "now.html")
    try:
        target = shop.parent / "now.png"
        visit.page.screenshot(path=str(target), full_page=True)
        assert _distinct_colours(target.read_bytes()) > 50, "the screenshot looks blank"
    finally:
        visit.close()


def test_hand_made_same_input_same_bytes(tmp_path: Path) -> None:
    """Two renders of the same files, in folders of different names, are byte-identical."""
    outputs = []
    for name in ("first", "second-run"):
        write_shop(tmp_path / name)
        assert (
            run_cli("render", str(tmp_path / name), "--out", str(tmp_path / name / "out")).status
            == 0
        )
        outputs.append(tmp_path / name / "out")
    names = sorted(path.name for path in outputs[0].iterdir())
    assert names == ["ideal.html", "index.html", "now.html"]
    for name in names:
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name


def test_curve_points_take_the_emotion_colour_of_the_step_badge(shop: Path, browser: Any) -> None:
    """One colour class per emotion (:func:`cjm.measures.emotion_class`): the curve's
    point and the step's badge of a +2 step are painted from the same variable."""
    visit = Visit(browser, shop / "ideal.html")
    try:
        page = visit.page
        # A step without evidence has a hollow point: its ring carries the colour.
        fill = page.locator("svg.curve circle.point.v2").first.evaluate(
            "n => getComputedStyle(n)[n.classList.contains('assumed') ? 'stroke' : 'fill']"
        )
        badge = page.locator("span.emotion.v2").first.evaluate(
            "n => getComputedStyle(n).backgroundColor"
        )
        assert fill == badge
        assert fill not in ("rgb(0, 0, 0)", "none", "")
    finally:
        visit.close()
