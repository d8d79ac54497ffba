"""Edit a content file's front matter in place, the way its author would:
change a value, add a key to an item, cut an item out of a list or add
items to one, and leave every other character as it was (comments, key
order, quoting, blank lines, line endings, a byte order mark, the body).

PyYAML cannot write a document back as it was read, so nothing is dumped:
the positioned reader (`read.frontmatter`) says on which line and column
each key and value stands, and the edit is made to those characters. Each
edit then reads its result again and compares it with what the edit meant
to make (the whole front matter, value for value, and the text outside it
byte for byte); where they differ it raises EditError instead, so a layout
these rules do not foresee is refused, never garbled. Pure: text in, text
out.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import yaml

from roadmapgen.read.frontmatter import (
    FrontMatterError, Mapping, Node, Scalar, Sequence, parse_yaml, split_file,
)

_BOM = "\ufeff"
# Line breaks as YAML counts them, so that a position's line is a line here.
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
_FENCE = re.compile(r"(?:---|\.\.\.)[ \t]*")
_DASH_ALONE = re.compile(r"( *)-[ \t]*(?:#.*)?")  # a '- ' whose item starts on a later line
_DASH_BEFORE = re.compile(r"( *)- +")  # what stands before an item that starts on its dash's line
_EMPTY_FLOW = re.compile(r"\[\s*\]")
_RESOLVER = yaml.resolver.Resolver()
_TAG_PREFIX = "tag:yaml.org,2002:"


class EditError(Exception):
    """The edit cannot be made safely; the message says why."""


@dataclass(frozen=True, slots=True)
class MovedItem:
    """An item cut out of a list, as its lines (without line breaks), with
    the column its '-' stood at and the data it holds."""

    id: str
    lines: tuple[str, ...]
    column: int
    data: dict


@dataclass(frozen=True, slots=True)
class _Block:
    """An item's lines in a block list: from the comments right above its
    '-' to its last line of content (0-based line numbers, both included)."""

    first: int
    dash: int
    last: int
    column: int  # of its '-'


class _File:
    """A file's text cut into lines, with its front matter read."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.bom = _BOM if text.startswith(_BOM) else ""
        self.text = text[len(self.bom):]
        try:
            split = split_file(path, text)
        except FrontMatterError as exc:
            raise EditError(f"its front matter cannot be read ({exc.diagnostic.message})") from None
        if split.front is None:
            raise EditError("it has no front matter")
        self.front: Mapping = split.front
        self.starts = [0, *(match.end() for match in _BREAK.finditer(self.text))]
        self.starts.append(len(self.text))  # a line past the last one: where the text ends
        self.lines = [self.text[start:end] for start, end in zip(self.starts, self.starts[1:])]
        opening = next(n for n, line in enumerate(self.lines) if line.strip())
        # The YAML runs from the line after the opening fence to the closing one.
        self.yaml_first = opening + 1
        self.closing = next((n for n in range(self.yaml_first, len(self.lines))
                             if _FENCE.fullmatch(self.content(n))), None)
        if self.closing is None:
            raise EditError("its front matter is not closed")
        line_break = _BREAK.search(self.lines[opening])
        self.newline = line_break.group() if line_break else "\n"
        self.blocks: list[_Block] | None = None  # the items' lines, once _blocks has found them

    def content(self, line: int) -> str:
        """A line without its line break."""
        text = self.lines[line]
        found = _BREAK.search(text)
        return text[: found.start()] if found else text

    def offset(self, pos) -> int:
        return self.starts[pos.line - 1] + pos.column - 1

    def is_blank(self, line: int) -> bool:
        return not self.content(line).strip()

    def is_comment(self, line: int) -> bool:
        return self.content(line).lstrip().startswith("#")

    def indent(self, line: int) -> int:
        text = self.content(line)
        return len(text) - len(text.lstrip(" "))

    def line_of(self, node: Node) -> int:
        return node.pos.line - 1

    def rebuild(self, edits: list[tuple[int, int, str]]) -> str:
        """The text with each (start, end, replacement) made, BOM and all."""
        text = self.text
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return self.bom + text

    def outside(self) -> tuple[str, str]:
        """The text above the front matter and below it (the closing fence and body)."""
        return self.bom + self.text[: self.starts[self.yaml_first]], self.text[self.starts[self.closing]:]


# -- the data a front matter holds, to compare before and after ------------------

