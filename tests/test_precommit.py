"""The pre-commit hooks of ``.pre-commit-hooks.yaml``, run by the real pre-commit.

pre-commit installs the hooks from a git repository: a snapshot of this working tree
(the hook definitions and the package as they are now, committed or not) is committed
to a temporary repository, and a temporary project with maps, a CI workflow and a
``.pre-commit-config.yaml`` limited to the maps folder (as the README shows) uses it.
pre-commit builds a virtualenv and pip-installs cjm into it, so this needs the package
registry: outside CI a registry that cannot be reached skips the tests, under CI
(``CI`` set) it fails them, as a test that checks nothing must not pass.

The hook environment is installed once per module (``PRE_COMMIT_HOME`` in a temporary
folder); ``try-repo`` always installs into a folder of its own, so two tests pay that.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, write
from tests.render.needs import require

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
#: What pip prints when the registry cannot be reached (as opposed to a broken package).
_OFFLINE = re.compile(
    r"NewConnectionError|Failed to establish a new connection|Temporary failure in name "
    r"resolution|Could not find a version that satisfies|No matching distribution found|"
    r"ProxyError|Network is unreachable|ConnectionError"
)
SUMMARY = re.compile(r"^\d+ files?, \d+ documents? checked: ", re.M)

CONFIG = """\
repos:
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: cjm-validate
        files: ^maps/
      - id: cjm-lint
        files: ^maps/
"""
WORKFLOW = """\
name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: cjm validate maps
"""
#: One document a file: five map files in a commit are more than pre-commit's smallest
#: batch (four files), so without ``require_serial`` a machine with two cores or more
#: would run the hook twice and print two summary lines.
MAPS = {
    "maps/personas/ola.yaml": """\
cjm: 1
kind: persona
id: ola
name: Ola
goals: [Fresh bread before work]
pains: [Queues at eight]
""",
    "maps/touchpoints/counter.yaml": """\
cjm: 1
kind: touchpoint
id: counter
name: Shop counter
mode: offline
operator: human
""",
    "maps/touchpoints/app.yaml": """\
cjm: 1
kind: touchpoint
id: app
name: Order app
mode: online
operator: automated
""",
}
JOURNEY = """\
cjm: 1
kind: journey
id: morning-bread
title: Morning bread
persona: ola
goals:
  - id: faster
    description: Served within two minutes
    metric: wait
    due: 2030-01-31
stages:
  - id: ordering
    name: Ordering
    phase: purchase
    steps:
      - id: orders
        action: Orders a loaf in the app
        touchpoint: app
        emotion: 1
        evidence: ["App analytics, 2026-10"]
    metrics:
      - id: wait
        name: Minutes waiting
        value: 3
        target: 2
        better: lower
  - id: collecting
    name: Collecting
    phase: post-purchase
    steps:
      - id: collects
        action: Collects the loaf at the counter
        touchpoint: counter
        emotion: 2
        evidence: ["Counter tally, 2026-10"]
    metrics:
      - id: collected
        name: Loaves collected
        value: 40
        target: 50
"""
#: Two mistakes in the journey, one in a new persona file.
BROKEN_JOURNEY = JOURNEY.replace("emotion: 1", "emotion: 3").replace("value: 3", "valeu: 3")
BROKEN_PERSONA = "cjm: 1\nkind: persona\nid: kuba\nnmae: Kuba\n"
EXPECTED_FINDINGS = [
    "maps/journeys/morning.yaml:19:18: CJM102 error: 'emotion' must be at most 2; got 3",
    "maps/journeys/morning.yaml:24:9: CJM102 error: unknown field 'valeu' (did you mean 'value'?)",
    "maps/kuba.yaml:4:1: CJM102 error: unknown field 'nmae' (did you mean 'name'?)",
]
#: The five map files staged (cjm.yaml is excluded by the hooks), in one summary.
SUMMARY_LINE = "5 files, 5 documents checked: 3 errors, 0 warnings, 0 infos"


def _environment(home: Path) -> dict[str, str]:
    """A private pre-commit home, no colour, and git with none of the user's settings."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "PRE_COMMIT_NO_CONCURRENCY"}
    }
    return {
        **inherited,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }


@dataclass(frozen=True)
class Hooks:
    """The snapshot repository and the pre-commit home its environment is installed in."""

    repo: Path
    rev: str
    home: Path

    def run(self, folder: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            arguments,
            cwd=folder,
            env=_environment(self.home),
            capture_output=True,
            text=True,
            timeout=600,  # a hang guard: an install from the registry takes seconds
            check=False,
        )

    def git(self, folder: Path, *arguments: str) -> str:
        completed = self.run(folder, "git", "-c", "init.defaultBranch=main", *arguments)
        assert completed.returncode == 0, completed.stderr
        return completed.stdout


