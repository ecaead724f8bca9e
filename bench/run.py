"""Time whole `cjm` processes beside their peers and print how far apart they are.

Usage: ``run.py [--quick] [--runs N] [--corpus DIR] [--json FILE] [--case NAME]...``

Users pay for a whole process: interpreter start-up, imports, file discovery, parsing
and checking. So every case here is a subprocess timed by the wall clock, never a
function timed in-process. Cases run interleaved, one round at a time, so a slow
moment on a shared machine hurts every case alike; each case is run once untimed first
to warm the OS file cache and ``__pycache__``. The table shows the best and the median
run; goals are judged on the median, which is what a user typically waits.

Every run's exit status is checked: a validator that crashes looks fast, so a case
that exits with a status other than the one expected is reported with its stderr, is
not timed further, and makes this script exit 1. Missed goals do not: this is a
measuring tool, it marks them MISSED and exits 0.

To add a case (lint, render, diff...), append a `Case` to `CASES` and, if it has a
goal, a `Ratio` to `RATIOS`. Argument placeholders are listed in `Paths.placeholders`.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import generate

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
WORK_DIR = BENCH_DIR / ".work"

FAST = 5
"""Default runs of a case that takes well under a second."""
SLOW = 3
"""Default runs of a case that reads the whole corpus."""
PORTFOLIO_JOURNEYS = 100
"""Journeys in the portfolio that the render cases draw."""
QUICK_RUNS = 2
QUICK_JOURNEYS = 100
CONTENT_FILES = "{content_files}"
"""An argument that expands to every content file of the corpus, one argument each."""

SMALL_PERSONA = """\
cjm: 1
kind: persona
id: ania
name: Ania
summary: Office worker who shops after work
demographics:
  age: 30
  location: Warsaw
