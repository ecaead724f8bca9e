"""Printing a :class:`~cjm.diff.compare.Comparison`: one function per format.

``text`` is a tree for a terminal: the objects that changed, from the journey down,
each change one line, coloured only when asked (a TTY without ``NO_COLOR``). It is
written with plain strings and ANSI codes rather than rich, so that its bytes do not
depend on the terminal's width and snapshots stay stable; ``json`` is FORMAT.md's shape;
``markdown`` and ``html`` live in their own modules.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cjm.diagnostics import printable
from cjm.diff import DiffFormat, Effect, Op
from cjm.diff.change import Change
from cjm.diff.compare import Comparison

_GREEN, _RED, _YELLOW, _CYAN = "\033[32m", "\033[31m", "\033[33m", "\033[36m"
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_OP_MARK = {Op.ADDED: "+", Op.REMOVED: "-", Op.CHANGED: "~", Op.MOVED: "↕"}
_OP_COLOR = {Op.ADDED: _GREEN, Op.REMOVED: _RED, Op.CHANGED: _YELLOW, Op.MOVED: _CYAN}
_EFFECT_MARK = {Effect.IMPROVEMENT: "▲ improvement", Effect.REGRESSION: "▼ regression"}
_EFFECT_COLOR = {Effect.IMPROVEMENT: _GREEN, Effect.REGRESSION: _RED}
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


def render(comparison: Comparison, output_format: DiffFormat, *, color: bool = False) -> str:
    """The comparison in ``output_format``; each format is imported when used."""
    if output_format is DiffFormat.TEXT:
        return format_text(comparison, color=color)
    if output_format is DiffFormat.JSON:
        return format_json(comparison)
    if output_format is DiffFormat.MARKDOWN:
        from cjm.diff.markdown import format_markdown

        return format_markdown(comparison)
    if output_format is DiffFormat.HTML:
        from cjm.diff.html import format_html

        return format_html(comparison)
    from typing import assert_never

    assert_never(output_format)


def format_json(comparison: Comparison) -> str:
    """FORMAT.md's ``{"changes": [...]}``, keys sorted, in the comparison's order."""
    document = {"changes": [change.as_json() for change in comparison.changes]}
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------- text


@dataclass
class Node:
    """An object on the path of some change: its own events and field changes."""

    path: str
    events: list[Change] = field(default_factory=list)  # added, removed or moved
    fields: list[Change] = field(default_factory=list)
    children: dict[str, Node] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.path.rpartition("/")[2].partition(":")[0]

    @property
    def key(self) -> str:
        return self.path.rpartition("/")[2].partition(":")[2]

    @property
    def whole(self) -> Change | None:
        """The change that added or removed this object, if one did."""
        return next((event for event in self.events if event.op is not Op.MOVED), None)


def tree(changes: list[Change]) -> Node:
    """Changes grouped by the objects on their paths, in the order first met."""
    root = Node("")
    for change in changes:
        node = root
        prefix = ""
        for segment in change.path.split("/"):
            prefix = f"{prefix}/{segment}" if prefix else segment
            node = node.children.setdefault(segment, Node(prefix))
        if change.field is None or change.op is Op.MOVED:
            node.events.append(change)
        else:
            node.fields.append(change)
    return root


def summary(comparison: Comparison) -> str:
    """'12 changes: 3 improvements, 2 regressions, 7 neutral'."""
    total = len(comparison.changes)
    if not total:
        return "no differences"
    counts = (
        _plural(comparison.count(Effect.IMPROVEMENT), "improvement"),
        _plural(comparison.count(Effect.REGRESSION), "regression"),
        f"{comparison.count(Effect.NEUTRAL)} neutral",
    )
    return f"{_plural(total, 'change')}: {', '.join(counts)}"


def format_text(comparison: Comparison, *, color: bool = False) -> str:
    paint = _painter(color)
    sides = f"{printable(comparison.old_label)} → {printable(comparison.new_label)}"
    lines = [paint(f"{sides}: {summary(comparison)}", _BOLD)]
    for node in tree(comparison.changes).children.values():
        lines.append("")
        lines.extend(_node_lines(node, comparison, paint, prefix="", last=None))
    return "".join(line + "\n" for line in lines)


Painter = Callable[[str, str], str]


def _painter(color: bool) -> Painter:
    if not color:
        return lambda text, _style: text
    return lambda text, style: f"{style}{text}{_RESET}" if style else text


def _node_lines(
    node: Node, comparison: Comparison, paint: Painter, *, prefix: str, last: bool | None
) -> Iterator[str]:
    """The node's title line, then its events, fields and children as branches."""
    branch = "" if last is None else ("└── " if last else "├── ")
    inner = prefix if last is None else prefix + ("    " if last else "│   ")
    yield prefix + branch + _title(node, comparison, paint)
    items: list[Node | Change] = [
        *(event for event in node.events if event.op is Op.MOVED),
        *node.fields,
        *node.children.values(),
    ]
    for index, item in enumerate(items):
        is_last = index == len(items) - 1
        if isinstance(item, Node):
            yield from _node_lines(item, comparison, paint, prefix=inner, last=is_last)
        else:
            yield inner + ("└── " if is_last else "├── ") + _change_line(item, comparison, paint)


def _title(node: Node, comparison: Comparison, paint: Painter) -> str:
    label = comparison.labels.get(node.path)
    title = paint(f"{node.kind} {printable(node.key)}", _BOLD)
    if label:
        title += "  " + paint(shorten(label), _DIM)
    whole = node.whole
    if whole is not None:
        title = paint(_OP_MARK[whole.op], _OP_COLOR[whole.op]) + " " + title
        title += _effect(whole.effect, paint)
    return title


def _change_line(change: Change, comparison: Comparison, paint: Painter) -> str:
    mark = paint(_OP_MARK[change.op], _OP_COLOR[change.op])
    return f"{mark} {describe(change, comparison)}{_effect(change.effect, paint)}"


def describe(change: Change, comparison: Comparison) -> str:
    """A field change or move in words: 'emotion: -2 → 1', 'pain point: "..."'."""
    name = change.field or change.kind
    if change.op is Op.MOVED:
        if name == "stage":
            return f"moved from stage {printable(str(change.old))} to {printable(str(change.new))}"
        return f"moved from position {change.old} to {change.new}"
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


def _effect(effect: Effect, paint: Painter) -> str:
    mark = _EFFECT_MARK.get(effect)
    return f"  {paint(mark, _EFFECT_COLOR[effect])}" if mark else ""


def show(value: Any) -> str:
    """A value as a reviewer reads it: text quoted, nothing as 'none'."""
    if value is None:
        return "none"
    if isinstance(value, str):
        return f'"{shorten(value)}"'
    if isinstance(value, dict) and "text" in value:  # a pain point with its severity
        details = ", ".join(f"{key} {item}" for key, item in value.items() if key != "text")
        return show(value["text"]) + (f" ({printable(details)})" if details else "")
    if isinstance(value, list):
        return ", ".join(show(item) for item in value) or "none"
    if isinstance(value, dict):
        return printable(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return printable(str(value))


def shorten(text: str, limit: int = _LONGEST_TEXT) -> str:
    """One line, at most ``limit`` characters, control characters escaped."""
    one_line = printable(" ".join(text.split()))
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
