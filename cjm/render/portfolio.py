"""The index page as a portfolio dashboard: plain data for ``index.html.j2``.

A review meeting opens the index to ask four questions, and each section answers one:
how does each journey feel (cards with a sparkline of the same width for every journey,
a current journey beside the ideal that improves on it), where does it hurt (the heat
map of journeys by stage), which channels work (touchpoints by journey, coloured by
the emotion met there) and what do we do about it (the roll-ups and the opportunity
matrix, in :mod:`cjm.render.rollups` and :mod:`cjm.render.bubbles`).

Every emotion's colour and words come from :mod:`cjm.measures`, every link target from
:func:`~cjm.render.view.stage_anchor` and :func:`~cjm.render.view.step_anchor`, so the
index and the journey pages cannot disagree.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cjm.measures import emotion_class, emotion_y, signed_emotion
from cjm.model import JourneyDocument, JourneyState, Phase, Stage, Step
from cjm.render.bubbles import OpportunityChart, opportunity_chart
from cjm.render.rollups import Rollups, rollups
from cjm.render.view import (
    Count,
    Curve,
    PersonaView,
    TouchpointView,
    counted,
    emotion_curve,
    persona_view,
    stage_link,
    touchpoint_view,
)
from cjm.workspace import Workspace

#: Every sparkline has this size whatever the journey's length, so cards compare.
SPARK_WIDTH = 300
SPARK_HEIGHT = 76
#: Room on the left of a sparkline for its "+2", "0" and "-2" labels.
SPARK_LABELS = 22
SPARK_PAD = 9

_PHASE_NAMES = {
    Phase.PRE_PURCHASE.value: "Pre-purchase",
    Phase.PURCHASE.value: "Purchase",
    Phase.POST_PURCHASE.value: "Post-purchase",
    "": "No phase",
}


@dataclass(frozen=True)
class Sparkline:
    """A journey's emotion curve at card size, with its scale and its lowest moment."""

    width: int
    height: int
    curve: Curve
    gridlines: list[tuple[float, str]]
    #: The first step with the lowest emotion (ringed on the line), if any is known.
    lowest_x: float | None
    lowest_y: float | None
    lowest: str  # "-2 at “Waits on hold”", or "" without emotions
    description: str  # the whole curve in words, for the SVG's accessible name


@dataclass(frozen=True)
class JourneyCard:
    id: str
    title: str
    persona: str
    owner: str
    state: str
    steps: Count
    pains: Count
    opportunities: Count
    average: str  # the mean emotion, typeset ("+0.4", "-1.2") or "no emotions"
    average_css: str
    spark: Sparkline


@dataclass(frozen=True)
class Gain:
    """An ideal journey's mean emotion against its baseline's."""

    ideal: str  # the ideal journey's title
    before: str
    after: str
    change: str  # "+1.5", "-0.2", "±0.0"
    css: str  # "gain" | "loss" | "even"


@dataclass(frozen=True)
class CardGroup:
    """One journey, or a current journey followed by the ideal journeys naming it."""

    cards: list[JourneyCard]
    gains: list[Gain]


@dataclass(frozen=True)
class HeatCell:
    href: str
    mean: str  # typeset mean emotion, or "no emotions"
    css: str  # the emotion class of the rounded mean ("v-1"), "none" without emotions
    lowest: str  # the lowest emotion of its steps, typeset; "" without emotions
    pains: Count
    steps: Count
    stages: str  # the stages the cell covers, for phase columns ("Desire, Action")
    label: str  # the whole cell in words, for its link's accessible name


@dataclass(frozen=True)
class HeatRow:
    id: str
    title: str
    cells: list[HeatCell | None]  # None: the journey has nothing in that column


@dataclass(frozen=True)
class HeatMap:
    by: str  # "stage" when every journey has the same stages, else "phase"
    columns: list[str]
    rows: list[HeatRow]


@dataclass(frozen=True)
class ChannelCell:
    mean: str
    css: str
    lowest: str  # the lowest emotion when it is below the mean of several steps
    steps: Count
    stages: str


