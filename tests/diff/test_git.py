"""Revisions read with git plumbing: real repositories, nothing in them touched."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cjm.diff import git as cjm_git
from cjm.diff.sources import load_revision
from cjm.loader import MAX_FILE_BYTES
from cjm.workspace import load_workspace
from tests.conftest import run_cli, run_process, write
from tests.diff.conftest import JOURNEY, commit, git, state, write_workspace


def changes(stdout: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = json.loads(stdout)["changes"]
    return result


EMOTION_UP = {
    "op": "changed",
    "kind": "step",
    "path": "journey:checkup/stage:booking/step:calls",
    "field": "emotion",
    "old": -1,
    "new": 1,
    "effect": "improvement",
    "reason": "emotion at 'calls' rose from -1 to +1",
}


def test_two_revisions(repo: Path) -> None:
    before = state(repo)
    result = run_cli("diff", "HEAD~1", "HEAD", "--format", "json")
    assert result.status == 0, result.stderr
    assert changes(result.stdout) == [EMOTION_UP]
    assert state(repo) == before


def test_revision_against_the_working_tree(repo: Path) -> None:
    write_workspace(repo, JOURNEY.replace("emotion: -1", "emotion: 2"))
    before = state(repo)
    result = run_cli("diff", "HEAD~1", "--format", "json")
    assert result.status == 0, result.stderr
    assert [(c["old"], c["new"]) for c in changes(result.stdout)] == [(-1, 2)]
    assert state(repo) == before
    clean = run_cli("diff", "HEAD", "--format", "json", "--exit-code")
    assert [(c["old"], c["new"]) for c in changes(clean.stdout)] == [(1, 2)]
    assert clean.status == 1


def test_same_revision_has_no_differences(repo: Path) -> None:
    result = run_cli("diff", "HEAD", "HEAD", "--exit-code")
    assert result.status == 0
    assert "no differences" in result.stdout


def test_as_a_process_nothing_touched(repo: Path) -> None:
    """A real process leaves the repository alone."""
    (repo / "untracked.yaml").write_text("cjm: 1\nkind: persona\nid: new\nname: New\n")
    git(repo, "add", "untracked.yaml")  # staged, so the index differs from HEAD
    before = state(repo)
    result = run_process("diff", "HEAD~1", "-f", "json", cwd=repo)
    assert result.status == 0, result.stderr
    kinds = sorted((c["op"], c["kind"], c["path"]) for c in changes(result.stdout))
    assert kinds == [
        ("added", "persona", "persona:new"),
        ("changed", "step", "journey:checkup/stage:booking/step:calls"),
    ]
    assert state(repo) == before


def test_workspace_in_a_subfolder(in_tmp: Path) -> None:
    git(in_tmp, "init", "-q")
    write_workspace(in_tmp / "maps")
    write(in_tmp, "README.md", "not a map\n")
    commit(in_tmp, "first")
    write_workspace(in_tmp / "maps", JOURNEY.replace("Gets an SMS", "Gets a text"))
    commit(in_tmp, "second")
    result = run_cli("diff", "HEAD~1", "HEAD", "-f", "json", "--workspace", "maps")
    assert result.status == 0, result.stderr
    assert [(c["field"], c["new"]) for c in changes(result.stdout)] == [
        ("action", "Gets a text reminder")
    ]
    # From inside the workspace folder, with cjm.yaml found above a subfolder
    inner = run_process("diff", "HEAD~1", "HEAD", "-f", "json", cwd=in_tmp / "maps" / "journeys")
    assert inner.status == 0, inner.stderr
    assert len(changes(inner.stdout)) == 1


def test_folder_missing_at_the_revision_means_everything_added(in_tmp: Path) -> None:
    git(in_tmp, "init", "-q")
    write(in_tmp, "README.md", "maps come later\n")
    commit(in_tmp, "first")
    write_workspace(in_tmp / "maps")
    commit(in_tmp, "second")
    result = run_cli("diff", "HEAD~1", "HEAD", "-f", "json", "-w", "maps")
    assert result.status == 0, result.stderr
    added = sorted(c["path"] for c in changes(result.stdout) if c["op"] == "added")
    assert added == ["journey:checkup", "persona:marta", "touchpoint:phone", "touchpoint:portal"]


@pytest.mark.parametrize(
    "arguments",
    [
        ["--", "--output=x"],
        ["--", "-x"],
        ["HEAD", "--", "--output=x"],
        ["--", "-"],
        ["--output=x"],
        ["-x"],
    ],
)
def test_option_like_revisions_are_refused(repo: Path, arguments: list[str]) -> None:
    before = state(repo)
    result = run_process("diff", "--out", "report.txt", *arguments, cwd=repo)
    assert result.status == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert not (repo / "report.txt").exists()
    assert not (repo / "x").exists()
    assert state(repo) == before


def test_option_like_message_is_one_clear_line(repo: Path) -> None:
    result = run_cli("diff", "--", "--output=x")
    assert result.status == 2
    assert result.stderr.splitlines() == [
        "cjm: error: refusing '--output=x': a revision or path may not start with '-' "
        "(also after `--`); write ./NAME for a file of that name"
    ]


@pytest.mark.parametrize("revision", ["no-such-branch", "HEAD~99", "0" * 40, "HEAD:cjm.yaml"])
def test_unknown_revision_is_a_usage_error(repo: Path, revision: str) -> None:
    result = run_process("diff", revision, "--out", "report.html", "-f", "html", cwd=repo)
    assert result.status == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"cjm: error: unknown revision '{revision}'")
    assert not (repo / "report.html").exists()


def test_not_a_repository(in_tmp: Path) -> None:
    write_workspace(in_tmp)
    result = run_cli("diff", "main")
    assert result.status == 2
    assert "not inside a git repository" in result.stderr


def test_invalid_side_is_reported_not_crashed_on(repo: Path) -> None:
    write_workspace(repo, JOURNEY.replace("persona: marta", "persona: nobody"))
    commit(repo, "broken")
    write_workspace(repo)
    result = run_process("diff", "HEAD", "--out", "report.txt", cwd=repo)
    assert result.status == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == ("HEAD:journeys/checkup.yaml:5:10: CJM104 error: unknown persona 'nobody'")
    assert lines[1].startswith("cjm: error: HEAD (") and "does not validate (1 error)" in lines[1]
    assert not (repo / "report.txt").exists()


def test_invalid_working_tree_is_reported(repo: Path) -> None:
    write(repo, "journeys/broken.yaml", "cjm: 1\nkind: journey\nid: broken\n")
    result = run_cli("diff", "HEAD")
    assert result.status == 1
    assert result.stderr.startswith("journeys/broken.yaml:3:1: CJM102 error: missing required")
    assert "cjm: error: working tree does not validate" in result.stderr


def test_one_cat_file_process_for_all_blobs(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    def counting_popen(*args: Any, **kwargs: Any) -> Any:
        calls.append(list(args[0]))
        return real_popen(*args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    repository = cjm_git.repository_of(repo)
    commit_id = cjm_git.resolve_commit(repository, "HEAD")
    files = cjm_git.read_folder(repository, commit_id, "")
    assert sorted(files) == [
        "cjm.yaml",
        "journeys/checkup.yaml",
        "personas/marta.yaml",
        "touchpoints.yaml",
    ]
    assert files["cjm.yaml"].data == b"cjm: 1\n"
    commands = [call[1:] for call in calls if call[0] == "git"]
    assert sum("cat-file" in command for command in commands) == 1
    assert not any(word in command for command in commands for word in ("checkout", "show"))


def test_hidden_and_other_files_are_not_read(repo: Path) -> None:
    write(repo, ".hidden/secret.yaml", "cjm: 1\n")
    write(repo, "notes.txt", "text\n")
    write(repo, "extra.yml", "cjm: 1\nkind: persona\nid: extra\nname: Extra\n")
    commit(repo, "third")
    repository = cjm_git.repository_of(repo)
    files = cjm_git.read_folder(repository, cjm_git.resolve_commit(repository, "HEAD"), "")
    assert ".hidden/secret.yaml" not in files and "notes.txt" not in files
    assert "extra.yml" in files


def test_config_excludes_apply_at_the_revision(repo: Path) -> None:
    write(repo, "drafts/wip.yaml", "cjm: 1\nkind: persona\nid: wip\n")  # invalid: no name
    write(repo, "cjm.yaml", "cjm: 1\nexclude: [drafts/**]\n")
    commit(repo, "drafts")
    result = run_cli("diff", "HEAD~1", "HEAD", "-f", "json")
    assert result.status == 0, result.stderr
    assert changes(result.stdout) == []  # the invalid draft is excluded on both sides


def test_large_blob_is_refused_like_a_large_file(repo: Path) -> None:
    big = "cjm: 1\nkind: persona\nid: big\nname: Big\nsummary: " + "x" * (11 * 1024 * 1024)
    write(repo, "big.yaml", big + "\n")
    commit(repo, "big")
    (repo / "big.yaml").unlink()
    result = run_cli("diff", "HEAD", "--format", "json")
    assert result.status == 1
    assert "HEAD:big.yaml:1:1: CJM106 error: file is" in result.stderr


def test_unknown_revision_in_a_shallow_clone_says_so(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(repo, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    result = run_process("diff", "HEAD~1", cwd=clone)
    assert result.status == 2
    assert "shallow clone" in result.stderr
    assert len(result.stderr.splitlines()) == 1


# Symbolic links: one rule on disk and in git. A scan on disk reads a link to a file
# through the link, under the link's own name, and does not enter a link to a folder.


def symlink(folder: Path, name: str, target: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def test_a_symlinked_journey_is_read_from_git_as_from_disk(in_tmp: Path) -> None:
    """The journey lives outside the workspace folder (inside the repository) and the
    workspace links to it: an unchanged tree has no differences."""
    git(in_tmp, "init", "-q")
    write_workspace(in_tmp / "maps")
    (in_tmp / "maps/journeys/checkup.yaml").unlink()
    write(in_tmp, "shared/checkup.yaml", JOURNEY)
    symlink(in_tmp, "maps/journeys/checkup.yaml", "../../shared/checkup.yaml")
    commit(in_tmp, "linked")
    result = run_cli("diff", "HEAD", "-w", "maps", "--exit-code", "-f", "json")
    assert (result.status, result.stderr) == (0, "")
    assert changes(result.stdout) == []
    # and a change made through the link is a change of that journey
    write(in_tmp, "shared/checkup.yaml", JOURNEY.replace("emotion: -1", "emotion: 1"))
    changed = run_cli("diff", "HEAD", "-w", "maps", "-f", "json")
    assert changes(changed.stdout) == [EMOTION_UP]


def test_links_within_the_workspace_and_to_folders(repo: Path) -> None:
    """A link to a file with any name is read under the link's name; a link to a folder
    (even one named like a YAML file) is not entered, on either side."""
    (repo / "journeys/checkup.yaml").rename(repo / "journeys/checkup.source")
    symlink(repo, "journeys/checkup.yaml", "checkup.source")
    write(repo, "library/extra.yaml", "cjm: 1\nkind: persona\nid: extra\nname: Extra\n")
    symlink(repo, "linked-folder", "library")
    symlink(repo, "folder.yaml", "library")
    (repo / "library/extra.yaml").rename(repo / "library/extra.txt")
    symlink(repo, "via-folder.yaml", "linked-folder/extra.txt")
    commit(repo, "links")
    result = run_cli("diff", "HEAD", "--exit-code", "-f", "json")
    assert (result.status, result.stderr) == (0, "")
    assert changes(result.stdout) == []
    against_parent = run_cli("diff", "HEAD~1", "HEAD", "-f", "json")
    assert [(c["op"], c["path"]) for c in changes(against_parent.stdout)] == [
        ("added", "persona:extra")
    ]


def test_the_same_files_validate_the_same_from_disk_and_from_git(repo: Path) -> None:
    """An error inside a linked file is the same diagnostic at the same place."""
    (repo / "journeys/checkup.yaml").unlink()
    write(repo, "library/checkup.txt", JOURNEY.replace("persona: marta", "persona: nobody"))
    symlink(repo, "journeys/checkup.yaml", "../library/checkup.txt")
    commit(repo, "broken through a link")
    on_disk = run_cli("validate", ".")
    assert on_disk.status == 1
    assert on_disk.stdout.splitlines()[0] == (
        "journeys/checkup.yaml:5:10: CJM104 error: unknown persona 'nobody'"
    )
    at_revision = run_cli("diff", "HEAD", "HEAD~1")  # only the old side is invalid
    assert at_revision.status == 1
    lines = at_revision.stderr.splitlines()
    assert lines[:-1] == [f"HEAD:{line}" for line in on_disk.stdout.splitlines()[:-1]]
    assert lines[-1].startswith("cjm: error: HEAD (")


def test_links_as_git_reads_them(repo: Path) -> None:
    write(repo, "library/notes.txt", "cjm: 1\nkind: persona\nid: noted\nname: Noted\n")
    links = {
        "to-file.yaml": "library/notes.txt",
        "chain.yaml": "to-file.yaml",
        "journeys/up-and-over.yaml": "../library/notes.txt",
        "via-folder.yaml": "folder-link/notes.txt",
        "folder-link": "library",
        "to-folder.yaml": "library",
        "to-nothing.yaml": "missing.yaml",
        "loop-a.yaml": "loop-b.yaml",
        "loop-b.yaml": "loop-a.yaml",
        "through-a-file.yaml": "library/notes.txt/inner.yaml",
        "out-of-the-repository.yaml": "../elsewhere.yaml",
        "absolute.yaml": "/etc/hostname",
        ".hidden.yaml": "library/notes.txt",
        "not-yaml.txt": "library/notes.txt",
    }
    for name, target in links.items():
        symlink(repo, name, target)
    commit(repo, "links")
    repository = cjm_git.repository_of(repo)
    files = cjm_git.read_folder(repository, cjm_git.resolve_commit(repository, "HEAD"), "")
    notes = b"cjm: 1\nkind: persona\nid: noted\nname: Noted\n"
    read = {name: blob.data for name, blob in files.items() if blob.problem is None}
    assert read == {
        "chain.yaml": notes,
        "cjm.yaml": b"cjm: 1\n",
        "journeys/checkup.yaml": JOURNEY.replace("emotion: -1", "emotion: 1").encode(),
        "journeys/up-and-over.yaml": notes,
        "personas/marta.yaml": (repo / "personas/marta.yaml").read_bytes(),
        "to-file.yaml": notes,
        "touchpoints.yaml": (repo / "touchpoints.yaml").read_bytes(),
        "via-folder.yaml": notes,
    }
    problems = {name: blob.problem for name, blob in files.items() if blob.problem is not None}
    assert problems == {
        "absolute.yaml": "symbolic link leads outside the repository (to '/etc/hostname')",
        "loop-a.yaml": "Too many levels of symbolic links",
        "loop-b.yaml": "Too many levels of symbolic links",
        "out-of-the-repository.yaml": (
            "symbolic link leads outside the repository (to '../elsewhere.yaml')"
        ),
        "through-a-file.yaml": "Not a directory",
        "to-nothing.yaml": "No such file or directory",
    }
    # The links that cannot be read on disk either fail there with the same words.
    on_disk = run_cli("validate", ".", "-f", "json")
    diagnostics = json.loads(on_disk.stdout)["diagnostics"]
    messages = {d["path"]: d["message"] for d in diagnostics if d["code"] == "CJM100"}
    for name in ("loop-a.yaml", "loop-b.yaml", "through-a-file.yaml", "to-nothing.yaml"):
        assert messages[name] == f"cannot read file: {problems[name]}"


def test_a_link_to_a_large_file_is_refused_by_its_target_size(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, "library/big.txt", "x" * 100)
    symlink(repo, "big.yaml", "library/big.txt")
    commit(repo, "big link")
    monkeypatch.setattr(cjm_git, "MAX_BLOB_BYTES", 99)
    repository = cjm_git.repository_of(repo)
    files = cjm_git.read_folder(repository, cjm_git.resolve_commit(repository, "HEAD"), "")
    assert files["big.yaml"] == cjm_git.Blob(100, None)


def test_a_link_that_leads_nowhere_is_cjm100_at_a_revision_as_on_disk(repo: Path) -> None:
    symlink(repo, "to-nothing.yaml", "missing.yaml")
    commit(repo, "a dangling link")
    on_disk = run_cli("validate", ".")
    assert on_disk.stdout.splitlines()[0] == (
        "to-nothing.yaml:1:1: CJM100 error: cannot read file: No such file or directory"
    )
    at_revision = run_cli("diff", "HEAD")
    assert at_revision.status == 1
    assert at_revision.stderr.splitlines()[0] == (
        "HEAD:to-nothing.yaml:1:1: CJM100 error: cannot read file: No such file or directory"
    )


def test_disk_and_revision_find_the_same_files(repo: Path) -> None:
    """One discovery: the same tree read from disk and from a commit gives the same files
    (hidden, excluded with [] and !, other suffixes, cjm.yaml, links, a file too large);
    a cjm.yml below the root is content on both sides (docs/format.md).
    """
    write(
        repo,
        "cjm.yaml",
        'cjm: 1\nexclude: ["drafts/", "!drafts/keep.yaml", "v[0-9].yaml", "old/**", '
        '"!old/back.yaml"]\n',
    )
    persona = "cjm: 1\nkind: persona\nid: {}\nname: P\n"
    for name in (
        ".hidden.yaml",
        ".config/x.yaml",
        "maps/.drafts/x.yaml",
        "drafts/wip.yaml",
        "drafts/keep.yaml",  # not brought back: its folder is excluded
        "v1.yaml",
        "vx.yaml",
        "old/gone.yaml",
        "old/back.yaml",
        "old/deeper/gone.yaml",
        "maps/cjm.yml",
        "library/notes.txt",
    ):
        write(repo, name, persona.format(name.replace("/", "-").replace(".", "-").strip("-")))
    write(repo, "notes.json", "{}\n")
    (repo / "big.yaml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    symlink(repo, "linked.yaml", "library/notes.txt")
    symlink(repo, "folder-link", "library")
    symlink(repo, "folder.yaml", "library")
    commit(repo, "one tree")

    expected = [
        "big.yaml",
        "journeys/checkup.yaml",
        "linked.yaml",
        "maps/cjm.yml",
        "old/back.yaml",
        "personas/marta.yaml",
        "touchpoints.yaml",
        "vx.yaml",
    ]
    on_disk = load_workspace(repo)
    assert [f.display_path for f in on_disk.files] == expected
    at_head = load_revision("HEAD", folder=repo).workspace
    assert [f.display_path for f in at_head.files] == [f"HEAD:{name}" for name in expected]
    disk_codes = [(d.path, d.code) for d in on_disk.diagnostics]
    assert disk_codes == [("big.yaml", "CJM106")]
    assert [(d.path, d.code) for d in at_head.diagnostics] == [("HEAD:big.yaml", "CJM106")]


def test_a_commit_id_is_named_once_and_a_ref_with_its_commit(repo: Path) -> None:
    """CI passes full commit ids: the report names one by its short form alone, and a
    branch or relative name with the commit it stands for."""
    full = git(repo, "rev-parse", "HEAD~1").strip()
    by_id = run_cli("diff", full, "HEAD", "--format", "markdown")
    assert by_id.status == 0, by_id.stderr
    assert f"`{full[:12]}` → `HEAD ({git(repo, 'rev-parse', 'HEAD').strip()[:12]})`" in by_id.stdout
    assert full not in by_id.stdout
    short = run_cli("diff", full[:7], "HEAD", "--format", "markdown")
    assert f"`{full[:12]}` →" in short.stdout
    by_name = run_cli("diff", "HEAD~1", "HEAD", "--format", "markdown")
    assert f"`HEAD~1 ({full[:12]})` →" in by_name.stdout
