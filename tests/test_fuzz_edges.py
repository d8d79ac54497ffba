"""Property: dates at the calendar's edges in every date field (and as today),
and any names and numbers in reviews' ratings and metrics, never make the
CLI crash: check and build exit 0 or 1, never 3, with no traceback, and the
review `new review` starts from them passes check's reading.

The CLI runs in this process (`cli.main`, which turns a crash into exit 3
and an "internal error" line), each example in a fresh temporary folder.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import MINIMAL_SITE, write_files

from roadmapgen.commands.cli import main
from roadmapgen.model import REVIEW_TYPES, STATUSES, horizon_end

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

edge_dates = st.one_of(
    st.just(dt.date.max), st.just(dt.date.min),
    st.sampled_from([dt.date(1, 1, 2), dt.date(9999, 12, 30), dt.date(9989, 12, 31),
                     dt.date(9990, 1, 1), dt.date(9989, 2, 28), dt.date(2024, 2, 29)]),
    st.dates(max_value=dt.date(1, 12, 31)),
    st.dates(min_value=dt.date(9989, 1, 1)),
    st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
)
maybe = lambda strategy: st.one_of(st.none(), strategy)  # noqa: E731


def run(args: list) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(arg) for arg in args])
    return code, out.getvalue(), err.getvalue()


def assert_no_crash(root: Path, today: dt.date, audience: str = "private") -> None:
    code, _, err = run(["check", root, "--today", today.isoformat()])
    assert code in (0, 1) and "Traceback" not in err and "internal error" not in err, err
    code, _, err = run(["build", root, "--out", root / "out", "--today", today.isoformat(),
                        "--audience", audience, "--base-url", "https://example.com/"])
    assert code in (0, 1) and "Traceback" not in err and "internal error" not in err, err


def _line(indent: str, name: str, value) -> str:
    return f"{indent}{name}: {value.isoformat()}\n" if value is not None else ""


@st.composite
def dated_site(draw) -> dict[str, str]:
    d = lambda: draw(maybe(edge_dates))  # noqa: E731
    # Mostly an as_of that check accepts (its 10-years horizon ends by 9999), so the site builds.
    as_of = draw(st.one_of(st.just(dt.date.min), st.just(dt.date(9989, 12, 31)), st.dates(max_value=dt.date(1, 12, 31)),
                           st.dates(min_value=dt.date(9980, 1, 1), max_value=dt.date(9989, 12, 31)), edge_dates))
    root = (f"---\nkind: roadmap\ntitle: T\nowner: O\nas_of: {as_of.isoformat()}\ntarget:\n  role: R\n"
            + _line("  ", "by", d())
            + f"cadence:\n  monthly: {draw(st.integers(1, 3650))}\n  annual: {draw(st.integers(1, 3650))}\n---\n")

    def near(horizon: str):
        # Mostly inside the horizon's window, so that the site builds and its dates reach the renderers.
        end = horizon_end(horizon, as_of) if as_of.year <= dt.MAXYEAR - 10 else dt.date.max
        window = st.dates(as_of, max(as_of, end))
        return st.one_of(st.none(), st.just(end), window, window, st.dates(max_value=end))

    def plan(horizon: str, item_id: str, serves: str) -> str:
        item = (f"  - id: {item_id}\n    title: {item_id}\n    serves: {serves}\n"
                f"    status: {draw(st.sampled_from(STATUSES))}\n"
                + _line("    ", "due", draw(near(horizon))) + _line("    ", "start", draw(st.one_of(near(horizon), edge_dates))))
        return f"---\nkind: plan\nhorizon: {horizon}\nitems:\n{item}---\n"

    files = {
        "content/index.md": root,
        "content/next-30-days.md": plan("30-days", "first-step", "year-goal"),
        "content/quarter.md": plan("quarter", "quarter-goal", "year-goal"),
        "content/year-1.md": plan("year", "year-goal", "vision-goal"),
        "content/vision.md": plan("10-years", "vision-goal", "target"),
        "content/paths.md": ("---\nkind: paths\nitems:\n  - id: path-a\n    title: P\n    probability: 100\n"
                             f"    steps:\n      - {{role: R, when: {draw(edge_dates).isoformat()}}}\n---\n"),
    }
    for n in range(draw(st.integers(0, 3))):
        files[f"content/reviews/r{n}.md"] = (
            f"---\nkind: review\ndate: {draw(edge_dates).isoformat()}\ntype: {draw(st.sampled_from(REVIEW_TYPES))}\n"
            f"ratings:\n  focus: {n + 5}\nmetrics:\n  hours: {n}\nprogress:\n  first-step: done\n---\n")
    return files


@FAST
@given(dated_site(), edge_dates, st.sampled_from(["public", "private"]))
def test_dates_at_the_calendars_edges_never_crash(files, today, audience):
    with tempfile.TemporaryDirectory() as folder:
        assert_no_crash(write_files(Path(folder), files), today, audience)


# -- ratings and metrics: any names, any numbers ---------------------------------

RAW_NUMBERS = ["1e+20", "1e20", "1.0e+20", "1.23457e+06", "9" * 400, "-" + "9" * 400, "1.0e+400", "-1.0e+400",
               ".nan", ".inf", "-.inf", "0x1F", "0o17", "1_000", "1:30", "-0.0", "+5", "10.000001", "-1e-400",
               "2.5e-324", "1.7976931348623157e+308", "!!float 1", "!!int 2", "'7'", "~", "", "yes", "[1]", "{a: 1}"]
numbers = st.one_of(
    st.sampled_from(RAW_NUMBERS),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.floats(min_value=0, max_value=10).map(repr),
)
names = st.one_of(st.text(max_size=10), st.sampled_from(["yes", "null", "~", "- x", "a: b", "#", "\u2028", "\x85",
                                                         "\u202e", "\x1b[2J", "1e5", "2026-11-05", "?", "x" * 300]))


def _review(date: str, ratings: dict, metrics: dict) -> str:
    def block(name: str, pairs: dict) -> str:
        # JSON's escapes are YAML's: any name becomes a valid double-quoted key.
        return f"{name}:\n" + "".join(f"  {json.dumps(key)}: {value}\n" for key, value in pairs.items()) if pairs else ""

    return f"---\nkind: review\ndate: {date}\ntype: monthly\n{block('ratings', ratings)}{block('metrics', metrics)}---\n"


@FAST
@given(st.lists(st.tuples(st.dictionaries(names, numbers, max_size=4), st.dictionaries(names, numbers, max_size=4)),
                min_size=1, max_size=3))
def test_any_ratings_and_metrics_never_crash_and_new_review_passes_check(reviews):
    files = {**MINIMAL_SITE}
    for n, (ratings, metrics) in enumerate(reviews):
        files[f"content/reviews/2026-11-0{n + 1}-monthly.md"] = _review(f"2026-11-0{n + 1}", ratings, metrics)
    with tempfile.TemporaryDirectory() as folder:
        root = write_files(Path(folder), files)
        assert_no_crash(root, dt.date(2026, 11, 10))
        code, _, err = run(["new", "review", root, "--today", "2026-11-10"])
        assert code == 0, err
        code, out, err = run(["check", root, "--today", "2026-11-10", "--format", "json"])
        assert code in (0, 1) and "internal error" not in err, err
        new = "content/reviews/2026-11-10-monthly.md"
        assert [f for f in json.loads(out)["findings"] if f["file"] == new] == []
