"""The diff as one self-contained HTML page: each changed journey drawn as its map.

The grid has a column per step, both versions merged (a removed step stays where it
was), cells marked added, removed or changed, and the old and new emotion curves drawn
over each other in inline SVG. Python builds plain data here from the comparison (it
never matches the two versions again); the template in ``templates/`` only loops and
prints, with autoescaping on, so map text can never become markup. No script, font
or stylesheet is fetched: the page works offline and as a CI artifact.

Against a baseline (``cjm diff --baseline``) the old curve is the baseline's, drawn as
the journey page draws it (``cjm.render.baseline``): a point under each step that
replaces a baseline step, and a hollow ghost point, off the dashed line, for each
baseline step nothing replaces. Both pages take the pairing from :mod:`cjm.matching`
(here through the comparison), so they show the same baseline points, in the same
words: the layers keep ``cjm.diff`` from importing ``cjm.render``, so the words are
written twice and ``tests/diff/test_html_baseline.py`` holds the two pages equal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cjm.diff import Effect, Op
from cjm.diff.change import Change, ChangePath, Node, child, path_text
from cjm.diff.compare import Comparison, JourneyPair, Placed
from cjm.diff.values import pain_severity, pain_text
from cjm.diff.words import describe, shorten, summary
from cjm.measures import (
    GHOST_LEGEND,
    MINUS,
    MetricStatus,
    emotion_class,
    emotion_y,
    ghost_title,
    matched_title,
    metric_status,
    signed_emotion,
)
from cjm.model import JourneyDocument, Opportunity, OpportunityStatus, PainPoint, Stage, Step

LANE_WIDTH = 120
COLUMN_WIDTH = 168
CURVE_HEIGHT = 140
_CURVE_PAD = 14  # +2 and -2 this far from the curve's edges: 28 pixels per point


@dataclass(frozen=True, slots=True)
class Mark:
    """A piece of cell text and whether it was added, removed or kept ("")."""

    text: str
    status: str = ""
    #: "improvement" or "regression" of an added, removed, resolved or delivered item
    #: ("" when neutral); a changed item's effect is its cell's.
    effect: str = ""


@dataclass(frozen=True, slots=True)
class StageHead:
    name: list[Mark]
    status: str
    span: int
    renamed: str = ""  # the stage's old id when the comparison says it was renamed


@dataclass(frozen=True, slots=True)
class Cell:
    """One lane of a step column; ``status`` colours the cell, each mark its text."""

    marks: list[Mark]
    status: str = ""
    #: The lane's changes judged together: "regression" if any is one, else
    #: "improvement" if any is one, else "" (so a changed cell says which way it went).
    effect: str = ""


@dataclass(frozen=True, slots=True)
class Headline:
    """One headline number of a journey, before and after, and which way it moved."""

    label: str
    before: str
    after: str
    effect: str


@dataclass(frozen=True, slots=True)
class Column:
    """A step, both versions merged; ``status`` is added, removed, changed or ""."""

    key: str
    status: str
    moved: bool
    renamed: str  # the step's old id when the comparison says it was renamed, else ""
    action: Cell
    touchpoints: Cell
    emotion: Cell
    pain_points: Cell
    opportunities: Cell


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    value: int
    text: str
    title: str
    css: str = ""  # the emotion's colour class, for a ghost point's ring


@dataclass(frozen=True, slots=True)
class Curve:
    width: int
    height: int
    old_lines: list[str]
    new_lines: list[str]
    old_dots: list[Dot]
    new_dots: list[Dot]
    levels: list[tuple[float, str]]
    #: Against a baseline: its steps nothing replaces, drawn off the dashed line.
    ghost_dots: list[Dot]
    baseline: bool


@dataclass(frozen=True, slots=True)
class ChangeRow:
    op: str
    path: str
    text: str
    effect: str


@dataclass(frozen=True, slots=True)
class JourneyView:
    key: str
    title: str
    status: str
    stages: list[StageHead]
    columns: list[Column]
    curve: Curve
    changes: list[ChangeRow]
    width: int
    renamed: str  # the journey's old id when it was renamed, else ""
    headlines: list[Headline]


def format_html(comparison: Comparison, *, color: bool = False) -> str:
    """The comparison as a page; ``color`` is accepted for the registry and ignored."""
    views: list[JourneyView] = []
    others: list[ChangeRow] = []
    for part, node in comparison.tree.children.items():
        pair = comparison.journey(part[1]) if part[0] == "journey" else None
        if pair is None:
            others += [_row(change, comparison, 0) for change in node.changes()]
        else:
            views.append(_journey_view(pair, node, comparison))
    from cjm.html_templates import environment

    template = environment("cjm.diff").get_template("diff.html.j2")
    return template.render(
        old_label=comparison.old_label,
        new_label=comparison.new_label,
        summary=summary(comparison),
        improvements=comparison.count(Effect.IMPROVEMENT),
        regressions=comparison.count(Effect.REGRESSION),
        journeys=views,
        others=others,
        column_width=COLUMN_WIDTH,
        lane_width=LANE_WIDTH,
        ghost_legend=GHOST_LEGEND,
        palette=_palette(),
    )


def _palette() -> str:
    """The journey pages' colours (``palette.css``), so both pages take them from one
    file. Read through the one template loader, not imported: ``cjm.diff`` and
    ``cjm.render`` are sibling layers."""
    from cjm.html_templates import environment

    return environment("cjm.render").get_template("palette.css").render()


def _journey_view(pair: JourneyPair, node: Node, comparison: Comparison) -> JourneyView:
    root: ChangePath = (("journey", pair.key),)
    changes = node.changes()
    status = _status_of(root, changes, whole_only=True) or "changed"
    old_steps, new_steps = dict(pair.old_steps), dict(pair.new_steps)
    touched = _touched(node)
    heads: list[StageHead] = []
    columns: list[Column] = []
    names = _touchpoint_names(pair, comparison)
    for place in pair.stages:
        stage_key, keys, before, after = place.key, place.steps, place.old, place.new
        stage_path = child(root, "stage", stage_key)
        heads.append(
            StageHead(
                name=_text_marks(_name(before), _name(after)),
                status=_status_of(stage_path, changes, whole_only=False),
                span=max(1, len(keys)),
                renamed=_renamed(node.find(("stage", stage_key))),
            )
        )
        if not keys:
            empty = Cell([])
            columns.append(Column("", "", False, "", empty, empty, empty, empty, empty))
        columns.extend(
            _column(
                key,
                old_steps,
                new_steps,
                touched.get(key),
                node.find(("stage", stage_key), ("step", key)),
                comparison,
                names,
            )
            for key in keys
        )
    title = comparison.labels.get(root, pair.key)
    rows = [_row(change, comparison, 1) for change in changes]
    baseline = pair.old is not None and pair.new is not None and pair.old.id != pair.new.id
    curve = _curve(columns, old_steps, new_steps, baseline=baseline)
    width = LANE_WIDTH + COLUMN_WIDTH * len(columns)
    renamed = _renamed(node)
    headlines = _headlines(pair.old, pair.new)
    return JourneyView(
        pair.key, title, status, heads, columns, curve, rows, width, renamed, headlines
    )


def _renamed(node: Node | None) -> str:
    """The old id of the object at ``node`` if the comparison says it was renamed."""
    change = node.renamed if node is not None else None
    return str(change.old) if change is not None else ""


def _column(
    key: str,
    old_steps: dict[str, Placed],
    new_steps: dict[str, Placed],
    status: str | None,
    node: Node | None,
    comparison: Comparison,
    names: dict[str, str],
) -> Column:
    """A step's column; ``node`` holds its changes (None when it has none)."""
    before = _step(old_steps.get(key))
    after = _step(new_steps.get(key))
    status = status or ""
    moved = node is not None and node.moved

    def cell(marks: list[Mark], *fields: str) -> Cell:
        """A whole added or removed step is coloured in every lane; a changed one only
        in the lanes that changed, marked with the effect of the lane's changes."""
        if status in ("added", "removed"):
            return Cell(marks, status)
        changed = "changed" if any(mark.status for mark in marks) else ""
        effect = _effect(_lane_changes(node, fields)) if changed else ""
        return Cell([_judged(mark, effect) for mark in marks], changed, effect)

    return Column(
        key=key,
        status=status,
        moved=moved,
        renamed=_renamed(node),
        action=cell(
            _text_marks(before.action if before else None, after.action if after else None),
            "action",
        ),
        touchpoints=cell(
            _set_marks(
                _named(before.touchpoint, names) if before else None,
                _named(after.touchpoint, names) if after else None,
            ),
            "touchpoint",
        ),
        emotion=cell(_text_marks(_emotion(before), _emotion(after)), "emotion"),
        pain_points=cell(_pain_marks(before, after, node), "pain_points"),
        opportunities=cell(_opportunity_marks(before, after, node, comparison), "opportunities"),
    )


