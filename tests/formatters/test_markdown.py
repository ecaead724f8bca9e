"""Map text in cjm's Markdown says only what it says (issue 20 item 1, one escaper).

Each hostile text goes through the one escaper, then through both commands that write
Markdown, ``cjm report`` and ``cjm diff``, and the output is rendered by a CommonMark
parser with GitHub's tables, strikethrough and raw HTML (markdown-it-py, the closest real
client in the environment). The rendered cell or list item must show the text as written
and nothing more: no link, tag, code span, emphasis or strike, no row torn, and none of
the text GitHub turns into a mention or an issue link after rendering (which is why a
backslash or an entity cannot defuse those and an invisible word joiner does).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cjm.formatters.markdown import escape_code, escape_markdown
from tests.conftest import run_cli, write

HOSTILE = (
    "@team",
    "@org/team",
    "<script>alert(1)</script>",
    "a|b",
    "`rm -rf`",
    "[x](javascript:alert(1))",
    "#12",
    "one\ntwo",
    "~~gone~~ **loud** _slanted_",
    "&#64;team",
    "ana@example.com",
    "back\\slash",
)

#: GitHub's patterns, simplified to what matters: a letter or digit right after ``@``
#: (a user, ``org/team``, an e-mail autolink) or a digit right after ``#`` (an issue).
_MENTION = re.compile(r"@[A-Za-z0-9]")
_ISSUE = re.compile(r"(?<!\w)#[0-9]")
_JOINER = "\u2060"


def _markdown() -> MarkdownIt:
    """CommonMark with GitHub's tables and strikethrough, raw HTML allowed as GitHub does
    (its sanitiser then drops scripts, but a tag must not get that far)."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


#: Stands for any token that is not plain text (a link, a tag, a code span, emphasis):
#: a hostile text shown as written has none inside it.
_MARKUP = "\x00"


def _inline_texts(markdown: str) -> list[str]:
    """The visible text of every paragraph, heading and table cell, ``<br>`` as a line
    break and every other token (link, tag, code span, emphasis, strike) as :data:`_MARKUP`."""
    texts = []
    for token in _markdown().parse(markdown):
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or ():
            if child.type == "text":
                parts.append(child.content)
            elif child.type == "html_inline" and child.content == "<br>":
                parts.append("\n")
            else:
                parts.append(_MARKUP)
        texts.append("".join(parts))
    return texts


def _row_widths(markdown: str) -> list[list[int]]:
    """Each table's number of cells per row, its header first."""
    tables: list[list[int]] = []
    for token in _markdown().parse(markdown):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append(0)
        elif token.type in ("th_open", "td_open"):
            tables[-1][-1] += 1
    return tables


def _assert_defused(markdown: str, *, one_line: bool) -> None:
    """Every hostile text shows as written (a line break as a space when ``one_line``)
    with no markup inside, every table row is as wide as its header, and no text in the
    rendered page reads as a mention, an issue link or a tag."""
    texts = _inline_texts(markdown)
    shown = "\n".join(text.replace(_JOINER, "") for text in texts)
    for number, hostile in enumerate(HOSTILE):
        expected = f"T{number}: " + (" ".join(hostile.split()) if one_line else hostile)
        assert expected in shown, hostile
    for text in texts:
        assert not _MENTION.search(text), text
        assert not _ISSUE.search(text), text
    assert "<script" not in _markdown().render(markdown)
    tables = _row_widths(markdown)
    assert tables, "no table rendered"
    for widths in tables:  # no pipe split a cell, no line break ended a row
        assert widths == [widths[0]] * len(widths), widths


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("@team", "@\u2060team"),
        ("@org/team", "@\u2060org/team"),
        ("<script>", "\\<script\\>"),
        ("a|b", "a\\|b"),
        ("`x`", "\\`x\\`"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("#12", "#\u206012"),
        ("#hash", "#hash"),  # no issue number: nothing to defuse
        ("one\ntwo\r\nthree\rfour", "one<br>two<br>three<br>four"),
        ("&lt;", "&amp;lt;"),
        ("back\\slash", "back\\\\slash"),
        ("*a* _b_ ~c~", "\\*a\\* \\_b\\_ \\~c\\~"),
        ("bell\x07", "bell\\\\x07"),
        ("20", "20"),
    ],
)
def test_the_one_escaper(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_a_code_span_keeps_its_text_but_cannot_be_closed_or_broken() -> None:
    assert escape_code("a`b\nc @team #1") == "a'b c @team #1"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_each_hostile_text_renders_as_written_in_a_table_cell(hostile: str) -> None:
    markdown = f"| text | next |\n|---|---|\n| {escape_markdown(hostile)} | after |\n"
    assert _row_widths(markdown) == [[2, 2]]  # the header and the row: no pipe split a cell
    cell = _inline_texts(markdown)[2]
    assert cell.replace(_JOINER, "") == hostile  # as written, no markup inside
    assert not _MENTION.search(cell)
    assert not _ISSUE.search(cell)


def _journey(pains: list[str], *, owner: str, title: str) -> str:
    """A journey whose pain points, goals and metric names are the hostile texts."""
    texts = [f"T{number}: {text}" for number, text in enumerate(pains)]
    goals = "".join(
        f"  - description: {json.dumps(text)}\n    metric: m{number}\n"
        for number, text in enumerate(texts)
    )
    metrics = "".join(
        f"      - id: m{number}\n        name: {json.dumps(text)}\n        value: 1\n"
        for number, text in enumerate(texts)
    )
    pain_points = "".join(f"          - {json.dumps(text)}\n" for text in texts)
    return (
        "cjm: 1\nkind: journey\nid: visit\n"
        f"title: {json.dumps(title)}\npersona: ana\n"
        + (f"goals:\n{goals}" if goals else "")
        + "stages:\n  - id: ask\n    name: Ask\n    steps:\n      - id: writes\n"
        "        action: Writes to support\n"
        + (f"        pain_points:\n{pain_points}" if pain_points else "")
        + "        opportunities:\n          - text: Answer faster\n"
        f"            owner: {json.dumps(owner)}\n"
        + (f"    metrics:\n{metrics}" if metrics else "")
    )


def _workspace(folder: Path, pains: list[str], *, owner: str = "support") -> Path:
    write(folder, "cjm.yaml", "cjm: 1\nname: Hostile\n")
    write(folder, "personas/ana.yaml", "cjm: 1\nkind: persona\nid: ana\nname: Ana\n")
    write(folder, "journeys/visit.yaml", _journey(pains, owner=owner, title="Visit @team #7"))
    return folder


def test_report_markdown_defuses_every_hostile_text(tmp_path: Path) -> None:
    folder = _workspace(tmp_path, list(HOSTILE), owner="@org/owners")
    result = run_cli("report", str(folder), "--format", "markdown", "--today", "2026-12-01")
    assert (result.status, result.stderr) == (0, "")
    _assert_defused(result.stdout, one_line=False)
    assert "@\u2060org/owners" in _inline_texts(result.stdout)  # the opportunity's owner


def test_diff_markdown_defuses_every_hostile_text(tmp_path: Path) -> None:
    old = _workspace(tmp_path / "old", [])
    new = _workspace(tmp_path / "new", list(HOSTILE), owner="@org/owners")
    result = run_cli("diff", str(old), str(new), "--format", "markdown")
    assert result.status == 0, result.stderr
    _assert_defused(result.stdout, one_line=True)
    assert "\n### Visit @\u2060team #\u20607 · `visit`\n" in result.stdout
