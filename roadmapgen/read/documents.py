"""Turn one source file into one typed document, reporting what is wrong with
it. Pure: takes (path, text), does no I/O.

Here: the fields every kind shares, a page, and a review; the root is read
by `root`, the entries of a list file (and the root's people) by `entries`.
"""

from __future__ import annotations

from roadmapgen.diagnostics import Diagnostic, Position, error, suggestion, warning
from roadmapgen.model import (
    KINDS, RATING_MAX, ArchiveFile, Broken, Document, EntriesFile, Page, PlanFile, Ref, Review, frozen_map,
)
from roadmapgen.read import fields as f
from roadmapgen.read.entries import ENTRY_MODELS, read_entries
from roadmapgen.read.frontmatter import FrontMatterError, Mapping, Node, Scalar, split_file
from roadmapgen.read.kinds import KIND_FIELDS, STATUS, VERDICT
from roadmapgen.read.markdown import find_links
from roadmapgen.read.nested_fields import pairs
from roadmapgen.read.root import build_root


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
        return build_root(read, common, found, lines), found
    if kind == "plan":
        if "horizon" in read.failed:
            return _broken(common), found
        horizon = read.get("horizon")
        return PlanFile(**common, horizon=horizon, items=read_entries(read, kind, common, found, lines,
                                                                        horizon=horizon)), found
    if kind == "archive":
        archived = read_entries(read, kind, common, found, lines, archived=True)
        return ArchiveFile(**common, items=archived), found
    if kind in ENTRY_MODELS:
        entries = read_entries(read, kind, common, found, lines)
        return EntriesFile(**common, kind=kind, entries=entries), found
    if kind == "review":
        return _build_review(read, common, found), found
    return Page(**common), found


def _title_from(body: str, path: str) -> str:
    for line in body.split("\n", 40)[:40]:
        if line.startswith("# "):
            return line[2:].strip()
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"


def _broken(common: dict) -> Broken:
    return Broken(common["path"], "", common["fields"])


def _build_review(read: f.Fields, common: dict, found: list[Diagnostic]) -> Document:
    if read.failed & {"date", "type"}:
        return _broken(common)

    def numbers(name: str, low: float | None = None, high: float | None = None) -> tuple:
        return pairs(read.get(name), name, f"write 'name: number' lines under '{name}:'", found,
                     lambda key, value: (key.text, f.read_number(key.text, value, low, high)))

    def by_item(name: str, value_field: f.Choice, value_name: str, example: str) -> tuple:
        """`item-id: value` pairs, each value one of `value_field`'s."""
        def pair(key: Scalar, value: Node) -> tuple[Ref, str]:
            return Ref(f.read_id(name, key), key.pos), value_field.read(value_name, value)
        return pairs(read.get(name), name, f"write '{example}' lines under '{name}:'", found, pair)

    return Review(**common, date=read.get("date"), type=read.get("type"),
                  ratings=numbers("ratings", 0, RATING_MAX), metrics=numbers("metrics"),
                  progress=by_item("progress", STATUS, "status", "item-id: done"),
                  assumptions=by_item("assumptions", VERDICT, "verdict", "item-id: holds"),
                  met=read.get("met", ()))
