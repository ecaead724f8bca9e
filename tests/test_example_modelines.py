"""Every document of an example names its schema for the editor.

VS Code's YAML extension (yaml-language-server) reads a ``# yaml-language-server:
$schema=`` modeline in the document it stands in: a file with several documents (``---``)
gets completion and checks in its first document only unless the line is repeated after
each ``---`` (yaml-language-server #946). Users copy the examples, so the examples show
the repeated line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO

MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)$")
SEPARATOR = re.compile(r"(?m)^---[ \t]*(?:#.*)?$")
#: The maps among the examples (CI recipes beside them are YAML of other tools).
EXAMPLE_MAPS = sorted(
    path
    for path in EXAMPLES.rglob("*.y*ml")
    if path.name not in ("cjm.yaml", "cjm.yml")
    and re.search(r"(?m)^cjm:", path.read_text(encoding="utf-8"))
)
MULTI_DOCUMENT = [path for path in EXAMPLE_MAPS if SEPARATOR.search(path.read_text())]


def _leading_comments(document: str) -> list[str]:
    """The comment lines before a document's first content line."""
    lines = []
    for line in document.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            break
        if line.strip():
            lines.append(line.strip())
    return lines


def test_there_is_a_multi_document_example() -> None:
    # The check below passes on an empty list: the draft example has three documents.
    assert EXAMPLES / "first-draft" / "draft.yaml" in MULTI_DOCUMENT


@pytest.mark.parametrize(
    "path", MULTI_DOCUMENT, ids=lambda path: path.relative_to(EXAMPLES).as_posix()
)
def test_every_document_has_the_modeline(path: Path) -> None:
    documents = SEPARATOR.split(path.read_text(encoding="utf-8"))
    if all(not line.strip() or line.lstrip().startswith("#") for line in documents[0].splitlines()):
        # a file that opens with `---`: what stands before it belongs to the first document
        documents[:2] = [documents[0] + documents[1]]
    schemas = []
    for number, document in enumerate(documents, start=1):
        found = [m.group(1) for line in _leading_comments(document) if (m := MODELINE.match(line))]
        assert len(found) == 1, f"{path.name}: document {number} has no modeline before it"
        schemas.append(found[0])
    assert len(set(schemas)) == 1
    assert (path.parent / schemas[0]).resolve() == REPO / "schemas" / "cjm.schema.json"
