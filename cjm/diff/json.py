"""The diff as JSON (docs/diff.md): ``{"changes": [...], "summary": {...}, "journeys": {...}}``.

Paths are written as the documented strings (``journey:ID/stage:ID/step:ID``); keys are
sorted and changes keep the comparison's order, so the output is stable. ``journeys``
holds the ``summary`` counts of each journey with changes, by its id, so a CI step can
gate on one journey without parsing paths.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from cjm.diff.words import Counts, journey_counts

if TYPE_CHECKING:
    from cjm.diff.compare import Comparison


def format_json(comparison: Comparison, *, color: bool = False) -> str:
    """The documented object; ``color`` is accepted for the registry and ignored."""
    document = {
        "changes": [change.as_json() for change in comparison.changes],
        "summary": Counts.of(comparison.changes).as_json(),
        "journeys": {
            key: counts.as_json() for key, counts in journey_counts(comparison.changes).items()
        },
    }
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
