"""The horizons as the overview and the horizon pages show them, and each
item as its card shows it (there and on the history page). Made from the
site context, so what the audience may not see is already gone, and each
item's notes are rendered for the page showing it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmapgen.analyse.finished import Settled
from roadmapgen.model import HORIZON_LABELS, HORIZONS, Item, PlanFile, horizon_end
from roadmapgen.render.site import HISTORY_PAGE, HORIZON_PAGES, Site, id_prefix_for


@dataclass(frozen=True, slots=True)
class ItemView:
    """An item with everything its templates show, computed once."""

    item: Item
    anchor: str
    serves: tuple[str, ...]
    served_by: tuple[str, ...]
    closes: tuple[str, ...]
    chain: tuple[str, ...]
    overdue: bool
    notes_html: str = ""
    status_note: str = ""  # "30 Nov review" when the status comes from a review, else ""
    status_path: str = ""  # that review's page, from the site root


def item_view(site: Site, settled: dict[str, Settled], item: Item) -> ItemView:
    """`item`'s card; `settled`: every done or dropped item (analyse.finished.settled_items)."""
    links = site.roadmap.links
    page = HISTORY_PAGE if item.archived else HORIZON_PAGES[item.horizon]
    status_note, status_path = site.status_source(item)
    settled_item = settled.get(item.id)
    if item.archived and settled_item is not None and settled_item.review is not None:
        # After `roll` an archived item's status is written in the archive, so no review
        # after as_of gives it: name the review that marked it done or dropped.
        status_note, status_path = site.review_note(settled_item.review)
    return ItemView(
        item=item,
        anchor=item.id,
        serves=links.serves.get(item.id, ()),
        served_by=links.served_by.get(item.id, ()),
        closes=links.closes.get(item.id, ()),
        chain=site.roadmap.chain_up(item.id),
        overdue=bool(item.due and item.due < site.today and item.is_open and not item.archived),
        notes_html=(site.markdown(page, item.notes, id_prefix_for(item.id), source=item.path)
                    if item.notes else ""),
        status_note=status_note,
        status_path=status_path,
    )


def plans_on(site: Site, horizon: str) -> list[PlanFile]:
    """The plan files of a horizon the audience may see."""
    hidden = site.view.hidden_paths
    return [p for p in site.roadmap.plans if p.horizon == horizon and p.path not in hidden]


def horizon_views(site: Site, settled: dict[str, Settled]) -> list[dict]:
    """Each horizon, shortest first: its window, its items by due date and its plan files' prose."""
    as_of = site.roadmap.as_of
    by_due = lambda i: (i.due or dt.date.max, i.path, i.pos.line or 0)  # noqa: E731
    result = []
    for name in HORIZONS:
        plans = plans_on(site, name)
        result.append({
            "name": name,
            "label": HORIZON_LABELS[name],
            "path": HORIZON_PAGES[name],
            "start": as_of,
            "end": horizon_end(name, as_of) if as_of else None,
            "items": [item_view(site, settled, i) for i in sorted(site.roadmap.items_on(name), key=by_due)],
            "prose": [site.markdown(HORIZON_PAGES[name], p.body, id_prefix_for(p.path), source=p.path)
                      for p in plans if p.body.strip()],
            "titles": [p.title for p in plans],
        })
    return result
