"""Schema and reference checks: from documents to models, and every finding to a place.

A pydantic ``ValidationError`` says *what* is wrong by a ``loc`` path in the data; the
loader kept the node graph, so each error is pointed at the key or value the user wrote.
Reference checks run once every document is known, since a journey may name a persona
defined in a file read later.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import Node

from cjm.diagnostics import Diagnostic
from cjm.loader import Document, Position, find_node, object_anchor
from cjm.model import DOCUMENT_MODELS, FORMAT_VERSION, CjmDocument, JourneyDocument


@dataclass(frozen=True, slots=True)
class Entry:
    """A validated document: the model commands use and the source it came from."""

    document: Document
    model: CjmDocument

    @property
    def kind(self) -> str:
        return self.model.kind

    def diagnostic(self, code: str, message: str, loc: Sequence[str | int]) -> Diagnostic:
        """A diagnostic at the value found by following ``loc`` from the document root."""
        _, node, _ = find_node(self.document.node, loc)
        return self.document.diagnostic(code, message, node)

    def position(self, loc: Sequence[str | int], *, whole_object: bool = False) -> Position:
        """Where ``loc`` is; with ``whole_object``, its ``id:`` key or first key.

        A whole object with an id is first looked for in the text (its ``id:`` line,
        when that line is unique in the file), which spares composing the document's
        nodes again: lint findings are whole-object findings, and a workspace with
        hundreds of them would otherwise re-read hundreds of files.
        """
        if whole_object and not self.document.has_nodes:
            identifier = _id_of(self.model, loc)
            if identifier is not None:
                found = self.document.id_key_position(identifier)
                if found is not None:
                    return found
        _, node, _ = find_node(self.document.node, loc)
        return Position.of(object_anchor(node) if whole_object else node)


def _id_of(model: object, loc: Sequence[str | int]) -> str | None:
    """The ``id`` of the model object at ``loc``, if it has one."""
    current: Any = model
    for part in loc:
        try:
            current = current[part] if isinstance(part, int) else getattr(current, part)
        except (AttributeError, IndexError, TypeError):
            return None
    identifier = getattr(current, "id", None)
    return identifier if isinstance(identifier, str) else None


def validate_document(document: Document) -> tuple[CjmDocument | None, list[Diagnostic]]:
    """Check version and kind, then the schema of the kind; the model if it is valid."""
    data = document.data
    version = data.get("cjm")
    if not is_supported_version(version):
        return None, [_at(document, "CJM105", version_message(version), ("cjm",))]
    if "kind" not in data:
        return None, [_missing(document, (), "kind")]
    kind = data["kind"]
    model_type = DOCUMENT_MODELS.get(kind) if isinstance(kind, str) else None
    if model_type is None:
        return None, [_at(document, "CJM105", _kind_message(kind), ("kind",))]
    try:
        return model_type.model_validate(data), []
    except ValidationError as error:
        return None, list(schema_diagnostics(document, model_type, error.errors(include_url=False)))


def is_supported_version(version: object) -> bool:
    return isinstance(version, int) and not isinstance(version, bool) and version == FORMAT_VERSION


def version_message(version: object) -> str:
    """Why ``cjm:`` is not accepted; text that looks like 1 is called out as text."""
    if isinstance(version, str):
        return (
            f"the format version must be the number {FORMAT_VERSION}, "
            f"not the text {version!r} (remove the quotes)"
        )
    return (
        f"unsupported format version 'cjm: {_show(version)}'; "
        f"this cjm reads version {FORMAT_VERSION}"
    )


def _kind_message(kind: object) -> str:
    message = f"unknown kind {_show(kind)!r}; expected one of {', '.join(DOCUMENT_MODELS)}"
    return message + _did_you_mean(kind, DOCUMENT_MODELS)


def _at(document: Document, code: str, message: str, loc: Sequence[str | int]) -> Diagnostic:
    _, node, _ = find_node(document.node, loc)
    return document.diagnostic(code, message, node)


def _missing(document: Document, loc: Sequence[str | int], name: str) -> Diagnostic:
    _, node, _ = find_node(document.node, loc)
    return document.diagnostic("CJM102", f"missing required field '{name}'", object_anchor(node))


def schema_diagnostics(
    document: Document, model_type: type[BaseModel], errors: list[ErrorDetails]
) -> Iterator[Diagnostic]:
    """One diagnostic per offending place; a union's per-branch errors become one."""
    by_place: dict[tuple[int, int, str], Diagnostic] = {}
    for error in errors:
        loc = error["loc"]
        key_node, node, followed = find_node(document.node, loc)
        kind = error["type"]
        if kind == "missing":
            field = str(loc[-1])
            target: Node = object_anchor(node)
            message = f"missing required field '{field}'"
        elif kind == "extra_forbidden":
            field = str(loc[-1])
            target = key_node if key_node is not None else node
            message = f"unknown field '{field}'" + _did_you_mean(
                field, _known_fields(model_type, loc)
            )
        else:
            field = _field_name(loc[:followed])
            target = node
            message = _value_message(error, field)
        diagnostic = document.diagnostic("CJM102", message, target)
        place = (diagnostic.line, diagnostic.column, kind if kind == "missing" else "")
        if place in by_place and followed < len(loc) and kind != "missing":
            by_place[place] = document.diagnostic(
                "CJM102",
                f"{field} has the wrong type: got {_describe(error['input'])}",
                target,
            )
        else:
            by_place.setdefault(place, diagnostic)
    yield from by_place.values()


