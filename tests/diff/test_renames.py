"""Renames and rewordings: an id changed or a text reworded is one change, never a
removal and an addition, and references that follow a rename are no change at all."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cjm.diff import Effect, Op
from cjm.diff.change import Change, path_text
from cjm.diff.effects import RULES, Example, judge, rules_markdown
from cjm.model import CjmDocument
from tests.conftest import Result, run_cli
from tests.diff.conftest import commit, git, write_workspace
from tests.diff.models import brief, comparison, document, journey, stage, step

PERSONA = {"name": "Marta", "pains": ["Long queues"], "summary": "Office worker, 34"}
SEGMENT = {"name": "Urban professionals", "description": "Busy people in big cities"}
TOUCHPOINT = {
    "name": "ATM",
    "mode": "offline",
    "operator": "automated",
    "channel": "branch",
    "description": "Cash machine at the branch entrance",
}


def changes_of(old: list[CjmDocument], new: list[CjmDocument]) -> list[Change]:
    return comparison(old, new).changes


def short(changes: list[Change]) -> list[tuple[str, str, str | None, Any, Any, str]]:
    return [
        (*row, change.effect.value) for row, change in zip(brief(changes), changes, strict=True)
    ]


def visit(steps: list[dict[str, Any]], **fields: Any) -> CjmDocument:
    return journey([stage("visit", *steps)], **fields)


WAITS = step("waits", "Waits for the courier at home", touchpoint=["atm"], emotion=-1)


# -- every kind with an id -------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "fields"),
    [("persona", PERSONA), ("segment", SEGMENT), ("touchpoint", TOUCHPOINT)],
)
def test_a_document_renamed_is_one_renamed_change(kind: str, fields: dict[str, Any]) -> None:
    old = document(kind, id="old-id", **fields)
    new = document(kind, id="new-id", **fields)
    assert short(changes_of([old], [new])) == [
        ("renamed", f"{kind}:new-id", "id", "old-id", "new-id", "neutral")
    ]


def test_a_journey_renamed_is_one_change_and_its_ideal_follows_it() -> None:
    current = visit([WAITS], id="buy")
    ideal = visit([WAITS], id="buy-ideal", state="ideal", baseline="buy")
    renamed = visit([WAITS], id="buy-and-have")
    follows = visit([WAITS], id="buy-ideal", state="ideal", baseline="buy-and-have")
    assert short(changes_of([current, ideal], [renamed, follows])) == [
        ("renamed", "journey:buy-and-have", "id", "buy", "buy-and-have", "neutral")
    ]


def test_a_touchpoint_renamed_with_every_reference_is_one_change() -> None:
    """The user's case: ``atm`` renamed ``cash-machine``, file, id and references."""
    old = [document("touchpoint", id="atm", **TOUCHPOINT), visit([WAITS])]
    moved = {**WAITS, "touchpoint": ["cash-machine"]}
    new = [document("touchpoint", id="cash-machine", **TOUCHPOINT), visit([moved])]
    found = changes_of(old, new)
    assert short(found) == [
        ("renamed", "touchpoint:cash-machine", "id", "atm", "cash-machine", "neutral")
    ]
    assert found[0].reason == (
        "touchpoint 'atm' renamed to 'cash-machine': a new id changes nothing for the customer"
    )


def test_a_touchpoint_renamed_and_retitled_keeps_its_description() -> None:
    old = [document("touchpoint", id="atm", **TOUCHPOINT)]
    new = [document("touchpoint", id="cash-machine", **{**TOUCHPOINT, "name": "Cash machine"})]
    assert short(changes_of(old, new)) == [
        ("renamed", "touchpoint:cash-machine", "id", "atm", "cash-machine", "neutral"),
        ("changed", "touchpoint:cash-machine", "name", "ATM", "Cash machine", "neutral"),
    ]


def test_persona_and_segment_renamed_with_their_references() -> None:
    old = [
        document("segment", id="urban", **SEGMENT),
        document("persona", id="marta", segment="urban", **PERSONA),
        visit([WAITS], persona="marta", segment="urban"),
    ]
    new = [
        document("segment", id="city-people", **SEGMENT),
        document("persona", id="marta-k", segment="city-people", **PERSONA),
        visit([WAITS], persona="marta-k", segment="city-people"),
    ]
    assert brief(changes_of(old, new)) == [
        ("renamed", "persona:marta-k", "id", "marta", "marta-k"),
        ("renamed", "segment:city-people", "id", "urban", "city-people"),
    ]


