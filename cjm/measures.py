"""What a metric's value means and how an emotion is shown: one answer for every command.

The page, the diff formats and every later roll-up ask these questions, and they must
get the same answer: a value written ``"18%"`` cannot be an improvement in ``cjm diff``
and "no current value" on the page. So the rules live here, beside the model, and the
rest of cjm calls them:

- :func:`metric_number`: the number a metric value stands for, or None;
- :func:`metric_status`: met, missed, no value or no target, honouring ``better``;
- :func:`signed_emotion` and :func:`emotion_class`: an emotion's text and colour class;
- :func:`emotion_y` and :data:`COLUMN_WIDTH`: the emotion curve's geometry.

This module imports only :mod:`cjm.model`.
"""

from __future__ import annotations

import datetime
import enum
import math
import re

from cjm.model import Better, Metric

#: Width of one step column of the journey page, in CSS pixels. The stylesheet's
#: ``--col`` is printed from it, and the emotion curve is drawn on the same grid.
COLUMN_WIDTH = 208
#: Height of the journey page's emotion curve and its padding above +2 and below -2.
CURVE_HEIGHT = 150
CURVE_PAD = 22

#: The minus sign U+2212, the width of the plus sign, so a column of emotions lines up.
MINUS = "\u2212"
EMOTION_WORDS = {
    -2: "very negative",
    -1: "negative",
    0: "neutral",
    1: "positive",
    2: "very positive",
}

# A number as people write one in a metric: an optional currency sign, a sign, digits
# (thousands may be grouped by spaces: "1 140"), a decimal point, then an optional unit
# ("%", "EUR", "s", "€"). A decimal comma is not read: "1,5" could be 15 or 1.5.
_GROUP_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    rf"""\s*
    [€$£¥]?\s*
    (?P<sign>[-+\u2212])?
    (?P<whole>\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+|\d+)?
    (?P<fraction>\.\d+)?
    \s*
    (?:%|[€$£¥]|[^\W\d_]{{1,12}})?
    \s*\Z""",
    re.VERBOSE,
)


def metric_number(value: object) -> float | None:
    """A metric value as a number, or None when it is not one.

    ``18``, ``0.15``, ``"18%"`` (18), ``"3.8 EUR"`` (3.8), ``"1 140"`` (1140),
    ``"-2"`` (-2, also with U+2212); text such as ``"good"``, a boolean, or an infinite
    value is not a number. A percentage stays in points: ``"18%"`` is 18, as ``value: 18`` with
    ``unit: percent`` is.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return float(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    match = _NUMBER.match(value)
    if match is None or (match["whole"] is None and match["fraction"] is None):
        return None
    digits = "".join(
        character for character in match["whole"] or "0" if character not in _GROUP_SPACES
    )
    number = float(digits + (match["fraction"] or ""))
    return -number if match["sign"] in ("-", MINUS) else number


class MetricStatus(enum.StrEnum):
    """Where a metric stands against its target."""

    MET = "met"
    MISSED = "missed"
    NO_VALUE = "no value"
    NO_TARGET = "no target"


def metric_status(metric: Metric) -> MetricStatus:
    """Met when the value is on the ``better`` side of the target or equal to it.

    A target that is missing or not a number is ``NO_TARGET`` (whatever the value); a
    value that is missing or not a number, with a target, is ``NO_VALUE``.
    """
    target = metric_number(metric.target)
    if target is None:
        return MetricStatus.NO_TARGET
    value = metric_number(metric.value)
    if value is None:
        return MetricStatus.NO_VALUE
    met = value <= target if metric.better is Better.LOWER else value >= target
    return MetricStatus.MET if met else MetricStatus.MISSED


def status_text(metric: Metric) -> str:
    """The status in a reader's words: 'target met', 'below target', 'no target'..."""
    status = metric_status(metric)
    if status is MetricStatus.MISSED:
        return "above target" if metric.better is Better.LOWER else "below target"
    return {
        MetricStatus.MET: "target met",
        MetricStatus.NO_VALUE: "no current value",
        MetricStatus.NO_TARGET: "no target",
    }[status]


