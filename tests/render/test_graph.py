"""Graphviz diagrams: DOT as golden files, and SVG, PNG, PDF through the real ``dot``.

DOT is ours byte for byte, so it is a snapshot; what ``dot`` makes of it depends on the
Graphviz version, so rendered files are checked for what matters (valid XML, the text
shown, no markup smuggled in, the file type) rather than compared.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion

import cjm
from cjm.render.graph import (
    GraphvizFailed,
    GraphvizNotFound,
    journey_dot,
    render_graphs,
)
from cjm.workspace import Workspace
from tests.conftest import EXAMPLES, run_cli
from tests.render.needs import need_dot
from tests.render.samples import HAND_MADE, HOSTILE_TEXTS, hostile_yaml, load, write_shop

EXAMPLE_NAMES = sorted(path.name for path in EXAMPLES.iterdir() if (path / "cjm.yaml").is_file())
SVG = "{http://www.w3.org/2000/svg}"
WORD_JOINER = "\u2060"


@pytest.fixture
def dot() -> None:
    """Graphviz's ``dot``: without it the test skips, or fails under CI."""
    need_dot()


@pytest.fixture(scope="module")
def galeria() -> Workspace:
    return cjm.load_workspace(EXAMPLES / "galeria")


@pytest.fixture
def hostile(tmp_path: Path) -> Workspace:
    return load(tmp_path / "hostile", hostile_yaml())


def svg_text(path: Path) -> str:
    """Every text node of an SVG, whitespace collapsed, as a reader would see it.

    Parsing is the validity check: ``ElementTree`` refuses XML that is not well formed.
    Lines of a wrapped label are separate ``<text>`` elements; joining them with a space
    undoes the wrapping, which breaks lines only at spaces.
    """
    tree = ElementTree.parse(path)
    pieces = [element.text for element in tree.iter(f"{SVG}text") if element.text]
    return " ".join(" ".join(pieces).replace(WORD_JOINER, "").split())


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_dot_of_buy_and_have(galeria: Workspace, snapshot: SnapshotAssertion) -> None:
    assert journey_dot(galeria, galeria.journeys["buy-and-have"]) == snapshot


