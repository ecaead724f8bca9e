"""Every goal has a due date and a metric that measures it.

## Why it matters
"Set clear objectives and metrics": a goal is measurable and has a time frame
("increase satisfaction by 15% within six months"). Without either it cannot be
reviewed, and the map has no way to say it succeeded.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.rules import Finding, Rule, journeys, label
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM208",
    name="goal-without-due-or-metric",
    severity=Severity.WARNING,
    summary="goal has no due date or no metric",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, journey in journeys(workspace):
        for index, goal in enumerate(journey.goals):
            missing = [
                what
                for what, value in (("due date", goal.due), ("metric", goal.metric))
                if value is None
            ]
            if missing:
                yield Finding(
                    entry,
                    ("goals", index),
                    f"goal {label(goal, 'without id')} has no {' and no '.join(missing)}",
                )
