"""The regression corpus: every input that ever made the fuzzer fail, run every time.

Each case is a folder of ``tests/fuzz_corpus/``: ``workspace/`` (the input), an optional
``original/`` (a valid workspace that ``diff`` compares it with) and ``README.md`` (one
line: what failed). A case whose name starts with ``valid-`` is a valid workspace and
must also keep the valid-workspace properties (no findings, byte-identical renders); a
case with a ``must_fail.txt`` (saying why) must make ``validate`` exit 1, as the fuzzer's
oracle (``oracle.py``) demanded when it found the case.

Cases that still fail are listed in :data:`KNOWN_FAILURES` — the one place — as strict
xfails: when the bug is fixed the case passes, the xfail turns red, and the entry is
removed, so the corpus then guards the fix.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.fuzz.checks import check_case, check_valid, inside

CORPUS = Path(__file__).resolve().parent.parent / "fuzz_corpus"


@dataclass(frozen=True)
class Known:
    """A bug a corpus case shows, open today."""

    reason: str
    #: A regular expression for the failure message the bug gives in the fuzz tests,
    #: which set such examples aside while the entry stands (so CI stays green on a
    #: known bug yet still finds new ones).
    signature: str


#: Corpus cases that fail today, by case name. Remove an entry when its bug is fixed:
#: its strict xfail turns red then.
KNOWN_FAILURES: dict[str, Known] = {}


def known_failure(error: AssertionError) -> str | None:
    """The corpus case whose open bug explains ``error``, if one does."""
    for case, known in KNOWN_FAILURES.items():
        if re.search(known.signature, str(error)):
            return case
    return None


def _cases() -> list[str]:
    return sorted(path.name for path in CORPUS.iterdir() if path.is_dir())


def _param(case: str) -> object:
    if case in KNOWN_FAILURES:
        mark = pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[case].reason)
        return pytest.param(case, marks=mark, id=case)
    return pytest.param(case, id=case)


@pytest.mark.parametrize("case", [_param(case) for case in _cases()])
@pytest.mark.timeout(300)
def test_corpus_case_gets_an_answer_from_every_command(case: str, tmp_path: Path) -> None:
    """Copied out of the repository first: render writes its output beside the input."""
    shutil.copytree(CORPUS / case, tmp_path / case, symlinks=True)
    with inside(tmp_path / case):
        original = Path("original") if Path("original").is_dir() else None
        if case.startswith("valid-"):
            check_valid(Path("workspace"))
            return
        outcomes = check_case(Path("workspace"), original=original)
        reason = Path("must_fail.txt")
        if reason.is_file():
            validated = outcomes["validate --format text workspace"]
            assert validated.status == 1, f"must fail ({reason.read_text()}): {validated.output}"


def test_every_corpus_case_has_a_workspace_and_says_what_failed() -> None:
    for case in _cases():
        assert (CORPUS / case / "workspace").is_dir(), case
        assert (CORPUS / case / "README.md").read_text(encoding="utf-8").strip(), case


def test_every_known_failure_names_a_corpus_case() -> None:
    assert set(KNOWN_FAILURES) <= set(_cases())
