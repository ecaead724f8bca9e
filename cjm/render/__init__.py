"""Rendering journeys: the HTML page (the main output), Graphviz diagrams and Mermaid.

Python builds plain data (:mod:`cjm.render.view`); jinja2 templates only loop and print.
Every output goes through :func:`cjm.files.write_atomic`, and the same input gives the
same bytes, so a rendered map can itself be reviewed in a diff.
"""

from __future__ import annotations

import enum


class RenderFormat(enum.StrEnum):
    HTML = "html"
    SVG = "svg"
    PNG = "png"
    PDF = "pdf"
    DOT = "dot"
    MERMAID = "mermaid"

    @property
    def extension(self) -> str:
        return "mmd" if self is RenderFormat.MERMAID else self.value
