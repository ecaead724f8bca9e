"""``cjm init``: a starter that validates, lints with no finding at all and renders, and
that never overwrites a file (docs/cli.md: exit 2 naming the files in the way)."""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from syrupy.assertion import SnapshotAssertion

from cjm.schema import render_schemas
from cjm.starter import starter_files
from tests.conftest import REPO, run_cli, run_process, write
from tests.render.needs import require
from tests.test_cli import HEAVY, _modules_after

BIN = Path(sys.executable).parent
TEMPLATE = REPO / "cjm" / "starter" / "template"
MODELINE = "# yaml-language-server: $schema=../../schemas/cjm.schema.json"
NEXT_STEPS = (
    "\n"
    "Next steps:\n"
    "  cd demo\n"
    "  cjm lint --strict       # validate and lint the maps: no findings yet\n"
    "  cjm render --out site   # then open site/index.html\n"
    "  code .                  # VS Code checks maps/ as you type\n"
)
IN_THE_WAY = (
    "cjm: error: nothing written: {count} {noun} in the way "
    "(move or delete them, or choose another folder):"
)


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (hidden ones too) and its bytes."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _init_demo() -> Path:
    result = run_cli("init", "demo")
    assert (result.status, result.stderr) == (0, "")
    return Path("demo")


def test_init_writes_the_starter(in_tmp: Path, snapshot: SnapshotAssertion) -> None:
    result = run_cli("init", "demo")
    assert (result.status, result.stderr) == (0, "")
    written = sorted(_tree(in_tmp / "demo"))
    assert written == snapshot
    assert written == sorted(starter_files())
    expected = "".join(f"wrote demo/{name}\n" for name in sorted(starter_files()))
    assert result.stdout == expected + NEXT_STEPS


def test_starter_validates_lints_and_renders(in_tmp: Path) -> None:
    _init_demo()
    validate = run_cli("validate", "demo")
    assert (validate.status, validate.stdout) == (0, "9 files, 9 documents checked: no problems\n")
    lint = run_cli("lint", "--strict", "--format", "json", "demo")
    payload = json.loads(lint.stdout)
    assert lint.status == 0
    assert payload["diagnostics"] == []
    assert payload["summary"] == {
        "files": 9,
        "documents": 9,
        "errors": 0,
        "warnings": 0,
        "infos": 0,
    }
    render = run_cli("render", "demo", "--out", "site")
    assert (render.status, render.stderr) == (0, "")
    assert sorted(path.name for path in (in_tmp / "site").iterdir()) == [
        "first-online-order.html",
        "index.html",
    ]


@pytest.mark.parametrize("today", ["2026-01-01", "2027-12-31", "2028-01-01", "2100-01-01"])
def test_starter_goal_is_never_overdue(in_tmp: Path, today: str) -> None:
    # The goal's metric meets its target, so CJM216 cannot fire on any day: the
    # starter's promise (lints clean) does not expire with a due date.
    _init_demo()
    result = run_cli("lint", "--strict", "--today", today, "demo")
    assert (result.status, result.stdout) == (0, "9 files, 9 documents checked: no problems\n")


def test_init_lint_render_as_real_processes(tmp_path: Path) -> None:
    init = run_process("init", "demo", cwd=tmp_path)
    assert (init.status, init.stderr) == (0, "")
    lint = run_process("lint", "--strict", "demo", cwd=tmp_path)
    assert (lint.status, lint.stdout, lint.stderr) == (
        0,
        "9 files, 9 documents checked: no problems\n",
        "",
    )
    render = run_process("render", "demo", "--out", "site", cwd=tmp_path)
    assert render.status == 0, render.stderr
    assert (tmp_path / "site" / "first-online-order.html").is_file()


def test_schemas_are_what_cjm_schema_writes(in_tmp: Path) -> None:
    _init_demo()
    schemas = in_tmp / "demo" / "schemas"
    assert {name: path.decode() for name, path in _tree(schemas).items()} == render_schemas()
    result = run_cli("schema", "--check", "--out", "demo/schemas")
    assert result.status == 0


