"""The timeline as inline SVG: no script, no external asset, no inline style
(colours are the theme's CSS classes), every text and attribute escaped."""

from __future__ import annotations

import html
import re
from typing import Callable

from roadmapgen.model import STATUSES
from roadmapgen.render.timeline.geometry import BAR_HALF, MARGIN, POINT_R, Box, Label, LegendEntry, TimelineLayout
from roadmapgen.render.timeline.metrics import FONT_FAMILY
from roadmapgen.render.templates import long_date

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
DENSE_LINKS = 60  # past this many `serves` lines, the theme draws them fainter


def _esc(text: str) -> str:
    """Text or attribute value, escaped for XML and HTML alike."""
    return html.escape(_NOT_XML.sub("\ufffd", str(text)), quote=True)


def _n(value: float) -> str:
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _text(label: Label, cls: str) -> str:
    weight = ' font-weight="bold"' if label.bold else ""
    return (f'<text class="{cls}" x="{_n(label.x)}" y="{_n(label.baseline)}" font-size="{_n(label.size)}"{weight}>'
            f"{_esc(label.text)}</text>")


def _line(cls: str, x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line class="{cls}" x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}"/>'


def _circle(cx: float, cy: float) -> str:
    return f'<circle class="tl-mark" cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(POINT_R)}"/>'


def _diamond(x: float, y: float) -> str:
    r = POINT_R
    return f"M{_n(x)} {_n(y - r)} L{_n(x + r)} {_n(y)} L{_n(x)} {_n(y + r)} L{_n(x - r)} {_n(y)} Z"


def _badge(box: Box) -> str:
    """The overdue badge at the start of `box`."""
    cx, cy = box.x + 6.5, box.y + box.h / 2
    return (f'<g class="tl-badge" aria-hidden="true"><circle cx="{_n(cx)}" cy="{_n(cy)}" r="6.5"/>'
            f'<text x="{_n(cx - 1.7)}" y="{_n(cy + 4)}" font-size="11" font-weight="bold">!</text></g>')


def _mark_shape(status: str, shape: str, x0: float, x1: float, y: float) -> str:
    if shape == "bar":
        return (f'<rect class="tl-mark" x="{_n(x0)}" y="{_n(y - BAR_HALF)}" width="{_n(x1 - x0)}" '
                f'height="{_n(2 * BAR_HALF)}" rx="3"/>')
    cx = (x0 + x1) / 2
    if status == "blocked":
        r = POINT_R - 0.5
        return f'<rect class="tl-mark" x="{_n(cx - r)}" y="{_n(y - r)}" width="{_n(2 * r)}" height="{_n(2 * r)}"/>'
    if status == "done":
        return _circle(cx, y) + f'<path class="tl-check" d="M{_n(cx - 2.6)} {_n(y)} l1.9 2 l3.4 -3.8"/>'
    return _circle(cx, y)


def _legend_swatch(entry: LegendEntry) -> str:
    x, y, kind = entry.x, entry.y, entry.kind
    if kind in STATUSES:
        return f'<g class="tl-status-{kind}">{_mark_shape(kind, "point", x + 8 - POINT_R, x + 8 + POINT_R, y)}</g>'
    if kind == "overdue":
        return _badge(Box(x + 1.5, y - 6.5, 13, 13))
    if kind == "archived":
        point = _mark_shape("done", "point", x + 8 - POINT_R, x + 8 + POINT_R, y)
        return f'<g class="tl-status-done tl-archived">{point}</g>'
    if kind == "undated":
        return f'<g class="tl-status-planned tl-undated">{_circle(x + 8, y)}</g>'
    if kind == "review":
        return f'<path class="tl-review-mark" d="{_diamond(x + 8, y)}"/>'
    if kind == "serves":
        return (f'<path class="tl-serves" d="M{_n(x)} {_n(y - 5)} C{_n(x + 8)} {_n(y - 5)} {_n(x + 8)} {_n(y + 5)} '
                f'{_n(x + 16)} {_n(y + 5)}"/>')
    return _line(f"tl-{kind}-line", x + 8, y - 7, x + 8, y + 7)


