"""`roadmapgen new review`: pre-filled, with its type's questions, as private as what it
quotes, never overwrites, passes check."""

from __future__ import annotations

import datetime as dt
import html
import re
import tempfile
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from build_helpers import EXAMPLE_TODAY, copy_example
from support import MINIMAL_SITE, write_files

from roadmapgen.analyse.project import load_project
from roadmapgen.commands.init import TEMPLATES
from roadmapgen.commands.new_review import plan_review, write_review
from roadmapgen.commands.quoting import markdown_text
from roadmapgen.commands.review_body import SLOTS, prompts
from roadmapgen.model import REVIEW_TYPES
from roadmapgen.read.markdown import link_places, render_markdown

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


WORKSHEET_ROOT = MINIMAL_SITE["content/index.md"].replace("---\n\nThe", """\
people:
  - id: mentor-ana
    name: Ana
    role: mentor
    cadence: 60
metrics:
  - name: skill_hours
    kind: leading
    target: 12
    unit: hours
  - name: network_growth
    kind: leading
    target: 3
---

The""")


def test_new_review_names_the_indicators_and_the_people(minimal_site, run_main, check_json):
    root = minimal_site({"content/index.md": WORKSHEET_ROOT, "content/reviews/2026-11-05-monthly.md": REVIEW})
    assert run_main(["new", "review", root, "--today", "2026-11-10"]).code == 0
    text = (root / "content/reviews/2026-11-10-monthly.md").read_text(encoding="utf-8")
    assert "  skill_hours: 12.5  # leading, target 12 hours\n" in text
    # a defined indicator no review has recorded yet: a line to fill in, as a comment so that check stays clean
    assert "  # network_growth: 0  # leading, target 3\n" in text
    assert "met: []  # the people you met since the last review, by id: mentor-ana\n" in text
    data = front_matter(root / "content/reviews/2026-11-10-monthly.md")
    assert (data["metrics"], data["met"]) == ({"skill_hours": 12.5}, [])
    code, report = check_json(root, "--strict")
    assert (code, report["findings"]) == (0, [])


def test_the_first_review_starts_with_the_defined_indicators(minimal_site, run_main, check_json):
    root = minimal_site({"content/index.md": WORKSHEET_ROOT})
    assert run_main(["new", "review", root, "--today", "2026-11-10"]).code == 0
    text = (root / "content/reviews/2026-11-10-monthly.md").read_text(encoding="utf-8")
    assert "metrics:  #" in text and "  # skill_hours: 0  # leading, target 12 hours\n" in text
    assert check_json(root, "--strict")[0] == 0


def test_new_review_rejects_a_folder_without_a_roadmap(tmp_path, run_main):
    result = run_main(["new", "review", tmp_path, "--today", "2026-11-10"])
    assert result.code == 1
    assert "no roadmap" in result.stderr
    assert not (tmp_path / "content" / "reviews").exists()


def test_new_review_help(run_main):
    result = run_main(["new", "review", "--help"])
    assert result.code == 0
    assert "--type" in result.stdout and "Never replaces" in result.stdout and "questions" in result.stdout


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


# -- the body: each review type's questions, naming the roadmap's content -------

QUARTERLY_CHECKLIST = ["Assess progress against milestones", "Evaluate market changes",
                       "Adjust timeline if needed", "Identify new opportunities",
                       "Update skill development plan"]
ANNUAL_CHECKLIST = ["Complete career audit", "Reassess industry landscape", "Update 10-year vision",
                    "Revise career paths", "Set next year's goals"]
QUESTIONS = {  # the seeds' questions, in order, and the worksheet's course-correction checklist
    "monthly": (["Am I on track?", "What worked?", "What do I adjust in the next 30 days?"], []),
    "quarterly": (["Which gaps closed?", "Do the years 2–3 assumptions still hold?",
                   "What is the plan for the next quarter?", "Course correction"], QUARTERLY_CHECKLIST),
    "annual": (["Is the target still right?", "Rewrite the years 2–3 hypothesis", "Re-score the values",
                "Annual strategy session"], ANNUAL_CHECKLIST),
    "replan": (["What changed?", "Which assumptions broke?", "What is the new target?", "Which paths now?",
                "Annual strategy session"], ANNUAL_CHECKLIST),
}

