"""documents: one file's text into one typed document and its findings.
Pure: (path, text) in, no files."""

from __future__ import annotations

import datetime as dt

import pytest

from support import MINIMAL_30_DAYS, MINIMAL_ROOT

from roadmapgen.model import Broken, EntriesFile, Item, Page, PlanFile, Review, Root
from roadmapgen.read import fields as f
from roadmapgen.read.documents import parse_document
from roadmapgen.read.kinds import ENTRY_FIELDS, KIND_FIELDS


def parse(text: str, path: str = "content/a.md"):
    return parse_document(path, text)


def placed(found):
    return [(d.code, d.line, d.column) for d in found]


def test_a_file_without_kind_is_a_page_titled_from_its_heading():
    document, found = parse("Some words first.\n\n# Network plan\n\nText.\n", "content/notes/network-plan.md")
    assert found == [] and isinstance(document, Page)
    assert (document.title, document.slug, document.visibility) == ("Network plan", "notes/network-plan", "public")


def test_a_page_without_heading_is_titled_from_its_file_name():
    document, _ = parse("---\nvisibility: mentors\n---\nText\n", "content/notes/advisory_board.md")
    assert (document.title, document.visibility) == ("Advisory board", "mentors")


def test_a_title_is_one_line_and_a_blank_one_counts_as_none():
    # A blank title would be a nav link and a <title> with no visible text.
    document, found = parse('---\ntitle: "  \\t "\n---\nText\n', "content/notes/advisory_board.md")
    assert found == [] and document.title == "Advisory board"
    document, _ = parse('---\ntitle: "Line\\none\\t two "\n---\n', "content/notes/x.md")
    assert document.title == "Line one two"
    root, found = parse(MINIMAL_ROOT.replace("title: Test roadmap", 'title: "   "'), "content/index.md")
    assert [(d.code, d.message) for d in found] == [("bad-field", "'title' in the roadmap is empty")]


@pytest.mark.parametrize("text", ["", "\n\n", "  \t\n", "\ufeff"])
def test_an_empty_file_is_skipped(text):
    document, found = parse(text)
    assert document is None and placed(found) == [("empty-file", 1, 1)]
    assert found[0].severity == "warning"


def test_the_root():
    document, found = parse(MINIMAL_ROOT.replace("---\n\n", "vision: >-\n  Lead [[v1]].\nvalues:\n"
                                                 "  - {name: Craft, score: 5}\nfinances:\n  salary: 100\n"
                                                 "visibility:\n  vision: mentors\n---\n\n"), "content/index.md")
    assert found == [] and isinstance(document, Root)
    assert (document.title, document.owner, document.as_of) == ("Test roadmap", "Tess Tester", dt.date(2026, 11, 1))
    assert document.target.role == "Staff Engineer"
    assert [(v.name, v.score) for v in document.values] == [("Craft", 5)]
    assert document.finances == (("salary", "100"),)
    assert dict(document.cadence) == {"monthly": 35, "quarterly": 100, "annual": 380}
    assert (document.block_level("vision"), document.block_level("finances"), document.block_level("target")) == (
        "mentors", "private", "public")
    assert [(r.id, r.pos.line, r.pos.column) for r in document.vision_refs] == [("v1", 9, 8)]


def test_a_root_with_a_broken_as_of_still_counts_as_a_root():
    document, found = parse(MINIMAL_ROOT.replace("2026-11-01", "2026-11-31"))
    assert isinstance(document, Broken) and document.kind == "roadmap"
    assert placed(found) == [("bad-field", 5, 8)]


def test_target_candidates_three_to_five():
    three = MINIMAL_ROOT.replace("  role: Staff Engineer", "  candidates: [PM, Architect, Data Scientist]")
    assert parse(three)[1] == []
    two = MINIMAL_ROOT.replace("  role: Staff Engineer", "  candidates: [PM, Architect]")
    assert placed(parse(two)[1]) == [("bad-field", 7, 15)]


