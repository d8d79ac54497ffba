"""The review loop on the site (format 1.1 section 9): the history page of
archived items, the assumptions page, "done this month" on the overview and
the timeline's earlier part, in both built-in themes and for each audience.
Each test writes a small site, builds it with the CLI and reads the HTML."""

from __future__ import annotations

import pytest

from build_helpers import html_files, resolve_url
from support import MINIMAL_30_DAYS, MINIMAL_YEAR

AS_OF = "2026-11-01"  # the minimal site's
TODAY = "2026-11-25"  # "done this month" is 2026-10-27 to 2026-11-25
ARCHIVE = "content/archive/2026.md"
GAPS = """\
---
kind: gaps
items:
  - id: gap-scope
    title: Cross-team scope
    area: scope
    now: One team
    needed: Three teams
---
"""


def review(date: str, type_: str = "monthly", progress: dict | None = None, verdicts: dict | None = None,
           visibility: str = "", title: str = "") -> str:
    lines = ["---", "kind: review", f"date: {date}", f"type: {type_}"]
    lines += [f"title: {title}"] if title else []
    lines += [f"visibility: {visibility}"] if visibility else []
    for field, pairs in (("progress", progress), ("assumptions", verdicts)):
        if pairs:
            lines += [f"{field}:"] + [f"  {key}: {value}" for key, value in pairs.items()]
    return "\n".join(lines + ["---", "", "Notes.", ""])


def archived_item(item_id: str, status: str, due: str = "", horizon: str = "30-days", extra: str = "") -> str:
    text = f"  - id: {item_id}\n    title: {item_id.replace('-', ' ').capitalize()}\n    horizon: {horizon}\n"
    text += f"    status: {status}\n" + (f"    due: {due}\n" if due else "")
    return text + extra


def archive(*items: str, visibility: str = "") -> str:
    head = "---\nkind: archive\ntitle: Archived in 2026\n" + (f"visibility: {visibility}\n" if visibility else "")
    return head + "items:\n" + "".join(items) + "---\n\nWhat the plan was before [[year-goal]].\n"


def build(run_main, site, out, *flags, today: str = TODAY) -> dict:
    result = run_main(["build", site, "--today", today, "--out", out, *flags])
    assert result.code == 0, result.stderr
    return html_files(out)


def words(node) -> str:
    """A node's text as read: the parser's text() puts a space between inline elements, before a comma too."""
    return node.text().replace(" ,", ",")


def nav_paths(doc) -> list[str]:
    return [a.attrs["href"] for a in doc.find("nav", cls="site-nav").find_all("a")]


# -- the history page ------------------------------------------------------------------

HISTORY_SITE = {
    ARCHIVE: archive(
        archived_item("undated-done", "done"),
        archived_item("early-done", "done", "2026-08-01", extra="    closes: gap-scope\n"),
        archived_item("reviewed-done", "done", "2026-10-10", extra="    serves: year-goal\n"),
        archived_item("reviewed-dropped", "dropped", "2026-09-01"),
        archived_item("quarter-done", "done", "2026-09-30", horizon="quarter", extra="    serves: target\n"),
    ),
    "content/gaps.md": GAPS,
    # All before as_of: none moves an effective status, each still says when an item was settled.
    "content/reviews/2026-09-10.md": review("2026-09-10", progress={"reviewed-done": "active"}),
    "content/reviews/2026-10-05.md": review("2026-10-05", progress={"reviewed-done": "done"}),
    "content/reviews/2026-10-20.md": review("2026-10-20", progress={"reviewed-done": "done",
                                                                    "reviewed-dropped": "dropped"}),
}


