"""links: documents assembled into one roadmap, references resolved both
ways. Pure: documents come from parse_document, no files."""

from __future__ import annotations

import datetime as dt

import pytest

from roadmapgen.analyse.links import link_roadmap
from roadmapgen.model import TARGET_ID, horizon_end
from roadmapgen.read.documents import parse_document

ROOT = """\
---
kind: roadmap
title: Links
owner: Tess
as_of: 2026-11-01
target:
  role: Staff Engineer
---

Start with [[a1]] and aim for [[target|the role]].
"""


def plan(horizon: str, items: str, body: str = "") -> str:
    return f"---\nkind: plan\nhorizon: {horizon}\nitems:\n{items}---\n{body}"


def item(id: str, serves: str = "", closes: str = "", status: str = "", notes: str = "") -> str:
    text = f"  - id: {id}\n    title: Item {id}\n"
    for key, value in (("serves", serves), ("closes", closes), ("status", status), ("notes", notes)):
        if value:
            text += f"    {key}: {value}\n"
    return text


SITE = {
    "content/index.md": ROOT,
    "content/a-30-days.md": plan("30-days",
                                 item("a1", "q1", "gap-a")
                                 + item("a2", "q1", status="done")
                                 + item("a3", "y2", "gap-b", status="dropped", notes='"see [[gap-b]]"')),
    "content/b-quarter.md": plan("quarter", item("q1", "y1")),
    "content/c-year.md": plan("year", item("y1", "[target, t3]") + item("y2", "target")),
    "content/d-3-years.md": plan("3-years", item("t3", "v1")),
    "content/e-10-years.md": plan("10-years", item("v1"), "\nThe vision: [[v1]], via [[t3]].\n"),
    "content/gaps.md": "---\nkind: gaps\nitems:\n"
                       "  - {id: gap-a, title: A, area: scope, now: x, needed: y}\n"
                       "  - {id: gap-b, title: B, area: skills, now: x, needed: y}\n---\n",
}


def link(files: dict[str, str]):
    documents, found = [], []
    for path in sorted(files, key=str.encode):
        document, problems = parse_document(path, files[path])
        found.extend(problems)
        if document is not None:
            documents.append(document)
    roadmap, link_findings = link_roadmap(documents)
    return roadmap, found + link_findings


@pytest.fixture(scope="module")
def roadmap():
    roadmap, found = link(SITE)
    assert found == []
    return roadmap


def test_walk_up_from_a_30_days_item_to_the_target(roadmap):
    assert roadmap.chain_up("a1") == ("q1", "y1", TARGET_ID, "t3", "v1")


def test_walk_down_from_the_vision_to_the_next_30_days(roadmap):
    assert roadmap.chain_down("v1") == ("t3", "y1", "q1", "a1", "a2")


def test_walk_down_from_the_target(roadmap):
    assert roadmap.chain_down(TARGET_ID) == ("y1", "y2", "q1", "a1", "a2")


def test_walks_round_trip(roadmap):
    for step in roadmap.chain_up("a1"):
        assert "a1" in roadmap.chain_down(step)


def test_served_by_counts_done_items(roadmap):
    assert roadmap.links.served_by["q1"] == ("a1", "a2")


def test_dropped_items_do_not_serve_but_keep_what_they_name(roadmap):
    assert "y2" not in roadmap.links.served_by
    assert roadmap.links.serves["a3"] == ("y2",)
    assert "a3" not in roadmap.chain_down(TARGET_ID)


def test_closed_by_counts_open_items_not_dropped_ones(roadmap):
    assert roadmap.links.closed_by["gap-a"] == ("a1",)
    assert "gap-b" not in roadmap.links.closed_by
    assert roadmap.links.closes["a3"] == ("gap-b",)


def test_serves_takes_a_single_id_or_a_list(roadmap):
    assert roadmap.links.serves["q1"] == ("y1",)
    assert roadmap.links.serves["y1"] == (TARGET_ID, "t3")


def test_mentions_come_from_bodies_and_notes(roadmap):
    mentioned = roadmap.links.mentioned_in
    assert mentioned["a1"] == ("content/index.md",)
    assert mentioned[TARGET_ID] == ("content/index.md",)
    assert mentioned["v1"] == mentioned["t3"] == ("content/e-10-years.md",)
    assert mentioned["gap-b"] == ("a3",)


def test_the_roadmap_holds_every_entry_once_in_file_order(roadmap):
    assert [i.id for i in roadmap.items] == ["a1", "a2", "a3", "q1", "y1", "y2", "t3", "v1"]
    assert [g.id for g in roadmap.gaps] == ["gap-a", "gap-b"]
    assert set(roadmap.entries) == {"a1", "a2", "a3", "q1", "y1", "y2", "t3", "v1", "gap-a", "gap-b"}
    assert [i.id for i in roadmap.items_on("year")] == ["y1", "y2"]
    assert roadmap.root.path == "content/index.md"


