"""``cjm render`` as a command: what it writes, what it refuses, what it prints."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

import cjm
from tests.conftest import EXAMPLES, run_cli, run_process, write
from tests.render.needs import need_dot, require
from tests.render.samples import write_shop

GALERIA = str(EXAMPLES / "galeria")
GRAPHVIZ_MISSING = (
    "cjm: error: Graphviz's `dot` was not found: install it (Debian/Ubuntu: apt-get install "
    "graphviz; macOS: brew install graphviz; Windows: winget install graphviz) "
    "or use --format dot"
)


def written(out: Path) -> list[str]:
    return sorted(path.name for path in out.iterdir())


def index_links(out: Path) -> list[str]:
    """The journey cards' links on ``index.html``, sorted (a pair puts an ideal journey
    after its baseline, so page order is the portfolio's, not the ids')."""
    html = (out / "index.html").read_text(encoding="utf-8")
    return sorted(re.findall(r'<a class="title" id="card-[^"]+" href="([^"]+)">', html))


def counts(html: str) -> list[str]:
    """The counters a page shows ("2 journeys"), in page order."""
    return [
        f"{number} {noun}"
        for number, noun in re.findall(r"<span><b>(\d+)</b> ([a-z ]+)</span>", html)
    ]


def test_writes_one_file_per_journey_and_says_where(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_process("render", GALERIA, "--format", "html", "--out", "site", cwd=tmp_path)
    assert result.status == 0
    assert result.stderr == "", "no progress bar or noise when not on a terminal"
    assert written(out) == ["buy-and-have-ideal.html", "buy-and-have.html", "index.html"]
    assert result.stdout.splitlines() == [
        "wrote site/buy-and-have.html",
        "wrote site/buy-and-have-ideal.html",
        "wrote site/index.html",
    ]


@pytest.mark.parametrize(
    ("output_format", "extension"),
    [("mermaid", "mmd"), ("dot", "dot"), ("svg", "svg")],
)
def test_extension_per_format(tmp_path: Path, output_format: str, extension: str) -> None:
    if output_format == "svg":
        need_dot()
    result = run_cli(
        "render", GALERIA, "-f", output_format, "-o", str(tmp_path), "-j", "buy-and-have"
    )
    assert result.status == 0, result.stderr
    assert written(tmp_path) == [f"buy-and-have.{extension}"]


def test_unknown_journey_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_process("render", GALERIA, "--out", str(out), "--journey", "nope")
    assert result.status == 2
    assert result.stderr == (
        "cjm: error: unknown journey 'nope' (journeys here: buy-and-have, buy-and-have-ideal)\n"
    )
    assert result.stdout == ""
    assert not out.exists()


def test_invalid_workspace_is_not_rendered(tmp_path: Path) -> None:
    write(tmp_path / "ws", "p.yaml", "cjm: 1\nkind: persona\nid: p\nname: P\ncolour: red\n")
    result = run_process("render", "ws", "--out", "out", cwd=tmp_path)
    assert result.status == 1
    assert result.stderr.splitlines() == [
        "ws/p.yaml:5:1: CJM102 error: unknown field 'colour'",
        "1 file, 1 document checked: 1 error, 0 warnings, 0 infos",
        "cjm: nothing rendered: fix the errors above first",
    ]
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_a_journey_named_index_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    """Its page would be overwritten by the site's ``index.html`` (issue 9): the model
    refuses the id with CJM102, so render stops before writing anything."""
    write(tmp_path / "ws", "p.yaml", "cjm: 1\nkind: persona\nid: p\nname: P\n")
    write(
        tmp_path / "ws",
        "j.yaml",
        "cjm: 1\nkind: journey\nid: index\ntitle: T\npersona: p\nstages:\n  - name: S\n",
    )
    for output_format in ("html", "mermaid", "dot"):
        result = run_process("render", "ws", "-f", output_format, "--out", "out", cwd=tmp_path)
        assert result.status == 1, (output_format, result.stderr)
        assert result.stderr.splitlines() == [
            "ws/j.yaml:3:5: CJM102 error: 'id': journey id 'index' is reserved: `cjm render` "
            "writes the site's index.html, which this journey's page would overwrite",
            "2 files, 2 documents checked: 1 error, 0 warnings, 0 infos",
            "cjm: nothing rendered: fix the errors above first",
        ]
        assert result.stdout == ""
        assert not (tmp_path / "out").exists()


def test_dot_needs_no_graphviz_but_svg_says_how_to_get_it(tmp_path: Path) -> None:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    environment = {"PATH": str(empty_bin)}
    result = run_process(
        "render", GALERIA, "-f", "dot", "-o", str(tmp_path / "dot"), env=environment
    )
    assert result.status == 0, result.stderr
    assert written(tmp_path / "dot") == ["buy-and-have-ideal.dot", "buy-and-have.dot"]
    result = run_process(
        "render", GALERIA, "-f", "svg", "-o", str(tmp_path / "svg"), env=environment
    )
    assert result.status == 2
    assert result.stderr == GRAPHVIZ_MISSING + "\n"
    assert not (tmp_path / "svg").exists() or written(tmp_path / "svg") == []
    assert Path(sys.executable).exists()


def test_no_temporary_files_left_behind(tmp_path: Path) -> None:
    need_dot()
    for output_format in ("html", "svg", "mermaid"):
        assert run_cli("render", GALERIA, "-f", output_format, "-o", str(tmp_path)).status == 0
    assert written(tmp_path) == [
        "buy-and-have-ideal.html",
        "buy-and-have-ideal.mmd",
        "buy-and-have-ideal.svg",
        "buy-and-have.html",
        "buy-and-have.mmd",
        "buy-and-have.svg",
        "index.html",
    ]


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("keep me")
    result = run_cli("render", GALERIA, "--out", str(target))
    assert result.status == 2
    assert result.stderr == f"cjm: error: --out '{target}' is a file, not a folder\n"
    assert result.stdout == ""
    assert target.read_text() == "keep me"


def test_every_example_renders_in_every_format(tmp_path: Path) -> None:
    need_dot()
    extensions = {"mermaid": "mmd"}
    for workspace in sorted(os.listdir(EXAMPLES)):
        if not (EXAMPLES / workspace / "cjm.yaml").exists():
            continue
        journeys = sorted(cjm.load_workspace(EXAMPLES / workspace).journeys)
        assert journeys, workspace
        for output_format in ("html", "svg", "png", "pdf", "dot", "mermaid"):
            out = tmp_path / workspace / output_format
            result = run_cli(
                "render", str(EXAMPLES / workspace), "-f", output_format, "-o", str(out)
            )
            assert result.status == 0, (workspace, output_format, result.stderr)
            extension = extensions.get(output_format, output_format)
            expected = [f"{journey}.{extension}" for journey in journeys]
            if output_format == "html":
                expected.append("index.html")
            assert written(out) == sorted(expected), (workspace, output_format)


# --- Counts in words, and which journeys a render writes --------------------------------


def test_counts_say_one_persona_not_one_personas(in_tmp: Path) -> None:
    write(
        in_tmp,
        "one.yaml",
        """
        cjm: 1
        kind: persona
        id: solo
        name: Solo
        ---
        cjm: 1
        kind: touchpoint
        id: desk
        name: Desk
        mode: offline
        operator: human
        ---
        cjm: 1
        kind: journey
        id: single
        title: One of each
        persona: solo
        stages:
          - id: only
            name: Only
            steps:
              - id: ask
                action: Asks at the desk
                touchpoint: desk
                emotion: -1
                pain_points: [A queue]
                opportunities: [A second desk]
        """,
    )
    result = run_cli("render", "--out", "out")
    assert result.status == 0, result.stderr
    index = Path("out/index.html").read_text(encoding="utf-8")
    assert counts(index) == [
        "1 journey",
        "1 persona",
        "1 touchpoint",
        "1 step",
        "1 pain point",
        "1 opportunity",
    ]
    assert "<span>1 step</span><span>1 pain point</span><span>1 opportunity</span>" in index
    page = Path("out/single.html").read_text(encoding="utf-8")
    assert counts(page) == ["1 stage", "1 step", "1 pain point", "1 opportunity"]


def test_counts_in_the_plural(in_tmp: Path) -> None:
    write_shop(in_tmp)
    result = run_cli("render", "--out", "out")
    assert result.status == 0, result.stderr
    index = Path("out/index.html").read_text(encoding="utf-8")
    assert counts(index) == [
        "2 journeys",
        "1 persona",
        "2 touchpoints",
        "9 steps",
        "1 pain point",
        "1 opportunity",
    ]
    assert "<span>5 steps</span><span>0 pain points</span><span>0 opportunities</span>" in index
    assert "<span>4 steps</span><span>1 pain point</span><span>1 opportunity</span>" in index
    now = Path("out/now.html").read_text(encoding="utf-8")
    assert counts(now) == ["3 stages", "4 steps", "1 pain point", "1 opportunity"]
    ideal = Path("out/ideal.html").read_text(encoding="utf-8")
    assert counts(ideal) == ["2 stages", "5 steps", "0 pain points", "0 opportunities"]


def test_journey_option_writes_its_page_and_an_index_of_the_whole_workspace(
    in_tmp: Path,
) -> None:
    """docs/cli.md: ``--journey`` writes pages for those journeys only, while ``index.html``
    lists the whole workspace (the other links point at pages of an earlier run)."""
    write_shop(in_tmp)
    result = run_cli("render", "--journey", "now", "--out", "out")
    assert result.status == 0, result.stderr
    assert result.stdout == "wrote out/now.html\nwrote out/index.html\n"
    assert written(in_tmp / "out") == ["index.html", "now.html"]
    assert index_links(in_tmp / "out") == ["ideal.html", "now.html"]
    index = Path("out/index.html").read_text(encoding="utf-8")
    assert counts(index)[:3] == ["2 journeys", "1 persona", "2 touchpoints"]
    everything = in_tmp / "everything"
    assert run_cli("render", "--out", "everything").status == 0
    assert (everything / "index.html").read_bytes() == Path("out/index.html").read_bytes()


SHOP_CASES = [
    # (paths named, --journey ids, the journeys rendered)
    ((), (), ["ideal", "now", "third"]),
    ((".",), (), ["ideal", "now", "third"]),
    (("journeys/now.yaml",), (), ["now"]),
    (("journeys/later",), (), ["ideal", "third"]),
    (("journeys/later/ideal.yaml",), (), ["ideal", "third"]),  # both documents of the file
    (("journeys/now.yaml", "journeys/later/ideal.yaml"), (), ["ideal", "now", "third"]),
    (("journeys",), (), ["ideal", "now", "third"]),
    # --journey with paths: the named journeys, which must be in the named files.
    (("journeys/later",), ("third",), ["third"]),
    (("journeys",), ("now", "ideal"), ["ideal", "now"]),
]


@pytest.mark.parametrize(("paths", "wanted", "expected"), SHOP_CASES)
@pytest.mark.parametrize("output_format", ["html", "mermaid"])
def test_named_files_render_their_own_journeys(
    in_tmp: Path,
    paths: tuple[str, ...],
    wanted: tuple[str, ...],
    expected: list[str],
    output_format: str,
) -> None:
    """docs/cli.md: ``render FILE...`` renders the journeys of the named files; a folder
    names the files below it; no path is the current folder."""
    write_shop(in_tmp)
    _add_third_journey(in_tmp)
    options = [option for key in wanted for option in ("--journey", key)]
    result = run_cli("render", *paths, *options, "-f", output_format, "--out", "out")
    assert result.status == 0, result.stderr
    extension = "html" if output_format == "html" else "mmd"
    pages = [f"out/{key}.{extension}" for key in (wanted or expected)]
    if output_format == "html":
        pages.append("out/index.html")
    assert result.stdout == "".join(f"wrote {page}\n" for page in pages)
    assert written(in_tmp / "out") == sorted(Path(page).name for page in pages)
    if output_format == "html":
        assert index_links(in_tmp / "out") == ["ideal.html", "now.html", "third.html"]


def test_no_path_in_a_subfolder_renders_the_journeys_below_it(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no path, render reads the current folder, as validate and lint do: from
    ``journeys/later`` that is ``ideal``; the index still lists the whole workspace."""
    write_shop(in_tmp)
    monkeypatch.chdir(in_tmp / "journeys" / "later")
    result = run_cli("render", "--out", "out")
    assert result.status == 0, result.stderr
    assert result.stdout == "wrote out/ideal.html\nwrote out/index.html\n"
    assert index_links(Path("out")) == ["ideal.html", "now.html"]


