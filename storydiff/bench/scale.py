"""Ingest on Ray against the local engine: throughput, CPU per article, same stories.

    python -m storydiff.bench.scale [--articles 1000] [--workers 1,2] [--embedder e5-small]
        [--postgres URL] [--write docs/benchmarks.md]
    python -m storydiff.bench.scale --serve --postgres URL [--articles 500]
        [--since 2020-05-01] [--concurrency 4] [--write docs/benchmarks.md]

The first N AllSides-ABP articles (``STORYDIFF_DATA``), by date, are ingested into a fresh
store by the local engine, then by ``--engine ray`` with each number of workers on a
local Ray started once beforehand (its start, about 10 s, is not counted: a long ingest
pays it once). CPU time is that of the whole process tree, driver and Ray's processes,
sampled every 0.2 s so that actors which exit still count; the driver's own share is
what one writer costs per article, which bounds a bigger node. Each Ray run's stories are
compared with the local engine's (B³ F1, 1.0 when identical). The peak resident memory
of each embedding actor is sampled too: what a worker needs.

With ``--postgres URL`` (an empty database; the password from ``PGPASSWORD``, never the
command line) the local engine's store is copied there with ``copy_store`` and its size
read from the server: the disk a million articles take (vectors, text, indexes), less
what the empty store took. Given twice, a server without pgvector and one with it, both
are measured. Then a sizing table for nodes of 4 to 32 cores follows
from the measured figures.

With ``--serve`` it measures something else: ``storydiff serve --db URL`` on a free
loopback port, reading the PostgreSQL store ``--postgres`` (which should be empty) while a
Ray ingest of ``--articles`` articles dated ``--since`` or later writes to it, and
``--concurrency`` clients request the story list, a search, story pages, comparisons and
their JSON twins throughout (``serve_while_ingesting``; ``tests/test_scale_serve.py`` runs
it small). It records the requests, errors (any answer but 2xx after redirects, or none),
p50/p95 latency by kind, and the story counts the list showed along the way.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from storydiff.bench.corpus import write_stream
from storydiff.bench.loadtest import wait_ready
from storydiff.cluster import Clusterer
from storydiff.corpus import IngestSummary, ingest_stream
from storydiff.embed import corpus_model, load_embedder
from storydiff.evaluate.benchdoc import write_section
from storydiff.evaluate.metrics import bcubed
from storydiff.scale import RayOptions, ingest_on_ray, ray_session
from storydiff.store import Store, open_store
from storydiff.store.postgres import PostgresStore
from storydiff.store.transfer import copy_store
from storydiff.stream import iter_articles

TICK = os.sysconf("SC_CLK_TCK")
# The node the projection is for: one core left to the driver, one worker per other core.
NODE_CORES = 16


# Ray names an actor's process after its class: ``ray::MapWorker(MapBatches(LeadEmbedder))``.
ACTOR_TITLE = b"LeadEmbedder"
PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_cpu() -> dict[int, float]:
    """CPU seconds so far of this process and each live descendant, by pid."""
    stats: dict[int, tuple[int, float]] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(proc.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    tree, grew = {os.getpid()}, True
    while grew:
        grew = False
        for pid, (parent, _) in stats.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return {pid: stats[pid][1] for pid in tree if pid in stats}


def actor_rss(pids: Iterable[int]) -> dict[int, int]:
    """Resident bytes of each embedding actor among ``pids``."""
    found: dict[int, int] = {}
    for pid in pids:
        try:
            if ACTOR_TITLE not in Path(f"/proc/{pid}/cmdline").read_bytes():
                continue
            found[pid] = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return found


class Meter:
    """CPU seconds of the process tree over a ``with`` block (``total``, ``driver``), and the
    peak resident bytes of the largest embedding actor (``actor_peak``)."""

    def __enter__(self) -> Meter:
        self.base = tree_cpu()
        self.last = dict(self.base)
        self.total = self.driver = 0.0
        self.actor_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.last.update(tree_cpu())
            self.actor_peak = max(self.actor_peak, *actor_rss(self.last).values(), 0)

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()
        self.last.update(tree_cpu())
        self.total = sum(v - self.base.get(pid, 0.0) for pid, v in self.last.items())
        me = os.getpid()
        self.driver = self.last[me] - self.base[me]


def agreement(a: dict[str, str], b: dict[str, str]) -> float:
    """B³ F1 between two story assignments of the same articles."""
    ids = sorted(a)
    labels = {s: i for i, s in enumerate(sorted(set(a.values()) | set(b.values())))}
    pred = np.array([labels[b[i]] for i in ids])
    return bcubed(pred, np.array([labels[a[i]] for i in ids])).f1


def _measure(engine: str, run: Any, store: Store) -> dict[str, Any]:
    t0 = time.perf_counter()
    with Meter() as meter:
        summary = run()
    wall = time.perf_counter() - t0
    n = max(summary.added, 1)
    row = {
        "engine": engine,
        "added": summary.added,
        "wall": wall,
        "rate": summary.added / wall,
        "cpu_ms": 1000 * meter.total / n,
        "driver_ms": 1000 * meter.driver / n,
        "actor_mb": meter.actor_peak / 1e6,
        "assignment": dict(store.assignments()),
    }
    print(f"{engine}: {summary.lines()[0]}", file=sys.stderr, flush=True)
    return row


def run(src: Path, workers: list[int], embedder_name: str, tmp: Path) -> list[dict[str, Any]]:
    """The local engine, then Ray with each number of workers, on ``src``."""
    import ray

    embedder = load_embedder(embedder_name, corpus_model(embedder_name, None))
    embedder.embed(["warm up"])  # the model's load is not ingest work
    store = open_store(str(tmp / "local.db"))
    rows = [
        _measure(
            "local",
            lambda: ingest_stream(iter_articles([str(src)]), store, Clusterer(store, embedder)),
            store,
        )
    ]
    ray.init(
        num_cpus=os.cpu_count(),
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.WARNING,
    )
    try:
        for n in workers:
            on_ray = open_store(str(tmp / f"ray{n}.db"))
            clusterer = Clusterer(on_ray, embedder)
            options = RayOptions(workers=n)
            parquet = tmp / f"ray{n}.parquet"
            row = _measure(
                f"ray, {n} worker{'s' if n > 1 else ''}",
                lambda c=clusterer, o=options, p=parquet: ingest_on_ray(
                    iter_articles([str(src)]),
                    c,
                    embedder=embedder_name,
                    model=corpus_model(embedder_name, None),
                    parquet=p,
                    options=o,
                ),
                on_ray,
            )
            row["b3"] = agreement(rows[0]["assignment"], row["assignment"])
            rows.append(row)
    finally:
        ray.shutdown()
    return rows


def postgres_disk(source: Path, url: str) -> dict[str, float]:
    """Bytes per article of a PostgreSQL store that holds the SQLite store ``source``'s
    articles (copied as ``storydiff migrate`` copies them): in all, and in its vectors,
    texts (title, text, metadata), search vectors and indexes, less the empty store; and
    whether the store keeps pgvector centroids (1.0) or not (0.0)."""
    import psycopg

    sizes = """SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0),
        COALESCE(SUM(pg_indexes_size(c.oid)), 0)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'r'"""
    columns = """SELECT COUNT(*), COALESCE(SUM(pg_column_size(vector)), 0),
        COALESCE(SUM(pg_column_size(text) + COALESCE(pg_column_size(title), 0)
                     + pg_column_size(metadata)), 0),
        COALESCE(SUM(pg_column_size(search)), 0) FROM articles"""
    open_store(url).close()  # the tables, empty
    with psycopg.connect(url, autocommit=True) as db:
        empty_total, empty_indexes = db.execute(sizes).fetchone() or (0, 0)
    target = open_store(url)
    try:
        copy_store(source, target)
        pgvector = isinstance(target, PostgresStore) and target.uses_pgvector()
    finally:
        target.close()
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE")  # what autovacuum does on a live server
        total, indexes = db.execute(sizes).fetchone() or (0, 0)
        n, vectors, texts, search = db.execute(columns).fetchone() or (0, 0, 0, 0)
    n = max(int(n), 1)  # the server's sums are Decimals
    return {
        "articles": n,
        "total": float(total - empty_total) / n,
        "indexes": float(indexes - empty_indexes) / n,
        "vectors": float(vectors) / n,
        "texts": float(texts) / n,
        "search": float(search) / n,
        "pgvector": float(pgvector),
    }


def _per_day(row: dict[str, Any], cores: int) -> float:
    """Articles a day on a node of ``cores`` cores: ``cores - 1`` workers at the measured
    worker CPU per article, one writer at the measured driver CPU per article."""
    worker_ms = max(row["cpu_ms"] - row["driver_ms"], 1e-9)
    rate = min((cores - 1) * 1000 / worker_ms, 1000 / max(float(row["driver_ms"]), 1e-9))
    return float(rate * 86400)


def sizing(rows: list[dict[str, Any]], disks: list[dict[str, float]]) -> list[str]:
    """The sizing table from the last Ray run, and the PostgreSQL figures measured (a
    store without pgvector, and one with it, where measured). Units are decimal: a GB is
    10⁹ bytes."""
    last = rows[-1]
    actor_mb = max(r["actor_mb"] for r in rows)
    plain = next((d for d in disks if not d["pgvector"]), None)
    vector = next((d for d in disks if d["pgvector"]), None)
    lines = ["", "Sizing, from the measured figures above (last Ray run):", ""]
    head = "| Cores | Ray workers | RAM for the workers | Articles/day |"
    rule = "| ---: | ---: | ---: | ---: |"
    for disk, name in ((plain, "PostgreSQL disk/day"), (vector, "with pgvector")):
        if disk:
            head += f" {name} |"
            rule += " ---: |"
    lines += [head, rule]
    for cores in (4, 8, 16, 32):
        per_day = _per_day(last, cores)
        line = (
            f"| {cores} | {cores - 1} | {(cores - 1) * actor_mb / 1000:.1f} GB | "
            f"{per_day / 1e6:.1f} million |"
        )
        for disk in (plain, vector):
            if disk:
                line += f" {per_day * disk['total'] / 1e9:.0f} GB |"
        lines.append(line)
    lines += [
        "",
        f"RAM per worker: {actor_mb:.0f} MB, the peak resident memory of an embedding actor "
        "(the model, onnxruntime and Ray's worker); the driver, which holds a run's admitted "
        "articles until they are placed, comes on top.",
    ]
    for disk in (plain, vector):
        if not disk:
            continue

        def gb(key: str, d: dict[str, float] = disk) -> str:
            return f"{d[key] * 1e6 / 1e9:.1f} GB"  # bytes an article -> a million articles

        kind = "with pgvector" if disk["pgvector"] else "without pgvector"
        lines += [
            "",
            f"PostgreSQL disk per million articles, {kind}: {gb('total')} (measured on "
            f"{disk['articles']:.0f} articles copied into an empty store, less the empty "
            f"store, after VACUUM): vectors {gb('vectors')}, title, text and metadata "
            f"{gb('texts')} (as stored: TOAST compresses long texts), the full-text search "
            f"column {gb('search')}, indexes {gb('indexes')} (with pgvector, the HNSW index "
            "of story centroids among them); the rest is row overhead and the stories table.",
        ]
    return lines


def markdown(rows: list[dict[str, Any]], disks: list[dict[str, float]] | None = None) -> str:
    """The table, the projection for a ``NODE_CORES``-core node from the last Ray run, and
    the sizing table."""
    lines = [
        "| Engine | Articles | Wall s | Articles/s | CPU ms/article (all processes) | "
        "CPU ms/article (driver) | B³ F1 vs local |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        b3 = f"{r['b3']:.4f}" if "b3" in r else "-"
        lines.append(
            f"| {r['engine']} | {r['added']} | {r['wall']:.1f} | {r['rate']:.1f} | "
            f"{r['cpu_ms']:.0f} | {r['driver_ms']:.0f} | {b3} |"
        )
    last = rows[-1]
    worker_ms = max(last["cpu_ms"] - last["driver_ms"], 1e-9)
    by_workers = (NODE_CORES - 1) * 1000 / worker_ms
    by_driver = 1000 / max(last["driver_ms"], 1e-9)
    per_day = _per_day(last, NODE_CORES)
    lines += [
        "",
        f"Projection for a {NODE_CORES}-core node: {NODE_CORES - 1} workers, one core each, "
        f"the driver on the last. Each article costs the workers {worker_ms:.0f} CPU ms "
        f"(all processes but the driver, last run above), so {NODE_CORES - 1} of them embed "
        f"{by_workers:.0f} articles/s; the one writer places them at "
        f"{last['driver_ms']:.0f} CPU ms an article, at most {by_driver:.0f}/s. The smaller "
        "of the two is about "
        f"{per_day / 1e6:.1f} million articles a day, assuming cores of their own (this "
        "machine's are shared with other jobs) and workers that scale linearly (the actors "
        "share no state; memory bandwidth is the next limit).",
        *sizing(rows, disks or []),
    ]
    return "\n".join(lines)


# --- serving from PostgreSQL while Ray ingests into it -----------------------------------------

_RUN_CLI = "import sys; from storydiff.cli import main; sys.exit(main(sys.argv[1:]))"


@dataclass(frozen=True, kw_only=True)
class Hit:
    """One request: its kind (``list``, ``search``, ``story``, ``compare``), path, final
    status (0: no answer), seconds, and the stories the list counted (None elsewhere)."""

    kind: str
    path: str
    status: int
    seconds: float
    during: bool  # sent while the ingest was running
    total: int | None = None


@dataclass(frozen=True, kw_only=True)
class LiveRun:
    """What ``serve_while_ingesting`` saw: every request, the ingest's summary, the
    story count the list gave at the end and the store's own count then."""

    hits: list[Hit]
    summary: IngestSummary
    listed_at_end: int
    stored_at_end: int
    ingest_seconds: float
    server_log: Path

    @property
    def errors(self) -> list[Hit]:
        return [h for h in self.hits if not 200 <= h.status < 300]

    def totals_during(self) -> list[int]:
        """The distinct story counts the list showed while the ingest ran, in order."""
        seen = [h.total for h in self.hits if h.during and h.total is not None]
        return list(dict.fromkeys(seen))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _plan(story: str | None, pair: str | None, word: str, turn: int) -> tuple[str, str]:
    """The ``turn``-th request of a client: ``(kind, path)``; a comparison one turn in ten."""
    pages = [
        ("list", "/stories?min_size=1"),
        ("list", "/api/stories?min_size=1"),
        ("list", "/stories.json?min_size=1"),
        ("search", f"/stories?q={word}&min_size=1"),
        ("search", f"/api/stories?q={word}&min_size=1"),
    ]
    if story:
        pages += [
            ("story", f"/stories/{story}"),
            ("story", f"/stories/{story}.json"),
            ("story", f"/api/stories/{story}"),
        ]
    if pair and turn % 10 == 9:
        return ("compare", f"/stories/{pair}/compare" + (".json" if turn % 20 == 19 else ""))
    return pages[turn % len(pages)]


