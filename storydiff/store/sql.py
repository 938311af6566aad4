"""What SQLite and PostgreSQL do with the same SQL, written once: the transaction
discipline and most reads.

Both backends lay out the same tables (``storydiff.store.rows``); what differs between them
is the placeholder (``?`` or ``%s``), how a transaction starts, date arithmetic, text
search, id prefixes and the JSON filter of ``--where``. Each backend runs these queries
through its ``_rows`` (SQLite's turns the ``%s`` placeholders written here into ``?``) and
answers the rest itself.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from storydiff.errors import StorydiffError
from storydiff.outlets import Byline, OutletIndex
from storydiff.records import Article, Outlet
from storydiff.store._base import StoryInfo, StoryState
from storydiff.store.rows import (
    ARTICLE_COLUMNS,
    STATE_COLUMNS,
    STORY_COLUMNS,
    article_from_row,
    state_from_row,
    state_values,
)


class SQLReads(ABC):
    """The shared half of the SQL ``Store`` backends (see the module docstring)."""

    _index: OutletIndex | None  # the outlet table, read once; a write of it resets this
    _depth = 0  # how many ``transaction()`` blocks are open (nested ones join the outer)
    _DAYS_AWAY: str  # SQL: days between a story's span and the day %s (given twice)

    @abstractmethod
    def _begin(self) -> None:
        """Open a write transaction, holding the database's write lock."""

    @abstractmethod
    def _end(self, *, commit: bool) -> None:
        """Commit or roll back the open transaction."""

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
        self._begin()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._end(commit=False)
            raise
        else:
            self._end(commit=True)
        finally:
            self._depth = 0

    def _writing(self) -> None:
        if not self._depth:
            raise StorydiffError("store writes must happen inside store.transaction()")

    @abstractmethod
    def _rows(self, sql: str, args: Sequence[object] = ()) -> list[Any]:
        """Every row of a query written with ``%s`` placeholders."""

    @abstractmethod
    def _run(self, sql: str, args: Sequence[object] = ()) -> None:
        """Run a statement written with ``%s`` placeholders (inside a transaction)."""

    # --- writes both backends make with the same SQL (upserts: SQLite has ON CONFLICT) ---

    def put_story(self, state: StoryState) -> None:
        self._writing()
        self._run(
            f"INSERT INTO stories ({STATE_COLUMNS})"  # noqa: S608
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (id) DO UPDATE SET title = excluded.title, size = excluded.size,"
            " vector_sum = excluded.vector_sum, names = excluded.names,"
            " first_date = excluded.first_date, last_date = excluded.last_date,"
            " last_seq = excluded.last_seq, active = excluded.active",
            state_values(state),
        )

    def merge_story(self, old: str, new: str) -> None:
        self._writing()
        self._run("UPDATE articles SET story_id = %s WHERE story_id = %s", (new, old))
        self._run("DELETE FROM stories WHERE id = %s", (old,))
        # Earlier redirects to ``old`` now point at ``new``: one hop resolves any id.
        self._run("UPDATE redirects SET new = %s WHERE new = %s", (new, old))
        self._run(
            "INSERT INTO redirects (old, new) VALUES (%s, %s)"
            " ON CONFLICT (old) DO UPDATE SET new = excluded.new",
            (old, new),
        )

    def set_meta(self, key: str, value: str) -> None:
        self._writing()
        self._run(
            "INSERT INTO meta (key, value) VALUES (%s, %s)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    @abstractmethod
    def _metadata_filter(self, where: Mapping[str, str]) -> tuple[str, list[str]]:
        """The SQL condition (to follow a WHERE on stories) and its values for stories with
        an article whose metadata has every ``key: value``; ``("", [])`` for none."""

    @abstractmethod
    def resolve(self, story_id: str) -> str | None: ...

    @abstractmethod
    def outlets(self) -> list[Outlet]: ...

    def _one(self, sql: str, args: Sequence[object] = ()) -> Any:
        """The first column of the first row of a query; None when it has no row."""
        rows = self._rows(sql, args)
        return rows[0][0] if rows else None

    def get_meta(self, key: str) -> str | None:
        value = self._one("SELECT value FROM meta WHERE key = %s", (key,))
        return None if value is None else str(value)

    def has_article(self, article_id: str) -> bool:
        return self._one("SELECT 1 FROM articles WHERE id = %s", (article_id,)) is not None

    def count_articles(self) -> int:
        return int(self._one("SELECT COUNT(*) FROM articles"))

    def active_stories(self) -> list[StoryState]:
        rows = self._rows(
            f"SELECT {STATE_COLUMNS} FROM stories WHERE active = %s ORDER BY last_seq",  # noqa: S608
            (True,),
        )
        return [state_from_row(r) for r in rows]

    def story_state(self, story_id: str) -> StoryState | None:
        rows = self._rows(f"SELECT {STATE_COLUMNS} FROM stories WHERE id = %s", (story_id,))  # noqa: S608
        return state_from_row(rows[0]) if rows else None

    def stories_near(self, day: str, *, reach: int, span: int, limit: int) -> list[str]:
        start = dt.date.fromisoformat(day[:10])

        def shift(days: int) -> str:
            return (start + dt.timedelta(days=days)).isoformat()

        # Bounds on the raw columns keep their indexes usable: a stored "YYYY-MM-DD..."
        # is >= shift(k) when its day is on or after that day, and < shift(k + 1) when
        # it is on or before it.
        where = "first_date < %s AND last_date >= %s"
        args: list[object] = [shift(reach + 1), shift(-reach)]
        if span:
            where += " AND first_date >= %s AND last_date < %s"
            args += [shift(-span), shift(span + 1)]
        rows = self._rows(
            f"SELECT id FROM stories WHERE {where}"  # noqa: S608
            f" ORDER BY {self._DAYS_AWAY}, id LIMIT %s",
            (*args, start.isoformat(), start.isoformat(), limit),
        )
        return [str(r[0]) for r in rows]

    def undated_stories(self, *, limit: int) -> list[str]:
        rows = self._rows(
            "SELECT id FROM stories WHERE first_date IS NULL AND last_date IS NULL"
            " ORDER BY last_seq DESC, id LIMIT %s",
            (limit,),
        )
        return [str(r[0]) for r in rows]

    def article(self, article_id: str) -> Article | None:
        rows = self._rows(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,))  # noqa: S608
        return article_from_row(rows[0]) if rows else None

    def _info(self, r: Sequence[Any]) -> StoryInfo:
        outlets = self._rows(
            "SELECT DISTINCT outlet FROM articles WHERE story_id = %s AND outlet IS NOT NULL"
            " ORDER BY outlet",
            (r[0],),
        )
        # The dates shown are the articles' own: clustering places an undated article at
        # the stream's clock, a date no reader should take for its publication date.
        first, last = self._rows(
            "SELECT MIN(substr(date, 1, 10)), MAX(substr(date, 1, 10)) FROM articles"
            " WHERE story_id = %s AND date IS NOT NULL AND date != ''",
            (r[0],),
        )[0]
        index, groups = self.outlet_index(), {}
        if index.groups:
            rows = self._rows("SELECT outlet, url FROM articles WHERE story_id = %s", (r[0],))
            groups = index.groups_of(Byline(story_id=r[0], outlet=o, url=u) for o, u in rows)
        return StoryInfo(
            id=r[0],
            title=r[1],
            size=int(r[2]),
            outlets=tuple(str(o[0]) for o in outlets),
            first_date=first,
            last_date=last,
            active=bool(r[5]),
            groups=groups,
        )

    def story(self, story_id: str) -> StoryInfo | None:
        current = self.resolve(story_id)
        if current is None:
            return None
        rows = self._rows(f"SELECT {STORY_COLUMNS} FROM stories WHERE id = %s", (current,))  # noqa: S608
        return self._info(rows[0]) if rows else None

    def count_stories(self, *, min_size: int = 1, where: Mapping[str, str] | None = None) -> int:
        having, values = self._metadata_filter(where or {})
        return int(
            self._one(
                f"SELECT COUNT(*) FROM stories WHERE size >= %s{having}",  # noqa: S608
                (min_size, *values),
            )
        )

    def stories(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        min_size: int = 1,
        where: Mapping[str, str] | None = None,
    ) -> list[StoryInfo]:
        having, values = self._metadata_filter(where or {})
        rows = self._rows(
            f"SELECT {STORY_COLUMNS} FROM stories WHERE size >= %s{having}"  # noqa: S608
            " ORDER BY size DESC, last_date DESC NULLS LAST, id LIMIT %s OFFSET %s",
            (min_size, *values, limit, offset),
        )
        return [self._info(r) for r in rows]

    def outlet_index(self) -> OutletIndex:
        if self._index is None:
            self._index = OutletIndex(self.outlets())
        return self._index

    def outlet_of(self, article: Article) -> Outlet | None:
        return self.outlet_index().match(article.outlet, article.url)

    def story_articles(self, story_id: str) -> list[Article]:
        current = self.resolve(story_id) or story_id
        rows = self._rows(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE story_id = %s ORDER BY seq",  # noqa: S608
            (current,),
        )
        return [article_from_row(r) for r in rows]

    def bylines(self, *, min_size: int = 1) -> Iterator[Byline]:
        rows = self._rows(
            "SELECT a.story_id, a.outlet, a.url FROM articles a JOIN stories s"
            " ON s.id = a.story_id WHERE s.size >= %s ORDER BY a.story_id, a.seq",
            (min_size,),
        )
        for r in rows:
            yield Byline(story_id=str(r[0]), outlet=r[1], url=r[2])

    def story_vectors(self, story_id: str) -> list[tuple[str, int, np.ndarray]]:
        rows = self._rows(
            "SELECT id, seq, vector FROM articles WHERE story_id = %s ORDER BY seq", (story_id,)
        )
        return [(str(r[0]), int(r[1]), np.frombuffer(r[2], dtype=np.float32)) for r in rows]

    def story_of(self, article_id: str) -> str | None:
        value = self._one("SELECT story_id FROM articles WHERE id = %s", (article_id,))
        return None if value is None else str(value)
