"""`roadmapgen roll`: moves the plan forward, changing only the lines it
must, losing no word, writing each file whole or not at all, and refusing
(with every file byte for byte as it was) when it should."""

from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import REPO_ROOT

from roadmapgen.write.content_edits import EditError, add_items, cut_items, new_file, set_item_values

DAY = "2026-12-01"

ROOT = """\
---
# Dana's roadmap: the root
kind: roadmap
title: "Dana's plan"   # quoted on purpose
owner: Dana
as_of: '2026-11-01'  # single-quoted date
target:
  role: Staff Engineer
---
Intro, see [[m-done]].
"""
# CR LF line breaks, a byte order mark, a flow-style item, a comment above
# an item, another at the end of a line, and an item whose keys run backwards.
MONTH = ("\ufeff---\r\nkind: plan\r\nhorizon: 30-days\r\nitems:\r\n"
         "  # The first conversation\r\n"
         "  - id: m-done\r\n    title: 'Talk to Renata: the sponsor'\r\n    due: 2026-11-10\r\n"
         "    status: done   # yes!\r\n    serves: q-open\r\n"
         "\r\n"
         "  - {id: m-flow, title: \"Flow item\", due: 2026-11-20, serves: [q-open]}\r\n"
         "\r\n"
         "  - serves: q-open\r\n    due: 2026-11-25\r\n    title: Keep going\r\n    id: m-open\r\n"
         "---\r\nBody mentions [[m-done]] and [[m-flow|the flow one]].\r\n")
QUARTER = """\
---
kind: plan
horizon: quarter
visibility: mentors
items:
  - id: q-open
    title: Open quarter item
    due: 2027-01-20
    serves: y-goal
  -
    id: q-drop        # the dash stands alone
    title: Dropped one
    serves: y-goal
    notes: |
      Why it was dropped:
      # not a comment
---
"""
YEAR = """\
---
kind: plan
horizon: year
items:
- id: y-goal
  title: Year goal
  serves: target
- id: y-done
  title: Old year goal
  status: dropped
  serves: target
---
"""
REVIEW = """\
---
kind: review
date: 2026-11-20
type: monthly
progress:
  m-flow: done
  m-open: active
  q-drop: dropped
---
"""
SITE = {
    "content/index.md": ROOT,
    "content/next-30-days.md": MONTH,
    "content/next-quarter.md": QUARTER,
    "content/year-1.md": YEAR,
    "content/reviews/2026-11-20-monthly.md": REVIEW,
}

# What the files hold after `roll --date 2026-12-01`, whole.
ROLLED_ROOT = ROOT.replace("as_of: '2026-11-01'", "as_of: '2026-12-01'")
ROLLED_MONTH = ("\ufeff---\r\nkind: plan\r\nhorizon: 30-days\r\nitems:\r\n"
                "  - serves: q-open\r\n    due: 2026-11-25\r\n    title: Keep going\r\n    id: m-open\r\n"
                "    status: active\r\n"
                "---\r\nBody mentions [[m-done]] and [[m-flow|the flow one]].\r\n")
ROLLED_QUARTER = """\
---
kind: plan
horizon: quarter
visibility: mentors
items:
  - id: q-open
    title: Open quarter item
    due: 2027-01-20
    serves: y-goal
---
"""
ROLLED_YEAR = """\
---
kind: plan
horizon: year
items:
- id: y-goal
  title: Year goal
  serves: target
---
"""
ARCHIVE_ITEMS = """\
items:
  # The first conversation
  - id: m-done
    title: 'Talk to Renata: the sponsor'
    horizon: 30-days
    due: 2026-11-10
    status: done   # yes!
    serves: q-open

  - {id: m-flow, title: "Flow item", horizon: 30-days, due: 2026-11-20, status: done, serves: [q-open]}

  -
    id: q-drop        # the dash stands alone
    title: Dropped one
    horizon: quarter
    serves: y-goal
    status: dropped
    notes: |
      Why it was dropped:
      # not a comment
    visibility: mentors

  - id: y-done
    title: Old year goal
    horizon: year
    status: dropped
    serves: target
---
"""


def snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file() and ".git" not in path.parts}


