"""Raw HTML from content when `allow_html = true`, made safe by nh3 (the
Ammonia sanitizer, which parses as a browser does, foreign content and all)
with an allowlist: what a roadmap's prose needs, and nothing that runs
script, loads a document, styles the page or takes input.

Whatever is not on the list is dropped: a tag not allowed leaves its text,
`<script>` and `<style>` leave nothing; attributes not allowed, URLs that
are not http(s), mailto or relative (bar `data:` images in `<img src>`),
and HTML comments, which are the author's notes to self, go too. No
`<input>` is allowed: the task lists' checkboxes are Markdown's, put in by
roadmapgen.read.markdown after this.

An id the author gives an element gets the text's id prefix, as the
generated ones have, so it cannot collide with another text's; one that
holds `_` (the themes' ids all do), `:` (which ends a prefix) or a space,
that is empty, or that repeats one the text makes (`fn1`, `s-intro`) or one
given earlier in it, is dropped. A link to `#id` follows the prefix when
that id is the text's own.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

import nh3

from roadmapgen.read.urls import dangerous_url

TAGS = frozenset({
    # text
    "p", "br", "hr", "wbr", "span", "div", "blockquote", "pre", "code", "kbd", "samp", "var",
    "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "abbr", "dfn", "cite", "q", "time", "bdi", "bdo", "ruby", "rt", "rp",
    "h1", "h2", "h3", "h4", "h5", "h6",
    # lists and tables
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    # structure, media, links
    "details", "summary", "figure", "figcaption", "section", "img", "a",
})
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr", "style"},
    "td": {"colspan", "rowspan", "headers", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "details": {"open"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "data"})  # data: for images only, see _Ids.attribute
# The only style: a table column's alignment, as Markdown writes it.
STYLE_PROPERTIES = frozenset({"text-align"})
# Link types that say something about the link and open nothing.
REL = frozenset({"nofollow", "noopener", "noreferrer", "external", "author", "license", "tag", "help", "me"})


# An id an author may give: one that cannot be a theme's (they hold `_`)
# nor reach into another text's prefix (which ends at `:`).
_AUTHOR_ID = re.compile(r"[^\s_:]+")


class _Ids:
    """The ids of one text as the sanitizer meets them. `prefix` is the
    text's id prefix with its NULs already swapped for `mark` (a character
    absent from the text, so no author's value starts with it)."""

    def __init__(self, prefix: str, made: frozenset[str], mark: str):
        self.prefix = prefix
        self.made = made
        self.given: set[str] = set()
        # Before a `#...` fragment whose id is known only at the text's end.
        self.local = mark + "h" + mark

    def attribute(self, tag: str, name: str, value: str) -> str | None:
        if name in ("href", "src", "cite"):
            data_elsewhere = value.lower().lstrip().startswith("data:") and (tag, name) != ("img", "src")
            if data_elsewhere or dangerous_url(value):
                return None
            if self.prefix and name == "href" and value.startswith("#") and not value.startswith("#" + self.prefix):
                return "#" + self.local + value[1:]
            return value
        if name == "id":
            if not self.prefix or value.startswith(self.prefix):  # no prefix to tell them apart, or one made
                return value
            if not _AUTHOR_ID.fullmatch(value) or value in self.made or value in self.given:
                return None
            self.given.add(value)
            return self.prefix + value
        if name == "rel":
            kept = [word for word in value.lower().split() if word in REL]
            return " ".join(kept) or None
        return value

    def link(self, match: re.Match) -> str:
        fragment = match[1]
        target = unquote(unescape(fragment))
        return (self.prefix if target in self.given or target in self.made else "") + fragment


# Characters no content is likely to hold, tried first for the mark; then
# any but ASCII, controls, the no-break space (written as &nbsp;) and surrogates.
_CANDIDATES = ((0xE000, 0xF900), (0xF0000, 0xFFFFE), (0x100000, 0x10FFFE), (0xA1, 0xD800), (0xF900, 0xF0000))


def _absent_character(html: str) -> str:
    """A character that is not in `html`, nor in it once its character
    references are read: the sanitizer can drop and join text, never make
    a character, so a mark made of it can only be ours."""
    present = set(html)
    present.update(unescape(html))
    for low, high in _CANDIDATES:
        for code in range(low, high):
            if chr(code) not in present:
                return chr(code)
    raise ValueError("no character is free to mark the text's placeholders")


def clean_html(html: str, id_prefix: str = "", made_ids: frozenset[str] = frozenset()) -> str:
    """`html` with only allowlisted tags, attributes and URLs left.

    A NUL in `html` is the caller's (its placeholders; content has none),
    and so is every id that starts with `id_prefix`; `made_ids` are those
    ids without it. With an `id_prefix`, the author's ids and links to them
    are handled as the module says; without, ids are left as they are."""
    # The sanitizer would drop a NUL: it passes as a character absent from
    # `html`, put back after.
    mark = _absent_character(html)
    ids = _Ids(id_prefix.replace("\x00", mark), made_ids, mark)
    cleaner = nh3.Cleaner(
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        attribute_filter=ids.attribute,
        strip_comments=True,
        link_rel=None,  # rel is the author's, filtered; no target= exists to need noopener
        url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
    )
    cleaned = cleaner.clean(html.replace("\x00", mark))
    if ids.local in cleaned:
        cleaned = re.sub(re.escape(ids.local) + '([^"]*)', ids.link, cleaned)
    return cleaned.replace(mark, "\x00")


# The sanitizer takes time quadratic in nesting (50,000 nested <div>s: 6 s).
MAX_HTML_NESTING = 500
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})


def too_deep_to_clean(text: str) -> bool:
    """Whether the raw HTML in `text` nests deeper than MAX_HTML_NESTING (a
    linear estimate): such a text is shown as text, not sanitised."""
    depth = deepest = 0
    for closing, name, self_closing in _HTML_TAG.findall(text):
        if closing:
            depth = max(depth - 1, 0)
        elif not self_closing and name.lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest > MAX_HTML_NESTING
