"""Copy a SQLite store into another store: ``storydiff migrate SQLITE_PATH POSTGRES_URL``.

What a corpus outgrows is the file, not its stories: the copy keeps every article (with its
vector and story), every story's state, the merge redirects, the metadata and the outlet
table, so the target lists, searches and keeps ingesting exactly where the file stopped.

Idempotent: articles already in the target are skipped, the rest are upserts, so a copy
killed midway is finished by running it again. Articles go over in batches of one
transaction each, in their ingest order, which gives them the same sequence numbers in an
empty target; the stories, redirects, metadata and outlets follow in one last transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storydiff.errors import InputError
from storydiff.store._base import Store
from storydiff.store.sqlite import SQLiteStore


@dataclass(frozen=True, kw_only=True)
class Copied:
    """What ``copy_store`` wrote: articles new to the target, and those it already had."""

    articles: int
    skipped: int
    stories: int


def copy_store(
    source: str | Path,
    target: Store,
    *,
    batch: int = 500,
    progress: Callable[[int], None] | None = None,
) -> Copied:
    """Copy the SQLite store at ``source`` into ``target`` (see the module docstring).

    ``progress`` is called with the number of articles handled so far after each batch.
    """
    if not Path(source).is_file():
        raise InputError(f"no store at {source}")
    store = SQLiteStore(source)  # brings an older file to the current schema first
    # Read-only for what the Protocol does not list: every story, redirect and meta key.
    raw = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
    try:
        added = skipped = done = 0
        rows = raw.execute("SELECT id, story_id, vector FROM articles ORDER BY seq")
        while chunk := rows.fetchmany(batch):
            with target.transaction():
                for article_id, story_id, vector in chunk:
                    article = store.article(article_id)
                    if article is None or target.has_article(article_id):
                        skipped += 1
                        continue
                    vec = np.frombuffer(vector, dtype=np.float32)
                    target.add_article(article, vector=vec, story_id=story_id)
                    added += 1
            done += len(chunk)
            if progress is not None:
                progress(done)
        story_ids = [str(r[0]) for r in raw.execute("SELECT id FROM stories ORDER BY id")]
        with target.transaction():
            for story_id in story_ids:
                state = store.story_state(story_id)
                if state is not None:
                    target.put_story(state)
            for old, new in raw.execute("SELECT old, new FROM redirects ORDER BY old"):
                target.merge_story(str(old), str(new))
            for key, value in raw.execute("SELECT key, value FROM meta ORDER BY key"):
                target.set_meta(str(key), str(value))
            outlets = store.outlets()
            if outlets:
                target.put_outlets(outlets)
        return Copied(articles=added, skipped=skipped, stories=len(story_ids))
    finally:
        raw.close()
        store.close()
