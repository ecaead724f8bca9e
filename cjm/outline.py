"""Which ids a document defines and which it refers to, read even when it is invalid.

The model's tables say which field of which kind of document names which kind of
object (:data:`~cjm.model.REFERENCES`) and where a journey defines ids of its own
(:data:`~cjm.model.DEFINITIONS`); this module reads them out of documents. The
reference checks (CJM103, CJM104) and lint's idea of a used touchpoint read the
outlines, so adding a reference means adding one row to the model's table.

The outline is read from the document's plain data, not from its model, because a
document with a schema error has no model, yet it still defines its id and names other
objects. A typo in one step must not make the journey "unknown" to the journeys that
name it as their baseline, nor hide the journey's own dangling references. Where the
data is too broken to tell (a list where a mapping belongs, a misspelled key where the
field should be), the outline says the answer is *unsure* and the checks stay silent
rather than invent a finding in another place.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from cjm.loader import Document
from cjm.model import (
    ANY,
    DEFINITIONS,
    DOCUMENT_MODELS,
    REFERENCES,
    SHORTHAND_MODELS,
    Definition,
    ReferenceField,
    Scope,
)

Loc = tuple[str | int, ...]
#: Object types some reference names: their ids are kept for the workspace checks.
_REFERABLE = frozenset(
    reference.target for reference in REFERENCES if reference.scope is not Scope.WORKSPACE
)


@dataclass(frozen=True, slots=True)
class Reference:
    """One id named in one place."""

    field: ReferenceField
    identifier: str
    loc: Loc


@dataclass(frozen=True, slots=True)
class Duplicate:
    """An id defined twice within one journey: the later place and the first."""

    definition: Definition
    identifier: str
    loc: Loc
    first: Loc


@dataclass(slots=True)
class Outline:
    """What one document defines and names.

    ``checked`` documents have their references and duplicates reported; the others
    (a document of an unknown kind or version, a map without ``cjm: 1``) already have
    their one finding and are outlined only so that what they define still counts.
    A document cjm could read only in part (``read_in_part``: a syntax error cut it
    short, or it was refused while being built) outlines only its kind and id, where
    they were read; everything it might define or name below them is unsure.
    """

    document: Document
    kind: str | None  # None: the kind cannot be read
    identifier: str | None  # None: the id cannot be read
    checked: bool
    defined: dict[str, dict[str, Loc]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    unsure_defined: frozenset[str] = frozenset()  # types whose ids may be incomplete
    unsure_references: frozenset[str] = frozenset()  # targets some reference may be missing
    read_in_part: bool = False

    @property
    def baseline(self) -> str | None:
        """The id of the journey this one improves on, as written."""
        for reference in self.references:
            if reference.field.target == "journey":
                return reference.identifier
        return None


def as_id(value: object) -> str | None:
    """An id as the model reads it: text, or a number taken as text; else None."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def outline_of(document: Document, *, checked: bool) -> Outline:
    """The outline of ``document`` from its plain data (before the data is released)."""
    data = document.data
    kind_value = data.get("kind")
    kind = kind_value if isinstance(kind_value, str) and kind_value in DOCUMENT_MODELS else None
    outline = Outline(document, kind, as_id(data.get("id")), checked and kind is not None)
    if kind is None:
        return outline
    specs, tree = _tree(kind)
    found, unsure = _walk(data, tree, DOCUMENT_MODELS[kind], len(specs))
    for number, spec in enumerate(specs):
        if isinstance(spec, ReferenceField):
            outline.references.extend(Reference(spec, value, loc) for value, loc in found[number])
            continue
        first: dict[str, Loc] = {}
        for value, loc in found[number]:
            if value in first:
                outline.duplicates.append(Duplicate(spec, value, loc, first[value]))
            else:
                first[value] = loc
        if spec.target in _REFERABLE:
            outline.defined[spec.target] = first
    outline.unsure_defined = frozenset(
        specs[number].target for number in unsure if isinstance(specs[number], Definition)
    )
    outline.unsure_references = frozenset(
        specs[number].target for number in unsure if isinstance(specs[number], ReferenceField)
    )
    return outline


