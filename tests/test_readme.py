"""The README's promises: the lint output it shows is what cjm prints today."""

from __future__ import annotations

import os
import re

import yaml

from tests.conftest import DIAGNOSTIC_KEYS, REPO, run_cli


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


def test_pre_commit_example_names_real_hooks_limited_to_the_maps() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### pre-commit\n", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"```yaml\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    config = yaml.safe_load(blocks[0])
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [repository] = config["repos"]
    assert [hook["id"] for hook in repository["hooks"]] == [hook["id"] for hook in hooks]
    assert all(hook["files"] == "^maps/" for hook in repository["hooks"])
    # The same configuration `cjm init` writes, so the two never disagree.
    starter = REPO / "cjm" / "starter" / "template" / "dot-pre-commit-config.yaml"
    assert yaml.safe_load(starter.read_text(encoding="utf-8")) == config


def test_readme_links_the_generated_reference_pages() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "the team's FORMAT.md" not in readme  # a file users do not have
    for page in ("docs/format.md", "docs/cli.md"):
        assert f"]({page})" in readme
        assert (REPO / page).is_file()


def test_readme_output_lists_the_json_keys_exactly() -> None:
    """Code and tests cite the README's "Output" for the keys of a JSON diagnostic."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Output") : readme.index("### CI")]
    named = set(re.findall(r"`([a-z_]+)`", section))
    assert named >= DIAGNOSTIC_KEYS
    assert {"files", "documents", "errors", "warnings", "infos"} <= named
