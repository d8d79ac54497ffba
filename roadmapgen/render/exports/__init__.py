"""The roadmap outside the browser: `roadmap.json` (+ its JSON Schema),
`roadmap.ics` and `feed.xml`.

Every export is built from the site context (roadmapgen.render.site), which holds
the audience's `View`, never the full roadmap, so nothing hidden can reach
them. No clock is read: every date comes from the content or from the
injected today.
"""

from __future__ import annotations

from roadmapgen.read.config import Settings
from roadmapgen.render.exports.atom import FEED_PATH, render_feed
from roadmapgen.render.exports.ical import CALENDAR_PATH, render_calendar
from roadmapgen.render.exports.json_export import JSON_PATH, SCHEMA_PATH, render_json, roadmap_schema_bytes
from roadmapgen.render.site import Site

__all__ = ["CALENDAR_PATH", "FEED_PATH", "JSON_PATH", "SCHEMA_PATH", "export_notes", "render_exports"]

FEED_SKIPPED = "feed.xml was not written: set base_url in roadmap.toml or pass --base-url (an Atom feed needs absolute links)"
# The public edition's sitemap.xml (render.crawlers) needs a base URL too: one note says why both are missing.
FEED_AND_SITEMAP_SKIPPED = ("feed.xml was not written, nor sitemap.xml: set base_url in roadmap.toml or pass "
                            "--base-url (both need absolute links)")


def render_exports(site: Site) -> dict[str, bytes]:
    """{relative path: bytes} of every export this site gets."""
    files = {
        JSON_PATH: render_json(site),
        SCHEMA_PATH: roadmap_schema_bytes(),
        CALENDAR_PATH: render_calendar(site),
    }
    if site.settings.base_url:
        files[FEED_PATH] = render_feed(site)
    return files


def export_notes(settings: Settings) -> tuple[str, ...]:
    """Notices about exports that were left out (the CLI prints them once)."""
    if settings.base_url:
        return ()
    return (FEED_AND_SITEMAP_SKIPPED,) if settings.audience == "public" else (FEED_SKIPPED,)
