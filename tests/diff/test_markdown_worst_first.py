"""The Markdown report lists the regressions worst first, so a report cut to its budget
still names the worst of them and counts the rest (issue 19: with 2,434 regressions the
default budget lists 328; those must be the ones a reviewer most needs to see)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cjm.diff import Effect, Op
from cjm.diff.change import Change
from cjm.diff.markdown import MarkdownReport, format_markdown, regression_weight, worst_first
from cjm.diff.pipeline import MIN_MAX_CHARS
from cjm.model import CjmDocument
from tests.diff.models import comparison, journey, stage, step

MORE_REGRESSIONS = re.compile(r"^- … and (\d+) more regressions?: ", re.MULTILINE)
WARNING = re.compile(r"^> (\d+) changes? makes? a journey worse for the customer\.$", re.MULTILINE)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "diff.md"


def _regression(kind: str, field: str | None, old: Any, new: Any, op: Op = Op.CHANGED) -> Change:
    path = (("journey", "j"), ("stage", "s"), ("step", "x"))
    return Change(op, kind, path, field, old, new, effect=Effect.REGRESSION)


@pytest.mark.parametrize(
    ("change", "weight"),
    [
        (_regression("step", "emotion", 2, -2), 4),
        (_regression("step", "emotion", 1, -2), 3),
        (_regression("step", "emotion", 0, -2), 2),
        (_regression("step", "emotion", 0, -1), 1),
        (_regression("step", "pain_points", None, {"text": "t", "severity": "high"}, Op.ADDED), 3),
        (_regression("step", "pain_points", None, "no severity", Op.ADDED), 2),
        (_regression("step", "pain_points", None, {"text": "t", "severity": "low"}, Op.ADDED), 1),
        (
            _regression(
                "step",
                "pain_points",
                {"text": "t", "severity": "low"},
                {"text": "t", "severity": "medium"},
            ),
            2,
        ),
        (_regression("step", None, None, {"action": "A", "emotion": -2}, Op.ADDED), 2),
        (_regression("step", None, {"action": "A", "emotion": 1}, None, Op.REMOVED), 1),
        (_regression("step", "touchpoint", "atm", None, Op.REMOVED), 1),
        (_regression("metric", "value", 10, 14), 1),
        (_regression("opportunity", "status", "done", "idea"), 1),
        (_regression("opportunity", None, {"text": "o", "impact": "high"}, None, Op.REMOVED), 1),
    ],
    ids=lambda value: "" if isinstance(value, int) else f"{value.kind}-{value.field}-{value.op}",
)
def test_each_regression_weighs_what_it_does_to_the_customer(change: Change, weight: int) -> None:
    assert regression_weight(change) == weight


def test_what_is_not_a_regression_weighs_nothing() -> None:
    better = Change(Op.CHANGED, "step", (("journey", "j"),), "emotion", -2, 2, Effect.IMPROVEMENT)
    neutral = Change(Op.CHANGED, "step", (("journey", "j"),), "name", "a", "b")
    assert regression_weight(better) == regression_weight(neutral) == 0


def test_equal_weights_keep_the_map_order() -> None:
    changes = [_regression("metric", "value", index, index + 1) for index in range(5)]
    assert worst_first(changes) == changes


def _mixed() -> tuple[list[CjmDocument], list[CjmDocument]]:
    """One journey whose regressions come, in the map's order, lightest first: a lost
    touchpoint, a low pain point, an emotion that fell by 1 (each weighs 1), a high pain
    point (3), an emotion that fell from +2 to -2 (4)."""
    old = journey(
        [
            stage(
                "visit",
                step("a", "Finds the shop", touchpoint=["web", "atm"]),
                step("b", "Reads the menu"),
                step("c", "Orders", emotion=0),
                step("d", "Pays"),
                step("e", "Waits", emotion=2),
            )
        ]
    )
    new = journey(
        [
            stage(
                "visit",
                step("a", "Finds the shop", touchpoint=["web"]),
                step("b", "Reads the menu", pain_points=[{"text": "Small", "severity": "low"}]),
                step("c", "Orders", emotion=-1),
                step("d", "Pays", pain_points=[{"text": "Card declined", "severity": "high"}]),
                step("e", "Waits", emotion=-2),
            )
        ]
    )
    return [old], [new]


def test_the_report_lists_the_regressions_worst_first() -> None:
    compared = comparison(*_mixed())
    lines = MarkdownReport.of(compared).regressions
    reasons = [line.split(": ", 1)[1] for line in lines]
    assert reasons == [
        "emotion at 'e' fell from +2 to -2",
        "new pain point at 'd': \"Card declined\"",  # high
        # the rest weigh 1 each, and keep the map's order
        "step 'a' lost touchpoint 'atm'",
        "new pain point at 'b': \"Small\"",  # low
        "emotion at 'c' fell from 0 to -1",
    ]


def _many_light_and_one_heavy(count: int) -> tuple[list[CjmDocument], list[CjmDocument]]:
    """``count`` journeys whose one step lost a touchpoint, then one journey, last in the
    map, whose step fell from +2 to -2."""
    old: list[CjmDocument] = []
    new: list[CjmDocument] = []
    for index in range(count):
        fields = {"id": f"j{index:03}", "title": f"Journey {index}"}
        old.append(journey([stage("s", step("x", touchpoint=["web", "atm"]))], **fields))
        new.append(journey([stage("s", step("x", touchpoint=["web"]))], **fields))
    last = {"id": "zz-worst", "title": "The worst"}
    old.append(journey([stage("s", step("x", "Waits", emotion=2))], **last))
    new.append(journey([stage("s", step("x", "Waits", emotion=-2))], **last))
    return old, new


def test_a_cut_report_keeps_the_worst_and_counts_every_regression() -> None:
    compared = comparison(*_many_light_and_one_heavy(200))
    text = format_markdown(compared, max_chars=MIN_MAX_CHARS)
    assert len(text) <= MIN_MAX_CHARS
    warning = WARNING.search(text)
    assert warning is not None and int(warning.group(1)) == 201  # every regression counted
    listed = text.split("**Regressions**\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert listed[0] == "- **The worst** · S → *Waits*: emotion at 'x' fell from +2 to -2"
    more = MORE_REGRESSIONS.search(text)
    assert more is not None
    assert int(more.group(1)) == 201 - (len(listed) - 1)  # the listed ones, then the rest
    assert 1 < len(listed) - 1 < 200


def test_docs_say_what_a_cut_report_keeps() -> None:
    """docs/diff.md once said every regression stays in a cut report; the count does, the
    list holds as many as fit, worst first."""
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    assert "The summary and every regression always stay" not in text
    assert "as many as fit, worst first" in text
    assert "FORMAT.md" not in text  # users have docs/format.md, not the contract
