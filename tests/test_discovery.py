"""Which files are workspace content (``cjm.discovery``), on disk and in memory alike.

The ``exclude`` patterns of ``cjm.yaml`` are ``.gitignore`` lines: every expected list
below is written by hand, and the same tree is then handed to git itself
(``git ls-files --others --exclude-standard`` with the patterns as ``.gitignore``),
which must keep exactly those files too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cjm
from cjm.discovery import Rules, is_candidate
from tests.conftest import run_cli, write

#: Every file of the tree the pattern tests run on; all YAML, nothing hidden.
TREE = (
    "a1.yaml",
    "b2.yaml",
    "c3.yaml",
    "notes.yml",
    "build/out.yaml",
    "build/deep/out.yaml",
    "maps/build.yaml",
    "maps/build/out.yaml",
    "maps/x.yaml",
    "maps/drafts/x.yaml",
    "maps/drafts/deep/y.yaml",
    "maps/b/x.yaml",
    "maps/z.draft.yaml",
    "x/keep.yaml",
    "x/a.yaml",
    "x/y/keep.yaml",
    "x/y/z.yaml",
)

PATTERN_CASES: list[tuple[list[str], list[str]]] = [
    # [] character classes, within one name
    (
        ["[ab]?.yaml"],
        [
            "build/deep/out.yaml",
            "build/out.yaml",
            "c3.yaml",
            "maps/b/x.yaml",
            "maps/build.yaml",
            "maps/build/out.yaml",
            "maps/drafts/deep/y.yaml",
            "maps/drafts/x.yaml",
            "maps/x.yaml",
            "maps/z.draft.yaml",
            "notes.yml",
            "x/a.yaml",
            "x/keep.yaml",
            "x/y/keep.yaml",
            "x/y/z.yaml",
        ],
    ),
    # a negated class, and `!` bringing one file back
    (
        ["[!c]?.yaml", "*.yml", "!a1.yaml", "maps/", "x/", "build/"],
        ["a1.yaml", "c3.yaml"],
    ),
    # a trailing `/` matches folders only, at any depth: maps/build.yaml stays
    (
        ["build/"],
        [
            "a1.yaml",
            "b2.yaml",
            "c3.yaml",
            "maps/b/x.yaml",
            "maps/build.yaml",
            "maps/drafts/deep/y.yaml",
            "maps/drafts/x.yaml",
            "maps/x.yaml",
            "maps/z.draft.yaml",
            "notes.yml",
            "x/a.yaml",
            "x/keep.yaml",
            "x/y/keep.yaml",
            "x/y/z.yaml",
        ],
    ),
    # a leading `/` anchors at the workspace root; `./` is cjm's spelling of it
    (
        ["/build"],
        [
            "a1.yaml",
            "b2.yaml",
            "c3.yaml",
            "maps/b/x.yaml",
            "maps/build.yaml",
            "maps/build/out.yaml",
            "maps/drafts/deep/y.yaml",
            "maps/drafts/x.yaml",
            "maps/x.yaml",
            "maps/z.draft.yaml",
            "notes.yml",
            "x/a.yaml",
            "x/keep.yaml",
            "x/y/keep.yaml",
            "x/y/z.yaml",
        ],
    ),
    # **/x: a name at any depth, file or folder
    (
        ["**/x.yaml", "**/x"],
        [
            "a1.yaml",
            "b2.yaml",
            "build/deep/out.yaml",
            "build/out.yaml",
            "c3.yaml",
            "maps/build.yaml",
            "maps/build/out.yaml",
            "maps/drafts/deep/y.yaml",
            "maps/z.draft.yaml",
            "notes.yml",
        ],
    ),
    # x/**: everything inside x; `!` brings back a file directly in x, but not one in
    # x/y, whose folder is excluded (git does not look inside it either)
    (
        ["x/**", "!x/keep.yaml", "!x/y/keep.yaml", "maps/**", "build/**"],
        ["a1.yaml", "b2.yaml", "c3.yaml", "notes.yml", "x/keep.yaml"],
    ),
    # x/**/: only folders inside x, so the files directly in x stay
    (
        ["x/**/", "maps/", "build/"],
        ["a1.yaml", "b2.yaml", "c3.yaml", "notes.yml", "x/a.yaml", "x/keep.yaml"],
    ),
    # `!` cannot bring back a file below an excluded folder
    (
        ["maps/drafts/", "!maps/drafts/x.yaml", "x", "build", "*.yml"],
        [
            "a1.yaml",
            "b2.yaml",
            "c3.yaml",
            "maps/b/x.yaml",
            "maps/build.yaml",
            "maps/x.yaml",
            "maps/z.draft.yaml",
        ],
    ),
    # a folder brought back by `!` is entered again; *.draft.yaml still applies inside
    (
        ["maps/*", "!maps/drafts/", "*.draft.yaml", "x", "build", "*.yml", "?2.yaml"],
        ["a1.yaml", "c3.yaml", "maps/drafts/deep/y.yaml", "maps/drafts/x.yaml"],
    ),
    # the shapes the old globs supported keep their meaning
    (
        ["**/drafts/**", "maps/*/x.yaml", "x/y/**", "build", "maps/build/", "notes.yml"],
        [
            "a1.yaml",
            "b2.yaml",
            "c3.yaml",
            "maps/build.yaml",
            "maps/x.yaml",
            "maps/z.draft.yaml",
            "x/a.yaml",
            "x/keep.yaml",
        ],
    ),
    # `?` is one character, never a `/`; blank lines and comments are nothing
    (
        ["", "# a comment", "?1.yaml", "maps?x.yaml", "maps", "x", "build"],
        ["b2.yaml", "c3.yaml", "notes.yml"],
    ),
]


def make_tree(folder: Path, files: tuple[str, ...] = TREE) -> None:
    for name in files:
        write(folder, name, "cjm: 1\nkind: persona\nid: p\nname: P\n")


@pytest.mark.parametrize(("patterns", "kept"), PATTERN_CASES)
def test_exclude_patterns_in_memory(patterns: list[str], kept: list[str]) -> None:
    rules = Rules(patterns)
    assert sorted(name for name in TREE if rules.is_content(name)) == kept


@pytest.mark.parametrize(("patterns", "kept"), PATTERN_CASES)
def test_exclude_patterns_on_disk(tmp_path: Path, patterns: list[str], kept: list[str]) -> None:
    make_tree(tmp_path)
    found = [
        path.relative_to(tmp_path).as_posix() for path in Rules(patterns).scan(tmp_path, tmp_path)
    ]
    assert sorted(found) == kept


@pytest.mark.parametrize(("patterns", "kept"), PATTERN_CASES)
def test_git_keeps_the_same_files(tmp_path: Path, patterns: list[str], kept: list[str]) -> None:
    """The hand-written lists are what git itself makes of the same lines."""
    make_tree(tmp_path)
    (tmp_path / ".gitignore").write_text("\n".join(patterns) + "\n", encoding="utf-8")
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, env=environment, check=True)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard", "-z"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert sorted(set(listed.split("\0")) - {"", ".gitignore"}) == kept


def test_exclude_patterns_through_load_workspace(in_tmp: Path) -> None:
    write(in_tmp, "cjm.yaml", 'cjm: 1\nexclude: ["x/**", "!x/keep.yaml", "[mb]*/", "*.yml"]\n')
    make_tree(in_tmp)
    workspace = cjm.load_workspace(".")
    assert [f.display_path for f in workspace.files] == [
        "a1.yaml",
        "b2.yaml",
        "c3.yaml",
        "x/keep.yaml",
    ]


def test_dot_slash_anchors_as_a_leading_slash() -> None:
    rules = Rules(["./build"])
    assert [name for name in TREE if rules.is_content(name) and "build" in name] == [
        "maps/build.yaml",
        "maps/build/out.yaml",
    ]


def test_fixed_rules_without_exclude() -> None:
    names = [
        "a.yaml",
        "a.yml",
        "a.json",
        "a.yaml.txt",
        "YAML",
        ".a.yaml",
        ".hidden/a.yaml",
        "maps/.drafts/a.yaml",
        "cjm.yaml",
        "cjm.yml",
        "maps/cjm.yaml",
        "maps/a.yaml",
    ]
    rules = Rules()
    # only the cjm.yaml at the root is configuration; one below it is content
    assert [name for name in names if rules.is_content(name)] == [
        "a.yaml",
        "a.yml",
        "maps/cjm.yaml",
        "maps/a.yaml",
    ]
    # what git is asked to read: cjm.yaml too, as the configuration
    assert [name for name in names if is_candidate(name)] == [
        "a.yaml",
        "a.yml",
        "cjm.yaml",
        "cjm.yml",
        "maps/cjm.yaml",
        "maps/a.yaml",
    ]


def test_a_named_hidden_folder_is_read_and_a_named_excluded_one_is_not(tmp_path: Path) -> None:
    make_tree(tmp_path / ".drafts", ("a.yaml", ".b.yaml", "c/.d.yaml"))
    make_tree(tmp_path / "maps", ("a.yaml",))
    rules = Rules(["maps/"])
    drafts = [
        p.relative_to(tmp_path).as_posix() for p in rules.scan(tmp_path / ".drafts", tmp_path)
    ]
    assert drafts == [".drafts/a.yaml"]
    assert list(rules.scan(tmp_path / "maps", tmp_path)) == []
    assert [p.relative_to(tmp_path).as_posix() for p in rules.scan(tmp_path, tmp_path)] == []


def test_links_to_files_are_read_and_links_to_folders_are_not_entered(tmp_path: Path) -> None:
    make_tree(tmp_path, ("library/a.yaml", "library/b.txt"))
    (tmp_path / "linked.yaml").symlink_to("library/b.txt")
    (tmp_path / "folder-link").symlink_to("library")
    (tmp_path / "folder.yaml").symlink_to("library")
    (tmp_path / "nowhere.yaml").symlink_to("missing.yaml")  # read, so it is CJM100
    found = [p.relative_to(tmp_path).as_posix() for p in Rules().scan(tmp_path, tmp_path)]
    assert found == ["linked.yaml", "nowhere.yaml", "library/a.yaml"]


def _modules_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(completed.stdout.split())


def test_pathspec_is_imported_only_for_exclude_patterns(tmp_path: Path) -> None:
    help_only = (
        "import contextlib, io\n"
        "from cjm.cli import main\n"
        "for arguments in (['--help'], ['validate', '--help'], ['diff', '--help']):\n"
        "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "        main(arguments)\n"
    )
    assert "pathspec" not in _modules_after(help_only)
    make_tree(tmp_path, ("a.yaml",))
    load = f"import cjm\ncjm.load_workspace({str(tmp_path)!r})\n"
    assert "pathspec" not in _modules_after(load)
    write(tmp_path, "cjm.yaml", "cjm: 1\nexclude: [drafts/]\n")
    assert "pathspec" in _modules_after(load)


# Where the configuration is (docs/format.md): only the cjm.yaml at the workspace
# root, which is the folder given or the nearest one above it with a cjm.yaml; a file of
# that name anywhere else, or named as a file to check, is content.

WORKFLOW = """\
name: cjm
on:
  push:
