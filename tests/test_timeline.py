"""The timeline: its layout tested directly as geometry (no two label boxes
meet, everything inside the picture) for the example, a 3-item roadmap and a
generated 300-item one; the SVG as XML; audiences and escaping; and, last,
the real picture in headless Chromium (skipped without it, unless CI=true)."""

from __future__ import annotations

import datetime as dt
import json
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from browser import ARTIFACTS, browser_or_skip, launch
from roadmapgen.analyse.audience import restrict
from roadmapgen.analyse.links import link_roadmap
from roadmapgen.analyse.project import load_project
from roadmapgen.model import HORIZONS, horizon_end
from roadmapgen.read.documents import parse_document
from roadmapgen.render.timeline import TimelineLayout, layout_timeline, render_svg
from roadmapgen.render.timeline.metrics import ASCENT, DESCENT, METRIC_CHARS, fit_text, text_width

REPO_ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 23)
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '"><svg onload=alert(1)><script>alert("x")</script> & <b>bold</b>'


# -- helpers -------------------------------------------------------------------


def roadmap_from(files: dict[str, str]):
    """A linked roadmap from {path: text}, in memory, with no error."""
    documents = []
    for path, text in sorted(files.items()):
        document, found = parse_document(path, text)
        assert not [d for d in found if d.severity == "error"], found
        documents.append(document)
    roadmap, found = link_roadmap(documents, "content")
    assert not [d for d in found if d.severity == "error"], found
    return roadmap


def root_file(as_of: str = "2026-11-01", by: str | None = "2027-10-30", title: str = "Test roadmap") -> str:
    target = "  role: Staff Engineer\n" + (f"  by: {by}\n" if by else "")
    return f"---\nkind: roadmap\ntitle: {json.dumps(title, ensure_ascii=False)}\nowner: Tess\nas_of: {as_of}\ntarget:\n{target}---\n"


def plan_file(horizon: str, items: list[dict]) -> str:
    lines = ["---", "kind: plan", f"horizon: {horizon}", "items:"]
    for item in items:
        lines.append(f"  - id: {item['id']}")
        for key, value in item.items():
            if key == "id":
                continue
            if isinstance(value, list):
                value = "[" + ", ".join(value) + "]"
            elif key == "title":
                value = json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
            lines.append(f"    {key}: {value}")
    return "\n".join(lines + ["---", ""])


def three_items():
    return roadmap_from({
        "content/index.md": root_file(),
        "content/next-30-days.md": plan_file("30-days", [
            {"id": "first-step", "title": "First step", "due": "2026-11-20", "serves": ["year-goal"]}]),
        "content/next-quarter.md": plan_file("quarter", [
            {"id": "quarter-step", "title": "Quarter outcome", "start": "2026-11-05", "due": "2027-01-20",
             "serves": ["year-goal"], "status": "active"}]),
        "content/year-1.md": plan_file("year", [{"id": "year-goal", "title": "Year goal", "serves": ["target"]}]),
    })


WORDS = ("scope", "ledger", "mentor", "write", "incident", "platform", "staff", "design", "review", "talk",
         "Ünïcödé", "naïve", "façade", "W", "i", "MMMMMM", "llll", "数据", "平台", "😀", "—", "“quoted”")


