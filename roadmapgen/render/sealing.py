"""The encrypted edition's cryptography: keys from a passphrase, each page
sealed with AES-256-GCM, opaque page names. docs/sharing.md ("How the
mentors' edition is protected") describes this scheme byte for byte; a
test decrypts with it, and the browser (unlock.js) implements its other half.

- salt: SHA-256 of the edition's public identity (the roadmap's title and
  owner, the base URL, the audience), first 16 bytes. Nothing secret goes
  into it, so the salt may be printed in every page; it differs from site to
  site, so guesses cannot be precomputed for every roadmap at once.
- master key: PBKDF2-HMAC-SHA-256(passphrase in UTF-8 NFC, salt, 600,000).
- three keys from the master key with HKDF-SHA-256 (empty salt), one per
  use, so the browser only ever holds the one that decrypts.
- nonce: HMAC-SHA-256(nonce key, path and page)[:12]. Builds stay
  byte-identical, and two different pages never share a nonce (a nonce
  repeats only for the same page at the same path, which then encrypts to
  the same bytes and shows nothing new).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from markupsafe import Markup

ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA-256
SALT_LABEL = b"roadmapgen/1 salt"
PAGE_KEY_INFO = b"roadmapgen/1 page key"
NONCE_KEY_INFO = b"roadmapgen/1 nonce key"
NAME_KEY_INFO = b"roadmapgen/1 name key"
NONCE_BYTES = 12
NAME_HEX_DIGITS = 20  # 80 bits: no two pages of a site share a name
KEPT_NAMES = frozenset({"index.html", "404.html"})  # what a link and a host must find
UNLOCK_SCRIPT = Path(__file__).with_name("unlock.js")


def edition_salt(title: str, owner: str, base_url: str, audience: str) -> bytes:
    """The per-site salt, from what every copy of the edition shows anyway."""
    identity = b"\x00".join(part.encode("utf-8") for part in (title, owner, base_url, audience))
    return hashlib.sha256(SALT_LABEL + b"\x00" + identity).digest()[:16]


def _expand(master: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"", info=info).derive(master)


@dataclass(frozen=True, slots=True)
class Sealer:
    """The keys of one encrypted edition."""

    salt: bytes
    page_key: bytes = field(repr=False)
    nonce_key: bytes = field(repr=False)
    name_key: bytes = field(repr=False)

    @classmethod
    def from_passphrase(cls, passphrase: str, salt: bytes) -> "Sealer":
        secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
        master = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=ITERATIONS).derive(secret)
        return cls(salt, _expand(master, PAGE_KEY_INFO), _expand(master, NONCE_KEY_INFO),
                   _expand(master, NAME_KEY_INFO))

    def published_path(self, path: str) -> str:
        """Where a page of the plain edition is written in this one: its
        name (from ids and file names, which may be private) becomes an
        opaque one, except the front page and the 404 page."""
        if not path.endswith(".html") or path in KEPT_NAMES:
            return path
        digest = hmac.new(self.name_key, path.encode("utf-8"), hashlib.sha256).hexdigest()
        return digest[:NAME_HEX_DIGITS] + ".html"

    def seal(self, path: str, page: bytes) -> bytes:
        """nonce || AES-256-GCM(page) with its 16-byte tag, for the file at `path`."""
        name = path.encode("utf-8")
        message = len(name).to_bytes(4, "big") + name + page
        nonce = hmac.new(self.nonce_key, message, hashlib.sha256).digest()[:NONCE_BYTES]
        return nonce + AESGCM(self.page_key).encrypt(nonce, page, None)

    def lock(self, path: str, page: bytes) -> dict[str, str]:
        """What the lock screen at `path` needs (`unlock` in unlock.html): the
        sealed page and the script that opens it, as HTML, and the
        Content-Security-Policy that lets only that script run."""
        sealed = Markup('<script type="application/octet-stream" id="unlock_sealed" data-salt="%s" '
                        'data-iterations="%d">%s</script>') % (_b64(self.salt), ITERATIONS,
                                                               _b64(self.seal(path, page)))
        script, policy = _unlock_script()
        return {"sealed": sealed, "script": script, "policy": policy}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@cache
def _unlock_script() -> tuple[Markup, str]:
    """The only JavaScript the site has, as an element, and the policy that
    allows exactly it (by its SHA-256), and no other script, plugin, <base>
    or form submission: only the script handles the form. The policy stays
    with the page the script writes in place of the lock screen."""
    script = UNLOCK_SCRIPT.read_text("utf-8")
    digest = _b64(hashlib.sha256(script.encode("utf-8")).digest())
    policy = f"script-src 'sha256-{digest}'; object-src 'none'; base-uri 'none'; form-action 'none'"
    return Markup(f"<script>{script}</script>"), policy
