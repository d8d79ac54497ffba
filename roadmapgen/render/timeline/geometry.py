"""The timeline's geometry: frozen dataclasses of boxes, labels, bands, lanes
and marks in the SVG's user units (y grows downwards), and the sizes that
both the layout and the SVG draw with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmapgen.model import StatusSource

MARGIN = 8
TEXT_SIZE = 12  # item labels, band and lane titles
SMALL_SIZE = 11  # tick labels, notes, the today and target flags, the legend
POINT_R = 5  # radius of a point mark; bars are 2 * BAR_HALF tall
BAR_HALF = 5
LABEL_GAP = 6  # between a mark and its label
ROW_GAP = 10  # the least room between two things in one row
BADGE_W = 16  # the overdue badge before a label


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def x1(self) -> float:
        return self.x + self.w

    @property
    def y1(self) -> float:
        return self.y + self.h

    def intersects(self, other: Box) -> bool:
        return self.x < other.x1 and other.x < self.x1 and self.y < other.y1 and other.y < self.y1

    def inside(self, width: float, height: float) -> bool:
        return self.x >= 0 and self.y >= 0 and self.x1 <= width and self.y1 <= height


@dataclass(frozen=True, slots=True)
class Label:
    """A piece of text: drawn from (x, baseline), it fills at most `box`."""

    text: str  # what is drawn, maybe truncated
    full: str  # the whole text, for <title>
    x: float
    baseline: float
    size: float
    bold: bool
    box: Box
    badge: bool = False  # an "overdue" badge drawn at the start of the box, before the text

    @property
    def truncated(self) -> bool:
        return self.text != self.full


@dataclass(frozen=True, slots=True)
class Tick:
    date: dt.date
    x: float
    label: Label | None  # None when there was no room for it
    boundary: bool  # where one horizon's scale gives way to the next


@dataclass(frozen=True, slots=True)
class Band:
    """A stretch of the axis with its own linear scale: one horizon, or `earlier`."""

    name: str
    title: Label
    start: dt.date
    end: dt.date
    x0: float
    x1: float
    ticks: tuple[Tick, ...]


@dataclass(frozen=True, slots=True)
class Lane:
    horizon: str  # a horizon's name, or "archived" for the archived items' lane
    y0: float
    y1: float
    title: Label
    count: int
    note: Label | None  # "3 items", or "Nothing planned"


@dataclass(frozen=True, slots=True)
class ItemMark:
    id: str
    title: str
    horizon: str
    status: str
    start: dt.date | None
    due: dt.date | None
    at: dt.date  # where it is drawn: its due date, or its horizon's end
    shape: str  # "bar" (start to due) or "point"
    x0: float
    x1: float
    y: float  # the centre line of its row
    overdue: bool
    undated: bool  # no due: drawn at its horizon's end
    label: Label | None  # None in the compact picture
    serves: tuple[tuple[str | None, str], ...]  # (id if visible, words) for each id it serves
    description: str  # everything about the mark, in words
    status_from: StatusSource | None = None  # the review its status comes from (Item.status_from)
    archived: bool = False  # an archived item's, in the lane of its own


@dataclass(frozen=True, slots=True)
class Connector:
    source: str
    target: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class Marker:
    kind: str  # "today" | "target"
    date: dt.date
    x: float
    y0: float
    y1: float
    label: Label


@dataclass(frozen=True, slots=True)
class ReviewMark:
    key: str  # the review's file, for the caller's href; never drawn
    date: dt.date
    type: str
    title: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class LegendEntry:
    kind: str  # a status, or overdue | undated | review | today | target | serves
    x: float  # the swatch's left edge
    y: float  # its centre
    label: Label


@dataclass(frozen=True, slots=True)
class TimelineLayout:
    width: float
    height: float
    compact: bool
    as_of: dt.date
    end: dt.date
    today: dt.date
    title: str
    description: str
    plot_x0: float
    plot_x1: float
    axis_y: float
    lanes_y1: float
    bands: tuple[Band, ...]
    lanes: tuple[Lane, ...]
    items: tuple[ItemMark, ...]
    connectors: tuple[Connector, ...]
    markers: tuple[Marker, ...]
    reviews: tuple[ReviewMark, ...]
    review_strip: Label | None
    legend: tuple[LegendEntry, ...]

    @property
    def labels(self) -> tuple[Label, ...]:
        """Every piece of text in the picture."""
        found: list[Label | None] = [band.title for band in self.bands]
        found += [tick.label for band in self.bands for tick in band.ticks]
        found += [label for lane in self.lanes for label in (lane.title, lane.note)]
        found += [item.label for item in self.items]
        found += [marker.label for marker in self.markers]
        found += [self.review_strip] + [entry.label for entry in self.legend]
        return tuple(label for label in found if label is not None)
