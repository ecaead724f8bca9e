"""GitLab Code Quality report, so a merge request's widget lists cjm's findings.

GitLab matches findings between the base and the head of a merge request by
``fingerprint``: a finding whose fingerprint is new shows as introduced, one whose
fingerprint is gone shows as fixed. A fingerprint built from the line number would turn
every finding below an inserted line into one fixed and one new finding, so it is built
from what the finding is: path, code, message and the object it is about (its path in
the document as ``cjm diff`` names it, which stays when lines move, when the object's
``id:`` line moves inside it and when other objects are added), with a counter telling
identical findings apart. A finding that names no object (a YAML error, the CJM1xx
found while loading) uses the text of its line instead. Paths are relative to the git
work tree's root, which is how GitLab names the files of the repository.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from typing import Any

from cjm.diagnostics import Severity, object_name
from cjm.formatters.report import Report

_SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
#: Bytes of a line that count for its fingerprint: a generated one-line file must not be
#: read whole into memory to tell two findings apart.
_LINE_LIMIT = 64 * 1024


def format_gitlab(report: Report) -> str:
    _, located = report.locations()
    last_lines: dict[str, int] = {}
    for place, diagnostic in zip(located, report.diagnostics, strict=True):
        if not diagnostic.object_path:  # only these need their line's text
            last_lines[place.absolute] = max(last_lines.get(place.absolute, 0), diagnostic.line)
    texts = {path: _read_lines(path, last) for path, last in last_lines.items()}
    seen: Counter[tuple[str, ...]] = Counter()
    issues: list[dict[str, Any]] = []
    for place, diagnostic in zip(located, report.diagnostics, strict=True):
        identity: tuple[str, ...] = (place.path, diagnostic.code, diagnostic.message)
        if diagnostic.object_path:
            # One part more than a line's identity: an object's name never equals a line.
            identity = (*identity, "object", object_name(diagnostic.object_path))
        else:
            lines = texts.get(place.absolute, [])
            line = diagnostic.line
            identity = (*identity, lines[line - 1] if 1 <= line <= len(lines) else "")
        occurrence = seen[identity]
        seen[identity] += 1
        issues.append(
            {
                # The widget shows only this text beside the file: the code in front
                # says which rule to read about or silence with `# cjm: ignore[CODE]`.
                "description": f"{diagnostic.code}: {diagnostic.message}",
                "check_name": diagnostic.code,
                "fingerprint": _fingerprint(*identity, str(occurrence)),
                "severity": _SEVERITIES[diagnostic.severity],
                "location": {"path": place.path, "lines": {"begin": diagnostic.line}},
            }
        )
    return json.dumps(issues, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _fingerprint(*parts: str) -> str:
    """SHA-256 rather than MD5: MD5 is refused on FIPS-mode systems."""
    digest = hashlib.sha256()
    for part in parts:
        # Length-prefixed, so ("ab", "c") and ("a", "bc") cannot collide.
        data = part.encode("utf-8", "surrogatepass")
        digest.update(f"{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


def _read_lines(path: str, last: int) -> list[str]:
    """The first ``last`` lines of ``path`` (fewer if it is shorter), stripped.

    Each file is read once per report and only as far as its last finding. A file that
    cannot be read (deleted since, a folder, a pipe, no permission) gives no lines: the
    fingerprint then rests on path, code and message alone.
    """
    lines: list[str] = []
    if not os.path.isfile(path):  # a FIFO or device would block or never end
        return lines
    try:
        with open(path, "rb") as handle:
            while len(lines) < last:
                chunk = handle.readline(_LINE_LIMIT)
                if not chunk:
                    break
                rest = chunk
                while rest and not rest.endswith(b"\n"):  # skip the tail of a long line
                    rest = handle.readline(_LINE_LIMIT)
                lines.append(chunk.decode("utf-8", "replace").strip())
    except OSError:
        pass
    return lines
