"""The timeline's layout: a pure function from a roadmap and a date to geometry.

The axis runs from `as_of` (or the earliest date before it) to the end of
the 10-years horizon, in bands: one per horizon, each with its own linear
scale and ticks (weeks, months, quarters, years; scale.py), so the next 30
days get as much room as the ten years. Items sit in one lane per horizon; each label is
measured, put beside its mark where it fits, and rows are packed so that no
two label boxes meet and all of them stay inside the picture (rows.py).
Archived items with a due date get a lane of their own above the horizons,
and the months before `as_of` that they reach a band of their own ("Done
before 2 Nov"); without archived items nothing of either is drawn.
"""

from __future__ import annotations

import datetime as dt

from roadmapgen.model import HORIZON_LABELS, HORIZON_RANK, HORIZONS, TARGET_ID, Roadmap, horizon_end
from roadmapgen.render.timeline.geometry import (
    BADGE_W, MARGIN, POINT_R, ROW_GAP, SMALL_SIZE, TEXT_SIZE, Band, Box, Connector, ItemMark, Label, Lane,
    LegendEntry, Marker, ReviewMark, Tick, TimelineLayout,
)
from roadmapgen.render.timeline.metrics import ASCENT, DESCENT, clean, fit_text, text_width
from roadmapgen.render.timeline.rows import Plan, grow_labels, pack_rows, plan_item
from roadmapgen.render.templates import long_date, short_date
from roadmapgen.render.timeline.scale import BEFORE_AS_OF, Scale, boundary_text, inner_ticks, make_scale

TEXT_H = (ASCENT + DESCENT) * TEXT_SIZE  # the height of a line of text
SMALL_H = (ASCENT + DESCENT) * SMALL_SIZE
# The legend's entries, in order: kind -> words.
LEGEND = {"planned": "planned", "active": "active", "done": "done", "blocked": "blocked", "dropped": "dropped",
          "archived": "archived", "overdue": "overdue", "undated": "no due date", "review": "review",
          "today": "today", "target": "target date", "serves": "serves"}
ARCHIVED = "archived"  # the lane of the archived items, above the horizons' lanes
REVIEW_ROWS = 3  # past this, review markers may overlap: they are marks, not labels


def _label(text: str, left: float, centre: float, size: float, *, bold: bool = False, room: float | None = None,
           full: str | None = None, badge: bool = False) -> Label:
    """A label whose box starts at `left`, centred on `centre`, truncated to `room`."""
    extra = BADGE_W if badge else 0
    shown = text if room is None else fit_text(text, size, max(room - extra, 0), bold)
    height = (ASCENT + DESCENT) * size
    top = centre - height / 2
    box = Box(left, top, text_width(shown, size, bold) + extra, height)
    full = full if full is not None else text
    return Label(shown, full, left + extra, top + ASCENT * size, size, bold, box, badge)


