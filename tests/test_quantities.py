"""One reading of every written quantity, the same in every command that shows it.

A metric written ``value: "2h"``, ``target: "30 min"`` once read as 2 s against 30 s,
"target met". Here a table of written forms goes through the real commands — the
journey page, ``report --format json``, lint's CJM216 and CJM207, the index's
off-target roll-up and ``diff`` — and each must say the same numbers in the same words.
Every form that cannot be read as meant is one CJM102 at the value that holds it.

Expected texts are written by hand from docs/format.md, never computed by cjm.measures.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from cjm.measures import (
    MetricStatus,
    QuantityError,
    currency_code,
    format_number,
    format_quantity,
    format_value,
    goal_progress,
    has_cents,
    metric_gap,
    metric_status,
    read_quantity,
    read_values,
    score_scale,
)
from cjm.model import Metric, Unit
from tests.conftest import run_cli, write


@dataclass(frozen=True)
class Form:
    """A metric as written, and what a reader must see of it."""

    value: object
    target: object
    unit: str | None
    better: str
    shown_value: str
    shown_target: str
    status: str


#: 34 written forms: durations, percents, money, counts, scores, with and without unit.
FORMS = [
    Form("2h", "30 min", "seconds", "lower", "2 h", "30 min", "above target"),
    Form("14 min", "10 min", "seconds", "lower", "14 min", "10 min", "above target"),
    Form(1200, 180, "seconds", "lower", "20 min", "3 min", "above target"),
    Form("1 h 30 min", "2 h", None, "lower", "1 h 30 min", "2 h", "target met"),
    Form("3 min 10 s", "3 min", "seconds", "lower", "3 min 10 s", "3 min", "above target"),
    Form("90 s", "2 min", None, "lower", "1 min 30 s", "2 min", "target met"),
    Form("45 sec", 60, "seconds", "lower", "45 s", "1 min", "target met"),
    Form("2 d", "36 h", "seconds", "lower", "48 h", "36 h", "above target"),
    Form("1.5 h", "2 hours", None, "lower", "1 h 30 min", "2 h", "target met"),
    Form("12 minutes", "10 minutes", None, "lower", "12 min", "10 min", "above target"),
    Form("500 ms", "1 s", None, "lower", "0.5 s", "1 s", "target met"),
    Form("3 h 5 min", "3 h", None, "lower", "3 h 5 min", "3 h", "above target"),
    Form("1,200", "2,000", None, "higher", "1,200", "2,000", "below target"),
    Form("1 200", 1500, "count", "higher", "1,200", "1,500", "below target"),
    Form(
        "1\u00a0234\u00a0567",
        "2,000,000",
        "count",
        "higher",
        "1,234,567",
        "2,000,000",
        "below target",
    ),
    Form("\u22122", 0, None, "higher", "-2", "0", "below target"),
    Form("+5", 3, None, "higher", "5", "3", "target met"),
    Form(".5", "1.5", None, "higher", "0.5", "1.5", "below target"),
    Form("25%", 40, None, "higher", "25%", "40%", "below target"),
    Form("35 %", "35%", "percent", "higher", "35%", "35%", "target met"),
    Form(72, 80, "percent", "higher", "72%", "80%", "below target"),
    Form(0.15, 0.2, "percent", "lower", "0.15%", "0.2%", "target met"),
    Form("3.9 of 5", "4.2 of 5", "score", "higher", "3.9 of 5", "4.2 of 5", "below target"),
    Form("4.5/5", 4, None, "higher", "4.5 of 5", "4 of 5", "target met"),
    Form("4 out of 5", "4.5 out of 5", None, "higher", "4 of 5", "4.5 of 5", "below target"),
    Form(4.1, 4, "score", "higher", "4.1", "4", "target met"),
    Form("\u20ac3.8", "4 EUR", "currency", "lower", "3.80 EUR", "4.00 EUR", "target met"),
    Form("3.80 z\u0142", "4 PLN", None, "lower", "3.80 PLN", "4.00 PLN", "target met"),
    Form("EUR 420", 460, None, "lower", "420 EUR", "460 EUR", "target met"),
    Form("$12.50", "$10", "currency", "lower", "12.50 USD", "10.00 USD", "above target"),
    Form("PLN 12", "PLN 10", None, "higher", "12 PLN", "10 PLN", "target met"),
    Form("\u00a31,250", "\u00a31,000", None, "lower", "1,250 GBP", "1,000 GBP", "above target"),
    Form("good", "great", "text", "higher", "good", "great", "text, not compared"),
    Form("-3 min", "0 s", None, "higher", "-3 min", "0 s", "below target"),
]


def _yaml(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _journey(forms: list[Form], *, values: list[object] | None = None) -> str:
    """One journey, a metric per form (id ``m<n>``), and a past goal on each."""
    lines = [
        "cjm: 1",
        "kind: journey",
        "id: bank",
        "title: Open an account",
        "persona: ola",
        "goals:",
    ]
    for number, _ in enumerate(forms):
        lines += [
            f"  - id: g{number}",
            f"    description: Goal {number}",
            f"    metric: m{number}",
            "    due: 2026-01-31",
        ]
    lines += [
        "stages:",
        "  - id: apply",
        "    name: Apply",
        "    steps:",
        "      - id: fills",
        "        action: Fills the form",
        "    metrics:",
    ]
    for number, form in enumerate(forms):
        value = form.value if values is None else values[number]
        lines += [
            f"      - id: m{number}",
            f"        name: Metric {number}",
            f"        value: {_yaml(value)}",
            f"        target: {_yaml(form.target)}",
            f"        better: {form.better}",
        ]
        if form.unit is not None:
            lines.append(f"        unit: {form.unit}")
    return "\n".join(lines) + "\n"


PERSONA = "cjm: 1\nkind: persona\nid: ola\nname: Ola\ngoals: [An account]\npains: [Forms]\n"


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bank")
    write(folder, "cjm.yaml", "cjm: 1\n")
    write(folder, "persona.yaml", PERSONA)
    write(folder, "journey.yaml", _journey(FORMS))
    return folder


def test_every_form_validates(bank: Path) -> None:
    result = run_cli("validate", str(bank), "--format", "json")
    assert json.loads(result.stdout)["diagnostics"] == []
    assert result.status == 0


def test_report_json_reads_every_form(bank: Path) -> None:
    result = run_cli("report", str(bank), "--format", "json", "--today", "2026-12-01")
    assert result.status == 0, result.stdout + result.stderr
    rows = {row["metric"]: row for row in json.loads(result.stdout)["metrics"]}
    for number, form in enumerate(FORMS):
        row = rows[f"m{number}"]
        seen = (row["value"], row["target"], row["status"])
        assert seen == (form.shown_value, form.shown_target, form.status), form


def test_the_page_shows_every_form_as_report_does(bank: Path, tmp_path: Path) -> None:
    result = run_cli("render", str(bank), "--out", str(tmp_path / "site"))
    assert result.status == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "bank.html").read_text(encoding="utf-8")
    chips = {
        html.unescape(name): (html.unescape(reading), html.unescape(status))
        for name, reading, status in re.findall(
            r'<span class="name">(Metric \d+)</span> · <span class="val">([^<]*)</span>'
            r'.*?<span class="sr-only"> \(([^)]*)\)</span>',
            page,
        )
    }
    for number, form in enumerate(FORMS):
        reading = f"{form.shown_value} / {form.shown_target}"
        assert chips[f"Metric {number}"] == (reading, form.status), form


def test_lint_says_the_same_numbers(bank: Path) -> None:
    result = run_cli("lint", str(bank), "--format", "json", "--today", "2026-12-01")
    findings = json.loads(result.stdout)["diagnostics"]
    overdue = {
        int(re.search(r"goal 'g(\d+)'", item["message"])[1]): item["message"]  # type: ignore[index]
        for item in findings
        if item["code"] == "CJM216"
    }
    for number, form in enumerate(FORMS):
        if form.status in ("above target", "below target"):
            expected = (
                f"metric 'm{number}' is {form.status} "
                f"({form.shown_value} against {form.shown_target})"
            )
            assert overdue.pop(number).endswith(expected), form
    assert overdue == {}  # a met or text metric is never overdue
    assert not [item for item in findings if item["code"] == "CJM207"]  # every target read


def test_diff_says_the_same_numbers(bank: Path, tmp_path: Path) -> None:
    """Each value moved to its target: every reason names both as the page does."""
    moved = tmp_path / "moved"
    write(moved, "cjm.yaml", "cjm: 1\n")
    write(moved, "persona.yaml", PERSONA)
    write(moved, "journey.yaml", _journey(FORMS, values=[form.target for form in FORMS]))
    result = run_cli("diff", str(bank), str(moved), "--format", "json")
    reasons = {
        change["path"].rsplit(":", 1)[1]: change["reason"]
        for change in json.loads(result.stdout)["changes"]
        if change["field"] == "value"
    }
    for number, form in enumerate(FORMS):
        if form.value == form.target or form.shown_value == form.shown_target:
            continue
        reason = reasons[f"m{number}"]
        assert f"from {form.shown_value} to {form.shown_target}" in reason, (form, reason)
        if form.unit != "text":
            assert f"; target {form.shown_target})" in reason, (form, reason)


def test_the_index_lists_missed_metrics_in_the_same_words(bank: Path, tmp_path: Path) -> None:
    run_cli("render", str(bank), "--out", str(tmp_path / "site"))
    index = html.unescape((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    for form in FORMS:
        if form.status in ("above target", "below target"):
            assert form.shown_value in index and form.shown_target in index, form


@dataclass(frozen=True)
class Refused:
    value: object
    target: object
    unit: str | None
    field: str  # where the one finding stands
    says: str  # part of its message


#: Texts cjm cannot read as meant: each is one CJM102 at the value or target holding it.
REFUSED = [
    Refused("about 3", None, None, "value", "'about 3' is not a quantity"),
    Refused("2 hours or so", None, "seconds", "value", "a duration such as"),
    Refused("25 min", None, "percent", "value", "is a duration, but the metric's unit is percent"),
    Refused("3.8 EUR", "4 PLN", None, "value", "is in EUR and target '4 PLN' in PLN"),
    Refused("25 min", "40%", None, "value", "write both in one unit"),
    Refused("4 of 5", "8 of 10", None, "value", "different scales"),
    Refused("1,5", None, None, "value", "a decimal is written with a point"),
    Refused("3,80 z\u0142", None, "currency", "value", "a decimal is written with a point"),
    Refused("12 NPS", None, None, "value", "'NPS' is not an ISO 4217 currency code"),
    Refused("1200 installs", None, "count", "value", "a plain number such as"),
    Refused("25%", None, "count", "value", "is a percentage, but the metric's unit is count"),
    Refused("1 h", None, "currency", "value", "is a duration, but the metric's unit is currency"),
    Refused("6 of 5", None, "score", "value", "above its scale of 5"),
    Refused("good", None, None, "value", "for words, set 'unit: text'"),
    Refused("30 min 1 h", None, None, "value", "names the largest first"),
    Refused("2h 30m", None, "seconds", "value", "write 'min' for minutes"),
    Refused("1.2.3", None, None, "value", "is not a quantity"),
    Refused("EUR", None, None, "value", "is not a quantity"),
    Refused("%", None, None, "value", "is not a quantity"),
    Refused(True, None, None, "value", "True is not a quantity"),
    Refused(".inf", None, None, "value", "inf is not a quantity"),
    Refused(12, "soon", "seconds", "target", "target 'soon' is not a quantity"),
    Refused(12, "2 weeks or so", None, "target", "is not a quantity"),
]


@pytest.mark.parametrize("refused", REFUSED, ids=lambda item: f"{item.value!s}-{item.target!s}")
def test_what_cannot_be_read_is_one_finding_at_its_value(refused: Refused, tmp_path: Path) -> None:
    raw = refused.value if refused.value != ".inf" else None
    value = ".inf" if refused.value == ".inf" else _yaml(raw).replace("True", "true")
    lines = [
        "cjm: 1",
        "kind: journey",
        "id: bank",
        "title: T",
        "persona: ola",
        "stages:",
        "  - name: Apply",
        "    steps:",
        "      - action: Fills",
        "    metrics:",
        "      - name: M",
        f"        value: {value}",
    ]
    if refused.target is not None:
        lines.append(f"        target: {_yaml(refused.target)}")
    if refused.unit is not None:
        lines.append(f"        unit: {refused.unit}")
    write(tmp_path, "j.yaml", "\n".join(lines) + "\n")
    write(tmp_path, "p.yaml", PERSONA)
    result = run_cli("validate", str(tmp_path), "--format", "json")
    findings = json.loads(result.stdout)["diagnostics"]
    assert result.status == 1
    assert len(findings) == 1, findings
    (finding,) = findings
    line = 12 if refused.field == "value" else 13
    assert (finding["code"], finding["line"], finding["column"]) == (
        "CJM102",
        line,
        16 + (refused.field == "target"),
    ), finding
    assert refused.says in finding["message"], finding["message"]


def test_a_quantity_is_read_in_the_unit_it_fits() -> None:
    """The reader alone, for the cases the commands above need not show."""
    assert read_quantity("2h", Unit.SECONDS).number == 7200
    assert read_quantity("1 h 30 min", None).unit is Unit.SECONDS
    assert read_quantity("35%", None).number == 35
    assert read_quantity("1,200", Unit.COUNT).number == 1200
    assert read_quantity("\u20ac3.80", None).currency == "EUR"
    assert read_quantity("3.9 of 5", None).scale == 5
    # a plain number takes the unit the other side names
    assert read_values(90, "2 min", None).unit is Unit.SECONDS
    assert read_values("25%", 40, None).unit is Unit.PERCENT
    assert read_values(12, 10, None).unit is None


def test_a_two_hour_wait_misses_a_thirty_minute_target() -> None:
    metric = Metric(name="Wait", value="2h", target="30 min", unit=Unit.SECONDS, better="lower")
    assert metric_status(metric) is MetricStatus.MISSED


def test_true_is_not_read_as_one_after_one_was_read() -> None:
    """``True == 1`` in Python: a cache of readings must still tell them apart."""
    assert read_values(1, None, None).problems == ()
    assert read_values(True, None, None).problems != ()


@pytest.mark.parametrize(
    ("written", "unit", "number"),
    [
        ("5 of 5", None, 5.0),  # the top of the scale is on it
        ("0 of 5", Unit.SCORE, 0.0),
        ("12,345", None, 12345.0),  # three digits after the comma: a thousands group
        ("1 h 59 min 59 s", None, 7199.0),
        ("2 d 1 h", None, 176400.0),
        ("€ 3", None, 3.0),
        ("-\u20ac3", None, -3.0),
        ("3 EUR", Unit.CURRENCY, 3.0),
        ("1\u202f200", Unit.COUNT, 1200.0),
        ("1\u2009200", None, 1200.0),
    ],
)
def test_forms_at_the_edges_are_read(written: str, unit: Unit | None, number: float) -> None:
    assert read_quantity(written, unit).number == number


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("5.01 of 5", None),  # above its scale
        ("1 of 0", None),  # no scale
        ("1 h 1 h", None),  # a unit twice
        ("1 min 1 h", None),  # smallest first
        ("1,20", None),
        ("1,2345", None),
        ("1,200 300", None),  # two ways of grouping
        ("1,200,30", None),
        ("12 eur", None),  # a code is written in capitals
        ("3 EUR", Unit.PERCENT),
        ("3.9 of 5", Unit.COUNT),
        ("1 h", Unit.SCORE),
        ("nan", None),
    ],
)
def test_forms_at_the_edges_are_refused(written: str, unit: Unit | None) -> None:
    with pytest.raises(QuantityError):
        read_quantity(written, unit)


def test_a_value_equal_to_its_target_meets_it_either_way() -> None:
    for better in ("higher", "lower"):
        metric = Metric(name="m", value="30 min", target=1800, better=better)
        assert metric_status(metric) is MetricStatus.MET, better


def test_cents_are_shown_when_one_amount_has_them() -> None:
    assert read_values("3.80 EUR", 4, None).cents
    assert not read_values("3 EUR", 4, None).cents
    assert not read_values(3.5, 4, Unit.COUNT).cents  # only money has cents


# -- the reader's edges and its words, one mutant of cjm/measures.py each -------------
# mutmut (and hand-made mutants of the module's tables and patterns, which mutmut does
# not touch) found these forms and messages unchecked: each case below fails on one.


@pytest.mark.parametrize(
    ("written", "unit", "number"),
    [
        ("1 hr", None, 3600.0),  # every time word docs/format.md lists
        ("2 hrs", None, 7200.0),
        ("1 hour", None, 3600.0),
        ("1 day", None, 86400.0),
        ("2 days", None, 172800.0),
        ("5 mins", None, 300.0),
        ("1 minute", None, 60.0),
        ("1 second", None, 1.0),
        ("30 seconds", None, 30.0),
        ("10 secs", None, 10.0),
        ("1 200 s", Unit.SECONDS, 1200.0),  # a grouped number before a time unit
        ("1,200 s", None, 1200.0),
        ("\u00a5500", None, 500.0),
    ],
)
def test_every_written_unit_word_is_read(written: str, unit: Unit | None, number: float) -> None:
    assert read_quantity(written, unit).number == number


def test_the_yen_sign_is_japanese_yen() -> None:
    assert read_quantity("\u00a5500", None).currency == "JPY"


@pytest.mark.parametrize(
    "written",
    [
        "1234,567",  # a thousands group follows one to three digits, never four
        "X1 h",  # only a plus or minus signs a duration; no other mark is dropped
    ],
)
def test_more_forms_at_the_edges_are_refused(written: str) -> None:
    with pytest.raises(QuantityError):
        read_quantity(written, None)


#: Each refusal's whole message: what was written, why it is refused, what to write.
NOT_READ = "is not a quantity cjm reads"
MESSAGES = [
    (
        "2h 30m",
        Unit.SECONDS,
        f"'2h 30m' {NOT_READ}: 'm' could be minutes or months: write 'min' for minutes",
    ),
    (
        "30 min 1 h",
        None,
        f"'30 min 1 h' {NOT_READ}: a sum of time units names the largest first, "
        "each once ('1 h 30 min')",
    ),
    (
        "1,5",
        None,
        f"'1,5' {NOT_READ}: a decimal is written with a point ('1.5'); "
        "a comma only groups thousands ('1,200')",
    ),
    ("12 NPS", None, f"'12 NPS' {NOT_READ}: 'NPS' is not an ISO 4217 currency code"),
    ("6 of 5", Unit.SCORE, f"'6 of 5' {NOT_READ}: a score of 6 is above its scale of 5"),
    ("1 of 0", None, f"'1 of 0' {NOT_READ}: a score's scale is above 0 ('3.9 of 5')"),
    (
        "about 3",
        Unit.SECONDS,
        f"'about 3' {NOT_READ}: write a number of seconds or a duration such as '90 s', "
        "'30 min', '2 h', '1 h 30 min' (units s, sec, min, h, d)",
    ),
    (
        "about 3",
        Unit.PERCENT,
        f"'about 3' {NOT_READ}: write a number or a percentage such as '35%'",
    ),
    (
        "about 3",
        Unit.CURRENCY,
        f"'about 3' {NOT_READ}: write an amount such as '3.80', '3.80 EUR' or '\u20ac3.80' "
        "(an ISO 4217 code or one of \u20ac $ \u00a3 \u00a5 z\u0142)",
    ),
    (
        "about 3",
        Unit.COUNT,
        f"'about 3' {NOT_READ}: write a plain number such as '1200', '1,200' or '1 200'",
    ),
    (
        "about 3",
        Unit.SCORE,
        f"'about 3' {NOT_READ}: write a number such as '3.9' or '3.9 of 5'",
    ),
    (
        True,
        None,
        f"True {NOT_READ}: write a number, or a number with a unit "
        "('30 min', '35%', '3.80 EUR', '3.9 of 5'); for words, set 'unit: text'",
    ),
    (
        math.inf,
        Unit.COUNT,
        f"inf {NOT_READ}: write a plain number such as '1200', '1,200' or '1 200'",
    ),
    (
        "25 min",
        Unit.PERCENT,
        "'25 min' is a duration, but the metric's unit is percent: "
        "write a number or a percentage such as '35%'",
    ),
    (
        "3 EUR",
        Unit.SCORE,
        "'3 EUR' is an amount of money, but the metric's unit is score: "
        "write a number such as '3.9' or '3.9 of 5'",
    ),
    (
        "4 of 5",
        Unit.COUNT,
        "'4 of 5' is a score, but the metric's unit is count: "
        "write a plain number such as '1200', '1,200' or '1 200'",
    ),
    ("12", Unit.TEXT, "a text metric is not compared"),
]


@pytest.mark.parametrize(("written", "unit", "message"), MESSAGES)
def test_a_refusal_says_why_and_what_to_write(
    written: object, unit: Unit | None, message: str
) -> None:
    with pytest.raises(QuantityError) as refused:
        read_quantity(written, unit)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("value", "target", "problems"),
    [
        (
            "25 min",
            "40%",
            (
                (
                    "value",
                    "value '25 min' is a duration and target '40%' is a percentage: "
                    "write both in one unit",
                ),
            ),
        ),
        (
            "3.8 EUR",
            "4 PLN",
            (
                (
                    "value",
                    "value '3.8 EUR' is in EUR and target '4 PLN' in PLN: "
                    "write both in one currency",
                ),
            ),
        ),
        (
            "4 of 5",
            "8 of 10",
            (
                (
                    "value",
                    "value '4 of 5' and target '8 of 10' are on different scales: "
                    "write both on one",
                ),
            ),
        ),
        (
            "soon",
            "3 of 5",
            (
                (
                    "value",
                    f"value 'soon' {NOT_READ}: write a number, or a number with a unit "
                    "('30 min', '35%', '3.80 EUR', '3.9 of 5'); for words, set 'unit: text'",
                ),
            ),
        ),
    ],
)
def test_a_value_and_target_that_disagree_are_one_finding_at_the_value(
    value: str, target: str, problems: tuple[tuple[str, str], ...]
) -> None:
    reading = read_values(value, target, None)
    assert reading.problems == problems
    assert (reading.value, reading.target) == (None, None)  # neither is compared


@pytest.mark.parametrize(
    ("raw", "unit", "options", "shown"),
    [
        (4, Unit.CURRENCY, {"currency": "EUR"}, "4 EUR"),  # no cents unless asked
        (4, Unit.CURRENCY, {"currency": "EUR", "cents": True}, "4.00 EUR"),
        (3.8, Unit.CURRENCY, {}, "3.8"),  # no code when none is known
        ("1200", Unit.TEXT, {}, "1200"),  # a text metric's value as written
        ("25%", Unit.COUNT, {}, "25%"),  # not a count: as written, never "25"
        ("2 h", Unit.PERCENT, {}, "2 h"),
        (4.2, Unit.SCORE, {"scale": 5}, "4.2 of 5"),
        (4.2, Unit.SCORE, {}, "4.2"),
        (None, Unit.COUNT, {}, "\u2014"),
    ],
)
def test_format_quantity_reads_in_its_unit(
    raw: object, unit: Unit, options: dict[str, object], shown: str
) -> None:
    assert format_quantity(raw, unit, **options) == shown  # type: ignore[arg-type]


def test_a_code_after_in_names_the_currency() -> None:
    metric = Metric(name="Cost per lead in PLN", value=120, target=100, unit=Unit.CURRENCY)
    assert currency_code(metric) == "PLN"
    assert format_value(120, metric) == "120 PLN"


@pytest.mark.parametrize(
    ("name", "scale"),
    [
        ("Satisfaction out of 5", 5),  # "out of" at the end
        ("Satisfaction /10", 10),  # "/" at the end
        ("Stars out of 7 given", 7),  # "out of" inside the name
        ("Rating (1-4)", 4),
    ],
)
def test_a_score_takes_its_scale_from_the_name(name: str, scale: int) -> None:
    metric = Metric(name=name, value=3, unit=Unit.SCORE)
    assert score_scale(metric) == scale
    assert format_value(3, metric) == f"3 of {scale}"


def test_a_text_metric_has_no_cents() -> None:
    """diff asks both versions of a metric for cents, whatever their unit."""
    assert not has_cents(Metric(name="Note", value="2.5", unit=Unit.TEXT))
    assert has_cents(Metric(name="Fee", value="2.5", unit=Unit.CURRENCY))


def test_a_goal_without_value_or_target_shows_its_baseline_alone() -> None:
    metric = Metric(name="Installs", unit=Unit.COUNT)
    assert goal_progress(metric, Metric(name="Installs", value=1140)) == "baseline 1,140"


def test_a_number_is_rounded_once_to_six_decimals() -> None:
    assert format_number(2.50000049) == "2.5"  # not 2.500001 by rounding twice


@pytest.mark.parametrize(
    ("fields", "words", "share"),
    [
        ({"value": 35.1234, "target": 35, "unit": "percent"}, "0.12 pts above", 0.1234 / 35),
        (
            {"value": 4.1234, "target": 5, "unit": "score", "better": "higher"},
            "0.88 below",
            0.8766 / 5,
        ),
        ({"value": 1.10000049, "target": 1, "unit": "count"}, "0.1 above", 0.10000049),
        ({"value": "30 min", "target": "20 min"}, "10 min above", 0.5),
    ],
)
def test_a_gap_is_rounded_in_the_metrics_unit(
    fields: dict[str, object], words: str, share: float
) -> None:
    gap = metric_gap(Metric.model_validate({"name": "m", "better": "lower", **fields}))
    assert gap is not None
    assert gap[0] == words
    assert gap[1] == pytest.approx(share)


@pytest.mark.parametrize(
    ("number", "decimals", "shown"),
    [(-0.0000004, None, "0"), (-0.001, 2, "0.00"), (-0.5, None, "-0.5"), (-3.8, 2, "-3.80")],
)
def test_a_number_rounded_to_zero_has_no_minus(
    number: float, decimals: int | None, shown: str
) -> None:
    assert format_number(number, decimals=decimals) == shown
