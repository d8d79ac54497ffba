"""What a published site offers the web around it: robots.txt and
sitemap.xml, link previews, a 404 page that works at any depth."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from build_helpers import parse_html
from support import MINIMAL_ROOT
from roadmapgen.commands.build import build_files
from test_exports import BASE, EXTRA, TODAY, build

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def site(minimal_site):
    return minimal_site(EXTRA)


def sitemap_urls(data: bytes) -> list[str]:
    return [loc.text for loc in ET.fromstring(data).iter(f"{SITEMAP_NS}loc")]


# -- robots.txt and sitemap.xml -------------------------------------------------

def test_public_sitemap_lists_every_public_page_absolutely(site):
    files = build(site, base_url=BASE)
    urls = sitemap_urls(files["sitemap.xml"])
    assert urls[0] == BASE  # the overview, as its folder
    pages = {p for p in files if p.endswith(".html") and p not in ("index.html", "404.html")}
    assert set(urls[1:]) == {BASE + p for p in pages}
    assert "reviews/2026-11-05-monthly.html" in pages
    assert BASE + "404.html" not in urls
    assert files["robots.txt"].decode() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


def test_sitemap_leaves_out_what_the_public_may_not_see(site):
    public = b"".join(build(site, base_url=BASE)[p] for p in ("sitemap.xml", "robots.txt"))
    assert b"2026-11-08" not in public  # the private review's page
    private = sitemap_urls(build(site, base_url=BASE, audience="private").get("sitemap.xml", b"<x/>"))
    assert private == []


def test_no_sitemap_without_a_base_url_but_robots_allows(site):
    files = build(site)
    assert "sitemap.xml" not in files
    assert files["robots.txt"] == b"User-agent: *\nAllow: /\n"


def test_build_says_why_the_public_edition_has_no_sitemap(site, run_main, tmp_path):
    for audience, said in (("public", "feed.xml was not written, nor sitemap.xml: set base_url"),
                           ("mentors", "feed.xml was not written: set base_url")):
        result = run_main(["build", site, "-a", audience, "-o", tmp_path / audience, "--today", TODAY.isoformat()])
        assert result.code == 0 and said in result.stderr, result.stderr


@pytest.mark.parametrize("audience", ["mentors", "private"])
def test_other_editions_keep_crawlers_out(site, audience):
    files = build(site, base_url=BASE, audience=audience)
    assert "sitemap.xml" not in files
    assert files["robots.txt"] == b"User-agent: *\nDisallow: /\n"


def test_encrypted_edition_keeps_crawlers_out_in_plain_text(site):
    files, _settings, _ = build_files(
        site, TODAY, base_url=BASE, audience="mentors", encrypt=True,
        passphrase=lambda: "correct horse battery staple")
    assert "sitemap.xml" not in files
    assert files["robots.txt"] == b"User-agent: *\nDisallow: /\n"


def test_a_base_url_with_letters_beyond_ascii_is_written_percent_encoded(site):
    (site / "roadmap.toml").write_text('base_url = "https://example.com/über/"\n', encoding="utf-8")
    files = build(site)
    encoded = "https://example.com/%C3%BCber/"
    assert sitemap_urls(files["sitemap.xml"])[0] == encoded
    assert f"Sitemap: {encoded}sitemap.xml" in files["robots.txt"].decode()
    assert head_tags(files["index.html"])["og:url"] == encoded
    assert f"URL:{encoded}".encode() in files["roadmap.ics"]  # a calendar's URL is a URI: ASCII only
    assert all(b"\xc3\xbc" not in files[p] for p in ("feed.xml", "404.html", "sitemap.xml", "roadmap.ics"))


# -- link previews --------------------------------------------------------------

PREVIEW_TAGS = ("description", "og:title", "og:description", "og:type", "og:site_name", "og:url")


def head_tags(page: bytes) -> dict[str, str]:
    """{name or property: content} of a page's <meta> tags."""
    doc = parse_html(page.decode("utf-8"))
    return {m.attrs.get("name") or m.attrs.get("property"): m.attrs.get("content", "")
            for m in doc.find_all("meta") if m.attrs.get("name") or m.attrs.get("property")}


