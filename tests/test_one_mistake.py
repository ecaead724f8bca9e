"""One mistake gives one finding, at its place, on every example workspace.

A CI check whose errors point at the wrong file gets switched off. So this breaks one
file at a time, in every example, and checks what a user would see: every new finding
of ``cjm validate`` and ``cjm lint`` points into the file that was broken, and
``validate`` reports exactly one new error for the one mistake.

Two sets of mistakes. Value mistakes break one field (every key line, spread evenly:
a misspelt key, a mapping where a value belongs, a missing ``cjm:``, kind or id).
Syntax mistakes break the YAML of every line of every file (see :data:`SYNTAX`): a file
that cannot be parsed must still say what it may define, so that it alone is reported.

The lines are chosen from the text of each file, not from a list written for the
examples, so a new example is covered as it is added. The workspaces are copied once;
each case writes its one file and puts it back, and files whose bytes did not change
are not read again (:func:`cjm.workspace.remembering_files`): that is what keeps some
nineteen thousand cases to a few milliseconds each (a case used to copy the workspace
and read every file of it twice).
"""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from cjm import commands
from cjm.formatters import OutputFormat
from cjm.workspace import remembering_files
from tests.conftest import EXAMPLES

WORKSPACES = sorted(path.parent for path in EXAMPLES.glob("*/cjm.yaml"))
_KEY_LINE = re.compile(r"^(?P<indent>[ ]*(?:- )?)(?P<key>[a-z_]+):(?P<rest>.*)$")
#: Key lines mutated per file; spread over the file, so nested and top-level keys alike.
KEYS_PER_FILE = 4
#: A line that holds a value after ``key: `` or a list's ``- ``: the value is the rest of
#: the line. Block scalar indicators (``|``, ``>``) and comments are not values.
_VALUE_LINE = re.compile(
    r"^(?P<lead>[ ]*(?:- +)*(?:[A-Za-z_][A-Za-z0-9_-]*: +|- +))(?P<value>[^ #|>].*)$"
)


@dataclass(frozen=True)
class Mutation:
    """One mistake in one line of one file."""

    file: Path  # relative to the workspace
    line: int  # 1-based
    text: str  # the new line; "" deletes it
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.what}"

    def apply(self, original: str) -> str:
        lines = original.split("\n")
        if self.text:
            lines[self.line - 1] = self.text
        else:
            del lines[self.line - 1]
        return "\n".join(lines)


def _misspelled(key: str) -> str:
    """``emotion`` -> ``emotoin``: two letters swapped near the end (never a real key)."""
    if len(key) < 3:
        return key + key[-1]
    return key[:-3] + key[-2] + key[-3] + key[-1]


def _files(workspace: Path) -> list[Path]:
    """The workspace's content files, relative to it (``cjm.yaml`` is not a map)."""
    return [
        path.relative_to(workspace)
        for path in sorted(workspace.rglob("*.y*ml"))
        if path.relative_to(workspace).name != "cjm.yaml"
    ]


def _mutations(workspace: Path) -> Iterator[Mutation]:
    for relative in _files(workspace):
        lines = (workspace / relative).read_text(encoding="utf-8").split("\n")
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


def _syntax_mutations(relative: Path, text: str) -> Iterator[Mutation]:
    """Every syntax mistake of :data:`SYNTAX` that fits each line of one file.

    Every line gets the three that need no value (a tab indent, a stray ``-``, one
    space more), blank lines and comments included; every line with a value after
    ``key: `` or ``- `` gets the three that break a value too. Nothing is sampled.
    """
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the end of the last line, not a line
    for number, line in enumerate(lines, start=1):
        content = line.lstrip(" ")
        indent = line[: len(line) - len(content)]
        yield Mutation(relative, number, "\t" + content, "tab indent")
        yield Mutation(relative, number, f"{indent}- {content}", "stray '-'")
        yield Mutation(relative, number, " " + line, "indented one space more")
        match = _VALUE_LINE.match(line)
        if match is None:
            continue
        lead, value = match["lead"], match["value"]
        if not value.startswith(("'", '"', "[", "{", "&", "*", "!")):  # plain text
            colon = f"{lead}{value[:1]}: {value[1:]}"
            yield Mutation(relative, number, colon, "unquoted ': ' in the value")
        if value[0] in "'\"" and value.rfind(value[0]) > 0:
            unclosed = value[: value.rfind(value[0])] + value[value.rfind(value[0]) + 1 :]
        else:
            unclosed = '"' + value
        yield Mutation(relative, number, lead + unclosed, "unclosed quote")
        yield Mutation(relative, number, f"{lead}[{value}", "unclosed '['")


