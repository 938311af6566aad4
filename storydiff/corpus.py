"""Corpus mode: ingest a stream of articles into a store, each with its story, and list them.

The stream comes from ``storydiff.stream.iter_articles`` (folders, files, feeds, URLs);
``ingest_stream`` adds it to a store through a ``Clusterer``, in batches, skipping what the
store already holds, and ``progress_reporter`` shows how far it got (or an export's, with
``each_reported``). ``find_stories`` lists the stories, or a search's, and says what it
left out.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from storydiff.cluster import Clusterer, Prepared
from storydiff.ingest import Problem
from storydiff.records import Article
from storydiff.store import Store, StoryInfo, matching_stories

T = TypeVar("T")
R = TypeVar("R")


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


class Gate:
    """What an ingest lets through, and what it counted at the door: items that are a
    ``Problem`` or too short are rejected (by reason), articles the store or the pending
    batch already holds are duplicates.

    Shared by the local loop (``ingest_stream``) and the Ray engine (``storydiff.scale``),
    so both admit the same articles in the same order. ``seen`` holds the admitted ids not
    yet committed; a caller that commits them may ``clear`` it, the store answers for them.
    """

    def __init__(self, store: Store, *, min_chars: int = 100) -> None:
        self.store = store
        self.min_chars = min_chars
        self.rejected: Counter[str] = Counter()
        self.duplicate = 0
        self.seen: set[str] = set()

    def admit(self, item: Article | Problem) -> Article | None:
        """``item`` when it is a new article long enough to keep, else None (counted)."""
        if isinstance(item, Problem):
            self.rejected[_reason(item.message)] += 1
        elif len(item.text) < self.min_chars:
            self.rejected[f"too short (under {self.min_chars} characters)"] += 1
        elif item.id in self.seen or self.store.has_article(item.id):
            self.duplicate += 1
        else:
            self.seen.add(item.id)
            return item
        return None

    def summary(self, *, added: int, new_stories: int, seconds: float) -> IngestSummary:
        """The run's summary: what was placed, with what the gate counted."""
        return IngestSummary(
            added=added,
            duplicate=self.duplicate,
            rejected=dict(self.rejected),
            new_stories=new_stories,
            seconds=seconds,
        )


