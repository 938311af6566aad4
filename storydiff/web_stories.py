"""The story pages of ``storydiff serve --db PATH``: browse and compare a corpus store.

``create_app(db=...)`` adds these routes; without a store they do not exist (404).

- ``GET /stories`` the stories, largest first, ``?page=`` (50 a page), ``?min_size=``
  (default 2) and ``?q=`` (full-text search over the articles: the stories of the matching
  articles, best match first). JSON twin: ``GET /api/stories``.
- ``GET /stories/{id}`` one story: its articles (outlet, date, title, link, the first
  ~200 characters) and a "Compare these articles" link. JSON twin: ``GET /api/stories/{id}``.
- ``GET /stories/{id}/compare`` the HTML report of the story's articles; JSON twin
  ``GET /api/stories/{id}/compare``, exactly what ``--format json`` prints. A story larger
  than ``max_articles`` is compared on a subset (``storydiff.store.pick_articles``),
  named on its page.

A merged story's old id, or a unique prefix of an id, answers with a redirect to the current
id. The store is opened per request, in the thread that serves it, and closed after it:
SQLite connections are never shared between threads, and WAL lets these reads run while
``storydiff ingest`` writes to the same file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from storydiff.errors import StorydiffError
from storydiff.records import Article
from storydiff.render._bidi import escape_html as escape
from storydiff.store import Store, StoryInfo, matching_stories, open_store, pick_articles
from storydiff.store.sqlite import describe_error
from storydiff.web import (
    _SECURITY_HEADERS,
    _guarded,
    _html,
    _Service,
    error_response,
    refuse_cross_site,
)

PAGE_SIZE = 50
SEARCH_LIMIT = 200  # matching articles looked at for one search
EXCERPT_CHARS = 200
_SHOWN_OUTLETS = 8  # per row of the story list


# --- the store -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Corpus:
    """Where the store is; each request opens its own connection (see the module docstring)."""

    path: Path
    # Called after each request's connection is closed (the app trims the heap).
    on_close: Callable[[], None] | None = None

    @classmethod
    def check(cls, db: str | Path) -> Corpus:
        """The store at ``db``, opened once to check it; a missing file is an error.

        The app must not create an empty store where the user mistyped a path.
        """
        # An unreadable or too new file fails now, not per request.
        open_store(db, create=False).close()
        return cls(path=Path(db))

    @contextmanager
    def reading(self) -> Iterator[Store]:
        if not self.path.is_file():  # opening would create an empty one
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
        )
    infos = matching_stories(store, query, articles=SEARCH_LIMIT)
    shown = [info for info in infos if info.size >= min_size]
    return Listing(
        stories=shown[start : start + PAGE_SIZE],
        page=page,
        has_next=len(shown) > start + PAGE_SIZE,
        min_size=min_size,
        query=query.strip(),
        hidden=len(infos) - len(shown),
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
    active: bool = Field(description="still open to new articles")

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


class StoryDetail(BaseModel):
    """``GET /api/stories/{id}``: the story and its articles in stored order."""

    story: StoryOut
    articles: list[ArticleMeta]
    max_articles: int = Field(description="the most articles one comparison takes")


def _detail(info: StoryInfo, articles: Sequence[Article], limit: int) -> StoryDetail:
    compared = {a.id for a in pick_articles(articles, limit)}
    return StoryDetail(
        story=StoryOut.of(info),
        articles=[
            ArticleMeta(
                id=a.id,
                title=a.title,
                outlet=a.outlet,
                date=a.date,
                lang=a.lang,
                url=a.url,
                source=a.source,
                chars=len(a.text),
                excerpt=_excerpt(a),
                compared=a.id in compared,
            )
            for a in articles
        ],
        max_articles=limit,
    )


def _json(model: BaseModel) -> JSONResponse:
    return JSONResponse(model.model_dump(mode="json"), headers=_SECURITY_HEADERS)


# --- HTML ------------------------------------------------------------------------------------


def _href(story_id: str, suffix: str = "", *, api: bool = False) -> str:
    return ("/api" if api else "") + "/stories/" + quote(story_id, safe="") + suffix


def _list_href(listing: Listing, page: int, *, api: bool = False) -> str:
    params: dict[str, str | int] = {}
    if listing.query:
        params["q"] = listing.query
    if listing.min_size != 2:
        params["min_size"] = listing.min_size
    if page != 1:
        params["page"] = page
    return ("/api" if api else "") + "/stories" + ("?" + urlencode(params) if params else "")


def _link(url: str) -> str:
    # Only plain web links are clickable: a javascript: or data: URL stays text.
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return escape(url[:100])
    return (
        f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">'
        f"{escape((parts.netloc + parts.path)[:80])}</a>"
    )


def _title(title: str | None, fallback: str = "(untitled story)") -> str:
    return " ".join((title or "").split()) or fallback


def _outlets(info: StoryInfo) -> str:
    if not info.outlets:
        return '<span class="muted">no outlet names</span>'
    names = ", ".join(escape(o) for o in info.outlets[:_SHOWN_OUTLETS])
    more = len(info.outlets) - _SHOWN_OUTLETS
    return f"{len(info.outlets)}: {names}" + (f" and {more} more" if more > 0 else "")


def _listing_page(listing: Listing) -> str:
    from storydiff.render.html import page

    rows = "".join(
        f'<tr><td><a href="{escape(_href(s.id))}">{escape(_title(s.title))}</a></td>'
        f"<td>{s.size}</td><td>{_outlets(s)}</td>"
        f"<td>{escape(_span(s.first_date, s.last_date))}</td></tr>"
        for s in listing.stories
    )
    if listing.query:
        what = f"Stories with articles matching “{escape(listing.query)}”"
    else:
        what = f"Stories of {listing.min_size} or more articles, largest first"
    if rows:
        table = (
            '<div class="scroll"><table class="stories"><thead><tr><th>Story</th>'
            "<th>Articles</th><th>Outlets</th><th>Dates</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>"
        )
    elif listing.page > 1:
        first = escape(_list_href(listing, 1))
        table = f'<p>No stories on this page. <a href="{first}">First page</a></p>'
    else:
        table = "<p>No stories found.</p>"
    notes = ""
    if listing.hidden:
        smaller = replace(listing, min_size=1)
        notes = (
            f'<p class="muted">{listing.hidden} more matching '
            f"{'story is' if listing.hidden == 1 else 'stories are'} smaller than "
            f'{listing.min_size} articles: <a href="{escape(_list_href(smaller, 1))}">'
            "show them</a>.</p>"
        )
    pages = []
    if listing.page > 1:
        pages.append(f'<a href="{escape(_list_href(listing, listing.page - 1))}">← Previous</a>')
    if listing.page > 1 or listing.has_next:
        pages.append(f"<span>Page {listing.page}</span>")
    if listing.has_next:
        pages.append(f'<a href="{escape(_list_href(listing, listing.page + 1))}">Next →</a>')
    pager = f'<nav class="toc" aria-label="Pages">{"".join(pages)}</nav>' if pages else ""
    body = f"""<header class="top"><nav class="toc"><a href="/">Compare articles</a>
