"""Command line: parses arguments and delegates; no pipeline logic lives here."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storydiff import __version__
from storydiff.errors import InputError, StorydiffError
from storydiff.settings import (
    ALLOW_PRIVATE_URLS,
    BLINDSPOT_OPTIONS,
    CACHE,
    CHUNK,
    COLOR,
    COMPARE_MAX_ARTICLES,
    DB,
    DETAIL,
    EMBEDDER,
    EMBEDDER_MODEL,
    ENGINE,
    EXPORT_FORMAT,
    EXPORT_LIMIT,
    EXPORT_OUTPUT,
    FETCH_TIMEOUT,
    FORMAT,
    HOST,
    HOST_DELAY,
    JSON_LINES,
    MIGRATE_BATCH,
    MIN_SIZE,
    OPTIONS,
    OUTLET,
    OUTPUT,
    PIPELINE_OPTIONS,
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
    Settings,
)

if TYPE_CHECKING:
    pass

# Comparisons of at least this many articles say which step they are at.
PROGRESS_ARTICLES = 10

PROG = "storydiff"

# Options that several commands share, each group one argparse parent parser: a group is
# spelled, defaulted and passed on to the pipeline alike wherever it appears.
GROUPS: dict[str, tuple[Option[Any], ...]] = {
    "pipeline": PIPELINE_OPTIONS,
    "embedding": (EMBEDDER, EMBEDDER_MODEL, CACHE),  # ingest embeds, it does not relate
    "report": (FORMAT, OUTPUT, COLOR),
    "store": (DB,),
}


@dataclass(frozen=True, kw_only=True)
class Inputs:
    """A command's positional argument: what it reads or acts on."""

    name: str
    nargs: str | int | None = None
    metavar: str
    help: str


@dataclass(frozen=True, kw_only=True)
class Command:
    """One subcommand: its help, what it takes (shared groups, then its own options), its job."""

    help: str
    run: Callable[[argparse.Namespace], int]
    description: str | None = None
    inputs: Inputs | None = None
    shared: tuple[str, ...] = ()
    own: tuple[Option[Any], ...] = ()

    def options(self) -> tuple[Option[Any], ...]:
        """Every option the command takes, in the order of its help."""
        return (*(o for group in self.shared for o in GROUPS[group]), *self.own)


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


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
        _say(f"error: {err}")
        return err.exit_code
    except sqlite3.DatabaseError as err:
        # The embedding cache handles its own; what reaches here is the corpus store's.
        from storydiff.store.sqlite import describe_error

        db = getattr(args, "db", None) or getattr(args, "serve_db", None)
        _say(f"error: {describe_error(db or 'file', err)}")
        return 2
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:  # the system refused a read or write: a setup problem, not a bug
        where = f": {err.filename}" if err.filename else ""
        _say(f"error: {err.strerror or err}{where}")
        return 2
    except Exception as err:
        if args.debug:
            raise
        from storydiff.store.postgres import describe_error as describe_server_error

        db = getattr(args, "db", None) or getattr(args, "serve_db", None)
        if line := describe_server_error(db, err):  # a PostgreSQL store's server said no
            _say(f"error: {line}")
            return 2
        _say(f"internal error: {type(err).__name__}: {err} (run with --debug for details)")
        return 1


def _settings(args: argparse.Namespace) -> Settings:
    """The pipeline settings a command's flags chose; what it does not take keeps its default."""
    chosen = {o.name: getattr(args, o.name) for o in PIPELINE_OPTIONS if hasattr(args, o.name)}
    return Settings(**chosen)


def _color(args: argparse.Namespace) -> bool:
    """Colours for the text view: asked for, or a terminal that did not opt out (NO_COLOR)."""
    return args.color == "always" or (
        args.color == "auto"
        and args.output is None
        and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
    )


