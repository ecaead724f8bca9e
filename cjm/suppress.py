"""Inline suppressions: ``# cjm: ignore[CJM209]`` on a finding's line or alone above it.

A comment names rules as ``--ignore`` does (codes, names such as
``step-without-evidence``, code prefixes such as ``CJM20``), read by the same
:func:`cjm.rules.codes_named`, so a word that works on the command line works in a
comment. A word that names no rule silences nothing; rule CJM218 reports it rather than
let a typo pass for a suppression. Only lint findings (CJM2xx) can be silenced; CJM1xx
mean the file is not valid and a comment cannot make it so.

What is a comment is YAML's call, not a regular expression's: ``# cjm: ignore[...]``
inside a block scalar (``description: |``), a quoted string or a plain scalar that runs
over several lines is text. PyYAML's scanner drops comments, so we find them the other
way round: every token it does produce covers text that is not a comment, and a ``#``
outside all tokens is one. That scan costs about as much as reading the file again, so
it only runs for a file that has a finding and holds ignore text at all; a clean file,
or one without ``cjm: ignore``, costs a substring search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import yaml

from cjm.diagnostics import Diagnostic
from cjm.rules import codes_named

try:
    from yaml import CSafeLoader as _Scanner
except ImportError:  # PyYAML built without libyaml: the same tokens, in Python
    from yaml import SafeLoader as _Scanner  # type: ignore[assignment]

# Anything up to the ']' is read as names, so a misspelt one (`CJM209;CJM204`) is
# reported by CJM218 instead of making the whole comment pass for no comment at all.
_IGNORE = re.compile(r"#[ \t]*cjm:[ \t]*ignore\[([^\]\r\n\x85\u2028\u2029]*)\]")
# YAML 1.1 line breaks, as libyaml counts them: a diagnostic's line number comes from
# libyaml's marks, so lines must be split the same way (a lone CR is a line break).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_BREAK_CHARACTERS = ("\n", "\r", "\x85", "\u2028", "\u2029")
_NON_BLANK = re.compile(r"[^ \t]")
# Tokens that hold text, in which a '#' is not a comment.
_TEXT_TOKENS = frozenset(
    (yaml.ScalarToken, yaml.TagToken, yaml.AnchorToken, yaml.AliasToken, yaml.DirectiveToken)
)


@dataclass(frozen=True, slots=True)
class IgnoreKey:
    """One comma-separated word of an ignore comment, as written, and its 1-based column.

    Kept as written (not resolved to codes) so CJM218 can quote a word that names no
    rule and point at it.
    """

    text: str
    column: int

    @property
    def codes(self) -> tuple[str, ...]:
        """The rule codes the word stands for, as ``--ignore`` reads it; none if unknown."""
        return codes_named(self.text)


@dataclass(frozen=True, slots=True)
class IgnoreComment:
    """The words one line's ``# cjm: ignore[...]`` comments name.

    ``alone`` says the line holds nothing but the comment: only then does it also cover
    the line below. A comment ending a line with content belongs to that content, so
    ``evidence: []  # cjm: ignore[CJM209]`` must not silence the next step.
    """

    keys: tuple[IgnoreKey, ...]
    alone: bool

    @property
    def codes(self) -> frozenset[str]:
        """Every rule code the comment silences."""
        return frozenset(code for key in self.keys for code in key.codes)


def ignore_comments(text: str) -> dict[int, IgnoreComment]:
    """Each 1-based line of ``text`` that ends in a real ``# cjm: ignore[...]`` comment."""
    candidates = list(_IGNORE.finditer(text))
    if not candidates:
        return {}
    lines, line_starts = _lines(text, [match.start() for match in candidates])
    # Per candidate: its '#', and the first character of its line, which makes the
    # line a comment alone when it is a '#' outside tokens too (`# why # cjm: ...`).
    firsts = []
    for match, line_start in zip(candidates, line_starts, strict=True):
        non_blank = _NON_BLANK.search(text, line_start, match.start() + 1)
        assert non_blank is not None  # the '#' itself is not blank
        firsts.append(non_blank.start())
    comments = _outside_tokens(text, sorted({*firsts, *(m.start() for m in candidates)}))
    found: dict[int, IgnoreComment] = {}
    for match, first, line, line_start in zip(candidates, firsts, lines, line_starts, strict=True):
        if match.start() not in comments:
            continue  # inside a scalar: text that only looks like a comment
        alone = text[first] == "#" and first in comments
        keys = _keys(match, line_start)
        previous = found.get(line)
        if previous is not None:
            keys = (*previous.keys, *keys)
            alone = alone or previous.alone
        found[line] = IgnoreComment(keys, alone)
    return found


