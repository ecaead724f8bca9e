"""cjm.measures: one answer for a metric's number and status and an emotion's text.

Expected values are written by hand here, never computed with the function under test.
"""

from __future__ import annotations

import pytest

from cjm.measures import (
    COLUMN_WIDTH,
    MetricStatus,
    emotion_class,
    emotion_label,
    emotion_y,
    metric_number,
    metric_status,
    signed_emotion,
    status_class,
    status_text,
)
from cjm.model import Better, Metric


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (18, 18.0),
        (0.15, 0.15),
        (-3, -3.0),
        ("18%", 18.0),
        (" 18 % ", 18.0),
        ("3.8 EUR", 3.8),
        ("€3.8", 3.8),
        ("1 140", 1140.0),
        ("1\u00a0140\u00a0000", 1140000.0),
        ("12.5 min", 12.5),
        (".5", 0.5),
        ("+2", 2.0),
        ("-2", -2.0),
        ("\u22122", -2.0),
        ("42", 42.0),
    ],
)
def test_metric_number_reads_what_people_write(value: object, expected: float) -> None:
    assert metric_number(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        False,
        "good",
        "",
        "%",
        "EUR",
        "1,5",
        "1.2.3",
        "11 40",
        "about 18",
        float("inf"),
        float("nan"),
        [18],
        "18 % 3",
    ],
)
def test_metric_number_refuses_what_is_not_a_number(value: object) -> None:
    assert metric_number(value) is None


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
        ("lots", 18, Better.HIGHER, MetricStatus.NO_VALUE, "no current value", "unknown"),
        (12, None, Better.HIGHER, MetricStatus.NO_TARGET, "no target", "unknown"),
        (12, "more", Better.HIGHER, MetricStatus.NO_TARGET, "no target", "unknown"),
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
