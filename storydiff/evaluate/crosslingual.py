"""Cross-language findings against a gold that needs no annotator: a text and its translation.

MEANTIME gives one Wikinews article in four professional translations (en, es, it, nl),
one sentence per line. Between an article and its translation every line has its
counterpart, so the gold is exact where NewsWCL50's is derived:

* alignment: line ``i`` of one version states what line ``i`` of the other does (scored
  as line pairs, since a line may be split into two sentences on one side only); a pair
  of versions whose line counts differ has no such gold and is counted as skipped;
* every sentence shown "only in" one version is a miss (the translation says it too);
* every fact labelled ``conflict``, ``stronger`` or ``weaker`` is false, bar a real
  liberty of the translator, which is why the harness can write them out to be read.

Each pair of versions is compared by the same ``Pipeline`` the CLI runs (framing and
sources off: they do not touch these figures), and two baselines align the same
sentences: e5 mutual nearest neighbours and TF-IDF character n-grams, with the fixed
thresholds of the NewsWCL50 table. A baseline's "only in" is a sentence it pairs with
nothing.

Run it with ``python -m storydiff.evaluate.crosslingual [--split test] [--findings PATH]``.
"""

from __future__ import annotations

import bisect
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storydiff.evaluate.alignment import (
    Aligner,
    char_tfidf_aligner,
    embedding_aligner,
    predicted_pairs,
)
from storydiff.evaluate.cli import print_timed, say, task_parser
from storydiff.evaluate.datasets import Group, data_dir, load_meantime
from storydiff.evaluate.samestory import SentenceEmbeddings, default_embeddings
from storydiff.records import Article, Comparison, Segmented
from storydiff.settings import Settings

if TYPE_CHECKING:
    from storydiff.compare import Pipeline

# The pairs of versions compared: English against each translation, and two
# translations against each other (neither is the original).
LANGUAGE_PAIRS = (("en", "es"), ("en", "it"), ("en", "nl"), ("es", "it"))
LABELS = ("agree", "partial", "stronger", "weaker", "conflict")
# Labels that a translation can only earn by a translator's liberty: each is read.
SUSPECT = frozenset({"stronger", "weaker", "conflict"})
LinePair = tuple[int, int]


@dataclass(frozen=True, kw_only=True)
class VersionPair:
    """Two versions of one article, in two languages."""

    group: str
    topic: str
    langs: tuple[str, str]
    articles: tuple[Article, Article]


@dataclass(frozen=True, kw_only=True)
class Found:
    """What one system found on one pair of versions, in line numbers."""

    pairs: frozenset[LinePair]
    only_in: int  # sentences shown "only in" one version
    sentences: int
    labels: tuple[str, ...] = ()  # fact labels (storydiff only)


def version_pairs(groups: Sequence[Group], langs: Sequence[tuple[str, str]]) -> list[VersionPair]:
    """Every pair of ``langs`` that a group has both versions of."""
    out = []
    for g in groups:
        by_lang = {a.lang: a for a in g.articles}
        for x, y in langs:
            if x in by_lang and y in by_lang:
                out.append(
                    VersionPair(
                        group=g.id, topic=g.topic, langs=(x, y), articles=(by_lang[x], by_lang[y])
                    )
                )
    return out


def line_of(seg: Segmented) -> list[int]:
    """The line (0-based) each sentence of ``seg`` starts on."""
    text = seg.article.text
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    return [bisect.bisect_right(breaks, s.start) for s in seg.sentences]


def line_count(article: Article) -> int:
    """Non-empty lines: the units the gold pairs."""
    return sum(1 for line in article.text.split("\n") if line.strip())


def has_line_gold(pair: VersionPair) -> bool:
    """Line ``i`` <-> line ``i`` holds only when both versions have as many lines."""
    a, b = pair.articles
    return a.text.count("\n") == b.text.count("\n")


def _line_pairs(
    segs: Sequence[Segmented], pairs: Sequence[tuple[tuple[int, int], tuple[int, int]]]
) -> frozenset[LinePair]:
    lines = [line_of(s) for s in segs]
    out = set()
    for x, y in pairs:
        if x[0] == y[0]:
            continue
        (a, i), (b, j) = sorted((x, y))
        out.add((lines[a][i], lines[b][j]))
    return frozenset(out)


