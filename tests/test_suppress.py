"""Inline suppressions through ``cjm lint``, as the README words them.

"A comment ``# cjm: ignore[CJM209]`` (codes comma-separated) at the end of the finding's
line, or alone on the line above it, silences those codes there." Only a real YAML
comment counts: text inside a block scalar or a multi-line string is text.

Each journey below is written out in full so the line numbers in the assertions can be
read off the text: step ``a``'s ``id:`` is on line 10 and step ``b``'s on line 13 unless
the test says otherwise; a step's finding is reported at its ``id:`` key, column 9.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cjm.suppress import IgnoreComment, ignore_comments
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
# Which lines hold a real ignore comment, straight from the text.


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
    assert ignore_comments(text) == {
        2: IgnoreComment(frozenset({"A"}), alone=False),
        5: IgnoreComment(frozenset({"C"}), alone=True),
        7: IgnoreComment(frozenset({"E"}), alone=False),
        9: IgnoreComment(frozenset({"F"}), alone=False),
        11: IgnoreComment(frozenset({"H", "I"}), alone=True),
        12: IgnoreComment(frozenset({"J"}), alone=False),
    }


def test_text_beyond_a_syntax_error_is_never_a_comment() -> None:
    text = 'a: 1  # cjm: ignore[A]\nb: "never closed\n# cjm: ignore[B]\n'

    assert ignore_comments(text) == {1: IgnoreComment(frozenset({"A"}), alone=False)}


@pytest.mark.parametrize("line_break", ["\r\n", "\r", "\u2028"])
def test_lines_are_counted_as_yaml_counts_them(line_break: str) -> None:
    text = "a: 1  # cjm: ignore[A]\nb: |\n  # cjm: ignore[B]\n# cjm: ignore[C]\nc: 2\n"
    assert ignore_comments(text.replace("\n", line_break)) == {
        1: IgnoreComment(frozenset({"A"}), alone=False),
        4: IgnoreComment(frozenset({"C"}), alone=True),
    }
