"""The store interface and its records.

A store keeps the articles of a corpus, one vector per article, and the stories they are
grouped into. Every write happens inside ``transaction()``: the corpus ingest adds an
article, its vector, its story's new state and any merge in one transaction, so a crash
loses nothing committed and never leaves half an article. SQLite is the embedded default
(``storydiff.store.sqlite``); a PostgreSQL backend implements the same Protocol.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from storydiff.outlets import Byline, OutletIndex, blindspot_group
from storydiff.records import Article, Outlet
from storydiff.text.dates import parse_iso_date


@dataclass(frozen=True, kw_only=True)
class StoryState:
    """What clustering needs to know about one story, as stored.

    ``vector_sum`` is the float32 sum of its articles' unit vectors (the centroid is its
    direction); ``names`` counts the name keys of its articles (see
    ``storydiff.samestory.names``), capped to the most frequent; ``first_date`` and
    ``last_date`` are the days of its earliest and latest dated article (both None for a
    story of undated articles), what the store's time index is built on; ``last_seq`` is
    the store sequence number of its latest article. ``active`` stories are the recent
    ones (near the latest date seen), kept in memory while ingesting; any story, active or
    not, is a candidate for an article of its time window.
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
    of its articles' own dates (None when none is dated). ``groups`` counts its articles
    per group of the outlet table (``storydiff.outlets``), every group in the table's
    order; empty when no outlet table was imported."""

    id: str
    title: str | None
    size: int
    outlets: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    active: bool
    groups: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Blindspot:
    """A story covered mostly by one group: ``group`` wrote ``share`` of its grouped
    articles (see ``blindspot_stories``)."""

    story: StoryInfo
    group: str
    share: float


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

    def story_state(self, story_id: str) -> StoryState | None:
        """One story's state as stored; None for an unknown id (redirects not followed)."""
        ...

    def stories_near(self, day: str, *, reach: int, span: int, limit: int) -> list[str]:
        """Ids of the dated stories within ``reach`` days of ``day`` (an ISO date) whose
        whole span lies within ``span`` days of it (``span=0``: no bound).

        This is the store's time index: what arrived before does not matter, only the
        stories' own dates. At most ``limit``, the nearest to ``day`` first, then by id.
        """
        ...

    def undated_stories(self, *, limit: int) -> list[str]:
        """Ids of the stories without a dated article, at most ``limit``, the most recently
        extended first."""
        ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def count_articles(self) -> int: ...

    def article(self, article_id: str) -> Article | None: ...

    def story(self, story_id: str) -> StoryInfo | None: ...

    def count_stories(self, *, min_size: int = 1, where: Mapping[str, str] | None = None) -> int:
        """How many stories ``stories`` would list without a limit (a list's page count)."""
        ...

    def stories(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        min_size: int = 1,
        where: Mapping[str, str] | None = None,
    ) -> list[StoryInfo]:
        """Stories, largest first; with ``where``, only those with an article whose
        metadata has every ``key: value`` (values compared as text, see ``metadata_text``)."""
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

    def put_outlets(self, outlets: Sequence[Outlet]) -> None:
        """Insert or replace outlets by their name key (a write)."""
        ...

    def outlets(self) -> list[Outlet]:
        """The outlet table in the order it was first imported."""
        ...

    def outlet_index(self) -> OutletIndex:
        """The outlet table, ready to match articles (``OutletIndex.match``)."""
        ...

    def outlet_of(self, article: Article) -> Outlet | None:
        """The outlet of ``article`` in the outlet table: by its URL's domain, else its
        outlet name; None when the table has no such outlet."""
        ...

    def bylines(self, *, min_size: int = 1) -> Iterator[Byline]:
        """The outlet name and URL of every article of the stories of ``min_size`` or more
        articles, story by story."""
        ...

    def close(self) -> None: ...


def matching_stories(
    store: Store, query: str, *, articles: int = 200, where: Mapping[str, str] | None = None
) -> list[StoryInfo]:
    """The stories of the ``articles`` best full-text matches of ``query``, best first,
    each once; with ``where``, only matches whose metadata has every ``key: value``."""
    found = store.search(query, limit=articles)
    if where:
        found = [a for a in found if matching_metadata(a, where)]
    ids = dict.fromkeys(sid for a in found if (sid := store.story_of(a.id)))
    return [info for sid in ids if (info := store.story(sid)) is not None]


def matching_metadata(article: Article, where: Mapping[str, str]) -> bool:
    """Whether ``article``'s metadata has every ``key: value`` of ``where``, as text."""
    return all(
        key in article.metadata and metadata_text(article.metadata[key]) == value
        for key, value in where.items()
    )


def metadata_text(value: object) -> str:
    """A metadata value as ``--where`` compares it: text as is, anything else as JSON
    (``true``, ``3``, ``["a","b"]``), the way SQLite's JSON functions write it."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def blindspot_stories(
    store: Store, *, share: float, min_articles: int, limit: int = 50
) -> list[Blindspot]:
    """Stories covered mostly by one group, most grouped articles first.

    "Mostly": at least ``share`` of the story's articles that have a group come from one
    group, and at least ``min_articles`` of them have a group (one article from one side is
    not a blindspot, it is a small story). Empty without an outlet table.
    """
    index = store.outlet_index()
    if not index.groups:
        return []
    per_story: dict[str, list[Byline]] = {}
    for line in store.bylines(min_size=min_articles):
        per_story.setdefault(line.story_id, []).append(line)
    found: list[tuple[int, str, str, float]] = []
    for story_id, lines in per_story.items():
        groups = index.groups_of(lines)
        group = blindspot_group(groups, share=share, min_articles=min_articles)
        if group is not None:
            total = sum(groups.values())
            found.append((total, story_id, group, groups[group] / total))
    found.sort(key=lambda t: (-t[0], t[1]))
    return [
        Blindspot(story=info, group=group, share=part)
        for _, story_id, group, part in found[:limit]
        if (info := store.story(story_id)) is not None
    ]


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
        day = parse_iso_date(articles[i].date)
        return (day is None, day.isoformat() if day else "", i)

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
