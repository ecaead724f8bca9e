"""The command line as users and CI meet it: start-up cost, exit statuses, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_cli, run_process, write

HEAVY = ("pydantic", "yaml", "jinja2", "graphviz", "rich.markdown", "rich")


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
        "for command in ('validate', 'lint', 'rules', 'render', 'diff', 'schema'):\n"
        "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "        main([command, '--help'])\n"
    )
    loaded = _modules_after(code)
    assert "cjm.cli" in loaded
    for module in HEAVY:
        assert module not in loaded, f"{module} imported by cjm --help"


def test_help_lists_commands() -> None:
    result = run_cli("--help")
    assert result.status == 0
    assert "validate" in result.stdout and "schema" in result.stdout


def test_version() -> None:
    result = run_cli("--version")
    assert result.status == 0
    assert result.stdout.startswith("cjm ")


def test_missing_path_is_usage_error(tmp_path: Path) -> None:
    result = run_process("validate", "no-such-folder", cwd=tmp_path)
    assert result.status == 2
    assert result.stderr == "cjm: error: path 'no-such-folder' does not exist\n"
    assert result.stdout == ""


def test_bad_option_is_usage_error(tmp_path: Path) -> None:
    for args in (["validate", "--format", "xml"], ["validate", "--frobnicate"], ["nope"]):
        result = run_process(*args, cwd=tmp_path)
        assert result.status == 2, args
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
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert completed.returncode == 3
    assert "Traceback" not in completed.stderr
    lines = completed.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("cjm: internal error: RuntimeError: simulated failure;")
    assert "report" in lines[0]


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    code = (
        "import cjm.commands, cjm.cli\n"
        "def boom(*args, **kwargs):\n"
        "    raise RuntimeError('simulated failure')\n"
        "cjm.commands.validate = boom\n"
        "cjm.cli.main(['--debug', 'validate'])\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert completed.returncode == 3
    assert "Traceback" in completed.stderr


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
    write(tmp_path, "p.yaml", "cjm: 1\nkind: persona\nid: Ania\nname: Ania\n")
    result = run_process("validate", cwd=tmp_path, env={"NO_COLOR": ""})
    assert "\033[" not in result.stdout


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
    write(tmp_path, "p.yaml", "cjm: 1\nkind: persona\nid: Ania\nname: Ania\n")
    assert "\033[" in _on_a_terminal(tmp_path, {})
    plain = _on_a_terminal(tmp_path, {"NO_COLOR": ""})
    assert "\033[" not in plain
    assert "p.yaml:3:5: CJM102 error:" in plain
