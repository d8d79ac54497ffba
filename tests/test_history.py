"""Plan history from git: revisions and last rewrite per plan file on the
horizon page, files changed between reviews on each review page; quietly
nothing without git."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import pytest

from roadmapgen.commands.build import build_files
from roadmapgen.read.history import load_history, parse_log

TODAY = dt.date(2026, 11, 30)

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def review(date: str, extra: str = "") -> str:
    return f"---\nkind: review\ndate: {date}\ntype: monthly\ntitle: Review {date}\n{extra}---\n"


def git(root, *args, date: str | None = None):
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+00:00"
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def commit(root, write_tree, files: dict, date: str, message: str = "change"):
    write_tree(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def repo(minimal_site, write_tree):
    root = minimal_site()
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start", date="2026-11-01")
    thirty = (root / "content/next-30-days.md").read_text()
    commit(root, write_tree, {"content/reviews/2026-11-05-monthly.md": review("2026-11-05")}, "2026-11-05")
    commit(root, write_tree, {"content/next-30-days.md": thirty.replace("First step", "First step, sharper")}, "2026-11-12")
    commit(root, write_tree, {"content/notes/secret-offer.md": "---\ntitle: Offer\nvisibility: private\n---\nx\n",
                              "content/notes/public.md": "---\ntitle: Public notes\n---\nx\n"}, "2026-11-14")
    commit(root, write_tree, {"content/next-30-days.md": thirty.replace("First step", "First step, sharpest")}, "2026-11-20")
    commit(root, write_tree, {"content/reviews/2026-11-20-monthly.md": review("2026-11-20")}, "2026-11-20")
    commit(root, write_tree, {"content/year-1.md": (root / "content/year-1.md").read_text() + "\nLater.\n"}, "2026-11-25")
    return root


@needs_git
def test_load_history_counts_revisions_and_dates(repo):
    history = load_history(repo)
    thirty = history.files["content/next-30-days.md"]
    assert thirty.revisions == 3
    assert thirty.first == dt.date(2026, 11, 1) and thirty.last == dt.date(2026, 11, 20)
    assert history.files["content/year-1.md"].revisions == 2
    assert history.changed_between(dt.date(2026, 11, 5), dt.date(2026, 11, 20)) == (
        "content/next-30-days.md", "content/notes/public.md", "content/notes/secret-offer.md",
        "content/reviews/2026-11-20-monthly.md")


@needs_git
def test_horizon_page_shows_plan_history(repo):
    files, _, _ = build_files(repo, TODAY, audience="private")
    page = files["30-days.html"].decode()
    section = page[page.index('class="plan-history"'):]
    assert "content/next-30-days.md" in section
    assert 'last rewritten <time datetime="2026-11-20">20 Nov 2026</time>, 3 revisions' in section
    year = files["year.html"].decode()
    assert 'datetime="2026-11-25"' in year and "2 revisions" in year


@needs_git
def test_review_page_lists_files_changed_since_the_previous_review(repo):
    files, _, _ = build_files(repo, TODAY, audience="private")
    page = files["reviews/2026-11-20-monthly.html"].decode()
    section = page[page.index('class="review-files"'):page.index("</section>", page.index('class="review-files"'))]
    assert "content/next-30-days.md" in section and "content/notes/public.md" in section
    assert "content/notes/secret-offer.md" in section
    assert "2026-11-20-monthly.md" not in section  # the review itself is not news
    assert "content/year-1.md" not in section  # changed after this review
    first = files["reviews/2026-11-05-monthly.html"].decode()
    assert "review-files" not in first


@needs_git
@pytest.mark.parametrize("audience", ["public", "mentors"])
def test_only_the_private_edition_shows_the_history(repo, audience):
    """A commit cannot say which of a file's items it changed: its dates
    and counts could tell of edits to hidden items."""
    files, _, _ = build_files(repo, TODAY, audience=audience)
    assert not any(b"plan-history" in data or b"review-files" in data for data in files.values())
    assert b"secret-offer" not in b"".join(files.values())


@needs_git
def test_history_builds_are_byte_identical(repo):
    first, _, _ = build_files(repo, TODAY)
    second, _, _ = build_files(repo, TODAY)
    assert first == second


def test_without_a_repository_nothing_is_shown(minimal_site):
    root = minimal_site({"content/reviews/2026-11-05-monthly.md": review("2026-11-05"),
                         "content/reviews/2026-11-08-monthly.md": review("2026-11-08")})
    files, _, _ = build_files(root, TODAY)
    assert "plan-history" not in files["30-days.html"].decode()
    assert "review-files" not in files["reviews/2026-11-08-monthly.html"].decode()
    assert not load_history(root).available


@needs_git
def test_a_repository_without_a_commit_shows_nothing(minimal_site):
    root = minimal_site({"content/reviews/2026-11-05-monthly.md": review("2026-11-05")})
    git(root, "init", "-q")
    git(root, "add", "-A")  # staged, never committed
    files, _, _ = build_files(root, TODAY, audience="private")
    assert "plan-history" not in files["30-days.html"].decode()
    assert not load_history(root).available


@needs_git
def test_without_git_installed_nothing_is_shown(repo, monkeypatch):
    with_git, _, _ = build_files(repo, TODAY, audience="private")
    monkeypatch.setenv("PATH", "")
    assert not load_history(repo).available
    files, _, _ = build_files(repo, TODAY, audience="private")
    assert "plan-history" not in files["30-days.html"].decode()
    assert "plan-history" in with_git["30-days.html"].decode()


def test_parse_log():
    text = ("\x1eaaa\x1f2026-11-20T09:00:00+01:00\n\ncontent/a.md\ncontent/b.md\n"
            "\x1ebbb\x1f2026-11-01T23:30:00-05:00\n\ncontent/a.md\n")
    commits = parse_log(text)
    assert [c.sha for c in commits] == ["bbb", "aaa"]
    assert commits[0].date == dt.date(2026, 11, 1)
    assert commits[1].paths == ("content/a.md", "content/b.md")


@needs_git
def test_the_history_is_what_was_committed_and_follows_commits_and_resets(repo, write_tree):
    first = load_history(repo)
    write_tree(repo, {"content/year-1.md": (repo / "content/year-1.md").read_text() + "\nUncommitted.\n"})
    assert load_history(repo) == first  # history is what was committed
    commit(repo, write_tree, {"content/year-1.md": (repo / "content/year-1.md").read_text() + "\nMuch later.\n"},
           "2026-11-28")
    after = load_history(repo)
    assert after != first and after.files["content/year-1.md"].last == dt.date(2026, 11, 28)
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    assert load_history(repo) == first


def test_a_site_outside_any_repository_starts_no_git(minimal_site, monkeypatch):
    import roadmapgen.read.history as history

    root = minimal_site()
    assert not any((folder / ".git").exists() for folder in (root.absolute(), *root.absolute().parents))
    calls = []
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.setattr(history, "_git", lambda root, *args: calls.append(args) or None)
    assert not load_history(root).available
    assert calls == []
    monkeypatch.setenv("GIT_DIR", str(root / "elsewhere.git"))  # git could find a repository this way
    load_history(root)
    assert calls
