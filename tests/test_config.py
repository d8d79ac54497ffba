"""config: roadmap.toml, optional, validated as a whole."""

from __future__ import annotations

import pytest

from roadmapgen.read.config import Settings, load_settings


def settings(tmp_path, text: str | bytes):
    data = text if isinstance(text, bytes) else text.encode()
    (tmp_path / "roadmap.toml").write_bytes(data)
    return load_settings(tmp_path)


def placed(found):
    return [(d.code, d.path, d.line, d.column) for d in found]


def test_no_file_means_defaults(tmp_path):
    assert load_settings(tmp_path) == (Settings(), [])


def test_every_setting(tmp_path):
    loaded, found = settings(tmp_path, 'output = "out"\ntheme = "dark"\nbase_url = "https://example.com/r/"\n'
                                       'audience = "mentors"\nlanguage = "nl"\nallow_html = true\n')
    assert found == []
    assert loaded == Settings("out", "dark", "https://example.com/r/", "mentors", "nl", True)


def test_override_ignores_unset_flags():
    assert Settings().override(theme="x", output=None) == Settings(theme="x")


def test_every_problem_is_reported_at_once(tmp_path):
    loaded, found = settings(tmp_path, 'them = "dark"\nallow_html = "yes"\naudience = "friends"\n'
                                       'base_url = "example.com"\noutput = 3\n')
    assert placed(found) == [
        ("unknown-field", "roadmap.toml", 1, 1),
        ("bad-config", "roadmap.toml", 2, 1),
        ("bad-config", "roadmap.toml", 3, 1),
        ("bad-config", "roadmap.toml", 4, 1),
        ("bad-config", "roadmap.toml", 5, 1),
    ]
    assert "did you mean 'theme'" in found[0].message and found[0].severity == "warning"
    assert loaded == Settings()


@pytest.mark.parametrize("text, line, column", [
    ('output = "site"\ntheme = default\n', 2, 9),
    ('output = "site"\n\ntheme = "default', 3, None),
    ('output = "site"\ntheme = "default"\n[x\n', 3, 3),
])
def test_toml_syntax_errors_have_a_line(tmp_path, text, line, column):
    _, found = settings(tmp_path, text)
    (problem,) = found
    assert (problem.code, problem.line) == ("bad-config", line)
    if column is not None:
        assert problem.column == column
    assert "(at line" not in problem.message  # the position is in line/column, not repeated


@pytest.mark.parametrize("text, line, column", [
    ('theme = "x"\n[deploy]\nhost = "h"\n', 2, 2),
    ('theme = "x"\n[[deploy]]\nhost = "h"\n', 2, 3),
    ('theme = "x"\ndeploy.host = "h"\n', 2, 1),
    ('theme = "x"\n"deploy" = 1\n', 2, 1),
    ('theme = "x"\n  deploy = 1\n', 2, 3),
    ('theme = "x"\n[deploy.site]\nhost = "h"\n', 2, 2),
])
def test_unknown_keys_and_tables_have_a_line(tmp_path, text, line, column):
    _, found = settings(tmp_path, text)
    assert placed(found) == [("unknown-field", "roadmap.toml", line, column)]


def test_a_key_named_like_a_prefix_is_not_confused(tmp_path):
    _, found = settings(tmp_path, 'themes = 1\ntheme = "x"\n')
    assert placed(found) == [("unknown-field", "roadmap.toml", 1, 1)]


def test_bad_encoding_at_the_first_bad_byte(tmp_path):
    _, found = settings(tmp_path, b'theme = "x"\n\nlanguage = "fran\xe7ais"\n')
    assert placed(found) == [("bad-encoding", "roadmap.toml", 3, 17)]


def test_settings_reach_the_cli_check(tmp_path, minimal_site, check_json):
    root = minimal_site({"roadmap.toml": 'audience = "friends"\n'})
    status, report = check_json(root)
    assert status == 1
    assert [(f["code"], f["file"], f["line"]) for f in report["findings"]] == [("bad-config", "roadmap.toml", 1)]


# -- every setting that reaches an output is validated ------------------------

