"""Workspace discovery and cross-file checks, through ``cjm.load_workspace`` and the CLI.

README and docs/format.md: ``cjm.yaml`` is found at the given folder or above it;
content is every YAML
file below (hidden folders and ``exclude`` globs skipped); other YAML files are skipped
silently on a scan but are CJM105 when named; ids are unique per kind across files (the
later one reported); inline touchpoints belong to their journey.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import cjm
from cjm.workspace import Workspace, remembering_files
from tests.conftest import run_cli, write

PERSONA = "cjm: 1\nkind: persona\nid: ania\nname: Ania\n"
SEGMENT = "cjm: 1\nkind: segment\nid: urban\nname: Urban\n"
WEB = "cjm: 1\nkind: touchpoint\nid: web\nname: Web\nmode: online\noperator: automated\n"


def journey(identifier: str = "j1", persona: str = "ania", touchpoint: str = "web") -> str:
    # line 5 is `persona:`, its value at column 10; line 11 is `touchpoint:`, value at 21
    return f"""\
cjm: 1
kind: journey
id: {identifier}
title: Journey {identifier}
persona: {persona}
stages:
  - id: first
    name: First
    steps:
      - action: Does something
        touchpoint: {touchpoint}
"""


def found(workspace: Workspace) -> list[tuple[str, int, int, str]]:
    return [(d.path, d.line, d.column, d.code) for d in workspace.diagnostics]


def lines(stdout: str) -> list[str]:
    """``PATH:LINE:COL: CODE`` of each text diagnostic (summary line dropped)."""
    return [" ".join(line.split(" ")[:2]) for line in stdout.splitlines()[:-1]]


# ---------------------------------------------------------------------------------------
# Finding cjm.yaml


@pytest.fixture
def nested(in_tmp: Path) -> Path:
    write(in_tmp, "cjm.yaml", "cjm: 1\nname: Galeria\n")
    write(in_tmp, "personas/ania.yaml", PERSONA)
    write(in_tmp, "touchpoints/web.yaml", WEB)
    write(in_tmp, "maps/2025/q1/j1.yaml", journey())
    return in_tmp


def test_config_is_found_walking_up_from_a_nested_folder(nested: Path) -> None:
    workspace = cjm.load_workspace("maps/2025/q1")
    assert workspace.config_path == nested / "cjm.yaml"
    assert workspace.root == nested
    assert workspace.config.name == "Galeria"
    assert workspace.diagnostics == []  # persona and touchpoint resolved from above
    assert (workspace.scope_files, workspace.scope_documents) == (1, 1)


def test_config_is_found_walking_up_from_a_file(nested: Path) -> None:
    workspace = cjm.load_workspace("maps/2025/q1/j1.yaml")
    assert workspace.config_path == nested / "cjm.yaml"
    assert workspace.diagnostics == []
    assert sorted(workspace.personas) == ["ania"]


def test_cli_in_a_nested_folder_uses_the_workspace_above(
    nested: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(nested, "maps/2025/q1/j2.yaml", journey("j2", persona="nobody"))
    monkeypatch.chdir(nested / "maps/2025/q1")
    result = run_cli("validate")
    assert result.status == 1
    assert result.stdout == (
        "j2.yaml:5:10: CJM104 error: unknown persona 'nobody'\n"
        "2 files, 2 documents checked: 1 error, 0 warnings, 0 infos\n"
    )


def test_without_config_the_named_folder_is_the_workspace(in_tmp: Path) -> None:
    write(in_tmp, "a/ania.yaml", PERSONA)
    write(in_tmp, "b/j1.yaml", journey(touchpoint="[]"))
    workspace = cjm.load_workspace("b")
    assert workspace.config_path is None
    assert found(workspace) == [("b/j1.yaml", 5, 10, "CJM104")]


# ---------------------------------------------------------------------------------------
# What a scan reads


def test_exclude_globs_skip_files(in_tmp: Path) -> None:
    write(in_tmp, "cjm.yaml", 'cjm: 1\nexclude: ["build/**", "drafts/**", "scratch.yaml"]\n')
    write(in_tmp, "ania.yaml", PERSONA)
    broken = "cjm: 1\nkind: persona\nid: broken\n"  # no name: CJM102 if it were read
    write(in_tmp, "build/out/p.yaml", broken)
    write(in_tmp, "drafts/p.yaml", broken)
    write(in_tmp, "scratch.yaml", broken)
    write(in_tmp, "deep/er/scratch.yaml", broken)
    write(in_tmp, "deep/kept.yaml", broken)
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("deep/kept.yaml", 3, 1, "CJM102")]
    assert sorted(f.display_path for f in workspace.files) == ["ania.yaml", "deep/kept.yaml"]


@pytest.mark.parametrize(
    ("pattern", "kept"),
    [
        ("**/drafts/**", ["drafts.yaml", "maps/b/x.yaml", "maps/z.draft.yaml"]),
        ("drafts", ["drafts.yaml", "maps/b/x.yaml", "maps/z.draft.yaml"]),  # a folder name
        (
            "*.draft.yaml",
            ["drafts.yaml", "maps/b/x.yaml", "maps/drafts/deep/y.yaml", "maps/drafts/x.yaml"],
        ),
        ("maps/drafts/**", ["drafts.yaml", "maps/b/x.yaml", "maps/z.draft.yaml"]),
        ("maps/*/x.yaml", ["drafts.yaml", "maps/drafts/deep/y.yaml", "maps/z.draft.yaml"]),
    ],
)
def test_exclude_glob_shapes(in_tmp: Path, pattern: str, kept: list[str]) -> None:
    write(in_tmp, "cjm.yaml", f'cjm: 1\nexclude: ["{pattern}"]\n')
    for name in (
        "maps/drafts/x.yaml",
        "maps/drafts/deep/y.yaml",
        "maps/b/x.yaml",
        "maps/z.draft.yaml",
        "drafts.yaml",
    ):
        identifier = name.removesuffix(".yaml").replace("/", "-").replace(".", "-")
        write(in_tmp, name, f"cjm: 1\nkind: persona\nid: {identifier}\n")  # CJM102: no name
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [(name, 3, 1, "CJM102") for name in kept]


def test_hidden_folders_are_skipped(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    write(in_tmp, ".github/workflows/ci.yml", "cjm: 1\nkind: persona\nid: x\n")
    write(in_tmp, ".git/x.yaml", "cjm: 1\nkind: nothing\n")
    write(in_tmp, "maps/.drafts/x.yaml", "not: [valid\n")
    workspace = cjm.load_workspace(".")
    assert workspace.diagnostics == []
    assert [f.display_path for f in workspace.files] == ["ania.yaml"]


OTHER_YAML = {
    "workflow.yml": "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    "docker-compose.yml": "services:\n  web:\n    image: nginx\n",
    "list.yaml": "- a\n- b\n",
    "several.yaml": "a: 1\n---\nb: 2\n",
    "empty.yaml": "",
    "comment.yaml": "# nothing here\n",
    "kubernetes.yaml": "apiVersion: apps/v1\nkind: Deployment\n",  # a kind, not cjm's
}


def test_other_yaml_files_are_skipped_silently_on_a_scan(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    for name, text in OTHER_YAML.items():
        write(in_tmp, name, text)
    result = run_cli("validate")
    assert result.status == 0
    assert lines(result.stdout) == []


@pytest.mark.parametrize("name", sorted(OTHER_YAML))
def test_other_yaml_named_explicitly_is_cjm105_at_1_1(in_tmp: Path, name: str) -> None:
    write(in_tmp, name, OTHER_YAML[name])
    workspace = cjm.load_workspace(name)
    assert found(workspace) == [(name, 1, 1, "CJM105")]


def test_other_yaml_named_on_the_command_line_fails(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    write(in_tmp, "docker-compose.yml", OTHER_YAML["docker-compose.yml"])
    result = run_cli("validate", "ania.yaml", "docker-compose.yml")
    assert result.status == 1
    assert lines(result.stdout) == ["docker-compose.yml:1:1: CJM105"]


@pytest.mark.parametrize(
    ("text", "line", "column", "code"),
    [
        ("cjm: 1\nkind: persona\nid: x\nname: [\n", 5, 1, "CJM100"),
        ("services:\n  web: {image: nginx\n", 3, 1, "CJM100"),  # not cjm, but unreadable
        ("name: x\n  bad: 1\n", 2, 6, "CJM100"),
        ("cjm: 1\nkind: persona\nid: x\nname: x\nname: y\n", 5, 1, "CJM101"),
    ],
)
def test_broken_yaml_found_by_a_scan_is_reported(
    in_tmp: Path, text: str, line: int, column: int, code: str
) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    write(in_tmp, "sub/broken.yaml", text)
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("sub/broken.yaml", line, column, code)]


def test_not_utf8_found_by_a_scan_is_reported(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    (in_tmp / "latin.yaml").write_bytes(b"cjm: 1\nkind: persona\nname: \xa3ukasz\n")
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("latin.yaml", 3, 7, "CJM100")]


def test_named_excluded_file_is_still_checked(in_tmp: Path) -> None:
    write(in_tmp, "cjm.yaml", 'cjm: 1\nexclude: ["drafts/**"]\n')
    write(in_tmp, "drafts/p.yaml", "cjm: 1\nkind: persona\nid: p\n")
    workspace = cjm.load_workspace("drafts/p.yaml")
    assert found(workspace) == [("drafts/p.yaml", 3, 1, "CJM102")]


# ---------------------------------------------------------------------------------------
# Naming one file inside a workspace


def test_named_journey_resolves_references_from_other_files_and_reports_only_itself(
    in_tmp: Path,
) -> None:
    write(in_tmp, "cjm.yaml", "cjm: 1\n")
    write(in_tmp, "personas/ania.yaml", PERSONA)
    write(in_tmp, "touchpoints/web.yaml", WEB)
    write(in_tmp, "personas/broken.yaml", "cjm: 1\nkind: persona\nid: broken\n")
    # Broken after its kind and id: it may define more segments, but no touchpoint, so
    # j2's dangling touchpoint is still one (an unreadable kind would make it unsure).
    write(in_tmp, "other/bad-syntax.yaml", "cjm: 1\nkind: segment\nid: bad\nname: [\n")
    write(in_tmp, "journeys/j1.yaml", journey())
    write(in_tmp, "journeys/j2.yaml", journey("j2", touchpoint="nowhere"))
    clean = cjm.load_workspace("journeys/j1.yaml")
    assert clean.diagnostics == []
    assert (clean.scope_files, clean.scope_documents) == (1, 1)
    dirty = cjm.load_workspace("journeys/j2.yaml")
    assert found(dirty) == [("journeys/j2.yaml", 11, 21, "CJM104")]
    result = run_cli("validate", "journeys/j2.yaml")
    assert result.status == 1
    assert result.stdout == (
        "journeys/j2.yaml:11:21: CJM104 error: unknown touchpoint 'nowhere'\n"
        "1 file, 1 document checked: 1 error, 0 warnings, 0 infos\n"
    )


# ---------------------------------------------------------------------------------------
# Ids and references across files


def test_duplicate_id_is_cjm103_at_the_later_file_in_sorted_path_order(in_tmp: Path) -> None:
    write(in_tmp, "cjm.yaml", "cjm: 1\n")
    write(in_tmp, "z.yaml", PERSONA)
    write(in_tmp, "b/a.yaml", PERSONA.replace("Ania", "Ania B"))
    write(in_tmp, "a/b.yaml", PERSONA.replace("Ania", "Ania A"))
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("b/a.yaml", 3, 5, "CJM103"), ("z.yaml", 3, 5, "CJM103")]
    assert "a/b.yaml:3:5" in workspace.diagnostics[0].message
    assert workspace.personas["ania"].name == "Ania A"  # the first one wins


def test_duplicate_id_in_one_file_is_at_the_later_document(in_tmp: Path) -> None:
    write(in_tmp, "people.yaml", PERSONA + "---\n" + PERSONA)
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("people.yaml", 8, 5, "CJM103")]


def test_same_id_in_different_kinds_is_fine(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    write(in_tmp, "segment.yaml", SEGMENT.replace("urban", "ania"))
    write(in_tmp, "touchpoint.yaml", WEB.replace("web", "ania"))
    write(in_tmp, "journey.yaml", journey("ania", touchpoint="ania"))
    workspace = cjm.load_workspace(".")
    assert workspace.diagnostics == []
    assert workspace.personas["ania"].kind == "persona"
    assert workspace.segments["ania"].kind == "segment"
    assert workspace.touchpoints["ania"].kind == "touchpoint"
    assert workspace.journeys["ania"].kind == "journey"


def test_reference_to_a_missing_persona_and_segment(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA + "segment: nobody\n")
    write(in_tmp, "j.yaml", journey(persona="ghost", touchpoint="[]"))
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("j.yaml", 5, 10, "CJM104"), ("persona.yaml", 5, 10, "CJM104")]


INLINE = """\
cjm: 1
kind: journey
id: j1
title: With inline touchpoints
persona: ania
touchpoints:
  - id: kiosk
    name: Kiosk
    mode: offline
    operator: human
