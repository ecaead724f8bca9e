"""Output never fails on the terminal's encoding (issue 9, item 3).

Every command runs as a real process under four terminals: ``PYTHONIOENCODING=cp1252``,
``PYTHONIOENCODING=ascii``, ``LANG=C`` (where Python switches to UTF-8 by itself) and
``LANG=C`` with that switch turned off (a plain ASCII terminal). The data holds Polish
letters, an emoji and changes the diff draws with ``→``.

A character the terminal lacks is written as a JSON-style escape (``\\u0142``, an emoji
as its surrogate pair), so the expected output is written out below for each encoding
by hand. stdout is decoded strictly with the terminal's encoding: a byte the terminal
could not show fails the test. Files cjm writes stay UTF-8 whatever the terminal.
"""

from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cjm.terminal import _escape_unencodable
from tests.conftest import write

PERSONA = """\
cjm: 1
kind: persona
id: ania
name: Ania z Łodzi
goals: [Oszczędzać na zakupach]
pains: [Kody, które nie działają]
"""

JOURNEY = """\
cjm: 1
kind: journey
id: buy
title: Zakupy 😀 — łatwo
persona: {persona}
stages:
  - id: shopping
    name: Zakupy
    steps:
      - id: a
        action: {action}
        emotion: {emotion}
"""

JOURNEY_FILE = "zakupy łódź.yaml"


@dataclass(frozen=True)
class Terminal:
    """Environment variables for one terminal, and the encoding its stdout uses."""

    env: dict[str, str]
    encoding: str
    table: str  # which column of the expected texts below applies


