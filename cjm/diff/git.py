"""The files of a workspace folder at a git revision, read with plumbing only.

A reviewer runs ``cjm diff main`` in a work tree with uncommitted changes, so reading
a revision must never check anything out or touch the index: ``rev-parse`` resolves
the revision, ``ls-tree`` lists the folder's files and sizes, and one
``cat-file --batch`` process streams every blob. One process for all blobs, because a
thousand ``git show`` calls cost more than loading the files does.

Symbolic links follow the rule of a scan on disk: a link to a file is read through
the link and shown by the link's own name, a link to a folder is not entered, and a
link that leads nowhere (or out of the repository, where a revision has nothing to
read) cannot be read. git itself resolves the links, with
``cat-file --batch-check --follow-symlinks``.

Every process runs with a time limit and without a terminal or a password helper: a
clone made without blobs fetches them on demand, and a fetch that asks for
credentials must fail at once rather than wait for an answer nobody will type.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cjm.diagnostics import printable
from cjm.discovery import MAX_FILE_BYTES, is_candidate
from cjm.paths import repository_root
from cjm.processes import (
    TIMEOUT_VARIABLE,
    run_bounded,
    seconds,
    subprocess_timeout,
)

#: Blobs larger than the loader reads from disk are not read either (CJM106 on both sides).
MAX_BLOB_BYTES = MAX_FILE_BYTES
_REGULAR_FILES = (b"100644", b"100755")  # submodules (160000) are skipped
_SYMLINK = b"120000"

#: What git is told so that it never waits for a person: no terminal prompt, and an
#: empty askpass program (an empty GIT_ASKPASS also hides ``core.askPass`` and
#: SSH_ASKPASS from git; ssh is told not to use one). GCM_INTERACTIVE is Git
#: Credential Manager's own switch.
NO_PROMPTS = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
    "SSH_ASKPASS_REQUIRE": "never",
    "GCM_INTERACTIVE": "never",
}


class RevisionError(Exception):
    """A revision that cannot be read: a usage error (exit 2), printed as one line."""


@dataclass(frozen=True, slots=True)
class Repository:
    """A git work tree and where a folder of it lies inside, as git names paths."""

    root: Path  # physical: no symbolic link on the way to it
    prefix: str  # the folder relative to ``root``, POSIX, "" for the root itself


@dataclass(frozen=True, slots=True)
class Blob:
    """One file at a revision: its bytes, or only its size when it is too large to read,
    or (a symbolic link that leads nowhere) why it cannot be read at all."""

    size: int
    data: bytes | None
    problem: str | None = None


def refuse_option_like(argument: str) -> None:
    """An argument that starts with ``-`` is never taken as a revision, even after ``--``:
    git would read ``--output=x`` as an option, which can write files."""
    if argument.startswith("-"):
        raise RevisionError(
            f"refusing '{printable(argument)}': a revision or path may not start with '-' "
            "(also after `--`); write ./NAME for a file of that name"
        )


def repository_of(folder: Path) -> Repository:
    """The work tree holding ``folder``; ``folder`` must exist.

    The root is :func:`cjm.paths.repository_root`'s, the one the formatters place
    findings by, so the two never disagree. It is asked for the physical folder, with
    symbolic links followed, because that is how git names paths: a link to a folder is
    a blob in git's tree, so the prefix must be where the files really are (and git
    finds its own root from the physical current folder, so this is git's answer too).
    """
    physical = folder.resolve()
    root = repository_root(physical)
    if root is None:
        raise RevisionError(f"'{folder}' is not inside a git repository")
    prefix = physical.relative_to(root).as_posix()
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

    Keys are paths relative to ``folder``. Only candidates are listed (YAML names,
    nothing hidden: :func:`cjm.discovery.is_candidate`, as a workspace scan on disk);
    ``cjm.yaml`` is among them, and its ``exclude`` is applied by whoever loads the
    files. A folder that does not exist at ``commit`` gives nothing.
    A symbolic link with a YAML name is read as the file it leads to (anywhere in the
    repository), left out when it leads to a folder, and otherwise carries a
    ``problem``.
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
    links: list[str] = []
    start = f"{folder}/" if folder else ""
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, raw_name = record.partition(b"\t")
        mode, kind, sha, size = meta.split()
        name = raw_name.decode("utf-8", "surrogateescape")
        if kind != b"blob" or not name.startswith(start):
            continue
        relative = name[len(start) :]
        if not is_candidate(relative):  # the rest is left to :mod:`cjm.discovery`
            continue
        if mode in _REGULAR_FILES:
            wanted[relative] = (sha.decode("ascii"), int(size))
        elif mode == _SYMLINK:
            links.append(relative)
    problems: dict[str, str] = {}
    for relative, target in follow_links(repository, commit, [start + r for r in links]).items():
        if isinstance(target, str):
            problems[relative[len(start) :]] = target
        elif target is not None:
            wanted[relative[len(start) :]] = target
    readable = [sha for sha, size in wanted.values() if size <= MAX_BLOB_BYTES]
    contents = cat_blobs(repository, readable)
    blobs = {
        relative: Blob(size, contents.get(sha) if size <= MAX_BLOB_BYTES else None)
        for relative, (sha, size) in wanted.items()
    }
    blobs.update((relative, Blob(0, None, problem)) for relative, problem in problems.items())
    return dict(sorted(blobs.items()))


def follow_links(
    repository: Repository, commit: str, paths: Sequence[str]
) -> dict[str, tuple[str, int] | str | None]:
    """Where each symbolic link at ``commit`` leads, as git resolves it.

    For each path (relative to the repository root): ``(sha, size)`` of the file it
    leads to, ``None`` for a folder (or submodule), or a reason it cannot be read,
    worded as the operating system words the same failure on disk.
    """
    results: dict[str, tuple[str, int] | str | None] = {}
    asked = []
    for path in paths:
        if "\n" in path:  # git reads one object name a line
            results[path] = "a symbolic link whose name holds a line break cannot be followed"
        else:
            asked.append(path)
    if not asked:
        return results
    request = b"".join(f"{commit}:{path}\n".encode("utf-8", "surrogateescape") for path in asked)
    output = _run(
        repository.root, ["cat-file", "--batch-check", "--follow-symlinks"], request, check=True
    ).stdout
    try:
        position = 0
        for path in asked:
            line_end = output.index(b"\n", position)
            header = output[position:line_end]
            position = line_end + 1
            word, _, rest = header.partition(b" ")
            if word in _UNREADABLE_LINKS and rest.isdigit():
                length = int(rest)  # followed by that many bytes of detail and a newline
                detail = output[position : position + length]
                position += length + 1
                results[path] = _link_problem(word, detail)
            elif header.endswith((b" missing", b" ambiguous")):
                results[path] = os.strerror(errno.ENOENT)
            else:
                sha, kind, size = header.split()
                results[path] = (sha.decode("ascii"), int(size)) if kind == b"blob" else None
    except ValueError:
        raise RevisionError("git cat-file answered in a form cjm does not know") from None
    return results


_UNREADABLE_LINKS = (b"symlink", b"dangling", b"loop", b"notdir")


def _link_problem(word: bytes, detail: bytes) -> str:
    """The reason a link cannot be read: the operating system's words where a link on
    disk fails the same way, so disk and revision give the same CJM100."""
    if word == b"dangling":
        return os.strerror(errno.ENOENT)
    if word == b"loop":
        return os.strerror(errno.ELOOP)
    if word == b"notdir":
        return os.strerror(errno.ENOTDIR)
    target = printable(detail.decode("utf-8", "replace"))
    return f"symbolic link leads outside the repository (to '{target}')"


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
    try:
        for _ in unique:
            header_end = output.index(b"\n", position)
            sha, kind, size = output[position:header_end].split()
            length = int(size)
            start = header_end + 1
            if kind == b"blob":
                blobs[sha.decode("ascii")] = output[start : start + length]
            position = start + length + 1  # the content is followed by a newline
    except ValueError:
        raise RevisionError("git cat-file answered in a form cjm does not know") from None
    return blobs


def _git(cwd: Path, *arguments: str, check: bool) -> subprocess.CompletedProcess[bytes]:
    return _run(cwd, list(arguments), None, check=check)


def _run(
    cwd: Path, arguments: Sequence[str], stdin: bytes | None, *, check: bool
) -> subprocess.CompletedProcess[bytes]:
    """git with ``arguments``, bounded in time and unable to prompt anyone."""
    # GIT_OPTIONAL_LOCKS=0: no git command here may refresh or lock the index.
    environment = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", **NO_PROMPTS}
    command = next((word for word in arguments if not word.startswith("-")), "")
    try:
        limit = subprocess_timeout()
    except ValueError as error:
        raise RevisionError(str(error)) from None
    try:
        completed = run_bounded(
            ["git", *arguments], cwd=cwd, env=environment, stdin=stdin, timeout=limit
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(
            f"git {command} did not answer within {seconds(limit)} s "
            f"(set {TIMEOUT_VARIABLE} to wait longer)"
        ) from None
    except OSError as error:
        raise RevisionError(f"cannot run git: {error.strerror or error}") from None
    if check and completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = printable(message[-1]) if message else f"exit status {completed.returncode}"
        raise RevisionError(f"git {command} failed: {reason}")
    return completed
