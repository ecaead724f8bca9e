"""The command line as users and CI meet it: start-up cost, exit statuses, no tracebacks."""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cjm import commands
from tests.conftest import EXAMPLES, TODAY, run_cli, run_process, write

COMMANDS = ("validate", "lint", "rules", "render", "diff", "report", "schema", "init")
PERSONA_BAD_ID = "cjm: 1\nkind: persona\nid: Ania\nname: Ania\n"
BAD_ID_LINE = (
    "p.yaml:3:5: CJM102 error: 'id' must be an id (lower-case letters, digits, '-' and '_', "
    "starting with a letter or digit, at most 64 characters); got 'Ania'"
)
HEAVY = ("pydantic", "yaml", "jinja2", "graphviz", "rich.markdown", "rich", "pathspec")


def _modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=60
    )
    return set(completed.stdout.split())


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import contextlib, io\n"
        "from cjm.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--help'])\n"
        f"for command in {COMMANDS!r}:\n"
        "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "        main([command, '--help'])\n"
    )
    _assert_light(code, "cjm --help")


def test_help_lists_commands() -> None:
    result = run_cli("--help")
    assert result.status == 0
    commands = result.stdout.split("\nCommands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in commands if line.strip()] == list(COMMANDS)


def test_version() -> None:
    result = run_cli("--version")
    assert result.status == 0
    assert result.stdout == f"cjm {importlib.metadata.version('cjm')}\n"


def test_missing_path_is_usage_error(tmp_path: Path) -> None:
    result = run_process("validate", "no-such-folder", cwd=tmp_path)
    assert result.status == 2
    assert result.stderr == "cjm: error: path 'no-such-folder' does not exist\n"
    assert result.stdout == ""


def test_bad_option_is_usage_error(tmp_path: Path) -> None:
    cases = [
        (
            ["validate", "--format", "xml"],
            "Error: Invalid value for '--format' / '-f': 'xml' is not one of "
            "'text', 'json', 'github', 'sarif', 'gitlab'.",
        ),
        (["validate", "--frobnicate"], "Error: No such option: --frobnicate"),
        (["nope"], "Error: No such command 'nope'."),
    ]
    for args, error in cases:
        result = run_process(*args, cwd=tmp_path)
        assert result.status == 2, args
        assert result.stdout == ""
        assert result.stderr.splitlines()[-1].startswith(error), result.stderr
        assert "Traceback" not in result.stderr


def test_internal_error_is_one_line_and_exit_3(tmp_path: Path) -> None:
    code = (
        "import cjm.commands, cjm.cli\n"
        "def boom(*args, **kwargs):\n"
        "    raise RuntimeError('simulated failure')\n"
        "cjm.commands.validate = boom\n"
        "cjm.cli.main(['validate'])\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 3
    assert completed.stdout == ""
    assert completed.stderr == (
        "cjm: internal error: RuntimeError: simulated failure; please report it at "
        "https://github.com/cjm-dev/cjm/issues with the command you ran "
        "(run with --debug for the traceback)\n"
    )


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    code = (
        "import cjm.commands, cjm.cli\n"
        "def boom(*args, **kwargs):\n"
        "    raise RuntimeError('simulated failure')\n"
        "cjm.commands.validate = boom\n"
        "cjm.cli.main(['--debug', 'validate'])\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 3
    assert completed.stderr.startswith("Traceback (most recent call last):\n")
    assert "RuntimeError: simulated failure" in completed.stderr.splitlines()


def test_exit_statuses_as_a_process(tmp_path: Path) -> None:
    write(tmp_path, "p.yaml", "cjm: 1\nkind: persona\nid: ania\nname: Ania\n")
    assert run_process("validate", cwd=tmp_path).status == 0
    write(tmp_path, "q.yaml", "cjm: 1\nkind: persona\nid: ania\nname: Ania\n")
    result = run_process("validate", cwd=tmp_path)
    assert result.status == 1
    assert result.stdout.splitlines()[0] == (
        "q.yaml:3:5: CJM103 error: duplicate persona id 'ania' (first defined at p.yaml:3:5)"
    )


def test_no_color_when_not_a_tty_or_no_color_set(tmp_path: Path) -> None:
    write(tmp_path, "p.yaml", PERSONA_BAD_ID)
    result = run_process("validate", cwd=tmp_path, env={"NO_COLOR": ""})
    assert result.stdout.splitlines()[0] == BAD_ID_LINE  # no escape codes around any part


def test_json_output_is_deterministic(tmp_path: Path) -> None:
    write(tmp_path, "b.yaml", "cjm: 1\nkind: persona\nid: b\nname: B\nx: 1\n")
    write(tmp_path, "a.yaml", "cjm: 1\nkind: persona\nid: a\nname: A\ny: 1\n")
    first = run_process("validate", "-f", "json", cwd=tmp_path).stdout
    second = run_process("validate", "-f", "json", cwd=tmp_path).stdout
    assert first == second
    paths = [item["path"] for item in json.loads(first)["diagnostics"]]
    assert paths == ["a.yaml", "b.yaml"]


def _on_a_terminal(tmp_path: Path, env: dict[str, str]) -> str:
    """Run `cjm validate` with stdout on a pseudo-terminal; return what it printed."""
    import os
    import pty

    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env
    process = subprocess.Popen(
        [sys.executable, "-m", "cjm", "validate"],
        cwd=tmp_path,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode()


def test_colour_on_a_terminal_unless_no_color(tmp_path: Path) -> None:
    write(tmp_path, "p.yaml", PERSONA_BAD_ID)
    coloured = _on_a_terminal(tmp_path, {})
    assert "\033[" in coloured
    assert re.sub(r"\033\[[0-9;]*m", "", coloured) == _on_a_terminal(tmp_path, {"NO_COLOR": ""})
    plain = _on_a_terminal(tmp_path, {"NO_COLOR": ""})
    assert plain.splitlines()[0] == BAD_ID_LINE


def test_every_command_summary_in_help_reads_whole_at_80_columns(tmp_path: Path) -> None:
    """``cjm --help`` shows each command's first paragraph; click cuts one that does not
    fit mid-sentence with "...", so each is one short sentence, whole at 80 columns."""
    import typer

    from cjm.cli import app

    result = run_process("--help", cwd=tmp_path, env={"COLUMNS": "80"})
    assert result.status == 0
    listed = result.stdout.split("\nCommands:\n", 1)[1].splitlines()
    summaries = dict(
        line.strip().split(None, 1) for line in listed if line.strip()
    )  # one line each: none wraps
    assert list(summaries) == list(COMMANDS)
    root = typer.main.get_command(app)
    context = typer.Context(root, info_name="cjm")
    for name, summary in summaries.items():
        assert not summary.endswith("..."), f"cjm --help cuts {name}'s summary: {summary!r}"
        assert re.fullmatch(r"[A-Z][^.]*(\.[^ .][^.]*)*\.", summary), (name, summary)
        command = root.get_command(context, name)
        assert command is not None and command.help is not None
        first_paragraph = " ".join(command.help.split("\n\n", 1)[0].split())
        assert summary == first_paragraph, name  # the whole sentence, not its start


def test_shell_completion_completes_commands_and_choices(tmp_path: Path) -> None:
    """typer's completion: what ``cjm --install-completion`` installs runs cjm with these
    variables at each Tab (docs/cli.md says how to install it)."""
    help_text = run_process("--help", cwd=tmp_path).stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text

    def complete(words: str) -> list[str]:
        environment = {
            "_CJM_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split(" ")) - 1),
        }
        result = run_process(cwd=tmp_path, env=environment)
        assert result.status == 0, result.stderr
        return result.stdout.split()

    assert complete("cjm va") == ["validate"]
    assert complete("cjm validate --format ") == ["text", "json", "github", "sarif", "gitlab"]
    assert complete("cjm diff --fo") == ["--format"]


def test_completion_imports_nothing_heavy() -> None:
    """Completion runs cjm at every Tab: it must start as fast as ``--help``."""
    code = (
        "import contextlib, io, os\n"
        "os.environ.update(_CJM_COMPLETE='complete_bash', COMP_WORDS='cjm diff --format ',"
        " COMP_CWORD='3')\n"
        "from cjm.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    main([])\n"
        "assert 'markdown' in out.getvalue(), out.getvalue()\n"
    )
    _assert_light(code, "shell completion")


@pytest.mark.parametrize("command", ["lint", "render", "report"])
def test_a_command_asks_the_clock_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """The day is resolved once per command and handed down: lint's rules, each page and
    the index, the report never ask the clock themselves (issue 20, item 1), so a render
    running past midnight cannot date two pages on two days."""
    asked: list[datetime.date] = []

    def clock() -> datetime.date:
        asked.append(TODAY)
        return TODAY

    monkeypatch.setattr("cjm.clock.today", clock)
    clinic = str(EXAMPLES / "clinic")
    if command == "lint":
        commands.lint([clinic])
    elif command == "render":
        outcome = commands.render([clinic], output_format="html", out=str(tmp_path))
        assert outcome.status == 0 and outcome.output.count("\n") > 2, outcome.error
    else:
        commands.report([clinic])
    assert len(asked) == 1
    given = commands.lint([clinic], today="2026-12-01")
    assert len(asked) == 1 and given.status in (0, 1)  # --today: the clock is not asked


def test_shared_options_say_the_same_everywhere() -> None:
    """``--format``, ``--today`` and ``--out`` are declared once in cjm/cli.py (issue 20,
    item 1): the same names and help wherever the meaning is the same, and ``--out`` a
    FILE where a command prints one report, a DIR where it writes several files."""
    import typer

    from cjm.cli import app

    root = typer.main.get_command(app)
    context = typer.Context(root, info_name="cjm")
    seen: dict[str, set[tuple[str, ...]]] = {}
    out_metavars: dict[str, str | None] = {}
    for name in COMMANDS:
        command = root.get_command(context, name)
        for param in command.params:
            if param.name in {"output_format", "today"}:
                help_text = getattr(param, "help", None) or ""
                seen.setdefault(param.name, set()).add((*param.opts, help_text))
            if param.name == "out":
                assert param.opts == ["--out", "-o"], name
                out_metavars[name] = param.metavar
    assert seen["output_format"] == {("--format", "-f", "Output format.")}
    assert len(seen["today"]) == 1
    assert out_metavars == {"render": "DIR", "diff": "FILE", "report": "FILE", "schema": "DIR"}


def _assert_light(code: str, what: str) -> None:
    """``code`` loads cjm's CLI and none of the heavy modules."""
    loaded = _modules_after(code)
    assert "cjm.cli" in loaded
    for module in HEAVY:
        assert module not in loaded, f"{module} imported by {what}"
