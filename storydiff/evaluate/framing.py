"""Framing evaluation, and training of the loaded-language classifier.

* **BABE** (sentences with expert bias labels): sentence-level F1 of the classifier on a
  held-out split (one article URL in five, by hash; training never sees it).
* **PTC** (SemEval-2020 Task 11, the labelled part here) and **SemEval-2023 Task 3** (en, ru):
  token-overlap F1 of the markers for the techniques storydiff marks: loaded language, name
  calling, doubt, appeal to fear. A gold token is any word token that overlaps a gold span of
  the technique; a predicted token is any word token that overlaps a marker of the mapped
  kinds; precision, recall and F1 are micro-averaged over tokens.
* **BASIL** lexical-bias spans (``lex``): the same token-overlap F1 for word-level markers.

Every figure sits next to a simple baseline (majority class; marking every token).
Run ``python -m storydiff.evaluate.framing`` (about a minute with embeddings cached);
``--train`` refits ``storydiff/data/loaded.json`` and ``loaded_babe.json`` first (needs
scikit-learn, a dev dependency).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.embed import CachedEmbedder, Embedder, load_embedder, weights_name
from storydiff.evaluate.datasets import article_id, data_dir, in_split, read_jsonl
from storydiff.frame.lexicon import LEXICON_FORMAT, Lexicon, builtin_dir, load_lexicon
from storydiff.frame.loaded import FEATURES, MODEL_FORMAT, lexical_features, model_path
from storydiff.frame.markers import frame
from storydiff.frame.quotes import find_quotes
from storydiff.records import Article, Marker
from storydiff.segment import segment
from storydiff.settings import default_cache_dir
from storydiff.text.words import TOKEN

MarkerFilter = Callable[[Marker], bool]
FLAG_PRECISION = 0.8
SpanDoc = tuple[Article, str, dict[str, list[tuple[int, int]]]]
"""An article, its language and its gold spans by technique."""

# Technique names per dataset, and the markers that stand for each technique.
TECHNIQUES: dict[str, dict[str, str]] = {
    "ptc": {
        "loaded language": "Loaded_Language",
        "name calling": "Name_Calling,Labeling",
        "doubt": "Doubt",
        "appeal to fear": "Appeal_to_fear-prejudice",
    },
    "semeval23": {
        "loaded language": "Loaded_Language",
        "name calling": "Name_Calling-Labeling",
        "doubt": "Doubt",
        "appeal to fear": "Appeal_to_Fear-Prejudice",
    },
}
MARKERS_FOR: dict[str, MarkerFilter] = {
    "loaded language": lambda m: m.kind == "loaded" and m.variant != "sentence",
    "name calling": lambda m: m.kind == "label" or (m.kind == "loaded" and m.group == "derogatory"),
    "doubt": lambda m: (
        m.kind in {"hedge", "scare-quote"}
        or (m.kind == "persuasion" and m.group == "Doubt")
        or (m.kind == "attribution-verb" and m.origin == "doubt")
    ),
    "appeal to fear": lambda m: m.kind == "persuasion" and m.group == "Appeal_to_Fear",
    "lexical bias": lambda m: (
        m.variant != "sentence"
        and (
            m.kind in {"loaded", "label", "scare-quote"}
            or (m.kind == "attribution-verb" and m.origin not in {"neutral", ""})
        )
    ),
}
REFERENCES = {
    "BABE": "Spinde et al. (2021), 'Neural Media Bias Detection Using Distant Supervision With"
    " BABE': about 0.80 F1 with a fine-tuned transformer (their split, not this one)",
    "PTC": "Da San Martino et al. (2020), SemEval-2020 Task 11 (official metric: span overlap,"
    " not comparable one to one)",
}


# ------------------------------------------------------------------ BABE and training


def babe_rows(data: Path, split: str | None = None) -> list[dict[str, Any]]:
    """BABE sentences with a binary label (1 = biased); "No agreement" rows are dropped.

    ``split`` keeps only rows of that split by their own ``split`` field (rows without one
    belong to every split); each kept row's ``split`` is then the URL-hash split.
    """
    rows = []
    for r in read_jsonl(data / "babe" / "sentences.jsonl"):
        if not in_split(r, split):
            continue
        bias = r["labels"]["bias"]
        if bias in {"Biased", "Non-biased"}:
            rows.append({**r, "y": int(bias == "Biased"), "split": babe_split(r)})
    return rows


def babe_split(row: dict[str, Any]) -> str:
    """``"test"`` for one article URL in five (by hash), else ``"train"``.

    Splitting by URL keeps sentences of one article on one side, so the test figures do not
    profit from an article's style seen in training.
    """
    key = str(row.get("url") or row["id"]).encode("utf-8")
    return "test" if hashlib.blake2b(key, digest_size=8).digest()[0] % 5 == 0 else "train"


def babe_lexicon_entries(
    train: Sequence[dict[str, Any]], min_count: int = 3
) -> list[dict[str, Any]]:
    """Words BABE annotators often marked as biased, with their marking rate in training.

    A word qualifies when it was marked at least ``min_count`` times and in at least a
    quarter of the training sentences that contain it.
    """
    marked: Counter[str] = Counter()
    for r in train:
        for w in r["labels"]["biased_words"]:
            word = str(w["word"]).lower().strip()
            if re.fullmatch(r"[a-z][a-z'-]{2,}", word):
                marked[word] += 1
    seen: Counter[str] = Counter()
    for r in train:
        seen.update(set(TOKEN.findall(r["text"].lower())) & set(marked))
    entries = []
    for word, n in sorted(marked.items()):
        rate = n / max(seen[word], n)
        if n >= min_count and rate >= 0.25:
            entries.append(
                {
                    "id": f"loaded/en/babe/{word}",
                    "lang": "en",
                    "group": "babe",
                    "variant": word,
                    "patterns": [word],
                    "note": f"marked as biased by BABE annotators in {n} of {max(seen[word], n)}"
                    " training sentences that use it",
                    "confidence": round(min(0.9, rate), 2),
                    "source": "babe",
                }
            )
    return entries


def write_babe_lexicon(entries: Sequence[dict[str, Any]], path: Path) -> None:
    """Write the BABE-derived word list as a lexicon file, one entry per line."""
    head = {
        "format": LEXICON_FORMAT,
        "kind": "loaded",
        "description": "Words BABE annotators marked as biased, derived from the training part"
        " of the BABE development data by storydiff.evaluate.framing --train.",
        "sources": {
            "babe": "BABE (Spinde et al. 2021, 'Neural Media Bias Detection Using Distant"
            " Supervision With BABE'), expert word-level bias labels, training split"
        },
    }
    lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
    body = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in entries)
    lines += ['  "entries": [', body, "  ]", "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def sentence_features(texts: Sequence[str], lexicon: Lexicon, lang: str = "en") -> np.ndarray:
    """Lexicon feature rows for sentences taken alone (as BABE gives them)."""
    rows = []
    for text in texts:
        scare = sum(1 for q in find_quotes(text) if q.scare)
        rows.append(lexical_features(text, lexicon.match(text, lang), scare))
    return np.asarray(rows, dtype=np.float64)


def _f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = float(np.sum(pred & gold))
    denom = float(np.sum(pred) + np.sum(gold))
    return 2 * tp / denom if denom else 0.0


def _fit(
    x: np.ndarray, y: np.ndarray, groups: np.ndarray, name: str, embedder: str
) -> dict[str, Any]:
    """Logistic regression with C and the decision threshold chosen by grouped 5-fold CV."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    best: tuple[float, float, float] = (-1.0, 1.0, 0.5)
    best_probs = np.zeros(len(y))
    for c in (0.01, 0.03, 0.1, 0.3, 1.0):
        probs = np.zeros(len(y))
        for tr, va in GroupKFold(n_splits=5).split(z, y, groups):
            clf = LogisticRegression(C=c, max_iter=3000).fit(z[tr], y[tr])
            probs[va] = clf.predict_proba(z[va])[:, 1]
        for t in np.arange(0.3, 0.71, 0.02):
            f1 = _f1(probs >= t, y == 1)
            if f1 > best[0]:
                best, best_probs = (f1, c, float(t)), probs
    clf = LogisticRegression(C=best[1], max_iter=3000).fit(z, y)
    # Markers shown to readers need precision more than recall: flag a sentence only above
    # the lowest threshold whose cross-validated precision reaches FLAG_PRECISION.
    flag = 1.0
    for t in np.arange(0.3, 0.96, 0.01):
        pred = best_probs >= t
        if pred.sum() >= 0.05 * y.sum() and float(np.mean(y[pred] == 1)) >= FLAG_PRECISION:
            flag = float(t)
            break
    return {
        "embedder": embedder,
        "features": list(FEATURES),
        "C": best[1],
        "cv_f1": round(best[0], 4),
        "threshold": round(best[2], 3),
        "flag_threshold": round(flag, 3),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [round(float(v), 6) for v in clf.coef_[0]],
        "intercept": round(float(clf.intercept_[0]), 6),
        "name": name,
    }


