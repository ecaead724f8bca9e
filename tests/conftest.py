"""Shared helpers: run the CLI in-process (fast) or as a real process (exit codes)."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cjm.cli import app

REPO = Path(__file__).resolve().parent.parent
#: The keys of one diagnostic in `--format json`, exactly as the README's "Output" lists them.
DIAGNOSTIC_KEYS = frozenset(
    ("path", "line", "column", "end_line", "end_column", "code", "severity", "message", "rule")
)
EXAMPLES = REPO / "examples"


@dataclass
class Result:
    status: int
    stdout: str
    stderr: str


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run the test inside ``tmp_path`` so printed paths are short and relative."""
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def write(folder: Path, name: str, text: str) -> Path:
    """Write dedented ``text`` to ``folder/name`` and return the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def run_cli(*args: str) -> Result:
    """The CLI in-process, exceptions not swallowed (a crash fails the test loudly)."""
    runner = CliRunner()
    result = runner.invoke(app, list(args), catch_exceptions=False, env={"NO_COLOR": "1"})
    return Result(result.exit_code, result.stdout, result.stderr)


def run_process(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
    """``python -m cjm`` as a real process, for exit statuses and 'no traceback'."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    completed = subprocess.run(
        [sys.executable, "-m", "cjm", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


RunCli = Callable[..., Result]


#: The day every in-process command takes as today (``cjm.clock``), so what depends on
#: the date (CJM216, "due in" on the pages) reads the same whichever day the suite runs.
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cjm.clock.today", lambda: TODAY)


#: Modules slow by design: hypothesis at CI size, every syntax mistake on every line of
#: every example, the real pre-commit and the action's bash against git, budgets over
#: generated diffs, and pages printed or audited in Chromium.
SLOW_MODULES = frozenset(
    {
        "tests.fuzz.test_fuzz",
        "tests.diff.test_properties",
        "tests.diff.test_markdown_budget",
        "tests.test_one_mistake",
        "tests.test_precommit",
        "tests.ci.test_action",
        "tests.render.test_print",
        "tests.render.test_axe",
        "tests.render.test_layout",
    }
)
#: Fixtures that start a browser or a Mermaid renderer in one.
SLOW_FIXTURES = frozenset({"browser", "mermaid"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the slow tests, so ``pytest -m "not slow"`` is the inner loop; ``.ci/run``
    runs them all. A test is slow by its module, its fixtures, or Chromium in its name
    (the tests that start one themselves)."""
    for item in items:
        module = getattr(getattr(item, "module", None), "__name__", "")
        fixtures = set(getattr(item, "fixturenames", ()))
        if module in SLOW_MODULES or fixtures & SLOW_FIXTURES or "chromium" in item.name:
            item.add_marker(pytest.mark.slow)
