"""`[[id]]` and `[[id|label]]`: a markdown-it plugin, in the manner of
mdit_py_plugins' own. An inline rule makes a `wikilink` token (meta: id,
label); a core rule lists every link's place in the text in env["links"]
for `check` to report, and that of every Markdown link or image to a local
file (`[notes](notes/x.md)`, `![me](me.svg)`) too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.image import image as _image_rule
from markdown_it.rules_inline.link import link as _link_rule

from roadmapgen.read.urls import is_local

_WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")


class Place(NamedTuple):
    """Where a link stands in a text: line index, column index or -1.
    A `[[id]]` link has its id (and label); a link or image to a local
    file (`id` None) has its URL, and its column is that of its `[`
    (an image's `!` is just before)."""

    id: str | None
    label: str | None
    line: int
    column: int
    url: str = ""
    image: bool = False


def wikilinks_plugin(md: MarkdownIt) -> None:
    """Use it after the plugins that change tokens once inline rules have
    run (footnotes, task lists): its core rule then runs first after them,
    and places every link as written, in footnotes never cited too."""
    # Before `link`, which would take `[[x]]` for a link to a reference `[x]`.
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.inline.ruler.at("link", _placing(_link_rule))
    md.inline.ruler.at("image", _placing(_image_rule))
    md.core.ruler.after("inline", "wikilink_positions", _place_links)


def _placing(rule):
    """markdown-it's `link` or `image` rule, which also notes in the token
    it makes where the link starts in its inline text (as `_wikilink` does)."""
    def placed(state: StateInline, silent: bool) -> bool:
        start, made = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent:
            # The text before the link is pushed first, as the link flushes it.
            token = next((t for t in state.tokens[made:] if t.type in ("link_open", "image")), None)
            if token is not None:
                token.meta = {**(token.meta or {}), "pos": start}
        return True
    return placed


def _local_url(token) -> str | None:
    """The URL of a link or image token to a local file, else None."""
    if token.type not in ("link_open", "image") or "pos" not in (token.meta or {}):
        return None
    url = str(token.attrGet("href" if token.type == "link_open" else "src") or "")
    return url if is_local(url) else None


def _wikilink(state: StateInline, silent: bool) -> bool:
    match = _WIKILINK.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = match.group(0)
        label = match.group(2)
        # `pos`: where the link starts in the inline text of its block (or of an image's alt).
        token.meta = {"id": match.group(1).strip(), "label": label.strip() if label else None, "pos": state.pos}
    state.pos = match.end()
    return True


def _place_links(state: StateCore) -> None:
    """env["links"]: the `Place` of every link, in order, where it stands in the text.

    A block's links know their offsets in its inline text, which is its
    source less the prefixes of lists, quotes and indentation; its map
    gives its first line. A line of a paragraph is the end of its source
    line (less trailing space on the last), so each line is placed from the
    end, once however many links it holds: linear in the text. A heading
    is found after its `#`s, a table cell after the cells before it."""
    links = state.env.setdefault("links", [])
    lines = state.src.split("\n")
    row_cursor: dict[int, int] = {}  # line of a table row -> where its next cell is searched from
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline" or token.map is None:
            continue
        opener = tokens[index - 1]
        first_line = token.map[0]
        if opener.type in ("th_open", "td_open"):
            if "[" not in lines[first_line]:
                continue
            start = -1
            # A `|` in a cell was `\|` in the file: its text is not the file's, nor its columns.
            if "|" not in token.content:
                start = lines[first_line].find(token.content, row_cursor.get(first_line, 0))
                row_cursor[first_line] = start + len(token.content)
            columns = {0: start}
        elif "[" in token.content:
            columns = {}
        else:
            continue
        for link, line, column in _placed(token, opener, lines, columns):
            if link.type == "wikilink":
                links.append(Place(link.meta["id"], link.meta["label"], line, column))
            else:
                image = link.type == "image"
                links.append(Place(None, None, line, column + image if column >= 0 else -1,
                                   _local_url(link) or "", image))


def _links_in(children, nested: bool = False):
    """(wikilink token or link to a local file, True if in an image's alt text), in order."""
    for child in children:
        if child.type == "wikilink" or _local_url(child) is not None:
            yield child, nested
        if child.children:
            yield from _links_in(child.children, True)


def _placed(token, opener, lines: list[str], columns: dict[int, int]):
    """(wikilink token, line, column or -1) of every link in one block's
    inline text, in order. `columns`: line of the text -> its column in its
    source line, or -1, as far as known."""
    content, first_line = token.content, token.map[0]
    starts = [0, *(m.end() for m in re.finditer("\n", content))]
    atx = opener.type == "heading_open" and opener.markup.startswith("#")

    def column(k: int) -> int:
        if first_line + k >= len(lines):
            return -1
        source = lines[first_line + k]
        last = k + 1 == len(starts)
        text = content[starts[k]:len(content) if last else starts[k + 1] - 1]
        if atx:
            marker = source.find("#")
            return source.find(text, len(source) - len(source[marker:].lstrip("#")))
        whole = source.rstrip() if last else source
        return len(whole) - len(text) if whole.endswith(text) else source.find(text)

    searched = 0  # the end of the last link placed, in the content
    for link, nested in _links_in(token.children or ()):
        offset = link.meta["pos"]
        if nested:  # the alt text was parsed on its own: look for the link after the last
            offset = content.find(link.content, searched) if link.type == "wikilink" else -1
            if offset < 0:
                yield link, first_line, -1
                continue
        searched = offset + len(link.content if link.type == "wikilink" else "[")
        k = bisect_right(starts, offset) - 1
        if k not in columns:
            columns[k] = column(k)
        yield link, first_line + k, (columns[k] + offset - starts[k]) if columns[k] >= 0 else -1
