"""Audiences (spec section 6), end to end: the example built for public,
mentors and private, searched byte by byte (and decoded: HTML entities,
JSON strings, folded iCalendar lines) for what each audience may not see."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from build_helpers import (
    AUDIENCES, EXAMPLE_TODAY, copy_example, example_documents, example_entries, html_files, parse_html,
    run_build, visible, write_files,
)

ENTRIES = example_entries()
DOCUMENTS = example_documents()
ROOT = next(meta for meta in DOCUMENTS.values() if meta.get("kind") == "roadmap")

# What the example is meant to hide, listed by hand so the oracle itself is checked against it.
PRIVATE_IDS = {"q-comp-research", "comp-reset", "y3-comp", "v-financial-independence", "gap-self-advocacy",
               "risk-partner-relocation", "skill-negotiation", "lena-okafor"}
MENTORS_IDS = {"ask-renata", "q-sponsor", "path-external-staff", "risk-overcommit", "skill-public-speaking",
               # people are for mentors unless they say otherwise
               "priya-raman", "sven-aalders", "renata-kowalczyk", "felix-brandt"}
MENTORS_REVIEW = "content/reviews/2026-07-06-monthly.md"


def finance_needles() -> list[list[str]]:
    """Each value of the private finances block: as written first, then as a number might be formatted."""
    needles = []
    for value in ROOT["finances"].values():
        if isinstance(value, int) and value >= 1000:
            needles.append([str(value), f"{value:,}", f"{value:,}".replace(",", " "), f"{value:,}".replace(",", ".")])
        elif isinstance(value, str) and len(value) > 3:
            needles.append([value])
    return needles


def searchable(path: Path) -> str:
    """A file's text as written, plus decoded forms a leak could hide in."""
    raw = path.read_bytes().decode("utf-8", "replace")
    forms = [raw, html.unescape(raw), html.unescape(html.unescape(raw))]
    if path.suffix == ".ics":
        unfolded = re.sub(r"\r?\n[ \t]", "", raw)
        forms.append(re.sub(r"\\([,;\\])", r"\1", unfolded).replace("\\n", "\n").replace("\\N", "\n"))
    if path.suffix == ".json":
        def strings(node):
            if isinstance(node, dict):
                for key, value in node.items():
                    yield str(key)
                    yield from strings(value)
            elif isinstance(node, list):
                for value in node:
                    yield from strings(value)
            else:
                yield str(node)
        text = "\n".join(strings(json.loads(raw)))
        forms += [text, html.unescape(text)]
    return "\n".join(forms)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    site = copy_example(tmp_path_factory.mktemp("audiences") / "site")
    outputs = {}
    for audience in AUDIENCES:
        out = site.parent / audience
        # with a base_url, so that the feed is written and searched too
        result = run_build(site, "--out", out, "--audience", audience, "--today", EXAMPLE_TODAY,
                           "--base-url", "https://example.org/roadmap/")
        assert result.code == 0, result.err
        outputs[audience] = out
    return outputs


@pytest.fixture(scope="module")
def corpus(built) -> dict[str, dict[str, str]]:
    """{audience: {relative file name: searchable text}}"""
    return {audience: {p.relative_to(out).as_posix(): searchable(p) for p in sorted(out.rglob("*")) if p.is_file()}
            for audience, out in built.items()}


def places(corpus_files: dict[str, str], needle: str) -> list[str]:
    return [name for name, text in corpus_files.items() if needle in text or needle in name]


def test_the_oracle_agrees_with_the_brief():
    assert {e.id for e in ENTRIES.values() if e.level == "private"} == PRIVATE_IDS
    assert {e.id for e in ENTRIES.values() if e.level == "mentors"} == MENTORS_IDS
    assert DOCUMENTS[MENTORS_REVIEW]["visibility"] == "mentors"
    assert len(finance_needles()) >= 5


