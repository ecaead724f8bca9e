"""Every output format of one fixed pair of workspaces, as snapshots reviewed like code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from cjm import commands
from cjm.diff import DiffFormat
from tests.conftest import run_cli
from tests.diff.conftest import PAIR


@pytest.fixture
def in_pair(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(PAIR)
    return PAIR


@pytest.mark.parametrize("output_format", list(DiffFormat))
def test_snapshot(in_pair: Path, output_format: DiffFormat, snapshot: SnapshotAssertion) -> None:
    result = run_cli("diff", "old", "new", "--format", output_format.value)
    assert result.status == 0, result.stderr
    assert result.stdout == snapshot


def test_json_has_exactly_the_contract_keys(in_pair: Path) -> None:
    document = json.loads(run_cli("diff", "old", "new", "-f", "json").stdout)
    assert list(document) == ["changes", "journeys", "summary"]
    summary = document["summary"]
    assert sorted(summary) == ["changes", "improvements", "neutral", "regressions"]
    assert summary["changes"] == len(document["changes"])
    assert summary["improvements"] + summary["regressions"] + summary["neutral"] == len(
        document["changes"]
    )
    for change in document["changes"]:
        assert sorted(change) == [
            "effect", "field", "kind", "new", "old", "op", "path", "reason",
        ]  # fmt: skip
        assert change["op"] in ("added", "removed", "changed", "moved", "renamed")
        assert isinstance(change["reason"], str)
        assert change["reason"] or change["effect"] == "neutral"  # a verdict says why
        assert change["kind"] in (
            "persona", "segment", "touchpoint", "journey", "stage", "step", "metric", "goal",
            "opportunity",
        )  # fmt: skip
    # Each journey's counts, by the journey id its changes' paths start with.
    assert document["journeys"] == {
        "checkup": {"changes": 17, "improvements": 7, "neutral": 5, "regressions": 5}
    }


def test_same_input_same_bytes(in_pair: Path) -> None:
    for output_format in DiffFormat:
        first = run_cli("diff", "old", "new", "-f", output_format.value).stdout
        assert run_cli("diff", "old", "new", "-f", output_format.value).stdout == first


def test_color_only_when_asked() -> None:
    plain = commands.diff(str(PAIR / "old"), str(PAIR / "new"))
    colored = commands.diff(str(PAIR / "old"), str(PAIR / "new"), color=True)
    assert "\033[" not in plain.output
    assert "\033[" in colored.output
    assert re.sub(r"\033\[[0-9;]*m", "", colored.output) == plain.output
    for output_format in (DiffFormat.MARKDOWN, DiffFormat.JSON, DiffFormat.HTML):
        outcome = commands.diff(
            str(PAIR / "old"), str(PAIR / "new"), output_format=output_format, color=True
        )
        assert "\033[" not in outcome.output


def test_markdown_escapes_map_text(in_pair: Path) -> None:
    text = run_cli("diff", "old", "new", "-f", "markdown").stdout
    assert "<b>" not in text  # a pain point cannot open a tag
    assert "\\*again\\*" in text
    assert "@reception" not in text  # no mention of a GitHub user or team
    for line in text.splitlines():
        if line.startswith("|"):
            assert line.count("|") - line.count("\\|") in (4, 5), line  # no broken row


def test_html_is_self_contained_and_escaped(in_pair: Path) -> None:
    page = run_cli("diff", "old", "new", "-f", "html").stdout
    assert page.startswith("<!DOCTYPE html>")
    assert "<b>rejects</b>" not in page and "&lt;b&gt;rejects&lt;/b&gt;" in page
    assert "<script" not in page and "<link" not in page
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"]
    assert 'class="old-line"' in page and 'class="new-line"' in page
    assert '<td class="added">' in page and "removed" in page and "changed" in page


def test_out_writes_the_file_and_nothing_to_stdout(in_pair: Path, tmp_path: Path) -> None:
    target = tmp_path / "reports" / "diff.html"
    result = run_cli("diff", "old", "new", "-f", "html", "--out", str(target))
    assert result.status == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == run_cli("diff", "old", "new", "-f", "html").stdout
    assert [path.name for path in target.parent.iterdir()] == ["diff.html"]  # no temporary left


def test_out_to_a_folder_is_a_usage_error(in_pair: Path, tmp_path: Path) -> None:
    result = run_cli("diff", "old", "new", "--out", str(tmp_path))
    assert result.status == 2
    assert "is a folder" in result.stderr


def test_missing_old_is_a_usage_error(in_pair: Path) -> None:
    result = run_cli("diff")
    assert result.status == 2
    assert result.stderr.startswith("cjm: error: missing OLD")


def test_no_differences_in_every_format(in_pair: Path) -> None:
    assert run_cli("diff", "old", "old").stdout == "old → old: no differences\n"
    assert json.loads(run_cli("diff", "old", "old", "-f", "json").stdout) == {
        "changes": [],
        "summary": {"changes": 0, "improvements": 0, "neutral": 0, "regressions": 0},
        "journeys": {},
    }
    assert run_cli("diff", "old", "old", "-f", "markdown").stdout == (
        "## 🗺️ Journey map changes\n\nNo differences between `old` → `old`.\n"
    )
    page = run_cli("diff", "old", "old", "-f", "html").stdout
    assert '<p class="summary">no differences</p>' in page
    assert "<table" not in page  # no table of changes, not even an empty one


def test_files_as_sides(in_pair: Path) -> None:
    result = run_cli("diff", "old/checkup.yaml", "new/checkup.yaml", "-f", "json")
    assert result.status == 0, result.stderr
    paths = {change["path"].split("/")[0] for change in json.loads(result.stdout)["changes"]}
    assert paths == {"journey:checkup"}  # only the named files' documents are compared