@pytest.mark.parametrize("theme", ["default", "one-pager"])
def test_the_history_page_lists_archived_items_by_horizon_with_where_each_status_came_from(
        minimal_site, run_main, tmp_path, theme):
    pages = build(run_main, minimal_site(HISTORY_SITE), tmp_path / "out", "--theme", theme)
    history = pages["history.html"]
    assert "history.html" in nav_paths(pages["index.html"])
    groups = history.find_all("section", cls="history-group")
    assert [g.find("h2").text() for g in groups] == ["Next 30 days 4", "Next quarter 1"]
    # The latest settled first: by the review that marked each, else its due date; undated last.
    assert [a.attrs["id"] for a in groups[0].find_all("article")] == [
        "reviewed-dropped", "reviewed-done", "early-done", "undated-done"]
    notes = {a.attrs["id"]: a.find(cls="status-note") for a in history.find_all("article")}
    # The first of the latest run of reviews saying "done" (5 Oct, not the 20 Oct repeat).
    assert notes["reviewed-done"].text() == "· 5 Oct review"
    assert resolve_url("history.html", notes["reviewed-done"].hrefs()[0]) == ("reviews/2026-10-05.html", "")
    assert notes["reviewed-dropped"].text() == "· 20 Oct review"
    assert notes["early-done"] is None and notes["undated-done"] is None  # only the archive says so
    badges = {a.attrs["id"]: a.find(cls="badge").text() for a in history.find_all("article")}
    assert badges["reviewed-dropped"] == "dropped" and badges["quarter-done"] == "done"
    assert history.by_id("early-done").find(cls="meta-due").text() == "due 1 Aug 2026"
    # What each served and the gap it closed, linked to the entries.
    cards = {a.attrs["id"]: a for a in history.find_all("article")}
    assert [resolve_url("history.html", h) for h in cards["reviewed-done"].hrefs()] == [
        ("reviews/2026-10-05.html", ""), ("year.html", "year-goal"), ("year.html", "year-goal"),
        ("index.html", "target")]
    assert ("gaps.html", "gap-scope") in [resolve_url("history.html", h) for h in cards["early-done"].hrefs()]
    # The archive's own words, its [[links]] resolved.
    notes_section = history.find("section", cls="history-notes")
    assert notes_section.find("h2").text() == "Archived in 2026"
    assert ("year.html", "year-goal") in [resolve_url("history.html", h) for h in notes_section.hrefs()]
    assert "4 done and 1 dropped" in history.find(cls="lede").text()


def test_without_an_archive_there_is_no_history(minimal_site, run_main, tmp_path):
    pages = build(run_main, minimal_site(), tmp_path / "out")
    assert "history.html" not in pages
    assert "history.html" not in nav_paths(pages["index.html"])


# -- the assumptions page -------------------------------------------------------------

LATER = """\
---
kind: plan
horizon: 3-years
items:
  - id: staff-seat
    title: Staff seat
    due: 2029-06-30
    assumption: A second staff seat opens
  - id: talks
    title: Conference talks
    assumption: The story interests people outside
  - id: circle
    title: Mentoring circle
    assumption: A staff track exists
  - id: no-assumption
    title: Nothing assumed
---
"""
ASSUMPTIONS_SITE = {
    "content/year-1.md": MINIMAL_YEAR.replace("    serves: target\n",
                                              "    serves: target\n    assumption: Finance keeps the budget\n"),
    "content/later.md": LATER,
    "content/reviews/2026-06-01-annual.md": review("2026-06-01", "annual",
                                                   verdicts={"talks": "holds", "circle": "holds"}),
    "content/reviews/2026-10-15-quarterly.md": review(
        "2026-10-15", "quarterly", title="Q3 review", verdicts={"year-goal": "broken", "staff-seat": "unsure"}),
    # A monthly review does not re-test an assumption.
    "content/reviews/2026-11-10-monthly.md": review("2026-11-10", verdicts={"circle": "broken"}),
    # A quarterly that judges only one: the others keep their verdicts, now older than the last test.
    "content/reviews/2026-11-20-quarterly.md": review("2026-11-20", "quarterly", title="Late Q review",
                                                      verdicts={"circle": "unsure"}),
}