goals: [Find her favourite brands in one place]
pains: [Discount codes that do not open]
channels: [mobile-app, email, social]
quote: "If I buy there anyway, I want something back."
"""


@dataclass(frozen=True)
class Case:
    """One command line to time; ``argv`` and ``cwd`` may hold `Paths` placeholders.

    ``check`` runs once, after the first run that exits as expected, and returns a
    problem or None: an exit status alone cannot tell a validator that read everything
    from one that skipped files.
    """

    name: str
    argv: tuple[str, ...]
    runs: int
    expect_status: int = 0
    cwd: str = "{corpus}"
    about: str = ""
    check: Callable[[Paths], str | None] | None = None


class Direction(StrEnum):
    """Which side of the goal a ratio must land on."""

    AT_MOST = "<="
    AT_LEAST = ">="


@dataclass(frozen=True)
class Ratio:
    """``numerator`` median time over ``denominator`` median time, judged against a goal."""

    name: str
    numerator: str
    denominator: str
    goal: float
    direction: Direction


CASES: tuple[Case, ...] = (
    Case(
        "python -c pass",
        ("{python}", "-c", "pass"),
        FAST,
        about="bare interpreter start-up: the unit the start-up goals are measured in",
    ),
    Case(
        "cjm --help",
        ("{cjm}", "--help"),
        FAST,
        about="CLI start-up: imports and the help screen, no files read",
    ),
    Case(
        "cjm validate small",
        ("{cjm}", "validate", "persona.yaml"),
        FAST,
        cwd="{small_dir}",
        about="one small persona file in a folder without cjm.yaml: the editor-save case",
    ),
    Case(
        "cjm validate corpus",
        ("{cjm}", "validate", "."),
        SLOW,
        about="the subject: schema and reference checks of the whole workspace",
        check=lambda paths: validate_covers_corpus(paths),  # defined further down
    ),
    Case(
        "cjm lint corpus",
        ("{cjm}", "lint", "."),
        SLOW,
        about="validation plus every lint rule over the same workspace",
    ),
    Case(
        "floor (CSafeLoader)",
        ("{python}", "{bench}/floor.py", "."),
        SLOW,
        about="find and parse every YAML file with libyaml, check nothing",
    ),
    Case(
        "cjm diff revisions",
        ("{cjm}", "diff", "HEAD~1", "HEAD"),
        SLOW,
        cwd="{diff_repo}",
        about="two git revisions of the corpus, the second with every 20th journey edited",
        check=lambda paths: diff_sees_the_edits(paths),  # defined further down
    ),
    Case(
        "cjm diff renames",
        ("{cjm}", "diff", "HEAD~1", "HEAD", "--fail-on", "regression"),
        SLOW,
        cwd="{renames_repo}",
        about="two revisions of the corpus, the second renaming one step id and rewording "
        "one pain point in every 20th journey: rename and reword detection at work",
        check=lambda paths: diff_finds_renames(paths),  # defined further down
    ),
    Case(
        "cjm render examples html",
        ("{cjm}", "render", "{examples}", "--format", "html", "--out", "{render_out}/ex-html"),
        FAST,
        about="every bundled example journey as an HTML page, plus the index",
    ),
    Case(
        "cjm render examples svg",
        ("{cjm}", "render", "{examples}", "--format", "svg", "--out", "{render_out}/ex-svg"),
        FAST,
        about="every bundled example journey through Graphviz dot, one process per journey",
    ),
    Case(
        "cjm render portfolio html",
        ("{cjm}", "render", "{portfolio}", "--format", "html", "--out", "{render_out}/pf-html"),
        SLOW,
        about="a 100-journey portfolio (6 stages x 8 steps each) as HTML pages",
    ),
    Case(
        "cjm render portfolio svg",
        ("{cjm}", "render", "{portfolio}", "--format", "svg", "--out", "{render_out}/pf-svg"),
        SLOW,
        about="the same 100 journeys as SVG, one dot process per journey (up to 4 at once)",
    ),
    Case(
        "cjm validate hostile",
        ("{cjm}", "validate", "bomb.yaml", "flow.yaml", "block.yaml"),
        FAST,
        expect_status=1,
        cwd="{hostile_dir}",
        about="an alias bomb and 100,000-deep flow and block nesting, each refused as CJM106",
        check=lambda paths: hostile_refused(paths),  # defined further down
    ),
    Case(
        "cjm validate wide",
        ("{cjm}", "validate", "wide.yaml"),
        FAST,
        expect_status=1,
        cwd="{wide_dir}",
        about="1 MiB of tiny list items (over 500,000 YAML events): refused as CJM106",
        check=lambda paths: wide_refused(paths),  # defined further down
    ),
    Case(
        "floor wide",
        ("{python}", "{bench}/floor.py", "."),
        SLOW,
        cwd="{wide_dir}",
        about="the same 1 MiB file parsed with CSafeLoader: what reading it costs",
    ),
    Case(
        "check-jsonschema",
        ("{check_jsonschema}", "--schemafile", "{schema}", CONTENT_FILES),
        SLOW,
        about="the peer: every content file against schemas/cjm.schema.json, one process",
    ),
)

RATIOS: tuple[Ratio, ...] = (
    Ratio(
        "check-jsonschema / cjm validate",
        "check-jsonschema",
        "cjm validate corpus",
        15.0,
        Direction.AT_LEAST,
    ),
    Ratio(
        "cjm validate / floor", "cjm validate corpus", "floor (CSafeLoader)", 1.0, Direction.AT_MOST
    ),
    Ratio(
        "cjm lint / cjm validate", "cjm lint corpus", "cjm validate corpus", 1.3, Direction.AT_MOST
    ),
    Ratio(
        "cjm diff / cjm validate",
        "cjm diff revisions",
        "cjm validate corpus",
        2.0,
        Direction.AT_MOST,
    ),
    Ratio(
        "cjm diff renames / cjm validate",
        "cjm diff renames",
        "cjm validate corpus",
        2.0,
        Direction.AT_MOST,
    ),
    Ratio("cjm --help / python", "cjm --help", "python -c pass", 6.0, Direction.AT_MOST),
    Ratio(
        "cjm validate small / python",
        "cjm validate small",
        "python -c pass",
        20.0,
        Direction.AT_MOST,
    ),
    Ratio(
        "cjm validate hostile / python",
        "cjm validate hostile",
        "python -c pass",
        20.0,
        Direction.AT_MOST,
    ),
    Ratio("cjm validate wide / floor", "cjm validate wide", "floor wide", 0.25, Direction.AT_MOST),
)


# ------------------------------------------------------------------------------ setup


@dataclass(frozen=True)
class Paths:
    """Everything a case's placeholders can name."""

    python: Path
    cjm: Path
    check_jsonschema: Path
    schema: Path
    corpus: Path
    small_dir: Path
    diff_repo: Path
    renames_repo: Path
    content_files: tuple[str, ...]
    generated: bool
    examples: Path
    portfolio: Path
    render_out: Path
    hostile_dir: Path
    wide_dir: Path

    def placeholders(self) -> dict[str, str]:
        return {
            "python": str(self.python),
            "cjm": str(self.cjm),
            "check_jsonschema": str(self.check_jsonschema),
            "schema": str(self.schema),
            "corpus": str(self.corpus),
            "small_dir": str(self.small_dir),
            "diff_repo": str(self.diff_repo),
            "renames_repo": str(self.renames_repo),
            "bench": str(BENCH_DIR),
            "examples": str(self.examples),
            "portfolio": str(self.portfolio),
            "render_out": str(self.render_out),
            "hostile_dir": str(self.hostile_dir),
            "wide_dir": str(self.wide_dir),
        }


