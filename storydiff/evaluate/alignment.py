"""Cross-outlet alignment evaluation on NewsWCL50 (8 events, 5 outlets each).

NewsWCL50 links mentions across outlets into chains of *concepts* ("Trump", "the USA",
"the Pompeo trip to North Korea"), not of facts. So the gold standard for "these two
sentences state the same thing" is derived, and the choice matters:

* Sharing any chain is far too loose: a handful of chains (the main actor, the
  countries) occur in a third to a half of all sentences of an event, and about half of
  all cross-outlet sentence pairs share one.
* Sharing one *rare* chain is too loose the other way round: two sentences that both
  mention the Xi Jinping visit rarely state the same fact.

The gold used here asks for the same *set* of concepts: two sentences of different
outlets are aligned when they share at least ``min_shared`` chains, at least one of them
informative (occurring in at most ``max_chain_share`` of the event's annotated sentences),
and their chain sets overlap with an IDF-weighted Jaccard of at least ``min_jaccard``
(IDF over the event's sentences, so ubiquitous chains weigh little). This keeps
"Pompeo met Kim" ~ "Pompeo made a secret visit to North Korea" and drops "Trump said X"
~ "Trump said Y". It remains a proxy; ``precision_lenient`` (the predicted pair shares
at least one informative chain) bounds how wrong a prediction can be.

Mentions are mapped to storydiff's own sentences by character offsets (the sentence that
contains the mention's first character), not by the dataset's sentence numbers. Only
pairs of annotated sentences (at least one mention each) are scored, since the rest of
the text was not annotated. No threshold is tuned here: baselines use fixed thresholds.

Run it with ``python -m storydiff.evaluate.alignment``.
"""

from __future__ import annotations

import bisect
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.evaluate.cli import print_timed, say, task_parser
from storydiff.evaluate.datasets import (
    Group,
    Mention,
    data_dir,
    load_ecbplus,
    load_newswcl50,
)
from storydiff.evaluate.samestory import SentenceEmbeddings, default_embeddings
from storydiff.records import Segmented
from storydiff.segment import segment
from storydiff.settings import Settings

SentenceRef = tuple[int, int]
"""(article position, sentence index) within one event."""
SentencePair = tuple[SentenceRef, SentenceRef]
AlignFn = Callable[[Sequence[Segmented]], Sequence[Sequence[SentenceRef]]]
"""Maps the segmented articles of one event to facts: groups of sentence refs."""


@dataclass(frozen=True, kw_only=True)
class Aligner:
    name: str
    align: AlignFn


@dataclass(frozen=True, kw_only=True)
class GoldParams:
    """What counts as a gold alignment (see the module docstring)."""

    min_shared: int = 2
    max_chain_share: float = 0.25
    min_jaccard: float = 0.5


@dataclass(frozen=True, kw_only=True)
class EventGold:
    """The scored universe of one event and its gold pairs."""

    segmented: tuple[Segmented, ...]
    chains: tuple[tuple[frozenset[str], ...], ...]  # per article, per sentence
    gold: frozenset[SentencePair]
    lenient: frozenset[SentencePair]
    unmapped_mentions: int


def sentence_chains(seg: Segmented, mentions: Sequence[Mention]) -> tuple[list[set[str]], int]:
    """Chains mentioned in each sentence (by the mention's first character) and the
    number of mentions that fall outside every sentence."""
    starts = [s.start for s in seg.sentences]
    out: list[set[str]] = [set() for _ in seg.sentences]
    unmapped = 0
    for m in mentions:
        k = bisect.bisect_right(starts, m.start) - 1
        if k >= 0 and m.start < seg.sentences[k].end:
            out[k].add(m.chain)
        else:
            unmapped += 1
    return out, unmapped


