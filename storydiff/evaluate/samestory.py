"""Same-story evaluation: do scores separate articles of one event from look-alikes?

For each dataset a *pool* is built: the curated groups (BASIL triplets, ECB+ sub-topics)
plus distractors of the same topic and time from AllSides-ABP. Every pair in the pool is
scored, and the report gives

* pairwise ROC AUC (same group vs not), over the whole pool and over *hard* pairs only
  (pairs inside one block: an ECB+ topic with its two look-alike events, or a BASIL
  triplet with the distractors drawn for it);
* the best pairwise F1 over thresholds (an oracle figure: the threshold is tuned on the
  pool itself, so read it as a ceiling);
* clustering quality (B-cubed F1 and pairwise F1) of average-link clustering at a fixed
  threshold declared by each scorer before seeing the pools, and at the *transfer*
  threshold: the best-F1 threshold of the other dataset, which is tuning without
  touching the test pool.

Run it with ``python -m storydiff.evaluate.samestory`` (about 3-5 minutes on 2 cores,
most of it sentence embedding; embeddings are cached on disk between runs).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.embed import CachedEmbedder, Embedder, load_embedder
from storydiff.evaluate.cli import print_timed, say, task_parser
from storydiff.evaluate.datasets import (
    AbpIndex,
    DistractorParams,
    Group,
    data_dir,
    load_basil,
    load_ecbplus,
)
from storydiff.evaluate.metrics import PRF as PRF
from storydiff.evaluate.metrics import ThresholdF1 as ThresholdF1
from storydiff.evaluate.metrics import average_link as average_link
from storydiff.evaluate.metrics import bcubed as bcubed
from storydiff.evaluate.metrics import best_f1 as best_f1
from storydiff.evaluate.metrics import pairwise as pairwise
from storydiff.evaluate.metrics import roc_auc as roc_auc
from storydiff.evaluate.metrics import upper_pairs as upper_pairs
from storydiff.evaluate.similarity import (
    PAIRS_FILE,
    GradedPair,
    PairScoreFn,
    evaluate_graded,
    load_semeval_pairs,
    tfidf_pair_scorer,
)
from storydiff.evaluate.similarity import markdown_table as graded_table
from storydiff.records import Article, Segmented
from storydiff.segment import segment
from storydiff.settings import Settings, default_cache_dir

ScoreFn = Callable[[Sequence[Article]], np.ndarray]
"""Maps n articles to an n×n matrix of same-story scores (higher: more alike)."""

LOADERS: dict[str, Callable[[Path, str | None], list[Group]]] = {
    "BASIL": load_basil,
    "ECB+": load_ecbplus,
}


@dataclass(frozen=True, kw_only=True)
class Scorer:
    """A named score function with the clustering threshold it declares up front."""

    name: str
    score: ScoreFn
    threshold: float


@dataclass(frozen=True, kw_only=True)
class Pool:
    """Articles to cluster. ``labels`` are gold clusters (each distractor alone);
    ``blocks`` put look-alikes together (ECB+ topic, or the group a distractor was drawn for).
    """

    dataset: str
    articles: tuple[Article, ...]
    labels: tuple[int, ...]
    blocks: tuple[str, ...]
    n_groups: int
    n_distractors: int


# ---------------------------------------------------------------- pools


def truncate(article: Article, max_sentences: int) -> Article:
    """The article cut after its first ``max_sentences`` sentences (same id), so that
    every scorer sees the same text and embedding cost stays bounded."""
    seg = segment(article, max_sentences=max_sentences)
    if not seg.sentences:
        return article
    end = seg.sentences[-1].end
    if end >= len(article.text.rstrip()):
        return article
    return Article(
        id=article.id,
        text=article.text[:end],
        title=article.title,
        outlet=article.outlet,
        date=article.date,
        lang=article.lang or seg.lang,
        url=article.url,
        source=article.source,
    )


def build_pool(
    dataset: str,
    groups: Sequence[Group],
    distractors: dict[str, tuple[Article, ...]],
    *,
    max_sentences: int | None = None,
) -> Pool:
    """Group members and their distractors, with gold labels and blocks."""
    articles: list[Article] = []
    labels: list[int] = []
    blocks: list[str] = []
    for k, g in enumerate(groups):
        for a in g.articles:
            articles.append(a)
            labels.append(k)
            blocks.append(g.topic)
    next_label = len(groups)
    n_distractors = 0
    for g in groups:
        for a in distractors.get(g.id, ()):
            articles.append(a)
            labels.append(next_label)
            blocks.append(g.topic)
            next_label += 1
            n_distractors += 1
    if max_sentences is not None:
        articles = [truncate(a, max_sentences) for a in articles]
    return Pool(
        dataset=dataset,
        articles=tuple(articles),
        labels=tuple(labels),
        blocks=tuple(blocks),
        n_groups=len(groups),
        n_distractors=n_distractors,
    )


# ---------------------------------------------------------------- scorers


class SentenceEmbeddings:
    """Segments and embeds articles once per run (keyed by article id), for every
    scorer that needs sentence vectors."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._cache: dict[str, tuple[Segmented, np.ndarray]] = {}
        self.seconds = 0.0

    def __call__(self, articles: Sequence[Article]) -> tuple[list[Segmented], list[np.ndarray]]:
        todo = [a for a in dict.fromkeys(articles) if a.id not in self._cache]
        if todo:
            t = time.perf_counter()
            segs = [segment(a) for a in todo]
            texts = [s.text for seg in segs for s in seg.sentences]
            vecs = self.embedder.embed(texts) if texts else np.zeros((0, self.embedder.dim))
            pos = 0
            for seg in segs:
                n = len(seg.sentences)
                self._cache[seg.article.id] = (seg, np.asarray(vecs[pos : pos + n]))
                pos += n
            self.seconds += time.perf_counter() - t
        pairs = [self._cache[a.id] for a in articles]
        return [p[0] for p in pairs], [p[1] for p in pairs]


