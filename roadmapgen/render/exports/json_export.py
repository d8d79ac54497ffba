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
from roadmapgen.analyse.audience import can_see
from roadmapgen.model import (
    HORIZON_LABELS, HORIZONS, ID_PATTERN, IMPACTS, RATING_MAX, REVIEW_TYPES, RISK_TYPES, STATUSES, VISIBILITIES,
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


def _html(site: Site, text: str) -> str | None:
    """As on the site; its links, like every `url` here, relative to the site root."""
    return str(site.markdown(JSON_PATH, text)) if text and text.strip() else None


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
    items = [{
        "id": item.id, "title": item.title, "horizon": item.horizon, "type": item.type or None,
        "status": item.status, "due": item.due, "start": item.start,
        "dimension": item.dimension or None, "measure": item.measure or None,
        "evidence": item.evidence or None, "assumption": item.assumption or None,
        "visibility": item.visibility, "url": url(item.id),
        "serves": _refs(site, links.serves.get(item.id, ())),
        "served_by": _refs(site, links.served_by.get(item.id, ())),
        "closes": _refs(site, links.closes.get(item.id, ())),
        "notes_html": _html(site, item.notes),
    } for item in roadmap.items]
    gaps = [{
        "id": g.id, "title": g.title, "area": g.area, "now": g.now or None, "needed": g.needed or None,
        "visibility": g.visibility, "url": url(g.id),
        "closed_by": _refs(site, links.closed_by.get(g.id, ())),
        "notes_html": _html(site, g.notes),
    } for g in roadmap.gaps]
    primary = roadmap.primary_path
    paths = [{
        "id": p.id, "title": p.title, "probability": p.probability, "primary": p is primary,
        "trigger": p.trigger or None, "steps": [{"role": s.role, "when": s.when} for s in p.steps],
        "pros": list(p.pros), "cons": list(p.cons), "timeline": p.timeline or None,
        "visibility": p.visibility, "url": url(p.id), "notes_html": _html(site, p.notes),
    } for p in roadmap.paths]
    risks = [{
        "id": r.id, "title": r.title, "type": r.type, "probability": r.probability, "impact": r.impact,
        "mitigation": r.mitigation or None, "visibility": r.visibility, "url": url(r.id),
        "notes_html": _html(site, r.notes),
    } for r in roadmap.risks]
    reviews = [{
        "date": r.date, "type": r.type, "title": r.title, "url": site.review_paths[r.path],
        "ratings": {name: _number(v) for name, v in r.ratings},
        "metrics": {name: _number(v) for name, v in r.metrics},
        "progress": {ref.id: status for ref, status in r.progress},
        "body_html": _html(site, r.body),
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
        "vision_html": _html(site, root.vision) if root else None,
        "values": [{"name": v.name, "score": v.score} for v in root.values] if root else [],
        "finances": dict(root.finances) if root and sees("finances") and root.finances else None,
        "cadence": dict(root.cadence) if root and sees("cadence") else None,
        "next_reviews": [{key: r[key] for key in ("type", "last", "due")} for r in site.next_reviews()],
        "horizons": horizons,
        "items": items,
        "gaps": gaps,
        "paths": paths,
        "risks": risks,
        "reviews": reviews,
    }


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
                **entry, "horizon": {"enum": list(HORIZONS)}, "type": _OPT_STR, "status": _STATUS,
                "due": _OPT_DATE, "start": _OPT_DATE, "dimension": _OPT_STR, "measure": _OPT_STR,
                "evidence": _OPT_STR, "assumption": _OPT_STR,
                "serves": _REFS, "served_by": _REFS, "closes": _REFS,
            }),
            "gap": _object({**entry, "area": _STR, "now": _OPT_STR, "needed": _OPT_STR, "closed_by": _REFS}),
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
            "vision_html": _OPT_STR,
            "values": _list(_object({"name": _STR, "score": {"type": "integer"}})),
            "finances": {"type": ["object", "null"], "additionalProperties": _STR},
            "cadence": {"type": ["object", "null"], "additionalProperties": {"type": "integer"}},
            "next_reviews": _list(_object({"type": {"enum": list(REVIEW_ORDER)}, "last": _DATE,
                                           "due": _DATE})),
            **{f"{name}s": _list({"$ref": f"#/$defs/{name}"})
               for name in ("horizon", "item", "gap", "path", "risk", "review")},
        }),
    }


def roadmap_schema_bytes() -> bytes:
    return (json.dumps(roadmap_schema(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
