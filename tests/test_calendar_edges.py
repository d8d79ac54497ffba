"""Dates at the calendar's edges (0001-01-01, 9999-12-31) in every date field
and as "today": check and build report or render them, never crash (exit 3)."""

from __future__ import annotations

import json
import re

import pytest

from support import MINIMAL_ROOT, MINIMAL_SITE

BASE = ["--base-url", "https://example.com/"]


def _root(as_of: str = "2026-11-01", by: str | None = None) -> str:
    root = MINIMAL_ROOT.replace("as_of: 2026-11-01", f"as_of: {as_of}")
    if by:
        root = root.replace("  role: Staff Engineer\n", f"  role: Staff Engineer\n  by: {by}\n")
    return root


def _review(date: str, review_type: str = "monthly") -> str:
    return f"---\nkind: review\ndate: {date}\ntype: {review_type}\nratings:\n  focus: 7\nmetrics:\n  hours: 3\n---\n"


def _vision(due: str) -> str:
    return (f"---\nkind: plan\nhorizon: 10-years\nitems:\n  - id: vision-goal\n    title: Vision goal\n"
            f"    due: {due}\n    start: 0001-01-01\n    serves: target\n---\n")


def _build(run_main, root, out, today):
    result = run_main(["build", root, "--out", out, "--today", today, *BASE])
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    return result


def _events(out) -> list[str]:
    text = (out / "roadmap.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    return re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, re.S)


def test_target_on_the_calendars_last_day_builds(minimal_site, run_main, tmp_path):
    root = minimal_site({"content/index.md": _root(by="9999-12-31")})
    result = _build(run_main, root, tmp_path / "out", "2026-11-10")
    assert result.code == 0, result.stderr
    target = [e for e in _events(tmp_path / "out") if "Target:" in e]
    assert len(target) == 1
    assert "DTSTART;VALUE=DATE:99991231" in target[0]
    assert "DTEND" not in target[0]  # a one-day event: there is no day after it to end on
    assert "31 Dec 9999" in (tmp_path / "out" / "timeline.html").read_text(encoding="utf-8")


def test_review_on_the_calendars_last_day_builds(minimal_site, run_main, tmp_path):
    root = minimal_site({"content/reviews/last.md": _review("9999-12-31", "annual")})
    result = _build(run_main, root, tmp_path / "out", "2026-11-10")
    assert result.code == 0, result.stderr
    data = json.loads((tmp_path / "out" / "roadmap.json").read_text(encoding="utf-8"))
    # The next review after it would be due past the calendar's end: it is due on its last day.
    assert {r["due"] for r in data["next_reviews"]} == {"9999-12-31"}


def test_horizon_ending_on_the_calendars_last_day_builds(minimal_site, run_main, tmp_path):
    root = minimal_site({"content/index.md": _root(as_of="9989-12-31", by="9999-12-31"),
                         "content/next-30-days.md": MINIMAL_SITE["content/next-30-days.md"].replace(
                             "2026-11-20", "9990-01-20"),
                         "content/vision.md": _vision("9999-12-31"),
                         "content/reviews/last.md": _review("9999-12-31")})
    for today in ("9999-12-31", "0001-01-01", "9990-01-01"):
        result = _build(run_main, root, tmp_path / "out", today)
        assert result.code == 0, result.stderr
    timeline = (tmp_path / "out" / "timeline.html").read_text(encoding="utf-8")
    assert "9999" in timeline


def test_plan_from_the_calendars_first_day_builds(minimal_site, run_main, tmp_path):
    root = minimal_site({"content/index.md": _root(as_of="0001-01-01", by="0001-01-01"),
                         "content/next-30-days.md": MINIMAL_SITE["content/next-30-days.md"].replace(
                             "2026-11-20", "0001-01-01"),
                         "content/reviews/first.md": _review("0001-01-01")})
    result = _build(run_main, root, tmp_path / "out", "0001-01-01")
    assert result.code == 0, result.stderr
    events = _events(tmp_path / "out")
    # Four digits of year, as iCalendar requires (strftime writes '1' for the year 1).
    assert any("DTSTART;VALUE=DATE:00010101" in e and "DTEND;VALUE=DATE:00010102" in e for e in events)
    assert all(re.search(r"DTSTAMP:00010101T000000Z", e) for e in events)


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31"])
def test_check_and_build_on_the_calendars_edges(minimal_site, run_main, tmp_path, today):
    root = minimal_site({"content/reviews/r.md": _review("2026-11-05")})
    check = run_main(["check", root, "--today", today])
    assert check.code in (0, 1) and "internal error" not in check.stderr, check.stderr
    assert _build(run_main, root, tmp_path / "out", today).code == 0


def test_init_refuses_a_today_too_close_to_the_calendars_end(tmp_path, run_main):
    result = run_main(["init", tmp_path / "site", "--today", "9999-12-31"])
    assert result.code == 2
    assert "too close to the end of the calendar" in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_new_review_on_the_calendars_last_day_then_build(minimal_site, run_main, tmp_path):
    root = minimal_site()
    assert run_main(["new", "review", root, "--date", "9999-12-31", "--today", "2026-11-10"]).code == 0
    assert _build(run_main, root, tmp_path / "out", "2026-11-10").code == 0


def test_edge_dates_never_exit_3_in_a_real_process(minimal_site, run_cli, tmp_path):
    root = minimal_site({"content/index.md": _root(by="9999-12-31"), "content/reviews/last.md": _review("9999-12-31")})
    for args in (["check", root], ["build", root, "--out", tmp_path / "out", *BASE]):
        result = run_cli([*args, "--today", "2026-11-10"])
        assert result.code in (0, 1), result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
