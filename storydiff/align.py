"""Alignment: group the sentences of 2..k articles that state the same thing into facts.

Cost control: each sentence is compared to all others with one matrix product per
article pair (cheap numpy, no model), and only its ``neighbours`` best matches in each
other article become candidates for scoring. Nothing downstream sees k²n² pairs.

Scoring a candidate uses what the embedding alone gets wrong on news: every sentence of a
story is "about" the same topic, so raw cosine is high everywhere. The score combines
  * the cosine (for a short sentence also with its preceding sentence as context, since
    "Biden did not support the idea." only means something after its antecedent),
  * how far the cosine stands above this article pair's typical cosine (a z-score),
  * shared content words and names when both sentences use the same script,
  * whether the two are each other's best match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storydiff.blas import one_thread
from storydiff.records import Segmented

_WORD = re.compile(r"[^\W\d_]+|\d[\d.,]*", re.UNICODE)
_STOP = frozenset(
    """a an the of to in on at for and or but with by from as is are was were be been has have
    had it its this that these those he she they his her their which who whom what when where
    than then there here also not no so such into over about after before more most some any
    will would could should may might can said says say told according reportedly
    і й та в у на з із до від що як це не але про для за по его її їх він вона вони
    и в во на с со к от что как это не но о об для за по он она они его ее их был
    была были""".split()
)
# Fewer words than this is a fragment (a byline, a counter), not a statement.
MIN_WORDS = 3
# A short sentence leans on its predecessor for meaning ("He refused.").
SHORT_WORDS = 9


@dataclass(frozen=True, kw_only=True)
class Link:
    """A scored candidate pair: sentence ``i`` of article ``a``, ``j`` of article ``b``."""

    a: int
    i: int
    b: int
    j: int
    score: float
    cosine: float


@dataclass(frozen=True, kw_only=True)
class Alignment:
    """Facts as groups of ``(article position, sentence index)`` plus the links used."""

    groups: tuple[tuple[tuple[int, int], ...], ...]
    links: tuple[Link, ...]


def content_tokens(text: str) -> frozenset[str]:
    """Lower-cased content words cut to a 5-letter stem, which merges most inflections
    of English, Ukrainian and Russian words without a lemmatiser."""
    return frozenset(
        w.lower()[:5] for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 1
    )


def _script(text: str) -> str:
    cyr = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    return "cyrl" if cyr > len(text) / 4 else "latn"


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
    best_j = centered.argmax(axis=1)
    best_i = centered.argmax(axis=0)
    rows = np.zeros((len(candidates), len(FEATURES)), dtype=np.float64)
    for r, (i, j) in enumerate(candidates):
        rows[r, 0] = float(centered[i, j])
        rows[r, 1] = float(sim[i, j])
        if same_script:
            rows[r, 2] = _jaccard(tokens_a[i], tokens_b[j])
        else:
            rows[r, 2] = weights.cross_script_overlap
        rows[r, 3] = 1.0 if best_j[i] == j and best_i[j] == i else 0.0
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
        out.append(_unit(v - mean))
        removed.append(mean)
    return out, removed


def _unit(rows: np.ndarray) -> np.ndarray:
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
    return len(a & b) / len(a | b)


@one_thread()  # many small products: one BLAS thread (storydiff.blas)
def align(
    segmented: Sequence[Segmented],
    embeddings: Sequence[np.ndarray],
    context_embeddings: Sequence[np.ndarray],
    *,
    threshold: float = 0.5,
    neighbours: int = 5,
    max_per_article: int = 3,
    weights: Weights = WEIGHTS,
) -> Alignment:
    """Group sentences across articles into facts.

    Candidates are each sentence's ``neighbours`` nearest sentences in every other
    article; those scoring at least ``threshold`` are linked, strongest first, into
    groups holding at most ``max_per_article`` sentences of any one article (a fact may
    be told in one sentence by one outlet and in two by another).
    """
    tokens = [[content_tokens(s.text) for s in seg.sentences] for seg in segmented]
    # Headlines are attached afterwards; fragments ("(SDA", "0") state nothing to align.
    alignable = [
        [not s.is_title and len(_WORD.findall(s.text)) >= MIN_WORDS for s in seg.sentences]
        for seg in segmented
    ]
    scripts = [_script(seg.article.text[:2000]) for seg in segmented]
    centered, means = center(embeddings, [seg.lang for seg in segmented])
    contexts = [
        _unit(c - m) if len(c) else c for c, m in zip(context_embeddings, means, strict=True)
    ]
    links: list[Link] = []
    for a in range(len(segmented)):
        for b in range(a + 1, len(segmented)):
            if not len(embeddings[a]) or not len(embeddings[b]):
                continue
            sim, cen = pair_similarities(
                embeddings[a], embeddings[b], centered[a], centered[b], contexts[a], contexts[b]
            )
            candidates = sorted(
                (i, j)
                for i, j in _candidates(cen, neighbours)
                if alignable[a][i] and alignable[b][j]
            )
            rows = candidate_features(
                sim, cen, candidates, tokens[a], tokens[b], scripts[a] == scripts[b], weights
            )
            probs = score_rows(rows, weights) if candidates else np.zeros(0)
            for (i, j), p in zip(candidates, probs, strict=True):
                if p >= threshold:
                    links.append(Link(a=a, i=i, b=b, j=j, score=float(p), cosine=float(sim[i, j])))
    links.sort(key=lambda link: -link.score)
    groups = _attach_titles(segmented, centered, _group(links, max_per_article))
    return Alignment(groups=groups, links=tuple(links))


# Mean centered cosine a headline needs with a fact's sentences to be shown with it.
TITLE_ATTACH = 0.2


def _attach_titles(
    segmented: Sequence[Segmented],
    centered: Sequence[np.ndarray],
    groups: tuple[tuple[tuple[int, int], ...], ...],
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """A headline summarises its story rather than stating one sentence of another
    outlet, so it joins the fact it matches best over all that fact's sentences (its own
    article's included), or stays unique."""
    out = [list(g) for g in groups]
    for a, seg in enumerate(segmented):
        for s in seg.sentences:
            if not s.is_title or not out:
                continue
            vec = centered[a][s.index]
            means = [float(np.mean([vec @ centered[b][j] for b, j in g])) for g in out]
            best = int(np.argmax(means))
            if means[best] >= TITLE_ATTACH:
                out[best].append((a, s.index))
    return tuple(sorted(tuple(sorted(g)) for g in out))


