"""``cjm diff``: what changed in a map, in words a reviewer reads in a pull request.

This package's ``__init__`` holds only the vocabulary (formats, operations, effects),
because the CLI imports it to declare its options and must stay light (the
:class:`~cjm.diff.change.Change` record is in its own module). The comparison, git
reading and reports live in their own modules:

- :mod:`cjm.diff.sources` loads each side (folder, file or git revision) as a workspace,
  :mod:`cjm.diff.git` reading a revision's files with git plumbing;
- :mod:`cjm.diff.compare` matches objects and lists the changes, with
  :mod:`cjm.diff.align` (keys and order), :mod:`cjm.diff.effects` (better or worse)
  and :mod:`cjm.diff.values` (JSON values);
- :mod:`cjm.diff.change` is a change and its path of ``(kind, key)`` pairs, grouped
  into a tree of objects that every format reads;
- :mod:`cjm.diff.formats` picks a format: :mod:`cjm.diff.text`, :mod:`cjm.diff.json`,
  :mod:`cjm.diff.markdown`, :mod:`cjm.diff.html`, in words from :mod:`cjm.diff.words`;
- :mod:`cjm.diff.pipeline` runs the command from arguments to printed text.
"""

from __future__ import annotations

import enum


class DiffFormat(enum.StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"


class FailOn(enum.StrEnum):
    """What makes ``--fail-on`` exit 1; a merge gate for pull requests."""

    REGRESSION = "regression"


class Op(enum.StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"
    #: The id changed, the content stayed (or nearly): one change, never removed + added.
    RENAMED = "renamed"


class Effect(enum.StrEnum):
    """Whether a change makes the journey better or worse for the customer."""

    IMPROVEMENT = "improvement"
    REGRESSION = "regression"
    NEUTRAL = "neutral"


__all__ = ["DiffFormat", "Effect", "FailOn", "Op"]