def event_gold(group: Group, params: GoldParams = GoldParams()) -> EventGold:
    """Segment the event's articles and derive its gold sentence pairs."""
    segs: list[Segmented] = []
    chains: list[tuple[frozenset[str], ...]] = []
    unmapped = 0
    for art in group.articles:
        seg = segment(art)
        per, lost = sentence_chains(seg, group.mentions.get(art.id, ()))
        segs.append(seg)
        chains.append(tuple(frozenset(c) for c in per))
        unmapped += lost
    annotated = [(a, i) for a, cs in enumerate(chains) for i, c in enumerate(cs) if c]
    n = len(annotated)
    df = Counter(c for a, i in annotated for c in chains[a][i])
    idf = {c: math.log(n / k) for c, k in df.items()}
    informative = {c for c, k in df.items() if k <= params.max_chain_share * n}
    gold: set[SentencePair] = set()
    lenient: set[SentencePair] = set()
    for x, y in combinations(annotated, 2):
        if x[0] == y[0]:
            continue
        cx, cy = chains[x[0]][x[1]], chains[y[0]][y[1]]
        shared = cx & cy
        if not shared & informative:
            continue
        lenient.add((x, y))
        union_w = sum(idf[c] for c in cx | cy)
        jaccard = sum(idf[c] for c in shared) / union_w if union_w else 0.0
        if len(shared) >= params.min_shared and jaccard >= params.min_jaccard:
            gold.add((x, y))
    return EventGold(
        segmented=tuple(segs),
        chains=tuple(chains),
        gold=frozenset(gold),
        lenient=frozenset(lenient),
        unmapped_mentions=unmapped,
    )


def predicted_pairs(groups: Sequence[Sequence[SentenceRef]]) -> set[SentencePair]:
    """Cross-article sentence pairs that share a predicted fact, ordered ``x < y``."""
    out: set[SentencePair] = set()
    for g in groups:
        for x, y in combinations(sorted(set(g)), 2):
            if x[0] != y[0]:
                out.add((x, y))
    return out


# ---------------------------------------------------------------- aligners


def _pairs_as_groups(
    segmented: Sequence[Segmented], keep: Callable[[int, int], np.ndarray]
) -> list[tuple[SentenceRef, ...]]:
    groups: list[tuple[SentenceRef, ...]] = []
    for a, b in combinations(range(len(segmented)), 2):
        if not segmented[a].sentences or not segmented[b].sentences:
            continue
        for i, j in zip(*np.nonzero(keep(a, b)), strict=True):
            groups.append(((a, int(i)), (b, int(j))))
    return groups


def _tfidf_keep(
    x: Any, segmented: Sequence[Segmented], threshold: float
) -> Callable[[int, int], np.ndarray]:
    """Which sentence pairs of articles ``a`` and ``b`` have a TF-IDF cosine of at least
    ``threshold``; ``x`` holds the rows of every sentence of the event, article by article."""
    offsets = np.cumsum([0] + [len(seg.sentences) for seg in segmented])

    def keep(a: int, b: int) -> np.ndarray:
        xa = x[offsets[a] : offsets[a + 1]]
        xb = x[offsets[b] : offsets[b + 1]]
        return np.asarray((xa @ xb.T).toarray()) >= threshold

    return keep


def tfidf_aligner(threshold: float = 0.4) -> Aligner:
    """Baseline: every cross-article sentence pair with TF-IDF cosine >= ``threshold``
    (IDF fitted on the event's sentences) is one fact."""

    def align(segmented: Sequence[Segmented]) -> list[tuple[SentenceRef, ...]]:
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [s.text for seg in segmented for s in seg.sentences]
        x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
        return _pairs_as_groups(segmented, _tfidf_keep(x, segmented, threshold))

    return Aligner(name="tfidf", align=align)


def embedding_aligner(vectors: SentenceEmbeddings, threshold: float = 0.85) -> Aligner:
    """Baseline: mutual nearest sentences of two articles (e5 cosine >= ``threshold``)."""

    def align(segmented: Sequence[Segmented]) -> list[tuple[SentenceRef, ...]]:
        _, embs = vectors([seg.article for seg in segmented])

        def keep(a: int, b: int) -> np.ndarray:
            sim = embs[a] @ embs[b].T
            mutual = np.zeros(sim.shape, dtype=bool)
            rows = np.arange(sim.shape[0])
            best_j = sim.argmax(axis=1)
            mutual[rows, best_j] = sim.argmax(axis=0)[best_j] == rows
            keep_pairs: np.ndarray = mutual & (sim >= threshold)
            return keep_pairs

        return _pairs_as_groups(segmented, keep)

    return Aligner(name="e5-mutual-nn", align=align)


