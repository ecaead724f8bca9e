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
