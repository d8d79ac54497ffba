"""Compiled templates are kept between runs in the cache folder
($ROADMAPGEN_CACHE_DIR here): a later build uses them and makes the same
site, an edited template is compiled again, and a cache folder that cannot
be made costs only the compiling."""

from __future__ import annotations

from build_helpers import snapshot
from support import MINIMAL_SITE, TODAY, write_files


def _build(run_cli, root, out, cache):
    result = run_cli(["build", root, "--out", out, "--today", TODAY], env={"ROADMAPGEN_CACHE_DIR": str(cache)})
    assert result.code == 0, result.stderr
    return snapshot(out)


def test_a_later_build_uses_the_compiled_templates_and_makes_the_same_site(tmp_path, run_cli):
    root = write_files(tmp_path / "site", MINIMAL_SITE)
    cache = tmp_path / "cache"
    first = _build(run_cli, root, tmp_path / "one", cache)
    compiled = sorted(cache.rglob("*.cache"))
    assert compiled and all(path.stat().st_size for path in compiled)
    assert _build(run_cli, root, tmp_path / "two", cache) == first
    # An edited template is compiled again, whatever the cache holds.
    write_files(root, {"themes/default/templates/404.html": "{% extends 'theme:default/404.html' %}"
                       "{% block main %}<p>Gone fishing.</p>{% endblock %}"})
    assert b"Gone fishing." in _build(run_cli, root, tmp_path / "three", cache)["404.html"]
    write_files(root, {"themes/default/templates/404.html": "{% extends 'theme:default/404.html' %}"
                       "{% block main %}<p>Back soon.</p>{% endblock %}"})
    assert b"Back soon." in _build(run_cli, root, tmp_path / "four", cache)["404.html"]


def test_a_cache_folder_that_cannot_be_made_only_costs_the_compiling(tmp_path, run_cli):
    root = write_files(tmp_path / "site", MINIMAL_SITE)
    blocker = write_files(tmp_path, {"not-a-folder": "x"}) / "not-a-folder"
    assert _build(run_cli, root, tmp_path / "out", blocker)["index.html"]