def tfidf_scorer(threshold: float = 0.3) -> Scorer:
    """Baseline: TF-IDF cosine of title + text over words, IDF fitted on the pool
    (scikit-learn)."""

    def score(articles: Sequence[Article]) -> np.ndarray:
        from sklearn.feature_extraction.text import TfidfVectorizer

        docs = [f"{a.title or ''}\n{a.text}" for a in articles]
        x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(docs)
        return np.asarray((x @ x.T).toarray(), dtype=np.float64)

    return Scorer(name="tfidf-words", score=score, threshold=threshold)


def tfidf_char_scorer(threshold: float = 0.5) -> Scorer:
    """Baseline: TF-IDF cosine of title + text over character 3-5-grams (within word
    boundaries, scikit-learn's ``char_wb``), IDF fitted on the pool. The threshold was
    declared before any pool was scored (char cosines run higher than word cosines)."""

    def score(articles: Sequence[Article]) -> np.ndarray:
        from sklearn.feature_extraction.text import TfidfVectorizer

        docs = [f"{a.title or ''}\n{a.text}" for a in articles]
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        x = vec.fit_transform(docs)
        return np.asarray((x @ x.T).toarray(), dtype=np.float64)

    return Scorer(name="tfidf-chars", score=score, threshold=threshold)


def mean_embedding_scorer(vectors: SentenceEmbeddings, threshold: float = 0.9) -> Scorer:
    """Baseline: cosine of the mean sentence embeddings of two articles."""

    def score(articles: Sequence[Article]) -> np.ndarray:
        _, embs = vectors(articles)
        dim = vectors.embedder.dim
        rows = []
        for e in embs:
            c = e.mean(axis=0) if len(e) else np.zeros(dim)
            rows.append(c / (float(np.linalg.norm(c)) or 1.0))
        m = np.asarray(rows, dtype=np.float64)
        return m @ m.T

    return Scorer(name="e5-mean", score=score, threshold=threshold)


def model_scorer(vectors: SentenceEmbeddings, threshold: float | None = None) -> Scorer:
    """storydiff's own same-story score (``storydiff.samestory.pair_matrix``)."""
    from storydiff.samestory import pair_matrix

    def score(articles: Sequence[Article]) -> np.ndarray:
        segs, embs = vectors(articles)
        return np.asarray(pair_matrix(segs, embs), dtype=np.float64)

    thr = Settings().same_story_threshold if threshold is None else threshold
    return Scorer(name="storydiff", score=score, threshold=thr)


