"""The curve tells how well it is known: solid points for steps with evidence, hollow
for assumptions; an evidence strip per stage; the gain or loss against the baseline
shaded; a text alternative (step → emotion); every point with a tooltip.

The workspace is small enough to compute every coordinate by hand: columns are 208 px
wide (centres 104, 312, 520) and the curve 150 px high with 22 px of padding, so
+2 is at y 22, +1 at 48.5, 0 at 75, -1 at 101.5 and -2 at 128.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cjm
from cjm.render.html import environment, render_journey
from cjm.render.view import CurveRow, Shade, StageView, journey_page
from cjm.workspace import Workspace
from tests.conftest import TODAY
from tests.render.pages import launch
from tests.render.samples import write

FILES = {
    "cjm.yaml": "cjm: 1\nname: Tea shop\n",
    "personas/ida.yaml": "cjm: 1\nkind: persona\nid: ida\nname: Ida\n",
    "journeys/now.yaml": """
        cjm: 1
        kind: journey
        id: now
        title: Tea today
        persona: ida
        state: current
        stages:
          - id: buy
            name: Buy
            steps:
              - {id: find, action: Finds the tea, emotion: -1, evidence: [Interviews]}
              - {id: pay, action: Pays at the till, emotion: 0}
              - {id: sip, action: Sips the tea, emotion: 1, evidence: [Survey]}
          - id: gone
            name: Gone
            steps:
              - {id: queue, action: Queues again, emotion: -2}
        """,
    "journeys/ideal.yaml": """
        cjm: 1
        kind: journey
        id: ideal
        title: Tea tomorrow
        persona: ida
        state: ideal
        baseline: now
        stages:
          - id: buy
            name: Buy
            steps:
              - {id: find, action: Finds the tea at once, emotion: 1, evidence: [Pilot]}
              - {id: pay, action: Pays by card, emotion: -1}
              - {id: sip, action: Sips it warm, emotion: 2}
          - id: after
            name: After
        """,
}


@pytest.fixture(scope="module")
def tea(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    folder = tmp_path_factory.mktemp("tea")
    for name, text in FILES.items():
        write(folder, name, text)
    workspace = cjm.load_workspace(folder)
    assert not workspace.has_errors, workspace.diagnostics
    return workspace


def test_points_are_solid_with_evidence_and_hollow_without(tea: Workspace) -> None:
    page = journey_page(tea, tea.journeys["ideal"], site_title="t", today=TODAY)
    assert [(point.x, point.evidence, point.label) for point in page.curve.current.points] == [
        (104.0, True, "Finds the tea at once: +1 (positive)"),
        (312.0, False, "Pays by card: \u22121 (negative) (assumption: no evidence)"),
        (520.0, False, "Sips it warm: +2 (very positive) (assumption: no evidence)"),
    ]
    html = render_journey(tea, tea.journeys["ideal"], today=TODAY)
    circles = re.findall(
        r'<circle class="point ([^"]*)" data-emotion="(-?\d)" data-evidence="(\w+)"', html
    )
    assert circles == [("v1", "1", "yes"), ("v-1 assumed", "-1", "no"), ("v2 assumed", "2", "no")]


def test_evidence_share_per_stage(tea: Workspace) -> None:
    page = journey_page(tea, tea.journeys["ideal"], site_title="t", today=TODAY)
    assert [(s.id, s.evidence_share, s.evidence_text) for s in page.stages] == [
        ("buy", 0.3333, "1 of 3 steps backed by evidence"),
        ("after", 0.0, "no steps, no evidence"),
    ]
    now = journey_page(tea, tea.journeys["now"], site_title="t", today=TODAY)
    assert [(s.evidence_share, s.evidence_text) for s in now.stages] == [
        (0.6667, "2 of 3 steps backed by evidence"),
        (0.0, "0 of 1 step backed by evidence"),
    ]


def test_evidence_strip_macro(tea: Workspace) -> None:
    strip = environment().get_template("macros.html.j2").module.evidence_strip  # type: ignore[attr-defined]
    stage = journey_page(tea, tea.journeys["ideal"], site_title="t", today=TODAY).stages[0]
    assert isinstance(stage, StageView)
    assert str(strip(stage)) == (
        '<span class="evidence-strip" title="1 of 3 steps backed by evidence" role="img" '
        'aria-label="Evidence: 1 of 3 steps backed by evidence">'
        '<span style="width:33.33%"></span></span>'
    )


def test_gain_and_loss_are_shaded_between_ideal_and_baseline(tea: Workspace) -> None:
    """Ideal y 48.5, 101.5, 22 over baseline y 101.5, 75, 48.5: the curves cross twice.

    Between 104 and 312 the ideal leads by 53 then trails by 26.5: they cross two
    thirds of the way, at x 242.7, y 83.8. Between 312 and 520 it trails by 26.5 then
    leads by 26.5: they cross half way, at x 416, y 61.8 (61.75 rounded).
    """
    page = journey_page(tea, tea.journeys["ideal"], site_title="t", today=TODAY)
    assert page.curve.shades == (
        Shade("104,48.5 242.7,83.8 104,101.5", "gain"),
        Shade("242.7,83.8 312,101.5 312,75", "loss"),
        Shade("312,101.5 416,61.8 312,75", "loss"),
        Shade("416,61.8 520,22 520,48.5", "gain"),
    )
    html = render_journey(tea, tea.journeys["ideal"], today=TODAY)
    assert re.findall(r'<polygon class="shade (\w+)"', html) == ["gain", "loss", "loss", "gain"]
    assert journey_page(tea, tea.journeys["now"], site_title="t", today=TODAY).curve.shades == ()


def test_curve_has_a_text_alternative(tea: Workspace) -> None:
    page = journey_page(tea, tea.journeys["ideal"], site_title="t", today=TODAY)
    assert page.curve.rows == (
        CurveRow(
            "Finds the tea at once",
            "+1 (positive)",
            "evidence",
            "baseline: Finds the tea: \u22121 (negative)",
        ),
        CurveRow(
            "Pays by card",
            "\u22121 (negative)",
            "assumption",
            "baseline: Pays at the till: 0 (neutral)",
        ),
        CurveRow(
            "Sips it warm",
            "+2 (very positive)",
            "assumption",
            "baseline: Sips the tea: +1 (positive)",
        ),
    )
    html = render_journey(tea, tea.journeys["ideal"], today=TODAY)
    table = html[html.index('<table class="sr-only curve-text">') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", table)
    assert cells[:4] == ["Step", "Emotion", "Known from", "Baseline"]
    assert cells[4:8] == [
        "Finds the tea at once",
        "+1 (positive)",
        "evidence",
        "baseline: Finds the tea: \u22121 (negative)",
    ]
    assert cells[-4:] == [
        "\u2014",
        "no counterpart",
        "",
        "baseline step with no counterpart: Queues again: \u22122 (very negative)",
    ]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


_PAINT = """() => {
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  const solid = style('svg.curve circle.point.v1');
  const hollow = style('svg.curve circle.point.v2.assumed');
  return {line: style('svg.curve polyline.current').stroke,
          solid: [solid.fill, solid.stroke], hollow: [hollow.fill, hollow.stroke],
          chip: style('span.emotion.v2').backgroundColor,
          gain: style('svg.curve polygon.shade.gain').fill};
}"""


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        (
            "light",
            {
                "line": "rgb(74, 77, 82)",
                "solid": ["rgb(153, 142, 195)", "rgb(255, 255, 255)"],
                "hollow": ["rgb(255, 255, 255)", "rgb(84, 39, 136)"],
                "chip": "rgb(84, 39, 136)",
                "gain": "rgb(29, 122, 76)",
            },
        ),
        (
            "dark",
            {
                "line": "rgb(196, 199, 204)",
                "solid": ["rgb(201, 195, 234)", "rgb(29, 31, 34)"],
                "hollow": ["rgb(29, 31, 34)", "rgb(154, 143, 214)"],
                "chip": "rgb(154, 143, 214)",
                "gain": "rgb(127, 214, 164)",
            },
        ),
    ],
)
def test_painted_in_chromium(
    tea: Workspace, tmp_path: Path, browser: Any, scheme: str, expected: dict[str, object]
) -> None:
    """A hollow +2 point is ringed in the +2 chip's colour; the line is never that colour."""
    page_file = tmp_path / "ideal.html"
    page_file.write_text(render_journey(tea, tea.journeys["ideal"], today=TODAY), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(page_file.resolve().as_uri())
        painted = page.evaluate(_PAINT)
    finally:
        context.close()
    assert painted == expected
    assert painted["line"] != painted["chip"]
