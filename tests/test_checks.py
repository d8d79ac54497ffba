"""checks: the whole-roadmap rules of spec section 5, their boundaries and
what counts. Each test changes the minimal site in one way."""

from __future__ import annotations

import datetime as dt

import pytest

from support import MINIMAL_30_DAYS, MINIMAL_ROOT, MINIMAL_SITE, MINIMAL_YEAR, ROOT_AS_OF_LINE, write_files

from roadmapgen.analyse.project import load_project

AS_OF = dt.date(2026, 11, 1)
PLAN_30 = "content/next-30-days.md"
PLAN_YEAR = "content/year-1.md"
ROOT = "content/index.md"


@pytest.fixture
def check(tmp_path):
    """check(changes, today) -> [(code, file, line)] of the minimal site changed."""

    def run(changes: dict | None = None, today: dt.date = AS_OF + dt.timedelta(days=9)) -> list[tuple]:
        root = write_files(tmp_path, {**MINIMAL_SITE, **(changes or {})})
        project = load_project(root, today)
        return [(d.code, d.path, d.line) for d in project.diagnostics]

    return run


def days(n: int) -> dt.date:
    return AS_OF + dt.timedelta(days=n)


def with_30_days(**fields) -> dict:
    text = MINIMAL_30_DAYS
    for key, value in fields.items():
        text = text.replace("    serves: year-goal\n", f"    serves: year-goal\n    {key}: {value}\n")
    return {PLAN_30: text}


def review(date: dt.date, type_: str) -> dict:
    return {f"content/reviews/{date}-{type_}.md": f"---\nkind: review\ndate: {date}\ntype: {type_}\n---\n"}


def codes(found) -> list[str]:
    return [code for code, _, _ in found]


# -- overdue ----------------------------------------------------------------------

def test_due_today_is_not_overdue(check):
    assert check(today=dt.date(2026, 11, 20)) == []


def test_due_yesterday_is_overdue_at_the_id(check):
    assert check(today=dt.date(2026, 11, 21)) == [("overdue", PLAN_30, 5)]


@pytest.mark.parametrize("status, overdue", [
    ("planned", True), ("active", True), ("blocked", True), ("done", False), ("dropped", False),
])
def test_overdue_depends_on_status(check, status, overdue):
    found = check(with_30_days(status=status), today=dt.date(2026, 11, 25))
    assert ("overdue" in codes(found)) is overdue


def test_a_due_before_as_of_is_allowed_and_overdue(check):
    found = check({PLAN_30: MINIMAL_30_DAYS.replace("due: 2026-11-20", "due: 2026-10-20")})
    assert found == [("overdue", PLAN_30, 5)]


# -- horizons ----------------------------------------------------------------------

@pytest.mark.parametrize("due, outside", [("2026-12-01", False), ("2026-12-02", True)])
def test_the_30_days_window_includes_its_end(check, due, outside):
    found = check({PLAN_30: MINIMAL_30_DAYS.replace("due: 2026-11-20", f"due: {due}")})
    assert found == ([("due-outside-horizon", PLAN_30, 7)] if outside else [])


@pytest.mark.parametrize("horizon, last_day", [
    ("quarter", "2027-01-31"), ("year", "2027-11-01"), ("3-years", "2029-11-01"), ("10-years", "2036-11-01"),
])
def test_each_horizon_window(check, horizon, last_day):
    end = dt.date.fromisoformat(last_day)
    plan = (f"---\nkind: plan\nhorizon: {horizon}\nitems:\n  - id: h-item\n    title: H\n"
            f"    due: {{due}}\n    status: done\n    serves: target\n---\n")
    assert check({"content/h.md": plan.format(due=end)}) == []
    assert check({"content/h.md": plan.format(due=end + dt.timedelta(days=1))}) == [("due-outside-horizon", "content/h.md", 7)]


# -- orphan, no-next-step, gap-unaddressed ---------------------------------------------

def test_an_empty_serves_list_is_an_orphan(check):
    found = check({PLAN_30: MINIMAL_30_DAYS.replace("serves: year-goal", "serves: []")})
    assert ("orphan", PLAN_30, 5) in found


def test_10_years_items_need_not_serve_anything(check):
    vision = "---\nkind: plan\nhorizon: 10-years\nitems:\n  - id: v1\n    title: V\n---\n"
    year = MINIMAL_YEAR.replace("serves: target", "serves: [target, v1]")
    assert check({"content/vision.md": vision, PLAN_YEAR: year}) == []


@pytest.mark.parametrize("status, warned", [
    ("planned", True), ("active", True), ("blocked", True), ("done", False), ("dropped", False),
])
def test_no_next_step_only_for_open_items(check, status, warned):
    year = MINIMAL_YEAR[:-4] + f"  - id: second\n    title: S\n    serves: target\n    status: {status}\n---\n"
    assert (("no-next-step", PLAN_YEAR, 8) in check({PLAN_YEAR: year})) is warned


# With its only item closed, the month has nothing open left: vague-30-days at as_of.
NOTHING_OPEN = ("vague-30-days", ROOT, ROOT_AS_OF_LINE)
PASSED = ("window-passed", ROOT, ROOT_AS_OF_LINE)


def test_a_done_item_counts_as_a_next_step(check):
    assert check(with_30_days(status="done")) == [NOTHING_OPEN]


