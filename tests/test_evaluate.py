"""Tests of the evaluation harness: metrics on hand-made cases, loaders on the real data."""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from storydiff.evaluate import datasets
from storydiff.evaluate.alignment import (
    Aligner,
    GoldParams,
    evaluate_alignment,
    event_gold,
    predicted_pairs,
    scored_pairs,
    sentence_chains,
)
from storydiff.evaluate.alignment import (
    markdown_table as alignment_table,
)
from storydiff.evaluate.datasets import (
    AbpIndex,
    DistractorParams,
    Group,
    Mention,
    article_id,
    data_dir,
)
from storydiff.evaluate.samestory import (
    average_link,
    bcubed,
    best_f1,
    build_pool,
    markdown_table,
    pairwise,
    roc_auc,
    truncate,
)
from storydiff.records import Article
from storydiff.samestory import StoryWeights
from storydiff.segment import segment

HAVE_DATA = (data_dir() / "basil" / "groups.jsonl").is_file()
needs_data = pytest.mark.skipif(not HAVE_DATA, reason="evaluation data not found")


def art(text: str, **kw: str) -> Article:
    return Article(id=article_id(text), text=text, lang="en", **kw)


# ---------------------------------------------------------------- metrics


def test_auc_known_value() -> None:
    # The textbook case: 3 of the 4 positive-negative pairs are ordered right.
    assert roc_auc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([0, 0, 1, 1])) == 0.75


def test_auc_ties_count_half_and_extremes() -> None:
    assert roc_auc(np.array([0.5, 0.5]), np.array([1, 0])) == 0.5
    assert roc_auc(np.array([0.9, 0.8, 0.1]), np.array([1, 1, 0])) == 1.0
    assert roc_auc(np.array([0.1, 0.8, 0.9]), np.array([1, 1, 0])) == 0.0
    assert math.isnan(roc_auc(np.array([0.1, 0.2]), np.array([1, 1])))


def test_auc_matches_pairwise_definition() -> None:
    rng = np.random.default_rng(0)
    scores = rng.integers(0, 5, size=60).astype(float)  # many ties
    positive = rng.random(60) < 0.3
    pos, neg = scores[positive], scores[~positive]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    assert roc_auc(scores, positive) == pytest.approx(wins / (len(pos) * len(neg)))


def test_best_f1_picks_the_right_cut() -> None:
    best = best_f1(np.array([0.9, 0.8, 0.7, 0.1]), np.array([1, 0, 1, 0]))
    assert best.f1 == pytest.approx(0.8)
    assert best.threshold == 0.7
    assert best.precision == pytest.approx(2 / 3)
    assert best.recall == 1.0


def test_best_f1_does_not_split_ties() -> None:
    # Cutting between the two 0.5 scores would give F1 1.0; no threshold can do that.
    best = best_f1(np.array([0.5, 0.5, 0.1]), np.array([1, 0, 0]))
    assert best.f1 == pytest.approx(2 / 3)
    assert best.threshold == 0.5


def test_bcubed_known_value() -> None:
    gold = np.array([0, 0, 0, 1, 1])
    pred = np.array([0, 0, 1, 1, 1])
    got = bcubed(pred, gold)
    assert got.precision == pytest.approx(11 / 15)
    assert got.recall == pytest.approx(11 / 15)
    assert got.f1 == pytest.approx(11 / 15)


def test_bcubed_singletons_and_perfect() -> None:
    gold = np.array([0, 0, 0])
    singletons = bcubed(np.array([0, 1, 2]), gold)
    assert (singletons.precision, singletons.recall) == (1.0, pytest.approx(1 / 3))
    assert singletons.f1 == pytest.approx(0.5)
    # Label names do not matter, only the partition.
    assert bcubed(np.array([7, 7, 3]), np.array([1, 1, 0])).f1 == 1.0


def test_pairwise_known_value() -> None:
    got = pairwise(np.array([0, 0, 1, 1, 1]), np.array([0, 0, 0, 1, 1]))
    # Gold pairs: 01 02 12 34; predicted: 01 23 24 34; shared: 01 34.
    assert (got.precision, got.recall, got.f1) == (0.5, 0.5, 0.5)
    none = pairwise(np.array([0, 1, 2]), np.array([0, 0, 1]))
    assert (none.precision, none.recall, none.f1) == (0.0, 0.0, 0.0)


