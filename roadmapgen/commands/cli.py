# PYTHON_ARGCOMPLETE_OK  (argcomplete's marker: this module's parser completes in a shell)
"""The command line: its commands and flags, and `main`, which parses the
arguments, runs the command (commands.handlers) and picks the exit status."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys

from roadmapgen import __version__
from roadmapgen.commands.handlers import (
    EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, NotARoadmap, UsageError, cmd_build, cmd_check, cmd_init,
    cmd_new_review, cmd_roll, cmd_schema, cmd_serve,
)
from roadmapgen.commands.init import TEMPLATES
from roadmapgen.commands.passphrase import PASSPHRASE_ENV
from roadmapgen.commands.terminal import say, say_error, warn
from roadmapgen.diagnostics import visible
from roadmapgen.model import KINDS, REVIEW_TYPES, VISIBILITIES
from roadmapgen.read.setting_checks import BadSetting, valid_base_url, valid_theme


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date YYYY-MM-DD") from None


def _setting(check):
    """An argparse type that validates a flag as the same setting in roadmap.toml is."""

    def parse(text: str) -> str:
        try:
            return check(text)
        except BadSetting as exc:
            raise argparse.ArgumentTypeError(f"{exc}; {exc.hint}") from None

    return parse


def _folder(text: str) -> str:
    if not text or "\x00" in text:
        raise argparse.ArgumentTypeError("give a folder name (without NUL characters)")
    return text


def _port(text: str) -> int:
    try:
        port = int(text.strip())
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: give a number from 0 to 65535 (0 picks a free one)")
    return port


class Parser(argparse.ArgumentParser):
    def error(self, message):
        # argparse quotes what was typed; a terminal must not act on it.
        super().error(visible(message))


def _add_site_settings(command: argparse.ArgumentParser, what: str) -> None:
    """The settings of roadmap.toml that `build` and `serve` take as flags, alike in both."""
    command.add_argument("-t", "--theme", type=_setting(valid_theme), metavar="NAME",
                         help="a built-in theme or a folder under ./themes "
                              "(default: from roadmap.toml, else 'default')")
    command.add_argument("-a", "--audience", choices=VISIBILITIES, metavar="AUDIENCE",
                         help=f"who {what} is for: {', '.join(VISIBILITIES)} "
                              "(default: from roadmap.toml, else public)")
    command.add_argument("-b", "--base-url", type=_setting(valid_base_url), metavar="URL",
                         help="the absolute URL the site will live at, for what must link to it in full "
                              "(default: from roadmap.toml)")


def build_parser() -> argparse.ArgumentParser:
    # Arguments several commands share, given to each through `parents`.
    versioned = argparse.ArgumentParser(add_help=False)
    versioned.add_argument("--version", action="version", version=f"roadmapgen {__version__}")
    site = argparse.ArgumentParser(add_help=False)
    site.add_argument("path", nargs="?", default=".", metavar="PATH",
                      help="the site root, which holds content/ (default: .)")

    parser = Parser(
        prog="roadmapgen", parents=[versioned],
        description="Check a career roadmap written as Markdown files and build it into a static site.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str, description: str, *parents, under=commands) -> argparse.ArgumentParser:
        return under.add_parser(name, help=help_text, description=description, parents=parents)

    check = add("check", "validate the roadmap and report every problem",
                "Read content/, link the horizons and report every problem with file, line and a hint. "
                "Exit status: 0 clean or warnings only, 1 errors (or warnings with --strict), 2 usage error.",
                versioned, site)
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="how to print findings (default: text)")
    check.add_argument("-s", "--strict", action="store_true", help="fail on warnings too (exit status 1)")
    check.set_defaults(run=cmd_check)

    build = add("build", "render the roadmap into a static site",
                "Check the roadmap and render it into a static site. With errors, or with --strict and "
                "warnings, nothing is written and the previous site stays as it was.", versioned, site)
    build.add_argument("-o", "--out", type=_folder, metavar="DIR",
                       help="the output folder (default: 'output' in roadmap.toml, else site)")
    _add_site_settings(build, "the site")
    build.add_argument("-s", "--strict", action="store_true",
                       help="fail on warnings too: after the full check and render, write nothing "
                            "(exit status 1)")
    build.add_argument("--encrypt", action=argparse.BooleanOptionalAction,
                       help="encrypt the mentors' (or private) edition: every page opens in the browser with a "
                            f"passphrase, read from ${PASSPHRASE_ENV} or asked on a terminal; roadmap.json, "
                            "roadmap.ics and feed.xml are left out (default: 'encrypt' in roadmap.toml, else "
                            "no; see docs/sharing.md)")
    build.set_defaults(run=cmd_build)

    schema = add("schema", "print the JSON Schema of the front matter",
                 "Print a JSON Schema of every kind's front matter, for editors and CI.", versioned)
    schema.add_argument("--kind", choices=KINDS, help="only this kind's schema")
    schema.set_defaults(run=cmd_schema)

    init = add("init", "start a roadmap from a template",
               "Write a starter roadmap for one of four situations (promotion, career-change, stall-recovery, "
               "exploration), or the whole 90-minute career worksheet blank with its questions as comments "
               "(worksheet), with dates relative to today, a roadmap.toml, a .gitignore, a pre-commit hook "
               "that runs check and a GitHub Pages workflow. "
               "Refuses a non-empty folder unless --force; never overwrites an existing file.",
               versioned)
    init.add_argument("path", nargs="?", default=".", metavar="DIR",
                      help="the folder to create the roadmap in (default: .)")
    init.add_argument("--template", choices=TEMPLATES, default=TEMPLATES[0],
                      help="the situation to start from, or 'worksheet' for every part of the worksheet, "
                           "blank (default: %(default)s)")
    init.add_argument("--force", action="store_true",
                      help="write into a non-empty folder; existing files are still never overwritten")
    init.set_defaults(run=cmd_init)

    preview = add("serve", "preview the roadmap with live reload while you edit",
                  "Build the roadmap in memory and serve it on localhost. Watches content/, themes/ and "
                  "roadmap.toml, rebuilds on every save and reloads open pages. A broken edit keeps the last "
                  "good site and shows the problems in an overlay on every page. Nothing is written to disk.",
                  versioned, site)
    preview.add_argument("-p", "--port", type=_port, default=8000, metavar="N",
                         help="the port to listen on, 0 to 65535; 0 picks a free one (default: 8000)")
    preview.add_argument("--host", default="127.0.0.1", metavar="HOST",
                         help="the address to bind: an IPv4 or IPv6 address or a name (default: 127.0.0.1). "
                              "A loopback address (127.x.x.x, ::1, localhost) keeps the roadmap on this "
                              "machine; anything else, such as 0.0.0.0 or ::, shows it to your network, "
                              "with a warning")
    _add_site_settings(preview, "the preview")
    preview.add_argument("--open", action="store_true", help="open the site in a web browser")
    preview.set_defaults(run=cmd_serve)

    new = add("new", "start a new file (a review)", "Start a new content file, pre-filled from the roadmap.",
              versioned)
    kinds = new.add_subparsers(dest="new_kind", metavar="KIND", required=True)
    review = add("review", "start the next review file",
                 "Write content/reviews/<date>-<type>.md starting with that type's questions and checklist, "
                 "with the open items in 'progress:' and the rating and metric names used before; as private "
                 "as what it quotes. Never replaces an existing file (exit status 1).",
                 site, under=kinds)
    review.add_argument("--type", choices=REVIEW_TYPES, default="monthly", help="the review type (default: monthly)")
    review.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="the review's date (default: today)")
    review.set_defaults(run=cmd_new_review)

    roll = add("roll", "move the plan forward to start on a new day",
               "Move the plan forward to start on --date (default: today): the root's as_of becomes that "
               "day, statuses that reviews set are written into the plan files, done and dropped items move to "
               "content/archive.md (their ids still resolve), and a monthly review of that day is started. "
               "Edits only the lines it must; refuses (exit status 1, nothing written) when check reports "
               "errors or the date is before as_of.", versioned, site)
    roll.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                      help="the day the plan starts on (default: today)")
    roll.add_argument("--dry-run", action="store_true",
                      help="print the changes as a unified diff and write nothing")
    roll.set_defaults(run=cmd_roll)
    for dated in (check, build, init, preview, review, roll):  # added last: help lists it after the rest
        what = "the day the starter's dates are relative to" if dated is init else "the date to check against"
        dated.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                           help=f"{what} (default: $ROADMAPGEN_TODAY, else the real date)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:
        # A shell asks for completions (argcomplete's protocol): it prints
        # them and exits. Imported only then, so no command pays for it.
        import argcomplete

        argcomplete.autocomplete(parser)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except UsageError as exc:
        say_error(exc)
        return EXIT_USAGE
    except NotARoadmap as exc:
        warn((exc.finding,))
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a crash is a bug, but the user still gets a sentence, not a traceback
        say(f"roadmapgen: internal error: {type(exc).__name__}: {exc}", sys.stderr)
        print("This is a bug in roadmapgen; please report it with the file that caused it.", file=sys.stderr)
        if os.environ.get("ROADMAPGEN_DEBUG"):
            raise
        return 3
