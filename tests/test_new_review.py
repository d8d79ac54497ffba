"""`roadmapgen new review`: pre-filled, never overwrites, passes check."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import MINIMAL_SITE, write_files

from roadmapgen.analyse.project import load_project
from roadmapgen.commands.new_review import plan_review, write_review

TODAY = dt.date(2026, 11, 10)

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


# -- numbers and names that YAML must read back as written ----------------------

def _prior_review(ratings: dict, metrics: dict) -> str:
    """A review as yaml.safe_dump writes it: escaped (with allow_unicode it folds a NEL in a name)."""
    return "---\n" + yaml.safe_dump({"kind": "review", "date": "2026-11-05", "type": "monthly",
                                     "ratings": ratings, "metrics": metrics}) + "---\n"


def _new_review(root, run_main) -> dict:
    result = run_main(["new", "review", root, "--today", "2026-11-10"])
    assert result.code == 0, result.stderr
    return front_matter(root / "content/reviews/2026-11-10-monthly.md")


METRICS = {
    "big": 10**20,  # once written `1e+20`, which YAML reads as text
    "precise": 1234567.891,  # once written `1.23457e+06`
    "tiny": 1.234e-7,
    "negative": -2.5e-300,
    "whole": 12.0,
    "huge": 1.7976931348623157e308,
    "beyond_float_precision": 2**53 + 2,
}


def test_new_review_writes_numbers_that_read_back_the_same(minimal_site, run_main, check_json):
    root = minimal_site({"content/reviews/2026-11-05-monthly.md": _prior_review({"r": 9.75}, METRICS)})
    data = _new_review(root, run_main)
    assert data["metrics"] == METRICS  # whole numbers keep every digit
    assert all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in data["metrics"].values())
    assert data["ratings"] == {"r": 9.75}
    text = (root / "content/reviews/2026-11-10-monthly.md").read_text(encoding="utf-8")
    assert "big: 100000000000000000000\n" in text and "whole: 12\n" in text
    assert "beyond_float_precision: 9007199254740994\n" in text
    code, report = check_json(root, "--strict")
    assert code == 0, report


NAMES = ["line\u2028sep", "para\u2029sep", "next\x85line", 'say "hi"', "it's", "a: b", "# hash", "- dash",
         "-", "? q", "yes", "No", "null", "~", "1e5", "2026-11-05", "back\\slash", "tab\there", "new\nline",
         "bell\x07", "c1\x9b", "rlo\u202eevil", "bom\ufeff", "emoji \U0001F600", "  spaces  ", "", "[x]", "{y}",
         "&anchor", "*alias", "!tag", "%pct", "@at", "`tick", "|", ">", "café", "key:", "x" * 200]


def test_new_review_quotes_every_odd_name(minimal_site, run_main, check_json):
    ratings = {name: index % 11 for index, name in enumerate(NAMES)}
    metrics = {name: index + 0.5 for index, name in enumerate(NAMES)}
    root = minimal_site({"content/reviews/2026-11-05-monthly.md": _prior_review(ratings, metrics)})
    data = _new_review(root, run_main)
    assert data["ratings"] == ratings
    assert data["metrics"] == metrics
    code, report = check_json(root, "--strict")
    assert code == 0, report


def test_new_review_comment_shows_control_characters_as_escapes(minimal_site, run_main, check_json):
    plan = ('---\nkind: plan\nhorizon: year\nitems:\n  - id: year-goal\n'
            '    title: "Goal \\x01 with \\x9b odd \\u2028 characters"\n    serves: target\n---\n')
    root = minimal_site({"content/year-1.md": plan})
    data = _new_review(root, run_main)
    assert data["progress"]["year-goal"] == "planned"
    code, report = check_json(root, "--strict")
    assert code == 0, report


numbers = st.one_of(st.integers(min_value=-(10**30), max_value=10**30),
                    st.floats(allow_nan=False, allow_infinity=False))
ratings_values = st.one_of(st.integers(min_value=0, max_value=10), st.floats(min_value=0, max_value=10))
names = st.text(max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ratings=st.dictionaries(names, ratings_values, max_size=4), metrics=st.dictionaries(names, numbers, max_size=4))
def test_new_review_round_trips_any_names_and_numbers(ratings, metrics):
    with tempfile.TemporaryDirectory() as folder:
        root = write_files(Path(folder), {**MINIMAL_SITE,
                                          "content/reviews/2026-11-05-monthly.md": _prior_review(ratings, metrics)})
        review = plan_review(root, TODAY)
        write_review(review)
        data = yaml.safe_load(review.text.split("---\n")[1])
        assert data.get("ratings", {}) == ratings
        assert data.get("metrics", {}) == metrics
        project = load_project(root, TODAY)
        assert [d for d in project.diagnostics if d.path == review.relpath] == []
        written = next(r for r in project.roadmap.reviews if r.path == review.relpath)
        assert dict(written.ratings) == ratings
        assert dict(written.metrics) == metrics
