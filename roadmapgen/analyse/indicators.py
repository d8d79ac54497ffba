"""Indicators (format 1.1 section 11): each metric the root defines, with
its latest value in the reviews.

A metric's values are the reviews' entries under its name in `metrics`, or
in `ratings` where `metrics` has none. The latest is that of the latest
review (by date, then file path) that gives one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmapgen.model import Metric, Review, Roadmap


@dataclass(frozen=True, slots=True)
class Indicator:
    metric: Metric
    latest: int | float | None  # None: no review gives it yet
    latest_date: dt.date | None
    latest_in: str | None  # the path of that review
    history: tuple[tuple[dt.date, int | float], ...]  # every review's value, oldest first


def review_value(review: Review, name: str) -> int | float | None:
    """A review's value of the metric `name`, from `metrics`, else `ratings`."""
    for pairs in (review.metrics, review.ratings):
        for key, value in pairs:
            if key == name:
                return value
    return None


def indicators(roadmap: Roadmap) -> tuple[Indicator, ...]:
    """One per metric the root defines, in the root's order."""
    root = roadmap.root
    if root is None:
        return ()
    result = []
    for metric in root.metrics:
        history = [(r, v) for r in roadmap.reviews if (v := review_value(r, metric.name)) is not None]
        last = history[-1] if history else None
        result.append(Indicator(metric, last[1] if last else None, last[0].date if last else None,
                                last[0].path if last else None, tuple((r.date, v) for r, v in history)))
    return tuple(result)

