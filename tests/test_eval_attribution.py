"""Attribution evaluation: --split for PolNeAR and BABE, the uk/ru sample and ner_uk keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storydiff.attribute import attribute
from storydiff.evaluate import attribution_ukru, entitykeys
from storydiff.evaluate.attribution import load_polnear
from storydiff.evaluate.attribution_ukru import GoldAttribution, GoldSentence, load_gold
from storydiff.evaluate.framing import babe_rows
from storydiff.records import Article
from storydiff.segment import segment


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def test_polnear_split_keeps_rows_of_the_split_and_rows_without_one(tmp_path: Path) -> None:
    empty = {"attributions": []}
    rows = [
        {"id": "a", "text": "One.", "split": "dev", "labels": empty},
        {"id": "b", "text": "Two.", "split": "test", "labels": empty},
        {"id": "c", "text": "Three.", "labels": empty},
    ]
    write_jsonl(tmp_path / "polnear" / "articles.jsonl", rows)
    assert [g.article.text for g in load_polnear(tmp_path, split="test")] == ["Two.", "Three."]
    assert [g.article.text for g in load_polnear(tmp_path, split="dev")] == ["One.", "Three."]


def test_babe_split_scores_a_held_back_folder_whole(tmp_path: Path) -> None:
    def row(i: int, **extra: str) -> dict[str, object]:
        labels = {"bias": "Biased", "biased_words": []}
        return {"id": f"babe-{i}", "url": f"u{i}", "text": f"S{i}.", "labels": labels, **extra}

    write_jsonl(tmp_path / "babe" / "sentences.jsonl", [row(1), row(2), row(3, split="train")])
    assert [r["id"] for r in babe_rows(tmp_path, "test")] == ["babe-1", "babe-2"]
    assert len(babe_rows(tmp_path)) == 3  # no split: every row, hash split assigned later


def test_ukru_sample_is_skipped_without_its_rows(tmp_path: Path) -> None:
    result = attribution_ukru.evaluate_ukru(tmp_path)
    assert set(result) == {"uk", "ru"}
    assert all("skipped" in r for r in result.values())
    assert "skipped" in attribution_ukru.markdown_table(result)
    assert "skipped" in entitykeys.evaluate_entity_keys(tmp_path)


def test_ukru_scoring_counts_matches_and_misses() -> None:
    text = (
        "Міст відкриють у травні, – повідомили у міськраді. "
        "Ремонт подорожчав. Жителі міста вважають, що ціна завищена."
    )
    article = Article(id="t", text=text, lang="uk")
    preds = {"t": list(attribute(segment(article)).attributions)}
    cue = text.index("повідомили")
    src = text.index("у міськраді")
    gold = [
        GoldSentence(
            dataset="t",
            lang="uk",
            part="dev",
            row_id="t",
            sentence=(0, text.index("Ремонт")),
            attributions=(
                GoldAttribution(
                    source=(src, src + len("у міськраді")),
                    cue=(cue, cue + len("повідомили")),
                    content=(0, text.index(",")),
                ),
            ),
        ),
        # A sentence with an attribution nobody annotated: a false positive if found.
        GoldSentence(
            dataset="t",
            lang="uk",
            part="dev",
            row_id="t",
            sentence=(text.index("Ремонт"), len(text)),
            attributions=(),
        ),
    ]
    scores = attribution_ukru.score_sentences(gold, preds)["scores"]
    assert scores["cue"]["recall"] == 1.0
    assert scores["source"]["recall"] == 1.0
    assert scores["cue"]["precision"] == 0.5  # "вважають" was not annotated
    # A coordinated subject gives one attribution per name with the same spans: the gold
    # marks the phrase once, and so it is scored once.
    twice = {"t": preds["t"] + [preds["t"][0]]}
    assert attribution_ukru.score_sentences(gold, twice)["scores"] == scores


def test_gold_file_holds_offsets_only() -> None:
    gold = load_gold()
    assert len(gold) >= 100
    assert {g.lang for g in gold} == {"uk", "ru"}
    raw = json.loads(
        (
            Path(attribution_ukru.__file__).parent.parent / "data" / attribution_ukru.GOLD[5:]
        ).read_text(encoding="utf-8")
    )
    for s in raw["sentences"]:
        assert set(s) == {"dataset", "lang", "part", "id", "sentence", "attributions"}


@pytest.mark.data
def test_gold_offsets_fall_inside_real_rows(tmp_path: Path) -> None:
    from storydiff.evaluate.datasets import data_dir

    texts: dict[str, str] = {}
    for sub in ("ner_uk", "semeval23_t3"):
        path = data_dir() / sub / "articles.jsonl"
        if not path.is_file():
            pytest.skip(f"{sub} not in the data folder")
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            texts[row["id"]] = row["text"]
    for g in load_gold():
        text = texts[g.row_id]
        s, e = g.sentence
        assert 0 <= s < e <= len(text)
        for a in g.attributions:
            assert s <= a.cue[0] < a.cue[1] <= e  # the cue is in its sentence
            assert text[a.cue[0] : a.cue[1]].strip()


def test_entity_keys_on_a_hand_written_row(tmp_path: Path) -> None:
    text = "Учора в Києві виступив Тарас Шевченко. Потім до Києва приїхала Леся Українка."
    ents = []
    for word, kind in (("Києві", "LOC"), ("Тарас Шевченко", "PERS"), ("Києва", "LOC")):
        s = text.index(word)
        ents.append({"type": kind, "start": s, "end": s + len(word), "text": word})
    s = text.index("Леся Українка")
    ents.append(
        {"type": "PERS", "start": s, "end": s + len("Леся Українка"), "text": "Леся Українка"}
    )
    write_jsonl(
        tmp_path / "ner_uk" / "articles.jsonl",
        [{"id": "n1", "text": text, "lang": "uk", "labels": {"entities": ents}}],
    )
    r = entitykeys.evaluate_entity_keys(tmp_path)
    assert r["extraction"]["recall"]["LOC"] == 1.0
    assert r["extraction"]["recall"]["PERS"] == 1.0
    assert r["extraction"]["precision"] == 1.0  # "Учора" and "Потім" start sentences
    assert r["consistency"]["names_with_several_forms"] == 1  # Києві / Києва


def test_a_floor_under_a_skipped_section_is_not_a_failure() -> None:
    from storydiff.evaluate.__main__ import check

    results = {"attribution": {"ukru": {"ru": {"skipped": "rows not here"}, "uk": {}}}}
    floors = {
        "attribution/ukru/ru/heldout/scores/cue/f1": 0.5,
        "attribution/ukru/uk/heldout/scores/cue/f1": 0.5,
    }
    (problem,) = check(results, floors)  # uk is not skipped: its figure must be there
    assert problem.startswith("attribution/ukru/uk/")
    assert "not found" in problem


def test_polnear_without_rows_of_the_split_is_skipped_not_zero(tmp_path: Path) -> None:
    from storydiff.evaluate.__main__ import check
    from storydiff.evaluate.attribution import evaluate_attribution, markdown_table

    rows = [{"id": "a", "text": "One.", "split": "dev", "labels": {"attributions": []}}]
    write_jsonl(tmp_path / "polnear" / "articles.jsonl", rows)
    result = evaluate_attribution(tmp_path, split="test")
    assert "skipped" in result["scores"]
    assert "skipped" in markdown_table(result)
    assert check({"attribution": result}, {"attribution/scores/cue/overlap/f1": 0.6}) == []


def test_babe_evaluation_with_a_split_scores_every_row_of_it(tmp_path: Path) -> None:
    from storydiff.evaluate.framing import evaluate_babe

    rows = [
        {"id": f"b{i}", "url": f"u{i}", "text": text, "labels": {"bias": bias, "biased_words": []}}
        for i, (text, bias) in enumerate(
            [
                ("The radical mob stormed the hearing.", "Biased"),
                ("The committee met on Tuesday.", "Non-biased"),
                ("Lawmakers voted 52 to 48.", "Non-biased"),
            ]
        )
    ]
    write_jsonl(tmp_path / "babe" / "sentences.jsonl", rows)
    result = evaluate_babe(tmp_path, None, "test")
    assert result["n"] == 3  # a held-back folder: every row, not the URL-hash fifth
    assert result["positives"] == 1
    assert "test" in result["scored"]
