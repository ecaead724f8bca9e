"""The diff formats: one module each, one function ``(Comparison, color) -> str``.

:func:`formatter_for` picks the module by :class:`~cjm.diff.DiffFormat`, as
:func:`cjm.formatters.formatter_for` does for diagnostics; each is imported when used,
so a run pays only for the format it prints. Formats only lay out the comparison:
matching and grouping are done once, in :mod:`cjm.diff.compare`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from cjm.diff import DiffFormat

if TYPE_CHECKING:
    from cjm.diff.compare import Comparison


class DiffFormatter(Protocol):
    def __call__(self, comparison: Comparison, *, color: bool = False) -> str: ...


def formatter_for(output_format: DiffFormat) -> DiffFormatter:
    if output_format is DiffFormat.TEXT:
        from cjm.diff.text import format_text

        return format_text
    if output_format is DiffFormat.JSON:
        from cjm.diff.json import format_json

        return format_json
    if output_format is DiffFormat.MARKDOWN:
        from cjm.diff.markdown import format_markdown

        return format_markdown
    if output_format is DiffFormat.HTML:
        from cjm.diff.html import format_html

        return format_html
    from typing import assert_never

    assert_never(output_format)


def render(comparison: Comparison, output_format: DiffFormat, *, color: bool = False) -> str:
    """The comparison in ``output_format``."""
    return formatter_for(output_format)(comparison, color=color)


__all__ = ["DiffFormatter", "formatter_for", "render"]
