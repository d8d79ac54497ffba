"""Spec section 6: nothing above the audience appears anywhere in the output.

Canary strings (`CANARY-<field>-<level>-<n>`, lower case where the field is
an id) are put in every field that can be hidden, at every level, both on
their own and through the visibility of their file. The site is built for
each audience and every byte of every output file, and every file name, is
scanned (also after decoding character references, percent-encoding and
calendar line folding). The scan covers whatever the build writes, so new
outputs (feed, calendar, JSON, timeline...) are covered as they land.

The canaries the audience may see must appear too, so the test can fail.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from support import REPO_ROOT

from roadmapgen.commands.build import build_files

LEVELS = ("public", "mentors", "private")
RANK = {level: n for n, level in enumerate(LEVELS)}
TODAY = dt.date(2026, 11, 10)
CANARY = re.compile(r"canary-([a-z]+)-(public|mentors|private)-(\d+)(?![0-9])", re.IGNORECASE)

# Fields the site does not show even to the private audience: the titles of
# plan, gaps, paths and risks files (several files of one kind are merged
# into one page). They are still scanned for leaks.
NOT_RENDERED = {"plantitle", "kindtitle"}


def stricter(*levels: str) -> str:
    return max(levels, key=RANK.__getitem__)


class Canaries:
    """Hands out unique canary strings and remembers their level."""

    def __init__(self) -> None:
        self.counter = itertools.count(1)
        self.levels: dict[str, str] = {}

    def __call__(self, field: str, level: str, as_id: bool = False) -> str:
        token = f"canary-{field}-{level}-{next(self.counter)}"
        token = token if as_id else token.replace("canary", "CANARY", 1)
        self.levels[token.lower()] = level
        return token


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def canary_site(root: Path, c: Canaries, blocks: dict[str, str], with_root: bool = True) -> Path:
    """Write a site with canaries in every hideable field into `root`.

    `blocks` maps the root's blocks to their visibility."""
    files: dict[str, str] = {}
    if with_root:
        files["content/index.md"] = f"""\
---
kind: roadmap
title: Canary roadmap
owner: Canary Owner
as_of: 2026-11-01
target:
  role: {c('role', blocks['target'])}
  level: {c('level', blocks['target'])}
  industry: {c('industry', blocks['target'])}
  companies: [{c('company', blocks['target'])}, {c('company', blocks['target'])}]
  by: 2028-06-30
vision: >-
  {c('vision', blocks['vision'])} with a link to [[target]].
values:
  - {{name: {c('value', blocks['values'])}, score: 4}}
  - {{name: {c('value', blocks['values'])}, score: 3}}
finances:
  {c('finkey', blocks['finances'])}: {c('finval', blocks['finances'])}
  currency: {c('finval', blocks['finances'])}
cadence:
  monthly: 35
  quarterly: 100
  annual: 380
visibility:
{''.join(f'  {k}: {v}{chr(10)}' for k, v in blocks.items())}---

# Introduction {c('body', 'public')}

The target is [[target]].
"""
    # Year items first so 30-days items can serve them.
    year_ids: dict[str, list[str]] = {}
    gap_ids: dict[str, list[str]] = {}
    for file_level in LEVELS:
        year_items, gaps, paths, risks = [], [], [], []
        for level in LEVELS:
            eff = stricter(file_level, level)
            item_id = c("id", eff, as_id=True)
            year_ids.setdefault(eff, []).append(item_id)
            year_items.append(f"""\
  - id: {item_id}
    title: {_yaml_str(c('title', eff))}
    serves: target
    measure: {_yaml_str(c('measure', eff))}
    evidence: {_yaml_str('https://example.com/' + c('evidence', eff))}
    assumption: {_yaml_str(c('assumption', eff))}
    notes: {_yaml_str(c('notes', eff) + ' see [[target]]')}
    visibility: {level}
""")
            gap_id = c("id", eff, as_id=True)
            gap_ids.setdefault(eff, []).append(gap_id)
            gaps.append(f"""\
  - id: {gap_id}
    title: {_yaml_str(c('gaptitle', eff))}
    area: skills
    now: {_yaml_str(c('now', eff))}
    needed: {_yaml_str(c('needed', eff))}
    visibility: {level}
""")
            paths.append(f"""\
  - id: {c('id', eff, as_id=True)}
    title: {_yaml_str(c('pathtitle', eff))}
    probability: {(12 if RANK[file_level] * 3 + RANK[level] < 8 else 4) if with_root else 0}
    trigger: {_yaml_str(c('trigger', eff))}
    steps:
      - {{role: {_yaml_str(c('steprole', eff))}, when: {_yaml_str(c('stepwhen', eff))}}}
    pros: [{_yaml_str(c('pros', eff))}]
    cons: {_yaml_str(c('cons', eff))}
    timeline: {_yaml_str(c('timeline', eff))}
    visibility: {level}
""")
            risks.append(f"""\
  - id: {c('id', eff, as_id=True)}
    title: {_yaml_str(c('risktitle', eff))}
    probability: 40
    impact: high
    mitigation: {_yaml_str(c('mitigation', eff))}
    visibility: {level}
""")
        head = lambda kind, extra="": (  # noqa: E731
            f"---\nkind: {kind}\n{extra}title: {_yaml_str(c('plantitle' if kind == 'plan' else 'kindtitle', file_level))}\nvisibility: {file_level}\n")
        files[f"content/year-{file_level}.md"] = (head("plan", "horizon: year\n") + "items:\n" + "".join(year_items)
                                                  + f"---\n\n{c('prose', file_level)}\n")
        files[f"content/gaps-{file_level}.md"] = head("gaps") + "items:\n" + "".join(gaps) + "---\n"
        files[f"content/paths-{file_level}.md"] = head("paths") + "items:\n" + "".join(paths) + "---\n"
        files[f"content/risks-{file_level}.md"] = head("risks") + "items:\n" + "".join(risks) + "---\n"

    # 30-days items that point at everything: hidden things must become "a private item".
    every_year = [i for ids in year_ids.values() for i in ids]
    every_gap = [g for ids in gap_ids.values() for g in ids]
    for file_level in LEVELS:
        items = []
        for n, level in enumerate(LEVELS):
            eff = stricter(file_level, level)
            links = " ".join(f"[[{i}]]" for i in every_year + every_gap)
            items.append(f"""\
  - id: {c('id', eff, as_id=True)}
    title: {_yaml_str(c('title', eff))}
    due: 2026-11-0{n + 3}
    status: active
    serves: [{', '.join(every_year)}]
    closes: [{', '.join(every_gap)}]
    measure: {_yaml_str(c('measure', eff))}
    evidence: {_yaml_str(c('evidence', eff))}
    notes: {_yaml_str(c('notes', eff) + ' ' + links)}
    visibility: {level}
""")
        files[f"content/next-{file_level}.md"] = (
            f"---\nkind: plan\nhorizon: 30-days\ntitle: {_yaml_str(c('plantitle', file_level))}\n"
            f"visibility: {file_level}\nitems:\n" + "".join(items)
            + f"---\n\n{c('prose', file_level)} and [[{every_year[-1]}]].\n")

    for n, level in enumerate(LEVELS):
        progress = "".join(f"  {i}: done\n" for i in every_year)
        files[f"content/reviews/{c('reviewfile', level)}.md"] = f"""\
---
kind: review
date: 2026-10-0{n + 1}
type: monthly
title: {_yaml_str(c('reviewtitle', level))}
visibility: {level}
ratings:
  {c('rating', level)}: 7
metrics:
  {c('metric', level)}: 12
progress:
{progress}---

{c('reviewbody', level)} about [[{every_year[0]}]].
"""
        files[f"content/notes/{c('pagefile', level)}.md"] = f"""\
---
kind: page
title: {_yaml_str(c('pagetitle', level))}
visibility: {level}
---

## {c('heading', level)}

{c('pagebody', level)} mentions [[{every_year[-1]}]] and [[{every_gap[-1]}]].
"""
    files["roadmap.toml"] = 'base_url = "https://example.com/roadmap/"\n'
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def decoded_views(text: str) -> list[str]:
    """The text as written and as a reader (browser, feed or calendar reader) would decode it."""
    unfolded = text.replace("\r\n ", "").replace("\n ", "").replace("\r\n\t", "")
    views = [text, unfolded]
    for base in (text, unfolded):
        views += [html.unescape(base), unquote(base), unquote(html.unescape(base)), html.unescape(unquote(base))]
    views.append(html.unescape(html.unescape(text)))
    return views


