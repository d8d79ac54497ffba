"""The site context: what one build shows and where each page of it is.

Made once, before anything is rendered, from the audience's `View`. The
pages, the timeline and the exports all take it as an argument; every URL
and link it makes is relative to a page the caller names, so nothing depends
on which page happens to be rendered.
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
import posixpath
import re
from dataclasses import dataclass, field
from itertools import chain, count
from typing import Callable, Mapping
from urllib.parse import quote, unquote

from markupsafe import Markup, escape

from roadmapgen.analyse.audience import View, can_see
from roadmapgen.analyse.checks import last_review
from roadmapgen.model import (
    CONTENT_DIR, DEFAULT_CADENCE, HORIZONS, TARGET_ID, Item, Review, Roadmap, StatusSource, Target,
)
from roadmapgen.read.config import Settings
from roadmapgen.read.history import History
from roadmapgen.read.local_files import is_markdown
from roadmapgen.read.markdown import render_markdown, text_ids
from roadmapgen.read.urls import local_target
from roadmapgen.render.templates import short_date

PRIVATE = "a private item"
FOLDER = "/"  # in Site.copied_to: a folder of copies, which no file in content/ can be
HORIZON_PAGES = {h: f"{h}.html" for h in HORIZONS}
HISTORY_PAGE = "history.html"  # the archived items
# The page of each kind of entry but items (which are on their horizon's).
PAGE_FOR_KIND = {"gap": "gaps.html", "skill": "skills.html", "path": "paths.html", "risk": "risks.html",
                 "person": "people.html"}
REVIEW_ORDER = tuple(DEFAULT_CADENCE)
_UNSAFE_PATH = re.compile(r"[^A-Za-z0-9._-]+")
# Python's own table of media types, not the system's: the same on every machine, as builds are.
_MEDIA_TYPES = mimetypes.MimeTypes()
_MEDIA_TYPES.add_type("image/webp", ".webp")  # in Python's table only from 3.13
# In a document's path, what an id cannot hold or a URL fragment would change.
_NOT_IN_ID = re.compile(r"[\t\n\f\r %#~:\"'<>&\x00-\x1f\x7f]")


def as_written(path: str) -> str:
    """A page's published path in a plain edition: its own."""
    return path


