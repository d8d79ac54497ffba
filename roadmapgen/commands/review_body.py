"""The body of a new review: its type's questions, from
roadmapgen/commands/review_prompts/<type>.md, with the roadmap's own content
under the questions that are about it (see that package for the slots).

What the body quotes (titles, assumptions, a path's trigger, the values) is
the user's text, written as Markdown that shows it as typed. And the body
is as private as the most private thing it quotes: `Body.visibility` is the
level the review needs so that no audience reads in it a title it may not
see elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Callable, Mapping

from roadmapgen.commands.quoting import markdown_text
from roadmapgen.model import (
    CLOSED_STATUSES, HORIZON_LABELS, Entry, Item, Roadmap, stricter,
)

_SLOT = re.compile(r"\{([a-z_]+)\}")
_LONG_HORIZONS = ("year", "3-years", "10-years")


@dataclass(frozen=True, slots=True)
class Body:
    text: str
    visibility: str  # the strictest level among what it quotes; "public" if it quotes nothing
    strictest: tuple[str, ...]  # what it quotes at that level: ids, or "the root's target" / "... values"


@dataclass(frozen=True, slots=True)
class _Quote:
    """Lines for one slot, and what they quote: (an id or "the root's <block>", level)."""

    lines: tuple[str, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()


def prompts(review_type: str) -> str:
    """The questions of a review type, as the data file holds them."""
    folder = resources.files("roadmapgen.commands.review_prompts")
    return folder.joinpath(f"{review_type}.md").read_text(encoding="utf-8")


def review_body(roadmap: Roadmap, review_type: str, statuses: Mapping[str, str]) -> Body:
    """The body for a review of `review_type`; `statuses` holds the status
    the reviews since as_of recorded for an item, by id (an item missing
    from it has its own)."""
    lines: list[str] = []
    sources: list[tuple[str, str]] = []
    for line in prompts(review_type).splitlines():
        slot = _SLOT.fullmatch(line)
        fill = SLOTS.get(slot.group(1)) if slot else None
        if fill is None:
            lines.append(line)
            continue
        quote = fill(roadmap, statuses)
        lines += quote.lines
        sources += quote.sources
    # An empty slot leaves its blank lines behind: at most two in a row.
    text = re.sub(r"\n{4,}", "\n\n\n", "\n".join(lines)).strip("\n") + "\n"
    level = stricter("public", *(level for _, level in sources))
    strictest = tuple(dict.fromkeys(name for name, at in sources if at == level)) if level != "public" else ()
    return Body(text, level, strictest)


def _status(item: Item, statuses: Mapping[str, str]) -> str:
    return statuses.get(item.id, item.status)


def _open_items(roadmap: Roadmap, statuses: Mapping[str, str], horizons) -> list[Item]:
    return [item for item in roadmap.items
            if item.horizon in horizons and _status(item, statuses) not in CLOSED_STATUSES]


def _named(entry: Entry) -> str:
    """`id` and title, the start of a list item's text. Ids are [a-z0-9-]."""
    return f"`{entry.id}` {markdown_text(entry.title)}"


def _with_assumptions(items: list[Item], only_assumed: bool) -> _Quote:
    lines, sources = [], []
    for item in items:
        if only_assumed and not item.assumption:
            continue
        lines.append(f"- {_named(item)} ({HORIZON_LABELS.get(item.horizon, item.horizon)})")
        if item.assumption:
            lines.append(f"  - Assumption: {markdown_text(item.assumption)}")
        sources.append((item.id, item.visibility))
    return _Quote(tuple(lines), tuple(sources))


def _assumptions(roadmap: Roadmap, statuses: Mapping[str, str]) -> _Quote:
    return _with_assumptions(_open_items(roadmap, statuses, _LONG_HORIZONS), only_assumed=True)


def _every_assumption(roadmap: Roadmap, statuses: Mapping[str, str]) -> _Quote:
    return _with_assumptions(_open_items(roadmap, statuses, HORIZON_LABELS), only_assumed=True)


def _hypothesis(roadmap: Roadmap, statuses: Mapping[str, str]) -> _Quote:
    return _with_assumptions(_open_items(roadmap, statuses, ("3-years",)), only_assumed=False)


def _gaps(roadmap: Roadmap, statuses: Mapping[str, str]) -> _Quote:
    lines, sources = [], []
    for gap in roadmap.gaps:
        lines.append(f"- {_named(gap)}")
        sources.append((gap.id, gap.visibility))
        closers = [roadmap.entries.get(item_id) for item_id in roadmap.links.closed_by.get(gap.id, ())]
        closers = [item for item in closers if isinstance(item, Item)]
        for item in closers:
            lines.append(f"  - closed by {_named(item)} ({_status(item, statuses)})")
            sources.append((item.id, item.visibility))
        if not closers:
            lines.append("  - no item closes it yet")
    return _Quote(tuple(lines), tuple(sources))


def _target(roadmap: Roadmap, statuses: Mapping[str, str]) -> _Quote:
    root = roadmap.root
    if root is None:
        return _Quote()
    target, lines = root.target, []
    if target.role:
        role = markdown_text(target.role)
        if target.level:
            role += f" ({markdown_text(target.level)})"
        if target.industry:
            role += f" in {markdown_text(target.industry)}"
        lines.append(f"- Role: {role}")
    if target.candidates:
        lines.append(f"- Candidates: {', '.join(map(markdown_text, target.candidates))}")
    if target.companies:
        lines.append(f"- Example companies: {', '.join(map(markdown_text, target.companies))}")
    if target.by:
        lines.append(f"- By: {target.by.isoformat()}")
    return _Quote(tuple(lines), (("the root's target", root.block_level("target")),) if lines else ())


def _values(roadmap: Roadmap, statuses: Mapping[str, str]) -> _Quote:
    root = roadmap.root
    if root is None or not root.values:
        return _Quote()
    lines = [f"- {markdown_text(value.name)}: {value.score} of 5" for value in root.values]
    total, most = sum(value.score for value in root.values), 5 * len(root.values)
    # The worksheet's alignment score: 20 of 25 or more is strong alignment.
    lines += ["", f"Alignment: {total} of {most}."]
    return _Quote(tuple(lines), (("the root's values", root.block_level("values")),))


def _paths(roadmap: Roadmap, statuses: Mapping[str, str]) -> _Quote:
    lines, sources = [], []
    for path in roadmap.paths:
        lines.append(f"- {_named(path)}: {path.probability}%")
        if path.trigger:
            lines.append(f"  - Trigger: {markdown_text(path.trigger)}")
        sources.append((path.id, path.visibility))
    return _Quote(tuple(lines), tuple(sources))


SLOTS: dict[str, Callable[[Roadmap, Mapping[str, str]], _Quote]] = {
    "gaps": _gaps,
    "assumptions": _assumptions,
    "every_assumption": _every_assumption,
    "hypothesis": _hypothesis,
    "target": _target,
    "values": _values,
    "paths": _paths,
}
