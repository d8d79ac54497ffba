"""`roadmapgen roll`: move the plan forward to start on a new day (format
1.1, section 9), the way a monthly review rewrites it:

1. the root's `as_of` becomes that day;
2. every effective status that came from a review is written into its item;
3. every done or dropped item moves from its plan file to the archive,
   `content/archive.md` (`kind: archive`), with the horizon it was on;
4. open items stay; those now due outside their horizon's window are listed;
5. a monthly review dated that day is started, unless one with that date exists.

`plan_roll` works out every new text in memory, by editing the lines it must
(write.content_edits), and checks the rolled roadmap before anything is
written; `write_roll` writes it, the archive first, so an item is in the
archive before it leaves its plan. Nothing else here does I/O.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from roadmapgen.analyse.project import load_project
from roadmapgen.commands.new_review import NewReview, NewReviewError, plan_review, write_review
from roadmapgen.diagnostics import ERROR, Diagnostic
from roadmapgen.model import (
    CLOSED_STATUSES, CONTENT_DIR, VISIBILITY_RANK, Item, Roadmap, horizon_end, stricter,
)
from roadmapgen.read.kinds import ARCHIVED_ITEM_FIELDS, ITEM_FIELDS
from roadmapgen.read.sources import where_link_leads
from roadmapgen.write.content_edits import (
    EditError, add_items, cut_items, item_values, new_file, set_item_values, set_value,
)
from roadmapgen.write.content_edits.lines import yaml_line
from roadmapgen.write.content_files import ContentFile, ContentWriteError, write_content

ARCHIVE_PATH = f"{CONTENT_DIR}/archive.md"
_ARCHIVE_FRONT = ["kind: archive", "title: Archive", "items:"]
_ARCHIVE_BODY = ("Done and dropped items, moved here from the plan by `roadmapgen roll`. "
                 "Their ids still resolve, so reviews and links to them keep working.")
_ITEM_ORDER = tuple(ITEM_FIELDS)
_ARCHIVED_ORDER = tuple(ARCHIVED_ITEM_FIELDS)
_WORD = re.compile(r"[^\W_]+")
_NAMES_SHOWN = 8  # of the items moved from one file, in the report
_BREAK = re.compile(r"\r\n|\r|\n")  # as an editor breaks lines


class RollError(Exception):
    """The roll is refused, and nothing was written; or writing failed (the
    message says why, and what was written)."""

    def __init__(self, message: str, diagnostics: tuple[Diagnostic, ...] = ()):
        super().__init__(message)
        self.diagnostics = diagnostics


@dataclass(frozen=True, slots=True)
class Edited:
    """A content file roll writes: its text before (None: a new file) and after."""

    relpath: str
    real: Path  # where it is written: a link followed
    old: str | None
    new: str


@dataclass(frozen=True, slots=True)
class Late:
    """An open item due outside its horizon's new window (as placed in the rolled file)."""

    item: Item
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class Roll:
    date: dt.date
    files: tuple[Edited, ...]  # in the order they are written
    review: NewReview | None
    changes: tuple[tuple[str, str], ...]  # (file, what changed in it), in order
    late: tuple[Late, ...]

    @property
    def changed(self) -> bool:
        return bool(self.files or self.review)


@dataclass
class _Texts:
    """The texts of the files roll edits, each read once, edits applied in turn."""

    site_root: Path
    old: dict[str, str | None] = field(default_factory=dict)
    new: dict[str, str] = field(default_factory=dict)
    real: dict[str, Path] = field(default_factory=dict)

    def get(self, relpath: str) -> str:
        if relpath not in self.new:
            real = self._place(relpath)
            try:
                text = real.read_bytes().decode("utf-8")
            except (OSError, UnicodeError) as exc:
                raise RollError(f"{relpath} cannot be read ({getattr(exc, 'strerror', None) or exc}); "
                                "nothing was written") from None
            self.old[relpath] = self.new[relpath] = text
        return self.new[relpath]

    def create(self, relpath: str) -> None:
        """Start a new file, empty until an edit writes it."""
        if os.path.lexists(self.site_root / relpath):
            raise RollError(f"{relpath} exists but is not a 'kind: archive' file; rename it, or make it the "
                            "archive with 'kind: archive' and 'items:'; nothing was written")
        self._place(relpath)
        self.old[relpath], self.new[relpath] = None, ""

    def edit(self, relpath: str, what: str, change) -> None:
        """Apply `change` (text -> text) to the file; a refused edit refuses the roll."""
        try:
            self.new[relpath] = change(self.get(relpath))
        except EditError as exc:
            raise RollError(f"{relpath}: {what} cannot be done safely: {exc}; nothing was written "
                            "(make the edit by hand, or tell us about the layout)") from None

    def _place(self, relpath: str) -> Path:
        """Where the file is written; roll writes nothing through a link out of the site."""
        real = Path(os.path.realpath(self.site_root / relpath))
        place = where_link_leads(self.site_root.resolve(), real)
        if place:
            raise RollError(f"{relpath} is a link {place}; roll writes only files inside the site; "
                            "nothing was written")
        self.real[relpath] = real
        return real

    def edited(self, order: list[str]) -> tuple[Edited, ...]:
        return tuple(Edited(path, self.real[path], self.old[path], self.new[path])
                     for path in order if path in self.new and self.new[path] != self.old[path])


