"""Where each item of the front matter's `items:` list stands, line by line:
its '-', the comments right above it and its last line of content."""

from __future__ import annotations

import re
from dataclasses import dataclass

from roadmapgen.read.frontmatter import Mapping, Node, Scalar, Sequence
from roadmapgen.write.content_edits.lines import EditError, FileLines
from roadmapgen.write.content_edits.readback import data

_DASH_ALONE = re.compile(r"( *)-[ \t]*(?:#.*)?")  # a '- ' whose item starts on a later line
_DASH_BEFORE = re.compile(r"( *)- +")  # what stands before an item that starts on its dash's line


@dataclass(frozen=True, slots=True)
class ItemBlock:
    """An item's lines in a block list: from the comments right above its
    '-' to its last line of content (0-based line numbers, both included)."""

    first: int
    dash: int
    last: int
    column: int  # of its '-'


def items_of(file: FileLines) -> Sequence:
    node = file.front.get("items")
    if not isinstance(node, Sequence):
        raise EditError("its 'items' is not a list")
    return node


def find_item(file: FileLines, item_id: str) -> tuple[int, Mapping]:
    found = [(n, item) for n, item in enumerate(items_of(file).items)
             if isinstance(item, Mapping) and data(item.get("id")) == ("str", item_id)]
    if len(found) != 1:
        raise EditError(f"it holds {'no' if not found else 'more than one'} item with the id '{item_id}'")
    return found[0]


def dash_of(file: FileLines, item: Node) -> tuple[int, int]:
    """The line and column of the '-' that opens `item` in a block list."""
    line = file.line_of(item)
    before = file.content(line)[: item.pos.column - 1]
    if match := _DASH_BEFORE.fullmatch(before):
        return line, len(match.group(1))
    if not before.strip():  # '-' alone on a line above: past blank lines and comments
        above = line - 1
        while above >= file.yaml_first and (file.is_blank(above) or file.is_comment(above)):
            above -= 1
        if above >= file.yaml_first and (match := _DASH_ALONE.fullmatch(file.content(above))):
            return above, len(match.group(1))
    raise EditError(f"the item on line {line + 1} does not start with '- ' where expected")


def _last_line(node: Node, floor: int) -> int:
    """The last line (0-based) any scalar of `node` ends on; a node an alias
    brought from above `floor` does not count."""
    last, pending = floor, [node]
    while pending:
        each = pending.pop()
        if each.pos.line - 1 < floor:
            continue
        if isinstance(each, Scalar):
            end = each.end or each.pos
            # A block scalar ends at the start of the line after its text.
            last = max(last, end.line - 1 if end.column > 1 or end.line == each.pos.line else end.line - 2)
        elif isinstance(each, Mapping):
            pending += [part for pair in each.entries for part in pair]
        else:
            pending += each.items
    return last


def blocks_of(file: FileLines) -> list[ItemBlock]:
    """The lines of every item of the `items:` block list (worked out once per file)."""
    if file.blocks is None:
        file.blocks = _find_blocks(file, items_of(file))
    return file.blocks


def _find_blocks(file: FileLines, items: Sequence) -> list[ItemBlock]:
    if file.is_flow(items):
        raise EditError("its items are written as a flow list '[...]'; write each item on a '- ' line")
    dashes = [dash_of(file, item) for item in items.items]
    if len({column for _, column in dashes}) > 1:
        raise EditError("its items' '-' do not line up")
    blocks = []
    for n, (dash, column) in enumerate(dashes):
        if n + 1 < len(dashes):
            end = dashes[n + 1][0]  # the next item's '-' ends this one
        else:  # the list ends at the first line of content left of its '-' past the item's last value
            end = _last_line(items.items[n], dash) + 1
            while end < file.closing and (file.is_blank(end) or file.is_comment(end)
                                          or file.indent(end) > column
                                          or file.content(end).lstrip().startswith(("]", "}"))):
                end += 1
        last = end - 1  # trailing blank lines and comments left of the item's keys are not its own
        while last > dash and (file.is_blank(last) or file.is_comment(last) and file.indent(last) <= column):
            last -= 1
        first = dash  # comment lines right above the '-', at its column, are about the item
        floor = blocks[-1].last if blocks else file.line_of(file.key_of(items))
        while first - 1 > floor and file.is_comment(first - 1) and file.indent(first - 1) == column:
            first -= 1
        blocks.append(ItemBlock(first, dash, last, column))
    return blocks
