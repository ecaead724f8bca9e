"""Hostile input: alias bombs, deep nesting, huge files, markup and odd ids and paths.

``cjm validate`` runs in CI on pull requests from strangers, so whatever a file holds it
must finish, in bounded memory, with a diagnostic (CJM106 for input refused for safety)
and never a traceback. The real CLI runs in a subprocess for exit statuses and peak
memory; the in-process cases count what the loader's limits bound: collections built,
YAML events, bytes read and peak Python allocation.

No test here times anything: a loaded machine makes every time bound flaky, and a
generous one proves nothing. Each limit is checked by the work it bounds, which does
not depend on the machine; how fast cjm refuses hostile files is measured in
``bench/run.py`` (the ``cjm validate hostile`` and ``cjm validate wide`` cases), as a
ratio against a peer. Subprocesses get a hang guard, far above any normal run.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cjm import loader
from cjm.loader import MAX_ALIASES, MAX_DEPTH, MAX_EVENTS, MAX_FILE_BYTES, load_file
from tests.conftest import Result, run_cli, run_process, write

PERSONA = "cjm: 1\nkind: persona\nid: ania\nname: Ania\n"
MEGABYTE = 1024 * 1024
#: A hang guard, not a speed goal: a hostile file that hangs cjm fails the test here.
HANG_GUARD_SECONDS = 120.0
#: Peak resident memory of a whole ``python -m cjm`` process refusing hostile input.
#: A bomb expanded, or 5 million nodes composed, would take gigabytes.
PEAK_RSS = 300 * MEGABYTE
#: Peak Python allocation while one small hostile file is refused in-process: the
#: loader's read buffer (``MAX_FILE_BYTES + 1``, allocated for every read) and the text.
SMALL_FILE_PEAK = MAX_FILE_BYTES + 2 * MEGABYTE


@dataclass
class Measured:
    status: int
    stdout: str
    stderr: str
    peak_bytes: int


#: Runs the command given after the path of a file, as its own fork, and writes that
#: child's peak RSS (kilobytes) to the file, then exits as the child did. Linux counts
#: in a child's peak the memory of the process it was forked from (exec records the old
#: address space's high-water mark), so a child of a large pytest worker would report
#: the worker's size; forked from this small interpreter instead, it reports its own.
_MEASURER = """
import os, sys
child = os.fork()
if child == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(child, 0)
with open(sys.argv[1], "w") as peak:
    peak.write(str(usage.ru_maxrss))
if os.WIFSIGNALED(status):
    os.kill(os.getpid(), os.WTERMSIG(status))
