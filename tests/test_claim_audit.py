"""The hand audit of NewsWCL50 alignment: its shipped labels and how they are scored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storydiff.evaluate.alignment import Aligner
from storydiff.evaluate.claim_audit import AuditPair, load_audit, markdown, score_audit


def test_the_shipped_audit_is_whole_and_references_no_text() -> None:
    pairs = load_audit()
    assert len(pairs) == 80
    assert sum(p.drawn_from == "predicted" for p in pairs) == 40
    assert sum(p.same_claim for p in pairs) == 34
    # Every pair the aligner missed was drawn from the derived gold.
    assert all(p.derived_gold for p in pairs if p.drawn_from == "missed")
    assert all(p.a_span[0] < p.a_span[1] and p.b_span[0] < p.b_span[1] for p in pairs)
    assert {p.stratum_size for p in pairs} == {771, 1743}


def _folder(tmp_path: Path) -> Path:
    texts = [
        "Pompeo met Kim in Pyongyang on Easter. Trump praised the talks.",
        "Kim received Pompeo last week. The summit may be held in June.",
    ]
    row = {
        "group_id": "e1",
        "dataset": "NewsWCL50",
        "articles": [
            {"id": f"e1_{k}", "outlet": f"O{k}", "lang": "en", "text": t, "labels": {}}
            for k, t in enumerate(texts)
        ],
    }
    (tmp_path / "newswcl50").mkdir()
    (tmp_path / "newswcl50" / "groups.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    return tmp_path


def _pair(a: int, b: int, *, same: bool, drawn: str, size: int) -> AuditPair:
    spans = {0: (0, 38), 1: (39, 63)}
    return AuditPair(
        group="e1",
        a="e1_0",
        a_span=spans[a],
        b="e1_1",
        b_span=(0, 30) if b == 0 else (31, 62),
        drawn_from=drawn,
        derived_gold=drawn == "missed",
        same_claim=same,
        stratum_size=size,
    )


def test_scores_weigh_each_pair_by_its_stratum(tmp_path: Path) -> None:
    audit = [
        # Drawn from what the aligner predicted (10 pairs there, 2 drawn).
        _pair(0, 0, same=True, drawn="predicted", size=10),
        _pair(1, 1, same=False, drawn="predicted", size=10),
        # Drawn from the gold it missed (30 there, 1 drawn): a same claim.
        _pair(1, 0, same=True, drawn="missed", size=30),
    ]

    def first_sentences(segmented):  # type: ignore[no-untyped-def]
        return [((0, 0), (1, 0)), ((0, 1), (1, 1))]

    result = score_audit(Aligner(name="t", align=first_sentences), _folder(tmp_path), audit=audit)
    assert result["scored"] == 3
    assert result["unplaced"] == 0
    assert (result["same_claim_pairs"], result["same_claim_found"]) == (2, 1)
    assert result["predicted"] == 2
    # Precision: 5 of the 10 predicted pairs are the same claim; recall: 5 of 5 + 30.
    assert result["claim_precision_estimate"] == pytest.approx(0.5)
    assert result["claim_recall_estimate"] == pytest.approx(5 / 35)
    assert "0.14" in markdown(result)


def test_pairs_of_events_not_in_the_data_are_not_scored(tmp_path: Path) -> None:
    audit = [_pair(0, 0, same=True, drawn="predicted", size=10)]
    audit = [AuditPair(**{**vars(audit[0]), "group": "elsewhere"})]

    def nothing(segmented):  # type: ignore[no-untyped-def]
        return []

    result = score_audit(Aligner(name="t", align=nothing), _folder(tmp_path), audit=audit)
    assert result["scored"] == 0
    assert markdown(result).startswith("No audited pair")
