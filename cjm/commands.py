"""What each command does, as functions the CLI and the tests both call.

Each returns an :class:`Outcome` (text to print and the exit status) instead of
printing, so tests need no subprocess and the CLI holds no logic.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from cjm.diagnostics import VALIDATION_CODES, Diagnostic, Severity, Summary
from cjm.diff import DiffFormat, FailOn
from cjm.diff.pipeline import DEFAULT_MAX_CHARS
from cjm.formatters import OutputFormat, formatter_for
from cjm.formatters.report import Report
from cjm.outcome import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, Outcome

if TYPE_CHECKING:
    from cjm.workspace import Workspace

__all__ = ["EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "Outcome"]


def validate(
    paths: Sequence[str],
    *,
    output_format: OutputFormat = OutputFormat.TEXT,
    quiet: bool = False,
    strict: bool = False,
    color: bool = False,
) -> Outcome:
    """``cjm validate``: CJM1xx only, for CI and pre-commit hooks."""
    return _check(
        paths, lint=None, output_format=output_format, quiet=quiet, strict=strict, color=color
    )


def lint(
    paths: Sequence[str],
    *,
    output_format: OutputFormat = OutputFormat.TEXT,
    quiet: bool = False,
    strict: bool = False,
    color: bool = False,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    today: str | None = None,
) -> Outcome:
    """``cjm lint``: CJM1xx and the journey-quality rules (CJM2xx); ``today``
    (``YYYY-MM-DD``, default: the clock) is the day overdue goals are counted from
    (see :func:`_day`)."""
    day = _day(today)
    if isinstance(day, Outcome):
        return day
    return _check(
        paths,
        lint=(tuple(select), tuple(ignore)),
        output_format=output_format,
        quiet=quiet,
        strict=strict,
        color=color,
        today=day,
    )


def _check(
    paths: Sequence[str],
    *,
    lint: tuple[tuple[str, ...], tuple[str, ...]] | None,
    output_format: OutputFormat,
    quiet: bool,
    strict: bool,
    color: bool,
    today: datetime.date | None = None,
) -> Outcome:
    """The one body of ``validate`` and ``lint`` (``lint`` is its select and ignore):
    load each workspace, collect its findings, format them, decide the exit status."""
    from cjm.workspace import WorkspaceError, load_workspace

    codes = dict(VALIDATION_CODES)
    if lint is not None:
        from cjm.lint import UnknownRuleError, catalogue, resolve_codes

        try:
            resolve_codes([*lint[0], *lint[1]])  # a typo on the command line: usage error
        except UnknownRuleError as error:
            return Outcome("", EXIT_USAGE, f"cjm: error: {error}")
        codes = catalogue()
    try:
        workspaces = [load_workspace(*group) for group in _group_by_workspace(paths)]
    except WorkspaceError as error:
        return Outcome("", EXIT_USAGE, f"cjm: error: {error}")
    diagnostics: list[Diagnostic] = []
    for workspace in workspaces:
        if lint is None:
            diagnostics.extend((*workspace.diagnostics, *_config_problems(workspace)))
            continue
        from cjm.lint import lint_workspace, settings_for

        settings, problems = settings_for(workspace, select=lint[0], ignore=lint[1], today=today)
        diagnostics.extend(problems)
        diagnostics.extend(lint_workspace(workspace, settings))
    diagnostics.sort(key=lambda d: d.sort_key)
    summary = Summary.of(
        diagnostics,
        files=sum(workspace.scope_files for workspace in workspaces),
        documents=sum(workspace.scope_documents for workspace in workspaces),
    )
    report = Report(diagnostics, summary, codes, color=color, quiet=quiet)
    failing = summary.errors > 0 or (strict and summary.warnings > 0)
    return Outcome(formatter_for(output_format)(report), EXIT_FINDINGS if failing else EXIT_OK)


def rules(code: str | None, *, markdown: bool = False) -> Outcome:
    """``cjm rules``: the catalogue, one rule explained, or the Markdown docs."""
    from cjm.rules import all_rules, rule_by_code_or_name
    from cjm.rules.docs import explain, markdown_catalogue, table

    if markdown:
        return Outcome(markdown_catalogue(), EXIT_OK)
    if code is None:
        return Outcome(table(all_rules()), EXIT_OK)
    loaded = rule_by_code_or_name(code)
    if loaded is None:
        return Outcome("", EXIT_USAGE, f"cjm: error: unknown rule '{code}' (see `cjm rules`)")
    return Outcome(explain(loaded), EXIT_OK)


def render(
    paths: Sequence[str],
    *,
    output_format: str,
    out: str,
    journeys: Sequence[str] = (),
    show_progress: bool = False,
    today: str | None = None,
) -> Outcome:
    """``cjm render``: every chosen journey in one format, into ``out``.

    ``today`` (``YYYY-MM-DD``, default: the clock) is the date goals are counted from,
    so a page rendered for a review or a test says the same "due in" every time; it is
    resolved once (:func:`_day`), so every page and the index agree on the day even
    when a render runs past midnight.

    A workspace with errors is not rendered: its diagnostics go to stderr and the exit
    status is 1, as a compiler would do.
    """
    from cjm.render import RenderFormat
    from cjm.render.output import UnknownJourneyError, choose_journeys
    from cjm.render.output import render as render_journeys
    from cjm.workspace import WorkspaceError, display_path

    chosen_format = RenderFormat(output_format)
    day = _day(today)
    if isinstance(day, Outcome):
        return day
    try:
        workspace = _one_workspace(paths, "render")
        chosen = choose_journeys(workspace, journeys)
    except (WorkspaceError, UnknownJourneyError) as error:
        return Outcome("", EXIT_USAGE, f"cjm: error: {error}")
    refused = _refused_with_errors(workspace, "nothing rendered")
    if refused:
        return refused
    if not chosen:
        return Outcome("", EXIT_OK, "cjm: no journeys to render")
    target = Path(out)
    if target.exists() and not target.is_dir():
        return Outcome("", EXIT_USAGE, f"cjm: error: --out '{out}' is a file, not a folder")
    from cjm.files import WriteError
    from cjm.render.graph import GraphvizFailed, GraphvizNotFound

    try:
        with _progress(len(chosen), show_progress) as tick:
            written = render_journeys(
                workspace, chosen, chosen_format, target, progress=tick, today=day
            )
    except (GraphvizNotFound, WriteError) as error:
        return Outcome("", EXIT_USAGE, f"cjm: error: {error}")
    except GraphvizFailed as error:
        return Outcome("", EXIT_INTERNAL, f"cjm: internal error: {error}")
    notes = _left_out_of_index(workspace) if chosen_format is RenderFormat.HTML else ""
    return Outcome("".join(f"wrote {display_path(path)}\n" for path in written), EXIT_OK, notes)


def _left_out_of_index(workspace: Workspace) -> str:
    """A warning naming journeys outside the named paths that do not validate.

    ``index.html`` lists the whole workspace, but only the named files stop a render
    with their errors; a broken journey elsewhere must not drop off the index unsaid.
    """
    missing = sorted(
        {
            (outline.document.display_path, outline.identifier or "(no id)")
            for outline in workspace.outlines
            if outline.kind == "journey"
            and (outline.identifier is None or outline.identifier not in workspace.journeys)
        }
    )
    if not missing:
        return ""
    names = ", ".join(f"'{identifier}' ({path})" for path, identifier in missing)
    return (
        f"cjm: warning: index.html leaves out journeys that do not validate: {names}; "
        "run `cjm validate` on the workspace"
    )


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A rich progress bar on a terminal for many journeys; nothing otherwise."""
    if not enabled or total < 5:
        yield lambda _: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("rendering", total=total)
        yield lambda _: bar.advance(task)