RICH_ROOT = """\
---
kind: roadmap
title: Test roadmap
owner: Tess Tester
as_of: 2026-11-01
target:
  role: Staff Engineer
  level: L6
  industry: Payments
  companies: [Acme, Globex]
  by: 2028-06-30
values:
  - {name: Craft, score: 5}
  - {name: Autonomy, score: 3}
---
"""
RICH_30_DAYS = """\
---
kind: plan
horizon: 30-days
items:
  - id: first-step
    title: First step
    due: 2026-11-20
    serves: year-goal
    closes: gap-scope
    status: active
    assumption: "My manager keeps Fridays free"
---
"""
RICH_YEAR = """\
---
kind: plan
horizon: year
items:
  - id: year-goal
    title: Year goal
    serves: y3-bet
    closes: gap-scope
    assumption: "The team keeps its budget"
  - id: year-done
    title: Finished year goal
    serves: target
    status: done
    assumption: "Stale assumption of a done item"
---
"""
RICH_3_YEARS = """\
---
kind: plan
horizon: 3-years
items:
  - id: y3-bet
    title: Lead the platform group
    serves: target
    assumption: "The platform org keeps growing"
  - id: y3-plain
    title: Speak at a conference
    serves: target
---
"""
RICH_GAPS = """\
---
kind: gaps
items:
  - id: gap-scope
    title: Cross-team scope
    area: scope
    now: My team only
    needed: Three teams
  - id: gap-open
    title: Public visibility
    area: visibility
    now: None
    needed: Talks
---
"""
RICH_PATHS = """\
---
kind: paths
items:
  - id: path-inside
    title: Promotion where I am
    probability: 70
  - id: path-outside
    title: Move to another company
    probability: 30
    trigger: "Calibration says not yet, again"
---
"""
RICH_SITE = {"content/index.md": RICH_ROOT, "content/next-30-days.md": RICH_30_DAYS,
             "content/year-1.md": RICH_YEAR, "content/years-2-3.md": RICH_3_YEARS,
             "content/gaps.md": RICH_GAPS, "content/paths.md": RICH_PATHS}