TERMINALS = {
    "cp1252": Terminal({"PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}, "cp1252", "cp1252"),
    "ascii": Terminal({"PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"}, "ascii", "ascii"),
    # An empty PYTHON* variable counts as unset; a C locale turns UTF-8 mode on.
    "LANG=C": Terminal(
        {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "", "PYTHONUTF8": ""}, "utf-8", "utf-8"
    ),
    "LANG=C without UTF-8 mode": Terminal(
        {
            "LANG": "C",
            "LC_ALL": "C",
            "PYTHONIOENCODING": "",
            "PYTHONUTF8": "0",
            "PYTHONCOERCECLOCALE": "0",
        },
        "ascii",
        "ascii",
    ),
}

# What each text looks like on each terminal, written out by hand. cp1252 has ó, —
# and ·, but not ł, ź, ą, ś, → or emoji.
EXPECTED = {
    "path": {
        "utf-8": "zakupy łódź.yaml",
        "cp1252": "zakupy \\u0142ód\\u017a.yaml",
        "ascii": "zakupy \\u0142\\u00f3d\\u017a.yaml",
    },
    "title": {
        "utf-8": "Zakupy 😀 — łatwo",
        "cp1252": "Zakupy \\ud83d\\ude00 — \\u0142atwo",
        "ascii": "Zakupy \\ud83d\\ude00 \\u2014 \\u0142atwo",
    },
    "persona": {"utf-8": "anią", "cp1252": "ani\\u0105", "ascii": "ani\\u0105"},
    "arrow": {"utf-8": "→", "cp1252": "\\u2192", "ascii": "\\u2192"},
    "dot": {"utf-8": "·", "cp1252": "·", "ascii": "\\u00b7"},
    "dash": {"utf-8": "—", "cp1252": "—", "ascii": "\\u2014"},
    "out": {
        "utf-8": "wyjście ł😀",
        "cp1252": "wyj\\u015bcie \\u0142\\ud83d\\ude00",
        "ascii": "wyj\\u015bcie \\u0142\\ud83d\\ude00",
    },
    "missing": {"utf-8": "nope-ł", "cp1252": "nope-\\u0142", "ascii": "nope-\\u0142"},
}


@dataclass
class Output:
    status: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``old`` and ``new`` versions of one journey, and ``bad`` with an unknown persona."""
    root = tmp_path_factory.mktemp("encoding")
    versions = {
        "old": ("ania", "Kupuje buty", 1),
        "new": ("ania", "Płaci 😀", -2),
        "bad": ("anią", "Płaci 😀", -2),
    }
    for folder, (persona, action, emotion) in versions.items():
        write(root, f"{folder}/persona.yaml", PERSONA)
        text = JOURNEY.format(persona=persona, action=action, emotion=emotion)
        write(root, f"{folder}/{JOURNEY_FILE}", text)
    return root


@pytest.fixture(params=list(TERMINALS))
def terminal(request: pytest.FixtureRequest) -> Terminal:
    return TERMINALS[request.param]


def _cjm(terminal: Terminal, *args: str, cwd: Path) -> Output:
    """Run ``python -m cjm`` on ``terminal``; stdout must decode in its encoding."""
    completed = subprocess.run(
        [sys.executable, "-m", "cjm", *args],
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1", **terminal.env},
        capture_output=True,
        timeout=120,
        check=False,
    )
    stderr = completed.stderr.decode(terminal.encoding, errors="replace")
    assert "Traceback" not in stderr
    assert "internal error" not in stderr
    assert completed.returncode != 3
    stdout = completed.stdout.decode(terminal.encoding)  # strict: every byte printable
    return Output(completed.returncode, stdout, stderr)


def _text(name: str, terminal: Terminal) -> str:
    return EXPECTED[name][terminal.table]


def test_validate_reports_non_ascii_text(workspace: Path, terminal: Terminal) -> None:
    result = _cjm(terminal, "validate", "bad", cwd=workspace)
    assert result.status == 1
    path, persona = _text("path", terminal), _text("persona", terminal)
    assert result.stdout.splitlines() == [
        f"bad/{path}:5:10: CJM104 error: unknown persona '{persona}' (did you mean 'ania'?)",
        "2 files, 2 documents checked: 1 error, 0 warnings, 0 infos",
    ]


def test_validate_passes_data_with_an_emoji(workspace: Path, terminal: Terminal) -> None:
    result = _cjm(terminal, "validate", "new", cwd=workspace)
    assert result.status == 0
    assert result.stdout == "2 files, 2 documents checked: no problems\n"


def test_validate_json_gives_the_exact_text_back(workspace: Path, terminal: Terminal) -> None:
    result = _cjm(terminal, "validate", "bad", "--format", "json", cwd=workspace)
    assert result.status == 1
    [diagnostic] = json.loads(result.stdout)["diagnostics"]
    assert diagnostic["path"] == "bad/zakupy łódź.yaml"
    assert diagnostic["message"] == "unknown persona 'anią' (did you mean 'ania'?)"


def test_lint(workspace: Path, terminal: Terminal) -> None:
    result = _cjm(terminal, "lint", "new", "--select", "CJM209", cwd=workspace)
    assert result.status == 0
    path = _text("path", terminal)
    assert result.stdout.splitlines() == [
        f"new/{path}:10:9: CJM209 info: step 'a' has no evidence: it is an assumption, not data",
        "2 files, 2 documents checked: 0 errors, 0 warnings, 1 info",
    ]


def test_lint_keeps_its_error_status(workspace: Path, terminal: Terminal) -> None:
    result = _cjm(terminal, "lint", "bad", "--quiet", cwd=workspace)
    assert result.status == 1
    path, persona = _text("path", terminal), _text("persona", terminal)
    assert (
        f"bad/{path}:5:10: CJM104 error: unknown persona '{persona}' (did you mean 'ania'?)"
        in result.stdout.splitlines()
    )


def test_rules(workspace: Path, terminal: Terminal) -> None:
    result = _cjm(terminal, "rules", "CJM205", cwd=workspace)
    assert result.status == 0
    assert result.stdout.startswith("CJM205 pain-without-opportunity (warning)\n")
    assert f"    title: Buy and Have {_text('dash', terminal)} loyalty app\n" in result.stdout


def test_diff_text(workspace: Path, terminal: Terminal) -> None:
    result = _cjm(terminal, "diff", "old", "new", cwd=workspace)
    assert result.status == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"old {_text('arrow', terminal)} new: 2 changes: 0 improvements, 1 regression, 1 neutral"
    )
    assert f"journey buy  {_text('title', terminal)}" in lines


def test_diff_fail_on_keeps_its_exit_status(workspace: Path, terminal: Terminal) -> None:
    result = _cjm(terminal, "diff", "old", "new", "--fail-on", "regression", cwd=workspace)
    assert result.status == 1
    assert result.stdout.startswith(f"old {_text('arrow', terminal)} new: 2 changes")


def test_diff_markdown(workspace: Path, terminal: Terminal) -> None:
    result = _cjm(terminal, "diff", "old", "new", "--format", "markdown", cwd=workspace)
    assert result.status == 0
    arrow, dot = _text("arrow", terminal), _text("dot", terminal)
    lines = result.stdout.splitlines()
    assert (
        f"`old` {arrow} `new` {dot} **2 changes: 0 improvements, 1 regression, 1 neutral**" in lines
    )
    assert f"### {_text('title', terminal)} {dot} `buy`" in lines


def test_diff_json_gives_the_exact_text_back(workspace: Path, terminal: Terminal) -> None:
    result = _cjm(terminal, "diff", "old", "new", "--format", "json", cwd=workspace)
    assert result.status == 0
    changes = {change["field"]: change for change in json.loads(result.stdout)["changes"]}
    assert (changes["action"]["old"], changes["action"]["new"]) == ("Kupuje buty", "Płaci 😀")
    assert (changes["emotion"]["old"], changes["emotion"]["new"]) == (1, -2)


def test_diff_html(workspace: Path, terminal: Terminal) -> None:
    result = _cjm(terminal, "diff", "old", "new", "--format", "html", cwd=workspace)
    assert result.status == 0
    assert result.stdout.startswith("<!DOCTYPE html>\n")
    assert f"<title>Journey map changes: old {_text('arrow', terminal)} new</title>" in (
        result.stdout
    )


def test_diff_out_file_stays_utf8(workspace: Path, terminal: Terminal, tmp_path: Path) -> None:
    target = tmp_path / "changes.md"
    result = _cjm(
        terminal, "diff", "old", "new", "-f", "markdown", "-o", str(target), cwd=workspace
    )
    assert result.status == 0
    text = target.read_text(encoding="utf-8")
    assert "`old` → `new` · **2 changes: 0 improvements, 1 regression, 1 neutral**" in text
    assert "### Zakupy 😀 — łatwo · `buy`" in text


def test_render_names_what_it_wrote(workspace: Path, terminal: Terminal, tmp_path: Path) -> None:
    result = _cjm(terminal, "render", str(workspace / "new"), "-o", "wyjście ł😀", cwd=tmp_path)
    assert result.status == 0
    out = _text("out", terminal)
    assert result.stdout.splitlines() == [f"wrote {out}/buy.html", f"wrote {out}/index.html"]
    page = (tmp_path / "wyjście ł😀" / "buy.html").read_text(encoding="utf-8")
    assert "Zakupy 😀 — łatwo" in page


def test_render_missing_path(workspace: Path, terminal: Terminal) -> None:
    result = _cjm(terminal, "render", "nope-ł", cwd=workspace)
    assert result.status == 2
    assert result.stdout == ""
    assert result.stderr == f"cjm: error: path '{_text('missing', terminal)}' does not exist\n"


def test_render_invalid_workspace(workspace: Path, terminal: Terminal, tmp_path: Path) -> None:
    result = _cjm(terminal, "render", "bad", "-o", str(tmp_path), cwd=workspace)
    assert result.status == 1
    path, persona = _text("path", terminal), _text("persona", terminal)
    assert (
        f"bad/{path}:5:10: CJM104 error: unknown persona '{persona}' (did you mean 'ania'?)"
        in result.stderr.splitlines()
    )
    assert not list(tmp_path.iterdir())


def test_help_on_an_ascii_terminal(tmp_path: Path) -> None:
    result = _cjm(TERMINALS["ascii"], "--help", cwd=tmp_path)
    assert result.status == 0
    assert result.stdout.startswith("Usage: cjm [OPTIONS] COMMAND [ARGS]...\n")
    assert "  validate " in result.stdout


def test_usage_error_on_an_ascii_terminal(tmp_path: Path) -> None:
    result = _cjm(TERMINALS["ascii"], "validate", "--format", "nope-ł", cwd=tmp_path)
    assert result.status == 2
    assert "Invalid value for '--format'" in result.stderr


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("ascii", b"\\u00e9\\u2192\\ud83d\\ude00 \\u0142\\u00f3d\\u017a \\udcff!"),
        ("cp1252", b"\xe9\\u2192\\ud83d\\ude00 \\u0142\xf3d\\u017a \\udcff!"),
        ("utf-8", b"\xc3\xa9\xe2\x86\x92\xf0\x9f\x98\x80 \xc5\x82\xc3\xb3d\xc5\xba \\udcff!"),
    ],
)
def test_the_escapes_read_back_as_json(encoding: str, expected: bytes) -> None:
    # The file name "łódź" as a C locale decodes it: UTF-8 bytes kept as lone
    # surrogates (PEP 383); a byte that is not UTF-8 (0xff) stays escaped.
    name = "łódź".encode().decode("ascii", "surrogateescape")
    text = f"é→😀 {name} \udcff!"
    codecs.register_error("cjm-test-escape", _escape_unencodable)
    encoded = text.encode(encoding, "cjm-test-escape")
    assert encoded == expected
    if encoding != "utf-8":
        assert json.loads(f'"{encoded.decode(encoding)}"') == "é→😀 łódź \udcff!"
