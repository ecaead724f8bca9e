"""The diff as FORMAT.md's JSON: ``{"changes": [...], "summary": {...}}``.

Paths are written as FORMAT.md's strings (``journey:ID/stage:ID/step:ID``); keys are
sorted and changes keep the comparison's order, so the output is stable.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from cjm.diff import Effect

if TYPE_CHECKING:
    from cjm.diff.compare import Comparison


def format_json(comparison: Comparison, *, color: bool = False) -> str:
    """FORMAT.md's object; ``color`` is accepted for the registry and ignored."""
    document = {
        "changes": [change.as_json() for change in comparison.changes],
        "summary": {
            "changes": len(comparison.changes),
            "improvements": comparison.count(Effect.IMPROVEMENT),
            "regressions": comparison.count(Effect.REGRESSION),
            "neutral": comparison.count(Effect.NEUTRAL),
        },
    }
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