def test_dot_of_a_hand_made_journey(tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    workspace = load(tmp_path, HAND_MADE)
    assert journey_dot(workspace, workspace.journeys["first-order"]) == snapshot


def test_dot_shows_the_map(tmp_path: Path) -> None:
    workspace = load(tmp_path, HAND_MADE)
    source = journey_dot(workspace, workspace.journeys["first-order"])
    assert "rankdir" not in source  # top to bottom: rows of steps, one under another
    assert source.count("subgraph cluster_") == 3
    assert "Web shop (online, automated)" in source
    assert "Courier (offline, human)" in source
    assert "emotion -2" in source and "emotion +1 · Hopeful" in source
    assert "no emotion" in source and "no steps yet" in source
    # Pain points by their words, not counted.
    assert "<b>⚠ Card refused</b>" in source and "<b>⚠ No reason given</b>" in source
    assert "pain points</" not in source
    # A row per phase, headed by its name.
    headings = re.findall(
        r"^\t(row\d+) \[label=<<font point-size=\"14\"><b>([^<]+)</b>", source, re.M
    )
    assert headings == [("row1", "Purchase"), ("row2", "Post-purchase")]
    # Steps chain in journey order across stages, through the empty stage's placeholder:
    # to the next stage through a junction point, to the next row through a bend.
    edges = [
        (tail, head)
        for tail, head, rest in re.findall(r"^\t+(\w+) -> (\w+)(.*)$", source, flags=re.M)
        if "invis" not in rest
    ]
    assert edges == [
        ("s1", "s2"),
        ("s2", "s3"),
        ("empty2", "j2"),
        ("s4", "s5"),
        ("j2", "s4"),
        ("s3", "c2"),
        ("c2", "empty2"),
    ]
    assert "\ts3 -> c2 [arrowhead=none headclip=false style=dashed]" in source
    assert "\tc2 -> empty2 [style=dashed tailclip=false weight=0]" in source
    assert "\tj2 -> s4 [style=dashed tailclip=false]" in source


def test_dot_escapes_every_label(hostile: Workspace) -> None:
    source = journey_dot(hostile, hostile.journeys["hostile"])
    assert "<script" not in source and "<img" not in source
    assert "&lt;script&gt;" in source
    # Node ids are generated, never user text.
    node_ids = re.findall(r"^\t+(\S+) \[label=", source, flags=re.MULTILINE)
    assert node_ids and all(re.fullmatch(r"s\d+|empty\d+|row\d+", node) for node in node_ids)
    # Every label is HTML-like: no quoted label whose escapes Graphviz would interpret.
    assert 'label="' not in source


def test_hostile_text_is_text_in_svg(dot: None, hostile: Workspace, tmp_path: Path) -> None:
    (svg,) = render_graphs(hostile, [hostile.journeys["hostile"]], "svg", tmp_path / "out")
    tree = ElementTree.parse(svg)  # well-formed XML, or this raises
    tags = {element.tag.removeprefix(SVG) for element in tree.iter()}
    assert not tags & {"script", "img", "foreignObject", "a", "iframe"}, tags
    assert "onerror" not in " ".join(name for element in tree.iter() for name in element.attrib)
    shown = svg_text(svg)
    for text in HOSTILE_TEXTS:
        assert squeeze(text) in shown, text
    # Graphviz would have replaced \N with the node's name and \G with the graph's.
    assert "\\N \\G \\l \\E \\\\" in shown
    assert "Line one line two tabbed\ufffdbell" in shown


def test_every_example_renders_to_svg(dot: None, tmp_path: Path) -> None:
    for name in EXAMPLE_NAMES:
        workspace = cjm.load_workspace(EXAMPLES / name)
        journeys = [workspace.journeys[key] for key in sorted(workspace.journeys)]
        paths = render_graphs(workspace, journeys, "svg", tmp_path / name)
        assert [path.name for path in paths] == [f"{journey.id}.svg" for journey in journeys]
        for journey, path in zip(journeys, paths, strict=True):
            shown = svg_text(path)
            assert squeeze(journey.title) in shown
            for stage in journey.stages:
                for step in stage.steps:
                    first_words = " ".join(step.action.split()[:3])
                    assert first_words in shown, (path.name, step.action)


@pytest.mark.parametrize(
    ("sample", "journey_id"), [("galeria", "buy-and-have"), ("hand", "first-order")]
)
def test_png_and_pdf(
    dot: None, galeria: Workspace, tmp_path: Path, sample: str, journey_id: str
) -> None:
    workspace = galeria if sample == "galeria" else load(tmp_path / "ws", HAND_MADE)
    journeys = [workspace.journeys[journey_id]]
    (png,) = render_graphs(workspace, journeys, "png", tmp_path / "out")
    (pdf,) = render_graphs(workspace, journeys, "pdf", tmp_path / "out")
    assert png.name == f"{journey_id}.png" and pdf.name == f"{journey_id}.pdf"
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(
        [png.name, pdf.name]
    )


@pytest.mark.parametrize("output_format", ["dot", "svg", "png", "pdf"])
def test_same_input_same_bytes(galeria: Workspace, tmp_path: Path, output_format: str) -> None:
    """PDF included: cairo stamps the clock into it, and cjm fixes that date."""
    if output_format != "dot":
        need_dot()
    again = cjm.load_workspace(EXAMPLES / "galeria")
    first = render_graphs(
        galeria, [galeria.journeys["buy-and-have"]], output_format, tmp_path / "a"
    )
    second = render_graphs(again, [again.journeys["buy-and-have"]], output_format, tmp_path / "b")
    assert first[0].read_bytes() == second[0].read_bytes()


def test_dot_format_needs_no_graphviz(
    galeria: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    journey = galeria.journeys["buy-and-have"]
    (path,) = render_graphs(galeria, [journey], "dot", tmp_path)
    assert path == tmp_path / "buy-and-have.dot"
    assert path.read_text(encoding="utf-8") == journey_dot(galeria, journey)


def test_graphviz_not_found(
    galeria: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(GraphvizNotFound) as raised:
        render_graphs(galeria, [galeria.journeys["buy-and-have"]], "svg", tmp_path)
    assert str(raised.value) == (
        "Graphviz's `dot` was not found: install it (Debian/Ubuntu: apt-get install "
        "graphviz; macOS: brew install graphviz; Windows: winget install graphviz) "
        "or use --format dot"
    )
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("output_format", ["svg", "png", "pdf"])
def test_one_dot_process_per_journey(
    dot: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    """A graph drawn second by a ``dot`` process could come out different from run to
    run; drawn by a fresh process, it is the same every time."""
    workspace = cjm.load_workspace(EXAMPLES / "clinic")
    journeys = [workspace.journeys[key] for key in sorted(workspace.journeys)]
    assert len(journeys) == 4
    calls: list[list[str]] = []
    real_popen: Callable[..., Any] = subprocess.Popen

    def spy(command: list[str], *args: Any, **kwargs: Any) -> Any:
        calls.append(list(command))
        return real_popen(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", spy)
    paths = render_graphs(workspace, journeys, output_format, tmp_path)
    drawn = sorted([argument for argument in call if argument.endswith(".gv")] for call in calls)
    assert drawn == [["1.gv"], ["2.gv"], ["3.gv"], ["4.gv"]]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        f"{journey_id}.{output_format}"
        for journey_id in (
            "annual-checkup",
            "booking-a-specialist",
            "finding-a-diagnosis",
            "ongoing-treatment",
        )
    ]
    if output_format == "svg":
        for path in paths:
            ElementTree.parse(path)


def test_a_failing_dot_leaves_nothing_behind(
    galeria: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "bin" / "dot"
    broken.parent.mkdir()
    broken.write_text("#!/bin/sh\necho 'Error: out of cheese' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setattr(shutil, "which", lambda _name: str(broken))
    out = tmp_path / "out"
    with pytest.raises(GraphvizFailed) as raised:
        render_graphs(galeria, [galeria.journeys["buy-and-have"]], "svg", out)
    assert str(raised.value) == "Graphviz's dot failed: Error: out of cheese"
    assert not list(out.iterdir())


def test_unknown_format(galeria: Workspace, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="gif"):
        render_graphs(galeria, [galeria.journeys["buy-and-have"]], "gif", tmp_path)


@pytest.mark.parametrize("output_format", ["dot", "svg", "png", "pdf"])
def test_hand_made_same_input_same_bytes(tmp_path: Path, output_format: str) -> None:
    """Through the command, on files written here: two runs, two folders, same bytes."""
    if output_format != "dot":
        need_dot()
    outputs = []
    # Four runs: when one dot process drew both journeys, the second one's SVG or PDF
    # changed from run to run only now and then.
    runs = ["first", "second-run", "third", "fourth"]
    for name in runs:
        write_shop(tmp_path / name)
        out = tmp_path / name / "out"
        result = run_cli("render", str(tmp_path / name), "-f", output_format, "-o", str(out))
        assert result.status == 0, result.stderr
        outputs.append(out)
    names = sorted(path.name for path in outputs[0].iterdir())
    assert names == [f"ideal.{output_format}", f"now.{output_format}"]
    for name in names:
        for other in outputs[1:]:
            assert (outputs[0] / name).read_bytes() == (other / name).read_bytes(), name
