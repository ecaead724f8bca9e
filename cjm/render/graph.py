"""Graphviz diagrams of a journey: DOT source, and SVG, PNG or PDF through the real ``dot``.

The diagram is the flow at a glance, for slides, docs and print: one node per step
coloured by emotion, stages as clusters, read like text: left to right within a row (a
row per phase, or per stage of a long phase, see :func:`_rows`), rows from top to
bottom, so a 20-step journey is about 3:2, not a 15:1 strip. The HTML page is where
every detail lives; here a step shows its action, touchpoints, emotion, and the first
words of its pain points and opportunities. A PDF is one A4 landscape page.

Safety: every piece of user text goes into an HTML-like label (``<...>``) after XML
escaping, never into a quoted string, so quotes, braces, ``|``, backslashes and
Graphviz's escape sequences (``\\N``, ``\\G``, ``\\l``) are plain characters, and
``<script>`` is a label, not markup. Node and cluster ids are generated (``s1``,
``cluster_1``), never taken from the user.

Speed: Graphviz starts slowly (it loads its plugins and fonts), so every journey goes
through one ``dot`` process; one process per graph was about four times slower.
"""

from __future__ import annotations

import html
import itertools
import os
import re
import shutil
import tempfile
import textwrap
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from subprocess import CompletedProcess, TimeoutExpired
from typing import Any

from cjm import palette
from cjm.diagnostics import printable
from cjm.files import install, write_atomic
from cjm.measures import signed_emotion
from cjm.model import JourneyDocument, Phase, Stage, Step, TouchpointFields
from cjm.processes import TIMEOUT_VARIABLE, run_bounded, seconds, subprocess_timeout
from cjm.workspace import Workspace

__all__ = [
    "EMOTION_COLOURS",
    "GRAPH_FORMATS",
    "GraphvizFailed",
    "GraphvizNotFound",
    "GraphvizUnusable",
    "journey_dot",
    "render_graphs",
]

#: Output formats this module writes; ``dot`` needs no Graphviz binary.
GRAPH_FORMATS = ("svg", "png", "pdf", "dot")

#: The pages' emotion colours (:mod:`cjm.palette`, light: diagrams are printed and
#: pasted on white), so a step is the same colour on the map and in the diagram. The
#: score is always in the text too, so colour is never the only signal.
EMOTION_COLOURS: dict[int, str] = {score: palette.emotion(score) for score in range(-2, 3)}
_NO_EMOTION_COLOUR = palette.LIGHT["none"]
_PAIN_BORDER = palette.LIGHT["pain"]
_BORDER = palette.LIGHT["curve"]
_MUTED = palette.LIGHT["muted"]

#: Characters per line in a node: wide enough for short actions on one or two lines,
#: narrow enough that a journey of ten steps still fits a slide.
_WRAP = 28
#: A longer action is cut with an ellipsis: the node is a pointer, the page has the text.
_MAX_ACTION_LINES = 6
_MAX_NAME_LINES = 3
#: Steps in one row at most: eight nodes of ``_WRAP`` characters make a row about as
#: wide as an A4 page is long at a legible size.
_ROW_STEPS = 8
#: A diagram of one row can be wider than 4:1 from five steps on.
_ONE_ROW_STEPS = 4
#: Pain points and opportunities shown per step (the last line may say how many more),
#: and how much of each: the first words tell them apart, the page has the rest.
_MAX_NOTES = 3
_NOTE_WORDS = 6
_NOTE_WIDTH = 34

#: What XML 1.0 cannot hold (most control characters, surrogates, U+FFFE/U+FFFF): a
#: YAML escape such as "\\x07" gets them into a model, and one would make the SVG invalid.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Graphviz expands ``\N``, ``\G``, ``\E``... and turns ``\\`` into ``\`` even inside
#: HTML-like labels, after decoding entities, so no escaping can protect a backslash. An
#: invisible word joiner after each one leaves the text as written: "\N" stays "\N".
_BACKSLASH_GUARD = "\\\u2060"

#: A PDF date's fourteen digits (YYYYMMDDHHmmSS); a time zone may follow them.
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)\d{14}")

_FONT = "Helvetica"

