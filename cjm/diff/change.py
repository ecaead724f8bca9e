"""One difference between two versions, in FORMAT.md's JSON shape."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cjm.diff import Effect, Op

_INVERSE_OP = {Op.ADDED: Op.REMOVED, Op.REMOVED: Op.ADDED}
_INVERSE_EFFECT = {Effect.IMPROVEMENT: Effect.REGRESSION, Effect.REGRESSION: Effect.IMPROVEMENT}


@dataclass(frozen=True, slots=True)
class Change:
    """One difference, in FORMAT.md's shape.

    ``field`` is None when a whole object was added, removed or moved; for a list of
    texts (pain points, evidence, a step's touchpoints...) an item added to or removed
    from the list is ``added``/``removed`` with ``field`` naming the list. ``old`` and
    ``new`` are plain JSON values (a whole object as a mapping).
    """

    op: Op
    kind: str
    path: str
    field: str | None
    old: Any
    new: Any
    effect: Effect = Effect.NEUTRAL

    def as_json(self) -> dict[str, Any]:
        return {
            "op": self.op.value,
            "kind": self.kind,
            "path": self.path,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "effect": self.effect.value,
        }

    def inverse(self) -> Change:
        """The same difference seen from the other side (``diff(B, A)``)."""
        return Change(
            op=_INVERSE_OP.get(self.op, self.op),
            kind=self.kind,
            path=self.path,
            field=self.field,
            old=self.new,
            new=self.old,
            effect=_INVERSE_EFFECT.get(self.effect, self.effect),
        )
