"""The root: the `kind: roadmap` file, with its target, vision, values,
people, metrics, budgets and quick reference."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from roadmapgen.diagnostics import Position
from roadmapgen.model.documents import Document
from roadmapgen.model.entries import Person, Ref
from roadmapgen.model.vocabulary import BLOCK_DEFAULTS, DEFAULT_CADENCE, frozen_map, stricter


@dataclass(frozen=True, slots=True)
class Target:
    """The role the roadmap aims at, and by when."""

    role: str = ""
    level: str = ""
    industry: str = ""
    companies: tuple[str, ...] = ()
    by: dt.date | None = None
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Value:
    """A value of the root's vision and how well the vision serves it (1-5)."""

    name: str
    score: int


@dataclass(frozen=True, slots=True)
class VisionPart:
    """One part of the vision besides its statement: achievement,
    financial, impact or lifestyle. Markdown `text`, or `facts` (label,
    value; label "" for a plain text of a list) where the part is written
    as `label: value` lines or as a list, or both empty."""

    name: str
    text: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    refs: tuple[Ref, ...] = ()
    pos: Position | None = None  # the part's key under `vision`


@dataclass(frozen=True, slots=True, kw_only=True)
class Metric:
    """An indicator's definition: the key reviews use under `metrics` (or
    `ratings`), whether it leads, tracks progress or measures the outcome,
    and the value aimed at."""

    name: str
    kind: str  # leading | progress | outcome
    title: str = ""  # how the site names it; "" for its name
    target: int | float | None = None
    unit: str = ""
    notes: str = ""  # Markdown: how it is measured
    notes_refs: tuple[Ref, ...] = ()  # its links to local files (and [[links]], which no check reads yet)
    visibility: str = "public"  # effective: the stricter of its own and the `metrics` block's
    pos: Position | None = None  # the start of its mapping
    name_pos: Position | None = None


@dataclass(frozen=True, slots=True)
class Budgets:
    """What the roadmap may spend: `time` (label, hours per week), `money`
    (label, amount per year, in `currency`) and `energy` (label, note)."""

    time: tuple[tuple[str, int | float], ...] = ()
    money: tuple[tuple[str, int | float], ...] = ()
    currency: str = ""
    energy: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.time or self.money or self.energy)


@dataclass(frozen=True, slots=True)
class QuickReference:
    """The one-pager's quick reference: key success indicators and
    emergency protocols, each a short text with an optional label
    ("Career crisis plan": "Call Ana, then ..."); label "" when none."""

    indicators: tuple[tuple[str, str], ...] = ()
    protocols: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.indicators or self.protocols)


@dataclass(frozen=True, slots=True, kw_only=True)
class Root(Document):
    """The `kind: roadmap` file: the owner, the date the horizons start and the target."""

    owner: str
    as_of: dt.date
    target: Target
    vision: str = ""  # the vision's statement (all of it when written as one paragraph), Markdown
    vision_refs: tuple[Ref, ...] = ()  # the statement's [[links]] (each part has its own)
    vision_parts: tuple[VisionPart, ...] = ()  # in VISION_PARTS order, the parts written
    values: tuple[Value, ...] = ()
    finances: tuple[tuple[str, str], ...] = ()
    cadence: Mapping[str, int] = field(default_factory=lambda: frozen_map(DEFAULT_CADENCE))
    block_visibility: Mapping[str, str] = field(default_factory=dict)
    people: tuple[Person, ...] = ()
    metrics: tuple[Metric, ...] = ()
    budgets: Budgets = field(default_factory=Budgets)
    industry: tuple[tuple[str, str], ...] = ()  # (now | 3-years | 10-years, Markdown), in that order
    industry_refs: tuple[Ref, ...] = ()
    quick_reference: QuickReference = field(default_factory=QuickReference)
    # `visibility.default`: the level of everything that sets none (see
    # analyse.visibility), including the root's own blocks.
    default_visibility: str = "public"

    def block_level(self, block: str) -> str:
        """Who may see a block of the root. A part of the vision
        (`vision.financial`) is never more visible than the vision."""
        own_default = stricter(self.default_visibility, BLOCK_DEFAULTS.get(block, "public"))
        level = self.block_visibility.get(block, own_default)
        parent, dot, _ = block.partition(".")
        return stricter(level, self.block_level(parent)) if dot else level

    def vision_part(self, name: str) -> VisionPart | None:
        return next((part for part in self.vision_parts if part.name == name), None)
