"""`cjm report`: the roll-ups as Markdown, JSON and CSV, exact to the cell.

The example's three formats are snapshots reviewed like code; a small workspace written
here pins every value (an overdue goal, a met metric, a severe pain, a full opportunity)
and the escaping that keeps a table a table and a spreadsheet free of formulas.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from cjm import commands
from cjm.report.formats import escape_formula
from tests.conftest import EXAMPLES, run_cli, write

WORKSPACE = {
    "cjm.yaml": "cjm: 1\nname: Report test\n",
    "personas/ana.yaml": """
        cjm: 1
        kind: persona
        id: ana
        name: Ana
        goals: [Get a refund]
    """,
    "journeys/refund.yaml": """
        cjm: 1
        kind: journey
        id: refund
        title: Refund
        persona: ana
        goals:
          - id: faster
            description: Answer within a day
            metric: response-time
            due: 2026-01-31
          - id: happy
            description: "Keep CSAT at 4 | better"
            metric: csat
            due: 2027-03-01
        stages:
          - id: ask
            name: Ask
            steps:
              - id: writes
                action: Writes to support
                evidence: [tickets 2026]
                pain_points:
                  - text: Nobody answers for days
                    severity: high
                  - "=HYPERLINK(\\"http://evil\\",\\"x\\")"
                  - "-2 days of waiting"
                opportunities:
                  - id: bot
                    text: "Answer with a bot | then a human"
                    impact: high
                    effort: medium
                    status: planned
                    owner: support
              - id: waits
                action: Waits
            metrics:
              - id: response-time
                name: First response
                value: 7200
                target: 3600
                unit: seconds
                better: lower
              - id: csat
                name: CSAT
                value: 4.5
                target: 4
                unit: score
    """,
}


@pytest.fixture
def small(tmp_path: Path) -> Path:
    for name, text in WORKSPACE.items():
        write(tmp_path, name, text)
    return tmp_path


@pytest.mark.parametrize("output_format", ["markdown", "json", "csv"])
def test_galeria_in_every_format(output_format: str, snapshot: SnapshotAssertion) -> None:
    """The command's own text (click's test runner would turn CSV's CRLF into LF)."""
    args = (str(EXAMPLES / "galeria"), "--today", "2026-12-01", "--format", output_format)
    outcome = commands.report([args[0]], output_format=output_format, today="2026-12-01")
    assert (outcome.status, outcome.error) == (0, "")
    assert outcome.output == snapshot
    cli = run_cli("report", *args)
    assert (cli.status, cli.stdout) == (0, outcome.output.replace("\r\n", "\n"))


def test_json_values_exactly(small: Path) -> None:
    result = run_cli("report", str(small), "--today", "2026-12-01", "--format", "json")
    assert result.status == 0
    data = json.loads(result.stdout)
    assert sorted(data) == ["evidence", "goals", "metrics", "opportunities", "pain_points", "today"]
    assert data["today"] == "2026-12-01"
    assert data["opportunities"] == [
        {
            "journey": "refund",
            "stage": "Ask",
            "step": "Writes to support",
            "text": "Answer with a bot | then a human",
            "impact": "high",
            "effort": "medium",
            "status": "planned",
            "owner": "support",
        }
    ]
    assert data["metrics"] == [
        {
            "journey": "refund",
            "stage": "Ask",
            "metric": "response-time",
            "name": "First response",
            "value": "2 h",
            "target": "1 h",
            "unit": "seconds",
            "better": "lower",
            "status": "above target",
            "distance": "1 h above",
        },
        {
            "journey": "refund",
            "stage": "Ask",
            "metric": "csat",
            "name": "CSAT",
            "value": "4.5",
            "target": "4",
            "unit": "score",
            "better": "higher",
            "status": "target met",
            "distance": "",
        },
    ]
    assert data["goals"] == [
        {
            "journey": "refund",
            "goal": "Answer within a day",
            "metric": "response-time",
            "due": "2026-01-31",
            "status": "missed",
            "overdue": "yes",
            "due_text": "overdue since 2026-01-31",
        },
        {
            "journey": "refund",
            "goal": "Keep CSAT at 4 | better",
            "metric": "csat",
            "due": "2027-03-01",
            "status": "met",
            "overdue": "no",
            "due_text": "due in 3 months",
        },
    ]
    assert data["pain_points"] == [
        {
            "journey": "refund",
            "stage": "Ask",
            "step": "Writes to support",
            "text": "Nobody answers for days",
            "severity": "high",
        },
        {
            "journey": "refund",
            "stage": "Ask",
            "step": "Writes to support",
            "text": '=HYPERLINK("http://evil","x")',
            "severity": "",
        },
        {
            "journey": "refund",
            "stage": "Ask",
            "step": "Writes to support",
            "text": "-2 days of waiting",
            "severity": "",
        },
    ]
    assert data["evidence"] == [
        {"journey": "refund", "steps": 2, "steps_with_evidence": 1, "share": "50%"}
    ]