def char_tfidf_aligner(threshold: float = 0.5) -> Aligner:
    """Baseline: every cross-article sentence pair whose TF-IDF cosine over character
    3-5-grams (within word boundaries, IDF fitted on the event's sentences) is at least
    ``threshold`` is one fact."""

    def align(segmented: Sequence[Segmented]) -> list[tuple[SentenceRef, ...]]:
        from sklearn.feature_extraction.text import TfidfVectorizer

        texts = [s.text.lower() for seg in segmented for s in seg.sentences]
        vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        x = vectorizer.fit_transform(texts)
        return _pairs_as_groups(segmented, _tfidf_keep(x, segmented, threshold))

    return Aligner(name="tfidf-char", align=align)


def model_aligner(
    vectors: SentenceEmbeddings, settings: Settings | None = None, *, related: bool = False
) -> Aligner:
    """storydiff's aligner (``storydiff.align.align``) on clause units, with the
    settings' thresholds, as the pipeline runs it. ``related`` adds the related links
    (same actors and subject, not the same claim) to the facts, as pairs."""
    from storydiff.align import context_texts
    from storydiff.compare import align_claims

    s = settings or Settings()

    def run(segmented: Sequence[Segmented]) -> Sequence[Sequence[SentenceRef]]:
        segs, embs = vectors([seg.article for seg in segmented])
        dim = vectors.embedder.dim
        contexts = [
            vectors.embedder.embed(context_texts(seg))
            if seg.sentences
            else np.zeros((0, dim), dtype=np.float32)
            for seg in segs
        ]
        result = align_claims(vectors.embedder, segs, embs, contexts, s)
        groups: list[tuple[SentenceRef, ...]] = list(result.groups)
        if related:
            for link in result.related:
                ua = result.units[link.a][link.i]
                ub = result.units[link.b][link.j]
                groups.append(((link.a, ua.sentence_index), (link.b, ub.sentence_index)))
        return groups

    return Aligner(name="storydiff (facts + related)" if related else "storydiff", align=run)


# ---------------------------------------------------------------- evaluation


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _aligners(
    align_fn: Aligner | AlignFn | None, baselines: bool, vectors: SentenceEmbeddings | None
) -> list[Aligner]:
    """The systems to score: ``align_fn`` (storydiff's two variants when ``None``), then
    the baselines."""
    aligners: list[Aligner] = []
    if align_fn is None:
        assert vectors is not None
        aligners += [model_aligner(vectors), model_aligner(vectors, related=True)]
    elif isinstance(align_fn, Aligner):
        aligners.append(align_fn)
    else:
        aligners.append(Aligner(name="model", align=align_fn))
    if baselines:
        assert vectors is not None
        aligners += [embedding_aligner(vectors), tfidf_aligner(), char_tfidf_aligner()]
    return aligners


def _annotated_pairs(events: Sequence[EventGold]) -> int:
    """Cross-outlet pairs of annotated sentences: the universe the scores are taken in."""
    universe = 0
    for ev in events:
        n_ann = [sum(1 for c in cs if c) for cs in ev.chains]
        universe += sum(n_ann[a] * n_ann[b] for a, b in combinations(range(len(n_ann)), 2))
    return universe


def _score(aligner: Aligner, events: Sequence[EventGold], n_gold: int) -> dict[str, Any]:
    """One system's figures; predicted pairs touching an unannotated sentence are set
    aside (``unscored_pairs``), since the gold says nothing about them."""
    t = time.perf_counter()
    tp = lenient_tp = n_pred = outside = 0
    for ev in events:
        pred = predicted_pairs(aligner.align(ev.segmented))
        scored = {(x, y) for x, y in pred if ev.chains[x[0]][x[1]] and ev.chains[y[0]][y[1]]}
        outside += len(pred) - len(scored)
        n_pred += len(scored)
        tp += len(scored & ev.gold)
        lenient_tp += len(scored & ev.lenient)
    return _prf(tp, n_pred, n_gold) | {
        "precision_lenient": lenient_tp / n_pred if n_pred else 0.0,
        "predicted_pairs": n_pred,
        "unscored_pairs": outside,
        "seconds": time.perf_counter() - t,
    }


@dataclass(frozen=True, kw_only=True)
class Dataset:
    """The events of one dataset whose alignment is scored, with their derived gold."""

    name: str
    events: tuple[EventGold, ...]


