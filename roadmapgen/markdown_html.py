"""HTML from Markdown: pulldown-cmark's events (through pyromark) written out
the way markdown-it writes CommonMark, with its table, strikethrough, task
list, footnote and heading-anchor conventions, so that themes style one
markup whatever the parser.

pulldown-cmark parses in Rust about a hundred times faster than a
pure-Python parser; this module only walks the events it returns. It owns
what the Rust side cannot know: raw HTML escaped unless allowed (and then
the whole text sanitised by roadmapgen.rawhtml), link URLs encoded and
script URLs refused, heading and footnote ids (behind the caller's prefix),
and `[[id]]` links handed back to the caller as placeholders.
"""

from __future__ import annotations

import re
from typing import Callable
from urllib.parse import unquote

import pyromark

from roadmapgen.urls import dangerous_url

_OPTIONS = (pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_FOOTNOTES
            | pyromark.Options.ENABLE_STRIKETHROUGH | pyromark.Options.ENABLE_TASKLISTS
            | pyromark.Options.ENABLE_WIKILINKS
            # `~x~` is written back as typed: only `~~x~~` strikes through.
            | pyromark.Options.ENABLE_SUBSCRIPT)

# (UTF-8 start, UTF-8 end) of a `[[...]]` in the source, and whether it
# stands in plain text (an image's alt) -> what to put there, or None when it
# is not a link after all (shown as typed).
WikilinkHandler = Callable[[int, int, bool], "str | None"]

_INLINE_TAGS = {"Emphasis": ("<em>", "</em>"), "Strong": ("<strong>", "</strong>"),
                "Strikethrough": ("<s>", "</s>"), "Subscript": ("~", "~"), "Superscript": ("^", "^")}
_ALIGN = {"Left": ' style="text-align:left"', "Center": ' style="text-align:center"',
          "Right": ' style="text-align:right"', "None": ""}


