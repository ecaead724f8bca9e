"""Run the lint rules over a resolved workspace: configuration, positions, suppressions.

Rules only say which object is wrong; this module decides whether a rule runs
(``select``/``ignore``), how loud it is (``severity``), where the finding points, and
whether an inline ``# cjm: ignore[...]`` silences it — once, for every rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from cjm.diagnostics import (
    VALIDATION_CODES,
    CodeInfo,
    Diagnostic,
    ObjectPath,
    Severity,
    printable,
    sort_diagnostics,
)
from cjm.loader import find_node
from cjm.matching import (
    key_of_goal,
    key_of_metric,
    key_of_opportunity,
    key_of_stage,
    step_keys,
    unique_key,
)
from cjm.model import CjmDocument, JourneyDocument
from cjm.rules import LoadedRule, Loc, all_rules, codes_named
from cjm.suppress import apply_suppressions
from cjm.validate import Entry
from cjm.workspace import Workspace, paused_gc

Item = TypeVar("Item")
#: Each object of a document by its loc: its kind and the key ``cjm diff`` names it by.
Names = dict[Loc, tuple[str, str]]


class UnknownRuleError(ValueError):
    """A ``--select``/``--ignore`` value names no rule: a usage error."""


@dataclass(frozen=True)
class LintSettings:
    """Which rules run and at what severity, after config and command line merge."""

    select: frozenset[str] | None = None  # None: every rule
    ignore: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    #: The day rules compare dates with (CJM216): the one the command resolved
    #: (``--today``, else the clock's). Lint never asks the clock itself, so a command
    #: has one day; a caller that names none gets no rule that needs one.
    today: datetime.date | None = None

    def enabled(self, code: str) -> bool:
        return (self.select is None or code in self.select) and code not in self.ignore


def catalogue() -> dict[str, CodeInfo]:
    """Every code lint can report, for SARIF's rule list and JSON's ``rule`` names."""
    codes = dict(VALIDATION_CODES)
    codes.update((item.code, item.info) for item in all_rules())
    return codes


def resolve_codes(keys: Iterable[str]) -> frozenset[str]:
    """Rule codes from codes, names or code prefixes (``CJM20``); unknown ones raise.

    Each key is read by :func:`cjm.rules.codes_named`, as ignore comments are, so the
    command line, ``cjm.yaml`` and comments accept the same words.
    """
    codes: set[str] = set()
    for raw in keys:
        for key in (part.strip() for part in raw.split(",")):
            if not key:
                continue
            matched = codes_named(key)
            if not matched and key.upper() in VALIDATION_CODES:
                raise UnknownRuleError(
                    f"{key.upper()} is a validation error, not a lint rule: CJM1xx are never "
                    "selected or ignored"
                )
            if not matched:
                raise UnknownRuleError(f"unknown rule '{key}' (see `cjm rules`)")
            codes.update(matched)
    return frozenset(codes)


def settings_for(
    workspace: Workspace,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    today: datetime.date | None = None,
) -> tuple[LintSettings, list[Diagnostic]]:
    """Merge ``cjm.yaml``'s ``lint`` section with the command line.

    ``--select`` replaces the configured selection; ``--ignore`` adds to the configured
    one. Unknown codes in ``cjm.yaml`` are reported as CJM102 there, not fatal.
    """
    problems: list[Diagnostic] = []
    config = workspace.config.lint
    configured_select = _config_codes(workspace, config.select, ("lint", "select"), problems)
    configured_ignore = _config_codes(workspace, config.ignore, ("lint", "ignore"), problems)
    severity: dict[str, Severity] = {}
    for key, level in config.severity.items():
        codes = _config_codes(workspace, [key], ("lint", "severity", key), problems)
        for code in codes:
            severity[code] = Severity(level)
    selected = resolve_codes(select) if select else (configured_select or None)
    settings = LintSettings(
        select=selected,
        ignore=configured_ignore | resolve_codes(ignore),
        severity=severity,
        today=today,
    )
    return settings, problems


def _config_codes(
    workspace: Workspace,
    keys: Iterable[str],
    loc: tuple[str | int, ...],
    problems: list[Diagnostic],
) -> frozenset[str]:
    codes: set[str] = set()
    for index, key in enumerate(keys):
        if key.upper() in VALIDATION_CODES:
            message = f"{key.upper()} cannot be configured: CJM1xx errors are never silenced"
        else:
            try:
                codes.update(resolve_codes([key]))
                continue
            except UnknownRuleError as error:
                message = str(error)
        place = loc if loc[-1] == key else (*loc, index)
        problems.append(_config_problem(workspace, place, message))
    return frozenset(codes)


def _config_problem(workspace: Workspace, loc: tuple[str | int, ...], message: str) -> Diagnostic:
    document = workspace.config_document
    assert document is not None  # settings come from a cjm.yaml that was read
    key_node, node, _ = find_node(document.node, loc)
    # A severity entry is reported at its key (the code); a list item at the item.
    target = key_node if isinstance(loc[-1], str) and key_node is not None else node
    return document.diagnostic("CJM102", message, target)


def lint_workspace(workspace: Workspace, settings: LintSettings) -> list[Diagnostic]:
    """CJM1xx from loading plus every enabled rule's findings, suppressions applied."""
    with paused_gc():
        return _lint(workspace, settings)