#: PDF: one A4 landscape page. ``size`` scales a larger drawing down to fit (never a
#: smaller one up); cairo makes the page as large as the scaled drawing plus a margin,
#: so ``viewport`` (in points) with no margin fixes the page at 842 x 595 pt, the
#: drawing centred on it. Graphviz's ``page`` (tiling on several pages) is for
#: PostScript only: cairo's PDF ignores it.
_PAGE_ATTRIBUTES = {
    "size": "11.69,8.27",
    "viewport": "842,595",
    "margin": "0",
    "nodesep": "0.15",
    "ranksep": "0.25",
}
#: On a page the nodes are tighter and say less (see :func:`_step_attributes`), so
#: that a twenty-step journey fits at a legible size: its smallest text (10 pt) at
#: least 6 pt on paper.
_PAGE_NODE_MARGIN = "0.06,0.04"
_PAGE_ACTION_LINES = 4
#: A4 landscape in points, and rough sizes of a compact drawing's parts in points,
#: measured on the examples: enough to choose the row length (see :func:`_page_rows`).
_A4_LONG_PT = 842
_A4_SHORT_PT = 595
_PAGE_STEP_PT = 210
_PAGE_ROW_PT = 144
_PAGE_TITLE_PT = 90


class GraphvizNotFound(Exception):
    """Graphviz's ``dot`` is not installed: the CLI prints this one line (exit 2)."""

    def __init__(self) -> None:
        super().__init__(
            "Graphviz's `dot` was not found: install it (Debian/Ubuntu: apt-get install "
            "graphviz; macOS: brew install graphviz; Windows: winget install graphviz) "
            "or use --format dot"
        )


class GraphvizUnusable(GraphvizNotFound):
    """``dot`` could not do its work here: it did not finish within the time limit, or
    could not be started. One line, exit 2 as for a missing ``dot``: the cause lies in
    the machine, not in the maps (exit 1 would tell CI the maps have findings) nor in
    cjm (exit 3). A kind of :class:`GraphvizNotFound`, which the CLI already reports
    that way."""

    def __init__(self, message: str) -> None:
        Exception.__init__(self, message)


class GraphvizFailed(Exception):
    """``dot`` ran and failed; the message is its first complaint, on one line."""


#: At most this many ``dot`` processes run at once.
_PARALLEL_DOT = 4


def journey_dot(workspace: Workspace, journey: JourneyDocument, *, pages: bool = False) -> str:
    """The journey as DOT source: same journey, same bytes.

    Built with :class:`graphviz.Digraph` for its quoting of ids and attributes; labels
    are HTML-like strings made here, which it passes through untouched. The flow reads
    like text: left to right within a row (see :func:`_rows`), rows from top to bottom,
    so a long journey wraps instead of becoming a strip too thin to read. ``pages`` adds
    the attributes that lay a PDF out on A4 landscape pages (see ``_PAGE_ATTRIBUTES``).
    """
    import graphviz  # type: ignore[import-untyped]  # no type information shipped

    persona = workspace.personas.get(journey.persona)
    persona_name = persona.name if persona is not None else journey.persona
    graph_attr = {
        "label": _graph_label(journey.title, persona_name, journey.state.value),
        "labelloc": "t",
        "labeljust": "l",
        "fontname": _FONT,
        "nodesep": "0.4",
        "ranksep": "0.5",
        "newrank": "true",
        "remincross": "false",
        "bgcolor": "white",
    }
    node_attr = {
        "shape": "box",
        "style": "rounded,filled",
        "fontname": _FONT,
        "fontsize": "12",
        "color": _BORDER,
        "margin": "0.12,0.08",
    }
    if pages:
        graph_attr.update(_PAGE_ATTRIBUTES)
        node_attr["margin"] = _PAGE_NODE_MARGIN
    graph = graphviz.Digraph(
        name=journey.id,
        graph_attr=graph_attr,
        node_attr=node_attr,
        edge_attr={"color": _BORDER, "arrowsize": "0.7"},
    )
    rows = _page_rows(journey.stages) if pages else _rows(journey.stages)
    drawn = [
        _draw_row(graph, workspace, journey, number, row, compact=pages)
        for number, row in enumerate(rows, start=1)
    ]
    _chain(graph, drawn)
    return str(graph.source)


