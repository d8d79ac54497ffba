"""`roadmap.json`: the linked model one audience may see, and its JSON Schema
(`roadmap.schema.json`), both published with the site.

References to something the audience may not see are kept as
`{"private": true}`, never with the hidden id; Markdown (notes, bodies) is
given as HTML rendered exactly as on the site, where a link to a hidden
entry reads "a private item".
"""

from __future__ import annotations

import datetime as dt
import json

from roadmapgen import __version__
from roadmapgen.analyse.alignment import READINGS, SCORE_MAX, read_values
from roadmapgen.analyse.audience import can_see
from roadmapgen.analyse.indicators import indicators
from roadmapgen.analyse.milestones import milestone_table
from roadmapgen.analyse.people import contact_board
from roadmapgen.model import (
    DIMENSIONS, HORIZON_LABELS, HORIZONS, ID_PATTERN, IMPACTS, INDUSTRY_VIEWS, METRIC_KINDS, MILESTONE_YEARS,
    RATING_MAX, REVIEW_TYPES, RISK_TYPES, SKILL_LEVEL_MAX, STATUSES, VERDICTS, VISIBILITIES, VISION_PARTS,
    horizon_end,
)
from roadmapgen.render.site import REVIEW_ORDER, Site

JSON_PATH = "roadmap.json"
SCHEMA_PATH = "roadmap.schema.json"
SCHEMA_VERSION = 1


def _number(value: float):
    return int(value) if float(value).is_integer() else value


def _refs(site: Site, ids) -> list[dict]:
    return [{"id": entry_id} if site.entry_path(entry_id) else {"private": True} for entry_id in ids]


def _html(site: Site, text: str, source: str) -> str | None:
    """As on the site; its links, like every `url` here, relative to the site root.
    `source`: the content file the text is written in."""
    return str(site.markdown(JSON_PATH, text, source=source)) if text and text.strip() else None


def _item(site: Site, item) -> dict:
    links = site.roadmap.links
    source = item.status_from
    _, review_url = site.status_source(item)
    return {
        "id": item.id, "title": item.title, "horizon": item.horizon, "type": item.type or None,
        "status": item.status, "written_status": item.written_status,
        "status_from": {"date": source.date, "type": source.type, "url": review_url} if review_url else None,
        "due": item.due, "start": item.start,
        "dimension": item.dimension or None, "measure": item.measure or None,
        "evidence": item.evidence or None, "assumption": item.assumption or None,
        "reward": item.reward or None, "visibility": item.visibility, "url": site.entry_path(item.id),
        "serves": _refs(site, links.serves.get(item.id, ())),
        "served_by": _refs(site, links.served_by.get(item.id, ())),
        "closes": _refs(site, links.closes.get(item.id, ())),
        "notes_html": _html(site, item.notes, item.path),
    }


