"""Fit the two small scorers of the pipeline on development data.

    python -m storydiff.evaluate.fit --data ../shared/data

* Alignment (``align.WEIGHTS``): ECB+ (val) — two sentences of different articles that
  mention the same event (a shared, non-singleton event-coreference chain) state the same
  fact; annotated sentence pairs sharing no chain do not. Candidates come from the same
  blocking step the pipeline uses, so the scorer learns where it will be applied.
* Same story (``samestory.STORY_WEIGHTS``): SemEval-2022 Task 8 article pairs in many
  languages, "Overall" ≤ 1.5 (same event) vs ≥ 3 (different).

The datasets used here are not the ones the evaluation reports on (NewsWCL50 for
alignment; BASIL and ECB+ with distractors for same-story), apart from ECB+ serving both
as alignment training data and as one same-story benchmark, which test different things.
Prints the fitted constants to paste into ``align.py`` and ``samestory.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
from pathlib import Path

import numpy as np

from storydiff.align import (
    WEIGHTS,
    _candidates,
    _script,
    candidate_features,
    center,
    pair_similarities,
    content_tokens,
    context_texts,
)
from storydiff.embed import CachedEmbedder, load_embedder
from storydiff.records import Article, Segmented
from storydiff.samestory import names, pair_score
from storydiff.segment import segment


def _article(text: str, lang: str | None = None) -> Article:
    return Article(id=hashlib.sha256(text.encode()).hexdigest()[:16], text=text, lang=lang)


def _logistic(x: np.ndarray, y: np.ndarray, c: float = 1.0) -> tuple[float, list[float]]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    model.fit(x, y)
    return float(model.intercept_[0]), [float(v) for v in model.coef_[0]]


def _auc(scores: np.ndarray, y: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, scores))


def fit_alignment(data: Path, embedder: CachedEmbedder) -> dict[str, object]:
    rows, labels = [], []
    for line in (data / "ecbplus/groups.jsonl").open(encoding="utf-8"):
        group = json.loads(line)
        segs: list[Segmented] = []
        chains: list[list[set[str]]] = []
        for art in group["articles"][:8]:
            seg = segment(_article(art["text"], "en"))
            per_sentence: list[set[str]] = [set() for _ in seg.sentences]
            for m in art["labels"]["mentions"]:
                for k, s in enumerate(seg.sentences):
                    if s.start <= m["start"] < s.end and m["is_event"] and not m["singleton"]:
                        per_sentence[k].add(m["chain"])
            segs.append(seg)
            chains.append(per_sentence)
        embs = [embedder.embed([s.text for s in g.sentences]) for g in segs]
        ctxs = [embedder.embed(context_texts(g)) for g in segs]
        cens, mean = center(embs)
        ctxs = [(c - mean) / np.linalg.norm(c - mean, axis=1, keepdims=True) for c in ctxs]
        toks = [[content_tokens(s.text) for s in g.sentences] for g in segs]
        for a in range(len(segs)):
            for b in range(a + 1, len(segs)):
                if not len(embs[a]) or not len(embs[b]):
                    continue
                sim, cen = pair_similarities(
                    embs[a], embs[b], cens[a], cens[b], ctxs[a], ctxs[b]
                )
                cands = sorted(_candidates(cen, 5))
                # Only annotated sentences on both sides carry a label.
                cands = [(i, j) for i, j in cands if chains[a][i] and chains[b][j]]
                if not cands:
                    continue
                feats = candidate_features(
                    sim, cen, cands, toks[a], toks[b], _script(segs[a].article.text) == "latn"
                )
                rows.append(feats)
                labels.extend(1 if chains[a][i] & chains[b][j] else 0 for i, j in cands)
    x = np.vstack(rows)
    y = np.array(labels)
    bias, coef = _logistic(x, y)
    old = 1 / (1 + np.exp(-(WEIGHTS.bias + x @ np.array(WEIGHTS.coef))))
    new = 1 / (1 + np.exp(-(bias + x @ np.array(coef))))
    return {
        "pairs": len(y),
        "positives": int(y.sum()),
        "bias": round(bias, 3),
        "coef": [round(c, 3) for c in coef],
        "auc_before": round(_auc(old, y), 4),
        "auc_after": round(_auc(new, y), 4),
        "auc_cosine_only": round(_auc(x[:, 0], y), 4),
    }


def fit_same_story(data: Path, embedder: CachedEmbedder, n_pairs: int = 240) -> dict[str, object]:
    pairs = [json.loads(line) for line in (data / "semeval22_t8_sample/pairs.jsonl").open()]
    pairs = [
        p
        for p in pairs
        if not p.get("encoding_damaged")
        and (p["labels"]["Overall"] <= 1.5 or p["labels"]["Overall"] >= 3.0)
    ]
    random.Random(0).shuffle(pairs)
    pairs = pairs[:n_pairs]
    feats, labels = [], []
    for p in pairs:
        segs = [segment(_article(p[s]["text"], p[s]["lang"]), max_sentences=12) for s in "ab"]
        if any(not g.sentences for g in segs):
            continue
        embs = [embedder.embed([s.text for s in g.sentences]) for g in segs]
        score = pair_score(segs[0], segs[1], embs[0], embs[1], names(segs[0]), names(segs[1]))
        feats.append(
            [score.document_similarity, score.sentence_overlap, score.entity_overlap]
        )
        labels.append(1 if p["labels"]["Overall"] <= 1.5 else 0)
    x = np.array(feats)
    y = np.array(labels)
    bias, coef = _logistic(x, y, c=10.0)
    new = 1 / (1 + np.exp(-(bias + x @ np.array(coef))))
    return {
        "pairs": len(y),
        "positives": int(y.sum()),
        "bias": round(bias, 3),
        "coef": [round(c, 3) for c in coef],
        "auc_after": round(_auc(new, y), 4),
        "auc_document_only": round(_auc(x[:, 0], y), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.environ.get("STORYDIFF_DATA", "../shared/data"))
    parser.add_argument("--cache", default="/tmp/storydiff-fit-cache.sqlite")
    parser.add_argument("--only", choices=["align", "story"], default=None)
    args = parser.parse_args()
    data = Path(args.data)
    embedder = CachedEmbedder(load_embedder("e5-small"), Path(args.cache))
    if args.only in (None, "align"):
        print("alignment:", json.dumps(fit_alignment(data, embedder)))
    if args.only in (None, "story"):
        print("same story:", json.dumps(fit_same_story(data, embedder)))


if __name__ == "__main__":
    main()
