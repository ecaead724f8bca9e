"""``cjm lint`` through the command line, each case written from the documented format.

Findings are compared as exact ``(path, line, column, code)`` tuples. A whole-object
finding points at the object's ``id:`` key, so :func:`_at` finds that key in the file
as written and the tests need no hand-counted line numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cjm.rules import all_rules
from tests.conftest import DIAGNOSTIC_KEYS, EXAMPLES, run_cli, run_process, write

Finding = tuple[str, int, int, str]

PERSONA = """\
cjm: 1
kind: persona
id: ania
name: Ania
goals: [Get something back for purchases she makes anyway]
pains: [Discount codes that do not open]
"""

# Shared touchpoints: online and offline, human and automated, all used by JOURNEY.
TOUCHPOINTS = """\
cjm: 1
kind: touchpoint
id: metro-billboard
name: Metro billboard
mode: offline
operator: automated
---
cjm: 1
kind: touchpoint
id: tenant-store
name: Shoe shop in the mall
mode: offline
operator: human
---
cjm: 1
kind: touchpoint
id: buy-and-have-app
name: Buy and Have app
mode: online
operator: automated
"""

# Everything the rules ask for: goals with due and metric, an inline hybrid touchpoint,
# pre-purchase, purchase and post-purchase stages in order, each with steps and a
# metric with a target; every step with touchpoint, emotion and evidence; the stage
# with a pain point also has an opportunity; the emotion never falls by 2 unexplained.
JOURNEY = """\
cjm: 1
kind: journey
id: buy-and-have
title: Buy and Have — loyalty app
persona: ania
goals:
  - id: installs-up
    description: Reach 2,000 app installs a month
    metric: app-installs
    due: 2027-05-31
touchpoints:
  - id: messenger-chat
    name: Messenger chat
    mode: online
    operator: hybrid
stages:
  - id: sensitization
    name: Sensitization
    phase: pre-purchase
    steps:
      - id: sees-billboard
        action: Sees a billboard for the mall at the metro
        touchpoint: metro-billboard
        emotion: 1
        evidence: [Street intercept survey, 2024-09, n=120]
    metrics:
      - id: recall
        name: Programme recall (%)
        target: 20
  - id: shopping
    name: Shopping
    phase: purchase
    steps:
      - id: buys-shoes
        action: Buys new shoes after work
        touchpoint: tenant-store
        emotion: 2
        evidence: [Till data, 2024-10]
      - id: installs-app
        action: Installs the app and scans her receipt
        touchpoint: buy-and-have-app
        emotion: 2
        evidence: [App store console]
    metrics:
      - id: app-installs
        name: App installs per month
        value: 1200
        target: 2000
  - id: customer-service
    name: Customer service
    phase: post-purchase
    steps:
      - id: opens-code
        action: Tries to open a discount code at the till
        touchpoint: buy-and-have-app
        emotion: -1
        pain_points: [The code does not open]
        evidence: [Support tickets, 2024-11]
      - id: asks-chat
        action: Gets a new code on Messenger
        touchpoint: [messenger-chat, buy-and-have-app]
        emotion: 1
        opportunities: [Answer on Messenger within a minute]
        evidence: [Chat transcripts]
    metrics:
      - id: first-response
        name: First response on Messenger
        target: 60
        unit: seconds
        better: lower
"""

HEAD = """\
cjm: 1
kind: journey
id: j
title: T
persona: ania
"""


def _perfect(folder: Path) -> None:
    write(folder, "persona.yaml", PERSONA)
    write(folder, "touchpoints.yaml", TOUCHPOINTS)
    write(folder, "journey.yaml", JOURNEY)


def _at(path: Path, needle: str, occurrence: int = 1) -> tuple[str, int, int]:
    """``(path, line, column)`` of the ``occurrence``-th ``needle`` in the file."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return path.name, number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


def _finding(path: Path, needle: str, code: str, occurrence: int = 1) -> Finding:
    return (*_at(path, needle, occurrence), code)


def _lint(*args: str) -> tuple[int, list[Finding]]:
    """``cjm lint --format json ARGS`` in-process: exit status and findings."""
    result = run_cli("lint", "--format", "json", *args)
    assert result.status in (0, 1), result.stderr
    payload = json.loads(result.stdout)
    return result.status, [
        (item["path"], item["line"], item["column"], item["code"])
        for item in payload["diagnostics"]
    ]


def _journey(*lines_of_stages: str) -> str:
    return HEAD + "stages:\n" + "".join(lines_of_stages)


# ---------------------------------------------------------------------------------------
# A complete map and the bundled examples are clean.