def status_class(status: MetricStatus) -> str:
    """The stylesheet's class for a status: ``met``, ``missed`` or ``unknown``."""
    return {MetricStatus.MET: "met", MetricStatus.MISSED: "missed"}.get(status, "unknown")


def signed_emotion(emotion: int, *, typeset: bool = False) -> str:
    """``+1``, ``0``, ``-2``: a sign always.

    ``typeset`` (HTML pages) writes the real minus sign U+2212, as wide as the plus so a
    column of emotions lines up. Text a reader may search or a terminal may lack (a PR
    comment, a Graphviz label, a diff line) keeps the ASCII hyphen-minus: "-2" is found
    by a search for "-2".
    """
    if emotion > 0:
        return f"+{emotion}"
    if emotion < 0:
        return f"{MINUS if typeset else '-'}{-emotion}"
    return "0"


def emotion_label(emotion: int | None, *, typeset: bool = False) -> str:
    """``-2 (very negative)``, or 'no emotion recorded'."""
    if emotion is None:
        return "no emotion recorded"
    return f"{signed_emotion(emotion, typeset=typeset)} ({EMOTION_WORDS[emotion]})"


def emotion_class(emotion: int | None) -> str:
    """The stylesheet's colour class of an emotion: ``v-2`` ... ``v2``, or ``none``."""
    return "none" if emotion is None else f"v{emotion}"


def emotion_y(emotion: float, height: int = CURVE_HEIGHT, pad: float = CURVE_PAD) -> float:
    """The y of an emotion on a curve ``height`` high: +2 at ``pad``, -2 at
    ``height - pad``, 0 in the middle (SVG's y grows downwards)."""
    usable = height - 2 * pad
    return round(pad + (2 - emotion) / 4 * usable, 1)


# -- a baseline journey's points on an ideal journey's curve -------------------------
# The journey page and the diff page both draw them (:mod:`cjm.render.baseline` places
# them) and must say the same words.

#: Both pages' legend for the baseline steps that no ideal step replaces.
GHOST_LEGEND = "hollow ring: a baseline step no step here replaces"


def matched_title(action: str, emotion: int) -> str:
    """``baseline: Waits for the courier: -1 (negative)``: the tooltip of a baseline
    point drawn under the ideal step that replaces it."""
    return f"baseline: {action}: {emotion_label(emotion, typeset=True)}"


def ghost_title(action: str, emotion: int) -> str:
    """The tooltip of a baseline step without counterpart, saying so before its name."""
    return f"baseline step with no counterpart: {action}: {emotion_label(emotion, typeset=True)}"


# -- values for people ----------------------------------------------------------------
# A metric's number as a reader wants it: "3 min 40 s", not "220 s"; "1,140", not
# "1140"; "3.80 EUR", not "3.8 currency". The journey page, its goals and any later
# report print values through :func:`format_value`, so one metric reads the same
# everywhere.

#: Currency signs a value may be written with, and the code they stand for.
_CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY"}
_CODE_IN_VALUE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])")
_CODE_IN_WORDS = re.compile(r"\(([A-Z]{3})\)|\bin ([A-Z]{3})\b")
# A scale as people write it beside a score: "(1-5)" (any dash), "out of 5", "4.2/5".
_SCALE_RANGE = re.compile(r"\b(\d+)\s*[-\u2013\u2014]\s*(\d+)\b")
_SCALE_OUT_OF = re.compile(r"(?:\bout of|/)\s*(\d+)\s*\Z|\bout of (\d+)\b")


def format_number(number: float, *, decimals: int | None = None) -> str:
    """``1,140``, ``3.8``, ``-2``: thousands grouped with commas, no trailing zeros
    (unless ``decimals`` fixes them, as money's ``3.80``), the minus sign as typed text."""
    if decimals is not None:
        return f"{number:,.{decimals}f}"
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{round(number, 6):,.6f}".rstrip("0").rstrip(".")