#: The syntax mistakes each line gets, as :func:`_syntax_mutations` names them.
SYNTAX = (
    "tab indent",
    "stray '-'",
    "indented one space more",
    "unquoted ': ' in the value",
    "unclosed quote",
    "unclosed '['",
)


def _is_yaml(text: str) -> bool:
    """Whether libyaml parses the text: a syntax mistake may still be YAML, with
    another meaning (a stray ``-`` makes a list, a deeper line joins the text above)."""
    parser = yaml.CSafeLoader(text)
    try:
        parser.raw_parse()  # libyaml's events, counted in C: no Python object each
    except yaml.YAMLError:
        return False
    finally:
        parser.dispose()
    return True


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
FILES = [
    pytest.param(workspace, relative, id=f"{workspace.name}/{relative.as_posix()}")
    for workspace in WORKSPACES
    for relative in _files(workspace)
]


def test_every_example_workspace_gets_mutations() -> None:
    assert {workspace.name for workspace in WORKSPACES} >= {"galeria", "clinic", "smm-course"}
    for workspace in WORKSPACES:
        whats = {str(mutation.what) for mutation in _mutations(workspace)}
        assert "delete 'cjm: 1'" in whats, workspace
        assert any(what.startswith("misspell '") for what in whats), workspace


def test_every_line_gets_every_syntax_mistake_that_fits_it() -> None:
    text = 'cjm: 1\n\n# note\nname: SMS\nquote: "Hi"\ntags: [a, b]\nabout: >-\n  Text\n'
    found: dict[int, list[str]] = {}
    for mutation in _syntax_mutations(Path("x.yaml"), text):
        found.setdefault(mutation.line, []).append(mutation.what)
    line_only, with_value = list(SYNTAX[:3]), list(SYNTAX)
    assert found == {
        1: with_value,
        2: line_only,  # blank
        3: line_only,  # a comment
        4: with_value,
        5: [*line_only, "unclosed quote", "unclosed '['"],  # quoted: no plain text
        6: [*line_only, "unclosed quote", "unclosed '['"],
        7: line_only,  # a block scalar's indicator is not a value
        8: line_only,  # the block scalar's text
    }
    texts = {m.what: m.text for m in _syntax_mutations(Path("x.yaml"), text) if m.line == 5}
    assert texts["unclosed quote"] == 'quote: "Hi'
    assert texts["unclosed '['"] == 'quote: ["Hi"'


_SAMPLE = "a:\n  name: SMS\n  list:\n    - sms\n  more: >-\n    Text\n  # note\n"


@pytest.mark.parametrize(
    ("line", "what", "is_yaml"),
    [
        (2, "unquoted ': ' in the value", False),
        (2, "tab indent", False),
        (2, "unclosed quote", False),
        (2, "unclosed '['", False),
        (2, "indented one space more", False),
        (2, "stray '-'", False),
        (4, "stray '-'", True),  # a list in the list: a schema error, if any
        (4, "unquoted ': ' in the value", True),  # the item becomes a mapping
        (4, "indented one space more", True),  # the only item: any indent will do
        (6, "indented one space more", True),  # more text in the block scalar
        (6, "stray '-'", True),  # '- Text' is text in a block scalar
        (7, "tab indent", False),
        (7, "indented one space more", True),  # comments may stand anywhere
    ],
)
def test_some_syntax_mistakes_are_still_yaml(line: int, what: str, is_yaml: bool) -> None:
    """Which case is which is decided by parsing each mutated file; these show both."""
    (mutation,) = [
        m for m in _syntax_mutations(Path("x.yaml"), _SAMPLE) if (m.line, m.what) == (line, what)
    ]
    assert _is_yaml(mutation.apply(_SAMPLE)) is is_yaml


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One copy of every example, shared by the cases (each restores what it broke),
    with unchanged files remembered between loads."""
    folder = tmp_path_factory.mktemp("examples")
    for workspace in WORKSPACES:
        shutil.copytree(workspace, folder / workspace.name)
    with remembering_files():
        yield folder


@pytest.fixture(scope="module")
def clean(copies: Path) -> dict[Path, tuple[list[str], list[str]]]:
    """Each example's findings before any mistake, printed as in the mutated copies."""
    old = Path.cwd()
    os.chdir(copies)
    try:
        return {workspace: _run(Path(workspace.name)) for workspace in WORKSPACES}
    finally:
        os.chdir(old)


