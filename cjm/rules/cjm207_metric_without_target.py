"""Every metric has a target.

## Why it matters
A value without a target is a number, not a measure: nobody can say whether 1,200
installs a month is good. Goals need targets to be met or missed.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.rules import Finding, Rule, label, stages
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM207",
    name="metric-without-target",
    severity=Severity.WARNING,
    summary="metric has no target",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, _, stage_loc, stage in stages(workspace):
        for index, metric in enumerate(stage.metrics):
            if metric.target is None:
                yield Finding(
                    entry,
                    (*stage_loc, "metrics", index),
                    f"metric {label(metric, 'without id')} has no target",
                )
