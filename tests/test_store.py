"""The stores: migrations, idempotent transactional writes, search, redirects.

Tests taking the ``store`` fixture run against SQLite and PostgreSQL alike, and against a
PostgreSQL server with pgvector (whose stores keep a centroid column beside the rest).
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from storydiff.errors import StorydiffError
from storydiff.ingest import article_from_text
from storydiff.store import Store, StoryState, open_store
from storydiff.store.sqlite import MIGRATIONS, SQLiteStore, schema_version

try:
    from psycopg import IntegrityError as PostgresIntegrityError
except ImportError:  # the PostgreSQL tests are skipped then
    PostgresIntegrityError = sqlite3.IntegrityError  # type: ignore[misc,assignment]

# A duplicate article, as each backend's driver reports it.
IntegrityError = (sqlite3.IntegrityError, PostgresIntegrityError)


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("pgvector", marks=[pytest.mark.postgres, pytest.mark.pgvector]),
    ]
)
def store(request: pytest.FixtureRequest, tmp_path):  # type: ignore[no-untyped-def]
    """An empty store of each backend."""
    if request.param == "postgres":
        opened = open_store(request.getfixturevalue("postgres_url"))
    elif request.param == "pgvector":
        opened = open_store(request.getfixturevalue("pgvector_url"))
    else:
        opened = SQLiteStore(tmp_path / "c.db")
    yield opened
    opened.close()


def _article(text: str, **kw: str):  # type: ignore[no-untyped-def]
    return article_from_text(text, source="test", **kw)


def _state(sid: str, size: int = 1) -> StoryState:
    return StoryState(id=sid, title=sid, size=size, vector_sum=np.ones(4, np.float32))


def test_new_file_is_migrated_and_in_wal_mode(tmp_path):
    store = open_store(tmp_path / "c.db")
    store.close()
    db = sqlite3.connect(tmp_path / "c.db")
    assert schema_version(db) == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # Opening again applies nothing twice.
    SQLiteStore(tmp_path / "c.db").close()
    assert db.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == len(MIGRATIONS)


def test_newer_schema_is_refused(tmp_path):
    SQLiteStore(tmp_path / "c.db").close()
    db = sqlite3.connect(tmp_path / "c.db")
    db.execute("INSERT INTO schema_version VALUES (99)")
    db.commit()
    with pytest.raises(StorydiffError, match="newer"):
        SQLiteStore(tmp_path / "c.db")


def test_article_round_trip_and_search(store: Store):
    a = _article("Floods hit Lviv\n\nHeavy rain flooded the old town of Lviv.", outlet="X")
    b = _article("Summit in Paris\n\nLeaders met in Paris to discuss trade.", date="2024-01-02")
    with store.transaction():
        store.add_article(a, vector=np.ones(4, np.float32), story_id="s1")
        store.add_article(b, vector=np.ones(4, np.float32), story_id="s2")
        store.put_story(_state("s1"))
        store.put_story(_state("s2"))
    assert store.has_article(a.id)
    assert store.article(a.id) == a
    assert [x.id for x in store.search("Lviv")] == [a.id]
    assert store.search('"quotes" AND OR') == []  # user text never parses as FTS syntax
    assert store.story("s1").outlets == ("X",)  # type: ignore[union-attr]
    assert list(store.assignments()) == [(a.id, "s1"), (b.id, "s2")]


def test_a_failed_transaction_leaves_nothing(store: Store):
    a = _article("One article text that is long enough to keep.")

    def crash() -> None:
        with store.transaction():
            store.add_article(a, vector=np.ones(4, np.float32), story_id="s1")
            raise RuntimeError("crash between the article and its story")

    with pytest.raises(RuntimeError):
        crash()
    assert not store.has_article(a.id)
    assert store.count_articles() == 0
    assert store.search("article") == []


def test_writes_outside_a_transaction_are_refused(store: Store):
    with pytest.raises(StorydiffError, match="transaction"):
        store.put_story(_state("s1"))


def test_same_article_twice_is_refused(store: Store):
    a = _article("Some text of an article.")
    with store.transaction():
        store.add_article(a, vector=np.ones(4, np.float32), story_id="s1")
    with pytest.raises(IntegrityError), store.transaction():
        store.add_article(a, vector=np.ones(4, np.float32), story_id="s2")
    assert store.count_articles() == 1


def test_merge_keeps_redirects_one_hop(store: Store):
    a = _article("First text about a thing.")
    with store.transaction():
        store.add_article(a, vector=np.ones(4, np.float32), story_id="sa")
        for sid in ("sa", "sb", "sc"):
            store.put_story(_state(sid))
        store.merge_story("sa", "sb")
        store.merge_story("sb", "sc")
    assert store.resolve("sa") == "sc"
    assert store.resolve("sb") == "sc"
    assert [x.id for x in store.story_articles("sa")] == [a.id]
    assert store.story("sa").id == "sc"  # type: ignore[union-attr]
    assert store.resolve("nope") is None


def test_active_stories_round_trip_exactly(store: Store):
    vec = np.array([0.1, 0.2, 0.3, 1e-7], np.float32)
    state = StoryState(
        id="s1", title="t", size=3, vector_sum=vec, names={"biden": 2}, last_date="2024-01-01"
    )
    with store.transaction():
        store.put_story(state)
        store.put_story(StoryState(id="s2", title=None, size=1, vector_sum=vec, active=False))
    (got,) = store.active_stories()
    assert got.vector_sum.tobytes() == vec.tobytes()
    assert got.names == {"biden": 2}
    assert got.last_date == "2024-01-01"


def test_a_postgres_url_opens_the_postgres_store():  # no server there: a one-line error
    with pytest.raises(StorydiffError, match="PostgreSQL"):
        open_store("postgresql://localhost/x")


def test_a_version_1_store_migrates_and_gets_the_time_index(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    schema_version(db)
    MIGRATIONS[0](db)  # a store written before the time index
    db.execute("INSERT INTO schema_version (version) VALUES (1)")
    vec = np.ones(4, np.float32).tobytes()
    db.execute(
        "INSERT INTO stories (id, title, size, vector_sum, first_date, last_date, last_seq)"
        " VALUES ('s1', 't', 1, ?, '2024-01-02', '2024-01-03', 1)",
        (vec,),
    )
    db.close()
    store = SQLiteStore(path)
    con = sqlite3.connect(path)
    assert schema_version(con) == len(MIGRATIONS)
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"stories_first_date", "stories_last_date"} <= indexes
    assert store.stories_near("2024-01-05", reach=2, span=7, limit=10) == ["s1"]


def test_stories_are_found_by_their_own_dates(store: Store):
    spans = {
        "sa": ("2024-01-01", "2024-01-02"),
        "sb": ("2024-01-04T08:00:00Z", "2024-01-05T23:00:00Z"),  # timestamps: by the day
        "sc": ("2024-01-09", "2024-01-09"),
        "sd": ("2023-12-20", "2024-01-05"),  # spans too long to take a 2024-01-06 article
        "su": (None, None),
    }
    with store.transaction():
        for seq, (sid, (first, last)) in enumerate(spans.items(), 1):
            state = StoryState(
                id=sid,
                title=sid,
                size=1,
                vector_sum=np.ones(4, np.float32),
                first_date=first,
                last_date=last,
                last_seq=seq,
                active=sid == "sa",
            )
            store.put_story(state)
    # Within 3 days of 2024-01-06 (active or not), nearest first; span bound 7 days.
    assert store.stories_near("2024-01-06", reach=3, span=7, limit=10) == ["sb", "sc"]
    assert store.stories_near("2024-01-06", reach=3, span=0, limit=10) == ["sb", "sd", "sc"]
    assert store.stories_near("2024-01-06", reach=3, span=7, limit=1) == ["sb"]
    assert store.stories_near("2024-01-03", reach=1, span=7, limit=10) == ["sa", "sb"]
    assert store.undated_stories(limit=10) == ["su"]
    got = store.story_state("sb")
    assert got is not None
    assert got.first_date == "2024-01-04T08:00:00Z"
    assert store.story_state("nope") is None
