"""Find a workspace's files, read ``cjm.yaml``, and resolve every document once.

Every command goes through :func:`load_workspace`: there is one loader and one model,
so ``validate``, ``lint``, ``diff`` and ``render`` can never disagree about what a file
means. The result is a :class:`Workspace` with typed, reference-checked objects.
"""

from __future__ import annotations

import copy as copy_module
import gc
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, TypeVar, cast, overload

from cjm.diagnostics import Diagnostic, sort_diagnostics, validation_diagnostic
from cjm.discovery import CONFIG_NAMES, Rules
from cjm.loader import (
    Document,
    LoadedFile,
    load_bytes,
    object_anchor,
    read_bytes,
    too_large,
)
from cjm.model import (
    DOCUMENT_KINDS,
    DOCUMENT_MODELS,
    JourneyDocument,
    PersonaDocument,
    SegmentDocument,
    Step,
    TouchpointDocument,
    TouchpointFields,
    WorkspaceConfig,
)
from cjm.outline import Outline, Registry, outline_of, partial_outline
from cjm.paths import absolute
from cjm.validate import (
    Entry,
    check_ids_and_references,
    is_supported_version,
    validate_document,
    version_message,
)

_Model = TypeVar("_Model")


class WorkspaceError(Exception):
    """A usage problem (a path that does not exist): exit status 2, not a diagnostic."""


class _Documents(Generic[_Model]):
    """``workspace.personas`` and its siblings: one kind's valid documents by id, typed.

    Python's type checkers need each attribute declared, so each kind has one line in
    :class:`Workspace`; everything else (which kind, which documents) comes from the
    model's kinds table, and a name that is not the row's ``plural`` fails at import.
    """

    def __init__(self, model: type[_Model]) -> None:
        (self.info,) = (info for info in DOCUMENT_KINDS if info.model is model)

    def __set_name__(self, owner: type, name: str) -> None:
        if name != self.info.plural:
            raise TypeError(f"{self.info.kind} documents are workspace.{self.info.plural}")

    @overload
    def __get__(self, workspace: None, owner: type) -> _Documents[_Model]: ...
    @overload
    def __get__(self, workspace: Workspace, owner: type) -> dict[str, _Model]: ...
    def __get__(
        self, workspace: Workspace | None, owner: type
    ) -> _Documents[_Model] | dict[str, _Model]:
        if workspace is None:
            return self
        return cast("dict[str, _Model]", workspace._by_kind[self.info.kind])