def render_graphs(
    workspace: Workspace,
    journeys: Sequence[JourneyDocument],
    output_format: str,
    out_dir: Path,
) -> list[Path]:
    """Write ``out_dir/<journey-id>.<format>`` for each journey; return the paths written.

    ``dot`` is only DOT source and needs no Graphviz. The others go through ``dot``, one
    process per journey (see :func:`_draw_each`): sources in a temporary folder inside
    ``out_dir`` (same file system, so the results can be renamed into place atomically),
    ``dot -T<format> -O`` on each, then each result fsynced and renamed over its target.
    """
    if output_format not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format {output_format!r}")
    if output_format == "dot":
        written: list[Path] = []
        for journey in journeys:
            target = out_dir / f"{journey.id}.dot"
            write_atomic(target, journey_dot(workspace, journey))
            written.append(target)
        return written
    executable = shutil.which("dot")
    if executable is None:
        raise GraphvizNotFound
    pages = output_format == "pdf"
    sources = [(journey.id, journey_dot(workspace, journey, pages=pages)) for journey in journeys]
    if not sources:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    return _run_dot(executable, sources, output_format, out_dir)


def _run_dot(
    executable: str, sources: Sequence[tuple[str, str]], output_format: str, out_dir: Path
) -> list[Path]:
    with tempfile.TemporaryDirectory(prefix=".cjm-render-", dir=out_dir) as scratch:
        folder = Path(scratch)
        # Inputs are scratch files that dot reads and that are deleted with the folder,
        # not outputs, so they skip write_atomic's fsync. Short generated names keep the
        # command line small however many journeys there are.
        names = [f"{index}.gv" for index in range(1, len(sources) + 1)]
        for name, (_, source) in zip(names, sources, strict=True):
            (folder / name).write_text(source, encoding="utf-8")
        _draw_each(executable, names, output_format, folder)
        written: list[Path] = []
        for name, (journey_id, _) in zip(names, sources, strict=True):
            result = folder / f"{name}.{output_format}"
            if output_format == "pdf":
                _fix_pdf_dates(result)
            _fsync(result)
            target = out_dir / f"{journey_id}.{output_format}"
            install(result, target)  # through a link to its file, the old mode kept
            written.append(target)
        return written


def _draw_each(executable: str, names: Sequence[str], output_format: str, folder: Path) -> None:
    """Draw each graph in a ``dot`` process of its own, a few at a time.

    One process for all graphs would start faster, but the layout of the second and
    later graphs of a process depends on state the earlier ones left behind (seen with
    Graphviz 2.43 and cairo 1.16: the same journey drawn second gave another SVG in one
    run of four, another PDF in one of two; drawn alone, the same bytes every time). The
    same map must give the same bytes, so each graph gets a fresh process; a few run at
    once, since each spends most of its time starting up.
    """

    def draw(name: str) -> CompletedProcess[bytes]:
        return _dot(executable, [f"-T{output_format}", "-O", name], folder)

    workers = max(1, min(len(names), os.cpu_count() or 1, _PARALLEL_DOT))
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        results = list(pool.map(draw, names))
    finally:
        # A dot that did not finish (or could not start) ends the render: graphs not
        # yet started are dropped, so hanging graphs cost one time limit, not one per
        # ``workers`` graphs.
        pool.shutdown(wait=True, cancel_futures=True)
    for completed in results:
        if completed.returncode != 0:
            raise GraphvizFailed(_first_line(completed.stderr, completed.returncode))


def _dot(executable: str, arguments: Sequence[str], folder: Path) -> CompletedProcess[bytes]:
    """Run ``dot`` in ``folder`` within the time limit (``CJM_SUBPROCESS_TIMEOUT``, one
    graph per process), killing it and whatever it started when the limit passes."""
    try:
        limit = subprocess_timeout()
    except ValueError as error:
        raise GraphvizUnusable(str(error)) from None
    try:
        return run_bounded(
            [executable, *arguments],
            cwd=folder,
            env=_dot_environment(),
            stdin=None,
            timeout=limit,
            own_session=False,  # Ctrl-C must reach it: it runs in a worker thread
        )
    except TimeoutExpired:
        raise GraphvizUnusable(
            f"Graphviz's dot did not finish within {seconds(limit)} s "
            f"(set {TIMEOUT_VARIABLE} to wait longer, or use --format dot)"
        ) from None
    except OSError as error:
        raise GraphvizUnusable(
            f"cannot run Graphviz's dot ({printable(executable)}): {error.strerror or error}"
        ) from None


