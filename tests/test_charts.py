"""Review charts (small multiples) and what changed since the previous review."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from roadmapgen.analyse.review_changes import changes_since
from roadmapgen.commands.build import build_files
from roadmapgen.diagnostics import Position
from roadmapgen.model import Ref, Review
from roadmapgen.render.charts import review_charts

SVG = "{http://www.w3.org/2000/svg}"


def review(date: str, ratings=(), metrics=(), progress=(), title="R") -> Review:
    return Review(path=f"content/reviews/{date}.md", title=title, visibility="public", date=dt.date.fromisoformat(date),
                  type="monthly", ratings=tuple(ratings), metrics=tuple(metrics),
                  progress=tuple((Ref(i, Position("x", 1, 1)), s) for i, s in progress))


REVIEWS = [
    review("2026-01-05", ratings=[("role_satisfaction", 5)], metrics=[("skill_hours", 12)]),
    review("2026-02-05", ratings=[("role_satisfaction", 7), ("<b>odd</b>", 3)], metrics=[("skill_hours", 30)]),
    review("2026-03-05", ratings=[("role_satisfaction", 6)], metrics=[("skill_hours", 8), ("balance", -40)]),
]


def test_one_chart_per_rating_and_metric():
    charts = review_charts(REVIEWS)
    assert [(c.kind, c.name) for c in charts] == [
        ("rating", "role_satisfaction"), ("rating", "<b>odd</b>"), ("metric", "skill_hours"), ("metric", "balance")]
    satisfaction = charts[0]
    assert [v for _, v in satisfaction.points] == [5, 7, 6]
    assert satisfaction.label == "Role satisfaction"


def test_charts_are_well_formed_svg_with_labelled_axes():
    for chart in review_charts(REVIEWS):
        svg = ET.fromstring(str(chart.svg))
        assert svg.tag == SVG + "svg"
        texts = [t.text for t in svg.iter(SVG + "text")]
        assert "review date" in texts
        if chart.kind == "rating":
            assert {"0", "5", "10"} <= set(texts)
        if chart.name == "skill_hours":
            assert {"0", "50"} <= set(texts)  # a round maximum above 30
            assert "5 Jan 2026" in texts and "5 Mar 2026" in texts
            assert len(list(svg.iter(SVG + "circle"))) == 3
            assert svg.find(SVG + "polyline") is not None
        if chart.name == "balance":
            assert "-50" in texts  # negative values get an axis below zero
        assert svg.find(SVG + "title").text


def test_chart_names_are_escaped():
    odd = review_charts(REVIEWS)[1]
    assert "<b>" not in str(odd.svg) and "&lt;b&gt;" in str(odd.svg)


def test_charts_are_deterministic():
    assert [str(c.svg) for c in review_charts(REVIEWS)] == [str(c.svg) for c in review_charts(list(REVIEWS))]


def test_changes_since_the_previous_review():
    before = review("2026-01-05", ratings=[("mood", 5), ("focus", 6)], metrics=[("hours", 10)],
                    progress=[("a", "active"), ("b", "planned"), ("c", "active"), ("d", "planned")])
    after = review("2026-02-05", ratings=[("mood", 7), ("focus", 4), ("new_one", 3)], metrics=[("hours", 10)],
                   progress=[("a", "done"), ("b", "dropped"), ("c", "blocked"), ("e", "planned")])
    changes = changes_since(before, after)
    assert changes.done == ("a",) and changes.dropped == ("b",) and changes.added == ("e",)
    assert changes.moved == (("c", "active", "blocked"),)
    assert {m.name: m.direction for m in changes.ratings} == {"mood": "up", "focus": "down", "new_one": "new"}
    assert [m.direction for m in changes.metrics] == ["same"]
    assert changes.any
    assert not changes_since(None, after).any


REVIEW_FILES = {
    "content/reviews/2026-11-03-monthly.md": """\
---
kind: review
date: 2026-11-03
type: monthly
title: First check-in
ratings:
  role_satisfaction: 6
progress:
  first-step: active
---
""",
    "content/reviews/2026-11-08-monthly.md": """\
---
kind: review
date: 2026-11-08
type: monthly
title: Second check-in
ratings:
  role_satisfaction: 8
metrics:
  skill_hours: 4
progress:
  first-step: done
  year-goal: active
---
""",
}


def test_site_shows_charts_and_changes(minimal_site):
    root = minimal_site(REVIEW_FILES)
    files, _, _ = build_files(root, dt.date(2026, 11, 10))
    log = files["reviews.html"].decode()
    assert log.count("<svg") == 2
    assert "Role satisfaction" in log and "Skill hours" in log
    second = files["reviews/2026-11-08-monthly.html"].decode()
    changes = second[second.index('class="review-changes"'):second.index("</section>", second.index('class="review-changes"'))]
    assert 'href="2026-11-03-monthly.html"' in changes
    assert "status-done" in changes and "#first-step" in changes
    assert "added" in changes and "#year-goal" in changes
    assert "Role satisfaction up" in changes and "6 → 8/10" in changes
    first = files["reviews/2026-11-03-monthly.html"].decode()
    assert "review-changes" not in first


def test_hidden_reviews_stay_out_of_charts(minimal_site):
    secret = REVIEW_FILES["content/reviews/2026-11-08-monthly.md"].replace("title: Second", "visibility: private\ntitle: Second")
    root = minimal_site({**REVIEW_FILES, "content/reviews/2026-11-08-monthly.md": secret})
    files, _, _ = build_files(root, dt.date(2026, 11, 10))
    log = files["reviews.html"].decode()
    assert "Skill hours" not in log and "8 Nov 2026" not in log


@pytest.mark.parametrize("values", [(5e-324,), (2.5e-324, 1.0), (1.7e308,), (-1.7e308, 1.7e308), (0.0, 0.0)])
def test_metrics_at_the_ends_of_the_float_range_draw_a_finite_chart(values):
    """A round axis bound can under- or overflow there (it divided by zero)."""
    reviews = [review(f"2026-11-{n + 1:02d}", metrics=[("m", v)]) for n, v in enumerate(values)]
    (chart,) = review_charts(reviews)
    svg = str(chart.svg)
    assert "nan" not in svg and "inf" not in svg