def default_embeddings(settings: Settings | None = None) -> SentenceEmbeddings:
    """The settings' embedder behind the on-disk embedding cache."""
    s = settings or Settings()
    path = (s.cache_dir or default_cache_dir()) / "embeddings.sqlite" if s.cache else None
    return SentenceEmbeddings(CachedEmbedder(load_embedder(s.embedder, s.embedder_model), path))


# ---------------------------------------------------------------- evaluation


def _clustering(matrix: np.ndarray, pool: Pool, threshold: float) -> dict[str, float]:
    gold = np.asarray(pool.labels)
    pred = average_link(matrix, threshold)
    return {
        "threshold": threshold,
        "bcubed_f1": bcubed(pred, gold).f1,
        "pairwise_f1": pairwise(pred, gold).f1,
        "clusters": float(len(set(pred.tolist()))),
    }


def score_pool(pool: Pool, scorer: Scorer) -> dict[str, Any]:
    """Pairwise and clustering figures of one scorer on one pool."""
    t = time.perf_counter()
    matrix = np.asarray(scorer.score(pool.articles), dtype=np.float64)
    seconds = time.perf_counter() - t
    rows, cols = upper_pairs(matrix)
    labels = np.asarray(pool.labels)
    blocks = np.asarray(pool.blocks)
    scores = matrix[rows, cols]
    positive = labels[rows] == labels[cols]
    hard = blocks[rows] == blocks[cols]
    best = best_f1(scores, positive)
    return {
        "auc": roc_auc(scores, positive),
        "auc_hard": roc_auc(scores[hard], positive[hard]),
        "best_f1": best.f1,
        "best_threshold": best.threshold,
        "fixed": _clustering(matrix, pool, scorer.threshold),
        "seconds": seconds,
        "_matrix": matrix,
    }


