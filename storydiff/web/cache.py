"""The comparisons of stored articles, kept so that a bookmark or a shared link opens fast.

A comparison of stored articles is named by its articles' ids (``GET /compare?ids=``,
``/stories/{id}/compare``) and the app's settings, which do not change while it runs; the
same articles compared again give the same result, so the second visit renders the kept
``Comparison`` instead of running the models. Least recently used first out, at most
``size`` kept (a comparison holds its sentences and findings, not its vectors).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from storydiff.records import Comparison

DEFAULT_SIZE = 32


class ComparisonCache:
    """A thread-safe LRU of comparisons by key (see the module docstring)."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._kept: OrderedDict[Hashable, Comparison] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Comparison | None:
        """The comparison kept for ``key``, now the most recently used; None if none."""
        with self._lock:
            found = self._kept.get(key)
            if found is None:
                self.misses += 1
                return None
            self.hits += 1
            self._kept.move_to_end(key)
            return found

    def put(self, key: Hashable, comparison: Comparison) -> None:
        """Keep ``comparison`` for ``key``, dropping the least recently used past ``size``."""
        if self.size <= 0:
            return
        with self._lock:
            self._kept[key] = comparison
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
