"""GitHub Actions workflow commands, so CI annotates the lines of a pull request.

GitHub places an annotation by the file's path in the repository, whatever folder the
step ran in: ``file=`` is relative to the git work tree's root (absolute for a file
outside it), not to the current folder as in ``text``.

Values are escaped as the runner expects (``%``, CR and LF everywhere; ``:`` and ``,``
too inside properties), or a message with a newline would end the command early.
"""

from __future__ import annotations

from cjm.diagnostics import Severity
from cjm.formatters.report import Report

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(report: Report) -> str:
    lines = []
    _, located = report.locations()
    for place, diagnostic in zip(located, report.diagnostics, strict=True):
        properties = ",".join(
            (
                f"file={_property(place.path)}",
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
