"""Speed and memory benchmarks: ``python -m storydiff.bench [--write docs/benchmarks.md]``.

Each measurement runs in a fresh subprocess so that peak memory (ru_maxrss) and cold
start are real. Stories of k articles are drawn from the AllSides corpus in the
evaluation data when it is present (``STORYDIFF_DATA``), else built from the seed pair.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storydiff.evaluate.benchdoc import write_section

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "seed-pair"
SIZES = (2, 5, 10, 20, 50)


def _child(mode: str, payload: str) -> dict[str, float]:
    """Runs inside the subprocess: one measurement, printed as JSON."""
    import tempfile

    t0 = time.perf_counter()
    from storydiff.compare import Pipeline
    from storydiff.embed import CachedEmbedder, load_embedder
    from storydiff.ingest import read_inputs
    from storydiff.records import Article
    from storydiff.settings import Settings

    if mode == "seed":
        articles = list(
            read_inputs(
                [str(SEED / "macron-biden-1.txt"), str(SEED / "macron-biden-2.txt")]
            ).articles
        )
    else:
        from storydiff.ingest import article_from_text

        docs = json.loads(Path(payload).read_text(encoding="utf-8"))
        articles = [
            article_from_text(d["text"], source=d["source"], title=d.get("title")) for d in docs
        ]
    assert all(isinstance(a, Article) for a in articles)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(cache=True, cache_dir=Path(tmp))
        embedder = CachedEmbedder(load_embedder(settings.embedder), Path(tmp) / "emb.sqlite")
        pipe = Pipeline(settings, embedder=embedder)
        load = time.perf_counter() - t0
        t = time.perf_counter()
        first = pipe.compare(articles)
        cold = time.perf_counter() - t
        # Warm: models loaded, embedding cache empty (as for a new set of articles).
        recording = _Recording(embedder.inner)
        pipe.embedder = CachedEmbedder(recording)
        c = _cpu()
        t = time.perf_counter()
        warm = pipe.compare(articles)
        warm_time = time.perf_counter() - t
        warm_cpu = _cpu() - c
        # The same encoder calls again, alone: the CPU the embedding model itself needs
        # (the comparison's own "embed" time also holds the parser's thread and waits).
        c = _cpu()
        for batch in recording.batches:
            embedder.inner.embed(batch)
        embed_cpu = _cpu() - c
        # Cached: the same articles again, every embedding from the cache.
        t = time.perf_counter()
        pipe.compare(articles)
        cached = time.perf_counter() - t
    n_sent = sum(len(s.sentences) for s in first.articles)
    return {
        "articles": len(articles),
        "sentences": n_sent,
        "import_and_load_s": load,
        "cold_compare_s": cold,
        "warm_compare_s": warm_time,
        "cached_compare_s": cached,
        "embed_s": warm.timings["embed"],
        "embed_share": warm.timings["embed"] / max(warm_time, 1e-9),
        "warm_cpu_s": warm_cpu,
        "embed_cpu_s": embed_cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "facts": len(first.facts),
    }


def _cpu() -> float:
    """CPU seconds of this process, every thread (the encoder's pool and the parser's)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class _Recording:
    """An embedder that keeps the batches it was given, to replay them alone."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.thread_safe = bool(getattr(inner, "thread_safe", False))
        self.batches: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> Any:
        self.batches.append(list(texts))
        return self.inner.embed(texts)


def _run_child(mode: str, payload: str = "") -> dict[str, float]:
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "storydiff.bench", "--child", mode, payload],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"HF_HUB_OFFLINE": "1"},
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_wall_s"] = time.perf_counter() - t
    return result


def _stories(data: Path, tmp: Path) -> dict[int, Path]:
    """Write k-article story files (same-topic AllSides articles, or seed copies)."""
    corpus = data / "allsides_abp" / "articles.jsonl.gz"
    pool: list[dict[str, str]] = []
    if corpus.is_file():
        rng = random.Random(0)
        with gzip.open(corpus, "rt", encoding="utf-8") as fh:
            by_topic: dict[str, list[dict[str, str]]] = {}
            for line in fh:
                d = json.loads(line)
                topic = (d.get("labels") or {}).get("topic") or d.get("topic") or "?"
                text = d.get("text") or ""
                if 1500 < len(text) < 6000:
                    by_topic.setdefault(str(topic), []).append(
                        {"text": text, "title": d.get("title") or "", "source": d.get("id", "")}
                    )
                if sum(len(v) for v in by_topic.values()) > 20000:
                    break
        topic = max(by_topic, key=lambda k: len(by_topic[k]))
        pool = by_topic[topic]
        rng.shuffle(pool)
    else:
        for i in range(max(SIZES)):
            for p in sorted(SEED.glob("*.txt")):
                pool.append(
                    {"text": p.read_text(encoding="utf-8") + f"\nCopy {i}.", "source": p.name}
                )
    out = {}
    for k in SIZES:
        path = tmp / f"story-{k}.json"
        path.write_text(json.dumps(pool[:k]), encoding="utf-8")
        out[k] = path
    return out


def run(data: Path) -> dict[str, object]:
    import tempfile

    results: dict[str, object] = {
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
    }
    results["seed"] = _run_child("seed")
    with tempfile.TemporaryDirectory() as tmp:
        stories = _stories(data, Path(tmp))
        results["stories"] = {k: _run_child("story", str(p)) for k, p in stories.items()}
    return results


def markdown(results: dict[str, object]) -> str:
    seed = results["seed"]
    assert isinstance(seed, dict)
    lines = [
        f"Machine: {results['machine']}, Python {results['python']}.",
        "",
        "**Seed pair** (2 articles, {:.0f} sentences):".format(seed["sentences"]),
        "",
        "| measure | value |",
        "| --- | --- |",
        "| process start to result, cold (import, model load, empty cache) | "
        f"{seed['process_wall_s']:.2f} s |",
        f"| import and model load | {seed['import_and_load_s']:.2f} s |",
        f"| first comparison in the process | {seed['cold_compare_s']:.2f} s |",
        "| warm comparison (models loaded, embedding cache empty) | "
        f"{seed['warm_compare_s']:.2f} s |",
        f"| warm comparison, embeddings cached | {seed['cached_compare_s']:.3f} s |",
        f"| share of warm time in the embedding model | {100 * seed['embed_share']:.0f}% |",
        "| warm comparison, CPU seconds (all threads) / of which the encoder alone | "
        f"{seed['warm_cpu_s']:.2f} / {seed['embed_cpu_s']:.2f} s |",
        f"| peak memory (RSS) | {seed['peak_rss_mb']:.0f} MB |",
        "",
        "**Stories of k articles** (warm, embedding cache empty; one process per row):",
        "",
        "| k | sentences | warm compare | embedding | total / embedding | CPU s: total "
        "| CPU s: encoder alone | CPU total / encoder | ms per sentence | peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    stories = results["stories"]
    assert isinstance(stories, dict)
    for k, r in stories.items():
        lines.append(
            f"| {k} | {r['sentences']:.0f} | {r['warm_compare_s']:.2f} s | {r['embed_s']:.2f} s "
            f"| {r['warm_compare_s'] / max(r['embed_s'], 1e-9):.2f}x "
            f"| {r['warm_cpu_s']:.2f} | {r['embed_cpu_s']:.2f} "
            f"| {r['warm_cpu_s'] / max(r['embed_cpu_s'], 1e-9):.2f}x "
            f"| {1000 * r['warm_compare_s'] / max(r['sentences'], 1):.1f} "
            f"| {r['peak_rss_mb']:.0f} MB |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="storydiff speed and memory benchmarks")
    parser.add_argument(
        "--data", default=os.environ.get("STORYDIFF_DATA", str(ROOT.parent / "shared" / "data"))
    )
    parser.add_argument("--write", metavar="PATH", help="update the benchmarks section of PATH")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PAYLOAD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(*args.child)))
        return
    results = run(Path(args.data))
    table = markdown(results)
    print(table)
    if args.write:
        write_section(Path(args.write), "bench", "Speed and memory", table, "make bench")


if __name__ == "__main__":
    main()