@dataclass(frozen=True, slots=True)
class Site:
    """One audience's roadmap, the settings and day of the build, the plan
    history (read before rendering; empty without git or outside the
    private edition) and the page of every entry, review and free page."""

    view: View
    settings: Settings
    today: dt.date
    history: History
    entry_pages: Mapping[str, str]  # entry id (and `target`) -> its page
    review_paths: Mapping[str, str]  # review file -> its page
    page_paths: Mapping[str, str]  # free page file -> its page
    # Where a page is written: itself, or an opaque name in an encrypted
    # edition (render.sealing). Every path above stays the plain one.
    published: Callable[[str], str] = as_written
    # Links to local files (docs/format.md, "Local files and links"): each
    # content file this audience sees -> (its page, the prefix of its ids
    # there); the files links name that a page may publish (read.local_files);
    # and, filled while pages render, the files they link to, by path in the
    # site -> the path in content/ each is copied from: so an edition copies
    # only what a text it shows links to. A sealed edition (`inline_files`)
    # writes no file in the clear: it inlines them, from `inlined`.
    document_pages: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    publishable: frozenset[str] = frozenset()
    inlined: Mapping[str, bytes] = field(default_factory=dict)
    copies: dict[str, str] = field(default_factory=dict)
    # Each copy's path and folder, casefolded -> its file in content/ (FOLDER for a folder).
    copied_to: dict[str, str] = field(default_factory=dict)
    inline_files: bool = False
    body_ids: dict[str, frozenset[str]] = field(default_factory=dict)  # see _ids_of

    @property
    def roadmap(self) -> Roadmap:
        return self.view.roadmap

    @property
    def target(self) -> Target | None:
        """The root's target, None without a root or when the audience may not see it."""
        root = self.roadmap.root
        return root.target if root is not None and TARGET_ID not in self.view.hidden_ids else None

    def url(self, page: str, target: str) -> str:
        """A URL relative to `page` for `target`, a path from the site root
        (maybe with #anchor; "" or "#anchor" for `page` itself)."""
        path, _, anchor = target.partition("#")
        page, path = self.published(page), self.published(path) if path else path
        # Every page path is relative to the site root, so climbing to the
        # root and down again is always right, and far cheaper than relpath.
        here = page.rpartition("/")[0]
        if not path:
            rel = posixpath.basename(page)
        elif here and path.startswith(here + "/"):  # at or below the page's folder
            rel = path[len(here) + 1:]
        else:
            rel = "../" * page.count("/") + path
        rel = quote(rel)
        return f"{rel}#{anchor}" if anchor else rel

    def entry_path(self, entry_id: str) -> str | None:
        """`page#id` of an entry from the site root, or None when the audience may not see it."""
        if entry_id in self.view.hidden_ids or entry_id not in self.entry_pages:
            return None
        return f"{self.entry_pages[entry_id]}#{entry_id}"

    def href(self, page: str, entry_id: str) -> str | None:
        """The URL of an entry from `page`, or None when the audience may not see it."""
        path = self.entry_path(entry_id)
        return self.url(page, path) if path else None

    def title_of(self, entry_id: str) -> str:
        if entry_id == TARGET_ID:
            return (self.roadmap.root.target.role if self.roadmap.root else "") or "the target"
        entry = self.roadmap.entries.get(entry_id)
        return entry.title if entry else entry_id

    def link(self, page: str, entry_id: str, label: str | None = None) -> Markup:
        """An <a> to an entry from `page`, or "a private item" when it is hidden."""
        href = self.href(page, entry_id)
        if href is None:
            return Markup('<span class="private">%s</span>') % PRIVATE
        return Markup('<a href="%s">%s</a>') % (href, escape(label or self.title_of(entry_id)))

    def markdown(self, page: str, text: str, id_prefix: str = "", *, source: str) -> Markup:
        """A Markdown text of the content file `source` as HTML shown on
        `page`; `id_prefix`: see id_prefix_for, "" for a text alone on its page."""
        return Markup(render_markdown(text, lambda i, label: str(self.link(page, i, label)),
                                      self.settings.allow_html, id_prefix,
                                      lambda url, image: self.local_url(page, source, url, image)))

    def local_url(self, page: str, source: str, url: str, image: bool) -> str | None:
        """The URL on `page` of a link or image to a local file written in
        `source`: a content file's page (None when this edition has none:
        shown as text), or the file, copied beside the pages (inlined in a
        sealed edition); as written when there is no such file (`check`
        says `missing-file`)."""
        target = local_target(source, url)
        if target is None:
            return url
        shown = self.document_pages.get(target.path)
        if shown is not None:
            document_page, prefix = shown
            fragment = target.fragment
            if prefix and fragment[1:] and unquote(fragment[1:]) in self._ids_of(target.path):
                fragment = f"#{prefix}{fragment[1:]}"  # its heading, as that page names it
            return self.url(page, document_page) + target.query + fragment
        if is_markdown(target.path):
            return None
        if target.path not in self.publishable:
            return url
        if self.inline_files:
            kind = _MEDIA_TYPES.guess_type(target.path)[0] or "application/octet-stream"
            return f"data:{kind};base64,{base64.b64encode(self.inlined[target.path]).decode('ascii')}"
        copy = self._copy_place(source, target.path)
        self.copies[copy] = target.path
        parts = copy.casefold().split("/")
        self.copied_to.update(("/".join(parts[:n]), FOLDER) for n in range(1, len(parts)))
        self.copied_to[copy.casefold()] = target.path
        return self.url(page, copy) + target.query + target.fragment

    def _copy_place(self, source: str, path: str) -> str:
        """Where the file `path`, linked from `source`, is copied: beside
        `source`'s page; where another file already has that place, in any
        case (each review's `chart.png`: every review's page is in
        reviews/), or has a file where it needs a folder, at its path under
        content/; failing that, at the site root, numbered as pages' are
        (`chart-2.png`: there no folder of it can be taken)."""
        own = path.removeprefix(f"{CONTENT_DIR}/")
        stem, extension = posixpath.splitext(posixpath.basename(own))
        numbered = (f"{stem}-{n}{extension}" for n in count(2))
        places = chain((self._beside_own_page(source, path), own), numbered)
        return next(place for place in places if place and self._free(place.casefold(), path))

    def _free(self, place: str, path: str) -> bool:
        """Whether the file `path` may be copied to `place` (casefolded)."""
        folders = place.split("/")[:-1]
        return self.copied_to.get(place, path) == path and all(
            self.copied_to.get("/".join(folders[:n]), FOLDER) == FOLDER for n in range(1, len(folders) + 1))

    def _beside_own_page(self, source: str, path: str) -> str | None:
        """The place as far from `source`'s own page as the file `path` is
        from `source` (a page bundle), so the link works as written there
        (`pages/notes/me.svg` for `content/notes/about.md`); None where
        that would climb above the site root (a plan in a folder, whose
        page is at the root) or `source` has no page."""
        own_page = self.document_pages.get(source, ("",))[0]
        beside = posixpath.normpath(posixpath.join(posixpath.dirname(own_page),
                                                   posixpath.relpath(path, posixpath.dirname(source))))
        return beside if own_page and not beside.startswith("../") else None

    def _ids_of(self, path: str) -> frozenset[str]:
        """The ids the body of the content file `path` makes (headings, footnotes):
        read once a build, however many links name them."""
        if path not in self.body_ids:
            documents = (self.roadmap.root, *self.roadmap.plans, *self.roadmap.archives)
            bodies = (d.body for d in documents if d is not None and d.path == path)
            self.body_ids[path] = text_ids(next(bodies, ""))
        return self.body_ids[path]

    def status_source(self, item: Item) -> tuple[str, str]:
        """(words, the review's page from the site root) saying which review
        an item's status comes from, as in "done · 30 Nov review"; ("", "")
        for a status its file gives."""
        source = item.status_from
        if source is None or source.path not in self.review_paths:
            return "", ""
        return self.review_note(source)

    def review_note(self, review: Review | StatusSource) -> tuple[str, str]:
        """("30 Nov review", its page from the site root) for a review of this view."""
        return f"{short_date(review.date)} review", self.review_paths[review.path]

    def next_reviews(self) -> list[dict]:
        """When each review type is next due (nothing when the cadence is hidden)."""
        root = self.roadmap.root
        if root is None or not can_see(self.view.audience, root.block_level("cadence")):
            return []
        rows = []
        for review_type in REVIEW_ORDER:
            days = root.cadence[review_type]
            last = last_review(self.roadmap, review_type)
            # A review dated near the calendar's end: its next one is due on its last day.
            due = last + dt.timedelta(days=days) if (dt.date.max - last).days >= days else dt.date.max
            rows.append({"type": review_type, "last": last, "due": due, "overdue": due < self.today})
        return rows


