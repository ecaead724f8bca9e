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
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import Node

from cjm.diagnostics import Diagnostic
from cjm.loader import Document, Position, find_node, object_anchor
from cjm.measures import quantity_problems
from cjm.model import DOCUMENT_KINDS, DOCUMENT_MODELS, FORMAT_VERSION, CjmDocument, Scope
from cjm.outline import Outline, Reference, Registry, inner_model


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
        return self.document.diagnostic_at(code, message, loc)

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
    """Check version and kind, then the schema of the kind; the model if it is valid.

    A map without ``cjm:`` was reported by the loader (CJM105, one finding) and is not
    validated further.
    """
    if not document.versioned:
        return None, []
    data = document.data
    version = data.get("cjm")
    if not is_supported_version(version):
        return None, [document.diagnostic_at("CJM105", version_message(version), ("cjm",))]
    if "kind" not in data:
        return None, [_missing(document, (), "kind")]
    kind = data["kind"]
    model_type = DOCUMENT_MODELS.get(kind) if isinstance(kind, str) else None
    if model_type is None:
        return None, [document.diagnostic_at("CJM105", _kind_message(kind), ("kind",))]
    quantities = list(quantity_diagnostics(document)) if kind == "journey" else []
    try:
        model = model_type.model_validate(data)
    except ValidationError as error:
        found = list(schema_diagnostics(document, model_type, error.errors(include_url=False)))
        places = {(diagnostic.line, diagnostic.column) for diagnostic in found}
        found += [q for q in quantities if (q.line, q.column) not in places]
        return None, found
    return (None, quantities) if quantities else (model, [])


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


def _missing(document: Document, loc: Sequence[str | int], name: str) -> Diagnostic:
    _, node, _ = find_node(document.node, loc)
    return document.diagnostic("CJM102", f"missing required field '{name}'", object_anchor(node))


def schema_diagnostics(
    document: Document, model_type: type[BaseModel], errors: list[ErrorDetails]
) -> Iterator[Diagnostic]:
    """One diagnostic per offending place; a union's per-branch errors become one.

    A misspelled required field is one mistake, not two: the unknown key's message
    already names the field it should be, so the "missing" that follows is dropped.
    """
    # pydantic also calls a tuple too short when one of its items fails: the item's own
    # error is the one finding, not the list's length.
    errors = [
        error
        for error in errors
        if error["type"] != "too_short"
        or not any(
            len(other["loc"]) > len(error["loc"])
            and tuple(other["loc"][: len(error["loc"])]) == tuple(error["loc"])
            for other in errors
        )
    ]
    suggestions = _suggestions(model_type, errors)
    meant = {(loc, name) for loc, (name, _) in suggestions.items()}
    by_place: dict[tuple[int, int, str], Diagnostic] = {}
    for error in errors:
        loc = error["loc"]
        kind = error["type"]
        if kind == "missing" and (tuple(loc[:-1]), str(loc[-1])) in meant:
            continue
        key_node, node, followed = find_node(document.node, loc)
        if kind == "missing":
            field = str(loc[-1])
            target: Node = object_anchor(node)
            message = f"missing required field '{field}'"
        elif kind == "extra_forbidden":
            field = str(loc[-1])
            target = key_node if key_node is not None else node
            suggestion = suggestions.get(tuple(loc[:-1]))
            if suggestion is not None and suggestion[1] == field:
                message = f"unknown field '{field}' (did you mean '{suggestion[0]}'?)"
            else:
                message = f"unknown field '{field}'" + _belongs_elsewhere(model_type, loc)
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


def _suggestions(
    model_type: type[BaseModel], errors: list[ErrorDetails]
) -> dict[tuple[str | int, ...], tuple[str, str]]:
    """For each object with unknown fields: (the field meant, the unknown key), the
    closest pair, preferring a required field the object lacks."""
    missing = {
        (tuple(error["loc"][:-1]), str(error["loc"][-1]))
        for error in errors
        if error["type"] == "missing"
    }
    found: dict[tuple[str | int, ...], tuple[str, str]] = {}
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc = tuple(error["loc"])
        owner, key = loc[:-1], str(loc[-1])
        known = _known_fields(model_type, loc)
        lacking = [name for name in known if (owner, name) in missing]
        close = difflib.get_close_matches(key, lacking, n=1, cutoff=0.6) or (
            difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        )
        if close and (owner not in found or close[0] in lacking):
            found.setdefault(owner, (close[0], key))
    return found


