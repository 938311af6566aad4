"""Downloads of what the story pages list: CSV, JSON and Parquet files to analyse.

- ``GET /download/stories.{csv,json,parquet}`` the stories of the list or of a search
  (``?q=``, ``?min_size=`` as on ``/stories``), every page of it (up to ``MOST_STORIES``),
  one row per story with the columns of ``/api/stories``.
- ``GET /download/stories/{id}.{csv,jsonl,parquet}`` a story's comparison as
  ``storydiff export`` writes it (``storydiff.export``: one row per article x fact), from
  the same cached comparison as its page (``web.cache``).

Lists are real lists in JSON and Parquet, JSON-encoded in a CSV cell. Parquet needs
``pyarrow`` (``storydiff[parquet]``): without it the links are absent and the routes 404.
CSV and Parquet come as attachments with a file name; JSON opens in the browser.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from storydiff.export import comparison_rows, write_rows
from storydiff.records import Article
from storydiff.store import matching_stories, pick_articles
from storydiff.web.security import SECURITY_HEADERS, refuse_cross_site
from storydiff.web.service import ComparisonService, get_service
from storydiff.web.stories import SEARCH_LIMIT, Corpus, StoryOut, get_corpus
from storydiff.web.tables import MEDIA_TYPES, list_formats, story_formats, table_bytes

MOST_STORIES = 10_000  # rows of one list download
STORY_COLUMNS = tuple(StoryOut.model_fields)


def _file(data: bytes, fmt: str, name: str) -> Response:
    headers = dict(SECURITY_HEADERS)
    if fmt != "json":
        headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return Response(data, media_type=MEDIA_TYPES[fmt], headers=headers)


def _check(fmt: str, known: Sequence[str]) -> None:
    if fmt not in known:
        raise HTTPException(404, f"no {fmt!r} download here (known: {', '.join(known)})")


CorpusDep = Annotated[Corpus, Depends(get_corpus)]
Service = Annotated[ComparisonService, Depends(get_service)]
_size_q = Query(2, ge=1, description="the fewest articles a story has")
_search_q = Query("", max_length=500, description="full-text search over the articles")


def _story_list(corpus: Corpus, min_size: int, query: str) -> list[dict[str, Any]]:
    with corpus.reading() as store:
        if query.strip():
            infos = matching_stories(store, query, articles=SEARCH_LIMIT)
            infos = [info for info in infos if info.size >= min_size][:MOST_STORIES]
        else:
            infos = store.stories(limit=MOST_STORIES, min_size=min_size)
    return [StoryOut.of(info).model_dump(mode="json") for info in infos]


def stories_download(
    fmt: str, corpus: CorpusDep, min_size: int = _size_q, q: str = _search_q
) -> Response:
    _check(fmt, list_formats())
    rows = _story_list(corpus, min_size, q)
    return _file(table_bytes(rows, STORY_COLUMNS, fmt), fmt, "stories")


def _export_bytes(rows: Iterable[dict[str, Any]], fmt: str) -> bytes:
    # export.write_rows writes a file; its bytes are the download.
    with tempfile.TemporaryDirectory(prefix="storydiff-") as tmp:
        path = Path(tmp) / f"rows.{fmt}"
        write_rows(rows, path, fmt)
        return path.read_bytes()


def _story_articles(
    corpus: Corpus, story_id: str, limit: int
) -> tuple[str, str | None, list[Article]]:
    with corpus.reading() as store:
        info = store.story(story_id)  # an old id or a prefix finds the story too
        if info is None:
            raise HTTPException(404, f"no story {story_id!r} in this store")
        articles = pick_articles(store.story_articles(info.id), limit)
    if len(articles) < 2:
        raise HTTPException(422, f"story {info.id} has one article: nothing to compare")
    return info.id, info.title, articles


async def story_download(story_id: str, fmt: str, corpus: CorpusDep, service: Service) -> Response:
    _check(fmt, story_formats())
    limit = service.limits.max_articles
    sid, title, articles = await run_in_threadpool(_story_articles, corpus, story_id, limit)
    comparison = await service.stored_comparison(articles)
    rows = comparison_rows(sid, title, comparison)
    data = await run_in_threadpool(functools.partial(_export_bytes, rows, fmt))
    return _file(data, fmt, f"story-{sid}")


def download_router() -> APIRouter:
    """The download routes (see the module docstring)."""
    router = APIRouter()
    router.add_api_route(
        "/download/stories.{fmt}",
        stories_download,
        summary="The stories of the list or a search, as CSV, JSON or Parquet",
    )
    router.add_api_route(
        "/download/stories/{story_id}.{fmt}",
        story_download,
        summary="A story's comparison, one row per article x fact, as `storydiff export`",
        dependencies=[Depends(refuse_cross_site)],  # it may run a comparison
    )
    return router
