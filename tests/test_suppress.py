"""Inline suppressions through ``cjm lint``, as the README words them.

"A comment ``# cjm: ignore[CJM209]`` (codes comma-separated) at the end of the finding's
line, or alone on the line above it, silences those codes there." Only a real YAML
comment counts: text inside a block scalar or a multi-line string is text. A comment
takes what ``--ignore`` takes (codes, rule names, code prefixes), and a word in it that
names no rule is reported as CJM218 (issue 20 item 1).

Each journey below is written out in full so the line numbers in the assertions can be
read off the text: step ``a``'s ``id:`` is on line 10 and step ``b``'s on line 13 unless
the test says otherwise; a step's finding is reported at its ``id:`` key, column 9.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm.lint import LintSettings, lint_workspace
from cjm.suppress import IgnoreComment, ignore_comments
from cjm.workspace import load_workspace
from tests.conftest import run_cli, write

PERSONA = """\
cjm: 1
kind: persona
id: ania
name: Ania
goals: [Save on purchases]
pains: [Codes that do not open]
"""

HEAD = """\
cjm: 1
kind: journey
id: buy
title: Buy
persona: ania
stages:
  - id: shopping
    name: Shopping
    steps:
"""

A_209 = ("j.yaml", 10, 9, "CJM209")
B_209 = ("j.yaml", 13, 9, "CJM209")
A_204 = ("j.yaml", 10, 9, "CJM204")
B_204 = ("j.yaml", 13, 9, "CJM204")


def _lint(steps: str, *select: str) -> tuple[int, list[tuple[str, int, int, str]]]:
    """Write persona + journey (HEAD then ``steps``) and lint: (status, findings)."""
    write(Path.cwd(), "persona.yaml", PERSONA)
    (Path.cwd() / "j.yaml").write_text(HEAD + steps, encoding="utf-8", newline="")
    result = run_cli("lint", "--quiet", "--select", ",".join(select or ("CJM209",)))
    findings = []
    for line in result.stdout.splitlines():
        place, code = line.split(": ", 1)[0], line.split(": ", 2)[1].split(" ")[0]
        path, line_number, column = place.rsplit(":", 2)
        findings.append((path, int(line_number), int(column), code))
    assert result.stderr == ""
    return result.status, findings


PLAIN_STEPS = """\
      - id: a
        action: Buys
        evidence: []
      - id: b
        action: Pays
"""


def test_without_comments_both_steps_are_reported(in_tmp: Path) -> None:
    assert _lint(PLAIN_STEPS) == (0, [A_209, B_209])


def test_trailing_comment_silences_its_own_line_only(in_tmp: Path) -> None:
    steps = PLAIN_STEPS.replace("- id: a\n", "- id: a  # cjm: ignore[CJM209]\n")
    assert _lint(steps) == (0, [B_209])


def test_comment_alone_on_the_line_above_silences_the_next_line(in_tmp: Path) -> None:
    steps = """\
      - id: a
        action: Buys
      # cjm: ignore[CJM209]
      - id: b
        action: Pays
"""
    assert _lint(steps) == (0, [A_209])


def test_comment_after_content_on_the_line_above_does_not_reach_down(in_tmp: Path) -> None:
    # Issue 9: this comment silenced step b, and step a was still reported.
    steps = PLAIN_STEPS.replace("evidence: []\n", "evidence: []  # cjm: ignore[CJM209]\n")
    assert _lint(steps) == (0, [A_209, B_209])


def test_comment_alone_two_lines_above_does_not_apply(in_tmp: Path) -> None:
    steps = """\
      - id: a
      # cjm: ignore[CJM209]
        action: Buys
      - id: b
        action: Pays
"""
    assert _lint(steps) == (0, [A_209, B_209])


def test_comment_like_line_in_a_block_scalar_is_text(in_tmp: Path) -> None:
    steps = """\
      - id: a
        action: |
          Buys
          # cjm: ignore[CJM209]
      - id: b
        action: Pays
"""
    assert _lint(steps) == (0, [A_209, ("j.yaml", 14, 9, "CJM209")])


def test_comment_like_line_in_a_folded_scalar_is_text(in_tmp: Path) -> None:
    steps = """\
      - id: a
        action: >-
          # cjm: ignore[CJM209]
      - id: b  # cjm: ignore[CJM204]
        action: Pays
"""
    assert _lint(steps, "CJM204", "CJM209") == (0, [A_204, A_209, B_209])


def test_a_block_scalar_header_may_end_in_a_real_comment(in_tmp: Path) -> None:
    # A step without an id is reported at its first key: here the block scalar's line.
    steps = """\
      - action: |  # cjm: ignore[CJM209]
          Buys
      - action: Looks around
      - id: b
        action: Pays