permissions:
  contents: read
jobs:
  maps:
    runs-on: ubuntu-latest
"""
PERSONA = "cjm: 1\nkind: persona\nid: {}\nname: P\n"


def _workspace_with_a_workflow(folder: Path) -> None:
    write(folder, "cjm.yaml", "cjm: 1\nname: Root settings\n")
    write(folder, "maps/ania.yaml", PERSONA.format("ania"))
    write(folder, ".github/workflows/cjm.yml", WORKFLOW)


def test_a_workflow_named_cjm_yml_on_the_command_line_is_a_file_not_the_configuration(
    in_tmp: Path,
) -> None:
    _workspace_with_a_workflow(in_tmp)
    result = run_cli("validate", ".github/workflows/cjm.yml")
    assert result.status == 1
    assert result.stdout.splitlines()[0] == (
        ".github/workflows/cjm.yml:1:1: CJM105 error: no cjm document in this file "
        "(a cjm document is a mapping with 'cjm: 1' and a kind)"
    )
    assert "unknown field" not in result.stdout and "in cjm.yaml" not in result.stdout
    # the workspace is the one above the workflow: its root's cjm.yaml configures it
    workspace = cjm.load_workspace(".github/workflows/cjm.yml")
    assert workspace.config_path == in_tmp / "cjm.yaml"
    assert workspace.config.name == "Root settings"


def test_a_named_cjm_yml_outside_any_workspace_is_a_file_too(in_tmp: Path) -> None:
    write(in_tmp, "ci/cjm.yml", WORKFLOW)
    result = run_cli("validate", "ci/cjm.yml")
    assert result.status == 1
    assert [line.split(" error: ")[0] for line in result.stdout.splitlines()[:-1]] == [
        "ci/cjm.yml:1:1: CJM105"
    ]
    assert cjm.load_workspace("ci/cjm.yml").config_path is None


def test_the_root_cjm_yaml_named_as_a_file_is_checked_as_content(in_tmp: Path) -> None:
    """Named, it is a file to check: a mapping with ``cjm: 1`` and no kind, whatever its
    name; the settings in it are read when its folder is checked."""
    write(in_tmp, "cjm.yaml", "cjm: 1\nname: Root settings\n")
    assert cjm.load_workspace("cjm.yaml").config_path is None
    result = run_cli("validate", "cjm.yaml")
    assert result.status == 1
    assert (
        result.stdout.splitlines()[0] == "cjm.yaml:1:1: CJM102 error: missing required field 'kind'"
    )
    assert run_cli("validate", ".").status == 0


@pytest.mark.parametrize("given", [".", "maps"], ids=["the-root", "a-folder-below-it"])
def test_a_cjm_yml_below_the_root_is_content(in_tmp: Path, given: str) -> None:
    """Given the root, or a folder below it (the root found by walking up), a workflow
    named cjm.yml below the root is skipped as any other non-cjm YAML, and a cjm.yaml
    holding a map is read as one."""
    _workspace_with_a_workflow(in_tmp)
    write(in_tmp, "maps/ci/cjm.yml", WORKFLOW)
    write(in_tmp, "maps/kuba/cjm.yaml", PERSONA.format("kuba"))
    workspace = cjm.load_workspace(given)
    assert workspace.config_path == in_tmp / "cjm.yaml"
    assert sorted(workspace.personas) == ["ania", "kuba"]
    assert [f.display_path for f in workspace.files] == [
        "maps/ania.yaml",
        "maps/ci/cjm.yml",
        "maps/kuba/cjm.yaml",
    ]
    result = run_cli("validate", given)
    assert (result.status, result.stdout) == (0, "2 files, 2 documents checked: no problems\n")


def test_the_folder_given_is_the_root_when_it_has_a_cjm_yaml(in_tmp: Path) -> None:
    """A nested workspace checked on its own is configured by its own cjm.yaml, and so
    is a file in it (the nearest cjm.yaml walking up), as a pre-commit hook names it."""
    write(in_tmp, "cjm.yaml", "cjm: 1\nname: Outer\n")
    write(in_tmp, "inner/cjm.yaml", "cjm: 1\nname: Inner\nexclude: [drafts/]\n")
    write(in_tmp, "inner/maps/ania.yaml", PERSONA.format("ania"))
    write(in_tmp, "inner/drafts/broken.yaml", "cjm: 1\nkind: persona\n")
    for given in ("inner", "inner/maps", "inner/maps/ania.yaml"):
        workspace = cjm.load_workspace(given)
        assert workspace.config_path == in_tmp / "inner" / "cjm.yaml", given
        assert workspace.config.name == "Inner"
        assert run_cli("validate", given).status == 0, given
    # from the outer root, the inner cjm.yaml is content: a cjm document with no kind
    outer = run_cli("validate", ".")
    assert outer.status == 1
    assert "inner/cjm.yaml:1:1: CJM102 error: missing required field 'kind'" in outer.stdout
