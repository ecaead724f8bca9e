"""Matching: by kind and id from the workspace down, derived keys, moves, sets, fields."""

from __future__ import annotations

from cjm.diff import Op
from cjm.diff.change import path_text
from tests.diff.models import brief, diff, document, journey, stage, step

BOOKING = stage("booking", step("a"), step("b"), step("c"))


def test_nothing_changed_nothing_reported() -> None:
    assert diff(journey([BOOKING]), journey([BOOKING])) == []


def test_one_step_moved_is_one_move() -> None:
    old = journey([BOOKING])
    new = journey([stage("booking", step("b"), step("c"), step("a"))])
    assert brief(diff(old, new)) == [
        ("moved", "journey:j/stage:booking/step:a", "position", 1, 3),
    ]


def test_swap_moves_the_later_key_whichever_side_is_old() -> None:
    first = journey([stage("s", step("a"), step("b"))])
    second = journey([stage("s", step("b"), step("a"))])
    assert brief(diff(first, second)) == [("moved", "journey:j/stage:s/step:b", "position", 2, 1)]
    assert brief(diff(second, first)) == [("moved", "journey:j/stage:s/step:b", "position", 1, 2)]


def test_step_moved_to_another_stage() -> None:
    old = journey([BOOKING, stage("visit", step("d"))])
    new = journey([stage("booking", step("a"), step("b")), stage("visit", step("d"), step("c"))])
    assert brief(diff(old, new)) == [
        ("moved", "journey:j/stage:visit/step:c", "stage", "booking", "visit"),
    ]


def test_stage_reordered() -> None:
    old = journey([stage("one"), stage("two"), stage("three")])
    new = journey([stage("two"), stage("three"), stage("one")])
    assert brief(diff(old, new)) == [("moved", "journey:j/stage:one", "position", 1, 3)]


def test_steps_without_id_matched_by_action() -> None:
    old = journey([stage("s", step(None, "Calls the clinic!", emotion=-1))])
    new = journey([stage("s", step(None, "Calls the clinic!", emotion=1))])
    assert brief(diff(old, new)) == [
        ("changed", "journey:j/stage:s/step:~calls-the-clinic", "emotion", -1, 1),
    ]


def test_derived_keys_of_equal_actions_are_numbered() -> None:
    old = journey([stage("s", step(None, "Waits"), step(None, "Waits", emotion=0))])
    new = journey([stage("s", step(None, "Waits"), step(None, "Waits", emotion=2))])
    assert brief(diff(old, new)) == [
        ("changed", "journey:j/stage:s/step:~waits-2", "emotion", 0, 2)
    ]


def test_new_action_of_a_step_without_id_is_removed_and_added() -> None:
    old = journey([stage("s", step(None, "Calls"))])
    new = journey([stage("s", step(None, "Phones"))])
    assert [(c.op, path_text(c.path)) for c in diff(old, new)] == [
        (Op.REMOVED, "journey:j/stage:s/step:~calls"),
        (Op.ADDED, "journey:j/stage:s/step:~phones"),
    ]


def test_text_lists_are_sets() -> None:
    old = journey([stage("s", step("a", thoughts=["one", "two"], evidence=["x"]))])
    reordered = journey([stage("s", step("a", thoughts=["two", "one"], evidence=["x"]))])
    assert diff(old, reordered) == []
    new = journey([stage("s", step("a", thoughts=["two", "three"], evidence=["x"]))])
    assert brief(diff(old, new)) == [
        ("removed", "journey:j/stage:s/step:a", "thoughts", "one", None),
        ("added", "journey:j/stage:s/step:a", "thoughts", None, "three"),
    ]


def test_one_change_per_changed_field_in_field_order() -> None:
    old = journey([stage("s", step("a", feeling="Calm", emotion=0))])
    new = journey([stage("s", step("a", "New words", feeling="Angry", emotion=-2))])
    assert [(c.field, c.old, c.new) for c in diff(old, new)] == [
        ("action", "Does a", "New words"),
        ("emotion", 0, -2),
        ("feeling", "Calm", "Angry"),
    ]


