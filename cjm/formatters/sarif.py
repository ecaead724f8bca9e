"""SARIF 2.1.0 for code-scanning dashboards: the rule catalogue plus one result each.

Every ``artifactLocation.uri`` is an RFC 3986 URI reference: percent-encoded, relative
to ``%SRCROOT%`` (the git work tree's root, declared in ``run.originalUriBaseIds``), so
GitHub places the finding on the file of the repository whatever folder cjm ran in. A
raw path is not a URI: ``50% off.yaml`` or ``zażółć.yaml`` fail the schema's
``uri-reference`` format, ``x%25.yaml`` decodes to another file, and ``c:d.yaml`` reads
as the scheme ``c``. A file outside the root gets an absolute ``file://`` URI instead of
a ``../`` path that no dashboard can show.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any
from urllib.parse import quote_from_bytes

from cjm import __version__
from cjm.diagnostics import Severity
from cjm.formatters.report import Report, RepositoryPath

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "%SRCROOT%"
_DRIVE = re.compile(r"/[A-Za-z]:")


def format_sarif(report: Report) -> str:
    root, located = report.locations()
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
    for place, diagnostic in zip(located, report.diagnostics, strict=True):
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
                        "artifactLocation": _artifact_location(place),
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
                "originalUriBaseIds": {BASE_ID: {"uri": file_uri(root, folder=True)}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _artifact_location(located: RepositoryPath) -> dict[str, str]:
    if located.inside:
        return {"uri": _encode(located.path), "uriBaseId": BASE_ID}
    return {"uri": file_uri(located.absolute)}


def file_uri(absolute: str, *, folder: bool = False) -> str:
    """``file:///...`` for an absolute path; a folder's ends in ``/``, as a base URI must
    (without it, RFC 3986 resolution would drop the folder's last segment)."""
    posix = absolute.replace(os.sep, "/")
    if not posix.startswith("/"):  # C:/x on Windows: the drive is the first segment
        posix = "/" + posix
    if folder and not posix.endswith("/"):
        posix += "/"
    # A Windows drive keeps its colon (file:///C:/x), as every tool that reads file URIs
    # expects; anywhere else a colon is encoded like in relative references.
    drive = posix[:3] if _DRIVE.match(posix) else ""
    return "file://" + drive + _encode(posix[len(drive) :])


def _encode(path: str) -> str:
    """Percent-encode everything but unreserved characters and ``/``.

    Works on the file name's bytes (``os.fsencode``) so a name that is not valid UTF-8
    still gets a URI that decodes back to it; ``:`` is encoded because in the first
    segment of a relative reference it would start a scheme.
    """
    return quote_from_bytes(os.fsencode(path), safe="/")
