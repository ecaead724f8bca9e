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

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from pydantic import BaseModel

from cjm.diff import Effect, Op
from cjm.diff.align import keyed, merge_order, unique_key, unmoved
from cjm.diff.change import Change, ChangePath, Node, child, group
from cjm.diff.effects import REWORDABLE, Facts, judge
from cjm.diff.values import dump, pain_value, plain
from cjm.diff.words import shorten
from cjm.matching import (
    DERIVED,
    SAME_OBJECT,
    SAME_TEXT,
    SAME_TEXT_IN,
    aligned_keys,
    key_of_goal,
    key_of_metric,
    key_of_opportunity,
    key_of_stage,
    key_of_touchpoint,
    pair_similar,
    similarity,
    step_keys,
    text_similarity,
)
from cjm.measures import (
    MetricStatus,
    currency_code,
    has_cents,
    metric_status,
    read_metric,
    score_scale,
)
from cjm.model import (
    KINDS,
    REFERENCES,
    CjmDocument,
    JourneyDocument,
    Metric,
    PainPoint,
    Scope,
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
Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One side's documents by kind and id, with the source each was built from.

    Two documents built from the same text are the same model, so most of an unchanged
    workspace is skipped by comparing sources (the file's text and the document's index
    in it) rather than models.
    """

    documents: Mapping[str, Mapping[str, CjmDocument]]
    sources: Mapping[tuple[str, str], tuple[str, int]]
    #: Every shared touchpoint's name by id (those in files outside the scope too,
    #: which ``documents`` leaves out), so reports name a touchpoint the way the map does.
    touchpoint_names: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, workspace: Workspace) -> Snapshot:
        """The documents of the files the user asked about (the workspace's scope)."""
        documents: dict[str, dict[str, CjmDocument]] = {kind: {} for kind in KINDS}
        sources: dict[tuple[str, str], tuple[str, int]] = {}
        for entry in workspace.entries:
            if not workspace.in_scope(entry):
                continue
            model = entry.model
            if model.id in documents[model.kind]:
                continue  # a duplicate id: CJM103, and the side does not validate
            documents[model.kind][model.id] = model
            sources[(model.kind, model.id)] = (entry.document.text, entry.document.index)
        names = {key: touchpoint.name for key, touchpoint in workspace.touchpoints.items()}
        return cls(documents, sources, names)


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
    #: Metric path -> its unit, target and how its amounts are shown (both versions').
    metrics: dict[ChangePath, Facts] = field(default_factory=dict)
    #: Metric path -> the new version's status against its target (:mod:`cjm.measures`).
    statuses: dict[ChangePath, MetricStatus] = field(default_factory=dict)
    old_label: str = "old"
    new_label: str = "new"
    #: ``(scope, kind, new key) -> old key`` of each object matched under another key
    #: (renamed, reworded, given an id...). The scope is the path of the journey (of
    #: the journey and step, for an opportunity), stages left out, or ``()`` for a
    #: document: ids are unique there.
    former: dict[tuple[ChangePath, str, str], str] = field(default_factory=dict)
    #: Shared touchpoints' names by id, both sides (the new name wins), for reports.
    touchpoint_names: dict[str, str] = field(default_factory=dict)

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
    """Every document of ``old`` against its counterpart in ``new``.

    A document only on one side may be one renamed (:mod:`cjm.matching`'s
    similarity); renames are found kind by kind, segments, personas, touchpoints, then
    journeys, so that references are read through the renames of what they name.
    Journeys are compared baselines first (an ideal journey's ``baseline_step``
    follows its baseline's step renames), and reported in the order of their ids like
    every other kind.
    """
    comparer = _Comparer()
    comparer.touchpoint_names = {**old.touchpoint_names, **new.touchpoint_names}
    changed_ids = {kind: _changed(kind, old, new) for kind in KINDS}
    for kind in _RENAMED_IN_ORDER:
        before, after = old.documents.get(kind, {}), new.documents.get(kind, {})
        changed = changed_ids[kind]
        gone = {
            i: before[i]
            for i in changed
            if i in before and i not in after and (kind, i) not in new.sources
        }
        arrived = {
            i: after[i]
            for i in changed
            if i in after and i not in before and (kind, i) not in old.sources
        }
        comparer.renames.documents[kind].update(
            pair_similar(
                {i: comparer.translated(model) for i, model in gone.items()},
                arrived,
                similarity,
                SAME_OBJECT,
            )
        )
    for kind in KINDS:
        before, after = old.documents.get(kind, {}), new.documents.get(kind, {})
        changed = changed_ids[kind]
        renamed = comparer.renames.documents[kind]
        sources = {new_id: old_id for old_id, new_id in renamed.items()}
        comparer.former.update({((), kind, new_id): old_id for new_id, old_id in sources.items()})
        pairs = {
            identifier: (before.get(sources.get(identifier, identifier)), after.get(identifier))
            for identifier in changed
            if identifier in sources or identifier not in renamed  # not only renamed away
        }
        order = _baselines_first(pairs) if kind == "journey" else list(pairs)
        found: dict[str, Collected] = {}
        for identifier in order:
            first, second = pairs[identifier]
            with comparer.collecting() as found[identifier]:
                comparer.document(kind, ((kind, identifier),), first, second)
        for identifier in pairs:
            comparer.changes += found[identifier].changes
            comparer.journeys += found[identifier].journeys
    return comparer.result()


def _named_first() -> tuple[str, ...]:
    """The kinds, each after every other kind its documents name (the model's
    ``REFERENCES``), else in the model's order: segment, persona, touchpoint, journey.
    A kind naming itself (a journey its baseline) is read through its own renames as
    they are found, baselines first."""
    names = {
        kind: {r.target for r in REFERENCES if r.source == kind and r.target != kind} & set(KINDS)
        for kind in KINDS
    }
    order: list[str] = []
    while len(order) < len(KINDS):
        ready = [k for k in KINDS if k not in order and names[k] <= set(order)]
        assert ready, f"kinds that name each other: {names}"
        order.append(ready[0])
    return tuple(order)


#: Renames are looked for in this order, so that a document's references are read
#: through the renames of what they name (a persona its segment; a journey its persona,
#: segment, touchpoints).
_RENAMED_IN_ORDER = _named_first()
#: The fields of each kind that name a document by id, and the kind they name: the
#: references an old document's renamed targets are translated through.
_NAMING_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    kind: tuple(
        (str(r.pattern[0]), r.target)
        for r in REFERENCES
        if r.source == kind and r.scope is Scope.WORKSPACE and len(r.pattern) == 1
    )
    for kind in KINDS
}


def _changed(kind: str, old: Snapshot, new: Snapshot) -> list[str]:
    """The ids of ``kind`` whose source differs between the sides, sorted."""
    identifiers = {key[1] for key in (*old.sources, *new.sources) if key[0] == kind}
    identifiers.update(old.documents.get(kind, {}), new.documents.get(kind, {}))
    return [
        identifier
        for identifier in sorted(identifiers)
        if old.sources.get((kind, identifier)) is None
        or old.sources.get((kind, identifier)) != new.sources.get((kind, identifier))
    ]


def compare_journeys(
    old: JourneyDocument, new: JourneyDocument, *, touchpoint_names: Mapping[str, str] = {}
) -> Comparison:
    """An ideal journey against its baseline: paths use the ideal journey's id on both
    sides so stages and steps match, and id, state and baseline are not changes.
    ``touchpoint_names`` are the workspace's shared touchpoints, for the reports."""
    comparer = _Comparer(baseline=True)
    comparer.touchpoint_names = dict(touchpoint_names)
    comparer.journey((("journey", new.id),), old, new, skip=BASELINE_SKIPPED)
    return comparer.result()


def _baselines_first(
    pairs: Mapping[str, tuple[CjmDocument | None, CjmDocument | None]],
) -> list[str]:
    """Journey ids, each after the journey its new version names as baseline."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(identifier: str) -> None:
        if identifier in seen:
            return
        seen.add(identifier)
        model = pairs[identifier][1]
        baseline = model.baseline if isinstance(model, JourneyDocument) else None
        if baseline is not None and baseline in pairs:
            visit(baseline)
        order.append(identifier)

    for identifier in pairs:
        visit(identifier)
    return order


@dataclass
class Renames:
    """The ids found renamed so far: documents by kind, and each journey's steps (by
    the journey's new id), so references that follow a rename are not changes."""

    documents: dict[str, dict[str, str]] = field(default_factory=lambda: {k: {} for k in KINDS})
    steps: dict[str, dict[str, str]] = field(default_factory=dict)

    def of(self, kind: str, identifier: str | None) -> str | None:
        if identifier is None:
            return None
        return self.documents[kind].get(identifier, identifier)


@dataclass
class Collected:
    """What the comparison of one document found, kept apart until its turn."""

    changes: list[Change] = field(default_factory=list)
    journeys: list[JourneyPair] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class JourneyMatch:
    """Which stage, step and metric of one version of a journey is which of the other:
    found once per journey (by key, then by similar content) and read by every
    comparison of its parts and by the reports that draw it."""

    old_stages: Mapping[str, Stage]
    new_stages: Mapping[str, Stage]
    old_steps: Mapping[str, Placed]
    new_steps: Mapping[str, Placed]
    old_metrics: Mapping[str, Placed]
    new_metrics: Mapping[str, Placed]


class _Comparer:
    def __init__(self, *, baseline: bool = False) -> None:
        self.baseline = baseline  # the old side is the new side's baseline journey
        self.changes: list[Change] = []
        self.labels: dict[ChangePath, str] = {}
        self.journeys: list[JourneyPair] = []
        self.metrics: dict[ChangePath, Facts] = {}
        self.statuses: dict[ChangePath, MetricStatus] = {}
        self.renames = Renames()
        self.former: dict[tuple[ChangePath, str, str], str] = {}
        self.touchpoint_names: dict[str, str] = {}

    def result(self) -> Comparison:
        return Comparison(
            self.changes,
            self.labels,
            self.journeys,
            self.metrics,
            statuses=self.statuses,
            former=self.former,
            touchpoint_names=self.touchpoint_names,
        )

    @contextmanager
    def collecting(self) -> Iterator[Collected]:
        """The changes (and changed journeys) found inside the block, kept apart."""
        found = Collected()
        outer = self.changes, self.journeys
        self.changes, self.journeys = found.changes, found.journeys
        try:
            yield found
        finally:
            self.changes, self.journeys = outer

    def emit(
        self,
        op: Op,
        kind: str,
        path: ChangePath,
        field_name: str | None,
        old: Any,
        new: Any,
        facts: Facts | None = None,
    ) -> None:
        """One change, judged by :mod:`cjm.diff.effects` (its effect and reason)."""
        facts = facts or Facts(self.name_of(path), kind)
        if self.baseline:
            facts = replace(facts, baseline=True)
        verdict = judge(op, kind, field_name, old, new, facts)
        self.changes.append(
            Change(op, kind, path, field_name, old, new, verdict.effect, verdict.reason)
        )

    def name_of(self, path: ChangePath) -> str:
        """How a reason names an object: its id, or its label when it has none."""
        key = path[-1][1]
        if key.startswith(DERIVED):
            return f'"{shorten(self.labels.get(path, key[1:]), 60)}"'
        return f"'{key}'"

    # -- references ----------------------------------------------------------------

    def translated(self, model: CjmDocument) -> CjmDocument:
        """The old side's document with its references to other documents read
        through the renames found so far."""
        if isinstance(model, JourneyDocument):
            return self.translated_journey(model, {}, {})
        update = self.renamed_references(model)
        return model.model_copy(update=update) if update else model

    def renamed_references(self, model: CjmDocument) -> dict[str, Any]:
        """The fields of ``model`` naming a document (persona, segment, baseline...)
        whose target was renamed, with the new ids."""
        update: dict[str, Any] = {}
        for name, target in _NAMING_FIELDS[model.kind]:
            value = getattr(model, name)
            moved = self.renames.of(target, value)
            if moved != value:
                update[name] = moved
        return update

    def translated_journey(
        self, journey: JourneyDocument, touchpoints: Mapping[str, str], metrics: Mapping[str, str]
    ) -> JourneyDocument:
        """An old journey whose references name the new ids: documents renamed,
        inline ``touchpoints`` and ``metrics`` renamed in it (old id -> new id), and
        the steps of its baseline renamed."""
        renames = self.renames
        baseline = renames.of("journey", journey.baseline)
        steps_of_baseline = renames.steps.get(baseline or "", {})
        update = self.renamed_references(journey)
        if metrics and any(goal.metric in metrics for goal in journey.goals):
            update["goals"] = tuple(
                goal.model_copy(update={"metric": metrics.get(goal.metric, goal.metric)})
                if goal.metric is not None
                else goal
                for goal in journey.goals
            )
        shared = renames.documents["touchpoint"]
        if shared or touchpoints or steps_of_baseline:

            def step(model: Step) -> Step:
                points = tuple(
                    touchpoints.get(point, shared.get(point, point)) for point in model.touchpoint
                )
                replaced = tuple(steps_of_baseline.get(s, s) for s in model.baseline_step)
                if points == model.touchpoint and replaced == model.baseline_step:
                    return model
                return model.model_copy(update={"touchpoint": points, "baseline_step": replaced})

            stages = tuple(
                stage.model_copy(update={"steps": tuple(step(s) for s in stage.steps)})
                for stage in journey.stages
            )
            if stages != journey.stages:
                update["stages"] = stages
        return journey.model_copy(update=update) if update else journey

    # -- documents -----------------------------------------------------------------

    def document(
        self, kind: str, path: ChangePath, old: CjmDocument | None, new: CjmDocument | None
    ) -> None:
        if old is None or new is None:
            self.whole(kind, path, old, new)
            if kind == "journey":
                key = path[-1][1]
                self.journeys.append(
                    self.pair(key, _journey_or_none(old), _journey_or_none(new), None)
                )
            return
        self.label(path, new)
        skip = self.renamed(kind, path, old, new)
        if isinstance(old, JourneyDocument) and isinstance(new, JourneyDocument):
            self.journey(path, old, new, skip=skip)
        else:
            old = self.translated(old)
            if old != new:
                self.fields(kind, path, old, new, skip=skip)

    def renamed(
        self, kind: str, path: ChangePath, old: BaseModel, new: BaseModel
    ) -> tuple[str, ...]:
        """A ``renamed`` change when both versions have ids and they differ; then the
        id is not compared as a field. Against a baseline journey, an ideal step under
        another id is the step that replaces it (``baseline_step``), not a rename."""
        before, after = getattr(old, "id", None), getattr(new, "id", None)
        if before is None or after is None or before == after:
            return ()
        if not self.baseline:  # against a baseline, other ids are steps replaced
            self.emit(Op.RENAMED, kind, path, "id", before, after)
        return ("id",)

    def whole(
        self, kind: str, path: ChangePath, old: BaseModel | None, new: BaseModel | None
    ) -> None:
        """An object added or removed, as one change carrying all of its data."""
        model = new if new is not None else old
        assert model is not None
        self.label(path, model)
        value = dump(model, leave_out=("steps", "metrics") if kind == "stage" else ())
        if new is not None:
            self.emit(Op.ADDED, kind, path, None, None, value)
        else:
            self.emit(Op.REMOVED, kind, path, None, value, None)

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
        facts: Facts | None = None,
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
                self.emit(Op.CHANGED, kind, path, name, plain(before), plain(after), facts)

    def text_items(
        self, kind: str, path: ChangePath, name: str, before: list[str], after: list[str]
    ) -> None:
        """Items of a list of texts, counted (a text written twice is two items):
        removed, then reworded (:data:`REWORDABLE` lists only: a removed and an added
        item that read alike) and added, in the new order."""
        gone, fresh = _unmatched(before, after, str), _unmatched(after, before, str)
        reworded: dict[str, str] = {}
        if name in REWORDABLE:
            limit = SAME_TEXT_IN.get(name, SAME_TEXT)
            reworded = pair_similar(gone, fresh, text_similarity, limit)
        was = {new_key: old_key for old_key, new_key in reworded.items()}
        for key, text in gone.items():
            if key not in reworded:
                self.emit(Op.REMOVED, kind, path, name, text, None)
        for key, text in fresh.items():
            if key in was:
                self.emit(Op.CHANGED, kind, path, name, gone[was[key]], text)
            else:
                self.emit(Op.ADDED, kind, path, name, None, text)

    def pain_points(
        self, path: ChangePath, before: list[PainPoint], after: list[PainPoint]
    ) -> None:
        """Pain points are matched by their text (the first with a text to the first),
        then by text that reads alike (one reworded); a new severity or wording is a
        change."""
        old_by_text = _occurrences(before, _pain_text)
        gone = _unmatched(before, after, _pain_text)
        fresh = _unmatched(after, before, _pain_text)
        reworded = pair_similar(
            {key: pain.text for key, pain in gone.items()},
            {key: pain.text for key, pain in fresh.items()},
            text_similarity,
            SAME_TEXT,
        )
        was = {new_key: old_key for old_key, new_key in reworded.items()}
        for key, pain in gone.items():
            if key not in reworded:
                self.emit(Op.REMOVED, "step", path, "pain_points", pain_value(pain), None)
        for key, pain in _occurrences(after, _pain_text).items():
            previous = old_by_text.get(key) if key not in fresh else None
            if key in was:
                previous = gone[was[key]]
            if previous is None:
                self.emit(Op.ADDED, "step", path, "pain_points", None, pain_value(pain))
            elif previous != pain:
                first, second = pain_value(previous), pain_value(pain)
                self.emit(Op.CHANGED, "step", path, "pain_points", first, second)

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
        metrics: dict[str, str] = {}
        if not self.baseline:
            old_metrics = placed(keyed(old.stages, key_of_stage), "metrics")
            new_metrics = placed(keyed(new.stages, key_of_stage), "metrics")
            metrics = _ids_of(
                self.rekeyed(old_metrics, new_metrics, _placed_similarity), new_metrics
            )
        touchpoints = self.similar_ids(old.touchpoints, new.touchpoints, key_of_touchpoint)
        old = self.translated_journey(old, touchpoints, metrics)
        match = self.match(path[-1][1], old, new)
        self.fields("journey", path, old, new, skip=skip)
        self.collection("goal", path, old.goals, new.goals, key_of_goal, ordered=True)
        self.collection(
            "touchpoint", path, old.touchpoints, new.touchpoints, key_of_touchpoint, ordered=False
        )
        self.stages(path, match)
        if len(self.changes) > count:
            self.journeys.append(self.pair(path[-1][1], old, new, match))

    def match(self, key: str, old: JourneyDocument, new: JourneyDocument) -> JourneyMatch:
        """Stages, steps and metrics of both versions by shared keys (see
        :class:`JourneyMatch`); steps by :func:`cjm.matching.match_steps`."""
        old_stages = keyed(old.stages, key_of_stage)
        new_stages = keyed(new.stages, key_of_stage)
        old_metrics = placed(old_stages, "metrics")
        new_metrics = placed(new_stages, "metrics")
        journey: ChangePath = (("journey", key),)
        if not self.baseline:
            old_metrics = self.rekeyed(
                old_metrics, new_metrics, _placed_similarity, (journey, "metric")
            )
        old_steps, new_steps = journey_steps(old_stages, new_stages, baseline=self.baseline)
        originals = step_keys([p.item for p in old_steps.values() if isinstance(p.item, Step)])
        for original, aligned in zip(originals, old_steps, strict=True):
            if original != aligned:
                self.former[(journey, "step", aligned)] = original
        if not self.baseline:
            old_stages = self.rekeyed(old_stages, new_stages, similarity, (journey, "stage"))
            renamed = dict(zip(keyed(old.stages, key_of_stage), old_stages, strict=True))
            old_steps = {k: p._replace(stage=renamed[p.stage]) for k, p in old_steps.items()}
            old_metrics = {k: p._replace(stage=renamed[p.stage]) for k, p in old_metrics.items()}
            self.renames.steps[key] = _ids_of(old_steps, new_steps)
        return JourneyMatch(old_stages, new_stages, old_steps, new_steps, old_metrics, new_metrics)

    def similar_ids(
        self, old: Iterable[BaseModel], new: Iterable[BaseModel], key_of: Callable[[Any], str]
    ) -> dict[str, str]:
        """Old id -> new id of the objects of a list found renamed."""
        before, after = keyed(old, key_of), keyed(new, key_of)
        if self.baseline:
            return {}
        return {
            getattr(before[old_key], "id", old_key): new_key
            for old_key, new_key in self.similar_keys(before, after, similarity).items()
        }

    def similar_keys(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        score: Callable[[Any, Any], float],
    ) -> dict[str, str]:
        """Old key -> new key of the objects left over after matching by key that are
        one object (renamed, or reworded when they have no id)."""
        left_old = {key: item for key, item in old.items() if key not in new}
        left_new = {key: item for key, item in new.items() if key not in old}
        return pair_similar(left_old, left_new, score, SAME_OBJECT)

    def rekeyed(
        self,
        old: Mapping[str, Item],
        new: Mapping[str, Any],
        score: Callable[[Any, Any], float],
        where: tuple[ChangePath, str] | None = None,
    ) -> dict[str, Item]:
        """``old`` with each object found to be one of ``new`` under that one's key;
        ``where`` (the parent's path and the objects' kind) records the old keys."""
        pairs = self.similar_keys(old, new, score)
        if where is not None:
            for old_key, new_key in pairs.items():
                self.former[(_scope(where[0]), where[1], new_key)] = old_key
        return {pairs.get(key, key): item for key, item in old.items()}

    def pair(
        self,
        key: str,
        old: JourneyDocument | None,
        new: JourneyDocument | None,
        match: JourneyMatch | None,
    ) -> JourneyPair:
        if match is None:
            old_stages = keyed(old.stages if old else (), key_of_stage)
            new_stages = keyed(new.stages if new else (), key_of_stage)
            old_steps, new_steps = journey_steps(old_stages, new_stages, baseline=self.baseline)
            match = JourneyMatch(
                old_stages,
                new_stages,
                old_steps,
                new_steps,
                placed(old_stages, "metrics"),
                placed(new_stages, "metrics"),
            )
        stages = tuple(
            StagePlace(
                stage_key,
                match.old_stages.get(stage_key),
                match.new_stages.get(stage_key),
                tuple(shown_in_stage(stage_key, match.old_steps, match.new_steps)),
            )
            for stage_key in merge_order(list(match.old_stages), list(match.new_stages))
        )
        return JourneyPair(
            key,
            old,
            new,
            match.old_steps,
            match.new_steps,
            match.old_metrics,
            match.new_metrics,
            stages,
        )

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
        """A list of objects matched by key, then by similar content; in an ordered
        list a reorder is a move."""
        old, new = keyed(old_items, key_of), keyed(new_items, key_of)
        if not old and not new:
            return
        if not self.baseline:
            old = self.rekeyed(old, new, similarity, (parent, kind))
        old_keys, new_keys = list(old), list(new)
        if ordered:
            still = unmoved(old_keys, new_keys, self.side_free(parent, kind))
        else:
            still = set(old) & set(new)
        for key in merge_order(old_keys, new_keys):
            path = child(parent, kind, key)
            before, after = old.get(key), new.get(key)
            if before is None or after is None:
                self.whole(kind, path, before, after)
                continue
            if key not in still:
                self.moved(kind, path, "position", old_keys.index(key), new_keys.index(key))
            self.object(kind, path, before, after)

    def side_free(self, parent: ChangePath, kind: str) -> Callable[[str], str]:
        """A name for each key that is the same whichever side is old: an object
        matched under another key is named by the first of its two keys."""
        scope = _scope(parent)
        former = self.former
        return lambda key: min(key, former.get((scope, kind, key), key))

    def moved(self, kind: str, path: ChangePath, what: str, old: Any, new: Any) -> None:
        if what == "position":  # shown to people, who count from 1
            old, new = old + 1, new + 1
        self.emit(Op.MOVED, kind, path, what, old, new)

    def object(self, kind: str, path: ChangePath, old: BaseModel, new: BaseModel) -> None:
        self.label(path, new)
        if old == new:
            return
        facts = None
        if isinstance(old, Metric) and isinstance(new, Metric):
            old_reading, new_reading = read_metric(old), read_metric(new)
            facts = Facts(
                self.name_of(path),
                kind,
                old.better.value,
                new.better.value,
                new_reading.unit.value if new_reading.unit else None,
                plain(new.target),
                old_unit=old_reading.unit.value if old_reading.unit else None,
                currency=currency_code(new) or currency_code(old),
                scale=score_scale(new) or score_scale(old),
                cents=has_cents(old) or has_cents(new),
            )
            self.metrics[path] = facts
            self.statuses[path] = metric_status(new)
        skip = self.renamed(kind, path, old, new)
        self.fields(kind, path, old, new, skip=skip, facts=facts)
        if isinstance(old, Step) and isinstance(new, Step):
            self.collection(
                "opportunity",
                path,
                old.opportunities,
                new.opportunities,
                key_of_opportunity,
                ordered=True,
            )

    def stages(self, path: ChangePath, match: JourneyMatch) -> None:
        """Stages by key; their steps and metrics matched across the whole journey."""
        old_stages, new_stages = match.old_stages, match.new_stages
        old_keys, new_keys = list(old_stages), list(new_stages)
        still = unmoved(old_keys, new_keys, self.side_free(path, "stage"))
        members = {
            "step": (match.old_steps, match.new_steps),
            "metric": (match.old_metrics, match.new_metrics),
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
        old: Mapping[str, Placed],
        new: Mapping[str, Placed],
    ) -> None:
        """The steps (or metrics) of one stage (see :func:`shown_in_stage`)."""
        old_here = [key for key, where in old.items() if where.stage == stage_key]
        new_here = [key for key, where in new.items() if where.stage == stage_key]
        if not old_here and not new_here:
            return
        stayed = {key for key in old_here if key in new and new[key].stage == stage_key}
        still = unmoved(
            [key for key in old_here if key in stayed],
            [key for key in new_here if key in stayed],
            self.side_free(stage_path, kind),
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
    old: Mapping[str, Stage], new: Mapping[str, Stage], *, baseline: bool
) -> tuple[dict[str, Placed], dict[str, Placed]]:
    """Both journeys' steps (their stages by key) by key, matched steps under one key
    (:mod:`cjm.matching`: id, then ``baseline_step`` when ``old`` is ``new``'s
    baseline, then text, then similar content between versions)."""
    (old_places, old_items), (new_places, new_items) = _steps_of(old), _steps_of(new)
    old_keys, new_keys = aligned_keys(old_items, new_items, baseline=baseline)
    return (
        dict(zip(old_keys, old_places, strict=True)),
        dict(zip(new_keys, new_places, strict=True)),
    )


def _steps_of(stages: Mapping[str, Stage]) -> tuple[list[Placed], list[Step]]:
    """A journey's steps in order, with where each sits."""
    places: list[Placed] = []
    steps: list[Step] = []
    for stage_key, stage in stages.items():
        for index, step in enumerate(stage.steps):
            places.append(Placed(stage_key, index, step))
            steps.append(step)
    return places, steps


def _ids_of(old: Mapping[str, Placed], new: Mapping[str, Placed]) -> dict[str, str]:
    """Old id -> new id of the matched steps (or metrics) whose id changed."""
    renamed: dict[str, str] = {}
    for key, where in old.items():
        after = new.get(key)
        before_id = getattr(where.item, "id", None)
        after_id = getattr(after.item, "id", None) if after is not None else None
        if before_id and after_id and before_id != after_id:
            renamed[before_id] = after_id
    return renamed


def _scope(path: ChangePath) -> ChangePath:
    """Where keys of objects are unique: the path with its stages left out."""
    return tuple(part for part in path if part[0] != "stage")


def _placed_similarity(old: Placed, new: Placed) -> float:
    return similarity(old.item, new.item)


Counted = TypeVar("Counted")


def _occurrences(items: Iterable[Counted], text_of: Callable[[Counted], str]) -> dict[str, Counted]:
    """Items by their text, the second with one text as ``text``, NUL, ``2`` and so on, so that
    a text written twice is two items that each meet their counterpart."""
    result: dict[str, Counted] = {}
    seen: dict[str, int] = {}
    for item in items:
        text = text_of(item)
        seen[text] = seen.get(text, 0) + 1
        result[text if seen[text] == 1 else f"{text}\x00{seen[text]}"] = item
    return result


def _unmatched(
    items: Iterable[Counted], others: Iterable[Counted], text_of: Callable[[Counted], str]
) -> dict[str, Counted]:
    """The occurrences of ``items`` that ``others`` do not hold."""
    theirs = _occurrences(others, text_of)
    return {key: item for key, item in _occurrences(items, text_of).items() if key not in theirs}


def _pain_text(pain: PainPoint) -> str:
    return pain.text


def _journey_or_none(model: CjmDocument | None) -> JourneyDocument | None:
    return model if isinstance(model, JourneyDocument) else None


def _is_text_list(value: object) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)


def _union(first: Mapping[str, Any], second: Mapping[str, Any]) -> Iterator[str]:
    yield from first
    yield from (key for key in second if key not in first)
