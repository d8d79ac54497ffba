"""The advisory board (format 1.1 section 11): for each of the root's
people, when a review last met them and when the next meeting is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmapgen.model import Person, Roadmap


@dataclass(frozen=True, slots=True)
class Contact:
    """One row of the board. `since` is where the cadence counts from when no
    review has met them: their `since`, else the root's `as_of`. `next_due`
    is None for a person without a cadence."""

    person: Person
    since: dt.date
    last_met: dt.date | None
    last_met_in: str | None  # the path of the review that last met them
    next_due: dt.date | None
    overdue: bool


def contact_board(roadmap: Roadmap, today: dt.date) -> tuple[Contact, ...]:
    """A row per person, in the order the root lists them. Only reviews
    dated on or before `today` count as meetings."""
    root = roadmap.root
    if root is None:
        return ()
    last: dict[str, tuple[dt.date, str]] = {}
    for review in roadmap.reviews:  # oldest first: a later review overwrites
        if review.date <= today:
            for ref in review.met:
                last[ref.id] = review.date, review.path
    board = []
    for person in roadmap.people:
        since = person.since or root.as_of
        last_met, met_in = last.get(person.id, (None, None))
        reference = max(since, last_met) if last_met else since
        next_due = None
        if person.cadence is not None:
            # A reference near the calendar's end: the meeting is due on its last day.
            room = (dt.date.max - reference).days
            cadence = dt.timedelta(days=person.cadence)
            next_due = reference + cadence if room >= person.cadence else dt.date.max
        board.append(Contact(person, since, last_met, met_in, next_due,
                             overdue=next_due is not None and today > next_due))
    return tuple(board)
