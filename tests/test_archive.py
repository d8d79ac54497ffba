"""`kind: archive` (format 1.1 section 9): done and dropped items moved out
of the plan keep their ids in the one namespace, so what names them still
resolves, while no warning about an item applies to them and no horizon
counts them. Each test writes a small site and runs the CLI on it."""

from __future__ import annotations

import json

from build_helpers import html_files, resolve_url, snapshot
from support import MINIMAL_30_DAYS, MINIMAL_YEAR, findings, where

ARCHIVE = "content/archive/2026.md"
GAPS = """\
---
kind: gaps
items:
  - id: gap-old
    title: Old gap
    area: scope
    now: One team
    needed: Three teams
---
"""
# Open archived items that would trip every item warning were they in the
# plan: no serves (orphan), a past due (overdue), a quarter item nothing
# serves (no-next-step), a 30-days item without due and six 30-days items
# (vague-30-days), a due after its horizon's window (due-outside-horizon).
ARCHIVED = """\
---
kind: archive
title: Archived in 2026
items:
  - id: old-month-1
    title: Old month one
    horizon: 30-days
    status: done
    due: 2026-10-20
    serves: old-quarter
    closes: gap-old
  - id: old-month-2
    title: Old month two
    horizon: 30-days
    status: planned
    due: 2026-10-21
  - id: old-month-3
    title: Old month three
    horizon: 30-days
  - id: old-month-4
    title: Old month four
    horizon: 30-days
    due: 2027-06-01
    serves: year-goal
  - id: old-month-5
    title: Old month five
    horizon: 30-days
    status: dropped
    serves: year-goal
  - id: old-month-6
    title: Old month six
    horizon: 30-days
    status: done
    serves: year-goal
  - id: old-quarter
    title: Old quarter outcome
    horizon: quarter
    status: active
    serves: target
---

What the plan was before. See [[old-quarter]].
"""
REVIEW = """\
---
kind: review
date: 2026-11-05
type: monthly
progress:
  old-month-2: done
  first-step: active
---

Closed [[old-month-2|the second old step]].
"""


def archive_site(minimal_site, **extra):
    plan = MINIMAL_30_DAYS.replace("serves: year-goal", "serves: [year-goal]\n    notes: After [[old-month-1]].")
    return minimal_site({ARCHIVE: ARCHIVED, "content/gaps.md": GAPS, "content/reviews/r.md": REVIEW,
                         "content/next-30-days.md": plan, **extra})


def test_archived_ids_resolve_and_get_no_item_warnings(minimal_site, check_json):
    status, report = check_json(archive_site(minimal_site))
    assert (status, report["findings"]) == (0, [])


def test_the_same_items_in_a_plan_would_be_warned(minimal_site, check_json):
    # The counterpart of the test above: the archive's items are really the kind that warns.
    plan = ARCHIVED.replace("kind: archive", "kind: plan\nhorizon: 30-days").replace("    horizon: 30-days\n", "")
    plan = plan.replace("  - id: old-quarter\n    title: Old quarter outcome\n    horizon: quarter\n"
                        "    status: active\n    serves: target\n", "")
    quarter = "---\nkind: plan\nhorizon: quarter\nitems:\n  - id: old-quarter\n    title: Q\n    serves: target\n---\n"
    _, report = check_json(archive_site(minimal_site, **{ARCHIVE: plan, "content/q.md": quarter,
                                                         "content/reviews/r.md": None}))
    assert {"orphan", "overdue", "vague-30-days", "due-outside-horizon"} <= {f["code"] for f in report["findings"]}


def test_an_open_item_may_serve_an_archived_one(minimal_site, check_json):
    year = MINIMAL_YEAR.replace("serves: target", "serves: [target]")
    plan = MINIMAL_30_DAYS.replace("serves: year-goal", "serves: [year-goal, old-quarter]")
    _, report = check_json(archive_site(minimal_site, **{"content/next-30-days.md": plan, "content/year-1.md": year}))
    assert report["findings"] == []


def test_a_reference_to_an_archived_id_that_does_not_exist_is_still_unknown(minimal_site, check_json):
    review = REVIEW.replace("old-month-2: done", "old-month-22: done")
    _, report = check_json(archive_site(minimal_site, **{"content/reviews/r.md": review}))
    assert where(report, "unknown-ref") == [("content/reviews/r.md", 6)]
    assert "did you mean 'old-month-2'" in findings(report, "unknown-ref")[0]["message"]


