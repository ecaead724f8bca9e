"""Every CJM1xx code, at exactly the line and column the README's "Output" gives,
in-process and as a real process. Each case is a tiny workspace written from the
documented format alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli, run_process, write

PERSONA = """\
cjm: 1
kind: persona
id: ania
name: Ania
"""


def _bomb_level(level: int) -> str:
    """``c: &c [*b, *b, ...]``: each level nine aliases of the one before."""
    name, previous = chr(98 + level), chr(97 + level)
    return f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n"


CASES: dict[str, tuple[dict[str, str | bytes], str]] = {
    # A flow sequence never closed: libyaml reports it where it gave up.
    "CJM100-syntax": (
        {"bad.yaml": "cjm: 1\nkind: persona\nid: ania\nname: [Ania\n"},
        (
            "bad.yaml:5:1: CJM100 error: "
            "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence)"
        ),
    ),
    "CJM100-not-utf8": (
        {"bad.yaml": b"cjm: 1\nkind: persona\nid: ania\nname: An\xffia\n"},
        "bad.yaml:4:9: CJM100 error: file is not UTF-8 text (byte 0xff cannot be decoded)",
    ),
    "CJM101": (
        {"p.yaml": PERSONA + "summary: one\nsummary: two\n"},
        "p.yaml:6:1: CJM101 error: key 'summary' appears twice in one mapping",
    ),
    "CJM101-nested": (
        {"p.yaml": PERSONA + "demographics:\n  age: 30\n  age: 31\n"},
        "p.yaml:7:3: CJM101 error: key 'age' appears twice in one mapping",
    ),
    "CJM102-missing": (
        {"p.yaml": "cjm: 1\nkind: persona\nid: ania\n"},
        "p.yaml:3:1: CJM102 error: missing required field 'name'",
    ),
    "CJM102-unknown-field": (
        {"p.yaml": PERSONA + "favourite_colour: red\n"},
        "p.yaml:5:1: CJM102 error: unknown field 'favourite_colour'",
    ),
    "CJM102-out-of-range": (
        {
            "j.yaml": PERSONA
            + "---\ncjm: 1\nkind: journey\nid: j\ntitle: T\npersona: ania\nstages:\n"
            "  - id: s\n    name: S\n    steps:\n      - action: A\n        emotion: 5\n"
        },
        "j.yaml:16:18: CJM102 error: 'emotion' must be at most 2; got 5",
    ),
    "CJM102-bad-id": (
        {"p.yaml": "cjm: 1\nkind: persona\nid: ../x\nname: Ania\n"},
        (
            "p.yaml:3:5: CJM102 error: "
            "'id' must be an id (lower-case letters, digits, '-' and '_', "
            "starting with a letter or digit, at most 64 characters); got '../x'"
        ),
    ),
    "CJM102-missing-in-step": (
        {
            "j.yaml": PERSONA
            + "---\ncjm: 1\nkind: journey\nid: j\ntitle: T\npersona: ania\nstages:\n"
            "  - id: s\n    name: S\n    steps:\n      - id: first\n        emotion: 1\n"
        },
        "j.yaml:15:9: CJM102 error: missing required field 'action'",
    ),
    "CJM103": (
        {"a.yaml": PERSONA, "b.yaml": "# second\n" + PERSONA},
        "b.yaml:4:5: CJM103 error: duplicate persona id 'ania' (first defined at a.yaml:3:5)",
    ),
    "CJM103-within-journey": (
        {
            "j.yaml": PERSONA
            + "---\ncjm: 1\nkind: journey\nid: j\ntitle: T\npersona: ania\nstages:\n"
            "  - id: s\n    name: S\n  - id: s\n    name: T\n"
        },
        (
            "j.yaml:14:9: CJM103 error: "
            "duplicate stage id 's' in this journey (first at j.yaml:12:9)"
        ),
    ),
    "CJM104-persona": (
        {"j.yaml": "cjm: 1\nkind: journey\nid: j\ntitle: T\npersona: anya\nstages:\n  - name: S\n"},
        "j.yaml:5:10: CJM104 error: unknown persona 'anya'",
    ),
    "CJM104-touchpoint": (
        {
            "j.yaml": PERSONA
            + "---\ncjm: 1\nkind: journey\nid: j\ntitle: T\npersona: ania\nstages:\n"
            "  - name: S\n    steps:\n      - action: A\n        touchpoint: [nowhere]\n"
        },
        "j.yaml:15:22: CJM104 error: unknown touchpoint 'nowhere'",
    ),
    "CJM104-goal-metric": (
        {
            "j.yaml": PERSONA + "---\ncjm: 1\nkind: journey\nid: j\ntitle: T\npersona: ania\n"
            "goals:\n  - description: D\n    metric: missing\nstages:\n  - name: S\n"
        },
        "j.yaml:13:13: CJM104 error: unknown metric 'missing' of this journey",
    ),
    "CJM105-version": (
        {"p.yaml": "cjm: 2\nkind: persona\nid: ania\nname: Ania\n"},
        ("p.yaml:1:6: CJM105 error: unsupported format version 'cjm: 2'; this cjm reads version 1"),
    ),
    "CJM105-kind": (
        {"p.yaml": "cjm: 1\nkind: customer\nid: ania\nname: Ania\n"},
        (
            "p.yaml:2:7: CJM105 error: "
            "unknown kind 'customer'; expected one of persona, segment, touchpoint, journey"
        ),
    ),
    "CJM106-alias-bomb": (
        {
            "p.yaml": "cjm: 1\nkind: persona\nid: ania\nname: Ania\n"
            'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
            + "".join(_bomb_level(level) for level in range(9))
        },
        "p.yaml:6:4: CJM106 error: more than 100 aliases in one document",
    ),
}


def _materialise(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            write(folder, name, content)


#: Cases whose message ends in a hint that may grow: the line must start with the text
#: given (PyYAML's own words); everything before the message is still exact.
HINTED = frozenset({"CJM100-syntax"})


def _assert_line(case: str, found: str) -> None:
    expected = CASES[case][1]
    if case in HINTED:
        assert found.startswith(expected), found
    else:
        assert found == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_code_in_process(case: str, in_tmp: Path) -> None:
    files, _ = CASES[case]
    _materialise(in_tmp, files)
    result = run_cli("validate", ".")
    assert result.status == 1, result.stdout
    # One mistake, one finding: the expected line and nothing else.
    (finding,) = result.stdout.splitlines()[:-1]
    _assert_line(case, finding)


@pytest.mark.parametrize(
    "case",
    [
        "CJM100-syntax",
        "CJM100-not-utf8",
        "CJM101",
        "CJM102-unknown-field",
        "CJM102-out-of-range",
        "CJM103",
        "CJM104-persona",
        "CJM105-version",
        "CJM105-kind",
        "CJM106-alias-bomb",
    ],
)
def test_code_as_process(case: str, tmp_path: Path) -> None:
    files, _ = CASES[case]
    _materialise(tmp_path, files)
    result = run_process("validate", "--format", "json", cwd=tmp_path)
    assert result.status == 1
    assert "Traceback" not in result.stderr
    (item,) = json.loads(result.stdout)["diagnostics"]
    _assert_line(
        case,
        f"{item['path']}:{item['line']}:{item['column']}: "
        f"{item['code']} {item['severity']}: {item['message']}",
    )


def test_all_files_reported_in_one_run(in_tmp: Path) -> None:
    for index, case in enumerate(["CJM101", "CJM105-kind", "CJM100-syntax"]):
        files, _ = CASES[case]
        for name, content in files.items():
            assert isinstance(content, str)
            write(in_tmp, f"{index}-{name}", content.replace("id: ania", f"id: ania{index}"))
    result = run_cli("validate")
    assert result.status == 1
    locations = [line.split(" error: ")[0] for line in result.stdout.splitlines()[:-1]]
    assert locations == ["0-p.yaml:6:1: CJM101", "1-p.yaml:2:7: CJM105", "2-bad.yaml:5:1: CJM100"]
    assert result.stdout.splitlines()[-1] == (
        "3 files, 2 documents checked: 3 errors, 0 warnings, 0 infos"  # bad.yaml holds none
    )


def test_clean_workspace_exits_zero(in_tmp: Path) -> None:
    write(in_tmp, "p.yaml", PERSONA)
    result = run_cli("validate")
    assert result.status == 0
    assert result.stdout == "1 file, 1 document checked: no problems\n"


def test_quiet_clean_prints_nothing(in_tmp: Path) -> None:
    write(in_tmp, "p.yaml", PERSONA)
    result = run_cli("validate", "--quiet")
    assert (result.status, result.stdout) == (0, "")
