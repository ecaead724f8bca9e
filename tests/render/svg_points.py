"""The baseline points an HTML page draws, read back from its SVG.

Both the journey page and the diff page are parsed with the standard library's
tokenizer: inside an ``<svg>`` every element is closed, so a stack of open elements
tells which ``<title>`` belongs to which point (a point's own, or its ghost group's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str


@dataclass
class _Element:
    tag: str
    classes: frozenset[str]
    attrs: dict[str, str]
    parent: _Element | None
    title: str = ""
    children: list[_Element] = field(default_factory=list)


class _SvgReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Element] = []
        self.elements: list[_Element] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "svg" and not self.stack:
            return
        values = {key: value or "" for key, value in attrs}
        parent = self.stack[-1] if self.stack else None
        element = _Element(tag, frozenset(values.get("class", "").split()), values, parent)
        if parent is not None:
            parent.children.append(element)
        self.stack.append(element)
        self.elements.append(element)
        self.in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1].tag == tag:
            self.stack.pop()
        self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title and self.stack and self.stack[-1].parent is not None:
            self.stack[-1].parent.title += data


def _read(html: str) -> list[_Element]:
    reader = _SvgReader()
    reader.feed(html)
    reader.close()
    return reader.elements


def points(html: str, css_class: str) -> list[Point]:
    """Every ``<circle>`` of ``css_class``, in page order, titled by its own ``<title>``
    or, for a ghost, by its group's."""
    found: list[Point] = []
    for element in _read(html):
        if element.tag == "circle" and css_class in element.classes:
            title = element.title or (element.parent.title if element.parent else "")
            found.append(Point(float(element.attrs["cx"]), float(element.attrs["cy"]), title))
    return found


def polylines(html: str, css_class: str) -> list[str]:
    """The ``points`` of every ``<polyline>`` of ``css_class``, in page order."""
    return [
        element.attrs["points"]
        for element in _read(html)
        if element.tag == "polyline" and css_class in element.classes
    ]


def texts(html: str, css_class: str) -> list[str]:
    """The text of every SVG ``<text>`` of ``css_class`` (a ghost's score)."""
    reader = _TextReader(css_class)
    reader.feed(html)
    reader.close()
    return reader.found


class _TextReader(HTMLParser):
    def __init__(self, css_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.css_class = css_class
        self.found: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        self.inside = tag == "text" and self.css_class in classes.split()
        if self.inside:
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.found[-1] += data