def test_perfect_workspace_prints_nothing(in_tmp: Path) -> None:
    _perfect(in_tmp)
    result = run_cli("lint")
    assert (result.status, result.stdout) == (0, "3 files, 5 documents checked: no problems\n")
    strict = run_cli("lint", "--strict", "--quiet")
    assert (strict.status, strict.stdout) == (0, "")
    status, findings = _lint()
    assert (status, findings) == (0, [])


# ``first-draft`` is unfinished on purpose: the README shows its findings.
DRAFT = EXAMPLES / "first-draft"
FINISHED = sorted(
    path for path in EXAMPLES.iterdir() if (path / "cjm.yaml").is_file() and path != DRAFT
)


def test_finished_examples_lint_clean_together() -> None:
    result = run_cli("lint", "--strict", "--format", "json", *map(str, FINISHED))
    payload = json.loads(result.stdout)
    assert (result.status, payload["diagnostics"]) == (0, [])
    assert payload["summary"]["documents"] > 50


@pytest.mark.parametrize("workspace", FINISHED, ids=lambda path: path.name)
def test_finished_example_lints_clean(workspace: Path, in_tmp: Path) -> None:
    result = run_cli("lint", "--strict", str(workspace))
    assert result.status == 0, result.stdout
    assert result.stdout.endswith(" checked: no problems\n")
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.skipif(not DRAFT.is_dir(), reason="no unfinished example")
def test_all_examples_have_findings_only_in_the_draft() -> None:
    result = run_cli("lint", "--format", "json", str(EXAMPLES))
    payload = json.loads(result.stdout)
    assert result.status == 0  # warnings and infos only
    paths = {Path(item["path"]).resolve().parent for item in payload["diagnostics"]}
    assert paths == {DRAFT}
    assert {item["severity"] for item in payload["diagnostics"]} == {"warning", "info"}
    assert run_cli("lint", "--strict", "--quiet", str(EXAMPLES)).status == 1


# ---------------------------------------------------------------------------------------
# Exit statuses: warnings pass unless --strict, infos always pass, errors fail.


def test_warning_exits_zero_and_one_with_strict(in_tmp: Path) -> None:
    persona = write(in_tmp, "persona.yaml", PERSONA.replace("pains: [", "needs: ["))
    result = run_cli("lint")
    assert result.status == 0
    assert result.stdout.splitlines() == [
        "persona.yaml:3:1: CJM201 warning: persona 'ania' has no pains",
        "1 file, 1 document checked: 0 errors, 1 warning, 0 infos",
    ]
    assert _at(persona, "id: ania")[1:] == (3, 1)
    assert run_cli("lint", "--strict").status == 1


def test_info_exits_zero_even_with_strict(in_tmp: Path) -> None:
    _perfect(in_tmp)
    journey = write(
        in_tmp, "journey.yaml", JOURNEY.replace("        evidence: [Till data, 2024-10]\n", "")
    )
    status, findings = _lint("--strict")
    assert (status, findings) == (0, [_finding(journey, "id: buys-shoes", "CJM209")])
    result = run_cli("lint", "--strict")
    assert result.status == 0
    _, line, column = _at(journey, "id: buys-shoes")
    assert result.stdout.splitlines()[0].startswith(f"journey.yaml:{line}:{column}: CJM209 info: ")


