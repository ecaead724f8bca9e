"""The README's promises: the lint output it shows is what cjm prints today."""

from __future__ import annotations

import os
import re

from tests.conftest import REPO, run_cli


def test_readme_lint_output_is_current() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```console\n\$ cjm lint (\S+)\n(.*?)```", readme, re.S)
    assert match, "README lost its lint example"
    old = os.getcwd()
    os.chdir(REPO)
    try:
        result = run_cli("lint", match.group(1))
    finally:
        os.chdir(old)
    assert result.stdout == match.group(2)
    assert result.status == 0


def test_quick_start_has_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    assert all(len(block.strip().splitlines()) == 1 for block in blocks)
    test_command = blocks[1].strip()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci
