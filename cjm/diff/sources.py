"""Each side of a diff as a :class:`~cjm.workspace.Workspace`, read by the one loader.

A side is a folder or file on disk, or a git revision of the workspace folder. A
revision's files are read from git as bytes and loaded by
:func:`~cjm.workspace.load_workspace_from_memory`: the same discovery rules, loader and
checks as ``cjm validate`` on disk, so the two sides of a diff can never be parsed by
different rules, and nothing is written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cjm.diff import git
from cjm.workspace import (
    Workspace,
    WorkspaceError,
    find_config,
    load_workspace,
    load_workspace_from_memory,
)

WORKING_TREE = "working tree"

__all__ = ["WORKING_TREE", "Side", "load_side", "refuse"]


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a diff: a label for reports and the loaded workspace."""

    label: str
    workspace: Workspace


def refuse(*arguments: str | None) -> None:
    """Refuse option-like arguments before anything is read."""
    for argument in arguments:
        if argument is not None:
            git.refuse_option_like(argument)


def load_side(argument: str | None, *, folder: Path) -> Side:
    """``argument`` as a path if one exists, else as a revision of ``folder``;
    ``None`` is the working tree (``folder`` itself, as it is on disk)."""
    if argument is not None:
        git.refuse_option_like(argument)
        if Path(argument).exists():
            return Side(argument, load_workspace(argument))
    if not folder.is_dir():
        raise WorkspaceError(f"workspace folder '{folder}' does not exist")
    if argument is None:
        return Side(WORKING_TREE, load_workspace(folder))
    return load_revision(argument, folder=folder)


def load_revision(revision: str, *, folder: Path) -> Side:
    """The workspace folder as it was at ``revision``, without touching the work tree.

    The files come from git as bytes and go through the same loader as files on disk;
    diagnostics name them as git does, ``REV:path/in/repo.yaml``.
    """
    repository = git.repository_of(folder)
    commit = git.resolve_commit(repository, revision)
    root_prefix = _workspace_prefix(repository)
    inner = PurePosixPath(repository.prefix).relative_to(root_prefix).as_posix()
    blobs = git.read_folder(repository, commit, root_prefix)
    files: dict[str, bytes | int | str] = {
        relative: (
            blob.problem
            if blob.problem is not None
            else (blob.data if blob.data is not None else blob.size)
        )
        for relative, blob in blobs.items()
        if _safe(relative)
    }
    shown = f"{revision}:{root_prefix}/" if root_prefix else f"{revision}:"
    workspace = load_workspace_from_memory(
        files, display_prefix=shown, scope="" if inner == "." else inner
    )
    return Side(revision_label(revision, commit), workspace)


def revision_label(revision: str, commit: str) -> str:
    """``main (9338c31f0fea)``; a revision given as a commit id is just its short form
    (CI passes full ids: "9338c31f…4f (9338c31f0fea)" said it twice)."""
    if len(revision) >= 7 and commit.lower().startswith(revision.lower()):
        return commit[:12]
    return f"{revision} ({commit[:12]})"


def _safe(relative: str) -> bool:
    """git never stores such names; a crafted tree must not name files outside it."""
    parts = PurePosixPath(relative).parts
    return bool(parts) and not any(part in ("", ".", "..") or "\\" in part for part in parts)


def _workspace_prefix(repository: git.Repository) -> str:
    """Where the folder whose ``cjm.yaml`` configures the workspace folder lies in the
    repository (``""`` for its root), so a revision is read with the same configuration
    and scope as the working tree; the workspace folder itself when no ``cjm.yaml`` above
    it lies within the repository.

    Paths here are the physical ones :func:`~cjm.diff.git.repository_of` worked out,
    as git names them; nothing is resolved again.
    """
    folder = repository.root / repository.prefix
    config = find_config(folder)
    if config is not None and config.parent.is_relative_to(repository.root):
        prefix = config.parent.relative_to(repository.root).as_posix()
        return "" if prefix == "." else prefix
    return repository.prefix
