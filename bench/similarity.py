"""Measure :func:`cjm.matching.similarity` on the example maps, to set its thresholds.

Usage: ``similarity.py [FOLDER...]`` (default: every folder under ``examples/``).

Diff calls two objects one object renamed when they score at least
``cjm.matching.SAME_OBJECT``, and two texts of a list one item reworded at
``SAME_TEXT``. A threshold is right when it sits between two measured populations:

- *distinct*: every pair of different objects of one kind in one journey (steps,
  stages, metrics, goals, opportunities) or one workspace (touchpoints, personas,
  segments), and every pair of different pain points, thoughts and evidence items of
  one journey: what must never be called a rename or a rewording;
- *edited*: each object with its id changed and one or two real edits made to it
  (its emotion moved, a field cleared, its naming text reworded by a word or two, a
  touchpoint swapped...), and each text with a word added, dropped or replaced: what
  must be.

The script prints, per kind, the highest *distinct* score, the lowest *edited* score
and how many of each fall on the wrong side of the threshold.
"""

from __future__ import annotations

import itertools
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from cjm.matching import SAME_OBJECT, SAME_TEXT, SAME_TEXT_IN, similarity, text_similarity
from cjm.model import JourneyDocument, Step
from cjm.workspace import load_workspace

ROOT = Path(__file__).resolve().parent.parent


def reworded(text: str) -> Iterator[str]:
    """Edits a writer makes to a sentence without changing what it is about: a word
    added, an adverb inserted, a typo (two letters swapped in the longest word), and
    in a long sentence the last word or the first and last dropped."""
    words = text.split()
    yield text + " again"
    yield " ".join([*words[:1], "really", *words[1:]])
    longest = max(range(len(words)), key=lambda index: len(words[index]))
    word = words[longest]
    if len(word) > 4:
        typo = word[:2] + word[3] + word[2] + word[4:]
        yield " ".join([*words[:longest], typo, *words[longest + 1 :]])
    if len(words) > 5:
        yield " ".join(words[:-1])
        yield " ".join(words[1:-1])


def edits(model: BaseModel) -> Iterator[BaseModel]:
    """The model with a new id and one or two edits."""
    fields = type(model).model_fields
    naming = next(n for n in ("action", "title", "name", "text", "description") if n in fields)
    base = {"id": "renamed-id"} if "id" in fields else {}
    yield model.model_copy(update=base)
    for text in reworded(str(getattr(model, naming))):
        yield model.model_copy(update={**base, naming: text})
    for name in fields:
        if name in ("id", "cjm", "kind", naming):
            continue
        value = getattr(model, name)
        if isinstance(model, Step) and name == "emotion" and isinstance(value, int):
            moved = value + 1 if value < 2 else value - 1
            yield model.model_copy(update={**base, name: moved})
            yield model.model_copy(
                update={**base, name: moved, naming: getattr(model, naming) + " again"}
            )
        elif value not in (None, (), {}, "") and name not in ("stages", "steps"):
            yield model.model_copy(
                update={**base, name: None if not isinstance(value, tuple) else ()}
            )


def objects(folder: Path) -> dict[str, list[list[BaseModel]]]:
    """Groups of objects of one kind that may be compared, by kind."""
    workspace = load_workspace(folder)
    groups: dict[str, list[list[BaseModel]]] = defaultdict(list)
    for kind in ("persona", "segment", "touchpoint"):
        groups[kind].append([e.model for e in workspace.entries if e.model.kind == kind])
    for journey in workspace.journeys.values():
        assert isinstance(journey, JourneyDocument)
        steps = [step for stage in journey.stages for step in stage.steps]
        groups["stage"].append(list(journey.stages))
        groups["step"].append(list(steps))
        groups["metric"].append([m for stage in journey.stages for m in stage.metrics])
        groups["goal"].append(list(journey.goals))
        groups["opportunity"].append([o for step in steps for o in step.opportunities])
        for name in ("pain_points", "thoughts", "evidence"):
            texts = [getattr(item, "text", item) for step in steps for item in getattr(step, name)]
            groups[f"text:{name}"].append(list(dict.fromkeys(texts)))  # type: ignore[arg-type]
    return groups


def main(folders: list[Path]) -> None:
    distinct: dict[str, list[float]] = defaultdict(list)
    edited: dict[str, list[float]] = defaultdict(list)
    for folder in folders:
        for kind, groups in objects(folder).items():
            for group in groups:
                for first, second in itertools.combinations(group, 2):
                    if kind.startswith("text:"):
                        distinct[kind].append(text_similarity(str(first), str(second)))
                    elif first != second:
                        distinct[kind].append(similarity(first, second))
                for item in group:
                    if kind.startswith("text:"):
                        edited[kind] += [text_similarity(str(item), t) for t in reworded(str(item))]
                    else:
                        edited[kind] += [similarity(item, edit) for edit in edits(item)]
    header = ("kind", "distinct", "max", "wrong", "edited", "min", "wrong")
    print("{:<18} {:>8} {:>5} {:>5}   {:>6} {:>5} {:>5}".format(*header))
    for kind in sorted(set(distinct) | set(edited)):
        limit = SAME_TEXT_IN.get(kind[5:], SAME_TEXT) if kind.startswith("text:") else SAME_OBJECT
        high = max(distinct[kind], default=0.0)
        low = min(edited[kind], default=1.0)
        false_pairs = sum(score >= limit for score in distinct[kind])
        missed = sum(score < limit for score in edited[kind])
        print(
            f"{kind:<18} {len(distinct[kind]):>8} {high:>5.2f} {false_pairs:>5}   "
            f"{len(edited[kind]):>6} {low:>5.2f} {missed:>5}"
        )
    print(f"thresholds: object {SAME_OBJECT}, text {SAME_TEXT}")


if __name__ == "__main__":
    arguments = [Path(a) for a in sys.argv[1:]]
    main(arguments or sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir()))
