"""Every lint rule ships a bad and a good example, and they do what they say.

``bad.yaml`` marks each line a finding points at with ``# <- CJM2NN``; linted alone, it
reports exactly those lines (at the column of the object's ``id:`` key, or for a finding
about an ignore comment, of the first word in its brackets) and no others of that code.
``good.yaml`` reports nothing of its code. Both must be valid files, since users copy
them. The docs are generated from the same files (pylint keeps its message examples in
``doc/data/messages/*/``, sqlfluff generates its rule docs).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from cjm.rules import LoadedRule, all_rules
from cjm.rules.docs import markdown_catalogue
from tests.conftest import REPO, run_cli

EXAMPLES = REPO / "cjm" / "rules" / "examples"
RULES = all_rules()
CODES = [item.code for item in RULES]
_MARK = re.compile(r"#\s*<-\s*(CJM\d{3})\s*$")
_ID_KEY = re.compile(r"^(\s*(?:-\s+)?)id:")
_IGNORE_WORD = re.compile(r"^(.*?#\s*cjm:\s*ignore\[\s*)[^\s\],]")


def _rule(code: str) -> LoadedRule:
    return next(item for item in RULES if item.code == code)


def _marks(text: str) -> list[tuple[int, int, str]]:
    """``(line, column, code)`` for each ``# <- CODE`` mark.

    The column is that of the first word of the line's ignore comment when it has one
    (the finding is about the comment), else that of its ``id:`` key.
    """
    marks = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _MARK.search(line)
        if match is None:
            continue
        key = _IGNORE_WORD.match(line) or _ID_KEY.match(line)
        assert key is not None, f"line {number} is marked but holds no id key: {line!r}"
        marks.append((number, len(key.group(1)) + 1, match.group(1)))
    return marks


def _lint_alone(source: Path, folder: Path, code: str) -> dict[str, object]:
    """Lint a copy of ``source`` as the only file, only ``code`` selected, as JSON."""
    target = folder / source.name
    shutil.copyfile(source, target)
    result = run_cli("lint", "--select", code, "--format", "json", target.name)
    # Every rule is a warning or an info: findings or not, lint exits 0 without --strict.
    assert result.status == 0, result.stderr
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


def _found(payload: dict[str, object]) -> list[tuple[int, int, str]]:
    diagnostics = payload["diagnostics"]
    assert isinstance(diagnostics, list)
    return [(item["line"], item["column"], item["code"]) for item in diagnostics]


def test_every_rule_module_is_registered() -> None:
    # A rule is found by its file name; one the registry skipped would go unlinted.
    modules = sorted((REPO / "cjm" / "rules").glob("cjm2[0-9][0-9]_*.py"))
    assert [f"CJM{path.name[3:6]}" for path in modules] == CODES
    assert CODES[0] == "CJM201"


@pytest.mark.parametrize("code", CODES)
def test_module_name_matches_code(code: str) -> None:
    module = _rule(code).module.rsplit(".", 1)[-1]
    assert module.startswith(code.lower() + "_")
    assert module == f"{code.lower()}_{_rule(code).rule.name.replace('-', '_')}"


def test_every_example_folder_belongs_to_a_rule() -> None:
    folders = sorted(path.name for path in EXAMPLES.iterdir() if path.is_dir())
    assert folders == CODES
    for folder in folders:
        assert sorted(path.name for path in (EXAMPLES / folder).iterdir()) == [
            "bad.yaml",
            "good.yaml",
        ]


@pytest.mark.parametrize("code", CODES)
def test_bad_example_reports_exactly_the_marked_lines(code: str, in_tmp: Path) -> None:
    source = EXAMPLES / code / "bad.yaml"
    expected = _marks(source.read_text(encoding="utf-8"))
    assert expected, "bad.yaml marks no line"
    assert {mark[2] for mark in expected} == {code}
    found = _found(_lint_alone(source, in_tmp, code))
    assert not [item for item in found if item[2].startswith("CJM1")], "bad.yaml is not valid"
    assert [item for item in found if item[2] == code] == expected


@pytest.mark.parametrize("code", CODES)
def test_good_example_reports_nothing_of_its_rule(code: str, in_tmp: Path) -> None:
    source = EXAMPLES / code / "good.yaml"
    assert not _marks(source.read_text(encoding="utf-8"))
    found = _found(_lint_alone(source, in_tmp, code))
    assert found == []


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("kind", ["bad", "good"])
def test_example_is_a_short_self_contained_workspace(code: str, kind: str, in_tmp: Path) -> None:
    source = EXAMPLES / code / f"{kind}.yaml"
    text = source.read_text(encoding="utf-8")
    assert 10 <= len(text.splitlines()) <= 45
    documents = text.split("\n---\n")
    for document in documents:
        body = [line for line in document.splitlines() if line and not line.startswith("#")]
        assert body[0] == "cjm: 1"
    shutil.copyfile(source, in_tmp / source.name)
    result = run_cli("validate", "--quiet", source.name)
    assert (result.status, result.stdout) == (0, "")


@pytest.mark.parametrize("code", CODES)
def test_rules_explains_one_rule(code: str) -> None:
    loaded = _rule(code)
    result = run_cli("rules", code)
    assert result.status == 0, result.stderr
    assert result.stdout.startswith(f"{code} {loaded.rule.name} ({loaded.rule.severity.value})\n")
    assert loaded.rationale in result.stdout
    for kind in ("bad", "good"):
        example = (EXAMPLES / code / f"{kind}.yaml").read_text(encoding="utf-8")
        indented = "".join(f"    {line}\n" if line else "\n" for line in example.splitlines())
        assert indented in result.stdout, kind
    bad_at = result.stdout.index("Bad (the marked lines are reported):")
    good_at = result.stdout.index("Good:")
    assert bad_at < good_at


def test_rules_explains_by_name() -> None:
    by_name = run_cli("rules", "pain-without-opportunity")
    by_code = run_cli("rules", "CJM205")
    assert (by_name.status, by_name.stdout) == (0, by_code.stdout)


def test_rules_lists_all() -> None:
    result = run_cli("rules")
    assert result.status == 0
    lines = [line for line in result.stdout.splitlines() if line.startswith("CJM")]
    assert [line.split()[0] for line in lines] == CODES
    for line, item in zip(lines, RULES, strict=True):
        code, severity, name = line.split()[:3]
        assert (code, severity, name) == (item.code, item.rule.severity.value, item.rule.name)
        assert line.endswith(f"  {item.rule.summary}")


def test_rules_unknown_is_a_usage_error() -> None:
    result = run_cli("rules", "NOPE")
    assert result.status == 2
    assert result.stdout == ""
    assert result.stderr == "cjm: error: unknown rule 'NOPE' (see `cjm rules`)\n"


def test_docs_rules_md_is_up_to_date() -> None:
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == markdown_catalogue(), (
        "docs/rules.md is stale: run `cjm rules --markdown > docs/rules.md`"
    )


def test_markdown_option_prints_the_catalogue() -> None:
    result = run_cli("rules", "--markdown")
    assert (result.status, result.stdout) == (0, markdown_catalogue())
    for code in CODES:
        assert f"## {code} {_rule(code).rule.name}" in result.stdout


# Configuration and suppression, rule by rule, on each rule's own bad example.


def _lint_json(folder: Path, *arguments: str) -> tuple[int, list[dict[str, object]]]:
    result = run_cli("lint", "--format", "json", *arguments)
    assert result.stderr == ""
    diagnostics = json.loads(result.stdout)["diagnostics"]
    assert isinstance(diagnostics, list)
    return result.status, diagnostics


def _bad_copy(code: str, folder: Path, config: str | None = None) -> str:
    shutil.copyfile(EXAMPLES / code / "bad.yaml", folder / "bad.yaml")
    if config is not None:
        (folder / "cjm.yaml").write_text(config, encoding="utf-8")
    return "bad.yaml"


@pytest.mark.parametrize("code", CODES)
def test_ignore_on_the_command_line_and_in_config_silences_the_rule(
    code: str, in_tmp: Path
) -> None:
    name = _bad_copy(code, in_tmp)
    status, everything = _lint_json(in_tmp, name)
    assert status == 0
    # The control: without the ignore the rule is reported, so silence below means it.
    others = [item for item in everything if item["code"] != code]
    assert len(others) < len(everything)
    status, diagnostics = _lint_json(in_tmp, "--ignore", code, name)
    assert (status, diagnostics) == (0, others)
    name = _bad_copy(code, in_tmp, f"cjm: 1\nlint:\n  ignore: [{_rule(code).rule.name}]\n")
    status, diagnostics = _lint_json(in_tmp, name)
    assert (status, diagnostics) == (0, others)


@pytest.mark.parametrize("code", CODES)
def test_select_in_config_runs_only_the_selected(code: str, in_tmp: Path) -> None:
    name = _bad_copy(code, in_tmp, f"cjm: 1\nlint:\n  select: [{code}]\n")
    status, diagnostics = _lint_json(in_tmp, name)
    marked = _marks((EXAMPLES / code / "bad.yaml").read_text(encoding="utf-8"))
    assert [(item["line"], item["column"], item["code"]) for item in diagnostics] == marked
    assert status == 0, "warnings and infos do not fail without --strict"


@pytest.mark.parametrize("code", CODES)
def test_severity_in_config_changes_severity_and_exit_status(code: str, in_tmp: Path) -> None:
    name = _bad_copy(
        code, in_tmp, f"cjm: 1\nlint:\n  select: [{code}]\n  severity: {{{code}: error}}\n"
    )
    status, diagnostics = _lint_json(in_tmp, name)
    marked = _marks((EXAMPLES / code / "bad.yaml").read_text(encoding="utf-8"))
    assert [(item["line"], item["column"], item["code"]) for item in diagnostics] == marked
    assert {item["severity"] for item in diagnostics} == {"error"}
    assert status == 1


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("where", ["same line", "line above"])
def test_inline_suppression_silences_each_finding(code: str, where: str, in_tmp: Path) -> None:
    lines = (EXAMPLES / code / "bad.yaml").read_text(encoding="utf-8").splitlines()
    marked = {number for number, _, _ in _marks("\n".join(lines))}
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        if number in marked and where == "same line":
            out.append(_MARK.sub(f"# cjm: ignore[{code}]", line))
        elif number in marked:
            indent = line[: len(line) - len(line.lstrip(" -"))].replace("-", " ")
            out.append(f"{indent}# cjm: ignore[{code}] -- known, tracked elsewhere")
            out.append(line)
        else:
            out.append(line)
    (in_tmp / "bad.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    status, diagnostics = _lint_json(in_tmp, "--select", code, "bad.yaml")
    assert (status, diagnostics) == (0, [])