"""
    assert _lint(steps) == (0, [("j.yaml", 12, 9, "CJM209"), B_209])


@pytest.mark.parametrize("quote", ['"', "'"])
def test_comment_like_line_in_a_quoted_string_is_text(quote: str, in_tmp: Path) -> None:
    steps = f"""\
      - id: a
        action: {quote}Buys
          # cjm: ignore[CJM209] shoes{quote}
      - id: b
        action: Pays
"""
    assert _lint(steps) == (0, [A_209, B_209])


def test_comment_like_text_on_one_line_of_a_quoted_string_is_text(in_tmp: Path) -> None:
    steps = """\
      - id: a
        action: Buys
      - id: b
        action: "Reads the docs on # cjm: ignore[CJM209] comments"
"""
    assert _lint(steps) == (0, [A_209, ("j.yaml", 12, 9, "CJM209")])


def test_comment_after_a_quoted_string_is_a_comment(in_tmp: Path) -> None:
    steps = """\
      - id: a
        action: Buys
      - id: "b"  # cjm: ignore[CJM209]
        action: "Pays # in cash"
"""
    assert _lint(steps) == (0, [A_209])


@pytest.mark.parametrize(
    "comment",
    [
        "# cjm: ignore[CJM204, CJM209]",
        "#cjm:ignore[CJM209,CJM204]",
        "# cjm: ignore[cjm204 ,cjm209]",
    ],
)
def test_several_codes_comma_separated(comment: str, in_tmp: Path) -> None:
    steps = PLAIN_STEPS.replace("- id: a\n", f"- id: a  {comment}\n")
    assert _lint(steps, "CJM204", "CJM209") == (0, [B_204, B_209])


def test_only_the_named_codes_are_silenced(in_tmp: Path) -> None:
    steps = PLAIN_STEPS.replace("- id: b\n", "- id: b  # cjm: ignore[CJM204]\n")
    assert _lint(steps, "CJM204", "CJM209") == (0, [A_204, A_209, B_209])


def test_lone_carriage_returns_count_as_line_breaks(in_tmp: Path) -> None:
    # YAML (and so every position cjm reports) counts a lone CR as a line break.
    steps = PLAIN_STEPS.replace("- id: a\n", "- id: a  # cjm: ignore[CJM209]\n")
    write(in_tmp, "persona.yaml", PERSONA)
    (in_tmp / "j.yaml").write_text((HEAD + steps).replace("\n", "\r"), encoding="utf-8", newline="")
    result = run_cli("lint", "--quiet", "--select", "CJM209")
    assert result.stdout == (
        "j.yaml:13:9: CJM209 info: step 'b' has no evidence: it is an assumption, not data\n"
    )


@pytest.mark.parametrize(
    "persona_line",
    ["persona: nobody  # cjm: ignore[CJM104]", "# cjm: ignore[CJM104]\npersona: nobody"],
)
def test_validation_errors_are_never_silenced(persona_line: str, in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    text = HEAD.replace("persona: ania", persona_line) + PLAIN_STEPS
    (in_tmp / "j.yaml").write_text(text, encoding="utf-8")
    line = 5 if persona_line.startswith("persona") else 6
    result = run_cli("lint", "--quiet", "--select", "CJM209")
    assert result.status == 1
    assert result.stdout.splitlines()[0] == (
        f"j.yaml:{line}:10: CJM104 error: unknown persona 'nobody'"
    )
    assert (
        run_cli("validate", "--quiet")
        .stdout.splitlines()[0]
        .startswith(f"j.yaml:{line}:10: CJM104 error: ")
    )


# ---------------------------------------------------------------------------------------
# What a comment names: whatever --ignore takes, and a word that names no rule is CJM218.


def _with_comment(comment: str) -> str:
    """The plain steps with ``comment`` ending step a's ``id:`` line (line 10)."""
    return PLAIN_STEPS.replace("- id: a\n", f"- id: a  {comment}\n")


def _lines(steps: str, *select: str) -> tuple[int, list[str]]:
    write(Path.cwd(), "persona.yaml", PERSONA)
    (Path.cwd() / "j.yaml").write_text(HEAD + steps, encoding="utf-8")
    result = run_cli("lint", "--quiet", "--select", ",".join(select))
    assert result.stderr == ""
    return result.status, result.stdout.splitlines()


