"""Turn one source file into one typed document, reporting what is wrong with
it. Pure: takes (path, text), does no I/O."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Any, Callable

from roadmapgen.diagnostics import Diagnostic, Position, did_you_mean, error, suggestion, warning
from roadmapgen.model import (
    DEFAULT_CADENCE, DIMENSIONS, GAP_AREAS, HORIZONS, IMPACTS, REVIEW_TYPES, RISK_TYPES,
    ROOT_BLOCKS, STATUSES, VISIBILITIES, Broken, Document, EntriesFile, Gap, Item, Page, Path,
    PlanFile, Ref, Review, Risk, Root, Step, Target, Value, frozen_map, stricter,
)
from roadmapgen.read import fields as f
from roadmapgen.read.frontmatter import FrontMatterError, Mapping, Node, Scalar, Sequence, split_file
from roadmapgen.read.markdown import find_links, link_places, links_at

KINDS = ("roadmap", "plan", "gaps", "paths", "risks", "review", "page")

_VISIBILITY = f.Choice(VISIBILITIES, "public, mentors or private: who may see this")
_COMMON = {
    "kind": f.Choice(KINDS, "what this file is; a file without kind is a page"),
    "title": f.Text("the file's title"),
    "visibility": _VISIBILITY,
}

ROOT_FIELDS = {
    **_COMMON,
    "visibility": f.Structured({
        "type": "object",
        "properties": {block: {"enum": list(VISIBILITIES)} for block in ROOT_BLOCKS},
        "additionalProperties": False,
        "description": "who may see each block of the root",
    }),
    "owner": f.Text("whose roadmap this is"),
    "as_of": f.Date("the date this plan was (re)written; horizons start here"),
    "target": f.Structured({"type": "object", "description": "the target role, or candidates while exploring"}),
    "vision": f.Text("the 10-year north star, Markdown"),
    "values": f.Structured({"type": "array", "maxItems": 5, "description": "up to five values scored 1-5"}),
    "finances": f.Structured({"type": "object", "description": "free mapping; private unless visibility says otherwise"}),
    "cadence": f.Structured({"type": "object", "description": "most days allowed between reviews of each type"}),
}
ROOT_REQUIRED = ("title", "owner", "as_of", "target")

TARGET_FIELDS = {
    "role": f.Text("the target title"),
    "level": f.Text("the level, for example L6"),
    "industry": f.Text("the industry"),
    "companies": f.TextList("two or three example companies"),
    "by": f.Date("the target date"),
    "candidates": f.TextList("three to five roles still being explored"),
}
VALUE_FIELDS = {"name": f.Text("the value"), "score": f.Integer(1, 5, "how well the vision serves it")}
CADENCE_FIELDS = {name: f.Integer(1, 3650, f"most days between {name} reviews") for name in DEFAULT_CADENCE}

PLAN_FIELDS = {
    **_COMMON,
    "horizon": f.Choice(HORIZONS, "which horizon this plan covers"),
    "items": f.Structured({"type": "array", "description": "the plan's items"}),
}
ITEM_FIELDS = {
    "id": f.Id("unique across the roadmap"),
    "title": f.Text("what the item is"),
    "type": f.Text("project, course, conversation, artifact, habit, application, milestone or any word"),
    "due": f.Date("when it is due"),
    "start": f.Date("when it starts"),
    "serves": f.Refs("plan items on a longer horizon, or `target`"),
    "closes": f.Refs("gap ids this item works on"),
    "status": f.Choice(STATUSES, "planned by default"),
    "dimension": f.Choice(DIMENSIONS, "which part of the career it moves"),
    "measure": f.Text("the success measure"),
    "evidence": f.Text("a link or text proving it is done"),
    "assumption": f.Text("the hypothesis behind the item"),
    "notes": f.Text("Markdown notes"),
    "visibility": _VISIBILITY,
}
LIST_FIELDS = {**_COMMON, "items": f.Structured({"type": "array", "description": "the entries"})}
GAP_FIELDS = {
    "id": f.Id("unique across the roadmap"),
    "title": f.Text("the gap"),
    "area": f.Choice(GAP_AREAS, "what sort of gap"),
    "now": f.Text("what you demonstrate today"),
    "needed": f.Text("what the target expects"),
    "notes": f.Text("Markdown notes"),
    "visibility": _VISIBILITY,
}
PATH_FIELDS = {
    "id": f.Id("unique across the roadmap"),
    "title": f.Text("the path"),
    "probability": f.Integer(0, 100, "percent; all paths add up to 100"),
    "trigger": f.Text("what would make you pivot to it"),
    "steps": f.Structured({"type": "array", "items": {"type": "object", "properties": {"role": {}, "when": {}}}}),
    "pros": f.TextList("advantages"),
    "cons": f.TextList("drawbacks"),
    "timeline": f.Text("how the timeline differs"),
    "notes": f.Text("Markdown notes"),
    "visibility": _VISIBILITY,
}
RISK_FIELDS = {
    "id": f.Id("unique across the roadmap"),
    "title": f.Text("the risk"),
    "probability": f.Integer(0, 100, "percent"),
    "impact": f.Choice(IMPACTS, "how much it would hurt"),
    "mitigation": f.Text("what you do about it"),
    "type": f.Choice(RISK_TYPES, "risk by default"),
    "notes": f.Text("Markdown notes"),
    "visibility": _VISIBILITY,
}
REVIEW_FIELDS = {
    **_COMMON,
    "date": f.Date("the day of the review"),
    "type": f.Choice(REVIEW_TYPES, "which review"),
    "ratings": f.Structured({"type": "object", "additionalProperties": {"type": "number", "minimum": 0, "maximum": 10}}),
    "metrics": f.Structured({"type": "object", "additionalProperties": {"type": "number"}}),
    "progress": f.Structured({"type": "object", "additionalProperties": {"enum": list(STATUSES)}}),
}
PAGE_FIELDS = dict(_COMMON)

KIND_FIELDS = {
    "roadmap": (ROOT_FIELDS, ROOT_REQUIRED),
    "plan": (PLAN_FIELDS, ("horizon",)),
    "gaps": (LIST_FIELDS, ()),
    "paths": (LIST_FIELDS, ()),
    "risks": (LIST_FIELDS, ()),
    "review": (REVIEW_FIELDS, ("date", "type")),
    "page": (PAGE_FIELDS, ()),
}
ENTRY_FIELDS = {
    "plan": (ITEM_FIELDS, ("id", "title")),
    "gaps": (GAP_FIELDS, ("id", "title", "area", "now", "needed")),
    "paths": (PATH_FIELDS, ("id", "title", "probability")),
    "risks": (RISK_FIELDS, ("id", "title", "probability", "impact", "mitigation")),
}


class _Fields:
    """The fields read from one mapping: values, value positions, failures."""

    # The front matter's source lines, set on a file's top-level fields so
    # that links in notes can be placed where they stand in the file.
    lines: list[str] = []

    def __init__(self, mapping: Mapping, table: dict, required: tuple[str, ...],
                 found: list[Diagnostic], what: str, start: Position):
        self.mapping = mapping
        self.values: dict[str, Any] = {}
        self.positions: dict[str, Position] = {}
        self.failed: set[str] = set()
        for key, node in mapping.entries:
            if key.text not in table:
                meant = did_you_mean(key.text, table)
                # A misspelt visibility would publish what it was meant to hide.
                report = error if meant == "visibility" else warning
                found.append(report(
                    "unknown-field", key.pos,
                    f"unknown field '{key.text}' in {what}{suggestion(key.text, table)}",
                    "write 'visibility' exactly: until then this is public" if meant == "visibility"
                    else f"known fields: {', '.join(table)}",
                ))
                continue
            self.positions[key.text] = node.pos
            if _is_null(node) and key.text == "visibility":
                found.append(error("bad-field", node.pos, "'visibility' is empty",
                                   "write public, mentors or private (or remove the line)"))
                self.failed.add(key.text)
                continue
            if _is_null(node):
                continue
            reader = table[key.text]
            if isinstance(reader, f.Structured):
                self.values[key.text] = node
                continue
            try:
                self.values[key.text] = reader.read(key.text, node)
            except f.Invalid as exc:
                found.append(exc.diagnostic)
                self.failed.add(key.text)
        for name in required:
            if name not in self.failed and (name not in self.values or self.values[name] == ""):
                self.failed.add(name)
                found.append(error(
                    "bad-field", start,
                    f"{what} has no '{name}'" if name not in self.positions else f"'{name}' in {what} is empty",
                    f"add '{name}: ...'",
                ))

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


def _is_null(node: Node) -> bool:
    return isinstance(node, Scalar) and node.tag == "null"


def parse_document(path: str, text: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read one file's text. Returns None for a file that is skipped."""
    found: list[Diagnostic] = []
    if not text.strip("\ufeff \t\r\n"):
        return None, [warning("empty-file", Position(path, 1, 1), "the file is empty and was skipped",
                              "write its front matter and body, or delete it")]
    try:
        split = split_file(path, text)
    except FrontMatterError as exc:
        return None, [exc.diagnostic]
    file_start = Position(path, 1, 1)
    front = split.front or Mapping((), file_start)
    kind_node = front.get("kind")
    kind = "page"
    if kind_node is not None and not _is_null(kind_node):
        kind = kind_node.text if isinstance(kind_node, Scalar) else ""
        if kind not in KINDS:
            shown = kind or f.describe(kind_node)
            return None, [error("bad-field", kind_node.pos, f"unknown kind '{shown}'{suggestion(kind, KINDS)}",
                                f"use one of: {', '.join(KINDS)}")]
    table, required = KIND_FIELDS[kind]
    what = f"this {kind} file" if kind != "roadmap" else "the roadmap"
    read = _Fields(front, table, required, found, what, file_start)
    read.lines = text.split("\n")[: split.body_line - 1]
    file_visibility = read.get("visibility", "public") if kind != "roadmap" else "public"
    body_refs = find_links(split.body, Position(path, split.body_line, 1))
    common = dict(
        path=path,
        title=read.get("title") or _title_from(split.body, path),
        visibility=file_visibility,
        body=split.body,
        body_line=split.body_line,
        body_refs=body_refs,
        fields=frozen_map(read.positions),
    )
    builder = _BUILDERS[kind]
    document = builder(read, common, found)
    return document, found


