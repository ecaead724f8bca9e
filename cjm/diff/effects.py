"""Whether a change makes the journey better or worse for the customer, and why.

``--fail-on regression`` gates a merge on these, so the rules are few and plain, and
each is antisymmetric: the change read backwards (``diff(B, A)``) has the opposite
effect, and a change cjm cannot judge is ``neutral``. Every change also gets a
``reason``: the sentence a reviewer reads to see why it counts as it does.

The rules are one table, :data:`RULES`, read top-down; the first rule that applies to
a change judges it. ``docs/diff.md`` prints the table (:func:`rules_markdown`), and a
test runs every row's examples, so the docs, the code and the tests tell one story.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cjm.diff import Effect, Op
from cjm.diff.values import pain_severity, pain_text
from cjm.measures import format_quantity, metric_number, signed_emotion
from cjm.model import Level, OpportunityStatus, Unit

#: Ranks read from the model's enums, in the order they are declared (low to high,
#: idea to done), so reordering or adding a level changes every judgement at once.
_SEVERITY = {level.value: rank for rank, level in enumerate(Level, start=1)}
_STATUS = {status.value: rank for rank, status in enumerate(OpportunityStatus, start=1)}
_NEUTRAL = Effect.NEUTRAL


@dataclass(frozen=True, slots=True)
class Facts:
    """What a rule may know besides the change: how to name the object, and for a
    metric its ``better`` on both sides, its unit and its new target."""

    name: str = "'it'"
    kind: str = "step"
    old_better: str | None = None
    new_better: str | None = None
    unit: str | None = None
    target: Any = None
    #: The old side is the new side's baseline (``cjm diff --baseline``): an ideal
    #: journey against the current one, not a later version of the same map.
    baseline: bool = False
    #: The metric's unit as read on the old side (``unit`` is the new side's), and how
    #: its amounts are shown: a currency code, a score's scale, money with cents.
    old_unit: str | None = None
    currency: str | None = None
    scale: float | None = None
    cents: bool = False


@dataclass(frozen=True, slots=True)
class Verdict:
    effect: Effect
    reason: str


@dataclass(frozen=True, slots=True)
class Example:
    """A change a rule judges, and the verdict it must give (run by the tests)."""

    op: Op
    kind: str
    field: str | None
    old: Any
    new: Any
    effect: Effect
    reason: str
    facts: Facts = Facts("'waits'")


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the table: which changes it judges, how, and in the docs' words."""

    change: str  # what changed, as the docs' table says it
    verdict: str  # the effect, as the docs' table says it
    applies: Callable[[Op, str, str | None, Any, Any], bool]
    judge: Callable[[Op, str | None, Any, Any, Facts], Verdict]
    examples: tuple[Example, ...] = field(default=())


