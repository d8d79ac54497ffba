"""The example roadmap (content/) built for each audience: every page shows
its real content, and every link and anchor in every page resolves.

The example's front matter, read here with PyYAML, is the oracle: which
items exist, on which horizon, what they serve and who may see them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from build_helpers import (
    AUDIENCES, EXAMPLE_TODAY, as_list, copy_example, example_documents, example_entries, html_files,
    parse_html, resolve_url, run_build, visible,
)

HORIZON_PAGE = {"30-days": "30-days.html", "quarter": "quarter.html", "year": "year.html",
                "3-years": "3-years.html", "10-years": "10-years.html"}
KIND_PAGE = {"gap": "gaps.html", "skill": "skills.html", "path": "paths.html", "risk": "risks.html",
             "person": "people.html"}
ENTRIES = example_entries()
DOCUMENTS = example_documents()
ROOT = next(meta for meta in DOCUMENTS.values() if meta.get("kind") == "roadmap")


def page_of(entry_id: str) -> str:
    entry = ENTRIES[entry_id]
    return HORIZON_PAGE[entry.horizon] if entry.kind == "item" else KIND_PAGE[entry.kind]


def words(text: str) -> str:
    return " ".join(str(text).split())


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The example built once per audience: {audience: output folder}."""
    site = copy_example(tmp_path_factory.mktemp("example") / "site")
    outputs = {}
    for audience in AUDIENCES:
        out = site.parent / f"out-{audience}"
        result = run_build(site, "--out", out, "--audience", audience, "--today", EXAMPLE_TODAY)
        assert result.code == 0, result.err
        assert "Traceback" not in result.err and "internal error" not in result.err
        assert f"for the {audience} audience" in result.out
        outputs[audience] = out
    return outputs


@pytest.fixture(scope="module")
def pages(built) -> dict[str, dict]:
    """{audience: {page path: parsed Doc}}"""
    return {audience: html_files(out) for audience, out in built.items()}


def visible_entries(audience: str, kind: str | None = None):
    return [e for e in ENTRIES.values() if visible(e.level, audience) and (kind is None or e.kind == kind)]


# -- 1. every page shows its real content -------------------------------------

@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_site_has_every_page(built, audience):
    out = built[audience]
    expected = {"index.html", "404.html", "gaps.html", "paths.html", "risks.html", "reviews.html",
                *HORIZON_PAGE.values()}
    assert expected <= {p.name for p in out.glob("*.html")}
    css = list((out / "assets").glob("style.*.css"))
    assert len(css) == 1 and css[0].stat().st_size > 1000
    not_found = parse_html((out / "404.html").read_text("utf-8"))
    assert "index.html" in not_found.root.find("main").hrefs()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_item_is_on_its_horizon_page_under_its_id(pages, audience):
    items = visible_entries(audience, "item")
    assert len(items) > 20
    for entry in items:
        doc = pages[audience][HORIZON_PAGE[entry.horizon]]
        element = doc.by_id(entry.id)
        assert element is not None, f"{entry.id} has no element on {HORIZON_PAGE[entry.horizon]}"
        assert words(entry.title) in element.text()
        for other, other_doc in pages[audience].items():
            if other != HORIZON_PAGE[entry.horizon]:
                assert other_doc.by_id(entry.id) is None, f"{entry.id} also has an element on {other}"


@pytest.mark.parametrize("kind", ["gap", "path", "risk"])
def test_gaps_paths_and_risks_have_an_element_each(pages, kind):
    for entry in visible_entries("private", kind):
        element = pages["private"][KIND_PAGE[kind]].by_id(entry.id)
        assert element is not None and words(entry.title) in element.text(), entry.id


@pytest.mark.parametrize("audience", AUDIENCES)
def test_overview_lists_the_30_day_items_with_their_due_dates(pages, audience):
    index = pages[audience]["index.html"]
    actions = index.find("ol", cls="actions")
    assert actions is not None
    rows = actions.find_all("li")
    month = [e for e in visible_entries(audience, "item") if e.horizon == "30-days"]
    assert len(rows) == len(month) >= 4
    for entry in month:
        row = next((li for li in rows if f"30-days.html#{entry.id}" in li.hrefs()), None)
        assert row is not None, f"{entry.id} is not on the overview"
        assert words(entry.title) in row.text()
        due = entry.data["due"]
        assert row.find("time", datetime=due.isoformat()) is not None
        assert f"{due.day} {due:%b}" in row.text()
    dues = [li.find("time").attrs["datetime"] for li in rows]
    assert dues == sorted(dues), "the next 30 days are in due-date order"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_overview_names_the_target_role(pages, audience):
    heading = pages[audience]["index.html"].by_id("target_heading")
    assert heading.tag == "h1"
    assert ROOT["target"]["role"] in heading.text() and ROOT["target"]["level"] in heading.text()
    for company in ROOT["target"]["companies"]:
        assert company in pages[audience]["index.html"].text()