def score_dataset(
    dataset: Dataset, aligners: Sequence[Aligner], say: Callable[[str], None] = lambda _: None
) -> dict[str, Any]:
    """Every system's figures on one dataset, with the size of its scored universe."""
    events = dataset.events
    n_gold = sum(len(ev.gold) for ev in events)
    systems: dict[str, Any] = {}
    for aligner in aligners:
        say(f"aligning {dataset.name} with {aligner.name}")
        systems[aligner.name] = _score(aligner, events, n_gold)
    return {
        "dataset": dataset.name,
        "events": len(events),
        "sentences": sum(len(seg.sentences) for ev in events for seg in ev.segmented),
        "candidate_pairs": _annotated_pairs(events),
        "gold_pairs": n_gold,
        "lenient_pairs": sum(len(ev.lenient) for ev in events),
        "unmapped_mentions": sum(ev.unmapped_mentions for ev in events),
        "systems": systems,
    }


def linked_chains_only(group: Group) -> Group:
    """``group`` without its single-mention chains.

    NewsWCL50 annotates a few concepts per event and links nearly all of them (4 of its
    130 chains have one mention); ECB+ annotates every event and participant mention, and
    more than half its chains (559 of 1,027) are one mention that nothing co-refers with.
    Such a chain can never be shared, yet it would sit in the IDF-weighted union of the
    gold's Jaccard with the highest weight, so that only near-copies of a sentence could
    reach it. Keeping the linked chains is what makes ECB+ concepts what NewsWCL50's are.
    """
    counts = Counter(m.chain for ms in group.mentions.values() for m in ms)
    mentions = {
        art: tuple(m for m in ms if counts[m.chain] > 1) for art, ms in group.mentions.items()
    }
    return replace(group, mentions=mentions)


def ecbplus_events(
    data_path: str | Path | None, split: str, gold: GoldParams = GoldParams()
) -> Dataset | None:
    """ECB+ sub-topics of ``split`` with the same derived gold as NewsWCL50 (its event
    and entity chains of two mentions or more are the concepts, see
    ``linked_chains_only``), or ``None`` when the folder has none of them.

    ECB+ is the development set of alignment: its ``val`` split is where the aligner's
    thresholds and rules are chosen, so NewsWCL50 stays unseen until it is scored.
    """
    if not (data_dir(data_path) / "ecbplus" / "groups.jsonl").is_file():
        return None
    groups = [linked_chains_only(g) for g in load_ecbplus(data_path, split=split)]
    events = tuple(event_gold(g, gold) for g in groups)
    return Dataset(name=f"ECB+ {split}", events=events) if events else None