def judge(op: Op, kind: str, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    """The verdict of the first rule of :data:`RULES` that applies to this change."""
    for rule in RULES:
        if rule.applies(op, kind, name, old, new):
            return rule.judge(op, name, old, new, facts)
    raise AssertionError("the last rule applies to every change")  # pragma: no cover


def by_direction(old: float | None, new: float | None, *, higher_is_better: bool = True) -> Effect:
    """Improvement when ``new`` is on the better side of ``old``; neutral when unknown."""
    if old is None or new is None or old == new:
        return _NEUTRAL
    better = new > old if higher_is_better else new < old
    return Effect.IMPROVEMENT if better else Effect.REGRESSION


# -- the rules, in the order they are tried ------------------------------------------


def _renamed(op: Op, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    return Verdict(
        _NEUTRAL,
        f"{facts.kind} '{old}' renamed to '{new}': a new id changes nothing for the customer",
    )


def _moved(op: Op, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    where = "stage" if name == "stage" else "position"
    return Verdict(_NEUTRAL, f"{facts.kind} {facts.name} moved from {where} {old} to {new}")


def _emotion(op: Op, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    if not isinstance(old, int) or not isinstance(new, int):
        said = (
            f"set to {_emotion_text(new)}" if old is None else f"cleared (was {_emotion_text(old)})"
        )
        return Verdict(_NEUTRAL, f"emotion at {facts.name} {said}: nothing to compare it with")
    effect = by_direction(old, new)
    verb = "rose" if effect is Effect.IMPROVEMENT else "fell"
    return Verdict(
        effect, f"emotion at {facts.name} {verb} from {_emotion_text(old)} to {_emotion_text(new)}"
    )


def _metric_value(op: Op, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    metric = f"metric {facts.name}"
    unit = _unit(facts)
    if facts.old_better != facts.new_better or (unit is None and facts.unit != facts.old_unit):
        why = "which way is better" if facts.old_better != facts.new_better else "its unit"
        return Verdict(
            _NEUTRAL,
            f"{metric} changed from {measure_text(old, facts)} to {measure_text(new, facts)} while "
            f"{why} changed too: not judged",
        )
    lower = facts.new_better == "lower"
    first, second = metric_number(old, unit), metric_number(new, unit)
    effect = by_direction(first, second, higher_is_better=not lower)
    if effect is _NEUTRAL and first is not None and first == second:
        return Verdict(
            _NEUTRAL, f"{metric} changed from {old} to {new}: the same number, written another way"
        )
    if effect is _NEUTRAL:
        return Verdict(
            _NEUTRAL,
            f"{metric} changed from {measure_text(old, facts)} to {measure_text(new, facts)}: "
            "not two numbers to compare",
        )
    verb = "rose" if second is not None and first is not None and second > first else "fell"
    target = f"; target {measure_text(facts.target, facts)}" if facts.target is not None else ""
    return Verdict(
        effect,
        f"{metric} {verb} from {measure_text(old, facts)} to {measure_text(new, facts)} "
        f"({'lower' if lower else 'higher'} is better{target})",
    )


def _unit(facts: Facts) -> Unit | None:
    """The unit both sides are read in: the one they share, or the one side that has
    one (a plain number is read in any unit); None when they differ or neither has one."""
    units = {Unit(unit) for unit in (facts.unit, facts.old_unit) if unit is not None}
    return units.pop() if len(units) == 1 else None


def _status(op: Op, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    effect = by_direction(_STATUS.get(str(old)), _STATUS.get(str(new)))
    if effect is _NEUTRAL:
        return Verdict(
            _NEUTRAL,
            f"status of opportunity {facts.name} set from {old or 'none'} to {new or 'none'}",
        )
    verb = "advanced" if effect is Effect.IMPROVEMENT else "went back"
    return Verdict(effect, f"opportunity {facts.name} {verb} from {old} to {new}")


def _pain_changed(op: Op, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    before, after = pain_severity(old), pain_severity(new)
    effect = by_direction(_SEVERITY.get(before), _SEVERITY.get(after), higher_is_better=False)
    reworded = pain_text(old) != pain_text(new)
    what = f"pain point at {facts.name}" + (" reworded" if reworded else "")
    if effect is _NEUTRAL:
        if before != after:
            what += f", severity set from {before} to {after}"
        return Verdict(_NEUTRAL, what if reworded or before != after else f"{what} edited")
    verb = "eased" if effect is Effect.IMPROVEMENT else "worsened"
    joiner = " and " if reworded else " "
    return Verdict(effect, f"{what}{joiner}{verb} from {before} to {after}")


def _pain_item(op: Op, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    if op is Op.ADDED:
        return Verdict(Effect.REGRESSION, f"new pain point at {facts.name}: {_quoted(new)}")
    return Verdict(Effect.IMPROVEMENT, f"pain point at {facts.name} resolved: {_quoted(old)}")


def _touchpoint_item(op: Op, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    if op is Op.ADDED:
        return Verdict(Effect.IMPROVEMENT, f"step {facts.name} gained touchpoint '{new}'")
    return Verdict(Effect.REGRESSION, f"step {facts.name} lost touchpoint '{old}'")


def _reworded(op: Op, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    item = ITEM_NAMES.get(str(name), str(name))
    return Verdict(_NEUTRAL, f"{item} at {facts.name} reworded: wording alone is not judged")


def _opportunity(op: Op, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    value = new if op is Op.ADDED else old
    if isinstance(value, Mapping) and value.get("status") == "done":
        verb = "added as" if op is Op.ADDED else "left the map as"
        return Verdict(_NEUTRAL, f"opportunity {facts.name} {verb} done: delivered, not lost")
    if op is Op.ADDED:
        return Verdict(Effect.IMPROVEMENT, f"new opportunity {facts.name}")
    if facts.baseline:
        return Verdict(
            _NEUTRAL,
            f"opportunity {facts.name} of the baseline is not on the ideal journey: "
            "the ideal is the state it leads to",
        )
    return Verdict(Effect.REGRESSION, f"opportunity {facts.name} dropped before it was done")


def _step(op: Op, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    value = new if op is Op.ADDED else old
    emotion = value.get("emotion") if isinstance(value, Mapping) else None
    if not isinstance(emotion, int) or emotion == 0:
        return Verdict(_NEUTRAL, f"step {facts.name} {op.value}, with no emotion to weigh")
    pleasant = emotion > 0
    gained = op is Op.ADDED
    effect = Effect.IMPROVEMENT if pleasant == gained else Effect.REGRESSION
    text = _emotion_text(emotion)
    if gained:
        return Verdict(effect, f"new step {facts.name} with emotion {text}")
    return Verdict(effect, f"step {facts.name} with emotion {text} left the journey")


def _other(op: Op, name: str | None, old: Any, new: Any, facts: Facts) -> Verdict:
    if name is None:
        return Verdict(
            _NEUTRAL, f"{facts.kind} {facts.name} {op.value}: not judged better or worse"
        )
    item = ITEM_NAMES.get(name, name)
    verb = "edited" if op is Op.CHANGED else op.value
    return Verdict(
        _NEUTRAL, f"{item} of {facts.kind} {facts.name} {verb}: not judged better or worse"
    )


def _is(
    op: Op | None, kind: str | None, name: str | None = None, *, whole: bool = False
) -> Callable[[Op, str, str | None, Any, Any], bool]:
    def applies(
        change_op: Op, change_kind: str, change_field: str | None, old: Any, new: Any
    ) -> bool:
        return (
            (op is None or change_op is op)
            and (kind is None or change_kind == kind)
            and (name is None or change_field == name)
            and (not whole or change_field is None)
        )

    return applies


def _item(kind: str, name: str) -> Callable[[Op, str, str | None, Any, Any], bool]:
    def applies(op: Op, change_kind: str, change_field: str | None, old: Any, new: Any) -> bool:
        return op in (Op.ADDED, Op.REMOVED) and change_kind == kind and change_field == name

    return applies


def _text_reworded(op: Op, kind: str, name: str | None, old: Any, new: Any) -> bool:
    return op is Op.CHANGED and isinstance(old, str) and isinstance(new, str) and name in REWORDABLE


RULES: tuple[Rule, ...] = (
    Rule(
        "any object's id (the content stayed the same or nearly)",
        "neutral: a rename; references that follow it are not changes",
        _is(Op.RENAMED, None),
        _renamed,
        (
            Example(
                Op.RENAMED,
                "touchpoint",
                "id",
                "atm",
                "cash-machine",
                _NEUTRAL,
                "touchpoint 'atm' renamed to 'cash-machine': "
                "a new id changes nothing for the customer",
                Facts("'cash-machine'", "touchpoint"),
            ),
        ),
    ),
    Rule(
        "an object's place (another stage, another position)",
        "neutral",
        _is(Op.MOVED, None),
        _moved,
        (
            Example(
                Op.MOVED,
                "step",
                "stage",
                "visit",
                "pay",
                _NEUTRAL,
                "step 'waits' moved from stage visit to pay",
            ),
        ),
    ),
    Rule(
        "a step's `emotion`",
        "improvement when it rises, regression when it falls; neutral when set or cleared",
        _is(Op.CHANGED, "step", "emotion"),
        _emotion,
        (
            Example(
                Op.CHANGED,
                "step",
                "emotion",
                -2,
                1,
                Effect.IMPROVEMENT,
                "emotion at 'waits' rose from -2 to +1",
            ),
            Example(
                Op.CHANGED,
                "step",
                "emotion",
                1,
                -1,
                Effect.REGRESSION,
                "emotion at 'waits' fell from +1 to -1",
            ),
            Example(
                Op.CHANGED,
                "step",
                "emotion",
                None,
                2,
                _NEUTRAL,
                "emotion at 'waits' set to +2: nothing to compare it with",
            ),
        ),
    ),
    Rule(
        "a metric's `value`",
        "improvement when it moves the way `better` says (higher by default), regression "
        "the other way; neutral when `better` changed too or a value is not a number",
        _is(Op.CHANGED, "metric", "value"),
        _metric_value,
        (
            Example(
                Op.CHANGED,
                "metric",
                "value",
                10,
                14,
                Effect.REGRESSION,
                "metric 'order-cancel-rate' rose from 10% to 14% (lower is better; target 12%)",
                Facts("'order-cancel-rate'", "metric", "lower", "lower", "percent", 12),
            ),
            Example(
                Op.CHANGED,
                "metric",
                "value",
                1200,
                1500,
                Effect.IMPROVEMENT,
                "metric 'installs' rose from 1,200 to 1,500 (higher is better; target 2,000)",
                Facts("'installs'", "metric", "higher", "higher", "count", 2000),
            ),
            Example(
                Op.CHANGED,
                "metric",
                "value",
                10,
                14,
                _NEUTRAL,
                "metric 'rate' changed from 10 to 14 while which way is better changed "
                "too: not judged",
                Facts("'rate'", "metric", "higher", "lower"),
            ),
        ),
    ),
    Rule(
        "an opportunity's `status`",
        "improvement when it moves towards `done` (idea, planned, in-progress, done), "
        "regression when it moves back; neutral when set or cleared",
        _is(Op.CHANGED, "opportunity", "status"),
        _status,
        (
            Example(
                Op.CHANGED,
                "opportunity",
                "status",
                "planned",
                "done",
                Effect.IMPROVEMENT,
                "opportunity 'fast-lane' advanced from planned to done",
                Facts("'fast-lane'", "opportunity"),
            ),
            Example(
                Op.CHANGED,
                "opportunity",
                "status",
                "in-progress",
                "idea",
                Effect.REGRESSION,
                "opportunity 'fast-lane' went back from in-progress to idea",
                Facts("'fast-lane'", "opportunity"),
            ),
            Example(
                Op.CHANGED,
                "opportunity",
                "status",
                None,
                "idea",
                _NEUTRAL,
                "status of opportunity 'fast-lane' set from none to idea",
                Facts("'fast-lane'", "opportunity"),
            ),
        ),
    ),
    Rule(
        "a pain point's severity or wording (the same pain point)",
        "improvement when its severity is lowered, regression when raised; wording alone "
        "is neutral",
        _is(Op.CHANGED, "step", "pain_points"),
        _pain_changed,
        (
            Example(
                Op.CHANGED,
                "step",
                "pain_points",
                {"text": "Long wait", "severity": "high"},
                {"text": "Long wait", "severity": "low"},
                Effect.IMPROVEMENT,
                "pain point at 'waits' eased from high to low",
            ),
            Example(
                Op.CHANGED,
                "step",
                "pain_points",
                "Long wait",
                "Waits far too long",
                _NEUTRAL,
                "pain point at 'waits' reworded",
            ),
            Example(
                Op.CHANGED,
                "step",
                "pain_points",
                {"text": "Long wait", "severity": "low"},
                {"text": "A long wait", "severity": "high"},
                Effect.REGRESSION,
                "pain point at 'waits' reworded and worsened from low to high",
            ),
        ),
    ),
    Rule(
        "a pain point added to or removed from a step",
        "regression when added, improvement when removed (resolved)",
        _item("step", "pain_points"),
        _pain_item,
        (
            Example(
                Op.ADDED,
                "step",
                "pain_points",
                None,
                "Card declined",
                Effect.REGRESSION,
                "new pain point at 'waits': \"Card declined\"",
            ),
            Example(
                Op.REMOVED,
                "step",
                "pain_points",
                "Card declined",
                None,
                Effect.IMPROVEMENT,
                "pain point at 'waits' resolved: \"Card declined\"",
            ),
        ),
    ),
    Rule(
        "a touchpoint added to or removed from a step",
        "improvement when added (one more way to reach the customer), regression when removed",
        _item("step", "touchpoint"),
        _touchpoint_item,
        (
            Example(
                Op.REMOVED,
                "step",
                "touchpoint",
                "atm",
                None,
                Effect.REGRESSION,
                "step 'waits' lost touchpoint 'atm'",
            ),
            Example(
                Op.ADDED,
                "step",
                "touchpoint",
                None,
                "app",
                Effect.IMPROVEMENT,
                "step 'waits' gained touchpoint 'app'",
            ),
        ),
    ),
    Rule(
        "a thought, evidence, backstage action or other text reworded",
        "neutral",
        _text_reworded,
        _reworded,
        (
            Example(
                Op.CHANGED,
                "step",
                "thoughts",
                "Another app?",
                "Yet another app?",
                _NEUTRAL,
                "thought at 'waits' reworded: wording alone is not judged",
            ),
        ),
    ),
    Rule(
        "an opportunity added or removed",
        "improvement when added, regression when dropped; neutral when it is `done` "
        "(a delivered opportunity leaves the map) and when an ideal journey leaves out "
        "its baseline's (`--baseline`: the ideal is the state the opportunities lead to)",
        _is(None, "opportunity", whole=True),
        _opportunity,
        (
            Example(
                Op.ADDED,
                "opportunity",
                None,
                None,
                {"text": "Fast lane"},
                Effect.IMPROVEMENT,
                "new opportunity 'fast-lane'",
                Facts("'fast-lane'", "opportunity"),
            ),
            Example(
                Op.REMOVED,
                "opportunity",
                None,
                {"text": "Fast lane", "status": "idea"},
                None,
                Effect.REGRESSION,
                "opportunity 'fast-lane' dropped before it was done",
                Facts("'fast-lane'", "opportunity"),
            ),
            Example(
                Op.REMOVED,
                "opportunity",
                None,
                {"text": "Fast lane", "status": "done"},
                None,
                _NEUTRAL,
                "opportunity 'fast-lane' left the map as done: delivered, not lost",
                Facts("'fast-lane'", "opportunity"),
            ),
            Example(
                Op.REMOVED,
                "opportunity",
                None,
                {"text": "Fast lane", "status": "planned"},
                None,
                _NEUTRAL,
                "opportunity 'fast-lane' of the baseline is not on the ideal journey: "
                "the ideal is the state it leads to",
                Facts("'fast-lane'", "opportunity", baseline=True),
            ),
        ),
    ),
    Rule(
        "a step added or removed",
        "with a negative emotion: regression when added, improvement when removed; with a "
        "positive one the reverse; without an emotion (or 0), neutral",
        _is(None, "step", whole=True),
        _step,
        (
            Example(
                Op.ADDED,
                "step",
                None,
                None,
                {"action": "Waits", "emotion": -2},
                Effect.REGRESSION,
                "new step 'waits' with emotion -2",
            ),
            Example(
                Op.REMOVED,
                "step",
                None,
                {"action": "Waits", "emotion": -2},
                None,
                Effect.IMPROVEMENT,
                "step 'waits' with emotion -2 left the journey",
            ),
            Example(
                Op.ADDED,
                "step",
                None,
                None,
                {"action": "Waits"},
                _NEUTRAL,
                "step 'waits' added, with no emotion to weigh",
            ),
        ),
    ),
    Rule(
        "anything else (names, descriptions, feelings, tags, evidence, stages, metrics' "
        "targets, whole documents...)",
        "neutral: cjm does not judge it",
        _is(None, None),
        _other,
        (
            Example(
                Op.CHANGED,
                "step",
                "feeling",
                "Calm",
                "Tense",
                _NEUTRAL,
                "feeling of step 'waits' edited: not judged better or worse",
            ),
            Example(
                Op.ADDED,
                "stage",
                None,
                None,
                {"name": "Return"},
                _NEUTRAL,
                "stage 'return' added: not judged better or worse",
                Facts("'return'", "stage"),
            ),
        ),
    ),
)


def rules_markdown() -> str:
    """The table for ``docs/diff.md``: one row per rule, in the order they are tried."""
    lines = [
        "| what changed | effect | example reason |",
        "| --- | --- | --- |",
    ]
    for rule in RULES:
        example = rule.examples[0].reason if rule.examples else ""
        lines.append(f"| {rule.change} | {rule.verdict} | {example} |")
    return "\n".join(lines) + "\n"


# -- words ---------------------------------------------------------------------------

#: A list field's item in words, for reasons and the diff's lines alike (cjm.diff.words).
ITEM_NAMES = {
    "thoughts": "thought",
    "evidence": "evidence",
    "backstage": "backstage action",
    "pain_points": "pain point",
    "needs": "need",
    "pains": "pain",
    "goals": "goal",
    "motivations": "motivation",
    "touchpoint": "touchpoint",
    "tags": "tag",
    "channels": "channel",
}
#: Lists whose items are free text, so one can be reworded (not references or tags).
REWORDABLE = frozenset(
    ("thoughts", "evidence", "backstage", "needs", "pains", "goals", "motivations")
)


def _emotion_text(value: Any) -> str:
    return signed_emotion(value) if isinstance(value, int) else "none"


def measure_text(value: Any, facts: Facts) -> str:
    """A metric's amount as every page shows it (:func:`cjm.measures.format_quantity`)."""
    if value is None:
        return "none"
    unit = _unit(facts)
    if unit is None and facts.unit is not None and facts.unit != facts.old_unit:
        return str(value)  # the two sides are in different units: as written
    return format_quantity(
        value, unit, currency=facts.currency, scale=facts.scale, cents=facts.cents
    )


def _quoted(item: Any) -> str:
    text = " ".join(pain_text(item).split())
    return '"' + (text if len(text) <= 80 else text[:79].rstrip() + "…") + '"'
