"""What each command does, as functions the CLI and the tests both call.

Each returns an :class:`Outcome` (text to print and the exit status) instead of
printing, so tests need no subprocess and the CLI holds no logic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cjm.diagnostics import VALIDATION_CODES, Severity, Summary
from cjm.formatters import OutputFormat, formatter_for
from cjm.formatters.report import Report

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


@dataclass(frozen=True, slots=True)
class Outcome:
    output: str
    status: int
    error: str = ""


def validate(
    paths: Sequence[str],
    *,
    output_format: OutputFormat = OutputFormat.TEXT,
    quiet: bool = False,
    strict: bool = False,
    color: bool = False,
) -> Outcome:
    """``cjm validate``: CJM1xx only, for CI and pre-commit hooks."""
    from cjm.workspace import WorkspaceError, load_workspace

    try:
        workspaces = [load_workspace(*group) for group in _group_by_workspace(paths)]
    except WorkspaceError as error:
        return Outcome("", EXIT_USAGE, f"cjm: error: {error}")
    diagnostics = sorted(
        (d for workspace in workspaces for d in workspace.diagnostics), key=lambda d: d.sort_key
    )
    summary = Summary.of(
        diagnostics,
        files=sum(workspace.scope_files for workspace in workspaces),
        documents=sum(workspace.scope_documents for workspace in workspaces),
    )
    report = Report(diagnostics, summary, VALIDATION_CODES, color=color, quiet=quiet)
    failing = summary.errors > 0 or (strict and summary.warnings > 0)
    return Outcome(formatter_for(output_format)(report), EXIT_FINDINGS if failing else EXIT_OK)


def lint(
    paths: Sequence[str],
    *,
    output_format: OutputFormat = OutputFormat.TEXT,
    quiet: bool = False,
    strict: bool = False,
    color: bool = False,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Outcome:
    """``cjm lint``: CJM1xx and the journey-quality rules (CJM2xx)."""
    from cjm.lint import UnknownRuleError, catalogue, lint_workspace, resolve_codes, settings_for
    from cjm.workspace import WorkspaceError, load_workspace

    try:
        resolve_codes([*select, *ignore])  # a typo on the command line is a usage error
        workspaces = [load_workspace(*group) for group in _group_by_workspace(paths)]
    except (WorkspaceError, UnknownRuleError) as error:
        return Outcome("", EXIT_USAGE, f"cjm: error: {error}")
    diagnostics = []
    for workspace in workspaces:
        settings, problems = settings_for(workspace, select=select, ignore=ignore)
        diagnostics.extend(problems)
        diagnostics.extend(lint_workspace(workspace, settings))
    diagnostics.sort(key=lambda d: d.sort_key)
    summary = Summary.of(
        diagnostics,
        files=sum(workspace.scope_files for workspace in workspaces),
        documents=sum(workspace.scope_documents for workspace in workspaces),
    )
    report = Report(diagnostics, summary, catalogue(), color=color, quiet=quiet)
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


def _group_by_workspace(paths: Sequence[str]) -> list[list[str]]:
    """Paths under one ``cjm.yaml`` are read as one workspace; others each on their own,
    except that config-less files are read together so they may refer to each other."""
    from cjm.workspace import WorkspaceError, find_config

    if not paths:
        return [["."]]
    groups: dict[Path | None, list[str]] = {}
    for path in paths:
        target = Path(path)
        if not target.exists():
            raise WorkspaceError(f"path '{path}' does not exist")
        groups.setdefault(find_config(target.resolve()), []).append(path)
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
    from cjm.workspace import display_path

    written = schema.write_schemas(target)
    return Outcome("".join(f"wrote {display_path(path)}\n" for path in written), EXIT_OK)


def severity_counts(summary: Summary) -> dict[Severity, int]:
    return {
        Severity.ERROR: summary.errors,
        Severity.WARNING: summary.warnings,
        Severity.INFO: summary.infos,
    }
