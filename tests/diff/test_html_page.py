"""The diff page reads at a glance (issue 13, item 4): resolved and delivered in green,
effects on changed cells, touchpoint names, headline numbers before → after, one palette
with the journey pages, and lane labels that never break a word (checked in Chromium)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from cjm import commands
from cjm.diff import DiffFormat
from cjm.html_templates import environment
from tests.conftest import EXAMPLES, run_cli, write
from tests.diff.conftest import JOURNEY, write_workspace
from tests.render.pages import launch


class Element:
    """A parsed element: tag, attributes and children (text as plain strings)."""

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Element | str] = []

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str, css: str | None = None) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag and (css is None or css in e.classes)]


class _Builder(HTMLParser):
    VOID = frozenset(("meta", "col", "br", "img", "link", "input", "hr", "circle", "line"))

    def __init__(self) -> None:
        super().__init__()
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while self.stack[-1].tag != tag:
            self.stack.pop()
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Element:
    builder = _Builder()
    builder.feed(page)
    return builder.root


def lane(page: Element, label: str) -> list[Element]:
    """The cells of the row whose lane label is ``label``."""
    for row in page.find_all("tr"):
        heads = row.find_all("th", "lane")
        if heads and heads[0].text == label:
            return row.find_all("td")
    raise AssertionError(f"no lane {label!r}")


def marks(cell: Element) -> list[tuple[str, str, str]]:
    """(classes, data-effect, text) of each mark in a cell."""
    return [
        (" ".join(m.classes), m.attrs.get("data-effect", ""), m.text)
        for m in cell.find_all("span", "mark")
    ]


def headlines(page: Element) -> list[tuple[str, str, str, str]]:
    """(label, before, arrow classes, after) of each headline row."""
    rows = []
    for row in page.find_all("tr", "headline"):
        label = row.find_all("th")[0].text
        before = row.find_all("td", "before")[0].text
        after = row.find_all("td", "after")[0].text
        arrow = " ".join(row.find_all("span", "arrow")[0].classes)
        rows.append((label, before, arrow, after))
    return rows


#: The new version: 'calls' lifted to +1, its pain point gone, its opportunity done;
#: a second pain point on 'gets-sms' (a regression) and the metric's target met.
NEW = (
    JOURNEY.replace("emotion: -1", "emotion: 1")
    .replace("        pain_points: [Waits on hold]\n", "")
    .replace("text: Book online\n", "text: Book online\n            status: done\n")
    .replace(
        "        emotion: 1\n    metrics:",
        "        emotion: 1\n        pain_points: [SMS comes too late]\n    metrics:",
    )
    .replace("value: 4", "value: 2")
)
OLD = JOURNEY.replace("text: Book online\n", "text: Book online\n            status: planned\n")


def _page(tmp_path: Path, old: str, new: str) -> Element:
    write_workspace(tmp_path / "old", old)
    write_workspace(tmp_path / "new", new)
    result = commands.diff(
        str(tmp_path / "old"), str(tmp_path / "new"), output_format=DiffFormat.HTML
    )
    return parse(result.output)


def test_resolved_pain_point_and_delivered_opportunity_are_green(tmp_path: Path) -> None:
    page = _page(tmp_path, OLD, NEW)
    pains = lane(page, "Pain points")
    assert marks(pains[0]) == [("mark resolved", "improvement", "resolvedWaits on hold")]
    assert pains[0].classes == ["changed", "improvement"]
    assert marks(pains[1]) == [("mark added", "regression", "SMS comes too late")]
    assert pains[1].classes == ["changed", "regression"]
    assert pains[1].find_all("span", "effect")[0].text == "worse"
    opportunities = lane(page, "Opportunities")
    assert marks(opportunities[0]) == [
        ("mark delivered", "improvement", "deliveredBook online (planned → done)")
    ]
    emotion = lane(page, "Emotion")
    assert emotion[0].classes == ["changed", "improvement"]
    assert [e.text for e in emotion[0].find_all("span", "effect")] == ["better"]
    assert marks(emotion[0]) == [
        ("mark removed", "", "\u22121"),
        ("mark added", "improvement", "+1"),
    ]


def test_an_opportunity_removed_when_done_is_delivered(tmp_path: Path) -> None:
    done = JOURNEY.replace("text: Book online\n", "text: Book online\n            status: done\n")
    gone = JOURNEY.replace(
        "        opportunities:\n          - id: online-booking\n            text: Book online\n",
        "",
    )
    page = _page(tmp_path, done, gone)
    assert marks(lane(page, "Opportunities")[0]) == [
        ("mark delivered", "improvement", "deliveredBook online (done)")
    ]


def test_headline_numbers_before_and_after(tmp_path: Path) -> None:
    page = _page(tmp_path, OLD, NEW)
    assert headlines(page) == [
        ("Mean emotion", "0.00", "arrow improvement", "+1.00"),
        (
            "Lowest moment",
            "Calls the clinic (\u22121)",
            "arrow improvement",
            "Calls the clinic (+1)",
        ),
        ("Pain points", "1", "arrow", "1"),
        ("Metrics meeting target", "0 of 1", "arrow improvement", "1 of 1"),
    ]


def test_fewer_pain_points_is_an_improvement_and_more_a_regression(tmp_path: Path) -> None:
    fewer = JOURNEY.replace("        pain_points: [Waits on hold]\n", "")
    assert headlines(_page(tmp_path / "a", JOURNEY, fewer))[2] == (
        "Pain points",
        "1",
        "arrow improvement",
        "0",
    )
    assert headlines(_page(tmp_path / "b", fewer, JOURNEY))[2] == (
        "Pain points",
        "0",
        "arrow regression",
        "1",
    )


def test_touchpoints_are_shown_by_name(tmp_path: Path) -> None:
    inline = JOURNEY.replace(
        "stages:\n",
        "touchpoints:\n  - id: kiosk\n    name: Check-in kiosk\n    mode: offline\n"
        "    operator: automated\nstages:\n",
    )
    # 'calls' gains the inline kiosk; the touchpoints file renames the phone line.
    new = inline.replace("touchpoint: [phone, portal]", "touchpoint: [phone, portal, kiosk]")
    write_workspace(tmp_path / "old", inline)
    write_workspace(tmp_path / "new", new)
    touchpoints = tmp_path / "new" / "touchpoints.yaml"
    touchpoints.write_text(touchpoints.read_text().replace("name: Phone line", "name: Phone desk"))
    page = parse(
        commands.diff(
            str(tmp_path / "old"), str(tmp_path / "new"), output_format=DiffFormat.HTML
        ).output
    )
    assert [text for _, _, text in marks(lane(page, "Touchpoints")[0])] == [
        "Phone desk",
        "Patient portal",
        "Check-in kiosk",
    ]


def test_unchanged_shared_touchpoints_are_named_too(repo: Path) -> None:
    """The repo fixture changes only the journey: the touchpoints' file is the same in
    both revisions (and not sent between processes), yet the map names its touchpoints."""
    page = parse(commands.diff("HEAD~1", "HEAD", output_format=DiffFormat.HTML).output)
    assert [text for _, _, text in marks(lane(page, "Touchpoints")[0])] == [
        "Phone line",
        "Patient portal",
    ]


def test_an_ideal_journey_against_its_baseline_names_touchpoints(in_tmp: Path) -> None:
    write_workspace(in_tmp)
    ideal = JOURNEY.replace("id: checkup", "id: checkup-ideal\nstate: ideal\nbaseline: checkup")
    write(in_tmp, "journeys/ideal.yaml", ideal.replace("emotion: -1", "emotion: 2"))
    page = parse(
        commands.diff(
            None,
            baseline="checkup-ideal",
            workspace=str(in_tmp),
            output_format=DiffFormat.HTML,
        ).output
    )
    assert [text for _, _, text in marks(lane(page, "Touchpoints")[0])] == [
        "Phone line",
        "Patient portal",
    ]


def test_one_palette_with_the_journey_pages(tmp_path: Path) -> None:
    page = commands.diff(
        str(_written(tmp_path / "old", OLD)),
        str(_written(tmp_path / "new", NEW)),
        output_format=DiffFormat.HTML,
    ).output
    palette = environment("cjm.render").get_template("palette.css").render()
    assert "--e-2: #b35806;" in palette
    assert palette in page
    style = page.split("<style>")[1].split("</style>")[0].replace(palette, "")
    # The colours the journey pages define are not defined a second time.
    for name in ("--bg", "--paper", "--ink", "--muted", "--line", "--accent", "--lane"):
        assert f"{name}:" not in style


def _written(folder: Path, journey: str) -> Path:
    write_workspace(folder, journey)
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for the module; without it the tests skip, or fail under CI."""
    yield from launch()


