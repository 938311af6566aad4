"""The stream of articles for corpus mode, read from folders, files, feeds and URLs.

Sources (``iter_articles``), each one at a time so memory does not grow with the corpus:

- a folder: every file in it (recursively, in name order) by its extension, leaving out
  hidden files and a folder's own documentation (README, LICENSE, CHANGELOG);
- ``.txt``, ``.html``, ``.json``, ``.md``: read as ``storydiff compare`` reads them;
- ``.jsonl`` (also ``.jsonl.gz``) and ``.csv``: one article per line or row, fields
  ``text``, ``title``, ``outlet``, ``date``, ``lang``, ``url``; the row's ``id`` is kept as
  the article's ``source_id`` and every other field as its ``metadata``;
- ``.parquet``: the same columns (needs ``storydiff[parquet]``);
- ``.rss``, ``.atom``, ``.xml`` or an ``http(s)`` URL serving a feed: one article per entry,
  from the entry's own text when it is long enough, else fetched from its link (needs
  ``storydiff[feeds]``), with the entry's ``id`` as ``source_id`` and its authors and tags
  as metadata; any other URL is read as one article page;
- ``.urls``: one URL per line, each fetched as an article.

Every download goes through ``storydiff.fetch.Fetcher``, which is polite (robots.txt, a
delay per host, retries) and refuses local and private addresses unless allowed.
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from storydiff.errors import InputError, NotInstalled
from storydiff.fetch import Fetcher, articles_from_bytes
from storydiff.ingest import Problem, article_from_text, metadata_of, read_inputs, source_id_of
from storydiff.records import Article

FEED_SUFFIXES = (".rss", ".atom", ".xml")
ROW_FIELDS = ("title", "outlet", "date", "lang", "url")
# A feed entry's own text is used when it is at least this long; shorter ones are teasers.
MIN_ENTRY_CHARS = 500
_NOT_ARTICLES = ("README", "LICENSE", "LICENCE", "CHANGELOG", "COPYING")

Row = tuple[str, dict[str, Any] | None]  # where it was read, and the row (None: not an object)


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


def count_items(sources: Sequence[str]) -> int | None:
    """How many items ``iter_articles(sources)`` will yield, counted cheaply; None if unknown.

    For the ingest progress's total and ETA. Files are counted without parsing articles:
    lines of a JSONL file, rows of a CSV, a Parquet file's row count, a JSON list's length,
    lines of a ``.urls`` list, one for any other file. A URL or a feed is unknown until
    fetched, so a run with one has no total. A source that cannot be read counts as the
    one problem it yields.
    """
    total = 0
    for source in sources:
        if source.startswith(("http://", "https://")) or source == "-":
            return None
        path = Path(source)
        files = (
            sorted(p for p in path.rglob("*") if _is_article_file(p)) if path.is_dir() else [path]
        )
        for file in files:
            n = _count_file(file)
            if n is None:
                return None
            total += n
    return total


def _count_file(path: Path) -> int | None:
    name = path.name.lower()
    try:
        if name.endswith(FEED_SUFFIXES):
            return None
        if name.endswith((".jsonl", ".jsonl.gz")):
            opener: Any = gzip.open if name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
                return sum(1 for line in fh if line.strip())
        if name.endswith(".csv"):
            return sum(1 for _ in _csv(path))
        if name.endswith(".urls"):
            lines = path.read_text(encoding="utf-8").splitlines()
            return sum(1 for line in lines if line.strip() and not line.strip().startswith("#"))
        if name.endswith(".json"):  # a list of articles, or one
            data = json.loads(path.read_text(encoding="utf-8", errors="replace"))
            return len(data) if isinstance(data, list) and data else 1
        if name.endswith(".parquet"):
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
    except (OSError, ImportError, ValueError, csv.Error):
        return 1  # iter_articles yields one problem for it
    return 1


def _is_article_file(path: Path) -> bool:
    """A file of a scanned folder that may hold articles (not hidden, not the folder's docs)."""
    name = path.name
    return (
        path.is_file() and not name.startswith(".") and not name.upper().startswith(_NOT_ARTICLES)
    )


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


def _url(url: str, fetcher: Fetcher) -> Iterator[Article | Problem]:
    ctype, body = fetcher.document(url)
    if _looks_like_feed(ctype, body):
        yield from _feed(body, url, fetcher)
        return
    suffix = ".txt" if ctype.startswith("text/plain") else ".html"
    got = articles_from_bytes(body, name=f"page{suffix}", source=url)
    yield from got.articles
    yield from got.problems


def _looks_like_feed(ctype: str, body: bytes) -> bool:
    head = body[:500].lstrip().lower()
    return (
        "rss" in ctype
        or "atom" in ctype
        or ctype.endswith("/xml")
        or head.startswith((b"<?xml", b"<rss", b"<feed"))
    )


# --- rows: JSONL, CSV, Parquet ------------------------------------------------------------


def _rows(rows: Iterable[Row]) -> Iterator[Article | Problem]:
    for source, row in rows:
        try:
            if row is None:
                raise InputError("not a JSON object")
            yield _row_article(row, source)
        except InputError as err:
            yield Problem(source=source, message=str(err))


def _row_article(row: dict[str, Any], source: str) -> Article:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("no text field")
    fields = {k: str(row[k]) for k in ROW_FIELDS if row.get(k) not in (None, "")}
    return article_from_text(
        text, source=source, source_id=source_id_of(row), metadata=metadata_of(row), **fields
    )


def _jsonl(path: Path) -> Iterator[Row]:
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


def _csv(path: Path) -> Iterator[Row]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            yield f"{path}:{n}", row


def _parquet(path: Path) -> Iterator[Row]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise NotInstalled("pyarrow", "parquet") from None
    n = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1000):
        for row in batch.to_pylist():
            n += 1
            yield f"{path}:{n}", row


