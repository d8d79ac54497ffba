"""The worksheet's private parts never reach an audience that may not see
them: a site with a canary in each (the vision's financial part, budgets, a
private person met in a public review, a private skill, a private metric
with its value in a public review) is built for every audience and every
output file is searched byte by byte. And `roadmap.json` carries every new
part, valid against its schema."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from build_helpers import AUDIENCES, run_build, write_files
from support import MINIMAL_SITE

TODAY = "2026-11-10"
ROOT = """\
---
kind: roadmap
title: Canary roadmap
owner: Tess Tester
as_of: 2026-11-01
target:
  role: Staff Engineer
vision:
  statement: In 2036 I lead the platform.
  impact: Payments nobody has to think about.
  financial:
    net_worth: CANARY-FINANCIAL-VISION
budgets:
  money: {CANARY-BUDGET-LABEL: 2500}
  energy: {high: CANARY-BUDGET-ENERGY}
people:
  - id: mentor-ana
    name: Ana Mentorsonly
    role: mentor
    cadence: 30
  - id: canary-person
    name: CANARY-PERSON-NAME
    role: recruiter
    visibility: private
  - id: public-peer
    name: Pat Public
    role: peer
    visibility: public
metrics:
  - name: skill_hours
    kind: leading
    target: 12
    visibility: public
  - name: canary_metric
    title: CANARY-METRIC-TITLE
    kind: outcome
    target: 77
    visibility: private
  - name: mentors_metric
    kind: progress
    visibility: mentors
industry:
  now: Consolidating.
quick_reference:
  protocols: [Call Ana]
---

The introduction.
"""
SKILLS = """\
---
kind: skills
items:
  - id: skill-public
    title: Public skill
    now: 2
    targets: {year: 3}
  - id: canary-skill
    title: CANARY-SKILL-TITLE
    now: 1
    targets: {year: 2}
    visibility: private
---
"""
YEAR = MINIMAL_SITE["content/year-1.md"].replace(
    "    serves: target\n", "    serves: target\n    closes: [skill-public, canary-skill]\n    reward: A long walk\n")
REVIEW = """\
---
kind: review
date: 2026-11-05
type: monthly
metrics:
  skill_hours: 9
  canary_metric: 987654
  mentors_metric: 31
met: [mentor-ana, canary-person, public-peer]
---

Met the usual people.
"""
# (text, the audiences that may see it)
CANARIES = [
    ("CANARY-FINANCIAL-VISION", {"private"}),
    ("CANARY-BUDGET-LABEL", {"private"}),
    ("CANARY-BUDGET-ENERGY", {"private"}),
    ("CANARY-PERSON-NAME", {"private"}),
    ("canary-person", {"private"}),
    ("CANARY-SKILL-TITLE", {"private"}),
    ("canary-skill", {"private"}),
    ("CANARY-METRIC-TITLE", {"private"}),
    ("canary_metric", {"private"}),
    ("987654", {"private"}),
    ("Ana Mentorsonly", {"mentors", "private"}),
    ("mentor-ana", {"mentors", "private"}),
    ("mentors_metric", {"mentors", "private"}),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, object]:
    site = write_files(tmp_path_factory.mktemp("worksheet") / "site", {
        **MINIMAL_SITE, "content/index.md": ROOT, "content/skills.md": SKILLS, "content/year-1.md": YEAR,
        "content/reviews/2026-11-05-monthly.md": REVIEW,
    })
    outputs = {}
    for audience in AUDIENCES:
        out = site.parent / audience
        result = run_build(site, "--out", out, "--audience", audience, "--today", TODAY,
                           "--base-url", "https://example.org/")
        assert result.code == 0, result.err
        outputs[audience] = out
    return outputs


def corpus(out) -> dict[str, bytes]:
    """Every file's name and bytes, and the JSON export decoded (escapes undone)."""
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    files["roadmap.json (decoded)"] = json.dumps(json.loads(files["roadmap.json"]), ensure_ascii=False).encode()
    return files


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("canary, seen_by", CANARIES, ids=[c for c, _ in CANARIES])
def test_each_private_part_reaches_only_its_audiences(built, audience, canary, seen_by):
    needle = canary.encode()
    places = [name for name, data in corpus(built[audience]).items() if needle in data or needle in name.encode()]
    if audience in seen_by:
        assert places, f"{canary} is missing for {audience}"
    else:
        assert places == [], f"{canary} leaks to {audience}: {places}"


def json_of(built, audience: str) -> dict:
    return json.loads((built[audience] / "roadmap.json").read_text("utf-8"))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_roadmap_json_is_valid_against_its_schema(built, audience):
    schema = json.loads((built[audience] / "roadmap.schema.json").read_text("utf-8"))
    Draft202012Validator(schema).validate(json_of(built, audience))


