"""Ingest on Ray against the local engine: throughput, CPU per article, same stories.

    python -m storydiff.bench.scale [--articles 1000] [--workers 1,2] [--embedder e5-small]
        [--write docs/benchmarks.md]

The first N AllSides-ABP articles (``STORYDIFF_DATA``), by date, are ingested into a fresh
store by the local engine, then by ``--engine ray`` with each number of workers on a
local Ray started once beforehand (its start, about 10 s, is not counted: a long ingest
pays it once). CPU time is that of the whole process tree, driver and Ray's processes,
sampled every 0.2 s so that actors which exit still count; the driver's own share is
what one writer costs per article, which bounds a bigger node. Each Ray run's stories are
compared with the local engine's (B³ F1, 1.0 when identical).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
import time
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
from storydiff.stream import iter_articles

TICK = os.sysconf("SC_CLK_TCK")
# The node the projection is for: one core left to the driver, one worker per other core.
NODE_CORES = 16


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


class Meter:
    """CPU seconds of the process tree over a ``with`` block (``total``, ``driver``)."""

    def __enter__(self) -> Meter:
        self.base = tree_cpu()
        self.last = dict(self.base)
        self.total = self.driver = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.last.update(tree_cpu())

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


def markdown(rows: list[dict[str, Any]]) -> str:
    """The table, and the projection for a ``NODE_CORES``-core node from the last Ray run."""
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
    per_day = min(by_workers, by_driver) * 86400
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
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ingest on Ray against the local engine")
    parser.add_argument("--data", default=os.environ.get("STORYDIFF_DATA", "../shared/data"))
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--embedder", default="e5-small")
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
        table = markdown(run(src, workers, args.embedder, Path(tmp)))
    print(table)
    if args.write:
        cmd = (
            f"python -m storydiff.bench.scale --articles {args.articles} --workers "
            f"{args.workers} --embedder {args.embedder} --write {args.write}"
        )
        write_section(Path(args.write), f"bench-ray-{args.embedder}", "Ingest on Ray", table, cmd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
