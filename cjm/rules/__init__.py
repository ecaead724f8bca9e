"""Lint rules: one module per rule, found by name, each with its code and docs.

A rule module is named ``cjm2NN_<name>.py`` and defines ``RULE`` (code, name, default
severity, summary) and ``check(workspace)`` yielding :class:`Finding`s; a rule that
compares dates with today declares ``check(workspace, *, today)`` and gets the day of
the command (``--today`` or :func:`cjm.clock.today`). Its docstring is
its documentation: the first line a summary, then ``## Why it matters``. Bad and good
examples live beside the rules in ``examples/CJM2NN/``. Adding a rule means adding one
module and its two examples, then regenerating ``docs/rules.md`` (``cjm rules
--markdown``); nothing else is edited, and the tests count rules from this registry
(sqlfluff and yamllint work alike).

Suppressions, configuration and positions are applied once, in :mod:`cjm.lint`, so a
rule only says *what* is wrong and *which object* it is about.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from types import ModuleType
from typing import TYPE_CHECKING

from cjm.diagnostics import CodeInfo, Severity

if TYPE_CHECKING:
    from cjm.loader import Position
    from cjm.model import JourneyDocument, Stage, Step, TouchpointFields
    from cjm.validate import Entry
    from cjm.workspace import Workspace

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """What a rule is called and how loud it is by default."""

    code: str
    name: str
    severity: Severity
    summary: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule's verdict on one object of one document.

    ``loc`` is the object's path in the document, as pydantic reports locations
    (``("stages", 2, "steps", 0)``). ``whole_object`` points the diagnostic at the
    object's ``id:`` key (or first key), where the README's "Output" puts whole-object findings;
    otherwise it points at the value at ``loc``. ``position``, when given, is where the
    finding points instead: a finding about a comment (CJM218) is about text that is in
    no object, so no ``loc`` can say where it is.
    """

    entry: Entry
    loc: Loc
    message: str
    whole_object: bool = True
    position: Position | None = None


Check = Callable[..., Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class LoadedRule:
    """A rule with its check and documentation, as the registry hands it out."""

    rule: Rule
    check: Check
    rationale: str
    module: str
    needs_today: bool = False

    def findings(self, workspace: Workspace, today: datetime.date) -> Iterator[Finding]:
        """The rule's findings, given the day when it compares dates with today."""
        if self.needs_today:
            return self.check(workspace, today=today)
        return self.check(workspace)

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def info(self) -> CodeInfo:
        return CodeInfo(
            self.rule.code, self.rule.name, self.rule.severity, self.rule.summary, self.rationale
        )

    def example(self, kind: str) -> str:
        """The rule's ``bad`` or ``good`` example, as YAML text."""
        folder = resources.files("cjm.rules") / "examples" / self.code
        return (folder / f"{kind}.yaml").read_text(encoding="utf-8")


_MODULE_NAME = re.compile(r"cjm(\d{3})_[a-z0-9_]+\Z")


@cache
def all_rules() -> tuple[LoadedRule, ...]:
    """Every rule, sorted by code; imported on first use, not at start-up."""
    loaded: list[LoadedRule] = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        match = _MODULE_NAME.match(module_info.name)
        if match is None:
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        loaded.append(_load(module, f"CJM{match.group(1)}"))
    codes = [item.code for item in loaded]
    if len(set(codes)) != len(codes):
        raise RuntimeError(f"duplicate rule codes: {codes}")
    names = [item.rule.name for item in loaded]
    if len(set(names)) != len(names):
        raise RuntimeError(f"duplicate rule names: {names}")
    return tuple(loaded)


def _load(module: ModuleType, code: str) -> LoadedRule:
    rule = getattr(module, "RULE", None)
    check = getattr(module, "check", None)
    if not isinstance(rule, Rule) or not callable(check):
        raise RuntimeError(f"{module.__name__} must define RULE = Rule(...) and check()")
    if rule.code != code:
        raise RuntimeError(f"{module.__name__} is named for {code} but declares {rule.code}")
    doc = (module.__doc__ or "").strip()
    _, _, rationale = doc.partition("## Why it matters")
    if not rationale.strip():
        raise RuntimeError(f"{module.__name__} needs a '## Why it matters' section")
    needs_today = "today" in inspect.signature(check).parameters
    return LoadedRule(rule, check, rationale.strip(), module.__name__, needs_today)


def codes_named(key: str) -> tuple[str, ...]:
    """The rule codes one key stands for: a code, a rule's name or a code prefix.

    The one reading of what a user calls a rule, so ``--select``/``--ignore``, the
    ``lint`` section of ``cjm.yaml`` and ``# cjm: ignore[...]`` comments accept the same
    words: ``CJM209``, ``step-without-evidence`` and ``CJM20`` (every CJM20x) alike, in
    any case. Empty when the key names no rule (a typo, or a CJM1xx code, which is no
    rule): the caller decides whether that is a usage error or a finding.
    """
    return _codes_named(key.strip().lower())


@lru_cache(maxsize=1024)  # keys come from user text: bounded, but each file repeats a few
def _codes_named(key: str) -> tuple[str, ...]:
    if not key:
        return ()
    return tuple(
        item.code
        for item in all_rules()
        if item.rule.name == key or item.code.startswith(key.upper())
    )


def rule_by_code_or_name(key: str) -> LoadedRule | None:
    wanted = key.strip()
    for item in all_rules():
        if wanted.upper() == item.code or wanted.lower() == item.rule.name:
            return item
    return None


# ---------------------------------------------------------------------------------------
# Walking helpers shared by rules: every object with the path that locates it.


def journeys(workspace: Workspace) -> Iterator[tuple[Entry, JourneyDocument]]:
    for journey in workspace.journeys.values():
        yield workspace.entry_of(journey), journey


def stages(workspace: Workspace) -> Iterator[tuple[Entry, JourneyDocument, Loc, Stage]]:
    for entry, journey in journeys(workspace):
        for index, stage in enumerate(journey.stages):
            yield entry, journey, ("stages", index), stage


def steps(workspace: Workspace) -> Iterator[tuple[Entry, JourneyDocument, Loc, Step]]:
    """Every step of every journey, in journey order (stage by stage)."""
    for entry, journey, stage_loc, stage in stages(workspace):
        for index, step in enumerate(stage.steps):
            yield entry, journey, (*stage_loc, "steps", index), step


def used_touchpoints(
    workspace: Workspace, journey: JourneyDocument
) -> list[TouchpointFields] | None:
    """The touchpoints the journey's steps actually use (defined ones that go unused do
    not count towards a journey's channel mix).

    None when a step names a touchpoint whose document did not validate: its mode and
    operator are unknown, and a rule about the channel mix must not guess them (the
    invalid document has its own finding).
    """
    visible = workspace.touchpoints_visible_to(journey)
    used: list[TouchpointFields] = []
    for stage in journey.stages:
        for step in stage.steps:
            for reference in step.touchpoint:
                touchpoint = visible.get(reference)
                if touchpoint is not None:
                    used.append(touchpoint)
                elif workspace.defined_by_invalid("touchpoint", reference):
                    return None
    return used


def label(obj: object, fallback: str) -> str:
    """How a message names an object: its id, else its name or action, quoted."""
    for attribute in ("id", "name", "action", "description", "title"):
        value = getattr(obj, attribute, None)
        if value:
            text = str(value)
            return f"'{text if len(text) <= 50 else text[:47] + '...'}'"
    return fallback
