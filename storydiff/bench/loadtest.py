"""``make loadtest``: a bounded load run against a web server it starts on 127.0.0.1 only.

``python -m storydiff.bench.loadtest [--write docs/benchmarks.md]``. In a temporary folder it
builds a corpus store from articles made of the seed pair's sentences, starts
``storydiff serve --db`` on a free loopback port (its own embedding cache, so "new" texts
are really new), sends one warm-up comparison, then makes ``--runs`` runs of ``--requests``
requests at ``--concurrency`` at once while ``storydiff ingest`` keeps writing to the store:

- ``compare-new``: ``POST /api/compare`` of the seed pair with every sentence changed
  (nothing cached: the encoder runs);
- ``compare-cached``: the seed pair as it is (every vector from the cache);
- ``story-compare``: ``GET /api/stories/{id}/compare``;
- ``story-pages``: the story list, a search, a story page and their JSON twins.

It prints, per run, the errors (any answer but 2xx, 5xx counted apart), p50/p95 latency
per kind, and the server's resident memory (RSS) before and after, and stops the server
and the ingest by itself. The whole run is bounded by ``--timeout``. Nothing listens
beyond this machine and nothing outside the temporary folder is written (but ``--write``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storydiff.evaluate.benchdoc import write_section

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "seed-pair"
HOST = "127.0.0.1"
BATCH = 20  # articles per `storydiff ingest` process
_RUN_CLI = "import sys; from storydiff.cli import main; sys.exit(main(sys.argv[1:]))"


@dataclass(frozen=True, kw_only=True)
class Request:
    """One planned request."""

    kind: str
    method: str
    path: str
    body: dict[str, Any] | None = None


@dataclass(frozen=True, kw_only=True)
class Result:
    """What one request got."""

    kind: str
    status: int  # 0: no answer (connection error or client timeout)
    seconds: float


@dataclass(frozen=True, kw_only=True)
class RunSummary:
    """One run: its results, wall time, articles ingested during it, RSS after it."""

    results: list[Result]
    wall: float
    ingested: int
    rss_after_mb: float | None


# --- inputs ----------------------------------------------------------------------------------


def _seed() -> tuple[str, str]:
    return tuple(  # type: ignore[return-value]
        (SEED / name).read_text(encoding="utf-8")
        for name in ("macron-biden-1.txt", "macron-biden-2.txt")
    )


def _changed(text: str, tag: str) -> str:
    """``text`` with every sentence changed, so none of its vectors is cached."""
    return re.sub(r"([.!?])(\s|$)", rf" ({tag})\1\2", text)


def _corpus(folder: Path, n: int, per_file: int) -> list[Path]:
    """``n`` articles from the seed pair's sentences in JSONL files of ``per_file``."""
    rng = random.Random(11)
    sentences = [s for text in _seed() for s in re.split(r"(?<=[.!?])\s+", text) if len(s) > 30]
    outlets = ["Outlet A", "Outlet B", "Outlet C", "Outlet D", "Outlet E"]
    files = []
    for start in range(0, n, per_file):
        path = folder / f"batch-{start // per_file:03d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for j in range(start, min(n, start + per_file)):
                body = rng.sample(sentences, 8)
                row = {
                    "title": f"Dispatch {j}: {body[0][:60]}",
                    "text": " ".join(body) + f" Dispatch number {j}.",
                    "outlet": outlets[j % len(outlets)],
                    "date": f"2026-11-{1 + j % 28:02d}",
                    "url": f"https://example.org/news/{j}",
                }
                fh.write(json.dumps(row) + "\n")
        files.append(path)
    return files


