"""The comparison service of one app: the pipeline, its workers and their bounded queue.

Comparisons run ``workers`` at once in a pool of their own threads (the pipeline holds no
per-call state; the embedding cache locks what it shares and calls a model not marked
thread-safe one batch at a time). Up to ``queue`` more wait their turn; past that a
comparison is refused at once with 503 and ``Retry-After``, so a burst cannot pile up
unbounded work or memory. Routes get the service through ``Depends(get_service)``: each app
holds its own in ``app.state.storydiff``, nothing is shared between apps.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import HTTPException, Request

from storydiff.errors import StorydiffError
from storydiff.records import Article, Comparison
from storydiff.settings import Settings
from storydiff.web.cache import ComparisonCache, comparison_key
from storydiff.web.limits import DEFAULT_LIMITS, WebLimits

T = TypeVar("T")


def default_workers() -> int:
    """Comparisons run at once: one per core, at most 4 (each holds its sentences' vectors)."""
    return max(1, min(4, os.cpu_count() or 1))


@dataclass(kw_only=True)
class ComparisonService:
    """The app's state: settings, limits, the one pipeline (loaded on first use) and the
    comparison workers with their bounded queue (see the module docstring)."""

    settings: Settings
    allow_private_urls: bool
    limits: WebLimits = DEFAULT_LIMITS
    pipeline: Any = None
    has_store: bool = False
    workers: int = field(default_factory=default_workers)
    admitted: int = 0  # comparisons running or waiting
    cache: ComparisonCache = field(default_factory=ComparisonCache)  # finished comparisons
    _load_lock: threading.Lock = field(default_factory=threading.Lock)
    _admit_lock: threading.Lock = field(default_factory=threading.Lock)
    _pool: ThreadPoolExecutor | None = None
    _last_trim: float = 0.0

    def compare(self, articles: Sequence[Article]) -> Comparison:
        """Compare in the calling thread (a worker of ``run``); models load once.

        The result is kept (``web.cache``) under a digest of everything that decides it,
        and a comparison already running for the same key is waited for, not repeated:
        identical requests at once cost one comparison, and later ones none.
        """
        pipeline = self._pipeline()
        key = self._key(pipeline, articles)
        return self.cache.get_or_compute(key, lambda: pipeline.compare(articles))

    def _pipeline(self) -> Any:
        if self.pipeline is None:
            with self._load_lock:  # two first requests must not load the models twice
                if self.pipeline is None:
                    from storydiff.compare import Pipeline

                    self.pipeline = Pipeline(self.settings)
        return self.pipeline

    def _key(self, pipeline: Any, articles: Sequence[Article]) -> str:
        """The cache key: the articles, the pipeline's own settings and its models' names
        (read defensively: an app may be handed any object with a ``compare``)."""
        embedder = getattr(pipeline, "embedder", None)
        models = [
            str(getattr(embedder, "name", type(embedder).__qualname__)),
            type(getattr(pipeline, "relater", None)).__qualname__,
        ]
        return comparison_key(articles, getattr(pipeline, "settings", self.settings), models)

    async def report(self, articles: Callable[[], Sequence[Article]], fmt: str) -> str:
        """The comparison of ``articles()`` rendered as ``fmt``, on a worker (see ``run``).

        ``articles`` is called on the worker too: reading uploads and fetching URLs must not
        hold up the server's event loop. A problem with the input becomes a 400 with its
        one-line message. Text formats end with a newline, as the CLI prints them.
        """
        return await self.run(functools.partial(self._report, articles, fmt))

    def _report(self, articles: Callable[[], Sequence[Article]], fmt: str) -> str:
        try:
            comparison = self.compare(articles())
        except StorydiffError as err:
            raise HTTPException(400, str(err)) from None
        return _rendered(comparison, fmt)

    async def text_report(self, articles: Callable[[], Sequence[Article]], fmt: str) -> str:
        """``report`` for articles quick to read (texts, no URL to fetch): read in a server
        thread, then, when compared before, answered from the cache without queueing for a
        worker behind new comparisons (see ``stored_report``)."""
        from fastapi.concurrency import run_in_threadpool

        try:
            read = await run_in_threadpool(articles)
        except StorydiffError as err:
            raise HTTPException(400, str(err)) from None
        return await self.stored_report(read, fmt)

    async def stored_comparison(self, articles: Sequence[Article]) -> Comparison:
        """The comparison of ``articles`` already read (stored ones, or texts), from the
        cache when they were compared before.

        Kept like every comparison (see ``compare``), so a bookmarked or shared link opens
        without running the models, and without waiting for a worker; a miss runs on a
        worker like any comparison (see ``run``).
        """
        if self.pipeline is not None:
            kept = self.cache.get(self._key(self.pipeline, articles))
            if kept is not None:
                return kept

        def work() -> Comparison:
            try:
                return self.compare(articles)
            except StorydiffError as err:
                raise HTTPException(400, str(err)) from None

        return await self.run(work)

    async def stored_report(self, articles: Sequence[Article], fmt: str) -> str:
        """``stored_comparison`` rendered as ``fmt`` (in a server thread, not a worker)."""
        from fastapi.concurrency import run_in_threadpool

        comparison = await self.stored_comparison(articles)
        return await run_in_threadpool(_rendered, comparison, fmt)

    async def run(self, work: Callable[[], T]) -> T:
        """Run ``work`` (a comparison) on a worker; 503 with Retry-After when the queue is full."""
        retry = self.limits.retry_after_s
        with self._admit_lock:
            if self.admitted >= self.workers + self.limits.queue:
                raise HTTPException(
                    503,
                    f"busy: {self.admitted} comparisons are running or waiting; "
                    f"try again in {retry} seconds",
                    headers={"Retry-After": str(retry)},
                )
            self.admitted += 1
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="compare")
            pool = self._pool
        try:
            future = pool.submit(_trimmed, work)
        except BaseException:
            self._release()
            raise
        # Released when the work ends, not when the request does: a client that hangs up
        # does not free a worker that is still busy with its comparison.
        future.add_done_callback(self._release)
        return await asyncio.wrap_future(future)

    def trim_heap(self, every: float = 1.0) -> None:
        """Hand freed heap pages back to the system, at most once per ``every`` seconds.

        For the story pages: each reads the store in a server thread and frees ~20 MB of
        SQLite pages and rows that glibc would otherwise keep (a trim takes 15-90 ms).
        """
        now = time.monotonic()
        if now - self._last_trim < every:
            return
        self._last_trim = now
        trim = _malloc_trim()
        if trim is not None:
            trim(0)

    def _release(self, _done: Future[Any] | None = None) -> None:
        with self._admit_lock:
            self.admitted -= 1

    def check_count(self, n: int) -> None:
        """422 unless ``n`` articles is 2..``max_articles``, with a line that says which."""
        if n < 2:
            got = "none" if n == 0 else "only one"
            raise HTTPException(422, f"give at least two articles to compare (got {got})")
        if n > self.limits.max_articles:
            raise HTTPException(
                422,
                f"too many articles: {n} given, at most {self.limits.max_articles} per comparison",
            )

    def fetch(self, url: str, outlet: str = "") -> Article:
        """The article at ``url``; local and private addresses only if the app allows them."""
        from storydiff.fetch import fetch_url

        return fetch_url(
            url,
            allow_private=self.allow_private_urls,
            timeout=self.limits.fetch_timeout,
            max_bytes=self.limits.max_bytes,
            outlet=outlet,
        )


def _rendered(comparison: Comparison, fmt: str) -> str:
    """``comparison`` as ``fmt``; text formats end with a newline, as the CLI prints them."""
    from storydiff.render import render

    try:
        out = render(comparison, fmt)
    except StorydiffError as err:
        raise HTTPException(400, str(err)) from None
    return out if fmt == "html" else out + "\n"


async def get_service(request: Request) -> ComparisonService:
    """A route dependency: the comparison service of the app serving ``request``."""
    service: ComparisonService = request.app.state.storydiff
    return service


def _trimmed(work: Callable[[], T]) -> T:
    """``work``, then the heap's free pages handed back to the system.

    A comparison of 20 articles allocates and frees tens of MB in a worker thread; glibc
    keeps freed pages in the thread's arena, so a long-running server's memory would grow
    to the sum of its peaks. ``malloc_trim`` returns them (about 16 MB after four such
    comparisons; a few ms). Elsewhere than glibc this does nothing.
    """
    try:
        return work()
    finally:
        trim = _malloc_trim()
        if trim is not None:
            trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
        return trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None
