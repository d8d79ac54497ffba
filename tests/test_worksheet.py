"""The whole worksheet (format 1.1 section 11), driven through `check` on
real files: milestones within a horizon, the skills map, people and
`contact-overdue`, the vision's parts, indicators, budgets, industry and the
quick reference; and the analyse helpers the site draws from (milestones by
dimension, the values reading, the board, indicators)."""

from __future__ import annotations

import datetime as dt

import pytest

from support import MINIMAL_ROOT, MINIMAL_YEAR, TODAY, findings, where

from roadmapgen.analyse.alignment import read_values
from roadmapgen.analyse.indicators import indicators
from roadmapgen.analyse.milestones import milestone_table
from roadmapgen.analyse.people import contact_board
from roadmapgen.analyse.project import load_project
from roadmapgen.model import Value

ROOT = "content/index.md"
YEAR = "content/year-1.md"
SKILLS = "content/skills.md"
REVIEW = "content/reviews/2026-11-05-monthly.md"


def root_with(extra: str) -> str:
    """The minimal root with `extra` front matter lines after its target (line 8 on)."""
    return MINIMAL_ROOT.replace("---\n\nThe introduction.", extra + "---\n\nThe introduction.")


def year_with(items: str) -> str:
    """The minimal year plan (year-goal, undated, serving the target) with more items."""
    return MINIMAL_YEAR[:-4] + items + "---\n"


def review(date: str, extra: str) -> str:
    return f"---\nkind: review\ndate: {date}\ntype: monthly\n{extra}---\n"


def codes(report: dict) -> list[str]:
    return sorted(f["code"] for f in report["findings"])


# -- milestones within a horizon ---------------------------------------------------

DATED_YEAR = MINIMAL_YEAR.replace("    serves: target\n", "    serves: target\n    due: 2027-09-01\n")


def test_serving_an_item_on_the_same_horizon_due_later_is_clean(minimal_site, check_json):
    plan = DATED_YEAR[:-4] + "  - id: spring\n    title: Spring milestone\n    due: 2027-03-01\n    serves: year-goal\n---\n"
    status, report = check_json(minimal_site({YEAR: plan}))
    # spring has no shorter server (no-next-step) but serves year-goal, which now counts as served.
    assert (status, codes(report)) == (0, ["no-next-step"]), report
    assert where(report, "no-next-step") == [(YEAR, 9)]


@pytest.mark.parametrize("served_due, serving_due, why", [
    ("2027-09-01", "2027-09-01", "due the same day"),
    ("2027-09-01", "2027-10-01", "due earlier (2027-09-01)"),
    (None, "2027-03-01", "'year-goal' has no due date"),
    ("2027-09-01", None, "'spring' has no due date"),
])
def test_serving_the_same_horizon_otherwise_is_serves_shorter(minimal_site, check_json, served_due, serving_due, why):
    goal = DATED_YEAR if served_due else MINIMAL_YEAR
    spring = "  - id: spring\n    title: Spring\n" + (f"    due: {serving_due}\n" if serving_due else "")
    _, report = check_json(minimal_site({YEAR: goal[:-4] + spring + "    serves: year-goal\n---\n"}))
    found = findings(report, "serves-shorter")
    serves_line = (8 if served_due else 7) + (4 if serving_due else 3)  # after year-goal's lines and spring's
    assert [(f["file"], f["line"], f["column"]) for f in found] == [(YEAR, serves_line, 13)]
    assert why in found[0]["message"], found[0]["message"]


def test_two_milestones_serving_each_other_cannot_both_hold(minimal_site, check_json):
    plan = year_with("  - id: a\n    title: A\n    due: 2027-03-01\n    serves: b\n"
                     "  - id: b\n    title: B\n    due: 2027-03-01\n    serves: a\n")
    _, report = check_json(minimal_site({YEAR: plan}))
    assert len(findings(report, "serves-shorter")) == 2