@pytest.fixture
def site(tmp_path, write_tree):
    return write_tree(tmp_path, SITE)


def test_roll_changes_only_the_lines_it_must(site, run_main, check_json):
    result = run_main(["roll", site, "--date", DAY])
    assert result.code == 0, result.stderr
    read = lambda relative: (site / relative).read_bytes().decode("utf-8")  # noqa: E731
    assert read("content/index.md") == ROLLED_ROOT
    assert read("content/next-30-days.md") == ROLLED_MONTH
    assert read("content/next-quarter.md") == ROLLED_QUARTER
    assert read("content/year-1.md") == ROLLED_YEAR
    assert read("content/reviews/2026-11-20-monthly.md") == REVIEW
    # The archive takes the line breaks of the first plan an item left.
    archive = read("content/archive.md").replace("\r\n", "\n")
    assert archive.startswith("---\nkind: archive\ntitle: Archive\n" + ARCHIVE_ITEMS)
    assert "\r\n" in read("content/archive.md")
    code, report = check_json(site, today=DAY)
    assert report["errors"] == 0, report
    assert [f["code"] for f in report["findings"]] == ["overdue"]  # m-open, and the report says so


def test_roll_reports_what_it_changed(site, run_main):
    out = run_main(["roll", site, "--date", DAY]).stdout
    assert "rolled the plan forward to 2026-12-01" in out
    assert "content/index.md: as_of 2026-11-01 -> 2026-12-01" in out
    assert "'m-open': status planned -> active (from the 2026-11-20 monthly review)" in out
    assert "content/year-1.md: moved 1 item to content/archive.md: 'y-done' (dropped)" in out
    assert "content/reviews/2026-12-01-monthly.md: started the monthly review" in out
    # m-open's due is now before its window: listed at its id in the rolled file, with a hint.
    assert re.search(r"content/next-30-days.md:8:\d+: 'm-open' \(30-days\) is due 2026-11-25, before", out)
    assert "hint: give each a new due date" in out


def test_archived_ids_still_resolve_and_the_review_is_started(site, run_main, check_json):
    assert run_main(["roll", site, "--date", DAY]).code == 0
    review = (site / "content/reviews/2026-12-01-monthly.md").read_text(encoding="utf-8")
    assert "date: 2026-12-01" in review and "type: monthly" in review
    assert "m-open: active" in review and "m-done" not in review  # open items only
    # The old review's progress and the bodies' [[links]] name archived items: no unknown-ref.
    code, report = check_json(site, today=DAY)
    assert code == 0 and report["errors"] == 0


def test_no_review_is_started_when_one_has_that_date(site, run_main, write_tree):
    quarterly = REVIEW.replace("2026-11-20", DAY).replace("monthly", "quarterly").replace(
        "progress:\n  m-flow: done\n  m-open: active\n  q-drop: dropped\n", "")
    write_tree(site, {f"content/reviews/{DAY}-quarterly.md": quarterly})
    result = run_main(["roll", site, "--date", DAY])
    assert result.code == 0, result.stderr
    assert not (site / f"content/reviews/{DAY}-monthly.md").exists()
    assert "started the monthly review" not in result.stdout


def test_a_second_roll_on_the_same_day_changes_nothing(site, run_main):
    assert run_main(["roll", site, "--date", DAY]).code == 0
    before = snapshot(site)
    again = run_main(["roll", site, "--date", DAY])
    assert again.code == 0, again.stderr
    assert "nothing to roll" in again.stdout
    assert snapshot(site) == before


def test_dry_run_prints_a_diff_and_writes_nothing(site, run_main):
    before = snapshot(site)
    result = run_main(["roll", site, "--date", DAY, "--dry-run"])
    assert result.code == 0, result.stderr
    assert snapshot(site) == before
    diff = result.stdout
    assert "--- a/content/index.md\n+++ b/content/index.md\n" in diff
    assert "-as_of: '2026-11-01'  # single-quoted date\n+as_of: '2026-12-01'  # single-quoted date" in diff
    assert "--- /dev/null\n+++ b/content/archive.md\n" in diff
    assert "--- /dev/null\n+++ b/content/reviews/2026-12-01-monthly.md\n" in diff
    assert "-  - {id: m-flow" in diff and "+    status: active" in diff
    assert "\r" not in diff  # line breaks are not shown
    assert "would roll the plan forward" in result.stderr and "nothing was written" in result.stderr


