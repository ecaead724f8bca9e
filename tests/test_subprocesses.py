"""Every process cjm starts (git, Graphviz's dot) is bounded in time and cannot prompt.

The real programs are replaced by shell scripts first on PATH: one that hangs where the
test says, so the time limit (made small with ``CJM_SUBPROCESS_TIMEOUT``) must end it
in one error line; one that writes down what it was given (environment, standard
input, session) before running the real git. No test measures how long anything took:
the ``timeout`` of ``run_process`` is only a guard against a hang.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_process
from tests.diff.conftest import commit, git, write_workspace

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="the fake programs are shell scripts reading /proc"
)

REAL_GIT = shutil.which("git") or "git"
HINT = "(set CJM_SUBPROCESS_TIMEOUT to wait longer)"

#: git that runs the real git, except for the command named in HANG_ON: then it starts
#: a helper that would sleep for a quarter of an hour (recording its pid, to check
#: that the whole process group was ended) and waits for it.
HANGING_GIT = f"""#!/bin/sh
for word in "$@"; do
    if [ "$word" = "$HANG_ON" ]; then
        sleep 1000 &
        echo $! >> "$HELPERS"
        wait
    fi
done
exec {REAL_GIT} "$@"
"""

#: git that writes down its arguments, standard input, session and environment (a
#: file for each call: the two sides of a diff may be read at the same time).
SPYING_GIT = f"""#!/bin/sh
{{
    echo "ARGS $*"
    echo "STDIN $(readlink /proc/$$/fd/0)"
    echo "SESSION $(cut -d' ' -f6 /proc/$$/stat) $$"
    env
}} > "$SPY_LOGS/$$.log"
exec {REAL_GIT} "$@"
"""

#: dot that never finishes (it starts no helpers: only the process itself is ended).
HANGING_DOT = """#!/bin/sh
echo $$ >> "$HELPERS"
exec sleep 1000
"""


def fake(folder: Path, name: str, script: str) -> Path:
    """An executable ``folder/name`` running ``script``; ``folder`` goes first on PATH."""
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(script)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


def on_path(folder: Path) -> str:
    return f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"


def assert_ended(helpers: Path) -> None:
    """Every process a fake program recorded was killed (gone, or a zombie
    waiting for init to reap it)."""
    pids = [int(line) for line in helpers.read_text().split()]
    assert pids, "the fake program never ran"
    for pid in pids:
        # A SIGKILL is delivered asynchronously: on a loaded machine the process may
        # still show its old state for a moment. Wait for the state to change (a
        # bound on the test, not a timing assertion), then judge it.
        for _ in range(200):
            state = _state(pid)
            if state in ("gone", "Z"):
                break
            time.sleep(0.05)
        assert state in ("gone", "Z"), f"helper {pid} still running: {state}"


def _state(pid: int) -> str:
    """The process's state letter, or "gone" (also when its pid now names another
    program than the fake's ``sleep``)."""
    try:
        stat_text = Path(f"/proc/{pid}/stat").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "gone"
    state = stat_text.rsplit(")", 1)[1].split()[0]
    return state if state == "Z" or b"sleep" in command else "gone"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with two commits of a small valid workspace."""
    folder = tmp_path / "repo"
    folder.mkdir()
    git(folder, "init", "-q")
    write_workspace(folder)
    commit(folder, "first")
    write_workspace(
        folder, (folder / "journeys/checkup.yaml").read_text().replace("emotion: -1", "emotion: 1")
    )
    commit(folder, "second")
    return folder


@pytest.mark.parametrize("command", ["rev-parse", "ls-tree", "cat-file"])
def test_a_git_that_does_not_answer_is_one_line_and_exit_2(
    repo: Path, tmp_path: Path, command: str
) -> None:
    helpers = tmp_path / "helpers.txt"
    helpers.touch()
    bin_folder = fake(tmp_path / "bin", "git", HANGING_GIT)
    result = run_process(
        "diff",
        "HEAD~1",
        "HEAD",
        cwd=repo,
        env={
            "PATH": on_path(bin_folder),
            "HANG_ON": command,
            "HELPERS": str(helpers),
            # Small, but large enough that the real git commands before the hanging
            # one always finish within it.
            "CJM_SUBPROCESS_TIMEOUT": "2",
        },
    )
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"cjm: error: git {command} did not answer within 2 s {HINT}"
    ]
    assert_ended(helpers)


def test_git_hangs_in_the_working_tree_diff_too(repo: Path, tmp_path: Path) -> None:
    """One side on disk, the other from git: the same one line."""
    helpers = tmp_path / "helpers.txt"
    helpers.touch()
    bin_folder = fake(tmp_path / "bin", "git", HANGING_GIT)
    environment = {"PATH": on_path(bin_folder), "HANG_ON": "cat-file", "HELPERS": str(helpers)}
    result = run_process(
        "diff", "HEAD", cwd=repo, env={**environment, "CJM_SUBPROCESS_TIMEOUT": "2"}
    )
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"cjm: error: git cat-file did not answer within 2 s {HINT}"
    ]
    assert_ended(helpers)


@pytest.mark.parametrize("value", ["0", "-3", "soon", "nan", "inf"])
def test_a_time_limit_that_is_not_a_positive_number_is_refused(repo: Path, value: str) -> None:
    result = run_process("diff", "HEAD~1", cwd=repo, env={"CJM_SUBPROCESS_TIMEOUT": value})
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"cjm: error: CJM_SUBPROCESS_TIMEOUT must be a positive number of seconds, not '{value}'"
    ]


def test_git_runs_without_prompts_terminal_or_input(repo: Path, tmp_path: Path) -> None:
    """A clone made without blobs fetches them when cat-file asks: git must not be able
    to wait for a password, whatever the caller's environment says."""
    logs = tmp_path / "spy"
    logs.mkdir()
    bin_folder = fake(tmp_path / "bin", "git", SPYING_GIT)
    result = run_process(
        "diff",
        "HEAD~1",
        "HEAD",
        cwd=repo,
        env={
            "PATH": on_path(bin_folder),
            "SPY_LOGS": str(logs),
            "GIT_TERMINAL_PROMPT": "1",
            "GIT_ASKPASS": "/bin/echo",
            "SSH_ASKPASS": "/bin/echo",
        },
    )
    assert result.status == 0, result.stderr
    commands = []
    for log in logs.iterdir():
        lines = log.read_text().splitlines()
        arguments = lines[0].removeprefix("ARGS ").split()
        commands.append(next(word for word in arguments if not word.startswith("-")))
        environment = dict(line.split("=", 1) for line in lines[3:] if "=" in line)
        assert environment["GIT_TERMINAL_PROMPT"] == "0", arguments
        assert environment["GIT_ASKPASS"] == "", arguments
        assert environment["SSH_ASKPASS"] == "", arguments
        assert environment["SSH_ASKPASS_REQUIRE"] == "never", arguments
        assert environment["GIT_OPTIONAL_LOCKS"] == "0", arguments
        stdin = lines[1].removeprefix("STDIN ")
        if "cat-file" in arguments:
            assert stdin.startswith("pipe:"), arguments  # the requests, then closed
        else:
            assert stdin == "/dev/null", arguments
        session, pid = lines[2].removeprefix("SESSION ").split()
        assert session == pid, "git leads a session of its own: no terminal to prompt on"
    # Both sides were read from git.
    assert sorted(set(commands)) == ["cat-file", "ls-tree", "rev-parse"]
    assert commands.count("cat-file") == 2