def _keys(match: re.Match[str], line_start: int) -> tuple[IgnoreKey, ...]:
    """The comma-separated words between the brackets, each with its column."""
    keys = []
    offset = match.start(1)
    for part in match.group(1).split(","):
        word = part.strip()
        if word:
            start = offset + part.index(word)
            keys.append(IgnoreKey(word, start - line_start + 1))
        offset += len(part) + 1
    return tuple(keys)


def _lines(text: str, positions: list[int]) -> tuple[list[int], list[int]]:
    """The 1-based line number and the line's start offset of increasing ``positions``.

    Breaks are counted as YAML counts them; one pass over the text in all.
    """
    numbers: list[int] = []
    starts: list[int] = []
    only_newlines = not any(brk in text for brk in _BREAK_CHARACTERS[1:])
    line, line_start, previous = 1, 0, 0
    for position in positions:
        if only_newlines:  # the common case, counted in C
            line += text.count("\n", previous, position)
            line_start = text.rfind("\n", line_start, position) + 1 or line_start
        else:
            for match in _LINE_BREAK.finditer(text, previous, position):
                line += 1
                line_start = match.end()
        numbers.append(line)
        starts.append(line_start)
        previous = position
    return numbers, starts


def _outside_tokens(text: str, positions: list[int]) -> set[int]:
    """Which of the sorted ``positions`` lie outside every token that holds text.

    Tokens and positions are walked together, in order, and the scan stops past the
    last position. A block scalar's text starts on the line after its header, because
    the header (``|`` or ``>``) may end in a real comment. A syntax error ends the
    scan; a position beyond it cannot be told apart and counts as text.
    """
    outside: set[int] = set()
    pending = iter(positions)
    position = next(pending, None)
    scanner = _Scanner(text)
    try:
        while position is not None:
            token = scanner.get_token()
            if token is None:  # the end of the stream: the rest is comments
                outside.add(position)
                outside.update(pending)
                break
            if type(token) not in _TEXT_TOKENS:
                continue  # indicators and structure: no '#' can hide in them
            start, end = token.start_mark.index, token.end_mark.index
            if type(token) is yaml.ScalarToken and token.style in ("|", ">"):
                header_end = _LINE_BREAK.search(text, start, end)
                start = end if header_end is None else header_end.end()
            while position is not None and position < end:
                if position < start:
                    outside.add(position)
                position = next(pending, None)
    except yaml.YAMLError:
        pass  # positions not reached stay text
    finally:
        scanner.dispose()
    return outside


def apply_suppressions(
    diagnostics: Iterable[Diagnostic], texts: Mapping[str, str]
) -> list[Diagnostic]:
    """Drop lint diagnostics whose line, or the comment-only line above, names their code.

    ``texts`` maps a diagnostic's path to its file's text; a path not in it keeps all
    its findings.
    """
    # Per file: each commented line's codes, and whether it reaches the line below.
    silenced_in: dict[str, dict[int, tuple[frozenset[str], bool]]] = {}
    kept = []
    for diagnostic in diagnostics:
        text = texts.get(diagnostic.path)
        if text is not None and not diagnostic.code.startswith("CJM1"):
            silenced = silenced_in.get(diagnostic.path)
            if silenced is None:
                comments = ignore_comments(text) if "ignore[" in text else {}
                silenced = {line: (c.codes, c.alone) for line, c in comments.items()}
                silenced_in[diagnostic.path] = silenced
            here = silenced.get(diagnostic.line)
            above = silenced.get(diagnostic.line - 1)
            if (here is not None and diagnostic.code in here[0]) or (
                above is not None and above[1] and diagnostic.code in above[0]
            ):
                continue
        kept.append(diagnostic)
    return kept
