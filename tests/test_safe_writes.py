"""Writing outputs is safe for the files the user has (issue 20, item 2).

Real files, real symbolic links and a real umask: an ``--out`` that is a link stays one
and its target gets the output; an existing file keeps its permission bits and a new one
follows the umask; ``cjm diff --out`` never leaves an earlier run's report behind; and
nothing the user wrote (a map, the file a link points to on failure) is ever changed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cjm import commands
from cjm.files import WriteError, install, write_atomic
from tests.conftest import run_cli, run_process, write
from tests.render.needs import dot_missing, require

PERSONA = """\
cjm: 1
kind: persona
id: marta
name: Marta
"""

JOURNEY = """\
cjm: 1
kind: journey
id: checkup
title: Yearly check-up
persona: marta
stages:
  - id: booking
    name: Booking
    steps:
      - id: calls
        action: Calls the clinic
        emotion: -1
"""

#: The same journey, one step happier: a diff with one change.
CHANGED = JOURNEY.replace("emotion: -1", "emotion: 1")
#: A journey that does not validate (its persona is not defined anywhere).
BROKEN = JOURNEY.replace("persona: marta", "persona: nobody")


@pytest.fixture
def umask() -> Iterator[None]:
    """The process umask, restored after the test whatever the test sets it to."""
    original = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(original)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def maps(folder: Path, journey: str = JOURNEY) -> Path:
    """A small workspace (no ``cjm.yaml``: the files are read together)."""
    write(folder, "marta.yaml", PERSONA)
    write(folder, "checkup.yaml", journey)
    return folder


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder`` with its bytes and mode, to show nothing changed."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), mode(path))
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def linked(link: Path, target: Path, text: str | None = "old\n") -> Path:
    """``link`` made a symbolic link to ``target`` (holding ``text`` unless None)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if text is not None:
        target.write_text(text, encoding="utf-8")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    return link


# --- the helper itself -------------------------------------------------------------


def test_a_link_stays_a_link_and_its_target_is_written(tmp_path: Path) -> None:
    target = tmp_path / "kept" / "report.md"
    link = linked(tmp_path / "out" / "report.md", target)
    write_atomic(link, "new\n")
    assert link.is_symlink() and link.readlink() == target
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.md"]  # no temp left


def test_a_relative_link_and_a_chain_of_links_reach_the_last_file(tmp_path: Path) -> None:
    target = tmp_path / "site" / "page.html"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    middle = tmp_path / "middle.html"
    middle.symlink_to(Path("site") / "page.html")  # relative to the link's folder
    first = tmp_path / "out" / "page.html"
    first.parent.mkdir()
    first.symlink_to(Path("..") / "middle.html")
    write_atomic(first, "new")
    assert first.is_symlink() and middle.is_symlink()
    assert target.read_text(encoding="utf-8") == "new"


def test_an_existing_private_file_stays_private(tmp_path: Path, umask: None) -> None:
    path = tmp_path / "secret.md"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o600)
    write_atomic(path, "new")
    assert mode(path) == 0o600 and path.read_text(encoding="utf-8") == "new"


def test_an_existing_file_keeps_bits_wider_than_the_umask(tmp_path: Path, umask: None) -> None:
    path = tmp_path / "shared.md"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o664)
    os.umask(0o077)
    write_atomic(path, "new")
    assert mode(path) == 0o664


@pytest.mark.parametrize(
    ("mask", "expected"),
    [(0o027, 0o640), (0o077, 0o600), (0o002, 0o664)],
    ids=["027", "077", "002"],
)
def test_a_new_file_follows_the_umask(
    tmp_path: Path, umask: None, mask: int, expected: int
) -> None:
    os.umask(mask)
    path = tmp_path / "new" / "report.md"
    write_atomic(path, "text")
    assert mode(path) == expected


def test_a_private_link_target_stays_private(tmp_path: Path, umask: None) -> None:
    target = tmp_path / "private" / "comment.md"
    link = linked(tmp_path / "comment.md", target)
    target.chmod(0o600)
    write_atomic(link, "new")
    assert link.is_symlink() and mode(target) == 0o600
    assert target.read_text(encoding="utf-8") == "new"


def test_a_dangling_link_into_an_existing_folder_creates_its_target(
    tmp_path: Path, umask: None
) -> None:
    os.umask(0o027)
    target = tmp_path / "kept" / "report.md"
    link = linked(tmp_path / "report.md", target, text=None)
    write_atomic(link, "new")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"
    assert mode(target) == 0o640


def test_a_dangling_link_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "gone" / "report.md"
    link = tmp_path / "report.md"
    link.symlink_to(target)
    with pytest.raises(WriteError, match=r"whose folder .* does not exist"):
        write_atomic(link, "new")
    assert link.is_symlink() and not target.parent.exists()


