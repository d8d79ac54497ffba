"""Robustness of `build`:

- hypothesis fuzzing: random front matter and Markdown (hostile text in
  every text field of a site that is otherwise valid, and wholly random
  front matter) never lets an exception other than `BuildError` escape,
  never emits live markup from content, and never leaks what is private;
- files that cannot be read or that disappear during a build, and output
  folders that cannot be written, give clear errors, not tracebacks;
- a failed build leaves the previous site byte-for-byte intact.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import pathlib
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import MINIMAL_SITE, write_files
from test_escaping import problems

from roadmapgen.commands.build import BuildError, build_files
from roadmapgen.model import DIMENSIONS, STATUSES, VISIBILITIES
from roadmapgen.read import sources
from roadmapgen.write import output

TODAY = dt.date(2026, 11, 10)
CANARY = "PRIVCANARY"

TOKENS = [
    *"<>&\"'`*_[]()!#|\\:/=~-. \n\té", "\n\n", "- ", "> ", "```\n", "    ", "\u2028", "\x85", "\r\n",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>", "javascript:alert(1)",
    "&#106;avascript:", "java\tscript:", "data:text/html,x", "[x](javascript:alert(1))", "<javascript:x>",
    "![i](data:image/svg+xml,x)", "[[first-step]]", "[[year-goal|label]]", "[[priv-item]]", "[[priv-item|a label]]",
    "[[target]]", "[[nope]]", "\"><b class=pwned>", "<!--", "-->", "]]>", "&amp;", "&#0;", "{{ x }}", "{% x %}",
    "word", "**bold**", "| a | b |\n|---|---|\n| 1 | 2 |\n", "[^1]\n\n[^1]: note", "- [ ] task\n", "## Heading\n",
]
text = st.lists(st.sampled_from(TOKENS), max_size=25).map("".join)
# Required text fields may not be empty or blank: a word first.
short = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6).map(lambda parts: "w " + "".join(parts))


def _dump(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n"


@st.composite
def hostile_site(draw) -> dict[str, str]:
    visibility = st.sampled_from(VISIBILITIES)
    item = {
        "id": "first-step", "title": draw(short), "due": "2026-11-20", "serves": "year-goal",
        "status": draw(st.sampled_from(STATUSES)), "dimension": draw(st.sampled_from(DIMENSIONS)),
        "measure": draw(text), "evidence": draw(st.one_of(text, text.map(lambda t: "https://example.com/" + t))),
        "notes": draw(text), "assumption": draw(text),
        "closes": "gap-a",
    }
    private = {"id": "priv-item", "title": f"{CANARY} title", "due": "2026-11-21", "serves": "year-goal",
               "notes": f"{CANARY} notes {draw(text)}", "measure": CANARY, "visibility": "private"}
    root = {
        "kind": "roadmap", "title": draw(short), "owner": draw(short), "as_of": "2026-11-01",
        "target": {"role": draw(short), "industry": draw(text), "companies": [draw(short)]},
        "vision": draw(text), "values": [{"name": draw(short), "score": 3}],
        "finances": {"salary": CANARY}, "visibility": {"vision": draw(visibility)},
    }
    return {
        "roadmap.toml": f"allow_html = {draw(st.sampled_from(['true', 'false']))}\nbase_url = \"https://example.com/\"\n",
        "content/index.md": _dump(root) + draw(text),
        "content/next-30-days.md": _dump({"kind": "plan", "horizon": "30-days", "title": draw(short),
                                          "items": [item, private]}) + draw(text),
        "content/year-1.md": _dump({"kind": "plan", "horizon": "year", "items": [
            {"id": "year-goal", "title": draw(short), "serves": "target", "notes": draw(text),
             "visibility": draw(visibility)}]}),
        "content/gaps.md": _dump({"kind": "gaps", "items": [
            {"id": "gap-a", "title": draw(short), "area": "skills", "now": draw(short), "needed": draw(short)}]}),
        "content/paths.md": _dump({"kind": "paths", "items": [
            {"id": "path-a", "title": draw(short), "probability": 100, "steps": [{"role": draw(short), "when": draw(short)}],
             "pros": [draw(text)], "cons": draw(text), "timeline": draw(text)}]}),
        "content/risks.md": _dump({"kind": "risks", "items": [
            {"id": "risk-a", "title": draw(short), "probability": 20, "impact": "low", "mitigation": draw(short)}]}),
        "content/reviews/2026-10-01-monthly.md": _dump({
            "kind": "review", "date": "2026-10-01", "type": "monthly", "title": draw(short),
            "ratings": {draw(short): 5}, "metrics": {draw(short): 3}, "progress": {"first-step": "active"}}) + draw(text),
        "content/reviews/2026-10-20-monthly.md": _dump({
            "kind": "review", "date": "2026-10-20", "type": "monthly", "visibility": "private",
            "ratings": {CANARY.lower(): 5}}) + f"{CANARY} body",
        "content/notes/page.md": _dump({"title": draw(short)}) + draw(text),
        f"content/notes/{CANARY}.md": _dump({"title": CANARY, "visibility": "private"}) + CANARY,
    }


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_site())
def test_hostile_text_in_every_field_builds_safely(site):
    with tempfile.TemporaryDirectory() as folder:
        root = write_files(Path(folder), site)
        try:
            files, _, _ = build_files(root, TODAY, audience="public")
        except BuildError:
            return  # a random value may be invalid (a status, a key); that is reported, not a crash
        found = problems(files, raw_html="allow_html = true" in site["roadmap.toml"])
        if "allow_html = true" in site["roadmap.toml"]:  # the author's raw HTML is live, but cannot run
            found = [p for p in found if "content markup" not in p]
        assert found == []
        for name, data in files.items():
            assert CANARY.lower() not in name.lower()
            assert CANARY.lower().encode() not in data.lower(), name
            if name.endswith((".html", ".svg", ".xml")):  # JSON and calendar hold text, not markup
                assert b"<script" not in data.lower(), name


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.dates(), st.text(max_size=12),
                    st.sampled_from(["public", "private", "30-days", "year", "target", "first-step", "year-goal",
                                     "plan", "roadmap", "review", "page", "gaps", "paths", "risks", "2026-11-20"]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["id", "title", "kind", "horizon", "items", "visibility", "serves", "closes",
                                     "due", "notes", "date", "type", "ratings", "progress", "steps", "probability"]),
                    inner, max_size=5)), max_leaves=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front=st.dictionaries(st.sampled_from(["kind", "title", "visibility", "horizon", "items", "date", "type",
                                              "ratings", "metrics", "progress", "target", "as_of"]), values, max_size=6),
       body=text)
def test_random_front_matter_never_crashes_build(front, body):
    with tempfile.TemporaryDirectory() as folder:
        try:
            extra = yaml.safe_dump(front, allow_unicode=True)
        except yaml.YAMLError:
            return
        root = write_files(Path(folder), {**MINIMAL_SITE, "content/extra.md": f"---\n{extra}---\n{body}"})
        try:
            files, _, _ = build_files(root, TODAY, audience="public")
        except BuildError:
            return
        assert b"<script" not in b"".join(d for n, d in files.items() if n.endswith((".html", ".svg"))).lower()


# -- files that cannot be read ----------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(tmp_path, run_main):
    """A site built once; returns (root, out, snapshot of out)."""
    root = write_files(tmp_path / "site", {**MINIMAL_SITE, "content/notes/page.md": "---\ntitle: A page\n---\n\nText.\n"})
    out = tmp_path / "out"
    result = run_main(["build", root, "--out", out, "--today", TODAY.isoformat()])
    assert result.code == 0, result.stderr
    return root, out, tree(out)


def _build(run_main, root, out):
    return run_main(["build", root, "--out", out, "--today", TODAY.isoformat()])


def _clear_failure(result, *words):
    assert result.code not in (0, 3), result.stderr  # 3 is the CLI's "internal error"
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_content_file_is_a_clear_error(built, run_main):
    root, out, before = built
    page = root / "content" / "notes" / "page.md"
    page.chmod(0)
    try:
        result = _build(run_main, root, out)
    finally:
        page.chmod(0o644)
    _clear_failure(result, "content/notes/page.md", "bad-path")
    assert tree(out) == before


@pytest.mark.parametrize("error", [PermissionError(errno.EACCES, "Permission denied"),
                                   FileNotFoundError(errno.ENOENT, "No such file or directory")])
def test_content_file_that_cannot_be_read_is_a_clear_error(built, run_main, monkeypatch, error):
    """Unreadable, or gone between listing and reading: works as root too."""
    root, out, before = built
    real_read = pathlib.Path.read_bytes

    def read_bytes(self):
        if self.name == "page.md":
            raise error
        return real_read(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    result = _build(run_main, root, out)
    _clear_failure(result, "content/notes/page.md", "bad-path", error.strerror)
    assert tree(out) == before


def test_file_that_disappears_after_listing(built, run_main, monkeypatch):
    root, out, before = built
    real_list = sources._content_entries

    def listed_with_a_lost_file(site_root):
        entries, problems = real_list(site_root)
        return [*entries, "content/gone.md"], problems

    monkeypatch.setattr(sources, "_content_entries", listed_with_a_lost_file)
    result = _build(run_main, root, out)
    _clear_failure(result, "content/gone.md")
    assert tree(out) == before


def test_folder_named_like_a_content_file_is_not_read(built, run_main):
    root, out, _ = built
    (root / "content" / "folder.md").mkdir()
    (root / "content" / "folder.md" / "inner.md").write_text("---\ntitle: Inner page\n---\n\nInside.\n")
    result = _build(run_main, root, out)
    assert result.code == 0, result.stderr
    assert any(b"Inner page" in data for data in tree(out).values())


# -- output that cannot be written --------------------------------------------


def test_output_under_a_file_is_a_clear_error(built, run_main, tmp_path):
    root, _, _ = built
    (tmp_path / "a-file").write_text("not a folder")
    result = _build(run_main, root, tmp_path / "a-file" / "site")
    _clear_failure(result, "a-file")
    assert (tmp_path / "a-file").read_text() == "not a folder"


def test_output_that_is_a_file_is_a_clear_error(built, run_main, tmp_path):
    root, _, _ = built
    (tmp_path / "site.html").write_text("keep me")
    result = _build(run_main, root, tmp_path / "site.html")
    _clear_failure(result, "site.html")
    assert (tmp_path / "site.html").read_text() == "keep me"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes whatever the folder's mode")
def test_read_only_output_parent_is_a_clear_error(built, run_main):
    root, out, before = built
    out.parent.chmod(0o555)
    try:
        result = _build(run_main, root, out)
    finally:
        out.parent.chmod(0o755)
    _clear_failure(result, "cannot write")
    assert tree(out) == before


def test_disk_full_while_writing_leaves_the_old_site(built, run_main, monkeypatch):
    root, out, before = built
    (root / "content" / "notes" / "page.md").write_text("---\ntitle: Changed page\n---\n\nNew text.\n")
    real_write = output._write_all
    calls = []

    def write_all(descriptor, data):
        calls.append(descriptor)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(descriptor, data)

    monkeypatch.setattr(output, "_write_all", write_all)
    result = _build(run_main, root, out)
    _clear_failure(result, "No space left on device")
    assert tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["out", "site"]  # no staging folder left


def test_failed_swap_leaves_the_old_site(built, run_main, monkeypatch):
    root, out, before = built
    (root / "content" / "notes" / "page.md").write_text("---\ntitle: Changed page\n---\n\nNew text.\n")
    real_replace = os.replace

    def replace(src, dst):
        if ".new-" in str(src):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    result = _build(run_main, root, out)
    _clear_failure(result, "cannot write")
    assert tree(out) == before


@pytest.mark.parametrize("breakage", [
    {"content/year-1.md": "---\nkind: plan\nhorizon: year\nitems: [{id: year-goal}]\n---\n"},  # an error in content
    {"content/index.md": None},  # no root
    {"content/notes/page.md": b"---\ntitle: \xff\n---\n"},  # bad bytes
    {"roadmap.toml": "theme = 'no-such-theme'\n"},
    {"roadmap.toml": "theme = 'broken'\n", "themes/broken/templates/page.html": "{% if %}"},
])
def test_failed_build_leaves_the_previous_site_byte_for_byte(built, run_main, breakage):
    root, out, before = built
    stat_before = {p: (out / p).stat().st_mtime_ns for p in before}
    write_files(root, breakage)
    result = _build(run_main, root, out)
    assert result.code != 0
    assert "Traceback" not in result.stderr
    assert tree(out) == before
    assert {p: (out / p).stat().st_mtime_ns for p in before} == stat_before
