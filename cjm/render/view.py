"""Plain data for the HTML templates: every decision about what the page shows is here.

Templates only loop and print (coverage.py's ``html.py`` and ``htmlfiles/`` work the
same way), so this module is where the map's layout is computed: columns per step, the
emotion curve's geometry, whether a metric meets its target, what is an assumption.
Everything is built from the resolved workspace, never from YAML.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from cjm.matching import match_steps
from cjm.measures import (
    COLUMN_WIDTH,
    CURVE_HEIGHT,
    CURVE_PAD,
    due_text,
    emotion_class,
    emotion_label,
    emotion_y,
    format_value,
    goal_overdue,
    goal_progress,
    metric_reading,
    metric_status,
    signed_emotion,
    status_class,
    status_text,
)
from cjm.model import (
    Goal,
    JourneyDocument,
    Metric,
    Opportunity,
    PainPoint,
    PersonaDocument,
    Phase,
    Stage,
    Step,
    TouchpointFields,
)
from cjm.render.baseline import GHOST_LEGEND, ghost_title, ghost_xs, matched_title
from cjm.workspace import Workspace

_PHASE_NAMES = {
    Phase.PRE_PURCHASE: "Pre-purchase",
    Phase.PURCHASE: "Purchase",
    Phase.POST_PURCHASE: "Post-purchase",
}


@dataclass(frozen=True)
class Count:
    """A number and its noun, singular or plural as the number needs ("1 persona")."""

    number: int
    noun: str


def counted(number: int, singular: str, plural: str) -> Count:
    return Count(number, singular if number == 1 else plural)


@dataclass(frozen=True)
class TouchpointView:
    id: str
    name: str
    channel: str
    mode: str
    operator: str
    known: bool = True


@dataclass(frozen=True)
class PainView:
    text: str
    severity: str


@dataclass(frozen=True)
class OpportunityView:
    text: str
    facts: list[tuple[str, str]]


@dataclass(frozen=True)
class StepView:
    """One column of the map; ``placeholder`` marks the empty column of a stage with no
    steps, so the gap is visible instead of the stage disappearing."""

    id: str
    action: str
    touchpoints: list[TouchpointView]
    emotion: int | None
    emotion_label: str
    emotion_text: str
    emotion_class: str
    feeling: str
    thoughts: list[str]
    pain_points: list[PainView]
    opportunities: list[OpportunityView]
    evidence: list[str]
    backstage: list[str]
    placeholder: bool = False
    #: The action cell's HTML id (:func:`step_anchor`), so other pages link to the step.
    anchor: str = ""


@dataclass(frozen=True)
class MetricView:
    """A stage metric, its values already written for people (:func:`format_value`).

    ``reading`` is the chip's "value / target", or an ideal journey's "baseline value →
    target" when it has no value of its own; the unit is inside the values
    (:func:`cjm.measures.format_quantity`).
    """

    name: str
    value: str
    target: str
    better: str
    status: str  # "met" | "missed" | "unknown"
    status_text: str
    source: str
    reading: str = ""
    baseline: str = ""  # the baseline journey's value of the same metric id, if any


@dataclass(frozen=True)
class StageView:
    id: str
    name: str
    phase: str
    description: str
    steps: list[StepView]
    metrics: list[MetricView]
    #: Share of the stage's steps with evidence, 0.0 to 1.0 (0.0 for a stage without
    #: steps), and the same in words for the evidence strip's label.
    evidence_share: float = 0.0
    evidence_text: str = ""

    @property
    def span(self) -> int:
        return len(self.steps)


@dataclass(frozen=True)
class PhaseGroup:
    """Consecutive stages of one phase, for the header row above the stages."""

    name: str
    span: int
    css: str


@dataclass(frozen=True)
class CurvePoint:
    x: float
    y: float
    emotion: int
    label: str
    text: str
    css: str  # the emotion's colour class, as on the step's badge
    #: False for a step without evidence (an assumption): its point is drawn hollow.
    evidence: bool = True
    step: str = ""  # the step's action, for a ghost point's line in the description
    #: Where a ghost's score is written: "start" to its right, "end" to its left (away
    #: from the column's middle, so the score never reads as a matched point's).
    anchor: str = "start"


@dataclass(frozen=True)
class Curve:
    """An emotion curve as SVG geometry: segments break where a step has no emotion."""

    segments: list[str]
    points: list[CurvePoint]


@dataclass(frozen=True)
class Shade:
    """A band between the ideal curve and its matched baseline points: ``gain`` where
    the ideal is above the baseline, ``loss`` where it is below."""

    points: str
    kind: str  # "gain" | "loss"


@dataclass(frozen=True)
class CurveRow:
    """One line of the curve's text alternative: a step and its emotion in words."""

    step: str
    emotion: str
    evidence: str  # "evidence" or "assumption"
    baseline: str  # the matched baseline step's emotion, or ""


