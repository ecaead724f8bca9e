"""Inline suppressions: ``# cjm: ignore[CJM209]`` on a finding's line or alone above it.

Only lint findings (CJM2xx) can be silenced; CJM1xx mean the file is not valid and a
comment cannot make it so.

What is a comment is YAML's call, not a regular expression's: ``# cjm: ignore[...]``
inside a block scalar (``description: |``), a quoted string or a plain scalar that runs
over several lines is text. PyYAML's scanner drops comments, so we find them the other
way round: every token it does produce covers text that is not a comment, and a ``#``
outside all tokens is one. That scan costs about as much as reading the file again, so
it only runs for a file that has a finding and holds ignore text at all; a clean file,
or one without ``cjm: ignore``, costs a substring search.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import yaml

from cjm.diagnostics import Diagnostic

try:
    from yaml import CSafeLoader as _Scanner
except ImportError:  # PyYAML built without libyaml: the same tokens, in Python
    from yaml import SafeLoader as _Scanner  # type: ignore[assignment]

_IGNORE = re.compile(r"#[ \t]*cjm:[ \t]*ignore\[([A-Za-z0-9_, \t-]*)\]")
# YAML 1.1 line breaks, as libyaml counts them: a diagnostic's line number comes from
# libyaml's marks, so lines must be split the same way (a lone CR is a line break).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_NON_BLANK = re.compile(r"[^ \t]")


@dataclass(frozen=True, slots=True)
class IgnoreComment:
    """The codes one line's ``# cjm: ignore[...]`` comment names (upper-cased).

    ``alone`` says the line holds nothing but the comment: only then does it also cover
    the line below. A comment ending a line with content belongs to that content, so
    ``evidence: []  # cjm: ignore[CJM209]`` must not silence the next step.
    """

    codes: frozenset[str]
    alone: bool


def ignore_comments(text: str) -> dict[int, IgnoreComment]:
    """Each 1-based line of ``text`` that ends in a real ``# cjm: ignore[...]`` comment."""
    candidates = list(_IGNORE.finditer(text))
    if not candidates:
        return {}
    starts, ends, scanned_to = _token_spans(text, until=candidates[-1].start())
    line_starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
    found: dict[int, IgnoreComment] = {}
    for match in candidates:
        if not _outside_tokens(match.start(), starts, ends, scanned_to):
            continue  # inside a scalar: text that only looks like a comment
        line_index = bisect.bisect_right(line_starts, match.start()) - 1
        line_start = line_starts[line_index]
        first = _NON_BLANK.search(text, line_start, match.start() + 1)
        assert first is not None  # the '#' itself is not blank
        # The line's first character is a '#' outside tokens: a whole-line comment
        # (it may name the codes further on, as in `# why # cjm: ignore[...]`).
        alone = text[first.start()] == "#" and _outside_tokens(
            first.start(), starts, ends, scanned_to
        )
        codes = frozenset(
            code.strip().upper() for code in match.group(1).split(",") if code.strip()
        )
        line = line_index + 1
        previous = found.get(line)
        if previous is not None:
            codes |= previous.codes
            alone = alone or previous.alone
        found[line] = IgnoreComment(codes, alone)
    return found


def _token_spans(text: str, *, until: int) -> tuple[list[int], list[int], int]:
    """Start and end offsets of the tokens up to ``until``, and how far the scan got.

    A block scalar's span starts on the line after its header, because the header
    (``|`` or ``>``) may end in a real comment. A syntax error ends the scan; whatever
    lies beyond it cannot be told apart and counts as text.
    """
    starts: list[int] = []
    ends: list[int] = []
    scanned_to = 0
    scanner = _Scanner(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            assert token is not None  # check_token said there is one
            start, end = token.start_mark.index, token.end_mark.index
            if end > start:
                if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
                    header_end = _LINE_BREAK.search(text, start, end)
                    start = end if header_end is None else header_end.end()
                starts.append(start)
                ends.append(end)
            scanned_to = max(scanned_to, end)
            if start > until:
                scanned_to = len(text)  # every candidate lies before this token
                break
        else:
            scanned_to = len(text)
    except yaml.YAMLError:
        pass  # scanned_to stays at the last good token
    finally:
        scanner.dispose()
    order = sorted(range(len(starts)), key=starts.__getitem__)
    return [starts[i] for i in order], [ends[i] for i in order], scanned_to


def _outside_tokens(index: int, starts: list[int], ends: list[int], scanned_to: int) -> bool:
    if index >= scanned_to:
        return False
    position = bisect.bisect_right(starts, index) - 1
    return position < 0 or index >= ends[position]


def apply_suppressions(
    diagnostics: Iterable[Diagnostic], texts: Mapping[str, str]
) -> list[Diagnostic]:
    """Drop lint diagnostics whose line, or the comment-only line above, names their code.

    ``texts`` maps a diagnostic's path to its file's text; a path not in it keeps all
    its findings.
    """
    comments_of: dict[str, dict[int, IgnoreComment]] = {}
    kept = []
    for diagnostic in diagnostics:
        text = texts.get(diagnostic.path)
        if text is not None and not diagnostic.code.startswith("CJM1"):
            comments = comments_of.get(diagnostic.path)
            if comments is None:
                comments = ignore_comments(text) if "cjm" in text else {}
                comments_of[diagnostic.path] = comments
            here = comments.get(diagnostic.line)
            above = comments.get(diagnostic.line - 1)
            if (here is not None and diagnostic.code in here.codes) or (
                above is not None and above.alone and diagnostic.code in above.codes
            ):
                continue
        kept.append(diagnostic)
    return kept
