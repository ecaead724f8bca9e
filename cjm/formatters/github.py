"""GitHub Actions workflow commands, so CI annotates the lines of a pull request.

Values are escaped as the runner expects (``%``, CR and LF everywhere; ``:`` and ``,``
too inside properties), or a message with a newline would end the command early.
"""

from __future__ import annotations

from cjm.diagnostics import Severity
from cjm.formatters.report import Report

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(report: Report) -> str:
    lines = []
    for diagnostic in report.diagnostics:
        properties = ",".join(
            (
                f"file={_property(diagnostic.path)}",
                f"line={diagnostic.line}",
                f"col={diagnostic.column}",
                f"title={_property(diagnostic.code)}",
            )
        )
        command = _COMMANDS[diagnostic.severity]
        lines.append(f"::{command} {properties}::{_data(diagnostic.message)}\n")
    return "".join(lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