def plan_roll(site_root: Path, date: dt.date) -> Roll:
    """Everything a roll to `date` would write; raises RollError if it is refused."""
    project = load_project(site_root, date)
    errors = tuple(d for d in project.diagnostics if d.severity == ERROR)
    if errors:
        them = "it" if len(errors) == 1 else "them"
        raise RollError(f"the roadmap has {_count(len(errors), 'error')}: fix {them}, then roll; "
                        "nothing was written", errors)
    roadmap = project.roadmap
    root = roadmap.root
    if date < root.as_of:
        raise RollError(f"{date} is before the plan's as_of ({root.as_of}): roll only moves a plan forward; "
                        "nothing was written")
    texts = _Texts(site_root)
    changes: list[tuple[str, str]] = []
    replaced = Counter(_WORD.findall("null"))  # words an edit may replace: the old values
    _write_statuses(roadmap, texts, changes, replaced)
    archive = _archive_items(roadmap, texts, changes)
    if date != root.as_of:
        texts.edit(root.path, "moving as_of",
                   lambda text: set_value(root.path, text, "as_of", date.isoformat()))
        changes.append((root.path, f"as_of {root.as_of} -> {date}"))
        # Its line as YAML counts lines (U+2028 in a quoted title is a break there too).
        replaced.update(_WORD.findall(yaml_line(texts.old[root.path], root.fields["as_of"].line)))
    review = None
    if not any(each.date == date for each in roadmap.reviews):
        try:
            review = plan_review(site_root, date, "monthly", date, roadmap)  # loaded for `date` above
        except NewReviewError as exc:
            raise RollError(f"the monthly review cannot be started: {exc}") from None
        changes.append((review.relpath, "started the monthly review: fill it in"))
    plans = sorted((path for path in texts.new if path not in (archive, root.path)), key=str.encode)
    files = texts.edited([*([archive] if archive else []), *plans, root.path])
    _check_no_word_lost(files, replaced)
    moved_ids = [item.id for item in roadmap.items if not item.is_open]
    late = _check_rolled(site_root, date, files, review, moved_ids)
    return Roll(date, files, review, tuple(changes), late)


def _write_statuses(roadmap: Roadmap, texts: _Texts, changes: list, replaced: Counter) -> None:
    """Write into its file every item's status that a review set."""
    by_file: dict[str, list] = {}
    for item in (*roadmap.items, *roadmap.archived):
        if item.status_from is not None and item.status != item.written_status:
            by_file.setdefault(item.path, []).append((item.id, "status", item.status))
            source = item.status_from
            changes.append((item.path, f"'{item.id}': status {item.written_status} -> {item.status} "
                                       f"(from the {source.date} {source.type} review)"))
            replaced.update(_WORD.findall(item.written_status))
    for path, edits in by_file.items():
        texts.edit(path, "writing the statuses reviews set",
                   lambda text, path=path, edits=edits: set_item_values(path, text, edits, _ITEM_ORDER))