def _lint(workspace: Workspace, settings: LintSettings) -> list[Diagnostic]:
    # The workspace is only read: it may be shared (a caller may lint, then render).
    # Lint once dropped the nodes of documents with findings at the end; that never
    # lowered the peak, which comes before (measured with `cjm lint` on the benchmark's
    # 1000 journeys: 302.5 MB peak resident memory with and without).
    findings: list[Diagnostic] = []
    # The findings of each document (by id() of its model): index, entry and loc.
    pending: dict[int, list[tuple[int, Entry, Loc]]] = {}
    for loaded in all_rules():
        if settings.enabled(loaded.code) and (settings.today is not None or not loaded.needs_today):
            for diagnostic, entry, loc in _run(loaded, workspace, settings):
                pending.setdefault(id(entry.model), []).append((len(findings), entry, loc))
                findings.append(diagnostic)
    # Named one document at a time, once all rules ran: the names of a document are
    # made once and only one document's are held at a time.
    for group in pending.values():
        names = object_names(group[0][1].model)
        for index, entry, loc in group:
            findings[index] = replace(
                findings[index], object_path=object_path(entry.model, loc, names)
            )
    texts = {
        group[0][1].document.display_path: group[0][1].document.text for group in pending.values()
    }
    return sort_diagnostics([*workspace.diagnostics, *apply_suppressions(findings, texts)])


def _run(
    loaded: LoadedRule, workspace: Workspace, settings: LintSettings
) -> Iterable[tuple[Diagnostic, Entry, Loc]]:
    """Each finding of one rule as a diagnostic (its object named later)."""
    rule = loaded.rule
    severity = settings.severity.get(rule.code, rule.severity)
    # Only a rule that needs no day runs without one (see _lint), and it ignores the day.
    for finding in loaded.findings(workspace, settings.today or datetime.date.min):
        entry = finding.entry
        if not workspace.in_scope(entry):
            continue
        position = finding.position or entry.position(
            finding.loc, whole_object=finding.whole_object
        )
        diagnostic = Diagnostic(
            path=entry.document.display_path,
            line=position.line,
            column=position.column,
            code=rule.code,
            severity=severity,
            message=printable(finding.message),
            rule=rule.name,
            end_line=position.end_line,
            end_column=position.end_column,
        )
        yield diagnostic, entry, finding.loc


def object_path(document: CjmDocument, loc: Loc, names: Names) -> ObjectPath:
    """The path of the object at ``loc`` (as a rule gives it) in ``document``.

    ``loc`` going on into a field (``("stages", 0, "phase")``) or into a list whose
    items are not objects diff names (pain points) names the object that holds it.
    """
    path = [(printable(document.kind), printable(document.id))]
    for end in range(2, len(loc) + 1, 2):
        name = names.get(loc[:end])
        if name is None:
            break
        path.append((name[0], printable(name[1])))
    return tuple(path)


def object_names(document: CjmDocument) -> Names:
    """Each object of a journey by its loc, keyed as ``cjm diff`` keys it.

    An id where the object has one, else the text key of :mod:`cjm.matching`, made
    unique (``-2``, ``-3``...) in order within its list, and for steps and metrics
    across the journey, as diff does: so a finding names the very object a diff of the
    same file would. Other kinds of document hold no objects of their own.
    """
    names: Names = {}
    if not isinstance(document, JourneyDocument):
        return names
    _name_list(names, ("goals",), "goal", document.goals, key_of_goal)
    _name_list(names, ("touchpoints",), "touchpoint", document.touchpoints, lambda t: t.id)
    _name_list(names, ("stages",), "stage", document.stages, key_of_stage)
    places = [
        ("stages", stage_index, "steps", step_index)
        for stage_index, stage in enumerate(document.stages)
        for step_index in range(len(stage.steps))
    ]
    steps = [step for stage in document.stages for step in stage.steps]
    for place, step, key in zip(places, steps, step_keys(steps), strict=True):
        names[place] = ("step", key)
        _name_list(
            names, (*place, "opportunities"), "opportunity", step.opportunities, key_of_opportunity
        )
    taken: set[str] = set()
    for stage_index, stage in enumerate(document.stages):
        for index, metric in enumerate(stage.metrics):
            key = unique_key(key_of_metric(metric), taken)
            taken.add(key)
            names[("stages", stage_index, "metrics", index)] = ("metric", key)
    return names


def _name_list(
    names: Names, prefix: Loc, kind: str, items: Sequence[Item], key_of: Callable[[Item], str]
) -> None:
    taken: set[str] = set()
    for index, item in enumerate(items):
        key = unique_key(key_of(item), taken)
        taken.add(key)
        names[(*prefix, index)] = (kind, key)