def _plan(run: int, n: int, story_ids: Sequence[str]) -> list[Request]:
    """``n`` requests: 5% new comparisons, 5% cached, 2% story comparisons, the rest pages.

    Comparisons are few: on 2 shared cores one new seed-pair comparison takes seconds, so
    a larger share would make a run last many minutes without telling more.
    """
    a, b = _seed()
    rng = random.Random(run)
    plan: list[Request] = []
    n_new, n_cached, n_story = n // 20, n // 20, n // 50
    for i in range(n_new):
        tag = f"run {run} no {i}"
        pair = [{"text": _changed(a, tag)}, {"text": _changed(b, tag)}]
        plan.append(
            Request(kind="compare-new", method="POST", path="/api/compare", body={"articles": pair})
        )
    cached = {"articles": [{"text": a}, {"text": b}]}
    plan += [
        Request(kind="compare-cached", method="POST", path="/api/compare", body=cached)
    ] * n_cached
    ids = list(story_ids) or ["none"]
    for i in range(n_story):
        sid = ids[i % min(len(ids), 3)]  # a few stories: their vectors get cached
        plan.append(Request(kind="story-compare", method="GET", path=f"/api/stories/{sid}/compare"))
    pages = ["/stories", "/api/stories", "/stories?q=Macron", "/api/stories?q=Biden&min_size=1"]
    for i in range(n - len(plan)):
        sid = ids[i % len(ids)]
        path = [*pages, f"/stories/{sid}", f"/api/stories/{sid}"][i % (len(pages) + 2)]
        plan.append(Request(kind="story-pages", method="GET", path=path))
    rng.shuffle(plan)
    return plan


# --- the server and the writer ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float | None:
    """Resident memory of process ``pid`` in MB (Linux ``/proc``; None elsewhere)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None


def _cli(args: Sequence[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-c", _RUN_CLI, *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


class Writer:
    """Runs ``storydiff ingest`` on one batch after another until stopped."""

    def __init__(self, batches: Iterator[Path], db: Path, env: dict[str, str], log: Path):
        self.batches = batches
        self.db = db
        self.env = env
        self.log = log
        self.stop = threading.Event()
        self.done = 0
        self.failed = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> Writer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self._thread.join(120)
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()

    def _loop(self) -> None:
        for batch in self.batches:
            if self.stop.is_set():
                return
            self._proc = _cli(
                ["ingest", str(batch), "--db", str(self.db), "--embedder", "hashing", "-q"],
                self.env,
                self.log,
            )
            code = self._proc.wait()
            self.done += code == 0
            self.failed += code != 0


# --- the client ------------------------------------------------------------------------------


def _send(client: Any, request: Request) -> Result:
    import httpx

    t = time.perf_counter()
    try:
        if request.method == "POST":
            r = client.post(request.path, json=request.body)
        else:
            r = client.get(request.path)
        status = r.status_code
    except httpx.HTTPError:
        status = 0
    return Result(kind=request.kind, status=status, seconds=time.perf_counter() - t)


def wait_ready(
    client: Any, server: subprocess.Popen[bytes], deadline: float, path: str = "/"
) -> None:
    """Poll ``path`` until the server answers 200; fail fast if its process has exited."""
    import httpx

    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.returncode}")
        try:
            if client.get(path).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not answer in time")


def _story_ids(client: Any) -> list[str]:
    r = client.get("/api/stories", params={"min_size": 2})
    return [s["id"] for s in r.json()["stories"]][:20] if r.status_code == 200 else []


def _pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) process ``pid`` has used (Linux ``/proc``; None elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True, kw_only=True)
class Burst:
    """``n`` comparisons sent at once against the same kind of request sent alone."""

    kind: str
    alone_s: float  # median of 3 sent one at a time
    alone_cpu_s: float | None  # the server's CPU seconds per request sent alone
    p95_s: float
    max_s: float
    cpu_s: float | None  # the server's CPU seconds over the whole burst
    errors: int


def _pair(tag: str | None) -> dict[str, Any]:
    """The seed pair's request body, every sentence changed by ``tag`` (None: as it is)."""
    a, b = _seed()
    if tag is not None:
        a, b = _changed(a, tag), _changed(b, tag)
    return {"articles": [{"text": a}, {"text": b}]}


def _timed(client: Any, pid: int, bodies: Sequence[dict[str, Any]]) -> tuple[list[Result], float]:
    """``bodies`` posted all at once; the results and the server's CPU seconds over them."""
    requests = [Request(kind="burst", method="POST", path="/api/compare", body=b) for b in bodies]
    before = cpu_s(pid)
    with ThreadPoolExecutor(len(requests)) as pool:
        got = list(pool.map(lambda r: _send(client, r), requests))
    after = cpu_s(pid)
    return got, (after - before) if before is not None and after is not None else float("nan")