@dataclass
class Workspace:
    """Everything cjm knows about a set of files, resolved.

    ``diagnostics`` holds only findings in the files the user asked about; the rest of
    the workspace is read so that references resolve, not so it is reported on.
    """

    root: Path
    config: WorkspaceConfig
    config_path: Path | None
    config_document: Document | None
    files: list[LoadedFile]
    entries: list[Entry]
    diagnostics: list[Diagnostic]
    outlines: list[Outline] = field(default_factory=list)
    scope_files: int = 0
    scope_documents: int = 0
    _scope: frozenset[str] = field(default_factory=frozenset, repr=False)
    _visible: dict[int, dict[str, TouchpointFields]] = field(default_factory=dict, repr=False)

    # The typed accessors of the documented Python API; each reads its kind's row of
    # the model's kinds table (its name is checked against the row's ``plural``).
    personas = _Documents(PersonaDocument)
    segments = _Documents(SegmentDocument)
    #: Shared touchpoints (their own documents); inline ones live on their journey.
    touchpoints = _Documents(TouchpointDocument)
    journeys = _Documents(JourneyDocument)

    def valid_documents(self, kind: str) -> Mapping[str, object]:
        """The valid documents of ``kind`` by id (the typed accessors above, by name)."""
        return self._by_kind[kind]

    @cached_property
    def _by_kind(self) -> dict[str, dict[str, object]]:
        """The first valid document of each id, per kind (a repeated id is CJM103)."""
        found: dict[str, dict[str, object]] = {kind: {} for kind in DOCUMENT_MODELS}
        for entry in self.entries:
            found[entry.kind].setdefault(entry.model.id, entry.model)
        return found

    @cached_property
    def _entries_by_model(self) -> dict[int, Entry]:
        return {id(entry.model): entry for entry in self.entries}

    def entry_of(self, model: object) -> Entry:
        """The document a model came from, for positions and paths."""
        return self._entries_by_model[id(model)]

    def in_scope(self, entry: Entry) -> bool:
        """Whether the user asked about this document's file (diagnostics are kept)."""
        return entry.document.display_path in self._scope

    def touchpoints_visible_to(self, journey: JourneyDocument) -> dict[str, TouchpointFields]:
        """Shared touchpoints plus the journey's own inline ones (read-only, cached: rules
        ask once per step)."""
        key = id(journey)
        visible = self._visible.get(key)
        if visible is None:
            visible = dict(self.touchpoints)
            visible.update((touchpoint.id, touchpoint) for touchpoint in journey.touchpoints)
            self._visible[key] = visible
        return visible

    def touchpoints_of_step(self, journey: JourneyDocument, step: Step) -> list[TouchpointFields]:
        """The step's touchpoints that resolve (a dangling id was reported as CJM104)."""
        visible = self.touchpoints_visible_to(journey)
        return [visible[ref] for ref in step.touchpoint if ref in visible]

    @cached_property
    def registry(self) -> Registry:
        """Every document id, valid documents or not (see :mod:`cjm.outline`); built
        once, by the reference checks while loading."""
        return Registry.of(self.outlines)

    def defined_by_invalid(self, kind: str, identifier: str) -> bool:
        """Whether ``identifier`` may be a ``kind`` whose document did not validate: its
        fields are unknown, so a rule that needs them cannot judge (nor call it dangling).
        """
        if identifier in self.valid_documents(kind):
            return False
        return self.registry.defines(kind, identifier) or kind in self.registry.unsure

    @cached_property
    def shared_touchpoints_in_use(self) -> frozenset[str] | None:
        """Ids of shared touchpoints named by some journey's steps, valid journeys or not;
        None when a document cjm cannot fully read might name more (then no touchpoint
        can be called unused)."""
        used: set[str] = set()
        for outline in self.outlines:
            if outline.kind is None:
                return None  # an unreadable kind may be a journey
            if outline.kind != "journey":
                continue
            if "touchpoint" in outline.unsure_references:
                return None
            inline = outline.defined.get("touchpoint", {})
            used.update(
                reference.identifier
                for reference in outline.references
                if reference.field.target == "touchpoint" and reference.identifier not in inline
            )
        return frozenset(used)

    @property
    def has_errors(self) -> bool:
        return any(diagnostic.severity.value == "error" for diagnostic in self.diagnostics)


def find_config(start: Path) -> Path | None:
    """``cjm.yaml`` in ``start`` or the nearest folder above it.

    A file named on the command line is content, never its own configuration (docs/format.md,
    Workspace): ``cjm validate .github/workflows/cjm.yml`` checks the workflow as a file
    of the workspace above it, instead of reading ``on:`` and ``jobs:`` as settings.
    """
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            config = candidate / name
            if config != start and config.is_file():
                return config
    return None


def display_path(path: Path) -> str:
    """Relative to the current folder, POSIX separators, as diagnostics print paths."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        relative = str(path)
    return Path(relative).as_posix()


def load_workspace(*paths: str | os.PathLike[str]) -> Workspace:
    """Load the workspace that holds ``paths``; see :func:`_load_workspace`.

    The cyclic garbage collector is paused while loading: loading allocates millions
    of small acyclic objects (nodes, marks, dicts) that reference counting frees, and
    each full collection would scan all the models built so far, which made loading a
    large workspace several times slower.
    """
    with paused_gc():
        return _load_workspace(*paths)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while cjm builds many acyclic objects.

    Loading creates millions of nodes, marks and dicts that reference counting frees;
    with a workspace's models alive, every automatic collection would scan them all
    again, which made loading (and re-composing documents for positions) several times
    slower. Commands that build nodes after loading use this too.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _load_workspace(*paths: str | os.PathLike[str]) -> Workspace:
    """Load the workspace that holds ``paths`` (default: the current folder).

    With a ``cjm.yaml`` (in the first path or above it) the whole workspace is read, so
    references resolve even when one changed file is named (a pre-commit hook), and
    diagnostics are kept for the named paths only. Without one, the named paths are the
    workspace.
    """
    targets = [Path(path) for path in paths] or [Path(".")]
    for target in targets:
        if not target.exists():
            raise WorkspaceError(f"path '{target}' does not exist")
    config_path = find_config(absolute(targets[0]))
    root = config_path.parent if config_path is not None else _default_root(targets[0])
    config_diagnostics: list[Diagnostic] = []
    config = WorkspaceConfig(cjm=1)
    config_document: Document | None = None
    if config_path is not None:
        source = _Source(config_path, display_path(config_path), False, config=True)
        config, config_document, config_diagnostics = config_from(_loaded(source))

    rules = Rules(config.exclude)
    scanned: dict[Path, list[Path]] = {}

    def scan(folder: Path) -> list[Path]:
        """A folder's content files, walked once (``cjm validate .`` names the root)."""
        if folder not in scanned:
            scanned[folder] = list(rules.scan(folder, root))
        return scanned[folder]

    # Anything named that is not a folder is read as a file, so a FIFO or a device is
    # refused with its own diagnostic instead of being left out in silence.
    named_files = {absolute(target) for target in targets if not target.is_dir()}
    scope_files: set[Path] = set(named_files)
    for target in targets:
        if target.is_dir():
            scope_files.update(scan(absolute(target)))
    all_files = set(scope_files)
    if config_path is not None:
        all_files.update(scan(root))
    all_files.discard(config_path if config_path else Path())

    shown = _display_paths(all_files)
    sources = [
        _Source(path, shown[path], path in named_files)
        for path in sorted(all_files, key=shown.__getitem__)
    ]
    return _assemble(
        root=root,
        config=(config, config_path, config_document, config_diagnostics),
        sources=sources,
        scope=frozenset(shown[path] for path in scope_files),
    )