#: Per lane label, words whose box is taller than one line (a word broken across lines).
BROKEN_WORDS = """() => {
  const broken = [];
  for (const th of document.querySelectorAll('th.lane')) {
    const node = th.firstChild;
    const text = node.textContent;
    const re = /\\S+/g;
    let m;
    while ((m = re.exec(text)) !== null) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      if (range.getClientRects().length !== 1) broken.push(m[0]);
    }
    if (th.scrollWidth > th.clientWidth) broken.push('overflow:' + text);
  }
  return broken;
}"""


def test_galeria_diff_page_in_chromium(tmp_path: Path, browser: Any) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLES / "galeria", old)
    shutil.copytree(EXAMPLES / "galeria", new)
    journey = new / "journeys" / "buy-and-have.yaml"
    lines = journey.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[42].strip() == "emotion: 1" and lines[47].strip() == "pain_points:"
    lines[42] = lines[42].replace("emotion: 1", "emotion: -1")
    del lines[47:50]  # the poster's only pain point
    journey.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "diff.html"
    result = run_cli("diff", str(old), str(new), "--format", "html", "--out", str(out))
    assert result.status == 0, result.stderr
    document = parse(out.read_text(encoding="utf-8"))
    cells = [mark for cell in document.find_all("td") for mark in cell.find_all("span", "mark")]
    resolved = [mark for mark in cells if "resolved" in mark.classes]
    assert [m.text for m in resolved] == [
        "resolvedThe poster names the programme but not what she would get for her first "
        "receipt (medium)"
    ]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(out.resolve().as_uri())
    assert errors == []
    labels = page.eval_on_selector_all("th.lane", "els => els.map(e => e.textContent)")
    assert labels[:7] == [
        "Stage",
        "Action",
        "Touchpoints",
        "Emotion",
        "Curve",
        "Pain points",
        "Opportunities",
    ]
    assert page.evaluate(BROKEN_WORDS) == []
    resolved_colour = page.eval_on_selector(
        "td span.mark.resolved", "e => getComputedStyle(e).textDecorationLine"
    )
    assert resolved_colour == "none"
    page.screenshot(path=str(tmp_path / "diff.png"), full_page=True)
    # The measure sees the old bug: lane labels allowed to break anywhere, as before.
    page.add_style_tag(content="table.grid th.lane { overflow-wrap: anywhere; min-width: 0 }")
    assert page.evaluate(BROKEN_WORDS) == ["Opportunities"]
    page.close()


def test_baseline_page_has_the_headline_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES / "galeria")
    result = run_cli("diff", "--baseline", "buy-and-have-ideal", "--format", "html")
    assert result.status == 0, result.stderr
    assert headlines(parse(result.stdout)) == [
        ("Mean emotion", "+0.85", "arrow improvement", "+1.50"),
        (
            "Lowest moment",
            "Clicks into the app, but the discount code will not open (\u22122)",
            "arrow improvement",
            "While waiting for the metro, sees the video with her favour\u2026 (+1)",
        ),
        ("Pain points", "10", "arrow improvement", "0"),
        ("Metrics meeting target", "0 of 14", "arrow", "0 of 14"),
    ]