stages:
  - name: S
    steps:
      - action: A
        touchpoint: [kiosk, web]
      - action: B
        touchpoint: kiosk
"""

OTHER = """\
cjm: 1
kind: journey
id: j2
title: Uses another journey's inline touchpoint
persona: ania
stages:
  - name: S
    steps:
      - action: A
        touchpoint: [web, kiosk]
      - action: B
        touchpoint: kiosk
"""


def test_inline_touchpoints_are_visible_to_their_journey_only(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    write(in_tmp, "web.yaml", WEB)
    write(in_tmp, "j1.yaml", INLINE)
    write(in_tmp, "j2.yaml", OTHER)
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("j2.yaml", 10, 27, "CJM104"), ("j2.yaml", 12, 21, "CJM104")]
    assert sorted(workspace.touchpoints) == ["web"]  # inline ones are not shared


def test_inline_id_shadowing_a_shared_touchpoint_is_cjm103(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    write(in_tmp, "kiosk.yaml", WEB.replace("web", "kiosk"))
    write(in_tmp, "j1.yaml", INLINE.replace("[kiosk, web]", "[kiosk]"))
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("j1.yaml", 7, 9, "CJM103")]
    assert "kiosk.yaml:3:5" in workspace.diagnostics[0].message


def test_duplicate_inline_touchpoint_ids_in_one_journey(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    twice = INLINE.replace(
        "stages:", "  - id: kiosk\n    name: Again\n    mode: online\n    operator: human\nstages:"
    )
    write(in_tmp, "j1.yaml", twice.replace("[kiosk, web]", "[kiosk]"))
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("j1.yaml", 11, 9, "CJM103")]


GOALS = """\
cjm: 1
kind: journey
id: j1
title: Goals
persona: ania
goals:
  - id: installs-up
    description: More installs
    metric: app-installs
  - id: faster
    description: Faster
    metric: {metric}
