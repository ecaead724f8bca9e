"""Journeys built as models, for tests of the comparison itself (no files, no git)."""

from __future__ import annotations

from typing import Any

from cjm.diff.change import Change, path_text
from cjm.diff.compare import Comparison, Snapshot, compare
from cjm.model import DOCUMENT_MODELS, CjmDocument, JourneyDocument


def journey(stages: list[dict[str, Any]], **fields: Any) -> JourneyDocument:
    data = {"cjm": 1, "kind": "journey", "id": "j", "title": "J", "persona": "p"}
    return JourneyDocument.model_validate({**data, **fields, "stages": stages})


def document(kind: str, **fields: Any) -> CjmDocument:
    return DOCUMENT_MODELS[kind].model_validate({"cjm": 1, "kind": kind, **fields})


def snapshot(*models: CjmDocument) -> Snapshot:
    documents: dict[str, dict[str, CjmDocument]] = {kind: {} for kind in DOCUMENT_MODELS}
    for model in models:
        documents[model.kind][model.id] = model
    return Snapshot(documents, {})


def comparison(old: list[CjmDocument], new: list[CjmDocument]) -> Comparison:
    return compare(snapshot(*old), snapshot(*new))


def diff(old: CjmDocument, new: CjmDocument) -> list[Change]:
    return comparison([old], [new]).changes


def step(identifier: str | None, action: str | None = None, **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"action": action or f"Does {identifier}", **fields}
    if identifier is not None:
        data["id"] = identifier
    return data


def stage(identifier: str, *steps: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": identifier, "name": identifier.title(), "steps": list(steps), **fields}


def brief(changes: list[Change]) -> list[tuple[str, str, str | None, Any, Any]]:
    """(op, path, field, old, new): what most assertions look at."""
    return [(c.op.value, path_text(c.path), c.field, c.old, c.new) for c in changes]
