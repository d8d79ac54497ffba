"""Hypothesis: no file name (any bytes) and no roadmap.toml leads to an
internal error or to a setting reaching the site unchecked."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import MINIMAL_SITE, TODAY, write_files

from roadmapgen.commands.cli import main

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Bytes a file name may hold on Linux: anything but '/' and NUL.
name_bytes = st.binary(min_size=1, max_size=12).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_")).filter(
    lambda b: b not in (b".", b".."))


def run(args: list[str], capsys) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@FUZZ
@given(names=st.lists(name_bytes, min_size=1, max_size=3), folder=st.booleans())
def test_any_file_name_gives_findings_or_a_site(capsys, names, folder):
    root = Path(tempfile.mkdtemp(prefix="fuzz-names-"))
    try:
        write_files(root, MINIMAL_SITE)
        base = root / "content" / ("notes" if folder else "")
        base.mkdir(parents=True, exist_ok=True)
        for name in names:
            target = os.path.join(os.fsencode(base), name + b".md")
            with open(target, "wb") as file:
                file.write(b"---\ntitle: A page\n---\n\nText.\n")
        code, out, err = run(["check", root, "--today", TODAY], capsys)
        assert code in (0, 1) and "internal error" not in err, err
        out.encode("utf-8")  # printable: a name that is not UTF-8 is shown escaped
        code, out, err = run(["build", root, "--today", TODAY], capsys)
        assert code in (0, 1) and "internal error" not in err, err
        if code == 0:
            for page in (root / "site").rglob("*.html"):
                page.read_bytes().decode("utf-8")
    finally:
        shutil.rmtree(root)


setting_values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["https://example.com/", "http://localhost:8000/r/", "en", "pt-BR", "site", "default",
                     "public", "mentors", "../x", "/tmp/x", "javascript:x", "https://e.com/\r\nX:1"]),
    st.booleans(), st.integers(), st.floats(allow_nan=False),
)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in value) + '"'


@FUZZ
@given(values=st.dictionaries(st.sampled_from(["output", "theme", "base_url", "audience", "language", "allow_html"]),
                              setting_values, min_size=1, max_size=4))
def test_any_roadmap_toml_gives_findings_or_a_site(capsys, values):
    root = Path(tempfile.mkdtemp(prefix="fuzz-settings-"))
    try:
        write_files(root, MINIMAL_SITE)
        (root / "roadmap.toml").write_text("".join(f"{k} = {toml_value(v)}\n" for k, v in values.items()), "utf-8")
        code, _, err = run(["check", root, "--today", TODAY], capsys)
        assert code in (0, 1) and "internal error" not in err, err
        code, out, err = run(["build", root, "--today", TODAY], capsys)
        assert code in (0, 1) and "internal error" not in err, err
        if code == 0:
            built = root / Path(values.get("output", "site"))
            assert built.resolve().is_relative_to(root.resolve()), "the output stayed inside the site"
            base_url = values.get("base_url", "")
            for data in (built / "roadmap.ics").read_bytes().split(b"\r\n"):
                assert b"\r" not in data and b"\n" not in data
            assert "\n" not in base_url and "\r" not in base_url and "javascript" not in base_url.lower()
    finally:
        shutil.rmtree(root)
