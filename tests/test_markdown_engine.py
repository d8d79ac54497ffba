"""The Markdown engine (roadmapgen.read.markdown, markdown-it-py with
mdit-py-plugins): tricky constructs against reviewed HTML, and the
policies roadmapgen adds on top (links, raw HTML, ids).

tests/fixtures/markdown/constructs.txt holds each construct and the HTML
it renders to, side by side, in markdown-it's fixture format: a title, then
`.`, the Markdown, `.`, the HTML, `.`. Options go in the title:
`[allow_html]` renders with raw HTML allowed (and sanitised),
`[id_prefix=P]` as one of several texts on a page. `[[id]]` links render
as `<a href="/id.html">label</a>`. After a deliberate change, regenerate
the HTML and review the diff:

    python tests/test_markdown_engine.py --regenerate
"""

from __future__ import annotations

import re
import sys
from html import escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.utils import read_fixture_file

from roadmapgen.diagnostics import Position
from roadmapgen.model import Ref
from roadmapgen.read import markdown
from roadmapgen.read.markdown import find_links, may_link, render_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "markdown" / "constructs.txt"


def link(entry_id: str, label: str | None) -> str:
    return f'<a href="/{escape(entry_id)}.html">{escape(label or entry_id)}</a>'


def render(title: str, text: str) -> str:
    prefix = re.search(r"\[id_prefix=([^\]]*)\]", title)
    return render_markdown(text, link, allow_html="[allow_html]" in title, id_prefix=prefix[1] if prefix else "")


@pytest.mark.parametrize("line, title, text, expected", read_fixture_file(FIXTURES),
                         ids=lambda value: value if isinstance(value, str) and "\n" not in value else None)
def test_constructs_render_as_reviewed(line, title, text, expected):
    assert render(title, text) == expected, f"{FIXTURES.name}:{line + 1}"


def regenerate() -> None:
    out = []
    for _, title, text, _ in read_fixture_file(FIXTURES):
        out.append(f"{title}\n.\n{text}.\n{render(title, text)}.\n")
    FIXTURES.write_text("\n".join(out), encoding="utf-8")


# -- links --------------------------------------------------------------------------

def places(text: str, at: Position = Position("f.md", 10, 1), block: bool = False):
    """The `[[id]]` links of a text (not its links to local files: test_local_files)."""
    return [(r.id, r.label, r.pos.line, r.pos.column) for r in find_links(text, at, block) if isinstance(r, Ref)]


def test_link_columns_are_exact_for_repeated_links():
    text = "See [[a]] and again [[a]].\n  Then `[[b]]` and [[b]]."
    assert places(text) == [("a", None, 10, 5), ("a", None, 10, 21), ("b", None, 11, 20)]


def test_links_are_placed_in_headings_tables_and_alt_text():
    text = ("## #x [[h]] ##\n\n"
            "| `[[c]]` | [[c]] | [[d|e]] |\n|---|---|---|\n"
            "Setext [[s]]\n  two [[t]]  \n===\n\n"
            "![alt [[i]]](i.png)\n")
    assert places(text) == [("h", None, 10, 7), ("c", None, 12, 13), ("d", "e", 12, 21),
                            ("s", None, 14, 8), ("t", None, 15, 7), ("i", None, 18, 7)]


def test_a_table_cell_with_an_escaped_pipe_has_a_line_but_no_column():
    # The cell's text has `|` where the file has `\|`: the line is sure, the column is not.
    assert places("| [[d\\|e]] |\n|---|\n") == [("d", "e", 10, None)]


# Lines of Markdown made of the prefixes markdown-it strips and the pieces that move columns.
_PREFIX = st.sampled_from(["", "> ", "- ", "1. ", "  ", "> - ", "* > ", "## ", "| ", "[^n]: ", "    ", "\t", "- [ ] "])
_PIECE = st.sampled_from(["word", "[[a]]", "[[b|c]]", "`[[a]]`", "é", "👩‍💻", " ", "|", "**", "#", "\u3000",
                          "![x [[img]]](i.png)", "[[ d ]]"])
_LINE = st.one_of(st.tuples(_PREFIX, st.lists(_PIECE, max_size=8)).map(lambda t: t[0] + "".join(t[1])),
                  st.sampled_from(["", "|---|---|", "==="]))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, min_size=1, max_size=10).map("\n".join))
