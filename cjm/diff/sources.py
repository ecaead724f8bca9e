"""Each side of a diff as a :class:`~cjm.workspace.Workspace`, read by the one loader.

A side is a folder or file on disk, or a git revision of the workspace folder. A
revision's files are written into a private scratch folder and read with
:func:`~cjm.workspace.load_workspace`, exactly as ``cjm validate`` would read them, so
the two sides of a diff can never be parsed by different rules. Diagnostics then name
the file as git does, ``REV:path/in/repo.yaml``, not the scratch folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from cjm.diff import git
from cjm.diff.git import Blob
from cjm.workspace import (
    CONFIG_NAMES,
    Workspace,
    WorkspaceError,
    display_path,
    find_config,
    load_workspace,
)

WORKING_TREE = "working tree"
#: Written when a revision has no cjm.yaml, so that the loader stops at the scratch
#: folder instead of walking up into a cjm.yaml that happens to lie above it.
_NEUTRAL_CONFIG = b"cjm: 1\n"

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
    """The workspace folder as it was at ``revision``, without touching the work tree."""
    repository = git.repository_of(folder)
    commit = git.resolve_commit(repository, revision)
    root = _workspace_root(folder.resolve(), repository.root.resolve())
    root_prefix = root.relative_to(repository.root.resolve()).as_posix()
    root_prefix = "" if root_prefix == "." else root_prefix
    inner = folder.resolve().relative_to(root)
    blobs = git.read_folder(repository, commit, root_prefix)
    with tempfile.TemporaryDirectory(prefix="cjm-diff-", dir=scratch_parent()) as scratch:
        base = Path(scratch)
        write_scratch(base, blobs)
        target = base / inner
        target.mkdir(parents=True, exist_ok=True)
        workspace = load_workspace(target)
        scratch_prefix = display_path(base) + "/"
    shown = f"{revision}:{root_prefix}/" if root_prefix else f"{revision}:"
    workspace.diagnostics = [
        replace(
            diagnostic,
            path=diagnostic.path.replace(scratch_prefix, shown, 1),
            message=diagnostic.message.replace(scratch_prefix, shown),
        )
        for diagnostic in workspace.diagnostics
    ]
    return Side(f"{revision} ({commit[:12]})", workspace)


def write_scratch(base: Path, blobs: Mapping[str, Blob]) -> None:
    """A revision's files in a private scratch folder, for the loader to read.

    Not through ``write_atomic``: nobody else ever sees these files, and a thousand
    fsyncs would cost more than loading them. A blob too large to read becomes a
    sparse file of its size, so the loader refuses it (CJM106) as it would on disk.
    """
    for relative, blob in sorted(blobs.items()):
        parts = PurePosixPath(relative).parts
        if not parts or any(part in ("", ".", "..") or "\\" in part for part in parts):
            continue  # git never writes such names; a crafted tree must not escape
        path = base.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as stream:
            if blob.data is None:
                stream.truncate(blob.size)
            else:
                stream.write(blob.data)
    if not any((base / name).is_file() for name in CONFIG_NAMES):
        (base / CONFIG_NAMES[0]).write_bytes(_NEUTRAL_CONFIG)


def scratch_parent() -> str | None:
    """A folder in memory for the scratch files when the system has one (Linux's
    ``/dev/shm``): writing a thousand files to a disk-backed /tmp took ten times as long."""
    for candidate in (os.environ.get("XDG_RUNTIME_DIR"), "/dev/shm"):
        if candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK | os.X_OK):
            return candidate
    return None  # the default temporary folder


def _workspace_root(folder: Path, repository_root: Path) -> Path:
    """The folder whose ``cjm.yaml`` configures ``folder`` (within the repository), so a
    revision is read with the same configuration and scope as the working tree."""
    config = find_config(folder)
    if config is not None and config.parent.resolve().is_relative_to(repository_root):
        return config.parent.resolve()
    return folder
