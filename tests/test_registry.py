"""Every output format of every command is chosen one way (issue 20, item 1): an enum
and a :class:`~cjm.registry.FormatRegistry` naming each member's writer."""

from __future__ import annotations

import enum
from collections.abc import Callable

import pytest

from cjm.diff import DiffFormat
from cjm.diff.formats import FORMATTERS as DIFF_FORMATTERS
from cjm.formatters import FORMATTERS, OutputFormat
from cjm.registry import FormatRegistry
from cjm.render import RENDERERS, RenderFormat
from cjm.report import ReportFormat
from cjm.report.formats import FORMATTERS as REPORT_FORMATTERS


class Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


def test_a_format_without_a_writer_is_refused_when_the_registry_is_made() -> None:
    with pytest.raises(TypeError, match="Colour: no writer for BLUE"):
        FormatRegistry[Colour, Callable[[], str]](Colour, {Colour.RED: "json:dumps"})


def test_a_writer_is_named_module_colon_function() -> None:
    with pytest.raises(TypeError, match="module:function"):
        FormatRegistry[Colour, object](Colour, {Colour.RED: "json", Colour.BLUE: "json:dumps"})


@pytest.mark.parametrize(
    ("registry", "names"),
    [
        (FORMATTERS, OutputFormat),
        (DIFF_FORMATTERS, DiffFormat),
        (RENDERERS, RenderFormat),
        (REPORT_FORMATTERS, ReportFormat),
    ],
)
def test_every_format_of_every_command_has_a_callable_writer(
    registry: FormatRegistry[enum.StrEnum, object], names: type[enum.StrEnum]
) -> None:
    for name in names:
        assert callable(registry[name]), name
