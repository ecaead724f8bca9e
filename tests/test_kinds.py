"""The model's kinds table drives every place that names the kinds of document.

A new kind is its model class and its row in ``DOCUMENT_KINDS`` (plus its view and
tests); these checks fail, naming the place, when something still lists kinds by hand.
"""

from __future__ import annotations

import pytest

from cjm.diff import compare
from cjm.docs import format as format_page
from cjm.model import DOCUMENT_KINDS, DOCUMENT_MODELS, KINDS, REFERENCES, KindInfo, Scope
from cjm.schema import kind_schemas
from cjm.validate import _NOUNS
from cjm.workspace import Workspace, _Documents, load_workspace
from tests.conftest import EXAMPLES

IDS = [info.kind for info in DOCUMENT_KINDS]


def test_the_kinds_are_read_from_the_table() -> None:
    assert list(KINDS) == [info.kind for info in DOCUMENT_KINDS]
    assert list(DOCUMENT_MODELS.values()) == [info.model for info in DOCUMENT_KINDS]
    assert len({info.plural for info in DOCUMENT_KINDS}) == len(DOCUMENT_KINDS)


@pytest.mark.parametrize("info", DOCUMENT_KINDS, ids=IDS)
def test_each_kind_has_a_workspace_accessor(info: KindInfo) -> None:
    accessor = getattr(Workspace, info.plural)
    assert isinstance(accessor, _Documents)
    assert accessor.info is info
    workspace = load_workspace(EXAMPLES / "galeria")
    assert getattr(workspace, info.plural) == workspace.valid_documents(info.kind)
    assert all(model.kind == info.kind for model in getattr(workspace, info.plural).values())


def test_an_accessor_is_named_as_its_row_says() -> None:
    # Python runs this when a class body assigns the accessor (``people = ...``).
    with pytest.raises(TypeError, match=r"persona documents are workspace\.personas"):
        _Documents(DOCUMENT_KINDS[0].model).__set_name__(Workspace, "people")


@pytest.mark.parametrize("info", DOCUMENT_KINDS, ids=IDS)
def test_each_kind_has_a_noun(info: KindInfo) -> None:
    assert _NOUNS[info.model.__name__] == info.noun
    assert info.noun.split() in (["a", info.kind], ["an", info.kind])


@pytest.mark.parametrize("info", DOCUMENT_KINDS, ids=IDS)
def test_each_kind_has_a_doc_section_and_a_schema(info: KindInfo) -> None:
    assert (info.model.__name__, info.kind, 2) in format_page.SECTIONS
    # The introduction's sentence listing the kinds is prose, wrapped by hand.
    assert f"[`{info.kind}`](#{info.kind})" in format_page.INTRODUCTION
    schemas = kind_schemas()
    assert schemas[f"{info.kind}.schema.json"]["title"] == f"cjm {info.kind}"
    assert info.kind in schemas["cjm.schema.json"]["properties"]["kind"]["enum"]


def test_renames_are_found_named_kinds_first() -> None:
    order = compare._RENAMED_IN_ORDER
    assert sorted(order) == sorted(KINDS)
    for reference in REFERENCES:
        if reference.target in KINDS and reference.target != reference.source:
            assert order.index(reference.target) < order.index(reference.source), reference


def test_every_reference_to_a_document_is_translated_through_renames() -> None:
    for reference in REFERENCES:
        if reference.scope is Scope.WORKSPACE:
            assert len(reference.pattern) == 1, "a nested document reference: translate it"
            field = (reference.pattern[0], reference.target)
            assert field in compare._NAMING_FIELDS[reference.source]
