"""The diff as GitHub-flavoured Markdown, for a pull request comment or
``$GITHUB_STEP_SUMMARY``.

A reviewer reads the top first: the summary, then every regression with where it is
and why it counts as one (what a ``--fail-on regression`` gate fired on). Then each
journey's section, read down to where the reviewer stops: a table of what changed
(steps, touchpoints on steps, pain points, opportunities, metrics), the emotion moves
with arrows, the metric moves against their targets, the new and resolved pain points
and opportunities, the renamed objects. Every single change is still there, folded
away in a ``<details>`` section. User text is escaped: a pain point cannot break a
table, open an HTML tag or mention someone.

A comment has a size limit, so the report is built from whole blocks (a table, a list,
a ``<details>`` section is never cut) and :meth:`MarkdownReport.fit` drops whole blocks
until it fits, keeping the summary (which counts every regression) and as many of the
regressions as fit, worst first (:func:`worst_first`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from cjm.diff import Effect, Op
from cjm.diff.change import Change, ChangePath, path_text
from cjm.diff.compare import Comparison, JourneyPair
from cjm.diff.values import pain_severity
from cjm.diff.words import Counts, describe, shorten, summary, why
from cjm.formatters.markdown import escape_code, escape_markdown
from cjm.measures import format_value, signed_emotion
from cjm.model import Level, Metric

_EFFECT = {Effect.IMPROVEMENT: "🟢 improvement", Effect.REGRESSION: "🔴 regression"}
_OP = {Op.ADDED: "\u2795", Op.REMOVED: "\u2796", Op.CHANGED: "✏️", Op.MOVED: "↕️", Op.RENAMED: "🏷️"}
_NOTHING = "\u2013"  # an en dash: an empty cell


def _text(text: str, limit: int = 200) -> str:
    """Map text in a table cell, a list item or a heading: one line of at most ``limit``
    characters (so no row or item is torn), escaped by the one Markdown escaper."""
    return escape_markdown(shorten(text, limit))


def format_markdown(
    comparison: Comparison,
    *,
    color: bool = False,
    max_chars: int | None = None,
    full_report: str | None = None,
) -> str:
    """The comparison as Markdown, within ``max_chars`` characters when given (see
    :meth:`MarkdownReport.fit`); ``color`` is accepted for the registry and ignored."""
    report = MarkdownReport.of(comparison)
    return report.text() if max_chars is None else report.fit(max_chars, full_report=full_report)


@dataclass(frozen=True, slots=True)
class _Section:
    """One journey's section (or the one for personas, segments and touchpoints) as
    whole blocks of Markdown: in full, and collapsed to its header and counts."""

    full: str
    collapsed: str
    changes: int
    regressions: int
    journey: bool

    @property
    def collapsible(self) -> bool:
        return self.collapsed != self.full


@dataclass(frozen=True, slots=True)
class MarkdownReport:
    """The report as whole blocks, so that a shortened report is made of whole blocks
    too: no table, list or ``<details>`` section is ever cut in two.

    ``head`` is the title and the summary of every change; ``regressions`` are one
    line each (every regression, with where it is and why it counts as one, worst
    first), the reason a ``--fail-on regression`` gate fired; ``sections`` are the
    journeys, in order, then the personas, segments and touchpoints.
    """

    head: str
    regressions: tuple[str, ...]
    sections: tuple[_Section, ...]

    @classmethod
    def of(cls, comparison: Comparison) -> MarkdownReport:
        sides = f"`{_code(comparison.old_label)}` → `{_code(comparison.new_label)}`"
        head = "## 🗺️ Journey map changes\n\n"
        if not comparison.changes:
            return cls(head + f"No differences between {sides}.", (), ())
        head += f"{sides} · **{summary(comparison)}**"
        regressions = tuple(
            _regression_item(change, comparison)
            for change in worst_first(
                [change for change in comparison.changes if change.effect is Effect.REGRESSION]
            )
        )
        return cls(head, regressions, tuple(_sections(comparison)))

    def text(self) -> str:
        """The whole report."""
        blocks = [self.head, *self._warning(self.regressions)]
        return _joined([*blocks, *(section.full for section in self.sections)])

    def fit(self, max_chars: int, *, full_report: str | None = None) -> str:
        """The report in at most ``max_chars`` characters (a PR comment has a limit).

        When the whole report is too long it loses, in this order: the details of the
        journeys without regressions, then those of the journeys with regressions
        (each journey keeps its header and its counts), then whole journeys, which one
        last line counts. The head (whose summary and warning count every regression)
        and the list of regressions stay; only when the regressions alone are too long
        are the last of them, the lightest (:func:`worst_first`), counted instead of
        listed.
        ``full_report`` names the file holding the whole report, for that last line.
        ``max_chars`` must leave room for the head and those lines (2,000 does).
        """
        whole = self.text()
        if len(whole) <= max_chars:
            return whole
        pointer = _pointer(full_report)
        fitted = _Fitting(self, pointer)
        if fitted.length() > max_chars:
            return self._regressions_only(max_chars, pointer)
        fitted.choose(max_chars)
        return fitted.text()

    def _warning(self, items: Sequence[str], more: str = "") -> list[str]:
        """The warning and the list of regressions, as two blocks (none without any)."""
        total = len(self.regressions)
        if not total:
            return []
        callout = (
            f"> [!WARNING]\n> {_plural(total, 'change')} make{'s' if total == 1 else ''} "
            "a journey worse for the customer."
        )
        listed = "\n".join([*items, *([more] if more else [])])
        return [callout, f"**Regressions**\n\n{listed}"]

    def _regressions_only(self, max_chars: int, pointer: str) -> str:
        """The head and as many whole regression lines as fit, then how many more."""
        tail = _tail(self.sections, pointer)
        room = max_chars - len(_joined([self.head, *self._warning((), "-"), tail])) + 1
        kept, used = 0, 0
        for line in self.regressions:
            more = len(self.regressions) - kept - 1
            more_line = f"- … and {_plural(more, 'more regression')}: {pointer}." if more else ""
            if used + len(line) + 1 + len(more_line) > room:
                break
            kept, used = kept + 1, used + len(line) + 1
        more = len(self.regressions) - kept
        line = f"- … and {_plural(more, 'more regression')}: {pointer}." if more else ""
        return _joined([self.head, *self._warning(self.regressions[:kept], line), tail])


class _Fitting:
    """The sections chosen for a shortened report, and its length counted as it grows
    (joining the text again for every choice would cost the square of its size)."""

    def __init__(self, report: MarkdownReport, pointer: str) -> None:
        self.report = report
        self.pointer = pointer
        self.fixed = [report.head, *report._warning(report.regressions)]
        self.forms: list[str | None] = [None] * len(report.sections)
        self.size = sum(len(block) + 2 for block in self.fixed) + 1  # blank line after each
        self.left_out = _LeftOut.of(report.sections)

    def length(self) -> int:
        return self.size + len(self.left_out.line(self.pointer))

    def choose(self, max_chars: int) -> None:
        """Every section collapsed that fits (those with regressions first), then as many
        as fit shown in full again (those with regressions first)."""
        sections = self.report.sections
        order = sorted(range(len(sections)), key=lambda index: sections[index].regressions == 0)
        for index in order:
            self._try(index, sections[index].collapsed, max_chars)
        for index in order:
            if self.forms[index] is not None and sections[index].collapsible:
                self._try(index, sections[index].full, max_chars)

    def _try(self, index: int, form: str, max_chars: int) -> None:
        section, before = self.report.sections[index], self.forms[index]
        state = (self.size, self.left_out)
        self.size += len(form) - (len(before) if before is not None else -2)
        self.left_out = self.left_out.showing(section, full=form == section.full, was=before)
        self.forms[index] = form
        if self.length() > max_chars:
            self.forms[index] = before
            self.size, self.left_out = state

    def text(self) -> str:
        chosen = [form for form in self.forms if form is not None]
        return _joined([*self.fixed, *chosen, self.left_out.line(self.pointer)])


@dataclass(frozen=True, slots=True)
class _LeftOut:
    """What a shortened report leaves out: the changes of the sections not shown, and
    the sections shown collapsed (journeys counted; the personas' section named)."""

    changes: int = 0
    journeys: int = 0
    others: bool = False
    collapsed_journeys: int = 0
    collapsed_others: bool = False

    @classmethod
    def of(cls, sections: Sequence[_Section]) -> _LeftOut:
        return cls(
            changes=sum(section.changes for section in sections),
            journeys=sum(section.journey for section in sections),
            others=not all(section.journey for section in sections),
        )

    def showing(self, section: _Section, *, full: bool, was: str | None) -> _LeftOut:
        """The same, with ``section`` shown (in full or collapsed) where it was ``was``."""
        journey, other = int(section.journey), not section.journey
        left = self
        if was is None:
            left = replace(
                left,
                changes=left.changes - section.changes,
                journeys=left.journeys - journey,
                others=left.others and not other,
            )
        elif section.collapsible:  # it was collapsed
            left = replace(
                left,
                collapsed_journeys=left.collapsed_journeys - journey,
                collapsed_others=left.collapsed_others and not other,
            )
        if not full:
            left = replace(
                left,
                collapsed_journeys=left.collapsed_journeys + journey,
                collapsed_others=left.collapsed_others or other,
            )
        return left

    def line(self, pointer: str) -> str:
        """The last line of a shortened report: what it leaves out, and where to read it."""
        if self.changes:
            where = _places(self.journeys, self.others)
            return f"**{_plural(self.changes, 'more change')} in {where}**: {pointer}."
        where = _places(self.collapsed_journeys, self.collapsed_others)
        return f"The details of {where} are left out here: {pointer}."


def _places(journeys: int, others: bool) -> str:
    """'3 journeys and personas, segments and touchpoints'."""
    where = [_plural(journeys, "journey")] if journeys else []
    if others:
        where.append("personas, segments and touchpoints")
    return " and ".join(where)


def _tail(sections: Sequence[_Section], pointer: str) -> str:
    """The last line when every section is left out."""
    return _LeftOut.of(sections).line(pointer)


def _pointer(full_report: str | None) -> str:
    """Where the whole report is: the file written beside this one, or how to get it."""
    if full_report is not None:
        return f"see the full report in `{_code(shorten(full_report, 100))}`"
    return (
        "run `cjm diff` with a larger `--max-chars` for the full report, "
        "or with `--out FILE` to write it beside this one"
    )


def _joined(blocks: Sequence[str]) -> str:
    """Blocks with a blank line between them (the length :class:`_Fitting` counts)."""
    return "\n\n".join(blocks) + "\n"


def _sections(comparison: Comparison) -> Iterator[_Section]:
    others: list[Change] = []
    for part, node in comparison.tree.children.items():
        if part[0] != "journey":
            others += node.changes()
            continue
        changes = node.changes()
        pair = comparison.journey(part[1])
        full = "\n".join(_journey_section(part[1], changes, pair, comparison))
        collapsed = "\n".join(_journey_section(part[1], changes, pair, comparison, brief=True))
        counts = Counts.of(changes)
        yield _Section(full, collapsed, counts.changes, counts.regressions, journey=True)
    if others:
        title = "### Personas, segments and touchpoints\n\n"
        full = title + "\n".join(_change_item(change, comparison, 0) for change in others)
        counts = Counts.of(others)
        collapsed = title + _counts_line(counts)
        yield _Section(full, collapsed, counts.changes, counts.regressions, journey=False)


def worst_first(changes: Sequence[Change]) -> list[Change]:
    """The changes, heaviest regression first (:func:`regression_weight`); equal weights
    keep the map's order, so a list of equals reads journey by journey.

    The report lists the regressions in this order, and a report too long for its
    budget lists as many as fit from the top and counts the rest, so the reviewer
    always sees the worst of them: a new high-severity pain point or an emotion that
    fell from +2 to -2 is never the one counted away behind a lost touchpoint.
    """
    return sorted(changes, key=lambda change: -regression_weight(change))


def regression_weight(change: Change) -> int:
    """How much worse a regression makes the customer's moment, from 1 to 4 (0 for a
    change that is not a regression):

    - an emotion that fell weighs the fall on the -2..+2 scale (+2 to -2 is 4);
    - a pain point added, or one whose severity rose, weighs its severity: high 3,
      medium 2, low 1, and 2 when none is given (it may be either);
    - a step added with a negative emotion, or removed with a positive one, weighs the
      size of that emotion (1 or 2);
    - any other regression (a metric that moved the wrong way, an opportunity dropped
      or sent back, a touchpoint a step lost) weighs 1: cjm has no common scale to
      size them against the customer's emotions and pains.
    """
    if change.effect is not Effect.REGRESSION:
        return 0
    if change.kind == "step" and change.field == "emotion":
        if isinstance(change.old, int) and isinstance(change.new, int):
            return max(1, change.old - change.new)
    elif change.kind == "step" and change.field == "pain_points":
        return _PAIN_WEIGHT.get(pain_severity(change.new), 1)
    elif change.kind == "step" and change.whole:
        step = change.new if change.op is Op.ADDED else change.old
        emotion = step.get("emotion") if isinstance(step, dict) else None
        if isinstance(emotion, int):
            return max(1, abs(emotion))
    return 1


#: A pain point's weight by its severity, from the model's order (low 1 ... high 3);
#: ``none`` (not given) counts as medium.
_PAIN_WEIGHT = {
    **{level.value: rank for rank, level in enumerate(Level, start=1)},
    "none": list(Level).index(Level.MEDIUM) + 1,
}


def _regression_item(change: Change, comparison: Comparison) -> str:
    """'- **Title** · Stage → *Step*: why it is worse' (what changed when no reason is
    given), a few hundred characters at most whatever the map's text."""
    journey = change.path[0]
    where = _where(change.path, comparison)
    kind = change.path[-1][0]
    if len(change.path) > 1 and kind not in ("stage", "step"):  # a metric, goal...
        label = _text(comparison.labels.get(change.path, change.key), 80)
        named = f"{kind} *{label}*"
        where = named if where.startswith("`") else f"{where} → {named}"
    if journey[0] == "journey":
        title = f"**{_text(comparison.labels.get((journey,), journey[1]), 60)}**"
        where = title if where.startswith("`") else f"{title} · {where}"
    reason = why(change) or describe(change, comparison)
    return f"- {where}: {_text(reason, 240)}"


def _journey_section(
    key: str,
    changes: list[Change],
    pair: JourneyPair | None,
    comparison: Comparison,
    *,
    brief: bool = False,
) -> Iterator[str]:
    """The journey's header and counts, then (unless ``brief``) its emotion and metric
    tables, highlights and every change folded in ``<details>``."""
    root: ChangePath = (("journey", key),)
    title = comparison.labels.get(root, key)
    whole = next((c for c in changes if c.path == root and c.field is None), None)
    status = {Op.ADDED: " (added)", Op.REMOVED: " (removed)"}.get(whole.op, "") if whole else ""
    renamed = next((c for c in changes if c.path == root and c.op is Op.RENAMED), None)
    if renamed is not None:
        status = f" (renamed from `{_code(str(renamed.old))}`)"
    yield f"### {_text(title)} · `{_code(key)}`{status}"
    yield ""
    if whole is not None:
        yield f"The whole journey was {whole.op.value}."
        return
    counts = _ObjectCounts.of(changes)
    rows = list(counts.rows())
    if rows:
        yield "| | added | removed | changed |"
        yield "| --- | ---: | ---: | ---: |"
        yield from rows
        yield ""
    yield _counts_line(Counts.of(changes))
    if brief:
        return
    emotion = list(_emotion_rows(changes, comparison))
    if emotion:
        yield from ("", "**Emotion**", "", "| Step | Before | After | Move |")
        yield "| --- | :---: | :---: | --- |"
        yield from emotion
    metrics = list(_metric_rows(changes, pair, comparison))
    if metrics:
        yield from ("", "**Metrics**", "", "| Metric | Value | Target | Effect |")
        yield "| --- | --- | --- | --- |"
        yield from metrics
    for heading, items in _highlights(changes, comparison):
        if items:
            yield from ("", f"**{heading}**", "", *items)
    yield ""
    yield f"<details><summary>All {_plural(len(changes), 'change')} to this journey</summary>"
    yield ""
    yield from (_change_item(change, comparison, 1) for change in changes)
    yield ""
    yield "</details>"


def _counts_line(counts: Counts) -> str:
    """'**12 changes**: 5 improvements, 5 regressions, 2 neutral'."""
    return f"**{_plural(counts.changes, 'change')}**: {counts.effects()}"


@dataclass
class _ObjectCounts:
    rows_by_name: dict[str, tuple[int | None, int | None, int | None]]

    @classmethod
    def of(cls, changes: list[Change]) -> _ObjectCounts:
        def objects(kind: str) -> tuple[int, int, int]:
            added = sum(c.kind == kind and c.op is Op.ADDED and c.field is None for c in changes)
            removed = sum(
                c.kind == kind and c.op is Op.REMOVED and c.field is None for c in changes
            )
            changed = {
                c.path
                for c in changes
                if (c.kind == kind and c.op in (Op.CHANGED, Op.MOVED)) or _item_of(c, kind)
            }
            return added, removed, len(changed)

        def items(field: str) -> tuple[int, int, int | None]:
            mine = [c for c in changes if c.kind == "step" and c.field == field]
            changed = sum(c.op is Op.CHANGED for c in mine) if field == "pain_points" else None
            return (
                sum(c.op is Op.ADDED for c in mine),
                sum(c.op is Op.REMOVED for c in mine),
                changed,
            )

        return cls(
            {
                "Stages": objects("stage"),
                "Steps": objects("step"),
                "Touchpoints on steps": items("touchpoint"),
                "Pain points": items("pain_points"),
                "Opportunities": objects("opportunity"),
                "Metrics": objects("metric"),
                "Goals": objects("goal"),
            }
        )

    def rows(self) -> Iterator[str]:
        for name, numbers in self.rows_by_name.items():
            if any(numbers):
                cells = " | ".join(
                    _NOTHING if number is None else str(number) for number in numbers
                )
                yield f"| {name} | {cells} |"


def _item_of(change: Change, kind: str) -> bool:
    """An item added to or removed from a list field counts as a change of its object."""
    return change.kind == kind and change.field is not None and change.op is not Op.MOVED


def _emotion_rows(changes: list[Change], comparison: Comparison) -> Iterator[str]:
    for change in changes:
        if change.kind != "step":
            continue
        if change.field == "emotion":
            before, after = change.old, change.new
            move = _arrow(before, after)
        elif change.field is None and change.op in (Op.ADDED, Op.REMOVED):
            data = change.new if change.op is Op.ADDED else change.old
            emotion = data.get("emotion") if isinstance(data, dict) else None
            if emotion is None:
                continue
            before, after = (None, emotion) if change.op is Op.ADDED else (emotion, None)
            move = f"step {change.op.value}"
        else:
            continue
        where = _where(change.path, comparison)
        yield f"| {where} | {_emotion(before)} | {_emotion(after)} | {move} |"


def _arrow(before: object, after: object) -> str:
    if isinstance(before, int) and isinstance(after, int):
        delta = after - before
        return f"⬆️ {signed_emotion(delta)}" if delta > 0 else f"⬇️ {signed_emotion(delta)}"
    return "set" if before is None else "cleared"


def _emotion(value: object) -> str:
    if not isinstance(value, int):
        return _NOTHING
    return signed_emotion(value)


def _metric_rows(
    changes: list[Change], pair: JourneyPair | None, comparison: Comparison
) -> Iterator[str]:
    old_metrics = pair.old_metrics if pair else {}
    new_metrics = pair.new_metrics if pair else {}
    seen: set[ChangePath] = set()
    for change in changes:
        if change.kind != "metric" or change.path in seen:
            continue
        if change.field not in (None, "value", "target") or change.op is Op.MOVED:
            continue
        seen.add(change.path)
        key = change.key
        before, after = _metric(old_metrics.get(key)), _metric(new_metrics.get(key))
        effects = [c.effect for c in changes if c.path == change.path and c.field == "value"]
        effect = _EFFECT.get(effects[0], "") if effects else ""
        if change.field is None:
            effect = f"metric {change.op.value}"
        name = _text(comparison.labels.get(change.path, key))
        value = _move(before, after, "value")
        target = _move(before, after, "target")
        yield f"| {name} | {value} | {target} | {effect} |"


def _metric(where: object) -> Metric | None:
    item = getattr(where, "item", None)
    return item if isinstance(item, Metric) else None


def _move(before: Metric | None, after: Metric | None, name: str) -> str:
    first = _measure(before, name)
    second = _measure(after, name)
    if before is None:
        return second
    if after is None:
        return first
    return second if first == second else f"{first} → {second}"


def _measure(metric: Metric | None, name: str) -> str:
    if metric is None:
        return _NOTHING
    value = getattr(metric, name)
    if value is None:
        return _NOTHING
    return _text(format_value(value, metric), 40)


def _highlights(changes: list[Change], comparison: Comparison) -> Iterator[tuple[str, list[str]]]:
    def items(kind: str, field: str | None, op: Op) -> list[str]:
        found = []
        for change in changes:
            if change.kind == kind and change.field == field and change.op is op:
                value = change.new if op is Op.ADDED else change.old
                text = value.get("text", "") if isinstance(value, dict) else value
                if field == "touchpoint":  # by name, as the map shows it
                    text = comparison.touchpoint_names.get(str(text), text)
                found.append(f"- {_where(change.path, comparison)}: {_text(str(text))}")
        return found

    yield "New pain points", items("step", "pain_points", Op.ADDED)
    yield "Resolved pain points", items("step", "pain_points", Op.REMOVED)
    yield "New opportunities", items("opportunity", None, Op.ADDED)
    yield "Dropped opportunities", items("opportunity", None, Op.REMOVED)
    yield "Touchpoints added to steps", items("step", "touchpoint", Op.ADDED)
    yield "Touchpoints removed from steps", items("step", "touchpoint", Op.REMOVED)
    yield "Renamed", [_renamed_item(change, comparison) for change in changes if _renamed(change)]


def _renamed(change: Change) -> bool:
    """An object inside the journey that got a new id (the journey's own is its title's)."""
    return change.op is Op.RENAMED and len(change.path) > 1


def _renamed_item(change: Change, comparison: Comparison) -> str:
    """'- Visit → *Waits*: step `waits` → `queues`'."""
    ids = f"`{_code(str(change.old))}` → `{_code(str(change.new))}`"
    return f"- {_where(change.path, comparison)}: {change.kind} {ids}"


def _where(path: ChangePath, comparison: Comparison) -> str:
    """'Registration → *Scans the receipt*': the stage's name, then the step's action."""
    names = []
    for depth in range(2, len(path) + 1):
        kind, key = path[depth - 1]
        if kind in ("stage", "step"):
            label = comparison.labels.get(path[:depth], key)
            names.append(_text(label, 60) if kind == "stage" else f"*{_text(label, 80)}*")
    return " → ".join(names) or f"`{_code(path_text(path))}`"


def _change_item(change: Change, comparison: Comparison, depth: int) -> str:
    """One change, its path shown below the first ``depth`` parts (its journey's)."""
    relative = path_text(change.path[depth:]) or path_text(change.path)
    what = _text(describe(change, comparison), 400)
    effect = _EFFECT.get(change.effect)
    if effect and why(change):
        effect += f": {_text(why(change))}"
    return f"- {_OP[change.op]} `{_code(relative)}`: {what}" + (f" — {effect}" if effect else "")


def _code(text: str) -> str:
    """An id, a path or a label for a code span, on one line and escaped once."""
    return escape_code(shorten(text, 200))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