def test_second_init_writes_nothing(in_tmp: Path) -> None:
    _init_demo()
    persona = in_tmp / "demo" / "maps" / "personas" / "kuba.yaml"
    persona.write_text(persona.read_text().replace("name: Kuba", "name: Jakub"))
    before = _tree(in_tmp)
    result = run_cli("init", "demo")
    assert result.status == 2
    assert result.stdout == ""
    names = sorted(starter_files())
    assert result.stderr == (
        IN_THE_WAY.format(count=len(names), noun="files are")
        + "".join(f"\n  demo/{name}" for name in names)
        + "\n"
    )
    assert _tree(in_tmp) == before


def test_one_file_in_the_way_stops_everything(in_tmp: Path) -> None:
    mine = write(in_tmp, "demo/cjm.yaml", "cjm: 1\nname: Our own maps\n")
    result = run_cli("init", "demo")
    assert result.status == 2
    assert result.stderr == IN_THE_WAY.format(count=1, noun="file is") + "\n  demo/cjm.yaml\n"
    assert mine.read_text() == "cjm: 1\nname: Our own maps\n"
    assert sorted(_tree(in_tmp)) == ["demo/cjm.yaml"]


def test_what_blocks_a_folder_or_stands_as_a_folder_is_in_the_way(in_tmp: Path) -> None:
    write(in_tmp, "demo/maps", "not a folder\n")
    (in_tmp / "demo" / "README.md").mkdir()
    result = run_cli("init", "demo")
    assert result.status == 2
    assert result.stderr == (
        IN_THE_WAY.format(count=2, noun="files are") + "\n  demo/README.md\n  demo/maps\n"
    )
    assert sorted(_tree(in_tmp)) == ["demo/maps"]


def test_a_dangling_link_is_in_the_way(in_tmp: Path) -> None:
    (in_tmp / "demo").mkdir()
    (in_tmp / "demo" / "README.md").symlink_to("nowhere.md")
    result = run_cli("init", "demo")
    assert result.status == 2
    assert result.stderr == IN_THE_WAY.format(count=1, noun="file is") + "\n  demo/README.md\n"
    assert not (in_tmp / "demo" / "nowhere.md").exists()


def test_init_into_a_folder_with_other_files(in_tmp: Path) -> None:
    theirs = {
        "demo/notes.txt": "meeting notes\n",
        "demo/src/app.py": "print('hello')\n",
        "demo/.github/workflows/tests.yml": "name: tests\n",
        "demo/maps/legacy.md": "# old map\n",
    }
    for name, text in theirs.items():
        write(in_tmp, name, text)
    _init_demo()
    tree = _tree(in_tmp)
    assert {name: tree[name].decode() for name in theirs} == theirs
    assert sorted(tree) == sorted([*theirs, *(f"demo/{name}" for name in starter_files())])
    assert run_cli("lint", "--strict", "--quiet", "demo").status == 0


def test_init_defaults_to_the_current_folder(in_tmp: Path) -> None:
    result = run_cli("init")
    assert result.status == 0
    assert result.stdout.splitlines()[0] == "wrote .github/workflows/journeys.yml"
    assert "  cd " not in result.stdout
    assert (in_tmp / "cjm.yaml").is_file()
    assert run_cli("lint", "--strict", "--quiet").status == 0


def test_init_creates_missing_parent_folders(in_tmp: Path) -> None:
    result = run_cli("init", "a/b/my maps")
    assert result.status == 0
    assert "  cd 'a/b/my maps'\n" in result.stdout
    assert (in_tmp / "a" / "b" / "my maps" / "cjm.yaml").is_file()


def test_a_file_named_as_the_folder_is_a_usage_error(in_tmp: Path) -> None:
    write(in_tmp, "demo", "a file\n")
    result = run_cli("init", "demo")
    assert (result.status, result.stdout) == (2, "")
    assert result.stderr == "cjm: error: 'demo' is a file, not a folder\n"
    assert (in_tmp / "demo").read_text() == "a file\n"


