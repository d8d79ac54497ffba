"""`roadmapgen new review`: start the next review file, pre-filled.

The file is `content/reviews/<date>-<type>.md` with every open item in
`progress:` (at its latest known status), for a quarterly, annual or replan
review every open long-horizon assumption in `assumptions:` (at its last
verdict), every rating and metric name
used in earlier reviews (at its latest value, to be updated; a metric the
root defines says its target, and one no review has recorded yet is there
as a comment to fill in), `met:` for the root's people, and a body
that starts with the type's questions (roadmapgen.commands.review_body).
Its `visibility` is as strict as what the body quotes. It never replaces an
existing file. Pure apart from `write_review`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from roadmapgen.analyse.assumptions import TESTING_REVIEWS, assumption_checks
from roadmapgen.analyse.project import load_project
from roadmapgen.analyse.statuses import latest_progress
from roadmapgen.commands.quoting import yaml_comment, yaml_key
from roadmapgen.commands.review_body import Body, review_body
from roadmapgen.model import CLOSED_STATUSES, CONTENT_DIR, REVIEW_TYPES, Roadmap
from roadmapgen.read.sources import where_link_leads

_NAMED = 4  # ids named in the visibility line's comment
TITLES = {"monthly": "check-in", "quarterly": "quarterly review", "annual": "annual review", "replan": "replan"}


class NewReviewError(Exception):
    """The review cannot be written (the message says why)."""


@dataclass(frozen=True, slots=True)
class NewReview:
    path: Path
    relpath: str
    text: str


def _number(value: float) -> str:
    """The number as YAML 1.1 (PyYAML, and so `check`) reads back the same
    value: a whole number as an integer while a float holds it exactly,
    else the shortest repr, with the '.' and signed exponent that YAML 1.1
    needs to see a float (`1e+20` would be read as text)."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    text = repr(float(value))
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}e{exponent}" if exponent else mantissa


def review_text(roadmap: Roadmap, review_type: str, date: dt.date) -> str:
    """The new review's Markdown, from what the roadmap holds."""
    ratings: dict[str, float] = {}
    metrics: dict[str, float] = {}
    for review in roadmap.reviews:  # oldest first: later values win
        if review.date <= date:
            ratings.update(review.ratings)
            metrics.update(review.metrics)
    # The statuses on the review's date, by the rule every page uses (those
    # on today are in item.status already; the review may be dated otherwise).
    latest_status = {item_id: status for item_id, (status, _) in
                     latest_progress(roadmap.reviews, roadmap.as_of, date).items()}
    body = review_body(roadmap, review_type, latest_status)
    lines = ["---", "kind: review", f"date: {date.isoformat()}", f"type: {review_type}",
             f"title: {json.dumps(f'{date:%B %Y} {TITLES[review_type]}')}"]
    if body.visibility != "public":
        lines.append(f"visibility: {body.visibility}  # {_why(body)}")
    defined = {m.name: m for m in roadmap.root.metrics} if roadmap.root else {}
    unrecorded = [m for name, m in defined.items() if name not in ratings and name not in metrics]
    for block, values, scale in (("ratings", ratings, "0-10; "), ("metrics", metrics, "")):
        if values or (block == "metrics" and unrecorded):
            lines.append(f"{block}:  # {scale}the values are the last ones recorded: update them")
            lines += [f"  {yaml_key(name)}: {_number(value)}{_target(defined.get(name))}"
                      for name, value in values.items()]
    if unrecorded:
        lines.append("  # indicators no review has recorded yet: remove the '# ' and write the value")
        lines += [f"  # {yaml_key(m.name)}: 0{_target(m)}" for m in unrecorded]
    if roadmap.people:
        ids = ", ".join(person.id for person in roadmap.people)
        lines.append(f"met: []  # the people you met since the last review, by id: {yaml_comment(ids)}")
    statuses = [(item, latest_status.get(item.id, item.status)) for item in roadmap.items]
    open_items = [(item, status) for item, status in statuses if status not in CLOSED_STATUSES]
    if open_items:
        lines.append("progress:  # planned | active | done | dropped | blocked")
        for item, status in open_items:
            due = f", due {item.due.isoformat()}" if item.due else ""
            comment = f"{yaml_comment(item.title)} ({item.horizon}{due})"
            lines.append(f"  {yaml_key(item.id)}: {status}  # {comment}")
    if review_type in TESTING_REVIEWS:
        lines += _assumption_lines(roadmap, date)
    return "\n".join([*lines, "---", "", body.text])


