"""``cjm diff --baseline ID``: an ideal journey against the journey it improves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli, run_process
from tests.diff.conftest import JOURNEY, write_workspace

GALERIA = EXAMPLES / "galeria"


def test_galeria_ideal_against_today() -> None:
    result = run_cli("diff", "--baseline", "buy-and-have-ideal", "--workspace", str(GALERIA))
    assert result.status == 0, result.stderr
    assert result.stdout.startswith("buy-and-have → buy-and-have-ideal: ")
    document = json.loads(
        run_cli("diff", "--baseline", "buy-and-have-ideal", "-w", str(GALERIA), "-f", "json").stdout
    )
    changes = document["changes"]
    assert all(c["path"].startswith("journey:buy-and-have-ideal") for c in changes)
    fields = {c["field"] for c in changes if c["path"] == "journey:buy-and-have-ideal"}
    assert not fields & {"id", "state", "baseline"}  # what makes it ideal is not a change
    emotions = [c for c in changes if c["field"] == "emotion"]
    assert emotions and all(c["effect"] == "improvement" for c in emotions)
    # The ideal is the state the current map's opportunities lead to: leaving them out
    # is not "dropped before it was done" (9 false regressions before).
    left_out = [c for c in changes if c["kind"] == "opportunity" and c["op"] == "removed"]
    assert len(left_out) == 10
    assert {c["effect"] for c in left_out} == {"neutral"}
    assert sum("is not on the ideal journey" in c["reason"] for c in left_out) == 9


@pytest.mark.parametrize("output_format", ["markdown", "html"])
def test_galeria_in_every_format(output_format: str) -> None:
    result = run_process(
        "diff", "--baseline", "buy-and-have-ideal", "-w", str(GALERIA), "-f", output_format
    )
    assert result.status == 0, result.stderr
    assert "Buy and Have" in result.stdout


@pytest.fixture
def workspace(in_tmp: Path) -> Path:
    ideal = JOURNEY.replace("id: checkup", "id: checkup-ideal\nstate: ideal\nbaseline: checkup")
    write_workspace(in_tmp, JOURNEY)
    (in_tmp / "journeys" / "ideal.yaml").write_text(ideal.replace("emotion: -1", "emotion: 2"))
    return in_tmp


def test_paths_use_the_ideal_id_so_steps_match(workspace: Path) -> None:
    result = run_cli("diff", "--baseline", "checkup-ideal", "-f", "json", "--fail-on", "regression")
    assert result.status == 0
    assert json.loads(result.stdout)["changes"] == [
        {
            "op": "changed",
            "kind": "step",
            "path": "journey:checkup-ideal/stage:booking/step:calls",
            "field": "emotion",
            "old": -1,
            "new": 2,
            "effect": "improvement",
            "reason": "emotion at 'calls' rose from -1 to +2",
        }
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--baseline", "nope"], "cjm: error: unknown journey 'nope' in ."),
        (["--baseline", "checkup"], "cjm: error: journey 'checkup' names no baseline journey"),
        (["HEAD", "--baseline", "checkup-ideal"], "cjm: error: --baseline compares two journeys"),
    ],
)
def test_usage_errors(workspace: Path, arguments: list[str], message: str) -> None:
    result = run_cli("diff", *arguments)
    assert result.status == 2
    assert result.stderr.startswith(message)