def _dot_environment() -> dict[str, str]:
    """The caller's environment with a fixed build date for PDF metadata, for cairo
    releases that read ``SOURCE_DATE_EPOCH``; the others need :func:`_fix_pdf_dates`."""
    return {**os.environ, "SOURCE_DATE_EPOCH": "0"}


def _fix_pdf_dates(path: Path) -> None:
    """Give the PDF's creation date a fixed value, so the same map gives the same bytes.

    cairo before 1.18 stamps the wall clock into ``/CreationDate``. The digits are
    replaced by as many digits, so every byte offset in the PDF's index stays right.
    """
    data = path.read_bytes()
    fixed = _PDF_DATE.sub(rb"\g<1>19700101000000", data)
    if fixed != data:
        path.write_bytes(fixed)


def _fsync(path: Path) -> None:
    with path.open("rb") as stream:
        os.fsync(stream.fileno())


def _first_line(stderr: bytes, status: int) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    first = text.splitlines()[0] if text else f"exit status {status}"
    return f"Graphviz's dot failed: {first}"


@dataclass(frozen=True)
class _Part:
    """The steps of one stage drawn in one row: all of them, or one piece of a long stage."""

    stage_number: int
    stage: Stage
    #: Number of the part's first step in the whole journey (node ``s<number>``).
    first_step: int
    steps: tuple[Step, ...]
    #: ``(piece, pieces)`` when the stage is cut into several rows, else None.
    piece: tuple[int, int] | None = None
    #: Steps of the stage before this piece.
    offset: int = 0


@dataclass(frozen=True)
class _Row:
    """One row of the diagram: a phase, or one stage (or piece) of a long phase."""

    phase: Phase | None
    #: Not the phase's first row: the label says the phase goes on.
    continued: bool
    parts: tuple[_Part, ...]


def _page_rows(stages: Sequence[Stage]) -> list[_Row]:
    """The rows for a printed page: as for the screen, but stages packed together and
    rows cut shorter where that lets the drawing fill more of an A4 landscape page.

    Each row length from ``_ROW_STEPS`` down is tried on an estimate of the drawing's
    size (``_PAGE_STEP_PT`` a step, ``_PAGE_ROW_PT`` a row): the one with the largest
    scale on the page wins, the longest rows on a tie. The estimate only chooses
    between layouts; dot's ``size`` still fits whatever it draws on the page.
    """
    best: list[_Row] = []
    best_scale = 0.0
    for limit in range(_ROW_STEPS, 1, -1):
        rows = _rows(stages, pack=True, limit=limit)
        widest = max(sum(_width(part) for part in row.parts) for row in rows)
        scale = min(
            _A4_LONG_PT / (widest * _PAGE_STEP_PT),
            _A4_SHORT_PT / (len(rows) * _PAGE_ROW_PT + _PAGE_TITLE_PT),
        )
        if scale > best_scale:
            best, best_scale = rows, scale
    return best


