"""Diagnostics know their object: the path of ids a lint finding is about.

The expected paths are written by hand from the YAML in each test: ``(kind, key)`` pairs
from the document down, as ``cjm diff`` names objects: an id where the object has one,
else ``~`` and its name, action, description or text in lower case with ``-`` between
words (``-2`` for the second of two alike).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from cjm.diagnostics import (
    Diagnostic,
    Severity,
    object_name,
    sort_diagnostics,
    validation_diagnostic,
)
from cjm.lint import LintSettings, lint_workspace, object_names, object_path
from cjm.loader import Document
from cjm.model import JourneyDocument, PersonaDocument
from cjm.workspace import Workspace, load_workspace
from tests.conftest import run_cli, write

PERSONA = """\
cjm: 1
kind: persona
id: ania
name: Ania
"""

# Stage "purchase" has an id, its second step has none; the second stage has no id.
JOURNEY = """\
cjm: 1
kind: journey
id: buy-and-have
title: Buy and Have
persona: ania
goals:
  - description: More installs
stages:
  - id: purchase
    name: Purchase
    phase: purchase
    steps:
      - id: scans-receipt
        action: Scans the receipt
        emotion: 1
      - action: Waits for points
        emotion: 0
  - name: Later
    phase: post-purchase
"""


def _findings(folder: Path) -> list[tuple[str, str]]:
    workspace = load_workspace(folder)
    return [
        (diagnostic.code, object_name(diagnostic.object_path))
        for diagnostic in lint_workspace(workspace, LintSettings())
    ]


def test_lint_findings_name_their_object(tmp_path: Path) -> None:
    write(tmp_path, "ania.yaml", PERSONA)
    write(tmp_path, "journey.yaml", JOURNEY)

    assert _findings(tmp_path) == [
        ("CJM201", "persona:ania"),
        ("CJM208", "journey:buy-and-have/goal:~more-installs"),
        ("CJM206", "journey:buy-and-have/stage:purchase"),
        ("CJM203", "journey:buy-and-have/stage:purchase/step:scans-receipt"),
        ("CJM209", "journey:buy-and-have/stage:purchase/step:scans-receipt"),
        ("CJM203", "journey:buy-and-have/stage:purchase/step:~waits-for-points"),
        ("CJM209", "journey:buy-and-have/stage:purchase/step:~waits-for-points"),
        ("CJM202", "journey:buy-and-have/stage:~later"),
        ("CJM206", "journey:buy-and-have/stage:~later"),
    ]


def test_a_metric_finding_names_stage_and_metric(tmp_path: Path) -> None:
    write(tmp_path, "ania.yaml", PERSONA)
    journey = JOURNEY.replace(
        "    phase: purchase\n",
        "    phase: purchase\n    metrics:\n      - id: conversion\n        name: Conversion\n",
    )
    write(tmp_path, "journey.yaml", journey)

    found = [item for item in _findings(tmp_path) if item[0] == "CJM207"]

    assert found == [("CJM207", "journey:buy-and-have/stage:purchase/metric:conversion")]


def test_validation_errors_from_loading_name_no_object(tmp_path: Path) -> None:
    """CJM1xx are built where the object is not known yet: they keep the default."""
    write(tmp_path, "ania.yaml", PERSONA + "nmae: typo\n")

    diagnostics = lint_workspace(load_workspace(tmp_path), LintSettings())

    assert [(d.code, d.object_path) for d in diagnostics] == [("CJM102", ())]


NAMED = """\
cjm: 1
kind: journey
id: j
title: T
persona: ania
goals:
  - description: More installs!
  - description: More installs
touchpoints:
  - id: chat
    name: Chat
    mode: online
    operator: human
stages:
  - id: s
    name: S
    steps:
      - action: Looks
        pain_points: [Too slow]
        opportunities:
          - Faster
          - id: cache
            text: Cache
      - id: b
        action: Buys
    metrics:
      - name: Installs
  - name: Second Stage
    steps:
      - action: Looks
    metrics:
      - name: Installs
