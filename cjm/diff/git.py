"""The files of a workspace folder at a git revision, read with plumbing only.

A reviewer runs ``cjm diff main`` in a work tree with uncommitted changes, so reading
a revision must never check anything out or touch the index: ``rev-parse`` resolves
the revision, ``ls-tree`` lists the folder's files and sizes, and one
``cat-file --batch`` process streams every blob. One process for all blobs, because a
thousand ``git show`` calls cost more than loading the files does.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cjm.diagnostics import printable

#: Blobs larger than this are not read; the loader refuses such files anyway (CJM106).
MAX_BLOB_BYTES = 10 * 1024 * 1024
_YAML_SUFFIXES = (".yaml", ".yml")
_REGULAR_FILES = ("100644", "100755")  # symlinks (120000) and submodules are skipped


class RevisionError(Exception):
    """A revision that cannot be read: a usage error (exit 2), printed as one line."""


@dataclass(frozen=True, slots=True)
class Repository:
    """A git work tree and where a folder of it lies inside, as git names paths."""

    root: Path
    prefix: str  # the folder relative to ``root``, POSIX, "" for the root itself


@dataclass(frozen=True, slots=True)
class Blob:
    """One file at a revision: its bytes, or only its size when it is too large to read."""

    size: int
    data: bytes | None


def refuse_option_like(argument: str) -> None:
    """An argument that starts with ``-`` is never taken as a revision, even after ``--``:
    git would read ``--output=x`` as an option, which can write files."""
    if argument.startswith("-"):
        raise RevisionError(
            f"refusing '{printable(argument)}': a revision or path may not start with '-' "
            "(also after `--`); write ./NAME for a file of that name"
        )


def repository_of(folder: Path) -> Repository:
    """The work tree holding ``folder``; ``folder`` must exist."""
    completed = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if completed.returncode != 0:
        raise RevisionError(f"'{folder}' is not inside a git repository")
    root = Path(completed.stdout.decode("utf-8", "surrogateescape").rstrip("\n"))
    try:
        relative = folder.resolve().relative_to(root.resolve())
    except ValueError:
        raise RevisionError(f"'{folder}' is not inside the git work tree {root}") from None
    prefix = relative.as_posix()
    return Repository(root=root, prefix="" if prefix == "." else prefix)


def resolve_commit(repository: Repository, revision: str) -> str:
    """The commit ``revision`` names, as a full object name."""
    refuse_option_like(revision)
    completed = _git(
        repository.root,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{revision}^{{commit}}",
        check=False,
    )
    commit = completed.stdout.decode("ascii", "replace").strip()
    if completed.returncode != 0 or not commit:
        shallow = _git(repository.root, "rev-parse", "--is-shallow-repository", check=False)
        hint = (
            " (this is a shallow clone: fetch the revision, e.g. `git fetch --unshallow`)"
            if shallow.stdout.strip() == b"true"
            else ""
        )
        raise RevisionError(
            f"unknown revision '{printable(revision)}': not a commit in {repository.root} "
            f"and not an existing file or folder{hint}"
        )
    return commit


def read_folder(repository: Repository, commit: str, folder: str) -> dict[str, Blob]:
    """YAML files below ``folder`` (relative to the repository root) at ``commit``.

    Keys are paths relative to ``folder``. Hidden files and folders are left out, as a
    workspace scan skips them; a folder that does not exist at ``commit`` gives nothing.
    """
    listing = _git(
        repository.root,
        "--literal-pathspecs",
        "ls-tree",
        "-r",
        "-z",
        "-l",
        "--full-tree",
        commit,
        "--",
        *([folder] if folder else []),
        check=True,
    ).stdout
    wanted: dict[str, tuple[str, int]] = {}
    start = f"{folder}/" if folder else ""
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, raw_name = record.partition(b"\t")
        mode, kind, sha, size = meta.split()
        name = raw_name.decode("utf-8", "surrogateescape")
        if kind != b"blob" or mode.decode() not in _REGULAR_FILES or not name.startswith(start):
            continue
        relative = name[len(start) :]
        if relative.endswith(_YAML_SUFFIXES) and not _hidden(relative):
            wanted[relative] = (sha.decode("ascii"), int(size))
    readable = [sha for sha, size in wanted.values() if size <= MAX_BLOB_BYTES]
    contents = cat_blobs(repository, readable)
    return {
        relative: Blob(size, contents.get(sha) if size <= MAX_BLOB_BYTES else None)
        for relative, (sha, size) in wanted.items()
    }


def cat_blobs(repository: Repository, shas: Iterable[str]) -> dict[str, bytes]:
    """Every blob through one ``git cat-file --batch`` process.

    All requests go in at once and ``communicate`` reads while it writes, so a full
    pipe cannot deadlock the two processes.
    """
    unique = sorted(set(shas))
    if not unique:
        return {}
    request = "".join(f"{sha}\n" for sha in unique).encode("ascii")
    completed = _run(repository.root, ["cat-file", "--batch"], request, check=True)
    output = completed.stdout
    blobs: dict[str, bytes] = {}
    position = 0
    for _ in unique:
        header_end = output.index(b"\n", position)
        sha, kind, size = output[position:header_end].split()
        length = int(size)
        start = header_end + 1
        if kind == b"blob":
            blobs[sha.decode("ascii")] = output[start : start + length]
        position = start + length + 1  # the content is followed by a newline
    return blobs


def _hidden(relative: str) -> bool:
    return any(part.startswith(".") for part in relative.split("/"))


def _git(cwd: Path, *arguments: str, check: bool) -> subprocess.CompletedProcess[bytes]:
    return _run(cwd, list(arguments), None, check=check)


def _run(
    cwd: Path, arguments: Sequence[str], stdin: bytes | None, *, check: bool
) -> subprocess.CompletedProcess[bytes]:
    # GIT_OPTIONAL_LOCKS=0: no git command here may refresh or lock the index.
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        completed = subprocess.run(
            ["git", *arguments],
            cwd=cwd,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            env=environment,
            check=False,
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed or not on PATH") from None
    if check and completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = printable(message[-1]) if message else f"exit status {completed.returncode}"
        raise RevisionError(f"git {arguments[0]} failed: {reason}")
    return completed