def test_every_link_is_placed_on_its_own_text(text):
    lines = text.split("\n")
    for link_id, _, line, column in places(text, Position("f.md", 1, 1)):
        if column is not None:
            found = lines[line - 1][column - 1:]
            assert found.startswith("[[") and link_id in found.split("]]", 1)[0], (line, column)


def test_links_of_a_footnote_never_cited_are_found():
    assert places("Text.\n\n[^u]: unused [[x]]\n") == [("x", None, 12, 14)]


def test_links_in_code_and_html_are_not_links():
    text = "`[[a]]`\n\n    [[b]]\n\n<div>\n[[c]]\n</div>\n\n```\n[[d]]\n```\n"
    assert places(text) == []


def test_a_block_scalar_starts_on_the_next_line():
    assert places("a [[x]]\nb [[y]]", Position("f.md", 3, 10), block=True) == [("x", None, 4, 3), ("y", None, 5, 3)]
    assert places("a [[x]]", Position("f.md", 3, 10)) == [("x", None, 3, 12)]


def test_crlf_and_nul_do_not_move_links():
    assert places("a\r\nb\x00 [[x]]") == [("x", None, 11, 4)]


# -- policies -----------------------------------------------------------------------

def test_html_block_without_allow_html_is_one_paragraph():
    # Raw HTML is always parsed as HTML; without allow_html it is shown as
    # typed, one paragraph for a block, rather than parsed as Markdown.
    html = render_markdown("<div>\n*x*\n</div>\n\nafter\n", link)
    assert html == "<p>&lt;div&gt;\n*x*\n&lt;/div&gt;</p>\n<p>after</p>\n"


def test_allow_html_changes_neither_links_nor_ids():
    text = "## Use <kbd>Ctrl</kbd>\n\n<span>[[x]]</span> and [[y]]\n"
    ids = [re.findall(r' id="([^"]+)"', render_markdown(text, link, allow_html)) for allow_html in (False, True)]
    assert ids[0] == ids[1] == ["s-use-ctrl"]
    assert [r.id for r in find_links(text, Position("f.md", 1, 1))] == ["x", "y"]


def test_nul_becomes_replacement_character():
    html = render_markdown("a\x00b [[x]]", link)
    assert "\x00" not in html and "a\ufffdb" in html


@pytest.mark.parametrize("allow_html", [False, True])
def test_a_nul_in_a_title_shown_as_alt_text_is_a_replacement_character(allow_html):
    """An image's alt text shows the title of an entry it links to, and
    YAML's `\\0` writes a NUL into a title: it becomes U+FFFD, as in a text,
    and never passes for a mark of what the text makes (a link's HTML, the id prefix)."""
    def titled(entry_id: str, label: str | None) -> str:
        return f'<a href="/{entry_id}.html">T \x000\x00 \x00p\x00</a>'

    html = render_markdown("[[a]] ![photo of [[b]]](https://example.org/p.png) <b>k</b>", titled, allow_html, "q-")
    assert re.search(r'alt="([^"]*)"', html)[1] == "photo of T \ufffd0\ufffd \ufffdp\ufffd"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "vbscript:x", "file:///etc/passwd", "data:text/html,x",
                                 "JaVaScRiPt:alert(1)", "livescript:x"])
def test_script_and_file_urls_are_shown_as_typed(url):
    text = f"[a]({url}) ![i]({url}) <{url}>\n\n[r][ref]\n\n[ref]: {url}\n"
    html = render_markdown(text, link)
    assert "<a " not in html and "<img" not in html, html
    assert f"[a]({escape(url, quote=False)})" in html.replace("&quot;", '"')


def test_data_images_are_allowed():
    html = render_markdown("![i](data:image/png;base64,AAAA)", link)
    assert '<img src="data:image/png;base64,AAAA" alt="i" />' in html


def test_non_ascii_links_are_punycoded_and_percent_encoded():
    html = render_markdown("[u](http://exämple.com/ä?q=ü#f) [v](/a%20b c)", link)
    assert 'href="http://xn--exmple-cua.com/%C3%A4?q=%C3%BC#f"' in html
    assert re.search(r"\[v\]\(/a%20b c\)", html)


