"""roadmap.json (+ schema), roadmap.ics and feed.xml: they parse, validate,
say what the roadmap says, honour audiences and are byte-identical across
builds."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from browser import java_command, vnu_jar
from support import MINIMAL_ROOT
from roadmapgen.commands.build import build_files

TODAY = dt.date(2026, 11, 10)
BASE = "https://example.com/me/"
# The minimal root with a date for the target, so the calendar has a target event.
ROOT_WITH_DATE = MINIMAL_ROOT.replace("  role: Staff Engineer\n", "  role: Staff Engineer\n  by: 2028-06-30\n")

EXTRA = {
    "content/index.md": ROOT_WITH_DATE,
    "content/next-30-days.md": """\
---
kind: plan
horizon: 30-days
items:
  - id: first-step
    title: "First <step> & \\"more\\"\\r\\nBEGIN:VEVENT\\nSUMMARY:injected"
    due: 2026-11-20
    serves: year-goal
    closes: gap-scope
  - id: secret-step
    title: Secret interview at Rivalcorp
    due: 2026-11-25
    serves: secret-goal
    visibility: private
---
""",
    "content/year-1.md": """\
---
kind: plan
horizon: year
items:
  - id: year-goal
    title: Year goal
    serves: target
  - id: secret-goal
    title: Secret goal
    serves: target
    visibility: private
    notes: "Depends on [[year-goal]]"
---
""",
    "content/gaps.md": """\
---
kind: gaps
items:
  - id: gap-scope
    title: Scope
    area: scope
    now: team
    needed: org
---
""",
    "content/reviews/2026-11-05-monthly.md": """\
---
kind: review
date: 2026-11-05
type: monthly
title: "November <check-in> & co"
ratings:
  role_satisfaction: 7
metrics:
  skill_hours: 12.5
progress:
  first-step: active
  secret-step: active
---

Moved [[first-step]] along; [[secret-step]] too.
""",
    "content/reviews/2026-11-08-monthly.md": """\
---
kind: review
date: 2026-11-08
type: monthly
title: Secret review
visibility: private
---

Rivalcorp talks.
""",
}


@pytest.fixture
def site(minimal_site):
    return minimal_site(EXTRA)


def build(root: Path, **flags) -> dict[str, bytes]:
    files, _settings, _diagnostics = build_files(root, TODAY, **flags)
    return files


# -- roadmap.json ---------------------------------------------------------------

def test_json_validates_against_its_published_schema(site):
    import jsonschema

    files = build(site)
    data = json.loads(files["roadmap.json"])
    schema = json.loads(files["roadmap.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator,
                        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert data["schema_version"] == 1


def test_json_holds_the_linked_model(site):
    data = json.loads(build(site)["roadmap.json"])
    items = {i["id"]: i for i in data["items"]}
    assert items["first-step"]["serves"] == [{"id": "year-goal"}]
    assert items["first-step"]["closes"] == [{"id": "gap-scope"}]
    assert items["first-step"]["title"].startswith('First <step> & "more"')
    assert items["year-goal"]["served_by"] == [{"id": "first-step"}]
    assert items["year-goal"]["serves"] == [{"id": "target"}]
    assert data["gaps"][0]["closed_by"] == [{"id": "first-step"}]
    assert data["target"]["role"] == "Staff Engineer" and data["target"]["by"] == "2028-06-30"
    assert [h["name"] for h in data["horizons"]] == ["30-days", "quarter", "year", "3-years", "10-years"]
    assert data["horizons"][0]["end"] == "2026-12-01"
    review = data["reviews"][0]
    assert review["ratings"] == {"role_satisfaction": 7}
    assert review["metrics"] == {"skill_hours": 12.5}
    assert review["progress"] == {"first-step": "active"}
    assert {r["type"] for r in data["next_reviews"]} == {"monthly", "quarterly", "annual"}


def test_json_honours_audiences(site):
    public = build(site)["roadmap.json"].decode()
    for secret in ("secret-step", "secret-goal", "Secret", "Rivalcorp"):
        assert secret not in public
    data = json.loads(public)
    assert len(data["reviews"]) == 1
    assert "a private item" in data["reviews"][0]["body_html"]
    private = json.loads(build(site, audience="private")["roadmap.json"])
    ids = {i["id"] for i in private["items"]}
    assert {"secret-step", "secret-goal"} <= ids
    assert len(private["reviews"]) == 2


def test_json_hidden_link_targets_are_private_refs(minimal_site):
    root = minimal_site({"content/year-1.md": """\
---
kind: plan
horizon: year
items:
  - id: year-goal
    title: Year goal
    serves: target
    visibility: mentors
