"""The outside programs the render tests need: skipped on a laptop that lacks one, failed
in CI.

A skipped test proves nothing, and a CI job where Chromium, Graphviz or Mermaid went
missing would otherwise report green while checking no page, no diagram at all. So when
the environment variable ``CI`` is set (GitHub Actions, GitLab and most others set it),
a missing program fails the test with the reason and the line that installs it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.render.samples import CHROMIUM

#: Mermaid 11's browser bundle, installed with npm beside the repository.
MERMAID_JS = Path(
    os.environ.get("CJM_MERMAID_JS", REPO / ".cache/npm/node_modules/mermaid/dist/mermaid.min.js")
)
#: axe-core's browser bundle (the accessibility checker), installed with npm likewise.
AXE_JS = Path(os.environ.get("CJM_AXE_JS", REPO / ".cache/npm/node_modules/axe-core/axe.min.js"))


def require(missing: str | None) -> None:
    """Go on when ``missing`` is None; otherwise skip, or fail under CI."""
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run this test for real: {missing}")
    pytest.skip(missing)


def chromium_missing() -> str | None:
    if CHROMIUM is None:
        return "Debian's chromium is not installed (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


def dot_missing() -> str | None:
    if shutil.which("dot") is None:
        return "Graphviz's dot is not installed (apt-get install graphviz)"
    return None


def mermaid_missing() -> str | None:
    browser = chromium_missing()
    if browser is not None:
        return browser
    if not MERMAID_JS.is_file():
        return f"{MERMAID_JS} is missing (npm install --prefix {REPO / '.cache/npm'} mermaid@11)"
    return None


def axe_missing() -> str | None:
    browser = chromium_missing()
    if browser is not None:
        return browser
    if not AXE_JS.is_file():
        return f"{AXE_JS} is missing (npm install --prefix {REPO / '.cache/npm'} axe-core@4)"
    return None


def need_chromium() -> None:
    require(chromium_missing())


def need_dot() -> None:
    require(dot_missing())


def need_mermaid() -> None:
    require(mermaid_missing())


def need_axe() -> None:
    require(axe_missing())
