"""Both sides of a diff, loaded one after the other: which side's error is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.diff.conftest import JOURNEY, commit, write_workspace


def unknown(revision: str, repo: Path) -> str:
    return (
        f"cjm: error: unknown revision '{revision}': not a commit in {repo.resolve()} "
        "and not an existing file or folder"
    )


@pytest.mark.parametrize(
    ("old", "new", "reported"),
    [
        ("no-such-revision", "also-not", "no-such-revision"),
        ("no-such-revision", "HEAD", "no-such-revision"),
        ("HEAD", "no-such-revision", "no-such-revision"),
    ],
)
def test_the_old_sides_usage_error_comes_first(
    repo: Path, old: str, new: str, reported: str
) -> None:
    result = run_cli("diff", old, new)
    assert result.status == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [unknown(reported, repo)]


def test_both_invalid_sides_are_reported_old_first(repo: Path) -> None:
    write_workspace(repo, JOURNEY.replace("persona: marta", "persona: nobody"))
    commit(repo, "broken")
    write_workspace(repo, JOURNEY.replace("persona: marta", "persona: somebody"))
    result = run_cli("diff", "HEAD", "-f", "json")
    assert result.status == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "HEAD:journeys/checkup.yaml:5:10: CJM104 error: unknown persona 'nobody'"
    assert lines[1].startswith("cjm: error: HEAD (") and "does not validate" in lines[1]
    assert lines[2:] == [
        "journeys/checkup.yaml:5:10: CJM104 error: unknown persona 'somebody'",
        "cjm: error: working tree does not validate (1 error); diff compares valid maps only",
    ]
    sides = [error["side"] for error in json.loads(result.stdout)["errors"]]
    assert sides == [sides[0], "working tree"] and sides[0].startswith("HEAD (")
