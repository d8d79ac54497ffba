"""The timeline: from the next 30 days to the 10-year vision in one picture.

Two pure steps, so the geometry can be tested without a browser:

- `layout_timeline(roadmap, today)` -> `TimelineLayout`: bands on a piecewise
  scale (one per horizon, each with its own ticks, so the next 30 days get as
  much room as the ten years), one lane of items per horizon, label boxes
  measured with font metrics and packed into rows so that none overlap and
  all stay inside the picture, review markers, today's line, the target
  date, and the `serves` links between items.
- `render_svg(layout, href)` -> inline SVG: no script, no external asset,
  every piece of text escaped, each item linked through `href(item_id)`.

`timeline_context(renderer)` is what the templates receive. The roadmap is
the audience's view: hidden items are not in it, so they are not drawn.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

from roadmapgen.model import HORIZON_LABELS, HORIZONS, TARGET_ID, Item, Roadmap, horizon_end

# -- text metrics ------------------------------------------------------------
#
# Label boxes must hold the text a browser will draw, so text is measured
# with the fonts' own advance widths rather than a guess per character. A
# library (Pillow, fontTools reading a system font at build time) would tie
# every build to a font file that is not reliably on a user's machine, so the
# widths are a table: for each character below, the larger advance of
# Liberation Sans (metric-compatible with Arial and Helvetica, which the SVG
# asks for first) and DejaVu Sans (the usual `sans-serif` on Linux, wider),
# read from their `hmtx` tables with fontTools and rounded up, in thousandths
# of an em. Kerning and ligatures only ever narrow text, so ignoring them
# errs on the safe side. Characters outside the table (other scripts, emoji)
# count as a full em, wide East Asian ones too; combining marks as nothing.
# tests/test_timeline.py re-derives the table from the fonts when they are
# installed and prints the new one when it differs.

FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, 'DejaVu Sans', sans-serif"
METRIC_CHARS = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "".join(chr(c) for c in range(0xA0, 0x180))
    + "–—‘’‚“”„†‡•…‰‹›€™−←↑→↓"
)
ASCENT, DESCENT = 0.929, 0.236  # the larger hhea ascender and descender of the two fonts, per em


def _widths(text: str) -> dict[str, int]:
    values = [int(v) for v in text.split()]
    assert len(values) == len(METRIC_CHARS)
    return dict(zip(METRIC_CHARS, values))


_REGULAR = _widths("""
318 401 460 838 637 951 780 275 391 391 500 838 318 361 318 337 637 637 637 637 637 637 637 637 637
637 337 337 838 838 838 557 1016 685 687 723 771 667 611 778 752 295 500 667 558 863 749 788 667 788
723 667 611 732 685 989 686 667 686 391 337 391 838 557 500 613 635 550 635 616 353 635 634 278 278
580 278 975 634 612 635 635 412 521 393 634 592 818 592 592 525 637 337 637 838 318 401 637 637 637
637 337 557 500 1000 472 612 838 361 1000 553 500 838 401 401 500 637 637 318 500 401 472 612 970
970 970 611 685 685 685 685 685 685 1000 723 667 667 667 667 295 295 295 295 775 749 788 788 788 788
788 838 788 732 732 732 732 667 667 630 613 613 613 613 613 613 982 550 616 616 616 616 278 278 278
278 612 634 612 612 612 612 612 838 612 634 634 634 634 592 635 592 685 613 685 613 685 613 723 550
723 550 723 550 723 550 771 635 775 635 667 616 667 616 667 616 667 616 667 616 778 635 778 635 778
635 778 635 752 634 917 695 295 278 295 278 295 278 295 278 295 278 735 556 500 278 667 580 580 558
278 558 278 558 375 558 342 563 285 749 634 749 634 749 634 814 749 634 788 612 788 612 788 612 1070
1023 723 412 723 412 723 412 667 521 667 521 667 521 667 521 611 393 611 393 611 393 732 634 732 634
732 634 732 634 732 634 732 634 989 818 667 592 667 686 525 686 525 686 525 353 557 1000 318 318 318
519 519 519 557 557 590 1000 1342 400 400 637 1000 838 1000 838 1000 838
""")
_BOLD = _widths("""
349 457 521 838 696 1002 873 307 458 458 523 838 380 416 380 366 696 696 696 696 696 696 696 696 696
696 400 400 838 838 838 611 1000 774 763 734 831 684 684 821 837 373 557 775 638 996 837 851 733 851
771 721 683 813 774 1104 771 725 726 458 366 458 838 557 500 675 716 593 716 679 436 716 712 343 343
666 343 1042 712 688 716 716 494 596 479 712 652 924 646 652 583 712 366 712 838 349 457 696 696 637
696 366 557 500 1000 564 646 838 416 1000 553 500 838 438 438 500 736 637 380 500 438 564 646 1036
1036 1036 611 774 774 774 774 774 774 1085 734 684 684 684 684 373 373 373 373 838 837 851 851 851
851 851 838 851 813 813 813 813 725 738 720 675 675 675 675 675 675 1048 593 679 679 679 679 343 343
343 343 688 712 688 688 688 688 688 838 688 712 712 712 712 652 716 652 774 675 774 675 774 675 734
593 734 593 734 593 734 593 831 719 838 716 684 679 684 679 684 679 684 679 684 679 821 716 821 716
821 716 821 716 837 712 974 791 373 343 373 343 373 343 373 343 373 343 785 686 557 343 775 666 666
638 343 638 343 638 480 638 557 643 372 837 712 837 712 837 712 983 837 712 851 688 851 688 851 688
1167 1095 771 494 771 494 771 494 721 596 721 596 721 596 721 596 683 479 683 480 683 479 813 712
813 712 813 712 813 712 813 712 813 712 1104 924 725 652 725 726 583 726 583 726 583 436 557 1000
380 380 380 658 658 658 557 557 640 1000 1440 413 413 696 1000 838 1000 838 1000 838
""")


def _advance(char: str, table: dict[str, int]) -> int:
    width = table.get(char)
    if width is not None:
        return width
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 1000  # a full em: as wide as any ordinary glyph, wide East Asian ones included


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` in user units at font size `size`."""
    table = _BOLD if bold else _REGULAR
    return sum(_advance(c, table) for c in text) * size / 1000