def _judged(mark: Mark, effect: str) -> Mark:
    """A new value takes its cell's effect (a lowered emotion's new score is red, not
    the green of "added") unless the comparison judged the item itself."""
    if mark.status == "added" and not mark.effect and effect:
        return Mark(mark.text, mark.status, effect)
    return mark


def _lane_changes(node: Node | None, fields: tuple[str, ...]) -> list[Change]:
    """The step's changes shown in a lane: its fields, or (opportunities) whole ones."""
    if node is None:
        return []
    if "opportunities" in fields:
        return [
            change
            for (kind, _), sub in node.children.items()
            if kind == "opportunity"
            for change in sub.changes()
        ]
    return [change for change in node.fields if change.field in fields]


def _effect(changes: Iterable[Change]) -> str:
    """A regression outweighs improvements: a cell that got worse in any way says so."""
    effects = {change.effect for change in changes}
    for effect in (Effect.REGRESSION, Effect.IMPROVEMENT):
        if effect in effects:
            return effect.value
    return ""


def _touchpoint_names(pair: JourneyPair, comparison: Comparison) -> dict[str, str]:
    """Touchpoint id -> name: the shared touchpoints of both sides and the journey's
    inline touchpoints (both versions), as the map names them."""
    names = dict(comparison.touchpoint_names)
    for journey in (pair.old, pair.new):
        if journey is not None:
            names.update((touchpoint.id, touchpoint.name) for touchpoint in journey.touchpoints)
    return names


