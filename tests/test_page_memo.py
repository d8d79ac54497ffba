"""`serve` keeps the pages of its last build and renders again only those
whose inputs changed. A kept page must never be stale: these tests change
each kind of input a page shows and compare with a build from scratch."""

from __future__ import annotations

import datetime as dt

import pytest
from jinja2 import Template

from roadmapgen.build import build_files

TODAY = dt.date(2026, 11, 10)
LINKING_PAGE = "---\nkind: page\ntitle: Notes\n---\nThe next step is [[first-step]].\n"


@pytest.fixture
def renders(monkeypatch):
    """The names of the templates rendered, in order."""
    names = []
    real = Template.render

    def counted(self, *args, **kwargs):
        names.append(self.name)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Template, "render", counted)
    return names


def fresh(root):
    return build_files(root, TODAY)[0]


def test_an_unchanged_site_renders_no_page_twice(minimal_site, renders):
    root = minimal_site({"content/notes.md": LINKING_PAGE})
    parse_cache, memo = {}, {}
    first = build_files(root, TODAY, parse_cache, memo)[0]
    assert "page.html" in renders
    renders.clear()
    again = build_files(root, TODAY, parse_cache, memo)[0]
    assert again == first
    assert "page.html" not in renders and "index.html" in renders  # overviews are always made anew


@pytest.mark.parametrize("change", [
    ("content/notes.md", LINKING_PAGE.replace("The next", "Now the next")),  # the page itself
    ("content/next-30-days.md", None),  # the title of the entry it links to
    ("themes/default/templates/page.html", '{% extends "theme:default/page.html" %}{% block main %}<p>mine</p>{{ super() }}{% endblock %}'),
    ("roadmap.toml", 'title = "x"\nlanguage = "de"\n'),
])
def test_a_change_to_anything_a_page_shows_renders_it_again(minimal_site, change):
    root = minimal_site({"content/notes.md": LINKING_PAGE})
    parse_cache, memo = {}, {}
    before = build_files(root, TODAY, parse_cache, memo)[0]
    path, text = change
    target = root / path
    if text is None:
        text = target.read_text().replace("title: First step", "title: The renamed first step")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    after = build_files(root, TODAY, parse_cache, memo)[0]
    assert after == fresh(root)
    assert after["pages/notes.html"] != before["pages/notes.html"]


def test_another_day_renders_again(minimal_site):
    root = minimal_site({"content/notes.md": LINKING_PAGE})
    parse_cache, memo = {}, {}
    build_files(root, TODAY, parse_cache, memo)
    later = TODAY + dt.timedelta(days=3)
    assert build_files(root, later, parse_cache, memo)[0] == build_files(root, later)[0]


def test_a_rebuild_with_most_pages_kept_starts_no_workers(minimal_site, monkeypatch):
    """Over MIN_PARALLEL_JOBS pages, a first build renders in workers; a
    rebuild after one edit takes the kept pages here and renders the few
    others without starting any, with the same result as a fresh build."""
    from roadmapgen import parallel

    monkeypatch.setattr(parallel, "MIN_PARALLEL_JOBS", 50)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)  # even if an earlier test left a thread running
    pages = {f"content/notes/n{i:03}.md": LINKING_PAGE.replace("Notes", f"Note {i}") for i in range(70)}
    root = minimal_site(pages)
    monkeypatch.setenv("ROADMAPGEN_JOBS", "2")
    forks = []
    real = parallel.map_forked
    monkeypatch.setattr(parallel, "map_forked", lambda *a: forks.append(1) or real(*a))
    parse_cache, memo = {}, {}
    build_files(root, TODAY, parse_cache, memo)
    assert forks  # the first build did use workers (else this test shows nothing)
    forks.clear()
    (root / "content/notes/n007.md").write_text(LINKING_PAGE.replace("Notes", "Note seven"))
    again = build_files(root, TODAY, parse_cache, memo)[0]
    assert not forks
    assert again == fresh(root)
    assert b"Note seven" in again["pages/notes/n007.html"]


# -- the pages of the whole roadmap that are kept too: the review log, paths,
# risks, the list of pages and the 404 page ----------------------------------------

EXAMPLE_TODAY = dt.date(2026, 11, 23)
KEPT = ("reviews.html", "paths.html", "risks.html", "pages.html", "404.html")


@pytest.fixture
def example(tmp_path):
    import shutil

    from support import REPO_ROOT

    root = tmp_path / "site"
    shutil.copytree(REPO_ROOT / "content", root / "content")
    for n in range(9):  # more pages than the navigation lists: pages.html lists them
        (root / "content" / "notes" / f"extra-{n}.md").write_text(f"---\nkind: page\ntitle: Extra {n}\n---\nText {n}.\n")
    return root


def test_the_kept_overview_pages_are_not_rendered_again_when_nothing_they_show_changed(example, renders):
    parse_cache, memo = {}, {}
    first = build_files(example, EXAMPLE_TODAY, parse_cache, memo)[0]
    assert set(KEPT) <= set(renders)
    renders.clear()
    learning_log = example / "content" / "notes" / "learning-log.md"
    learning_log.write_text(learning_log.read_text() + "\nOne more line.\n")
    again = build_files(example, EXAMPLE_TODAY, parse_cache, memo)[0]
    assert not set(KEPT) & set(renders)
    assert again == build_files(example, EXAMPLE_TODAY)[0] and again != first


@pytest.mark.parametrize("path, old, new, page", [
    ("content/reviews/2026-10-05-monthly.md", "role_satisfaction: 7", "role_satisfaction: 2", "reviews.html"),
    ("content/paths.md", "Staff at Harborline through", "Staff at Harborline by way of", "paths.html"),
    ("content/paths.md", "Mentoring Jonah and Aisha turns out", "Mentoring Jonah and Aisha proves", "paths.html"),
    ("content/risks.md", "Felix leaves or moves", "Felix retires", "risks.html"),
    ("content/notes/extra-3.md", "title: Extra 3", "title: A third extra", "pages.html"),
    ("content/year-1.md", "title: Lead Ledger v2 across", "title: Lead Ledger v2 through", "reviews.html"),  # an entry it links to
])
def test_a_change_to_what_a_kept_overview_page_shows_renders_it_again(example, path, old, new, page):
    parse_cache, memo = {}, {}
    before = build_files(example, EXAMPLE_TODAY, parse_cache, memo)[0]
    target = example / path
    text = target.read_text()
    assert old in text
    target.write_text(text.replace(old, new, 1))
    after = build_files(example, EXAMPLE_TODAY, parse_cache, memo)[0]
    assert after == build_files(example, EXAMPLE_TODAY)[0]
    assert after[page] != before[page]
