"""Better or worse for the customer: each change's effect, and the --fail-on gate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cjm.diff import Effect
from tests.conftest import run_cli
from tests.diff.conftest import JOURNEY, write_workspace
from tests.diff.models import diff, journey, stage, step


def effects(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str | None, Effect]]:
    """(field, effect) of each change between two versions of one step."""
    changes = diff(journey([stage("s", step("a", **old))]), journey([stage("s", step("a", **new))]))
    return [(change.field, change.effect) for change in changes]


def metric_effect(better: str, old: float, new: float, target: float = 12) -> Effect:
    def version(value: float) -> Any:
        metric = {"id": "m", "name": "Cancelled", "value": value, "target": target}
        return journey([stage("s", metrics=[{**metric, "better": better}])])

    (change,) = diff(version(old), version(new))
    return change.effect


def test_emotion_up_is_an_improvement_down_a_regression() -> None:
    assert effects({"emotion": -2}, {"emotion": 1}) == [("emotion", Effect.IMPROVEMENT)]
    assert effects({"emotion": 1}, {"emotion": -1}) == [("emotion", Effect.REGRESSION)]
    assert effects({}, {"emotion": 1}) == [("emotion", Effect.NEUTRAL)]


def test_metric_follows_better() -> None:
    assert metric_effect("lower", 15, 18) == Effect.REGRESSION  # away from target 12
    assert metric_effect("lower", 18, 15) == Effect.IMPROVEMENT
    assert metric_effect("higher", 15, 18) == Effect.IMPROVEMENT
    assert metric_effect("higher", 18, 15) == Effect.REGRESSION


def test_metric_values_written_as_percent_text() -> None:
    def version(value: str) -> Any:
        metric = {"id": "m", "name": "Share", "value": value, "better": "lower"}
        return journey([stage("s", metrics=[metric])])

    (change,) = diff(version("18%"), version("15%"))
    assert change.effect == Effect.IMPROVEMENT


def test_pain_points() -> None:
    assert effects({}, {"pain_points": ["Slow"]}) == [("pain_points", Effect.REGRESSION)]
    assert effects({"pain_points": ["Slow"]}, {}) == [("pain_points", Effect.IMPROVEMENT)]
    milder = effects(
        {"pain_points": [{"text": "Slow", "severity": "high"}]},
        {"pain_points": [{"text": "Slow", "severity": "low"}]},
    )
    assert milder == [("pain_points", Effect.IMPROVEMENT)]


def test_touchpoint_removed_from_a_step_is_a_regression() -> None:
    assert effects({"touchpoint": ["web", "phone"]}, {"touchpoint": ["web"]}) == [
        ("touchpoint", Effect.REGRESSION)
    ]
    assert effects({"touchpoint": "web"}, {"touchpoint": ["web", "phone"]}) == [
        ("touchpoint", Effect.IMPROVEMENT)
    ]


def test_opportunity_dropped_is_a_regression() -> None:
    assert effects({"opportunities": ["Call back"]}, {}) == [(None, Effect.REGRESSION)]
    assert effects({}, {"opportunities": ["Call back"]}) == [(None, Effect.IMPROVEMENT)]
    done = {"text": "Call back", "status": "done"}
    assert effects({"opportunities": [done]}, {}) == [(None, Effect.NEUTRAL)]


def test_opportunity_status_towards_done_is_an_improvement() -> None:
    def status(value: str) -> dict[str, Any]:
        return {"opportunities": [{"id": "o", "text": "Call back", "status": value}]}

    assert effects(status("idea"), status("in-progress")) == [("status", Effect.IMPROVEMENT)]
    assert effects(status("done"), status("planned")) == [("status", Effect.REGRESSION)]


def test_steps_added_and_removed_by_their_emotion() -> None:
    base = journey([stage("s", step("a"))])
    painful = journey([stage("s", step("a"), step("b", emotion=-2))])
    pleasant = journey([stage("s", step("a"), step("b", emotion=2))])
    assert [c.effect for c in diff(base, painful)] == [Effect.REGRESSION]
    assert [c.effect for c in diff(painful, base)] == [Effect.IMPROVEMENT]
    assert [c.effect for c in diff(base, pleasant)] == [Effect.IMPROVEMENT]


def test_other_changes_are_neutral() -> None:
    assert effects({"evidence": ["Survey"]}, {"evidence": []}) == [("evidence", Effect.NEUTRAL)]
    assert effects({"feeling": "Calm"}, {"feeling": "Happy"}) == [("feeling", Effect.NEUTRAL)]


@pytest.fixture
def sides(in_tmp: Path) -> Path:
    write_workspace(in_tmp / "old")
    return in_tmp


CALLS = "journey:checkup/stage:booking/step:calls"


@pytest.mark.parametrize(
    ("edit", "fail_on", "exit_code", "expected"),
    [
        (  # an improvement only
            ("emotion: -1", "emotion: 1"),
            0,
            1,
            [(CALLS, "emotion", "changed", "improvement")],
        ),
        (  # a set of texts: one pain point gone, two new ones
            ("pain_points: [Waits on hold]", "pain_points: [Busy signal, Hangs up]"),
            1,
            1,
            [
                (CALLS, "pain_points", "removed", "improvement"),
                (CALLS, "pain_points", "added", "regression"),
                (CALLS, "pain_points", "added", "regression"),
            ],
        ),
        (
            ("touchpoint: [phone, portal]", "touchpoint: phone"),
            1,
            1,
            [(CALLS, "touchpoint", "removed", "regression")],
        ),
        (  # results take longer, better: lower
            ("value: 4", "value: 6"),
            1,
            1,
            [
                (
                    "journey:checkup/stage:booking/metric:results-days",
                    "value",
                    "changed",
                    "regression",
                )
            ],
        ),
        (
            ("title: Yearly check-up", "title: Check-up"),
            0,
            1,
            [("journey:checkup", "title", "changed", "neutral")],
        ),
        (("", ""), 0, 0, []),  # nothing changed
    ],
)
def test_fail_on_regression_and_exit_code(
    sides: Path,
    edit: tuple[str, str],
    fail_on: int,
    exit_code: int,
    expected: list[tuple[str, str, str, str]],
) -> None:
    write_workspace(sides / "new", JOURNEY.replace(*edit) if edit[0] else JOURNEY)
    gate = run_cli("diff", "old", "new", "--fail-on", "regression", "-f", "json")
    assert gate.status == fail_on, gate.stdout
    assert run_cli("diff", "old", "new", "--exit-code").status == exit_code
    assert run_cli("diff", "old", "new").status == 0
    changes = json.loads(gate.stdout)["changes"]
    assert [(c["path"], c["field"], c["op"], c["effect"]) for c in changes] == expected
