"""An audience's edition is a function of what that audience may see: adding
content above the audience must not change one byte of it, not a count, an
age, a date or a layout."""

from __future__ import annotations

import pytest

from build_helpers import EXAMPLE_TODAY, copy_example, run_build, snapshot

HIDDEN_PLAN = """\
---
kind: plan
horizon: 30-days
visibility: {level}
items:
  - id: hidden-apply-elsewhere
    title: Apply to two companies
    due: 2026-11-28
    serves: q-sponsor
  - id: hidden-recruiter-call
    title: Call the recruiter back
    due: 2026-11-12
    serves: q-sponsor
  - id: hidden-overdue
    title: Update the CV
    due: 2026-11-03
    serves: q-sponsor
---
"""

HIDDEN_ITEM_IN_A_SHOWN_PLAN = """
  - id: hidden-salary-talk
    title: Ask for the salary band
    due: 2026-11-19
    serves: q-sponsor
    visibility: {level}
"""

HIDDEN_REVIEW = """\
---
kind: review
date: 2026-11-20
type: quarterly
visibility: {level}
ratings:
  role_satisfaction: 2
progress:
  scope-ledger: done
  hidden-apply-elsewhere: active
  kafka-practice-exams-rest: done
assumptions:
  y3-staff-scope: broken
---

I am close to leaving.
"""

# Archived items: in an archive of their own and in the example's, done
# within "done this month", drawn on the timeline's earlier part.
HIDDEN_ARCHIVE = """\
---
kind: archive
title: Hidden archive
visibility: {level}
items:
  - id: hidden-archived-offer
    title: Turn down the first offer
    horizon: 30-days
    due: 2026-11-15
    status: done
    serves: q-sponsor
---

Nobody may know.
"""

HIDDEN_ITEM_IN_A_SHOWN_ARCHIVE = """
  - id: hidden-archived-talk
    title: Talk to a recruiter
    horizon: 30-days
    due: 2026-10-01
    status: done
    visibility: {level}
"""

HIDDEN_GAP_AND_RISK = {
    "content/hidden-gaps.md": "---\nkind: gaps\nvisibility: {level}\nitems:\n"
                              "  - id: hidden-gap\n    title: A gap no one may know\n    area: network\n    now: none\n    needed: some\n---\n",
    "content/hidden-risks.md": "---\nkind: risks\nvisibility: {level}\nitems:\n"
                               "  - id: hidden-risk\n    title: Laid off\n    probability: 40\n    impact: high\n    mitigation: savings\n---\n",
    "content/notes/hidden.md": "---\ntitle: Thoughts on my manager\nvisibility: {level}\n---\n\nThey are [[scope-ledger]].\n",
}


def add_hidden(site, level: str) -> None:
    (site / "content" / "hidden-30-days.md").write_text(HIDDEN_PLAN.format(level=level), "utf-8")
    (site / "content" / "reviews" / "2026-11-20-quarterly.md").write_text(HIDDEN_REVIEW.format(level=level), "utf-8")
    month = site / "content" / "next-30-days.md"
    text = month.read_text("utf-8")
    head, fence, body = text.partition("\n---\n")
    month.write_text(head + HIDDEN_ITEM_IN_A_SHOWN_PLAN.format(level=level).rstrip("\n") + fence + body, "utf-8")
    for rel, template in HIDDEN_GAP_AND_RISK.items():
        (site / rel).write_text(template.format(level=level), "utf-8")
    (site / "content" / "archive" / "hidden.md").write_text(HIDDEN_ARCHIVE.format(level=level), "utf-8")
    shown = site / "content" / "archive" / "first-roadmap.md"
    head, fence, body = shown.read_text("utf-8").partition("\n---\n")
    shown.write_text(head + HIDDEN_ITEM_IN_A_SHOWN_ARCHIVE.format(level=level).rstrip("\n") + fence + body, "utf-8")


@pytest.mark.parametrize("audience, level", [("public", "mentors"), ("public", "private"), ("mentors", "private")])
@pytest.mark.parametrize("theme", ["default", "one-pager"])
def test_hidden_content_does_not_change_one_byte(tmp_path, audience, level, theme):
    site = copy_example(tmp_path / "site")
    flags = ("--today", EXAMPLE_TODAY, "--audience", audience, "--theme", theme,
             "--base-url", "https://example.org/roadmap/")
    assert run_build(site, "--out", tmp_path / "before", *flags).code == 0
    add_hidden(site, level)
    private = run_build(site, "--out", tmp_path / "private", *flags[:2], "--audience", "private")
    assert private.code == 0, private.err
    # The hidden content is really there and really changes what its audience sees...
    private_pages = snapshot(tmp_path / "private")
    assert b"Apply to two companies" in private_pages["index.html"] or any(
        b"Apply to two companies" in data for data in private_pages.values())
    # ...including the hidden review's progress on the public item scope-ledger
    # (format 1.1: the effective status), which the audience must not see.
    assert b'status-done">done</span> <span class="status-note">' in private_pages["30-days.html"]
    assert b"20 Nov review" in private_pages["30-days.html"]
    # ...and what the review loop shows: a hidden review's verdict on a public assumption, the
    # last test's date, hidden archived items and a hidden review's progress on a public one.
    assumptions = private_pages["assumptions.html"]
    assert b'class="assumption verdict-broken" id="assumption:y3-staff-scope"' in assumptions
    for title in (b"Turn down the first offer", b"Talk to a recruiter"):
        assert title in private_pages["history.html"] and title in private_pages["timeline.html"]
    done_month = private_pages["index.html"].split(b'class="done-month"')[1].split(b"</section>")[0]
    assert b"Turn down the first offer" in done_month and b"Pass the last two practice exams" in done_month
    assert run_build(site, "--out", tmp_path / "after", *flags).code == 0
    before, after = snapshot(tmp_path / "before"), snapshot(tmp_path / "after")
    assert sorted(before) == sorted(after)
    assert [path for path in before if before[path] != after[path]] == []