@pytest.mark.parametrize("theme", ["default", "one-pager"])
def test_the_assumptions_page_shows_each_verdict_and_what_was_never_reviewed(minimal_site, run_main, tmp_path,
                                                                               theme):
    pages = build(run_main, minimal_site(ASSUMPTIONS_SITE), tmp_path / "out", "--theme", theme)
    page = pages["assumptions.html"]
    assert "assumptions.html" in nav_paths(pages["30-days.html"])
    # Anchored apart from the item's own card (its id is on its horizon page only).
    entries = {li.attrs["id"].removeprefix("assumption:"): li for li in page.find_all("li", cls="assumption")}
    assert all(li.attrs["id"].startswith("assumption:") for li in entries.values())
    assert list(entries) == ["year-goal", "staff-seat", "talks", "circle"]  # plan order; none for no-assumption

    def verdict(item_id):
        return entries[item_id].find(cls="badge").text(), entries[item_id].attrs["class"].split()[-1]

    assert verdict("year-goal") == ("broken", "verdict-broken")
    assert verdict("staff-seat") == ("unsure", "verdict-unsure")
    assert verdict("talks") == ("holds", "verdict-holds")
    assert verdict("circle") == ("unsure", "verdict-unsure")
    assert entries["year-goal"].find(cls="assumption-text").text() == "Finance keeps the budget"
    notes = {key: words(li.find(cls="status-note")) for key, li in entries.items()}
    assert notes == {"year-goal": "· 15 Oct review, not judged since", "staff-seat": "· 15 Oct review, not judged since",
                     "talks": "· 1 Jun review, not judged since", "circle": "· 20 Nov review"}
    assert resolve_url("assumptions.html", entries["talks"].find(cls="status-note").hrefs()[0]) == (
        "reviews/2026-06-01-annual.html", "")
    assert ("3-years.html", "staff-seat") in [resolve_url("assumptions.html", h) for h in entries["staff-seat"].hrefs()]
    last = page.find("header", cls="page-head").find(cls="window")
    assert "Late Q review" in last.text() and "20 Nov 2026" in last.text()
    assert [h.text() for h in page.find_all("h2")] == ["Year one 1", "Years 2–3 3"]
    # The overview links to it and names what is broken.
    index = pages["index.html"]
    main = index.find("main")
    assert ("assumptions.html", "") in [resolve_url("index.html", h) for h in main.hrefs()]
    if theme == "default":
        summary = index.find("section", cls="assumptions-summary")
        assert [resolve_url("index.html", h) for h in summary.find(cls="broken-list").hrefs()] == [
            ("assumptions.html", "assumption:year-goal")]
        assert summary.find(cls="verdict-counts").text() == "broken 1 unsure 2 holds 1"
    else:
        assert "1 broken of 4" in index.find(cls="op-figures").text()


def test_an_assumption_no_testing_review_judged_is_not_yet_reviewed(minimal_site, run_main, tmp_path):
    site = minimal_site({**ASSUMPTIONS_SITE, "content/reviews/2026-06-01-annual.md": None,
                         "content/reviews/2026-10-15-quarterly.md": None, "content/reviews/2026-11-20-quarterly.md": None})
    page = build(run_main, site, tmp_path / "out")["assumptions.html"]
    for li in page.find_all("li", cls="assumption"):
        assert li.find(cls="badge").text() == "not yet reviewed" and "verdict-unreviewed" in li.attrs["class"]
        assert li.find(cls="status-note") is None
    assert "No quarterly, annual or replan review has tested them yet." in page.text()


def test_without_an_assumption_there_is_no_assumptions_page(minimal_site, run_main, tmp_path):
    pages = build(run_main, minimal_site(), tmp_path / "out")
    assert "assumptions.html" not in pages and "assumptions.html" not in nav_paths(pages["index.html"])
    assert pages["index.html"].find(cls="assumptions-summary") is None


# -- done this month -----------------------------------------------------------------------

