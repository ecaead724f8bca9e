"""One mistake gives one finding, at its place, on every example workspace.

A CI check whose errors point at the wrong file gets switched off. So this breaks one
field of one file at a time, in every example, and checks what a user would see: every
new finding of ``cjm validate`` and ``cjm lint`` points into the file that was broken,
and ``validate`` reports exactly one new error for the one mistake.

The fields are chosen from the text of each file (every key line, spread evenly), not
from a list written for the examples, so a new example is covered as it is added.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cjm import commands
from cjm.formatters import OutputFormat
from tests.conftest import EXAMPLES

WORKSPACES = sorted(path.parent for path in EXAMPLES.glob("*/cjm.yaml"))
_KEY_LINE = re.compile(r"^(?P<indent>[ ]*(?:- )?)(?P<key>[a-z_]+):(?P<rest>.*)$")
#: Key lines mutated per file; spread over the file, so nested and top-level keys alike.
KEYS_PER_FILE = 4


@dataclass(frozen=True)
class Mutation:
    """One mistake in one line of one file."""

    file: Path  # relative to the workspace
    line: int  # 1-based
    text: str  # the new line; "" deletes it
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.what}"


def _misspelled(key: str) -> str:
    """``emotion`` -> ``emotoin``: two letters swapped near the end (never a real key)."""
    if len(key) < 3:
        return key + key[-1]
    return key[:-3] + key[-2] + key[-3] + key[-1]


def _mutations(workspace: Path) -> Iterator[Mutation]:
    for path in sorted(workspace.rglob("*.y*ml")):
        relative = path.relative_to(workspace)
        if relative.name == "cjm.yaml":
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        keyed = [
            (number, match)
            for number, match, parents in _key_lines(lines)
            if match["key"] != "cjm" and "demographics" not in parents  # free keys there
        ]
        for number, line in enumerate(lines, start=1):
            if line == "cjm: 1":
                yield Mutation(relative, number, "", "delete 'cjm: 1'")
            elif line.startswith("kind: "):
                yield Mutation(relative, number, line + "x", "misspell the kind")
            elif line.startswith("id: "):
                yield Mutation(relative, number, "", "delete the document's id")
        step = max(1, len(keyed) // KEYS_PER_FILE)
        for number, match in keyed[::step][:KEYS_PER_FILE]:
            indent, key, rest = match["indent"], match["key"], match["rest"]
            if key in ("kind", "id") and not indent:
                continue  # covered above
            yield Mutation(
                relative, number, f"{indent}{_misspelled(key)}:{rest}", f"misspell '{key}'"
            )
            if rest.strip() and not rest.strip().startswith(("|", ">", "#", "&", "*")):
                yield Mutation(relative, number, f"{indent}{key}: {{x: 1}}", f"'{key}' a mapping")


def _key_lines(lines: list[str]) -> Iterator[tuple[int, re.Match[str], list[str]]]:
    """Each ``key:`` line with the keys of the mappings it is nested in."""
    stack: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        match = _KEY_LINE.match(line)
        if match is None:
            continue
        depth = len(match["indent"])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        yield number, match, [key for _, key in stack]
        stack.append((depth, match["key"]))


def _diagnostic_lines(output: str) -> list[str]:
    """Diagnostic lines of text output (the summary line dropped)."""
    return [line for line in output.splitlines() if re.match(r"^\S.*:\d+:\d+: CJM\d{3} ", line)]


def _run(workspace: Path) -> tuple[list[str], list[str]]:
    validate = commands.validate([str(workspace)], output_format=OutputFormat.TEXT)
    lint = commands.lint([str(workspace)], output_format=OutputFormat.TEXT)
    return _diagnostic_lines(validate.output), _diagnostic_lines(lint.output)


CASES = [
    pytest.param(workspace, mutation, id=f"{workspace.name}:{mutation}")
    for workspace in WORKSPACES
    for mutation in _mutations(workspace)
]


def test_every_example_workspace_gets_mutations() -> None:
    assert {workspace.name for workspace in WORKSPACES} >= {"galeria", "clinic", "smm-course"}
    for workspace in WORKSPACES:
        whats = {str(mutation.what) for mutation in _mutations(workspace)}
        assert "delete 'cjm: 1'" in whats, workspace
        assert any(what.startswith("misspell '") for what in whats), workspace


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, tuple[list[str], list[str]]]:
    """Each example's findings before any mistake, printed as in the mutated copies."""
    folder = tmp_path_factory.mktemp("clean")
    found = {}
    old = Path.cwd()
    os.chdir(folder)
    try:
        for workspace in WORKSPACES:
            shutil.copytree(workspace, folder / workspace.name)
            found[workspace] = _run(Path(workspace.name))
    finally:
        os.chdir(old)
    return found


@pytest.mark.parametrize(("workspace", "mutation"), CASES)
def test_one_mistake_gives_findings_only_in_its_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clean: dict[Path, tuple[list[str], list[str]]],
    workspace: Path,
    mutation: Mutation,
) -> None:
    copy = tmp_path / workspace.name
    shutil.copytree(workspace, copy)
    target = copy / mutation.file
    lines = target.read_text(encoding="utf-8").split("\n")
    if mutation.text:
        lines[mutation.line - 1] = mutation.text
    else:
        del lines[mutation.line - 1]
    target.write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    validate, lint = _run(Path(workspace.name))
    before_validate, before_lint = clean[workspace]
    prefix = f"{workspace.name}/{mutation.file.as_posix()}:"
    assert before_validate == []
    errors = [line for line in validate if " error: " in line]
    assert len(errors) == 1, f"{mutation}: one mistake, {len(errors)} errors: {errors}"
    assert errors[0].startswith(prefix), f"{mutation}: the error is elsewhere: {errors[0]}"
    new_lint = [line for line in lint if line not in before_lint]
    elsewhere = [line for line in new_lint if not line.startswith(prefix)]
    assert elsewhere == [], f"{mutation}: findings in other files: {elsewhere}"