@dataclass(frozen=True)
class CurveView:
    width: int
    height: int
    current: Curve
    baseline: Curve | None
    baseline_title: str
    #: Baseline steps no step of this journey replaces, each in its baseline stage.
    ghosts: list[CurvePoint]
    gridlines: list[tuple[float, str]]
    gaps: list[float]
    description: str
    ghost_legend: str = GHOST_LEGEND
    shades: tuple[Shade, ...] = ()
    rows: tuple[CurveRow, ...] = ()


@dataclass(frozen=True)
class GoalView:
    description: str
    due: str
    metric: str
    status: str
    status_text: str
    #: "1,200 of 2,000", "due in 6 months" / "overdue since 2025-12-31", and both
    #: joined with " · " (empty parts left out).
    progress: str = ""
    due_text: str = ""
    numbers: str = ""


@dataclass(frozen=True)
class PersonaView:
    id: str
    name: str
    summary: str
    segment: str
    demographics: list[tuple[str, str]]
    lists: list[tuple[str, list[str]]]
    channels: list[str]
    quote: str


#: Steps in one printed block: 4 columns of 55 mm beside the 25 mm lane column fit
#: A4 and Letter landscape, and 55 mm draws the curve at its own scale (its 11 px
#: labels stay above 8 pt). A longer stage prints as several blocks.
SHEET_STEPS = 4

#: A map with more steps than this gets the overview strip: at the 170 px a column
#: needs (style.css ``--mincol``), 8 steps are what a 1600 px screen shows beside the
#: lane headers.
OVERVIEW_COLUMNS = 8


@dataclass(frozen=True)
class SheetPart:
    """A stage in a printed block: the whole stage, or a part of one too long for a
    page's width."""

    name: str
    part: str  # "" for a whole stage, else "steps 5 to 7 of 7" with an en dash
    phase: str  # the phase's stylesheet class
    steps: list[StepView]
    metrics: list[MetricView]  # the stage's metrics, on its last part
    first: int  # the map column of its first step

    @property
    def span(self) -> int:
        return len(self.steps)


@dataclass(frozen=True)
class Sheet:
    """A printed block and the phone's run of cards: consecutive whole stages (or one
    part of a long stage) with at most :data:`SHEET_STEPS` steps, its lane headers and
    its stretch of the emotion curve. Pages break between blocks, so between stages."""

    parts: list[SheetPart]
    #: The block's stretch of the curve's x axis: its points are those in [left, right).
    left: int
    right: int
    view_box: str  # the curve's viewBox cropped to [left, right)

    @property
    def span(self) -> int:
        return sum(part.span for part in self.parts)


@dataclass(frozen=True)
class OverviewStage:
    """A stage in the overview strip: a link to its column, its size and pain count."""

    anchor: str
    name: str
    span: int
    steps: Count
    pains: int