os._exit(os.waitstatus_to_exitcode(status))
"""


def _run_measured(*args: str, cwd: Path, memory_limit: int | None = None) -> Measured:
    """``python -m cjm`` with its own peak RSS, read by a small measuring parent
    (:data:`_MEASURER`) with ``os.wait4``.

    ``RUSAGE_CHILDREN`` would report the largest child this test process ever had, and a
    child forked from this process starts from this process's size; so the child is
    forked from a small interpreter that reaps it and writes its peak. A child still
    running after the hang guard is killed with its measurer and the test fails.
    """
    out, err, peak = cwd / ".stdout", cwd / ".stderr", cwd / ".peak"
    environment = {**os.environ, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "cjm", *args]
    if memory_limit is not None:  # address space capped in the child, before cjm runs
        setup = (
            "import resource, runpy\n"
            f"resource.setrlimit(resource.RLIMIT_AS, ({memory_limit}, {memory_limit}))\n"
            "runpy.run_module('cjm', run_name='__main__', alter_sys=True)\n"
        )
        command = [sys.executable, "-c", setup, *args]
    measured = [sys.executable, "-c", _MEASURER, str(peak), *command]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            measured, cwd=cwd, env=environment, stdout=stdout, stderr=stderr,
            start_new_session=True,
        )  # fmt: skip
        # The hang guard kills the child and its measurer (one process group) from a
        # timer; this thread only waits.
        guard = threading.Timer(HANG_GUARD_SECONDS, os.killpg, (process.pid, signal.SIGKILL))
        guard.start()
        try:
            _, status, _ = os.wait4(process.pid, 0)
        finally:
            fired = not guard.is_alive() and guard.finished.is_set()
            guard.cancel()
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL and fired:
            pytest.fail(f"cjm {' '.join(args)} still ran after {HANG_GUARD_SECONDS} s")
    process.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        status=process.returncode,
        stdout=out.read_text(encoding="utf-8"),
        stderr=err.read_text(encoding="utf-8"),
        peak_bytes=int(peak.read_text(encoding="utf-8")) * 1024,  # kilobytes on Linux
    )


@dataclass
class Work:
    """What one in-process load did: the bounded quantities, counted as they happen."""

    collections_built: int = 0
    events_counted: list[int] | None = None
    bytes_read: int = 0
    peak_allocated: int = 0


@contextmanager
def _counting() -> Iterator[Work]:
    """Count collections the loader builds, events it counts, bytes it reads, and the
    peak of Python allocations (``tracemalloc``) while the block runs.

    The counters wrap the loader's own steps, so they measure what its limits bound
    (``MAX_ALIASES``, ``MAX_DEPTH``, ``MAX_EVENTS``, ``MAX_FILE_BYTES``) without a clock.
    """
    work = Work(events_counted=[])
    build = loader._Builder.build
    count_events = loader._count_events
    fdopen = os.fdopen

    def counted_build(self: Any, node: Any, depth: int = 1) -> Any:
        work.collections_built += 1
        return build(self, node, depth)

    def counted_events(text: str) -> int:
        events = count_events(text)
        assert work.events_counted is not None
        work.events_counted.append(events)
        return events

    class CountedStream(io.RawIOBase):
        def __init__(self, stream: Any) -> None:
            self._stream = stream

        def read(self, size: int = -1) -> bytes:
            data: bytes = self._stream.read(size)
            work.bytes_read += len(data)
            return data

        def close(self) -> None:
            self._stream.close()
            super().close()

    def counted_fdopen(descriptor: int, *args: Any, **kwargs: Any) -> Any:
        return CountedStream(fdopen(descriptor, *args, **kwargs))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader._Builder, "build", counted_build)
        patch.setattr(loader, "_count_events", counted_events)
        patch.setattr(os, "fdopen", counted_fdopen)
        tracemalloc.start()
        try:
            yield work
            work.peak_allocated = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def _assert_no_traceback(result: Result | Measured) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def _lines(result: Result | Measured) -> list[str]:
    """The diagnostic lines of text output (the summary line dropped)."""
    return result.stdout.splitlines()[:-1]


def _bomb() -> str:
    """Billion laughs: nine levels of nine aliases, 9**10 strings when expanded."""
    lines = [PERSONA.rstrip("\n"), "a0: &a0 [" + ", ".join(["lol"] * 9) + "]"]
    lines.extend(
        f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]" for level in range(1, 9)
    )
    lines.append("goals: [" + ", ".join(["*a8"] * 9) + "]")
    return "\n".join(lines) + "\n"


# The first expansion over the limit re-enters the collection anchored at line 6 (a1).
BOMB_FINDING = f"bomb.yaml:6:5: CJM106 error: more than {MAX_ALIASES} aliases in one document"
# Collections the loader builds before it refuses the bomb, counted by hand: the root
# mapping, a0, then a1 with its 9 aliases of a0 (12 so far, 9 aliases); a2 and 9 aliases
# of a1, each holding 9 of a0 (12 + 1 + 90 = 103, 99 aliases); a3, its first alias of a2
# (the 100th) and, inside it, the first alias of a1: the 101st, refused. 103 + 3 = 106.
# Expanded, the bomb would be 1 + 9 + 81 + ... + 9**9 collections.
BOMB_COLLECTIONS = 106


# ---------------------------------------------------------------------------------------
# Alias bombs


def test_billion_laughs_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    write(tmp_path, "bomb.yaml", _bomb())
    result = _run_measured("validate", "bomb.yaml", cwd=tmp_path)
    assert result.status == 1
    assert _lines(result) == [BOMB_FINDING]
    assert result.peak_bytes < PEAK_RSS
    _assert_no_traceback(result)


def test_billion_laughs_in_process_stops_at_the_alias_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.yaml", _bomb())
    with _counting() as work:
        loaded = load_file(path, "bomb.yaml")
    assert [(d.code, d.line, d.column, d.message) for d in loaded.diagnostics] == [
        ("CJM106", 6, 5, f"more than {MAX_ALIASES} aliases in one document")
    ]
    assert loaded.documents == []
    assert work.collections_built == BOMB_COLLECTIONS
    assert work.bytes_read == len(_bomb())
    assert work.peak_allocated < SMALL_FILE_PEAK


def test_billion_laughs_found_by_a_folder_scan_is_reported(in_tmp: Path) -> None:
    write(in_tmp, "maps/bomb.yaml", _bomb())
    result = run_cli("validate", "maps")
    assert result.status == 1
    assert _lines(result) == ["maps/" + BOMB_FINDING]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        (PERSONA + "goals: &a [*a]\n", 5, 8),
        (PERSONA + "demographics: &m {self: *m}\n", 5, 15),
        (PERSONA + "goals: &a [x, [y, *a]]\n", 5, 8),
    ],
)
def test_recursive_alias_is_refused_without_hanging(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    write(tmp_path, "loop.yaml", text)
    result = run_process("validate", "loop.yaml", cwd=tmp_path)
    assert result.status == 1
    assert _lines(result) == [
        f"loop.yaml:{line}:{column}: CJM106 error: an alias refers to a collection that contains it"
    ]
    _assert_no_traceback(result)


# ---------------------------------------------------------------------------------------
# Deep nesting


DEPTH = 100_000
# libyaml refuses more than 1000 levels; the finding is at its mark.
DEEP = {
    "flow.yaml": (PERSONA + "goals: " + "[" * DEPTH + "]" * DEPTH + "\n", 5, 1007),
    "block.yaml": (PERSONA + "goals:\n  " + "- " * DEPTH + "x\n", 6, 1999),
    "mapping.yaml": (
        PERSONA + "demographics: " + "{a: " * DEPTH + "x" + "}" * DEPTH + "\n",
        5,
        4011,
    ),
}
DEEP_MESSAGE = "nesting too deep: libyaml refuses more than 1000 levels"


@pytest.mark.parametrize("name", ["flow.yaml", "block.yaml"])
def test_100000_deep_nesting_is_cjm106_in_bounded_memory(tmp_path: Path, name: str) -> None:
    text, line, column = DEEP[name]
    write(tmp_path, name, text)
    result = _run_measured("validate", name, cwd=tmp_path)
    assert result.status == 1
    assert _lines(result) == [f"{name}:{line}:{column}: CJM106 error: {DEEP_MESSAGE}"]
    assert result.peak_bytes < PEAK_RSS
    _assert_no_traceback(result)


@pytest.mark.parametrize("name", ["flow.yaml", "block.yaml", "mapping.yaml"])
def test_100000_deep_nesting_in_process_builds_nothing(tmp_path: Path, name: str) -> None:
    text, line, column = DEEP[name]
    path = write(tmp_path, name, text)
    with _counting() as work:
        loaded = load_file(path, name)
    assert [(d.code, d.line, d.column, d.message) for d in loaded.diagnostics] == [
        ("CJM106", line, column, DEEP_MESSAGE)
    ]
    assert loaded.documents == []
    assert work.collections_built == 0  # libyaml stopped composing at level 1000
    assert work.peak_allocated < SMALL_FILE_PEAK


def test_nesting_libyaml_accepts_is_still_limited(tmp_path: Path) -> None:
    # 100 levels: libyaml composes them, cjm's own limit refuses the first list that is
    # nested deeper than MAX_DEPTH (the document's mapping is level 1, `goals` level 2).
    path = write(tmp_path, "deep.yaml", PERSONA + "goals: " + "[" * 100 + "]" * 100 + "\n")
    with _counting() as work:
        loaded = load_file(path, "deep.yaml")
    first_bracket = len("goals: ") + 1
    assert [(d.code, d.line, d.column, d.message) for d in loaded.diagnostics] == [
        ("CJM106", 5, first_bracket + MAX_DEPTH - 1, f"nesting deeper than {MAX_DEPTH} levels")
    ]
    # Levels 1 to MAX_DEPTH built, the next one refused on entry; the 35 below it never.
    assert work.collections_built == MAX_DEPTH + 1


# ---------------------------------------------------------------------------------------
# Size


def _write_big(path: Path, size: int) -> int:
    """A valid persona padded with comment lines to ``size`` bytes; fast to write."""
    head = PERSONA.encode()
    line = b"# " + b"x" * 1021 + b"\n"
    body = line * ((size - len(head)) // len(line) + 1)
    data = head + body
    path.write_bytes(data)
    return len(data)


def _too_large(size: int) -> str:
    return f"file is {size:,} bytes; cjm reads files up to {MAX_FILE_BYTES:,} bytes"


def test_50_megabyte_file_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    size = _write_big(tmp_path / "big.yaml", 50 * MEGABYTE)
    result = _run_measured("validate", "big.yaml", cwd=tmp_path)
    assert result.status == 1
    assert _lines(result) == [f"big.yaml:1:1: CJM106 error: {_too_large(size)}"]
    assert result.peak_bytes < PEAK_RSS
    _assert_no_traceback(result)


def test_50_megabyte_file_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    size = _write_big(tmp_path / "big.yaml", 50 * MEGABYTE)
    with _counting() as work:
        loaded = load_file(tmp_path / "big.yaml", "big.yaml")
    assert [(d.code, d.line, d.column, d.message) for d in loaded.diagnostics] == [
        ("CJM106", 1, 1, _too_large(size))
    ]
    assert loaded.documents == []
    assert work.bytes_read <= MAX_FILE_BYTES + 1  # one byte past the limit tells it is over
    assert work.peak_allocated < SMALL_FILE_PEAK
    assert work.events_counted == []  # never decoded, never parsed


def test_50_megabyte_file_found_by_a_scan_is_reported(in_tmp: Path) -> None:
    size = _write_big(in_tmp / "big.yaml", 50 * MEGABYTE)
    write(in_tmp, "ania.yaml", PERSONA)
    result = run_cli("validate", "--format", "json")
    assert result.status == 1
    (diagnostic,) = json.loads(result.stdout)["diagnostics"]
    assert (diagnostic["path"], diagnostic["line"], diagnostic["column"]) == ("big.yaml", 1, 1)
    assert (diagnostic["code"], diagnostic["message"]) == ("CJM106", _too_large(size))


# Items in a flow list of `a,` pairs that fill the file up to 64 bytes under the limit.
WIDE_ITEMS = (MAX_FILE_BYTES - len(PERSONA) - 64) // 2
# libyaml's events for that file, by YAML's grammar: stream and document start, the
# mapping's start, 4 persona keys and values, the `goals` key, the sequence's start,
# WIDE_ITEMS + 1 scalars, then the ends of sequence, mapping, document and stream.
WIDE_EVENTS = 2 + 1 + 8 + 1 + 1 + (WIDE_ITEMS + 1) + 4
WIDE_MESSAGE = f"file holds {WIDE_EVENTS:,} YAML nodes and more; cjm reads up to {MAX_EVENTS:,}"


def _write_wide(folder: Path) -> Path:
    path = folder / "wide.yaml"
    path.write_text(PERSONA + "goals: [" + "a," * WIDE_ITEMS + "a]\n", encoding="utf-8")
    assert path.stat().st_size < MAX_FILE_BYTES
    return path


def test_many_small_items_under_the_size_limit_stay_small(tmp_path: Path) -> None:
    _write_wide(tmp_path)
    result = _run_measured("validate", "wide.yaml", cwd=tmp_path)
    assert result.status == 1
    # Counted for the whole file, in C, before any node is built: reported at 1:1.
    assert _lines(result) == [f"wide.yaml:1:1: CJM106 error: {WIDE_MESSAGE}"]
    assert result.peak_bytes < PEAK_RSS
    _assert_no_traceback(result)


def test_many_small_items_are_counted_not_built(tmp_path: Path) -> None:
    path = _write_wide(tmp_path)
    with _counting() as work:
        loaded = load_file(path, "wide.yaml")
    assert [(d.code, d.line, d.column, d.message) for d in loaded.diagnostics] == [
        ("CJM106", 1, 1, WIDE_MESSAGE)
    ]
    assert work.events_counted == [WIDE_EVENTS]
    assert work.collections_built == 0
    assert work.bytes_read == path.stat().st_size
    # The file's bytes and text a few times over; 5 million nodes would be gigabytes.
    assert work.peak_allocated < 4 * MAX_FILE_BYTES


NOT_REGULAR = "1:1: CJM106 error: not a regular file"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_symlink_to_an_endless_device_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "ania.yaml", PERSONA)
    (tmp_path / "evil.yaml").symlink_to("/dev/zero")
    result = _run_measured("validate", cwd=tmp_path, memory_limit=1024 * MEGABYTE)
    assert result.status == 1
    assert _lines(result) == [f"evil.yaml:{NOT_REGULAR}"]
    _assert_no_traceback(result)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_does_not_hang(tmp_path: Path) -> None:
    write(tmp_path, "ania.yaml", PERSONA)
    os.mkfifo(tmp_path / "pipe.yaml")
    result = _run_measured("validate", cwd=tmp_path)
    assert result.status == 1
    assert _lines(result) == [f"pipe.yaml:{NOT_REGULAR}"]
    _assert_no_traceback(result)


def test_dangling_symlink_is_reported_not_fatal(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    (in_tmp / "gone.yaml").symlink_to(in_tmp / "nowhere.yaml")
    result = run_cli("validate")
    assert result.status == 1
    assert _lines(result) == [
        "gone.yaml:1:1: CJM100 error: cannot read file: No such file or directory"
    ]


def test_symlink_loop_between_folders_terminates(in_tmp: Path) -> None:
    write(in_tmp, "maps/ania.yaml", PERSONA)
    (in_tmp / "maps/again").symlink_to(in_tmp / "maps", target_is_directory=True)
    result = run_cli("validate")
    assert (result.status, result.stdout) == (0, "1 file, 1 document checked: no problems\n")


# ---------------------------------------------------------------------------------------
# Markup and odd text


HOSTILE_TEXT = """\
cjm: 1
kind: persona
id: ania
name: "<script>alert(1)</script>"
summary: "He said \\"{x}\\" and 'y' & <b>bold</b> {{ 7*7 }} ${HOME} %s %(x)s"
quote: '{"json": true}'
goals: ["}{", "]", "::error::x", "%0A"]
demographics: {"<k>": "</v>"}
"""


def test_markup_quotes_and_braces_are_plain_text(tmp_path: Path) -> None:
    write(tmp_path, "ania.yaml", HOSTILE_TEXT)
    result = run_process("validate", "ania.yaml", cwd=tmp_path)
    assert (result.status, result.stdout) == (0, "1 file, 1 document checked: no problems\n")
    _assert_no_traceback(result)


def test_markup_in_models_is_kept_verbatim(in_tmp: Path) -> None:
    import cjm

    write(in_tmp, "ania.yaml", HOSTILE_TEXT)
    workspace = cjm.load_workspace(".")
    assert workspace.diagnostics == []
    persona = workspace.personas["ania"]
    assert persona.name == "<script>alert(1)</script>"
    assert persona.summary == "He said \"{x}\" and 'y' & <b>bold</b> {{ 7*7 }} ${HOME} %s %(x)s"
    assert persona.goals == ("}{", "]", "::error::x", "%0A")


REFERENCE = "<script>\"{x}'</script>"
HOSTILE_REFERENCE = f"""\
cjm: 1
kind: journey
id: j
title: "<b>{{{{ title }}}}</b>"
persona: {json.dumps(REFERENCE)}
stages:
  - name: S
