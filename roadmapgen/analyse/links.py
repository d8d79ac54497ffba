"""Assemble documents into one roadmap and resolve every reference both ways:
what an item serves and what serves it, what closes a gap or a skill, who
mentions what.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Mapping

from roadmapgen.analyse.visibility import with_default_visibility
from roadmapgen.diagnostics import Diagnostic, Position, did_you_mean, error, suggestion
from roadmapgen.model import (
    CONTENT_DIR, HORIZON_RANK, TARGET_ID, ArchiveFile, Broken, Document, Entry, EntriesFile, Gap, Item, Links,
    Page, Path, Person, PlanFile, Ref, Review, Risk, Roadmap, Root, Skill, frozen_map,
)


def link_roadmap(documents: Iterable[Document | Broken], content_path: str = CONTENT_DIR) -> tuple[Roadmap, list[Diagnostic]]:
    """`documents` in file order (sorted by relative path)."""
    found: list[Diagnostic] = []
    documents = with_default_visibility(list(documents))
    roots, plans, archives, entry_files, reviews, pages = (
        _of_type(documents, kind) for kind in (Root, PlanFile, ArchiveFile, EntriesFile, Review, Page))
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
    plan_items = [i for f in [*plans, *archives] for i in f.items]
    people = roots[0].people if roots else ()
    ordered = sorted([*plan_items, *(e for f in entry_files for e in f.entries), *people],
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
                               "ids are shared by items, gaps, skills, paths, risks and people: "
                               "rename one of them",
                               subjects=(entry.id,)))
            continue
        entries[entry.id] = entry

    items_by_id = {e.id: e for e in _of_type(entries.values(), Item)}
    closable = {e.id for e in entries.values() if isinstance(e, (Gap, Skill))}
    people_ids = {e.id for e in _of_type(entries.values(), Person)}

    serves, closes = defaultdict(list), defaultdict(list)
    mentioned_in = defaultdict(dict)  # id -> {where: None}: in order, each place once

    servable = items_by_id.keys() | {TARGET_ID}  # once, not per reference
    for item in items_by_id.values():
        for ref in item.serves:
            target = _resolve(ref, servable, entries, "a plan item", "serves", found, item.id)
            if target is None:
                continue
            if target != TARGET_ID:
                finding = _serves_shorter(item, items_by_id[target], ref)
                if finding is not None:
                    found.append(finding)
                    continue
            serves[item.id].append(target)
        for ref in item.closes:
            closed = _resolve(ref, closable, entries, "a gap or a skill", "closes", found, item.id)
            if closed is not None:
                closes[item.id].append(closed)

    for review in reviews:
        for field in ("progress", "assumptions"):
            for ref, _value in getattr(review, field):
                _resolve(ref, items_by_id.keys(), entries, "a plan item", field, found, review.path)
        for ref in review.met:
            _resolve(ref, people_ids, entries, "a person", "met", found, review.path)

    every_id = entries.keys() | {TARGET_ID}
    for doc, refs in _link_sources(roots, [*plans, *archives], entry_files, reviews, pages, entries.values()):
        for ref in refs:
            if not isinstance(ref, Ref):
                continue  # a link to a local file: analyse.local_files
            name = _resolve(ref, every_id, entries, "an id", "link", found, doc)
            if name is not None:
                mentioned_in[name][doc] = None

    serves, closes = _freeze(serves), _freeze(closes)
    roadmap = Roadmap(
        root=roots[0] if roots else None,
        plans=tuple(plans),
        archives=tuple(archives),
        items=tuple(i for i in items_by_id.values() if not i.archived),
        archived=tuple(i for i in items_by_id.values() if i.archived),
        gaps=tuple(_of_type(entries.values(), Gap)),
        skills=tuple(_of_type(entries.values(), Skill)),
        people=tuple(_of_type(entries.values(), Person)),
        paths=tuple(_of_type(entries.values(), Path)),
        risks=tuple(_of_type(entries.values(), Risk)),
        reviews=tuple(sorted(reviews, key=lambda r: (r.date, r.path))),
        pages=tuple(pages),
        entries=frozen_map(entries),
        links=Links(
            serves=serves, served_by=backlinks(items_by_id.values(), serves),
            closes=closes, closed_by=backlinks(items_by_id.values(), closes),
            mentioned_in=_freeze(mentioned_in),
        ),
    )
    return roadmap, found


def serves_allowed(item: Item, served: Item) -> bool:
    """Whether `item` may serve `served`: one on a longer horizon, or a
    milestone on the same horizon due later (both dated). Either way the
    pair (horizon, due) grows along every `serves`, so no loop can form."""
    rank, served_rank = HORIZON_RANK[item.horizon], HORIZON_RANK[served.horizon]
    if served_rank != rank:
        return served_rank > rank
    return item.due is not None and served.due is not None and served.due > item.due


def _serves_shorter(item: Item, served: Item, ref: Ref) -> Diagnostic | None:
    if serves_allowed(item, served):
        return None
    if served.horizon != item.horizon:
        why = f"on the shorter horizon {served.horizon}"
    elif item.due is None or served.due is None:
        undated = f"'{item.id}'" if item.due is None else f"'{served.id}'"
        why = f"on the same horizon {served.horizon}, and {undated} has no due date"
    else:
        when = "the same day" if served.due == item.due else f"earlier ({served.due})"
        why = f"on the same horizon {served.horizon}, due {when}"
    return error("serves-shorter", ref.pos, f"'{item.id}' ({item.horizon}) serves '{served.id}' {why}",
                 "an item serves items on a longer horizon, or one on its own horizon due later than it; "
                 "move or re-date one of them, or serve 'target'",
                 subjects=(item.id, served.id))


def backlinks(items: Iterable[Item], forward: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    """What serves (or closes) each id, from the resolved `forward` links of
    `items`, in their order: a dropped item serves and closes nothing. Worked
    out again whenever statuses change (analyse.statuses)."""
    back = defaultdict(list)
    for item in items:
        if item.status != "dropped":
            for target in forward.get(item.id, ()):
                back[target].append(item.id)
    return _freeze(back)


def _of_type(things, kind) -> list:
    return [thing for thing in things if isinstance(thing, kind)]


def _link_sources(roots, plans, entry_files, reviews, pages, entries):
    """(where, refs) for every Markdown text that may hold [[id]] links;
    `where` is a file path or an entry id."""
    for root in roots:
        part_refs = (ref for part in root.vision_parts for ref in part.refs)
        yield root.path, (*root.body_refs, *root.vision_refs, *part_refs, *root.industry_refs)
    for doc in [*plans, *entry_files, *reviews, *pages]:
        yield doc.path, doc.body_refs
    for entry in entries:
        if entry.notes_refs:
            yield entry.id, entry.notes_refs


_HINTS = {
    "serves": "'serves' names plan items on a longer horizon, or 'target'",
    "closes": "'closes' names gap ids from a 'kind: gaps' file, or skill ids from a 'kind: skills' file",
    "progress": "'progress' names plan item ids",
    "assumptions": "'assumptions' names plan item ids: the items whose 'assumption' the review tested",
    "met": "'met' names the ids of people listed under 'people' in the roadmap file",
    "link": "[[...]] links name an item, gap, skill, path, risk or person id, or 'target'",
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