def test_average_link_blocks() -> None:
    sim = np.full((5, 5), 0.1)
    sim[:3, :3] = 0.9
    sim[3:, 3:] = 0.8
    labels = average_link(sim, 0.5)
    assert labels.tolist() == [0, 0, 0, 1, 1]
    assert average_link(sim, 0.95).tolist() == [0, 1, 2, 3, 4]


def test_average_link_does_not_chain() -> None:
    # Single link would put all three together through item 1; the average of
    # 0.9 and 0.0 keeps item 2 apart.
    sim = np.array([[1.0, 0.9, 0.0], [0.9, 1.0, 0.9], [0.0, 0.9, 1.0]])
    assert average_link(sim, 0.6).tolist() == [0, 0, 1]


# ---------------------------------------------------------------- pools and loaders


def test_article_id_is_sha256_prefix() -> None:
    assert article_id("abc") == hashlib.sha256(b"abc").hexdigest()[:16]


def test_data_dir_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYDIFF_DATA", "/somewhere/else")
    assert str(data_dir()) == "/somewhere/else"
    assert str(data_dir("/given")) == "/given"
    monkeypatch.delenv("STORYDIFF_DATA")
    assert data_dir().parts[-2:] == ("shared", "data")


def test_truncate_keeps_first_sentences() -> None:
    a = art("One is here. Two is there. Three is gone. Four too.")
    cut = truncate(a, 2)
    assert cut.text == "One is here. Two is there."
    assert cut.id == a.id
    assert truncate(a, 10) is a


def test_build_pool_labels_and_blocks() -> None:
    g1 = Group(id="g1", dataset="x", articles=(art("a1"), art("a2")), topic="t")
    g2 = Group(id="g2", dataset="x", articles=(art("b1"),), topic="t")
    pool = build_pool("x", [g1, g2], {"g1": (art("d1"),), "g2": (art("d2"),)})
    assert pool.labels == (0, 0, 1, 2, 3)
    assert pool.blocks == ("t",) * 5
    assert (pool.n_groups, pool.n_distractors) == (2, 2)


def test_markdown_table_renders_every_system() -> None:
    fig = {
        "auc": 0.9,
        "auc_hard": 0.8,
        "best_f1": 0.7,
        "best_threshold": 0.4,
        "fixed": {"threshold": 0.5, "bcubed_f1": 0.6, "pairwise_f1": 0.5},
    }
    results = {
        "datasets": {
            "BASIL": {
                "articles": 5,
                "groups": 1,
                "distractors": 2,
                "systems": {"a": fig, "b": fig},
            }
        }
    }
    table = markdown_table(results)
    assert table.count("\n| BASIL |") == 2
    assert "| 0.900 | 0.800 | 0.700 (0.4) |" in table


# ---------------------------------------------------------------- alignment gold


def test_sentence_chains_by_offsets() -> None:
    text = "Pompeo met Kim. Trump spoke later. Kim smiled."
    seg = segment(art(text))
    mentions = [
        Mention(chain="pompeo", kind="ACTOR", start=0, end=6, text="Pompeo"),
        Mention(chain="kim", kind="ACTOR", start=11, end=14, text="Kim"),
        Mention(chain="kim", kind="ACTOR", start=35, end=38, text="Kim"),
        Mention(chain="x", kind="MISC", start=200, end=201, text="?"),
    ]
    chains, unmapped = sentence_chains(seg, mentions)
    assert chains == [{"pompeo", "kim"}, set(), {"kim"}]
    assert unmapped == 1


def _mention(text: str, word: str, chain: str) -> Mention:
    start = text.index(word)
    return Mention(chain=chain, kind="ACTOR", start=start, end=start + len(word), text=word)


