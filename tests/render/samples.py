"""Workspaces made by hand for the diagram tests: a small typical journey and a hostile one.

The hostile journey puts text that breaks naive DOT, SVG or Mermaid output into every
field the diagrams show, so one workspace exercises every escaping path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import cjm
from cjm.workspace import Workspace
from tests.conftest import write

#: Debian's Chromium, driven by playwright (browsers cannot be downloaded here); without
#: the background-networking flags it keeps trying to reach Google's hosts.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

HAND_MADE = """
cjm: 1
kind: persona
id: olek
name: Olek
---
cjm: 1
kind: touchpoint
id: shop-web
name: Web shop
channel: web
mode: online
operator: automated
---
cjm: 1
kind: journey
id: first-order
title: First order
persona: olek
touchpoints:
  - id: courier
    name: Courier
    mode: offline
    operator: human
stages:
  - id: order
    name: Order
    phase: purchase
    steps:
      - id: finds
        action: Finds the shop
        touchpoint: shop-web
        emotion: 1
        feeling: Hopeful
      - id: pays
        action: Pays with a card that the shop refuses twice before it goes through
        touchpoint: shop-web
        emotion: -2
        pain_points:
          - Card refused
          - text: No reason given
            severity: high
      - id: waits
        action: Waits for a confirmation e-mail
  - id: follow-up
    name: Follow-up
    phase: post-purchase
  - id: delivery
    name: Delivery
    phase: post-purchase
    steps:
      - id: receives
        action: Receives the parcel at the door
        touchpoint: [courier, shop-web]
        emotion: 2
      - id: unpacks
        action: Unpacks it
        emotion: 0
"""

#: Strings that break a label, a quoted string, XML or Mermaid's grammar when not escaped.
HOSTILE_TEXTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"quotes\" and 'single'",
    "{braces} a|b <port>",
    "back\\slash \\N \\G \\l \\E \\\\",
    "amp & &amp; &bogus; &#60;",
    "colon: semi; hash #1 %% comment",
    "]]> <!-- c --> <![CDATA[x]]>",
]


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (escapes for backslash and quote)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hostile_yaml() -> str:
    """A persona, a touchpoint and a journey whose shown texts are all hostile."""
    texts = [_quoted(text) for text in HOSTILE_TEXTS]
    steps = "\n".join(
        f"      - action: {text}\n"
        f"        touchpoint: evil\n"
        f"        emotion: {index % 5 - 2}\n"
        f"        feeling: {text}\n"
        f"        pain_points: [{text}]"
        for index, text in enumerate(texts)
    )
    return f"""
cjm: 1
kind: persona
id: mallory
name: {texts[0]}
---
cjm: 1
kind: touchpoint
id: evil
name: {texts[1]}
mode: online
operator: human
---
cjm: 1
kind: journey
id: hostile
title: {texts[3]}
persona: mallory
stages:
  - name: {texts[2]}
    steps:
{steps}
      - action: "Line one\\nline two\\ttabbed\\x07bell"
  - name: {texts[6]}
    steps:
      - action: {texts[5]}
        emotion: 1
"""


def load(folder: Path, text: str) -> Workspace:
    """A workspace of one file holding ``text``, loaded and free of errors."""
    write(folder, "journeys.yaml", text)
    workspace = cjm.load_workspace(folder)
    assert not workspace.has_errors, workspace.diagnostics
    return workspace
