"""The timeline's time axis: one linear piece per band (a horizon, and the
months before `as_of` when something is dated then), each with its share of
the width, and the tick dates and words inside each band. With archived
items the months before `as_of` are the `past` band, wider than a plain
`earlier` one since those items are drawn there."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmapgen.model import HORIZONS, horizon_end
from roadmapgen.render.templates import MONTHS, short_date

# Each band's share of the plot's width: the next 30 days as readable as the ten years.
WEIGHTS = {"earlier": 0.55, "past": 1.5, "30-days": 2.3, "quarter": 1.35, "year": 1.6, "3-years": 1.2,
           "10-years": 1.5}
BEFORE_AS_OF = ("earlier", "past")  # the names of the band before as_of: plain, or holding archived items
# A band's inner ticks are at most this many: a typo such as `0026-01-01` must not draw
# thousands of lines no one can tell apart (nor take a second to build them).
MAX_TICKS = 12
ROUND_YEARS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
def month_words(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True, slots=True)
class Scale:
    """Piecewise linear: date -> x, one piece (band name, start, end, x0, x1) per band."""

    pieces: list[tuple[str, dt.date, dt.date, float, float]]

    def x(self, day: dt.date) -> float:
        first, last = self.pieces[0], self.pieces[-1]
        if day <= first[1]:
            return first[3]
        if day >= last[2]:
            return last[4]
        _, start, end, x0, x1 = next(piece for piece in self.pieces if day <= piece[2])  # they are contiguous
        return x0 + (x1 - x0) * (day - start).days / ((end - start).days or 1)


def make_scale(as_of: dt.date, earliest: dt.date, x0: float, x1: float, past: bool = False) -> Scale:
    """`past`: archived items are drawn before as_of (the band is then `past`, not `earlier`)."""
    ends = [as_of] + [horizon_end(name, as_of) for name in HORIZONS]
    edges = list(zip(HORIZONS, ends, ends[1:]))
    if earliest < as_of:
        edges.insert(0, ("past" if past else "earlier", earliest.replace(day=1), as_of))
    total = sum(WEIGHTS[name] for name, _, _ in edges)
    pieces, left = [], x0
    for name, start, end in edges:
        right = left + (x1 - x0) * WEIGHTS[name] / total
        pieces.append((name, start, end, left, right))
        left = right
    return Scale(pieces)


def inner_ticks(name: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Ticks strictly inside a band, with their words: weeks, months, quarters or years."""
    if name == "30-days":  # weeks, none closer than 3 days to the band's end
        weeks = (start + dt.timedelta(days=days) for days in range(7, (end - start).days - 2, 7))
        return [(day, short_date(day)) for day in weeks]
    if end.year - start.year > MAX_TICKS // 4:
        return _year_ticks(start, end)
    years = name in ("3-years", "10-years")
    months = (1,) if years else range(1, 13) if name == "quarter" else (1, 4, 7, 10)
    ticks = []
    index = start.year * 12 + start.month  # the month after start's, counted from January of year 0
    while index // 12 <= dt.MAXYEAR and (day := dt.date(index // 12, index % 12 + 1, 1)) < end:
        if day.month in months and years:
            ticks.append((day, str(day.year)))
        elif day.month in months:
            short = day.month != 1 and name not in BEFORE_AS_OF
            ticks.append((day, MONTHS[day.month - 1] if short else month_words(day)))
        index += 1
    return ticks


def _year_ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Every step-th 1 January strictly inside the band, the step the smallest round
    number of years that leaves at most MAX_TICKS."""
    step = next(years for years in ROUND_YEARS if (end.year - start.year) // years <= MAX_TICKS)
    first = (start.year // step + 1) * step
    return [(dt.date(year, 1, 1), str(year)) for year in range(first, end.year + (end.month > 1 or end.day > 1), step)]


def boundary_text(name: str, day: dt.date) -> str | None:
    """The label where a band starts: a day for the short horizons; the long ones have their years."""
    if name in BEFORE_AS_OF:
        return month_words(day)
    if name in ("30-days", "quarter", "year"):
        return short_date(day)
    return None