#: What ``validate`` must report for one mistake (besides: nothing in other files).
ONE_CJM100 = "exactly one error, the file's CJM100"
ONE_ERROR = "exactly one error"
AT_MOST_ONE = "at most one error"


@contextmanager
def _restored(path: Path) -> Iterator[str]:
    """The file's text; whatever a case writes to it, it is as it was afterwards."""
    original = path.read_text(encoding="utf-8")
    try:
        yield original
    finally:
        path.write_text(original, encoding="utf-8")


def _check(
    workspace: Path,
    mutation: Mutation,
    before: tuple[list[str], list[str]],
    expected: str,
    mutated: str,
) -> list[str]:
    """What is wrong with the findings of one mutated copy (nothing: an empty list).

    Writes ``mutated`` over the file (the caller puts the original back). Every new
    finding of ``validate`` and ``lint`` must be in the mutated file, and
    ``validate``'s errors must be as ``expected``.
    """
    (Path(workspace.name) / mutation.file).write_text(mutated, encoding="utf-8")
    validate, lint = _run(Path(workspace.name))
    before_validate, before_lint = set(before[0]), set(before[1])
    problems = []
    errors = [line for line in validate if " error: " in line]
    if expected == ONE_CJM100:
        wrong = len(errors) != 1 or " CJM100 error: " not in errors[0]
    else:
        wrong = len(errors) > 1 or (expected == ONE_ERROR and not errors)
    if wrong:
        problems.append(f"{expected} expected, {len(errors)} errors: {errors}")
    prefix = f"{workspace.name}/{mutation.file.as_posix()}:"
    new = [line for line in validate if line not in before_validate]
    new += [line for line in lint if line not in before_lint]
    elsewhere = sorted({line for line in new if not line.startswith(prefix)})
    if elsewhere:
        problems.append(f"findings in other files: {elsewhere}")
    return [f"{mutation}: {problem}" for problem in problems]


@pytest.mark.parametrize(("workspace", "mutation"), CASES)
def test_one_mistake_gives_findings_only_in_its_file(
    monkeypatch: pytest.MonkeyPatch,
    copies: Path,
    clean: dict[Path, tuple[list[str], list[str]]],
    workspace: Path,
    mutation: Mutation,
) -> None:
    monkeypatch.chdir(copies)
    assert clean[workspace][0] == []
    with _restored(copies / workspace.name / mutation.file) as original:
        found = _check(workspace, mutation, clean[workspace], ONE_ERROR, mutation.apply(original))
    assert found == []


@pytest.mark.parametrize(("workspace", "relative"), FILES)
def test_one_syntax_mistake_gives_one_error_in_its_file(
    monkeypatch: pytest.MonkeyPatch,
    copies: Path,
    clean: dict[Path, tuple[list[str], list[str]]],
    workspace: Path,
    relative: Path,
) -> None:
    """Every syntax mistake on every line of this file, one at a time.

    A mutation that leaves no YAML must give exactly one error, the file's CJM100, and
    no new finding anywhere else (lint included: a touchpoint the broken journey may use
    is not "used by no journey"). One that is still YAML means something else, and is
    held to what a value mistake is: new findings only in its file, at most one error.
    """
    monkeypatch.chdir(copies)
    problems: list[str] = []
    cases: Counter[tuple[str, bool]] = Counter()
    with _restored(copies / workspace.name / relative) as text:
        for mutation in _syntax_mutations(relative, text):
            mutated = mutation.apply(text)
            syntax = not _is_yaml(mutated)
            cases[mutation.what, syntax] += 1
            expected = ONE_CJM100 if syntax else AT_MOST_ONE
            problems.extend(_check(workspace, mutation, clean[workspace], expected, mutated))
    assert {what for what, _ in cases} <= set(SYNTAX)
    assert sum(count for (_, syntax), count in cases.items() if syntax) > 0, cases
    assert problems == [], f"{len(problems)} of {sum(cases.values())} cases:\n" + "\n".join(
        problems[:40]
    )
