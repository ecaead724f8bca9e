"""One difference between two versions, and the path that names its object.

A path is a tuple of ``(kind, key)`` pairs from the workspace root down, e.g.
``(("journey", "buy"), ("stage", "visit"), ("step", "pays"))``: formats group and name
changes by reading its parts, never by parsing text. Only the JSON diff (docs/diff.md) writes it
as one string, ``journey:buy/stage:visit/step:pays`` (:func:`path_text`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cjm.diff import Effect, Op

#: ``(kind, key)`` pairs from the workspace root down to the changed object.
ChangePath = tuple[tuple[str, str], ...]

_INVERSE_OP = {Op.ADDED: Op.REMOVED, Op.REMOVED: Op.ADDED}
_WHOLE = (Op.ADDED, Op.REMOVED)
#: Changes about the object itself rather than one of its fields.
_EVENTS = (Op.MOVED, Op.RENAMED)
_INVERSE_EFFECT = {Effect.IMPROVEMENT: Effect.REGRESSION, Effect.REGRESSION: Effect.IMPROVEMENT}


def path_text(path: ChangePath) -> str:
    """The documented spelling of a path (docs/diff.md): ``journey:ID/stage:ID/step:ID``."""
    return "/".join(f"{kind}:{key}" for kind, key in path)


def child(path: ChangePath, kind: str, key: str) -> ChangePath:
    """The path of ``kind:key`` inside the object at ``path``."""
    return (*path, (kind, key))


@dataclass(frozen=True, slots=True)
class Change:
    """One difference, in the JSON diff's shape (docs/diff.md).

    ``field`` is None when a whole object was added, removed or moved; for a list of
    texts (pain points, evidence, a step's touchpoints...) an item added to or removed
    from the list is ``added``/``removed`` with ``field`` naming the list. ``old`` and
    ``new`` are plain JSON values (a whole object as a mapping).
    """

    op: Op
    kind: str
    path: ChangePath
    field: str | None
    old: Any
    new: Any
    effect: Effect = Effect.NEUTRAL
    #: Why the change counts as its effect, in a sentence a reviewer reads
    #: ("emotion at 'waits' rose from -2 to +1"); :mod:`cjm.diff.effects` writes it.
    reason: str = ""

    @property
    def key(self) -> str:
        """The changed object's own key (its id, or a derived ``~key``)."""
        return self.path[-1][1]

    @property
    def whole(self) -> bool:
        """Whether the change adds or removes the whole object at its path."""
        return self.field is None and self.op in (Op.ADDED, Op.REMOVED)

    def as_json(self) -> dict[str, Any]:
        return {
            "op": self.op.value,
            "kind": self.kind,
            "path": path_text(self.path),
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "effect": self.effect.value,
            "reason": self.reason,
        }

    def inverse(self) -> Change:
        """The same difference seen from the other side (``diff(B, A)``), without its
        reason (which is written from the comparison's context). A rename's path names
        the object by its new id, so read backwards it names the old one."""
        path = self.path
        if self.op is Op.RENAMED:
            path = (*path[:-1], (path[-1][0], str(self.old)))
        return Change(
            op=_INVERSE_OP.get(self.op, self.op),
            kind=self.kind,
            path=path,
            field=self.field,
            old=self.new,
            new=self.old,
            effect=_INVERSE_EFFECT.get(self.effect, self.effect),
        )


@dataclass
class Node:
    """An object on the path of some changes: its own events, its field changes and the
    objects inside it that changed, in the order first met (a journey's stages, a
    stage's steps...). :func:`group` builds the tree every format reads."""

    path: ChangePath
    events: list[Change] = field(default_factory=list)  # added, removed, moved, renamed
    fields: list[Change] = field(default_factory=list)
    children: dict[tuple[str, str], Node] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.path[-1][0]

    @property
    def key(self) -> str:
        return self.path[-1][1]

    @property
    def whole(self) -> Change | None:
        """The change that added or removed this object, if one did."""
        return next((event for event in self.events if event.op in _WHOLE), None)

    @property
    def moved(self) -> bool:
        return any(event.op is Op.MOVED for event in self.events)

    @property
    def renamed(self) -> Change | None:
        """The change that gave this object its new id, if one did."""
        return next((event for event in self.events if event.op is Op.RENAMED), None)

    def changes(self) -> list[Change]:
        """Every change at or under this object, in the comparison's order (the tree
        keeps it: an object's events and fields are listed before those inside it)."""
        found = [*self.events, *self.fields]
        for node in self.children.values():
            found += node.changes()
        return found

    def find(self, *parts: tuple[str, str]) -> Node | None:
        """The node at these ``(kind, key)`` parts below this one, if any change is there."""
        node: Node | None = self
        for part in parts:
            node = node.children.get(part) if node is not None else None
        return node


def group(changes: list[Change]) -> Node:
    """Changes grouped by the objects on their paths, in the order first met."""
    root = Node(())
    for change in changes:
        node = root
        for depth, part in enumerate(change.path, start=1):
            node = node.children.setdefault(part, Node(change.path[:depth]))
        if change.field is None or change.op in _EVENTS:
            node.events.append(change)
        else:
            node.fields.append(change)
    return root
