"""Mutations: the mistakes and oddities a user's or a tool's YAML really contains.

Each mutation turns a valid workspace into a likely invalid one, at one of three levels:
the data before it is dumped (wrong types, missing, unknown and misspelt keys, dangling
and self-references, duplicate ids, a moved or missing ``cjm:``), the YAML text of one
file (tags, anchors and aliases, lone surrogates written as escapes, tabs, CRLF, lines
duplicated or cut), and the files themselves (a BOM, bytes that are not UTF-8, odd
names, a folder called ``x.yaml``). Each returns a short note of what it did, so that a
failing example reads as a recipe.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from tests.fuzz.oracle import must_fail
from tests.fuzz.strategies import TEXTS, Draft, drafts, dump

#: A file's content: bytes, ``None`` for a folder of that name, or :class:`Link`.
Content = bytes | None


@dataclass(frozen=True)
class Link:
    """A symbolic link to ``target`` (relative to the link's folder)."""

    target: str


Files = dict[str, "Content | Link"]


@dataclass(frozen=True)
class Mutant:
    original: dict[str, bytes]
    mutant: Files
    notes: tuple[str, ...]
    #: Why validation must fail (the oracle's opinion on data-only mutants), or None.
    must_fail: str | None = None


DataMutation = Callable[[st.DrawFn, Draft], str]
TextMutation = Callable[[st.DrawFn, str], tuple[str, str]]

WRONG_VALUES: list[Any] = [
    [],
    {},
    [1, 2],
    {"a": 1},
    3.5,
    True,
    False,
    None,
    "",
    -7,
    10**30,
    float("inf"),
    float("nan"),
    "x",
    [None],
    [[]],
    {"text": None},
]
UNKNOWN_KEYS = ["colour", "emotoin", "metrics", "steps", "kind", "cjm", "id", "<b>", "a b", "1"]
BAD_IDS = [
    "index",
    "Upper",
    "has space",
    "-lead",
    "_lead",
    "x" * 65,
    "émoji🙂",
    "<script>",
    "a\u200bb",
    "a\u200f",
    "",
    "1",
    12,
    "ok-id",
]
ODD_CHARACTERS = ["\u200f", "\u200b", "\u202e", "🙂", "\ufeff", "\u2028", "\x85", "\u0301", "\t"]
TAGS = [
    "!!str",
    "!foo",
    "!!python/object:os.system",
    "!!python/name:os.system",
    "!!binary",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!timestamp",
    "!!set",
    "!!map",
    "!!seq",
    "!",
    "!<tag:yaml.org,2002:str>",
    "!!merge",
]
ESCAPES = [
    r'"\ud800"',
    r'"\udfff tail"',
    r'"x\ud83d"',
    r'"\U0010FFFF"',
    r'"\x00"',
    r'"\x1b[31mred\x1b[0m"',
    r'"\u2028\u2029"',
    r'"\x85"',
    r'"\N\_\L\P"',
    r'"\ufeff"',
]
INSERTIONS = [":", "- ", "[", "{", "'", '"', "#", "&", "*", "!", "|", ">", "%", "@", "`", "\t"]
INSERTIONS += ["\x00", "\x7f", "\u2028", "\ufeff", "\r", "---\n", "...\n", "? ", "<<: "]
ODD_FILE_NAMES = ["50% off draft.yaml", "zażółć.yaml", "x%25.yaml", "-dash.yaml", "UP.YAML"]
ODD_FILE_NAMES += ["a b/ünï.yml", ".hidden.yaml", "deep/er/and/deeper/file.yaml", "index.yaml"]
_VALUE_LINE = re.compile(r"^(?P<head>\s*(?:- )*[^\s:#'\"][^:]*: )(?P<value>\S.*)$")


# --- helpers ------------------------------------------------------------------------


def _positions(node: Any, path: str = "") -> Iterator[tuple[Any, Any, str]]:
    """Every (container, key, path) below ``node``: where a value can be replaced."""
    if isinstance(node, dict):
        for key in list(node):
            yield node, key, f"{path}/{key}"
            yield from _positions(node[key], f"{path}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield node, index, f"{path}/{index}"
            yield from _positions(item, f"{path}/{index}")


def _pick_document(draw: st.DrawFn, draft: Draft) -> tuple[str, int, Any]:
    choices = [
        (n, i) for n, documents in sorted(draft.files.items()) for i in range(len(documents))
    ]
    name, index = draw(st.sampled_from(choices))
    return name, index, draft.files[name][index]


def _pick_position(draw: st.DrawFn, draft: Draft) -> tuple[Any, Any, str] | None:
    name, index, document = _pick_document(draw, draft)
    positions = list(_positions(document))
    if not positions:
        return None
    container, key, path = draw(st.sampled_from(positions))
    return container, key, f"{name}#{index}{path}"


def _mappings(draft: Draft) -> list[tuple[dict[str, Any], str]]:
    result: list[tuple[dict[str, Any], str]] = []
    for name, documents in sorted(draft.files.items()):
        for index, document in enumerate(documents):
            if isinstance(document, dict):
                result.append((document, f"{name}#{index}"))
            for container, key, path in _positions(document):
                if isinstance(container[key], dict):
                    result.append((container[key], f"{name}#{index}{path}"))
    return result


def _documents_of(draft: Draft, kind: str) -> list[dict[str, Any]]:
    return [d for d in draft.documents() if isinstance(d, dict) and d.get("kind") == kind]


def _typo(draw: st.DrawFn, word: str) -> str:
    if not word:
        return "x"
    index = draw(st.integers(0, len(word) - 1))
    how = draw(st.sampled_from(["drop", "double", "swap", "case", "dash"]))
    if how == "drop" and len(word) > 1:
        return word[:index] + word[index + 1 :]
    if how == "swap" and index + 1 < len(word):
        return word[:index] + word[index + 1] + word[index] + word[index + 2 :]
    if how == "case":
        return word.upper()
    if how == "dash":
        return word.replace("_", "-") if "_" in word else word + "_"
    return word[:index] + word[index] + word[index:]


# --- mutations of the data ----------------------------------------------------------


def wrong_type(draw: st.DrawFn, draft: Draft) -> str:
    picked = _pick_position(draw, draft)
    if picked is None:
        return "wrong_type: nothing to change"
    container, key, where = picked
    value = draw(st.sampled_from(WRONG_VALUES))
    container[key] = value
    return f"wrong_type {where} = {value!r}"


def drop_key(draw: st.DrawFn, draft: Draft) -> str:
    mapping, where = draw(st.sampled_from(_mappings(draft)))
    if not mapping:
        return "drop_key: empty mapping"
    key = draw(st.sampled_from(sorted(mapping)))
    del mapping[key]
    return f"drop_key {where}/{key}"


def unknown_key(draw: st.DrawFn, draft: Draft) -> str:
    mapping, where = draw(st.sampled_from(_mappings(draft)))
    key = draw(st.sampled_from(UNKNOWN_KEYS))
    mapping[key] = draw(st.sampled_from(["x", 1, [], {"a": 1}]))
    return f"unknown_key {where}/{key}"


def rename_key(draw: st.DrawFn, draft: Draft) -> str:
    mapping, where = draw(st.sampled_from(_mappings(draft)))
    if not mapping:
        return "rename_key: empty mapping"
    key = draw(st.sampled_from(sorted(mapping)))
    new = _typo(draw, key)
    items = [(new if k == key else k, v) for k, v in mapping.items()]
    mapping.clear()
    mapping.update(items)
    return f"rename_key {where}/{key} -> {new}"


_REFERENCES = {
    "persona": ["segment"],
    "journey": ["persona", "segment", "baseline"],
}


def dangling_reference(draw: st.DrawFn, draft: Draft) -> str:
    journeys = _documents_of(draft, "journey")
    choices: list[tuple[dict[str, Any], str]] = []
    for kind, keys in _REFERENCES.items():
        for document in _documents_of(draft, kind):
            choices += [(document, key) for key in keys]
    for journey in journeys:
        for stage in journey.get("stages") or []:
            if isinstance(stage, dict):
                choices += [
                    (s, "touchpoint") for s in stage.get("steps") or [] if isinstance(s, dict)
                ]
        choices += [(g, "metric") for g in journey.get("goals") or [] if isinstance(g, dict)]
    if not choices:
        return "dangling_reference: no place"
    target, key = draw(st.sampled_from(choices))
    value = draw(st.sampled_from(["missing", "missing-id", "x" * 64, "persona-0", "journey-0"]))
    old = target.get(key)
    if isinstance(old, str) and draw(st.booleans()):
        value = _typo(draw, old)
    target[key] = value
    return f"dangling_reference {target.get('id', '?')}.{key} = {value!r}"


def self_reference(draw: st.DrawFn, draft: Draft) -> str:
    choices: list[tuple[dict[str, Any], str]] = []
    for journey in _documents_of(draft, "journey"):
        choices += [(journey, "baseline"), (journey, "persona"), (journey, "segment")]
        for stage in journey.get("stages") or []:
            if isinstance(stage, dict):
                choices += [
                    (s, "touchpoint") for s in stage.get("steps") or [] if isinstance(s, dict)
                ]
        choices += [(g, "metric") for g in journey.get("goals") or [] if isinstance(g, dict)]
    choices += [(persona, "segment") for persona in _documents_of(draft, "persona")]
    if not choices:
        return "self_reference: no place"
    target, key = draw(st.sampled_from(choices))
    target[key] = target.get("id", "self")
    return f"self_reference {target.get('id')}.{key}"


def baseline_cycle(draw: st.DrawFn, draft: Draft) -> str:
    journeys = [j for j in _documents_of(draft, "journey") if isinstance(j.get("id"), str)]
    if len(journeys) < 2:
        return self_reference(draw, draft)
    first, second = journeys[:2]
    first["baseline"], second["baseline"] = second["id"], first["id"]
    first["state"] = second["state"] = "ideal"
    return f"baseline_cycle {first['id']} <-> {second['id']}"


def duplicate_id(draw: st.DrawFn, draft: Draft) -> str:
    how = draw(st.sampled_from(["copy_document", "same_id", "inner"]))
    name, index, document = _pick_document(draw, draft)
    if how == "copy_document":
        target = draw(st.sampled_from(sorted(draft.files)))
        draft.files[target].append(document)
        return f"duplicate_id: {name}#{index} copied into {target}"
    if how == "same_id" and isinstance(document, dict):
        same = [d for d in _documents_of(draft, str(document.get("kind"))) if d is not document]
        if same:
            same[0]["id"] = document.get("id")
            return (
                f"duplicate_id: two {document.get('kind')} documents with id {document.get('id')!r}"
            )
    for journey in _documents_of(draft, "journey"):
        stages = [s for s in journey.get("stages") or [] if isinstance(s, dict)]
        if stages:
            stages.append(dict(stages[0]))
            journey["stages"] = stages
            return f"duplicate_id: stage {stages[0].get('id')!r} twice in {journey.get('id')!r}"
    return "duplicate_id: no place"


def cjm_key(draw: st.DrawFn, draft: Draft) -> str:
    name, index, document = _pick_document(draw, draft)
    if not isinstance(document, dict):
        return "cjm_key: not a mapping"
    how = draw(st.sampled_from(["missing", "last", "after_kind", "value"]))
    value = document.pop("cjm", 1)
    if how == "missing":
        return f"cjm_key {name}#{index} missing"
    if how == "last":
        document["cjm"] = value
        return f"cjm_key {name}#{index} moved last"
    if how == "after_kind":
        items = list(document.items())
        position = next((i + 1 for i, (k, _) in enumerate(items) if k == "kind"), len(items))
        items.insert(position, ("cjm", value))
        document.clear()
        document.update(items)
        return f"cjm_key {name}#{index} moved below kind"
    new = draw(st.sampled_from([2, 0, "1", 1.0, True, None, "one", [1], {"v": 1}]))
    items = [("cjm", new), *document.items()]
    document.clear()
    document.update(items)
    return f"cjm_key {name}#{index} = {new!r}"


def kind_value(draw: st.DrawFn, draft: Draft) -> str:
    name, index, document = _pick_document(draw, draft)
    if not isinstance(document, dict):
        return "kind_value: not a mapping"
    new = draw(
        st.sampled_from(["persona", "segment", "touchpoint", "journey", "Journey", "map", "", None])
    )
    document["kind"] = new
    return f"kind_value {name}#{index} = {new!r}"


def bad_id(draw: st.DrawFn, draft: Draft) -> str:
    holders = [(m, w) for m, w in _mappings(draft) if "id" in m]
    if not holders:
        return "bad_id: no id"
    mapping, where = draw(st.sampled_from(holders))
    mapping["id"] = draw(st.sampled_from(BAD_IDS))
    return f"bad_id {where}/id = {mapping['id']!r}"


def odd_unicode(draw: st.DrawFn, draft: Draft) -> str:
    picked = _pick_position(draw, draft)
    if picked is None:
        return "odd_unicode: nothing to change"
    container, key, where = picked
    character = draw(st.sampled_from(ODD_CHARACTERS))
    value = container[key]
    if isinstance(value, str):
        at = draw(st.integers(0, len(value)))
        container[key] = value[:at] + character + value[at:]
    elif isinstance(container, dict) and draw(st.booleans()):
        items = [(k + character if k == key else k, v) for k, v in container.items()]
        container.clear()
        container.update(items)
    else:
        container[key] = character
    return f"odd_unicode {where} + {character!r}"


def deep_nesting(draw: st.DrawFn, draft: Draft) -> str:
    picked = _pick_position(draw, draft)
    if picked is None:
        return "deep_nesting: nothing to change"
    container, key, where = picked
    depth = draw(st.sampled_from([5, 62, 63, 64, 65, 80]))
    value: Any = "bottom"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    container[key] = value
    return f"deep_nesting {where} depth {depth}"


def structure(draw: st.DrawFn, draft: Draft) -> str:
    name, index, document = _pick_document(draw, draft)
    how = draw(st.sampled_from(["list_of_it", "scalar", "null", "empty", "remove", "no_stages"]))
    documents = draft.files[name]
    if how == "list_of_it":
        documents[index] = [document]
    elif how == "scalar":
        documents[index] = "cjm: 1"
    elif how == "null":
        documents[index] = None
    elif how == "empty":
        documents[index] = {}
    elif how == "remove":
        del documents[index]
        if not documents:
            del draft.files[name]
            if not draft.files:
                draft.files["empty.yaml"] = []
    elif isinstance(document, dict) and document.get("kind") == "journey":
        document["stages"] = draw(st.sampled_from([[], None, [{}], [{"name": "S", "steps": None}]]))
    return f"structure {name}#{index} {how}"


def markup(draw: st.DrawFn, draft: Draft) -> str:
    picked = _pick_position(draw, draft)
    if picked is None:
        return "markup: nothing to change"
    container, key, where = picked
    value = draw(
        st.sampled_from(
            [
                "<script>alert('x')</script>",
                '"}]); alert(1); //',
                "{{ 7*7 }}",
                "</title><img src=x onerror=alert(1)>",
                "a\"b'c{d}e[f]",
                "subgraph end; A-->B; click A call alert()",
                'digraph { a -> b } "; rankdir=LR',
                "%%{init: {'theme':'dark'}}%%",
                "\\N \\G \\L",
                "]]>",
            ]
        )
    )
    container[key] = value
    return f"markup {where} = {value!r}"


def numbers(draw: st.DrawFn, draft: Draft) -> str:
    holders = [
        (m, w, k)
        for m, w in _mappings(draft)
        for k in ("emotion", "share", "value", "target", "due", "age")
        if k in m
    ]
    if not holders:
        return "numbers: none"
    mapping, where, key = draw(st.sampled_from(holders))
    value = draw(
        st.sampled_from(
            [
                *(3, -3, 2.0, "1", 1.5, 10**40, -(10**40), float("inf"), float("nan"), 1e308),
                *("2027-02-30", "0000-01-01", "9999-12-31", "2027-1-1", "tomorrow", 20270101),
            ]
        )
    )
    mapping[key] = value
    return f"numbers {where}/{key} = {value!r}"


ODD_CONFIG_VALUES: list[tuple[str, Any]] = [
    ("exclude", ["["]),
    ("exclude", ["**/["]),
    ("exclude", ["a.yaml"]),
    ("exclude", ["**"]),
    ("exclude", ["*.yaml", "**/*.yml"]),
    ("exclude", ["../**", "/abs/**", "{a,b}", "a/**/b/***"]),
    ("exclude", "people/**"),
    ("exclude", [1, None, []]),
    ("lint", {"ignore": "CJM209"}),
    ("lint", {"ignore": ["CJM999", "cjm209", "", "CJM1"]}),
    ("lint", {"select": ["CJM2"], "ignore": ["CJM2"]}),
    ("lint", {"select": []}),
    ("lint", {"severity": {"CJM101": "info", "CJM209": "fatal", "nope": "error"}}),
    ("lint", {"severity": ["CJM209"]}),
    ("lint", {"ignor": ["CJM209"]}),
    ("lint", []),
    ("lint", None),
    ("name", ["x"]),
    ("name", ""),
    ("name", "<script>alert(1)</script>"),
    ("cjm", 2),
    ("cjm", None),
    ("kind", "journey"),
    ("unknown", 1),
]


def config(draw: st.DrawFn, draft: Draft) -> str:
    """An odd ``cjm.yaml``: wrong types, unknown rules and keys, globs that do not compile."""
    if draft.config is None or draw(st.booleans()):
        draft.config = {"cjm": 1}
    for _ in range(draw(st.integers(1, 3))):
        key, value = draw(st.sampled_from(ODD_CONFIG_VALUES))
        draft.config[key] = value
    return f"config {draft.config!r}"


DATA_MUTATIONS: list[DataMutation] = [
    config,
    wrong_type,
    drop_key,
    unknown_key,
    rename_key,
    dangling_reference,
    self_reference,
    baseline_cycle,
    duplicate_id,
    cjm_key,
    kind_value,
    bad_id,
    odd_unicode,
    deep_nesting,
    structure,
    markup,
    numbers,
]


# --- mutations of the text ----------------------------------------------------------


def _value_lines(text: str) -> list[int]:
    lines = text.split("\n")
    return [i for i, line in enumerate(lines) if _VALUE_LINE.match(line)]


def _replace_value(draw: st.DrawFn, text: str, make: Callable[[str], str]) -> tuple[str, int]:
    lines = text.split("\n")
    candidates = _value_lines(text)
    if not candidates:
        return text, -1
    number = draw(st.sampled_from(candidates))
    match = _VALUE_LINE.match(lines[number])
    assert match is not None
    lines[number] = match["head"] + make(match["value"])
    return "\n".join(lines), number + 1


def tag(draw: st.DrawFn, text: str) -> tuple[str, str]:
    chosen = draw(st.sampled_from(TAGS))
    text, line = _replace_value(draw, text, lambda value: f"{chosen} {value}")
    return text, f"tag {chosen} at line {line}"


def alias(draw: st.DrawFn, text: str) -> tuple[str, str]:
    how = draw(st.sampled_from(["reuse", "undefined", "bomb", "merge"]))
    if how == "undefined":
        text, line = _replace_value(draw, text, lambda _: "*nowhere")
        return text, f"alias undefined at line {line}"
    if how == "bomb":
        bomb = "bomb: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        bomb += "".join(f"b{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 7))
        return bomb + text if text.startswith("cjm") else text + "\n" + bomb, "alias bomb"
    candidates = _value_lines(text)
    if len(candidates) < 2:
        return text, "alias: too few lines"
    first, second = sorted(draw(st.lists(st.sampled_from(candidates), min_size=2, max_size=2)))
    lines = text.split("\n")
    match = _VALUE_LINE.match(lines[first])
    assert match is not None
    lines[first] = f"{match['head']}&anchor {match['value']}"
    other = _VALUE_LINE.match(lines[second])
    assert other is not None
    lines[second] = other["head"] + ("*anchor" if how == "reuse" else "{<<: *anchor}")
    return "\n".join(lines), f"alias {how} line {first + 1} -> line {second + 1}"


def escape(draw: st.DrawFn, text: str) -> tuple[str, str]:
    chosen = draw(st.sampled_from(ESCAPES))
    text, line = _replace_value(draw, text, lambda _: chosen)
    return text, f"escape {chosen} at line {line}"


def line_ends(draw: st.DrawFn, text: str) -> tuple[str, str]:
    how = draw(st.sampled_from(["crlf", "cr", "mixed"]))
    if how == "crlf":
        return text.replace("\n", "\r\n"), "line_ends crlf"
    if how == "cr":
        return text.replace("\n", "\r"), "line_ends cr"
    lines = text.split("\n")
    at = draw(st.integers(0, max(0, len(lines) - 1)))
    return "\n".join(lines[:at]) + "\r\n" + "\r\n".join(lines[at:]), f"line_ends mixed from {at}"


def tabs(draw: st.DrawFn, text: str) -> tuple[str, str]:
    lines = text.split("\n")
    indented = [i for i, line in enumerate(lines) if line.startswith(" ")]
    how = draw(st.sampled_from(["indent", "after_colon", "trailing"]))
    if how == "indent" and indented:
        number = draw(st.sampled_from(indented))
        lines[number] = "\t" + lines[number].lstrip(" ")
    elif how == "after_colon":
        return text.replace(": ", ":\t", 1), "tabs after the first colon"
    else:
        number = draw(st.integers(0, max(0, len(lines) - 1)))
        lines[number] += "\t"
    return "\n".join(lines), f"tabs {how} line {number + 1}"


def edit_lines(draw: st.DrawFn, text: str) -> tuple[str, str]:
    lines = text.split("\n")
    if not lines:
        return text, "edit_lines: empty"
    how = draw(st.sampled_from(["duplicate", "delete", "swap", "truncate", "dedent", "indent"]))
    number = draw(st.integers(0, len(lines) - 1))
    if how == "duplicate":
        lines.insert(number, lines[number])
    elif how == "delete":
        del lines[number]
    elif how == "swap" and number + 1 < len(lines):
        lines[number], lines[number + 1] = lines[number + 1], lines[number]
    elif how == "truncate":
        cut = draw(st.integers(0, len(text)))
        return text[:cut], f"edit_lines truncate at {cut}"
    elif how == "dedent":
        lines[number] = lines[number].lstrip(" ")
    else:
        lines[number] = "   " + lines[number]
    return "\n".join(lines), f"edit_lines {how} line {number + 1}"


def insert(draw: st.DrawFn, text: str) -> tuple[str, str]:
    at = draw(st.integers(0, len(text)))
    chosen = draw(st.sampled_from(INSERTIONS))
    return text[:at] + chosen + text[at:], f"insert {chosen!r} at {at}"


def directive(draw: st.DrawFn, text: str) -> tuple[str, str]:
    chosen = draw(
        st.sampled_from(
            [
                "%YAML 1.1\n---\n",
                "%YAML 1.2\n---\n",
                "%YAML 9.9\n---\n",
                "%TAG !e! tag:example.com,2000:\n---\n",
                "--- !!map\n",
                "--- |\n  text\n---\n",
                "? [complex, key]\n: value\n---\n",
                "# only a comment\n---\n",
                "---\n",
                "...\n",
            ]
        )
    )
    return chosen + text, f"directive {chosen!r}"


TEXT_MUTATIONS: list[TextMutation] = [
    tag,
    alias,
    escape,
    line_ends,
    tabs,
    edit_lines,
    insert,
    directive,
]


# --- mutations of the files ---------------------------------------------------------


def encode(texts: dict[str, str]) -> dict[str, bytes]:
    """UTF-8 bytes; a lone surrogate in data cannot be written and stays an escape."""
    return {name: text.encode("utf-8", "backslashreplace") for name, text in texts.items()}


def file_mutation(draw: st.DrawFn, files: Files) -> str:
    names = sorted(name for name, content in files.items() if isinstance(content, bytes))
    how = draw(
        st.sampled_from(
            ["bom", "latin1", "utf16", "bad_byte", "rename", "folder", "link", "loop", "empty"]
        )
    )
    name = draw(st.sampled_from(names)) if names else "a.yaml"
    content = files.get(name)
    data = content if isinstance(content, bytes) else b""
    if how == "bom":
        files[name] = b"\xef\xbb\xbf" + data
    elif how == "latin1":
        files[name] = data.decode("utf-8").encode("latin-1", "replace")
    elif how == "utf16":
        files[name] = data.decode("utf-8").encode("utf-16")
    elif how == "bad_byte":
        at = draw(st.integers(0, len(data)))
        files[name] = (
            data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"])) + data[at:]
        )
    elif how == "rename":
        new = draw(st.sampled_from(ODD_FILE_NAMES))
        files[new] = files.pop(name)
        return f"file rename {name} -> {new}"
    elif how == "folder":
        files["trap.yaml"] = None
    elif how == "link":
        files["link.yaml"] = Link(name)
    elif how == "loop":
        files["loop.yaml"] = Link("loop.yaml")
    else:
        files[name] = draw(st.sampled_from([b"", b"\n", b"---\n", b"# nothing\n", b"[]\n", b"~\n"]))
    return f"file {how} {name}"


@st.composite
def mutants(draw: st.DrawFn, *, text: bool) -> Mutant:
    """A valid workspace and a mutant of it, with the recipe that made the mutant.

    Without ``text``, 1-3 mutations of the data, judged by the oracle; with it, 1-2
    mutations of one file's text (after at most one of the data), sometimes one of the
    files themselves.
    """
    draft = draw(drafts())
    original = encode(dump(draft))
    changed = draft.copy()
    notes: list[str] = []
    for _ in range(draw(st.integers(0, 1) if text else st.integers(1, 3))):
        mutation = draw(st.sampled_from(DATA_MUTATIONS))
        notes.append(mutation(draw, changed))
    judged = None if text or any(n.startswith("config") for n in notes) else must_fail(changed)
    texts = dump(changed)
    for _ in range(draw(st.integers(1, 2)) if text else 0):
        name = draw(st.sampled_from(sorted(texts)))
        mutation = draw(st.sampled_from(TEXT_MUTATIONS))
        texts[name], note = mutation(draw, texts[name])
        notes.append(f"{name}: {note}")
    files: Files = dict(encode(texts))
    if text and draw(st.integers(0, 2)) == 0:
        notes.append(file_mutation(draw, files))
    return Mutant(original, files, tuple(notes), judged)


# --- edits that keep the workspace valid (for diff) ---------------------------------


def _journeys_with_steps(draft: Draft) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [
        (journey, stage)
        for journey in _documents_of(draft, "journey")
        for stage in journey["stages"]
        if stage.get("steps")
    ]


def edit_text(draw: st.DrawFn, draft: Draft) -> str:
    holders = [
        (m, w, k)
        for m, w in _mappings(draft)
        for k in ("name", "title", "action", "description", "feeling", "scenario")
        if isinstance(m.get(k), str)
    ]
    mapping, where, key = draw(st.sampled_from(holders))
    mapping[key] = draw(TEXTS)
    return f"edit_text {where}/{key} = {mapping[key]!r}"


def edit_emotion(draw: st.DrawFn, draft: Draft) -> str:
    places = _journeys_with_steps(draft)
    if not places:
        return edit_text(draw, draft)
    _, stage = draw(st.sampled_from(places))
    step = draw(st.sampled_from(stage["steps"]))
    step["emotion"] = draw(st.integers(-2, 2))
    return f"edit_emotion {step.get('id')!r} = {step['emotion']}"


def move_step(draw: st.DrawFn, draft: Draft) -> str:
    places = _journeys_with_steps(draft)
    if not places:
        return edit_text(draw, draft)
    journey, stage = draw(st.sampled_from(places))
    step = stage["steps"].pop(draw(st.integers(0, len(stage["steps"]) - 1)))
    target = draw(st.sampled_from(journey["stages"]))
    target.setdefault("steps", []).insert(draw(st.integers(0, len(target["steps"]))), step)
    return f"move_step {step.get('id')!r} to stage {target.get('id')!r}"


def remove_step(draw: st.DrawFn, draft: Draft) -> str:
    places = _journeys_with_steps(draft)
    if not places:
        return edit_text(draw, draft)
    _, stage = draw(st.sampled_from(places))
    step = stage["steps"].pop(draw(st.integers(0, len(stage["steps"]) - 1)))
    return f"remove_step {step.get('id')!r}"


def rename_object(draw: st.DrawFn, draft: Draft) -> str:
    """A new id for a stage, step or metric (goal references follow the metric)."""
    holders = [
        (journey, item)
        for journey in _documents_of(draft, "journey")
        for stage in journey["stages"]
        for item in [stage, *stage.get("steps", []), *stage.get("metrics", [])]
        if "id" in item
    ]
    if not holders:
        return edit_text(draw, draft)
    journey, item = draw(st.sampled_from(holders))
    old, new = item["id"], f"renamed-{draw(st.integers(0, 9))}"
    taken = {
        str(other.get("id"))
        for stage in journey["stages"]
        for other in [stage, *stage.get("steps", []), *stage.get("metrics", [])]
    }
    if new in taken:
        return "rename_object: taken"
    item["id"] = new
    for goal in journey.get("goals", []):
        if goal.get("metric") == old:
            goal["metric"] = new
    return f"rename_object {old!r} -> {new!r}"


def edit_metric(draw: st.DrawFn, draft: Draft) -> str:
    metrics = [
        metric
        for journey in _documents_of(draft, "journey")
        for stage in journey["stages"]
        for metric in stage.get("metrics", [])
    ]
    if not metrics:
        return edit_emotion(draw, draft)
    metric = draw(st.sampled_from(metrics))
    key = draw(st.sampled_from(["value", "target"]))
    metric[key] = draw(st.integers(0, 100))
    return f"edit_metric {metric.get('id')!r}.{key} = {metric[key]}"


VALID_EDITS: list[DataMutation] = [
    edit_text,
    edit_emotion,
    move_step,
    remove_step,
    rename_object,
    edit_metric,
]


@st.composite
def edited(draw: st.DrawFn) -> tuple[Draft, Draft, tuple[str, ...]]:
    """A valid workspace and a valid edit of it (1-3 edits), for diff."""
    draft = draw(drafts())
    changed = draft.copy()
    notes = tuple(
        draw(st.sampled_from(VALID_EDITS))(draw, changed) for _ in range(draw(st.integers(1, 3)))
    )
    return draft, changed, notes
