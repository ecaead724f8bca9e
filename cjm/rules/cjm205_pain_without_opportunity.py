"""A stage with pain points names at least one opportunity.

## Why it matters
A pain point nobody plans to fix is a complaint, not a map. The case studies move from
"identify problem areas" straight to "and opportunities": each pain is a chance to
improve, and the map is where that chance gets an owner.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.rules import Finding, Rule, label, stages
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM205",
    name="pain-without-opportunity",
    severity=Severity.WARNING,
    summary="stage has pain points but no opportunity",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, _, loc, stage in stages(workspace):
        pains = sum(len(step.pain_points) for step in stage.steps)
        if pains and not any(step.opportunities for step in stage.steps):
            noun = "pain point" if pains == 1 else "pain points"
            yield Finding(
                entry,
                loc,
                f"stage {label(stage, 'without id')} has {pains} {noun} but no opportunity",
            )
