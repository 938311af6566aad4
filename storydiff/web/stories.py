"""The story pages of ``storydiff serve --db PATH``: browse and compare a corpus store.

``create_app(db=...)`` adds this router; without a store its routes do not exist (404).
Each page is one view (a route dependency that reads the store) shown two ways: as HTML,
and as JSON at the same path plus ``.json`` (datasette's pattern) and under ``/api``.

- ``GET /stories`` the stories, largest first, ``?page=`` (50 a page, "page N of M"),
  ``?min_size=`` (default 2) and ``?q=`` (full-text search over the articles: the stories
  of the matching articles, best match first; smaller ones counted, one-article matches
  apart, a link away). JSON: ``/stories.json``, ``/api/stories``.
- ``GET /stories/{id}`` one story: its articles (outlet, date, title, link, the first
  ~200 characters) and a "Compare these articles" link. JSON: ``/stories/{id}.json``,
  ``/api/stories/{id}``.
- ``GET /stories/{id}/compare`` the HTML report of the story's articles; JSON
  ``/stories/{id}/compare.json``, ``/api/stories/{id}/compare``, exactly what
  ``--format json`` prints. A story larger than ``max_articles`` is compared on a subset
  (``storydiff.store.pick_articles``), named on its page. The page links back to the
  story and to its lasting address by article ids (``web.bookmarks``); the comparison is
  cached (``web.cache``).

A merged story's old id, or a unique prefix of an id, answers with a redirect to the current
id, in the same form. The store is opened per request, in the thread that serves it, and
closed after it: SQLite connections are never shared between threads, and WAL lets these
reads run while ``storydiff ingest`` writes to the same file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from storydiff.errors import StorydiffError
from storydiff.outlets import OutletIndex
from storydiff.records import Article
from storydiff.store import (
    Store,
    StoryInfo,
    is_postgres_url,
    matching_stories,
    open_store,
    pick_articles,
)
from storydiff.store.sqlite import describe_error
from storydiff.web.pages import (
    error_response,
    html_response,
    json_response,
    render_page,
    with_nav,
)
from storydiff.web.security import refuse_cross_site
from storydiff.web.service import ComparisonService, get_service
from storydiff.web.tables import download_href, list_formats, story_formats

PAGE_SIZE = 50
SEARCH_LIMIT = 200  # matching articles looked at for one search
EXCERPT_CHARS = 200
SHOWN_OUTLETS = 8  # per row of the story list


# --- the store -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Corpus:
    """Where the store is; each request opens its own connection (see the module docstring)."""

    path: Path | str  # a file, or a PostgreSQL URL
    # Called after each request's connection is closed (the app trims the heap).
    on_close: Callable[[], None] | None = None

    @classmethod
    def check(cls, db: str | Path) -> Corpus:
        """The store at ``db``, opened once to check it; a missing file is an error.

        The app must not create an empty store where the user mistyped a path.
        """
        # An unreadable or too new file fails now, not per request.
        open_store(db, create=False).close()
        return cls(path=str(db) if is_postgres_url(db) else Path(db))

    @contextmanager
    def reading(self) -> Iterator[Store]:
        if isinstance(self.path, Path) and not self.path.is_file():  # opening would create one
            raise HTTPException(503, f"the store {self.path} is gone")
        try:
            store = open_store(self.path)
        except StorydiffError as err:
            raise HTTPException(503, str(err)) from None
        try:
            yield store
        except sqlite3.DatabaseError as err:  # a damaged file opens, then fails on a page
            raise HTTPException(503, describe_error(self.path, err)) from None
        finally:
            store.close()
            if self.on_close is not None:
                self.on_close()


# --- what is shown ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Listing:
    """One page of the story list, or of a search's stories."""

    stories: list[StoryInfo]
    page: int
    has_next: bool
    min_size: int
    query: str
    hidden: int = 0  # a search's stories smaller than ``min_size``
    singles: int = 0  # of which one-article stories (the matching articles alone in a story)
    total: int = 0  # stories listed on all pages together

    @property
    def pages(self) -> int:
        """How many pages the list has (at least one, where "no stories" is said)."""
        return max(1, -(-self.total // PAGE_SIZE))


def list_stories(store: Store, *, page: int, min_size: int, query: str = "") -> Listing:
    """Stories largest first, or, with ``query``, the stories of the matching articles."""
    start = (page - 1) * PAGE_SIZE
    if not query.strip():
        rows = store.stories(limit=PAGE_SIZE + 1, offset=start, min_size=min_size)
        return Listing(
            stories=rows[:PAGE_SIZE],
            page=page,
            has_next=len(rows) > PAGE_SIZE,
            min_size=min_size,
            query="",
            total=store.count_stories(min_size=min_size),
        )
    infos = matching_stories(store, query, articles=SEARCH_LIMIT)
    shown = [info for info in infos if info.size >= min_size]
    left_out = [info for info in infos if info.size < min_size]
    return Listing(
        stories=shown[start : start + PAGE_SIZE],
        page=page,
        has_next=len(shown) > start + PAGE_SIZE,
        min_size=min_size,
        query=query.strip(),
        hidden=len(left_out),
        singles=sum(1 for info in left_out if info.size == 1),
        total=len(shown),
    )


def _excerpt(article: Article) -> str:
    """About the first ``EXCERPT_CHARS`` characters of the body, cut at a word."""
    text = article.text
    if article.title and text.startswith(article.title):  # ingest puts the headline first
        text = text[len(article.title) :]
    flat = " ".join(text.split())
    if len(flat) <= EXCERPT_CHARS:
        return flat
    cut = flat[:EXCERPT_CHARS].rsplit(" ", 1)[0]
    return cut + " …"


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "undated"
    return first if last in (None, first) else f"{first} to {last}"


# --- JSON ------------------------------------------------------------------------------------


class StoryOut(BaseModel):
    """One story, as ``storydiff stories --json`` prints it."""

    id: str
    title: str | None
    size: int = Field(description="number of articles")
    outlets: list[str] = Field(description="distinct outlet names, sorted")
    first_date: str | None
    last_date: str | None
    active: bool = Field(description="recent: extended near the latest date ingested")
    groups: dict[str, int] = Field(
        default_factory=dict,
        description="articles per group of the outlet table, in its order; {} without one",
    )

    @classmethod
    def of(cls, info: StoryInfo) -> StoryOut:
        return cls(**{**vars(info), "outlets": list(info.outlets)})


class StoriesOut(BaseModel):
    """A page of ``GET /api/stories``."""

    stories: list[StoryOut]
    page: int
    next_page: int | None = Field(description="the next page's number; null on the last")
    min_size: int
    q: str | None = Field(description="the search, when one was given")
    hidden_smaller: int = Field(
        description="stories of matching articles left out for being under min_size"
    )
    one_article_matches: int = Field(
        description="of hidden_smaller, the stories of one article (shown with min_size=1)"
    )
    total: int = Field(description="stories on all pages together")
    pages: int = Field(description="number of pages")

    @classmethod
    def of(cls, listing: Listing) -> StoriesOut:
        return cls(
            stories=[StoryOut.of(s) for s in listing.stories],
            page=listing.page,
            next_page=listing.page + 1 if listing.has_next else None,
            min_size=listing.min_size,
            q=listing.query or None,
            hidden_smaller=listing.hidden,
            one_article_matches=listing.singles,
            total=listing.total,
            pages=listing.pages,
        )


class ArticleMeta(BaseModel):
    """An article of a story, without its full text."""

    id: str
    title: str | None
    outlet: str | None
    date: str | None
    lang: str | None
    url: str | None
    source: str
    chars: int = Field(description="length of the text")
    excerpt: str = Field(description=f"about the first {EXCERPT_CHARS} characters")
    compared: bool = Field(description="one of the articles the story's comparison shows")
    source_id: str | None = Field(None, description="the input item's own id, when it had one")
    metadata: dict[str, Any] = Field(
        default_factory=dict, description="the input item's other fields"
    )
    group: str | None = Field(None, description="its outlet's group in the outlet table")

    @classmethod
    def of(cls, article: Article, *, compared: bool, group: str | None = None) -> ArticleMeta:
        # The fields it shares with the record, by name, as ``StoryOut.of`` does.
        shared = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
        chars, excerpt = len(article.text), _excerpt(article)
        return cls(**shared, chars=chars, excerpt=excerpt, compared=compared, group=group)


_ARTICLE_FIELDS = (
    "id",
    "title",
    "outlet",
    "date",
    "lang",
    "url",
    "source",
    "source_id",
    "metadata",
)


class StoryDetail(BaseModel):
    """``GET /api/stories/{id}``: the story and its articles in stored order."""

    story: StoryOut
    articles: list[ArticleMeta]
    max_articles: int = Field(description="the most articles one comparison takes")


def _detail(
    info: StoryInfo, articles: Sequence[Article], limit: int, outlets: OutletIndex
) -> StoryDetail:
    compared = {a.id for a in pick_articles(articles, limit)}

    def group(a: Article) -> str | None:
        found = outlets.match(a.outlet, a.url)
        return found.group if found else None

    return StoryDetail(
        story=StoryOut.of(info),
        articles=[ArticleMeta.of(a, compared=a.id in compared, group=group(a)) for a in articles],
        max_articles=limit,
    )


# --- links -----------------------------------------------------------------------------------

# Where a view's data is shown: its HTML page, the page's ``.json`` twin, or under ``/api``.
Form = Literal["html", "json", "api"]
HTML: Form = "html"
JSON_TWIN: Form = "json"
API: Form = "api"


def story_href(story_id: str, suffix: str = "", *, form: Form = HTML) -> str:
    """The path of a story's page (``suffix``: ``""`` or ``"/compare"``) in ``form``."""
    path = "/stories/" + quote(story_id, safe="") + suffix
    return {API: "/api" + path, JSON_TWIN: path + ".json"}.get(form, path)


def list_href(listing: Listing, page: int, *, form: Form = HTML) -> str:
    """The path of ``page`` of ``listing`` (its search and smallest size kept) in ``form``."""
    params: dict[str, str | int] = {}
    if listing.query:
        params["q"] = listing.query
    if listing.min_size != 2:
        params["min_size"] = listing.min_size
    if page != 1:
        params["page"] = page
    path = {API: "/api/stories", JSON_TWIN: "/stories.json"}.get(form, "/stories")
    return path + ("?" + urlencode(params) if params else "")


def compare_href(article_ids: Sequence[str], *, form: Form = HTML) -> str:
    """The lasting address of a comparison of stored articles (``GET /compare?ids=``)."""
    path = {API: "/api/compare", JSON_TWIN: "/compare.json"}.get(form, "/compare")
    return path + "?ids=" + quote(",".join(article_ids), safe=",")


def compare_links(articles: Sequence[Article]) -> list[tuple[str, str]]:
    """The links a comparison page offers to keep: itself by article ids, and its JSON.

    A story's comparison changes when the story grows; these name exactly these articles.
    """
    ids = [a.id for a in articles]
    return [
        ("Link to this comparison", compare_href(ids)),
        ("As JSON", compare_href(ids, form=JSON_TWIN)),
    ]


@dataclass(frozen=True, kw_only=True)
class WebLink:
    """A URL as a page shows it: ``href`` only for a plain web link (else it stays text)."""

    href: str | None
    text: str

    @classmethod
    def of(cls, url: str) -> WebLink:
        # A javascript: or data: URL must never become clickable.
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return cls(href=None, text=url[:100])
        return cls(href=url, text=(parts.netloc + parts.path)[:80])


def _title(title: str | None, fallback: str = "(untitled story)") -> str:
    return " ".join((title or "").split()) or fallback


def _distinct_outlets(articles: Sequence[ArticleMeta]) -> int:
    return len({(a.outlet or "").strip().casefold() for a in articles} - {""})


# What every story template may call; public, so the pages of other views (the blindspot
# list, ``storydiff.web.outlets``) link and title stories the same way.
TEMPLATE_HELPERS: dict[str, Any] = {
    "story_href": story_href,
    "list_href": list_href,
    "web_link": WebLink.of,
    "story_title": _title,
    "span": _span,
    "distinct_outlets": _distinct_outlets,
    "shown_outlets": SHOWN_OUTLETS,
    "HTML": HTML,
    "API": API,
    "download_href": download_href,
    "list_formats": list_formats,
    "story_formats": story_formats,
}


# --- views -----------------------------------------------------------------------------------


async def get_corpus(request: Request) -> Corpus:
    """A route dependency: the store of the app serving ``request``."""
    corpus: Corpus = request.app.state.corpus
    return corpus


@dataclass(frozen=True, kw_only=True)
class Moved:
    """A story asked for by an old id or a prefix: answered with a redirect to ``story_id``."""

    story_id: str


def _lookup(store: Store, story_id: str) -> StoryInfo | Moved:
    """The story ``story_id``, or where it moved (an old id, a prefix); 404 if none."""
    info = store.story(story_id)
    if info is None:
        raise HTTPException(404, f"no story {story_id!r} in this store")
    return Moved(story_id=info.id) if info.id != story_id else info


CorpusDep = Annotated[Corpus, Depends(get_corpus)]
Service = Annotated[ComparisonService, Depends(get_service)]
_page_q = Query(1, ge=1, description=f"page number, {PAGE_SIZE} stories a page")
_size_q = Query(2, ge=1, description="the fewest articles a story shown has")
_search_q = Query("", max_length=500, description="full-text search over the articles")


def listing_view(
    corpus: CorpusDep, page: int = _page_q, min_size: int = _size_q, q: str = _search_q
) -> Listing:
    """The view of ``/stories``: one page of the list, or of a search's stories."""
    with corpus.reading() as store:
        return list_stories(store, page=page, min_size=min_size, query=q)


def story_view(story_id: str, corpus: CorpusDep, service: Service) -> StoryDetail | Moved:
    """The view of ``/stories/{id}``: the story and its articles' metadata."""
    with corpus.reading() as store:
        info = _lookup(store, story_id)
        if isinstance(info, Moved):
            return info
        articles = store.story_articles(info.id)
        return _detail(info, articles, service.limits.max_articles, store.outlet_index())


def _to_compare(corpus: Corpus, story_id: str, limit: int) -> list[Article] | Moved:
    with corpus.reading() as store:
        info = _lookup(store, story_id)
        if isinstance(info, Moved):
            return info
        articles = store.story_articles(info.id)
    if len(articles) < 2:
        raise HTTPException(422, f"story {info.id} has one article: nothing to compare")
    return pick_articles(articles, limit)


async def comparison_view(
    story_id: str, request: Request, corpus: CorpusDep, service: Service
) -> str | Moved:
    """The view of ``/stories/{id}/compare``: the report, in the form the path asks for."""
    # The store is read in the server's thread pool, the comparison on a worker.
    got = await run_in_threadpool(_to_compare, corpus, story_id, service.limits.max_articles)
    if isinstance(got, Moved):
        return got
    if _form(request) != HTML:
        return await service.stored_report(got, "json")
    report = await service.stored_report(got, "html")
    # The report is the CLI's; the page adds the way back to its story and a stable link.
    story = request.path_params["story_id"]
    return with_nav(report, [("← Back to the story", story_href(story)), *compare_links(got)])


def _form(request: Request) -> Form:
    """Which form of its view a request's route shows (see ``story_href``)."""
    path: str = request.scope["route"].path
    return API if path.startswith("/api/") else JSON_TWIN if path.endswith(".json") else HTML


def _moved(request: Request, moved: Moved) -> RedirectResponse:
    """307 to the same page, in the same form, under the story's current id."""
    path: str = request.scope["route"].path
    suffix = "/compare" if "/compare" in path else ""
    return RedirectResponse(story_href(moved.story_id, suffix, form=_form(request)), 307)


async def bad_query(request: Request, exc: Exception) -> Response:
    """Answers a bad parameter of the story routes with one line, like every other error."""
    assert isinstance(exc, RequestValidationError)  # registered for it alone
    if not request.url.path.startswith(("/stories", "/api/stories")):
        return await request_validation_exception_handler(request, exc)
    first = exc.errors()[0]
    name = str(first.get("loc", ("", "?"))[-1])
    message = str(first.get("msg", "invalid value"))
    return error_response(
        request.headers.get("accept", ""), 422, f"{name}: {message[:1].lower()}{message[1:]}"
    )


# --- routes ----------------------------------------------------------------------------------


def stories_page(listing: Annotated[Listing, Depends(listing_view)]) -> Response:
    html = render_page(
        "stories.html",
        title="storydiff: stories",
        form_action="'self'",
        listing=listing,
        smaller=replace(listing, min_size=1),
        **TEMPLATE_HELPERS,
    )
    return html_response(html)


def stories_api(listing: Annotated[Listing, Depends(listing_view)]) -> Response:
    return json_response(StoriesOut.of(listing))


def story_page(
    request: Request, got: Annotated[StoryDetail | Moved, Depends(story_view)]
) -> Response:
    if isinstance(got, Moved):
        return _moved(request, got)
    html = render_page(
        "story.html",
        title=f"storydiff: {_title(got.story.title)}",
        detail=got,
        **TEMPLATE_HELPERS,
    )
    return html_response(html)


def story_api(
    request: Request, got: Annotated[StoryDetail | Moved, Depends(story_view)]
) -> Response:
    return _moved(request, got) if isinstance(got, Moved) else json_response(got)


async def story_compare_page(
    request: Request, got: Annotated[str | Moved, Depends(comparison_view)]
) -> Response:
    return _moved(request, got) if isinstance(got, Moved) else html_response(got)


async def story_compare_api(
    request: Request, got: Annotated[str | Moved, Depends(comparison_view)]
) -> Response:
    if isinstance(got, Moved):
        return _moved(request, got)
    return Response(got, media_type="application/json")


def story_router(limit: int) -> APIRouter:
    """The story routes, in the order they are matched; ``limit``: articles compared.

    A ``.json`` twin comes before the page whose path would match it too
    (``/stories/{story_id}`` matches ``/stories/x.json``).
    """
    router = APIRouter()
    as_json: dict[int | str, dict[str, Any]] = {200: {"content": {"application/json": {}}}}
    guarded = [Depends(refuse_cross_site)]
    get = router.add_api_route
    get("/stories", stories_page, summary="The stories of the store", response_class=HTMLResponse)
    get("/stories.json", stories_api, response_model=StoriesOut, summary="/stories as JSON")
    get(
        "/api/stories",
        stories_api,
        response_model=StoriesOut,
        summary="The stories of the store, largest first, or those matching a search",
    )
    get(
        "/stories/{story_id}.json",
        story_api,
        response_model=StoryDetail,
        summary="/stories/{story_id} as JSON",
    )
    get(
        "/stories/{story_id}",
        story_page,
        summary="One story: its articles and a link to compare them",
        response_class=HTMLResponse,
    )
    get(
        "/api/stories/{story_id}",
        story_api,
        response_model=StoryDetail,
        summary="One story and its articles' metadata (no full texts)",
    )
    get(
        "/stories/{story_id}/compare",
        story_compare_page,
        summary=f"The HTML report comparing a story's articles (at most {limit})",
        response_class=HTMLResponse,
        dependencies=guarded,
    )
    get(
        "/stories/{story_id}/compare.json",
        story_compare_api,
        summary="/stories/{story_id}/compare as JSON",
        responses=as_json,
        dependencies=guarded,
    )
    get(
        "/api/stories/{story_id}/compare",
        story_compare_api,
        summary="A story's comparison: the JSON that `storydiff compare -f json` prints",
        responses=as_json,
        dependencies=guarded,
    )
    return router


def include_story_routes(app: FastAPI, corpus: Corpus, limit: int) -> None:
    """Add the story routes to ``app``, reading ``corpus``; ``limit``: articles compared."""
    app.state.corpus = corpus
    app.add_exception_handler(RequestValidationError, bad_query)
    app.include_router(story_router(limit))
