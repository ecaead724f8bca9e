"""Which step of one journey is which step of another: one rule for the page and diff.

The page draws an ideal journey's baseline curve over the ideal's columns, and
``cjm diff`` (two versions, or ``--baseline``) says what happened to each step. Both
must pair the same steps, or the page draws the baseline's -2 over a step that diff
calls new. So both ask :func:`match_steps`, which pairs steps

1. by id;
2. then, against a baseline journey only, by ``baseline_step`` (the ids of the
   baseline's steps an ideal step replaces; the first one still free is its match);
3. then by the text key (:func:`derived_key` of the action) between steps without an id.

Never by position: a step inserted in an ideal journey has no counterpart, and no
value is invented for it. This module imports only :mod:`cjm.model`.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence

from cjm.model import Goal, Metric, Opportunity, Stage, Step, TouchpointFields

#: A derived key starts with this, which no id may, so it never meets a real id.
DERIVED = "~"
_NOT_WORD = re.compile(r"[\W_]+")
#: Derived keys stop at a word boundary near this length: a path must stay readable.
_MAX_DERIVED = 40


def derived_key(text: str) -> str:
    """``Sees a billboard!`` -> ``~sees-a-billboard``: the key of an object without id."""
    slug = _NOT_WORD.sub("-", text.casefold()).strip("-")
    if len(slug) > _MAX_DERIVED:
        cut = slug.rfind("-", _MAX_DERIVED // 2, _MAX_DERIVED + 1)
        slug = slug[: cut if cut > 0 else _MAX_DERIVED]
    return DERIVED + (slug or "item")


def unique_key(key: str, taken: Container[str]) -> str:
    """``key``, or ``key-2``, ``key-3``... when taken: two steps with one action keep
    distinct keys, numbered in order, so each still meets its counterpart."""
    if key not in taken:
        return key
    number = 2
    while f"{key}-{number}" in taken:
        number += 1
    return f"{key}-{number}"


def key_of_step(step: Step) -> str:
    """A step's own key: its id, or the text key of its action."""
    return step.id or derived_key(step.action)


# The keys of the other objects, by the same rule: the id, else the text key of the
# field that names the object. Diff matches by them and lint names findings by them.
def key_of_stage(stage: Stage) -> str:
    return stage.id or derived_key(stage.name)


def key_of_metric(metric: Metric) -> str:
    return metric.id or derived_key(metric.name)


def key_of_goal(goal: Goal) -> str:
    return goal.id or derived_key(goal.description)


def key_of_opportunity(opportunity: Opportunity) -> str:
    return opportunity.id or derived_key(opportunity.text)


def key_of_touchpoint(touchpoint: TouchpointFields) -> str:
    return touchpoint.id


def step_keys(steps: Sequence[Step]) -> list[str]:
    """Each step's own key, unique across the list (in order)."""
    keys: list[str] = []
    taken: set[str] = set()
    for step in steps:
        key = unique_key(key_of_step(step), taken)
        taken.add(key)
        keys.append(key)
    return keys


def match_steps(old: Sequence[Step], new: Sequence[Step], *, baseline: bool) -> dict[int, int]:
    """Index in ``new`` -> index in ``old`` of each pair of matched steps.

    ``baseline`` says ``old`` is the baseline journey of ``new`` (an ideal journey), so
    ``baseline_step`` applies; between two versions of one journey it does not (it names
    steps of another journey).
    """
    old_keys, new_keys = step_keys(old), step_keys(new)
    old_by_key = {key: index for index, key in enumerate(old_keys)}
    matches: dict[int, int] = {}
    used: set[int] = set()

    def pair(new_index: int, old_index: int | None) -> None:
        if old_index is not None and old_index not in used and new_index not in matches:
            matches[new_index] = old_index
            used.add(old_index)

    for index, step in enumerate(new):
        if step.id:
            found = old_by_key.get(new_keys[index])
            if found is not None and old[found].id == step.id:
                pair(index, found)
    if baseline:
        old_by_id = {step.id: index for index, step in enumerate(old) if step.id}
        for index, step in enumerate(new):
            for reference in step.baseline_step:
                if index in matches:
                    break
                pair(index, old_by_id.get(reference))
    for index, step in enumerate(new):
        if not step.id and new_keys[index].startswith(DERIVED):
            found = old_by_key.get(new_keys[index])
            if found is not None and not old[found].id:
                pair(index, found)
    return dict(sorted(matches.items()))


def aligned_keys(
    old: Sequence[Step], new: Sequence[Step], *, baseline: bool
) -> tuple[list[str], list[str]]:
    """Keys for both lists such that matched steps (:func:`match_steps`) share one key
    (the new step's) and unmatched steps share none."""
    new_keys = step_keys(new)
    old_keys: list[str | None] = [None] * len(old)
    for new_index, old_index in match_steps(old, new, baseline=baseline).items():
        old_keys[old_index] = new_keys[new_index]
    taken = set(new_keys) | {key for key in old_keys if key is not None}
    result: list[str] = []
    for index, key in enumerate(old_keys):
        if key is None:
            key = unique_key(key_of_step(old[index]), taken)
            taken.add(key)
        result.append(key)
    return result, new_keys
