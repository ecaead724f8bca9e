"""What every formatter receives, and where the paths in it point.

Diagnostic paths are relative to the current folder, as people read them (``text`` and
``json``). Code-scanning services (GitHub's annotations and SARIF upload, GitLab's Code
Quality widget) place findings by paths relative to the repository instead: those
formatters take them from :meth:`Report.locations`, the one place a path is re-based on
the root of the git work tree (:func:`repository_path`), so cjm run in a subfolder
still annotates the right file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cjm.diagnostics import CodeInfo, Diagnostic, Summary
from cjm.paths import absolute, repository_root


@dataclass(frozen=True, slots=True)
class Report:
    """What a formatter needs: findings, counts, and the catalogue of codes they use.

    ``folder`` is the folder the diagnostic paths are relative to; ``None`` means the
    current folder when the report is formatted (what the CLI wants). Tests give a fixed
    folder so formats that print absolute locations stay byte-identical.
    """

    diagnostics: Sequence[Diagnostic]
    summary: Summary
    codes: Mapping[str, CodeInfo]
    color: bool = False
    quiet: bool = False
    folder: str | None = None

    def current_folder(self) -> str:
        """The absolute folder the diagnostic paths are relative to."""
        return str(absolute(os.getcwd() if self.folder is None else self.folder))

    def locations(self) -> tuple[str, list[RepositoryPath]]:
        """The source root and each diagnostic's file seen from it, in order.

        The root is looked up once per report, not once per diagnostic.
        """
        folder = self.current_folder()
        root = source_root(folder)
        return root, [
            repository_path(diagnostic.path, folder=folder, root=root)
            for diagnostic in self.diagnostics
        ]


def source_root(folder: str) -> str:
    """The root of the git work tree that holds ``folder``, else ``folder`` itself.

    :func:`cjm.paths.repository_root` answers, the walk ``cjm diff`` uses too, without
    running git: formatting must not depend on git being installed. ``folder`` must be
    absolute.
    """
    root = repository_root(Path(folder))
    return folder if root is None else str(root)


@dataclass(frozen=True, slots=True)
class RepositoryPath:
    """A diagnostic's file as seen from the source root.

    ``path`` is POSIX text: relative to the root when ``inside``, else absolute (a file
    outside the repository has no repository-relative name, and ``../`` would point
    outside what a code-scanning service can show).
    """

    path: str
    inside: bool
    absolute: str


def repository_path(path: str, *, folder: str, root: str) -> RepositoryPath:
    """``path`` (relative to ``folder``) re-based on ``root``.

    ``normpath``, not ``resolve()``: a symlinked file keeps the name the user gave it,
    which is the name the repository holds.
    """
    absolute = os.path.normpath(os.path.join(folder, path))
    try:
        inside = os.path.commonpath([root, absolute]) == root
    except ValueError:  # another drive on Windows
        inside = False
    if inside:
        relative = os.path.relpath(absolute, root)
        return RepositoryPath(relative.replace(os.sep, "/"), True, absolute)
    return RepositoryPath(absolute.replace(os.sep, "/"), False, absolute)
