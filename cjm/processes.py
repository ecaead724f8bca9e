"""Running the programs cjm needs (git, Graphviz's dot) so they can never hang it.

Every process has a time limit, and when it passes (or on Ctrl-C) the process and
whatever it started are killed and reaped, so a helper left behind cannot hold a pipe
open and keep cjm waiting. One module owns this, so git and dot follow one rule.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from cjm.diagnostics import printable

#: How long one git or Graphviz process may run, in seconds. Generous: a clone made
#: without blobs fetches them over the network, and a slow machine is not a hang.
DEFAULT_TIMEOUT = 120.0
#: The environment variable that sets another limit (seconds, a positive number).
TIMEOUT_VARIABLE = "CJM_SUBPROCESS_TIMEOUT"


def subprocess_timeout() -> float:
    """The time limit for one process, from :data:`TIMEOUT_VARIABLE` or the default.

    Raises ``ValueError`` (with a one-line message) for a value that is not a positive
    number: a limit silently replaced by the default would surprise whoever set it.
    """
    raw = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise ValueError(
            f"{TIMEOUT_VARIABLE} must be a positive number of seconds, not '{printable(raw)}'"
        )
    return value


def seconds(limit: float) -> str:
    """A time limit as a message shows it: ``120``, ``0.5``."""
    return f"{limit:g}"


def run_bounded(
    command: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    stdin: bytes | None,
    timeout: float,
    own_session: bool = True,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` to its end or for ``timeout`` seconds, whichever comes first.

    With ``own_session`` the process gets a session of its own, so it has no terminal
    to prompt on and everything it starts can be ended with it: on a timeout (or
    Ctrl-C, or any other exception) the whole group is killed and reaped before the
    exception goes on, so no helper it started is left holding the pipes. Without it
    (a program that starts no helpers and prompts no one, and that Ctrl-C on the
    terminal must reach even while it runs in another thread) only the process itself
    is killed. ``stdin`` is sent and then closed; without it the process reads from an
    empty stream.

    Raises ``subprocess.TimeoutExpired`` on the timeout and ``OSError`` when the
    program cannot be started.
    """
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=own_session,
    )
    try:
        stdout, stderr = process.communicate(stdin, timeout=timeout)
    except BaseException:
        _kill(process, group=own_session)
        raise
    return subprocess.CompletedProcess(list(command), process.returncode, stdout, stderr)


def _kill(process: subprocess.Popen[bytes], *, group: bool) -> None:
    """End a process (and with ``group`` everything in its group), and reap it."""
    if group and sys.platform != "win32":
        with contextlib.suppress(OSError):  # the group outlives a dead leader
            os.killpg(process.pid, signal.SIGKILL)
    process.kill()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    process.wait()