def _get(client: Any, kind: str, path: str, *, during: bool) -> tuple[Hit, Any]:
    """The request as a ``Hit``, and its JSON body (None unless a 200 in JSON)."""
    import httpx

    t0 = time.perf_counter()
    body = None
    try:
        r = client.get(path)
        status = r.status_code
        if status == 200 and "json" in r.headers.get("content-type", ""):
            body = r.json()
    except (httpx.HTTPError, ValueError):
        status = 0
    total = int(body["total"]) if kind == "list" and isinstance(body, dict) else None
    hit = Hit(
        kind=kind,
        path=path,
        status=status,
        seconds=time.perf_counter() - t0,
        during=during,
        total=total,
    )
    return hit, body


def _client(base: str, ingesting: threading.Event, word: str, seed: int) -> list[Hit]:
    """One client's requests until the ingest is over, then one more round."""
    import httpx

    hits: list[Hit] = []
    story = pair = None
    turn = seed
    with httpx.Client(base_url=base, timeout=120, follow_redirects=True) as client:
        rounds_after = 0
        while rounds_after < 10:
            during = ingesting.is_set()
            kind, path = _plan(story, pair, word, turn)
            hit, body = _get(client, kind, path, during=during)
            hits.append(hit)
            turn += 1
            if hit.total:  # the stories to open next: one of those listed, one of 2+
                found = body["stories"]
                story = found[seed % len(found)]["id"] if found else story
                pair = next((f["id"] for f in found if f["size"] >= 2), pair)
            rounds_after += not during
    return hits


