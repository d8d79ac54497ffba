"""The root's `visibility.default` (format 1.1, section 10): everything that
sets no level has the default's.

An edition is a function of what its audience may see: canaries go into
every part of a roadmap whose level is unset, or set on the file, the entry
or both, at every level; each edition, in both built-in themes, is scanned
byte by byte (file names too, and decoded) for what its audience may not
see, and for what it may (so the scan can fail). With `default: mentors`
the public edition holds nothing that is not explicitly public.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from support import TODAY, write_files
from test_leaks import LEVELS, Canaries, _yaml_str, canaries_in, leaks, missing, stricter

from roadmapgen.commands.build import build_files

SETTINGS = (None, *LEVELS)  # None: the line is left out
THEMES = ("default", "one-pager")
# The root's own levels per site: what `visibility` says beside `default`.
SITES = {
    "mentors": {"default": "mentors", "target": "public"},
    "private": {"default": "private", "vision": "mentors", "values": "public"},
}


def level_of(setting: str | None, default: str) -> str:
    return setting or default


def _visibility_line(setting: str | None, indent: str = "") -> str:
    return f"{indent}visibility: {setting}\n" if setting else ""


def default_site(root: Path, c: Canaries, levels: dict[str, str]) -> Path:
    """A roadmap whose every kind of file and entry sets its level, or not."""
    default = levels["default"]

    def block(name: str) -> str:
        return levels.get(name, stricter(default, "private" if name == "finances" else "public"))

    files = {"content/index.md": f"""\
---
kind: roadmap
title: Canary roadmap
owner: Canary Owner
as_of: 2026-11-01
target:
  role: {c('role', block('target'))}
  companies: [{c('company', block('target'))}]
vision: {c('vision', block('vision'))}
values:
  - {{name: {c('value', block('values'))}, score: 4}}
finances:
  savings: {c('finval', block('finances'))}
visibility:
{''.join(f'  {key}: {value}{chr(10)}' for key, value in levels.items())}---

# Why {c('intro', block('intro'))}

