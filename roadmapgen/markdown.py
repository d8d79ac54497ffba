"""Markdown: CommonMark with tables, task lists, footnotes, heading anchors
and `[[id]]` / `[[id|label]]` links to roadmap entries.

The same parser finds the links for `check` and renders them for `build`, so
the two never disagree about what is a link (a `[[x]]` inside code is not).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

from roadmapgen.diagnostics import Position
from roadmapgen.model import Ref

_WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
_WIKILINK_UTF8 = re.compile(_WIKILINK.pattern.encode())

# Renders one link: (id, label or None) -> HTML. Supplied by the renderer.
LinkResolver = Callable[[str, "str | None"], str]


def load_parser() -> None:
    """Import the parser now (before forking workers that all need it)."""
    import roadmapgen.markdown_html  # noqa: F401


# A wikilink in compiled HTML, until the page that shows it fills it in, and
# the start of every id the text makes (and of its links to them), until the
# page says which prefix keeps them apart from the ids of other texts on it:
# every NUL of the source becomes U+FFFD, so a NUL in the output can only be
# ours. A link in plain text (an image's alt) has a `t` before its number:
# it is filled with the link's text, as plain as the alt is.
_PLACEHOLDER = re.compile("\x00(t?)([0-9]+|p)\x00")
_TAG = re.compile("<[^>]*>")
_ID_PREFIX = "\x00p\x00"


@dataclass(frozen=True)
class Compiled:
    """One Markdown text, parsed once: its HTML, with a placeholder for each
    `[[id]]` link and for the prefix of each id, and the links (id, label,
    line index, column index or -1)."""

    html: str
    links: tuple[tuple[str, "str | None", int, int], ...]


# (text, allow_html) -> Compiled, for the life of the process: `check` finds
# the links and `build` renders the HTML from one parse. Filled ahead by
# roadmapgen.parse_all (in parallel, and from the on-disk cache).
COMPILED: dict[tuple[str, bool], Compiled] = {}


# The keys asked for while a `recording()` block runs, so that the content
# cache can keep a file's compiled texts with its parse.
_recording: list[list[tuple[str, bool]]] = []


@contextmanager
def recording():
    keys: list[tuple[str, bool]] = []
    _recording.append(keys)
    try:
        yield keys
    finally:
        _recording.pop()


def compile_markdown(text: str, allow_html: bool = False) -> Compiled:
    key = (text, allow_html)
    compiled = COMPILED.get(key)
    if compiled is None:
        compiled = COMPILED[key] = _compile(text, allow_html)
    if _recording:
        _recording[-1].append(key)
    return compiled


def _compile(text: str, allow_html: bool) -> Compiled:
    if not text.strip():
        return Compiled("", ())
    from roadmapgen.markdown_html import to_html

    if "\x00" in text:  # CommonMark: NUL becomes U+FFFD, which also frees NUL for placeholders
        text = text.replace("\x00", "\ufffd")
    links: list[tuple[str, str | None, int, int]] = []
    source = text.encode() if "[[" in text else b""
    place = _Positions(source)

    def wikilink(start: int, end: int, as_text: bool) -> str | None:
        match = _WIKILINK_UTF8.fullmatch(source, start, end)
        if not match:
            return None
        link_id, label = match.groups()
        links.append((link_id.decode().strip(), label.decode().strip() if label else None, *place(start)))
        return f"\x00{'t' if as_text else ''}{len(links) - 1}\x00"

    return Compiled(to_html(text, allow_html, wikilink, _ID_PREFIX), tuple(links))


class _Positions:
    """(line index, column index in characters) of byte offsets in UTF-8
    text, in time linear in the text however many are asked for: lines by
    bisecting a table of line starts, columns counted on from the last
    offset when it is earlier on the same line (links come in order)."""

    def __init__(self, source: bytes):
        self.source = source
        self.starts: list[int] = []
        self.last = (0, -1, 0)  # offset, line index, column of the last offset asked for

    def __call__(self, offset: int) -> tuple[int, int]:
        if not self.starts:
            self.starts = [0, *(m.end() for m in re.finditer(b"\n", self.source))]
        line = bisect_right(self.starts, offset) - 1
        last, last_line, last_column = self.last
        if last_line == line and last <= offset:
            column = last_column + len(self.source[last:offset].decode())
        else:
            column = len(self.source[self.starts[line]:offset].decode())
        self.last = (offset, line, column)
        return line, column


def find_links(text: str, at: Position, block_style: bool = False) -> tuple[Ref, ...]:
    """Every `[[id]]` link in a Markdown text outside code, with its position.

    `at` is where the text starts in its file; for a YAML block scalar
    (`block_style`) the text starts on the line after it. The text is
    compiled whole, links or not: `build` shows the HTML of the same parse."""
    compiled = compile_markdown(text)
    if not compiled.links:
        return ()
    first_line = (at.line or 1) + (1 if block_style else 0)
    refs = []
    for link_id, label, line_index, found in compiled.links:
        column = None
        if found >= 0:
            column = found + 1 + ((at.column or 1) - 1 if line_index == 0 and not block_style else 0)
        refs.append(Ref(link_id, Position(at.path, first_line + line_index, column), label))
    return tuple(refs)


def render_markdown(text: str, resolve_link: LinkResolver, allow_html: bool = False, id_prefix: str = "") -> str:
    """The HTML of a text for one page. `id_prefix` starts every id the text
    makes: unique among the texts shown on that page (and, like an id, free
    of spaces), it keeps their footnotes and headings apart; "" for a text
    alone on its page, whose ids are then as documented (`s-next-steps`)."""
    compiled = compile_markdown(text, allow_html)
    html = compiled.html
    if "\x00" not in html:
        return html
    links = compiled.links
    prefix = _escape_attribute(id_prefix)

    def fill(match: re.Match) -> str:
        if match[2] == "p":
            return prefix
        link = resolve_link(*links[int(match[2])][:2])
        if match[1]:
            from html import unescape

            return _escape_attribute(unescape(_TAG.sub("", link)))
        return link

    return _PLACEHOLDER.sub(fill, html)


def _escape_attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
