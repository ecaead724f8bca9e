"""Model values as plain JSON data, as a change's ``old`` and ``new`` carry them.

Numbers keep their type (the loader's ``IntText`` becomes an ``int``), enums are their
value, dates ISO text, and a whole object is a mapping of the fields a user would have
written (defaults left out), so a change reads like the YAML it came from.
"""

from __future__ import annotations

import datetime
import enum
import math
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from cjm.model import PainPoint


def pain_value(pain: PainPoint) -> Any:
    """A pain point as written in the short form when it has no severity."""
    if pain.severity is None:
        return pain.text
    return {"text": pain.text, "severity": pain.severity.value}


def pain_text(value: Any) -> str:
    """The text of a pain point's plain value (text, or ``{text, severity}``)."""
    return str(value.get("text", "")) if isinstance(value, dict) else str(value)


def pain_severity(value: Any) -> str:
    """The severity of a pain point's plain value, ``none`` when it has none."""
    severity = value.get("severity") if isinstance(value, dict) else None
    return str(severity) if severity else "none"


def dump(model: BaseModel, *, leave_out: Iterable[str] = ()) -> dict[str, Any]:
    """A model as plain JSON data, fields left at their default omitted (as a user
    would write the object), in declared order."""
    omitted = frozenset(leave_out)
    data: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        if name in omitted:
            continue
        value = getattr(model, name)
        if not info.is_required() and value == info.get_default(call_default_factory=True):
            continue
        data[name] = plain(value)
    return data


def plain(value: Any) -> Any:
    """A model value as JSON data: enums by value, dates ISO, numbers as numbers."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, PainPoint):
        return pain_value(value)
    if isinstance(value, BaseModel):
        return dump(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return str(value)
