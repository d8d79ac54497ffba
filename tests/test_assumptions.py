"""A review's `assumptions: {id: holds|broken|unsure}` and the latest verdict
on each long-horizon assumption (analyse.assumptions), which the site's
assumptions view reads."""

from __future__ import annotations

import datetime as dt
import json

from support import MINIMAL_YEAR, findings, where

from roadmapgen.analyse.assumptions import assumption_checks
from roadmapgen.analyse.project import load_project

PLAN_YEAR = "content/year-1.md"
YEAR = MINIMAL_YEAR.replace("    serves: target\n", "    serves: target\n    assumption: The org keeps growing\n")
LATER = """\
---
kind: plan
horizon: 3-years
items:
  - id: staff-role
    title: Staff role
    assumption: Staff roles open up
  - id: no-assumption
    title: Nothing assumed
---
"""
QUARTER = """\
---
kind: plan
horizon: quarter
items:
  - id: q-thing
    title: Quarter thing
    serves: year-goal
    assumption: "Not re-tested: too short a horizon"
---
"""


def review(date: str, type_: str, verdicts: dict[str, str], name: str = "") -> dict:
    lines = "".join(f"  {item}: {verdict}\n" for item, verdict in verdicts.items())
    path = f"content/reviews/{name or date + '-' + type_}.md"
    return {path: f"---\nkind: review\ndate: {date}\ntype: {type_}\nassumptions:\n{lines}---\n"}


def checks_of(minimal_site, today: str, *reviews: dict) -> dict:
    files = {PLAN_YEAR: YEAR, "content/later.md": LATER, "content/quarter.md": QUARTER}
    for each in reviews:
        files.update(each)
    project = load_project(minimal_site(files), dt.date.fromisoformat(today))
    assert not project.has_errors, project.diagnostics
    return {c.item.id: c for c in assumption_checks(project.roadmap, dt.date.fromisoformat(today))}


def test_every_long_horizon_assumption_is_listed_without_a_verdict_before_any_review(minimal_site):
    checks = checks_of(minimal_site, "2026-11-10")
    assert list(checks) == ["year-goal", "staff-role"]
    assert all(c.verdict is None and c.judged_in is None and c.last_tested is None for c in checks.values())


def test_the_latest_testing_review_gives_the_verdict(minimal_site):
    checks = checks_of(
        minimal_site, "2026-12-20",
        review("2026-10-15", "annual", {"year-goal": "holds", "staff-role": "unsure"}),  # before as_of: counts
        review("2026-11-20", "quarterly", {"year-goal": "broken"}),
        review("2026-12-01", "monthly", {"year-goal": "holds"}),  # monthly reviews do not re-test
        review("2026-12-30", "replan", {"staff-role": "broken"}),  # after today
    )
    year, staff = checks["year-goal"], checks["staff-role"]
    assert (year.verdict, year.judged_on) == ("broken", dt.date(2026, 11, 20))
    assert (staff.verdict, staff.judged_on) == ("unsure", dt.date(2026, 10, 15))
    assert year.last_tested == staff.last_tested == dt.date(2026, 11, 20)


def test_on_one_date_the_later_path_wins(minimal_site):
    checks = checks_of(minimal_site, "2026-12-20",
                       review("2026-11-20", "quarterly", {"year-goal": "broken"}, name="b"),
                       review("2026-11-20", "replan", {"year-goal": "holds"}, name="a"))
    assert checks["year-goal"].verdict == "broken"
    assert checks["year-goal"].judged_in.path == "content/reviews/b.md"


def test_an_unknown_id_is_unknown_ref_and_a_bad_verdict_bad_field(minimal_site, check_json):
    site = minimal_site({**review("2026-11-05", "quarterly", {"year-gaol": "holds", "year-goal": "hold"}, name="r")})
    status, report = check_json(site)
    assert status == 1
    assert where(report, "unknown-ref") == [("content/reviews/r.md", 6)]
    assert "did you mean 'year-goal'" in findings(report, "unknown-ref")[0]["message"]
    assert where(report, "bad-field") == [("content/reviews/r.md", 7)]
    assert "'hold' is not a valid verdict; did you mean 'holds'?" in findings(report, "bad-field")[0]["message"]


def test_roadmap_json_lists_a_reviews_verdicts(minimal_site, run_main, tmp_path):
    site = minimal_site({PLAN_YEAR: YEAR, **review("2026-11-05", "quarterly", {"year-goal": "unsure"}, name="r")})
    assert run_main(["build", site, "--today", "2026-11-10", "--out", tmp_path / "out"]).code == 0
    model = json.loads((tmp_path / "out" / "roadmap.json").read_text("utf-8"))
    assert model["reviews"][0]["assumptions"] == {"year-goal": "unsure"}
