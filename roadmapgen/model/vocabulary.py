"""The format's fixed words: the site's layout, the kinds of file, the
horizons, statuses and every other closed list of values, and the rules on
them that every stage shares (a horizon's window, the stricter of two
visibility levels)."""

from __future__ import annotations

import datetime as dt
import re
from types import MappingProxyType
from typing import Mapping

# The site's layout: its settings file and the folders of its sources.
CONFIG_FILE = "roadmap.toml"
CONTENT_DIR = "content"
THEMES_DIR = "themes"
STATIC_DIR = "static"  # published as it is into every edition (read/static_files.py)

KINDS = ("roadmap", "plan", "archive", "gaps", "skills", "paths", "risks", "review", "page")
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")  # the whole id (fullmatch)
HORIZONS = ("30-days", "quarter", "year", "3-years", "10-years")
HORIZON_RANK = {name: rank for rank, name in enumerate(HORIZONS)}
HORIZON_LABELS = {
    "30-days": "Next 30 days",
    "quarter": "Next quarter",
    "year": "Year one",
    "3-years": "Years 2–3",
    "10-years": "10-year vision",
}
STATUSES = ("planned", "active", "done", "dropped", "blocked")
CLOSED_STATUSES = ("done", "dropped")
DIMENSIONS = ("role", "skills", "network", "compensation", "achievement")
GAP_AREAS = ("skills", "scope", "mentorship", "visibility", "network", "credentials", "other")
IMPACTS = ("high", "medium", "low")
RISK_TYPES = ("risk", "black-swan", "disruption")
REVIEW_TYPES = ("monthly", "quarterly", "annual", "replan")
VERDICTS = ("holds", "broken", "unsure")  # a review's verdict on an item's assumption
VISIBILITIES = ("public", "mentors", "private")
VISIBILITY_RANK = {name: rank for rank, name in enumerate(VISIBILITIES)}
VISION_PARTS = ("achievement", "financial", "impact", "lifestyle")  # besides its `statement`
# The root's parts that its `visibility` mapping sets a level for; `intro` is its Markdown body.
ROOT_BLOCKS = (
    "target", "vision", *(f"vision.{part}" for part in VISION_PARTS), "values", "finances", "cadence",
    "intro", "people", "metrics", "budgets", "industry", "quick_reference",
)
# A block that sets no level has the stricter of the root's `default` and its own default
# here: money is private.
BLOCK_DEFAULTS = {"finances": "private", "vision.financial": "private", "budgets": "private"}
PERSON_VISIBILITY = "mentors"  # a person's, unless they say otherwise
PERSON_ROLES = ("mentor", "sponsor", "partner", "advisor", "peer")  # the usual ones; any word will do
METRIC_KINDS = ("leading", "progress", "outcome")
SKILL_LEVEL_MAX = 5  # skill levels run from 0 to this
INDUSTRY_VIEWS = ("now", "3-years", "10-years")  # the industry as it is, and in 3 and 10 years
MILESTONE_YEARS = (1, 2, 3, 5, 10)  # the worksheet's milestone years, counted from as_of
DEFAULT_CADENCE = {"monthly": 35, "quarterly": 100, "annual": 380}  # the review types with a cadence
RATING_MAX = 10  # ratings in a review run from 0 to this
MAX_VALUES = 5  # the values a vision may name
TARGET_ID = "target"


def horizon_end(horizon: str, as_of: dt.date) -> dt.date:
    """The last day of a horizon's window (the window includes it)."""
    if horizon == "30-days":
        return as_of + dt.timedelta(days=30)
    if horizon == "quarter":
        return as_of + dt.timedelta(days=91)
    return years_after(as_of, {"year": 1, "3-years": 3, "10-years": 10}[horizon])


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def stricter(*levels: str) -> str:
    return max(levels, key=VISIBILITY_RANK.__getitem__)


def frozen_map(data: dict) -> Mapping:
    return MappingProxyType(dict(data))