stages:
  - name: S
    metrics:
      - id: app-installs
        name: App installs per month
"""


def test_goal_metric_of_the_journey_resolves(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    write(in_tmp, "j1.yaml", GOALS.format(metric="app-installs"))
    assert cjm.load_workspace(".").diagnostics == []


def test_goal_metric_that_is_missing_is_cjm104_at_the_value(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    write(in_tmp, "j1.yaml", GOALS.format(metric="time-to-buy"))
    # a metric of another journey is not a metric of this one
    other = GOALS.replace("j1", "j2").replace("app-installs", "time-to-buy")
    write(in_tmp, "j2.yaml", other.format(metric="time-to-buy"))
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("j1.yaml", 12, 13, "CJM104")]


def test_finding_in_a_file_whose_later_document_is_broken(in_tmp: Path) -> None:
    # The broken document is a segment (read before the mistake): it cannot define the
    # persona, so the first document's dangling persona is still reported.
    broken = "---\ncjm: 1\nkind: segment\nid: s\nfoo: [\n"
    write(in_tmp, "j.yaml", journey(persona="nobody", touchpoint="[]") + broken)
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("j.yaml", 5, 10, "CJM104"), ("j.yaml", 17, 1, "CJM100")]


def test_later_broken_document_is_reported_beside_a_clean_one(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA + "---\nfoo: [\n")
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("ania.yaml", 7, 1, "CJM100")]
    assert sorted(workspace.personas) == ["ania"]


# ---------------------------------------------------------------------------------------
# cjm.yaml


@pytest.mark.parametrize(
    ("config", "line", "column", "code"),
    [
        ("cjm: 1\nnmae: Galeria\n", 2, 1, "CJM102"),  # unknown field: at the key
        ("cjm: 1\nlint:\n  ignroe: [CJM209]\n", 3, 3, "CJM102"),
        ("cjm: 1\nexclude: build/**\n", 2, 10, "CJM102"),  # wrong type: at the value
        ("cjm: 1\nlint:\n  severity: {CJM206: fatal}\n", 3, 22, "CJM102"),
        ("cjm: 2\nname: Galeria\n", 1, 6, "CJM105"),
        ('cjm: "1"\n', 1, 6, "CJM105"),
        ("cjm: 1.0\n", 1, 6, "CJM105"),
        ("name: Galeria\n", 1, 1, "CJM105"),  # no cjm: at the first key, settings kept
        ("- cjm: 1\n", 1, 1, "CJM105"),
        ("cjm: 1\nname: A\nname: B\n", 3, 1, "CJM101"),
        ("cjm: 1\nname: [\n", 3, 1, "CJM100"),
    ],
)
def test_config_errors_point_into_cjm_yaml(
    in_tmp: Path, config: str, line: int, column: int, code: str
) -> None:
    write(in_tmp, "cjm.yaml", config)
    write(in_tmp, "ania.yaml", PERSONA)
    workspace = cjm.load_workspace(".")
    assert found(workspace) == [("cjm.yaml", line, column, code)]
    result = run_cli("validate")
    assert result.status == 1
    assert lines(result.stdout) == [f"cjm.yaml:{line}:{column}: {code}"]


def test_config_errors_are_reported_when_one_file_is_named(in_tmp: Path) -> None:
    write(in_tmp, "cjm.yaml", "cjm: 1\nnmae: Galeria\n")
    write(in_tmp, "maps/ania.yaml", PERSONA)
    workspace = cjm.load_workspace("maps/ania.yaml")
    assert found(workspace) == [("cjm.yaml", 2, 1, "CJM102")]


def test_version_given_as_text_says_so(in_tmp: Path) -> None:
    write(in_tmp, "cjm.yaml", 'cjm: "1"\n')
    workspace = cjm.load_workspace(".")
    (diagnostic,) = workspace.diagnostics
    assert "'cjm: 1'" not in diagnostic.message


def test_empty_config_is_the_default(in_tmp: Path) -> None:
    write(in_tmp, "cjm.yaml", "# nothing configured yet\n")
    write(in_tmp, "ania.yaml", PERSONA)
    workspace = cjm.load_workspace(".")
    assert workspace.diagnostics == []
    assert workspace.config.exclude == ()


# ---------------------------------------------------------------------------------------
# Typed access


def test_typed_access_to_the_resolved_workspace(in_tmp: Path) -> None:
    write(in_tmp, "cjm.yaml", "cjm: 1\n")
    write(in_tmp, "ania.yaml", PERSONA + "segment: urban\n")
    write(in_tmp, "urban.yaml", SEGMENT)
    write(in_tmp, "web.yaml", WEB)
    write(in_tmp, "j1.yaml", INLINE)
    workspace = cjm.load_workspace(".")
    assert workspace.diagnostics == []
    assert workspace.personas["ania"].name == "Ania"
    assert workspace.personas["ania"].segment == "urban"
    assert workspace.segments["urban"].name == "Urban"
    trip = workspace.journeys["j1"]
    assert trip.title == "With inline touchpoints"
    first, second = trip.stages[0].steps
    assert [t.name for t in workspace.touchpoints_of_step(trip, first)] == ["Kiosk", "Web"]
    assert [t.id for t in workspace.touchpoints_of_step(trip, second)] == ["kiosk"]
    assert workspace.entry_of(trip).document.display_path == "j1.yaml"


def test_numbers_given_as_text_keep_their_spelling(in_tmp: Path) -> None:
    write(in_tmp, "p.yaml", "cjm: 1\nkind: persona\nid: 007\nname: 2.10\n")
    workspace = cjm.load_workspace(".")
    assert workspace.diagnostics == []
    assert workspace.personas["007"].name == "2.10"


def test_numbers_given_as_text_are_accepted(in_tmp: Path) -> None:
    write(in_tmp, "p.yaml", "cjm: 1\nkind: persona\nid: ania\nname: 2024\ngoals: [1, 2.5]\n")
    workspace = cjm.load_workspace(".")
    assert workspace.diagnostics == []
    assert workspace.personas["ania"].name == "2024"
    assert workspace.personas["ania"].goals == ("1", "2.5")


# ---------------------------------------------------------------------------------------
# One run, many files


def test_problems_in_several_files_are_all_reported_in_one_run(in_tmp: Path) -> None:
    write(in_tmp, "cjm.yaml", "cjm: 1\n")
    write(in_tmp, "a/ania.yaml", PERSONA)
    # Its id is read before the mistake: d/j1's persona 'nobody' cannot be this one.
    write(in_tmp, "a/syntax.yaml", "cjm: 1\nkind: persona\nid: p\nname: 'open\n")
    write(in_tmp, "b/dup-key.yaml", "cjm: 1\nkind: segment\nid: s\nname: S\nname: T\n")
    write(in_tmp, "b/schema.yaml", "cjm: 1\nkind: touchpoint\nid: t\nname: T\nmode: online\n")
    write(in_tmp, "c/version.yaml", "cjm: 3\nkind: persona\n")
    write(in_tmp, "c/kind.yaml", "cjm: 1\nkind: personna\nid: x\n")
    write(in_tmp, "d/j1.yaml", journey(persona="nobody"))
    write(in_tmp, "d/j2.yaml", journey(touchpoint="[]").replace("j1", "j2"))
    write(in_tmp, "e/dup-id.yaml", PERSONA)
    result = run_cli("validate", "--format", "json")
    assert result.status == 1
    payload = json.loads(result.stdout)
    assert [(d["path"], d["line"], d["column"], d["code"]) for d in payload["diagnostics"]] == [
        ("a/syntax.yaml", 4, 7, "CJM100"),  # where the unclosed quote opens
        ("b/dup-key.yaml", 5, 1, "CJM101"),
        ("b/schema.yaml", 3, 1, "CJM102"),  # missing 'operator': at the id key
        ("c/kind.yaml", 2, 7, "CJM105"),
        ("c/version.yaml", 1, 6, "CJM105"),
        ("d/j1.yaml", 5, 10, "CJM104"),
        ("d/j1.yaml", 11, 21, "CJM104"),
        ("e/dup-id.yaml", 3, 5, "CJM103"),
    ]
    assert payload["summary"] == {
        "files": 9,
        "documents": 8,
        "errors": 8,
        "warnings": 0,
        "infos": 0,
    }


def test_summary_counts_files_and_documents(in_tmp: Path) -> None:
    write(in_tmp, "people.yaml", PERSONA + "---\n" + PERSONA.replace("ania", "bob"))
    write(in_tmp, "web.yaml", WEB)
    write(in_tmp, "j1.yaml", journey())
    result = run_cli("validate")
    assert (result.status, result.stdout) == (0, "3 files, 4 documents checked: no problems\n")
    payload = json.loads(run_cli("validate", "--format", "json").stdout)
    assert payload["summary"] == {
        "files": 3,
        "documents": 4,
        "errors": 0,
        "warnings": 0,
        "infos": 0,
    }
    workspace = cjm.load_workspace(".")
    assert (workspace.scope_files, workspace.scope_documents) == (3, 4)


# ---------------------------------------------------------------------------------------
# One syntax error, one finding: a broken file still says what it may define


IDEAL = """\
cjm: 1
kind: journey
id: ideal
title: Ideal
persona: ania
state: ideal
baseline: j1
stages:
  - id: first
    name: First
    steps:
      - action: Does it better
        baseline_step: does