def layout_timeline(roadmap: Roadmap, today: dt.date, *, width: float = 1000,
                    compact: bool = False) -> TimelineLayout:
    """The timeline's geometry for a roadmap (already cut down to an audience) on `today`: the full
    picture with a label on every item, or the compact one with marks only."""
    root = roadmap.root
    if root is None:
        raise ValueError("a timeline needs the roadmap's root for its as_of date")
    as_of, end = root.as_of, horizon_end("10-years", root.as_of)
    items = sorted(roadmap.items, key=lambda i: (HORIZON_RANK[i.horizon], i.due or horizon_end(i.horizon, as_of),
                                                 i.start or dt.date.min, i.path, i.pos.line or 0, i.id))
    # Archived items are drawn where they were due; one without a due date has no place in time.
    archived = sorted((i for i in roadmap.archived if i.due),
                      key=lambda i: (i.due, i.start or dt.date.min, i.path, i.pos.line or 0, i.id))
    target_shown = bool(root.target.role or root.target.candidates)  # an empty target is hidden
    target_by = root.target.by if target_shown else None
    dates = [d for i in items for d in (i.due, i.start) if d] + [r.date for r in roadmap.reviews] + [today]
    dates += [d for i in archived for d in (i.due, i.start) if d]
    dates += [target_by] if target_by else []

    gutter = MARGIN + max(text_width(HORIZON_LABELS[h], TEXT_SIZE, bold=True) for h in HORIZONS) + 12
    gutter = min(gutter, width * 0.2)
    plot_x0, plot_x1 = gutter + POINT_R, width - MARGIN - POINT_R
    scale = make_scale(as_of, min(dates), plot_x0, plot_x1, past=bool(archived))
    bands, axis_y = _bands(scale, as_of, end, plot_x0, width)

    today_words = f"Today, {short_date(today) if as_of <= today <= end else long_date(today)}"
    flags = [("today", today, today_words + (", after the plan's end" if today > end else ""))]
    if target_by:
        when = short_date(target_by) if target_by.year == as_of.year else long_date(target_by)
        flags.append(("target", target_by, f"Target: {clean(root.target.role) or 'the target'}, {when}"))
    flag_labels, y = _flag_labels(flags, scale, width, axis_y + 3)
    reviews, review_label, y = _review_strip(roadmap, scale, gutter - MARGIN - 4, y)
    lanes, marks = [], []
    lane_items = [(ARCHIVED, archived)] if archived else []
    lane_items += [(horizon, [i for i in items if i.horizon == horizon]) for horizon in HORIZONS]
    for name, on in lane_items:
        lane, lane_marks = _lane(roadmap, name, on, scale, today, compact, target_shown, width,
                                 gutter - MARGIN - 4, plot_x0, plot_x1, lanes[-1].y1 if lanes else y + 6)
        lanes.append(lane)
        marks += lane_marks
    lanes_y1 = lanes[-1].y1

    by_id = {m.id: m for m in marks}
    connectors = []
    for mark in marks:
        for target in (by_id[t] for t, _ in mark.serves if t in by_id):
            x1 = target.x0 + (0 if target.shape == "bar" else POINT_R)  # a bar's start, a point's centre
            connectors.append(Connector(mark.id, target.id, mark.x1, mark.y, x1, target.y))
    markers = [Marker(kind, day, scale.x(day), label.box.y, lanes_y1, label)
               for (kind, day, _), label in zip(flags, flag_labels)]
    shown = {"review": bool(reviews), "target": bool(target_by), "serves": bool(connectors),
             "archived": bool(archived)}
    entries = [(kind, words) for kind, words in LEGEND.items() if shown.get(kind, True)]
    legend = _legend(entries, width, lanes_y1 + 10)
    planned = [lane for lane in lanes if lane.horizon != ARCHIVED]
    counts = [f"{lane.count} in {HORIZON_LABELS[lane.horizon].lower()}" for lane in planned if lane.count]
    overdue = sum(m.overdue for m in marks)
    count = len(marks) - len(archived)
    description = (
        f"A timeline from {long_date(as_of)} to {long_date(end)}. Each horizon has its own scale: weeks for "
        f"the next 30 days, months for the quarter, quarters for year one, years for years 2–3 and the 10-year "
        f"vision. "
        + (f"{len(archived)} archived item{'s' * (len(archived) != 1)}, done or dropped, drawn where "
           f"they were due. " if archived else "")
        + f"{count} item{'s' * (count != 1)}" + (f": {', '.join(counts)}" if counts else "") + ". "
        + (f"{overdue} overdue. " if overdue else "")
        + f"Today is {long_date(today)}."
        + (f" The target date is {long_date(target_by)}." if target_by else "")
        + (f" {len(reviews)} review{'s' * (len(reviews) != 1)} marked." if reviews else "")
    )
    return TimelineLayout(
        width=width, height=max(e.label.box.y1 for e in legend) + MARGIN, compact=compact, as_of=as_of,
        end=end, today=today, title=f"Timeline: {clean(root.title)}", description=description,
        plot_x0=plot_x0, plot_x1=plot_x1, axis_y=axis_y, lanes_y1=lanes_y1,
        bands=tuple(bands), lanes=tuple(lanes), items=tuple(marks), connectors=tuple(connectors),
        markers=tuple(markers), reviews=tuple(reviews), review_strip=review_label, legend=tuple(legend),
    )


