"""A journey as a Mermaid ``journey`` diagram, for places that draw Mermaid natively
(GitHub, GitLab, Notion, Obsidian) and keep it beside the code.

The diagram has a title, a section per stage and a task per step, ``Action: score: Persona,
Touchpoint...``. Mermaid scores run 1 to 5 and cjm's emotion -2 to 2, so the score is
emotion + 3. A step without emotion gets the neutral 3 (Mermaid requires a score) and says
"(no emotion)" in its text, so the gap is not mistaken for a neutral moment. A stage
without steps gets one "(no steps yet)" task: Mermaid would leave an empty section out,
and the map would hide that the stage is unfinished.

Mermaid's journey syntax has no quoting, so text that would end or redirect a line is
replaced by look-alikes, never dropped (Mermaid 11's grammar, ``journey.jison``):

- ``:`` separates the task from its score and actors: U+2236 RATIO;
- ``;`` ends a statement: a comma;
- ``#`` starts a comment (and ``#name;`` an entity): U+FF03 FULLWIDTH NUMBER SIGN;
- ``%%`` starts a comment: ``% %``;
- ``,`` separates actors, in actor names only: U+201A SINGLE LOW-9 QUOTATION MARK;
- ``<`` and ``>``: U+2039 and U+203A (single angle quotation marks), since Mermaid's
  sanitiser drops tag-like text from titles (a title ``<b>x</b>`` vanished) and other
  renderers may read it as markup;
- newlines and other line breaks: a space;
- a task that starts with a keyword (``title``, ``section``, ``accDescr``...) would be
  read as that statement: an invisible word joiner (U+2060) goes before it.
"""

from __future__ import annotations

import re

from cjm.model import JourneyDocument, Stage, Step
from cjm.workspace import Workspace

__all__ = ["journey_mermaid", "mermaid_text"]

#: Emotion 0 on Mermaid's 1..5 scale, and the score of a step that has no emotion.
NEUTRAL_SCORE = 3

_REPLACEMENTS = str.maketrans(
    {
        ":": "\u2236",
        ";": ",",
        "#": "\uff03",
        "<": "\u2039",
        ">": "\u203a",
    }
)
#: Words the journey grammar reads as statements when a line starts with them.
_KEYWORD_START = re.compile(r"(?i)(?:journey|title\s|section\s|acctitle|accdescr)")
_WORD_JOINER = "\u2060"
#: Characters XML and JavaScript strings handle badly (controls, surrogates, U+FFFE..).
_UNSAFE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_INDENT = "    "


def journey_mermaid(workspace: Workspace, journey: JourneyDocument) -> str:
    """The journey as Mermaid ``journey`` source; same journey, same bytes."""
    persona = workspace.personas.get(journey.persona)
    persona_name = persona.name if persona is not None else journey.persona
    lines = ["journey", f"{_INDENT}title {mermaid_text(journey.title) or journey.id}"]
    # The accessible description runs to the end of its line, colons and all.
    description = f"Persona: {mermaid_text(persona_name)}."
    if journey.scenario:
        description += f" {mermaid_text(journey.scenario)}"
    lines.append(f"{_INDENT}accDescr: {description}")
    for stage in journey.stages:
        lines.append(f"{_INDENT}section {_section_name(stage)}")
        if not stage.steps:
            lines.append(f"{_INDENT * 2}(no steps yet): {NEUTRAL_SCORE}")
        for step in stage.steps:
            touchpoints = workspace.touchpoints_of_step(journey, step)
            names = [persona_name, *(touchpoint.name for touchpoint in touchpoints)]
            lines.append(f"{_INDENT * 2}{_task(step, names)}")
    return "\n".join(lines) + "\n"


def mermaid_text(text: str) -> str:
    """``text`` on one line, with nothing Mermaid's journey grammar would read as syntax."""
    one_line = " ".join(_UNSAFE.sub("\ufffd", text).split())
    safe = one_line.translate(_REPLACEMENTS)
    while "%%" in safe:
        safe = safe.replace("%%", "% %")
    return safe


def _task(step: Step, actor_names: list[str]) -> str:
    text = _task_text(step.action)
    if step.emotion is None:
        text += " (no emotion)"
        score = NEUTRAL_SCORE
    else:
        score = step.emotion + NEUTRAL_SCORE
    actors: list[str] = []
    for name in actor_names:
        actor = mermaid_text(name).replace(",", "\u201a")
        if actor and actor not in actors:
            actors.append(actor)
    return f"{text}: {score}: {', '.join(actors)}" if actors else f"{text}: {score}"


def _task_text(action: str) -> str:
    text = mermaid_text(action) or "(no text)"
    if _KEYWORD_START.match(text):
        text = _WORD_JOINER + text
    return text


def _section_name(stage: Stage) -> str:
    name = mermaid_text(stage.name) or "(unnamed stage)"
    if stage.phase is not None:
        name += f" ({stage.phase.value})"
    return name