def bursts(client: Any, pid: int, n: int) -> list[Burst]:
    """Issue 12's check, three ways: ``n`` identical requests of a pair not compared
    before (one comparison, shared), ``n`` identical requests of a pair compared before
    (answered from the result cache), and ``n`` different new pairs (``n`` comparisons:
    on 2 cores these queue for the CPU whatever the server does; the CPU seconds say so).
    Each against the median of 3 of the same kind sent alone."""
    out = []
    # Per kind: the tags of the 3 sent alone, and of the n sent at once (None: unchanged).
    kinds: dict[str, tuple[list[str | None], list[str | None]]] = {
        "identical, new": ([f"alone {j}" for j in range(3)], ["burst"] * n),
        "identical, compared before": ([None] * 3, [None] * n),
        "different, new": ([f"one {j}" for j in range(3)], [f"burst {i}" for i in range(n)]),
    }
    for kind, (alone_tags, burst_tags) in kinds.items():
        alone, alone_cpu = [], []
        for tag in alone_tags:
            got, cpu = _timed(client, pid, [_pair(tag)])
            alone.append(got[0].seconds)
            alone_cpu.append(cpu)
        got, cpu = _timed(client, pid, [_pair(tag) for tag in burst_tags])
        secs = [r.seconds for r in got]
        out.append(
            Burst(
                kind=kind,
                alone_s=statistics.median(alone),
                alone_cpu_s=statistics.median(alone_cpu),
                p95_s=_pct(secs, 0.95),
                max_s=max(secs),
                cpu_s=cpu,
                errors=sum(not 200 <= r.status < 400 for r in got),
            )
        )
    return out