@dataclass(frozen=True)
class ChannelRow:
    touchpoint: TouchpointView
    cells: list[ChannelCell | None]  # per journey; None where it is not used


@dataclass(frozen=True)
class ChannelGroup:
    channel: str
    rows: list[ChannelRow]


@dataclass(frozen=True)
class IndexPage:
    site_title: str
    today: str
    counts: list[Count]
    groups: list[CardGroup]
    heat: HeatMap
    journeys: list[tuple[str, str]]  # (id, title) in the channel matrix's column order
    channels: list[ChannelGroup]  # empty for a workspace of one journey
    rollups: Rollups
    chart: OpportunityChart
    personas: list[PersonaView]


def index_page(
    workspace: Workspace,
    journeys: Iterable[JourneyDocument],
    *,
    site_title: str,
    today: datetime.date,
) -> IndexPage:
    chosen = list(journeys)
    cards = {journey.id: _card(workspace, journey) for journey in chosen}
    channels = _channels(workspace, chosen) if len(chosen) > 1 else []
    touchpoints = {row.touchpoint.id for group in channels for row in group.rows}
    steps = [step for journey in chosen for stage in journey.stages for step in stage.steps]
    return IndexPage(
        site_title=site_title,
        today=today.isoformat(),
        counts=[
            counted(len(chosen), "journey", "journeys"),
            counted(len(workspace.personas), "persona", "personas"),
            counted(len(touchpoints | set(workspace.touchpoints)), "touchpoint", "touchpoints"),
            counted(len(steps), "step", "steps"),
            counted(sum(len(s.pain_points) for s in steps), "pain point", "pain points"),
            counted(sum(len(s.opportunities) for s in steps), "opportunity", "opportunities"),
        ],
        groups=_groups(chosen, cards),
        heat=_heat_map(chosen),
        journeys=[(journey.id, journey.title) for journey in chosen],
        channels=channels,
        rollups=rollups(chosen, today),
        chart=opportunity_chart(chosen),
        personas=[persona_view(workspace, persona) for persona in workspace.personas.values()],
    )


# ---------------------------------------------------------------------------------------
# Cards: a fixed-width sparkline each, current and ideal side by side.


def _mean(emotions: Iterable[int | None]) -> float | None:
    known = [emotion for emotion in emotions if emotion is not None]
    return sum(known) / len(known) if known else None


def mean_text(mean: float | None) -> str:
    """A mean emotion to one decimal with a real minus sign; "no emotions" without one."""
    if mean is None:
        return "no emotions"
    text = f"{mean:+.1f}"
    if text in ("+0.0", "-0.0"):
        return "0.0"
    return text.replace("-", "\N{MINUS SIGN}")


def mean_class(mean: float | None) -> str:
    """The emotion colour of a mean, rounded half away from zero (-0.5 is "-1")."""
    if mean is None:
        return emotion_class(None)
    return emotion_class(int(math.copysign(math.floor(abs(mean) + 0.5), mean)))


def _steps(journey: JourneyDocument) -> list[Step]:
    return [step for stage in journey.stages for step in stage.steps]


def _card(workspace: Workspace, journey: JourneyDocument) -> JourneyCard:
    steps = _steps(journey)
    persona = workspace.personas.get(journey.persona)
    mean = _mean(step.emotion for step in steps)
    return JourneyCard(
        id=journey.id,
        title=journey.title,
        persona=persona.name if persona else journey.persona,
        owner=journey.owner or "",
        state=journey.state.value,
        steps=counted(len(steps), "step", "steps"),
        pains=counted(sum(len(s.pain_points) for s in steps), "pain point", "pain points"),
        opportunities=counted(
            sum(len(s.opportunities) for s in steps), "opportunity", "opportunities"
        ),
        average=mean_text(mean),
        average_css=mean_class(mean),
        spark=_sparkline(journey.title, steps),
    )


