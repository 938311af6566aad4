"""Export: one row per article x unit (facts stated or omitted, unique sentences, additions,
related items), readable alone, as JSONL, CSV and Parquet."""

from __future__ import annotations

import csv
import dataclasses
import json

import numpy as np
import pytest

from storydiff.errors import StorydiffError
from storydiff.export import COLUMNS, comparison_rows, outlet_key, story_rows, write_rows
from storydiff.ingest import article_from_text
from storydiff.records import (
    Attribution,
    Comparison,
    Cue,
    Evidence,
    Fact,
    Framing,
    FramingSummary,
    Marker,
    Relation,
    SameStory,
    Segmented,
    Sources,
    Span,
)
from storydiff.segment import segment
from storydiff.store import StoryState
from storydiff.store.sqlite import SQLiteStore


def _comparison() -> Comparison:
    a = article_from_text("Bridge closed. Repairs start in May.", source="a", outlet="Daily")
    b = article_from_text("The bridge was closed on Monday.", source="b", outlet="Herald")
    sa, sb = segment(a), segment(b)
    fact = Fact(
        id="f1", members={a.id: (0,), b.id: (0,)}, relations=(), label="partial", confidence=0.8
    )
    only_a = Fact(id="f2", members={a.id: (1,)}, relations=(), label="agree", confidence=1.0)
    return Comparison(
        articles=(sa, sb),
        same_story=SameStory(score=0.9, verdict="same story", pairs=()),
        facts=(fact, only_a),
        unique={a.id: (1,)},
    )


def test_rows_cover_every_article_and_fact():
    comparison = _comparison()
    rows = list(comparison_rows("s1", "Bridge", comparison))
    assert len(rows) == 5  # 2 articles x 2 facts, and Daily's unique sentence
    assert all(set(r) == set(COLUMNS) for r in rows)
    by = {(r["outlet"], r["fact_id"]): r for r in rows if r["unit"] == "fact"}
    assert by["Daily", "f2"]["present"]
    assert not by["Herald", "f2"]["present"]  # the omission is a row too
    a = comparison.articles[0].article
    row = by["Daily", "f2"]
    assert a.text[row["starts"][0] : row["ends"][0]] == row["text"] == "Repairs start in May."


def test_formats_round_trip(tmp_path):
    rows = list(comparison_rows("s1", "Bridge", _comparison()))
    assert write_rows(rows, tmp_path / "x.jsonl") == 5
    back = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text().splitlines()]
    assert back == rows
    write_rows(rows, tmp_path / "x.csv")
    with (tmp_path / "x.csv").open(newline="") as fh:
        got = list(csv.DictReader(fh))
    assert [r["outlet"] for r in got] == [r["outlet"] for r in rows]
    assert json.loads(got[0]["starts"]) == rows[0]["starts"]
    with pytest.raises(StorydiffError, match="format"):
        write_rows(rows, tmp_path / "x.xlsx")


