"""Compiled templates: the built-in themes' are kept beside the package (as
Python keeps .pyc files), so a build with an empty user cache compiles none
of them; a site's own templates go to the user cache."""

from __future__ import annotations

import sys

import pytest
from jinja2 import Environment

from roadmapgen import render

OVERRIDE = '{% extends "theme:default/page.html" %}{% block main %}<p>mine</p>{{ super() }}{% endblock %}'
PAGE = "---\nkind: page\ntitle: Notes\n---\nSome notes.\n"


@pytest.fixture
def compiled(monkeypatch, tmp_path):
    """The templates compiled from source, by name, in a process whose
    in-memory template cache starts empty; the package folder is a temporary one."""
    names = []
    real = Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counted)
    monkeypatch.setattr(render, "_PACKAGE_TEMPLATES", tmp_path / "package-templates")
    monkeypatch.setattr(render, "_TEMPLATE_CACHE", None)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return names


def build_with_new_user_cache(root, run_main, monkeypatch, folder):
    monkeypatch.setattr(render, "_TEMPLATE_CACHE", None)  # as in a new process
    monkeypatch.setenv("ROADMAPGEN_CACHE_DIR", str(folder))
    assert run_main(["build", root, "--today", "2026-11-10"]).code == 0


def test_built_in_templates_are_compiled_once_for_every_user_cache(minimal_site, run_main, monkeypatch, tmp_path, compiled):
    root = minimal_site()
    build_with_new_user_cache(root, run_main, monkeypatch, tmp_path / "one")
    assert "page.html" in compiled or "index.html" in compiled
    assert list((tmp_path / "package-templates").glob("*.jinja"))
    first = (root / "site/index.html").read_bytes()
    compiled.clear()
    build_with_new_user_cache(root, run_main, monkeypatch, tmp_path / "two")
    assert compiled == []
    assert (root / "site/index.html").read_bytes() == first


def test_without_bytecode_writing_they_go_to_the_user_cache(minimal_site, run_main, monkeypatch, tmp_path, compiled):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    build_with_new_user_cache(minimal_site(), run_main, monkeypatch, tmp_path / "user")
    assert not (tmp_path / "package-templates").exists()
    assert list((tmp_path / "user" / "templates").glob("*.jinja"))


def test_a_sites_own_template_goes_to_the_user_cache(minimal_site, run_main, monkeypatch, tmp_path, compiled):
    root = minimal_site({"content/notes.md": PAGE, "themes/default/templates/page.html": OVERRIDE})
    build_with_new_user_cache(root, run_main, monkeypatch, tmp_path / "user")
    assert "page.html" in compiled
    in_package = {p.name for p in (tmp_path / "package-templates").glob("*.jinja")}
    in_user = {p.name for p in (tmp_path / "user" / "templates").glob("*.jinja")}
    assert in_user and not in_user & in_package
    assert b"<p>mine</p>" in (root / "site/pages/notes.html").read_bytes()


def test_a_damaged_compiled_template_is_compiled_again(minimal_site, run_main, monkeypatch, tmp_path, compiled):
    root = minimal_site()
    build_with_new_user_cache(root, run_main, monkeypatch, tmp_path / "one")
    first = (root / "site/index.html").read_bytes()
    for file in (tmp_path / "package-templates").glob("*.jinja"):
        file.write_bytes(b"not bytecode")
    compiled.clear()
    build_with_new_user_cache(root, run_main, monkeypatch, tmp_path / "two")
    assert "index.html" in compiled
    assert (root / "site/index.html").read_bytes() == first
