"""Readable values on the journey page: metrics as "name · value / target", an ideal
journey's metrics as "baseline value → target", goals with their numbers and how far
their date is, counted from a fixed day so the words never depend on the clock.

Expected values are read off the example YAML by hand.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import cjm
from cjm.render.html import environment, render_journey
from cjm.render.view import MetricView, journey_page
from cjm.workspace import Workspace
from tests.conftest import EXAMPLES, run_cli

DAY = datetime.date(2026, 12, 1)


def _galeria() -> Workspace:
    return cjm.load_workspace(EXAMPLES / "galeria")


def _readings(workspace: Workspace, journey: str) -> dict[str, list[str]]:
    page = journey_page(workspace, workspace.journeys[journey], site_title="s", today=DAY)
    return {stage.id: [metric.reading for metric in stage.metrics] for stage in page.stages}


def test_current_metrics_read_value_over_target() -> None:
    assert _readings(_galeria(), "buy-and-have") == {
        "sensitization": ["410,000 / 500,000", "0.6% / 0.9%"],
        "consideration": ["18,500 / 25,000", "7.5% / 12%"],
        "registration": ["1,200 / 2,000", "3 min 10 s / 1 min 30 s", "58% / 75%"],
        "customer-service": ["4 min / 1 min", "4.2% / 0.5%", "4.3 of 5 / 4.6 of 5"],
        "loyalty": ["34% / 45%", "3.1 / 4", "12% / 18%", "1,950 / 3,000"],
    }


def test_ideal_metrics_read_baseline_value_then_target() -> None:
    """No "— no current value": the baseline's metric of the same id gives the start."""
    assert _readings(_galeria(), "buy-and-have-ideal") == {
        "sensitization": ["410,000 → 500,000", "0.6% → 1%"],
        "consideration": ["18,500 → 20,000", "target 1,000"],
        "registration": ["1,200 → 2,500", "3 min 10 s → 1 min", "58% → 90%"],
        "customer-service": ["4 min → 30 s", "4.2% → 0.2%", "4.3 of 5 → 4.7 of 5"],
        "loyalty": ["34% → 50%", "3.1 → 4.5", "12% → 19%", "1,950 → 3,500"],
    }
    workspace = _galeria()
    page = journey_page(
        workspace, workspace.journeys["buy-and-have-ideal"], site_title="s", today=DAY
    )
    installs = page.stages[2].metrics[0]
    assert (installs.value, installs.target, installs.baseline, installs.status_text) == (
        "1,200 → 2,500",
        "2,500",
        "1,200",
        "baseline → target",
    )
    hostess = page.stages[1].metrics[1]
    assert (hostess.value, hostess.baseline, hostess.status_text) == ("—", "", "no current value")


def test_units_of_the_smm_course() -> None:
    """Seconds in hours and minutes, money with cents, a score with its scale (1 to 5)."""
    workspace = cjm.load_workspace(EXAMPLES / "smm-course")
    readings = _readings(workspace, "smm-course-journey")
    assert readings["recognizing-need"] == ["1.1% / 1.5%", "3.80 / 3.00"]
    assert readings["purchase"] == ["62% / 80%", "4.9 s / 2 s", "420 / 460"]
    assert readings["training"] == ["57% / 75%", "72 h / 4 h", "3.9 of 5 / 4.5 of 5"]


def test_goals_with_numbers_and_due_distance() -> None:
    workspace = _galeria()
    current = journey_page(workspace, workspace.journeys["buy-and-have"], site_title="s", today=DAY)
    assert [goal.numbers for goal in current.goals] == [
        "1,200 of 2,000 · due in 5 months",
        "4.2%, target 0.5% or less · due in 2 months",
        "4 min, target 1 min or less · due in 3 months",
        "34% of 45% · due in 9 months",
    ]
    ideal = journey_page(
        workspace, workspace.journeys["buy-and-have-ideal"], site_title="s", today=DAY
    )
    assert [(goal.progress, goal.due_text, goal.status_text) for goal in ideal.goals] == [
        ("baseline 1,200 → 2,500", "due in 9 months", ""),
        ("baseline 58% → 90%", "due in 9 months", ""),
        ("baseline 4.2% → 0.2%", "due in 6 months", ""),
        ("baseline 34% → 50%", "due in 12 months", ""),
    ]
    assert [goal.status_text for goal in current.goals] == [
        "below target",
        "above target",
        "above target",
        "below target",
    ]


def test_goal_past_its_date_is_overdue() -> None:
    workspace = _galeria()
    later = datetime.date(2027, 6, 1)
    page = journey_page(workspace, workspace.journeys["buy-and-have"], site_title="s", today=later)
    assert [goal.due_text for goal in page.goals] == [
        "overdue since 2027-05-31",
        "overdue since 2027-02-28",
        "overdue since 2027-03-31",
        "due in 3 months",
    ]


def test_metric_chip_puts_the_value_beside_the_name() -> None:
    chip = environment().get_template("macros.html.j2").module.metric_chip  # type: ignore[attr-defined]
    metric = MetricView(
        name="App installs per month",
        value="1,200",
        target="2,000",
        better="higher",
        status="missed",
        status_text="below target",
        source="App stores",
        reading="1,200 / 2,000",
    )
    assert str(chip(metric)) == (
        '<span class="metric-chip missed" title="higher is better · below target · App stores">'
        '<span class="name">App installs per month</span> · '
        '<span class="val">1,200 / 2,000</span> <span class="mark" aria-hidden="true">✘</span>'
        '<span class="sr-only"> (below target)</span></span>'
    )


def test_page_is_the_same_for_the_same_day() -> None:
    workspace = _galeria()
    journey = workspace.journeys["buy-and-have"]
    first = render_journey(workspace, journey, today=DAY)
    assert render_journey(workspace, journey, today=DAY) == first
    assert "410,000" in first
    assert "3 min 10 s" in first


def test_render_today_option(in_tmp: Path) -> None:
    result = run_cli("render", str(EXAMPLES / "galeria"), "--out", "out", "--today", "2026-12-01")
    assert result.status == 0, result.stderr
    bad = run_cli("render", str(EXAMPLES / "galeria"), "--out", "out", "--today", "1 Dec")
    assert bad.status == 2
    assert bad.stderr.strip() == "cjm: error: --today '1 Dec' is not a date written YYYY-MM-DD"