def data(node: Node | None):
    """A node as plain values: a scalar as (tag, text), mappings as dicts
    (key order is the author's and not compared), lists as lists."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return node.tag, node.text
    if isinstance(node, Mapping):
        return {key.text: data(value) for key, value in node.entries}
    return [data(each) for each in node.items]


def _written(value: str, style: str | None) -> tuple[tuple[str, str], str]:
    """What `value` written in `style` reads back as, and how it is written."""
    if style in ("'", '"'):
        return ("str", value), f"{style}{value}{style}"
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    return (tag.removeprefix(_TAG_PREFIX), value), value


def _verified(before: _File, text: str, expected: dict) -> str:
    """`text` if it reads back as `expected` with the text outside the
    front matter unchanged; else EditError."""
    try:
        after = _File(before.path, text)
    except EditError as exc:
        raise EditError(f"the edited file would not read back ({exc})") from None
    if after.outside() != before.outside():
        raise EditError("the edit would change the text outside the front matter")
    if data(after.front) != expected:
        raise EditError("the edit would change more than it should")
    return text


# -- finding things ----------------------------------------------------------

def _items(file: _File) -> Sequence:
    node = file.front.get("items")
    if not isinstance(node, Sequence):
        raise EditError("its 'items' is not a list")
    return node


def _find_item(file: _File, item_id: str) -> tuple[int, Mapping]:
    found = [(n, item) for n, item in enumerate(_items(file).items)
             if isinstance(item, Mapping) and data(item.get("id")) == ("str", item_id)]
    if len(found) != 1:
        raise EditError(f"it holds {'no' if not found else 'more than one'} item with the id '{item_id}'")
    return found[0]


def _is_flow(file: _File, node: Node) -> bool:
    return file.text[file.offset(node.pos):].startswith(("{", "["))


def _dash(file: _File, item: Node) -> tuple[int, int]:
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


def _blocks(file: _File, items: Sequence) -> list[_Block]:
    """The lines of every item of a block list (worked out once per file)."""
    if file.blocks is None:
        file.blocks = _find_blocks(file, items)
    return file.blocks


def _find_blocks(file: _File, items: Sequence) -> list[_Block]:
    if _is_flow(file, items):
        raise EditError("its items are written as a flow list '[...]'; write each item on a '- ' line")
    dashes = [_dash(file, item) for item in items.items]
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
        floor = blocks[-1].last if blocks else file.line_of(_key_of(file, items))
        while first - 1 > floor and file.is_comment(first - 1) and file.indent(first - 1) == column:
            first -= 1
        blocks.append(_Block(first, dash, last, column))
    return blocks


# -- edits -------------------------------------------------------------------

def _replace_scalar(file: _File, node: Node, value: str) -> tuple[tuple[int, int, str], tuple[str, str]]:
    """The edit that writes `value` over the scalar `node` in its quoting,
    and what it reads back as."""
    if not isinstance(node, Scalar) or node.style not in (None, "'", '"') or node.end is None:
        raise EditError(f"the value on line {node.pos.line} is not a single plain or quoted value")
    start, end = file.offset(node.pos), file.offset(node.end)
    expected, written = _written(value, node.style)
    if start == end and file.text[start - 1: start] == ":":  # 'key:' with no value
        written = " " + written
    return (start, end, written), expected


def set_value(path: str, text: str, key: str, value: str) -> str:
    """`text` with the top-level `key`'s scalar value written as `value`."""
    file = _File(path, text)
    node = file.front.get(key)
    if node is None:
        raise EditError(f"it has no '{key}'")
    edit, expected = _replace_scalar(file, node, value)
    return _verified(file, file.rebuild([edit]), {**data(file.front), key: expected})


def item_values(path: str, text: str, key: str) -> dict[str, str | None]:
    """Each item's id and the text of its scalar `key` (None where it has none)."""
    values = {}
    for item in _items(_File(path, text)).items:
        node = item.get(key) if isinstance(item, Mapping) else None
        item_id = item.get("id") if isinstance(item, Mapping) else None
        if isinstance(item_id, Scalar):
            values[item_id.text] = node.text if isinstance(node, Scalar) and node.tag != "null" else None
    return values


def set_item_values(path: str, text: str, changes: list[tuple[str, str, str]], order: tuple[str, ...]) -> str:
    """`text` with each (item id, key, value) of `changes` written in: a
    key the item has gets the new value, else the key is added where
    `order` (the fields' usual order) puts it, as near as the item's layout
    allows. Refuses (EditError) rather than guess."""
    file = _File(path, text)
    front = data(file.front)
    edits = []
    for item_id, key, value in changes:
        index, item = _find_item(file, item_id)
        edit, expected = _value_edit(file, item, key, value, order)
        front["items"][index] = {**front["items"][index], key: expected}
        edits.append(edit)
    try:
        return _verified(file, file.rebuild(edits), front)
    except EditError as exc:
        failure = exc
    # One at a time, trying every place an added key could go, to find what works (or what does not).
    for item_id, key, value in changes:
        file = _File(path, text)
        index, item = _find_item(file, item_id)
        front = data(file.front)
        _, expected = _value_edit(file, item, key, value, order)
        front["items"][index] = {**front["items"][index], key: expected}
        for edit in _edits_for(file, item, key, value, order):
            try:
                text = _verified(file, file.rebuild([edit]), front)
                break
            except EditError as exc:
                failure = exc
        else:
            raise EditError(f"'{key}' cannot be written into '{item_id}': {failure}")
    return text


def _value_edit(file: _File, item: Mapping, key: str, value: str, order: tuple[str, ...]):
    """The first edit that writes `key: value` into `item`, and what it reads back as."""
    old = item.get(key)
    if old is not None:
        return _replace_scalar(file, old, value)
    expected, _ = _written(value, None)
    return next(_edits_for(file, item, key, value, order)), expected


