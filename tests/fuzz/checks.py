"""The properties every workspace must keep, valid or not, checked command by command.

Commands run in-process (``cjm.commands``) for speed: an exception escaping one of them
is what the CLI turns into exit 3, so it fails the check just as exit 3 does. The
subprocess test in ``test_fuzz.py`` covers the CLI wrapper itself.
"""

from __future__ import annotations

import json
import os
import re
import traceback
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cjm import commands
from cjm.commands import Outcome
from cjm.diff import DiffFormat
from cjm.formatters import OutputFormat
from tests.fuzz.mutations import Files, Link

DIAGNOSTIC = re.compile(
    r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<column>\d+): "
    r"(?P<code>CJM\d{3}) (?P<severity>error|warning|info): (?P<message>[^\n]+)$"
)
SUMMARY = re.compile(r"^\d+ files?, \d+ documents? checked: .+$")
ONE_ERROR = re.compile(r"^cjm: (error: )?[^\n]+$")
_LINE_BREAKS = re.compile("\r\n|\r|\n|\x85|\u2028|\u2029")
_UNPRINTABLE = frozenset("\x85\u2028\u2029")
RENDER_FORMATS = ("html", "mermaid", "dot")


def materialise(folder: Path, files: Files | dict[str, bytes]) -> None:
    """Write ``files`` below ``folder``: bytes as files, None as folders, links as links."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content is None:
            path.mkdir(exist_ok=True)
        elif isinstance(content, Link):
            path.symlink_to(content.target)
        else:
            path.write_bytes(content)


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Run with ``folder`` as the current folder, so printed paths are short and real."""
    old = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(old)


def run(name: str, call: Callable[[], Outcome]) -> Outcome:
    """One command; an escaping exception is reported as the exit 3 it would be."""
    try:
        outcome = call()
    except Exception as error:
        last = "".join(traceback.format_exception(error)[-3:])
        raise AssertionError(f"{name}: exception escaped (exit 3): {error!r}\n{last}") from error
    assert outcome.status != commands.EXIT_INTERNAL, f"{name}: exit 3: {outcome.error}"
    assert outcome.status in (0, 1, 2), f"{name}: exit {outcome.status}"
    return outcome


def _line_count(path: Path) -> int:
    text = path.read_bytes().decode("utf-8", "replace")
    return len(_LINE_BREAKS.split(text))


def check_location(name: str, workspace: Path, path: str, line: int, column: int) -> None:
    """A diagnostic names a real file of the workspace, at a line that file has."""
    file = Path(path)
    # A broken or looping symbolic link is a file of the workspace cjm cannot read.
    assert file.is_file() or file.is_symlink(), f"{name}: diagnostic path {path!r} is not a file"
    absolute = Path(os.path.abspath(file))
    assert absolute.is_relative_to(workspace.absolute()), (
        f"{name}: diagnostic path {path!r} is outside the workspace {workspace}"
    )
    assert line >= 1 and column >= 1, f"{name}: {path}:{line}:{column} is not 1-based"
    if file.is_file():
        assert line <= _line_count(file) + 1, f"{name}: {path} has no line {line}"


def check_printable(name: str, line: str) -> None:
    """No control character (an ANSI escape rewrites the terminal) and no Unicode line
    break (U+0085, U+2028, U+2029: ``str.splitlines`` and editors break the line there)
    in a printed line: a user's value quoted in a message must not reach the terminal raw.
    """
    odd = [c for c in line if c in _UNPRINTABLE or (unicodedata.category(c) == "Cc" and c != "\t")]
    assert not odd, f"{name}: raw control or line-break characters {odd!r} in {line!r}"


