"""The kinds of content file and the fields of each: one table per kind and
per entry, read by `documents` (with `root` and `entries`) and published as
JSON Schema by `schema`."""

from __future__ import annotations

from roadmapgen.model import (
    DEFAULT_CADENCE, DIMENSIONS, GAP_AREAS, HORIZONS, IMPACTS, INDUSTRY_VIEWS, KINDS, MAX_VALUES,
    METRIC_KINDS, PERSON_ROLES, PERSON_VISIBILITY, RATING_MAX, REVIEW_TYPES, RISK_TYPES, ROOT_BLOCKS,
    SKILL_LEVEL_MAX, STATUSES, VERDICTS, VISION_PARTS, VISIBILITIES,
)
from roadmapgen.read import fields as f

VISIBILITY = f.Choice(VISIBILITIES, "public, mentors or private: who may see this")
STATUS = f.Choice(STATUSES, "planned by default")
VERDICT = f.Choice(VERDICTS, "whether the item's assumption still holds")
_COMMON = {
    "kind": f.Choice(KINDS, "what this file is; a file without kind is a page"),
    "title": f.Line("the file's title"),
    "visibility": VISIBILITY,
}

_SCALAR = {"type": ["string", "number", "boolean"]}
# A part of the vision: Markdown, labelled facts (`target_compensation: 240000`), or a
# list of texts and `- label: text` lines.
_VISION_PART = {"oneOf": [
    _SCALAR,
    {"type": "object", "additionalProperties": {"oneOf": [_SCALAR, {"type": "array", "items": _SCALAR}]}},
    {"type": "array", "items": {"oneOf": [_SCALAR, {"type": "object", "minProperties": 1, "maxProperties": 1,
                                                    "additionalProperties": _SCALAR}]}},
]}

ROOT_FIELDS = {
    **_COMMON,
    "visibility": f.Structured({
        "type": "object",
        "properties": {
            "default": {"enum": list(VISIBILITIES),
                        "description": "the level of everything that sets none (public unless set)"},
            **{block: {"enum": list(VISIBILITIES)} for block in ROOT_BLOCKS},
        },
        "additionalProperties": False,
        "description": "who may see each block of the root, and the default level of everything",
    }),
    "owner": f.Line("whose roadmap this is"),
    "as_of": f.Date("the date this plan was (re)written; horizons start here"),
    "target": f.Structured({"type": "object", "description": "the target role, or candidates while exploring"}),
    "vision": f.Structured({"oneOf": [
        {**_SCALAR, "description": "the 10-year north star, Markdown"},
        {"type": "object", "description": "the north star's statement and its parts"},
    ]}),
    "values": f.Structured({"type": "array", "maxItems": MAX_VALUES,
                            "description": "up to five values scored 1-5"}),
    "finances": f.Structured({"type": "object", "description": "free mapping; private unless visibility says otherwise"}),
    "cadence": f.Structured({"type": "object", "description": "most days allowed between reviews of each type"}),
    "people": f.Structured({"type": "array",
                            "description": "the advisory board: mentors, sponsors, partners"}),
    "metrics": f.Structured({"type": "array", "description": "the indicators reviews record, with targets"}),
    "budgets": f.Structured({"type": "object", "description": "time per week, money per year, energy; "
                                                              "private unless visibility says otherwise"}),
    "industry": f.Structured({"type": "object", "description": "the industry now, in 3 and in 10 years"}),
    "quick_reference": f.Structured({"type": "object",
                                     "description": "success indicators and emergency protocols"}),
}
ROOT_REQUIRED = ("title", "owner", "as_of", "target")

