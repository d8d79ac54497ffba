#!/usr/bin/env python3
"""Deterministic benchmark corpora for roadmapgen.

    python benchmarks/corpus.py roadmap N OUTDIR [--as-of 2026-11-02]
    python benchmarks/corpus.py pages N OUTDIR [--as-of 2026-11-02]

`roadmap` writes a valid roadmap site (OUTDIR/roadmap.toml, OUTDIR/content/)
with N plan items spread over the five horizons as a pyramid:

    30-days   at most 5 items (a focused month), each due inside the window
    quarter   ~40% of the rest  } the bulk; every item serves one on the next
    year      ~30% of the rest  } longer horizon and is served by at least
    3-years   ~22% of the rest  } one on a shorter horizon
    10-years  ~8% of the rest   serves `target`

in plan files of at most 50 items each (content/plans/<horizon>/part-NNN.md),
plus gaps (every one closed by some item), weighted paths (probabilities add
up to 100), risks, about N/20 reviews dated before as_of (the latest a
replan the day before), and a few free pages. Bodies and `notes` are
realistic Markdown (headings, lists, a table, a fenced code block, inline
markup) with [[id]] and [[id|label]] links to existing ids.

`roadmapgen check OUTDIR --today <as_of + 10 days>` reports no findings.

`pages` writes a minimal root (plus one 30-days item, so the check stays
clean) and N `kind: page` documents of about 400 words each, for comparing
raw Markdown throughput with other static site generators.

Everything is derived from N, the kind and as_of through seeded
random.Random instances: same arguments, byte-identical output. No clock is
read. OUTDIR must not already contain content/ (pass a fresh folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys

from roadmapgen.model import horizon_end, years_after

DEFAULT_AS_OF = dt.date(2026, 11, 2)
ITEMS_PER_FILE = 50
ENTRIES_PER_FILE = 50
MAX_30_DAYS = 5
HORIZONS = ("30-days", "quarter", "year", "3-years", "10-years")
PREFIX = {"30-days": "m", "quarter": "q", "year": "y", "3-years": "t", "10-years": "v"}
# Share of the non-30-days items on each longer horizon (the rest go to quarter).
SHARES = {"year": 0.30, "3-years": 0.22, "10-years": 0.08}

# -- vocabulary ---------------------------------------------------------------

VERBS = (
    "Draft", "Ship", "Scope", "Lead", "Write", "Present", "Mentor", "Review",
    "Publish", "Prototype", "Migrate", "Document", "Measure", "Negotiate",
    "Shadow", "Teach", "Plan", "Run", "Interview", "Organise", "Benchmark",
    "Refactor", "Pitch", "Facilitate",
)
OBJECTS = (
    "the ledger redesign", "an incident review", "the on-call handbook",
    "a design doc", "the migration plan", "a conference talk", "the team charter",
    "a reading group", "the billing API", "an architecture decision record",
    "the quarterly roadmap", "a hiring loop", "the observability stack",
    "a blog post", "the payments pipeline", "a cost model",
    "the deprecation of v1 endpoints", "a capacity plan", "the testing strategy",
    "a promotion packet", "an internal workshop", "the data retention policy",
    "a postmortem template", "the service catalogue",
)
WITH = (
    "with the platform team", "with two partner teams", "for the leadership offsite",
    "with my manager", "for the guild", "with the new hires", "across three teams",
    "for the engineering all-hands", "with Finance", "with the SRE rotation",
    "before the planning cycle", "with an external mentor",
)
NOUNS = (
    "scope", "influence", "strategy", "roadmap", "review", "incident", "mentor",
    "sponsor", "design", "latency", "budget", "migration", "rollout", "feedback",
    "calibration", "rubric", "evidence", "visibility", "network", "writing",
    "hiring", "on-call", "platform", "reliability", "ownership", "trade-off",
    "deadline", "stakeholder", "promotion", "interview",
)
WORDS = (
    "the a an of to in on for with by from at as is was be it this that and or "
    "but not so then when while because if each every some many few we they "
    "our their more most less very often always sometimes usually team teams "
    "project plan quarter month year week review design document draft write "
    "lead ship scope measure learn teach mentor sponsor manager director staff "
    "senior principal engineer role level promotion evidence rubric feedback "
    "calibration meeting one-on-one notes decision trade-off risk cost budget "
    "latency incident outage on-call migration rollout service platform api "
    "database pipeline ledger billing payments customer partner stakeholder "
    "strategy architecture system reliable simple clear honest steady small "
    "large early late first last next previous new old open closed ready done "
    "pending focus energy time calendar habit course book talk conference "
    "blog post article network coffee intro referral interview offer "
    "compensation equity salary market growth scope influence visibility"
).split()
TEAMS = ("Billing", "Platform", "Payments", "Search", "Growth", "Data", "Identity",
         "Mobile", "Infrastructure", "Support Tools", "Risk", "Checkout")
PEOPLE = ("Amara", "Bo", "Chen", "Dara", "Eitan", "Farah", "Gus", "Hana", "Ines",
          "Jonah", "Kemal", "Lena", "Malik", "Noor", "Oskar", "Priya", "Quinn",
          "Rosa", "Sven", "Tomas")
ITEM_TYPES = ("project", "course", "conversation", "artifact", "habit",
              "application", "milestone")
DIMENSIONS = ("role", "skills", "network", "compensation", "achievement")
GAP_AREAS = ("skills", "scope", "mentorship", "visibility", "network",
             "credentials", "other")
IMPACTS = ("high", "medium", "low")
LANGS = ("python", "sql", "bash", "yaml")


# -- small helpers ------------------------------------------------------------

def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def slugify(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in out.split("-") if part)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def chunks(seq, size):
    return [seq[i:i + size] for i in range(0, len(seq), size)]


def yaml_list(ids, indent: str, per_line: int = 8) -> str:
    """A flow list, wrapped so long `serves` lists stay readable."""
    if len(ids) <= per_line:
        return "[" + ", ".join(ids) + "]"
    lines = [", ".join(group) for group in chunks(list(ids), per_line)]
    return "[\n" + ",\n".join(indent + "  " + line for line in lines) + "\n" + indent + "]"


class Writer:
    def __init__(self, root: str):
        self.root = root
        self.files = 0
        self.bytes = 0

    def write(self, rel: str, text: str) -> None:
        path = os.path.join(self.root, *rel.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        self.files += 1
        self.bytes += len(data)


# -- Markdown prose -------------------------------------------------------------

class Prose:
    """Markdown fragments from one seeded generator; `link_ids` are ids that
    [[...]] links may name."""

    def __init__(self, rng: random.Random, link_ids=()):
        self.rng = rng
        self.link_ids = list(link_ids)

    def link(self) -> str:
        rng = self.rng
        if not self.link_ids:
            return "[[target]]"
        ident = rng.choice(self.link_ids)
        if rng.random() < 0.4:
            return "[[%s|%s]]" % (ident, " ".join(rng.choice(NOUNS) for _ in range(2)))
        return "[[%s]]" % ident

    def sentence(self, lo=8, hi=16, links=True) -> str:
        rng = self.rng
        words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
        i = rng.randrange(len(words))
        roll = rng.random()
        if roll < 0.15:
            words[i] = "*%s*" % words[i]
        elif roll < 0.28:
            words[i] = "**%s**" % words[i]
        elif roll < 0.38:
            words[i] = "`%s_%s`" % (rng.choice(NOUNS).replace("-", "_"), rng.choice(WORDS).replace("-", "_"))
        elif roll < 0.50:
            words[i] = "[%s notes](https://example.com/%s/%d)" % (
                rng.choice(NOUNS), rng.choice(NOUNS), rng.randrange(1000))
        elif links and roll < 0.70:
            words.insert(i, self.link())
        return cap(" ".join(words)) + rng.choice((".", ".", ".", "!", "?"))

    def paragraph(self, lo=2, hi=4, links=True) -> str:
        return " ".join(self.sentence(links=links) for _ in range(self.rng.randint(lo, hi)))

    def heading(self, level: int) -> str:
        rng = self.rng
        words = " ".join(rng.choice(NOUNS) for _ in range(rng.randint(2, 4)))
        return "#" * level + " " + cap(words)

    def bullets(self, ordered=False, lo=3, hi=5) -> str:
        rng = self.rng
        out = []
        bullet = rng.choice(("-", "-", "*"))
        for i in range(rng.randint(lo, hi)):
            mark = "%d." % (i + 1) if ordered else bullet
            out.append("%s %s" % (mark, self.sentence(4, 9)))
            if not ordered and rng.random() < 0.2:
                out.append("  - %s" % self.sentence(3, 6, links=False))
        return "\n".join(out)

    def tasks(self) -> str:
        rng = self.rng
        return "\n".join("- [%s] %s" % (rng.choice("x "), self.sentence(4, 8, links=False))
                         for _ in range(rng.randint(2, 4)))

    def table(self) -> str:
        rng = self.rng
        rows = ["| Week | Focus | Hours | Status |", "| --- | --- | ---: | --- |"]
        for week in range(1, rng.randint(4, 6)):
            rows.append("| %d | %s %s | %d | %s |" % (
                week, cap(rng.choice(NOUNS)), rng.choice(NOUNS), rng.randint(1, 12),
                rng.choice(("planned", "active", "done", "**blocked**", "_skipped_"))))
        return "\n".join(rows)

    def code(self) -> str:
        rng = self.rng
        lang = rng.choice(LANGS)
        a, b = rng.choice(NOUNS).replace("-", "_"), rng.choice(NOUNS).replace("-", "_")
        if lang == "python":
            body = ("def weekly_%s(entries, limit=%d):\n"
                    "    \"\"\"Sum the hours spent on %s.\"\"\"\n"
                    "    total = 0\n"
                    "    for entry in entries[:limit]:\n"
                    "        if entry.tag == \"%s\":\n"
                    "            total += entry.hours\n"
                    "    return total\n" % (a, rng.randint(5, 60), b, b))
        elif lang == "sql":
            body = ("SELECT team, count(*) AS %s\n"
                    "FROM incidents\n"
                    "WHERE opened_at >= date '2026-01-01'\n"
                    "GROUP BY team\n"
                    "ORDER BY %s DESC\n"
                    "LIMIT %d;\n" % (a, a, rng.randint(3, 20)))
        elif lang == "bash":
            body = ("set -eu\n"
                    "for f in notes/%s/*.md; do\n"
                    "  grep -c '%s' \"$f\" || true\n"
                    "done\n" % (a, b))
        else:
            body = ("%s:\n"
                    "  owner: %s\n"
                    "  budget_hours: %d\n"
                    "  review: monthly\n" % (a, rng.choice(PEOPLE), rng.randint(4, 40)))
        return "```%s\n%s```" % (lang, body)

    def quote(self) -> str:
        return "> %s\n> — %s" % (self.sentence(6, 12, links=False), self.rng.choice(PEOPLE))

    def body(self, size: str = "medium") -> str:
        """A document body: heading, prose, a list, a table, a code block."""
        rng = self.rng
        parts = [self.heading(2), self.paragraph(), self.bullets()]
        if size != "small":
            parts += [self.heading(3), self.paragraph(2, 3), self.table(),
                      self.paragraph(1, 2), self.code()]
            if rng.random() < 0.5:
                parts += [self.heading(3), self.bullets(ordered=True)]
            if rng.random() < 0.3:
                parts.append(self.tasks())
            if rng.random() < 0.3:
                parts.append(self.quote())
        return "\n\n".join(parts) + "\n"

    def notes(self) -> str:
        """A short Markdown `notes` value with a link."""
        rng = self.rng
        text = self.sentence(6, 12, links=False) + " See " + self.link() + "."
        if rng.random() < 0.3:
            text += " " + self.sentence(5, 10)
        return text


# -- the roadmap corpus -----------------------------------------------------------

def horizon_counts(n: int) -> dict[str, int]:
    if n < 1:
        raise ValueError("N must be at least 1")
    month = min(MAX_30_DAYS, max(1, n // 4))
    rest = n - month
    longer = {h: round(rest * share) for h, share in SHARES.items()}
    if rest and not longer["10-years"]:
        longer["10-years"] = 1
    counts = {"30-days": month, "quarter": 0, **longer}
    counts["quarter"] = n - sum(counts.values())
    if counts["quarter"] < 0:  # tiny N: give the surplus back from the longest
        for h in ("3-years", "year"):
            while counts["quarter"] < 0 and counts[h]:
                counts[h] -= 1
                counts["quarter"] += 1
    return counts


def item_title(rng: random.Random) -> str:
    return "%s %s %s" % (rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(WITH))


def make_ids(rng, prefix: str, count: int, width: int = 4):
    ids = []
    for i in range(count):
        words = "-".join(rng.choice(NOUNS) for _ in range(2))
        ids.append("%s-%0*d-%s" % (prefix, width, i + 1, slugify(words)))
    return ids


class RoadmapCorpus:
    def __init__(self, n: int, as_of: dt.date = DEFAULT_AS_OF):
        self.n = n
        self.as_of = as_of
        self.today = as_of + dt.timedelta(days=10)
        self.rng = random.Random("roadmapgen-bench-roadmap-%d-%s" % (n, as_of.isoformat()))
        rng = self.rng
        self.counts = horizon_counts(n)
        self.ids = {h: make_ids(rng, PREFIX[h], self.counts[h]) for h in HORIZONS}
        self.horizon_of = {i: h for h in HORIZONS for i in self.ids[h]}
        self.gaps = make_ids(rng, "gap", max(1, n // 15), 3)
        self.paths = make_ids(rng, "path", min(8, 2 + n // 400), 2)
        self.risks = make_ids(rng, "risk", max(2, n // 40), 3)
        self.review_count = max(1, round(n / 20))
        self.page_count = max(1, n // 100)
        self.all_items = [i for h in HORIZONS for i in self.ids[h]]
        self.all_ids = self.all_items + self.gaps + self.paths + self.risks
        self._plan_serves()
        self._plan_closes()

    # -- structure

    def _next_nonempty(self, horizon: str, skip: int = 0):
        later = [h for h in HORIZONS[HORIZONS.index(horizon) + 1:] if self.ids[h]]
        return later[skip] if len(later) > skip else None

    def _plan_serves(self) -> None:
        """Item j of a horizon with k items serves every item x of the next
        non-empty horizon with x % k == j, and next[j % len(next)]: so every
        longer item has a server whatever the counts. Some items also skip a
        horizon, and 10-years items serve the target."""
        rng = self.rng
        self.serves = {}
        for h in HORIZONS:
            mine = self.ids[h]
            nxt = self._next_nonempty(h)
            if nxt is None:
                for ident in mine:
                    self.serves[ident] = ["target"]
                continue
            others = self.ids[nxt]
            k = len(mine)
            for j, ident in enumerate(mine):
                chosen = [others[x] for x in range(j, len(others), k)]
                extra = others[j % len(others)]
                if extra not in chosen:
                    chosen.append(extra)
                far = self._next_nonempty(h, 1)
                if far is not None and rng.random() < 0.12:
                    pick = rng.choice(self.ids[far])
                    if pick not in chosen:
                        chosen.append(pick)
                if h == "3-years" and rng.random() < 0.05:
                    chosen.append("target")
                self.serves[ident] = chosen

    def _plan_closes(self) -> None:
        rng = self.rng
        self.closes = {i: [] for i in self.all_items}
        workers = [i for i in self.all_items if self.horizon_of[i] != "10-years"] or self.all_items
        for g, gap in enumerate(self.gaps):  # every gap closed at least once
            self.closes[workers[g % len(workers)]].append(gap)
        for ident in workers:
            if rng.random() < 0.35:
                gap = rng.choice(self.gaps)
                if gap not in self.closes[ident]:
                    self.closes[ident].append(gap)

    # -- rendering

    def write(self, out: str) -> Writer:
        if os.path.exists(os.path.join(out, "content")):
            raise SystemExit("%s already has content/; pass a fresh folder" % out)
        w = Writer(out)
        w.write("roadmap.toml", 'output = "site"\nbase_url = "https://example.org/roadmap/"\n'
                                'language = "en"\n')
        w.write("content/index.md", self.root())
        for h in HORIZONS:
            groups = chunks(self.ids[h], ITEMS_PER_FILE)
            for part, group in enumerate(groups, 1):
                w.write("content/plans/%s/part-%03d.md" % (h, part), self.plan_file(h, part, len(groups), group))
        for part, group in enumerate(chunks(self.gaps, ENTRIES_PER_FILE), 1):
            w.write("content/gaps/part-%03d.md" % part, self.gaps_file(part, group))
        w.write("content/paths.md", self.paths_file())
        for part, group in enumerate(chunks(self.risks, ENTRIES_PER_FILE), 1):
            w.write("content/risks/part-%03d.md" % part, self.risks_file(part, group))
        for name, text in self.reviews():
            w.write("content/reviews/%s.md" % name, text)
        for p in range(self.page_count):
            w.write("content/notes/note-%03d.md" % (p + 1), self.note_page(p))
        return w

    def root(self) -> str:
        rng = random.Random("root-%d" % self.n)
        prose = Prose(rng, self.ids["10-years"] + self.ids["3-years"][:20] + self.paths)
        vision_ids = self.ids["10-years"][:3] or self.all_items[:1]
        vision = ("In %d I lead a platform organisation where reliability is boring and "
                  "writing is how decisions get made; see %s." % (
                      self.as_of.year + 10, ", ".join("[[%s]]" % i for i in vision_ids)))
        body = "\n\n".join([
            "# Why this roadmap exists",
            prose.paragraph(3, 4),
            "## How to read it",
            prose.bullets(),
            "The [[target]] is the role below; every 30-day action links up to it.",
            "## Time budget",
            prose.table(),
            "## Tooling",
            prose.paragraph(1, 2),
            # A [[...]] inside code must be left alone by the link checker.
            "```markdown\nLink an item with [[some-id]] or [[some-id|a label]].\n```",
            "Write `[[not-an-id]]` in a code span to show the syntax.",
        ]) + "\n"
        return (
            "---\n"
            "kind: roadmap\n"
            "title: %s\n"
            "owner: Alex Benchmark\n"
            "as_of: %s\n"
            "target:\n"
            "  role: Staff Engineer\n"
            "  level: L6\n"
            "  industry: B2B SaaS\n"
            "  companies: [Acme Cloud, Globex, Initech]\n"
            "  by: %s\n"
            "vision: %s\n"
            "values:\n"
            "  - {name: Craft, score: 5}\n"
            "  - {name: Autonomy, score: 4}\n"
            "  - {name: Teaching, score: 4}\n"
            "  - {name: Family time, score: 3}\n"
            "finances:\n"
            "  currency: EUR\n"
            "  target_compensation: 150000\n"
            "cadence:\n"
            "  monthly: 35\n"
            "  quarterly: 100\n"
            "  annual: 380\n"
            "visibility:\n"
            "  values: mentors\n"
            "  finances: private\n"
            "---\n\n%s" % (
                q("Benchmark roadmap with %d items" % self.n), self.as_of.isoformat(),
                years_after(self.as_of, 2).isoformat(), q(vision), body))

    def _due(self, rng, horizon: str, status: str):
        a = self.as_of
        end = horizon_end(horizon, a)
        if horizon == "30-days":
            lo, hi = (a + dt.timedelta(days=2), self.today - dt.timedelta(days=1)) if status == "done" \
                else (self.today + dt.timedelta(days=1), end)
            return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
        chance = {"quarter": 0.7, "year": 0.5, "3-years": 0.4, "10-years": 0.3}[horizon]
        if rng.random() >= chance:
            return None
        if status == "done":
            return a + dt.timedelta(days=rng.randint(1, 9))
        start = {"quarter": a + dt.timedelta(days=12), "year": horizon_end("quarter", a) + dt.timedelta(days=1),
                 "3-years": horizon_end("year", a) + dt.timedelta(days=1),
                 "10-years": horizon_end("3-years", a) + dt.timedelta(days=1)}[horizon]
        return start + dt.timedelta(days=rng.randint(0, (end - start).days))

    def _status(self, rng, horizon: str, j: int) -> str:
        if horizon == "30-days":
            return "done" if j == 0 else ("active" if j % 2 else "planned")
        roll = rng.random()
        if horizon == "quarter":
            return "done" if roll < 0.10 else "active" if roll < 0.25 else "blocked" if roll < 0.30 else "planned"
        if horizon == "year":
            return "active" if roll < 0.10 else "planned"
        return "planned"

    def plan_file(self, horizon: str, part: int, parts: int, ids) -> str:
        rng = random.Random("plan-%d-%s-%d" % (self.n, horizon, part))
        links = [i for i in ids[:10]] + [s for i in ids[:10] for s in self.serves[i] if s != "target"][:10]
        prose = Prose(rng, links)
        out = ["---", "kind: plan", "horizon: %s" % horizon,
               "title: %s" % q("%s plan, part %d of %d" % (cap(horizon.replace("-", " ")), part, parts))]
        out.append("items:")
        for j, ident in enumerate(ids):
            status = self._status(rng, horizon, j)
            out.append("  - id: %s" % ident)
            out.append("    title: %s" % q(item_title(rng)))
            out.append("    type: %s" % rng.choice(ITEM_TYPES))
            due = self._due(rng, horizon, status)
            if due is not None:
                if rng.random() < 0.3:
                    out.append("    start: %s" % max(self.as_of, due - dt.timedelta(days=rng.randint(3, 20))).isoformat())
                out.append("    due: %s" % due.isoformat())
            serves = self.serves[ident]
            out.append("    serves: %s" % (serves[0] if len(serves) == 1 and rng.random() < 0.5
                                           else yaml_list(serves, "    ")))
            closes = self.closes[ident]
            if closes:
                out.append("    closes: %s" % (closes[0] if len(closes) == 1 else yaml_list(closes, "    ")))
            if status != "planned" or rng.random() < 0.3:
                out.append("    status: %s" % status)
            out.append("    dimension: %s" % rng.choice(DIMENSIONS))
            if rng.random() < 0.5:
                out.append("    measure: %s" % q("%d %s signed off by %s" % (
                    rng.randint(2, 9), rng.choice(NOUNS), rng.choice(PEOPLE))))
            if status == "done":
                out.append("    evidence: https://example.com/evidence/%s" % ident)
            if horizon in ("3-years", "10-years") and rng.random() < 0.5:
                out.append("    assumption: %s" % q(prose.sentence(6, 10, links=False)))
            if rng.random() < 0.4:
                note_prose = Prose(rng, serves[:3] + closes[:1] + [self.all_ids[rng.randrange(len(self.all_ids))]])
                out.append("    notes: %s" % q(note_prose.notes()))
            roll = rng.random()
            if roll < 0.05:
                out.append("    visibility: mentors")
            elif roll < 0.07:
                out.append("    visibility: private")
            out.append("")
        if out[-1] == "":
            out.pop()
        out.append("---")
        body = prose.body("medium" if part == 1 or rng.random() < 0.5 else "small")
        return "\n".join(out) + "\n\n" + body

    def gaps_file(self, part: int, ids) -> str:
        rng = random.Random("gaps-%d-%d" % (self.n, part))
        prose = Prose(rng, ids[:10])
        out = ["---", "kind: gaps", "title: %s" % q("The gap, honestly (part %d)" % part), "items:"]
        for ident in ids:
            out += ["  - id: %s" % ident,
                    "    title: %s" % q(cap("%s %s" % (rng.choice(NOUNS), rng.choice(NOUNS)))),
                    "    area: %s" % rng.choice(GAP_AREAS),
                    "    now: %s" % q(prose.sentence(8, 14, links=False)),
                    "    needed: %s" % q(prose.sentence(8, 14, links=False))]
            if rng.random() < 0.05:
                out.append("    visibility: mentors")
            out.append("")
        out[-1] = "---"
        return "\n".join(out) + "\n\n" + prose.body("small")

    def paths_file(self) -> str:
        rng = random.Random("paths-%d" % self.n)
        prose = Prose(rng, self.paths + self.risks[:5])
        count = len(self.paths)
        others = [rng.randint(2, max(2, 40 // (count - 1))) for _ in range(count - 1)]
        probabilities = [100 - sum(others)] + sorted(others, reverse=True)
        out = ["---", "kind: paths", "title: %s" % q("%d paths, weighted" % count), "items:"]
        for p, ident in enumerate(self.paths):
            out += ["  - id: %s" % ident,
                    "    title: %s" % q("%s at %s" % (rng.choice(("Staff Engineer", "Engineering Manager",
                                                                 "Principal Engineer", "Solutions Architect",
                                                                 "Founding Engineer")),
                                                     rng.choice(("Acme Cloud", "Globex", "Initech", "a startup",
                                                                 "a payments company")))),
                    "    probability: %d" % probabilities[p]]
            if p:
                out.append("    trigger: %s" % q(prose.sentence(8, 14, links=False)))
            out.append("    steps:")
            year = self.as_of.year
            out += ["      - {role: %s, when: now}" % q("Senior Engineer"),
                    "      - {role: %s, when: %s}" % (q("Staff Engineer"), years_after(self.as_of, 1 + p % 2).isoformat()),
                    "      - {role: %s, when: %d}" % (q("Principal Engineer"), year + 5 + p),
                    "      - {role: %s, when: %s}" % (q("Distinguished Engineer"), q("%d to %d" % (year + 9, year + 11)))]
            out.append("    pros:")
            out += ["      - %s" % q(prose.sentence(5, 10, links=False)) for _ in range(rng.randint(2, 3))]
            out.append("    cons:")
            out += ["      - %s" % q(prose.sentence(5, 10, links=False)) for _ in range(rng.randint(1, 3))]
            out.append("    timeline: %s" % q(prose.sentence(6, 10, links=False)))
            if p and rng.random() < 0.3:
                out.append("    visibility: mentors")
            out.append("")
        out[-1] = "---"
        return "\n".join(out) + "\n\n" + prose.body()

    def risks_file(self, part: int, ids) -> str:
        rng = random.Random("risks-%d-%d" % (self.n, part))
        prose = Prose(rng, ids[:5] + self.paths[:2])
        out = ["---", "kind: risks", "title: %s" % q("What could go wrong (part %d)" % part), "items:"]
        for ident in ids:
            out += ["  - id: %s" % ident,
                    "    title: %s" % q(cap(prose.sentence(5, 9, links=False).rstrip(".!?"))),
                    "    probability: %d" % rng.randint(5, 60),
                    "    impact: %s" % rng.choice(IMPACTS),
                    "    mitigation: %s" % q(prose.sentence(8, 16, links=False))]
            roll = rng.random()
            if roll < 0.1:
                out.append("    type: black-swan")
            elif roll < 0.2:
                out.append("    type: disruption")
            if rng.random() < 0.05:
                out.append("    visibility: private")
            out.append("")
        out[-1] = "---"
        return "\n".join(out) + "\n\n" + prose.body("small")

    def reviews(self):
        """(file name, text) of each review: the latest a replan the day before
        as_of, then every 14 days back; every 6th quarterly, every 26th annual."""
        rng = random.Random("reviews-%d" % self.n)
        for k in range(self.review_count):
            day = self.as_of - dt.timedelta(days=1 + 14 * k)
            kind = "replan" if k == 0 else "annual" if k % 26 == 0 else "quarterly" if k % 6 == 0 else "monthly"
            sample = [self.all_items[rng.randrange(len(self.all_items))] for _ in range(rng.randint(1, 4))]
            prose = Prose(rng, sample + [self.risks[rng.randrange(len(self.risks))],
                                         self.gaps[rng.randrange(len(self.gaps))]])
            out = ["---", "kind: review", "date: %s" % day.isoformat(), "type: %s" % kind,
                   "title: %s" % q("%s review, %s" % (cap(kind), day.strftime("%d %B %Y"))),
                   "ratings:",
                   "  role_satisfaction: %d" % rng.randint(3, 9),
                   "  skill_advancement: %d" % rng.randint(3, 9),
                   "  network_quality: %d" % rng.randint(3, 9),
                   "metrics:",
                   "  skill_hours: %d" % rng.randint(0, 40),
                   "  network_growth: %d" % rng.randint(0, 8),
                   "  goal_progress_pct: %d" % rng.randint(0, 100)]
            progress = sorted(set(sample))
            if progress:
                out.append("progress:")
                out += ["  %s: %s" % (i, rng.choice(("planned", "active", "done", "blocked"))) for i in progress]
            if rng.random() < 0.05:
                out.append("visibility: mentors")
            out.append("---")
            body = "\n\n".join(["## What happened", prose.paragraph(2, 4), "## What changed",
                                prose.bullets(), "## Decisions", prose.bullets(ordered=True, lo=2, hi=3)])
            if kind != "monthly":
                body += "\n\n" + prose.table()
            yield "%s-%s" % (day.isoformat(), kind), "\n".join(out) + "\n\n" + body + "\n"

    def note_page(self, p: int) -> str:
        rng = random.Random("note-%d-%d" % (self.n, p))
        sample = [self.all_ids[rng.randrange(len(self.all_ids))] for _ in range(6)]
        prose = Prose(rng, sample)
        title = cap("%s %s notes" % (rng.choice(NOUNS), rng.choice(NOUNS)))
        return "---\nkind: page\ntitle: %s\n---\n\n%s" % (q(title), prose.body("large"))


# -- the pages corpus -------------------------------------------------------------

def page_doc(i: int):
    """(slug, title, body) of page i: about 400 words of Markdown."""
    rng = random.Random("roadmapgen-bench-page-%d" % i)
    prose = Prose(rng, ["target"])
    title = "%s %d" % (cap(" ".join(rng.choice(NOUNS) for _ in range(rng.randint(2, 4)))), i)
    parts = [prose.paragraph(4, 6, links=False), prose.heading(2), prose.paragraph(3, 4, links=False),
             prose.bullets(lo=4, hi=6), prose.heading(3), prose.paragraph(2, 3, links=False), prose.code(),
             prose.heading(2), prose.paragraph(2, 3, links=False), prose.table(),
             prose.bullets(ordered=True, lo=4, hi=5), prose.quote(),
             prose.paragraph(3, 4, links=False) + " Back to the [[target]]."]
    return "page-%05d" % i, title, "\n\n".join(parts) + "\n"


def minimal_root(as_of: dt.date, title: str) -> str:
    return ("---\nkind: roadmap\ntitle: %s\nowner: Alex Benchmark\nas_of: %s\n"
            "target:\n  role: Staff Engineer\n---\n\nA minimal root for a corpus of free pages.\n"
            % (q(title), as_of.isoformat()))


def minimal_month(as_of: dt.date) -> str:
    return ("---\nkind: plan\nhorizon: 30-days\nitems:\n"
            "  - id: read-the-pages\n    title: Read the pages\n    due: %s\n    serves: target\n---\n"
            % (as_of + dt.timedelta(days=20)).isoformat())


def write_pages(n: int, out: str, as_of: dt.date = DEFAULT_AS_OF) -> Writer:
    if os.path.exists(os.path.join(out, "content")):
        raise SystemExit("%s already has content/; pass a fresh folder" % out)
    w = Writer(out)
    w.write("content/index.md", minimal_root(as_of, "Benchmark pages corpus (%d pages)" % n))
    w.write("content/next-30-days.md", minimal_month(as_of))
    for i in range(n):
        slug, title, body = page_doc(i)
        w.write("content/pages/%s.md" % slug, "---\nkind: page\ntitle: %s\n---\n\n%s" % (q(title), body))
    return w


def write_roadmap(n: int, out: str, as_of: dt.date = DEFAULT_AS_OF) -> Writer:
    return RoadmapCorpus(n, as_of).write(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=("roadmap", "pages"))
    parser.add_argument("n", type=int, metavar="N")
    parser.add_argument("outdir", metavar="OUTDIR")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=DEFAULT_AS_OF, metavar="YYYY-MM-DD",
                        help="the roadmap's as_of (default %s); check with --today as_of + 10 days"
                             % DEFAULT_AS_OF.isoformat())
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if args.kind == "roadmap":
        corpus = RoadmapCorpus(args.n, args.as_of)
        w = corpus.write(args.outdir)
        counts = ", ".join("%s %d" % (h, c) for h, c in corpus.counts.items())
        print("roadmap: %d items (%s), %d gaps, %d paths, %d risks, %d reviews, %d pages; "
              "%d files, %d KiB -> %s; check with --today %s" % (
                  args.n, counts, len(corpus.gaps), len(corpus.paths), len(corpus.risks),
                  corpus.review_count, corpus.page_count, w.files, w.bytes // 1024, args.outdir,
                  corpus.today.isoformat()))
    else:
        w = write_pages(args.n, args.outdir, args.as_of)
        print("pages: %d pages; %d files, %d KiB -> %s; check with --today %s" % (
            args.n, w.files, w.bytes // 1024, args.outdir, (args.as_of + dt.timedelta(days=10)).isoformat()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
