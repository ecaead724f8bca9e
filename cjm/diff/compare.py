"""Two versions of a workspace in, the list of changes out.

Objects are matched by kind and id from the workspace down: documents by id, then
inside a journey its goals, inline touchpoints and stages, the steps and metrics of all
its stages (ids are unique within a journey, so a step that changed stage is *moved*,
not removed and added), and the opportunities of each step. Lists of text (pain points,
thoughts, evidence, a step's touchpoints, tags...) are compared as sets. Every changed
field is one change; an unchanged object yields nothing.

Comparing reads models only, never YAML: both sides came through the workspace loader.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel

from cjm.diff import Effect, Op
from cjm.diff.align import keyed, merge_order, unique_key, unmoved
from cjm.diff.change import Change, ChangePath, Node, child, group
from cjm.diff.effects import field_effect, item_effect, object_effect
from cjm.diff.values import dump, pain_value, plain
from cjm.matching import (
    aligned_keys,
    key_of_goal,
    key_of_metric,
    key_of_opportunity,
    key_of_stage,
    key_of_touchpoint,
)
from cjm.measures import MetricStatus, metric_status
from cjm.model import (
    KINDS,
    CjmDocument,
    JourneyDocument,
    Metric,
    PainPoint,
    Stage,
    Step,
)

if TYPE_CHECKING:
    from cjm.workspace import Workspace

#: Fields holding lists of objects that are matched one by one, not compared whole.
_NESTED = {
    "journey": frozenset(("goals", "touchpoints", "stages")),
    "stage": frozenset(("steps", "metrics")),
    "step": frozenset(("opportunities",)),
}
#: What an ideal journey differs in from its baseline by definition, not by change.
BASELINE_SKIPPED = frozenset(("id", "state", "baseline"))


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One side's documents by kind and id, with a fingerprint of their source.

    Two documents built from the same text are the same model, so most of an unchanged
    workspace is skipped by comparing fingerprints: the text itself, or (when a side is
    loaded in another process and only what differs is sent over) a digest of it. A
    document whose fingerprint matches the other side's need not be in ``documents``.
    """

    documents: Mapping[str, Mapping[str, CjmDocument]]
    sources: Mapping[tuple[str, str], tuple[str | bytes, int]]

    @classmethod
    def of(cls, workspace: Workspace, *, digest: bool = False) -> Snapshot:
        """The documents of the files the user asked about (the workspace's scope)."""
        documents: dict[str, dict[str, CjmDocument]] = {kind: {} for kind in KINDS}
        sources: dict[tuple[str, str], tuple[str | bytes, int]] = {}
        digests: dict[int, bytes] = {}
        for entry in workspace.entries:
            if not workspace.in_scope(entry):
                continue
            model = entry.model
            if model.id in documents[model.kind]:
                continue  # a duplicate id: CJM103, and the side does not validate
            documents[model.kind][model.id] = model
            text = entry.document.text
            source: str | bytes = text
            if digest:
                if id(text) not in digests:  # one file's documents share its text
                    digests[id(text)] = hashlib.blake2b(text.encode(), digest_size=20).digest()
                source = digests[id(text)]
            sources[(model.kind, model.id)] = (source, entry.document.index)
        return cls(documents, sources)

    def only(self, keys: Iterable[tuple[str, str]]) -> Snapshot:
        """The same fingerprints with only these documents: what another process sends."""
        documents: dict[str, dict[str, CjmDocument]] = {kind: {} for kind in KINDS}
        for kind, identifier in keys:
            documents[kind][identifier] = self.documents[kind][identifier]
        return Snapshot(documents, self.sources)


class Placed(NamedTuple):
    """A step or metric with the stage it sits in and its place there."""

    stage: str
    position: int
    item: Step | Metric