def _display_paths(paths: Iterable[Path]) -> dict[Path, str]:
    """:func:`display_path` of each path, the relative path worked out once per folder
    (``os.path.relpath`` asks for the current folder on every call)."""
    folders: dict[str, str] = {}
    shown: dict[Path, str] = {}
    for path in paths:
        parent, _, name = str(path).rpartition(os.sep)
        folder = folders.get(parent)
        if folder is None:
            folder = folders[parent] = display_path(path.parent)
        shown[path] = name if folder == "." else f"{folder}/{name}"
    return shown


def load_workspace_from_memory(
    files: Mapping[str, bytes | int | str], *, display_prefix: str, scope: str = ""
) -> Workspace:
    """A workspace whose files are given as ``{relative POSIX path: bytes}``.

    A file given by its size alone (an int) was too large to read: it is refused with
    CJM106, as on disk. A file given as text is one that cannot be read at all (a
    symbolic link that leads nowhere), the text saying why: CJM100, as on disk.

    This is how a git revision is read (``cjm diff``): the same discovery rules
    (``cjm.yaml`` at the root, hidden folders, ``exclude``), the same loader and the same
    checks as on disk, without writing anything. Display paths are ``display_prefix``
    followed by the relative path (``HEAD~1:maps/ania.yaml``); only files under
    ``scope`` (a relative folder, "" for all) are reported on.
    """
    with paused_gc():
        config_name = next((name for name in CONFIG_NAMES if name in files), None)
        config_parts: tuple[WorkspaceConfig, Path | None, Document | None, list[Diagnostic]]
        config_parts = (WorkspaceConfig(cjm=1), None, None, [])
        if config_name is not None:
            config_path = Path(display_prefix + config_name)
            loaded = _loaded(
                _Source(
                    config_path,
                    display_prefix + config_name,
                    False,
                    files[config_name],
                    config=True,
                )
            )
            settings, document, problems = config_from(loaded)
            config_parts = (settings, config_path, document, problems)
        rules = Rules(config_parts[0].exclude)
        chosen = sorted(relative for relative in files if rules.is_content(relative))
        prefix = scope.strip("/") + "/" if scope.strip("/") else ""
        sources = [
            _Source(
                Path(display_prefix + relative), display_prefix + relative, False, files[relative]
            )
            for relative in chosen
        ]
        in_scope = frozenset(
            display_prefix + relative for relative in chosen if relative.startswith(prefix)
        )
        return _assemble(root=Path("."), config=config_parts, sources=sources, scope=in_scope)


