"""Markdown: CommonMark by markdown-it-py, with tables, strikethrough, task
lists, footnotes (mdit-py-plugins), heading ids and `[[id]]` /
`[[id|label]]` links to roadmap entries.

One parser serves `check`, which finds a text's links in its parse
(`find_links`), and every page that shows the text (`render_markdown`), so
they never disagree about what is a link (a `[[x]]` inside code is not).
Raw HTML is always parsed as HTML, so `allow_html` changes only how a page
shows it, never what `check` finds.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from typing import Callable, NamedTuple
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import validateLink as _markdown_it_allows
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from roadmapgen.diagnostics import Position
from roadmapgen.model import FileLink, Ref
from roadmapgen.read.rawhtml import clean_html, too_deep_to_clean
from roadmapgen.read.urls import dangerous_url, is_local
from roadmapgen.read.wikilinks import Place, wikilinks_plugin

# Renders one link: (id, label or None) -> HTML. Supplied by the renderer.
LinkResolver = Callable[[str, "str | None"], str]
# The URL a page gives a link or image to a local file: (URL as written,
# whether an image) -> the URL to write, or None to show the link as text.
UrlResolver = Callable[[str, bool], "str | None"]


# -- parsing ---------------------------------------------------------------------

def _allowed_link(url: str) -> bool:
    """markdown-it's refusal of `javascript:`, `vbscript:`, `file:` and
    non-image `data:` URLs, and the rule raw HTML obeys too: such a link is
    no link, and stays as typed."""
    return _markdown_it_allows(url) and not dangerous_url(url)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """The parser: it numbers footnotes and moves them to the end, marks task
    lists and names headings. Its links are placed before any of that
    (wikilinks_plugin comes last, see there), so `check` sees the links
    of a footnote that is never cited too."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = _allowed_link  # type: ignore[method-assign]
    md.use(footnote_plugin, inline=False, move_to_end=True)
    md.use(tasklists_plugin)
    md.core.ruler.after("github-tasklists", "task_checkbox", _mark_checkboxes)
    md.core.ruler.push("heading_ids", _heading_ids)
    md.use(wikilinks_plugin)
    for name, rule in _RENDER_RULES.items():
        md.add_render_rule(name, rule)
    return md


def find_links(text: str, at: Position, block_style: bool = False) -> tuple[Ref | FileLink, ...]:
    """Every `[[id]]` link in a Markdown text outside code, and every link or
    image to a local file (a FileLink), with its position.

    `at` is where the text starts in its file; for a YAML block scalar
    (`block_style`) the text starts on the line after it."""
    return links_at(link_places(text), at, block_style)


def links_at(places, at: Position, block_style: bool = False) -> tuple[Ref | FileLink, ...]:
    """The links of `link_places`, placed in the file as `find_links` says."""
    first_line = (at.line or 1) + (1 if block_style else 0)
    first_column = 1 if block_style else (at.column or 1)  # where the text's first line starts
    refs = []
    for place in places:
        found = place.column
        column = None if found < 0 else found + (first_column if place.line == 0 else 1)
        pos = Position(at.path, first_line + place.line, column)
        refs.append(Ref(place.id, pos, place.label) if place.id is not None else file_link(place, pos))
    return tuple(refs)


def file_link(place: Place, pos: Position) -> FileLink:
    """The FileLink of a place, at `pos` (its `[`): an image's is at its `!`."""
    if place.image and pos.column:
        pos = Position(pos.path, pos.line, pos.column - 1)
    return FileLink(place.url, pos)


def link_places(text: str) -> tuple[Place, ...]:
    """The `Place` of every `[[id]]` link and every link to a local file in
    a text, in order: where it stands in the text itself, its lines ended
    by LF, CR LF or CR."""
    return _parse(text).links if may_link(text) else ()


# Where a link's URL starts: after `](` or a reference definition's `]:`,
# the blanks Markdown skips there and an opening `<`; a URL that starts
# with a scheme, `/` or `#` leads to no local file (see read.urls.local_target).
_MAY_LINK = re.compile(r"\[\[|\][(:][ \t\r\n]*+<?+(?![A-Za-z][A-Za-z0-9+.-]*:|[/#])")