@dataclass(frozen=True, slots=True)
class StagePlace:
    """A stage of a changed journey as the map shows it: both versions (None on the
    side without it) and the keys of the steps shown in it, in order."""

    key: str
    old: Stage | None
    new: Stage | None
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class JourneyPair:
    """A journey that changed, both versions, for reports that draw the map, with its
    steps by the keys the comparison matched them with (so no report matches again)."""

    key: str
    old: JourneyDocument | None
    new: JourneyDocument | None
    old_steps: Mapping[str, Placed] = field(default_factory=dict)
    new_steps: Mapping[str, Placed] = field(default_factory=dict)
    old_metrics: Mapping[str, Placed] = field(default_factory=dict)
    new_metrics: Mapping[str, Placed] = field(default_factory=dict)
    #: The stages in map order (a removed one where it was), each with its steps.
    stages: tuple[StagePlace, ...] = ()


@dataclass
class Comparison:
    """The changes, and what reports need to name and draw them."""

    changes: list[Change]
    labels: dict[ChangePath, str] = field(default_factory=dict)
    journeys: list[JourneyPair] = field(default_factory=list)
    targets: dict[ChangePath, Any] = field(default_factory=dict)  # metric -> target
    #: Metric path -> the new version's status against its target (:mod:`cjm.measures`).
    statuses: dict[ChangePath, MetricStatus] = field(default_factory=dict)
    old_label: str = "old"
    new_label: str = "new"

    @property
    def tree(self) -> Node:
        """The changes grouped by object: journey, stage, step... (:func:`group`)."""
        return group(self.changes)

    def journey(self, key: str) -> JourneyPair | None:
        """The drawn versions of a changed journey, with its matched steps and metrics."""
        return next((pair for pair in self.journeys if pair.key == key), None)

    def count(self, effect: Effect) -> int:
        return sum(change.effect is effect for change in self.changes)

    @property
    def has_regressions(self) -> bool:
        return any(change.effect is Effect.REGRESSION for change in self.changes)


def compare(old: Snapshot, new: Snapshot) -> Comparison:
    """Every document of ``old`` against its counterpart in ``new``."""
    comparer = _Comparer()
    for kind in KINDS:
        before, after = old.documents.get(kind, {}), new.documents.get(kind, {})
        identifiers = {key[1] for key in (*old.sources, *new.sources) if key[0] == kind}
        identifiers.update(before, after)
        for identifier in sorted(identifiers):
            source = old.sources.get((kind, identifier))
            if source is not None and source == new.sources.get((kind, identifier)):
                continue
            first, second = before.get(identifier), after.get(identifier)
            comparer.document(kind, ((kind, identifier),), first, second)
    return comparer.result()


def compare_journeys(old: JourneyDocument, new: JourneyDocument) -> Comparison:
    """An ideal journey against its baseline: paths use the ideal journey's id on both
    sides so stages and steps match, and id, state and baseline are not changes."""
    comparer = _Comparer(baseline=True)
    comparer.journey((("journey", new.id),), old, new, skip=BASELINE_SKIPPED)
    return comparer.result()