_OPENING = re.compile(r"(?=\[\[)")


def _scalar_links(node: Node | None, text: str, at: Position, lines: list[str]) -> tuple[Ref, ...]:
    """The `[[id]]` links in a front-matter text (notes, vision), each placed
    where it stands in the file, in time linear in the scalar's source.

    A quoted or folded value keeps neither the file's line breaks nor its
    columns, but every `[[` in the scalar's source is one in its value, in
    the same order; only YAML's escapes can add more (`"\\x5b[x]]"`). So
    while the two counts agree, the link that starts at the value's k-th
    `[[` stands at the source's k-th. When they do not, where a link was
    written cannot be known: it is placed at the scalar."""
    block = isinstance(node, Scalar) and node.style in ("|", ">")
    places = link_places(text)
    refs = links_at(places, at, block)
    if not refs or not isinstance(node, Scalar) or node.end is None:
        return refs
    in_value = [m.start() for m in _OPENING.finditer(text)]
    in_source = _openings(lines, node.pos, node.end)
    if len(in_value) != len(in_source):
        return tuple(replace(ref, pos=at) for ref in refs)
    # Lines as Markdown reads them (link_places).
    line_starts = [0, *(m.end() for m in re.finditer(r"\r\n?|\n", text))]
    placed = []
    for ref, (_, _, line_index, column) in zip(refs, places):
        offset = line_starts[line_index] + column if line_index < len(line_starts) else -1
        k = bisect_left(in_value, offset)
        if column >= 0 and offset >= 0 and k < len(in_value) and in_value[k] == offset:
            line, found = in_source[k]
            placed.append(replace(ref, pos=Position(ref.pos.path, line, found)))
        else:
            placed.append(replace(ref, pos=at))
    return tuple(placed)


