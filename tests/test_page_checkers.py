"""The checkers of tests/test_browser_pages.py are real: a page broken on
purpose (tests/fixtures/broken-pages/) makes each of them report it."""

from __future__ import annotations

import pytest

from browser import axe_script, browser_or_skip, launch, vnu_jar
from pagechecks import AXE_COLOUR_RULES, VnuRun, axe_violations, broken_links, html_files, page_weights, web_fonts
from support import FIXTURES

BROKEN = FIXTURES / "broken-pages"


def test_broken_links_are_found():
    findings = broken_links(BROKEN)
    assert any(f.startswith("index.html:13: <a> 'missing.html' names a missing file") for f in findings), findings
    assert any("'other.html#nowhere': no id 'nowhere' in other.html" in f for f in findings), findings
    assert any("'/index.html' leaves the site" in f for f in findings), findings
    assert not [f for f in findings if "#here" in f or "#top" in f or f.startswith("other.html")], findings
    assert len(findings) == 3, findings


def test_a_web_font_is_found():
    assert [f for f in web_fonts(BROKEN) if f.startswith("assets/style.css: @font-face")]


def test_weight_counts_the_stylesheet_and_images():
    index = BROKEN / "index.html"
    parts = [index, BROKEN / "assets" / "style.css", BROKEN / "assets" / "picture.svg"]
    assert page_weights(BROKEN)["index.html"] == sum(p.stat().st_size for p in parts)


CSS_ERROR = "body { colour: red; }"


@pytest.fixture(scope="module")
def nu_checker(tmp_path_factory) -> dict[str, list[str]]:
    """The Nu HTML Checker over the broken pages and over a stylesheet with
    an error, in one run (two JVMs at once): {"html": findings relative to
    the broken pages, "css": findings relative to the stylesheet's folder}."""
    folder = tmp_path_factory.mktemp("css")
    (folder / "style.css").write_text(CSS_ERROR + "\n.halo { paint-order: stroke; }\n")
    findings = VnuRun(vnu_jar(), [*html_files(BROKEN), folder / "style.css"]).errors()
    return {kind: [f.removeprefix(f"{root}/") for f in findings if f.startswith(f"{root}/")]
            for kind, root in (("html", BROKEN), ("css", folder))}


def test_the_nu_html_checker_finds_the_duplicate_id(nu_checker):
    findings = nu_checker["html"]
    assert any(f.startswith("index.html:11: Duplicate ID “top”") for f in findings), findings
    assert any(f.startswith("index.html:12: An “img” element must have an “alt” attribute") for f in findings), findings
    assert not [f for f in findings if f.startswith("other.html")], findings


def test_axe_finds_the_image_without_alt_text():
    sync_playwright = browser_or_skip()
    script = axe_script()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page()
            page.goto((BROKEN / "index.html").as_uri())
            findings = axe_violations(page, script, "index.html")
            colours = axe_violations(page, script, "index.html", rules=AXE_COLOUR_RULES)
            page.goto((BROKEN / "other.html").as_uri())
            clean = axe_violations(page, script, "other.html")
        finally:
            browser.close()
    assert any(f.startswith("index.html: image-alt (critical) at img:") for f in findings), findings
    assert any(f.startswith("index.html: color-contrast (serious) at p:nth-child(") for f in findings), findings
    assert [f.split(" at ")[0] for f in colours] == ["index.html: color-contrast (serious)"], colours
    assert clean == []


def test_the_nu_html_checker_checks_css(nu_checker):
    findings = nu_checker["css"]
    assert len(findings) == 1 and findings[0].startswith("style.css:1: CSS: “colour”: Property “colour” doesn't exist"), findings


def test_a_missing_tool_skips_locally_and_fails_on_ci(monkeypatch, tmp_path):
    import browser

    monkeypatch.setenv("NODE_TOOLS", str(tmp_path))  # an empty node_modules
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="axe-core is not installed.*make test-deps"):
        browser.axe_script()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="vnu-jar is not installed.*on CI a missing tool fails"):
        browser.vnu_jar()
    assert browser.vnu_jar(required=False) is None
