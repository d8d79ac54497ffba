"""The hypotheses behind the longer horizons and how they fare: for every
item on `year`, `3-years` or `10-years` with an `assumption`, the latest
verdict a quarterly, annual or replan review gave on it (its `assumptions:
{id: holds|broken|unsure}`), for the site's assumptions view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmapgen.model import Item, Review, Roadmap

TESTED_ON = ("year", "3-years", "10-years")  # the horizons whose assumptions the reviews re-test
TESTING_REVIEWS = ("quarterly", "annual", "replan")  # the reviews that re-test them


@dataclass(frozen=True, slots=True)
class AssumptionCheck:
    """One item's assumption and the latest verdict on it."""

    item: Item
    verdict: str | None  # holds | broken | unsure; None when no testing review judged it
    judged_in: Review | None  # the review that gave `verdict`
    last_tested: dt.date | None  # the latest testing review of all, whether or not it judged this one

    @property
    def judged_on(self) -> dt.date | None:
        return self.judged_in.date if self.judged_in else None


def testing_reviews(roadmap: Roadmap, day: dt.date) -> list[Review]:
    """The quarterly, annual and replan reviews dated on or before `day`, oldest
    first (on one date, by file path)."""
    return sorted((r for r in roadmap.reviews if r.type in TESTING_REVIEWS and r.date <= day),
                  key=lambda r: (r.date, r.path))


def assumption_checks(roadmap: Roadmap, day: dt.date) -> tuple[AssumptionCheck, ...]:
    """Every assumption on the longer horizons, in plan order (the longest
    horizon last), judged by the testing reviews dated on or before `day`
    (on one date, the later file path wins, as for statuses). Reviews before
    `as_of` count: a verdict outlives the replan that gave it."""
    testing = testing_reviews(roadmap, day)
    latest: dict[str, tuple[str, Review]] = {}
    for review in testing:  # oldest first: a later verdict overwrites
        for ref, verdict in review.assumptions:
            latest[ref.id] = verdict, review
    last_tested = testing[-1].date if testing else None
    checks = []
    for horizon in TESTED_ON:
        for item in roadmap.items_on(horizon):
            if item.assumption:
                verdict, review = latest.get(item.id, (None, None))
                checks.append(AssumptionCheck(item, verdict, review, last_tested))
    return tuple(checks)