def _progress_bar() -> Callable[[int, int], None] | None:
    """A one-line bar on stderr when it is a terminal; lines every ~10% otherwise."""
    tty = sys.stderr.isatty()
    shown = [-1]

    def show(done: int, total: int) -> None:
        if total < 2 * 256:  # short jobs finish before a bar would help
            return
        if not tty:
            tenth = 10 * done // total
            if tenth > shown[0]:
                shown[0] = tenth
                _say(f"  embedded {done:,}/{total:,} sentences")
            return
        width = 30
        filled = width * done // total
        bar = "█" * filled + "·" * (width - filled)
        end = "\n" if done >= total else ""
        print(f"\r{PROG}: embedding sentences {bar} {done}/{total}", end=end, file=sys.stderr)

    return show


_STAGES = {
    "segment": "splitting {n} articles into sentences",
    "embed": "embedding the sentences",
    "same_story": "scoring whether they tell the same story",
    "align": "aligning sentences into facts",
    "relate": "relating each fact's versions (agree, partial, conflict)",
    "frame": "comparing their wording",
    "sources": "finding who says what",
}


def _stage_lines(n: int) -> Callable[[str], None]:
    """One line on stderr as each step of a comparison of ``n`` articles starts."""
    import time

    start = time.perf_counter()

    def show(stage: str) -> None:
        what = _STAGES.get(stage, stage).format(n=n)
        _say(f"[{time.perf_counter() - start:6.1f} s] {what}")

    return show


def _compare(args: argparse.Namespace) -> int:
    from storydiff.compare import Pipeline
    from storydiff.ingest import read_inputs
    from storydiff.render import render

    settings = _settings(args)
    files = list(args.files)
    stdin = None
    if not files or "-" in files:
        if sys.stdin is None or sys.stdin.isatty():
            if not files:
                raise InputError("no input: give two or more article files, or pipe one in")
        else:
            stdin = sys.stdin.buffer
        if not files:
            files = ["-"]
    ingested = read_inputs(
        files, outlets=args.outlet, titles=args.title, settings=settings, stdin=stdin
    )
    for problem in ingested.problems:
        verb = "skipped" if problem.skipped else "note:"
        _say(f"{verb} {problem.source}: {problem.message}")
    n = len(ingested.articles)
    if n < 2:
        got = "no article" if n == 0 else "only one article"
        raise InputError(f"need at least two articles to compare, got {got}")
    if 0 < args.compare_max_articles < n:
        raise InputError(
            f"{n} articles given, more than {args.compare_max_articles} per comparison: compare "
            f"fewer, or raise the limit with --max-articles {n}"
        )
    pipeline = Pipeline(
        settings,
        progress=None if args.quiet else _progress_bar(),
        stages=_stage_lines(n) if not args.quiet and n >= PROGRESS_ARTICLES else None,
    )
    comparison = pipeline.compare(ingested.articles)
    _write(render(comparison, args.format, color=_color(args), detail=args.detail), args.output)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from storydiff.web import serve  # raises NotInstalled (exit 3) without the web extra

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        _say(f"warning: listening on {args.host}: anyone who can reach it can use it")
    serve(
        args.host,
        args.port,
        max_articles=args.web_max_articles,
        max_bytes=args.web_max_bytes,
        settings=_settings(args),
        allow_private_urls=args.allow_private_urls,
        db=args.serve_db,
        workers=args.workers,
        queue=args.queue,
    )
    return 0


def _write(out: str, path: str | None) -> None:
    if path:
        Path(path).write_text(out if out.endswith("\n") else out + "\n", encoding="utf-8")
        _say(f"wrote {path}")
    else:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")