@dataclass(frozen=True)
class JourneyPage:
    id: str
    title: str
    site_title: str
    scenario: str
    state: str
    owner: str
    tags: list[str]
    segment: str
    baseline: str
    baseline_title: str
    goals: list[GoalView]
    persona: PersonaView | None
    phases: list[PhaseGroup]
    stages: list[StageView]
    columns: int
    column_width: int
    curve: CurveView
    counts: list[Count]
    #: Each stage's link target ("stage-<id>", or "stage-<n>" for a stage without id).
    anchors: list[str] = field(default_factory=list)
    #: The stages as blocks of at most :data:`SHEET_STEPS` steps: printed pages and the
    #: phone's stacked cards.
    sheets: list[Sheet] = field(default_factory=list)
    #: The strip above a wide map (more than :data:`OVERVIEW_COLUMNS` steps); empty
    #: for a map that fits a screen.
    overview: list[OverviewStage] = field(default_factory=list)


# ---------------------------------------------------------------------------------------


def journey_page(
    workspace: Workspace,
    journey: JourneyDocument,
    *,
    site_title: str,
    today: datetime.date,
) -> JourneyPage:
    """The journey's page; ``today`` (the one day the command resolved) dates the goals'
    "due in"."""
    persona = workspace.personas.get(journey.persona)
    baseline = workspace.journeys.get(journey.baseline) if journey.baseline else None
    before = _metrics_by_id(baseline) if baseline else {}
    firsts = itertools.accumulate((len(stage.steps) for stage in journey.stages), initial=1)
    stages = [
        _stage(workspace, journey, stage, before, first)
        for stage, first in zip(journey.stages, firsts, strict=False)
    ]
    columns = sum(stage.span for stage in stages)
    day = today
    steps = [step for stage in stages for step in stage.steps]
    return JourneyPage(
        id=journey.id,
        title=journey.title,
        site_title=site_title,
        scenario=journey.scenario or "",
        state=journey.state.value,
        owner=journey.owner or "",
        tags=list(journey.tags),
        segment=_segment_name(workspace, journey.segment),
        baseline=journey.baseline or "",
        baseline_title=baseline.title if baseline else "",
        goals=[_goal(goal, journey.metric_of(goal), before, day) for goal in journey.goals],
        persona=persona_view(workspace, persona) if persona else None,
        phases=_phase_groups(stages),
        stages=stages,
        columns=columns,
        column_width=COLUMN_WIDTH,
        curve=_curve_view(journey, stages, baseline),
        counts=[
            counted(len(stages), "stage", "stages"),
            counted(sum(1 for step in steps if not step.placeholder), "step", "steps"),
            counted(sum(len(step.pain_points) for step in steps), "pain point", "pain points"),
            counted(sum(len(step.opportunities) for step in steps), "opportunity", "opportunities"),
        ],
        anchors=[_anchor(stage, index) for index, stage in enumerate(stages)],
        sheets=_sheets(stages),
        overview=_overview(stages) if columns > OVERVIEW_COLUMNS else [],
    )


def _anchor(stage: StageView, index: int) -> str:
    return stage_anchor(stage.id, index)


def stage_anchor(stage_id: str | None, index: int) -> str:
    """A stage's HTML id on its journey page: ``stage-<id>``, else by its position."""
    return f"stage-{stage_id}" if stage_id else f"stage-{index + 1}"


def step_anchor(step_id: str | None, position: int) -> str:
    """A step's HTML id on its journey page: ``step-<id>``, else ``step--<n>`` by its
    position in the journey (from 1); an id cannot start with "-", so the two never meet."""
    return f"step-{step_id}" if step_id else f"step--{position}"


def step_link(journey_id: str, step_id: str | None, position: int) -> str:
    """The address of a step on its journey page, from another page of the site."""
    return f"{journey_id}.html#{step_anchor(step_id, position)}"


def linked_steps(
    journeys: Iterable[JourneyDocument],
) -> Iterator[tuple[JourneyDocument, Step, str]]:
    """Every step of ``journeys`` with its address on its journey page: the position
    :func:`step_anchor` counts is counted here, once, for every page that links."""
    for journey in journeys:
        steps = (step for stage in journey.stages for step in stage.steps)
        for position, step in enumerate(steps, start=1):
            yield journey, step, step_link(journey.id, step.id, position)


