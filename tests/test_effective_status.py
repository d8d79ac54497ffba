"""Effective status (format 1.1 section 9): a review after `as_of` moves an
item's status for every check, count, page and export, and the site says
which review it came from. Each test writes a small site, runs the CLI and
looks at what it prints or builds."""

from __future__ import annotations

import json

import pytest

from build_helpers import html_files, resolve_url
from support import MINIMAL_30_DAYS, MINIMAL_YEAR, ROOT_AS_OF_LINE, findings, where

PLAN_30 = "content/next-30-days.md"
PLAN_YEAR = "content/year-1.md"
ROOT = "content/index.md"
AS_OF = "2026-11-01"  # the minimal site's; its 30-days window ends on 2026-12-01


def review(date: str, progress: dict[str, str], type_: str = "monthly", visibility: str = "") -> str:
    lines = [f"  {item}: {status}" for item, status in progress.items()]
    shown = f"visibility: {visibility}\n" if visibility else ""
    return f"---\nkind: review\ndate: {date}\ntype: {type_}\n{shown}progress:\n" + "\n".join(lines) + "\n---\n\nNotes.\n"


def codes(report: dict) -> list[str]:
    return [f["code"] for f in report["findings"]]


# -- checks read the effective status --------------------------------------------

def test_a_review_after_as_of_marking_an_item_done_removes_its_overdue(minimal_site, check_json):
    site = minimal_site()
    _, before = check_json(site, today="2026-11-25")
    assert where(before, "overdue") == [(PLAN_30, 5)]
    minimal_site({"content/reviews/2026-11-22.md": review("2026-11-22", {"first-step": "done"})})
    _, after = check_json(site, today="2026-11-25")
    assert "overdue" not in codes(after)


@pytest.mark.parametrize("date, counts", [
    ("2026-10-31", False),  # before as_of: the history the plan was written from
    (AS_OF, False),  # on as_of: the plan already says what it knew that day
    ("2026-11-02", True),
    ("2026-11-25", True),  # today
    ("2026-11-26", False),  # after today
])
def test_only_reviews_after_as_of_and_up_to_today_count(minimal_site, check_json, date, counts):
    site = minimal_site({f"content/reviews/{date}.md": review(date, {"first-step": "done"})})
    _, report = check_json(site, today="2026-11-25")
    assert ("overdue" in codes(report)) is not counts


def test_the_latest_review_wins(minimal_site, check_json):
    site = minimal_site({
        "content/reviews/a.md": review("2026-11-10", {"first-step": "done"}),
        "content/reviews/b.md": review("2026-11-20", {"first-step": "blocked"}),
    })
    _, report = check_json(site, today="2026-11-25")
    assert where(report, "overdue") == [(PLAN_30, 5)]
    assert "is blocked" in findings(report, "overdue")[0]["message"]


@pytest.mark.parametrize("first, second, status", [("done", "active", "active"), ("active", "done", "done")])
def test_on_one_date_the_later_file_path_wins(minimal_site, run_main, tmp_path, first, second, status):
    # File names chosen so the later path is not the later one in any other order (size, mtime).
    site = minimal_site({
        "content/reviews/z-first.md": review("2026-11-20", {"first-step": second}),
        "content/reviews/a-second-but-earlier-in-path-order.md": review("2026-11-20", {"first-step": first}),
    })
    assert run_main(["build", site, "--today", "2026-11-25", "--out", tmp_path / "out"]).code == 0
    model = json.loads((tmp_path / "out" / "roadmap.json").read_text("utf-8"))
    item = next(i for i in model["items"] if i["id"] == "first-step")
    assert item["status"] == status
    assert item["status_from"]["url"] == "reviews/z-first.html"


def test_a_review_dropping_the_only_next_step_brings_back_no_next_step(minimal_site, check_json):
    site = minimal_site({"content/reviews/r.md": review("2026-11-05", {"first-step": "dropped"})})
    _, report = check_json(site)
    assert where(report, "no-next-step") == [(PLAN_YEAR, 5)]


def test_a_review_marking_a_long_item_done_removes_its_no_next_step(minimal_site, check_json):
    year = MINIMAL_YEAR[:-4] + "  - id: second-goal\n    title: Second\n    serves: target\n---\n"
    site = minimal_site({PLAN_YEAR: year})
    _, before = check_json(site)
    assert where(before, "no-next-step") == [(PLAN_YEAR, 8)]
    minimal_site({PLAN_YEAR: year, "content/reviews/r.md": review("2026-11-05", {"second-goal": "done"})})
    _, after = check_json(site)
    assert "no-next-step" not in codes(after)


def six_items() -> str:
    extra = "".join(f"  - id: step-{n}\n    title: Step {n}\n    due: 2026-11-2{n}\n    serves: year-goal\n"
                    for n in range(2, 7))
    return MINIMAL_30_DAYS[:-4] + extra + "---\n"


def test_vague_30_days_counts_open_items_only(minimal_site, check_json):
    site = minimal_site({PLAN_30: six_items()})
    _, before = check_json(site)
    assert "6 open items" in findings(before, "vague-30-days")[0]["message"]
    minimal_site({PLAN_30: six_items(), "content/reviews/r.md": review("2026-11-05", {"step-3": "done"})})
    _, after = check_json(site)
    assert "vague-30-days" not in codes(after)


def test_dropped_items_do_not_count_as_open_either(minimal_site, check_json):
    plan = six_items().replace("    title: Step 4\n", "    title: Step 4\n    status: dropped\n")
    _, report = check_json(minimal_site({PLAN_30: plan}))
    assert "vague-30-days" not in codes(report)