def _assumption_lines(roadmap: Roadmap, date: dt.date) -> list[str]:
    """A verdict to re-test for every open assumption on the longer horizons,
    at the last verdict given (`unsure` where none was): like `progress:`,
    what the reviewer leaves unchanged still says what was last known."""
    checks = [check for check in assumption_checks(roadmap, date) if check.item.is_open]
    if not checks:
        return []
    lines = ["assumptions:  # holds | broken | unsure: does each still hold?"]
    for check in checks:
        comment = f"{yaml_comment(check.item.assumption)} ({check.item.horizon})"
        lines.append(f"  {yaml_key(check.item.id)}: {check.verdict or 'unsure'}  # {comment}")
    return lines


def _target(metric) -> str:
    """The comment after a defined metric's value: its kind and target."""
    if metric is None:
        return ""
    target = f", target {_number(metric.target)}" if metric.target is not None else ""
    unit = f" {yaml_comment(metric.unit)}" if metric.unit and target else ""
    return f"  # {metric.kind}{target}{unit}"


def _why(body: Body) -> str:
    """The visibility line's comment: what makes the review that private."""
    named = body.strictest
    shown = ", ".join(named[:_NAMED]) + (f" and {len(named) - _NAMED} more" if len(named) > _NAMED else "")
    return f"as strict as what it quotes ({shown}): take those out before you lower it"


def plan_review(site_root: Path, today: dt.date, review_type: str = "monthly",
                date: dt.date | None = None, roadmap: Roadmap | None = None) -> NewReview:
    """The review to write; raises NewReviewError if it cannot be. `roadmap`
    is the site's as loaded for `today`, when the caller has it already."""
    if review_type not in REVIEW_TYPES:
        raise NewReviewError(f"'{review_type}' is not a review type; use one of: {', '.join(REVIEW_TYPES)}")
    date = date or today
    relpath = f"{CONTENT_DIR}/reviews/{date.isoformat()}-{review_type}.md"
    path = site_root / relpath
    _check_folder(site_root, path.parent)
    if path.exists() or path.is_symlink():
        raise NewReviewError(f"{relpath} already exists; nothing was written (edit it, or pass another --date or --type)")
    if roadmap is None:
        roadmap = load_project(site_root, today).roadmap
    if roadmap.root is None:
        raise NewReviewError(f"'{site_root}' has no roadmap (no 'kind: roadmap' file under {CONTENT_DIR}/)")
    return NewReview(path, relpath, review_text(roadmap, review_type, date))


def _check_folder(site_root: Path, folder: Path) -> None:
    """content/reviews/ must be a folder inside the site, or not exist yet: a
    cloned repository's link must not get a file written elsewhere."""
    relative = folder.relative_to(site_root).as_posix()
    if not os.path.lexists(folder):
        return
    real = Path(os.path.realpath(folder))
    if not real.is_dir():
        raise NewReviewError(f"{relative} is not a folder; nothing was written (move it away so reviews can go there)")
    if where_link_leads(site_root.resolve(), real):
        raise NewReviewError(f"{relative} is a link out of the site; nothing was written "
                             "(make it a folder inside the site)")


def write_review(review: NewReview) -> None:
    """Write the file, refusing to replace one that appeared meanwhile."""
    review.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(review.path, "x", encoding="utf-8", newline="\n") as out:
            out.write(review.text)
    except FileExistsError:
        raise NewReviewError(f"{review.relpath} already exists; nothing was written") from None
