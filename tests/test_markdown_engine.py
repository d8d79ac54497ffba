"""The Markdown renderer (pulldown-cmark events, written out by
roadmapgen.markdown_html) against an oracle: markdown-it-py configured the
way roadmapgen used it before, with tables, strikethrough, footnotes, task
lists, heading anchors and an inline rule for `[[id]]` links.

Every text of the example roadmap, of a generated roadmap and of a generated
page corpus, and a list of tricky constructs, must come out byte-identical
in both, links and all (with `allow_html`, a text that holds raw HTML is
sanitised whole in both, by roadmapgen.rawhtml; ids without a prefix). The few places where the two parsers differ on
purpose are tested on their own below."""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from roadmapgen.markdown import _ID_PREFIX, _WIKILINK, _compile, find_links
from roadmapgen.diagnostics import Position

REPO = Path(__file__).resolve().parent.parent
CONSTRUCTS = (Path(__file__).parent / "fixtures" / "markdown" / "constructs.md.txt").read_text(encoding="utf-8")

markdown_it = pytest.importorskip("markdown_it")
pytest.importorskip("mdit_py_plugins")


@lru_cache(maxsize=2)
def oracle(allow_html: bool):
    from mdit_py_plugins.anchors import anchors_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    from roadmapgen.markdown_html import _slug

    def wikilink(state, silent):
        match = _WIKILINK.match(state.src, state.pos) if state.src.startswith("[[", state.pos) else None
        if not match:
            return False
        if not silent:
            token = state.push("wikilink", "", 0)
            token.meta = {"id": match.group(1).strip(), "label": match.group(2).strip() if match.group(2) else None}
        state.pos = match.end()
        return True

    def placeholder(self, tokens, idx, options, env):
        env["links"].append(tokens[idx].meta)
        return "\x00%d\x00" % (len(env["links"]) - 1)

    md = markdown_it.MarkdownIt("commonmark", {"html": allow_html, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(tasklists_plugin)
    md.use(anchors_plugin, min_level=2, max_level=4, slug_func=_slug)
    md.inline.ruler.before("link", "wikilink", wikilink)
    md.add_render_rule("wikilink", placeholder)
    def raw(self, tokens, idx, options, env):
        content = tokens[idx].content
        # The task list plugin writes its checkbox as an html_inline token too:
        # it is Markdown's, put in after sanitising (which lets no <input> by).
        if content.startswith('<input class="task-list-item-checkbox"'):
            env["checkboxes"].append(content)
            return "\x00c\x00"
        env["raw"] = True
        return content

    md.add_render_rule("html_block", raw)
    md.add_render_rule("html_inline", raw)
    return md


def oracle_html(text: str, allow_html: bool) -> tuple[str, list[tuple[str, str | None]]]:
    if not text.strip():
        return "", []
    from roadmapgen.rawhtml import clean_html

    env = {"links": [], "checkboxes": []}
    html = oracle(allow_html).render(text, env)
    if env.get("raw"):
        html = clean_html(html)
    checkboxes = iter(env["checkboxes"])
    html = re.sub("\x00c\x00", lambda _: next(checkboxes), html)
    return html, [(link["id"], link["label"]) for link in env["links"]]


def bodies(folder: Path) -> list[tuple[str, str]]:
    """(name, Markdown) of every body and every `notes` text under a folder."""
    import yaml

    found = []
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        parts = text.split("---\n", 2)
        if len(parts) == 3:
            found.append((str(path), parts[2]))
            meta = yaml.safe_load(parts[1]) or {}
            for item in meta.get("items", []) if isinstance(meta, dict) else []:
                if isinstance(item, dict) and isinstance(item.get("notes"), str):
                    found.append((f"{path}:{item.get('id')}", item["notes"]))
        else:
            found.append((str(path), text))
    return found


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[tuple[str, str]]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import corpus
    finally:
        sys.path.pop(0)
    out = tmp_path_factory.mktemp("corpus")
    corpus.write_roadmap(300, str(out / "roadmap"))
    corpus.write_pages(40, str(out / "pages"))
    return bodies(out)


def assert_same(name: str, text: str, allow_html: bool) -> None:
    expected_html, expected_links = oracle_html(text, allow_html)
    got = _compile(text, allow_html)
    assert got.html.replace(_ID_PREFIX, "") == expected_html, name
    assert [link[:2] for link in got.links] == expected_links, name


@pytest.mark.parametrize("allow_html", (False, True))
def test_example_roadmap_renders_as_markdown_it_did(allow_html):
    texts = bodies(REPO / "content")
    assert len(texts) > 20
    for name, text in texts:
        assert_same(name, text, allow_html)


@pytest.mark.parametrize("allow_html", (False, True))
def test_generated_corpora_render_as_markdown_it_did(generated, allow_html):
    assert len(generated) > 150
    for name, text in generated:
        assert_same(name, text, allow_html)


# Every construct with and without raw HTML, except an HTML block without it:
# see test_html_block_without_allow_html_is_one_paragraph.
CASES = [(index, allow_html) for index, text in enumerate(CONSTRUCTS.split("\n====\n"))
         for allow_html in (False, True) if allow_html or "<!--" not in text]


@pytest.mark.parametrize("index, allow_html", CASES)
def test_constructs_render_as_markdown_it_did(index, allow_html):
    assert_same(f"construct {index}", CONSTRUCTS.split("\n====\n")[index], allow_html)


# -- where the renderer differs on purpose -----------------------------------------

def test_html_block_without_allow_html_is_one_paragraph():
    # markdown-it without HTML never sees a block, so it parses the lines as
    # Markdown; here the block ends at the blank line and is shown verbatim.
    html = _compile("<div>\n*x*\n</div>\n\nafter\n", False).html
    assert html == "<p>&lt;div&gt;\n*x*\n&lt;/div&gt;</p>\n<p>after</p>\n"


def test_link_columns_are_exact_for_repeated_links():
    text = "See [[a]] and again [[a]].\n  Then `[[b]]` and [[b]]."
    refs = find_links(text, Position("f.md", 10, 1))
    assert [(r.id, r.pos.line, r.pos.column) for r in refs] == [("a", 10, 5), ("a", 10, 21), ("b", 11, 20)]


def test_nul_becomes_replacement_character():
    html = _compile("a\x00b [[x]]", False).html
    assert html.count("\x00") == 2 and "a\ufffdb" in html  # only the link placeholder is NUL-delimited


def test_script_links_are_shown_as_typed():
    assert _compile("[js](javascript:alert(1)) ![i](javascript:x)", False).html == \
        "<p>[js](javascript:alert(1)) i</p>\n"


def test_non_ascii_links_are_encoded_like_markdown_it():
    html = _compile("[u](http://exämple.com/ä?q=ü#f) [v](/a%20b c)", False).html
    assert 'href="http://xn--exmple-cua.com/%C3%A4?q=%C3%BC#f"' in html
    assert re.search(r"\[v\]\(/a%20b c\)", html)
