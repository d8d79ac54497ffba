"""The timeline's time axis: one linear piece per band (a horizon, and the
months before `as_of` when something is dated then), each with its share of
the width, and the tick dates and words inside each band."""

from __future__ import annotations

import datetime as dt

from roadmapgen.model import HORIZONS, horizon_end

# Each band's share of the plot's width: the next 30 days as readable as the ten years.
WEIGHTS = {"earlier": 0.55, "30-days": 2.3, "quarter": 1.35, "year": 1.6, "3-years": 1.2, "10-years": 1.5}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_words(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


class Scale:
    """Piecewise linear: date -> x, one linear piece per band."""

    def __init__(self, pieces: list[tuple[str, dt.date, dt.date, float, float]]):
        self.pieces = pieces

    def x(self, day: dt.date) -> float:
        first, last = self.pieces[0], self.pieces[-1]
        if day <= first[1]:
            return first[3]
        if day >= last[2]:
            return last[4]
        for _, start, end, x0, x1 in self.pieces:
            if start <= day <= end:
                span = (end - start).days or 1
                return x0 + (x1 - x0) * (day - start).days / span
        return last[4]  # unreachable: the pieces are contiguous


def make_scale(as_of: dt.date, earliest: dt.date | None, x0: float, x1: float) -> Scale:
    edges = [("30-days", as_of, horizon_end("30-days", as_of))]
    for previous, name in zip(HORIZONS, HORIZONS[1:]):
        edges.append((name, horizon_end(previous, as_of), horizon_end(name, as_of)))
    if earliest is not None and earliest < as_of:
        edges.insert(0, ("earlier", earliest.replace(day=1), as_of))
    total = sum(WEIGHTS[name] for name, _, _ in edges)
    pieces, left = [], x0
    for name, start, end in edges:
        right = left + (x1 - x0) * WEIGHTS[name] / total
        pieces.append((name, start, end, left, right))
        left = right
    return Scale(pieces)


def inner_ticks(name: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Ticks strictly inside a band: weeks, months, quarters or years."""
    ticks: list[tuple[dt.date, str]] = []
    if name == "30-days":
        day = start + dt.timedelta(days=7)
        while end - day >= dt.timedelta(days=3):
            ticks.append((day, short_date(day)))
            day += dt.timedelta(days=7)
        return ticks
    months = {"quarter": range(1, 13), "year": (1, 4, 7, 10), "earlier": (1, 4, 7, 10)}.get(name, (1,))
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        if year > dt.MAXYEAR:  # a band that ends on the calendar's last day
            return ticks
        day = dt.date(year, month, 1)
        if day >= end:
            return ticks
        if month in months:
            if name in ("3-years", "10-years"):
                ticks.append((day, str(year)))
            else:
                ticks.append((day, month_words(day) if month == 1 or name == "earlier" else MONTHS[month - 1]))


def boundary_text(name: str, day: dt.date) -> str | None:
    """The label where a band starts: a day for the short horizons; the long ones have their years."""
    if name == "earlier":
        return month_words(day)
    if name in ("30-days", "quarter", "year"):
        return short_date(day)
    return None