#: How messages name the object each model describes (documents as the kinds table does).
_NOUNS = {
    **{info.model.__name__: info.noun for info in DOCUMENT_KINDS},
    "TouchpointFields": "a touchpoint",
    "Stage": "a stage",
    "Step": "a step",
    "Metric": "a metric",
    "Goal": "a goal",
    "PainPoint": "a pain point",
    "Opportunity": "an opportunity",
    "WorkspaceConfig": "cjm.yaml",
    "LintConfig": "cjm.yaml's lint section",
}
#: Fields so common that "it belongs elsewhere" would mislead more than help.
_EVERYWHERE = frozenset(("id", "name", "description", "owner", "text", "status", "source"))


def _belongs_elsewhere(model_type: type[BaseModel], loc: Sequence[str | int]) -> str:
    """ ", which belongs to a stage, not a step" for a field one level up or down."""
    key = str(loc[-1])
    chain = _models_along(model_type, loc[:-1])
    owner = chain[-1] if chain else None
    if owner is None or key in _EVERYWHERE:
        return ""
    parent = chain[-2] if len(chain) > 1 else None
    children = [
        child
        for model_field in owner.model_fields.values()
        if (child := inner_model(model_field.annotation)) is not None
    ]
    for other in (parent, *children):
        if other is not None and key in other.model_fields and other is not owner:
            here, there = _NOUNS.get(owner.__name__), _NOUNS.get(other.__name__)
            if here and there and here != there:
                return f": '{key}' belongs to {there}, not {here}"
    return ""


def _models_along(
    model_type: type[BaseModel], loc: Sequence[str | int]
) -> list[type[BaseModel] | None]:
    """The model of each object on the way down ``loc`` (list indexes skipped)."""
    chain: list[type[BaseModel] | None] = [model_type]
    current: type[BaseModel] | None = model_type
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None:
            return chain
        model_field = current.model_fields.get(part)
        current = inner_model(model_field.annotation) if model_field is not None else None
        chain.append(current)
    return chain


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
    if kind == "value_error":
        return f"{field}: {context.get('error', error['msg'])}"
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
    if isinstance(value, bool):
        return "true" if value else "false"  # as the user wrote it in YAML
    return "null" if value is None else str(value)


