"""config: roadmap.toml, optional, validated as a whole."""

from __future__ import annotations

import pytest

from roadmapgen.config import Settings, load_settings


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
