"""Feedback and links: comparisons by address (cached), the way back from a comparison,
pages N of M, smaller search matches, downloads of every listed table, the form that keeps
its text after an error; and the CLI's side: the ingest progress's total and ETA, and what
``stories`` leaves out.

Uses the small store of ``test_web_stories`` (a five-, a three- and a two-article story
and a singleton).
"""

from __future__ import annotations

import csv
import io
import json
import os
import warnings
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
pytest.importorskip("python_multipart")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient
from test_html import HOSTILE, _data, inert_problems
from test_web_stories import ROWS, _without_timings, db, pipeline  # noqa: F401 (fixtures)

from storydiff.cli import main
from storydiff.compare import Pipeline
from storydiff.corpus import progress_reporter
from storydiff.records import Article, Comparison
from storydiff.render.bidi import escape_html
from storydiff.store import open_store, pick_articles
from storydiff.stream import count_items, iter_articles
from storydiff.web import create_app
from storydiff.web import stories as web_stories
from storydiff.web import tables as web_tables


class Counting:
    """A pipeline that counts its comparisons (a cache hit runs none)."""

    def __init__(self, inner: Pipeline) -> None:
        self.inner = inner
        self.calls = 0

    def compare(self, articles: list[Article]) -> Comparison:
        self.calls += 1
        return self.inner.compare(articles)


@pytest.fixture
def counting(pipeline: Pipeline) -> Counting:  # noqa: F811 (the imported fixture)
    return Counting(pipeline)


@pytest.fixture
def app_client(db: dict[str, Any], counting: Counting) -> TestClient:  # noqa: F811
    return TestClient(create_app(pipeline=counting, max_articles=4, db=db["path"]))


def _story_ids(db: dict[str, Any], key: str) -> list[str]:  # noqa: F811
    store = open_store(db["path"], create=False)
    try:
        return [a.id for a in pick_articles(store.story_articles(db[key]), 4)]
    finally:
        store.close()


# --- comparisons by address -----------------------------------------------------------------


def test_a_comparison_by_ids_is_cached_and_links_back(
    app_client: TestClient,
    counting: Counting,
    db: dict[str, Any],  # noqa: F811
) -> None:
    ids = _story_ids(db, "flood")
    url = "/compare?ids=" + ",".join(ids)
    first = app_client.get(url)
    assert first.status_code == 200
    assert first.text.startswith("<!doctype html>")
    assert counting.calls == 1
    again = app_client.get(url)
    assert again.status_code == 200
    assert counting.calls == 1  # a cache hit: the bookmark opens without comparing again
    assert f'href="/stories/{db["flood"]}"' in again.text  # back to its story
    # The JSON twins answer from the same cache, and equal what the story's route gives.
    twin = app_client.get("/compare.json?ids=" + ",".join(ids))
    api = app_client.get("/api/compare", params={"ids": ",".join(ids)})
    assert counting.calls == 1
    assert twin.headers["content-type"] == "application/json"
    assert twin.json() == api.json()
    story = app_client.get(f"/api/stories/{db['flood']}/compare").json()
    assert counting.calls == 1  # the story's comparison is the same articles: cached too
    assert _without_timings(story) == _without_timings(twin.json())


def test_a_story_comparison_links_back_to_its_story_and_to_itself(
    app_client: TestClient,
    db: dict[str, Any],  # noqa: F811
) -> None:
    page = app_client.get(f"/stories/{db['bridge']}").text
    assert f'href="/stories/{db["bridge"]}/compare"' in page
    report = app_client.get(f"/stories/{db['bridge']}/compare").text
    assert f'href="/stories/{db["bridge"]}">← Back to the story' in report
    ids = ",".join(_story_ids(db, "bridge"))
    assert f'href="/compare?ids={ids}"' in report
    assert inert_problems(report) == []
    shown = [a["outlet"] for a in _data(report, "storydiff-data")["articles"]]
    assert len(shown) == 4


