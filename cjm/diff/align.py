"""Lining up two versions of a list: a key per object, and which objects really moved.

Objects are matched by id. Where the format lets an object go without one (a stage,
step, metric, goal or opportunity), a key is derived from its name, action, description
or text (:func:`cjm.matching.derived_key`); it starts with ``~``, which no id may, so a
derived key never meets a real id and a reader of a path can tell that the match was a
guess. Steps are paired by :mod:`cjm.matching`, the rule the page's baseline curve uses.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from cjm.matching import DERIVED, derived_key, unique_key

__all__ = ["DERIVED", "derived_key", "keyed", "merge_order", "unique_key", "unmoved"]

Item = TypeVar("Item")


def keyed(items: Iterable[Item], key_of: Callable[[Item], str]) -> dict[str, Item]:
    """Items by key, in order. Two items with one key (the same action twice) get
    ``-2``, ``-3``... in order, so each is still matched to its counterpart."""
    result: dict[str, Item] = {}
    for item in items:
        result[unique_key(key_of(item), result)] = item
    return result


def unmoved(
    old: Sequence[str], new: Sequence[str], name: Callable[[str], str] | None = None
) -> set[str]:
    """The keys on both sides that kept their order; the others were ``moved``.

    The largest set of keys whose relative order is the same in both lists (a longest
    common subsequence) stays put, so moving one step reports one move, not one per
    step it jumped over. When several such sets are equally large, one is chosen by a
    rule that does not depend on which side is old (the smallest keys win), so that
    ``diff(B, A)`` reports exactly the moves of ``diff(A, B)``. An object matched under
    another key (renamed) has a key that depends on the side; ``name`` gives each key
    a name that does not, to rank them by.
    """
    common = set(old) & set(new)
    old_order = [key for key in old if key in common]
    position = {key: index for index, key in enumerate(key for key in new if key in common)}
    sequence = [position[key] for key in old_order]
    if all(first < second for first, second in itertools.pairwise(sequence)):
        return common
    # Heaviest increasing subsequence. Each key weighs one "count" unit (larger than all
    # tie-breakers together) plus a distinct power of two by its sorted rank, so the
    # best set is unique and the same whichever list is called old.
    rank = {key: index for index, key in enumerate(sorted(common, key=name, reverse=True))}
    unit = 1 << (len(common) + 1)
    weights = [unit + (1 << rank[key]) for key in old_order]
    best = list(weights)
    previous = [-1] * len(sequence)
    for index in range(len(sequence)):
        for before in range(index):
            if sequence[before] < sequence[index] and best[before] + weights[index] > best[index]:
                best[index] = best[before] + weights[index]
                previous[index] = before
    index = max(range(len(sequence)), key=best.__getitem__)
    kept: set[str] = set()
    while index != -1:
        kept.add(old_order[index])
        index = previous[index]
    return kept


def merge_order(old: Sequence[str], new: Sequence[str]) -> list[str]:
    """Every key once, in the new order, each removed key right after the key that
    preceded it in the old list, so a report shows a removed step where it was."""
    present = set(new)
    after: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for key in old:
        if key in present:
            anchor = key
        else:
            after.setdefault(anchor, []).append(key)
    merged = list(after.get(None, []))
    for key in new:
        merged.append(key)
        merged.extend(after.get(key, []))
    return merged
