# PYTHON_ARGCOMPLETE_OK  (argcomplete's marker: this module's parser completes in a shell)
"""The command line: parse arguments, call the library, report, pick the exit
status."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from roadmapgen import __version__
from roadmapgen.commands.init import TEMPLATES
from roadmapgen.commands.passphrase import PASSPHRASE_ENV
from roadmapgen.commands.site_folder import missing_content
from roadmapgen.diagnostics import ERROR, Diagnostic, count, json_safe, visible
from roadmapgen.model import KINDS, REVIEW_TYPES, VISIBILITIES
from roadmapgen.read.setting_checks import BadSetting, valid_base_url, valid_theme

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class NotARoadmap(Exception):
    """PATH holds no content/: `finding` says so and what to do instead."""

    def __init__(self, finding: Diagnostic):
        super().__init__(finding.message)
        self.finding = finding


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


def resolve_today(flag: dt.date | None) -> dt.date:
    if flag is not None:
        return flag
    env = os.environ.get("ROADMAPGEN_TODAY", "").strip()
    if env:
        try:
            return dt.date.fromisoformat(env)
        except ValueError:
            raise UsageError(f"ROADMAPGEN_TODAY='{env}' is not a date YYYY-MM-DD") from None
    return dt.date.today()


def _site_root(text: str) -> Path:
    root = Path(text)
    if not root.is_dir():
        raise UsageError(f"'{text}' is not a folder; give the folder that holds content/")
    return root


def _roadmap_root(text: str, command: str) -> Path:
    """The site root PATH names, which must hold content/ (see site_folder)."""
    root = _site_root(text)
    finding = missing_content(root, text, command)
    if finding:
        raise NotARoadmap(finding)
    return root


# -- output -------------------------------------------------------------------

def _use_colour(stream) -> bool:
    """Colour on a terminal. As CPython and pytest decide: a non-empty
    NO_COLOR turns it off (no-color.org: an empty one does not count), else a
    non-empty FORCE_COLOR turns it on even in a pipe or file, else it is on
    when the stream is a terminal whose TERM is not "dumb"."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def _say(text: object, stream=None) -> None:
    """Print one message that may hold content or a path: what a terminal
    would act on (escape sequences, bidi controls) is shown escaped."""
    print(visible(str(text)), file=stream or sys.stdout)


def format_text(diagnostics, colour: bool) -> str:
    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if colour else text

    lines = []
    for d in diagnostics:
        where = visible(d.path) + "".join(f":{n}" for n in (d.line, d.column) if n is not None)
        severity = paint(d.severity, "1;31" if d.severity == ERROR else "1;33")
        lines.append(f"{paint(where, '1')}: {severity}[{visible(d.code)}]: {visible(d.message)}")
        if d.hint:
            lines.append(f"  {paint('hint', '36')}: {visible(d.hint)}")
    errors, warnings = count(diagnostics)
    if errors or warnings:
        lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    else:
        lines.append("no findings")
    return "\n".join(lines)


def _warn(diagnostics) -> None:
    """Findings beside a command's own output: on stderr."""
    if diagnostics:
        print(format_text(diagnostics, _use_colour(sys.stderr)), file=sys.stderr)


def format_json(diagnostics) -> str:
    errors, warnings = count(diagnostics)
    return json_safe(json.dumps({"findings": [d.as_json() for d in diagnostics], "errors": errors,
                                 "warnings": warnings}, indent=2, ensure_ascii=False))


# -- commands -----------------------------------------------------------------
# Each command imports its own library, and only it: `check` runs in a
# pre-commit hook on every commit and need not load Jinja, the HTTP server or
# watchfiles (about 100 ms of a 300 ms check, measured).

def cmd_check(args) -> int:
    root, today = _site_root(args.path), resolve_today(args.today)
    outside = missing_content(root, args.path, "check")
    if outside:  # reported as check's one finding, in the format asked for
        diagnostics = (outside,)
    else:
        from roadmapgen.analyse.project import load_project

        diagnostics = load_project(root, today).diagnostics
    if args.format == "json":
        print(format_json(diagnostics))
    else:
        print(format_text(diagnostics, _use_colour(sys.stdout)))
    errors, warnings = count(diagnostics)
    return EXIT_FINDINGS if errors or (args.strict and warnings) else EXIT_OK


def cmd_schema(args) -> int:
    from roadmapgen.commands.schema import front_matter_schema

    print(json.dumps(front_matter_schema(args.kind), indent=2, ensure_ascii=False))
    return EXIT_OK


def _passphrase() -> str:
    """Asked for by `build` only when it encrypts."""
    from roadmapgen.commands.passphrase import PassphraseError, passphrase_advice, read_passphrase

    try:
        passphrase = read_passphrase()
    except PassphraseError as exc:
        raise UsageError(str(exc)) from None
    advice = passphrase_advice(passphrase)
    if advice:
        _say(f"note: {advice}", sys.stderr)
    return passphrase


