"""What a command ends with: text for stdout and stderr, and its exit status (README,
"Exit statuses").

Commands return an :class:`Outcome` instead of printing, so tests need no subprocess
and the CLI only writes it out. The statuses are the documented ones, named once here for every
command and pipeline that decides one.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0  # no errors (warnings do not fail unless --strict; infos never)
EXIT_FINDINGS = 1  # the input has errors; for diff --exit-code: differences
EXIT_USAGE = 2  # bad option, missing path, unknown revision, a tool that cannot run
EXIT_INTERNAL = 3  # a bug: one line asking for a report


@dataclass(frozen=True, slots=True)
class Outcome:
    output: str
    status: int
    error: str = ""