"""


def _one_journey_workspace(folder: Path) -> None:
    write(folder, "cjm.yaml", "cjm: 1\n")
    write(folder, "personas/ania.yaml", PERSONA)
    write(folder, "touchpoints/web.yaml", WEB)
    write(folder, "journeys/j1.yaml", journey().replace("- action:", "- id: does\n        action:"))
    write(folder, "journeys/ideal.yaml", IDEAL)


def _new(command: str, clean: list[str]) -> list[str]:
    """The command's findings that the clean workspace does not have."""
    return [line for line in lines(run_cli(command).stdout) if line not in clean]


def test_the_workspace_for_broken_files_validates(in_tmp: Path) -> None:
    _one_journey_workspace(in_tmp)
    assert lines(run_cli("validate").stdout) == []


def test_a_syntax_error_in_a_touchpoint_is_its_one_finding(in_tmp: Path) -> None:
    # Its id comes before the mistake: the journeys naming it are not told it is unknown
    _one_journey_workspace(in_tmp)
    clean = lines(run_cli("lint").stdout)
    write(in_tmp, "touchpoints/web.yaml", WEB.replace("name: Web", "name: Web: the site"))
    assert lines(run_cli("validate").stdout) == ["touchpoints/web.yaml:4:10: CJM100"]
    assert _new("lint", clean) == ["touchpoints/web.yaml:4:10: CJM100"]


