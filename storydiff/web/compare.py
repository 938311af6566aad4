"""The comparison form and its API: ``GET /``, ``POST /compare``, ``POST /api/compare``.

``POST /compare`` takes the form (pasted texts, uploaded files, URLs) and answers the HTML
report; ``POST /api/compare`` takes JSON and answers exactly what ``--format json`` prints
(the same ``render`` call). Both run on the service's workers (``ComparisonService.run``);
an API request of texts compared before is answered from the cache without a worker.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from storydiff.errors import InputError
from storydiff.records import Article
from storydiff.render.html import asset
from storydiff.web.pages import html_response, render_page
from storydiff.web.security import refuse_cross_site
from storydiff.web.service import ComparisonService, get_service

UPLOAD_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".json", ".jsonl")

Service = Annotated[ComparisonService, Depends(get_service)]
router = APIRouter()


class ArticleIn(BaseModel):
    """One article for ``/api/compare``: its ``text``, or a ``url`` to fetch it from."""

    text: str | None = Field(default=None, description="the article text (plain text)")
    url: str | None = Field(default=None, description="an http(s) URL to fetch instead")
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    lang: str | None = Field(default=None, description="ISO 639-1 code; detected if absent")


class CompareRequest(BaseModel):
    """The body of ``/api/compare``: 2..``max_articles`` articles about one event."""

    articles: list[ArticleIn]


@dataclass(frozen=True, kw_only=True)
class Box:
    """One article box of the form, as the user filled it in."""

    outlet: str = ""
    text: str = ""


EMPTY_FORM = (Box(), Box())


def form_page(
    service: ComparisonService,
    *,
    boxes: Sequence[Box] = EMPTY_FORM,
    urls: str = "",
    error: str = "",
    uploads: bool = False,
) -> str:
    """The form, empty or as it was sent with ``error`` above it (its values escaped)."""
    return render_page(
        "form.html",
        title="storydiff" if not error else "storydiff: could not compare",
        scripts=[asset("form.js")],
        form_action="'self'",
        limits=service.limits,
        allow_private_urls=service.allow_private_urls,
        has_store=service.has_store,
        boxes=list(boxes) + [Box()] * (2 - len(boxes)),
        urls=urls,
        error=error,
        uploads=uploads,
    )


@router.get("/", response_class=HTMLResponse, summary="The comparison form")
async def index(service: Service) -> HTMLResponse:
    return html_response(form_page(service))


_FORM_SCHEMA: dict[str, Any] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "text": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "pasted article texts (empty ones are ignored)",
                    },
                    "outlet": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "outlet name of the text at the same position",
                    },
                    "file": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": "article files: .txt, .html, .json, .jsonl",
                    },
                    "urls": {"type": "string", "description": "URLs to fetch, one per line"},
                },
            }
        }
    },
}


@router.post(
    "/compare",
    response_class=HTMLResponse,
    summary="Compare articles from a form; returns the HTML report",
    openapi_extra={"requestBody": _FORM_SCHEMA},
    dependencies=[Depends(refuse_cross_site)],
)
async def compare_form(request: Request, service: Service) -> HTMLResponse:
    most = service.limits.max_articles
    form = await request.form(
        max_files=most + 1, max_fields=4 * most + 10, max_part_size=service.limits.max_bytes
    )
    texts = form.getlist("text")
    outlets = form.getlist("outlet")
    pasted = [
        (t, str(outlets[i]) if i < len(outlets) else "")
        for i, t in enumerate(texts)
        if isinstance(t, str) and t.strip()
    ]
    uploads = [
        (f.filename or f"upload {i + 1}", await f.read())
        for i, f in enumerate(form.getlist("file"))
        if isinstance(f, UploadFile) and (f.filename or f.size)
    ]
    raw_urls = form.get("urls")
    urls = [u.strip() for u in str(raw_urls or "").splitlines() if u.strip()]
    try:
        service.check_count(len(pasted) + len(uploads) + len(urls))
        report = await service.report(lambda: _gather(service, pasted, uploads, urls), "html")
    except HTTPException as err:
        if not pasted or "text/html" not in request.headers.get("accept", ""):
            raise
        return _form_again(service, err, pasted, urls, uploads=bool(uploads))
    return html_response(report)


def _form_again(
    service: ComparisonService,
    err: HTTPException,
    pasted: Sequence[tuple[str, str]],
    urls: Sequence[str],
    *,
    uploads: bool,
) -> HTMLResponse:
    """The form as it was sent, with ``err`` above it: pasted articles are costly to lose."""
    boxes = [Box(outlet=outlet, text=text) for text, outlet in pasted]
    page = form_page(
        service, boxes=boxes, urls="\n".join(urls), error=str(err.detail), uploads=uploads
    )
    response = html_response(page, err.status_code)
    response.headers.update(err.headers or {})
    return response


@router.post(
    "/api/compare",
    summary="Compare articles; returns the JSON that `storydiff compare -f json` prints",
    responses={200: {"content": {"application/json": {}}}},
    dependencies=[Depends(refuse_cross_site)],
)
async def compare_api(body: CompareRequest, service: Service) -> Response:
    service.check_count(len(body.articles))
    read = functools.partial(_from_api, service, body.articles)
    if any(item.url is not None for item in body.articles):
        report = await service.report(read, "json")  # fetching waits for a worker too
    else:
        report = await service.text_report(read, "json")
    return Response(report, media_type="application/json")


def _gather(
    service: ComparisonService,
    pasted: Sequence[tuple[str, str]],
    uploads: Sequence[tuple[str, bytes]],
    urls: Sequence[str],
) -> list[Article]:
    from storydiff.fetch import articles_from_bytes
    from storydiff.ingest import article_from_text

    articles: list[Article] = []
    for n, (text, outlet) in enumerate(pasted, 1):
        try:
            articles.append(article_from_text(text, source=f"text {n}", outlet=outlet or None))
        except InputError as err:
            raise InputError(f"text {n}: {err}") from None
    for name, data in uploads:
        # Only the base name, and only a known extension, reaches the temporary file.
        base = PurePath(name.replace("\\", "/")).name or "upload"
        suffix = PurePath(base).suffix.lower()
        read = articles_from_bytes(
            data,
            name="upload" + (suffix if suffix in UPLOAD_SUFFIXES else ""),
            source=base,
            settings=service.settings,
        )
        skipped = [p for p in read.problems if p.skipped]
        if skipped or not read.articles:
            why = skipped[0].message if skipped else "no article found"
            raise InputError(f"{base}: {why}")
        articles.extend(read.articles)
    articles.extend(service.fetch(url) for url in urls)
    service.check_count(len(articles))  # a JSON or JSONL upload may hold many
    return articles


def _from_api(service: ComparisonService, items: Sequence[ArticleIn]) -> list[Article]:
    from storydiff.ingest import article_from_text

    articles = []
    for n, item in enumerate(items, 1):
        if (item.text is None) == (item.url is None):
            raise InputError(f"article {n}: give either text or url")
        if item.url is not None:
            articles.append(service.fetch(item.url, outlet=item.outlet or ""))
            continue
        try:
            article = article_from_text(
                item.text or "",
                source=f"text {n}",
                title=item.title,
                outlet=item.outlet,
                date=item.date,
                lang=item.lang,
            )
        except InputError as err:
            raise InputError(f"article {n}: {err}") from None
        articles.append(article)
    return articles