@dataclass(frozen=True, slots=True)
class _Source:
    """One file to load: where it is, how it is shown, and its bytes when in memory."""

    path: Path
    display: str
    named: bool
    #: None: read from disk; an int: only the size is known; text: why it cannot be read.
    data: bytes | int | str | None = None
    config: bool = False  # cjm.yaml: every mapping is read, with or without ``cjm:``

    def raw(self) -> bytes | LoadedFile:
        """The file's bytes, or what was loaded of a file whose bytes cannot be read
        (its one finding; its contents unknown)."""
        if self.data is None:
            raw, problem = read_bytes(self.path, self.display)
            if raw is not None:
                return raw
            assert problem is not None
        elif isinstance(self.data, bytes):
            return self.data
        elif isinstance(self.data, str):
            problem = validation_diagnostic(
                "CJM100",
                f"cannot read file: {self.data}",
                path=self.display,
                line=1,
                column=1,
            )
        else:
            problem = too_large(self.data, self.display)
        loaded = LoadedFile(self.path, self.display, diagnostics=[problem])
        loaded.stopped_at()  # whatever it holds may define anything
        return loaded


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one file says on its own: its documents checked, before any other file is
    known (references are checked once all are read)."""

    loaded: LoadedFile
    problems: list[Diagnostic]  # its documents' own findings (version, kind, schema)
    entries: list[Entry]
    outlines: list[Outline]


def _read(source: _Source) -> _Reading:
    """Load, validate and outline one file, or take what was read of it before when
    :func:`remembering_files` is on and its bytes have not changed."""
    memory = _memory.get()
    raw = source.raw()
    if isinstance(raw, LoadedFile):
        return _checked(raw)
    if memory is None:
        return _checked(load_bytes(raw, source.path, source.display, config=source.config))
    key = (source.path, source.display, source.config)
    known = memory.get(key)
    if known is not None and known[0] == raw and isinstance(known[1], _Reading):
        for entry in known[1].entries:
            entry.document.release()  # nodes composed again for a finding since
        return known[1]
    reading = _checked(load_bytes(raw, source.path, source.display, config=source.config))
    memory[key] = (raw, reading)
    return reading


def _loaded(source: _Source) -> LoadedFile:
    """One file loaded (``cjm.yaml``: not validated as a map), or what was loaded of
    it before when :func:`remembering_files` is on and its bytes have not changed.

    Settings are made from it afresh each time; its document is only read."""
    memory = _memory.get()
    raw = source.raw()
    if isinstance(raw, LoadedFile):
        return raw
    key = (source.path, source.display, source.config)
    known = memory.get(key) if memory is not None else None
    if known is not None and known[0] == raw and isinstance(known[1], LoadedFile):
        return known[1]
    loaded = load_bytes(raw, source.path, source.display, config=source.config)
    if memory is not None:
        memory[key] = (raw, loaded)
    return loaded


def _checked(loaded: LoadedFile) -> _Reading:
    """Each document validated and outlined; nodes released as soon as a document
    validates, so memory holds one file's nodes at a time plus the models."""
    reading = _Reading(loaded, [], [], [])
    for document in loaded.documents:
        model, problems = validate_document(document)
        reading.problems.extend(problems)
        checked = document.versioned and is_supported_version(document.data.get("cjm"))
        reading.outlines.append(outline_of(document, checked=checked))
        if model is not None:
            reading.entries.append(Entry(document, model))
            document.release()
    # What a file could not be read whole still says what it may define: its own
    # finding is the one the user sees, not dangling references in other files.
    reading.outlines.extend(partial_outline(document) for document in loaded.partial)
    return reading


_Memory = dict[tuple[Path, str, bool], tuple[bytes, _Reading | LoadedFile]]
_memory: ContextVar[_Memory | None] = ContextVar("cjm_workspace_memory", default=None)


@contextmanager
def remembering_files() -> Iterator[None]:
    """Within this block, a file read again with the same bytes is not read again.

    Loading a workspace is almost all parsing and validating each file, and what one
    file says on its own depends on its bytes alone: its references are checked
    afresh on every load, against the files as they are then. So a caller that loads
    one workspace many times, changing a file or two in between (a test that breaks
    each line of the examples in turn, an editor checking as the user types), parses
    only what changed. Files are compared by their bytes, never by modification time.
    What was read is dropped when the block ends.
    """
    token = _memory.set({})
    try:
        yield
    finally:
        _memory.reset(token)


def _assemble(
    *,
    root: Path,
    config: tuple[WorkspaceConfig, Path | None, Document | None, list[Diagnostic]],
    sources: Sequence[_Source],
    scope: frozenset[str],
) -> Workspace:
    """Load, validate and cross-check ``sources``: the one path every workspace takes."""
    settings, config_path, config_document, config_diagnostics = config
    diagnostics = list(config_diagnostics)
    files: list[LoadedFile] = []
    entries: list[Entry] = []
    outlines: list[Outline] = []
    documents = checked_files = 0
    # One file at a time, nodes released as soon as the file's documents validate, so
    # memory stays at one file's nodes plus the models however large the workspace.
    for source in sources:
        reading = _read(source)
        loaded = reading.loaded
        files.append(loaded)
        if loaded.display_path in scope:
            documents += len(loaded.documents)
            diagnostics.extend(loaded.diagnostics)
            diagnostics.extend(reading.problems)
            named_but_empty = source.named and _holds_nothing(loaded)
            if named_but_empty:
                diagnostics.append(_no_document(loaded))
            # Files skipped silently (CI workflows...) are not counted as checked.
            checked_files += bool(loaded.documents or loaded.diagnostics or named_but_empty)
        entries.extend(reading.entries)
        outlines.extend(reading.outlines)
    registry = Registry.of(outlines)
    diagnostics.extend(
        diagnostic
        for diagnostic in check_ids_and_references(outlines, registry)
        if diagnostic.path in scope
    )
    workspace = Workspace(
        root=root,
        config=settings,
        config_path=config_path,
        config_document=config_document,
        files=files,
        entries=entries,
        diagnostics=sort_diagnostics(diagnostics),
        outlines=outlines,
        scope_files=checked_files,
        scope_documents=documents,
        _scope=scope,
    )
    workspace.registry = registry  # the cached property, filled: built once
    return workspace


