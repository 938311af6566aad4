"""A hand audit of NewsWCL50 alignment at the level a fact-checker reads it: the same claim.

The alignment gold of ``storydiff.evaluate.alignment`` is derived from NewsWCL50's
concept chains: two sentences that mention the same set of concepts. That is a proxy
for "the two outlets state the same thing", and reading pairs shows how far it is from
it: "Downing Street confirmed that Theresa May would hold talks with Trump" and "Mrs.
May's invitation to Mr. Trump prompted memories of controversial figures" share their
concepts and are gold; "Trump said Tuesday that the two Koreas 'have my blessing to
discuss the end of the war'" and the quote it paraphrases are not.

``annotations/newswcl50_claims.jsonl`` holds 80 cross-outlet sentence pairs drawn at
random (seed 20261130, commit ``9a11a0f``): 40 from the pairs storydiff predicted and 40
from the derived-gold pairs it missed, each labelled ``same_claim`` by one annotator:
true when the two sentences state at least one same claim (they agree, or one says
more), false when they share only actors, topic or setting. Two different quotes of one
speaker are two claims. Pairs are dataset article ids and character spans, no text.

For the aligner of today it reports how many of the labelled same-claim pairs it finds
and, of the labelled pairs it predicts, how many are the same claim. The sample was
drawn from one aligner's output, so these are figures to compare versions on, not an
unbiased estimate of claim-level recall (pairs neither that aligner nor the gold found
were never drawn). Run it with ``python -m storydiff.evaluate.claim_audit``.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storydiff.evaluate.alignment import (
    Aligner,
    SentenceRef,
    event_gold,
    model_aligner,
    predicted_pairs,
)
from storydiff.evaluate.cli import Results, run_split_task
from storydiff.evaluate.datasets import data_dir, load_newswcl50
from storydiff.evaluate.samestory import default_embeddings
from storydiff.records import Segmented

AUDIT_FILE = Path(__file__).parent / "annotations" / "newswcl50_claims.jsonl"


@dataclass(frozen=True, kw_only=True)
class AuditPair:
    """One labelled pair: two sentences of one NewsWCL50 event, by article and span."""

    group: str
    a: str
    a_span: tuple[int, int]
    b: str
    b_span: tuple[int, int]
    drawn_from: str  # "predicted" or "missed" (derived gold the aligner missed)
    derived_gold: bool
    same_claim: bool
    # Pairs in the population this one was drawn from (of which 40 were drawn): the
    # weight that turns the sample into an estimate over both populations.
    stratum_size: int


def load_audit(path: Path = AUDIT_FILE) -> tuple[AuditPair, ...]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        pairs.append(
            AuditPair(
                group=str(row["group"]),
                a=str(row["a"]),
                a_span=(int(row["a_span"][0]), int(row["a_span"][1])),
                b=str(row["b"]),
                b_span=(int(row["b_span"][0]), int(row["b_span"][1])),
                drawn_from=str(row["drawn_from"]),
                derived_gold=bool(row["derived_gold"]),
                same_claim=bool(row["same_claim"]),
                stratum_size=int(row["stratum_size"]),
            )
        )
    return tuple(pairs)


def _sentence_at(seg: Segmented, start: int) -> int | None:
    """The index of the sentence that contains character ``start``."""
    starts = [s.start for s in seg.sentences]
    k = bisect.bisect_right(starts, start) - 1
    return k if k >= 0 and start < seg.sentences[k].end else None


def _refs(
    pair: AuditPair, segmented: Sequence[Segmented]
) -> tuple[SentenceRef, SentenceRef] | None:
    """The pair as sentence refs of today's segmentation, ``x < y``; ``None`` when an
    article is missing or a span no longer starts inside a sentence."""
    by_source = {seg.article.source: i for i, seg in enumerate(segmented)}
    refs = []
    for source, span in ((pair.a, pair.a_span), (pair.b, pair.b_span)):
        i = by_source.get(f"newswcl50:{source}")
        k = None if i is None else _sentence_at(segmented[i], span[0])
        if i is None or k is None:
            return None
        refs.append((i, k))
    x, y = sorted(refs)
    return x, y


def score_audit(
    aligner: Aligner,
    data_path: str | Path | None = None,
    split: str | None = None,
    audit: Sequence[AuditPair] | None = None,
) -> Results:
    """Claim-level figures of ``aligner`` on the audited pairs of the events present:
    counts over the sample, and estimates that weigh each pair by the population it was
    drawn from (``AuditPair.stratum_size`` over the pairs drawn from it)."""
    pairs = load_audit() if audit is None else audit
    drawn = Counter(p.drawn_from for p in pairs)
    wanted = {p.group for p in pairs}
    counts: Counter[str] = Counter()
    weights: dict[str, float] = defaultdict(float)
    for group in load_newswcl50(data_dir(data_path), split=split):
        if group.id not in wanted:
            continue
        ev = event_gold(group)
        pred = predicted_pairs(aligner.align(ev.segmented))
        for pair in (p for p in pairs if p.group == group.id):
            refs = _refs(pair, ev.segmented)
            if refs is None:
                counts["unplaced"] += 1
                continue
            hit = refs in pred
            w = pair.stratum_size / drawn[pair.drawn_from]
            for key, counted in (
                ("scored", True),
                ("same_claim", pair.same_claim),
                ("found", hit and pair.same_claim),
                ("predicted", hit),
            ):
                counts[key] += counted
                weights[key] += w * counted
    return {
        "pairs": len(pairs),
        "scored": counts["scored"],
        "unplaced": counts["unplaced"],
        "same_claim_pairs": counts["same_claim"],
        "same_claim_found": counts["found"],
        "predicted": counts["predicted"],
        "claim_recall_estimate": _ratio(weights["found"], weights["same_claim"]),
        "claim_precision_estimate": _ratio(weights["found"], weights["predicted"]),
    }


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def markdown(result: Results) -> str:
    if not result["scored"]:
        return "No audited pair belongs to the events in this data: nothing to score."
    return "\n".join(
        [
            "| Audited pairs | Same claim | Same claim found | Predicted | "
            "Claim precision (est.) | Claim recall (est.) |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {result['scored']} | {result['same_claim_pairs']} | "
            f"{result['same_claim_found']} | {result['predicted']} | "
            f"{result['claim_precision_estimate']:.2f} | {result['claim_recall_estimate']:.2f} |",
        ]
    )


def evaluate_claim_audit(data_path: str | None = None, split: str | None = None) -> Results:
    """storydiff's aligner (as ``make eval`` scores it) on the audited pairs."""
    return score_audit(model_aligner(default_embeddings()), data_path, split)


def main(argv: Sequence[str] | None = None) -> None:
    run_split_task(
        "python -m storydiff.evaluate.claim_audit", __doc__, evaluate_claim_audit, markdown, argv
    )


if __name__ == "__main__":
    main()
