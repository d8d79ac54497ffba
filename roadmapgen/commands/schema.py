"""JSON Schema of the front matter of each kind, built from the same field
tables the parser reads with, so the two cannot drift apart."""

from __future__ import annotations

from roadmapgen.model import MAX_VALUES
from roadmapgen.read.kinds import (
    BUDGET_FIELDS, CADENCE_FIELDS, ENTRY_FIELDS, INDUSTRY_FIELDS, KIND_FIELDS,
    METRIC_FIELDS, PERSON_FIELDS, QUICK_REFERENCE_FIELDS, TARGET_FIELDS, VALUE_FIELDS, VISION_FIELDS,
)

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"


def _object(table: dict, required=(), description: str = "") -> dict:
    schema = {
        "type": "object",
        "properties": {name: field.schema() for name, field in table.items()},
    }
    if description:
        schema["description"] = description
    if required:
        schema["required"] = list(required)
    schema["additionalProperties"] = False
    return schema


def kind_schema(kind: str) -> dict:
    table, required = KIND_FIELDS[kind]
    schema = _object(table, required)
    props = schema["properties"]
    props["kind"] = {"const": kind} if kind != "page" else {"enum": ["page"]}
    if kind != "page":
        schema.setdefault("required", []).insert(0, "kind")
    if kind == "roadmap":
        props["target"] = _object(TARGET_FIELDS)
        props["values"] = {"type": "array", "maxItems": MAX_VALUES, "items": _object(VALUE_FIELDS, ("name", "score"))}
        props["cadence"] = _object(CADENCE_FIELDS)
        props["vision"] = {"oneOf": [
            {**VISION_FIELDS["statement"].schema(), "description": "the 10-year north star, Markdown"},
            _object(VISION_FIELDS, description="the north star's statement and its parts"),
        ]}
        props["people"] = {"type": "array", "items": _object(PERSON_FIELDS, ("id", "name", "role")),
                           "description": "the advisory board: mentors, sponsors, partners, advisors, peers"}
        props["metrics"] = {"type": "array", "items": _object(METRIC_FIELDS, ("name", "kind")),
                            "description": "the indicators reviews record, with their targets"}
        props["budgets"] = _object(BUDGET_FIELDS, description="time per week, money per year, energy notes; "
                                                              "private unless visibility says otherwise")
        props["industry"] = _object(INDUSTRY_FIELDS, description="the industry now, in 3 and in 10 years")
        props["quick_reference"] = _object(QUICK_REFERENCE_FIELDS,
                                           description="success indicators and emergency protocols")
    if kind in ENTRY_FIELDS:
        entry_table, entry_required = ENTRY_FIELDS[kind]
        props["items"] = {"type": "array", "items": _object(entry_table, entry_required)}
    schema["title"] = f"roadmapgen front matter: kind {kind}"
    return schema


def front_matter_schema(kind: str | None = None) -> dict:
    if kind:
        return {"$schema": SCHEMA_URI, **kind_schema(kind)}
    kinds = list(KIND_FIELDS)
    return {
        "$schema": SCHEMA_URI,
        "title": "roadmapgen front matter",
        "description": "The front matter of a roadmapgen content file; 'kind' decides which schema applies.",
        "$defs": {kind: kind_schema(kind) for kind in kinds},
        "oneOf": [{"$ref": f"#/$defs/{kind}"} for kind in kinds if kind != "page"]
        + [{"$ref": "#/$defs/page"}],
    }