def _bands(scale: Scale, as_of: dt.date, end: dt.date, plot_x0: float, width: float) -> tuple[list[Band], float]:
    """The bands with their titles and ticks, and the y of the axis under the tick labels."""
    title_centre = MARGIN + TEXT_H / 2
    tick_centre = MARGIN + TEXT_H + 4 + SMALL_H / 2
    axis_y = tick_centre + SMALL_H / 2 + 3
    # Tick labels by priority, each kept if it has room: the boundaries (as_of first of all), then the
    # ticks inside the bands, the longest units first (years before weeks).
    boundary = [(start, boundary_text(name, start)) for name, start, *_ in scale.pieces]
    boundary = sorted(((d, t) for d, t in boundary if t), key=lambda pair: pair[0] != as_of)
    inner = {name: inner_ticks(name, start, stop) for name, start, stop, *_ in scale.pieces}
    placed: list[Box] = []
    labels: dict[dt.date, Label] = {}
    for day, text in boundary + [tick for name in reversed(inner) for tick in inner[name]]:
        w = text_width(text, SMALL_SIZE)
        left = min(max(scale.x(day) - w / 2, plot_x0), width - MARGIN - w)
        if left < MARGIN:
            continue
        label = _label(text, left, tick_centre, SMALL_SIZE)
        padded = Box(label.box.x - 3, label.box.y, label.box.w + 6, label.box.h)
        if not any(padded.intersects(b) for b in placed):
            placed.append(padded)
            labels[day] = label
    bands = []
    for name, start, stop, x0, x1 in scale.pieces:
        ticks = [Tick(start, x0, labels.get(start), True)]
        ticks += [Tick(day, scale.x(day), labels.get(day), False) for day, _ in inner[name]]
        if stop == end:
            ticks.append(Tick(stop, x1, None, True))
        if name in BEFORE_AS_OF:
            title_text = f"Done before {short_date(as_of)}" if name == "past" else "Earlier"
        else:
            title_text = HORIZON_LABELS[name]
        shown = fit_text(title_text, TEXT_SIZE, x1 - x0 - 8, bold=True)
        w = text_width(shown, TEXT_SIZE, bold=True)
        title = _label(shown, x0 + (x1 - x0 - w) / 2, title_centre, TEXT_SIZE, bold=True, full=title_text)
        bands.append(Band(name, title, start, stop, x0, x1, tuple(ticks)))
    return bands, axis_y


