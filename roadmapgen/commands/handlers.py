"""What each command does once its arguments are parsed: call its library,
report, and return the exit status."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

from roadmapgen.commands.site_folder import missing_content
from roadmapgen.commands.terminal import (
    format_json, format_text, say, say_error, use_colour, visible_diff, warn,
)
from roadmapgen.diagnostics import Diagnostic, count

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command cannot run as asked (exit status 2); the message says why."""


class NotARoadmap(Exception):
    """PATH holds no content/: `finding` says so and what to do instead."""

    def __init__(self, finding: Diagnostic):
        super().__init__(finding.message)
        self.finding = finding


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
        print(format_text(diagnostics, use_colour(sys.stdout)))
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
        say(f"note: {advice}", sys.stderr)
    return passphrase


def cmd_build(args) -> int:
    from roadmapgen.commands.build import BuildError, build_site

    try:
        result = build_site(_roadmap_root(args.path, "build"), resolve_today(args.today), out=args.out,
                            theme=args.theme, audience=args.audience, base_url=args.base_url, strict=args.strict,
                            encrypt=args.encrypt, passphrase=_passphrase)
    except BuildError as exc:
        warn(exc.diagnostics)
        if exc.usage:
            raise UsageError(str(exc)) from None
        say(f"error: {exc}", sys.stderr)
        return EXIT_FINDINGS
    warn(result.diagnostics)
    for note in result.notes:
        say(f"note: {note}", sys.stderr)
    say(f"built {result.pages} pages for the {result.audience} audience into {result.output}")
    return EXIT_OK


def cmd_init(args) -> int:
    from roadmapgen.commands.init import InitError, init_site

    root = Path(args.path)
    try:
        result = init_site(root, args.template, resolve_today(args.today), force=args.force)
    except InitError as exc:
        raise UsageError(str(exc)) from None
    for rel in result.skipped:
        say(f"skipped {rel}: it already exists", sys.stderr)
    say(f"wrote the {result.template} starter into {root}: {len(result.written)} files"
        + (f", {len(result.skipped)} skipped" if result.skipped else ""))
    say(f"next: roadmapgen serve {args.path}   (live preview while you edit)")
    return EXIT_OK


def cmd_new_review(args) -> int:
    from roadmapgen.commands.new_review import NewReviewError, plan_review, write_review

    try:
        root = _roadmap_root(args.path, "new review")
        review = plan_review(root, resolve_today(args.today), args.type, args.date)
        write_review(review)
    except NewReviewError as exc:
        say_error(exc)
        return EXIT_FINDINGS
    say(f"wrote {review.relpath}")
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
        warn(exc.diagnostics)
        say_error(exc)
        return EXIT_FINDINGS
    # A dry run's diff alone goes to stdout, so it can be saved as a patch.
    report = sys.stderr if args.dry_run else sys.stdout
    if args.dry_run and roll.changed:
        print(visible_diff(roll_diff(roll)))
    verb = "would roll" if args.dry_run else "rolled"
    if not roll.changed:
        say(f"nothing to roll: the plan already starts on {date}, nothing is done or dropped, "
            "and a review of that date exists", report)
    else:
        say(f"{verb} the plan forward to {date}:", report)
        for path, what in roll.changes:
            say(f"  {path}: {what}", report)
    if roll.late:
        say(f"{len(roll.late)} open item{'s are' if len(roll.late) != 1 else ' is'} now due outside "
            "the horizon's new window:", report)
        for late in roll.late:
            item, where = late.item, late.item.id_pos
            side = "before the window starts" if item.due < late.start else "after the window ends"
            say(f"  {where.path}:{where.line}:{where.column}: '{item.id}' ({item.horizon}) "
                f"is due {item.due}, {side} ({late.start} to {late.end})", report)
        say("  hint: give each a new due date, or move it to the horizon it now belongs to", report)
    if args.dry_run:
        say("dry run: nothing was written", report)
    return EXIT_OK


def cmd_serve(args) -> int:
    from roadmapgen.commands.serve import ServeError, serve

    root = _roadmap_root(args.path, "serve")  # not a roadmap: said before anything starts
    resolve_today(args.today)  # a bad ROADMAPGEN_TODAY is a usage error before anything starts
    try:
        return serve(root, args.host, args.port, lambda: resolve_today(args.today),
                     audience=args.audience, open_browser=args.open, theme=args.theme, base_url=args.base_url)
    except ServeError as exc:
        raise UsageError(str(exc)) from None