def canaries_in(files: dict[str, bytes]) -> dict[str, set[str]]:
    """{canary (lower case): {where it was found}} over file names and contents."""
    found: dict[str, set[str]] = {}
    for name, data in files.items():
        for where, text in ((f"name of {name}", name), (name, data.decode("utf-8", "replace"))):
            for view in decoded_views(text):
                for match in CANARY.finditer(view):
                    found.setdefault(match.group(0).lower(), set()).add(where)
    return found


def leaks(files: dict[str, bytes], audience: str, levels: dict[str, str]) -> list[str]:
    problems = []
    for canary, where in sorted(canaries_in(files).items()):
        level = levels.get(canary, canary.split("-")[2])
        if RANK[level] > RANK[audience]:
            problems.append(f"{canary} ({level}) in {sorted(where)[:3]}")
    return problems


def missing(files: dict[str, bytes], audience: str, levels: dict[str, str]) -> list[str]:
    found = canaries_in(files)
    return sorted(token for token, level in levels.items()
                  if RANK[level] <= RANK[audience] and token not in found and token.split("-")[1] not in NOT_RENDERED)


def read_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


BLOCK_SETS = {
    "blocks-a": {"target": "mentors", "vision": "private", "values": "mentors", "finances": "private", "cadence": "mentors"},
    "blocks-b": {"target": "private", "vision": "mentors", "values": "private", "finances": "mentors", "cadence": "private"},
    "blocks-c": {"target": "public", "vision": "public", "values": "public", "finances": "public", "cadence": "public"},
}