def storydiff_found(comparison: Comparison) -> Found:
    """Line pairs of the comparison's facts, its "only in" sentences and fact labels."""
    segs = comparison.articles
    pos = {s.article.id: k for k, s in enumerate(segs)}
    refs = []
    for fact in comparison.facts:
        members = [(pos[aid], i) for aid, idx in fact.members.items() for i in idx]
        refs += [(x, y) for x in members for y in members if x < y]
    return Found(
        pairs=_line_pairs(segs, refs),
        only_in=sum(len(v) for v in comparison.unique.values()),
        sentences=sum(len(s.sentences) for s in segs),
        labels=tuple(f.label for f in comparison.facts),
    )


def baseline_found(aligner: Aligner, segs: Sequence[Segmented]) -> Found:
    """Line pairs a baseline aligns; a sentence it pairs with nothing is its "only in"."""
    pairs = predicted_pairs(aligner.align(segs))
    touched = {ref for p in pairs for ref in p}
    n = sum(len(s.sentences) for s in segs)
    return Found(pairs=_line_pairs(segs, sorted(pairs)), only_in=n - len(touched), sentences=n)


@dataclass
class Tally:
    """Running figures of one system over many pairs of versions."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0
    only_in: int = 0
    sentences: int = 0
    labels: Counter[str] | None = None

    def add(self, found: Found, gold_lines: int | None) -> None:
        self.only_in += found.only_in
        self.sentences += found.sentences
        if found.labels:
            self.labels = (self.labels or Counter()) + Counter(found.labels)
        if gold_lines is not None:
            self.predicted += len(found.pairs)
            self.tp += sum(1 for i, j in found.pairs if i == j)
            self.gold += gold_lines

    def figures(self) -> dict[str, Any]:
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        out: dict[str, Any] = {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "only_in_rate": self.only_in / self.sentences if self.sentences else 0.0,
            "only_in": self.only_in,
            "sentences": self.sentences,
        }
        if self.labels is not None:
            total = sum(self.labels.values())
            out["facts"] = total
            out["labels"] = {k: self.labels[k] / total if total else 0.0 for k in LABELS}
            out["suspect_rate"] = sum(self.labels[k] for k in SUSPECT) / total if total else 0.0
        return out


def findings(pair: VersionPair, comparison: Comparison) -> Iterator[dict[str, Any]]:
    """The findings a translation cannot earn (suspect labels, "only in") and the
    partial ones (a translation says no more than its original, bar a liberty), with
    their sentences and reasons, so that each can be read and tallied by cause."""
    segs = {s.article.id: s for s in comparison.articles}
    head = {"group": pair.group, "topic": pair.topic, "langs": "-".join(pair.langs)}
    for fact in comparison.facts:
        for rel in fact.relations:
            if rel.label in SUSPECT or rel.label == "partial":
                yield head | {
                    "kind": rel.label,
                    "a": segs[rel.a[0]].sentences[rel.a[1]].text,
                    "b": segs[rel.b[0]].sentences[rel.b[1]].text,
                    "similarity": rel.similarity,
                    "reasons": list(rel.reasons),
                }
    for aid, idx in comparison.unique.items():
        for i in idx:
            yield head | {
                "kind": "only in",
                "lang": segs[aid].lang,
                "a": segs[aid].sentences[i].text,
            }


def _found(
    pipeline: Pipeline,
    vectors: SentenceEmbeddings,
    baselines: Sequence[Aligner],
    pair: VersionPair,
    on_comparison: Callable[[VersionPair, Comparison], None] | None,
) -> dict[str, Found]:
    """What storydiff (the CLI's pipeline) and each baseline find on one pair."""
    comparison = pipeline.compare(pair.articles)
    if on_comparison is not None:
        on_comparison(pair, comparison)
    segs, _ = vectors(list(pair.articles))
    return {"storydiff": storydiff_found(comparison)} | {
        b.name: baseline_found(b, segs) for b in baselines
    }


def evaluate_crosslingual(
    data_path: str | Path | None = None,
    *,
    split: str | None = None,
    langs: Sequence[tuple[str, str]] = LANGUAGE_PAIRS,
    vectors: SentenceEmbeddings | None = None,
    progress: Callable[[str], None] | None = None,
    on_comparison: Callable[[VersionPair, Comparison], None] | None = None,
) -> dict[str, Any]:
    """Alignment, "only in" and relation figures of storydiff and two baselines on the
    MEANTIME translations of ``split`` (``None``: dev, the development choice), per
    language pair and over all. ``on_comparison`` sees each comparison (to read it)."""
    from storydiff.compare import Pipeline

    note = progress or (lambda _: None)
    root = data_dir(data_path)
    part = split or "dev"
    if not (root / "meantime" / "groups.jsonl").is_file():
        return {"task": "crosslingual", "skipped": f"no meantime/groups.jsonl in {root}"}
    pairs = version_pairs(load_meantime(root, split=part), langs)
    if not pairs:
        # (this folder's copy holds the dev topics only; test is held back)
        return {"task": "crosslingual", "skipped": f"no MEANTIME pairs in split {part}"}
    vectors = vectors or default_embeddings()
    pipeline = Pipeline(
        settings=replace(Settings(), sources=False, framing=False), embedder=vectors.embedder
    )
    baselines = [embedding_aligner(vectors), char_tfidf_aligner()]
    systems = ["storydiff", *(b.name for b in baselines)]
    tallies = {(s, lp): Tally() for s in systems for lp in ("all", *("-".join(x) for x in langs))}
    skipped = Counter[str]()
    t = time.perf_counter()
    for n, pair in enumerate(pairs):
        if n % 40 == 0:
            note(f"comparing pair {n + 1} of {len(pairs)}")
        lp = "-".join(pair.langs)
        gold = line_count(pair.articles[0]) if has_line_gold(pair) else None
        skipped[lp] += gold is None
        for system, f in _found(pipeline, vectors, baselines, pair, on_comparison).items():
            tallies[system, lp].add(f, gold)
            tallies[system, "all"].add(f, gold)
    by_pair: dict[str, Any] = {}
    for (system, lp), tally in tallies.items():
        by_pair.setdefault(lp, {})[system] = tally.figures()
    return {
        "task": "crosslingual",
        "config": {"data": str(root), "split": part, "embedder": vectors.embedder.name},
        "groups": len({p.group for p in pairs}),
        "pairs": len(pairs),
        "skipped_alignment": {k: v for k, v in skipped.items() if v},
        "systems": by_pair["all"],
        "by_pair": {k: v for k, v in by_pair.items() if k != "all"},
        "timings": {"compare": time.perf_counter() - t},
    }


def _rows(name: str, systems: dict[str, Any]) -> list[str]:
    rows = []
    for system, f in systems.items():
        labels = f.get("labels")
        shares = " | ".join(f"{labels[k]:.3f}" for k in LABELS) if labels else " | ".join("-" * 5)
        rows.append(
            f"| {name} | {system} | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} | "
            f"{f['only_in_rate']:.3f} | {shares} |"
        )
    return rows


def markdown_table(results: dict[str, Any]) -> str:
    """The figures of ``evaluate_crosslingual``: all pairs, then each language pair."""
    if "skipped" in results:
        return f"Skipped: {results['skipped']}."
    lines = [
        f"MEANTIME `{results['config']['split']}`: {results['groups']} articles, "
        f"{results['pairs']} pairs of versions; alignment is scored on the pairs with as "
        f"many lines on both sides (skipped: {results['skipped_alignment'] or 'none'}).",
        "",
        "| Pair | System | Precision | Recall | F1 | Only in | Agree | Partial | Stronger "
        "| Weaker | Conflict |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *_rows("all", results["systems"]),
    ]
    for lp, systems in results["by_pair"].items():
        lines += _rows(lp, systems)
    lines += [
        "",
        "Gold: line i of a version <-> line i of its translation (precision and recall over "
        "line pairs). *Only in*: share of sentences shown as stated by one version only, "
        "all false. Label columns: share of storydiff's facts by label; between a text and "
        "its translation stronger, weaker and conflict are false bar a translator's "
        "liberty. Baselines: e5 mutual nearest neighbours (cosine >= 0.85) and TF-IDF "
        "character 3-5-grams (cosine >= 0.5), fixed thresholds; their *only in* is a "
        "sentence they pair with nothing. Topics airbus and apple are `dev`, gm and stock "
        "`test`.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m storydiff.evaluate.crosslingual``: the table; ``--findings PATH`` also
    writes every suspect relation and "only in" sentence as JSON lines, to be read."""
    parser = task_parser(
        "python -m storydiff.evaluate.crosslingual",
        split_help="dev (airbus, apple; default) or test (gm, stock)",
    )
    parser.add_argument("--findings", metavar="PATH", help="write the false findings here")
    args = parser.parse_args(argv)
    t = time.perf_counter()
    rows: list[dict[str, Any]] = []

    def keep(pair: VersionPair, comparison: Comparison) -> None:
        rows.extend(findings(pair, comparison))

    results = evaluate_crosslingual(
        args.data, split=args.split, progress=say, on_comparison=keep if args.findings else None
    )
    if "skipped" in results:
        print(markdown_table(results))
        return 0
    print_timed(results, markdown_table, t, args.json)
    if args.findings:
        with Path(args.findings).open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
