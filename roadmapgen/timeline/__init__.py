"""The timeline: from the next 30 days to the 10-year vision in one picture.

Two pure steps, so the geometry is tested without a browser:

- `layout_timeline(roadmap, today)` -> `TimelineLayout` (layout.py, with the
  dataclasses in geometry.py and text extents from metrics.py);
- `render_svg(layout, href)` -> inline SVG (svg.py).

`timeline_context(renderer)` is what the templates receive. The roadmap is
the audience's view: hidden items are not in it, so they are never drawn.
"""

from __future__ import annotations

from roadmapgen.model import HORIZON_LABELS
from roadmapgen.timeline.geometry import (
    Band, Box, Connector, ItemMark, Label, Lane, LegendEntry, Marker, ReviewMark, Tick, TimelineLayout,
)
from roadmapgen.timeline.layout import layout_timeline
from roadmapgen.timeline.metrics import ASCENT, DESCENT, FONT_FAMILY, METRIC_CHARS, fit_text, text_width
from roadmapgen.timeline.svg import render_svg

__all__ = [
    "ASCENT", "DESCENT", "FONT_FAMILY", "METRIC_CHARS", "Band", "Box", "Connector", "ItemMark", "Label", "Lane",
    "LegendEntry", "Marker", "ReviewMark", "Tick", "TimelineLayout", "fit_text", "layout_timeline", "render_svg",
    "text_width", "timeline_context",
]


def timeline_context(renderer) -> dict | None:
    """What the timeline templates receive (None without a root):

    - `full`, `compact`: the two layouts;
    - `svg(layout, id_prefix)`: the picture, its links relative to the page being rendered;
    - `review_href(key)`: the link to a review drawn on the timeline;
    - `horizon_labels`: horizon name -> words.
    """
    from markupsafe import Markup

    roadmap = renderer.roadmap
    if roadmap.root is None:
        return None

    def review_href(key: str) -> str | None:
        path = renderer.review_paths.get(key)
        return renderer.url(path) if path else None

    def svg(layout: TimelineLayout, id_prefix: str = "timeline") -> Markup:
        return Markup(render_svg(layout, renderer.href, review_href=review_href, id_prefix=id_prefix))

    return {
        "full": layout_timeline(roadmap, renderer.today),
        "compact": layout_timeline(roadmap, renderer.today, compact=True),
        "svg": svg,
        "review_href": review_href,
        "horizon_labels": HORIZON_LABELS,
    }