@pytest.mark.parametrize("key, value", [
    ("base_url", "https://example.com/\\r\\nBEGIN:VEVENT"),
    ("base_url", "https://example.com/ x"),
    ("base_url", "javascript:alert(1)//https://x"),
    ("base_url", "https://example.com/\\\"><script>"),
    ("base_url", "https://example.com/?q=1"),
    ("base_url", "https://user@example.com/"),
    ("base_url", "https://example.com/\\u2028"),
    ("base_url", "//example.com/"),
    ("base_url", "https://example.com:99999/"),
    ("base_url", "https://bücher.example/"),  # the browser's ASCII form is not Python's idna codec's
    ("base_url", "https://example.com/100%/"),
    ("base_url", "https://example.com/a/../"),
    ("base_url", "https://example.com/roadmap/index.html"),
    ("base_url", "http://[::::]:8000/"),
    ("base_url", "https://example.com:\u0668\u0660/"),  # Arabic-Indic digits: Python's int() reads 80
    pytest.param("base_url", "https://example.com/" + "r" * 1100 + "/", id="base_url-too-long"),
    ("language", "en\\u0000"),
    ("language", "en\\\" xmlns:x=\\\"y"),
    ("language", "e"),
    ("language", ""),
    ("output", "../victim"),
    ("output", "/tmp/site"),
    ("output", "a\\u0000b"),
    ("output", "site/../../x"),
    ("output", ""),
    ("theme", "../../elsewhere"),
    ("theme", "a/b"),
    ("theme", ".hidden"),
])
def test_a_setting_that_could_break_an_output_is_an_error(tmp_path, key, value):
    loaded, found = settings(tmp_path, f'{key} = "{value}"\n')
    assert [(d.code, d.severity, d.line) for d in found] == [("bad-config", "error", 1)]
    assert loaded == Settings()


@pytest.mark.parametrize("key, value", [
    ("base_url", "https://example.com"), ("base_url", "http://localhost:8000/roadmap/"),
    ("base_url", "https://dana.github.io/roadmap/"), ("base_url", "http://[::1]:8000/"), ("language", "pt-BR"), ("language", "zh-Hant-TW"),
    ("output", "public/site"), ("output", "my site"), ("theme", "one-pager"), ("theme", "my_theme.v2"),
])
def test_ordinary_settings_are_accepted(tmp_path, key, value):
    loaded, found = settings(tmp_path, f'{key} = "{value}"\n')
    assert found == [] and getattr(loaded, key) == value


@pytest.mark.parametrize("url", ["javascript:alert(1)//", "https://example.com/\r\nX-Evil: 1", "ftp://example.com/",
                                 "example.com", "https://exa mple.com/", "https://example.com/#top"])
def test_a_bad_base_url_flag_is_a_usage_error(minimal_site, run_main, url):
    root = minimal_site()
    result = run_main(["build", root, "--base-url", url])
    assert result.code == 2 and "is not an absolute http(s) URL" in result.stderr
    assert not (root / "site").exists()


@pytest.mark.parametrize("url, hint", [
    ("example.org/roadmap", 'start it with the scheme: "https://example.org/roadmap/"'),
    ("https://me:secret@example.org/r/", 'leave out the user name and password: "https://example.org/r/"'),
    ("https://example.org/r/?utm=x#top", 'leave out the query and fragment: "https://example.org/r/"'),
    ("https://example.org/r/index.html", 'not a page of it: "https://example.org/r/"'),
])
def test_a_bad_base_url_gets_a_hint_that_fits_it(minimal_site, run_main, url, hint):
    result = run_main(["build", minimal_site(), "-b", url])
    assert result.code == 2 and hint in result.stderr, result.stderr


def test_a_bad_base_url_in_roadmap_toml_stops_the_build(minimal_site, run_main):
    root = minimal_site({"roadmap.toml": 'base_url = "https://example.com/\\r\\nBEGIN:VEVENT"\n'})
    result = run_main(["build", root, "--today", "2026-11-10"])
    assert result.code == 1 and "roadmap.toml:1:1: error[bad-config]" in result.stderr
    assert not (root / "site").exists()