def test_overview_scores_values_out_of_25_for_mentors_only(pages):
    values = ROOT["values"]
    score, most = sum(v["score"] for v in values), 5 * len(values)
    assert most == 25
    for audience in ("mentors", "private"):
        section = pages[audience]["index.html"].by_id("values_heading").parent
        assert re.search(rf"\b{score}\s*/\s*{most}\b", section.text()), section.text()
        for value in values:
            assert value["name"] in section.text()
    public = pages["public"]["index.html"]
    assert public.by_id("values_heading") is None
    assert not re.search(rf"\b{score}\s*/\s*{most}\b", public.text())


@pytest.mark.parametrize("audience", AUDIENCES)
def test_overview_shows_the_next_review_dates(pages, audience):
    covers = {"monthly": ("monthly",), "quarterly": ("quarterly", "monthly"),
              "annual": ("annual", "quarterly", "monthly"), "replan": ("annual", "quarterly", "monthly")}
    reviews = [m for m in DOCUMENTS.values() if m.get("kind") == "review" and visible(m.get("visibility") or "public", audience)]
    table = pages[audience]["index.html"].find("table", cls="rhythm")
    assert table is not None
    for review_type in ("monthly", "quarterly", "annual"):
        last = max((m["date"] for m in reviews if review_type in covers[m["type"]]), default=ROOT["as_of"])
        due = last + dt.timedelta(days=ROOT["cadence"][review_type])
        row = next(tr for tr in table.find_all("tr") if tr.find("th") and tr.find("th").text().lower() == review_type)
        assert long_date(due) in row.text(), (review_type, row.text())


@pytest.mark.parametrize("audience", AUDIENCES)
def test_gaps_page_has_a_matrix_row_per_visible_gap(pages, audience):
    doc = pages[audience]["gaps.html"]
    table = doc.find("table", cls="matrix")
    header = [th.text() for th in table.find("thead").find_all("th")]
    rows = table.find("tbody").find_all("tr")
    gaps = visible_entries(audience, "gap")
    assert len(rows) == len(gaps) >= 5
    for gap in gaps:
        row = next((tr for tr in rows if f"#{gap.id}" in tr.find("th").hrefs()), None)
        assert row is not None and words(gap.title) in row.find("th").text(), gap.id
        cells = row.find_all("td")
        for item in visible_entries(audience, "item"):
            if gap.id in as_list(item.data.get("closes")):
                column = next(i for i, label in enumerate(header[1:]) if item.horizon in _HORIZON_LABEL_KEYS[label])
                assert f"{HORIZON_PAGE[item.horizon]}#{item.id}" in cells[column].hrefs(), (gap.id, item.id)


# The matrix's column headings, by the horizons they stand for.
_HORIZON_LABEL_KEYS = {"Next 30 days": ("30-days",), "Next quarter": ("quarter",), "Year one": ("year",),
                       "Years 2–3": ("3-years",), "10-year vision": ("10-years",)}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_paths_show_their_probabilities_most_likely_first(pages, audience):
    doc = pages[audience]["paths.html"]
    paths = visible_entries(audience, "path")
    assert len(paths) >= 2
    order = []
    for path in paths:
        element = doc.by_id(path.id)
        assert element is not None and words(path.title) in element.text()
        assert re.search(rf"\b{path.data['probability']}%", element.text()), element.text()
        order.append((doc.find_all().index(element), -path.data["probability"]))
    assert [p for _, p in sorted(order)] == sorted(p for _, p in order)
    primary = max(paths, key=lambda p: p.data["probability"])
    assert "primary" in doc.by_id(primary.id).text()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_risks_sit_in_their_probability_and_impact_cell(pages, audience):
    grid = pages[audience]["risks.html"].find("table", cls="risk-grid")
    assert grid is not None
    columns = [th.text().lower() for th in grid.find("thead").find_all("th")]
    rows = {tr.find("th").text().lower().split()[0]: tr.find_all("td") for tr in grid.find("tbody").find_all("tr")}
    assert set(rows) == {"high", "medium", "low"}
    risks = [r for r in visible_entries(audience, "risk") if r.data.get("type", "risk") == "risk"]
    assert len(risks) >= 2
    for risk in risks:
        probability = risk.data["probability"]
        band = "high" if probability >= 67 else "medium" if probability >= 34 else "low"
        column = columns.index(f"{risk.data['impact']} impact") - 1
        cell = rows[band][column]
        assert f"#{risk.id}" in cell.hrefs(), (risk.id, band, risk.data["impact"])
        assert f"{probability}%" in cell.text()
        for other_band, cells in rows.items():
            for index, other in enumerate(cells):
                if (other_band, index) != (band, column):
                    assert f"#{risk.id}" not in other.hrefs()


