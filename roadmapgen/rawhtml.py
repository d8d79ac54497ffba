"""Raw HTML from content when `allow_html = true`, made safe by nh3 (the
Ammonia sanitizer, which parses as a browser does, foreign content and all)
with an allowlist: what a roadmap's prose needs, and nothing that runs
script, loads a document, styles the page or takes input.

Whatever is not on the list is dropped: a tag not allowed leaves its text,
`<script>` and `<style>` leave nothing; attributes not allowed, URLs that
are not http(s), mailto or relative (bar `data:` images in `<img src>`),
and HTML comments, which are the author's notes to self, go too. An id the
author gives an element gets the text's id prefix, as the generated ones
have, so it cannot collide with the theme's or another text's.

Used by roadmapgen.markdown on the whole HTML of a text that holds raw
HTML: sanitising the text whole, not tag by tag, keeps the author's
`<kbd>`...`</kbd>` around the Markdown between them.
"""

from __future__ import annotations

from functools import lru_cache

from roadmapgen.urls import dangerous_url

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
    # the Markdown task list's checkbox; no form exists for any input to send
    "input",
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
# Attributes allowed with these values only.
ATTRIBUTE_VALUES = {"input": {"type": {"checkbox"}, "checked": {"checked", ""}, "disabled": {"disabled", ""}}}
URL_SCHEMES = frozenset({"http", "https", "mailto", "data"})  # data: for images only, see _attribute
# The only style: a table column's alignment, as Markdown writes it.
STYLE_PROPERTIES = frozenset({"text-align"})
# Link types that say something about the link and open nothing.
REL = frozenset({"nofollow", "noopener", "noreferrer", "external", "author", "license", "tag", "help", "me"})


def _attribute(id_prefix: str, tag: str, name: str, value: str) -> str | None:
    if name in ("href", "src", "cite"):
        if value.lower().lstrip().startswith("data:") and (tag, name) != ("img", "src"):
            return None
        return None if dangerous_url(value) else value
    if name == "id":
        return value if value.startswith(id_prefix) else id_prefix + value
    if name == "rel":
        kept = [word for word in value.lower().split() if word in REL]
        return " ".join(kept) or None
    return value


@lru_cache(maxsize=8)
def _cleaner(id_prefix: str):
    import nh3

    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=lambda tag, name, value: _attribute(id_prefix, tag, name, value),
        strip_comments=True,
        link_rel=None,  # rel is the author's, filtered; no target= exists to need noopener
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        # Not set_tag_attribute_values: it adds attributes in a random order.
        tag_attribute_values={tag: {name: set(values) for name, values in names.items()}
                              for tag, names in ATTRIBUTE_VALUES.items()},
    )


def clean_html(html: str, id_prefix: str = "") -> str:
    """`html` with only allowlisted tags, attributes and URLs left;
    `id_prefix` starts every id."""
    return _cleaner(id_prefix).clean(html)
