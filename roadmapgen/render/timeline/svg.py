"""The timeline as inline SVG: no script, no external asset, no inline style
(colours are the theme's CSS classes), every text and attribute escaped."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Callable

from roadmapgen.render.timeline.geometry import (
    BAR_HALF, MARGIN, POINT_R, Box, ItemMark, Label, LegendEntry, TimelineLayout,
)
from roadmapgen.render.timeline.layout import STATUS_WORDS
from roadmapgen.render.timeline.metrics import FONT_FAMILY
from roadmapgen.render.timeline.scale import long_date

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


def _badge(label: Label) -> str:
    cx, cy = label.box.x + 6.5, label.box.y + label.box.h / 2
    return (f'<g class="tl-badge" aria-hidden="true"><circle cx="{_n(cx)}" cy="{_n(cy)}" r="6.5"/>'
            f'<text x="{_n(cx - 1.7)}" y="{_n(cy + 4)}" font-size="11" font-weight="bold">!</text></g>')


def _mark_shape(mark: ItemMark) -> str:
    y = mark.y
    if mark.shape == "bar":
        return (f'<rect class="tl-mark" x="{_n(mark.x0)}" y="{_n(y - BAR_HALF)}" width="{_n(mark.x1 - mark.x0)}" '
                f'height="{_n(2 * BAR_HALF)}" rx="3"/>')
    cx = (mark.x0 + mark.x1) / 2
    if mark.status == "blocked":
        r = POINT_R - 0.5
        return f'<rect class="tl-mark" x="{_n(cx - r)}" y="{_n(y - r)}" width="{_n(2 * r)}" height="{_n(2 * r)}"/>'
    shape = f'<circle class="tl-mark" cx="{_n(cx)}" cy="{_n(y)}" r="{_n(POINT_R)}"/>'
    if mark.status == "done":
        shape += f'<path class="tl-check" d="M{_n(cx - 2.6)} {_n(y)} l1.9 2 l3.4 -3.8"/>'
    return shape


def _legend_swatch(entry: LegendEntry) -> str:
    x, y, kind = entry.x, entry.y, entry.kind
    if kind in STATUS_WORDS:
        fake = ItemMark("", "", "", kind, None, None, dt.date.min, "point", x + 8 - POINT_R, x + 8 + POINT_R, y, False, False, None, (), "")
        return f'<g class="tl-status-{kind}">{_mark_shape(fake)}</g>'
    if kind == "overdue":
        fake = Label("", "", x, y, 11, False, Box(x + 1.5, y - 6.5, 13, 13), True)
        return _badge(fake)
    if kind == "undated":
        return f'<g class="tl-status-planned tl-undated"><circle class="tl-mark" cx="{_n(x + 8)}" cy="{_n(y)}" r="{POINT_R}"/></g>'
    if kind == "review":
        return f'<path class="tl-review-mark" d="{_diamond(x + 8, y)}"/>'
    if kind == "serves":
        return f'<path class="tl-serves" d="M{_n(x)} {_n(y - 5)} C{_n(x + 8)} {_n(y - 5)} {_n(x + 8)} {_n(y + 5)} {_n(x + 16)} {_n(y + 5)}"/>'
    return f'<line class="tl-{kind}-line" x1="{_n(x + 8)}" y1="{_n(y - 7)}" x2="{_n(x + 8)}" y2="{_n(y + 7)}"/>'


def _diamond(x: float, y: float) -> str:
    r = POINT_R
    return f"M{_n(x)} {_n(y - r)} L{_n(x + r)} {_n(y)} L{_n(x)} {_n(y + r)} L{_n(x - r)} {_n(y)} Z"


def render_svg(layout: TimelineLayout, href: Callable[[str], str | None] = lambda item_id: f"#{item_id}", *,
               review_href: Callable[[str], str | None] | None = None, id_prefix: str = "timeline") -> str:
    """The layout as inline SVG. `href(item_id)` is the link to an item's anchor from the page the
    SVG goes on (None: no link); `review_href(key)` the same for a review."""
    ids = _esc(id_prefix)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline{" timeline-compact" if layout.compact else ""}" '
        f'viewBox="0 0 {_n(layout.width)} {_n(layout.height)}" width="{_n(layout.width)}" height="{_n(layout.height)}" '
        f'role="figure" aria-labelledby="{ids}-title {ids}-desc" font-family="{_esc(FONT_FAMILY)}">',
        f'<title id="{ids}-title">{_esc(layout.title)}</title>',
        f'<desc id="{ids}-desc">{_esc(layout.description)}</desc>',
    ]
    top, bottom = MARGIN, layout.lanes_y1
    out.append('<g class="tl-bands">')
    for band in layout.bands:
        shade = "odd" if band.name in ("30-days", "year", "10-years") else "even"
        out.append(f'<rect class="tl-band tl-band-{shade}" data-horizon="{_esc(band.name)}" '
                   f'x="{_n(band.x0)}" y="{_n(top)}" width="{_n(band.x1 - band.x0)}" height="{_n(bottom - top)}"/>')
        out.append(_text(band.title, "tl-band-title"))
    out.append("</g>")
    out.append('<g class="tl-grid" aria-hidden="true">')
    out.append(f'<line class="tl-axis" x1="{_n(layout.plot_x0)}" y1="{_n(layout.axis_y)}" x2="{_n(layout.plot_x1)}" y2="{_n(layout.axis_y)}"/>')
    for band in layout.bands:
        for tick in band.ticks:
            cls = "tl-boundary" if tick.boundary else "tl-tick"
            y0 = top if tick.boundary else layout.axis_y
            out.append(f'<line class="{cls}" x1="{_n(tick.x)}" y1="{_n(y0)}" x2="{_n(tick.x)}" y2="{_n(bottom)}"/>')
            if tick.label:
                out.append(_text(tick.label, "tl-tick-label"))
    out.append("</g>")
    out.append('<g class="tl-lanes">')
    for lane in layout.lanes:
        out.append(f'<line class="tl-lane-rule" x1="{_n(MARGIN)}" y1="{_n(lane.y0)}" x2="{_n(layout.width - MARGIN)}" y2="{_n(lane.y0)}"/>')
        out.append(_text(lane.title, "tl-lane-title"))
        if lane.note:
            out.append(_text(lane.note, "tl-lane-note"))
    out.append(f'<line class="tl-lane-rule" x1="{_n(MARGIN)}" y1="{_n(bottom)}" x2="{_n(layout.width - MARGIN)}" y2="{_n(bottom)}"/>')
    out.append("</g>")
    if layout.connectors:
        dense = " is-dense" if len(layout.connectors) > DENSE_LINKS else ""
        out.append(f'<g class="tl-links{dense}" aria-hidden="true">')
        for c in layout.connectors:
            middle = (c.y0 + c.y1) / 2
            out.append(f'<path class="tl-serves" d="M{_n(c.x0)} {_n(c.y0)} C{_n(c.x0)} {_n(middle)} {_n(c.x1)} {_n(middle)} {_n(c.x1)} {_n(c.y1)}"/>')
        out.append("</g>")
    out.append('<g class="tl-markers">')
    for marker in layout.markers:
        out.append(f'<g class="tl-{marker.kind}"><title>{_esc(marker.label.full)}</title>'
                   f'<line class="tl-{marker.kind}-line" x1="{_n(marker.x)}" y1="{_n(marker.y0)}" x2="{_n(marker.x)}" y2="{_n(marker.y1)}"/>'
                   f'{_text(marker.label, "tl-marker-label")}</g>')
    out.append("</g>")
    if layout.reviews:
        out.append('<g class="tl-reviews">')
        if layout.review_strip:
            out.append(_text(layout.review_strip, "tl-lane-note"))
        for review in layout.reviews:
            words = f"{review.type.capitalize()} review, {long_date(review.date)}: {review.title}"
            link = review_href(review.key) if review_href else None
            body = f'<title>{_esc(words)}</title><path class="tl-review-mark" d="{_diamond(review.x, review.y)}"/>'
            if link:
                out.append(f'<a class="tl-review" href="{_esc(link)}" aria-label="{_esc(words)}">{body}</a>')
            else:
                out.append(f'<g class="tl-review" aria-label="{_esc(words)}">{body}</g>')
        out.append("</g>")
    out.append('<g class="tl-items">')
    for mark in layout.items:
        classes = f"tl-item tl-status-{_esc(mark.status)}" + (" tl-overdue" if mark.overdue else "") + (" tl-undated" if mark.undated else "")
        body = f"<title>{_esc(mark.description)}</title>{_mark_shape(mark)}"
        if mark.label:
            if mark.label.badge:
                body += _badge(mark.label)
            body += _text(mark.label, "tl-label")
        link = href(mark.id)
        attrs = f'class="{classes}" data-item="{_esc(mark.id)}" aria-label="{_esc(mark.description)}"'
        out.append(f'<a {attrs} href="{_esc(link)}">{body}</a>' if link else f"<g {attrs}>{body}</g>")
    out.append("</g>")
    out.append('<g class="tl-legend">')
    for entry in layout.legend:
        out.append(_legend_swatch(entry) + _text(entry.label, "tl-legend-label"))
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
