"""Where paths point: one rule for making a path absolute, and the one answer to "which
repository holds this folder".

Two parts of cjm need the root of the git work tree: the formatters that place findings
for code-scanning services (SARIF's ``%SRCROOT%``, GitHub annotations, GitLab Code
Quality), and ``cjm diff``, which reads a folder at a revision. They once found it two
ways (a ``.git`` walk and ``git rev-parse --show-toplevel``), which could disagree; both
now ask :func:`repository_root`. A path is made absolute by :func:`absolute`, one rule
where there were ``abspath`` and ``resolve()``. The module sits at the bottom of the
layers and imports nothing of cjm, so every layer may use it.
"""

from __future__ import annotations

import os
from pathlib import Path


def repository_root(folder: Path) -> Path | None:
    """The root of the git work tree holding ``folder`` (absolute), or ``None`` outside one.

    The nearest folder, ``folder`` itself or above, with a ``.git`` folder (a plain
    clone) or a ``.git`` file (a linked worktree, or a submodule, whose ``.git`` file
    points into the superproject's ``.git``): so a repository nested in another is its
    own root, as git sees it.

    A walk, not ``git rev-parse --show-toplevel``: the formatters must not depend on git
    being installed (and a walk is instant), and ``cjm diff``, which runs git anyway,
    takes the same answer so the two can never name different roots. The walk is
    lexical: it does not follow symlinks in ``folder``. git does (it works from the
    physical current folder), so a caller that hands the root to git gives the walk the
    physical folder (:func:`cjm.diff.git.repository_of` does); the current folder from
    ``os.getcwd()`` is physical already. What only git knows (``GIT_DIR``,
    ``GIT_WORK_TREE``, ``core.worktree``) is not consulted: cjm reads the work tree it
    stands in.
    """
    for candidate in (folder, *folder.parents):
        marker = os.path.join(candidate, ".git")
        # os.path, not Path.is_dir: an unreadable folder on the way up is "no marker
        # here", never an error that stops a report from being printed.
        if os.path.isdir(marker) or os.path.isfile(marker):
            return candidate
    return None


def absolute(path: str | os.PathLike[str]) -> Path:
    """``path`` made absolute as text (``os.path.abspath``): symbolic links are not followed.

    A path names what the user named: ``cjm lint link.yaml`` (as a pre-commit hook
    passes it) reports ``link.yaml`` and looks for ``cjm.yaml`` beside the link, and
    paths printed relative to the current folder keep the names the user typed, which
    ``resolve()`` would swap for the link's target. ``..`` is folded as text, as git and
    editors fold it.

    The one place links are followed on purpose is where git must name a folder
    (:func:`cjm.diff.git.repository_of`): git's tree holds the real folder, a link to a
    folder being a blob there. Writing an output through a linked ``--out`` follows the
    link too (:mod:`cjm.files`), which is about where bytes land, not how a path is named.
    """
    return Path(os.path.abspath(path))
