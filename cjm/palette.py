"""Every colour cjm draws with, light and dark: one source for the HTML pages (their
``palette.css`` prints these as CSS custom properties) and for Graphviz diagrams.

Emotions are one diverging palette (orange for negative, grey for neutral, purple for
positive) kept apart from the "problem" red of pain points, missed targets and losses,
so a red mark always means a problem and never just a low score. Text on an emotion
takes its own ``on-e*`` colour: each pair is at least 4.5:1 (axe-core checks the pages
in tests/render/test_axe.py). The curve's line is a neutral ink, never the colour of a
+2 point. This module imports nothing: any layer may ask it.
"""

from __future__ import annotations

LIGHT: dict[str, str] = {
    "bg": "#f7f7f5", "paper": "#ffffff", "ink": "#1d1f21", "muted": "#5f6368",
    "line": "#dcdcd6", "accent": "#2f5d8a", "lane": "#f0efe9",
    "e-2": "#b35806", "e-1": "#e08a2c", "e0": "#9a9a9a", "e1": "#998ec3", "e2": "#542788",
    "on-e-2": "#ffffff", "on-e-1": "#1d1f21", "on-e0": "#1d1f21", "on-e1": "#1d1f21",
    "on-e2": "#ffffff",
    "curve": "#4a4d52", "baseline": "#5f6368",
    "gain": "#1d7a4c", "loss": "#b2182b",
    "evidence": "#2f5d8a", "evidence-track": "#dcdcd6", "assumption": "#5f6368",
    "pain": "#b2182b", "pain-bg": "#fdecea", "opp": "#1d7a4c", "opp-bg": "#e6f4ec",
    "pre": "#e9eef6", "purchase": "#f6efe4", "post": "#e8f3ee", "none": "#eeeeee",
    "met": "#1d7a4c", "missed": "#b2182b", "unknown": "#5f6368",
}  # fmt: skip

DARK: dict[str, str] = {
    "bg": "#141517", "paper": "#1d1f22", "ink": "#e8e6e3", "muted": "#a3a6ab",
    "line": "#34373c", "accent": "#8ab4e8", "lane": "#24272b",
    "e-2": "#e08214", "e-1": "#fdb863", "e0": "#8d8d8d", "e1": "#c9c3ea", "e2": "#9a8fd6",
    "on-e-2": "#111315", "on-e-1": "#111315", "on-e0": "#111315", "on-e1": "#111315",
    "on-e2": "#111315",
    "curve": "#c4c7cc", "baseline": "#a3a6ab",
    "gain": "#7fd6a4", "loss": "#ff8a80",
    "evidence": "#8ab4e8", "evidence-track": "#34373c", "assumption": "#a3a6ab",
    "pain": "#ff8a80", "pain-bg": "#3a2224", "opp": "#7fd6a4", "opp-bg": "#1f3329",
    "pre": "#222b36", "purchase": "#352e24", "post": "#20322a", "none": "#2a2a2a",
    "met": "#7fd6a4", "missed": "#ff8a80", "unknown": "#a3a6ab",
}  # fmt: skip


def emotion(score: int) -> str:
    """An emotion's colour (light palette, as printed on paper): ``e-2`` ... ``e2``."""
    return LIGHT[f"e{score}"]


def on_emotion(score: int) -> str:
    """The text colour on :func:`emotion`'s colour."""
    return LIGHT[f"on-e{score}"]


def custom_properties(colours: dict[str, str]) -> str:
    """``--bg: #f7f7f5; --paper: ...;`` for a CSS rule."""
    return " ".join(f"--{name}: {value};" for name, value in colours.items())
