"""Adversarial cases for the safety guarantees in markup and commands: raw
HTML and Markdown that break out of an attribute or past the allowlist, ids
that repeat or links that reach nothing, `[[id]]` positions that are wrong
or quadratic, serve's overlay and error handling, `new review`'s file,
terminal escapes in argparse's messages, and inputs that still end in an
internal error (exit status 3)."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from support import MINIMAL_30_DAYS, MINIMAL_ROOT, MINIMAL_SITE, TODAY, write_files
from test_markdown_ids import id_problems


def build(run_main, root: Path, *flags, audience: str = "private") -> tuple[Path, object]:
    out = root / "out"
    result = run_main(["build", root, "--out", out, "--audience", audience, "--today", TODAY, *map(str, flags)])
    return out, result


def page(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags(html: str, name: str) -> list[dict]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return [attrs for tag, attrs in parser.tags if tag == name]


FREE_PAGE = "content/notes/p.md"


def free_page(body: str) -> str:
    return "---\ntitle: P\n---\n" + body


# -- Markdown and raw HTML ---------------------------------------------------------

@pytest.mark.parametrize("allow_html", [False, True])
def test_a_link_inside_an_image_alt_does_not_break_out_of_the_attribute(minimal_site, run_main, allow_html):
    # The [[link]]'s placeholder is put into alt="..." as is, and filled with
    # '<a href="...">' after escaping: the alt ends at the href's quote.
    root = minimal_site({FREE_PAGE: free_page("![a ![[[first-step|label]]](b.png)](a.png)\n"),
                         "roadmap.toml": f"allow_html = {str(allow_html).lower()}\n"})
    out, result = build(run_main, root)
    assert result.code == 0, result.stderr
    images = tags(page(out, "pages/notes/p.html"), "img")
    assert images
    for attrs in images:
        assert set(attrs) <= {"src", "alt", "title"}, attrs
        assert "<a" not in (attrs.get("alt") or ""), attrs


def test_raw_html_input_is_only_a_checkbox(minimal_site, run_main):
    # The allowlist means the task lists' checkbox; a bare <input> (or one whose
    # type was dropped) is a text field on the page, a password prompt's look-alike.
    body = '<input>\n\n<input type="password" placeholder="Password">\n\n- [ ] a task\n'
    root = minimal_site({FREE_PAGE: free_page(body), "roadmap.toml": "allow_html = true\n"})
    out, result = build(run_main, root)
    assert result.code == 0, result.stderr
    inputs = tags(page(out, "pages/notes/p.html"), "input")
    assert inputs
    assert all(attrs.get("type") == "checkbox" for attrs in inputs), inputs


def test_a_word_the_sanitizer_joins_is_not_taken_for_a_placeholder(minimal_site, run_main, check_json):
    # clean_html swaps NUL for a token absent from the text, but a comment (or a
    # tag not allowed) that nh3 removes joins 'rmg0' and 'q' into that token
    # afterwards: the text then names wikilink 7, which does not exist.
    body = "## Heading\n\nrmg0<!-- -->q7rmg0<!-- -->q\n"
    root = minimal_site({FREE_PAGE: free_page(body), "roadmap.toml": "allow_html = true\n"})
    code, _ = check_json(root)
    assert code == 0
    out, result = build(run_main, root)
    assert result.code == 0, result.stderr
    # The comment is the author's note to self: the reader sees the words around it.
    assert "rmg0q7rmg0q" in page(out, "pages/notes/p.html")


# -- unique ids and live in-page links -------------------------------------------

def test_entry_ids_do_not_collide_with_the_themes_ids(minimal_site, run_main):
    # Item, gap and risk ids are element ids on their pages, as are 'main'
    # (the skip link's target) and the section headings.
    gaps = ("---\nkind: gaps\nitems:\n  - id: gaps-heading\n    title: G\n    area: skills\n"
            "    now: a\n    needed: b\n---\n")
    risks = ("---\nkind: risks\nitems:\n  - id: risks-heading\n    title: R\n    probability: 10\n"
             "    impact: high\n    mitigation: m\n---\n")
    root = minimal_site({"content/next-30-days.md": MINIMAL_30_DAYS.replace("first-step", "main"),
                         "content/gaps.md": gaps, "content/risks.md": risks})
    out, result = build(run_main, root)
    assert result.code == 0, result.stderr
    assert id_problems(out) == []


def test_an_authors_id_on_a_page_of_its_own_does_not_repeat_the_themes(minimal_site, run_main):
    # A text alone on its page has the prefix "", so the author's id="main"
    # stays "main", the id of the theme's <main> (the skip link's target).
    root = minimal_site({FREE_PAGE: free_page('<div id="main">mine</div>\n'), "roadmap.toml": "allow_html = true\n"})
    out, result = build(run_main, root)
    assert result.code == 0, result.stderr
    assert id_problems(out) == []


def test_an_authors_id_does_not_repeat_a_generated_id_of_the_same_text(minimal_site, run_main):
    # The author's id gets the same prefix as the text's generated ids, so
    # id="fn1", id="fnref1" or id="s-intro" repeats the footnote's or heading's.
    body = "## Intro\n\nA note[^1].\n\n<p id=\"s-intro\">x</p>\n\n<span id=\"fn1\">y</span> <span id=\"fnref1\">z</span>\n\n[^1]: n\n"
    root = minimal_site({
        "content/index.md": MINIMAL_ROOT.replace("The introduction.", body),
        FREE_PAGE: free_page(body),
        "roadmap.toml": "allow_html = true\n",
    })
    out, result = build(run_main, root)
    assert result.code == 0, result.stderr
    assert id_problems(out) == []


def test_a_link_to_an_authors_own_id_reaches_it(minimal_site, run_main):
    # The author's id is prefixed on a shared page; their link to it is not.
    body = '<span id="here">target</span>\n\n[Markdown link](#here) and <a href="#here">raw link</a>\n'
    root = minimal_site({"content/index.md": MINIMAL_ROOT.replace("The introduction.", body),
                         "roadmap.toml": "allow_html = true\n"})
    out, result = build(run_main, root)
    assert result.code == 0, result.stderr
    assert id_problems(out) == []


def test_heading_ids_are_made_in_linear_time(minimal_site, check_json):
    # _unique counts up from 1 for every repeated heading: n repeats cost n^2/2
    # (5,000 '## a' headings, 30 kB, take several seconds).
    root = minimal_site({FREE_PAGE: free_page("## a\n\n" * 5000)})
    started = time.perf_counter()
    code, _ = check_json(root)
    elapsed = time.perf_counter() - started
    assert code == 0
    assert elapsed < 1.5, f"{elapsed:.1f} s for 5,000 headings"


# -- [[id]] positions in front matter ---------------------------------------------

def notes_site(minimal_site, notes: str, after: str = "") -> tuple[Path, list[str]]:
    text = MINIMAL_30_DAYS.replace("    serves: year-goal\n", f"    serves: year-goal\n    notes: {notes}\n{after}")
    return minimal_site({"content/next-30-days.md": text}), text.split("\n")


def unknown_ref_places(report: dict) -> list[tuple[int, int]]:
    return [(f["line"], f["column"]) for f in report["findings"] if f["code"] == "unknown-ref"]


def test_a_notes_link_is_placed_at_itself_not_at_a_copy_in_code(minimal_site, check_json):
    root, lines = notes_site(minimal_site, '"`[[nope]]` is how a link looks: [[nope]]"')
    _, report = check_json(root)
    line = next(i for i, text in enumerate(lines, 1) if "notes:" in text)
    assert unknown_ref_places(report) == [(line, lines[line - 1].rindex("[[nope]]") + 1)]


def test_a_notes_link_after_a_code_block_is_placed_at_itself(minimal_site, check_json):
    root, lines = notes_site(minimal_site, "|\n      ```\n      [[nope]]\n      ```\n      real [[nope]]")
    _, report = check_json(root)
    line = next(i for i, text in enumerate(lines, 1) if "real [[nope]]" in text)
    assert unknown_ref_places(report) == [(line, lines[line - 1].index("[[nope]]") + 1)]


def test_an_escaped_notes_link_is_not_placed_in_another_field(minimal_site, check_json):
    # "\x5b[nope]]" is the link [[nope]]; its text is not in the file, so the
    # search runs on and lands on the measure's words.
    root, lines = notes_site(minimal_site, '"\\x5b[nope]] here"', "    measure: 'text that shows [[nope]]'\n")
    _, report = check_json(root)
    notes_line = next(i for i, text in enumerate(lines, 1) if "notes:" in text)
    assert [line for line, _ in unknown_ref_places(report)] == [notes_line]


def test_notes_links_after_escaped_line_breaks_are_placed_at_themselves(minimal_site, check_json):
    # Markdown ends a line at CR and CR LF too: a value with "\\r" has more
    # lines for markdown-it than for a split at LF.
    root, lines = notes_site(minimal_site, '"a\\r[[nope]] b\\r\\n[[nope]]"')
    code, report = check_json(root)
    assert code == 1
    line = next(i for i, text in enumerate(lines, 1) if "notes:" in text)
    first = lines[line - 1].index("[[nope]]") + 1
    assert unknown_ref_places(report) == [(line, first), (line, lines[line - 1].rindex("[[nope]]") + 1)]


def test_escaped_notes_links_are_placed_in_linear_time(minimal_site, check_json):
    # Each link whose text is not in the file is searched for on every later
    # front matter line: links x lines.
    n = 4000
    root, _ = notes_site(minimal_site, '"' + "\\x5b[first-step]] " * n + '"', "".join(f"    # {i}\n" for i in range(n)))
    started = time.perf_counter()
    code, _ = check_json(root)
    elapsed = time.perf_counter() - started
    assert code == 0
    assert elapsed < 1.5, f"{elapsed:.1f} s for {n} links"


# -- serve ------------------------------------------------------------------------------

SECRET_PLAN = ("---\nkind: plan\nhorizon: year\nvisibility: private\nitems:\n"
               "  - id: acme-offer\n    title: Take the Acme offer\n    serves: target\n---\n")


@pytest.mark.parametrize("typo", [
    {"content/next-30-days.md": MINIMAL_30_DAYS.replace("serves: year-goal", "serves: acme-offe")},
    {"content/next-30-days.md": MINIMAL_30_DAYS + "\nSee [[acme-offe]].\n"},
    {"content/reviews/r.md": "---\nkind: review\ndate: 2026-11-05\ntype: monthly\nprogress:\n  acme-offe: done\n---\n"},
])
def test_the_public_overlay_does_not_suggest_a_hidden_id(minimal_site, typo):
    # A public typo's did-you-mean names the private item's id.
    from roadmapgen.commands.serve import Builder
    from roadmapgen.commands.server import SiteState, overlay_html

    root = minimal_site({"content/secret.md": SECRET_PLAN, **typo})
    state = SiteState()
    builder = Builder(root, lambda: dt.date.fromisoformat(TODAY), state, lambda message: None,
                      audience="public", theme=None)
    assert builder.build() is False
    shown = json.dumps([d.as_json() for d in state.current.diagnostics]) + overlay_html(state.current)
    assert "acme-offer" not in shown


def test_a_client_that_resets_does_not_print_a_traceback_on_ipv4(capsys):
    # The IPv4 server (the default bind) must be as quiet as the IPv6 one:
    # socketserver's handle_error prints a traceback for every reset connection.
    from roadmapgen.commands.server import SiteState, make_server

    server = make_server("127.0.0.1", 0, SiteState())
    try:
        try:
            raise ConnectionResetError(104, "Connection reset by peer")
        except ConnectionResetError:
            server.handle_error(None, ("127.0.0.1", 40000))
    finally:
        server.server_close()
    assert "Traceback" not in capsys.readouterr().err


# -- terminal output ------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["check", "--today", "\x1b[2J\x1b]0;owned\x07"],
    ["new", "review", "--date", "\x1b[2J"],
    ["serve", "--port", "\x1b[2J"],
    ["check", "--bogus\x1b[2J"],
    ["check", ".", "extra\x1b[2J"],
])
def test_argparse_errors_show_escapes_not_raw_control_characters(run_main, tmp_path, args):
    result = run_main(args)
    assert result.code == 2
    assert "\x1b" not in result.stderr + result.stdout and "\x07" not in result.stderr, repr(result.stderr)


# -- new review ---------------------------------------------------------------------

@pytest.mark.parametrize("item_id", ["2027", "on", "no", "null", "2026-11-01", "0x1f", "017", "1"])
def test_new_review_writes_item_ids_yaml_reads_as_strings(minimal_site, run_main, check_json, item_id):
    # Valid ids (quoted in the plan) written as plain keys of progress: YAML 1.1
    # reads them as a number, a boolean, null or a date, and check rejects the file.
    more = (f'---\nkind: plan\nhorizon: 30-days\nitems:\n  - id: "{item_id}"\n    title: T\n'
            "    due: 2026-11-20\n    serves: year-goal\n---\n")
    root = minimal_site({"content/more.md": more})
    assert check_json(root)[0] == 0
    result = run_main(["new", "review", root, "--today", TODAY])
    assert result.code == 0, result.stderr
    written = (root / f"content/reviews/{TODAY}-monthly.md").read_text(encoding="utf-8")
    front = yaml.safe_load(written.split("---\n")[1])
    assert item_id in front["progress"], front["progress"]
    code, report = check_json(root)
    assert code == 0, report["findings"]


def test_new_review_keeps_every_digit_of_a_whole_number(minimal_site, run_main):
    prior = "---\nkind: review\ndate: 2026-11-05\ntype: monthly\nmetrics:\n  steps: 9007199254740993\n---\n"
    root = minimal_site({"content/reviews/2026-11-05-monthly.md": prior})
    result = run_main(["new", "review", root, "--today", TODAY])
    assert result.code == 0, result.stderr
    written = (root / f"content/reviews/{TODAY}-monthly.md").read_text(encoding="utf-8")
    assert "steps: 9007199254740993" in written, written


@pytest.mark.parametrize("kind", ["a file", "a dangling link"])
def test_new_review_with_a_reviews_path_that_is_no_folder_is_an_error_not_a_crash(minimal_site, run_main, kind):
    root = minimal_site()
    reviews = root / "content" / "reviews"
    if kind == "a file":
        reviews.write_text("not a folder\n", encoding="utf-8")
    else:
        os.symlink(root / "nowhere", reviews)
    result = run_main(["new", "review", root, "--today", TODAY])
    assert result.code in (1, 2), result.stderr
    assert "internal error" not in result.stderr


def test_new_review_does_not_write_through_a_link_out_of_the_site(minimal_site, run_main, tmp_path_factory):
    # No link leads out of the site root: a cloned repository's
    # content/reviews -> ~/somewhere must not get a file written into it.
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    root = minimal_site()
    os.symlink(elsewhere, root / "content" / "reviews")
    result = run_main(["new", "review", root, "--today", TODAY])
    assert list(elsewhere.iterdir()) == [], result.stdout
    assert result.code != 0


# -- internal errors ---------------------------------------------------------------

@pytest.mark.parametrize("toml", ["a = " + "[" * 2000 + "]" * 2000 + "\n",
                                  "a = " + "{b = " * 1000 + "1" + "}" * 1000 + "\n"], ids=["arrays", "tables"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_deeply_nested_roadmap_toml_is_a_diagnostic_not_an_internal_error(minimal_site, run_main, toml, command):
    root = minimal_site({"roadmap.toml": toml})
    flags = ["--out", root / "out"] if command == "build" else []
    result = run_main([command, root, "--today", TODAY, *flags])
    assert result.code in (0, 1), result.stderr
    assert "internal error" not in result.stderr
