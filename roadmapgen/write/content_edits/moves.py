"""Items moved between files: cut out of one file's `items:` list with their
comments, added at the end of another's, or of a new file's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from roadmapgen.read.frontmatter import FrontMatterError, Mapping, Scalar, Sequence, parse_yaml
from roadmapgen.write.content_edits.item_blocks import ItemBlock, blocks_of, find_item, items_of
from roadmapgen.write.content_edits.lines import EditError, FileLines
from roadmapgen.write.content_edits.readback import data, verified

_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
_EMPTY_FLOW = re.compile(r"\[\s*\]")


@dataclass(frozen=True, slots=True)
class MovedItem:
    """An item cut out of a list, as its lines (without line breaks), with
    the column its '-' stood at and the data it holds."""

    id: str
    lines: tuple[str, ...]
    column: int
    data: dict


def cut_items(path: str, text: str, item_ids: list[str]) -> tuple[str, list[MovedItem]]:
    """`text` without the items `item_ids`, and each item's lines: the
    comments right above its '-', and everything to its last line of
    content. The blank line that separated it from its neighbours goes with
    it; a list left empty is written `items: []`."""
    file = FileLines(path, text)
    items = items_of(file)
    blocks = blocks_of(file)
    found = [find_item(file, item_id) for item_id in item_ids]
    moved = [_moved(path, file, item_id, item, blocks[index])
             for item_id, (index, item) in zip(item_ids, found)]
    cuts = sorted(_cut_lines(file, blocks, index) for index, _ in found)
    merged: list[list[int]] = []
    for start, stop in cuts:  # neighbours' cuts may share a blank line
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    edits = [(file.starts[start], file.starts[stop], "") for start, stop in merged]
    gone = {index for index, _ in found}
    if len(gone) == len(items.items):
        edits.append(_empty_list(file))
    front = data(file.front)
    front["items"] = [each for n, each in enumerate(front["items"]) if n not in gone]
    try:
        return verified(file, file.rebuild(edits), front), moved
    except EditError:
        if len(item_ids) == 1:
            raise
    for item_id in item_ids:  # one at a time, to find which cannot be cut, and why
        try:
            text = cut_items(path, text, [item_id])[0]
        except EditError as exc:
            raise EditError(f"'{item_id}': {exc}") from None
    return text, moved


def _cut_lines(file: FileLines, blocks: list[ItemBlock], index: int) -> tuple[int, int]:
    """The lines (start, stop) that cutting item `index` removes."""
    block = blocks[index]
    start, stop = block.first, block.last + 1
    after = stop
    while after < file.closing and file.is_blank(after):
        after += 1
    blank_before = start - 1 >= file.yaml_first and file.is_blank(start - 1)
    if after > stop and (blank_before or index == 0):
        stop = after
    elif blank_before and stop >= blocks[-1].last + 1:  # the last item: the blank line above it goes
        while start - 1 >= file.yaml_first and file.is_blank(start - 1):
            start -= 1
    return start, stop


def _moved(path: str, file: FileLines, item_id: str, item: Mapping, block: ItemBlock) -> MovedItem:
    # Its lines as an editor shows them: a line separator inside a value (which
    # YAML counts as a line break) stays in it, and moves with it.
    start, stop = file.starts[block.first], file.starts[block.last] + len(file.content(block.last))
    moved = MovedItem(item_id, tuple(_EDITOR_BREAK.split(file.text[start:stop])), block.column, data(item))
    # The item alone in a list must read back as itself (no alias to a node left behind).
    alone = "items:\n" + "\n".join(moved.lines) + "\n"
    try:
        alone_data = data(parse_yaml(path, alone))
    except FrontMatterError as exc:
        raise EditError(f"'{item_id}' cannot be moved on its own ({exc.diagnostic.message})") from None
    if alone_data != {"items": [moved.data]}:
        raise EditError(f"'{item_id}' does not read the same on its own (it may use an alias)")
    return moved


def _empty_list(file: FileLines) -> tuple[int, int, str]:
    """The edit that writes '[]' after the 'items:' key."""
    key = file.key_of(items_of(file))
    colon = file.text.find(":", file.offset(key.end))
    return colon + 1, colon + 1, " []"


def add_items(path: str, text: str, moved: list[MovedItem]) -> str:
    """`text` with the `moved` items added at the end of its `items:` list,
    each indented like the list's items and with the file's line breaks."""
    if not moved:
        return text
    file = FileLines(path, text)
    node = file.front.get("items")
    front = data(file.front)
    before = front.get("items") if isinstance(node, Sequence) else []
    front["items"] = [*before, *(item.data for item in moved)]
    if isinstance(node, Sequence) and node.items:
        blocks = blocks_of(file)
        gaps = any(file.is_blank(n) for a, b in zip(blocks, blocks[1:]) for n in range(a.last + 1, b.first))
        spaced = gaps or len(blocks) == 1
        at, column, lead = file.starts[blocks[-1].last + 1], blocks[-1].column, spaced
        edits = []
    elif node is None:  # no 'items:' yet: it goes at the end of the front matter
        at, column, lead, spaced = file.starts[file.closing], 2, False, True
        edits = []
    elif isinstance(node, Sequence) or (isinstance(node, Scalar) and node.tag == "null"):  # [] or nothing
        start = file.offset(node.pos)
        if isinstance(node, Sequence):
            match = _EMPTY_FLOW.match(file.text, start)
            if not match:
                raise EditError("its 'items' is not a list that can be added to")
            end = match.end()
            line_start = file.starts[file.line_at(start)]
            while start > line_start and file.text[start - 1] in " \t":  # 'items: []' becomes 'items:'
                start -= 1
        else:
            end = file.offset(node.end) if node.end else start
        key = file.key_of(node)
        at, column, lead, spaced = file.starts[file.line_at(end) + 1], key.pos.column + 1, False, True
        edits = [(start, end, "")]
    else:
        raise EditError("its 'items' is not a list")
    lines = [] if node is not None else ["items:" + file.newline]
    for n, item in enumerate(moved):
        if spaced and (n or lead):
            lines.append(file.newline)
        lines += [_shifted(line, column - item.column) + file.newline for line in item.lines]
    edits.append((at, at, "".join(lines)))
    return verified(file, file.rebuild(edits), front)


def _shifted(line: str, by: int) -> str:
    """A line moved right (or left, over its leading spaces) by `by` columns."""
    if not line or by == 0:
        return line
    if by > 0:
        return " " * by + line
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, -by):]


def new_file(front_lines: list[str], body: str, newline: str = "\n") -> str:
    """A new content file's text: front matter lines, then the body."""
    return newline.join(["---", *front_lines, "---", "", body]) + newline
