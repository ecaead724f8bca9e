"""The one type every cjm finding is reported as, and the catalogue of codes.

Everything cjm says about a file (YAML errors, schema and reference errors, lint
findings, problems in ``cjm.yaml``) is a :class:`Diagnostic`, so every output format and
every exit status is computed from one list. This module imports nothing of cjm: it sits
at the bottom of the dependency graph.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    """How bad a finding is.

    The members carry no order that anything relies on: exit statuses count errors
    (and, with ``--strict``, warnings) in :class:`Summary`, and infos never fail a run.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What a diagnostic code means, for ``--format sarif``, ``json``'s ``rule`` and docs."""

    code: str
    name: str
    severity: Severity
    summary: str
    help: str = ""


#: The CJM1xx codes are fixed (README, "Diagnostic codes"); they are errors and can never
#: be silenced.
VALIDATION_CODES: dict[str, CodeInfo] = {
    info.code: info
    for info in (
        CodeInfo("CJM100", "yaml-syntax", Severity.ERROR, "YAML syntax error (or not UTF-8 text)"),
        CodeInfo("CJM101", "duplicate-key", Severity.ERROR, "a key appears twice in one mapping"),
        CodeInfo(
            "CJM102",
            "schema",
            Severity.ERROR,
            "schema violation: missing required field, wrong type, unknown field, "
            "value out of range",
        ),
        CodeInfo(
            "CJM103",
            "duplicate-id",
            Severity.ERROR,
            "duplicate id (same kind across the workspace, or same object type within a journey)",
        ),
        CodeInfo(
            "CJM104",
            "unknown-reference",
            Severity.ERROR,
            "reference to an id that does not exist (persona, segment, touchpoint, baseline, "
            "goal metric)",
        ),
        CodeInfo(
            "CJM105",
            "unsupported-document",
            Severity.ERROR,
            "unsupported format version (`cjm:` other than 1) or unknown `kind`",
        ),
        CodeInfo(
            "CJM106",
            "unsafe-input",
            Severity.ERROR,
            "input refused for safety: file too large, nesting too deep, too many aliases",
        ),
    )
}


#: An object's place in its document, named as ``cjm diff`` names it: ``(kind, key)``
#: pairs from the document down, e.g. ``(("journey", "j"), ("stage", "s"), ("step", "a"))``;
#: an object without an id has the key diff derives from its text (``~sees-a-billboard``).
ObjectPath = tuple[tuple[str, str], ...]


def object_name(path: ObjectPath) -> str:
    """``journey:j/stage:s/step:a``, the form of a path in ``cjm diff --format json``."""
    return "/".join(f"{kind}:{key}" for kind, key in path)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding at one place; ``path`` is relative POSIX text as printed to users.

    ``path`` is relative to the current folder, as the README's "Output" fixes for text and JSON;
    the path relative to the repository, which code-scanning services need, depends on
    where the report is printed, so :class:`cjm.formatters.report.Report` works it out
    with one function for every format that needs it.

    Lines and columns are 1-based (as editors and yamllint count). ``end_line`` and
    ``end_column`` are optional because some findings (a file that is not UTF-8) have
    no extent. ``object_path`` names the object the finding is about (empty when the
    finding is about a file, or the code that made it does not know the object): it is
    what stays the same when lines move, so a GitLab fingerprint is built from it. It is
    not printed: the README's "Output" fixes the keys of a JSON diagnostic.
    """

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    rule: str
    end_line: int | None = None
    end_column: int | None = None
    object_path: ObjectPath = ()

    @property
    def sort_key(self) -> tuple[str, int, int, str, str, ObjectPath]:
        return (self.path, self.line, self.column, self.code, self.message, self.object_path)


_CONTROL = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}
_CONTROL.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"})
# Line and paragraph separators end a line for editors, JSON-lines readers and some
# terminals; bidirectional controls reorder what a terminal shows ("Trojan Source").
_CONTROL.update(
    (code, f"\\u{code:04x}")
    for code in (
        0x2028,
        0x2029,
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
)


def printable(text: str) -> str:
    """``text`` with control characters escaped, so a value holding a newline, a line
    separator, a bidi override or a terminal escape cannot split a diagnostic over two
    lines, reorder it or repaint a terminal."""
    return text if text.isprintable() else text.translate(_CONTROL)


def validation_diagnostic(
    code: str,
    message: str,
    *,
    path: str,
    line: int,
    column: int,
    end_line: int | None = None,
    end_column: int | None = None,
    object_path: ObjectPath = (),
) -> Diagnostic:
    """Build a CJM1xx diagnostic, taking severity and rule name from the catalogue."""
    info = VALIDATION_CODES[code]
    return Diagnostic(
        path=printable(path),
        line=line,
        column=column,
        code=code,
        severity=info.severity,
        message=printable(message),
        rule=info.name,
        end_line=end_line,
        end_column=end_column,
        object_path=tuple((printable(kind), printable(key)) for kind, key in object_path),
    )


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Sorted and de-duplicated, so the same input always prints the same bytes."""
    return sorted(set(diagnostics), key=lambda item: item.sort_key)


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts for the summary line and JSON ``summary`` object."""

    files: int
    documents: int
    errors: int
    warnings: int
    infos: int

    @classmethod
    def of(cls, diagnostics: list[Diagnostic], *, files: int, documents: int) -> Summary:
        counts = dict.fromkeys(Severity, 0)
        for diagnostic in diagnostics:
            counts[diagnostic.severity] += 1
        return cls(
            files=files,
            documents=documents,
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
            infos=counts[Severity.INFO],
        )