def _openings(lines: list[str], start: Position, end: Position) -> list[tuple[int, int]]:
    """(line, column), 1-based, of every `[[` from `start` up to `end`."""
    first, last = (start.line or 1) - 1, min((end.line or 1) - 1, len(lines) - 1)
    found = []
    for index in range(first, last + 1):
        begin = (start.column or 1) - 1 if index == first else 0
        stop = (end.column or 1) - 1 if index == last == (end.line or 1) - 1 else len(lines[index])
        found += [(index + 1, m.start() + 1) for m in _OPENING.finditer(lines[index], begin, stop)]
    return found


def _title_from(body: str, path: str) -> str:
    for line in body.split("\n", 40)[:40]:
        if line.startswith("# "):
            return line[2:].strip()
    stem = path.rsplit("/", 1)[-1]
    stem = stem[:-3] if stem.endswith(".md") else stem
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"


# -- the root ---------------------------------------------------------------

def _build_root(read: _Fields, common: dict, found: list[Diagnostic]) -> Document | None:
    path = common["path"]
    if "as_of" in read.failed:
        return _broken(common, "roadmap")
    if read.get("as_of").year > dt.MAXYEAR - 10:
        found.append(error("bad-field", read.positions["as_of"],
                           f"'as_of' {read.get('as_of')} is too far ahead: its 10-years horizon would end after the year {dt.MAXYEAR}",
                           "write the date this plan was (re)written"))
        return _broken(common, "roadmap")
    target = _read_target(read.get("target"), found, path)
    values = _read_values(read.get("values"), found)
    cadence = dict(DEFAULT_CADENCE)
    cadence_node = read.get("cadence")
    if cadence_node is not None:
        sub = _mapping_fields(cadence_node, "cadence", CADENCE_FIELDS, (), found, "the cadence")
        if sub:
            cadence.update(sub.values)
    visibility = {}
    visibility_node = read.get("visibility")
    if visibility_node is not None:
        table = {block: _VISIBILITY for block in ROOT_BLOCKS}
        sub = _mapping_fields(visibility_node, "visibility", table, (), found, "the root's visibility")
        if sub:
            visibility = sub.values
    finances = _read_finances(read.get("finances"), found)
    vision = read.get("vision", "")
    vision_pos = read.positions.get("vision", Position(path, 1, 1))
    vision_node = read.mapping.get("vision")
    common["title"] = read.get("title") or common["title"]
    return Root(
        **common,
        owner=read.get("owner", ""),
        as_of=read.get("as_of"),
        target=target,
        vision=vision,
        vision_refs=_scalar_links(vision_node, vision, vision_pos, read.lines),
        values=values,
        finances=finances,
        cadence=frozen_map(cadence),
        block_visibility=frozen_map(visibility),
    )


