"""One JSON object with ``diagnostics`` and ``summary``, keys exactly as the README's
"Output" lists them."""

from __future__ import annotations

import json

from cjm.formatters.report import Report


def format_json(report: Report) -> str:
    payload = {
        "diagnostics": [
            {
                "path": diagnostic.path,
                "line": diagnostic.line,
                "column": diagnostic.column,
                "end_line": diagnostic.end_line,
                "end_column": diagnostic.end_column,
                "code": diagnostic.code,
                "severity": diagnostic.severity.value,
                "message": diagnostic.message,
                "rule": diagnostic.rule,
            }
            for diagnostic in report.diagnostics
        ],
        "summary": {
            "files": report.summary.files,
            "documents": report.summary.documents,
            "errors": report.summary.errors,
            "warnings": report.summary.warnings,
            "infos": report.summary.infos,
        },
    }
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
