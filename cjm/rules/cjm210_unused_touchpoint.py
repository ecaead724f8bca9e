"""Every touchpoint defined is used by some step.

## Why it matters
A touchpoint nobody uses is either a channel the map forgot or a leftover from an
older version of the journey. Shared touchpoints count a use by any journey; an inline
touchpoint belongs to its journey, so only that journey's steps can use it.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.rules import Finding, Rule, journeys
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM210",
    name="unused-touchpoint",
    severity=Severity.WARNING,
    summary="touchpoint defined but used by no journey",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for entry, journey in journeys(workspace):
        used = {ref for stage in journey.stages for step in stage.steps for ref in step.touchpoint}
        for index, touchpoint in enumerate(journey.touchpoints):
            if touchpoint.id not in used:
                yield Finding(
                    entry,
                    ("touchpoints", index),
                    f"inline touchpoint '{touchpoint.id}' is used by no step of this journey",
                )
    # Journeys that did not validate count too: a typo in one step must not make the
    # touchpoints it uses look unused. When some document cannot be read far enough to
    # tell, nothing is called unused.
    used_shared = workspace.shared_touchpoints_in_use
    if used_shared is None:
        return
    for touchpoint in workspace.touchpoints.values():
        if touchpoint.id not in used_shared:
            yield Finding(
                workspace.entry_of(touchpoint),
                (),
                f"touchpoint '{touchpoint.id}' is used by no journey",
            )
