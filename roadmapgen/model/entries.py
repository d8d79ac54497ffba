"""Entries: everything with an id (plan items, gaps, skills, paths, risks
and the root's people), and the references to them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from roadmapgen.diagnostics import Position
from roadmapgen.model.vocabulary import CLOSED_STATUSES


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to an id, as written: in `serves`, `closes`, `progress`
    or a `[[id|label]]` link."""

    id: str
    pos: Position
    label: str | None = None


@dataclass(frozen=True, slots=True)
class FileLink:
    """A Markdown link or image to a local file, `[notes](notes/x.md)` or
    `![me](me.svg)`: its URL as the page reads it. Kept among a text's
    `[[id]]` refs, placed the same way (read/local_files.py resolves it)."""

    url: str
    pos: Position


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """Anything with an id: plan items, gaps, skills, paths, risks and the
    root's people. They share one namespace."""

    id: str
    title: str  # a person's name
    kind: str  # "item" | "gap" | "skill" | "path" | "risk" | "person"
    visibility: str  # effective: the stricter of its own and its file's
    path: str
    pos: Position  # the start of the entry's mapping
    id_pos: Position
    fields: Mapping[str, Position] = field(default_factory=dict)  # value positions
    notes: str = ""
    notes_refs: tuple[Ref, ...] = ()


@dataclass(frozen=True, slots=True)
class StatusSource:
    """The review an item's effective status comes from (see analyse.statuses)."""

    path: str  # the review's file
    date: dt.date
    type: str  # monthly | quarterly | annual | replan
    pos: Position  # the item's key under the review's `progress`


@dataclass(frozen=True, slots=True, kw_only=True)
class Item(Entry):
    """One step of a plan on one horizon, with what it serves and what gap it closes.

    `status` is the item's effective status once analyse.statuses has worked
    it out for a day (the latest review's `progress` for it, see format 1.1
    section 9); `written_status` is what its file says, and `status_from`
    the review `status` came from, None when it is the written one. An
    archived item (`archived`) is one of a `kind: archive` file: done or
    dropped, kept so that its id still resolves, on no horizon's page."""

    horizon: str
    type: str = ""
    due: dt.date | None = None
    start: dt.date | None = None
    serves: tuple[Ref, ...] = ()
    closes: tuple[Ref, ...] = ()
    status: str = "planned"
    dimension: str = ""
    measure: str = ""
    evidence: str = ""
    assumption: str = ""
    reward: str = ""  # the celebration the owner promised themselves, shown once it is done
    written_status: str = ""  # "" when made: then the same as `status`
    status_from: StatusSource | None = None
    archived: bool = False

    def __post_init__(self) -> None:
        if not self.written_status:
            object.__setattr__(self, "written_status", self.status)

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES


@dataclass(frozen=True, slots=True, kw_only=True)
class Gap(Entry):
    """The distance between where you are and what the target needs."""

    area: str = "other"
    now: str = ""
    needed: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Skill(Entry):
    """A skill on the skills map: the level now and the level aimed at on
    each horizon (0-5). Plan items close it as they close a gap.

    `targets` are (horizon, level) in horizon order, levels never falling;
    `target_fields` where each level is written."""

    group: str = ""
    now: int = 0
    targets: tuple[tuple[str, int], ...] = ()
    evidence: str = ""

    @property
    def highest_target(self) -> int | None:
        return max((level for _, level in self.targets), default=None)

    @property
    def has_gap(self) -> bool:
        """Whether some target is above the level now."""
        highest = self.highest_target
        return highest is not None and highest > self.now


@dataclass(frozen=True, slots=True, kw_only=True)
class Person(Entry):
    """Someone on the advisory board: a mentor, sponsor, accountability
    partner, advisor or peer, and how often to meet them. Listed under the
    root's `people`; `title` is their name."""

    role: str = ""
    cadence: int | None = None  # the most days between meetings
    since: dt.date | None = None

    @property
    def name(self) -> str:
        return self.title


@dataclass(frozen=True, slots=True)
class Step:
    """A role on a path, and when you expect to hold it."""

    role: str
    when: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Path(Entry):
    """One way to the target, with its probability and, for an alternative, its trigger."""

    probability: int = 0
    trigger: str = ""
    steps: tuple[Step, ...] = ()
    pros: tuple[str, ...] = ()
    cons: tuple[str, ...] = ()
    timeline: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Risk(Entry):
    """What could knock the roadmap off course, and what you do about it."""

    probability: int = 0
    impact: str = "medium"
    mitigation: str = ""
    type: str = "risk"
