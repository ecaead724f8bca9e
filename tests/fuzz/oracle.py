"""An independent opinion on clear-cut cases: this workspace data MUST fail validation.

Written without cjm's loader, validator or workspace: the pydantic models judge each
document on its own, and references and duplicate ids are checked here with plain sets.
Only what is unambiguous is judged (a document that is meant as a map but breaks the
model, a dangling reference, a duplicate id); everything else returns ``None`` ("no
opinion"), never "must be valid". That is enough to catch a command that answers
"no problems" for a broken workspace, which exit statuses alone cannot.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import ValidationError

from cjm.model import DOCUMENT_MODELS, KINDS, CjmDocument, JourneyDocument, PersonaDocument
from tests.fuzz.strategies import Draft


def _meant_as_map(document: Any) -> bool:
    return isinstance(document, dict) and document.get("kind") in KINDS


def must_fail(draft: Draft) -> str | None:
    """Why validating ``draft`` must report an error, or None when it need not."""
    documents: list[CjmDocument] = []
    for name, items in sorted(draft.files.items()):
        for index, document in enumerate(items):
            if isinstance(document, list) and any(_meant_as_map(item) for item in document):
                return f"{name}#{index}: a list of cjm documents"
            if not _meant_as_map(document):
                continue
            try:
                documents.append(DOCUMENT_MODELS[document["kind"]].model_validate(document))
            except (ValidationError, TypeError, ValueError) as error:
                first = str(error).splitlines()[:3]
                return f"{name}#{index}: the model refuses it: {' / '.join(first)}"
    ids: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
    for model in documents:
        ids[model.kind][model.id] += 1
    for kind, counts in ids.items():
        for identifier, count in counts.items():
            if count > 1:
                return f"{kind} id {identifier!r} defined {count} times"
    return _dangling(documents, {kind: set(counts) for kind, counts in ids.items()})


def _dangling(documents: list[CjmDocument], ids: dict[str, set[str]]) -> str | None:
    for model in documents:
        references: list[tuple[str, str | None]] = []
        if isinstance(model, PersonaDocument):
            references = [("segment", model.segment)]
        elif isinstance(model, JourneyDocument):
            references = [
                ("persona", model.persona),
                ("segment", model.segment),
                ("journey", model.baseline),
            ]
            visible = ids["touchpoint"] | {touchpoint.id for touchpoint in model.touchpoints}
            metrics = {m.id for stage in model.stages for m in stage.metrics if m.id is not None}
            for stage in model.stages:
                for step in stage.steps:
                    for touchpoint in step.touchpoint:
                        if touchpoint not in visible:
                            return f"journey {model.id!r}: unknown touchpoint {touchpoint!r}"
            for goal in model.goals:
                if goal.metric is not None and goal.metric not in metrics:
                    return f"journey {model.id!r}: unknown goal metric {goal.metric!r}"
        for kind, value in references:
            if value is not None and value not in ids[kind]:
                return f"{model.kind} {model.id!r}: unknown {kind} {value!r}"
    return None
