"""The loader: YAML 1.2 core meaning, positions, duplicate keys, documents, bad bytes.

docs/format.md fixes what a value means (only ``true``/``false`` are booleans, dates stay
text) and where a finding points (1-based line and column; a duplicate key at its second
occurrence). Every check here names the code and the exact place.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from cjm import load_workspace
from cjm.loader import LoadedFile, Position, find_node, load_file
from tests.conftest import write

NAN = object()  # stands for "a float NaN", which compares unequal to itself


def _load(folder: Path, text: str, name: str = "doc.yaml") -> LoadedFile:
    write(folder, name, text)
    return load_file(folder / name, name)


def _load_bytes(folder: Path, raw: bytes, name: str = "doc.yaml") -> LoadedFile:
    (folder / name).write_bytes(raw)
    return load_file(folder / name, name)


def _found(loaded: LoadedFile) -> list[tuple[str, int, int]]:
    return sorted((d.code, d.line, d.column) for d in loaded.diagnostics)


def _value_of(folder: Path, literal: str) -> Any:
    loaded = _load(folder, f"cjm: 1\nvalue: {literal}\n")
    assert loaded.diagnostics == []
    assert len(loaded.documents) == 1
    return loaded.documents[0].data["value"]


def _where(loaded: LoadedFile, loc: Sequence[str | int], index: int = 0) -> tuple[int, int]:
    _, node, followed = find_node(loaded.documents[index].node, loc)
    assert followed == len(loc)
    position = Position.of(node)
    return position.line, position.column


def _key_at(loaded: LoadedFile, loc: Sequence[str | int]) -> tuple[int, int]:
    key, _, followed = find_node(loaded.documents[0].node, loc)
    assert key is not None
    assert followed == len(loc)
    position = Position.of(key)
    return position.line, position.column


# ---------------------------------------------------------------------------------------
# YAML 1.2 core-schema meaning


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        # YAML 1.1 booleans stay text
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("No", "No"),
        ("YES", "YES"),
        ("On", "On"),
        ("OFF", "OFF"),
        ("y", "y"),
        ("n", "n"),
        # core booleans
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("tRUE", "tRUE"),
        # dates and times are not converted behind the user's back
        ("2024-09-01", "2024-09-01"),
        ("2024-09-01T10:00:00Z", "2024-09-01T10:00:00Z"),
        ("2024-09", "2024-09"),
        ("12:30", "12:30"),  # sexagesimal 750 in YAML 1.1
        # integers
        ("12", 12),
        ("0", 0),
        ("-7", -7),
        ("+12", 12),
        ("012", 12),  # decimal in YAML 1.2, octal 10 in YAML 1.1
        ("0o17", 15),
        ("0x1F", 31),
        ("0x1f", 31),
        ("0o8", "0o8"),
        ("0X1F", "0X1F"),
        ("0b11", "0b11"),  # YAML 1.1 only
        ("1_000", "1_000"),  # YAML 1.1 only
        # floats
        ("1.5", 1.5),
        ("-.5", -0.5),
        (".5", 0.5),
        ("1.", 1.0),
        ("1e3", 1000.0),
        ("-2.5E-1", -0.25),
        ("1e", "1e"),
        (".inf", math.inf),
        (".Inf", math.inf),
        (".INF", math.inf),
        ("+.inf", math.inf),
        ("-.inf", -math.inf),
        ("-.INF", -math.inf),
        (".nan", NAN),
        (".NaN", NAN),
        (".NAN", NAN),
        (".Nan", ".Nan"),
        ("nan", "nan"),
        ("inf", "inf"),
        # null forms
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("~", None),
        ("", None),
        ("nULL", "nULL"),
        # quoted scalars are always text
        ("'12'", "12"),
        ('"1.5"', "1.5"),
        ('"true"', "true"),
        ("'no'", "no"),
        ("'null'", "null"),
        ("''", ""),
        ("'0x1F'", "0x1F"),
        # explicit core tags decide
        ("!!str 1", "1"),
        ("!!str 1.50", "1.50"),
        ("!!str true", "true"),
        ("!!str null", "null"),
        ("!<tag:yaml.org,2002:str> 12", "12"),
        ('!!int "3"', 3),
        ("!!float 3", 3.0),
        ('!!bool "true"', True),
        ("!!null ''", None),
        # block scalars are text
        ("|\n  12\n", "12\n"),
        (">-\n  true\n", "true"),
    ],
)
def test_plain_scalars_have_yaml_1_2_core_meaning(
    tmp_path: Path, literal: str, expected: object
) -> None:
    value = _value_of(tmp_path, literal)
    if expected is NAN:
        assert type(value) is float
        assert math.isnan(value)
    else:
        assert value == expected
        # Numbers come back as int/float subclasses that remember their spelling.
        assert isinstance(value, type(expected))
        assert isinstance(value, bool) == isinstance(expected, bool)


def test_non_specific_tag_makes_text(tmp_path: Path) -> None:
    # YAML 1.2, 6.9.1: a scalar with the non-specific tag '!' is a string.
    assert _value_of(tmp_path, "! 12") == "12"


def test_yaml_1_1_directive_does_not_bring_back_1_1_booleans(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "%YAML 1.1\n---\ncjm: 1\nvalue: no\n")
    assert loaded.diagnostics == []
    assert loaded.documents[0].data["value"] == "no"


def test_keys_are_text_even_when_they_look_like_values(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "cjm: 1\ndemographics:\n  no: 1\n  2024-09-01: x\n  12: y\n")
    assert loaded.diagnostics == []
    assert loaded.documents[0].data["demographics"] == {"no": 1, "2024-09-01": "x", "12": "y"}


@pytest.mark.parametrize(
    ("literal", "column"),
    [
        ("!python/object:os.system x", 8),
        ("!!python/name:os.system ''", 8),
        ("!!python/object/new:os.system echo", 8),
        ("!!binary aGk=", 8),
        ("!!timestamp 2024-09-01", 8),
        ("!custom text", 8),
        ("!!int twelve", 8),  # a core tag on a value that does not fit it
        ("!!bool yes", 8),
        ("!!float x", 8),
        ("!!null nothing", 8),
    ],
)
def test_unsupported_scalar_tag_is_cjm100_at_the_value(
    tmp_path: Path, literal: str, column: int
) -> None:
    loaded = _load(tmp_path, f"cjm: 1\nkind: persona\nvalue: {literal}\n")
    assert _found(loaded) == [("CJM100", 3, column)]
    assert loaded.documents == []
    assert "tag" in loaded.diagnostics[0].message


@pytest.mark.parametrize(
    "literal",
    [
        "!!python/object/apply:os.mkdir [MARKER]",
        "!!python/object/new:os.mkdir [MARKER]",
        "!!python/object/apply:os.mkdir {path: MARKER}",
        "!!python/object:pathlib.Path {x: MARKER}",
    ],
)
def test_python_tags_never_execute_anything(tmp_path: Path, literal: str) -> None:
    marker = tmp_path / "pwned"
    _load(tmp_path, f"cjm: 1\nkind: persona\nvalue: {literal.replace('MARKER', str(marker))}\n")
    assert not marker.exists()


@pytest.mark.parametrize(
    "literal",
    [
        "!!python/object/apply:os.system ['echo hi']",
        "!!python/object/new:os.system [echo]",
        "!custom {text: x}",
        "!!python/object:builtins.dict {a: 1}",
    ],
)
def test_unsupported_collection_tag_is_cjm100_at_the_value(tmp_path: Path, literal: str) -> None:
    loaded = _load(tmp_path, f"cjm: 1\nkind: persona\nvalue: {literal}\n")
    assert _found(loaded) == [("CJM100", 3, 8)]


def test_core_collection_tags_are_accepted(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "cjm: 1\nlist: !!seq [a]\nmap: !!map {a: 1}\n")
    assert loaded.diagnostics == []
    assert loaded.documents[0].data == {"cjm": 1, "list": ["a"], "map": {"a": 1}}


def test_a_key_that_is_not_text_is_cjm102_at_the_key(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "cjm: 1\nkind: persona\n? [a, b]\n: value\n")
    assert _found(loaded) == [("CJM102", 3, 3)]


# ---------------------------------------------------------------------------------------
# Positions


JOURNEY = """\
cjm: 1
kind: journey
id: buy-and-have
title: "Buy and Have"
persona: ania
stages:
  - id: sensitization
    name: Sensitization
    steps:
      - {id: sees-billboard, action: "Sees a billboard", emotion: 1}
      - id: installs
        action: >-
          Installs the app
        touchpoint: [metro-billboard, app]