def generated(count: int = 300, seed: int = 7, as_of: dt.date = dt.date(2026, 11, 1)):
    """`count` items spread over the horizons, with titles from one word to very long ones, starts,
    dues, missing dues, every status, and serves links to longer horizons."""
    rng = random.Random(seed)
    by_horizon: dict[str, list[dict]] = {h: [] for h in HORIZONS}
    weights = (0.1, 0.2, 0.3, 0.2, 0.2)
    for n in range(count):
        horizon = rng.choices(HORIZONS, weights)[0]
        end = horizon_end(horizon, as_of)
        span = (end - as_of).days
        item = {"id": f"item-{n}", "title": " ".join(rng.choice(WORDS) for _ in range(rng.choice((1, 2, 4, 8, 20))))}
        if horizon == "30-days" or rng.random() < 0.8:
            item["due"] = (as_of + dt.timedelta(days=rng.randint(-20, span))).isoformat()
        if rng.random() < 0.4:
            item["start"] = (as_of + dt.timedelta(days=rng.randint(-30, span // 2))).isoformat()
        item["status"] = rng.choice(("planned", "active", "done", "dropped", "blocked"))
        by_horizon[horizon].append(item)
    for rank, horizon in enumerate(HORIZONS[:-1]):
        longer = [i["id"] for h in HORIZONS[rank + 1:] for i in by_horizon[h]]
        for item in by_horizon[horizon]:
            if longer and rng.random() < 0.7:
                item["serves"] = sorted(set(rng.sample(longer, min(len(longer), rng.randint(1, 2)))))
    files = {"content/index.md": root_file(as_of.isoformat())}
    for horizon, items in by_horizon.items():
        if items:
            files[f"content/{horizon}.md"] = plan_file(horizon, items)
    for n, day in enumerate(("2026-06-01", "2026-09-01", "2026-10-01", "2026-10-15", "2026-11-20")):
        files[f"content/reviews/{day}.md"] = f"---\nkind: review\ndate: {day}\ntype: monthly\ntitle: Review {n}\n---\n"
    return roadmap_from(files)


def example(audience: str = "private"):
    project = load_project(REPO_ROOT, TODAY)
    return restrict(project.roadmap, audience)


def drawn(roadmap) -> list:
    """The items the timeline draws: every open one, and the archived ones with a due date."""
    return [*roadmap.items, *(i for i in roadmap.archived if i.due)]


def assert_clean(layout: TimelineLayout) -> None:
    """No two label boxes intersect; every box, mark and line lies inside the picture."""
    labels = layout.labels
    for label in labels:
        assert label.box.w > 0 or label.text == "", label
        assert label.box.inside(layout.width, layout.height), (label.text, label.box, layout.width, layout.height)
    ordered = sorted(labels, key=lambda label: label.box.x)
    for i, a in enumerate(ordered):  # a sweep: only boxes that start before `a` ends can meet it
        for b in ordered[i + 1:]:
            if b.box.x >= a.box.x1:
                break
            assert not a.box.intersects(b.box), (a.text, a.box, b.text, b.box)
    for mark in layout.items:
        assert 0 <= mark.x0 <= mark.x1 <= layout.width
        assert 0 <= mark.y - 6 and mark.y + 6 <= layout.height
        if mark.label is not None:
            assert mark.label.full == mark.title
            assert mark.label.text == mark.title or mark.label.text.endswith("…") or mark.label.text == ""
    for band in layout.bands:
        assert 0 <= band.x0 < band.x1 <= layout.width
    for marker in layout.markers:
        assert 0 <= marker.x <= layout.width and 0 <= marker.y0 < marker.y1 <= layout.height


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


# -- text metrics ----------------------------------------------------------------


def test_text_is_measured_by_its_characters():
    assert text_width("", 12) == 0
    assert text_width("WWW", 12) > text_width("iii", 12) * 2
    assert text_width("Title", 12, bold=True) > text_width("Title", 12)
    assert text_width("数据", 12) == pytest.approx(24)  # wide characters: a full em each
    assert text_width("e\u0301", 12) == text_width("e", 12)  # a combining accent adds nothing
    assert text_width("abc", 24) == pytest.approx(2 * text_width("abc", 12))


def test_long_text_is_truncated_to_its_room_with_an_ellipsis():
    title = "Scope Ledger v2 with the Billing, Freight Booking and Carrier Payments leads"
    assert fit_text(title, 12, 1000) == title
    short = fit_text(title, 12, 120)
    assert short.endswith("…") and title.startswith(short[:-1])
    assert text_width(short, 12) <= 120
    assert fit_text(title, 12, 3) == ""


FONTS = {
    False: ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    True: ("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}


@pytest.mark.parametrize("bold", [False, True])
def test_the_width_table_is_derived_from_the_fonts(bold):
    """The table in roadmapgen.render.timeline.metrics is each character's larger advance in Liberation Sans and
    DejaVu Sans, rounded up. Regenerate it from the failure message when the fonts change."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    if not all(Path(p).is_file() for p in FONTS[bold]):
        pytest.skip("Debian's fonts-liberation and fonts-dejavu-core are not installed")
    import math

    fonts = [ttlib.TTFont(p) for p in FONTS[bold]]
    derived = []
    for char in METRIC_CHARS:
        derived.append(max(math.ceil(f["hmtx"][f.getBestCmap()[ord(char)]][0] * 1000 / f["head"].unitsPerEm) for f in fonts))
    table = [round(text_width(c, 1000, bold)) for c in METRIC_CHARS]
    assert table == derived, " ".join(map(str, derived))
    assert ASCENT >= max(f["hhea"].ascent / f["head"].unitsPerEm for f in fonts)
    assert DESCENT >= max(-f["hhea"].descent / f["head"].unitsPerEm for f in fonts)


# -- the layout ------------------------------------------------------------------------


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("audience", ["private", "public"])
def test_example_layout_has_no_overlapping_labels(audience, compact):
    view = example(audience)
    layout = layout_timeline(view.roadmap, TODAY, compact=compact)
    assert_clean(layout)
    assert {m.id for m in layout.items} == {i.id for i in drawn(view.roadmap)}
    assert [lane.horizon for lane in layout.lanes] == ["archived", *HORIZONS]  # the example has an archive
    assert {"past", "30-days", "quarter", "year", "3-years", "10-years"} <= {b.name for b in layout.bands}
    if not compact:
        assert all(m.label is not None for m in layout.items)


@pytest.mark.parametrize("compact", [False, True])
def test_three_item_layout(compact):
    layout = layout_timeline(three_items(), dt.date(2026, 11, 10), compact=compact)
    assert_clean(layout)
    marks = {m.id: m for m in layout.items}
    assert set(marks) == {"first-step", "quarter-step", "year-goal"}
    assert marks["quarter-step"].shape == "bar" and marks["quarter-step"].x0 < marks["quarter-step"].x1
    assert marks["first-step"].shape == "point"
    # An item without due sits at its horizon's end, and says so.
    assert marks["year-goal"].undated and marks["year-goal"].at == dt.date(2027, 11, 1)
    assert "no due date" in marks["year-goal"].description
    # Rows are grouped by horizon, in the order of the horizons.
    assert marks["first-step"].y < marks["quarter-step"].y < marks["year-goal"].y
    # Serves links are drawn between the marks.
    assert {(c.source, c.target) for c in layout.connectors} == {("first-step", "year-goal"), ("quarter-step", "year-goal")}


@pytest.mark.parametrize("compact", [False, True])
def test_generated_300_item_layout(compact):
    roadmap = generated(300)
    assert len(roadmap.items) == 300
    layout = layout_timeline(roadmap, dt.date(2026, 11, 23), compact=compact)
    assert_clean(layout)
    assert len(layout.items) == 300
    assert len({(round(m.y, 3), m.id) for m in layout.items}) == 300
    parse(render_svg(layout))


def test_narrow_and_wide_pictures_stay_clean():
    roadmap = generated(60, seed=3)
    for width in (480, 640, 1000, 1600):
        assert_clean(layout_timeline(roadmap, dt.date(2026, 11, 23), width=width))


def test_the_scale_gives_the_next_30_days_as_much_room_as_ten_years():
    layout = layout_timeline(three_items(), dt.date(2026, 11, 10))
    bands = {b.name: b for b in layout.bands}
    month = bands["30-days"].x1 - bands["30-days"].x0
    assert month >= bands["10-years"].x1 - bands["10-years"].x0
    assert all(a.x1 == pytest.approx(b.x0) for a, b in zip(layout.bands, layout.bands[1:]))  # contiguous
    # Its own ticks: weeks, months, quarters, years.
    def ticks(name):
        return [t.date for t in bands[name].ticks if not t.boundary]
    assert all((b - a).days == 7 for a, b in zip(ticks("30-days"), ticks("30-days")[1:]))
    assert ticks("quarter") and all(d.day == 1 for d in ticks("quarter"))
    assert ticks("year") and all(d.day == 1 and d.month in (1, 4, 7, 10) for d in ticks("year"))
    assert all(d.month == 1 and d.day == 1 for d in ticks("3-years") + ticks("10-years"))
    assert len(ticks("10-years")) >= 6
    assert any(t.label for t in bands["10-years"].ticks) and any(t.label for t in bands["30-days"].ticks)


def test_dates_map_left_to_right():
    roadmap = generated(80, seed=11)
    layout = layout_timeline(roadmap, dt.date(2026, 11, 23))
    points = sorted((m.at, m.x1 if m.shape == "bar" else (m.x0 + m.x1) / 2) for m in layout.items)
    assert all(a[1] <= b[1] + 1e-9 for a, b in zip(points, points[1:]))


def test_today_target_reviews_and_overdue_are_marked():
    roadmap = roadmap_from({
        "content/index.md": root_file(),
        "content/next-30-days.md": plan_file("30-days", [
            {"id": "late", "title": "Late and open", "due": "2026-11-05"},
            {"id": "late-done", "title": "Late but done", "due": "2026-11-05", "status": "done"},
            {"id": "before", "title": "Due before as_of", "due": "2026-10-20"}]),
        "content/reviews/2026-10-01-monthly.md": "---\nkind: review\ndate: 2026-10-01\ntype: monthly\n---\n",
    })
    layout = layout_timeline(roadmap, dt.date(2026, 11, 10))
    assert_clean(layout)
    marks = {m.id: m for m in layout.items}
    assert marks["late"].overdue and marks["late"].label.badge and "overdue" in marks["late"].description
    assert not marks["late-done"].overdue and not marks["late-done"].label.badge
    assert marks["before"].overdue
    # An earlier band holds what lies before as_of: here a due date and a review.
    assert layout.bands[0].name == "earlier" and layout.bands[0].x0 <= marks["before"].x0
    assert [r.date for r in layout.reviews] == [dt.date(2026, 10, 1)]
    kinds = {m.kind: m for m in layout.markers}
    assert set(kinds) == {"today", "target"}
    assert kinds["today"].date == dt.date(2026, 11, 10) and kinds["target"].date == dt.date(2027, 10, 30)
    assert layout.bands[1].x0 < kinds["today"].x < kinds["target"].x
    svg = render_svg(layout)
    root = parse(svg)
    assert root.find(f".//{SVG}g[@class='tl-today']/{SVG}line") is not None
    assert root.find(f".//{SVG}g[@class='tl-target']/{SVG}line") is not None
    late = root.find(f".//{SVG}a[@data-item='late']")
    assert "tl-overdue" in late.get("class").split()


@pytest.mark.parametrize("today", ["2020-01-01", "2050-06-30", "2026-11-01"])
def test_today_outside_the_plan_is_clamped(today):
    day = dt.date.fromisoformat(today)
    layout = layout_timeline(three_items(), day)
    assert_clean(layout)
    marker = next(m for m in layout.markers if m.kind == "today")
    assert layout.plot_x0 - 1e-9 <= marker.x <= layout.plot_x1 + 1e-9


@pytest.mark.parametrize("earliest", ["0026-03-01", "2019-05-01"])
def test_a_long_earlier_band_has_a_few_round_year_ticks(earliest):
    """A typo such as `0026` for `2026` stretches the band before as_of over
    two thousand years: it gets round years, never thousands of lines."""
    roadmap = roadmap_from({
        "content/index.md": root_file(),
        "content/next-30-days.md": plan_file("30-days", [{"id": "typo", "title": "Typo", "due": earliest}]),
    })
    layout = layout_timeline(roadmap, dt.date(2026, 11, 10))
    assert_clean(layout)
    earlier = layout.bands[0]
    inner = [tick for tick in earlier.ticks if not tick.boundary]
    assert earlier.name == "earlier" and 3 <= len(inner) <= 12
    assert all(tick.date.month == tick.date.day == 1 for tick in inner)
    years = [tick.date.year for tick in inner]
    step = years[1] - years[0]
    assert all(b - a == step for a, b in zip(years, years[1:])) and all(year % step == 0 for year in years)


_titles = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")), min_size=1, max_size=120).filter(lambda t: t.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    as_of=st.dates(dt.date(2000, 1, 1), dt.date(2080, 12, 31)),
    today_offset=st.integers(-800, 5000),
    specs=st.lists(st.tuples(st.sampled_from(HORIZONS), st.floats(0, 1), st.one_of(st.none(), st.floats(0, 1)),
                             st.sampled_from(("planned", "active", "done", "dropped", "blocked")), _titles),
                   max_size=25),
    width=st.sampled_from((600, 1000)),
    compact=st.booleans(),
)
def test_any_roadmap_lays_out_cleanly(as_of, today_offset, specs, width, compact):
    by: dict[str, list[dict]] = {h: [] for h in HORIZONS}
    for n, (horizon, due_at, start_at, status, title) in enumerate(specs):
        span = (horizon_end(horizon, as_of) - as_of).days
        item = {"id": f"i{n}", "title": title, "status": status, "due": (as_of + dt.timedelta(days=int(due_at * span))).isoformat()}
        if start_at is not None:
            item["start"] = (as_of + dt.timedelta(days=int(start_at * span))).isoformat()
        by[horizon].append(item)
    files = {"content/index.md": root_file(as_of.isoformat(), by=None)}
    files.update({f"content/{h}.md": plan_file(h, items) for h, items in by.items() if items})
    roadmap = roadmap_from(files)
    layout = layout_timeline(roadmap, as_of + dt.timedelta(days=today_offset), width=width, compact=compact)
    assert_clean(layout)
    assert len(layout.items) == len(specs)
    parse(render_svg(layout))


def test_the_layout_is_deterministic():
    a = render_svg(layout_timeline(generated(50), TODAY))
    b = render_svg(layout_timeline(generated(50), TODAY))
    assert a == b


# -- the SVG ---------------------------------------------------------------------------


def test_svg_is_accessible_xml_with_a_link_per_item():
    view = example("private")
    layout = layout_timeline(view.roadmap, TODAY)
    svg = render_svg(layout, lambda item_id: f"horizon.html#{item_id}", id_prefix="tl")
    root = parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "figure"  # not "img": that would hide its links
    assert root.get("aria-labelledby") == "tl-title tl-desc"
    assert root.find(f"{SVG}title").get("id") == "tl-title" and root.find(f"{SVG}title").text.startswith("Timeline")
    assert "10-year" in root.find(f"{SVG}desc").text
    links = root.findall(f".//{SVG}a[@data-item]")
    assert {a.get("data-item") for a in links} == {i.id for i in drawn(view.roadmap)}
    for a in links:
        assert a.get("href") == f"horizon.html#{a.get('data-item')}"
        assert a.get("aria-label") and a.find(f"{SVG}title") is not None
    # Truncated labels keep the whole title in the mark's <title>.
    truncated = [m for m in layout.items if m.label and m.label.truncated]
    assert truncated
    for mark in truncated:
        a = root.find(f".//{SVG}a[@data-item='{mark.id}']")
        assert mark.title in a.find(f"{SVG}title").text
    assert "<script" not in svg and "javascript:" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "style=" not in svg  # colours come from the theme's CSS, so both schemes apply


def test_an_item_with_no_link_is_drawn_without_one():
    root = parse(render_svg(layout_timeline(three_items(), TODAY), lambda item_id: None))
    assert not root.findall(f".//{SVG}a[@data-item]")
    assert len(root.findall(f".//{SVG}g[@data-item]")) == 3


def test_hostile_titles_are_escaped():
    roadmap = roadmap_from({
        "content/index.md": root_file(title=HOSTILE),
        "content/next-30-days.md": plan_file("30-days", [
            {"id": "evil", "title": HOSTILE, "due": "2026-11-20", "serves": ["evil-2"]}]),
        "content/year-1.md": plan_file("year", [{"id": "evil-2", "title": "x" * 500 + HOSTILE}]),
    })
    layout = layout_timeline(roadmap, TODAY)
    assert_clean(layout)
    svg = render_svg(layout, lambda item_id: f'x.html#{item_id}"><script>')
    root = parse(svg)  # well-formed: nothing broke out of its text or attribute
    assert "<script" not in svg and "<svg onload" not in svg and "<b>" not in svg
    a = root.find(f".//{SVG}a[@data-item='evil']")
    assert a.get("href") == 'x.html#evil"><script>'
    assert HOSTILE in a.find(f"{SVG}title").text and HOSTILE in a.get("aria-label")
    assert root.find(f"{SVG}title").text == "Timeline: " + " ".join(HOSTILE.split())
    assert all(el.tag.startswith(SVG) for el in root.iter())
    assert not [el for el in root.iter() if any(k.startswith("on") for k in el.attrib)]


def test_control_characters_cannot_break_the_xml():
    roadmap = three_items()
    layout = layout_timeline(roadmap, TODAY)
    import dataclasses

    evil = dataclasses.replace(layout, title="a\x00b\x1bc\ufffe", description="\x0c")
    parse(render_svg(evil))


# -- in the site ------------------------------------------------------------------------


def build(audience: str) -> dict[str, str]:
    from roadmapgen.commands.build import build_files

    files, _, _ = build_files(REPO_ROOT, TODAY, audience=audience)
    return {path: data.decode("utf-8") for path, data in files.items() if path.endswith(".html")}


def test_the_site_has_a_timeline_page_and_an_overview_picture():
    pages = build("private")
    page, index = pages["timeline.html"], pages["index.html"]
    # In the navigation right after the overview, on every page.
    nav = index[index.index('class="site-nav"'):]
    assert nav.index('href="index.html"') < nav.index('href="timeline.html"') < nav.index('href="30-days.html"')
    assert 'href="timeline.html"' in pages["30-days.html"]
    # The picture, and a table of the same data.
    svg = page[page.index("<svg"):page.index("</svg>") + 6]
    root = parse(svg)
    items = {a.get("data-item"): a.get("href") for a in root.iter(f"{SVG}a") if a.get("data-item")}
    view = example("private")
    assert set(items) == {i.id for i in drawn(view.roadmap)}
    for item in drawn(view.roadmap):
        page_of = "history" if item.archived else item.horizon  # an archived item links to its history card
        assert items[item.id] == f"{page_of}.html#{item.id}"
        assert f'id="{item.id}"' in pages[f"{page_of}.html"]
    table = page[page.index('<table class="timeline-table"'):page.index("</table>")]
    for heading in ("Item", "Horizon", "Start", "Due", "Status"):
        assert f">{heading}</th>" in table
    assert table.count("<tr") == len(drawn(view.roadmap)) + 1
    # The overview's compact picture follows the next 30 days and links to the page.
    assert index.index('class="next-30"') < index.index('class="timeline-overview"') < index.index("timeline-compact-title")
    assert 'href="timeline.html"' in index[index.index('class="timeline-overview"'):]
    compact = index[index.index("<svg", index.index('class="timeline-overview"')):]
    parse(compact[:compact.index("</svg>") + 6])


def test_hidden_items_are_absent_from_the_public_timeline():
    private, public = example("private"), example("public")
    hidden = [i for i in private.roadmap.items if i.id in public.hidden_ids]
    assert hidden, "the example should have items only mentors or the owner see"
    pages = build("public")
    for name in ("timeline.html", "index.html"):
        text = pages[name]
        svg_and_table = text[text.index("<svg"):]
        for item in hidden:
            assert item.id not in svg_and_table, (name, item.id)
            assert item.title not in text, (name, item.title)
    layout = layout_timeline(public.roadmap, TODAY)
    assert not {m.id for m in layout.items} & public.hidden_ids
    # A visible item that serves a hidden one says "a private item", and draws no line to it.
    for mark in layout.items:
        for target, words in mark.serves:
            assert target is None or target not in public.hidden_ids
            if target is None and words == "a private item":
                assert not [c for c in layout.connectors if c.source == mark.id and c.target in public.hidden_ids]


# -- in a browser ------------------------------------------------------------------------

_DOM_FACTS = """() => {
  const svg = document.querySelector('svg.timeline:not(.timeline-compact)');
  const box = svg.getBoundingClientRect();
  const view = svg.viewBox.baseVal;
  const texts = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim()).map(t => {
    const b = t.getBBox(); return {text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height};
  });
  const marks = Array.from(svg.querySelectorAll('[data-item]')).map(a => {
    const m = a.querySelector('.tl-mark').getBoundingClientRect();
    return {id: a.getAttribute('data-item'), w: m.width, h: m.height, visible: m.width > 0 && m.height > 0,
            inside: m.left >= box.left - 1 && m.right <= box.right + 1};
  });
  return {
    bands: Array.from(svg.querySelectorAll('rect.tl-band')).map(r => [r.getAttribute('data-horizon'), r.getBoundingClientRect().width]),
    today: (() => { const l = svg.querySelector('.tl-today line'); const r = l && l.getBoundingClientRect(); return r ? r.height : 0; })(),
    marks, texts, view: [view.width, view.height], width: box.width,
  };
}"""


@pytest.fixture(scope="module")
def private_site(tmp_path_factory) -> Path:
    """The example built for its owner, once for the module."""
    from roadmapgen.commands.build import build_site

    out = tmp_path_factory.mktemp("timeline") / "site"
    build_site(REPO_ROOT, TODAY, out=str(out), audience="private")
    return out


@pytest.fixture(scope="module")
def chromium():
    """One headless chromium for the module's tests."""
    sync_playwright = browser_or_skip()
    with sync_playwright() as p:
        browser = launch(p)
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.parametrize(("viewport", "scheme"), [((1280, 900), "light"), ((390, 844), "dark")], ids=["desktop", "phone"])
def test_the_timeline_in_headless_chromium(private_site, chromium, viewport, scheme):
    out = private_site
    expected = {i.id for i in drawn(example("private").roadmap)}
    ARTIFACTS.mkdir(exist_ok=True)
    name = f"timeline-{'desktop' if viewport[0] > 800 else 'phone'}-{scheme}"
    page = chromium.new_page(viewport={"width": viewport[0], "height": viewport[1]}, color_scheme=scheme)
    try:
        page.goto((out / "timeline.html").as_uri())
        page.screenshot(path=str(ARTIFACTS / f"{name}-page.png"))
        page.locator("svg.timeline").first.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        facts = page.evaluate(_DOM_FACTS)
        page.goto((out / "index.html").as_uri())
        page.locator(".timeline-overview").screenshot(path=str(ARTIFACTS / f"{name}-overview.png"))
    finally:
        page.close()
    bands = dict(facts["bands"])
    assert set(HORIZONS) <= set(bands) and all(bands[h] > 20 for h in HORIZONS)
    assert facts["today"] > 100
    marks = {m["id"]: m for m in facts["marks"]}
    assert set(marks) == expected
    assert all(m["visible"] and m["inside"] for m in marks.values()), [m for m in marks.values() if not (m["visible"] and m["inside"])]
    # What the browser drew fits what the layout measured: no text overlaps another or leaves the picture.
    texts = facts["texts"]
    width, height = facts["view"]
    for t in texts:
        assert t["x"] >= -0.5 and t["y"] >= -0.5 and t["x"] + t["w"] <= width + 0.5 and t["y"] + t["h"] <= height + 0.5, t
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            overlap = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"]) > 0.5 and \
                min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"]) > 0.5
            assert not overlap, (a, b)