def _flag_labels(flags: list[tuple[str, dt.date, str]], scale: Scale, width: float,
                 top: float) -> tuple[list[Label], float]:
    """The labels of today's line and the target's, beside their lines, in rows under the axis."""
    row_h = SMALL_H + 3
    ends: list[float] = []
    labels = []
    for _, day, text in flags:
        x = scale.x(day)
        w = min(text_width(text, SMALL_SIZE, bold=True), width - 2 * MARGIN)
        left = x + 4 if x + 4 + w <= width - MARGIN else max(MARGIN, x - 4 - w)
        row = next((r for r, end in enumerate(ends) if end + ROW_GAP <= left), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = left + w
        labels.append(_label(text, left, top + row * row_h + row_h / 2, SMALL_SIZE, bold=True, room=w))
    return labels, top + len(ends) * row_h


def _review_strip(roadmap: Roadmap, scale: Scale, room: float,
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
        if row is None and len(ends) < REVIEW_ROWS:
            row = len(ends)
            ends.append(0.0)
        elif row is None:
            row = min(range(len(ends)), key=ends.__getitem__)
        ends[row] = x + POINT_R
        marks.append(ReviewMark(review.path, review.date, review.type, clean(review.title) or review.type,
                                x, top + step / 2 + row * step))
    height = max(len(ends) * step, SMALL_H)
    label = _label("Reviews", MARGIN, top + min(step, height) / 2, SMALL_SIZE, room=room)
    return marks, label, top + height


def _lane(roadmap: Roadmap, name: str, on: list, scale: Scale, today: dt.date, compact: bool,
          target_shown: bool, width: float, gutter_room: float, plot_x0: float, plot_x1: float,
          top: float) -> tuple[Lane, list[ItemMark]]:
    """A horizon's lane (or the archived items', `name` ARCHIVED), its items `on` packed into rows, from
    `top` down."""
    titles = [clean(i.title) or i.id for i in on]
    plans = [plan_item(i, "" if compact else title, scale, roadmap.root.as_of, today, plot_x0, width - MARGIN)
             for i, title in zip(on, titles)]
    rows = pack_rows(plans, 3 if compact else ROW_GAP)
    grow_labels(rows, plot_x0, width - MARGIN)
    row_h, pad = (14, 4) if compact else (24, 6)
    note_h = 0 if compact and on else SMALL_H
    height = max((len(rows) or 1) * row_h, TEXT_H + note_h + 2) + 2 * pad
    title = _label("Archived" if name == ARCHIVED else HORIZON_LABELS[name], MARGIN, top + pad + TEXT_H / 2,
                   TEXT_SIZE, bold=True, room=gutter_room)
    note = None
    if not on:
        note = _label("Nothing planned", plot_x0 + 4, top + pad + row_h / 2, SMALL_SIZE,
                      room=plot_x1 - plot_x0 - 8)
    elif not compact:
        note = _label(f"{len(on)} item{'s' * (len(on) != 1)}", MARGIN, top + pad + TEXT_H + 2 + note_h / 2,
                      SMALL_SIZE, room=gutter_room)
    marks = [_item_mark(roadmap, plan, title, top + pad + plan.row * row_h + row_h / 2, target_shown)
             for plan, title in zip(plans, titles)]
    return Lane(name, top, top + height, title, len(on), note), marks


def _item_mark(roadmap: Roadmap, plan: Plan, title: str, y: float, target_shown: bool) -> ItemMark:
    item = plan.item
    label = None
    if plan.text:
        label = _label(plan.text, plan.label_x, y, TEXT_SIZE, room=plan.room, full=clean(item.title),
                       badge=plan.overdue)
    serves = []  # (id if visible, words) for each id it serves
    for target in roadmap.links.serves.get(item.id, ()):
        if target == TARGET_ID and target_shown:
            role = roadmap.root.target.role
            serves.append((TARGET_ID, f"the target, {role}" if role else "the target"))
        elif target in roadmap.entries:
            serves.append((target, clean(roadmap.entries[target].title)))
        else:
            serves.append((None, "a private item"))
    status = item.status
    if item.status_from is not None:
        status += f" since the review of {long_date(item.status_from.date)}"
    where = HORIZON_LABELS[item.horizon] + (", archived" if item.archived else "")
    words = [title, where, status]
    if plan.overdue:
        words.append("overdue")
    if item.due:
        words.append(f"due {long_date(item.due)}")
    else:
        words.append(f"no due date, shown at the end of its horizon, {long_date(plan.at)}")
    if item.start:
        words.append(f"from {long_date(item.start)}")
    if serves:
        words.append("serves " + "; ".join(w for _, w in serves))
    return ItemMark(item.id, title, item.horizon, item.status, item.start, item.due, plan.at, plan.shape,
                    plan.x0, plan.x1, y, plan.overdue, item.due is None, label, tuple(serves),
                    ". ".join(words) + ".", item.status_from, item.archived)


def _legend(entries: list[tuple[str, str]], width: float, top: float) -> list[LegendEntry]:
    """The legend's (kind, words) in rows as wide as the picture."""
    row_h = SMALL_H + 6
    x, row, out = MARGIN, 0, []
    for kind, text in entries:
        w = 16 + 5 + text_width(text, SMALL_SIZE)
        if x + w > width - MARGIN and x > MARGIN:
            x, row = MARGIN, row + 1
        centre = top + row * row_h + row_h / 2
        label = _label(text, x + 21, centre, SMALL_SIZE, room=width - MARGIN - x - 21)
        out.append(LegendEntry(kind, x, centre, label))
        x += w + 16
    return out