def test_validation_error_exits_one(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", "cjm: 1\nkind: persona\nid: ania\n")
    status, findings = _lint()
    assert (status, findings) == (1, [("persona.yaml", 3, 1, "CJM102")])


def test_exit_statuses_as_a_process(tmp_path: Path) -> None:
    write(tmp_path, "persona.yaml", PERSONA.replace("pains: [", "needs: ["))
    warned = run_process("lint", cwd=tmp_path)
    strict = run_process("lint", "--strict", cwd=tmp_path)
    usage = run_process("lint", "--select", "CJM999", cwd=tmp_path)
    assert (warned.status, strict.status, usage.status) == (0, 1, 2)
    assert "Traceback" not in usage.stderr
    assert "CJM999" in usage.stderr
    write(tmp_path, "persona.yaml", "cjm: 1\nkind: persona\nid: ania\n")
    failed = run_process("lint", cwd=tmp_path)
    assert failed.status == 1
    assert failed.stdout.startswith("persona.yaml:3:1: CJM102 error: ")


# ---------------------------------------------------------------------------------------
# validate reports CJM1xx only; lint reports both.


def test_validate_never_reports_lint_rules(in_tmp: Path) -> None:
    write(in_tmp, "ania.yaml", PERSONA.replace("pains: [", "needs: ["))
    write(in_tmp, "broken.yaml", "cjm: 1\nkind: persona\nid: broken\n")
    validated = run_cli("validate", "--format", "json")
    codes = [
        (d["path"], d["line"], d["column"], d["code"])
        for d in json.loads(validated.stdout)["diagnostics"]
    ]
    assert (validated.status, codes) == (1, [("broken.yaml", 3, 1, "CJM102")])
    status, findings = _lint()
    assert (status, findings) == (
        1,
        [("ania.yaml", 3, 1, "CJM201"), ("broken.yaml", 3, 1, "CJM102")],
    )


# ---------------------------------------------------------------------------------------
# Configuration in cjm.yaml and on the command line.


def _with_findings(folder: Path) -> Path:
    """The perfect workspace with three findings: CJM201, CJM206 and CJM209."""
    _perfect(folder)
    write(folder, "persona.yaml", PERSONA.replace("pains: [", "needs: ["))
    journey = JOURNEY.replace(
        "    metrics:\n      - id: recall\n        name: Programme recall (%)\n"
        "        target: 20\n",
        "",
    ).replace("        evidence: [Till data, 2024-10]\n", "")
    return write(folder, "journey.yaml", journey)


def _expected(journey: Path, *codes: str) -> list[Finding]:
    every = {
        "CJM201": ("persona.yaml", 3, 1, "CJM201"),
        "CJM206": _finding(journey, "id: sensitization", "CJM206"),
        "CJM209": _finding(journey, "id: buys-shoes", "CJM209"),
    }
    return sorted((every[code] for code in codes), key=lambda item: item[:3])


def test_all_three_findings_by_default(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp)
    assert _lint() == (0, _expected(journey, "CJM201", "CJM206", "CJM209"))


def test_config_ignore(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp)
    write(in_tmp, "cjm.yaml", "cjm: 1\nlint:\n  ignore: [CJM201, CJM209]\n")
    assert _lint() == (0, _expected(journey, "CJM206"))


def test_config_select(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp)
    write(in_tmp, "cjm.yaml", "cjm: 1\nlint:\n  select: [CJM209]\n")
    assert _lint() == (0, _expected(journey, "CJM209"))


def _text(stdout: str) -> list[str]:
    """Text output without the summary line, each diagnostic cut after its severity."""
    return [line.split(": ")[0] + ": " + line.split(": ")[1] for line in stdout.splitlines()[:-1]]


def _as_text(findings: list[Finding], severities: dict[str, str]) -> list[str]:
    return [
        f"{path}:{line}:{column}: {code} {severities[code]}"
        for path, line, column, code in findings
    ]


def test_config_severity_error_fails(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp)
    write(in_tmp, "cjm.yaml", "cjm: 1\nlint:\n  severity: {CJM206: error}\n")
    result = run_cli("lint")
    assert result.status == 1
    assert _text(result.stdout) == _as_text(
        _expected(journey, "CJM201", "CJM206", "CJM209"),
        {"CJM201": "warning", "CJM206": "error", "CJM209": "info"},
    )
    assert result.stdout.endswith(": 1 error, 1 warning, 1 info\n")


def test_config_severity_info_passes_strict(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp)
    write(in_tmp, "cjm.yaml", "cjm: 1\nlint:\n  severity: {CJM201: info, CJM206: info}\n")
    result = run_cli("lint", "--strict")
    assert result.status == 0
    assert _text(result.stdout) == _as_text(
        _expected(journey, "CJM201", "CJM206", "CJM209"),
        {"CJM201": "info", "CJM206": "info", "CJM209": "info"},
    )


def test_config_severity_warning_fails_strict(in_tmp: Path) -> None:
    _perfect(in_tmp)
    journey = write(
        in_tmp, "journey.yaml", JOURNEY.replace("        evidence: [Till data, 2024-10]\n", "")
    )
    write(in_tmp, "cjm.yaml", "cjm: 1\nlint:\n  severity: {CJM209: warning}\n")
    assert run_cli("lint").status == 0
    result = run_cli("lint", "--strict")
    assert result.status == 1
    assert _text(result.stdout) == _as_text(
        [_finding(journey, "id: buys-shoes", "CJM209")], {"CJM209": "warning"}
    )


@pytest.mark.parametrize(
    ("option", "values", "kept"),
    [
        ("--select", ["CJM206"], ["CJM206"]),
        ("--select", ["stage-without-metric"], ["CJM206"]),
        ("--select", ["CJM201,step-without-evidence"], ["CJM201", "CJM209"]),
        ("--select", ["CJM201", "CJM206"], ["CJM201", "CJM206"]),
        ("--ignore", ["CJM206"], ["CJM201", "CJM209"]),
        ("--ignore", ["persona-without-goals-or-pains"], ["CJM206", "CJM209"]),
        ("--ignore", ["CJM201, CJM206"], ["CJM209"]),
    ],
)
def test_command_line_select_and_ignore(
    option: str, values: list[str], kept: list[str], in_tmp: Path
) -> None:
    journey = _with_findings(in_tmp)
    arguments = [part for value in values for part in (option, value)]
    assert _lint(*arguments) == (0, _expected(journey, *kept))


def test_command_line_ignore_adds_to_config(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp)
    write(in_tmp, "cjm.yaml", "cjm: 1\nlint:\n  ignore: [CJM201]\n")
    assert _lint("--ignore", "CJM209") == (0, _expected(journey, "CJM206"))


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("value", ["NOPE", "CJM299", "CJM201,no-such-rule"])
def test_unknown_rule_on_command_line_is_a_usage_error(
    option: str, value: str, in_tmp: Path
) -> None:
    _with_findings(in_tmp)
    result = run_cli("lint", option, value)
    assert result.status == 2
    assert result.stdout == ""
    assert "unknown rule" in result.stderr


def test_unknown_code_in_config_is_reported_at_the_item(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp)
    config = write(in_tmp, "cjm.yaml", "cjm: 1\nlint:\n  ignore:\n    - CJM209\n    - CJM299\n")
    status, findings = _lint()
    assert status == 1
    assert findings == [
        _finding(config, "CJM299", "CJM102"),
        *_expected(journey, "CJM206"),
        ("persona.yaml", 3, 1, "CJM201"),
    ]
    assert _at(config, "CJM299")[1:] == (5, 7)


def test_unknown_codes_in_config_select_and_severity(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp)
    config = write(
        in_tmp,
        "cjm.yaml",
        "cjm: 1\nlint:\n  select: [CJM206, nope]\n  severity: {CJM299: error, CJM206: info}\n",
    )
    status, findings = _lint()
    assert status == 1
    assert findings == [
        _finding(config, "nope", "CJM102"),
        _finding(config, "CJM299", "CJM102"),
        *_expected(journey, "CJM206"),
    ]
    assert "CJM206 info: " in run_cli("lint").stdout


def test_command_line_select_replaces_config_select(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp)
    write(in_tmp, "cjm.yaml", "cjm: 1\nlint:\n  select: [CJM201]\n")
    assert _lint() == (0, _expected(journey, "CJM201"))
    assert _lint("--select", "CJM209") == (0, _expected(journey, "CJM209"))


def test_validation_code_on_command_line_is_a_usage_error(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", "cjm: 1\nkind: persona\nid: ania\n")
    result = run_cli("lint", "--ignore", "CJM102")
    assert result.status == 2
    assert "CJM102" in result.stderr


def test_validation_code_in_config_cannot_silence(in_tmp: Path) -> None:
    _perfect(in_tmp)
    config = write(in_tmp, "cjm.yaml", "cjm: 1\nlint:\n  ignore: [CJM102, CJM209]\n")
    write(in_tmp, "broken.yaml", "cjm: 1\nkind: persona\nid: broken\n")
    status, findings = _lint()
    assert status == 1
    assert findings == [
        ("broken.yaml", 3, 1, "CJM102"),
        _finding(config, "CJM102", "CJM102"),
    ]
    assert _at(config, "CJM102")[1:] == (3, 12)


@pytest.mark.parametrize(
    ("lint", "item"),
    [
        ("{select: [CJM104]}", "CJM104"),
        ("{severity: {CJM104: info}}", "CJM104"),
        ("{ignore: [cjm104]}", "cjm104"),
    ],
)
def test_validation_code_anywhere_in_config_is_reported(lint: str, item: str, in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    config = write(in_tmp, "cjm.yaml", f"cjm: 1\nlint: {lint}\n")
    journey = write(in_tmp, "j.yaml", _journey(_stage("s", _step("x", 1) + _uses("nowhere"))))
    status, findings = _lint("--select", "CJM209")
    assert status == 1
    assert findings == [
        _finding(config, item, "CJM102"),
        _finding(journey, "id: x", "CJM209"),
        _finding(journey, "nowhere", "CJM104"),
    ]
    assert run_cli("lint").stdout.count(" CJM104 error: ") == 1


# ---------------------------------------------------------------------------------------
# Inline suppressions.


def _one_step(step_lines: str) -> str:
    return _journey(
        "  - id: shopping\n",
        "    name: Shopping\n",
        "    steps:\n",
        step_lines,
    )


def test_suppression_on_the_finding_line(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    write(
        in_tmp,
        "j.yaml",
        _one_step("      - id: buys-shoes  # cjm: ignore[CJM209]\n        action: Buys shoes\n"),
    )
    assert _lint("--select", "CJM209") == (0, [])


def test_suppression_on_the_line_above(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    write(
        in_tmp,
        "j.yaml",
        _one_step(
            "      # cjm: ignore[CJM209]\n      - id: buys-shoes\n        action: Buys shoes\n"
        ),
    )
    assert _lint("--select", "CJM209") == (0, [])


@pytest.mark.parametrize("codes", ["CJM204, CJM209", "CJM209,CJM204", "cjm204,cjm209"])
def test_suppression_of_two_codes(codes: str, in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    unsuppressed = write(
        in_tmp, "j.yaml", _one_step("      - id: buys-shoes\n        action: Buys shoes\n")
    )
    assert _lint("--select", "CJM204,CJM209") == (
        0,
        [
            _finding(unsuppressed, "id: buys-shoes", "CJM204"),
            _finding(unsuppressed, "id: buys-shoes", "CJM209"),
        ],
    )
    write(
        in_tmp,
        "j.yaml",
        _one_step(f"      - id: buys-shoes  # cjm: ignore[{codes}]\n        action: Buys shoes\n"),
    )
    assert _lint("--select", "CJM204,CJM209") == (0, [])


def test_suppression_of_another_code_keeps_the_finding(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    journey = write(
        in_tmp,
        "j.yaml",
        _one_step("      - id: buys-shoes  # cjm: ignore[CJM204]\n        action: Buys shoes\n"),
    )
    assert _lint("--select", "CJM204,CJM209") == (
        0,
        [_finding(journey, "id: buys-shoes", "CJM209")],
    )


def test_suppression_two_lines_above_does_not_apply(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    journey = write(
        in_tmp,
        "j.yaml",
        _one_step(
            "      # cjm: ignore[CJM209]\n"
            "      # the shoe shop step\n"
            "      - id: buys-shoes\n"
            "        action: Buys shoes\n"
        ),
    )
    assert _lint("--select", "CJM209") == (0, [_finding(journey, "id: buys-shoes", "CJM209")])


def test_suppression_of_a_document_finding(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA.replace("id: ania", "id: ania  # cjm: ignore[CJM201]"))
    write(in_tmp, "other.yaml", PERSONA.replace("ania", "marta").replace("pains: [", "needs: ["))
    assert _lint() == (0, [("other.yaml", 3, 1, "CJM201")])


def test_suppression_text_inside_a_string_is_not_a_comment(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    journey = write(
        in_tmp,
        "j.yaml",
        _one_step('      - action: "Reads the docs on # cjm: ignore[CJM209] comments"\n'),
    )
    assert _lint("--select", "CJM209") == (0, [_finding(journey, "action: ", "CJM209")])


def test_step_without_id_is_reported_at_its_first_key(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    journey = write(
        in_tmp,
        "j.yaml",
        _one_step(
            "      - action: Buys shoes\n"
            "        emotion: 2\n"
            "      - feeling: Happy\n"
            "        id: pays\n"
            "        action: Pays\n"
        ),
    )
    assert _lint("--select", "CJM209") == (
        0,
        [
            _finding(journey, "action: Buys shoes", "CJM209"),
            _finding(journey, "id: pays", "CJM209"),
        ],
    )
    assert _at(journey, "action: Buys shoes")[1:] == (10, 9)


def test_suppression_cannot_silence_a_validation_error(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", "cjm: 1\nkind: persona\nid: ania  # cjm: ignore[CJM102]\n")
    assert _lint() == (1, [("persona.yaml", 3, 1, "CJM102")])


# ---------------------------------------------------------------------------------------
# CJM214: consecutive steps in journey order, across stage boundaries.


def _step(step_id: str, emotion: int | None, *, pain: str = "") -> str:
    lines = f"      - id: {step_id}\n        action: Does {step_id}\n"
    if emotion is not None:
        lines += f"        emotion: {emotion}\n"
    if pain:
        lines += f"        pain_points: [{pain}]\n"
    return lines


def _stage(stage_id: str, *steps: str, phase: str = "") -> str:
    lines = f"  - id: {stage_id}\n    name: {stage_id.title()}\n"
    if phase:
        lines += f"    phase: {phase}\n"
    if steps:
        lines += "    steps:\n" + "".join(steps)
    return lines


def test_emotion_drop_across_stages_fires_at_the_later_step(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    journey = write(
        in_tmp,
        "j.yaml",
        _journey(
            _stage("registration", _step("installs-app", 1), _step("scans-receipt", 2)),
            _stage("service", _step("opens-code", 0), _step("asks-chat", 1)),
        ),
    )
    assert _lint("--select", "CJM214") == (0, [_finding(journey, "id: opens-code", "CJM214")])


def test_emotion_drop_explained_by_a_pain_point(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    write(
        in_tmp,
        "j.yaml",
        _journey(
            _stage("registration", _step("scans-receipt", 2)),
            _stage("service", _step("opens-code", -2, pain="The code does not open")),
        ),
    )
    assert _lint("--select", "CJM214") == (0, [])


def test_step_without_emotion_breaks_the_chain(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    journey = write(
        in_tmp,
        "j.yaml",
        _journey(
            _stage("registration", _step("scans-receipt", 2), _step("reads-terms", None)),
            _stage("service", _step("opens-code", -2)),
        ),
    )
    assert _lint("--select", "CJM214,CJM204") == (
        0,
        [_finding(journey, "id: reads-terms", "CJM204")],
    )


def test_emotion_drop_across_an_empty_stage(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    journey = write(
        in_tmp,
        "j.yaml",
        _journey(
            _stage("registration", _step("scans-receipt", 2)),
            _stage("waiting"),
            _stage("service", _step("opens-code", 0)),
        ),
    )
    assert _lint("--select", "CJM214") == (0, [_finding(journey, "id: opens-code", "CJM214")])


@pytest.mark.parametrize(
    ("before", "after", "fires"),
    [(2, 0, True), (1, -2, True), (2, 1, False), (-2, 2, False), (0, -1, False)],
)
def test_emotion_drop_threshold(before: int, after: int, fires: bool, in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    journey = write(
        in_tmp,
        "j.yaml",
        _journey(_stage("shopping", _step("first", before), _step("second", after))),
    )
    expected = [_finding(journey, "id: second", "CJM214")] if fires else []
    assert _lint("--select", "CJM214") == (0, expected)


def test_emotion_is_not_compared_across_journeys(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    first = _journey(_stage("shopping", _step("happy", 2)))
    second = _journey(_stage("service", _step("unhappy", -2))).replace("id: j\n", "id: k\n")
    write(in_tmp, "j.yaml", first + "---\n" + second)
    assert _lint("--select", "CJM214") == (0, [])


# ---------------------------------------------------------------------------------------
# CJM210: unused touchpoints, shared and inline.

SHOP = "cjm: 1\nkind: touchpoint\nid: shop\nname: Shop\nmode: offline\noperator: human\n"
APP = "cjm: 1\nkind: touchpoint\nid: app\nname: App\nmode: online\noperator: automated\n"


def _uses(touchpoint: str) -> str:
    return f"        touchpoint: {touchpoint}\n"


def test_shared_touchpoint_used_by_any_journey_is_used(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    touchpoints = write(in_tmp, "touchpoints.yaml", SHOP + "---\n" + APP)
    uses_shop = _journey(_stage("shopping", _step("buys", 1) + _uses("shop")))
    uses_nothing = _journey(_stage("shopping", _step("buys", 1))).replace("id: j\n", "id: k\n")
    write(in_tmp, "j.yaml", uses_shop)
    write(in_tmp, "k.yaml", uses_nothing)
    assert _lint("--select", "CJM210") == (0, [_finding(touchpoints, "id: app", "CJM210")])
    assert _at(touchpoints, "id: app")[1:] == (10, 1)


def test_inline_touchpoint_used_only_by_another_journey(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    inline = "touchpoints:\n  - id: chat\n    name: Chat\n    mode: online\n    operator: hybrid\n"
    owner = write(
        in_tmp,
        "a.yaml",
        HEAD.replace("id: j", "id: a") + inline + "stages:\n" + _stage("s", _step("x", 1)),
    )
    other = write(
        in_tmp,
        "b.yaml",
        HEAD.replace("id: j", "id: b") + "stages:\n" + _stage("s", _step("y", 1) + _uses("chat")),
    )
    status, findings = _lint("--select", "CJM210")
    assert status == 1
    assert findings == [
        _finding(owner, "id: chat", "CJM210"),
        _finding(other, "chat", "CJM104"),
    ]
    assert _at(owner, "id: chat")[1:] == (7, 5)


def test_inline_touchpoint_used_by_its_journey(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    inline = "touchpoints:\n  - id: chat\n    name: Chat\n    mode: online\n    operator: hybrid\n"
    write(
        in_tmp, "a.yaml", HEAD + inline + "stages:\n" + _stage("s", _step("x", 1) + _uses("chat"))
    )
    assert _lint("--select", "CJM210") == (0, [])


# ---------------------------------------------------------------------------------------
# CJM212 / CJM213: only the touchpoints the journey's steps use count.


def test_unused_offline_touchpoint_does_not_stop_single_mode(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    touchpoints = write(in_tmp, "touchpoints.yaml", SHOP + "---\n" + APP)
    journey = write(in_tmp, "j.yaml", _journey(_stage("s", _step("x", 1) + _uses("app"))))
    assert _lint("--select", "CJM212,CJM210") == (
        0,
        [_finding(journey, "id: j", "CJM212"), _finding(touchpoints, "id: shop", "CJM210")],
    )
    assert _at(journey, "id: j")[1:] == (3, 1)


def test_offline_only_journey_is_single_mode(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    write(in_tmp, "touchpoints.yaml", SHOP)
    journey = write(in_tmp, "j.yaml", _journey(_stage("s", _step("x", 1) + _uses("shop"))))
    assert _lint("--select", "CJM212") == (0, [_finding(journey, "id: j", "CJM212")])


def test_inline_touchpoint_counts_for_modes(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    write(in_tmp, "touchpoints.yaml", APP)
    inline = (
        "touchpoints:\n  - id: kiosk\n    name: Kiosk\n    mode: offline\n    operator: automated\n"
    )
    write(
        in_tmp,
        "j.yaml",
        HEAD + inline + "stages:\n" + _stage("s", _step("x", 1) + _uses("[app, kiosk]")),
    )
    assert _lint("--select", "CJM212") == (0, [])


def test_unused_human_touchpoint_does_not_count_as_contact(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    write(in_tmp, "touchpoints.yaml", SHOP + "---\n" + APP)
    journey = write(in_tmp, "j.yaml", _journey(_stage("s", _step("x", 1) + _uses("app"))))
    assert _lint("--select", "CJM213") == (0, [_finding(journey, "id: j", "CJM213")])


@pytest.mark.parametrize("operator", ["human", "hybrid"])
def test_human_or_hybrid_touchpoint_used_is_contact(operator: str, in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    chat = APP.replace("id: app", "id: chat").replace("automated", operator)
    write(in_tmp, "touchpoints.yaml", APP + "---\n" + chat)
    write(
        in_tmp,
        "j.yaml",
        _journey(_stage("s", _step("x", 1) + _uses("app"), _step("y", 1) + _uses("chat"))),
    )
    assert _lint("--select", "CJM213") == (0, [])


# ---------------------------------------------------------------------------------------
# CJM211 / CJM215: phases.


def test_post_purchase_before_purchase_fires_at_the_later_stage(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    journey = write(
        in_tmp,
        "j.yaml",
        _journey(
            _stage("awareness", _step("a", 1), phase="pre-purchase"),
            _stage("loyalty", _step("b", 1), phase="post-purchase"),
            _stage("notes", _step("c", 1)),
            _stage("purchase", _step("d", 1), phase="purchase"),
        ),
    )
    assert _lint("--select", "CJM215") == (0, [_finding(journey, "id: purchase", "CJM215")])


def test_phases_in_order_with_unphased_stages(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    write(
        in_tmp,
        "j.yaml",
        _journey(
            _stage("awareness", _step("a", 1), phase="pre-purchase"),
            _stage("notes", _step("b", 1)),
            _stage("interest", _step("c", 1), phase="pre-purchase"),
            _stage("purchase", _step("d", 1), phase="purchase"),
            _stage("loyalty", _step("e", 1), phase="post-purchase"),
        ),
    )
    assert _lint("--select", "CJM215,CJM211") == (0, [])


def test_no_post_purchase_stage_fires_at_the_journey(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    journey = write(
        in_tmp,
        "j.yaml",
        _journey(
            _stage("awareness", _step("a", 1), phase="pre-purchase"),
            _stage("purchase", _step("b", 1), phase="purchase"),
        ),
    )
    assert _lint("--select", "CJM211") == (0, [_finding(journey, "id: j", "CJM211")])


# ---------------------------------------------------------------------------------------
# Output formats.


def test_json_rule_is_the_short_name(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    journey = write(
        in_tmp,
        "j.yaml",
        _journey(_stage("service", _step("opens-code", -1, pain="The code does not open"))),
    )
    result = run_cli("lint", "--format", "json", "--select", "CJM205")
    payload = json.loads(result.stdout)
    (diagnostic,) = payload["diagnostics"]
    assert set(diagnostic) == DIAGNOSTIC_KEYS
    path, line, column = _at(journey, "id: service")
    assert diagnostic["path"] == path
    assert (diagnostic["line"], diagnostic["column"]) == (line, column)
    assert (diagnostic["code"], diagnostic["severity"], diagnostic["rule"]) == (
        "CJM205",
        "warning",
        "pain-without-opportunity",
    )
    assert payload["summary"] == {
        "files": 2,
        "documents": 2,
        "errors": 0,
        "warnings": 1,
        "infos": 0,
    }


def test_json_rule_names_for_every_finding(in_tmp: Path) -> None:
    _with_findings(in_tmp)
    payload = json.loads(run_cli("lint", "--format", "json").stdout)
    rules = [(item["code"], item["rule"]) for item in payload["diagnostics"]]
    assert rules == [
        ("CJM206", "stage-without-metric"),
        ("CJM209", "step-without-evidence"),
        ("CJM201", "persona-without-goals-or-pains"),
    ]


# Every validation code, then every rule the registry finds: a new rule module needs no
# edit here (issue 20: counts and lists derived from the registries).
FORMAT_CODES = [
    *(f"CJM10{number}" for number in range(7)),
    *(item.code for item in all_rules()),
]


def test_sarif_lists_every_code_and_levels(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp)
    result = run_cli("lint", "--format", "sarif")
    assert result.status == 0
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert sorted(rule["id"] for rule in rules) == FORMAT_CODES
    for rule in rules:
        assert rule["shortDescription"]["text"], rule["id"]
        assert rule["help"]["text"], rule["id"]
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["CJM205"]["name"] == "pain-without-opportunity"
    assert "A pain point nobody plans to fix" in by_id["CJM205"]["help"]["text"]
    assert by_id["CJM209"]["defaultConfiguration"] == {"level": "note"}
    results = [
        (
            item["ruleId"],
            item["level"],
            item["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            item["locations"][0]["physicalLocation"]["region"]["startLine"],
            item["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for item in run["results"]
    ]
    expected = _expected(journey, "CJM201", "CJM206", "CJM209")
    levels = {"CJM201": "warning", "CJM206": "warning", "CJM209": "note"}
    assert results == [
        (code, levels[code], path, line, column) for path, line, column, code in expected
    ]
    for item in run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]


def test_github_workflow_commands(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp)
    result = run_cli("lint", "--format", "github")
    assert result.status == 0
    lines = result.stdout.splitlines()
    (_, metric_line, metric_column, _), (_, evidence_line, evidence_column, _) = _expected(
        journey, "CJM206", "CJM209"
    )
    assert len(lines) == 3
    assert lines[0].startswith(
        f"::warning file=journey.yaml,line={metric_line},col={metric_column},title=CJM206::"
    )
    assert lines[1].startswith(
        f"::notice file=journey.yaml,line={evidence_line},col={evidence_column},title=CJM209::"
    )
    assert lines[2] == "::warning file=persona.yaml,line=3,col=1,title=CJM201::" + (
        "persona 'ania' has no pains"
    )


def test_flow_style_objects_are_reported_at_their_id_key(in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    journey = write(
        in_tmp,
        "j.yaml",
        HEAD + "stages:\n  - {id: s, name: S, steps: [{action: A, emotion: 2}, "
        "{id: b, action: B, emotion: 0}]}\n",
    )
    assert _lint("--select", "CJM206,CJM209,CJM214") == (
        0,
        [
            _finding(journey, "id: s", "CJM206"),
            _finding(journey, "action: A", "CJM209"),
            _finding(journey, "id: b", "CJM209"),
            _finding(journey, "id: b", "CJM214"),
        ],
    )
    assert [item[2] for item in _lint("--select", "CJM206,CJM209")[1]] == [6, 31, 56]


def test_paths_are_relative_to_the_current_folder(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp / "maps")
    result = run_cli("lint", "--quiet", "maps")
    assert result.status == 0
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == [
        f"maps/{path}:{line}:{column}"
        for path, line, column, _ in _expected(journey, "CJM201", "CJM206", "CJM209")
    ]


# ---------------------------------------------------------------------------------------
# Naming one file of a workspace: the rest is read, only that file is reported.


def test_only_named_file_is_reported(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp)
    write(in_tmp, "cjm.yaml", "cjm: 1\nname: Galeria\n")
    write(in_tmp, "touchpoints.yaml", TOUCHPOINTS + "---\n" + SHOP)  # 'shop' is unused
    status, findings = _lint("journey.yaml")
    assert (status, findings) == (0, _expected(journey, "CJM206", "CJM209"))
    status, findings = _lint("persona.yaml")
    assert (status, findings) == (0, _expected(journey, "CJM201"))
    status, findings = _lint("touchpoints.yaml")
    assert (status, findings) == (0, [_finding(in_tmp / "touchpoints.yaml", "id: shop", "CJM210")])


def test_config_is_found_above_a_named_file(in_tmp: Path) -> None:
    journey = _with_findings(in_tmp / "maps")
    write(in_tmp, "cjm.yaml", "cjm: 1\nlint:\n  ignore: [CJM209]\n")
    status, findings = _lint("maps/journey.yaml")
    (_, line, column, code) = _expected(journey, "CJM206")[0]
    assert (status, findings) == (0, [("maps/journey.yaml", line, column, code)])
