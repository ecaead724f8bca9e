"""``cjm report``: the workspace's roll-ups as data, for a review meeting or a spreadsheet.

The tables are built once (:mod:`cjm.report.tables`) from a loaded workspace and written
by one of three formatters (:mod:`cjm.report.formats`), so Markdown, JSON and CSV can
never disagree about a number. This module holds only the format names, so the CLI can
offer them without importing the model.
"""

from __future__ import annotations

import enum


class ReportFormat(enum.StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"