def _ingest(args: argparse.Namespace) -> int:
    from storydiff.cluster import Clusterer
    from storydiff.corpus import ingest_stream, progress_reporter
    from storydiff.embed import CachedEmbedder, load_embedder
    from storydiff.fetch import Fetcher, Politeness
    from storydiff.settings import default_cache_dir
    from storydiff.store import open_store, store_name
    from storydiff.stream import count_items, iter_articles

    missing = [
        src for src in args.sources if "://" not in src and src != "-" and not Path(src).exists()
    ]
    if len(missing) == len(args.sources):
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    settings = _settings(args)
    cache = default_cache_dir() / "embeddings.sqlite" if settings.cache else None
    embedder = CachedEmbedder(load_embedder(settings.embedder, settings.embedder_model), cache)
    fetcher = Fetcher(
        Politeness(
            timeout=args.fetch_timeout,
            host_delay=args.host_delay,
            retries=args.retries,
            allow_private=args.allow_private_urls,
        )
    )
    store = open_store(args.db)
    try:
        clusterer = Clusterer(store, embedder)
        tty = sys.stderr.isatty()
        progress = None if args.quiet else progress_reporter(count_items(args.sources), tty=tty)
        items = iter_articles(args.sources, fetcher=fetcher)
        if args.engine == "ray":
            from storydiff.scale import RayOptions, ingest_on_ray, parquet_dir

            options = RayOptions(
                address=args.ray_address,
                workers=args.ray_workers,
                chunk=args.chunk,
            )
            output = Path(args.ray_output) if args.ray_output else None
            summary = ingest_on_ray(
                items,
                clusterer,
                embedder=settings.embedder,
                model=settings.embedder_model,
                parquet=parquet_dir(args.db, output),
                options=options,
                progress=progress,
            )
        else:
            summary = ingest_stream(items, store, clusterer, chunk=args.chunk, progress=progress)
        if progress is not None and tty:
            sys.stderr.write("\n")
        for line in summary.lines():
            _say(line)
        _say(f"{store.count_articles()} articles in {store_name(args.db)}")
    finally:
        store.close()
    if not summary.added and not summary.duplicate:
        # Nothing readable at all (an empty folder, only rejects): say so and fail, so a
        # script does not mistake it for an up-to-date store.
        _say("error: no article could be read from " + ", ".join(args.sources))
        return 2
    return 0


def _where(items: Sequence[str]) -> dict[str, str]:
    """``--where KEY=VALUE`` flags as a mapping; a flag without ``=`` is an input error."""
    where = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--where takes KEY=VALUE, got {item!r}")
        where[key.strip()] = value
    return where


def _stories(args: argparse.Namespace) -> int:
    from storydiff.corpus import find_stories
    from storydiff.listing import story_lines
    from storydiff.store import Blindspot, blindspot_stories, open_store, store_name

    where = _where(args.where)
    if args.blindspot and (where or args.search):
        raise InputError(
            "--blindspot lists every story covered mostly by one group: drop --where and --search"
        )
    spots: dict[str, Blindspot] = {}
    notes: list[str] = []
    store = open_store(args.db, create=False)
    try:
        if args.blindspot:
            spots = {
                b.story.id: b
                for b in blindspot_stories(
                    store,
                    share=args.blindspot_share,
                    min_articles=args.blindspot_min_articles,
                    limit=args.stories_limit,
                )
            }
            found = [b.story for b in spots.values()]
        else:
            listed = find_stories(
                store,
                search=args.search,
                min_size=args.min_size,
                limit=args.stories_limit,
                where=where,
            )
            found, notes = listed.stories, listed.notes()
    finally:
        store.close()
    lines = story_lines(found, spots=spots, as_json=args.json_lines)
    if not lines and not args.json_lines:
        if args.blindspot:
            _say(
                f"no story in {store_name(args.db)} is covered mostly by one group of its "
                "outlet table"
            )
        else:
            matching = f" matching {args.search!r}" if args.search else ""
            _say(f"no stories of {args.min_size}+ articles{matching} in {store_name(args.db)}")
    else:
        _write("\n".join(lines), None)
    for line in notes:
        _say(line)
    return 0


