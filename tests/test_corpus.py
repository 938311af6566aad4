"""Corpus reading, polite fetching, ingest summaries, and a killed ingest resumed."""

from __future__ import annotations

import csv
import http.server
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from storydiff.cluster import Clusterer, ClusterParams
from storydiff.corpus import ingest_stream, progress_reporter
from storydiff.embed import load_embedder
from storydiff.errors import InputError
from storydiff.fetch import Fetcher, Politeness
from storydiff.ingest import Problem, article_from_text
from storydiff.records import Article
from storydiff.store.sqlite import SQLiteStore
from storydiff.stream import iter_articles

ROOT = Path(__file__).resolve().parent.parent
BODY = "The council voted on Tuesday to close the old bridge for repairs. " * 3


def _rows(n: int) -> list[dict[str, str]]:
    return [
        {
            "title": f"Story {i}",
            "text": f"{BODY} Item {i}.",
            "outlet": "Daily",
            "date": "2024-05-01",
        }
        for i in range(n)
    ]


def _articles(items) -> list[Article]:  # type: ignore[no-untyped-def]
    return [x for x in items if isinstance(x, Article)]


def test_jsonl_csv_and_folder(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps(r) for r in _rows(3)) + "\nnot json\n", encoding="utf-8"
    )
    with (tmp_path / "b.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["title", "text", "outlet", "date"])
        writer.writeheader()
        writer.writerows(_rows(2))
    (tmp_path / "c.txt").write_text("A headline here\n\n" + BODY, encoding="utf-8")
    items = list(iter_articles([str(tmp_path)]))
    arts = _articles(items)
    assert len(arts) == 6
    assert arts[0].title == "Story 0"
    assert arts[0].outlet == "Daily"
    assert arts[0].date == "2024-05-01"
    problems = [x for x in items if isinstance(x, Problem)]
    assert [p.source for p in problems] == [f"{tmp_path / 'a.jsonl'}:4"]
    assert (
        next(iter(iter_articles([str(tmp_path / "missing")]))).message == "no such file or folder"
    )  # type: ignore[union-attr]


def test_parquet(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist(_rows(4)), tmp_path / "x.parquet")
    arts = _articles(iter_articles([str(tmp_path / "x.parquet")]))
    assert [a.title for a in arts] == [f"Story {i}" for i in range(4)]


FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example News</title>
<item><title>Bridge closed</title><link>http://example.invalid/a</link>
<pubDate>Tue, 07 May 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<p>{body}</p>]]></description></item>
<item><title>Teaser only</title><link>http://example.invalid/b</link>
<description>Short teaser.</description></item>
</channel></rss>
"""


def test_feed_entries_use_their_text_or_fetch_the_link(tmp_path):
    pytest.importorskip("feedparser")
    (tmp_path / "f.rss").write_text(FEED.format(body=BODY * 3), encoding="utf-8")
    fetched: list[str] = []

    def fake_fetch(url: str, **_kw: object) -> Article:
        fetched.append(url)
        return article_from_text("Fetched page\n\n" + BODY, source=url)

    fetcher = Fetcher(Politeness(robots=False, host_delay=0), fetch=fake_fetch)
    arts = _articles(iter_articles([str(tmp_path / "f.rss")], fetcher=fetcher))
    assert [a.title for a in arts] == ["Bridge closed", "Teaser only"]
    assert arts[0].outlet == "Example News"
    assert arts[0].date == "2024-05-07"
    assert fetched == ["http://example.invalid/b"]


def test_fetcher_waits_per_host_and_retries_transient_errors():
    now = [0.0]
    slept: list[float] = []
    calls: list[str] = []

    def sleep(s: float) -> None:
        slept.append(round(s, 3))
        now[0] += s

    def fetch(url: str, **_kw: object) -> Article:
        calls.append(url)
        if url.endswith("flaky") and calls.count(url) < 3:
            raise InputError(f"{url}: HTTP 503")
        if url.endswith("gone"):
            raise InputError(f"{url}: HTTP 404")
        return article_from_text(BODY, source=url)

    f = Fetcher(
        Politeness(robots=False, host_delay=2.0, retries=2, backoff=1.0),
        fetch=fetch,
        sleep=sleep,
        clock=lambda: now[0],
    )
    f.article("http://a.invalid/1")
    f.article("http://b.invalid/1")  # another host: no wait
    f.article("http://a.invalid/2")  # same host: waits out the delay
    assert slept == [2.0]
    f.article("http://c.invalid/flaky")
    assert calls.count("http://c.invalid/flaky") == 3
    assert 1.0 in slept
    assert 2.0 in slept[1:]
    with pytest.raises(InputError, match="404"):
        f.article("http://c.invalid/gone")
    assert calls.count("http://c.invalid/gone") == 1  # a 404 is not retried


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        pages = {
            "/robots.txt": ("text/plain", "User-agent: *\nDisallow: /private\n"),
            "/ok": (
                "text/html",
                f"<html><body><article><p>{BODY}</p></article></body></html>",
            ),
            "/private": ("text/html", f"<html><body><p>{BODY}</p></body></html>"),
        }
        if self.path == "/feed.xml":
            base = f"http://{self.headers['Host']}"
            feed = FEED.replace("http://example.invalid/b", f"{base}/ok")
            pages["/feed.xml"] = ("application/rss+xml", feed.format(body=BODY * 3))
        if self.path not in pages:
            self.send_error(404)
            return
        ctype, body = pages[self.path]
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def server_base():  # type: ignore[no-untyped-def]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_feed_url_is_read_entry_by_entry(server_base):
    pytest.importorskip("feedparser")
    fetcher = Fetcher(Politeness(allow_private=True, host_delay=0, timeout=5))
    arts = _articles(iter_articles([f"{server_base}/feed.xml"], fetcher=fetcher))
    assert [a.title for a in arts] == ["Bridge closed", "Teaser only"]
    assert arts[1].url == f"{server_base}/ok"
    assert arts[1].outlet == "Example News"


def test_robots_txt_is_respected_over_real_http(tmp_path, server_base):
    base = server_base
    (tmp_path / "list.urls").write_text(f"{base}/ok\n# comment\n{base}/private\n")
    fetcher = Fetcher(Politeness(allow_private=True, host_delay=0, timeout=5))
    items = list(iter_articles([str(tmp_path / "list.urls")], fetcher=fetcher))
    arts = _articles(items)
    assert len(arts) == 1
    assert BODY.strip()[:30] in arts[0].text
    (problem,) = [x for x in items if isinstance(x, Problem)]
    assert "robots.txt" in problem.message


def test_ingest_summary_counts_added_duplicates_and_rejections(tmp_path):
    store = SQLiteStore(tmp_path / "c.db")
    clusterer = Clusterer(store, load_embedder("hashing"), ClusterParams(threshold=0.45))
    arts = [article_from_text(f"{BODY} Number {i}.", source=str(i)) for i in range(3)]
    short = article_from_text("Too short.", source="short")
    items = [*arts, arts[0], short, Problem(source="x", message="empty file")]
    summary = ingest_stream(items, store, clusterer, chunk=2)
    assert (summary.added, summary.duplicate) == (3, 1)
    assert summary.rejected == {"too short (under 100 characters)": 1, "empty file": 1}
    again = ingest_stream(arts, store, clusterer)
    assert (again.added, again.duplicate) == (0, 3)
    assert "duplicates" in summary.lines()[0]


def test_chunks_embedded_ahead_are_placed_in_order_with_duplicates_across_chunks(tmp_path):
    # A chunk is embedded in a thread while the one before is placed: the stories and the
    # duplicate count must be those of one chunk after another.
    arts = [article_from_text(f"{BODY} Number {i % 5}.", source=str(i)) for i in range(12)]

    def ingest(chunk: int) -> tuple[int, int, list[tuple[str, str]]]:
        store = SQLiteStore(tmp_path / f"c{chunk}.db")
        clusterer = Clusterer(store, load_embedder("hashing"), ClusterParams(threshold=0.45))
        summary = ingest_stream(arts, store, clusterer, chunk=chunk)
        return summary.added, summary.duplicate, sorted(store.assignments())

    one_by_one, in_threes = ingest(1), ingest(3)
    assert one_by_one[:2] == (5, 7)
    assert in_threes == one_by_one


def test_an_embedding_error_stops_the_ingest_after_the_chunks_before(tmp_path):
    class Failing:
        name, dim = "failing", 8
        calls = 0

        def embed(self, texts):  # type: ignore[no-untyped-def]
            Failing.calls += 1
            if Failing.calls == 2:
                raise RuntimeError("model gone")
            return load_embedder("hashing").embed(texts)[:, :8]

    store = SQLiteStore(tmp_path / "c.db")
    arts = [article_from_text(f"{BODY} Number {i}.", source=str(i)) for i in range(6)]
    with pytest.raises(RuntimeError, match="model gone"):
        ingest_stream(arts, store, Clusterer(store, Failing()), chunk=2)
    assert len(list(store.assignments())) == 2  # the first chunk, and nothing after it


def test_progress_is_a_redrawn_bar_on_a_terminal_and_lines_in_a_log(capsys):
    bar = progress_reporter(50, tty=True)
    bar(1)
    err = capsys.readouterr().err
    assert err.startswith(("\r[#", "\r[."))
    assert " 1/50 " in err
    assert "\n" not in err
    log = progress_reporter(tty=False, prefix="x: ")
    log(1)
    log(2)  # within the 10 s between two lines: not said
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("x: ingest: 1 item read, ")
    assert line.endswith("/s")


CHILD = textwrap.dedent(
    """
    import sys
    from storydiff.cluster import ClusterParams, Clusterer
    from storydiff.corpus import ingest_stream
    from storydiff.stream import iter_articles
    from storydiff.embed import load_embedder
    from storydiff.store.sqlite import SQLiteStore

    store = SQLiteStore(sys.argv[1])
    params = ClusterParams(threshold=0.45, decay_days=3, max_active=6, repair_every=10)
    clusterer = Clusterer(store, load_embedder("hashing"), params)
    ingest_stream(iter_articles([sys.argv[2]]), store, clusterer, chunk=4)
    """
)


def _child(db: Path, src: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(src)], env=env)


def _snapshot(db: Path) -> tuple[list[tuple[str, ...]], ...]:
    con = sqlite3.connect(db)
    try:
        return (
            con.execute("SELECT seq, id, story_id, vector FROM articles ORDER BY seq").fetchall(),
            con.execute("SELECT * FROM stories ORDER BY id").fetchall(),
            con.execute("SELECT * FROM redirects ORDER BY old").fetchall(),
            con.execute("SELECT * FROM meta ORDER BY key").fetchall(),
            con.execute("SELECT rowid, title FROM articles_fts ORDER BY rowid").fetchall(),
        )
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.parametrize("order", ["date", "shuffled"])  # shuffled: late articles join old stories
def test_killed_ingest_resumes_to_the_same_database(tmp_path, order):
    import random

    from tests.test_cluster import synthetic

    src = tmp_path / "stream.jsonl"
    articles = synthetic(40, 10, seed=7)
    if order == "shuffled":
        random.Random(3).shuffle(articles)
    rows = [{"text": a.text, "date": a.date, "outlet": a.outlet} for a in articles]
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")

    clean = tmp_path / "clean.db"
    assert _child(clean, src).wait(timeout=120) == 0

    killed = tmp_path / "killed.db"
    proc = _child(killed, src)
    deadline = time.monotonic() + 60
    count = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            con = sqlite3.connect(f"file:{killed}?mode=ro", uri=True, timeout=1)
            count = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            con.close()
        except sqlite3.Error:
            count = 0
        if count >= 60:
            os.kill(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.005)
    assert proc.wait(timeout=30) == -signal.SIGKILL, "ingest finished before it could be killed"
    partial = _snapshot(killed)[0]
    assert 60 <= len(partial) < len(rows)
    assert _child(killed, src).wait(timeout=120) == 0
    assert _snapshot(killed) == _snapshot(clean)