def _config_problems(workspace: Workspace) -> list[Diagnostic]:
    """Rule codes in ``cjm.yaml`` that name no rule: CJM102, which ``validate`` and
    ``render`` report as ``lint`` does, so the CI check and lint never disagree on an
    error. The rule catalogue is loaded only when ``cjm.yaml`` names codes."""
    settings = workspace.config.lint
    if not (settings.ignore or settings.select or settings.severity):
        return []
    from cjm.lint import settings_for

    return settings_for(workspace)[1]


def _one_workspace(paths: Sequence[str], command: str) -> Workspace:
    """The one workspace ``paths`` name, for commands that draw or roll up a whole
    workspace (WorkspaceError when they name several, or a path that does not exist)."""
    from cjm.workspace import WorkspaceError, load_workspace

    groups = _group_by_workspace(paths)
    if len(groups) > 1:
        raise WorkspaceError(f"{command} reads one workspace at a time: name paths of one")
    return load_workspace(*groups[0])


def _refused_with_errors(workspace: Workspace, nothing: str) -> Outcome | None:
    """A workspace with errors is not drawn or rolled up, as a compiler would refuse:
    its errors on stderr, then "cjm: <nothing>: fix the errors above first", exit 1."""
    from cjm.formatters.text import format_text

    errors = [
        d
        for d in (*workspace.diagnostics, *_config_problems(workspace))
        if d.severity is Severity.ERROR
    ]
    if not errors:
        return None
    summary = Summary.of(errors, files=workspace.scope_files, documents=workspace.scope_documents)
    message = format_text(Report(errors, summary, VALIDATION_CODES))
    return Outcome("", EXIT_FINDINGS, f"{message}cjm: {nothing}: fix the errors above first")