# Where the first word of a comment ending step a's line starts: `      - id: a  # cjm: ignore[`.
WORD_COLUMN = len("      - id: a  # cjm: ignore[") + 1


@pytest.mark.parametrize(
    "comment",
    [
        "# cjm: ignore[step-without-evidence]",
        "# cjm: ignore[Step-Without-Evidence]",
        "# cjm: ignore[CJM20]",  # a prefix: every CJM20x
        "# cjm: ignore[cjm2]",
    ],
)
def test_a_name_or_a_prefix_silences_as_ignore_does(comment: str, in_tmp: Path) -> None:
    assert _lint(_with_comment(comment), "CJM209", "CJM218") == (0, [B_209])


def test_a_prefix_silences_every_rule_it_covers(in_tmp: Path) -> None:
    steps = _with_comment("# cjm: ignore[CJM20]")
    assert _lint(steps, "CJM204", "CJM209", "CJM218") == (0, [B_204, B_209])


def test_names_codes_and_prefixes_mix(in_tmp: Path) -> None:
    steps = PLAIN_STEPS.replace(
        "- id: a\n", "- id: a  # cjm: ignore[step-without-emotion, CJM209]\n"
    ).replace("- id: b\n", "# cjm: ignore[CJM20, nothing-else]\n      - id: b\n")
    status, lines = _lines(steps, "CJM204", "CJM209", "CJM218")
    column = len("      # cjm: ignore[CJM20, ") + 1
    assert (status, lines) == (
        0,
        [
            f"j.yaml:13:{column}: CJM218 info: ignore comment names 'nothing-else', which is no "
            "rule's code, name or code prefix: it silences nothing",
        ],
    )


def test_an_unknown_code_is_reported_where_it_is_written(in_tmp: Path) -> None:
    status, lines = _lines(_with_comment("# cjm: ignore[CJM290]"), "CJM209", "CJM218")
    assert (status, lines) == (
        0,
        [
            "j.yaml:10:9: CJM209 info: step 'a' has no evidence: it is an assumption, not data",
            f"j.yaml:10:{WORD_COLUMN}: CJM218 info: ignore comment names 'CJM290', which is "
            "no rule's code, name or code prefix: it silences nothing",
            "j.yaml:13:9: CJM209 info: step 'b' has no evidence: it is an assumption, not data",
        ],
    )


def test_an_unknown_name_is_reported_beside_the_known_ones(in_tmp: Path) -> None:
    steps = _with_comment("# cjm: ignore[CJM204, step-without-evidense]")
    status, lines = _lines(steps, "CJM209", "CJM218")
    column = WORD_COLUMN + len("CJM204, ")
    assert status == 0
    assert lines[1] == (
        f"j.yaml:10:{column}: CJM218 info: ignore comment names 'step-without-evidense', "
        "which is no rule's code, name or code prefix: it silences nothing "
        "(did you mean 'step-without-evidence'?)"
    )
    assert [line.split(": ")[1].split()[0] for line in lines] == ["CJM209", "CJM218", "CJM209"]


def test_a_comment_alone_above_is_reported_on_its_own_line(in_tmp: Path) -> None:
    steps = PLAIN_STEPS.replace("- id: b\n", "# cjm: ignore[nope]\n      - id: b\n")
    status, lines = _lines(steps, "CJM218")
    column = len("      # cjm: ignore[") + 1
    assert (status, [line.split(" info")[0] for line in lines]) == (
        0,
        [f"j.yaml:13:{column}: CJM218"],
    )


def test_a_prefix_that_covers_cjm218_silences_it_too(in_tmp: Path) -> None:
    # `CJM2` is every lint rule, CJM218 among them: the comment's own finding included.
    steps = _with_comment("# cjm: ignore[CJM2, nope]")
    assert _lint(steps, "CJM209", "CJM218") == (0, [B_209])


@pytest.mark.parametrize("written", ["CJM104", "cjm104"])
def test_a_validation_code_is_reported_it_can_never_be_silenced(written: str, in_tmp: Path) -> None:
    write(in_tmp, "persona.yaml", PERSONA)
    text = HEAD.replace("persona: ania", f"persona: nobody  # cjm: ignore[{written}]")
    (in_tmp / "j.yaml").write_text(text + PLAIN_STEPS, encoding="utf-8")
    result = run_cli("lint", "--quiet", "--select", "CJM218")
    column = len("persona: nobody  # cjm: ignore[") + 1
    assert (result.status, result.stdout.splitlines()) == (
        1,
        [
            "j.yaml:5:10: CJM104 error: unknown persona 'nobody'",
            f"j.yaml:5:{column}: CJM218 info: ignore comment names CJM104, a validation "
            "error: CJM1xx errors can never be silenced",
        ],
    )