def build_model(site: Site) -> dict:
    """The JSON document as Python data (with dates, which render_json writes as ISO dates)."""
    view, roadmap = site.view, site.roadmap
    links = roadmap.links
    root = roadmap.root
    sees = (lambda block: can_see(view.audience, root.block_level(block)))
    url = site.entry_path  # every entry here is one the audience sees
    t = site.target
    target = None if t is None else {
        "role": t.role or None, "level": t.level or None, "industry": t.industry or None,
        "companies": list(t.companies), "by": t.by, "candidates": list(t.candidates)}
    items = [_item(site, item) for item in roadmap.items]
    gaps = [{
        "id": g.id, "title": g.title, "area": g.area, "now": g.now or None, "needed": g.needed or None,
        "visibility": g.visibility, "url": url(g.id),
        "closed_by": _refs(site, links.closed_by.get(g.id, ())),
        "notes_html": _html(site, g.notes, g.path),
    } for g in roadmap.gaps]
    primary = roadmap.primary_path
    paths = [{
        "id": p.id, "title": p.title, "probability": p.probability, "primary": p is primary,
        "trigger": p.trigger or None, "steps": [{"role": s.role, "when": s.when} for s in p.steps],
        "pros": list(p.pros), "cons": list(p.cons), "timeline": p.timeline or None,
        "visibility": p.visibility, "url": url(p.id), "notes_html": _html(site, p.notes, p.path),
    } for p in roadmap.paths]
    risks = [{
        "id": r.id, "title": r.title, "type": r.type, "probability": r.probability, "impact": r.impact,
        "mitigation": r.mitigation or None, "visibility": r.visibility, "url": url(r.id),
        "notes_html": _html(site, r.notes, r.path),
    } for r in roadmap.risks]
    reviews = [{
        "date": r.date, "type": r.type, "title": r.title, "url": site.review_paths[r.path],
        "ratings": {name: _number(v) for name, v in r.ratings},
        "metrics": {name: _number(v) for name, v in r.metrics},
        "progress": {ref.id: status for ref, status in r.progress},
        "assumptions": {ref.id: verdict for ref, verdict in r.assumptions},
        "met": _refs(site, dict.fromkeys(ref.id for ref in r.met)),
        "body_html": _html(site, r.body, r.path),
    } for r in roadmap.reviews]
    horizons = [{
        "name": name, "label": HORIZON_LABELS[name],
        "start": roadmap.as_of,
        "end": horizon_end(name, root.as_of) if root else None,
        "url": f"{name}.html",
        "items": [i.id for i in roadmap.items_on(name)],
    } for name in HORIZONS]
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"roadmapgen {__version__}",
        "audience": view.audience,
        "base_url": site.settings.base_url or None,
        "title": root.title if root else None,
        "owner": root.owner if root else None,
        "as_of": roadmap.as_of,
        "target": target,
        "vision_html": _html(site, root.vision, root.path) if root else None,
        "vision_parts": [{"name": p.name, "text_html": _html(site, p.text, root.path),
                          "facts": _labelled(p.facts)}
                         for p in root.vision_parts] if root else [],
        "values": [{"name": v.name, "score": v.score} for v in root.values] if root else [],
        "values_reading": _values_reading(root),
        "finances": dict(root.finances) if root and sees("finances") and root.finances else None,
        "cadence": dict(root.cadence) if root and sees("cadence") else None,
        "next_reviews": [{key: r[key] for key in ("type", "last", "due")} for r in site.next_reviews()],
        "horizons": horizons,
        "items": items,
        "archived": [_item(site, item) for item in roadmap.archived],
        "gaps": gaps,
        "skills": _skills(site),
        "paths": paths,
        "risks": risks,
        "reviews": reviews,
        "people": _people(site),
        "metrics": _metrics(site),
        "milestones": _milestones(site),
        "budgets": _budgets(root),
        "industry": ({view: _html(site, text, root.path) for view, text in root.industry} or None
                     if root else None),
        "quick_reference": _quick_reference(root),
    }


def _values_reading(root) -> dict | None:
    reading = read_values(root.values) if root else None
    return None if reading is None else {"score": reading.score, "maximum": reading.maximum,
                                         "reading": reading.reading, "scaled": reading.scaled}


def _skills(site: Site) -> list[dict]:
    closed_by = site.roadmap.links.closed_by
    return [{
        "id": s.id, "title": s.title, "group": s.group or None, "now": s.now, "targets": dict(s.targets),
        "evidence": s.evidence or None, "visibility": s.visibility, "url": site.entry_path(s.id),
        "closed_by": _refs(site, closed_by.get(s.id, ())), "notes_html": _html(site, s.notes, s.path),
    } for s in site.roadmap.skills]


def _people(site: Site) -> list[dict]:
    """The advisory board, worked out from the reviews the audience sees."""
    return [{
        "id": c.person.id, "name": c.person.name, "role": c.person.role, "cadence": c.person.cadence,
        "since": c.person.since, "last_met": c.last_met,
        "last_met_url": site.review_paths.get(c.last_met_in) if c.last_met_in else None,
        "next_due": c.next_due, "overdue": c.overdue,
        "visibility": c.person.visibility, "url": site.entry_path(c.person.id),
        "notes_html": _html(site, c.person.notes, c.person.path),
    } for c in contact_board(site.roadmap, site.today)]


def _metrics(site: Site) -> list[dict]:
    return [{
        "name": i.metric.name, "title": i.metric.title or None, "kind": i.metric.kind,
        "target": _number(i.metric.target) if i.metric.target is not None else None,
        "unit": i.metric.unit or None, "visibility": i.metric.visibility,
        "latest": None if i.latest is None else {
            "value": _number(i.latest), "date": i.latest_date, "url": site.review_paths.get(i.latest_in)},
        "notes_html": _html(site, i.metric.notes, site.roadmap.root.path),
    } for i in indicators(site.roadmap)]


def _milestones(site: Site) -> dict | None:
    table = milestone_table(site.roadmap)
    if table is None:
        return None
    return {
        "years": [{"year": y.year, "after": y.after, "end": y.end} for y in table.years],
        "rows": [{"dimension": dimension, "cells": [[item.id for item in cell] for cell in cells]}
                 for dimension, cells in table.rows],
        "undated": [item.id for item in table.undated],
    }


def _budgets(root) -> dict | None:
    budgets = root.budgets if root else None
    if not budgets:
        return None
    return {"time": {k: _number(v) for k, v in budgets.time},
            "money": {k: _number(v) for k, v in budgets.money},
            "currency": budgets.currency or None, "energy": dict(budgets.energy)}