<a href="/stories">All stories</a>
<a href="{escape(_list_href(listing, listing.page, api=True))}">This list as JSON</a></nav>
<h1>{what}</h1></header>
<main><form class="search" method="get" action="/stories" role="search">
<label for="q">Search the articles</label>
<input type="search" name="q" id="q" value="{escape(listing.query)}" maxlength="500">
<label for="min_size">Smallest story</label>
<input type="number" name="min_size" id="min_size" min="1" value="{listing.min_size}">
<button type="submit">Show</button></form>
{table}{notes}{pager}</main>"""
    return page(title="storydiff: stories", body=body, form_action="'self'")


def _story_page(detail: StoryDetail) -> str:
    from storydiff.render.html import page

    info = detail.story
    items = []
    for a in detail.articles:
        where = _link(a.url) if a.url else escape(a.source)
        meta = [
            f'<span class="who">{escape(a.outlet or "unknown outlet")}</span>',
            escape(a.date or "undated"),
            *([escape(a.lang)] if a.lang else []),
            *([where] if where else []),
        ]
        if a.compared and len(detail.articles) > detail.max_articles:
            meta.append("<strong>compared</strong>")
        items.append(
            f"<li><h3>{escape(_title(a.title, '(no title)'))}</h3>"
            f'<p class="meta">{" · ".join(meta)}</p><p>{escape(a.excerpt)}</p></li>'
        )
    n = len(detail.articles)
    if n < 2:
        action = '<p class="muted">A story of one article has nothing to compare.</p>'
    else:
        action = (
            f'<p><a class="action" href="{escape(_href(info.id, "/compare"))}">'
            "Compare these articles</a> "
            f'<span class="muted">(JSON: <a href="{escape(_href(info.id, "/compare", api=True))}">'
            f"{escape(_href(info.id, '/compare', api=True))}</a>)</span></p>"
        )
    if n > detail.max_articles:
        outlets = len({(a.outlet or "").strip().casefold() for a in detail.articles} - {""})
        action += (
            f'<p class="warn">This story has {n} articles and a comparison takes at most '
            f"{detail.max_articles}: it shows the earliest article of as many of its "
            f"{outlets} outlets as fit, then the earliest of the rest. They are marked "
            "<strong>compared</strong> below.</p>"
        )
    span = escape(_span(info.first_date, info.last_date))
    outlets_line = (
        f"{len(info.outlets)} outlets: " + ", ".join(escape(o) for o in info.outlets)
        if info.outlets
        else "no outlet names"
    )
    body = f"""<header class="top"><nav class="toc"><a href="/stories">All stories</a>