def test_a_dropped_item_is_not_a_next_step(check):
    assert check(with_30_days(status="dropped")) == [NOTHING_OPEN, ("no-next-step", PLAN_YEAR, 5)]


def test_a_next_step_may_skip_horizons(check):
    vision = "---\nkind: plan\nhorizon: 10-years\nitems:\n  - id: v1\n    title: V\n---\n"
    plan = MINIMAL_30_DAYS.replace("serves: year-goal", "serves: [year-goal, v1]")
    assert check({"content/vision.md": vision, PLAN_30: plan}) == []


GAPS = "---\nkind: gaps\nitems:\n  - {id: gap-a, title: A, area: scope, now: x, needed: y}\n---\n"


@pytest.mark.parametrize("status, warned", [("planned", False), ("done", False), ("dropped", True)])
def test_gaps_are_closed_by_items_that_are_not_dropped(check, status, warned):
    found = check({"content/gaps.md": GAPS, **with_30_days(closes="gap-a", status=status)})
    assert (("gap-unaddressed", "content/gaps.md", 4) in found) is warned


# -- paths --------------------------------------------------------------------------

def paths(*entries: str) -> dict:
    return {"content/paths.md": "---\nkind: paths\nitems:\n" + "".join(entries) + "---\n"}


def test_one_path_at_100_is_fine(check):
    assert check(paths("  - {id: p1, title: Only, probability: 100}\n")) == []


def test_no_paths_is_fine(check):
    assert check() == []


def test_an_alternative_path_needs_a_trigger_and_the_primary_does_not(check):
    found = check(paths("  - {id: p1, title: Main, probability: 60}\n",
                        "  - {id: p2, title: Alt, probability: 40}\n"))
    assert found == [("bad-field", "content/paths.md", 5)]


def test_paths_over_100_are_placed_at_the_first_probability(check):
    found = check(paths("  - {id: p1, title: Main, probability: 60}\n",
                        "  - {id: p2, title: Alt, probability: 50, trigger: t}\n"))
    assert found == [("probabilities", "content/paths.md", 4)]


# -- the 30 days ------------------------------------------------------------------------

def test_a_30_days_item_without_due(check):
    found = check({PLAN_30: MINIMAL_30_DAYS.replace("    due: 2026-11-20\n", "")})
    assert found == [("vague-30-days", PLAN_30, 5)]


def test_30_days_items_across_two_files_are_merged(check):
    second = MINIMAL_30_DAYS.replace("first-step", "second-step").replace("First", "Second")
    assert check({"content/more-30-days.md": second}) == []
    many = "".join(f"  - id: s{n}\n    title: S\n    due: 2026-11-20\n    serves: year-goal\n" for n in range(5))
    found = check({"content/more-30-days.md": "---\nkind: plan\nhorizon: 30-days\nitems:\n" + many + "---\n"})
    assert found == [("vague-30-days", PLAN_30, 5)]


# -- reviews and the age of the plan -------------------------------------------------------

# Past the 30-days window (as_of + 30), window-passed is there too.
def test_no_review_is_due_within_the_cadence(check):
    assert check(with_30_days(status="done"), today=days(35)) == [PASSED]


def test_a_monthly_review_is_due_after_35_days(check):
    found = check(with_30_days(status="done"), today=days(36))
    assert found == [("review-overdue", ROOT, ROOT_AS_OF_LINE), PASSED]


def test_the_latest_monthly_review_resets_the_monthly_clock(check):
    assert check({**with_30_days(status="done"), **review(days(20), "monthly")}, today=days(50)) == [PASSED]


@pytest.mark.parametrize("type_, covers", [
    ("monthly", {"monthly"}),
    ("quarterly", {"monthly", "quarterly"}),
    ("annual", {"monthly", "quarterly", "annual"}),
    ("replan", {"monthly", "quarterly", "annual"}),
])
def test_a_longer_review_counts_as_the_shorter_ones(tmp_path, type_, covers):
    # 390 days after as_of every type is overdue; a review 10 days ago
    # settles the types it covers.
    today = days(390)
    root = write_files(tmp_path, {**MINIMAL_SITE, **with_30_days(status="done"),
                                  **review(today - dt.timedelta(days=10), type_)})
    project = load_project(root, today)
    messages = [d.message for d in project.diagnostics if d.code == "review-overdue"]
    late = {name for name in ("monthly", "quarterly", "annual") for m in messages if f" {name} " in m}
    assert len(messages) == len(late)
    assert late == {"monthly", "quarterly", "annual"} - covers


def test_the_cadence_can_be_set(check):
    root = MINIMAL_ROOT.replace("---\n\n", "cadence:\n  monthly: 10\n  quarterly: 20\n---\n\n")
    found = check({ROOT: root, **with_30_days(status="done")}, today=days(15))
    assert found == [("review-overdue", ROOT, ROOT_AS_OF_LINE), NOTHING_OPEN]


def test_a_plan_of_365_days_is_not_stale(check):
    found = check({**with_30_days(status="done"), **review(days(360), "annual")}, today=days(365))
    assert found == [PASSED]


def test_a_plan_of_366_days_is_stale(check):
    found = check({**with_30_days(status="done"), **review(days(360), "annual")}, today=days(366))
    assert found == [("stale-plan", ROOT, ROOT_AS_OF_LINE), PASSED]
