"""Fit the two small scorers of the pipeline on development data.

    python -m storydiff.evaluate.fit --data ../shared/data

* Alignment (``align.WEIGHTS``): ECB+ (val) — two sentences of different articles that
  mention the same event (a shared, non-singleton event-coreference chain) state the same
  fact; annotated sentence pairs sharing no chain do not. Candidates come from the same
  blocking step the pipeline uses, so the scorer learns where it will be applied.
* Same story (``samestory.STORY_WEIGHTS``): ECB+ (val) article pairs of one event vs
  pairs of two events of the same kind (hard negatives) or of other topics.

Alignment is then evaluated on NewsWCL50, which is not used here. Same-story is evaluated
on BASIL (not used here) and on ECB+ (used here: its figures are marked as fitted).
Prints the fitted constants to paste into ``align.py`` and ``samestory.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path

import numpy as np

from storydiff.align import (
    WEIGHTS,
    _candidates,
    _script,
    _unit,
    candidate_features,
    center,
    content_tokens,
    context_texts,
    pair_similarities,
)
from storydiff.embed import CachedEmbedder, load_embedder
from storydiff.records import Article, Segmented
from storydiff.samestory import names, pair_score
from storydiff.segment import segment
from storydiff.settings import default_cache_dir


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
    rows: list[np.ndarray] = []
    labels: list[int] = []
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
        cens, means = center(embs, [g.lang for g in segs])
        ctxs = [_unit(c - m) for c, m in zip(ctxs, means, strict=True)]
        toks = [[content_tokens(s.text) for s in g.sentences] for g in segs]
        for a in range(len(segs)):
            for b in range(a + 1, len(segs)):
                if not len(embs[a]) or not len(embs[b]):
                    continue
                sim, cen = pair_similarities(embs[a], embs[b], cens[a], cens[b], ctxs[a], ctxs[b])
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


def fit_same_story(data: Path, embedder: CachedEmbedder) -> dict[str, object]:
    """ECB+ (val) article pairs: same sub-topic (one event) vs the other sub-topic of the
    same topic (same kind of event: the hard negatives) and other topics."""
    segs: list[Segmented] = []
    events: list[str] = []
    topics: list[str] = []
    for line in (data / "ecbplus/groups.jsonl").open(encoding="utf-8"):
        group = json.loads(line)
        for art in group["articles"][:8]:
            segs.append(segment(_article(art["text"], "en"), max_sentences=30))
            events.append(group["subtopic"])
            topics.append(str(group["topic"]))
    embs = [embedder.embed([s.text for s in g.sentences]) for g in segs]
    name_sets = [names(g) for g in segs]
    feats, labels, hard = [], [], []
    for i in range(len(segs)):
        for j in range(i + 1, len(segs)):
            if not len(embs[i]) or not len(embs[j]):
                continue
            p = pair_score(segs[i], segs[j], embs[i], embs[j], name_sets[i], name_sets[j])
            feats.append([p.document_similarity, p.sentence_overlap, p.entity_overlap])
            labels.append(1 if events[i] == events[j] else 0)
            hard.append(topics[i] == topics[j])
    x = np.array(feats)
    y = np.array(labels)
    bias, coef = _logistic(x, y, c=10.0)
    new = 1 / (1 + np.exp(-(bias + x @ np.array(coef))))
    h = np.array(hard)
    return {
        "pairs": len(y),
        "positives": int(y.sum()),
        "bias": round(bias, 3),
        "coef": [round(c, 3) for c in coef],
        "auc_after": round(_auc(new, y), 4),
        "auc_hard_after": round(_auc(new[h], y[h]), 4),
        "auc_document_only": round(_auc(x[:, 0], y), 4),
        "auc_overlap_only": round(_auc(x[:, 1], y), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.environ.get("STORYDIFF_DATA", "../shared/data"))
    parser.add_argument("--cache", default=str(default_cache_dir() / "fit-embeddings.sqlite"))
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
