"""The timeline: from the next 30 days to the 10-year vision in one picture, in two pure steps so the
geometry is tested without a browser: `layout_timeline(roadmap, today)` -> `TimelineLayout` (layout.py),
then `render_svg(layout, href)` -> inline SVG (svg.py). The roadmap is the audience's view: hidden items
are not in it, so they are never drawn."""

from __future__ import annotations

import datetime as dt
from functools import partial

from markupsafe import Markup

from roadmapgen.model import HORIZON_LABELS, Roadmap
from roadmapgen.render.site import Site
from roadmapgen.render.timeline.geometry import TimelineLayout
from roadmapgen.render.timeline.layout import layout_timeline
from roadmapgen.render.timeline.svg import render_svg

__all__ = ["TimelineLayout", "layout_timeline", "render_svg", "timeline_context", "timeline_layouts"]


def timeline_layouts(roadmap: Roadmap, today: dt.date) -> tuple[TimelineLayout, TimelineLayout] | None:
    """The full and the compact layout, made once for every page that shows them (None without a root)."""
    if roadmap.root is None:
        return None
    return layout_timeline(roadmap, today), layout_timeline(roadmap, today, compact=True)


def timeline_context(site: Site, page: str, layouts: tuple[TimelineLayout, TimelineLayout] | None) -> dict | None:
    """What the timeline templates of `page` receive (None without a root):

    - `full`, `compact`: the two layouts (timeline_layouts);
    - `svg(layout, id_prefix)`: the picture, its links relative to `page`;
    - `review_href(key)`: the link to a review drawn on the timeline;
    - `horizon_labels`: horizon name -> words.
    """
    if layouts is None:
        return None

    def review_href(key: str) -> str | None:
        path = site.review_paths.get(key)
        return site.url(page, path) if path else None

    def svg(layout: TimelineLayout, id_prefix: str = "timeline") -> Markup:
        return Markup(render_svg(layout, partial(site.href, page), review_href=review_href, id_prefix=id_prefix))

    full, compact = layouts
    return {"full": full, "compact": compact, "svg": svg, "review_href": review_href,
            "horizon_labels": HORIZON_LABELS}