---
"""})
    data = json.loads(build(root)["roadmap.json"])
    step = next(i for i in data["items"] if i["id"] == "first-step")
    assert step["serves"] == [{"private": True}]
    assert "year-goal" not in json.dumps(data)


# -- roadmap.ics ----------------------------------------------------------------

def _events(ics: bytes):
    from icalendar import Calendar

    calendar = Calendar.from_ical(ics)
    return calendar, [c for c in calendar.walk("VEVENT")]


def test_calendar_parses_and_has_the_required_properties(site):
    ics = build(site)["roadmap.ics"]
    assert b"\r\n" in ics and b"\n" not in ics.replace(b"\r\n", b"")
    calendar, events = _events(ics)
    assert str(calendar["PRODID"]).startswith("-//roadmapgen//")
    assert str(calendar["VERSION"]) == "2.0"
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids))
    for event in events:
        assert event["DTSTAMP"].dt == dt.datetime(2026, 11, 10, tzinfo=dt.timezone.utc)
        assert type(event["DTSTART"].dt) is dt.date
        assert event["DTEND"].dt == event["DTSTART"].dt + dt.timedelta(days=1)


def test_calendar_strict_validation_with_vobject(site):
    vobject = pytest.importorskip("vobject")
    calendar = vobject.readOne(build(site, base_url=BASE)["roadmap.ics"].decode("utf-8"))
    assert calendar.validate()
    assert len(calendar.vevent_list) == 5


def test_calendar_events_say_what_the_roadmap_says(site):
    _, events = _events(build(site, base_url=BASE)["roadmap.ics"])
    by_uid = {str(e["UID"]).split(".")[0]: e for e in events}
    assert set(by_uid) == {"item-first-step", "review-monthly", "review-quarterly", "review-annual", "target-target"}
    step = by_uid["item-first-step"]
    assert step["DTSTART"].dt == dt.date(2026, 11, 20)
    assert str(step["URL"]) == BASE + "30-days.html#first-step"
    # the monthly review is due 35 days after the latest monthly review
    assert by_uid["review-monthly"]["DTSTART"].dt == dt.date(2026, 11, 5) + dt.timedelta(days=35)
    assert by_uid["review-quarterly"]["DTSTART"].dt == dt.date(2026, 11, 1) + dt.timedelta(days=100)
    assert by_uid["target-target"]["DTSTART"].dt == dt.date(2028, 6, 30)
    assert "Staff Engineer" in str(by_uid["target-target"]["SUMMARY"])


def test_calendar_titles_cannot_inject_lines(site):
    ics = build(site)["roadmap.ics"]
    _, events = _events(ics)
    lines = ics.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == len(events) == 5
    assert not any(line.startswith(b"SUMMARY:injected") for line in lines)
    step = next(e for e in events if str(e["UID"]).startswith("item-first-step"))
    assert "\n" not in str(step["SUMMARY"]) and "\r" not in str(step["SUMMARY"])
    assert 'First <step> & "more" BEGIN:VEVENT SUMMARY:injected' == str(step["SUMMARY"])


def test_calendar_uids_are_stable_across_edits(site, write_tree):
    before = {str(e["UID"]) for e in _events(build(site)["roadmap.ics"])[1]}
    write_tree(site, {"content/gaps.md": None})
    text = (site / "content/next-30-days.md").read_text().replace("    closes: gap-scope\n", "").replace("2026-11-20", "2026-11-22")
    write_tree(site, {"content/next-30-days.md": text})
    after = {str(e["UID"]) for e in _events(build(site)["roadmap.ics"])[1]}
    assert before == after


def test_calendar_honours_audiences(site):
    public = build(site)["roadmap.ics"]
    assert b"secret" not in public.lower() and b"Rivalcorp" not in public
    private = build(site, audience="private")["roadmap.ics"]
    assert b"item-secret-step." in private


def test_calendar_hides_a_hidden_target_and_cadence(minimal_site):
    hidden = ROOT_WITH_DATE.replace("---\n\nThe introduction.", "visibility:\n  target: private\n  cadence: mentors\n---\n")
    root = minimal_site({"content/index.md": hidden})
    _, events = _events(build(root)["roadmap.ics"])
    assert [str(e["UID"]).split(".")[0] for e in events] == ["item-first-step"]


# -- feed.xml -------------------------------------------------------------------

def test_feed_parses_without_bozo_and_has_the_reviews(site):
    import feedparser

    files = build(site, base_url=BASE)
    parsed = feedparser.parse(files["feed.xml"])
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Test roadmap: reviews"
    assert parsed.feed.author == "Tess Tester"
    assert len(parsed.entries) == 1
    entry = parsed.entries[0]
    assert entry.title == "November <check-in> & co"
    assert entry.link == BASE + "reviews/2026-11-05-monthly.html"
    assert entry.id == entry.link
    assert entry.updated == "2026-11-05T00:00:00Z"
    content = entry.content[0].value
    assert 'href="https://example.com/me/30-days.html#first-step"' in content  # relative links resolved
    assert "a private item" in content
    assert "role satisfaction: 7/10" in content


def test_feed_honours_audiences(site):
    public = build(site, base_url=BASE)["feed.xml"]
    assert b"Secret" not in public and b"Rivalcorp" not in public and b"secret-step" not in public
    private = build(site, base_url=BASE, audience="private")["feed.xml"]
    assert b"Rivalcorp" in private


def test_feed_is_skipped_with_one_notice_without_base_url(site, run_main, tmp_path):
    assert "feed.xml" not in build(site)
    result = run_main(["build", site, "--out", tmp_path / "out", "--today", "2026-11-10"])
    assert result.code == 0
    assert result.stderr.count("feed.xml was not written") == 1
    assert not (tmp_path / "out" / "feed.xml").exists()
    result = run_main(["build", site, "--out", tmp_path / "out", "--today", "2026-11-10", "--base-url", BASE])
    assert "feed.xml" not in result.stderr
    assert (tmp_path / "out" / "feed.xml").is_file()


ATOM_RNC_URL_NOTE = "RFC 4287 appendix B"


def _jing(*args: str) -> list[str]:
    """The jing RELAX NG validator bundled in the vnu-jar npm package (make test-deps)."""
    return java_command(vnu_jar(), "-c", *args, main="nu.validator.vendor.thaiopensource.relaxng.util.Driver")


def test_feed_validates_against_the_atom_relax_ng_schema(site, tmp_path):
    schema = Path(__file__).parent / "fixtures" / "atom" / "atom.rnc"
    if not schema.is_file():
        pytest.skip(f"the Atom schema ({ATOM_RNC_URL_NOTE}) is not in tests/fixtures/atom")
    feed = tmp_path / "feed.xml"
    feed.write_bytes(build(site, base_url=BASE)["feed.xml"])
    # the validator does catch a broken feed: both in one JVM, which names the file of each error
    broken = tmp_path / "broken.xml"
    broken.write_bytes(feed.read_bytes().replace(b"<updated>", b"<modified>").replace(b"</updated>", b"</modified>"))
    done = subprocess.run(_jing(str(schema), str(feed), str(broken)), capture_output=True, text=True, timeout=120)
    errors = (done.stdout + done.stderr).splitlines()
    assert done.returncode != 0 and errors, done.stdout + done.stderr
    assert [line for line in errors if not line.startswith(f"{broken}:")] == [], done.stdout + done.stderr


def test_feed_meets_the_rules_the_relax_ng_schema_leaves_to_schematron(site):
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(build(site, base_url=BASE)["feed.xml"])
    assert feed.find(atom + "author/" + atom + "name").text == "Tess Tester"  # so entries need none
    for entry in feed.iter(atom + "entry"):
        alternates = [(l.get("type"), l.get("hreflang")) for l in entry.iter(atom + "link") if l.get("rel") == "alternate"]
        assert len(alternates) == len(set(alternates)) == 1
        assert entry.find(atom + "content") is not None or entry.find(atom + "summary") is not None


# -- all three --------------------------------------------------------------------

def test_exports_are_byte_identical_across_builds(site):
    first = build(site, base_url=BASE)
    second = build(site, base_url=BASE)
    for path in ("roadmap.json", "roadmap.schema.json", "roadmap.ics", "feed.xml"):
        assert first[path] == second[path], path


def test_review_overdue_is_in_the_health_panel(minimal_site):
    root = minimal_site()
    files, _, _ = build_files(root, dt.date(2026, 12, 20))
    index = files["index.html"].decode()
    health = index[index.index('class="health"'):]
    assert "review-overdue" in health
    assert "the last monthly review was 49 days ago" in health


@pytest.mark.parametrize("audience", ("public", "private"))
def test_calendar_bytes_are_what_icalendar_writes(site, write_tree, audience):
    """Parsed and written again by the icalendar library, the calendar comes
    back byte for byte: the same escaping, folding and property order."""
    from icalendar import Calendar

    tricky = (site / "content/next-30-days.md").read_text().replace(
        "    title: Secret interview at Rivalcorp\n",
        '    title: "Ünïcode, commas; semi\\\\colons \\\\ and a title long enough to fold twice over: '
        + "é" * 40 + ' ending with a backslash \\\\"\n'
        "    measure: \"x,y;z\" \n")
    write_tree(site, {"content/next-30-days.md": tricky})
    ics = build(site, base_url=BASE, audience=audience)["roadmap.ics"]
    assert Calendar.from_ical(ics).to_ical() == ics
    if audience == "private":
        assert "é" * 10 in ics.decode("utf-8").replace("\r\n ", "")


@pytest.mark.filterwarnings("ignore:foldline is deprecated")
@pytest.mark.parametrize("line", ["a" * 200, "é" * 100, "x" * 73 + "\\,rest", "ab\\" + "c" * 80])
def test_calendar_folding_matches_icalendar(line):
    from icalendar.parser import foldline

    from roadmapgen.render.exports.ical import fold

    assert fold(line) == foldline(line)