def train_loaded(data: Path, embedder: Embedder) -> dict[str, Any]:
    """Refit the BABE word list and both classifier variants on BABE's training split."""
    rows = babe_rows(data)
    train = [r for r in rows if r["split"] == "train"]
    write_babe_lexicon(babe_lexicon_entries(train), builtin_dir() / "loaded_babe.json")
    lexicon = load_lexicon()
    texts = [r["text"] for r in train]
    y = np.asarray([r["y"] for r in train])
    groups = np.asarray([str(r.get("url") or r["id"]) for r in train])
    lexical = sentence_features(texts, lexicon)
    vectors = _embed(embedder, texts)
    models = {
        "embedding+lexicon": _fit(
            np.hstack([vectors, lexical]), y, groups, "embedding+lexicon", embedder.name
        ),
        "lexicon": _fit(lexical, y, groups, "lexicon", ""),
    }
    doc = {
        "format": MODEL_FORMAT,
        "trained_on": f"BABE (SG2, MBIB copy) training split: {len(train)} sentences;"
        " test split = URL hash % 5 == 0 (storydiff.evaluate.framing.babe_split)",
        "models": {k: {kk: vv for kk, vv in v.items() if kk != "name"} for k, v in models.items()},
    }
    model_path().write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
    return doc


def _embed(embedder: Embedder, texts: Sequence[str], batch: int = 64) -> np.ndarray:
    parts = [embedder.embed(list(texts[i : i + batch])) for i in range(0, len(texts), batch)]
    return np.vstack(parts) if parts else np.zeros((0, embedder.dim), dtype=np.float32)