TARGET_FIELDS = {
    "role": f.Line("the target title"),
    "level": f.Text("the level, for example L6"),
    "industry": f.Text("the industry"),
    "companies": f.TextList("two or three example companies"),
    "by": f.Date("the target date"),
    "candidates": f.TextList("three to five roles still being explored"),
}
VALUE_FIELDS = {"name": f.Text("the value"), "score": f.Integer(1, 5, "how well the vision serves it")}
CADENCE_FIELDS = {name: f.Integer(1, 3650, f"most days between {name} reviews") for name in DEFAULT_CADENCE}
# The root's `visibility` mapping: the default level, then each block's.
ROOT_VISIBILITY_FIELDS = {"default": VISIBILITY, **{block: VISIBILITY for block in ROOT_BLOCKS}}
VISION_FIELDS = {
    "statement": f.Text("the north star, Markdown"),
    **{part: f.Structured({**_VISION_PART,
                           "description": f"the {part} part: Markdown, or 'label: value' lines"})
       for part in VISION_PARTS},
}
_ID = {"id": f.Id("unique across the roadmap")}
_NOTES_VISIBILITY = {"notes": f.Text("Markdown notes"), "visibility": VISIBILITY}
PERSON_FIELDS = {
    **_ID,
    "name": f.Line("who they are"),
    "role": f.Text(f"{', '.join(PERSON_ROLES)} or any word"),
    "cadence": f.Integer(1, 3650, "the most days between meetings"),
    "since": f.Date("when you started meeting; cadence counts from here until a review meets them"),
    "notes": f.Text("Markdown notes"),
    "visibility": f.Choice(VISIBILITIES, f"{PERSON_VISIBILITY} unless it says otherwise"),
}
METRIC_FIELDS = {
    "name": f.Text("the key reviews use under metrics or ratings"),
    "title": f.Line("how the site names it"),
    "kind": f.Choice(METRIC_KINDS, "leading, progress or outcome"),
    "target": f.Number(description="the value aimed at"),
    "unit": f.Text("hours, %, people..."),
    "notes": f.Text("Markdown: how it is measured"),
    "visibility": VISIBILITY,
}
BUDGET_FIELDS = {
    "time": f.Structured({"type": "object", "additionalProperties": {"type": "number", "minimum": 0},
                          "description": "label -> hours per week"}),
    "money": f.Structured({"type": "object", "additionalProperties": {"type": "number", "minimum": 0},
                           "description": "label -> amount per year"}),
    "currency": f.Text("the money's currency, for example EUR"),
    "energy": f.Structured({"type": "object", "additionalProperties": _SCALAR,
                            "description": "label -> note: what takes high, medium, low energy"}),
}
INDUSTRY_FIELDS = {view: f.Text(f"the industry {'now' if view == 'now' else 'in ' + view}, Markdown")
                   for view in INDUSTRY_VIEWS}
_LABELLED_TEXTS = {"oneOf": [
    {"type": "array", "items": {"oneOf": [_SCALAR, {"type": "object", "minProperties": 1, "maxProperties": 1,
                                                    "additionalProperties": _SCALAR}]}},
    {"type": "object", "additionalProperties": _SCALAR},
]}
QUICK_REFERENCE_FIELDS = {
    "indicators": f.Structured({**_LABELLED_TEXTS, "description": "key success indicators: texts, or "
                                                                  "'label: text' lines"}),
    "protocols": f.Structured({**_LABELLED_TEXTS, "description": "emergency protocols: texts, or "
                                                                 "'label: text' lines"}),
}

