"""`robots.txt` and `sitemap.xml`: what search engines are told.

Only the public edition invites them: it gets a sitemap (when `base_url` is
set, since a sitemap holds absolute URLs) and a `robots.txt` that points at
it. Every other edition, already `noindex` page by page, gets a `robots.txt`
that disallows everything and no sitemap. The sitemap lists the pages that
were rendered for the audience, so nothing hidden can appear in it.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from roadmapgen.render.exports.common import absolute

ROBOTS_PATH = "robots.txt"
SITEMAP_PATH = "sitemap.xml"
NOT_FOUND_PAGE = "404.html"  # a page, but not one to index


def crawler_files(pages: dict[str, bytes], audience: str, base_url: str, sealed: bool) -> dict[str, bytes]:
    """{path: bytes} of robots.txt and, for a public edition with a base URL, sitemap.xml.
    `pages`: every file of the edition, from the site root."""
    if audience != "public" or sealed:
        return {ROBOTS_PATH: b"User-agent: *\nDisallow: /\n"}
    if not base_url:
        return {ROBOTS_PATH: b"User-agent: *\nAllow: /\n"}
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {absolute(base_url, SITEMAP_PATH)}\n"
    return {ROBOTS_PATH: robots.encode("utf-8"), SITEMAP_PATH: sitemap(pages, base_url)}


def page_url(base_url: str, path: str) -> str:
    """The absolute URL of the page at `path`; the overview is the folder's own
    URL, as visitors and links name it."""
    return absolute(base_url, "" if path == "index.html" else path)


def sitemap(pages: dict[str, bytes], base_url: str) -> bytes:
    """The sitemap of the `.html` pages among `pages`, the overview first."""
    paths = sorted((p for p in pages if p.endswith(".html") and p != NOT_FOUND_PAGE),
                   key=lambda p: (p != "index.html", p))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path in paths:
        lines.append(f"  <url><loc>{escape(page_url(base_url, path))}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
