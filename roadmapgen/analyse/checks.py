"""The rules of spec section 5 that look at the linked roadmap as a whole.
Pure: takes the roadmap and today, returns findings."""

from __future__ import annotations

import datetime as dt

from roadmapgen.analyse.people import contact_board
from roadmapgen.diagnostics import Diagnostic, Position, error, warning
from roadmapgen.model import HORIZON_RANK, Roadmap, horizon_end

MAX_30_DAY_ITEMS = 5
STALE_AFTER_DAYS = 365
# Which review types a review of each type also counts as.
COVERS = {
    "monthly": ("monthly",),
    "quarterly": ("quarterly", "monthly"),
    "annual": ("annual", "quarterly", "monthly"),
    "replan": ("annual", "quarterly", "monthly"),
}


def check_roadmap(roadmap: Roadmap, today: dt.date) -> list[Diagnostic]:
    rules = (_check_items, _check_30_days, _check_window, _check_gaps, _check_skills, _check_paths,
             _check_rhythm, _check_contacts)
    return [finding for rule in rules for finding in rule(roadmap, today)]


def last_review(roadmap: Roadmap, review_type: str) -> dt.date:
    """When the last review counting as `review_type` was (the root's as_of before any)."""
    return max((r.date for r in roadmap.reviews if review_type in COVERS[r.type]), default=roadmap.root.as_of)


def window_passed(roadmap: Roadmap, today: dt.date) -> dt.date | None:
    """The end of the 30-days window when today is past it (time to roll
    the plan forward), else None."""
    if roadmap.root is None:
        return None
    end = horizon_end("30-days", roadmap.root.as_of)
    return end if today > end else None


def _as_of_position(roadmap: Roadmap) -> Position:
    root = roadmap.root
    return root.fields.get("as_of") or Position(root.path, 1, 1)


def _check_items(roadmap: Roadmap, today: dt.date):
    links = roadmap.links
    as_of = roadmap.as_of
    for item in roadmap.items:
        if as_of and item.due:
            end = horizon_end(item.horizon, as_of)
            if item.due > end:
                yield error("due-outside-horizon", item.fields["due"],
                            f"'{item.id}' is due {item.due}, after its {item.horizon} horizon ends on {end}",
                            "move the item to a longer horizon, or bring its due date forward",
                            subjects=(item.id,))
        if item.horizon != "10-years" and not item.serves:
            yield warning("orphan", item.id_pos, f"'{item.id}' serves nothing",
                          "add 'serves:' with an item on a longer horizon, or 'target'",
                          subjects=(item.id,))
        if HORIZON_RANK[item.horizon] >= HORIZON_RANK["quarter"] and item.is_open:
            # A milestone on the same horizon that serves it counts as a shorter step would.
            shorter = [s for s in links.served_by.get(item.id, ())
                       if HORIZON_RANK[roadmap.entries[s].horizon] <= HORIZON_RANK[item.horizon]]
            if not shorter:
                yield warning("no-next-step", item.id_pos, f"nothing on a shorter horizon serves '{item.id}'",
                              "add an item on a shorter horizon with 'serves: " + item.id + "'",
                              subjects=(item.id,))
        if item.due and item.due < today and item.is_open:
            yield warning("overdue", item.id_pos, f"'{item.id}' was due {item.due} and is {item.status}",
                          "mark it done or dropped, or give it a new due date",
                          subjects=(item.id,))


