"""cjm.matching: one step matching for the page's baseline curve and for diff.

The rule is id, then ``baseline_step`` (against a baseline only), then the text key of
steps without id; never position. The agreement tests read what each side shows (the
page's baseline points, diff's step keys and metric statuses) and demand the same pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import cjm
from cjm.diff.compare import compare_journeys
from cjm.matching import (
    SAME_OBJECT,
    aligned_keys,
    derived_key,
    key_of_goal,
    key_of_metric,
    key_of_opportunity,
    key_of_stage,
    match_steps,
    pair_similar,
    similarity,
    text_similarity,
)
from cjm.measures import MetricStatus, status_class
from cjm.model import (
    Goal,
    JourneyDocument,
    Metric,
    Opportunity,
    PersonaDocument,
    Stage,
    Step,
    TouchpointFields,
)
from cjm.render.view import journey_page
from cjm.workspace import Workspace
from tests.conftest import EXAMPLES, TODAY
from tests.render.samples import write_shop


def _step(action: str, **fields: Any) -> Step:
    return Step.model_validate({"action": action, **fields})


def test_match_by_id_then_baseline_step_then_text_never_position() -> None:
    old = [
        _step("Searches", id="search"),
        _step("Compares two lamps", id="compare"),
        _step("Pays at the till"),
        _step("Receives the lamp", id="receive"),
    ]
    new = [
        _step("Finds at once", id="search"),
        _step("Asks for advice", id="advice"),  # inserted: matches nothing
        _step("Pays at the till"),  # no id: its text
        _step("Tracks the parcel", id="track", baseline_step=["nothing", "receive"]),
    ]
    assert match_steps(old, new, baseline=True) == {0: 0, 2: 2, 3: 3}
    # Between two versions of one journey, baseline_step names another journey's steps.
    assert match_steps(old, new, baseline=False) == {0: 0, 2: 2}
    assert aligned_keys(old, new, baseline=True) == (
        ["search", "compare", "~pays-at-the-till", "track"],
        ["search", "advice", "~pays-at-the-till", "track"],
    )


def test_id_wins_over_baseline_step_and_text_needs_both_without_id() -> None:
    old = [_step("Waits", id="wait"), _step("Pays")]
    new = [
        _step("Waits less", id="wait"),
        _step("Skips the queue", id="skip", baseline_step="wait"),  # wait is taken
        _step("Pays", id="pay"),  # has an id: the text of "Pays" does not count
    ]
    assert match_steps(old, new, baseline=True) == {0: 0}
    assert aligned_keys(old, new, baseline=True) == (["wait", "~pays"], ["wait", "skip", "pay"])


def test_equal_actions_are_numbered_and_matched_in_order() -> None:
    old = [_step("Waits"), _step("Waits")]
    new = [_step("Waits"), _step("Waits"), _step("Waits")]
    assert match_steps(old, new, baseline=False) == {0: 0, 1: 1}
    assert aligned_keys(old, new, baseline=False) == (
        ["~waits", "~waits-2"],
        ["~waits", "~waits-2", "~waits-3"],
    )
    assert derived_key("Sees a billboard!") == "~sees-a-billboard"


# --- At the boundaries (issue 19, item 6: each test kills a mutant that lived) ---------


def test_the_first_free_baseline_step_is_the_match() -> None:
    old = [_step("Waits", id="wait"), _step("Pays", id="pay")]
    replaces_both = _step("Skips the queue", id="skip", baseline_step=["wait", "pay"])
    assert match_steps(old, [replaces_both], baseline=True) == {0: 0}
    # "wait" is taken by its own id: the next one still free is the match.
    assert match_steps(old, [_step("Waits less", id="wait"), replaces_both], baseline=True) == {
        0: 0,
        1: 1,
    }


def test_a_numbered_key_is_not_an_id() -> None:
    """An old version with a duplicate id (CJM103) numbers the second "pay" as "pay-2":
    a new step whose id is "pay-2" is not that step, and every key stays distinct."""
    old = [
        _step("Pays at the till", id="pay"),
        _step("Signs the receipt", id="pay"),
        _step("Takes the bag", id="pay-2-2"),
    ]
    new = [_step("Leaves the shop", id="pay-2")]
    for baseline in (True, False):
        assert match_steps(old, new, baseline=baseline) == {}
        assert aligned_keys(old, new, baseline=baseline) == (
            ["pay", "pay-2-2", "pay-2-2-2"],
            ["pay-2"],
        )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("!!!", "~item"),
        # 40 characters: whole, though it has a word boundary to cut at.
        ("a" * 25 + " " + "b" * 14, "~" + "a" * 25 + "-" + "b" * 14),
        # 41: cut at the last word boundary.
        ("a" * 25 + " " + "b" * 15, "~" + "a" * 25),
        (
            "Sees a billboard on the way to work and thinks about it",
            "~sees-a-billboard-on-the-way-to-work-and",
        ),
        # A boundary at the 41st character still cuts there, one at the 42nd does not.
        ("a" * 25 + " " + "b" * 14 + " " + "c" * 5, "~" + "a" * 25 + "-" + "b" * 14),
        ("a" * 25 + " " + "b" * 15 + " " + "c" * 5, "~" + "a" * 25),
        # No boundary between the 21st and 41st character: cut at 40, mid-word, rather
        # than keep 15 characters of 46.
        ("x" * 15 + " " + "y" * 30, "~" + "x" * 15 + "-" + "y" * 24),
    ],
)
def test_derived_keys_stop_at_a_word_boundary_near_40_characters(text: str, key: str) -> None:
    assert derived_key(text) == key


def test_objects_without_id_are_keyed_by_the_field_that_names_them() -> None:
    assert key_of_stage(Stage(name="Pay at the till")) == "~pay-at-the-till"
    assert key_of_metric(Metric(name="Wait time")) == "~wait-time"
    assert key_of_goal(Goal(description="Shorter queues")) == "~shorter-queues"
    assert key_of_opportunity(Opportunity(text="Fast lane")) == "~fast-lane"


@pytest.mark.parametrize(
    ("first", "second", "score"),
    [
        ("Waits for the bus", "Waits for a bus", 1.0),  # the same words
        ("It is", "it  IS", 1.0),  # no content word, the same text
        ("To be", "It is", 0.4),  # no content word on either side: by characters
        ("The one", "the", 0.6),  # none on one side: by characters
        ("Recieves the parcel", "Receives the parcel", 1.0),  # a typo is the same word
        ("Recieves the parcel", "Receives the parcel at the zoo", 0.8),
        ("Pays cash", "Pays case", 1.0),  # spelt 0.75 alike: just the same word
        ("Takes the bus", "Takes the buses", 1.0),  # a three-letter word has a plural
        ("Goes up", "Goes ok", 0.5),  # two letters are too few to be alike
        ("Opens the app", "Installs the app", 0.5),
        # Whichever side is read first, each word counts once: "card" is not both the
        # typo of "bard" and the word itself.
        ("Card, cards", "Bard, card", 1.0),
        ("Card, cards", "Bard, card, cart", 0.4),
    ],
)
def test_text_similarity_values_and_symmetry(first: str, second: str, score: float) -> None:
    assert text_similarity(first, second) == pytest.approx(score)
    assert text_similarity(second, first) == pytest.approx(score)


def test_similarity_counts_fields_filled_on_either_side() -> None:
    waits = _step("Waits", emotion=-1)
    at_the_web = _step("Waits", emotion=-1, touchpoint=["web"])
    # action (twice) and emotion alike, touchpoint filled on one side only: 3 of 4.
    assert similarity(waits, at_the_web) == pytest.approx(0.75)
    assert similarity(at_the_web, waits) == pytest.approx(0.75)
    # Lists by their items in common: one of two.
    assert similarity(
        _step("Waits", touchpoint=["web", "app"]), _step("Waits", touchpoint=["web", "sms"])
    ) == pytest.approx((2 + 0.5) / 3)
    # A field empty on both sides does not count (a persona's demographics: {}).
    marta = {"cjm": 1, "kind": "persona", "id": "marta", "name": "Marta"}
    assert similarity(
        PersonaDocument.model_validate({**marta, "summary": "Office worker, 34"}),
        PersonaDocument.model_validate({**marta, "summary": "Office worker, 35"}),
    ) == pytest.approx((2 + 2 / 3) / 3)
    # Named alike at exactly SAME_TEXT (3 of 5 words each): still the same object.
    assert similarity(
        _step("Compares prices online before buying"),
        _step("Compares prices online after queueing"),
    ) == pytest.approx(0.6)


def test_a_stage_holds_its_steps_by_content_ids_left_out() -> None:
    def pay(*steps: dict[str, Any], **fields: Any) -> Stage:
        return Stage.model_validate({"name": "Pay", "steps": list(steps), **fields})

    renamed_steps = pay({"id": "a", "action": "Pays"}), pay({"id": "b", "action": "Pays"})
    assert similarity(*renamed_steps) == 1.0
    one_of_two = (
        pay({"action": "Pays"}, {"action": "Signs"}),
        pay({"action": "Pays"}, {"action": "Leaves"}),
    )
    assert similarity(*one_of_two) == pytest.approx((2 + 0.5) / 3)
    other_touchpoint = (
        pay({"action": "Pays", "touchpoint": ["web"]}),
        pay({"action": "Pays", "touchpoint": ["app"]}),
    )
    assert similarity(*other_touchpoint) == pytest.approx(2 / 3)


CASH = "Cash machine at the branch entrance"


def _touchpoint(identifier: str, name: str, **fields: str) -> TouchpointFields:
    return TouchpointFields.model_validate(
        {"id": identifier, "name": name, "mode": "offline", "operator": "automated", **fields}
    )


def _stage(name: str, **fields: Any) -> Stage:
    return Stage.model_validate({"name": name, **fields})


def test_renamed_and_retitled_needs_a_sentence_and_three_equal_fields() -> None:
    """Named differently, an object is the same only when all else is equal: a sentence
    and at least two more fields (objects of one kind share their categories)."""
    atm = _touchpoint("atm", "ATM", description=CASH)
    assert similarity(atm, _touchpoint("cash", "Cash machine", description=CASH)) == 1.0
    one_differs = _touchpoint("cash", "Cash machine", description=CASH, channel="branch")
    assert similarity(atm, one_differs) == 0.0
    # Categories alone, however many, are not enough.
    assert (
        similarity(
            _touchpoint("atm", "ATM", channel="branch"),
            _touchpoint("kiosk", "Kiosk", channel="branch"),
        )
        == 0.0
    )
    # A sentence and one more field are two: not enough; the same steps make three.
    same = {"description": "Pays at the till", "phase": "purchase"}
    assert similarity(_stage("Pay", **same), _stage("Checkout", **same)) == 0.0
    steps = [{"action": "Pays"}]
    assert (
        similarity(_stage("Pay", **same, steps=steps), _stage("Checkout", **same, steps=steps))
        == 1.0
    )


def _scores(table: dict[tuple[str, str], float]) -> Callable[[str, str], float]:
    """A score read from a table, either way round (as similarity is symmetric)."""
    return lambda one, other: table.get((one, other), table.get((other, one), 0.0))


def test_pair_similar_at_the_threshold_best_pair_first() -> None:
    exactly = _scores({("a", "b"): SAME_OBJECT})
    assert pair_similar({"a": "a"}, {"b": "b"}, exactly, SAME_OBJECT) == {"a": "b"}
    below = _scores({("a", "b"): SAME_OBJECT - 0.01})
    assert pair_similar({"a": "a"}, {"b": "b"}, below, SAME_OBJECT) == {}
    best = _scores({("a", "b"): 0.8, ("a", "c"): 0.9})
    assert pair_similar({"a": "a"}, {"b": "b", "c": "c"}, best, 0.5) == {"a": "c"}


def test_pair_similar_breaks_ties_by_key_whichever_side_is_old() -> None:
    """Equal scores: the pair whose keys sort first, not the first written."""
    tie = _scores({("a", "z"): 0.8, ("a", "m"): 0.8})
    later_first = {"z": "z", "m": "m"}
    assert pair_similar({"a": "a"}, later_first, tie, 0.5) == {"a": "m"}
    assert pair_similar(later_first, {"a": "a"}, tie, 0.5) == {"m": "a"}


# --- The page and the diff agree ------------------------------------------------------


def _page_pairs(workspace: Workspace, journey: JourneyDocument) -> dict[str, str]:
    """Ideal step id -> the baseline step action the page's dashed curve draws over it."""
    page = journey_page(workspace, journey, site_title="t", today=TODAY)
    columns = [step for stage in page.stages for step in stage.steps]
    assert page.curve.baseline is not None
    pairs: dict[str, str] = {}
    for point in page.curve.baseline.points:
        column = columns[int(point.x // page.column_width)]
        action = point.label.removeprefix("baseline: ").rpartition(": ")[0]
        pairs[column.id] = action
    return pairs


def _diff_pairs(workspace: Workspace, journey: JourneyDocument) -> dict[str, str]:
    """Ideal step id -> the baseline step action diff --baseline pairs it with (those
    with an emotion: the page draws a point only where there is one)."""
    assert journey.baseline is not None
    comparison = compare_journeys(workspace.journeys[journey.baseline], journey)
    if not comparison.journeys:
        return {}
    (pair,) = comparison.journeys
    pairs: dict[str, str] = {}
    for key, new in pair.new_steps.items():
        old = pair.old_steps.get(key)
        if old is not None and isinstance(old.item, Step) and old.item.emotion is not None:
            assert isinstance(new.item, Step)
            pairs[new.item.id or ""] = old.item.action
    return pairs


def _with_baselines() -> list[tuple[str, str]]:
    found = []
    for folder in sorted(EXAMPLES.iterdir()):
        if folder.is_dir():
            workspace = cjm.load_workspace(folder)
            found += [
                (folder.name, journey.id)
                for journey in workspace.journeys.values()
                if journey.baseline
            ]
    return found


def test_the_examples_have_a_baseline_journey() -> None:
    assert ("galeria", "buy-and-have-ideal") in _with_baselines()


@pytest.mark.parametrize(("example", "journey_id"), _with_baselines())
def test_page_and_diff_pair_the_same_steps_in_examples(example: str, journey_id: str) -> None:
    workspace = cjm.load_workspace(EXAMPLES / example)
    journey = workspace.journeys[journey_id]
    pairs = _page_pairs(workspace, journey)
    assert pairs == _diff_pairs(workspace, journey)
    assert pairs  # the comparison is not vacuous


def test_page_and_diff_pair_the_same_steps_when_the_ideal_inserts_a_step(
    tmp_path: Path,
) -> None:
    workspace = cjm.load_workspace(write_shop(tmp_path))
    ideal = workspace.journeys["ideal"]
    expected = {
        "search": "Searches for a lamp",
        "choose": "Chooses the cheaper one",
        "track": "Receives the lamp",  # by baseline_step; advice and unpack: nothing
    }
    assert _page_pairs(workspace, ideal) == expected
    assert _diff_pairs(workspace, ideal) == expected


def _example_journeys() -> list[tuple[str, str]]:
    found = []
    for folder in sorted(EXAMPLES.iterdir()):
        if folder.is_dir():
            workspace = cjm.load_workspace(folder)
            found += [(folder.name, journey_id) for journey_id in workspace.journeys]
    return found


@pytest.mark.parametrize(("example", "journey_id"), _example_journeys())
def test_page_and_diff_agree_on_metric_status(example: str, journey_id: str) -> None:
    """Every metric's status on the page is the one diff records for the same metric,
    seen as a change from a version where every metric had no value."""
    workspace = cjm.load_workspace(EXAMPLES / example)
    journey = workspace.journeys[journey_id]
    empty = journey.model_copy(
        update={
            "stages": tuple(
                stage.model_copy(
                    update={
                        "metrics": tuple(
                            metric.model_copy(update={"value": None, "target": None})
                            for metric in stage.metrics
                        )
                    }
                )
                for stage in journey.stages
            )
        }
    )
    comparison = compare_journeys(empty, journey)
    page = journey_page(workspace, journey, site_title="t", today=TODAY)
    on_page = {
        (stage.id, metric.name): metric.status for stage in page.stages for metric in stage.metrics
    }
    in_diff = {
        (path[1][1], comparison.labels[path]): status_class(status)
        for path, status in comparison.statuses.items()
    }
    changed = {key for key in on_page if key in in_diff}
    assert {key: on_page[key] for key in changed} == in_diff
    # Every metric with a value or a target changed, so each is in the diff.
    metrics = [metric for stage in journey.stages for metric in stage.metrics]
    assert len(in_diff) == sum(m.value is not None or m.target is not None for m in metrics)


def test_a_percent_text_value_has_one_status_on_page_and_in_diff(tmp_path: Path) -> None:
    """``"12%"`` to ``"18%"`` against a 15 % target: an improvement and "met" both."""
    write_shop(tmp_path)
    (tmp_path / "journeys" / "conv.yaml").write_text(
        "cjm: 1\nkind: journey\nid: conv\ntitle: Conversion\npersona: ola\n"
        "stages:\n  - id: buy\n    name: Buy\n    metrics:\n"
        "      - {id: rate, name: Rate, value: '18%', target: '15%'}\n",
        encoding="utf-8",
    )
    workspace = cjm.load_workspace(tmp_path)
    new = workspace.journeys["conv"]
    old = new.model_copy(
        update={
            "stages": (
                new.stages[0].model_copy(
                    update={
                        "metrics": (new.stages[0].metrics[0].model_copy(update={"value": "12%"}),)
                    }
                ),
            )
        }
    )
    comparison = compare_journeys(old, new)
    assert comparison.statuses == {
        (("journey", "conv"), ("stage", "buy"), ("metric", "rate")): MetricStatus.MET
    }
    assert [(c.field, c.effect.value) for c in comparison.changes] == [("value", "improvement")]
    page = journey_page(workspace, new, site_title="t", today=TODAY)
    (metric,) = page.stages[0].metrics
    assert (metric.status, metric.status_text) == ("met", "target met")


INSERTED = """
cjm: 1
kind: persona
id: ola
name: Ola
---
cjm: 1
kind: journey
id: today
title: Today
persona: ola
stages:
  - id: get
    name: Get
    steps:
      - {id: waits, action: Waits for the parcel, emotion: -2}
      - {action: Receives it, emotion: 1}
---
cjm: 1
kind: journey
id: tomorrow
title: Tomorrow
persona: ola
state: ideal
baseline: today
stages:
  - id: get
    name: Get
    steps:
      - {id: tracks, action: Tracks the parcel live, emotion: 2}
      - {id: waits, action: Waits a day at most, emotion: 0}
      - {action: Receives it, emotion: 2}
"""


def test_a_step_inserted_first_gets_no_baseline_point(tmp_path: Path) -> None:
    """The issue's case: by position the baseline's -2 fell on the new first step."""
    (tmp_path / "maps.yaml").write_text(INSERTED, encoding="utf-8")
    workspace = cjm.load_workspace(tmp_path)
    ideal = workspace.journeys["tomorrow"]
    expected = {"waits": "Waits for the parcel", "": "Receives it"}
    assert _page_pairs(workspace, ideal) == expected
    assert _diff_pairs(workspace, ideal) == expected
    page = journey_page(workspace, ideal, site_title="t", today=TODAY)
    assert page.curve.baseline is not None
    assert [point.x for point in page.curve.baseline.points] == [312.0, 520.0]