def _named(ids: Sequence[str], names: dict[str, str]) -> list[str]:
    return [names.get(identifier, identifier) for identifier in ids]


def _headlines(old: JourneyDocument | None, new: JourneyDocument | None) -> list[Headline]:
    """Mean emotion, lowest moment, pain points and metrics meeting target, before and
    after: what a reader wants to know first about a changed journey."""
    before, after = _Numbers.of(old), _Numbers.of(new)
    return [
        _headline("Mean emotion", before.mean, after.mean, _mean_text, higher_is_better=True),
        Headline(
            "Lowest moment",
            before.lowest_text,
            after.lowest_text,
            _direction(before.lowest, after.lowest, higher_is_better=True),
        ),
        _headline("Pain points", before.pains, after.pains, str, higher_is_better=False),
        Headline(
            "Metrics meeting target",
            before.met_text,
            after.met_text,
            _direction(before.met, after.met, higher_is_better=True),
        ),
    ]


def _headline(
    label: str,
    before: float | None,
    after: float | None,
    text: Callable[[Any], str],
    *,
    higher_is_better: bool,
) -> Headline:
    return Headline(
        label,
        "—" if before is None else text(before),
        "—" if after is None else text(after),
        _direction(before, after, higher_is_better=higher_is_better),
    )


def _direction(before: float | None, after: float | None, *, higher_is_better: bool) -> str:
    if before is None or after is None or before == after:
        return ""
    return "improvement" if (after > before) == higher_is_better else "regression"