def test_roadmap_json_carries_every_part_for_the_owner(built):
    data = json_of(built, "private")
    assert data["vision_html"] == "<p>In 2036 I lead the platform.</p>\n"
    assert [(p["name"], p["facts"]) for p in data["vision_parts"]] == [
        ("financial", [{"label": "net_worth", "text": "CANARY-FINANCIAL-VISION"}]), ("impact", [])]
    assert data["budgets"] == {"time": {}, "money": {"CANARY-BUDGET-LABEL": 2500}, "currency": None,
                               "energy": {"high": "CANARY-BUDGET-ENERGY"}}
    assert [(p["id"], p["last_met"], p["next_due"], p["overdue"]) for p in data["people"]] == [
        ("mentor-ana", "2026-11-05", "2026-12-05", False), ("canary-person", "2026-11-05", None, False),
        ("public-peer", "2026-11-05", None, False)]
    metrics = {m["name"]: m for m in data["metrics"]}
    assert metrics["canary_metric"]["latest"]["value"] == 987654 and metrics["canary_metric"]["target"] == 77
    assert metrics["skill_hours"]["latest"] == {"value": 9, "date": "2026-11-05",
                                                "url": "reviews/2026-11-05-monthly.html"}
    assert [(s["id"], s["now"], s["targets"]) for s in data["skills"]] == [
        ("skill-public", 2, {"year": 3}), ("canary-skill", 1, {"year": 2})]
    assert data["skills"][0]["closed_by"] == [{"id": "year-goal"}]
    (year_goal,) = [i for i in data["items"] if i["id"] == "year-goal"]
    assert year_goal["reward"] == "A long walk"
    assert year_goal["closes"] == [{"id": "skill-public"}, {"id": "canary-skill"}]
    assert data["reviews"][0]["met"] == [{"id": "mentor-ana"}, {"id": "canary-person"}, {"id": "public-peer"}]
    assert data["industry"] == {"now": "<p>Consolidating.</p>\n"}
    assert data["quick_reference"] == {"indicators": [], "protocols": [{"label": None, "text": "Call Ana"}]}
    assert data["milestones"]["years"][0] == {"year": 1, "after": "2026-11-01", "end": "2027-11-01"}


def test_roadmap_json_for_the_public_keeps_only_what_is_public(built):
    data = json_of(built, "public")
    assert [p["name"] for p in data["vision_parts"]] == ["impact"]
    assert data["budgets"] is None
    assert [p["id"] for p in data["people"]] == ["public-peer"]
    assert [m["name"] for m in data["metrics"]] == ["skill_hours"]
    assert data["reviews"][0]["metrics"] == {"skill_hours": 9}
    assert data["reviews"][0]["met"] == [{"id": "public-peer"}]
    assert [s["id"] for s in data["skills"]] == ["skill-public"]
    (year_goal,) = [i for i in data["items"] if i["id"] == "year-goal"]
    assert year_goal["closes"] == [{"id": "skill-public"}, {"private": True}]


def test_the_mentors_see_their_people_and_metrics(built):
    data = json_of(built, "mentors")
    assert [p["id"] for p in data["people"]] == ["mentor-ana", "public-peer"]
    assert data["reviews"][0]["met"] == [{"id": "mentor-ana"}, {"id": "public-peer"}]
    assert data["reviews"][0]["metrics"] == {"skill_hours": 9, "mentors_metric": 31}


# -- what `serve` shows over a broken site ------------------------------------------

def test_serves_overlay_hides_findings_inside_hidden_parts_of_the_root(tmp_path):
    import datetime as dt

    from roadmapgen.analyse.audience import overlay_findings
    from roadmapgen.analyse.project import load_project

    root = ROOT.replace("  financial:\n    net_worth: CANARY-FINANCIAL-VISION",
                        "  financial: Net worth, see [[canary-typo]]").replace(
        "    kind: outcome\n    target: 77\n", "    kind: outcome\n    target: 77\n    secret_field: x\n").replace(
        "  impact: Payments nobody", "  impact: See [[public-typo]]. Payments nobody")
    site = write_files(tmp_path, {**MINIMAL_SITE, "content/index.md": root})
    project = load_project(site, dt.date.fromisoformat(TODAY))
    lines = root.split("\n")
    line_of = {text: next(n for n, line in enumerate(lines, 1) if text in line)
               for text in ("canary-typo", "public-typo", "secret_field")}
    everything = {(d.code, d.line) for d in project.diagnostics}
    assert {("unknown-ref", line_of["canary-typo"]), ("unknown-ref", line_of["public-typo"]),
            ("unknown-field", line_of["secret_field"])} <= everything
    for audience, hidden in (("public", True), ("mentors", True), ("private", False)):
        shown = {(d.code, d.line) for d in overlay_findings(project.roadmap, audience, project.diagnostics)}
        assert ("unknown-ref", line_of["public-typo"]) in shown
        assert (("unknown-ref", line_of["canary-typo"]) in shown) != hidden, audience
        assert (("unknown-field", line_of["secret_field"]) in shown) != hidden, audience