def test_pain_point_severity_is_a_change_of_the_item() -> None:
    old = journey([stage("s", step("a", pain_points=[{"text": "Hold", "severity": "low"}]))])
    new = journey([stage("s", step("a", pain_points=[{"text": "Hold", "severity": "high"}]))])
    assert brief(diff(old, new)) == [
        (
            "changed",
            "journey:j/stage:s/step:a",
            "pain_points",
            {"text": "Hold", "severity": "low"},
            {"text": "Hold", "severity": "high"},
        )
    ]


def test_removed_stage_lists_its_steps_and_keeps_moved_ones() -> None:
    old = journey([stage("s", step("a")), stage("t", step("b"), step("c"))])
    new = journey([stage("s", step("a"), step("c"))])
    assert brief(diff(old, new)) == [
        ("moved", "journey:j/stage:s/step:c", "stage", "t", "s"),
        ("removed", "journey:j/stage:t", None, {"id": "t", "name": "T"}, None),
        ("removed", "journey:j/stage:t/step:b", None, {"id": "b", "action": "Does b"}, None),
    ]


def test_added_objects_carry_their_data_as_json() -> None:
    old = journey([stage("s")])
    new = journey(
        [stage("s", step("a", emotion=2, touchpoint="web", pain_points=["Slow"]))],
        goals=[{"id": "g", "description": "Faster", "due": "2027-05-31"}],
    )
    assert brief(diff(old, new)) == [
        (
            "added",
            "journey:j/goal:g",
            None,
            None,
            {"id": "g", "description": "Faster", "due": "2027-05-31"},
        ),
        (
            "added",
            "journey:j/stage:s/step:a",
            None,
            None,
            {
                "id": "a",
                "action": "Does a",
                "touchpoint": ["web"],
                "emotion": 2,
                "pain_points": ["Slow"],
            },
        ),
    ]


def test_opportunities_with_and_without_id() -> None:
    old = journey(
        [
            stage(
                "s",
                step("a", opportunities=[{"id": "o", "text": "Old", "status": "idea"}, "Plain"]),
            )
        ]
    )
    new = journey(
        [stage("s", step("a", opportunities=[{"id": "o", "text": "New", "status": "done"}]))]
    )
    assert brief(diff(old, new)) == [
        ("changed", "journey:j/stage:s/step:a/opportunity:o", "text", "Old", "New"),
        ("changed", "journey:j/stage:s/step:a/opportunity:o", "status", "idea", "done"),
        ("removed", "journey:j/stage:s/step:a/opportunity:~plain", None, {"text": "Plain"}, None),
    ]


def test_metrics_matched_across_the_journey() -> None:
    metric = {"id": "m", "name": "M", "value": 1}
    old = journey([stage("s", metrics=[metric]), stage("t")])
    new = journey([stage("s"), stage("t", metrics=[{**metric, "value": 2}])])
    assert brief(diff(old, new)) == [
        ("moved", "journey:j/stage:t/metric:m", "stage", "s", "t"),
        ("changed", "journey:j/stage:t/metric:m", "value", 1, 2),
    ]


def test_documents_by_kind_and_id() -> None:
    old = document("persona", id="ania", name="Ania", demographics={"age": 30}, pains=["Codes"])
    new = document(
        "persona", id="ania", name="Ania", demographics={"age": 31, "city": "Warsaw"}, pains=[]
    )
    assert brief(diff(old, new)) == [
        ("changed", "persona:ania", "demographics.age", 30, 31),
        ("changed", "persona:ania", "demographics.city", None, "Warsaw"),
        ("removed", "persona:ania", "pains", "Codes", None),
    ]


def test_inline_touchpoints_belong_to_their_journey() -> None:
    kiosk = {"id": "kiosk", "name": "Kiosk", "mode": "offline", "operator": "automated"}
    old = journey([stage("s")], touchpoints=[kiosk])
    new = journey([stage("s")], touchpoints=[{**kiosk, "operator": "human"}])
    assert brief(diff(old, new)) == [
        ("changed", "journey:j/touchpoint:kiosk", "operator", "automated", "human")
    ]
