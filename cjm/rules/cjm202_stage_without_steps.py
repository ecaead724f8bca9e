"""Every stage holds at least one step.

## Why it matters
A stage without steps says the customer passes through it without doing anything:
either the stage is not understood yet or it should not be on the map. It also leaves
a hole in the emotion curve.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.rules import Finding, Rule, label, stages
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM202",
    name="stage-without-steps",
    severity=Severity.WARNING,
    summary="stage has no steps",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, _, loc, stage in stages(workspace):
        if not stage.steps:
            yield Finding(entry, loc, f"stage {label(stage, 'without id')} has no steps")
