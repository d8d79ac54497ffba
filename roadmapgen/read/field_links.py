"""The links in the text of a front matter field (an entry's notes, the
vision, the industry's views): `[[id]]` links and links to local files, each
placed where it is written in the file, not only at its field. Pure."""

from __future__ import annotations

import re
from dataclasses import replace

from roadmapgen.diagnostics import Position
from roadmapgen.model import FileLink, Ref
from roadmapgen.read import fields as f
from roadmapgen.read.frontmatter import Node, Scalar
from roadmapgen.read.markdown import file_link, link_places, links_at

_OPENING = re.compile(r"(?=\[\[)")
_BRACKET = re.compile(r"\[")


def links_in(read: f.Fields, name: str, lines: list[str], at: Position) -> tuple[Ref | FileLink, ...]:
    """The links in the text field `name` (notes, industry); see links_of."""
    return links_of(read.mapping.get(name), read.get(name, ""), lines, read.positions.get(name, at))


def links_of(node: Node | None, text: str, lines: list[str], at: Position) -> tuple[Ref | FileLink, ...]:
    """The `[[id]]` links and links to local files in `text`, the value of
    the scalar `node`, each placed where it stands in the file (`lines`),
    in time linear in the scalar's source; `at` stands for the field's
    place where it is absent.

    A quoted or folded value keeps neither the file's line breaks nor its
    columns, but every `[[` in the scalar's source is one in its value, in
    the same order; only YAML's escapes can add more (`"\\x5b[x]]"`). So
    while the two counts agree, the link that starts at the value's k-th
    `[[` stands at the source's k-th. When they do not, where a link was
    written cannot be known: it is placed at the scalar. A link to a file
    is found the same way by its `[`."""
    block = isinstance(node, Scalar) and node.style in ("|", ">")
    places = link_places(text)
    refs = links_at(places, at, block)
    if not refs or not isinstance(node, Scalar) or node.end is None:
        return refs
    # Lines as Markdown reads them (link_places).
    line_starts = [0, *(m.end() for m in re.finditer(r"\r\n?|\n", text))]
    openings = {}  # the pattern of an opening -> (value offset -> k, the source's (line, column) of each)

    def mapped(pattern: re.Pattern):
        if pattern not in openings:
            in_value = {m.start(): k for k, m in enumerate(pattern.finditer(text))}
            in_source = _openings(lines, node.pos, node.end, pattern)
            openings[pattern] = (in_value, in_source) if len(in_value) == len(in_source) else None
        return openings[pattern]

    placed = []
    for ref, place in zip(refs, places):
        known = place.column >= 0 and place.line < len(line_starts)
        table = mapped(_OPENING if place.id is not None else _BRACKET)
        k = table[0].get(line_starts[place.line] + place.column) if known and table else None
        if k is None:
            placed.append(replace(ref, pos=at))
        elif place.id is not None:
            placed.append(replace(ref, pos=Position(ref.pos.path, *table[1][k])))
        else:
            placed.append(file_link(place, Position(ref.pos.path, *table[1][k])))
    return tuple(placed)


def _openings(lines: list[str], start: Position, end: Position, pattern: re.Pattern) -> list[tuple[int, int]]:
    """(line, column), 1-based, of every match of `pattern` (`[[` or `[`) from `start` up to `end`."""
    first, last = (start.line or 1) - 1, min((end.line or 1) - 1, len(lines) - 1)
    found = []
    for index in range(first, last + 1):
        begin = (start.column or 1) - 1 if index == first else 0
        stop = (end.column or 1) - 1 if index == last == (end.line or 1) - 1 else len(lines[index])
        found += [(index + 1, m.start() + 1) for m in pattern.finditer(lines[index], begin, stop)]
    return found