def format_duration(seconds: float) -> str:
    """``6.8 s``, ``3 min 40 s``, ``4 h``, ``72 h``, ``1 h 5 min``: at most two units;
    seconds are dropped from an hour or more (rounded to the minute)."""
    if abs(seconds) < 60:
        return f"{format_number(round(seconds, 1))} s"
    sign = "-" if seconds < 0 else ""
    whole = round(abs(seconds))
    if whole < 3600:
        minutes, rest = divmod(whole, 60)
        return f"{sign}{minutes} min" + (f" {rest} s" if rest else "")
    hours, minutes = divmod(round(whole / 60), 60)
    return f"{sign}{hours:,} h" + (f" {minutes} min" if minutes else "")


def currency_code(metric: Metric) -> str | None:
    """The currency a money metric is counted in, when the metric says so anywhere:
    a code or sign in its value or target (``"3.8 EUR"``, ``"€3.8"``), else a code in
    brackets or after "in" in its name or source (``"Cost per lead (PLN)"``)."""
    for raw in (metric.value, metric.target):
        if isinstance(raw, str):
            found = _CODE_IN_VALUE.search(raw)
            if found:
                return found[1]
            for sign, code in _CURRENCY_SIGNS.items():
                if sign in raw:
                    return code
    for words in (metric.name, metric.source or ""):
        found = _CODE_IN_WORDS.search(words)
        if found:
            return found[1] or found[2]
    return None


def score_scale(metric: Metric) -> int | None:
    """The top of a score's scale when the metric says it: ``"4.2/5"`` or ``"out of 5"``
    in its value or target, a range such as ``"(1-5)"`` in its name or source."""
    for raw in (metric.value, metric.target):
        if isinstance(raw, str):
            found = _SCALE_OUT_OF.search(raw)
            if found:
                return int(found[1] or found[2])
    for words in (metric.name, metric.source or ""):
        found = _SCALE_OUT_OF.search(words) or _SCALE_RANGE.search(words)
        if found:
            return int(found[2] if found.re is _SCALE_RANGE else (found[1] or found[2]))
    return None


def format_value(raw: object, metric: Metric) -> str:
    """A value of ``metric`` (its value, target or a baseline's value) for people.

    seconds ``"3 min 10 s"``, percent ``"18%"``, currency ``"3.80 EUR"`` (just
    ``"3.80"`` when no code is known), a score ``"3.9 of 5"`` when its scale is known,
    a count ``"1,140"``. A value that is not a number, or a text metric, is printed as
    written; a missing one is ``"—"``.
    """
    if raw is None:
        return "—"
    number = metric_number(raw)
    unit = metric.unit.value if metric.unit else None
    if number is None or unit == "text":
        return str(raw)
    if unit == "seconds":
        return format_duration(number)
    if unit == "percent":
        return f"{format_number(number)}%"
    if unit == "currency":
        code = currency_code(metric)
        text = format_number(number, decimals=2 if _has_cents(number, metric) else None)
        return f"{text} {code}" if code else text
    if unit == "score":
        scale = score_scale(metric)
        return f"{format_number(number)} of {scale}" if scale else format_number(number)
    return format_number(number)


def _has_cents(number: float, metric: Metric) -> bool:
    """Money is written with cents when any of its amounts has them: ``3.80 / 3.00``."""
    amounts = [number, metric_number(metric.value), metric_number(metric.target)]
    return any(amount is not None and not amount.is_integer() for amount in amounts)


