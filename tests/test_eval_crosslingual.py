"""The translation harness on a tiny MEANTIME-shaped folder written for this test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storydiff.evaluate.crosslingual import (
    Found,
    Tally,
    evaluate_crosslingual,
    has_line_gold,
    line_of,
    markdown_table,
    version_pairs,
)
from storydiff.evaluate.datasets import load_meantime
from storydiff.segment import segment

EN = (
    "Storm closes the port of Exampleton\n"
    "June 3, 2031\n"
    "A storm closed the port of Exampleton on Monday. Ships waited outside.\n"
    "The harbour master said the port would reopen on Wednesday.\n"
    "About 40 ships were delayed."
)
ES = (
    "Una tormenta cierra el puerto de Exampleton\n"
    "3 de junio de 2031\n"
    "Una tormenta cerró el puerto de Exampleton el lunes y los barcos esperaron fuera.\n"
    "El capitán del puerto dijo que el puerto reabriría el miércoles.\n"
    "Unos 40 barcos sufrieron retrasos."
)


def _row(gid: str, topic: str, texts: dict[str, str], split: str | None = None) -> dict:
    row = {
        "group_id": gid,
        "dataset": "MEANTIME",
        "topic": topic,
        "articles": [
            {"id": f"{gid}-{lang}", "lang": lang, "title": text.split("\n")[0], "text": text}
            for lang, text in texts.items()
        ],
    }
    if split:
        row["split"] = split
    return row


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    rows = [
        _row("g1", "airbus", {"en": EN, "es": ES}),
        _row("g2", "gm", {"en": EN, "es": ES + "\nUna línea de más."}),
        _row("g3", "unknown-topic", {"en": EN}),
        _row("g4", "airbus", {"en": EN}, split="test"),
    ]
    (tmp_path / "meantime").mkdir()
    with (tmp_path / "meantime" / "groups.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return tmp_path


def test_topics_make_the_split_and_a_split_field_overrides(folder: Path) -> None:
    assert [g.id for g in load_meantime(folder, split="dev")] == ["g1", "g3"]
    assert [g.id for g in load_meantime(folder, split="test")] == ["g2", "g3", "g4"]
    assert len(load_meantime(folder)) == 4


def test_pairs_without_the_same_line_count_have_no_line_gold(folder: Path) -> None:
    pairs = version_pairs(load_meantime(folder), [("en", "es"), ("en", "it")])
    assert [(p.group, p.langs) for p in pairs] == [("g1", ("en", "es")), ("g2", ("en", "es"))]
    assert [has_line_gold(p) for p in pairs] == [True, False]


def test_sentences_map_to_the_line_they_start_on(folder: Path) -> None:
    en = load_meantime(folder)[0].articles[0]
    # Line 2 holds two sentences: both map to it.
    assert line_of(segment(en)) == [0, 1, 2, 2, 3, 4]


def test_tally_scores_line_pairs_only_in_and_labels() -> None:
    tally = Tally()
    found = Found(
        pairs=frozenset({(0, 0), (2, 2), (2, 3)}),
        only_in=1,
        sentences=10,
        labels=("agree", "agree", "conflict"),
    )
    tally.add(found, gold_lines=4)
    tally.add(Found(pairs=frozenset({(9, 1)}), only_in=0, sentences=4), gold_lines=None)
    f = tally.figures()
    assert (f["precision"], f["recall"]) == (pytest.approx(2 / 3), 0.5)
    assert f["only_in_rate"] == pytest.approx(1 / 14)
    assert f["labels"]["conflict"] == pytest.approx(1 / 3)
    assert f["suspect_rate"] == pytest.approx(1 / 3)


def test_the_harness_runs_on_a_folder_of_the_same_layout(folder: Path) -> None:
    r = evaluate_crosslingual(folder, split="test", langs=[("en", "es")])
    assert r["pairs"] == 1
    assert r["skipped_alignment"] == {"en-es": 1}
    assert set(r["systems"]) == {"storydiff", "e5-mutual-nn", "tfidf-char"}
    assert r["systems"]["storydiff"]["sentences"] > 0
    assert "MEANTIME `test`" in markdown_table(r)


def test_a_folder_without_meantime_or_without_the_split_is_skipped(
    tmp_path: Path, folder: Path
) -> None:
    r = evaluate_crosslingual(tmp_path / "elsewhere")
    assert "skipped" in r
    assert markdown_table(r).startswith("Skipped")
    assert "skipped" in evaluate_crosslingual(folder, split="val")
