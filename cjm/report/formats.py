"""The report's three formats: Markdown for the meeting, JSON for tools, CSV for sheets.

Each takes the one :class:`~cjm.report.tables.ReportData` and only writes it out; no
formatter computes anything, so the three always agree.

CSV is one table: the first column, ``section``, names the roll-up a row belongs to and
the header is every section's columns in order (a column another section has is empty),
so a spreadsheet filters by section and :class:`csv.DictReader` reads it back.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from cjm.formatters.markdown import escape_markdown
from cjm.registry import FormatRegistry
from cjm.report import ReportFormat
from cjm.report.tables import Cell, ReportData, Table

#: First characters a spreadsheet reads as a formula (or that hide one): OWASP's list.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Each format's writer, the same shape as every command's formats (:mod:`cjm.registry`).
FORMATTERS: FormatRegistry[ReportFormat, Callable[[ReportData], str]] = FormatRegistry(
    ReportFormat,
    {
        ReportFormat.MARKDOWN: "cjm.report.formats:format_markdown",
        ReportFormat.JSON: "cjm.report.formats:format_json",
        ReportFormat.CSV: "cjm.report.formats:format_csv",
    },
)


def format_report(report: ReportData, output_format: ReportFormat) -> str:
    """The report in ``output_format``, ending with a newline."""
    return FORMATTERS[output_format](report)


def format_json(report: ReportData) -> str:
    """``{"opportunities": [{...}], ..., "today": "YYYY-MM-DD"}``, keys sorted."""
    data: dict[str, object] = {
        name: [dict(zip(table.columns, row, strict=True)) for row in table.rows]
        for name, table in report.tables.items()
    }
    data["today"] = report.today.isoformat()
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _markdown_table(table: Table) -> list[str]:
    if not table.rows:
        return [f"## {table.title}", "", "None.", ""]
    lines = [f"## {table.title}", ""]
    lines.append("| " + " | ".join(column.replace("_", " ") for column in table.columns) + " |")
    lines.append("|" + "---|" * len(table.columns))
    lines.extend(
        "| " + " | ".join(escape_markdown(str(cell)) for cell in row) + " |" for row in table.rows
    )
    return [*lines, ""]


def format_markdown(report: ReportData) -> str:
    """A heading, the day, then a heading and a GitHub table per section; every cell
    through the one Markdown escaper, so a report pasted into a pull request or an issue
    keeps its tables and notifies nobody (a goal owned by ``@team`` stays text)."""
    lines = ["# Journey report", "", f"As of {report.today.isoformat()}.", ""]
    for table in report.tables.values():
        lines.extend(_markdown_table(table))
    return "\n".join(lines)


def escape_formula(cell: Cell) -> Cell:
    """Text a spreadsheet would run as a formula, prefixed with ``'`` so it stays text."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_columns(report: ReportData) -> list[str]:
    """``section`` then every section's columns, each once, in the order first met."""
    columns = ["section"]
    for table in report.tables.values():
        columns.extend(column for column in table.columns if column not in columns)
    return columns


def format_csv(report: ReportData) -> str:
    """RFC 4180 (CRLF line ends, quotes doubled) with formula-like cells escaped."""
    columns = csv_columns(report)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for name, table in report.tables.items():
        for row in table.rows:
            cells = {
                column: escape_formula(cell)
                for column, cell in zip(table.columns, row, strict=True)
            }
            writer.writerow({"section": name, **cells})
    return buffer.getvalue()
