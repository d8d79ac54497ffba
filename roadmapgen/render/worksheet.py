"""The worksheet's parts (format 1.1 section 11) as the templates show them:
the vision's parts, the values reading, the indicators against their
targets, the advisory board, the skills map, the milestones by dimension
and the industry's outlook.

Each is made from the site context, so what the audience may not see is
already gone, and each Markdown text is rendered for the page showing it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from roadmapgen.analyse.indicators import indicators
from roadmapgen.analyse.milestones import MilestoneYear, milestone_table
from roadmapgen.analyse.people import contact_board
from roadmapgen.model import (
    DIMENSIONS, HORIZON_LABELS, HORIZONS, INDUSTRY_VIEWS, SKILL_LEVEL_MAX, Item, Metric, Person, Skill,
)
from roadmapgen.render.site import Site, id_prefix_for
from roadmapgen.render.templates import label_from_key, number, unit_suffix

SKILLS_PAGE, PEOPLE_PAGE, MILESTONES_PAGE, INDUSTRY_PAGE = (
    "skills.html", "people.html", "milestones.html", "industry.html")
# The worksheet's own headings.
VISION_PART_LABELS = {
    "achievement": "Professional achievement",
    "financial": "Financial goals",
    "impact": "Impact and legacy",
    "lifestyle": "Lifestyle design",
}
DIMENSION_LABELS = {
    "role": "Role advancement",
    "skills": "Skill development",
    "network": "Network expansion",
    "compensation": "Compensation growth",
    "achievement": "Key achievements",
}
INDUSTRY_LABELS = {"now": "The industry now", "3-years": "In three years", "10-years": "In ten years"}
assert set(DIMENSION_LABELS) == set(DIMENSIONS) and set(INDUSTRY_LABELS) == set(INDUSTRY_VIEWS)


def with_unit(value: int | float | None, unit: str) -> str:
    """A value as the site shows it: "12 hours a month", "40%"; "" for None."""
    if value is None:
        return ""
    return number(value) + unit_suffix(unit)


@dataclass(frozen=True, slots=True)
class VisionPartView:
    name: str  # achievement | financial | impact | lifestyle
    label: str  # "Professional achievement"
    html: Markup  # the part written as Markdown, rendered ("" when written as facts)
    facts: tuple[tuple[str, str], ...]  # (label, value), the part written as `label: value` lines


def vision_parts(site: Site, page: str) -> list[VisionPartView]:
    root = site.roadmap.root
    if root is None:
        return []
    return [VisionPartView(part.name, VISION_PART_LABELS[part.name],
                           site.markdown(page, part.text, id_prefix_for(root.path, f"vision-{part.name}"),
                                         source=root.path)
                           if part.text else Markup(""),
                           tuple((label_from_key(label), value) for label, value in part.facts))
            for part in root.vision_parts]


@dataclass(frozen=True, slots=True)
class IndicatorView:
    """A metric and its latest value against its target."""

    metric: Metric
    title: str  # the metric's title, else its name in words
    latest: int | float | None  # None: no review records it yet
    latest_text: str  # the latest with its unit, "12 hours a month" ("" for none)
    target_text: str  # the target with its unit ("" for none)
    latest_date: dt.date | None
    latest_path: str  # the page of the review that recorded it ("" for none)
    share: int | None  # the latest as a whole percentage of a positive target, else None
    notes_html: Markup


def indicator_views(site: Site, page: str) -> list[IndicatorView]:
    root = site.roadmap.root
    views = []
    for n, indicator in enumerate(indicators(site.roadmap)):
        metric, latest = indicator.metric, indicator.latest
        share = None
        if latest is not None and metric.target is not None and metric.target > 0 and latest >= 0:
            share = round(100 * latest / metric.target) if latest / metric.target < 1e6 else None
        views.append(IndicatorView(
            metric=metric, title=metric.title or label_from_key(metric.name), latest=latest,
            latest_text=with_unit(latest, metric.unit), target_text=with_unit(metric.target, metric.unit),
            latest_date=indicator.latest_date,
            latest_path=site.review_paths.get(indicator.latest_in, ""),
            share=share,
            # Numbered, not named: a metric's name may hold any character.
            notes_html=site.markdown(page, metric.notes, id_prefix_for(root.path, f"metric-{n}"),
                                     source=root.path)
            if root is not None and metric.notes else Markup(""),
        ))
    return views


@dataclass(frozen=True, slots=True)
class BoardRow:
    """A person on the advisory board, when a review last met them and when
    the next meeting is due."""

    person: Person
    last_met: dt.date | None
    last_met_path: str  # the page of the review that last met them ("" for none)
    next_due: dt.date | None  # None without a cadence
    overdue: bool
    notes_html: Markup


def board_rows(site: Site, page: str) -> list[BoardRow]:
    return [BoardRow(person=c.person, last_met=c.last_met,
                     last_met_path=site.review_paths.get(c.last_met_in, ""),
                     next_due=c.next_due, overdue=c.overdue,
                     notes_html=site.markdown(page, c.person.notes, id_prefix_for(c.person.id),
                                              source=c.person.path)
                     if c.person.notes else Markup(""))
            for c in contact_board(site.roadmap, site.today)]


@dataclass(frozen=True, slots=True)
class SkillView:
    skill: Skill
    levels: tuple[int | None, ...]  # the target on each of the map's horizons, None where none is set
    closed_by: tuple[str, ...]  # the items that build it
    notes_html: Markup


@dataclass(frozen=True, slots=True)
class SkillsMap:
    """The skills by group (in the order each group first appears), and the
    horizons some skill sets a target on: the map's columns."""

    horizons: tuple[dict, ...]  # name, label
    groups: tuple[tuple[str, tuple[SkillView, ...]], ...]  # (group, "" for none; its skills)
    max_level: int = SKILL_LEVEL_MAX

    def __bool__(self) -> bool:
        return bool(self.groups)


