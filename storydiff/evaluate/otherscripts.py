"""Same story per language pair, on SemEval-2022 pairs the evaluation does not score.

The same-story evaluation (``storydiff.evaluate.samestory``) scores 200 pairs of the
SemEval-2022 Task 8 sample: de-en and seven languages in Latin or Arabic script. storydiff
promises "another language" too, and its signals (names found by their capitals,
character n-grams sized for spaced alphabetic text) can be unreadable in other scripts.
This report gives, per language pair, Pearson's r with ``5 - Overall`` for storydiff's
pair score and the TF-IDF baselines, and the share of pairs graded same (Overall <= 2)
and different (>= 3.5) that storydiff calls "same story" (score at or above
``Settings.same_story_threshold``).

Pairs: every row of the sample's file except the evaluation's 200 and the machine
translations of them (zh, ru and it pairs exist only as the data's machine-translated
"augmented" pairs, so their rows say so), at most ``per_pair`` per language pair, drawn
with a fixed seed. Run it with ``python -m storydiff.evaluate.otherscripts``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.evaluate.datasets import article_id, data_dir, read_jsonl
from storydiff.evaluate.samestory import default_embeddings, pair_scorer, truncate
from storydiff.evaluate.similarity import (
    PAIRS_FILE,
    GradedPair,
    load_semeval_pairs,
    pearson,
    tfidf_pair_scorer,
)
from storydiff.records import Article
from storydiff.settings import Settings

SAME, DIFFERENT = 2.0, 3.5
"""Gold Overall at or below which a pair is graded the same story, at or above different."""


def _base_id(pair_id: str) -> str:
    # A machine translation's id is its original's with language suffixes ("123it_456").
    return re.sub(r"[a-z]+", "", pair_id)


def _article(raw: dict[str, Any]) -> Article:
    text = str(raw["text"])
    return Article(id=article_id(text), text=text, lang=raw.get("lang") or None)


def unused_pairs(root: Path, per_pair: int, seed: int = 0) -> dict[str, list[GradedPair]]:
    """Pairs of each language pair ("zh-en") outside the evaluation's sample and its
    translations, at most ``per_pair`` each (a random draw with ``seed``)."""
    used = {_base_id(p.id) for p in load_semeval_pairs(root, same_language=80, cross_language=120)}
    by_langs: dict[str, list[GradedPair]] = {}
    for row in read_jsonl(root / PAIRS_FILE, None):
        overall = (row.get("labels") or {}).get("Overall")
        if row.get("encoding_damaged") or overall is None or _base_id(row["pair_id"]) in used:
            continue
        pair = GradedPair(
            id=str(row["pair_id"]),
            a=_article(row["a"]),
            b=_article(row["b"]),
            overall=float(overall),
        )
        langs = f"{pair.a.lang}-{pair.b.lang}" + ("*" if row.get("augmented_translation") else "")
        by_langs.setdefault(langs, []).append(pair)
    rng = np.random.default_rng(seed)
    out = {}
    for langs, pairs in sorted(by_langs.items()):
        keep = sorted(rng.permutation(len(pairs))[:per_pair].tolist())
        out[langs] = [pairs[k] for k in keep]
    return out


def fit_stand_in(root: Path, per_pair: int = 60, folds: int = 5) -> dict[str, Any]:
    """Least-squares coefficients of ``samestory.StandIn``: each of entities, chars and
    name_chars on ``(1, document, overlap, numbers, cross)``, over the original (not
    machine-translated) unused pairs whose texts are both Latin or Cyrillic, at most
    ``per_pair`` per language pair; with R² in sample and out of ``folds`` folds (pairs
    sharing an article in one fold)."""
    from storydiff.samestory import keys, pair_score
    from storydiff.storykeys import name_gram_similarity

    pairs = [
        p for langs, ps in unused_pairs(root, per_pair).items() if "*" not in langs for p in ps
    ]
    vectors = default_embeddings()
    arts = [truncate(a, 6) for p in pairs for a in (p.a, p.b)]
    segs, embs = vectors(arts)
    x, y, groups = [], [], []
    for k, pair in enumerate(pairs):
        sa, sb = segs[2 * k], segs[2 * k + 1]
        ka, kb = keys(sa), keys(sb)
        if not ka.script == kb.script == "latn":
            continue
        s = pair_score(sa, sb, embs[2 * k], embs[2 * k + 1], keys_a=ka, keys_b=kb)
        cross = float(pair.cross_language)
        x.append([1.0, s.document_similarity, s.sentence_overlap, s.number_overlap, cross])
        y.append([s.entity_overlap, s.char_similarity, name_gram_similarity(ka, kb)])
        groups.append(pair.a.id)
    xa, ya = np.asarray(x), np.asarray(y)
    coef = np.linalg.lstsq(xa, ya, rcond=None)[0]
    ids = sorted(set(groups))
    fold_of = {
        g: int(f)
        for g, f in zip(ids, np.random.default_rng(0).permutation(len(ids)) % folds, strict=True)
    }
    fold = np.asarray([fold_of[g] for g in groups])
    oof = np.zeros_like(ya)
    for f in range(folds):
        train = fold != f
        oof[~train] = xa[~train] @ np.linalg.lstsq(xa[train], ya[train], rcond=None)[0]

    def r2(pred: np.ndarray) -> list[float]:
        resid = ((ya - pred) ** 2).sum(axis=0)
        return [round(float(v), 3) for v in 1.0 - resid / ((ya - ya.mean(axis=0)) ** 2).sum(axis=0)]

    names = ("entities", "chars", "name_chars")
    return {
        "pairs": len(y),
        "coefficients": {
            n: tuple(round(float(c), 3) for c in coef[:, k]) for k, n in enumerate(names)
        },
        "r2": dict(zip(names, r2(xa @ coef), strict=True)),
        "r2_out_of_fold": dict(zip(names, r2(oof), strict=True)),
    }


def _share(called: np.ndarray, rows: np.ndarray) -> str:
    return f"{int(called[rows].sum())}/{int(rows.sum())}" if rows.any() else "-"


def per_language(
    root: Path, per_pair: int, langs: Sequence[str] = (), max_sentences: int = 6
) -> list[dict[str, Any]]:
    """One row of figures per language pair (see the module docstring); only ``langs``
    ("zh-zh*") when given."""
    storydiff = pair_scorer(default_embeddings(), max_sentences)
    threshold = Settings().same_story_threshold
    rows = []
    for name, pairs in unused_pairs(root, per_pair).items():
        if langs and name not in langs:
            continue
        gold = np.asarray([p.overall for p in pairs])
        scores = {
            "storydiff": storydiff(pairs),
            "tfidf-words": tfidf_pair_scorer("word")(pairs),
            "tfidf-chars": tfidf_pair_scorer("char")(pairs),
        }
        called = scores["storydiff"] >= threshold
        rows.append(
            {
                "langs": name,
                "pairs": len(pairs),
                "r": {k: pearson(v, 5.0 - gold) for k, v in scores.items()},
                "same_called_same": _share(called, gold <= SAME),
                "different_called_same": _share(called, gold >= DIFFERENT),
            }
        )
        print(f"  {name}: {len(pairs)} pairs", file=sys.stderr, flush=True)
    return rows


def markdown_table(rows: Sequence[dict[str, Any]]) -> str:
    lines = [
        "| Pairs | n | r storydiff | r TF-IDF words | r TF-IDF chars | "
        "Same (<= 2) called same | Different (>= 3.5) called same |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        rs = " | ".join(f"{r['r'][k]:.3f}" for k in ("storydiff", "tfidf-words", "tfidf-chars"))
        lines.append(
            f"| {r['langs']} | {r['pairs']} | {rs} | {r['same_called_same']} | "
            f"{r['different_called_same']} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser("python -m storydiff.evaluate.otherscripts")
    parser.add_argument("--data", default=None, help="evaluation data (default: STORYDIFF_DATA)")
    parser.add_argument("--per-pair", type=int, default=30, help="pairs per language pair")
    parser.add_argument("--langs", nargs="*", default=(), help='only these ("zh-zh*")')
    parser.add_argument("--fit", action="store_true", help="fit samestory.StandIn instead")
    args = parser.parse_args(argv)
    if args.fit:
        print(json.dumps(fit_stand_in(data_dir(args.data)), indent=1))
        return 0
    print(markdown_table(per_language(data_dir(args.data), args.per_pair, args.langs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