def _quick_reference(root) -> dict | None:
    reference = root.quick_reference if root else None
    if not reference:
        return None
    return {name: _labelled(getattr(reference, name)) for name in ("indicators", "protocols")}


def _labelled(pairs) -> list[dict]:
    """(label, text) pairs as `{label, text}`, label null for none."""
    return [{"label": label or None, "text": text} for label, text in pairs]


def render_json(site: Site) -> bytes:
    text = json.dumps(build_model(site), indent=2, ensure_ascii=False, default=dt.date.isoformat)
    return (text + "\n").encode("utf-8")


# -- the schema ---------------------------------------------------------------

_STR = {"type": "string"}
_OPT_STR = {"type": ["string", "null"]}
_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_OPT_DATE = {"anyOf": [_DATE, {"type": "null"}]}
_ID = {"type": "string", "pattern": f"^{ID_PATTERN.pattern}$"}
_VISIBILITY = {"enum": list(VISIBILITIES)}
_STATUS = {"enum": list(STATUSES)}
_REF = {"oneOf": [
    {"type": "object", "properties": {"id": _ID}, "required": ["id"], "additionalProperties": False},
    {"type": "object", "properties": {"private": {"const": True}}, "required": ["private"],
     "additionalProperties": False},
], "description": "A visible id, or {\"private\": true} for something this audience may not see"}
_PERCENT = {"type": "integer", "minimum": 0, "maximum": 100}
_LEVEL = {"type": "integer", "minimum": 0, "maximum": SKILL_LEVEL_MAX}
_LABELLED = {"type": "array", "items": {"type": "object", "properties": {"label": _OPT_STR, "text": _STR},
                                        "required": ["label", "text"], "additionalProperties": False}}


def _object(properties: dict) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}


def _list(items: dict) -> dict:
    return {"type": "array", "items": items}


_REFS = _list({"$ref": "#/$defs/ref"})


