"""``--format gitlab``: GitLab Code Quality, keys as the README's "Output" lists them,
through the CLI.

The fingerprint is what GitLab compares between the two sides of a merge request, so the
tests move lines around and check which fingerprints stay and which change.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cjm.diagnostics import (
    VALIDATION_CODES,
    Diagnostic,
    ObjectPath,
    Severity,
    Summary,
    validation_diagnostic,
)
from cjm.formatters.gitlab import format_gitlab
from cjm.formatters.report import Report
from tests.conftest import run_cli

ISSUE_KEYS = {"description", "check_name", "fingerprint", "severity", "location"}
JOURNEY = """\
cjm: 1
kind: journey
id: j
title: T
persona: anya
stages:
  - id: s
    name: S
    steps:
      - id: a
        action: Looks
        emotion: 1
"""
PERSONA = "cjm: 1\nkind: persona\nid: ania\nname: A\n"


def _repository(top: Path) -> Path:
    """A git work tree with the maps in ``sub``, the folder the tests run in."""
    subprocess.run(["git", "init", "-q", str(top / "repo")], check=True, timeout=60)
    sub = top / "repo" / "sub"
    sub.mkdir()
    (sub / "j.yaml").write_text(JOURNEY, encoding="utf-8")
    (sub / "p.yaml").write_text(PERSONA, encoding="utf-8")
    return sub


def _gitlab(*args: str, status: int = 1) -> list[dict[str, Any]]:
    result = run_cli(*args, "--format", "gitlab")
    assert result.status == status, result.stdout + result.stderr
    issues: list[dict[str, Any]] = json.loads(result.stdout)
    return issues


def _assert_shape(issues: list[dict[str, Any]]) -> None:
    for issue in issues:
        assert set(issue) == ISSUE_KEYS
        assert set(issue["location"]) == {"path", "lines"}
        assert set(issue["location"]["lines"]) == {"begin"}
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"]), issue["fingerprint"]
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == len(fingerprints)


def test_lint_report_keys_severities_and_repository_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_repository(tmp_path))

    issues = _gitlab("lint")

    _assert_shape(issues)
    assert [
        (
            issue["check_name"],
            issue["severity"],
            issue["location"]["path"],
            issue["location"]["lines"]["begin"],
            issue["description"],
        )
        for issue in issues
    ] == [
        (
            "CJM211",
            "minor",
            "sub/j.yaml",
            3,
            "CJM211: journey 'j' stops at the purchase: no post-purchase stage",
        ),
        (
            "CJM104",
            "major",
            "sub/j.yaml",
            5,
            "CJM104: unknown persona 'anya' (did you mean 'ania'?)",
        ),
        (
            "CJM206",
            "minor",
            "sub/j.yaml",
            7,
            "CJM206: stage 's' has no metric: it cannot be measured",
        ),
        ("CJM203", "minor", "sub/j.yaml", 10, "CJM203: step 'a' has no touchpoint"),
        (
            "CJM209",
            "info",
            "sub/j.yaml",
            10,
            "CJM209: step 'a' has no evidence: it is an assumption, not data",
        ),
        ("CJM201", "minor", "sub/p.yaml", 3, "CJM201: persona 'ania' has no goals and no pains"),
    ]


def test_fingerprints_stay_when_unrelated_lines_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = _repository(tmp_path)
    monkeypatch.chdir(sub)
    before = _gitlab("validate")

    (sub / "j.yaml").write_text("# a comment above\n\n" + JOURNEY, encoding="utf-8")
    after = _gitlab("validate")

    _assert_shape(after)
    assert [issue["location"]["lines"]["begin"] for issue in before] == [5]
    assert [issue["location"]["lines"]["begin"] for issue in after] == [7]
    assert after[0]["fingerprint"] == before[0]["fingerprint"]


def test_fingerprint_changes_when_the_message_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = _repository(tmp_path)
    monkeypatch.chdir(sub)
    before = _gitlab("validate")

    # j.yaml is untouched: only the suggestion in the message changes.
    (sub / "p.yaml").write_text(PERSONA.replace("ania", "anja"), encoding="utf-8")
    after = _gitlab("validate")

    assert [issue["description"] for issue in before] == [
        "CJM104: unknown persona 'anya' (did you mean 'ania'?)"
    ]
    assert [issue["description"] for issue in after] == [
        "CJM104: unknown persona 'anya' (did you mean 'anja'?)"
    ]
    assert after[0]["location"] == before[0]["location"]
    assert after[0]["fingerprint"] != before[0]["fingerprint"]


def test_a_clean_workspace_is_an_empty_array(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = _repository(tmp_path)
    (sub / "j.yaml").write_text(JOURNEY.replace("anya", "ania"), encoding="utf-8")
    monkeypatch.chdir(sub)

    result = run_cli("validate", "--format", "gitlab")

    assert (result.status, result.stdout) == (0, "[]\n")


def test_identical_findings_get_distinct_fingerprints_that_survive_a_move(tmp_path: Path) -> None:
    """Same path, code, message and line text: the occurrence counter tells them apart."""
    folder = Path(os.path.realpath(tmp_path))
    twice = "a: [x]\nb: 1\na: [x]\n"

    def report(text: str, lines: tuple[int, int]) -> list[dict[str, Any]]:
        (folder / "f.yaml").write_text(text, encoding="utf-8")
        diagnostics = [
            validation_diagnostic("CJM102", "bad", path="f.yaml", line=line, column=1)
            for line in lines
        ]
        summary = Summary.of(diagnostics, files=1, documents=1)
        issues: list[dict[str, Any]] = json.loads(
            format_gitlab(Report(diagnostics, summary, VALIDATION_CODES, folder=str(folder)))
        )
        return issues

    before = report(twice, (1, 3))
    after = report("# moved\n" + twice, (2, 4))

    _assert_shape(before)
    assert [issue["fingerprint"] for issue in after] == [issue["fingerprint"] for issue in before]
    # The line's text counts: the same finding on another line is another finding.
    other = report("a: [y]\nb: 1\na: [x]\n", (1, 3))
    assert other[0]["fingerprint"] != before[0]["fingerprint"]
    assert other[1]["fingerprint"] == before[0]["fingerprint"]


def test_a_file_outside_the_repository_keeps_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = Path(os.path.realpath(tmp_path))
    sub = _repository(top)
    (top / "outside").mkdir()
    (top / "outside" / "p.yaml").write_text(PERSONA + "nmae: B\n", encoding="utf-8")
    monkeypatch.chdir(sub)

    issues = _gitlab("validate", "../../outside")

    assert [issue["location"]["path"] for issue in issues] == [f"{top}/outside/p.yaml"]


@pytest.mark.parametrize("command", ["validate", "lint"])
def test_help_lists_gitlab(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.status == 0
    assert "<text|json|github|sarif|gitlab>" in result.stdout


def test_a_finding_on_a_pipe_does_not_block(tmp_path: Path) -> None:
    """Reading a FIFO for its line text would wait for a writer forever."""
    folder = Path(os.path.realpath(tmp_path))
    os.mkfifo(folder / "pipe.yaml")
    diagnostics = [validation_diagnostic("CJM100", "bad", path="pipe.yaml", line=1, column=1)]
    summary = Summary.of(diagnostics, files=1, documents=0)

    issues = json.loads(
        format_gitlab(Report(diagnostics, summary, VALIDATION_CODES, folder=str(folder)))
    )

    assert [issue["location"] for issue in issues] == [{"path": "pipe.yaml", "lines": {"begin": 1}}]


def _fingerprints(issues: list[dict[str, Any]]) -> dict[str, str]:
    """Description -> fingerprint; the descriptions in these tests are all distinct."""
    found = {issue["description"]: issue["fingerprint"] for issue in issues}
    assert len(found) == len(issues)
    return found


LINT_FINDINGS = {
    "CJM211: journey 'j' stops at the purchase: no post-purchase stage",
    "CJM104: unknown persona 'anya' (did you mean 'ania'?)",
    "CJM206: stage 's' has no metric: it cannot be measured",
    "CJM203: step 'a' has no touchpoint",
    "CJM209: step 'a' has no evidence: it is an assumption, not data",
    "CJM201: persona 'ania' has no goals and no pains",
}


def _journey_fingerprints(sub: Path, journey: str) -> dict[str, str]:
    (sub / "j.yaml").write_text(journey, encoding="utf-8")
    issues = _gitlab("lint")
    _assert_shape(issues)
    return _fingerprints(issues)


def test_lint_fingerprints_stay_when_lines_above_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sub = _repository(tmp_path)
    monkeypatch.chdir(sub)
    before = _journey_fingerprints(sub, JOURNEY)

    after = _journey_fingerprints(sub, "# a comment\n\n" + JOURNEY)

    assert set(before) == LINT_FINDINGS
    assert after == before


def test_fingerprint_stays_when_the_id_line_moves_inside_its_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The findings point at the step's ``id:`` line, whose text changes from
    ``- id: a`` to ``id: a``: the object path, not the line, makes the fingerprint."""
    sub = _repository(tmp_path)
    monkeypatch.chdir(sub)
    before = _journey_fingerprints(sub, JOURNEY)
    moved = JOURNEY.replace(
        "      - id: a\n        action: Looks\n", "      - action: Looks\n        id: a\n"
    )
    assert moved != JOURNEY

    after = _journey_fingerprints(sub, moved)

    assert after == before