def _default_root(target: Path) -> Path:
    resolved = absolute(target)
    return resolved if resolved.is_dir() else resolved.parent


def _holds_nothing(loaded: LoadedFile) -> bool:
    return not loaded.documents and not loaded.diagnostics


def _no_document(loaded: LoadedFile) -> Diagnostic:
    return validation_diagnostic(
        "CJM105",
        "no cjm document in this file (a cjm document is a mapping with 'cjm: 1' and a kind)",
        path=loaded.display_path,
        line=1,
        column=1,
    )


def config_from(loaded: LoadedFile) -> tuple[WorkspaceConfig, Document | None, list[Diagnostic]]:
    """``cjm.yaml``, read by the same loader, each setting on its own.

    A mistake in one setting is one CJM102 at that setting, and the others still apply:
    a typo under ``lint:`` must not drop ``exclude`` and flood the report with files
    that were meant to be skipped. The document is kept (nodes and all) so that later
    checks of its values, such as lint codes, can point at them.
    """
    default = WorkspaceConfig(cjm=1)
    problems = list(loaded.diagnostics)
    if not loaded.documents:
        if problems or not loaded.yaml_documents:
            return default, None, problems
        message = "cjm.yaml must be a mapping with 'cjm: 1' and the workspace settings"
        problem = validation_diagnostic(
            "CJM105", message, path=loaded.display_path, line=1, column=1
        )
        return default, None, [problem]
    document = loaded.documents[0]
    data = dict(document.data)
    if "cjm" not in data:
        problems.append(
            document.diagnostic(
                "CJM105",
                "missing 'cjm: 1' in cjm.yaml (the settings below are read all the same)",
                object_anchor(document.node),
            )
        )
    elif not is_supported_version(data["cjm"]):
        problems.append(document.diagnostic_at("CJM105", version_message(data["cjm"]), ("cjm",)))
        return default, None, problems  # another version's settings may mean other things
    data["cjm"] = 1
    settings, schema_problems = _settings(document, data)
    return settings, document, problems + schema_problems


def _settings(document: Document, data: dict[str, Any]) -> tuple[WorkspaceConfig, list[Diagnostic]]:
    """The settings that are valid, and one diagnostic per setting that is not."""
    from pydantic import ValidationError

    from cjm.validate import schema_diagnostics

    try:
        return WorkspaceConfig.model_validate(data), []
    except ValidationError as error:
        errors = error.errors(include_url=False)
    problems = list(schema_diagnostics(document, WorkspaceConfig, errors))
    try:
        kept = WorkspaceConfig.model_validate(_without(data, [error["loc"] for error in errors]))
    except ValidationError:  # cannot happen for the shapes above; be safe all the same
        kept = WorkspaceConfig(cjm=1)
    return kept, problems


def _without(data: dict[str, Any], locs: Sequence[tuple[str | int, ...]]) -> dict[str, Any]:
    """A copy of ``data`` without the deepest existing value at each of ``locs``."""
    copy: dict[str, Any] = copy_module.deepcopy(data)
    doomed: list[tuple[Any, str | int]] = []
    for loc in locs:
        container: Any = copy
        place: tuple[Any, str | int] | None = None
        for part in loc:
            in_mapping = isinstance(container, dict) and part in container
            in_list = isinstance(container, list) and isinstance(part, int)
            in_list = in_list and int(part) < len(container)
            if not (in_mapping or in_list):
                break
            place = (container, part)
            container = container[part]
        if place is not None:
            doomed.append(place)
    for container, part in sorted(
        doomed, key=lambda item: item[1] if isinstance(item[1], int) else -1, reverse=True
    ):
        if isinstance(container, dict):
            container.pop(part, None)
        elif isinstance(part, int) and part < len(container):
            del container[part]
    return copy
