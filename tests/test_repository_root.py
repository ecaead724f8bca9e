"""One repository root (issue 20, item 1): the formatters' ``%SRCROOT%`` and the folder
``cjm diff`` reads at a revision come from :func:`cjm.paths.repository_root`, and it
names the root git names, in every shape a work tree takes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cjm.diff import git as cjm_git
from cjm.formatters.report import source_root
from cjm.paths import repository_root
from tests.diff.conftest import commit, git, write_workspace


def git_root(folder: Path) -> Path | None:
    """What ``git rev-parse --show-toplevel`` says, the answer cjm's walk must match."""
    completed = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    return Path(completed.stdout.strip()) if completed.returncode == 0 else None


def assert_one_answer(folder: Path, expected: Path | None) -> None:
    assert repository_root(folder) == expected
    assert git_root(folder) == expected
    assert source_root(str(folder)) == str(expected if expected is not None else folder)
    if expected is not None:
        assert cjm_git.repository_of(folder).root == expected


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    folder = (tmp_path / "clone").resolve()
    folder.mkdir()
    git(folder, "init", "-q")
    write_workspace(folder / "maps")
    commit(folder, "first")
    return folder


def test_a_clone_and_a_folder_inside_it(clone: Path) -> None:
    assert_one_answer(clone, clone)
    assert_one_answer(clone / "maps" / "journeys", clone)
    assert cjm_git.repository_of(clone / "maps").prefix == "maps"


def test_a_worktree_has_a_git_file(clone: Path) -> None:
    worktree = clone.parent / "worktree"
    git(clone, "worktree", "add", "-q", str(worktree))
    assert (worktree / ".git").is_file()
    assert_one_answer(worktree / "maps", worktree)


def test_a_submodule_like_git_file(tmp_path: Path) -> None:
    """A submodule's ``.git`` is a file pointing into the superproject's ``.git``."""
    outer = tmp_path.resolve() / "outer"
    outer.mkdir()
    git(outer, "init", "-q")
    inner = outer / "inner"
    inner.mkdir()
    (outer / ".git" / "modules").mkdir()
    git(inner, "init", "-q", f"--separate-git-dir={outer / '.git' / 'modules' / 'inner'}")
    assert (inner / ".git").read_text().startswith("gitdir: ")
    write_workspace(inner)
    assert_one_answer(inner / "journeys", inner)


def test_a_repository_nested_in_another_is_its_own_root(clone: Path) -> None:
    nested = clone / "vendor" / "nested"
    nested.mkdir(parents=True)
    git(nested, "init", "-q")
    write_workspace(nested)
    assert_one_answer(nested / "personas", nested)
    assert_one_answer(clone / "maps", clone)


def test_outside_any_repository(tmp_path: Path) -> None:
    folder = tmp_path.resolve() / "plain"
    folder.mkdir()
    if git_root(folder) is not None:  # pragma: no cover - a temporary folder inside a clone
        pytest.skip("the temporary folder is inside a git repository")
    assert_one_answer(folder, None)
    with pytest.raises(cjm_git.RevisionError, match="not inside a git repository"):
        cjm_git.repository_of(folder)


def test_a_folder_reached_through_a_link_is_named_as_git_names_it(clone: Path) -> None:
    """git's tree holds the real folder (a link to a folder is a blob in it), so the
    diff reads the physical folder; the root is the same either way."""
    link = clone.parent / "link-to-maps"
    link.symlink_to(clone / "maps")
    repository = cjm_git.repository_of(link)
    assert (repository.root, repository.prefix) == (clone, "maps")