def roadmap_schema() -> dict:
    """The JSON Schema (draft 2020-12) of `roadmap.json`."""
    entry = {"id": _ID, "title": _STR, "visibility": _VISIBILITY, "url": _STR, "notes_html": _OPT_STR}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "roadmap.json",
        "description": "A career roadmap as one audience may see it, written by roadmapgen.",
        "$defs": {
            "ref": _REF,
            "item": _object({
                **entry, "horizon": {"enum": list(HORIZONS)}, "type": _OPT_STR,
                "status": {**_STATUS, "description": "The effective status: the latest review's progress "
                                                     "for the item since as_of, else written_status"},
                "written_status": {**_STATUS, "description": "The status the item's file gives"},
                "status_from": {"anyOf": [{"type": "null"}, _object({
                    "date": _DATE, "type": {"enum": list(REVIEW_TYPES)}, "url": _STR})],
                    "description": "The review the status comes from; null when it is written_status"},
                "due": _OPT_DATE, "start": _OPT_DATE, "dimension": _OPT_STR, "measure": _OPT_STR,
                "evidence": _OPT_STR, "assumption": _OPT_STR, "reward": _OPT_STR,
                "serves": _REFS, "served_by": _REFS, "closes": _REFS,
            }),
            "gap": _object({**entry, "area": _STR, "now": _OPT_STR, "needed": _OPT_STR, "closed_by": _REFS}),
            "skill": _object({
                **entry, "group": _OPT_STR, "now": _LEVEL,
                "targets": {"type": "object", "properties": {h: _LEVEL for h in HORIZONS},
                            "additionalProperties": False,
                            "description": "Horizon -> the level aimed at by its end (never falling)"},
                "evidence": _OPT_STR, "closed_by": _REFS,
            }),
            "person": _object({
                "id": _ID, "name": _STR, "role": _STR, "cadence": {"type": ["integer", "null"]},
                "since": _OPT_DATE, "last_met": _OPT_DATE, "last_met_url": _OPT_STR,
                "next_due": {**_OPT_DATE, "description": "The last meeting (else since, else as_of) plus the "
                                                          "cadence; null without a cadence"},
                "overdue": {"type": "boolean"}, "visibility": _VISIBILITY, "url": _STR,
                "notes_html": _OPT_STR,
            }),
            "metric": _object({
                "name": _STR, "title": _OPT_STR, "kind": {"enum": list(METRIC_KINDS)},
                "target": {"type": ["number", "null"]}, "unit": _OPT_STR, "visibility": _VISIBILITY,
                "latest": {"anyOf": [{"type": "null"}, _object({"value": {"type": "number"}, "date": _DATE,
                                                                 "url": _STR})],
                           "description": "The latest review's value (its metrics, else its ratings)"},
                "notes_html": _OPT_STR,
            }),
            "path": _object({
                **entry, "probability": _PERCENT, "primary": {"type": "boolean"}, "trigger": _OPT_STR,
                "steps": _list(_object({"role": _STR, "when": _STR})),
                "pros": _list(_STR), "cons": _list(_STR), "timeline": _OPT_STR,
            }),
            "risk": _object({
                **entry, "type": {"enum": list(RISK_TYPES)}, "probability": _PERCENT,
                "impact": {"enum": list(IMPACTS)}, "mitigation": _OPT_STR,
            }),
            "review": _object({
                "date": _DATE, "type": {"enum": list(REVIEW_TYPES)}, "title": _STR, "url": _STR,
                "ratings": {"type": "object",
                            "additionalProperties": {"type": "number", "minimum": 0, "maximum": RATING_MAX}},
                "metrics": {"type": "object", "additionalProperties": {"type": "number"}},
                "progress": {"type": "object", "additionalProperties": _STATUS},
                "assumptions": {"type": "object", "additionalProperties": {"enum": list(VERDICTS)}},
                "met": {**_REFS, "description": "The people met"},
                "body_html": _OPT_STR,
            }),
            "horizon": _object({
                "name": {"enum": list(HORIZONS)}, "label": _STR, "start": _OPT_DATE, "end": _OPT_DATE,
                "url": _STR, "items": _list(_ID),
            }),
        },
        **_object({
            "schema_version": {"const": SCHEMA_VERSION},
            "generator": _STR,
            "audience": _VISIBILITY,
            "base_url": _OPT_STR,
            "title": _OPT_STR,
            "owner": _OPT_STR,
            "as_of": _OPT_DATE,
            "target": {"anyOf": [{"type": "null"}, _object({
                "role": _OPT_STR, "level": _OPT_STR, "industry": _OPT_STR,
                "companies": _list(_STR), "by": _OPT_DATE, "candidates": _list(_STR),
            })]},
            "vision_html": {**_OPT_STR, "description": "The vision's statement"},
            "vision_parts": _list(_object({
                "name": {"enum": list(VISION_PARTS)}, "text_html": _OPT_STR,
                "facts": _LABELLED})),
            "values": _list(_object({"name": _STR, "score": {"type": "integer"}})),
            "values_reading": {"anyOf": [{"type": "null"}, _object({
                "score": {"type": "integer"}, "maximum": {"type": "integer", "multipleOf": SCORE_MAX},
                "reading": {"enum": list(READINGS)},
                "scaled": {"type": "boolean", "description": "Fewer than five values: the worksheet's "
                                                             "bounds (20 and 15 of 25) scaled"}})]},
            "finances": {"type": ["object", "null"], "additionalProperties": _STR},
            "cadence": {"type": ["object", "null"], "additionalProperties": {"type": "integer"}},
            "next_reviews": _list(_object({"type": {"enum": list(REVIEW_ORDER)}, "last": _DATE,
                                           "due": _DATE})),
            **{f"{name}s": _list({"$ref": f"#/$defs/{name}"})
               for name in ("horizon", "item", "gap", "skill", "path", "risk", "review", "metric")},
            "people": _list({"$ref": "#/$defs/person"}),
            "milestones": {"anyOf": [{"type": "null"}, _object({
                "years": _list(_object({"year": {"enum": list(MILESTONE_YEARS)}, "after": _DATE,
                                        "end": _DATE})),
                "rows": _list(_object({"dimension": {"enum": list(DIMENSIONS)}, "cells": _list(_list(_ID))})),
                "undated": _list(_ID),
            })], "description": "Dated items with a dimension by year from as_of: year k holds what is due "
                                "after `after` up to and including `end` (year 1 also what was due earlier)"},
            "budgets": {"anyOf": [{"type": "null"}, _object({
                "time": {"type": "object", "additionalProperties": {"type": "number"},
                         "description": "Hours per week"},
                "money": {"type": "object", "additionalProperties": {"type": "number"},
                          "description": "Amounts per year"},
                "currency": _OPT_STR, "energy": {"type": "object", "additionalProperties": _STR}})]},
            "industry": {"anyOf": [{"type": "null"}, {
                "type": "object", "properties": {view: _OPT_STR for view in INDUSTRY_VIEWS},
                "additionalProperties": False}]},
            "quick_reference": {"anyOf": [{"type": "null"}, _object({
                name: _LABELLED for name in ("indicators", "protocols")})]},
            "archived": {**_list({"$ref": "#/$defs/item"}),
                         "description": "Items of `kind: archive` files: done or dropped, on no horizon now"},
        }),
    }


def roadmap_schema_bytes() -> bytes:
    return (json.dumps(roadmap_schema(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
