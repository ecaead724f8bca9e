"""CJM216 goal-overdue: judged against ``--today``, else the clock (``cjm.clock``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

EXAMPLES = REPO / "cjm" / "rules" / "examples" / "CJM216"


def overdue(folder: Path, example: str, *arguments: str) -> list[tuple[int, str]]:
    shutil.copyfile(EXAMPLES / f"{example}.yaml", folder / "map.yaml")
    result = run_cli("lint", "--select", "CJM216", "--format", "json", *arguments, "map.yaml")
    assert result.status == 0, result.stderr
    return [(d["line"], d["message"]) for d in json.loads(result.stdout)["diagnostics"]]


INSTALLS = (
    20,
    "goal 'installs-up' was due 2025-05-31 and metric 'app-installs' is below target "
    "(1,200 against 2,000)",
)
CODES = (
    24,
    "goal 'codes-work' was due 2025-09-30 and metric 'failed-codes' has no current "
    "value to show it met",
)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        ("2025-05-31", []),  # due today is not overdue yet
        ("2025-06-01", [INSTALLS]),
        ("2025-10-01", [INSTALLS, CODES]),
    ],
)
def test_a_goal_is_overdue_the_day_after_it_was_due(
    in_tmp: Path, today: str, expected: list[tuple[int, str]]
) -> None:
    assert overdue(in_tmp, "bad", "--today", today) == expected


def test_a_met_goal_is_never_overdue_and_a_missed_one_is_after_its_day(in_tmp: Path) -> None:
    assert overdue(in_tmp, "good", "--today", "2099-09-30") == []
    assert overdue(in_tmp, "good", "--today", "2099-10-01") == [
        (
            24,
            "goal 'codes-work' was due 2099-09-30 and metric 'failed-codes' is above target "
            "(3.5% against 1%)",
        )
    ]


def test_without_today_the_clock_decides(in_tmp: Path) -> None:
    """The suite's clock stands at 2026-12-01 (``tests/conftest.py``)."""
    assert overdue(in_tmp, "bad") == [INSTALLS, CODES]


@pytest.mark.parametrize("value", ["2025-13-01", "tomorrow", "2025-6-1", ""])
def test_a_today_that_is_not_a_date_is_a_usage_error(in_tmp: Path, value: str) -> None:
    shutil.copyfile(EXAMPLES / "bad.yaml", in_tmp / "map.yaml")
    result = run_cli("lint", "--today", value, "map.yaml")
    assert result.status == 2
    assert result.stderr == f"cjm: error: --today '{value}' is not a date written YYYY-MM-DD\n"
