"""What day it is, for the checks and pages that compare a date with today.

Whether a goal is overdue depends on the day a command runs, so every command that
needs the day takes ``--today YYYY-MM-DD`` and otherwise asks :func:`today`, the one
clock of the program: a test replaces this one function and the day stands still.
A command asks once (``cjm.commands``) and hands the day down to lint, every page,
the index and the report; nothing below the commands reads the clock.
"""

from __future__ import annotations

import datetime


def today() -> datetime.date:
    """The local date, as the user's calendar says."""
    return datetime.date.today()


def parse_day(text: str) -> datetime.date:
    """A ``--today`` value: ``YYYY-MM-DD`` exactly (ValueError names what it wants)."""
    try:
        if len(text) != len("2026-12-01"):
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--today '{text}' is not a date written YYYY-MM-DD") from None
