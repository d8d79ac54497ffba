"""`roadmapgen new review`: pre-filled, never overwrites, passes check."""

from __future__ import annotations

import yaml

REVIEW = """\
---
kind: review
date: 2026-11-05
type: monthly
ratings:
  role_satisfaction: 7
  "odd name": 3
metrics:
  skill_hours: 12.5
progress:
  first-step: active
---
"""
DONE_YEAR = """\
---
kind: plan
horizon: year
items:
  - id: year-goal
    title: Year goal
    serves: target
  - id: finished
    title: "Finished: with a colon # and a hash"
    serves: target
    status: done
---
"""


def front_matter(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_new_review_is_prefilled(minimal_site, run_main):
    root = minimal_site({"content/reviews/2026-11-05-monthly.md": REVIEW, "content/year-1.md": DONE_YEAR})
    result = run_main(["new", "review", root, "--type", "quarterly", "--date", "2026-11-09", "--today", "2026-11-10"])
    assert result.code == 0, result.stderr
    assert "content/reviews/2026-11-09-quarterly.md" in result.stdout
    data = front_matter(root / "content/reviews/2026-11-09-quarterly.md")
    assert data["kind"] == "review" and data["type"] == "quarterly"
    assert str(data["date"]) == "2026-11-09"
    assert data["ratings"] == {"role_satisfaction": 7, "odd name": 3}
    assert data["metrics"] == {"skill_hours": 12.5}
    # open items at their latest known status; done items left out
    assert data["progress"] == {"first-step": "active", "year-goal": "planned"}


def test_new_review_defaults_to_a_monthly_review_today(minimal_site, run_main):
    root = minimal_site()
    result = run_main(["new", "review", root, "--today", "2026-11-10"])
    assert result.code == 0, result.stderr
    data = front_matter(root / "content/reviews/2026-11-10-monthly.md")
    assert data["type"] == "monthly" and "ratings" not in data
    assert data["progress"] == {"first-step": "planned", "year-goal": "planned"}


def test_new_review_never_overwrites(minimal_site, run_main):
    root = minimal_site({"content/reviews/2026-11-10-monthly.md": "mine\n"})
    result = run_main(["new", "review", root, "--today", "2026-11-10"])
    assert result.code == 1
    assert "already exists" in result.stderr and "2026-11-10-monthly.md" in result.stderr
    assert (root / "content/reviews/2026-11-10-monthly.md").read_text() == "mine\n"


def test_new_review_passes_check(minimal_site, run_main, check_json):
    root = minimal_site({"content/reviews/2026-11-05-monthly.md": REVIEW, "content/year-1.md": DONE_YEAR})
    assert run_main(["new", "review", root, "--type", "annual", "--today", "2026-11-10"]).code == 0
    code, report = check_json(root, "--strict")
    assert code == 0, report
    assert report["errors"] == 0 and report["warnings"] == 0


def test_new_review_rejects_a_folder_without_a_roadmap(tmp_path, run_main):
    result = run_main(["new", "review", tmp_path, "--today", "2026-11-10"])
    assert result.code == 1
    assert "no roadmap" in result.stderr
    assert not (tmp_path / "content" / "reviews").exists()


def test_new_review_help(run_main):
    result = run_main(["new", "review", "--help"])
    assert result.code == 0
    assert "--type" in result.stdout and "Never replaces" in result.stdout
