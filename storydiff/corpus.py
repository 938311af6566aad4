"""Corpus mode: read a stream of articles from many sources and ingest it into a store.

Sources (``iter_articles``), each one at a time so memory does not grow with the corpus:

- a folder: every file in it (recursively, in name order) by its extension, leaving out
  hidden files and a folder's own documentation (README, LICENSE, CHANGELOG);
- ``.txt``, ``.html``, ``.json``, ``.md``: read as ``storydiff compare`` reads them;
- ``.jsonl`` (also ``.jsonl.gz``) and ``.csv``: one article per line or row, fields
  ``text``, ``title``, ``outlet``, ``date``, ``lang``, ``url``;
- ``.parquet``: the same columns (needs ``storydiff[parquet]``);
- ``.rss``, ``.atom``, ``.xml`` or an ``http(s)`` URL serving a feed: one article per entry,
  from the entry's own text when it is long enough, else fetched from its link (needs
  ``storydiff[feeds]``); any other URL is read as one article page;
- ``.urls``: one URL per line, each fetched as an article.

Every download goes through ``Fetcher``: robots.txt, a delay between two requests to one
host, a timeout and a size cap per request, and retries with exponential backoff for
errors that may pass (timeouts, HTTP 429 and 5xx).
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
import time
import urllib.robotparser
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from storydiff.cluster import Clusterer
from storydiff.errors import InputError, NotInstalled
from storydiff.fetch import _REDIRECTS, check_url, fetch_url
from storydiff.fetch import _get as _http_get  # the pinned, size-capped GET of fetch_url
from storydiff.ingest import Problem, article_from_text, read_inputs
from storydiff.records import Article
from storydiff.store import Store

FEED_SUFFIXES = (".rss", ".atom", ".xml")
_NOT_ARTICLES = ("README", "LICENSE", "LICENCE", "CHANGELOG", "COPYING")


def _is_article_file(path: Path) -> bool:
    """A file of a scanned folder that may hold articles (not hidden, not the folder's docs)."""
    name = path.name
    return (
        path.is_file() and not name.startswith(".") and not name.upper().startswith(_NOT_ARTICLES)
    )


FILE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".json")
ROW_FIELDS = ("title", "outlet", "date", "lang", "url")
USER_AGENT = "storydiff"
# A feed entry's own text is used when it is at least this long; shorter ones are teasers.
MIN_ENTRY_CHARS = 500


@dataclass(frozen=True, kw_only=True)
class Politeness:
    """How downloads behave: per-request ``timeout`` (s) and ``max_bytes``, ``retries``
    with ``backoff * 2**attempt`` seconds between tries, ``host_delay`` seconds between two
    requests to one host (or the host's robots.txt Crawl-delay when longer)."""

    timeout: float = 10.0
    max_bytes: int = 5_000_000
    retries: int = 2
    backoff: float = 1.0
    host_delay: float = 1.0
    robots: bool = True
    allow_private: bool = False


def _transient(message: str) -> bool:
    return (
        "timed out" in message
        or "HTTP 429" in message
        or any(f"HTTP 5{d}" in message for d in "0123456789")
        or "Error:" in message  # connection resets and refusals from _get
    )