def serve_while_ingesting(
    url: str,
    source: Path,
    *,
    embedder: str = "hashing",
    workers: int = 2,
    concurrency: int = 2,
    word: str = "president",
    timeout: float = 600,
) -> LiveRun:
    """Serve the PostgreSQL store ``url`` with ``storydiff serve`` while ``source`` is
    ingested into it on Ray (the Ray this process has initialised, else a local one), with
    ``concurrency`` clients requesting pages throughout (see the module docstring)."""
    import httpx

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    open_store(url).close()  # the tables exist before the server reads them
    with source.with_suffix(".serve.log").open("ab") as log:  # what the server said
        server = subprocess.Popen(
            [sys.executable, "-c", _RUN_CLI, "serve", "--db", url, "--host", "127.0.0.1",
             "--port", str(port), "--embedder", embedder, "--no-cache"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    ingesting = threading.Event()
    try:
        with httpx.Client(base_url=base, timeout=120) as probe:
            wait_ready(probe, server, time.monotonic() + timeout, "/stories")
            before, _ = _get(probe, "list", "/api/stories?min_size=1", during=False)
        ingesting.set()
        store = open_store(url)
        try:
            with ThreadPoolExecutor(concurrency) as pool:
                clients = [
                    pool.submit(_client, base, ingesting, word, k) for k in range(concurrency)
                ]
                t0 = time.perf_counter()
                try:
                    summary = ingest_on_ray(
                        iter_articles([str(source)]),
                        Clusterer(store, load_embedder(embedder, corpus_model(embedder, None))),
                        embedder=embedder,
                        model=corpus_model(embedder, None),
                        parquet=source.with_suffix(".parquet"),
                        options=RayOptions(workers=workers),
                    )
                finally:
                    seconds = time.perf_counter() - t0
                    ingesting.clear()
                hits = [before, *(h for c in clients for h in c.result(timeout=timeout))]
            stored = store.count_stories(min_size=1)
        finally:
            store.close()
        with httpx.Client(base_url=base, timeout=120) as probe:
            after, _ = _get(probe, "list", "/api/stories?min_size=1", during=False)
        hits.append(after)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
    return LiveRun(
        hits=hits,
        summary=summary,
        listed_at_end=after.total or 0,
        stored_at_end=stored,
        ingest_seconds=seconds,
        server_log=source.with_suffix(".serve.log"),
    )


def live_markdown(
    run: LiveRun, *, articles: int, since: str, embedder: str, workers: int, concurrency: int
) -> str:
    """The table of a ``serve_while_ingesting`` run."""
    lines = [
        f"`storydiff serve --db postgresql://...` on 127.0.0.1 while `ingest --engine ray` "
        f"({workers} workers, embedder {embedder}, the server's too) writes {articles} "
        f"AllSides articles (from {since} on) into the same PostgreSQL database, "
        f"{concurrency} clients requesting throughout (a comparison one request in ten). "
        "Errors: any answer but 2xx after redirects, or none.",
        "",
        "| kind | requests | during the ingest | errors | p50 s | p95 s | max s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    kinds = ["list", "search", "story", "compare"]
    for kind in [*kinds, "all"]:
        hits = [h for h in run.hits if kind in ("all", h.kind)]
        if not hits:
            continue
        secs = sorted(h.seconds for h in hits)
        errors = sum(not 200 <= h.status < 300 for h in hits)
        p50 = secs[round(0.5 * (len(secs) - 1))]
        p95 = secs[round(0.95 * (len(secs) - 1))]
        during = sum(h.during for h in hits)
        lines.append(
            f"| {kind} | {len(hits)} | {during} | {errors} | {p50:.2f} | {p95:.2f} | "
            f"{secs[-1]:.2f} |"
        )
    totals = run.totals_during()
    lines += [
        "",
        f"The ingest added {run.summary.added} articles in {run.ingest_seconds:.0f} s "
        f"({run.summary.new_stories} new stories). Story counts the list showed while it "
        f"ran: {len(totals)} different ones, from {min(totals, default=0)} to "
        f"{max(totals, default=0)}; after it, {run.listed_at_end} listed, "
        f"{run.stored_at_end} in the store.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ingest on Ray against the local engine")
    parser.add_argument("--data", default=os.environ.get("STORYDIFF_DATA", "../shared/data"))
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        action="append",
        default=[],
        help="an empty PostgreSQL database to measure disk per article in (password in "
        "PGPASSWORD); twice for a server without pgvector and one with it",
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="serve the --postgres store while Ray ingests into it, instead of throughput",
    )
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--since", default="2020-05-01", help="--serve: articles of this day and later"
    )
    parser.add_argument("--write", metavar="PATH")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "allsides_abp" / "articles.jsonl.gz").is_file():
        print(f"storydiff: corpus not found under {data} (set STORYDIFF_DATA)", file=sys.stderr)
        return 2
    workers = [int(w) for w in args.workers.split(",") if w.strip()]
    if args.serve:
        return _serve_main(args, data, workers[-1])
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "stream.jsonl"
        write_stream(data, args.articles, src)
        rows = run(src, workers, args.embedder, Path(tmp))
        disks = [postgres_disk(Path(tmp) / "local.db", url) for url in args.postgres]
        table = markdown(rows, disks)
    print(table)
    if args.write:
        cmd = (
            f"python -m storydiff.bench.scale --articles {args.articles} --workers "
            f"{args.workers} --embedder {args.embedder}"
            f"{' --postgres URL' * len(args.postgres)} --write {args.write}"
        )
        write_section(Path(args.write), f"bench-ray-{args.embedder}", "Ingest on Ray", table, cmd)
    return 0


