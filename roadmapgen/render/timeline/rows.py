"""Items in one lane of the timeline: each item's mark placed on the scale
with its label beside it where it fits (`plan_item`), then packed into rows
so that no two come too close (`pack_rows`), and truncated labels given the
room left free in their row (`grow_labels`)."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from roadmapgen.model import Item, horizon_end
from roadmapgen.render.timeline.geometry import BADGE_W, LABEL_GAP, POINT_R, ROW_GAP, TEXT_SIZE
from roadmapgen.render.timeline.metrics import fit_text, text_width
from roadmapgen.render.timeline.scale import Scale


@dataclass
class Plan:
    """An item's horizontal geometry, and then its row."""

    item: Item
    shape: str
    x0: float
    x1: float
    at: dt.date
    overdue: bool
    text: str = ""  # the label's whole text; none without one
    natural: float = 0.0  # the whole label's width, badge included
    side: str = ""  # where the label is: "right" or "left" of the mark, or "on" it
    label_x: float = 0.0
    label_w: float = 0.0  # the drawn label's width, badge included
    room: float = 0.0
    row: int = 0

    @property
    def extent(self) -> tuple[float, float]:
        if not self.text:
            return self.x0, self.x1
        return min(self.x0, self.label_x), max(self.x1, self.label_x + self.label_w)

    def fit(self, room: float) -> None:
        """Give the label `room`; a label on the left ends next to its mark, however much it was truncated."""
        badge = BADGE_W if self.overdue else 0
        self.room = room
        self.label_w = text_width(fit_text(self.text, TEXT_SIZE, max(room - badge, 0)), TEXT_SIZE) + badge
        if self.side == "left":
            self.label_x = self.x0 - LABEL_GAP - self.label_w


def plan_item(item: Item, text: str, scale: Scale, as_of: dt.date, today: dt.date, plot_x0: float,
              right: float) -> Plan:
    """An item's mark, and its label `text` (if any) on the side where it fits between plot_x0 and right."""
    at = item.due or horizon_end(item.horizon, as_of)
    overdue = bool(item.due and item.due < today and item.is_open and not item.archived)
    if item.start and item.start < at and scale.x(at) - scale.x(item.start) >= 2 * POINT_R:
        plan = Plan(item, "bar", scale.x(item.start), scale.x(at), at, overdue)
    else:
        plan = Plan(item, "point", scale.x(at) - POINT_R, scale.x(at) + POINT_R, at, overdue)
    if not text:
        return plan
    plan.text, plan.natural = text, text_width(text, TEXT_SIZE) + (BADGE_W if overdue else 0)
    wanted = min(plan.natural, max(160.0, (right - plot_x0) * 0.3))
    right_room = right - (plan.x1 + LABEL_GAP)
    left_room = (plan.x0 - LABEL_GAP) - plot_x0
    # The side where the whole label fits, the right first; else the roomier side; else on the mark.
    if right_room >= plan.natural or (left_room < plan.natural and right_room >= left_room and right_room >= 80):
        plan.side, plan.label_x = "right", plan.x1 + LABEL_GAP
        plan.fit(min(wanted, right_room))
    elif left_room >= 80:
        plan.side = "left"
        plan.fit(min(wanted, left_room))
    else:  # a bar across nearly the whole picture: the label rides on it
        plan.side, plan.label_x = "on", max(plan.x0, plot_x0) + LABEL_GAP
        plan.fit(min(wanted, right - plan.label_x))
    return plan


def pack_rows(plans: list[Plan], gap: float) -> list[list[Plan]]:
    """Give each plan, taken in date order, its `row`: the first where its extent comes no closer than
    `gap` to anything already there, so rows read as a staircase, earliest at the top. Returns the rows,
    each with its plans from left to right.

    Each row keeps its extents sorted; they never overlap, so their right ends are sorted too, and a
    plan fits a row when the extent just before it ends `gap` short of its left end and the one just
    after it starts `gap` beyond its right end."""
    taken: list[list[tuple[float, float, int]]] = []  # each row's (left, right, plan number), sorted
    for number, plan in enumerate(plans):
        left, right = plan.extent
        for row, extents in enumerate(taken):
            at = bisect.bisect_left(extents, (left,))
            fits_before = at == 0 or extents[at - 1][1] + gap <= left
            if fits_before and (at == len(extents) or right + gap <= extents[at][0]):
                break
        else:
            row = len(taken)
            taken.append([])
        bisect.insort(taken[row], (left, right, number))
        plan.row = row
    return [[plans[number] for _, _, number in extents] for extents in taken]


def grow_labels(rows: list[list[Plan]], left_edge: float, right_edge: float) -> None:
    """Once rows are known, let truncated labels take the free room beside them in their row."""
    for row in rows:
        for i, plan in enumerate(row):
            if not plan.text or plan.side == "on" or plan.label_w >= plan.natural:
                continue
            if plan.side == "right":
                limit = row[i + 1].extent[0] - ROW_GAP if i + 1 < len(row) else right_edge
                room = min(plan.natural, limit - plan.label_x)
            else:
                limit = row[i - 1].extent[1] + ROW_GAP if i > 0 else left_edge
                room = min(plan.natural, plan.x0 - LABEL_GAP - limit)
            if room > plan.room:
                plan.fit(room)
