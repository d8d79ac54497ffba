"""Turn one source file into one typed document, reporting what is wrong with
it. Pure: takes (path, text), does no I/O."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Callable

from roadmapgen.diagnostics import Diagnostic, Position, error, suggestion, warning
from roadmapgen.model import (
    DEFAULT_CADENCE, KINDS, MAX_VALUES, RATING_MAX, ArchiveFile, Broken, Document, EntriesFile, Gap, Item, Page,
    Path, PlanFile, Ref, Review, Risk, Root, Step, Target, Value, frozen_map, stricter,
)
from roadmapgen.read import fields as f
from roadmapgen.read.frontmatter import FrontMatterError, Mapping, Node, Scalar, Sequence, split_file
from roadmapgen.read.kinds import (
    CADENCE_FIELDS, ENTRY_FIELDS, KIND_FIELDS, ROOT_VISIBILITY_FIELDS, STATUS, STEP_FIELDS, TARGET_FIELDS,
    VALUE_FIELDS, VERDICT,
)
from roadmapgen.read.markdown import find_links, link_places, links_at

# Per kind of list file: the model of its entries, their `kind` and what one is called.
_ENTRIES = {"plan": (Item, "item", "an item"), "archive": (Item, "item", "an item"),
            "gaps": (Gap, "gap", "a gap"), "paths": (Path, "path", "a path"), "risks": (Risk, "risk", "a risk")}
# The fields no entry's model can be made without (an archived item's horizon).
_ESSENTIAL = {"id", "horizon"}
# Each field of an entry's table is a field of its model of the same name,
# whose default stands for a missing one; but these two are worked out.
_WORKED_OUT = ("title", "visibility")


def parse_document(path: str, text: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read one file's text. Returns None for a file that is skipped."""
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
    found: list[Diagnostic] = []
    table, required = KIND_FIELDS[kind]
    what = f"this {kind} file" if kind != "roadmap" else "the roadmap"
    read = f.Fields(front, table, required, found, what, file_start)
    lines = text.split("\n")[: split.body_line - 1]  # the front matter's, to place links in it
    common = dict(
        path=path,
        title=read.get("title") or _title_from(split.body, path),
        # The root's visibility is per block. A level not set is public
        # until analyse.visibility applies the root's default.
        visibility=read.get("visibility", "public") if kind != "roadmap" else "public",
        body=split.body,
        body_line=split.body_line,
        body_refs=find_links(split.body, Position(path, split.body_line, 1)),
        fields=frozen_map(read.positions),
    )
    if kind == "roadmap":
        return _build_root(read, common, found, lines), found
    if kind == "plan":
        if "horizon" in read.failed:
            return _broken(common), found
        horizon = read.get("horizon")
        return PlanFile(**common, horizon=horizon, items=_read_entries(read, kind, common, found, lines,
                                                                         horizon=horizon)), found
    if kind == "archive":
        archived = _read_entries(read, kind, common, found, lines, archived=True)
        return ArchiveFile(**common, items=archived), found
    if kind in _ENTRIES:
        return EntriesFile(**common, kind=kind, entries=_read_entries(read, kind, common, found, lines)), found
    if kind == "review":
        return _build_review(read, common, found), found
    return Page(**common), found


_OPENING = re.compile(r"(?=\[\[)")


def _links_in(read: f.Fields, name: str, lines: list[str], at: Position) -> tuple[Ref, ...]:
    """The `[[id]]` links in the text field `name` (notes, vision), each
    placed where it stands in the file (`lines`), in time linear in the
    scalar's source; `at` stands for the field's place where it is absent.

    A quoted or folded value keeps neither the file's line breaks nor its
    columns, but every `[[` in the scalar's source is one in its value, in
    the same order; only YAML's escapes can add more (`"\\x5b[x]]"`). So
    while the two counts agree, the link that starts at the value's k-th
    `[[` stands at the source's k-th. When they do not, where a link was
    written cannot be known: it is placed at the scalar."""
    node, text, at = read.mapping.get(name), read.get(name, ""), read.positions.get(name, at)
    block = isinstance(node, Scalar) and node.style in ("|", ">")
    places = link_places(text)
    refs = links_at(places, at, block)
    if not refs or not isinstance(node, Scalar) or node.end is None:
        return refs
    in_value = {m.start(): k for k, m in enumerate(_OPENING.finditer(text))}
    in_source = _openings(lines, node.pos, node.end)
    if len(in_value) != len(in_source):
        return tuple(replace(ref, pos=at) for ref in refs)
    # Lines as Markdown reads them (link_places).
    line_starts = [0, *(m.end() for m in re.finditer(r"\r\n?|\n", text))]
    placed = []
    for ref, (_, _, line_index, column) in zip(refs, places):
        known = column >= 0 and line_index < len(line_starts)
        k = in_value.get(line_starts[line_index] + column) if known else None
        placed.append(replace(ref, pos=at if k is None else Position(ref.pos.path, *in_source[k])))
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
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"