def test_event_gold_needs_the_same_concepts() -> None:
    t1 = "Pompeo met Kim in Pyongyang. Trump praised it. Trump golfed. Abe came."
    t2 = "Kim hosted Pompeo secretly. Trump was angry. Trump spoke. Abe left."
    a1, a2 = art(t1), art(t2)

    def ms(text: str) -> tuple[Mention, ...]:
        found = [_mention(text, w, w.lower()) for w in ("Pompeo", "Kim", "Abe")]
        pos = 0
        for _ in range(2):  # both "Trump" mentions
            start = text.index("Trump", pos)
            found.append(Mention(chain="trump", kind="ACTOR", start=start, end=start + 5, text=""))
            pos = start + 1
        return tuple(found)

    group = Group(
        id="e",
        dataset="t",
        articles=(a1, a2),
        topic="e",
        mentions={a1.id: ms(t1), a2.id: ms(t2)},
    )
    gold = event_gold(group, GoldParams(max_chain_share=0.4))
    # Pompeo+Kim in both first sentences: aligned. Trump-only sentences share only a
    # chain present in half the sentences (above 40%): not aligned, not even leniently.
    assert ((0, 0), (1, 0)) in gold.gold
    assert not any(x[1] in (1, 2) and y[1] in (1, 2) for x, y in gold.lenient)
    # "Abe came" ~ "Abe left" share one informative chain: lenient but not gold.
    assert ((0, 3), (1, 3)) in gold.lenient
    assert ((0, 3), (1, 3)) not in gold.gold


def test_predicted_pairs_cross_article_only() -> None:
    pairs = predicted_pairs([((0, 1), (0, 2), (1, 5)), ((2, 0),)])
    assert pairs == {((0, 1), (1, 5)), ((0, 2), (1, 5))}


def test_scored_pairs_lists_what_the_gold_says_of_each_predicted_pair() -> None:
    t1 = "Pompeo met Kim in Pyongyang. Trump praised it. Trump golfed. Abe came."
    t2 = "Kim hosted Pompeo secretly. Trump was angry. Trump spoke. Abe left."
    a1, a2 = art(t1), art(t2)

    def ms(text: str) -> tuple[Mention, ...]:
        found = [_mention(text, w, w.lower()) for w in ("Pompeo", "Kim", "Abe")]
        return (*found, _mention(text, "Trump", "trump"))

    group = Group(
        id="e", dataset="t", articles=(a1, a2), topic="e", mentions={a1.id: ms(t1), a2.id: ms(t2)}
    )
    event = event_gold(group, GoldParams(max_chain_share=0.4))
    # A gold pair, a lenient one, and one touching a sentence without a mention (left out).
    aligner = Aligner(
        name="fixed", align=lambda _: [((0, 0), (1, 0)), ((0, 3), (1, 3)), ((0, 2), (1, 2))]
    )
    rows = list(scored_pairs(aligner, [event]))
    assert [(r["a"], r["b"], r["gold"], r["lenient"]) for r in rows] == [
        ([0, 0], [1, 0], True, True),
        ([0, 3], [1, 3], False, True),
    ]
    assert (rows[1]["text_a"], rows[1]["text_b"]) == ("Abe came.", "Abe left.")


def test_alignment_table() -> None:
    results = {
        "events": 1,
        "sentences": 10,
        "gold_pairs": 5,
        "candidate_pairs": 50,
        "systems": {
            "x": {
                "precision": 0.5,
                "recall": 0.25,
                "f1": 1 / 3,
                "precision_lenient": 0.75,
                "predicted_pairs": 4,
            }
        },
    }
    table = alignment_table(results)
    assert "chance precision 0.100" in table
    assert "| x | 0.500 | 0.250 | 0.333 | 0.750 | 4 |" in table


# ---------------------------------------------------------------- real data


@pytest.mark.data
@needs_data
def test_basil_groups_load() -> None:
    groups = datasets.load_basil()
    assert len(groups) == 50
    first = groups[0]
    assert len(first.articles) == 3
    assert all(a.text.strip() for a in first.articles)
    assert all(a.id == article_id(a.text) for a in first.articles)
    outlets = Counter(a.outlet for g in groups for a in g.articles)
    assert set(outlets) == {"Fox News", "New York Times", "HuffPost"}


@pytest.mark.data
@needs_data
def test_ecbplus_topics_hold_two_events_without_url_lines() -> None:
    groups = datasets.load_ecbplus()
    per_topic = Counter(g.topic for g in groups)
    assert set(per_topic.values()) == {2}
    for g in groups:
        for a in g.articles:
            assert not a.text.startswith("http")
            for m in g.mentions[a.id][:5]:
                assert a.text[m.start : m.end] == m.text