class _Comparer:
    def __init__(self, *, baseline: bool = False) -> None:
        self.baseline = baseline  # the old side is the new side's baseline journey
        self.changes: list[Change] = []
        self.labels: dict[ChangePath, str] = {}
        self.journeys: list[JourneyPair] = []
        self.targets: dict[ChangePath, Any] = {}
        self.statuses: dict[ChangePath, MetricStatus] = {}

    def result(self) -> Comparison:
        return Comparison(
            self.changes, self.labels, self.journeys, self.targets, statuses=self.statuses
        )

    def emit(
        self,
        op: Op,
        kind: str,
        path: ChangePath,
        field_name: str | None,
        old: Any,
        new: Any,
        effect: Effect = Effect.NEUTRAL,
    ) -> None:
        self.changes.append(Change(op, kind, path, field_name, old, new, effect))

    # -- documents -----------------------------------------------------------------

    def document(
        self, kind: str, path: ChangePath, old: CjmDocument | None, new: CjmDocument | None
    ) -> None:
        if old is None or new is None:
            self.whole(kind, path, old, new)
            if kind == "journey":
                key = path[-1][1]
                self.journeys.append(self.pair(key, _journey_or_none(old), _journey_or_none(new)))
        elif isinstance(old, JourneyDocument) and isinstance(new, JourneyDocument):
            self.journey(path, old, new)
        elif old != new:
            self.label(path, new)
            self.fields(kind, path, old, new)

    def whole(
        self, kind: str, path: ChangePath, old: BaseModel | None, new: BaseModel | None
    ) -> None:
        """An object added or removed, as one change carrying all of its data."""
        model = new if new is not None else old
        assert model is not None
        self.label(path, model)
        value = dump(model, leave_out=("steps", "metrics") if kind == "stage" else ())
        op = Op.ADDED if new is not None else Op.REMOVED
        effect = object_effect(kind, op, value)
        if op is Op.ADDED:
            self.emit(op, kind, path, None, None, value, effect)
        else:
            self.emit(op, kind, path, None, value, None, effect)

    def label(self, path: ChangePath, model: BaseModel) -> None:
        for name in ("title", "name", "action", "description", "text"):
            value = getattr(model, name, None)
            if isinstance(value, str):
                self.labels[path] = value
                return

    # -- fields --------------------------------------------------------------------

    def fields(
        self,
        kind: str,
        path: ChangePath,
        old: BaseModel,
        new: BaseModel,
        *,
        skip: Iterable[str] = (),
        context: dict[str, Any] | None = None,
    ) -> None:
        """One change per changed field; lists of text item by item."""
        skipped = frozenset(skip) | _NESTED.get(kind, frozenset())
        for name in type(new).model_fields:
            if name in skipped:
                continue
            before: Any = getattr(old, name, None)
            after: Any = getattr(new, name, None)
            if before == after:
                continue
            if name == "pain_points":
                self.pain_points(path, before, after)
            elif _is_text_list(before) and _is_text_list(after):
                self.text_items(kind, path, name, before, after)
            elif isinstance(before, dict) and isinstance(after, dict):
                for key in _union(before, after):
                    if before.get(key) != after.get(key):
                        self.emit(
                            Op.CHANGED,
                            kind,
                            path,
                            f"{name}.{key}",
                            plain(before.get(key)),
                            plain(after.get(key)),
                        )
            else:
                old_value, new_value = plain(before), plain(after)
                effect = field_effect(kind, name, old_value, new_value, context or {})
                self.emit(Op.CHANGED, kind, path, name, old_value, new_value, effect)

    def text_items(
        self, kind: str, path: ChangePath, name: str, before: list[str], after: list[str]
    ) -> None:
        kept, gained = set(after), set(before)
        for text in dict.fromkeys(before):
            if text not in kept:
                effect = item_effect(kind, name, Op.REMOVED)
                self.emit(Op.REMOVED, kind, path, name, text, None, effect)
        for text in dict.fromkeys(after):
            if text not in gained:
                effect = item_effect(kind, name, Op.ADDED)
                self.emit(Op.ADDED, kind, path, name, None, text, effect)

    def pain_points(
        self, path: ChangePath, before: list[PainPoint], after: list[PainPoint]
    ) -> None:
        """Pain points are matched by their text; a new severity is a change."""
        old = {pain.text: pain for pain in reversed(before)}
        new = {pain.text: pain for pain in reversed(after)}
        for text in dict.fromkeys(pain.text for pain in before):
            if text not in new:
                value = pain_value(old[text])
                effect = item_effect("step", "pain_points", Op.REMOVED)
                self.emit(Op.REMOVED, "step", path, "pain_points", value, None, effect)
        for text in dict.fromkeys(pain.text for pain in after):
            if text not in old:
                value = pain_value(new[text])
                effect = item_effect("step", "pain_points", Op.ADDED)
                self.emit(Op.ADDED, "step", path, "pain_points", None, value, effect)
            elif old[text] != new[text]:
                first, second = pain_value(old[text]), pain_value(new[text])
                effect = field_effect("step", "pain_points", first, second, {})
                self.emit(Op.CHANGED, "step", path, "pain_points", first, second, effect)

    # -- journeys ------------------------------------------------------------------

    def journey(
        self,
        path: ChangePath,
        old: JourneyDocument,
        new: JourneyDocument,
        *,
        skip: Iterable[str] = (),
    ) -> None:
        self.label(path, new)
        if old == new:
            return
        count = len(self.changes)
        self.fields("journey", path, old, new, skip=skip)
        self.collection("goal", path, old.goals, new.goals, key_of_goal, ordered=True)
        self.collection(
            "touchpoint", path, old.touchpoints, new.touchpoints, key_of_touchpoint, ordered=False
        )
        self.stages(path, old, new)
        if len(self.changes) > count:
            self.journeys.append(self.pair(path[-1][1], old, new))

    def pair(
        self, key: str, old: JourneyDocument | None, new: JourneyDocument | None
    ) -> JourneyPair:
        old_steps, new_steps = journey_steps(old, new, baseline=self.baseline)
        old_metrics, new_metrics = (
            placed(keyed(journey.stages if journey else (), key_of_stage), "metrics")
            for journey in (old, new)
        )
        old_stages = keyed(old.stages if old else (), key_of_stage)
        new_stages = keyed(new.stages if new else (), key_of_stage)
        stages = tuple(
            StagePlace(
                stage_key,
                old_stages.get(stage_key),
                new_stages.get(stage_key),
                tuple(shown_in_stage(stage_key, old_steps, new_steps)),
            )
            for stage_key in merge_order(list(old_stages), list(new_stages))
        )
        return JourneyPair(key, old, new, old_steps, new_steps, old_metrics, new_metrics, stages)

    def collection(
        self,
        kind: str,
        parent: ChangePath,
        old_items: Iterable[BaseModel],
        new_items: Iterable[BaseModel],
        key_of: Callable[[Any], str],
        *,
        ordered: bool,
    ) -> None:
        """A list of objects matched by key; in an ordered list a reorder is a move."""
        old, new = keyed(old_items, key_of), keyed(new_items, key_of)
        if not old and not new:
            return
        old_keys, new_keys = list(old), list(new)
        still = unmoved(old_keys, new_keys) if ordered else set(old) & set(new)
        for key in merge_order(old_keys, new_keys):
            path = child(parent, kind, key)
            before, after = old.get(key), new.get(key)
            if before is None or after is None:
                self.whole(kind, path, before, after)
                continue
            if key not in still:
                self.moved(kind, path, "position", old_keys.index(key), new_keys.index(key))
            self.object(kind, path, before, after)

    def moved(self, kind: str, path: ChangePath, what: str, old: Any, new: Any) -> None:
        if what == "position":  # shown to people, who count from 1
            old, new = old + 1, new + 1
        self.emit(Op.MOVED, kind, path, what, old, new)

    def object(self, kind: str, path: ChangePath, old: BaseModel, new: BaseModel) -> None:
        self.label(path, new)
        if old == new:
            return
        context: dict[str, Any] = {}
        if isinstance(old, Metric) and isinstance(new, Metric):
            context = {"old_better": old.better.value, "new_better": new.better.value}
            self.targets[path] = plain(new.target)
            self.statuses[path] = metric_status(new)
        self.fields(kind, path, old, new, context=context)
        if isinstance(old, Step) and isinstance(new, Step):
            self.collection(
                "opportunity",
                path,
                old.opportunities,
                new.opportunities,
                key_of_opportunity,
                ordered=True,
            )

    def stages(self, path: ChangePath, old: JourneyDocument, new: JourneyDocument) -> None:
        """Stages by key; their steps and metrics matched across the whole journey."""
        old_stages, new_stages = keyed(old.stages, key_of_stage), keyed(new.stages, key_of_stage)
        old_keys, new_keys = list(old_stages), list(new_stages)
        still = unmoved(old_keys, new_keys)
        members = {
            "step": journey_steps(old, new, baseline=self.baseline),
            "metric": (placed(old_stages, "metrics"), placed(new_stages, "metrics")),
        }
        for stage_key in merge_order(old_keys, new_keys):
            stage_path = child(path, "stage", stage_key)
            before, after = old_stages.get(stage_key), new_stages.get(stage_key)
            if before is None or after is None:
                self.whole("stage", stage_path, before, after)
            else:
                if stage_key not in still:
                    self.moved(
                        "stage",
                        stage_path,
                        "position",
                        old_keys.index(stage_key),
                        new_keys.index(stage_key),
                    )
                self.object("stage", stage_path, before, after)
            for kind, (old_placed, new_placed) in members.items():
                self.members(kind, stage_path, stage_key, old_placed, new_placed)

    def members(
        self,
        kind: str,
        stage_path: ChangePath,
        stage_key: str,
        old: dict[str, Placed],
        new: dict[str, Placed],
    ) -> None:
        """The steps (or metrics) of one stage (see :func:`shown_in_stage`)."""
        old_here = [key for key, where in old.items() if where.stage == stage_key]
        new_here = [key for key, where in new.items() if where.stage == stage_key]
        if not old_here and not new_here:
            return
        stayed = {key for key in old_here if key in new and new[key].stage == stage_key}
        still = unmoved(
            [key for key in old_here if key in stayed], [key for key in new_here if key in stayed]
        )
        for key in shown_in_stage(stage_key, old, new):
            path = child(stage_path, kind, key)
            before, after = old.get(key), new.get(key)
            if after is None:
                assert before is not None
                self.whole(kind, path, before.item, None)
                continue
            if before is None:
                self.whole(kind, path, None, after.item)
                continue
            if before.stage != stage_key:
                self.moved(kind, path, "stage", before.stage, stage_key)
            elif key not in still:
                self.moved(kind, path, "position", before.position, after.position)
            self.object(kind, path, before.item, after.item)