def stage_link(journey_id: str, stage_id: str | None, index: int) -> str:
    """The address of a stage (``index`` from 0) on its journey page."""
    return f"{journey_id}.html#{stage_anchor(stage_id, index)}"


def _sheets(stages: Sequence[StageView]) -> list[Sheet]:
    """Stages packed in order into blocks of at most :data:`SHEET_STEPS` steps; a longer
    stage is cut into parts. The curve is drawn once per block, cropped to its columns."""
    groups: list[list[SheetPart]] = [[]]
    first = 0
    for stage in stages:
        for part in _stage_parts(stage, first):
            if groups[-1] and sum(p.span for p in groups[-1]) + part.span > SHEET_STEPS:
                groups.append([])
            groups[-1].append(part)
        first += stage.span
    sheets: list[Sheet] = []
    left = 0
    for parts in groups:
        right = left + sum(part.span for part in parts) * COLUMN_WIDTH
        view_box = f"{left} 0 {right - left} {CURVE_HEIGHT}"
        sheets.append(Sheet(parts=parts, left=left, right=right, view_box=view_box))
        left = right
    return sheets


def _stage_parts(stage: StageView, first: int) -> list[SheetPart]:
    starts = range(0, stage.span, SHEET_STEPS)
    parts = []
    for start in starts:
        steps = stage.steps[start : start + SHEET_STEPS]
        end = start + len(steps)
        parts.append(
            SheetPart(
                name=stage.name,
                part=f"steps {start + 1}\N{EN DASH}{end} of {stage.span}"
                if len(starts) > 1
                else "",
                phase=stage.phase or "none",
                steps=steps,
                metrics=stage.metrics if end == stage.span else [],
                first=first + start,
            )
        )
    return parts


def _overview(stages: Sequence[StageView]) -> list[OverviewStage]:
    return [
        OverviewStage(
            anchor=_anchor(stage, index),
            name=stage.name,
            span=stage.span,
            steps=counted(sum(1 for step in stage.steps if not step.placeholder), "step", "steps"),
            pains=sum(len(step.pain_points) for step in stage.steps),
        )
        for index, stage in enumerate(stages)
    ]


def _segment_name(workspace: Workspace, segment_id: str | None) -> str:
    if not segment_id:
        return ""
    segment = workspace.segments.get(segment_id)
    return segment.name if segment else segment_id


def persona_view(workspace: Workspace, persona: PersonaDocument) -> PersonaView:
    lists = [
        ("Goals", persona.goals),
        ("Needs", persona.needs),
        ("Pains", persona.pains),
        ("Motivations", persona.motivations),
    ]
    return PersonaView(
        id=persona.id,
        name=persona.name,
        summary=persona.summary or "",
        segment=_segment_name(workspace, persona.segment),
        demographics=[
            (key.replace("_", " "), str(value)) for key, value in persona.demographics.items()
        ],
        lists=[(title, list(items)) for title, items in lists if items],
        channels=list(persona.channels),
        quote=persona.quote or "",
    )


def _metrics_by_id(journey: JourneyDocument) -> dict[str, Metric]:
    return {metric.id: metric for stage in journey.stages for metric in stage.metrics if metric.id}


def _goal(
    goal: Goal, metric: Metric | None, before: dict[str, Metric], today: datetime.date
) -> GoalView:
    """A goal with its numbers ("1,200 of 2,000") and how far its date is; ``metric`` is
    the one that measures it (:meth:`~cjm.model.JourneyDocument.metric_of`)."""
    due = goal.due
    status, text = _metric_status(metric) if metric else ("unknown", "")
    baseline = before.get(metric.id or "") if metric else None
    progress = goal_progress(metric, baseline) if metric else ""
    if metric is not None and metric.value is None and baseline is not None:
        text = ""  # "baseline 1,200 → 2,500" says it; "no current value" would not
    when = due_text(due, today, overdue=goal_overdue(due, metric, today)) if due else ""
    return GoalView(
        description=goal.description,
        due=str(due) if due else "",
        metric=metric.name if metric else (goal.metric or ""),
        status=status,
        status_text=text,
        progress=progress,
        due_text=when,
        numbers=" · ".join(part for part in (progress, when) if part),
    )