def _group_by_workspace(paths: Sequence[str]) -> list[list[str]]:
    """Paths under one ``cjm.yaml`` are read as one workspace; others each on their own,
    except that config-less files are read together so they may refer to each other."""
    from cjm.paths import absolute
    from cjm.workspace import WorkspaceError, find_config

    if not paths:
        return [["."]]
    groups: dict[Path | None, list[str]] = {}
    for path in paths:
        target = Path(path)
        if not target.exists():
            raise WorkspaceError(f"path '{path}' does not exist")
        groups.setdefault(find_config(absolute(target)), []).append(path)
    return list(groups.values())


def write_schemas(folder: str, *, check: bool) -> Outcome:
    """``cjm schema``: write (or with ``check``, compare) the JSON Schema files."""
    from cjm import schema

    target = Path(folder)
    if check:
        stale = schema.stale_schemas(target)
        if stale:
            names = ", ".join(stale)
            return Outcome("", EXIT_FINDINGS, f"cjm: schemas out of date in {folder}: {names}")
        return Outcome(f"schemas in {folder} are up to date\n", EXIT_OK)
    from cjm.files import WriteError
    from cjm.workspace import display_path

    try:
        written = schema.write_schemas(target)
    except WriteError as error:
        return Outcome("", EXIT_USAGE, f"cjm: error: {error}")
    return Outcome("".join(f"wrote {display_path(path)}\n" for path in written), EXIT_OK)