def test_a_chain_of_milestones_on_one_horizon_reaches_the_shorter_step(minimal_site, check_json):
    # first-step (30 days) -> m1 -> m2 -> year-goal: every year item has a next step.
    plan = DATED_YEAR[:-4] + ("  - id: m1\n    title: M1\n    due: 2027-01-01\n    serves: m2\n"
                              "  - id: m2\n    title: M2\n    due: 2027-05-01\n    serves: year-goal\n---\n")
    month = "---\nkind: plan\nhorizon: 30-days\nitems:\n  - id: first-step\n    title: First\n" \
            "    due: 2026-11-20\n    serves: m1\n---\n"
    status, report = check_json(minimal_site({YEAR: plan, "content/next-30-days.md": month}))
    assert (status, report["findings"]) == (0, []), report


# -- skills --------------------------------------------------------------------

SKILL = "---\nkind: skills\nitems:\n  - id: skill-design\n    title: Design\n    now: {now}\n    targets: {targets}\n---\n"
CLOSING_YEAR = MINIMAL_YEAR.replace("    serves: target\n", "    serves: target\n    closes: skill-design\n")


def test_a_skill_closed_by_an_item_is_clean(minimal_site, check_json):
    site = minimal_site({SKILLS: SKILL.format(now=2, targets="{year: 3, 10-years: 4}"), YEAR: CLOSING_YEAR})
    assert check_json(site) == (0, {"findings": [], "errors": 0, "warnings": 0})


@pytest.mark.parametrize("now, targets, unaddressed", [
    (2, "{year: 3}", True),
    (3, "{year: 3}", False),  # nowhere to go: no gap to close
    (4, "{quarter: 4, 10-years: 4}", False),
    (1, "{10-years: 2}", True),
])
def test_gap_unaddressed_applies_to_a_skill_aiming_above_now(minimal_site, check_json, now, targets, unaddressed):
    _, report = check_json(minimal_site({SKILLS: SKILL.format(now=now, targets=targets)}))
    assert where(report, "gap-unaddressed") == ([(SKILLS, 4)] if unaddressed else [])


def test_skill_targets_are_kept_in_horizon_order_whatever_the_order_written(minimal_site):
    site = minimal_site({SKILLS: SKILL.format(now=1, targets="{10-years: 5, quarter: 2, year: 3}"),
                         YEAR: CLOSING_YEAR})
    project = load_project(site, dt.date.fromisoformat(TODAY))
    assert project.diagnostics == ()
    (skill,) = project.roadmap.skills
    assert skill.targets == (("quarter", 2), ("year", 3), ("10-years", 5))
    assert project.roadmap.links.closed_by["skill-design"] == ("year-goal",)


def test_a_skill_target_written_out_of_order_that_falls_is_placed_at_its_level(minimal_site, check_json):
    skills = "---\nkind: skills\nitems:\n  - id: skill-design\n    title: Design\n    now: 1\n    targets:\n" \
             "      10-years: 2\n      year: 4\n---\n"
    _, report = check_json(minimal_site({SKILLS: skills, YEAR: CLOSING_YEAR}))
    found = findings(report, "bad-field")
    assert [(f["line"], f["column"]) for f in found] == [(8, 17)], found
    assert "the 10-years target 2 is below the year target 4" in found[0]["message"]


# -- people --------------------------------------------------------------------

ANA = "people:\n  - id: mentor-ana\n    name: Ana Ruiz\n    role: mentor\n    cadence: {cadence}\n{more}"


def overdue_on(site, check_json, today: str) -> list:
    return where(check_json(site, today=today)[1], "contact-overdue")


def test_contact_overdue_counts_from_as_of_without_since(minimal_site, check_json):
    site = minimal_site({ROOT: root_with(ANA.format(cadence=9, more=""))})  # as_of 2026-11-01
    assert overdue_on(site, check_json, "2026-11-10") == []
    assert overdue_on(site, check_json, "2026-11-11") == [(ROOT, 9)]


def test_contact_overdue_counts_from_since(minimal_site, check_json):
    site = minimal_site({ROOT: root_with(ANA.format(cadence=30, more="    since: 2026-10-20\n"))})
    assert overdue_on(site, check_json, "2026-11-19") == []
    assert overdue_on(site, check_json, "2026-11-20") == [(ROOT, 9)]


