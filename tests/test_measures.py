"""cjm.measures: one answer for a metric's number and status and an emotion's text.

Expected values are written by hand here, never computed with the function under test.
"""

from __future__ import annotations

import datetime

import pytest

from cjm.measures import (
    COLUMN_WIDTH,
    MetricStatus,
    due_text,
    emotion_class,
    emotion_label,
    emotion_y,
    format_duration,
    format_number,
    format_value,
    goal_overdue,
    goal_progress,
    metric_number,
    metric_reading,
    metric_status,
    signed_emotion,
    status_class,
    status_text,
)
from cjm.model import Better, Metric, Unit


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (18, None, 18.0),
        (0.15, None, 0.15),
        (-3, None, -3.0),
        ("18%", None, 18.0),
        (" 18 % ", Unit.PERCENT, 18.0),
        ("3.8 EUR", None, 3.8),
        ("€3.8", Unit.CURRENCY, 3.8),
        ("1 140", None, 1140.0),
        ("1\u00a0140\u00a0000", Unit.COUNT, 1140000.0),
        ("12.5 min", None, 750.0),
        ("12.5 min", Unit.SECONDS, 750.0),
        (".5", None, 0.5),
        ("+2", None, 2.0),
        ("-2", None, -2.0),
        ("\u22122", None, -2.0),
        ("42", Unit.SCORE, 42.0),
    ],
)
def test_metric_number_reads_what_people_write(
    value: object, unit: Unit | None, expected: float
) -> None:
    assert metric_number(value, unit) == expected


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        (None, None),
        (True, None),
        (False, None),
        ("good", None),
        ("", None),
        ("%", None),
        ("EUR", None),
        ("1,5", None),
        ("1.2.3", None),
        ("11 40", None),
        ("about 18", None),
        (float("inf"), None),
        (float("nan"), None),
        ([18], None),
        ("18 % 3", None),
        ("12.5 min", Unit.PERCENT),
        ("18%", Unit.COUNT),
        (18, Unit.TEXT),
    ],
)
def test_metric_number_refuses_what_is_not_a_number(value: object, unit: Unit | None) -> None:
    assert metric_number(value, unit) is None


def _metric(value: object, target: object, better: Better = Better.HIGHER) -> Metric:
    return Metric.model_validate(
        {"name": "m", "value": value, "target": target, "better": better.value}
    )


@pytest.mark.parametrize(
    ("value", "target", "better", "status", "text", "css"),
    [
        (20, 18, Better.HIGHER, MetricStatus.MET, "target met", "met"),
        (18, 18, Better.HIGHER, MetricStatus.MET, "target met", "met"),
        (12, 18, Better.HIGHER, MetricStatus.MISSED, "below target", "missed"),
        (12, 18, Better.LOWER, MetricStatus.MET, "target met", "met"),
        (20, 18, Better.LOWER, MetricStatus.MISSED, "above target", "missed"),
        ("18%", "15%", Better.HIGHER, MetricStatus.MET, "target met", "met"),
        ("12%", 18, Better.HIGHER, MetricStatus.MISSED, "below target", "missed"),
        ("3.8 EUR", "3 EUR", Better.LOWER, MetricStatus.MISSED, "above target", "missed"),
        (None, 18, Better.HIGHER, MetricStatus.NO_VALUE, "no current value", "unknown"),
        (12, None, Better.HIGHER, MetricStatus.NO_TARGET, "no target", "unknown"),
        (None, None, Better.LOWER, MetricStatus.NO_TARGET, "no target", "unknown"),
    ],
)
def test_metric_status_honours_better(
    value: object, target: object, better: Better, status: MetricStatus, text: str, css: str
) -> None:
    metric = _metric(value, target, better)
    assert metric_status(metric) is status
    assert status_text(metric) == text
    assert status_class(status) == css