def diff(
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
    """``cjm diff``: the pipeline lives in :mod:`cjm.diff.pipeline`; here is only what
    ``--out`` promises (see :func:`_report_to_file`), for ``out`` and the whole
    Markdown report the pipeline writes beside it when it cuts ``out`` short."""
    from cjm.diff.pipeline import full_report_path, run

    def compare() -> Outcome:
        return run(
            old,
            new,
            output_format=output_format,
            exit_code=exit_code,
            fail_on=fail_on,
            workspace=workspace,
            baseline=baseline,
            out=out,
            color=color,
            max_chars=max_chars,
        )

    if out is None:
        return compare()
    target = Path(out)
    return _report_to_file(target, (old, new), compare, beside=(full_report_path(target),))


def _report_to_file(
    out: Path,
    inputs: Sequence[str | None],
    produce: Callable[[], Outcome],
    *,
    beside: Sequence[Path] = (),
) -> Outcome:
    """``produce`` writing a report to ``out`` (``cjm diff --out``, ``cjm report
    --out``), which afterwards holds this run's report or nothing: never an earlier
    run's.

    CI posts or publishes whatever ``comment.md`` holds; a run that gives no report (a
    workspace or a side that does not validate, a usage error, a crash) must not leave
    yesterday's report there to be taken for today's. Every write is atomic and makes a
    new file, so an output that is still the same file after ``produce`` is stale, and
    is removed: ``out`` and the files ``beside`` it that the command may write (diff's
    whole report, ``comment.full.md``, which a report that now fits leaves unnamed). An
    ``out`` that is one of the inputs, or any YAML file, is refused first and never
    touched: the maps are the user's, and a report never belongs there.
    """
    from cjm.files import WriteError, discard, file_identity

    identity = file_identity(out)
    if identity is not None:
        named = [item for item in inputs if item and file_identity(Path(item)) == identity]
        if named or out.suffix.casefold() in {".yaml", ".yml"}:
            what = f"the input '{named[0]}'" if named else "a YAML file"
            return Outcome("", EXIT_USAGE, f"cjm: error: --out '{out}' is {what}: give a new file")
    outputs = [out, *beside]
    before = [file_identity(path) for path in outputs]

    def remove_stale() -> None:
        for path, earlier in zip(outputs, before, strict=True):
            if earlier is not None and file_identity(path) == earlier:
                discard(path)

    try:
        outcome = produce()
    except WriteError as error:
        outcome = Outcome("", EXIT_USAGE, f"cjm: error: {error}")
    except BaseException:
        with suppress(OSError):  # the error being raised is the one to report
            remove_stale()
        raise
    try:
        remove_stale()
    except WriteError as error:
        message = "\n".join(filter(None, (outcome.error, f"cjm: error: {error}")))
        return Outcome(outcome.output, max(outcome.status, EXIT_USAGE), message)
    return outcome


def report(
    paths: Sequence[str],
    *,
    output_format: str = "markdown",
    today: str | None = None,
    out: str | None = None,
) -> Outcome:
    """``cjm report``: the workspace's roll-ups (opportunities, metrics, goals, pain
    points, evidence) as Markdown, JSON or CSV, to stdout or atomically to ``out``.

    ``today`` (``YYYY-MM-DD``, default: the clock) decides which goals are overdue. A
    workspace with errors gives no report: its diagnostics go to stderr, exit status 1,
    as ``render`` does, so a report never rolls up half-read journeys; and ``out`` then
    holds no report at all, never an earlier run's (:func:`_report_to_file`, as for
    ``cjm diff --out``).
    """

    def produce() -> Outcome:
        return _report(paths, output_format=output_format, today=today, out=out)

    if out is None:
        return produce()
    return _report_to_file(Path(out), paths, produce)


def _report(
    paths: Sequence[str], *, output_format: str, today: str | None, out: str | None
) -> Outcome:
    """The body of :func:`report`: the report printed, or written to ``out``."""
    from cjm.report import ReportFormat
    from cjm.workspace import WorkspaceError, display_path

    try:
        chosen_format = ReportFormat(output_format)
    except ValueError:
        names = ", ".join(item.value for item in ReportFormat)
        return Outcome("", EXIT_USAGE, f"cjm: error: --format '{output_format}': use {names}")
    day = _day(today)
    if isinstance(day, Outcome):
        return day
    try:
        workspace = _one_workspace(paths, "report")
    except WorkspaceError as error:
        return Outcome("", EXIT_USAGE, f"cjm: error: {error}")
    refused = _refused_with_errors(workspace, "no report")
    if refused:
        return refused
    from cjm.report.formats import format_report
    from cjm.report.tables import build_report

    text = format_report(build_report(workspace, day), chosen_format)
    if out is None:
        return Outcome(text, EXIT_OK)
    target = Path(out)
    if target.is_dir():
        return Outcome("", EXIT_USAGE, f"cjm: error: --out '{out}' is a folder, not a file")
    from cjm.files import WriteError, write_atomic

    try:
        write_atomic(target, text)
    except WriteError as error:
        return Outcome("", EXIT_USAGE, f"cjm: error: {error}")
    return Outcome(f"wrote {display_path(target)}\n", EXIT_OK)


def _day(today: str | None) -> datetime.date | Outcome:
    """The day of this command: ``--today``'s, else the clock's; or the usage error a
    ``--today`` that is no date is.

    The one place a command asks what day it is. Lint rules, every rendered page, the
    index and the report are given this day and never ask the clock themselves, so one
    run cannot judge a goal on two days (a render across midnight), and a test fixes
    the day by replacing :func:`cjm.clock.today` alone.
    """
    from cjm import clock

    if today is None:
        return clock.today()
    try:
        return clock.parse_day(today)
    except ValueError as error:
        return Outcome("", EXIT_USAGE, f"cjm: error: {error}")
