"""The roadmap: every document linked into one, with every entry by id and
the links in both directions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from roadmapgen.model.documents import ArchiveFile, Page, PlanFile, Review
from roadmapgen.model.entries import Entry, Gap, Item, Path, Person, Risk, Skill
from roadmapgen.model.root import Root


@dataclass(frozen=True, slots=True)
class Links:
    """Every resolved link, in both directions. Keys and values are ids;
    `target` stands for the root's target."""

    serves: Mapping[str, tuple[str, ...]]
    served_by: Mapping[str, tuple[str, ...]]
    closes: Mapping[str, tuple[str, ...]]  # item -> the gaps and skills it closes
    closed_by: Mapping[str, tuple[str, ...]]
    mentioned_in: Mapping[str, tuple[str, ...]]  # id -> paths of the files naming it


@dataclass(frozen=True, slots=True)
class Roadmap:
    """Every document linked into one roadmap (what `link_roadmap` makes)."""

    root: Root | None
    plans: tuple[PlanFile, ...]
    items: tuple[Item, ...]
    gaps: tuple[Gap, ...]
    paths: tuple[Path, ...]
    risks: tuple[Risk, ...]
    reviews: tuple[Review, ...]  # by date, oldest first
    pages: tuple[Page, ...]
    entries: Mapping[str, Entry]  # the first entry of each id, archived items included
    links: Links
    archives: tuple[ArchiveFile, ...] = ()
    archived: tuple[Item, ...] = ()  # the archived items, in file order; not in `items`
    skills: tuple[Skill, ...] = ()
    people: tuple[Person, ...] = ()  # the root's, without a duplicate id's later one
    status_day: dt.date | None = None  # the day `status` was worked out for; None: as written

    @property
    def as_of(self) -> dt.date | None:
        return self.root.as_of if self.root else None

    def items_on(self, horizon: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.horizon == horizon)

    @property
    def primary_path(self) -> Path | None:
        return max(self.paths, key=lambda path: path.probability, default=None)  # the first of equals

    def chain_up(self, entry_id: str) -> tuple[str, ...]:
        """Everything an item serves, directly or not, nearest first."""
        return _walk(entry_id, self.links.serves)

    def chain_down(self, entry_id: str) -> tuple[str, ...]:
        """Everything that serves an item, directly or not, nearest first."""
        return _walk(entry_id, self.links.served_by)


def _walk(start: str, edges: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    frontier = list(edges.get(start, ()))
    while frontier:
        next_frontier = []
        for node in frontier:
            if node not in seen and node != start:
                seen[node] = None
                next_frontier.extend(edges.get(node, ()))
        frontier = next_frontier
    return tuple(seen)