def shown_in_stage(
    stage_key: str, old: Mapping[str, Placed], new: Mapping[str, Placed]
) -> list[str]:
    """The steps (or metrics) a report shows in a stage, in order: those in it now, and
    those that were in it and are gone (one that changed stage shows where it is now)."""
    old_here = [key for key, where in old.items() if where.stage == stage_key]
    new_here = [key for key, where in new.items() if where.stage == stage_key]
    return [
        key
        for key in merge_order(old_here, new_here)
        if key not in new or new[key].stage == stage_key
    ]


def placed(stages: Mapping[str, Stage], attribute: str) -> dict[str, Placed]:
    """Every metric of a journey by key, keys unique across the journey (steps are
    keyed by :func:`journey_steps`)."""
    result: dict[str, Placed] = {}
    for stage, model in stages.items():
        for index, item in enumerate(getattr(model, attribute)):
            result[unique_key(key_of_metric(item), result)] = Placed(stage, index, item)
    return result


def journey_steps(
    old: JourneyDocument | None, new: JourneyDocument | None, *, baseline: bool
) -> tuple[dict[str, Placed], dict[str, Placed]]:
    """Both journeys' steps by key, matched steps under one key (:mod:`cjm.matching`:
    id, then ``baseline_step`` when ``old`` is ``new``'s baseline, then text)."""
    (old_places, old_items), (new_places, new_items) = _steps_of(old), _steps_of(new)
    old_keys, new_keys = aligned_keys(old_items, new_items, baseline=baseline)
    return (
        dict(zip(old_keys, old_places, strict=True)),
        dict(zip(new_keys, new_places, strict=True)),
    )


def _steps_of(journey: JourneyDocument | None) -> tuple[list[Placed], list[Step]]:
    """A journey's steps in order, with where each sits."""
    places: list[Placed] = []
    steps: list[Step] = []
    if journey is not None:
        for stage_key, stage in keyed(journey.stages, key_of_stage).items():
            for index, step in enumerate(stage.steps):
                places.append(Placed(stage_key, index, step))
                steps.append(step)
    return places, steps


def _journey_or_none(model: CjmDocument | None) -> JourneyDocument | None:
    return model if isinstance(model, JourneyDocument) else None


def _is_text_list(value: object) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)


def _union(first: Mapping[str, Any], second: Mapping[str, Any]) -> Iterator[str]:
    yield from first
    yield from (key for key in second if key not in first)
