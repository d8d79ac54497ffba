"""Every page of a build has unique element ids, and every in-page link
(`href="#x"`) reaches an id on that page: footnotes and heading anchors of
several Markdown texts shown on one page (item notes on a horizon page,
the reviews on the review log, the overview's introduction and vision) do
not collide, whichever theme lays them out.

Checked on built sites only, with the standard library's HTML parser, so
the tests hold whatever Markdown engine renders the texts."""

from __future__ import annotations

import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from support import MINIMAL_SITE, REPO_ROOT, TODAY, write_files

THEMES = ("default", "one-pager")

NOTES = """|-
      Started[^1] and more[^note].

      ## Next steps

      Back to [the steps](#s-next-steps), and [[year-goal]].

      [^1]: A first note.
      [^note]: A second note, cited twice[^note]."""

BODY = """
An introduction[^1].

## Next steps

- [the steps](#s-next-steps)

[^1]: The body's own note.
"""


def item(item_id: str, title: str) -> str:
    return f"""  - id: {item_id}
    title: {title}
    due: 2026-11-20
    serves: year-goal
    notes: {NOTES}
"""


def review(date: str) -> str:
    return f"---\nkind: review\ndate: {date}\ntype: monthly\ntitle: Review of {date}\n---\n{BODY}"


CRAFTED = {
    **MINIMAL_SITE,
    "content/index.md": MINIMAL_SITE["content/index.md"].replace(
        "target:", "vision: |-\n  A vision[^1].\n\n  ## Next steps\n\n  [^1]: The vision's note.\ntarget:")
    .replace("The introduction.", BODY),
    "content/next-30-days.md": "---\nkind: plan\nhorizon: 30-days\nitems:\n"
    + item("first-step", "First step") + item("second-step", "Second step") + "---\n" + BODY,
    "content/more-30-days.md": "---\nkind: plan\nhorizon: 30-days\nitems:\n" + item("third-step", "Third step")
    + "---\n" + BODY,
    "content/gaps.md": "---\nkind: gaps\nitems:\n" + "".join(
        f"  - id: {gap}\n    title: {gap}\n    area: skills\n    now: a\n    needed: b\n    notes: {NOTES}\n"
        for gap in ("gap-a", "gap-b")) + "---\n",
    "content/reviews/one.md": review("2026-10-01"),
    "content/reviews/two.md": review("2026-10-20"),
    "content/notes/page.md": "---\ntitle: A page\n---\n" + BODY,
}


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.fragments: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id") is not None:
            self.ids.append(attributes["id"])
        href = attributes.get("href") or ""
        if tag == "a" and href.startswith("#"):
            self.fragments.append(unquote(href[1:]))

    handle_startendtag = handle_starttag


def id_problems(out: Path) -> list[str]:
    problems = []
    pages = sorted(out.rglob("*.html"))
    assert pages
    for page in pages:
        parser = _Ids()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        name = page.relative_to(out).as_posix()
        problems += [f"{name}: id {i!r} {n} times" for i, n in Counter(parser.ids).items() if n > 1]
        problems += [f"{name}: link to #{f} reaches no id" for f in parser.fragments if f not in parser.ids]
    return problems


def build(run_main, root: Path, theme: str) -> Path:
    out = root / f"site-{theme}"
    result = run_main(["build", root, "--out", out, "--theme", theme, "--audience", "private", "--today", TODAY])
    assert result.code == 0, result.stderr
    return out


@pytest.mark.parametrize("theme", THEMES)
def test_example_site_has_unique_ids_and_live_fragments(tmp_path, run_main, theme):
    shutil.copytree(REPO_ROOT / "content", tmp_path / "content")
    assert id_problems(build(run_main, tmp_path, theme)) == []


@pytest.mark.parametrize("theme", THEMES)
def test_footnotes_and_headings_of_many_texts_on_one_page_stay_apart(tmp_path, run_main, theme):
    out = build(run_main, write_files(tmp_path, CRAFTED), theme)
    assert id_problems(out) == []
    horizon = (out / "30-days.html").read_text(encoding="utf-8")
    # The notes are really there, each with its own footnotes.
    assert horizon.count('class="footnote-ref"') == 3 * 3 + 2 * 1
    assert horizon.count('class="footnote-backref"') == 3 * 3 + 2 * 1


def test_footnote_links_of_an_item_lead_to_its_own_notes(tmp_path, run_main):
    out = build(run_main, write_files(tmp_path, CRAFTED), "default")
    page = (out / "30-days.html").read_text(encoding="utf-8")
    for item_id in ("first-step", "second-step", "third-step"):
        start = page.index(f'id="{item_id}"')
        end = page.index("</article>", start)
        targets = [part.split('"', 1)[0] for part in page[start:end].split('href="#')[1:]]
        assert len(targets) >= 6, item_id
        for target in targets:  # where a browser jumps: the first element with that id
            assert start < page.find(f' id="{target}"') < end, (item_id, target)


def test_a_page_of_its_own_keeps_plain_heading_ids(tmp_path, run_main):
    out = build(run_main, write_files(tmp_path, CRAFTED), "default")
    page = next((out / "pages").rglob("page.html")).read_text(encoding="utf-8")
    assert 'id="s-next-steps"' in page and 'href="#s-next-steps"' in page