class Fetcher:
    """Polite downloads for one run: robots.txt per host, per-host delay, retries.

    ``fetch`` (an article URL to an ``Article``), ``sleep`` and ``clock`` can be replaced,
    e.g. in tests.
    """

    def __init__(
        self,
        politeness: Politeness | None = None,
        *,
        fetch: Callable[..., Article] = fetch_url,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.politeness = politeness or Politeness()
        self._fetch = fetch
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def _host(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}"

    def _wait(self, url: str, delay: float) -> None:
        host = self._host(url)
        last = self._last.get(host)
        if last is not None:
            left = last + delay - self._clock()
            if left > 0:
                self._sleep(left)
        self._last[host] = self._clock()

    def _raw(self, url: str) -> tuple[int, str, bytes]:
        """One GET with redirects, each hop's address checked: status, content type, body."""
        p = self.politeness
        deadline = time.monotonic() + p.timeout
        current = url
        for _hop in range(6):
            addresses = check_url(current, allow_private=p.allow_private)
            status, headers, body = _http_get(current, addresses, deadline, p.max_bytes)
            if status in _REDIRECTS and headers.get("Location"):
                current = urljoin(current, str(headers.get("Location")).strip())
                continue
            ctype = headers.get_content_type() if headers.get("Content-Type") else ""
            return status, ctype, body
        raise InputError(f"{url}: too many redirects")

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        host = self._host(url)
        if host not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            assert parser is not None
            try:
                status, _, body = self._raw(host + "/robots.txt")
                if status >= 500:
                    parser.disallow_all = True  # type: ignore[attr-defined]  # a failing server: stay away this run
                elif status >= 400:
                    parser.allow_all = True  # type: ignore[attr-defined]  # no robots.txt: everything is allowed
                else:
                    parser.parse(body.decode("utf-8", "replace").splitlines())
            except InputError:
                parser.disallow_all = True  # type: ignore[attr-defined]
            self._robots[host] = parser
        return self._robots[host]

    def _delay(self, url: str) -> float:
        delay = self.politeness.host_delay
        robots = self._robots.get(self._host(url))
        crawl = robots.crawl_delay(USER_AGENT) if robots is not None else None
        return max(delay, float(crawl)) if crawl else delay

    def _polite(self, url: str, get: Callable[[], Any]) -> Any:
        if self.politeness.robots:
            robots = self._robots_for(url)
            if robots is not None and not robots.can_fetch(USER_AGENT, url):
                raise InputError(f"{url}: disallowed by robots.txt")
        attempt = 0
        while True:
            self._wait(url, self._delay(url))
            try:
                return get()
            except InputError as err:
                if attempt >= self.politeness.retries or not _transient(str(err)):
                    raise
                self._sleep(self.politeness.backoff * 2**attempt)
                attempt += 1

    def article(self, url: str, *, outlet: str = "") -> Article:
        """Fetch one article page politely; InputError (one line) when it cannot be read."""
        p = self.politeness
        return self._polite(  # type: ignore[no-any-return]
            url,
            lambda: self._fetch(
                url,
                allow_private=p.allow_private,
                timeout=p.timeout,
                max_bytes=p.max_bytes,
                outlet=outlet,
            ),
        )

    def document(self, url: str) -> tuple[str, bytes]:
        """Fetch any document politely (a feed, a page): its content type and body."""

        def get() -> tuple[str, bytes]:
            status, ctype, body = self._raw(url)
            if status != 200:
                raise InputError(f"{url}: HTTP {status}")
            return ctype, body

        return self._polite(url, get)  # type: ignore[no-any-return]


# --- reading sources ----------------------------------------------------------------------


def _row_article(row: dict[str, Any], source: str) -> Article:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("no text field")
    fields = {k: str(row[k]) for k in ROW_FIELDS if row.get(k) not in (None, "")}
    return article_from_text(text, source=source, **fields)


def _rows(rows: Iterable[tuple[str, dict[str, Any] | None]]) -> Iterator[Article | Problem]:
    for source, row in rows:
        try:
            if row is None:
                raise InputError("not a JSON object")
            yield _row_article(row, source)
        except InputError as err:
            yield Problem(source=source, message=str(err))


def _jsonl(path: Path) -> Iterator[tuple[str, dict[str, Any] | None]]:
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                row = None
            yield f"{path}:{n}", row if isinstance(row, dict) else None


def _csv(path: Path) -> Iterator[tuple[str, dict[str, Any] | None]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            yield f"{path}:{n}", row


def _parquet(path: Path) -> Iterator[tuple[str, dict[str, Any] | None]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise NotInstalled("pyarrow", "parquet") from None
    n = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1000):
        for row in batch.to_pylist():
            n += 1
            yield f"{path}:{n}", row


def _feed(data: bytes, source: str, fetcher: Fetcher) -> Iterator[Article | Problem]:
    try:
        import feedparser
    except ImportError:
        raise NotInstalled("feedparser", "feeds") from None
    from storydiff.fetch import articles_from_bytes

    feed = feedparser.parse(data)
    outlet = str(feed.feed.get("title") or "") or None
    if not feed.entries:
        yield Problem(source=source, message="no entries in the feed")
        return
    for n, entry in enumerate(feed.entries, 1):
        link = str(entry.get("link") or "")
        where = link or f"{source}#{n}"
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        date = time.strftime("%Y-%m-%d", stamp) if stamp else None
        html = ""
        for part in entry.get("content") or []:
            html += str(part.get("value") or "")
        html = html or str(entry.get("summary") or "")
        try:
            body = articles_from_bytes(
                f"<html><body><article>{html}</article></body></html>".encode(),
                name="entry.html",
                source=where,
            ).articles
            if body and len(body[0].text) >= MIN_ENTRY_CHARS:
                text = body[0].text
            elif link:
                text = fetcher.article(link, outlet=outlet or "").text
            else:
                raise InputError("entry has neither text nor link")
            title = str(entry.get("title") or "") or None
            yield article_from_text(
                text, source=where, title=title, outlet=outlet, date=date, url=link or None
            )
        except InputError as err:
            yield Problem(source=where, message=str(err))


def _looks_like_feed(ctype: str, body: bytes) -> bool:
    head = body[:500].lstrip().lower()
    return (
        "rss" in ctype
        or "atom" in ctype
        or ctype.endswith("/xml")
        or head.startswith((b"<?xml", b"<rss", b"<feed"))
    )


def _url(url: str, fetcher: Fetcher) -> Iterator[Article | Problem]:
    from storydiff.fetch import articles_from_bytes

    ctype, body = fetcher.document(url)
    if _looks_like_feed(ctype, body):
        yield from _feed(body, url, fetcher)
        return
    suffix = ".txt" if ctype.startswith("text/plain") else ".html"
    got = articles_from_bytes(body, name=f"page{suffix}", source=url)
    yield from got.articles
    yield from got.problems


def _file(path: Path, fetcher: Fetcher) -> Iterator[Article | Problem]:
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz")):
        yield from _rows(_jsonl(path))
    elif name.endswith(".csv"):
        yield from _rows(_csv(path))
    elif name.endswith(".parquet"):
        yield from _rows(_parquet(path))
    elif name.endswith(FEED_SUFFIXES):
        yield from _feed(path.read_bytes(), str(path), fetcher)
    elif name.endswith(".urls"):
        for line in path.read_text(encoding="utf-8").splitlines():
            url = line.strip()
            if url and not url.startswith("#"):
                try:
                    yield fetcher.article(url)
                except InputError as err:
                    yield Problem(source=url, message=str(err))
    else:
        got = read_inputs([str(path)])
        yield from got.articles
        yield from (p for p in got.problems if p.skipped)


def iter_articles(
    sources: Sequence[str], *, fetcher: Fetcher | None = None
) -> Iterator[Article | Problem]:
    """Articles from ``sources`` in order, and a ``Problem`` for each input left out.

    Never raises for bad input (``NotInstalled`` for a missing optional extra aside).
    """
    fetcher = fetcher or Fetcher()
    for source in sources:
        try:
            if source.startswith(("http://", "https://")):
                yield from _url(source, fetcher)
                continue
            path = Path(source)
            if path.is_dir():
                for child in sorted(p for p in path.rglob("*") if _is_article_file(p)):
                    if not child.name.startswith("."):
                        yield from _file(child, fetcher)
            elif path.is_file():
                yield from _file(path, fetcher)
            else:
                yield Problem(source=source, message="no such file or folder")
        except InputError as err:
            yield Problem(source=source, message=str(err))
        except OSError as err:
            yield Problem(source=source, message=f"cannot read: {err.strerror or err}")


# --- ingest -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class IngestSummary:
    """What one ingest run did; ``rejected`` counts reasons (one line each)."""

    added: int = 0
    duplicate: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    new_stories: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """The summary as lines for a terminal."""
        rate = self.added / self.seconds if self.seconds else 0.0
        out = [
            f"added {self.added} articles ({self.new_stories} new stories, {rate:.1f}/s), "
            f"{self.duplicate} duplicates skipped, {sum(self.rejected.values())} rejected"
        ]
        for reason, n in sorted(self.rejected.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
            out.append(f"  rejected {n}x: {reason}")
        return out


def _reason(message: str) -> str:
    # "https://x/a: HTTP 404" and "https://x/b: HTTP 404" are one reason.
    head, sep, tail = message.rpartition(": ")
    return tail if sep and ("/" in head or ":" in head) else message


def ingest(
    items: Iterable[Article | Problem],
    store: Store,
    clusterer: Clusterer,
    *,
    chunk: int = 32,
    min_chars: int = 100,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Add ``items`` to ``store``, each article with its story, one transaction each.

    Articles already in the store (same content id) are skipped as duplicates, so running
    ingest again, after a crash or on an updated folder, adds only what is new.
    ``progress`` is called with the number of items handled so far.
    """
    t0 = time.perf_counter()
    added = duplicate = new_stories = 0
    rejected: Counter[str] = Counter()
    batch: list[Article] = []
    seen: set[str] = set()

    def flush() -> None:
        nonlocal added, new_stories
        for item in clusterer.prepare(batch):
            placed = clusterer.add(item)
            added += 1
            new_stories += int(placed.new_story)
        batch.clear()
        seen.clear()

    for handled, item in enumerate(items, 1):
        if isinstance(item, Problem):
            rejected[_reason(item.message)] += 1
        elif len(item.text) < min_chars:
            rejected[f"too short (under {min_chars} characters)"] += 1
        elif item.id in seen or store.has_article(item.id):
            duplicate += 1
        else:
            seen.add(item.id)
            batch.append(item)
            if len(batch) >= chunk:
                flush()
        if progress is not None:
            progress(handled)
    if batch:
        flush()
    return IngestSummary(
        added=added,
        duplicate=duplicate,
        rejected=dict(rejected),
        new_stories=new_stories,
        seconds=time.perf_counter() - t0,
    )


def text_progress(total: int | None = None, *, every: float = 0.2) -> Callable[[int], None]:
    """A one-line progress bar on stderr, redrawn at most every ``every`` seconds."""
    last = [0.0]
    start = time.monotonic()

    def show(n: int) -> None:
        now = time.monotonic()
        if now - last[0] < every:
            return
        last[0] = now
        rate = n / max(now - start, 1e-9)
        if total:
            done = int(30 * n / total)
            bar = "#" * done + "." * (30 - done)
            sys.stderr.write(f"\r[{bar}] {n}/{total} {rate:.1f}/s ")
        else:
            sys.stderr.write(f"\r{n} items {rate:.1f}/s ")
        sys.stderr.flush()

    return show


def line_progress(*, every: float = 10.0, prefix: str = "storydiff: ") -> Callable[[int], None]:
    """Progress as whole lines on stderr, at most one per ``every`` seconds (and one for the
    first item): for a log or a pipe, where a redrawn bar would be noise."""
    last = [-float("inf")]
    start = time.monotonic()

    def show(n: int) -> None:
        now = time.monotonic()
        if now - last[0] < every:
            return
        last[0] = now
        rate = n / max(now - start, 1e-9)
        items = "item" if n == 1 else "items"
        sys.stderr.write(f"{prefix}ingest: {n:,} {items} read, {rate:.1f}/s\n")
        sys.stderr.flush()

    return show


__all__ = [
    "Fetcher",
    "IngestSummary",
    "Politeness",
    "ingest",
    "iter_articles",
    "line_progress",
    "text_progress",
]
