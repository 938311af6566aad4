"""Export: one row per article x fact, with the outlet column, as JSONL, CSV and Parquet."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

from storydiff.errors import StorydiffError
from storydiff.export import COLUMNS, comparison_rows, story_rows, write_rows
from storydiff.ingest import article_from_text
from storydiff.records import Comparison, Fact, SameStory
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
    assert len(rows) == 4  # 2 articles x 2 facts
    assert all(set(r) == set(COLUMNS) for r in rows)
    by = {(r["outlet"], r["fact_id"]): r for r in rows}
    assert by["Daily", "f2"]["present"]
    assert not by["Herald", "f2"]["present"]  # the omission is a row too
    a = comparison.articles[0].article
    row = by["Daily", "f2"]
    assert a.text[row["starts"][0] : row["ends"][0]] == row["text"] == "Repairs start in May."


def test_formats_round_trip(tmp_path):
    rows = list(comparison_rows("s1", "Bridge", _comparison()))
    assert write_rows(rows, tmp_path / "x.jsonl") == 4
    back = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text().splitlines()]
    assert back == rows
    write_rows(rows, tmp_path / "x.csv")
    with (tmp_path / "x.csv").open(newline="") as fh:
        got = list(csv.DictReader(fh))
    assert [r["outlet"] for r in got] == [r["outlet"] for r in rows]
    assert got[0]["starts"] == ";".join(str(s) for s in rows[0]["starts"])
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