def evaluate_same_story(
    data_path: str | Path | None = None,
    score_fn: Scorer | ScoreFn | None = None,
    *,
    distractors_per_group: int = 2,
    seed: int = 0,
    max_sentences: int = 12,
    datasets: Sequence[str] = ("BASIL", "ECB+"),
    baselines: bool = True,
    vectors: SentenceEmbeddings | None = None,
    index: AbpIndex | None = None,
    progress: Callable[[str], None] | None = None,
    split: str | None = None,
    semeval: bool = True,
    semeval_same_language: int | None = 80,
    semeval_cross_language: int | None = 120,
    semeval_sentences: int = 6,
) -> dict[str, Any]:
    """Same-story figures per dataset for ``score_fn`` and the baselines.

    ``score_fn`` is a ``Scorer`` or a plain ``ScoreFn`` (then its clustering threshold is
    ``Settings.same_story_threshold``); ``None`` evaluates ``storydiff.samestory``.
    Articles are cut to their first ``max_sentences`` sentences. Baselines: TF-IDF
    cosine over words and over character n-grams, and the cosine of mean e5 sentence
    embeddings. ``semeval`` adds Pearson's r on the SemEval-2022 sample
    (``storydiff.evaluate.similarity``): ``semeval_cross_language`` cross-language and
    ``semeval_same_language`` same-language pairs (``None``: all), each text cut to its
    first ``semeval_sentences`` sentences (the sample's texts are already cut to a head
    and a tail; the head says what the story is). ``split`` keeps only
    the rows of that split (rows without a ``split`` field count in every split).
    ``progress`` receives one line per step.
    """
    say = progress or (lambda _: None)
    timings: dict[str, float] = {}
    root = data_dir(data_path)
    t = time.perf_counter()
    if distractors_per_group > 0 and index is None:
        say("indexing AllSides-ABP for distractors")
        index = AbpIndex(root)
    timings["distractor_index"] = time.perf_counter() - t

    needs_vectors = baselines or score_fn is None
    if vectors is None and needs_vectors:
        vectors = default_embeddings()
    scorers: list[Scorer] = []
    if score_fn is None:
        assert vectors is not None
        scorers.append(model_scorer(vectors))
    elif isinstance(score_fn, Scorer):
        scorers.append(score_fn)
    else:
        scorers.append(
            Scorer(name="model", score=score_fn, threshold=Settings().same_story_threshold)
        )
    if baselines:
        assert vectors is not None
        scorers += [mean_embedding_scorer(vectors), tfidf_scorer(), tfidf_char_scorer()]

    params = DistractorParams(per_group=distractors_per_group, seed=seed)
    results: dict[str, Any] = {}
    skipped: dict[str, Any] = {}
    for name in datasets:
        say(f"{name}: building the pool")
        t = time.perf_counter()
        groups = LOADERS[name](root, split)
        if not groups:
            # A folder (ours with --split test) may hold no groups of this split: said, so
            # that its floors are skipped, never a traceback.
            skipped[name] = {"skipped": f"no {name} groups of split {split} in this folder"}
            continue
        distractors = index.pick(groups, params) if index is not None else {}
        pool = build_pool(name, groups, distractors, max_sentences=max_sentences)
        timings[f"pool {name}"] = time.perf_counter() - t
        if vectors is not None:
            say(f"{name}: embedding {len(pool.articles)} articles")
            t0 = vectors.seconds
            vectors(pool.articles)
            timings[f"embed {name}"] = vectors.seconds - t0
        labels = np.asarray(pool.labels)
        n = len(pool.articles)
        same = labels[:, None] == labels[None, :]
        results[name] = {
            "articles": n,
            "groups": pool.n_groups,
            "distractors": pool.n_distractors,
            "pairs": n * (n - 1) // 2,
            "positive_pairs": int((same.sum() - n) // 2),
            # Reference point: B-cubed F1 when nothing is merged.
            "singletons_bcubed_f1": bcubed(np.arange(n), labels).f1,
            "systems": {s.name: score_pool(pool, s) for s in scorers},
            "_pool": pool,
        }

    _add_transfer(results)
    for r in results.values():
        del r["_pool"]
        for fig in r["systems"].values():
            del fig["_matrix"]
    results |= skipped
    graded: dict[str, Any] | None = None
    if semeval:
        say("SemEval-2022 sample: scoring pairs")
        t = time.perf_counter()
        graded = _graded(
            root,
            split,
            score_fn,
            vectors,
            semeval_sentences,
            baselines,
            (semeval_same_language, semeval_cross_language),
        )
        timings["SemEval-2022"] = time.perf_counter() - t
    return {
        "task": "same-story",
        "config": {
            "data": str(root),
            "distractors_per_group": distractors_per_group,
            "seed": seed,
            "max_sentences": max_sentences,
            "embedder": vectors.embedder.name if vectors is not None else None,
            "thresholds": {s.name: s.threshold for s in scorers},
        },
        "datasets": results,
        "graded": graded,
        "timings": timings,
    }


def pair_scorer(vectors: SentenceEmbeddings, max_sentences: int) -> PairScoreFn:
    """storydiff's pair score (``samestory.pair_score``) over graded pairs, each article cut
    to its first ``max_sentences`` sentences as in the pools."""
    from storydiff.samestory import keys, pair_score

    def score(pairs: Sequence[GradedPair]) -> np.ndarray:
        arts = [truncate(a, max_sentences) for p in pairs for a in (p.a, p.b)]
        segs, embs = vectors(arts)
        ks = {s.article.id: keys(s) for s in segs}
        out = []
        for k in range(len(pairs)):
            sa, sb = segs[2 * k], segs[2 * k + 1]
            p = pair_score(
                sa,
                sb,
                embs[2 * k],
                embs[2 * k + 1],
                keys_a=ks[sa.article.id],
                keys_b=ks[sb.article.id],
            )
            out.append(p.score)
        return np.asarray(out)

    return score


def _graded(
    root: Path,
    split: str | None,
    score_fn: Scorer | ScoreFn | None,
    vectors: SentenceEmbeddings | None,
    max_sentences: int,
    baselines: bool,
    sample: tuple[int | None, int | None],
) -> dict[str, Any] | None:
    """SemEval-2022 figures for storydiff (only when it is the system under test) and the
    TF-IDF baselines; None when the data is missing."""
    if not (root / PAIRS_FILE).is_file():
        return None
    pairs = load_semeval_pairs(root, split, same_language=sample[0], cross_language=sample[1])
    systems: dict[str, PairScoreFn] = {}
    if score_fn is None and vectors is not None:
        systems["storydiff"] = pair_scorer(vectors, max_sentences)
    if baselines:
        systems["tfidf-words"] = tfidf_pair_scorer("word")
        systems["tfidf-chars"] = tfidf_pair_scorer("char")
    return evaluate_graded(pairs, systems) if systems and pairs else None


def _add_transfer(results: dict[str, Any]) -> None:
    """Cluster each pool at the best-F1 threshold found on the other dataset's pool."""
    names = list(results)
    if len(names) < 2:
        return
    for name in names:
        other = next(x for x in names if x != name)
        for system, fig in results[name]["systems"].items():
            source = results[other]["systems"].get(system)
            if source is None:
                continue
            fig["transfer"] = _clustering(
                fig["_matrix"], results[name]["_pool"], source["best_threshold"]
            ) | {"from": other}


def markdown_table(results: dict[str, Any]) -> str:
    """The figures of ``evaluate_same_story`` as a Markdown table."""
    head = (
        "| Dataset | Articles (groups + distractors) | System | AUC | AUC hard | "
        "Best F1 (thr) | B³ F1 fixed (thr) | Pair F1 fixed | B³ F1 transfer (thr) | "
        "Pair F1 transfer |\n"
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    lines = [head]
    for name, r in results["datasets"].items():
        if "skipped" in r:
            continue
        size = f"{r['articles']} ({r['groups']} + {r['distractors']})"
        for system, f in r["systems"].items():
            fixed = f["fixed"]
            tr = f.get("transfer")
            tr_b3 = f"{tr['bcubed_f1']:.3f} ({tr['threshold']:.3g})" if tr else "-"
            tr_pair = f"{tr['pairwise_f1']:.3f}" if tr else "-"
            lines.append(
                f"| {name} | {size} | {system} | {f['auc']:.3f} | {f['auc_hard']:.3f} | "
                f"{f['best_f1']:.3f} ({f['best_threshold']:.3g}) | "
                f"{fixed['bcubed_f1']:.3f} ({fixed['threshold']:.3g}) | "
                f"{fixed['pairwise_f1']:.3f} | {tr_b3} | {tr_pair} |"
            )
    refs = ", ".join(
        f"{name} {r['singletons_bcubed_f1']:.3f}"
        for name, r in results["datasets"].items()
        if "singletons_bcubed_f1" in r
    )
    if refs:
        lines.append(f"\nB³ F1 with every article alone (nothing merged): {refs}.")
    lines += [f"\n{r['skipped']}." for r in results["datasets"].values() if "skipped" in r]
    if results.get("graded"):
        lines.append("\n" + graded_table(results["graded"]))
    lines.append(
        "\nstorydiff's pair score is a logistic function of a few signals whose coefficients "
        "are fitted on these development pools (BASIL, ECB+, the SemEval sample) and AllSides "
        "NeuS, so its rows here are in-sample; `python -m storydiff.evaluate.fit --only "
        "story` prints grouped cross-validation figures (each group scored by a model fitted "
        "without it). TF-IDF baselines fit their IDF on the pool (or the pairs) they score."
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m storydiff.evaluate.samestory``: print the table, optionally save JSON."""
    parser = task_parser("python -m storydiff.evaluate.samestory", split=False)
    parser.add_argument("--distractors", type=int, default=2, help="distractors per group")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-sentences", type=int, default=12)
    args = parser.parse_args(argv)
    t = time.perf_counter()
    results = evaluate_same_story(
        args.data,
        distractors_per_group=args.distractors,
        seed=args.seed,
        max_sentences=args.max_sentences,
        progress=say,
    )
    print_timed(results, markdown_table, t, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