def test_stage_step_metric_goal_opportunity_and_inline_touchpoint_renamed() -> None:
    def version(suffix: str) -> CjmDocument:
        return journey(
            [
                stage(
                    f"visit{suffix}",
                    step(
                        f"waits{suffix}",
                        "Waits for the courier at home",
                        touchpoint=[f"kiosk{suffix}"],
                        emotion=-1,
                        opportunities=[{"id": f"locker{suffix}", "text": "Parcel lockers"}],
                    ),
                    step("pays", "Pays at the door", emotion=1),
                    metrics=[{"id": f"wait{suffix}", "name": "Minutes waited", "value": 40}],
                    name="Visit",
                )
            ],
            goals=[
                {
                    "id": f"shorter{suffix}",
                    "description": "Halve the wait",
                    "metric": f"wait{suffix}",
                }
            ],
            touchpoints=[
                {
                    "id": f"kiosk{suffix}",
                    "name": "Kiosk",
                    "mode": "offline",
                    "operator": "automated",
                }
            ],
        )

    assert short(changes_of([version("")], [version("-2")])) == [
        ("renamed", "journey:j/goal:shorter-2", "id", "shorter", "shorter-2", "neutral"),
        ("renamed", "journey:j/touchpoint:kiosk-2", "id", "kiosk", "kiosk-2", "neutral"),
        ("renamed", "journey:j/stage:visit-2", "id", "visit", "visit-2", "neutral"),
        ("renamed", "journey:j/stage:visit-2/step:waits-2", "id", "waits", "waits-2", "neutral"),
        (
            "renamed",
            "journey:j/stage:visit-2/step:waits-2/opportunity:locker-2",
            "id",
            "locker",
            "locker-2",
            "neutral",
        ),
        ("renamed", "journey:j/stage:visit-2/metric:wait-2", "id", "wait", "wait-2", "neutral"),
    ]


def test_a_step_renamed_in_a_baseline_is_followed_by_its_ideals_baseline_step() -> None:
    ideal_step = step("locker", "Picks the parcel up from a locker", emotion=1)
    old = [
        visit([WAITS], id="buy"),
        visit(
            [{**ideal_step, "baseline_step": "waits"}], id="ideal", state="ideal", baseline="buy"
        ),
    ]
    new = [
        visit([{**WAITS, "id": "waits-home"}], id="buy"),
        visit(
            [{**ideal_step, "baseline_step": "waits-home"}],
            id="ideal",
            state="ideal",
            baseline="buy",
        ),
    ]
    assert brief(changes_of(old, new)) == [
        ("renamed", "journey:buy/stage:visit/step:waits-home", "id", "waits", "waits-home")
    ]


def test_a_rename_with_edits_is_a_rename_and_the_field_changes() -> None:
    new = {**WAITS, "id": "waits-home", "emotion": -2}
    found = changes_of([visit([WAITS])], [visit([new])])
    assert short(found) == [
        (
            "renamed",
            "journey:j/stage:visit/step:waits-home",
            "id",
            "waits",
            "waits-home",
            "neutral",
        ),
        ("changed", "journey:j/stage:visit/step:waits-home", "emotion", -1, -2, "regression"),
    ]
    assert found[1].reason == "emotion at 'waits-home' fell from -1 to -2"


def test_a_different_object_under_a_new_id_is_removed_and_added() -> None:
    other = step("pays", "Pays the courier in cash", touchpoint=["atm"], emotion=-1)
    assert brief(changes_of([visit([WAITS])], [visit([other])])) == [
        ("removed", "journey:j/stage:visit/step:waits", None, WAITS, None),
        ("added", "journey:j/stage:visit/step:pays", None, None, other),
    ]


def test_a_step_given_an_id_is_the_same_step() -> None:
    before = {key: value for key, value in WAITS.items() if key != "id"}
    assert brief(changes_of([visit([before])], [visit([WAITS])])) == [
        ("changed", "journey:j/stage:visit/step:waits", "id", None, "waits")
    ]


def test_two_renamed_look_alikes_keep_their_order() -> None:
    """Identical steps renamed together pair in order, so nothing moves."""
    first = [step("a", "Calls"), step("b", "Calls")]
    second = [step("x-a", "Calls"), step("x-b", "Calls")]
    assert [c.op for c in changes_of([visit(first)], [visit(second)])] == [Op.RENAMED] * 2


# -- rewordings ------------------------------------------------------------------


