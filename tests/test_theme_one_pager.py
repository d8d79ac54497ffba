"""The built-in one-pager theme: it builds the example for every audience,
changes only the overview (every other page is the default's template), keeps
every link and anchor working, stays under 100 KB a page, loads nothing from
elsewhere, and a site can override one of its templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_helpers import (
    AUDIENCES, EXAMPLE_TODAY, copy_example, example_entries, html_files, resolve_url, run_build, visible,
    write_files,
)

from roadmapgen.render.themes import builtin_themes_dir

ONE_PAGER = builtin_themes_dir() / "one-pager"
MAX_PAGE_BYTES = 100_000
ENTRIES = example_entries()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """{(theme, audience): output folder} for both built-in themes."""
    site = copy_example(tmp_path_factory.mktemp("one-pager") / "site")
    outputs = {}
    for theme in ("default", "one-pager"):
        for audience in AUDIENCES:
            out = site.parent / f"out-{theme}-{audience}"
            result = run_build(site, "--out", out, "--theme", theme, "--audience", audience, "--today", EXAMPLE_TODAY)
            assert result.code == 0, result.err
            outputs[theme, audience] = out
    return outputs


@pytest.fixture(scope="module")
def pages(built) -> dict[tuple[str, str], dict]:
    return {key: html_files(out) for key, out in built.items()}


def main_of(path: Path) -> str:
    match = re.search(r"<main\b.*?</main>", path.read_text("utf-8"), re.S)
    assert match, path
    return match.group(0)


def test_the_theme_claims_to_extend_default_and_overrides_only_the_overview():
    assert 'extends = "default"' in (ONE_PAGER / "theme.toml").read_text("utf-8")
    templates = sorted(p.name for p in (ONE_PAGER / "templates").iterdir())
    assert templates == ["index.html"]
    assert sorted(p.name for p in (ONE_PAGER / "assets").iterdir()) == ["style.css"]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_other_page_is_the_default_template(built, audience):
    """Templates the one-pager lacks come from default: the same pages, the
    same <main> byte for byte; only the overview and the stylesheet differ."""
    mine, theirs = built["one-pager", audience], built["default", audience]
    names = sorted(p.relative_to(mine).as_posix() for p in mine.rglob("*.html"))
    assert names == sorted(p.relative_to(theirs).as_posix() for p in theirs.rglob("*.html"))
    for name in names:
        if name != "index.html":
            assert main_of(mine / name) == main_of(theirs / name), name
    assert main_of(mine / "index.html") != main_of(theirs / "index.html")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_overview_holds_the_whole_roadmap(pages, audience):
    doc = pages["one-pager", audience]["index.html"]
    assert doc.find(cls="op-head") is not None
    assert len(doc.find_all("h1")) == 1
    text = doc.text()
    for entry in ENTRIES.values():
        if not visible(entry.level, audience):
            assert entry.title not in text, entry.id
        elif entry.kind in ("item", "gap", "path"):
            assert " ".join(entry.title.split()) in text, entry.id  # every item, gap and path is on the page
    month = doc.find("section", cls="op-month").find("tbody")
    expected = [e for e in ENTRIES.values() if e.kind == "item" and e.horizon == "30-days" and visible(e.level, audience)]
    assert len(month.find_all("tr")) == len(expected)
    columns = doc.find_all("section", cls="op-horizon")
    assert [c.find("h3").text().split(" to ")[0] for c in columns] == ["Next quarter", "Year one", "Years 2–3", "10-year vision"]
    assert "70%" in doc.find("ol", cls="op-paths").text()
    assert len(doc.find("table", cls="op-risks").find("tbody").find_all("tr")) == 4
    assert any(h.endswith("2026-11-01-replan.html") for h in doc.find("section", **{"aria-labelledby": "review_heading"}).hrefs())


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_link_and_anchor_resolves(built, pages, audience):
    out, docs = built["one-pager", audience], pages["one-pager", audience]
    checked = 0
    for page, doc in docs.items():
        for url in doc.urls():
            resolved = resolve_url(page, url)
            assert resolved is not None or url.startswith(("https://", "http://")) and doc.find("a", href=url), (page, url)
            if resolved is None:
                continue
            target, fragment = resolved
            assert not target.startswith("../") and (out / target).is_file(), f"{page}: {url}"
            if fragment:
                assert fragment in docs[target].ids, f"{page}: {url}: no id '{fragment}' in {target}"
            checked += 1
    assert checked > 300


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pages_are_sound_html(pages, audience):
    for page, doc in pages["one-pager", audience].items():
        html = doc.find("html")
        assert html.attrs.get("lang"), page
        assert len(doc.find_all("h1")) == 1, page
        ids = [n.attrs["id"] for n in doc.root.iter() if "id" in n.attrs]
        assert len(ids) == len(set(ids)), page
        levels = [int(n.tag[1]) for n in doc.root.iter() if re.fullmatch(r"h[1-6]", n.tag)]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (page, levels)  # no skipped level
        for table in doc.find_all("table"):
            if _in_prose(table):
                continue  # a table written in Markdown: the author's, not the theme's
            assert table.find("caption") or table.attrs.get("aria-label") or table.attrs.get("aria-labelledby") \
                or table.parent.attrs.get("aria-labelledby"), page
        for img in doc.find_all("img"):
            assert "alt" in img.attrs, page


def _in_prose(node) -> bool:
    while node is not None:
        if "prose" in node.attrs.get("class", "").split():
            return True
        node = node.parent
    return False


@pytest.mark.parametrize("theme", ["default", "one-pager"])
def test_no_page_weighs_over_100_kb_and_nothing_is_fetched_from_elsewhere(built, pages, theme):
    out = built[theme, "private"]  # the fullest site
    for page, doc in pages[theme, "private"].items():
        assert not doc.find_all("script"), page
        weight = (out / page).stat().st_size
        for tag, name, url in doc.attrs:
            external = url.startswith(("http://", "https://", "//"))
            assert not (external and (tag in ("link", "img", "script", "iframe", "source") or name == "src")), (page, url)
            resolved = resolve_url(page, url) if name in ("href", "src") else None
            if resolved and (tag == "link" and "stylesheet" in doc.find("link", href=url).attrs.get("rel", "")
                             or resolved[0].endswith(".svg")):
                weight += (out / resolved[0]).stat().st_size
        assert weight <= MAX_PAGE_BYTES, f"{theme} {page}: {weight} bytes with its CSS and SVG"
    for css in (out / "assets").glob("*.css"):
        text = css.read_text("utf-8")
        assert "@import" not in text and "@font-face" not in text and not re.search(r"url\(\s*['\"]?(https?:)?//", text)


def test_the_overview_prints_on_at_most_two_sheets(built):
    """The fullest edition's overview, done this month and the assumptions
    figure included, printed by chromium on A4 and on Letter: one or two
    sheets each (one chromium prints both)."""
    from browser import browser_or_skip, launch

    sync_playwright = browser_or_skip()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page()
            page.goto((built["one-pager", "private"] / "index.html").as_uri())
            assert page.locator(".op-done").count() == 1  # the example has something done this month
            pdfs = {paper: page.pdf(format=paper) for paper in ("A4", "Letter")}
        finally:
            browser.close()
    sheets = {paper: len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) for paper, pdf in pdfs.items()}
    assert all(1 <= count <= 2 for count in sheets.values()), sheets


def test_the_stylesheet_is_default_then_one_pager_under_a_content_hash(built):
    import hashlib

    out = built["one-pager", "public"]
    [css] = list((out / "assets").glob("style.*.css"))
    data = css.read_bytes()
    default = (builtin_themes_dir() / "default" / "assets" / "style.css").read_bytes()
    assert data == default + b"\n" + (ONE_PAGER / "assets" / "style.css").read_bytes() + b"\n"
    assert css.name == f"style.{hashlib.sha256(data).hexdigest()[:10]}.css"


def test_a_site_can_override_one_template_of_the_one_pager(tmp_path):
    site = copy_example(tmp_path / "site")
    write_files(site / "themes" / "one-pager", {  # no theme.toml: laid over the built-in one-pager
        "templates/page.html": '{% extends "theme:default/page.html" %}'
                               '{% block head %}<meta name="x-override" content="page">{% endblock %}',
    })
    (site / "roadmap.toml").write_text('theme = "one-pager"\n')
    out = tmp_path / "out"
    result = run_build(site, "--out", out, "--today", EXAMPLE_TODAY)
    assert result.code == 0, result.err
    docs = html_files(out)
    for page, doc in docs.items():
        assert (doc.meta("x-override") == "page") == page.startswith("pages/"), page
    assert docs["pages/notes/learning-log.html"].find("article", cls="standalone") is not None  # default's page.html
    assert docs["index.html"].find(cls="op-head") is not None  # the built-in one-pager's overview
    [css] = list((out / "assets").glob("style.*.css"))
    assert b".op-head" in css.read_bytes()

