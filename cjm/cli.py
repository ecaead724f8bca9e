"""The ``cjm`` command line: parse options, call one function, map it to an exit status.

Start-up cost matters (``cjm validate`` runs in pre-commit hooks), so nothing heavy is
imported here: typer's help is formatted without rich, and each command imports what it
needs when it runs.
"""

import os
import sys
from typing import Annotated, Any

import typer

from cjm import __version__
from cjm.diff import DiffFormat, FailOn
from cjm.diff.pipeline import DEFAULT_MAX_CHARS, MIN_MAX_CHARS
from cjm.formatters import OutputFormat
from cjm.render import RenderFormat
from cjm.report import ReportFormat

BUG_REPORT = "please report it at https://github.com/cjm-dev/cjm/issues with the command you ran"

app = typer.Typer(
    name="cjm",
    help="Customer journey maps as code: validate, lint, diff and render journey YAML.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    # --install-completion / --show-completion: typer's completion imports shellingham
    # (well under a millisecond) and nothing heavy, so every command may carry it.
    add_completion=True,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

_debug = False

PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Folders or files to check (default: the current folder).", show_default=False
    ),
]
#: ``--format``/``-f``, declared once: every command takes its own enum of format names
#: with it (typer copies the option for each parameter, so one declaration serves all).
_FORMAT = typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
FormatOption = Annotated[OutputFormat, _FORMAT]
RenderFormatOption = Annotated[RenderFormat, _FORMAT]
DiffFormatOption = Annotated[DiffFormat, _FORMAT]
ReportFormatOption = Annotated[ReportFormat, _FORMAT]
#: ``--today``: one meaning wherever goals' due dates are judged (lint's CJM216, the
#: pages' "due in", the report's overdue goals), so one help text.
TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        help="Count goals' due dates from this day, not from today's date.",
        show_default=False,
    ),
]
#: What ``--out`` does with a file, said once for every command that writes one.
OUT_FILE_HELP = (
    "Write to this file (atomically) instead of stdout; a link is followed and kept, "
    "an existing file keeps its permissions."
)
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print findings only, no summary line.")
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Exit 1 on warnings too, not only on errors.")
]


def _out(*, metavar: str, help: str) -> Any:  # Any: what typer.Option returns
    """``--out``/``-o``, declared here only. Its help is each command's own, because the
    meaning is: a file (``metavar="FILE"``) for the commands that print one report, a
    folder (``"DIR"``) for those that write several files."""
    return typer.Option("--out", "-o", metavar=metavar, help=help)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"cjm {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
) -> None:
    """Customer journey maps as code."""
    global _debug
    _debug = debug


def _use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ  # set at all: no colour


def _finish(output: str, status: int, error: str = "") -> None:
    if output:
        sys.stdout.write(output)
        sys.stdout.flush()
    if error:
        sys.stderr.write(error.rstrip("\n") + "\n")
    raise typer.Exit(status)


@app.command()
def validate(
    paths: PathsArgument = None,
    output_format: FormatOption = OutputFormat.TEXT,
    quiet: QuietOption = False,
    strict: StrictOption = False,
) -> None:
    """Check the maps against the format (CJM1xx).

    The YAML, the schema of each document, ids and references.
    """
    from cjm import commands

    outcome = commands.validate(
        paths or [], output_format=output_format, quiet=quiet, strict=strict, color=_use_color()
    )
    _finish(outcome.output, outcome.status, outcome.error)