def make_site(view: View, settings: Settings, today: dt.date, history: History | None = None,
              published: Callable[[str], str] = as_written,
              publishable: frozenset[str] = frozenset(), inlined: Mapping[str, bytes] | None = None) -> Site:
    """`inlined`: the bytes of the publishable files, for a sealed edition, which inlines them."""
    roadmap = view.roadmap
    entry_pages = {TARGET_ID: "index.html"}
    for entry in roadmap.entries.values():
        if isinstance(entry, Item):
            entry_pages[entry.id] = HISTORY_PAGE if entry.archived else HORIZON_PAGES[entry.horizon]
        else:
            entry_pages[entry.id] = PAGE_FOR_KIND[entry.kind]
    review_paths = _unique_paths([r.path for r in roadmap.reviews], "reviews", flat=True)
    page_paths = _unique_paths([p.path for p in roadmap.pages], "pages")
    return Site(
        view=view, settings=settings, today=today, history=history or History(), entry_pages=entry_pages,
        review_paths=review_paths, page_paths=page_paths, published=published,
        document_pages=_document_pages(view, review_paths, page_paths), publishable=publishable,
        inlined=inlined or {}, inline_files=inlined is not None,
    )


def _document_pages(view: View, review_paths: Mapping[str, str],
                    page_paths: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Each content file the audience sees -> (the page that shows it, the prefix of its ids there)."""
    roadmap, hidden = view.roadmap, view.hidden_paths
    pages: dict[str, tuple[str, str]] = {}
    if roadmap.root is not None:
        pages[roadmap.root.path] = ("index.html", id_prefix_for(roadmap.root.path))
    pages.update((p.path, (HORIZON_PAGES[p.horizon], id_prefix_for(p.path))) for p in roadmap.plans
                 if p.path not in hidden)
    if roadmap.archived:  # the history page is there only then
        pages.update((a.path, (HISTORY_PAGE, id_prefix_for(a.path))) for a in roadmap.archives
                     if a.path not in hidden)
    pages.update((path, (page, "")) for path, page in (*review_paths.items(), *page_paths.items()))
    for entry in roadmap.entries.values():  # a file of gaps, skills, paths or risks: their page
        if entry.kind in PAGE_FOR_KIND and entry.kind != "person":
            pages.setdefault(entry.path, (PAGE_FOR_KIND[entry.kind], ""))
    return pages


def output_path_for(document_path: str, folder: str) -> str:
    """A safe output path for a content file: content/notes/x y.md -> pages/notes/x-y.html."""
    stem = document_path.removeprefix(f"{CONTENT_DIR}/")
    stem = stem[:-3] if stem.endswith(".md") else stem
    parts = [(_UNSAFE_PATH.sub("-", part).strip("-.") or "page") for part in stem.split("/")]
    return posixpath.join(folder, *parts) + ".html"


def _unique_paths(sources: list[str], folder: str, flat: bool = False) -> dict[str, str]:
    """Each file's page in `folder`; a name already taken gets -2, -3, ..."""
    taken: dict[str, str] = {}
    used: set[str] = set()
    for source in sources:
        path = output_path_for(source.rsplit("/", 1)[-1] if flat else source, folder)
        base, n = path[:-5], 2
        while path in used:
            path, n = f"{base}-{n}.html", n + 1
        used.add(path)
        taken[source] = path
    return taken


def id_prefix_for(owner: str, field: str = "") -> str:
    """The prefix of the ids of one Markdown text shown beside others on a
    page: an entry's id for its notes (`learn-rust:fn1`), a document's path
    for its body (`reviews/2026-05.md:s-next-steps`), plus a field's name
    for another text of it (`index.md:vision:fn1`).

    Prefixes end at their first ':', which neither an entry id nor a path
    (escaped here) holds; a path also holds a '.', which neither an entry id
    nor an id of Markdown's own holds. So texts with different owners never
    share an id, nor share one with the theme."""
    owner = _NOT_IN_ID.sub(lambda m: "~%02x" % ord(m[0]), owner.removeprefix(f"{CONTENT_DIR}/"))
    return f"{owner}:{field}:" if field else f"{owner}:"