def test_a_loop_of_links_is_refused(tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.symlink_to(second)
    second.symlink_to(first)
    with pytest.raises(WriteError, match="loop"):
        write_atomic(first, "new")
    assert first.is_symlink() and second.is_symlink()


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "report.md").mkdir()  # a folder where the file should go
    with pytest.raises(WriteError, match="cannot write"):
        write_atomic(folder / "report.md", "new")
    assert [p.name for p in folder.iterdir()] == ["report.md"]


def test_install_moves_a_file_through_a_link_keeping_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "kept" / "graph.svg"
    link = linked(tmp_path / "out" / "graph.svg", target)
    target.chmod(0o600)
    source = tmp_path / "out" / "drawn.svg"
    source.write_text("<svg/>", encoding="utf-8")
    install(source, link)
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "<svg/>"
    assert mode(target) == 0o600 and not source.exists()


def test_install_keeps_the_mode_the_drawing_program_gave_a_new_file(tmp_path: Path) -> None:
    source = tmp_path / "drawn.svg"
    source.write_text("<svg/>", encoding="utf-8")
    source.chmod(0o640)
    install(source, tmp_path / "graph.svg")
    assert mode(tmp_path / "graph.svg") == 0o640


# --- every command with an --out ---------------------------------------------------


def test_report_out_through_a_link(tmp_path: Path) -> None:
    folder = maps(tmp_path / "maps")
    target = tmp_path / "kept" / "report.md"
    link = linked(tmp_path / "report.md", target)
    target.chmod(0o600)
    result = run_cli("report", str(folder), "--out", str(link))
    assert result.status == 0, result.stderr
    assert link.is_symlink() and "| checkup |" in target.read_text(encoding="utf-8")
    assert mode(target) == 0o600


def test_report_out_new_file_follows_the_umask(tmp_path: Path, umask: None) -> None:
    os.umask(0o027)
    result = run_cli("report", str(maps(tmp_path / "maps")), "--out", str(tmp_path / "r.md"))
    assert result.status == 0, result.stderr
    assert mode(tmp_path / "r.md") == 0o640


def test_diff_out_through_a_link(tmp_path: Path) -> None:
    old, new = maps(tmp_path / "old"), maps(tmp_path / "new", CHANGED)
    target = tmp_path / "kept" / "comment.md"
    link = linked(tmp_path / "comment.md", target)
    target.chmod(0o600)
    result = run_cli("diff", str(old), str(new), "--format", "markdown", "--out", str(link))
    assert result.status == 0, result.stderr
    assert link.is_symlink() and "calls" in target.read_text(encoding="utf-8")
    assert mode(target) == 0o600


@pytest.mark.parametrize("output_format", ["html", "mermaid", "dot"])
def test_render_writes_each_linked_file_through_its_link(
    tmp_path: Path, output_format: str
) -> None:
    folder = maps(tmp_path / "maps")
    extension = {"html": "html", "mermaid": "mmd", "dot": "dot"}[output_format]
    names = [f"checkup.{extension}", *(["index.html"] if output_format == "html" else [])]
    out = tmp_path / "site"
    for name in names:
        linked(out / name, tmp_path / "kept" / name).resolve().chmod(0o600)
    result = run_cli("render", str(folder), "--format", output_format, "--out", str(out))
    assert result.status == 0, result.stderr
    for name in names:
        target = tmp_path / "kept" / name
        assert (out / name).is_symlink(), name
        assert target.read_text(encoding="utf-8") != "old\n", name
        assert mode(target) == 0o600, name


def test_render_images_keep_links_and_modes(tmp_path: Path, umask: None) -> None:
    """SVG, PNG and PDF come from ``dot``, not from write_atomic: the same guarantees."""
    require(dot_missing())
    os.umask(0o027)
    folder = maps(tmp_path / "maps")
    write(folder, "second.yaml", JOURNEY.replace("id: checkup", "id: second"))
    out = tmp_path / "site"
    target = tmp_path / "kept" / "checkup.svg"
    linked(out / "checkup.svg", target)
    target.chmod(0o600)
    result = run_cli("render", str(folder), "--format", "svg", "--out", str(out))
    assert result.status == 0, result.stderr
    assert (out / "checkup.svg").is_symlink() and mode(target) == 0o600
    assert target.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert mode(out / "second.svg") == 0o640  # a new image: the umask, not 0644