def _mapping_fields(node: Node, name: str, table: dict, required: tuple[str, ...],
                    found: list[Diagnostic], what: str) -> _Fields | None:
    if not isinstance(node, Mapping):
        found.append(error("bad-field", node.pos, f"'{name}' must be a mapping, not {f.describe(node)}",
                           f"write '{name}:' followed by indented 'key: value' lines"))
        return None
    return _Fields(node, table, required, found, what, node.pos)


def _read_target(node: Node | None, found: list[Diagnostic], path: str) -> Target:
    if node is None:
        return Target()
    sub = _mapping_fields(node, "target", TARGET_FIELDS, (), found, "the target")
    if sub is None:
        return Target()
    role, candidates = sub.get("role", ""), sub.get("candidates", ())
    failed = {"role", "candidates"} & sub.failed
    if not failed and bool(role) == bool(candidates):
        found.append(error(
            "bad-field", node.pos,
            "the target needs either 'role' or 'candidates'" if not role else "the target has both 'role' and 'candidates'",
            "name one target role, or 3-5 candidate roles while you are still exploring",
        ))
    elif candidates and not 3 <= len(candidates) <= 5:
        found.append(error("bad-field", sub.positions["candidates"],
                           f"'candidates' lists {len(candidates)} roles; explore 3 to 5",
                           "narrow or widen the list to 3-5 roles"))
    return Target(
        role=role, level=sub.get("level", ""), industry=sub.get("industry", ""),
        companies=sub.get("companies", ()), by=sub.get("by"), candidates=candidates,
    )


