"""Every stage has at least one metric.

## Why it matters
"Track the metrics of each stage": registrations, conversion, satisfaction. A stage
without a metric cannot be measured, so no one can tell whether a change to it helped.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.rules import Finding, Rule, label, stages
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM206",
    name="stage-without-metric",
    severity=Severity.WARNING,
    summary="stage has no metric: it cannot be measured",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, _, loc, stage in stages(workspace):
        if not stage.metrics:
            yield Finding(
                entry,
                loc,
                f"stage {label(stage, 'without id')} has no metric: it cannot be measured",
            )