def test_bad_ids_are_one_line(app_client: TestClient, db: dict[str, Any]) -> None:  # noqa: F811
    ids = _story_ids(db, "flood")
    r = app_client.get("/api/compare", params={"ids": ids[0] + ",nope"})
    assert (r.status_code, r.json()) == (404, {"detail": "no article 'nope' in this store"})
    r = app_client.get("/api/compare", params={"ids": ids[0]})
    assert r.status_code == 422
    assert "at least two articles" in r.json()["detail"]
    r = app_client.get("/compare?ids=<script>alert(1)</script>,x", headers={"accept": "text/html"})
    assert r.status_code == 404
    assert "<script>alert" not in r.text
    r = app_client.get("/compare?ids=a,b", headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403


# --- lists: pages, smaller matches, downloads -----------------------------------------------


def test_pages_say_n_of_m_with_links(
    app_client: TestClient,
    db: dict[str, Any],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(web_stories, "PAGE_SIZE", 2)
    first = app_client.get("/stories").text
    assert "Page 1 of 2 · 3 stories" in first
    assert 'href="/stories?page=2">Next →' in first
    second = app_client.get("/stories?page=2").text
    assert "Page 2 of 2" in second
    assert 'href="/stories">← Previous' in second
    api = app_client.get("/api/stories?page=2").json()
    assert (api["total"], api["pages"]) == (3, 2)
    everything = app_client.get("/api/stories?min_size=1").json()
    assert (everything["total"], everything["pages"]) == (4, 2)


def test_search_counts_one_article_matches(app_client: TestClient) -> None:
    got = app_client.get("/api/stories", params={"q": "library"}).json()
    assert (got["hidden_smaller"], got["one_article_matches"], got["total"]) == (1, 1, 0)
    page = app_client.get("/stories", params={"q": "library"}).text
    assert "(1 one-article match): " in page
    assert 'href="/stories?q=library&amp;min_size=1">show them' in page


def test_every_listing_page_links_its_downloads(
    app_client: TestClient,
    db: dict[str, Any],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    listing = app_client.get("/stories").text
    for fmt in ("csv", "json", "parquet"):
        assert f'href="/download/stories.{fmt}"' in listing
    search = app_client.get("/stories", params={"q": "evacuated"}).text
    assert 'href="/download/stories.csv?q=evacuated"' in search
    story = app_client.get(f"/stories/{db['flood']}").text
    for fmt in ("csv", "jsonl", "parquet"):
        assert f'href="/download/stories/{db["flood"]}.{fmt}"' in story
    monkeypatch.setattr(web_tables, "has_parquet", lambda: False)
    assert ".parquet" not in app_client.get("/stories").text
    assert ".parquet" not in app_client.get(f"/stories/{db['flood']}").text
    assert app_client.get("/download/stories.parquet").status_code == 404


def test_list_downloads_carry_every_story_of_the_list(app_client: TestClient) -> None:
    r = app_client.get("/download/stories.csv", params={"min_size": 1})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == 'attachment; filename="stories.csv"'
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [int(row["size"]) for row in rows] == [5, 3, 2, 1]
    assert json.loads(rows[1]["outlets"]) == ["Daily", "Herald", "Tribune"]  # a real list
    as_json = app_client.get("/download/stories.json", params={"q": "evacuated"})
    assert as_json.headers["content-type"] == "application/json"
    assert [s["size"] for s in as_json.json()] == [3]
    pq = pytest.importorskip("pyarrow.parquet")
    r = app_client.get("/download/stories.parquet")
    assert r.headers["content-type"] == "application/vnd.apache.parquet"
    assert r.headers["content-disposition"] == 'attachment; filename="stories.parquet"'
    table = pq.read_table(io.BytesIO(r.content)).to_pylist()
    assert [t["size"] for t in table] == [5, 3, 2]
    assert table[1]["outlets"] == ["Daily", "Herald", "Tribune"]


def test_story_downloads_are_the_export_rows_of_its_comparison(
    app_client: TestClient,
    counting: Counting,
    db: dict[str, Any],  # noqa: F811
) -> None:
    r = app_client.get(f"/download/stories/{db['flood']}.csv")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == f'attachment; filename="story-{db["flood"]}.csv"'
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["story_id"] for row in rows} == {db["flood"]}
    assert {row["outlet"] for row in rows} == {"Daily", "Herald", "Tribune"}
    lines = app_client.get(f"/download/stories/{db['flood']}.jsonl")
    assert lines.headers["content-type"] == "application/x-ndjson"
    assert len(lines.text.splitlines()) == len(rows)
    assert counting.calls == 1  # both from one cached comparison
    assert app_client.get(f"/download/stories/{db['library']}.csv").status_code == 422
    assert app_client.get("/download/stories/nope.csv").status_code == 404
    assert app_client.get(f"/download/stories/{db['flood']}.exe").status_code == 404


# --- the form keeps its text -----------------------------------------------------------------


def test_the_form_comes_back_with_its_text_after_an_error(app_client: TestClient) -> None:
    hostile = "A headline\n" + "\n".join(HOSTILE)
    r = app_client.post(
        "/compare",
        data={"text": [hostile], "outlet": ['"><b>x</b>'], "urls": ""},
        headers={"accept": "text/html"},
    )
    assert r.status_code == 422
    assert "give at least two articles to compare (got only one)" in r.text
    assert escape_html(hostile) in r.text  # in its box, escaped
    assert 'value="&quot;&gt;&lt;b&gt;x&lt;/b&gt;"' in r.text
    assert "<script>alert" not in r.text
    assert r.text.count("<textarea") == 3  # two article boxes and the URLs
    # A script (no HTML asked for) still gets the one-line JSON.
    r = app_client.post("/compare", data={"text": [hostile]})
    assert r.json() == {"detail": "give at least two articles to compare (got only one)"}


# --- the CLI ---------------------------------------------------------------------------------


def test_ingest_progress_says_total_rate_and_eta(capsys: pytest.CaptureFixture[str]) -> None:
    log = progress_reporter(40, tty=False, prefix="x: ")
    log(1)
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("x: ingest: 1 item read of 40, ")
    assert ", ETA " in line
    bar = progress_reporter(40, tty=True)
    bar(10)
    assert " 10/40 items, " in capsys.readouterr().err
    unknown = progress_reporter(None, tty=True)
    unknown(3)
    assert "3 items, total unknown, " in capsys.readouterr().err


def test_count_items_matches_the_stream(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        "\n".join(json.dumps({"text": t}) for *_, t in ROWS[:4]) + "\n\nnot json\n", "utf-8"
    )
    with (tmp_path / "b.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["title", "text"])
        writer.writeheader()
        writer.writerows({"title": t, "text": x + "\nsecond line"} for t, *_, x in ROWS[4:7])
    (tmp_path / "c.txt").write_text(ROWS[8][4], "utf-8")
    (tmp_path / "d.json").write_text(json.dumps([{"text": x} for *_, x in ROWS[:2]]), "utf-8")
    sources = [str(tmp_path), str(tmp_path / "missing.txt")]
    assert count_items(sources) == sum(1 for _ in iter_articles(sources)) == 12
    assert count_items([str(tmp_path), "https://example.org/feed"]) is None
    (tmp_path / "e.rss").write_text("<rss/>", "utf-8")
    assert count_items([str(tmp_path)]) is None  # a feed's entries are unknown until read


def test_stories_says_what_it_leaves_out(
    capsys: pytest.CaptureFixture[str],
    db: dict[str, Any],  # noqa: F811
) -> None:
    path = str(db["path"])
    assert main(["stories", "--db", path, "--limit", "2"]) == 0
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 2
    assert "showing 2 of 3 stories: --limit 3 shows all" in out.err
    assert main(["stories", "--db", path, "--search", "library"]) == 0
    err = capsys.readouterr().err
    assert "no stories of 2+ articles matching 'library'" in err
    assert "1 more matching story is smaller than 2 articles (1 one-article match)" in err
    assert "--min-size 1 shows them" in err


# --- phones ----------------------------------------------------------------------------------


@pytest.mark.browser
def test_no_page_is_wider_than_a_phone(
    app_client: TestClient,
    db: dict[str, Any],  # noqa: F811
    tmp_path: Path,
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = Path(os.environ.get("STORYDIFF_CHROMIUM", "/usr/bin/chromium"))
    if not chromium.exists():
        pytest.skip(f"no Chromium at {chromium}")
    pages = {
        "stories": app_client.get("/stories?min_size=1").text,
        "search": app_client.get("/stories?q=bridge").text,
        "story": app_client.get(f"/stories/{db['bridge']}").text,
        "compare": app_client.get(f"/stories/{db['bridge']}/compare").text,
        "form": app_client.post(
            "/compare", data={"text": [ROWS[0][4]]}, headers={"accept": "text/html"}
        ).text,
    }
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(chromium), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            for name, html in pages.items():
                path = tmp_path / f"{name}.html"
                path.write_text(html, encoding="utf-8")
                for width, height in ((390, 844), (1366, 900)):
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(path.as_uri())
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    assert wide <= width, f"{name} is {wide}px wide at {width}px"
                    page.close()
        finally:
            browser.close()
