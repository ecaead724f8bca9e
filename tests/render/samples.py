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


#: A small workspace over several files, for the HTML page, the index and the command:
#: ``ideal`` improves on ``now``; a step without emotion, a stage without steps and
#: baseline steps matched by id, by position and not at all. The expected values in the
#: tests are read off this text by hand.
SHOP = {
    "cjm.yaml": "cjm: 1\nname: Lamp shop\n",
    "personas/ola.yaml": """
        cjm: 1
        kind: persona
        id: ola
        name: Ola
        goals: [A lamp that works]
        """,
    "touchpoints/web.yaml": """
        cjm: 1
        kind: touchpoint
        id: web
        name: Web shop
        channel: web
        mode: online
        operator: automated
        """,
    "journeys/now.yaml": """
        cjm: 1
        kind: journey
        id: now
        title: Buying a lamp today
        persona: ola
        state: current
        touchpoints:
          - {id: courier, name: Courier, mode: offline, operator: human}
        stages:
          - id: look
            name: Look
            phase: pre-purchase
            steps:
              - {id: search, action: Searches for a lamp, touchpoint: web, emotion: -1}
              - {id: compare, action: Compares two lamps, touchpoint: web}
              - id: choose
                action: Chooses the cheaper one
                touchpoint: web
                emotion: 1
                pain_points: [Delivery cost shown late]
                opportunities: [Show the delivery cost on the lamp's page]
          - id: pay
            name: Pay
            phase: purchase
          - id: get
            name: Get
            phase: post-purchase
            steps:
              - {id: receive, action: Receives the lamp, touchpoint: courier, emotion: -2}
        """,
    "journeys/later/ideal.yaml": """
        cjm: 1
        kind: journey
        id: ideal
        title: Buying a lamp next year
        persona: ola
        state: ideal
        baseline: now
        stages:
          - id: look
            name: Look
            phase: pre-purchase
            steps:
              - {id: search, action: Finds the lamp at once, touchpoint: web, emotion: 2}
              - {id: advice, action: Asks for advice in a chat, emotion: 1}
              - {id: choose, action: Chooses with the full price shown, emotion: 2}
          - id: get
            name: Get
            phase: post-purchase
            steps:
              - {id: track, action: Tracks the parcel, emotion: 1, baseline_step: receive}
              - {id: unpack, action: Unpacks a lamp that works, emotion: 2}
        """,
}


def write_shop(folder: Path) -> Path:
    """Write :data:`SHOP` into ``folder`` and return it."""
    for name, text in SHOP.items():
        write(folder, name, text)
    return folder


# --- An ideal journey that adds, drops and replaces steps of its baseline -------------

TODAY = """
cjm: 1
kind: journey
id: card-today
title: Getting the card today
persona: ola
stages:
  - id: order
    name: Order
    steps:
      - {id: browse, action: Browses the card offers, emotion: 1}
      - {id: applies, action: Applies for the card online, emotion: 0}
  - id: wait
    name: Wait
    steps:
      - {id: waits-courier, action: Waits for the courier, emotion: -1}
      - {id: calls-support, action: Calls support about the delay, emotion: -2}
      - {id: checks-tracking, action: Checks the tracking page again, emotion: -1}
  - id: complain
    name: Complain
    steps:
      - {id: writes-complaint, action: Writes a complaint, emotion: -2}
  - id: use
    name: Use
    steps:
      - {id: activates, action: Activates the card, emotion: 2}
      - {id: no-feeling, action: Reads the terms}
"""

IDEAL = """
cjm: 1
kind: journey
id: card-ideal
title: Getting the card next year
persona: ola
state: ideal
baseline: card-today
stages:
  - id: order
    name: Order
    steps:
      - {id: browse, action: Finds the right card at once, emotion: 2}
      - {id: applies, action: Applies in two minutes, emotion: 1}
      - {id: gets-tips, action: Reads tips on using the card, emotion: 1}
  - id: wait
    name: Wait
    steps:
      - id: picks-up-locker
        action: Picks the card up from a parcel locker
        emotion: 2
        baseline_step: waits-courier
  - id: use
    name: Use
    steps:
      - {id: activates, action: Activates the card in the app, emotion: 2}
      - {id: adds-to-wallet, action: Adds the virtual card to Google Pay, emotion: 2}
"""

PERSONA = """
cjm: 1
kind: persona
id: ola
name: Ola
goals: [A card that arrives]
"""


def write_cards(folder: Path) -> Path:
    """The workspace of :data:`TODAY` and :data:`IDEAL` (the baseline overlay's tests)."""
    write(folder, "cjm.yaml", "cjm: 1\nname: Cards\n")
    write(folder, "personas/ola.yaml", PERSONA)
    write(folder, "journeys/today.yaml", TODAY)
    write(folder, "journeys/ideal.yaml", IDEAL)
    return folder