def test_the_diff_applies_as_a_patch(site, run_main, tmp_path):
    if not shutil.which("patch"):
        pytest.skip("needs the patch tool")
    plain = tmp_path / "plain"
    shutil.copytree(site / "content", plain / "content")
    for path in (plain / "content").rglob("*.md"):  # the diff shows LF line breaks and no BOM
        path.write_text(path.read_text(encoding="utf-8").replace("\r\n", "\n").lstrip("\ufeff"))
    diff = run_main(["roll", plain, "--date", DAY, "--dry-run"]).stdout
    import subprocess

    done = subprocess.run(["patch", "-p1", "-s"], input=diff + "\n", text=True, cwd=plain,
                          capture_output=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "as_of: '2026-12-01'" in (plain / "content/index.md").read_text()
    assert (plain / "content/archive.md").is_file()


def test_refused_when_check_reports_errors(site, run_main, write_tree):
    write_tree(site, {"content/year-1.md": YEAR.replace("target\n- id: y-done", "targte\n- id: y-done")})
    before = snapshot(site)
    result = run_main(["roll", site, "--date", DAY])
    assert result.code == 1
    assert snapshot(site) == before
    assert "content/year-1.md:7:11: error[unknown-ref]" in result.stderr  # as check shows it
    assert "the roadmap has 1 error: fix it, then roll; nothing was written" in result.stderr


def test_a_line_separator_in_a_quoted_title_moves_as_of(site, run_main):
    # YAML counts U+2028 as a line break, an editor does not: as_of's line is YAML's.
    root = site / "content/index.md"
    root.write_bytes(root.read_bytes().replace(b"Dana's plan", "Dana's\u2028plan".encode()))
    result = run_main(["roll", site, "--date", DAY])
    assert result.code == 0, result.stderr
    assert root.read_bytes() == ROLLED_ROOT.replace("Dana's plan", "Dana's\u2028plan").encode()


def test_refused_before_as_of(site, run_main):
    before = snapshot(site)
    result = run_main(["roll", site, "--date", "2026-10-31"])
    assert result.code == 1
    assert "2026-10-31 is before the plan's as_of (2026-11-01)" in result.stderr
    assert snapshot(site) == before


@pytest.mark.parametrize("args", [["--date", "1 Dec"], ["--date", "2026-02-30"], ["--nope"]])
def test_usage_errors_exit_2(site, run_main, args):
    result = run_main(["roll", site, *args])
    assert result.code == 2 and "Traceback" not in result.stderr


def test_a_missing_folder_is_a_usage_error(tmp_path, run_main):
    assert run_main(["roll", tmp_path / "nowhere", "--date", DAY]).code == 2


def test_date_defaults_to_today(site, run_main):
    result = run_main(["roll", site, "--dry-run"], env={"ROADMAPGEN_TODAY": "2026-12-03"})
    assert result.code == 0 and "as_of: '2026-12-03'" in result.stdout


def test_a_layout_it_cannot_edit_is_refused_whole(site, run_main, write_tree):
    # An alias into an item that moves: the item would not read the same on its own.
    year = YEAR.replace("title: Year goal", "title: &goal Year goal").replace("title: Old year goal",
                                                                             "title: *goal")
    write_tree(site, {"content/year-1.md": year})
    before = snapshot(site)
    result = run_main(["roll", site, "--date", DAY])
    assert result.code == 1, result.stdout
    assert ("content/year-1.md: moving items to content/archive.md cannot be done safely: "
            "'y-done' cannot be moved on its own") in result.stderr
    assert snapshot(site) == before


def test_a_plan_file_linked_inside_the_site_is_written_through_the_link(site, run_main):
    real = site / "plans" / "year.md"
    real.parent.mkdir()
    (site / "content/year-1.md").rename(real)
    (site / "content/year-1.md").symlink_to(Path("..", "plans", "year.md"))
    assert run_main(["roll", site, "--date", DAY]).code == 0
    assert (site / "content/year-1.md").is_symlink()
    assert real.read_text() == ROLLED_YEAR


def test_an_archive_that_is_a_link_out_of_the_site_is_refused(site, run_main, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "archive.md"
    outside.write_text("---\nkind: archive\nitems: []\n---\n")
    (site / "content/archive.md").symlink_to(outside)
    before = snapshot(site)
    result = run_main(["roll", site, "--date", DAY])
    assert result.code == 1
    assert "content/archive.md: error[bad-path]: the file is a link to a place outside" in result.stderr
    assert snapshot(site) == before and outside.read_text() == "---\nkind: archive\nitems: []\n---\n"


def test_a_page_named_archive_is_not_written_over(site, run_main, write_tree):
    write_tree(site, {"content/archive.md": "---\ntitle: My archive notes\n---\nMine.\n"})
    before = snapshot(site)
    result = run_main(["roll", site, "--date", DAY])
    assert result.code == 1 and "content/archive.md exists but is not a 'kind: archive' file" in result.stderr
    assert snapshot(site) == before


def test_items_are_added_to_an_existing_archive(site, run_main, write_tree, check_json):
    archive = ("---\nkind: archive\nvisibility: private\nitems:\n"
               "- id: old-one\n  title: Old one\n  horizon: quarter\n  status: done\n---\nOlder things.\n")
    write_tree(site, {"content/archive.md": archive})
    assert run_main(["roll", site, "--date", DAY]).code == 0
    text = (site / "content/archive.md").read_text(encoding="utf-8")
    # Indented like the archive's own items; the archive is private, so no visibility is added.
    assert text.startswith(archive.split("---\nOlder")[0]
                           + "\n# The first conversation\n- id: m-done\n  title: 'Talk to Renata: the sponsor'\n")
    assert "visibility: mentors" not in text
    assert text.endswith("    # not a comment\n\n- id: y-done\n  title: Old year goal\n  horizon: year\n"
                         "  status: dropped\n  serves: target\n---\nOlder things.\n")
    assert check_json(site, today=DAY)[1]["errors"] == 0


def test_a_status_a_review_gives_an_archived_item_is_written_in_the_archive(site, run_main, write_tree):
    write_tree(site, {
        "content/archive.md": "---\nkind: archive\nitems:\n  - id: old-one\n    title: Old one\n"
                              "    horizon: quarter\n    status: done  # finished early\n---\n",
        "content/reviews/2026-11-20-monthly.md": REVIEW.replace("progress:\n", "progress:\n  old-one: dropped\n"),
    })
    result = run_main(["roll", site, "--date", DAY])
    assert result.code == 0, result.stderr
    assert "content/archive.md: 'old-one': status done -> dropped" in result.stdout
    text = (site / "content/archive.md").read_text(encoding="utf-8")
    assert text.startswith("---\nkind: archive\nitems:\n  - id: old-one\n    title: Old one\n"
                           "    horizon: quarter\n    status: dropped  # finished early\n\n  # The first")


def test_an_interrupted_roll_leaves_each_file_old_or_new(site, run_main, monkeypatch):
    rolled = {"content/archive.md", "content/next-30-days.md"}
    real_replace, calls = os.replace, []

    def failing(source, target):
        calls.append(target)
        if len(calls) == 2:  # the second plan file: the power goes out
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing)
    before = snapshot(site)
    result = run_main(["roll", site, "--date", DAY])
    assert result.code == 1
    assert "content/next-quarter.md could not be written (No space left on device)" in result.stderr
    assert "already written: content/archive.md, content/next-30-days.md" in result.stderr
    after = snapshot(site)
    assert [name for name in after if name.endswith(".tmp")] == []  # no temporary file left behind
    for name, data in after.items():
        assert data == before.get(name) or name in rolled, name
    # No word is lost: what left the 30-days plan is in the archive.
    assert "Talk to Renata: the sponsor" in after["content/archive.md"].decode()


def test_the_example_rolled_forward_stays_check_clean(tmp_path, run_main, check_json):
    shutil.copytree(REPO_ROOT / "content", tmp_path / "content")
    before = {path.relative_to(tmp_path).as_posix(): path.read_text(encoding="utf-8")
              for path in (tmp_path / "content").rglob("*.md")}
    day = "2026-12-07"
    result = run_main(["roll", tmp_path, "--date", day])
    assert result.code == 0, result.stderr
    code, report = check_json(tmp_path, today=day)
    assert report["errors"] == 0, report
    assert "window-passed" not in {f["code"] for f in report["findings"]}
    archive = (tmp_path / "content/archive.md").read_text(encoding="utf-8")
    for moved in ("ask-renata", "q-ledger-owner", "q-comp-research", "q-kafka-cert"):
        assert f"- id: {moved}\n" in archive
    # Every comment and every word of every body is still in content/.
    words = lambda text: re.findall(r"[^\W_]+", text)  # noqa: E731
    after = " ".join(path.read_text(encoding="utf-8") for path in (tmp_path / "content").rglob("*.md"))
    missing = set(words(" ".join(before.values()))) - set(words(after))
    assert missing <= {"02"}, missing  # as_of's day, now 07
    built = run_main(["build", tmp_path, "--today", day, "--audience", "private"])
    assert built.code == 0, built.stderr
    assert "Ask Renata" in (tmp_path / "site/history.html").read_text(encoding="utf-8")


# -- the text edits themselves ------------------------------------------------------

ORDER = ("id", "title", "status", "notes")


def test_a_flow_list_of_items_is_refused_with_a_reason():
    text = "---\nkind: plan\nhorizon: year\nitems: [{id: a, title: A, status: done}]\n---\n"
    with pytest.raises(EditError, match="flow list"):
        cut_items("p.md", text, ["a"])
    # ... though a value in it can still be written.
    assert set_item_values("p.md", text, [("a", "status", "dropped")], ORDER).count("status: dropped") == 1


def test_a_status_is_written_in_the_quoting_it_had():
    text = ("---\nitems:\n  - id: a\n    title: A\n    status: 'active'\n"
            "  - id: b\n    title: B\n    status: ~\n---\n")
    text = set_item_values("p.md", text, [("a", "status", "done")], ORDER)
    text = set_item_values("p.md", text, [("b", "status", "done")], ORDER)
    assert text == ("---\nitems:\n  - id: a\n    title: A\n    status: 'done'\n"
                    "  - id: b\n    title: B\n    status: done\n---\n")


def test_an_added_key_goes_before_the_keys_that_follow_it():
    text = "---\nitems:\n  - id: a\n    title: A\n    # why\n    notes: n\n---\n"
    assert set_item_values("p.md", text, [("a", "status", "done")], ORDER) == (
        "---\nitems:\n  - id: a\n    title: A\n    status: done\n    # why\n    notes: n\n---\n")


def test_the_last_item_takes_its_blank_line_and_an_empty_list_is_written_as_such():
    text = "---\nitems:  # mine\n  - id: a\n    title: A\n\n  - id: b\n    title: B\ntitle: T\n---\nBody\n"
    text, _ = cut_items("p.md", text, ["b"])
    assert text == "---\nitems:  # mine\n  - id: a\n    title: A\ntitle: T\n---\nBody\n"
    text, (moved,) = cut_items("p.md", text, ["a"])
    assert text == "---\nitems: []  # mine\ntitle: T\n---\nBody\n"
    assert moved.lines == ("  - id: a", "    title: A")


def test_neighbours_cut_together_leave_one_blank_line():
    text = "---\nitems:\n  - id: a\n\n  - id: b\n\n  - id: c\n\n  - id: d\n---\n"
    assert cut_items("p.md", text, ["b", "c"])[0] == "---\nitems:\n  - id: a\n\n  - id: d\n---\n"
    assert cut_items("p.md", text, ["a", "d"])[0] == "---\nitems:\n  - id: b\n\n  - id: c\n---\n"
    assert cut_items("p.md", text, ["d", "c", "b", "a"])[0] == "---\nitems: []\n---\n"


def test_moved_items_are_reindented_to_the_archive():
    _, (moved,) = cut_items("p.md", "---\nitems:\n    -   id: a\n        title: A\n---\n", ["a"])
    archive = "---\nkind: archive\nitems:\n- id: z\n  title: Z\n---\n"
    assert add_items("a.md", archive, [moved]) == (
        "---\nkind: archive\nitems:\n- id: z\n  title: Z\n\n-   id: a\n    title: A\n---\n")
    created = add_items("a.md", new_file(["kind: archive", "items:"], "Body."), [moved])
    assert created == "---\nkind: archive\nitems:\n  -   id: a\n      title: A\n---\n\nBody.\n"


# -- any common layout rolls, and no word is lost ----------------------------------


_WORDS = re.compile(r"[^\W_]+")


@st.composite
def plan_layouts(draw):
    """A plan file as people write them: any indentation, key order, quoting,
    comments, blank lines, flow-style items, block scalars, CR LF, a BOM."""
    dash = draw(st.sampled_from([0, 2, 4]))
    gap = draw(st.sampled_from([" ", "   "]))  # after the '-'
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines, ids = [], []
    for n in range(draw(st.integers(1, 6))):
        item_id = f"item-{n}"
        ids.append(item_id)
        fields = [("id", item_id),
                  ("title", draw(st.sampled_from([f"Item {n}", f"'Item: {n}'", f'"Item #{n}"'])))]
        if draw(st.booleans()):
            fields.append(("due", f"2026-11-{10 + n}"))
        if draw(st.booleans()):
            fields.append(("status", draw(st.sampled_from(["planned", "'active'", '"blocked"', "~", ""]))))
        if draw(st.booleans()):
            fields.append(("serves", draw(st.sampled_from(["target", "[target]"]))))
        fields = draw(st.permutations(fields))
        if draw(st.booleans()):
            lines.append(" " * dash + f"# about item {n}")
        if draw(st.integers(0, 3)) == 0:  # flow style
            inner = ", ".join(f"{key}: {value}" if value else f"{key}: ~" for key, value in fields)
            lines.append(" " * dash + f"-{gap}{{{inner}}}")
        else:
            indent = " " * (dash + 1 + len(gap))
            alone = draw(st.booleans())
            if alone:
                lines.append(" " * dash + "-")
            for k, (key, value) in enumerate(fields):
                comment = draw(st.sampled_from(["", "  # note"]))
                start = " " * dash + f"-{gap}" if k == 0 and not alone else indent
                lines.append(f"{start}{key}:{' ' + value if value else ''}{comment}")
            if draw(st.booleans()):
                lines.append(indent + "# a comment inside")
            if draw(st.booleans()):
                lines += [indent + "notes: " + draw(st.sampled_from([">-", "|"])),
                          indent + "  Why it matters:", indent + "  # not a comment, words"]
        if draw(st.booleans()):
            lines.append("")
    tail = draw(st.sampled_from([[], ["title: After the items"], ["# the end"]]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    front = ["---", "kind: plan  # mine", "horizon: year", "items:", *lines, *tail, "---", "Body [[item-0]].", ""]
    text = bom + newline.join(front)
    cut = draw(st.lists(st.sampled_from(ids), unique=True))
    statuses = draw(st.lists(st.sampled_from(ids), unique=True))
    return text, cut, statuses


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan_layouts(), st.sampled_from([0, 2, 4]))
def test_any_common_layout_is_edited_without_losing_a_word(layout, archive_dash):
    text, cut, statuses = layout
    order = ("id", "title", "horizon", "due", "serves", "status", "notes")
    edited = set_item_values("p.md", text, [(item_id, "status", "done") for item_id in statuses], order)
    edited = set_item_values("p.md", edited, [(item_id, "horizon", "year") for item_id in cut], order)
    rest, moved = cut_items("p.md", edited, cut)
    archive = "---\nkind: archive\nitems:\n" + " " * archive_dash + "- id: old\n---\n"
    archived = add_items("a.md", archive, moved)
    fresh = add_items("a.md", new_file(["kind: archive", "items:"], "Body."), moved)
    assert rest.endswith("Body [[item-0]].\n".replace("\n", "\r\n" if "\r\n" in text else "\n"))
    lost = Counter(_WORDS.findall(text)) - Counter(_WORDS.findall(rest + archived))
    assert set(lost) <= {"planned", "active", "blocked"}, lost  # only the statuses it replaced
    assert Counter(_WORDS.findall(rest + fresh)) >= Counter(_WORDS.findall(text)) - lost
    for item_id in cut:
        assert f"id: {item_id}" in archived and f"id: {item_id}" not in rest