def venv_python() -> Path:
    """The interpreter running this script, unresolved: resolving a venv's python symlink
    would leave the venv, and with it the `cjm` console script beside it."""
    if sys.prefix == sys.base_prefix:
        print(
            f"warning: {sys.executable} is not a virtual environment's interpreter; "
            "run bench/run.py with the project's .venv/bin/python",
            file=sys.stderr,
        )
    return Path(sys.executable)


def content_files(corpus: Path) -> tuple[str, ...]:
    """The files a user would hand check-jsonschema: every YAML file but the config."""
    found = (
        path.relative_to(corpus).as_posix()
        for path in sorted(corpus.rglob("*"))
        if path.suffix in {".yaml", ".yml"}
        and path.name != "cjm.yaml"
        and not any(part.startswith(".") for part in path.relative_to(corpus).parts)
    )
    return tuple(found)


def _generator_fingerprint(journeys: int, seed: int) -> str:
    """Changes whenever the corpus would: the generator's source and its arguments."""
    source = Path(generate.__file__).read_bytes()
    return hashlib.sha256(source + f"|{journeys}|{seed}".encode()).hexdigest()


def cached_corpus(journeys: int, seed: int, *, regenerate: bool) -> Path:
    """A generated corpus under bench/.work/, rebuilt only when the generator changed."""
    corpus = WORK_DIR / f"corpus-{journeys}-seed{seed}"
    stamp = corpus.with_suffix(".stamp")
    fingerprint = _generator_fingerprint(journeys, seed)
    if not regenerate and stamp.exists() and stamp.read_text() == fingerprint:
        return corpus
    progress(f"generating {journeys} journeys into {corpus} ...")
    stamp.unlink(missing_ok=True)
    stats = generate.generate(corpus, journeys=journeys, seed=seed, force=True)
    progress(f"  {stats.summary()}")
    stamp.write_text(fingerprint)
    return corpus


def validate_covers_corpus(paths: Paths) -> str | None:
    """`cjm validate --format json` must count every content file, and find no error."""
    argv = [str(paths.cjm), "validate", "--format", "json", "."]
    completed = subprocess.run(argv, cwd=paths.corpus, capture_output=True, check=False)
    try:
        summary = json.loads(completed.stdout)["summary"]
    except (ValueError, KeyError, TypeError):
        return f"`{' '.join(argv)}` printed no JSON summary:\n{_tail(completed.stderr.decode())}"
    expected = len(paths.content_files)
    # Only a generated corpus is known to hold one cjm document per file and nothing
    # that `exclude` or the scan's "not a cjm document" rule would leave out.
    counted = summary.get("files") == expected and summary.get("documents") == expected
    if paths.generated and not counted:
        return f"cjm validate read {summary} but the corpus has {expected} content files"
    if summary.get("errors"):
        return f"cjm validate found errors in the corpus: {summary}"
    return None