The target is [[target]].
"""}
    year_ids, items, gaps, paths, risks, archived = [], {}, {}, {}, {}, {}
    for file_setting in SETTINGS:
        file_level = level_of(file_setting, default)
        for entry_setting in SETTINGS:
            level = stricter(file_level, level_of(entry_setting, default))
            own = _visibility_line(entry_setting, "    ")
            item_id = c("id", level, as_id=True)
            year_ids.append(item_id)
            items.setdefault(file_setting, []).append(
                f"  - id: {item_id}\n    title: {_yaml_str(c('title', level))}\n    serves: target\n"
                f"    notes: {_yaml_str(c('notes', level))}\n{own}")
            gaps.setdefault(file_setting, []).append(
                f"  - id: {c('id', level, as_id=True)}\n    title: {_yaml_str(c('gaptitle', level))}\n"
                f"    area: skills\n    now: {_yaml_str(c('now', level))}\n    needed: Some\n{own}")
            paths.setdefault(file_setting, []).append(
                f"  - id: {c('id', level, as_id=True)}\n    title: {_yaml_str(c('pathtitle', level))}\n"
                f"    probability: {{probability}}\n    trigger: {_yaml_str(c('trigger', level))}\n{own}")
            risks.setdefault(file_setting, []).append(
                f"  - id: {c('id', level, as_id=True)}\n    title: {_yaml_str(c('risktitle', level))}\n"
                f"    probability: 20\n    impact: low\n"
                f"    mitigation: {_yaml_str(c('mitigation', level))}\n{own}")
            archived.setdefault(file_setting, []).append(
                f"  - id: {c('id', level, as_id=True)}\n    title: {_yaml_str(c('archived', level))}\n"
                f"    horizon: 30-days\n    status: done\n{own}")
    # 16 paths: fifteen of 6% and one of 10%.
    probabilities = iter([6] * 15 + [10])
    for file_setting in SETTINGS:
        name = file_setting or "unset"
        file_level = level_of(file_setting, default)
        prose = f"\n{c('prose', file_level)}\n"  # shown with the plan file's body

        def listing(kind: str, entries: list[str], extra: str = "") -> str:
            return (f"---\nkind: {kind}\n{extra}{_visibility_line(file_setting)}items:\n"
                    + "".join(entries) + "---\n" + prose)

        files[f"content/year-{name}.md"] = listing("plan", items[file_setting], "horizon: year\n")
        files[f"content/gaps-{name}.md"] = listing("gaps", gaps[file_setting])
        files[f"content/paths-{name}.md"] = listing(
            "paths", [each.replace("{probability}", str(next(probabilities))) for each in paths[file_setting]])
        files[f"content/risks-{name}.md"] = listing("risks", risks[file_setting])
        files[f"content/archive-{name}.md"] = listing("archive", archived[file_setting])
        level = file_level  # a review or a page is a file of its own
        files[f"content/reviews/{c('reviewfile', level)}.md"] = (
            f"---\nkind: review\ndate: 2026-10-2{SETTINGS.index(file_setting)}\ntype: monthly\n"
            f"title: {_yaml_str(c('reviewtitle', level))}\n{_visibility_line(file_setting)}"
            f"ratings:\n  {c('rating', level)}: 7\nprogress:\n  {year_ids[0]}: active\n---\n\n"
            f"{c('reviewbody', level)} about [[{year_ids[-1]}]].\n")
        files[f"content/notes/{c('pagefile', level)}.md"] = (
            f"---\ntitle: {_yaml_str(c('pagetitle', level))}\n{_visibility_line(file_setting)}---\n\n"
            f"{c('pagebody', level)} mentions [[{year_ids[-1]}]].\n")
    # A 30-days item that serves every year item: hidden ones read "a private item".
    files["content/next-30-days.md"] = (
        "---\nkind: plan\nhorizon: 30-days\nvisibility: public\nitems:\n  - id: first-step\n"
        f"    title: First step\n    due: 2026-11-20\n    serves: [{', '.join(year_ids)}]\n"
        "    visibility: public\n---\n")
    files["roadmap.toml"] = 'base_url = "https://example.com/roadmap/"\n'
    return write_files(root, files)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    made = {}
    for name, levels in SITES.items():
        c = Canaries()
        made[name] = (default_site(tmp_path_factory.mktemp(name), c, levels), c.levels)
    return made


def _build(root: Path, audience: str, theme: str) -> dict[str, bytes]:
    files, _, _ = build_files(root, dt.date.fromisoformat(TODAY), audience=audience, theme=theme)
    assert "feed.xml" in files  # base_url is set, so every export is scanned
    return files


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("audience", LEVELS)
@pytest.mark.parametrize("site", sorted(SITES))
def test_an_edition_holds_what_its_audience_may_see(sites, site, audience, theme):
    root, levels = sites[site]
    files = _build(root, audience, theme)
    assert leaks(files, audience, levels) == []
    if theme == "default":  # the one-pager leaves some parts out even when they may be seen
        assert missing(files, audience, levels) == []


def test_the_public_edition_holds_only_what_says_public(sites):
    """With `default: mentors`: every canary in the public edition was
    written `public` (the item's own and, for an entry, its file's)."""
    root, levels = sites["mentors"]
    found = canaries_in(_build(root, "public", "default"))
    assert found and all(levels[canary] == "public" for canary in found)
    # An item is public only where the item and its file both say so.
    public_titles = [canary for canary in found if canary.split("-")[1] == "title"]
    assert len(public_titles) == 1


def test_without_a_default_everything_unset_is_public(tmp_path):
    """v1's behaviour is the default's default: the same site with no
    `default` shows what sets no level to the public."""
    c = Canaries()
    root = default_site(tmp_path, c, {"default": "public"})
    index = (root / "content" / "index.md").read_text().replace("visibility:\n  default: public\n", "")
    (root / "content" / "index.md").write_text(index)
    files = _build(root, "public", "default")
    assert leaks(files, "public", c.levels) == []
    assert missing(files, "public", c.levels) == []


def test_a_hidden_cadence_says_nothing_in_the_health_view(minimal_site, run_main, tmp_path):
    """The cadence is one of the root's blocks: when it is hidden, the
    public edition's health view does not say how often reviews are due."""
    root = minimal_site({"content/index.md": (
        "---\nkind: roadmap\ntitle: T\nowner: O\nas_of: 2026-11-01\ntarget:\n  role: R\n"
        "cadence:\n  monthly: 7\nvisibility:\n  default: mentors\n  target: public\n---\n")})
    for audience, shown in (("public", False), ("mentors", True)):
        out = tmp_path / audience
        built = run_main(["build", root, "--today", "2026-11-20", "--audience", audience, "--out", out])
        assert built.code == 0, built.stderr
        text = "".join(p.read_text() for p in out.rglob("*.html"))
        assert ("the cadence allows 7" in text) == shown, audience


