"""The Ray engine for ingest: the local engine's stories, and Parquet partitioned by date.

A local Ray with 2 CPUs is started once for the session (``conftest.local_ray``); without
the ``ray`` extra these tests skip with one line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storydiff.cli import main
from storydiff.cluster import Clusterer, ClusterParams
from storydiff.corpus import ingest_stream
from storydiff.embed import load_embedder
from storydiff.errors import NotInstalled
from storydiff.evaluate.metrics import bcubed
from storydiff.records import Article, Removal
from storydiff.scale import RayOptions, article_from_record, article_record, ingest_on_ray
from storydiff.store import Store, open_store
from storydiff.stream import iter_articles

# The defaults are fitted to e5's cosines; the hashing double's are lower.
HASHING = ClusterParams(threshold=0.7)


def assignment(store: Store) -> dict[str, str]:
    return dict(store.assignments())


def agreement(a: dict[str, str], b: dict[str, str]) -> float:
    """B³ F1 between two story assignments of the same articles."""
    assert a.keys() == b.keys()
    ids = sorted(a)
    labels = {s: i for i, s in enumerate(sorted(set(a.values()) | set(b.values())))}
    return bcubed(np.array([labels[a[i]] for i in ids]), np.array([labels[b[i]] for i in ids])).f1


@pytest.mark.ray
@pytest.mark.data
def test_ray_places_every_article_where_the_local_engine_does(
    local_ray: Any, week: Path, tmp_path: Path
) -> None:
    embedder = load_embedder("hashing")
    local = open_store(str(tmp_path / "local.db"))
    expected = ingest_stream(iter_articles([str(week)]), local, Clusterer(local, embedder, HASHING))
    on_ray = open_store(str(tmp_path / "ray.db"))
    parquet = tmp_path / "out.parquet"
    got = ingest_on_ray(
        iter_articles([str(week)]),
        Clusterer(on_ray, embedder, HASHING),
        embedder="hashing",
        model=None,
        parquet=parquet,
        options=RayOptions(workers=2, chunk=16),
    )
    assert (got.added, got.new_stories, got.duplicate) == (
        expected.added,
        expected.new_stories,
        expected.duplicate,
    )
    # The hashing embedder's vectors do not depend on the batch: the very same stories.
    assert assignment(on_ray) == assignment(local)
    assert max(s.size for s in on_ray.stories(limit=5, min_size=1)) >= 2

    import pyarrow.parquet as pq

    days = sorted(p.name for p in parquet.iterdir())
    assert days == [f"day=2020-05-{d}" for d in range(15, 21)]
    table = pq.read_table(parquet)
    assert table.num_rows == got.added
    assert sorted(table.column("id").to_pylist()) == sorted(assignment(local))
    assert table.schema.field("vector").type.value_type == "float"

    again = ingest_on_ray(
        iter_articles([str(week)]),
        Clusterer(on_ray, embedder, HASHING),
        embedder="hashing",
        model=None,
        parquet=parquet,
        options=RayOptions(workers=1),
    )
    assert (again.added, again.duplicate) == (0, got.added)
    local.close()
    on_ray.close()


@pytest.mark.ray
@pytest.mark.data
@pytest.mark.slow
def test_ingest_engine_ray_from_the_command_line_with_e5(  # type: ignore[no-untyped-def]
    capsys, local_ray: Any, week: Path, tmp_path: Path
) -> None:
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join(week.read_text().splitlines(keepends=True)[:60]))
    base = ["ingest", str(sample), "--no-cache", "-q"]
    assert main([*base, "--db", str(tmp_path / "local.db")]) == 0
    ray_db = tmp_path / "ray.db"
    argv = [*base, "--db", str(ray_db), "--engine", "ray", "--ray-workers", "1"]
    assert main(argv) == 0
    assert "added 60 articles" in capsys.readouterr().err
    local, on_ray = open_store(str(tmp_path / "local.db")), open_store(str(ray_db))
    assert agreement(assignment(on_ray), assignment(local)) >= 0.99
    assert (tmp_path / "ray.db.parquet").is_dir()
    local.close()
    on_ray.close()


def test_an_article_survives_its_record() -> None:
    article = Article(
        id="a1",
        text="Текст статті.",
        title="Заголовок",
        date="2020-05-15",
        removed=(Removal(kind="boilerplate", line=3, text="Share this"),),
        metadata={"leaning": "left", "tags": ["a", "b"]},
    )
    assert article_from_record(article_record(article)) == article


def test_without_ray_the_message_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    store = open_store(str(tmp_path / "s.db"))
    article = Article(id="a1", text="x" * 200)
    with pytest.raises(NotInstalled, match=r"pip install 'storydiff\[ray\]'"):
        ingest_on_ray(
            [article],
            Clusterer(store, load_embedder("hashing")),
            embedder="hashing",
            model=None,
            parquet=tmp_path / "out",
            options=RayOptions(),
        )
    store.close()