def test_a_review_that_met_them_restarts_the_count(minimal_site, check_json):
    site = minimal_site({ROOT: root_with(ANA.format(cadence=9, more="")),
                         REVIEW: review("2026-11-05", "met: [mentor-ana]\n")})
    assert overdue_on(site, check_json, "2026-11-14") == []
    _, report = check_json(site, today="2026-11-15")
    (finding,) = findings(report, "contact-overdue")
    assert (finding["line"], finding["column"]) == (9, 9)
    assert "last met 2026-11-05" in finding["message"] and "Ana Ruiz" in finding["message"]


def test_a_review_dated_after_today_has_not_met_anyone_yet(minimal_site):
    site = minimal_site({ROOT: root_with(ANA.format(cadence=9, more="")),
                         REVIEW: review("2026-11-05", "met: [mentor-ana]\n")})
    roadmap = load_project(site, dt.date(2026, 11, 4)).roadmap
    (row,) = contact_board(roadmap, dt.date(2026, 11, 4))
    assert (row.last_met, row.since, row.next_due, row.overdue) == (None, dt.date(2026, 11, 1),
                                                                     dt.date(2026, 11, 10), False)


def test_a_person_without_a_cadence_is_never_overdue(minimal_site, check_json):
    person = "people:\n  - id: felix\n    name: Felix\n    role: manager\n"
    _, report = check_json(minimal_site({ROOT: root_with(person)}), today="2031-01-01")
    assert "overdue" in codes(report) and "contact-overdue" not in codes(report)


def test_a_persons_id_links_like_any_other(minimal_site, check_json):
    page = "---\ntitle: Board\n---\n\nAsk [[mentor-ana]], not [[mentor-anna]].\n"
    _, report = check_json(minimal_site({ROOT: root_with(ANA.format(cadence=90, more="")),
                                         "content/board.md": page}))
    found = findings(report, "unknown-ref")
    assert [(f["file"], f["line"]) for f in found] == [("content/board.md", 5)]
    assert "did you mean 'mentor-ana'" in found[0]["message"]


# -- the root's other blocks -------------------------------------------------------

WHOLE_ROOT = root_with("""\
vision:
  statement: In 2036 I lead [[year-goal|the platform]].
  achievement:
    role: Principal
    team_size: 40
  financial:
    net_worth: EUR 850k
  impact: Payments nobody has to think about.
  lifestyle: >-
    Four days a week.
metrics:
  - name: skill_hours
    kind: leading
    target: 12
    unit: hours
  - name: role_satisfaction
    kind: outcome
    target: 8
budgets:
  time: {learning: 2.5}
  money: {learning: 2500}
  currency: EUR
  energy: {high: mornings}
industry:
  now: Consolidating.
  3-years: Real-time payouts, see [[year-goal]].
  10-years: One layer.
quick_reference:
  indicators: [12 hours a month]
  protocols:
    - Crisis: call Ana
    - Save first
""")


def test_every_root_block_of_the_worksheet_reads_clean(minimal_site, check_json):
    assert check_json(minimal_site({ROOT: WHOLE_ROOT})) == (0, {"findings": [], "errors": 0, "warnings": 0})


def test_the_root_blocks_are_read_into_the_model(minimal_site):
    root = load_project(minimal_site({ROOT: WHOLE_ROOT}), dt.date.fromisoformat(TODAY)).roadmap.root
    assert root.vision == "In 2036 I lead [[year-goal|the platform]]."
    assert [(p.name, p.text, p.facts) for p in root.vision_parts] == [
        ("achievement", "", (("role", "Principal"), ("team_size", "40"))),
        ("financial", "", (("net_worth", "EUR 850k"),)),
        ("impact", "Payments nobody has to think about.", ()),
        ("lifestyle", "Four days a week.", ()),
    ]
    assert root.block_level("vision.financial") == "private" and root.block_level("vision.impact") == "public"
    assert [(m.name, m.kind, m.target, m.unit) for m in root.metrics] == [
        ("skill_hours", "leading", 12, "hours"), ("role_satisfaction", "outcome", 8, "")]
    assert (root.budgets.time, root.budgets.money, root.budgets.currency, root.budgets.energy) == (
        (("learning", 2.5),), (("learning", 2500),), "EUR", (("high", "mornings"),))
    assert root.block_level("budgets") == "private"
    assert [view for view, _ in root.industry] == ["now", "3-years", "10-years"]
    assert [ref.id for ref in root.industry_refs] == ["year-goal"]
    assert root.quick_reference.indicators == (("", "12 hours a month"),)
    assert root.quick_reference.protocols == (("Crisis", "call Ana"), ("", "Save first"))


