"""Escaping (spec section 8): content is text, never markup. Titles, notes,
bodies and every other field carry script payloads; none comes out live.
Raw HTML in Markdown is escaped unless `allow_html = true`, and even then no
`javascript:` link is emitted."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from build_helpers import html_files, parse_html, run_build, write_files
from support import MINIMAL_30_DAYS, MINIMAL_ROOT

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
JS_LINK = "[x](javascript:alert(1))"

BODY = f"""
Text {SCRIPT} and {BREAKOUT} and {JS_LINK}.

<div class="raw-html">raw block</div>

Inline <span class="raw-inline">span</span> and <a href="javascript:alert(2)">raw link</a>
and <a href="JaVa&#x53;cript:alert(3)">encoded</a> and <img src="java
script:alert(4)" alt="split">.

<javascript:alert(5)> [y](JAVASCRIPT:alert(6)) [z](java&#x73;cript:alert(7)) ![i](javascript:alert(8)) [r][ref]

[ref]: javascript:alert(9)

Label: [[first-step|{SCRIPT}]]
"""


def q(text: str) -> str:
    """A YAML double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


EVIL_SITE = {
    "content/index.md": f"""---
kind: roadmap
title: {q("Roadmap " + SCRIPT)}
owner: {q("Owner " + BREAKOUT)}
as_of: 2026-11-01
target:
  role: {q("Role " + SCRIPT)}
  industry: {q(BREAKOUT)}
  companies: [{q(BREAKOUT)}]
vision: {q("Vision " + SCRIPT + " " + JS_LINK)}
values:
  - {{name: {q("Value " + BREAKOUT)}, score: 4}}
visibility:
  values: public
---
{BODY}""",
    "content/next-30-days.md": f"""---
kind: plan
horizon: 30-days
title: {q("Month " + BREAKOUT)}
items:
  - id: first-step
    title: {q("Step " + SCRIPT)}
    type: {q(BREAKOUT)}
    due: 2026-11-20
    serves: year-goal
    closes: gap-one
    measure: {q("Measure " + BREAKOUT)}
    evidence: javascript:alert(1)
    notes: {q("Notes " + SCRIPT + " " + JS_LINK)}
  - id: second-step
    title: {q("Second " + BREAKOUT)}
    due: 2026-11-21
    serves: year-goal
    evidence: " JavaScript:alert(1)"
---
{BODY}""",
    "content/year-1.md": f"""---
kind: plan
horizon: year
items:
  - id: year-goal
    title: {q("Year " + BREAKOUT)}
    serves: target
    assumption: {q("Assume " + SCRIPT)}
    evidence: {q("https://example.org/" + BREAKOUT)}
---
""",
    "content/gaps.md": f"""---
kind: gaps
items:
  - id: gap-one
    title: {q("Gap " + SCRIPT)}
    area: skills
    now: {q("Now " + BREAKOUT)}
    needed: {q("Needed " + SCRIPT)}
    notes: {q(JS_LINK)}
---
""",
    "content/paths.md": f"""---
kind: paths
items:
  - id: path-one
    title: {q("Path " + SCRIPT)}
    probability: 100
    steps:
      - {{role: {q("Role " + BREAKOUT)}, when: {q(SCRIPT)}}}
    pros: {q(SCRIPT)}
    cons: [{q(BREAKOUT)}]
    timeline: {q(JS_LINK)}
---
""",
    "content/risks.md": f"""---
kind: risks
items:
  - id: risk-one
    title: {q("Risk " + SCRIPT)}
    probability: 50
    impact: high
    mitigation: {q("Mitigate " + BREAKOUT)}
  - id: swan-one
    title: {q("Swan " + BREAKOUT)}
    type: black-swan
    probability: 5
    impact: high
    mitigation: {q(JS_LINK)}
---
""",
    "content/reviews/2026-11-05-monthly.md": f"""---
kind: review
date: 2026-11-05
type: monthly
title: {q("Review " + SCRIPT)}
ratings:
  role_satisfaction: 7
progress:
  first-step: active
---
{BODY}""",
    "content/reviews/2026-11-08-monthly.md": f"""---
kind: review
date: 2026-11-08
type: monthly
title: {q("Later " + BREAKOUT)}
ratings:
  role_satisfaction: 8
progress:
  first-step: done
---
{BODY}""",
    "content/notes/evil.md": f"""---
title: {q("Page " + BREAKOUT)}
---
{BODY}""",
}

PAYLOAD_CALLS = [f"alert({n})" for n in range(1, 10)]


def build_evil(root: Path, allow_html: bool) -> Path:
    files = dict(EVIL_SITE)
    if allow_html:
        files["roadmap.toml"] = "allow_html = true\n"
    site = write_files(root / "site", files)
    out = root / "out"
    result = run_build(site, "--out", out, "--today", "2026-11-10", "--base-url", "https://example.org/r/")
    assert result.code == 0, result.err
    return out


@pytest.fixture(scope="module")
def escaped(tmp_path_factory) -> Path:
    return build_evil(tmp_path_factory.mktemp("escaped"), allow_html=False)


@pytest.fixture(scope="module")
def allowed(tmp_path_factory) -> Path:
    return build_evil(tmp_path_factory.mktemp("allowed"), allow_html=True)


def script_url(value: str) -> bool:
    """What a browser would take for a script URL (the parser has decoded entities)."""
    return re.sub(r"[\x00-\x20]", "", value).lower().startswith(("javascript:", "vbscript:"))


def live_markup(doc) -> list[str]:
    """Everything in a parsed page that could run a payload."""
    found = []
    for node in doc.root.iter():
        if node.tag == "script" and any(call in node.text() for call in PAYLOAD_CALLS):
            found.append(f"<script>{node.text()}")
        if node.tag == "img" and node.attrs.get("src") == "x":
            found.append("<img src=x>")
    for tag, name, value in doc.attrs:
        if name.startswith("on"):
            found.append(f"<{tag} {name}={value}>")
        if script_url(value):
            found.append(f"<{tag} {name}={value}>")
    return found


def embedded_html(out: Path) -> dict[str, str]:
    """HTML carried inside the feed and the JSON export (its `*_html` fields)."""
    found = {}
    feed = ET.fromstring((out / "feed.xml").read_bytes())
    for n, node in enumerate(feed.iter()):
        if node.get("type") == "html" and node.text:
            found[f"feed.xml#{n}"] = node.text

    def walk(value, where):
        if isinstance(value, dict):
            for key, child in value.items():
                walk(child, f"{where}.{key}")
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, f"{where}[{index}]")
        elif isinstance(value, str) and where.endswith("html"):  # text fields are data, *_html fields markup
            found[where] = value

    walk(json.loads((out / "roadmap.json").read_text("utf-8")), "roadmap.json")
    return found


