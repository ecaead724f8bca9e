"""Rendering journeys: the HTML page (the main output), Graphviz diagrams and Mermaid.

Python builds plain data (:mod:`cjm.render.view`); jinja2 templates only loop and print.
Every output goes through :func:`cjm.files.write_atomic`, and the same input gives the
same bytes, so a rendered map can itself be reviewed in a diff.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from cjm.registry import FormatRegistry

if TYPE_CHECKING:  # the CLI imports this package for RenderFormat: keep it light
    from cjm.render.output import Renderer


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


#: Each format's writer (:mod:`cjm.render.output`), the same shape as every command's
#: formats (:mod:`cjm.registry`); Graphviz draws the four image and graph formats.
RENDERERS: FormatRegistry[RenderFormat, Renderer] = FormatRegistry(
    RenderFormat,
    {
        RenderFormat.HTML: "cjm.render.output:write_html",
        RenderFormat.SVG: "cjm.render.output:write_graphviz",
        RenderFormat.PNG: "cjm.render.output:write_graphviz",
        RenderFormat.PDF: "cjm.render.output:write_graphviz",
        RenderFormat.DOT: "cjm.render.output:write_graphviz",
        RenderFormat.MERMAID: "cjm.render.output:write_mermaid",
    },
)
