"""cjm.measures at its boundaries: the exact day, the exact month, the sign of a target.

Each case here killed a mutant the rest of the suite let live (issue 19, item 6): the
tests of ``test_measures.py`` pass a few days either side of a boundary, these sit on it.
Expected values are written by hand, never computed with the function under test.
"""

from __future__ import annotations

import datetime
import math

import pytest

from cjm.measures import due_text, format_number, goal_due_soon, metric_gap
from cjm.model import Metric

TODAY = datetime.date(2026, 12, 2)


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("2028-12-02", "due in 2 years"),  # exactly 24 months: years from here on
        ("2028-12-01", "due in 23 months"),  # a day short of 24 months
        ("2029-12-01", "due in 2 years"),  # whole years, rounded down
        ("2029-12-02", "due in 3 years"),
    ],
)
def test_due_text_counts_years_from_exactly_two_years(due: str, expected: str) -> None:
    assert due_text(_day(due), TODAY) == expected


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (None, False),
        ("2026-12-01", False),  # yesterday: overdue or done, not "due soon"
        ("2026-12-02", True),  # the day itself
        ("2026-12-03", True),
        ("2027-01-01", True),  # the 30th day ahead: the last one in the window
        ("2027-01-02", False),  # the 31st
    ],
)
def test_goal_due_soon_from_the_day_itself_to_the_thirtieth_day(
    due: str | None, expected: bool
) -> None:
    assert goal_due_soon(_day(due) if due else None, TODAY) is expected


def _gap(**fields: object) -> tuple[str, float] | None:
    return metric_gap(Metric.model_validate({"name": "m", **fields}))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # The share is the distance over the target's size: positive whatever its sign,
        # so a missed metric with a negative target is not ranked as the closest.
        ({"value": -5, "target": -10, "better": "lower"}, ("5 above", 0.5)),
        ({"value": -12, "target": -10}, ("2 below", 0.2)),
        # A target of 0 has no size: any miss of it is ranked furthest.
        ({"value": 3, "target": 0, "better": "lower"}, ("3 above", math.inf)),
        ({"value": -3, "target": 0}, ("3 below", math.inf)),
        # On the target is met, from either side: no gap.
        ({"value": -10, "target": -10, "better": "lower"}, None),
        ({"value": -10, "target": -10}, None),
        ({"value": -5, "target": -10}, None),
    ],
)
def test_metric_gap_with_a_negative_or_zero_target(
    fields: dict[str, object], expected: tuple[str, float] | None
) -> None:
    assert _gap(**fields) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        # Rounded to six places, a fraction can vanish: no point is left hanging.
        (2.0000001, "2"),
        (1140.0000004, "1,140"),
        (0.1000004, "0.1"),
        # Six places are kept, not fewer.
        (3.141593, "3.141593"),
        (-0.000001, "-0.000001"),
    ],
)
def test_format_number_keeps_six_places_and_never_a_trailing_point(
    number: float, expected: str
) -> None:
    assert format_number(number) == expected
