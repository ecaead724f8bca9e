"""Git repositories made by the tests, and a small workspace to commit into them."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import write

PAIR = Path(__file__).resolve().parent / "pair"

PERSONA = """\
cjm: 1
kind: persona
id: marta
name: Marta
"""

TOUCHPOINTS = """\
cjm: 1
kind: touchpoint
id: phone
name: Phone line
mode: offline
operator: human
---
cjm: 1
kind: touchpoint
id: portal
name: Patient portal
mode: online
operator: automated
"""

JOURNEY = """\
cjm: 1
kind: journey
id: checkup
title: Yearly check-up
persona: marta
stages:
  - id: booking
    name: Booking
    steps:
      - id: calls
        action: Calls the clinic
        touchpoint: [phone, portal]
        emotion: -1
        pain_points: [Waits on hold]
        opportunities:
          - id: online-booking
            text: Book online
      - id: gets-sms
        action: Gets an SMS reminder
        emotion: 1
    metrics:
      - id: results-days
        name: Days until results
        value: 4
        target: 2
        better: lower
"""


def git(repo: Path, *arguments: str) -> str:
    """git with a fixed identity and none of the user's configuration."""
    environment = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_OPTIONAL_LOCKS": "0",  # `git status` here must not rewrite the index
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    }
    completed = subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            *arguments,
        ],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def write_workspace(folder: Path, journey: str = JOURNEY) -> None:
    write(folder, "cjm.yaml", "cjm: 1\n")
    write(folder, "personas/marta.yaml", PERSONA)
    write(folder, "touchpoints.yaml", TOUCHPOINTS)
    write(folder, "journeys/checkup.yaml", journey)


@pytest.fixture
def repo(in_tmp: Path) -> Iterator[Path]:
    """A repository in the test's folder (the current folder) with two commits: the
    workspace, then the emotion of 'calls' raised from -1 to 1."""
    git(in_tmp, "init", "-q")
    write_workspace(in_tmp)
    commit(in_tmp, "first")
    write_workspace(in_tmp, JOURNEY.replace("emotion: -1", "emotion: 1"))
    commit(in_tmp, "second")
    yield in_tmp


def state(repo: Path) -> tuple[str, dict[str, int]]:
    """What a diff must leave alone: the status, and every file's mtime (index too)."""
    status = git(repo, "status", "--porcelain", "--untracked-files=all", "--ignored")
    times = {
        str(path.relative_to(repo)): path.stat().st_mtime_ns
        for path in sorted(repo.rglob("*"))
        if path.is_file()
    }
    return status, times
