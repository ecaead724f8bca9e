"""Hypothesis strategies: small journeys drawn from small pools of ids and words, so
that two draws share most of their keys and differ in the ways a real edit does."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from cjm.model import JourneyDocument, PersonaDocument

WORDS = ["calls", "waits", "pays", "asks"]
TEXTS = ["slow", "rude", "lost"]
TOUCHPOINTS = ["web", "phone", "store"]
LEVELS = [None, "low", "medium", "high"]
STATUSES = [None, "idea", "planned", "in-progress", "done"]


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def pain_points(draw: st.DrawFn) -> list[Any]:
    items = draw(st.lists(st.tuples(st.sampled_from(TEXTS), st.sampled_from(LEVELS)), max_size=3))
    return [text if level is None else {"text": text, "severity": level} for text, level in items]


@st.composite
def opportunities(draw: st.DrawFn, prefix: str) -> list[Any]:
    """Ids are unique within a journey (docs/format.md): each step's start with its own
    ``prefix``."""
    result: list[Any] = []
    identifiers = draw(st.lists(st.sampled_from(["o1", "o2"]), unique=True))
    identifiers += [None] * draw(st.integers(0, 3 - len(identifiers)))
    for identifier in draw(st.permutations(identifiers)):
        item: dict[str, Any] = {"text": draw(st.sampled_from(TEXTS))}
        if identifier is not None:
            item["id"] = f"{prefix}{identifier}"
        status = draw(st.sampled_from(STATUSES))
        if status is not None:
            item["status"] = status
        result.append(item if len(item) > 1 else item["text"])
    return result


@st.composite
def steps(draw: st.DrawFn, identifier: str | None, prefix: str) -> dict[str, Any]:
    step: dict[str, Any] = {"action": draw(st.sampled_from(WORDS))}
    if identifier is not None:
        step["id"] = identifier
    optional = {
        "emotion": _maybe(st.integers(-2, 2)),
        "feeling": _maybe(st.sampled_from(["Calm", "Angry"])),
        "touchpoint": st.lists(st.sampled_from(TOUCHPOINTS), max_size=3),
        "thoughts": st.lists(st.sampled_from(TEXTS), max_size=2),
        "pain_points": pain_points(),
        "opportunities": opportunities(prefix),
        "evidence": st.lists(st.sampled_from(TEXTS), max_size=2),
    }
    for name, strategy in optional.items():
        value = draw(strategy)
        if value not in (None, []):
            step[name] = value
    return step


@st.composite
def metrics(draw: st.DrawFn, identifier: str) -> dict[str, Any]:
    metric: dict[str, Any] = {"id": identifier, "name": identifier.upper()}
    for name in ("value", "target"):
        value = draw(_maybe(st.one_of(st.integers(0, 5), st.sampled_from([0.5, "12%"]))))
        if value is not None:
            metric[name] = value
    if draw(st.booleans()):
        metric["better"] = "lower"
    return metric


@st.composite
def journeys(draw: st.DrawFn) -> JourneyDocument:
    stage_ids = draw(st.lists(st.sampled_from(["s1", "s2", "s3"]), min_size=1, unique=True))
    stages: dict[str, dict[str, Any]] = {
        key: {"id": key, "name": draw(st.sampled_from(["Before", "During"])), "steps": []}
        for key in stage_ids
    }
    step_ids: list[str | None] = list(
        draw(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), unique=True, max_size=5))
    )
    step_ids += [None] * draw(st.integers(0, 2))  # steps without id
    for index, identifier in enumerate(draw(st.permutations(step_ids))):
        prefix = identifier or f"n{index}"
        stages[draw(st.sampled_from(stage_ids))]["steps"].append(draw(steps(identifier, prefix)))
    for identifier in draw(st.lists(st.sampled_from(["m1", "m2"]), unique=True)):
        stages[draw(st.sampled_from(stage_ids))].setdefault("metrics", []).append(
            draw(metrics(identifier))
        )
    goals = [
        {"id": identifier, "description": draw(st.sampled_from(TEXTS))}
        for identifier in draw(st.lists(st.sampled_from(["g1", "g2"]), unique=True))
    ]
    goals += [{"description": text} for text in draw(st.lists(st.sampled_from(TEXTS), max_size=1))]
    inline = [
        {
            "id": identifier,
            "name": "Kiosk",
            "mode": "offline",
            "operator": draw(st.sampled_from(["human", "automated"])),
        }
        for identifier in draw(st.lists(st.sampled_from(["k1", "k2"]), unique=True))
    ]
    data = {
        "cjm": 1,
        "kind": "journey",
        "id": "j",
        "title": draw(st.sampled_from(["Visit", "Check-up"])),
        "persona": "p",
        "tags": draw(st.lists(st.sampled_from(TEXTS), max_size=2)),
        "goals": goals,
        "touchpoints": inline,
        "stages": list(stages.values()),
    }
    return JourneyDocument.model_validate(data)


@st.composite
def personas(draw: st.DrawFn) -> PersonaDocument:
    data = {
        "cjm": 1,
        "kind": "persona",
        "id": "p",
        "name": draw(st.sampled_from(["Ania", "Marta"])),
        "pains": draw(st.lists(st.sampled_from(TEXTS), max_size=3)),
        "demographics": draw(
            st.dictionaries(st.sampled_from(["age", "city"]), st.sampled_from([30, "Warsaw"]))
        ),
    }
    return PersonaDocument.model_validate(data)
