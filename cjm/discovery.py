"""Which files are workspace content: one answer for a folder on disk and a git revision.

``cjm diff HEAD`` on an unchanged tree must find the same files on both sides, so the
rules live here once and both readers ask this module:

- a file is content when its name ends in ``.yaml`` or ``.yml``;
- nothing hidden (a file or folder whose name starts with ``.``) below the workspace;
- ``cjm.yaml`` / ``cjm.yml`` at the workspace root configure the workspace and are not
  content; a file of that name in a subfolder (a CI workflow
  ``.github/workflows/cjm.yml``, a nested map) is content like any other, so the
  same name means one thing wherever a scan meets it;
- the ``exclude`` patterns of ``cjm.yaml`` are read as ``.gitignore`` lines, by
  ``pathspec``: ``*``, ``?``, ``[]`` stay within a name, ``**`` crosses folders, a
  pattern without an inner ``/`` matches at any depth, a leading ``/`` anchors it to
  the workspace root, a trailing ``/`` matches folders only, and ``!`` includes again
  what an earlier pattern excluded, except below an excluded folder (git never looks
  inside one, and neither does cjm). One convenience of cjm's own: ``./x`` means
  ``/x``, where git would match nothing;
- files larger than :data:`cjm.loader.MAX_FILE_BYTES` are not read (CJM106);
- symbolic links: a link to a file is read through the link, under the link's name;
  a link to a folder is never entered (:data:`FOLLOW_FOLDER_LINKS`), so a scan cannot
  loop and a revision, where git does not follow links inside trees, reads the same.

``pathspec`` is imported only when a workspace configures ``exclude``, so ``cjm --help``
never pays for it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from cjm.loader import MAX_FILE_BYTES

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

__all__ = [
    "CONFIG_NAMES",
    "FOLLOW_FOLDER_LINKS",
    "MAX_FILE_BYTES",
    "YAML_SUFFIXES",
    "Rules",
    "is_candidate",
    "is_hidden",
]

CONFIG_NAMES = ("cjm.yaml", "cjm.yml")
YAML_SUFFIXES = (".yaml", ".yml")
#: A link to a folder is not entered, on disk (``os.walk``) or at a revision.
FOLLOW_FOLDER_LINKS = False


def is_hidden(relative: str) -> bool:
    """Whether any name in a POSIX path is hidden (or empty, which no real path has)."""
    return any(not part or part.startswith(".") for part in relative.split("/"))


def is_candidate(relative: str) -> bool:
    """Whether a path relative to the root may matter at all: a YAML name, nothing hidden.

    ``cjm.yaml`` is a candidate (it must be read, as configuration); the ``exclude``
    patterns it holds are applied afterwards, by :meth:`Rules.is_content`.
    """
    return relative.endswith(YAML_SUFFIXES) and not is_hidden(relative)


class Rules:
    """The content rules of one workspace: the fixed ones plus its ``exclude`` patterns."""

    def __init__(self, exclude: Sequence[str] = ()) -> None:
        self.exclude = tuple(exclude)
        self._patterns = _compile(self.exclude) if self.exclude else ()
        self._folders: dict[str, bool] = {}

    def is_content(self, relative: str) -> bool:
        """Whether a file, by its POSIX path relative to the workspace root, is content."""
        if not _is_content_path(relative) or is_hidden(relative):
            return False
        return not self.is_excluded(relative)

    def is_excluded(self, relative: str) -> bool:
        """Whether an ``exclude`` pattern leaves out this file or a folder above it."""
        if not self._patterns:
            return False
        parts = relative.split("/")
        folders = ("/".join(parts[:end]) for end in range(1, len(parts)))
        if any(self.folder_is_excluded(folder) for folder in folders):
            return True
        return _last_match(self._patterns, relative, folder=False)

    def folder_is_excluded(self, relative: str) -> bool:
        """Whether the folder itself is excluded (its parents are asked separately)."""
        if not self._patterns:
            return False
        known = self._folders.get(relative)
        if known is None:
            known = self._folders[relative] = _last_match(self._patterns, relative, folder=True)
        return known

    def scan(self, folder: Path, root: Path) -> Iterator[Path]:
        """Content files below ``folder`` on disk, sorted within each folder.

        Paths are matched relative to ``root`` (a folder outside it: relative to
        itself), so naming an excluded folder finds nothing in it; hidden names count
        only below ``folder``, so a hidden folder named on the command line is read.
        """
        base = _relative(folder, root)
        if base is None:
            base, root = "", folder
        if base and any(self.folder_is_excluded(f) for f in _folders_of(base)):
            return
        for current, folders, names in os.walk(folder, followlinks=FOLLOW_FOLDER_LINKS):
            current_path = Path(current)
            relative = _relative(current_path, root) or ""
            folders[:] = sorted(
                name
                for name in folders
                if not name.startswith(".") and not self.folder_is_excluded(_join(relative, name))
            )
            for name in sorted(names):
                path = _join(relative, name)
                if _is_content_path(path) and not _last_match(self._patterns, path, folder=False):
                    yield current_path / name


@dataclass(frozen=True, slots=True)
class _Pattern:
    """One ``exclude`` line, and git's question of it: does it match this path itself?

    pathspec answers for a path or any folder above it at once, and lets a ``!`` line
    bring back a file below an excluded folder, which git does not. The callers ask
    about each folder above in turn, so here the path alone counts; pathspec's public
    API has no way to say so (``a/*`` and ``a/**`` match the same paths there, yet
    only ``a/**`` matches ``a/x/y`` itself), so the question is put to it in a form
    where nothing above the path can match: the last name alone for a pattern that
    matches at any depth, else the pattern and the path each followed by a name no
    path has (:data:`_NO_NAME`).
    """

    excludes: bool  # False for a ``!`` line
    folders_only: bool  # a trailing ``/``
    at_any_depth: bool  # no ``/`` but a trailing one: matched against the last name
    spec: GitIgnoreSpec

    def matches_itself(self, relative: str, *, folder: bool) -> bool:
        if self.folders_only and not folder:
            return False
        if self.at_any_depth:
            return self.spec.match_file(relative.rsplit("/", 1)[-1])
        return self.spec.match_file(f"{relative}/{_NO_NAME}")


#: A name no file or folder has (git refuses it in trees, the system in paths).
_NO_NAME = "\x00"


def _compile(patterns: Sequence[str]) -> tuple[_Pattern, ...]:
    return _compile_cached(tuple(patterns))


@cache
def _compile_cached(patterns: tuple[str, ...]) -> tuple[_Pattern, ...]:
    from pathspec import GitIgnoreSpec

    compiled: list[_Pattern] = []
    for entry in patterns:
        line = _as_gitignore(entry)
        read = GitIgnoreSpec.from_lines([line]).patterns
        if not read or read[0].include is None:
            continue  # a blank line or a comment
        excludes = read[0].include
        name = _trimmed(line if excludes else line[1:])
        folders_only = name.endswith("/")
        name = name.removesuffix("/")
        if not name:
            continue
        at_any_depth = "/" not in name
        if not at_any_depth:
            # ``x/**`` is what is strictly inside ``x``; followed by another name,
            # ``/**/`` would also match no folder at all (``x/<name>``): ``x/**/*``.
            if name.endswith("/**"):
                name += "/*"
            name = f"{name}/{_NO_NAME}"
        compiled.append(
            _Pattern(excludes, folders_only, at_any_depth, GitIgnoreSpec.from_lines([name]))
        )
    return tuple(compiled)


def _as_gitignore(pattern: str) -> str:
    """An ``exclude`` entry as the ``.gitignore`` line it means: ``./x`` is cjm's own
    spelling of ``/x``."""
    return "/" + pattern[2:] if pattern.startswith("./") else pattern


def _trimmed(line: str) -> str:
    """Without the trailing spaces git ignores: those no backslash escapes."""
    name = line.rstrip(" ")
    if len(name) < len(line) and (len(name) - len(name.rstrip("\\"))) % 2:
        name += " "  # ``x\ `` ends in an escaped space
    return name


def _last_match(patterns: Sequence[_Pattern], relative: str, *, folder: bool) -> bool:
    """Whether the last pattern that matches the path itself excludes it (git's rule)."""
    excluded = False
    for pattern in patterns:
        if pattern.matches_itself(relative, folder=folder):
            excluded = pattern.excludes
    return excluded


def _is_content_path(relative: str) -> bool:
    """A YAML name, not hidden, and not the configuration: that is only at the root.

    ``relative`` is the POSIX path from the workspace root; a ``cjm.yml`` deeper down
    is content, so a CI workflow of that name is skipped as a non-cjm file, not read as
    settings (docs/format.md).
    """
    name = relative.rsplit("/", 1)[-1]
    return (
        name.endswith(YAML_SUFFIXES) and not name.startswith(".") and relative not in CONFIG_NAMES
    )


def _folders_of(relative: str) -> Iterator[str]:
    parts = relative.split("/")
    return ("/".join(parts[:end]) for end in range(1, len(parts) + 1))


def _relative(path: Path, root: Path) -> str | None:
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        return None
    return "" if relative == "." else relative


def _join(relative: str, name: str) -> str:
    return f"{relative}/{name}" if relative else name