def _check_30_days(roadmap: Roadmap, today: dt.date):
    month = roadmap.items_on("30-days")
    for item in month:
        if item.due is None and "due" not in item.fields:  # a due written wrong is a bad-field error already
            yield warning("vague-30-days", item.id_pos, f"'{item.id}' is in the next 30 days but has no due date",
                          "pin it with 'due: YYYY-MM-DD'", subjects=(item.id,))
    # Only open items make the month: done and dropped ones are its past.
    open_items = [item for item in month if item.is_open]
    if not open_items and roadmap.root and not window_passed(roadmap, today):
        # Past the window, `window-passed` says it already: rolling forward fixes both.
        yield warning("vague-30-days", _as_of_position(roadmap),
                      "nothing is planned for the next 30 days: plan the next month",
                      "add three to five open actions with due dates to a 'kind: plan' file "
                      "with 'horizon: 30-days'")
    elif len(open_items) > MAX_30_DAY_ITEMS:
        extra = open_items[MAX_30_DAY_ITEMS]
        yield warning("vague-30-days", extra.id_pos,
                      f"the next 30 days have {len(open_items)} open items; "
                      f"more than {MAX_30_DAY_ITEMS} is not a focused month",
                      "keep three to five actions; move the rest to the quarter")


def _check_window(roadmap: Roadmap, today: dt.date):
    end = window_passed(roadmap, today)
    if end is not None:
        yield warning("window-passed", _as_of_position(roadmap),
                      f"the next 30 days ended on {end}: the plan is past its window",
                      "run 'roadmapgen roll' to start the plan at today: it archives done and dropped items, "
                      "moves 'as_of' and starts the monthly review")


def _check_gaps(roadmap: Roadmap, today: dt.date):
    for gap in roadmap.gaps:
        if not roadmap.links.closed_by.get(gap.id):
            yield warning("gap-unaddressed", gap.id_pos, f"no item closes the gap '{gap.id}'",
                          f"add 'closes: {gap.id}' to an item that works on it", subjects=(gap.id,))


def _check_skills(roadmap: Roadmap, today: dt.date):
    for skill in roadmap.skills:
        if skill.has_gap and not roadmap.links.closed_by.get(skill.id):
            yield warning("gap-unaddressed", skill.id_pos,
                          f"no item closes the skill '{skill.id}' (now {skill.now}, "
                          f"aiming at {skill.highest_target})",
                          f"add 'closes: {skill.id}' to an item that builds it", subjects=(skill.id,))


def _check_contacts(roadmap: Roadmap, today: dt.date):
    for row in contact_board(roadmap, today):
        if row.overdue:
            person = row.person
            met = f"last met {row.last_met}" if row.last_met else f"no review has met them since {row.since}"
            yield warning("contact-overdue", person.id_pos,
                          f"'{person.id}' ({person.name}) is {(today - row.next_due).days} days past their "
                          f"cadence of {person.cadence} days: {met}",
                          f"meet them, and list '{person.id}' under 'met:' in that review",
                          subjects=(person.id,))


def _check_paths(roadmap: Roadmap, today: dt.date):
    if not roadmap.paths:
        return
    total = sum(path.probability for path in roadmap.paths)
    first = roadmap.paths[0]
    if total != 100:
        yield error("probabilities", first.fields.get("probability", first.id_pos),
                    f"path probabilities add up to {total}, not 100",
                    "adjust the paths' probabilities so they add up to 100")
    primary = roadmap.primary_path
    for path in roadmap.paths:
        if path is not primary and not path.trigger:
            yield error("bad-field", path.pos, f"the alternative path '{path.id}' has no 'trigger'",
                        "say what would make you pivot to it: 'trigger: ...'", subjects=(path.id,))


def _check_rhythm(roadmap: Roadmap, today: dt.date):
    root = roadmap.root
    if root is None:
        return
    at = _as_of_position(roadmap)
    for review_type, days in root.cadence.items():
        reference = last_review(roadmap, review_type)
        late = (today - reference).days
        if late > days:
            yield warning("review-overdue", at,
                          f"the last {review_type} review was {late} days ago ({reference}); the cadence allows {days}",
                          f"hold a {review_type} review and record it in a 'kind: review' file")
    age = (today - root.as_of).days
    if age > STALE_AFTER_DAYS:
        yield warning("stale-plan", at, f"the plan was written {age} days ago ({root.as_of})",
                      "rewrite the plan and update 'as_of': a plan that never changes is one you stopped updating")