@pytest.mark.data
@needs_data
def test_newswcl50_mentions_match_text() -> None:
    groups = datasets.load_newswcl50()
    assert len(groups) == 8
    assert all(len(g.articles) == 5 for g in groups)
    for g in groups:
        for a in g.articles:
            ms = g.mentions[a.id]
            assert ms
            assert all(a.text[m.start : m.end] == m.text for m in ms)


@pytest.fixture(scope="module")
def small_index() -> AbpIndex:
    # The first 3,000 corpus articles: enough to exercise picking in a few seconds.
    return AbpIndex(max_articles=3000)


@pytest.mark.data
@needs_data
def test_distractors_never_include_group_members(small_index: AbpIndex) -> None:
    basil = datasets.load_basil()[:10]
    # A group made of corpus articles: without exclusion they would be their own
    # nearest neighbours, so this checks that members (and their copies) are excluded.
    corpus_arts = [a for _, a in zip(range(3), datasets.iter_abp(), strict=False)]
    planted = Group(id="planted", dataset="t", articles=tuple(corpus_arts), topic="planted")
    groups = [*basil, planted]
    params = DistractorParams(per_group=3, seed=1)
    picked = small_index.pick(groups, params)
    member_ids = {a.id for g in groups for a in g.articles}
    member_titles = {a.title for g in groups for a in g.articles}
    chosen = [a for arts in picked.values() for a in arts]
    assert len(chosen) == 3 * len(groups)
    assert not {a.id for a in chosen} & member_ids
    assert not {a.title for a in chosen} & member_titles
    assert len({a.id for a in chosen}) == len(chosen)  # no article serves two groups
    # Deterministic for a seed.
    again = small_index.pick(groups, params)
    assert {k: [a.id for a in v] for k, v in again.items()} == {
        k: [a.id for a in v] for k, v in picked.items()
    }