def test_a_misspelt_separator_is_reported_not_passed_over(in_tmp: Path) -> None:
    status, lines = _lines(_with_comment("# cjm: ignore[CJM209;CJM204]"), "CJM209", "CJM218")
    assert status == 0
    assert [line.split(": ")[1].split()[0] for line in lines] == ["CJM209", "CJM218", "CJM209"]
    assert "'CJM209;CJM204'" in lines[1]


def test_unknown_words_are_reported_only_when_cjm218_runs(in_tmp: Path) -> None:
    assert _lint(_with_comment("# cjm: ignore[nope]"), "CJM209") == (0, [A_209, B_209])


def test_cjm218_is_silenced_like_any_rule(in_tmp: Path) -> None:
    steps = _with_comment("# cjm: ignore[nope, unknown-suppression]")
    assert _lint(steps, "CJM218") == (0, [])


# ---------------------------------------------------------------------------------------
# Which lines hold a real ignore comment, straight from the text.


def _words(comments: dict[int, IgnoreComment]) -> dict[int, tuple[list[str], bool]]:
    return {line: ([key.text for key in c.keys], c.alone) for line, c in comments.items()}


def test_ignore_comments_of_a_file() -> None:
    text = (
        "a:\n"  # 1
        "  d: |  # cjm: ignore[A]\n"  # 2: a block scalar's header may end in a comment
        "    x\n"  # 3
        "    # cjm: ignore[B]\n"  # 4: block scalar text
        "  # cjm: ignore[C]\n"  # 5: a comment alone
        '  e: "q\n'  # 6
        '    # cjm: ignore[D]" # cjm: ignore[E]\n'  # 7: text, then a comment
        "  f: plain\n"  # 8
        "    more # cjm: ignore[F]\n"  # 9
        "  g: 'it''s # cjm: ignore[G]'\n"  # 10
        "# why # cjm: ignore[H, i]\n"  # 11: alone, codes later in the comment
        "h: issue#12 #cjm:ignore[J]\n"  # 12
    )
    assert _words(ignore_comments(text)) == {
        2: (["A"], False),
        5: (["C"], True),
        7: (["E"], False),
        9: (["F"], False),
        11: (["H", "i"], True),
        12: (["J"], False),
    }


def test_each_word_is_kept_as_written_with_its_column() -> None:
    text = "a: 1  # cjm: ignore[ CJM209 ,step-without-evidence,,CJM209;CJM204 ]\n"
    (comment,) = ignore_comments(text).values()
    assert [(key.text, key.column) for key in comment.keys] == [
        ("CJM209", text.index("CJM209") + 1),
        ("step-without-evidence", text.index("step") + 1),
        ("CJM209;CJM204", text.index("CJM209;") + 1),
    ]
    assert comment.codes == {"CJM209"}  # the misspelt separator names nothing


def test_text_beyond_a_syntax_error_is_never_a_comment() -> None:
    text = 'a: 1  # cjm: ignore[A]\nb: "never closed\n# cjm: ignore[B]\n'

    assert _words(ignore_comments(text)) == {1: (["A"], False)}


@pytest.mark.parametrize("line_break", ["\r\n", "\r", "\u2028"])
def test_lines_are_counted_as_yaml_counts_them(line_break: str) -> None:
    text = "a: 1  # cjm: ignore[A]\nb: |\n  # cjm: ignore[B]\n# cjm: ignore[C]\nc: 2\n"
    assert _words(ignore_comments(text.replace("\n", line_break))) == {
        1: (["A"], False),
        4: (["C"], True),
    }


def test_a_comment_is_filed_under_the_document_that_holds_it(tmp_path: Path) -> None:
    """One file of two documents: each finding names its own document's object path.

    The JSON output carries no object path, but GitLab's fingerprints and diff-style
    names do, so a comment in the journey must not be filed under the persona above it.
    """
    persona = PERSONA.replace("name: Ania", "name: Ania  # cjm: ignore[nope]")
    journey = HEAD.replace("persona: ania", "persona: ania  # cjm: ignore[nada]") + PLAIN_STEPS
    write(tmp_path, "both.yaml", persona + "---\n" + journey)
    settings = LintSettings(select=frozenset({"CJM218"}))
    found = lint_workspace(load_workspace(tmp_path), settings)
    assert [(d.line, d.object_path) for d in found] == [
        (4, (("persona", "ania"),)),
        (12, (("journey", "buy"),)),
    ]