def _read_values(node: Node | None, found: list[Diagnostic]) -> tuple[Value, ...]:
    if node is None:
        return ()
    if not isinstance(node, Sequence):
        found.append(error("bad-field", node.pos, f"'values' must be a list, not {f.describe(node)}",
                           "write '- {name: Autonomy, score: 5}' lines"))
        return ()
    if len(node.items) > 5:
        found.append(error("bad-field", node.items[5].pos, f"'values' lists {len(node.items)} values; keep your top 5",
                           "keep the five values that matter most"))
    values = []
    for each in node.items:
        sub = _mapping_fields(each, "a value", VALUE_FIELDS, ("name", "score"), found, "a value")
        if sub and not sub.failed:
            values.append(Value(sub.get("name"), sub.get("score")))
    return tuple(values)


def _read_finances(node: Node | None, found: list[Diagnostic]) -> tuple[tuple[str, str], ...]:
    if node is None:
        return ()
    if not isinstance(node, Mapping):
        found.append(error("bad-field", node.pos, f"'finances' must be a mapping, not {f.describe(node)}",
                           "write 'finances:' followed by 'name: value' lines"))
        return ()
    pairs = []
    for key, value in node.entries:
        if isinstance(value, Scalar):
            pairs.append((key.text, value.text))
        elif isinstance(value, Sequence) and all(isinstance(v, Scalar) for v in value.items):
            pairs.append((key.text, ", ".join(v.text for v in value.items)))
        else:
            found.append(error("bad-field", value.pos, f"'{key.text}' in finances must be a value or a list",
                               "write one value per key"))
    return tuple(pairs)


# -- plans and entries -------------------------------------------------------

def _read_entries(read: _Fields, kind: str, file_visibility: str, found: list[Diagnostic],
                  make: Callable[[_Fields, dict], Any], path: str) -> tuple:
    node = read.get("items")
    if node is None:
        return ()
    if not isinstance(node, Sequence):
        found.append(error("bad-field", node.pos, f"'items' must be a list, not {f.describe(node)}",
                           "write each item as a '- id: ...' block"))
        return ()
    table, required = ENTRY_FIELDS[kind]
    noun = {"plan": "an item", "gaps": "a gap", "paths": "a path", "risks": "a risk"}[kind]
    entries = []
    for each in node.items:
        if not isinstance(each, Mapping):
            found.append(error("bad-field", each.pos, f"{noun} must be a mapping, not {f.describe(each)}",
                               "write each item as '- id: ...' followed by its fields"))
            continue
        sub = _Fields(each, table, required, found, noun, each.pos)
        if "id" in sub.failed:
            continue
        notes = sub.get("notes", "")
        notes_node = each.get("notes")
        base = dict(
            id=sub.get("id"),
            title=sub.get("title") or sub.get("id"),
            visibility=stricter(file_visibility, sub.get("visibility", "public")),
            path=path,
            pos=each.pos,
            id_pos=sub.positions["id"],
            fields=frozen_map(sub.positions),
            notes=notes,
            notes_refs=_scalar_links(notes_node, notes, sub.positions.get("notes", each.pos), read.lines),
        )
        entries.append(make(sub, base))
    return tuple(entries)


def _make_item(horizon: str):
    def make(sub: _Fields, base: dict) -> Item:
        return Item(
            **base, kind="item", horizon=horizon,
            type=sub.get("type", ""), due=sub.get("due"), start=sub.get("start"),
            serves=sub.get("serves", ()), closes=sub.get("closes", ()),
            status=sub.get("status", "planned"), dimension=sub.get("dimension", ""),
            measure=sub.get("measure", ""), evidence=sub.get("evidence", ""),
            assumption=sub.get("assumption", ""),
        )
    return make


def _make_gap(sub: _Fields, base: dict) -> Gap:
    return Gap(**base, kind="gap", area=sub.get("area", "other"), now=sub.get("now", ""), needed=sub.get("needed", ""))


