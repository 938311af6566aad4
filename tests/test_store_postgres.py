"""What only the PostgreSQL store has to show: its migrations, a killed ingest re-run, readers
beside writers, ``storydiff migrate`` from SQLite, and messages that never show a password.

The Store behaviour both backends share is tested in test_store.py against each of them.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from storydiff.cli import main
from storydiff.cluster import Clusterer, ClusterParams
from storydiff.corpus import ingest_stream
from storydiff.embed import load_embedder
from storydiff.errors import StorydiffError
from storydiff.ingest import article_from_text
from storydiff.records import Article
from storydiff.store import Store, StoryState, open_store
from storydiff.store.postgres import MIGRATIONS, PostgresStore, describe_url

pytestmark = pytest.mark.postgres

# Long enough to be kept (an ingest drops articles under 100 characters).
BRIDGE = (
    "The city council voted to close the old Elm Street bridge for repairs. Engineers found "
    "cracks in two of its supports last month. "
)
FLOOD = (
    "Heavy rain flooded the river valley and hundreds of homes were evacuated. Rescue teams "
    "used boats to reach villages cut off by the water. "
)


def _articles() -> list[Article]:
    rows = [
        (BRIDGE + "Drivers must use the ring road.", "Daily Left", "2024-05-02", {"n": 1}),
        (BRIDGE + "The mayor is worried.", "Right Times", "2024-05-02", {"n": 2, "ok": True}),
        (FLOOD + "Schools were closed.", "Right Times", "2024-06-10", {"tags": ["a", "b"]}),
        (FLOOD + "The army helped.", "Patriot Daily", None, {"n": "2"}),
        (BRIDGE + "Shops fear losses.", "daily left", "2024-05-03", {}),
    ]
    return [
        article_from_text(text, source=f"a{i}.txt", outlet=outlet, date=date, metadata=meta)
        for i, (text, outlet, date, meta) in enumerate(rows)
    ]


def _ingest(store: Store, articles: list[Article]) -> None:
    params = ClusterParams(threshold=0.45)
    ingest_stream(articles, store, Clusterer(store, load_embedder("hashing"), params))


def _contents(store: Store) -> dict[str, Any]:
    """Everything a reader of the store can see, comparable across backends."""
    ids = [sid for _, sid in store.assignments()]
    return {
        "assignments": list(store.assignments()),
        "articles": [store.article(a) for a, _ in store.assignments()],
        "states": [repr(store.story_state(sid)) for sid in sorted(set(ids))],
        "vectors": [
            (a, seq, v.tobytes())
            for sid in sorted(set(ids))
            for a, seq, v in store.story_vectors(sid)
        ],
        "stories": store.stories(limit=100),
        "count": store.count_stories(),
        "search": sorted(a.id for a in store.search("bridge")),  # ranks differ: sets
        "outlets": store.outlets(),
    }


def test_migrations_are_recorded_once_and_a_newer_schema_is_refused(postgres_url: str) -> None:
    import psycopg

    PostgresStore(postgres_url).close()
    PostgresStore(postgres_url).close()  # opening again applies nothing twice
    with psycopg.connect(postgres_url, autocommit=True) as db:
        rows = db.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert [r[0] for r in rows] == list(range(1, len(MIGRATIONS) + 1))
        db.execute("INSERT INTO schema_version VALUES (99)")
    with pytest.raises(StorydiffError, match="newer"):
        PostgresStore(postgres_url)


def test_a_killed_ingest_rerun_gives_the_same_database(postgres_server: Any) -> None:
    articles = _articles()
    clean = open_store(postgres_server.url())
    _ingest(clean, articles)
    killed = open_store(postgres_server.url())
    _ingest(killed, articles[:2])

    def die_mid_write() -> None:
        with killed.transaction():
            killed.add_article(articles[2], vector=np.ones(4, np.float32), story_id="half")
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        die_mid_write()
    _ingest(killed, articles)  # the re-run
    assert _contents(killed) == _contents(clean)
    clean.close()
    killed.close()


def test_sqlite_and_postgres_ingest_alike(tmp_path: Path, postgres_url: str) -> None:
    with open_store(tmp_path / "c.db") as lite, open_store(postgres_url) as pg:
        _ingest(lite, _articles())
        _ingest(pg, _articles())
        assert _contents(pg) == _contents(lite)
        for where in ({"n": "2"}, {"ok": "true"}, {"tags": '["a","b"]'}, {"n": "3"}):
            assert pg.count_stories(where=where) == lite.count_stories(where=where), where
            assert pg.stories(where=where) == lite.stories(where=where), where


def test_migrate_copies_a_sqlite_store_idempotently(
    tmp_path: Path, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "c.db")
    with open_store(db) as lite:
        _ingest(lite, _articles())
        with lite.transaction():
            lite.put_story(StoryState(id="gone", title=None, size=0, vector_sum=np.zeros(4)))
            lite.merge_story("gone", lite.stories()[0].id)
    table = tmp_path / "outlets.csv"
    table.write_text("name,group\nDaily Left,left\nRight Times,right\n", encoding="utf-8")
    assert main(["outlets", "import", str(table), "--db", db]) == 0
    assert main(["migrate", db, postgres_url, "-q"]) == 0
    assert "copied 5 articles (0 were there)" in capsys.readouterr().err
    assert main(["migrate", db, postgres_url, "-q"]) == 0  # again: nothing new
    assert "copied 0 articles (5 were there)" in capsys.readouterr().err
    with open_store(db) as lite, open_store(postgres_url) as pg:
        assert _contents(pg) == _contents(lite)
        assert pg.resolve("gone") == lite.resolve("gone") is not None
        assert pg.get_meta("embedder") == lite.get_meta("embedder")
    for argv in (["stories", "--json"], ["outlets", "list", "--json"]):
        assert main([*argv, "--db", db]) == 0
        want = capsys.readouterr().out
        assert main([*argv, "--db", postgres_url]) == 0
        assert capsys.readouterr().out == want


def test_readers_see_only_commits_and_writers_take_turns(postgres_url: str) -> None:
    writer, other, reader = (open_store(postgres_url) for _ in range(3))
    first, second = _articles()[:2]
    took: list[float] = []

    def write_second() -> None:
        with other.transaction():
            took.append(time.monotonic())
            other.add_article(second, vector=np.ones(4, np.float32), story_id="s")

    with writer.transaction():
        writer.add_article(first, vector=np.ones(4, np.float32), story_id="s")
        thread = threading.Thread(target=write_second)
        thread.start()
        time.sleep(0.3)
        assert not took  # the second writer waits for the first
        assert reader.count_articles() == 0  # nothing committed yet, and no wait to read it
        committed = time.monotonic()
    thread.join(timeout=10)
    assert took
    assert took[0] >= committed
    assert [a for a, _ in reader.assignments()] == [first.id, second.id]
    for store in (writer, other, reader):
        store.close()


def test_an_unreachable_server_is_one_line_without_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql://reader:s3cret@127.0.0.1:9/news?password=s3cret"
    with pytest.raises(StorydiffError) as err:
        open_store(url)
    message = str(err.value)
    assert "\n" not in message
    assert "postgresql://127.0.0.1:9/news" in message
    assert "s3cret" not in message
    assert "reader" not in message
    assert main(["stories", "--db", url]) == 2
    assert "s3cret" not in capsys.readouterr().err
    monkeypatch.setenv("PGHOST", "db.example")
    assert describe_url("postgresql:///news") == "postgresql://db.example:5432/news"


def test_search_never_parses_user_text(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        _ingest(store, _articles())
        bridge = {a.id for a in _articles() if "bridge" in a.text}
        assert {a.id for a in store.search("bridge")} == bridge
        assert {a.id for a in store.search("bridge & !(")} == bridge  # punctuation, no syntax
        assert store.search("   ") == []
        assert store.search("'; DROP TABLE articles; --") == []
        assert store.count_articles() == 5


def test_the_web_app_serves_stories_from_postgres(tmp_path: Path, postgres_url: str) -> None:
    from fastapi.testclient import TestClient

    from storydiff.web import create_app

    db = str(tmp_path / "c.db")
    for target in (db, postgres_url):
        with open_store(target) as store:
            _ingest(store, _articles())
    pages = {}
    for target in (db, postgres_url):
        client = TestClient(create_app(db=target))
        listing = client.get("/stories.json", params={"min_size": 1})
        assert listing.status_code == 200
        first = listing.json()["stories"][0]["id"]
        story = client.get(f"/stories/{first}.json")
        assert story.status_code == 200
        pages[target] = (listing.json(), story.json())
    assert pages[postgres_url] == pages[db]


def test_a_role_that_may_only_read_opens_the_store(postgres_server: Any) -> None:
    # The web app may run as a role that can only read: opening an up-to-date store
    # creates nothing.
    import psycopg

    url = postgres_server.database_url()
    store = open_store(url)
    try:
        _ingest(store, _articles())
        expected = _contents(store)
    finally:
        store.close()
    role = "reader_" + url.rsplit("/", 1)[1].split("?")[0]  # roles are the server's
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"CREATE ROLE {role} LOGIN")
        db.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        db.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
        db.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    reader = open_store(url.replace("postgres@", f"{role}@"))
    try:
        assert _contents(reader) == expected
    finally:
        reader.close()
