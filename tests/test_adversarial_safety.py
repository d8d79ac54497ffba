"""Adversarial cases for the safety guarantees (a build never destroys a
folder, leaks a hidden word or crashes) that the other tests do not cover:
each is a way a hostile repository or a careless user still gets a leak, a
lost folder or an internal error (exit status 3)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from build_helpers import snapshot
from support import MINIMAL_30_DAYS, TODAY

SECRET = "I am interviewing at Acme"
PRIVATE_FRONT = "title: Exit plan\nvisibility: private\n"


def build(run_main, site, out, *flags):
    return run_main(["build", str(site), "--today", TODAY, "--out", str(out), *map(str, flags)])


# -- front matter lookalikes ----------------------------------------------------
# Each file means "private", and none of them may end up as a public page that
# shows its front matter (an error, or front matter that is read, is fine).

LOOKALIKES = {
    # A first line that looks blank in an editor but holds a character that
    # is not a space or a tab: the '---' on the next line is then not seen.
    "a line of only a zero-width space": f"\u200b\n---\n{PRIVATE_FRONT}---\n\n{SECRET}.\n",
    "a line of only a word joiner": f"\u2060\n---\n{PRIVATE_FRONT}---\n\n{SECRET}.\n",
    "a line of only a no-break space": f"\u00a0\n---\n{PRIVATE_FRONT}---\n\n{SECRET}.\n",
    "a line of only an ideographic space": f"\u3000\n---\n{PRIVATE_FRONT}---\n\n{SECRET}.\n",
    "a line of only a form feed": f"\f\n---\n{PRIVATE_FRONT}---\n\n{SECRET}.\n",
    # '---' with more on its line: YAML reads both as a document start.
    "a comment after the opening fence": f"--- # front matter\n{PRIVATE_FRONT}---\n\n{SECRET}.\n",
    "a key on the opening fence's line": f"--- {PRIVATE_FRONT}---\n\n{SECRET}.\n",
    # A wrong fence is refused only when the very next line is a key.
    "four dashes, then a blank line": f"----\n\n{PRIVATE_FRONT}----\n\n{SECRET}.\n",
    "four dashes, then a comment": f"----\n# about me\n{PRIVATE_FRONT}----\n\n{SECRET}.\n",
    # Smart punctuation turns '----' into an em dash and a hyphen.
    "an em dash and a hyphen": f"\u2014-\n{PRIVATE_FRONT}\u2014-\n\n{SECRET}.\n",
    # A first line 'key: value' with '---' below, written the other ways YAML allows.
    "a quoted first key": f'"visibility": private\ntitle: Exit plan\n---\n\n{SECRET}.\n',
    "a space before the first key's colon": f"visibility : private\ntitle: Exit plan\n---\n\n{SECRET}.\n",
}


@pytest.mark.parametrize("name", LOOKALIKES)
def test_front_matter_lookalike_is_never_a_public_page_showing_it(minimal_site, run_main, tmp_path, name):
    root = minimal_site({"content/notes/exit.md": LOOKALIKES[name]})
    result = build(run_main, root, tmp_path / "out")
    assert result.code in (0, 1) and "internal error" not in result.stderr, result.stderr
    if result.code == 0:
        published = b"".join(snapshot(tmp_path / "out").values())
        assert SECRET.encode() not in published, f"{name}: the private page was published"
        assert b"visibility: private" not in published and b"visibility : private" not in published


# -- the public edition and git history ----------------------------------------

def _git(site, *args, date="2026-11-02T10:00:00+00:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=site, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_commit_that_only_adds_a_private_item_does_not_change_the_public_edition(minimal_site, run_main, tmp_path):
    site = minimal_site()
    _git(site, "init", "-q")
    _git(site, "add", "-A")
    _git(site, "commit", "-qm", "plan")
    assert build(run_main, site, tmp_path / "before").code == 0
    head, fence, body = MINIMAL_30_DAYS.partition("\n---\n")
    hidden = ("\n  - id: apply-elsewhere\n    title: Apply elsewhere\n    due: 2026-11-25\n"
              "    serves: year-goal\n    visibility: private")
    (site / "content" / "next-30-days.md").write_text(head + hidden + fence + body, "utf-8")
    _git(site, "commit", "-qam", "private", date="2026-11-09T10:00:00+00:00")
    assert build(run_main, site, tmp_path / "after").code == 0
    before, after = snapshot(tmp_path / "before"), snapshot(tmp_path / "after")
    # e.g. 30-days.html: "last rewritten 2 Nov 2026, 1 revision" became
    # "last rewritten 9 Nov 2026, 2 revisions": the date of a private edit.
    assert [path for path in before if before[path] != after.get(path)] == []


# -- output folders --------------------------------------------------------------

def test_output_inside_the_real_folder_of_a_linked_content_is_refused(minimal_site, run_main, monkeypatch):
    # content/ may be a link to a folder inside the site (it is read); the
    # folder it points to is content all the same.
    site = minimal_site()
    (site / "src").mkdir()
    (site / "content").rename(site / "src" / "content")
    (site / "content").symlink_to("src/content", target_is_directory=True)
    monkeypatch.chdir(site)
    before = snapshot(site / "src")
    result = run_main(["build", "--today", TODAY, "--out", "src/content/site"])
    assert result.code == 1 and "refusing to build into" in result.stderr, result.stderr
    assert snapshot(site / "src") == before


def test_a_repository_inside_a_marked_output_is_not_destroyed(minimal_site, run_main, tmp_path):
    # A common way to publish: build into site/, then `git init` (or a
    # `git worktree add`) inside it and push it to a gh-pages branch. The
    # folder carries the marker, but roadmapgen did not make its .git.
    site = minimal_site()
    out = tmp_path / "out"
    assert build(run_main, site, out).code == 0
    (out / ".git" / "refs").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (out / ".git" / "config").write_text("[remote \"origin\"]\n\turl = git@example.org:me/roadmap.git\n")
    result = build(run_main, site, out)
    assert "internal error" not in result.stderr
    assert (out / ".git" / "config").is_file(), "the deploy repository in the output folder was deleted"


def test_out_with_a_nul_is_not_an_internal_error(minimal_site, run_main):
    site = minimal_site()
    result = run_main(["build", str(site), "--today", TODAY, "--out", "site\x00x"])
    assert result.code in (1, 2), result.stderr
    assert "internal error" not in result.stderr


# -- a theme is untrusted input: its failures are diagnostics, not crashes ------

THEME_FAILURES = {
    "a division by zero": "{{ 1 // 0 }}",
    "a template that includes itself": '{% include "404.html" %}',
    "a range the sandbox refuses": "{% for i in range(10 ** 9) %}{% endfor %}",
    "pop from an empty list": "{{ [].pop() }}",
    "a bad format string": '{{ "%d" | format("x") }}',
    "a date out of range": "{{ site.today.replace(year=0) }}",
}


@pytest.mark.parametrize("name", THEME_FAILURES)
def test_a_theme_that_fails_to_render_is_an_error_not_a_crash(minimal_site, run_main, tmp_path, name):
    site = minimal_site({"themes/default/templates/404.html": THEME_FAILURES[name]})
    result = build(run_main, site, tmp_path / "out")
    assert result.code == 1, result.stderr
    assert "internal error" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_theme_template_that_is_not_utf8_is_an_error_not_a_crash(minimal_site, run_main, tmp_path):
    site = minimal_site({"themes/default/templates/404.html": b"<p>caf\xe9 {{ page.title }}</p>"})
    result = build(run_main, site, tmp_path / "out")
    assert result.code == 1, result.stderr
    assert "internal error" not in result.stderr


# -- dates at the calendar's edge -------------------------------------------------

@pytest.mark.parametrize("review_type", ["monthly", "annual"])
def test_a_review_dated_on_the_last_day_of_the_calendar_is_not_a_crash(minimal_site, run_main, tmp_path, review_type):
    site = minimal_site({"content/reviews/last.md": f"---\nkind: review\ndate: 9999-12-31\ntype: {review_type}\n---\n"})
    result = build(run_main, site, tmp_path / "out")
    assert result.code in (0, 1), result.stderr
    assert "internal error" not in result.stderr
