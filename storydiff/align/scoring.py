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
    ii, jj = _columns(candidates)
    overlap = [_jaccard(tokens_a[i], tokens_b[j]) for i, j in candidates] if same_script else None
    return feature_rows(sim, centered, ii, jj, overlap, weights)


def feature_rows(
    sim: np.ndarray,
    centered: np.ndarray,
    ii: np.ndarray,
    jj: np.ndarray,
    overlap: np.ndarray | Sequence[float] | None,
    weights: Weights = WEIGHTS,
) -> np.ndarray:
    """``candidate_features`` of the candidates ``(ii[c], jj[c])``, their word overlap
    given (``jaccards``), or None for two scripts."""
    rows = np.zeros((len(ii), len(FEATURES)), dtype=np.float64)
    if not len(ii):
        return rows
    # One gather per column rather than a Python loop over thousands of pairs.
    rows[:, 0] = centered[ii, jj]
    rows[:, 1] = sim[ii, jj]
    rows[:, 2] = weights.cross_script_overlap if overlap is None else overlap
    mutual = (centered.argmax(axis=1)[ii] == jj) & (centered.argmax(axis=0)[jj] == ii)
    rows[:, 3] = mutual
    return rows


def _columns(candidates: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    if not candidates:
        return np.zeros(0, np.intp), np.zeros(0, np.intp)
    ii, jj = np.asarray(candidates, dtype=np.intp).T
    return ii, jj


@dataclass(frozen=True, kw_only=True)
class WordSets:
    """The word sets of one article's units (``content_tokens``, or name keys) as a 0/1
    matrix over the article's own words, so that what the units of two articles share is
    one small matrix product (exact counts: float32 holds integers to 2**24) instead of a
    set intersection per pair of units, of which a 50-article story has ~260k."""

    vocab: np.ndarray  # the article's distinct word ids, sorted
    matrix: np.ndarray  # units x vocab, 1.0 where the unit has the word
    ids: np.ndarray  # the word ids of every unit, one unit after the other
    owners: np.ndarray  # the unit of each of ``ids``
    sizes: np.ndarray  # the size of each unit's set (float64, as ``jaccards`` divides)


def word_sets(sets: Sequence[frozenset[str]], index: dict[str, int]) -> WordSets:
    """``WordSets`` of ``sets``, words numbered by ``index`` (one numbering per story,
    extended here with the words it lacks)."""
    ids = np.fromiter((index.setdefault(w, len(index)) for s in sets for w in s), dtype=np.intp)
    owners = np.repeat(np.arange(len(sets), dtype=np.intp), [len(s) for s in sets])
    vocab, cols = np.unique(ids, return_inverse=True)
    matrix = np.zeros((len(sets), len(vocab)), dtype=np.float32)
    matrix[owners, cols] = 1.0
    sizes = np.asarray([len(s) for s in sets], dtype=np.float64)
    return WordSets(vocab=vocab, matrix=matrix, ids=ids, owners=owners, sizes=sizes)


def shared_counts(x: WordSets, y: WordSets) -> np.ndarray:
    """How many words each unit of ``x`` shares with each unit of ``y`` (units x units)."""
    if not len(x.vocab) or not len(y.ids):
        return np.zeros((len(x.sizes), len(y.sizes)), dtype=np.float32)
    pos = np.minimum(np.searchsorted(x.vocab, y.ids), len(x.vocab) - 1)
    hit = x.vocab[pos] == y.ids
    other = np.zeros((len(y.sizes), len(x.vocab)), dtype=np.float32)
    other[y.owners[hit], pos[hit]] = 1.0
    counts: np.ndarray = x.matrix @ other.T
    return counts


def jaccards(
    x: WordSets, y: WordSets, ii: np.ndarray, jj: np.ndarray, shared: np.ndarray | None = None
) -> np.ndarray:
    """The Jaccard index of the word sets of units ``(ii[c], jj[c])``, as ``_jaccard``
    gives it to the bit (0 when either set is empty); ``shared`` is ``shared_counts(x,
    y)`` when already known."""
    if shared is None:
        shared = shared_counts(x, y)
    both = shared[ii, jj].astype(np.float64)
    size_a, size_b = x.sizes[ii], y.sizes[jj]
    out = np.zeros(len(ii), dtype=np.float64)
    np.divide(both, size_a + size_b - both, out=out, where=(size_a > 0) & (size_b > 0))
    return out


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
    ii, jj = np.nonzero(nearest_mask(sim, k))
    return set(zip(ii.tolist(), jj.tolist(), strict=True))


def nearest_mask(sim: np.ndarray, k: int) -> np.ndarray:
    """``nearest_pairs`` as a boolean matrix: ``np.nonzero`` of it lists the pairs in
    sorted order without building a set of tuples."""
    n_a, n_b = sim.shape
    kb = min(k, n_b)
    ka = min(k, n_a)
    mask = np.zeros(sim.shape, dtype=bool)
    rows = np.argpartition(-sim, kb - 1, axis=1)[:, :kb]
    mask[np.arange(n_a)[:, None], rows] = True
    cols = np.argpartition(-sim, ka - 1, axis=0)[:ka, :]
    mask[cols, np.arange(n_b)[None, :]] = True
    return mask
