"""How a diff reads in words, shared by every format: a change described, a value
shown, a summary line. Formats differ in layout, never in what a change says."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cjm.diagnostics import printable
from cjm.diff import Effect, Op
from cjm.diff.change import Change
from cjm.diff.effects import ITEM_NAMES, measure_text
from cjm.diff.values import pain_severity, pain_text

if TYPE_CHECKING:
    from cjm.diff.compare import Comparison

_LONGEST_TEXT = 120


@dataclass(frozen=True, slots=True)
class Counts:
    """How many changes, and how many of them make a journey better, worse or neither.

    Every format counts with this one class (the JSON summaries, the text and Markdown
    summary lines, Markdown's per-journey line), so their numbers cannot disagree.
    """

    changes: int = 0
    improvements: int = 0
    regressions: int = 0
    neutral: int = 0

    @classmethod
    def of(cls, changes: Iterable[Change]) -> Counts:
        effects = [change.effect for change in changes]
        return cls(
            changes=len(effects),
            improvements=effects.count(Effect.IMPROVEMENT),
            regressions=effects.count(Effect.REGRESSION),
            neutral=effects.count(Effect.NEUTRAL),
        )

    def as_json(self) -> dict[str, int]:
        """The ``summary`` object of the JSON diff (docs/diff.md)."""
        return {
            "changes": self.changes,
            "improvements": self.improvements,
            "regressions": self.regressions,
            "neutral": self.neutral,
        }

    def effects(self) -> str:
        """'3 improvements, 2 regressions, 7 neutral'."""
        return (
            f"{plural(self.improvements, 'improvement')}, "
            f"{plural(self.regressions, 'regression')}, {self.neutral} neutral"
        )


def journey_counts(changes: Iterable[Change]) -> dict[str, Counts]:
    """The counts of each journey with changes, by the journey id its changes' paths
    start with, in id order (changes to personas, segments and touchpoints are in no
    journey)."""
    by_journey: dict[str, list[Change]] = {}
    for change in changes:
        kind, key = change.path[0]
        if kind == "journey":
            by_journey.setdefault(key, []).append(change)
    return {key: Counts.of(by_journey[key]) for key in sorted(by_journey)}


def summary(comparison: Comparison) -> str:
    """'12 changes: 3 improvements, 2 regressions, 7 neutral'."""
    counts = Counts.of(comparison.changes)
    if not counts.changes:
        return "no differences"
    return f"{plural(counts.changes, 'change')}: {counts.effects()}"


def describe(change: Change, comparison: Comparison) -> str:
    """A field change or move in words: 'emotion: -2 → 1', 'pain point: "..."'."""
    name = change.field or change.kind
    if change.op is Op.MOVED:
        if name == "stage":
            return f"moved from stage {printable(str(change.old))} to {printable(str(change.new))}"
        return f"moved from position {change.old} to {change.new}"
    if change.op is Op.RENAMED:
        return f"{change.kind} renamed: {printable(str(change.old))} → {printable(str(change.new))}"
    if change.field is None:
        label = comparison.labels.get(change.path)
        return f"{change.kind} {change.op.value}" + (f": {show(label)}" if label else "")
    if change.op is Op.CHANGED and name == "pain_points":  # reworded, or a new severity
        old_text, text = pain_text(change.old), pain_text(change.new)
        parts = [f"reworded: {show(old_text)} → {show(text)}"] if old_text != text else []
        before, after = pain_severity(change.old), pain_severity(change.new)
        if before != after:
            parts.append(f"severity {before} → {after}")
        what = f"pain point {show(text)}" if old_text == text else "pain point"
        return f"{what}: {', '.join(parts)}"
    if change.op is Op.CHANGED and name in ITEM_NAMES:  # an item of a list reworded
        return f"{ITEM_NAMES[name]} reworded: {show(change.old)} → {show(change.new)}"
    facts = comparison.metrics.get(change.path) if change.kind == "metric" else None
    if change.op is Op.CHANGED and facts is not None and name in ("value", "target"):
        # amounts as the pages show them: "value: 14 min → 20 min (target 30 min)"
        text = f"{name}: {measure_text(change.old, facts)} → {measure_text(change.new, facts)}"
        if name == "value" and facts.target is not None:
            text += f" (target {measure_text(facts.target, facts)})"
        return text
    if change.op is Op.CHANGED:
        return f"{name}: {show(change.old)} → {show(change.new)}"
    value = change.new if change.op is Op.ADDED else change.old
    return f"{ITEM_NAMES.get(name, name)} {change.op.value}: {show(value)}"


def show(value: Any) -> str:
    """A value as a reviewer reads it: text quoted, nothing as 'none'."""
    if value is None:
        return "none"
    if isinstance(value, str):
        return f'"{shorten(value)}"'
    if isinstance(value, dict) and "text" in value:  # a pain point with its severity
        details = ", ".join(f"{key} {item}" for key, item in value.items() if key != "text")
        return show(value["text"]) + (f" ({printable(details)})" if details else "")
    if isinstance(value, list | tuple):
        return ", ".join(show(item) for item in value) or "none"
    if isinstance(value, dict):
        return printable(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return printable(str(value))


def shorten(text: str, limit: int = _LONGEST_TEXT) -> str:
    """One line, at most ``limit`` characters, control characters escaped."""
    one_line = printable(" ".join(text.split()))
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def why(change: Change, limit: int = _LONGEST_TEXT * 2) -> str:
    """Why an improvement or a regression counts as one, on one line; nothing for a
    neutral change (its reason, if any, explains no verdict a reviewer must check)."""
    if change.effect is Effect.NEUTRAL or not change.reason:
        return ""
    return shorten(change.reason, limit)