"""


@pytest.mark.parametrize(
    ("loc", "value_at", "key_at"),
    [
        (("cjm",), (1, 6), (1, 1)),
        (("persona",), (5, 10), (5, 1)),
        (("title",), (4, 8), (4, 1)),
        (("stages", 0, "id"), (7, 9), (7, 5)),
        (("stages", 0, "name"), (8, 11), (8, 5)),
        (("stages", 0, "steps", 0, "id"), (10, 14), (10, 10)),
        (("stages", 0, "steps", 0, "emotion"), (10, 67), (10, 58)),
        (("stages", 0, "steps", 1, "action"), (12, 17), (12, 9)),
        (("stages", 0, "steps", 1, "touchpoint"), (14, 21), (14, 9)),
    ],
)
def test_positions_of_values_and_keys_are_1_based(
    tmp_path: Path,
    loc: tuple[str | int, ...],
    value_at: tuple[int, int],
    key_at: tuple[int, int],
) -> None:
    loaded = _load(tmp_path, JOURNEY)
    assert loaded.diagnostics == []
    assert _where(loaded, loc) == value_at
    assert _key_at(loaded, loc) == key_at


def test_positions_of_list_items(tmp_path: Path) -> None:
    loaded = _load(tmp_path, JOURNEY)
    assert _where(loaded, ("stages", 0)) == (7, 5)
    assert _where(loaded, ("stages", 0, "steps", 0)) == (10, 9)
    assert _where(loaded, ("stages", 0, "steps", 1, "touchpoint", 1)) == (14, 39)


def test_position_has_an_exclusive_end(tmp_path: Path) -> None:
    loaded = _load(tmp_path, JOURNEY)
    _, node, _ = find_node(loaded.documents[0].node, ("persona",))
    assert Position.of(node) == Position(5, 10, 5, 14)


def test_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "cjm: 1\nname: {a: 'Żółć 😀', b: !!int x}\n")
    assert _found(loaded) == [("CJM100", 2, 24)]


# ---------------------------------------------------------------------------------------
# Duplicate keys


def test_duplicate_key_is_cjm101_at_the_second_occurrence(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "cjm: 1\nkind: persona\nid: ania\nkind: segment\n")
    assert _found(loaded) == [("CJM101", 4, 1)]
    assert "'kind'" in loaded.diagnostics[0].message


def test_quoted_and_plain_spellings_of_one_key_are_duplicates(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "cjm: 1\nkind: persona\n'kind': persona\n")
    assert _found(loaded) == [("CJM101", 3, 1)]


def test_duplicate_keys_in_nested_and_flow_mappings(tmp_path: Path) -> None:
    text = """\
    cjm: 1
    kind: journey
    stages:
      - name: One
        steps:
          - action: A
            emotion: 1
            emotion: 2
      - {name: Two, id: two, name: Again}
    """
    loaded = _load(tmp_path, text)
    assert _found(loaded) == [("CJM101", 8, 9), ("CJM101", 9, 26)]


def test_several_duplicates_are_all_reported(tmp_path: Path) -> None:
    text = """\
    cjm: 1
    kind: persona
    id: ania
    name: Ania
    demographics:
      age: 30
      age: 31
    name: Ania 2
    goals: [a]
    name: Ania 3
    """
    loaded = _load(tmp_path, text)
    assert _found(loaded) == [("CJM101", 7, 3), ("CJM101", 8, 1), ("CJM101", 10, 1)]


def test_equal_keys_in_different_mappings_are_not_duplicates(tmp_path: Path) -> None:
    text = """\
    cjm: 1
    kind: journey
    id: j
    stages:
      - {id: a, name: A}
      - {id: b, name: B}
    """
    assert _load(tmp_path, text).diagnostics == []


def test_duplicate_keys_in_a_document_that_is_not_cjm_are_not_our_business(
    tmp_path: Path,
) -> None:
    loaded = _load(tmp_path, "services:\n  web: {image: a}\n  web: {image: b}\n")
    assert loaded.diagnostics == []
    assert loaded.documents == []


# ---------------------------------------------------------------------------------------
# Documents


MIXED = """\
name: CI
on: [push]
---
cjm: 1
kind: persona
id: ania
name: Ania
---
---
# only a comment
...
---
- a list
---
kind: Deployment
apiVersion: apps/v1
---
cjm: 1
kind: segment
id: urban
name: Urban
---
"""


def test_only_cjm_documents_are_kept_from_a_multi_document_file(tmp_path: Path) -> None:
    loaded = _load(tmp_path, MIXED)
    assert loaded.diagnostics == []
    assert [document.data.get("id") for document in loaded.documents] == ["ania", "urban"]
    assert _where(loaded, ("id",), index=0) == (6, 5)
    assert _where(loaded, ("id",), index=1) == (20, 5)


def test_a_mapping_whose_first_key_is_cjm_with_another_version_is_a_cjm_document(
    tmp_path: Path,
) -> None:
    loaded = _load(tmp_path, "cjm: 2\nkind: persona\n")
    assert [document.data for document in loaded.documents] == [{"cjm": 2, "kind": "persona"}]


@pytest.mark.parametrize(
    "text", ["", "\n\n", "# just a comment\n", "---\n---\n...\n", "kind: Deployment\nid: x\n"]
)
def test_files_without_cjm_documents_give_nothing(tmp_path: Path, text: str) -> None:
    loaded = _load(tmp_path, text)
    assert loaded.documents == []
    assert loaded.diagnostics == []


def test_problems_in_several_documents_are_each_reported(tmp_path: Path) -> None:
    text = "cjm: 1\nkind: a\nkind: b\n---\ncjm: 1\nx: !!int y\n---\ncjm: 1\nid: a\nid: b\n"
    loaded = _load(tmp_path, text)
    assert _found(loaded) == [("CJM100", 6, 4), ("CJM101", 3, 1), ("CJM101", 10, 1)]


# ---------------------------------------------------------------------------------------
# Bytes and syntax


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [
        (b'cjm: 1\nname: "Ani\xff"\n', 2, 11),
        (b"cjm: 1\nkind: persona\nname: \xc5\xbc\xc3\xb3\xff\n", 3, 9),  # after 2 characters
        (b"\xff\xfec\x00j\x00m\x00", 1, 1),  # UTF-16
        (b"cjm: 1\nname: \xa3ukasz\n", 2, 7),  # Latin-2 text
        (b"cjm: 1\n# a comment with \xe9\nname: x\n", 2, 18),  # only in a comment
        (b"cjm: 1\nname: \xe2\x82\n", 2, 7),  # a truncated sequence at the end
    ],
)
def test_not_utf8_is_cjm100_at_the_bad_byte(
    tmp_path: Path, raw: bytes, line: int, column: int
) -> None:
    loaded = _load_bytes(tmp_path, raw)
    assert _found(loaded) == [("CJM100", line, column)]
    assert "UTF-8" in loaded.diagnostics[0].message
    assert loaded.documents == []


def test_utf8_bom_is_accepted_and_positions_are_not_shifted(tmp_path: Path) -> None:
    loaded = _load_bytes(tmp_path, b"\xef\xbb\xbfcjm: 1\nkind: persona\nkind: x\n")
    assert _found(loaded) == [("CJM101", 3, 1)]
    assert loaded.documents[0].data == {"cjm": 1, "kind": "x"}


def test_utf8_bom_does_not_shift_columns_on_the_first_line(tmp_path: Path) -> None:
    loaded = _load_bytes(tmp_path, b"\xef\xbb\xbfcjm: !!int one\n")
    assert _found(loaded) == [("CJM100", 1, 6)]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("cjm: 1\nname: [a, b\n", 3, 1),
        ("cjm: 1\nname: x\n  bad: 1\n", 3, 6),
        ("cjm: 1\n\tname: x\n", 2, 1),
        ("cjm: 1\nname: *nope\n", 2, 7),
        ("cjm: 1\nname: {a: 1\nkind: x\n", 3, 5),
        ("cjm: 1\n- item\n", 2, 1),
        ("cjm: 1\nkind: persona\nname: @x\n", 3, 7),
    ],
)
def test_yaml_syntax_error_is_cjm100_at_libyamls_mark(
    tmp_path: Path, text: str, line: int, column: int
) -> None:
    loaded = _load(tmp_path, text)
    assert _found(loaded) == [("CJM100", line, column)]
    assert loaded.diagnostics[0].message.startswith("YAML syntax error")
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.load(text, Loader=yaml.CSafeLoader)  # the safe C loader
    mark = raised.value.problem_mark
    assert mark is not None
    assert (mark.line + 1, mark.column + 1) == (line, column)


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "cjm: 1\nname: 'unterminated\nkind: persona\n")
    assert _found(loaded) == [("CJM100", 2, 7)]  # libyaml's problem mark is the file's end
    assert loaded.diagnostics[0].message == (
        "YAML syntax error: found unexpected end of stream (while scanning a quoted scalar): "
        "a quote opened here is never closed"
    )


def test_syntax_error_in_a_later_document_keeps_the_earlier_ones(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "cjm: 1\nkind: persona\nid: ania\n---\ncjm: 1\nname: [\n")
    assert _found(loaded) == [("CJM100", 7, 1)]
    assert [document.data["id"] for document in loaded.documents] == ["ania"]


# ---------------------------------------------------------------------------------------
# Re-composition after release()


PLACES: list[tuple[str | int, ...]] = [
    ("cjm",),
    ("id",),
    ("persona",),
    ("stages", 0, "id"),
    ("stages", 0, "steps", 1, "touchpoint", 1),
]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_released_document_composes_again_at_the_same_positions(tmp_path: Path, bom: bytes) -> None:
    text = "name: CI\n---\n---\n- x\n---\n" + JOURNEY + "---\ncjm: 1\nkind: persona\nid: a\n"
    loaded = _load_bytes(tmp_path, bom + text.encode())
    assert loaded.diagnostics == []
    document = loaded.documents[0]
    before = [_where(loaded, loc) for loc in PLACES]
    assert before[1] == (8, 5)
    document.release()
    assert document.data == {}
    assert [_where(loaded, loc) for loc in PLACES] == before
    second = loaded.documents[1]
    second.release()
    assert Position.of(find_node(second.node, ("id",))[1]) == Position(23, 5, 23, 6)


def test_workspace_entries_are_released_and_report_the_same_positions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "persona.yaml", "# first\n---\ncjm: 1\nkind: persona\nid: ania\nname: Ania\n")
    write(tmp_path, "journey.yaml", "name: CI\n---\n" + JOURNEY)
    fresh = load_file(tmp_path / "journey.yaml", "journey.yaml")
    expected = [_where(fresh, loc) for loc in PLACES]
    workspace = load_workspace(".")
    entry = workspace.entry_of(workspace.journeys["buy-and-have"])
    assert entry.document.data == {}  # released
    assert [(p.line, p.column) for p in map(entry.position, PLACES)] == expected
    persona = workspace.entry_of(workspace.personas["ania"])
    assert persona.position(("id",)) == Position(5, 5, 5, 9)


def test_released_document_composes_again_when_a_later_document_is_broken(
    tmp_path: Path,
) -> None:
    loaded = _load(tmp_path, JOURNEY + "---\nfoo: [\n")
    assert _found(loaded) == [("CJM100", 17, 1)]
    document = loaded.documents[0]
    before = [_where(loaded, loc) for loc in PLACES]
    document.release()
    assert [_where(loaded, loc) for loc in PLACES] == before


# ---------------------------------------------------------------------------------------
# A tab, in each of the ways it breaks YAML


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # a tab as the indentation of a key in a block mapping
        ("cjm: 1\nkind: persona\n\tid: a\n", "found a tab character that violates indentation"),
        ("a:\n  b: 1\n\tc: 2\n", "found a tab character that violates indentation"),
        # a tab where the next token should start (a list item, a nested mapping)
        ("cjm: 1\ngoals:\n\t- x\n", "found character that cannot start any token"),
        ("a:\n\tb: 1\n", "found character that cannot start any token"),
        # a tab in a block scalar's indentation
        ("a: |\n  x\n\tb\n", "found a tab character where an indentation space is expected"),
    ],
)
def test_every_tab_error_says_to_indent_with_spaces(
    tmp_path: Path, text: str, problem: str
) -> None:
    loaded = _load(tmp_path, text)
    (only,) = loaded.diagnostics
    assert only.code == "CJM100"
    assert problem in only.message
    assert only.message.endswith(": YAML indents with spaces, not tabs")


# ---------------------------------------------------------------------------------------
# What a document that cannot be read whole still says about itself


def _partial(loaded: LoadedFile) -> list[dict[str, Any]]:
    return [document.data for document in loaded.partial]


@pytest.mark.parametrize(
    ("text", "identity"),
    [
        # the mistake below the identity: all of it read
        (
            "cjm: 1\nkind: touchpoint\nid: sms\nname: SMS: text\n",
            {"cjm": 1, "kind": "touchpoint", "id": "sms"},
        ),
        # the mistake in the id's own line: the parser hands over 's', which is not the id
        ("cjm: 1\nkind: touchpoint\nid: s: ms\n", {"cjm": 1, "kind": "touchpoint"}),
        # the next line indented too far makes the id 'sms name' before the error
        ("cjm: 1\nkind: touchpoint\nid: sms\n name: SMS\n", {"cjm": 1, "kind": "touchpoint"}),
        # a quote left open runs over the lines below it (to the next quote)
        ('cjm: 1\nkind: "persona\nid: a\nquote: "Hi"\nx: 1\n', {"cjm": 1}),
        ("cjm: 1\nkind: persona\nid: 'a\n", {"cjm": 1, "kind": "persona"}),
        # a tab before the id: the kind above is a plain scalar that may go on, so it
        # is still being scanned when the tab stops everything
        ("cjm: 1\nkind: persona\n\tid: a\n", {"cjm": 1}),
    ],
)
def test_a_syntax_error_keeps_the_identity_read_before_it(
    tmp_path: Path, text: str, identity: dict[str, Any]
) -> None:
    loaded = _load(tmp_path, text)
    assert [d.code for d in loaded.diagnostics] == ["CJM100"]
    assert loaded.documents == []
    assert _partial(loaded) == [identity]


def test_an_identity_is_read_as_in_a_whole_document(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "cjm: 1\nkind: persona\nid: 007\nname: [A\n")
    (document,) = loaded.partial
    assert str(document.data["id"]) == "007"  # as the model reads it: the text written


def test_the_broken_documents_identity_points_at_its_lines(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "# map\ncjm: 1\nkind: touchpoint\nid: sms\nname: SMS: text\n")
    (document,) = loaded.partial
    assert str(document.data["id"]) == "sms"
    _, node, _ = find_node(document.node, ("id",))
    assert Position.of(node) == Position(4, 5, 4, 8)


def test_documents_after_a_syntax_error_are_unknown(tmp_path: Path) -> None:
    text = (
        "cjm: 1\nkind: persona\nid: a\n---\ncjm: 1\nkind: journey\nid: j\nstages: [\n"
        "---\ncjm: 1\nkind: touchpoint\nid: t\n"
    )
    loaded = _load(tmp_path, text)
    assert [document.data["id"] for document in loaded.documents] == ["a"]
    # the broken journey, then the rest of the file: any number of documents, unread
    assert _partial(loaded) == [{"cjm": 1, "kind": "journey", "id": "j"}, {}]
    assert Position.of(loaded.partial[1].node).line == 9


def test_a_document_ended_by_the_error_is_not_read_as_a_whole_one(tmp_path: Path) -> None:
    # ' cjm: 1' is a document of its own to libyaml, and 'kind:' at column 0 the error:
    # the lines above the error are the start of a broken document, not a map
    loaded = _load(tmp_path, "# map\n cjm: 1\nkind: persona\nid: a\n")
    assert _found(loaded) == [("CJM100", 3, 1)]
    assert loaded.documents == []
    assert _partial(loaded) == [{"cjm": 1}]


def test_a_document_refused_while_built_keeps_its_identity(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "cjm: 1\nkind: persona\nid: a\ngoals: [!custom x]\n")
    assert [d.code for d in loaded.diagnostics] == ["CJM100"]  # unsupported tag
    assert loaded.documents == []
    assert _partial(loaded) == [{"cjm": 1, "kind": "persona", "id": "a"}]


@pytest.mark.parametrize(
    "raw",
    [b"cjm: 1\nkind: persona\nid: \xff\n", b"\xef\xbb\xbf\xfe"],
)
def test_a_file_that_is_not_text_is_unknown(tmp_path: Path, raw: bytes) -> None:
    loaded = _load_bytes(tmp_path, raw)
    assert [d.code for d in loaded.diagnostics] == ["CJM100"]
    assert _partial(loaded) == [{}]


def test_two_documents_run_together_are_one_finding(tmp_path: Path) -> None:
    # the '---' between them indented: it continues 'automated', and the journey's keys
    # join the touchpoint's mapping
    text = (
        "cjm: 1\nkind: touchpoint\nid: form\nname: Form\noperator: automated\n ---\n"
        "cjm: 1\nkind: journey\nid: j\ntitle: J\n"
    )
    loaded = _load(tmp_path, text)
    assert _found(loaded) == [("CJM101", 7, 1)]
    assert "another document starts here" in loaded.diagnostics[0].message
    assert loaded.documents == []
    assert _partial(loaded) == [
        {"cjm": 1, "kind": "touchpoint", "id": "form"},
        {"cjm": 1, "kind": "journey", "id": "j"},
    ]


def test_an_indented_separator_right_below_the_id_hides_that_id(tmp_path: Path) -> None:
    text = "cjm: 1\nkind: touchpoint\nid: form\n ---\ncjm: 1\nkind: persona\nid: a\n"
    loaded = _load(tmp_path, text)
    assert _partial(loaded) == [
        {"cjm": 1, "kind": "touchpoint"},
        {"cjm": 1, "kind": "persona", "id": "a"},
    ]
