"""Run from a subfolder of a git work tree, every format names the file as it should.

Code-scanning formats (GitHub annotations, SARIF, GitLab) place findings by the path in
the repository, so from ``repo/maps`` the file is ``maps/deep/j.yaml``; the formats
people read (text, JSON) keep the documented path relative to the current folder,
``deep/j.yaml``. Expected paths are written out by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from cjm.diagnostics import VALIDATION_CODES, Summary, validation_diagnostic
from cjm.formatters.github import format_github
from cjm.formatters.report import Report
from tests.conftest import run_cli

# One CJM102 at 5:1 (a misspelled field).
PERSONA = "cjm: 1\nkind: persona\nid: ania\nname: A\nnmae: B\n"
MESSAGE = "unknown field 'nmae' (did you mean 'name'?)"


@pytest.fixture
def subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``repo/maps`` of a fresh git work tree, the current folder, with the file in
    ``repo/maps/deep/j.yaml``."""
    top = Path(os.path.realpath(tmp_path))
    subprocess.run(["git", "init", "-q", str(top / "repo")], check=True, timeout=60)
    maps = top / "repo" / "maps"
    (maps / "deep").mkdir(parents=True)
    (maps / "deep" / "j.yaml").write_text(PERSONA, encoding="utf-8")
    monkeypatch.chdir(maps)
    return maps


def _run(output_format: str) -> str:
    result = run_cli("validate", "--format", output_format)
    assert result.status == 1, result.stdout + result.stderr
    return result.stdout


def test_message_is_the_expected_one(subfolder: Path) -> None:
    assert _run("text").splitlines()[0] == f"deep/j.yaml:5:1: CJM102 error: {MESSAGE}"


def test_github_annotates_the_file_of_the_repository(subfolder: Path) -> None:
    assert _run("github") == (
        f"::error file=maps/deep/j.yaml,line=5,col=1,title=CJM102::{MESSAGE}\n"
    )


def test_sarif_uri_is_relative_to_the_work_tree(subfolder: Path) -> None:
    log = json.loads(_run("sarif"))
    run = log["runs"][0]

    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": f"file://{subfolder.parent}/"}}
    assert [
        result["locations"][0]["physicalLocation"]["artifactLocation"] for result in run["results"]
    ] == [{"uri": "maps/deep/j.yaml", "uriBaseId": "%SRCROOT%"}]


def test_gitlab_path_is_relative_to_the_work_tree(subfolder: Path) -> None:
    issues = json.loads(_run("gitlab"))

    assert [issue["location"] for issue in issues] == [
        {"path": "maps/deep/j.yaml", "lines": {"begin": 5}}
    ]


def test_text_and_json_stay_relative_to_the_current_folder(subfolder: Path) -> None:
    payload = json.loads(_run("json"))

    assert [d["path"] for d in payload["diagnostics"]] == ["deep/j.yaml"]
    assert _run("text").startswith("deep/j.yaml:5:1: ")


def test_lint_findings_from_a_subfolder(subfolder: Path) -> None:
    (subfolder / "deep" / "j.yaml").write_text(PERSONA.replace("nmae: B\n", ""), "utf-8")

    result = run_cli("lint", "--format", "github")

    assert (result.status, result.stdout) == (
        0,
        "::warning file=maps/deep/j.yaml,line=3,col=1,title=CJM201::"
        "persona 'ania' has no goals and no pains\n",
    )


def test_github_outside_git_is_relative_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No ``.git`` above: the current folder is the root (SARIF's rule too)."""
    folder = Path(os.path.realpath(tmp_path)) / "plain"
    (folder / "deep").mkdir(parents=True)
    (folder / "deep" / "j.yaml").write_text(PERSONA, encoding="utf-8")
    monkeypatch.chdir(folder)
    if any((parent / ".git").exists() for parent in folder.parents):
        pytest.skip("the temporary folder is inside a git work tree")

    assert _run("github") == f"::error file=deep/j.yaml,line=5,col=1,title=CJM102::{MESSAGE}\n"


def test_github_a_file_outside_the_work_tree_keeps_its_absolute_path(tmp_path: Path) -> None:
    top = Path(os.path.realpath(tmp_path))
    subprocess.run(["git", "init", "-q", str(top / "repo")], check=True, timeout=60)
    diagnostics = [
        validation_diagnostic("CJM102", "bad", path="../outside/p.yaml", line=2, column=3)
    ]
    summary = Summary.of(diagnostics, files=1, documents=1)

    text = format_github(Report(diagnostics, summary, VALIDATION_CODES, folder=str(top / "repo")))

    escaped = f"{top}/outside/p.yaml".replace("%", "%25").replace(":", "%3A").replace(",", "%2C")
    assert text == f"::error file={escaped},line=2,col=3,title=CJM102::bad\n"
