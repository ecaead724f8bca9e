"""Hypothesis strategies for small, VALID workspaces, written as YAML text.

A workspace is drawn as plain data (one dict per document, as a user would write it),
checked against the pydantic models of :mod:`cjm.model` so that the strategy cannot
drift from the format unnoticed, and spread over a handful of files, some of them
holding several documents. Examples stay small (few stages, few steps) because every
example runs every command; breadth comes from the number of examples, not their size.

Texts mix plain words with valid but awkward ones (markup, quotes, braces, RTL marks,
zero-width spaces, emoji, words YAML 1.1 would read as booleans), so that the valid
side already exercises escaping in every output format.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from typing import Any

import yaml
from hypothesis import strategies as st

from cjm.model import DOCUMENT_MODELS, ID_PATTERN, WorkspaceConfig

PLAIN_TEXTS = ["Ania", "Pays at the till", "Waits", "Books a visit", "Calm", "Web shop"]
ODD_TEXTS = [
    "<script>alert(1)</script>",
    'Says "hello" and {curly} [square]',
    "It's 50% off: today & tomorrow",
    "Zażółć gęślą jaźń",
    "\u200f\u0645\u0631\u062d\u0628\u0627\u200f right to left",  # Arabic, RTL marks
    "zero\u200bwidth\u200bspace",
    "Happy 🙂 with 👩‍👩‍👧",
    "{{ not_a_template }} {% raw %}",
    "a: b # not a comment",
    "- not a list",
    "yes",
    "null",
    "12",
    "2.50",
    "2024-09-01",
    "<!-- --> ]]> \\ `tick` | pipe",
    "line\nbreak",
    " ",
]
TEXTS = st.one_of(st.sampled_from(PLAIN_TEXTS), st.sampled_from(ODD_TEXTS))
#: Random ids (exercise the id pattern's edges) next to a pool of short readable ones.
RANDOM_IDS = st.from_regex(ID_PATTERN.replace("{0,63}", "{0,8}"), fullmatch=True)
LEVELS = ["low", "medium", "high"]
PHASES = ["pre-purchase", "purchase", "post-purchase"]
UNITS = ["count", "percent", "currency", "score", "seconds", "text"]
#: Metric values as people write them, by unit (docs/format.md, "Values and
#: targets"): each reads in its unit, and those of one unit agree with one another.
WRITTEN = {
    "count": ["1,200", "1 200"],
    "percent": ["12%", "35 %"],
    "currency": ["3.80 EUR", "\u20ac4"],
    "score": ["3.9 of 5", "4/5"],
    "seconds": ["2h", "1 h 30 min", "45 s"],
    "text": ["n/a", "good"],
}
FILE_NAMES = ["a.yaml", "people/b.yaml", "c.yml", "journeys/deep/d.yaml"]

Document = dict[str, Any]
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: several times faster


@dataclass
class Draft:
    """A workspace as data: file name -> its documents, plus an optional ``cjm.yaml``."""

    #: Lists of Any, not Document: mutations put lists, scalars and None there too.
    files: dict[str, list[Any]]
    config: Document | None = None
    #: How each file is written: flow style for leaves, non-ASCII escaped or not.
    styles: dict[str, tuple[bool, bool]] = field(default_factory=dict)

    def documents(self) -> list[Any]:
        return [document for documents in self.files.values() for document in documents]

    def copy(self) -> Draft:
        return Draft(copy.deepcopy(self.files), copy.deepcopy(self.config), dict(self.styles))


def _unique_ids(draw: st.DrawFn, prefix: str, count: int) -> list[str]:
    """``count`` distinct ids: mostly ``prefix-N``, sometimes a random one."""
    result: list[str] = []
    for number in range(count):
        candidate = draw(st.one_of(st.just(f"{prefix}-{number}"), RANDOM_IDS))
        while candidate in result:
            candidate = f"{candidate}-{number}"[:64]
        result.append(candidate)
    return result


def _optional(
    draw: st.DrawFn, target: Document, key: str, strategy: st.SearchStrategy[Any]
) -> None:
    if draw(st.booleans()):
        target[key] = draw(strategy)


def _text_or_object(draw: st.DrawFn, extra: dict[str, st.SearchStrategy[Any]]) -> Any:
    text = draw(TEXTS)
    if draw(st.booleans()):
        return text
    result: Document = {"text": text}
    for key, strategy in extra.items():
        _optional(draw, result, key, strategy)
    return result


@st.composite
def segments(draw: st.DrawFn, identifier: str) -> Document:
    segment: Document = {"cjm": 1, "kind": "segment", "id": identifier, "name": draw(TEXTS)}
    _optional(draw, segment, "description", TEXTS)
    _optional(draw, segment, "share", st.sampled_from([0, 0.35, 1, 0.5]))
    return segment


@st.composite
def personas(draw: st.DrawFn, identifier: str, segment_ids: list[str]) -> Document:
    persona: Document = {"cjm": 1, "kind": "persona", "id": identifier, "name": draw(TEXTS)}
    _optional(draw, persona, "summary", TEXTS)
    if segment_ids:
        _optional(draw, persona, "segment", st.sampled_from(segment_ids))
    _optional(
        draw,
        persona,
        "demographics",
        st.dictionaries(
            st.sampled_from(["age", "city", "pets"]), st.one_of(st.integers(0, 99), TEXTS)
        ),
    )
    for key in ("goals", "needs", "pains", "motivations", "channels"):
        _optional(draw, persona, key, st.lists(TEXTS, max_size=2))
    _optional(draw, persona, "quote", TEXTS)
    return persona


@st.composite
def touchpoint_fields(draw: st.DrawFn, identifier: str) -> Document:
    touchpoint: Document = {
        "id": identifier,
        "name": draw(TEXTS),
        "mode": draw(st.sampled_from(["online", "offline"])),
        "operator": draw(st.sampled_from(["human", "automated", "hybrid"])),
    }
    for key in ("channel", "owner", "tactic", "description"):
        _optional(draw, touchpoint, key, TEXTS)
    return touchpoint


@st.composite
def shared_touchpoints(draw: st.DrawFn, identifier: str) -> Document:
    return {"cjm": 1, "kind": "touchpoint", **draw(touchpoint_fields(identifier))}


@st.composite
def steps(draw: st.DrawFn, identifier: str | None, touchpoint_ids: list[str]) -> Document:
    step: Document = {"action": draw(TEXTS)}
    if identifier is not None:
        step["id"] = identifier
    if touchpoint_ids and draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(touchpoint_ids), min_size=1, max_size=2))
        step["touchpoint"] = chosen[0] if len(chosen) == 1 and draw(st.booleans()) else chosen
    _optional(draw, step, "emotion", st.integers(-2, 2))
    _optional(draw, step, "feeling", TEXTS)
    for key in ("thoughts", "evidence", "backstage"):
        _optional(draw, step, key, st.lists(TEXTS, max_size=2))
    if draw(st.booleans()):
        step["pain_points"] = [
            _text_or_object(draw, {"severity": st.sampled_from(LEVELS)})
            for _ in range(draw(st.integers(1, 2)))
        ]
    if draw(st.booleans()):
        step["opportunities"] = [
            _text_or_object(
                draw,
                {
                    "impact": st.sampled_from(LEVELS),
                    "effort": st.sampled_from(LEVELS),
                    "status": st.sampled_from(["idea", "planned", "in-progress", "done"]),
                    "owner": TEXTS,
                },
            )
            for _ in range(draw(st.integers(1, 2)))
        ]
    return step


@st.composite
def metrics(draw: st.DrawFn, identifier: str | None) -> Document:
    metric: Document = {"name": draw(TEXTS)}
    if identifier is not None:
        metric["id"] = identifier
    unit = draw(st.one_of(st.none(), st.sampled_from(UNITS)))
    # without a unit, value and target are written in one (docs/format.md: they must agree)
    written = WRITTEN[unit or draw(st.sampled_from([u for u in UNITS if u != "text"]))]
    values = st.one_of(st.integers(-5, 3000), st.sampled_from([0.5, 99.9, *written]))
    _optional(draw, metric, "value", values)
    _optional(draw, metric, "target", values)
    if unit is not None:
        metric["unit"] = unit
    _optional(draw, metric, "better", st.sampled_from(["higher", "lower"]))
    _optional(draw, metric, "source", TEXTS)
    return metric


@st.composite
def journeys(
    draw: st.DrawFn,
    identifier: str,
    persona_ids: list[str],
    segment_ids: list[str],
    shared_ids: list[str],
    baseline: str | None,
) -> Document:
    journey: Document = {
        "cjm": 1,
        "kind": "journey",
        "id": identifier,
        "title": draw(TEXTS),
        "persona": draw(st.sampled_from(persona_ids)),
    }
    if segment_ids:
        _optional(draw, journey, "segment", st.sampled_from(segment_ids))
    _optional(draw, journey, "scenario", TEXTS)
    if baseline is not None:
        journey["baseline"] = baseline
        journey["state"] = "ideal"
    else:
        _optional(draw, journey, "state", st.sampled_from(["current", "ideal"]))
    _optional(draw, journey, "owner", TEXTS)
    _optional(draw, journey, "tags", st.lists(TEXTS, max_size=2))
    inline_ids = [
        f"{identifier[:50]}-in-{number}"
        for number in range(draw(st.integers(0, 2)))
        if f"{identifier[:50]}-in-{number}" not in shared_ids
    ]
    if inline_ids:
        journey["touchpoints"] = [draw(touchpoint_fields(key)) for key in inline_ids]
    visible = shared_ids + inline_ids
    stage_count = draw(st.integers(1, 3))
    stage_ids = _unique_ids(draw, "stage", stage_count)
    step_number = metric_number = 0
    metric_ids: list[str] = []
    stages: list[Document] = []
    for stage_id in stage_ids:
        stage: Document = {"name": draw(TEXTS)}
        if draw(st.integers(0, 4)):
            stage["id"] = stage_id
        _optional(draw, stage, "phase", st.sampled_from(PHASES))
        _optional(draw, stage, "description", TEXTS)
        stage_steps = []
        for _ in range(draw(st.integers(0, 3))):
            step_number += 1
            step_id = f"step-{step_number}" if draw(st.integers(0, 4)) else None
            stage_steps.append(draw(steps(step_id, visible)))
        if stage_steps or draw(st.booleans()):
            stage["steps"] = stage_steps
        stage_metrics = []
        for _ in range(draw(st.integers(0, 2))):
            metric_number += 1
            metric_id = f"metric-{metric_number}" if draw(st.integers(0, 4)) else None
            if metric_id is not None:
                metric_ids.append(metric_id)
            stage_metrics.append(draw(metrics(metric_id)))
        if stage_metrics:
            stage["metrics"] = stage_metrics
        stages.append(stage)
    goals: list[Document] = []
    for number in range(draw(st.integers(0, 2))):
        goal: Document = {"description": draw(TEXTS)}
        if draw(st.booleans()):
            goal["id"] = f"goal-{number}"
        if metric_ids:
            _optional(draw, goal, "metric", st.sampled_from(metric_ids))
        _optional(
            draw,
            goal,
            "due",
            st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)),
        )
        goals.append(goal)
    if goals:
        journey["goals"] = goals
    journey["stages"] = stages
    return journey


@st.composite
def drafts(draw: st.DrawFn) -> Draft:
    """A valid workspace: 0-2 segments, 1-2 personas, 0-3 shared touchpoints, 1-2 journeys
    (the second sometimes an ideal journey whose baseline is the first)."""
    segment_ids = _unique_ids(draw, "segment", draw(st.integers(0, 2)))
    persona_ids = _unique_ids(draw, "persona", draw(st.integers(1, 2)))
    touchpoint_ids = _unique_ids(draw, "touchpoint", draw(st.integers(0, 3)))
    journey_ids = _unique_ids(draw, "journey", draw(st.integers(1, 2)))
    if "index" in journey_ids:  # its page would be index.html: a separate, known question
        journey_ids = [f"j-{key}" for key in journey_ids]
    documents: list[Document] = [draw(segments(key)) for key in segment_ids]
    documents += [draw(personas(key, segment_ids)) for key in persona_ids]
    documents += [draw(shared_touchpoints(key)) for key in touchpoint_ids]
    for number, key in enumerate(journey_ids):
        baseline = journey_ids[0] if number == 1 and draw(st.booleans()) else None
        documents.append(draw(journeys(key, persona_ids, segment_ids, touchpoint_ids, baseline)))
    for document in documents:
        DOCUMENT_MODELS[document["kind"]].model_validate(document)  # the strategy stays valid
    files: dict[str, list[Any]] = {}
    for document in draw(st.permutations(documents)):
        files.setdefault(draw(st.sampled_from(FILE_NAMES)), []).append(document)
    config: Document | None = None
    if draw(st.booleans()):
        config = {"cjm": 1}
        _optional(draw, config, "name", TEXTS)
        _optional(draw, config, "lint", st.just({"ignore": ["CJM209"]}))
        WorkspaceConfig.model_validate(config)
    styles = {name: (draw(st.booleans()), draw(st.booleans())) for name in files}
    return Draft(files, config, styles)


def dump_document(document: Any, *, flow: bool = False, ascii_only: bool = False) -> str:
    """One document as YAML text, keys in the order a user writes them."""
    return yaml.dump(
        document,
        Dumper=_DUMPER,
        sort_keys=False,
        allow_unicode=not ascii_only,
        default_flow_style=None if flow else False,
        width=80,
    )


def dump(draft: Draft) -> dict[str, str]:
    """The draft as file name -> YAML text (several documents joined by ``---``)."""
    result: dict[str, str] = {}
    for name, documents in draft.files.items():
        flow, ascii_only = draft.styles.get(name, (False, False))
        texts = [dump_document(d, flow=flow, ascii_only=ascii_only) for d in documents]
        result[name] = "---\n".join(texts)
    if draft.config is not None:
        result["cjm.yaml"] = dump_document(draft.config)
    return result
