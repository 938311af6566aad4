"""Scoring a candidate pair of units: the vectors and cosines it reads, its features,
the logistic scorer over them, and the blocking step that picks the candidates.

Every sentence of a story shares its topic, so raw cosine is high everywhere; the
features are the cosine after removing the story's mean vector, word overlap in one
script, and whether the two are each other's best match."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storydiff.records import Segmented

# A short sentence leans on its predecessor for meaning ("He refused.").
SHORT_WORDS = 9


def context_texts(seg: Segmented) -> list[str]:
    """Each short sentence prefixed by its predecessor; long ones as they are."""
    out = []
    sents = seg.sentences
    for k, s in enumerate(sents):
        if k > 0 and len(s.text.split()) < SHORT_WORDS and not s.is_title:
            out.append(f"{sents[k - 1].text} {s.text}")
        else:
            out.append(s.text)
    return out


FEATURES = ("centered_cosine", "cosine", "overlap", "mutual")


@dataclass(frozen=True, kw_only=True)
class Weights:
    """A logistic scorer over ``FEATURES``; fitted by ``python -m storydiff.evaluate.fit``."""

    bias: float
    coef: tuple[float, ...]
    # Stand-in for word overlap when the two sentences are in different scripts.
    cross_script_overlap: float = 0.15


# Fitted on ECB+ (val) event-coreference sentence pairs; see docs/benchmarks.md.
WEIGHTS = Weights(bias=-4.0, coef=(14.0, 0.0, 3.0, 0.8))


def candidate_features(
    sim: np.ndarray,
    centered: np.ndarray,
    candidates: Sequence[tuple[int, int]],
    tokens_a: Sequence[frozenset[str]],
    tokens_b: Sequence[frozenset[str]],
    same_script: bool,
    weights: Weights = WEIGHTS,
) -> np.ndarray:
    """One row of ``FEATURES`` per candidate pair of sentences of two articles.

    ``sim`` is the plain cosine; ``centered`` the cosine after removing the story's mean
    sentence vector (and taking short sentences with their context into account).
    """
    rows = np.zeros((len(candidates), len(FEATURES)), dtype=np.float64)
    if not candidates:
        return rows
    # One gather per column rather than a Python loop over thousands of pairs.
    ii, jj = np.asarray(candidates, dtype=np.intp).T
    rows[:, 0] = centered[ii, jj]
    rows[:, 1] = sim[ii, jj]
    if same_script:
        rows[:, 2] = [_jaccard(tokens_a[i], tokens_b[j]) for i, j in candidates]
    else:
        rows[:, 2] = weights.cross_script_overlap
    mutual = (centered.argmax(axis=1)[ii] == jj) & (centered.argmax(axis=0)[jj] == ii)
    rows[:, 3] = mutual
    return rows


def center(
    vectors: Sequence[np.ndarray], langs: Sequence[str] | None = None
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Remove the mean sentence vector of each language in the set and re-normalise.

    Every sentence of a story shares its topic, which makes plain cosines high across the
    board; what is left after centering is what a sentence says beyond the topic. A
    multilingual encoder also places each language a little apart, so the mean is taken
    per language: a German and an English sentence of the same fact then meet on the same
    scale as two English ones. Returns the centered vectors and the mean removed from each.
    """
    langs = list(langs) if langs is not None else ["und"] * len(vectors)
    means: dict[str, np.ndarray] = {}
    for lang in set(langs):
        rows = [v for v, lg in zip(vectors, langs, strict=True) if lg == lang and len(v)]
        if rows:
            means[lang] = np.vstack(rows).mean(axis=0)
    out, removed = [], []
    for v, lang in zip(vectors, langs, strict=True):
        mean = means.get(lang)
        if mean is None or not len(v):
            out.append(v)
            removed.append(np.zeros(v.shape[1] if v.ndim == 2 else 0, dtype=np.float32))
            continue
        out.append(unit_rows(v - mean))
        removed.append(mean)
    return out, removed


def unit_rows(rows: np.ndarray) -> np.ndarray:
    """``rows`` scaled to unit length (float32), so that dot products are cosines."""
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit: np.ndarray = (rows / np.maximum(norms, 1e-6)).astype(np.float32)
    return unit


def pair_similarities(
    emb_a: np.ndarray,
    emb_b: np.ndarray,
    cen_a: np.ndarray,
    cen_b: np.ndarray,
    ctx_a: np.ndarray,
    ctx_b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Plain cosine, and centered cosine where a short sentence may use its context."""
    sim = emb_a @ emb_b.T
    centered = np.maximum(cen_a @ cen_b.T, np.maximum(ctx_a @ cen_b.T, cen_a @ ctx_b.T) - 0.02)
    return sim, centered


def score_rows(rows: np.ndarray, weights: Weights = WEIGHTS) -> np.ndarray:
    """Alignment probability for feature rows."""
    logit = weights.bias + rows @ np.asarray(weights.coef)
    return np.asarray(1.0 / (1.0 + np.exp(-logit)))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)  # the size of the union, without building it


def nearest_pairs(sim: np.ndarray, k: int) -> set[tuple[int, int]]:
    """Top-``k`` neighbours in both directions (the blocking step)."""
    n_a, n_b = sim.shape
    kb = min(k, n_b)
    ka = min(k, n_a)
    rows = np.argpartition(-sim, kb - 1, axis=1)[:, :kb]
    out = set(zip(np.repeat(np.arange(n_a), kb).tolist(), rows.ravel().tolist(), strict=True))
    cols = np.argpartition(-sim, ka - 1, axis=0)[:ka, :]
    out.update(zip(cols.ravel().tolist(), np.tile(np.arange(n_b), ka).tolist(), strict=True))
    return out
