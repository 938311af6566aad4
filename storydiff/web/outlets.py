"""The blindspot page of ``storydiff serve --db PATH``: stories covered mostly by one group.

A group is whatever the user's outlet table calls one (a lean, a country, an owner; see
``storydiff.outlets``). ``GET /blindspot`` lists the stories where at least
``BLINDSPOT_SHARE`` of the articles that have a group come from one group, with at least
``BLINDSPOT_MIN_ARTICLES`` such articles (``?share=`` and ``?min_articles=`` change them),
most grouped articles first, each with its coverage bars; ``/blindspot.json`` and
``/api/blindspot`` are its JSON twins. Without an outlet table the page says how to import
one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from storydiff.settings import BLINDSPOT_MIN_ARTICLES, BLINDSPOT_SHARE, STORIES_LIMIT
from storydiff.store import Blindspot, blindspot_stories
from storydiff.web.pages import html_response, json_response, render_page
from storydiff.web.stories import TEMPLATE_HELPERS, Corpus, StoryOut, get_corpus


@dataclass(frozen=True, kw_only=True)
class BlindspotListing:
    """The blindspot stories and what "mostly" meant for them."""

    spots: list[Blindspot]
    share: float
    min_articles: int
    groups: tuple[str, ...]  # the outlet table's groups; empty: no table imported


class BlindspotStoryOut(BaseModel):
    """A blindspot story: the story, and the group that covers it mostly."""

    story: StoryOut
    group: str = Field(description="the group that wrote most of its grouped articles")
    share: float = Field(description="that group's share of its grouped articles")


class BlindspotsOut(BaseModel):
    """``GET /api/blindspot``: stories covered mostly by one group, most grouped first."""

    stories: list[BlindspotStoryOut]
    share: float = Field(description="the least share of one group that makes a blindspot")
    min_articles: int = Field(description="the fewest grouped articles a blindspot has")
    groups: list[str] = Field(description="the outlet table's groups; [] without a table")

    @classmethod
    def of(cls, listing: BlindspotListing) -> BlindspotsOut:
        return cls(
            stories=[
                BlindspotStoryOut(
                    story=StoryOut.of(b.story), group=b.group, share=round(b.share, 3)
                )
                for b in listing.spots
            ],
            share=listing.share,
            min_articles=listing.min_articles,
            groups=list(listing.groups),
        )


_share_q = Query(BLINDSPOT_SHARE.default, gt=0, le=1, description=BLINDSPOT_SHARE.help)
_min_q = Query(
    BLINDSPOT_MIN_ARTICLES.default, ge=1, description="the fewest grouped articles a blindspot has"
)


def blindspot_view(
    corpus: Annotated[Corpus, Depends(get_corpus)],
    share: float = _share_q,
    min_articles: int = _min_q,
) -> BlindspotListing:
    """The view of ``/blindspot``."""
    with corpus.reading() as store:
        spots = blindspot_stories(
            store, share=share, min_articles=min_articles, limit=STORIES_LIMIT.default
        )
        groups = store.outlet_index().groups
    return BlindspotListing(spots=spots, share=share, min_articles=min_articles, groups=groups)


def blindspot_page(listing: Annotated[BlindspotListing, Depends(blindspot_view)]) -> Response:
    html = render_page(
        "blindspot.html", title="storydiff: blindspot", listing=listing, **TEMPLATE_HELPERS
    )
    return html_response(html)


def blindspot_api(listing: Annotated[BlindspotListing, Depends(blindspot_view)]) -> Response:
    return json_response(BlindspotsOut.of(listing))


def blindspot_router() -> APIRouter:
    """The blindspot page and its JSON twins."""
    router = APIRouter()
    get = router.add_api_route
    summary = "Stories covered mostly by one group of the outlet table"
    get("/blindspot", blindspot_page, summary=summary, response_class=HTMLResponse)
    json_out: dict[str, Any] = {"response_model": BlindspotsOut}
    get("/blindspot.json", blindspot_api, summary="/blindspot as JSON", **json_out)
    get("/api/blindspot", blindspot_api, summary=summary, **json_out)
    return router


__all__ = ["BlindspotsOut", "blindspot_router", "blindspot_view"]
