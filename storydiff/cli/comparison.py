"""``storydiff compare`` and ``storydiff serve``: the comparison of a few articles, on the
command line or in the web app."""

from __future__ import annotations

import argparse
import sys

from storydiff.cli.common import (
    color,
    progress_bar,
    say,
    settings_of,
    stage_lines,
    write,
)
from storydiff.errors import InputError

# Comparisons of at least this many articles say which step they are at.
PROGRESS_ARTICLES = 10


def run_compare(args: argparse.Namespace) -> int:
    from storydiff.compare import Pipeline
    from storydiff.ingest import read_inputs
    from storydiff.render import render

    settings = settings_of(args)
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
        say(f"{verb} {problem.source}: {problem.message}")
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
        progress=None if args.quiet else progress_bar(),
        stages=stage_lines(n) if not args.quiet and n >= PROGRESS_ARTICLES else None,
    )
    comparison = pipeline.compare(ingested.articles)
    write(render(comparison, args.format, color=color(args), detail=args.detail), args.output)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from storydiff.web import serve  # raises NotInstalled (exit 3) without the web extra

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        say(f"warning: listening on {args.host}: anyone who can reach it can use it")
    serve(
        args.host,
        args.port,
        max_articles=args.web_max_articles,
        max_bytes=args.web_max_bytes,
        settings=settings_of(args),
        allow_private_urls=args.allow_private_urls,
        db=args.serve_db,
        workers=args.workers,
        queue=args.queue,
    )
    return 0
