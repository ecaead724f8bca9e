"""Both sides of a diff, loaded side by side when the machine allows it.

Each side is a whole workspace load, as costly as ``cjm validate``, and the two are
independent. So where ``fork`` is safe (Linux, one thread, more than one CPU), the
old side loads in a child process while this one loads the new side. Sending a whole
workspace of models back would cost more than loading it, so the child first sends
only fingerprints of its documents' sources; this process answers with the documents
whose fingerprint differs from its own side's, and only those are sent over.

The child is a helper, never something to wait on: every read and write between the
two has a deadline (the time limit of :func:`~cjm.processes.subprocess_timeout` after
this process has loaded its own side), and a child that dies, stops answering or sends
anything unexpected is killed and reaped, and the old side is loaded here instead. The
child holds no pipe but its two to this process: its standard streams are
``/dev/null``, so even a child that outlived its parent could not keep a caller
waiting for the end of cjm's output.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from cjm.diagnostics import Diagnostic, Severity
from cjm.diff.compare import Snapshot
from cjm.diff.git import RevisionError
from cjm.diff.sources import Side, load_side
from cjm.processes import subprocess_timeout
from cjm.workspace import WorkspaceError

#: Each message between the processes is its length (8 bytes, big-endian), then a pickle.
_HEADER = struct.Struct(">Q")
#: How long a child that sent everything may take to exit before it is killed.
_EXIT_GRACE = 2.0


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


class _ChildLost(Exception):
    """The child died, did not answer in time, or sent something unexpected."""


def _side_by_side(old: str, new: str | None, *, folder: Path) -> tuple[Version, Version] | None:
    """Both sides loaded at once; None when no child could be started (the caller then
    loads both here)."""
    try:
        limit = subprocess_timeout()
    except ValueError:
        return None  # loading here reports the setting where a process needs it
    from_child, to_parent = os.pipe()
    from_parent, to_child = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for descriptor in (from_child, to_parent, from_parent, to_child):
            os.close(descriptor)
        return None
    if pid == 0:  # the child: never returns
        os.close(from_child)
        os.close(to_child)
        _child(old, folder, send=to_parent, receive=from_parent)
    os.close(to_parent)
    os.close(from_parent)
    child = _Child(pid, receive=from_child, send=to_child, limit=limit)
    try:
        versions = _parent(old, new, folder, child)
    except BaseException:
        child.end(answered=False)
        raise
    child.end(answered=child.answered)
    return versions


def _parent(old: str, new: str | None, folder: Path, child: _Child) -> tuple[Version, Version]:
    """Load the new side here, then take the old one from the child, or load it here
    when the child fails. Errors come in the order of loading one after the other: a
    usage error of the old side first."""
    new_error: Exception | None = None
    second: Version | None = None
    try:
        second = version_of(load_side(new, folder=folder), digest=True)
    except (RevisionError, WorkspaceError) as error:
        new_error = error
    child.start_clock()
    try:
        first = _from_child(child, second)
    except _ChildLost:
        child.kill()
        first = version_of(load_side(old, folder=folder), digest=True)
    if new_error is not None:
        raise new_error
    assert first is not None and second is not None
    return first, second


def _from_child(child: _Child, second: Version | None) -> Version | None:
    """The old side as the child loaded it; None when the new side failed (its error
    is raised after the old side's); raises the old side's usage error."""
    reply = child.receive()
    if _is_usage_reply(reply):
        child.answered = True
        raise reply[1]
    if not _is_loaded_reply(reply):
        raise _ChildLost("an unexpected first message")
    if second is None:
        child.answered = True
        return None  # the new side failed: only the old side's usage error mattered
    label, errors, sources = reply[1], reply[2], reply[3]
    wanted = [key for key, source in sources.items() if second.snapshot.sources.get(key) != source]
    child.send(wanted)
    first = child.receive()
    if not isinstance(first, Snapshot):
        raise _ChildLost("an unexpected second message")
    child.answered = True
    return Version(label, errors, first)


def _is_usage_reply(reply: object) -> bool:
    return (
        isinstance(reply, tuple)
        and len(reply) == 2
        and reply[0] == "usage"
        and isinstance(reply[1], RevisionError | WorkspaceError)
    )


def _is_loaded_reply(reply: object) -> bool:
    return (
        isinstance(reply, tuple)
        and len(reply) == 4
        and reply[0] == "loaded"
        and isinstance(reply[1], str)
        and isinstance(reply[2], list)
        and isinstance(reply[3], dict)
    )


class _Child:
    """This process's end of the child: messages with a deadline, and its reaping."""

    def __init__(self, pid: int, *, receive: int, send: int, limit: float) -> None:
        self.pid = pid
        self.limit = limit
        self.answered = False
        self._receive = receive
        self._send = send
        self._deadline = time.monotonic() + limit
        os.set_blocking(send, False)

    def start_clock(self) -> None:
        """From now on the child has ``limit`` seconds for everything it still owes."""
        self._deadline = time.monotonic() + self.limit

    def receive(self) -> Any:
        (length,) = _HEADER.unpack(self._read(_HEADER.size))
        payload = self._read(length)
        try:
            return pickle.loads(payload)
        except Exception as error:  # any garbage: the child is not to be trusted
            raise _ChildLost(f"an unreadable message ({type(error).__name__})") from None

    def send(self, message: object) -> None:
        payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        data = memoryview(_HEADER.pack(len(payload)) + payload)
        while data:
            self._wait(select.POLLOUT)
            try:
                written = os.write(self._send, data)
            except BlockingIOError:
                continue
            except OSError as error:  # EPIPE: the child is gone
                raise _ChildLost(f"a closed pipe ({error.strerror})") from None
            data = data[written:]

    def _read(self, count: int) -> bytes:
        chunks = bytearray()
        while len(chunks) < count:
            self._wait(select.POLLIN)
            data = os.read(self._receive, min(count - len(chunks), 1 << 20))
            if not data:
                raise _ChildLost("the child closed its pipe")
            chunks += data
        return bytes(chunks)

    def _wait(self, event: int) -> None:
        """Until the pipe is ready for ``event`` (or closed), or the deadline passes."""
        descriptor = self._receive if event == select.POLLIN else self._send
        poller = select.poll()
        poller.register(descriptor, event)
        while True:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise _ChildLost("no answer in time")
            if poller.poll(max(1, int(remaining * 1000))):
                return

    def kill(self) -> None:
        """End the child now; it is reaped by :meth:`end`."""
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)

    def end(self, *, answered: bool) -> None:
        """Close the pipes and reap the child, killing it unless it sent everything
        and exits by itself within a short grace. Waits a bounded time even for a
        process the kernel will not let die (one stuck in a disk read): then it is left
        to ``init``, which reaps it when this process exits."""
        for descriptor in (self._receive, self._send):
            with contextlib.suppress(OSError):
                os.close(descriptor)
        if not answered:
            self.kill()
        if not self._reap(_EXIT_GRACE):
            self.kill()
            self._reap(_EXIT_GRACE)

    def _reap(self, within: float) -> bool:
        deadline = time.monotonic() + within
        pause = 0.001
        while True:
            try:
                pid, _ = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                return True  # already reaped
            if pid != 0:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 2, 0.05)


