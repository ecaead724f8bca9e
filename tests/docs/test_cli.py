"""docs/cli.md: generated from the typer app, with every command and option, and current."""

from __future__ import annotations

import re

import typer

from cjm.cli import app
from cjm.docs.cli import cli_reference
from tests.conftest import REPO

PAGE = cli_reference()


def test_docs_cli_md_is_up_to_date() -> None:
    committed = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == PAGE, "docs/cli.md is stale: run `.venv/bin/python -m cjm.docs`"


def test_every_command_and_option_is_listed() -> None:
    root = typer.main.get_command(app)
    context = typer.Context(root, info_name="cjm")
    names = root.list_commands(context)
    assert {"validate", "lint", "render", "diff", "schema", "rules"} <= set(names)
    headings = re.findall(r"^## cjm (\S+)$", PAGE, re.M)
    assert headings == names
    for name in names:
        section = PAGE.split(f"## cjm {name}\n", 1)[1].split("\n## ", 1)[0]
        command = root.get_command(context, name)
        for parameter in command.params:
            for option in parameter.opts:
                if option.startswith("-"):
                    assert re.search(rf"`[^`]*{re.escape(option)}\b", section), (name, option)


def test_usage_choices_and_defaults_are_clicks() -> None:
    assert "```text\ncjm diff [OPTIONS] [OLD] [NEW]\n```" in PAGE
    formats = "text\\|json\\|github\\|sarif\\|gitlab"
    assert f"| `-f, --format <{formats}>` | Output format. Default: `text`. |" in PAGE
    assert re.search(r"^\| `--max-chars N` \| .* Default: `60000`\. \|$", PAGE, re.M)
    assert "`-h` / `--help`" in PAGE
    assert "| `-h, --help` |" not in PAGE


def test_the_page_says_how_to_install_shell_completion() -> None:
    intro = PAGE.split("\n## cjm ", 1)[0]
    assert "| `--install-completion` |" in intro and "| `--show-completion` |" in intro
    assert "`cjm --install-completion` installs it for the shell you" in intro
    assert "`cjm --show-completion > ~/.local/share/bash-completion/completions/cjm`" in intro
