"""docs/format.md: generated from the models' JSON schema, complete, and current."""

from __future__ import annotations

import re

import pytest

from cjm.docs.format import SECTIONS, anchor, definitions, format_reference
from cjm.model import ID_PATTERN
from tests.conftest import EXAMPLES, REPO

PAGE = format_reference(EXAMPLES)


def _section(heading: str) -> str:
    """The text under one heading, up to the next heading."""
    match = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#|\Z)", PAGE, re.M | re.S)
    assert match, heading
    return match.group(1)


def _rows(heading: str) -> dict[str, list[str]]:
    """``{field: [type, required, description, example]}`` of one section's table."""
    rows = {}
    for line in _section(heading).splitlines():
        match = re.match(r"^\| `(\w+)` \| (.*) \|$", line)
        if match:
            rows[match.group(1)] = re.split(r"(?<!\\) \| ", match.group(2))
    return rows


def test_docs_format_md_is_up_to_date() -> None:
    committed = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    assert committed == PAGE, "docs/format.md is stale: run `.venv/bin/python -m cjm.docs`"


def test_every_object_of_the_schema_has_a_section_with_every_field() -> None:
    objects = {
        name: definition
        for name, definition in definitions().items()
        if "properties" in definition or "anyOf" in definition
    }
    assert sorted(objects) == sorted(name for name, _, _ in SECTIONS)
    for name, heading, _ in SECTIONS:
        definition = objects[name]
        for option in definition.get("anyOf", ()):
            if option.get("type") == "object":
                definition = option
        assert list(_rows(heading)) == list(definition["properties"]), heading


def test_every_field_has_a_type_a_description_and_an_example() -> None:
    for _, heading, _ in SECTIONS:
        for field, cells in _rows(heading).items():
            assert len(cells) == 4, (heading, field, cells)
            assert all(cell.strip() for cell in cells), (heading, field, cells)


def test_the_contract_values_are_stated() -> None:
    step = _rows("step")
    assert step["emotion"][:2] == ["integer from -2 to 2", "optional"]
    assert step["action"][1] == "required"
    assert step["touchpoint"][0] == "id of a touchpoint, or a list of them"
    assert step["baseline_step"][0] == "id of a baseline step, or a list of them"
    assert step["pain_points"][0] == "list of text or [pain point](#pain-point)"
    assert _rows("opportunity")["status"][0] == ("one of `idea`, `planned`, `in-progress`, `done`")
    metric = _rows("metric")
    assert metric["better"][:2] == ["one of `higher`, `lower`", "optional, default `higher`"]
    assert metric["unit"][0] == (
        "one of `count`, `percent`, `currency`, `score`, `seconds`, `text`"
    )
    assert metric["value"][0] == "number or text"
    journey = _rows("journey")
    assert journey["stages"][:2] == ["list of [stage](#stage), at least 1", "required"]
    assert journey["state"][1] == "optional, default `current`"
    assert journey["id"][0] == "[id](#ids), not `index`"
    assert journey["persona"][:2] == ["id of a persona", "required"]
    touchpoint = _rows("touchpoint")
    assert touchpoint["mode"][:2] == ["one of `online`, `offline`", "required"]
    assert touchpoint["operator"][0] == "one of `human`, `automated`, `hybrid`"
    assert _rows("segment")["share"][0] == "number from 0 to 1"
    assert _rows("goal")["due"][0] == "date `YYYY-MM-DD`"
    assert _rows("lint")["severity"][0] == "mapping of text to one of `error`, `warning`, `info`"
    assert f"match `{ID_PATTERN}`" in PAGE


def test_examples_are_values_from_the_example_maps() -> None:
    # The shortest value of each field in examples/, as a user writes it in YAML.
    assert _rows("step")["emotion"][3] in {"`-2`", "`-1`", "`0`", "`1`", "`2`"}
    assert _rows("goal")["due"][3] == "`2027-06-30`"
    assert _rows("cjm.yaml")["exclude"][3] == "`[drafts/**]`"
    assert _rows("cjm.yaml")["lint"][3] == "see [lint](#lint)"


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("cjm.yaml", "cjmyaml"),
        ("pain point", "pain-point"),
        ("inline touchpoint", "inline-touchpoint"),
    ],
)
def test_anchors_are_githubs(heading: str, expected: str) -> None:
    assert anchor(heading) == expected
    assert f"(#{expected})" in PAGE
