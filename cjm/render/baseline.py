"""How a baseline journey's steps are named and placed on an ideal journey's curve.

The journey page (:mod:`cjm.render.view`) and the diff page (:mod:`cjm.diff.html`)
both draw an ideal journey's baseline ("before") points. They must agree point for
point, so both take the pairing from :mod:`cjm.matching` and say the same words: a
matched baseline step is drawn under the ideal step that replaces it, and a baseline
step nothing replaces is a *ghost*: still drawn, so the worst "before" moments never
vanish from the overlay. The words (tooltips, legend) are :mod:`cjm.measures`', which
both pages import; ``tests/diff/test_html_baseline.py`` holds the two pages' points
equal. This module imports only :mod:`cjm.measures`.
"""

from __future__ import annotations

from itertools import groupby

from cjm.measures import GHOST_LEGEND, ghost_title, matched_title

__all__ = ["GHOST_LEGEND", "ghost_title", "ghost_xs", "matched_title"]

#: How far a ghost stays from a column's middle (a step's point has radius 8, a ghost 6).
_CLEAR = 14


def ghost_xs(first_column: int, span: int, count: int, column_width: int) -> list[float]:
    """The x of each of ``count`` ghost points in the ``span`` columns from
    ``first_column``, left to right, never two at one x.

    Each column offers two slots, its left and right halves, centred a quarter of the
    column from its middle: off the middle, where the column's own points sit, so a
    ghost is never hidden under the step's point or a matched baseline point. The
    ghosts take slots spread evenly over the stage; when there are more ghosts than
    slots, a slot's ghosts share its half of the column, keeping :data:`_CLEAR` from
    the middle and the edge.
    """
    half = column_width / 2
    slots = 2 * span
    if count <= slots:
        chosen = [(2 * index + 1) * slots // (2 * count) for index in range(count)]
    else:
        chosen = [index * slots // count for index in range(count)]
    band = half - 2 * _CLEAR
    xs: list[float] = []
    for slot, group in groupby(chosen):
        members = len(list(group))
        quarter = (first_column * 2 + slot + 0.5) * half
        xs += [quarter + (index - (members - 1) / 2) * band / members for index in range(members)]
    return xs
