"""The store interface and its records.

A store keeps the articles of a corpus, one vector per article, and the stories they are
grouped into. Every write happens inside ``transaction()``: the corpus ingest adds an
article, its vector, its story's new state and any merge in one transaction, so a crash
loses nothing committed and never leaves half an article. SQLite is the embedded default
(``storydiff.store.sqlite``); a PostgreSQL backend implements the same Protocol.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from storydiff.records import Article


@dataclass(frozen=True, kw_only=True)
class StoryState:
    """What clustering needs to know about one story, as stored.

    ``vector_sum`` is the float32 sum of its articles' unit vectors (the centroid is its
    direction); ``names`` counts the name keys of its articles (see
    ``storydiff.samestory.names``), capped to the most frequent; ``last_seq`` is the
    store sequence number of its latest article. ``active`` stories are the only
    candidates for new articles.
    """

    id: str
    title: str | None
    size: int
    vector_sum: np.ndarray
    names: dict[str, int] = field(default_factory=dict)
    first_date: str | None = None
    last_date: str | None = None
    last_seq: int = 0
    active: bool = True


@dataclass(frozen=True, kw_only=True)
class StoryInfo:
    """One story as listed by ``storydiff stories``; its dates are the earliest and latest
    of its articles' own dates (None when none is dated)."""

    id: str
    title: str | None
    size: int
    outlets: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    active: bool


@runtime_checkable
class Store(Protocol):
    """Articles, vectors and stories of a corpus. Writes only inside ``transaction()``."""

    def transaction(self) -> AbstractContextManager[None]:
        """All writes inside commit together or not at all."""
        ...

    def has_article(self, article_id: str) -> bool: ...

    def add_article(self, article: Article, *, vector: np.ndarray, story_id: str) -> int:
        """Insert an article with its vector and story; returns its sequence number."""
        ...

    def put_story(self, state: StoryState) -> None:
        """Insert or replace a story's state."""
        ...

    def merge_story(self, old: str, new: str) -> None:
        """Move ``old``'s articles to ``new``, drop ``old`` and keep ``old -> new``."""
        ...

    def split_story(self, old: str, new: str, article_ids: Sequence[str]) -> None:
        """Move ``article_ids`` of ``old`` to the story ``new`` (whose state the caller puts).

        ``old`` keeps its id and its other articles; a redirect from ``new`` (a story of
        that id merged away earlier) is dropped.
        """
        ...

    def resolve(self, story_id: str) -> str | None:
        """The current id of a story, following merge redirects; None when unknown."""
        ...

    def active_stories(self) -> list[StoryState]: ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def count_articles(self) -> int: ...

    def article(self, article_id: str) -> Article | None: ...

    def story(self, story_id: str) -> StoryInfo | None: ...

    def count_stories(self, *, min_size: int = 1) -> int:
        """How many stories have ``min_size`` or more articles (a list's page count)."""
        ...

    def stories(self, *, limit: int = 50, offset: int = 0, min_size: int = 1) -> list[StoryInfo]:
        """Stories, largest first."""
        ...

    def story_vectors(self, story_id: str) -> list[tuple[str, int, np.ndarray]]:
        """A story's ``(article id, sequence number, vector)`` in ingest order."""
        ...

    def story_articles(self, story_id: str) -> list[Article]:
        """A story's articles in the order they were ingested."""
        ...

    def assignments(self) -> Iterator[tuple[str, str]]:
        """Every ``(article_id, story_id)``, in ingest order."""
        ...

    def story_of(self, article_id: str) -> str | None:
        """The story an article belongs to; None for an unknown article."""
        ...

    def search(self, query: str, *, limit: int = 20) -> list[Article]:
        """Full-text search over titles and texts, best first."""
        ...

    def close(self) -> None: ...


def matching_stories(store: Store, query: str, *, articles: int = 200) -> list[StoryInfo]:
    """The stories of the ``articles`` best full-text matches of ``query``, best first,
    each once."""
    found = store.search(query, limit=articles)
    ids = dict.fromkeys(sid for a in found if (sid := store.story_of(a.id)))
    return [info for sid in ids if (info := store.story(sid)) is not None]


def pick_articles(articles: Sequence[Article], limit: int) -> list[Article]:
    """At most ``limit`` of a story's ``articles`` for one comparison, outlets spread.

    A comparison of a few hundred articles is slow and unreadable; what a reader wants
    from a big story is how the *outlets* differ. So: the earliest article of each outlet
    first (outlets in the order of their first article), then the earliest of the rest;
    undated articles count as the latest and ties keep the stored order. The result keeps
    the stored order. Deterministic, so a page can say which articles were compared;
    ``limit <= 0`` keeps all.
    """
    if limit <= 0 or len(articles) <= limit:
        return list(articles)

    def when(i: int) -> tuple[bool, str, int]:
        day = _day(articles[i].date)
        return (day is None, day or "", i)

    order = sorted(range(len(articles)), key=when)
    chosen: list[int] = []
    outlets: set[str] = set()
    for i in order:
        outlet = (articles[i].outlet or "").strip().casefold()
        if outlet and outlet not in outlets:
            outlets.add(outlet)
            chosen.append(i)
    chosen = chosen[:limit]
    taken = set(chosen)
    chosen += [i for i in order if i not in taken][: limit - len(chosen)]
    return [articles[i] for i in sorted(chosen)]


def _day(value: str | None) -> str | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10]).isoformat() if value else None
    except ValueError:
        return None
