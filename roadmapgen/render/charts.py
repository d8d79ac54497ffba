"""The review log as small multiples: one inline SVG chart per rating and per
metric, across every review that records it, with labelled axes, and the
target the root's `metrics` set for it as a dashed line.

Pure and deterministic: coordinates are rounded to one decimal, names and
values are escaped, nothing is read from the clock.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from roadmapgen.model import RATING_MAX, Metric, Review
from roadmapgen.render.templates import label_from_key, long_date, unit_suffix

WIDTH, HEIGHT = 260, 140
LEFT, RIGHT, TOP, BOTTOM = 34, 14, 12, 30


@dataclass(frozen=True, slots=True)
class Chart:
    kind: str  # "rating" | "metric"
    name: str
    label: str
    points: tuple[tuple[dt.date, float], ...]
    svg: Markup
    target: float | None = None  # the value its metric aims at
    metric_kind: str = ""  # leading | progress | outcome, for a defined metric


def _nice_max(value: float) -> float:
    """A round upper bound for a metric's axis (1, 2, 2.5, 5 × 10^n) above `value` > 0."""
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        bound = step * power
        if value <= bound:
            # At the ends of the float range the round bound under- or
            # overflows (5e-324, 1e308): the value itself is the bound then.
            return bound if 0 < bound < math.inf else value
    return value


def _rule(x1: float | str, y1: float | str, x2: float | str, y2: float | str, opacity: str) -> str:
    return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="currentColor" '
            f'stroke-opacity="{opacity}"/>')


def _text(x: float | str, y: float | str, anchor: str, text: str, extra: str = "") -> str:
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="currentColor"{extra}>{escape(text)}</text>'


def _chart_svg(label: str, points: list[tuple[dt.date, float]], low: float, high: float, unit: str,
               target: float | None = None) -> Markup:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    first, last = points[0][0], points[-1][0]
    span = (last - first).days

    def x(day: dt.date) -> float:
        return LEFT + (plot_w / 2 if span == 0 else plot_w * (day - first).days / span)

    def y(value: float) -> float:
        clamped = min(max(value, low), high)
        # Halved, so that values near the float range's ends do not overflow.
        return TOP + plot_h * (1 - (clamped / 2 - low / 2) / ((high / 2 - low / 2) or 1.0))

    desc = "; ".join(f"{v:g}{unit} on {long_date(d)}" for d, v in points)
    if target is not None:
        desc += f"; target {target:g}{unit}"
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="10" font-family="sans-serif">',
        f"<title>{escape(label)}</title>",
        f"<desc>{escape(desc)}</desc>",
        _rule(LEFT, TOP, LEFT, TOP + plot_h, "0.5"),  # the axes
        _rule(LEFT, TOP + plot_h, LEFT + plot_w, TOP + plot_h, "0.5"),
    ]
    for tick in (low, low / 2 + high / 2, high):
        ty = y(tick)
        parts.append(_rule(LEFT - 3, f"{ty:.1f}", LEFT + plot_w, f"{ty:.1f}", "0.12"))
        parts.append(_text(LEFT - 5, f"{ty + 3:.1f}", "end", f"{tick:g}"))
    axis_y = TOP + plot_h + 13
    if span == 0:
        parts.append(_text(f"{x(first):.1f}", axis_y, "middle", long_date(first)))
    else:
        parts.append(_text(LEFT, axis_y, "start", long_date(first)))
        parts.append(_text(LEFT + plot_w, axis_y, "end", long_date(last)))
    parts.append(_text(f"{LEFT + plot_w / 2:.1f}", HEIGHT - 3, "middle", "review date", ' fill-opacity="0.7"'))
    if target is not None:
        # Dashed, and labelled in words: the line is not told apart from the values by colour alone.
        ty = y(target)
        parts.append(f'<line class="chart-target" x1="{LEFT}" y1="{ty:.1f}" x2="{LEFT + plot_w}" y2="{ty:.1f}" '
                     f'stroke="currentColor" stroke-width="1.5" stroke-dasharray="5 3" stroke-opacity="0.8"/>')
        label_y = ty - 3 if ty - 3 > TOP + 8 else ty + 10
        parts.append(_text(LEFT + plot_w, f"{label_y:.1f}", "end", f"target {target:g}",
                           ' class="chart-target-label"'))
    if len(points) > 1:
        line = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
        parts.append(f'<polyline points="{line}" fill="none" stroke="currentColor" stroke-width="2"/>')
    for d, v in points:
        parts.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="3" fill="currentColor">'
                     f"<title>{escape(f'{v:g}{unit}')}, {escape(long_date(d))}</title></circle>")
    parts.append("</svg>")
    return Markup("".join(parts))


def _series(reviews, attribute: str) -> dict[str, list[tuple[dt.date, float]]]:
    series: dict[str, list[tuple[dt.date, float]]] = {}
    for review in sorted(reviews, key=lambda r: (r.date, r.path)):
        for name, value in getattr(review, attribute):
            series.setdefault(name, []).append((review.date, float(value)))
    return series


def review_charts(reviews: tuple[Review, ...] | list[Review], metrics: tuple[Metric, ...] = ()) -> list[Chart]:
    """One chart per rating (axis 0-10), then one per metric (axis from 0, or
    from the lowest value when it is negative, to a round maximum). A rating
    or metric that `metrics` defines is named by its title and draws its
    target (a metric's axis reaches it)."""
    defined = {metric.name: metric for metric in metrics}
    charts = []
    for kind in ("rating", "metric"):
        for name, points in _series(reviews, kind + "s").items():
            metric = defined.get(name)
            label = label_from_key(metric.title if metric and metric.title else name)
            target = float(metric.target) if metric and metric.target is not None else None
            if kind == "rating":
                title, low, high, unit = f"{label} (0–{RATING_MAX}) across reviews", 0, RATING_MAX, "/10"
            else:
                values = [v for _, v in points] + ([target] if target is not None else [])
                low = -_nice_max(-min(values)) if min(values) < 0 else 0.0
                high = _nice_max(max(values)) if max(values) > 0 else 1.0
                title, unit = f"{label} across reviews", unit_suffix(metric.unit if metric else "")
            svg = _chart_svg(title, points, low, high, unit, target)
            charts.append(Chart(kind, name, label, tuple(points), svg, target, metric.kind if metric else ""))
    return charts