def _write_review(root, run_main, review_type: str, date: str = "2026-11-10") -> tuple[dict, str]:
    """(front matter, body) of the review `new review` wrote."""
    result = run_main(["new", "review", root, "--type", review_type, "--date", date, "--today", "2026-11-10"])
    assert result.code == 0, result.stderr
    text = (root / f"content/reviews/{date}-{review_type}.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _section(body: str, heading: str) -> list[str]:
    """The non-blank lines under `## heading`, up to the next heading."""
    after = body.split(f"## {heading}\n", 1)[1]
    return [line for line in after.split("\n## ", 1)[0].splitlines() if line.strip()]


@pytest.mark.parametrize("review_type", REVIEW_TYPES)
def test_each_type_starts_with_its_questions_and_checklist(minimal_site, run_main, review_type):
    questions, checklist = QUESTIONS[review_type]
    data, body = _write_review(minimal_site(RICH_SITE), run_main, review_type)
    assert data["type"] == review_type and "progress" in data
    headings = [line[3:] for line in body.splitlines() if line.startswith("## ")]
    assert headings == questions
    assert body.lstrip("\n").startswith(f"## {questions[0]}\n")
    tasks = [line[6:] for line in body.splitlines() if line.startswith("- [ ] ")]
    assert tasks == checklist
    assert body.endswith("\n") and not body.endswith("\n\n\n\n")


def test_quarterly_names_the_gaps_with_the_items_that_close_them(minimal_site, run_main):
    _, body = _write_review(minimal_site(RICH_SITE), run_main, "quarterly")
    assert _section(body, "Which gaps closed?") == [
        "- `gap-scope` Cross-team scope",
        "  - closed by `first-step` First step (active)",
        "  - closed by `year-goal` Year goal (planned)",
        "- `gap-open` Public visibility",
        "  - no item closes it yet",
    ]


def test_quarterly_lists_the_open_long_horizon_items_with_an_assumption(minimal_site, run_main):
    _, body = _write_review(minimal_site(RICH_SITE), run_main, "quarterly")
    # Not the 30-days item's (a replan's question), not the done item's, not an item without one.
    assert _section(body, "Do the years 2–3 assumptions still hold?") == [
        "- `year-goal` Year goal (Year one)",
        "  - Assumption: The team keeps its budget",
        "- `y3-bet` Lead the platform group (Years 2–3)",
        "  - Assumption: The platform org keeps growing",
    ]


def test_annual_names_the_target_the_hypothesis_and_the_values(minimal_site, run_main):
    _, body = _write_review(minimal_site(RICH_SITE), run_main, "annual")
    assert _section(body, "Is the target still right?") == [
        "- Role: Staff Engineer (L6) in Payments", "- Example companies: Acme, Globex", "- By: 2028-06-30"]
    assert _section(body, "Rewrite the years 2–3 hypothesis") == [
        "- `y3-bet` Lead the platform group (Years 2–3)",
        "  - Assumption: The platform org keeps growing",
        "- `y3-plain` Speak at a conference (Years 2–3)",
    ]
    assert _section(body, "Re-score the values") == [
        "- Craft: 5 of 5", "- Autonomy: 3 of 5", "Alignment: 8 of 10."]


def test_replan_names_every_assumption_the_target_and_the_paths(minimal_site, run_main):
    _, body = _write_review(minimal_site(RICH_SITE), run_main, "replan")
    assert _section(body, "Which assumptions broke?") == [
        "- `first-step` First step (Next 30 days)",
        "  - Assumption: My manager keeps Fridays free",
        "- `year-goal` Year goal (Year one)",
        "  - Assumption: The team keeps its budget",
        "- `y3-bet` Lead the platform group (Years 2–3)",
        "  - Assumption: The platform org keeps growing",
    ]
    assert _section(body, "What is the new target?")[0] == "- Role: Staff Engineer (L6) in Payments"
    assert _section(body, "Which paths now?") == [
        "- `path-inside` Promotion where I am: 70%",
        "- `path-outside` Move to another company: 30%",
        "  - Trigger: Calibration says not yet, again",
    ]


def test_a_question_with_nothing_to_name_stays_a_question(minimal_site, run_main):
    _, body = _write_review(minimal_site(), run_main, "quarterly")  # no gaps, no assumptions
    assert _section(body, "Which gaps closed?") == []
    assert "\n\n\n\n" not in body and "{" not in body


def test_every_prompt_file_exists_and_uses_known_slots():
    for review_type in REVIEW_TYPES:
        slots = re.findall(r"^\{(.*)\}$", prompts(review_type), flags=re.MULTILINE)
        assert set(slots) <= set(SLOTS), (review_type, slots)
    assert sorted(p.name for p in resources.files("roadmapgen.commands.review_prompts").iterdir()
                  if p.name.endswith(".md")) == sorted(f"{t}.md" for t in REVIEW_TYPES)


# -- statuses: the plan's, unless a review since as_of says otherwise -----------

def test_statuses_come_from_reviews_since_as_of_only(minimal_site, run_main):
    before = REVIEW.replace("2026-11-05", "2026-10-20").replace("first-step: active", "first-step: done")
    after = "---\nkind: review\ndate: 2026-11-03\ntype: monthly\nprogress:\n  year-done: blocked\n---\n"
    root = minimal_site({**RICH_SITE, "content/reviews/2026-10-20-monthly.md": before,
                         "content/reviews/2026-11-03-monthly.md": after})
    data, body = _write_review(root, run_main, "quarterly")
    # The October review predates as_of: the plan file (active) wins; it still gives its ratings.
    assert data["progress"]["first-step"] == "active"
    assert data["ratings"] == {"role_satisfaction": 7, "odd name": 3}
    # A review since as_of reopens a done item: it is open again, in progress and in the prompts.
    assert data["progress"]["year-done"] == "blocked"
    assert "- `year-done` Finished year goal (Year one)" in body


# -- visibility: as strict as what the review quotes ----------------------------

def _with_visibility(text: str, entry_id: str, level: str) -> str:
    return text.replace(f"  - id: {entry_id}\n", f"  - id: {entry_id}\n    visibility: {level}\n", 1)


PRIVATE_BET = _with_visibility(RICH_3_YEARS, "y3-bet", "private")
MENTORS_GAP = _with_visibility(RICH_GAPS, "gap-open", "mentors")


@pytest.mark.parametrize(("review_type", "changes", "expected", "named"), [
    ("quarterly", {}, None, ""),
    ("monthly", {"content/years-2-3.md": PRIVATE_BET}, None, ""),
    ("quarterly", {"content/years-2-3.md": PRIVATE_BET}, "private", "y3-bet"),
    ("quarterly", {"content/gaps.md": MENTORS_GAP, "content/years-2-3.md": PRIVATE_BET}, "private", "y3-bet"),
    ("quarterly", {"content/gaps.md": MENTORS_GAP}, "mentors", "gap-open"),
    # a closing item quoted under a gap; a whole file's visibility
    ("quarterly", {"content/next-30-days.md": RICH_30_DAYS.replace("horizon: 30-days",
                                                                  "horizon: 30-days\nvisibility: mentors")},
     "mentors", "first-step"),
    ("annual", {}, None, ""),  # the target and values are public unless the root says otherwise
    ("annual", {"content/index.md": RICH_ROOT.replace("values:", "visibility: {values: mentors}\nvalues:")},
     "mentors", "the root's values"),
    ("replan", {"content/index.md": RICH_ROOT.replace("values:", "visibility: {target: private}\nvalues:")},
     "private", "the root's target"),
    ("replan", {"content/paths.md": _with_visibility(RICH_PATHS, "path-outside", "mentors")}, "mentors",
     "path-outside"),
])
def test_a_review_is_as_private_as_what_it_quotes(minimal_site, run_main, check_json, review_type, changes,
                                                   expected, named):
    root = minimal_site({**RICH_SITE, **changes})
    data, _ = _write_review(root, run_main, review_type)
    assert data.get("visibility") == expected
    text = (root / f"content/reviews/2026-11-10-{review_type}.md").read_text(encoding="utf-8")
    visibility_line = next((line for line in text.splitlines() if line.startswith("visibility:")), "")
    assert named in visibility_line
    code, report = check_json(root)
    assert code == 0 and not [f for f in report["findings"] if "reviews/" in f["file"]], report


def test_the_visibility_comment_names_a_few_and_counts_the_rest(minimal_site, run_main):
    gaps = "".join(f"  - id: gap-{n}\n    title: Gap {n}\n    now: a\n    needed: b\n" for n in range(6))
    root = minimal_site({"content/gaps.md": f"---\nkind: gaps\nvisibility: mentors\nitems:\n{gaps}---\n"})
    data, _ = _write_review(root, run_main, "quarterly")
    assert data["visibility"] == "mentors"
    text = (root / "content/reviews/2026-11-10-quarterly.md").read_text(encoding="utf-8")
    assert ("visibility: mentors  # as strict as what it quotes (gap-0, gap-1, gap-2, gap-3 and 2 more): "
            "take those out before you lower it\n") in text


def test_a_public_build_never_shows_a_private_title_the_review_quotes(minimal_site, run_main, tmp_path):
    secret = "Negotiate the secret offer"
    plan = _with_visibility(RICH_3_YEARS, "y3-bet", "private").replace("Lead the platform group", secret)
    root = minimal_site({**RICH_SITE, "content/years-2-3.md": plan})
    _write_review(root, run_main, "quarterly")
    for audience, shown in (("public", False), ("mentors", False), ("private", True)):
        out = tmp_path / f"out-{audience}"
        result = run_main(["build", root, "--out", out, "--audience", audience, "--today", "2026-11-10"])
        assert result.code == 0, result.stderr
        found = [p.name for p in out.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]
        assert bool(found) == shown, (audience, found)
        review_pages = [p for p in out.rglob("*quarterly*.html")]
        assert bool(review_pages) == shown, audience


# -- check-clean on the example site and on every starter -----------------------

@pytest.mark.parametrize("review_type", REVIEW_TYPES)
def test_a_new_review_adds_no_finding_to_the_example(tmp_path, run_main, check_json, review_type):
    root = copy_example(tmp_path / "site")
    result = run_main(["new", "review", root, "--type", review_type, "--today", EXAMPLE_TODAY])
    assert result.code == 0, result.stderr
    code, report = check_json(root, "--strict", today=EXAMPLE_TODAY)
    assert code == 0 and report["findings"] == [], report


def _findings(report: dict) -> set[tuple]:
    return {(f["severity"], f["code"], f["file"], f["line"], f["message"]) for f in report["findings"]}


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_new_review_adds_no_finding_to_a_starter(tmp_path, run_main, check_json, template):
    for review_type in REVIEW_TYPES:
        root = tmp_path / f"{template}-{review_type}"
        assert run_main(["init", root, "--template", template, "--today", "2026-11-10"]).code == 0
        _, before = check_json(root)
        result = run_main(["new", "review", root, "--type", review_type, "--today", "2026-11-10"])
        assert result.code == 0, result.stderr
        body = next((root / "content/reviews").iterdir()).read_text(encoding="utf-8")
        assert QUESTIONS[review_type][0][0] in body
        code, after = check_json(root)
        assert code == 0 and _findings(after) <= _findings(before), (template, review_type, after)


# -- quoted text cannot break the review ----------------------------------------

HOSTILE = [
    "[[year-goal]] and [[nowhere]]", "<script>alert(1)</script>", "# not a heading", "---",
    "line one\n---\nline two", "*not em* _nor this_ **nor** `code`", "&amp; &lt;b&gt; &#65;", "| a | b |",
    "[^note] and [x](javascript:alert(1))",
    "back\\slash\\", "~~struck~~", "<https://example.com>", "1. not a list", "- not a list", "+", "=====",
    "tab\tand\u2028line sep", "{gaps}", "> not a quote", "![img](x.png)", "```", "[ ] not a task",
]


def _hostile_site() -> dict[str, str]:
    def plan(horizon: str, items: list[dict]) -> str:
        return "---\n" + yaml.safe_dump({"kind": "plan", "horizon": horizon, "items": items}) + "---\n"

    long_items = [{"id": f"y3-h{n}", "title": text, "serves": "target", "assumption": text}
                  for n, text in enumerate(HOSTILE)]
    gaps = [{"id": f"gap-h{n}", "title": text, "area": "other", "now": "a", "needed": "b"}
            for n, text in enumerate(HOSTILE)]
    paths = [{"id": "path-h", "title": HOSTILE[1], "probability": 60, "trigger": HOSTILE[0]},
             {"id": "path-i", "title": HOSTILE[4], "probability": 40, "trigger": HOSTILE[10]}]
    root = {"kind": "roadmap", "title": "T", "owner": "O", "as_of": "2026-11-01",
            "target": {"role": HOSTILE[2], "level": HOSTILE[1], "industry": HOSTILE[0],
                       "companies": HOSTILE[3:6]},
            "values": [{"name": text, "score": 3} for text in HOSTILE[:5]]}
    first = [{"id": "first-step", "title": HOSTILE[0], "due": "2026-11-20", "serves": "year-goal",
              "closes": [g["id"] for g in gaps], "assumption": HOSTILE[6]}]
    return {"content/index.md": "---\n" + yaml.safe_dump(root) + "---\n",
            "content/next-30-days.md": plan("30-days", first),
            "content/year-1.md": MINIMAL_SITE["content/year-1.md"],
            "content/years-2-3.md": plan("3-years", long_items),
            "content/gaps.md": "---\n" + yaml.safe_dump({"kind": "gaps", "items": gaps}) + "---\n",
            "content/paths.md": "---\n" + yaml.safe_dump({"kind": "paths", "items": paths}) + "---\n"}


@pytest.mark.parametrize("review_type", ["quarterly", "annual", "replan"])
def test_quoted_text_cannot_break_the_review(minimal_site, run_main, check_json, tmp_path, review_type):
    root = minimal_site(_hostile_site())
    _, before = check_json(root)
    data, body = _write_review(root, run_main, review_type)
    assert data["kind"] == "review" and data["type"] == review_type  # the front matter is intact
    assert not any(line in ("---", "...") for line in body.splitlines())
    assert link_places(body) == ()  # no [[link]] for check to resolve
    code, after = check_json(root)
    assert code == 0 and _findings(after) <= _findings(before), after
    assert run_main(["build", root, "--out", tmp_path / "out", "--audience", "private",
                     "--today", "2026-11-10"]).code == 0
    page = next((tmp_path / "out").rglob(f"*{review_type}*.html")).read_text(encoding="utf-8")
    article = page.split("<h2", 1)[1].rsplit("Annual strategy session" if review_type != "quarterly"
                                              else "Course correction", 1)[0]
    made = set(re.findall(r"<([a-z0-9]+)", article))
    # No link, emphasis, script, heading, ordered list, quote, table, rule...
    assert made <= {"h2", "ul", "li", "code", "p", "input"}, made
    shown = html.unescape(re.sub(r"<[^>]+>", "", article))
    for text in HOSTILE:  # every one is quoted by every type: as a gap, an assumption, in the hypothesis
        assert " ".join(text.split()) in shown, text


# -- Markdown text: any text reads back as itself ---------------------------------

class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text += data


def _shown(markdown: str) -> _Text:
    def no_link(entry_id, label):
        raise AssertionError(f"a link to {entry_id!r}")

    parser = _Text()
    parser.feed(render_markdown(markdown, no_link))
    return parser


# Mostly what Markdown and YAML make something of, some of anything visible.
markdown_characters = st.sampled_from(list("\\`*_[]<>&~|#+=-.)!:(^{} \n\t0123456789ax"))
visible_characters = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn"))
visible_text = st.text(st.one_of(markdown_characters, visible_characters), max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=visible_text)
@example(text="-")
@example(text="1. one")
@example(text="# h")
@example(text="~~s~~")
@example(text="[[an-id]] <b>&amp;</b> `c` *e*")
def test_markdown_text_shows_any_text_as_typed(text):
    expected = " ".join(text.split())
    for line, prefix, tags in ((f"- {markdown_text(text)}", "", ["ul", "li"]),
                               (f"- `an-id` {markdown_text(text)}", "an-id ", ["ul", "li", "code"]),
                               (f"Before {markdown_text(text)}", "Before ", ["p"])):
        shown = _shown(line)
        assert shown.tags == tags, (line, shown.tags)
        assert shown.text.strip("\n") == (prefix + expected).rstrip(), (line, shown.text)
        assert link_places(line) == ()


def test_markdown_text_shows_invisible_characters_as_escapes():
    assert markdown_text("bell\x07 rlo\u202e bom\ufeff") == "bell\\\\x07 rlo\\\\u202e bom\\\\ufeff"
    assert _shown("- " + markdown_text("bell\x07")).text.strip() == "bell\\x07"


ASSUMING_YEAR = """\
---
kind: plan
horizon: year
items:
  - id: year-goal
    title: Year goal
    serves: target
  - id: judged
    title: Judged before
    serves: target
    assumption: "The budget survives"
  - id: fresh
    title: Never judged
    serves: target
    assumption: "The team grows"
  - id: no-bet
    title: No assumption
    serves: target
  - id: settled
    title: Done already
    serves: target
    status: done
    assumption: "Settled"
---
"""
VERDICT = """\
---
kind: review
date: 2026-11-05
type: quarterly
assumptions:
  judged: broken
---
"""


@pytest.mark.parametrize("review_type", REVIEW_TYPES)
def test_testing_reviews_prefill_each_open_assumption_at_its_last_verdict(minimal_site, run_main, check_json,
                                                                          review_type):
    root = minimal_site({"content/year-1.md": ASSUMING_YEAR, "content/reviews/2026-11-05-quarterly.md": VERDICT})
    result = run_main(["new", "review", root, "--type", review_type, "--today", "2026-11-10"])
    assert result.code == 0, result.stderr
    data = front_matter(root / f"content/reviews/2026-11-10-{review_type}.md")
    if review_type == "monthly":
        assert "assumptions" not in data
    else:
        assert data["assumptions"] == {"judged": "broken", "fresh": "unsure"}
    code, report = check_json(root)
    assert report["errors"] == 0, report
