"""Command line: parses arguments and delegates; no pipeline logic lives here."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from storydiff import __version__
from storydiff.errors import InputError, StorydiffError
from storydiff.settings import Settings

# A stored story can hold hundreds of articles; one comparison reads well up to about this.
MAX_STORY_ARTICLES = 20
# `compare` refuses more than this unless --max-articles raises it: 200 articles took
# ~4 minutes and ~800 MB cold on 2 cores, and a report of them does not read.
MAX_COMPARE_ARTICLES = 50
# Comparisons of at least this many articles say which step they are at.
PROGRESS_ARTICLES = 10

PROG = "storydiff"


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Compare how news outlets tell the same story, claim by claim.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    cmp = sub.add_parser(
        "compare",
        help="compare 2..k articles about one event",
        description=(
            "Compare articles about one event: shared facts, what each adds or leaves out, "
            "conflicts, and whether they are the same story. Reads stdin when FILE is '-' "
            "or when no file is given. Formats by extension: .txt, .html, .json, .jsonl."
        ),
    )
    cmp.add_argument("files", nargs="*", metavar="FILE", help="article files ('-' for stdin)")
    cmp.add_argument(
        "-f", "--format", default="text", help="output format: text (default), md, json, html"
    )
    cmp.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of stdout")
    cmp.add_argument(
        "--outlet",
        action="append",
        default=[],
        metavar="NAME",
        help="outlet name of the next article, in order (repeat per article)",
    )
    cmp.add_argument("--title", action="append", default=[], metavar="TEXT", help="title, in order")
    cmp.add_argument("--embedder", default=Settings.embedder, help="embedding backend")
    cmp.add_argument("--embedder-model", default=None, help="model name for the embedder")
    cmp.add_argument("--relater", default=Settings.relater, help="relation backend")
    cmp.add_argument("--relater-model", default=None, help="model name for the relater")
    cmp.add_argument("--no-cache", action="store_true", help="do not cache embeddings on disk")
    cmp.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    cmp.add_argument(
        "--max-articles",
        type=int,
        default=MAX_COMPARE_ARTICLES,
        metavar="N",
        help=f"refuse more than N articles (default {MAX_COMPARE_ARTICLES}; 0: no limit)",
    )
    cmp.add_argument("-q", "--quiet", action="store_true", help="no progress messages on stderr")

    srv = sub.add_parser(
        "serve",
        help="run the local web app (needs storydiff[web])",
        description=(
            "Serve a page to compare articles (paste text, upload files or give URLs), the "
            "HTML report, and its JSON twin at POST /api/compare (described at /openapi.json). "
            "With --db, also browse and compare the stories of a corpus store at /stories."
        ),
    )
    srv.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: this machine only)"
    )
    srv.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    srv.add_argument(
        "--allow-private-urls",
        action="store_true",
        help="let URL fetches reach this machine and private networks (refused by default)",
    )
    srv.add_argument("--max-articles", type=int, default=20, metavar="N", help="per request")
    srv.add_argument(
        "--max-bytes", type=int, default=2_000_000, metavar="N", help="request size limit"
    )
    srv.add_argument("--embedder", default=Settings.embedder, help="embedding backend")
    srv.add_argument("--relater", default=Settings.relater, help="relation backend")
    srv.add_argument(
        "--db", default=None, metavar="PATH", help="a corpus store to browse (must exist)"
    )
    srv.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="comparisons run at once (default: one per core, at most 4)",
    )
    srv.add_argument(
        "--queue",
        type=int,
        default=16,
        metavar="N",
        help="comparisons that may wait for a worker; more are refused with 503 (default 16)",
    )

    ing = sub.add_parser(
        "ingest",
        help="add articles to a corpus store and group them into stories",
        description=(
            "Read articles from folders, JSONL/CSV/Parquet files, RSS/Atom feeds (files or "
            "URLs), .urls lists and article URLs; store them with their story in --db. "
            "Re-running adds only what is new."
        ),
    )
    ing.add_argument("sources", nargs="+", metavar="SOURCE", help="file, folder or URL")
    ing.add_argument("--db", default="storydiff.db", metavar="PATH", help="the store file")
    ing.add_argument("--embedder", default=Settings.embedder, help="embedding backend")
    ing.add_argument("--no-cache", action="store_true", help="do not cache embeddings on disk")
    ing.add_argument("--chunk", type=int, default=32, metavar="N", help="articles per batch")
    ing.add_argument("--timeout", type=float, default=10.0, metavar="S", help="per download")
    ing.add_argument(
        "--host-delay", type=float, default=1.0, metavar="S", help="seconds between requests"
    )
    ing.add_argument("--retries", type=int, default=2, metavar="N", help="for transient errors")
    ing.add_argument("--allow-private-urls", action="store_true", help="fetch private addresses")
    ing.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    sts = sub.add_parser("stories", help="list the stories of a corpus store")
    sts.add_argument("--db", default="storydiff.db", metavar="PATH", help="the store file")
    sts.add_argument("--limit", type=int, default=50, metavar="N")
    sts.add_argument("--min-size", type=int, default=2, metavar="N", help="smallest story shown")
    sts.add_argument("--json", action="store_true", help="one JSON object per line")
    sts.add_argument(
        "-s", "--search", metavar="QUERY", help="only stories with articles matching QUERY"
    )

    sty = sub.add_parser("story", help="compare the articles of one stored story")
    sty.add_argument("story_id", metavar="ID", help="story id (a unique prefix is enough)")
    sty.add_argument("--db", default="storydiff.db", metavar="PATH", help="the store file")
    sty.add_argument(
        "-f", "--format", default="text", help="output format: text (default), md, json, html"
    )
    sty.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of stdout")
    sty.add_argument("--embedder", default=Settings.embedder, help="embedding backend")
    sty.add_argument("--relater", default=Settings.relater, help="relation backend")
    sty.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    sty.add_argument(
        "--max-articles",
        type=int,
        default=MAX_STORY_ARTICLES,
        metavar="N",
        help=f"compare at most N, one per outlet first (default {MAX_STORY_ARTICLES}; 0: all)",
    )

    exp = sub.add_parser(
        "export",
        help="export stories and their comparisons (JSONL, CSV, Parquet)",
        description="One row per article x fact, with the outlet column.",
    )
    exp.add_argument("story_ids", nargs="*", metavar="ID", help="stories (default: all shown)")
    exp.add_argument("--db", default="storydiff.db", metavar="PATH", help="the store file")
    exp.add_argument("-o", "--output", required=True, metavar="PATH", help=".jsonl/.csv/.parquet")
    exp.add_argument("--format", choices=["jsonl", "csv", "parquet"], default=None)
    exp.add_argument("--min-size", type=int, default=2, metavar="N", help="without IDs")
    exp.add_argument("--limit", type=int, default=100, metavar="N", help="without IDs")
    exp.add_argument("--embedder", default=Settings.embedder, help="embedding backend")
    exp.add_argument("--relater", default=Settings.relater, help="relation backend")
    exp.add_argument(
        "--max-articles",
        type=int,
        default=MAX_STORY_ARTICLES,
        metavar="N",
        help=f"per story, one per outlet first (default {MAX_STORY_ARTICLES}; 0: all)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``storydiff`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        if args.command == "compare":
            return _compare(args)
        if args.command == "serve":
            return _serve(args)
        if args.command in _CORPUS:
            return _CORPUS[args.command](args)
    except StorydiffError as err:
        _say(f"error: {err}")
        return err.exit_code
    except sqlite3.DatabaseError as err:
        # The embedding cache handles its own; what reaches here is the corpus store's.
        from storydiff.store.sqlite import describe_error

        _say(f"error: {describe_error(getattr(args, 'db', None) or 'file', err)}")
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
        _say(f"internal error: {type(err).__name__}: {err} (run with --debug for details)")
        return 1
    return 2


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

    settings = Settings(
        embedder=args.embedder,
        embedder_model=args.embedder_model,
        relater=args.relater,
        relater_model=args.relater_model,
        cache=not args.no_cache,
    )
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
    if 0 < args.max_articles < n:
        raise InputError(
            f"{n} articles given, more than {args.max_articles} per comparison: compare "
            f"fewer, or raise the limit with --max-articles {n}"
        )
    pipeline = Pipeline(
        settings,
        progress=None if args.quiet else _progress_bar(),
        stages=_stage_lines(n) if not args.quiet and n >= PROGRESS_ARTICLES else None,
    )
    comparison = pipeline.compare(ingested.articles)
    color = args.color == "always" or (
        args.color == "auto"
        and args.output is None
        and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
    )
    out = render(comparison, args.format, color=color)
    if args.output:
        Path(args.output).write_text(out if out.endswith("\n") else out + "\n", encoding="utf-8")
        _say(f"wrote {args.output}")
    else:
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from storydiff.web import serve  # raises NotInstalled (exit 3) without the web extra

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        _say(f"warning: listening on {args.host}: anyone who can reach it can use it")
    serve(
        args.host,
        args.port,
        settings=Settings(embedder=args.embedder, relater=args.relater),
        allow_private_urls=args.allow_private_urls,
        max_articles=args.max_articles,
        max_bytes=args.max_bytes,
        db=args.db,
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
    from storydiff.store import open_store
    from storydiff.stream import iter_articles

    missing = [
        src for src in args.sources if "://" not in src and src != "-" and not Path(src).exists()
    ]
    if len(missing) == len(args.sources):
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    cache = None if args.no_cache else default_cache_dir() / "embeddings.sqlite"
    embedder = CachedEmbedder(load_embedder(args.embedder), cache)
    fetcher = Fetcher(
        Politeness(
            timeout=args.timeout,
            host_delay=args.host_delay,
            retries=args.retries,
            allow_private=args.allow_private_urls,
        )
    )
    store = open_store(args.db)
    try:
        clusterer = Clusterer(store, embedder)
        tty = sys.stderr.isatty()
        progress = None if args.quiet else progress_reporter(tty=tty)
        summary = ingest_stream(
            iter_articles(args.sources, fetcher=fetcher),
            store,
            clusterer,
            chunk=args.chunk,
            progress=progress,
        )
        if progress is not None and tty:
            sys.stderr.write("\n")
        for line in summary.lines():
            _say(line)
        _say(f"{store.count_articles()} articles in {args.db}")
    finally:
        store.close()
    if not summary.added and not summary.duplicate:
        # Nothing readable at all (an empty folder, only rejects): say so and fail, so a
        # script does not mistake it for an up-to-date store.
        _say("error: no article could be read from " + ", ".join(args.sources))
        return 2
    return 0


def _stories(args: argparse.Namespace) -> int:
    import json

    from storydiff.store import matching_stories, open_store

    store = open_store(args.db, create=False)
    try:
        if args.search:
            found = [
                s
                for s in matching_stories(store, args.search, articles=max(5 * args.limit, 50))
                if s.size >= args.min_size
            ][: args.limit]
        else:
            found = store.stories(limit=args.limit, min_size=args.min_size)
    finally:
        store.close()
    lines = []
    for s in found:
        if args.json:
            lines.append(json.dumps({**vars(s), "outlets": list(s.outlets)}, ensure_ascii=False))
            continue
        span = f"{s.first_date}..{s.last_date or s.first_date}" if s.first_date else "undated"
        n = len(s.outlets)
        outlets = f"{n} outlet{'' if n == 1 else 's'}" if n else "no outlet names"
        title = " ".join((s.title or "").split())[:60]
        lines.append(f"{s.id}  {s.size:>4} articles  {outlets:<15}  {span:<22}  {title}")
    if not lines and not args.json:
        matching = f" matching {args.search!r}" if args.search else ""
        _say(f"no stories of {args.min_size}+ articles{matching} in {args.db}")
        return 0
    _write("\n".join(lines), None)
    return 0


def _story(args: argparse.Namespace) -> int:
    from storydiff.compare import Pipeline
    from storydiff.render import render
    from storydiff.store import open_store, pick_articles

    store = open_store(args.db, create=False)
    try:
        info = store.story(args.story_id)
        if info is None:
            raise InputError(f"no story {args.story_id!r} in {args.db}")
        articles = pick_articles(store.story_articles(info.id), args.max_articles)
    finally:
        store.close()
    if len(articles) < info.size:
        _say(
            f"story {info.id} has {info.size} articles: comparing {len(articles)}, one per "
            "outlet first (--max-articles 0 compares all)"
        )
    comparison = Pipeline(Settings(embedder=args.embedder, relater=args.relater)).compare(articles)
    color = args.color == "always" or (
        args.color == "auto"
        and args.output is None
        and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
    )
    _write(render(comparison, args.format, color=color), args.output)
    return 0


def _export(args: argparse.Namespace) -> int:
    from storydiff.compare import Pipeline
    from storydiff.export import story_rows, write_rows
    from storydiff.store import open_store

    store = open_store(args.db, create=False)
    try:
        ids = list(args.story_ids) or [
            s.id for s in store.stories(limit=args.limit, min_size=args.min_size)
        ]
        pipeline = Pipeline(Settings(embedder=args.embedder, relater=args.relater))
        rows = story_rows(store, ids, pipeline.compare, max_articles=args.max_articles)
        n = write_rows(rows, args.output, args.format)
    finally:
        store.close()
    _say(f"wrote {n} rows for {len(ids)} stories to {args.output}")
    return 0


_CORPUS: dict[str, Callable[[argparse.Namespace], int]] = {
    "ingest": _ingest,
    "stories": _stories,
    "story": _story,
    "export": _export,
}


if __name__ == "__main__":
    sys.exit(main())