def _make_path(found: list[Diagnostic]):
    def make(sub: _Fields, base: dict) -> Path:
        steps = []
        node = sub.get("steps")
        if node is not None:
            if not isinstance(node, Sequence):
                found.append(error("bad-field", node.pos, f"'steps' must be a list, not {f.describe(node)}",
                                   "write steps as '- {role: Staff Engineer, when: 2028}'"))
            else:
                table = {"role": f.Text(), "when": f.Text()}
                for each in node.items:
                    step = _mapping_fields(each, "a step", table, ("role",), found, "a step")
                    if step and not step.failed:
                        steps.append(Step(step.get("role"), step.get("when", "")))
        return Path(
            **base, kind="path", probability=sub.get("probability", 0), trigger=sub.get("trigger", ""),
            steps=tuple(steps), pros=sub.get("pros", ()), cons=sub.get("cons", ()),
            timeline=sub.get("timeline", ""),
        )
    return make


def _make_risk(sub: _Fields, base: dict) -> Risk:
    return Risk(
        **base, kind="risk", probability=sub.get("probability", 0), impact=sub.get("impact", "medium"),
        mitigation=sub.get("mitigation", ""), type=sub.get("type", "risk"),
    )


def _build_plan(read: _Fields, common: dict, found: list[Diagnostic]) -> Document | None:
    if "horizon" in read.failed:
        return _broken(common)
    horizon = read.get("horizon")
    items = _read_entries(read, "plan", common["visibility"], found, _make_item(horizon), common["path"])
    return PlanFile(**common, horizon=horizon, items=items)


def _build_entries(kind: str):
    def build(read: _Fields, common: dict, found: list[Diagnostic]) -> Document:
        make = {"gaps": _make_gap, "paths": _make_path(found), "risks": _make_risk}[kind]
        entries = _read_entries(read, kind, common["visibility"], found, make, common["path"])
        return EntriesFile(**common, kind=kind, entries=entries)
    return build


# -- reviews and pages ---------------------------------------------------------

def _build_review(read: _Fields, common: dict, found: list[Diagnostic]) -> Document | None:
    if read.failed & {"date", "type"}:
        return _broken(common)
    ratings = _number_map(read.get("ratings"), "ratings", found, 0, 10)
    metrics = _number_map(read.get("metrics"), "metrics", found, None, None)
    progress = []
    node = read.get("progress")
    if node is not None:
        if not isinstance(node, Mapping):
            found.append(error("bad-field", node.pos, f"'progress' must be a mapping, not {f.describe(node)}",
                               "write 'item-id: done' lines under 'progress:'"))
        else:
            for key, value in node.entries:
                try:
                    ref = Ref(f.read_id("progress", key), key.pos)
                    status = f.Choice(STATUSES).read("status", value)
                except f.Invalid as exc:
                    found.append(exc.diagnostic)
                    continue
                progress.append((ref, status))
    return Review(**common, date=read.get("date"), type=read.get("type"),
                  ratings=ratings, metrics=metrics, progress=tuple(progress))


def _number_map(node: Node | None, name: str, found: list[Diagnostic], low, high) -> tuple:
    if node is None:
        return ()
    if not isinstance(node, Mapping):
        found.append(error("bad-field", node.pos, f"'{name}' must be a mapping, not {f.describe(node)}",
                           f"write 'name: number' lines under '{name}:'"))
        return ()
    pairs = []
    for key, value in node.entries:
        try:
            pairs.append((key.text, f.read_number(key.text, value, low, high)))
        except f.Invalid as exc:
            found.append(exc.diagnostic)
    return tuple(pairs)


def _build_page(read: _Fields, common: dict, found: list[Diagnostic]) -> Document:
    return Page(**common)


def _broken(common: dict, kind: str = "") -> Broken:
    return Broken(common["path"], kind, common["fields"])


_BUILDERS = {
    "roadmap": _build_root,
    "plan": _build_plan,
    "gaps": _build_entries("gaps"),
    "paths": _build_entries("paths"),
    "risks": _build_entries("risks"),
    "review": _build_review,
    "page": _build_page,
}
