"""The encrypted mentors' edition (spec section 10, docs/sharing.md):
`build --audience mentors --encrypt`.

- every file and file name of an edition, scanned for every canary above
  public (test_leaks' site, which puts one in every field that can be
  hidden), holds none in the clear, while decrypting it with the scheme
  docs/sharing.md documents, using the `cryptography` package alone, gives
  back every mentors' canary and no private one;
- the lock screen is valid HTML; two builds are byte-identical; the
  passphrase comes from the environment or a terminal, and without one (or
  with `--encrypt` for the public edition) the build is a usage error that
  writes nothing; `serve` previews the plain edition;
- in chromium, from file:// and from an HTTP sub-path: a wrong passphrase
  says so and reveals nothing, the right one shows a mentors-only canary on
  a deep page, the next page opens without asking (the tab keeps the page
  key, not the passphrase) while another tab asks again, with the keyboard
  alone, no console error and no axe violation on the lock screen.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import io
import re
import threading
import unicodedata
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from browser import axe_script, browser_or_skip, launch, vnu_jar
from build_helpers import run_build, snapshot
from pagechecks import AXE_COLOUR_RULES, axe_violations, vnu_errors
from support import MINIMAL_SITE, REPO_ROOT, TODAY, write_files
from test_browser_pages import Watcher, _QuietHandler
from test_leaks import Canaries, canary_site, leaks, missing

PASSPHRASE = "lantern orbit thistle gravel mosaic"
ENV = {"ROADMAPGEN_PASSPHRASE": PASSPHRASE}
SHARING = REPO_ROOT / "docs" / "sharing.md"

# The scheme, as docs/sharing.md states it (test_the_docs_state_these_parameters).
ITERATIONS = 600_000
SALT_LABEL = "roadmapgen/1 salt"
INFO = {"page": "roadmapgen/1 page key", "nonce": "roadmapgen/1 nonce key", "name": "roadmapgen/1 name key"}
SEALED = re.compile(rb'<script type="application/octet-stream" id="unlock_sealed" data-salt="([A-Za-z0-9+/=]+)" '
                    rb'data-iterations="(\d+)">([A-Za-z0-9+/=]+)</script>')


# -- the documented scheme, independently of roadmapgen ------------------------

def documented_salt(title: str, owner: str, base_url: str, audience: str) -> bytes:
    parts = [SALT_LABEL, title, owner, base_url, audience]
    return hashlib.sha256(b"\x00".join(p.encode("utf-8") for p in parts)).digest()[:16]


@functools.cache
def documented_keys(passphrase: str, salt: bytes) -> dict[str, bytes]:
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    master = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=ITERATIONS).derive(secret)
    return {use: HKDF(algorithm=hashes.SHA256(), length=32, salt=b"", info=info.encode()).derive(master)
            for use, info in INFO.items()}


def open_page(name: str, data: bytes, passphrase: str = PASSPHRASE) -> bytes:
    """The page inside the lock screen `name`, decrypted and its nonce checked."""
    found = SEALED.search(data)
    assert found, f"{name} holds no sealed page"
    salt, iterations, blob = base64.b64decode(found[1]), int(found[2]), base64.b64decode(found[3])
    assert iterations == ITERATIONS
    keys = documented_keys(passphrase, salt)
    nonce, sealed = blob[:12], blob[12:]
    page = AESGCM(keys["page"]).decrypt(nonce, sealed, None)
    file_name = name.encode()
    message = len(file_name).to_bytes(4, "big") + file_name + page
    expected = hmac.new(keys["nonce"], message, hashlib.sha256).digest()
    assert nonce == expected[:12], f"{name}: the nonce is not the documented one"
    return page


def documented_name(plain_path: str, passphrase: str, salt: bytes) -> str:
    digest = hmac.new(documented_keys(passphrase, salt)["name"], plain_path.encode(), hashlib.sha256).hexdigest()
    return digest[:20] + ".html"


def read_edition(out: Path) -> dict[str, bytes]:
    """Every file of an edition and, as empty entries, every folder."""
    return {p.relative_to(out).as_posix() + ("/" if p.is_dir() else ""): b"" if p.is_dir() else p.read_bytes()
            for p in sorted(out.rglob("*"))}


def build(root: Path, out: Path, *flags: str, env: dict[str, str] | None = ENV):
    return run_build(root, "--out", out, "--today", TODAY, *flags, env=env)


# -- what the files hold -------------------------------------------------------

@pytest.fixture(scope="module")
def canary_edition(tmp_path_factory):
    """(the written edition, the canaries' levels): test_leaks' site with a
    canary in every field that can be hidden, built encrypted for mentors."""
    c = Canaries()
    blocks = {"target": "mentors", "vision": "private", "values": "mentors", "finances": "private",
              "cadence": "mentors"}
    root = canary_site(tmp_path_factory.mktemp("canaries"), c, blocks)
    out = root / "mentors"
    result = build(root, out, "--audience", "mentors", "--encrypt")
    assert result.code == 0, result.err
    return out, c.levels


def test_no_file_of_the_edition_holds_anything_above_public(canary_edition):
    out, levels = canary_edition
    files = read_edition(out)
    assert leaks(files, "public", levels) == []  # contents and names, as written and decoded
    assert not {"roadmap.json", "roadmap.schema.json", "roadmap.ics", "feed.xml"} & set(files)
    names = [n for n in files if n.endswith(".html")]
    assert "index.html" in names and "404.html" in names
    assert all(re.fullmatch(r"[0-9a-f]{20}\.html", n) for n in names if n not in ("index.html", "404.html")), names
    assert sorted(n for n in files if not n.endswith(".html")) == [
        ".roadmapgen-site", "assets/", "assets/apple-touch-icon.png", "assets/icon.svg", *[n for n in files if n.startswith("assets/style.")],
        "robots.txt"]
    assert files["robots.txt"] == b"User-agent: *\nDisallow: /\n"


def test_the_documented_scheme_decrypts_every_page(canary_edition):
    """Decrypted with docs/sharing.md's steps, the pages hold every mentors'
    canary and no private one (so the scan above could have failed), and link
    to each other by the documented names."""
    out, levels = canary_edition
    files = read_edition(out)
    pages = {name: open_page(name, data) for name, data in files.items() if name.endswith(".html")}
    assert leaks(pages, "mentors", levels) == []
    salt = base64.b64decode(SEALED.search(files["index.html"])[1])
    # A free page's file name is a page name in the plain edition, and here only an opaque one.
    for canary in missing(pages, "mentors", levels):
        assert canary.startswith("canary-pagefile-"), canary
        assert documented_name(f"pages/notes/CANARY{canary[6:]}.html", PASSPHRASE, salt) in pages
    assert salt == documented_salt("Canary roadmap", "Canary Owner", "https://example.com/roadmap/", "mentors")
    gaps = documented_name("gaps.html", PASSPHRASE, salt)
    assert gaps in files and f'href="{gaps}"'.encode() in pages["index.html"]
    assert b'href="gaps.html' not in pages["index.html"]
    assert b"roadmap.json" not in pages["index.html"] and b"roadmap.ics" not in pages["index.html"]


def test_the_lock_screen_is_valid_html(canary_edition):
    out, _ = canary_edition
    lock_screens = [out / "index.html", next(out.glob("[0-9a-f]*.html"))]
    assert vnu_errors(vnu_jar(), lock_screens, out) == []


def test_a_wrong_passphrase_opens_nothing(canary_edition):
    out, _ = canary_edition
    with pytest.raises(InvalidTag):
        open_page("index.html", (out / "index.html").read_bytes(), "lantern orbit thistle gravel mosaik")


def test_the_docs_state_these_parameters():
    text = " ".join(SHARING.read_text("utf-8").split())
    for fact in ("600,000 iterations", "PBKDF2-HMAC-SHA-256", "HKDF-SHA-256 (empty salt)", "AES-256-GCM",
                 f"`{SALT_LABEL}`", *(f"`{info}`" for info in INFO.values()), "first 16 bytes of SHA-256",
                 "first 20 hexadecimal digits", "first 12 bytes of HMAC-SHA-256", "4 bytes big-endian",
                 "Unicode NFC", "no associated data", 'id="unlock_sealed"', "`roadmapgen-key:`"):
        assert fact in text, fact


def test_two_builds_are_byte_identical_and_a_new_passphrase_changes_every_page(minimal_site, tmp_path):
    root = minimal_site()
    first, second, rotated = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, env in ((first, ENV), (second, ENV), (rotated, {"ROADMAPGEN_PASSPHRASE": PASSPHRASE + " two"})):
        assert build(root, out, "--audience", "mentors", "--encrypt", env=env).code == 0
    assert snapshot(first) == snapshot(second)
    old, new = read_edition(first), read_edition(rotated)
    pages = [n for n in old if n.endswith(".html")]
    assert all(old[n] != new.get(n) for n in pages)
    assert sorted(set(old) - set(new)) == sorted(n for n in pages if n not in ("index.html", "404.html"))


# -- the passphrase and the settings --------------------------------------------

@pytest.fixture
def no_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO())


@pytest.mark.parametrize("flags, toml, env, says", [
    (["--audience", "mentors", "--encrypt"], None, None, "set ROADMAPGEN_PASSPHRASE"),
    (["--audience", "mentors"], 'encrypt = true\n', None, "set ROADMAPGEN_PASSPHRASE"),
    ([], 'audience = "mentors"\nencrypt = true\n', None, "set ROADMAPGEN_PASSPHRASE"),
    (["--audience", "mentors", "--encrypt"], None, "", "ROADMAPGEN_PASSPHRASE is empty"),
    (["--audience", "mentors", "--encrypt"], None, " padded ", "starts or ends with a space"),
    (["--audience", "mentors", "--encrypt"], None, "caf\udce9 latin-1", "is not UTF-8"),
    (["--audience", "public", "--encrypt"], None, PASSPHRASE, "public edition has nothing to hide"),
    (["--encrypt"], None, PASSPHRASE, "public edition has nothing to hide"),
], ids=["no-passphrase", "toml", "toml-audience", "empty", "padded", "not-utf8", "public", "public-by-default"])
def test_a_build_that_cannot_encrypt_is_a_usage_error(minimal_site, tmp_path, no_terminal, flags, toml, env, says):
    root = minimal_site({"roadmap.toml": toml} if toml else {})
    out = tmp_path / "out"
    result = build(root, out, *flags, env=None if env is None else {"ROADMAPGEN_PASSPHRASE": env})
    assert result.code == 2, result
    assert says in result.err and result.err.startswith("roadmapgen: error:")
    assert "Traceback" not in result.err and not out.exists()


@pytest.mark.parametrize("toml, flags, encrypted", [
    ('audience = "mentors"\nencrypt = true\n', [], True),
    ('audience = "mentors"\nencrypt = true\n', ["--no-encrypt"], False),
    ('encrypt = true\n', [], False),  # the public edition beside it stays plain
    ('encrypt = true\n', ["--audience", "private"], True),
])
def test_encrypt_in_roadmap_toml(minimal_site, tmp_path, toml, flags, encrypted):
    root = minimal_site({"roadmap.toml": toml})
    result = build(root, tmp_path / "out", *flags)
    assert result.code == 0, result.err
    index = (tmp_path / "out" / "index.html").read_bytes()
    assert bool(SEALED.search(index)) == encrypted
    assert (b"First step" in index) == (not encrypted)
    assert ("leaves out roadmap.json" in result.err) == encrypted
    assert (tmp_path / "out" / "roadmap.json").exists() == (not encrypted)


def test_serve_previews_the_plain_edition(minimal_site, monkeypatch):
    """`serve --audience mentors` never encrypts, even with encrypt = true."""
    from roadmapgen.commands.serve import Builder
    from roadmapgen.commands.server import SiteState

    monkeypatch.delenv("ROADMAPGEN_PASSPHRASE", raising=False)
    root = minimal_site({"roadmap.toml": 'encrypt = true\n'})
    state, reports = SiteState(), []
    assert Builder(root, lambda: dt.date.fromisoformat(TODAY), state, reports.append, audience="mentors").build()
    assert b"First step" in state.current.files["30-days.html"] and "roadmap.json" in state.current.files


def test_a_short_passphrase_gets_advice(minimal_site, tmp_path):
    result = build(minimal_site(), tmp_path / "out", "--audience", "mentors", "--encrypt",
                   env={"ROADMAPGEN_PASSPHRASE": "hunter2"})
    assert result.code == 0 and "only 7 characters" in result.err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_is_asked_twice():
    from roadmapgen.commands.passphrase import PassphraseError, read_passphrase

    answers = iter(["a new passphrase", "a new passphrase"])
    assert read_passphrase({}, Terminal(), lambda prompt: next(answers)) == "a new passphrase"
    answers = iter(["a new passphrase", "a new pasphrase"])
    with pytest.raises(PassphraseError, match="differ"):
        read_passphrase({}, Terminal(), lambda prompt: next(answers))
    with pytest.raises(PassphraseError, match="the passphrase is empty"):
        read_passphrase({}, Terminal(), lambda prompt: "")
    assert read_passphrase({"ROADMAPGEN_PASSPHRASE": "from env"}, Terminal(), None) == "from env"


def test_build_help_names_the_option(run_main):
    result = run_main(["build", "--help"])
    text = " ".join(result.stdout.split())
    assert result.code == 0 and "--encrypt, --no-encrypt" in text and "$ROADMAPGEN_PASSPHRASE" in text


# -- in the browser ---------------------------------------------------------------

DEEP_CANARY = "CANARY-deep-mentors-1"
PRIVATE_CANARY = "CANARY-deep-private-1"
DEEP_PAGE = "content/notes/for/mentors/candid-notes.md"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(the edition's folder, its URL under /sub/ on a local HTTP server)."""
    root = write_files(tmp_path_factory.mktemp("deep"), {
        **MINIMAL_SITE,
        DEEP_PAGE: (f"---\nkind: page\ntitle: Candid notes\nvisibility: mentors\n---\n\n"
                    f"{DEEP_CANARY}: I may leave if the promotion stalls.\n\n"
                    + "A paragraph.\n\n" * 80 + "## Later\n\n" + "The end.\n\n" * 40),
        "content/notes/mine.md": f"---\nkind: page\ntitle: Mine\nvisibility: private\n---\n\n{PRIVATE_CANARY}\n",
    })
    www = tmp_path_factory.mktemp("www")
    out = www / "sub"
    assert build(root, out, "--audience", "mentors", "--encrypt").code == 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(www)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield out, f"http://localhost:{httpd.server_address[1]}/sub/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def chromium():
    sync_playwright = browser_or_skip()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


def wait_until_unlocked(page) -> None:
    """The page is written in place of the lock screen and has loaded what it links."""
    page.get_by_role("navigation").wait_for()
    page.wait_for_function("document.readyState === 'complete'")


def unlock_with_keyboard(page, passphrase: str) -> None:
    """Type into the focused field and press Enter, as a keyboard user does."""
    assert page.evaluate("document.activeElement.id") == "unlock_passphrase"
    page.keyboard.type(passphrase)
    page.keyboard.press("Enter")


@pytest.mark.parametrize("where", ["file", "http"])
def test_a_mentor_unlocks_the_edition(chromium, served, where):
    out, base = served
    if where == "file":
        base = out.as_uri() + "/"
    context = chromium.new_context()
    context.set_default_timeout(10_000)
    axe = axe_script() if where == "http" else None  # axe reads stylesheets, which file:// forbids
    if axe:
        # The lock screen's Content-Security-Policy lets only its own script
        # run inline; Playwright's init scripts are not subject to it.
        context.add_init_script(path=str(axe))
    page = context.new_page()
    watcher = Watcher(page)
    watcher.allowed, watcher.label = base, where
    try:
        page.goto(base + "index.html")
        assert page.title() == "Test roadmap" and page.inner_text("h1") == "Test roadmap"

        unlock_with_keyboard(page, "not the passphrase")
        message = page.locator("#unlock_message")
        message.filter(has_text="does not unlock").wait_for()
        assert page.get_attribute("#unlock_passphrase", "aria-invalid") == "true"
        assert "Candid notes" not in page.content() and page.locator("#unlock_form").is_visible()
        if axe:
            page.emulate_media(color_scheme="dark")
            violations = axe_violations(page, axe, "lock screen, dark")
            page.emulate_media(color_scheme="light")
            violations += axe_violations(page, axe, "lock screen, light", rules=AXE_COLOUR_RULES)
            assert violations == []

        # The wrong passphrase is selected, so typing replaces it.
        unlock_with_keyboard(page, PASSPHRASE)
        wait_until_unlocked(page)
        assert not page.locator("#unlock_form").count()
        assert page.evaluate("getComputedStyle(document.querySelector('.masthead')).borderBottomStyle") == "solid"
        # The tab keeps the documented page key, not the passphrase.
        salt = base64.b64decode(SEALED.search((out / "index.html").read_bytes())[1])
        assert page.evaluate("Object.entries(sessionStorage)") == [
            [f"roadmapgen-key:{base64.b64encode(salt).decode()}",
             base64.b64encode(documented_keys(PASSPHRASE, salt)["page"]).decode()]]

        # The next page, two folders deep in the plain edition, opens without asking.
        page.get_by_role("link", name="Candid notes").click()
        page.get_by_text(DEEP_CANARY).wait_for()
        wait_until_unlocked(page)
        assert re.search(r"/[0-9a-f]{20}\.html$", page.url) and page.title() == "Candid notes · Test roadmap"
        assert not page.locator("#unlock_form").count() and PRIVATE_CANARY not in page.content()
        assert page.evaluate("getComputedStyle(document.querySelector('.masthead')).borderBottomStyle") == "solid"
        # A link to a part of a page lands on that part once it is unlocked.
        deep = page.url
        page.goto(base + "index.html")
        wait_until_unlocked(page)
        page.goto(deep + "#s-later")
        wait_until_unlocked(page)
        assert page.evaluate("Math.abs(document.getElementById('s-later').getBoundingClientRect().top)") < 50

        # Another tab is another session: it asks.
        other = context.new_page()
        other.goto(deep)
        other.wait_for_timeout(300)
        assert other.locator("#unlock_form").is_visible() and DEEP_CANARY not in other.content()
    finally:
        context.close()
    assert watcher.findings == []
