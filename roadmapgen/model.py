"""The roadmap as typed, immutable data.

Documents (one per file) are what the parser makes; `Roadmap` is what linking
makes of all of them: every entry by id, and the links in both directions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from roadmapgen.diagnostics import Position

# The site's layout: its settings file and the folders of its sources.
CONFIG_FILE = "roadmap.toml"
CONTENT_DIR = "content"
THEMES_DIR = "themes"
STATIC_DIR = "static"  # published as it is into every edition (read/static_files.py)

KINDS = ("roadmap", "plan", "archive", "gaps", "skills", "paths", "risks", "review", "page")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")  # the whole id (fullmatch)
HORIZONS = ("30-days", "quarter", "year", "3-years", "10-years")
HORIZON_RANK = {name: rank for rank, name in enumerate(HORIZONS)}
HORIZON_LABELS = {
    "30-days": "Next 30 days",
    "quarter": "Next quarter",
    "year": "Year one",
    "3-years": "Years 2–3",
    "10-years": "10-year vision",
}
STATUSES = ("planned", "active", "done", "dropped", "blocked")
CLOSED_STATUSES = ("done", "dropped")
DIMENSIONS = ("role", "skills", "network", "compensation", "achievement")
GAP_AREAS = ("skills", "scope", "mentorship", "visibility", "network", "credentials", "other")
IMPACTS = ("high", "medium", "low")
RISK_TYPES = ("risk", "black-swan", "disruption")
REVIEW_TYPES = ("monthly", "quarterly", "annual", "replan")
VERDICTS = ("holds", "broken", "unsure")  # a review's verdict on an item's assumption
VISIBILITIES = ("public", "mentors", "private")
VISIBILITY_RANK = {name: rank for rank, name in enumerate(VISIBILITIES)}
VISION_PARTS = ("achievement", "financial", "impact", "lifestyle")  # besides its `statement`
# The root's parts that its `visibility` mapping sets a level for; `intro` is its Markdown body.
ROOT_BLOCKS = (
    "target", "vision", *(f"vision.{part}" for part in VISION_PARTS), "values", "finances", "cadence",
    "intro", "people", "metrics", "budgets", "industry", "quick_reference",
)
# A block that sets no level has the stricter of the root's `default` and its own default
# here: money is private.
BLOCK_DEFAULTS = {"finances": "private", "vision.financial": "private", "budgets": "private"}
PERSON_VISIBILITY = "mentors"  # a person's, unless they say otherwise
PERSON_ROLES = ("mentor", "sponsor", "partner", "advisor", "peer")  # the usual ones; any word will do
METRIC_KINDS = ("leading", "progress", "outcome")
SKILL_LEVEL_MAX = 5  # skill levels run from 0 to this
INDUSTRY_VIEWS = ("now", "3-years", "10-years")  # the industry as it is, and in 3 and 10 years
MILESTONE_YEARS = (1, 2, 3, 5, 10)  # the worksheet's milestone years, counted from as_of
DEFAULT_CADENCE = {"monthly": 35, "quarterly": 100, "annual": 380}  # the review types with a cadence
RATING_MAX = 10  # ratings in a review run from 0 to this
MAX_VALUES = 5  # the values a vision may name
TARGET_ID = "target"


def horizon_end(horizon: str, as_of: dt.date) -> dt.date:
    """The last day of a horizon's window (the window includes it)."""
    if horizon == "30-days":
        return as_of + dt.timedelta(days=30)
    if horizon == "quarter":
        return as_of + dt.timedelta(days=91)
    return years_after(as_of, {"year": 1, "3-years": 3, "10-years": 10}[horizon])


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def stricter(*levels: str) -> str:
    return max(levels, key=VISIBILITY_RANK.__getitem__)


def frozen_map(data: dict) -> Mapping:
    return MappingProxyType(dict(data))


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


@dataclass(frozen=True, slots=True)
class Broken:
    """A file too broken to join the roadmap; its findings explain why. Kept
    so that a broken root still counts as a root."""

    path: str
    kind: str
    fields: Mapping