def test_schema_out_keeps_links_and_modes(tmp_path: Path, umask: None) -> None:
    os.umask(0o027)
    out = tmp_path / "schemas"
    target = tmp_path / "kept" / "journey.schema.json"
    linked(out / "journey.schema.json", target)
    target.chmod(0o600)
    result = run_cli("schema", "--out", str(out))
    assert result.status == 0, result.stderr
    assert (out / "journey.schema.json").is_symlink() and mode(target) == 0o600
    assert '"$schema"' in target.read_text(encoding="utf-8")
    assert mode(out / "cjm.schema.json") == 0o640


def test_a_dangling_link_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    folder = maps(tmp_path / "maps")
    before = snapshot(folder)
    link = tmp_path / "report.md"
    link.symlink_to(tmp_path / "gone" / "report.md")
    result = run_process("report", str(folder), "--out", str(link))
    assert result.status == 2
    assert result.stderr.startswith("cjm: error: cannot write ")
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert link.is_symlink() and not (tmp_path / "gone").exists()
    assert snapshot(folder) == before


@pytest.mark.parametrize("command", ["report", "diff"])
def test_a_dangling_link_into_an_existing_folder_gets_the_file(
    tmp_path: Path, command: str
) -> None:
    folder = maps(tmp_path / "maps")
    target = tmp_path / "kept" / "out.md"
    link = linked(tmp_path / "out.md", target, text=None)
    arguments = [str(folder)] if command == "report" else [str(folder), str(folder)]
    result = run_cli(command, *arguments, "--out", str(link))
    assert result.status == 0, result.stderr
    assert link.is_symlink() and target.is_file()


# --- diff --out never holds an earlier report --------------------------------------


def stale(path: Path) -> Path:
    path.write_text("## yesterday's report\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("output_format", ["text", "markdown", "html"])
def test_a_side_that_does_not_validate_removes_the_stale_report(
    tmp_path: Path, output_format: str
) -> None:
    old, new = maps(tmp_path / "old"), maps(tmp_path / "new", BROKEN)
    before = snapshot(tmp_path / "new")
    out = stale(tmp_path / "comment.md")
    full = stale(tmp_path / "comment.full.md")
    result = run_cli("diff", str(old), str(new), "-f", output_format, "--out", str(out))
    assert result.status == 1
    assert "does not validate" in result.stderr
    assert not out.exists() and not full.exists()
    assert snapshot(tmp_path / "new") == before


def test_json_replaces_the_stale_report_with_the_errors(tmp_path: Path) -> None:
    old, new = maps(tmp_path / "old"), maps(tmp_path / "new", BROKEN)
    out = stale(tmp_path / "diff.json")
    result = run_cli("diff", str(old), str(new), "-f", "json", "--out", str(out))
    assert result.status == 1
    assert '"errors"' in out.read_text(encoding="utf-8")


def test_a_usage_error_removes_the_stale_report(tmp_path: Path) -> None:
    folder = maps(tmp_path / "maps")
    out = stale(tmp_path / "comment.md")
    result = run_cli("diff", str(folder), str(folder), "--max-chars", "10", "--out", str(out))
    assert result.status == 2 and "--max-chars" in result.stderr
    assert not out.exists()


def test_a_stale_report_behind_a_link_is_removed_and_the_link_kept(tmp_path: Path) -> None:
    old, new = maps(tmp_path / "old"), maps(tmp_path / "new", BROKEN)
    target = stale(tmp_path / "comment.md")
    link = linked(tmp_path / "out" / "comment.md", target, text=None)
    result = run_cli("diff", str(old), str(new), "--out", str(link))
    assert result.status == 1
    assert link.is_symlink() and not target.exists()
    assert run_cli("diff", str(old), str(old), "--out", str(link)).status == 0
    assert link.is_symlink() and "no differences" in target.read_text(encoding="utf-8")


def test_a_crash_removes_the_stale_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*_: object, **__: object) -> commands.Outcome:
        raise RuntimeError("a bug")

    monkeypatch.setattr("cjm.diff.pipeline.run", crash)
    out = stale(tmp_path / "comment.md")
    with pytest.raises(RuntimeError):
        commands.diff(str(tmp_path), str(tmp_path), out=str(out))
    assert not out.exists()


def test_a_report_that_fits_removes_the_earlier_whole_report(tmp_path: Path) -> None:
    old, new = maps(tmp_path / "old"), maps(tmp_path / "new", CHANGED)
    out = stale(tmp_path / "comment.md")
    full = stale(tmp_path / "comment.full.md")
    result = run_cli("diff", str(old), str(new), "-f", "markdown", "--out", str(out))
    assert result.status == 0, result.stderr
    assert "yesterday" not in out.read_text(encoding="utf-8") and not full.exists()


