"""The opportunity matrix: every sized opportunity as a bubble, impact against effort.

Opportunities are rated on three levels, so the chart is a 3 x 3 grid (impact up,
effort to the right, "quick wins" top left) and the bubbles of one cell are packed in
rows inside it instead of being piled on one point. A bubble is one opportunity text:
the same words written on several steps are one bubble, its area proportional to the
number of steps (one scale for the whole chart, so sizes compare across cells). Bubbles
carry a number; the key under the chart gives each number's words and links to its
step, so the chart stays readable on a phone, where the numbers are the only text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cjm.model import JourneyDocument, Level, Opportunity, Step
from cjm.render.view import Count, counted, linked_steps

LEVELS = (Level.LOW, Level.MEDIUM, Level.HIGH)
#: Bubbles drawn in one cell; more are counted in the cell ("+12 more") instead.
CELL_BUBBLES = 12
#: Unsized opportunities listed under the chart before the rest are counted.
UNSIZED_SHOWN = 20

# A chart narrow enough to be read on a phone at about two thirds of its size.
WIDTH = 548
HEIGHT = 410
LEFT = 86
TOP = 14
CELL_WIDTH = 150
CELL_HEIGHT = 112
_COLUMNS_MAX = 4
_LABEL_ROOM = 18  # a cell's top strip, where corner cells print their name
_RADIUS = 12.0  # a one-step bubble before the chart-wide scale
_MIN_RADIUS = 10.0  # room for a two-digit number

_QUADRANTS = {
    (Level.HIGH, Level.LOW): "Quick wins",
    (Level.HIGH, Level.HIGH): "Major projects",
    (Level.LOW, Level.LOW): "Fill-ins",
    (Level.LOW, Level.HIGH): "Thankless tasks",
}


@dataclass(frozen=True)
class Bubble:
    number: int
    x: float
    y: float
    r: float
    css: str  # "status-planned", ..., "status-none"
    href: str
    text: str
    where: str  # "Finding a diagnosis · Calls the call centre…", "+ 1 more step"
    steps: Count
    impact: str
    effort: str
    status: str
    owner: str

    @property
    def label(self) -> str:
        """The bubble in words: its tooltip and its link's accessible name."""
        return (
            f"{self.number}. {self.text} ({self.impact} impact, {self.effort} effort, "
            f"{self.status}; on {self.steps.number} {self.steps.noun})"
        )


@dataclass(frozen=True)
class ChartCell:
    x: int
    y: int
    name: str  # the corner cells' quadrant names
    more: int  # opportunities of this cell not drawn (beyond CELL_BUBBLES)


@dataclass(frozen=True)
class Unsized:
    text: str
    where: str
    href: str


@dataclass(frozen=True)
class OpportunityChart:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    cell_width: int
    cell_height: int
    cells: list[ChartCell]
    bubbles: list[Bubble]  # in key order: by cell (high impact, low effort first)
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    total: Count  # every opportunity on the page
    unsized: list[Unsized]
    unsized_count: int


@dataclass
class _Group:
    """One opportunity text at one impact and effort, and the steps it is written on."""

    first: Opportunity
    journey: JourneyDocument
    step: Step
    href: str
    steps: int = 1


def opportunity_chart(journeys: Sequence[JourneyDocument]) -> OpportunityChart:
    groups: dict[tuple[str, Level, Level], _Group] = {}
    unsized: list[Unsized] = []
    titled = len(journeys) > 1
    total = 0
    for journey, step, href in linked_steps(journeys):
        for item in step.opportunities:
            total += 1
            if item.impact is None or item.effort is None:
                unsized.append(Unsized(item.text, _where(journey, step, titled=titled), href))
                continue
            key = (" ".join(item.text.split()).casefold(), item.impact, item.effort)
            if key in groups:
                groups[key].steps += 1
            else:
                groups[key] = _Group(item, journey, step, href)
    cells, placed = _place(groups, titled=titled)
    return OpportunityChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        right=LEFT + 3 * CELL_WIDTH,
        bottom=TOP + 3 * CELL_HEIGHT,
        cell_width=CELL_WIDTH,
        cell_height=CELL_HEIGHT,
        cells=cells,
        bubbles=placed,
        x_ticks=[(LEFT + (i + 0.5) * CELL_WIDTH, level.value) for i, level in enumerate(LEVELS)],
        y_ticks=[
            (TOP + (2 - i + 0.5) * CELL_HEIGHT, level.value) for i, level in enumerate(LEVELS)
        ],
        total=counted(total, "opportunity", "opportunities"),
        unsized=unsized[:UNSIZED_SHOWN],
        unsized_count=len(unsized),
    )