@pytest.mark.parametrize(
    ("line", "broken", "place"),
    [
        ("title: Journey j1", "title: Journey j1: the first", "4:18"),  # j1 is known
        ("id: j1", "id: j1: first", "3:7"),  # a journey with no readable id
        ("id: j1", "\tid: j1", "3:1"),  # a tab: not even the kind above it is read
    ],
)
def test_a_syntax_error_in_a_journey_is_its_one_finding(
    in_tmp: Path, line: str, broken: str, place: str
) -> None:
    # Not "unknown baseline journey" in the ideal journey, nor, from lint, "used by no
    # journey" for the touchpoint the broken journey may use
    _one_journey_workspace(in_tmp)
    clean = lines(run_cli("lint").stdout)
    path = in_tmp / "journeys/j1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(line, broken), encoding="utf-8")
    assert lines(run_cli("validate").stdout) == [f"journeys/j1.yaml:{place}: CJM100"]
    assert _new("lint", clean) == [f"journeys/j1.yaml:{place}: CJM100"]


def test_a_broken_file_of_a_known_kind_leaves_other_kinds_checked(in_tmp: Path) -> None:
    _one_journey_workspace(in_tmp)
    write(in_tmp, "personas/bob.yaml", "cjm: 1\nkind: persona\nid: b: ob\n")  # no id read
    write(in_tmp, "journeys/j2.yaml", journey("j2", persona="bob", touchpoint="nowhere"))
    # 'bob' may be the broken persona; a touchpoint 'nowhere' cannot be
    assert lines(run_cli("validate").stdout) == [
        "journeys/j2.yaml:11:21: CJM104",
        "personas/bob.yaml:3:6: CJM100",
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("other/broken.yaml", b"cjm: 1\nkind: [\n"),  # the kind cut short
        ("other/broken.yaml", b"- [\n"),  # nothing of a map read at all
        ("other/latin1.yaml", b"cjm: 1\nkind: persona\nname: Jos\xe9\n"),  # not UTF-8
        # a document cut short, and whatever follows it
        ("other/later.yaml", SEGMENT.encode() + b"---\n{\n---\n" + PERSONA.encode()),
    ],
)
def test_a_file_whose_identity_cannot_be_read_makes_every_reference_unsure(
    in_tmp: Path, name: str, content: bytes
) -> None:
    # It may define any id of any kind: a reference that matches nothing may mean it
    _one_journey_workspace(in_tmp)
    clean = lines(run_cli("lint").stdout)
    write(in_tmp, "journeys/j2.yaml", journey("j2", persona="nobody", touchpoint="nowhere"))
    assert len(lines(run_cli("validate").stdout)) == 2  # without the broken file
    clean += [line for line in lines(run_cli("lint").stdout) if " CJM2" in line]
    (in_tmp / "other").mkdir()
    (in_tmp / name).write_bytes(content)
    assert [line.split(":")[0] for line in lines(run_cli("validate").stdout)] == [name]
    assert [line.split(":")[0] for line in _new("lint", clean)] == [name]


