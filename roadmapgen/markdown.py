"""Markdown: CommonMark with tables, task lists, footnotes, heading anchors
and `[[id]]` / `[[id|label]]` links to roadmap entries.

The same parser finds the links for `check` and renders them for `build`, so
the two never disagree about what is a link (a `[[x]]` inside code is not).
"""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from roadmapgen.diagnostics import Position
from roadmapgen.model import Ref

_WIKILINK = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")

# Renders one link: (id, label or None) -> HTML. Supplied by the renderer.
LinkResolver = Callable[[str, "str | None"], str]


def _wikilink_rule(state, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _WIKILINK.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.meta = {
            "id": match.group(1).strip(),
            "label": match.group(2).strip() if match.group(2) else None,
            "offset": state.pos,
        }
        token.content = match.group(0)
    state.pos = match.end()
    return True


# An attribute in raw HTML, found the lenient way browsers find one: after a
# space, a slash or a quote, anywhere in the raw text.
_RAW_ATTR = re.compile(r"""(?<=[\s/"'])[^\s"'<>/=]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_SCRIPT_URL = re.compile(r"(?:javascript|vbscript):")


def _is_script_url(value: str) -> bool:
    """Browsers ignore case, entities, and spaces, tabs or newlines in a scheme."""
    plain = re.sub(r"[\x00-\x20]", "", html.unescape(value[1:-1] if value[:1] in "\"'" else value)).lower()
    return bool(_SCRIPT_URL.match(plain))


def _drop_script_urls(raw: str) -> str:
    """Raw HTML (with `allow_html`) as written, less any attribute holding a `javascript:` URL."""
    return _RAW_ATTR.sub(lambda a: "" if _is_script_url(a.group(1)) else a.group(0), raw)


def _render_raw_html(self, tokens, idx, options, env) -> str:
    from roadmapgen.rawhtml import clean_html  # also drops on* handlers, srcdoc and data: URLs

    return clean_html(_drop_script_urls(tokens[idx].content))


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w\- ]", "", text.lower()).strip().replace(" ", "-")
    return "s-" + (slug or "section")


@lru_cache(maxsize=4)
def markdown_parser(allow_html: bool = False):
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(tasklists_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=_slug)
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.add_render_rule("wikilink", _placeholder)
    md.add_render_rule("html_block", _render_raw_html)
    md.add_render_rule("html_inline", _render_raw_html)
    return md


# A wikilink in compiled HTML, until the page that shows it fills it in:
# markdown-it turns every NUL of the source into U+FFFD, so a NUL in the
# output can only be ours.
_PLACEHOLDER = re.compile("\x00([0-9]+)\x00")


@dataclass(frozen=True)
class Compiled:
    """One Markdown text, parsed once: its HTML, with a placeholder for each
    `[[id]]` link, and the links (id, label, line index, column index or -1)."""

    html: str
    links: tuple[tuple[str, "str | None", int, int], ...]


# (text, allow_html) -> Compiled, for the life of the process: `check` finds
# the links and `build` renders the HTML from one parse. Filled ahead by
# roadmapgen.parse_all (in parallel, and from the on-disk cache).
COMPILED: dict[tuple[str, bool], Compiled] = {}


def _placeholder(self, tokens, idx, options, env) -> str:
    links = env["links"]
    links.append(tokens[idx])
    return f"\x00{len(links) - 1}\x00"


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
    md = markdown_parser(allow_html)
    env: dict = {"links": []}
    tokens = md.parse(text, env)
    if "[[" in text:
        _number_lines(tokens)
    html = md.renderer.render(tokens, md.options, env)
    lines = text.split("\n") if env["links"] else ()
    links = []
    for token in env["links"]:
        line_index = token.meta.get("line", 0)
        column = lines[line_index].find(token.content) if 0 <= line_index < len(lines) else -1
        links.append((token.meta["id"], token.meta["label"], line_index, column))
    return Compiled(html, tuple(links))


def _number_lines(tokens) -> None:
    """Give each link token the index of the line it is on."""
    for block in tokens:
        if block.type != "inline" or not block.children:
            continue
        for token in block.children:
            if token.type == "wikilink":
                token.meta["line"] = (block.map[0] if block.map else 0) + block.content.count("\n", 0, token.meta["offset"])


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


def render_markdown(text: str, resolve_link: LinkResolver, allow_html: bool = False) -> str:
    compiled = compile_markdown(text, allow_html)
    if not compiled.links:
        return compiled.html
    links = compiled.links
    return _PLACEHOLDER.sub(lambda m: resolve_link(*links[int(m[1])][:2]), compiled.html)
