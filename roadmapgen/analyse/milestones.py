"""Milestones by dimension (format 1.1 section 11): the worksheet's table of
the five dimensions against years 1, 2, 3, 5 and 10 from `as_of`.

A dated item with a `dimension` goes in the first year whose end is on or
after its `due`: year k holds what is due after the end of the year before
it (as_of + k' years, k' the previous column, 0 for year 1) up to and
including as_of + k years. An item due on or before `as_of` (late, or done
early) counts in year 1. Dropped items are left out; archived items are not
in the plan any more, so neither are they here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmapgen.model import DIMENSIONS, MILESTONE_YEARS, Item, Roadmap, years_after


@dataclass(frozen=True, slots=True)
class MilestoneYear:
    """A column: year `year`, covering the days after `after` up to `end`."""

    year: int
    after: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class MilestoneTable:
    years: tuple[MilestoneYear, ...]
    rows: tuple[tuple[str, tuple[tuple[Item, ...], ...]], ...]  # (dimension, a cell per year)
    undated: tuple[Item, ...]  # items with a dimension but no due date: on no year

    def __bool__(self) -> bool:
        return any(cell for _, cells in self.rows for cell in cells) or bool(self.undated)


def milestone_years(as_of: dt.date) -> tuple[MilestoneYear, ...]:
    bounds = (0, *MILESTONE_YEARS)
    return tuple(MilestoneYear(year, years_after(as_of, before), years_after(as_of, year))
                 for before, year in zip(bounds, bounds[1:]))


def milestone_table(roadmap: Roadmap) -> MilestoneTable | None:
    """The table, or None without a root. Each cell's items by due date,
    then by file and line."""
    if roadmap.root is None:
        return None
    years = milestone_years(roadmap.root.as_of)
    placed = sorted((i for i in roadmap.items if i.dimension and i.status != "dropped"),
                    key=lambda i: (i.due or dt.date.max, i.path.encode(), i.pos.line or 0))
    cells = {(dimension, year.year): [] for dimension in DIMENSIONS for year in years}
    for item in placed:
        column = next((year for year in years if item.due is not None and item.due <= year.end), None)
        if column is not None:
            cells[item.dimension, column.year].append(item)
    rows = tuple((dimension, tuple(tuple(cells[dimension, year.year]) for year in years))
                 for dimension in DIMENSIONS)
    undated = tuple(i for i in placed if i.due is None)
    return MilestoneTable(years, rows, undated)