def write_small_workspace(folder: Path) -> Path:
    """One persona in a fresh folder; warns when a cjm.yaml above it would be picked up."""
    (folder / "persona.yaml").write_text(SMALL_PERSONA, encoding="utf-8")
    for parent in folder.parents:
        if (parent / "cjm.yaml").exists():
            progress(f"warning: {parent / 'cjm.yaml'} lies above the small-file folder")
    return folder


def _bomb() -> str:
    """Billion laughs: nine levels of nine aliases, 9**10 strings when expanded."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 9) + "]"]
    lines.extend(
        f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]" for level in range(1, 9)
    )
    lines.append("tags: [" + ", ".join(["*a8"] * 9) + "]")
    return SMALL_PERSONA + "\n".join(lines) + "\n"


HOSTILE_DEPTH = 100_000
WIDE_BYTES = 1024 * 1024


def write_hostile_workspaces(folder: Path) -> tuple[Path, Path]:
    """Two folders of hostile input, as tests/test_hostile.py writes it: small files
    that must be refused at once (an alias bomb, 100,000-deep nesting), and one file
    of tiny items whose YAML events must be counted, not built. Each file breaks a
    limit in cjm's loader; the speed of refusing is what these cases time."""
    hostile, wide = folder / "hostile", folder / "wide"
    hostile.mkdir()
    wide.mkdir()
    (hostile / "bomb.yaml").write_text(_bomb(), encoding="utf-8")
    flow = SMALL_PERSONA + "tags: " + "[" * HOSTILE_DEPTH + "]" * HOSTILE_DEPTH + "\n"
    (hostile / "flow.yaml").write_text(flow, encoding="utf-8")
    block = SMALL_PERSONA + "tags:\n  " + "- " * HOSTILE_DEPTH + "x\n"
    (hostile / "block.yaml").write_text(block, encoding="utf-8")
    items = (WIDE_BYTES - len(SMALL_PERSONA) - 64) // 2
    (wide / "wide.yaml").write_text(
        SMALL_PERSONA + "tags: [" + "a," * items + "a]\n", encoding="utf-8"
    )
    return hostile, wide


def _refused(paths: Paths, folder: Path, names: Sequence[str]) -> str | None:
    """`cjm validate --format json` must refuse each named file with one CJM106: a
    hostile file that is read to the end, or crashes cjm, would time something else."""
    argv = [str(paths.cjm), "validate", "--format", "json", *names]
    completed = subprocess.run(argv, cwd=folder, capture_output=True, check=False)
    try:
        diagnostics = json.loads(completed.stdout)["diagnostics"]
        found = sorted((item["path"], item["code"]) for item in diagnostics)
    except (ValueError, KeyError, TypeError):
        return (
            f"`{' '.join(argv)}` printed no JSON diagnostics:\n{_tail(completed.stderr.decode())}"
        )
    expected = sorted((name, "CJM106") for name in names)
    if found != expected:
        return f"cjm validate reported {found}, expected {expected}"
    return None


def hostile_refused(paths: Paths) -> str | None:
    return _refused(paths, paths.hostile_dir, ("bomb.yaml", "flow.yaml", "block.yaml"))


def wide_refused(paths: Paths) -> str | None:
    return _refused(paths, paths.wide_dir, ("wide.yaml",))


DIFF_EDIT_EVERY = 20
"""In the diff repository's second revision every 20th journey is edited: 5%."""
DIFF_EDITS = "emotion, metric value and action of one step; version 2"
"""Changes when `edit_journey` does, so a cached repository is rebuilt."""


