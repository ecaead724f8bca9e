"""Every step records how the customer feels, from -2 to 2.

## Why it matters
The emotion curve is the part of a journey map people read first: it shows where the
experience breaks. A step without an emotion leaves a gap in the curve, and a drop
hidden in that gap goes unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.rules import Finding, Rule, label, steps
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM204",
    name="step-without-emotion",
    severity=Severity.WARNING,
    summary="step has no emotion, so the emotion curve has a gap",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, _, loc, step in steps(workspace):
        if step.emotion is None:
            yield Finding(
                entry,
                loc,
                f"step {label(step, 'without id')} has no emotion, so the emotion curve has a gap",
            )
