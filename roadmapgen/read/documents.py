"""Turn one source file into one typed document, reporting what is wrong with
it. Pure: takes (path, text), does no I/O."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import replace
from typing import Any, Callable

from roadmapgen.diagnostics import Diagnostic, Position, error, suggestion, warning
from roadmapgen.model import (
    DEFAULT_CADENCE, ROOT_BLOCKS, STATUSES, Broken, Document, EntriesFile, Gap, Item, Page, Path,
    PlanFile, Ref, Review, Risk, Root, Step, Target, Value, frozen_map, stricter,
)
from roadmapgen.read import fields as f
from roadmapgen.read.frontmatter import FrontMatterError, Mapping, Node, Scalar, Sequence, split_file
from roadmapgen.read.kinds import (
    CADENCE_FIELDS, ENTRY_FIELDS, KIND_FIELDS, KINDS, TARGET_FIELDS, VALUE_FIELDS, VISIBILITY,
)
from roadmapgen.read.markdown import find_links, link_places, links_at


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
    if kind_node is not None and not f.is_null(kind_node):
        kind = kind_node.text if isinstance(kind_node, Scalar) else ""
        if kind not in KINDS:
            shown = kind or f.describe(kind_node)
            return None, [error("bad-field", kind_node.pos, f"unknown kind '{shown}'{suggestion(kind, KINDS)}",
                                f"use one of: {', '.join(KINDS)}")]
    table, required = KIND_FIELDS[kind]
    what = f"this {kind} file" if kind != "roadmap" else "the roadmap"
    read = f.Fields(front, table, required, found, what, file_start)
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

def _build_root(read: f.Fields, common: dict, found: list[Diagnostic]) -> Document | None:
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
        table = {block: VISIBILITY for block in ROOT_BLOCKS}
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
                    found: list[Diagnostic], what: str) -> f.Fields | None:
    if not isinstance(node, Mapping):
        found.append(error("bad-field", node.pos, f"'{name}' must be a mapping, not {f.describe(node)}",
                           f"write '{name}:' followed by indented 'key: value' lines"))
        return None
    return f.Fields(node, table, required, found, what, node.pos)


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

def _read_entries(read: f.Fields, kind: str, file_visibility: str, found: list[Diagnostic],
                  make: Callable[[f.Fields, dict], Any], path: str) -> tuple:
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
        sub = f.Fields(each, table, required, found, noun, each.pos)
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
    def make(sub: f.Fields, base: dict) -> Item:
        return Item(
            **base, kind="item", horizon=horizon,
            type=sub.get("type", ""), due=sub.get("due"), start=sub.get("start"),
            serves=sub.get("serves", ()), closes=sub.get("closes", ()),
            status=sub.get("status", "planned"), dimension=sub.get("dimension", ""),
            measure=sub.get("measure", ""), evidence=sub.get("evidence", ""),
            assumption=sub.get("assumption", ""),
        )
    return make


def _make_gap(sub: f.Fields, base: dict) -> Gap:
    return Gap(**base, kind="gap", area=sub.get("area", "other"), now=sub.get("now", ""), needed=sub.get("needed", ""))


def _make_path(found: list[Diagnostic]):
    def make(sub: f.Fields, base: dict) -> Path:
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


def _make_risk(sub: f.Fields, base: dict) -> Risk:
    return Risk(
        **base, kind="risk", probability=sub.get("probability", 0), impact=sub.get("impact", "medium"),
        mitigation=sub.get("mitigation", ""), type=sub.get("type", "risk"),
    )


def _build_plan(read: f.Fields, common: dict, found: list[Diagnostic]) -> Document | None:
    if "horizon" in read.failed:
        return _broken(common)
    horizon = read.get("horizon")
    items = _read_entries(read, "plan", common["visibility"], found, _make_item(horizon), common["path"])
    return PlanFile(**common, horizon=horizon, items=items)


def _build_entries(kind: str):
    def build(read: f.Fields, common: dict, found: list[Diagnostic]) -> Document:
        make = {"gaps": _make_gap, "paths": _make_path(found), "risks": _make_risk}[kind]
        entries = _read_entries(read, kind, common["visibility"], found, make, common["path"])
        return EntriesFile(**common, kind=kind, entries=entries)
    return build


# -- reviews and pages ---------------------------------------------------------

def _build_review(read: f.Fields, common: dict, found: list[Diagnostic]) -> Document | None:
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


def _build_page(read: f.Fields, common: dict, found: list[Diagnostic]) -> Document:
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
