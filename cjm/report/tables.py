"""The report's tables, built from a loaded workspace: one data structure, three formats.

Every status, value and due date is asked of :mod:`cjm.measures`, as the pages and
CJM216 ask it, so a metric "below target" on the page is "below target" here too.
Journeys come in id order and everything inside a journey in the order it is written,
so the same workspace gives the same report byte for byte.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from cjm.measures import (
    due_text,
    format_number,
    format_value,
    goal_overdue,
    metric_gap,
    metric_status,
)
from cjm.measures import status_text as metric_status_text
from cjm.model import JourneyDocument, Metric, Stage, Step
from cjm.workspace import Workspace

#: A cell: text, or a count (evidence coverage) that JSON keeps a number.
Cell = str | int


@dataclass(frozen=True, slots=True)
class Table:
    """One section of the report: its column names and its rows, cells in column order."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class ReportData:
    """The whole report: the day it was judged on and its tables, by section name."""

    today: datetime.date
    tables: dict[str, Table]


OPPORTUNITY_COLUMNS = ("journey", "stage", "step", "text", "impact", "effort", "status", "owner")
METRIC_COLUMNS = (
    "journey", "stage", "metric", "name", "value", "target", "unit", "better", "status",
    "distance",
)  # fmt: skip
GOAL_COLUMNS = ("journey", "goal", "metric", "due", "status", "overdue", "due_text")
PAIN_COLUMNS = ("journey", "stage", "step", "text", "severity")
EVIDENCE_COLUMNS = ("journey", "steps", "steps_with_evidence", "share")


def build_report(workspace: Workspace, today: datetime.date) -> ReportData:
    """The five roll-ups of the journeys the user named (all of them for a folder)."""
    chosen = [
        journey
        for _, journey in sorted(workspace.journeys.items())
        if workspace.in_scope(workspace.entry_of(journey))
    ]
    return ReportData(
        today=today,
        tables={
            "opportunities": Table(
                "Opportunities", OPPORTUNITY_COLUMNS, tuple(_opportunities(chosen))
            ),
            "metrics": Table("Metrics against targets", METRIC_COLUMNS, tuple(_metrics(chosen))),
            "goals": Table("Goals", GOAL_COLUMNS, tuple(_goals(chosen, today))),
            "pain_points": Table("Pain points", PAIN_COLUMNS, tuple(_pains(chosen))),
            "evidence": Table("Evidence coverage", EVIDENCE_COLUMNS, tuple(_evidence(chosen))),
        },
    )


def _steps(journeys: list[JourneyDocument]) -> Iterator[tuple[JourneyDocument, Stage, Step]]:
    for journey in journeys:
        for stage in journey.stages:
            for step in stage.steps:
                yield journey, stage, step


def _opportunities(journeys: list[JourneyDocument]) -> Iterator[tuple[Cell, ...]]:
    for journey, stage, step in _steps(journeys):
        for item in step.opportunities:
            levels = (item.impact, item.effort, item.status)
            yield (
                journey.id,
                stage.name,
                step.action,
                item.text,
                *(level.value if level else "" for level in levels),
                item.owner or "",
            )


def _pains(journeys: list[JourneyDocument]) -> Iterator[tuple[Cell, ...]]:
    for journey, stage, step in _steps(journeys):
        for pain in step.pain_points:
            severity = pain.severity.value if pain.severity else ""
            yield journey.id, stage.name, step.action, pain.text, severity


def _value(raw: object, metric: Metric) -> str:
    """A value as the pages print it; nothing (not a dash) when there is none."""
    return "" if raw is None else format_value(raw, metric)


def _distance(metric: Metric) -> str:
    """How far a missed metric is from its target ("23 pts above"), as the index says."""
    gap = metric_gap(metric)
    return gap[0] if gap else ""


def _metrics(journeys: list[JourneyDocument]) -> Iterator[tuple[Cell, ...]]:
    for journey in journeys:
        for stage in journey.stages:
            for metric in stage.metrics:
                yield (
                    journey.id,
                    stage.name,
                    metric.id or "",
                    metric.name,
                    _value(metric.value, metric),
                    _value(metric.target, metric),
                    metric.unit.value if metric.unit else "",
                    metric.better.value,
                    metric_status_text(metric),
                    _distance(metric),
                )


def _goals(journeys: list[JourneyDocument], today: datetime.date) -> Iterator[tuple[Cell, ...]]:
    for journey in journeys:
        for goal in journey.goals:
            metric = journey.metric_of(goal)
            overdue = goal_overdue(goal.due, metric, today)
            yield (
                journey.id,
                goal.description,
                goal.metric or "",
                goal.due.isoformat() if goal.due else "",
                metric_status(metric).value if metric else "",
                "yes" if overdue else "no",
                due_text(goal.due, today, overdue=overdue) if goal.due else "",
            )


def _evidence(journeys: list[JourneyDocument]) -> Iterator[tuple[Cell, ...]]:
    for journey in journeys:
        steps = [step for stage in journey.stages for step in stage.steps]
        backed = sum(1 for step in steps if step.evidence)
        share = f"{format_number(round(100 * backed / len(steps)))}%" if steps else ""
        yield journey.id, len(steps), backed, share