def _rows(stages: Sequence[Stage], *, pack: bool = False, limit: int = _ROW_STEPS) -> list[_Row]:
    """The rows of the diagram, top to bottom.

    Consecutive stages of one phase share a row (stages without a phase likewise), so
    the rows are the customer's before, during and after. A row of more than
    ``_ROW_STEPS`` steps would be a strip again: such a phase gets a row per stage, and
    a stage that long is cut into rows of at most ``_ROW_STEPS`` steps, as even as can be.
    A diagram of one row of more than ``_ONE_ROW_STEPS`` steps (five steps can be wider than
    4:1) is cut the same way into rows of at most half its steps.

    ``pack`` (a printed page, where height is short) puts consecutive stages of a long
    phase together in a row as long as they fit, rather than a row each.
    """
    rows = _rows_of_at_most(stages, limit, pack=pack)
    if len(rows) == 1:
        steps = sum(_width(part) for part in rows[0].parts)
        if steps > _ONE_ROW_STEPS:
            rows = _rows_of_at_most(stages, -(-steps // 2), pack=pack)
    return rows


def _rows_of_at_most(stages: Sequence[Stage], limit: int, *, pack: bool) -> list[_Row]:
    parts: list[_Part] = []
    number = 1
    for stage_number, stage in enumerate(stages, start=1):
        parts.append(_Part(stage_number, stage, number, stage.steps))
        number += len(stage.steps)
    rows: list[_Row] = []
    for phase, grouped in itertools.groupby(parts, key=lambda part: part.stage.phase):
        group = list(grouped)
        if sum(_width(part) for part in group) <= limit:
            rows.append(_Row(phase, False, tuple(group)))
            continue
        pieces = [piece for part in group for piece in _pieces(part, limit)]
        lines = _packed(pieces, limit) if pack else [(piece,) for piece in pieces]
        rows.extend(_Row(phase, index > 0, line) for index, line in enumerate(lines))
    return rows


def _packed(pieces: Sequence[_Part], limit: int) -> list[tuple[_Part, ...]]:
    """Consecutive pieces in rows of at most ``limit`` steps, each row filled in turn."""
    lines: list[list[_Part]] = []
    for piece in pieces:
        if lines and sum(_width(part) for part in lines[-1]) + _width(piece) <= limit:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    return [tuple(line) for line in lines]


def _width(part: _Part) -> int:
    """Nodes the part puts in its row: an empty stage still shows a placeholder."""
    return max(1, len(part.steps))


def _pieces(part: _Part, limit: int) -> list[_Part]:
    """The part cut into pieces of at most ``limit`` steps, as even as can be (nine
    steps make rows of five and four, not eight and a lonely one)."""
    count = -(-len(part.steps) // limit)
    if count <= 1:
        return [part]
    size, extra = divmod(len(part.steps), count)
    pieces: list[_Part] = []
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        pieces.append(
            _Part(
                part.stage_number,
                part.stage,
                part.first_step + start,
                part.steps[start:end],
                (index + 1, count),
                start,
            )
        )
        start = end
    return pieces


@dataclass(frozen=True)
class _DrawnRow:
    """The ids of a row's nodes, as :func:`_chain` ties them together."""

    heading: str
    #: Steps, placeholders and junctions, in flow order.
    flow: tuple[str, ...]
    #: The first node of each stage (or piece) in the row, left to right.
    starts: tuple[str, ...]


def _draw_row(
    graph: Any,
    workspace: Workspace,
    journey: JourneyDocument,
    number: int,
    row: _Row,
    *,
    compact: bool,
) -> _DrawnRow:
    """Add the row's heading, its stages' clusters, their nodes and the flow within
    each stage.

    A phase's first row is headed by the phase's name; the others by an invisible
    point, which keeps the space between rows and, like a heading, pins the order of
    the row's stages (see :func:`_chain`). On a page (``compact``), where height is
    short, every heading is a point and the phase's name leads its first stage's
    label instead. The edges within a stage are declared in
    its cluster: dot orders a cluster's nodes by the cluster's own edges, and with the
    edges declared outside it, it put a stage's last step second now and then.
    """
    heading = f"row{number}"
    if row.continued or compact:
        graph.node(heading, shape="point", style="invis", width="0.01", height="0.01")
    else:
        graph.node(
            heading,
            label=_row_label(row),
            shape="plaintext",
            style="",
            margin="0",
        )
    names = [_cluster_name(part) for part in row.parts]
    groups = [_node_ids(part) for part in row.parts]
    for group, name in zip(groups[:-1], names[:-1], strict=True):
        group.append(_junction_id(name))
    flow = [node_id for group in groups for node_id in group]
    position = 0
    for index, (part, name, group) in enumerate(zip(row.parts, names, groups, strict=True)):
        lead = row.phase if compact and index == 0 and not row.continued else None
        with graph.subgraph(name=name) as cluster:
            cluster.attr(
                label=_stage_label(part, lead),
                style="rounded,filled",
                fillcolor="#f5f5f5",
                color="#bdbdbd",
                fontname=_FONT,
                fontsize="12",
                labeljust="l",
            )
            _draw_steps(cluster, workspace, journey, part, compact=compact)
            if group[-1].startswith("j"):
                _draw_junction(cluster, group[-1])
            for step in range(position, position + len(group) - 1):
                cluster.edge(flow[step], flow[step + 1], **_flow_style(flow, step))
        position += len(group)
    return _DrawnRow(heading, tuple(flow), tuple(group[0] for group in groups))


def _cluster_name(part: _Part) -> str:
    if part.piece is None:
        return f"cluster_{part.stage_number}"
    return f"cluster_{part.stage_number}_{part.piece[0]}"


def _node_ids(part: _Part) -> list[str]:
    """The ids of the part's nodes: generated, never user text."""
    if not part.steps:
        return [f"empty{part.stage_number}"]
    return [f"s{number}" for number in range(part.first_step, part.first_step + len(part.steps))]


def _junction_id(cluster_name: str) -> str:
    return "j" + cluster_name.removeprefix("cluster_")


def _draw_junction(cluster: Any, node_id: str) -> None:
    """An invisible point at the end of a stage that the flow passes through to the
    next stage of the row.

    dot (2.43 at least) draws an edge between two nodes of one rank in different
    clusters twice, spread over the tail's height: two arrows where there is one. From
    a point without height the two copies coincide, and the arrow reads as one.
    """
    cluster.node(node_id, shape="point", style="invis", width="0.01", height="0.01")


def _draw_steps(
    cluster: Any, workspace: Workspace, journey: JourneyDocument, part: _Part, *, compact: bool
) -> None:
    if not part.steps:
        # Graphviz drops an empty cluster; a placeholder keeps the stage visible, in
        # its place in the flow, as the gap it is.
        cluster.node(
            f"empty{part.stage_number}",
            label=_html(_escape_lines(["no steps yet"], italic=True)),
            style="rounded,dashed",
            fontcolor=_MUTED,
        )
        return
    for number, step in enumerate(part.steps, start=part.first_step):
        touchpoints = workspace.touchpoints_of_step(journey, step)
        cluster.node(f"s{number}", **_step_attributes(step, touchpoints, compact=compact))


def _chain(graph: Any, rows: Sequence[_DrawnRow]) -> None:
    """Each row's heading on a rank of its own, the row's steps on the next; the flow
    from stage to stage and from row to row.

    Within a row the steps share a rank, so the flow edges run left to right; the
    stages keep their order through :func:`_pin_stages`. From one row to the next the
    flow goes on from the row's last step to the next row's first (see
    :func:`_wrap_flow`), as a line of text does, while heavy invisible edges down the
    left side (west ports: the left edges line up, not the centres) keep the rows and
    headings left-aligned.

    Checked on 1,000 generated journeys of 1 to 7 stages (0 to 20 steps, phases mixed
    at random): steps in order within every row, rows in order, no edge drawn twice,
    and ``dot`` never failed. ``splines=ortho`` drew the wrapping edges best, but its
    router aborted on 2 journeys in 60 (Graphviz 2.43), so it is not used.
    """
    left = {"style": "invis", "weight": "10", "tailport": "w", "headport": "w"}
    for index, row in enumerate(rows):
        with graph.subgraph() as same:
            same.attr(rank="same")
            for node_id in row.flow:
                same.node(node_id)
        graph.edge(row.heading, row.starts[0], **left)
        _pin_stages(graph, row)
        if index > 0:
            graph.edge(rows[index - 1].flow[0], row.heading, **left)
    for row in rows:
        for start in row.starts[1:]:
            index = row.flow.index(start) - 1
            graph.edge(row.flow[index], start, **_flow_style(row.flow, index))
    for number, (upper, lower) in enumerate(itertools.pairwise(rows), start=2):
        _wrap_flow(graph, upper.flow[-1], lower, f"c{number}")


def _pin_stages(graph: Any, row: _DrawnRow) -> None:
    """Keep the row's stages in journey order.

    dot orders the clusters of one rank freely (edges between them do not bind it:
    it put a clinic journey's Desire before Interest), but keeps nodes outside
    clusters in the order of the edges between them. So an invisible point per stage
    after the first sits on the heading's rank, chained after the heading, with an
    edge down to its stage's first node: stages out of order would cross those edges.
    """
    if len(row.starts) < 2:
        return
    previous = row.heading
    with graph.subgraph() as same:
        same.attr(rank="same")
        same.node(row.heading)
        for index, start in enumerate(row.starts[1:], start=2):
            anchor = f"{row.heading}_{index}"
            same.node(anchor, shape="point", style="invis", width="0.01", height="0.01")
            graph.edge(previous, anchor, style="invis")
            graph.edge(anchor, start, style="invis", weight="0")
            previous = anchor


def _wrap_flow(graph: Any, last: str, lower: _DrawnRow, bend: str) -> None:
    """The flow from a row's last step to the next row's first, through an invisible
    point on the next row's heading rank, to the right of the heading.

    The line goes down from the end of the row, then back to the start of the next,
    as a line of text wraps. A direct edge pulled the row's last stage towards the
    left, where the next row starts: dot put it before the row's other stages.
    """
    graph.node(bend, shape="point", style="invis", width="0.01", height="0.01")
    with graph.subgraph() as same:
        same.attr(rank="same")
        same.node(lower.heading)
        same.node(bend)
    graph.edge(lower.heading, bend, style="invis")
    ends = [last, lower.flow[0]]
    style = _flow_style(ends, 0)
    graph.edge(last, bend, arrowhead="none", headclip="false", **style)
    graph.edge(bend, lower.flow[0], weight="0", tailclip="false", **style)


def _flow_style(nodes: Sequence[str], index: int) -> dict[str, str]:
    """How the flow from ``nodes[index]`` to the next node is drawn.

    Dashed to or from an empty stage's placeholder: the flow has a gap there (both
    halves of a step through a junction, see :func:`_junction`). Into a junction no
    arrowhead, and no gap around the point: the two halves read as one arrow.
    """
    style: dict[str, str] = {}
    previous, following = nodes[index], nodes[index + 1]
    if previous.startswith("j"):
        style["tailclip"] = "false"
        previous = nodes[index - 1]
    if following.startswith("j"):
        style.update(arrowhead="none", headclip="false")
        following = nodes[index + 2]
    if previous.startswith("empty") or following.startswith("empty"):
        style["style"] = "dashed"
    return style


def _row_label(row: _Row) -> str:
    name = row.phase.value.capitalize() if row.phase is not None else "Stages without a phase"
    return _html(f'<font point-size="14"><b>{_escape(name)}</b></font>')


def _step_attributes(
    step: Step, touchpoints: Sequence[TouchpointFields], *, compact: bool = False
) -> dict[str, str]:
    """A step's node: action, touchpoints, emotion, pain points and opportunities.

    ``compact`` (a printed page) cuts the action shorter and names each touchpoint on
    one line, without its mode and operator.
    """
    action_lines = _PAGE_ACTION_LINES if compact else _MAX_ACTION_LINES
    lines = [_escape(line) for line in _wrap(step.action, action_lines)]
    if touchpoints:
        for touchpoint in touchpoints:
            if compact:
                lines.append(_small(_wrap(touchpoint.name, 1)[0]))
                continue
            described = f"{touchpoint.name} ({touchpoint.mode.value}, {touchpoint.operator.value})"
            lines.extend(_small(line) for line in _wrap(described, _MAX_NAME_LINES))
    else:
        lines.append(_small("no touchpoint", italic=True))
    if step.emotion is None:
        lines.append(_small("no emotion", italic=True))
    else:
        emotion = f"emotion {signed_emotion(step.emotion)}"
        if step.feeling:
            emotion += f" · {step.feeling}"
        lines.extend(_small(line) for line in _wrap(emotion, 2))
    lines.extend(_notes("⚠", [pain.text for pain in step.pain_points], bold=True))
    lines.extend(_notes("✚", [idea.text for idea in step.opportunities], bold=False))
    pains = len(step.pain_points)
    attributes = {"label": _html("<br/>".join(lines))}
    if step.emotion is None:
        attributes["fillcolor"] = _NO_EMOTION_COLOUR
        attributes["style"] = "rounded,filled,dashed"
    else:
        attributes["fillcolor"] = EMOTION_COLOURS[step.emotion]
        attributes["fontcolor"] = palette.on_emotion(step.emotion)
    if pains:
        attributes["color"] = _PAIN_BORDER
        attributes["penwidth"] = "3"
    return attributes


def _notes(mark: str, texts: Sequence[str], *, bold: bool) -> list[str]:
    """Pain points or opportunities by their first words, one a line, at most
    ``_MAX_NOTES`` of them and then how many more: enough to tell them apart and to
    know what to look up on the page, which has them in full."""
    shown = texts if len(texts) <= _MAX_NOTES else texts[: _MAX_NOTES - 1]
    lines = [_small(f"{mark} {_first_words(text)}", bold=bold) for text in shown]
    if len(shown) < len(texts):
        lines.append(_small(f"+{len(texts) - len(shown)} more", italic=True))
    return lines


def _first_words(text: str) -> str:
    """The first ``_NOTE_WORDS`` words, at most ``_NOTE_WIDTH`` characters, with "…"
    when something was left out."""
    words = _clean(text).split()
    shown = " ".join(words[:_NOTE_WORDS])
    if len(shown) > _NOTE_WIDTH:
        cut = shown[: _NOTE_WIDTH - 1]
        shown = cut.rsplit(" ", 1)[0] if " " in cut.strip() else cut
        return shown.rstrip() + "…"
    if len(words) > _NOTE_WORDS:
        return shown + "…"
    return shown


def _stage_label(part: _Part, phase: Phase | None = None) -> str:
    """The stage's name (after its phase's, when given), and which of its steps a piece
    holds; every line flush left, as the label is."""
    name = (
        part.stage.name if phase is None else f"{phase.value.capitalize()} \u203a {part.stage.name}"
    )
    lines = [_bold(line) for line in _wrap(name, _MAX_NAME_LINES)]
    if part.piece is not None:
        first, last = part.offset + 1, part.offset + len(part.steps)
        lines.append(_small(f"steps {first}\u2013{last} of {len(part.stage.steps)}", italic=True))
    return _html("".join(f'{line}<br align="left"/>' for line in lines))


def _graph_label(title: str, persona_name: str, state: str) -> str:
    """Title, persona and a legend of the palette, so a printed diagram explains itself."""
    title_lines = "<br/>".join(_escape(line) for line in _wrap(title, 3, width=80))
    persona_lines = "<br/>".join(
        _escape(line) for line in _wrap(f"Persona: {persona_name} · {state} state", 2, width=80)
    )
    legend = "".join(
        f'<td bgcolor="{colour}" border="1">'
        f'<font point-size="10" color="{palette.on_emotion(score)}">'
        f"{signed_emotion(score)}</font></td>"
        for score, colour in sorted(EMOTION_COLOURS.items())
    )
    legend += (
        f'<td bgcolor="{_NO_EMOTION_COLOUR}" border="1" style="dashed">'
        '<font point-size="10">no emotion</font></td>'
        f'<td border="3" color="{_PAIN_BORDER}"><font point-size="10">⚠ pain point</font></td>'
        '<td><font point-size="10">✚ opportunity</font></td>'
    )
    return _html(
        '<table border="0" cellborder="0" cellspacing="2" cellpadding="2">'
        f'<tr><td align="left"><font point-size="16"><b>{title_lines}</b></font></td></tr>'
        f'<tr><td align="left"><font point-size="11">{persona_lines}</font></td></tr>'
        '<tr><td align="left"><table border="0" cellborder="0" cellspacing="3" cellpadding="3">'
        f'<tr><td><font point-size="10">emotion</font></td>{legend}</tr></table></td></tr>'
        "</table>"
    )


def _wrap(text: str, max_lines: int, *, width: int = _WRAP) -> list[str]:
    """Lines of at most ``width`` characters; the last one ends in "…" if cut.

    Newlines and runs of whitespace in the text become single spaces first: a
    label's line breaks are ours to place.
    """
    lines = textwrap.wrap(
        " ".join(_clean(text).split()),
        width=width,
        break_long_words=True,
        break_on_hyphens=False,
    ) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return lines


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _escape(text: str) -> str:
    """XML-escape user text for an HTML-like label (see ``_BACKSLASH_GUARD``)."""
    return html.escape(_clean(text), quote=True).replace("\\", _BACKSLASH_GUARD)


def _escape_lines(lines: Iterable[str], *, italic: bool = False) -> str:
    return "<br/>".join(_small(line, italic=italic) for line in lines)


def _bold(line: str) -> str:
    return f"<b>{_escape(line)}</b>"


def _small(line: str, *, italic: bool = False, bold: bool = False) -> str:
    text = _escape(line)
    if italic:
        text = f"<i>{text}</i>"
    if bold:
        text = f"<b>{text}</b>"
    return f'<font point-size="10">{text}</font>'


def _html(content: str) -> str:
    """An HTML-like label: ``graphviz`` passes ``<...>`` through unquoted."""
    return f"<{content}>"
