"""Inline suppressions: ``# cjm: ignore[CJM209]`` on a finding's line or the line above.

Only lint findings (CJM2xx) can be silenced; CJM1xx mean the file is not valid and a
comment cannot make it so. Lines are looked up only for findings, so a clean file
costs nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cjm.diagnostics import Diagnostic

_COMMENT = re.compile(r"#\s*cjm:\s*ignore\[([A-Za-z0-9_,\s-]+)\]")


def suppressed_codes(line: str) -> frozenset[str]:
    """Codes a line's ``# cjm: ignore[...]`` comment names (upper-cased).

    Only a real YAML comment counts: a ``#`` outside quotes, at the start of the line or
    after whitespace. ``action: "the # cjm: ignore[CJM209] syntax"`` is text.
    """
    if "cjm" not in line:
        return frozenset()
    comment = _comment_of(line)
    codes: set[str] = set()
    for match in _COMMENT.finditer(comment):
        codes.update(code.strip().upper() for code in match.group(1).split(",") if code.strip())
    return frozenset(codes)


def _comment_of(line: str) -> str:
    """The comment part of one line of YAML, or '' when it has none."""
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1  # skip the escaped character
            elif char == quote:
                if quote == "'" and line[index + 1 : index + 2] == "'":
                    index += 1  # '' is an escaped quote inside single quotes
                else:
                    quote = ""
        elif char in "'\"" and (index == 0 or line[index - 1] in " \t:[{,-"):
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[index:]
        index += 1
    return ""


def apply_suppressions(
    diagnostics: Iterable[Diagnostic], lines_of: dict[str, list[str]]
) -> list[Diagnostic]:
    """Drop lint diagnostics whose line, or the line above, names their code."""
    kept = []
    for diagnostic in diagnostics:
        lines = lines_of.get(diagnostic.path)
        if lines is not None and not diagnostic.code.startswith("CJM1"):
            here = _line(lines, diagnostic.line)
            above = _line(lines, diagnostic.line - 1)
            if diagnostic.code in suppressed_codes(here) | suppressed_codes(above):
                continue
        kept.append(diagnostic)
    return kept


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""
