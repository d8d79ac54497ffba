"""The passphrase of an encrypted edition: from the environment, or asked on
a terminal. Never from a flag (it would stay in the shell's history and in
`ps`) nor from a file (it would end up committed beside the roadmap)."""

from __future__ import annotations

import getpass
import os
import sys

PASSPHRASE_ENV = "ROADMAPGEN_PASSPHRASE"
SHORT = 16  # characters: below this, a passphrase gets advice (four random words are about 25)


class PassphraseError(Exception):
    pass


def read_passphrase(environ=os.environ, stdin=sys.stdin, ask=getpass.getpass) -> str:
    """The passphrase, checked; PassphraseError says why there is none."""
    given = environ.get(PASSPHRASE_ENV)
    if given is None:
        if not stdin.isatty():
            raise PassphraseError(f"an encrypted edition needs a passphrase: set {PASSPHRASE_ENV}, or run the "
                                  "build in a terminal to be asked for one")
        given = ask("Passphrase for the encrypted edition: ")
        if given and ask("The same passphrase again: ") != given:
            raise PassphraseError("the two passphrases differ; nothing was written")
        where = "the passphrase"
    else:
        where = PASSPHRASE_ENV
    if not given:
        raise PassphraseError(f"{where} is empty; an encrypted edition needs a passphrase "
                              "(a GitHub secret that is not set reads as empty)")
    try:
        given.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8, decoded by Python as lone surrogates
        raise PassphraseError(f"{where} is not UTF-8 text, which a browser could not type") from None
    if given != given.strip():
        raise PassphraseError(f"{where} starts or ends with a space or a line break, which mentors would "
                              "have to type too; remove it")
    return given


def passphrase_advice(passphrase: str) -> str | None:
    """A note for a passphrase that is quick to guess offline, or None."""
    if len(passphrase) >= SHORT:
        return None
    return (f"the passphrase has only {len(passphrase)} characters: anyone with the files can try guesses "
            "offline, as fast as their computers allow; four or more random words are far safer")