PLAN_FIELDS = {
    **_COMMON,
    "horizon": f.Choice(HORIZONS, "which horizon this plan covers"),
    "items": f.Structured({"type": "array", "description": "the plan's items"}),
}
ITEM_FIELDS = {
    **_ID,
    "title": f.Line("what the item is"),
    "type": f.Text("project, course, conversation, artifact, habit, application, milestone or any word"),
    "due": f.Date("when it is due"),
    "start": f.Date("when it starts"),
    "serves": f.Refs("plan items on a longer horizon, or `target`"),
    "closes": f.Refs("gap ids this item works on"),
    "status": STATUS,
    "dimension": f.Choice(DIMENSIONS, "which part of the career it moves"),
    "measure": f.Text("the success measure"),
    "evidence": f.Text("a link or text proving it is done"),
    "assumption": f.Text("the hypothesis behind the item"),
    "reward": f.Text("how you will celebrate it; shown once it is done"),
    **_NOTES_VISIBILITY,
}
# An archived item: a plan item that was done or dropped, with the horizon it was on.
ARCHIVED_ITEM_FIELDS = {
    **{name: ITEM_FIELDS[name] for name in ("id", "title")},
    "horizon": f.Choice(HORIZONS, "the horizon the item was on"),
    **{name: field for name, field in ITEM_FIELDS.items() if name not in ("id", "title")},
}
LIST_FIELDS = {**_COMMON, "items": f.Structured({"type": "array", "description": "the entries"})}
GAP_FIELDS = {
    **_ID,
    "title": f.Line("the gap"),
    "area": f.Choice(GAP_AREAS, "what sort of gap"),
    "now": f.Text("what you demonstrate today"),
    "needed": f.Text("what the target expects"),
    **_NOTES_VISIBILITY,
}
_LEVEL = f.Integer(0, SKILL_LEVEL_MAX, f"a level from 0 to {SKILL_LEVEL_MAX}")
SKILL_FIELDS = {
    **_ID,
    "title": f.Line("the skill"),
    "group": f.Text("technical, leadership, industry or any word"),
    "now": _LEVEL,
    "targets": f.Structured({
        "type": "object", "minProperties": 1, "additionalProperties": False,
        "properties": {horizon: {"type": "integer", "minimum": 0, "maximum": SKILL_LEVEL_MAX}
                       for horizon in HORIZONS},
        "description": "horizon -> the level aimed at by its end; never falling with the horizon",
    }),
    "evidence": f.Text("a link or text showing the level"),
    **_NOTES_VISIBILITY,
}
PATH_FIELDS = {
    **_ID,
    "title": f.Line("the path"),
    "probability": f.Integer(0, 100, "percent; all paths add up to 100"),
    "trigger": f.Text("what would make you pivot to it"),
    "steps": f.Structured({"type": "array", "items": {"type": "object", "properties": {"role": {}, "when": {}}}}),
    "pros": f.TextList("advantages"),
    "cons": f.TextList("drawbacks"),
    "timeline": f.Text("how the timeline differs"),
    **_NOTES_VISIBILITY,
}
STEP_FIELDS = {"role": f.Text(), "when": f.Text()}
RISK_FIELDS = {
    **_ID,
    "title": f.Line("the risk"),
    "probability": f.Integer(0, 100, "percent"),
    "impact": f.Choice(IMPACTS, "how much it would hurt"),
    "mitigation": f.Text("what you do about it"),
    "type": f.Choice(RISK_TYPES, "risk by default"),
    **_NOTES_VISIBILITY,
}
REVIEW_FIELDS = {
    **_COMMON,
    "date": f.Date("the day of the review"),
    "type": f.Choice(REVIEW_TYPES, "which review"),
    "ratings": f.Structured({"type": "object",
                             "additionalProperties": {"type": "number", "minimum": 0, "maximum": RATING_MAX}}),
    "metrics": f.Structured({"type": "object", "additionalProperties": {"type": "number"}}),
    "progress": f.Structured({"type": "object", "additionalProperties": {"enum": list(STATUSES)}}),
    "assumptions": f.Structured({"type": "object", "additionalProperties": {"enum": list(VERDICTS)},
                                 "description": "item id -> whether its assumption still holds"}),
    "met": f.Refs("ids of the root's people met since the last review"),
}
PAGE_FIELDS = dict(_COMMON)

KIND_FIELDS = {
    "roadmap": (ROOT_FIELDS, ROOT_REQUIRED),
    "plan": (PLAN_FIELDS, ("horizon",)),
    "archive": (LIST_FIELDS, ()),
    "gaps": (LIST_FIELDS, ()),
    "skills": (LIST_FIELDS, ()),
    "paths": (LIST_FIELDS, ()),
    "risks": (LIST_FIELDS, ()),
    "review": (REVIEW_FIELDS, ("date", "type")),
    "page": (PAGE_FIELDS, ()),
}
ENTRY_FIELDS = {
    "plan": (ITEM_FIELDS, ("id", "title")),
    "archive": (ARCHIVED_ITEM_FIELDS, ("id", "title", "horizon")),
    "gaps": (GAP_FIELDS, ("id", "title", "area", "now", "needed")),
    "skills": (SKILL_FIELDS, ("id", "title", "now", "targets")),
    "paths": (PATH_FIELDS, ("id", "title", "probability")),
    "risks": (RISK_FIELDS, ("id", "title", "probability", "impact", "mitigation")),
}