@pytest.mark.parametrize("setting", ["escaped", "allowed"])
def test_no_payload_is_live_markup_in_any_page(request, setting):
    out = request.getfixturevalue(setting)
    pages = html_files(out)
    assert len(pages) >= 12
    for page, doc in pages.items():
        if setting == "escaped":
            assert live_markup(doc) == [], page
        else:  # raw HTML is on, but javascript: URLs still never come out
            assert [f for f in live_markup(doc) if "javascript" in f.lower() or "vbscript" in f.lower()] == [], page
        raw = (out / page).read_text("utf-8")
        assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*(javascript|vbscript)""", raw, re.I), page


@pytest.mark.parametrize("setting", ["escaped", "allowed"])
def test_no_payload_is_live_in_the_feed_or_json(request, setting):
    out = request.getfixturevalue(setting)
    embedded = embedded_html(out)
    assert any("feed.xml" in k for k in embedded) and any("roadmap.json" in k for k in embedded)
    for where, fragment in embedded.items():
        doc = parse_html(fragment)
        found = live_markup(doc)
        if setting == "allowed":
            found = [f for f in found if "javascript" in f.lower() or "vbscript" in f.lower()]
        assert found == [], where


def test_payloads_are_shown_as_text(escaped):
    pages = html_files(escaped)
    step = pages["30-days.html"].by_id("first-step")
    assert f"Step {SCRIPT}" in step.find("h3").text()
    assert f"Measure {BREAKOUT}" in step.text()
    assert f"Notes {SCRIPT}" in step.text()
    index = pages["index.html"]
    assert index.root.find("title").text() == f"Roadmap {SCRIPT}"
    assert f"Role {SCRIPT}" in index.by_id("target_heading").text()
    assert f"Value {BREAKOUT}" in index.by_id("values_heading").parent.text()
    assert f"Owner {BREAKOUT}" in index.find("header", cls="masthead").text()
    nav = {a.text() for a in index.find("nav", cls="site-nav").find_all("a")}
    assert f"Page {BREAKOUT}" in nav
    assert f"Gap {SCRIPT}" in pages["gaps.html"].by_id("gap-one").text()
    assert f"Path {SCRIPT}" in pages["paths.html"].by_id("path-one").text()
    assert f"Mitigate {BREAKOUT}" in pages["risks.html"].by_id("risk-one").text()
    assert f"Review {SCRIPT}" in pages["reviews/2026-11-05-monthly.html"].find("h1").text()
    # a wikilink label is text too
    assert any(a.text() == SCRIPT for a in pages["pages/notes/evil.html"].find("main").find_all("a"))


def test_javascript_evidence_and_markdown_links_are_not_links(escaped):
    pages = html_files(escaped)
    for item_id in ("first-step", "second-step"):
        step = pages["30-days.html"].by_id(item_id)
        facts = {dt.text(): dd for dt, dd in zip(step.find_all("dt"), step.find_all("dd"))}
        assert "javascript:alert(1)" in facts["Evidence"].text().lower()
        assert facts["Evidence"].find("a") is None
    goal = pages["year.html"].by_id("year-goal")
    facts = {dt.text(): dd for dt, dd in zip(goal.find_all("dt"), goal.find_all("dd"))}
    link = facts["Evidence"].find("a")
    assert link is not None and link.attrs["href"] == "https://example.org/" + BREAKOUT
    assert goal.find("img") is None
    notes = pages["30-days.html"].by_id("first-step").find("div", cls="item-notes")
    assert "[x](javascript:alert(1))" in notes.text() and notes.find("a") is None


def test_raw_html_is_escaped_by_default(escaped):
    pages = html_files(escaped)
    for page in ("index.html", "30-days.html", "pages/notes/evil.html", "reviews/2026-11-05-monthly.html"):
        doc = pages[page]
        assert doc.find(cls="raw-html") is None and doc.find(cls="raw-inline") is None, page
        assert '<div class="raw-html">raw block</div>' in doc.text(), page
        assert SCRIPT in doc.text(), page


def test_raw_html_is_rendered_with_allow_html(allowed):
    pages = html_files(allowed)
    for page in ("index.html", "30-days.html", "pages/notes/evil.html", "reviews/2026-11-05-monthly.html"):
        doc = pages[page]
        block = doc.find("div", cls="raw-html")
        assert block is not None and block.text() == "raw block", page
        assert doc.find("span", cls="raw-inline") is not None, page
        links = {a.text(): a.attrs.get("href") for a in doc.find("main").find_all("a")}
        # the raw links stay as text-bearing elements but lose their javascript: href
        for label in ("raw link", "encoded"):
            assert label in links and (links[label] is None or not script_url(links[label])), (page, label)
        images = [img for img in doc.find("main").find_all("img") if img.attrs.get("alt") == "split"]
        assert images and all(not script_url(img.attrs.get("src", "")) for img in images), page
        # Markdown links to javascript: are still not links
        assert "y" not in links and "z" not in links, page


def test_titles_in_attributes_are_quoted(escaped):
    """Values that go into attributes (aria-label, content) keep their quotes escaped."""
    index = (escaped / "index.html").read_text("utf-8")
    assert BREAKOUT not in index
    assert html.escape(BREAKOUT, quote=True) in index or html.escape(BREAKOUT, quote=False) in index


@pytest.mark.parametrize("encrypt", [False, True])
def test_control_characters_in_content_are_left_out_of_every_page(minimal_site, tmp_path, encrypt):
    """HTML forbids them, as XML does in the feed: a YAML escape in a title,
    a vertical tab or a bell pasted into a body."""
    root = minimal_site({
        "content/index.md": MINIMAL_ROOT.replace("title: Test roadmap", 'title: "Test\\aroadmap\\x01"')
                            + "Pasted\x0bfrom a document\x07, with\x1ba few.\r\n",
        "content/next-30-days.md": MINIMAL_30_DAYS.replace("title: First step", 'title: "First\\bstep"'),
    })
    env = {"ROADMAPGEN_PASSPHRASE": "correct horse battery staple"} if encrypt else None
    flags = ["--audience", "mentors", "--encrypt"] if encrypt else []
    result = run_build(root, "--out", tmp_path / "out", "--today", "2026-11-10", *flags, env=env)
    assert result.code == 0, result.err
    pages = {p.relative_to(tmp_path / "out").as_posix(): p.read_text(encoding="utf-8")
             for p in (tmp_path / "out").rglob("*.html")}
    assert pages
    for name, text in pages.items():
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text), name
    if not encrypt:
        assert "Pasted from a document , with a few." in pages["index.html"]
        assert "Test roadmap" in pages["index.html"] and "First step" in pages["30-days.html"]