def check_text_lines(name: str, workspace: Path, text: str, *, summary: bool) -> list[str]:
    """Every line is a diagnostic (then maybe the summary); returns the codes."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if summary:
        assert lines and SUMMARY.match(lines[-1]), f"{name}: no summary line in {text!r}"
        lines = lines[:-1]
    codes = []
    for line in lines:
        match = DIAGNOSTIC.match(line)
        assert match, f"{name}: not a diagnostic line: {line!r}"
        check_printable(name, line)
        check_location(name, workspace, match["path"], int(match["line"]), int(match["column"]))
        codes.append(f"{match['code']} {match['severity']}")
    return codes


def check_stderr(name: str, workspace: Path, error: str) -> None:
    """stderr holds diagnostic lines and ``cjm: ...`` lines only, no traceback."""
    for line in error.split("\n"):
        if not line:
            continue
        check_printable(name, line)
        if ONE_ERROR.match(line) or SUMMARY.match(line):
            continue
        match = DIAGNOSTIC.match(line)
        assert match, f"{name}: stray line on stderr: {line!r}"
        check_location(name, workspace, match["path"], int(match["line"]), int(match["column"]))


def check_report(name: str, workspace: Path, outcome: Outcome, output: OutputFormat) -> Any:
    """validate/lint output: status 1 exactly when there is an error."""
    if outcome.status == 2:
        assert not outcome.output and ONE_ERROR.match(outcome.error.strip()), name
        return None
    if output is OutputFormat.TEXT:
        codes = check_text_lines(name, workspace, outcome.output, summary=True)
        errors = sum(code.endswith(" error") for code in codes)
        assert (outcome.status == 1) == (errors > 0), f"{name}: exit {outcome.status}, {codes}"
        return codes
    report = json.loads(outcome.output)
    for item in report["diagnostics"]:
        assert "\n" not in item["message"], f"{name}: message spans lines: {item!r}"
        check_location(name, workspace, item["path"], item["line"], item["column"])
    errors = report["summary"]["errors"]
    assert errors == sum(d["severity"] == "error" for d in report["diagnostics"]), name
    assert (outcome.status == 1) == (errors > 0), f"{name}: exit {outcome.status}, {errors}"
    return report


def check_render(name: str, workspace: Path, outcome: Outcome, out: Path) -> list[str]:
    """Exit 1 names the errors; exit 0 wrote each file once, inside ``out``."""
    check_stderr(name, workspace, outcome.error)
    if outcome.status != 0:
        return []
    written = [line.removeprefix("wrote ") for line in outcome.output.splitlines()]
    assert all(line.startswith("wrote ") for line in outcome.output.splitlines()), name
    assert len(written) == len(set(written)), f"{name}: a file written twice: {written}"
    for path in written:
        assert Path(path).is_file() and Path(path).resolve().is_relative_to(out.resolve()), path
    return written


def check_case(workspace: Path, original: Path | None = None) -> dict[str, Outcome]:
    """Every command on ``workspace`` (and diff from ``original``, a valid workspace):
    exit 0, 1 or 2 with well-formed output, never an exception; the commands agree."""
    folder = str(workspace)
    outcomes: dict[str, Outcome] = {}
    for output in (OutputFormat.TEXT, OutputFormat.JSON):
        for command in ("validate", "lint"):
            label = f"{command} --format {output.value} {folder}"
            function = commands.validate if command == "validate" else commands.lint
            outcome = run(label, lambda f=function, o=output: f([folder], output_format=o))
            check_report(label, workspace, outcome, output)
            outcomes[label] = outcome
    validated = json.loads(outcomes[f"validate --format json {folder}"].output or "null")
    linted = json.loads(outcomes[f"lint --format json {folder}"].output or "null")
    status = outcomes[f"validate --format json {folder}"].status
    if validated is not None and linted is not None:
        cjm1 = [d for d in linted["diagnostics"] if d["code"].startswith("CJM1")]
        assert cjm1 == validated["diagnostics"], "lint's CJM1xx differ from validate's"
    for render_format in RENDER_FORMATS:
        out = workspace.parent / f"{workspace.name}-out-{render_format}"
        label = f"render --format {render_format} --out {out} {folder}"
        outcome = run(
            label,
            lambda r=render_format, o=out: commands.render([folder], output_format=r, out=str(o)),
        )
        check_render(label, workspace, outcome, out)
        assert outcome.status == status, f"{label}: exit {outcome.status}, validate {status}"
        outcomes[label] = outcome
    # diff compares maps: an error in cjm.yaml alone (a lint setting) may not stop it.
    errors = [d for d in (validated or {}).get("diagnostics", []) if d["severity"] == "error"]
    config_only = bool(errors) and all(Path(d["path"]).name == "cjm.yaml" for d in errors)
    if original is not None:
        for diff_format in DiffFormat:
            label = f"diff --format {diff_format.value} {original} {folder}"
            outcome = run(
                label,
                lambda d=diff_format: commands.diff(str(original), folder, output_format=d),
            )
            if outcome.status == 1:
                check_stderr(label, workspace, outcome.error)
            elif outcome.status == 2:
                assert ONE_ERROR.match(outcome.error.strip()), label
            if diff_format is DiffFormat.JSON and outcome.status == 0:
                assert isinstance(json.loads(outcome.output)["changes"], list), label
            if status != 2 and not config_only:
                assert outcome.status == status, (
                    f"{label}: exit {outcome.status}, validate {status}"
                )
            outcomes[label] = outcome
    return outcomes


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def check_valid(workspace: Path) -> None:
    """A valid workspace: no CJM1xx; every output byte-identical when made twice; a diff
    with itself is empty."""
    folder = str(workspace)
    first = check_case(workspace, original=workspace)
    validated = json.loads(first[f"validate --format json {folder}"].output)
    assert validated["diagnostics"] == [], f"valid workspace has findings: {validated}"
    second = check_case(workspace)
    for label, outcome in second.items():
        if "--format json" in label:
            assert outcome.output == first[label].output, f"{label}: differs the second time"
    for render_format in RENDER_FORMATS:
        once = _tree(workspace.parent / f"{workspace.name}-out-{render_format}")
        again = workspace.parent / f"{workspace.name}-again-{render_format}"
        outcome = run(
            "render again",
            lambda r=render_format, a=again: commands.render([folder], output_format=r, out=str(a)),
        )
        assert outcome.status == 0, outcome.error
        twice = _tree(again)
        assert once and once == twice, f"render --format {render_format}: not byte-identical"
    changes = json.loads(first[f"diff --format json {folder} {folder}"].output)["changes"]
    assert changes == [], f"diff of a workspace with itself: {changes}"