def _stage(
    workspace: Workspace,
    journey: JourneyDocument,
    stage: Stage,
    before: dict[str, Metric],
    first: int,
) -> StageView:
    """A stage whose first step is the journey's ``first``-th (from 1, for anchors)."""
    steps = [
        _step(workspace, journey, step, first + index) for index, step in enumerate(stage.steps)
    ] or [_placeholder(stage)]
    share, share_text = _evidence_share(stage)
    return StageView(
        id=stage.id or "",
        name=stage.name,
        phase=stage.phase.value if stage.phase else "",
        description=stage.description or "",
        steps=steps,
        metrics=[_metric(metric, before.get(metric.id or "")) for metric in stage.metrics],
        evidence_share=share,
        evidence_text=share_text,
    )


def _evidence_share(stage: Stage) -> tuple[float, str]:
    """How much of a stage is known rather than assumed: the share of its steps with
    evidence, and "2 of 3 steps backed by evidence"."""
    total = len(stage.steps)
    if not total:
        return 0.0, "no steps, no evidence"
    backed = sum(1 for step in stage.steps if step.evidence)
    noun = "step" if total == 1 else "steps"
    return round(backed / total, 4), f"{backed} of {total} {noun} backed by evidence"


def _placeholder(stage: Stage) -> StepView:
    return StepView(
        id=f"{stage.id or 'stage'}-no-steps",
        action="",
        touchpoints=[],
        emotion=None,
        emotion_label="",
        emotion_text="",
        emotion_class=emotion_class(None),
        feeling="",
        thoughts=[],
        pain_points=[],
        opportunities=[],
        evidence=[],
        backstage=[],
        placeholder=True,
    )


def _step(workspace: Workspace, journey: JourneyDocument, step: Step, position: int) -> StepView:
    visible = workspace.touchpoints_visible_to(journey)
    touchpoints = [
        touchpoint_view(visible[ref])
        if ref in visible
        else TouchpointView(ref, ref, "", "", "", False)
        for ref in step.touchpoint
    ]
    return StepView(
        id=step.id or "",
        action=step.action,
        touchpoints=touchpoints,
        emotion=step.emotion,
        emotion_label=emotion_label(step.emotion, typeset=True),
        emotion_text="no emotion"
        if step.emotion is None
        else signed_emotion(step.emotion, typeset=True),
        emotion_class=emotion_class(step.emotion),
        feeling=step.feeling or "",
        thoughts=list(step.thoughts),
        pain_points=[_pain(pain) for pain in step.pain_points],
        opportunities=[_opportunity(item) for item in step.opportunities],
        evidence=list(step.evidence),
        backstage=list(step.backstage),
        anchor=step_anchor(step.id, position),
    )


def touchpoint_view(touchpoint: TouchpointFields) -> TouchpointView:
    return TouchpointView(
        id=touchpoint.id,
        name=touchpoint.name,
        channel=touchpoint.channel or "",
        mode=touchpoint.mode.value,
        operator=touchpoint.operator.value,
    )


def _pain(pain: PainPoint) -> PainView:
    return PainView(text=pain.text, severity=pain.severity.value if pain.severity else "")


def _opportunity(opportunity: Opportunity) -> OpportunityView:
    facts = [
        (name, value.value)
        for name, value in (
            ("impact", opportunity.impact),
            ("effort", opportunity.effort),
            ("status", opportunity.status),
        )
        if value is not None
    ]
    if opportunity.owner:
        facts.append(("owner", opportunity.owner))
    return OpportunityView(text=opportunity.text, facts=facts)


def _metric_status(metric: Metric) -> tuple[str, str]:
    """The status's stylesheet class and its words, both from :mod:`cjm.measures`."""
    return status_class(metric_status(metric)), status_text(metric)