SHOWN_ON_MANY_PAGES = """\
## Plan

- [x] read [the notes](notes/plan.md#plan), see [above](#s-plan)
- [ ] ![[[talk|the talk]] slides](slides/talk.png) and [[x]]

<b>bold</b> with a note[^1]

[^1]: from [[y]] and [a file](files/a.pdf)
"""


def test_a_text_shown_on_many_pages_renders_for_each_as_if_alone():
    """Every page that shows a text renders it from one parse of it: what
    one page makes of it (its links, ids, images, raw HTML) never reaches another."""
    pages = [(link, lambda url, image: f"/one/{url}", False, ""),
             (lambda i, label: '<span class="private">a private item</span>', lambda url, image: None, True, "t2-"),
             (link, lambda url, image: f"../two/{url}", True, ""),
             (lambda i, label: f'<a href="#{i}">{i}</a>', lambda url, image: "", False, "t4-")]

    def shown(resolve_link, resolve_url, allow_html, prefix):
        return render_markdown(SHOWN_ON_MANY_PAGES, resolve_link, allow_html, prefix, resolve_url)

    together = [shown(*page) for page in pages + pages[::-1]]
    alone = []
    for page in pages + pages[::-1]:
        markdown._parsed.cache_clear()  # parsed afresh for this page alone
        alone.append(shown(*page))
    assert together == alone
    assert len(set(alone)) == len(pages)
    assert '<img src="/one/slides/talk.png" alt="the talk slides"' in alone[0]
    assert "a private item slides and" in alone[1] and 'href="#t2-s-plan"' in alone[1]


# Links whose URL is written in every way Markdown allows around it, among
# pieces of other links: a text with a link that `may_link` would let `check` skip.
_URL = st.sampled_from(["x.pdf", "notes/a.md", "https://w.org/", "HTTP:x", "mailto:me", "/abs", "#top", "//cdn/",
                        "\\./x", "&#104;ttps://w", "&sol;x", "%2Fx", "", "https://w.org/ \"t\""])
_BEFORE_URL = st.sampled_from(["", " ", "\n", "\t", "\r\n  ", "<", " <", "< ", "\u3000", "\x00", "\n> "])
_LINK = st.one_of(
    st.tuples(st.sampled_from(["[a](", "![i](", "[[[x]]](", "[a `b`]("]), _BEFORE_URL, _URL).map(
        lambda t: "".join(t) + (">" if "<" in t[1] else "") + ")"),
    st.tuples(_BEFORE_URL, _URL).map(lambda t: f"[r]\n\n[r]:{t[0]}{t[1]}{'>' if '<' in t[0] else ''}\n"),
)
_AROUND = st.sampled_from(["", "> ", "- ", "| ", "\n", " ", "`", "]:", "](", "[[", "x]]", "\\", "[^1]: "])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_LINK, _AROUND), min_size=1, max_size=8).map("".join))
def test_a_text_check_skips_has_no_link_to_find(text):
    if not may_link(text):
        assert markdown._parse(text).links == (), text


@pytest.mark.parametrize(("text", "skipped"), [
    ("[site](https://example.org) and [mail](mailto:me@x.org)", True),
    ("[top](#top), [root](/about.html) and ![cdn](//cdn.example.org/a.png)", True),
    ("[ref]: https://example.org\n\n[a][ref]", True),
    ("[a]( <https://example.org>)", True),
    ("no link at all, [just brackets] and a (parenthesis)", True),
    ("[[x]]", False),
    ("[cv](cv.pdf)", False),
    ("[a](\n  notes/plan.md)", False),
    ("[ref]:\n  files/a.pdf", False),
    ("[a](< https://example.org>)", False),  # a space inside <>: no scheme, so a relative URL
    ("[a](\\./x.pdf)", False),  # an escape: the URL is ./x.pdf
    ("[a](&#104;ttps://example.org)", False),  # a character reference: only a parse can tell
])
def test_check_parses_a_text_only_when_it_may_link_to_a_file_or_an_entry(text, skipped):
    assert may_link(text) is not skipped
    assert (markdown._parse(text).links == ()) or not skipped


if __name__ == "__main__":
    if sys.argv[1:] != ["--regenerate"]:
        sys.exit(f"usage: python {sys.argv[0]} --regenerate")
    regenerate()
