"""What every formatter receives."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cjm.diagnostics import CodeInfo, Diagnostic, Summary


@dataclass(frozen=True, slots=True)
class Report:
    """What a formatter needs: findings, counts, and the catalogue of codes they use."""

    diagnostics: Sequence[Diagnostic]
    summary: Summary
    codes: Mapping[str, CodeInfo]
    color: bool = False
    quiet: bool = False
