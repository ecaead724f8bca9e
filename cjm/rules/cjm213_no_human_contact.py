"""A journey keeps at least one human (or hybrid) touchpoint.

## Why it matters
"Human-operated channels are still needed." Deciding which touchpoints are entrusted
to machines and where people still work is part of the map; a journey in which every
contact is automated has nobody to catch a customer when automation fails.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.model import Operator
from cjm.rules import Finding, Rule, journeys
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM213",
    name="no-human-contact",
    severity=Severity.INFO,
    summary="every touchpoint of the journey is automated: no human contact",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, journey in journeys(workspace):
        operators = {
            touchpoint.operator
            for stage in journey.stages
            for step in stage.steps
            for touchpoint in workspace.touchpoints_of_step(journey, step)
        }
        if operators == {Operator.AUTOMATED}:
            yield Finding(
                entry,
                (),
                f"every touchpoint of journey '{journey.id}' is automated: no human contact",
            )