def test_parquet(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    rows = list(comparison_rows("s1", "Bridge", _comparison()))
    write_rows(rows, tmp_path / "x.parquet")
    assert pq.read_table(tmp_path / "x.parquet").to_pylist() == rows


def test_story_rows_read_the_store(tmp_path):
    store = SQLiteStore(tmp_path / "c.db")
    comparison = _comparison()
    with store.transaction():
        for seg in comparison.articles:
            store.add_article(seg.article, vector=np.ones(4, np.float32), story_id="s1")
        store.put_story(StoryState(id="s1", title="Bridge", size=2, vector_sum=np.ones(4)))
    seen = []

    def compare(articles):  # type: ignore[no-untyped-def]
        seen.append([a.id for a in articles])
        return comparison

    rows = list(story_rows(store, ["s1"], compare))
    assert seen == [[s.article.id for s in comparison.articles]]
    assert {r["story_title"] for r in rows} == {"Bridge"}
    with pytest.raises(StorydiffError, match="no story"):
        list(story_rows(store, ["zz"], compare))


# --- every unit, readable alone ----------------------------------------------------------


def _tagged(text: str, outlet: str, url: str, leaning: str) -> Segmented:
    plain = article_from_text(text, source=outlet, outlet=outlet, url=url)
    # the metadata an input item carried (``leaning``), as ingest keeps it
    return segment(dataclasses.replace(plain, metadata={"leaning": leaning}))


def _leaning_comparison() -> Comparison:
    """Three outlets, two of them named Herald on different domains: the bridge fact is in
    all three (Herald UK says it more strongly), the repairs fact only in Daily."""
    daily = _tagged(
        "The bridge was closed. Repairs start in May.", "Daily", "https://daily.com/a", "left"
    )
    herald = _tagged(
        "Officials closed the bridge. It was raining.", "Herald", "https://herald.com/b", "right"
    )
    herald_uk = _tagged(
        "The bridge was shut down for good.", "Herald", "https://www.herald.co.uk/c", "center"
    )
    d, h, u = (seg.article.id for seg in (daily, herald, herald_uk))
    stronger = Relation(
        a=(d, 0),
        b=(u, 0),
        label="stronger",
        confidence=0.7,
        similarity=0.8,
        reasons=("'for good' is stronger",),
        evidence=(Evidence(kind="extra", article_id=u, start=25, end=33, text="for good"),),
        stronger=u,
    )
    bridge = Fact(
        id="f1",
        members={d: (0,), h: (0,), u: (0,)},
        relations=(
            stronger,
            Relation(a=(d, 0), b=(h, 0), label="agree", confidence=0.9, similarity=0.9),
        ),
        label="stronger",
        confidence=0.7,
    )
    repairs = Fact(id="f2", members={d: (1,)}, relations=(), label="agree", confidence=1.0)
    return Comparison(
        articles=(daily, herald, herald_uk),
        same_story=SameStory(score=0.9, verdict="same story", pairs=()),
        facts=(bridge, repairs),
        unique={h: (1,)},
        framing={
            u: Framing(
                article_id=u,
                lang="en",
                markers=(
                    Marker(
                        article_id=u,
                        sentence_index=0,
                        kind="loaded",
                        start=15,
                        end=24,
                        text="shut down",
                    ),
                ),
                sentence_loaded=(0.5,),
                summary=FramingSummary(words=7, sentences=1),
            )
        },
        sources={
            h: Sources(
                article_id=h,
                attributions=(
                    Attribution(
                        article_id=h,
                        sentence_index=0,
                        source=Span(start=0, end=9, text="Officials"),
                        source_name="Officials",
                        source_kind="person",
                        cue=Cue(start=10, end=16, text="closed", lemma="say"),
                        mode="paraphrase",
                        content=None,
                    ),
                ),
                voices=(),
                first_voice=None,
                last_voice=None,
            )
        },
    )


def test_an_omitted_fact_reads_alone_and_each_version_says_how_it_relates():
    rows = list(comparison_rows("s1", "Bridge", _leaning_comparison()))
    facts = {(r["outlet_key"], r["fact_id"]): r for r in rows if r["unit"] == "fact"}
    omitted = facts["herald@herald.com", "f2"]
    assert not omitted["present"]
    assert omitted["starts"] == []
    assert omitted["text"] == "Repairs start in May."  # Daily's words, so the row reads alone
    assert omitted["stated_by"] == ["daily@daily.com"]
    uk = facts["herald@herald.co.uk", "f1"]
    assert uk["relation"] == "stronger"
    assert uk["says_stronger"]
    assert uk["reasons"] == ["'for good' is stronger"]
    assert uk["evidence_texts"] == ["for good"]
    text = "The bridge was shut down for good."
    assert text[uk["evidence_starts"][0] : uk["evidence_ends"][0]] == "for good"
    assert uk["framing_kinds"] == ["loaded"]
    assert uk["framing_words"] == ["shut down"]
    daily = facts["daily@daily.com", "f1"]
    assert daily["relation"] == "weaker"  # from Daily's side of the same relation
    assert daily["relation_with"] == ["herald@herald.co.uk", "herald@herald.com"]
    assert daily["relation_labels"] == ["weaker", "agree"]
    assert facts["herald@herald.com", "f1"]["source_names"] == ["Officials"]
    assert facts["herald@herald.com", "f1"]["source_cues"] == ["say"]
    unique = [r for r in rows if r["unit"] == "unique"]
    assert [(r["outlet_key"], r["text"]) for r in unique] == [
        ("herald@herald.com", "It was raining.")
    ]


def test_two_outlets_of_one_name_on_different_domains_stay_apart():
    rows = list(comparison_rows("s1", "Bridge", _leaning_comparison()))
    keys = {(r["outlet"], r["outlet_key"], r["domain"]) for r in rows}
    assert keys == {
        ("Daily", "daily@daily.com", "daily.com"),
        ("Herald", "herald@herald.com", "herald.com"),
        ("Herald", "herald@herald.co.uk", "herald.co.uk"),
    }
    # Stable: the same outlet gets the same key in another story, whatever its position.
    article = _leaning_comparison().articles[1].article
    assert outlet_key(article) == "herald@herald.com"
    assert outlet_key(article_from_text("x.", source="a.txt", outlet="Київ Пост")) == "київ-пост"


def test_lists_round_trip_through_csv_as_json(tmp_path):
    rows = list(comparison_rows("s1", "Bridge", _leaning_comparison()))
    write_rows(rows, tmp_path / "x.csv")
    with (tmp_path / "x.csv").open(newline="", encoding="utf-8") as fh:
        got = list(csv.DictReader(fh))
    for row, back in zip(rows, got, strict=True):
        for column in COLUMNS:
            if isinstance(row[column], list):
                assert json.loads(back[column]) == row[column], column


def test_metadata_columns_are_the_union_of_the_rows_keys(tmp_path):
    rows = list(comparison_rows("s1", "Bridge", _leaning_comparison()))
    rows[0] = {**rows[0], "meta_topic": "transport"}
    write_rows(rows, tmp_path / "x.jsonl")
    back = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text().splitlines()]
    assert all(list(r)[-2:] == ["meta_leaning", "meta_topic"] for r in back)
    assert [r["meta_topic"] for r in back[:2]] == ["transport", None]


