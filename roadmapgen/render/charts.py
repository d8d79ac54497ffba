"""The review log as small multiples: one inline SVG chart per rating and per
metric, across every review that records it, with labelled axes.

Pure and deterministic: coordinates are rounded to one decimal, names and
values are escaped, nothing is read from the clock.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from roadmapgen.model import RATING_MAX, Review

WIDTH, HEIGHT = 260, 140
LEFT, RIGHT, TOP, BOTTOM = 34, 14, 12, 30


@dataclass(frozen=True, slots=True)
class Chart:
    kind: str  # "rating" | "metric"
    name: str
    label: str
    points: tuple[tuple[dt.date, float], ...]
    svg: Markup

    @property
    def latest(self) -> float:
        return self.points[-1][1]


def label_for(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def _fmt(value: float) -> str:
    return f"{value:g}"


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def _nice_max(value: float) -> float:
    """A round upper bound for a metric's axis (1, 2, 2.5, 5 × 10^n)."""
    if value <= 0:
        return 1
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        bound = step * power
        if value <= bound:
            # At the ends of the float range the round bound under- or
            # overflows (5e-324, 1e308): the value itself is the bound then.
            return bound if 0 < bound < math.inf else value
    return value


def _chart_svg(label: str, points: list[tuple[dt.date, float]], low: float, high: float, unit: str) -> Markup:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first, last = points[0][0], points[-1][0]
    span = (last - first).days

    def x(day: dt.date) -> float:
        return LEFT + (plot_w / 2 if span == 0 else plot_w * (day - first).days / span)

    def y(value: float) -> float:
        clamped = min(max(value, low), high)
        # Halved, so that values near the float range's ends do not overflow.
        return TOP + plot_h * (1 - (clamped / 2 - low / 2) / ((high / 2 - low / 2) or 1.0))

    mid = low / 2 + high / 2
    desc = "; ".join(f"{_fmt(v)}{unit} on {_day(d)}" for d, v in points)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="10" font-family="sans-serif">',
        f"<title>{escape(label)}</title>",
        f"<desc>{escape(desc)}</desc>",
        # axes
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="currentColor" stroke-opacity="0.5"/>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="currentColor" stroke-opacity="0.5"/>',
    ]
    for tick in (low, mid, high):
        ty = y(tick)
        parts.append(f'<line x1="{LEFT - 3}" y1="{ty:.1f}" x2="{LEFT + plot_w}" y2="{ty:.1f}" stroke="currentColor" '
                     f'stroke-opacity="0.12"/>')
        parts.append(f'<text x="{LEFT - 5}" y="{ty + 3:.1f}" text-anchor="end" fill="currentColor">{escape(_fmt(tick))}</text>')
    axis_y = TOP + plot_h + 13
    if span == 0:
        parts.append(f'<text x="{x(first):.1f}" y="{axis_y}" text-anchor="middle" fill="currentColor">{escape(_day(first))}</text>')
    else:
        parts.append(f'<text x="{LEFT}" y="{axis_y}" text-anchor="start" fill="currentColor">{escape(_day(first))}</text>')
        parts.append(f'<text x="{LEFT + plot_w}" y="{axis_y}" text-anchor="end" fill="currentColor">{escape(_day(last))}</text>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 3}" text-anchor="middle" fill="currentColor" '
                 f'fill-opacity="0.7">review date</text>')
    if len(points) > 1:
        line = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
        parts.append(f'<polyline points="{line}" fill="none" stroke="currentColor" stroke-width="2"/>')
    for d, v in points:
        parts.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="3" fill="currentColor">'
                     f"<title>{escape(_fmt(v) + unit)}, {escape(_day(d))}</title></circle>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _series(reviews, attribute: str) -> dict[str, list[tuple[dt.date, float]]]:
    series: dict[str, list[tuple[dt.date, float]]] = {}
    for review in sorted(reviews, key=lambda r: (r.date, r.path)):
        for name, value in getattr(review, attribute):
            series.setdefault(name, []).append((review.date, float(value)))
    return series


def review_charts(reviews: tuple[Review, ...] | list[Review]) -> list[Chart]:
    """One chart per rating (axis 0-10), then one per metric (axis from 0, or
    from the lowest value when it is negative, to a round maximum)."""
    charts = []
    for name, points in _series(reviews, "ratings").items():
        label = label_for(name)
        charts.append(Chart("rating", name, label, tuple(points),
                            _chart_svg(f"{label} (0–{RATING_MAX}) across reviews", points, 0, RATING_MAX, "/10")))
    for name, points in _series(reviews, "metrics").items():
        label = label_for(name)
        values = [v for _, v in points]
        low = min(0.0, -_nice_max(-min(values))) if min(values) < 0 else 0.0
        high = _nice_max(max(values)) if max(values) > 0 else 1.0
        charts.append(Chart("metric", name, label, tuple(points),
                            _chart_svg(f"{label} across reviews", points, low, high, "")))
    return charts
