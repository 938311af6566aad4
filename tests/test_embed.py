"""The embedding cache: memory (bounded) and disk, and that it never changes a vector."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storydiff.embed import CachedEmbedder, load_embedder


class Counting:
    """The hashing embedder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.inner = load_embedder("hashing")
        self.name = self.inner.name
        self.dim = self.inner.dim
        self.calls: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls.extend(texts)
        return self.inner.embed(texts)


def test_cached_vectors_equal_fresh_ones_and_repeats_are_embedded_once() -> None:
    inner = Counting()
    cached = CachedEmbedder(inner)
    texts = ["Biden blocked the plan.", "Macron proposed it.", "Biden blocked the plan."]
    first = cached.embed(texts)
    assert inner.calls == texts[:2]  # the repeat is embedded once
    np.testing.assert_array_equal(first, load_embedder("hashing").embed(texts))
    np.testing.assert_array_equal(cached.embed(texts), first)
    assert inner.calls == texts[:2]
    assert (cached.hits, cached.misses) == (3, 2)  # hits count texts, misses distinct texts


def test_a_second_process_reads_the_disk_cache(tmp_path: Path) -> None:
    path = tmp_path / "emb.sqlite"
    texts = ["one sentence here", "another sentence there"]
    vecs = CachedEmbedder(Counting(), path).embed(texts)
    again = Counting()
    np.testing.assert_array_equal(CachedEmbedder(again, path).embed(texts), vecs)
    assert again.calls == []


def test_memory_is_bounded_and_least_recently_used_goes_first() -> None:
    inner = Counting()
    cached = CachedEmbedder(inner, memory_items=2)
    cached.embed(["a a", "b b"])
    cached.embed(["a a"])  # "a a" is now the most recently used
    cached.embed(["c c"])  # evicts "b b"
    assert len(cached._memory) == 2
    inner.calls.clear()
    cached.embed(["a a", "c c", "b b"])
    assert inner.calls == ["b b"]


def test_an_unwritable_cache_path_does_not_stop_embedding(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    cached = CachedEmbedder(Counting(), blocker / "sub" / "emb.sqlite")
    assert cached.embed(["still works"]).shape == (1, cached.dim)


def test_the_disk_cache_works_from_many_threads(tmp_path: Path) -> None:
    # The web app embeds in worker threads: a connection made in one thread and used in
    # another raised sqlite3.ProgrammingError, and every comparison with a new sentence
    # failed until restart.
    from concurrent.futures import ThreadPoolExecutor

    inner = Counting()
    cached = CachedEmbedder(inner, tmp_path / "emb.sqlite")
    cached.embed(["made in the main thread"])

    def work(n: int) -> np.ndarray:
        return cached.embed([f"sentence {n} {k}" for k in range(20)] + ["shared text"])

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(40)))
    for n, vecs in enumerate(results):
        expected = inner.inner.embed([f"sentence {n} {k}" for k in range(20)] + ["shared text"])
        np.testing.assert_array_equal(vecs, expected)
    # everything reached the disk: a fresh cache on the same file embeds nothing
    again = Counting()
    CachedEmbedder(again, tmp_path / "emb.sqlite").embed([f"sentence {n} 3" for n in range(40)])
    assert again.calls == []


def test_an_inner_embedder_not_marked_thread_safe_is_called_one_batch_at_a_time() -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    class Slow(Counting):
        def __init__(self) -> None:
            super().__init__()
            self.inside = 0
            self.most = 0
            self.guard = threading.Lock()

        def embed(self, texts: list[str]) -> np.ndarray:
            with self.guard:
                self.inside += 1
                self.most = max(self.most, self.inside)
            time.sleep(0.02)
            with self.guard:
                self.inside -= 1
            return super().embed(texts)

    slow = Slow()
    cached = CachedEmbedder(slow)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda n: cached.embed([f"text {n}"]), range(12)))
    assert slow.most == 1
    safe = Slow()
    safe.thread_safe = True  # type: ignore[attr-defined]
    cached = CachedEmbedder(safe)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda n: cached.embed([f"text {n}"]), range(12)))
    assert safe.most > 1


class BatchNoise(Counting):
    """Counting, with each vector moved by the call's other texts, as onnxruntime's
    dynamic int8 moves it (one activation scale per call)."""

    batch_dependent = True

    def embed(self, texts: list[str]) -> np.ndarray:
        vecs = super().embed(texts)
        moved = vecs + 0.05 * vecs.mean(axis=0)
        return moved / np.linalg.norm(moved, axis=1, keepdims=True)


def test_whole_calls_answer_a_call_as_if_nothing_had_been_cached() -> None:
    texts = ["Biden blocked the plan.", "Macron proposed it."]
    alone = BatchNoise().embed(texts)
    inner = BatchNoise()
    cached = CachedEmbedder(inner, whole_calls=True)
    cached.embed([*texts, "Russia warned of war."])  # the same texts, in another call
    np.testing.assert_array_equal(cached.embed(texts), alone)
    inner.calls.clear()
    np.testing.assert_array_equal(cached.embed(texts), alone)  # the same call: cached
    assert inner.calls == []
    # Texts cached one by one keep the vectors of the call that first embedded them.
    by_text = CachedEmbedder(BatchNoise())
    by_text.embed([*texts, "Russia warned of war."])
    assert not np.array_equal(by_text.embed(texts), alone)


def test_whole_calls_are_kept_on_disk_and_repeats_embedded_once(tmp_path: Path) -> None:
    path = tmp_path / "emb.sqlite"
    texts = ["one sentence here", "another one", "one sentence here"]
    first = BatchNoise()
    vecs = CachedEmbedder(first, path, whole_calls=True).embed(texts)
    assert first.calls == texts[:2]
    np.testing.assert_array_equal(vecs[0], vecs[2])
    again = BatchNoise()
    np.testing.assert_array_equal(CachedEmbedder(again, path, whole_calls=True).embed(texts), vecs)
    assert again.calls == []
    # A single-text cache on the same file does not read a call's entry as a text's.
    third = BatchNoise()
    CachedEmbedder(third, path).embed(texts[:1])
    assert third.calls == texts[:1]


def test_whole_calls_count_every_text_against_the_memory_bound() -> None:
    cached = CachedEmbedder(BatchNoise(), memory_items=3, whole_calls=True)
    cached.embed(["a a", "b b"])
    cached.embed(["c c", "d d"])  # 4 vectors held > 3: the first call goes
    assert len(cached._memory) == 1
    inner = cached.inner
    assert isinstance(inner, BatchNoise)
    inner.calls.clear()
    cached.embed(["c c", "d d"])
    cached.embed(["a a", "b b"])
    assert inner.calls == ["a a", "b b"]
