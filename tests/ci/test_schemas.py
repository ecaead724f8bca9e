"""``action.yml`` and every example CI file, judged by the schemas GitHub's and GitLab's
editors use: check-jsonschema's vendored ``vendor.github-actions``,
``vendor.github-workflows`` and ``vendor.gitlab-ci`` (shipped inside the package, so
the check needs no network). And the examples use only inputs and outputs the action
has."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO
from tests.render.needs import require

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
EXAMPLES = REPO / "examples" / "ci"
WORKFLOWS = sorted(EXAMPLES.glob("github-*.yml"))
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def check(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    missing = None if CHECK_JSONSCHEMA.is_file() else "check-jsonschema is not installed"
    require(missing and f"{missing} (pip install -e '.[test]')")
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard
        check=False,
    )


def test_the_examples_are_all_there() -> None:
    assert [path.name for path in WORKFLOWS] == [
        "github-comment.yml",
        "github-pr.yml",
        "github-workflow.yml",
    ]
    assert (EXAMPLES / "gitlab-ci.yml").is_file()


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-actions", [REPO / "action.yml"]),
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.gitlab-ci", [EXAMPLES / "gitlab-ci.yml"]),
    ],
    ids=["action", "github-workflows", "gitlab-ci"],
)
def test_valid_by_the_vendored_schema(schema: str, files: list[Path]) -> None:
    completed = check(schema, *files)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.strip() == "ok -- validation done"


def test_the_schemas_do_judge(tmp_path: Path) -> None:
    """A control: the same checks refuse a file each schema forbids."""
    action = tmp_path / "action.yml"
    action.write_text("name: x\ndescription: y\nruns:\n  using: composite\n", encoding="utf-8")
    workflow = tmp_path / "workflow.yml"
    workflow.write_text("on: pull_request\njobs:\n  a:\n    steps: []\n", encoding="utf-8")
    gitlab = tmp_path / "gitlab-ci.yml"
    gitlab.write_text("job:\n  artifacts:\n    reports:\n      codequality: 7\n", encoding="utf-8")
    for schema, path in (
        ("vendor.github-actions", action),
        ("vendor.github-workflows", workflow),
        ("vendor.gitlab-ci", gitlab),
    ):
        completed = check(schema, path)
        assert completed.returncode == 1, (schema, completed.stdout)
        assert "Schema validation errors were encountered." in completed.stdout


def _steps_using_the_action(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if str(step.get("uses", "")).startswith("cjm-dev/cjm@")
    ]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_examples_use_only_the_actions_inputs_and_outputs(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    for step in _steps_using_the_action(workflow):
        assert set(step.get("with", {})) <= set(ACTION["inputs"]), path.name
    outputs = set(re.findall(r"steps\.cjm\.outputs\.([A-Za-z0-9_-]+)", text))
    assert outputs <= set(ACTION["outputs"]), path.name


def test_the_pair_passes_the_artifact_by_one_name() -> None:
    pull_request = yaml.safe_load((EXAMPLES / "github-pr.yml").read_text(encoding="utf-8"))
    comment = yaml.safe_load((EXAMPLES / "github-comment.yml").read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    assert comment[True]["workflow_run"]["workflows"] == [pull_request["name"]]
    assert comment["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert pull_request["permissions"] == {"contents": "read"}
    (upload,) = [
        s for s in pull_request["jobs"]["maps"]["steps"] if "upload-artifact" in str(s.get("uses"))
    ]
    steps = comment["jobs"]["comment"]["steps"]
    (download,) = [s for s in steps if "download-artifact" in str(s.get("uses"))]
    assert upload["with"]["name"] == download["with"]["name"] == "cjm-comment"
    # The trusted workflow never checks out or runs the pull request's code.
    assert not any("checkout" in str(step.get("uses", "")) for step in steps)
