"""The embedded store: one SQLite file, WAL, FTS5 over titles and texts.

WAL lets readers (the web app, ``storydiff stories``) read while one ingest writes.
``synchronous=NORMAL`` under WAL never corrupts the file and keeps every committed
transaction across a killed process; only a power cut may lose the last commits.
Schema changes are ordered functions in ``MIGRATIONS``; ``schema_version`` records how far
a file has come, so an older file is brought up to date when it is opened.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.errors import StorydiffError
from storydiff.records import Article, Removal
from storydiff.store._base import StoryInfo, StoryState


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


# Append only: a released migration is never edited, a change is a new function.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_m1_initial,)


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


class SQLiteStore:
    """The ``Store`` in one SQLite file (see the module docstring)."""

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

    # --- writes ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            self._db.execute("COMMIT")
        finally:
            self._depth = 0

    def _writing(self) -> None:
        if not self._depth:
            raise StorydiffError("store writes must happen inside store.transaction()")

    def add_article(self, article: Article, *, vector: np.ndarray, story_id: str) -> int:
        self._writing()
        removed = json.dumps([[r.kind, r.line, r.text] for r in article.removed])
        cur = self._db.execute(
            "INSERT INTO articles (id, story_id, title, text, outlet, date, lang, url, source,"
            " removed, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id,
                story_id,
                article.title,
                article.text,
                article.outlet,
                article.date,
                article.lang,
                article.url,
                article.source,
                removed,
                np.asarray(vector, dtype=np.float32).tobytes(),
            ),
        )
        seq = int(cur.lastrowid or 0)
        self._db.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
            (seq, article.title or "", article.text),
        )
        return seq

    def put_story(self, state: StoryState) -> None:
        self._writing()
        self._db.execute(
            "INSERT OR REPLACE INTO stories (id, title, size, vector_sum, names, first_date,"
            " last_date, last_seq, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                state.id,
                state.title,
                state.size,
                np.asarray(state.vector_sum, dtype=np.float32).tobytes(),
                json.dumps(state.names, sort_keys=True, ensure_ascii=False),
                state.first_date,
                state.last_date,
                state.last_seq,
                int(state.active),
            ),
        )

    def merge_story(self, old: str, new: str) -> None:
        self._writing()
        self._db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (new, old))
        self._db.execute("DELETE FROM stories WHERE id = ?", (old,))
        # Earlier redirects to ``old`` now point at ``new``: one hop resolves any id.
        self._db.execute("UPDATE redirects SET new = ? WHERE new = ?", (new, old))
        self._db.execute("INSERT OR REPLACE INTO redirects (old, new) VALUES (?, ?)", (old, new))

    def split_story(self, old: str, new: str, article_ids: Sequence[str]) -> None:
        self._writing()
        marks = ", ".join("?" * len(article_ids))
        self._db.execute(
            f"UPDATE articles SET story_id = ? WHERE story_id = ? AND id IN ({marks})",  # noqa: S608
            (new, old, *article_ids),
        )
        # ``new`` may once have been merged away; it is a story of its own again.
        self._db.execute("DELETE FROM redirects WHERE old = ?", (new,))

    def set_meta(self, key: str, value: str) -> None:
        self._writing()
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # --- reads ----------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def has_article(self, article_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def count_articles(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

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

    def active_stories(self) -> list[StoryState]:
        rows = self._db.execute(
            "SELECT id, title, size, vector_sum, names, first_date, last_date, last_seq, active"
            " FROM stories WHERE active = 1 ORDER BY last_seq"
        )
        return [
            StoryState(
                id=r[0],
                title=r[1],
                size=int(r[2]),
                vector_sum=np.frombuffer(r[3], dtype=np.float32).copy(),
                names={str(k): int(v) for k, v in json.loads(r[4]).items()},
                first_date=r[5],
                last_date=r[6],
                last_seq=int(r[7]),
                active=bool(r[8]),
            )
            for r in rows
        ]

    _ARTICLE_COLUMNS = "id, title, text, outlet, date, lang, url, source, removed"

    @staticmethod
    def _article(r: Any) -> Article:
        return Article(
            id=r[0],
            title=r[1],
            text=r[2],
            outlet=r[3],
            date=r[4],
            lang=r[5],
            url=r[6],
            source=r[7] or "",
            removed=tuple(Removal(kind=k, line=int(n), text=t) for k, n, t in json.loads(r[8])),
        )

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute(
            f"SELECT {self._ARTICLE_COLUMNS} FROM articles WHERE id = ?",  # noqa: S608
            (article_id,),
        ).fetchone()
        return None if row is None else self._article(row)

    def _info(self, r: Any) -> StoryInfo:
        outlets = self._db.execute(
            "SELECT DISTINCT outlet FROM articles WHERE story_id = ? AND outlet IS NOT NULL"
            " ORDER BY outlet",
            (r[0],),
        ).fetchall()
        # The dates shown are the articles' own: clustering places an undated article at
        # the stream's clock, a date no reader should take for its publication date.
        first, last = self._db.execute(
            "SELECT MIN(substr(date, 1, 10)), MAX(substr(date, 1, 10)) FROM articles"
            " WHERE story_id = ? AND date IS NOT NULL AND date != ''",
            (r[0],),
        ).fetchone()
        return StoryInfo(
            id=r[0],
            title=r[1],
            size=int(r[2]),
            outlets=tuple(str(o[0]) for o in outlets),
            first_date=first,
            last_date=last,
            active=bool(r[5]),
        )

    _STORY_COLUMNS = "id, title, size, first_date, last_date, active"

    def story(self, story_id: str) -> StoryInfo | None:
        current = self.resolve(story_id)
        if current is None:
            return None
        row = self._db.execute(
            f"SELECT {self._STORY_COLUMNS} FROM stories WHERE id = ?",  # noqa: S608
            (current,),
        ).fetchone()
        return None if row is None else self._info(row)

    def count_stories(self, *, min_size: int = 1) -> int:
        row = self._db.execute("SELECT COUNT(*) FROM stories WHERE size >= ?", (min_size,))
        return int(row.fetchone()[0])

    def stories(self, *, limit: int = 50, offset: int = 0, min_size: int = 1) -> list[StoryInfo]:
        rows = self._db.execute(
            f"SELECT {self._STORY_COLUMNS} FROM stories WHERE size >= ?"  # noqa: S608
            " ORDER BY size DESC, last_date DESC, id LIMIT ? OFFSET ?",
            (min_size, limit, offset),
        ).fetchall()
        return [self._info(r) for r in rows]

    def story_vectors(self, story_id: str) -> list[tuple[str, int, np.ndarray]]:
        rows = self._db.execute(
            "SELECT id, seq, vector FROM articles WHERE story_id = ? ORDER BY seq", (story_id,)
        )
        return [(str(r[0]), int(r[1]), np.frombuffer(r[2], dtype=np.float32)) for r in rows]

    def story_articles(self, story_id: str) -> list[Article]:
        current = self.resolve(story_id) or story_id
        rows = self._db.execute(
            f"SELECT {self._ARTICLE_COLUMNS} FROM articles WHERE story_id = ?"  # noqa: S608
            " ORDER BY seq",
            (current,),
        )
        return [self._article(r) for r in rows]

    def assignments(self) -> Iterator[tuple[str, str]]:
        for r in self._db.execute("SELECT id, story_id FROM articles ORDER BY seq"):
            yield str(r[0]), str(r[1])

    def story_of(self, article_id: str) -> str | None:
        row = self._db.execute(
            "SELECT story_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def search(self, query: str, *, limit: int = 20) -> list[Article]:
        # The query is quoted word by word so that user text never reads as FTS syntax.
        words = ['"' + w.replace('"', '""') + '"' for w in query.split()]
        if not words:
            return []
        rows = self._db.execute(
            f"SELECT {', '.join('a.' + c.strip() for c in self._ARTICLE_COLUMNS.split(','))}"  # noqa: S608
            " FROM articles_fts f JOIN articles a ON a.seq = f.rowid"
            " WHERE articles_fts MATCH ? ORDER BY f.rank LIMIT ?",
            (" ".join(words), limit),
        )
        return [self._article(r) for r in rows]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
