"""Edits to values: write a new value over a top-level key's or an item's,
or add a key to an item where the fields' usual order puts it."""

from __future__ import annotations

from roadmapgen.read.frontmatter import Mapping, Node, Scalar
from roadmapgen.write.content_edits.item_blocks import blocks_of, dash_of, find_item, items_of
from roadmapgen.write.content_edits.lines import EditError, FileLines
from roadmapgen.write.content_edits.readback import data, verified, written


def _replace_scalar(file: FileLines, node: Node, value: str) -> tuple[tuple[int, int, str], tuple[str, str]]:
    """The edit that writes `value` over the scalar `node` in its quoting,
    and what it reads back as."""
    if not isinstance(node, Scalar) or node.style not in (None, "'", '"') or node.end is None:
        raise EditError(f"the value on line {node.pos.line} is not a single plain or quoted value")
    start, end = file.offset(node.pos), file.offset(node.end)
    expected, text = written(value, node.style)
    if start == end and file.text[start - 1: start] == ":":  # 'key:' with no value
        text = " " + text
    return (start, end, text), expected


def set_value(path: str, text: str, key: str, value: str) -> str:
    """`text` with the top-level `key`'s scalar value written as `value`."""
    file = FileLines(path, text)
    node = file.front.get(key)
    if node is None:
        raise EditError(f"it has no '{key}'")
    edit, expected = _replace_scalar(file, node, value)
    return verified(file, file.rebuild([edit]), {**data(file.front), key: expected})


def item_values(path: str, text: str, key: str) -> dict[str, str | None]:
    """Each item's id and the text of its scalar `key` (None where it has none)."""
    values = {}
    for item in items_of(FileLines(path, text)).items:
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
    file = FileLines(path, text)
    front = data(file.front)
    edits = []
    for item_id, key, value in changes:
        index, item = find_item(file, item_id)
        edits.append(next(_edits_for(file, item, key, value, order)))
        front["items"][index] = {**front["items"][index], key: _expected(item, key, value)}
    try:
        return verified(file, file.rebuild(edits), front)
    except EditError as exc:
        failure = exc
    # One at a time, trying every place an added key could go, to find what works (or what does not).
    for item_id, key, value in changes:
        file = FileLines(path, text)
        index, item = find_item(file, item_id)
        front = data(file.front)
        front["items"][index] = {**front["items"][index], key: _expected(item, key, value)}
        for edit in _edits_for(file, item, key, value, order):
            try:
                text = verified(file, file.rebuild([edit]), front)
                break
            except EditError as exc:
                failure = exc
        else:
            raise EditError(f"'{key}' cannot be written into '{item_id}': {failure}")
    return text


def _expected(item: Mapping, key: str, value: str) -> tuple[str, str]:
    """What `key: value` written into `item` reads back as: in the quoting
    of the value it replaces (see _replace_scalar), else plain."""
    old = item.get(key)
    return written(value, old.style if isinstance(old, Scalar) else None)[0]


def _edits_for(file: FileLines, item: Mapping, key: str, value: str, order: tuple[str, ...]):
    """The edits that could write `key: value` into `item`, best first."""
    old = item.get(key)
    if old is not None:
        yield _replace_scalar(file, old, value)[0]
        return
    yield from _insertions(file, item, key, written(value, None)[1], order)


def _insertions(file: FileLines, item: Mapping, key: str, text: str, order: tuple[str, ...]):
    """Places to add `key: text` to `item`, best first."""
    rank = {name: n for n, name in enumerate(order)}
    mine = rank.get(key, len(order))
    keys = [(name, value) for name, value in item.entries]
    if file.is_flow(item):  # `{id: a, title: b}`: after the value of a key that comes before it
        before = [value for name, value in keys if rank.get(name.text, len(order)) < mine
                  and isinstance(value, Scalar) and value.end and value.end.line == value.pos.line]
        for value in sorted(before, key=lambda value: (value.end.line, value.end.column), reverse=True)[:1]:
            yield file.offset(value.end), file.offset(value.end), f", {key}: {text}"
        id_value = item.get("id")
        if isinstance(id_value, Scalar) and id_value.end is not None:
            yield file.offset(id_value.end), file.offset(id_value.end), f", {key}: {text}"
        return
    column = item.pos.column - 1
    line = " " * column + f"{key}: {text}" + file.newline
    dash, _ = dash_of(file, item)
    later = [name for name, _ in keys if name.text in rank and rank[name.text] > mine]
    if later:  # on its own line above the first key that comes after it (and that key's comments)
        first = min(later, key=lambda name: (name.pos.line, name.pos.column))
        above = file.line_of(first)
        if above != dash and not file.content(above)[:column].strip():
            while above - 1 > dash and file.is_comment(above - 1) and file.indent(above - 1) == column:
                above -= 1
            yield file.starts[above], file.starts[above], line
    items = items_of(file)
    block = blocks_of(file)[next(n for n, each in enumerate(items.items) if each is item)]
    yield file.starts[block.last + 1], file.starts[block.last + 1], line  # after its last line