def test_an_id_in_both_the_plan_and_an_archive_is_a_duplicate(minimal_site, check_json):
    archive = ARCHIVED.replace("id: old-month-6", "id: first-step")
    _, report = check_json(archive_site(minimal_site, **{ARCHIVE: archive}))
    # content/archive/2026.md sorts before content/next-30-days.md: the plan's is the later one.
    assert where(report, "duplicate-id") == [("content/next-30-days.md", 5)]
    assert f"{ARCHIVE}:" in findings(report, "duplicate-id")[0]["message"]


def test_an_archived_item_needs_its_horizon(minimal_site, check_json):
    archive = ARCHIVED.replace("    title: Old month three\n    horizon: 30-days\n", "    title: Old month three\n")
    status, report = check_json(archive_site(minimal_site, **{ARCHIVE: archive}))
    assert status == 1
    assert where(report, "bad-field") == [(ARCHIVE, 17)]  # at the start of the item
    assert "horizon" in findings(report, "bad-field")[0]["message"]


def test_the_build_lists_archived_items_apart_from_the_horizons(minimal_site, run_main, tmp_path):
    site = archive_site(minimal_site)
    result = run_main(["build", site, "--today", "2026-11-10", "--out", tmp_path / "out"])
    assert result.code == 0, result.stderr
    pages = html_files(tmp_path / "out")
    assert [a.attrs["id"] for a in pages["30-days.html"].find_all("article")] == ["first-step"]
    assert pages["quarter.html"].find_all("article") == []
    history = pages["history.html"]
    assert {a.attrs["id"] for a in history.find_all("article")} == {
        f"old-month-{n}" for n in range(1, 7)} | {"old-quarter"}
    # A review's status moves an archived item as any other; overdue never shows there.
    assert history.by_id("old-month-2").find(cls="badge").text() == "done"
    assert history.find_all(cls="badge-overdue") == []
    # Every link to an archived id lands on its card.
    for page, doc in pages.items():
        for url in doc.urls():
            target = resolve_url(page, url)
            if target and target[0] == "history.html" and target[1]:
                assert history.by_id(target[1]) is not None, (page, url)
    assert resolve_url("30-days.html", pages["30-days.html"].by_id("first-step").find(
        "a", href="history.html#old-month-1").attrs["href"]) == ("history.html", "old-month-1")
    model = json.loads((tmp_path / "out" / "roadmap.json").read_text("utf-8"))
    assert [i["id"] for i in model["archived"]] == [f"old-month-{n}" for n in range(1, 7)] + ["old-quarter"]
    assert model["archived"][0]["url"] == "history.html#old-month-1"
    assert all(h["items"] == (["first-step"] if h["name"] == "30-days" else ["year-goal"] if h["name"] == "year"
                              else []) for h in model["horizons"])
    assert [i["id"] for i in model["items"]] == ["first-step", "year-goal"]
    gaps = {g["id"]: g for g in model["gaps"]}
    assert gaps["gap-old"]["closed_by"] == [{"id": "old-month-1"}]


def test_archived_items_hidden_from_an_audience_leave_no_trace(minimal_site, run_main, tmp_path):
    hidden = ARCHIVED.replace("title: Archived in 2026\n", "title: Archived in 2026\nvisibility: mentors\n")
    hidden = hidden.replace("Old month", "Secret month").replace("old-month", "secret-month")
    hidden = hidden.replace("Old quarter outcome", "Secret quarter").replace("old-quarter", "secret-quarter")
    review = REVIEW.replace("old-month-2", "secret-month-2")
    plan = MINIMAL_30_DAYS.replace("serves: year-goal", "serves: [year-goal]\n    notes: After [[secret-month-1]].")
    site = minimal_site({ARCHIVE: hidden, "content/reviews/r.md": review, "content/next-30-days.md": plan,
                         "content/gaps.md": GAPS})
    assert run_main(["build", site, "--today", "2026-11-10", "--out", tmp_path / "public"]).code == 0
    files = snapshot(tmp_path / "public")
    assert "history.html" not in files
    for path, data in files.items():
        assert b"secret" not in data.lower() and b"Secret" not in data, path
    assert b"a private item" in files["30-days.html"]
    assert run_main(["build", site, "--today", "2026-11-10", "--out", tmp_path / "mentors",
                     "--audience", "mentors"]).code == 0
    assert b"Secret month one" in (tmp_path / "mentors" / "history.html").read_bytes()