def _mean_text(mean: float) -> str:
    text = f"{mean:+.2f}"  # two places: a one-step change in 20 steps still shows
    return "0.00" if text in ("+0.00", "-0.00") else text.replace("-", MINUS)


@dataclass(frozen=True, slots=True)
class _Numbers:
    """One version's headline numbers; None (shown "—") where it has none."""

    mean: float | None = None
    lowest: int | None = None
    lowest_text: str = "—"
    pains: int | None = None
    met: int | None = None
    met_text: str = "—"

    @classmethod
    def of(cls, journey: JourneyDocument | None) -> _Numbers:
        if journey is None:
            return cls()
        steps = [step for stage in journey.stages for step in stage.steps]
        scored = [step for step in steps if step.emotion is not None]
        metrics = [metric for stage in journey.stages for metric in stage.metrics]
        met = sum(metric_status(metric) is MetricStatus.MET for metric in metrics)
        lowest = min(scored, key=lambda step: step.emotion or 0, default=None)
        return cls(
            mean=sum(step.emotion or 0 for step in scored) / len(scored) if scored else None,
            lowest=lowest.emotion if lowest is not None else None,
            lowest_text=(
                f"{shorten(lowest.action, 60)} ({signed_emotion(lowest.emotion, typeset=True)})"
                if lowest is not None and lowest.emotion is not None
                else "—"
            ),
            pains=sum(len(step.pain_points) for step in steps),
            met=met if metrics else None,
            met_text=f"{met} of {len(metrics)}" if metrics else "—",
        )


def _step(where: Placed | None) -> Step | None:
    return where.item if where is not None and isinstance(where.item, Step) else None


def _name(stage: Stage | None) -> str | None:
    return stage.name if stage is not None else None


def _emotion(step: Step | None) -> str | None:
    if step is None or step.emotion is None:
        return None
    return signed_emotion(step.emotion, typeset=True)


def _touched(journey: Node) -> dict[str, str]:
    """Step key -> "added", "removed" or "changed" (a change to it or inside it)."""
    status: dict[str, str] = {}
    for stage in journey.children.values():
        for (kind, key), step in stage.children.items():
            if kind == "step":
                whole = step.whole
                status[key] = whole.op.value if whole is not None else "changed"
    return status


def _status_of(path: ChangePath, changes: Iterable[Change], *, whole_only: bool) -> str:
    for change in changes:
        if change.path == path:
            if change.field is None and change.op in (Op.ADDED, Op.REMOVED):
                return change.op.value
            if not whole_only:
                return "changed"
    return ""


def _text_marks(old: str | None, new: str | None) -> list[Mark]:
    if old is None and new is None:
        return []
    if old is None or new is None or old == new:
        return [Mark(shorten(new if new is not None else old or "", 240))]
    return [Mark(shorten(old, 240), "removed"), Mark(shorten(new, 240), "added")]


def _set_marks(old: Sequence[str] | None, new: Sequence[str] | None) -> list[Mark]:
    if old is None or new is None:
        return [Mark(shorten(text, 160)) for text in dict.fromkeys(old or new or [])]
    kept, before = set(new), set(old)
    now, then = dict.fromkeys(new), dict.fromkeys(old)
    marks = [Mark(shorten(text, 160)) for text in now if text in before]
    marks += [Mark(shorten(text, 160), "added") for text in now if text not in before]
    marks += [Mark(shorten(text, 160), "removed") for text in then if text not in kept]
    return marks


