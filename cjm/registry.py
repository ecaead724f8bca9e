"""One shape for every output-format registry: an enum of names, a table of writers.

Diagnostics (:mod:`cjm.formatters`), diffs (:mod:`cjm.diff.formats`), rendered maps
(:mod:`cjm.render`) and the report (:mod:`cjm.report.formats`) each name their formats
in a ``StrEnum`` (the CLI offers its members, so the enum stays in a light module) and
map every member to the function that writes it, as ``"module:function"``. The table
is checked when it is made: an enum member without a writer fails every import of the
registry, so a format cannot be half added. The writer's module is imported the first
time the format is asked for, so a run pays only for the format it prints and
``cjm --help`` imports none of them.

This module imports nothing of cjm: any layer may hold a registry.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Mapping
from typing import Generic, TypeVar, cast

Name = TypeVar("Name", bound=enum.Enum)
Writer = TypeVar("Writer")


class FormatRegistry(Generic[Name, Writer]):
    """Each member of ``names`` and the writer of that format, imported when asked for.

    ``Writer`` is the one signature the writers share; it is the caller's word, not
    checked on import (the writers are not imported until used): every format's own
    tests call it.
    """

    __slots__ = ("_names", "_writers")

    def __init__(self, names: type[Name], writers: Mapping[Name, str]) -> None:
        missing = [member.name for member in names if member not in writers]
        if missing:
            raise TypeError(f"{names.__name__}: no writer for {', '.join(missing)}")
        malformed = [where for where in writers.values() if where.count(":") != 1]
        if malformed:
            raise TypeError(f"{names.__name__}: write 'module:function', not {malformed}")
        self._names = names
        self._writers = dict(writers)

    def __getitem__(self, name: Name) -> Writer:
        module, function = self._writers[name].split(":")
        return cast(Writer, getattr(importlib.import_module(module), function))
