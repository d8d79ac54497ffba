"""Big inputs build without blowing up: a 5 MB body, 10,000 items and 500
reviews. The sites come from benchmarks/scaling.py, which also measures how
time and memory grow (`python benchmarks/scaling.py`)."""

from __future__ import annotations

import datetime as dt
import resource
import sys

import pytest

from support import MINIMAL_SITE, REPO_ROOT, write_files

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from scaling import TODAY, make_site, slope  # noqa: E402

from roadmapgen.build import build_files, build_site  # noqa: E402

# A generous ceiling: the builds below peak far lower (see benchmarks/scaling.py).
MAX_PEAK_MB = 1500


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.slow
def test_a_five_megabyte_body_builds(tmp_path):
    paragraph = "A sentence about the plan, with *emphasis*, `code` and [a link](https://example.com/). " * 6 + "\n\n"
    body = paragraph * (5_000_000 // len(paragraph) + 1) + "THE-END-OF-THE-BODY\n"
    assert len(body.encode()) >= 5_000_000
    root = write_files(tmp_path, {**MINIMAL_SITE, "content/notes/huge.md": f"---\ntitle: Huge\n---\n\n{body}"})
    files, _, _ = build_files(root, TODAY)
    page = files["pages/notes/huge.html"]
    assert b"THE-END-OF-THE-BODY" in page and len(page) > 5_000_000
    assert peak_mb() < MAX_PEAK_MB


def test_a_five_megabyte_line_with_no_breaks_builds(tmp_path):
    """One 1.5 MB line of Markdown punctuation: no pathological backtracking."""
    line = ("*[_`<" * 60_000) + ("]" * 300_000) + "\n"
    root = write_files(tmp_path, {**MINIMAL_SITE, "content/notes/line.md": f"---\ntitle: Line\n---\n\n{line}"})
    files, _, _ = build_files(root, TODAY)
    assert b"&lt;" in files["pages/notes/line.html"]


@pytest.mark.slow
def test_ten_thousand_items_build_and_write(tmp_path):
    root = make_site(tmp_path / "site", items=10_000, reviews=1)
    result = build_site(root, TODAY, out=str(tmp_path / "out"))
    assert result.pages >= 10
    page = (tmp_path / "out" / "30-days.html").read_text()
    assert 'id="30-days-3999"' in page  # the last of the 4,000 30-days items
    assert peak_mb() < MAX_PEAK_MB


def test_five_hundred_reviews_build(tmp_path):
    root = make_site(tmp_path, items=20, reviews=500)
    files, _, _ = build_files(root, TODAY)
    reviews = [name for name in files if name.startswith("reviews/")]
    assert len(reviews) == 500
    assert files["reviews.html"].count(b'href="reviews/') >= 500
    assert peak_mb() < MAX_PEAK_MB


def test_many_reviews_with_many_ratings_and_metrics(tmp_path):
    """The charts: 500 reviews of 20 ratings and 20 metrics each."""
    start = TODAY - dt.timedelta(days=600)
    files = dict(MINIMAL_SITE)
    for r in range(500):
        date = start + dt.timedelta(days=r)
        ratings = "".join(f"  rating_{k}: {(r + k) % 11}\n" for k in range(20))
        metrics = "".join(f"  metric_{k}: {(r * k) % 97}\n" for k in range(20))
        files[f"content/reviews/{date}-monthly.md"] = (
            f"---\nkind: review\ndate: {date}\ntype: monthly\nratings:\n{ratings}metrics:\n{metrics}---\n\nReview {r}.\n")
    root = write_files(tmp_path, files)
    built, _, _ = build_files(root, TODAY)
    log = built["reviews.html"].decode().lower()
    assert "rating" in log and "19" in log and "metric" in log
    assert len(built) > 500


def test_scaling_slope_tells_linear_from_quadratic():
    sizes = [500, 1000, 2000, 4000]
    linear = [{"size": n, "seconds": 0.3 + n / 1000} for n in sizes]
    quadratic = [{"size": n, "seconds": 0.3 + (n / 1000) ** 2} for n in sizes]
    flat = [{"size": n, "seconds": 0.3} for n in sizes]
    assert slope(linear, "size", "seconds", 0.3) == pytest.approx(1.0, abs=0.01)
    assert slope(quadratic, "size", "seconds", 0.3) == pytest.approx(2.0, abs=0.01)
    assert slope(flat, "size", "seconds", 0.3) == 0.0  # no growth to measure