def cmd_build(args) -> int:
    from roadmapgen.commands.build import BuildError, build_site

    try:
        result = build_site(_roadmap_root(args.path, "build"), resolve_today(args.today), out=args.out,
                            theme=args.theme, audience=args.audience, base_url=args.base_url, strict=args.strict,
                            encrypt=args.encrypt, passphrase=_passphrase)
    except BuildError as exc:
        _warn(exc.diagnostics)
        if exc.usage:
            raise UsageError(str(exc)) from None
        _say(f"error: {exc}", sys.stderr)
        return EXIT_FINDINGS
    _warn(result.diagnostics)
    for note in result.notes:
        _say(f"note: {note}", sys.stderr)
    _say(f"built {result.pages} pages for the {result.audience} audience into {result.output}")
    return EXIT_OK


def cmd_init(args) -> int:
    from roadmapgen.commands.init import InitError, init_site

    root = Path(args.path)
    try:
        result = init_site(root, args.template, resolve_today(args.today), force=args.force)
    except InitError as exc:
        raise UsageError(str(exc)) from None
    for rel in result.skipped:
        _say(f"skipped {rel}: it already exists", sys.stderr)
    _say(f"wrote the {result.template} starter into {root}: {len(result.written)} files"
         + (f", {len(result.skipped)} skipped" if result.skipped else ""))
    _say(f"next: roadmapgen serve {args.path}   (live preview while you edit)")
    return EXIT_OK


def cmd_new_review(args) -> int:
    from roadmapgen.commands.new_review import NewReviewError, plan_review, write_review

    try:
        root = _roadmap_root(args.path, "new review")
        review = plan_review(root, resolve_today(args.today), args.type, args.date)
        write_review(review)
    except NewReviewError as exc:
        _say(f"roadmapgen: error: {exc}", sys.stderr)
        return EXIT_FINDINGS
    _say(f"wrote {review.relpath}")
    return EXIT_OK


def cmd_roll(args) -> int:
    from roadmapgen.commands.roll import RollError, plan_roll, roll_diff, write_roll

    root = _roadmap_root(args.path, "roll")
    date = args.date or resolve_today(args.today)
    try:
        roll = plan_roll(root, date)
        if not args.dry_run:
            write_roll(roll)
    except RollError as exc:
        if exc.diagnostics:
            print(format_text(exc.diagnostics, _use_colour(sys.stderr)), file=sys.stderr)
        _say(f"roadmapgen: error: {exc}", sys.stderr)
        return EXIT_FINDINGS
    # A dry run's diff alone goes to stdout, so it can be saved as a patch.
    report = sys.stderr if args.dry_run else sys.stdout
    if args.dry_run and roll.changed:
        print(visible_diff(roll_diff(roll)))
    verb = "would roll" if args.dry_run else "rolled"
    if not roll.changed:
        _say(f"nothing to roll: the plan already starts on {date}, nothing is done or dropped, "
             "and a review of that date exists", report)
    else:
        _say(f"{verb} the plan forward to {date}:", report)
        for path, what in roll.changes:
            _say(f"  {path}: {what}", report)
    if roll.late:
        _say(f"{len(roll.late)} open item{'s are' if len(roll.late) != 1 else ' is'} now due outside "
             "the horizon's new window:", report)
        for late in roll.late:
            item, where = late.item, late.item.id_pos
            side = "before the window starts" if item.due < late.start else "after the window ends"
            _say(f"  {where.path}:{where.line}:{where.column}: '{item.id}' ({item.horizon}) "
                 f"is due {item.due}, {side} ({late.start} to {late.end})", report)
        _say("  hint: give each a new due date, or move it to the horizon it now belongs to", report)
    if args.dry_run:
        _say("dry run: nothing was written", report)
    return EXIT_OK


def visible_diff(diff: str) -> str:
    """A diff safe to print: each line shown as _say would, line breaks kept."""
    return "\n".join(visible(line) for line in diff.split("\n"))


def cmd_serve(args) -> int:
    from roadmapgen.commands.serve import ServeError, serve

    root = _roadmap_root(args.path, "serve")  # not a roadmap: said before anything starts
    resolve_today(args.today)  # a bad ROADMAPGEN_TODAY is a usage error before anything starts
    try:
        return serve(root, args.host, args.port, lambda: resolve_today(args.today),
                     audience=args.audience, open_browser=args.open, theme=args.theme, base_url=args.base_url)
    except ServeError as exc:
        raise UsageError(str(exc)) from None


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
        _say(f"roadmapgen: error: {exc}", sys.stderr)
        return EXIT_USAGE
    except NotARoadmap as exc:
        _warn((exc.finding,))
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a crash is a bug, but the user still gets a sentence, not a traceback
        _say(f"roadmapgen: internal error: {type(exc).__name__}: {exc}", sys.stderr)
        print("This is a bug in roadmapgen; please report it with the file that caused it.", file=sys.stderr)
        if os.environ.get("ROADMAPGEN_DEBUG"):
            raise
        return 3