def may_link(text: str) -> bool:
    """False only when a text can hold no `[[id]]` link and no link to a
    local file, by the characters any such link is written with: most
    texts, whose links are all to the web, need no parse to tell."""
    return _MAY_LINK.search(text) is not None


# -- rendering -------------------------------------------------------------------

def render_markdown(text: str, resolve_link: LinkResolver, allow_html: bool = False, id_prefix: str = "",
                    resolve_url: UrlResolver | None = None) -> str:
    """The HTML of a text for one page. `id_prefix` starts every id the text
    makes: unique among the texts shown on that page (and, like an id, free
    of spaces), it keeps their footnotes and headings apart; "" for a text
    alone on its page, whose ids are then as documented (`s-next-steps`).
    Links within the text to its own ids follow the prefix.

    With `allow_html`, what the text makes itself (its ids' prefix, its
    `[[id]]` links, its task lists' checkboxes) is written as a mark until
    the sanitizer is done: it can then tell the text's own ids from the
    author's (roadmapgen.read.rawhtml), and lets no `<input>` by.

    `resolve_url` gives each Markdown link and image to a local file
    (`[notes](notes/x.md)`) its URL on the page; without it they stay as
    written. Raw HTML's `<a href>` and `<img src>` always stay as written."""
    if not text.strip():
        return ""
    if allow_html and too_deep_to_clean(text):
        allow_html = False  # shown as text instead
    md, parsed = _parser(), _parsed(text)
    page = _Page(resolve_link, allow_html, _PREFIX_MARK if allow_html else id_prefix, resolve_url,
                 own_ids=parsed.ids)
    html = md.renderer.render(parsed.tokens, md.options, {"page": page})
    if not allow_html:
        return html
    if page.raw:
        # Whole, not tag by tag: the author's `<kbd>`...`</kbd>` keeps the Markdown between them.
        html = clean_html(html, _PREFIX_MARK, page.own_ids)
    prefix = escapeHtml(id_prefix)
    return _MARK.sub(lambda m: prefix if m[1] == "p" else page.made[int(m[1])], html)


def text_ids(text: str) -> frozenset[str]:
    """The ids a text makes alone on its page (its headings' and footnotes')."""
    return _parsed(text).ids if text.strip() else frozenset()


class _Parsed(NamedTuple):
    tokens: list  # read, never changed: each render rule that must change a token changes a copy
    ids: frozenset[str]  # what its headings and footnotes are named, alone on a page
    links: tuple[Place, ...]  # where each of its links stands in it


def _parse(text: str) -> _Parsed:
    env: dict = {}
    tokens = _parser().parse(text, env)
    return _Parsed(tokens, frozenset(_ids_made(tokens, env)), tuple(env.get("links", ())))


# Parsing is most of the time a page takes to show a text, and a build
# shows most texts twice (on a page and in roadmap.json), `serve` on every
# rebuild again: so pages share each text's parse. What the parse makes
# depends on the text alone, and pages only read it. The last 128 are kept,
# more than a roadmap of a few dozen files has texts; keeping more costs
# more (memory, and time in Python's garbage collector) than parsing again
# saves, which is also why `check` lets its parses go.
_parsed = lru_cache(maxsize=128)(_parse)


# What a text makes itself, marked until the sanitizer is done (see
# render_markdown): the prefix of its ids (`p`), and the n-th piece of HTML
# it makes (a `[[id]]` link or a task's checkbox). markdown-it turns every
# NUL of the source into U+FFFD (and _links_as_text every NUL of the titles
# it writes into alt texts), and the sanitizer cannot make one by joining
# text (see roadmapgen.read.rawhtml.clean_html), so a NUL in the HTML can
# only be ours.
_PREFIX_MARK = "\x00p\x00"
_MARK = re.compile("\x00(p|[0-9]+)\x00")
_TAG = re.compile("<[^>]*>")