# -- reading the default -------------------------------------------------------

def _root_with(visibility_lines: str) -> str:
    return ("---\nkind: roadmap\ntitle: T\nowner: O\nas_of: 2026-11-01\ntarget:\n  role: R\n"
            f"visibility:\n{visibility_lines}---\n\nThe introduction.\n")


@pytest.mark.parametrize("lines, code, message", [
    ("  default: mentor\n", "bad-field", "'mentor' is not a valid default; did you mean 'mentors'?"),
    ("  default: 2\n", "bad-field", "'2' is not a valid default"),
    ("  default:\n", "bad-field", "'default' is empty"),
    # A slip that would publish what the line was written to hide is an error, not a warning.
    ("  defualt: mentors\n", "unknown-field",
     "unknown field 'defualt' in the root's visibility; did you mean 'default'?"),
    ("  vison: private\n", "unknown-field",
     "unknown field 'vison' in the root's visibility; did you mean 'vision'?"),
])
def test_a_default_that_cannot_be_read_is_an_error(minimal_site, check_json, lines, code, message):
    root = minimal_site({"content/index.md": _root_with(lines)})
    status, report = check_json(root)
    assert status == 1
    [finding] = report["findings"]
    assert (finding["code"], finding["severity"], finding["message"]) == (code, "error", message)
    assert (finding["file"], finding["line"]) == ("content/index.md", 9)


def test_an_unknown_block_that_looks_like_none_stays_a_warning(minimal_site, check_json):
    root = minimal_site({"content/index.md": _root_with("  default: mentors\n  network: private\n")})
    status, report = check_json(root)
    assert status == 0
    assert [(f["code"], f["severity"]) for f in report["findings"]] == [("unknown-field", "warning")]


def test_the_default_reaches_the_editor_schema(run_main):
    import json

    schema = json.loads(run_main(["schema", "--kind", "roadmap"]).stdout)
    levels = schema["properties"]["visibility"]["properties"]
    assert levels["default"]["enum"] == list(LEVELS) and "intro" in levels


def test_roll_adds_no_level_the_default_already_gives(tmp_path, run_main, check_json):
    """A moved item gets its own `visibility:` only where the archive would
    otherwise show it to more people: with `default: mentors` a new archive
    is for mentors already."""
    from test_roll import DAY, ROOT, SITE

    root = ROOT.replace("target:\n", "visibility:\n  default: mentors\ntarget:\n")
    site = write_files(tmp_path, {**SITE, "content/index.md": root})
    assert run_main(["roll", site, "--date", DAY]).code == 0
    archive = (site / "content" / "archive.md").read_text(encoding="utf-8")
    assert "id: q-drop" in archive and "visibility" not in archive
    assert check_json(site, today=DAY)[1]["errors"] == 0


def test_serve_shows_the_public_no_finding_in_a_file_that_sets_no_level(minimal_site, write_tree):
    """serve's overlay may be served to the network: with `default: mentors`,
    an error in a page that sets no level, even one too broken to read, is
    left out of the public overlay, and shown to mentors."""
    from roadmapgen.commands.serve import Builder
    from roadmapgen.commands.server import SiteState

    root = minimal_site({
        "content/index.md": _root_with("  default: mentors\n  target: public\n"),
        "content/notes/exit.md": "---\ntitle: Exit plan\n---\n\nLeaving.\n",
    })
    shown = {}
    for audience in ("public", "mentors"):
        state = SiteState()
        today = dt.date.fromisoformat(TODAY)
        builder = Builder(root, lambda: today, state, lambda line: None, audience=audience)
        write_tree(root, {"content/notes/exit.md": "---\ntitle: Exit plan\n---\n\nLeaving.\n"})
        assert builder.build()
        write_tree(root, {"content/notes/exit.md": "---\ntitle: [Exit plan\n---\n\nLeaving.\n"})
        assert not builder.build()
        shown[audience] = [d.path for d in state.current.diagnostics]
    assert shown == {"public": [], "mentors": ["content/notes/exit.md"]}