def test_a_reworded_pain_point_is_one_neutral_change() -> None:
    old = {**WAITS, "pain_points": ["The courier gives no time window"]}
    new = {**WAITS, "pain_points": ["The courier gives no time window at all"]}
    found = changes_of([visit([old])], [visit([new])])
    assert short(found) == [
        (
            "changed",
            "journey:j/stage:visit/step:waits",
            "pain_points",
            "The courier gives no time window",
            "The courier gives no time window at all",
            "neutral",
        )
    ]
    assert found[0].reason == "pain point at 'waits' reworded"


def test_a_reworded_pain_point_made_milder_is_an_improvement() -> None:
    old = {**WAITS, "pain_points": [{"text": "No time window", "severity": "high"}]}
    new = {**WAITS, "pain_points": [{"text": "No time window given", "severity": "low"}]}
    found = changes_of([visit([old])], [visit([new])])
    assert [(c.op, c.effect, c.reason) for c in found] == [
        (
            Op.CHANGED,
            Effect.IMPROVEMENT,
            "pain point at 'waits' reworded and eased from high to low",
        )
    ]


def test_an_unrelated_pain_point_is_removed_and_added() -> None:
    old = {**WAITS, "pain_points": ["The courier gives no time window"]}
    new = {**WAITS, "pain_points": ["The app crashes on login"]}
    assert [(c.op, c.effect) for c in changes_of([visit([old])], [visit([new])])] == [
        (Op.REMOVED, Effect.IMPROVEMENT),
        (Op.ADDED, Effect.REGRESSION),
    ]


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [
        ("thoughts", "When will it come?", "When will it finally come?"),
        ("evidence", "Call-centre logs, 2026-10, n=400", "Call-centre logs, 2026-10, n=412"),
        ("backstage", "Courier app assigns routes", "The courier app assigns routes"),
    ],
)
def test_a_reworded_text_item_is_one_change(field: str, old: str, new: str) -> None:
    found = changes_of([visit([{**WAITS, field: [old]}])], [visit([{**WAITS, field: [new]}])])
    assert short(found) == [
        ("changed", "journey:j/stage:visit/step:waits", field, old, new, "neutral")
    ]


def test_a_touchpoint_swapped_on_a_step_is_not_a_rewording() -> None:
    """References are ids, not prose: ``atm`` to ``atm-2`` is one lost, one gained."""
    new = {**WAITS, "touchpoint": ["atm-2"]}
    document_old = document("touchpoint", id="atm", **TOUCHPOINT)
    app = {"name": "Bank app", "mode": "online", "operator": "automated", "channel": "app"}
    document_new = document("touchpoint", id="atm-2", **app)
    found = changes_of([document_old, visit([WAITS])], [document_new, visit([new])])
    assert [(c.op, c.field, c.effect) for c in found if c.kind == "step"] == [
        (Op.REMOVED, "touchpoint", Effect.REGRESSION),
        (Op.ADDED, "touchpoint", Effect.IMPROVEMENT),
    ]


def test_a_reworded_opportunity_without_id_is_one_change() -> None:
    old = {**WAITS, "opportunities": ["Offer parcel lockers"]}
    new = {**WAITS, "opportunities": ["Offer parcel lockers nearby"]}
    found = changes_of([visit([old])], [visit([new])])
    assert brief(found) == [
        (
            "changed",
            "journey:j/stage:visit/step:waits/opportunity:~offer-parcel-lockers-nearby",
            "text",
            "Offer parcel lockers",
            "Offer parcel lockers nearby",
        )
    ]
    assert found[0].effect is Effect.NEUTRAL


def test_every_change_has_a_reason() -> None:
    old = visit([WAITS, step("pays", "Pays", emotion=1, pain_points=["Slow"])])
    new = visit([{**WAITS, "emotion": 1, "feeling": "Calm"}, step("asks", "Asks", emotion=-2)])
    found = changes_of([old], [new])
    assert len(found) == 4
    assert all(change.reason for change in found), [path_text(c.path) for c in found]


# -- the table of effects ----------------------------------------------------------


@pytest.mark.parametrize(
    "example",
    [example for rule in RULES for example in rule.examples],
    ids=lambda example: f"{example.op.value}-{example.kind}-{example.field}-{example.effect.value}",
)
def test_every_row_of_the_effects_table_judges_its_examples(example: Example) -> None:
    verdict = judge(
        example.op, example.kind, example.field, example.old, example.new, example.facts
    )
    assert (verdict.effect, verdict.reason) == (example.effect, example.reason)