def test_alignment_split_scores_only_that_split(tmp_path: Path) -> None:
    # A folder of the same layout: events with a split field must name the split; an
    # event without one belongs to every split.
    def event(gid: str, split: str | None) -> dict[str, object]:
        text = f"Pompeo met Kim in Pyongyang on {gid}. Trump praised the talks."
        row: dict[str, object] = {
            "group_id": gid,
            "dataset": "NewsWCL50",
            "articles": [
                {"id": f"{gid}-{k}", "outlet": f"O{k}", "lang": "en", "text": text, "labels": {}}
                for k in range(2)
            ],
        }
        if split:
            row["split"] = split
        return row

    folder = tmp_path / "newswcl50"
    folder.mkdir()
    rows = [event("e1", "test"), event("e2", "dev"), event("e3", None)]
    (folder / "groups.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    assert [g.id for g in datasets.load_newswcl50(tmp_path, split="test")] == ["e1", "e3"]
    assert [g.id for g in datasets.load_newswcl50(tmp_path)] == ["e1", "e2", "e3"]

    def one_fact_per_event(segmented):  # type: ignore[no-untyped-def]
        return [((0, 0), (1, 0))]

    results = evaluate_alignment(tmp_path, one_fact_per_event, baselines=False, split="dev")
    assert results["events"] == 2  # e2, and e3 that has no split field
    assert results["config"]["split"] == "dev"


# ---------------------------------------------------------------- same story: splits, SemEval


def _basil_row(gid: str, split: str | None) -> dict[str, object]:
    row: dict[str, object] = {
        "group_id": gid,
        "articles": [{"text": f"Text {gid} {k}.", "outlet_code": "fox"} for k in range(3)],
    }
    if split is not None:
        row["split"] = split
    return row


def test_same_story_loaders_honour_the_split(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    (tmp_path / "basil").mkdir()
    rows = [_basil_row("1", "dev"), _basil_row("2", "test"), _basil_row("3", None)]
    (tmp_path / "basil" / "groups.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    assert [g.id for g in datasets.load_basil(tmp_path, "test")] == ["basil-2", "basil-3"]
    assert [g.id for g in datasets.load_basil(tmp_path)] == ["basil-1", "basil-2", "basil-3"]


def test_graded_pairs_pearson_overall_and_cross_language() -> None:
    from storydiff.evaluate.similarity import GradedPair, evaluate_graded
    from storydiff.evaluate.similarity import markdown_table as graded_table_text

    def pair(k: int, overall: float, lang: str) -> GradedPair:
        return GradedPair(
            id=str(k),
            a=Article(id=f"a{k}", text=f"a{k}", lang="en"),
            b=Article(id=f"b{k}", text=f"b{k}", lang=lang),
            overall=overall,
        )

    pairs = [pair(0, 1.0, "en"), pair(1, 4.0, "en"), pair(2, 1.5, "de"), pair(3, 3.0, "de")]
    perfect = evaluate_graded(pairs, {"s": lambda ps: np.array([5 - p.overall for p in ps])})
    assert perfect["cross_language_pairs"] == 2
    assert perfect["systems"]["s"]["pearson"] == pytest.approx(1.0)
    assert perfect["systems"]["s"]["pearson_cross"] == pytest.approx(1.0)
    flipped = evaluate_graded(pairs, {"s": lambda ps: np.array([p.overall for p in ps])})
    assert flipped["systems"]["s"]["pearson"] == pytest.approx(-1.0)
    assert "| s | -1.000 |" in graded_table_text(flipped)


def test_char_baseline_scores_shared_names_above_unrelated() -> None:
    from storydiff.evaluate.samestory import tfidf_char_scorer

    m = tfidf_char_scorer().score(
        [art("Zelensky met Biden."), art("Biden met Zelensky."), art("Rain fell.")]
    )
    assert m[0, 1] > m[0, 2]


@needs_data
def test_semeval_sample_keeps_every_cross_language_pair() -> None:
    from storydiff.evaluate.similarity import load_semeval_pairs

    every = load_semeval_pairs()
    sample = load_semeval_pairs(same_language=100)
    cross = [p for p in every if p.cross_language]
    assert len(cross) > 100
    assert [p.id for p in sample if p.cross_language] == [p.id for p in cross]
    assert sum(not p.cross_language for p in sample) == 100
    smaller = {p.id for p in load_semeval_pairs(same_language=50)}
    assert smaller <= {p.id for p in sample}
    first = load_semeval_pairs(same_language=0, cross_language=10)
    assert [p.id for p in first] == [p.id for p in cross[:10]]


def test_neus_loader_honours_the_split(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from storydiff.evaluate.clustering import load_neus

    (tmp_path / "allsides_neus").mkdir()
    rows = [
        {"group_id": gid, "split": split, "articles": [{"text": f"Story {gid}."}]}
        for gid, split in (("1", "dev"), ("2", "test"))
    ]
    (tmp_path / "allsides_neus" / "groups.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    assert [gid for gid, _ in load_neus(tmp_path, "test")] == ["2"]
    assert [gid for gid, _ in load_neus(tmp_path)] == ["1", "2"]


def test_fit_design_weighs_every_dataset_the_same() -> None:
    from storydiff.evaluate.fit import StoryPairs, design

    big = StoryPairs(
        dataset="big",
        x=np.zeros((100, 2)),
        target=np.r_[np.ones(10), np.zeros(90)],
        groups=np.asarray(["g"] * 100),
        cross=np.zeros(100, dtype=bool),
    )
    graded = StoryPairs(
        dataset="graded",
        x=np.zeros((4, 2)),
        target=np.asarray([1.0, 0.5, 0.0, 0.25]),
        groups=np.asarray(["h"] * 4),
        cross=np.zeros(4, dtype=bool),
    )
    _, y, w, g = design([big, graded])
    for name in ("g", "h"):
        mine = g == name
        assert w[mine & (y == 1)].sum() == pytest.approx(0.5)
        assert w[mine & (y == 0)].sum() == pytest.approx(0.5)
    # A graded pair of share 0.5 is half a positive and half a negative.
    assert len(y[g == "h"]) == 6


def test_alignment_scores_ecbplus_beside_newswcl50(tmp_path: Path) -> None:
    # ECB+ gets the same derived gold from its chains; a split with no rows is left out.
    # Pompeo and Kim meet in the first sentences; every other sentence names one person
    # (rare enough to be informative, one chain too few to be gold), and the "Lone"
    # chains of one mention each are dropped before the gold is derived.
    names = ("Pompeo", "Kim", "Trump", "Abe", "Xi", "Moon")

    def article(prefix: str, k: int) -> dict[str, object]:
        text = f"Pompeo met Kim in Pyongyang. Trump praised it. Abe came. Xi left. Moon spoke {k}."
        mentions = [
            {
                "chain": f"Lone{k}" if n == "Moon" else n,
                "start": text.index(n),
                "end": text.index(n) + len(n),
                "text": n,
            }
            for n in names
        ]
        return {"id": f"{prefix}{k}", "text": text, "labels": {"mentions": mentions}}

    for name, row in (
        ("newswcl50", {"group_id": "n", "articles": [article("n", k) for k in range(2)]}),
        (
            "ecbplus",
            {
                "group_id": "e",
                "topic": 1,
                "split": "val",
                "articles": [article("e", k) for k in range(2)],
            },
        ),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / "groups.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")

    def first_sentences(segmented):  # type: ignore[no-untyped-def]
        return [((0, 0), (1, 0))]

    results = evaluate_alignment(tmp_path, first_sentences, baselines=False)
    assert set(results["ecbplus"]) == {"val"}  # no test rows here
    ecb = results["ecbplus"]["val"]
    assert ecb["gold_pairs"] == 1
    # 4 annotated sentences a side once the lone chains are gone; NewsWCL50 keeps all 5.
    assert ecb["candidate_pairs"] == 16
    assert results["candidate_pairs"] == 25
    assert ecb["systems"]["model"]["f1"] == 1.0
    assert "ECB+ (val): 1 events" in alignment_table(results)


def test_cluster_folds_hold_whole_groups_of_every_dataset() -> None:
    from storydiff.evaluate.fit import group_folds

    gold = {f"{d}{g}{a}": f"{d}:{g}" for d in ("A", "B") for g in range(6) for a in range(3)}
    fold = group_folds(gold, 3)
    assert set(fold) == set(gold.values())  # a group lies in one fold, whole
    for k in range(3):
        assert {g.split(":")[0] for g, f in fold.items() if f == k} == {"A", "B"}


def test_cluster_cross_validation_scores_each_fold_with_parameters_chosen_elsewhere() -> None:
    from storydiff.evaluate.fit import cross_validate

    gold = {"a1": "A:1", "a2": "A:1", "b1": "A:2", "b2": "A:2"}
    fold = {"A:1": 0, "A:2": 1}
    # "fits 1" is right on group 1 and merges group 2 into a distractor; "fits 2" the reverse.
    fits_1 = {"a1": "x", "a2": "x", "b1": "y", "b2": "y", "d": "y"}
    fits_2 = {"a1": "x", "a2": "x", "d": "x", "b1": "y", "b2": "y"}
    result = cross_validate([({"t": 1}, fits_1), ({"t": 2}, fits_2)], gold, fold, 2)
    # Each fold is scored by the run chosen on the other one: the one that is wrong there.
    assert result["chosen_per_fold"] == [{"t": 2}, {"t": 1}]
    assert result["out_of_fold"]["all"]["bcubed_recall"] == 1.0
    assert result["out_of_fold"]["A"]["bcubed_precision"] == pytest.approx(2 / 3)


def test_cross_offset_finds_the_intercept_that_centres_de_en_scores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Logits symmetric about -1: a logistic curve is closest to a straight line, so r
    # is highest, when they are centred on 0, an offset of +1.
    from storydiff.evaluate import fit, samestory
    from storydiff.evaluate.similarity import GradedPair

    overall = [1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0] * 6
    pairs = [
        GradedPair(
            id=str(k),
            a=Article(id=f"a{k}", text="x", lang="de"),
            b=Article(id=f"b{k}", text="y", lang="en"),
            overall=o,
        )
        for k, o in enumerate(overall)
    ]
    logits = np.asarray([-1.0 + 2.5 * (2.5 - o) for o in overall])
    monkeypatch.setattr(fit, "load_semeval_pairs", lambda data: pairs)
    monkeypatch.setattr(
        samestory, "pair_scorer", lambda vectors, n: lambda ps: 1 / (1 + np.exp(-logits))
    )
    fitted = fit.fit_cross_offset(Path("unused"), None)  # type: ignore[arg-type]
    assert fitted["pairs"] == len(pairs)
    assert fitted["offset"] == 1.0
    assert fitted["cross_language"] == pytest.approx(StoryWeights().cross_language + 1.0)
