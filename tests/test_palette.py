"""The one palette: every text colour it pairs with a background reads at 4.5:1 or more
(WCAG 2's contrast ratio; axe-core checks the pages, this checks the pairs the Graphviz
diagrams use, which no browser sees), and the pages print exactly these colours."""

from __future__ import annotations

import pytest

from cjm import palette
from cjm.html_templates import environment


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_of_a_known_pair() -> None:
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


@pytest.mark.parametrize("colours", [palette.LIGHT, palette.DARK], ids=["light", "dark"])
@pytest.mark.parametrize("score", range(-2, 3))
def test_text_on_every_emotion_reads(colours: dict[str, str], score: int) -> None:
    assert contrast(colours[f"on-e{score}"], colours[f"e{score}"]) >= 4.5


@pytest.mark.parametrize("colours", [palette.LIGHT, palette.DARK], ids=["light", "dark"])
@pytest.mark.parametrize("name", ["ink", "muted", "accent", "pain", "opp", "met", "missed"])
def test_text_colours_read_on_paper(colours: dict[str, str], name: str) -> None:
    assert contrast(colours[name], colours["paper"]) >= 4.5


def test_both_palettes_name_the_same_colours() -> None:
    assert list(palette.LIGHT) == list(palette.DARK)


def test_the_pages_print_the_palette() -> None:
    css = environment("cjm.render").get_template("palette.css").render()
    for name, value in palette.LIGHT.items():
        assert f"--{name}: {value};" in css.split("@media")[0]
    for name, value in palette.DARK.items():
        assert f"--{name}: {value};" in css.split("@media")[1]
