"""SARIF that code scanning accepts: URIs checked by the official schema and decoded back.

Every log here comes from the real CLI and is validated against the OASIS SARIF 2.1.0
schema (vendored in ``tests/data/sarif``, see its README) with format checking on, so
``artifactLocation.uri`` must be an RFC 3986 URI reference. The expected URIs are written
out by hand; decoding each one against ``%SRCROOT%`` must give back the very file.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from jsonschema import Draft7Validator

from cjm.diagnostics import VALIDATION_CODES, Summary, validation_diagnostic
from cjm.formatters.report import Report
from cjm.formatters.sarif import format_sarif
from tests.conftest import REPO, run_cli, run_process

SCHEMA = json.loads((REPO / "tests/data/sarif/sarif-schema-2.1.0.json").read_text("utf-8"))
# Draft 7, not the draft 4 the file declares: draft 4 has no "uri-reference" format, so
# its checker would wave every artifactLocation.uri through.
VALIDATOR = Draft7Validator(SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER)

#: File name -> its URI relative to the folder holding it, percent-encoded by hand
#: (ż = C5 BC, ó = C3 B3, ł = C5 82, ć = C4 87 in UTF-8).
NAMES = {
    "50% off draft.yaml": "50%25%20off%20draft.yaml",
    "a,b.yaml": "a%2Cb.yaml",
    "c:d.yaml": "c%3Ad.yaml",
    "zażółć.yaml": "za%C5%BC%C3%B3%C5%82%C4%87.yaml",
    "x%25.yaml": "x%2525.yaml",
    "x%.yaml": "x%25.yaml",  # what an unencoded x%25.yaml would wrongly point at
    "with spaces here.yaml": "with%20spaces%20here.yaml",
}


def _persona_files(folder: Path, names: dict[str, str] | list[str]) -> None:
    """One persona a file, each with one CJM102 at 5:1 (a misspelled field)."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in enumerate(names):
        text = f"cjm: 1\nkind: persona\nid: p{index}\nname: A\nnmae: B\n"
        (folder / name).write_text(text, encoding="utf-8")


def _git_init(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True, timeout=60)


def _sarif(*args: str) -> dict[str, Any]:
    result = run_cli("validate", "--format", "sarif", *args)
    assert result.status == 1, result.stdout + result.stderr
    log: dict[str, Any] = json.loads(result.stdout)
    return log


def _assert_valid(log: dict[str, Any]) -> None:
    errors = [
        f"{list(error.absolute_path)}: {error.message}" for error in VALIDATOR.iter_errors(log)
    ]
    assert errors == []


def _locations(log: dict[str, Any]) -> list[dict[str, str]]:
    return [
        result["locations"][0]["physicalLocation"]["artifactLocation"]
        for result in log["runs"][0]["results"]
    ]


def _decoded(log: dict[str, Any], location: dict[str, str]) -> Path:
    """The file a location names, as a consumer resolves it: base URI joined, unquoted."""
    uri = location["uri"]
    if "uriBaseId" in location:
        base = log["runs"][0]["originalUriBaseIds"][location["uriBaseId"]]["uri"]
        uri = urljoin(base, uri)
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("file", "", "", "")
    return Path(unquote(parts.path, errors="strict"))


def _assert_round_trip(log: dict[str, Any], expected: list[Path]) -> None:
    decoded = [_decoded(log, location) for location in _locations(log)]
    assert sorted(map(str, decoded)) == sorted(map(str, expected))
    for path in decoded:
        assert path.is_file(), path


def _safe(path: Path) -> str:
    """``path`` as text, checked to need no encoding, so expected URIs can embed it."""
    text = str(path)
    assert all(char.isascii() and (char.isalnum() or char in "/-_.") for char in text), text
    return text


def test_the_checker_really_checks_uris() -> None:
    """Proof the schema test cannot pass by checking nothing: a raw path is refused."""

    def log_with(uri: str) -> dict[str, Any]:
        location = {"physicalLocation": {"artifactLocation": {"uri": uri}}}
        result = {"message": {"text": "m"}, "locations": [location]}
        return {
            "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "t"}}, "results": [result]}],
        }

    for bad in ("a b.yaml", "50% off.yaml", "zażółć.yaml"):
        errors = list(VALIDATOR.iter_errors(log_with(bad)))
        assert [(error.validator, error.validator_value) for error in errors] == [
            ("format", "uri-reference")
        ], bad
    for good in ("a%20b.yaml", "50%25%20off.yaml", "za%C5%BC%C3%B3%C5%82%C4%87.yaml"):
        assert list(VALIDATOR.iter_errors(log_with(good))) == []


def test_git_repository_with_a_subfolder_as_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = Path(os.path.realpath(tmp_path))
    repository = top / "repo ż"
    _git_init(repository)
    _persona_files(repository / "maps", NAMES)
    monkeypatch.chdir(repository / "maps")

    log = _sarif()

    _assert_valid(log)
    assert log["runs"][0]["originalUriBaseIds"] == {
        "%SRCROOT%": {"uri": f"file://{_safe(top)}/repo%20%C5%BC/"}
    }
    assert sorted(location["uri"] for location in _locations(log)) == sorted(
        f"maps/{uri}" for uri in NAMES.values()
    )
    assert {location.get("uriBaseId") for location in _locations(log)} == {"%SRCROOT%"}
    _assert_round_trip(log, [repository / "maps" / name for name in NAMES])