@dataclass
class _Page:
    """What the render rules of one text need to know of its page."""

    resolve_link: LinkResolver
    allow_html: bool
    id_prefix: str  # or its mark
    resolve_url: UrlResolver | None = None
    # How each link open closes: None as markdown-it does, "" for one shown as text, or its mark.
    open_links: list["str | None"] = field(default_factory=list)
    own_ids: frozenset[str] = frozenset()
    raw: bool = False  # raw HTML was written: the text goes through the sanitizer
    made: list[str] = field(default_factory=list)  # the HTML of each mark but the prefix's

    def mark(self, html: str) -> str:
        """`html`, or with allow_html a mark to put it in after sanitising."""
        if not self.allow_html:
            return html
        self.made.append(html)
        return f"\x00{len(self.made) - 1}\x00"


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w\- ]", "", text.lower()).strip().replace(" ", "-")
    return "s-" + (slug or "section")


def _heading_ids(state: StateCore) -> None:
    """`id` of every heading of levels 2 to 4: `_slug` of its text, and
    `-1`, `-2`... after it when that is taken. Numbering goes on from the
    last number given for a slug (every number below it was taken then, and
    still is), which keeps many repeated headings linear."""
    taken: set[str] = set()
    next_number: dict[str, int] = {}
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag not in ("h2", "h3", "h4"):
            continue
        children = tokens[index + 1].children or ()
        slug = unique = _slug("".join(c.content for c in children if c.type in ("text", "code_inline")))
        n = next_number.get(slug, 1)
        while unique in taken:
            unique = f"{slug}-{n}"
            n += 1
        next_number[slug] = n
        taken.add(unique)
        token.attrSet("id", unique)


