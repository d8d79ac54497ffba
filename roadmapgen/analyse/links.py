"""Assemble documents into one roadmap and resolve every reference both ways:
what an item serves and what serves it, what closes a gap, who mentions what.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from roadmapgen.diagnostics import Diagnostic, Position, did_you_mean, error, suggestion
from roadmapgen.model import (
    CONTENT_DIR, HORIZON_RANK, TARGET_ID, Broken, Document, Entry, EntriesFile, Gap, Item, Links, Page, Path,
    PlanFile, Ref, Review, Risk, Roadmap, Root, frozen_map,
)


def link_roadmap(documents: Iterable[Document | Broken], content_path: str = CONTENT_DIR) -> tuple[Roadmap, list[Diagnostic]]:
    """`documents` in file order (sorted by relative path)."""
    found: list[Diagnostic] = []
    documents = list(documents)
    roots, plans, entry_files, reviews, pages = (
        _of_type(documents, kind) for kind in (Root, PlanFile, EntriesFile, Review, Page))
    root_files = [d for d in documents if isinstance(d, Root) or (isinstance(d, Broken) and d.kind == "roadmap")]

    if not root_files:
        found.append(error("no-root", Position(content_path, None, None),
                           "no file has 'kind: roadmap'",
                           "create content/index.md with 'kind: roadmap', a title, owner, as_of and target"))
    for extra in root_files[1:]:
        first = root_files[0]
        found.append(error("many-roots", extra.fields.get("kind", Position(extra.path, 1, 1)),
                           f"a second 'kind: roadmap' file; the root is already {first.path}",
                           "keep exactly one roadmap file; make this one a 'page' or merge it"))

    entries: dict[str, Entry] = {}
    ordered = sorted([*(i for p in plans for i in p.items), *(e for f in entry_files for e in f.entries)],
                     key=lambda e: (e.path.encode(), e.id_pos.line or 0))
    for entry in ordered:
        if entry.id == TARGET_ID:
            found.append(error("bad-field", entry.id_pos, "'target' is reserved for the roadmap's target",
                               "choose another id"))
            continue
        first = entries.get(entry.id)
        if first is not None:
            found.append(error("duplicate-id", entry.id_pos,
                               f"duplicate id '{entry.id}'; first used at {first.path}:{first.id_pos.line}",
                               "ids are shared by items, gaps, paths and risks: rename one of them",
                               subjects=(entry.id,)))
            continue
        entries[entry.id] = entry

    items_by_id = {e.id: e for e in _of_type(entries.values(), Item)}
    gap_ids = {e.id for e in _of_type(entries.values(), Gap)}

    serves, served_by = defaultdict(list), defaultdict(list)
    closes, closed_by = defaultdict(list), defaultdict(list)
    mentioned_in = defaultdict(dict)  # id -> {where: None}: in order, each place once

    servable = items_by_id.keys() | {TARGET_ID}  # once, not per reference
    for item in items_by_id.values():
        for ref in item.serves:
            target = _resolve(ref, servable, entries, "a plan item", "serves", found, item.id)
            if target is None:
                continue
            if target != TARGET_ID:
                served = items_by_id[target]
                if HORIZON_RANK[served.horizon] <= HORIZON_RANK[item.horizon]:
                    found.append(error(
                        "serves-shorter", ref.pos,
                        f"'{item.id}' ({item.horizon}) serves '{served.id}' on the {'same' if served.horizon == item.horizon else 'shorter'} horizon {served.horizon}",
                        "an item serves items on a longer horizon; move one of them, or serve 'target'",
                        subjects=(item.id, served.id)))
                    continue
            serves[item.id].append(target)
            if item.status != "dropped":
                served_by[target].append(item.id)
        for ref in item.closes:
            gap = _resolve(ref, gap_ids, entries, "a gap", "closes", found, item.id)
            if gap is not None:
                closes[item.id].append(gap)
                if item.status != "dropped":
                    closed_by[gap].append(item.id)

    for review in reviews:
        for ref, _status in review.progress:
            _resolve(ref, items_by_id.keys(), entries, "a plan item", "progress", found, review.path)

    every_id = entries.keys() | {TARGET_ID}
    for doc, refs in _link_sources(roots, plans, entry_files, reviews, pages, entries.values()):
        for ref in refs:
            name = _resolve(ref, every_id, entries, "an id", "link", found, doc)
            if name is not None:
                mentioned_in[name][doc] = None

    roadmap = Roadmap(
        root=roots[0] if roots else None,
        plans=tuple(plans),
        items=tuple(items_by_id.values()),
        gaps=tuple(_of_type(entries.values(), Gap)),
        paths=tuple(_of_type(entries.values(), Path)),
        risks=tuple(_of_type(entries.values(), Risk)),
        reviews=tuple(sorted(reviews, key=lambda r: (r.date, r.path))),
        pages=tuple(pages),
        entries=frozen_map(entries),
        links=Links(
            serves=_freeze(serves), served_by=_freeze(served_by),
            closes=_freeze(closes), closed_by=_freeze(closed_by),
            mentioned_in=_freeze(mentioned_in),
        ),
    )
    return roadmap, found


def _of_type(things, kind) -> list:
    return [thing for thing in things if isinstance(thing, kind)]


def _link_sources(roots, plans, entry_files, reviews, pages, entries):
    """(where, refs) for every Markdown text that may hold [[id]] links;
    `where` is a file path or an entry id."""
    for root in roots:
        yield root.path, (*root.body_refs, *root.vision_refs)
    for doc in [*plans, *entry_files, *reviews, *pages]:
        yield doc.path, doc.body_refs
    for entry in entries:
        if entry.notes_refs:
            yield entry.id, entry.notes_refs


_HINTS = {
    "serves": "'serves' names plan items on a longer horizon, or 'target'",
    "closes": "'closes' names gap ids from a 'kind: gaps' file",
    "progress": "'progress' names plan item ids",
    "link": "[[...]] links name an item, gap, path or risk id, or 'target'",
}


def _resolve(ref: Ref, allowed, entries, sort: str, field: str, found: list[Diagnostic], subject: str) -> str | None:
    if ref.id in allowed:
        return ref.id
    other = entries.get(ref.id)
    if other is not None:
        message = f"'{ref.id}' is {'an' if other.kind == 'item' else 'a'} {other.kind}, not {sort}"
    else:
        message = f"'{ref.id}' is not {'an item id' if sort == 'a plan item' else sort}"
    meant = did_you_mean(ref.id, allowed)
    message += suggestion(ref.id, allowed)
    # The suggested id is a subject too: an audience that may not see it must
    # not read its name in a finding about a typo in what it does see.
    subjects = (subject, ref.id, meant) if meant else (subject, ref.id)
    found.append(error("unknown-ref", ref.pos, message, _HINTS[field], subjects=subjects))
    return None


def _freeze(table: dict) -> dict:
    return frozen_map({key: tuple(values) for key, values in table.items()})
