"""Render what one audience may see into `{relative path: bytes}`. No I/O
beyond reading the theme's templates and assets."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import posixpath
import re
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import quote

from roadmapgen import __version__
from roadmapgen.audience import View, can_see
from roadmapgen.checks import COVERS
from roadmapgen.config import Settings
from roadmapgen.diagnostics import Diagnostic
from roadmapgen.markdown import render_markdown
from roadmapgen.parallel import run_jobs
from roadmapgen.model import (
    HORIZON_LABELS, HORIZONS, IMPACTS, TARGET_ID, Entry, Item, Page, Review, horizon_end,
)
from roadmapgen.themes import Theme
from roadmapgen.timeline import timeline_context

PRIVATE = "a private item"
HORIZON_PAGES = {h: f"{h}.html" for h in HORIZONS}
PAGE_FOR_KIND = {"gap": "gaps.html", "path": "paths.html", "risk": "risks.html"}
MAX_PAGES_IN_NAV = 8
PAGES_INDEX = "pages.html"
REVIEW_ORDER = ("monthly", "quarterly", "annual")
_UNSAFE_PATH = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Nav:
    title: str
    path: str


@dataclass
class ItemView:
    """An item with everything its templates show, computed once."""

    item: Item
    anchor: str
    serves: tuple[str, ...]
    served_by: tuple[str, ...]
    closes: tuple[str, ...]
    chain: tuple[str, ...]
    overdue: bool
    notes_html: str = ""


def output_path_for(document_path: str, folder: str) -> str:
    """A safe output path for a content file: content/notes/x y.md -> pages/notes/x-y.html."""
    stem = document_path.removeprefix("content/")
    stem = stem[:-3] if stem.endswith(".md") else stem
    parts = [(_UNSAFE_PATH.sub("-", part).strip("-.") or "page") for part in stem.split("/")]
    return posixpath.join(folder, *parts) + ".html"


class NeedsRendering(Exception):
    """A page that is not in the page memo, met while only the memo is used."""


class Renderer:
    def __init__(self, view: View, settings: Settings, theme: Theme, today: dt.date,
                 findings: list[Diagnostic], history=None, page_memo: dict | None = None,
                 defer_exports: bool = False):
        from roadmapgen.history import History

        self.history = history or History()  # plan history from git (empty without it)
        # The pages of the last build (kept by `serve` in memory, by `build`
        # in the cache), by what they were made of (see _memo_key), so that a
        # rebuild renders only the pages that change.
        self.page_memo = page_memo
        # `serve`: each export is a roadmapgen.exports.Deferred, made when asked for.
        self.defer_exports = defer_exports
        self.memo_used: dict[bytes, bytes] = {}
        # While set, render() takes pages from the memo and raises
        # NeedsRendering for any other (roadmapgen.parallel.run_jobs).
        self.memo_only = False
        self._urls: dict[tuple[str, str], str] = {}
        self._links: dict[tuple[str, str, str | None], object] = {}
        self.view = view
        self.roadmap = view.roadmap
        self.settings = settings
        self.today = today
        self.findings = findings
        self.theme = theme
        self.files: dict[str, bytes] = {}
        self.env = self._environment()
        self.review_paths = self._unique_paths([(r.path, "reviews") for r in self.roadmap.reviews], flat=True)
        self.page_paths = self._unique_paths([(p.path, "pages") for p in self.roadmap.pages])
        self.entry_pages = self._entry_pages()
        self.current = "index.html"
        self.item_views = {item.id: self._item_view(item) for item in self.roadmap.items}

    # -- set-up -------------------------------------------------------------

    def _environment(self):
        from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
        from jinja2.sandbox import SandboxedEnvironment

        folders = [str(f / "templates") for f in self.theme.folders]
        loader = ChoiceLoader([
            FileSystemLoader(folders),
            # "theme:NAME/page.html" reaches one folder, so an override can extend what it replaces.
            PrefixLoader({f"theme:{f.name}": FileSystemLoader(str(f / "templates")) for f in self.theme.folders}, delimiter="/"),
        ])
        # A theme is untrusted input (a cloned repository's themes/): sandboxed,
        # a template can render the context but not reach Python's internals.
        env = SandboxedEnvironment(loader=loader, autoescape=True, undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                          bytecode_cache=_template_cache())
        env.filters["date"] = format_date
        env.filters["short_date"] = lambda d: f"{d.day} {d:%b}" if d else ""
        return env

    def load_templates(self) -> None:
        """Compile (or load from the cache) every template of the theme now."""
        for name in self.env.list_templates(filter_func=lambda n: ":" not in n and n.endswith((".html", ".xml", ".txt"))):
            self.env.get_template(name)

    def _unique_paths(self, pairs, flat: bool = False) -> dict[str, str]:
        taken: dict[str, str] = {}
        used: set[str] = set()
        for source, folder in pairs:
            path = output_path_for(source.rsplit("/", 1)[-1] if flat else source, folder)
            base, n = path[:-5], 2
            while path in used:
                path, n = f"{base}-{n}.html", n + 1
            used.add(path)
            taken[source] = path
        return taken

    def _entry_pages(self) -> dict[str, str]:
        pages = {TARGET_ID: "index.html"}
        for entry in self.roadmap.entries.values():
            pages[entry.id] = HORIZON_PAGES[entry.horizon] if isinstance(entry, Item) else PAGE_FOR_KIND[entry.kind]
        return pages

    # -- links --------------------------------------------------------------

    def url(self, target: str) -> str:
        """A relative URL from the page being rendered to `target` (a path from the site root, maybe with #)."""
        # The answer depends on the folder of the current page only, unless the
        # target is on the current page itself.
        key = (self.current if not target or target[0] == "#" else self.current.rpartition("/")[0], target)
        found = self._urls.get(key)
        if found is None:
            found = self._urls[key] = self._relative_url(target)
        return found

    def _relative_url(self, target: str) -> str:
        path, _, anchor = target.partition("#")
        # Every page path is relative to the site root, so climbing to the
        # root and down again is always right, and far cheaper than relpath.
        here = self.current.rpartition("/")[0]
        if not path:
            rel = posixpath.basename(self.current)
        elif here and path.startswith(here + "/") and "/" not in path[len(here) + 1:]:
            rel = path[len(here) + 1:]
        else:
            rel = "../" * self.current.count("/") + path
        rel = quote(rel)
        return f"{rel}#{anchor}" if anchor else rel

    def href(self, entry_id: str) -> str | None:
        if entry_id in self.view.hidden_ids or entry_id not in self.entry_pages:
            return None
        return self.url(f"{self.entry_pages[entry_id]}#{entry_id}")

    def title_of(self, entry_id: str) -> str:
        if entry_id == TARGET_ID:
            target = self.roadmap.root.target if self.roadmap.root else None
            return (target.role or "the target") if target else "the target"
        entry = self.roadmap.entries.get(entry_id)
        return entry.title if entry else entry_id

    def link(self, entry_id: str, label: str | None = None):
        # Many pages in one folder link to the same entries: make each link once.
        key = (self.current.rpartition("/")[0], entry_id, label)
        found = self._links.get(key)
        if found is None:
            found = self._links[key] = self._link(entry_id, label)
        return found

    def _link(self, entry_id: str, label: str | None):
        from markupsafe import Markup, escape

        href = self.href(entry_id)
        if href is None:
            return Markup('<span class="private">%s</span>') % PRIVATE
        text = label or self.title_of(entry_id)
        return Markup('<a href="%s">%s</a>') % (href, escape(text))

    def markdown(self, text: str, id_prefix: str = ""):
        """`id_prefix`: see id_prefix_for; "" for a text alone on its page."""
        from markupsafe import Markup

        return Markup(render_markdown(text, lambda i, label: str(self.link(i, label)), self.settings.allow_html,
                                      id_prefix))

    # -- views --------------------------------------------------------------

    def _item_view(self, item: Item) -> ItemView:
        links = self.roadmap.links
        return ItemView(
            item=item,
            anchor=item.id,
            serves=links.serves.get(item.id, ()),
            served_by=links.served_by.get(item.id, ()),
            closes=links.closes.get(item.id, ()),
            chain=self.roadmap.chain_up(item.id),
            overdue=bool(item.due and item.due < self.today and item.is_open),
        )

    def items_on(self, horizon: str) -> list[ItemView]:
        views = [self.item_views[i.id] for i in self.roadmap.items_on(horizon)]
        return sorted(views, key=lambda v: (v.item.due or dt.date.max, v.item.path, v.item.pos.line or 0))

    def next_reviews(self) -> list[dict]:
        root = self.roadmap.root
        if root is None or not can_see(self.view.audience, root.block_level("cadence")):
            return []
        rows = []
        for review_type in REVIEW_ORDER:
            days = root.cadence[review_type]
            last = max((r.date for r in self.roadmap.reviews if review_type in COVERS[r.type]), default=root.as_of)
            # A review dated near the calendar's end: its next one is due on its last day.
            due = last + dt.timedelta(days=days) if (dt.date.max - last).days >= days else dt.date.max
            rows.append({"type": review_type, "last": last, "due": due, "overdue": due < self.today})
        return rows

    def horizons(self) -> list[dict]:
        as_of = self.roadmap.as_of
        result = []
        for name in HORIZONS:
            plans = [p for p in self.roadmap.plans if p.horizon == name and p.path not in self.view.hidden_paths]
            result.append({
                "name": name,
                "label": HORIZON_LABELS[name],
                "path": HORIZON_PAGES[name],
                "start": as_of,
                "end": horizon_end(name, as_of) if as_of else None,
                "items": self.items_on(name),
                "prose": [self.markdown(p.body, id_prefix_for(p.path)) for p in plans if p.body.strip()],
                "titles": [p.title for p in plans],
            })
        return result

    # -- pages --------------------------------------------------------------

    def nav(self) -> list[Nav]:
        entries = [Nav("Overview", "index.html")]
        if self.roadmap.root is not None:
            entries.append(Nav("Timeline", "timeline.html"))
        entries += [Nav(HORIZON_LABELS[h], HORIZON_PAGES[h]) for h in HORIZONS]
        if self.roadmap.gaps:
            entries.append(Nav("Gaps", "gaps.html"))
        if self.roadmap.paths:
            entries.append(Nav("Paths", "paths.html"))
        if self.roadmap.risks:
            entries.append(Nav("Risks", "risks.html"))
        if self.roadmap.reviews:
            entries.append(Nav("Reviews", "reviews.html"))
        if len(self.roadmap.pages) > MAX_PAGES_IN_NAV:
            # One entry for many pages keeps every page's size independent of the page count.
            entries.append(Nav("Pages", PAGES_INDEX))
        else:
            entries += [Nav(p.title, self.page_paths[p.path]) for p in self.sorted_pages()]
        return entries

    def sorted_pages(self) -> list[Page]:
        return sorted(self.roadmap.pages, key=lambda p: (p.title.lower(), p.path))

    def render(self, template: str, path: str, title: str, memo: bool = False, derived: dict | None = None,
               **context) -> None:
        """Render one page. `memo`: the page's context is cheap to fingerprint
        compared with rendering it (a free page, a review, the review log), so
        it is kept between rebuilds. `derived`: more of the context, by name,
        as functions of the rest of it and of what every page shares, made
        only when the page is rendered (a kept page does not make them)."""
        self.current = path
        key = self._memo_key(template, path, title, context) if memo and self.page_memo is not None else None
        if key is not None and key in self.page_memo:
            self.files[path] = self.memo_used[key] = self.page_memo[key]
            return
        if self.memo_only:
            raise NeedsRendering(path)
        context.update((name, make()) for name, make in (derived or {}).items())
        page = self.env.get_template(template).render(
            site=self.site,
            nav=self.nav_entries,
            page={"title": title, "path": path, "template": template},
            url=self.url,
            link=self.link,
            href=self.href,
            css=self.url(self.css_path),
            **context,
        )
        self.files[path] = page.encode("utf-8")
        if key is not None:
            self.memo_used[key] = self.files[path]

    def _memo_key(self, template: str, path: str, title: str, context: dict) -> bytes | None:
        """A digest of everything a page is made of: its template, its context
        (pickled: every field of every value) and what every page shares
        (_memo_state). None for a context that cannot be pickled: no memo."""
        try:
            data = pickle.dumps((template, path, title, sorted(context.items())), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        digest = hashlib.blake2b(data, digest_size=20)
        digest.update(self.memo_state)
        return digest.digest()

    def _memo_state(self) -> bytes:
        """What every page may show besides its context: the site, the
        navigation, where and under which title every entry is, the settings,
        the day, and the theme's files."""
        roadmap = self.roadmap
        stamps = []
        for folder in self.theme.folders:
            for file in sorted((folder / "templates").rglob("*")):
                with suppress(OSError):
                    stat = file.stat()
                    stamps.append((str(file), stat.st_mtime_ns, stat.st_size))
        state = repr((
            self.site, self.nav_entries, self.css_path, self.settings, self.today, self.view.audience,
            sorted(self.view.hidden_ids), sorted(self.entry_pages.items()),
            sorted((entry_id, entry.title) for entry_id, entry in roadmap.entries.items()),
            self.title_of(TARGET_ID), sorted(self.review_paths.items()), sorted(self.page_paths.items()), stamps,
        ))
        return hashlib.blake2b(state.encode("utf-8", "surrogatepass"), digest_size=20).digest()

    def render_all(self) -> dict[str, bytes]:
        root = self.roadmap.root
        self.css_path = self._stylesheet()
        self._copy_assets()
        self.site = {
            "title": root.title if root else "Roadmap",
            "owner": root.owner if root else "",
            "language": self.settings.language,
            "audience": self.view.audience,
            "noindex": self.view.audience != "public",
            "generator": f"roadmapgen {__version__}",
            "today": self.today,
            "as_of": root.as_of if root else None,
            "feed": bool(self.settings.base_url),  # feed.xml is written only with a base_url
        }
        self.nav_entries = self.nav()
        self.memo_state = self._memo_state() if self.page_memo is not None else b""
        horizons = self.horizons()
        reviews_newest = list(reversed(self.roadmap.reviews))
        target_visible = root is not None and TARGET_ID not in self.view.hidden_ids
        overview = {
            "root": root,
            "target": root.target if target_visible else None,
            "intro": self.markdown(root.body, id_prefix_for(root.path)) if root else "",
            "vision": self.markdown(root.vision, id_prefix_for(root.path, "vision")) if root and root.vision else "",
            "values": root.values if root else (),
            "values_score": sum(v.score for v in root.values) if root else 0,
            "values_max": 5 * len(root.values) if root else 0,
            "finances": root.finances if root else (),
            "horizons": horizons,
            "next_reviews": self.next_reviews(),
            "health": self.findings,
            "latest_review": reviews_newest[0] if reviews_newest else None,
            "primary_path": self.roadmap.primary_path,
            "gap_count": len(self.roadmap.gaps),
            "open_gaps": [g for g in self.roadmap.gaps if not self.roadmap.links.closed_by.get(g.id)],
            "gaps": list(self.roadmap.gaps),
            "paths": sorted(self.roadmap.paths, key=lambda p: -p.probability),
            "risks": sorted(self.roadmap.risks, key=lambda r: (IMPACTS.index(r.impact), -r.probability)),
            "latest_review_path": self.review_paths[reviews_newest[0].path] if reviews_newest else "",
            "timeline": timeline_context(self),  # roadmapgen.timeline: both layouts and svg(layout, id_prefix)
        }
        jobs = [lambda: self.render("index.html", "index.html", self.site["title"], **overview)]
        if overview["timeline"] is not None:
            jobs.append(lambda: self.render("timeline.html", "timeline.html", "Timeline", timeline=overview["timeline"]))
        jobs += [partial(self._render_horizon, horizon, horizons) for horizon in horizons]
        if self.roadmap.gaps:
            jobs.append(partial(self._render_gaps, horizons))
        if self.roadmap.paths:
            jobs.append(lambda: self._render_entries("paths.html", "Paths",
                                                     paths=sorted(self.roadmap.paths, key=lambda p: -p.probability),
                                                     primary=self.roadmap.primary_path))
        if self.roadmap.risks:
            jobs.append(self._render_risks)
        jobs += self._review_jobs(reviews_newest)
        jobs += [partial(self._render_page, page) for page in self.roadmap.pages]
        if len(self.roadmap.pages) > MAX_PAGES_IN_NAV:
            jobs.append(lambda: self.render("pages.html", PAGES_INDEX, "Pages", memo=True, pages=[
                {"title": p.title, "path": self.page_paths[p.path]} for p in self.sorted_pages()]))
        jobs.append(lambda: self.render("404.html", "404.html", "Page not found", memo=True))
        from roadmapgen.exports import deferred_exports, render_exports  # roadmap.json, roadmap.ics, feed.xml

        if not self.defer_exports:
            jobs.append(lambda: self.files.update(render_exports(self)))
        self.files.update(run_jobs(self, jobs))
        if self.defer_exports:  # here, not in a job: a forked worker could not send them back
            self.files.update(deferred_exports(self))
        return self.files

    def _render_horizon(self, horizon: dict, horizons: list[dict]) -> None:
        self.current = horizon["path"]
        for view in horizon["items"]:
            view.notes_html = self.markdown(view.item.notes, id_prefix_for(view.item.id)) if view.item.notes else ""
        self.render("horizon.html", horizon["path"], horizon["label"], horizon=horizon, horizons=horizons,
                    plan_history=self.history.for_paths(p.path for p in self.roadmap.plans
                                                        if p.horizon == horizon["name"] and p.path not in self.view.hidden_paths))

    def _render_page(self, page: Page) -> None:
        self.current = self.page_paths[page.path]
        self.render("page.html", self.page_paths[page.path], page.title, memo=True, document=page,
                    derived={"body": lambda: self.markdown(page.body)})

    def _notes(self, entries) -> dict[str, object]:
        return {e.id: self.markdown(e.notes, id_prefix_for(e.id)) for e in entries if e.notes}

    def _render_entries(self, template: str, title: str, memo: bool = True, **context) -> None:
        self.current = template
        entries = [e for value in context.values() if isinstance(value, list) for e in value if isinstance(e, Entry)]
        self.render(template, template, title, memo=memo, notes=self._notes(entries), **context)

    def _render_gaps(self, horizons) -> None:
        closed_by = self.roadmap.links.closed_by
        rows = []
        for gap in self.roadmap.gaps:
            cells = {h: [] for h in HORIZONS}
            for item_id in closed_by.get(gap.id, ()):
                item = self.roadmap.entries[item_id]
                cells[item.horizon].append(item_id)
            rows.append({"gap": gap, "cells": cells, "addressed": any(cells.values())})
        # Not kept (memo=False): a fingerprint of every horizon costs about what rendering does.
        self._render_entries("gaps.html", "Gaps", memo=False, gaps=list(self.roadmap.gaps), rows=rows, horizons=horizons,
                             unaddressed=[r["gap"] for r in rows if not r["addressed"]])

    def _render_risks(self) -> None:
        bands = (("high", 67, 100), ("medium", 34, 66), ("low", 0, 33))
        ordinary = [r for r in self.roadmap.risks if r.type == "risk"]
        grid = [{"band": band, "cells": [[r for r in ordinary if low <= r.probability <= high and r.impact == impact]
                                         for impact in reversed(IMPACTS)]}
                for band, low, high in bands]
        self._render_entries("risks.html", "Risks", risks=list(self.roadmap.risks), grid=grid,
                             impacts=list(reversed(IMPACTS)), ordinary=ordinary,
                             swans=[r for r in self.roadmap.risks if r.type != "risk"])

    def _review_jobs(self, reviews_newest: list[Review]) -> list:
        if not reviews_newest:
            return []
        views = []
        for review in reviews_newest:
            path = self.review_paths[review.path]
            self.current = path
            views.append({"review": review, "path": path, "body": self.markdown(review.body)})
        jobs = [partial(self._render_review, views, index) for index in range(len(views))]
        jobs.append(partial(self._render_review_log, views))
        return jobs

    def _render_review(self, views: list[dict], index: int) -> None:
        from roadmapgen.history import changed_files
        from roadmapgen.review_changes import changes_since

        view = views[index]
        newer = views[index - 1] if index > 0 else None
        older = views[index + 1] if index + 1 < len(views) else None
        previous = older["review"] if older else None
        self.current = view["path"]
        self.render("review.html", view["path"], view["review"].title, memo=True, review=view["review"], body=view["body"],
                    newer=newer, older=older, changes_previous_path=older["path"] if older else "",
                    changes=changes_since(previous, view["review"]),
                    changed_files=changed_files(self.history, self.view, previous, view["review"]))

    def _render_review_log(self, views: list[dict]) -> None:
        from roadmapgen.charts import review_charts

        self.current = "reviews.html"
        self.render("reviews.html", "reviews.html", "Review log", memo=True, charts=review_charts(self.roadmap.reviews),
                    reviews=[{**v, "body": self.markdown(v["review"].body, id_prefix_for(v["review"].path))} for v in views])

    # -- assets -------------------------------------------------------------

    def _stylesheet(self) -> str:
        css = b""
        for folder in reversed(self.theme.folders):  # the default first, overrides after
            file = folder / "assets" / "style.css"
            if file.is_file():
                css += file.read_bytes() + b"\n"
        digest = hashlib.sha256(css).hexdigest()[:10]
        path = f"assets/style.{digest}.css"
        self.files[path] = css
        return path

    def _copy_assets(self) -> None:
        for folder in reversed(self.theme.folders):
            assets = folder / "assets"
            if not assets.is_dir():
                continue
            for file in sorted(assets.rglob("*")):
                if file.is_file() and not file.is_symlink() and file.name != "style.css":
                    self.files[f"assets/{file.relative_to(assets).as_posix()}"] = file.read_bytes()


_TEMPLATE_CACHE = None


def cache_root() -> Path | None:
    """ROADMAPGEN_CACHE_DIR, else $XDG_CACHE_HOME/roadmapgen, else ~/.cache/roadmapgen;
    None when ROADMAPGEN_CACHE_DIR is set to "off" (or 0, or empty)."""
    chosen = os.environ.get("ROADMAPGEN_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "0", "off", "no", "false") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "roadmapgen"


# Compiled templates of the built-in themes are kept beside the package, as
# Python keeps its .pyc files: made by the first build after an install,
# whoever's cache it uses (not when Python itself writes no bytecode).
_PACKAGE_TEMPLATES = Path(__file__).parent / "__pycache__" / "templates"


@lru_cache(maxsize=1)
def _builtin_themes() -> Path:
    from roadmapgen.themes import builtin_themes_dir

    return builtin_themes_dir().resolve()


def _bytecode_folders(filename: str | None) -> list[Path]:
    """Where a template's compiled form may be, first to last."""
    folders = []
    if filename and Path(filename).resolve().is_relative_to(_builtin_themes()):
        folders.append(_PACKAGE_TEMPLATES)
    root = cache_root()
    if root is not None:
        folders.append(root / "templates")
    return folders


def _template_cache():
    """Compiled templates, keyed by Jinja on name and source checksum: kept
    for the life of the process (`serve` does not recompile the theme on
    every rebuild), beside the package for the built-in themes, and in the
    user's cache folder (cache_root) for the others. A changed
    template simply misses the cache."""
    global _TEMPLATE_CACHE
    if _TEMPLATE_CACHE is None:
        import sys

        from jinja2 import BytecodeCache
        from jinja2.bccache import Bucket

        class TemplateCache(BytecodeCache):
            def __init__(self):
                self.store: dict[str, bytes] = {}

            def get_bucket(self, environment, name, filename, source):
                # Sandboxed code differs from plain code: never load one for the other.
                key = self.get_cache_key(f"sandboxed:{environment.sandboxed}:{name}", filename)
                bucket = Bucket(environment, key, self.get_source_checksum(source))
                bucket.folders = _bytecode_folders(filename)
                self.load_bytecode(bucket)
                return bucket

            def load_bytecode(self, bucket):
                data = self.store.get(bucket.key)
                if data is not None:
                    bucket.bytecode_from_string(data)
                    return
                for folder in bucket.folders:
                    try:
                        data = (folder / f"{bucket.key}.jinja").read_bytes()
                    except OSError:
                        continue
                    bucket.bytecode_from_string(data)  # a stale or foreign file resets the bucket
                    if bucket.code is not None:
                        return

            def dump_bytecode(self, bucket):
                data = self.store[bucket.key] = bucket.bytecode_to_string()
                for folder in bucket.folders:
                    if folder == _PACKAGE_TEMPLATES and sys.dont_write_bytecode:
                        continue
                    if _write_quietly(folder, f"{bucket.key}.jinja", data):
                        return

        _TEMPLATE_CACHE = TemplateCache()
    return _TEMPLATE_CACHE


def _write_quietly(folder: Path, name: str, data: bytes) -> bool:
    """Best effort: True if the file is there (atomically) afterwards."""
    temporary = folder / f".{name}.{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700 if folder != _PACKAGE_TEMPLATES else 0o755)
        temporary.write_bytes(data)
        os.replace(temporary, folder / name)
        return True
    except OSError:
        with suppress(OSError):
            temporary.unlink()
        return False


# In a document's path, what an id cannot hold or a URL fragment would change.
_NOT_IN_ID = re.compile(r"[\t\n\f\r %#~:\"'<>&\x00-\x1f\x7f]")


def id_prefix_for(owner: str, field: str = "") -> str:
    """The prefix of the ids of one Markdown text shown beside others on a
    page: an entry's id for its notes (`learn-rust:fn1`), a document's path
    for its body (`reviews/2026-05.md:s-next-steps`), plus a field's name
    for another text of it (`index.md:vision:fn1`).

    Prefixes end at their first ':', which neither an entry id nor a path
    (escaped here) holds; a path also holds a '.', which neither an entry id
    nor an id of Markdown's own holds. So texts with different owners never
    share an id, nor share one with the theme."""
    owner = _NOT_IN_ID.sub(lambda m: "~%02x" % ord(m[0]), owner.removeprefix("content/"))
    return f"{owner}:{field}:" if field else f"{owner}:"


def format_date(value: dt.date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def render_site(view: View, settings: Settings, theme: Theme, today: dt.date,
                findings: list[Diagnostic], history=None, page_memo: dict | None = None,
                defer_exports: bool = False) -> dict[str, bytes]:
    """`page_memo`, when given, holds the pages of the previous call and is
    left holding this call's; `serve` passes the same dict to every rebuild.
    With `defer_exports` each export is a callable that makes its bytes
    (roadmapgen.exports.Deferred) instead of the bytes."""
    renderer = Renderer(view, settings, theme, today, findings, history, page_memo, defer_exports)
    files = renderer.render_all()
    if page_memo is not None:
        page_memo.clear()
        page_memo.update(renderer.memo_used)
    return files
