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
from cjm.rules import Finding, Rule, journeys, used_touchpoints
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM213",
    name="no-human-contact",
    severity=Severity.INFO,
    summary="every touchpoint of the journey is automated: no human contact",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, journey in journeys(workspace):
        used = used_touchpoints(workspace, journey)
        if used is None:
            continue
        operators = {touchpoint.operator for touchpoint in used}
        if operators == {Operator.AUTOMATED}:
            yield Finding(
                entry,
                (),
                f"every touchpoint of journey '{journey.id}' is automated: no human contact",
            )