def _field_name(loc: Sequence[str | int]) -> str:
    """'emotion', or 'item 2 of thoughts' for a list element."""
    if not loc:
        return "the document"
    last = loc[-1]
    if isinstance(last, int):
        owner = next((str(part) for part in reversed(loc) if isinstance(part, str)), "list")
        return f"item {last + 1} of '{owner}'"
    return f"'{last}'"


def _value_message(error: ErrorDetails, field: str) -> str:
    kind, value, context = error["type"], error["input"], error.get("ctx") or {}
    got = _describe(value)
    if kind == "string_pattern_mismatch":
        return (
            f"{field} must be an id (lower-case letters, digits, '-' and '_', starting with a "
            f"letter or digit, at most 64 characters); got {got}"
        )
    if kind in ("enum", "literal_error"):
        return f"{field} must be one of {context.get('expected', '')}; got {got}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{field} must be a whole number; got {got}"
    if kind == "greater_than_equal":
        return f"{field} must be at least {context.get('ge')}; got {got}"
    if kind == "less_than_equal":
        return f"{field} must be at most {context.get('le')}; got {got}"
    if kind in ("float_type", "float_parsing"):
        return f"{field} must be a number; got {got}"
    if kind in ("string_type", "string_unicode"):
        return f"{field} must be text; got {got}"
    if kind == "string_too_short":
        return f"{field} must not be empty"
    if kind == "too_short":
        return f"{field} must have at least {context.get('min_length', 1)} item(s)"
    if kind == "list_type":
        return f"{field} must be a list; got {got}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field} must be a mapping; got {got}"
    if kind in (
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    ):
        return f"{field} must be a date written YYYY-MM-DD; got {got}"
    return f"{field}: {error['msg']}; got {got}"


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _show(value: object) -> str:
    if isinstance(value, dict | list):
        return _describe(value)
    return "null" if value is None else str(value)