def _broken(common: dict, kind: str = "") -> Broken:
    return Broken(common["path"], kind, common["fields"])


# -- nested values -------------------------------------------------------------

def _shaped(node: Node, shape: type, what: str, hint: str, found: list[Diagnostic]) -> bool:
    """Whether `node` is a Mapping or a Sequence as `shape` says; reported where it is not."""
    if isinstance(node, shape):
        return True
    found.append(error("bad-field", node.pos, f"{what} must be {f.SHAPES[shape]}, not {f.describe(node)}",
                       hint))
    return False


def _elements(node: Node | None, name: str, hint: str, found: list[Diagnostic]) -> tuple[Node, ...]:
    """The elements of the list `name`; none where it is absent or not a list."""
    return node.items if node is not None and _shaped(node, Sequence, f"'{name}'", hint, found) else ()


def _group(node: Node | None, name: str, table: dict, found: list[Diagnostic], what: str,
           required: tuple[str, ...] = (), guarded: bool = False) -> f.Fields | None:
    """The fields of the mapping `name`; None where it is absent or not a mapping."""
    hint = f"write '{name}:' followed by indented 'key: value' lines"
    if node is None or not _shaped(node, Mapping, f"'{name}'", hint, found):
        return None
    return f.Fields(node, table, required, found, what, guarded=guarded)


def _pairs(node: Node | None, name: str, hint: str, found: list[Diagnostic],
           read: Callable[[Scalar, Node], tuple]) -> tuple:
    """The pairs `read` makes of the keys and values of the mapping `name`;
    a pair it refuses is reported and left out."""
    if node is None or not _shaped(node, Mapping, f"'{name}'", hint, found):
        return ()
    pairs = []
    for key, value in node.entries:
        try:
            pairs.append(read(key, value))
        except f.Invalid as exc:
            found.append(exc.diagnostic)
    return tuple(pairs)


# -- the root ---------------------------------------------------------------

def _build_root(read: f.Fields, common: dict, found: list[Diagnostic], lines: list[str]) -> Document:
    if "as_of" in read.failed:
        return _broken(common, "roadmap")
    as_of = read.get("as_of")
    if as_of.year > dt.MAXYEAR - 10:
        found.append(error("bad-field", read.positions["as_of"],
                           f"'as_of' {as_of} is too far ahead: its 10-years horizon would end after "
                           f"the year {dt.MAXYEAR}", "write the date this plan was (re)written"))
        return _broken(common, "roadmap")
    target = _read_target(read.get("target"), found)
    values = _read_values(read.get("values"), found)
    cadence = _group(read.get("cadence"), "cadence", CADENCE_FIELDS, found, "the cadence")
    visibility = _group(read.get("visibility"), "visibility", ROOT_VISIBILITY_FIELDS, found,
                        "the root's visibility", guarded=True)
    levels = dict(visibility.values) if visibility else {}
    # A default that cannot be read hides everything that sets no level, so
    # that whatever still shows the roadmap (serve's overlay) shows no more.
    default = "private" if visibility and "default" in visibility.failed else levels.pop("default", "public")
    finances = _pairs(read.get("finances"), "finances", "write 'finances:' followed by 'name: value' lines",
                      found, _finance)
    return Root(
        **common,
        owner=read.get("owner", ""),
        as_of=as_of,
        target=target,
        vision=read.get("vision", ""),
        vision_refs=_links_in(read, "vision", lines, Position(common["path"], 1, 1)),
        values=values,
        finances=finances,
        cadence=frozen_map({**DEFAULT_CADENCE, **(cadence.values if cadence else {})}),
        block_visibility=frozen_map(levels),
        default_visibility=default,
    )


def _read_target(node: Node | None, found: list[Diagnostic]) -> Target:
    sub = _group(node, "target", TARGET_FIELDS, found, "the target")
    if sub is None:
        return Target()
    role, candidates = sub.get("role", ""), sub.get("candidates", ())
    if not {"role", "candidates"} & sub.failed and bool(role) == bool(candidates):
        found.append(error(
            "bad-field", node.pos,
            "the target needs either 'role' or 'candidates'" if not role
            else "the target has both 'role' and 'candidates'",
            "name one target role, or 3-5 candidate roles while you are still exploring",
        ))
    elif candidates and not 3 <= len(candidates) <= 5:
        found.append(error("bad-field", sub.positions["candidates"],
                           f"'candidates' lists {len(candidates)} roles; explore 3 to 5",
                           "narrow or widen the list to 3-5 roles"))
    return Target(**sub.values)