def evaluate_alignment(
    data_path: str | Path | None = None,
    align_fn: Aligner | AlignFn | None = None,
    *,
    baselines: bool = True,
    vectors: SentenceEmbeddings | None = None,
    gold: GoldParams = GoldParams(),
    progress: Callable[[str], None] | None = None,
    split: str | None = None,
    ecbplus: bool = True,
) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of sentence alignment on NewsWCL50, and on ECB+
    beside it (``results["ecbplus"]``, per split: ``val`` and ``test``, or ``split``).

    ``align_fn`` is an ``Aligner`` or a plain ``AlignFn``; ``None`` evaluates
    ``storydiff.align``. Baselines: TF-IDF cosine >= 0.4 and e5 mutual nearest
    neighbours with cosine >= 0.85 (fixed, not tuned). ``progress`` receives one line
    per step. ECB+ is left out when ``ecbplus`` is false or the folder has none.
    """
    say = progress or (lambda _: None)
    root = data_dir(data_path)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    datasets = [
        Dataset(
            name="NewsWCL50",
            events=tuple(event_gold(g, gold) for g in load_newswcl50(root, split=split)),
        )
    ]
    if ecbplus:
        for part in (split,) if split else ("val", "test"):
            found = ecbplus_events(root, part, gold)
            if found is not None:
                datasets.append(found)
    timings["gold"] = time.perf_counter() - t

    if vectors is None and (baselines or align_fn is None):
        vectors = default_embeddings()
    aligners = _aligners(align_fn, baselines, vectors)
    if vectors is not None:
        say("embedding the sentences")
        t0 = vectors.seconds
        vectors([seg.article for d in datasets for ev in d.events for seg in ev.segmented])
        timings["embed"] = vectors.seconds - t0

    scored = [score_dataset(d, aligners, say) for d in datasets]
    newswcl50 = scored[0]
    del newswcl50["dataset"]
    return {
        "task": "alignment",
        "config": {
            "data": str(root),
            "gold": {
                "min_shared": gold.min_shared,
                "max_chain_share": gold.max_chain_share,
                "min_jaccard": gold.min_jaccard,
            },
            "embedder": vectors.embedder.name if vectors is not None else None,
            "split": split,
        },
        **newswcl50,
        "ecbplus": {d["dataset"].removeprefix("ECB+ "): d for d in scored[1:]},
        "timings": timings,
    }


def _system_rows(results: dict[str, Any]) -> list[str]:
    rows = []
    for name, f in results["systems"].items():
        rows.append(
            f"| {name} | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} | "
            f"{f['precision_lenient']:.3f} | {f['predicted_pairs']} |"
        )
    return rows


_HEADER = [
    "| System | Precision | Recall | F1 | Precision (lenient) | Predicted pairs |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
]


def _summary(name: str, results: dict[str, Any]) -> str:
    chance = results["gold_pairs"] / results["candidate_pairs"] if results["candidate_pairs"] else 0
    return (
        f"{name}: {results['events']} events, {results['sentences']} sentences, "
        f"{results['gold_pairs']} gold pairs among {results['candidate_pairs']} cross-outlet "
        f"pairs of annotated sentences (chance precision {chance:.3f})."
    )


def markdown_table(results: dict[str, Any]) -> str:
    """The figures of ``evaluate_alignment`` as Markdown tables: NewsWCL50, then ECB+."""
    lines = [_summary("NewsWCL50", results), "", *_HEADER, *_system_rows(results)]
    for part, ecb in results.get("ecbplus", {}).items():
        lines += ["", _summary(f"ECB+ ({part})", ecb), "", *_HEADER, *_system_rows(ecb)]
    split = results.get("config", {}).get("split")
    lines += [
        "",
        "storydiff aligns clause units (a sentence with two claims is cut in two) and maps "
        "them back to sentences; *facts + related* also counts its related links (same "
        "actors and subject, not the same claim) as aligned pairs. Baselines: e5 mutual "
        "nearest neighbours (cosine >= 0.85), TF-IDF words (cosine >= 0.4) and TF-IDF "
        "character 3-5-grams (cosine >= 0.5), thresholds fixed, not tuned. ECB+ gets the "
        "same derived gold, its chains of two mentions or more being the concepts (more "
        "than half its chains are a single mention, against 4 of 130 in NewsWCL50); its "
        "`val` split is the development set where the aligner's rules are chosen, so its "
        "rows are in-sample; its `test` split is held back (`--split test`)."
        + (f" Split: `{split}`." if split else ""),
    ]
    return "\n".join(lines)


def scored_pairs(aligner: Aligner, events: Sequence[EventGold]) -> Iterator[dict[str, Any]]:
    """Each scored pair ``aligner`` predicts, with its two sentences and what the gold says
    of it: what two engines or two commits predict differently can then be read."""
    for number, ev in enumerate(events):
        for x, y in sorted(predicted_pairs(aligner.align(ev.segmented))):
            if not (ev.chains[x[0]][x[1]] and ev.chains[y[0]][y[1]]):
                continue
            yield {
                "event": number,
                "a": list(x),
                "b": list(y),
                "gold": (x, y) in ev.gold,
                "lenient": (x, y) in ev.lenient,
                "text_a": ev.segmented[x[0]].sentences[x[1]].text,
                "text_b": ev.segmented[y[0]].sentences[y[1]].text,
            }


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m storydiff.evaluate.alignment``: print the table, optionally save JSON;
    ``--pairs PATH`` writes storydiff's scored NewsWCL50 pairs instead (JSON lines)."""
    parser = task_parser(
        "python -m storydiff.evaluate.alignment", split_help="score only events of this split"
    )
    parser.add_argument(
        "--pairs",
        metavar="PATH",
        help="write storydiff's scored NewsWCL50 pairs (sentences, gold) as JSON lines",
    )
    args = parser.parse_args(argv)
    t = time.perf_counter()
    if args.pairs:
        root = data_dir(args.data)
        events = [event_gold(g) for g in load_newswcl50(root, split=args.split)]
        rows = scored_pairs(model_aligner(default_embeddings()), events)
        with Path(args.pairs).open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    results = evaluate_alignment(args.data, progress=say, split=args.split)
    print_timed(results, markdown_table, t, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
