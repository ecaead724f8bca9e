"""``cjm diff`` from arguments to printed text: load both sides, compare, format.

:func:`run` is the whole command; :func:`cjm.commands.diff` only calls it and wraps
the result, so the command holds no logic of its own. Sides with errors are not
compared (diff compares valid maps only): their errors are reported through the chosen
format where it can carry them (``json`` prints a valid object with ``errors``),
and as diagnostic lines on stderr in every format.

Markdown is a pull request comment, and a comment has a size limit: it is shortened to
``max_chars`` (see :meth:`cjm.diff.markdown.MarkdownReport.fit`); with ``--out`` the
whole report is written beside the shortened one, which names it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cjm.diff import DiffFormat, FailOn
from cjm.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Outcome

if TYPE_CHECKING:
    from cjm.diagnostics import Diagnostic
    from cjm.diff.compare import Comparison, Snapshot
    from cjm.diff.sources import Side

#: GitHub refuses a comment over 65,536 characters; this leaves room for a header.
DEFAULT_MAX_CHARS = 60_000
#: Room for the title, the summary and the lines that say what was left out.
MIN_MAX_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class Version:
    """One side, reduced to what a diff needs: its label, errors and documents. Only
    this is kept of a side, not its whole workspace (positions, nodes, index), while the
    other side loads and both are compared."""

    label: str
    errors: list[Diagnostic]
    snapshot: Snapshot

    @classmethod
    def of(cls, side: Side) -> Version:
        from cjm.diagnostics import Severity
        from cjm.diff.compare import Snapshot

        errors = [d for d in side.workspace.diagnostics if d.severity is Severity.ERROR]
        return cls(side.label, errors, Snapshot.of(side.workspace))


def run(
    old: str | None,
    new: str | None = None,
    *,
    output_format: DiffFormat = DiffFormat.TEXT,
    exit_code: bool = False,
    fail_on: FailOn | None = None,
    workspace: str = ".",
    baseline: str | None = None,
    out: str | None = None,
    color: bool = False,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Outcome:
    """Two versions of the maps (folders, files or git revisions), or an ideal journey
    against its baseline, as changes a reviewer reads."""
    from cjm.diff.git import RevisionError
    from cjm.workspace import WorkspaceError, paused_gc

    try:
        check_arguments(old, new, baseline=baseline, out=out, max_chars=max_chars)
        # Two workspaces of models stay alive while the second loads and both are
        # compared; collections would only rescan them (see load_workspace).
        with paused_gc():
            comparison, invalid = _compare(old, new, folder=Path(workspace), baseline=baseline)
    except (RevisionError, WorkspaceError) as error:
        return Outcome("", EXIT_USAGE, f"cjm: error: {error}")
    if invalid:
        lines = invalid_lines(invalid)
        text = invalid_json(invalid) if output_format is DiffFormat.JSON else ""
        return _written(text, EXIT_FINDINGS, out, error=lines)
    if output_format is DiffFormat.MARKDOWN:
        text = _markdown(comparison, max_chars, out)
    else:
        from cjm.diff.formats import render

        text = render(comparison, output_format, color=color and out is None)
    status = EXIT_OK
    if exit_code and comparison.changes:
        status = EXIT_FINDINGS
    if fail_on is FailOn.REGRESSION and comparison.has_regressions:
        status = EXIT_FINDINGS
    return _written(text, status, out)


def _markdown(comparison: Comparison, max_chars: int, out: str | None) -> str:
    """The report within ``max_chars``; when it had to be shortened and goes to a file,
    the whole report is written beside it (``comment.md`` → ``comment.full.md``)."""
    from cjm.diff.markdown import MarkdownReport

    report = MarkdownReport.of(comparison)
    whole = report.text()
    if len(whole) <= max_chars:
        return whole
    full = full_report_path(Path(out)) if out is not None else None
    if full is not None:
        from cjm.files import write_atomic

        write_atomic(full, whole)
    return report.fit(max_chars, full_report=full.name if full is not None else None)


def full_report_path(out: Path) -> Path:
    """Where the whole report goes beside a shortened one: ``comment.full.md``."""
    return out.with_name(f"{out.stem}.full{out.suffix}")


def _written(text: str, status: int, out: str | None, *, error: str = "") -> Outcome:
    """``text`` on stdout, or in the ``--out`` file when one is given."""
    if out is not None and text:
        from cjm.files import write_atomic

        write_atomic(Path(out), text)
        return Outcome("", status, error)
    return Outcome(text, status, error)


def check_arguments(
    old: str | None,
    new: str | None,
    *,
    baseline: str | None,
    out: str | None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> None:
    """Usage errors, found before anything is read or written."""
    from cjm.diff.sources import refuse
    from cjm.workspace import WorkspaceError

    refuse(old, new)
    if baseline is not None and (old is not None or new is not None):
        raise WorkspaceError("--baseline compares two journeys of one workspace: give no OLD/NEW")
    if baseline is None and old is None:
        raise WorkspaceError("missing OLD: a folder, a file or a git revision (or --baseline ID)")
    if out is not None and Path(out).is_dir():
        raise WorkspaceError(f"--out '{out}' is a folder; give a file name")
    if max_chars < MIN_MAX_CHARS:
        raise WorkspaceError(
            f"--max-chars {max_chars} is too small: a report needs at least {MIN_MAX_CHARS:,}"
        )


def _compare(
    old: str | None, new: str | None, *, folder: Path, baseline: str | None
) -> tuple[Comparison, list[Version]]:
    """The comparison, or (when a side has errors) the sides that have them."""
    from cjm.diff.compare import Comparison, compare, compare_journeys
    from cjm.diff.sources import load_side
    from cjm.workspace import WorkspaceError

    if baseline is not None:
        side = load_side(None, folder=folder)
        version = Version.of(side)
        if version.errors:
            return Comparison([]), [version]
        ideal = side.workspace.journeys.get(baseline)
        if ideal is None:
            raise WorkspaceError(f"unknown journey '{baseline}' in {folder}")
        if ideal.baseline is None or ideal.baseline not in side.workspace.journeys:
            raise WorkspaceError(
                f"journey '{baseline}' names no baseline journey (add `baseline: ID`)"
            )
        names = {key: point.name for key, point in side.workspace.touchpoints.items()}
        comparison = compare_journeys(
            side.workspace.journeys[ideal.baseline], ideal, touchpoint_names=names
        )
        comparison.old_label, comparison.new_label = ideal.baseline, baseline
        return comparison, []
    assert old is not None
    # One side after the other, the old first, so its usage error is the one reported.
    # Loading the two at once was measured (issue 20): a forked child saved about a
    # third at best on a two-core machine, but under 15% in the median when the
    # machine was busy (often nothing), for a process protocol and more CPU in all;
    # a thread saved nothing (loading is Python work, under the GIL).
    versions = [Version.of(load_side(side, folder=folder)) for side in (old, new)]
    invalid = [version for version in versions if version.errors]
    if invalid:
        return Comparison([]), invalid
    comparison = compare(versions[0].snapshot, versions[1].snapshot)
    comparison.old_label, comparison.new_label = versions[0].label, versions[1].label
    return comparison, []


def invalid_lines(versions: Sequence[Version]) -> str:
    """Each invalid side's errors as diagnostic lines, then one line saying why it stops.

    The lines come from the text formatter, byte for byte what ``cjm validate`` prints
    for the same file, so whatever parses one parses the other.
    """
    from cjm.formatters.text import diagnostic_line

    lines: list[str] = []
    for version in versions:
        errors = version.errors
        lines += [diagnostic_line(diagnostic) for diagnostic in errors]
        if errors:
            count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
            lines.append(
                f"cjm: error: {version.label} does not validate ({count}); "
                "diff compares valid maps only"
            )
    return "\n".join(lines)


def invalid_json(versions: Sequence[Version]) -> str:
    """The JSON diff object with no changes, and the errors that stopped it."""
    from cjm.diff.words import Counts

    document = {
        "changes": [],
        "summary": Counts().as_json(),
        "journeys": {},
        "errors": [
            {
                "side": version.label,
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "code": d.code,
                "message": d.message,
            }
            for version in versions
            for d in version.errors
        ],
    }
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