def test_horizon_windows_start_at_as_of(roadmap):
    assert roadmap.as_of == dt.date(2026, 11, 1)
    assert horizon_end("30-days", roadmap.as_of) == dt.date(2026, 12, 1)
    assert horizon_end("quarter", roadmap.as_of) == dt.date(2027, 1, 31)
    assert horizon_end("year", roadmap.as_of) == dt.date(2027, 11, 1)
    assert horizon_end("3-years", roadmap.as_of) == dt.date(2029, 11, 1)
    assert horizon_end("10-years", roadmap.as_of) == dt.date(2036, 11, 1)


def test_a_leap_day_as_of_ends_a_year_on_28_february():
    assert horizon_end("year", dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_a_chain_with_a_cycle_terminates():
    # Nothing can serve the same horizon, so a cycle can only be built from
    # rejected links; walking what is left still ends.
    files = {**SITE, "content/d-3-years.md": plan("3-years", item("t3", "[v1, t3]"))}
    roadmap, found = link(files)
    assert [d.code for d in found] == ["serves-shorter"]
    assert roadmap.chain_up("t3") == ("v1",)


def test_rejected_references_make_no_links():
    files = {
        **SITE,
        "content/b-quarter.md": plan("quarter", item("q1", "[y1, a1, nope, gap-a]", "[y1, gap-nope]")),
    }
    roadmap, found = link(files)
    assert sorted((d.code, d.line) for d in found) == [
        ("serves-shorter", 7), ("unknown-ref", 7), ("unknown-ref", 7), ("unknown-ref", 8), ("unknown-ref", 8),
    ]
    assert roadmap.links.serves["q1"] == ("y1",)
    assert "q1" not in roadmap.links.closes
    messages = " ".join(d.message for d in found)
    assert "'gap-a' is a gap, not a plan item" in messages
    assert "'y1' is an item, not a gap" in messages


def test_duplicates_keep_the_first_entry():
    files = {**SITE, "content/gaps.md": SITE["content/gaps.md"].replace("id: gap-b", "id: a1")}
    roadmap, found = link(files)
    (duplicate,) = [d for d in found if d.code == "duplicate-id"]
    assert (duplicate.path, duplicate.line) == ("content/gaps.md", 5)
    assert "content/a-30-days.md:5" in duplicate.message
    assert roadmap.entries["a1"].kind == "item"


def test_target_is_a_reserved_id():
    files = {**SITE, "content/gaps.md": SITE["content/gaps.md"].replace("id: gap-b", "id: target")}
    _, found = link(files)
    assert [(d.code, d.path, d.line) for d in found if d.code != "unknown-ref"] == [("bad-field", "content/gaps.md", 5)]


def test_progress_names_plan_items():
    review = "---\nkind: review\ndate: 2026-11-05\ntype: monthly\nprogress:\n  a1: done\n  gap-a: done\n  a9: done\n---\n"
    roadmap, found = link({**SITE, "content/reviews/r.md": review})
    assert [(d.code, d.line) for d in found] == [("unknown-ref", 7), ("unknown-ref", 8)]
    assert roadmap.reviews[0].progress[0][1] == "done"


def test_reviews_are_ordered_by_date():
    later = "---\nkind: review\ndate: 2026-12-01\ntype: monthly\n---\n"
    earlier = "---\nkind: review\ndate: 2026-11-05\ntype: monthly\n---\n"
    roadmap, _ = link({**SITE, "content/reviews/a.md": later, "content/reviews/b.md": earlier})
    assert [r.date.day for r in roadmap.reviews] == [5, 1]


def test_no_root_and_many_roots():
    without = {k: v for k, v in SITE.items() if k != "content/index.md"}
    roadmap, found = link(without)
    assert roadmap.root is None
    assert [(d.code, d.path, d.line) for d in found if d.code == "no-root"] == [("no-root", "content", None)]
    _, found = link({**SITE, "content/z.md": ROOT})
    assert [(d.code, d.path, d.line, d.column) for d in found] == [("many-roots", "content/z.md", 2, 7)]


def test_a_broken_root_still_counts_as_a_root():
    broken = ROOT.replace("as_of: 2026-11-01", "as_of: someday")
    roadmap, found = link({**SITE, "content/index.md": broken})
    assert roadmap.root is None
    assert [d.code for d in found] == ["bad-field"]


def test_primary_path_is_the_most_probable():
    paths = ("---\nkind: paths\nitems:\n"
             "  - {id: p1, title: One, probability: 30, trigger: t}\n"
             "  - {id: p2, title: Two, probability: 70}\n---\n")
    roadmap, _ = link({**SITE, "content/paths.md": paths})
    assert roadmap.primary_path.id == "p2"
