"""When emotion falls by 2 or more from one step to the next, a pain point says why.

## Why it matters
A sharp drop in the emotion curve is the most important thing on a map: the moment a
customer is lost. If the step where it happens has no pain point, the map shows the
symptom without the cause. Steps are compared in journey order, across stage
boundaries; a step without an emotion breaks the chain (CJM204 reports it).
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.model import Step
from cjm.rules import Finding, Loc, Rule, label, steps
from cjm.validate import Entry
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM214",
    name="unexplained-emotion-drop",
    severity=Severity.WARNING,
    summary="emotion falls by 2 or more between consecutive steps and no pain point says why",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    previous: tuple[Entry, Step] | None = None
    for entry, _, loc, step in steps(workspace):
        if previous is not None and previous[0] is entry:
            yield from _compare(entry, previous[1], loc, step)
        previous = (entry, step)


def _compare(entry: Entry, before: Step, loc: Loc, step: Step) -> Iterator[Finding]:
    if before.emotion is None or step.emotion is None:
        return
    if before.emotion - step.emotion >= 2 and not step.pain_points:
        yield Finding(
            entry,
            loc,
            f"emotion falls from {before.emotion} to {step.emotion} at step "
            f"{label(step, 'without id')} and no pain point says why",
        )
