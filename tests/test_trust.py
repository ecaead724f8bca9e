"""Verdicts a user can trust: nothing skipped in silence, one mistake one finding.

Each test is a case a first user met (issue 9), run through the real CLI with the
exact lines a user would read.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_cli, write

PERSONA = "cjm: 1\nkind: persona\nid: ania\nname: Ania\n"
#: The same persona as lint wants it (goals and pains), so lint tests see only their case.
FULL_PERSONA = PERSONA + "goals: [Shop quickly]\npains: [Queues]\n"
KIOSK = "cjm: 1\nkind: touchpoint\nid: kiosk\nname: Kiosk\nmode: offline\noperator: human\n"
WEB = "cjm: 1\nkind: touchpoint\nid: web\nname: Web\nmode: online\noperator: automated\n"
JOURNEY = """\
cjm: 1
kind: journey
id: trip
title: Trip
persona: ania
stages:
  - id: only
    name: Only
    steps:
      - id: visit
        action: Visits
        touchpoint: [kiosk, web]
        emotion: 1
"""


def _persona_and_touchpoints(folder: Path) -> None:
    """What JOURNEY names: the persona and both touchpoints, valid."""
    write(folder, "ania.yaml", PERSONA)
    write(folder, "kiosk.yaml", KIOSK)
    write(folder, "web.yaml", WEB)


def diagnostics(stdout: str) -> list[str]:
    """The diagnostic lines of text output, without the summary line."""
    return stdout.splitlines()[:-1]


# ---------------------------------------------------------------------------------------
# Nothing skipped in silence


def test_a_journey_without_cjm_1_is_cjm105_at_its_kind_key(in_tmp: Path) -> None:
    write(in_tmp, "cjm.yaml", "cjm: 1\n")
    write(in_tmp, "ania.yaml", FULL_PERSONA)
    write(in_tmp, "kiosk.yaml", KIOSK)
    write(in_tmp, "web.yaml", WEB)
    write(in_tmp, "trip.yaml", "# the map\n" + JOURNEY.replace("cjm: 1\n", ""))
    result = run_cli("validate")
    assert result.status == 1
    assert result.stdout.splitlines() == [
        "trip.yaml:2:1: CJM105 error: missing 'cjm: 1': this journey is not read without "
        "the format version (add 'cjm: 1' as the document's first line)",
        "4 files, 4 documents checked: 1 error, 0 warnings, 0 infos",
    ]
    # The touchpoints it uses are not "unused" because of it: one mistake, one finding.
    lint = run_cli("lint")
    assert diagnostics(lint.stdout) == diagnostics(result.stdout)


def test_render_does_not_leave_out_a_journey_without_cjm_1(in_tmp: Path) -> None:
    _persona_and_touchpoints(in_tmp)
    write(in_tmp, "trip.yaml", JOURNEY.replace("cjm: 1\n", ""))
    result = run_cli("render", ".", "--out", "site")
    assert result.status == 1
    assert "trip.yaml:1:1: CJM105 error: missing 'cjm: 1'" in result.stderr
    assert not (in_tmp / "site").exists()


def test_cjm_below_kind_is_still_a_cjm_document(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", "kind: persona\nid: ania\ncjm: 1\nname: Ania\n")
    write(in_tmp, "kiosk.yaml", KIOSK)
    write(in_tmp, "web.yaml", WEB)
    write(
        in_tmp, "trip.yaml", JOURNEY.replace("cjm: 1\nkind: journey\n", "kind: journey\ncjm: 1\n")
    )
    result = run_cli("validate")
    assert (result.status, result.stdout) == (
        0,
        "4 files, 4 documents checked: no problems\n",
    )
    render = run_cli("render", ".", "--out", "site", "--format", "mermaid")
    assert render.status == 0
    assert (in_tmp / "site" / "trip.mmd").is_file()


def test_a_list_of_touchpoints_is_one_cjm105_at_the_list(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    write(
        in_tmp,
        "touchpoints.yaml",
        """\
        # shared touchpoints
        - kind: touchpoint
          id: kiosk
          name: Kiosk
          mode: offline
          operator: human
        - kind: touchpoint
          id: web
          name: Web
          mode: online
          operator: automated
        """,
    )
    write(in_tmp, "trip.yaml", JOURNEY)
    result = run_cli("validate")
    assert result.status == 1
    # The journey naming them gets no "unknown touchpoint": the list is the one mistake.
    assert diagnostics(result.stdout) == [
        "touchpoints.yaml:2:1: CJM105 error: this file is a list of cjm documents; cjm reads "
        "one mapping per YAML document: write each as its own document starting with "
        "'cjm: 1', separated by '---'"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "name: CI\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n",
        "- name: a\n- name: b\n",
        "kind: Journey\nid: other-tool\n",  # cjm's kinds are lower-case words
    ],
)
def test_other_yaml_found_by_a_scan_is_still_skipped(in_tmp: Path, text: str) -> None:
    write(in_tmp, "ania.yaml", PERSONA)
    write(in_tmp, "other.yaml", text)
    result = run_cli("validate")
    assert (result.status, result.stdout) == (0, "1 file, 1 document checked: no problems\n")


# ---------------------------------------------------------------------------------------
# One mistake, one finding, at its place


@pytest.fixture
def galeria(in_tmp: Path) -> Path:
    shutil.copytree(EXAMPLES / "galeria", in_tmp / "galeria")
    return in_tmp / "galeria"


def _replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path``; return its 1-based line."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old) :], encoding="utf-8")
    return text.count("\n", 0, index) + 1


def test_a_typo_in_a_step_gives_one_finding_and_no_false_unused_touchpoint(
    galeria: Path,
) -> None:
    journey = galeria / "journeys" / "buy-and-have.yaml"
    line = _replace_once(journey, "        emotion: 1\n", "        emotoin: 1\n")
    expected = (
        f"galeria/journeys/buy-and-have.yaml:{line}:9: CJM102 error: unknown field 'emotoin' "
        "(did you mean 'emotion'?)"
    )
    validate = run_cli("validate", "galeria")
    assert diagnostics(validate.stdout) == [expected]
    lint = run_cli("lint", "galeria")
    assert [entry for entry in diagnostics(lint.stdout) if "CJM210" in entry] == []
    assert [entry for entry in diagnostics(lint.stdout) if " error: " in entry] == [expected]
    assert all(
        entry.startswith("galeria/journeys/buy-and-have") for entry in diagnostics(lint.stdout)
    )


def test_a_typo_in_a_touchpoint_file_gives_one_finding(galeria: Path) -> None:
    touchpoint = galeria / "touchpoints" / "messenger-chat.yaml"
    line = _replace_once(touchpoint, "operator:", "opertor:")
    validate = run_cli("validate", "galeria")
    assert diagnostics(validate.stdout) == [
        f"galeria/touchpoints/messenger-chat.yaml:{line}:1: CJM102 error: unknown field "
        "'opertor' (did you mean 'operator'?)"
    ]
    lint = run_cli("lint", "galeria", "--format", "json")
    paths = {entry["path"] for entry in json.loads(lint.stdout)["diagnostics"]}
    # No "unknown touchpoint" in the journeys; channel-mix rules do not guess its mode.
    assert not any(
        entry["code"] in ("CJM104", "CJM212", "CJM213")
        for entry in json.loads(lint.stdout)["diagnostics"]
    )
    assert "galeria/touchpoints/messenger-chat.yaml" in paths


def test_a_misspelled_required_field_is_one_finding_not_two(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA.replace("name: Ania", "nmae: Ania"))
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        "ania.yaml:4:1: CJM102 error: unknown field 'nmae' (did you mean 'name'?)"
    ]


def test_an_invalid_documents_own_references_are_still_checked(in_tmp: Path) -> None:
    _persona_and_touchpoints(in_tmp)
    write(
        in_tmp,
        "trip.yaml",
        JOURNEY.replace(
            "stages:\n",
            "goals:\n  - id: g\n    description: More\n    metric: visitz\n    due: someday\n"
            "stages:\n",
        ).replace("persona: ania", "persona: anya"),
    )
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        "trip.yaml:5:10: CJM104 error: unknown persona 'anya' (did you mean 'ania'?)",
        "trip.yaml:9:13: CJM104 error: unknown metric 'visitz' of this journey",
        "trip.yaml:10:10: CJM102 error: 'due' must be a date written YYYY-MM-DD; got 'someday'",
    ]


@pytest.mark.parametrize(
    ("own", "baseline"),
    [
        ("trip-ideal", "trip"),  # 0.57 alike: below the cutoff anyway
        ("trip-a", "trip-b"),  # 0.83 alike: proposed, were it not the journey itself
    ],
)
def test_did_you_mean_never_proposes_the_journey_itself(
    in_tmp: Path, own: str, baseline: str
) -> None:
    _persona_and_touchpoints(in_tmp)
    write(
        in_tmp,
        "trip.yaml",
        JOURNEY.replace("id: trip", f"id: {own}").replace(
            "persona: ania", f"persona: ania\nbaseline: {baseline}"
        ),
    )
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        f"trip.yaml:6:11: CJM104 error: unknown baseline journey '{baseline}'"
    ]


def test_a_journey_cannot_be_its_own_baseline(in_tmp: Path) -> None:
    _persona_and_touchpoints(in_tmp)
    write(in_tmp, "trip.yaml", JOURNEY.replace("persona: ania", "persona: ania\nbaseline: trip"))
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        "trip.yaml:6:11: CJM102 error: 'baseline' names this journey itself; a journey "
        "cannot be its own baseline journey"
    ]


def test_a_broken_baseline_journey_still_resolves(in_tmp: Path) -> None:
    _persona_and_touchpoints(in_tmp)
    write(in_tmp, "trip.yaml", JOURNEY.replace("emotion: 1", "emotion: 7"))
    write(
        in_tmp,
        "ideal.yaml",
        JOURNEY.replace("id: trip", "id: trip-ideal")
        .replace("persona: ania", "persona: ania\nstate: ideal\nbaseline: trip")
        .replace("emotion: 1", "emotion: 2\n        baseline_step: visit"),
    )
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        "trip.yaml:13:18: CJM102 error: 'emotion' must be at most 2; got 7"
    ]


def test_baseline_step_names_a_step_of_the_baseline_journey(in_tmp: Path) -> None:
    _persona_and_touchpoints(in_tmp)
    write(in_tmp, "trip.yaml", JOURNEY)
    ideal = (
        JOURNEY.replace("id: trip", "id: trip-ideal")
        .replace("persona: ania", "persona: ania\nstate: ideal\nbaseline: trip")
        .replace("emotion: 1", "emotion: 2\n        baseline_step: [visit, vistt]")
    )
    write(in_tmp, "ideal.yaml", ideal)
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        "ideal.yaml:16:32: CJM104 error: unknown baseline step 'vistt' (no such step in the "
        "baseline journey 'trip') (did you mean 'visit'?)"
    ]


def test_baseline_step_without_a_baseline_is_one_finding(in_tmp: Path) -> None:
    _persona_and_touchpoints(in_tmp)
    two_steps = JOURNEY.replace("emotion: 1", "emotion: 1\n        baseline_step: old-a") + (
        "      - id: leave\n        action: Leaves\n        touchpoint: kiosk\n"
        "        baseline_step: old-b\n"
    )
    write(in_tmp, "trip.yaml", two_steps)
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        "trip.yaml:14:24: CJM104 error: unknown baseline step 'old-a': this journey names no "
        "baseline journey (add `baseline: ID`)"
    ]


# At the boundaries (issue 19, item 6): each test below kills a mutant that lived.


@pytest.mark.parametrize("config", [False, True])
def test_cjm_true_is_not_version_1(in_tmp: Path, config: bool) -> None:
    """YAML's ``true`` equals Python's 1; the format version is the number 1 only."""
    if config:
        write(in_tmp, "cjm.yaml", "cjm: true\n")
        write(in_tmp, "ania.yaml", PERSONA)
    else:
        write(in_tmp, "ania.yaml", PERSONA.replace("cjm: 1", "cjm: true"))
    result = run_cli("validate")
    (only,) = diagnostics(result.stdout)
    where = "cjm.yaml" if config else "ania.yaml"
    assert only.startswith(f"{where}:1:6: CJM105 error: unsupported format version ")
    assert "'cjm: true'" in only  # as written in YAML, not Python's True
    assert result.status == 1


@pytest.mark.parametrize(
    ("known", "written", "hint"),
    [
        ("marta", "marek", " (did you mean 'marta'?)"),  # 0.6 alike: just close enough
        ("kasia", "kasper", ""),  # 0.55 alike: not close enough to propose
    ],
)
def test_did_you_mean_proposes_ids_at_least_six_tenths_alike(
    in_tmp: Path, known: str, written: str, hint: str
) -> None:
    _persona_and_touchpoints(in_tmp)
    write(in_tmp, f"{known}.yaml", PERSONA.replace("ania", known))
    write(in_tmp, "trip.yaml", JOURNEY.replace("persona: ania", f"persona: {written}"))
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        f"trip.yaml:5:10: CJM104 error: unknown persona '{written}'{hint}"
    ]


def test_did_you_mean_proposes_fields_at_least_six_tenths_alike(in_tmp: Path) -> None:
    """'sum' is 0.6 like 'summary'; 'nom' only 0.57 like the required 'name', so it is
    not taken for it and the missing name is a finding of its own."""
    write(in_tmp, "ania.yaml", PERSONA.replace("name: Ania", "nom: Ania"))
    write(in_tmp, "ola.yaml", PERSONA.replace("ania", "ola") + "sum: Office worker\n")
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        "ania.yaml:3:1: CJM102 error: missing required field 'name'",
        "ania.yaml:4:1: CJM102 error: unknown field 'nom'",
        "ola.yaml:5:1: CJM102 error: unknown field 'sum' (did you mean 'summary'?)",
    ]


def test_a_journey_its_own_baseline_does_not_check_baseline_steps_against_itself(
    in_tmp: Path,
) -> None:
    _persona_and_touchpoints(in_tmp)
    write(
        in_tmp,
        "trip.yaml",
        JOURNEY.replace("persona: ania", "persona: ania\nbaseline: trip").replace(
            "emotion: 1", "emotion: 1\n        baseline_step: visit-old"
        ),
    )
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        "trip.yaml:6:11: CJM102 error: 'baseline' names this journey itself; a journey "
        "cannot be its own baseline journey"
    ]


#: A misspelled ``id`` key: what the object defines cannot be read.
MISSPELLED_ID = "trip.yaml:{line}:{column}: CJM102 error: unknown field 'idd' (did you mean 'id'?)"


def test_an_unreadable_inline_touchpoint_silences_references_to_touchpoints(
    in_tmp: Path,
) -> None:
    _persona_and_touchpoints(in_tmp)
    inline = (
        "touchpoints:\n  - idd: stall\n    name: Stall\n    mode: offline\n    operator: human\n"
    )
    write(
        in_tmp,
        "trip.yaml",
        JOURNEY.replace("stages:\n", inline + "stages:\n").replace(
            "touchpoint: [kiosk, web]", "touchpoint: [kiosk, stall]"
        ),
    )
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [MISSPELLED_ID.format(line=7, column=5)]


def test_an_unreadable_metric_silences_the_goals_that_name_metrics(in_tmp: Path) -> None:
    _persona_and_touchpoints(in_tmp)
    write(
        in_tmp,
        "trip.yaml",
        JOURNEY.replace(
            "stages:\n", "goals:\n  - description: Faster\n    metric: wait\nstages:\n"
        ).replace(
            "    steps:\n", "    metrics:\n      - idd: wait\n        name: Wait\n    steps:\n"
        ),
    )
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [MISSPELLED_ID.format(line=13, column=9)]


def test_an_unreadable_baseline_step_silences_baseline_step_references(in_tmp: Path) -> None:
    _persona_and_touchpoints(in_tmp)
    write(in_tmp, "trip.yaml", JOURNEY.replace("      - id: visit\n", "      - idd: visit\n"))
    write(
        in_tmp,
        "ideal.yaml",
        JOURNEY.replace("id: trip", "id: trip-ideal")
        .replace("persona: ania", "persona: ania\nstate: ideal\nbaseline: trip")
        .replace("emotion: 1", "emotion: 2\n        baseline_step: visit"),
    )
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [MISSPELLED_ID.format(line=10, column=9)]


def test_a_field_one_level_off_says_where_it_belongs(in_tmp: Path) -> None:
    _persona_and_touchpoints(in_tmp)
    write(
        in_tmp,
        "trip.yaml",
        JOURNEY.replace("emotion: 1", "emotion: 1\n        metrics: []\n        severity: high"),
    )
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        "trip.yaml:14:9: CJM102 error: unknown field 'metrics': 'metrics' belongs to a stage, "
        "not a step",
        "trip.yaml:15:9: CJM102 error: unknown field 'severity': 'severity' belongs to a pain "
        "point, not a step",
    ]


def test_the_journey_id_index_is_reserved(in_tmp: Path) -> None:
    _persona_and_touchpoints(in_tmp)
    write(in_tmp, "trip.yaml", JOURNEY.replace("id: trip", "id: index"))
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        "trip.yaml:3:5: CJM102 error: 'id': journey id 'index' is reserved: `cjm render` "
        "writes the site's index.html, which this journey's page would overwrite"
    ]


@pytest.mark.parametrize(
    ("text", "line", "column", "hint"),
    [
        ("cjm: 1\nkind: persona\nid: a\nname: Ania: the shopper\n", 4, 11, "quote the value"),
        ("cjm: 1\nkind: persona\nid: a\nname: A\ngoals:\n\t- x\n", 6, 1, "not tabs"),
        (
            "cjm: 1\nkind: persona\nid: a\nname: A\ngoals:\n  - x\n  y: 2\n",
            7,
            3,
            "this list item is not indented like the ones above",
        ),
    ],
)
def test_yaml_errors_say_what_to_do(
    in_tmp: Path, text: str, line: int, column: int, hint: str
) -> None:
    write(in_tmp, "ania.yaml", text)
    result = run_cli("validate")
    (only,) = diagnostics(result.stdout)
    assert only.startswith(f"ania.yaml:{line}:{column}: CJM100 error: YAML syntax error: ")
    assert only.endswith(hint) or f": {hint}," in only


# ---------------------------------------------------------------------------------------
# cjm.yaml and symlinks


def test_a_typo_in_lint_settings_keeps_exclude(in_tmp: Path) -> None:
    write(
        in_tmp,
        "cjm.yaml",
        'cjm: 1\nexclude: ["drafts/**"]\nlint:\n  ignor: [CJM209]\n  select: [CJM201]\n',
    )
    write(in_tmp, "ania.yaml", PERSONA)
    write(in_tmp, "drafts/broken.yaml", "cjm: 1\nkind: persona\nid: broken\n")
    result = run_cli("lint")
    assert diagnostics(result.stdout) == [
        # lint.select still applies: only CJM201 runs, on the persona without goals
        "ania.yaml:3:1: CJM201 warning: persona 'ania' has no goals and no pains",
        "cjm.yaml:4:3: CJM102 error: unknown field 'ignor' (did you mean 'ignore'?)",
    ]


def test_a_config_without_cjm_1_still_applies_its_settings(in_tmp: Path) -> None:
    write(in_tmp, "cjm.yaml", 'exclude: ["drafts/**"]\n')
    write(in_tmp, "ania.yaml", PERSONA)
    write(in_tmp, "drafts/broken.yaml", "cjm: 1\nkind: persona\nid: broken\n")
    result = run_cli("validate")
    assert diagnostics(result.stdout) == [
        "cjm.yaml:1:1: CJM105 error: missing 'cjm: 1' in cjm.yaml (the settings below are "
        "read all the same)"
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_symlink_named_on_the_command_line_keeps_its_name_and_its_config(
    in_tmp: Path,
) -> None:
    write(in_tmp, "elsewhere/ania.yaml", PERSONA)  # no cjm.yaml here
    write(in_tmp, "maps/cjm.yaml", "cjm: 1\nlint:\n  ignore: [CJM201]\n")
    (in_tmp / "maps" / "link.yaml").symlink_to(in_tmp / "elsewhere" / "ania.yaml")
    result = run_cli("lint", "maps/link.yaml")
    assert (result.status, result.stdout) == (0, "1 file, 1 document checked: no problems\n")
    broken = run_cli("validate", "maps/link.yaml")
    assert broken.status == 0
    (in_tmp / "elsewhere" / "ania.yaml").write_text(PERSONA + "name: again\n", encoding="utf-8")
    result = run_cli("validate", "maps/link.yaml")
    assert diagnostics(result.stdout) == [
        "maps/link.yaml:5:1: CJM101 error: key 'name' appears twice in one mapping"
    ]


def test_render_of_one_file_says_which_broken_journeys_the_index_leaves_out(
    in_tmp: Path,
) -> None:
    write(in_tmp, "cjm.yaml", "cjm: 1\n")
    _persona_and_touchpoints(in_tmp)
    write(in_tmp, "journeys/trip.yaml", JOURNEY)
    write(
        in_tmp,
        "journeys/other.yaml",
        JOURNEY.replace("id: trip", "id: other").replace("emotion: 1", "emotion: 9"),
    )
    result = run_cli("render", "journeys/trip.yaml", "--out", "site")
    assert result.status == 0
    assert result.stdout == "wrote site/trip.html\nwrote site/index.html\n"
    assert result.stderr == (
        "cjm: warning: index.html leaves out journeys that do not validate: 'other' "
        "(journeys/other.yaml); run `cjm validate` on the workspace\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_on_the_command_line_is_refused_not_skipped(in_tmp: Path) -> None:
    os.mkfifo(in_tmp / "pipe.yaml")
    result = run_cli("validate", "pipe.yaml")
    assert (result.status, result.stdout) == (
        1,
        "pipe.yaml:1:1: CJM106 error: not a regular file\n"
        "1 file, 0 documents checked: 1 error, 0 warnings, 0 infos\n",
    )


def test_a_file_over_the_limit_is_refused_unread(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cjm import loader

    write(in_tmp, "big.yaml", PERSONA + "# " + "x" * 2000 + "\n")
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 1000)
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(
        loader.os, "open", lambda path, *args: opened.append(str(path)) or real_open(path, *args)
    )
    result = run_cli("validate", "big.yaml")
    assert result.stdout.splitlines()[0] == (
        "big.yaml:1:1: CJM106 error: file is 2,044 bytes; cjm reads files up to 1,000 bytes"
    )
    assert opened == []
