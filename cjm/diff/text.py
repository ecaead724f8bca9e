"""The diff as a tree for a terminal: the objects that changed, from the journey down,
each change one line, coloured only when asked (a TTY without ``NO_COLOR``). An
improvement or a regression says why it is one (the change's ``reason``), so a failed
``--fail-on regression`` gate explains itself in the CI log; a rename is one neutral
line under the object's new id.

It is written with plain strings and ANSI codes rather than rich, so that its bytes do
not depend on the terminal's width and snapshots stay stable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from cjm.diagnostics import printable
from cjm.diff import Effect, Op
from cjm.diff.change import Change, Node
from cjm.diff.words import describe, shorten, summary, why

if TYPE_CHECKING:
    from cjm.diff.compare import Comparison

_GREEN, _RED, _YELLOW, _CYAN = "\033[32m", "\033[31m", "\033[33m", "\033[36m"
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_OP_MARK = {Op.ADDED: "+", Op.REMOVED: "-", Op.CHANGED: "~", Op.MOVED: "↕", Op.RENAMED: "→"}
_OP_COLOR = {
    Op.ADDED: _GREEN,
    Op.REMOVED: _RED,
    Op.CHANGED: _YELLOW,
    Op.MOVED: _CYAN,
    Op.RENAMED: _CYAN,
}
_EFFECT_MARK = {Effect.IMPROVEMENT: "▲ improvement", Effect.REGRESSION: "▼ regression"}
_EFFECT_COLOR = {Effect.IMPROVEMENT: _GREEN, Effect.REGRESSION: _RED}


def format_text(comparison: Comparison, *, color: bool = False) -> str:
    paint = _painter(color)
    sides = f"{printable(comparison.old_label)} → {printable(comparison.new_label)}"
    lines = [paint(f"{sides}: {summary(comparison)}", _BOLD)]
    for node in comparison.tree.children.values():
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
        *(event for event in node.events if event.op in (Op.RENAMED, Op.MOVED)),
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
        title += _effect(whole, paint)
    return title


def _change_line(change: Change, comparison: Comparison, paint: Painter) -> str:
    mark = paint(_OP_MARK[change.op], _OP_COLOR[change.op])
    return f"{mark} {describe(change, comparison)}{_effect(change, paint)}"


def _effect(change: Change, paint: Painter) -> str:
    """'  ▼ regression: emotion at 'waits' fell from -1 to -2': the verdict, and why."""
    mark = _EFFECT_MARK.get(change.effect)
    if not mark:
        return ""
    reason = why(change)
    return f"  {paint(mark, _EFFECT_COLOR[change.effect])}" + (f": {reason}" if reason else "")
