"""Render what one audience may see into `{relative path: bytes}`: every
page of the site, its assets and its exports. No I/O beyond reading the
theme's templates and assets; the plan history is read before, and passed in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping

from roadmapgen import __version__
from roadmapgen.analyse.alignment import read_values
from roadmapgen.analyse.audience import View
from roadmapgen.analyse.finished import settled_items
from roadmapgen.analyse.review_changes import changes_since
from roadmapgen.diagnostics import Diagnostic
from roadmapgen.model import HORIZON_LABELS, HORIZONS, IMPACTS, Budgets, Page, QuickReference
from roadmapgen.read.config import Settings
from roadmapgen.read.history import History, changed_files
from roadmapgen.render.charts import review_charts
from roadmapgen.render.crawlers import NOT_FOUND_PAGE, crawler_files, page_url
from roadmapgen.render.exports import render_exports
from roadmapgen.render.exports.common import CONTROL_CHARACTERS
from roadmapgen.render.horizon_views import horizon_views, item_view, plans_on
from roadmapgen.render.loop_views import ASSUMPTIONS_PAGE, assumptions_view, done_this_month, history_order
from roadmapgen.render.previews import horizon_summary, overview_summary, page_summary
from roadmapgen.render.site import HISTORY_PAGE, HORIZON_PAGES, Site, id_prefix_for, make_site
from roadmapgen.render.templates import template_environment, theme_assets
from roadmapgen.render.themes import Theme
from roadmapgen.render.timeline import timeline_context, timeline_layouts
from roadmapgen.render.worksheet import (
    INDUSTRY_PAGE, MILESTONES_PAGE, PEOPLE_PAGE, SKILLS_PAGE, board_rows, indicator_views, industry_views,
    milestones, skills_map, vision_parts,
)

if TYPE_CHECKING:  # cryptography takes 30 ms to import: only an encrypted build loads it
    from roadmapgen.render.sealing import Sealer

MAX_PAGES_IN_NAV = 8
PAGES_INDEX = "pages.html"


@dataclass(frozen=True, slots=True)
class Nav:
    title: str
    path: str


def render_site(view: View, settings: Settings, theme: Theme, today: dt.date,
                findings: list[Diagnostic], history: History | None = None,
                sealer: Sealer | None = None,
                publishable: frozenset[str] = frozenset(), inlined: Mapping[str, bytes] | None = None,
                ) -> tuple[dict[str, bytes], dict[str, str]]:
    """(every file the site generates, the local files its texts link to:
    by path in the site, the path in content/ of each). `publishable`: the
    linked files a page may publish. `history`: the plan history, read from
    git before rendering (only the private edition shows it). With a
    `sealer`, the encrypted edition: every page locked, under an opaque
    name, and no exports (docs/sharing.md); its local files are inlined in
    its pages from `inlined`, their bytes, so it copies none."""
    if sealer is None:
        site = make_site(view, settings, today, history, publishable=publishable)
        files = SiteRenderer(site, theme, findings).render_all()
    else:
        site = make_site(view, settings, today, history, published=sealer.published_path,
                         publishable=publishable, inlined=inlined or {})
        files = SiteRenderer(site, theme, findings, exports=False).render_sealed(sealer)
    # After sealing: robots.txt must stay readable, and it says only "keep out".
    files.update(crawler_files(files, view.audience, settings.base_url, sealed=sealer is not None))
    return files, dict(site.copies)


class SiteRenderer:
    """Renders the pages of one site context with one theme."""

    def __init__(self, site: Site, theme: Theme, findings: list[Diagnostic], exports: bool = True):
        self.site = site
        self.exports = exports
        self.roadmap = site.roadmap
        self.findings = findings
        self.env = template_environment(theme)
        self.css_path, self.files = theme_assets(theme)
        root = self.roadmap.root
        # What every template receives as `site`.
        self.site_info = {
            "title": root.title if root else "Roadmap",
            "owner": root.owner if root else "",
            "language": site.settings.language,
            "audience": site.view.audience,
            "noindex": site.view.audience != "public",
            # Link previews (meta description, Open Graph): only for the edition meant to be found.
            "previews": site.view.audience == "public",
            "generator": f"roadmapgen {__version__}",
            "today": site.today,
            "as_of": root.as_of if root else None,
            "exports": exports,  # roadmap.json, roadmap.ics: not in an encrypted edition
            "feed": exports and bool(site.settings.base_url),  # feed.xml also needs a base_url
        }
        self.milestones = milestones(site)
        # Done and dropped items and the review that settled each (the history page, done this month).
        self.settled = settled_items(self.roadmap, site.today)
        self.assumptions = assumptions_view(site)
        self.nav_entries = self.nav()

    # -- navigation ---------------------------------------------------------

    def nav(self) -> list[Nav]:
        roadmap = self.roadmap
        entries = [Nav("Overview", "index.html")]
        if roadmap.root is not None:
            entries.append(Nav("Timeline", "timeline.html"))
        entries += [Nav(HORIZON_LABELS[h], HORIZON_PAGES[h]) for h in HORIZONS]
        # A page is linked only when it has something to show.
        listed = (("Milestones", MILESTONES_PAGE, self.milestones), ("Gaps", "gaps.html", roadmap.gaps),
                  ("Skills", SKILLS_PAGE, roadmap.skills), ("Paths", "paths.html", roadmap.paths),
                  ("Industry", INDUSTRY_PAGE, roadmap.root and roadmap.root.industry),
                  ("Risks", "risks.html", roadmap.risks), ("Assumptions", ASSUMPTIONS_PAGE, self.assumptions),
                  ("People", PEOPLE_PAGE, roadmap.people), ("Reviews", "reviews.html", roadmap.reviews))
        entries += [Nav(title, path) for title, path, shown in listed if shown]
        if roadmap.archived:
            entries.append(Nav("History", HISTORY_PAGE))
        if len(roadmap.pages) > MAX_PAGES_IN_NAV:
            # One entry for many pages keeps every page's size independent of the page count.
            entries.append(Nav("Pages", PAGES_INDEX))
        else:
            entries += [Nav(p.title, self.site.page_paths[p.path]) for p in self.sorted_pages()]
        return entries

    def sorted_pages(self) -> list[Page]:
        return sorted(self.roadmap.pages, key=lambda p: (p.title.lower(), p.path))

    # -- pages --------------------------------------------------------------

    def render(self, template: str, path: str, title: str, description: str = "", **context) -> None:
        """Render one page at `path`; its links are relative to it. `description`: its
        link preview's summary (see roadmapgen.render.previews), else one from its title."""
        site = self.site
        base_url = site.settings.base_url
        url = self.url_maker(path)
        page = self.env.get_template(template).render(
            site=self.site_info,
            nav=self.nav_entries,
            page={"title": title, "path": path, "template": template,
                  "description": description or page_summary(title, self.site_info["title"]),
                  "absolute_url": page_url(base_url, path) if base_url else ""},
            url=url,
            link=lambda entry_id, label=None: site.link(path, entry_id, label),
            href=lambda entry_id: site.href(path, entry_id),
            css=url(self.css_path),
            **context,
        )
        self.files[path] = _html_bytes(page)

    def url_maker(self, path: str):
        """url(target) for the page at `path`: relative, except on the 404 page with a base URL.
        A host serves 404.html at whatever missing URL was asked for (GitHub Pages at
        /roadmap/reviews/x.html), where relative links would miss; with the site's own URL
        they work at any depth."""
        site, base = self.site, self.site.settings.base_url
        if path != NOT_FOUND_PAGE or not base:
            return lambda target: site.url(path, target)
        base = base if base.endswith("/") else base + "/"
        # url() from the overview, at the root, is the target's path from the root, quoted.
        return lambda target: base + site.url("index.html", target or path)

    def render_all(self) -> dict[str, bytes]:
        site, roadmap = self.site, self.roadmap
        root = roadmap.root
        horizons = horizon_views(site, self.settled)
        reviews_newest = list(reversed(roadmap.reviews))
        latest_review = reviews_newest[0] if reviews_newest else None
        values = root.values if root else ()
        values_reading = read_values(values)
        board = board_rows(site, "index.html")
        paths = sorted(roadmap.paths, key=lambda p: -p.probability)
        layouts = timeline_layouts(roadmap, site.today)
        intro = (site.markdown("index.html", root.body, id_prefix_for(root.path), source=root.path)
                 if root else "")
        self.render(
            "index.html", "index.html", self.site_info["title"],
            description=overview_summary(site.target, intro, self.site_info["title"], self.site_info["owner"]),
            root=root,
            target=site.target,
            intro=intro,
            vision=(site.markdown("index.html", root.vision, id_prefix_for(root.path, "vision"),
                                  source=root.path)
                    if root and root.vision else ""),
            vision_parts=vision_parts(site, "index.html"),
            values=values,
            # Without values: 0 of 0, as before the reading existed.
            values_score=values_reading.score if values_reading else 0,
            values_max=values_reading.maximum if values_reading else 0,
            values_reading=values_reading,
            finances=root.finances if root else (),
            budgets=root.budgets if root else Budgets(),
            indicators=indicator_views(site, "index.html"),
            board=board,
            skills=skills_map(site, "index.html"),
            milestones=self.milestones,
            quick_reference=root.quick_reference if root else QuickReference(),
            horizons=horizons,
            next_reviews=site.next_reviews(),
            health=self.findings,
            latest_review=latest_review,
            primary_path=roadmap.primary_path,
            gap_count=len(roadmap.gaps),
            open_gaps=[g for g in roadmap.gaps if not roadmap.links.closed_by.get(g.id)],
            gaps=list(roadmap.gaps),
            paths=paths,
            risks=sorted(roadmap.risks, key=lambda r: (IMPACTS.index(r.impact), -r.probability)),
            latest_review_path=site.review_paths[latest_review.path] if latest_review else "",
            timeline=timeline_context(site, "index.html", layouts),
            done_this_month=done_this_month(site, self.settled),
            assumptions=self.assumptions,
        )
        if layouts is not None:
            self.render("timeline.html", "timeline.html", "Timeline",
                        timeline=timeline_context(site, "timeline.html", layouts))
        for horizon in horizons:
            plans = plans_on(site, horizon["name"])
            self.render("horizon.html", horizon["path"], horizon["label"], horizon=horizon, horizons=horizons,
                        description=horizon_summary(horizon["label"], horizon["start"], horizon["end"],
                                                    len(horizon["items"])),
                        plan_history=site.history.for_paths(p.path for p in plans))
        if self.milestones:
            self.render("milestones.html", MILESTONES_PAGE, "Milestones", milestones=self.milestones)
        if roadmap.gaps:
            self._render_gaps(horizons)
        if roadmap.skills:
            self.render("skills.html", SKILLS_PAGE, "Skills map", skills=skills_map(site, SKILLS_PAGE))
        if root is not None and root.industry:
            self.render("industry.html", INDUSTRY_PAGE, "Industry", industry=industry_views(site, INDUSTRY_PAGE))
        if roadmap.people:
            self.render("people.html", PEOPLE_PAGE, "Advisory board", board=board_rows(site, PEOPLE_PAGE))
        if roadmap.paths:
            self._render_entries("paths.html", "Paths", roadmap.paths, paths=paths, primary=roadmap.primary_path)
        if roadmap.risks:
            self._render_risks()
        if self.assumptions:
            self.render("assumptions.html", ASSUMPTIONS_PAGE, "Assumptions", assumptions=self.assumptions)
        if roadmap.reviews:
            self._render_reviews(reviews_newest)
        if roadmap.archived:
            self._render_history(horizons)
        for page in roadmap.pages:
            path = site.page_paths[page.path]
            body = site.markdown(path, page.body, source=page.path)
            self.render("page.html", path, page.title, document=page, body=body,
                        description=page_summary(page.title, self.site_info["title"], body))
        if len(roadmap.pages) > MAX_PAGES_IN_NAV:
            self.render("pages.html", PAGES_INDEX, "Pages",
                        pages=[{"title": p.title, "path": site.page_paths[p.path]} for p in self.sorted_pages()])
        self.render("404.html", NOT_FOUND_PAGE, "Page not found")
        if self.exports:
            self.files.update(render_exports(site))  # roadmap.json, roadmap.ics, feed.xml
        return self.files

    def render_sealed(self, sealer: Sealer) -> dict[str, bytes]:
        """The encrypted edition: each page, rendered as in the plain one,
        sealed into a lock screen under its published name. The lock screen
        is given only what the files may show anyone."""
        assets = dict(self.files)  # the theme's stylesheet and images: no content, left readable
        files = dict(assets)
        for path, data in self.render_all().items():
            if path in assets:
                continue
            published, url = self.site.published(path), self.url_maker(path)
            if published in files:
                raise RuntimeError(f"two pages share the name {published}")  # 2^-80: never
            files[published] = _html_bytes(self.env.get_template("unlock.html").render(
                site=self.site_info,
                url=url,
                css=url(self.css_path),
                unlock=sealer.lock(published, data),
            ))
        return files

    def _render_entries(self, template: str, title: str, entries, **context) -> None:
        """A page of gaps, paths or risks, with the notes of each of `entries`."""
        notes = {e.id: self.site.markdown(template, e.notes, id_prefix_for(e.id), source=e.path)
                 for e in entries if e.notes}
        self.render(template, template, title, notes=notes, **context)

    def _render_gaps(self, horizons: list[dict]) -> None:
        gaps, closed_by = self.roadmap.gaps, self.roadmap.links.closed_by
        rows = []
        for gap in gaps:
            cells = {h: [] for h in HORIZONS}
            for item_id in closed_by.get(gap.id, ()):
                cells[self.roadmap.entries[item_id].horizon].append(item_id)
            rows.append({"gap": gap, "cells": cells, "addressed": any(cells.values())})
        self._render_entries("gaps.html", "Gaps", gaps, gaps=list(gaps), rows=rows, horizons=horizons,
                             unaddressed=[r["gap"] for r in rows if not r["addressed"]])

    def _render_risks(self) -> None:
        risks = self.roadmap.risks
        bands = (("high", 67, 100), ("medium", 34, 66), ("low", 0, 33))
        ordinary = [r for r in risks if r.type == "risk"]
        grid = [{"band": band, "cells": [[r for r in ordinary if low <= r.probability <= high and r.impact == impact]
                                         for impact in reversed(IMPACTS)]}
                for band, low, high in bands]
        self._render_entries("risks.html", "Risks", risks, risks=list(risks), grid=grid, ordinary=ordinary,
                             impacts=list(reversed(IMPACTS)), swans=[r for r in risks if r.type != "risk"])

    def _render_history(self, horizons: list[dict]) -> None:
        """The archived items, by the horizon they were on, latest settled first; the
        archive files' own words after them."""
        site, archived = self.site, self.roadmap.archived
        groups = []
        for horizon in horizons:
            on = sorted((i for i in archived if i.horizon == horizon["name"]),
                        key=history_order(self.settled), reverse=True)
            if on:
                groups.append({"horizon": horizon, "items": [item_view(site, self.settled, i) for i in on]})
        archives = [{"title": a.title,
                     "body": site.markdown(HISTORY_PAGE, a.body, id_prefix_for(a.path), source=a.path)}
                    for a in self.roadmap.archives
                    if a.path not in site.view.hidden_paths and a.body.strip()]
        counts = {status: sum(i.status == status for i in archived) for status in ("done", "dropped")}
        self.render("history.html", HISTORY_PAGE, "History", groups=groups, archives=archives, counts=counts,
                    other=len(archived) - sum(counts.values()))

    def _render_reviews(self, reviews_newest: list) -> None:
        """A page per review, newest first, then the review log."""
        site = self.site
        paths = [site.review_paths[r.path] for r in reviews_newest]
        views = [{"review": r, "path": p, "body": site.markdown(p, r.body, source=r.path)}
                 for r, p in zip(reviews_newest, paths)]
        for newer, view, older in zip([None, *views], views, [*views[1:], None]):
            previous = older["review"] if older else None
            self.render("review.html", view["path"], view["review"].title, review=view["review"], body=view["body"],
                        description=page_summary(view["review"].title, self.site_info["title"], view["body"]),
                        newer=newer, older=older, changes_previous_path=older["path"] if older else "",
                        changes=changes_since(previous, view["review"]),
                        changed_files=changed_files(site.history, site.view, previous, view["review"]))
        charts = review_charts(self.roadmap.reviews, self.roadmap.root.metrics if self.roadmap.root else ())
        self.render("reviews.html", "reviews.html", "Review log", charts=charts,
                    reviews=[{**v, "body": site.markdown("reviews.html", v["review"].body,
                                                         id_prefix_for(v["review"].path), source=v["review"].path)}
                             for v in views])


def _html_bytes(page: str) -> bytes:
    """A page as UTF-8, each control character HTML forbids a space: text
    may hold them (a YAML title's `\\a`, a line break pasted from a word
    processor as a vertical tab), and the exports leave them out too."""
    return CONTROL_CHARACTERS.sub(" ", page.replace("\r\n", "\n")).encode("utf-8")