def test_two_documents_run_together_are_one_finding(in_tmp: Path) -> None:
    _one_journey_workspace(in_tmp)
    clean = lines(run_cli("lint").stdout)
    (in_tmp / "touchpoints/web.yaml").unlink()
    write(in_tmp, "journeys/j1.yaml", WEB + " ---\n" + journey())  # the '---' indented
    assert lines(run_cli("validate").stdout) == ["journeys/j1.yaml:8:1: CJM101"]
    assert _new("lint", clean) == ["journeys/j1.yaml:8:1: CJM101"]


def test_a_broken_journey_is_outlined_as_read_in_part(in_tmp: Path) -> None:
    _one_journey_workspace(in_tmp)
    write(in_tmp, "journeys/j2.yaml", journey("j2") + "  - id: [\n")
    workspace = cjm.load_workspace(".")
    journeys = [o for o in workspace.outlines if o.kind == "journey"]
    assert [(o.identifier, o.read_in_part) for o in journeys] == [
        ("ideal", False),
        ("j1", False),
        ("j2", True),
    ]
    assert "j2" not in workspace.journeys
    assert workspace.registry.defines("journey", "j2")
    assert workspace.registry.unsure == frozenset()
    assert workspace.shared_touchpoints_in_use is None  # j2 may use any


