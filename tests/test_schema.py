"""The committed JSON Schemas match the models, and other validators accept the examples."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from cjm.schema import render_schemas, stale_schemas
from tests.conftest import EXAMPLES, REPO, run_cli

SCHEMAS = REPO / "schemas"
EXAMPLE_FILES = sorted(
    path for path in EXAMPLES.rglob("*.yaml") if path.name not in ("cjm.yaml", "cjm.yml")
)


def test_there_are_examples_to_check() -> None:
    # The example checks below would pass on an empty list: every example folder counts
    # (but examples/ci, which holds CI recipes: other tools' YAML, not maps).
    folders = sorted(
        path.name for path in EXAMPLES.iterdir() if path.is_dir() and path.name != "ci"
    )
    assert folders
    assert sorted({path.relative_to(EXAMPLES).parts[0] for path in EXAMPLE_FILES}) == folders


def test_committed_schemas_are_current() -> None:
    stale = stale_schemas(SCHEMAS)
    assert not stale, f"run `cjm schema` and commit: {stale} differ from the models"


def test_schema_command_writes_every_kind(tmp_path: Path) -> None:
    result = run_cli("schema", "--out", str(tmp_path))
    assert result.status == 0
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == sorted(render_schemas())
    assert {
        "persona.schema.json",
        "segment.schema.json",
        "touchpoint.schema.json",
        "journey.schema.json",
        "cjm.schema.json",
    } == set(names)
    assert run_cli("schema", "--out", str(tmp_path), "--check").status == 0


def test_dispatching_schema_names_every_kind() -> None:
    schema = json.loads((SCHEMAS / "cjm.schema.json").read_text())
    kinds = [rule["if"]["properties"]["kind"]["const"] for rule in schema["allOf"]]
    assert kinds == ["persona", "segment", "touchpoint", "journey"]


def test_check_jsonschema_accepts_every_example(tmp_path: Path) -> None:
    # check-jsonschema reads one document a file: split multi-document examples.
    files: list[Path] = []
    for path in EXAMPLE_FILES:
        documents = re.split(r"(?m)^---[ \t]*$", path.read_text(encoding="utf-8"))
        if len(documents) == 1:
            files.append(path)
            continue
        for index, document in enumerate(documents):
            part = tmp_path / f"{path.stem}-{index}.yaml"
            part.write_text(document, encoding="utf-8")
            files.append(part)
    checker = Path(sys.executable).parent / "check-jsonschema"
    completed = subprocess.run(
        [str(checker), "--schemafile", str(SCHEMAS / "cjm.schema.json"), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_check_jsonschema_rejects_a_bad_document(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("cjm: 1\nkind: persona\nid: ania\nname: Ania\ncolour: red\n")
    checker = Path(sys.executable).parent / "check-jsonschema"
    completed = subprocess.run(
        [str(checker), "--schemafile", str(SCHEMAS / "cjm.schema.json"), str(bad)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 1


def test_examples_point_editors_at_the_schema() -> None:
    for path in EXAMPLE_FILES:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (SCHEMAS / "cjm.schema.json").resolve(), path
