"""Properties: a map against itself has no differences; A→B and B→A are inverse."""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cjm.diff import Effect, Op
from cjm.diff.align import unmoved
from cjm.diff.change import Change
from cjm.diff.compare import Comparison
from cjm.model import CjmDocument, JourneyDocument, PersonaDocument
from tests.diff.models import comparison
from tests.diff.strategies import journeys, personas

#: Derandomized in CI (a property found failing there must fail again locally).
PROPERTIES = settings(max_examples=300, deadline=None, derandomize=bool(os.environ.get("CI")))
_WITHIN_STAGE = ("step", "metric", "opportunity")


def normal(change: Change) -> tuple[str, ...]:
    """A change with its stage left out of the path of steps, metrics and opportunities:
    their ids are unique within the journey, and a moved step is reported where it is
    on the new side, which is the other stage when read backwards."""
    parts = [f"{kind}:{key}" for kind, key in change.path]
    if change.kind in _WITHIN_STAGE:
        parts = [part for part in parts if not part.startswith("stage:")]
    return (
        change.op.value,
        change.kind,
        "/".join(parts),
        str(change.field),
        json.dumps(change.old, sort_keys=True),
        json.dumps(change.new, sort_keys=True),
        change.effect.value,
    )


def inverse_pairs(first: list[CjmDocument], second: list[CjmDocument]) -> None:
    forward = comparison(first, second).changes
    backward = comparison(second, first)
    expected = Counter(normal(read_forward(c.inverse(), backward)) for c in backward.changes)
    assert Counter(map(normal, forward)) == expected


def read_forward(change: Change, backward: Comparison) -> Change:
    """A change of ``diff(B, A)`` named by the keys ``diff(A, B)`` uses: an object
    matched under another key (renamed, reworded) is named by its key on B's side
    (its former key in ``diff(B, A)``)."""
    path: list[tuple[str, str]] = []
    for depth, (kind, key) in enumerate(change.path):
        scope = tuple(part for part in change.path[:depth] if part[0] != "stage")
        if change.op is Op.RENAMED and depth == len(change.path) - 1:
            key = str(change.new)  # inverse() named it by its old id: the forward new one
        path.append((kind, backward.former.get((scope, kind, key), key)))
    old, new = change.old, change.new
    if change.op is Op.MOVED and change.field == "stage":  # stages named by their keys
        journey = change.path[:1]
        old = backward.former.get((journey, "stage", str(old)), old)
        new = backward.former.get((journey, "stage", str(new)), new)
    return dataclasses.replace(change, path=tuple(path), old=old, new=new)


@PROPERTIES
@given(journeys(), personas())
def test_diff_of_a_map_with_itself_is_empty(
    journey: JourneyDocument, persona: PersonaDocument
) -> None:
    copy = JourneyDocument.model_validate(journey.model_dump())
    assert comparison([journey, persona], [copy, persona]).changes == []


@PROPERTIES
@given(journeys(), journeys())
def test_diff_backwards_is_the_inverse(first: JourneyDocument, second: JourneyDocument) -> None:
    inverse_pairs([first], [second])


@PROPERTIES
@given(personas(), personas(), st.booleans())
def test_documents_added_and_removed_are_inverse(
    first: PersonaDocument, second: PersonaDocument, drop: bool
) -> None:
    inverse_pairs([first], [second] if not drop else [])


@PROPERTIES
@given(journeys(), journeys())
def test_added_and_removed_swap_and_effects_flip(
    first: JourneyDocument, second: JourneyDocument
) -> None:
    forward = comparison([first], [second]).changes
    swapped = {Op.ADDED: Op.REMOVED, Op.REMOVED: Op.ADDED}
    flipped = {Effect.IMPROVEMENT: Effect.REGRESSION, Effect.REGRESSION: Effect.IMPROVEMENT}
    for change in forward:
        back = change.inverse()
        assert back.op == swapped.get(change.op, change.op)
        assert back.effect == flipped.get(change.effect, change.effect)
        assert (back.old, back.new) == (change.new, change.old)


