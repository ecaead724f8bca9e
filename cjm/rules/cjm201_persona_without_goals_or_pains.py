"""A persona names what they want (goals) and what hurts (pains).

## Why it matters
A journey map is drawn through a persona's eyes. Without goals nobody can say whether a
step helps the customer; without pains there is nothing for the map to fix. The case
studies start every map by getting to know the customer: "you need a persona to create
a customer journey map".
"""

from __future__ import annotations

from collections.abc import Iterator

from cjm.diagnostics import Severity
from cjm.rules import Finding, Rule
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM201",
    name="persona-without-goals-or-pains",
    severity=Severity.WARNING,
    summary="persona has no goals or no pains",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    for persona in workspace.personas.values():
        missing = [name for name in ("goals", "pains") if not getattr(persona, name)]
        if missing:
            yield Finding(
                workspace.entry_of(persona),
                (),
                f"persona '{persona.id}' has no {' and no '.join(missing)}",
            )