def _mark_checkboxes(state: StateCore) -> None:
    """The task list plugin writes its checkbox as raw HTML: tell it from the
    author's, which may be escaped or sanitised."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and (token.attrGet("class") or "").startswith("task-list-item"):
            children = tokens[index + 2].children
            if children and children[0].type == "html_inline":
                children[0].type = "task_checkbox"


def _ids_made(tokens, env: dict) -> set[str]:
    ids = {str(t.attrGet("id")) for t in tokens if t.type == "heading_open" and t.attrGet("id")}
    for number, footnote in env.get("footnotes", {}).get("list", {}).items():
        ids.add(f"fn{number + 1}")
        ids.update(f"fnref{number + 1}{f':{sub}' if sub else ''}" for sub in range(footnote.get("count", 0)))
    return ids


def _render_wikilink(self, tokens, idx, options, env) -> str:
    meta, page = tokens[idx].meta, env["page"]
    return page.mark(page.resolve_link(meta["id"], meta["label"]))


def _render_image(self, tokens, idx, options, env) -> str:
    """markdown-it's image, its alt the text of what is inside it: a
    `[[link]]` there is the link's text (or the hidden entry's placeholder),
    as plain as the rest of the alt. An image of a local file gets its URL
    on the page; one the page may not show is its alt text."""
    page = env["page"]
    # A copy: markdown-it's image rule writes its alt into the token.
    token = tokens[idx].copy(attrs=dict(tokens[idx].attrs), children=_links_as_text(tokens[idx].children, page))
    url = _local_url(page, str(token.attrGet("src") or ""), image=True)
    if url is None:
        return self.image([token], 0, options, env)
    if not url:
        return escapeHtml(self.renderInlineAsText(token.children, options, env))
    token.attrSet("src", url)
    return page.mark(self.image([token], 0, options, env))


def _local_url(page: _Page, url: str, image: bool) -> str | None:
    """The URL on the page of a link or image to a local file: "" to show
    it as text, None when `url` is not one (or the page does not resolve them)."""
    if page.resolve_url is None or not is_local(url):
        return None
    return page.resolve_url(url, image) or ""


def _links_as_text(children, page: _Page) -> list:
    """Copies of `children`, each `[[link]]` among them the text the page
    shows for it. A NUL in it (YAML's `\\0` in a title) becomes U+FFFD, as
    in the text itself: in an alt text it would pass for one of our marks."""
    copies = []
    for token in children or ():
        if token.type == "wikilink":
            shown = unescape(_TAG.sub("", page.resolve_link(token.meta["id"], token.meta["label"])))
            token = token.copy(type="text", content=shown.replace("\x00", "\ufffd"))
        elif token.children:
            token = token.copy(children=_links_as_text(token.children, page))
        copies.append(token)
    return copies


def _render_raw_html(self, tokens, idx, options, env) -> str:
    page, token = env["page"], tokens[idx]
    if page.allow_html:
        page.raw = True
        return token.content
    if token.type == "html_inline":
        return escapeHtml(token.content)
    return "<p>" + escapeHtml(token.content.rstrip("\n")) + "</p>\n"


def _render_checkbox(self, tokens, idx, options, env) -> str:
    return env["page"].mark(tokens[idx].content)


def _render_heading_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    slug = token.attrGet("id")
    if not slug:
        return self.renderToken(tokens, idx, options, env)
    return f'<{token.tag} id="{escapeHtml(env["page"].id_prefix + str(slug))}">'


def _render_link_open(self, tokens, idx, options, env) -> str:
    # A copy to change: the tokens are shared by every page (see _parsed).
    token, page = tokens[idx].copy(attrs=dict(tokens[idx].attrs)), env["page"]
    href = str(token.attrGet("href") or "")
    if href.startswith("#") and page.id_prefix and unquote(href[1:]) in page.own_ids:
        token.attrSet("href", f"#{page.id_prefix}{href[1:]}")  # escaped by renderToken
    url = _local_url(page, href, image=False)
    if url is None:
        page.open_links.append(None)
        return self.renderToken([token], 0, options, env)
    if not url:  # a page this edition does not have: the link's text alone
        page.open_links.append("")
        return ""
    token.attrSet("href", url)
    if url.startswith("data:"):  # a file inlined into a sealed page: saved under its own name
        token.attrSet("download", unquote(posixpath.basename(href.partition("#")[0].partition("?")[0])))
    # Ours, not the author's: past the sanitizer as a mark, both ends of it.
    page.open_links.append(page.mark("</a>"))
    return page.mark(self.renderToken([token], 0, options, env))


def _render_link_close(self, tokens, idx, options, env) -> str:
    closing = env["page"].open_links.pop()
    return self.renderToken(tokens, idx, options, env) if closing is None else closing


def _footnote_number(token) -> tuple[int, str]:
    """(number, ":n" for the n-th citation after the first, else "")."""
    sub = token.meta.get("subId", -1)
    return token.meta["id"] + 1, f":{sub}" if sub > 0 else ""


def _render_footnote_ref(self, tokens, idx, options, env) -> str:
    number, sub = _footnote_number(tokens[idx])
    prefix = escapeHtml(env["page"].id_prefix)
    return (f'<sup class="footnote-ref"><a href="#{prefix}fn{number}" id="{prefix}fnref{number}{sub}">'
            f"[{number}{sub}]</a></sup>")


def _render_footnote_open(self, tokens, idx, options, env) -> str:
    prefix = escapeHtml(env["page"].id_prefix)
    return f'<li id="{prefix}fn{tokens[idx].meta["id"] + 1}" class="footnote-item">'


def _render_footnote_anchor(self, tokens, idx, options, env) -> str:
    number, sub = _footnote_number(tokens[idx])
    prefix = escapeHtml(env["page"].id_prefix)
    # U+FE0E: the arrow as text, not as an emoji on iOS.
    return f' <a href="#{prefix}fnref{number}{sub}" class="footnote-backref">\u21a9\ufe0e</a>'


_RENDER_RULES = {
    "wikilink": _render_wikilink,
    "image": _render_image,
    "html_block": _render_raw_html,
    "html_inline": _render_raw_html,
    "task_checkbox": _render_checkbox,
    "heading_open": _render_heading_open,
    "link_open": _render_link_open,
    "link_close": _render_link_close,
    "footnote_ref": _render_footnote_ref,
    "footnote_open": _render_footnote_open,
    "footnote_anchor": _render_footnote_anchor,
}
