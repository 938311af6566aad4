"""Command line: parses arguments and delegates; no pipeline logic lives here.

The parser is built from the ``Option`` records of ``storydiff.settings`` (``COMMANDS``
below says which command takes which); each command's job is a function of its own module:
``comparison`` (compare, serve) and ``corpus`` (ingest, stories, outlets, migrate, story,
export), with what they share in ``common``.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from typing import Any

from storydiff import __version__
from storydiff.cli.common import GROUPS, PROG, Command, Inputs, say
from storydiff.cli.comparison import run_compare, run_serve
from storydiff.cli.corpus import (
    run_export,
    run_ingest,
    run_migrate,
    run_outlets,
    run_stories,
    run_story,
)
from storydiff.errors import StorydiffError
from storydiff.settings import (
    ALLOW_PRIVATE_URLS,
    BLINDSPOT_OPTIONS,
    CHUNK,
    COMPARE_MAX_ARTICLES,
    DETAIL,
    ENGINE,
    EXPORT_FORMAT,
    EXPORT_LIMIT,
    EXPORT_OUTPUT,
    FETCH_TIMEOUT,
    HOST,
    HOST_DELAY,
    JSON_LINES,
    MIGRATE_BATCH,
    MIN_SIZE,
    OPTIONS,
    OUTLET,
    PORT,
    QUEUE,
    QUIET,
    RAY_ADDRESS,
    RAY_OPTIONS,
    RAY_WORKERS,
    RETRIES,
    SEARCH,
    SERVE_DB,
    STORIES_LIMIT,
    STORY_MAX_ARTICLES,
    TITLE,
    WEB_MAX_ARTICLES,
    WEB_MAX_BYTES,
    WHERE,
    WORKERS,
    Option,
)


def _add_option(parser: argparse.ArgumentParser, option: Option[Any]) -> None:
    """Declare ``option`` on ``parser``; the parsed value lands under ``option.name``."""
    if option.is_switch:
        action = "store_false" if option.default else "store_true"
        parser.add_argument(*option.flags, dest=option.name, action=action, help=option.help)
        return
    if option.repeat:
        parser.add_argument(
            *option.flags,
            dest=option.name,
            action="append",
            default=[],
            metavar=option.metavar,
            help=option.help,
        )
        return
    # argparse names the value after the dest; the dest is the knob's name, so the value
    # is named after the flag, as a reader of --help expects.
    metavar = option.metavar or (
        None if option.choices else option.flags[-1].lstrip("-").replace("-", "_").upper()
    )
    parser.add_argument(
        *option.flags,
        dest=option.name,
        type=option.parser,
        default=option.default,
        choices=option.choices or None,
        required=option.required,
        metavar=metavar,
        help=option.help,
    )


def build_parser() -> argparse.ArgumentParser:
    """The ``storydiff`` parser, every flag made from its ``Option`` record."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Compare how news outlets tell the same story, claim by claim.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    parents: dict[str, argparse.ArgumentParser] = {}
    for name, options in GROUPS.items():
        parents[name] = argparse.ArgumentParser(add_help=False)
        for option in options:
            _add_option(parents[name], option)
    for name, command in COMMANDS.items():
        cmd = sub.add_parser(
            name,
            help=command.help,
            description=command.description,
            parents=[parents[group] for group in command.shared],
        )
        if command.inputs is not None:
            i = command.inputs
            cmd.add_argument(i.name, nargs=i.nargs, metavar=i.metavar, help=i.help)
        for option in command.own:
            _add_option(cmd, option)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``storydiff`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return COMMANDS[args.command].run(args)
    except StorydiffError as err:
        say(f"error: {err}")
        return err.exit_code
    except sqlite3.DatabaseError as err:
        # The embedding cache handles its own; what reaches here is the corpus store's.
        from storydiff.store.sqlite import describe_error

        db = getattr(args, "db", None) or getattr(args, "serve_db", None)
        say(f"error: {describe_error(db or 'file', err)}")
        return 2
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:  # the system refused a read or write: a setup problem, not a bug
        where = f": {err.filename}" if err.filename else ""
        say(f"error: {err.strerror or err}{where}")
        return 2
    except Exception as err:
        if args.debug:
            raise
        from storydiff.store.postgres import describe_error as describe_server_error

        db = getattr(args, "db", None) or getattr(args, "serve_db", None)
        if line := describe_server_error(db, err):  # a PostgreSQL store's server said no
            say(f"error: {line}")
            return 2
        say(f"internal error: {type(err).__name__}: {err} (run with --debug for details)")
        return 1


COMMANDS: dict[str, Command] = {
    "compare": Command(
        help="compare 2..k articles about one event",
        description=(
            "Compare articles about one event: shared facts, what each adds or leaves out, "
            "conflicts, and whether they are the same story. Reads stdin when FILE is '-' "
            "or when no file is given. Formats by extension: .txt, .html, .json, .jsonl."
        ),
        inputs=Inputs(
            name="files", nargs="*", metavar="FILE", help="article files ('-' for stdin)"
        ),
        shared=("report", "pipeline"),
        own=(OUTLET, TITLE, COMPARE_MAX_ARTICLES, DETAIL, QUIET),
        run=run_compare,
    ),
    "serve": Command(
        help="run the local web app (needs storydiff[web])",
        description=(
            "Serve a page to compare articles (paste text, upload files or give URLs), the "
            "HTML report, and its JSON twin at POST /api/compare (described at /openapi.json). "
            "With --db, also browse and compare the stories of a corpus store at /stories."
        ),
        shared=("pipeline",),
        own=(
            HOST,
            PORT,
            ALLOW_PRIVATE_URLS,
            WEB_MAX_ARTICLES,
            WEB_MAX_BYTES,
            SERVE_DB,
            WORKERS,
            QUEUE,
        ),
        run=run_serve,
    ),
    "ingest": Command(
        help="add articles to a corpus store and group them into stories",
        description=(
            "Read articles from folders, JSONL/CSV/Parquet files, RSS/Atom feeds (files or "
            "URLs), .urls lists and article URLs; store them with their story in --db. "
            "Re-running adds only what is new."
        ),
        inputs=Inputs(name="sources", nargs="+", metavar="SOURCE", help="file, folder or URL"),
        shared=("store", "embedding"),
        own=(
            CHUNK,
            *RAY_OPTIONS,
            FETCH_TIMEOUT,
            HOST_DELAY,
            RETRIES,
            ALLOW_PRIVATE_URLS,
            QUIET,
        ),
        run=run_ingest,
    ),
    "stories": Command(
        help="list the stories of a corpus store",
        shared=("store",),
        own=(STORIES_LIMIT, MIN_SIZE, JSON_LINES, SEARCH, WHERE, *BLINDSPOT_OPTIONS),
        run=run_stories,
    ),
    "outlets": Command(
        help="import or list the outlet table of a corpus store (name, domain, group...)",
        description=(
            "'outlets import FILE...' adds the outlets of CSV, JSON or JSONL files (name, "
            "domain, country, language, group or lean, owner, any other column) to --db, "
            "replacing those of the same name; 'outlets list' shows them with the number of "
            "articles matched (by URL domain, else by name)."
        ),
        inputs=Inputs(name="outlets_args", nargs="+", metavar="ACTION", help="import FILE | list"),
        shared=("store",),
        own=(JSON_LINES,),
        run=run_outlets,
    ),
    "migrate": Command(
        help="copy a SQLite store into a PostgreSQL database",
        description=(
            "Copy the articles, vectors, stories, merges, metadata and outlet table of a "
            "SQLite store into a PostgreSQL database (created tables, existing database). "
            "Re-running copies only what is missing. Give the password in PGPASSWORD or "
            "~/.pgpass, not in the URL."
        ),
        inputs=Inputs(
            name="stores",
            nargs=2,
            metavar="STORE",
            help="the SQLite store file, then postgresql://[USER@]HOST[:PORT]/DB",
        ),
        shared=(),
        own=(MIGRATE_BATCH, QUIET),
        run=run_migrate,
    ),
    "story": Command(
        help="compare the articles of one stored story",
        inputs=Inputs(name="story_id", metavar="ID", help="story id (a unique prefix is enough)"),
        shared=("store", "report", "pipeline"),
        own=(STORY_MAX_ARTICLES, DETAIL),
        run=run_story,
    ),
    "export": Command(
        help="export stories and their comparisons (JSONL, CSV, Parquet)",
        description="One row per article x unit (fact, unique, addition, related), readable alone.",
        inputs=Inputs(
            name="story_ids", nargs="*", metavar="ID", help="stories (default: all shown)"
        ),
        shared=("store", "pipeline"),
        own=(
            EXPORT_OUTPUT,
            EXPORT_FORMAT,
            MIN_SIZE,
            EXPORT_LIMIT,
            STORY_MAX_ARTICLES,
            ENGINE,
            RAY_ADDRESS,
            RAY_WORKERS,
            QUIET,
        ),
        run=run_export,
    ),
}


def options_doc() -> str:
    """docs/options.md: every option of ``storydiff.settings`` in one table per kind.

    Generated, so the page cannot drift from the flags (tests/test_cli.py compares them).
    """
    rows = [
        "# Options, limits and defaults",
        "",
        "Generated from `storydiff/settings.py`, where each knob is declared once; the command",
        "line, the web app and this page read it there (`STORYDIFF_UPDATE_DOCS=1 pytest",
        "tests/test_cli.py -k options_doc` rewrites this page). In Python each option is the",
        "constant named like it in capitals: `from storydiff.settings import WEB_MAX_ARTICLES`,",
        "then `WEB_MAX_ARTICLES.default`. The same flag can stand for two knobs where the",
        "meaning differs (`--max-articles`: a refusal for `compare`, a subset of a stored story,",
        "a request limit for `serve`); each has its own name.",
        "",
        "## Command line",
        "",
        "| Flag | Name | Commands | Default | What it does |",
        "| --- | --- | --- | --- | --- |",
    ]
    for option in OPTIONS:
        if option.flags:
            flags = ", ".join(f"`{flag}`" for flag in option.flags)
            used = ", ".join(n for n, c in COMMANDS.items() if option in c.options())
            rows.append(
                f"| {flags} | `{option.name}` | {used} | {_shown(option)} | {_help(option)} |"
            )
    rows += [
        "",
        "## Library only",
        "",
        "Limits with no flag: fields of `Settings`, or defaults of the downloader.",
        "",
        "| Name | Default | What it does |",
        "| --- | --- | --- |",
    ]
    for option in OPTIONS:
        if not option.flags:
            rows.append(f"| `{option.name}` | {_shown(option)} | {_help(option)} |")
    return "\n".join(rows) + "\n"


def _shown(option: Option[Any]) -> str:
    value = option.default
    if value is None or value == ():
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int) and value >= 10_000:
        return f"{value:,}"
    return f"`{value}`"


def _help(option: Option[Any]) -> str:
    """The help as --help prints it (argparse fills in ``%(default)s`` the same way)."""
    return option.help % {"default": option.default}


__all__ = ["COMMANDS", "Command", "Inputs", "build_parser", "main", "options_doc"]