def render_svg(layout: TimelineLayout, href: Callable[[str], str | None] = lambda item_id: f"#{item_id}", *,
               review_href: Callable[[str], str | None] = lambda key: None, id_prefix: str = "timeline") -> str:
    """The layout as inline SVG. `href(item_id)` is the link to an item's anchor from the page the
    SVG goes on (None: no link); `review_href(key)` the same for a review."""
    ids = _esc(id_prefix)
    width, height = _n(layout.width), _n(layout.height)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline{" timeline-compact" if layout.compact else ""}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="figure" aria-labelledby="{ids}-title {ids}-desc" font-family="{_esc(FONT_FAMILY)}">',
        f'<title id="{ids}-title">{_esc(layout.title)}</title>',
        f'<desc id="{ids}-desc">{_esc(layout.description)}</desc>',
    ]
    if any(band.name == "past" for band in layout.bands):
        # The months that archived items reach: hatched, the way a chart greys out what is over.
        out += [f'<defs><pattern id="{ids}-past" class="tl-past" patternUnits="userSpaceOnUse" '
                'width="6" height="6"><rect class="tl-past-ground" width="6" height="6"/>'
                '<path class="tl-past-hatch" d="M0 6 L6 0 M-1 1 L1 -1 M5 7 L7 5"/></pattern></defs>']
    out.append('<g class="tl-bands">')
    top, bottom = MARGIN, layout.lanes_y1
    for band in layout.bands:
        shade = "odd" if band.name in ("30-days", "year", "10-years") else "even"
        fill = ""
        if band.name == "past":
            shade, fill = "past", f' fill="url(#{ids}-past)"'
        out.append(f'<rect class="tl-band tl-band-{shade}" data-horizon="{_esc(band.name)}"{fill} '
                   f'x="{_n(band.x0)}" y="{_n(top)}" width="{_n(band.x1 - band.x0)}" height="{_n(bottom - top)}"/>')
        out.append(_text(band.title, "tl-band-title"))
    out += ["</g>", '<g class="tl-grid" aria-hidden="true">',
            _line("tl-axis", layout.plot_x0, layout.axis_y, layout.plot_x1, layout.axis_y)]
    for tick in (tick for band in layout.bands for tick in band.ticks):
        if tick.boundary:
            out.append(_line("tl-boundary", tick.x, top, tick.x, bottom))
        else:
            out.append(_line("tl-tick", tick.x, layout.axis_y, tick.x, bottom))
        if tick.label:
            out.append(_text(tick.label, "tl-tick-label"))
    out += ["</g>", '<g class="tl-lanes">']
    for lane in layout.lanes:
        out.append(_line("tl-lane-rule", MARGIN, lane.y0, layout.width - MARGIN, lane.y0))
        out.append(_text(lane.title, "tl-lane-title"))
        if lane.note:
            out.append(_text(lane.note, "tl-lane-note"))
    out += [_line("tl-lane-rule", MARGIN, bottom, layout.width - MARGIN, bottom), "</g>"]
    if layout.connectors:
        dense = " is-dense" if len(layout.connectors) > DENSE_LINKS else ""
        out.append(f'<g class="tl-links{dense}" aria-hidden="true">')
        for c in layout.connectors:
            middle = (c.y0 + c.y1) / 2
            out.append(f'<path class="tl-serves" d="M{_n(c.x0)} {_n(c.y0)} C{_n(c.x0)} {_n(middle)} '
                       f'{_n(c.x1)} {_n(middle)} {_n(c.x1)} {_n(c.y1)}"/>')
        out.append("</g>")
    out.append('<g class="tl-markers">')
    for marker in layout.markers:
        out.append(f'<g class="tl-{marker.kind}"><title>{_esc(marker.label.full)}</title>'
                   f'{_line(f"tl-{marker.kind}-line", marker.x, marker.y0, marker.x, marker.y1)}'
                   f'{_text(marker.label, "tl-marker-label")}</g>')
    out.append("</g>")
    if layout.reviews:
        out.append('<g class="tl-reviews">')
        if layout.review_strip:
            out.append(_text(layout.review_strip, "tl-lane-note"))
        for review in layout.reviews:
            words = _esc(f"{review.type.capitalize()} review, {long_date(review.date)}: {review.title}")
            body = f'<title>{words}</title><path class="tl-review-mark" d="{_diamond(review.x, review.y)}"/>'
            link = review_href(review.key)
            if link:
                out.append(f'<a class="tl-review" href="{_esc(link)}" aria-label="{words}">{body}</a>')
            else:
                out.append(f'<g class="tl-review" aria-label="{words}">{body}</g>')
        out.append("</g>")
    out.append('<g class="tl-items">')
    for mark in layout.items:
        classes = f"tl-item tl-status-{_esc(mark.status)}"
        classes += (" tl-overdue" if mark.overdue else "") + (" tl-undated" if mark.undated else "")
        classes += " tl-archived" if mark.archived else ""
        body = f"<title>{_esc(mark.description)}</title>"
        body += _mark_shape(mark.status, mark.shape, mark.x0, mark.x1, mark.y)
        if mark.label:
            body += (_badge(mark.label.box) if mark.label.badge else "") + _text(mark.label, "tl-label")
        link = href(mark.id)
        attrs = f'class="{classes}" data-item="{_esc(mark.id)}" aria-label="{_esc(mark.description)}"'
        out.append(f'<a {attrs} href="{_esc(link)}">{body}</a>' if link else f"<g {attrs}>{body}</g>")
    out += ["</g>", '<g class="tl-legend">']
    out += [_legend_swatch(entry) + _text(entry.label, "tl-legend-label") for entry in layout.legend]
    out += ["</g>", "</svg>"]
    return "\n".join(out)
