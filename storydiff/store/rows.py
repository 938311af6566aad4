"""How the SQL backends lay out a record in a row, both ways.

SQLite and PostgreSQL keep the same columns in the same order (vectors as float32 bytes,
JSON as text), so one set of encoders and decoders serves both, and a store copied from
one to the other reads back the same records.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from storydiff.records import Article, Outlet, Removal
from storydiff.store._base import StoryState

# ``Outlet``'s fields in the order of the outlets table's columns (``group`` is ``grp``
# there, ``group`` being an SQL keyword); ``extra`` is JSON.
OUTLET_FIELDS = ("key", "name", "domain", "country", "language", "group", "owner", "extra")
OUTLET_COLUMNS = "key, name, domain, country, language, grp, owner, extra"
STATE_COLUMNS = "id, title, size, vector_sum, names, first_date, last_date, last_seq, active"
STORY_COLUMNS = "id, title, size, first_date, last_date, active"
ARTICLE_COLUMNS = "id, title, text, outlet, date, lang, url, source, removed, source_id, metadata"
# What ``article_values`` gives, in this order.
ARTICLE_INSERT_COLUMNS = (
    "id, story_id, title, text, outlet, date, lang, url, source, removed, vector, source_id,"
    " metadata"
)


def vector_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored: float32 bytes, whatever its dtype in memory."""
    return np.asarray(vector, dtype=np.float32).tobytes()


def article_values(article: Article, *, vector: np.ndarray, story_id: str) -> tuple[Any, ...]:
    """An article's row, in the order of ``ARTICLE_INSERT_COLUMNS``."""
    return (
        article.id,
        story_id,
        article.title,
        article.text,
        article.outlet,
        article.date,
        article.lang,
        article.url,
        article.source,
        json.dumps([[r.kind, r.line, r.text] for r in article.removed]),
        vector_bytes(vector),
        article.source_id,
        json.dumps(article.metadata, ensure_ascii=False),
    )


def article_from_row(r: Sequence[Any]) -> Article:
    """The article of a row of ``ARTICLE_COLUMNS``."""
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
        source_id=r[9],
        metadata=json.loads(r[10]),
    )


def state_values(state: StoryState) -> tuple[Any, ...]:
    """A story state's row, in the order of ``STATE_COLUMNS``."""
    return (
        state.id,
        state.title,
        state.size,
        vector_bytes(state.vector_sum),
        json.dumps(state.names, sort_keys=True, ensure_ascii=False),
        state.first_date,
        state.last_date,
        state.last_seq,
        state.active,
    )


def state_from_row(r: Sequence[Any]) -> StoryState:
    """The story state of a row of ``STATE_COLUMNS``."""
    return StoryState(
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


def outlet_values(outlet: Outlet) -> tuple[Any, ...]:
    """An outlet's row, in the order of ``OUTLET_COLUMNS``."""
    return (
        *(getattr(outlet, name) for name in OUTLET_FIELDS[:-1]),
        json.dumps(outlet.extra, ensure_ascii=False),
    )


def outlet_from_row(r: Sequence[Any]) -> Outlet:
    """The outlet of a row of ``OUTLET_COLUMNS``."""
    return Outlet(**dict(zip(OUTLET_FIELDS, (*r[:-1], json.loads(r[-1])), strict=True)))