"""


@pytest.mark.parametrize("runner", ["process", "in-process"])
def test_json_output_escapes_hostile_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: str
) -> None:
    write(tmp_path, "j.yaml", HOSTILE_REFERENCE)
    monkeypatch.chdir(tmp_path)
    if runner == "process":
        result = run_process("validate", "j.yaml", "--format", "json")
    else:
        result = run_cli("validate", "j.yaml", "--format", "json")
    assert result.status == 1
    (diagnostic,) = json.loads(result.stdout)["diagnostics"]
    assert (diagnostic["code"], diagnostic["line"], diagnostic["column"]) == ("CJM104", 5, 10)
    assert diagnostic["message"] == f"unknown persona '{REFERENCE}'"
    text = run_process("validate", "j.yaml", cwd=tmp_path)
    assert _lines(text) == [f"j.yaml:5:10: CJM104 error: {diagnostic['message']}"]
    _assert_no_traceback(result)


def test_control_characters_in_values_never_reach_the_output_raw(tmp_path: Path) -> None:
    write(
        tmp_path,
        "j.yaml",
        'cjm: 1\nkind: journey\nid: j\ntitle: T\npersona: "a\\nb\\u001b[2Jc"\n'
        "stages:\n  - name: S\n",
    )
    # Escaped as Python would write them: a backslash and letters, never the raw bytes.
    message = "unknown persona 'a\\nb\\x1b[2Jc'"
    text = run_process("validate", "j.yaml", cwd=tmp_path)
    assert text.stdout == (
        f"j.yaml:5:10: CJM104 error: {message}\n"
        "1 file, 1 document checked: 1 error, 0 warnings, 0 infos\n"
    )
    payload = run_process("validate", "j.yaml", "--format", "json", cwd=tmp_path)
    (diagnostic,) = json.loads(payload.stdout)["diagnostics"]
    assert diagnostic["message"] == message


# ---------------------------------------------------------------------------------------
# Ids and references that look like paths


ID_RULE = (
    "'id' must be an id (lower-case letters, digits, '-' and '_', "
    "starting with a letter or digit, at most 64 characters)"
)


@pytest.mark.parametrize("identifier", ["../x", "A B", "/etc/passwd", "ania\\n", "-x", "ä"])
def test_id_like_a_path_is_cjm102_at_the_id_value(in_tmp: Path, identifier: str) -> None:
    write(in_tmp, "p.yaml", f'cjm: 1\nkind: persona\nid: "{identifier}"\nname: x\n')
    result = run_cli("validate", "p.yaml")
    assert result.status == 1
    # A YAML escape in the id (`ania\\n`) is shown escaped again, so it reads the same.
    assert _lines(result) == [f"p.yaml:3:5: CJM102 error: {ID_RULE}; got '{identifier}'"]


def test_id_like_a_path_through_the_real_cli(tmp_path: Path) -> None:
    write(tmp_path, "p.yaml", "cjm: 1\nkind: persona\nid: ../x\nname: x\n")
    write(tmp_path, "q.yaml", "cjm: 1\nkind: segment\nname: x\nid: A B\n")
    result = run_process("validate", "p.yaml", "q.yaml", cwd=tmp_path)
    assert result.status == 1
    assert _lines(result) == [
        f"p.yaml:3:5: CJM102 error: {ID_RULE}; got '../x'",
        f"q.yaml:4:5: CJM102 error: {ID_RULE}; got 'A B'",
    ]
    _assert_no_traceback(result)


@pytest.mark.parametrize("reference", ["../x", "../../etc/passwd", "A B", "ania/../ania"])
def test_reference_like_a_path_is_cjm104_at_the_value(in_tmp: Path, reference: str) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    write(
        in_tmp,
        "j.yaml",
        f"cjm: 1\nkind: journey\nid: j\ntitle: T\npersona: {reference}\nstages:\n  - name: S\n",
    )
    result = run_cli("validate")
    assert result.status == 1
    assert _lines(result) == [f"j.yaml:5:10: CJM104 error: unknown persona '{reference}'"]


# ---------------------------------------------------------------------------------------
# Command-line arguments


def test_option_like_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run_process("validate", "--foo", cwd=tmp_path)
    assert result.status == 2
    assert result.stdout == ""
    assert "No such option: --foo" in result.stderr
    _assert_no_traceback(result)


def test_option_like_path_after_double_dash_is_a_missing_path(tmp_path: Path) -> None:
    result = run_process("validate", "--", "--foo", cwd=tmp_path)
    assert result.status == 2
    assert result.stdout == ""
    assert result.stderr == "cjm: error: path '--foo' does not exist\n"


@pytest.mark.parametrize(
    ("arguments", "missing"),
    [
        (("validate", "nope"), "nope"),
        (("validate", "ania.yaml", "nope/deeper.yaml"), "nope/deeper.yaml"),
        (("validate", "--format", "json", "nope"), "nope"),
    ],
)
def test_missing_path_is_exit_2_with_one_line(
    tmp_path: Path, arguments: tuple[str, ...], missing: str
) -> None:
    write(tmp_path, "ania.yaml", PERSONA)
    result = run_process(*arguments, cwd=tmp_path)
    assert result.status == 2
    assert result.stdout == ""
    assert result.stderr == f"cjm: error: path '{missing}' does not exist\n"


def test_missing_path_in_process(in_tmp: Path) -> None:
    result = run_cli("validate", "nope")
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr == "cjm: error: path 'nope' does not exist\n"
