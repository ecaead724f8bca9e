"""An ignore comment names only rules: a word that names none silences nothing.

## Why it matters
`# cjm: ignore[...]` takes what `--ignore` takes: codes (`CJM209`), rule names
(`step-without-evidence`) and code prefixes (`CJM20`). A misspelt word
(`step-without-evidense`) matches no rule, so the finding it was written for is still
reported — or, worse, the comment outlives the finding and a reader believes something
is being silenced on purpose. A CJM1xx code is no rule either: those errors mean the file
is not valid, and no comment can make it so. This rule points at each such word, as
ruff's RUF100 does for `# noqa`; fix the word or delete it. A comment naming a real rule
that has nothing to silence on its line is not reported (see the README).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cjm.diagnostics import VALIDATION_CODES, Severity
from cjm.loader import Position
from cjm.rules import Finding, Rule, all_rules
from cjm.suppress import ignore_comments
from cjm.validate import Entry
from cjm.workspace import Workspace

RULE = Rule(
    code="CJM218",
    name="unknown-suppression",
    severity=Severity.INFO,
    summary="ignore comment names no lint rule (a typo or a CJM1xx code): it silences nothing",
)


def check(workspace: Workspace) -> Iterator[Finding]:
    # Comments belong to files, not to documents: each file's text is read once, and a
    # finding is filed under the document that holds the comment's line.
    files: dict[str, list[Entry]] = {}
    for entry in workspace.entries:
        if workspace.in_scope(entry):
            files.setdefault(entry.document.display_path, []).append(entry)
    for entries in files.values():
        text = entries[0].document.text
        if "ignore[" not in text:
            continue  # the common case, one substring search: no comment to read
        for line, comment in ignore_comments(text).items():
            for key in comment.keys:
                if key.codes:
                    continue
                end = key.column + len(key.text)
                yield Finding(
                    _holding(entries, line),
                    (),
                    _message(key.text),
                    position=Position(line, key.column, line, end),
                )


def _message(word: str) -> str:
    if word.upper() in VALIDATION_CODES:
        return (
            f"ignore comment names {word.upper()}, a validation error: "
            "CJM1xx errors can never be silenced"
        )
    # Names only: a misspelt name is a typo with one likely fix, while the code nearest
    # an unknown code (CJM290: CJM209? CJM210?) would be a guess.
    close = difflib.get_close_matches(word.lower(), [item.rule.name for item in all_rules()], n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return (
        f"ignore comment names '{word}', which is no rule's code, name or code prefix: "
        f"it silences nothing{hint}"
    )


def _holding(entries: list[Entry], line: int) -> Entry:
    """The document of ``entries`` (one file's, in order) in which ``line`` lies.

    Only a file of several documents composes nodes to learn where each starts; a
    comment above the first document belongs to the first.
    """
    if len(entries) == 1:
        return entries[0]
    holding = entries[0]
    for entry in entries[1:]:
        if entry.document.node.start_mark.line + 1 > line:
            break
        holding = entry
    return holding