def test_every_public_page_has_a_link_preview(site):
    files = build(site, base_url=BASE)
    pages = [p for p in files if p.endswith(".html")]
    for path in pages:
        tags = head_tags(files[path])
        assert all(tags.get(t) for t in PREVIEW_TAGS), (path, tags)
        assert tags["og:type"] == "website" and tags["og:site_name"] == "Test roadmap"
        assert tags["og:description"] == tags["description"]
    overview = head_tags(files["index.html"])
    assert overview["og:url"] == BASE
    assert overview["description"] == "Aiming at Staff Engineer by 30 Jun 2028."
    month = head_tags(files["30-days.html"])
    assert month["og:url"] == BASE + "30-days.html"
    assert month["description"] == "Next 30 days from 1 Nov 2026 to 1 Dec 2026: 1 item."  # the secret one is hidden
    review = head_tags(files["reviews/2026-11-05-monthly.html"])
    assert review["og:title"] == "November <check-in> & co"
    assert review["description"].startswith('Moved First <step> & "more"')
    assert review["description"].endswith("along; a private item too.")  # [[secret-step]], as the page says it


def test_previews_are_escaped_and_hold_nothing_hidden(site):
    files = build(site, base_url=BASE)
    raw = files["reviews/2026-11-05-monthly.html"].decode()
    assert 'content="November &lt;check-in&gt; &amp; co"' in raw
    heads = "".join(f.decode().split("</head>")[0] for p, f in files.items() if p.endswith(".html"))
    assert "secret" not in heads.lower() and "Rivalcorp" not in heads


def test_no_url_in_previews_without_a_base_url(site):
    tags = head_tags(build(site)["index.html"])
    assert tags["description"] and "og:url" not in tags


@pytest.mark.parametrize("audience", ["mentors", "private"])
def test_other_editions_have_no_previews(site, audience):
    files = build(site, base_url=BASE, audience=audience)
    for path in (p for p in files if p.endswith(".html")):
        tags = head_tags(files[path])
        assert not set(PREVIEW_TAGS) & set(tags), (path, tags)
        assert tags["robots"] == "noindex, nofollow"


# -- the 404 page ---------------------------------------------------------------

NESTED_BASE = "https://me.github.io/roadmap/"


def test_404_links_absolutely_with_a_base_url(site):
    """GitHub Pages serves 404.html at the missing URL itself, such as
    /roadmap/reviews/x.html: only absolute links work there."""
    files = build(site, base_url=NESTED_BASE)
    doc = parse_html(files["404.html"].decode())
    urls = [u for u in doc.urls() if not u.startswith("#")]
    assert urls and all(u.startswith(NESTED_BASE) for u in urls), urls
    stylesheet = doc.find("link", rel="stylesheet").attrs["href"]
    assert stylesheet.startswith(NESTED_BASE + "assets/style.") and stylesheet[len(NESTED_BASE):] in files
    assert doc.find("link", rel="icon").attrs["href"] == NESTED_BASE + "assets/icon.svg"
    assert doc.find("link", rel="apple-touch-icon").attrs["href"] == NESTED_BASE + "assets/apple-touch-icon.png"
    assert NESTED_BASE + "index.html" in [a.attrs.get("href") for a in doc.find_all("a")]
    # Other pages stay relative, so the site works from any folder.
    assert not any(u.startswith(NESTED_BASE) for u in parse_html(files["gaps.html"].decode()).urls())


def test_404_links_relatively_without_a_base_url(site):
    doc = parse_html(build(site)["404.html"].decode())
    assert doc.find("link", rel="icon").attrs["href"] == "assets/icon.svg"
    assert not any(u.startswith(("http:", "https:", "/")) for u in doc.urls())


# -- static/ --------------------------------------------------------------------

def test_static_is_copied_as_it_is_into_every_edition(site, tmp_path, run_main):
    (site / "static" / "img").mkdir(parents=True)
    (site / "static" / "CNAME").write_bytes(b"roadmap.example.com\n")
    (site / "static" / ".nojekyll").write_bytes(b"")
    (site / "static" / "img" / "me.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00binary")
    for audience in ("public", "mentors"):
        out = tmp_path / f"out-{audience}"
        result = run_main(["build", str(site), "--today", TODAY.isoformat(), "-a", audience, "-o", str(out)])
        assert result.code == 0, result.stderr
        assert (out / "CNAME").read_bytes() == b"roadmap.example.com\n"
        assert (out / ".nojekyll").read_bytes() == b""
        assert (out / "img" / "me.png").read_bytes() == b"\x89PNG\r\n\x1a\n\x00binary"


