"""Output formats for diagnostics: one module each, one function ``Report -> str``.

The CLI picks a formatter by :class:`OutputFormat` from :data:`FORMATTERS`, a
:class:`~cjm.registry.FormatRegistry` like every other command's formats: every member
must have a formatter, so adding a format cannot be half done.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING

from cjm.registry import FormatRegistry

if TYPE_CHECKING:  # the CLI imports this package for OutputFormat: keep it light
    from cjm.formatters.report import Report


class OutputFormat(enum.StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"
    GITLAB = "gitlab"


Formatter = Callable[["Report"], str]

FORMATTERS: FormatRegistry[OutputFormat, Formatter] = FormatRegistry(
    OutputFormat,
    {
        OutputFormat.TEXT: "cjm.formatters.text:format_text",
        OutputFormat.JSON: "cjm.formatters.json:format_json",
        OutputFormat.GITHUB: "cjm.formatters.github:format_github",
        OutputFormat.SARIF: "cjm.formatters.sarif:format_sarif",
        OutputFormat.GITLAB: "cjm.formatters.gitlab:format_gitlab",
    },
)


def formatter_for(output_format: OutputFormat) -> Formatter:
    """Imported on use: a run pays only for the format it prints."""
    return FORMATTERS[output_format]
