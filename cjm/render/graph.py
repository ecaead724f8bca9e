"""Graphviz diagrams of a journey: DOT source, and SVG, PNG or PDF through the real ``dot``.

The diagram is the flow at a glance, for slides and docs: stages as clusters from left to
right, one node per step coloured by emotion, pain points marked. The HTML page is where
every detail lives; here a step shows only its action, touchpoints, emotion and how many
pain points it has.

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
from pathlib import Path
from subprocess import CompletedProcess, TimeoutExpired

from cjm.diagnostics import printable
from cjm.files import write_atomic
from cjm.measures import signed_emotion
from cjm.model import JourneyDocument, Stage, Step, TouchpointFields
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

#: ColorBrewer RdBu, 5 classes: diverging and colour-blind safe (red-green is not).
#: The score is always in the text too, so colour is never the only signal.
EMOTION_COLOURS: dict[int, str] = {
    -2: "#ca0020",
    -1: "#f4a582",
    0: "#f7f7f7",
    1: "#92c5de",
    2: "#0571b0",
}
#: The two ends are dark: white text keeps the contrast above 4.5:1 there.
_LIGHT_TEXT = frozenset({-2, 2})
_NO_EMOTION_COLOUR = "#d9d9d9"
_PAIN_BORDER = "#67001f"
_BORDER = "#4d4d4d"
_MUTED = "#595959"

#: Characters per line in a node: wide enough for short actions on one or two lines,
#: narrow enough that a journey of ten steps still fits a slide.
_WRAP = 28
#: A longer action is cut with an ellipsis: the node is a pointer, the page has the text.
_MAX_ACTION_LINES = 6
_MAX_NAME_LINES = 3

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


def journey_dot(workspace: Workspace, journey: JourneyDocument) -> str:
    """The journey as DOT source: same journey, same bytes.

    Built with :class:`graphviz.Digraph` for its quoting of ids and attributes; labels
    are HTML-like strings made here, which it passes through untouched.
    """
    import graphviz  # type: ignore[import-untyped]  # no type information shipped

    persona = workspace.personas.get(journey.persona)
    persona_name = persona.name if persona is not None else journey.persona
    graph = graphviz.Digraph(
        name=journey.id,
        graph_attr={
            "rankdir": "LR",
            "label": _graph_label(journey.title, persona_name, journey.state.value),
            "labelloc": "t",
            "labeljust": "l",
            "fontname": _FONT,
            "nodesep": "0.3",
            "ranksep": "0.35",
            "newrank": "true",
            "bgcolor": "white",
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fontname": _FONT,
            "fontsize": "12",
            "color": _BORDER,
            "margin": "0.12,0.08",
        },
        edge_attr={"color": _BORDER, "arrowsize": "0.7"},
    )
    chain: list[str] = []
    step_number = 0
    for stage_number, stage in enumerate(journey.stages, start=1):
        with graph.subgraph(name=f"cluster_{stage_number}") as cluster:
            cluster.attr(
                label=_stage_label(stage),
                style="rounded,filled",
                fillcolor="#f5f5f5",
                color="#bdbdbd",
                fontname=_FONT,
                fontsize="12",
                labeljust="l",
            )
            if not stage.steps:
                # Graphviz drops an empty cluster; a placeholder keeps the stage visible,
                # in its place in the flow, as the gap it is.
                node_id = f"empty{stage_number}"
                cluster.node(
                    node_id,
                    label=_html(_escape_lines(["no steps yet"], italic=True)),
                    style="rounded,dashed",
                    fontcolor=_MUTED,
                )
                chain.append(node_id)
            for step in stage.steps:
                step_number += 1
                node_id = f"s{step_number}"
                touchpoints = workspace.touchpoints_of_step(journey, step)
                cluster.node(node_id, **_step_attributes(step, touchpoints))
                chain.append(node_id)
    for previous, following in itertools.pairwise(chain):
        if previous.startswith("empty") or following.startswith("empty"):
            graph.edge(previous, following, style="dashed")
        else:
            graph.edge(previous, following)
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
    sources = [(journey.id, journey_dot(workspace, journey)) for journey in journeys]
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
            os.chmod(result, 0o644)
            target = out_dir / f"{journey_id}.{output_format}"
            os.replace(result, target)
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


def _step_attributes(step: Step, touchpoints: Sequence[TouchpointFields]) -> dict[str, str]:
    lines = [_escape(line) for line in _wrap(step.action, _MAX_ACTION_LINES)]
    if touchpoints:
        for touchpoint in touchpoints:
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
    pains = len(step.pain_points)
    if pains:
        lines.append(_bold(f"⚠ {pains} pain point{'s' if pains > 1 else ''}"))
    attributes = {"label": _html("<br/>".join(lines))}
    if step.emotion is None:
        attributes["fillcolor"] = _NO_EMOTION_COLOUR
        attributes["style"] = "rounded,filled,dashed"
    else:
        attributes["fillcolor"] = EMOTION_COLOURS[step.emotion]
        if step.emotion in _LIGHT_TEXT:
            attributes["fontcolor"] = "white"
    if pains:
        attributes["color"] = _PAIN_BORDER
        attributes["penwidth"] = "3"
    return attributes


def _stage_label(stage: Stage) -> str:
    lines = [_bold(line) for line in _wrap(stage.name, _MAX_NAME_LINES)]
    if stage.phase is not None:
        lines.append(_small(stage.phase.value, italic=True))
    return _html("<br/>".join(lines))


def _graph_label(title: str, persona_name: str, state: str) -> str:
    """Title, persona and a legend of the palette, so a printed diagram explains itself."""
    title_lines = "<br/>".join(_escape(line) for line in _wrap(title, 3, width=80))
    persona_lines = "<br/>".join(
        _escape(line) for line in _wrap(f"Persona: {persona_name} · {state} state", 2, width=80)
    )
    legend = "".join(
        f'<td bgcolor="{colour}" border="1">'
        f'<font point-size="9" color="{"white" if score in _LIGHT_TEXT else "black"}">'
        f"{signed_emotion(score)}</font></td>"
        for score, colour in sorted(EMOTION_COLOURS.items())
    )
    legend += (
        f'<td bgcolor="{_NO_EMOTION_COLOUR}" border="1" style="dashed">'
        '<font point-size="9">no emotion</font></td>'
        f'<td border="3" color="{_PAIN_BORDER}"><font point-size="9">⚠ pain points</font></td>'
    )
    return _html(
        '<table border="0" cellborder="0" cellspacing="2" cellpadding="2">'
        f'<tr><td align="left"><font point-size="16"><b>{title_lines}</b></font></td></tr>'
        f'<tr><td align="left"><font point-size="11">{persona_lines}</font></td></tr>'
        '<tr><td align="left"><table border="0" cellborder="0" cellspacing="3" cellpadding="3">'
        f'<tr><td><font point-size="9">emotion</font></td>{legend}</tr></table></td></tr>'
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


def _small(line: str, *, italic: bool = False) -> str:
    text = _escape(line)
    if italic:
        text = f"<i>{text}</i>"
    return f'<font point-size="10">{text}</font>'


def _html(content: str) -> str:
    """An HTML-like label: ``graphviz`` passes ``<...>`` through unquoted."""
    return f"<{content}>"
