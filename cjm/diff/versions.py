"""Both sides of a diff, loaded side by side when the machine allows it.

Each side is a whole workspace load, as costly as ``cjm validate``, and the two are
independent. So where ``fork`` is safe (Linux, one thread, more than one CPU), the
old side loads in a child process while this one loads the new side. Sending a whole
workspace of models back would cost more than loading it, so the child first sends
only fingerprints of its documents' sources; this process answers with the documents
whose fingerprint differs from its own side's, and only those are sent over. Anything
unexpected in the child falls back to loading the old side here, one after the other.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NoReturn

from cjm.diagnostics import Diagnostic, Severity
from cjm.diff.compare import Snapshot
from cjm.diff.git import RevisionError
from cjm.diff.sources import Side, load_side
from cjm.workspace import WorkspaceError


@dataclass(frozen=True, slots=True)
class Version:
    """One side, reduced to what a diff needs: its label, errors and documents."""

    label: str
    errors: list[Diagnostic]
    snapshot: Snapshot


def version_of(side: Side, *, digest: bool = False) -> Version:
    errors = [d for d in side.workspace.diagnostics if d.severity is Severity.ERROR]
    return Version(side.label, errors, Snapshot.of(side.workspace, digest=digest))


def load_versions(old: str, new: str | None, *, folder: Path) -> tuple[Version, Version]:
    """The old and the new side; usage errors of the old side are raised first."""
    if can_fork():
        loaded = _side_by_side(old, new, folder=folder)
        if loaded is not None:
            return loaded
    first = version_of(load_side(old, folder=folder))
    return first, version_of(load_side(new, folder=folder))


def can_fork() -> bool:
    """Forking is safe and worth it: Linux (macOS system libraries may not survive a
    fork), no other thread that could hold a lock, and a second CPU to run on."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


def _side_by_side(old: str, new: str | None, *, folder: Path) -> tuple[Version, Version] | None:
    """Both sides loaded at once; None when the child failed (the caller loads here)."""
    to_parent, from_child = _pipe()
    to_child, from_parent = _pipe()
    try:
        pid = os.fork()
    except OSError:
        for stream in (to_parent, from_child, to_child, from_parent):
            stream.close()
        return None
    if pid == 0:  # the child: never returns
        from_child.close()
        to_child.close()
        _child(old, folder, send=to_parent, receive=from_parent)
    to_parent.close()
    from_parent.close()
    try:
        return _parent(new, folder, send=to_child, receive=from_child)
    finally:
        to_child.close()
        from_child.close()
        os.waitpid(pid, 0)


def _parent(
    new: str | None, folder: Path, *, send: IO[bytes], receive: IO[bytes]
) -> tuple[Version, Version] | None:
    new_error: Exception | None = None
    try:
        second = version_of(load_side(new, folder=folder), digest=True)
    except (RevisionError, WorkspaceError) as error:
        new_error = error
    try:
        reply = pickle.load(receive)
    except (EOFError, OSError, pickle.UnpicklingError):
        reply = ("failed", "")
    if reply[0] == "usage":
        raise reply[1]
    if reply[0] != "loaded":
        return None  # loaded again one after the other, so errors come in the same order
    if new_error is not None:
        raise new_error
    label, errors, sources = reply[1], reply[2], reply[3]
    wanted = [key for key, source in sources.items() if second.snapshot.sources.get(key) != source]
    try:
        pickle.dump(wanted, send, protocol=pickle.HIGHEST_PROTOCOL)
        send.flush()
        first: Snapshot = pickle.load(receive)
    except (EOFError, OSError, pickle.UnpicklingError):
        return None
    return Version(label, errors, first), second


def _child(old: str, folder: Path, *, send: IO[bytes], receive: IO[bytes]) -> NoReturn:
    """Load the old side, answer the two questions, and leave without running any
    of the parent's exit handlers or flushing its buffers a second time."""
    status = 0
    try:
        message: tuple[Any, ...]
        snapshot: Snapshot | None = None
        try:
            version = version_of(load_side(old, folder=folder), digest=True)
            snapshot = version.snapshot
            message = ("loaded", version.label, version.errors, dict(snapshot.sources))
        except (RevisionError, WorkspaceError) as error:
            message = ("usage", error)
        pickle.dump(message, send, protocol=pickle.HIGHEST_PROTOCOL)
        send.flush()
        if snapshot is not None:
            wanted = pickle.load(receive)
            pickle.dump(snapshot.only(wanted), send, protocol=pickle.HIGHEST_PROTOCOL)
            send.flush()
    except BaseException:  # the parent sees the pipe close and loads the side itself
        status = 1
    finally:
        os._exit(status)


def _pipe() -> tuple[IO[bytes], IO[bytes]]:
    """A pipe as a (writer, reader) pair of buffered binary files."""
    read_end, write_end = os.pipe()
    return os.fdopen(write_end, "wb"), os.fdopen(read_end, "rb")