def escape(text: str) -> str:
    """markdown-it's escaping: `&`, `<`, `>` and `"` (not `'`)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


# -- URLs ----------------------------------------------------------------------

# markdown-it refuses these schemes outright: such a "link" is not a link.
_BAD_SCHEME = re.compile(r"(vbscript|javascript|file|data):")
_GOOD_DATA = re.compile(r"data:image/(gif|png|jpeg|webp);")
# What markdown-it (mdurl) leaves unencoded; an existing %XX stays as it is.
_UNSAFE_IN_URL = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9;/?:@&=+$,\-_.!~*'()#%]+")
_HOST = re.compile(r"((?:https?:|mailto:)?//(?:[^/?#@]*@)?)([^/?#:]+)", re.IGNORECASE)


def _allowed_url(url: str) -> bool:
    plain = url.strip().lower()
    if _BAD_SCHEME.match(plain) and not _GOOD_DATA.match(plain):
        return False
    return not dangerous_url(url)


def _percent_encode(match: re.Match) -> str:
    return "".join("%%%02X" % byte for byte in match.group(0).encode("utf-8", "replace"))


def _punycode_host(match: re.Match) -> str:
    labels = []
    for label in match.group(2).split("."):
        try:
            labels.append(label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii"))
        except UnicodeError:
            labels.append(label)
    return match.group(1) + ".".join(labels)


def normalize_url(url: str) -> str:
    """An href as markdown-it writes it: non-ASCII hosts in punycode, the
    rest percent-encoded as UTF-8."""
    if not url.isascii():
        url = _HOST.sub(_punycode_host, url, count=1) if "//" in url else url
    return _UNSAFE_IN_URL.sub(_percent_encode, url)


# -- headings ------------------------------------------------------------------

def _slug(text: str) -> str:
    slug = re.sub(r"[^\w\- ]", "", text.lower()).strip().replace(" ", "-")
    return "s-" + (slug or "section")


def _unique(slug: str, taken: set[str], next_number: dict[str, int]) -> str:
    """`slug`, or the first `slug-N` not taken. Every number below the one
    last given for a slug was taken then, and still is: counting on from it
    keeps many repeated headings linear."""
    unique = slug
    if unique in taken:
        n = next_number.get(slug, 1)
        unique = f"{slug}-{n}"
        while unique in taken:
            n += 1
            unique = f"{slug}-{n}"
        next_number[slug] = n + 1
    taken.add(unique)
    return unique


# -- the walk ------------------------------------------------------------------

_CHECKBOX = '<input class="task-list-item-checkbox" {}disabled="disabled" type="checkbox"> '
# Where raw HTML may be sanitised, which lets no <input> through, a task's
# checkbox goes in after, from these (NULs are ours: see to_html).
_CHECKBOX_MARKS = {"\x00x\x00": _CHECKBOX.format('checked="checked" '), "\x00o\x00": _CHECKBOX.format("")}


def to_html(text: str, allow_html: bool, wikilink: WikilinkHandler, id_prefix: str = "") -> str:
    """The HTML of one Markdown text, which holds no NUL: CommonMark makes
    it U+FFFD, which pulldown-cmark leaves to the caller
    (roadmapgen.markdown, whose placeholders are NUL-delimited).

    Every id the text gives an element (headings, footnotes, and with
    `allow_html` the author's own) starts with `id_prefix`, and so do the
    text's links to them, `[x](#s-next-steps)` included: texts shown side
    by side on one page, each with its own prefix, keep their ids apart."""
    return _Writer(text, allow_html, wikilink, id_prefix).write()


class _Writer:
    """One walk over one text's events."""

    def __init__(self, text: str, allow_html: bool, wikilink: WikilinkHandler, id_prefix: str = ""):
        self.text = text
        self.source = b""  # the text as UTF-8, which spans count in; made when first needed
        self.id_prefix = id_prefix
        self.local_links: list[tuple[list[str], int, str]] = []  # (out, index, fragment) of each `#...` link
        self.raw = False  # raw HTML was written: the whole text goes through the sanitizer
        self.allow_html = allow_html
        self.wikilink = wikilink
        self.out: list[str] = []
        self.closers: list[str] = []  # one per open link: "</a>", or "" for a refused one
        self.lists: list[int] = []  # index in `out` of each open <ul>/<ol>, for the task-list class
        self.items: list[int] = []  # index in `out` of each open <li>
        self.heading_at = -1  # index in `out` of an open <h2>-<h4>, whose id comes at its end
        self.plain = True  # see _update_plain
        self.heading_text: list[str] = []
        self.slugs: set[str] = set()
        self.slug_numbers: dict[str, int] = {}
        self.checkboxes = False  # a _CHECKBOX_MARKS mark was written
        self.image: list = []  # [url, title, alt parts, depth] inside an image
        self.html_block: list[str] | None = None
        self.table_aligns: tuple = ()
        self.table_cell = 0
        self.table_head = False
        self.table_body = False
        self.footnote_labels: list[str] = []
        self.footnote_bodies: dict[str, list[str]] = {}
        self.saved: list[list[str]] = []
        self.refs: dict[str, list[int]] = {}  # footnote label -> [number, times referenced]

    def open_block(self, tag: str) -> None:
        # markdown-it puts every block tag on a line of its own.
        out = self.out
        if out and not out[-1].endswith("\n"):
            out.append("\n")
        out.append(tag)

    def write(self) -> str:
        skip = 0  # depth inside a wikilink or refused link, already written whole
        # The common events are handled here, inline: this loop is the hot
        # path of a build.
        for event, span in pyromark.events_with_range(self.text, options=_OPTIONS, merge_text=True):
            if skip:
                if type(event) is dict:
                    start = event.get("Start")
                    if type(start) is dict and "Link" in start:
                        skip += 1
                    elif event.get("End") == "Link":
                        skip -= 1
                continue
            if type(event) is str:
                self.simple(event)
                continue
            text = event.get("Text")
            if text is not None:
                if self.plain:
                    self.out.append(escape(text))
                else:
                    self.text_event(text)
                continue
            value = event.get("Start")
            if value is not None:
                if type(value) is not str:
                    if self.start_with(value, span):
                        skip = 1
                elif value in _INLINE_TAGS:
                    if not self.image:  # an image's alt text is plain
                        self.out.append(_INLINE_TAGS[value][0])
                else:
                    self.start(value)
                continue
            value = event.get("End")
            if value is not None:
                if type(value) is not str:
                    self.end_with(value)
                elif value in _INLINE_TAGS:
                    if not self.image:
                        self.out.append(_INLINE_TAGS[value][1])
                else:
                    self.end(value)
                continue
            (kind, value), = event.items()
            self.leaf(kind, value)
        made = self.made_ids() if self.local_links or self.raw else frozenset()
        if self.local_links:
            self.prefix_local_links(made)
        if self.refs:
            self.write_footnotes()
        html = "".join(self.out)
        if self.raw:
            from roadmapgen.rawhtml import clean_html

            html = clean_html(html, self.id_prefix, made)
        if self.checkboxes:
            for mark, checkbox in _CHECKBOX_MARKS.items():
                html = html.replace(mark, checkbox)
        return html

    def _update_plain(self) -> None:
        # Text goes straight out unless it is an image's alt, raw HTML or a heading's id.
        self.plain = not self.image and self.html_block is None and self.heading_at < 0

    def text_event(self, value: str) -> None:
        if self.image:
            self.image[2].append(value)
        elif self.html_block is not None:
            self.html_block.append(value)
        else:
            self.out.append(escape(value))
            if self.heading_at >= 0:
                self.heading_text.append(value)

    def simple(self, event: str) -> None:
        if event == "SoftBreak":
            (self.image[2] if self.image else self.out).append("\n")
        elif event == "HardBreak":
            if not self.image:
                self.out.append("<br />\n")
        elif event == "Rule":
            self.open_block("<hr />\n")

    def leaf(self, kind: str, value) -> None:
        out = self.out
        if kind == "Code":
            if self.image:
                self.image[2].append(value)
                return
            out.append("<code>" + escape(value) + "</code>")
            if self.heading_at >= 0:
                self.heading_text.append(value)
        elif kind == "Html":
            if self.html_block is not None:
                self.html_block.append(value)
            else:
                self.raw |= self.allow_html
                self.open_block(value if self.allow_html else escape(value))
        elif kind == "InlineHtml":
            if self.image:
                return
            if self.allow_html:
                self.raw = True
                out.append(value)
            else:
                self.text_event(value)
        elif kind == "TaskListMarker":
            if self.allow_html:
                self.checkboxes = True
                out.append("\x00x\x00" if value else "\x00o\x00")
            else:
                out.append(_CHECKBOX.format('checked="checked" ' if value else ""))
            if self.items:
                out[self.items[-1]] = '<li class="task-list-item">'
            if self.lists:
                tag = out[self.lists[-1]]
                if "contains-task-list" not in tag:
                    out[self.lists[-1]] = tag[:3] + ' class="contains-task-list"' + tag[3:]
        elif kind == "FootnoteReference":
            ref = self.refs.get(value)
            if ref is None:
                ref = self.refs[value] = [len(self.refs) + 1, 0]
            number, seen = ref
            ref[1] += 1
            anchor, label = (f"fnref{number}", f"[{number}]") if not seen else \
                (f"fnref{number}:{seen}", f"[{number}:{seen}]")
            prefix = self.id_prefix
            out.append(f'<sup class="footnote-ref"><a href="#{prefix}fn{number}" id="{prefix}{anchor}">{label}</a></sup>')

    def start(self, value: str) -> None:
        out = self.out
        if value == "Paragraph":
            self.open_block("<p>")
        elif value == "Item":
            self.open_block("<li>")
            self.items.append(len(out) - 1)
        elif value == "HtmlBlock":
            self.html_block = []
            self._update_plain()
        elif value == "TableHead":
            out.append("<thead>\n<tr>\n")
            self.table_head, self.table_cell = True, 0
        elif value == "TableRow":
            if not self.table_body:
                out.append("<tbody>\n")
                self.table_body = True
            out.append("<tr>\n")
            self.table_cell = 0
        elif value == "TableCell":
            aligns, cell = self.table_aligns, self.table_cell
            align = _ALIGN.get(aligns[cell], "") if cell < len(aligns) else ""
            out.append(f"<th{align}>" if self.table_head else f"<td{align}>")

    def start_with(self, value: dict, span: dict) -> bool:
        """Opens a tag with details; True if what follows is a wikilink's label, to skip."""
        (tag, detail), = value.items()
        out = self.out
        if tag == "Link":
            link_type = detail["link_type"]
            if type(link_type) is dict:  # {"WikiLink": ...}
                html = self.wikilink(span["start"], span["end"], bool(self.image))
                self.text_event_html(self.as_typed(span) if html is None else html)
                return True
            url = detail["dest_url"]
            if link_type == "Email":
                url = "mailto:" + url
            if self.image:
                self.closers.append("")
                return False
            if not _allowed_url(url):
                self.out.append(self.as_typed(span))  # as markdown-it does
                return True
            title = detail["title"]
            if url.startswith("#"):  # may name an id of this text, known at its end
                self.local_links.append((out, len(out), url[1:]))
            out.append(f'<a href="{escape(normalize_url(url))}"' + (f' title="{escape(title)}"' if title else "") + ">")
            self.closers.append("</a>")
        elif tag == "Heading":
            level = detail["level"][1]
            self.open_block(f"<h{level}>")
            if level in "234":
                self.heading_at = len(out) - 1
                self._update_plain()
                self.heading_text = []
        elif tag == "List":
            if detail is None:
                self.open_block("<ul>\n")
            else:
                self.open_block("<ol>\n" if detail == 1 else f'<ol start="{detail}">\n')
            self.lists.append(len(out) - 1)
        elif tag == "CodeBlock":
            info = detail["Fenced"].split() if type(detail) is dict else ()
            self.open_block(f'<pre><code class="language-{escape(info[0])}">' if info else "<pre><code>")
        elif tag == "BlockQuote":
            self.open_block("<blockquote>\n")
        elif tag == "Image":
            if self.image:
                self.image[3] += 1
            else:
                self.image = [detail["dest_url"], detail["title"], [], 1]
                self._update_plain()
        elif tag == "Table":
            self.open_block("<table>\n")
            self.table_aligns, self.table_body = detail, False
        elif tag == "FootnoteDefinition":
            self.footnote_labels.append(detail)
            self.saved.append(out)
            self.out = []
        return False

    def as_typed(self, span: dict) -> str:
        """The source of an event (spans count UTF-8 bytes), as text."""
        if not self.source:  # once per text: a body of many refused links stays linear
            self.source = self.text.encode()
        return escape(self.source[span["start"]:span["end"]].decode())

    def text_event_html(self, html: str) -> None:
        if self.image:
            self.image[2].append(html)
        else:
            self.out.append(html)

    def end(self, value: str) -> None:
        out = self.out
        if value == "Paragraph":
            out.append("</p>\n")
        elif value == "Link":
            out.append(self.closers.pop())
        elif value == "Item":
            self.items.pop()
            out.append("</li>\n")
        elif value == "CodeBlock":
            out.append("</code></pre>\n")
        elif value == "TableCell":
            out.append("</th>\n" if self.table_head else "</td>\n")
            self.table_cell += 1
        elif value == "TableHead":
            out.append("</tr>\n</thead>\n")
            self.table_head = False
        elif value == "TableRow":
            out.append("</tr>\n")
        elif value == "Table":
            out.append("</tbody>\n</table>\n" if self.table_body else "</table>\n")
        elif value == "Image":
            self.end_image()
        elif value == "HtmlBlock":
            raw = "".join(self.html_block or ())
            self.html_block = None
            self._update_plain()
            if self.allow_html:
                self.raw = True
                self.open_block(raw)
            else:  # what markdown-it makes of it without HTML: a paragraph of text
                self.open_block("<p>" + escape(raw.rstrip("\n")) + "</p>\n")
        elif value == "FootnoteDefinition":
            # Joined when listed: a `#...` link in it may yet be prefixed.
            self.footnote_bodies.setdefault(self.footnote_labels.pop(), out)
            self.out = self.saved.pop()

    def end_with(self, value: dict) -> None:
        (tag, detail), = value.items()
        out = self.out
        if tag == "Heading":
            out.append(f"</h{detail[1]}>\n")
            if self.heading_at >= 0:
                slug = _unique(_slug("".join(self.heading_text)), self.slugs, self.slug_numbers)
                out[self.heading_at] = f'<h{detail[1]} id="{self.id_prefix}{escape(slug)}">'
                self.heading_at = -1
                self._update_plain()
        elif tag == "List":
            self.lists.pop()
            out.append("</ol>\n" if detail else "</ul>\n")
        elif tag == "BlockQuote":
            out.append("</blockquote>\n")

    def end_image(self) -> None:
        image = self.image
        image[3] -= 1
        if image[3]:
            return
        url, title, alt, _ = image
        self.image = []
        self._update_plain()
        alt_text = "".join(alt)
        if _allowed_url(url):
            self.out.append(f'<img src="{escape(normalize_url(url))}" alt="{escape(alt_text)}"'
                            + (f' title="{escape(title)}"' if title else "") + " />")
        else:
            self.out.append(escape(alt_text))

    def write_footnotes(self) -> None:
        """markdown-it's footnote list: in order of first reference, each with a
        way back to every place that cites it."""
        out = self.out
        out.append('<hr class="footnotes-sep" />\n<section class="footnotes">\n<ol class="footnotes-list">\n')
        prefix = self.id_prefix
        for label, (number, times) in self.refs.items():
            backs = " ".join(f'<a href="#{prefix}fnref{number}{"" if i == 0 else f":{i}"}" class="footnote-backref">\u21a9\ufe0e</a>'
                             for i in range(times))
            body = "".join(self.footnote_bodies.get(label, ()))
            if body.endswith("</p>\n"):
                body = body[:-5] + " " + backs + "</p>\n"
            else:
                body += " " + backs
            out.append(f'<li id="{prefix}fn{number}" class="footnote-item">{body}</li>\n')
        out.append("</ol>\n</section>\n")

    def made_ids(self) -> frozenset[str]:
        """The ids this text makes, without the prefix."""
        made = set(self.slugs)
        for number, times in self.refs.values():
            made.add(f"fn{number}")
            made.update(f"fnref{number}{'' if i == 0 else f':{i}'}" for i in range(times))
        return frozenset(made)

    def prefix_local_links(self, made: frozenset[str]) -> None:
        """`[x](#s-next-steps)` and the like: a link to an id this text made
        follows that id behind the prefix; any other `#...` stays as written
        (or, to an id the author gave in raw HTML, is seen to by
        roadmapgen.rawhtml)."""
        for out, index, fragment in self.local_links:
            if unquote(fragment) in made:
                out[index] = out[index].replace('href="#', f'href="#{self.id_prefix}', 1)
