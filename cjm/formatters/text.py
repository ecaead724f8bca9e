"""``PATH:LINE:COL: CODE severity: message``, one a line, never wrapped, then a summary.

Written as plain strings rather than through rich: a terminal's width must never break
a line that editors and CI problem matchers parse.
"""

from __future__ import annotations

from cjm.diagnostics import Diagnostic, Severity, Summary
from cjm.formatters.report import Report

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def format_text(report: Report) -> str:
    lines = [diagnostic_line(diagnostic, color=report.color) for diagnostic in report.diagnostics]
    if not report.quiet:
        summary = summary_line(report.summary)
        lines.append(f"{_DIM}{summary}{_RESET}" if report.color else summary)
    return "".join(line + "\n" for line in lines)


def diagnostic_line(diagnostic: Diagnostic, *, color: bool = False) -> str:
    """One diagnostic as ``PATH:LINE:COL: CODE severity: message``, without a newline.

    The one place a diagnostic becomes a text line: ``cjm diff`` prints an invalid
    side's errors with it too, so an editor or CI problem matcher that parses
    ``cjm validate`` parses those lines alike.
    """
    location = f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}:"
    severity = diagnostic.severity.value
    if color:
        shade = _COLORS[diagnostic.severity]
        return (
            f"{_BOLD}{location}{_RESET} {shade}{diagnostic.code} {severity}:{_RESET} "
            f"{diagnostic.message}"
        )
    return f"{location} {diagnostic.code} {severity}: {diagnostic.message}"


def summary_line(summary: Summary) -> str:
    """'3 files, 5 documents checked: 1 error, 2 warnings, 0 infos'."""
    checked = f"{_plural(summary.files, 'file')}, {_plural(summary.documents, 'document')} checked"
    if not (summary.errors or summary.warnings or summary.infos):
        return f"{checked}: no problems"
    counts = ", ".join(
        (
            _plural(summary.errors, "error"),
            _plural(summary.warnings, "warning"),
            _plural(summary.infos, "info"),
        )
    )
    return f"{checked}: {counts}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
