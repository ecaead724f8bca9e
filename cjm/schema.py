"""JSON Schema for each kind, exported from the pydantic models (never written by hand).

Editors (VS Code's YAML extension via ``# yaml-language-server: $schema=...``) and
other validators (check-jsonschema) read these; ``cjm.schema.json`` dispatches on
``kind`` so one schema line works for every file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue, models_json_schema
from pydantic_core import core_schema

from cjm.model import DOCUMENT_MODELS

DRAFT = "https://json-schema.org/draft/2020-12/schema"


class _Generator(GenerateJsonSchema):
    """Text fields accept numbers, as cjm does (docs/format.md: ``name: 2024`` is text)."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        result = super().str_schema(schema)
        result["type"] = ["string", "number"]
        return result


def kind_schemas() -> dict[str, dict[str, Any]]:
    """``{file name: schema}`` for every file ``cjm schema`` writes."""
    schemas: dict[str, dict[str, Any]] = {}
    for kind, model in DOCUMENT_MODELS.items():
        schema = model.model_json_schema(schema_generator=_Generator)
        schemas[f"{kind}.schema.json"] = {
            "$schema": DRAFT,
            **schema,
            "title": f"cjm {kind}",
        }
    _, definitions = models_json_schema(
        [(model, "validation") for model in DOCUMENT_MODELS.values()],
        ref_template="#/$defs/{model}",
        schema_generator=_Generator,
    )
    dispatch = [
        {
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {"$ref": f"#/$defs/{model.__name__}"},
        }
        for kind, model in DOCUMENT_MODELS.items()
    ]
    schemas["cjm.schema.json"] = {
        "$schema": DRAFT,
        "title": "cjm document",
        "description": f"A cjm document, format version 1: {', '.join(DOCUMENT_MODELS)}.",
        "type": "object",
        "required": ["cjm", "kind", "id"],
        "properties": {
            "cjm": {"const": 1, "description": "Format version"},
            "kind": {"enum": list(DOCUMENT_MODELS)},
        },
        "allOf": dispatch,
        "$defs": definitions.get("$defs", {}),
    }
    return schemas


def render_schemas() -> dict[str, str]:
    return {
        name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        for name, schema in kind_schemas().items()
    }


def stale_schemas(folder: Path) -> list[str]:
    """Names of schema files in ``folder`` that differ from what the models give."""
    stale = []
    for name, text in render_schemas().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def write_schemas(folder: Path) -> list[Path]:
    from cjm.files import write_atomic

    written = []
    for name, text in render_schemas().items():
        path = folder / name
        write_atomic(path, text)
        written.append(path)
    return written