def days_stream(data: Path, n: int, since: str, out: Path) -> int:
    """The ``n`` ABP articles of the days from ``since`` on (the earliest first), by date,
    as JSONL at ``out``: consecutive days, dense enough for stories of several articles."""
    rows = []
    with gzip.open(data / "allsides_abp" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            raw = json.loads(line)
            if (raw.get("date") or "") >= since:
                rows.append({k: raw.get(k) for k in ("title", "text", "outlet", "date", "url")})
    rows.sort(key=lambda r: r["date"])  # stable: file order within a date
    with out.open("w", encoding="utf-8") as fh:
        for r in rows[:n]:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return min(n, len(rows))


def _serve_main(args: argparse.Namespace, data: Path, workers: int) -> int:
    if len(args.postgres) != 1:
        print("storydiff: --serve needs one --postgres URL (an empty database)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp, ray_session(RayOptions(workers=workers)):
        src = Path(tmp) / "stream.jsonl"
        days_stream(data, args.articles, args.since, src)
        run = serve_while_ingesting(
            args.postgres[0],
            src,
            embedder=args.embedder,
            workers=workers,
            concurrency=args.concurrency,
        )
    table = live_markdown(
        run,
        articles=args.articles,
        since=args.since,
        embedder=args.embedder,
        workers=workers,
        concurrency=args.concurrency,
    )
    print(table)
    if args.write:
        cmd = (
            f"python -m storydiff.bench.scale --serve --postgres URL --articles "
            f"{args.articles} --since {args.since} --embedder {args.embedder} --workers "
            f"{workers} --concurrency {args.concurrency} --write {args.write}"
        )
        write_section(
            Path(args.write),
            "bench-ray-serve",
            "The web app on PostgreSQL while Ray ingests",
            table,
            cmd,
        )
    return 0 if not run.errors else 1


if __name__ == "__main__":
    sys.exit(main())