@pytest.mark.parametrize("audience", AUDIENCES)
def test_review_log_is_newest_first_with_a_page_per_review(built, pages, audience):
    reviews = {rel: m for rel, m in DOCUMENTS.items()
               if m.get("kind") == "review" and visible(m.get("visibility") or "public", audience)}
    log = pages[audience]["reviews.html"]
    summaries = log.find_all("article", cls="review-summary")
    assert len(summaries) == len(reviews) >= 6
    dates = [s.find("time").attrs["datetime"] for s in summaries]
    assert dates == sorted(dates, reverse=True)
    for rel, meta in reviews.items():
        stem = Path(rel).stem
        page = f"reviews/{stem}.html"
        assert (built[audience] / page).is_file(), page
        summary = next(s for s in summaries if s.find("time").attrs["datetime"] == meta["date"].isoformat())
        assert page in summary.hrefs()
        doc = pages[audience][page]
        assert words(meta["title"]) in doc.find("h1").text()
        assert doc.find("time", datetime=meta["date"].isoformat()) is not None


@pytest.mark.parametrize("audience", AUDIENCES)
def test_free_pages_are_in_the_nav(built, pages, audience):
    free = {rel: m for rel, m in DOCUMENTS.items() if m.get("kind") in (None, "page")}
    assert len(free) >= 2
    for page_path, doc in pages[audience].items():
        nav = doc.find("nav", cls="site-nav")
        assert nav is not None, page_path
        links = {resolve_url(page_path, a.attrs["href"])[0]: a.text() for a in nav.find_all("a")}
        for rel, meta in free.items():
            target = "pages/" + rel.removeprefix("content/").removesuffix(".md") + ".html"
            assert links.get(target) == meta["title"], (page_path, target)
    for rel, meta in free.items():
        target = "pages/" + rel.removeprefix("content/").removesuffix(".md") + ".html"
        assert meta["title"] in pages[audience][target].find("main").text()


# -- 2. no broken links or anchors --------------------------------------------

@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_relative_link_and_anchor_resolves(built, pages, audience):
    out = built[audience]
    checked = 0
    for page, doc in pages[audience].items():
        for url in doc.urls():
            assert not url.startswith("/"), f"{page}: {url} is root-relative; pages must link relatively"
            assert not url.lower().startswith("file:"), f"{page}: {url}"
            resolved = resolve_url(page, url)
            if resolved is None:
                continue
            target, fragment = resolved
            assert not target.startswith("../"), f"{page}: {url} leaves the site"
            assert (out / target).is_file(), f"{page}: {url} -> {target} does not exist"
            if fragment:
                assert target in pages[audience], f"{page}: {url} has an anchor into a non-HTML file"
                assert fragment in pages[audience][target].ids, f"{page}: {url}: no id '{fragment}' in {target}"
            checked += 1
    assert checked > 300


@pytest.mark.parametrize("audience", AUDIENCES)
def test_ids_are_unique_on_every_page(pages, audience):
    for page, doc in pages[audience].items():
        ids = [n.attrs["id"] for n in doc.root.iter() if "id" in n.attrs]
        assert len(ids) == len(set(ids)), (page, sorted(i for i in ids if ids.count(i) > 1))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_items_link_up_and_down_the_chain(pages, audience):
    links = 0
    for entry in visible_entries(audience, "item"):
        element = pages[audience][HORIZON_PAGE[entry.horizon]].by_id(entry.id)
        for served in as_list(entry.data.get("serves")):
            if served == "target":
                assert "index.html#target" in element.hrefs(), entry.id
                continue
            if not visible(ENTRIES[served].level, audience):
                continue
            assert f"{page_of(served)}#{served}" in element.hrefs(), f"{entry.id} does not link to {served}"
            if entry.data.get("status") == "dropped":
                continue  # a dropped item no longer serves anything (spec section 3)
            up = pages[audience][page_of(served)].by_id(served)
            assert f"{HORIZON_PAGE[entry.horizon]}#{entry.id}" in up.hrefs(), f"{served} does not link back to {entry.id}"
            links += 1
        for closed in as_list(entry.data.get("closes")):  # a gap or a skill
            if visible(ENTRIES[closed].level, audience):
                assert f"{page_of(closed)}#{closed}" in element.hrefs(), f"{entry.id} does not link to {closed}"
    assert links > 15
