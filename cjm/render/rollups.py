"""The index's roll-ups: what a review meeting acts on, across every journey on the page.

Metrics off their target (furthest first), goals overdue or falling due soon, pain
points by severity and opportunities by status and owner. Whether a metric misses, how
far, and whether a goal is overdue are :mod:`cjm.measures`' answers, the ones
``cjm report`` and CJM216 give, so the page and the spreadsheet never disagree.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from cjm.measures import (
    DUE_SOON_DAYS,
    MetricStatus,
    due_text,
    format_value,
    goal_due_soon,
    goal_overdue,
    goal_progress,
    metric_gap,
    metric_status,
    status_class,
)
from cjm.model import JourneyDocument, Level, Metric, OpportunityStatus, Stage
from cjm.render.view import Count, counted, linked_steps, stage_link

#: Off-target metrics shown before the rest are folded away (the furthest first), and
#: listed at most: a portfolio of hundreds of journeys points to ``cjm report`` for the
#: rest rather than making a page nobody scrolls.
OFF_TARGET_SHOWN = 8
OFF_TARGET_LISTED = 50
#: High-severity pain points listed at most, in page order.
HIGH_PAINS_LISTED = 25
SEVERITIES = (Level.HIGH.value, Level.MEDIUM.value, Level.LOW.value, "unrated")
STATUSES = (*(status.value for status in OpportunityStatus), "no status")


@dataclass(frozen=True)
class OffTarget:
    journey: str
    stage: str
    href: str
    metric: str
    value: str
    target: str
    gap: str  # "23 pts above", in the metric's unit
    better: str  # "lower" | "higher": which way is better, for the gap's reader


@dataclass(frozen=True)
class GoalDue:
    journey: str
    description: str
    href: str
    numbers: str  # "19, target 7 or less": :func:`cjm.measures.goal_progress`
    due: str
    when: str  # "overdue since 2025-12-31", "due in 12 days"
    overdue: bool
    status: str  # the metric's status class: "met", "missed" or "unknown"


@dataclass(frozen=True)
class CountRow:
    """A row of counts (a journey's pain points by severity, an owner's opportunities
    by status) with its total."""

    name: str
    href: str
    counts: list[int]
    total: int


@dataclass(frozen=True)
class PainItem:
    journey: str
    step: str
    text: str
    href: str


@dataclass(frozen=True)
class Rollups:
    today: str
    due_soon_days: int
    soon_until: str  # the last day "due soon" reaches
    metrics: Count  # every metric on the page
    off_target: list[OffTarget]  # the first OFF_TARGET_LISTED, furthest first
    off_target_count: int  # every metric off target
    off_target_shown: int
    unmeasured: Count  # metrics with no current value or no target to judge them by
    goals: Count
    goals_due: list[GoalDue]  # overdue first, then by due date
    next_goal: GoalDue | None  # the next one to fall due, when none is due soon
    severities: tuple[str, ...]
    pains: list[CountRow]
    pain_totals: list[int]
    high_pains: list[PainItem]  # the first HIGH_PAINS_LISTED
    high_pain_count: int
    statuses: tuple[str, ...]
    owners: list[CountRow]
    status_totals: list[int]


def rollups(journeys: Sequence[JourneyDocument], today: datetime.date) -> Rollups:
    metrics = [
        (journey, index, stage, metric)
        for journey, index, stage in _stages(journeys)
        for metric in stage.metrics
    ]
    missed = []
    for journey, index, stage, metric in metrics:
        gap = metric_gap(metric)
        if gap is not None:
            words, share = gap
            missed.append((share, _off_target(journey, index, stage, metric, words)))
    missed.sort(key=lambda item: -item[0])  # the furthest first; ties keep page order
    unjudged = (MetricStatus.NO_VALUE, MetricStatus.NO_TARGET, MetricStatus.NOT_COMPARED)
    goals = list(_goals(journeys, today))
    due = [goal for goal, soon in goals if goal.overdue or soon]
    due.sort(key=lambda goal: (not goal.overdue, goal.due))
    upcoming = sorted(
        (goal for goal, _ in goals if not goal.overdue and goal.due > today.isoformat()),
        key=lambda goal: goal.due,
    )
    pains = [_severities(journey) for journey in journeys]
    high = list(_high_pains(journeys))
    owners = _owners(journeys)
    if len(journeys) == 1:  # one journey: its name on every line says nothing
        missed = [(share, replace(row, journey="")) for share, row in missed]
        goals = [(replace(goal, journey=""), soon) for goal, soon in goals]
        due = [replace(goal, journey="") for goal in due]
        upcoming = [replace(goal, journey="") for goal in upcoming]
        high = [replace(pain, journey="") for pain in high]
    return Rollups(
        today=today.isoformat(),
        due_soon_days=DUE_SOON_DAYS,
        soon_until=(today + datetime.timedelta(days=DUE_SOON_DAYS)).isoformat(),
        metrics=counted(len(metrics), "metric", "metrics"),
        off_target=[row for _, row in missed[:OFF_TARGET_LISTED]],
        off_target_count=len(missed),
        off_target_shown=OFF_TARGET_SHOWN,
        unmeasured=counted(
            sum(1 for *_, metric in metrics if metric_status(metric) in unjudged),
            "metric",
            "metrics",
        ),
        goals=counted(len(goals), "goal", "goals"),
        goals_due=due,
        next_goal=upcoming[0] if upcoming and not due else None,
        severities=SEVERITIES,
        pains=pains,
        pain_totals=_totals(pains, len(SEVERITIES)),
        high_pains=high[:HIGH_PAINS_LISTED],
        high_pain_count=len(high),
        statuses=STATUSES,
        owners=owners,
        status_totals=_totals(owners, len(STATUSES)),
    )


def _totals(rows: Sequence[CountRow], columns: int) -> list[int]:
    """Each column's sum, then the sum of the totals: a table's last row."""
    return [
        *(sum(row.counts[i] for row in rows) for i in range(columns)),
        sum(r.total for r in rows),
    ]


def _stages(journeys: Sequence[JourneyDocument]) -> Iterator[tuple[JourneyDocument, int, Stage]]:
    for journey in journeys:
        for index, stage in enumerate(journey.stages):
            yield journey, index, stage


def _off_target(
    journey: JourneyDocument, index: int, stage: Stage, metric: Metric, gap: str
) -> OffTarget:
    return OffTarget(
        journey=journey.title,
        stage=stage.name,
        href=stage_link(journey.id, stage.id, index),
        metric=metric.name,
        value=format_value(metric.value, metric),
        target=format_value(metric.target, metric),
        gap=gap,
        better=metric.better.value,
    )


def _goals(
    journeys: Sequence[JourneyDocument], today: datetime.date
) -> Iterator[tuple[GoalDue, bool]]:
    """Every goal with a due date, and whether it falls due soon."""
    for journey in journeys:
        for number, goal in enumerate(journey.goals, start=1):
            if goal.due is None:
                continue
            metric = journey.metric_of(goal)
            overdue = goal_overdue(goal.due, metric, today)
            view = GoalDue(
                journey=journey.title,
                description=goal.description,
                href=f"{journey.id}.html#goal-{number}",
                numbers=goal_progress(metric) if metric else "",
                due=goal.due.isoformat(),
                when=due_text(goal.due, today, overdue=overdue),
                overdue=overdue,
                status=status_class(metric_status(metric)) if metric else "unknown",
            )
            yield view, goal_due_soon(goal.due, today)


def _severities(journey: JourneyDocument) -> CountRow:
    found = Counter(
        pain.severity.value if pain.severity else "unrated"
        for stage in journey.stages
        for step in stage.steps
        for pain in step.pain_points
    )
    counts = [found[severity] for severity in SEVERITIES]
    return CountRow(journey.title, f"{journey.id}.html", counts, sum(counts))


def _high_pains(journeys: Sequence[JourneyDocument]) -> Iterator[PainItem]:
    for journey, step, href in linked_steps(journeys):
        for pain in step.pain_points:
            if pain.severity is Level.HIGH:
                yield PainItem(
                    journey=journey.title,
                    step=step.action,
                    text=pain.text,
                    href=href,
                )


def _owners(journeys: Sequence[JourneyDocument]) -> list[CountRow]:
    found: dict[str, Counter[str]] = {}
    for _, step, _ in linked_steps(journeys):
        for item in step.opportunities:
            owner = (item.owner or "").strip()
            found.setdefault(owner, Counter())[
                item.status.value if item.status else "no status"
            ] += 1
    rows = []
    for owner in sorted(found, key=lambda name: (name == "", name.casefold())):
        counts = [found[owner][status] for status in STATUSES]
        rows.append(CountRow(owner or "No owner", "", counts, sum(counts)))
    return rows