def _did_you_mean(value: object, candidates: Iterable[str]) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _known_fields(model_type: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Field names allowed where the unknown one was written, for a did-you-mean hint."""
    current: type[BaseModel] | None = model_type
    for part in loc[:-1]:
        if current is None:
            return []
        if isinstance(part, str):
            field = current.model_fields.get(part)
            current = _inner_model(field.annotation) if field is not None else None
    return list(current.model_fields) if current is not None else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _inner_model(argument)
        if found is not None:
            return found
    return None


# ---------------------------------------------------------------------------------------
# Ids and references, across the workspace.


def check_ids_and_references(entries: Sequence[Entry]) -> Iterator[Diagnostic]:
    """CJM103 for duplicate ids and CJM104 for dangling references, in one pass."""
    first: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        key = (entry.kind, entry.model.id)
        if key in first:
            earlier = first[key]
            where = _where(earlier, ("id",))
            yield entry.diagnostic(
                "CJM103",
                f"duplicate {entry.kind} id '{entry.model.id}' (first defined at {where})",
                ("id",),
            )
        else:
            first[key] = entry
    ids: dict[str, dict[str, Entry]] = {kind: {} for kind in DOCUMENT_MODELS}
    for (kind, identifier), entry in first.items():
        ids[kind][identifier] = entry
    for entry in entries:
        model = entry.model
        if model.kind == "persona" and model.segment is not None:
            yield from _reference(entry, ("segment",), model.segment, "segment", ids["segment"])
        elif isinstance(model, JourneyDocument):
            yield from _check_journey(entry, model, ids)


def _where(entry: Entry, loc: Sequence[str | int]) -> str:
    position = entry.position(loc)
    return f"{entry.document.display_path}:{position.line}:{position.column}"


def _reference(
    entry: Entry,
    loc: Sequence[str | int],
    value: str,
    what: str,
    known: dict[str, Any],
) -> Iterator[Diagnostic]:
    if value not in known:
        message = f"unknown {what} '{value}'" + _did_you_mean(value, known)
        yield entry.diagnostic("CJM104", message, loc)


def _check_journey(
    entry: Entry, journey: JourneyDocument, ids: dict[str, dict[str, Entry]]
) -> Iterator[Diagnostic]:
    yield from _reference(entry, ("persona",), journey.persona, "persona", ids["persona"])
    if journey.segment is not None:
        yield from _reference(entry, ("segment",), journey.segment, "segment", ids["segment"])
    if journey.baseline is not None:
        yield from _reference(
            entry, ("baseline",), journey.baseline, "baseline journey", ids["journey"]
        )
    yield from _duplicates_within(entry, journey)
    shared = ids["touchpoint"]
    visible: dict[str, object] = dict(shared)
    for index, touchpoint in enumerate(journey.touchpoints):
        if touchpoint.id in shared:
            where = _where(shared[touchpoint.id], ("id",))
            yield entry.diagnostic(
                "CJM103",
                f"inline touchpoint '{touchpoint.id}' shadows the shared touchpoint "
                f"defined at {where}",
                ("touchpoints", index, "id"),
            )
        visible[touchpoint.id] = touchpoint
    metrics = {
        metric.id for stage in journey.stages for metric in stage.metrics if metric.id is not None
    }
    for stage_index, stage in enumerate(journey.stages):
        for step_index, step in enumerate(stage.steps):
            for ref_index, reference in enumerate(step.touchpoint):
                if reference not in visible:
                    loc: tuple[str | int, ...] = (
                        "stages",
                        stage_index,
                        "steps",
                        step_index,
                        "touchpoint",
                    )
                    if _is_list(entry, loc):
                        loc = (*loc, ref_index)
                    yield from _reference(entry, loc, reference, "touchpoint", visible)
    for goal_index, goal in enumerate(journey.goals):
        if goal.metric is not None and goal.metric not in metrics:
            message = f"unknown metric '{goal.metric}' of this journey" + _did_you_mean(
                goal.metric, metrics
            )
            yield entry.diagnostic("CJM104", message, ("goals", goal_index, "metric"))


def _is_list(entry: Entry, loc: Sequence[str | int]) -> bool:
    from yaml.nodes import SequenceNode

    _, node, _ = find_node(entry.document.node, loc)
    return type(node) is SequenceNode


def _duplicates_within(entry: Entry, journey: JourneyDocument) -> Iterator[Diagnostic]:
    """Stage, step, goal, metric, opportunity and inline touchpoint ids, per type."""
    places: list[tuple[str, str | None, tuple[str | int, ...]]] = []
    for index, goal in enumerate(journey.goals):
        places.append(("goal", goal.id, ("goals", index, "id")))
    for index, touchpoint in enumerate(journey.touchpoints):
        places.append(("inline touchpoint", touchpoint.id, ("touchpoints", index, "id")))
    for stage_index, stage in enumerate(journey.stages):
        stage_loc: tuple[str | int, ...] = ("stages", stage_index)
        places.append(("stage", stage.id, (*stage_loc, "id")))
        for metric_index, metric in enumerate(stage.metrics):
            places.append(("metric", metric.id, (*stage_loc, "metrics", metric_index, "id")))
        for step_index, step in enumerate(stage.steps):
            step_loc = (*stage_loc, "steps", step_index)
            places.append(("step", step.id, (*step_loc, "id")))
            for index, opportunity in enumerate(step.opportunities):
                places.append(
                    ("opportunity", opportunity.id, (*step_loc, "opportunities", index, "id"))
                )
    seen: dict[tuple[str, str], tuple[str | int, ...]] = {}
    for what, identifier, loc in places:
        if identifier is None:
            continue
        if (what, identifier) in seen:
            where = _where(entry, seen[(what, identifier)])
            yield entry.diagnostic(
                "CJM103",
                f"duplicate {what} id '{identifier}' in this journey (first at {where})",
                loc,
            )
        else:
            seen[(what, identifier)] = loc