# ---------------------------------------------------------------------------------------
# Loading again what did not change


def test_remembered_files_give_the_same_workspace(in_tmp: Path) -> None:
    _one_journey_workspace(in_tmp)
    write(in_tmp, "journeys/j2.yaml", journey("j2", persona="nobody"))
    fresh = cjm.load_workspace(".")
    with remembering_files():
        first = cjm.load_workspace(".")
        again = cjm.load_workspace(".")
        assert (
            found(first) == found(again) == found(fresh) == [("journeys/j2.yaml", 5, 10, "CJM104")]
        )
        # the same models: the files were not read again
        assert again.journeys["j2"] is first.journeys["j2"]
        # changed bytes are read again, even at the same size and time
        path = in_tmp / "journeys/j2.yaml"
        stat = path.stat()
        path.write_text(journey("j2", persona="ania"), encoding="utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        changed = cjm.load_workspace(".")
        assert found(changed) == []
        assert changed.journeys["j2"] is not first.journeys["j2"]
        # a reference to a file that changed is checked against it as it is now
        path.write_text(journey("j2", persona="nobody"), encoding="utf-8")
        assert found(cjm.load_workspace(".")) == found(fresh)
        # positions of a finding found later are those of the file as it is
        entry = again.entry_of(again.journeys["j1"])
        assert entry.position(("persona",)).line == 5
    assert cjm.load_workspace(".").journeys["j1"] is not first.journeys["j1"]  # forgotten