def diff_repository(
    corpus: Path, *, generated: bool, edit: Callable[[str], str] | None = None
) -> Path:
    """A git repository holding the corpus at two revisions, for `cjm diff HEAD~1 HEAD`.

    The first commit is the corpus as it is; the second edits every 20th journey file
    (one step's emotion and action, one metric's value), so the diff has work to do in
    5% of the journeys, as a pull request would. Commits have a fixed author and date,
    so the repository is the same for the same corpus; a generated corpus's repository
    is cached beside it and rebuilt when the corpus or the edits change.
    """
    edit = edit or edit_journey
    kind = "diff-repo" if edit is edit_journey else "renames-repo"
    repository = WORK_DIR / f"{kind}-{corpus.name}"
    stamp = repository.with_suffix(".stamp")
    corpus_stamp = corpus.with_suffix(".stamp")
    edits = DIFF_EDITS if edit is edit_journey else RENAME_EDITS
    key = f"{corpus_stamp.read_text() if corpus_stamp.exists() else ''}|{edits}"
    if generated and stamp.exists() and stamp.read_text() == key and repository.is_dir():
        return repository
    progress(f"building the diff repository {repository} ...")
    stamp.unlink(missing_ok=True)
    shutil.rmtree(repository, ignore_errors=True)
    shutil.copytree(corpus, repository, ignore=shutil.ignore_patterns(".git"))
    _git(repository, "init", "-q")
    _git(repository, "add", "-A")
    _git(repository, "commit", "-q", "-m", "corpus")
    journeys = [
        repository / name
        for name in content_files(repository)
        if "\nkind: journey\n" in (repository / name).read_text(encoding="utf-8")
    ]
    for path in journeys[::DIFF_EDIT_EVERY]:
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    _git(repository, "commit", "-q", "-a", "-m", f"edit every {DIFF_EDIT_EVERY}th journey")
    stamp.write_text(key)
    return repository


def edit_journey(text: str) -> str:
    """A reviewer's kind of edit, kept valid: one emotion, one action, one metric value."""

    def other_emotion(match: re.Match[str]) -> str:
        emotion = int(match.group(2))
        return f"{match.group(1)}{emotion + 1 if emotion < 2 else 1}"

    text = re.sub(r"(\n\s+emotion: )(-?\d+)", other_emotion, text, count=1)
    text = re.sub(r"(\n\s+action: )(.*?)([\"']?)(?=\n)", r"\1\2 (revised)\3", text, count=1)
    return re.sub(
        r"(\n\s+value: )(\d+(?:\.\d+)?)\b",
        lambda match: f"{match.group(1)}{float(match.group(2)) + 1:g}",
        text,
        count=1,
    )


RENAME_EDITS = "first step id renamed, first pain point reworded; version 2"
REWORDING = " for the second time"


def rename_and_reword(text: str) -> str:
    """A rename and a rewording, which a diff must report as one change each: the first
    step's id gets a suffix (no other document names steps), and the first pain point
    gains a few words."""
    text = re.sub(r"(\n      - id: )([a-z0-9-]+)", r"\1\2-renamed", text, count=1)
    return re.sub(  # inside the quotes of a quoted text
        r"(\n\s+pain_points:\n\s+- (?:text: )?)(.+?)([\"']?)(?=\n)",
        rf"\1\2{REWORDING}\3",
        text,
        count=1,
    )


def diff_finds_renames(paths: Paths) -> str | None:
    """Every edited journey gives exactly one step renamed and one pain point reworded,
    and nothing fires the gate."""
    found = diff_json(paths.cjm, paths.renames_repo)
    if isinstance(found, str):
        return found
    changes, edited = found
    seen = sorted((change["op"], change["kind"], str(change["field"])) for change in changes)
    expected = sorted([("changed", "step", "pain_points"), ("renamed", "step", "id")] * len(edited))
    if seen != expected or any(change["effect"] != "neutral" for change in changes):
        return f"cjm diff reported {len(changes)} changes for {len(edited)} edited journeys"
    return None


def _git(repository: Path, *arguments: str) -> None:
    environment = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    }
    settings = ("user.name=bench", "user.email=bench@invalid", "init.defaultBranch=main")
    subprocess.run(
        ["git", *(part for setting in settings for part in ("-c", setting)), *arguments],
        cwd=repository,
        env=environment,
        check=True,
        capture_output=True,
    )