def test_a_file_without_journeys_renders_nothing(in_tmp: Path) -> None:
    write_shop(in_tmp)
    result = run_process("render", "personas/ola.yaml", "--out", "out", cwd=in_tmp)
    assert result.status == 0
    assert result.stderr == "cjm: no journeys to render\n"
    assert result.stdout == ""
    assert not (in_tmp / "out").exists()


@pytest.mark.parametrize(
    ("paths", "wanted", "message"),
    [
        (
            ("journeys/later",),
            "now",
            "cjm: error: journey 'now' is in journeys/now.yaml, which is not among the paths named",
        ),
        (
            ("journeys/now.yaml",),
            "nope",
            "cjm: error: unknown journey 'nope' (journeys here: now)",
        ),
        (
            ("personas",),
            "now",
            "cjm: error: journey 'now' is in journeys/now.yaml, which is not among the paths named",
        ),
    ],
)
def test_a_journey_outside_the_named_files_is_a_usage_error(
    in_tmp: Path, paths: tuple[str, ...], wanted: str, message: str
) -> None:
    write_shop(in_tmp)
    result = run_process("render", *paths, "--journey", wanted, "--out", "out", cwd=in_tmp)
    assert result.status == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""
    assert not (in_tmp / "out").exists()


def _add_third_journey(folder: Path) -> None:
    """A second document in ``journeys/later/ideal.yaml``: a file names all its journeys."""
    path = folder / "journeys/later/ideal.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "---\ncjm: 1\nkind: journey\nid: third\ntitle: Third\npersona: ola\n"
        "stages:\n  - {id: only, name: Only, steps: [{id: it, action: Does it, emotion: 0}]}\n",
        encoding="utf-8",
    )


def test_require_fails_under_ci_and_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"^CI must run this test for real: no dot$"):
        require("no dot")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match=r"^no dot$"):
        require("no dot")
    require(None)