def test_a_folder_that_cannot_be_made_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    # A name longer than any file system allows fails for root too (a read-only folder
    # would not), at the first write.
    name = "x" * 300
    result = run_process("init", name, cwd=tmp_path)
    assert (result.status, result.stdout) == (2, "")
    assert (
        result.stderr
        == f"cjm: error: cannot write {name}/.github/workflows/journeys.yml: File name too long\n"
    )
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------
# The editor, pre-commit and CI files are what their tools read.


def test_vscode_maps_the_schema_to_the_maps_folder(in_tmp: Path) -> None:
    demo = _init_demo()
    settings = json.loads((demo / ".vscode" / "settings.json").read_text())
    assert settings == {
        "yaml.schemas": {"./schemas/cjm.schema.json": ["maps/**/*.yaml", "maps/**/*.yml"]}
    }
    assert (demo / "schemas" / "cjm.schema.json").is_file()
    extensions = json.loads((demo / ".vscode" / "extensions.json").read_text())
    assert extensions == {"recommendations": ["redhat.vscode-yaml"]}


def test_every_map_names_the_schema_in_a_modeline(in_tmp: Path) -> None:
    demo = _init_demo()
    maps = sorted((demo / "maps").rglob("*.yaml"))
    assert len(maps) == 9
    for path in maps:
        first = path.read_text().splitlines()[0]
        assert first == MODELINE, path
        schema = path.parent / first.split("$schema=", 1)[1]
        assert schema.resolve() == (demo / "schemas" / "cjm.schema.json").resolve()


def test_starter_covers_what_the_issue_lists(in_tmp: Path) -> None:
    demo = _init_demo()
    documents = [
        yaml.safe_load(path.read_text()) for path in sorted((demo / "maps").rglob("*.yaml"))
    ]
    kinds = [document["kind"] for document in documents]
    assert sorted(kinds) == ["journey", "persona", "segment", *["touchpoint"] * 6]
    touchpoints = [document for document in documents if document["kind"] == "touchpoint"]
    assert {(tp["mode"], tp["operator"]) for tp in touchpoints} == {
        ("online", "automated"),
        ("online", "human"),
        ("offline", "automated"),
        ("offline", "human"),
    }
    (journey,) = (document for document in documents if document["kind"] == "journey")
    assert [stage["phase"] for stage in journey["stages"]] == [
        "pre-purchase",
        "purchase",
        "post-purchase",
    ]
    steps = [step for stage in journey["stages"] for step in stage["steps"]]
    assert all("emotion" in step and step["evidence"] for step in steps)
    assert sum(len(step.get("pain_points", [])) for step in steps) == 1
    assert sum(len(step.get("opportunities", [])) for step in steps) == 1
    metrics = [metric for stage in journey["stages"] for metric in stage["metrics"]]
    assert all("target" in metric for metric in metrics)
    assert [goal["metric"] for goal in journey["goals"]] == ["repeat-orders"]


