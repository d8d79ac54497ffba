"""What a front matter reads back as, to compare an edit's result with what
it meant to make."""

from __future__ import annotations

import yaml

from roadmapgen.read.frontmatter import Mapping, Node, Scalar
from roadmapgen.write.content_edits.lines import EditError, FileLines

_RESOLVER = yaml.resolver.Resolver()
_TAG_PREFIX = "tag:yaml.org,2002:"


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


def written(value: str, style: str | None) -> tuple[tuple[str, str], str]:
    """What `value` written in `style` reads back as, and how it is written."""
    if style in ("'", '"'):
        return ("str", value), f"{style}{value}{style}"
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    return (tag.removeprefix(_TAG_PREFIX), value), value


def verified(before: FileLines, text: str, expected: dict) -> str:
    """`text` if it reads back as `expected` with the text outside the
    front matter unchanged; else EditError."""
    try:
        after = FileLines(before.path, text)
    except EditError as exc:
        raise EditError(f"the edited file would not read back ({exc})") from None
    if after.outside() != before.outside():
        raise EditError("the edit would change the text outside the front matter")
    if data(after.front) != expected:
        raise EditError("the edit would change more than it should")
    return text
