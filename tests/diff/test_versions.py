"""Both sides loaded side by side (a forked child) or one after the other: same answer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.diff.conftest import JOURNEY, commit, write_workspace

RUN = """
import sys
import cjm.diff.versions as versions
mode = sys.argv[1]
if mode == "sequential":
    versions.can_fork = lambda: False
elif mode == "parallel":
    versions.can_fork = lambda: True
elif mode == "child-dies":
    import os
    versions.can_fork = lambda: True
    versions._child = lambda *args, **kwargs: os._exit(1)
from cjm.cli import main
main(sys.argv[2:])
"""


def run(mode: str, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN, mode, *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )


@pytest.fixture
def history(repo: Path) -> Path:
    journey = JOURNEY.replace("Gets an SMS reminder", "Gets a text").replace("value: 4", "value: 3")
    write_workspace(repo, journey)
    (repo / "personas" / "marta.yaml").unlink()
    (repo / "personas" / "ola.yaml").write_text("cjm: 1\nkind: persona\nid: ola\nname: Ola\n")
    commit(repo, "third")
    return repo


@pytest.mark.parametrize(
    "arguments",
    [
        ["diff", "HEAD~2", "HEAD", "-f", "json"],
        ["diff", "HEAD~2", "-f", "markdown"],
        ["diff", "HEAD~1", "HEAD~2"],
        ["diff", "HEAD", "no-such-revision"],
        ["diff", "no-such-revision", "HEAD"],
        ["diff", "no-such-revision", "also-not"],
    ],
)
def test_parallel_and_sequential_agree(history: Path, arguments: list[str]) -> None:
    sequential = run("sequential", *arguments, cwd=history)
    for mode in ("parallel", "child-dies"):
        other = run(mode, *arguments, cwd=history)
        assert (other.returncode, other.stdout, other.stderr) == (
            sequential.returncode,
            sequential.stdout,
            sequential.stderr,
        ), mode


def test_invalid_old_side_reported_the_same_way(history: Path) -> None:
    write_workspace(history, JOURNEY.replace("persona: marta", "persona: nobody"))
    commit(history, "broken")
    sequential = run("sequential", "diff", "HEAD", "HEAD~1", cwd=history)
    parallel = run("parallel", "diff", "HEAD", "HEAD~1", cwd=history)
    assert sequential.returncode == parallel.returncode == 1
    assert parallel.stderr == sequential.stderr
    assert "HEAD:journeys/checkup.yaml:5:10: CJM104" in parallel.stderr
