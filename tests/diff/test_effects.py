"""Better or worse for the customer: each change's effect, and the --fail-on gate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cjm.diff import Effect
from cjm.diff.effects import by_direction
from tests.conftest import run_cli
from tests.diff.conftest import JOURNEY, write_workspace
from tests.diff.models import diff, document, journey, stage, step


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


# -- at the boundaries (issue 19, item 6: each test kills a mutant that lived) ---------


def reasons(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str | None, str, str]]:
    """(field, effect, reason) of each change between two versions of one step."""
    changes = diff(journey([stage("s", step("a", **old))]), journey([stage("s", step("a", **new))]))
    return [(change.field, change.effect.value, change.reason) for change in changes]


def metric_reasons(
    old: object, new: object, fields: dict[str, Any], new_fields: dict[str, Any] | None = None
) -> list[tuple[str | None, str, str]]:
    """(field, effect, reason) of each change when a metric's value goes from ``old`` to
    ``new`` (its other fields ``fields``, or ``new_fields`` on the new side)."""

    def version(value: object, extra: dict[str, Any]) -> Any:
        return journey([stage("s", metrics=[{"id": "m", "name": "M", "value": value, **extra}])])

    changes = diff(version(old, fields), version(new, fields if new_fields is None else new_fields))
    return [(change.field, change.effect.value, change.reason) for change in changes]


def severity(level: str) -> dict[str, Any]:
    return {"pain_points": [{"text": "Slow", "severity": level}]}


@pytest.mark.parametrize(
    ("before", "after", "effect"),
    [
        ("low", "medium", Effect.REGRESSION),
        ("medium", "high", Effect.REGRESSION),
        ("high", "medium", Effect.IMPROVEMENT),
        ("medium", "low", Effect.IMPROVEMENT),
    ],
)
def test_severity_is_ordered_low_medium_high(before: str, after: str, effect: Effect) -> None:
    assert effects(severity(before), severity(after)) == [("pain_points", effect)]


def opportunity_status(value: str) -> dict[str, Any]:
    return {"opportunities": [{"id": "o", "text": "Call back", "status": value}]}


@pytest.mark.parametrize(
    ("before", "after"),
    [("idea", "planned"), ("planned", "in-progress"), ("in-progress", "done")],
)
def test_status_is_ordered_idea_planned_in_progress_done(before: str, after: str) -> None:
    """One step forward is an improvement, the same step back a regression."""
    forward = effects(opportunity_status(before), opportunity_status(after))
    assert forward == [("status", Effect.IMPROVEMENT)]
    backward = effects(opportunity_status(after), opportunity_status(before))
    assert backward == [("status", Effect.REGRESSION)]


@pytest.mark.parametrize(
    ("old", "new", "fields", "written"),
    [
        ("1200", "1,200", {"unit": "count"}, "from 1200 to 1,200"),
        (18, "18%", {"unit": "percent", "better": "lower"}, "from 18 to 18%"),
        ("2 h", "120 min", {"better": "lower"}, "from 2 h to 120 min"),
    ],
)
def test_one_number_written_another_way_is_neutral(
    old: object, new: object, fields: dict[str, Any], written: str
) -> None:
    """Equal numbers are no move either way, whichever way is better."""
    assert metric_reasons(old, new, fields) == [
        ("value", "neutral", f"metric 'm' changed {written}: the same number, written another way")
    ]
    assert by_direction(3.0, 3.0) is Effect.NEUTRAL
    assert by_direction(3.0, 3.0, higher_is_better=False) is Effect.NEUTRAL


def test_a_metric_that_fell_and_one_without_a_target_say_so() -> None:
    assert metric_reasons(18, 15, {"better": "lower"}) == [
        ("value", "improvement", "metric 'm' fell from 18 to 15 (lower is better)")
    ]
    assert metric_reasons(18, 15, {"target": 20}) == [
        ("value", "regression", "metric 'm' fell from 18 to 15 (higher is better; target 20)")
    ]
    assert metric_reasons(None, 15, {}) == [
        ("value", "neutral", "metric 'm' changed from none to 15: not two numbers to compare")
    ]
    # Words are no numbers, not even equal ones.
    assert metric_reasons("Good", "Better", {"unit": "text"}) == [
        ("value", "neutral", "metric 'm' changed from Good to Better: not two numbers to compare")
    ]


@pytest.mark.parametrize(
    ("old", "new", "fields", "effect", "reason"),
    [
        (
            "3.80 EUR",
            "4.20 EUR",
            {"unit": "currency", "better": "lower", "target": "4 EUR"},
            "regression",
            "metric 'm' rose from 3.80 EUR to 4.20 EUR (lower is better; target 4.00 EUR)",
        ),
        (
            3,
            3.5,
            {"unit": "currency"},
            "improvement",
            "metric 'm' rose from 3.00 to 3.50 (higher is better)",
        ),
        (
            "3.9 of 5",
            "4.2 of 5",
            {"unit": "score"},
            "improvement",
            "metric 'm' rose from 3.9 of 5 to 4.2 of 5 (higher is better)",
        ),
    ],
)
def test_a_metric_reason_shows_amounts_as_the_page_does(
    old: object, new: object, fields: dict[str, Any], effect: str, reason: str
) -> None:
    """Money with its currency and cents, a score with its scale."""
    assert metric_reasons(old, new, fields) == [("value", effect, reason)]


def test_a_metric_whose_unit_changed_is_not_judged_and_shows_values_as_written() -> None:
    assert metric_reasons(1200, "35%", {"unit": "count"}, {"unit": "percent"})[0] == (
        "value",
        "neutral",
        "metric 'm' changed from 1200 to 35% while its unit changed too: not judged",
    )


@pytest.mark.parametrize(
    ("emotion", "added", "removed", "reason"),
    [
        # neither pleasant nor painful: nothing to weigh
        (0, Effect.NEUTRAL, Effect.NEUTRAL, "step 'b' added, with no emotion to weigh"),
        (1, Effect.IMPROVEMENT, Effect.REGRESSION, "new step 'b' with emotion +1"),
        (-1, Effect.REGRESSION, Effect.IMPROVEMENT, "new step 'b' with emotion -1"),
    ],
)
def test_a_step_added_or_removed_is_judged_by_the_sign_of_its_emotion(
    emotion: int, added: Effect, removed: Effect, reason: str
) -> None:
    base = journey([stage("s", step("a"))])
    more = journey([stage("s", step("a"), step("b", emotion=emotion))])
    assert [(c.effect, c.reason) for c in diff(base, more)] == [(added, reason)]
    assert [c.effect for c in diff(more, base)] == [removed]


def test_reasons_of_neutral_changes_name_what_happened() -> None:
    moved = diff(
        journey([stage("s", step("a"), step("b"))]), journey([stage("s", step("b"), step("a"))])
    )
    assert [c.reason for c in moved] == ["step 'b' moved from position 2 to 1"]
    assert reasons({"emotion": -1}, {}) == [
        ("emotion", "neutral", "emotion at 'a' cleared (was -1): nothing to compare it with")
    ]
    planned = {"opportunities": [{"id": "o", "text": "Call back", "status": "planned"}]}
    assert reasons(planned, {"opportunities": [{"id": "o", "text": "Call back"}]}) == [
        ("status", "neutral", "status of opportunity 'o' set from planned to none")
    ]
    assert reasons({"pain_points": ["Slow"]}, severity("high")) == [
        ("pain_points", "neutral", "pain point at 'a', severity set from none to high")
    ]
    done = {"opportunities": [{"text": "Call back", "status": "done"}]}
    assert reasons({}, done) == [
        (None, "neutral", 'opportunity "Call back" added as done: delivered, not lost')
    ]
    channels = diff(
        document("persona", id="ania", name="Ania", channels=["web"]),
        document("persona", id="ania", name="Ania", channels=["web", "phone"]),
    )
    assert [c.reason for c in channels] == [
        "channel of persona 'ania' added: not judged better or worse"
    ]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("x" * 80, "x" * 80),  # 80 characters: whole
        ("x" * 81, "x" * 79 + "…"),  # 81: cut to 79 and an ellipsis
        ("x" * 78 + " " + "y" * 10, "x" * 78 + "…"),  # no space before the ellipsis
    ],
)
def test_a_long_pain_point_is_quoted_cut_at_80_characters(text: str, quoted: str) -> None:
    assert reasons({}, {"pain_points": [text]}) == [
        ("pain_points", "regression", f"new pain point at 'a': \"{quoted}\"")
    ]


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
