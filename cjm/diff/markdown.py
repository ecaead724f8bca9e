"""The diff as GitHub-flavoured Markdown, for a pull request comment or
``$GITHUB_STEP_SUMMARY``.

A reviewer reads the top of each journey's section and stops there: a table of what
changed (steps, touchpoints on steps, pain points, opportunities, metrics), the emotion
moves with arrows, the metric moves against their targets, and the new and resolved
pain points and opportunities. Every single change is still there, folded away in a
``<details>`` section. User text is escaped: a pain point cannot break a table, open
an HTML tag or mention someone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from cjm.diff import Effect, Op
from cjm.diff.change import Change, ChangePath, path_text
from cjm.diff.compare import Comparison, JourneyPair
from cjm.diff.words import describe, shorten, summary
from cjm.measures import signed_emotion
from cjm.model import Metric

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_EFFECT = {Effect.IMPROVEMENT: "🟢 improvement", Effect.REGRESSION: "🔴 regression"}
_OP = {Op.ADDED: "\u2795", Op.REMOVED: "\u2796", Op.CHANGED: "✏️", Op.MOVED: "↕️", Op.RENAMED: "🏷️"}
_NOTHING = "\u2013"  # an en dash: an empty cell


def escape(text: str, limit: int = 200) -> str:
    """User text safe inside a table cell or a list item, on one line."""
    escaped = _SPECIAL.sub(r"\\\1", shorten(text, limit)).replace("&", "&amp;")
    return escaped.replace("@", "@\u2060")  # no @mentions from map text


def format_markdown(comparison: Comparison, *, color: bool = False) -> str:
    """The comparison as Markdown; ``color`` is accepted for the registry and ignored."""
    sides = f"`{_code(comparison.old_label)}` → `{_code(comparison.new_label)}`"
    lines = ["## 🗺️ Journey map changes", ""]
    if not comparison.changes:
        lines.append(f"No differences between {sides}.")
        return "\n".join(lines) + "\n"
    lines.append(f"{sides} · **{summary(comparison)}**")
    regressions = comparison.count(Effect.REGRESSION)
    if regressions:
        lines += [
            "",
            "> [!WARNING]",
            f"> {_plural(regressions, 'change')} make{'s' if regressions == 1 else ''} "
            "a journey worse for the customer.",
        ]
    others: list[Change] = []
    for part, node in comparison.tree.children.items():
        if part[0] == "journey":
            pair = comparison.journey(part[1])
            lines += ["", *_journey_section(part[1], node.changes(), pair, comparison)]
        else:
            others += node.changes()
    if others:
        lines += ["", "### Personas, segments and touchpoints", ""]
        lines += [_change_item(change, comparison, 0) for change in others]
    return "\n".join(lines) + "\n"


def _journey_section(
    key: str, changes: list[Change], pair: JourneyPair | None, comparison: Comparison
) -> Iterator[str]:
    root: ChangePath = (("journey", key),)
    title = comparison.labels.get(root, key)
    whole = next((c for c in changes if c.path == root and c.field is None), None)
    status = {Op.ADDED: " (added)", Op.REMOVED: " (removed)"}.get(whole.op, "") if whole else ""
    yield f"### {escape(title)} · `{_code(key)}`{status}"
    yield ""
    if whole is not None:
        yield f"The whole journey was {whole.op.value}."
        return
    counts = _Counts.of(changes)
    yield "| | added | removed | changed |"
    yield "| --- | ---: | ---: | ---: |"
    yield from counts.rows()
    improvements = sum(c.effect is Effect.IMPROVEMENT for c in changes)
    regressions = sum(c.effect is Effect.REGRESSION for c in changes)
    yield ""
    yield (
        f"**{_plural(len(changes), 'change')}**: {_plural(improvements, 'improvement')}, "
        f"{_plural(regressions, 'regression')}"
    )
    emotion = list(_emotion_rows(changes, comparison))
    if emotion:
        yield from ("", "**Emotion**", "", "| Step | Before | After | Move |")
        yield "| --- | :---: | :---: | --- |"
        yield from emotion
    metrics = list(_metric_rows(changes, pair, comparison))
    if metrics:
        yield from ("", "**Metrics**", "", "| Metric | Value | Target | Effect |")
        yield "| --- | --- | --- | --- |"
        yield from metrics
    for heading, items in _highlights(changes, comparison):
        if items:
            yield from ("", f"**{heading}**", "", *items)
    yield ""
    yield f"<details><summary>All {_plural(len(changes), 'change')} to this journey</summary>"
    yield ""
    yield from (_change_item(change, comparison, 1) for change in changes)
    yield ""
    yield "</details>"


@dataclass
class _Counts:
    rows_by_name: dict[str, tuple[int | None, int | None, int | None]]

    @classmethod
    def of(cls, changes: list[Change]) -> _Counts:
        def objects(kind: str) -> tuple[int, int, int]:
            added = sum(c.kind == kind and c.op is Op.ADDED and c.field is None for c in changes)
            removed = sum(
                c.kind == kind and c.op is Op.REMOVED and c.field is None for c in changes
            )
            changed = {
                c.path
                for c in changes
                if (c.kind == kind and c.op in (Op.CHANGED, Op.MOVED)) or _item_of(c, kind)
            }
            return added, removed, len(changed)

        def items(field: str) -> tuple[int, int, int | None]:
            mine = [c for c in changes if c.kind == "step" and c.field == field]
            changed = sum(c.op is Op.CHANGED for c in mine) if field == "pain_points" else None
            return (
                sum(c.op is Op.ADDED for c in mine),
                sum(c.op is Op.REMOVED for c in mine),
                changed,
            )

        return cls(
            {
                "Stages": objects("stage"),
                "Steps": objects("step"),
                "Touchpoints on steps": items("touchpoint"),
                "Pain points": items("pain_points"),
                "Opportunities": objects("opportunity"),
                "Metrics": objects("metric"),
                "Goals": objects("goal"),
            }
        )

    def rows(self) -> Iterator[str]:
        for name, numbers in self.rows_by_name.items():
            if any(numbers):
                cells = " | ".join(
                    _NOTHING if number is None else str(number) for number in numbers
                )
                yield f"| {name} | {cells} |"


def _item_of(change: Change, kind: str) -> bool:
    """An item added to or removed from a list field counts as a change of its object."""
    return change.kind == kind and change.field is not None and change.op is not Op.MOVED


def _emotion_rows(changes: list[Change], comparison: Comparison) -> Iterator[str]:
    for change in changes:
        if change.kind != "step":
            continue
        if change.field == "emotion":
            before, after = change.old, change.new
            move = _arrow(before, after)
        elif change.field is None and change.op in (Op.ADDED, Op.REMOVED):
            data = change.new if change.op is Op.ADDED else change.old
            emotion = data.get("emotion") if isinstance(data, dict) else None
            if emotion is None:
                continue
            before, after = (None, emotion) if change.op is Op.ADDED else (emotion, None)
            move = f"step {change.op.value}"
        else:
            continue
        where = _where(change.path, comparison)
        yield f"| {where} | {_emotion(before)} | {_emotion(after)} | {move} |"


def _arrow(before: object, after: object) -> str:
    if isinstance(before, int) and isinstance(after, int):
        delta = after - before
        return f"⬆️ {signed_emotion(delta)}" if delta > 0 else f"⬇️ {signed_emotion(delta)}"
    return "set" if before is None else "cleared"


def _emotion(value: object) -> str:
    if not isinstance(value, int):
        return _NOTHING
    return signed_emotion(value)


def _metric_rows(
    changes: list[Change], pair: JourneyPair | None, comparison: Comparison
) -> Iterator[str]:
    old_metrics = pair.old_metrics if pair else {}
    new_metrics = pair.new_metrics if pair else {}
    seen: set[ChangePath] = set()
    for change in changes:
        if change.kind != "metric" or change.path in seen:
            continue
        if change.field not in (None, "value", "target") or change.op is Op.MOVED:
            continue
        seen.add(change.path)
        key = change.key
        before, after = _metric(old_metrics.get(key)), _metric(new_metrics.get(key))
        effects = [c.effect for c in changes if c.path == change.path and c.field == "value"]
        effect = _EFFECT.get(effects[0], "") if effects else ""
        if change.field is None:
            effect = f"metric {change.op.value}"
        name = escape(comparison.labels.get(change.path, key))
        value = _move(before, after, "value")
        target = _move(before, after, "target")
        yield f"| {name} | {value} | {target} | {effect} |"


def _metric(where: object) -> Metric | None:
    item = getattr(where, "item", None)
    return item if isinstance(item, Metric) else None


def _move(before: Metric | None, after: Metric | None, name: str) -> str:
    first = _measure(before, name)
    second = _measure(after, name)
    if before is None:
        return second
    if after is None:
        return first
    return second if first == second else f"{first} → {second}"


def _measure(metric: Metric | None, name: str) -> str:
    if metric is None:
        return _NOTHING
    value = getattr(metric, name)
    if value is None:
        return _NOTHING
    text = escape(str(value), 40)
    return f"{text}%" if metric.unit is not None and metric.unit.value == "percent" else text


def _highlights(changes: list[Change], comparison: Comparison) -> Iterator[tuple[str, list[str]]]:
    def items(kind: str, field: str | None, op: Op) -> list[str]:
        found = []
        for change in changes:
            if change.kind == kind and change.field == field and change.op is op:
                value = change.new if op is Op.ADDED else change.old
                text = value.get("text", "") if isinstance(value, dict) else value
                found.append(f"- {_where(change.path, comparison)}: {escape(str(text))}")
        return found

    yield "New pain points", items("step", "pain_points", Op.ADDED)
    yield "Resolved pain points", items("step", "pain_points", Op.REMOVED)
    yield "New opportunities", items("opportunity", None, Op.ADDED)
    yield "Dropped opportunities", items("opportunity", None, Op.REMOVED)
    yield "Touchpoints added to steps", items("step", "touchpoint", Op.ADDED)
    yield "Touchpoints removed from steps", items("step", "touchpoint", Op.REMOVED)


def _where(path: ChangePath, comparison: Comparison) -> str:
    """'Registration → *Scans the receipt*': the stage's name, then the step's action."""
    names = []
    for depth in range(2, len(path) + 1):
        kind, key = path[depth - 1]
        if kind in ("stage", "step"):
            label = comparison.labels.get(path[:depth], key)
            names.append(escape(label, 60) if kind == "stage" else f"*{escape(label, 80)}*")
    return " → ".join(names) or f"`{_code(path_text(path))}`"


def _change_item(change: Change, comparison: Comparison, depth: int) -> str:
    """One change, its path shown below the first ``depth`` parts (its journey's)."""
    relative = path_text(change.path[depth:]) or path_text(change.path)
    what = escape(describe(change, comparison), 400)
    effect = _EFFECT.get(change.effect)
    return f"- {_OP[change.op]} `{_code(relative)}`: {what}" + (f" — {effect}" if effect else "")


def _code(text: str) -> str:
    """Text for a code span: backticks cannot close it early."""
    return shorten(text, 200).replace("`", "'")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
