"""The shared store: PostgreSQL, for several readers and writers on one corpus.

The same tables as the SQLite store, numbered by the same migrations (version 2 is the story
time index, version 3 article metadata and outlets), so a store migrated from SQLite reads
the same. Choices that keep it equal to SQLite where an ingest or a reader can tell:

- Vectors are ``bytea`` (float32 bytes, exactly what SQLite keeps): every server can hold
  them, pgvector or not. Story assignment scores the stories of an article's days in the
  clusterer's memory, exactly, as with SQLite. ``nearest_stories`` (the stories nearest a
  vector, across all days) uses pgvector's HNSW index where the server has the extension,
  and reads the story vectors elsewhere (``store.pgvector``): the first write transaction
  of a store adds the column where it can.
- Sequence numbers are ``MAX(seq) + 1`` inside the write transaction, not a ``SERIAL``: a
  sequence is not transactional, so a killed ingest would leave gaps and its re-run would
  number articles differently. Writes are serialised by a transaction-level advisory lock,
  which also makes story assignment one writer at a time per transaction (micro-batch),
  while readers read committed snapshots without waiting.
- Sorted text columns use the "C" collation, the byte order SQLite sorts in, whatever the
  server's locale; NULL dates sort last in descending lists, as in SQLite.
- Full-text search is PostgreSQL's own (a generated ``tsvector`` with the ``simple``
  configuration, any language, under a GIN index); the user's words go in as a parameter
  to ``plainto_tsquery``, so they never parse as query syntax.

Credentials come from the URL or libpq's own ``PG*`` environment variables (``PGPASSWORD``,
``PGPASSFILE``...); messages name the host and database, never the password.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import numpy as np

from storydiff.errors import InputError, NotInstalled, StorydiffError
from storydiff.outlets import OutletIndex
from storydiff.records import Article, Outlet
from storydiff.store import pgvector
from storydiff.store._base import StoryState
from storydiff.store.rows import (
    ARTICLE_COLUMNS,
    ARTICLE_INSERT_COLUMNS,
    OUTLET_COLUMNS,
    article_from_row,
    article_values,
    outlet_from_row,
    outlet_values,
)
from storydiff.store.sql import SQLReads

if TYPE_CHECKING:
    import psycopg

# One key for every storydiff writer of a database: its writes are serialised (the value
# is arbitrary, fixed so that every process agrees on it).
WRITE_LOCK = 0x5D0_57DF

_M1_INITIAL = """
CREATE TABLE articles (
    seq BIGINT PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    story_id TEXT COLLATE "C" NOT NULL,
    title TEXT, text TEXT NOT NULL, outlet TEXT COLLATE "C", date TEXT COLLATE "C",
    lang TEXT, url TEXT,
    source TEXT NOT NULL DEFAULT '', removed TEXT NOT NULL DEFAULT '[]',
    vector BYTEA NOT NULL,
    search TSVECTOR GENERATED ALWAYS AS
        (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED
);
CREATE INDEX articles_story ON articles (story_id, seq);
CREATE INDEX articles_search ON articles USING GIN (search);
CREATE TABLE stories (
    id TEXT COLLATE "C" PRIMARY KEY,
    title TEXT, size INTEGER NOT NULL, vector_sum BYTEA NOT NULL,
    names TEXT NOT NULL DEFAULT '{}',
    first_date TEXT COLLATE "C", last_date TEXT COLLATE "C", last_seq BIGINT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX stories_active ON stories (active);
CREATE INDEX stories_size ON stories (size DESC, id);
CREATE TABLE redirects (old TEXT COLLATE "C" PRIMARY KEY, new TEXT COLLATE "C" NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
"""

_M2_STORY_TIME_INDEX = """
CREATE INDEX stories_first_date ON stories (first_date);
CREATE INDEX stories_last_date ON stories (last_date)
"""

# Metadata stays the JSON text the ingest wrote (key order included, what exports show);
# the ``--where`` filter parses it. ``pos`` keeps the outlet table's import order.
_M3_ARTICLE_METADATA_AND_OUTLETS = """
ALTER TABLE articles ADD COLUMN source_id TEXT;
ALTER TABLE articles ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
CREATE TABLE outlets (
    key TEXT PRIMARY KEY, pos BIGINT NOT NULL,
    name TEXT NOT NULL, domain TEXT, country TEXT, language TEXT,
    grp TEXT, owner TEXT, extra TEXT NOT NULL DEFAULT '{}'
)
"""

# Append only, numbered as ``storydiff.store.sqlite.MIGRATIONS``: version n means the same
# schema in both backends.
MIGRATIONS: tuple[str, ...] = (_M1_INITIAL, _M2_STORY_TIME_INDEX, _M3_ARTICLE_METADATA_AND_OUTLETS)


def is_postgres_url(path: object) -> bool:
    """Whether a ``--db`` value names a PostgreSQL database rather than a SQLite file."""
    return str(path).startswith(("postgres://", "postgresql://"))


def describe_url(url: str) -> str:
    """``postgresql://host:port/dbname`` of a connection URL, for messages: never its user,
    password or other parameters. What the URL leaves out comes from libpq's environment
    variables, as the connection does."""
    try:
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        port = parts.port
    except ValueError:  # a malformed URL: say so without echoing it (it may hold a password)
        return "postgresql://(malformed URL)"

    def given(name: str, env: str, default: str) -> str:
        return (query.get(name) or [os.environ.get(env) or default])[0]

    host = parts.hostname or given("host", "PGHOST", "localhost")
    db = parts.path.lstrip("/") or given("dbname", "PGDATABASE", "")
    return f"postgresql://{host}:{port or given('port', 'PGPORT', '5432')}/{db}"


def describe_error(db: object, err: BaseException) -> str | None:
    """One line for an error from the PostgreSQL server or its driver met while using the
    store ``db`` (lost connection, permissions, a full disk); None for any other error."""
    psycopg = sys.modules.get("psycopg")  # loaded when a PostgreSQL store was opened
    if psycopg is None or not isinstance(err, psycopg.Error):
        return None
    detail = " ".join(str(err).split()) or type(err).__name__
    where = describe_url(str(db)) if is_postgres_url(db) else "the PostgreSQL store"
    return f"the store {where} could not be used: {detail}"


def _metadata_filter(where: Mapping[str, str]) -> tuple[str, list[str]]:
    """The SQL condition (to follow a WHERE) and its values for stories with an article whose
    metadata has every ``key: value``, compared as JSON values: the text as a JSON string,
    or, when it reads as JSON (``3``, ``true``, ``["a","b"]``), that value too."""
    if not where:
        return "", []
    conditions, values = [], []
    for key, value in where.items():
        if not key or '"' in key:  # refused as SQLite's store refuses it
            raise InputError(f"not a metadata key: {key!r}")
        candidates = [json.dumps(value)]
        try:
            parsed = json.loads(value, parse_constant=lambda c: None)
        except ValueError:
            parsed = None
        if parsed is not None and not isinstance(parsed, str):
            candidates.append(json.dumps(parsed))
        marks = ", ".join(["%s::jsonb"] * len(candidates))
        conditions.append(f"(metadata::jsonb -> %s) IN ({marks})")
        values += [key, *candidates]
    inner = " AND ".join(conditions)
    # Only placeholders are joined in: every key and value travels as a parameter.
    return f" AND id IN (SELECT story_id FROM articles WHERE {inner})", values  # noqa: S608


def _connect(url: str) -> psycopg.Connection[Any]:
    try:
        import psycopg
    except ImportError:
        raise NotInstalled("psycopg", "postgres") from None
    try:
        # autocommit: each read sees the latest commits; writes open explicit transactions.
        return psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as err:
        detail = " ".join(str(err).split()) or type(err).__name__
        raise StorydiffError(
            f"cannot open the PostgreSQL store {describe_url(url)}: {detail}"
        ) from None


def schema_version(db: psycopg.Connection[Any]) -> int:
    """The schema version of a database (0 for a new, empty one)."""
    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0) if row else 0


def _check_version(version: int) -> None:
    if version > len(MIGRATIONS):
        raise StorydiffError(
            f"the store has schema version {version}, newer than this storydiff "
            f"({len(MIGRATIONS)}): upgrade storydiff"
        )


def migrate(db: psycopg.Connection[Any]) -> int:
    """Apply the migrations a database lacks, each in its own transaction; the new version.

    Two processes opening a new database at once take turns (the write lock), and the second
    finds nothing left to do. An up-to-date database costs two queries, no lock and no DDL:
    the web app opens the store for every request, perhaps as a role that may only read.
    """
    exists = db.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if exists and exists[0]:
        row = db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()
        if row and int(row[0]) >= len(MIGRATIONS):
            _check_version(int(row[0]))
            return len(MIGRATIONS)
    for number, sql in enumerate(MIGRATIONS, start=1):
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            version = schema_version(db)
            _check_version(version)
            if version >= number:
                continue
            for statement in sql.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
    return len(MIGRATIONS)


class PostgresStore(SQLReads):
    """The ``Store`` in a PostgreSQL database (see the module docstring)."""

    # How far a story's days lie from a day (0 when they include it), for ``stories_near``.
    _DAYS_AWAY = (
        "GREATEST(0, substr(first_date, 1, 10)::date - %s::date,"
        " %s::date - substr(last_date, 1, 10)::date)"
    )

    def __init__(self, url: str) -> None:
        self.url = url
        self._db = _connect(url)
        try:
            migrate(self._db)
        except BaseException:
            self._db.close()
            raise
        self._depth = 0
        self._index: OutletIndex | None = None  # the outlet table, read once
        # The pgvector centroid column's dimension (0 while untyped; None: no column),
        # known after this store's first write transaction.
        self._centroid: int | None = None
        self._centroid_known = False

    def __str__(self) -> str:
        return describe_url(self.url)

    # --- writes ---------------------------------------------------------------------------

    def _begin(self) -> None:
        # One writer at a time, until this transaction ends (commit, rollback or a lost
        # connection): story assignment is serialised per transaction.
        self._db.execute("BEGIN")
        self._db.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        if not self._centroid_known:  # once per store: a reader never alters the schema
            self._centroid = pgvector.enable(self._db)
            self._centroid_known = True

    def _end(self, *, commit: bool) -> None:
        self._db.execute("COMMIT" if commit else "ROLLBACK")
        if not commit:  # a column added in this transaction is gone with it: look again
            self._centroid_known = False

    def add_article(self, article: Article, *, vector: np.ndarray, story_id: str) -> int:
        self._writing()
        row = self._db.execute(
            f"INSERT INTO articles (seq, {ARTICLE_INSERT_COLUMNS}) VALUES"  # noqa: S608
            " ((SELECT COALESCE(MAX(seq), 0) + 1 FROM articles),"
            " %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING seq",
            article_values(article, vector=vector, story_id=story_id),
        ).fetchone()
        return int(row[0]) if row else 0

    def put_story(self, state: StoryState) -> None:
        super().put_story(state)
        if self._centroid is not None:
            self._centroid = pgvector.set_centroid(
                self._db, state.id, state.vector_sum, self._centroid
            )

    def split_story(self, old: str, new: str, article_ids: Sequence[str]) -> None:
        self._writing()
        self._db.execute(
            "UPDATE articles SET story_id = %s WHERE story_id = %s AND id = ANY(%s)",
            (new, old, list(article_ids)),
        )
        # ``new`` may once have been merged away; it is a story of its own again.
        self._db.execute("DELETE FROM redirects WHERE old = %s", (new,))

    def put_outlets(self, outlets: Sequence[Outlet]) -> None:
        self._writing()
        # An upsert keeps a known outlet's place in the table's order (its groups' order).
        with self._db.cursor() as cur:
            cur.executemany(
                f"INSERT INTO outlets (pos, {OUTLET_COLUMNS})"  # noqa: S608
                " VALUES ((SELECT COALESCE(MAX(pos), 0) + 1 FROM outlets),"
                " %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (key) DO UPDATE SET"
                " name = excluded.name, domain = excluded.domain, country = excluded.country,"
                " language = excluded.language, grp = excluded.grp, owner = excluded.owner,"
                " extra = excluded.extra",
                [outlet_values(o) for o in outlets],
            )
        self._index = None

    # --- reads (and those of ``SQLReads``) ------------------------------------------------

    def _rows(self, sql: str, args: Sequence[object] = ()) -> list[Any]:
        return self._db.execute(sql, args).fetchall()

    def _run(self, sql: str, args: Sequence[object] = ()) -> None:
        self._db.execute(sql, args)

    def _metadata_filter(self, where: Mapping[str, str]) -> tuple[str, list[str]]:
        return _metadata_filter(where)

    def resolve(self, story_id: str) -> str | None:
        target = self._one("SELECT new FROM redirects WHERE old = %s", (story_id,)) or story_id
        if self._one("SELECT 1 FROM stories WHERE id = %s", (target,)) is not None:
            return str(target)
        # A unique prefix of an id works too, as with git hashes (case-blind, like SQLite's
        # LIKE; ``%`` and ``_`` in the text stay wildcards there too).
        rows = self._rows("SELECT id FROM stories WHERE id ILIKE %s || '%%' LIMIT 2", (story_id,))
        return str(rows[0][0]) if len(rows) == 1 else None

    def outlets(self) -> list[Outlet]:
        rows = self._rows(f"SELECT {OUTLET_COLUMNS} FROM outlets ORDER BY pos")  # noqa: S608
        return [outlet_from_row(r) for r in rows]

    def assignments(self) -> Iterator[tuple[str, str]]:
        # Fetched whole: a caller may query the store between two items, and one
        # connection runs one statement at a time.
        for r in self._rows("SELECT id, story_id FROM articles ORDER BY seq"):
            yield str(r[0]), str(r[1])

    def search(self, query: str, *, limit: int = 20) -> list[Article]:
        if not query.split():
            return []
        columns = ", ".join("a." + c.strip() for c in ARTICLE_COLUMNS.split(","))
        rows = self._rows(
            f"SELECT {columns} FROM articles a, plainto_tsquery('simple', %s) q"  # noqa: S608
            " WHERE a.search @@ q ORDER BY ts_rank(a.search, q, 1) DESC, a.seq LIMIT %s",
            (query, limit),
        )
        return [article_from_row(r) for r in rows]

    def uses_pgvector(self) -> bool:
        """Whether ``nearest_stories`` reads pgvector's HNSW index (else every story)."""
        dim, _ = pgvector.probe(self._db)
        return bool(dim)

    def nearest_stories(self, vector: np.ndarray, *, limit: int = 10) -> list[tuple[str, float]]:
        """The ``limit`` stories whose centroids are nearest to ``vector`` by cosine, the
        nearest first: ``(story id, cosine)``. Approximate through pgvector's HNSW index
        where the store has one, exact (every story's vector read) elsewhere."""
        if self.uses_pgvector():
            return pgvector.nearest_indexed(self._db, vector, limit)
        rows = self._rows("SELECT id, vector_sum FROM stories")
        return pgvector.nearest_exact([(str(r[0]), bytes(r[1])) for r in rows], vector, limit)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
