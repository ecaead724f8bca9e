"""Which metric a goal measures has one answer, :meth:`JourneyDocument.metric_of`, that
the page, the report, the roll-ups and CJM216 share (issue 20 item 1, goal → metric)."""

from __future__ import annotations

from typing import Any

import pytest

from cjm.model import Goal, JourneyDocument


def _journey(goals: list[dict[str, Any]]) -> JourneyDocument:
    return JourneyDocument.model_validate(
        {
            "cjm": 1,
            "kind": "journey",
            "id": "visit",
            "title": "Visit",
            "persona": "ana",
            "goals": goals,
            "stages": [
                {"id": "ask", "name": "Ask", "metrics": [{"id": "asked", "name": "Asked"}]},
                {"id": "wait", "name": "Wait", "metrics": [{"name": "Without id"}]},
                {
                    "id": "answer",
                    "name": "Answer",
                    "metrics": [
                        {"id": "answered", "name": "Answered", "value": 3, "target": 5},
                        {"id": "asked", "name": "Asked again"},  # CJM103; the last wins
                    ],
                },
            ],
        }
    )


@pytest.mark.parametrize(
    ("metric", "name"),
    [
        ("answered", "Answered"),  # a metric of a later stage than the first
        ("asked", "Asked again"),  # a repeated id: the last, as a table by id gave
        ("unknown", None),  # CJM104 reports it; nothing measures the goal
        (None, None),  # CJM208 reports it
    ],
)
def test_metric_of(metric: str | None, name: str | None) -> None:
    journey = _journey([{"description": "Answer faster", "metric": metric}])
    found = journey.metric_of(journey.goals[0])
    assert (found.name if found else None) == name


def test_metric_of_a_goal_that_is_not_the_journeys_own() -> None:
    """A goal is looked up by the id it names, so a copy (as diff makes) finds the same."""
    journey = _journey([])
    found = journey.metric_of(Goal(description="Copied", metric="answered"))
    assert found is journey.stages[2].metrics[0]