def test_every_format_is_searched(corpus):
    for audience in AUDIENCES:
        names = set(corpus[audience])
        assert {"index.html", "roadmap.json", "roadmap.ics", "feed.xml"} <= names, names


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_entry_above_the_audience_appears_anywhere(corpus, audience):
    hidden = [e for e in ENTRIES.values() if not visible(e.level, audience)]
    assert len(hidden) == {"public": 17, "mentors": 8, "private": 0}[audience]
    for entry in hidden:
        assert places(corpus[audience], entry.id) == [], f"id {entry.id} leaks to {audience}"
        assert places(corpus[audience], entry.title) == [], f"title of {entry.id} leaks to {audience}"


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_entry_the_audience_may_see_appears(corpus, audience):
    for entry in ENTRIES.values():
        if visible(entry.level, audience):
            assert places(corpus[audience], entry.id), f"{entry.id} is missing for {audience}"
            assert places(corpus[audience], entry.title), f"the title of {entry.id} is missing for {audience}"


def test_the_mentors_review_is_only_for_mentors_and_private(corpus, built):
    title = DOCUMENTS[MENTORS_REVIEW]["title"]
    stem = Path(MENTORS_REVIEW).stem
    assert places(corpus["public"], title) == [] and places(corpus["public"], stem) == []
    assert not (built["public"] / "reviews" / f"{stem}.html").exists()
    for audience in ("mentors", "private"):
        assert (built[audience] / "reviews" / f"{stem}.html").is_file()
        assert places(corpus[audience], title)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_finances_are_private_by_default(corpus, audience):
    assert "finances" not in (ROOT.get("visibility") or {}) or ROOT["visibility"]["finances"] == "private"
    for forms in finance_needles():
        if audience == "private":
            assert places(corpus[audience], forms[0]), f"{forms[0]} is missing for the owner"
            continue
        for needle in forms:
            found = places(corpus[audience], needle)
            assert found == [], f"finances value {needle} leaks to {audience}: {found}"


def test_values_are_for_mentors(built):
    score = sum(v["score"] for v in ROOT["values"])
    for audience in AUDIENCES:
        data = json.loads((built[audience] / "roadmap.json").read_text("utf-8"))
        index = parse_html((built[audience] / "index.html").read_text("utf-8"))
        if audience == "public":
            assert not data.get("values")
            assert index.by_id("values_heading") is None and not re.search(rf"\b{score}\s*/\s*25", index.text())
        else:
            assert [v["name"] for v in data["values"]] == [v["name"] for v in ROOT["values"]]
            assert index.by_id("values_heading") is not None


def test_links_to_hidden_items_read_a_private_item(built):
    pages = html_files(built["public"])
    # The introduction links [[q-sponsor|...]] and the learning log [[ask-renata]], both for mentors.
    for page in ("index.html", "pages/notes/learning-log.html"):
        main = pages[page].find("main")
        assert "a private item" in main.text(), page
        assert not any("q-sponsor" in h or "ask-renata" in h for h in main.hrefs())
        for node in main.find_all():
            if "a private item" in "".join(c for c in node.children if isinstance(c, str)):
                assert node.tag != "a" and not any(a.tag == "a" for a in _ancestors(node)), page
    for audience in ("mentors", "private"):
        mentors_pages = html_files(built[audience])
        assert "a private item" not in mentors_pages["index.html"].text()
        assert "../../30-days.html#ask-renata" in mentors_pages["pages/notes/learning-log.html"].find("main").hrefs()


def _ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


@pytest.mark.parametrize("audience", AUDIENCES)
def test_noindex_and_the_audience_in_the_footer(built, audience):
    for page, doc in html_files(built[audience]).items():
        robots = doc.meta("robots")
        footer = doc.find("footer").text()
        if audience == "public":
            assert robots is None or "noindex" not in robots, page
            assert "audience" not in footer, page
        else:
            assert robots is not None and robots.startswith("noindex"), page
            assert f"{audience} audience" in footer, page


# -- a site built to link from visible things to hidden ones ------------------