def fit_text(text: str, size: float, room: float, bold: bool = False) -> str:
    """`text`, or its longest prefix that fits `room` followed by an ellipsis."""
    if text_width(text, size, bold) <= room:
        return text
    low, high = 0, len(text)  # the longest prefix that fits, by bisection (width grows with length)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + "…", size, bold) <= room:
            low = middle
        else:
            high = middle - 1
    prefix = text[:low].rstrip(" ,;:-–—(")
    return prefix + "…" if prefix else ""


# -- geometry ------------------------------------------------------------------


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
    horizon: str
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


# -- sizes ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Style:
    row: float  # height of one row of items
    label_size: float
    small_size: float
    title_size: float
    labels: bool  # item labels drawn (the full picture) or not (compact)


_FULL = _Style(row=24, label_size=12, small_size=11, title_size=12, labels=True)
_COMPACT = _Style(row=14, label_size=12, small_size=11, title_size=12, labels=False)
MARGIN = 8
POINT_R = 5  # radius of a point mark; bars are 2 * BAR_HALF tall
BAR_HALF = 5
LABEL_GAP = 6  # between a mark and its label
ROW_GAP = 10  # the least room between two things in one row
BADGE_W = 16  # the overdue badge before a label
# Each band's share of the plot's width: the next 30 days as readable as the ten years.
_WEIGHTS = {"earlier": 0.55, "30-days": 2.3, "quarter": 1.35, "year": 1.6, "3-years": 1.2, "10-years": 1.5}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
STATUS_WORDS = {"planned": "planned", "active": "active", "done": "done", "blocked": "blocked", "dropped": "dropped"}


def _line_height(size: float) -> float:
    return (ASCENT + DESCENT) * size


def _label(text: str, left: float, centre: float, size: float, *, bold: bool = False, room: float | None = None,
           full: str | None = None, badge: bool = False) -> Label:
    """A label whose box starts at `left`, centred on `centre`, truncated to `room`."""
    extra = BADGE_W if badge else 0
    shown = text if room is None else fit_text(text, size, max(room - extra, 0), bold)
    height = _line_height(size)
    top = centre - height / 2
    box = Box(left, top, text_width(shown, size, bold) + extra, height)
    return Label(shown, full if full is not None else text, left + extra, top + ASCENT * size, size, bold, box, badge)