def diff_json(cjm: Path, repository: Path) -> tuple[list[dict[str, Any]], list[str]] | str:
    """The changes `cjm diff --format json HEAD~1 HEAD` reports in ``repository`` and
    the files git says were edited, or what went wrong."""
    argv = [str(cjm), "diff", "--format", "json", "HEAD~1", "HEAD"]
    completed = subprocess.run(argv, cwd=repository, capture_output=True, check=False)
    try:
        changes = json.loads(completed.stdout)["changes"]
    except (ValueError, KeyError, TypeError):
        return f"`{' '.join(argv)}` printed no JSON changes:\n{_tail(completed.stderr.decode())}"
    edited = subprocess.run(
        ["git", "diff", "--name-only", "HEAD~1", "HEAD"],
        cwd=repository,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return changes, edited


def diff_sees_the_edits(paths: Paths) -> str | None:
    """`cjm diff --format json` must report changes in exactly the journeys edited."""
    found = diff_json(paths.cjm, paths.diff_repo)
    if isinstance(found, str):
        return found
    changes, edited = found
    journeys = {change["path"].split("/")[0] for change in changes}
    if len(journeys) != len(edited):
        return f"cjm diff saw changes in {len(journeys)} journeys; {len(edited)} files were edited"
    return None


@dataclass(frozen=True)
class CorpusStats:
    """Size of the corpus as measured on disk, whoever generated it."""

    files: int
    total_bytes: int
    journeys: int
    journey_bytes: int

    @property
    def average_journey_kib(self) -> float:
        return self.journey_bytes / self.journeys / 1024 if self.journeys else 0.0

    def summary(self) -> str:
        return (
            f"{self.files} YAML files, {self.total_bytes / 1e6:.1f} MB, {self.journeys} "
            f"journeys averaging {self.average_journey_kib:.1f} KiB"
        )


def measure_corpus(corpus: Path) -> CorpusStats:
    files = [p for p in corpus.rglob("*") if p.suffix in {".yaml", ".yml"}]
    journeys = [p for p in files if p.parent.name == "journeys"]
    return CorpusStats(
        files=len(files),
        total_bytes=sum(p.stat().st_size for p in files),
        journeys=len(journeys),
        journey_bytes=sum(p.stat().st_size for p in journeys),
    )


# ----------------------------------------------------------------------------- timing


@dataclass
class Result:
    """The timings of one case, or why it stopped being timed."""

    case: Case
    runs: int
    times: list[float] = field(default_factory=list)
    error: str | None = None
    checked: bool = False

    @property
    def best(self) -> float | None:
        return min(self.times) if self.times else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def expand(case: Case, paths: Paths) -> tuple[list[str], Path]:
    """The case's real argv and working folder."""
    values = paths.placeholders()
    argv: list[str] = []
    for argument in case.argv:
        if argument == CONTENT_FILES:
            argv.extend(paths.content_files)
        else:
            argv.append(argument.format(**values))
    return argv, Path(case.cwd.format(**values))


def child_environment() -> dict[str, str]:
    """The user's environment, minus what would measure a cold start on every run."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["NO_COLOR"] = "1"
    return environment


def run_once(argv: Sequence[str], cwd: Path, env: Mapping[str, str]) -> tuple[float, int, str]:
    """Wall-clock seconds, exit status and stderr of one process."""
    start = time.perf_counter()
    completed = subprocess.run(
        argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, check=False
    )
    elapsed = time.perf_counter() - start
    streams = {
        "stderr": completed.stderr.decode("utf-8", "replace"),
        "stdout": completed.stdout.decode("utf-8", "replace"),
    }
    output = "\n".join(f"--- {name}:\n{_tail(text)}" for name, text in streams.items() if text)
    return elapsed, completed.returncode, output


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _short_argv(argv: Sequence[str], limit: int = 8) -> str:
    shown = " ".join(argv[:limit])
    return shown if len(argv) <= limit else f"{shown} ... ({len(argv) - limit} more arguments)"


def attempt(result: Result, paths: Paths, env: Mapping[str, str], *, timed: bool) -> None:
    """Run a case once; a wrong exit status, a failed check or a missing program ends
    its timing, loudly, since a broken command would otherwise just look fast."""
    argv, cwd = expand(result.case, paths)
    try:
        elapsed, status, output = run_once(argv, cwd, env)
    except OSError as error:
        result.error = f"cannot run {argv[0]}: {error}"
    else:
        if status != result.case.expect_status:
            result.error = (
                f"exit status {status}, expected {result.case.expect_status}\n"
                f"command: {_short_argv(argv)}\ncwd: {cwd}\n{output}"
            )
        elif result.case.check is not None and not result.checked:
            result.checked = True
            result.error = result.case.check(paths)
        if timed and result.error is None:
            result.times.append(elapsed)
    if result.error is not None:
        progress(f"ERROR: {result.case.name!r} failed, no longer timed: {result.error}")


def run_cases(
    cases: Sequence[Case], paths: Paths, *, runs: int | None, warmups: int
) -> list[Result]:
    """Warm up each case, then time them round by round, interleaved."""
    env = child_environment()
    results = [Result(case, runs if runs is not None else case.runs) for case in cases]
    for round_number in range(-warmups, max(r.runs for r in results)):
        live = [r.case.name for r in results if r.error is None and round_number < r.runs]
        if not live:
            break
        label = "warm-up" if round_number < 0 else f"round {round_number + 1}"
        progress(f"{label}: " + ", ".join(live))
        for result in results:
            if result.error is None and round_number < result.runs:
                attempt(result, paths, env, timed=round_number >= 0)
    return results


# ---------------------------------------------------------------------------- report


@dataclass(frozen=True)
class RatioResult:
    """A ratio's value from the best and from the median runs, and its verdict."""

    ratio: Ratio
    best: float | None
    median: float | None

    @property
    def met(self) -> bool | None:
        if self.median is None:
            return None
        if self.ratio.direction is Direction.AT_MOST:
            return self.median <= self.ratio.goal
        return self.median >= self.ratio.goal

    @property
    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: "n/a (a case failed)"}[self.met]