def test_a_plan_and_its_items():
    document, found = parse(MINIMAL_30_DAYS.replace("    serves: year-goal\n", "    serves: [year-goal, target]\n"
                                                    "    status: active\n    dimension: skills\n"))
    assert found == [] and isinstance(document, PlanFile) and document.horizon == "30-days"
    (item,) = document.items
    assert isinstance(item, Item)
    assert (item.id, item.title, item.due, item.status, item.dimension) == (
        "first-step", "First step", dt.date(2026, 11, 20), "active", "skills")
    assert [(r.id, r.pos.line) for r in item.serves] == [("year-goal", 8), ("target", 8)]
    assert (item.pos.line, item.id_pos.line, item.id_pos.column) == (5, 5, 9)
    assert item.fields["due"].line == 7


def test_an_item_is_as_strict_as_its_file():
    plan = MINIMAL_30_DAYS.replace("kind: plan\n", "kind: plan\nvisibility: mentors\n")
    plan = plan.replace("    due:", "    visibility: public\n    due:")
    (item,) = parse(plan)[0].items
    assert item.visibility == "mentors"
    private = plan.replace("visibility: public", "visibility: private")
    assert parse(private)[0].items[0].visibility == "private"


def test_an_item_without_id_is_dropped_but_reported_at_its_start():
    plan = MINIMAL_30_DAYS[:-4] + "  - title: No id\n---\n"
    document, found = parse(plan)
    assert [i.id for i in document.items] == ["first-step"]
    assert placed(found) == [("bad-field", 9, 5)]


def test_every_problem_of_a_file_is_reported_at_once():
    plan = MINIMAL_30_DAYS.replace("    title: First step\n", "    title: [a]\n    status: doen\n    dimention: x\n")
    _, found = parse(plan)
    assert placed(found) == [("bad-field", 6, 12), ("bad-field", 7, 13), ("unknown-field", 8, 5)]


def test_entries_files():
    gaps = "---\nkind: gaps\nitems:\n  - id: g\n    title: G\n    area: scope\n    now: a\n    needed: b\n---\n"
    document, found = parse(gaps)
    assert found == [] and isinstance(document, EntriesFile) and document.kind == "gaps"
    assert [(e.id, e.kind, e.area) for e in document.entries] == [("g", "gap", "scope")]
    risks = ("---\nkind: risks\nitems:\n  - {id: r, title: R, probability: 5, impact: high, "
             "mitigation: M, type: black-swan}\n---\n")
    (risk,) = parse(risks)[0].entries
    assert (risk.kind, risk.probability, risk.impact, risk.type) == ("risk", 5, "high", "black-swan")
    paths = ("---\nkind: paths\nitems:\n  - id: p\n    title: P\n    probability: 60\n    pros: Fast\n"
             "    cons: [Risky, Slow]\n    steps:\n      - {role: Staff, when: 2028}\n---\n")
    (path,) = parse(paths)[0].entries
    assert (path.probability, path.pros, path.cons) == (60, ("Fast",), ("Risky", "Slow"))
    assert [(s.role, s.when) for s in path.steps] == [("Staff", "2028")]


def test_a_review():
    text = ("---\nkind: review\ndate: 2026-11-30\ntype: monthly\nratings:\n  energy: 7.5\n"
            "metrics:\n  skill_hours: -3\nprogress:\n  first-step: done\n---\n\nWent well.\n")
    document, found = parse(text)
    assert found == [] and isinstance(document, Review)
    assert (document.date, document.type) == (dt.date(2026, 11, 30), "monthly")
    assert (document.ratings, document.metrics) == ((("energy", 7.5),), (("skill_hours", -3.0),))
    assert [(ref.id, ref.pos.line, status) for ref, status in document.progress] == [("first-step", 10, "done")]


@pytest.mark.parametrize("notes, line, column", [
    ('"See [[x-1]]"', 9, 17),
    ("See [[x-1]]", 9, 16),
    (">-\n      One line\n      and [[x-1]] here", 11, 11),
    ("|\n      One line\n\n      [[x-1]]", 12, 7),
    ("'it''s [[x-1]]'", 9, 19),
])
def test_links_in_notes_are_placed_where_they_stand(notes, line, column):
    plan = MINIMAL_30_DAYS[:-4] + f"    notes: {notes}\n---\n"
    (item,) = parse(plan)[0].items
    assert [(r.id, r.pos.line, r.pos.column) for r in item.notes_refs] == [("x-1", line, column)]