def partial_outline(document: Document) -> Outline:
    """The outline of a document cjm could not read whole (see ``LoadedFile.partial``).

    Its data holds its identity as far as it was read: a known kind and id still
    define that id, so a syntax error in a touchpoint's description does not make the
    touchpoint unknown to every journey that uses it. Whatever lies below them is
    unread, so every id it might define or name is unsure; where even the kind or the
    id is unread, the registry is unsure of every id of that kind (of any kind: also
    when the kind read is none of cjm's, as a quote left open swallows the lines below
    it). A document read as far as a ``cjm:`` of another version is what such
    documents always are: not read, and making nothing unsure.
    """
    data = document.data
    kind_value = data.get("kind")
    kind = kind_value if isinstance(kind_value, str) and kind_value in DOCUMENT_MODELS else None
    outline = Outline(document, kind, as_id(data.get("id")), checked=False)
    version = data.get("cjm", 1)
    if isinstance(version, int) and not isinstance(version, bool) and version != 1:
        return outline
    outline.read_in_part = True
    sources = DOCUMENT_MODELS if kind is None else (kind,)
    outline.unsure_references = frozenset(
        reference.target for reference in REFERENCES if reference.source in sources
    )
    if kind in (None, "journey"):
        outline.unsure_defined = frozenset(definition.target for definition in DEFINITIONS)
    return outline


_Spec = ReferenceField | Definition


@dataclass(slots=True)
class _Branch:
    """The patterns that go on below one key, or below each item of a list.

    All patterns of a kind share one tree, so one walk over a journey's stages and steps
    reads every reference and definition at once.
    """

    children: dict[str | int, _Branch] = field(default_factory=dict)
    #: Patterns whose field is this key: (number, whether one id or a list is allowed).
    ends: list[tuple[int, bool]] = field(default_factory=list)
    below: list[int] = field(default_factory=list)  # patterns at or below this place


@cache
def _tree(kind: str) -> tuple[tuple[_Spec, ...], _Branch]:
    """The patterns of ``kind``, numbered, and their tree."""
    specs: list[_Spec] = [reference for reference in REFERENCES if reference.source == kind]
    if kind == "journey":
        specs.extend(DEFINITIONS)
    root = _Branch()
    for number, spec in enumerate(specs):
        branch = root
        branch.below.append(number)
        for part in spec.pattern:
            branch = branch.children.setdefault(part, _Branch())
            branch.below.append(number)
        branch.ends.append((number, isinstance(spec, ReferenceField) and spec.many))
    return tuple(specs), root


def _walk(
    data: Mapping[str, Any], tree: _Branch, model: type[BaseModel], count: int
) -> tuple[list[list[tuple[str, Loc]]], set[int]]:
    """The ids found for each pattern, with their places, and the patterns whose answer
    may be incomplete.

    A place the walk cannot read as the model expects (a list where a mapping belongs, a
    value that is neither text nor a number, an expected key missing beside a key the
    model does not know, perhaps a misspelling of it) makes the patterns below it unsure.
    """
    found: list[list[tuple[str, Loc]]] = [[] for _ in range(count)]
    unsure: set[int] = set()

    def visit(node: Any, branch: _Branch, loc: Loc, current: type[BaseModel] | None) -> None:
        for part, child in branch.children.items():
            if part == ANY:
                if not isinstance(node, list):
                    unsure.update(child.below)
                    continue
                for position, item in enumerate(node):
                    if item is None or (not isinstance(item, dict) and current in SHORTHAND_MODELS):
                        continue  # a pain point or opportunity written as text has no ids
                    visit(item, child, (*loc, position), current)
                continue
            if not isinstance(node, dict):
                unsure.update(child.below)
                continue
            assert isinstance(part, str)
            if part not in node:
                if current is not None and _misspelled(part, node, current):
                    unsure.update(child.below)
                continue
            value = node[part]
            if value is None:
                continue  # nothing written: nothing defined or named here
            place = (*loc, part)
            for number, many in child.ends:
                _ids(value, many, place, found[number], unsure, number)
            if child.children:
                visit(value, child, place, _inner(current, part))

    visit(data, tree, (), model)
    return found, unsure


