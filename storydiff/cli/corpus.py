"""The corpus commands: ``ingest``, ``stories``, ``outlets``, ``migrate``, ``story`` and
``export``, each over a store of articles grouped into stories."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from storydiff.cli.common import color, say, settings_of, write
from storydiff.errors import InputError


def run_ingest(args: argparse.Namespace) -> int:
    from storydiff.cluster import EMBEDDER_KEY, Clusterer
    from storydiff.corpus import ingest_stream, progress_reporter
    from storydiff.embed import CachedEmbedder, corpus_model, load_embedder
    from storydiff.fetch import Fetcher, Politeness
    from storydiff.settings import default_cache_dir
    from storydiff.store import open_store, store_name
    from storydiff.stream import count_items, iter_articles

    missing = [
        src for src in args.sources if "://" not in src and src != "-" and not Path(src).exists()
    ]
    if len(missing) == len(args.sources):
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    settings = settings_of(args)
    cache = default_cache_dir() / "embeddings.sqlite" if settings.cache else None
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
        model = corpus_model(
            settings.embedder, settings.embedder_model, store.get_meta(EMBEDDER_KEY)
        )
        embedder = CachedEmbedder(load_embedder(settings.embedder, model), cache)
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
                model=model,
                parquet=parquet_dir(args.db, output),
                options=options,
                progress=progress,
            )
        else:
            summary = ingest_stream(items, store, clusterer, chunk=args.chunk, progress=progress)
        if progress is not None and tty:
            sys.stderr.write("\n")
        for line in summary.lines():
            say(line)
        say(f"{store.count_articles()} articles in {store_name(args.db)}")
    finally:
        store.close()
    if not summary.added and not summary.duplicate:
        # Nothing readable at all (an empty folder, only rejects): say so and fail, so a
        # script does not mistake it for an up-to-date store.
        say("error: no article could be read from " + ", ".join(args.sources))
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


def run_stories(args: argparse.Namespace) -> int:
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
            say(
                f"no story in {store_name(args.db)} is covered mostly by one group of its "
                "outlet table"
            )
        else:
            matching = f" matching {args.search!r}" if args.search else ""
            say(f"no stories of {args.min_size}+ articles{matching} in {store_name(args.db)}")
    else:
        write("\n".join(lines), None)
    for line in notes:
        say(line)
    return 0


def run_outlets(args: argparse.Namespace) -> int:
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
            say(f"imported {len(outlets)} outlets; {len(store.outlets())} in {store_name(args.db)}")
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
        say(
            f"no outlets in {store_name(args.db)}: import a table with "
            "'storydiff outlets import FILE'"
        )
        return 0
    write("\n".join(lines), None)
    return 0


def run_migrate(args: argparse.Namespace) -> int:
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
    say(
        f"copied {copied.articles} articles ({copied.skipped} were there) and "
        f"{copied.stories} stories from {source} to {store_name(target_url)}"
    )
    return 0


def run_story(args: argparse.Namespace) -> int:
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
        say(
            f"story {info.id} has {info.size} articles: comparing {len(articles)}, one per "
            "outlet first (--max-articles 0 compares all)"
        )
    comparison = Pipeline(settings_of(args)).compare(articles)
    write(render(comparison, args.format, color=color(args), detail=args.detail), args.output)
    return 0


def run_export(args: argparse.Namespace) -> int:
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
                settings=settings_of(args),
                options=options,
                max_articles=args.story_max_articles,
                progress=progress,
            )
        else:
            pipeline = Pipeline(settings_of(args))
            compare = (
                pipeline.compare if progress is None else each_reported(pipeline.compare, progress)
            )
            rows = story_rows(store, ids, compare, max_articles=args.story_max_articles)
        n = write_rows(rows, args.export_output, args.export_format)
    finally:
        store.close()
    if not args.quiet and sys.stderr.isatty():
        sys.stderr.write("\n")  # after the bar
    say(f"wrote {n} rows for {len(ids)} stories to {args.export_output}")
    return 0
