"""A goal whose due date has passed while its metric still misses its target.

## Why it matters
A map's goals are its promises with a deadline: "reach 2,000 app installs a month by
May". When the day has passed and the metric that measures the goal still misses its
target (or has no value to show it met), the goal is late, and the review meeting
should hear it rather than find an old goal still listed as if nothing happened. Set a
new date or a new target deliberately, or record the value that shows the goal met.
"Today" is the day the command runs, or the one given with `--today YYYY-MM-DD`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.measures import MetricStatus, format_value, goal_overdue, metric_status, status_text
from cjm.rules import Finding, Rule, journeys, label
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM216",
    name="goal-overdue",
    severity=Severity.WARNING,
    summary="goal overdue: its due date has passed and its metric does not meet the target",
)


def check(workspace: Workspace, *, today: datetime.date) -> Iterator[Finding]:
    for entry, journey in journeys(workspace):
        for index, goal in enumerate(journey.goals):
            metric = journey.metric_of(goal)
            if metric is None or goal.due is None or not goal_overdue(goal.due, metric, today):
                continue  # not overdue; no metric is CJM208, an unknown one CJM104
            if metric_status(metric) is MetricStatus.MISSED:
                value, target = (
                    format_value(metric.value, metric),
                    format_value(metric.target, metric),
                )
                state = f"is {status_text(metric)} ({value} against {target})"
            else:
                state = "has no current value to show it met"
            yield Finding(
                entry,
                ("goals", index),
                f"goal {label(goal, 'without id')} was due {goal.due.isoformat()} and "
                f"metric '{metric.id}' {state}",
            )
