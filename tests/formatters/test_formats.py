"""Every output format, as snapshots reviewed like code, plus the contract's exact keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from cjm.diagnostics import (
    VALIDATION_CODES,
    Diagnostic,
    Severity,
    Summary,
    validation_diagnostic,
)
from cjm.formatters import OutputFormat, formatter_for
from cjm.formatters.report import Report
from tests.conftest import DIAGNOSTIC_KEYS, run_cli, write

DIAGNOSTICS = [
    validation_diagnostic(
        "CJM102",
        "unknown field 'colour'",
        path="journeys/buy-and-have.yaml",
        line=7,
        column=1,
        end_line=7,
        end_column=7,
    ),
    validation_diagnostic(
        "CJM104",
        "unknown persona 'anya' (did you mean 'ania'?)",
        path="journeys/buy-and-have.yaml",
        line=5,
        column=10,
        end_line=5,
        end_column=14,
    ),
    # Built directly: validation_diagnostic() would escape the newline before a
    # formatter sees it, and formatters must still be safe on their own.
    Diagnostic(
        path="odd, name:1.yaml",
        line=1,
        column=1,
        code="CJM100",
        severity=Severity.ERROR,
        message="file is not UTF-8 text,\nline two: 100% broken",
        rule="yaml-syntax",
    ),
]
# A fixed folder, outside any git work tree, so SARIF's %SRCROOT% is the same everywhere.
REPORT = Report(
    DIAGNOSTICS,
    Summary.of(DIAGNOSTICS, files=2, documents=3),
    VALIDATION_CODES,
    folder="/nonexistent/cjm snapshot",
)


@pytest.mark.parametrize("output_format", list(OutputFormat))
def test_snapshot(output_format: OutputFormat, snapshot: SnapshotAssertion) -> None:
    assert formatter_for(output_format)(REPORT) == snapshot


def test_every_format_has_a_formatter() -> None:
    for output_format in OutputFormat:
        assert callable(formatter_for(output_format))


def test_json_keys_exactly_as_format_md() -> None:
    payload = json.loads(formatter_for(OutputFormat.JSON)(REPORT))
    assert set(payload) == {"diagnostics", "summary"}
    assert set(payload["summary"]) == {"files", "documents", "errors", "warnings", "infos"}
    for item in payload["diagnostics"]:
        assert set(item) == DIAGNOSTIC_KEYS
    assert payload["diagnostics"][2]["end_line"] is None
    assert payload["summary"] == {
        "files": 2,
        "documents": 3,
        "errors": 3,
        "warnings": 0,
        "infos": 0,
    }
    assert payload["diagnostics"][1]["rule"] == "unknown-reference"


def test_github_escapes_newlines_and_property_separators() -> None:
    lines = formatter_for(OutputFormat.GITHUB)(REPORT).splitlines()
    assert len(lines) == 3
    assert lines[0] == (
        "::error file=journeys/buy-and-have.yaml,line=7,col=1,title=CJM102::unknown field 'colour'"
    )
    assert lines[2] == (
        "::error file=odd%2C name%3A1.yaml,line=1,col=1,title=CJM100::"
        "file is not UTF-8 text,%0Aline two: 100%25 broken"
    )


def test_sarif_shape() -> None:
    log = json.loads(formatter_for(OutputFormat.SARIF)(REPORT))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted(VALIDATION_CODES)
    assert all(rule["shortDescription"]["text"] and rule["help"]["text"] for rule in rules)
    result = run["results"][1]
    assert result["ruleId"] == "CJM104"
    assert rules[result["ruleIndex"]]["id"] == "CJM104"
    assert result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "startColumn": 10, "endLine": 5, "endColumn": 14}


def test_text_never_wraps_at_narrow_width(in_tmp: Path) -> None:
    long_id = "a-very-long-persona-identifier-that-goes-on-and-on-and-on-forever"[:64]
    write(
        in_tmp,
        "journeys/some/deeply/nested/folder/a-journey-with-a-long-file-name.yaml",
        f"cjm: 1\nkind: journey\nid: j\ntitle: T\npersona: {long_id}\nstages:\n  - name: S\n",
    )
    from typer.testing import CliRunner

    from cjm.cli import app

    result = CliRunner().invoke(
        app, ["validate"], env={"COLUMNS": "60", "NO_COLOR": "1"}, catch_exceptions=False
    )
    first = result.stdout.splitlines()[0]
    assert first == (
        "journeys/some/deeply/nested/folder/a-journey-with-a-long-file-name.yaml:5:10: "
        f"CJM104 error: unknown persona '{long_id}'"
    )


def test_message_is_the_same_string_in_every_format(in_tmp: Path) -> None:
    write(in_tmp, "p.yaml", "cjm: 1\nkind: persona\nid: ania\nname: A\nnmae: B\n")
    text = run_cli("validate", "-f", "text").stdout.splitlines()[0]
    message = text.split(" error: ", 1)[1]
    payload = json.loads(run_cli("validate", "-f", "json").stdout)
    assert payload["diagnostics"][0]["message"] == message
    sarif = json.loads(run_cli("validate", "-f", "sarif").stdout)
    assert sarif["runs"][0]["results"][0]["message"]["text"] == message
    github = run_cli("validate", "-f", "github").stdout
    assert github.rstrip("\n").endswith("::" + message)
    gitlab = json.loads(run_cli("validate", "-f", "gitlab").stdout)
    assert gitlab[0]["description"] == "CJM102: " + message