def test_a_successful_diff_replaces_the_report(tmp_path: Path) -> None:
    old, new = maps(tmp_path / "old"), maps(tmp_path / "new", CHANGED)
    out = stale(tmp_path / "comment.md")
    result = run_cli("diff", str(old), str(new), "--exit-code", "--out", str(out))
    assert result.status == 1  # differences, and a report
    assert "yesterday" not in out.read_text(encoding="utf-8")


# --- nothing the user wrote is touched ---------------------------------------------


@pytest.mark.parametrize("which", ["old", "new"])
def test_diff_out_naming_an_input_is_refused_and_the_input_kept(tmp_path: Path, which: str) -> None:
    old = write(tmp_path, "old.yaml", JOURNEY)
    new = write(tmp_path, "new.yaml", BROKEN)
    write(tmp_path, "marta.yaml", PERSONA)
    before = snapshot(tmp_path)
    out = old if which == "old" else new
    result = run_cli("diff", str(old), str(new), "--out", str(out))
    assert result.status == 2 and "is the input" in result.stderr
    assert snapshot(tmp_path) == before


def test_diff_out_naming_a_map_in_a_folder_is_refused(tmp_path: Path) -> None:
    old, new = maps(tmp_path / "old"), maps(tmp_path / "new", BROKEN)
    before = snapshot(tmp_path)
    result = run_cli("diff", str(old), str(new), "--out", str(new / "checkup.yaml"))
    assert result.status == 2 and "a YAML file" in result.stderr
    assert snapshot(tmp_path) == before


def test_a_refused_render_changes_no_file(tmp_path: Path) -> None:
    """A folder of pages is not one report: render leaves it as it was (``report
    --out`` removes its stale file instead, below)."""
    folder = maps(tmp_path / "maps", BROKEN)
    out = tmp_path / "out"
    out.mkdir()
    stale(out / "report.md")
    before = snapshot(tmp_path)
    result = run_cli("render", str(folder), "--out", str(out))
    assert result.status == 1
    assert snapshot(tmp_path) == before


# --- report --out never holds an earlier report either -----------------------------


@pytest.mark.parametrize("output_format", ["markdown", "json", "csv"])
def test_a_report_of_a_workspace_that_does_not_validate_removes_the_stale_one(
    tmp_path: Path, output_format: str
) -> None:
    folder = maps(tmp_path / "maps", BROKEN)
    before = snapshot(folder)
    out = stale(tmp_path / "report.md")
    result = run_cli("report", str(folder), "-f", output_format, "--out", str(out))
    assert result.status == 1
    assert "no report: fix the errors above first" in result.stderr
    assert not out.exists()
    assert snapshot(folder) == before


def test_a_report_usage_error_removes_the_stale_report(tmp_path: Path) -> None:
    folder = maps(tmp_path / "maps")
    out = stale(tmp_path / "report.md")
    result = run_cli("report", str(folder), "--today", "tomorrow", "--out", str(out))
    assert result.status == 2 and "--today" in result.stderr
    assert not out.exists()


def test_a_stale_report_behind_a_link_is_removed_and_the_report_link_kept(
    tmp_path: Path,
) -> None:
    broken, good = maps(tmp_path / "broken", BROKEN), maps(tmp_path / "good")
    target = tmp_path / "kept" / "report.md"
    link = linked(tmp_path / "out" / "report.md", target, text="## yesterday's report\n")
    assert run_cli("report", str(broken), "--out", str(link)).status == 1
    assert link.is_symlink() and not target.exists()
    assert run_cli("report", str(good), "--out", str(link)).status == 0
    assert link.is_symlink() and "# Journey report" in target.read_text(encoding="utf-8")


def test_a_report_crash_removes_the_stale_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*_: object, **__: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr("cjm.report.tables.build_report", crash)
    out = stale(tmp_path / "report.md")
    with pytest.raises(RuntimeError):
        commands.report([str(maps(tmp_path / "maps"))], out=str(out))
    assert not out.exists()


def test_a_successful_report_replaces_the_stale_one(tmp_path: Path) -> None:
    out = stale(tmp_path / "report.md")
    result = run_cli("report", str(maps(tmp_path / "maps")), "--out", str(out))
    assert result.status == 0, result.stderr
    assert "yesterday" not in out.read_text(encoding="utf-8")


def test_report_out_naming_a_map_is_refused_and_the_map_kept(tmp_path: Path) -> None:
    """A report over a map would lose the map; a failed run would even remove it."""
    for journey in (JOURNEY, BROKEN):
        folder = maps(tmp_path / "maps", journey)
        before = snapshot(folder)
        result = run_cli("report", str(folder), "--out", str(folder / "checkup.yaml"))
        assert result.status == 2 and "a YAML file" in result.stderr
        assert snapshot(folder) == before