DONE_30 = """\
---
kind: plan
horizon: 30-days
items:
  - id: first-step
    title: First step
    due: 2026-11-20
    serves: year-goal
  - id: first-day
    title: Done on the window's first day
    status: done
    due: 2026-10-27
    serves: year-goal
  - id: day-before
    title: Done the day before the window
    status: done
    due: 2026-10-26
    serves: year-goal
  - id: due-tomorrow
    title: Done early, due tomorrow
    status: done
    due: 2026-11-26
    serves: year-goal
  - id: no-date
    title: Done without a date
    status: done
    serves: year-goal
  - id: repeated
    title: Marked done in October and again in November
    due: 2026-11-30
    serves: year-goal
  - id: undone
    title: Marked done, then active again
    due: 2026-11-30
    serves: year-goal
  - id: dropped-now
    title: Dropped this month
    due: 2026-11-30
    serves: year-goal
---
"""
DONE_SITE = {
    "content/next-30-days.md": DONE_30,
    ARCHIVE: archive(archived_item("archived-in-window", "done", "2026-09-30"),
                     archived_item("archived-long-ago", "done", "2026-06-30")),
    "content/reviews/2026-10-10.md": review("2026-10-10", progress={"repeated": "done"}),
    "content/reviews/2026-10-28.md": review("2026-10-28", progress={"archived-in-window": "done"}),
    "content/reviews/2026-11-12.md": review("2026-11-12", progress={"undone": "done"}),
    "content/reviews/2026-11-20.md": review("2026-11-20", progress={
        "first-step": "done", "repeated": "done", "undone": "active", "dropped-now": "dropped"}),
    "content/reviews/2026-11-30.md": review("2026-11-30", progress={"dropped-now": "done"}),  # after today
}


@pytest.mark.parametrize("theme", ["default", "one-pager"])
def test_done_this_month_is_exactly_what_was_finished_in_the_30_days_to_today(minimal_site, run_main, tmp_path,
                                                                              theme):
    pages = build(run_main, minimal_site(DONE_SITE), tmp_path / "out", "--theme", theme)
    index = pages["index.html"]
    expected = [  # newest first: (id, page, when)
        ("first-step", "30-days.html", "20 Nov review"),
        ("archived-in-window", "history.html", "28 Oct review"),  # a review before as_of settled it
        ("first-day", "30-days.html", "27 Oct"),  # its file says done: its due date stands in
    ]
    if theme == "default":
        section = index.find("section", cls="done-month")
        assert [t.attrs["datetime"] for t in section.find(cls="window").find_all("time")] == ["2026-10-27", TODAY]
        rows = section.find("ul", cls="done-list").find_all("li")
        assert [resolve_url("index.html", li.find("a").attrs["href"]) for li in rows] == [
            (page, item_id) for item_id, page, _ in expected]
        hows = [words(li.find(cls="done-how")) for li in rows]
        assert hows == ["· 20 Nov review", "· 28 Oct review, archived", "· due 27 Oct"]
        assert resolve_url("index.html", rows[0].find(cls="done-how").hrefs()[0]) == ("reviews/2026-11-20.html", "")
    else:
        done = index.find(cls="op-done")
        assert done.find(cls="op-tag").text() == "Done this month, since 27 Oct :"
        assert [resolve_url("index.html", h) for h in done.hrefs()] == [(p, i) for i, p, _ in expected]
        assert [w.text() for w in done.find_all(cls="op-when")] == ["20 Nov", "28 Oct", "27 Oct"]


def test_nothing_done_in_the_window_says_so(minimal_site, run_main, tmp_path):
    section = build(run_main, minimal_site(), tmp_path / "out")["index.html"].find("section", cls="done-month")
    assert section.find("ul") is None and "Nothing marked done in the last 30 days." in section.text()


# -- the timeline's earlier part -------------------------------------------------------------------