<a href="/">Compare articles</a>
<a href="{escape(_href(info.id, api=True))}">This story as JSON</a></nav>
<h1>{escape(_title(info.title))}</h1>
<p class="counts">{info.size} articles · {outlets_line} · {span}</p></header>
<main>{action}<ul class="story-articles">{"".join(items)}</ul></main>"""
    return page(title=f"storydiff: {_title(info.title)}", body=body)


# --- routes ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Moved:
    story_id: str


def _find(store: Store, story_id: str) -> StoryInfo:
    info = store.story(story_id)
    if info is None:
        raise HTTPException(404, f"no story {story_id!r} in this store")
    return info


def add_story_routes(app: FastAPI, service: _Service, corpus: Corpus) -> None:
    """Add the story pages and their JSON twins (see the module docstring) to ``app``."""
    limit = service.max_articles
    corpus = replace(corpus, on_close=service.trim_heap)

    @app.exception_handler(RequestValidationError)
    async def _bad_query(request: Request, exc: RequestValidationError) -> Response:
        # The story routes answer a bad parameter with one line, like every other error.
        if not request.url.path.startswith(("/stories", "/api/stories")):
            return await request_validation_exception_handler(request, exc)
        first = exc.errors()[0]
        name = str(first.get("loc", ("", "?"))[-1])
        message = str(first.get("msg", "invalid value"))
        return error_response(
            request.headers.get("accept", ""), 422, f"{name}: {message[:1].lower()}{message[1:]}"
        )

    def listing(page: int, min_size: int, q: str) -> Listing:
        with corpus.reading() as store:
            return list_stories(store, page=page, min_size=min_size, query=q)

    def detail(story_id: str) -> StoryDetail | _Moved:
        with corpus.reading() as store:
            info = _find(store, story_id)
            if info.id != story_id:
                return _Moved(story_id=info.id)
            return _detail(info, store.story_articles(info.id), limit)

    def to_compare(story_id: str) -> list[Article] | _Moved:
        with corpus.reading() as store:
            info = _find(store, story_id)
            if info.id != story_id:
                return _Moved(story_id=info.id)
            articles = store.story_articles(info.id)
        if len(articles) < 2:
            raise HTTPException(422, f"story {info.id} has one article: nothing to compare")
        return pick_articles(articles, limit)

    async def compared(story_id: str, fmt: str) -> str | _Moved:
        # The store is read in the server's thread pool, the comparison on a worker.
        got = await run_in_threadpool(to_compare, story_id)
        if isinstance(got, _Moved):
            return got

        def work() -> str:
            from storydiff.render import render

            out = render(service.compare(got), fmt)
            return out if fmt == "html" else out + "\n"

        return await service.run(lambda: _guarded(work))

    page_q = Query(1, ge=1, description=f"page number, {PAGE_SIZE} stories a page")
    size_q = Query(2, ge=1, description="the fewest articles a story shown has")
    search_q = Query("", max_length=500, description="full-text search over the articles")

    @app.get("/stories", response_class=HTMLResponse, summary="The stories of the store")
    def stories_page(page: int = page_q, min_size: int = size_q, q: str = search_q) -> Response:
        return _html(_listing_page(listing(page, min_size, q)))

    @app.get(
        "/api/stories",
        response_model=StoriesOut,
        summary="The stories of the store, largest first, or those matching a search",
    )
    def stories_api(page: int = page_q, min_size: int = size_q, q: str = search_q) -> Response:
        found = listing(page, min_size, q)
        return _json(
            StoriesOut(
                stories=[StoryOut.of(s) for s in found.stories],
                page=found.page,
                next_page=found.page + 1 if found.has_next else None,
                min_size=found.min_size,
                q=found.query or None,
                hidden_smaller=found.hidden,
            )
        )

    @app.get(
        "/stories/{story_id}",
        response_class=HTMLResponse,
        summary="One story: its articles and a link to compare them",
    )
    def story_page(story_id: str) -> Response:
        got = detail(story_id)
        if isinstance(got, _Moved):
            return RedirectResponse(_href(got.story_id), 307)
        return _html(_story_page(got))

    @app.get(
        "/api/stories/{story_id}",
        response_model=StoryDetail,
        summary="One story and its articles' metadata (no full texts)",
    )
    def story_api(story_id: str) -> Response:
        got = detail(story_id)
        if isinstance(got, _Moved):
            return RedirectResponse(_href(got.story_id, api=True), 307)
        return _json(got)

    @app.get(
        "/stories/{story_id}/compare",
        response_class=HTMLResponse,
        summary=f"The HTML report comparing a story's articles (at most {limit})",
        dependencies=[Depends(refuse_cross_site)],
    )
    async def story_compare_page(story_id: str) -> Response:
        got = await compared(story_id, "html")
        if isinstance(got, _Moved):
            return RedirectResponse(_href(got.story_id, "/compare"), 307)
        return _html(got)

    @app.get(
        "/api/stories/{story_id}/compare",
        summary="A story's comparison: the JSON that `storydiff compare -f json` prints",
        responses={200: {"content": {"application/json": {}}}},
        dependencies=[Depends(refuse_cross_site)],
    )
    async def story_compare_api(story_id: str) -> Response:
        got = await compared(story_id, "json")
        if isinstance(got, _Moved):
            return RedirectResponse(_href(got.story_id, "/compare", api=True), 307)
        return Response(got, media_type="application/json")
