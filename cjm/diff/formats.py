"""The diff formats: one module each, one function ``(Comparison, color) -> str``.

:data:`FORMATTERS` maps each :class:`~cjm.diff.DiffFormat` to its module's function, a
:class:`~cjm.registry.FormatRegistry` as for every command's formats; each is imported
when used, so a run pays only for the format it prints. Formats only lay out the
comparison: matching and grouping are done once, in :mod:`cjm.diff.compare`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from cjm.diff import DiffFormat
from cjm.registry import FormatRegistry

if TYPE_CHECKING:
    from cjm.diff.compare import Comparison


class DiffFormatter(Protocol):
    def __call__(self, comparison: Comparison, *, color: bool = False) -> str: ...


FORMATTERS: FormatRegistry[DiffFormat, DiffFormatter] = FormatRegistry(
    DiffFormat,
    {
        DiffFormat.TEXT: "cjm.diff.text:format_text",
        DiffFormat.JSON: "cjm.diff.json:format_json",
        DiffFormat.MARKDOWN: "cjm.diff.markdown:format_markdown",
        DiffFormat.HTML: "cjm.diff.html:format_html",
    },
)


def formatter_for(output_format: DiffFormat) -> DiffFormatter:
    return FORMATTERS[output_format]


def render(comparison: Comparison, output_format: DiffFormat, *, color: bool = False) -> str:
    """The comparison in ``output_format``."""
    return formatter_for(output_format)(comparison, color=color)


__all__ = ["FORMATTERS", "DiffFormatter", "formatter_for", "render"]