def compute_ratios(ratios: Sequence[Ratio], results: Sequence[Result]) -> list[RatioResult]:
    """Ratios whose two cases were both selected; a failed case leaves its ratio n/a."""
    by_name = {result.case.name: result for result in results}
    computed = []
    for ratio in ratios:
        top, bottom = by_name.get(ratio.numerator), by_name.get(ratio.denominator)
        if top is None or bottom is None:
            continue
        computed.append(
            RatioResult(ratio, _divide(top.best, bottom.best), _divide(top.median, bottom.median))
        )
    return computed


def _divide(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:,.1f} ms"


def _times(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def format_table(results: Sequence[Result], ratios: Sequence[RatioResult]) -> str:
    """The human report: one line per case, then one per ratio."""
    width = max([len(r.case.name) for r in results] + [len(r.ratio.name) for r in ratios] + [4])
    lines = [f"{'case':<{width}}  runs  {'best':>12}  {'median':>12}  status"]
    for result in results:
        status = "ok" if result.error is None else "FAILED"
        lines.append(
            f"{result.case.name:<{width}}  {len(result.times):>4}  {_ms(result.best):>12}  "
            f"{_ms(result.median):>12}  {status}"
        )
    if ratios:
        lines += ["", f"{'ratio':<{width}}  {'best':>8}  {'median':>8}  {'goal':>9}  verdict"]
    for item in ratios:
        goal = f"{item.ratio.direction.value} {item.ratio.goal:g}x"
        lines.append(
            f"{item.ratio.name:<{width}}  {_times(item.best):>8}  {_times(item.median):>8}  "
            f"{goal:>9}  {item.verdict}"
        )
    return "\n".join(lines)


def report_failures(results: Sequence[Result]) -> None:
    for result in results:
        if result.error is not None:
            print(f"\nERROR: case {result.case.name!r} failed: {result.error}", file=sys.stderr)


def git_revision() -> str | None:
    """The commit measured, with ``-dirty`` when the work tree has changes."""
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO_DIR), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit.stdout.strip() or None


