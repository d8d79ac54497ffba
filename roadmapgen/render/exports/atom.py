"""`feed.xml`: an Atom feed (RFC 4287) of the reviews one audience may see.

A feed needs absolute links, so it is written only when `base_url` is set.
Each entry's content is the review's body rendered as on its page, under an
`xml:base` of that page, so its relative links resolve. Times are the review
dates at midnight UTC: no clock is read.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from markupsafe import escape

from roadmapgen import __version__
from roadmapgen.render.exports.common import absolute, one_line
from roadmapgen.render.site import Site

FEED_PATH = "feed.xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 does not allow at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _time(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _facts_html(review) -> str:
    html = ""
    for facts, unit in ((review.ratings, "/10"), (review.metrics, "")):
        if facts:
            rows = "".join(f"<li>{escape(name.replace('_', ' '))}: {v:g}{unit}</li>" for name, v in facts)
            html += f"<ul>{rows}</ul>"
    return html


def render_feed(site: Site) -> bytes:
    roadmap = site.roadmap
    root = roadmap.root
    base = site.settings.base_url
    title = root.title if root else "Roadmap"
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": site.settings.language or "en"})
    _sub(feed, "id", absolute(base, FEED_PATH))
    _sub(feed, "title", one_line(f"{title}: reviews"))
    _sub(feed, "subtitle", "Monthly check-ins, quarterly reviews, annual rewrites")
    newest = max((r.date for r in roadmap.reviews), default=root.as_of if root else site.today)
    _sub(feed, "updated", _time(newest))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=absolute(base, FEED_PATH))
    _sub(feed, "link", rel="alternate", type="text/html", href=absolute(base, "reviews.html"))
    author = _sub(feed, "author")
    _sub(author, "name", one_line(root.owner) if root and root.owner.strip() else "roadmapgen")
    _sub(feed, "generator", "roadmapgen", version=__version__)
    for review in reversed(roadmap.reviews):
        path = site.review_paths[review.path]
        url = absolute(base, path)
        entry = _sub(feed, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", one_line(review.title) or f"{review.type} review, {review.date.isoformat()}")
        _sub(entry, "published", _time(review.date))
        _sub(entry, "updated", _time(review.date))
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "category", term=review.type, label=f"{review.type} review")
        body = site.markdown(path, review.body, source=review.path) if review.body.strip() else ""
        html = _facts_html(review) + str(body)
        if html:
            _sub(entry, "content", html, type="html", **{"xml:base": url})
        else:
            _sub(entry, "summary", f"{review.type.capitalize()} review of {review.date.isoformat()}")
    ET.indent(feed, space="  ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