def test_a_researcher_pivots_facts_by_outlet_and_lean_from_the_export_alone(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    comparison = _leaning_comparison()
    store = SQLiteStore(tmp_path / "c.db")
    with store.transaction():
        for seg in comparison.articles:
            store.add_article(seg.article, vector=np.ones(4, np.float32), story_id="s1")
        store.put_story(StoryState(id="s1", title="Bridge", size=3, vector_sum=np.ones(4)))
    # The stand-in comparison carries the articles with their metadata, as the pipeline
    # does with what the store gives it.
    for name in ("x.parquet", "x.csv"):
        write_rows(story_rows(store, ["s1"], lambda _: comparison), tmp_path / name)
    for df in (pd.read_parquet(tmp_path / "x.parquet"), pd.read_csv(tmp_path / "x.csv")):
        facts = df[df["unit"] == "fact"]
        matrix = facts.pivot_table(
            index="fact_id", columns=["meta_leaning", "outlet_key"], values="present", aggfunc="max"
        )
        assert matrix.loc["f1"].all()
        assert matrix.loc["f2"].to_dict() == {
            ("center", "herald@herald.co.uk"): False,
            ("left", "daily@daily.com"): True,
            ("right", "herald@herald.com"): False,
        }
        by_lean = facts.pivot_table(
            index="fact_id", columns="meta_leaning", values="present", aggfunc="sum"
        )
        assert by_lean.loc["f2"].to_dict() == {"center": 0, "left": 1, "right": 0}


def test_story_rows_say_which_comparison_they_recompute(tmp_path):
    store = SQLiteStore(tmp_path / "c.db")
    comparison = _comparison()
    with store.transaction():
        for seg in comparison.articles:
            store.add_article(seg.article, vector=np.ones(4, np.float32), story_id="s1")
        store.put_story(StoryState(id="s1", title="Bridge", size=2, vector_sum=np.ones(4)))
    heard = []
    rows = story_rows(
        store, ["s1", "s1"], lambda _: comparison, progress=lambda *a: heard.append(a[:2] + a[3:])
    )
    assert len(list(rows)) == 10
    assert heard == [(0, 2, 2), (1, 2, 2)]


def test_the_seed_pair_exports_every_unit_with_offsets_into_its_article(seed_comparison):  # type: ignore[no-untyped-def]
    rows = list(comparison_rows("s1", "Seed", seed_comparison))
    texts = {seg.article.id: seg.article.text for seg in seed_comparison.articles}
    kinds = {r["unit"] for r in rows}
    assert {"fact", "unique"} <= kinds
    for seg in seed_comparison.articles:
        mine = [r for r in rows if r["article_id"] == seg.article.id]
        assert sum(r["unit"] == "fact" for r in mine) == len(seed_comparison.facts)
        assert sum(r["unit"] == "unique" for r in mine) == len(
            seed_comparison.unique.get(seg.article.id, ())
        )
    for row in rows:
        text = texts[row["article_id"]]
        assert all(
            text[s:e] in row["text"] for s, e in zip(row["starts"], row["ends"], strict=True)
        )
        assert [
            text[s:e] for s, e in zip(row["evidence_starts"], row["evidence_ends"], strict=True)
        ] == row["evidence_texts"]
        assert row["text"] or row["unit"] == ""
    assert any(r["framing_kinds"] for r in rows)
    assert any(r["source_names"] for r in rows)
