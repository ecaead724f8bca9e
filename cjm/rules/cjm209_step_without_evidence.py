"""Every step is backed by evidence: research, analytics, tickets, recordings.

## Why it matters
"A customer journey map is a tool based on hard data, not assumptions or hypotheses."
A step without evidence may still be right, but the map should say it is an
assumption, so the team knows where to look first.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.rules import Finding, Rule, label, steps
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM209",
    name="step-without-evidence",
    severity=Severity.INFO,
    summary="step has no evidence: it is an assumption, not data",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, _, loc, step in steps(workspace):
        if not step.evidence:
            yield Finding(
                entry,
                loc,
                f"step {label(step, 'without id')} has no evidence: it is an assumption, not data",
            )
