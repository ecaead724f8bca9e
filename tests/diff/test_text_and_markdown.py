"""Text and Markdown say why a change is an improvement or a regression, show a
rename as one neutral change, and count every journey's changes as JSON does."""

from __future__ import annotations

import json

from syrupy.assertion import SnapshotAssertion

from cjm.diff import DiffFormat, Effect, Op
from cjm.diff.change import Change
from cjm.diff.compare import Comparison
from cjm.diff.formats import render
from cjm.diff.words import Counts, journey_counts

JOURNEY = (("journey", "visit"),)
STAGE = (*JOURNEY, ("stage", "queue"))
STEP = (*STAGE, ("step", "queues"))
PERSONA = (("persona", "ania"),)
FELL = "emotion at 'queues' fell from -1 to -2"


def _comparison() -> Comparison:
    """A renamed journey and step, one regression with its reason, one neutral change
    whose reason says no verdict, and a renamed persona."""
    changes = [
        Change(Op.RENAMED, "journey", JOURNEY, "id", "check-up", "visit", reason="renamed"),
        Change(Op.RENAMED, "step", STEP, "id", "waits", "queues"),
        Change(Op.CHANGED, "step", STEP, "emotion", -1, -2, Effect.REGRESSION, FELL),
        Change(Op.CHANGED, "step", STEP, "action", "Waits", "Queues", reason="not judged"),
        Change(Op.ADDED, "step", STEP, "evidence", None, "survey", Effect.IMPROVEMENT),
        Change(Op.RENAMED, "persona", PERSONA, "id", "anna", "ania"),
    ]
    labels = {JOURNEY: "Yearly visit", STAGE: "Queue", STEP: "Queues at the desk", PERSONA: "Ania"}
    return Comparison(changes, labels)


def test_text_says_why_and_shows_renames(snapshot: SnapshotAssertion) -> None:
    text = render(_comparison(), DiffFormat.TEXT)
    lines = text.splitlines()
    assert f"        ├── ~ emotion: -1 → -2  ▼ regression: {FELL}" in lines
    assert '        ├── ~ action: "Waits" → "Queues"' in lines  # a neutral reason is not shown
    assert '        └── + evidence added: "survey"  ▲ improvement' in lines  # no reason given
    assert "        ├── → step renamed: waits → queues" in lines
    assert "└── → persona renamed: anna → ania" in lines
    assert text == snapshot


def test_markdown_lists_the_regressions_first_and_the_renames(snapshot: SnapshotAssertion) -> None:
    markdown = render(_comparison(), DiffFormat.MARKDOWN)
    lines = markdown.splitlines()
    assert lines[2] == "`old` → `new` · **6 changes: 1 improvement, 1 regression, 4 neutral**"
    assert lines[4:10] == [
        "> [!WARNING]",
        "> 1 change makes a journey worse for the customer.",
        "",
        "**Regressions**",
        "",
        f"- **Yearly visit** · Queue → *Queues at the desk*: {FELL}",
    ]
    assert "### Yearly visit · `visit` (renamed from `check-up`)" in lines
    assert "**5 changes**: 1 improvement, 1 regression, 3 neutral" in lines
    assert lines[lines.index("**Renamed**") + 2] == (
        "- Queue → *Queues at the desk*: step `waits` → `queues`"
    )
    assert f"- ✏️ `stage:queue/step:queues`: emotion: -1 → -2 — 🔴 regression: {FELL}" in lines
    assert "- 🏷️ `persona:ania`: persona renamed: anna → ania" in lines
    assert markdown == snapshot


def test_every_format_counts_with_one_function() -> None:
    compared = _comparison()
    document = json.loads(render(compared, DiffFormat.JSON))
    assert (
        document["summary"]
        == Counts.of(compared.changes).as_json()
        == {
            "changes": 6,
            "improvements": 1,
            "regressions": 1,
            "neutral": 4,
        }
    )
    assert document["journeys"] == {
        "visit": {"changes": 5, "improvements": 1, "regressions": 1, "neutral": 3}
    }
    assert {key: counts.as_json() for key, counts in journey_counts(compared.changes).items()} == (
        document["journeys"]
    )


def test_journeys_are_keyed_by_id_in_order() -> None:
    changes = [
        Change(Op.CHANGED, "journey", (("journey", key),), "title", "A", "B")
        for key in ("zeta", "alpha", "zeta")
    ]
    assert list(journey_counts(changes)) == ["alpha", "zeta"]
    assert journey_counts(changes)["zeta"] == Counts(changes=2, neutral=2)
    assert journey_counts([]) == {}