def _short(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _long(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _month(day: dt.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _clean(text: str) -> str:
    return " ".join(str(text).split())


# -- the scale -----------------------------------------------------------------


class _Scale:
    """Piecewise linear: date -> x, one linear piece per band."""

    def __init__(self, pieces: list[tuple[str, dt.date, dt.date, float, float]]):
        self.pieces = pieces

    def x(self, day: dt.date) -> float:
        first, last = self.pieces[0], self.pieces[-1]
        if day <= first[1]:
            return first[3]
        if day >= last[2]:
            return last[4]
        for _, start, end, x0, x1 in self.pieces:
            if start <= day <= end:
                span = (end - start).days or 1
                return x0 + (x1 - x0) * (day - start).days / span
        return last[4]  # unreachable: the pieces are contiguous


def _scale(as_of: dt.date, earliest: dt.date | None, x0: float, x1: float) -> _Scale:
    edges = [("30-days", as_of, horizon_end("30-days", as_of))]
    for previous, name in zip(HORIZONS, HORIZONS[1:]):
        edges.append((name, horizon_end(previous, as_of), horizon_end(name, as_of)))
    if earliest is not None and earliest < as_of:
        edges.insert(0, ("earlier", earliest.replace(day=1), as_of))
    total = sum(_WEIGHTS[name] for name, _, _ in edges)
    pieces, left = [], x0
    for name, start, end in edges:
        right = left + (x1 - x0) * _WEIGHTS[name] / total
        pieces.append((name, start, end, left, right))
        left = right
    return _Scale(pieces)


def _inner_ticks(name: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Ticks strictly inside a band: weeks, months, quarters or years."""
    ticks: list[tuple[dt.date, str]] = []
    if name == "30-days":
        day = start + dt.timedelta(days=7)
        while end - day >= dt.timedelta(days=3):
            ticks.append((day, _short(day)))
            day += dt.timedelta(days=7)
        return ticks
    months = {"quarter": range(1, 13), "year": (1, 4, 7, 10), "earlier": (1, 4, 7, 10)}.get(name, (1,))
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = dt.date(year, month, 1)
        if day >= end:
            return ticks
        if month in months:
            if name in ("3-years", "10-years"):
                ticks.append((day, str(year)))
            else:
                ticks.append((day, _month(day) if month == 1 or name == "earlier" else _MONTHS[month - 1]))


def _boundary_text(name: str, day: dt.date) -> str | None:
    """The label where a band starts: a day for the short horizons; the long ones have their years."""
    if name == "earlier":
        return _month(day)
    if name in ("30-days", "quarter", "year"):
        return _short(day)
    return None


def _bands(scale: _Scale, as_of: dt.date, style: _Style, width: float, top: float) -> tuple[list, float]:
    """The bands with their titles and ticks, and the y of the axis under the tick labels."""
    title_centre = top + _line_height(style.title_size) / 2
    tick_centre = top + _line_height(style.title_size) + 4 + _line_height(style.small_size) / 2
    axis_y = tick_centre + _line_height(style.small_size) / 2 + 3
    # The boundaries first (as_of first of all), then the ticks inside the bands, the longest units first.
    boundary = [(start, _boundary_text(name, start)) for name, start, *_ in scale.pieces]
    boundary = sorted(((d, t) for d, t in boundary if t), key=lambda pair: pair[0] != as_of)
    end = scale.pieces[-1][2]
    inner = {name: _inner_ticks(name, start, stop) for name, start, stop, *_ in scale.pieces}
    # Tick labels by priority: the boundaries, then the ticks inside each band, each kept if it has room.
    placed: list[Box] = []
    labels: dict[dt.date, Label] = {}
    left_edge, right_edge = scale.pieces[0][3], width - MARGIN
    for day, text in boundary + [t for name in reversed(inner) for t in inner[name]]:  # years before weeks
        x = scale.x(day)
        w = text_width(text, style.small_size)
        left = min(max(x - w / 2, left_edge), right_edge - w)
        if left < MARGIN:
            continue
        label = _label(text, left, tick_centre, style.small_size)
        padded = Box(label.box.x - 3, label.box.y, label.box.w + 6, label.box.h)
        if day not in labels and not any(padded.intersects(b) for b in placed):
            placed.append(padded)
            labels[day] = label
    bands = []
    for name, start, stop, x0, x1 in scale.pieces:
        ticks = [Tick(start, x0, labels.get(start), True)]
        ticks += [Tick(day, scale.x(day), labels.get(day), False) for day, _ in inner[name]]
        if stop == end:
            ticks.append(Tick(stop, x1, labels.get(stop), True))
        title_text = "Earlier" if name == "earlier" else HORIZON_LABELS[name]
        room = x1 - x0 - 8
        shown = fit_text(title_text, style.title_size, room, bold=True)
        w = text_width(shown, style.title_size, bold=True)
        title = _label(shown, x0 + (x1 - x0 - w) / 2, title_centre, style.title_size, bold=True, full=title_text)
        bands.append(Band(name, title, start, stop, x0, x1, tuple(ticks)))
    return bands, axis_y


# -- items ---------------------------------------------------------------------


@dataclass
class _Plan:
    """An item's horizontal geometry, before it gets a row."""

    item: Item
    shape: str
    x0: float
    x1: float
    at: dt.date
    overdue: bool
    undated: bool
    text: str = ""
    label_x: float = 0.0
    label_w: float = 0.0  # the drawn label's width, badge included
    room: float | None = None
    side: str = ""  # where the label is: "right" or "left" of the mark, or "on" it

    @property
    def extent(self) -> tuple[float, float]:
        if not self.text:
            return self.x0, self.x1
        return min(self.x0, self.label_x), max(self.x1, self.label_x + self.label_w)


def _plan_item(item: Item, scale: _Scale, as_of: dt.date, today: dt.date, style: _Style,
               plot_x0: float, right: float) -> _Plan:
    end = horizon_end(item.horizon, as_of)
    at = item.due or end
    overdue = bool(item.due and item.due < today and item.is_open)
    if item.start and item.start < at and scale.x(at) - scale.x(item.start) >= 2 * POINT_R:
        plan = _Plan(item, "bar", scale.x(item.start), scale.x(at), at, overdue, item.due is None)
    else:
        x = scale.x(at)
        plan = _Plan(item, "point", x - POINT_R, x + POINT_R, at, overdue, item.due is None)
    if not style.labels:
        return plan
    text = _clean(item.title) or item.id
    size = style.label_size
    natural = text_width(text, size) + (BADGE_W if overdue else 0)
    wanted = min(natural, max(160.0, (right - plot_x0) * 0.3))
    right_room = right - (plan.x1 + LABEL_GAP)
    left_room = (plan.x0 - LABEL_GAP) - plot_x0
    # The side where the whole label fits, the right first; else the roomier side; else on the mark.
    if right_room >= natural or (left_room < natural and right_room >= left_room and right_room >= 80):
        plan.side, plan.label_x, plan.room = "right", plan.x1 + LABEL_GAP, min(wanted, right_room)
    elif left_room >= 80:
        plan.side, plan.room = "left", min(wanted, left_room)
    else:  # a bar across nearly the whole picture: the label rides on it
        plan.label_x = max(plan.x0, plot_x0) + LABEL_GAP
        plan.room, plan.side = min(wanted, right - plan.label_x), "on"
    plan.text = text
    _fit(plan, plan.room)
    return plan


def _fit(plan: _Plan, room: float) -> None:
    """Give a plan's label `room`; a label on the left ends next to its mark, however much it was truncated."""
    badge = BADGE_W if plan.overdue else 0
    plan.room = room
    plan.label_w = text_width(fit_text(plan.text, _FULL.label_size, max(room - badge, 0)), _FULL.label_size) + badge
    if plan.side == "left":
        plan.label_x = plan.x0 - LABEL_GAP - plan.label_w


def _grow(plans: list[_Plan], rows: list[int], left_edge: float, right_edge: float) -> None:
    """Once rows are known, let truncated labels take the free room beside them in their row."""
    by_row: dict[int, list[_Plan]] = {}
    for plan, row in zip(plans, rows):
        by_row.setdefault(row, []).append(plan)
    for row_plans in by_row.values():
        row_plans.sort(key=lambda p: p.extent[0])
        for i, plan in enumerate(row_plans):
            if not plan.text or plan.side == "on":
                continue
            natural = text_width(plan.text, _FULL.label_size) + (BADGE_W if plan.overdue else 0)
            if plan.label_w >= natural:
                continue
            if plan.side == "right":
                limit = row_plans[i + 1].extent[0] - ROW_GAP if i + 1 < len(row_plans) else right_edge
                room = min(natural, limit - plan.label_x)
            else:
                limit = row_plans[i - 1].extent[1] + ROW_GAP if i > 0 else left_edge
                room = min(natural, plan.x0 - LABEL_GAP - limit)
            if room > plan.room:
                _fit(plan, room)


def _rows(plans: list[_Plan], gap: float) -> list[int]:
    """The row of each plan, taken in date order: the first row where its extent comes no closer than
    `gap` to anything already there. Rows read as a staircase, earliest at the top."""
    taken: list[list[tuple[float, float]]] = []
    rows = []
    for plan in plans:
        left, right = plan.extent
        for row, spans in enumerate(taken):
            if all(right + gap <= a or b + gap <= left for a, b in spans):
                spans.append((left, right))
                rows.append(row)
                break
        else:
            taken.append([(left, right)])
            rows.append(len(taken) - 1)
    return rows


def _serves_words(roadmap: Roadmap, item: Item) -> tuple[tuple[str | None, str], ...]:
    words = []
    for target in roadmap.links.serves.get(item.id, ()):
        if target == TARGET_ID:
            role = roadmap.root.target.role if roadmap.root else ""
            candidates = roadmap.root.target.candidates if roadmap.root else ()
            words.append((None, f"the target, {role}" if role else "the target") if role or candidates
                         else (None, "a private item"))
        elif target in roadmap.entries:
            words.append((target, _clean(roadmap.entries[target].title)))
        else:
            words.append((None, "a private item"))
    return tuple(words)


def _describe(item: Item, plan: _Plan, serves: Iterable[tuple[str | None, str]]) -> str:
    parts = [_clean(item.title) or item.id, HORIZON_LABELS[item.horizon], STATUS_WORDS.get(item.status, item.status)]
    if plan.overdue:
        parts.append("overdue")
    if item.due:
        parts.append(f"due {_long(item.due)}")
    else:
        parts.append(f"no due date, shown at the end of its horizon, {_long(plan.at)}")
    if item.start:
        parts.append(f"from {_long(item.start)}")
    words = [w for _, w in serves]
    if words:
        parts.append("serves " + "; ".join(words))
    return ". ".join(parts) + "."


# -- the layout ----------------------------------------------------------------


def layout_timeline(roadmap: Roadmap, today: dt.date, *, width: float = 1000, compact: bool = False) -> TimelineLayout:
    """The timeline's geometry for a roadmap (already cut down to an audience) on `today`."""
    if roadmap.root is None:
        raise ValueError("a timeline needs the roadmap's root for its as_of date")
    style = _COMPACT if compact else _FULL
    root = roadmap.root
    as_of = root.as_of
    end = horizon_end("10-years", as_of)
    items = sorted(roadmap.items, key=lambda i: (
        HORIZONS.index(i.horizon), i.due or horizon_end(i.horizon, as_of), i.start or dt.date.min, i.path, i.pos.line or 0, i.id))
    target_by = root.target.by if (root.target.role or root.target.candidates) else None
    dates = [d for i in items for d in (i.due, i.start) if d] + [r.date for r in roadmap.reviews] + [today]
    dates += [target_by] if target_by else []
    earliest = min(dates) if dates else None

    gutter = MARGIN + max(text_width(HORIZON_LABELS[h], style.title_size, bold=True) for h in HORIZONS) + 12
    gutter = min(gutter, width * 0.2)
    plot_x0, plot_x1 = gutter + POINT_R, width - MARGIN - POINT_R
    scale = _scale(as_of, earliest, plot_x0, plot_x1)
    bands, axis_y = _bands(scale, as_of, style, width, MARGIN)

    # Today and the target: a line each, their labels packed in rows under the axis.
    marker_size = style.small_size
    marker_h = _line_height(marker_size) + 3
    wanted = []
    if as_of <= today <= end:
        wanted.append(("today", today, f"Today, {_short(today)}"))
    elif today < as_of:
        wanted.append(("today", today, f"Today, {_long(today)}"))
    else:
        wanted.append(("today", today, f"Today, {_long(today)}, after the plan's end"))
    if target_by:
        role = _clean(root.target.role) or "the target"
        wanted.append(("target", target_by, f"Target: {role}, {_short(target_by) if target_by.year == as_of.year else _long(target_by)}"))
    marker_plans = []
    for kind, day, text in wanted:
        x = scale.x(day)
        w = min(text_width(text, marker_size, bold=True), width - 2 * MARGIN)
        left = x + 4 if x + 4 + w <= width - MARGIN else max(MARGIN, x - 4 - w)
        marker_plans.append((kind, day, text, x, left, w))
    marker_rows: list[float] = []
    marker_row_of = []
    for kind, day, text, x, left, w in marker_plans:
        for row, row_end in enumerate(marker_rows):
            if row_end + ROW_GAP <= left:
                marker_rows[row] = left + w
                marker_row_of.append(row)
                break
        else:
            marker_rows.append(left + w)
            marker_row_of.append(len(marker_rows) - 1)
    markers_top = axis_y + 3
    y = markers_top + len(marker_rows) * marker_h

    # Reviews: diamonds on their dates in a strip of their own.
    review_marks, review_label = [], None
    if roadmap.reviews:
        strip_top = y + 3
        ends: list[float] = []
        placed = []
        for review in roadmap.reviews:
            x = scale.x(review.date)
            for row, row_end in enumerate(ends):
                if row_end + 2 <= x - POINT_R:
                    ends[row] = x + POINT_R
                    break
            else:
                ends.append(x + POINT_R)
                row = len(ends) - 1
            placed.append((review, x, row))
        step = 2 * POINT_R + 2
        for review, x, row in placed:
            review_marks.append(ReviewMark(review.path, review.date, review.type, _clean(review.title) or review.type,
                                           x, strip_top + step / 2 + row * step))
        strip_h = max(len(ends) * step, _line_height(style.small_size))
        review_label = _label("Reviews", MARGIN, strip_top + min(step, strip_h) / 2, style.small_size,
                              room=gutter - MARGIN - 4)
        y = strip_top + strip_h
    y += 6

    # Lanes: one per horizon, its items packed into rows.
    lanes: list[Lane] = []
    marks: list[ItemMark] = []
    pad = 6 if style.labels else 4
    for horizon in HORIZONS:
        on = [i for i in items if i.horizon == horizon]
        plans = [_plan_item(i, scale, as_of, today, style, plot_x0, width - MARGIN) for i in on]
        rows = _rows(plans, ROW_GAP if style.labels else 3)
        if style.labels:
            _grow(plans, rows, plot_x0, width - MARGIN)
        count = (max(rows) + 1) if rows else 1
        title_h = _line_height(style.title_size)
        note_h = _line_height(style.small_size) if style.labels or not on else 0
        height = max(count * style.row, title_h + note_h + 2) + 2 * pad
        y0 = y
        title = _label(HORIZON_LABELS[horizon], MARGIN, y0 + pad + title_h / 2, style.title_size, bold=True,
                       room=gutter - MARGIN - 4)
        note = None
        if not on:
            note = _label("Nothing planned", plot_x0 + 4, y0 + pad + style.row / 2, style.small_size,
                          room=plot_x1 - plot_x0 - 8)
        elif style.labels:
            words = f"{len(on)} item{'s' * (len(on) != 1)}"
            note = _label(words, MARGIN, y0 + pad + title_h + 2 + note_h / 2, style.small_size, room=gutter - MARGIN - 4)
        for plan, row in zip(plans, rows):
            centre = y0 + pad + row * style.row + style.row / 2
            label = None
            if plan.text:
                label = _label(plan.text, plan.label_x, centre, style.label_size, room=plan.room,
                               full=_clean(plan.item.title), badge=plan.overdue)
            serves = _serves_words(roadmap, plan.item)
            marks.append(ItemMark(
                plan.item.id, _clean(plan.item.title) or plan.item.id, horizon, plan.item.status,
                plan.item.start, plan.item.due, plan.at, plan.shape, plan.x0, plan.x1, centre, plan.overdue, plan.undated,
                label, serves, _describe(plan.item, plan, serves)))
        lanes.append(Lane(horizon, y0, y0 + height, title, len(on), note))
        y = y0 + height
    lanes_y1 = y

    by_id = {m.id: m for m in marks}
    connectors = tuple(
        Connector(m.id, target, m.x1, m.y, by_id[target].x0 + (0 if by_id[target].shape == "bar" else POINT_R), by_id[target].y)
        for m in marks for target, _ in m.serves if target in by_id
    )
    markers = []
    for (kind, day, text, x, left, w), row in zip(marker_plans, marker_row_of):
        centre = markers_top + row * marker_h + marker_h / 2
        label = _label(text, left, centre, marker_size, bold=True, room=w, full=text)
        markers.append(Marker(kind, day, x, label.box.y, lanes_y1, label))

    legend = _legend(style, width, lanes_y1 + 10, bool(review_marks), bool(target_by), bool(connectors))
    height = (max(e.label.box.y1 for e in legend) if legend else lanes_y1) + MARGIN

    counts = [f"{len(roadmap.items_on(h))} in {HORIZON_LABELS[h].lower()}" for h in HORIZONS if roadmap.items_on(h)]
    overdue = sum(m.overdue for m in marks)
    description = (
        f"A timeline from {_long(as_of)} to {_long(end)}. Each horizon has its own scale: weeks for the next 30 days, "
        f"months for the quarter, quarters for year one, years for years 2–3 and the 10-year vision. "
        f"{len(marks)} item{'s' * (len(marks) != 1)}" + (f": {', '.join(counts)}" if counts else "") + ". "
        + (f"{overdue} overdue. " if overdue else "")
        + f"Today is {_long(today)}."
        + (f" The target date is {_long(target_by)}." if target_by else "")
        + (f" {len(review_marks)} review{'s' * (len(review_marks) != 1)} marked." if review_marks else "")
    )
    return TimelineLayout(
        width=width, height=height, compact=compact, as_of=as_of, end=end, today=today,
        title=f"Timeline: {_clean(root.title)}", description=description,
        plot_x0=plot_x0, plot_x1=plot_x1, axis_y=axis_y, lanes_y1=lanes_y1,
        bands=tuple(bands), lanes=tuple(lanes), items=tuple(marks), connectors=connectors,
        markers=tuple(markers), reviews=tuple(review_marks), review_strip=review_label, legend=tuple(legend),
    )


def _legend(style: _Style, width: float, top: float, reviews: bool, target: bool, serves: bool) -> list[LegendEntry]:
    entries = [(s, STATUS_WORDS[s]) for s in STATUS_WORDS] + [("overdue", "overdue"), ("undated", "no due date")]
    entries += [("review", "review")] if reviews else []
    entries += [("today", "today")]
    entries += [("target", "target date")] if target else []
    entries += [("serves", "serves")] if serves else []
    size = style.small_size
    row_h = _line_height(size) + 6
    x, row, out = MARGIN, 0, []
    for kind, text in entries:
        w = 16 + 5 + text_width(text, size)
        if x + w > width - MARGIN and x > MARGIN:
            x, row = MARGIN, row + 1
        centre = top + row * row_h + row_h / 2
        out.append(LegendEntry(kind, x, centre, _label(text, x + 21, centre, size, room=width - MARGIN - x - 21)))
        x += w + 16
    return out


# -- SVG -------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _esc(text: str) -> str:
    """Text or attribute value, escaped for XML and HTML alike."""
    return html.escape(_NOT_XML.sub("\ufffd", str(text)), quote=True)


def _n(value: float) -> str:
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _text(label: Label, cls: str) -> str:
    weight = ' font-weight="bold"' if label.bold else ""
    return (f'<text class="{cls}" x="{_n(label.x)}" y="{_n(label.baseline)}" font-size="{_n(label.size)}"{weight}>'
            f"{_esc(label.text)}</text>")


def _badge(label: Label) -> str:
    cx, cy = label.box.x + 6.5, label.box.y + label.box.h / 2
    return (f'<g class="tl-badge" aria-hidden="true"><circle cx="{_n(cx)}" cy="{_n(cy)}" r="6.5"/>'
            f'<text x="{_n(cx - 1.7)}" y="{_n(cy + 4)}" font-size="11" font-weight="bold">!</text></g>')


def _mark_shape(mark: ItemMark) -> str:
    y = mark.y
    if mark.shape == "bar":
        return (f'<rect class="tl-mark" x="{_n(mark.x0)}" y="{_n(y - BAR_HALF)}" width="{_n(mark.x1 - mark.x0)}" '
                f'height="{_n(2 * BAR_HALF)}" rx="3"/>')
    cx = (mark.x0 + mark.x1) / 2
    if mark.status == "blocked":
        r = POINT_R - 0.5
        return f'<rect class="tl-mark" x="{_n(cx - r)}" y="{_n(y - r)}" width="{_n(2 * r)}" height="{_n(2 * r)}"/>'
    shape = f'<circle class="tl-mark" cx="{_n(cx)}" cy="{_n(y)}" r="{_n(POINT_R)}"/>'
    if mark.status == "done":
        shape += f'<path class="tl-check" d="M{_n(cx - 2.6)} {_n(y)} l1.9 2 l3.4 -3.8"/>'
    return shape


def _legend_swatch(entry: LegendEntry) -> str:
    x, y, kind = entry.x, entry.y, entry.kind
    if kind in STATUS_WORDS:
        fake = ItemMark("", "", "", kind, None, None, dt.date.min, "point", x + 8 - POINT_R, x + 8 + POINT_R, y, False, False, None, (), "")
        return f'<g class="tl-status-{kind}">{_mark_shape(fake)}</g>'
    if kind == "overdue":
        fake = Label("", "", x, y, 11, False, Box(x + 1.5, y - 6.5, 13, 13), True)
        return _badge(fake)
    if kind == "undated":
        return f'<g class="tl-status-planned tl-undated"><circle class="tl-mark" cx="{_n(x + 8)}" cy="{_n(y)}" r="{POINT_R}"/></g>'
    if kind == "review":
        return f'<path class="tl-review-mark" d="{_diamond(x + 8, y)}"/>'
    if kind == "serves":
        return f'<path class="tl-serves" d="M{_n(x)} {_n(y - 5)} C{_n(x + 8)} {_n(y - 5)} {_n(x + 8)} {_n(y + 5)} {_n(x + 16)} {_n(y + 5)}"/>'
    return f'<line class="tl-{kind}-line" x1="{_n(x + 8)}" y1="{_n(y - 7)}" x2="{_n(x + 8)}" y2="{_n(y + 7)}"/>'


def _diamond(x: float, y: float) -> str:
    r = POINT_R
    return f"M{_n(x)} {_n(y - r)} L{_n(x + r)} {_n(y)} L{_n(x)} {_n(y + r)} L{_n(x - r)} {_n(y)} Z"


def render_svg(layout: TimelineLayout, href: Callable[[str], str | None] = lambda item_id: f"#{item_id}", *,
               review_href: Callable[[str], str | None] | None = None, id_prefix: str = "timeline") -> str:
    """The layout as inline SVG. `href(item_id)` is the link to an item's anchor from the page the
    SVG goes on (None: no link); `review_href(key)` the same for a review."""
    ids = _esc(id_prefix)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline{" timeline-compact" if layout.compact else ""}" '
        f'viewBox="0 0 {_n(layout.width)} {_n(layout.height)}" width="{_n(layout.width)}" height="{_n(layout.height)}" '
        f'role="img" aria-labelledby="{ids}-title {ids}-desc" font-family="{_esc(FONT_FAMILY)}">',
        f'<title id="{ids}-title">{_esc(layout.title)}</title>',
        f'<desc id="{ids}-desc">{_esc(layout.description)}</desc>',
    ]
    top, bottom = MARGIN, layout.lanes_y1
    out.append('<g class="tl-bands">')
    for band in layout.bands:
        shade = "odd" if band.name in ("30-days", "year", "10-years") else "even"
        out.append(f'<rect class="tl-band tl-band-{shade}" data-horizon="{_esc(band.name)}" '
                   f'x="{_n(band.x0)}" y="{_n(top)}" width="{_n(band.x1 - band.x0)}" height="{_n(bottom - top)}"/>')
        out.append(_text(band.title, "tl-band-title"))
    out.append("</g>")
    out.append('<g class="tl-grid" aria-hidden="true">')
    out.append(f'<line class="tl-axis" x1="{_n(layout.plot_x0)}" y1="{_n(layout.axis_y)}" x2="{_n(layout.plot_x1)}" y2="{_n(layout.axis_y)}"/>')
    for band in layout.bands:
        for tick in band.ticks:
            cls = "tl-boundary" if tick.boundary else "tl-tick"
            y0 = top if tick.boundary else layout.axis_y
            out.append(f'<line class="{cls}" x1="{_n(tick.x)}" y1="{_n(y0)}" x2="{_n(tick.x)}" y2="{_n(bottom)}"/>')
            if tick.label:
                out.append(_text(tick.label, "tl-tick-label"))
    out.append("</g>")
    out.append('<g class="tl-lanes">')
    for lane in layout.lanes:
        out.append(f'<line class="tl-lane-rule" x1="{_n(MARGIN)}" y1="{_n(lane.y0)}" x2="{_n(layout.width - MARGIN)}" y2="{_n(lane.y0)}"/>')
        out.append(_text(lane.title, "tl-lane-title"))
        if lane.note:
            out.append(_text(lane.note, "tl-lane-note"))
    out.append(f'<line class="tl-lane-rule" x1="{_n(MARGIN)}" y1="{_n(bottom)}" x2="{_n(layout.width - MARGIN)}" y2="{_n(bottom)}"/>')
    out.append("</g>")
    if layout.connectors:
        out.append('<g class="tl-links" aria-hidden="true">')
        for c in layout.connectors:
            middle = (c.y0 + c.y1) / 2
            out.append(f'<path class="tl-serves" d="M{_n(c.x0)} {_n(c.y0)} C{_n(c.x0)} {_n(middle)} {_n(c.x1)} {_n(middle)} {_n(c.x1)} {_n(c.y1)}"/>')
        out.append("</g>")
    out.append('<g class="tl-markers">')
    for marker in layout.markers:
        out.append(f'<g class="tl-{marker.kind}"><title>{_esc(marker.label.full)}</title>'
                   f'<line class="tl-{marker.kind}-line" x1="{_n(marker.x)}" y1="{_n(marker.y0)}" x2="{_n(marker.x)}" y2="{_n(marker.y1)}"/>'
                   f'{_text(marker.label, "tl-marker-label")}</g>')
    out.append("</g>")
    if layout.reviews:
        out.append('<g class="tl-reviews">')
        if layout.review_strip:
            out.append(_text(layout.review_strip, "tl-lane-note"))
        for review in layout.reviews:
            words = f"{review.type.capitalize()} review, {_long(review.date)}: {review.title}"
            link = review_href(review.key) if review_href else None
            body = f'<title>{_esc(words)}</title><path class="tl-review-mark" d="{_diamond(review.x, review.y)}"/>'
            if link:
                out.append(f'<a class="tl-review" href="{_esc(link)}" aria-label="{_esc(words)}">{body}</a>')
            else:
                out.append(f'<g class="tl-review" aria-label="{_esc(words)}">{body}</g>')
        out.append("</g>")
    out.append('<g class="tl-items">')
    for mark in layout.items:
        classes = f"tl-item tl-status-{_esc(mark.status)}" + (" tl-overdue" if mark.overdue else "") + (" tl-undated" if mark.undated else "")
        body = f"<title>{_esc(mark.description)}</title>{_mark_shape(mark)}"
        if mark.label:
            if mark.label.badge:
                body += _badge(mark.label)
            body += _text(mark.label, "tl-label")
        link = href(mark.id)
        attrs = f'class="{classes}" data-item="{_esc(mark.id)}" aria-label="{_esc(mark.description)}"'
        out.append(f'<a {attrs} href="{_esc(link)}">{body}</a>' if link else f"<g {attrs}>{body}</g>")
    out.append("</g>")
    out.append('<g class="tl-legend">')
    for entry in layout.legend:
        out.append(_legend_swatch(entry) + _text(entry.label, "tl-legend-label"))
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


# -- for the templates -----------------------------------------------------------------


def timeline_context(renderer) -> dict | None:
    """What the timeline templates receive: both layouts, `svg(layout, id_prefix)` to draw one with
    links relative to the page being rendered, and `review_href(key)`. None without a root."""
    from markupsafe import Markup

    roadmap = renderer.roadmap
    if roadmap.root is None:
        return None

    def review_href(key: str) -> str | None:
        path = renderer.review_paths.get(key)
        return renderer.url(path) if path else None

    def svg(layout: TimelineLayout, id_prefix: str = "timeline") -> Markup:
        return Markup(render_svg(layout, renderer.href, review_href=review_href, id_prefix=id_prefix))

    return {
        "full": layout_timeline(roadmap, renderer.today),
        "compact": layout_timeline(roadmap, renderer.today, compact=True),
        "svg": svg,
        "review_href": review_href,
        "horizon_labels": HORIZON_LABELS,
    }