# --- feeds --------------------------------------------------------------------------------


def _feed(data: bytes, source: str, fetcher: Fetcher) -> Iterator[Article | Problem]:
    try:
        import feedparser
    except ImportError:
        raise NotInstalled("feedparser", "feeds") from None

    feed = feedparser.parse(data)
    outlet = str(feed.feed.get("title") or "") or None
    if not feed.entries:
        yield Problem(source=source, message="no entries in the feed")
        return
    for n, entry in enumerate(feed.entries, 1):
        where = str(entry.get("link") or "") or f"{source}#{n}"
        try:
            yield _entry_article(entry, where, outlet, fetcher)
        except InputError as err:
            yield Problem(source=where, message=str(err))


def _entry_article(entry: Any, where: str, outlet: str | None, fetcher: Fetcher) -> Article:
    """One feed entry: its own text when long enough (a full-text feed), else its link's page,
    with the entry's title and date."""
    link = str(entry.get("link") or "")
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    date = time.strftime("%Y-%m-%d", stamp) if stamp else None
    html = "".join(str(part.get("value") or "") for part in entry.get("content") or [])
    html = html or str(entry.get("summary") or "")
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
    return article_from_text(
        text,
        source=where,
        title=title,
        outlet=outlet,
        date=date,
        url=link or None,
        source_id=str(entry.get("id") or "") or None,
        metadata=_entry_metadata(entry),
    )


def _entry_metadata(entry: Any) -> dict[str, Any]:
    """What a feed entry says beyond its article: its authors and tags, when it has them."""
    authors = [str(a.get("name")) for a in entry.get("authors") or () if a.get("name")]
    tags = [str(t.get("term")) for t in entry.get("tags") or () if t.get("term")]
    return metadata_of({"authors": authors or None, "tags": tags or None})


__all__ = ["FEED_SUFFIXES", "MIN_ENTRY_CHARS", "ROW_FIELDS", "count_items", "iter_articles"]
