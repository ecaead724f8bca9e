"""An invalid side's errors are printed by ``cjm diff`` as ``cjm validate`` prints them
(issue 20, item 1: one text line for a diagnostic, from the text formatter)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli, write
from tests.diff.conftest import JOURNEY, write_workspace


def test_diff_prints_the_error_line_validate_prints(in_tmp: Path) -> None:
    write_workspace(in_tmp / "old")
    write_workspace(in_tmp / "new", JOURNEY.replace("persona: marta", "persona: nobody"))
    write(in_tmp / "new", "journeys/broken.yaml", "cjm: 1\nkind: journey\nid: broken\n")
    validated = run_cli("validate", "new", "--format", "text")
    diffed = run_cli("diff", "old", "new")
    assert validated.status == 1 and diffed.status == 1
    errors = [line for line in validated.stdout.splitlines() if " error: " in line]
    assert len(errors) >= 2  # both the missing field and the unknown persona
    assert diffed.stderr.splitlines()[: len(errors)] == errors
