"""A journey uses both online and offline touchpoints.

## Why it matters
"A comprehensive strategy must take into account a large number of offline and online
communication channels." Customers move between a billboard, a shop and an app; a map
that shows only one side misses the hand-overs where journeys break.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.rules import Finding, Rule, journeys, used_touchpoints
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM212",
    name="single-mode-touchpoints",
    severity=Severity.INFO,
    summary="journey uses only online or only offline touchpoints",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, journey in journeys(workspace):
        used = used_touchpoints(workspace, journey)
        if used is None:
            continue
        modes = {touchpoint.mode.value for touchpoint in used}
        if len(modes) == 1:
            (mode,) = modes
            yield Finding(entry, (), f"journey '{journey.id}' uses only {mode} touchpoints")