def _opportunity_marks(
    before: Step | None, after: Step | None, node: Node | None, comparison: Comparison
) -> list[Mark]:
    """The step's opportunities as shown, marked by the comparison's own changes: an
    opportunity whose status moved is one changed opportunity, as text and JSON say."""
    if before is None or after is None:
        shown = after if after is not None else before
        return [Mark(_opportunity_text(item)) for item in shown.opportunities] if shown else []
    nodes = [
        child
        for (kind, _), child in (node.children.items() if node else ())
        if kind == "opportunity"
    ]
    added = {comparison.labels.get(n.path) for n in nodes if _whole_op(n) is Op.ADDED}
    changed = {comparison.labels.get(n.path): n for n in nodes if _whole_op(n) is None}
    marks: list[Mark] = []
    for opportunity in after.opportunities:
        text = _opportunity_text(opportunity)
        if opportunity.text in added:
            marks.append(
                Mark(text, "added", _effect(_whole_changes(nodes, opportunity.text, comparison)))
            )
        elif opportunity.text in changed:
            moved_status = next(
                (c for c in changed[opportunity.text].fields if c.field == "status"), None
            )
            if moved_status is not None:
                old, new = moved_status.old or "no status", moved_status.new or "no status"
                moved = f"{old} → {new}"
                text = f"{shorten(opportunity.text, 160)} ({moved})"
                if new == OpportunityStatus.DONE.value:
                    marks.append(Mark(text, "delivered", "improvement"))
                    continue
            marks.append(Mark(text, "changed"))
        else:
            marks.append(Mark(text))
    for removed in nodes:
        if _whole_op(removed) is Op.REMOVED and removed.whole is not None:
            value = removed.whole.old
            if isinstance(value, dict):
                status = f" ({value['status']})" if value.get("status") else ""
                text = shorten(str(value.get("text", "")), 160) + status
                if value.get("status") == OpportunityStatus.DONE.value:
                    marks.append(Mark(text, "delivered", "improvement"))
                else:
                    marks.append(Mark(text, "removed", _effect([removed.whole])))
    return marks


def _whole_changes(nodes: list[Node], text: str, comparison: Comparison) -> list[Change]:
    """The whole-object changes of the opportunity nodes labelled ``text``."""
    return [n.whole for n in nodes if n.whole is not None and comparison.labels.get(n.path) == text]


def _whole_op(node: Node) -> Op | None:
    whole = node.whole
    return whole.op if whole is not None else None


def _opportunity_text(opportunity: Opportunity) -> str:
    status = f" ({opportunity.status.value})" if opportunity.status is not None else ""
    return shorten(opportunity.text, 160) + status


def _pain_marks(before: Step | None, after: Step | None, node: Node | None) -> list[Mark]:
    """The step's pain points as shown, marked by the comparison's own changes: a new
    severity is one changed pain point, as the text and JSON formats say."""
    if before is None or after is None:
        shown = after if after is not None else before
        return (
            [_pain_mark(pain.text, _severity(pain)) for pain in shown.pain_points] if shown else []
        )
    changes = [c for c in (node.fields if node else []) if c.field == "pain_points"]
    added = {pain_text(c.new) for c in changes if c.op is Op.ADDED}
    changed = {pain_text(c.new): c for c in changes if c.op is Op.CHANGED}
    marks: list[Mark] = []
    for pain in dict.fromkeys(after.pain_points):
        if pain.text in changed:
            old = pain_severity(changed[pain.text].old)
            new = pain_severity(changed[pain.text].new)
            text = shorten(f"{pain.text} ({old} → {new})", 160)
            marks.append(Mark(text, "changed"))
        elif pain.text not in added:
            marks.append(_pain_mark(pain.text, _severity(pain)))
    marks += [
        _pain_mark(pain_text(c.new), _given_severity(c.new), "added", _effect([c]))
        for c in changes
        if c.op is Op.ADDED
    ]
    # A pain point gone from a step that stays is one the customer no longer has.
    marks += [
        _pain_mark(pain_text(c.old), _given_severity(c.old), "resolved", _effect([c]))
        for c in changes
        if c.op is Op.REMOVED
    ]
    return marks


def _pain_mark(text: str, severity: str | None, status: str = "", effect: str = "") -> Mark:
    return Mark(shorten(text + (f" ({severity})" if severity else ""), 160), status, effect)


def _severity(pain: PainPoint) -> str | None:
    return pain.severity.value if pain.severity is not None else None


def _given_severity(value: object) -> str | None:
    """The severity a pain point was written with, None (nothing shown) without one."""
    severity = value.get("severity") if isinstance(value, dict) else None
    return str(severity) if severity else None


