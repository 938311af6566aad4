"""Comparisons of stored articles by address: ``GET /compare?ids=a,b,c``.

A form's comparison is the answer to a POST: it cannot be bookmarked, shared or opened
again. With a corpus store the same comparison has an address that names its articles by
id (the ids a story page and ``/stories/{id}.json`` show), so a link to it opens the same
report for anyone with the store; the result is cached (``web.cache``), so opening it
again is fast. JSON twins: ``GET /compare.json?ids=`` and ``GET /api/compare?ids=``,
exactly what ``--format json`` prints. Added with the story routes (``create_app(db=...)``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from storydiff.records import Article
from storydiff.web.pages import html_response, with_nav
from storydiff.web.security import refuse_cross_site
from storydiff.web.service import ComparisonService, get_service
from storydiff.web.stories import Corpus, compare_links, get_corpus, story_href

_ids_q = Query(
    ...,
    max_length=4000,
    description="the ids of stored articles, comma-separated, in the order to show them",
)


def article_ids(ids: str) -> list[str]:
    """The ids of an ``ids`` parameter: comma-separated, blanks and repeats dropped."""
    return list(dict.fromkeys(part.strip() for part in ids.split(",") if part.strip()))


def _read(corpus: Corpus, ids: list[str]) -> tuple[list[Article], str | None]:
    """The stored articles of ``ids`` (404 for one not stored) and their story, if one."""
    with corpus.reading() as store:
        articles = []
        for article_id in ids:
            article = store.article(article_id)
            if article is None:
                raise HTTPException(404, f"no article {article_id[:80]!r} in this store")
            articles.append(article)
        stories = {store.story_of(a.id) for a in articles}
    story = stories.pop() if len(stories) == 1 else None
    return articles, story


async def _compared(
    ids: str, corpus: Corpus, service: ComparisonService, fmt: str
) -> tuple[str, list[Article], str | None]:
    wanted = article_ids(ids)
    service.check_count(len(wanted))
    articles, story = await run_in_threadpool(_read, corpus, wanted)
    return await service.stored_report(articles, fmt), articles, story


CorpusDep = Annotated[Corpus, Depends(get_corpus)]
Service = Annotated[ComparisonService, Depends(get_service)]


async def compare_page(corpus: CorpusDep, service: Service, ids: str = _ids_q) -> HTMLResponse:
    report, articles, story = await _compared(ids, corpus, service, "html")
    links = [("Compare other articles", "/")]
    if story:
        links.insert(0, ("← The story", story_href(story)))
    return html_response(with_nav(report, [*links, *compare_links(articles)[1:]]))


async def compare_json(corpus: CorpusDep, service: Service, ids: str = _ids_q) -> Response:
    report, _, _ = await _compared(ids, corpus, service, "json")
    return Response(report, media_type="application/json")


def bookmark_router() -> APIRouter:
    """The routes of the module docstring; the comparing ones refuse other sites' requests."""
    router = APIRouter(dependencies=[Depends(refuse_cross_site)])
    as_json: dict[int | str, dict[str, object]] = {200: {"content": {"application/json": {}}}}
    router.add_api_route(
        "/compare",
        compare_page,
        summary="The HTML report comparing stored articles by id (a link to keep)",
        response_class=HTMLResponse,
    )
    router.add_api_route(
        "/compare.json", compare_json, summary="/compare?ids= as JSON", responses=as_json
    )
    router.add_api_route(
        "/api/compare",
        compare_json,
        summary="Stored articles' comparison by id: the JSON `storydiff compare -f json` prints",
        responses=as_json,
    )
    return router


__all__ = ["article_ids", "bookmark_router"]