def metric_reading(metric: Metric, baseline: Metric | None = None) -> str:
    """One line for a metric: ``"58% / 35%"`` (value / target), or, for an ideal
    journey's metric without a value of its own, ``"58% → 35%"`` (its baseline's value
    → target), or ``"target 35%"`` when no value is known at all."""
    target = format_value(metric.target, metric) if metric.target is not None else ""
    if metric.value is None and baseline is not None and baseline.value is not None:
        before = format_value(baseline.value, baseline)
        return f"{before} → {target}" if target else before
    if metric.value is None and target:
        return f"target {target}"
    value = format_value(metric.value, metric)
    return f"{value} / {target}" if target else value


def goal_progress(metric: Metric, baseline: Metric | None = None) -> str:
    """A goal's numbers: ``"1,200 of 2,000"`` (higher is better), ``"19, target 7 or
    less"`` (lower is better); an ideal journey's metric without a value of its own
    reads from its baseline: ``"baseline 1,140 → 2,500"``. Empty without numbers."""
    target = format_value(metric.target, metric) if metric.target is not None else ""
    if metric.value is None:
        if baseline is None or baseline.value is None:
            return f"target {target}" if target else ""
        before = format_value(baseline.value, baseline)
        return f"baseline {before} → {target}" if target else f"baseline {before}"
    value = format_value(metric.value, metric)
    if not target:
        return value
    if metric.better is Better.LOWER:
        return f"{value}, target {target} or less"
    return f"{value} of {target}"


def goal_overdue(due: datetime.date | None, metric: Metric | None, today: datetime.date) -> bool:
    """Whether a goal is overdue (CJM216, and the pages say so): its due date has
    passed and its metric misses its target or has no value to show it met."""
    if due is None or due >= today or metric is None:
        return False
    return metric_status(metric) in (MetricStatus.MISSED, MetricStatus.NO_VALUE)


def due_text(due: datetime.date, today: datetime.date, *, overdue: bool = False) -> str:
    """``"due in 6 months"``, ``"due in 12 days"``, ``"due today"``, ``"overdue since
    2025-12-31"`` (:func:`goal_overdue`; any other goal past its date was just
    ``"due 2025-12-31"``).

    Months are calendar months (a day of the month not yet reached does not count);
    from two years on, whole years.
    """
    if due < today:
        return f"overdue since {due.isoformat()}" if overdue else f"due {due.isoformat()}"
    if due == today:
        return "due today"
    months = (due.year - today.year) * 12 + due.month - today.month
    if due.day < today.day:
        months -= 1
    if months >= 24:
        return f"due in {months // 12} years"
    if months >= 1:
        return f"due in {months} month{'s' if months != 1 else ''}"
    days = (due - today).days
    return f"due in {days} day{'s' if days != 1 else ''}"


#: How far ahead "due soon" looks: the portfolio's roll-up of goals to act on now.
DUE_SOON_DAYS = 30


def goal_due_soon(due: datetime.date | None, today: datetime.date) -> bool:
    """Whether a goal falls due today or within :data:`DUE_SOON_DAYS` days."""
    return due is not None and today <= due <= today + datetime.timedelta(days=DUE_SOON_DAYS)


def metric_gap(metric: Metric) -> tuple[str, float] | None:
    """How far a missed metric is from its target: ``("23 pts above", 0.66)``.

    The words give the distance in the metric's unit ("pts" for a percentage, whose
    difference is in points, not per cent) and its side; the number is the distance as
    a share of the target, to put the furthest first. None unless the metric misses.
    """
    if metric_status(metric) is not MetricStatus.MISSED:
        return None
    value = metric_number(metric.value)
    target = metric_number(metric.target)
    assert value is not None and target is not None  # a missed metric has both
    distance = abs(value - target)
    side = "above" if value > target else "below"
    unit = metric.unit.value if metric.unit else None
    if unit == "percent":
        amount = f"{format_number(round(distance, 2))} pts"
    elif unit == "score":
        amount = format_number(round(distance, 2))
    else:
        amount = format_value(round(distance, 6), metric)
    share = distance / abs(target) if target else math.inf
    return f"{amount} {side}", share
