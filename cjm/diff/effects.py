"""Whether a change makes the journey better or worse for the customer.

``--fail-on regression`` gates a merge on these, so the rules are few and plain, and
each is antisymmetric: the change read backwards (``diff(B, A)``) has the opposite
effect, and a change cjm cannot judge is ``neutral``.

- emotion up is an improvement, down a regression;
- a metric value moving the way its ``better`` says (higher by default) is an
  improvement, the other way a regression; with ``better`` itself changed, neutral;
- a pain point added, or made more severe, is a regression; removed or milder, an
  improvement;
- an opportunity added is an improvement, dropped a regression (unless it is ``done``:
  a delivered one leaves the map); its status moving towards ``done`` an improvement,
  back a regression;
- a touchpoint added to a step is an improvement, removed from one a regression;
- a step added with a negative emotion is a regression, with a positive one an
  improvement (and the reverse when it is removed): the journey gained or lost a
  moment of that feeling.
"""

from __future__ import annotations

from typing import Any

from cjm.diff import Effect, Op
from cjm.measures import metric_number

_SEVERITY = {"low": 1, "medium": 2, "high": 3}
_STATUS = {"idea": 1, "planned": 2, "in-progress": 3, "done": 4}


def by_direction(old: float | None, new: float | None, *, higher_is_better: bool = True) -> Effect:
    """Improvement when ``new`` is on the better side of ``old``; neutral when unknown."""
    if old is None or new is None or old == new:
        return Effect.NEUTRAL
    better = new > old if higher_is_better else new < old
    return Effect.IMPROVEMENT if better else Effect.REGRESSION


def field_effect(kind: str, field: str, old: Any, new: Any, context: dict[str, Any]) -> Effect:
    """The effect of a changed scalar field (``old`` and ``new`` are plain values)."""
    if kind == "step" and field == "emotion":
        return by_direction(old, new)
    if kind == "metric" and field == "value":
        if context.get("old_better") != context.get("new_better"):
            return Effect.NEUTRAL
        lower = context.get("new_better") == "lower"
        return by_direction(metric_number(old), metric_number(new), higher_is_better=not lower)
    if kind == "opportunity" and field == "status":
        return by_direction(_STATUS.get(str(old)), _STATUS.get(str(new)))
    if kind == "step" and field == "pain_points":  # same text, other severity
        return by_direction(_severity(old), _severity(new), higher_is_better=False)
    return Effect.NEUTRAL


def item_effect(kind: str, field: str, op: Op) -> Effect:
    """The effect of an item added to or removed from a list field."""
    gained = op is Op.ADDED
    if kind == "step" and field == "touchpoint":
        return Effect.IMPROVEMENT if gained else Effect.REGRESSION
    if kind == "step" and field == "pain_points":
        return Effect.REGRESSION if gained else Effect.IMPROVEMENT
    return Effect.NEUTRAL


def object_effect(kind: str, op: Op, value: Any) -> Effect:
    """The effect of a whole object added or removed (``value`` is its plain data)."""
    gained = op is Op.ADDED
    if kind == "opportunity":
        if isinstance(value, dict) and value.get("status") == "done":
            return Effect.NEUTRAL  # delivered: dropping it from the map is tidying up
        return Effect.IMPROVEMENT if gained else Effect.REGRESSION
    if kind == "step" and isinstance(value, dict):
        emotion = value.get("emotion")
        if isinstance(emotion, int) and emotion != 0:
            pleasant = emotion > 0
            return Effect.IMPROVEMENT if pleasant == gained else Effect.REGRESSION
    return Effect.NEUTRAL


def _severity(item: Any) -> int | None:
    if isinstance(item, dict):
        return _SEVERITY.get(str(item.get("severity")))
    return None