def _candidates(sim: np.ndarray, k: int) -> set[tuple[int, int]]:
    """Top-``k`` neighbours in both directions (the blocking step)."""
    out: set[tuple[int, int]] = set()
    kb = min(k, sim.shape[1])
    ka = min(k, sim.shape[0])
    rows = np.argpartition(-sim, kb - 1, axis=1)[:, :kb]
    for i, js in enumerate(rows):
        out.update((i, int(j)) for j in js)
    cols = np.argpartition(-sim, ka - 1, axis=0)[:ka, :]
    for j in range(sim.shape[1]):
        out.update((int(i), j) for i in cols[:, j])
    return out


def _group(links: Sequence[Link], max_per_article: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Average-link grouping over the scored links, strongest first.

    Two groups merge only when the mean score over all their cross-article sentence
    pairs (unscored pairs count as 0) stays above the weakest accepted link, and no
    article would hold more than ``max_per_article`` sentences of the group. This stops
    the chains that single-link grouping builds through one bridging sentence (a
    standfirst that restates two facts would otherwise weld them together).
    """
    if not links:
        return ()
    floor = min(link.score for link in links)
    score: dict[tuple[tuple[int, int], tuple[int, int]], float] = {}
    for link in links:
        x, y = (link.a, link.i), (link.b, link.j)
        score[(x, y)] = score[(y, x)] = link.score
    group_of: dict[tuple[int, int], int] = {}
    groups: dict[int, list[tuple[int, int]]] = {}
    for link in links:
        x, y = (link.a, link.i), (link.b, link.j)
        for node in (x, y):
            if node not in group_of:
                group_of[node] = len(group_of)
                groups[group_of[node]] = [node]
        gx, gy = group_of[x], group_of[y]
        if gx == gy:
            continue
        merged = groups[gx] + groups[gy]
        counts: dict[int, int] = {}
        for art, _ in merged:
            counts[art] = counts.get(art, 0) + 1
        if max(counts.values()) > max_per_article:
            continue
        cross = [score.get((u, v), 0.0) for u in groups[gx] for v in groups[gy] if u[0] != v[0]]
        if cross and sum(cross) / len(cross) < floor:
            continue
        for node in groups[gy]:
            group_of[node] = gx
        groups[gx] = merged
        del groups[gy]
    return tuple(sorted(tuple(sorted(g)) for g in groups.values()))