def test_a_link_in_a_vision_part_is_checked_at_its_place(minimal_site, check_json):
    text = WHOLE_ROOT.replace("  impact: Payments nobody", "  impact: See [[year-gaol]]. Payments nobody")
    _, report = check_json(minimal_site({ROOT: text}))
    assert [(f["line"], f["column"]) for f in findings(report, "unknown-ref")] == [(15, 15)]


def test_a_vision_part_may_be_a_list_of_texts_and_labelled_lines(minimal_site, check_json):
    text = root_with("vision:\n  statement: In 2036 I lead.\n  financial:\n    - Target compensation: EUR 190k\n"
                     "    - Savings first\n")
    site = minimal_site({ROOT: text})
    assert check_json(site)[1]["findings"] == []
    root = load_project(site, dt.date.fromisoformat(TODAY)).roadmap.root
    assert root.vision_part("financial").facts == (("Target compensation", "EUR 190k"), ("", "Savings first"))


def test_the_vision_as_one_paragraph_still_works(minimal_site):
    text = root_with("vision: >-\n  In 2036 I lead\n  [[year-goal]].\n")
    root = load_project(minimal_site({ROOT: text}), dt.date.fromisoformat(TODAY)).roadmap.root
    assert (root.vision, root.vision_parts) == ("In 2036 I lead [[year-goal]].", ())
    assert [(r.id, r.pos.line) for r in root.vision_refs] == [("year-goal", 10)]


def test_a_part_of_the_vision_is_never_more_visible_than_the_vision(minimal_site):
    text = WHOLE_ROOT.replace("---\n\nThe", "visibility:\n  vision: mentors\n  vision.financial: public\n---\n\nThe")
    root = load_project(minimal_site({ROOT: text}), dt.date.fromisoformat(TODAY)).roadmap.root
    assert root.block_level("vision.financial") == "mentors"
    assert root.block_level("vision.impact") == "mentors"


def test_a_negative_time_budget_is_a_bad_field_at_its_value(minimal_site, check_json):
    text = WHOLE_ROOT.replace("time: {learning: 2.5}", "time:\n    learning: -2")
    _, report = check_json(minimal_site({ROOT: text}))
    found = findings(report, "bad-field")
    assert [(f["line"], f["column"]) for f in found] == [(28, 15)]
    assert "at least 0" in found[0]["message"]


# -- helpers the site draws from ------------------------------------------------

def test_milestones_go_in_the_first_year_whose_end_is_on_or_after_their_due(minimal_site):
    # as_of 2026-11-01: year 1 ends 2027-11-01, year 2 2028-11-01, 3 2029-11-01, 5 2031-11-01, 10 2036-11-01.
    def item(name, horizon_due, dimension="role", status="planned"):
        return (f"  - id: {name}\n    title: {name}\n    due: {horizon_due}\n    serves: target\n"
                f"    dimension: {dimension}\n    status: {status}\n")
    ten = "---\nkind: plan\nhorizon: 10-years\nitems:\n" + "".join([
        item("late", "2026-10-01"), item("y1-end", "2027-11-01"), item("y2-start", "2027-11-02", "skills"),
        item("y3-end", "2029-11-01", "network"), item("y5", "2031-11-01", "compensation"),
        item("y10", "2031-11-02", "achievement"), item("gone", "2027-01-01", status="dropped"),
    ]) + "  - id: undated\n    title: Undated\n    dimension: role\n---\n"
    roadmap = load_project(minimal_site({"content/vision.md": ten}), dt.date.fromisoformat(TODAY)).roadmap
    table = milestone_table(roadmap)
    assert [(y.year, y.after.isoformat(), y.end.isoformat()) for y in table.years] == [
        (1, "2026-11-01", "2027-11-01"), (2, "2027-11-01", "2028-11-01"), (3, "2028-11-01", "2029-11-01"),
        (5, "2029-11-01", "2031-11-01"), (10, "2031-11-01", "2036-11-01")]
    cells = {dimension: [[i.id for i in cell] for cell in row] for dimension, row in table.rows}
    assert cells == {
        "role": [["late", "y1-end"], [], [], [], []],
        "skills": [[], ["y2-start"], [], [], []],
        "network": [[], [], ["y3-end"], [], []],
        "compensation": [[], [], [], ["y5"], []],
        "achievement": [[], [], [], [], ["y10"]],
    }
    assert [i.id for i in table.undated] == ["undated"]


