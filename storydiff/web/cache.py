"""Finished comparisons, kept so that the same request is not computed twice.

A comparison is a pure function of its articles (every field: text, title, outlet, date,
language, source, url, metadata; and their order), the settings and the models; nothing
else reaches the result. ``comparison_key`` digests exactly those, so any change to one of
them (another title, a settings change, another embedder) is another key and never an old
answer. A bookmark, a shared link or a repeated ``POST /api/compare`` then renders the kept
``Comparison`` instead of running the models.

Single flight: while one thread computes a key, others asking for the same key wait for
that result instead of starting the same work again, so eight identical requests at once
cost one comparison. A failure is handed to those waiting (the same input fails the same
way) and nothing is kept. Least recently used first out, at most ``size`` kept (a
comparison holds its sentences and findings, not its vectors).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Future

from storydiff import __version__
from storydiff.records import Article, Comparison
from storydiff.settings import Settings

DEFAULT_SIZE = 32


def comparison_key(articles: Sequence[Article], settings: Settings, models: Sequence[str]) -> str:
    """A digest of everything that decides a comparison's result (see the module docstring).

    ``models`` names the loaded backends (the embedder's name carries its engine and
    weights); the package version stands for the code and the data files it ships.
    """
    payload = {
        "version": __version__,
        "settings": settings.as_dict(),
        "models": list(models),
        "articles": [dataclasses.asdict(a) for a in articles],
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


class ComparisonCache:
    """A thread-safe LRU of comparisons by key, with single flight (see the module docstring)."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self.shared = 0  # callers that waited for another's computation of their key
        self._kept: OrderedDict[Hashable, Comparison] = OrderedDict()
        self._running: dict[Hashable, Future[Comparison]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Comparison | None:
        """The comparison kept for ``key``, now the most recently used; None if none."""
        with self._lock:
            found = self._hit(key)
            if found is None:
                self.misses += 1
            return found

    def put(self, key: Hashable, comparison: Comparison) -> None:
        """Keep ``comparison`` for ``key``, dropping the least recently used past ``size``."""
        with self._lock:
            self._put(key, comparison)

    def get_or_compute(self, key: Hashable, compute: Callable[[], Comparison]) -> Comparison:
        """The comparison for ``key``: kept, or being computed by another thread (waited
        for), or computed here by ``compute`` and kept. ``compute`` runs outside the lock."""
        with self._lock:
            found = self._hit(key)
            if found is not None:
                return found
            running = self._running.get(key)
            if running is not None:
                self.shared += 1
            else:
                self.misses += 1
                mine: Future[Comparison] = Future()
                self._running[key] = mine
        if running is not None:
            return running.result()
        try:
            result = compute()
        except BaseException as err:
            with self._lock:
                del self._running[key]
            mine.set_exception(err)
            raise
        with self._lock:
            self._put(key, result)
            del self._running[key]
        mine.set_result(result)
        return result

    def _hit(self, key: Hashable) -> Comparison | None:
        found = self._kept.get(key)
        if found is not None:
            self.hits += 1
            self._kept.move_to_end(key)
        return found

    def _put(self, key: Hashable, comparison: Comparison) -> None:
        if self.size <= 0:
            return
        self._kept[key] = comparison
        self._kept.move_to_end(key)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