def test_every_rule_is_the_first_to_apply_to_its_examples() -> None:
    """A row shadowed by an earlier one would be documented but never used."""
    for index, rule in enumerate(RULES):
        assert rule.examples, rule.change
        for example in rule.examples:
            args = (example.op, example.kind, example.field, example.old, example.new)
            first = next(i for i, candidate in enumerate(RULES) if candidate.applies(*args))
            assert first == index, (rule.change, example)


def test_every_effect_a_rule_can_give_has_an_example() -> None:
    """Rows whose words name an improvement and a regression show both."""
    for rule in RULES:
        named = {effect for effect in Effect if effect.value in rule.verdict}
        shown = {example.effect for example in rule.examples}
        assert named <= shown, rule.change


def test_docs_diff_md_holds_the_table_of_effects() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "diff.md").read_text(encoding="utf-8")
    begin, end = "<!-- effects:begin -->\n", "<!-- effects:end -->"
    committed = text[text.index(begin) + len(begin) : text.index(end)]
    assert committed == rules_markdown(), (
        "docs/diff.md is stale: paste cjm.diff.effects.rules_markdown() between its markers"
    )


# -- the merge gate, through the CLI on real git repositories ----------------------


def pull_request(folder: Path, edit: Callable[[Path], None]) -> Result:
    """A repository with the workspace on main and ``edit`` committed on a branch,
    and the gate a CI job runs on it: ``cjm diff main HEAD --fail-on regression``."""
    git(folder, "init", "-q")
    write_workspace(folder)
    commit(folder, "maps")
    git(folder, "checkout", "-q", "-b", "change")
    edit(folder)
    commit(folder, "change")
    return run_cli("diff", "main", "HEAD", "--fail-on", "regression", "--format", "json")


def replace_in(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_rename_only_pull_request_passes_the_gate(in_tmp: Path) -> None:
    def rename(folder: Path) -> None:
        git(folder, "mv", "journeys/checkup.yaml", "journeys/yearly-checkup.yaml")
        replace_in(folder, "touchpoints.yaml", "id: phone", "id: hotline")
        replace_in(folder, "journeys/yearly-checkup.yaml", "[phone, portal]", "[hotline, portal]")
        replace_in(folder, "journeys/yearly-checkup.yaml", "id: calls", "id: phones-clinic")
        replace_in(folder, "journeys/yearly-checkup.yaml", "id: online-booking", "id: web-booking")

    result = pull_request(in_tmp, rename)
    assert result.status == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert [(c["op"], c["path"], c["old"], c["new"], c["effect"]) for c in report["changes"]] == [
        ("renamed", "touchpoint:hotline", "phone", "hotline", "neutral"),
        (
            "renamed",
            "journey:checkup/stage:booking/step:phones-clinic",
            "calls",
            "phones-clinic",
            "neutral",
        ),
        (
            "renamed",
            "journey:checkup/stage:booking/step:phones-clinic/opportunity:web-booking",
            "online-booking",
            "web-booking",
            "neutral",
        ),
    ]
    assert report["summary"] == {"changes": 3, "improvements": 0, "regressions": 0, "neutral": 3}


def test_a_reword_only_pull_request_passes_the_gate(in_tmp: Path) -> None:
    def reword(folder: Path) -> None:
        replace_in(
            folder, "journeys/checkup.yaml", "[Waits on hold]", "[Waits on hold for a long time]"
        )

    result = pull_request(in_tmp, reword)
    assert result.status == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["changes"] == [
        {
            "op": "changed",
            "kind": "step",
            "path": "journey:checkup/stage:booking/step:calls",
            "field": "pain_points",
            "old": "Waits on hold",
            "new": "Waits on hold for a long time",
            "effect": "neutral",
            "reason": "pain point at 'calls' reworded",
        }
    ]


def test_a_pull_request_that_lowers_one_emotion_fails_the_gate(in_tmp: Path) -> None:
    def lower(folder: Path) -> None:
        replace_in(folder, "journeys/checkup.yaml", "emotion: -1", "emotion: -2")

    result = pull_request(in_tmp, lower)
    assert result.status == 1
    report = json.loads(result.stdout)
    assert [(c["effect"], c["reason"]) for c in report["changes"]] == [
        ("regression", "emotion at 'calls' fell from -1 to -2")
    ]
    markdown = run_cli("diff", "main", "HEAD", "--format", "markdown")
    assert "emotion at 'calls' fell from -1 to -2" in markdown.stdout
