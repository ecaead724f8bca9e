"""The Markdown report fits a pull request comment: at most ``--max-chars`` characters,
made of whole blocks (no table or ``<details>`` section cut), always with the summary
and every regression, losing details first, then whole journeys."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from syrupy.assertion import SnapshotAssertion

from cjm.diff import Effect
from cjm.diff.compare import Comparison
from cjm.diff.markdown import MarkdownReport, format_markdown
from cjm.diff.pipeline import DEFAULT_MAX_CHARS, MIN_MAX_CHARS
from cjm.diff.words import Counts, journey_counts
from cjm.model import CjmDocument, JourneyDocument
from tests.conftest import run_cli
from tests.diff.conftest import PAIR
from tests.diff.models import comparison, journey, stage, step
from tests.diff.strategies import journeys

SUMMARY = re.compile(
    r"\*\*(\d+) changes?: (\d+) improvements?, (\d+) regressions?, (\d+) neutral\*\*"
)
HEADER = re.compile(r"^### .* · `(j\d+)`", re.MULTILINE)
MORE_CHANGES = re.compile(r"^\*\*(\d+) more changes? in (\d+) journeys?\*\*: ", re.MULTILINE)
MORE_REGRESSIONS = re.compile(r"^- … and (\d+) more regressions?: ", re.MULTILINE)


def _pair(index: int, steps: int = 6) -> tuple[JourneyDocument, JourneyDocument]:
    """Journey ``j<index>`` before and after an edit of every step: each step's emotion
    moves (down on the first step: one regression of the journey, up on the others) and
    its thought is replaced: 18 changes, 5 improvements, 1 regression, 12 neutral."""
    old_steps, new_steps = [], []
    for number in range(steps):
        name = f"s{number}"
        old_steps.append(step(name, f"Step {number} of journey {index}", emotion=0, thoughts=["a"]))
        emotion = -2 if number == 0 else 1
        new_steps.append(
            step(name, f"Step {number} of journey {index}", emotion=emotion, thoughts=["b"])
        )
    fields = {"id": f"j{index:03}", "title": f"Journey number {index}"}
    return (
        journey([stage("visit", *old_steps)], **fields),
        journey([stage("visit", *new_steps)], **fields),
    )


@cache
def _many(count: int, steps: int = 6) -> Comparison:
    """``count`` journeys that changed, each with one regression among its changes."""
    pairs = [_pair(index, steps) for index in range(count)]
    return comparison([old for old, _ in pairs], [new for _, new in pairs])


def _check_blocks(text: str) -> None:
    """Whole blocks only: every table with its header and separator, every row as wide
    as its header, every ``<details>`` closed."""
    lines = text.splitlines()
    depth = 0
    for line in lines:
        depth += line.count("<details>") - line.count("</details>")
        assert depth in (0, 1), line
    assert depth == 0
    table: list[str] = []
    for line in [*lines, ""]:
        if line.startswith("|"):
            table.append(line)
            continue
        if table:
            assert len(table) >= 3, table  # header, separator and at least one row
            assert re.fullmatch(r"\|( :?-+:? \|)+", table[1]), table
            widths = {row.count("|") - row.count("\\|") for row in table}
            assert len(widths) == 1, table
            table = []


def _check_summary(text: str, compared: Comparison) -> None:
    counts = Counts.of(compared.changes)
    match = SUMMARY.search(text)
    assert match is not None
    assert tuple(map(int, match.groups())) == (
        counts.changes,
        counts.improvements,
        counts.regressions,
        counts.neutral,
    )


def _regression_lines(text: str) -> list[str]:
    block = text.split("**Regressions**\n\n", 1)[1].split("\n\n", 1)[0]
    return [line for line in block.splitlines() if not MORE_REGRESSIONS.match(line)]


@pytest.mark.parametrize("budget", [DEFAULT_MAX_CHARS, 10_000, 3_000, MIN_MAX_CHARS])
def test_a_huge_diff_fits_every_budget(budget: int) -> None:
    compared = _many(320)
    whole = MarkdownReport.of(compared).text()
    assert len(whole) > DEFAULT_MAX_CHARS  # so every budget shortens it
    text = format_markdown(compared, max_chars=budget)
    assert len(text) <= budget
    _check_blocks(text)
    _check_summary(text, compared)
    listed = _regression_lines(text)
    more = MORE_REGRESSIONS.search(text)
    assert len(listed) + (int(more.group(1)) if more else 0) == 320
    # The journeys shown and the line counting the others add up to the whole diff.
    shown = HEADER.findall(text)
    by_journey = journey_counts(compared.changes)
    counted = MORE_CHANGES.search(text)
    assert counted is not None
    assert int(counted.group(2)) == 320 - len(shown)
    assert int(counted.group(1)) == sum(
        counts.changes for key, counts in by_journey.items() if key not in shown
    )
    assert "run `cjm diff` with a larger `--max-chars`" in text.splitlines()[-1]


def test_every_regression_is_named_when_they_fit() -> None:
    compared = _many(320)
    text = format_markdown(compared, max_chars=DEFAULT_MAX_CHARS)
    assert MORE_REGRESSIONS.search(text) is None
    listed = _regression_lines(text)
    regressions = [c for c in compared.changes if c.effect is Effect.REGRESSION]
    assert [c.field for c in regressions] == ["emotion"] * 320
    assert listed == [
        f"- **Journey number {index}** · Visit → *Step 0 of journey {index}*: "
        + (change.reason or "emotion: 0 → -2")  # why, or else what changed
        for index, change in enumerate(regressions)
    ]


def test_regressions_alone_too_long_are_counted() -> None:
    compared = _many(320)
    text = format_markdown(compared, max_chars=3_000)
    listed = _regression_lines(text)
    more = MORE_REGRESSIONS.search(text)
    assert more is not None
    assert 0 < len(listed) < 320
    assert int(more.group(1)) == 320 - len(listed)
    assert HEADER.findall(text) == []  # no room for any journey
    assert len(compared.changes) == 320 * 18
    assert f"**{320 * 18} more changes in 320 journeys**" in text


def test_a_small_diff_is_shown_whole() -> None:
    compared = _many(3)
    text = format_markdown(compared, max_chars=DEFAULT_MAX_CHARS)
    assert text == MarkdownReport.of(compared).text()
    assert text.count("<details><summary>All 18 changes to this journey</summary>") == 3
    assert "left out" not in text and "more change" not in text


def test_a_medium_diff_loses_details_before_journeys() -> None:
    compared = _many(60)
    whole = MarkdownReport.of(compared).text()
    budget = 40_000
    assert len(whole) > budget
    text = format_markdown(compared, max_chars=budget)
    assert len(text) <= budget
    _check_blocks(text)
    assert len(HEADER.findall(text)) == 60  # every journey keeps its header and counts
    assert text.count("**18 changes**: 5 improvements, 1 regression, 12 neutral") == 60
    details = text.count("<details>")
    assert 0 < details < 60  # as many journeys in full as fit
    assert MORE_CHANGES.search(text) is None
    assert text.splitlines()[-1].startswith(f"The details of {60 - details} journeys are left out")


def test_journeys_with_regressions_keep_their_details_first() -> None:
    pairs = [_pair(index) for index in range(40)]
    calm = [(old, new.model_copy(update={"stages": _calm(new)})) for old, new in pairs]
    mixed = [pair if index % 4 == 0 else calm[index] for index, pair in enumerate(pairs)]
    compared = comparison([old for old, _ in mixed], [new for _, new in mixed])
    budget = 30_000  # all collapsed, and room for the details of a dozen of them
    text = format_markdown(compared, max_chars=budget)
    assert len(text) <= budget
    sections = ["### " + section for section in text.split("\n### ")[1:]]
    assert [HEADER.findall(section)[0] for section in sections] == [f"j{i:03}" for i in range(40)]
    full = [HEADER.findall(section)[0] for section in sections if "<details>" in section]
    regressing = [f"j{i:03}" for i in range(0, 40, 4)]
    calm_in_full = [key for key in full if key not in regressing]
    assert set(regressing) <= set(full)  # all ten journeys with a regression, in full
    assert 0 < len(calm_in_full) < 30  # then the others that fit, in the map's order
    others = [f"j{i:03}" for i in range(40) if f"j{i:03}" not in regressing]
    assert calm_in_full == others[: len(calm_in_full)]


def _calm(journey_document: JourneyDocument) -> tuple[object, ...]:
    """The journey's stages with its first step's emotion raised instead of lowered."""
    stages = journey_document.stages
    first = stages[0].steps[0].model_copy(update={"emotion": 1})
    steps = (first, *stages[0].steps[1:])
    return (stages[0].model_copy(update={"steps": steps}), *stages[1:])


def test_long_labels_still_fit_the_smallest_budget() -> None:
    old, new = _pair(0, steps=40)
    title = "A very long journey title " * 20
    old = old.model_copy(update={"title": title})
    new = new.model_copy(update={"title": title})
    compared = comparison([old], [new])
    compared.old_label, compared.new_label = "o" * 500, "n" * 500
    text = format_markdown(compared, max_chars=MIN_MAX_CHARS, full_report="x" * 300 + ".md")
    assert len(text) <= MIN_MAX_CHARS
    _check_blocks(text)
    _check_summary(text, compared)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(journeys(), journeys()), min_size=1, max_size=8),
    st.integers(MIN_MAX_CHARS, 6_000),
)
def test_any_diff_fits_any_budget(
    sides: list[tuple[JourneyDocument, JourneyDocument]], budget: int
) -> None:
    old: list[CjmDocument] = [
        a.model_copy(update={"id": f"j{i:03}"}) for i, (a, _) in enumerate(sides)
    ]
    new: list[CjmDocument] = [
        b.model_copy(update={"id": f"j{i:03}"}) for i, (_, b) in enumerate(sides)
    ]
    compared = comparison(old, new)
    whole = MarkdownReport.of(compared).text()
    text = format_markdown(compared, max_chars=budget)
    assert len(text) <= budget
    assert text == whole or len(whole) > budget
    _check_blocks(text)
    if compared.changes:
        _check_summary(text, compared)
    regressions = compared.count(Effect.REGRESSION)
    if regressions:
        more = MORE_REGRESSIONS.search(text)
        listed = len(_regression_lines(text))
        assert listed + (int(more.group(1)) if more else 0) == regressions


# -- through the command ---------------------------------------------------------------


@pytest.fixture
def in_pair(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(PAIR)
    return PAIR


def test_max_chars_shortens_the_markdown(in_pair: Path, snapshot: SnapshotAssertion) -> None:
    result = run_cli("diff", "old", "new", "-f", "markdown", "--max-chars", "2000")
    assert result.status == 0, result.stderr
    assert len(result.stdout) <= 2000
    assert result.stdout == snapshot


def test_max_chars_applies_to_markdown_only(in_pair: Path) -> None:
    for output_format in ("text", "json"):
        short = run_cli("diff", "old", "new", "-f", output_format, "--max-chars", "2000")
        assert short.stdout == run_cli("diff", "old", "new", "-f", output_format).stdout


def test_too_small_max_chars_is_a_usage_error(in_pair: Path) -> None:
    result = run_cli("diff", "old", "new", "-f", "markdown", "--max-chars", "1999")
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr == (
        "cjm: error: --max-chars 1999 is too small: a report needs at least 2,000\n"
    )


def test_out_writes_the_full_report_beside_a_shortened_one(in_pair: Path, tmp_path: Path) -> None:
    target = tmp_path / "comment.md"
    result = run_cli(
        "diff", "old", "new", "-f", "markdown", "--max-chars", "2000", "-o", str(target)
    )
    assert (result.status, result.stdout) == (0, "")
    comment = target.read_text(encoding="utf-8")
    assert len(comment) <= 2000
    assert comment.splitlines()[-1].endswith("see the full report in `comment.full.md`.")
    whole = run_cli("diff", "old", "new", "-f", "markdown").stdout
    assert (tmp_path / "comment.full.md").read_text(encoding="utf-8") == whole
    assert sorted(path.name for path in tmp_path.iterdir()) == ["comment.full.md", "comment.md"]


def test_out_writes_no_full_report_when_it_fits(in_pair: Path, tmp_path: Path) -> None:
    target = tmp_path / "comment.md"
    result = run_cli("diff", "old", "new", "-f", "markdown", "-o", str(target))
    assert result.status == 0
    assert (
        target.read_text(encoding="utf-8") == run_cli("diff", "old", "new", "-f", "markdown").stdout
    )
    assert [path.name for path in tmp_path.iterdir()] == ["comment.md"]
