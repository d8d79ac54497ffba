"""Front matter that is not quite at the start of a file is never published
as text. Accepted as front matter: a byte order mark, blank lines above the
opening '---' and any line endings. Anything else that looks as if it means
front matter is a bad-front-matter error."""

from __future__ import annotations

import pytest

from build_helpers import snapshot
from support import TODAY

SECRET = "I am interviewing at Acme"
PRIVATE_PAGE = f"---\ntitle: Exit plan\nvisibility: private\n---\n\n{SECRET}.\n"


def variants_read_as_front_matter():
    return {
        "a byte order mark": "\ufeff" + PRIVATE_PAGE,
        "a blank first line": "\n" + PRIVATE_PAGE,
        "blank lines with spaces": "  \n\t\n" + PRIVATE_PAGE,
        "CR-only line endings": PRIVATE_PAGE.replace("\n", "\r"),
        "CR LF line endings": PRIVATE_PAGE.replace("\n", "\r\n"),
        "a BOM, a blank line and CRs": "\ufeff\r" + PRIVATE_PAGE.replace("\n", "\r"),
    }


def variants_refused():
    return {
        "a leading space": " " + PRIVATE_PAGE,
        "a leading tab": "\t" + PRIVATE_PAGE,
        "a zero-width space": "\u200b" + PRIVATE_PAGE,
        "a word joiner after a blank line": "\n\u2060" + PRIVATE_PAGE,
        "a zero-width space after the fence": PRIVATE_PAGE.replace("---", "---\u200b", 1),
        "four dashes": "-" + PRIVATE_PAGE,
        "an em dash": PRIVATE_PAGE.replace("---", "\u2014", 1),
        "TOML fences": f'+++\ntitle = "Exit plan"\nvisibility = "private"\n+++\n\n{SECRET}.\n',
        "no opening fence": PRIVATE_PAGE.removeprefix("---\n"),
        "no opening fence after a blank line": "\n" + PRIVATE_PAGE.removeprefix("---\n"),
        "no fences at all": f"title: Exit plan\nvisibility: private\n\n{SECRET}.\n",
        "a YAML directive": "%YAML 1.2\n" + PRIVATE_PAGE,
        "dots": PRIVATE_PAGE.replace("---", "...", 1),
        "stars": PRIVATE_PAGE.replace("---", "***", 1),
        "spaced dashes": PRIVATE_PAGE.replace("---", "- - -", 1),
        "an en dash": PRIVATE_PAGE.replace("---", "\u2013", 1),
        "minus signs": PRIVATE_PAGE.replace("---", "\u2212\u2212\u2212", 1),
        "a line of only a no-break space": "\u00a0\n" + PRIVATE_PAGE,
        "text after the fence": PRIVATE_PAGE.replace("---", "--- # front matter", 1),
    }


@pytest.mark.parametrize("name", variants_read_as_front_matter())
def test_front_matter_not_quite_at_the_start_is_read(minimal_site, run_main, tmp_path, name):
    root = minimal_site({"content/notes/exit.md": variants_read_as_front_matter()[name]})
    result = run_main(["build", root, "--today", TODAY, "--out", tmp_path / "out"])
    assert result.code == 0, result.stderr
    published = b"".join(snapshot(tmp_path / "out").values())
    assert SECRET.encode() not in published and b"visibility: private" not in published
    result = run_main(["build", root, "--today", TODAY, "--out", tmp_path / "private", "--audience", "private"])
    assert result.code == 0
    page = (tmp_path / "private" / "pages" / "notes" / "exit.html").read_text("utf-8")
    assert "Exit plan</h1>" in page
    assert SECRET in page and "visibility: private" not in page


@pytest.mark.parametrize("name", variants_refused())
def test_front_matter_that_nearly_opens_is_an_error_not_a_page(minimal_site, run_main, tmp_path, name):
    root = minimal_site({"content/notes/exit.md": variants_refused()[name]})
    result = run_main(["check", root, "--today", TODAY])
    assert result.code == 1
    assert "content/notes/exit.md:" in result.stdout and "error[bad-front-matter]" in result.stdout, result.stdout
    result = run_main(["build", root, "--today", TODAY, "--out", tmp_path / "out"])
    assert result.code == 1 and not (tmp_path / "out").exists()


def test_positions_count_the_blank_lines_above_the_front_matter(minimal_site, check_json):
    root = minimal_site({"content/notes/p.md": "\n\n---\ntitle: P\ncolour: red\n---\n\nBody [[nowhere]].\n"})
    _, report = check_json(root)
    places = {(f["code"], f["line"]) for f in report["findings"] if f["file"] == "content/notes/p.md"}
    assert ("unknown-field", 5) in places and ("unknown-ref", 8) in places, report


@pytest.mark.parametrize("first_line", ["Note: this page has no front matter.", "Kind words: thank you all.",
                                        "* * *", "---"])
def test_pages_that_only_resemble_front_matter_stay_pages(minimal_site, check_json, first_line):
    body = f"{first_line}\n\nSome notes.\n" if first_line != "---" else "---\ntitle: Fine\n---\n\nSome notes.\n"
    root = minimal_site({"content/notes/n.md": body})
    code, report = check_json(root)
    assert code == 0 and report["errors"] == 0, report


def test_a_page_without_front_matter_is_still_a_page(minimal_site, run_main, tmp_path):
    root = minimal_site({"content/notes/plain.md": "\n# Plain notes\n\nJust text: nothing more.\n\n---\n\nMore.\n"})
    assert run_main(["build", root, "--today", TODAY, "--out", tmp_path / "out"]).code == 0
    assert "Just text" in (tmp_path / "out" / "pages" / "notes" / "plain.html").read_text("utf-8")
