"""Local files and links (docs/format.md, "Local files and links"): a link
or image to a file beside the Markdown is copied beside the page of the
file that links to it (a page bundle), and reached from every page that
shows it; a link to a `.md` file leads to its
page; `check` says `missing-file` where either leads nowhere. An edition
copies only what a text it shows links to, and an encrypted one inlines
what it shows, so nothing is published in the clear.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from build_helpers import parse_html, resolve_url, run_build, snapshot
from support import MINIMAL_30_DAYS, MINIMAL_ROOT, MINIMAL_SITE, TODAY, write_files

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
PNG = b"\x89PNG\r\n\x1a\n\x00canary-diagram"
ROOT = MINIMAL_ROOT.replace("The introduction.", "The introduction. ![me](me.svg) See [my cadence]"
                            "(notes/review-cadence.md#s-why)\nand [the journal](private/journal.md).")
CADENCE = """\
---
title: Review cadence
---

## Why

![diagram](diagram%20v2.png) and [the overview](../index.md) and [the month](../next-30-days.md#s-month).
"""
JOURNAL = """\
---
title: Journal
visibility: private
---

![secret](secret-canary.png)
"""
PLAN = MINIMAL_30_DAYS.replace("    serves: year-goal\n", "    serves: year-goal\n"
                               "    notes: Read [the cadence](notes/review-cadence.md) first.\n") + "\n## Month\n"
SITE = {
    **MINIMAL_SITE,
    "content/index.md": ROOT,
    "content/me.svg": SVG,
    "content/notes/review-cadence.md": CADENCE,
    "content/notes/diagram v2.png": PNG,
    "content/private/journal.md": JOURNAL,
    "content/private/secret-canary.png": b"private canary bytes",
    "content/next-30-days.md": PLAN,
}


def build(root: Path, *flags: str, env: dict[str, str] | None = None) -> tuple[int, str, dict[str, bytes]]:
    out = root / "out"
    result = run_build(root, "--out", out, "--today", TODAY, *flags, env=env)
    return result.code, result.err, snapshot(out) if out.exists() else {}


def target_of(page: str, html: bytes, tag: str, **attrs: str) -> tuple[str, str]:
    """(path from the site root, fragment) the first `tag` matching `attrs` on `page` leads to."""
    node = parse_html(html.decode()).find(tag, **attrs)
    assert node is not None, f"no <{tag} {attrs}> on {page}"
    return resolve_url(page, node.attrs["src" if tag == "img" else "href"])


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    root = write_files(tmp_path_factory.mktemp("local"), SITE)
    code, err, files = build(root)
    assert code == 0, err
    return files


def test_a_file_beside_the_markdown_is_copied_and_reached_from_every_page(public):
    assert public["me.svg"] == SVG and public["pages/notes/diagram v2.png"] == PNG  # byte for byte
    assert target_of("index.html", public["index.html"], "img", alt="me") == ("me.svg", "")
    nested = "pages/notes/review-cadence.html"
    # Beside its page, so the link works as written.
    assert b'<img src="diagram%20v2.png" alt="diagram"' in public[nested]
    assert target_of(nested, public[nested], "img", alt="diagram") == ("pages/notes/diagram v2.png", "")
    assert not [name for name in public if name.endswith(".md")]


def test_a_page_bundle_keeps_its_files_beside_its_page_and_a_plan_in_a_folder_falls_back(tmp_path):
    review = "---\nkind: review\ndate: 2026-11-30\ntype: monthly\n---\n\n![chart](charts/hours.png)\n"
    plan = PLAN.replace("content/", "").replace("notes: Read [the cadence](notes/review-cadence.md) first.",
                                                "notes: '![me again](../me.svg)'")
    site = {**SITE, "content/reviews/2026-11-30-monthly.md": review, "content/reviews/charts/hours.png": PNG,
            "content/next-30-days.md": None, "content/plans/next-30-days.md": plan}
    root = write_files(tmp_path, {name: text for name, text in site.items() if text is not None})
    code, err, files = build(root)
    assert code == 0, err
    page = "reviews/2026-11-30-monthly.html"
    assert files["reviews/charts/hours.png"] == PNG and b'<img src="charts/hours.png"' in files[page]
    # The plan's page is at the site root: `../me.svg` from there would leave the site.
    assert target_of("30-days.html", files["30-days.html"], "img", alt="me again") == ("me.svg", "")


def test_a_link_to_a_markdown_file_leads_to_its_page(public):
    index = parse_html(public["index.html"].decode())
    [cadence] = [a for a in index.find_all("a") if a.text() == "my cadence"]
    assert resolve_url("index.html", cadence.attrs["href"]) == ("pages/notes/review-cadence.html", "s-why")
    nested = "pages/notes/review-cadence.html"
    page = parse_html(public[nested].decode())
    links = {a.text(): resolve_url(nested, a.attrs["href"]) for a in page.find_all("a")}
    assert links["the overview"] == ("index.html", "")
    # A heading of a plan, shown on its horizon's page with its file's prefix: the link follows it.
    assert links["the month"] == ("30-days.html", "next-30-days.md:s-month")
    assert b'id="next-30-days.md:s-month"' in public["30-days.html"]
    # From an item's note, shown on its horizon's page.
    month = parse_html(public["30-days.html"].decode())
    [note] = [a for a in month.find_all("a") if a.text() == "the cadence"]
    assert resolve_url("30-days.html", note.attrs["href"]) == ("pages/notes/review-cadence.html", "")


def test_an_edition_copies_only_what_its_texts_show(public, tmp_path):
    # A private page's image stays out, and a link to that page is its text alone.
    assert not [name for name in public if "journal" in name or "canary" in name]
    assert not any(b"journal.md" in data or b"private/" in data for data in public.values())
    assert b"and the journal." in public["index.html"]
    root = write_files(tmp_path, SITE)
    code, err, private = build(root, "--audience", "private")
    assert code == 0, err
    assert private["pages/private/secret-canary.png"] == b"private canary bytes"
    assert target_of("index.html", private["index.html"], "a", href="pages/private/journal.html")


@pytest.mark.parametrize("files, at, says", [
    ({"content/index.md": ROOT.replace("![me](me.svg)", "![me](m.svg)")},
     ("content/index.md", 10, 19), "'m.svg' leads to content/m.svg, which does not exist"),
    # in a list item and a block quote: the columns of the file, not of the text Markdown reads
    ({"content/notes/review-cadence.md": CADENCE + "\n- one\n  - two [notes](nots.md)\n> quote ![d](gone.png)\n"},
     ("content/notes/review-cadence.md", 10, 9), "'nots.md' leads to content/notes/nots.md, which is not a content file"),
    ({"content/notes/review-cadence.md": CADENCE + "\n> quote ![d](gone.png)\n"},
     ("content/notes/review-cadence.md", 9, 9), "'gone.png' leads to content/notes/gone.png"),
    # in an item's note, plain and on the second line of a block
    ({"content/next-30-days.md": PLAN.replace("[the cadence](notes/review-cadence.md)", "[c](notes/cadence.md)")},
     ("content/next-30-days.md", 9, 17), "'notes/cadence.md' leads to content/notes/cadence.md"),
    ({"content/next-30-days.md": PLAN.replace("notes: Read", "notes: |\n      Read\n      > ![x](x.png)\n     ")},
     ("content/next-30-days.md", 11, 9), "'x.png' leads to content/x.png"),
    ({"content/next-30-days.md": PLAN.replace("Read [the cadence](notes/review-cadence.md) first.", '"Read ![x](x.png)"')},
     ("content/next-30-days.md", 9, 18), "'x.png' leads to content/x.png"),
    ({"content/index.md": ROOT + "\n[up](../roadmap.toml)\n"},
     ("content/index.md", 13, 1), "'../roadmap.toml' leads to roadmap.toml, outside content/"),
])
def test_a_link_to_nothing_is_a_missing_file_warning_at_its_place(minimal_site, check_json, files, at, says):
    code, report = check_json(minimal_site({**SITE, **files}))
    found = [f for f in report["findings"] if f["code"] == "missing-file"]
    assert [(f["file"], f["line"], f["column"]) for f in found][:1] == [at], found
    assert found[0]["severity"] == "warning" and says in found[0]["message"], found
    assert code == 0  # a warning


def test_markdown_is_never_copied_whatever_its_name(tmp_path, check_json):
    # A link in a public text to a private content file by another case of its
    # name, or by a symbolic link to it: on a file system that ignores case
    # the first would open it. Neither is copied, and check says so.
    root = write_files(tmp_path, {**SITE, "content/index.md": ROOT + "\n[a](private/JOURNAL.MD) [b](j.txt)\n"})
    os.symlink(root / "content" / "private" / "journal.md", root / "content" / "j.txt")
    _, report = check_json(root)
    found = [(f["line"], f["column"], f["severity"]) for f in report["findings"] if f["file"] == "content/index.md"]
    assert found == [(13, 1, "warning"), (13, 25, "warning")], report["findings"]
    code, err, files = build(root)
    assert code == 0, err
    assert not [name for name, data in files.items() if b"private canary" in data or b"Journal" in data]
    # A .md link that leads to no page of the edition is its text; a missing file's keeps its URL.
    assert b"JOURNAL" not in files["index.html"] and b'<a href="j.txt">b</a>' in files["index.html"]


def test_missing_file_suggests_a_close_name(minimal_site, check_json):
    _, report = check_json(minimal_site({**SITE, "content/index.md": ROOT.replace("(me.svg)", "(me.svgg)")}))
    [finding] = [f for f in report["findings"] if f["code"] == "missing-file"]
    assert finding["hint"] == "did you mean 'me.svg'?"


def test_a_link_out_of_the_site_is_refused(minimal_site, check_json, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.png"
    outside.write_bytes(b"outside canary")
    root = minimal_site(SITE)
    (root / "content" / "me.svg").unlink()
    os.symlink(outside, root / "content" / "me.svg")
    code, report = check_json(root)
    [finding] = [f for f in report["findings"] if f["code"] == "bad-path"]
    assert (finding["file"], finding["line"], finding["column"]) == ("content/index.md", 10, 19)
    assert "a link outside the site" in finding["message"] and code == 1
    code, err, files = build(root)
    assert code == 1 and files == {}, err


def test_an_encrypted_edition_inlines_its_files_and_writes_none(tmp_path):
    from test_encrypt import PASSPHRASE, open_page

    site = {**SITE, "content/notes/review-cadence.md": CADENCE.replace("title:", "visibility: mentors\ntitle:")
            + "\n[the diagram](diagram%20v2.png)\n"}
    root = write_files(tmp_path, site)
    code, err, files = build(root, "--audience", "mentors", "--encrypt",
                             env={"ROADMAPGEN_PASSPHRASE": PASSPHRASE})
    assert code == 0, err
    assert not [n for n in files if n.endswith((".png", ".svg")) and not n.startswith("assets/")], sorted(files)
    assert not any(b"canary" in data or b"diagram" in data or base64.b64encode(PNG) in data
                   for data in files.values())
    pages = [open_page(n, data) for n, data in files.items() if n.endswith(".html") and n != "404.html"]
    inlined = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert any(f'<img src="{inlined}" alt="diagram"'.encode() in page for page in pages)
    # A link to a file downloads it under its own name.
    assert any(f'<a href="{inlined}" download="diagram v2.png">'.encode() in page for page in pages)
    assert any(b'<img src="data:image/svg+xml;base64,' in page for page in pages)


@pytest.mark.parametrize("extra, code_says", [
    ({"content/index.html": "<p>mine</p>", "content/index.md": ROOT + "\n[x](index.html)\n"},
     "content/index.html: error[file-clash]: would replace the generated index.html"),
    ({"static/me.svg": SVG}, "static/me.svg: error[static-clash]: would replace content/me.svg, which a page links to"),
    # A copy beside its page: the message names the file in content/, not where it is copied.
    ({"static/pages/notes/diagram v2.png": PNG},
     "static/pages/notes/diagram v2.png: error[static-clash]: would replace content/notes/diagram v2.png"),
    # A file where the build writes a folder, and a name in another case (the same file on macOS).
    ({"content/assets": b"x", "content/index.md": ROOT + "\n[x](assets)\n"},
     "content/assets: error[file-clash]: would replace the generated assets/"),
    ({"content/INDEX.HTML": b"x", "content/index.md": ROOT + "\n[x](INDEX.HTML)\n"},
     "content/INDEX.HTML: error[file-clash]: would replace the generated index.html"),
])
def test_a_copy_never_replaces_a_file_of_the_build(tmp_path, extra, code_says):
    root = write_files(tmp_path, {**SITE, **extra})
    code, err, files = build(root)
    assert code == 1 and files == {} and code_says in err, err


def test_serve_rebuilds_when_a_linked_file_changes(tmp_path):
    from roadmapgen.commands.serve import is_watched

    assert is_watched(tmp_path, str(tmp_path / "content" / "notes" / "diagram v2.png"))


def test_two_files_that_would_be_copied_to_one_place_both_are(tmp_path):
    # Every review's page is in reviews/, whatever its folder in content/: each
    # review's chart.png would be reviews/chart.png, and so would either case of a name.
    def review(day: str, link: str) -> str:
        return f"---\nkind: review\ndate: 2026-11-{day}\ntype: monthly\n---\n\n![chart]({link})\n"

    root = write_files(tmp_path, {**SITE, "content/reviews/a/2026-11-02-monthly.md": review("02", "chart.png"),
                                  "content/reviews/a/chart.png": b"chart of a",
                                  "content/reviews/b/2026-11-05-monthly.md": review("05", "chart.png"),
                                  "content/reviews/b/chart.png": b"chart of b",
                                  "content/reviews/c/2026-11-07-monthly.md": review("07", "CHART.png"),
                                  "content/reviews/c/CHART.png": b"chart of c"})
    code, err, files = build(root)
    assert code == 0, err
    for day, folder in [("02", "a"), ("05", "b"), ("07", "c")]:
        page = f"reviews/2026-11-{day}-monthly.html"
        path, _ = target_of(page, files[page], "img", alt="chart")
        assert files[path] == f"chart of {folder}".encode(), (page, path)
    assert len({name.casefold() for name in files}) == len(files)


def test_a_metric_notes_links_are_copied_and_checked(tmp_path, check_json):
    root_text = ROOT.replace("---\n\nThe", "metrics:\n  - name: skill_hours\n    kind: leading\n"
                             "    notes: '![how](notes/how.png) and [gone](gone.png)'\n---\n\nThe")
    review = "---\nkind: review\ndate: 2026-11-05\ntype: monthly\nmetrics:\n  skill_hours: 4\n---\n"
    root = write_files(tmp_path, {**SITE, "content/index.md": root_text, "content/notes/how.png": PNG,
                                  "content/reviews/2026-11-05-monthly.md": review})
    _, report = check_json(root)
    found = [(f["line"], f["column"]) for f in report["findings"] if f["code"] == "missing-file"]
    assert found == [(11, 39)], report["findings"]
    code, err, files = build(root)
    assert code == 0, err
    assert target_of("index.html", files["index.html"], "img", alt="how") == ("notes/how.png", "")
    assert files["notes/how.png"] == PNG


def test_a_symbolic_link_to_a_hidden_file_is_not_followed(tmp_path, check_json):
    # The site's .env (where CI may keep a token) or a hidden folder in content/, by another name.
    root = write_files(tmp_path, {**SITE, ".env": b"TOKEN=hidden-env",
                                  "content/.drafts/d.png": b"hidden-drafts",
                                  "content/index.md": ROOT + "\n[a](env.png) [b](d.png)\n"})
    os.symlink("../.env", root / "content" / "env.png")
    os.symlink(".drafts/d.png", root / "content" / "d.png")
    _, report = check_json(root)
    found = [(f["line"], f["column"], f["code"]) for f in report["findings"]
             if f["file"] == "content/index.md"]
    assert found == [(13, 1, "missing-file"), (13, 14, "missing-file")], report["findings"]
    code, err, files = build(root)
    assert code == 0, err
    assert not [name for name, data in files.items() if b"hidden-" in data], sorted(files)


def test_a_name_with_a_backslash_is_a_missing_file_not_a_failed_build(tmp_path, check_json):
    # A name Linux allows, but a folder separator on Windows: no site may hold it.
    root = write_files(tmp_path, {**SITE, "content/a\\b.png": PNG, "content/index.md": ROOT + "\n![b](a%5Cb.png)\n"})
    _, report = check_json(root)
    [found] = [f for f in report["findings"] if f["code"] == "missing-file"]
    assert (found["line"], found["column"]) == (13, 1) and "'\\'" in found["message"], found
    code, err, files = build(root)
    assert code == 0, err
    assert b'<img src="a%5Cb.png" alt="b"' in files["index.html"]


def test_a_copy_that_needs_a_folder_where_another_is_a_file_goes_elsewhere(tmp_path):
    # pages/a/c is both a file the overview links to and the folder of a page bundle's c/y.png.
    page = "---\ntitle: B\n---\n\n![y](c/y.png)\n"
    root = write_files(tmp_path, {**SITE, "content/index.md": ROOT + "\n[c](pages/a/c)\n", "content/pages/a/c": b"c",
                                  "content/a/b.md": page, "content/a/c/y.png": PNG})
    code, err, files = build(root)
    assert code == 0, err
    path, _ = target_of("pages/a/b.html", files["pages/a/b.html"], "img", alt="y")
    assert files[path] == PNG and files["pages/a/c"] == b"c"


def test_a_files_headings_are_read_once_however_many_links_name_them(tmp_path, monkeypatch):
    # Each reading parses the whole plan: once a link made a long plan's build take minutes.
    import roadmapgen.render.site as site_module

    read = []
    monkeypatch.setattr(site_module, "text_ids", lambda text: read.append(text) or frozenset({"s-month"}))
    links = "".join(f"[{n}](next-30-days.md#s-month) " for n in range(20))
    root = write_files(tmp_path, {**SITE, "content/index.md": ROOT + "\n" + links + "\n"})
    code, err, files = build(root)
    assert code == 0, err
    assert target_of("index.html", files["index.html"], "a", href="30-days.html#next-30-days.md:s-month")
    assert len(read) == 1, len(read)


def test_missing_files_in_a_big_folder_are_suggested_in_little_time(minimal_site, check_json, monkeypatch):
    # Comparing each of n missing names with the n beside it took minutes for thousands.
    import roadmapgen.analyse.local_files as checks

    compared = []
    monkeypatch.setattr(checks, "did_you_mean", lambda name, names: compared.append(len(names)) or None)
    links = "".join(f"![{n}](photos/{n}.jpg) " for n in range(150)) + "![x](photos/x1.png)"
    photos = {f"content/photos/{n}.png": PNG for n in range(150)}
    _, report = check_json(minimal_site({**SITE, **photos, "content/index.md": ROOT + "\n" + links + "\n"}))
    hints = [f["hint"] for f in report["findings"] if f["code"] == "missing-file"]
    assert hints[:2] == ["did you mean '0.png'?", "did you mean '1.png'?"] and len(hints) == 151, hints[-3:]
    assert max(compared, default=0) <= checks.MAX_COMPARED


def test_a_name_in_another_unicode_form_is_not_suggested_as_itself(minimal_site, check_json):
    # café.png as macOS may save it (e and a combining accent), linked as typed (é).
    site = {**SITE, "content/cafe\u0301.png": PNG, "content/index.md": ROOT + "\n![c](caf\u00e9.png)\n"}
    _, report = check_json(minimal_site(site))
    [found] = [f for f in report["findings"] if f["code"] == "missing-file"]
    assert found["hint"].startswith("the file is 'cafe\\u0301.png', the same name spelt in another Unicode form")


def test_check_finds_linked_files_without_reading_them(tmp_path, run_main, monkeypatch):
    # In a pre-commit hook on every commit: a roadmap's images and PDFs are
    # found, never read, by check; build reads what it publishes.
    root = write_files(tmp_path, SITE)
    opened = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self.name) or read_bytes(self))
    result = run_main(["check", root, "--today", TODAY])
    assert "missing-file" not in result.stdout + result.stderr
    assert not [name for name in opened if not name.endswith(".md")], opened
    assert run_main(["build", root, "--out", tmp_path / "out", "--today", TODAY]).code == 0
    assert "diagram v2.png" in opened
