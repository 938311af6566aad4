"""``create_app`` and ``serve``: the routers, the service and the guards put together."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from storydiff.errors import NotInstalled
from storydiff.settings import Settings
from storydiff.web.bookmarks import bookmark_router
from storydiff.web.compare import router as compare_router
from storydiff.web.downloads import download_router
from storydiff.web.limits import DEFAULT_LIMITS
from storydiff.web.outlets import blindspot_router
from storydiff.web.pages import error_response
from storydiff.web.security import BodyLimit, guard_hosts, loopback_hosts
from storydiff.web.service import ComparisonService, default_workers
from storydiff.web.stories import Corpus, include_story_routes

_DESCRIPTION = (
    "Compare how news outlets tell one story, claim by claim. `POST /api/compare` "
    "returns the `storydiff.comparison/2` JSON document (docs/json.md). With a corpus "
    "store (`storydiff serve --db PATH`), `GET /api/stories`, `/api/stories/{id}` and "
    "`/api/stories/{id}/compare` list, show and compare its stories."
)


def create_app(
    settings: Settings | None = None,
    *,
    allow_private_urls: bool = False,
    max_articles: int = DEFAULT_LIMITS.max_articles,
    max_bytes: int = DEFAULT_LIMITS.max_bytes,
    pipeline: Any = None,
    allowed_hosts: Sequence[str] | None = None,
    db: str | Path | None = None,
    workers: int | None = None,
    queue: int = DEFAULT_LIMITS.queue,
) -> FastAPI:
    """The storydiff web app.

    ``pipeline`` replaces the ``Pipeline(settings)`` built on the first comparison (tests
    pass one with light backends). ``allowed_hosts`` restricts the ``Host`` header, which
    stops DNS-rebinding pages from talking to a server on localhost (``serve`` sets it).
    ``db`` is a corpus store whose stories the app shows; it must exist (``InputError``
    otherwise: the app never creates one). ``workers`` comparisons run at once (default
    ``default_workers()``) and ``queue`` more may wait; past that, 503.
    """
    if importlib.util.find_spec("python_multipart") is None:
        raise NotInstalled("python-multipart", "web")
    from storydiff import __version__

    corpus = Corpus.check(db) if db is not None else None
    limits = replace(
        DEFAULT_LIMITS, max_articles=max_articles, max_bytes=max_bytes, queue=max(0, queue)
    )
    service = ComparisonService(
        settings=settings or Settings(),
        allow_private_urls=allow_private_urls,
        limits=limits,
        pipeline=pipeline,
        has_store=corpus is not None,
        workers=max(1, workers or default_workers()),
    )
    app = FastAPI(
        title="storydiff",
        version=__version__,
        description=_DESCRIPTION,
        docs_url=None,  # the interactive docs load scripts from a CDN; the page must not
        redoc_url=None,
    )
    app.state.storydiff = service
    app.add_middleware(BodyLimit, max_bytes=max_bytes, refuse=error_response)
    guard_hosts(app, allowed_hosts)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.include_router(compare_router)
    if corpus is not None:
        corpus = replace(corpus, on_close=service.trim_heap)
        include_story_routes(app, corpus, max_articles)
        app.include_router(blindspot_router())
        app.include_router(bookmark_router())
        app.include_router(download_router())
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)  # registered for it alone
    response = error_response(request.headers.get("accept", ""), exc.status_code, str(exc.detail))
    response.headers.update(exc.headers or {})
    return response


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    settings: Settings | None = None,
    allow_private_urls: bool = False,
    max_articles: int = DEFAULT_LIMITS.max_articles,
    max_bytes: int = DEFAULT_LIMITS.max_bytes,
    db: str | Path | None = None,
    workers: int | None = None,
    queue: int = DEFAULT_LIMITS.queue,
) -> None:
    """Run the web app with uvicorn until interrupted (``storydiff serve``).

    ``db``: a corpus store to browse; a missing file is an ``InputError`` before serving.
    ``workers`` and ``queue``: comparisons at once and waiting (see ``create_app``).
    """
    try:
        import uvicorn
    except ImportError:
        raise NotInstalled("uvicorn", "web") from None
    app = create_app(
        settings,
        allow_private_urls=allow_private_urls,
        max_articles=max_articles,
        max_bytes=max_bytes,
        allowed_hosts=loopback_hosts(host),
        db=db,
        workers=workers,
        queue=queue,
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


__all__ = ["create_app", "serve"]
