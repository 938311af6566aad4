"""Graded same-story similarity: the SemEval-2022 Task 8 sample (multilingual news pairs).

Each pair has a gold "Overall" score from 1 (same story) to 4 (different); the figure
is Pearson's r between a system's score and ``5 - Overall`` (so higher is better, as in
the task), over all pairs and over the cross-language pairs alone (German-English in the
development sample). Only original pairs count: machine-translated "augmented" pairs and
pairs with damaged encoding are left out, as the data's README advises.

Baselines, fitted on the benchmark's own texts (as a user would fit them on their
collection): TF-IDF over words and TF-IDF over character 3-5-grams.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.evaluate.datasets import article_id, data_dir, read_jsonl
from storydiff.records import Article

PAIRS_FILE = "semeval22_t8_sample/pairs.jsonl"


@dataclass(frozen=True, kw_only=True)
class GradedPair:
    """Two articles and the gold Overall score (1 same story ... 4 different)."""

    id: str
    a: Article
    b: Article
    overall: float

    @property
    def cross_language(self) -> bool:
        return (self.a.lang or "") != (self.b.lang or "")


PairScoreFn = Callable[[Sequence[GradedPair]], np.ndarray]
"""Maps pairs to one score each (higher: more the same story)."""


def _article(raw: dict[str, Any]) -> Article:
    text = str(raw["text"])
    return Article(
        id=article_id(text),
        text=text,
        lang=raw.get("lang") or None,
        date=raw.get("date") or None,
        title=raw.get("title") or None,
        source=f"semeval22_t8:{raw.get('id', '')}",
    )


def load_semeval_pairs(
    path: str | Path | None = None,
    split: str | None = None,
    *,
    same_language: int | None = None,
    cross_language: int | None = None,
    seed: int = 0,
) -> list[GradedPair]:
    """Original, undamaged pairs of the SemEval-2022 Task 8 sample.

    ``same_language`` keeps only that many same-language pairs, drawn with ``seed``;
    ``cross_language`` only the first that many cross-language pairs in file order
    (embedding every sentence of all 1,455 development pairs takes longer than the rest
    of the same-story evaluation together). ``None`` keeps them all."""
    out = []
    for row in read_jsonl(data_dir(path) / PAIRS_FILE, split):
        if row.get("augmented_translation") or row.get("encoding_damaged"):
            continue
        overall = (row.get("labels") or {}).get("Overall")
        if overall is None:
            continue
        out.append(
            GradedPair(
                id=str(row["pair_id"]),
                a=_article(row["a"]),
                b=_article(row["b"]),
                overall=float(overall),
            )
        )
    if cross_language is not None:
        cross = [k for k, p in enumerate(out) if p.cross_language][cross_language:]
        dropped_cross = set(cross)
        out = [p for k, p in enumerate(out) if k not in dropped_cross]
    if same_language is not None:
        same = [k for k, p in enumerate(out) if not p.cross_language]
        if len(same) > same_language:
            # A prefix of one permutation: a smaller sample is part of a larger one.
            order = np.random.default_rng(seed).permutation(len(same))
            dropped = set(same) - {same[int(k)] for k in order[:same_language]}
            out = [p for k, p in enumerate(out) if k not in dropped]
    return out


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson's r (``nan`` when either side is constant or there are < 2 values)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if len(x) < 2 or float(x.std()) == 0.0 or float(y.std()) == 0.0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def tfidf_pair_scorer(analyzer: str) -> PairScoreFn:
    """Cosine of TF-IDF vectors (``"word"`` or ``"char"``: char_wb 3-5-grams), IDF fitted
    on all texts of the pairs scored."""

    def score(pairs: Sequence[GradedPair]) -> np.ndarray:
        from sklearn.feature_extraction.text import TfidfVectorizer

        docs = [p.a.text for p in pairs] + [p.b.text for p in pairs]
        if analyzer == "char":
            vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        else:
            vec = TfidfVectorizer(sublinear_tf=True)
        x = vec.fit_transform(docs)
        n = len(pairs)
        return np.asarray(x[:n].multiply(x[n:]).sum(axis=1)).ravel()

    return score


def evaluate_graded(pairs: Sequence[GradedPair], systems: dict[str, PairScoreFn]) -> dict[str, Any]:
    """Pearson's r of each system with ``5 - Overall``, overall and cross-language."""
    gold = 5.0 - np.asarray([p.overall for p in pairs])
    cross = np.asarray([p.cross_language for p in pairs], dtype=bool)
    langs = sorted({f"{p.a.lang}-{p.b.lang}" for p in pairs if p.cross_language})
    out: dict[str, Any] = {
        "pairs": len(pairs),
        "cross_language_pairs": int(cross.sum()),
        "cross_languages": langs,
        "systems": {},
    }
    for name, fn in systems.items():
        t = time.perf_counter()
        s = np.asarray(fn(pairs), dtype=np.float64)
        out["systems"][name] = {
            "pearson": pearson(s, gold),
            "pearson_cross": pearson(s[cross], gold[cross]) if cross.any() else float("nan"),
            "pearson_same": pearson(s[~cross], gold[~cross]),
            "seconds": time.perf_counter() - t,
        }
    return out


def markdown_table(r: dict[str, Any]) -> str:
    """The figures of ``evaluate_graded`` as a Markdown table."""
    langs = ", ".join(r["cross_languages"]) or "none"
    lines = [
        f"SemEval-2022 Task 8 sample: {r['pairs']} original pairs, "
        f"{r['cross_language_pairs']} of them cross-language ({langs}). "
        "Pearson's r with 5 - Overall.\n",
        "| System | r (all) | r (same language) | r (cross-language) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, f in r["systems"].items():
        lines.append(
            f"| {name} | {f['pearson']:.3f} | {f['pearson_same']:.3f} | {f['pearson_cross']:.3f} |"
        )
    return "\n".join(lines)
