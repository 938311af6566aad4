"""Metrics of the same-story evaluation: ROC AUC, best F1 over thresholds, average-link
clustering, B-cubed and pairwise F1 (moved out of ``samestory`` to keep it small; still
importable from there)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, kw_only=True)
class PRF:
    """Precision, recall and their harmonic mean, of pairs or of B-cubed items."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, kw_only=True)
class ThresholdF1:
    """The best pairwise F1 over thresholds and the threshold that reached it."""

    f1: float
    precision: float
    recall: float
    threshold: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def upper_pairs(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indices of the pairs ``i < j`` of an n×n matrix."""
    rows, cols = np.triu_indices(len(matrix), k=1)
    return rows, cols


def roc_auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve: the chance that a random positive outscores a random
    negative (ties count half). ``nan`` when either class is empty."""
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    n_pos = int(positive.sum())
    n_neg = len(positive) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    _, inverse, counts = np.unique(scores, return_inverse=True, return_counts=True)
    # Average 1-based rank of each distinct value, so tied scores share a rank.
    ends = np.cumsum(counts)
    avg_rank = ends - (counts - 1) / 2.0
    ranks = avg_rank[inverse]
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def best_f1(scores: np.ndarray, positive: np.ndarray) -> ThresholdF1:
    """Best F1 of the rule ``score >= t`` over all thresholds ``t`` taken from the scores."""
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    n_pos = int(positive.sum())
    if n_pos == 0 or not len(scores):
        return ThresholdF1(f1=0.0, precision=0.0, recall=0.0, threshold=float("inf"))
    order = np.argsort(-scores, kind="stable")
    s = scores[order]
    tp = np.cumsum(positive[order])
    predicted = np.arange(1, len(s) + 1)
    # Only cut where the score changes: a threshold cannot split tied scores.
    last_of_run = np.r_[s[1:] != s[:-1], True]
    tp, predicted, s = tp[last_of_run], predicted[last_of_run], s[last_of_run]
    f1 = 2 * tp / (predicted + n_pos)
    k = int(np.argmax(f1))
    return ThresholdF1(
        f1=float(f1[k]),
        precision=float(tp[k] / predicted[k]),
        recall=float(tp[k] / n_pos),
        threshold=float(s[k]),
    )


def average_link(similarity: np.ndarray, threshold: float) -> np.ndarray:
    """Average-link agglomerative clustering: merge the two clusters with the highest
    mean pairwise similarity while it is at least ``threshold``. Returns a cluster label
    per item (0..k-1, in order of first appearance)."""
    n = len(similarity)
    sim = np.array(similarity, dtype=np.float64)
    np.fill_diagonal(sim, -np.inf)
    size = np.ones(n)
    label = np.arange(n)
    while n > 1:
        flat = int(np.argmax(sim))
        i, j = divmod(flat, n)
        if not sim[i, j] >= threshold:
            break
        # Lance-Williams update for average linkage; merged-away rows become -inf.
        merged = (size[i] * sim[i] + size[j] * sim[j]) / (size[i] + size[j])
        sim[i, :] = merged
        sim[:, i] = merged
        sim[i, i] = -np.inf
        sim[j, :] = -np.inf
        sim[:, j] = -np.inf
        size[i] += size[j]
        label[label == j] = i
    seen: dict[int, int] = {}
    return np.asarray([seen.setdefault(lab, len(seen)) for lab in label.tolist()], dtype=np.int64)


def _contingency(pred: np.ndarray, gold: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counts per (pred, gold) cell, per pred cluster and per gold cluster, for each item."""
    pred = np.asarray(pred)
    gold = np.asarray(gold)
    _, p_idx = np.unique(pred, return_inverse=True)
    _, g_idx = np.unique(gold, return_inverse=True)
    cells = p_idx * (g_idx.max() + 1) + g_idx
    _, c_idx, c_counts = np.unique(cells, return_inverse=True, return_counts=True)
    p_counts = np.bincount(p_idx)
    g_counts = np.bincount(g_idx)
    return c_counts[c_idx], p_counts[p_idx], g_counts[g_idx]


def bcubed(pred: np.ndarray, gold: np.ndarray) -> PRF:
    """B-cubed precision, recall and F1 of a clustering against gold clusters."""
    if not len(pred):
        return PRF(precision=0.0, recall=0.0, f1=0.0)
    both, in_pred, in_gold = _contingency(pred, gold)
    p = float(np.mean(both / in_pred))
    r = float(np.mean(both / in_gold))
    return PRF(precision=p, recall=r, f1=_f1(p, r))


def pairwise(pred: np.ndarray, gold: np.ndarray) -> PRF:
    """Precision, recall and F1 over item pairs put in one cluster."""
    pred = np.asarray(pred)
    gold = np.asarray(gold)
    same_pred = pred[:, None] == pred[None, :]
    same_gold = gold[:, None] == gold[None, :]
    upper = np.triu(np.ones_like(same_pred), k=1)
    tp = int((same_pred & same_gold & upper).sum())
    n_pred = int((same_pred & upper).sum())
    n_gold = int((same_gold & upper).sum())
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return PRF(precision=p, recall=r, f1=_f1(p, r))