def _archive_items(roadmap: Roadmap, texts: _Texts, changes: list) -> str | None:
    """Move every done and dropped plan item to the archive; the archive's path, if any moved."""
    closed = [item for item in roadmap.items if item.status in CLOSED_STATUSES]
    if not closed:
        return None
    archive = ARCHIVE_PATH
    existing = next((each for each in roadmap.archives if each.path == archive), None)
    # What sets no level has the root's default (a new archive sets none).
    default = roadmap.root.default_visibility
    archive_level = existing.visibility if existing else default
    moved, by_file = [], {}
    for item in closed:
        by_file.setdefault(item.path, []).append(item)
    for path, items in by_file.items():
        # An item must not become visible to more people by moving: where the
        # plan file's level made it stricter than the archive's, say so on it.
        own = item_values(path, texts.get(path), "visibility")
        edits = [(item.id, "horizon", item.horizon) for item in items]
        edits += [(item.id, "visibility", item.visibility) for item in items
                  if VISIBILITY_RANK[item.visibility]
                  > VISIBILITY_RANK[stricter(archive_level, own[item.id] or default)]]
        texts.edit(path, "adding each moved item's horizon",
                   lambda text, path=path, edits=edits: set_item_values(path, text, edits, _ARCHIVED_ORDER))
        texts.edit(path, f"moving items to {archive}",
                   lambda text, path=path, items=items: _cut(path, text, [item.id for item in items], moved))
    if existing:
        texts.edit(archive, "adding the archived items", lambda text: add_items(archive, text, moved))
    else:
        newline = "\r\n" if "\r\n" in texts.get(closed[0].path) else "\n"
        texts.create(archive)
        texts.edit(archive, "starting the archive",
                   lambda _: add_items(archive, new_file(_ARCHIVE_FRONT, _ARCHIVE_BODY, newline), moved))
    for path, items in by_file.items():
        names = [f"'{item.id}' ({item.status})" for item in items]
        more = f" and {len(names) - _NAMES_SHOWN} more" if len(names) > _NAMES_SHOWN else ""
        changes.append((path, f"moved {_count(len(names), 'item')} to {archive}: "
                              f"{', '.join(names[:_NAMES_SHOWN])}{more}"))
    changes.append((archive, f"{'added' if existing else 'created, with'} {_count(len(moved), 'item')}"
                             f" from {', '.join(by_file)}"))
    return archive


def _cut(path: str, text: str, item_ids: list[str], into: list) -> str:
    new_text, moved = cut_items(path, text, item_ids)
    into += moved
    return new_text


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _check_no_word_lost(files: tuple[Edited, ...], replaced: Counter) -> None:
    """Every word of the files roll changes is still in them after (bar the
    old values it replaced): moving an item must never lose a comment or a note."""
    before = Counter(word for file in files if file.old for word in _WORD.findall(file.old))
    after = Counter(word for file in files for word in _WORD.findall(file.new))
    lost = before - after - replaced
    if lost:
        raise RollError(f"rolling would lose words ({', '.join(sorted(lost)[:5])}); nothing was written "
                        "(this is a bug in roadmapgen: please report it)")


def _check_rolled(site_root: Path, date: dt.date, files: tuple[Edited, ...], review: NewReview | None,
                  moved_ids: list[str]) -> tuple[Late, ...]:
    """Check the rolled roadmap before it is written: no errors and every
    moved id still known. Returns the open items now due outside their window."""
    edits = {file.relpath: file.new for file in files}
    if review:
        edits[review.relpath] = review.text
    rolled = load_project(site_root, date, edits=edits)
    errors = tuple(d for d in rolled.diagnostics if d.severity == ERROR)
    lost = [item_id for item_id in moved_ids if item_id not in rolled.roadmap.entries]
    if errors or lost:
        raise RollError("the rolled roadmap would not check clean; nothing was written "
                        "(this is a bug in roadmapgen: please report it)", errors)
    late = []
    for item in rolled.roadmap.items:
        end = horizon_end(item.horizon, date)
        if item.is_open and item.due and not date <= item.due <= end:
            late.append(Late(item, date, end))
    return tuple(late)


def write_roll(roll: Roll) -> None:
    """Write the rolled files (archive first, the root last), then the review."""
    try:
        write_content([ContentFile(file.real, file.relpath, _bytes(file.old), file.new.encode("utf-8"))
                       for file in roll.files])
    except ContentWriteError as exc:
        raise RollError(str(exc)) from None
    if roll.review:
        try:
            write_review(roll.review)
        except NewReviewError as exc:
            raise RollError(f"the plan was rolled, but the monthly review was not started: {exc}") from None


def _bytes(text: str | None) -> bytes | None:
    return None if text is None else text.encode("utf-8")


def roll_diff(roll: Roll) -> str:
    """Every change as a unified diff, new files included (line breaks not shown)."""
    out = []
    for relpath, old, new in [*((f.relpath, f.old, f.new) for f in roll.files),
                              *([(roll.review.relpath, None, roll.review.text)] if roll.review else [])]:
        before = "/dev/null" if old is None else f"a/{relpath}"
        out += difflib.unified_diff(_lines(old or ""), _lines(new), before, f"b/{relpath}", lineterm="")
    return "\n".join(out)


def _lines(text: str) -> list[str]:
    """A text's lines without their line breaks (no empty line after a last break)."""
    lines = _BREAK.split(text)
    return lines[:-1] if lines[-1] == "" else lines
