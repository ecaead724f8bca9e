"""A workspace read from bytes (a git revision) follows exactly the rules of the disk."""

from __future__ import annotations

from pathlib import Path

import cjm
from cjm.loader import MAX_FILE_BYTES
from cjm.workspace import load_workspace_from_memory
from tests.conftest import EXAMPLES


def _files(folder: Path) -> dict[str, bytes | int]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_examples_read_from_memory_equal_the_disk() -> None:
    for name in ("galeria", "clinic", "first-draft"):
        folder = EXAMPLES / name
        disk = cjm.load_workspace(folder)
        memory = load_workspace_from_memory(_files(folder), display_prefix="REV:")
        assert memory.journeys == disk.journeys
        assert memory.personas == disk.personas
        assert memory.touchpoints == disk.touchpoints
        assert memory.config == disk.config
        assert memory.scope_files == disk.scope_files


def test_discovery_rules_and_display_paths() -> None:
    files: dict[str, bytes | int] = {
        "cjm.yaml": b"cjm: 1\nexclude: [drafts/**, '*.tmp.yaml']\n",
        "maps/p.yaml": b"cjm: 1\nkind: persona\nid: a\nname: A\ncolour: red\n",
        "maps/j.yaml": b"cjm: 1\nkind: journey\nid: j\ntitle: T\npersona: b\nstages: [{name: S}]\n",
        "maps/x.tmp.yaml": b"broken: [",
        "drafts/q.yaml": b"broken: [",
        ".github/workflow.yaml": b"on: push\n",
        "other/p2.yaml": b"cjm: 1\nkind: persona\nid: b\nname: B\n",
        "maps/huge.yaml": MAX_FILE_BYTES + 1,
    }
    workspace = load_workspace_from_memory(files, display_prefix="HEAD~1:ws/", scope="maps")
    found = [(d.path, d.line, d.column, d.code) for d in workspace.diagnostics]
    assert found == [
        ("HEAD~1:ws/maps/huge.yaml", 1, 1, "CJM106"),
        ("HEAD~1:ws/maps/p.yaml", 5, 1, "CJM102"),
    ], "persona b resolves from outside the scope; excluded and hidden files are not read"
    assert sorted(workspace.personas) == ["b"]  # "a" is invalid: unknown field
