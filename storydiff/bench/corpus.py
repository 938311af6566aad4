"""Corpus-mode benchmark: ingest and clustering throughput, peak memory, database size.

    python -m storydiff.bench.corpus [--sizes 1000,10000,37554] [--embedder e5-small]
        [--write docs/benchmarks.md]

For each size N, the first N articles of the AllSides-ABP corpus (``STORYDIFF_DATA``),
ordered by date as a news stream would arrive, are written to a temporary JSONL file and
ingested by a fresh subprocess (so peak RSS is that of the ingest alone) into a new store:
reading, cleaning, lead segmentation, embedding, clustering and one SQLite transaction per
article. The CPU time per article of the first and of the last block of 1,000 articles
shows whether the cost per article grows with the store; it should not, since only the
stories of an article's own days are candidates (texts differ between blocks, so expect
some noise). Embeddings
are not cached, so every run pays for the model.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from storydiff.evaluate.benchdoc import write_section

BLOCK = 1000


def _peak_rss_mb() -> float:
    """Peak resident memory of this process. VmHWM, not ru_maxrss: on Linux ru_maxrss
    survives exec, so a child would report the parent's peak (which holds the stream)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(src: str, db: str, embedder_name: str) -> dict[str, Any]:
    """Runs in the subprocess: one ingest, measured."""
    from storydiff.cluster import Clusterer
    from storydiff.corpus import ingest_stream
    from storydiff.embed import corpus_model, load_embedder
    from storydiff.store import open_store
    from storydiff.stream import iter_articles

    embedder = load_embedder(embedder_name, corpus_model(embedder_name, None))
    store = open_store(db)
    clusterer = Clusterer(store, embedder)
    # CPU time per block, not wall time: on a shared machine other jobs' load would
    # otherwise read as a cost of the store growing.
    marks: list[float] = []
    t0 = time.perf_counter()
    c0 = time.process_time()

    def progress(n: int) -> None:
        if n % BLOCK == 0:
            marks.append(time.process_time())

    summary = ingest_stream(iter_articles([src]), store, clusterer, progress=progress)
    seconds = time.perf_counter() - t0
    active = clusterer.active_count
    stories = len({sid for _, sid in store.assignments()})
    store.close()
    blocks = [b - a for a, b in zip([c0, *marks], marks, strict=False)]
    return {
        "added": summary.added,
        "rejected": sum(summary.rejected.values()),
        "seconds": seconds,
        "rate": summary.added / seconds if seconds else 0.0,
        "cpu_ms_first_block": 1000 * blocks[0] / BLOCK if blocks else None,
        "cpu_ms_last_block": 1000 * blocks[-1] / BLOCK if blocks else None,
        "stories": stories,
        "active_at_end": active,
        "peak_rss_mb": _peak_rss_mb(),
        "db_mb": sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*")) / 1e6,
    }


def write_stream(data: Path, n: int, out: Path) -> int:
    """The first ``n`` ABP articles, by date (undated first), as JSONL at ``out``."""
    rows = []
    with gzip.open(data / "allsides_abp" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            raw = json.loads(line)
            rows.append({k: raw.get(k) for k in ("title", "text", "outlet", "date", "url")})
            if len(rows) >= n:
                break
    rows.sort(key=lambda r: r.get("date") or "")
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(rows)


def run(data: Path, sizes: list[int], embedder: str) -> list[dict[str, Any]]:
    """One measured subprocess per size."""
    results = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "stream.jsonl"
            got = write_stream(data, n, src)
            db = Path(tmp) / "corpus.db"
            proc = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "storydiff.bench.corpus",
                    "--child",
                    str(src),
                    str(db),
                    "--embedder",
                    embedder,
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            r.update(size=got, embedder=embedder)
            print(json.dumps(r), file=sys.stderr, flush=True)
            results.append(r)
    return results


def markdown_table(results: list[dict[str, Any]]) -> str:
    """The measurements as a Markdown table."""

    def f(x: float | None, fmt: str = ".1f") -> str:
        return "-" if x is None else format(x, fmt)

    lines = [
        "| Articles | Embedder | Added | Articles/s (wall) | CPU ms/article, first 1k | "
        "CPU ms/article, last 1k | Stories | Active at end | Peak RSS MB | DB MB |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r['size']} | {r['embedder']} | {r['added']} | {f(r['rate'])} | "
            f"{f(r['cpu_ms_first_block'], '.2f')} | {f(r['cpu_ms_last_block'], '.2f')} | "
            f"{r['stories']} | "
            f"{r['active_at_end']} | {f(r['peak_rss_mb'], '.0f')} | {f(r['db_mb'])} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="corpus-mode benchmark")
    parser.add_argument("--data", default=os.environ.get("STORYDIFF_DATA", "../shared/data"))
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--write", metavar="PATH")
    parser.add_argument("--child", nargs=2, metavar=("SRC", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child[0], args.child[1], args.embedder)))
        return 0
    data = Path(args.data)
    if not (data / "allsides_abp" / "articles.jsonl.gz").is_file():
        print(f"storydiff: corpus not found under {data} (set STORYDIFF_DATA)", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = run(data, sizes, args.embedder)
    table = markdown_table(results)
    print(table)
    if args.write:
        cmd = (
            f"python -m storydiff.bench.corpus --sizes {args.sizes} --embedder {args.embedder}"
            f" --write {args.write}"
        )
        write_section(
            Path(args.write), f"bench-corpus-{args.embedder}", "Corpus ingest", table, cmd
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
