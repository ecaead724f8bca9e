"""The diff formats only format one comparison: a registry entry for every format,
one answer for a pain point's new severity in every format, and invalid input carried
by the JSON format."""

from __future__ import annotations

import json
from pathlib import Path

from cjm import commands
from cjm.diff import DiffFormat
from cjm.diff.change import Change, group, path_text
from cjm.diff.formats import formatter_for
from tests.diff.conftest import JOURNEY, write_workspace

MEDIUM = JOURNEY.replace(
    "pain_points: [Waits on hold]", "pain_points: [{text: Waits on hold, severity: medium}]"
)
SEVERE = MEDIUM.replace("severity: medium", "severity: high")
REASON = "pain point at 'calls' worsened from medium to high"


def test_every_format_has_a_formatter() -> None:
    names = {output_format: formatter_for(output_format).__name__ for output_format in DiffFormat}
    assert names == {
        DiffFormat.TEXT: "format_text",
        DiffFormat.MARKDOWN: "format_markdown",
        DiffFormat.JSON: "format_json",
        DiffFormat.HTML: "format_html",
    }


def _sides(tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    write_workspace(tmp_path / "old", old)
    write_workspace(tmp_path / "new", new)
    return str(tmp_path / "old"), str(tmp_path / "new")


def test_a_new_severity_is_one_changed_pain_point_in_every_format(tmp_path: Path) -> None:
    old, new = _sides(tmp_path, MEDIUM, SEVERE)
    as_json = json.loads(commands.diff(old, new, output_format=DiffFormat.JSON).output)
    assert as_json["changes"] == [
        {
            "op": "changed",
            "kind": "step",
            "path": "journey:checkup/stage:booking/step:calls",
            "field": "pain_points",
            "old": {"text": "Waits on hold", "severity": "medium"},
            "new": {"text": "Waits on hold", "severity": "high"},
            "effect": "regression",
            "reason": REASON,
        }
    ]
    assert as_json["journeys"] == {
        "checkup": {"changes": 1, "improvements": 0, "neutral": 0, "regressions": 1}
    }
    text = commands.diff(old, new).output
    assert f'~ pain point "Waits on hold": severity medium → high  ▼ regression: {REASON}' in text
    html = commands.diff(old, new, output_format=DiffFormat.HTML).output
    assert '<span class="mark changed">Waits on hold (medium → high)</span>' in html
    assert '<span class="mark added">Waits on hold' not in html
    assert '<span class="mark removed">Waits on hold' not in html
    markdown = commands.diff(old, new, output_format=DiffFormat.MARKDOWN).output
    assert "| Pain points | 0 | 0 | 1 |" in markdown
    assert f"- **Yearly check-up** · Booking → *Calls the clinic*: {REASON}" in markdown
    assert f"severity medium → high — 🔴 regression: {REASON}" in markdown


def test_invalid_side_in_json_is_a_json_object_with_the_errors(tmp_path: Path) -> None:
    old, new = _sides(tmp_path, JOURNEY, JOURNEY.replace("persona: marta", "persona: nobody"))
    outcome = commands.diff(old, new, output_format=DiffFormat.JSON)
    assert outcome.status == 1
    document = json.loads(outcome.output)
    assert document["changes"] == []
    assert document["summary"] == {"changes": 0, "improvements": 0, "neutral": 0, "regressions": 0}
    assert document["journeys"] == {}
    (error,) = document["errors"]
    assert (error["line"], error["column"], error["code"]) == (5, 10, "CJM104")
    assert error["message"] == "unknown persona 'nobody'"
    assert error["path"].endswith("checkup.yaml")
    assert error["side"] == new
    # The same lines as every other format on stderr.
    assert outcome.error.splitlines()[0].endswith(
        "checkup.yaml:5:10: CJM104 error: unknown persona 'nobody'"
    )
    text = commands.diff(old, new)
    assert (text.status, text.output) == (1, "")
    assert text.error == outcome.error


def test_changes_are_grouped_by_journey_stage_and_step() -> None:
    from cjm.diff import Op

    step = (("journey", "j"), ("stage", "s"), ("step", "a"))
    changes = [
        Change(Op.CHANGED, "journey", (("journey", "j"),), "title", "A", "B"),
        Change(Op.CHANGED, "step", step, "emotion", -1, 1),
        Change(Op.ADDED, "step", (*step[:2], ("step", "b")), None, None, {"action": "B"}),
        Change(Op.CHANGED, "persona", (("persona", "p"),), "name", "P", "Q"),
    ]
    root = group(changes)
    assert list(root.children) == [("journey", "j"), ("persona", "p")]
    journey = root.children[("journey", "j")]
    assert [c.field for c in journey.fields] == ["title"]
    stage = journey.children[("stage", "s")]
    assert list(stage.children) == [("step", "a"), ("step", "b")]
    assert stage.children[("step", "b")].whole is changes[2]
    assert journey.changes() == changes[:3]
    assert journey.find(("stage", "s"), ("step", "a")) is stage.children[("step", "a")]
    assert path_text(step) == "journey:j/stage:s/step:a"


def test_the_diff_page_and_the_map_pages_share_jinja_settings() -> None:
    """One factory: both load templates from their package (zip installs work) with one
    set of settings: autoescape, undefined names as errors, whitespace as written."""
    import jinja2

    from cjm.html_templates import environment

    for env in (environment("cjm.diff"), environment("cjm.render")):
        assert isinstance(env.loader, jinja2.PackageLoader)
        assert env.undefined is jinja2.StrictUndefined
        assert (env.autoescape, env.trim_blocks, env.lstrip_blocks) == (True, False, False)
        assert env.keep_trailing_newline is True
