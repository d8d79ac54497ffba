"""`roadmap.ics`: an iCalendar (RFC 5545) calendar of what has a date.

- every dated item the audience may see, as an all-day event on its due date;
- the next review of each type (when the cadence is visible);
- the target date (when the target is visible and has `by`).

UIDs are stable (`<kind>-<id>.<site key>@roadmapgen`), so a subscribed
calendar updates its events instead of duplicating them. DTSTAMP is the
build's "today" at midnight UTC, never the clock, so the same input and today
give the same bytes. Text goes through the `icalendar` library, which escapes
it; line breaks in titles are flattened first, so no title can start a new
property.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from roadmapgen import __version__
from roadmapgen.exports.common import absolute, one_line, plain
from roadmapgen.model import HORIZON_LABELS, TARGET_ID

if TYPE_CHECKING:
    from roadmapgen.render import Renderer

CALENDAR_PATH = "roadmap.ics"
PRODID = "-//roadmapgen//roadmapgen {version}//EN"
_STATUS = {"done": "CONFIRMED", "active": "CONFIRMED", "dropped": "CANCELLED"}


def site_key(renderer: "Renderer") -> str:
    """A short key that stays the same across builds of one person's roadmap
    (from its owner, which is always public), so UIDs of two people's
    calendars never collide."""
    root = renderer.roadmap.root
    owner = root.owner if root else ""
    return hashlib.sha256(owner.encode("utf-8")).hexdigest()[:10]


def uid(kind: str, name: str, key: str) -> str:
    return f"{kind}-{name}.{key}@roadmapgen"


def render_calendar(renderer: "Renderer") -> bytes:
    from icalendar import Calendar, Event

    roadmap = renderer.roadmap
    root = roadmap.root
    base_url = renderer.settings.base_url
    key = site_key(renderer)
    stamp = dt.datetime.combine(renderer.today, dt.time(0, 0), tzinfo=dt.timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODID.format(version=__version__))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = one_line(f"{root.title} ({root.owner})") if root else "Roadmap"
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)

    def event(uid_: str, day: dt.date, summary: str, description: str, url: str | None, status: str | None):
        e = Event()
        e.add("uid", uid_)
        e.add("dtstamp", stamp)
        e.add("dtstart", day)
        e.add("dtend", day + dt.timedelta(days=1))
        e.add("summary", one_line(summary))
        e.add("transp", "TRANSPARENT")
        if description:
            e.add("description", plain(description))
        if url and base_url:
            e.add("url", absolute(base_url, url))
        if status:
            e.add("status", status)
        return e

    events = []
    for item in roadmap.items:
        if item.due is None:
            continue
        lines = [f"{HORIZON_LABELS[item.horizon]} · {item.status}"]
        if item.measure:
            lines.append(f"Measure: {one_line(item.measure)}")
        events.append((item.due, 0, item.id, event(
            uid("item", item.id, key), item.due, item.title, "\n".join(lines),
            f"{renderer.entry_pages[item.id]}#{item.id}", _STATUS.get(item.status, "TENTATIVE"))))
    for row in renderer.next_reviews():
        events.append((row["due"], 1, row["type"], event(
            uid("review", row["type"], key), row["due"], f"{row['type'].capitalize()} review due",
            f"The last {row['type']} review (or the plan's as_of) was {row['last'].isoformat()}.",
            "reviews.html" if roadmap.reviews else "index.html", "TENTATIVE")))
    if root is not None and TARGET_ID not in renderer.view.hidden_ids and root.target.by:
        t = root.target
        role = t.role or (" / ".join(t.candidates) if t.candidates else "the target")
        events.append((t.by, 2, TARGET_ID, event(
            uid("target", TARGET_ID, key), t.by, f"Target: {role}",
            " · ".join(x for x in (t.level, t.industry) if x), "index.html", "TENTATIVE")))
    for _, _, _, e in sorted(events, key=lambda row: row[:3]):
        calendar.add_component(e)
    return calendar.to_ical()
