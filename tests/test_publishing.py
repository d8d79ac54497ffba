"""What a published site offers the web around it (issue 19): robots.txt and
sitemap.xml, link previews, a 404 page that works at any depth."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

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
