"""A slip in `visibility` must not publish what it was meant to hide: an
empty value or a misspelt key is an error, so the build stops."""

from __future__ import annotations

import pytest

from support import TODAY

SECRET = "counteroffer from Acme"


@pytest.mark.parametrize("line", ["visibility:", "visibility: ~", "visibility: null", "visibilty: private",
                                  "Visibility: private", "visiblity: private", "visibility : private"])
def test_a_page_with_a_visibility_slip_stops_the_build(minimal_site, run_main, tmp_path, line):
    root = minimal_site({"content/notes/offer.md": f"---\ntitle: Offer\n{line}\n---\n\n{SECRET}\n"})
    result = run_main(["build", root, "--today", TODAY, "--out", tmp_path / "out"])
    if line == "visibility : private":  # YAML's own spelling of the same key: read as written
        assert result.code == 0
        assert not (tmp_path / "out" / "pages" / "notes" / "offer.html").exists()
        return
    assert result.code == 1, result.stderr
    assert "content/notes/offer.md:3:" in result.stderr and "visibility" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_misspelt_visibility_on_an_item_stops_the_build(minimal_site, run_main, tmp_path):
    plan = ("---\nkind: plan\nhorizon: 30-days\nitems:\n  - id: first-step\n    title: First step\n"
            "    due: 2026-11-20\n    serves: year-goal\n  - id: leave\n    title: " + SECRET +
            "\n    due: 2026-11-21\n    serves: year-goal\n    visiblity: private\n---\n")
    root = minimal_site({"content/next-30-days.md": plan})
    result = run_main(["build", root, "--today", TODAY, "--out", tmp_path / "out"])
    assert result.code == 1 and "error[unknown-field]" in result.stderr and "'visibility'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_other_unknown_fields_stay_warnings(minimal_site, run_main, tmp_path):
    root = minimal_site({"content/notes/n.md": "---\ntitle: N\ncolour: red\n---\n\nText.\n"})
    result = run_main(["build", root, "--today", TODAY, "--out", tmp_path / "out"])
    assert result.code == 0 and "warning[unknown-field]" in result.stderr