def test_today_decides_overdue(small: Path) -> None:
    result = run_cli("report", str(small), "--today", "2026-01-31", "--format", "json")
    goal = json.loads(result.stdout)["goals"][0]
    assert (goal["overdue"], goal["due_text"]) == ("no", "due today")


def test_without_today_the_clock_decides(small: Path) -> None:
    data = json.loads(run_cli("report", str(small), "--format", "json").stdout)
    assert data["today"] == "2026-12-01"  # conftest's fixed clock
    assert data["goals"][0]["overdue"] == "yes"


def test_csv_escapes_formulas_and_parses_back(small: Path) -> None:
    result = commands.report([str(small)], output_format="csv", today="2026-12-01")
    assert result.status == 0
    assert result.output.count("\r\n") == 10  # RFC 4180: a header and 9 rows, CRLF each
    rows = list(csv.reader(io.StringIO(result.output, newline="")))
    header = rows[0]
    assert header[:3] == ["section", "journey", "stage"]
    records = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    pains = [r["text"] for r in records if r["section"] == "pain_points"]
    assert pains == [
        "Nobody answers for days",
        '\'=HYPERLINK("http://evil","x")',
        "'-2 days of waiting",
    ]
    assert [r["section"] for r in records] == [
        "opportunities",
        "metrics",
        "metrics",
        "goals",
        "goals",
        "pain_points",
        "pain_points",
        "pain_points",
        "evidence",
    ]
    evidence = records[-1]
    assert (evidence["steps"], evidence["steps_with_evidence"], evidence["share"]) == (
        "2",
        "1",
        "50%",
    )
    assert records[0]["text"] == "Answer with a bot | then a human"
    assert records[0]["name"] == ""  # a metric's column, empty on an opportunity's row


def test_csv_parses_back_to_the_json_rows(small: Path) -> None:
    """Every CSV row is the JSON row (formula-escaped) with its section's columns."""
    as_json = json.loads(run_cli("report", str(small), "--format", "json").stdout)
    as_csv = commands.report([str(small)], output_format="csv").output
    parsed = list(csv.DictReader(io.StringIO(as_csv, newline="")))
    expected = [
        {"section": section, **{k: str(escape_formula(v)) for k, v in row.items()}}
        for section in ("opportunities", "metrics", "goals", "pain_points", "evidence")
        for row in as_json[section]
    ]
    assert [
        {k: v for k, v in row.items() if k in e} for row, e in zip(parsed, expected, strict=True)
    ] == expected


@pytest.mark.parametrize(
    ("cell", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+31 555", "'+31 555"),
        ("-2 days", "'-2 days"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (3, 3),
    ],
)
def test_formula_escaping(cell: str | int, escaped: str | int) -> None:
    assert escape_formula(cell) == escaped


def test_markdown_pipe_does_not_break_the_table(small: Path) -> None:
    result = run_cli("report", str(small), "--today", "2026-12-01")
    assert result.status == 0
    lines = result.stdout.splitlines()
    row = next(line for line in lines if "Answer with a bot" in line)
    assert row == (
        "| refund | Ask | Writes to support | Answer with a bot \\| then a human "
        "| high | medium | planned | support |"
    )
    assert row.replace("\\|", "").count("|") == 9  # 8 columns
    goal = next(line for line in lines if "Keep CSAT" in line)
    assert (
        goal
        == "| refund | Keep CSAT at 4 \\| better | csat | 2027-03-01 | met | no | due in 3 months |"
    )
    assert lines[:3] == ["# Journey report", "", "As of 2026-12-01."]


def test_bad_today_is_a_usage_error(small: Path) -> None:
    result = run_cli("report", str(small), "--today", "1.12.2026")
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr == "cjm: error: --today '1.12.2026' is not a date written YYYY-MM-DD\n"


def test_bad_format_is_a_usage_error(small: Path) -> None:
    assert run_cli("report", str(small), "--format", "xml").status == 2
    outcome = commands.report([str(small)], output_format="xml")
    assert (outcome.status, outcome.error) == (
        2,
        "cjm: error: --format 'xml': use markdown, json, csv",
    )


def test_workspace_with_errors_gives_no_report(small: Path) -> None:
    write(small, "journeys/broken.yaml", "cjm: 1\nkind: journey\nid: broken\ntitle: B\n")
    result = run_cli("report", str(small), "--format", "json")
    assert (result.status, result.stdout) == (1, "")
    assert result.stderr.endswith("cjm: no report: fix the errors above first\n")
    assert "journeys/broken.yaml" in result.stderr


def test_out_writes_the_file(small: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.csv"
    result = run_cli("report", str(small), "--format", "csv", "--out", str(target))
    assert result.status == 0
    assert result.stdout.startswith("wrote ")
    expected = commands.report([str(small)], output_format="csv").output
    assert target.read_bytes() == expected.encode("utf-8")
    assert target.read_bytes().endswith(b",2,1,50%\r\n")


def test_out_on_a_folder_is_a_usage_error(small: Path) -> None:
    result = run_cli("report", str(small), "--out", str(small))
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr == f"cjm: error: --out '{small}' is a folder, not a file\n"
