"""cjm.matching: one step matching for the page's baseline curve and for diff.

The rule is id, then ``baseline_step`` (against a baseline only), then the text key of
steps without id; never position. The agreement tests read what each side shows (the
page's baseline points, diff's step keys and metric statuses) and demand the same pairs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import cjm
from cjm.diff.compare import compare_journeys
from cjm.matching import aligned_keys, derived_key, match_steps
from cjm.measures import MetricStatus, status_class
from cjm.model import JourneyDocument, Step
from cjm.render.view import journey_page
from cjm.workspace import Workspace
from tests.conftest import EXAMPLES
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


# --- The page and the diff agree ------------------------------------------------------


def _page_pairs(workspace: Workspace, journey: JourneyDocument) -> dict[str, str]:
    """Ideal step id -> the baseline step action the page's dashed curve draws over it."""
    page = journey_page(workspace, journey, site_title="t")
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
    page = journey_page(workspace, journey, site_title="t")
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
    page = journey_page(workspace, new, site_title="t")
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
    page = journey_page(workspace, ideal, site_title="t")
    assert page.curve.baseline is not None
    assert [point.x for point in page.curve.baseline.points] == [312.0, 520.0]