def _child(old: str, folder: Path, *, send: int, receive: int) -> NoReturn:
    """Load the old side, answer the two questions, and leave without running any
    of the parent's exit handlers or flushing its buffers a second time."""
    status = 0
    try:
        _quiet()
        message: tuple[Any, ...]
        snapshot: Snapshot | None = None
        try:
            version = version_of(load_side(old, folder=folder), digest=True)
            snapshot = version.snapshot
            message = ("loaded", version.label, version.errors, dict(snapshot.sources))
        except (RevisionError, WorkspaceError) as error:
            message = ("usage", error)
        _write_message(send, message)
        if snapshot is not None:
            wanted = pickle.loads(_read_message(receive))
            _write_message(send, snapshot.only(wanted))
    except BaseException:  # the parent sees the pipe close and loads the side itself
        status = 1
    finally:
        os._exit(status)


def _quiet() -> None:
    """Point the child's standard streams at ``/dev/null``: it never prints, and an
    inherited pipe (a caller reading cjm's output) must not stay open because of it."""
    null = os.open(os.devnull, os.O_RDWR)
    for descriptor in (0, 1, 2):
        os.dup2(null, descriptor)
    os.close(null)


def _write_message(descriptor: int, message: object) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    data = memoryview(_HEADER.pack(len(payload)) + payload)
    while data:
        data = data[os.write(descriptor, data) :]


def _read_message(descriptor: int) -> bytes:
    (length,) = _HEADER.unpack(_read_exactly(descriptor, _HEADER.size))
    return _read_exactly(descriptor, length)


def _read_exactly(descriptor: int, count: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < count:
        data = os.read(descriptor, min(count - len(chunks), 1 << 20))
        if not data:
            raise EOFError
        chunks += data
    return bytes(chunks)
