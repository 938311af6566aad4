"""``storydiff serve``: a local web app to compare articles (needs ``storydiff[web]``).

Routes: ``GET /`` a form (paste texts, upload files or list URLs); ``POST /compare`` the
HTML report; ``POST /api/compare`` its JSON twin, exactly what ``--format json`` prints
(the same ``render`` call); ``GET /openapi.json`` the API description. The models are
loaded once per app, on the first comparison, and shared by all requests.

Comparisons run at the same time, ``workers`` at once in a pool of their own threads (the
pipeline holds no per-call state; the embedding cache locks what it shares and calls a
model not marked thread-safe one batch at a time). Up to ``queue`` more wait their turn;
past that a comparison is refused at once with 503 and ``Retry-After``, so a burst cannot
pile up unbounded work or memory. Story pages and the form never wait behind comparisons:
they run in the server's own thread pool.

With a corpus store (``serve --db PATH``, ``create_app(db=...)``) the app also lets you
browse its stories (``storydiff.web_stories``): ``GET /stories`` (``?page=``,
``?min_size=``, ``?q=`` full-text search), ``GET /stories/{id}`` and
``GET /stories/{id}/compare``, with JSON twins ``GET /api/stories``,
``GET /api/stories/{id}`` and ``GET /api/stories/{id}/compare`` (the ``--format json``
document). Without a store these answer 404.

Limits: the request body (``max_bytes``, checked on the declared length and again while
reading) and the number of articles (2..``max_articles``); each breach is a 4xx response
with one clear line, JSON (``{"detail": ...}``) unless the client asked for HTML. URLs are
fetched with ``storydiff.fetch``, which refuses local and private addresses unless
``allow_private_urls``. Article text only ever reaches a page through the escaping HTML
renderer.

Cross-site requests: the routes that run a comparison refuse (403) a request that a page
of another site made (``refuse_cross_site``): ``Sec-Fetch-Site: cross-site``, or an
``Origin`` (else ``Referer``) naming another host than ``Host``. Requests with neither
header, as curl and scripts send them, are allowed.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import importlib.util
import os
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, TypeVar
from urllib.parse import urlsplit

from storydiff.errors import InputError, NotInstalled, StorydiffError
from storydiff.records import Article, Comparison
from storydiff.render._bidi import escape_html as escape
from storydiff.settings import Settings

try:
    from fastapi import Depends, FastAPI, HTTPException, Request
    from fastapi.responses import HTMLResponse, JSONResponse, Response
    from pydantic import BaseModel, Field
    from starlette.datastructures import UploadFile
    from starlette.exceptions import HTTPException as StarletteHTTPException
except ImportError as err:  # one place for the optional import, one message
    raise NotInstalled(err.name or "fastapi", "web") from None

MAX_ARTICLES = 20
MAX_BYTES = 2_000_000
FETCH_TIMEOUT = 10.0
# Comparisons waiting for a worker before new ones are refused with 503.
QUEUE = 16
RETRY_AFTER_S = 5
_UPLOAD_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".json", ".jsonl")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
T = TypeVar("T")


def default_workers() -> int:
    """Comparisons run at once: one per core, at most 4 (each holds its sentences' vectors)."""
    return max(1, min(4, os.cpu_count() or 1))


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


@dataclass(kw_only=True)
class _Service:
    """The app's state: settings, limits, the one pipeline (loaded on first use) and the
    comparison workers with their bounded queue (see the module docstring)."""

    settings: Settings
    allow_private_urls: bool
    max_articles: int
    max_bytes: int
    pipeline: Any = None
    has_store: bool = False
    workers: int = field(default_factory=default_workers)
    queue: int = QUEUE
    admitted: int = 0  # comparisons running or waiting
    _load_lock: threading.Lock = field(default_factory=threading.Lock)
    _admit_lock: threading.Lock = field(default_factory=threading.Lock)
    _pool: ThreadPoolExecutor | None = None
    _last_trim: float = 0.0

    def compare(self, articles: Sequence[Article]) -> Comparison:
        """Compare in the calling thread (a worker of ``run``); models load once."""
        if self.pipeline is None:
            with self._load_lock:  # two first requests must not load the models twice
                if self.pipeline is None:
                    from storydiff.compare import Pipeline

                    self.pipeline = Pipeline(self.settings)
        result: Comparison = self.pipeline.compare(articles)
        return result

    async def run(self, work: Callable[[], T]) -> T:
        """Run ``work`` (a comparison) on a worker; 503 with Retry-After when the queue is full."""
        with self._admit_lock:
            if self.admitted >= self.workers + self.queue:
                raise HTTPException(
                    503,
                    f"busy: {self.admitted} comparisons are running or waiting; "
                    f"try again in {RETRY_AFTER_S} seconds",
                    headers={"Retry-After": str(RETRY_AFTER_S)},
                )
            self.admitted += 1
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="compare")
            pool = self._pool
        try:
            future = pool.submit(_trimmed, work)
        except BaseException:
            self._release()
            raise
        # Released when the work ends, not when the request does: a client that hangs up
        # does not free a worker that is still busy with its comparison.
        future.add_done_callback(self._release)
        return await asyncio.wrap_future(future)

    def trim_heap(self, every: float = 1.0) -> None:
        """Hand freed heap pages back to the system, at most once per ``every`` seconds.

        For the story pages: each reads the store in a server thread and frees ~20 MB of
        SQLite pages and rows that glibc would otherwise keep (a trim takes 15-90 ms).
        """
        now = time.monotonic()
        if now - self._last_trim < every:
            return
        self._last_trim = now
        trim = _malloc_trim()
        if trim is not None:
            trim(0)

    def _release(self, _done: Future[Any] | None = None) -> None:
        with self._admit_lock:
            self.admitted -= 1

    def check_count(self, n: int) -> None:
        if n < 2:
            got = "none" if n == 0 else "only one"
            raise HTTPException(422, f"give at least two articles to compare (got {got})")
        if n > self.max_articles:
            raise HTTPException(
                422, f"too many articles: {n} given, at most {self.max_articles} per comparison"
            )

    def fetch(self, url: str, outlet: str = "") -> Article:
        from storydiff.fetch import fetch_url

        return fetch_url(
            url,
            allow_private=self.allow_private_urls,
            timeout=FETCH_TIMEOUT,
            max_bytes=self.max_bytes,
            outlet=outlet,
        )