def test_static_may_not_replace_a_generated_file(site, tmp_path, run_main):
    (site / "static").mkdir()
    (site / "static" / "index.html").write_text("mine")
    (site / "static" / "robots.txt").write_text("mine")
    out = tmp_path / "out"
    result = run_main(["build", str(site), "--today", TODAY.isoformat(), "-o", str(out)])
    assert result.code == 1 and not out.exists()
    assert "static/index.html: error[static-clash]: would replace the generated index.html" in result.stderr
    assert "rename or remove static/robots.txt: roadmapgen writes robots.txt itself" in result.stderr


def test_static_may_not_take_a_generated_folder_or_name_in_another_case(site, tmp_path, run_main):
    """Otherwise the write fails half-way with "File exists", or, on macOS
    and Windows, ROBOTS.TXT silently replaces robots.txt."""
    (site / "static" / "index.html").mkdir(parents=True)
    (site / "static" / "index.html" / "me.png").write_bytes(b"png")
    (site / "static" / "assets").write_text("a file where the theme's folder goes")
    (site / "static" / "ROBOTS.TXT").write_text("mine")
    (site / "static" / "assets-old").mkdir()
    (site / "static" / "assets-old" / "ok.css").write_text("fine")
    out = tmp_path / "out"
    result = run_main(["build", str(site), "--today", TODAY.isoformat(), "-o", str(out)])
    assert result.code == 1 and not out.exists(), result.stderr
    assert "static/index.html/me.png: error[static-clash]: would replace the generated index.html" in result.stderr
    assert "static/assets: error[static-clash]: would replace the generated assets/" in result.stderr
    assert "static/ROBOTS.TXT: error[static-clash]: would replace the generated robots.txt" in result.stderr
    assert "assets-old" not in result.stderr and "3 files where the build writes its own" in result.stderr


def test_static_refuses_links_out_of_the_site(site, tmp_path, tmp_path_factory, run_main):
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    secret.write_text("the machine's secrets")
    (site / "static").mkdir()
    (site / "static" / "leak.txt").symlink_to(secret)
    (site / "static" / "fine.txt").symlink_to(site / "content" / "index.md")
    out = tmp_path / "out"
    result = run_main(["build", str(site), "--today", TODAY.isoformat(), "-o", str(out)])
    assert result.code == 1 and not out.exists()
    assert "static/leak.txt: error[bad-path]: is a link outside the site and was not published" in result.stderr
    assert "fine.txt" not in result.stderr


# -- icons ----------------------------------------------------------------------

@pytest.mark.parametrize("audience", ["public", "mentors"])
def test_every_page_has_an_apple_touch_icon_of_180_pixels(site, audience):
    files = build(site, audience=audience)
    png = files["assets/apple-touch-icon.png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert int.from_bytes(png[16:20], "big") == int.from_bytes(png[20:24], "big") == 180
    for path in (p for p in files if p.endswith(".html")):
        doc = parse_html(files[path].decode())
        href = doc.find("link", rel="apple-touch-icon").attrs["href"]
        assert href == "../" * path.count("/") + "assets/apple-touch-icon.png", path


def test_a_pages_preview_is_its_first_paragraphs_first_sentence(minimal_site):
    root = minimal_site({**EXTRA, "content/notes/cadence.md": """\
---
kind: page
title: Review cadence
---

## Why monthly

Monthly is *enough* to notice drift. Weekly was too much.
"""})
    files = build(root)
    page = next(p for p in files if p.endswith("cadence.html"))
    assert head_tags(files[page])["description"] == "Monthly is enough to notice drift."


def test_a_preview_reads_as_the_sentence_does(minimal_site):
    """Markup gives no space before punctuation, an image paragraph is no
    sentence, a footnote mark is left out and "e.g." ends none."""
    root = minimal_site({**EXTRA, "content/notes/ship.md": """\
---
kind: page
title: Shipping
---

![The dashboard](https://example.com/dash.png)

I shipped **Ledger v2**[^1], e.g. [the notes](https://example.com/) and `run()`. Not this.

[^1]: Late.
"""})
    files = build(root)
    page = next(p for p in files if p.endswith("ship.html"))
    assert head_tags(files[page])["description"] == "I shipped Ledger v2, e.g. the notes and run()."


def test_a_preview_is_one_line_when_the_target_spans_several(minimal_site):
    root = minimal_site({"content/index.md": MINIMAL_ROOT.replace(
        "  role: Staff Engineer", '  role: "Staff\\n  Engineer\\tof\\r\\nPlatform"')})
    assert head_tags(build(root)["index.html"])["description"] == "Aiming at Staff Engineer of Platform."
