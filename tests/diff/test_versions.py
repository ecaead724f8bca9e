"""Both sides loaded side by side (a forked child) or one after the other: same answer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.diff.conftest import JOURNEY, commit, write_workspace

RUN = """
import os
import signal
import sys
import time
import cjm.diff.versions as versions
from cjm.diff.compare import Snapshot

PARENT = os.getpid()
mode = sys.argv[1]


def in_child():
    return os.getpid() != PARENT


def forever(*args, **kwargs):
    time.sleep(3600)


def garbage(old, folder, *, send, receive, then):
    os.write(send, then)
    if mode.endswith("-hangs"):
        forever()
    os._exit(0)


def in_child_only(real, replacement):
    def patched(*args, **kwargs):
        return replacement(*args, **kwargs) if in_child() else real(*args, **kwargs)
    return patched


versions.can_fork = lambda: mode != "sequential"
versions.subprocess_timeout = lambda: 1.0  # the wait for a silent child, not git's limit
if mode == "child-dies":
    versions._child = lambda *args, **kwargs: os._exit(1)
elif mode == "child-killed":
    kill = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
    versions.load_side = in_child_only(versions.load_side, kill)
elif mode == "child-hangs":
    versions.load_side = in_child_only(versions.load_side, forever)
elif mode == "child-hangs-later":
    Snapshot.only = in_child_only(Snapshot.only, forever)
elif mode.startswith("garbage"):
    header = (7).to_bytes(8, "big") + b"garbage"
    huge = (1 << 40).to_bytes(8, "big") + b"partial"
    sent = {"garbage": header, "garbage-hangs": header, "garbage-long-hangs": huge}[mode]
    versions._child = lambda *args, **kwargs: garbage(*args, **kwargs, then=sent)
elif mode == "wrong-shape":
    import pickle
    payload = pickle.dumps(("loaded", 1, 2))
    sent = len(payload).to_bytes(8, "big") + payload
    versions._child = lambda *args, **kwargs: garbage(*args, **kwargs, then=sent)

from cjm.cli import main

try:
    main(sys.argv[2:])
finally:
    try:
        left = os.waitpid(-1, os.WNOHANG)
        children = f"left: {left}"
    except ChildProcessError:
        children = "none"
    with open(os.environ["CHILDREN_REPORT"], "w") as report:
        report.write(children)
"""

FAILING_CHILDREN = [
    "child-dies",
    "child-killed",
    "child-hangs",
    "child-hangs-later",
    "garbage",
    "garbage-hangs",
    "garbage-long-hangs",
    "wrong-shape",
]


def run(mode: str, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a process whose forked loader behaves as ``mode`` says; every child
    it started must be reaped by the time it exits."""
    report = cwd.parent / f"children-{mode}.txt"
    completed = subprocess.run(
        [sys.executable, "-c", RUN, mode, *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,  # a hang guard, not a speed goal
        env={
            "NO_COLOR": "1",
            "PATH": "/usr/bin:/bin",
            "HOME": str(cwd),
            "CHILDREN_REPORT": str(report),
        },
    )
    assert report.read_text() == "none", mode
    return completed


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


@pytest.mark.parametrize("mode", FAILING_CHILDREN)
def test_a_failing_child_never_hangs_or_changes_the_answer(history: Path, mode: str) -> None:
    """The child dies, is killed, hangs before or after its first answer, or sends
    garbage: the old side is loaded here instead, the answer is the same, and no
    process is left behind (``run`` checks that)."""
    arguments = ["diff", "HEAD~2", "HEAD~1", "-f", "json"]
    sequential = run("sequential", *arguments, cwd=history)
    assert sequential.returncode == 0, sequential.stderr
    assert '"op": "changed"' in sequential.stdout
    other = run(mode, *arguments, cwd=history)
    assert (other.returncode, other.stdout, other.stderr) == (
        sequential.returncode,
        sequential.stdout,
        sequential.stderr,
    )


@pytest.mark.parametrize("mode", ["child-hangs", "garbage-hangs"])
def test_a_failing_child_keeps_usage_errors_in_order(history: Path, mode: str) -> None:
    """Both sides unknown: the old side's error is the one reported, as one after the
    other, also when the old side had to be loaded here after the child failed."""
    result = run(mode, "diff", "no-such-revision", "also-not", cwd=history)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"cjm: error: unknown revision 'no-such-revision': not a commit in {history} "
        "and not an existing file or folder"
    ]