def evaluate_babe(
    data: Path, embedder: Embedder | None, split: str | None = None
) -> dict[str, Any]:
    """Sentence-level F1 (biased class) and macro F1 on BABE's held-out sentences.

    Without ``split``: the URL-hash held-out fifth of the development data (the classifier
    was fitted on the rest). With ``split``: every row of that split, so that a held-back
    BABE folder (rows without a ``split`` field) is scored whole.
    """
    from storydiff.frame.loaded import load_models

    load_models.cache_clear()
    models = load_models()
    if split is None:
        test = [r for r in babe_rows(data) if r["split"] == "test"]
    else:
        test = babe_rows(data, split)
    y = np.asarray([r["y"] for r in test]) == 1
    texts = [r["text"] for r in test]
    lexicon = load_lexicon()
    lexical = sentence_features(texts, lexicon)
    systems: dict[str, np.ndarray] = {}
    for name, model in models.items():
        if model.embedder:
            # the same weights on any engine (storydiff.embed.weights_name)
            if embedder is None or weights_name(embedder.name) != model.embedder:
                continue
            probs = model.predict(lexical, _embed(embedder, texts))
        else:
            probs = model.predict(lexical)
        systems[f"classifier ({name})"] = probs >= model.threshold
    any_hit = (lexical[:, FEATURES.index("loaded")] + lexical[:, FEATURES.index("label")]) > 0
    systems["baseline: any curated loaded/label word"] = any_hit
    systems["baseline: majority (all biased)"] = np.ones(len(y), dtype=bool)
    figures: dict[str, dict[str, float]] = {}
    for name, pred in systems.items():
        figures[name] = {
            "f1": round(_f1(pred, y), 4),
            "macro_f1": round((_f1(pred, y) + _f1(~pred, ~y)) / 2, 4),
            "accuracy": round(float(np.mean(pred == y)), 4),
        }
    scored = "held-out split" if split is None else f"split {split!r} (every row of it)"
    return {"n": len(test), "positives": int(y.sum()), "systems": figures, "scored": scored}