def _sparkline(title: str, steps: Sequence[Step]) -> Sparkline:
    plot = SPARK_WIDTH - SPARK_LABELS - 4
    pitch = plot / max(len(steps), 1)
    values = [
        (round(SPARK_LABELS + pitch * (index + 0.5), 2), step.emotion, step.action)
        for index, step in enumerate(steps)
    ]
    curve = emotion_curve(values, SPARK_HEIGHT, pad=SPARK_PAD)
    known = [(step.emotion, x, step.action) for (x, _, _), step in zip(values, steps, strict=True)]
    lowest = min(
        ((emotion, x, action) for emotion, x, action in known if emotion is not None),
        key=lambda item: item[0],
        default=None,
    )
    gridlines = [
        (emotion_y(level, SPARK_HEIGHT, SPARK_PAD), signed_emotion(level, typeset=True))
        for level in (2, 0, -2)
    ]
    # The shape in words (each step's action is its point's tooltip and on the map).
    words = ", ".join(
        "no emotion" if emotion is None else signed_emotion(emotion) for emotion, _, _ in known
    )
    description = f"Emotion per step of {title}, first to last: {words or 'no steps'}"
    if lowest is None:
        return Sparkline(SPARK_WIDTH, SPARK_HEIGHT, curve, gridlines, None, None, "", description)
    emotion, x, action = lowest
    low = f"{signed_emotion(emotion, typeset=True)} at \N{LEFT DOUBLE QUOTATION MARK}{action}"
    return Sparkline(
        width=SPARK_WIDTH,
        height=SPARK_HEIGHT,
        curve=curve,
        gridlines=gridlines,
        lowest_x=x,
        lowest_y=emotion_y(emotion, SPARK_HEIGHT, SPARK_PAD),
        lowest=low + "\N{RIGHT DOUBLE QUOTATION MARK}",
        description=description,
    )


def _groups(chosen: Sequence[JourneyDocument], cards: dict[str, JourneyCard]) -> list[CardGroup]:
    """Each journey once, in the order given; an ideal journey whose baseline is on the
    page goes right after it, with its gain in mean emotion."""
    ids = {journey.id for journey in chosen}
    follows = {
        journey.id: journey.baseline
        for journey in chosen
        if journey.state is JourneyState.IDEAL
        and journey.baseline in ids
        and journey.baseline != journey.id
    }
    # An ideal whose baseline itself follows another journey (a chain, or a loop) keeps
    # a card of its own: every journey is shown once, whatever the baselines say.
    follows = {key: base for key, base in follows.items() if base not in follows}
    ideals: dict[str | None, list[JourneyDocument]] = {}
    for journey in chosen:
        ideals.setdefault(follows.get(journey.id), []).append(journey)
    groups = []
    for journey in chosen:
        if journey.id in follows:
            continue
        followers = ideals.get(journey.id, [])
        before = _mean(step.emotion for step in _steps(journey))
        gains = [_gain(ideal, before) for ideal in followers]
        groups.append(
            CardGroup([cards[journey.id], *(cards[ideal.id] for ideal in followers)], gains)
        )
    return groups


def _gain(ideal: JourneyDocument, before: float | None) -> Gain:
    after = _mean(step.emotion for step in _steps(ideal))
    if before is None or after is None:
        return Gain(ideal.title, mean_text(before), mean_text(after), "not comparable", "even")
    change = round(after - before, 1)
    if change == 0:
        return Gain(
            ideal.title, mean_text(before), mean_text(after), "\N{PLUS-MINUS SIGN}0.0", "even"
        )
    return Gain(
        ideal=ideal.title,
        before=mean_text(before),
        after=mean_text(after),
        change=mean_text(change),
        css="gain" if change > 0 else "loss",
    )


# ---------------------------------------------------------------------------------------
# The heat map: journeys by stage, or by phase when the journeys' stages differ.


def _stage_key(stage: Stage) -> str:
    return " ".join(stage.name.split()).casefold()


