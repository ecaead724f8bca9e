"""Diagnostics know their object: the path of ids a lint finding is about.

The expected paths are written by hand from the YAML in each test: ``(kind, key)`` pairs
from the document down, an id where the object has one and ``#N`` (its place in its
list, from 1) where it has none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm.diagnostics import (
    Diagnostic,
    ObjectPath,
    Severity,
    object_name,
    object_path_of,
    sort_diagnostics,
    validation_diagnostic,
)
from cjm.lint import LintSettings, lint_workspace
from cjm.loader import Document
from cjm.workspace import Workspace, load_workspace
from tests.conftest import write

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
        ("CJM208", "journey:buy-and-have/goal:#1"),
        ("CJM206", "journey:buy-and-have/stage:purchase"),
        ("CJM203", "journey:buy-and-have/stage:purchase/step:scans-receipt"),
        ("CJM209", "journey:buy-and-have/stage:purchase/step:scans-receipt"),
        ("CJM203", "journey:buy-and-have/stage:purchase/step:#2"),
        ("CJM209", "journey:buy-and-have/stage:purchase/step:#2"),
        ("CJM202", "journey:buy-and-have/stage:#2"),
        ("CJM206", "journey:buy-and-have/stage:#2"),
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


class _Item:
    def __init__(self, identifier: str | None = None, **lists: list[_Item]) -> None:
        self.id = identifier
        for name, items in lists.items():
            setattr(self, name, items)


class _Document(_Item):
    kind = "journey"


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        ((), (("journey", "j"),)),
        (("stages", 1), (("journey", "j"), ("stage", "#2"))),
        (("stages", 0, "steps", 1), (("journey", "j"), ("stage", "s"), ("step", "b"))),
        (("stages", 0, "steps", 0), (("journey", "j"), ("stage", "s"), ("step", "#1"))),
        # Into a field: the object that holds it.
        (("stages", 0, "phase"), (("journey", "j"), ("stage", "s"))),
        (("stages", 0, "steps", 1, "emotion"), (("journey", "j"), ("stage", "s"), ("step", "b"))),
        # Pain points are not objects diff names: a finding there is about its step.
        (
            ("stages", 0, "steps", 1, "pain_points", 0),
            (("journey", "j"), ("stage", "s"), ("step", "b")),
        ),
        # A place that does not exist (the model changed under a stale loc) stops there.
        (("stages", 5, "steps", 0), (("journey", "j"),)),
    ],
)
def test_object_path_of(loc: tuple[str | int, ...], expected: ObjectPath) -> None:
    step_without_id = _Item(None)
    step_b = _Item("b", pain_points=[_Item(None)])
    stage = _Item("s", steps=[step_without_id, step_b])
    document = _Document("j", stages=[stage, _Item(None, steps=[])])

    assert object_path_of(document, loc) == expected


def test_a_document_without_kind_or_id_has_no_object_path() -> None:
    assert object_path_of(_Item("x"), ()) == ()
    assert object_path_of(_Document(None), ("stages", 0)) == ()


def test_object_name() -> None:
    assert object_name((("journey", "j"), ("stage", "s"), ("step", "#2"))) == (
        "journey:j/stage:s/step:#2"
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