def _metric(metric: Metric, baseline: Metric | None = None) -> MetricView:
    """A metric with its values for people; an ideal journey's metric without a value
    of its own reads "baseline value → target" from the baseline's metric of that id."""
    status, text = _metric_status(metric)
    reading = metric_reading(metric, baseline)
    from_baseline = metric.value is None and baseline is not None and baseline.value is not None
    return MetricView(
        name=metric.name,
        value=reading if from_baseline else format_value(metric.value, metric),
        target=format_value(metric.target, metric) if metric.target is not None else "",
        better=metric.better.value,
        status=status,
        status_text="baseline → target" if from_baseline else text,
        source=metric.source or "",
        reading=reading,
        baseline=format_value(baseline.value, baseline)
        if baseline is not None and baseline.value is not None
        else "",
    )


def _phase_groups(stages: Sequence[StageView]) -> list[PhaseGroup]:
    groups: list[PhaseGroup] = []
    for stage in stages:
        name = _PHASE_NAMES.get(Phase(stage.phase), "") if stage.phase else ""
        css = stage.phase or "none"
        if groups and groups[-1].css == css:
            last = groups[-1]
            groups[-1] = PhaseGroup(last.name, last.span + stage.span, css)
        else:
            groups.append(PhaseGroup(name or "No phase", stage.span, css))
    return groups


# ---------------------------------------------------------------------------------------
# The emotion curve: one x position per column, y from +2 (top) to -2 (bottom).


def emotion_curve(
    values: Sequence[tuple[float, int | None, str]],
    height: int,
    pad: int = CURVE_PAD,
    evidence: Sequence[bool] = (),
) -> Curve:
    """Segments of consecutive known emotions; a missing one ends a segment.

    ``evidence`` (one flag per value; all true when empty) marks the points of steps
    backed by data; the others are assumptions, drawn hollow.
    """
    segments: list[str] = []
    points: list[CurvePoint] = []
    current: list[str] = []
    known = list(evidence) or [True] * len(values)
    for (x, emotion, label), backed in zip(values, known, strict=True):
        if emotion is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        y = emotion_y(emotion, height, pad)
        current.append(f"{x:g},{y:g}")
        points.append(
            CurvePoint(
                x=x,
                y=y,
                emotion=emotion,
                label=label,
                text=signed_emotion(emotion, typeset=True),
                css=emotion_class(emotion),
                evidence=backed,
            )
        )
    if current:
        segments.append(" ".join(current))
    return Curve(segments=segments, points=points)


def _curve_view(
    journey: JourneyDocument, stages: Sequence[StageView], baseline: JourneyDocument | None
) -> CurveView:
    columns = [step for stage in stages for step in stage.steps]
    width = max(len(columns), 1) * COLUMN_WIDTH
    centre = [(index + 0.5) * COLUMN_WIDTH for index in range(len(columns))]
    current = emotion_curve(
        [(x, step.emotion, _point_title(step)) for x, step in zip(centre, columns, strict=True)],
        CURVE_HEIGHT,
        evidence=[bool(step.evidence) or step.placeholder for step in columns],
    )
    baseline_curve: Curve | None = None
    ghosts: list[CurvePoint] = []
    if baseline is not None:
        baseline_curve, ghosts = _baseline_curve(journey, stages, baseline, centre)
    gridlines = [
        (emotion_y(level), signed_emotion(level, typeset=True)) for level in (2, 1, 0, -1, -2)
    ]
    gaps = [x for x, step in zip(centre, columns, strict=True) if step.emotion is None]
    known = [
        f"{step.action[:40]} {signed_emotion(step.emotion, typeset=True)}"
        for step in columns
        if step.emotion is not None
    ]
    description = "Emotion curve, from -2 (very negative) to +2 (very positive): " + (
        "; ".join(known) if known else "no emotions recorded"
    )
    if ghosts:
        description += "; baseline steps with no counterpart: " + "; ".join(
            f"{point.step[:40]} {point.text}" for point in ghosts
        )
    return CurveView(
        width=width,
        height=CURVE_HEIGHT,
        current=current,
        baseline=baseline_curve,
        baseline_title=baseline.title if baseline else "",
        ghosts=ghosts,
        gridlines=gridlines,
        gaps=gaps,
        description=description,
        shades=_curve_shades(current, baseline_curve) if baseline_curve else (),
        rows=_curve_rows(columns, baseline_curve),
    )