@pytest.fixture(scope="module")
def generated_sites(tmp_path_factory):
    sites = {}
    for name, blocks in BLOCK_SETS.items():
        c = Canaries()
        root = canary_site(tmp_path_factory.mktemp(name), c, blocks)
        sites[name] = (root, c.levels)
    return sites


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    """The example roadmap, copied, with canary files added beside its own."""
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO_ROOT / "content", root / "content")
    c = Canaries()
    canary_site(root, c, {}, with_root=False)
    return root, c.levels


def _build(root: Path, audience: str) -> dict[str, bytes]:
    files, _, _ = build_files(root, TODAY, audience=audience)
    return files


@pytest.mark.parametrize("audience", LEVELS)
@pytest.mark.parametrize("site", sorted(BLOCK_SETS))
def test_generated_site_leaks_nothing(generated_sites, site, audience):
    root, levels = generated_sites[site]
    files = _build(root, audience)
    assert "feed.xml" in files  # base_url is set, so every export is scanned
    assert leaks(files, audience, levels) == []
    assert missing(files, audience, levels) == []


@pytest.mark.parametrize("audience", LEVELS)
def test_example_site_with_canaries_leaks_nothing(example_site, audience):
    root, levels = example_site
    files = _build(root, audience)
    assert leaks(files, audience, levels) == []
    assert missing(files, audience, levels) == []


@pytest.mark.parametrize("audience", LEVELS)
def test_written_site_leaks_nothing(generated_sites, tmp_path, run_main, audience):
    """Through the CLI and the disk: the files and folders actually written."""
    root, levels = generated_sites["blocks-a"]
    out = tmp_path / "out"
    result = run_main(["build", root, "--audience", audience, "--out", out, "--today", TODAY.isoformat()])
    assert result.code == 0, result.stderr
    files = read_tree(out)
    folders = {p.relative_to(out).as_posix(): b"" for p in out.rglob("*") if p.is_dir()}
    assert leaks({**files, **folders}, audience, levels) == []
    assert missing(files, audience, levels) == []
    # The terminal is the author's own: the build may name private things there.


def test_private_references_read_as_a_private_item(generated_sites):
    root, _ = generated_sites["blocks-a"]
    files = _build(root, "public")
    page = files["30-days.html"].decode()
    assert "a private item" in page
    assert "canary-id-mentors" not in page.lower() and "canary-id-private" not in page.lower()


@pytest.mark.parametrize("audience", ("mentors", "private"))
def test_non_public_builds_carry_noindex(generated_sites, audience):
    root, _ = generated_sites["blocks-a"]
    files = _build(root, audience)
    for name, data in files.items():
        if name.endswith(".html"):
            assert b"noindex" in data, name


@pytest.mark.parametrize("audience", LEVELS)
def test_example_finances_stay_private(audience):
    """The example's own private block (finances), beyond the canaries."""
    files = _build(REPO_ROOT, audience)
    found = [name for name, data in files.items() if b"145000" in data or b"145,000" in data]
    assert bool(found) == (audience == "private"), found


@pytest.mark.parametrize("audience", ("mentors", "private"))
def test_non_public_builds_say_who_they_are_for(generated_sites, audience):
    root, _ = generated_sites["blocks-a"]
    files = _build(root, audience)
    footer = files["index.html"].decode().rsplit("<footer", 1)[-1]
    assert audience in footer.lower()


def test_public_build_is_indexable(generated_sites):
    root, _ = generated_sites["blocks-a"]
    files = _build(root, "public")
    assert b"noindex" not in files["index.html"]


def test_the_scanner_finds_encoded_canaries():
    """The scanner itself: a canary hidden behind encodings is still found."""
    levels = {"canary-x-private-1": "private"}
    for text in ("CANARY-x-private-1", "&#67;ANARY-x-private-1", "CANARY%2Dx-private-1",
                 "CANARY-x-pri&#x76;ate-1", "CANARY-x-pr\r\n ivate-1"):
        assert leaks({"f": text.encode()}, "public", levels), text
    assert leaks({"CANARY-x-private-1.html": b""}, "public", levels)
    assert not leaks({"f": b"CANARY-x-private-1"}, "private", levels)
