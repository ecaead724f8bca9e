"""Which step of one journey is which step of another: one rule for the page and diff.

The page draws an ideal journey's baseline curve over the ideal's columns, and
``cjm diff`` (two versions, or ``--baseline``) says what happened to each step. Both
must pair the same steps, or the page draws the baseline's -2 over a step that diff
calls new. So both ask :func:`match_steps`, which pairs steps

1. by id;
2. then, against a baseline journey only, by ``baseline_step`` (the ids of the
   baseline's steps an ideal step replaces; the first one still free is its match);
3. then by the text key (:func:`derived_key` of the action) between steps without an id;
4. then, between two versions of one journey only, by similar content
   (:func:`pair_similar`): a step whose id changed but whose action and most fields
   stayed is the same step renamed.

Never by position: a step inserted in an ideal journey has no counterpart, and no
value is invented for it. This module imports only :mod:`cjm.model`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Hashable, Mapping, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

from pydantic import BaseModel

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
    if not baseline:
        left_old = {old_keys[i]: old[i] for i in range(len(old)) if i not in used}
        left_new = {new_keys[i]: new[i] for i in range(len(new)) if i not in matches}
        new_by_key = {key: index for index, key in enumerate(new_keys)}
        for old_key, new_key in pair_similar(left_old, left_new, similarity, SAME_OBJECT).items():
            pair(new_by_key[new_key], old_by_key[old_key])
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
    for key, own in zip(old_keys, step_keys(old), strict=True):
        if key is None:  # unmatched: its own key, unless a new step holds it
            key = unique_key(own, taken)
            taken.add(key)
        result.append(key)
    return result, new_keys


# -- similar content: renames and rewordings ---------------------------------------
#
# Between two versions of a map, an object whose id changed while its content stayed
# (or nearly) is the same object renamed, and a pain point whose text was reworded is
# the same pain point. Diff asks :func:`pair_similar` for the objects and texts left
# over after matching by key. The thresholds come from ``bench/similarity.py`` on the
# example maps: of 1,530 steps renamed with one or two real edits, 1,529 score 0.72 or
# more, and no two distinct steps of one journey do (of 891 pairs, the highest scores
# 0; of 422 metric pairs, 0.55); reworded pain points score 0.75 or more and distinct
# ones at most 0.30, thoughts 0.50 (3 of 538 rewordings that drop the main words miss).

#: Two objects at least this similar are one object renamed.
SAME_OBJECT = 0.72
#: Two texts of a list at least this similar are one item reworded.
SAME_TEXT = 0.6
#: Lists whose items share a template (evidence: "Survey, 2026-10, n=146, ...") need
#: closer texts to be one item reworded.
SAME_TEXT_IN = {"evidence": 0.75}
#: Fields that name an object weigh this much more than the others.
_NAMING_WEIGHT = 2.0
#: Fields besides the name that, all equal, identify an object renamed and retitled.
_ENOUGH_TO_KNOW = 3
_NAMING = ("action", "title", "name", "text", "description")
#: Fields that say nothing about what an object is.
_NOT_CONTENT = frozenset(("id", "cjm", "kind"))
_WORD = re.compile(r"\w+")


def text_similarity(first: str, second: str) -> float:
    """How alike two texts read, 0 to 1: the share of their words in common, leaving
    out the little words that every action shares ("the", "at", "for"...), a word
    misspelt or inflected still counting ("recieves", "receives"). Short actions
    differ in one content word ("Installs the app", "Opens the app"), which a share
    of characters in common would hide. Symmetric."""
    one, other = _words(first), _words(second)
    if one == other:
        return (
            1.0
            if " ".join(first.casefold().split()) == " ".join(second.casefold().split()) or one
            else _characters(first, second)
        )
    if not one or not other:
        return _characters(first, second)
    if len(one) > len(other) or (len(one) == len(other) and one > other):
        one, other = other, one
    rest = list(other)
    common = 0.0
    for word in one:
        if word in rest:
            rest.remove(word)
            common += 1
            continue
        best = max(rest, key=lambda candidate: _spelling(word, candidate), default=None)
        if best is not None and _spelling(word, best) >= _SAME_WORD:
            rest.remove(best)
            common += 1
    return 2 * common / (len(one) + len(other))


#: Two words at least this alike in spelling are one word (a typo, a plural).
_SAME_WORD = 0.75
#: Words too common to tell two actions or pain points apart.
_LITTLE_WORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "is",
        "are",
        "be",
        "was",
        "with",
        "by",
        "from",
        "as",
        "it",
        "its",
        "her",
        "his",
        "their",
        "she",
        "he",
        "they",
        "i",
        "my",
        "me",
        "we",
        "our",
        "you",
        "your",
        "this",
        "that",
        "into",
        "onto",
    )
)


def _words(text: str) -> list[str]:
    return sorted(w for w in _WORD.findall(text.casefold()) if w not in _LITTLE_WORDS)


def _spelling(first: str, second: str) -> float:
    if min(len(first), len(second)) < 3:
        return 0.0
    one, other = sorted((first, second))
    return SequenceMatcher(None, one, other, autojunk=False).ratio()


def _characters(first: str, second: str) -> float:
    one, other = sorted((" ".join(first.casefold().split()), " ".join(second.casefold().split())))
    if one == other:
        return 1.0
    return SequenceMatcher(None, one, other, autojunk=False).ratio()


def _dice(first: Sequence[object], second: Sequence[object]) -> float:
    """Twice the items in common over the items on both sides (equal items count;
    objects by their content, ids left out, so a stage whose steps were renamed
    still holds the same steps)."""
    if not first and not second:
        return 1.0
    common = Counter(map(_content, first)) & Counter(map(_content, second))
    return 2 * sum(common.values()) / (len(first) + len(second))


def _content(value: object) -> Hashable:
    """A value as something hashable, objects without their ids, all the way down."""
    if isinstance(value, BaseModel):
        return tuple(
            (name, _content(getattr(value, name)))
            for name in type(value).model_fields
            if name not in _NOT_CONTENT
        )
    if isinstance(value, tuple | list):
        return tuple(_content(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((str(key), _content(item)) for key, item in value.items()))
    return value


def similarity(old: BaseModel, new: BaseModel) -> float:
    """How alike two objects of one kind are, 0 to 1, ids left out; 0 unless they are
    named alike or differ in their name alone.

    Each field either side fills counts once (the naming field, e.g. a step's action,
    twice): texts by :func:`text_similarity`, lists by the share of items in common,
    anything else equal or not. Objects of one kind often share their categories
    (two opportunities both high impact, medium effort, in progress, owned by
    digital), so the score counts only when the names read alike too, or when
    everything but the name is equal, a sentence among it (a touchpoint "ATM" renamed
    "Cash machine" keeps its description).
    References must already name the same ids on both sides (diff translates the old
    side's through the renames it found)."""
    fields = type(new).model_fields
    naming = next((name for name in _NAMING if name in fields), None)
    total = weight = 0.0
    named_alike, telling = True, False
    others_equal = 0
    for name in fields:
        if name in _NOT_CONTENT:
            continue
        before, after = getattr(old, name, None), getattr(new, name, None)
        if _empty(before) and _empty(after):
            continue
        score = _field_similarity(before, after)
        if name == naming:
            named_alike = score >= SAME_TEXT
            weight += _NAMING_WEIGHT
            total += _NAMING_WEIGHT * score
            continue
        if score < 1.0:
            others_equal = -len(fields)
        elif type(after) is str and " " in after:  # a sentence, not a category
            telling = True
        others_equal += 1
        weight += 1.0
        total += score
    if not named_alike:
        return 1.0 if telling and others_equal >= _ENOUGH_TO_KNOW else 0.0
    return total / weight if weight else 1.0


def _empty(value: object) -> bool:
    return value is None or value == () or value == {} or value == ""


def _field_similarity(before: object, after: object) -> float:
    if before == after:
        return 1.0
    if isinstance(before, str) and isinstance(after, str):
        return text_similarity(before, after)
    if isinstance(before, tuple) and isinstance(after, tuple):
        return _dice(before, after)
    return 0.0


Keyed = TypeVar("Keyed")


def pair_similar(
    old: Mapping[str, Keyed],
    new: Mapping[str, Keyed],
    score: Callable[[Keyed, Keyed], float],
    threshold: float,
) -> dict[str, str]:
    """Old key -> new key of the left-over items that are one item, best pairs first.

    Every candidate pair at or above ``threshold`` is ranked by score; ties go to the
    pair whose keys sort first, read the same way whichever side is old, so that
    ``diff(B, A)`` pairs exactly what ``diff(A, B)`` pairs."""
    if not old or not new:
        return {}
    candidates: list[tuple[float, str, str, str, str]] = []
    for old_key, first in old.items():
        for new_key, second in new.items():
            value = score(first, second)
            if value >= threshold:
                low, high = sorted((old_key, new_key))
                candidates.append((-value, low, high, old_key, new_key))
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for _value, _low, _high, old_key, new_key in sorted(candidates):
        if old_key not in pairs and new_key not in taken:
            pairs[old_key] = new_key
            taken.add(new_key)
    return pairs