def test_emotion_text_and_class() -> None:
    assert [signed_emotion(value) for value in (2, 1, 0, -1, -2)] == ["+2", "+1", "0", "-1", "-2"]
    assert [signed_emotion(value, typeset=True) for value in (1, 0, -2)] == ["+1", "0", "\u22122"]
    assert emotion_label(-2) == "-2 (very negative)"
    assert emotion_label(-2, typeset=True) == "\u22122 (very negative)"
    assert emotion_label(0) == "0 (neutral)"
    assert emotion_label(None) == "no emotion recorded"
    assert [emotion_class(value) for value in (2, 0, -2, None)] == ["v2", "v0", "v-2", "none"]


def test_curve_geometry() -> None:
    # The page's curve: 150 high, +2 at 22, -2 at 128, 26.5 pixels per point.
    assert [emotion_y(value) for value in (2, 1, 0, -1, -2)] == [22.0, 48.5, 75.0, 101.5, 128.0]
    # The diff page's curve: 140 high with a 14 pixel pad, 28 pixels per point.
    assert [emotion_y(value, 140, 14) for value in (2, 0, -2)] == [14.0, 70.0, 126.0]
    assert COLUMN_WIDTH == 208


def test_stylesheet_column_width_comes_from_python() -> None:
    """style.css prints ``--col`` from :data:`COLUMN_WIDTH`, so the two cannot drift."""
    from importlib.resources import files

    css = files("cjm.render").joinpath("templates/style.css").read_text(encoding="utf-8")
    assert "--col: {{ column_width }}px;" in css
    from cjm.render.html import environment

    assert environment().globals["column_width"] == 208


# -- values for people ------------------------------------------------------------------


def _unit_metric(unit: str | None, **fields: object) -> Metric:
    return Metric.model_validate({"name": "A metric", "unit": unit, **fields})


@pytest.mark.parametrize(
    ("raw", "unit", "fields", "expected"),
    [
        (190, "seconds", {}, "3 min 10 s"),
        (220, "seconds", {}, "3 min 40 s"),
        (60, "seconds", {}, "1 min"),
        (6.8, "seconds", {}, "6.8 s"),
        (45, "seconds", {}, "45 s"),
        (14400, "seconds", {}, "4 h"),
        (259200, "seconds", {}, "72 h"),
        (3900, "seconds", {}, "1 h 5 min"),
        (18, "percent", {}, "18%"),
        ("18%", "percent", {}, "18%"),
        (1.1, "percent", {}, "1.1%"),
        (3.8, "currency", {}, "3.80"),
        (420, "currency", {}, "420"),
        ("3.8 EUR", "currency", {"value": "3.8 EUR"}, "3.80 EUR"),
        (3.0, "currency", {"value": "3.8 EUR"}, "3.00 EUR"),
        (3.0, "currency", {"value": "4 EUR"}, "3 EUR"),
        (3.8, "currency", {"value": "€3.8"}, "3.80 EUR"),
        (12500, "currency", {"name": "Revenue (PLN)"}, "12,500 PLN"),
        (3.9, "score", {"source": "Student survey (1\u20135)"}, "3.9 of 5"),
        (8, "score", {"value": "8/10"}, "8 of 10"),
        (12, "score", {}, "12"),
        (1140, "count", {}, "1,140"),
        (1150, "count", {}, "1,150"),
        (9400, None, {}, "9,400"),
        (2.5, "count", {}, "2.5"),
        ("good", "text", {}, "good"),
        ("about half", "percent", {}, "about half"),
        (None, "percent", {}, "—"),
    ],
)
def test_format_value(
    raw: object, unit: str | None, fields: dict[str, object], expected: str
) -> None:
    assert format_value(raw, _unit_metric(unit, **fields)) == expected


def test_format_number_and_duration() -> None:
    assert format_number(1140) == "1,140"
    assert format_number(1234567.5) == "1,234,567.5"
    assert format_number(0.15) == "0.15"
    assert format_number(-2) == "-2"
    assert format_number(3.8, decimals=2) == "3.80"
    assert format_duration(59.96) == "60 s"
    assert format_duration(-190) == "-3 min 10 s"


