"""The roadmap as typed, immutable data.

Documents (one per file) are what the parser makes; `Roadmap` is what linking
makes of all of them: every entry by id, and the links in both directions.

Every stage imports the model from here. Its modules, each importing only
the ones before it: `vocabulary` (the format's fixed words and the rules on
them), `entries` (everything with an id), `documents` (one per file), `root`
(the `kind: roadmap` file) and `roadmap`.
"""

from __future__ import annotations

from roadmapgen.model.documents import ArchiveFile, Broken, Document, EntriesFile, Page, PlanFile, Review
from roadmapgen.model.entries import Entry, FileLink, Gap, Item, Path, Person, Ref, Risk, Skill, StatusSource, Step
from roadmapgen.model.roadmap import Links, Roadmap
from roadmapgen.model.root import Budgets, Metric, QuickReference, Root, Target, Value, VisionPart
from roadmapgen.model.vocabulary import (
    BLOCK_DEFAULTS, CLOSED_STATUSES, CONFIG_FILE, CONTENT_DIR, DEFAULT_CADENCE, DIMENSIONS, GAP_AREAS,
    HORIZONS, HORIZON_LABELS, HORIZON_RANK, ID_PATTERN, IMPACTS, INDUSTRY_VIEWS, KINDS, MAX_VALUES,
    METRIC_KINDS, MILESTONE_YEARS, PERSON_ROLES, PERSON_VISIBILITY, RATING_MAX, REVIEW_TYPES, RISK_TYPES,
    ROOT_BLOCKS, SKILL_LEVEL_MAX, STATIC_DIR, STATUSES, TARGET_ID, THEMES_DIR, VERDICTS, VISIBILITIES,
    VISIBILITY_RANK, VISION_PARTS, frozen_map, horizon_end, stricter, years_after,
)
