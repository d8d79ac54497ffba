"""Audiences: cut the roadmap down to what one audience may see, before
anything is rendered, so that no template can leak what it never receives."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from roadmapgen.analyse.checks import check_roadmap
from roadmapgen.analyse.statuses import with_effective_statuses
from roadmapgen.diagnostics import Diagnostic
from roadmapgen.model import (
    CONTENT_DIR, ROOT_BLOCKS, TARGET_ID, VISIBILITY_RANK, Budgets, Links, QuickReference, Review, Roadmap,
    Root, Target, frozen_map,
)


def can_see(audience: str, level: str) -> bool:
    return VISIBILITY_RANK[level] <= VISIBILITY_RANK[audience]


@dataclass(frozen=True, slots=True)
class View:
    """The roadmap as one audience sees it."""

    audience: str
    roadmap: Roadmap
    hidden_ids: frozenset[str]  # ids that exist but this audience may not see
    hidden_paths: frozenset[str]  # files this audience may not see


def restrict(roadmap: Roadmap, audience: str) -> View:
    visible = lambda thing: can_see(audience, thing.visibility)  # noqa: E731
    seen_reviews = [r for r in roadmap.reviews if visible(r)]
    if roadmap.status_day is not None and len(seen_reviews) < len(roadmap.reviews):
        # A hidden review's `progress` must not move what the audience sees:
        # its statuses come from the reviews it may read. With every review
        # seen, they are the ones already worked out.
        roadmap = with_effective_statuses(roadmap, roadmap.status_day, seen_reviews)
    hidden_ids = {e.id for e in roadmap.entries.values() if not visible(e)}
    root = roadmap.root
    if root is not None:
        if not can_see(audience, root.block_level("target")):
            hidden_ids.add(TARGET_ID)
        root = _restrict_root(root, audience)
    documents = [*roadmap.plans, *roadmap.archives, *roadmap.reviews, *roadmap.pages]
    hidden_paths = {d.path for d in documents if not visible(d)}

    def shown(table, hidden=frozenset()):
        """The links of visible entries, without the names in `hidden`."""
        return frozen_map({k: tuple(w for w in v if w not in hidden)
                           for k, v in table.items() if k not in hidden_ids})

    links = roadmap.links
    restricted_links = Links(
        # Forward links keep hidden ids: they render as "a private item".
        serves=shown(links.serves),
        closes=shown(links.closes),
        # Backlinks drop them: a hidden item simply is not there.
        served_by=shown(links.served_by, hidden_ids),
        closed_by=shown(links.closed_by, hidden_ids),
        mentioned_in=shown(links.mentioned_in, hidden_ids | hidden_paths),
    )

    hidden_metrics = _hidden_metrics(roadmap.root, audience)
    reviews = tuple(_restrict_review(r, hidden_ids, hidden_metrics) for r in roadmap.reviews if visible(r))

    def with_visible_items(files):
        return tuple(dataclasses.replace(f, items=tuple(i for i in f.items if visible(i))) for f in files)

    view = Roadmap(
        root=root,
        plans=with_visible_items(roadmap.plans),
        archives=with_visible_items(roadmap.archives),
        items=tuple(i for i in roadmap.items if visible(i)),
        archived=tuple(i for i in roadmap.archived if visible(i)),
        gaps=tuple(g for g in roadmap.gaps if visible(g)),
        skills=tuple(s for s in roadmap.skills if visible(s)),
        people=tuple(p for p in roadmap.people if visible(p)),
        paths=tuple(p for p in roadmap.paths if visible(p)),
        risks=tuple(r for r in roadmap.risks if visible(r)),
        reviews=reviews,
        pages=tuple(p for p in roadmap.pages if visible(p)),
        entries=frozen_map({k: v for k, v in roadmap.entries.items() if k not in hidden_ids}),
        links=restricted_links,
        status_day=roadmap.status_day,
    )
    return View(audience, view, frozenset(hidden_ids), frozenset(hidden_paths))


def _restrict_root(root: Root, audience: str) -> Root:
    sees = lambda block: can_see(audience, root.block_level(block))  # noqa: E731
    return dataclasses.replace(
        root,
        target=root.target if sees("target") else Target(),
        vision=root.vision if sees("vision") else "",
        vision_refs=root.vision_refs if sees("vision") else (),
        vision_parts=tuple(part for part in root.vision_parts if sees(f"vision.{part.name}")),
        values=root.values if sees("values") else (),
        finances=root.finances if sees("finances") else (),
        # A person's visibility already holds the `people` block's, a metric's the `metrics` block's.
        people=tuple(person for person in root.people if can_see(audience, person.visibility)),
        metrics=tuple(metric for metric in root.metrics if can_see(audience, metric.visibility)),
        budgets=root.budgets if sees("budgets") else Budgets(),
        industry=root.industry if sees("industry") else (),
        industry_refs=root.industry_refs if sees("industry") else (),
        quick_reference=root.quick_reference if sees("quick_reference") else QuickReference(),
        # A hidden cadence must not show in the health view's "the cadence allows 35".
        cadence=root.cadence if sees("cadence") else frozen_map({}),
        body=root.body if sees("intro") else "",
        body_refs=root.body_refs if sees("intro") else (),
    )


def _hidden_metrics(root: Root | None, audience: str) -> frozenset[str]:
    """The names of the metrics the audience may not see: their values in
    reviews are as hidden as their definitions."""
    if root is None:
        return frozenset()
    return frozenset(m.name for m in root.metrics if not can_see(audience, m.visibility))


def _restrict_review(review: Review, hidden_ids, hidden_metrics: frozenset[str]) -> Review:
    def seen(pairs):
        return tuple((ref, value) for ref, value in pairs if ref.id not in hidden_ids)

    def shown(pairs):
        return tuple((name, value) for name, value in pairs if name not in hidden_metrics)

    return dataclasses.replace(review, progress=seen(review.progress), assumptions=seen(review.assumptions),
                               met=tuple(ref for ref in review.met if ref.id not in hidden_ids),
                               metrics=shown(review.metrics), ratings=shown(review.ratings))


def audience_findings(view: View, today) -> list[Diagnostic]:
    """The plan-health findings an audience's edition shows, found on that
    audience's roadmap alone: a count, a date or an age computed with hidden
    items or reviews in it would tell what they are."""
    return visible_findings(view, check_roadmap(view.roadmap, today))


def visible_findings(view: View, diagnostics) -> list[Diagnostic]:
    """Findings the audience may see: none about hidden entries or files."""
    hidden = view.hidden_ids
    return [
        d for d in diagnostics
        if d.path not in view.hidden_paths and not any(s in hidden or s in view.hidden_paths for s in d.subjects)
    ]


def _root_starts(parsed: Root | None, root, audience: str) -> list[tuple[int, bool]]:
    """Where each block of the root starts and whether the audience may not
    see it; every block of a root too broken to parse (`parsed` None) is
    hidden. Within the vision and the metrics, each part and each metric is
    its own block, placed at its key (the people are entries, placed with
    the others); the body, the `intro` block, starts after the front
    matter."""
    def hidden_block(name: str) -> bool:
        return parsed is None or not can_see(audience, parsed.block_level(name))

    # (line, whether it is a top-level field, hidden)
    marks = [(pos.line, True, name in ROOT_BLOCKS and hidden_block(name))
             for name, pos in root.fields.items()]
    if parsed is not None:
        marks.append((parsed.body_line, False, hidden_block("intro")))  # after the front matter
        marks += [(part.pos.line, False, hidden_block(f"vision.{part.name}")) for part in parsed.vision_parts]
        marks += [(metric.pos.line, False, not can_see(audience, metric.visibility))
                  for metric in parsed.metrics]
    starts, previous = [], 1
    for line, top_level, hidden in sorted(marks, key=lambda mark: mark[0]):
        # A top-level block's value may start a line after its key: a hidden
        # one claims every line after whatever starts before it.
        starts.append((previous + 1 if hidden and top_level else line, hidden))
        previous = line
    return starts


def overlay_findings(roadmap, audience: str, diagnostics: tuple[Diagnostic, ...],
                      file_visibility: dict[str, str] | None = None, broken_root=None) -> tuple[Diagnostic, ...]:
    """The findings an overlay for `audience` may show. The overlay and the
    status are served, possibly to the network: a finding is shown only
    when it is about something the audience sees. Beyond what
    visible_findings drops (findings about hidden files and ids), that
    leaves out findings in content/ files the audience is not known to see
    (a new file too broken to tell its visibility; `file_visibility` says
    what each file's was when it last parsed), and findings that sit inside
    a hidden entry or a hidden block of the root (any block of a
    `broken_root`, whose levels cannot be read)."""
    if audience == "private":
        return tuple(diagnostics)
    view = restrict(roadmap, audience)
    seen = view.roadmap
    files = ({d.path for d in (*seen.plans, *seen.archives, *seen.reviews, *seen.pages)}
             | {e.path for e in seen.entries.values()})
    files |= {path for path, level in (file_visibility or {}).items() if can_see(audience, level)}
    if seen.root is not None:
        files.add(seen.root.path)
    # Per file, where each entry (or root block) starts and whether the
    # audience may see it; a finding belongs to the last start before it.
    starts: dict[str, list[tuple[int, bool]]] = {}
    for entry in roadmap.entries.values():
        starts.setdefault(entry.path, []).append((entry.pos.line, entry.id in view.hidden_ids))
    root = roadmap.root or broken_root
    if root is not None:
        starts.setdefault(root.path, []).extend(_root_starts(roadmap.root, root, audience))
    for marks in starts.values():
        marks.sort()

    def shown(d: Diagnostic) -> bool:
        if d.path.split("/", 1)[0] != CONTENT_DIR:
            return True  # roadmap.toml, a theme: settings, not content
        if d.path not in files:
            return False
        owner = [hidden for line, hidden in starts.get(d.path, ()) if d.line is not None and line <= d.line]
        return not (owner and owner[-1])

    return tuple(d for d in visible_findings(view, diagnostics) if shown(d))
