"""Documents: what the parser makes of each file (the root has its own
module, model.root), and what it keeps of a file too broken to read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from roadmapgen.diagnostics import Position
from roadmapgen.model.entries import Entry, Item, Ref
from roadmapgen.model.vocabulary import CONTENT_DIR


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """What every file has."""

    path: str  # relative to the site root, '/'-separated
    title: str
    visibility: str
    body: str = ""
    body_line: int = 1
    body_refs: tuple[Ref, ...] = ()
    fields: Mapping[str, Position] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        """The file's path under content/ without its extension."""
        return self.path.removeprefix(f"{CONTENT_DIR}/").removesuffix(".md")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanFile(Document):
    """A `kind: plan` file: items on one horizon."""

    horizon: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveFile(Document):
    """A `kind: archive` file: done and dropped items moved out of the plan,
    each with the horizon it was on."""

    items: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class EntriesFile(Document):
    """A gaps, paths or risks file."""

    kind: str
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Review(Document):
    """A `kind: review` file: a dated look back, with ratings, metrics and progress."""

    date: dt.date
    type: str
    ratings: tuple[tuple[str, float], ...] = ()
    metrics: tuple[tuple[str, float], ...] = ()
    progress: tuple[tuple[Ref, str], ...] = ()
    assumptions: tuple[tuple[Ref, str], ...] = ()  # (item, holds | broken | unsure)
    met: tuple[Ref, ...] = ()  # the people met since the review before


@dataclass(frozen=True, slots=True, kw_only=True)
class Page(Document):
    """A `kind: page` file: free Markdown."""


@dataclass(frozen=True, slots=True)
class Broken:
    """A file too broken to join the roadmap; its findings explain why. Kept
    so that a broken root still counts as a root."""

    path: str
    kind: str
    fields: Mapping
