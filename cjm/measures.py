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
import functools
import math
import re
from dataclasses import dataclass

from cjm.model import Better, Metric, Unit

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

# -- quantities: the one reading of a metric's value and target ---------------------
# Every command asks "what number is this?" here and nowhere else, so "2h" against
# "30 min" is two hours against half an hour on the page, in lint, in diff and in
# report alike. A text the reader cannot take as meant is refused (CJM102 at the value,
# from :func:`quantity_problems`), never read as its digits.
#
# Written by hand, not with pint or babel's number parser: pint reads "1 h 30 min" as a
# product (hour x minute) and costs 0.3 s to load on every ``cjm validate``; babel parses
# one locale's numbers and takes neither "1 200" nor the typographic minus. babel's list
# of ISO 4217 codes is used, so "12 NPS" is not taken for money.

#: The space that groups thousands ("1 200"): the no-break and thin spaces people also
#: type are made plain spaces first (:func:`_read_text`).
_GROUP_SPACES = " "
_NUMBER = re.compile(
    rf"""(?P<sign>[-+])?
    (?:(?P<whole>\d{{1,3}}(?P<group>[,{_GROUP_SPACES}])\d{{3}}(?:(?P=group)\d{{3}})*|\d+)
       (?P<fraction>\.\d+)?
     |(?P<bare_fraction>\.\d+))\Z""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class TimeUnit:
    """A unit of time a duration may be written in, and its length in seconds."""

    words: tuple[str, ...]
    seconds: float


#: The time units, largest first: a sum ("1 h 30 min") names them in this order.
TIME_UNITS = (
    TimeUnit(("d", "day", "days"), 86400),
    TimeUnit(("h", "hr", "hrs", "hour", "hours"), 3600),
    TimeUnit(("min", "mins", "minute", "minutes"), 60),
    TimeUnit(("s", "sec", "secs", "second", "seconds"), 1),
    TimeUnit(("ms",), 0.001),
)
_TIME_WORDS = {word: unit for unit in TIME_UNITS for word in unit.words}
_DURATION_PART = re.compile(
    r"\s*(?P<number>[\d.,]+(?: \d{3})*)\s*"
    r"(?P<word>[a-z]+)\s*"
)

#: Currency signs a value may be written with, and the ISO 4217 code each stands for.
CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "zł": "PLN"}
_MONEY_BEFORE = re.compile(r"(?P<sign>[-+])?\s*(?P<money>[A-Z]{3}|zł|[€$£¥])\s*(?P<rest>.+)\Z")
_MONEY_AFTER = re.compile(r"(?P<rest>.+?)\s*(?P<money>[A-Z]{3}|zł|[€$£¥])\Z")
_SCORE = re.compile(r"(?P<rest>.+?)\s*(?:\bout of\b|\bof\b|/)\s*(?P<scale>[\d.]+)\Z")
_PERCENT = re.compile(r"(?P<rest>.+?)\s*%\Z")


_UNIT_NAMES = frozenset(unit.value for unit in Unit)


class QuantityError(ValueError):
    """A value that is not a quantity of its metric's unit; the message says what may
    be written instead."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written: the unit its text carried (None for a plain number), the
    currency it named and the top of the scale it gave ("3.9 of 5")."""

    number: float
    unit: Unit | None = None
    currency: str | None = None
    scale: float | None = None


#: What may be written for each unit: the docs' table and every refusal say this.
WRITTEN_FORMS: dict[Unit | None, str] = {
    Unit.SECONDS: "a number of seconds or a duration such as '90 s', '30 min', '2 h', "
    "'1 h 30 min' (units s, sec, min, h, d)",
    Unit.PERCENT: "a number or a percentage such as '35%'",
    Unit.CURRENCY: "an amount such as '3.80', '3.80 EUR' or '€3.80' "
    "(an ISO 4217 code or one of € $ £ ¥ zł)",
    Unit.COUNT: "a plain number such as '1200', '1,200' or '1 200'",
    Unit.SCORE: "a number such as '3.9' or '3.9 of 5'",
    None: "a number, or a number with a unit ('30 min', '35%', '3.80 EUR', '3.9 of 5'); "
    "for words, set 'unit: text'",
}
_UNIT_WORDS = {
    Unit.SECONDS: "a duration",
    Unit.PERCENT: "a percentage",
    Unit.CURRENCY: "an amount of money",
    Unit.SCORE: "a score",
    Unit.COUNT: "a count",
}


def _plain_number(text: str) -> float:
    """``1200``, ``1,200``, ``1 200``, ``3.5``, ``-2``: a number alone, or QuantityError."""
    match = _NUMBER.match(text.strip())
    if match is None:
        if re.fullmatch(r"[-+]?\d+,\d{1,2}|[-+]?\d+,\d{4,}", text.strip()):
            raise QuantityError(
                "a decimal is written with a point ('1.5'); a comma only groups thousands ('1,200')"
            )
        raise QuantityError("")
    digits = (match["whole"] or "") + (match["fraction"] or match["bare_fraction"] or "")
    for space in (",", *_GROUP_SPACES):
        digits = digits.replace(space, "")
    number = float(digits)
    return -number if match["sign"] == "-" else number


def _duration(text: str) -> float | None:
    """``1 h 30 min`` as 5400; None when the text is not made of time units alone."""
    position, total, last = 0, 0.0, None
    sign = -1.0 if text.startswith("-") else 1.0
    body = text[1:] if text[:1] in "-+" else text
    for part in _DURATION_PART.finditer(body):
        if part.start() != position:
            return None
        unit = _TIME_WORDS.get(part["word"])
        if unit is None and part["word"] == "m":
            raise QuantityError("'m' could be minutes or months: write 'min' for minutes")
        if unit is None:
            return None
        if last is not None and unit.seconds >= last:
            raise QuantityError(
                "a sum of time units names the largest first, each once ('1 h 30 min')"
            )
        total += _plain_number(part["number"]) * unit.seconds
        last, position = unit.seconds, part.end()
    if last is None or position != len(body):
        return None
    return sign * total


def _currency_of(written: str) -> str:
    if written in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[written]
    from babel.numbers import list_currencies  # only money needs the ISO 4217 list

    if written not in list_currencies():
        raise QuantityError(f"'{written}' is not an ISO 4217 currency code")
    return written


def _read_text(text: str) -> Quantity:
    """A text as the quantity it says, whatever the metric's unit (checked after)."""
    text = " ".join(text.replace("\u2212", "-").split())
    if not text:
        raise QuantityError("")
    percent = _PERCENT.match(text)
    if percent is not None:
        return Quantity(_plain_number(percent["rest"]), Unit.PERCENT)
    for pattern in (_MONEY_BEFORE, _MONEY_AFTER):
        match = pattern.match(text)
        if match is not None:
            number = _plain_number((match.groupdict().get("sign") or "") + match["rest"])
            return Quantity(number, Unit.CURRENCY, currency=_currency_of(match["money"]))
    score = _SCORE.match(text)
    if score is not None:
        scale = _plain_number(score["scale"])
        number = _plain_number(score["rest"])
        if scale <= 0:
            raise QuantityError("a score's scale is above 0 ('3.9 of 5')")
        if number > scale:
            raise QuantityError(
                f"a score of {format_number(number)} is above its scale of {format_number(scale)}"
            )
        return Quantity(number, Unit.SCORE, scale=scale)
    seconds = _duration(text)
    if seconds is not None:
        return Quantity(seconds, Unit.SECONDS)
    return Quantity(_plain_number(text))


def read_quantity(raw: object, unit: Unit | None) -> Quantity:
    """The quantity ``raw`` (a value or target) stands for on a metric of ``unit``.

    A YAML number is itself; a text is a number with at most the unit ``unit`` allows
    (any of them when ``unit`` is None). Anything else raises :class:`QuantityError`
    with a message saying what may be written. A ``text`` metric is never read.
    """
    if unit is Unit.TEXT:
        raise QuantityError("a text metric is not compared")
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise QuantityError(f"{raw!r} is not a quantity cjm reads: write {WRITTEN_FORMS[unit]}")
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            raise QuantityError(f"{raw!r} is not a quantity cjm reads: write {WRITTEN_FORMS[unit]}")
        return Quantity(float(raw))
    try:
        quantity = _read_text(raw)
    except QuantityError as error:
        why = str(error) or f"write {WRITTEN_FORMS[unit]}"
        raise QuantityError(f"{raw!r} is not a quantity cjm reads: {why}") from None
    if unit is not None and quantity.unit is not None and quantity.unit is not unit:
        raise QuantityError(
            f"{raw!r} is {_UNIT_WORDS[quantity.unit]}, but the metric's unit is "
            f"{unit.value}: write {WRITTEN_FORMS[unit]}"
        )
    return quantity


@dataclass(frozen=True, slots=True)
class MetricReading:
    """A metric's value and target as read, and the unit they are in: the one declared,
    else the one the texts carry, else None (plain numbers)."""

    value: Quantity | None
    target: Quantity | None
    unit: Unit | None
    #: (field, message) for each value that cannot be read: CJM102 at that field.
    problems: tuple[tuple[str, str], ...] = ()

    @property
    def currency(self) -> str | None:
        return next((q.currency for q in (self.value, self.target) if q and q.currency), None)

    @property
    def cents(self) -> bool:
        """Money is shown with cents when one of its amounts has them: ``3.80 / 4.00``."""
        amounts = (q.number for q in (self.value, self.target) if q is not None)
        return self.unit is Unit.CURRENCY and any(not n.is_integer() for n in amounts)

    @property
    def scale(self) -> float | None:
        return next((q.scale for q in (self.value, self.target) if q and q.scale), None)


@functools.lru_cache(maxsize=4096, typed=True)  # typed: True is not 1
def read_values(value: object, target: object, unit: Unit | None) -> MetricReading:
    """Read a metric's value and target together: with no ``unit`` the texts must agree
    on one (a duration against a percentage cannot be compared), and money is in one
    currency, a score on one scale. A disagreement is reported at the value."""
    read: dict[str, Quantity | None] = {}
    problems: list[tuple[str, str]] = []
    for field, raw in (("value", value), ("target", target)):
        read[field] = None
        if raw is None or unit is Unit.TEXT:
            continue
        try:
            read[field] = read_quantity(raw, unit)
        except QuantityError as error:
            problems.append((field, f"{field} {error}"))
    first, second = read["value"], read["target"]
    units = {q.unit for q in (first, second) if q is not None and q.unit is not None}
    effective = unit if unit is not None else (next(iter(units)) if len(units) == 1 else None)
    if first is not None and second is not None:
        if len(units) > 1:
            problems.append(
                (
                    "value",
                    f"value {value!r} is {_UNIT_WORDS[first.unit or Unit.COUNT]} "
                    f"and target {target!r} is {_UNIT_WORDS[second.unit or Unit.COUNT]}: "
                    "write both in one unit",
                )
            )
        elif first.currency and second.currency and first.currency != second.currency:
            problems.append(
                (
                    "value",
                    f"value {value!r} is in {first.currency} and target "
                    f"{target!r} in {second.currency}: write both in one currency",
                )
            )
        elif first.scale and second.scale and first.scale != second.scale:
            problems.append(
                (
                    "value",
                    f"value {value!r} and target {target!r} are on different "
                    "scales: write both on one",
                )
            )
    if problems:
        return MetricReading(None, None, effective, tuple(problems))
    return MetricReading(first, second, effective)


def read_metric(metric: Metric) -> MetricReading:
    """:func:`read_values` of a metric (validation refused any metric it cannot read)."""
    return read_values(metric.value, metric.target, metric.unit)


def quantity_problems(value: object, target: object, unit: object) -> tuple[tuple[str, str], ...]:
    """The CJM102 findings of a metric's value and target as (field, message); none when
    ``unit`` is not a unit (the schema reports that)."""
    if unit is not None and not (isinstance(unit, str) and unit in _UNIT_NAMES):
        return ()
    try:
        return read_values(value, target, Unit(unit) if unit is not None else None).problems
    except TypeError:  # an unhashable value: the schema reports its type
        return ()


def metric_number(raw: object, unit: Unit | None = None) -> float | None:
    """The number ``raw`` stands for on a metric of ``unit``, or None when it is not
    one (a text metric, a missing or unreadable value)."""
    try:
        return read_quantity(raw, unit).number if raw is not None else None
    except QuantityError:
        return None


class MetricStatus(enum.StrEnum):
    """Where a metric stands against its target."""

    MET = "met"
    MISSED = "missed"
    NO_VALUE = "no value"
    NO_TARGET = "no target"
    #: A ``unit: text`` metric: words, never compared with its target.
    NOT_COMPARED = "not compared"


def metric_status(metric: Metric) -> MetricStatus:
    """Met when the value is on the ``better`` side of the target or equal to it.

    A missing target is ``NO_TARGET`` (whatever the value); a missing value, with a
    target, is ``NO_VALUE``; a text metric is ``NOT_COMPARED``.
    """
    if metric.unit is Unit.TEXT:
        return MetricStatus.NOT_COMPARED
    reading = read_metric(metric)
    if reading.target is None:
        return MetricStatus.NO_TARGET
    if reading.value is None:
        return MetricStatus.NO_VALUE
    value, target = reading.value.number, reading.target.number
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
        MetricStatus.NOT_COMPARED: "text, not compared",
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

_CODE_IN_WORDS = re.compile(r"\(([A-Z]{3})\)|\bin ([A-Z]{3})\b")
# A scale as people write it beside a score: "(1-5)" (any dash), "out of 5", "4.2/5".
_SCALE_RANGE = re.compile(r"\b(\d+)\s*[-\u2013\u2014]\s*(\d+)\b")
_SCALE_OUT_OF = re.compile(r"(?:\bout of|/)\s*(\d+)\s*\Z|\bout of (\d+)\b")


def format_number(number: float, *, decimals: int | None = None) -> str:
    """``1,140``, ``3.8``, ``-2``: thousands grouped with commas, no trailing zeros
    (unless ``decimals`` fixes them, as money's ``3.80``), the minus sign as typed text."""
    if decimals is not None:
        return f"{round(number, decimals) + 0.0:,.{decimals}f}"  # + 0.0: never "-0.00"
    number = round(number, 6) + 0.0  # a rounding to zero is 0, not -0
    if number.is_integer():
        return f"{int(number):,}"
    return f"{number:,.6f}".rstrip("0").rstrip(".")


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
    its value or target (``"3.8 EUR"``, ``"€3.8"``), else a code in brackets or after
    "in" in its name or source (``"Cost per lead (PLN)"``)."""
    written = read_metric(metric).currency
    if written is not None:
        return written
    for words in (metric.name, metric.source or ""):
        found = _CODE_IN_WORDS.search(words)
        if found:
            return found[1] or found[2]
    return None


def score_scale(metric: Metric) -> float | None:
    """The top of a score's scale when the metric says it: ``"4.2 of 5"`` or ``"4.2/5"``
    in its value or target, ``"out of 5"`` or a range such as ``"(1-5)"`` in its name
    or source."""
    written = read_metric(metric).scale
    if written is not None:
        return written
    for words in (metric.name, metric.source or ""):
        found = _SCALE_OUT_OF.search(words) or _SCALE_RANGE.search(words)
        if found:
            return int(found[2] if found.re is _SCALE_RANGE else (found[1] or found[2]))
    return None


def format_quantity(
    raw: object,
    unit: Unit | None,
    *,
    currency: str | None = None,
    scale: float | None = None,
    cents: bool = False,
) -> str:
    """A value read in ``unit`` for people: seconds ``"3 min 10 s"``, percent ``"18%"``,
    currency ``"3.80 EUR"`` (``cents`` gives two decimals; no code when none is known),
    a score ``"3.9 of 5"`` when its scale is known, a count ``"1,140"``. A text metric's
    value, or one that cannot be read, is printed as written; a missing one is ``"—"``."""
    if raw is None:
        return "—"
    number = metric_number(raw, unit)
    if number is None:
        return str(raw)
    if unit is Unit.SECONDS:
        return format_duration(number)
    if unit is Unit.PERCENT:
        return f"{format_number(number)}%"
    if unit is Unit.CURRENCY:
        text = format_number(number, decimals=2 if cents else None)
        return f"{text} {currency}" if currency else text
    if unit is Unit.SCORE and scale:
        return f"{format_number(number)} of {format_number(scale)}"
    return format_number(number)


def format_value(raw: object, metric: Metric) -> str:
    """A value of ``metric`` (its value, target or a baseline's value) for people, in
    the metric's unit as read (:func:`read_metric`): see :func:`format_quantity`."""
    unit = read_metric(metric).unit
    return format_quantity(
        raw,
        unit,
        currency=currency_code(metric) if unit is Unit.CURRENCY else None,
        scale=score_scale(metric) if unit is Unit.SCORE else None,
        cents=unit is Unit.CURRENCY and has_cents(metric, raw),
    )


def has_cents(metric: Metric, raw: object = None) -> bool:
    """Money is written with cents when any of its amounts has them: ``3.80 / 3.00``."""
    unit = read_metric(metric).unit
    amounts = [metric_number(amount, unit) for amount in (raw, metric.value, metric.target)]
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
    reading = read_metric(metric)
    assert reading.value is not None and reading.target is not None  # a missed metric has both
    value, target = reading.value.number, reading.target.number
    distance = abs(value - target)
    side = "above" if value > target else "below"
    if reading.unit is Unit.PERCENT:
        amount = f"{format_number(round(distance, 2))} pts"
    elif reading.unit is Unit.SCORE:
        amount = format_number(round(distance, 2))
    else:
        amount = format_value(round(distance, 6), metric)
    share = distance / abs(target) if target else math.inf
    return f"{amount} {side}", share
