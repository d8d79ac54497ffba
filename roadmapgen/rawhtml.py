"""Raw HTML from content when `allow_html = true`: kept as written, except
that no tag can carry script. Event-handler attributes (`on...`), `srcdoc`,
and any attribute whose value is a `javascript:`, `vbscript:` or non-image
`data:` URL (however it is encoded or split by whitespace) are dropped.

Elements that run or embed other documents (`script`, `iframe`, `object`,
`embed`, `frame`, `base`, `meta`, `link`) are shown as text: the site needs
no JavaScript, and with them a raw HTML block could still run script.
HTML comments are left out.

Used by the Markdown renderer for `html_block` and `html_inline` tokens.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from roadmapgen.urls import IGNORED, SCRIPT_SCHEMES, dangerous_url

_DROPPED = {"srcdoc", "formaction"}
_AS_TEXT = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "noscript"}


def _dangerous(name: str, value: str | None) -> bool:
    name = name.lower()
    if name.startswith("on") or name in _DROPPED:
        return True
    if value is None:
        return False
    squeezed = IGNORED.sub("", value).lower()
    # Anywhere in any attribute: `<meta content="0;url=javascript:...">`, `style="x:url(javascript:...)"`.
    if any(scheme in squeezed for scheme in SCRIPT_SCHEMES):
        return True
    return dangerous_url(value) or (name == "style" and ("expression(" in squeezed or "url(data:" in squeezed))


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def _tag(self, tag: str, attrs, close: str) -> None:
        if tag in _AS_TEXT:
            self.out.append(escape(self.get_starttag_text() or f"<{tag}>", quote=False))
            return
        kept = "".join(
            f" {name}" if value is None else f' {name}="{escape(value, quote=True)}"'
            for name, value in attrs if not _dangerous(name, value)
        )
        self.out.append(f"<{tag}{kept}{close}>")

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs, "")

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs, " /")

    def handle_endtag(self, tag):
        self.out.append(f"&lt;/{tag}&gt;" if tag in _AS_TEXT else f"</{tag}>")

    def handle_data(self, data):
        # Text keeps its meaning; a stray '<' (an unfinished tag) becomes text.
        # Inside <style> text is CSS, as a browser reads it; inside a <script>
        # shown as text, it is text too.
        self.out.append(escape(data, quote=False) if "<" in data and self.cdata_elem != "style" else data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        # A comment is the author's note to self: it stays out of the page,
        # whose source every reader can open.
        pass

    def handle_decl(self, decl):
        self.out.append(f"<!{escape(decl, quote=False)}>")

    def handle_pi(self, data):
        self.out.append(escape(f"<?{data}>", quote=False))

    def unknown_decl(self, data):  # <![CDATA[...]]> and the like
        self.out.append(escape(f"<![{data}]>", quote=False))


def clean_html(fragment: str) -> str:
    """`fragment` with every script-carrying attribute removed."""
    cleaner = _Cleaner()
    cleaner.feed(fragment)
    cleaner.close()
    return "".join(cleaner.out)