def test_two_links_to_the_same_id_in_notes_keep_their_own_places():
    plan = MINIMAL_30_DAYS[:-4] + "    notes: >-\n      [[x-1]] then\n      [[x-1|again]]\n---\n"
    (item,) = parse(plan)[0].items
    assert [(r.pos.line, r.pos.column, r.label) for r in item.notes_refs] == [(10, 7, None), (11, 7, "again")]


def test_links_in_the_body_are_placed_in_the_file():
    document, _ = parse("---\ntitle: A\n---\n\nIntro\n\n- see [[x-1|label]]\n")
    assert [(r.id, r.label, r.pos.line, r.pos.column) for r in document.body_refs] == [("x-1", "label", 7, 7)]


# -- a wrong type in every field of every kind ------------------------------------

FILE_BASICS = {
    "roadmap": {"title": "T", "owner": "O", "as_of": "2026-11-01", "target": "{role: Staff}"},
    "plan": {"horizon": "year"},
    "review": {"date": "2026-11-05", "type": "monthly"},
}
ENTRY_BASICS = {
    "plan": {"id": "e", "title": "E"},
    "archive": {"id": "e", "title": "E", "horizon": "year"},
    "gaps": {"id": "e", "title": "E", "area": "scope", "now": "n", "needed": "x"},
    "skills": {"id": "e", "title": "E", "now": "1", "targets": "{year: 2}"},
    "paths": {"id": "e", "title": "E", "probability": "100"},
    "risks": {"id": "e", "title": "E", "probability": "10", "impact": "low", "mitigation": "m"},
}


# Fields that take a single value and a mapping alike (the vision: a
# paragraph, or its statement and parts) take a list badly.
TEXT_OR_MAPPING = {"vision"}


def wrong_value(reader, name: str = "") -> str:
    # Collections take a single value badly; single values take a mapping badly.
    if name in TEXT_OR_MAPPING:
        return "[a, b]"
    return "5" if isinstance(reader, f.Structured) else "{wrong: type}"


FILE_FIELDS = [(kind, name) for kind, (table, _) in KIND_FIELDS.items() for name in table if name != "kind"]
ITEM_FIELDS = [(kind, name) for kind, (table, _) in ENTRY_FIELDS.items() for name in table]


@pytest.mark.parametrize("kind, name", FILE_FIELDS, ids=[f"{k}.{n}" for k, n in FILE_FIELDS])
def test_a_wrong_type_in_a_file_field_is_a_bad_field_at_its_line(kind, name):
    reader = KIND_FIELDS[kind][0][name]
    lines = [f"kind: {kind}", f"{name}: {wrong_value(reader, name)}"]
    lines += [f"{key}: {value}" for key, value in FILE_BASICS.get(kind, {}).items() if key != name]
    _, found = parse("---\n" + "\n".join(lines) + "\n---\n")
    assert ("bad-field", 3) in [(d.code, d.line) for d in found], found


@pytest.mark.parametrize("kind, name", ITEM_FIELDS, ids=[f"{k}.item.{n}" for k, n in ITEM_FIELDS])
def test_a_wrong_type_in_an_item_field_is_a_bad_field_at_its_line(kind, name):
    reader = ENTRY_FIELDS[kind][0][name]
    header = [f"kind: {kind}", *(["horizon: year"] if kind == "plan" else []), "items:"]
    bad_line = 1 + len(header) + 1  # after the opening '---' and the header
    lines = [*header, f"  - {name}: {wrong_value(reader)}"]
    lines += [f"    {key}: {value}" for key, value in ENTRY_BASICS[kind].items() if key != name]
    _, found = parse("---\n" + "\n".join(lines) + "\n---\n")
    assert ("bad-field", bad_line) in [(d.code, d.line) for d in found], (bad_line, found)