def test_a_month_with_nothing_open_is_vague_at_as_of(minimal_site, check_json):
    site = minimal_site({"content/reviews/r.md": review("2026-11-05", {"first-step": "done"})})
    _, report = check_json(site)
    assert where(report, "vague-30-days") == [(ROOT, ROOT_AS_OF_LINE)]
    assert "nothing is planned for the next 30 days" in findings(report, "vague-30-days")[0]["message"]


# -- window-passed ------------------------------------------------------------------

@pytest.mark.parametrize("today, passed", [("2026-12-01", False), ("2026-12-02", True), ("2027-04-20", True)])
def test_window_passed_exactly_when_today_is_after_the_window(minimal_site, check_json, today, passed):
    _, report = check_json(minimal_site(), today=today)
    assert (where(report, "window-passed") == [(ROOT, ROOT_AS_OF_LINE)]) is passed
    if passed:
        finding = findings(report, "window-passed")[0]
        assert "2026-12-01" in finding["message"] and "roadmapgen roll" in finding["hint"]
        assert finding["severity"] == "warning"


def test_past_the_window_an_empty_month_is_not_reported_twice(minimal_site, check_json):
    site = minimal_site({PLAN_30: MINIMAL_30_DAYS.replace("    serves:", "    status: done\n    serves:")})
    _, inside = check_json(site, today="2026-11-25")
    assert "vague-30-days" in codes(inside)
    _, past = check_json(site, today="2026-12-02")
    assert codes(past) == ["window-passed"]


# -- the site and the exports show it, and say where it came from ------------------

def build(run_main, site, out, *flags) -> dict:
    result = run_main(["build", site, "--today", "2026-11-25", "--out", out, *flags])
    assert result.code == 0, result.stderr
    return html_files(out)


@pytest.mark.parametrize("theme", ["default", "one-pager"])
def test_the_site_shows_a_review_status_and_its_review(minimal_site, run_main, tmp_path, theme):
    site = minimal_site({"content/reviews/2026-11-22-monthly.md": review("2026-11-22", {"first-step": "done"})})
    pages = build(run_main, site, tmp_path / "out", "--theme", theme)
    index = pages["index.html"]
    notes = index.find_all(cls="status-note")
    assert [n.text() for n in notes] == ["· 22 Nov review"]
    assert resolve_url("index.html", notes[0].hrefs()[0]) == ("reviews/2026-11-22-monthly.html", "")
    badge = notes[0].parent.find(cls="badge")
    assert badge.text() == "done"
    card = pages["30-days.html"].by_id("first-step")
    assert card.find(cls="status-note").text() == "· 22 Nov review"
    assert "status-done" in card.attrs["class"].split()
    assert index.find_all(cls="badge-overdue") == []
    if theme == "one-pager":
        assert "1 of 1 done" in index.text()


def test_a_status_from_the_file_has_no_note(minimal_site, run_main, tmp_path):
    plan = MINIMAL_30_DAYS.replace("    serves:", "    status: done\n    serves:")
    pages = build(run_main, minimal_site({PLAN_30: plan}), tmp_path / "out")
    assert pages["30-days.html"].by_id("first-step").find(cls="status-note") is None
    assert all(not page.find_all(cls="status-note") for page in pages.values())


def test_the_timeline_table_says_where_a_status_came_from(minimal_site, run_main, tmp_path):
    site = minimal_site({"content/reviews/2026-11-22-monthly.md": review("2026-11-22", {"first-step": "active"})})
    pages = build(run_main, site, tmp_path / "out")
    row = next(r for r in pages["timeline.html"].find_all("tr") if "First step" in r.text())
    assert "active · 22 Nov review" in row.text()
    assert "active since the review of 22 Nov 2026" in (tmp_path / "out" / "timeline.html").read_text("utf-8")


def test_roadmap_json_carries_the_effective_status_and_its_source(minimal_site, run_main, tmp_path):
    site = minimal_site({"content/reviews/2026-11-22-monthly.md": review("2026-11-22", {"first-step": "done"})})
    build(run_main, site, tmp_path / "out")
    model = json.loads((tmp_path / "out" / "roadmap.json").read_text("utf-8"))
    items = {i["id"]: i for i in model["items"]}
    assert items["first-step"]["status"] == "done"
    assert items["first-step"]["written_status"] == "planned"
    assert items["first-step"]["status_from"] == {"date": "2026-11-22", "type": "monthly",
                                                   "url": "reviews/2026-11-22-monthly.html"}
    assert items["year-goal"]["status_from"] is None
    ical = (tmp_path / "out" / "roadmap.ics").read_text("utf-8")
    assert "Next 30 days · done" in ical.replace("\r\n ", "")


def test_an_audience_sees_statuses_from_the_reviews_it_may_read(minimal_site, run_main, tmp_path):
    site = minimal_site({"content/reviews/2026-11-22-monthly.md":
                         review("2026-11-22", {"first-step": "done"}, visibility="private")})
    check = run_main(["check", site, "--today", "2026-11-25", "--format", "json"])
    assert "overdue" not in codes(check.json)  # the owner's view: done
    public = build(run_main, site, tmp_path / "public")
    assert public["30-days.html"].by_id("first-step").find(cls="badge").text() == "planned"
    assert [d.text() for d in public["index.html"].find_all(cls="badge-overdue")] != []
    assert not any(page.find_all(cls="status-note") for page in public.values())
    private = build(run_main, site, tmp_path / "private", "--audience", "private")
    assert private["30-days.html"].by_id("first-step").find(cls="badge").text() == "done"