def _read_values(node: Node | None, found: list[Diagnostic]) -> tuple[Value, ...]:
    nodes = _elements(node, "values", "write '- {name: Autonomy, score: 5}' lines", found)
    if len(nodes) > MAX_VALUES:
        found.append(error("bad-field", nodes[MAX_VALUES].pos,
                           f"'values' lists {len(nodes)} values; keep your top {MAX_VALUES}",
                           "keep the five values that matter most"))
    subs = [_group(each, "a value", VALUE_FIELDS, found, "a value", ("name", "score")) for each in nodes]
    return tuple(Value(**sub.values) for sub in subs if sub and not sub.failed)


def _finance(key: Scalar, value: Node) -> tuple[str, str]:
    if isinstance(value, Scalar):
        return key.text, value.text
    if isinstance(value, Sequence) and all(isinstance(v, Scalar) for v in value.items):
        return key.text, ", ".join(v.text for v in value.items)
    raise f.bad(value.pos, f"'{key.text}' in finances must be a value or a list", "write one value per key")


# -- entries and reviews -----------------------------------------------------

def _read_entries(read: f.Fields, kind: str, common: dict, found: list[Diagnostic], lines: list[str],
                  **model_fields) -> tuple:
    """The entries of a plan, gaps, paths or risks file; `model_fields` go to each."""
    model, entry_kind, noun = _ENTRIES[kind]
    table, required = ENTRY_FIELDS[kind]
    entries = []
    for each in _elements(read.get("items"), "items", "write each item as a '- id: ...' block", found):
        if not _shaped(each, Mapping, noun, "write each item as '- id: ...' followed by its fields", found):
            continue
        sub = f.Fields(each, table, required, found, noun)
        if _ESSENTIAL & sub.failed:
            continue
        own = {name: value for name, value in sub.values.items() if name not in _WORKED_OUT}
        if kind == "paths":
            own["steps"] = _read_steps(sub.get("steps"), found)
        entries.append(model(
            **own,
            **model_fields,
            title=sub.get("title") or sub.get("id"),
            kind=entry_kind,
            visibility=stricter(common["visibility"], sub.get("visibility", "public")),
            path=common["path"],
            pos=each.pos,
            id_pos=sub.positions["id"],
            # A field written empty is as if absent, as Fields reads it: a check can tell
            # a value that failed (reported already) from one never given.
            fields=frozen_map({name: at for name, at in sub.positions.items()
                               if name in sub.values or name in sub.failed}),
            notes_refs=_links_in(sub, "notes", lines, each.pos),
        ))
    return tuple(entries)


def _read_steps(node: Node | None, found: list[Diagnostic]) -> tuple[Step, ...]:
    nodes = _elements(node, "steps", "write steps as '- {role: Staff Engineer, when: 2028}'", found)
    subs = [_group(each, "a step", STEP_FIELDS, found, "a step", ("role",)) for each in nodes]
    return tuple(Step(**sub.values) for sub in subs if sub and not sub.failed)


def _build_review(read: f.Fields, common: dict, found: list[Diagnostic]) -> Document:
    if read.failed & {"date", "type"}:
        return _broken(common)

    def numbers(name: str, low: float | None = None, high: float | None = None) -> tuple:
        return _pairs(read.get(name), name, f"write 'name: number' lines under '{name}:'", found,
                      lambda key, value: (key.text, f.read_number(key.text, value, low, high)))

    def by_item(name: str, value_field: f.Choice, value_name: str, example: str) -> tuple:
        """`item-id: value` pairs, each value one of `value_field`'s."""
        def pair(key: Scalar, value: Node) -> tuple[Ref, str]:
            return Ref(f.read_id(name, key), key.pos), value_field.read(value_name, value)
        return _pairs(read.get(name), name, f"write '{example}' lines under '{name}:'", found, pair)

    return Review(**common, date=read.get("date"), type=read.get("type"),
                  ratings=numbers("ratings", 0, RATING_MAX), metrics=numbers("metrics"),
                  progress=by_item("progress", STATUS, "status", "item-id: done"),
                  assumptions=by_item("assumptions", VERDICT, "verdict", "item-id: holds"))