def as_json(
    results: Sequence[Result], ratios: Sequence[RatioResult], paths: Paths, stats: CorpusStats
) -> dict[str, Any]:
    """Everything in the table plus the raw times and the machine they came from."""
    return {
        "environment": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "revision": git_revision(),
        },
        "corpus": {"path": str(paths.corpus), **dataclasses.asdict(stats)},
        "cases": [
            {
                "name": r.case.name,
                "argv": _short_argv(expand(r.case, paths)[0]),
                "about": r.case.about,
                "expect_status": r.case.expect_status,
                "times": r.times,
                "best": r.best,
                "median": r.median,
                "error": r.error,
            }
            for r in results
        ],
        "ratios": [
            {
                "name": item.ratio.name,
                "numerator": item.ratio.numerator,
                "denominator": item.ratio.denominator,
                "goal": item.ratio.goal,
                "direction": item.ratio.direction.value,
                "best": item.best,
                "median": item.median,
                "met": item.met,
            }
            for item in ratios
        ],
    }


# ------------------------------------------------------------------------------ main


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke test: 100 journeys, 2 runs")
    parser.add_argument("--runs", type=int, help="runs of every case (default: 5 fast, 3 slow)")
    parser.add_argument("--warmups", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--journeys", type=int, help="journeys to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--corpus", type=Path, help="use this workspace instead of generating")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the cached corpus")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument(
        "--case",
        action="append",
        choices=[case.name for case in CASES],
        help="run only this case (repeatable)",
    )
    parser.add_argument("--cjm", type=Path, help="the cjm program (default: beside python)")
    parser.add_argument("--schema", type=Path, default=REPO_DIR / "schemas" / "cjm.schema.json")
    arguments = parser.parse_args(argv)
    if arguments.quick:
        arguments.runs = arguments.runs or QUICK_RUNS
        arguments.journeys = arguments.journeys or QUICK_JOURNEYS
    if arguments.runs is not None and arguments.runs < 1:
        parser.error("--runs must be at least 1")
    return arguments


def selected_cases(names: Sequence[str] | None) -> list[Case]:
    return [case for case in CASES if names is None or case.name in names]


def build_paths(arguments: argparse.Namespace, small_dir: Path) -> Paths:
    python = venv_python()
    hostile_dir, wide_dir = write_hostile_workspaces(small_dir)
    if arguments.corpus is not None:
        corpus = arguments.corpus.resolve()
        if not corpus.is_dir():
            raise SystemExit(f"--corpus {corpus}: not a folder")
    else:
        journeys = arguments.journeys or generate.DEFAULT_JOURNEYS
        corpus = cached_corpus(journeys, arguments.seed, regenerate=arguments.regenerate)
    return Paths(
        python=python,
        cjm=arguments.cjm or python.parent / "cjm",
        check_jsonschema=python.parent / "check-jsonschema",
        schema=arguments.schema.resolve(),
        corpus=corpus,
        small_dir=write_small_workspace(small_dir),
        diff_repo=diff_repository(corpus, generated=arguments.corpus is None),
        renames_repo=diff_repository(
            corpus, generated=arguments.corpus is None, edit=rename_and_reword
        ),
        content_files=content_files(corpus),
        generated=arguments.corpus is None,
        examples=BENCH_DIR.parent / "examples",
        portfolio=cached_corpus(
            PORTFOLIO_JOURNEYS, arguments.seed, regenerate=arguments.regenerate
        ),
        render_out=small_dir / "render",
        hostile_dir=hostile_dir,
        wide_dir=wide_dir,
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    with tempfile.TemporaryDirectory(prefix="cjm-bench-small-") as small_dir:
        paths = build_paths(arguments, Path(small_dir))
        stats = measure_corpus(paths.corpus)
        progress(f"corpus {paths.corpus}: {stats.summary()}")
        cases = selected_cases(arguments.case)
        results = run_cases(cases, paths, runs=arguments.runs, warmups=arguments.warmups)
        ratios = compute_ratios(RATIOS, results)
        print(f"\ncorpus: {stats.summary()}\n")
        print(format_table(results, ratios))
        if arguments.json is not None:
            document = as_json(results, ratios, paths, stats)
            arguments.json.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")
        report_failures(results)
    return 1 if any(result.error is not None for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
