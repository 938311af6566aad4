"""Ingest on Ray against the local engine: throughput, CPU per article, same stories.

    python -m storydiff.bench.scale [--articles 1000] [--workers 1,2] [--embedder e5-small]
        [--postgres URL] [--write docs/benchmarks.md]

The first N AllSides-ABP articles (``STORYDIFF_DATA``), by date, are ingested into a fresh
store by the local engine, then by ``--engine ray`` with each number of workers on a
local Ray started once beforehand (its start, about 10 s, is not counted: a long ingest
pays it once). CPU time is that of the whole process tree, driver and Ray's processes,
sampled every 0.2 s so that actors which exit still count; the driver's own share is
what one writer costs per article, which bounds a bigger node. Each Ray run's stories are
compared with the local engine's (B³ F1, 1.0 when identical). The peak resident memory
of each embedding actor is sampled too: what a worker needs.

With ``--postgres URL`` (an empty database or schema; the password from ``PGPASSWORD``,
never the command line) the local engine's store is copied there with ``copy_store`` and
its size read from the server: the disk a million articles take (vectors, text, indexes),
less what the empty store took. Then a sizing table for nodes of 4 to 32 cores follows
from the measured figures.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from storydiff.bench.corpus import write_stream
from storydiff.cluster import Clusterer
from storydiff.corpus import ingest_stream
from storydiff.embed import load_embedder
from storydiff.evaluate.benchdoc import write_section
from storydiff.evaluate.metrics import bcubed
from storydiff.scale import RayOptions, ingest_on_ray
from storydiff.store import Store, open_store
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
        "actor_mb": meter.actor_peak / 2**20,
        "assignment": dict(store.assignments()),
    }
    print(f"{engine}: {summary.lines()[0]}", file=sys.stderr, flush=True)
    return row


def run(src: Path, workers: list[int], embedder_name: str, tmp: Path) -> list[dict[str, Any]]:
    """The local engine, then Ray with each number of workers, on ``src``."""
    import ray

    embedder = load_embedder(embedder_name)
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
                    model=None,
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
    texts (title, text, metadata), search vectors and indexes, less the empty store."""
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
    }


def _per_day(row: dict[str, Any], cores: int) -> float:
    """Articles a day on a node of ``cores`` cores: ``cores - 1`` workers at the measured
    worker CPU per article, one writer at the measured driver CPU per article."""
    worker_ms = max(row["cpu_ms"] - row["driver_ms"], 1e-9)
    rate = min((cores - 1) * 1000 / worker_ms, 1000 / max(float(row["driver_ms"]), 1e-9))
    return float(rate * 86400)


def sizing(rows: list[dict[str, Any]], disk: dict[str, float] | None) -> list[str]:
    """The sizing table from the last Ray run (and the PostgreSQL figures, when measured)."""
    last = rows[-1]
    actor_mb = max(r["actor_mb"] for r in rows)
    lines = ["", "Sizing, from the measured figures above (last Ray run):", ""]
    head = "| Cores | Ray workers | RAM for the workers | Articles/day |"
    rule = "| ---: | ---: | ---: | ---: |"
    if disk:
        head += " PostgreSQL disk/day |"
        rule += " ---: |"
    lines += [head, rule]
    for cores in (4, 8, 16, 32):
        per_day = _per_day(last, cores)
        line = (
            f"| {cores} | {cores - 1} | {(cores - 1) * actor_mb / 1024:.1f} GB | "
            f"{per_day / 1e6:.1f} million |"
        )
        if disk:
            line += f" {per_day * disk['total'] / 1e9:.0f} GB |"
        lines.append(line)
    lines += [
        "",
        f"RAM per worker: {actor_mb:.0f} MB, the peak resident memory of an embedding actor "
        "(the model, onnxruntime and Ray's worker); the driver, which holds a run's admitted "
        "articles until they are placed, comes on top.",
    ]
    if disk:
        mb = 1e6 / 2**20
        lines += [
            "",
            f"PostgreSQL disk per million articles: {disk['total'] * mb / 1024:.1f} GB "
            f"(measured on {disk['articles']:.0f} articles copied into an empty store, less "
            "the empty store, after VACUUM): vectors "
            f"{disk['vectors'] * mb / 1024:.2f} GB, title, text and metadata "
            f"{disk['texts'] * mb / 1024:.2f} GB (as stored: TOAST compresses long texts), "
            f"the full-text search column {disk['search'] * mb / 1024:.2f} GB, indexes "
            f"{disk['indexes'] * mb / 1024:.2f} GB; the rest is row overhead and the stories "
            "table.",
        ]
    return lines


def markdown(rows: list[dict[str, Any]], disk: dict[str, float] | None = None) -> str:
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
        *sizing(rows, disk),
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
        help="an empty PostgreSQL database to measure disk per article in (password in PGPASSWORD)",
    )
    parser.add_argument("--write", metavar="PATH")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "allsides_abp" / "articles.jsonl.gz").is_file():
        print(f"storydiff: corpus not found under {data} (set STORYDIFF_DATA)", file=sys.stderr)
        return 2
    workers = [int(w) for w in args.workers.split(",") if w.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "stream.jsonl"
        write_stream(data, args.articles, src)
        rows = run(src, workers, args.embedder, Path(tmp))
        disk = postgres_disk(Path(tmp) / "local.db", args.postgres) if args.postgres else None
        table = markdown(rows, disk)
    print(table)
    if args.write:
        cmd = (
            f"python -m storydiff.bench.scale --articles {args.articles} --workers "
            f"{args.workers} --embedder {args.embedder}"
            f"{' --postgres URL' if args.postgres else ''} --write {args.write}"
        )
        write_section(Path(args.write), f"bench-ray-{args.embedder}", "Ingest on Ray", table, cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
