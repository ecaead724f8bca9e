"""A journey goes past the purchase: it has a post-purchase stage.

## Why it matters
"Even after the purchase is made, the customer's relationship with the company does
not end": loyalty, after-sales support, recommendations. A map that stops at the
checkout cannot show how customers come back or why they leave.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.model import Phase
from cjm.rules import Finding, Rule, journeys
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM211",
    name="no-post-purchase",
    severity=Severity.WARNING,
    summary="journey stops at the purchase: no post-purchase stage",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, journey in journeys(workspace):
        if not any(stage.phase == Phase.POST_PURCHASE for stage in journey.stages):
            yield Finding(
                entry,
                (),
                f"journey '{journey.id}' stops at the purchase: no post-purchase stage",
            )