def burst_table(got: Sequence[Burst], n: int) -> str:
    """The bursts as a Markdown table, with the done-when's ratio (p95 against alone)."""
    lines = [
        f"{n} `POST /api/compare` of the seed pair at once, before the runs (server CPU from "
        "`/proc`, user + system):",
        "",
        "| requests | one alone (median of 3) | CPU s alone | p95 of the burst | max "
        "| p95 / alone | CPU s of the burst | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for b in got:
        lines.append(
            f"| {b.kind} | {b.alone_s:.3f} s | {b.alone_cpu_s:.2f} | {b.p95_s:.3f} s "
            f"| {b.max_s:.3f} s | {b.p95_s / b.alone_s:.1f}x | {b.cpu_s:.2f} | {b.errors} |"
        )
    return "\n".join(lines)


# --- the report ------------------------------------------------------------------------------


def report(runs: Sequence[RunSummary], rss_start: float | None, rss_warm: float | None) -> str:
    """A Markdown table per run, then memory and the verdict of issue 11's done-when."""

    def mb(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.0f} MB"

    lines = [
        f"Server RSS after start {mb(rss_start)}, after the warm-up comparison {mb(rss_warm)}.",
        "",
        "| run | kind | requests | errors | 5xx | p50 s | p95 s | max s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, run in enumerate(runs, 1):
        kinds = sorted({r.kind for r in run.results})
        for kind in [*kinds, "all"]:
            got = [r for r in run.results if kind in ("all", r.kind)]
            secs = [r.seconds for r in got]
            errors = sum(not 200 <= r.status < 400 for r in got)
            fives = sum(r.status >= 500 or r.status == 0 for r in got)
            lines.append(
                f"| {n} | {kind} | {len(got)} | {errors} | {fives} | "
                f"{statistics.median(secs):.2f} | {_pct(secs, 0.95):.2f} | {max(secs):.2f} |"
            )
    lines.append("")
    for n, run in enumerate(runs, 1):
        lines.append(
            f"Run {n}: {run.wall:.1f} s wall, {run.ingested} ingest runs of {BATCH} articles "
            "each written during it, "
            f"server RSS after {mb(run.rss_after_mb)}."
        )
    errors = sum(not 200 <= r.status < 400 for run in runs for r in run.results)
    first, last = runs[0].rss_after_mb, runs[-1].rss_after_mb
    growth = (last / first - 1) if first and last else None
    verdict = "pass" if errors == 0 and growth is not None and growth <= 0.10 else "FAIL"
    grown = "n/a" if growth is None else f"{growth:+.1%}"
    lines.append("")
    lines.append(
        f"Verdict: **{verdict}** ({errors} errors in all runs; RSS after the last run "
        f"{grown} against after the first, limit +10%)."
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m storydiff.bench.loadtest", description=__doc__)
    parser.add_argument("--requests", type=int, default=200, help="per run (default 200)")
    parser.add_argument("--concurrency", type=int, default=8, help="at once (default 8)")
    parser.add_argument("--runs", type=int, default=2, help="runs (default 2)")
    parser.add_argument("--embedder", default="e5-small", help="the server's embedder")
    parser.add_argument("--workers", type=int, default=None, help="serve --workers")
    parser.add_argument("--timeout", type=float, default=900.0, help="the whole run, seconds")
    parser.add_argument("--write", type=Path, default=None, help="update this Markdown file")
    parser.add_argument(
        "--bursts-only", action="store_true", help="print the burst table and stop (no runs)"
    )
    args = parser.parse_args(argv)
    import httpx

    deadline = time.monotonic() + args.timeout
    # A TERM (a CI timeout, kill) unwinds like Ctrl-C: the server and the ingest are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="storydiff-loadtest-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "STORYDIFF_CACHE": str(folder / "cache"), "HF_HUB_OFFLINE": "1"}
        log = folder / "log.txt"
        db = folder / "store.db"
        # Enough batches for the ingest to write through every run.
        batches = iter(_corpus(folder, n=1_600, per_file=BATCH))
        # Stories of 20+ articles from the start, so both runs compare stories of the
        # same size (a comparison takes at most 20 of a story's articles).
        first = [str(next(batches)) for _ in range(3)]
        init = _cli(["ingest", *first, "--db", str(db), "--embedder", "hashing", "-q"], env, log)
        if init.wait(300) != 0:
            print(log.read_text(encoding="utf-8")[-2000:], file=sys.stderr)
            return 1
        port = _free_port()
        serve = ["serve", "--host", HOST, "--port", str(port), "--db", str(db)]
        serve += ["--embedder", args.embedder]
        if args.workers:
            serve += ["--workers", str(args.workers)]
        server = _cli(serve, env, folder / "server.txt")
        runs: list[RunSummary] = []
        try:
            limits = httpx.Limits(max_connections=args.concurrency + 2)
            with httpx.Client(
                base_url=f"http://{HOST}:{port}",
                timeout=300.0,
                limits=limits,
                follow_redirects=True,
            ) as client:
                wait_ready(client, server, deadline)
                rss_start = rss_mb(server.pid)
                a, b = _seed()
                warm = client.post("/api/compare", json={"articles": [{"text": a}, {"text": b}]})
                if warm.status_code != 200:
                    raise RuntimeError(f"the warm-up comparison answered {warm.status_code}")
                rss_warm = rss_mb(server.pid)
                burst = burst_table(bursts(client, server.pid, args.concurrency), args.concurrency)
                if args.bursts_only:
                    print(burst)
                    return 0
                for run in range(1, args.runs + 1):
                    plan = _plan(run, args.requests, _story_ids(client))
                    t = time.perf_counter()
                    with (
                        Writer(batches, db, env, log) as writer,
                        ThreadPoolExecutor(args.concurrency) as pool,
                    ):
                        results = list(pool.map(lambda r: _send(client, r), plan))
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"over the {args.timeout:.0f} s limit")
                    runs.append(
                        RunSummary(
                            results=results,
                            wall=time.perf_counter() - t,
                            ingested=writer.done,
                            rss_after_mb=rss_mb(server.pid),
                        )
                    )
                    print(f"run {run}: done in {runs[-1].wall:.1f} s", file=sys.stderr)
        except RuntimeError as err:
            print(f"loadtest: {err}", file=sys.stderr)
            print((folder / "server.txt").read_text(encoding="utf-8")[-3000:], file=sys.stderr)
            return 1
        finally:
            server.terminate()
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                server.kill()
        text = report(runs, rss_start, rss_warm) + "\n\n" + burst
    cpus = os.cpu_count()
    body = (
        f"{args.runs} runs of {args.requests} requests, {args.concurrency} at once, against "
        f"`storydiff serve --db` on {HOST} ({cpus} CPUs, embedder {args.embedder}, default "
        "workers) while `storydiff ingest` writes to the same store. Kinds: `compare-new` "
        "(the seed pair with every sentence changed: nothing cached), `compare-cached` (the "
        "seed pair), `story-compare` (`/api/stories/{id}/compare`), `story-pages` (list, "
        "search, story, and their JSON twins). Errors: any answer but 2xx/3xx, or none.\n\n" + text
    )
    print(body)
    if args.write:
        write_section(
            args.write,
            "loadtest",
            "Load test: the web app under concurrent requests",
            body,
            "make loadtest",
        )
    return 0 if "**pass**" in text else 1


if __name__ == "__main__":
    sys.exit(main())
