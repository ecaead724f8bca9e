"""Output formats for diagnostics: one module each, one function ``Report -> str``.

The CLI picks a formatter by :class:`OutputFormat` with :func:`formatter_for`; a test
checks every member has one, so adding a format cannot be half done.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this package for OutputFormat: keep it light
    from cjm.formatters.report import Report


class OutputFormat(enum.StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"
    GITLAB = "gitlab"


Formatter = Callable[["Report"], str]


def formatter_for(output_format: OutputFormat) -> Formatter:
    """Imported on use: a run pays only for the format it prints."""
    if output_format is OutputFormat.TEXT:
        from cjm.formatters.text import format_text

        return format_text
    if output_format is OutputFormat.JSON:
        from cjm.formatters.json import format_json

        return format_json
    if output_format is OutputFormat.GITHUB:
        from cjm.formatters.github import format_github

        return format_github
    if output_format is OutputFormat.SARIF:
        from cjm.formatters.sarif import format_sarif

        return format_sarif
    if output_format is OutputFormat.GITLAB:
        from cjm.formatters.gitlab import format_gitlab

        return format_gitlab
    from typing import assert_never

    assert_never(output_format)