def _curve(
    columns: list[Column],
    old_steps: dict[str, Placed],
    new_steps: dict[str, Placed],
    *,
    baseline: bool,
) -> Curve:
    """Old and new emotion as polylines over the step columns. A step that one side
    does not have is stepped over (the customer goes straight on); a step without an
    emotion breaks the line, as the emotion curve of a map has a gap there.

    Against a baseline the dashed line is the journey page's: it joins the baseline
    steps some ideal step replaces and breaks at an ideal step that replaces none (no
    value is invented for it). A baseline step nothing replaces is a ghost: a point in
    its own column, named as one, which the line steps over (the journey page has no
    column for it).
    """
    old_values = [_value(old_steps.get(column.key)) for column in columns]
    new_values = [_value(new_steps.get(column.key)) for column in columns]
    ghosts: list[Dot] = []
    if baseline:
        for index, column in enumerate(columns):
            if column.key not in new_steps and isinstance(old_values[index], int):
                ghosts.append(_dot(index, old_steps[column.key], ghost=True))
                old_values[index] = _ABSENT
            elif column.key not in old_steps:
                old_values[index] = None  # a new step: the dashed line breaks, as on the map
    old_dots = [
        _dot(index, old_steps[column.key], ghost=False) if baseline else _plain_dot(index, value)
        for index, (column, value) in enumerate(zip(columns, old_values, strict=True))
        if isinstance(value, int)
    ]
    new_dots = [
        _plain_dot(index, value, "ideal" if baseline else "after")
        for index, value in enumerate(new_values)
        if isinstance(value, int)
    ]
    return Curve(
        width=COLUMN_WIDTH * max(1, len(columns)),
        height=CURVE_HEIGHT,
        old_lines=_lines(old_values),
        new_lines=_lines(new_values),
        old_dots=old_dots,
        new_dots=new_dots,
        levels=[(_y(level), signed_emotion(level, typeset=True)) for level in (2, 1, 0, -1, -2)],
        ghost_dots=ghosts,
        baseline=baseline,
    )


_ABSENT = "absent"


def _value(where: Placed | None) -> int | str | None:
    """The step's emotion, None when it has none, or ``_ABSENT`` on a side without it."""
    step = _step(where)
    return _ABSENT if step is None else step.emotion


def _x(index: int) -> float:
    return index * COLUMN_WIDTH + COLUMN_WIDTH / 2


def _y(emotion: int) -> float:
    return emotion_y(emotion, CURVE_HEIGHT, _CURVE_PAD)


def _plain_dot(index: int, value: int, side: str = "before") -> Dot:
    """A point of a side's curve, titled with the side and the score."""
    text = signed_emotion(value, typeset=True)
    return Dot(_x(index), _y(value), value, text, f"{side}: {text}")


def _dot(index: int, where: Placed, *, ghost: bool) -> Dot:
    """A baseline step's point, titled as the journey page titles it."""
    step = _step(where)
    assert step is not None and step.emotion is not None
    emotion = step.emotion
    title = (ghost_title if ghost else matched_title)(step.action, emotion)
    text = signed_emotion(emotion, typeset=True)
    return Dot(_x(index), _y(emotion), emotion, text, title, emotion_class(emotion))


def _lines(values: list[int | str | None]) -> list[str]:
    lines: list[str] = []
    run: list[str] = []
    for index, value in enumerate([*values, None]):
        if isinstance(value, int):
            run.append(f"{_x(index):g},{_y(value):g}")
        elif value is None:
            if len(run) > 1:
                lines.append(" ".join(run))
            run = []
    return lines


def _row(change: Change, comparison: Comparison, depth: int) -> ChangeRow:
    """One change, its path shown below the first ``depth`` parts (its journey's)."""
    return ChangeRow(
        op=change.op.value,
        path=path_text(change.path[depth:]) or path_text(change.path),
        text=describe(change, comparison),
        effect="" if change.effect is Effect.NEUTRAL else change.effect.value,
    )
