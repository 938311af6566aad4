"""Corpus mode from the command line: ingest, stories, story, export."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from test_cli import PIPELINE_ARGV, PIPELINE_SETTINGS, record_pipeline

from storydiff.cli import main
from storydiff.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "seed-pair"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in [*EXAMPLE.glob("*.txt"), *FIXTURES.glob("flood-*.txt")]:
        shutil.copy(p, folder / p.name)
    return folder


def test_ingest_twice_stories_story_and_export(capsys, corpus: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(corpus), "--db", db, "--no-cache", "-q"]) == 0
    first = capsys.readouterr().err
    assert "5" in first  # five articles added
    assert main(["ingest", str(corpus), "--db", db, "--no-cache", "-q"]) == 0
    again = capsys.readouterr().err
    assert "duplicate" in again

    assert main(["stories", "--db", db, "--json"]) == 0
    stories = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    sizes = sorted(s["size"] for s in stories)
    # The two seed articles form one story, the three flood reports another.
    assert sizes[-2:] == [2, 3]

    flood = next(s for s in stories if s["size"] == 3)
    assert main(["story", flood["id"], "--db", db, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {a["lang"] for a in doc["articles"]} == {"en", "uk", "ru"}

    out = tmp_path / "rows.jsonl"
    assert main(["export", flood["id"], "--db", db, "-o", str(out)]) == 0
    capsys.readouterr()
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows
    assert {"outlet", "story", "fact"} <= set(rows[0]) or {"outlet"} <= set(rows[0])


def test_story_that_does_not_exist(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "empty.db")
    code = main(["story", "s-nope", "--db", db])
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err
    assert err.strip().startswith("storydiff: ")


def test_read_commands_refuse_a_missing_store(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "typo.db"
    for argv in (["stories"], ["story", "s1"], ["export", "-o", str(tmp_path / "x.jsonl")]):
        assert main([*argv, "--db", str(db)]) != 0
        err = capsys.readouterr().err
        hint = f"build one with 'storydiff ingest SOURCE --db {db}'"
        assert err.strip() == f"storydiff: error: no store at {db}: {hint}"
    assert not db.exists()  # a mistyped path is not turned into an empty store


def test_stories_search_and_story_cap(capsys, corpus: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(corpus), "--db", db, "--no-cache", "-q"]) == 0
    capsys.readouterr()
    assert main(["stories", "--db", db, "--json", "--search", "Macron"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [s["size"] for s in found] == [2]
    assert main(["stories", "--db", db, "--search", "zzzunheardof"]) == 0
    assert "matching 'zzzunheardof'" in capsys.readouterr().err

    assert main(["stories", "--db", db, "--json"]) == 0
    flood = next(
        json.loads(line) for line in capsys.readouterr().out.splitlines() if '"size": 3' in line
    )
    assert main(["story", flood["id"], "--db", db, "-f", "json", "--max-articles", "2"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["articles"]) == 2
    assert f"story {flood['id']} has 3 articles: comparing 2" in captured.err


def test_ingest_with_nothing_readable_fails_in_one_line(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    assert main(["ingest", str(tmp_path / "nope"), "--db", str(db), "--no-cache", "-q"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"storydiff: error: no such file or folder: {tmp_path / 'nope'}"
    assert not db.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "blank.txt").write_text("", encoding="utf-8")
    argv = ["ingest", str(empty), "--db", str(db), "--embedder", "hashing", "--no-cache", "-q"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "rejected 1x: empty file" in err
    assert err.strip().endswith(f"storydiff: error: no article could be read from {empty}")
    assert "Traceback" not in err


def test_a_store_damaged_in_the_middle_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], damaged_store: Path, tmp_path: Path
) -> None:
    # It said "internal error: DatabaseError" with exit 1 (a truncated file already gave a
    # clean exit-2 message).
    new = tmp_path / "new.txt"
    body = "Something else happened in the city today, and the council met to discuss it. " * 8
    new.write_text("A new headline\n\n" + body, "utf-8")
    db = str(damaged_store)
    for argv in (
        ["stories", "--db", db, "--search", "minister"],
        ["ingest", str(new), "--db", db, "--embedder", "hashing", "--no-cache", "-q"],
    ):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert "internal error" not in err
        assert err.count("\n") == 1
        assert err.startswith(f"storydiff: error: the store {db} is damaged")


def test_ingest_reports_progress_in_lines_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "p.db")
    assert main(["ingest", str(corpus), "--db", db, "--embedder", "hashing", "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "storydiff: ingest: 1 item read" in err
    assert "\r" not in err  # no redrawn bar in a log
    assert main(["ingest", str(corpus), "--db", db, "--embedder", "hashing", "-q"]) == 0
    assert " read, " not in capsys.readouterr().err


def test_story_and_export_pass_every_pipeline_option_on(  # type: ignore[no-untyped-def]
    capsys, monkeypatch: pytest.MonkeyPatch, corpus: Path, tmp_path: Path
) -> None:
    # They took --embedder and --relater only, and silently dropped the models and --no-cache.
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(corpus), "--db", db, "--embedder", "hashing", "--no-cache"]) == 0
    capsys.readouterr()
    assert main(["stories", "--db", db, "--json", "--min-size", "1"]) == 0
    story = json.loads(capsys.readouterr().out.splitlines()[0])["id"]
    seen = record_pipeline(monkeypatch)
    assert main(["story", story, "--db", db, *PIPELINE_ARGV]) == 2
    assert main(["export", story, "--db", db, "-o", str(tmp_path / "x.jsonl"), *PIPELINE_ARGV]) == 2
    assert capsys.readouterr().err.count("pipeline reached") == 2
    assert seen == [PIPELINE_SETTINGS, PIPELINE_SETTINGS]


def test_ingest_passes_the_embedder_model_on(  # type: ignore[no-untyped-def]
    capsys, monkeypatch: pytest.MonkeyPatch, corpus: Path, tmp_path: Path
) -> None:
    seen: list[tuple[str, str | None]] = []

    def stop(name: str, model: str | None = None) -> None:
        seen.append((name, model))
        raise InputError("embedder reached")

    monkeypatch.setattr("storydiff.embed.load_embedder", stop)
    argv = ["ingest", str(corpus), "--db", str(tmp_path / "s.db"), "--no-cache"]
    assert main([*argv, "--embedder", "hashing", "--embedder-model", "some-model"]) == 2
    assert "embedder reached" in capsys.readouterr().err
    assert seen == [("hashing", "some-model")]


def test_ingest_embeds_with_the_corpus_engine_and_a_store_keeps_its_own(  # type: ignore[no-untyped-def]
    capsys, monkeypatch: pytest.MonkeyPatch, corpus: Path, tmp_path: Path
) -> None:
    from storydiff.cluster import EMBEDDER_KEY
    from storydiff.embed.onnx import OnnxE5Embedder
    from storydiff.store import open_store

    monkeypatch.delenv("STORYDIFF_E5_ENGINE", raising=False)

    def recorded(db: str) -> str | None:
        store = open_store(db)
        try:
            return store.get_meta(EMBEDDER_KEY)
        finally:
            store.close()

    fresh = str(tmp_path / "new.db")
    assert main(["ingest", str(corpus), "--db", fresh, "--no-cache", "-q"]) == 0
    # Static int8: a text's vector depends on that text alone, whatever else is embedded
    # with it, so where a stream is cut into calls does not move a decision.
    assert recorded(fresh) == OnnxE5Embedder("int8-static").name
    # A store built with another engine goes on with it (one store, one embedder).
    old = str(tmp_path / "old.db")
    store = open_store(old)
    with store.transaction():
        store.set_meta(EMBEDDER_KEY, OnnxE5Embedder("int8").name)
    store.close()
    assert main(["ingest", str(corpus), "--db", old, "--no-cache", "-q"]) == 0
    assert recorded(old) == OnnxE5Embedder("int8").name
    capsys.readouterr()


def test_export_reports_stories_compared_of_how_many(
    capsys: pytest.CaptureFixture[str], corpus: Path, tmp_path: Path
) -> None:
    # It compared every story silently: minutes with no word on a large store.
    db = str(tmp_path / "e.db")
    assert main(["ingest", str(corpus), "--db", db, "--no-cache", "-q"]) == 0  # two stories
    capsys.readouterr()
    argv = ["--db", db, "--embedder", "hashing", "--no-cache"]
    assert main(["export", "-o", str(tmp_path / "x.jsonl"), *argv]) == 0
    err = capsys.readouterr().err
    assert "storydiff: export: 1 story compared of 2, " in err
    assert ", ETA " in err
    assert main(["export", "-o", str(tmp_path / "y.jsonl"), *argv, "-q"]) == 0
    assert "compared of" not in capsys.readouterr().err