def _point_title(step: StepView) -> str:
    """A point's tooltip: the step, its score, and "assumption" when no data backs it."""
    title = f"{step.action}: {step.emotion_label}"
    return title if step.evidence else f"{title} (assumption: no evidence)"


def _curve_rows(columns: Sequence[StepView], baseline: Curve | None) -> tuple[CurveRow, ...]:
    """The curve as text, step → emotion, for readers who cannot see the SVG."""
    matched = {point.x: point.label for point in baseline.points} if baseline else {}
    centre = [(index + 0.5) * COLUMN_WIDTH for index in range(len(columns))]
    return tuple(
        CurveRow(
            step=step.action,
            emotion=step.emotion_label,
            evidence="evidence" if step.evidence else "assumption",
            baseline=matched.get(x, ""),
        )
        for x, step in zip(centre, columns, strict=True)
        if not step.placeholder
    )


def _curve_shades(current: Curve, baseline: Curve) -> tuple[Shade, ...]:
    """Bands between the ideal curve and its matched baseline points, column to column.

    Two neighbouring columns where both curves have a point give a band; where the
    curves cross between them, the band is cut at the crossing into a gain part and a
    loss part. Columns missing either point leave no band (nothing is invented).
    """
    ideal = {point.x: point.y for point in current.points}
    before = {point.x: point.y for point in baseline.points}
    xs = sorted(x for x in ideal if x in before)
    shades: list[Shade] = []
    for left, right in itertools.pairwise(xs):
        if round(right - left) != COLUMN_WIDTH:
            continue
        shades += _band(left, right, (ideal[left], ideal[right]), (before[left], before[right]))
    return tuple(shades)


def _band(
    left: float, right: float, ideal: tuple[float, float], before: tuple[float, float]
) -> list[Shade]:
    """The band between two columns; y grows downwards, so the ideal is above (a gain)
    where its y is smaller than the baseline's."""
    ahead = (before[0] - ideal[0], before[1] - ideal[1])
    if ahead == (0, 0):
        return []

    def shape(corners: Sequence[tuple[float, float]], kind: str) -> Shade:
        return Shade(" ".join(f"{round(x, 1):g},{round(y, 1):g}" for x, y in corners), kind)

    if ahead[0] * ahead[1] >= 0:
        kind = "gain" if ahead[0] + ahead[1] > 0 else "loss"
        corners = [(left, ideal[0]), (right, ideal[1]), (right, before[1]), (left, before[0])]
        return [shape(corners, kind)]
    share = ahead[0] / (ahead[0] - ahead[1])
    cross = (left + share * (right - left), ideal[0] + share * (ideal[1] - ideal[0]))
    first = "gain" if ahead[0] > 0 else "loss"
    second = "loss" if first == "gain" else "gain"
    return [
        shape([(left, ideal[0]), cross, (left, before[0])], first),
        shape([cross, (right, ideal[1]), (right, before[1])], second),
    ]


def _baseline_curve(
    journey: JourneyDocument,
    stages: Sequence[StageView],
    baseline: JourneyDocument,
    centre: Sequence[float],
) -> tuple[Curve, list[CurvePoint]]:
    """The baseline's dashed curve over this journey's columns, and its ghost points.

    Steps are paired by :func:`cjm.matching.match_steps` (id, then ``baseline_step``,
    then the text of a step without id), as ``cjm diff --baseline`` pairs them, never by
    position. A matched baseline step is drawn at the column of the step that replaces
    it, with its own score; a column without one is a gap in the dashed curve (no value
    is invented for an added step). A baseline step nothing replaces is a ghost point in
    its stage (:func:`_ghosts`), so a dropped -2 stays on the page.
    """
    ideal_steps = [step for stage in journey.stages for step in stage.steps]
    baseline_steps = [step for stage in baseline.stages for step in stage.steps]
    matches = match_steps(baseline_steps, ideal_steps, baseline=True)
    values: list[tuple[float, int | None, str]] = []
    columns = [step for stage in stages for step in stage.steps]
    index = 0  # the ideal step of the next real (not placeholder) column
    for x, column in zip(centre, columns, strict=True):
        if column.placeholder:
            values.append((x, None, ""))
            continue
        found = matches.get(index)
        index += 1
        match = baseline_steps[found] if found is not None else None
        if match is None or match.emotion is None:
            values.append((x, None, ""))
            continue
        values.append((x, match.emotion, matched_title(match.action, match.emotion)))
    curve = emotion_curve(values, CURVE_HEIGHT)
    return curve, _ghosts(journey, stages, baseline, set(matches.values()))