# ------------------------------------------------------------------ span datasets


def _sample(items: Sequence[dict[str, Any]], n: int | None) -> list[dict[str, Any]]:
    # A fixed, content-based order: the same sample on every machine and run.
    ordered = sorted(items, key=lambda r: hashlib.blake2b(str(r["id"]).encode()).hexdigest())
    return list(ordered if n is None else ordered[:n])


def _tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def _covered(tokens: list[tuple[int, int]], spans: Iterable[tuple[int, int]]) -> set[int]:
    starts = np.asarray([s for s, _ in tokens])
    ends = np.asarray([e for _, e in tokens])
    out: set[int] = set()
    for s, e in spans:
        if not len(starts):
            break
        out.update(int(i) for i in np.flatnonzero((starts < e) & (ends > s)))
    return out


class _Counts:
    def __init__(self) -> None:
        self.tp = self.pred = self.gold = self.total = 0

    def add(self, pred: set[int], gold: set[int], total: int) -> None:
        self.tp += len(pred & gold)
        self.pred += len(pred)
        self.gold += len(gold)
        self.total += total

    def figures(self) -> dict[str, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        density = self.gold / self.total if self.total else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "baseline_all_tokens_f1": round(2 * density / (1 + density), 4),
        }


def evaluate_spans(
    docs: Sequence[SpanDoc],
    lexicon: Lexicon,
) -> dict[str, dict[str, float]]:
    """Token-overlap figures per technique for ``(article, lang, gold spans by technique)``."""
    counts: dict[str, _Counts] = {}
    sentence_counts: dict[str, _Counts] = {}
    for art, _lang, gold in docs:
        seg = segment(art)
        framing = frame(seg, lexicon=lexicon)
        toks = _tokens(art.text)
        flagged = [(m.start, m.end) for m in framing.markers if m.variant == "sentence"]
        for technique, spans in gold.items():
            keep = MARKERS_FOR[technique]
            pred = _covered(toks, [(m.start, m.end) for m in framing.markers if keep(m)])
            gold_tokens = _covered(toks, spans)
            counts.setdefault(technique, _Counts()).add(pred, gold_tokens, len(toks))
            if technique in {"loaded language", "lexical bias"}:
                sentence_counts.setdefault(technique, _Counts()).add(
                    _covered(toks, flagged), gold_tokens, len(toks)
                )
    out = {t: c.figures() for t, c in counts.items()}
    for t, c in sentence_counts.items():
        out[f"{t} (sentences flagged by the classifier)"] = c.figures()
    return out


def _propaganda_docs(
    rows: Iterable[dict[str, Any]], names: dict[str, str], span_key: str
) -> list[SpanDoc]:
    docs = []
    for r in rows:
        text = str(r["text"])
        gold: dict[str, list[tuple[int, int]]] = {t: [] for t in names}
        by_name = {v: k for k, v in names.items()}
        for span in r["labels"].get(span_key) or []:
            technique = by_name.get(span["technique"])
            if technique:
                gold[technique].append((int(span["start"]), int(span["end"])))
        art = Article(id=article_id(text), text=text, lang=str(r["lang"]))
        docs.append((art, str(r["lang"]), gold))
    return docs


def load_ptc(data: Path, n: int | None) -> list[SpanDoc]:
    rows = _sample(list(read_jsonl(data / "ptc_semeval2020_t11" / "articles.jsonl")), n)
    return _propaganda_docs(rows, TECHNIQUES["ptc"], "propaganda_spans")


def load_semeval23(data: Path, lang: str, n: int | None) -> list[SpanDoc]:
    rows = [
        r
        for r in read_jsonl(data / "semeval23_t3" / "articles.jsonl")
        if r["lang"] == lang and r["labels"].get("persuasion_spans")
    ]
    return _propaganda_docs(_sample(rows, n), TECHNIQUES["semeval23"], "persuasion_spans")


