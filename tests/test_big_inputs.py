"""Big inputs build without blowing up: a 2 MB body, a 300 KB line of
punctuation, 3,000 items and 500 reviews."""

from __future__ import annotations

import datetime as dt
import resource
from pathlib import Path

import pytest

from support import MINIMAL_SITE, write_files

from roadmapgen.commands.build import build_files, build_site

TODAY = dt.date(2026, 11, 10)
# A generous ceiling: the builds below peak far lower.
MAX_PEAK_MB = 1500

HORIZON_FILES = (("next-30-days.md", "30-days"), ("next-quarter.md", "quarter"), ("year-1.md", "year"),
                 ("years-2-3.md", "3-years"), ("vision.md", "10-years"))


def make_site(root: Path, items: int = 10, reviews: int = 1, body_bytes: int = 0, measures: int = 1) -> Path:
    """A valid roadmap with `items` plan items spread over the horizons (each
    serving one on the next horizon up and closing a gap), a gap per 50
    items, `reviews` monthly reviews of `measures` ratings and metrics each,
    and a page whose body is `body_bytes` of Markdown."""
    content = root / "content"
    (content / "reviews").mkdir(parents=True, exist_ok=True)
    (content / "notes").mkdir(parents=True, exist_ok=True)
    (content / "index.md").write_text(
        "---\nkind: roadmap\ntitle: Big roadmap\nowner: Bea Big\nas_of: 2026-11-01\n"
        "target:\n  role: Staff Engineer\n  by: 2028-06-30\n"
        "cadence:\n  monthly: 3650\n  quarterly: 3650\n  annual: 3650\n---\n\nA big roadmap.\n")
    gaps = max(1, items // 50)
    (content / "gaps.md").write_text("---\nkind: gaps\nitems:\n" + "".join(
        f"  - id: gap-{g}\n    title: Gap {g}\n    area: skills\n    now: Today {g}\n    needed: Needed {g}\n"
        for g in range(gaps)) + "---\n")
    # Split the items over the horizons: longer horizons get fewer.
    shares = (0.4, 0.3, 0.2, 0.07, 0.03)
    counts = [max(1, int(items * s)) for s in shares]
    counts[0] += items - sum(counts)
    previous: list[str] = []
    for (name, horizon), count in reversed(list(zip(HORIZON_FILES, counts))):
        ids = [f"{horizon}-{n}" for n in range(count)]
        lines = []
        for n, item_id in enumerate(ids):
            serves = previous[n % len(previous)] if previous else "target"
            due = f"    due: {TODAY + dt.timedelta(days=5 + n % 15)}\n" if horizon == "30-days" else ""
            lines.append(f"  - id: {item_id}\n    title: Item {item_id} with a **title**\n    serves: {serves}\n"
                         f"    closes: gap-{n % gaps}\n{due}    status: {'active' if n % 3 else 'planned'}\n"
                         f"    notes: Notes for {item_id}, see [[{serves}]].\n")
        (content / name).write_text(f"---\nkind: plan\nhorizon: {horizon}\nitems:\n" + "".join(lines) + "---\n")
        previous = ids
    start = TODAY - dt.timedelta(days=reviews + 1)
    for r in range(reviews):
        date = start + dt.timedelta(days=r)
        (content / "reviews" / f"{date}-monthly.md").write_text(
            f"---\nkind: review\ndate: {date}\ntype: monthly\nratings:\n  role_satisfaction: {r % 11}\n"
            + "".join(f"  rating_{k}: {(r + k) % 11}\n" for k in range(1, measures))
            + f"metrics:\n  skill_hours: {r % 17}\n"
            + "".join(f"  metric_{k}: {(r * k) % 97}\n" for k in range(1, measures))
            + f"---\n\nReview {r}: progress on [[30-days-{r % counts[0]}]].\n")
    paragraph = ("Some *Markdown* with a [link](https://example.com/) and `code`, "
                 "plus [[30-days-0]] and a list:\n\n- one\n- two\n\n")
    repeat = max(1, body_bytes // len(paragraph)) if body_bytes else 1
    (content / "notes" / "big.md").write_text("---\ntitle: A big page\n---\n\n" + paragraph * repeat)
    return root


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.slow
def test_a_two_megabyte_body_builds(tmp_path):
    paragraph = "A sentence about the plan, with *emphasis*, `code` and [a link](https://example.com/). " * 6 + "\n\n"
    body = paragraph * (2_000_000 // len(paragraph) + 1) + "THE-END-OF-THE-BODY\n"
    assert len(body.encode()) >= 2_000_000
    root = write_files(tmp_path, {**MINIMAL_SITE, "content/notes/huge.md": f"---\ntitle: Huge\n---\n\n{body}"})
    files, _, _ = build_files(root, TODAY)
    page = files["pages/notes/huge.html"]
    assert b"THE-END-OF-THE-BODY" in page and len(page) > 2_000_000
    assert peak_mb() < MAX_PEAK_MB


def test_a_long_line_of_punctuation_builds(tmp_path):
    """One 300 KB line of Markdown punctuation: no pathological backtracking
    (time quadratic in it would be hours here, as it would at 1.5 MB; the
    parse itself is linear, about a second)."""
    line = ("*[_`<" * 12_000) + ("]" * 60_000) + "\n"
    root = write_files(tmp_path, {**MINIMAL_SITE, "content/notes/line.md": f"---\ntitle: Line\n---\n\n{line}"})
    files, _, _ = build_files(root, TODAY)
    assert b"&lt;" in files["pages/notes/line.html"]


@pytest.mark.slow
def test_three_thousand_items_build_and_write(tmp_path):
    root = make_site(tmp_path / "site", items=3_000, reviews=1)
    result = build_site(root, TODAY, out=str(tmp_path / "out"))
    assert result.pages >= 10
    page = (tmp_path / "out" / "30-days.html").read_text()
    assert 'id="30-days-1199"' in page  # the last of the 1,200 30-days items
    assert peak_mb() < MAX_PEAK_MB


def test_five_hundred_reviews_of_twenty_ratings_and_metrics_build(tmp_path):
    """Every review's page, the log's link to each, and the charts of 20
    ratings and 20 metrics over 500 reviews."""
    root = make_site(tmp_path, items=20, reviews=500, measures=20)
    files, _, _ = build_files(root, TODAY)
    reviews = [name for name in files if name.startswith("reviews/")]
    assert len(reviews) == 500
    log = files["reviews.html"].decode()
    assert log.count('href="reviews/') >= 500
    assert "Rating 19" in log and "Metric 19" in log  # the last of each set is charted
    assert peak_mb() < MAX_PEAK_MB