def _ghosts(
    journey: JourneyDocument,
    stages: Sequence[StageView],
    baseline: JourneyDocument,
    matched: set[int],
) -> list[CurvePoint]:
    """A hollow point for each baseline step with an emotion and no counterpart.

    It sits in the columns of the stage it belonged to in the baseline
    (:func:`_stage_targets`), spread so that no two ghosts share an x
    (:func:`cjm.render.baseline.ghost_xs`), in the baseline's step order. A baseline
    step without emotion has no height to draw at and is left out, as on its own page.
    """
    targets = _stage_targets(baseline.stages, journey.stages)
    placed: dict[int | None, list[tuple[str, int]]] = {}
    flat = 0  # the index of the step in the baseline's flat list of steps
    for stage_index, stage in enumerate(baseline.stages):
        for step in stage.steps:
            if flat not in matched and step.emotion is not None:
                placed.setdefault(targets[stage_index], []).append((step.action, step.emotion))
            flat += 1
    firsts = [sum(stage.span for stage in stages[:index]) for index in range(len(stages))]
    total = sum(stage.span for stage in stages)
    points: list[CurvePoint] = []
    for target in sorted(placed, key=lambda item: -1 if item is None else item):
        steps = placed[target]
        first, span = (0, total) if target is None else (firsts[target], stages[target].span)
        xs = ghost_xs(first, span, len(steps), COLUMN_WIDTH)
        for x, (action, emotion) in zip(xs, steps, strict=True):
            points.append(_ghost_point(x, action, emotion))
    return points


def _ghost_point(x: float, action: str, emotion: int) -> CurvePoint:
    return CurvePoint(
        x=x,
        y=emotion_y(emotion, CURVE_HEIGHT),
        emotion=emotion,
        label=ghost_title(action, emotion),
        text=signed_emotion(emotion, typeset=True),
        css=emotion_class(emotion),
        step=action,
        anchor="end" if x % COLUMN_WIDTH < COLUMN_WIDTH / 2 else "start",
    )


def _stage_targets(baseline: Sequence[Stage], ideal: Sequence[Stage]) -> list[int | None]:
    """For each baseline stage, the index of the ideal stage its ghosts are drawn in.

    A baseline stage is this journey's stage with the same id, else the one with the
    same name (case and surrounding spaces ignored). A baseline stage this journey
    dropped borrows the stage of the closest *earlier* baseline stage it kept (its
    ghosts come after that stage's own, as the dropped stage came after it), else of
    the closest later one (before that stage's own). None when this journey kept no
    baseline stage: the ghosts then spread over the whole curve.
    """
    by_id = {stage.id: index for index, stage in enumerate(ideal) if stage.id}
    by_name: dict[str, int] = {}
    for index, stage in enumerate(ideal):
        by_name.setdefault(_name_key(stage), index)
    own: list[int | None] = [
        by_id.get(stage.id) if stage.id and stage.id in by_id else by_name.get(_name_key(stage))
        for stage in baseline
    ]
    targets: list[int | None] = []
    for index, target in enumerate(own):
        if target is None:
            earlier = [found for found in reversed(own[:index]) if found is not None]
            later = [found for found in own[index + 1 :] if found is not None]
            target = earlier[0] if earlier else (later[0] if later else None)
        targets.append(target)
    return targets


def _name_key(stage: Stage) -> str:
    return stage.name.strip().casefold()
