"""A content file's text cut into lines as YAML counts them, with its front
matter read with positions: what every edit works on."""

from __future__ import annotations

import bisect
import re

from roadmapgen.read.frontmatter import FrontMatterError, Mapping, Node, Scalar, split_file

_BOM = "\ufeff"
# Line breaks as YAML counts them, so that a position's line is a line here.
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_FENCE = re.compile(r"(?:---|\.\.\.)[ \t]*")


def yaml_line(text: str, number: int) -> str:
    """Line `number` (1-based, as a position gives it) of a file's text,
    without its line break, lines counted as YAML counts them."""
    return _BREAK.split(text.removeprefix(_BOM))[number - 1]


class EditError(Exception):
    """The edit cannot be made safely; the message says why."""


class FileLines:
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
        self.blocks = None  # the items' lines, once item_blocks.blocks_of has found them

    def content(self, line: int) -> str:
        """A line without its line break."""
        text = self.lines[line]
        found = _BREAK.search(text)
        return text[: found.start()] if found else text

    def offset(self, pos) -> int:
        return self.starts[pos.line - 1] + pos.column - 1

    def line_at(self, offset: int) -> int:
        """The 0-based line an offset falls on."""
        return bisect.bisect_right(self.starts, offset, hi=len(self.starts) - 1) - 1

    def is_blank(self, line: int) -> bool:
        return not self.content(line).strip()

    def is_comment(self, line: int) -> bool:
        return self.content(line).lstrip().startswith("#")

    def indent(self, line: int) -> int:
        text = self.content(line)
        return len(text) - len(text.lstrip(" "))

    def line_of(self, node: Node) -> int:
        return node.pos.line - 1

    def is_flow(self, node: Node) -> bool:
        return self.text[self.offset(node.pos):].startswith(("{", "["))

    def key_of(self, node: Node) -> Scalar:
        """The top-level key whose value is `node`."""
        return next(key for key, value in self.front.entries if value is node)

    def rebuild(self, edits: list[tuple[int, int, str]]) -> str:
        """The text with each (start, end, replacement) made, BOM and all."""
        text = self.text
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        return self.bom + text

    def outside(self) -> tuple[str, str]:
        """The text above the front matter and below it (the closing fence and body)."""
        return self.bom + self.text[: self.starts[self.yaml_first]], self.text[self.starts[self.closing]:]
