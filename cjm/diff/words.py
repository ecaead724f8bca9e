"""How a diff reads in words, shared by every format: a change described, a value
shown, a summary line. Formats differ in layout, never in what a change says."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from cjm.diagnostics import printable
from cjm.diff import Effect, Op
from cjm.diff.change import Change

if TYPE_CHECKING:
    from cjm.diff.compare import Comparison

#: How list fields read in one item's words.
ITEM_NAMES = {
    "pain_points": "pain point",
    "touchpoint": "touchpoint",
    "thoughts": "thought",
    "evidence": "evidence",
    "backstage": "backstage action",
    "tags": "tag",
    "goals": "goal",
    "needs": "need",
    "pains": "pain",
    "motivations": "motivation",
    "channels": "channel",
}
_LONGEST_TEXT = 120


def summary(comparison: Comparison) -> str:
    """'12 changes: 3 improvements, 2 regressions, 7 neutral'."""
    total = len(comparison.changes)
    if not total:
        return "no differences"
    counts = (
        plural(comparison.count(Effect.IMPROVEMENT), "improvement"),
        plural(comparison.count(Effect.REGRESSION), "regression"),
        f"{comparison.count(Effect.NEUTRAL)} neutral",
    )
    return f"{plural(total, 'change')}: {', '.join(counts)}"


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
    if change.op is Op.CHANGED and name == "pain_points":  # same text, new severity
        text = _pain_text(change.new)
        return (
            f"pain point {show(text)}: severity {_severity(change.old)} → {_severity(change.new)}"
        )
    if change.op is Op.CHANGED:
        text = f"{name}: {show(change.old)} → {show(change.new)}"
        target = comparison.targets.get(change.path)
        if change.kind == "metric" and name == "value" and target is not None:
            text += f" (target {show(target)})"
        return text
    value = change.new if change.op is Op.ADDED else change.old
    return f"{ITEM_NAMES.get(name, name)} {change.op.value}: {show(value)}"


def _pain_text(item: Any) -> str:
    return str(item.get("text", "")) if isinstance(item, dict) else str(item)


def _severity(item: Any) -> str:
    severity = item.get("severity") if isinstance(item, dict) else None
    return str(severity) if severity else "none"


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
