"""The worksheet's parts on the site (format 1.1 section 11), built for real
and read as HTML in both built-in themes: the skills map's levels, the
milestones table's cells, the values reading, the advisory board's last and
next meetings, the indicators against their targets, the charts' target
lines, rewards once an item is done, the pages linked only when they have
content, and the vision's financial part and the budgets in no byte of the
public and mentors editions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_helpers import AUDIENCES, html_files, run_build, write_files

TODAY = "2026-11-23"
THEMES = ("default", "one-pager")
ROOT = """\
---
kind: roadmap
title: Ana's roadmap
owner: Ana Costa
as_of: 2026-11-01
target:
  role: Staff Engineer
  by: 2027-10-30
vision:
  statement: In 2036 I lead the architecture of a payments platform.
  achievement:
    role: Principal engineer
    team_size: 200 engineers
  financial:
    target_compensation: CANARY-VISION-FINANCIAL
  impact: Money movement **nobody** has to think about.
  lifestyle: A four-day week from 2032.
values:
  - {name: Craft, score: 5}
  - {name: Teaching, score: 4}
  - {name: Autonomy, score: 3}
  - {name: Security, score: 3}
  - {name: Family, score: 3}
people:
  - id: priya
    name: Priya Raman
    role: partner
    cadence: 30
    since: 2026-09-01
    visibility: public
  - id: sven
    name: Sven Aalders
    role: mentor
    cadence: 20
    since: 2026-10-01
    visibility: public
  - id: felix
    name: Felix Brandt
    role: manager
    visibility: public
metrics:
  - name: skill_hours
    title: Skill development hours
    kind: leading
    target: 12
    unit: hours a month
  - name: goal_progress
    kind: progress
    target: 100
    unit: "%"
  - name: role_satisfaction
    kind: outcome
    target: 8
  - name: talks
    kind: leading
budgets:
  time: {strategic_work: 2.5}
  money: {learning: 4321}
  currency: EUR
  energy: {high: CANARY-BUDGET-ENERGY}
industry:
  now: Payments platforms are consolidating.
  10-years: Logistics and payments merge.
quick_reference:
  indicators:
    - Leading: 12 hours of skill work a month
  protocols:
    - Career crisis plan: call Priya the same day
    - A protocol without a label
visibility:
  target: public
  vision: public
  values: public
  people: public
  metrics: public
  industry: public
  quick_reference: public
---
Intro.
"""
PLANS = {
    "content/next-30-days.md": """\
---
kind: plan
horizon: 30-days
items:
  - id: first-step
    title: First step
    due: 2026-11-20
    serves: year-goal
    closes: skill-design
    dimension: skills
    status: done
    reward: A dinner at Rijks
  - id: second-step
    title: Second step
    due: 2026-11-25
    serves: year-goal
    dimension: network
    reward: New headphones
---
""",
    "content/year-1.md": """\
---
kind: plan
horizon: year
items:
  - id: year-goal
    title: Year goal
    due: 2027-09-30
    serves: y2-goal
    dimension: role
    closes: skill-speaking
---
""",
    "content/years-2-3.md": """\
---
kind: plan
horizon: 3-years
items:
  - id: y2-goal
    title: Year two milestone
    due: 2028-06-30
    serves: y3-goal
    dimension: achievement
  - id: y3-goal
    title: Year three milestone
    due: 2029-11-01
    serves: y5-goal
    dimension: role
---
""",
    "content/vision.md": """\
---
kind: plan
horizon: 10-years
items:
  - id: y5-goal
    title: Year five milestone
    due: 2029-11-02
    serves: y10-goal
    dimension: network
  - id: y10-goal
    title: Principal engineer
    due: 2036-06-30
    dimension: role
  - id: someday
    title: Someday milestone
    dimension: compensation
---
""",
    "content/skills.md": """\
---
kind: skills
title: Skills map
items:
  - id: skill-design
    title: System design
    group: technical
    now: 3
    targets: {year: 4, 10-years: 5}
  - id: skill-speaking
    title: Public speaking
    group: leadership
    now: 1
    targets: {year: 2, 3-years: 3}
---
""",
    "content/reviews/2026-10-15-monthly.md": """\
---
kind: review
date: 2026-10-15
type: monthly
title: October check-in
ratings: {role_satisfaction: 6}
metrics: {skill_hours: 4, goal_progress: 10}
met: [priya, sven]
---
""",
    "content/reviews/2026-11-15-monthly.md": """\
