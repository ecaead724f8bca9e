"""SARIF 2.1.0 for code-scanning dashboards: the rule catalogue plus one result each."""

from __future__ import annotations

import json
from typing import Any

from cjm import __version__
from cjm.diagnostics import Severity
from cjm.formatters.report import Report

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"


def format_sarif(report: Report) -> str:
    codes = sorted(report.codes)
    rule_index = {code: index for index, code in enumerate(codes)}
    rules = [
        {
            "id": info.code,
            "name": info.name,
            "shortDescription": {"text": info.summary},
            "fullDescription": {"text": info.summary},
            "help": {"text": info.help or f"{info.code} ({info.name}): {info.summary}"},
            "defaultConfiguration": {"level": _LEVELS[info.severity]},
        }
        for info in (report.codes[code] for code in codes)
    ]
    results: list[dict[str, Any]] = []
    for diagnostic in report.diagnostics:
        region: dict[str, int] = {"startLine": diagnostic.line, "startColumn": diagnostic.column}
        if diagnostic.end_line is not None:
            region["endLine"] = diagnostic.end_line
        if diagnostic.end_column is not None:
            region["endColumn"] = diagnostic.end_column
        result: dict[str, Any] = {
            "ruleId": diagnostic.code,
            "level": _LEVELS[diagnostic.severity],
            "message": {"text": diagnostic.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": diagnostic.path, "uriBaseId": "%SRCROOT%"},
                        "region": region,
                    }
                }
            ],
        }
        if diagnostic.code in rule_index:
            result["ruleIndex"] = rule_index[diagnostic.code]
        results.append(result)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "cjm",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/cjm/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