"""


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        ((), "journey:j"),
        (("goals", 0), "journey:j/goal:~more-installs"),
        (("goals", 1), "journey:j/goal:~more-installs-2"),
        (("touchpoints", 0), "journey:j/touchpoint:chat"),
        (("stages", 1), "journey:j/stage:~second-stage"),
        (("stages", 0, "steps", 0), "journey:j/stage:s/step:~looks"),
        (("stages", 0, "steps", 1), "journey:j/stage:s/step:b"),
        # Steps and metrics are told apart across the journey, as diff does.
        (("stages", 1, "steps", 0), "journey:j/stage:~second-stage/step:~looks-2"),
        (("stages", 0, "metrics", 0), "journey:j/stage:s/metric:~installs"),
        (("stages", 1, "metrics", 0), "journey:j/stage:~second-stage/metric:~installs-2"),
        (
            ("stages", 0, "steps", 0, "opportunities", 0),
            "journey:j/stage:s/step:~looks/opportunity:~faster",
        ),
        (
            ("stages", 0, "steps", 0, "opportunities", 1),
            "journey:j/stage:s/step:~looks/opportunity:cache",
        ),
        # Into a field, or into pain points (no object diff names): the holder.
        (("stages", 0, "phase"), "journey:j/stage:s"),
        (("stages", 0, "steps", 1, "emotion"), "journey:j/stage:s/step:b"),
        (("stages", 0, "steps", 0, "pain_points", 0), "journey:j/stage:s/step:~looks"),
        # A place that does not exist stops there.
        (("stages", 5, "steps", 0), "journey:j"),
    ],
)
def test_object_path(loc: tuple[str | int, ...], expected: str) -> None:
    document = JourneyDocument.model_validate(yaml.safe_load(NAMED))

    assert object_name(object_path(document, loc, object_names(document))) == expected


def test_other_documents_are_named_by_kind_and_id() -> None:
    persona = PersonaDocument.model_validate(yaml.safe_load(PERSONA))

    assert object_names(persona) == {}
    assert object_path(persona, (), {}) == (("persona", "ania"),)
    assert object_path(persona, ("goals", 0), {}) == (("persona", "ania"),)


def test_object_name() -> None:
    assert object_name((("journey", "j"), ("stage", "s"), ("step", "~looks"))) == (
        "journey:j/stage:s/step:~looks"
    )
    assert object_name(()) == ""


def test_constructors_without_an_object_keep_working() -> None:
    plain = Diagnostic("a.yaml", 1, 1, "CJM203", Severity.WARNING, "m", "r")
    built = validation_diagnostic("CJM102", "bad\nvalue", path="a.yaml", line=1, column=1)
    named = validation_diagnostic(
        "CJM104",
        "m",
        path="a.yaml",
        line=2,
        column=3,
        object_path=(("journey", "j\n"), ("step", "a")),
    )

    assert plain.object_path == ()
    assert built.object_path == ()
    assert built.message == "bad\\nvalue"
    assert named.object_path == (("journey", "j\\n"), ("step", "a"))


def test_sorting_is_the_same_whatever_the_input_order() -> None:
    """Two findings alike but for their object still sort one way (GitLab numbers
    identical findings in report order)."""
    first = Diagnostic("a.yaml", 1, 1, "C", Severity.INFO, "m", "r", object_path=(("j", "a"),))
    second = Diagnostic("a.yaml", 1, 1, "C", Severity.INFO, "m", "r", object_path=(("j", "b"),))

    assert sort_diagnostics([second, first]) == [first, second]
    assert sort_diagnostics([first, second]) == [first, second]


def _documents(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Workspace, dict[str, Document]]:
    monkeypatch.chdir(folder)
    workspace = load_workspace(".")
    return workspace, {entry.document.display_path: entry.document for entry in workspace.entries}


def test_lint_releases_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workspace may be shared with what runs next: lint only reads it."""
    write(tmp_path, "ania.yaml", PERSONA)
    write(tmp_path, "journey.yaml", JOURNEY)
    workspace, _ = _documents(tmp_path, monkeypatch)

    def refuse(self: Document) -> None:
        raise AssertionError(f"lint released {self.display_path}")

    monkeypatch.setattr(Document, "release", refuse)

    assert len(lint_workspace(workspace, LintSettings())) == 9


def test_lint_keeps_the_nodes_its_caller_composed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "ania.yaml", PERSONA)
    write(tmp_path, "journey.yaml", JOURNEY)
    workspace, documents = _documents(tmp_path, monkeypatch)
    nodes = documents["journey.yaml"].node

    diagnostics = lint_workspace(workspace, LintSettings())

    assert documents["journey.yaml"].has_nodes
    assert documents["journey.yaml"].node is nodes
    assert len(diagnostics) == 9


def test_lint_and_diff_name_an_object_without_id_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second step has no id; a diff that changes its emotion and lint's finding on
    it give one path."""
    for folder, emotion in (("old", "0"), ("new", "-1")):
        write(tmp_path / folder, "ania.yaml", PERSONA)
        write(
            tmp_path / folder, "journey.yaml", JOURNEY.replace("emotion: 0", f"emotion: {emotion}")
        )
    monkeypatch.chdir(tmp_path)

    result = run_cli("diff", "old", "new", "--format", "json")
    changes = [(c["path"], c["field"]) for c in json.loads(result.stdout)["changes"]]
    findings = {
        object_name(d.object_path)
        for d in lint_workspace(load_workspace("new"), LintSettings())
        if d.code == "CJM203"
    }

    step = "journey:buy-and-have/stage:purchase/step:~waits-for-points"
    assert changes == [(step, "emotion")]
    assert findings == {"journey:buy-and-have/stage:purchase/step:scans-receipt", step}