LINKED_SITE = {
    "content/index.md": """\
---
kind: roadmap
title: Linked roadmap
owner: Lee
as_of: 2026-11-01
target:
  role: Staff Engineer
---
Ask about [[secret-goal|the secret]] and [[mentor-goal]].
""",
    "content/next-30-days.md": """\
---
kind: plan
horizon: 30-days
items:
  - id: open-step
    title: Open step
    due: 2026-11-20
    serves: [secret-goal, mentor-goal]
    closes: [secret-gap, open-gap]
    notes: "Feeds [[secret-goal]] and [[secret-risk|a risk]]."
  - id: hidden-step
    title: Hidden step zebra
    due: 2026-11-21
    serves: secret-goal
    visibility: private
---
""",
    "content/year-1.md": """\
---
kind: plan
horizon: year
items:
  - id: secret-goal
    title: Secret goal walrus
    serves: target
    visibility: private
  - id: mentor-goal
    title: Mentor goal narwhal
    serves: target
    visibility: mentors
---
""",
    "content/gaps.md": """\
---
kind: gaps
items:
  - {id: secret-gap, title: Secret gap okapi, area: other, now: a, needed: b, visibility: private}
  - {id: open-gap, title: Open gap, area: skills, now: a, needed: b}
---
""",
    "content/risks.md": """\
---
kind: risks
visibility: mentors
items:
  - {id: secret-risk, title: Secret risk axolotl, probability: 10, impact: low, mitigation: m}
---
""",
    "content/reviews/2026-11-05-monthly.md": """\
---
kind: review
date: 2026-11-05
type: monthly
title: Early check-in
progress:
  open-step: active
  secret-goal: active
---
Moved [[secret-goal]] forward.
""",
}


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> dict[str, Path]:
    site = write_files(tmp_path_factory.mktemp("linked") / "site", LINKED_SITE)
    outputs = {}
    for audience in AUDIENCES:
        result = run_build(site, "--out", site.parent / audience, "--audience", audience, "--today", "2026-11-10")
        assert result.code == 0, result.err
        outputs[audience] = site.parent / audience
    return outputs


@pytest.mark.parametrize("audience", ["public", "mentors"])
def test_serves_closes_and_links_to_hidden_things_read_a_private_item(linked, audience):
    hidden = {"public": ["secret-goal", "mentor-goal", "secret-gap", "secret-risk", "hidden-step"],
              "mentors": ["secret-goal", "secret-gap", "hidden-step"]}[audience]
    names = {"secret-goal": "walrus", "mentor-goal": "narwhal", "secret-gap": "okapi", "secret-risk": "axolotl",
             "hidden-step": "zebra"}
    out = linked[audience]
    for file in out.rglob("*"):
        if file.is_file():
            text = searchable(file)
            for entry_id in hidden:
                assert entry_id not in text and names[entry_id] not in text, (file.name, entry_id)
    pages = html_files(out)
    step = pages["30-days.html"].by_id("open-step")
    facts = {dt.text(): dd for dt, dd in zip(step.find_all("dt"), step.find_all("dd"))}
    assert "a private item" in facts["Serves"].text()
    assert "a private item" in facts["Closes"].text() and "gaps.html#open-gap" in facts["Closes"].hrefs()
    assert step.find("div", cls="item-notes").text().count("a private item") == (2 if audience == "public" else 1)
    assert all(h.split("#")[-1] not in hidden for h in step.hrefs())
    assert "a private item" in pages["index.html"].find("section", cls="intro").text()
    review = pages["reviews/2026-11-05-monthly.html"]
    assert "a private item" in review.find("main").text()
    # the hidden item's progress line is left out, not shown as a private item
    assert len(review.find("ul", cls="progress").find_all("li")) == 1
    if audience == "mentors":
        assert "year.html#mentor-goal" in facts["Serves"].hrefs()
        assert "risks.html#secret-risk" in step.find("div", cls="item-notes").hrefs()


def test_private_sees_every_link(linked):
    pages = html_files(linked["private"])
    assert "a private item" not in "".join(doc.text() for doc in pages.values())
    step = pages["30-days.html"].by_id("open-step")
    assert {"year.html#secret-goal", "year.html#mentor-goal", "gaps.html#secret-gap",
            "risks.html#secret-risk"} <= set(step.hrefs())
    assert "30-days.html#hidden-step" in pages["year.html"].by_id("secret-goal").hrefs()
