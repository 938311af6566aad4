"""The web app over a corpus store: story list, search, story pages, comparisons, CSRF.

A small store is built with the model-free hashing embedder (as in ``test_corpus``): a
five-article story from four outlets (the first with a hostile title and outlet), a
three-article story, a story merged from two singletons (so one id redirects), and a
singleton. Skipped without the ``web`` extra.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
pytest.importorskip("python_multipart")

with warnings.catch_warnings():  # starlette nudges towards httpx2; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient
from test_html import HOSTILE, _data, inert_problems

from storydiff.cli import main
from storydiff.cluster import Clusterer, ClusterParams
from storydiff.compare import Pipeline
from storydiff.corpus import ingest_stream
from storydiff.embed import load_embedder
from storydiff.errors import InputError
from storydiff.ingest import article_from_text
from storydiff.records import Article
from storydiff.render import render
from storydiff.render.bidi import escape_html
from storydiff.settings import Settings
from storydiff.store import StoryState, open_store, pick_articles
from storydiff.web import create_app, cross_site_refusal
from storydiff.web import stories as web_stories

EVIL_TITLE = "<script>alert(1)</script>"
EVIL_OUTLET = '"><img src=x onerror=alert(1)>'
BRIDGE = (
    "The city council voted on Tuesday to close the old Elm Street bridge for repairs. "
    "Engineers found cracks in two of the supports last month. The bridge will reopen in "
    "spring. "
)
FLOOD = (
    "Heavy rain flooded the river valley overnight and hundreds of homes were evacuated. "
    "Rescue teams used boats to reach villages cut off by the water. "
)
# (title, outlet, date, url, text), in ingest order.
ROWS: list[tuple[str, str, str | None, str | None, str]] = [
    (EVIL_TITLE, EVIL_OUTLET, "2024-05-04", "javascript:alert(1)", HOSTILE[6] + " " + BRIDGE),
    (
        "Council closes Elm Street bridge",
        "Daily",
        "2024-05-02",
        "https://example.org/d/1",
        BRIDGE + "Drivers must use the ring road, which adds twenty minutes to a trip into town.",
    ),
    ("Bridge shut for repairs", "Herald", "2024-05-01", None, BRIDGE + "The mayor is worried."),
    ("Elm Street bridge to close", "Herald", "2024-05-03", None, BRIDGE + "Shops fear losses."),
    ("Repairs close old bridge", "Tribune", None, None, BRIDGE + "The work costs two million."),
    ("Valley flooded after storm", "Daily", "2024-06-10", None, FLOOD + "Schools were closed."),
    ("Hundreds evacuated in floods", "Herald", "2024-06-10", None, FLOOD + "The army helped."),
    ("Flood waters rise", "Tribune", "2024-06-11", None, FLOOD + "More rain is expected."),
    (
        "Museum opens new wing",
        "Tribune",
        "2024-07-01",
        None,
        "The city museum opened a new wing for modern art on Saturday, with paintings by "
        "local artists and a cafe on the roof terrace overlooking the harbour.",
    ),
    (
        "Zoo welcomes panda cubs",
        "Daily",
        "2024-07-02",
        None,
        "Two panda cubs were born at the national zoo, keepers announced on Friday; visitors "
        "will be able to see them through a glass wall from next month.",
    ),
    (
        "Library extends opening hours",
        "Herald",
        "2024-07-03",
        None,
        "The central library will stay open until ten in the evening from June, after "
        "students asked for more quiet places to study before their exams.",
    ),
]


def _without_timings(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != "timings"}


def _inert(html: str) -> list[str]:
    # The story pages add a search form (form, input, label) to the report's elements.
    allowed = {"unexpected <form>", "unexpected <input>", "unexpected <label>"}
    return [p for p in inert_problems(html) if p not in allowed]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("store") / "news.db"
    articles = [
        article_from_text(text, source=f"r{i}.txt", title=t, outlet=o, date=d, url=u)
        for i, (t, o, d, u, text) in enumerate(ROWS)
    ]
    store = open_store(path)
    try:
        clusterer = Clusterer(store, load_embedder("hashing"), ClusterParams(threshold=0.45))
        ingest_stream(articles, store, clusterer)
        ids = {a.title: dict(store.assignments())[a.id] for a in articles}
        museum, zoo = ids["Museum opens new wing"], ids["Zoo welcomes panda cubs"]
        with store.transaction():  # as the clusterer's repair does when two stories meet
            store.merge_story(zoo, museum)
            store.put_story(
                StoryState(
                    id=museum,
                    title="Museum opens new wing",
                    size=2,
                    vector_sum=np.zeros(4, dtype=np.float32),
                    first_date="2024-07-01",
                    last_date="2024-07-02",
                    last_seq=10,
                    active=False,
                )
            )
        sizes = {s.id: s.size for s in store.stories(min_size=1)}
    finally:
        store.close()
    bridge, flood, library = (
        ids[EVIL_TITLE],
        ids["Valley flooded after storm"],
        ids["Library extends opening hours"],
    )
    # The clustering put the rows where these tests expect them.
    assert sizes == {bridge: 5, flood: 3, museum: 2, library: 1}
    return {
        "path": path,
        "articles": articles,
        "bridge": bridge,
        "flood": flood,
        "museum": museum,
        "zoo": zoo,
        "library": library,
    }


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Settings(embedder="hashing", cache=False))


@pytest.fixture(scope="module")
def client(db: dict[str, Any], pipeline: Pipeline) -> TestClient:
    return TestClient(create_app(pipeline=pipeline, max_articles=4, db=db["path"]))


# --- without a store ------------------------------------------------------------------------


def test_without_a_store_there_are_no_story_routes(pipeline: Pipeline) -> None:
    client = TestClient(create_app(pipeline=pipeline))
    for path in ("/stories", "/api/stories", "/stories/s1", "/api/stories/s1/compare"):
        assert client.get(path).status_code == 404
    assert 'href="/stories"' not in client.get("/").text
    assert not [p for p in client.get("/openapi.json").json()["paths"] if "stories" in p]


def test_a_missing_store_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(InputError, match=r"no store at .*typo\.db: build one with"):
        create_app(db=missing)
    assert main(["serve", "--db", str(missing), "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("storydiff: error: no store at ")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert not missing.exists()  # never created


def test_a_file_that_is_not_a_store_is_refused_at_startup(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("not a database " * 100, encoding="utf-8")
    with pytest.raises(Exception, match="cannot open the store"):
        create_app(db=bogus)


# --- the list --------------------------------------------------------------------------------


def test_form_links_to_the_stories(client: TestClient) -> None:
    assert 'href="/stories"' in client.get("/").text


def test_story_list_largest_first_with_outlets_and_dates(
    client: TestClient, db: dict[str, Any]
) -> None:
    r = client.get("/stories")
    assert r.status_code == 200
    html = r.text
    order = [html.index(f'href="/stories/{db[k]}"') for k in ("bridge", "flood", "museum")]
    assert order == sorted(order)
    assert f'href="/stories/{db["library"]}"' not in html  # under the default min_size 2
    assert "2024-05-01 to 2024-05-04" in html
    assert "3: Daily, Herald, Tribune" in html
    assert "form-action &#x27;self&#x27;" in html  # the search form may submit here

    api = client.get("/api/stories").json()
    assert [(s["id"], s["size"]) for s in api["stories"]] == [
        (db["bridge"], 5),
        (db["flood"], 3),
        (db["museum"], 2),
    ]
    assert api["stories"][1]["outlets"] == ["Daily", "Herald", "Tribune"]
    assert api["stories"][1]["first_date"] == "2024-06-10"
    assert api["next_page"] is None


def test_min_size_filter(client: TestClient, db: dict[str, Any]) -> None:
    three = client.get("/api/stories?min_size=3").json()["stories"]
    assert [s["id"] for s in three] == [db["bridge"], db["flood"]]
    everything = client.get("/api/stories?min_size=1").json()["stories"]
    assert everything[-1]["id"] == db["library"]
    assert f'href="/stories/{db["library"]}"' in client.get("/stories?min_size=1").text


def test_pagination(
    client: TestClient, db: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web_stories, "PAGE_SIZE", 2)
    first = client.get("/api/stories").json()
    assert [s["id"] for s in first["stories"]] == [db["bridge"], db["flood"]]
    assert first["next_page"] == 2
    second = client.get("/api/stories?page=2").json()
    assert [s["id"] for s in second["stories"]] == [db["museum"]]
    assert second["next_page"] is None
    html = client.get("/stories?page=2&min_size=2").text
    assert 'href="/stories">← Previous' in html
    assert "Next →" not in html
    assert "Next →" in client.get("/stories").text
    assert "No stories on this page" in client.get("/stories?page=9").text


def test_search_shows_the_stories_of_matching_articles(
    client: TestClient, db: dict[str, Any]
) -> None:
    got = client.get("/api/stories", params={"q": "evacuated"}).json()
    assert [s["id"] for s in got["stories"]] == [db["flood"]]
    assert got["q"] == "evacuated"
    html = client.get("/stories", params={"q": "evacuated"}).text
    assert f'href="/stories/{db["flood"]}"' in html
    assert f'href="/stories/{db["bridge"]}"' not in html
    assert 'value="evacuated"' in html
    # A match in a story under min_size is counted and one link away.
    lib = client.get("/api/stories", params={"q": "library"}).json()
    assert (lib["stories"], lib["hidden_smaller"]) == ([], 1)
    page = client.get("/stories", params={"q": "library"}).text
    assert "1 more matching story is smaller than 2 articles" in page
    assert 'href="/stories?q=library&amp;min_size=1"' in page
    one = client.get("/api/stories", params={"q": "library", "min_size": 1}).json()
    assert [s["id"] for s in one["stories"]] == [db["library"]]
    # The merged-away story's article is found under the story it joined.
    zoo = client.get("/api/stories", params={"q": "panda"}).json()
    assert [s["id"] for s in zoo["stories"]] == [db["museum"]]


@pytest.mark.parametrize("q", ['"unbalanced', "NEAR(a b) AND OR *", "a:b", "-zzz"])
def test_search_syntax_is_plain_words(client: TestClient, q: str) -> None:
    r = client.get("/api/stories", params={"q": q})
    assert r.status_code == 200
    assert r.json()["stories"] == []


def test_bad_parameters_are_one_line(client: TestClient) -> None:
    r = client.get("/api/stories?page=0")
    assert r.status_code == 422
    assert r.json() == {"detail": "page: input should be greater than or equal to 1"}
    r = client.get("/stories?min_size=x", headers={"accept": "text/html"})
    assert r.status_code == 422
    assert "min_size: input should be a valid integer" in r.text
    # The comparison API keeps FastAPI's own validation answer.
    assert isinstance(client.post("/api/compare", json={}).json()["detail"], list)


# --- one story -------------------------------------------------------------------------------


def test_story_page_lists_its_articles(client: TestClient, db: dict[str, Any]) -> None:
    r = client.get(f"/stories/{db['flood']}")
    assert r.status_code == 200
    html = r.text
    for title in ("Valley flooded after storm", "Hundreds evacuated in floods"):
        assert title in html
    assert "Heavy rain flooded the river valley overnight" in html
    assert "3 articles · 3 outlets: Daily, Herald, Tribune · 2024-06-10 to 2024-06-11" in html
    assert f'href="/stories/{db["flood"]}/compare"' in html
    assert "Compare these articles" in html
    assert "compared</strong>" not in html  # all three fit in one comparison

    api = client.get(f"/api/stories/{db['flood']}").json()
    assert api["story"]["id"] == db["flood"]
    assert [a["outlet"] for a in api["articles"]] == ["Daily", "Herald", "Tribune"]
    assert all(a["compared"] for a in api["articles"])
    assert "text" not in api["articles"][0]
    assert api["articles"][0]["chars"] == len(f"{ROWS[5][0]}\n\n{ROWS[5][4]}")
    assert api["articles"][0]["excerpt"] == ROWS[5][4]  # the body, without the headline


def test_excerpt_is_about_200_characters(client: TestClient, db: dict[str, Any]) -> None:
    api = client.get(f"/api/stories/{db['bridge']}").json()
    daily = next(a for a in api["articles"] if a["outlet"] == "Daily")
    assert daily["excerpt"].endswith(" …")
    assert 150 < len(daily["excerpt"]) <= 202
    assert daily["excerpt"].startswith(BRIDGE + "Drivers must")
    assert "town" not in daily["excerpt"]  # cut at a word, before the end
    assert daily["url"] == "https://example.org/d/1"
    assert 'href="https://example.org/d/1"' in client.get(f"/stories/{db['bridge']}").text


def test_a_large_story_names_the_articles_it_compares(
    client: TestClient, db: dict[str, Any]
) -> None:
    # max_articles is 4: one article per outlet, the earliest; the later Herald is left out.
    api = client.get(f"/api/stories/{db['bridge']}").json()
    compared = {(a["outlet"], a["date"]) for a in api["articles"] if a["compared"]}
    assert compared == {
        (EVIL_OUTLET, "2024-05-04"),
        ("Daily", "2024-05-02"),
        ("Herald", "2024-05-01"),
        ("Tribune", None),
    }
    html = client.get(f"/stories/{db['bridge']}").text
    assert "This story has 5 articles and a comparison takes at most 4" in html
    assert html.count("<strong>compared</strong>") == 4 + 1  # four marks, one in the note


def test_one_article_story_has_nothing_to_compare(client: TestClient, db: dict[str, Any]) -> None:
    html = client.get(f"/stories/{db['library']}").text
    assert "nothing to compare" in html
    assert "/compare" not in html
    r = client.get(f"/api/stories/{db['library']}/compare")
    assert r.status_code == 422
    assert r.json() == {"detail": f"story {db['library']} has one article: nothing to compare"}


def test_merged_and_prefix_ids_redirect(client: TestClient, db: dict[str, Any]) -> None:
    museum, zoo = db["museum"], db["zoo"]
    for old, new in (
        (f"/stories/{zoo}", f"/stories/{museum}"),
        (f"/api/stories/{zoo}", f"/api/stories/{museum}"),
        (f"/stories/{zoo}/compare", f"/stories/{museum}/compare"),
        (f"/api/stories/{zoo}/compare", f"/api/stories/{museum}/compare"),
        (f"/stories/{museum[:12]}", f"/stories/{museum}"),
    ):
        r = client.get(old, follow_redirects=False)
        assert r.status_code == 307, old
        assert r.headers["location"] == new
    r = client.get(f"/api/stories/{zoo}")  # followed
    assert r.json()["story"]["id"] == museum
    assert [a["title"] for a in r.json()["articles"]] == [
        "Museum opens new wing",
        "Zoo welcomes panda cubs",
    ]


def test_unknown_story_is_404(client: TestClient) -> None:
    r = client.get("/api/stories/s-nope")
    assert r.status_code == 404
    assert r.json() == {"detail": "no story 's-nope' in this store"}
    r = client.get("/stories/s-nope", headers={"accept": "text/html"})
    assert r.status_code == 404
    assert "<h1>Not found</h1>" in r.text


# --- comparisons -----------------------------------------------------------------------------


def test_compare_api_is_exactly_the_cli_json(
    client: TestClient, db: dict[str, Any], pipeline: Pipeline
) -> None:
    r = client.get(f"/api/stories/{db['flood']}/compare")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.text.endswith("}\n")
    store = open_store(db["path"])
    try:
        articles = store.story_articles(db["flood"])
    finally:
        store.close()
    expected = json.loads(render(pipeline.compare(articles), "json"))
    assert _without_timings(r.json()) == _without_timings(expected)


def test_compare_page_is_the_report_of_the_chosen_articles(
    client: TestClient, db: dict[str, Any]
) -> None:
    r = client.get(f"/stories/{db['bridge']}/compare")
    assert r.status_code == 200
    assert r.text.startswith("<!doctype html>")
    shown = [a["outlet"] for a in _data(r.text, "storydiff-data")["articles"]]
    assert shown == [EVIL_OUTLET, "Daily", "Herald", "Tribune"]  # stored order
    assert _inert(r.text) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def _art(n: int, outlet: str | None, date: str | None) -> Article:
    return Article(id=f"a{n}", text="x", outlet=outlet, date=date)


def test_pick_articles_covers_outlets_then_the_earliest() -> None:
    arts = [
        _art(0, "A", "2024-01-05"),
        _art(1, "B", "2024-01-02"),
        _art(2, "A", "2024-01-01"),
        _art(3, None, "2024-01-03"),
        _art(4, "c", None),
        _art(5, "C ", "2024-01-09"),
        _art(6, "B", "2024-01-04"),
    ]
    ids = [a.id for a in pick_articles(arts, 4)]
    # Earliest per outlet: A=a2, B=a1, C=a5 ("c" and "C " are one outlet; a4 is undated),
    # then the earliest of the rest: a3.
    assert ids == ["a1", "a2", "a3", "a5"]
    assert [a.id for a in pick_articles(arts, 2)] == ["a1", "a2"]
    assert pick_articles(arts, 7) == arts
    assert [a.id for a in pick_articles(arts, 6)] == ["a0", "a1", "a2", "a3", "a5", "a6"]
    # No outlet names at all: the earliest, undated last.
    plain = [_art(i, None, d) for i, d in enumerate([None, "2024-02-01", "2024-01-01"])]
    assert [a.id for a in pick_articles(plain, 2)] == ["a1", "a2"]


# --- hostile text ----------------------------------------------------------------------------


def test_hostile_titles_and_outlets_stay_inert(client: TestClient, db: dict[str, Any]) -> None:
    pages = [
        client.get("/stories").text,
        client.get("/stories", params={"q": "bridge"}).text,
        client.get(f"/stories/{db['bridge']}").text,
    ]
    for html in pages:
        assert _inert(html) == []
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
        assert " src=" not in html.replace("&lt;img src=x", "")
    story = pages[2]
    assert "<title>storydiff: &lt;script&gt;alert(1)&lt;/script&gt;</title>" in story
    assert 'href="javascript' not in story
    assert "javascript:alert(1)" in story  # shown, as text
    assert "&lt;svg/onload=alert(5)&gt;" in story  # in the excerpt


def test_hostile_search_and_ids_are_escaped(client: TestClient) -> None:
    html = client.get("/stories", params={"q": EVIL_OUTLET}).text
    assert _inert(html) == []
    assert 'value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"' in html
    r = client.get("/stories/%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers={"accept": "text/html"})
    assert r.status_code == 404
    assert _inert(r.text) == []


# --- cross-site requests ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "http://testserver:3000"},  # another port on this host is another site
        {"referer": "https://evil.example/page"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "cross-site", "origin": "http://testserver"},
        {"sec-fetch-site": "same-site"},
        {"origin": "null"},
        {"origin": "null", "sec-fetch-site": "same-site"},
    ],
)
def test_cross_site_posts_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    for accept in ("application/json", "text/html"):
        r = client.post(
            "/compare",
            data={"text": [ROWS[5][4], ROWS[6][4]]},
            headers={**headers, "accept": accept},
        )
        assert r.status_code == 403
        message = r.json()["detail"] if accept == "application/json" else r.text
        assert "refused" in message
    r = client.post(
        "/api/compare",
        json={"articles": [{"text": ROWS[5][4]}, {"text": ROWS[6][4]}]},
        headers=headers,
    )
    assert r.status_code == 403
    assert r.json()["detail"].startswith("refused ")
    assert "\n" not in r.json()["detail"]


def test_cross_site_message_names_the_origin(client: TestClient) -> None:
    r = client.post(
        "/compare", data={"text": ["a", "b"]}, headers={"origin": "https://evil.example"}
    )
    assert r.json() == {
        "detail": "refused a cross-site request: its Origin 'https://evil.example' is not this "
        "server (testserver)"
    }


@pytest.mark.parametrize(
    "headers",
    [
        {},  # curl, scripts
        {"origin": "http://testserver", "sec-fetch-site": "same-origin"},
        {"referer": "http://testserver/"},
        # What a browser sends for the form on our own no-referrer page.
        {"origin": "null", "sec-fetch-site": "same-origin"},
        {"sec-fetch-site": "none"},  # typed into the address bar
    ],
)
def test_same_origin_and_scripted_posts_work(client: TestClient, headers: dict[str, str]) -> None:
    r = client.post("/compare", data={"text": [ROWS[5][4], ROWS[6][4]]}, headers=headers)
    assert r.status_code == 200
    assert r.text.startswith("<!doctype html>")
    r = client.post(
        "/api/compare",
        json={"articles": [{"text": ROWS[5][4]}, {"text": ROWS[6][4]}]},
        headers=headers,
    )
    assert r.status_code == 200
    assert r.json()["schema"] == "storydiff.comparison/2"


def test_story_comparisons_refuse_other_sites_but_pages_stay_linkable(
    client: TestClient, db: dict[str, Any]
) -> None:
    cross = {"sec-fetch-site": "cross-site"}
    assert client.get(f"/stories/{db['flood']}/compare", headers=cross).status_code == 403
    assert client.get(f"/api/stories/{db['flood']}/compare", headers=cross).status_code == 403
    assert client.get("/stories", headers=cross).status_code == 200
    assert client.get(f"/stories/{db['flood']}", headers=cross).status_code == 200


@pytest.mark.parametrize(
    ("headers", "refused"),
    [
        ({"host": "localhost:80", "origin": "http://localhost"}, False),
        ({"host": "example.org", "origin": "https://EXAMPLE.org:443"}, False),
        ({"host": "[::1]:8000", "origin": "http://[::1]:8000"}, False),
        ({"host": "127.0.0.1:8000", "origin": "http://localhost:8000"}, True),
        ({"host": "127.0.0.1:8000", "origin": "http://127.0.0.1:99999"}, True),
        ({"host": "127.0.0.1:8000", "origin": "not a url"}, True),
        ({"host": "127.0.0.1:8000", "referer": "http://127.0.0.1:8000/stories"}, False),
        ({"origin": "http://127.0.0.1:8000"}, True),  # no Host to match
    ],
)
def test_cross_site_refusal_compares_host_and_port(headers: dict[str, str], refused: bool) -> None:
    assert (cross_site_refusal(headers) is not None) == refused


# --- the store while ingest writes -----------------------------------------------------------


def test_reads_while_a_writer_holds_the_store(
    db: dict[str, Any], pipeline: Pipeline, tmp_path: Path
) -> None:
    path = tmp_path / "live.db"
    shutil.copy(db["path"], path)
    client = TestClient(create_app(pipeline=pipeline, db=path))
    writer = open_store(path)
    try:
        with writer.transaction():
            writer.put_story(
                StoryState(
                    id="s-new",
                    title="Breaking",
                    size=9,
                    vector_sum=np.zeros(4, dtype=np.float32),
                    last_seq=99,
                )
            )
            t0 = time.monotonic()
            during = client.get("/api/stories").json()["stories"]
            assert time.monotonic() - t0 < 5  # not waiting for the writer's lock
            assert "s-new" not in [s["id"] for s in during]
        after = client.get("/api/stories").json()["stories"]
        assert after[0]["id"] == "s-new"
    finally:
        writer.close()


def test_concurrent_requests_each_use_their_own_connection(
    client: TestClient, db: dict[str, Any]
) -> None:
    paths = ["/api/stories", f"/api/stories/{db['bridge']}", "/stories", f"/stories/{db['flood']}"]
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda p: client.get(p).status_code, paths * 6))
    assert codes == [200] * len(codes)


def test_the_store_file_is_not_held_open(db: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "copy.db"
    shutil.copy(db["path"], path)
    client = TestClient(create_app(db=path))
    assert client.get("/api/stories").status_code == 200
    # Every connection was closed: an exclusive lock can be taken at once.
    con = sqlite3.connect(path, timeout=0.1)
    try:
        con.execute("BEGIN EXCLUSIVE")
        con.execute("ROLLBACK")
    finally:
        con.close()
    path.unlink()
    r = client.get("/api/stories")
    assert r.status_code == 503
    assert "is gone" in r.json()["detail"]
    assert not path.exists()


# --- description -----------------------------------------------------------------------------


def test_openapi_describes_the_story_routes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) >= {
        "/stories",
        "/stories/{story_id}",
        "/stories/{story_id}/compare",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/compare",
    }
    listing = spec["paths"]["/api/stories"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {"page", "min_size", "q"}
    ok = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/StoriesOut")
    detail = spec["components"]["schemas"]["StoryDetail"]
    assert set(detail["properties"]) == {"story", "articles", "max_articles"}


def test_a_damaged_store_answers_one_clear_line(pipeline: Pipeline, damaged_store: Path) -> None:
    # A query that read a damaged page was a 500 with a traceback in the server log.
    client = TestClient(create_app(pipeline=pipeline, db=damaged_store))
    r = client.get("/api/stories", params={"q": "minister", "min_size": 1})
    assert r.status_code == 503
    assert r.json()["detail"].startswith(f"the store {damaged_store} is damaged")
    r = client.get("/stories", params={"q": "minister"}, headers={"accept": "text/html"})
    assert r.status_code == 503
    assert "is damaged" in r.text


def test_story_pages_hand_freed_memory_back_now_and_then(
    db: dict[str, Any], pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each story page frees ~20 MB of SQLite pages and rows in a server thread; kept by
    # glibc, the server's memory grew from one load run to the next.
    from storydiff.web import service as web

    trims: list[int] = []
    monkeypatch.setattr(web, "_malloc_trim", lambda: trims.append)
    client = TestClient(create_app(pipeline=pipeline, db=db["path"]))
    for _ in range(3):
        assert client.get("/api/stories").status_code == 200
    assert trims == [0]  # at most once a second
    client.app.state.storydiff._last_trim = 0.0  # type: ignore[attr-defined]
    assert client.get(f"/stories/{db['bridge']}").status_code == 200
    assert trims == [0, 0]


# --- JSON twins (datasette's pattern: a page's path plus .json) -------------------------------


def test_each_page_has_a_json_twin_equal_to_its_api_route(
    client: TestClient, db: dict[str, Any]
) -> None:
    for twin, api in (
        ("/stories.json", "/api/stories"),
        ("/stories.json?min_size=1&page=1", "/api/stories?min_size=1&page=1"),
        ("/stories.json?q=bridge", "/api/stories?q=bridge"),
        (f"/stories/{db['bridge']}.json", f"/api/stories/{db['bridge']}"),
        (f"/stories/{db['library']}.json", f"/api/stories/{db['library']}"),
    ):
        r, expected = client.get(twin), client.get(api)
        assert r.status_code == 200, twin
        assert r.headers["content-type"] == "application/json"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.json() == expected.json()
    r = client.get(f"/stories/{db['flood']}/compare.json")
    assert r.status_code == 200
    assert r.text.endswith("}\n")
    api = client.get(f"/api/stories/{db['flood']}/compare").json()
    assert _without_timings(r.json()) == _without_timings(api)


def test_json_twins_redirect_refuse_and_fail_like_their_pages(
    client: TestClient, db: dict[str, Any]
) -> None:
    museum, zoo = db["museum"], db["zoo"]
    for old, new in (
        (f"/stories/{zoo}.json", f"/stories/{museum}.json"),
        (f"/stories/{zoo}/compare.json", f"/stories/{museum}/compare.json"),
        (f"/stories/{museum[:12]}.json", f"/stories/{museum}.json"),
    ):
        r = client.get(old, follow_redirects=False)
        assert (r.status_code, r.headers["location"]) == (307, new), old
    r = client.get("/stories/s-nope.json")
    assert (r.status_code, r.json()) == (404, {"detail": "no story 's-nope' in this store"})
    r = client.get("/stories.json?page=0")
    assert r.status_code == 422
    assert r.json()["detail"].startswith("page: ")
    r = client.get(f"/stories/{db['flood']}/compare.json", headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/stories.json", "/stories/{story_id}.json", "/stories/{story_id}/compare.json"} <= set(
        paths
    )


# --- hostile text in the templated pages -----------------------------------------------------

BIDI = "RT\u202e tuo"  # reads as another outlet unless isolated


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> TestClient:
    path = tmp_path_factory.mktemp("hostile") / "news.db"
    articles = [
        article_from_text(
            BRIDGE + evil,
            source=evil,
            title=evil,
            outlet=HOSTILE[(n + 1) % len(HOSTILE)],
            date="2024-05-01",
            lang="en",
        )
        for n, evil in enumerate((*HOSTILE, BIDI))
    ]
    store = open_store(path)
    try:
        clusterer = Clusterer(store, load_embedder("hashing"), ClusterParams(threshold=0.45))
        ingest_stream(articles, store, clusterer)
    finally:
        store.close()
    return TestClient(create_app(pipeline=pipeline, max_articles=4, db=path))


def test_hostile_titles_outlets_and_texts_are_escaped_in_the_templates(
    hostile_client: TestClient,
) -> None:
    listing = hostile_client.get("/stories.json?min_size=1").json()["stories"]
    assert listing
    pages = [hostile_client.get("/stories?min_size=1").text]
    pages += [hostile_client.get(f"/stories/{s['id']}").text for s in listing]
    every = "".join(pages)
    for html in pages:
        assert _inert(html) == []
        assert "<script>alert" not in html.split("</style>", 1)[1]
    for evil in HOSTILE:
        assert escape_html(evil) in every  # shown, as text
    assert escape_html(BIDI) in every
    assert "\u2068RT\u202e tuo\u202c\u2069" in every  # the override cannot leak out


@pytest.mark.parametrize("q", [*HOSTILE, BIDI])
def test_hostile_search_is_escaped_in_the_templates(hostile_client: TestClient, q: str) -> None:
    html = hostile_client.get("/stories", params={"q": q, "min_size": 1}).text
    assert _inert(html) == []
    assert f'value="{escape_html(q)}"' in html
    assert f"matching “{escape_html(q)}”" in html
    r = hostile_client.get("/stories/" + quote(q, safe=""), headers={"accept": "text/html"})
    assert r.status_code == 404
    assert _inert(r.text) == []
    if "/" not in q:  # a decoded slash makes it another path, which no route matches
        assert escape_html(f"no story {q!r} in this store") in r.text