def test_workflow_is_a_valid_github_workflow(in_tmp: Path) -> None:
    demo = _init_demo()
    workflow = demo / ".github" / "workflows" / "journeys.yml"
    loaded = yaml.safe_load(workflow.read_text())
    steps = loaded["jobs"]["maps"]["steps"]
    # cjm's own action (annotations, diff summary and comment), at the release the
    # pre-commit config pins, strict as the hooks are.
    pre_commit = yaml.safe_load((demo / ".pre-commit-config.yaml").read_text())
    (action,) = [step for step in steps if str(step.get("uses", "")).startswith("cjm-dev/cjm@")]
    assert action["uses"] == f"cjm-dev/cjm@{pre_commit['repos'][0]['rev']}"
    assert action["with"] == {"strict": "true"}
    assert loaded["permissions"]["pull-requests"] == "write"
    inputs = yaml.safe_load((REPO / "action.yml").read_text())["inputs"]
    assert set(action["with"]) <= set(inputs)
    checker = BIN / "check-jsonschema"
    require(
        None
        if checker.is_file()
        else "check-jsonschema is not installed (pip install -e '.[test]')"
    )
    completed = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_gitignore_keeps_the_rendered_maps_and_the_cache_out_of_git(in_tmp: Path) -> None:
    """git itself reads the starter's .gitignore: render's default output, the README's
    ``site/`` and cjm's ``.cjm_cache/`` are ignored, and the maps are not."""
    render_help = run_cli("render", "--help").stdout
    default_out = re.search(r"Folder to write to.*?\[default: ([^\]]+)\]", render_help, re.S)
    assert default_out is not None and default_out.group(1) == "cjm-out"
    demo = _init_demo()
    candidates = ["cjm-out/index.html", "site/index.html", ".cjm_cache/a", "maps/new.yaml"]
    for name in candidates:
        write(demo, name, "x\n")
    environment = {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "PATH": os.environ["PATH"],
    }
    subprocess.run(["git", "init", "-q"], cwd=demo, env=environment, check=True, timeout=60)
    completed = subprocess.run(
        ["git", "check-ignore", *candidates],
        cwd=demo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.stdout.splitlines() == candidates[:3]


def test_readme_shows_real_commands_and_says_only_what_the_starter_does() -> None:
    """Every command the starter's README shows exists with the options it shows; it
    claims no CI step the workflow does not run (it once said CI ran ``cjm schema
    --check``), and it says what to diff against where the default branch is not main."""
    readme = (TEMPLATE / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    shown = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    shown += re.findall(r"`(cjm [^`]+)`", readme)
    assert len(shown) >= 8
    for command in shown:
        name, *words = shlex.split(command)[1:]
        result = run_cli(name, "--help")
        assert result.status == 0, command
        for option in (word for word in words if word.startswith("-")):
            assert re.search(rf"(^|[ ,]){re.escape(option)}\b", result.stdout, re.M), command
    workflow = (TEMPLATE / "dot-github" / "workflows" / "journeys.yml").read_text()
    assert "CI runs" not in readme and "schema" not in workflow
    assert "`cjm diff master`" in readme
    assert "branches: [main] # the default branch: name yours" in workflow


def test_pre_commit_config_uses_this_repositorys_hooks_on_the_maps(in_tmp: Path) -> None:
    demo = _init_demo()
    config_path = demo / ".pre-commit-config.yaml"
    (repository,) = yaml.safe_load(config_path.read_text())["repos"]
    ours = {hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert [hook["id"] for hook in repository["hooks"]] == ["cjm-validate", "cjm-lint"]
    assert {hook["id"] for hook in repository["hooks"]} <= ours
    assert all(hook["files"] == "^maps/" for hook in repository["hooks"])
    pre_commit = BIN / "pre-commit"
    require(
        None if pre_commit.is_file() else "pre-commit is not installed (pip install pre-commit)"
    )
    completed = subprocess.run(
        [str(pre_commit), "validate-config", str(config_path)],
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


# ---------------------------------------------------------------------------------------
# Packaging and start-up.


def test_templates_are_package_data() -> None:
    # A leading dot would be dropped by the package-data globs: dot- stands for it.
    templates = sorted(
        path.relative_to(REPO / "cjm").as_posix()
        for path in TEMPLATE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    assert templates
    assert not [name for name in templates if re.search(r"(^|/)\.", name)]
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["cjm"]
    packaged = {
        name
        for pattern in patterns
        for name in glob.glob(pattern, root_dir=REPO / "cjm", recursive=True)
    }
    assert sorted(set(templates) - packaged) == []


def test_init_help_imports_nothing_heavy() -> None:
    code = (
        "import contextlib, io\n"
        "from cjm.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['init', '--help'])\n"
    )
    loaded = _modules_after(code)
    assert "cjm.cli" in loaded
    assert "cjm.starter" not in loaded
    for module in HEAVY:
        assert module not in loaded, f"{module} imported by cjm init --help"