@st.composite
def orders(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    keys = draw(st.lists(st.sampled_from("abcdefgh"), unique=True))
    extra = draw(st.lists(st.sampled_from("xyz"), unique=True))
    return draw(st.permutations(keys + extra[:1])), draw(st.permutations(keys + extra[1:]))


def _longest_common(first: list[str], second: list[str]) -> int:
    table = [[0] * (len(second) + 1) for _ in range(len(first) + 1)]
    for i, left in enumerate(first):
        for j, right in enumerate(second):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if left == right else max(table[i][j + 1], table[i + 1][j])
            )
    return table[-1][-1]


@PROPERTIES
@given(orders())
def test_unmoved_is_a_longest_common_order_and_symmetric(pair: tuple[list[str], list[str]]) -> None:
    first, second = pair
    kept = unmoved(first, second)
    assert kept == unmoved(second, first)
    assert len(kept) == _longest_common(first, second)
    in_first = [key for key in first if key in kept]
    in_second = [key for key in second if key in kept]
    assert in_first == in_second


@settings(max_examples=150, deadline=None, derandomize=bool(os.environ.get("CI")))
@given(journeys(), journeys())
def test_the_tree_keeps_every_change_in_the_comparison_order(
    first: JourneyDocument, second: JourneyDocument
) -> None:
    """Formats read changes from the tree grouped by object; read back in order it is
    the comparison's own list, each change once, under its own path."""
    result = comparison([first], [second])
    flat = [change for node in result.tree.children.values() for change in node.changes()]
    assert flat == result.changes
    for node in result.tree.children.values():
        for change in node.changes():
            assert change.path[: len(node.path)] == node.path


def renamed_ids(data: Any, prefix: str = "x-") -> Any:
    """A journey's or persona's data with every id and every reference to one renamed:
    what a user gets from a careful search-and-replace of ids."""
    if isinstance(data, dict):
        result = {}
        for key, value in data.items():
            if key in ("id", "persona", "metric", "baseline") and isinstance(value, str):
                result[key] = prefix + value
            elif key == "touchpoint":  # the inline ones (k1, k2): shared ones stay
                result[key] = [prefix + item if item.startswith("k") else item for item in value]
            else:
                result[key] = renamed_ids(value, prefix)
        return result
    if isinstance(data, list | tuple):
        return [renamed_ids(item, prefix) for item in data]
    return data


@PROPERTIES
@given(journeys(), personas())
def test_a_map_with_every_id_renamed_holds_only_renames(
    journey: JourneyDocument, persona: PersonaDocument
) -> None:
    """Renames never fire the merge gate: each object whose id changed is one
    ``renamed`` change, and references that follow it are no change at all."""
    data = journey.model_dump(mode="json", exclude_defaults=True)
    renamed = JourneyDocument.model_validate(renamed_ids(data))
    other = PersonaDocument.model_validate(
        renamed_ids(persona.model_dump(mode="json", exclude_defaults=True))
    )
    found = comparison([journey, persona], [renamed, other]).changes
    assert found, "every id changed: at least the journey's rename must show"
    assert {change.op for change in found} == {Op.RENAMED}
    assert not any(change.effect is Effect.REGRESSION for change in found)
    ids = sum(1 for _ in _ids(data)) + 1  # and the persona
    assert len(found) == ids


def _ids(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield data["id"]
        for value in data.values():
            yield from _ids(value)
    elif isinstance(data, list):
        for item in data:
            yield from _ids(item)


@PROPERTIES
@given(journeys(), journeys())
def test_two_different_maps_never_compare_equal(
    first: JourneyDocument, second: JourneyDocument
) -> None:
    """The converse of 'a map against itself is empty': a ``compare`` that returns
    nothing would pass that one, not this one."""
    found = comparison([first], [second]).changes
    assert bool(found) == (_unordered(first) != _unordered(second))


def _unordered(journey: JourneyDocument) -> Any:
    """The journey with its lists of texts as multisets: diff compares pain points,
    thoughts, evidence, tags... as counted items, so their order is no change."""

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            items = [walk(item) for item in value]
            if all(isinstance(item, str) for item in items):
                return sorted(items)
            if all(isinstance(item, dict) and set(item) <= {"text", "severity"} for item in items):
                return sorted(items, key=json.dumps)  # pain points
            return items
        return value

    return walk(journey.model_dump(mode="json"))