def _edits_for(file: _File, item: Mapping, key: str, value: str, order: tuple[str, ...]):
    """The edits that could write `key: value` into `item`, best first."""
    old = item.get(key)
    if old is not None:
        yield _replace_scalar(file, old, value)[0]
        return
    yield from _insertions(file, item, key, _written(value, None)[1], order)


def _insertions(file: _File, item: Mapping, key: str, written: str, order: tuple[str, ...]):
    """Places to add `key: written` to `item`, best first."""
    rank = {name: n for n, name in enumerate(order)}
    mine = rank.get(key, len(order))
    keys = [(name, value) for name, value in item.entries]
    if _is_flow(file, item):  # `{id: a, title: b}`: after the value of a key that comes before it
        before = [value for name, value in keys if rank.get(name.text, len(order)) < mine
                  and isinstance(value, Scalar) and value.end and value.end.line == value.pos.line]
        for value in sorted(before, key=lambda value: (value.end.line, value.end.column), reverse=True)[:1]:
            yield file.offset(value.end), file.offset(value.end), f", {key}: {written}"
        id_value = item.get("id")
        if isinstance(id_value, Scalar) and id_value.end is not None:
            yield file.offset(id_value.end), file.offset(id_value.end), f", {key}: {written}"
        return
    column = item.pos.column - 1
    line = " " * column + f"{key}: {written}" + file.newline
    dash, _ = _dash(file, item)
    later = [name for name, _ in keys if name.text in rank and rank[name.text] > mine]
    if later:  # on its own line above the first key that comes after it (and that key's comments)
        first = min(later, key=lambda name: (name.pos.line, name.pos.column))
        above = file.line_of(first)
        if above != dash and not file.content(above)[:column].strip():
            while above - 1 > dash and file.is_comment(above - 1) and file.indent(above - 1) == column:
                above -= 1
            yield file.starts[above], file.starts[above], line
    items = _items(file)
    block = _blocks(file, items)[next(n for n, each in enumerate(items.items) if each is item)]
    yield file.starts[block.last + 1], file.starts[block.last + 1], line  # after its last line


def cut_items(path: str, text: str, item_ids: list[str]) -> tuple[str, list[MovedItem]]:
    """`text` without the items `item_ids`, and each item's lines: the
    comments right above its '-', and everything to its last line of
    content. The blank line that separated it from its neighbours goes with
    it; a list left empty is written `items: []`."""
    file = _File(path, text)
    items = _items(file)
    blocks = _blocks(file, items)
    found = [_find_item(file, item_id) for item_id in item_ids]
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
        return _verified(file, file.rebuild(edits), front), moved
    except EditError:
        if len(item_ids) == 1:
            raise
    for item_id in item_ids:  # one at a time, to find which cannot be cut, and why
        try:
            text = cut_items(path, text, [item_id])[0]
        except EditError as exc:
            raise EditError(f"'{item_id}': {exc}") from None
    return text, moved


def _cut_lines(file: _File, blocks: list[_Block], index: int) -> tuple[int, int]:
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


def _moved(path: str, file: _File, item_id: str, item: Mapping, block: _Block) -> MovedItem:
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


def _empty_list(file: _File) -> tuple[int, int, str]:
    """The edit that writes '[]' after the 'items:' key."""
    key = _key_of(file, _items(file))
    colon = file.text.find(":", file.offset(key.end))
    return colon + 1, colon + 1, " []"


def add_items(path: str, text: str, moved: list[MovedItem]) -> str:
    """`text` with the `moved` items added at the end of its `items:` list,
    each indented like the list's items and with the file's line breaks."""
    if not moved:
        return text
    file = _File(path, text)
    node = file.front.get("items")
    front = data(file.front)
    before = front.get("items") if isinstance(node, Sequence) else []
    front["items"] = [*before, *(item.data for item in moved)]
    if isinstance(node, Sequence) and node.items:
        blocks = _blocks(file, node)
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
            line_start = file.starts[_line_at(file, start)]
            while start > line_start and file.text[start - 1] in " \t":  # 'items: []' becomes 'items:'
                start -= 1
        else:
            end = file.offset(node.end) if node.end else start
        key = _key_of(file, node)
        at, column, lead, spaced = file.starts[_line_at(file, end) + 1], key.pos.column + 1, False, True
        edits = [(start, end, "")]
    else:
        raise EditError("its 'items' is not a list")
    lines = [] if node is not None else ["items:" + file.newline]
    for n, item in enumerate(moved):
        if spaced and (n or lead):
            lines.append(file.newline)
        lines += [_shifted(line, column - item.column) + file.newline for line in item.lines]
    edits.append((at, at, "".join(lines)))
    return _verified(file, file.rebuild(edits), front)


def _line_at(file: _File, offset: int) -> int:
    """The 0-based line an offset falls on."""
    return bisect.bisect_right(file.starts, offset, hi=len(file.starts) - 1) - 1


def _key_of(file: _File, node: Node) -> Scalar:
    """The top-level key whose value is `node`."""
    return next(key for key, value in file.front.entries if value is node)


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
