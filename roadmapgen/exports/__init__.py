"""The roadmap outside the browser: `roadmap.json` (+ its JSON Schema),
`roadmap.ics` and `feed.xml`.

Every export is built from the audience's `View` (through the renderer that
holds it), never from the full roadmap, so nothing hidden can reach them. No
clock is read: every date comes from the content or from the injected today.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

from roadmapgen.exports.atom import FEED_PATH, render_feed
from roadmapgen.exports.ical import CALENDAR_PATH, render_calendar
from roadmapgen.exports.json_export import JSON_PATH, SCHEMA_PATH, render_json, roadmap_schema_bytes

if TYPE_CHECKING:
    from roadmapgen.config import Settings
    from roadmapgen.render import Renderer

__all__ = ["CALENDAR_PATH", "FEED_PATH", "JSON_PATH", "SCHEMA_PATH", "Deferred", "deferred_exports", "export_notes",
           "render_exports"]

FEED_SKIPPED = "feed.xml was not written: set base_url in roadmap.toml or pass --base-url (an Atom feed needs absolute links)"


def _makers(renderer: "Renderer") -> dict[str, Callable[["Renderer"], bytes]]:
    """{relative path: function making it} for every export this site gets."""
    makers = {
        JSON_PATH: render_json,
        SCHEMA_PATH: lambda _: roadmap_schema_bytes(),
        CALENDAR_PATH: render_calendar,
    }
    if renderer.settings.base_url:
        makers[FEED_PATH] = render_feed
    return makers


def _make(renderer: "Renderer", maker: Callable[["Renderer"], bytes]) -> bytes:
    current = renderer.current
    try:
        return maker(renderer)
    finally:
        renderer.current = current


def render_exports(renderer: "Renderer") -> dict[str, bytes]:
    """{relative path: bytes} of every export this site gets."""
    return {path: _make(renderer, maker) for path, maker in _makers(renderer).items()}


class Deferred:
    """One export, made the first time it is asked for and kept: the same
    bytes render_exports gives. `serve` uses these so that a rebuild does not
    make files the browser may never ask for; it calls one only while no
    build runs (the Markdown compiled for a build is shared)."""

    def __init__(self, renderer: "Renderer", maker: Callable[["Renderer"], bytes]):
        self._renderer: "Renderer | None" = renderer
        self._maker = maker
        self._made: bytes | None = None
        self._lock = threading.Lock()

    def __call__(self) -> bytes:
        with self._lock:
            if self._made is None:
                self._made = _make(self._renderer, self._maker)
                self._renderer = None  # the site's pages need not be kept for it any longer
            return self._made


def deferred_exports(renderer: "Renderer") -> dict[str, Deferred]:
    """{relative path: Deferred} of every export this site gets."""
    return {path: Deferred(renderer, maker) for path, maker in _makers(renderer).items()}


def export_notes(settings: "Settings") -> tuple[str, ...]:
    """Notices about exports that were left out (the CLI prints them once)."""
    return () if settings.base_url else (FEED_SKIPPED,)
