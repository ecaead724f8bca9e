"""``cjm render``: choose the journeys, render them in one format, write atomically.

Outputs are named ``<journey-id>.<ext>``; ids are checked against the id pattern when
the workspace loads, so a journey id can never climb out of the output folder.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Protocol

from cjm.files import write_atomic
from cjm.model import JourneyDocument
from cjm.render import RENDERERS, RenderFormat
from cjm.workspace import Workspace

Progress = Callable[[str], None]


class UnknownJourneyError(ValueError):
    """``--journey`` names a journey the workspace does not have, or one outside the
    paths named: a usage error."""


def choose_journeys(workspace: Workspace, wanted: Sequence[str]) -> list[JourneyDocument]:
    """The journeys to render: those of the files named on the command line (a folder
    names every file below it), narrowed to ``wanted`` when ``--journey`` is given.

    All journeys come in id order; ``wanted`` ones in the order given. A ``--journey``
    that exists only in a file that was not named is refused rather than rendered, so
    ``cjm render a.yaml -j x`` never writes a page from a file the user left out.
    """
    named = {
        key: journey
        for key, journey in sorted(workspace.journeys.items())
        if workspace.in_scope(workspace.entry_of(journey))
    }
    if not wanted:
        return list(named.values())
    for key in wanted:
        if key in named:
            continue
        if key in workspace.journeys:
            where = workspace.entry_of(workspace.journeys[key]).document.display_path
            raise UnknownJourneyError(
                f"journey '{key}' is in {where}, which is not among the paths named"
            )
        known = ", ".join(named) or "none"
        raise UnknownJourneyError(f"unknown journey '{key}' (journeys here: {known})")
    return [named[key] for key in dict.fromkeys(wanted)]


def render(
    workspace: Workspace,
    journeys: Sequence[JourneyDocument],
    output_format: RenderFormat,
    out_dir: Path,
    *,
    today: datetime.date,
    progress: Progress | None = None,
) -> list[Path]:
    """Write every journey in ``output_format``; return the paths written, in order.

    ``today`` dates the goals' "due in 6 months": one day for every page and the index,
    resolved by the command, never by each page.
    """
    tick = progress or (lambda _: None)
    write = RENDERERS[output_format]
    return write(workspace, journeys, output_format, out_dir, today=today, tick=tick)


class Renderer(Protocol):
    """What :data:`cjm.render.RENDERERS` holds for each format: write the journeys into
    ``out_dir``, calling ``tick`` with each journey's id, and return the paths written."""

    def __call__(
        self,
        workspace: Workspace,
        journeys: Sequence[JourneyDocument],
        output_format: RenderFormat,
        out_dir: Path,
        *,
        today: datetime.date,
        tick: Progress,
    ) -> list[Path]: ...


def write_html(
    workspace: Workspace,
    journeys: Sequence[JourneyDocument],
    output_format: RenderFormat,
    out_dir: Path,
    *,
    today: datetime.date,
    tick: Progress,
) -> list[Path]:
    """A page per journey, then ``index.html``, which lists the whole workspace whichever
    journeys were chosen: rendering one journey must not make the others vanish from the
    site (their links still point at ``<id>.html``, written by an earlier run)."""
    from cjm.render.html import render_index, render_journey

    page = partial(render_journey, today=today)
    pages = _write_each(journeys, out_dir, output_format.extension, page, workspace, tick)
    index = out_dir / "index.html"
    everything = [workspace.journeys[key] for key in sorted(workspace.journeys)]
    write_atomic(index, render_index(workspace, everything, today=today))
    return [*pages, index]


def write_mermaid(
    workspace: Workspace,
    journeys: Sequence[JourneyDocument],
    output_format: RenderFormat,
    out_dir: Path,
    *,
    today: datetime.date,
    tick: Progress,
) -> list[Path]:
    """A ``.mmd`` file per journey (Mermaid's journey diagram has no dates)."""
    from cjm.render.mermaid import journey_mermaid

    return _write_each(journeys, out_dir, output_format.extension, journey_mermaid, workspace, tick)


def write_graphviz(
    workspace: Workspace,
    journeys: Sequence[JourneyDocument],
    output_format: RenderFormat,
    out_dir: Path,
    *,
    today: datetime.date,
    tick: Progress,
) -> list[Path]:
    """A graph per journey in ``output_format``: ``.dot`` text, or an image ``dot``
    draws (SVG, PNG, PDF); :func:`~cjm.render.graph.render_graphs` writes them all
    before anything is reported, so progress ticks after it."""
    from cjm.render.graph import render_graphs

    paths = render_graphs(workspace, journeys, output_format.value, out_dir)
    for journey in journeys:
        tick(journey.id)
    return paths


def _write_each(
    journeys: Sequence[JourneyDocument],
    out_dir: Path,
    extension: str,
    make: Callable[[Workspace, JourneyDocument], str],
    workspace: Workspace,
    tick: Progress,
) -> list[Path]:
    written = []
    for journey in journeys:
        target = out_dir / f"{journey.id}.{extension}"
        write_atomic(target, make(workspace, journey))
        written.append(target)
        tick(journey.id)
    return written
