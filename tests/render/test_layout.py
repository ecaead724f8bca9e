"""The journey page on a screen and a phone, measured in Chromium on every example page.

Issue 12's complaints, each turned into a measurement: the map sat 1,000 px down and in
a box that scrolled both ways; words broke mid-word; the phone page was 646 px wide in
a 390 px window.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.render.pages import IDS, PAGES, launch, render_examples

#: Where the lane headers start before any scrolling: the page's 28 px side padding
#: (style.css ``.page``) and the map's 1 px left border.
MAP_LEFT = 29


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launch()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return render_examples(tmp_path_factory)


def _open(browser: Any, path: Path, width: int, height: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(path.resolve().as_uri())
    return page


@pytest.mark.parametrize(("workspace", "journey"), PAGES, ids=IDS)
def test_the_map_is_on_the_first_screen(
    site: dict[str, Path], browser: Any, workspace: str, journey: str
) -> None:
    page = _open(browser, site[workspace] / f"{journey}.html", 1280, 800)
    try:
        tops = page.evaluate(
            """() => ['table.map thead tr.phases', 'table.map tr.lane-actions']
                .map(s => document.querySelector(s).getBoundingClientRect().top)"""
        )
        assert tops[0] < tops[1] < 800, tops
        # The persona card and goal details come after the map, not before it.
        order = page.evaluate(
            """() => [document.querySelector('table.map'), document.querySelector('.after')]
                .map(n => n.getBoundingClientRect().top)"""
        )
        assert order[0] < order[1]
    finally:
        page.close()


@pytest.mark.parametrize(("workspace", "journey"), PAGES, ids=IDS)
def test_the_page_scrolls_not_a_box(
    site: dict[str, Path], browser: Any, workspace: str, journey: str
) -> None:
    page = _open(browser, site[workspace] / f"{journey}.html", 1280, 800)
    try:
        boxes = page.evaluate(
            """() => {
              const found = [];
              for (let n = document.querySelector('table.map'); n; n = n.parentElement) {
                const s = getComputedStyle(n);
                const clips = /(auto|scroll|hidden)/.test(s.overflowX + s.overflowY);
                if (clips || s.maxHeight !== 'none') found.push(n.tagName + '.' + n.className);
              }
              return found;
            }"""
        )
        assert boxes == []
        height = page.evaluate("document.scrollingElement.scrollHeight")
        assert height > 800
    finally:
        page.close()


@pytest.mark.parametrize(("workspace", "journey"), PAGES, ids=IDS)
def test_headers_stay_in_view_when_the_page_scrolls(
    site: dict[str, Path], browser: Any, workspace: str, journey: str
) -> None:
    page = _open(browser, site[workspace] / f"{journey}.html", 1280, 800)
    try:
        page.evaluate(
            """() => window.scrollTo(600,
                 document.querySelector('tr.lane-feelings').getBoundingClientRect().top - 300)"""
        )
        seen = page.evaluate(
            """() => { const box = s => document.querySelector(s).getBoundingClientRect();
            return {
              scrollX: window.scrollX,
              scrollY: window.scrollY,
              phase: box('tr.phases th').top,
              phaseBottom: box('tr.phases th').bottom,
              stage: box('tr.stages th:nth-child(2)').top,
              lane: box('tr.lane-feelings th').left,
            }; }"""
        )
        assert seen["scrollY"] > 300, "the page itself scrolled"
        assert seen["phase"] == 0, seen
        assert abs(seen["stage"] - seen["phaseBottom"]) < 1, seen
        assert seen["lane"] == max(0, MAP_LEFT - seen["scrollX"]), seen
    finally:
        page.close()


@pytest.mark.parametrize(("workspace", "journey"), PAGES, ids=IDS)
@pytest.mark.parametrize("width", [1600, 1280, 390])
def test_no_word_is_broken_or_spills_out(
    site: dict[str, Path], browser: Any, workspace: str, journey: str, width: int
) -> None:
    page = _open(browser, site[workspace] / f"{journey}.html", width, 844)
    try:
        report = page.evaluate(
            """() => {
              const root = document.querySelector(
                getComputedStyle(document.querySelector('table.map')).display === 'none'
                  ? '.sheets' : 'table.map');
              const styles = new Set();
              const broken = [];
              const spilled = [];
              for (const el of root.querySelectorAll('*')) {
                const s = getComputedStyle(el);
                styles.add(s.overflowWrap + '/' + s.wordBreak + '/' + s.hyphens);
              }
              for (const cell of root.querySelectorAll('td, th, .card-step > div')) {
                if (cell.scrollWidth > cell.clientWidth + 1) spilled.push(cell.textContent);
              }
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
              const range = document.createRange();
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                if (n.parentElement.closest('svg, .sr-only')) continue;
                for (const m of n.data.matchAll(/[^\\s\\u002d\\u2010\\u2013\\u2014]+/g)) {
                  range.setStart(n, m.index);
                  range.setEnd(n, m.index + m[0].length);
                  const lines = new Set([...range.getClientRects()]
                    .filter(r => r.width > 0).map(r => Math.round(r.top)));
                  if (lines.size > 1) broken.push(m[0]);
                }
              }
              return {styles: [...styles].sort(), broken, spilled};
            }"""
        )
        assert report["broken"] == []
        assert report["spilled"] == []
        assert report["styles"] == ["normal/normal/manual"]
    finally:
        page.close()


@pytest.mark.parametrize(("workspace", "journey"), PAGES, ids=IDS)
def test_a_phone_gets_one_column_of_step_cards(
    site: dict[str, Path], browser: Any, workspace: str, journey: str
) -> None:
    page = _open(browser, site[workspace] / f"{journey}.html", 390, 844)
    try:
        assert page.evaluate("document.scrollingElement.scrollWidth") == 390
        seen = page.evaluate(
            """() => ({
              table: getComputedStyle(document.querySelector('table.map')).display,
              columns: document.querySelectorAll('td.step, td.placeholder').length,
              cards: [...document.querySelectorAll('.card-step')]
                .filter(n => n.getBoundingClientRect().width > 0).length,
              lefts: [...new Set([...document.querySelectorAll('.card-step')]
                .map(n => Math.round(n.getBoundingClientRect().left)))],
              chips: [...document.querySelectorAll('.card-step:not(.placeholder) .emotion')]
                .filter(n => n.getBoundingClientRect().width > 0).length,
              steps: document.querySelectorAll('.card-step:not(.placeholder)').length,
            })"""
        )
        assert seen["table"] == "none"
        assert seen["cards"] == seen["columns"]
        assert seen["lefts"] == [12], "cards are stacked in one column"
        assert seen["chips"] == seen["steps"], "every step shows its emotion as a chip"
    finally:
        page.close()


def test_a_wide_map_has_an_overview_linking_to_each_stage(
    site: dict[str, Path], browser: Any
) -> None:
    page = _open(browser, site["galeria"] / "buy-and-have.html", 1280, 800)
    try:
        links = page.locator(".overview a").evaluate_all(
            "ns => ns.map(n => [n.getAttribute('href'), n.querySelector('b').textContent])"
        )
        assert links == [
            ["#stage-sensitization", "Sensitization"],
            ["#stage-consideration", "Consideration"],
            ["#stage-registration", "Registration"],
            ["#stage-customer-service", "Customer service"],
            ["#stage-loyalty", "Loyalty"],
        ]
        for href, _ in links:
            assert page.locator(f"th{href}").count() == 1
        assert page.locator(".overview .pains [aria-hidden]").all_inner_texts() == [
            "●●",
            "●",
            "●●●●",
            "●●",
            "●",
        ]
        assert page.locator(".overview svg.overview-curve circle").count() == 20
    finally:
        page.close()
    small = _open(browser, site["first-draft"] / "dental-first-visit.html", 1280, 800)
    try:
        assert small.locator(".overview").count() == 0
    finally:
        small.close()


def test_step_ids_are_tooltips_and_evidence_is_folded(site: dict[str, Path], browser: Any) -> None:
    page = _open(browser, site["galeria"] / "buy-and-have.html", 1280, 800)
    try:
        first = page.locator("td.step").first
        assert first.get_attribute("title") == first.get_attribute("data-step")
        assert page.locator(".stepid").count() == 0
        evidence = page.locator("tr.lane-evidence td ul").first
        assert not evidence.is_visible()
        page.locator("tr.lane-evidence summary").click()
        assert evidence.is_visible()
    finally:
        page.close()
