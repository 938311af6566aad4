"""One BLAS thread inside per-pair loops, so that the encoder owns the cores.

After the embeddings, a comparison runs thousands of small matrix products (one per
article pair in alignment and same-story scoring, one per fact in relations). OpenBLAS
hands each to all its threads, whose start-up and spinning cost more than the product:
issue 12 measured alignment at k=50 going from 0.9 to 14 CPU-seconds that way. Inside
``one_thread()`` BLAS and OpenMP libraries run single-threaded; the encoder (onnxruntime,
with its own thread pool) is not affected and keeps every core.

BLAS thread counts are set per process (OpenBLAS may apply them per calling thread), so
concurrent comparisons (the web app) share one limit: the first to enter sets it, the
last to leave restores it. The counter below is that process-wide fact, not pipeline
state.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_lock = threading.Lock()
_state: dict[str, Any] = {"depth": 0, "limiter": None}


@contextmanager
def one_thread() -> Iterator[None]:
    """Run the body with BLAS (and OpenMP) limited to one thread; re-entrant, thread-safe."""
    with _lock:
        if _state["depth"] == 0:
            _state["limiter"] = _limit()
        _state["depth"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["depth"] -= 1
            if _state["depth"] == 0 and _state["limiter"] is not None:
                _state["limiter"].restore_original_limits()
                _state["limiter"] = None


def _limit() -> Any:
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def blas_threads() -> int:
    """The largest thread count among the BLAS libraries loaded (1 when none is)."""
    from threadpoolctl import threadpool_info

    counts = [int(x["num_threads"]) for x in threadpool_info() if x["user_api"] == "blas"]
    return max(counts, default=1)