def _did_you_mean(value: object, candidates: Iterable[str]) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _known_fields(model_type: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """Field names allowed where the unknown one was written, for a did-you-mean hint."""
    owner = _models_along(model_type, loc[:-1])[-1]
    return list(owner.model_fields) if owner is not None else []


# ---------------------------------------------------------------------------------------
# Ids and references, across the workspace.


def check_ids_and_references(
    outlines: Sequence[Outline], registry: Registry
) -> Iterator[Diagnostic]:
    """CJM103 for duplicate ids and CJM104 for dangling references, in one pass.

    Invalid documents take part: what they define still resolves references to them,
    and their own references are checked as far as their data can be read. Documents
    that are not ``checked`` (unknown kind, a map without ``cjm: 1``) already carry
    their one finding and report nothing more.
    """
    for later, first in registry.repeated:
        if later.checked:
            where = _where(first.document, ("id",))
            yield later.document.diagnostic_at(
                "CJM103",
                f"duplicate {later.kind} id '{later.identifier}' (first defined at {where})",
                ("id",),
            )
    for outline in outlines:
        if outline.checked:
            yield from _duplicates_within(outline)
            yield from _shadowing(outline, registry)
            yield from _references(outline, registry)


def _where(document: Document, loc: Sequence[str | int]) -> str:
    _, node, _ = find_node(document.node, loc)
    position = Position.of(node)
    return f"{document.display_path}:{position.line}:{position.column}"


def _duplicates_within(outline: Outline) -> Iterator[Diagnostic]:
    """Stage, step, goal, metric, opportunity and inline touchpoint ids, per type."""
    for duplicate in outline.duplicates:
        where = _where(outline.document, duplicate.first)
        yield outline.document.diagnostic_at(
            "CJM103",
            f"duplicate {duplicate.definition.noun} id '{duplicate.identifier}' in this "
            f"journey (first at {where})",
            duplicate.loc,
        )


def _shadowing(outline: Outline, registry: Registry) -> Iterator[Diagnostic]:
    """An inline touchpoint may not shadow a shared one (docs/format.md)."""
    shared = registry.documents["touchpoint"]
    for identifier, loc in outline.defined.get("touchpoint", {}).items():
        if identifier in shared:
            where = _where(shared[identifier].document, ("id",))
            yield outline.document.diagnostic_at(
                "CJM103",
                f"inline touchpoint '{identifier}' shadows the shared touchpoint "
                f"defined at {where}",
                loc,
            )


def _references(outline: Outline, registry: Registry) -> Iterator[Diagnostic]:
    baseline_reported = False
    for reference in outline.references:
        field = reference.field
        identifier = reference.identifier
        if field.scope is Scope.WORKSPACE:
            if field.target == outline.kind and identifier == outline.identifier:
                yield outline.document.diagnostic_at(
                    "CJM102",
                    f"'{field.pattern[-1]}' names this {outline.kind} itself; "
                    f"a {outline.kind} cannot be its own {field.noun}",
                    reference.loc,
                )
                continue
            if registry.defines(field.target, identifier) or field.target in registry.unsure:
                continue
            candidates = [
                known
                for known in registry.ids(field.target)
                if not (field.target == outline.kind and known == outline.identifier)
            ]
            yield _unknown(outline, reference, candidates)
        elif field.scope is Scope.VISIBLE:
            inline = outline.defined.get(field.target, {})
            if identifier in inline or registry.defines(field.target, identifier):
                continue
            if field.target in registry.unsure or field.target in outline.unsure_defined:
                continue
            yield _unknown(outline, reference, [*registry.ids(field.target), *inline])
        elif field.scope is Scope.JOURNEY:
            own = outline.defined.get(field.target, {})
            if identifier in own or field.target in outline.unsure_defined:
                continue
            message = f"unknown {field.noun} '{identifier}' of this journey" + _did_you_mean(
                identifier, own
            )
            yield outline.document.diagnostic_at("CJM104", message, reference.loc)
        elif outline.baseline is None:
            if not baseline_reported:  # one finding for the missing baseline, not one a step
                baseline_reported = True
                yield outline.document.diagnostic_at(
                    "CJM104",
                    f"unknown {field.noun} '{identifier}': this journey names no baseline "
                    "journey (add `baseline: ID`)",
                    reference.loc,
                )
        else:
            found = _in_baseline(outline, outline.baseline, reference, registry)
            if found is not None:
                yield found


def _in_baseline(
    outline: Outline, baseline: str, reference: Reference, registry: Registry
) -> Diagnostic | None:
    """The diagnostic for a reference into the baseline journey; None when it resolves
    or cannot be judged (the baseline is itself unknown or unreadable)."""
    base = registry.documents["journey"].get(baseline)
    if base is None or baseline == outline.identifier:
        return None  # the baseline reference has its own finding, or is a wildcard
    steps = base.defined.get(reference.field.target, {})
    if reference.identifier in steps or reference.field.target in base.unsure_defined:
        return None
    message = (
        f"unknown {reference.field.noun} '{reference.identifier}' (no such step in the "
        f"baseline journey '{baseline}')" + _did_you_mean(reference.identifier, steps)
    )
    return outline.document.diagnostic_at("CJM104", message, reference.loc)


def _unknown(outline: Outline, reference: Reference, candidates: Iterable[str]) -> Diagnostic:
    message = f"unknown {reference.field.noun} '{reference.identifier}'" + _did_you_mean(
        reference.identifier, candidates
    )
    return outline.document.diagnostic_at("CJM104", message, reference.loc)


def quantity_diagnostics(document: Document) -> Iterator[Diagnostic]:
    """CJM102 at each metric value or target that is not a quantity of its metric's
    unit (:func:`cjm.measures.read_values`), read from the document's data so that they
    are found beside any other schema error, not after it is fixed."""
    stages = document.data.get("stages")
    for stage_index, stage in enumerate(stages if isinstance(stages, list) else []):
        metrics = stage.get("metrics") if isinstance(stage, dict) else None
        for index, metric in enumerate(metrics if isinstance(metrics, list) else []):
            if not isinstance(metric, dict):
                continue
            value, target, unit = metric.get("value"), metric.get("target"), metric.get("unit")
            for field, message in quantity_problems(value, target, unit):
                loc = ("stages", stage_index, "metrics", index, field)
                yield document.diagnostic_at("CJM102", message, loc)
