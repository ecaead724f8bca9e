"""YAML files to plain data, keeping every node's position.

A plain ``yaml.load`` throws positions away and runs PyYAML's generic Python
constructor. Here libyaml's C parser composes the node graph (positions included), and
one tight walk over the nodes builds the data with YAML 1.2 core-schema meaning, finds
duplicate keys and enforces the safety limits. The node graph is kept beside the data,
so any later error (a pydantic ``loc``, a lint finding) maps back to ``file:line:col``
without reading the file twice. That walk is also cheaper than PyYAML's constructor,
which is why ``cjm validate`` can beat a bare ``yaml.load``.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.error import Mark
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingStartEvent,
    ScalarEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from cjm.diagnostics import Diagnostic, printable, validation_diagnostic
from cjm.model import KINDS

#: Larger files are refused before they are read: a journey map is tens of kilobytes.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: cjm documents nest about eight levels; anything far deeper is an attack or an accident.
MAX_DEPTH = 64
#: Alias uses per document; anchors are legal, a billion laughs is not.
MAX_ALIASES = 100
#: Collection items built per document, counting every alias expansion again.
MAX_ITEMS = 1_000_000
#: YAML events (about two per value) in a file. Counted in C before nodes are built, so
#: half a million tiny items (``[a,a,a,...]``) cannot cost a gigabyte of nodes.
MAX_EVENTS = 400_000
#: Files smaller than this cannot hold MAX_EVENTS events, so they skip the count.
_COUNT_EVENTS_ABOVE = 256 * 1024

_STR_TAG = "tag:yaml.org,2002:str"
_COLLECTION_TAGS = frozenset(("", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"))
_PLAIN = "!cjm/plain"  # what our resolver answers for an untagged plain scalar
_SPECIAL_PLAIN: dict[str, Any] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    ".inf": math.inf,
    ".Inf": math.inf,
    ".INF": math.inf,
    "+.inf": math.inf,
    "+.Inf": math.inf,
    "+.INF": math.inf,
    "-.inf": -math.inf,
    "-.Inf": -math.inf,
    "-.INF": -math.inf,
    ".nan": math.nan,
    ".NaN": math.nan,
    ".NAN": math.nan,
}
_NUMBER_START = frozenset("0123456789+-.")
#: A block-style ``id:`` line: indentation and list dashes, the key, an optionally
#: quoted value, an optional comment.
_ID_LINE = re.compile(r"([ \t]*(?:-[ \t]+)*)id:[ \t]+(['\"]?)(.*?)\2[ \t]*(?:#.*)?$")
#: A line that starts another YAML document (``---``) or ends one (``...``).
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?:[ \t]|$)", re.MULTILINE)
#: The keys that say what a document is: read from a document cjm cannot read whole.
_IDENTITY_KEYS = frozenset(("cjm", "kind", "id"))
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCTAL = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_CORE_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}


class IntText(int):
    """An integer that remembers how it was written, so ``id: 007`` stays ``'007'``.

    docs/format.md accepts numbers where text is expected; pydantic turns them into text
    with ``str()``, which here gives back the user's spelling, not Python's.
    """

    text: str

    def __str__(self) -> str:
        return self.text


class FloatText(float):
    """A float that remembers how it was written (``2.10`` stays ``'2.10'`` as text)."""

    text: str

    def __str__(self) -> str:
        return self.text


def _int(value: str, number: int) -> IntText:
    result = IntText(number)
    result.text = value
    return result


def _float(value: str) -> FloatText:
    result = FloatText(value)
    result.text = value
    return result


def plain_scalar(value: str) -> Any:
    """Resolve an untagged plain scalar as YAML 1.2's core schema does.

    Unlike PyYAML's YAML 1.1 resolver, ``no``/``yes``/``on``/``off`` stay text and
    ``2024-09-01`` is not turned into a date behind the user's back.
    """
    special = _SPECIAL_PLAIN.get(value, value)
    if special is not value:
        return special
    if value[0] not in _NUMBER_START:
        return value
    if _INT.match(value):
        return _int(value, int(value))
    if _FLOAT.match(value):
        return _float(value)
    if _OCTAL.match(value):
        return _int(value, int(value[2:], 8))
    if _HEX.match(value):
        return _int(value, int(value[2:], 16))
    return value


try:
    from yaml._yaml import CParser as _ComposerBase
except ImportError:  # PyYAML built without libyaml: same interface, in Python
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _ComposerBase(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

        def dispose(self) -> None:
            return None


class _NodeParser(_ComposerBase):
    """libyaml's composer with a resolver that only marks plain scalars.

    PyYAML's resolver runs a set of YAML 1.1 regexes for every scalar; we resolve plain
    scalars ourselves (core schema) while walking, so the resolver does no work.
    """

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            return _PLAIN
        return ""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


class LimitExceeded(Exception):
    """A document broke a safety limit; carries the node where it happened."""

    def __init__(self, message: str, node: Node) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based span in a file."""

    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None

    @classmethod
    def of(cls, node: Node) -> Position:
        start, end = node.start_mark, node.end_mark
        return cls(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


class Document:
    """One cjm document: its data for the model, and its nodes for positions.

    Nodes (with two marks each) take about thirty times the memory of the text, so a
    workspace of a thousand journeys cannot keep them all. Once a document validates,
    :meth:`release` drops them; a later finding on it (a reference, a lint rule)
    composes that one document again from the text kept here.
    """

    __slots__ = ("_node", "data", "display_path", "index", "item", "path", "text", "versioned")

    def __init__(
        self,
        path: Path,
        display_path: str,
        index: int,
        node: MappingNode,
        data: dict[str, Any],
        text: str,
        *,
        versioned: bool = True,
        item: int | None = None,
    ) -> None:
        self.path = path
        self.display_path = display_path
        self.index = index
        self._node: MappingNode | None = node
        self.data = data
        self.text = text
        #: False for a mapping plainly meant as a map but without ``cjm:`` (reported as
        #: CJM105 by the loader): it is read only so that other documents' references
        #: to it do not turn into errors of their own.
        self.versioned = versioned
        #: The position in a top-level list, for maps written as one list (also CJM105).
        self.item = item

    @property
    def node(self) -> MappingNode:
        if self._node is None:
            parser = _NodeParser(self.text)
            try:  # stop at this document: a later one may be broken
                for index, node in enumerate(_compose_all(parser)):
                    if index == self.index:
                        found = node if self.item is None else node.value[self.item]
                        assert type(found) is MappingNode
                        self._node = found
                        break
            finally:
                parser.dispose()
            assert self._node is not None
        return self._node

    @property
    def has_nodes(self) -> bool:
        return self._node is not None

    def id_key_position(self, identifier: str) -> Position | None:
        """The ``id: <identifier>`` key's position, found in the text without nodes.

        Only a block-style line (``id: x``, ``- id: x``, optionally quoted or followed
        by a comment) that is the only such line in the file counts; anything else
        (flow style, the same id twice) returns None and the caller composes nodes.
        """
        text = self.text
        found: Position | None = None
        start = 0
        while (index := text.find(identifier, start)) >= 0:
            line_start = text.rfind("\n", 0, index) + 1
            line_end = text.find("\n", index)
            line_end = len(text) if line_end < 0 else line_end
            match = _ID_LINE.match(text, line_start, line_end)
            if match is not None and match.group(3) == identifier:
                if found is not None:
                    return None  # the same id twice: only nodes can tell which
                line = text.count("\n", 0, line_start) + 1
                column = len(match.group(1)) + 1
                found = Position(line, column, line, column + 2)
            start = line_end + 1
        return found

    def release(self) -> None:
        """Drop nodes and raw data once the model holds what commands need."""
        self._node = None
        self.data = {}

    def diagnostic_at(self, code: str, message: str, loc: Sequence[str | int]) -> Diagnostic:
        """A diagnostic at the value found by following ``loc`` from the document root
        (the nearest existing node when part of the path is missing): the one way every
        check turns a place in the data into a file position."""
        _, node, _ = find_node(self.node, loc)
        return self.diagnostic(code, message, node)

    def diagnostic(self, code: str, message: str, node: Node) -> Diagnostic:
        """A diagnostic of this document pointing at ``node``."""
        position = Position.of(node)
        return validation_diagnostic(
            code,
            message,
            path=self.display_path,
            line=position.line,
            column=position.column,
            end_line=position.end_line,
            end_column=position.end_column,
        )


@dataclass(slots=True)
class LoadedFile:
    """What one file gave: its cjm documents and the problems found reading it.

    ``partial`` holds the documents cjm could not read whole: one a syntax error cut
    short, one refused while being built (an unsupported tag, a safety limit), and the
    rest of a file that reading stopped in (which may hold any number of documents).
    Each has one finding already; its ``data`` holds only what could be read of its
    identity (``cjm``, ``kind``, ``id``: usually the first lines, before the mistake),
    so that what it may define is not called dangling in other files. A partial
    document is never validated: its ``data`` is not the whole document.
    """

    path: Path
    display_path: str
    text: str | None = None
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    yaml_documents: int = 0
    partial: list[Document] = field(default_factory=list)

    def stopped_at(self, line: int = 0, column: int = 0) -> None:
        """Reading stopped at this 0-based place: whatever follows is unknown."""
        self.partial.append(_unknown_document(self, line, column))


class _Builder:
    """Builds plain data from composed nodes in one recursive walk.

    Duplicate keys, depth and alias expansion are all checked here, on the way, so no
    second pass over the data is needed. Alias tracking costs set operations per
    collection, so it runs only in files that define an anchor at all.
    """

    __slots__ = (
        "_active",
        "_aliases",
        "_budget",
        "_lines",
        "_seen",
        "_text",
        "duplicate_keys",
        "track_aliases",
    )

    def __init__(self, *, track_aliases: bool, text: str | None = None) -> None:
        self.track_aliases = track_aliases
        self._text = text  # given only when the file holds a '!' (a possible tag)
        self._lines: list[str] | None = None
        self.duplicate_keys: list[tuple[ScalarNode, str]] = []
        self._seen: set[int] = set()
        self._active: set[int] = set()
        self._aliases = 0
        self._budget = MAX_ITEMS

    def build(self, node: Node, depth: int = 1) -> Any:
        if type(node) is ScalarNode:
            return self._scalar(node)
        if depth > MAX_DEPTH:
            raise LimitExceeded(f"nesting deeper than {MAX_DEPTH} levels", node)
        items = node.value
        self._budget -= len(items)
        if self._budget < 0:
            raise LimitExceeded(f"more than {MAX_ITEMS:,} items after alias expansion", node)
        if node.tag not in _COLLECTION_TAGS:
            raise _UnsupportedTag(node)
        if self.track_aliases:
            return self._tracked(node, depth)
        return self._collection(node, depth)

    def _tracked(self, node: Node, depth: int) -> Any:
        key = id(node)
        if key in self._active:
            raise LimitExceeded("an alias refers to a collection that contains it", node)
        if key in self._seen:
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise LimitExceeded(f"more than {MAX_ALIASES} aliases in one document", node)
        self._seen.add(key)
        self._active.add(key)
        try:
            return self._collection(node, depth)
        finally:
            self._active.discard(key)

    def _collection(self, node: Node, depth: int) -> Any:
        build, scalar, deeper = self.build, self._scalar, depth + 1
        if type(node) is SequenceNode:
            return [
                scalar(item) if type(item) is ScalarNode else build(item, deeper)
                for item in node.value
            ]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise _KeyNotText(key_node)
            result[key_node.value] = (
                scalar(value_node) if type(value_node) is ScalarNode else build(value_node, deeper)
            )
        if len(result) != len(node.value):
            self._find_duplicates(node)  # type: ignore[arg-type]  # known mapping here
        return result

    def _find_duplicates(self, node: MappingNode) -> None:
        seen: set[str] = set()
        for key_node, _ in node.value:
            if key_node.value in seen:
                self.duplicate_keys.append((key_node, key_node.value))
            seen.add(key_node.value)

    def _scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _PLAIN:
            value = plain_scalar(node.value)
            if self._text is not None and type(value) is not str and self._tagged(node):
                return node.value  # `! 12`: the non-specific tag makes it text
            return value
        if tag == _STR_TAG or tag == "":
            return node.value
        if tag in _CORE_TAGS:
            return _explicit_core(node)
        raise _UnsupportedTag(node)

    def _tagged(self, node: ScalarNode) -> bool:
        """Whether the scalar was written with the non-specific tag ``!``.

        libyaml resolves ``! 12`` like a plain ``12``; only the source tells them apart.
        """
        if self._lines is None:
            assert self._text is not None
            self._lines = self._text.split("\n")
        mark = node.start_mark
        line = self._lines[mark.line] if mark.line < len(self._lines) else ""
        return line[mark.column : mark.column + 1] == "!"


class _KeyNotText(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


class _UnsupportedTag(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


def _explicit_core(node: ScalarNode) -> Any:
    """``!!int "3"`` and friends: the tag decides, the text must fit it."""
    value = plain_scalar(node.value)
    expected = {
        "tag:yaml.org,2002:null": type(None),
        "tag:yaml.org,2002:bool": bool,
        "tag:yaml.org,2002:int": int,
        "tag:yaml.org,2002:float": float,
    }[node.tag]
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return _float(node.value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise _UnsupportedTag(node)
    return value


def is_cjm_document(node: Node) -> bool:
    """docs/format.md: a cjm document is a mapping with a ``cjm`` key, wherever it stands."""
    return type(node) is MappingNode and _key_node(node, "cjm") is not None


def _key_node(node: MappingNode, name: str) -> ScalarNode | None:
    for key_node, _ in node.value:
        if type(key_node) is ScalarNode and key_node.value == name:
            return key_node
    return None


def _meant_kind(node: Node) -> tuple[str, ScalarNode] | None:
    """The kind and ``kind:`` key of a mapping plainly meant as a cjm document.

    docs/format.md: a mapping whose ``kind:`` is one of cjm's kinds is never skipped in
    silence, with or without ``cjm:``; CI workflows and other YAML have other kinds.
    """
    if type(node) is not MappingNode:
        return None
    for key_node, value_node in node.value:
        if type(key_node) is ScalarNode and key_node.value == "kind":
            if type(value_node) is ScalarNode and value_node.value in KINDS:
                return value_node.value, key_node
            return None
    return None


def too_large(size: int, display_path: str) -> Diagnostic:
    """The CJM106 for a file over the size limit, wherever its bytes come from."""
    return validation_diagnostic(
        "CJM106",
        f"file is {size:,} bytes; cjm reads files up to {MAX_FILE_BYTES:,} bytes",
        path=display_path,
        line=1,
        column=1,
    )


def read_bytes(path: Path, display_path: str) -> tuple[bytes | None, Diagnostic | None]:
    """A file's bytes from disk, or the diagnostic that says why they cannot be read."""
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a FIFO blocks, /dev/zero never ends
            return None, validation_diagnostic(
                "CJM106", "not a regular file", path=display_path, line=1, column=1
            )
        if status.st_size > MAX_FILE_BYTES:
            return None, too_large(status.st_size, display_path)  # refused unread
        # O_NONBLOCK: should the file be swapped for a FIFO after stat(), open() must
        # not wait for a writer; read() is still bounded by the size limit. The first
        # read asks for the size stat() gave (a read buffers what it asks for), the
        # second for what a file growing meanwhile added, up to the limit.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            raw = stream.read(status.st_size + 1)
            if len(raw) > status.st_size:
                raw += stream.read(MAX_FILE_BYTES + 1 - len(raw))
    except OSError as error:
        return None, validation_diagnostic(
            "CJM100",
            f"cannot read file: {error.strerror or error}",
            path=display_path,
            line=1,
            column=1,
        )
    if len(raw) > MAX_FILE_BYTES or status.st_size > MAX_FILE_BYTES:
        return None, too_large(max(status.st_size, len(raw)), display_path)
    return raw, None


def decode_text(raw: bytes, display_path: str) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 text without a byte-order mark, or CJM100 at the first undecodable byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
        return None, validation_diagnostic(
            "CJM100",
            f"file is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded)",
            path=display_path,
            line=line,
            column=column,
        )
    return text.removeprefix("\ufeff"), None


def load_file(path: Path, display_path: str, *, config: bool = False) -> LoadedFile:
    """Read one file from disk: see :func:`load_bytes`."""
    raw, problem = read_bytes(path, display_path)
    if raw is None:
        assert problem is not None
        loaded = LoadedFile(path=path, display_path=display_path, diagnostics=[problem])
        loaded.stopped_at()
        return loaded
    return load_bytes(raw, path, display_path, config=config)


def load_bytes(raw: bytes, path: Path, display_path: str, *, config: bool = False) -> LoadedFile:
    """One file's bytes (from disk or from git): every cjm document in it, with
    diagnostics for what went wrong.

    Documents that are not cjm documents are counted but not built, except those plainly
    meant as maps (a cjm ``kind:`` without ``cjm:``, or cjm documents written as one
    list): each gets a CJM105 here and is built unversioned, so that references to it
    still resolve. The caller decides whether a file without any cjm document is an
    error (it is when named explicitly). With ``config`` (``cjm.yaml``) every mapping
    is built, so its settings are kept even when its ``cjm:`` line is missing.
    """
    loaded = LoadedFile(path=path, display_path=display_path)
    if len(raw) > MAX_FILE_BYTES:
        loaded.diagnostics.append(too_large(len(raw), display_path))
        loaded.stopped_at()
        return loaded
    text, problem = decode_text(raw, display_path)
    if text is None:
        assert problem is not None
        loaded.diagnostics.append(problem)
        loaded.stopped_at()
        return loaded
    loaded.text = text
    if len(text) > _COUNT_EVENTS_ABOVE:
        events = _count_events(text)
        if events > MAX_EVENTS:
            loaded.diagnostics.append(
                validation_diagnostic(
                    "CJM106",
                    f"file holds {events:,} YAML nodes and more; cjm reads up to {MAX_EVENTS:,}",
                    path=display_path,
                    line=1,
                    column=1,
                )
            )
            loaded.stopped_at()
            return loaded
    parser = _NodeParser(text)
    track_aliases = "&" in text

    def add(index: int, node: Node) -> None:
        if type(node) is MappingNode:
            _add_mapping(loaded, node, index, track_aliases=track_aliases, config=config)
        elif type(node) is SequenceNode:
            _add_listed_maps(loaded, node, index, track_aliases=track_aliases)

    # Each document is taken once the next one has started (or the file has ended): a
    # document is only whole if no syntax error follows before that (see _read_up_to).
    last: tuple[int, Node] | None = None
    try:
        for node in _compose_all(parser):
            if last is not None:
                add(*last)
            last = (loaded.yaml_documents, node)
            loaded.yaml_documents += 1
        if last is not None:
            add(*last)
    except yaml.MarkedYAMLError as error:
        loaded.diagnostics.append(_yaml_error(error, display_path, text))
        _read_up_to(loaded, error, last, add)
    except RecursionError:  # only the pure-Python composer recurses without a limit
        loaded.diagnostics.append(
            validation_diagnostic("CJM106", "nesting too deep", path=display_path, line=1, column=1)
        )
        if last is not None:
            add(*last)
        loaded.stopped_at()
    except yaml.YAMLError as error:  # libyaml errors without a mark (rare)
        loaded.diagnostics.append(
            validation_diagnostic(
                "CJM100", f"YAML syntax error: {error}", path=display_path, line=1, column=1
            )
        )
        if last is not None:
            add(*last)
        loaded.stopped_at()
    finally:
        parser.dispose()
    return loaded


def _count_events(text: str) -> int:
    """YAML events in ``text``, counted by libyaml without building Python objects.

    A syntax error stops the count; the compose that follows reports it.
    """
    parser = _NodeParser(text)
    try:
        count: int = parser.raw_parse()
    except (yaml.YAMLError, AttributeError):  # AttributeError: no libyaml
        count = 0
    finally:
        parser.dispose()
    return count


def _compose_all(parser: _NodeParser) -> Iterator[Node]:
    while parser.check_node():
        node = parser.get_node()
        if node is not None:
            yield node


def _add_mapping(
    loaded: LoadedFile, node: MappingNode, index: int, *, track_aliases: bool, config: bool
) -> None:
    """A top-level mapping: a cjm document, one meant as such without ``cjm:``, or
    other YAML (skipped)."""
    versioned = is_cjm_document(node)
    meant = None if versioned else _meant_kind(node)
    if meant is not None:
        kind, key_node = meant
        loaded.diagnostics.append(
            _diagnostic(
                loaded.display_path,
                "CJM105",
                f"missing 'cjm: 1': this {kind} is not read without the format version "
                "(add 'cjm: 1' as the document's first line)",
                key_node,
            )
        )
    if versioned and not config and _merged(loaded, node, index):
        return
    if versioned or meant is not None or config:
        document = _build_document(
            loaded, node, index, track_aliases=track_aliases, versioned=versioned
        )
        if document is not None:
            loaded.documents.append(document)


def _merged(loaded: LoadedFile, node: MappingNode, index: int) -> bool:
    """Whether the mapping is two documents run together; if so, one finding for it.

    A ``---`` line indented by mistake is text that continues the value above it, and
    the next document's keys become the first one's: every key of both documents at
    once, each ``cjm:``, ``kind:`` and ``id:`` twice. That is one mistake, reported once
    at the second ``cjm:``; each part is then a document read only for its identity,
    as after a syntax error, since which keys belong to which part is a guess.
    """
    starts = [
        position
        for position, (key_node, _) in enumerate(node.value)
        if type(key_node) is ScalarNode and key_node.value == "cjm"
    ]
    if len(starts) < 2:
        return False
    assert loaded.text is not None
    second = node.value[starts[1]][0]
    loaded.diagnostics.append(
        _diagnostic(
            loaded.display_path,
            "CJM101",
            "key 'cjm' appears twice in one mapping: another document starts here, "
            "without a '---' line at the start of the line above it",
            second,
        )
    )
    bounds = [0, *starts[1:], len(node.value)]
    for begin, end in itertools.pairwise(bounds):
        pairs = node.value[begin:end]
        part = MappingNode(node.tag, pairs, pairs[0][0].start_mark, pairs[-1][1].end_mark)
        # A value just above the next part may have swallowed the indented '---'.
        before = node.value[end][0].start_mark.line if end < len(node.value) else None
        identity = _identity(part, loaded.text, before=before)
        loaded.partial.append(
            Document(loaded.path, loaded.display_path, index, part, identity, loaded.text)
        )
    return True


def _add_listed_maps(
    loaded: LoadedFile, node: SequenceNode, index: int, *, track_aliases: bool
) -> None:
    """A top-level list holding cjm documents: one CJM105 at the list, and each map
    built unversioned so references to it resolve."""
    items = [
        position
        for position, item in enumerate(node.value)
        if is_cjm_document(item) or _meant_kind(item) is not None
    ]
    if not items:
        return
    loaded.diagnostics.append(
        _diagnostic(
            loaded.display_path,
            "CJM105",
            "this file is a list of cjm documents; cjm reads one mapping per YAML document: "
            "write each as its own document starting with 'cjm: 1', separated by '---'",
            node,
        )
    )
    for position in items:
        document = _build_document(
            loaded,
            node.value[position],
            index,
            track_aliases=track_aliases,
            versioned=False,
            item=position,
        )
        if document is not None:
            loaded.documents.append(document)


def _diagnostic(display_path: str, code: str, message: str, node: Node) -> Diagnostic:
    position = Position.of(node)
    return validation_diagnostic(
        code,
        message,
        path=display_path,
        line=position.line,
        column=position.column,
        end_line=position.end_line,
        end_column=position.end_column,
    )


def _build_document(
    loaded: LoadedFile,
    node: MappingNode,
    index: int,
    *,
    track_aliases: bool,
    versioned: bool = True,
    item: int | None = None,
) -> Document | None:
    assert loaded.text is not None
    document = Document(
        loaded.path,
        loaded.display_path,
        index,
        node,
        {},
        loaded.text,
        versioned=versioned,
        item=item,
    )
    text = loaded.text if "!" in loaded.text else None
    builder = _Builder(track_aliases=track_aliases, text=text)
    try:
        document.data = builder.build(node)
    except (LimitExceeded, _KeyNotText, _UnsupportedTag) as error:
        loaded.diagnostics.append(_refusal(document, error))
        document.data = _identity(node, loaded.text)  # what it is, if not what it says
        loaded.partial.append(document)
        return None
    for key_node, key in builder.duplicate_keys:
        loaded.diagnostics.append(
            document.diagnostic("CJM101", f"key '{key}' appears twice in one mapping", key_node)
        )
    return document


def _refusal(document: Document, error: Exception) -> Diagnostic:
    """The one finding for a document composed whole but refused while being built."""
    if isinstance(error, LimitExceeded):
        return document.diagnostic("CJM106", error.message, error.node)
    if isinstance(error, _KeyNotText):
        return document.diagnostic("CJM102", "a mapping key must be plain text", error.node)
    assert isinstance(error, _UnsupportedTag)
    return document.diagnostic(
        "CJM100", f"unsupported YAML tag {printable(error.node.tag)!r}", error.node
    )


# ---------------------------------------------------------------------------------------
# What a document that cannot be read whole still says about itself.


def _identity(node: MappingNode, text: str, *, before: int | None = None) -> dict[str, Any]:
    """The document's ``cjm``, ``kind`` and ``id``, where each is a top-level scalar.

    A mistake further down (a tag, a nesting limit, a syntax error) does not change
    what the document is; the values are read with the same meaning as in a whole
    document (``id: 007`` is ``'007'``), and one that cannot be read is left out.

    With ``before`` (the 0-based line of a syntax error), only values on one line above
    it count: the parser hands over the scalar just before an error, and that one may
    be the mistake itself (``id: s: ms`` gives ``s``; an ``id: marta`` followed by a
    line indented one space too far gives ``marta name``), as may a quote that runs on
    over the lines below it.
    """
    builder = _Builder(track_aliases=False, text=text if "!" in text else None)
    identity: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if type(key_node) is not ScalarNode or key_node.value not in _IDENTITY_KEYS:
            continue
        try:
            if type(value_node) is not ScalarNode:
                raise _UnsupportedTag(value_node)
            line = value_node.start_mark.line
            if before is not None and not line == value_node.end_mark.line < before:
                raise _UnsupportedTag(value_node)
            identity[key_node.value] = builder._scalar(value_node)
        except _UnsupportedTag:  # a list as the id, a tag cjm refuses...: not known
            identity.pop(key_node.value, None)
    return identity


def _read_up_to(
    loaded: LoadedFile,
    error: yaml.MarkedYAMLError,
    last: tuple[int, Node] | None,
    add: Callable[[int, Node], None],
) -> None:
    """After a syntax error: the broken document as far as it can be read, and the
    unknown rest of the file when another document may start after the error.

    The composer gives nothing of a document it could not finish, so the text is
    parsed again as events, which stop exactly at the error: the top-level pairs seen
    by then are the document's identity as far as it was written before the mistake
    (``cjm``, ``kind`` and ``id`` come first by convention). A document that another
    file names is then still known, and one whose identity comes after the mistake
    makes every reference of its kind (of any kind, when even the kind is unread)
    unsure instead of dangling.

    When the error comes before another document starts, the last document composed
    is the broken one: a line indented wrongly at the top level (`` cjm: 1`` above
    ``kind: persona``) ends a document early, and the rest is no document at all. The
    part before the error is then no map of its own, only the start of the broken one.
    """
    assert loaded.text is not None
    text = loaded.text
    mark = error.problem_mark or error.context_mark
    stop = (mark.line, mark.column) if mark is not None else (0, 0)
    started, root = _top_level_read(text, loaded.yaml_documents, stop)
    if started:
        if last is not None:
            add(*last)  # whole: the error is in a document after it
    elif last is not None:
        root = last[1] if type(last[1]) is MappingNode else None
    if root is None:
        loaded.stopped_at(*stop)
        return
    document = Document(
        loaded.path,
        loaded.display_path,
        loaded.yaml_documents if started or last is None else last[0],
        root,
        _identity(root, text, before=stop[0]),
        text,
        versioned=_key_node(root, "cjm") is not None,
    )
    loaded.partial.append(document)
    # A later document starts at a marker line at column 0, which cannot occur inside
    # a value: none after the error means the broken document was the file's last.
    line_start = text.rfind("\n", 0, mark.index) + 1 if mark is not None else 0
    rest = _DOCUMENT_MARKER.search(text, line_start)
    if rest is not None:
        loaded.stopped_at(text.count("\n", 0, rest.start()), 0)


def _top_level_read(
    text: str, broken: int, stop: tuple[int, int]
) -> tuple[bool, MappingNode | None]:
    """Whether document number ``broken`` started before the syntax error, and its
    top-level scalar pairs read by then, as a mapping node (None when that document is
    not a mapping, or nothing of it was read).

    Only the identity keys' pairs are kept, with scalar values: a collection says
    nothing of what a document is, and may itself be cut short. Once all three are
    read, above the error's line, the rest need not be parsed again.
    """
    parser = _NodeParser(text)
    pairs: list[tuple[Node, Node]] = []
    found: set[str] = set()
    start: Mark | None = None
    documents = -1
    depth = 0
    items = 0  # complete nodes at the root mapping's level: keys and values alternate
    key: ScalarNode | None = None
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > broken:
                    break
                continue
            if documents < broken:
                continue
            if isinstance(event, CollectionStartEvent):
                if depth == 0:
                    if not isinstance(event, MappingStartEvent):
                        return True, None  # a list or other shape: no identity read here
                    start = _mark(event.start_mark)
                depth += 1
                continue
            if isinstance(event, CollectionEndEvent):
                depth -= 1
                if depth == 1:
                    key = None  # a collection as key or value: that pair is not read
                    items += 1
                continue
            if depth != 1 or not isinstance(event, ScalarEvent | AliasEvent):
                continue
            items += 1
            node = _scalar_node(parser, event) if isinstance(event, ScalarEvent) else None
            if items % 2:
                key = node if node is not None and node.value in _IDENTITY_KEYS else None
            elif key is not None and node is not None:
                pairs.append((key, node))
                if node.end_mark.line < stop[0]:
                    found.add(key.value)
                    if found == _IDENTITY_KEYS:
                        break
    except yaml.YAMLError:
        pass  # the error the composer met: everything before it has been seen
    finally:
        parser.dispose()
    if start is None:
        return documents >= broken, None
    end = Mark("", 0, stop[0], stop[1], None, 0)
    return True, MappingNode("tag:yaml.org,2002:map", pairs, start, end)


def _scalar_node(parser: _NodeParser, event: ScalarEvent) -> ScalarNode:
    """The node the composer would make of ``event`` (the resolver marks plain text)."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = parser.resolve(ScalarNode, event.value, event.implicit)
    start, end = _mark(event.start_mark), _mark(event.end_mark)
    return ScalarNode(tag, event.value, start, end, event.style)


def _mark(mark: Any) -> Mark:
    """A place as nodes keep it, from an event's (libyaml's marks are of their own type)."""
    return Mark("", mark.index, mark.line, mark.column, None, 0)


def _unknown_document(loaded: LoadedFile, line: int, column: int) -> Document:
    """A stand-in for what cannot be read at all from ``line``/``column`` (0-based) on:
    its identity is unknown, so it may define anything."""
    mark = Mark(loaded.display_path, 0, line, column, None, 0)
    node = MappingNode("tag:yaml.org,2002:map", [], mark, mark)
    return Document(
        loaded.path, loaded.display_path, -1, node, {}, loaded.text or "", versioned=False
    )


#: libyaml's words for the mistakes people make most, and what to do about each.
_HINTS = (
    (
        "mapping values are not allowed",
        "a ': ' inside plain text starts a mapping: quote the value, or check this "
        "line's indentation",
    ),
    ("did not find expected '-' indicator", "this list item is not indented like the ones above"),
    ("did not find expected key", "this line is not indented like the other keys of its mapping"),
    (
        "could not find expected ':'",
        "a line inside a mapping has no 'key: value' colon, or a multi-line value is not quoted",
    ),
    ("did not find expected ',' or ']'", "a '[' list is not closed with ']'"),
    ("did not find expected ',' or '}'", "a '{' mapping is not closed with '}'"),
    ("found undefined alias", "an '*alias' must name an '&anchor' defined above it"),
    (
        "found unknown escape character",
        "in double quotes a backslash starts an escape: write '\\\\' or use single quotes",
    ),
)


_TAB_HINT = "YAML indents with spaces, not tabs"


def _hint(problem: str, context: str, character: str) -> str:
    """A plain-words hint for a libyaml error, or ''.

    A tab breaks YAML in several ways, each with its own words: a tab that starts a
    line's content "cannot start any token" (the pure-Python scanner names the
    character in the message itself), one before a key or list item in a block
    "violates indentation", one in a block scalar's indentation is "where an
    indentation space is expected". They all have one fix.
    """
    if "tab character" in problem or "'\\t'" in problem:
        return _TAB_HINT
    if "cannot start any token" in problem:
        if character == "\t":
            return _TAB_HINT
        if character and character in "@`":
            return f"'{character}' cannot start plain text in YAML: quote the value"
        return ""
    if "end of stream" in problem and "quoted scalar" in context:
        return "a quote opened here is never closed"
    for words, hint in _HINTS:
        if words in problem:
            return hint
    return ""


def _yaml_error(error: yaml.MarkedYAMLError, display_path: str, text: str = "") -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    if "quoted scalar" in (error.context or "") and error.context_mark is not None:
        mark = error.context_mark  # where the quote was opened, not the end of the file
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = error.problem or "invalid YAML"
    character = ""
    if mark is not None and text:
        lines = text.split("\n", mark.line + 1)
        if mark.line < len(lines):
            character = lines[mark.line][mark.column : mark.column + 1]
    if "maximum nesting depth" in problem:
        return validation_diagnostic(
            "CJM106",
            "nesting too deep: libyaml refuses more than 1000 levels",
            path=display_path,
            line=line,
            column=column,
        )
    context = f" ({error.context})" if error.context else ""
    hint = _hint(problem, error.context or "", character)
    return validation_diagnostic(
        "CJM100",
        f"YAML syntax error: {problem}{context}" + (f": {hint}" if hint else ""),
        path=display_path,
        line=line,
        column=column,
    )


# ---------------------------------------------------------------------------------------
# From a location in the data back to the nodes that hold it.


def find_node(root: Node, loc: Sequence[str | int]) -> tuple[Node | None, Node, int]:
    """Follow ``loc`` (keys and indexes, as pydantic reports them) down the node graph.

    Returns the key node of the last mapping step (None after a list index), the node
    reached, and how many parts of ``loc`` were followed; parts that do not exist in the
    nodes (pydantic's union branch names, a missing field) stop the walk there.
    """
    key_node: Node | None = None
    node = root
    followed = 0
    for part in loc:
        if type(node) is MappingNode:
            for candidate_key, candidate_value in node.value:
                if candidate_key.value == part:
                    key_node, node = candidate_key, candidate_value
                    break
            else:
                return key_node, node, followed
        elif type(node) is SequenceNode and type(part) is int and 0 <= part < len(node.value):
            key_node = None
            node = node.value[part]
        else:
            return key_node, node, followed
        followed += 1
    return key_node, node, followed


def object_anchor(node: Node) -> Node:
    """Where a whole-object finding points: the ``id:`` key, else the first key."""
    if type(node) is MappingNode and node.value:
        pairs: list[tuple[Node, Node]] = node.value
        for key_node, _ in pairs:
            if key_node.value == "id":
                return key_node
        return pairs[0][0]
    return node