@pytest.mark.parametrize("scores, expected", [
    ((5, 5, 4, 3, 3), (20, 25, "strong", False)),
    ((4, 4, 4, 4, 3), (19, 25, "partial", False)),
    ((3, 3, 3, 3, 3), (15, 25, "partial", False)),
    ((3, 3, 3, 3, 2), (14, 25, "misaligned", False)),
    ((4, 4, 4, 4), (16, 20, "strong", True)),
    ((4, 4, 3, 3), (14, 20, "partial", True)),
    ((2,), (2, 5, "misaligned", True)),
])
def test_the_values_reading(scores, expected):
    reading = read_values(tuple(Value(f"v{n}", score) for n, score in enumerate(scores)))
    assert (reading.score, reading.maximum, reading.reading, reading.scaled) == expected


def test_no_values_have_no_reading():
    assert read_values(()) is None


def test_an_indicator_is_the_latest_review_value_from_metrics_or_ratings(minimal_site):
    site = minimal_site({
        ROOT: WHOLE_ROOT,
        "content/reviews/2026-11-03-monthly.md": review("2026-11-03", "metrics: {skill_hours: 4}\n"
                                                                      "ratings: {role_satisfaction: 6}\n"),
        REVIEW: review("2026-11-05", "metrics: {skill_hours: 9}\n"),
    })
    rows = {i.metric.name: i for i in indicators(load_project(site, dt.date.fromisoformat(TODAY)).roadmap)}
    hours, satisfaction = rows["skill_hours"], rows["role_satisfaction"]
    assert (hours.latest, hours.latest_date, hours.latest_in) == (9, dt.date(2026, 11, 5), REVIEW)
    assert [value for _, value in hours.history] == [4, 9]
    assert (satisfaction.latest, satisfaction.latest_date) == (6, dt.date(2026, 11, 3))


@pytest.mark.parametrize("levels, person, metric", [
    ("", "public", "public"),
    ("  default: mentors\n", "mentors", "mentors"),
    ("  default: mentors\n  people: public\n  metrics: public\n", "public", "public"),
    ("  default: private\n", "private", "private"),
    ("  people: private\n", "private", "public"),
])
def test_people_and_metrics_are_entries_of_their_blocks(minimal_site, levels, person, metric):
    text = root_with("people:\n  - id: pat\n    name: Pat\n    role: peer\n    visibility: public\n"
                     "metrics:\n  - name: hours\n    kind: leading\n    visibility: public\n"
                     + (f"visibility:\n{levels}" if levels else ""))
    roadmap = load_project(minimal_site({ROOT: text}), dt.date.fromisoformat(TODAY)).roadmap
    assert (roadmap.people[0].visibility, roadmap.root.metrics[0].visibility) == (person, metric)


@pytest.mark.parametrize("levels, expected", [
    ("", ("private", "private", "public")),
    ("  default: mentors\n", ("private", "private", "mentors")),
    ("  vision.financial: mentors\n  budgets: public\n", ("mentors", "public", "public")),
])
def test_money_is_private_unless_the_root_says_otherwise(minimal_site, levels, expected):
    text = WHOLE_ROOT.replace("---\n\nThe", (f"visibility:\n{levels}" if levels else "") + "---\n\nThe")
    root = load_project(minimal_site({ROOT: text}), dt.date.fromisoformat(TODAY)).roadmap.root
    assert (root.block_level("vision.financial"), root.block_level("budgets"),
            root.block_level("vision.impact")) == expected