def test_the_timeline_draws_archived_items_before_as_of(minimal_site, run_main, tmp_path):
    pages = build(run_main, minimal_site(HISTORY_SITE), tmp_path / "out")
    page = pages["timeline.html"]
    svg = page.find("svg", cls="timeline")
    past = svg.find("rect", cls="tl-band-past")
    assert past.attrs["data-horizon"] == "past" and past.attrs["fill"] == "url(#timeline-past)"
    assert svg.find("pattern", id="timeline-past") is not None
    assert "Done before 1 Nov" in [t.text() for t in svg.find_all("text", cls="tl-band-title")]
    marks = {a.attrs["data-item"]: a for a in svg.find_all("a") if "data-item" in a.attrs}
    archived = {k for k, a in marks.items() if "tl-archived" in a.attrs["class"].split()}
    # Every dated archived item, in the lane before the horizons; an undated one has no place in time.
    assert archived == {"early-done", "reviewed-done", "reviewed-dropped", "quarter-done"}
    assert resolve_url("timeline.html", marks["early-done"].attrs["href"]) == ("history.html", "early-done")
    assert "Next 30 days, archived" in marks["early-done"].attrs["aria-label"]
    lanes = [t.text() for t in svg.find_all("text", cls="tl-lane-title")]
    assert lanes[:2] == ["Archived", "Next 30 days"]
    # Drawn before as_of: left of where the next 30 days start.
    band_30 = svg.find("rect", **{"data-horizon": "30-days"})
    left_of = float(band_30.attrs["x"])
    for item_id in archived:
        shape = marks[item_id].find("circle") or marks[item_id].find("rect")
        x = float(shape.attrs.get("cx") or shape.attrs["x"])
        assert x < left_of, item_id
    assert float(past.attrs["x"]) < left_of
    table = {tr.find("th").text(): tr for tr in page.find("table", cls="timeline-table").find("tbody").find_all("tr")}
    assert table["Early done"].find_all("td")[0].text() == "Next 30 days, archived"
    assert "archived" in [t.text() for t in svg.find_all("text", cls="tl-legend-label")]


def test_without_an_archive_the_timeline_has_no_past(minimal_site, run_main, tmp_path):
    page = build(run_main, minimal_site(), tmp_path / "out")["timeline.html"]
    svg = page.find("svg", cls="timeline")
    assert svg.find("pattern") is None and svg.find(cls="tl-band-past") is None and svg.find(cls="tl-archived") is None
    assert [t.text() for t in svg.find_all("text", cls="tl-lane-title")][0] == "Next 30 days"
    assert "archived" not in [t.text() for t in svg.find_all("text", cls="tl-legend-label")]


# -- audiences ---------------------------------------------------------------------------------

def test_the_public_edition_shows_no_private_archived_item_nor_a_hidden_verdict(minimal_site, run_main, tmp_path):
    site = minimal_site({
        **ASSUMPTIONS_SITE,
        ARCHIVE: archive(archived_item("shared-win", "done", "2026-11-02"),
                         archived_item("secret-win", "done", "2026-11-03", extra="    visibility: private\n")),
        "content/archive/private.md": archive(archived_item("secret-file-win", "done", "2026-11-04"),
                                              visibility="private").replace("Archived in 2026", "Secret archive"),
        # A hidden quarterly review: its verdict and its progress must not show.
        "content/reviews/2026-11-24-quarterly.md": review("2026-11-24", "quarterly", visibility="mentors",
                                                          progress={"first-step": "done"},
                                                          verdicts={"talks": "broken"}),
    })
    public = build(run_main, site, tmp_path / "public")
    private = build(run_main, site, tmp_path / "private", "--audience", "private")
    # The owner sees everything...
    assert {"secret-win", "secret-file-win", "shared-win"} <= {a.attrs["id"] for a in
                                                               private["history.html"].find_all("article")}
    assert private["assumptions.html"].by_id("assumption:talks").find(cls="badge").text() == "broken"
    assert "Secret archive" in private["history.html"].text()
    done_private = [li.find("a").text() for li in private["index.html"].find("ul", cls="done-list").find_all("li")]
    assert "Secret win" in done_private and "First step" in done_private
    # ...the public nothing of it: no card, no mark, no "done this month", no verdict, no date.
    for name, doc in public.items():
        text = doc.text().lower()
        assert "secret" not in text, name
        assert not [a for a in doc.find_all("a") if "secret" in a.attrs.get("href", "")], name
    assert [a.attrs["id"] for a in public["history.html"].find_all("article")] == ["shared-win"]
    talks = public["assumptions.html"].by_id("assumption:talks")
    assert talks.find(cls="badge").text() == "holds" and "1 Jun review" in talks.text()
    assert "Late Q review" in public["assumptions.html"].find(cls="window").text()  # not the hidden later one
    done_public = [li.find("a").text() for li in public["index.html"].find("ul", cls="done-list").find_all("li")]
    assert done_public == ["Shared win"]