def skills_map(site: Site, page: str) -> SkillsMap:
    skills = site.roadmap.skills
    used = [h for h in HORIZONS if any(dict(s.targets).get(h) is not None for s in skills)]
    closed_by = site.roadmap.links.closed_by
    groups: dict[str, list[SkillView]] = {}
    for skill in skills:
        targets = dict(skill.targets)
        groups.setdefault(skill.group, []).append(SkillView(
            skill, tuple(targets.get(h) for h in used), closed_by.get(skill.id, ()),
            site.markdown(page, skill.notes, id_prefix_for(skill.id), source=skill.path)
            if skill.notes else Markup("")))
    return SkillsMap(tuple({"name": h, "label": HORIZON_LABELS[h]} for h in used),
                     tuple((group, tuple(views)) for group, views in groups.items()))


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    dimension: str
    label: str  # "Role advancement"
    cells: tuple[tuple[Item, ...], ...]  # a cell per year, its items by due date


@dataclass(frozen=True, slots=True)
class Milestones:
    """The milestones table: the five dimensions against years 1, 2, 3, 5
    and 10 from as_of; empty when no visible item has a dimension."""

    years: tuple[MilestoneYear, ...]
    rows: tuple[MilestoneRow, ...]
    undated: tuple[Item, ...]  # items with a dimension and no due date

    def __bool__(self) -> bool:
        return any(cell for row in self.rows for cell in row.cells) or bool(self.undated)


def milestones(site: Site) -> Milestones:
    table = milestone_table(site.roadmap)
    if table is None:
        return Milestones((), (), ())
    return Milestones(table.years, tuple(MilestoneRow(dimension, DIMENSION_LABELS[dimension], cells)
                                         for dimension, cells in table.rows), table.undated)


def industry_views(site: Site, page: str) -> list[dict]:
    """The industry now, in three years and in ten: `view`, `label`, `html`."""
    root = site.roadmap.root
    if root is None:
        return []
    return [{"view": view, "label": INDUSTRY_LABELS[view],
             "html": site.markdown(page, text, id_prefix_for(root.path, f"industry-{view}"),
                                   source=root.path)}
            for view, text in root.industry]
