"""What the templates get for the review loop (format 1.1 section 9): the
items done in the last 30 days (the overview), the assumptions behind the
longer horizons with the reviews' verdicts (the assumptions page and the
overview), and the order of the history page. Everything is worked out from
the audience's view, so a hidden review's verdict or progress never shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roadmapgen.analyse.assumptions import TESTED_ON, AssumptionCheck, assumption_checks, testing_reviews
from roadmapgen.analyse.finished import Settled, done_in_window, window_start
from roadmapgen.model import HORIZON_LABELS, Item
from roadmapgen.render.site import Site

ASSUMPTIONS_PAGE = "assumptions.html"
UNREVIEWED = "unreviewed"  # no quarterly, annual or replan review judged the assumption yet
VERDICT_ORDER = ("broken", "unsure", "holds", UNREVIEWED)  # what needs attention first
VERDICT_WORDS = {"holds": "holds", "broken": "broken", "unsure": "unsure", UNREVIEWED: "not yet reviewed"}


@dataclass(frozen=True, slots=True)
class DoneView:
    """An item done in the last 30 days, for the overview."""

    item: Item
    path: str  # its card, page#anchor from the site root
    on: dt.date  # when it was done: the review that marked it, or its due date
    horizon_label: str  # the horizon it is (or was, when archived) on
    review_note: str  # "1 Nov review" when a review marked it done, else ""
    review_path: str  # that review's page from the site root, else ""


@dataclass(frozen=True, slots=True)
class AssumptionView:
    """One item's assumption and the latest verdict on it."""

    item: Item
    path: str  # the item's card, page#anchor from the site root
    verdict: str  # holds | broken | unsure | unreviewed
    words: str  # the verdict in words ("not yet reviewed")
    judged_on: dt.date | None
    review_note: str  # "1 Nov review": the review that gave the verdict, else ""
    review_path: str
    stale: bool  # a later quarterly, annual or replan review did not judge it again


def done_this_month(site: Site, settled: dict[str, Settled]) -> dict:
    """The overview's "done this month": `start` and `end` of the window and
    `items`, DoneViews newest first. `settled`: analyse.finished.settled_items."""
    done = done_in_window(settled, site.today)
    items = []
    for settled in done:
        note, review_path = site.review_note(settled.review) if settled.review else ("", "")
        items.append(DoneView(settled.item, site.entry_path(settled.item.id) or "", settled.on,
                              HORIZON_LABELS[settled.item.horizon], note, review_path))
    return {"start": window_start(site.today), "end": site.today, "items": items}


def assumptions_view(site: Site) -> dict | None:
    """The assumptions behind the longer horizons (None when there is none):
    `checks` (AssumptionViews in plan order), `groups` (one per horizon with
    some: `horizon` name, `label` and `checks`), `counts` (verdict -> number,
    in VERDICT_ORDER, every verdict present) and `last_tested` (the latest
    quarterly, annual or replan review: `review` and its `path`, or None)."""
    checks = assumption_checks(site.roadmap, site.today)
    if not checks:
        return None
    views = [_assumption_view(site, check) for check in checks]
    testing = testing_reviews(site.roadmap, site.today)
    latest = testing[-1] if testing else None
    groups = [{"horizon": h, "label": HORIZON_LABELS[h], "checks": [v for v in views if v.item.horizon == h]}
              for h in TESTED_ON]
    return {
        "checks": views,
        "groups": [g for g in groups if g["checks"]],
        "counts": {verdict: sum(v.verdict == verdict for v in views) for verdict in VERDICT_ORDER},
        "words": VERDICT_WORDS,
        "last_tested": {"review": latest, "path": site.review_paths[latest.path]} if latest else None,
    }


def _assumption_view(site: Site, check: AssumptionCheck) -> AssumptionView:
    verdict = check.verdict or UNREVIEWED
    note, review_path = site.review_note(check.judged_in) if check.judged_in else ("", "")
    stale = bool(check.judged_on and check.last_tested and check.judged_on < check.last_tested)
    return AssumptionView(check.item, site.entry_path(check.item.id) or "", verdict, VERDICT_WORDS[verdict],
                          check.judged_on, note, review_path, stale)


def history_order(settled: dict[str, Settled]):
    """The sort key of an archived item on the history page: latest settled
    first (the review that marked it, else its due date), undated last."""
    def key(item: Item):
        found = settled.get(item.id)
        on = found.on if found else item.due  # Settled.on already falls back to the due date
        return (on is not None, on or dt.date.min, item.path, -(item.pos.line or 0))
    return key