def test_a_dot_that_does_not_finish_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """Exit 2, as for a missing dot: the machine is at fault, not the maps (exit 1
    would tell CI the maps have findings) and not cjm (exit 3). Nothing is written."""
    helpers = tmp_path / "helpers.txt"
    helpers.touch()
    write_workspace(tmp_path / "maps")
    bin_folder = fake(tmp_path / "bin", "dot", HANGING_DOT)
    out = tmp_path / "out"
    result = run_process(
        "render",
        "maps",
        "--format",
        "svg",
        "--out",
        str(out),
        cwd=tmp_path,
        env={
            "PATH": on_path(bin_folder),
            "HELPERS": str(helpers),
            "CJM_SUBPROCESS_TIMEOUT": "0.5",
        },
    )
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "cjm: error: Graphviz's dot did not finish within 0.5 s "
        "(set CJM_SUBPROCESS_TIMEOUT to wait longer, or use --format dot)"
    ]
    assert sorted(path.name for path in out.iterdir()) == []  # no scratch folder left
    assert_ended(helpers)


def test_render_refuses_a_bad_time_limit_in_one_line(tmp_path: Path) -> None:
    write_workspace(tmp_path / "maps")
    bin_folder = fake(tmp_path / "bin", "dot", HANGING_DOT)
    result = run_process(
        "render",
        "maps",
        "--format",
        "png",
        "--out",
        "out",
        cwd=tmp_path,
        env={"PATH": on_path(bin_folder), "CJM_SUBPROCESS_TIMEOUT": "1m"},
    )
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "cjm: error: CJM_SUBPROCESS_TIMEOUT must be a positive number of seconds, not '1m'"
    ]
