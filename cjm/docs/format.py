"""``docs/format.md``: every kind, object and field of the format, from the JSON schema.

The schema ``cjm schema`` writes is the one source: types, allowed values, ranges,
defaults, what is required and each field's description (the models'
``Field(description=...)``) are read from it, so the page cannot promise what the
validator does not check. Which fields name other objects comes from the model's
``REFERENCES`` table, the one validation reads. Examples are real values from the
bundled ``examples/`` maps (the first in file order), else the field's ``examples`` in
the model; a field with neither has no example rather than an invented one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cjm.loader import load_file
from cjm.model import (
    ANY,
    DOCUMENT_KINDS,
    DOCUMENT_MODELS,
    REFERENCES,
    ReferenceField,
    WorkspaceConfig,
)
from cjm.schema import kind_schemas

Schema = dict[str, Any]

#: The objects inside a kind of document, each a section under its document's:
#: (definition, heading). A kind made of fields only needs no entry.
_INSIDE: dict[str, tuple[tuple[str, str], ...]] = {
    "journey": (
        ("Goal", "goal"),
        ("TouchpointFields", "inline touchpoint"),
        ("Stage", "stage"),
        ("Step", "step"),
        ("PainPoint", "pain point"),
        ("Opportunity", "opportunity"),
        ("Metric", "metric"),
    ),
}
#: The schema's object definitions in page order: (definition, heading, heading level);
#: a section per kind of document, in the model's order, headed by the kind.
SECTIONS: tuple[tuple[str, str, int], ...] = (
    ("WorkspaceConfig", "cjm.yaml", 2),
    ("LintConfig", "lint", 3),
    *(
        section
        for info in DOCUMENT_KINDS
        for section in (
            (info.model.__name__, info.kind, 2),
            *((name, heading, 3) for name, heading in _INSIDE.get(info.kind, ())),
        )
    ),
)
_HEADINGS = {definition: heading for definition, heading, _ in SECTIONS}
#: Text YAML reads as itself unquoted; inside a flow list or mapping also no , [ ] { }.
_PLAIN = re.compile(r"[\w(](?:[^:#\"'`|\n]|:(?! |$)|#(?<! #))*")
_PLAIN_IN_FLOW = re.compile(r"[\w(][^:#\[\]{},\"'`|\n]*")

INTRODUCTION = """\
A workspace is a folder of YAML files with an optional [`cjm.yaml`](#cjmyaml) at its root.
Every other `*.yaml` / `*.yml` file below it is content; a file may hold several documents
separated by `---`. A document is read as a map when it has the key `cjm: 1` (the format
version); its `kind` is one of [`persona`](#persona), [`segment`](#segment),
[`touchpoint`](#touchpoint) and [`journey`](#journey), and its `id` names it.

Each table lists an object's fields in the order the models declare them: the type and the
values allowed, whether the field is required (and its default when it is not), what it
is for, and an example taken from the maps in `examples/`. A field not listed is an error
(CJM102), and so is a required field left out.

- **Ids** match `{pattern}`: lower-case letters, digits, `-` and `_`, at most 64
  characters. Documents' ids are unique per kind across the workspace; the ids of a
  journey's goals, inline touchpoints, stages, steps, metrics and opportunities are unique
  within the journey. References to other objects are by id.
- **Text** is never empty; a number given where text is expected is read as text
  (`name: 2024`).
- **YAML 1.2**: only `true` and `false` are booleans (`no`, `on` stay text), dates stay
  text until a date field reads them, and a key given twice in one mapping is an error.

`cjm schema` writes the same rules as JSON Schema for editors: see the README's
"Editor support".
"""


def definitions() -> dict[str, Schema]:
    """Every object and enum definition of the format, by model name."""
    found: dict[str, Schema] = dict(kind_schemas()["cjm.schema.json"]["$defs"])
    config = WorkspaceConfig.model_json_schema(ref_template="#/$defs/{model}")
    found.update(config.pop("$defs", {}))
    found["WorkspaceConfig"] = config
    return found


def _name(reference: str) -> str:
    return reference.rsplit("/", 1)[1]


def _object(definition: Schema) -> Schema:
    """The object schema of a definition that may also be written as text alone."""
    for option in definition.get("anyOf", ()):
        if option.get("type") == "object":
            return dict(option)
    return definition


def _non_null(schema: Schema) -> Schema:
    options = schema.get("anyOf")
    if options is None:
        return schema
    rest = [option for option in options if option.get("type") != "null"]
    return rest[0] if len(rest) == 1 else {"anyOf": rest}


def _target(schema: Schema) -> str | None:
    """The definition a field holds (directly or as list items), if any."""
    schema = _non_null(schema)
    if "items" in schema:
        schema = _non_null(schema["items"])
    return _name(schema["$ref"]) if "$ref" in schema else None


def _references(found: dict[str, Schema]) -> dict[tuple[str, str], ReferenceField]:
    """``{(definition, field): reference}`` by following each reference's key path."""
    result = {}
    for reference in REFERENCES:
        name = DOCUMENT_MODELS[reference.source].__name__
        for key in reference.pattern[:-1]:
            if key == ANY:
                continue
            target = _target(_object(found[name])["properties"][key])
            assert target is not None, reference
            name = target
        result[(name, str(reference.pattern[-1]))] = reference
    return result


def _link(name: str) -> str:
    heading = _HEADINGS[name]  # a new model needs a section: a KeyError fails the test
    return f"[{heading}](#{anchor(heading)})"


def anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to '-'."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def _type(schema: Schema, found: dict[str, Schema]) -> str:
    schema = _non_null(schema)
    if "$ref" in schema:
        name = _name(schema["$ref"])
        definition = found[name]
        if "enum" in definition:
            return _one_of(definition["enum"])
        shorthand = any(option.get("type") == "string" for option in definition.get("anyOf", ()))
        return f"text or {_link(name)}" if shorthand else _link(name)
    if "const" in schema:
        return f"`{_scalar(schema['const'])}`"
    if "enum" in schema:
        return _one_of(schema["enum"])
    if "anyOf" in schema:
        parts = list(dict.fromkeys(_type(option, found) for option in schema["anyOf"]))
        if "number" in parts and "integer" in parts:
            parts.remove("integer")
        return " or ".join(parts)
    kind = schema.get("type")
    if kind == "array":
        text = f"list of {_type(schema['items'], found)}"
        if "minItems" in schema:
            text += f", at least {schema['minItems']}"
        return text
    if kind == "object":
        return f"mapping of text to {_type(schema.get('additionalProperties', {}), found)}"
    if kind in ("integer", "number"):
        text = str(kind)
        if "minimum" in schema and "maximum" in schema:
            text += f" from {schema['minimum']} to {schema['maximum']}"
        return text
    if schema.get("format") == "date":
        return "date `YYYY-MM-DD`"
    if "pattern" in schema:
        text = "[id](#ids)"
        if "not" in schema and "const" in schema["not"]:
            text += f", not `{schema['not']['const']}`"
        return text
    return "text"


def _one_of(values: list[Any]) -> str:
    return "one of " + ", ".join(f"`{_scalar(value)}`" for value in values)


def _field_type(
    definition: str,
    field: str,
    schema: Schema,
    found: dict[str, Schema],
    references: dict[tuple[str, str], ReferenceField],
) -> str:
    reference = references.get((definition, field))
    if reference is None:
        return _type(schema, found)
    text = f"id of a {reference.noun}"
    return f"{text}, or a list of them" if reference.many else text


def _required(field: str, schema: Schema, required: list[str]) -> str:
    if field in required:
        return "required"
    if "default" in schema:
        default = schema["default"]
        return "optional" if default is None else f"optional, default `{_scalar(default)}`"
    kind = schema.get("type")
    if kind == "array":
        return "optional, default `[]`"
    if kind == "object":
        return "optional, default `{}`"
    return "optional"


def _description(schema: Schema) -> str:
    if "description" in schema:
        return str(schema["description"])
    inner = _non_null(schema)
    return str(inner.get("description", ""))


def _scalar(value: Any, *, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    plain = _PLAIN_IN_FLOW if flow else _PLAIN
    if isinstance(value, str) and (not plain.fullmatch(text) or text != text.strip()):
        return json.dumps(text, ensure_ascii=False)
    return text


def _example(value: Any, target: str | None) -> str:
    """One value as a user writes it in YAML: a list shows its first item."""
    if target is not None and target in _HEADINGS and isinstance(value, list | dict):
        if isinstance(value, list) and value and not isinstance(value[0], dict):
            return f"`[{_scalar(value[0], flow=True)}]`"
        return f"see {_link(target)}"
    if isinstance(value, list):
        return f"`[{_scalar(value[0], flow=True)}]`" if value else "`[]`"
    if isinstance(value, dict):
        items = ", ".join(
            f"{key}: {_scalar(item, flow=True)}" for key, item in list(value.items())[:2]
        )
        return f"`{{{items}}}`"
    return f"`{_scalar(value)}`"


def _examples(folder: Path, found: dict[str, Schema]) -> dict[tuple[str, str], list[Any]]:
    """Every value of each field in the example maps, in file order."""
    examples: dict[tuple[str, str], list[Any]] = {}
    for path in sorted(folder.rglob("*.y*ml")):
        config = path.name in ("cjm.yaml", "cjm.yml")
        for document in load_file(path, path.as_posix(), config=config).documents:
            if config:
                _collect("WorkspaceConfig", document.data, found, examples)
                continue
            model = DOCUMENT_MODELS.get(str(document.data.get("kind")))
            if model is not None:
                _collect(model.__name__, document.data, found, examples)
    return examples


def _collect(
    name: str,
    data: dict[str, Any],
    found: dict[str, Schema],
    examples: dict[tuple[str, str], list[Any]],
) -> None:
    properties = _object(found[name])["properties"]
    for key, value in data.items():
        if key not in properties:
            continue
        examples.setdefault((name, key), []).append(value)
        target = _target(properties[key])
        if target is None or target not in _HEADINGS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                _collect(target, item, found, examples)


def _rows(
    name: str,
    found: dict[str, Schema],
    references: dict[tuple[str, str], ReferenceField],
    examples: dict[tuple[str, str], list[Any]],
) -> Iterator[str]:
    schema = _object(found[name])
    required = list(schema.get("required", ()))
    for field, field_schema in schema["properties"].items():
        values = examples.get((name, field)) or field_schema.get("examples", [])
        target = _target(field_schema)
        # The shortest reads best in a table cell; the first of equal length, so the
        # page stays the same until the examples change.
        example = min((_example(value, target) for value in values), key=len, default="")
        cells = [
            f"`{field}`",
            _field_type(name, field, field_schema, found, references),
            _required(field, field_schema, required),
            _description(field_schema),
            example,
        ]
        yield "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def format_reference(examples_folder: Path) -> str:
    """``docs/format.md``: generated, never edited by hand."""
    found = definitions()
    references = _references(found)
    examples = _examples(examples_folder, found)
    pattern = found["JourneyDocument"]["properties"]["id"]["pattern"]
    lines = [
        "# The cjm format, version 1",
        "",
        "<!-- Generated by `python -m cjm.docs` from the models' JSON schema (cjm/model.py)",
        "     and the maps in examples/; do not edit. -->",
        "",
        INTRODUCTION.format(pattern=pattern),
        "Contents: "
        + ", ".join(
            f"[{'`' + heading + '`' if level == 2 else heading}](#{anchor(heading)})"
            for _, heading, level in SECTIONS
        )
        + ".",
    ]
    for name, heading, level in SECTIONS:
        schema = _object(found[name])
        lines.extend(["", f"{'#' * level} {heading}", ""])
        if "description" in schema:
            lines.extend([_sentence(schema["description"]), ""])
        lines.extend(
            [
                "| field | type and allowed values | required | description | example |",
                "| --- | --- | --- | --- | --- |",
                *_rows(name, found, references, examples),
            ]
        )
        if name == "Metric":
            lines.extend(["", *quantities_section()])
    return "\n".join(lines) + "\n"


#: Written values shown in the page's table: (value, target, unit) of one metric.
QUANTITY_EXAMPLES: tuple[tuple[object, object, str | None], ...] = (
    ("2h", "30 min", "seconds"),
    ("1 h 30 min", None, None),
    (1200, 180, "seconds"),
    ("25%", 40, None),
    ("1,200", "2 000", "count"),
    ("\u22122", None, None),
    ("\u20ac3.80", "4 EUR", None),
    ("12.50 z\u0142", None, "currency"),
    ("3.9 of 5", 4, "score"),
    ("good", None, "text"),
)
#: Written values cjm refuses (CJM102 at the value), with the message it gives.
REFUSED_EXAMPLES: tuple[tuple[object, object, str | None], ...] = (
    ("about 3", None, None),
    ("2 hours or so", None, "seconds"),
    ("25 min", None, "percent"),
    ("3.8 EUR", "4 PLN", None),
    ("1,5", None, None),
    ("1200 installs", None, "count"),
)


def quantities_section() -> list[str]:
    """Which texts are numbers: the reader's own table of units and its readings of
    written examples (:mod:`cjm.measures`), so the page says what ``cjm`` reads."""
    from cjm.measures import (
        CURRENCY_SIGNS,
        TIME_UNITS,
        WRITTEN_FORMS,
        Quantity,
        format_number,
        format_quantity,
        read_values,
    )
    from cjm.model import Unit

    def read_as(quantity: Quantity, unit: Unit | None, currency: str | None) -> str:
        number = format_number(quantity.number).replace(",", "")
        if unit is Unit.SECONDS:
            return f"{number} s"
        if unit is Unit.CURRENCY:
            return f"{number} {currency}" if currency else number
        if unit is Unit.PERCENT:
            return f"{number} (percent)"
        return number

    def code(value: object) -> str:
        return "—" if value is None else f"`{json.dumps(value, ensure_ascii=False)}`"

    def unit_cell(unit_name: str | None) -> str:
        return f"`{unit_name}`" if unit_name else "—"

    lines = [
        "#### Values and targets",
        "",
        "A metric's `value` and `target` are a number or a text quantity; every command (the",
        "pages, `report`, lint, `diff`) reads the same number from it. What a text may carry",
        "depends on the metric's `unit`:",
        "",
        "| `unit` | what may be written |",
        "| --- | --- |",
    ]
    lines += [
        f"| `{unit.value}` | {WRITTEN_FORMS[unit]} |"
        for unit in (Unit.SECONDS, Unit.PERCENT, Unit.CURRENCY, Unit.COUNT, Unit.SCORE)
    ]
    lines += [
        "| `text` | anything: words, never compared with the target |",
        f"| none | {WRITTEN_FORMS[None]} |",
        "",
        "Numbers may group thousands with commas or spaces (`1,200`, `1 200`) and take a",
        "typographic minus (`\u22122`); a decimal is written with a point. Time units: "
        + "; ".join(", ".join(f"`{word}`" for word in unit.words) for unit in TIME_UNITS)
        + ". Currency signs: "
        + ", ".join(f"`{sign}` ({name})" for sign, name in CURRENCY_SIGNS.items())
        + "; any ISO 4217 code (`EUR`, `PLN`) before or after the amount.",
        "With no `unit`, the unit is read from the texts, and `value` and `target` must",
        "agree on it (and on one currency, one scale).",
        "",
        "| `value` | `target` | `unit` | read as | shown as |",
        "| --- | --- | --- | --- | --- |",
    ]
    for value, target, unit_name in QUANTITY_EXAMPLES:
        reading = read_values(value, target, Unit(unit_name) if unit_name else None)
        assert not reading.problems, (value, target, unit_name)
        read = ", ".join(
            read_as(quantity, reading.unit, reading.currency)
            for quantity in (reading.value, reading.target)
            if quantity is not None
        )
        shown = " / ".join(
            format_quantity(
                raw,
                reading.unit,
                currency=reading.currency,
                scale=reading.scale,
                cents=reading.cents,
            )
            for raw in (value, target)
            if raw is not None
        )
        lines.append(
            f"| {code(value)} | {code(target)} | {unit_cell(unit_name)} "
            f"| {read or 'text, not compared'} | {shown} |"
        )
    lines += [
        "",
        "Anything else is CJM102 at the value that holds it, saying what may be written:",
        "",
        "| `value` | `target` | `unit` | message |",
        "| --- | --- | --- | --- |",
    ]
    for value, target, unit_name in REFUSED_EXAMPLES:
        reading = read_values(value, target, Unit(unit_name) if unit_name else None)
        ((_, message),) = reading.problems
        lines.append(f"| {code(value)} | {code(target)} | {unit_cell(unit_name)} | {message} |")
    return lines


def _sentence(text: str) -> str:
    """A model's docstring as markdown: reStructuredText's double backticks made single."""
    return text.replace("``", "`")
