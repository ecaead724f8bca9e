"""Every example page passes axe-core in Chromium, light and dark: no serious or critical
violation (text contrast of at least 4.5:1 is axe's ``color-contrast`` rule).

The page itself forbids scripts (its Content-Security-Policy); the test's browser
context bypasses that policy to inject axe, as an auditor's extension would.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cjm.render import RenderFormat
from cjm.render.output import choose_journeys, render
from cjm.workspace import load_workspace
from tests.conftest import EXAMPLES
from tests.render.needs import AXE_JS, need_axe
from tests.render.pages import launch

_EXAMPLES = ("clinic", "first-draft", "galeria", "smm-course")
_PAGES = {
    "clinic": (
        "annual-checkup",
        "booking-a-specialist",
        "finding-a-diagnosis",
        "ongoing-treatment",
        "index",
    ),
    "first-draft": ("dental-first-visit", "index"),
    "galeria": ("buy-and-have", "buy-and-have-ideal", "index"),
    "smm-course": ("smm-course-journey", "index"),
}
_CASES = [
    (example, page, scheme)
    for example in _EXAMPLES
    for page in _PAGES[example]
    for scheme in ("light", "dark")
]
_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example rendered once, on a fixed day."""
    folders: dict[str, Path] = {}
    for example in _EXAMPLES:
        workspace = load_workspace(EXAMPLES / example)
        out = tmp_path_factory.mktemp(example)
        chosen = choose_journeys(workspace, [])
        render(workspace, chosen, RenderFormat.HTML, out, today=datetime.date(2026, 12, 1))
        folders[example] = out
    return folders


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    need_axe()
    yield from launch()


def test_every_example_page_is_listed() -> None:
    """The parametrisation below covers every page the examples render."""
    for example in _EXAMPLES:
        workspace = load_workspace(EXAMPLES / example)
        assert sorted([*workspace.journeys, "index"]) == sorted(_PAGES[example])


@pytest.mark.parametrize(("example", "name", "scheme"), _CASES)
def test_no_serious_or_critical_violation(
    site: dict[str, Path], browser: Any, example: str, name: str, scheme: str
) -> None:
    context = browser.new_context(
        viewport={"width": 1600, "height": 1000}, color_scheme=scheme, bypass_csp=True
    )
    try:
        page = context.new_page()
        page.goto((site[example] / f"{name}.html").resolve().as_uri())
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(_RUN)
    finally:
        context.close()
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_axe_finds_the_chip_contrast_the_old_palette_had(tmp_path: Path, browser: Any) -> None:
    """The harness is live: white on the old +1 blue (3.3:1) is reported as serious."""
    page_file = tmp_path / "chip.html"
    page_file.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>chip</title></head><body><main>'
        '<span style="color:#ffffff;background:#4f93c6;font-size:12px;font-weight:700">+1</span>'
        "</main></body></html>",
        encoding="utf-8",
    )
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(page_file.resolve().as_uri())
        page.add_script_tag(path=str(AXE_JS))
        violations = page.evaluate(_RUN)
    finally:
        context.close()
    serious = [(v["id"], v["impact"]) for v in violations if v["impact"] != "moderate"]
    assert serious == [("color-contrast", "serious")]