def _trimmed(work: Callable[[], T]) -> T:
    """``work``, then the heap's free pages handed back to the system.

    A comparison of 20 articles allocates and frees tens of MB in a worker thread; glibc
    keeps freed pages in the thread's arena, so a long-running server's memory would grow
    to the sum of its peaks. ``malloc_trim`` returns them (about 16 MB after four such
    comparisons; a few ms). Elsewhere than glibc this does nothing.
    """
    try:
        return work()
    finally:
        trim = _malloc_trim()
        if trim is not None:
            trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
        return trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def create_app(
    settings: Settings | None = None,
    *,
    allow_private_urls: bool = False,
    max_articles: int = MAX_ARTICLES,
    max_bytes: int = MAX_BYTES,
    pipeline: Any = None,
    allowed_hosts: Sequence[str] | None = None,
    db: str | Path | None = None,
    workers: int | None = None,
    queue: int = QUEUE,
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

    corpus = None
    if db is not None:
        from storydiff.web_stories import Corpus

        corpus = Corpus.check(db)
    service = _Service(
        settings=settings or Settings(),
        allow_private_urls=allow_private_urls,
        max_articles=max_articles,
        max_bytes=max_bytes,
        pipeline=pipeline,
        has_store=corpus is not None,
        workers=max(1, workers or default_workers()),
        queue=max(0, queue),
    )
    app = FastAPI(
        title="storydiff",
        version=__version__,
        description=(
            "Compare how news outlets tell one story, claim by claim. `POST /api/compare` "
            "returns the `storydiff.comparison/2` JSON document (docs/json.md). With a corpus "
            "store (`storydiff serve --db PATH`), `GET /api/stories`, `/api/stories/{id}` and "
            "`/api/stories/{id}/compare` list, show and compare its stories."
        ),
        docs_url=None,  # the interactive docs load scripts from a CDN; the page must not
        redoc_url=None,
    )
    app.state.storydiff = service
    app.add_middleware(_BodyLimit, max_bytes=max_bytes)
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = error_response(
            request.headers.get("accept", ""), exc.status_code, str(exc.detail)
        )
        response.headers.update(exc.headers or {})
        return response

    @app.get("/", response_class=HTMLResponse, summary="The comparison form")
    def index() -> HTMLResponse:
        return _html(_form_page(service))

    @app.post(
        "/compare",
        response_class=HTMLResponse,
        summary="Compare articles from a form; returns the HTML report",
        openapi_extra={"requestBody": _FORM_SCHEMA},
        dependencies=[Depends(refuse_cross_site)],
    )
    async def compare_form(request: Request) -> HTMLResponse:
        form = await request.form(
            max_files=max_articles + 1,
            max_fields=4 * max_articles + 10,
            max_part_size=max_bytes,
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
        service.check_count(len(pasted) + len(uploads) + len(urls))

        def work() -> str:
            from storydiff.render import render

            articles = _gather(service, pasted, uploads, urls)
            return render(service.compare(articles), "html")

        return _html(await service.run(lambda: _guarded(work)))

    @app.post(
        "/api/compare",
        summary="Compare articles; returns the JSON that `storydiff compare -f json` prints",
        responses={200: {"content": {"application/json": {}}}},
        dependencies=[Depends(refuse_cross_site)],
    )
    async def compare_api(body: CompareRequest) -> Response:
        from storydiff.render import render

        service.check_count(len(body.articles))

        def work() -> str:
            return render(service.compare(_from_api(service, body.articles)), "json") + "\n"

        return Response(await service.run(lambda: _guarded(work)), media_type="application/json")

    if corpus is not None:
        from storydiff.web_stories import add_story_routes

        add_story_routes(app, service, corpus)
    return app


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    settings: Settings | None = None,
    allow_private_urls: bool = False,
    max_articles: int = MAX_ARTICLES,
    max_bytes: int = MAX_BYTES,
    db: str | Path | None = None,
    workers: int | None = None,
    queue: int = QUEUE,
) -> None:
    """Run the web app with uvicorn until interrupted (``storydiff serve``).

    ``db``: a corpus store to browse; a missing file is an ``InputError`` before serving.
    ``workers`` and ``queue``: comparisons at once and waiting (see ``create_app``).
    """
    try:
        import uvicorn
    except ImportError:
        raise NotInstalled("uvicorn", "web") from None
    loopback = host in ("127.0.0.1", "localhost", "::1")
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else None
    app = create_app(
        settings,
        allow_private_urls=allow_private_urls,
        max_articles=max_articles,
        max_bytes=max_bytes,
        allowed_hosts=hosts,
        db=db,
        workers=workers,
        queue=queue,
    )
    uvicorn.run(app, host=host, port=port, log_level="info")


# --- cross-site requests ---------------------------------------------------------------------


def cross_site_refusal(headers: Mapping[str, str]) -> str | None:
    """Why a request looks made by another site's page (a CSRF attempt); None if it does not.

    ``headers`` are lower-case names, as Starlette gives them. Browsers set
    ``Sec-Fetch-Site`` and ``Origin`` themselves and no page can forge them; curl and
    scripts send neither, and pass. ``Origin: null`` is what a browser sends for a form
    post from a page with ``Referrer-Policy: no-referrer`` (ours included), so it passes
    only when the browser also says ``Sec-Fetch-Site: same-origin``.
    """
    site = headers.get("sec-fetch-site", "").strip().lower()
    if site == "cross-site":
        return "refused a cross-site request (Sec-Fetch-Site: cross-site)"
    host = headers.get("host", "")
    origin = headers.get("origin")
    referer = headers.get("referer")
    if origin is not None and origin.strip().lower() == "null":
        if site == "same-origin":
            return None
        return "refused a request from a hidden origin (Origin: null) not marked same-origin"
    if origin is None and not referer:
        if site in ("", "same-origin", "none"):
            return None
        return f"refused a request from another site (Sec-Fetch-Site: {site[:40]})"
    name, claimed = ("Origin", origin) if origin is not None else ("Referer", referer or "")
    if not _same_host(claimed, host):
        return (
            f"refused a cross-site request: its {name} {claimed[:100]!r} is not this "
            f"server ({host[:100]})"
        )
    return None


def _same_host(url: str, host: str) -> bool:
    """Whether ``url`` (an Origin or Referer) names ``host`` (a Host header), port included."""
    default = {"http": 80, "https": 443}
    try:
        theirs = urlsplit(url.strip())
        ours = urlsplit("//" + host.strip())
        scheme = theirs.scheme.lower()
        their_port = theirs.port or default.get(scheme)
        our_port = ours.port or default.get(scheme)
    except ValueError:  # a malformed port
        return False
    return bool(theirs.hostname) and (theirs.hostname, their_port) == (ours.hostname, our_port)


def refuse_cross_site(request: Request) -> None:
    """A route dependency: 403 with one line when ``cross_site_refusal`` finds a reason."""
    reason = cross_site_refusal(request.headers)
    if reason:
        raise HTTPException(403, reason)


# --- inputs ----------------------------------------------------------------------------------


def _guarded(work: Callable[[], str]) -> str:
    """Run ``work``; a problem with the input becomes a 400 with its one-line message."""
    try:
        return work()
    except StorydiffError as err:
        raise HTTPException(400, str(err)) from None


def _gather(
    service: _Service,
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
            name="upload" + (suffix if suffix in _UPLOAD_SUFFIXES else ""),
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


def _from_api(service: _Service, items: Sequence[ArticleIn]) -> list[Article]:
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


# --- responses -------------------------------------------------------------------------------


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=_SECURITY_HEADERS)


_SECURITY_HEADERS = {
    # The pages carry their own strict policy in a meta tag; this adds what a meta tag
    # cannot say (no framing) without loosening it.
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def error_response(accept: str, status: int, message: str) -> Response:
    """A 4xx/5xx answer: ``{"detail": message}``, or a small page when HTML was asked for."""
    if "text/html" in accept:
        from storydiff.render.html import page

        heading = {403: "Refused", 404: "Not found"}.get(status, "Could not compare")
        body = (
            f'<main><h1>{heading}</h1><p class="warn" role="alert">'
            f'{escape(message)}</p><p><a href="/">Back to the form</a></p></main>'
        )
        return _html(page(title="storydiff: error", body=body), status)
    return JSONResponse({"detail": message}, status_code=status, headers=_SECURITY_HEADERS)


class _BodyLimit:
    """Refuses request bodies over ``max_bytes``: by Content-Length, and while reading."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        return f"request too large: the limit is {self.max_bytes:,} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            response = error_response(headers.get("accept", ""), 413, self._message())
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Raised inside the route's body read; the app's handler answers it.
                    raise HTTPException(413, self._message())
            return message

        await self.app(scope, limited, send)


def _form_page(service: _Service) -> str:
    from storydiff.render.html import asset, page

    boxes = "".join(
        f"<fieldset><legend>Article {n}</legend>"
        f'<label for="outlet-{n}">Outlet (optional)</label>'
        f'<input type="text" name="outlet" id="outlet-{n}" autocomplete="off">'
        f'<label for="text-{n}">Text: paste the headline on the first line, then the body</label>'
        f'<textarea name="text" id="text-{n}"></textarea></fieldset>'
        for n in (1, 2)
    )
    private = (
        "URLs on this machine or a private network are allowed."
        if service.allow_private_urls
        else "URLs on this machine or a private network are refused."
    )
    stories = (
        '<nav class="toc"><a href="/stories">Browse the stories of the corpus store</a></nav>'
        if service.has_store
        else ""
    )
    body = f"""<header class="top">{stories}<h1>storydiff: compare how outlets tell one story</h1>
<p>Give 2 to {service.max_articles} articles about one event, in any mix of pasted text,
uploaded files and URLs. You get the articles side by side with the facts they share, what each
leaves out, where they conflict, and the evidence for each finding.</p></header>
<main><form class="compare" method="post" action="/compare" enctype="multipart/form-data">
<div id="article-boxes" data-max="{service.max_articles}">{boxes}</div>
<button type="button" id="add-article" hidden>Add another article</button>
<fieldset><legend>Upload files</legend>
<label for="file">.txt, .html, .json or .jsonl files (one article each; JSON lists allowed)</label>
<input type="file" name="file" id="file" multiple
 accept=".txt,.text,.md,.html,.htm,.xhtml,.json,.jsonl,text/plain,text/html,application/json">
</fieldset>
<fieldset><legend>Fetch URLs</legend>
<label for="urls">One URL per line</label>
<textarea name="urls" id="urls" placeholder="https://example.org/news/article"></textarea>
<p class="muted">{private}</p></fieldset>
<button type="submit">Compare</button>
<p class="muted">Limits: {service.max_articles} articles and {service.max_bytes:,} bytes per
request. Comparing takes a few seconds per article. The same comparison as JSON:
<code>POST /api/compare</code> (described in <a href="/openapi.json">/openapi.json</a>).</p>
</form></main>"""
    return page(
        title="storydiff",
        body=body,
        scripts=[asset("form.js")],
        form_action="'self'",
    )


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
