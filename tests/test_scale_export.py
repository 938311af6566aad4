"""``storydiff export --engine ray``: the local export's rows, compared on Ray actors.

A small store of three stories (the seed pair, two short reports of a bridge closure, one
article alone) compared with the hashing embedder, whose vectors do not depend on the
batch: the rows must be the very same, in the same order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import SEED_FILES

from storydiff.cli import main
from storydiff.compare import Pipeline
from storydiff.errors import StorydiffError
from storydiff.export import export_on_ray, story_rows, write_rows
from storydiff.ingest import article_from_text
from storydiff.scale import RayOptions
from storydiff.settings import Settings
from storydiff.store import StoryState
from storydiff.store.sqlite import SQLiteStore

SETTINGS = Settings(embedder="hashing", cache=False)
BRIDGE = (
    "The Old Bridge was closed on Monday after inspectors found cracks in two piers. "
    "The mayor said repairs would start in May and cost 4 million euros.",
    "City officials shut the Old Bridge on Monday. Inspectors had found cracks in a pier, "
    "and the mayor said the repairs would cost 5 million euros and begin in June.",
)


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    path = tmp_path / "small.db"
    stories = {
        "s-seed": [
            article_from_text(p.read_text(encoding="utf-8"), source=p.name, outlet=f"Seed {i}")
            for i, p in enumerate(SEED_FILES)
        ],
        "s-bridge": [
            article_from_text(text, source=f"bridge{i}.txt", outlet=outlet)
            for i, (text, outlet) in enumerate(zip(BRIDGE, ("Daily", "Herald"), strict=True))
        ],
        "s-alone": [
            article_from_text(
                BRIDGE[0] + " Traffic was diverted.", source="alone.txt", outlet="Gazette"
            )
        ],
    }
    store = SQLiteStore(path)
    with store.transaction():
        for story_id, articles in stories.items():
            for article in articles:
                store.add_article(article, vector=np.ones(4, np.float32), story_id=story_id)
            store.put_story(
                StoryState(id=story_id, title=story_id, size=len(articles), vector_sum=np.ones(4))
            )
    store.close()
    return path


def _jsonl(rows: Any, path: Path) -> list[dict[str, Any]]:
    write_rows(rows, path)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.ray
def test_export_on_ray_gives_the_local_rows(
    local_ray: Any, small_store: Path, tmp_path: Path
) -> None:
    ids = ["s-seed", "s-bridge", "s-alone"]
    store = SQLiteStore(small_store)
    try:
        local = _jsonl(story_rows(store, ids, Pipeline(SETTINGS).compare), tmp_path / "l.jsonl")
        heard: list[int] = []
        on_ray = _jsonl(
            export_on_ray(
                store, ids, settings=SETTINGS, options=RayOptions(workers=2), progress=heard.append
            ),
            tmp_path / "r.jsonl",
        )
        with pytest.raises(StorydiffError, match="no story 'zz'"):
            list(export_on_ray(store, ["zz"], settings=SETTINGS, options=RayOptions()))
    finally:
        store.close()
    assert on_ray == local
    assert on_ray[0]["story_id"] == "s-seed"
    assert {r["unit"] for r in on_ray} >= {"fact", "unique"}
    assert heard == [1, 2, 3]


@pytest.mark.ray
def test_export_command_on_ray(
    local_ray: Any, small_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--db", str(small_store), "--embedder", "hashing", "--no-cache"]
    assert main(["export", "-o", str(tmp_path / "l.jsonl"), *argv, "-q"]) == 0
    ray_argv = ["--engine", "ray", "--ray-workers", "2"]
    assert main(["export", "-o", str(tmp_path / "r.jsonl"), *argv, *ray_argv]) == 0
    err = capsys.readouterr().err
    assert "storydiff: export: 1 story compared of 2, " in err  # stories of 2+ by default
    assert "wrote " in err
    assert (tmp_path / "r.jsonl").read_bytes() == (tmp_path / "l.jsonl").read_bytes()
