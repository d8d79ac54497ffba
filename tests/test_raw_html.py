"""`allow_html = true`: the author's raw HTML is kept where it is harmless
and never runs script, whatever parser trick it tries.

The vectors go into a page body and into an item's notes of a real build.
Two independent checks on the pages that come out:
- statically, with the standard library's parser: every element the raw
  HTML adds (compared with the same site built with `allow_html = false`,
  where all of it is text) is a harmless one, and no attribute anywhere
  handles an event, embeds a document or carries a script or data URL;
  the parser's blind spot (foreign content, raw-text elements) is covered
  because no `svg`, `math`, `style`, `script`, `template`, `noscript`,
  `xmp` or `textarea` element may come out at all;
- in Chromium (skipped without it, as in test_browser_pages): no vector's
  `alert` runs, and the live DOM has no event handler, script or style.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import MINIMAL_SITE, TODAY, write_files

# Each calls alert(N) if it ever runs; N names the vector in a failure.
VECTORS = [
    '<svg>\n<style><img src="x" onerror="alert(1)"></style>\n</svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(2)>",
    "<math><style><img src=x onerror=alert(3)></style></math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(4)>"></noscript>',
    "<template><img src=x onerror=alert(5)></template>",
    "<svg><foreignObject><img src=x onerror=alert(6)></foreignObject></svg>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(7)>",
    "<style>@import 'x';</style><img src=x onerror=alert(8)>",
    '<a href="&#x6A;ava&#x09;script&colon;alert(9)">entity</a>',
    '<a href=" \tjavascript:alert(10)">space</a>',
    '<a href="jav&#x0A;ascript:alert(11)">newline</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=">data</a>',
    '<img src="data:image/svg+xml,&lt;svg onload=alert(13)&gt;">',
    '<img srcset="javascript:alert(14) 1x, x.png 2x" src="ok.png" alt="ok">',
    '<form><button formaction="javascript:alert(15)">go</button></form>',
    "<input autofocus onfocus=alert(16)>",
    "<details open ontoggle=alert(17)><summary>s</summary>d</details>",
    '<iframe srcdoc="<script>alert(18)</script>"></iframe>',
    '<object data="javascript:alert(19)"></object><embed src="javascript:alert(20)">',
    '<base href="javascript:alert(21)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(22)">',
    '<div style="background:url(javascript:alert(23))">styled</div>',
    "<!--><img src=x onerror=alert(24)>-->",
    '<a href="javascript&#58;alert(25)">colon</a>',
    "<xmp><img src=x onerror=alert(26)></xmp>",
    '<svg><a xlink:href="javascript:alert(27)"><text y="9">svg link</text></a></svg>',
    '<math href="javascript:alert(28)">math link</math>',
    "<<script>alert(29)//<</script>",
    "<scr<script>ipt>alert(30)</script>",
    "<textarea><img src=x onerror=alert(31)></textarea>",
    '<img src=x onerror="alert(32)"',
    "<video><source onerror=alert(33)></video><audio src=x onerror=alert(34)></audio>",
    '<a href="#" onclick="alert(35)" style="position:fixed;inset:0">overlay</a>',
    "<isindex action=javascript:alert(36) type=image>",
    '<img src="x" ONERROR="alert(37)"><IMG SRC=x OnError=alert(38)>',
]
SECRET = "do not publish this comment"
KEPT = (f"<!-- {SECRET} -->\n\n<kbd>Ctrl</kbd> <mark>marked</mark> H<sub>2</sub>O x<sup>2</sup> "
        '<abbr title="Objectives and key results">OKR</abbr> '
        '<a href="https://example.com/x" title="t" rel="nofollow opener">web</a> '
        '<a href="mailto:me@example.com">mail</a> <a href="../notes/x.html#s-a">relative</a> '
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">\n\n'
        "<details><summary>More</summary>\n\nHidden *Markdown*.\n\n</details>\n\n"
        "<figure><img src=\"photo.png\" alt=\"photo\"><figcaption>A caption</figcaption></figure>\n")

# What the raw HTML may add to a page, beyond what the same text shows as text.
HARMLESS = {
    "p", "br", "hr", "wbr", "span", "div", "blockquote", "pre", "code", "kbd", "samp", "var", "em", "strong", "b",
    "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "abbr", "dfn", "cite", "q", "time", "bdi", "bdo",
    "ruby", "rt", "rp", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption",
    "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td", "details", "summary", "figure", "figcaption",
    "section", "img", "a", "input",
}
NEVER = {"script", "style", "svg", "math", "template", "noscript", "xmp", "textarea", "iframe", "object", "embed",
         "form", "button", "base", "meta", "link", "video", "audio", "source", "isindex", "plaintext", "frame"}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "background", "cite",
                  "srcset", "ping", "longdesc", "usemap"}
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


def notes(text: str) -> str:
    return "|-\n      " + text.replace("\n", "\n      ")


def site(root: Path, allow_html: bool) -> Path:
    """Each vector on a page of its own and in an item's notes of its own:
    an unclosed `<style>` or `<textarea>` may swallow the rest of its text
    (a browser would too), not the vectors after it."""
    items = "".join(f"  - id: step-{n}\n    title: Step {n}\n    due: 2026-11-20\n    serves: year-goal\n"
                    f"    notes: {notes(vector)}\n" for n, vector in enumerate(VECTORS, 1))
    return write_files(root, {
        **MINIMAL_SITE,
        "roadmap.toml": f"allow_html = {'true' if allow_html else 'false'}\n",
        "content/next-30-days.md": f"---\nkind: plan\nhorizon: 30-days\nitems:\n{items}---\n",
        "content/notes/kept.md": f"---\ntitle: Kept\n---\n\n{KEPT}\n",
        **{f"content/vectors/v{n}.md": f"---\ntitle: Vector {n}\n---\n\nBefore.\n\n{vector}\n\nAfter [[year-goal]].\n"
           for n, vector in enumerate(VECTORS, 1)},
    })


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, str, str]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments.append(data)


def elements(page: Path) -> Elements:
    parser = Elements()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser


def is_script_or_data_url(tag: str, value: str) -> bool:
    url = _IGNORED.sub("", unescape(value)).lower()
    if re.search(r"(java|vb|live)script:", url):
        return True
    return url.startswith("data:") and not (tag == "img" and re.match(r"data:image/(png|gif|jpeg|webp);", url))


def attribute_problems(found: Elements) -> list[str]:
    problems = []
    for tag, name, value in found.attributes:
        if name.startswith("on") or name in ("srcdoc", "formaction", "srcset", "action", "xlink:href", "target"):
            problems.append(f"<{tag} {name}={value!r}>")
        if name in URL_ATTRIBUTES and is_script_or_data_url(tag, value):
            problems.append(f"<{tag} {name}={value!r}>")
        if name == "style" and not re.fullmatch(r"text-align:\s*(left|center|right);?", value.strip()):
            problems.append(f"<{tag} style={value!r}>")
        if name == "rel" and "opener" in value.split():
            problems.append(f"<{tag} rel={value!r}>")
    return problems


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    from roadmapgen.commands.cli import main

    outs = {}
    for allow_html in (True, False):
        root = site(tmp_path_factory.mktemp(f"raw-{allow_html}"), allow_html)
        code = main(["build", str(root), "--audience", "private", "--today", TODAY])
        assert code == 0
        outs[allow_html] = root / "site"
    return outs


PAGES = ("30-days.html", "pages/notes/kept.html", *(f"pages/vectors/v{n}.html" for n in range(1, len(VECTORS) + 1)))


@pytest.mark.parametrize("page", PAGES)
def test_raw_html_adds_only_harmless_elements(builds, page):
    allowed, escaped = elements(builds[True] / page), elements(builds[False] / page)
    added = allowed.tags - escaped.tags
    assert set(added) <= HARMLESS, sorted(set(added) - HARMLESS)
    assert not set(added) & NEVER, sorted(set(added) & NEVER)
    assert attribute_problems(allowed) == []


@pytest.mark.parametrize("page", PAGES)
def test_raw_html_text_is_never_live_markup(builds, page):
    """An event handler may be shown as text (escaped), never as an attribute,
    whichever way a parser reads what comes out."""
    html = (builds[True] / page).read_text(encoding="utf-8")
    for vector in range(1, len(VECTORS) + 1):
        assert not re.search(rf"<[^<>]*alert\({vector}\)[^<>]*>", html), vector
    assert not re.search(r"<\s*/?\s*(svg|math|style|script|template|noscript|iframe)\b", html, re.I)


def test_harmless_markup_is_kept_and_comments_left_out(builds):
    html = (builds[True] / "pages/notes/kept.html").read_text(encoding="utf-8")
    for kept in ("<kbd>Ctrl</kbd>", "<mark>marked</mark>", "<sub>2</sub>", "<sup>2</sup>",
                 '<abbr title="Objectives and key results">OKR</abbr>', '<a href="mailto:me@example.com">mail</a>',
                 '<a href="../notes/x.html#s-a">relative</a>', '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">',
                 "<summary>More</summary>", "<em>Markdown</em>", "<figcaption>A caption</figcaption>"):
        assert kept in html, kept
    def shown(snippet: str) -> str:
        n = next(n for n, vector in enumerate(VECTORS, 1) if snippet in vector)
        return (builds[True] / f"pages/vectors/v{n}.html").read_text(encoding="utf-8")

    # What is harmless in a vector stays: its text, its image, its link.
    assert '<img src="ok.png" alt="ok">' in shown("srcset")
    assert ">styled</div>" in shown("alert(23)") and ">overlay</a>" in shown("alert(35)")
    assert "<summary>s</summary>d</details>" in shown("ontoggle")
    for n, vector in enumerate(VECTORS, 1):
        # An unclosed <style> hides the rest of its own text, as in a browser; nothing else does.
        if "</style>" not in vector.partition("<style>")[2] and "<style>" in vector:
            continue
        assert "After <a href=" in shown(vector), vector
    for page in builds[True].rglob("*"):
        if page.is_file():
            assert SECRET.encode() not in page.read_bytes(), page


def test_without_allow_html_every_vector_is_text(builds):
    assert "&lt;kbd&gt;Ctrl&lt;/kbd&gt;" in (builds[False] / "pages/notes/kept.html").read_text(encoding="utf-8")
    assert "&lt;svg&gt;" in (builds[False] / "pages/vectors/v1.html").read_text(encoding="utf-8")
    for page in PAGES:
        assert attribute_problems(elements(builds[False] / page)) == [], page


def test_no_vector_runs_in_chromium(builds):
    from browser import browser_or_skip, launch

    sync_playwright = browser_or_skip()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page()
            ran: list[str] = []
            page.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss()))
            page.add_init_script("window.alert = m => { (window.__ran = window.__ran || []).push(String(m)); };")
            for name in PAGES[:2]:  # every vector is in an item's notes on the first
                page.goto((builds[True] / name).as_uri())
                page.wait_for_timeout(500)  # failed image loads fire their error events
                ran += page.evaluate("window.__ran || []")
                live = page.evaluate("""() => [...document.querySelectorAll('main *')].flatMap(e =>
                    [...e.attributes].filter(a => /^on/i.test(a.name)).map(a => e.tagName + ' ' + a.name)
                    .concat(/^(script|style|svg|math|iframe|object|embed|form|template)$/i.test(e.localName) ? [e.localName] : []))""")
                assert live == [], (name, live)
        finally:
            browser.close()
    assert ran == []


def test_raw_html_nested_past_reason_is_shown_as_text_in_linear_time(minimal_site, run_main, tmp_path):
    """nh3 takes time quadratic in nesting: 50,000 nested <div>s took 6 s."""
    deep = "<div>" * 50_000 + "deep" + "</div>" * 50_000
    root = minimal_site({"roadmap.toml": "allow_html = true\n",
                         "content/notes/deep.md": f"---\ntitle: Deep\n---\n\n<b>shallow</b>\n\n{deep}\n"})
    started = time.perf_counter()
    result = run_main(["build", root, "--today", "2026-11-10", "--out", tmp_path / "out"])
    assert result.code == 0, result.stderr
    assert time.perf_counter() - started < 4
    page = (tmp_path / "out" / "pages" / "notes" / "deep.html").read_text("utf-8")
    assert "&lt;div&gt;" in page and "<div><div>" not in page