def _ids(
    value: Any,
    many: bool,
    loc: Loc,
    bucket: list[tuple[str, Loc]],
    unsure: set[int],
    number: int,
) -> None:
    """The id or ids written in one field, into ``bucket``."""
    if many and isinstance(value, list):
        for position, item in enumerate(value):
            identifier = as_id(item)
            if identifier is None:
                unsure.add(number)
            else:
                bucket.append((identifier, (*loc, position)))
        return
    identifier = as_id(value)
    if identifier is None:
        unsure.add(number)
    else:
        bucket.append((identifier, loc))


def _misspelled(key: str, node: Mapping[str, Any], model: type[BaseModel]) -> bool:
    """Whether a key the model does not know could be ``key`` misspelled."""
    known = _field_names(model)
    unknown = [name for name in node if name not in known]
    return bool(unknown) and bool(difflib.get_close_matches(key, unknown, n=1, cutoff=0.6))


@cache
def _field_names(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(model.model_fields)


@cache
def _inner(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    """The model of the objects under ``key`` (a list's items or a nested mapping)."""
    if model is None:
        return None
    model_field = model.model_fields.get(key)
    return inner_model(model_field.annotation) if model_field is not None else None


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The first pydantic model inside a type annotation (``list[Stage] | None``...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = inner_model(argument)
        if found is not None:
            return found
    return None


@dataclass(frozen=True, slots=True)
class Registry:
    """Every document id of the workspace by kind, valid documents or not.

    ``wildcards`` are ids of documents whose kind cannot be read: a reference to such an
    id of any kind is not called dangling. ``unsure`` kinds have a document whose id
    cannot be read: a reference of that kind that matches nothing may mean that one.
    A document read only in part whose kind and id are both unread (a syntax error
    before them, the unreadable rest of a file) makes every kind unsure.
    """

    documents: dict[str, dict[str, Outline]]
    wildcards: frozenset[str]
    unsure: frozenset[str]
    repeated: tuple[tuple[Outline, Outline], ...]  # (later, first) with the same kind and id

    @classmethod
    def of(cls, outlines: Sequence[Outline]) -> Registry:
        documents: dict[str, dict[str, Outline]] = {kind: {} for kind in DOCUMENT_MODELS}
        wildcards: set[str] = set()
        unsure: set[str] = set()
        repeated: list[tuple[Outline, Outline]] = []
        for outline in outlines:
            if outline.kind is None:
                if outline.identifier is not None:
                    wildcards.add(outline.identifier)
                elif outline.read_in_part:
                    unsure.update(DOCUMENT_MODELS)
            elif outline.identifier is None:
                # A map of this kind whose id cannot be read may be what a dangling
                # reference meant; one of another format version is not read at all.
                if outline.checked or outline.read_in_part or not outline.document.versioned:
                    unsure.add(outline.kind)
            else:
                known = documents[outline.kind]
                first = known.setdefault(outline.identifier, outline)
                if first is not outline:
                    repeated.append((outline, first))
        return cls(documents, frozenset(wildcards), frozenset(unsure), tuple(repeated))

    def defines(self, kind: str, identifier: str) -> bool:
        """Whether some document (valid or not) may define ``identifier`` as ``kind``."""
        return identifier in self.documents[kind] or identifier in self.wildcards

    def ids(self, kind: str) -> list[str]:
        return list(self.documents[kind])
