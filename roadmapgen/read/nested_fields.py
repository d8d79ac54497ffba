"""Read the nested values of front matter: a list or a mapping where one is
expected (reported where it is not), a mapping's fields by a table, and a
mapping's `key: value` pairs. Shared by the readers of the root, of entries
and of reviews."""

from __future__ import annotations

from typing import Callable

from roadmapgen.diagnostics import Diagnostic, error
from roadmapgen.read import fields as f
from roadmapgen.read.frontmatter import Mapping, Node, Scalar, Sequence


def shaped(node: Node, shape: type, what: str, hint: str, found: list[Diagnostic]) -> bool:
    """Whether `node` is a Mapping or a Sequence as `shape` says; reported where it is not."""
    if isinstance(node, shape):
        return True
    found.append(error("bad-field", node.pos, f"{what} must be {f.SHAPES[shape]}, not {f.describe(node)}",
                       hint))
    return False


def elements(node: Node | None, name: str, hint: str, found: list[Diagnostic]) -> tuple[Node, ...]:
    """The elements of the list `name`; none where it is absent or not a list."""
    return node.items if node is not None and shaped(node, Sequence, f"'{name}'", hint, found) else ()


def group(node: Node | None, name: str, table: dict, found: list[Diagnostic], what: str,
          required: tuple[str, ...] = (), guarded: bool = False) -> f.Fields | None:
    """The fields of the mapping `name`; None where it is absent or not a mapping."""
    hint = f"write '{name}:' followed by indented 'key: value' lines"
    if node is None or not shaped(node, Mapping, f"'{name}'", hint, found):
        return None
    return f.Fields(node, table, required, found, what, guarded=guarded)


def pairs(node: Node | None, name: str, hint: str, found: list[Diagnostic],
          read: Callable[[Scalar, Node], tuple]) -> tuple:
    """The pairs `read` makes of the keys and values of the mapping `name`;
    a pair it refuses is reported and left out."""
    if node is None or not shaped(node, Mapping, f"'{name}'", hint, found):
        return ()
    made = []
    for key, value in node.entries:
        try:
            made.append(read(key, value))
        except f.Invalid as exc:
            found.append(exc.diagnostic)
    return tuple(made)

