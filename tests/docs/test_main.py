"""``python -m cjm.docs``: one command rewrites both pages; ``--check`` finds a stale one."""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm.docs.__main__ import main
from tests.conftest import EXAMPLES


def test_writes_then_checks_then_finds_a_stale_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "examples").symlink_to(EXAMPLES)
    repository = ["--repository", str(tmp_path)]
    assert main(repository) == 0
    assert capsys.readouterr().out == "wrote docs/format.md\nwrote docs/cli.md\n"
    assert main(["--check", *repository]) == 0
    assert capsys.readouterr().out == ""
    (tmp_path / "docs" / "cli.md").write_text("old\n", encoding="utf-8")
    assert main(["--check", *repository]) == 1
    assert capsys.readouterr().out == "stale docs/cli.md\n"
    assert (tmp_path / "docs" / "cli.md").read_text(encoding="utf-8") == "old\n"


def test_outside_a_clone_it_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--repository", str(tmp_path)]) == 2
    assert "no examples/" in capsys.readouterr().err