@pytest.mark.parametrize(
    ("fields", "baseline", "expected"),
    [
        ({"value": 58, "target": 35, "unit": "percent"}, None, "58% / 35%"),
        ({"value": 58, "unit": "percent"}, None, "58%"),
        ({"target": 35, "unit": "percent"}, None, "target 35%"),
        ({"value": 3.8, "target": 3, "unit": "currency"}, None, "3.80 / 3.00"),
        ({"value": "420 EUR", "target": 460, "unit": "currency"}, None, "420 EUR / 460 EUR"),
        ({"target": 35, "unit": "percent"}, {"value": 58, "unit": "percent"}, "58% → 35%"),
        (
            {"target": 60, "unit": "seconds"},
            {"value": 220, "unit": "seconds"},
            "3 min 40 s → 1 min",
        ),
        ({"unit": "count"}, {"value": 1140, "unit": "count"}, "1,140"),
        ({"value": 3, "target": 2500, "unit": "count"}, {"value": 1140}, "3 / 2,500"),
    ],
)
def test_metric_reading(
    fields: dict[str, object], baseline: dict[str, object] | None, expected: str
) -> None:
    before = Metric.model_validate({"name": "b", **baseline}) if baseline else None
    assert metric_reading(Metric.model_validate({"name": "m", **fields}), before) == expected


@pytest.mark.parametrize(
    ("fields", "baseline", "expected"),
    [
        ({"value": 1200, "target": 2000, "unit": "count"}, None, "1,200 of 2,000"),
        (
            {"value": 19, "target": 7, "unit": "count", "better": "lower"},
            None,
            "19, target 7 or less",
        ),
        ({"target": 2500, "unit": "count"}, {"value": 1140}, "baseline 1,140 → 2,500"),
        ({"target": 2500, "unit": "count"}, None, "target 2,500"),
        ({"value": 8, "unit": "percent"}, None, "8%"),
        ({}, None, ""),
    ],
)
def test_goal_progress(
    fields: dict[str, object], baseline: dict[str, object] | None, expected: str
) -> None:
    before = Metric.model_validate({"name": "b", **baseline}) if baseline else None
    assert goal_progress(Metric.model_validate({"name": "m", **fields}), before) == expected


@pytest.mark.parametrize(
    ("due", "today", "overdue", "expected"),
    [
        ("2027-06-02", "2026-12-02", False, "due in 6 months"),
        ("2027-06-01", "2026-12-02", False, "due in 5 months"),
        ("2027-01-02", "2026-12-02", False, "due in 1 month"),
        ("2026-12-14", "2026-12-02", False, "due in 12 days"),
        ("2026-12-03", "2026-12-02", False, "due in 1 day"),
        ("2026-12-02", "2026-12-02", False, "due today"),
        ("2029-01-15", "2026-12-02", False, "due in 2 years"),
        ("2028-11-30", "2026-12-02", False, "due in 23 months"),
        ("2025-12-31", "2026-12-02", True, "overdue since 2025-12-31"),
        ("2025-12-31", "2026-12-02", False, "due 2025-12-31"),
    ],
)
def test_due_text(due: str, today: str, overdue: bool, expected: str) -> None:
    day = datetime.date.fromisoformat
    assert due_text(day(due), day(today), overdue=overdue) == expected


@pytest.mark.parametrize(
    ("fields", "due", "expected"),
    [
        ({"value": 1200, "target": 2000}, "2026-11-30", True),  # missed, past its date
        ({"value": 1200, "target": 2000}, "2026-12-01", False),  # due today: not yet
        ({"value": 2100, "target": 2000}, "2026-11-30", False),  # met
        ({"target": 2000}, "2026-11-30", True),  # no value to show it met
        ({"value": 1200}, "2026-11-30", False),  # no target to meet (CJM207)
        ({"value": 3, "target": 5, "better": "lower"}, "2026-11-30", False),
    ],
)
def test_goal_overdue(fields: dict[str, object], due: str, expected: bool) -> None:
    """One answer for CJM216 and the pages' "overdue since"."""
    metric = Metric.model_validate({"name": "m", **fields})
    today = datetime.date(2026, 12, 1)
    assert goal_overdue(datetime.date.fromisoformat(due), metric, today) is expected
    assert goal_overdue(None, metric, today) is False
    assert goal_overdue(datetime.date.fromisoformat(due), None, today) is False