def _where(journey: JourneyDocument, step: Step, *, titled: bool) -> str:
    """Where an opportunity is written: its step, after its journey's title when the
    page shows several journeys."""
    return f"{journey.title} \N{MIDDLE DOT} {step.action}" if titled else step.action


def _place(
    groups: dict[tuple[str, Level, Level], _Group], *, titled: bool
) -> tuple[list[ChartCell], list[Bubble]]:
    """Cells in reading order (high impact first, low effort first), each with its
    bubbles in rows; one radius scale for the whole chart so that every bubble fits."""
    by_cell: dict[tuple[Level, Level], list[_Group]] = {}
    for (_, impact, effort), group in groups.items():
        by_cell.setdefault((impact, effort), []).append(group)
    order = [(impact, effort) for impact in reversed(LEVELS) for effort in LEVELS]
    layouts: list[tuple[tuple[Level, Level], list[_Group], float, float, int]] = []
    scale = 1.0
    for impact, effort in order:
        members = sorted(by_cell.get((impact, effort), []), key=lambda g: -g.steps)
        drawn = members[:CELL_BUBBLES]
        if drawn:
            columns = min(len(drawn), _COLUMNS_MAX)
            rows = math.ceil(len(drawn) / columns)
            pitch_x = (CELL_WIDTH - 12) / columns
            pitch_y = (CELL_HEIGHT - _LABEL_ROOM - 6) / rows
            room = min(pitch_x, pitch_y) / 2 - 2
            largest = _RADIUS * math.sqrt(drawn[0].steps)
            scale = min(scale, room / largest)
            layouts.append(((impact, effort), drawn, pitch_x, pitch_y, len(members)))
        else:
            layouts.append(((impact, effort), [], 0.0, 0.0, 0))
    cells: list[ChartCell] = []
    bubbles: list[Bubble] = []
    for (impact, effort), drawn, pitch_x, pitch_y, count in layouts:
        left = LEFT + LEVELS.index(effort) * CELL_WIDTH
        top = TOP + (2 - LEVELS.index(impact)) * CELL_HEIGHT
        cells.append(ChartCell(left, top, _QUADRANTS.get((impact, effort), ""), count - len(drawn)))
        columns = min(len(drawn), _COLUMNS_MAX) or 1
        for index, group in enumerate(drawn):
            row, column = divmod(index, columns)
            in_row = min(columns, len(drawn) - row * columns)
            offset = (CELL_WIDTH - 12 - in_row * pitch_x) / 2
            bubbles.append(
                _bubble(
                    group,
                    number=len(bubbles) + 1,
                    x=round(left + 6 + offset + (column + 0.5) * pitch_x, 2),
                    y=round(top + _LABEL_ROOM + (row + 0.5) * pitch_y, 2),
                    r=round(max(_MIN_RADIUS, _RADIUS * math.sqrt(group.steps) * scale), 2),
                    titled=titled,
                )
            )
    return cells, bubbles


def _bubble(group: _Group, *, number: int, x: float, y: float, r: float, titled: bool) -> Bubble:
    item = group.first
    status = item.status.value if item.status else "no status"
    more = group.steps - 1
    where = _where(group.journey, group.step, titled=titled)
    if more:
        where += f" (and {more} more step{'s' if more != 1 else ''})"
    assert item.impact is not None and item.effort is not None  # only sized ones are drawn
    return Bubble(
        number=number,
        x=x,
        y=y,
        r=r,
        css=f"status-{item.status.value if item.status else 'none'}",
        href=group.href,
        text=item.text,
        where=where,
        steps=counted(group.steps, "step", "steps"),
        impact=item.impact.value,
        effort=item.effort.value,
        status=status,
        owner=item.owner or "",
    )
