"""The corpus store: articles, their vectors and their stories (see ``_base.Store``).

``open_store(path)`` opens the default embedded backend, one SQLite file, or a PostgreSQL
database for a ``postgresql://`` URL. It lives here,
in the package's front door, because it is the one place that knows every backend: the
backends import the Protocol from ``_base``, never the other way round.
"""

from pathlib import Path

from storydiff.errors import InputError
from storydiff.store._base import (
    Blindspot,
    Store,
    StoryInfo,
    StoryState,
    blindspot_stories,
    matching_metadata,
    matching_stories,
    metadata_text,
    pick_articles,
)
from storydiff.store.postgres import PostgresStore, describe_url, is_postgres_url
from storydiff.store.sqlite import SQLiteStore


def open_store(path: str | Path, *, create: bool = True) -> Store:
    """Open (creating and migrating as needed) the store at ``path``.

    With ``create=False`` a missing file is an ``InputError`` instead of a new empty store
    (what commands that only read want: a mistyped path is not an empty corpus).
    A ``postgresql://`` URL opens the PostgreSQL backend (``storydiff[postgres]``), whose
    database must exist (its tables are created); any other path is a SQLite file.
    """
    if is_postgres_url(path):
        return PostgresStore(str(path))  # imports psycopg (the extra) only now
    if not create and not Path(path).is_file():
        raise InputError(
            f"no store at {path}: build one with 'storydiff ingest SOURCE --db {path}'"
        )
    return SQLiteStore(path)


def store_name(db: str | Path) -> str:
    """How messages name the store ``db``: a file's path, a server's URL without its
    credentials (a ``--db`` URL may carry a password; no output ever shows it)."""
    return describe_url(str(db)) if is_postgres_url(db) else str(db)


__all__ = [
    "Blindspot",
    "Store",
    "StoryInfo",
    "StoryState",
    "blindspot_stories",
    "is_postgres_url",
    "matching_metadata",
    "matching_stories",
    "metadata_text",
    "open_store",
    "pick_articles",
    "store_name",
]
