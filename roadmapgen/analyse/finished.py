"""When a done or dropped item was settled, for the site's "done this
month" and history views: the review that marked it so, or its due date.

The effective status (analyse.statuses) counts only the reviews after
`as_of`, but once `roll` has archived an item its status is written in the
archive and the review that marked it done is older than the new `as_of`.
So the settling review is looked for among every review up to the day: the
first of the latest run of reviews whose `progress` gives the item the
status it has now (a monthly review that repeats "done" does not move the
date). With no such review (the file alone says done, or the latest review
said otherwise) the item's `due` stands in, and without one no date is known.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from roadmapgen.model import Item, Review, Roadmap

SETTLED_STATUSES = ("done", "dropped")
DONE_WINDOW_DAYS = 30  # "done this month": the 30 days that end today


@dataclass(frozen=True, slots=True)
class Settled:
    """A done or dropped item and when it became so."""

    item: Item
    review: Review | None  # the review that marked it so; None when only its file says it
    on: dt.date | None  # that review's date, else the item's due date, else None

    @property
    def by_due_date(self) -> bool:
        """The date is the item's due date: no review marked it."""
        return self.review is None and self.on is not None


def settled_items(roadmap: Roadmap, day: dt.date) -> dict[str, Settled]:
    """Every done or dropped item, archived ones included, by id: when it
    was settled, judged by the roadmap's reviews dated on or before `day`
    (an audience's view holds only the reviews it may read)."""
    runs: dict[str, list[tuple[Review, str]]] = defaultdict(list)
    for review in sorted(roadmap.reviews, key=lambda r: (r.date, r.path)):
        if review.date <= day:
            for ref, status in review.progress:
                runs[ref.id].append((review, status))
    found = {}
    for item in (e for e in roadmap.entries.values() if isinstance(e, Item)):
        if item.status not in SETTLED_STATUSES:
            continue
        history = runs.get(item.id, [])
        first = None
        for review, status in reversed(history):  # newest first, while it says what the item is now
            if status != item.status:
                break
            first = review
        found[item.id] = Settled(item, first, first.date if first else item.due)
    return found


def window_start(today: dt.date, days: int = DONE_WINDOW_DAYS) -> dt.date:
    """The first of the `days` days that end on `today` (today and the days - 1 before it)."""
    # A day near the calendar's start: the window starts with the calendar.
    return today - dt.timedelta(days=days - 1) if (today - dt.date.min).days >= days - 1 else dt.date.min


def done_in_window(settled: dict[str, Settled], today: dt.date, days: int = DONE_WINDOW_DAYS) -> list[Settled]:
    """The items done in the `days` days that end on `today`, newest first.
    `settled`: settled_items() of the roadmap on `today`."""
    start = window_start(today, days)
    done = [s for s in settled.values()
            if s.item.status == "done" and s.on is not None and start <= s.on <= today]
    return sorted(done, key=lambda s: (s.on, s.item.path, s.item.pos.line or 0), reverse=True)