def load_basil_lex(data: Path, n: int | None) -> list[SpanDoc]:
    rows = []
    for g in read_jsonl(data / "basil" / "groups.jsonl"):
        for a in g["articles"]:
            rows.append({"id": a["id"], "a": a})
    docs = []
    for r in _sample(rows, n):
        a = r["a"]
        text = str(a["text"])
        spans = [
            (int(s["start"]), int(s["end"]))
            for s in (a.get("labels") or {}).get("bias_spans", [])
            if s.get("bias") == "lex" and s.get("field") == "text"
        ]
        docs.append(
            (Article(id=article_id(text), text=text, lang="en"), "en", {"lexical bias": spans})
        )
    return docs


# ------------------------------------------------------------------ report


def evaluate_framing(
    data: Path,
    embedder: Embedder | None,
    *,
    sample: int | None = 60,
    split: str | None = None,
) -> dict[str, Any]:
    """All framing figures: BABE, PTC, SemEval-2023 (en, ru), BASIL (``sample`` articles each)."""
    lexicon = load_lexicon()
    results: dict[str, Any] = {}
    timings: dict[str, float] = {}
    t = time.perf_counter()
    results["BABE"] = evaluate_babe(data, embedder, split)
    timings["BABE"] = time.perf_counter() - t
    span_sets: dict[str, Callable[[], list[SpanDoc]]] = {
        "PTC (SemEval-2020 T11)": lambda: load_ptc(data, sample),
        "SemEval-2023 T3 en": lambda: load_semeval23(data, "en", sample),
        "SemEval-2023 T3 ru": lambda: load_semeval23(data, "ru", sample),
        "BASIL lex": lambda: load_basil_lex(data, sample),
    }
    for name, load in span_sets.items():
        t = time.perf_counter()
        docs = load()
        results[name] = {"articles": len(docs), "techniques": evaluate_spans(docs, lexicon)}
        timings[name] = time.perf_counter() - t
    results["timings_s"] = {k: round(v, 1) for k, v in timings.items()}
    return results


def markdown_table(results: dict[str, Any]) -> str:
    """The figures of :func:`evaluate_framing` as two Markdown tables."""
    babe = results["BABE"]
    lines = [
        f"BABE {babe.get('scored', 'held-out split')} ({babe['n']} sentences, "
        f"{babe['positives']} biased):",
        "",
        "| System | F1 (biased) | Macro F1 | Accuracy |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, f in babe["systems"].items():
        lines.append(f"| {name} | {f['f1']:.3f} | {f['macro_f1']:.3f} | {f['accuracy']:.3f} |")
    lines += [
        "",
        "Token-overlap span figures (micro over word tokens):",
        "",
        "| Dataset | Articles | Technique | P | R | F1 | Baseline F1 (all tokens) |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for dataset, block in results.items():
        if dataset in {"BABE", "timings_s"}:
            continue
        for technique, f in block["techniques"].items():
            lines.append(
                f"| {dataset} | {block['articles']} | {technique} | {f['precision']:.3f} |"
                f" {f['recall']:.3f} | {f['f1']:.3f} | {f['baseline_all_tokens_f1']:.3f} |"
            )
    lines.append("")
    lines += [f"- {k}: {v}." for k, v in REFERENCES.items()]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m storydiff.evaluate.framing``: print the tables, optionally save JSON."""
    parser = argparse.ArgumentParser(prog="python -m storydiff.evaluate.framing")
    parser.add_argument("--data", default=None, help="data folder (default: $STORYDIFF_DATA)")
    parser.add_argument("--sample", type=int, default=60, help="articles per span dataset")
    parser.add_argument("--train", action="store_true", help="refit the classifier first")
    parser.add_argument("--no-embed", action="store_true", help="skip the embedding model")
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    data = data_dir(args.data)
    embedder: Embedder | None = None
    if not args.no_embed or args.train:
        embedder = CachedEmbedder(
            load_embedder("e5-small"), default_cache_dir() / "embeddings.sqlite"
        )
    if args.train:
        assert embedder is not None
        doc = train_loaded(data, embedder)
        for name, m in doc["models"].items():
            print(f"trained {name}: C={m['C']} threshold={m['threshold']} cv_f1={m['cv_f1']}")
    results = evaluate_framing(data, embedder, sample=args.sample)
    print(markdown_table(results))
    print(f"timings (s): {results['timings_s']}", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
