"""Stages follow the phases in order: pre-purchase, purchase, post-purchase.

## Why it matters
Stages are listed in customer order. A post-purchase stage before a purchase stage is
either a typo in `phase` or stages in the wrong order; both make the map, its emotion
curve and every comparison between versions misleading.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.model import Phase
from cjm.rules import Finding, Rule, journeys, label
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM215",
    name="phases-out-of-order",
    severity=Severity.WARNING,
    summary="stages' phases out of order (post-purchase before purchase, ...)",
)

_ORDER = {Phase.PRE_PURCHASE: 0, Phase.PURCHASE: 1, Phase.POST_PURCHASE: 2}


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, journey in journeys(workspace):
        latest: tuple[int, str] | None = None
        for index, stage in enumerate(journey.stages):
            if stage.phase is None:
                continue
            rank = _ORDER[stage.phase]
            if latest is not None and rank < latest[0]:
                yield Finding(
                    entry,
                    ("stages", index),
                    f"stage {label(stage, 'without id')} is {stage.phase.value} "
                    f"but comes after {latest[1]}",
                )
            elif latest is None or rank > latest[0]:
                name = label(stage, "a stage")
                latest = (rank, f"the {stage.phase.value} stage {name}")