def test_fingerprints_stay_when_an_unrelated_object_is_inserted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stage before ``s`` and a step before ``a``: their own findings are new, the
    old findings keep their fingerprints."""
    sub = _repository(tmp_path)
    monkeypatch.chdir(sub)
    before = _journey_fingerprints(sub, JOURNEY)
    inserted = JOURNEY.replace(
        "stages:\n",
        "stages:\n  - id: t\n    name: T\n    steps:\n      - id: z\n        action: Zooms\n",
    ).replace(
        "    steps:\n      - id: a\n",
        "    steps:\n      - id: b\n        action: Bites\n      - id: a\n",
    )

    after = _journey_fingerprints(sub, inserted)

    assert set(after) == LINT_FINDINGS | {
        "CJM206: stage 't' has no metric: it cannot be measured",
        "CJM203: step 'z' has no touchpoint",
        "CJM204: step 'z' has no emotion, so the emotion curve has a gap",
        "CJM209: step 'z' has no evidence: it is an assumption, not data",
        "CJM203: step 'b' has no touchpoint",
        "CJM204: step 'b' has no emotion, so the emotion curve has a gap",
        "CJM209: step 'b' has no evidence: it is an assumption, not data",
    }
    assert {key: after[key] for key in before} == before


def test_a_step_without_id_keeps_its_fingerprint_when_one_is_inserted_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It is named by its action (``step:~looks``), as diff names it, not by its place
    in the list."""
    sub = _repository(tmp_path)
    monkeypatch.chdir(sub)
    without_id = JOURNEY.replace(
        "      - id: a\n        action: Looks\n", "      - action: Looks\n"
    )
    before = _journey_fingerprints(sub, without_id)
    inserted = without_id.replace(
        "    steps:\n", "    steps:\n      - action: Reads\n        emotion: 1\n"
    )

    after = _journey_fingerprints(sub, inserted)

    looks = {
        "CJM203: step 'Looks' has no touchpoint",
        "CJM209: step 'Looks' has no evidence: it is an assumption, not data",
    }
    assert looks <= set(before)
    assert {key: after[key] for key in looks} == {key: before[key] for key in looks}


def _object_report(folder: Path, text: str, object_path: ObjectPath) -> str:
    (folder / "f.yaml").write_text(text, encoding="utf-8")
    diagnostic = Diagnostic(
        "f.yaml", 2, 1, "CJM203", Severity.WARNING, "m", "r", object_path=object_path
    )
    summary = Summary.of([diagnostic], files=1, documents=1)
    issues = json.loads(
        format_gitlab(Report([diagnostic], summary, VALIDATION_CODES, folder=str(folder)))
    )
    fingerprint: str = issues[0]["fingerprint"]
    return fingerprint


def test_with_an_object_path_the_line_text_does_not_count(tmp_path: Path) -> None:
    folder = Path(os.path.realpath(tmp_path))
    step = (("journey", "j"), ("stage", "s"), ("step", "a"))
    first = _object_report(folder, "x: 1\n- id: a\n", step)

    assert _object_report(folder, "x: 1\nid: a\n", step) == first
    assert _object_report(folder, "x: 1\n- id: a\n", (*step[:2], ("step", "b"))) != first
    assert _object_report(folder, "x: 1\n- id: a\n", step[:2]) != first
