"""The timeline's layout: a pure function from a roadmap and a date to geometry.

The axis runs from `as_of` (or the earliest date before it) to the end of
the 10-years horizon, in bands: one per horizon, each with its own linear
scale and ticks (weeks, months, quarters, years; scale.py), so the next 30
days get as much room as the ten years. Items sit in one lane per horizon; each label is
measured, put beside its mark where it fits, and rows are packed so that no
two label boxes meet and all of them stay inside the picture (rows.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from roadmapgen.model import HORIZON_LABELS, HORIZONS, TARGET_ID, Item, Roadmap, horizon_end
from roadmapgen.render.timeline.geometry import (
    BADGE_W, COMPACT, FULL, MARGIN, POINT_R, ROW_GAP, Band, Box, Connector, ItemMark, Label, Lane, LegendEntry,
    Marker, ReviewMark, Style, Tick, TimelineLayout,
)
from roadmapgen.render.timeline.metrics import ASCENT, DESCENT, clean, fit_text, text_width
from roadmapgen.render.timeline.rows import Plan, grow_labels, pack_rows, plan_item
from roadmapgen.render.timeline.scale import Scale, boundary_text, inner_ticks, long_date, make_scale, short_date

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


def _bands(scale: Scale, as_of: dt.date, style: Style, width: float, top: float) -> tuple[list, float]:
    """The bands with their titles and ticks, and the y of the axis under the tick labels."""
    title_centre = top + _line_height(style.title_size) / 2
    tick_centre = top + _line_height(style.title_size) + 4 + _line_height(style.small_size) / 2
    axis_y = tick_centre + _line_height(style.small_size) / 2 + 3
    # The boundaries first (as_of first of all), then the ticks inside the bands, the longest units first.
    boundary = [(start, boundary_text(name, start)) for name, start, *_ in scale.pieces]
    boundary = sorted(((d, t) for d, t in boundary if t), key=lambda pair: pair[0] != as_of)
    end = scale.pieces[-1][2]
    inner = {name: inner_ticks(name, start, stop) for name, start, stop, *_ in scale.pieces}
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


def _serves_words(roadmap: Roadmap, item: Item) -> tuple[tuple[str | None, str], ...]:
    words = []
    for target in roadmap.links.serves.get(item.id, ()):
        if target == TARGET_ID:
            role = roadmap.root.target.role if roadmap.root else ""
            candidates = roadmap.root.target.candidates if roadmap.root else ()
            words.append((TARGET_ID, f"the target, {role}" if role else "the target") if role or candidates
                         else (None, "a private item"))
        elif target in roadmap.entries:
            words.append((target, clean(roadmap.entries[target].title)))
        else:
            words.append((None, "a private item"))
    return tuple(words)


def _describe(item: Item, plan: Plan, serves: Iterable[tuple[str | None, str]]) -> str:
    parts = [clean(item.title) or item.id, HORIZON_LABELS[item.horizon], STATUS_WORDS.get(item.status, item.status)]
    if plan.overdue:
        parts.append("overdue")
    if item.due:
        parts.append(f"due {long_date(item.due)}")
    else:
        parts.append(f"no due date, shown at the end of its horizon, {long_date(plan.at)}")
    if item.start:
        parts.append(f"from {long_date(item.start)}")
    words = [w for _, w in serves]
    if words:
        parts.append("serves " + "; ".join(words))
    return ". ".join(parts) + "."


# -- the layout ----------------------------------------------------------------


def layout_timeline(roadmap: Roadmap, today: dt.date, *, width: float = 1000, compact: bool = False) -> TimelineLayout:
    """The timeline's geometry for a roadmap (already cut down to an audience) on `today`: the full
    picture with a label on every item, or the compact one with marks only."""
    if roadmap.root is None:
        raise ValueError("a timeline needs the roadmap's root for its as_of date")
    style = COMPACT if compact else FULL
    root = roadmap.root
    as_of, end = root.as_of, horizon_end("10-years", root.as_of)
    items = sorted(roadmap.items, key=lambda i: (
        HORIZONS.index(i.horizon), i.due or horizon_end(i.horizon, as_of), i.start or dt.date.min, i.path, i.pos.line or 0, i.id))
    target_by = root.target.by if (root.target.role or root.target.candidates) else None  # an empty target is hidden
    dates = [d for i in items for d in (i.due, i.start) if d] + [r.date for r in roadmap.reviews] + [today]
    dates += [target_by] if target_by else []

    gutter = MARGIN + max(text_width(HORIZON_LABELS[h], style.title_size, bold=True) for h in HORIZONS) + 12
    gutter = min(gutter, width * 0.2)
    plot_x0, plot_x1 = gutter + POINT_R, width - MARGIN - POINT_R
    scale = make_scale(as_of, min(dates), plot_x0, plot_x1)
    bands, axis_y = _bands(scale, as_of, style, width, MARGIN)

    flags = [("today", today, _today_words(today, as_of, end))]
    if target_by:
        role = clean(root.target.role) or "the target"
        flags.append(("target", target_by, f"Target: {role}, {short_date(target_by) if target_by.year == as_of.year else long_date(target_by)}"))
    flag_labels, y = _flag_labels(flags, scale, style, width, axis_y + 3)
    reviews, review_label, y = _review_strip(roadmap, scale, style, gutter, y)
    lanes, marks, lanes_y1 = _lanes(roadmap, items, scale, style, today, width, gutter, plot_x0, plot_x1, y + 6)

    by_id = {m.id: m for m in marks}
    connectors = tuple(
        Connector(m.id, target, m.x1, m.y, by_id[target].x0 + (0 if by_id[target].shape == "bar" else POINT_R), by_id[target].y)
        for m in marks for target, _ in m.serves if target in by_id
    )
    markers = tuple(Marker(kind, day, scale.x(day), label.box.y, lanes_y1, label)
                    for (kind, day, _), label in zip(flags, flag_labels))
    legend = _legend(style, width, lanes_y1 + 10, bool(reviews), bool(target_by), bool(connectors))
    height = (max(e.label.box.y1 for e in legend) if legend else lanes_y1) + MARGIN
    return TimelineLayout(
        width=width, height=height, compact=compact, as_of=as_of, end=end, today=today,
        title=f"Timeline: {clean(root.title)}",
        description=_description(roadmap, marks, as_of, end, today, target_by, len(reviews)),
        plot_x0=plot_x0, plot_x1=plot_x1, axis_y=axis_y, lanes_y1=lanes_y1,
        bands=tuple(bands), lanes=tuple(lanes), items=tuple(marks), connectors=connectors,
        markers=markers, reviews=tuple(reviews), review_strip=review_label, legend=tuple(legend),
    )


def _today_words(today: dt.date, as_of: dt.date, end: dt.date) -> str:
    if as_of <= today <= end:
        return f"Today, {short_date(today)}"
    return f"Today, {long_date(today)}" + (", after the plan's end" if today > end else "")


def _flag_labels(flags: list[tuple[str, dt.date, str]], scale: Scale, style: Style, width: float,
                 top: float) -> tuple[list[Label], float]:
    """The labels of today's line and the target's, beside their lines, in rows under the axis."""
    size, row_h = style.small_size, _line_height(style.small_size) + 3
    ends: list[float] = []
    placed = []
    for _, day, text in flags:
        x = scale.x(day)
        w = min(text_width(text, size, bold=True), width - 2 * MARGIN)
        left = x + 4 if x + 4 + w <= width - MARGIN else max(MARGIN, x - 4 - w)
        row = next((r for r, end in enumerate(ends) if end + ROW_GAP <= left), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = left + w
        placed.append((text, left, w, row))
    labels = [_label(text, left, top + row * row_h + row_h / 2, size, bold=True, room=w)
              for text, left, w, row in placed]
    return labels, top + len(ends) * row_h


_REVIEW_ROWS = 3  # past this, review markers may overlap: they are marks, not labels


def _review_strip(roadmap: Roadmap, scale: Scale, style: Style, gutter: float,
                  top: float) -> tuple[list[ReviewMark], Label | None, float]:
    """Reviews as diamonds on their dates, in a strip of their own; returns the y below it."""
    if not roadmap.reviews:
        return [], None, top
    top += 3
    step = 2 * POINT_R + 2
    ends: list[float] = []
    marks = []
    for review in roadmap.reviews:
        x = scale.x(review.date)
        row = next((r for r, end in enumerate(ends) if end + 2 <= x - POINT_R), None)
        if row is None:
            if len(ends) < _REVIEW_ROWS:
                row = len(ends)
                ends.append(0.0)
            else:
                row = min(range(len(ends)), key=ends.__getitem__)
        ends[row] = x + POINT_R
        marks.append(ReviewMark(review.path, review.date, review.type, clean(review.title) or review.type,
                                x, top + step / 2 + row * step))
    height = max(len(ends) * step, _line_height(style.small_size))
    label = _label("Reviews", MARGIN, top + min(step, height) / 2, style.small_size, room=gutter - MARGIN - 4)
    return marks, label, top + height


def _lanes(roadmap: Roadmap, items: list[Item], scale: Scale, style: Style, today: dt.date, width: float,
           gutter: float, plot_x0: float, plot_x1: float, top: float) -> tuple[list[Lane], list[ItemMark], float]:
    """One lane per horizon, its items packed into rows; returns the y below the last lane."""
    as_of = roadmap.root.as_of
    lanes: list[Lane] = []
    marks: list[ItemMark] = []
    pad = 6 if style.labels else 4
    title_h = _line_height(style.title_size)
    y = top
    for horizon in HORIZONS:
        on = [i for i in items if i.horizon == horizon]
        plans = [plan_item(i, scale, as_of, today, style, plot_x0, width - MARGIN) for i in on]
        rows = pack_rows(plans, ROW_GAP if style.labels else 3)
        if style.labels:
            grow_labels(plans, rows, plot_x0, width - MARGIN)
        note_h = _line_height(style.small_size) if style.labels or not on else 0
        height = max((max(rows) + 1 if rows else 1) * style.row, title_h + note_h + 2) + 2 * pad
        title = _label(HORIZON_LABELS[horizon], MARGIN, y + pad + title_h / 2, style.title_size, bold=True,
                       room=gutter - MARGIN - 4)
        note = None
        if not on:
            note = _label("Nothing planned", plot_x0 + 4, y + pad + style.row / 2, style.small_size,
                          room=plot_x1 - plot_x0 - 8)
        elif style.labels:
            note = _label(f"{len(on)} item{'s' * (len(on) != 1)}", MARGIN, y + pad + title_h + 2 + note_h / 2,
                          style.small_size, room=gutter - MARGIN - 4)
        for plan, row in zip(plans, rows):
            centre = y + pad + row * style.row + style.row / 2
            label = None
            if plan.text:
                label = _label(plan.text, plan.label_x, centre, style.label_size, room=plan.room,
                               full=clean(plan.item.title), badge=plan.overdue)
            serves = _serves_words(roadmap, plan.item)
            marks.append(ItemMark(
                plan.item.id, clean(plan.item.title) or plan.item.id, horizon, plan.item.status,
                plan.item.start, plan.item.due, plan.at, plan.shape, plan.x0, plan.x1, centre, plan.overdue,
                plan.undated, label, serves, _describe(plan.item, plan, serves)))
        lanes.append(Lane(horizon, y, y + height, title, len(on), note))
        y += height
    return lanes, marks, y


def _description(roadmap: Roadmap, marks: list[ItemMark], as_of: dt.date, end: dt.date, today: dt.date,
                 target_by: dt.date | None, reviews: int) -> str:
    counts = [f"{len(roadmap.items_on(h))} in {HORIZON_LABELS[h].lower()}" for h in HORIZONS if roadmap.items_on(h)]
    overdue = sum(m.overdue for m in marks)
    return (
        f"A timeline from {long_date(as_of)} to {long_date(end)}. Each horizon has its own scale: weeks for the "
        f"next 30 days, months for the quarter, quarters for year one, years for years 2–3 and the 10-year vision. "
        f"{len(marks)} item{'s' * (len(marks) != 1)}" + (f": {', '.join(counts)}" if counts else "") + ". "
        + (f"{overdue} overdue. " if overdue else "")
        + f"Today is {long_date(today)}."
        + (f" The target date is {long_date(target_by)}." if target_by else "")
        + (f" {reviews} review{'s' * (reviews != 1)} marked." if reviews else "")
    )


def _legend(style: Style, width: float, top: float, reviews: bool, target: bool, serves: bool) -> list[LegendEntry]:
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
