"""`roadmap.ics`: an iCalendar (RFC 5545) calendar of what has a date.

- every dated item the audience may see, as an all-day event on its due date;
- the next review of each type (when the cadence is visible);
- the target date (when the target is visible and has `by`).

UIDs are stable (`<kind>-<id>.<site key>@roadmapgen`), so a subscribed
calendar updates its events instead of duplicating them. DTSTAMP is the
build's "today" at midnight UTC, never the clock, so the same input and today
give the same bytes. Text values are escaped (backslash, `;`, `,`, line
breaks) and line breaks in titles are flattened first, so no title can start
a new property; long lines are folded at 75 octets without splitting a
character or an escape. The bytes are those the `icalendar` library writes
for the same calendar (the tests compare them), without its import cost.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from roadmapgen import __version__
from roadmapgen.model import HORIZON_LABELS, TARGET_ID
from roadmapgen.render.exports.common import absolute, one_line, plain
from roadmapgen.render.site import Site

CALENDAR_PATH = "roadmap.ics"
PRODID = "-//roadmapgen//roadmapgen {version}//EN"
_STATUS = {"done": "CONFIRMED", "active": "CONFIRMED", "dropped": "CANCELLED"}
_KINDS = ("item", "review", "target")  # the order of events on the same day


def site_key(site: Site) -> str:
    """A short key that stays the same across builds of one person's roadmap
    (from its owner, which is always public), so UIDs of two people's
    calendars never collide."""
    root = site.roadmap.root
    owner = root.owner if root else ""
    return hashlib.sha256(owner.encode("utf-8")).hexdigest()[:10]


def escape_text(text: str) -> str:
    """An iCalendar TEXT value (RFC 5545, 3.3.11)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """A content line folded into lines under `limit` octets (RFC 5545, 3.1),
    never inside a character or right after an escaping backslash."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if current and size + width >= limit:
            carried = [current.pop()] if len(current) > 1 and current[-1] == "\\" else []
            parts.append("".join(current))
            current, size = carried, len(carried)
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _component(name: str, properties: list[tuple[str, str | None]], inner: list[str] = ()) -> list[str]:
    """`properties` in the order icalendar writes them (its first few, then
    alphabetically), so the bytes are the same; those without a value left out."""
    return [f"BEGIN:{name}", *(fold(key + value) for key, value in properties if value is not None),
            *inner, f"END:{name}"]


def _basic(day: dt.date) -> str:
    """YYYYMMDD; strftime's %Y drops the leading zeros of a year before 1000."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def render_calendar(site: Site) -> bytes:
    roadmap = site.roadmap
    root = roadmap.root
    base_url = site.settings.base_url
    key = site_key(site)
    stamp = f":{_basic(site.today)}T000000Z"

    def text(value: str) -> str:
        return ":" + escape_text(value)

    def day_value(day: dt.date) -> str:
        return f";VALUE=DATE:{_basic(day)}"

    def event(kind: str, name: str, day: dt.date, summary: str, description: str, url: str, status: str):
        """(where it sorts in the calendar, its lines)"""
        return (day, _KINDS.index(kind), name), _component("VEVENT", [
            ("SUMMARY", text(one_line(summary))),
            ("DTSTART", day_value(day)),
            # without DTEND an all-day event lasts its one day (RFC 5545, 3.6.1)
            ("DTEND", day_value(day + dt.timedelta(days=1)) if day < dt.date.max else None),
            ("DTSTAMP", stamp),
            ("UID", text(f"{kind}-{name}.{key}@roadmapgen")),
            ("DESCRIPTION", text(plain(description)) if description else None),
            ("STATUS", text(status)),
            ("TRANSP", ":TRANSPARENT"),
            ("URL", ":" + absolute(base_url, url) if base_url else None),
        ])

    events = []
    for item in roadmap.items:
        if item.due is None:
            continue
        lines = [f"{HORIZON_LABELS[item.horizon]} · {item.status}"]
        if item.measure:
            lines.append(f"Measure: {one_line(item.measure)}")
        events.append(event("item", item.id, item.due, item.title, "\n".join(lines),
                            site.entry_path(item.id), _STATUS.get(item.status, "TENTATIVE")))
    for row in site.next_reviews():
        events.append(event(
            "review", row["type"], row["due"], f"{row['type'].capitalize()} review due",
            f"The last {row['type']} review (or the plan's as_of) was {row['last'].isoformat()}.",
            "reviews.html" if roadmap.reviews else "index.html", "TENTATIVE"))
    t = site.target
    if t is not None and t.by:
        role = t.role or (" / ".join(t.candidates) if t.candidates else "the target")
        events.append(event("target", TARGET_ID, t.by, f"Target: {role}",
                            " · ".join(x for x in (t.level, t.industry) if x), "index.html", "TENTATIVE"))
    name = one_line(f"{root.title} ({root.owner})") if root else "Roadmap"
    calendar = [("VERSION", text("2.0")), ("PRODID", text(PRODID.format(version=__version__))),
                ("CALSCALE", text("GREGORIAN")), ("METHOD", text("PUBLISH")),
                ("NAME", text(name)), ("X-WR-CALNAME", text(name))]
    inner = [line for _, lines in sorted(events, key=lambda placed: placed[0]) for line in lines]
    return ("\r\n".join(_component("VCALENDAR", calendar, inner)) + "\r\n").encode("utf-8")
