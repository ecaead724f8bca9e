"""Run action.yml's shell steps as GitHub's runner would, without the runner.

What it does as the runner does: the inputs' defaults (expressions included) and the
given inputs; each step's ``env:`` with its ``${{ }}`` expressions read from the
``inputs``, ``github`` (the event from ``GITHUB_EVENT_PATH``) and ``steps`` contexts;
``bash --noprofile --norc -eo pipefail`` on the ``run:`` script; a fresh
``GITHUB_OUTPUT`` and ``GITHUB_STEP_SUMMARY`` file per step, read back into
``steps.ID.outputs`` and the job summary; a step without ``if:`` runs only while every
step before it succeeded, one with ``if: always()`` runs regardless.

What it does not: ``uses:`` steps (upload-artifact) are recorded and not run, and the
step with id ``install`` (pip from the network) is skipped, as the test's PATH has cjm
already. Any other expression or condition is refused, so the action cannot grow one
this stand-in would misread.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import REPO

ACTION = REPO / "action.yml"
SKIPPED_STEP_IDS = frozenset({"install"})
_EXPRESSION = re.compile(r"\$\{\{\s*(?P<expression>.*?)\s*\}\}")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*$")


@dataclass
class StepRun:
    id: str
    name: str
    outcome: str  # success, failure, skipped
    status: int | None = None
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class JobRun:
    steps: list[StepRun]
    summary: str

    @property
    def stdout(self) -> str:
        return "".join(step.stdout for step in self.steps)

    @property
    def failed(self) -> bool:
        return any(step.outcome == "failure" for step in self.steps)

    def step(self, step_id: str) -> StepRun:
        return next(step for step in self.steps if step.id == step_id)


def evaluate(text: str, context: dict[str, Any]) -> str:
    """``text`` with each ``${{ name.name... }}`` replaced as GitHub would: a missing
    property or null is the empty string, true/false are lower case."""

    def replace(match: re.Match[str]) -> str:
        expression = match["expression"]
        if not _NAME.match(expression):
            raise ValueError(f"the test's runner does not evaluate ${{{{ {expression} }}}}")
        value: Any = context
        for part in expression.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dict | list):
            return json.dumps(value)
        return str(value)

    return _EXPRESSION.sub(replace, text)


def _read_outputs(path: Path) -> dict[str, str]:
    """``name=value`` lines and ``name<<DELIMITER`` blocks, as the runner reads them."""
    outputs: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            while lines[index] != delimiter:
                block.append(lines[index])
                index += 1
            index += 1
            outputs[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            outputs[name] = value
    return outputs


def run_action(
    *,
    workspace: Path,
    temp: Path,
    event: dict[str, Any],
    inputs: dict[str, str] | None = None,
    env: dict[str, str],
) -> JobRun:
    """The action's steps on the checkout at ``workspace``, with ``env`` as the runner's
    own variables (PATH, GITHUB_API_URL, GITHUB_REPOSITORY...)."""
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    temp.mkdir(parents=True, exist_ok=True)
    event_path = temp / "event.json"
    event_path.write_text(json.dumps(event), encoding="utf-8")
    runner_temp = temp / "runner"
    runner_temp.mkdir(exist_ok=True)
    github = {
        "action_path": str(REPO),
        "event": event,
        "repository": env["GITHUB_REPOSITORY"],
        "api_url": env["GITHUB_API_URL"],
        "token": env["TEST_GITHUB_TOKEN"],
        "workspace": str(workspace),
    }
    context: dict[str, Any] = {"github": github, "steps": {}}
    given = inputs or {}
    unknown = set(given) - set(action["inputs"])
    assert not unknown, f"action.yml has no input {unknown}"
    context["inputs"] = {
        name: given[name] if name in given else evaluate(str(spec.get("default", "")), context)
        for name, spec in action["inputs"].items()
    }
    base_env = {
        **{name: value for name, value in env.items() if name != "TEST_GITHUB_TOKEN"},
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_EVENT_NAME": "pull_request" if "pull_request" in event else "push",
        "GITHUB_WORKSPACE": str(workspace),
        "RUNNER_TEMP": str(runner_temp),
    }
    runs: list[StepRun] = []
    summaries: list[str] = []
    for number, step in enumerate(action["runs"]["steps"]):
        step_id = step.get("id", f"__{number}")
        name = step.get("name", step_id)
        condition = step.get("if")
        if "uses" in step or step_id in SKIPPED_STEP_IDS:
            runs.append(StepRun(step_id, name, "skipped"))
            continue
        if condition not in (None, "always()"):
            raise ValueError(f"the test's runner does not evaluate if: {condition}")
        if condition is None and any(run.outcome == "failure" for run in runs):
            runs.append(StepRun(step_id, name, "skipped"))
            context["steps"][step_id] = {"outputs": {}, "outcome": "skipped"}
            continue
        assert step.get("shell") == "bash", f"step {name} runs in bash"
        script = step["run"]
        assert "${{" not in script, f"step {name}: expressions go through env:, not the script"
        output = temp / f"output-{number}"
        summary = temp / f"summary-{number}"
        output.write_text("", encoding="utf-8")
        summary.write_text("", encoding="utf-8")
        step_env = {
            name: evaluate(str(value), context) for name, value in (step.get("env") or {}).items()
        }
        script_path = temp / f"step-{number}.sh"
        script_path.write_text(script, encoding="utf-8")
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_path)],
            cwd=workspace,
            env={
                **base_env,
                **step_env,
                "GITHUB_OUTPUT": str(output),
                "GITHUB_STEP_SUMMARY": str(summary),
            },
            capture_output=True,
            text=True,
            timeout=300,  # a hang guard
            check=False,
        )
        outputs = _read_outputs(output)
        outcome = "success" if completed.returncode == 0 else "failure"
        runs.append(
            StepRun(
                step_id,
                name,
                outcome,
                completed.returncode,
                completed.stdout,
                completed.stderr,
                outputs,
                step_env,
            )
        )
        context["steps"][step_id] = {"outputs": outputs, "outcome": outcome}
        summaries.append(summary.read_text(encoding="utf-8"))
    return JobRun(runs, "".join(summaries))


def runner_env(*, api_url: str, repository: str, token: str) -> dict[str, str]:
    """The variables the runner gives every step; cjm from this repository's venv."""
    interpreter_bin = Path(sys.executable).parent  # the venv the tests run in
    assert (interpreter_bin / "cjm").is_file(), f"cjm is not installed in {interpreter_bin}"
    path = os.pathsep.join((str(interpreter_bin), os.environ.get("PATH", "")))
    return {
        "PATH": path,
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "GITHUB_API_URL": api_url,
        "GITHUB_REPOSITORY": repository,
        "TEST_GITHUB_TOKEN": token,
        "NO_COLOR": "1",
    }