def _outlets(args: argparse.Namespace) -> int:
    from storydiff.listing import outlet_lines
    from storydiff.outlets import read_outlets
    from storydiff.store import open_store, store_name

    action, *files = args.outlets_args
    if action == "import" and files:
        outlets = [o for f in files for o in read_outlets(f)]
        store = open_store(args.db)
        try:
            with store.transaction():
                store.put_outlets(outlets)
            _say(
                f"imported {len(outlets)} outlets; {len(store.outlets())} in {store_name(args.db)}"
            )
        finally:
            store.close()
        return 0
    if action != "list" or files:
        raise InputError("use 'storydiff outlets import FILE...' or 'storydiff outlets list'")
    store = open_store(args.db, create=False)
    try:
        lines = outlet_lines(store.outlet_index(), store.bylines(), as_json=args.json_lines)
    finally:
        store.close()
    if not lines and not args.json_lines:
        _say(
            f"no outlets in {store_name(args.db)}: import a table with "
            "'storydiff outlets import FILE'"
        )
        return 0
    _write("\n".join(lines), None)
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from storydiff.corpus import progress_reporter
    from storydiff.store import is_postgres_url, open_store, store_name
    from storydiff.store.transfer import copy_store

    source, target_url = args.stores
    if is_postgres_url(source) or not is_postgres_url(target_url):
        raise InputError("use 'storydiff migrate SQLITE_PATH postgresql://HOST/DB'")
    source_store = open_store(source, create=False)
    try:
        total = source_store.count_articles()
    finally:
        source_store.close()
    target = open_store(target_url)
    try:
        progress = None if args.quiet else progress_reporter(total)
        copied = copy_store(source, target, batch=args.migrate_batch, progress=progress)
    finally:
        target.close()
    _say(
        f"copied {copied.articles} articles ({copied.skipped} were there) and "
        f"{copied.stories} stories from {source} to {store_name(target_url)}"
    )
    return 0


def _story(args: argparse.Namespace) -> int:
    from storydiff.compare import Pipeline
    from storydiff.render import render
    from storydiff.store import open_store, pick_articles, store_name

    store = open_store(args.db, create=False)
    try:
        info = store.story(args.story_id)
        if info is None:
            raise InputError(f"no story {args.story_id!r} in {store_name(args.db)}")
        articles = pick_articles(store.story_articles(info.id), args.story_max_articles)
    finally:
        store.close()
    if len(articles) < info.size:
        _say(
            f"story {info.id} has {info.size} articles: comparing {len(articles)}, one per "
            "outlet first (--max-articles 0 compares all)"
        )
    comparison = Pipeline(_settings(args)).compare(articles)
    _write(render(comparison, args.format, color=_color(args), detail=args.detail), args.output)
    return 0


def _export(args: argparse.Namespace) -> int:
    from storydiff.compare import Pipeline
    from storydiff.corpus import EXPORT, each_reported, progress_reporter
    from storydiff.export import story_rows, write_rows
    from storydiff.store import open_store

    store = open_store(args.db, create=False)
    try:
        ids = list(args.story_ids) or [
            s.id for s in store.stories(limit=args.export_limit, min_size=args.min_size)
        ]
        # "N stories compared of M", and when it will be done.
        progress = None if args.quiet else progress_reporter(len(ids), task=EXPORT)
        if args.engine == "ray":
            from storydiff.export import export_on_ray
            from storydiff.scale import RayOptions

            options = RayOptions(address=args.ray_address, workers=args.ray_workers)
            rows = export_on_ray(
                store,
                ids,
                settings=_settings(args),
                options=options,
                max_articles=args.story_max_articles,
                progress=progress,
            )
        else:
            pipeline = Pipeline(_settings(args))
            compare = (
                pipeline.compare if progress is None else each_reported(pipeline.compare, progress)
            )
            rows = story_rows(store, ids, compare, max_articles=args.story_max_articles)
        n = write_rows(rows, args.export_output, args.export_format)
    finally:
        store.close()
    if not args.quiet and sys.stderr.isatty():
        sys.stderr.write("\n")  # after the bar
    _say(f"wrote {n} rows for {len(ids)} stories to {args.export_output}")
    return 0


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
        run=_compare,
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
        run=_serve,
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
        run=_ingest,
    ),
    "stories": Command(
        help="list the stories of a corpus store",
        shared=("store",),
        own=(STORIES_LIMIT, MIN_SIZE, JSON_LINES, SEARCH, WHERE, *BLINDSPOT_OPTIONS),
        run=_stories,
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
        run=_outlets,
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
        run=_migrate,
    ),
    "story": Command(
        help="compare the articles of one stored story",
        inputs=Inputs(name="story_id", metavar="ID", help="story id (a unique prefix is enough)"),
        shared=("store", "report", "pipeline"),
        own=(STORY_MAX_ARTICLES, DETAIL),
        run=_story,
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
        run=_export,
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


if __name__ == "__main__":
    sys.exit(main())
