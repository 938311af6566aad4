"""The embedded store: one SQLite file, WAL, FTS5 over titles and texts.

WAL lets readers (the web app, ``storydiff stories``) read while one ingest writes.
``synchronous=NORMAL`` under WAL never corrupts the file and keeps every committed
transaction across a killed process; only a power cut may lose the last commits.
Schema changes are ordered functions in ``MIGRATIONS``; ``schema_version`` records how far
a file has come, so an older file is brought up to date when it is opened.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.errors import InputError, StorydiffError
from storydiff.outlets import OutletIndex
from storydiff.records import Article, Outlet
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


def _script(db: sqlite3.Connection, sql: str) -> None:
    # Not ``executescript``: it commits first, and a migration must stay one transaction.
    for statement in sql.split(";"):
        if statement.strip():
            db.execute(statement)


def _m1_initial(db: sqlite3.Connection) -> None:
    _script(
        db,
        """
        CREATE TABLE articles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            story_id TEXT NOT NULL,
            title TEXT, text TEXT NOT NULL, outlet TEXT, date TEXT, lang TEXT, url TEXT,
            source TEXT NOT NULL DEFAULT '', removed TEXT NOT NULL DEFAULT '[]',
            vector BLOB NOT NULL
        );
        CREATE INDEX articles_story ON articles (story_id, seq);
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT, size INTEGER NOT NULL, vector_sum BLOB NOT NULL,
            names TEXT NOT NULL DEFAULT '{}',
            first_date TEXT, last_date TEXT, last_seq INTEGER NOT NULL,
            active INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX stories_active ON stories (active);
        CREATE INDEX stories_size ON stories (size DESC, id);
        CREATE TABLE redirects (old TEXT PRIMARY KEY, new TEXT NOT NULL);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, text, content='articles', content_rowid='seq'
        );
        """,
    )


def _m2_story_time_index(db: sqlite3.Connection) -> None:
    # Candidate stories are found by their own dates, not by what is active: an article
    # backfilled into an archive must find its story whenever it arrives. Stories of a
    # store built before this version may carry the clock's date for undated articles;
    # they keep it (only new undated stories are grouped by content alone).
    _script(
        db,
        """
        CREATE INDEX stories_first_date ON stories (first_date);
        CREATE INDEX stories_last_date ON stories (last_date);
        """,
    )


def _m3_article_metadata_and_outlets(db: sqlite3.Connection) -> None:
    # Articles keep the input's own id and its other fields (JSON); the outlet table is the
    # user's, imported with ``storydiff outlets import``, and matched at read time, so a
    # re-import regroups every story without touching the articles.
    _script(
        db,
        """
        ALTER TABLE articles ADD COLUMN source_id TEXT;
        ALTER TABLE articles ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE outlets (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL, domain TEXT, country TEXT, language TEXT,
            grp TEXT, owner TEXT, extra TEXT NOT NULL DEFAULT '{}'
        );
        """,
    )


# Append only: a released migration is never edited, a change is a new function.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _m1_initial,
    _m2_story_time_index,
    _m3_article_metadata_and_outlets,
)


def _metadata_filter(where: Mapping[str, str]) -> tuple[str, list[str]]:
    """The SQL condition (to follow a WHERE) and its values for stories with an article whose
    metadata has every ``key: value``; values compare as ``metadata_text`` writes them."""
    if not where:
        return "", []
    conditions, values = [], []
    for key, value in where.items():
        if not key or '"' in key:
            raise InputError(f"not a metadata key: {key!r}")
        # A quoted path member: a key with dots or spaces is one key, never a path.
        path = f'$."{key}"'
        conditions.append(
            "(CASE json_type(metadata, ?) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false'"
            " WHEN 'text' THEN json_extract(metadata, ?) ELSE json(json_extract(metadata, ?))"
            " END) = ?"
        )
        values += [path, path, path, value]
    inner = " AND ".join(conditions)
    # Only placeholders are joined in: every key and value travels as a parameter.
    return f" AND id IN (SELECT story_id FROM articles WHERE {inner})", values  # noqa: S608


def describe_error(path: str | Path, err: sqlite3.DatabaseError) -> str:
    """One line for a SQLite error met while using the store at ``path``.

    A file damaged in the middle opens fine (its header is intact) and fails on the first
    query that reads a bad page, anywhere in a command; this names the file and what to do
    instead of an internal error.
    """
    detail = " ".join(str(err).split()) or type(err).__name__
    if isinstance(err, sqlite3.OperationalError):  # locked, disk full, I/O: not damage
        return f"the store {path} could not be used: {detail}"
    return (
        f"the store {path} is damaged ({detail}): restore a backup, or build a new one "
        "with 'storydiff ingest'"
    )


def schema_version(db: sqlite3.Connection) -> int:
    """The schema version of an open database (0 for a new, empty file)."""
    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(db: sqlite3.Connection) -> int:
    """Apply the migrations a file lacks, each in its own transaction; the new version."""
    version = schema_version(db)
    if version > len(MIGRATIONS):
        raise StorydiffError(
            f"the store has schema version {version}, newer than this storydiff "
            f"({len(MIGRATIONS)}): upgrade storydiff"
        )
    for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            db.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return len(MIGRATIONS)


class SQLiteStore(SQLReads):
    """The ``Store`` in one SQLite file (see the module docstring)."""

    # How far a story's days lie from a day (0 when they include it), for ``stories_near``.
    _DAYS_AWAY = (
        "max(0, julianday(substr(first_date, 1, 10)) - julianday(%s),"
        " julianday(%s) - julianday(substr(last_date, 1, 10)))"
    )

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are ours (BEGIN/COMMIT), never implicit.
            self._db = sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            migrate(self._db)
        except sqlite3.DatabaseError as err:
            raise StorydiffError(f"cannot open the store {path}: {err}") from None
        self._depth = 0
        self._index: OutletIndex | None = None  # the outlet table, read once

    # --- writes ---------------------------------------------------------------------------

    def _begin(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")  # the write lock now, not at the first write

    def _end(self, *, commit: bool) -> None:
        self._db.execute("COMMIT" if commit else "ROLLBACK")

    def add_article(self, article: Article, *, vector: np.ndarray, story_id: str) -> int:
        self._writing()
        cur = self._db.execute(
            f"INSERT INTO articles ({ARTICLE_INSERT_COLUMNS})"  # noqa: S608
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            article_values(article, vector=vector, story_id=story_id),
        )
        seq = int(cur.lastrowid or 0)
        self._db.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
            (seq, article.title or "", article.text),
        )
        return seq

    def split_story(self, old: str, new: str, article_ids: Sequence[str]) -> None:
        self._writing()
        marks = ", ".join("?" * len(article_ids))
        self._db.execute(
            f"UPDATE articles SET story_id = ? WHERE story_id = ? AND id IN ({marks})",  # noqa: S608
            (new, old, *article_ids),
        )
        # ``new`` may once have been merged away; it is a story of its own again.
        self._db.execute("DELETE FROM redirects WHERE old = ?", (new,))

    def put_outlets(self, outlets: Sequence[Outlet]) -> None:
        self._writing()
        # An upsert, not INSERT OR REPLACE: a replaced row would lose its place in the
        # table's order, which is the order its groups are shown in.
        self._db.executemany(
            f"INSERT INTO outlets ({OUTLET_COLUMNS})"  # noqa: S608
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
            " name = excluded.name, domain = excluded.domain, country = excluded.country,"
            " language = excluded.language, grp = excluded.grp, owner = excluded.owner,"
            " extra = excluded.extra",
            [outlet_values(o) for o in outlets],
        )
        self._index = None

    # --- reads (and those of ``SQLReads``) ------------------------------------------------

    def _rows(self, sql: str, args: Sequence[object] = ()) -> list[Any]:
        return self._db.execute(sql.replace("%s", "?"), args).fetchall()

    def _run(self, sql: str, args: Sequence[object] = ()) -> None:
        self._db.execute(sql.replace("%s", "?"), args)

    def _metadata_filter(self, where: Mapping[str, str]) -> tuple[str, list[str]]:
        return _metadata_filter(where)

    def resolve(self, story_id: str) -> str | None:
        row = self._db.execute("SELECT new FROM redirects WHERE old = ?", (story_id,)).fetchone()
        target = str(row[0]) if row else story_id
        found = self._db.execute("SELECT 1 FROM stories WHERE id = ?", (target,)).fetchone()
        if found:
            return target
        # A unique prefix of an id works too, as with git hashes.
        rows = self._db.execute(
            "SELECT id FROM stories WHERE id LIKE ? || '%' LIMIT 2", (story_id,)
        ).fetchall()
        return str(rows[0][0]) if len(rows) == 1 else None

    def outlets(self) -> list[Outlet]:
        rows = self._db.execute(
            f"SELECT {OUTLET_COLUMNS} FROM outlets ORDER BY rowid"  # noqa: S608
        )
        return [outlet_from_row(r) for r in rows]

    def assignments(self) -> Iterator[tuple[str, str]]:
        for r in self._db.execute("SELECT id, story_id FROM articles ORDER BY seq"):
            yield str(r[0]), str(r[1])

    def search(self, query: str, *, limit: int = 20) -> list[Article]:
        # The query is quoted word by word so that user text never reads as FTS syntax.
        words = ['"' + w.replace('"', '""') + '"' for w in query.split()]
        if not words:
            return []
        rows = self._db.execute(
            f"SELECT {', '.join('a.' + c.strip() for c in ARTICLE_COLUMNS.split(','))}"  # noqa: S608
            " FROM articles_fts f JOIN articles a ON a.seq = f.rowid"
            " WHERE articles_fts MATCH ? ORDER BY f.rank LIMIT ?",
            (" ".join(words), limit),
        )
        return [article_from_row(r) for r in rows]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
