"""Every example journey page, rendered once per test module, and Chromium to open them.

The layout and print tests look at each page of ``examples/`` the way a reader does;
the list of pages is written out so that a page that stops being rendered fails
instead of silently dropping out of the check.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, run_cli
from tests.render.needs import need_chromium
from tests.render.samples import CHROMIUM, LAUNCH_ARGS

#: (example workspace, journey page) for every journey in examples/.
PAGES = [
    ("clinic", "annual-checkup"),
    ("clinic", "booking-a-specialist"),
    ("clinic", "finding-a-diagnosis"),
    ("clinic", "ongoing-treatment"),
    ("first-draft", "dental-first-visit"),
    ("galeria", "buy-and-have"),
    ("galeria", "buy-and-have-ideal"),
    ("smm-course", "smm-course-journey"),
]
IDS = [f"{workspace}/{page}" for workspace, page in PAGES]


def render_examples(factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example workspace rendered to HTML, checked to give exactly :data:`PAGES`."""
    folders: dict[str, Path] = {}
    for workspace in sorted({name for name, _ in PAGES}):
        out = factory.mktemp(f"pages-{workspace}")
        result = run_cli("render", str(EXAMPLES / workspace), "--format", "html", "--out", str(out))
        assert result.status == 0, result.stderr
        journeys = sorted(path.stem for path in out.glob("*.html") if path.stem != "index")
        assert journeys == sorted(page for name, page in PAGES if name == workspace)
        folders[workspace] = out
    return folders


def launch() -> Iterator[Any]:
    """Debian's Chromium through playwright; skipped without it, failed under CI."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()