def _snapshot(target: Path) -> None:
    """What pip needs to build cjm, and the hook definitions, as they are on disk now."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, target / name)
    shutil.copytree(
        REPO / "cjm", target / "cjm", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )


def _install_failure(completed: subprocess.CompletedProcess[str]) -> None:
    output = completed.stdout + completed.stderr
    if completed.returncode == 0:
        return
    if _OFFLINE.search(output):
        require(
            f"pre-commit could not pip-install cjm: the package registry is unreachable\n{output}"
        )
    pytest.fail(f"pre-commit could not install the hooks:\n{output}")


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> Hooks:
    """The working tree's hooks, installed once by pre-commit into a private home."""
    if not PRE_COMMIT.is_file():
        require("pre-commit is not installed (pip install -e '.[test]')")
    root = tmp_path_factory.mktemp("pre-commit")
    repo = root / "hooks"
    _snapshot(repo)
    hooks = Hooks(repo, "", root / "home")
    hooks.git(repo, "init", "-q")
    hooks.git(repo, "add", "-A")
    hooks.git(repo, "commit", "-q", "-m", "snapshot of the working tree")
    hooks = Hooks(repo, hooks.git(repo, "rev-parse", "HEAD").strip(), root / "home")
    warm = root / "warm"
    _project(hooks, warm)
    _install_failure(hooks.run(warm, str(PRE_COMMIT), "install-hooks"))
    return hooks


def _project(hooks: Hooks, folder: Path) -> None:
    """A git repository with a valid map workspace under maps/ and a CI workflow."""
    folder.mkdir()
    hooks.git(folder, "init", "-q")
    write(folder, ".pre-commit-config.yaml", CONFIG.format(repo=hooks.repo, rev=hooks.rev))
    write(folder, ".github/workflows/ci.yml", WORKFLOW)
    write(folder, "maps/cjm.yaml", "cjm: 1\nname: Corner bakery\n")
    for name, text in MAPS.items():
        write(folder, name, text)
    write(folder, "maps/journeys/morning.yaml", JOURNEY)


@pytest.fixture
def project(hooks: Hooks, tmp_path: Path) -> Iterator[Path]:
    """A fresh project whose commits run the hooks (`pre-commit install`)."""
    folder = tmp_path / "project"
    _project(hooks, folder)
    installed = hooks.run(folder, str(PRE_COMMIT), "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    yield folder


def _hook_output(output: str, name: str) -> list[str]:
    """The lines a hook printed, between its status line and the next hook's."""
    section = output.split(f"{name}.", 1)[1]
    lines = section.splitlines()[1:]
    body = []
    for line in lines:
        if re.match(r"^cjm \w+\.+", line):
            break
        body.append(line)
    return [line for line in body if line and not line.startswith("- ")]


def _commit(hooks: Hooks, folder: Path) -> subprocess.CompletedProcess[str]:
    hooks.git(folder, "add", "-A")
    return hooks.run(folder, "git", "commit", "-m", "maps")


def test_a_broken_map_stops_the_commit_with_one_summary_line(hooks: Hooks, project: Path) -> None:
    write(project, "maps/journeys/morning.yaml", BROKEN_JOURNEY)
    write(project, "maps/kuba.yaml", BROKEN_PERSONA)
    completed = _commit(hooks, project)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert re.search(r"^cjm validate\.+Failed$", output, re.M), output
    assert re.search(r"^cjm lint\.+Failed$", output, re.M), output
    for hook in ("cjm validate", "cjm lint"):
        lines = _hook_output(output, hook)
        assert lines == [
            *EXPECTED_FINDINGS,
            SUMMARY_LINE,
        ], output
    assert len(SUMMARY.findall(output)) == 2, output  # one per hook, not one per batch
    assert "CJM105" not in output
    assert ".github" not in output
    assert hooks.git(project, "rev-list", "--all") == ""  # no commit was made


def test_a_clean_map_commits_and_the_workflow_is_not_checked(hooks: Hooks, project: Path) -> None:
    completed = _commit(hooks, project)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert re.search(r"^cjm validate\.+Passed$", output, re.M), output
    assert re.search(r"^cjm lint\.+Passed$", output, re.M), output
    assert "CJM105" not in output
    # Only the workflow staged: no file for the hooks, so nothing runs at all.
    write(project, ".github/workflows/ci.yml", WORKFLOW + "      - run: cjm lint maps\n")
    completed = _commit(hooks, project)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert re.search(r"^cjm validate\.+\(no files to check\)Skipped$", output, re.M), output
    assert re.search(r"^cjm lint\.+\(no files to check\)Skipped$", output, re.M), output


@pytest.mark.parametrize("broken", [True, False], ids=["broken", "clean"])
def test_try_repo_runs_the_working_trees_hooks(
    hooks: Hooks, tmp_path: Path, *, broken: bool
) -> None:
    """``pre-commit try-repo``, as a hook author tries hooks, on the staged maps."""
    folder = tmp_path / "project"
    _project(hooks, folder)
    if broken:
        write(folder, "maps/journeys/morning.yaml", BROKEN_JOURNEY)
        write(folder, "maps/kuba.yaml", BROKEN_PERSONA)
    hooks.git(folder, "add", "maps")
    completed = hooks.run(folder, str(PRE_COMMIT), "try-repo", str(hooks.repo), "--ref", hooks.rev)
    output = completed.stdout + completed.stderr
    if completed.returncode != 0 and "- hook id:" not in output:
        _install_failure(completed)
    if broken:
        assert completed.returncode == 1, output
        assert _hook_output(output, "cjm validate") == [
            *EXPECTED_FINDINGS,
            SUMMARY_LINE,
        ], output
        assert len(SUMMARY.findall(output)) == 2, output
    else:
        assert completed.returncode == 0, output
        assert re.search(r"^cjm validate\.+Passed$", output, re.M), output
        assert re.search(r"^cjm lint\.+Passed$", output, re.M), output
