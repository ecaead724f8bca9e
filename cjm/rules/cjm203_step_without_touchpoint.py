"""Every step names the touchpoint where it happens.

## Why it matters
Touchpoints are where the brand can act: a step without one cannot be assigned to a
team, measured in a channel, or checked for online/offline and human/automated balance.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.rules import Finding, Rule, label, steps
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM203",
    name="step-without-touchpoint",
    severity=Severity.WARNING,
    summary="step has no touchpoint",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, _, loc, step in steps(workspace):
        if not step.touchpoint:
            yield Finding(entry, loc, f"step {label(step, 'without id')} has no touchpoint")
