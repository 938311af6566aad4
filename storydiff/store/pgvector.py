"""Nearest-story search in PostgreSQL: pgvector's HNSW index where the server has it.

The store's vectors stay ``bytea`` in every server (``store.postgres``): what pgvector adds
is a copy of each story's centroid in a ``vector`` column, ``stories.centroid``, under an
HNSW index for cosine distance, so that the stories nearest to a vector are found without
reading every story. A server without the extension answers the same question exactly,
by reading the story vectors (``nearest_exact``); with it the answer is approximate (HNSW
trades a little recall for speed), which is why story assignment never uses it: the
clusterer scores the stories of an article's days exactly, as with SQLite.

The column is not a numbered migration, since version n must mean the same schema on every
server: ``enable`` adds it, with the extension, on the first open of a store by a server
that offers ``vector`` (and a role allowed to create it), and fills it from the stories
already there. Its dimension is fixed, and the index built, when the first centroid is
written (the store does not know its embedder before). A story's centroid is its vector
sum made unit length; a zero sum has none (NULL), as cosine has no direction for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import psycopg

# Whether stories.centroid exists and its dimension (atttypmod, -1 while untyped), and
# whether the server could install the extension at all; one query on every open.
_PROBE = """
SELECT
    (SELECT atttypmod FROM pg_attribute
     WHERE attrelid = 'stories'::regclass AND attname = 'centroid' AND NOT attisdropped),
    EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector')
"""


def unit_text(vector: np.ndarray) -> str | None:
    """``vector`` made unit length, as pgvector's text form ``[x,y,...]``; None for zero."""
    v = np.asarray(vector, dtype=np.float64)
    norm = float(np.linalg.norm(v))
    if not norm or not np.isfinite(norm):
        return None
    # A float32's str is its shortest exact text, which pgvector reads back bit for bit.
    return "[" + ",".join(str(x) for x in (v / norm).astype(np.float32)) + "]"


def probe(db: psycopg.Connection[Any]) -> tuple[int | None, bool]:
    """``(dimension, available)``: the centroid column's dimension (0 while untyped, None
    when there is no column), and whether the server offers the ``vector`` extension."""
    row = db.execute(_PROBE).fetchone()
    if row is None:
        return None, False
    typmod, available = row
    dim = None if typmod is None else max(int(typmod), 0)
    return dim, bool(available)


def enable(db: psycopg.Connection[Any]) -> int | None:
    """The centroid column's dimension (0 while untyped) after adding it where the server
    can; None when it cannot (no extension, or no right to create it), which leaves the
    store as it was. Called inside a write transaction (the store's write lock held); the
    attempt is a savepoint of it, so a refusal does not end the transaction.
    """
    import psycopg

    dim, available = probe(db)
    if dim is not None or not available:
        return dim
    try:
        with db.transaction():  # a savepoint
            db.execute("CREATE EXTENSION IF NOT EXISTS vector")
            db.execute("ALTER TABLE stories ADD COLUMN centroid vector")
            rows = db.execute("SELECT id, vector_sum FROM stories ORDER BY id").fetchall()
            sized = 0
            for story_id, vector_sum in rows:
                vector = np.frombuffer(vector_sum, dtype=np.float32)
                sized = set_centroid(db, str(story_id), vector, sized)
            return sized
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.UndefinedObject):
        # A role that may not create extensions, or ``vector`` installed in a schema
        # outside this search_path: the plain path, as on a server without it.
        return None


def type_column(db: psycopg.Connection[Any], dim: int) -> int:
    """Fix the centroid column's dimension and build its HNSW index (inside the caller's
    write transaction); ``dim``."""
    current, _ = probe(db)
    if not current:
        db.execute(f"ALTER TABLE stories ALTER COLUMN centroid TYPE vector({int(dim)})")
        db.execute(
            "CREATE INDEX IF NOT EXISTS stories_centroid ON stories"
            " USING hnsw (centroid vector_cosine_ops)"
        )
    return int(dim)


def set_centroid(
    db: psycopg.Connection[Any], story_id: str, vector_sum: np.ndarray, dim: int
) -> int:
    """Write a story's centroid (inside the caller's write transaction); the column's
    dimension, fixed now if it was not yet."""
    if not dim:
        dim = type_column(db, len(vector_sum))
    db.execute(
        "UPDATE stories SET centroid = %s::vector WHERE id = %s",
        (unit_text(vector_sum), story_id),
    )
    return dim


def nearest_indexed(
    db: psycopg.Connection[Any], vector: np.ndarray, limit: int
) -> list[tuple[str, float]]:
    """The ``limit`` stories nearest to ``vector`` by the HNSW index: ``(id, cosine)``."""
    query = unit_text(vector)
    if query is None:
        return []
    rows = db.execute(
        "SELECT id, 1 - (centroid <=> %s::vector) AS cos FROM stories"
        " WHERE centroid IS NOT NULL ORDER BY centroid <=> %s::vector, id LIMIT %s",
        (query, query, limit),
    ).fetchall()
    return [(str(r[0]), float(r[1])) for r in rows]


def nearest_exact(
    rows: Sequence[tuple[str, bytes]], vector: np.ndarray, limit: int
) -> list[tuple[str, float]]:
    """The ``limit`` stories nearest to ``vector`` among ``(id, vector_sum)`` rows, exactly:
    ``(id, cosine)``, the nearest first, ties by id."""
    v = np.asarray(vector, dtype=np.float64)
    norm = float(np.linalg.norm(v))
    if not norm or not rows:
        return []
    scored = []
    for story_id, vector_sum in rows:
        s = np.frombuffer(vector_sum, dtype=np.float32).astype(np.float64)
        s_norm = float(np.linalg.norm(s))
        if s_norm:
            scored.append((-float(s @ v) / (s_norm * norm), story_id))
    scored.sort()
    return [(story_id, -neg) for neg, story_id in scored[:limit]]