def ingest_stream(
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
    added = new_stories = 0
    gate = Gate(store, min_chars=min_chars)
    batch: list[Article] = []
    # A chunk is embedded in a thread of its own while the one before is placed and the
    # stream is read on: the encoder runs outside the GIL, so on two cores reading,
    # cleaning and the store's writes overlap it. Chunks are the same and are placed in
    # order, so the stories are too.
    ahead = ThreadPoolExecutor(1, thread_name_prefix="embed-ahead")
    embedding: tuple[list[Article], Future[list[Prepared]]] | None = None

    def place() -> None:
        nonlocal added, new_stories, embedding
        if embedding is None:
            return
        articles, prepared = embedding
        embedding = None
        for item in prepared.result():
            placed = clusterer.add(item)
            added += 1
            new_stories += int(placed.new_story)
        gate.seen.difference_update(a.id for a in articles)  # the store answers for them now

    def flush() -> None:
        nonlocal embedding
        chunk_articles = batch.copy()
        batch.clear()
        following = ahead.submit(clusterer.prepare, chunk_articles)
        place()
        embedding = (chunk_articles, following)

    try:
        for handled, item in enumerate(items, 1):
            article = gate.admit(item)
            if article is not None:
                batch.append(article)
                if len(batch) >= chunk:
                    flush()
            if progress is not None:
                progress(handled)
        if batch:
            flush()
        place()
    finally:
        ahead.shutdown(wait=True, cancel_futures=True)
    return gate.summary(added=added, new_stories=new_stories, seconds=time.perf_counter() - t0)


@dataclass(frozen=True, kw_only=True)
class StoryList:
    """Stories to show, with what was left out: how many there are in all (past the
    limit), and the sizes of a search's matching stories under ``min_size``."""

    stories: list[StoryInfo]
    total: int
    min_size: int
    smaller: list[int] = field(default_factory=list)

    def notes(self) -> list[str]:
        """What was left out and how to see it, one line each (none when nothing was)."""
        notes = []
        shown, total = len(self.stories), self.total
        if total > shown:
            notes.append(f"showing {shown} of {total} stories: --limit {total} shows all")
        if self.smaller:
            singles = sum(1 for size in self.smaller if size == 1)
            ones = f" ({singles} one-article {'match' if singles == 1 else 'matches'})"
            n = len(self.smaller)
            notes.append(
                f"{n} more matching {'story is' if n == 1 else 'stories are'} smaller than "
                f"{self.min_size} articles{ones if singles else ''}: --min-size 1 shows them"
            )
        return notes


def find_stories(
    store: Store,
    *,
    search: str | None,
    min_size: int,
    limit: int,
    where: Mapping[str, str] | None = None,
) -> StoryList:
    """The ``limit`` largest stories of ``min_size`` or more articles, or, with ``search``,
    the stories of the best matching articles, best first; with ``where``, only stories
    with an article whose metadata has every ``key: value``."""
    if not search:
        found = store.stories(limit=limit, min_size=min_size, where=where)
        return StoryList(
            stories=found,
            total=store.count_stories(min_size=min_size, where=where),
            min_size=min_size,
        )
    hits = matching_stories(store, search, articles=max(5 * limit, 50), where=where)
    listed = [s for s in hits if s.size >= min_size]
    return StoryList(
        stories=listed[:limit],
        total=len(listed),
        min_size=min_size,
        smaller=[s.size for s in hits if s.size < min_size],
    )


def each_reported(work: Callable[[T], R], progress: Callable[[int], None]) -> Callable[[T], R]:
    """``work``, calling ``progress`` with how many calls are done after each (an export's
    comparisons, one per story)."""
    done = 0

    def reported(item: T) -> R:
        nonlocal done
        result = work(item)
        done += 1
        progress(done)
        return result

    return reported


@dataclass(frozen=True, kw_only=True)
class Task:
    """What a progress reporter counts: the task's name and its unit, and what is done to
    each (a log line reads "export: 3 stories compared of 12")."""

    name: str = "ingest"
    unit: str = "item"
    units: str = "items"
    done: str = "read"


INGEST = Task()
EXPORT = Task(name="export", unit="story", units="stories", done="compared")


def progress_reporter(
    total: int | None = None,
    *,
    tty: bool | None = None,
    every: float | None = None,
    prefix: str = "storydiff: ",
    task: Task = INGEST,
) -> Callable[[int], None]:
    """A progress reporter on stderr, called with the number of items handled so far.

    On a terminal (``tty``, by default whether stderr is one) a one-line bar redrawn at most
    every 0.2 s; in a log or a pipe, where a redrawn bar would be noise, whole lines at most
    every 10 s (and one for the first item). ``every`` overrides the interval. Both say how
    many items of how many, how fast, and the ETA when ``total`` is known
    (``stream.count_items``), and that the total is unknown otherwise (a feed, a URL), so a
    user can tell a slow run from a stuck one.
    """
    bar = sys.stderr.isatty() if tty is None else tty
    interval = every if every is not None else 0.2 if bar else 10.0
    last = -float("inf")
    start = time.monotonic()

    def show(n: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < interval:
            return
        last = now
        rate = n / max(now - start, 1e-9)
        if bar:
            sys.stderr.write(_bar(n, total, progress_text(n, total, rate, task=task)))
        else:
            told = progress_text(n, total, rate, log=True, task=task)
            sys.stderr.write(f"{prefix}{task.name}: {told}\n")
        sys.stderr.flush()

    return show


def progress_text(
    n: int, total: int | None, rate: float, *, log: bool = False, task: Task = INGEST
) -> str:
    """ "N/M items, X/s, ETA mm:ss" for a bar, "N items read of M, X/s, ETA mm:ss" for a log
    line; without a total, "N items, total unknown, X/s" ("N items read, ..." in a log)."""
    items = task.unit if n == 1 else task.units
    if log:
        count = f"{n:,} {items} {task.done}" + (f" of {total:,}" if total else "")
    else:
        count = f"{n:,}/{total:,} {task.units}" if total else f"{n:,} {items}"
    if not total:
        return f"{count}, total unknown, {rate:.1f}/s"
    eta = _clock(max(total - n, 0) / rate) if rate > 0 else "--:--"
    return f"{count}, {rate:.1f}/s, ETA {eta}"


def _clock(seconds: float) -> str:
    """mm:ss, or h:mm:ss past an hour."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _bar(n: int, total: int | None, told: str) -> str:
    if not total:
        return f"\r{told} "
    done = min(30, int(30 * n / total))
    return f"\r[{'#' * done}{'.' * (30 - done)}] {told} "


__all__ = [
    "EXPORT",
    "INGEST",
    "Gate",
    "IngestSummary",
    "StoryList",
    "Task",
    "each_reported",
    "find_stories",
    "ingest_stream",
    "progress_reporter",
    "progress_text",
]