def test_outside_git_the_current_folder_is_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Path(os.path.realpath(tmp_path)) / "plain"
    for parent in (folder, *folder.parents):
        assert not (parent / ".git").exists(), f"the test needs {folder} outside git"
    # At the top, where `c:d.yaml` unencoded would read as a URI of scheme `c`.
    _persona_files(folder, NAMES)
    monkeypatch.chdir(folder)

    log = _sarif()

    _assert_valid(log)
    assert log["runs"][0]["originalUriBaseIds"] == {
        "%SRCROOT%": {"uri": f"file://{_safe(folder)}/"}
    }
    assert sorted(location["uri"] for location in _locations(log)) == sorted(NAMES.values())
    _assert_round_trip(log, [folder / name for name in NAMES])


def test_a_workspace_beside_the_current_folder_is_placed_from_the_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = Path(os.path.realpath(tmp_path)) / "repo"
    _git_init(repository)
    (repository / "sub").mkdir()
    _persona_files(repository / "other", ["50% off draft.yaml"])
    monkeypatch.chdir(repository / "sub")

    log = _sarif("../other")

    _assert_valid(log)
    assert _locations(log) == [{"uri": "other/50%25%20off%20draft.yaml", "uriBaseId": "%SRCROOT%"}]
    _assert_round_trip(log, [repository / "other" / "50% off draft.yaml"])


def test_a_file_outside_the_root_gets_an_absolute_file_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = Path(os.path.realpath(tmp_path))
    _git_init(top / "repo")
    _persona_files(top / "outside", ["50% off draft.yaml", "c:d.yaml"])
    monkeypatch.chdir(top / "repo")

    log = _sarif("../outside")

    _assert_valid(log)
    assert _locations(log) == [
        {"uri": f"file://{_safe(top)}/outside/50%25%20off%20draft.yaml"},
        {"uri": f"file://{_safe(top)}/outside/c%3Ad.yaml"},
    ]
    _assert_round_trip(log, [top / "outside" / "50% off draft.yaml", top / "outside" / "c:d.yaml"])


def test_a_symlinked_folder_keeps_its_name_in_the_repository(tmp_path: Path) -> None:
    """The link is what the repository holds: resolving it would leave the root.

    Through the formatter, as the path the loader reports for a file under a symlinked
    folder is its own business (issue 9, item 8); this checks the formatter adds no
    resolving of its own.
    """
    top = Path(os.path.realpath(tmp_path))
    _git_init(top / "repo")
    _persona_files(top / "elsewhere", ["a,b.yaml"])
    (top / "repo" / "linked").symlink_to(top / "elsewhere", target_is_directory=True)
    diagnostic = validation_diagnostic(
        "CJM102", "unknown field 'nmae'", path="linked/a,b.yaml", line=5, column=1
    )
    report = Report(
        [diagnostic],
        Summary.of([diagnostic], files=1, documents=1),
        VALIDATION_CODES,
        folder=str(top / "repo"),
    )

    log = json.loads(format_sarif(report))

    _assert_valid(log)
    assert _locations(log) == [{"uri": "linked/a%2Cb.yaml", "uriBaseId": "%SRCROOT%"}]
    _assert_round_trip(log, [top / "repo" / "linked" / "a,b.yaml"])


def test_lint_sarif_is_valid_too_and_the_same_bytes_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = Path(os.path.realpath(tmp_path))
    _git_init(top / "repo")
    _persona_files(top / "repo" / "maps", NAMES)
    # A valid persona with no goals or pains: CJM201, a lint rule's finding.
    (top / "repo" / "maps" / "50% lint.yaml").write_text(
        "cjm: 1\nkind: persona\nid: lint\nname: L\n", encoding="utf-8"
    )
    monkeypatch.chdir(top / "repo" / "maps")

    first = run_cli("lint", "--format", "sarif")
    second = run_cli("lint", "--format", "sarif")

    assert first.status == 1
    assert first.stdout == second.stdout
    log = json.loads(first.stdout)
    _assert_valid(log)
    codes = sorted(result["ruleId"] for result in log["runs"][0]["results"])
    assert codes == ["CJM102"] * len(NAMES) + ["CJM201"]
    assert "maps/50%25%20lint.yaml" in [location["uri"] for location in _locations(log)]
    names = [*NAMES, "50% lint.yaml"]
    _assert_round_trip(log, [top / "repo" / "maps" / name for name in names])


def test_a_real_process_in_a_subfolder_prints_encoded_uris(tmp_path: Path) -> None:
    top = Path(os.path.realpath(tmp_path))
    _git_init(top / "repo")
    _persona_files(top / "repo" / "maps", ["zażółć.yaml"])

    result = run_process("validate", "-f", "sarif", cwd=top / "repo" / "maps")

    assert result.status == 1, result.stderr
    log = json.loads(result.stdout)
    _assert_valid(log)
    assert _locations(log) == [
        {"uri": "maps/za%C5%BC%C3%B3%C5%82%C4%87.yaml", "uriBaseId": "%SRCROOT%"}
    ]
    _assert_round_trip(log, [top / "repo" / "maps" / "zażółć.yaml"])