@app.command()
def lint(
    paths: PathsArgument = None,
    output_format: FormatOption = OutputFormat.TEXT,
    quiet: QuietOption = False,
    strict: StrictOption = False,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            help="Run only these rules: codes, names or code prefixes, comma-separated.",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Skip these rules (added to cjm.yaml's lint.ignore).",
            show_default=False,
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """Check journey quality with the lint rules (CJM2xx).

    Validation errors (CJM1xx) are reported too, so lint alone checks everything.
    """
    from cjm import commands

    outcome = commands.lint(
        paths or [],
        output_format=output_format,
        quiet=quiet,
        strict=strict,
        color=_use_color(),
        select=select or [],
        ignore=ignore or [],
        today=today,
    )
    _finish(outcome.output, outcome.status, outcome.error)


@app.command()
def rules(
    code: Annotated[
        str | None,
        typer.Argument(help="A rule code or name to explain.", show_default=False),
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the rule catalogue as Markdown.")
    ] = False,
) -> None:
    """List the lint rules, or explain one.

    A rule is explained with why it matters and a bad and a good example.
    """
    from cjm import commands

    outcome = commands.rules(code, markdown=markdown)
    _finish(outcome.output, outcome.status, outcome.error)


@app.command()
def render(
    paths: PathsArgument = None,
    output_format: RenderFormatOption = RenderFormat.HTML,
    out: Annotated[
        str,
        _out(metavar="DIR", help="Folder to write to (created if missing)."),
    ] = "cjm-out",
    journey: Annotated[
        list[str] | None,
        typer.Option(
            "--journey", "-j", help="Render only this journey (repeatable).", show_default=False
        ),
    ] = None,
    today: TodayOption = None,
) -> None:
    """Draw journeys as HTML, SVG, PNG, PDF, DOT or Mermaid.

    One file per journey; HTML also writes index.html, which lists every journey.
    """
    from cjm import commands

    outcome = commands.render(
        paths or [],
        output_format=output_format.value,
        out=out,
        journeys=journey or [],
        show_progress=sys.stderr.isatty(),
        today=today,
    )
    _finish(outcome.output, outcome.status, outcome.error)


@app.command()
def diff(
    old: Annotated[
        str | None,
        typer.Argument(
            help="The old version: a folder, a file or a git revision (main, HEAD~1, a sha).",
            metavar="OLD",
            show_default=False,
        ),
    ] = None,
    new: Annotated[
        str | None,
        typer.Argument(
            help="The new version, the same way (default: the working tree).",
            metavar="NEW",
            show_default=False,
        ),
    ] = None,
    output_format: DiffFormatOption = DiffFormat.TEXT,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are differences, as git diff.")
    ] = False,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a change makes a journey worse (a merge gate).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    workspace: Annotated[
        str,
        typer.Option(
            "--workspace",
            "-w",
            metavar="DIR",
            help="The workspace folder a revision is read from.",
        ),
    ] = ".",
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="ID",
            help="Compare the ideal journey ID with the journey its `baseline` names.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        str | None,
        _out(
            metavar="FILE",
            help=(
                f"{OUT_FILE_HELP} A Markdown report cut "
                "to --max-chars is written whole beside it, as FILE's name with .full "
                "(comment.md: comment.full.md); a report that fits removes an earlier "
                "one. A run that gives no report (a side that does not validate, a usage "
                "error) removes both files, so they never hold an earlier run's report."
            ),
        ),
    ] = None,
    max_chars: Annotated[
        int,
        typer.Option(
            "--max-chars",
            metavar="N",
            help=(
                "Markdown only: shorten the report to at most N characters (a pull "
                "request comment's limit), keeping the summary, which counts every "
                "regression, and as many regressions as fit, worst first; "
                f"at least {MIN_MAX_CHARS}."
            ),
        ),
    ] = DEFAULT_MAX_CHARS,
) -> None:
    """Show what changed between two versions of the maps.

    In words a reviewer reads, each change judged better, worse or neutral for the
    customer; OLD and NEW are folders, files or git revisions.
    """
    from cjm import commands

    outcome = commands.diff(
        old,
        new,
        output_format=output_format,
        exit_code=exit_code,
        fail_on=fail_on,
        workspace=workspace,
        baseline=baseline,
        out=out,
        color=_use_color(),
        max_chars=max_chars,
    )
    _finish(outcome.output, outcome.status, outcome.error)


@app.command()
def report(
    paths: PathsArgument = None,
    output_format: ReportFormatOption = ReportFormat.MARKDOWN,
    today: TodayOption = None,
    out: Annotated[
        str | None,
        _out(
            metavar="FILE",
            help=(
                f"{OUT_FILE_HELP} A run that gives no report (the workspace does not "
                "validate, a usage error) removes the file, so it never holds an earlier "
                "run's report."
            ),
        ),
    ] = None,
) -> None:
    """Roll up opportunities, metrics, goals, pains and evidence.

    For a review (Markdown), a spreadsheet (CSV) or a script (JSON).
    """
    from cjm import commands

    outcome = commands.report(paths or [], output_format=output_format.value, today=today, out=out)
    _finish(outcome.output, outcome.status, outcome.error)


@app.command()
def schema(
    out: Annotated[
        str, _out(metavar="DIR", help="Folder to write the schema files to.")
    ] = "schemas",
    check: Annotated[
        bool, typer.Option("--check", help="Only check the files are up to date (exit 1 if not).")
    ] = False,
) -> None:
    """Write the JSON Schema files editors check maps with.

    One file for each kind, and cjm.schema.json, which picks one by a document's kind.
    """
    from cjm import commands

    outcome = commands.write_schemas(out, check=check)
    _finish(outcome.output, outcome.status, outcome.error)


@app.command()
def init(
    directory: Annotated[
        str,
        typer.Argument(
            help="Folder to create the workspace in (created if missing).", metavar="DIR"
        ),
    ] = ".",
) -> None:
    """Start a workspace with a sample journey.

    Also the schemas, and editor, pre-commit and CI settings. It never overwrites a
    file: with one in the way, nothing is written.
    """
    from cjm import starter

    outcome = starter.init(directory)
    _finish(outcome.output, outcome.status, outcome.error)


def main(argv: list[str] | None = None) -> None:
    """Entry point: any unexpected exception is exit 3 with one line, never a traceback."""
    from cjm.terminal import tolerant_output

    tolerant_output()
    try:
        app(args=argv, prog_name="cjm")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("cjm: interrupted\n")
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
    except Exception as error:  # the last line of defence: no traceback for users
        debugging = _debug or bool(os.environ.get("CJM_DEBUG"))
        if debugging:
            import traceback

            traceback.print_exc()
        hint = "" if debugging else " (run with --debug for the traceback)"
        sys.stderr.write(
            f"cjm: internal error: {type(error).__name__}: {error}; {BUG_REPORT}{hint}\n"
        )
        sys.exit(3)
