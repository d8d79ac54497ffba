"""Themes: a site's own ./themes/<name> that extends the default and
overrides one template; unknown and broken themes; and the built-in themes
found from a real (non-editable) install."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sysconfig
import sys
import venv
from pathlib import Path

import pytest

from build_helpers import EXAMPLE_TODAY, REPO_ROOT, copy_example, html_files, run_build, run_cli, snapshot, write_files

from roadmapgen.commands.build import build_files

OVERRIDE_PAGE = """\
{% extends "base.html" %}
{% block main %}
<article class="my-theme-page" id="my-theme-page">
<h1>{{ document.title }}</h1>
{{ body }}
</article>
{% endblock %}
"""


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_example(tmp_path / "site")


def add_theme(site: Path, name: str, files: dict[str, str]) -> Path:
    return write_files(site / "themes" / name, files)


def test_a_site_theme_overrides_one_template_and_keeps_the_rest(site, tmp_path):
    add_theme(site, "mine", {"theme.toml": 'extends = "default"\n', "templates/page.html": OVERRIDE_PAGE})
    out = tmp_path / "out"
    result = run_build(site, "--out", out, "--theme", "mine", "--today", EXAMPLE_TODAY)
    assert result.code == 0, result.err
    pages = html_files(out)
    for page in ("pages/notes/learning-log.html", "pages/notes/advisory-board.html"):
        assert pages[page].by_id("my-theme-page") is not None, page
        assert pages[page].find("nav", cls="site-nav") is not None  # still the default's base.html
    for page, doc in pages.items():
        if not page.startswith("pages/"):
            assert doc.by_id("my-theme-page") is None, page
    # the default's other templates and its stylesheet are still there
    assert pages["30-days.html"].by_id("scope-ledger") is not None
    assert pages["gaps.html"].find("table", cls="matrix") is not None
    css = list((out / "assets").glob("style.*.css"))
    assert len(css) == 1 and b"body" in css[0].read_bytes()
    # and without --theme the same site builds with the default page template
    plain = tmp_path / "plain"
    assert run_build(site, "--out", plain, "--today", EXAMPLE_TODAY).code == 0
    assert html_files(plain)["pages/notes/learning-log.html"].by_id("my-theme-page") is None


def test_the_theme_can_be_chosen_in_roadmap_toml(site, tmp_path):
    add_theme(site, "mine", {"theme.toml": 'extends = "default"\n', "templates/page.html": OVERRIDE_PAGE})
    (site / "roadmap.toml").write_text('theme = "mine"\n')
    out = tmp_path / "out"
    assert run_build(site, "--out", out, "--today", EXAMPLE_TODAY).code == 0
    assert html_files(out)["pages/notes/learning-log.html"].by_id("my-theme-page") is not None


def test_an_override_can_extend_the_template_it_replaces(site, tmp_path):
    add_theme(site, "mine", {
        "theme.toml": 'extends = "default"\n',
        "templates/base.html": '{% extends "theme:default/base.html" %}'
                               '{% block head %}<meta name="x-theme" content="mine">{% endblock %}',
    })
    out = tmp_path / "out"
    result = run_build(site, "--out", out, "--theme", "mine", "--today", EXAMPLE_TODAY)
    assert result.code == 0, result.err
    for page, doc in html_files(out).items():
        assert doc.meta("x-theme") == "mine", page
        assert doc.find("footer", cls="site-footer") is not None, page


def test_a_theme_stylesheet_and_assets_come_after_the_default(site, tmp_path):
    add_theme(site, "mine", {"theme.toml": 'extends = "default"\n',
                             "assets/style.css": ".mine-marker { color: teal; }\n",
                             "assets/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"})
    out = tmp_path / "out"
    assert run_build(site, "--out", out, "--theme", "mine", "--today", EXAMPLE_TODAY).code == 0
    css = next((out / "assets").glob("style.*.css")).read_bytes()
    default_css = (REPO_ROOT / "themes" / "default" / "assets" / "style.css").read_bytes()
    assert css.index(b".mine-marker") > len(default_css) // 2
    assert b"body" in css[: css.index(b".mine-marker")]
    assert (out / "assets" / "logo.svg").is_file()
    index = html_files(out)["index.html"]
    href = index.find("link", rel="stylesheet").attrs["href"]
    assert (out / href).read_bytes() == css


def test_an_unknown_theme_is_a_clear_error(site, tmp_path):
    out = tmp_path / "out"
    result = run_cli("build", site, "--out", out, "--theme", "no-such-theme", "--today", EXAMPLE_TODAY, cwd=tmp_path)
    assert result.code == 1
    assert "theme 'no-such-theme' not found" in result.err
    assert "default" in result.err  # it names the themes there are
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert not out.exists()


def test_rebuilds_in_one_process_see_a_template_added_changed_and_removed(site):
    """As `serve` rebuilds: the templates Jinja keeps are never stale."""
    def page() -> bytes:
        files, _, _ = build_files(site, dt.date.fromisoformat(EXAMPLE_TODAY))
        return files["pages/notes/learning-log.html"]

    override = site / "themes" / "default" / "templates" / "page.html"
    add_theme(site, "default", {"templates/unused.html": "unused\n"})  # the folder is there from the start
    before = page()
    add_theme(site, "default", {"templates/page.html": OVERRIDE_PAGE})
    assert b"my-theme-page" in page()
    text = OVERRIDE_PAGE.replace("my-theme-page", "my-edited-page")
    override.write_text(text)
    os.utime(override, ns=(override.stat().st_mtime_ns + 10**9,) * 2)  # a later save, however coarse the clock
    assert b"my-edited-page" in page()
    override.unlink()
    assert page() == before


def test_a_template_error_names_its_template_line(site, tmp_path):
    add_theme(site, "default", {"templates/page.html": (
        '{% extends "theme:default/page.html" %}\n{% block main %}\n{{ no_such_name.field }}\n{% endblock %}\n')})
    out = tmp_path / "out"
    result = run_build(site, "--out", out, "--today", EXAMPLE_TODAY)
    assert result.code == 1 and "internal error" not in result.err, result.err
    assert "page.html:3" in result.err and "no_such_name" in result.err
    assert not out.exists()


@pytest.mark.parametrize("manifest, message", [
    ('extends = "mine"\n', "loop"),
    ('extends = "nowhere"\n', "theme 'nowhere' not found"),
    ("extends = [1\n", "theme.toml"),
    ("extends = 3\n", "extends"),
])
def test_a_broken_theme_manifest_is_a_clear_error(site, tmp_path, manifest, message):
    add_theme(site, "mine", {"theme.toml": manifest})
    out = tmp_path / "out"
    result = run_build(site, "--out", out, "--theme", "mine", "--today", EXAMPLE_TODAY)
    assert result.code == 1 and message in result.err, result.err
    assert "internal error" not in result.err
    assert not out.exists()


@pytest.mark.parametrize("name", ["../site", ".hidden", "a/b", "x\x1b[2J", ""])
def test_a_theme_name_may_not_be_a_path(site, tmp_path, name):
    result = run_build(site, "--out", tmp_path / "out", "--theme", name, "--today", EXAMPLE_TODAY)
    assert result.code == 2 and "is not a theme name" in result.err and "internal error" not in result.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["../site", "a/b"])
def test_a_theme_name_in_roadmap_toml_may_not_be_a_path(site, tmp_path, name):
    (site / "roadmap.toml").write_text(f'theme = "{name}"\n')
    result = run_build(site, "--out", tmp_path / "out", "--today", EXAMPLE_TODAY)
    assert result.code == 1 and "roadmap.toml:1:1: error[bad-config]" in result.err
    assert not (tmp_path / "out").exists()


# -- 8. a non-editable install finds its built-in themes ----------------------

def _venv_python(folder: Path) -> Path:
    return folder / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "PYTHONHOME", "ROADMAPGEN_TODAY", "VIRTUAL_ENV", "ROADMAPGEN_DEBUG")}


@pytest.mark.slow
def test_a_non_editable_install_finds_its_themes(tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = _venv_python(env_dir)
    assert python.exists()
    # The running environment's packages (pip, hatchling, roadmapgen's
    # dependencies) serve the new venv, whether the tests run in a venv or
    # not: --system-site-packages would reach the base interpreter's instead.
    # Only the folders are added, not their .pth files, so an editable
    # install of this checkout stays out of the new venv.
    venv_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip()
    Path(venv_site, "running-environment.pth").write_text(
        "\n".join(sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})) + "\n")
    install = [str(python), "-m", "pip", "install", "--no-deps", "--no-input", "--quiet", str(REPO_ROOT)]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = subprocess.run([*install[:-1], "--no-build-isolation", install[-1]], cwd=elsewhere, env=_clean_env(),
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0 and "hatchling" in (done.stdout + done.stderr):
        done = subprocess.run(install, cwd=elsewhere, env=_clean_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr

    # The venv's copy, not the checkout, is what runs.
    where = subprocess.run([str(python), "-c", "import roadmapgen; print(roadmapgen.__file__)"],
                           cwd=elsewhere, env=_clean_env(), capture_output=True, text=True, timeout=60)
    installed = Path(where.stdout.strip()).resolve()
    assert installed.is_relative_to(env_dir.resolve()), where.stdout + where.stderr
    assert not installed.is_relative_to(REPO_ROOT)
    assert (installed.parent / "render" / "unlock.js").is_file()  # the encrypted edition's script

    site = copy_example(tmp_path / "site")
    script = python.parent / ("roadmapgen.exe" if os.name == "nt" else "roadmapgen")
    assert script.exists()
    result = run_cli("build", "../site", "--out", "../out", "--today", EXAMPLE_TODAY, exe=[str(script)], cwd=elsewhere)
    assert result.code == 0, result.err
    out = tmp_path / "out"
    pages = html_files(out)
    assert {"index.html", "30-days.html", "gaps.html", "404.html"} <= set(pages)
    assert pages["30-days.html"].by_id("scope-ledger") is not None
    href = pages["index.html"].find("link", rel="stylesheet").attrs["href"]
    css = (out / href).read_bytes()
    assert len(css) > 1000 and b"body" in css
    assert sorted(os.listdir(elsewhere)) == []  # nothing written into the cwd
    # init's data files ship too: the starters and what every starter gets.
    started = run_cli("init", "../new", "--today", EXAMPLE_TODAY, exe=[str(script)], cwd=elsewhere)
    assert started.code == 0, started.err
    assert "roadmapgen==" in (tmp_path / "new" / ".github" / "workflows" / "roadmap.yml").read_text()
    assert (tmp_path / "new" / ".gitignore").is_file()
    assert (tmp_path / "new" / "content" / "index.md").is_file()
    shutil.rmtree(env_dir, ignore_errors=True)



def test_a_site_whose_themes_folder_is_the_builtin_one_uses_each_theme_once(tmp_path):
    # The repository's own example: its site root holds the built-in themes/.
    from roadmapgen.render.themes import builtin_themes_dir, load_theme

    root = builtin_themes_dir().parent
    for name in ("default", "one-pager"):
        folders = [f.resolve() for f in load_theme(name, root).folders]
        assert len(folders) == len(set(folders)), (name, folders)
    out = tmp_path / "out"
    assert run_build(root, "--out", out, "--today", EXAMPLE_TODAY).code == 0
    css = next((out / "assets").glob("style.*.css")).read_bytes()
    assert css == (builtin_themes_dir() / "default" / "assets" / "style.css").read_bytes() + b"\n"


# -- a theme is untrusted: its templates run sandboxed ------------------------

@pytest.mark.parametrize("payload", [
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ url.__globals__['__builtins__']['open']('PWNED', 'w') }}",
    "{% set x = namespace() %}{{ x.__init__.__globals__ }}",
])
def test_a_theme_cannot_run_python(site, tmp_path, monkeypatch, payload):
    monkeypatch.chdir(tmp_path)
    theme = site / "themes" / "evil"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "page.html").write_text('{% extends "theme:default/page.html" %}{% block main %}'
                                                   + payload + "{% endblock %}")
    result = run_build(site, "--out", tmp_path / "out", "--theme", "evil", "--today", EXAMPLE_TODAY)
    assert result.code == 1 and "evil" in result.err and "internal error" not in result.err, result.err
    assert not (tmp_path / "PWNED").exists() and not (site / "PWNED").exists()
    assert not (tmp_path / "out").exists()
