"""Effective statuses (format 1.1 section 9): on a given day an item's
status is its `progress` in the latest review that has one for it, among
the reviews dated after the root's `as_of` and on or before that day (on
one date, the later file path wins); with none, the status its file gives.

Worked out once, right after linking, so that every check, page, timeline
and export reads `Item.status` and gets the effective one without knowing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Iterable

from roadmapgen.analyse.links import backlinks
from roadmapgen.model import Item, Review, Roadmap, StatusSource, frozen_map


def latest_progress(reviews: Iterable[Review], as_of: dt.date | None,
                    day: dt.date) -> dict[str, tuple[str, StatusSource]]:
    """Item id -> (status, the review it comes from) for every item some
    counting review gives a `progress` for."""
    if as_of is None:  # no root: no plan for reviews to move
        return {}
    counting = sorted((r for r in reviews if as_of < r.date <= day), key=lambda r: (r.date, r.path))
    latest: dict[str, tuple[str, StatusSource]] = {}
    for review in counting:  # oldest first: a later review overwrites
        for ref, status in review.progress:
            latest[ref.id] = status, StatusSource(review.path, review.date, review.type, ref.pos)
    return latest


def with_effective_statuses(roadmap: Roadmap, day: dt.date,
                            reviews: Iterable[Review] | None = None) -> Roadmap:
    """The roadmap with every item's (archived ones too) `status` the
    effective one on `day`, worked out from `reviews` (default: all of the
    roadmap's), and what serves and closes what worked out again, since a
    dropped item serves nothing. Starts from each item's written status, so
    it can be applied again with fewer reviews (an audience's)."""
    latest = latest_progress(roadmap.reviews if reviews is None else reviews, roadmap.as_of, day)

    def effective(item: Item) -> Item:
        status, source = latest.get(item.id, (item.written_status, None))
        if status == item.status and source == item.status_from:
            return item
        return dataclasses.replace(item, status=status, status_from=source)

    changed = {entry_id: effective(entry) for entry_id, entry in roadmap.entries.items()
               if isinstance(entry, Item)}

    def now(item: Item) -> Item:
        # A duplicate id's later item is not in `entries`: it keeps its status.
        new = changed.get(item.id)
        return new if new is not None and new.pos == item.pos else item

    items = tuple(changed.values())  # in link order, archived ones included
    links = roadmap.links
    return dataclasses.replace(
        roadmap,
        plans=tuple(dataclasses.replace(p, items=tuple(map(now, p.items))) for p in roadmap.plans),
        archives=tuple(dataclasses.replace(a, items=tuple(map(now, a.items))) for a in roadmap.archives),
        items=tuple(map(now, roadmap.items)),
        archived=tuple(map(now, roadmap.archived)),
        entries=frozen_map({**roadmap.entries, **changed}),
        links=dataclasses.replace(links, served_by=backlinks(items, links.serves),
                                  closed_by=backlinks(items, links.closes)),
        status_day=day,
    )
