"""``cjm render`` as a command: what it writes, what it refuses, what it prints."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli, run_process, write

GALERIA = str(EXAMPLES / "galeria")


def test_writes_one_file_per_journey_and_says_where(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_process("render", GALERIA, "--format", "html", "--out", str(out))
    assert result.status == 0
    assert result.stderr == "", "no progress bar or noise when not on a terminal"
    names = sorted(path.name for path in out.iterdir())
    assert names == ["buy-and-have-ideal.html", "buy-and-have.html", "index.html"]
    printed = [line.split(" ", 1) for line in result.stdout.splitlines()]
    assert all(verb == "wrote" for verb, _ in printed)
    assert sorted(Path(path).name for _, path in printed) == names


@pytest.mark.parametrize(
    ("output_format", "extension"),
    [("mermaid", "mmd"), ("dot", "dot"), ("svg", "svg")],
)
def test_extension_per_format(tmp_path: Path, output_format: str, extension: str) -> None:
    result = run_cli(
        "render", GALERIA, "-f", output_format, "-o", str(tmp_path), "-j", "buy-and-have"
    )
    assert result.status == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == [f"buy-and-have.{extension}"]


def test_unknown_journey_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_process("render", GALERIA, "--out", str(out), "--journey", "nope")
    assert result.status == 2
    assert result.stderr.startswith("cjm: error: unknown journey 'nope'")
    assert not out.exists()


def test_invalid_workspace_is_not_rendered(tmp_path: Path) -> None:
    write(tmp_path / "ws", "p.yaml", "cjm: 1\nkind: persona\nid: p\nname: P\ncolour: red\n")
    out = tmp_path / "out"
    result = run_process("render", str(tmp_path / "ws"), "--out", str(out))
    assert result.status == 1
    assert "CJM102 error: unknown field 'colour'" in result.stderr
    assert "nothing rendered" in result.stderr
    assert not out.exists()


def test_dot_needs_no_graphviz_but_svg_says_how_to_get_it(tmp_path: Path) -> None:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    environment = {"PATH": str(empty_bin)}
    python = sys.executable
    result = run_process(
        "render", GALERIA, "-f", "dot", "-o", str(tmp_path / "dot"), env=environment
    )
    assert result.status == 0, result.stderr
    result = run_process(
        "render", GALERIA, "-f", "svg", "-o", str(tmp_path / "svg"), env=environment
    )
    assert result.status == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "install" in lines[0] and "Graphviz" in lines[0]
    assert "Traceback" not in result.stderr
    assert Path(python).exists()


def test_no_temporary_files_left_behind(tmp_path: Path) -> None:
    for output_format in ("html", "svg", "mermaid"):
        assert run_cli("render", GALERIA, "-f", output_format, "-o", str(tmp_path)).status == 0
    leftovers = [path.name for path in tmp_path.iterdir() if path.name.startswith(".")]
    assert leftovers == []
    assert not any(path.is_dir() for path in tmp_path.iterdir())


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    result = run_cli("render", GALERIA, "--out", str(target))
    assert result.status == 2
    assert target.read_text() == "keep me"


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz")
def test_every_example_renders_in_every_format(tmp_path: Path) -> None:
    for workspace in sorted(os.listdir(EXAMPLES)):
        if not (EXAMPLES / workspace / "cjm.yaml").exists():
            continue
        for output_format in ("html", "svg", "png", "pdf", "dot", "mermaid"):
            out = tmp_path / workspace / output_format
            result = run_cli(
                "render", str(EXAMPLES / workspace), "-f", output_format, "-o", str(out)
            )
            assert result.status == 0, (workspace, output_format, result.stderr)
            assert any(out.iterdir())