---
kind: review
date: 2026-11-15
type: monthly
title: November check-in
ratings: {role_satisfaction: 7}
metrics: {skill_hours: 9, goal_progress: 20}
progress: {first-step: done}
met: [priya]
---
""",
}
SITE = {"content/index.md": ROOT, **PLANS}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """{(theme, audience): output folder}."""
    site = write_files(tmp_path_factory.mktemp("worksheet") / "site", SITE)
    outputs = {}
    for theme in THEMES:
        for audience in AUDIENCES:
            out = site.parent / f"out-{theme}-{audience}"
            result = run_build(site, "--out", out, "--theme", theme, "--audience", audience, "--today", TODAY)
            assert result.code == 0, result.err
            outputs[theme, audience] = out
    return outputs


@pytest.fixture(scope="module")
def pages(built):
    return {key: html_files(out) for key, out in built.items()}


def test_the_site_checks_with_only_the_warnings_it_is_meant_to_raise(tmp_path, check_json):
    site = write_files(tmp_path, SITE)
    code, report = check_json(site, today=TODAY)
    assert code == 0
    # Sven's cadence of 20 days ran out on 4 Nov; the undated milestone has nothing serving it.
    assert sorted(f["code"] for f in report["findings"]) == ["contact-overdue", "no-next-step"]


# -- the skills map ---------------------------------------------------------------


def _levels(cell) -> tuple[int, str]:
    """(filled dots, the number a reader hears) of a level in a cell."""
    dots = cell.find(cls="level-dots")
    return len(dots.find_all(cls="is-on")), cell.find(cls="level-value").text()


def test_the_skills_map_shows_each_level_now_and_per_horizon(pages):
    doc = pages["default", "public"]["skills.html"]
    table = doc.find("table", cls="skills-map")
    heads = [th.text() for th in table.find("thead").find_all("th")]
    assert heads == ["Skill", "Now", "Year one", "Years 2–3", "10-year vision"]  # the horizons with a target
    rows = {tr.find("th").text(): tr.find_all("td") for tr in table.find_all("tr") if tr.find("td")}
    design = rows["System design"]
    assert [_levels(td) if td.find(cls="level-dots") else None for td in design] == \
        [(3, "3 of 5"), (4, "4 of 5"), None, (5, "5 of 5")]
    assert design[2].text() == "· no target"
    speaking = rows["Public speaking"]
    assert [_levels(td)[1] for td in speaking[:3]] == ["1 of 5", "2 of 5", "3 of 5"]
    # Grouped, and each skill has its entry: what builds it.
    assert [th.text() for th in table.find_all("th", scope="rowgroup")] == ["Technical", "Leadership"]
    entry = doc.by_id("skill-design")
    assert "Built by First step" in entry.text()


def test_the_level_dots_are_not_told_apart_by_colour_alone(built, pages):
    """A filled dot and a hollow one differ in fill, not only in colour, and the
    level is written out; screen readers hear the words, not the dots."""
    doc = pages["default", "private"]["skills.html"]
    cell = doc.find("td", cls="is-now")
    assert cell.find(cls="level-dots").attrs.get("aria-hidden") == "true"
    assert cell.find(cls="visually-hidden").text() == "of 5"
    [css] = (built["default", "private"] / "assets").glob("style.*.css")
    rules = dict(re.findall(r"^(\.dot(?:\.is-on)?) \{([^}]*)\}", css.read_text("utf-8"), re.M))
    assert "border: 1.5px solid currentColor" in rules[".dot"] and "background" not in rules[".dot"]
    assert "background: currentColor" in rules[".dot.is-on"]


# -- milestones by dimension --------------------------------------------------------


def test_the_milestones_table_places_each_item_by_dimension_and_year(pages):
    doc = pages["default", "public"]["milestones.html"]
    table = doc.find("table", cls="milestones")
    years = [th.text() for th in table.find("thead").find_all("th")][1:]
    assert years == ["Year 1 to Nov 2027", "Year 2 to Nov 2028", "Year 3 to Nov 2029",
                     "Year 5 to Nov 2031", "Year 10 to Nov 2036"]
    cells = {tr.find("th").text(): [td.text() for td in tr.find_all("td")]
             for tr in table.find("tbody").find_all("tr")}
    assert list(cells) == ["Role advancement", "Skill development", "Network expansion", "Compensation growth",
                           "Key achievements"]
    assert cells["Role advancement"] == ["Year goal", "· none", "Year three milestone", "· none",
                                         "Principal engineer"]
    assert cells["Skill development"][0] == "First step done"
    # Due on the day year 3 ends: year 3; the day after: year 5.
    assert cells["Network expansion"] == ["Second step", "· none", "· none", "Year five milestone", "· none"]
    assert cells["Key achievements"][1] == "Year two milestone"
    assert "Someday milestone (compensation)" in doc.text()  # undated: on no year


# -- the overview -----------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_the_values_score_is_read_as_the_worksheet_reads_it(pages, theme):
    text = pages[theme, "public"]["index.html"].text()
    # The one-pager's figure is short: the reading's word.
    reading = "18 / 25 · partial alignment" if theme == "default" else "18/25 · partial"
    assert reading in text, text[:600]


def test_fewer_values_say_the_reading_is_scaled(tmp_path):
    root = ROOT.replace("  - {name: Security, score: 3}\n  - {name: Family, score: 3}\n", "")
    site = write_files(tmp_path / "site", {**SITE, "content/index.md": root})
    out = tmp_path / "out"
    assert run_build(site, "--out", out, "--today", TODAY).code == 0
    text = html_files(out)["index.html"].text()
    assert "12 / 15 · strong alignment" in text and "scaled to 3" in text


@pytest.mark.parametrize("theme", THEMES)
def test_the_vision_shows_its_parts(built, pages, theme):
    text = pages[theme, "public"]["index.html"].text()
    for words in ("In 2036 I lead the architecture of a payments platform.", "Professional achievement",
                  "Role: Principal engineer",
                  "Team size", "Impact and legacy", "Lifestyle design", "A four-day week from 2032."):
        assert words in text, words
    assert "Financial goals" not in text  # private unless the root says otherwise
    html = (built[theme, "public"] / "index.html").read_text("utf-8")
    assert "Money movement <strong>nobody</strong> has to think about." in html  # a part in Markdown


def test_the_advisory_board_says_who_was_last_met_and_who_is_overdue(pages):
    doc = pages["default", "public"]["people.html"]
    priya, sven, felix = (doc.by_id(i) for i in ("priya", "sven", "felix"))
    assert "Last met 15 Nov 2026" in priya.text() and "Next due 15 Dec 2026" in priya.text()
    assert "overdue" not in priya.text() and "is-overdue" not in priya.attrs["class"]
    # Met on 15 Oct, every 20 days at most: due 4 Nov, overdue on 23 Nov.
    assert "Last met 15 Oct 2026" in sven.text() and "Next due 4 Nov 2026 overdue" in sven.text()
    assert "is-overdue" in sven.attrs["class"]
    assert "Last met not yet" in felix.text() and "no rhythm set" in felix.text()
    # The date of the last meeting links to the review that records it.
    assert priya.find("a").attrs["href"] == "reviews/2026-11-15-monthly.html"
    # On the overview, both themes mark the overdue one.
    for theme in THEMES:
        overview = pages[theme, "public"]["index.html"]
        overdue = [node.text() for node in overview.find_all(cls="is-overdue")]
        assert any("Sven Aalders" in text and "overdue" in text for text in overdue), (theme, overdue)
        assert not any("Priya Raman" in text for text in overdue), theme


def test_the_review_page_names_the_people_met(pages):
    doc = pages["default", "public"]["reviews/2026-10-15-monthly.html"]
    met = doc.find(cls="met")
    assert met.text() == "Met: Priya Raman , Sven Aalders"
    assert [a.attrs["href"] for a in met.find_all("a")] == ["../people.html#priya", "../people.html#sven"]


@pytest.mark.parametrize("theme", THEMES)
def test_each_indicator_shows_its_latest_value_against_its_target(pages, theme):
    doc = pages[theme, "public"]["index.html"]
    rows = {tr.find("th").text(): [td.text() for td in tr.find_all("td")]
            for tr in doc.find("section", **{"aria-labelledby": "indicators_heading"}).find("tbody").find_all("tr")
            if tr.find("th")}
    assert list(rows) == ["Skill development hours", "Goal progress", "Role satisfaction", "Talks"]
    hours, progress, satisfaction, talks = rows.values()
    assert hours[:3] == ["leading", "9 hours a month 15 Nov 2026", "12 hours a month"] if theme == "default" \
        else hours == ["leading", "9 hours a month", "12 hours a month"]
    assert progress[0] == "progress" and progress[1].startswith("20%") and progress[2] == "100%"
    assert satisfaction[0] == "outcome" and satisfaction[1].startswith("7")  # a rating counts as its value
    assert talks[1] in ("no review yet", "–") and talks[2] in ("none set", "–")
    if theme == "default":
        assert hours[3] == "75% of the target" and progress[3] == "20% of the target" and talks[3] == "–"


def test_the_review_charts_draw_each_metrics_target(pages):
    doc = pages["default", "public"]["reviews.html"]
    figures = {fig.find("figcaption").text(): fig for fig in doc.find_all("figure")}
    hours = next(fig for caption, fig in figures.items() if caption.startswith("Skill development hours"))
    assert "leading" in hours.find("figcaption").text() and "target 12, dashed" in hours.find("figcaption").text()
    line = hours.find("line", cls="chart-target")
    assert line.attrs["stroke-dasharray"]
    # The axis reaches the target (a round 20): 12 sits at 60% of the plot's height above its floor.
    top, bottom = 12, 140 - 30
    assert abs(float(line.attrs["y1"]) - (bottom - 0.6 * (bottom - top))) < 0.11
    assert "target 12" in hours.find("text", cls="chart-target-label").text()
    assert "; target 12" in hours.find("desc").text()
    talks = [caption for caption in figures if caption.startswith("Talks")]
    assert not talks  # no review records it: no chart
    satisfaction = next(fig for caption, fig in figures.items() if caption.startswith("Role satisfaction"))
    assert satisfaction.find("line", cls="chart-target") is not None  # a rating's target too


@pytest.mark.parametrize("theme", THEMES)
def test_a_reward_shows_once_its_item_is_done(pages, theme):
    docs = pages[theme, "public"]
    for page in ("index.html", "30-days.html"):
        text = docs[page].text()
        if page == "30-days.html" or theme == "default":
            assert "Celebrate: A dinner at Rijks" in text, (theme, page)
        assert "New headphones" not in text, (theme, page)  # planned, not done: no reward yet


@pytest.mark.parametrize("theme", THEMES)
def test_the_quick_reference_and_budgets(pages, theme):
    public, private = pages[theme, "public"]["index.html"].text(), pages[theme, "private"]["index.html"].text()
    for words in ("Key success indicators", "Leading: 12 hours of skill work a month", "Emergency protocols",
                  "Career crisis plan: call Priya the same day", "A protocol without a label"):
        assert words in public, words
    assert "Budgets" not in public and "Budgets" in private
    assert "EUR 4,321" in private and "2.5 h" in private


def test_the_industry_page(pages):
    doc = pages["default", "public"]["industry.html"]
    assert [h.text() for h in doc.find_all("h2")] == ["The industry now", "In ten years"]
    assert "Payments platforms are consolidating." in doc.text()


# -- navigation and audiences ------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_each_new_page_is_linked_from_the_navigation(pages, theme):
    nav = [a.text() for a in pages[theme, "public"]["index.html"].find("nav", cls="site-nav").find_all("a")]
    assert nav[7:] == ["Milestones", "Skills", "Industry", "People", "Reviews"]


def test_pages_without_content_are_neither_written_nor_linked(tmp_path):
    """People are for mentors unless they say otherwise: the public edition of a
    board left at its default has no board; a site without skills, industry or
    dimensions has none of their pages."""
    industry = "industry:\n  now: Payments platforms are consolidating.\n  10-years: Logistics and payments merge.\n"
    root = ROOT.replace("    visibility: public\n", "").replace(industry, "")
    plans = {path: re.sub(r"    dimension: \w+\n", "", text) for path, text in PLANS.items()}
    plans.pop("content/skills.md")
    plans = {path: re.sub(r"    closes: skill-\w+\n", "", text) for path, text in plans.items()}
    site = write_files(tmp_path / "site", {"content/index.md": root, **plans})
    out = tmp_path / "out"
    assert run_build(site, "--out", out, "--today", TODAY).code == 0
    docs = html_files(out)
    for page in ("people.html", "skills.html", "industry.html", "milestones.html"):
        assert page not in docs, page
        assert not any(page in doc.urls() for doc in docs.values()), page
    assert "people.html" in html_files(_build(site, tmp_path / "mentors", "mentors"))


def _build(site: Path, out: Path, audience: str) -> Path:
    assert run_build(site, "--out", out, "--audience", audience, "--today", TODAY).code == 0
    return out


@pytest.mark.parametrize("theme", THEMES)
def test_the_vision_financial_part_and_the_budgets_reach_no_other_edition(built, theme):
    canaries = (b"CANARY-VISION-FINANCIAL", b"CANARY-BUDGET-ENERGY", b"4321", b"4,321", b"Financial goals")
    for audience in AUDIENCES:
        found = {canary for path in built[theme, audience].rglob("*") if path.is_file()
                 for canary in canaries if canary in path.read_bytes()}
        if audience == "private":
            assert found == set(canaries), found  # so that the scan can fail
        else:
            assert not found, (theme, audience, found)


@pytest.mark.parametrize("theme", THEMES)
def test_a_vision_part_written_as_a_list_shows_each_line(tmp_path, theme):
    root = ROOT.replace("  lifestyle: A four-day week from 2032.\n",
                        "  lifestyle:\n    - A four-day week from 2032\n    - Travel: six trips a year at most\n")
    site = write_files(tmp_path / "site", {**SITE, "content/index.md": root})
    out = tmp_path / "out"
    assert run_build(site, "--out", out, "--theme", theme, "--today", TODAY).code == 0
    text = html_files(out)["index.html"].text()
    assert "A four-day week from 2032" in text and "Travel: six trips a year at most" in text
    assert ": A four-day week" not in text  # a line without a label gets no empty one