def _heat_map(chosen: Sequence[JourneyDocument]) -> HeatMap:
    shapes = {tuple(_stage_key(stage) for stage in journey.stages) for journey in chosen}
    if len(shapes) <= 1 and chosen:
        columns = [stage.name for stage in chosen[0].stages]
        rows = [
            HeatRow(
                journey.id,
                journey.title,
                [
                    _heat_cell(journey, [(index, stage)])
                    for index, stage in enumerate(journey.stages)
                ],
            )
            for journey in chosen
        ]
        return HeatMap("stage", columns, rows)
    phases = [
        phase
        for phase in (*(p.value for p in Phase), "")
        if any(
            (stage.phase.value if stage.phase else "") == phase
            for journey in chosen
            for stage in journey.stages
        )
    ]
    rows = []
    for journey in chosen:
        cells: list[HeatCell | None] = []
        for phase in phases:
            stages = [
                (index, stage)
                for index, stage in enumerate(journey.stages)
                if (stage.phase.value if stage.phase else "") == phase
            ]
            cells.append(_heat_cell(journey, stages, by_phase=True) if stages else None)
        rows.append(HeatRow(journey.id, journey.title, cells))
    return HeatMap("phase", [_PHASE_NAMES[phase] for phase in phases], rows)


def _heat_cell(
    journey: JourneyDocument, stages: Sequence[tuple[int, Stage]], *, by_phase: bool = False
) -> HeatCell:
    steps = [step for _, stage in stages for step in stage.steps]
    mean = _mean(step.emotion for step in steps)
    known = [step.emotion for step in steps if step.emotion is not None]
    pains = counted(sum(len(step.pain_points) for step in steps), "pain point", "pain points")
    names = ", ".join(stage.name for _, stage in stages)
    first_index, first = stages[0]
    place = f"{journey.title}, {names}"
    feeling = "no emotions" if mean is None else f"mean emotion {mean_text(mean)}"
    return HeatCell(
        href=stage_link(journey.id, first.id, first_index),
        mean=mean_text(mean),
        css=mean_class(mean),
        lowest=signed_emotion(min(known), typeset=True) if known else "",
        pains=pains,
        steps=counted(len(steps), "step", "steps"),
        stages=names if by_phase else "",
        label=f"{place}: {feeling}, {pains.number} {pains.noun}",
    )


# ---------------------------------------------------------------------------------------
# Channel health: each touchpoint's mean emotion per journey, grouped by channel.


def _channels(workspace: Workspace, chosen: Sequence[JourneyDocument]) -> list[ChannelGroup]:
    views: dict[str, TouchpointView] = {
        key: touchpoint_view(value) for key, value in workspace.touchpoints.items()
    }
    used: dict[str, dict[str, list[tuple[Stage, Step]]]] = {}
    for journey in chosen:
        visible = workspace.touchpoints_visible_to(journey)
        for stage in journey.stages:
            for step in stage.steps:
                for ref in step.touchpoint:
                    if ref not in visible:
                        continue  # an unknown id is validate's finding, not a row here
                    views.setdefault(ref, touchpoint_view(visible[ref]))
                    used.setdefault(ref, {}).setdefault(journey.id, []).append((stage, step))
    groups: dict[str, list[ChannelRow]] = {}
    for key, view in sorted(views.items(), key=lambda item: (item[1].name.casefold(), item[0])):
        cells = [_channel_cell(used.get(key, {}).get(journey.id, [])) for journey in chosen]
        groups.setdefault(view.channel.strip(), []).append(ChannelRow(view, cells))
    order = sorted(groups, key=lambda channel: (channel == "", channel.casefold()))
    return [ChannelGroup(channel or "No channel", groups[channel]) for channel in order]


def _channel_cell(uses: Sequence[tuple[Stage, Step]]) -> ChannelCell | None:
    if not uses:
        return None
    mean = _mean(step.emotion for _, step in uses)
    stages: list[str] = []
    for stage, _ in uses:
        if stage.name not in stages:
            stages.append(stage.name)
    known = [step.emotion for _, step in uses if step.emotion is not None]
    lowest = min(known) if known else None
    return ChannelCell(
        mean=mean_text(mean),
        css=mean_class(mean),
        lowest=signed_emotion(lowest, typeset=True)
        if lowest is not None and mean is not None and lowest < mean
        else "",
        steps=counted(len(uses), "step", "steps"),
        stages=", ".join(stages),
    )
