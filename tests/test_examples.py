"""The bundled examples are the demo: they validate clean, one by one and together."""

from __future__ import annotations

import pytest

import cjm
from tests.conftest import EXAMPLES, run_cli

WORKSPACES = sorted(path for path in EXAMPLES.iterdir() if (path / "cjm.yaml").is_file())


@pytest.mark.parametrize("workspace", WORKSPACES, ids=lambda path: path.name)
def test_example_validates_clean(workspace) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("validate", str(workspace))
    assert result.status == 0, result.stdout
    loaded = cjm.load_workspace(workspace)
    assert loaded.journeys and loaded.personas and loaded.touchpoints


def test_all_examples_together() -> None:
    result = run_cli("validate", str(EXAMPLES))
    assert result.status == 0, result.stdout


def test_galeria_has_the_case_study() -> None:
    workspace = cjm.load_workspace(EXAMPLES / "galeria")
    assert workspace.personas["ania"].name == "Ania"
    journey = workspace.journeys["buy-and-have"]
    stage_ids = [stage.id for stage in journey.stages]
    assert stage_ids == [
        "sensitization",
        "consideration",
        "registration",
        "customer-service",
        "loyalty",
    ]
    ideal = [j for j in workspace.journeys.values() if j.baseline == "buy-and-have"]
    assert ideal and ideal[0].state == "ideal"
    modes = {t.mode for t in workspace.touchpoints.values()}
    operators = {t.operator for t in workspace.touchpoints.values()}
    assert modes == {"online", "offline"}
    assert "human" in operators or "hybrid" in operators


def test_clinic_has_four_segments_each_with_persona_and_journey() -> None:
    workspace = cjm.load_workspace(EXAMPLES / "clinic")
    assert len(workspace.segments) == 4
    for segment in workspace.segments:
        personas = [p for p in workspace.personas.values() if p.segment == segment]
        journeys = [j for j in workspace.journeys.values() if j.segment == segment]
        assert personas and journeys, segment


def test_the_repository_itself_validates_clean() -> None:
    """The root cjm.yaml keeps deliberately broken test YAML out of a plain `cjm validate`."""
    from tests.conftest import REPO

    result = run_cli("validate", str(REPO))
    assert result.status == 0, result.stdout
