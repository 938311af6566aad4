"""The web app, in process: form, HTML report, JSON twin, limits, URL refusals, hostile text.

Skipped when the ``web`` extra (fastapi, python-multipart, httpx for the test client) is
not installed. The pipeline uses the model-free hashing embedder, so these tests are fast.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import warnings
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
pytest.importorskip("python_multipart")

with warnings.catch_warnings():  # starlette nudges towards httpx2; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient
from test_html import HOSTILE, _data, inert_problems

from storydiff.compare import Pipeline
from storydiff.ingest import article_from_text
from storydiff.render import render
from storydiff.render.jsonout import from_json
from storydiff.settings import Settings
from storydiff.web import create_app

A = (
    "Rally in the capital\n\nThousands of people marched in the capital on Sunday. Police said "
    "about 10,000 people took part. The march ended peacefully near the parliament."
)
B = (
    "Capital rally draws crowds\n\nThousands of people marched through the capital on Sunday. "
    "Police said about 5,000 people took part. Organisers said the number was higher."
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Settings(embedder="hashing", cache=False))


@pytest.fixture(scope="module")
def client(pipeline: Pipeline) -> TestClient:
    return TestClient(create_app(pipeline=pipeline, max_articles=4, max_bytes=100_000))


def _without_timings(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k != "timings"}


def test_form_page(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert 'enctype="multipart/form-data"' in html
    assert 'action="/compare"' in html
    assert 'name="text"' in html
    assert 'type="file"' in html
    assert 'name="urls"' in html
    assert "form-action &#x27;self&#x27;" in html
    assert r.headers["x-content-type-options"] == "nosniff"
    assert " src=" not in html
    assert "<link" not in html


def test_api_returns_exactly_the_cli_json(client: TestClient, pipeline: Pipeline) -> None:
    r = client.post(
        "/api/compare",
        json={"articles": [{"text": A, "outlet": "Kyiv Outlet"}, {"text": B, "lang": "en"}]},
    )
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.text.endswith("}\n")
    got = json.loads(r.text)
    assert got["schema"] == "storydiff.comparison/2"
    assert from_json(r.text).articles[0].article.outlet == "Kyiv Outlet"
    # The same articles through the same render call the CLI makes.
    articles = [
        article_from_text(A, source="text 1", outlet="Kyiv Outlet"),
        article_from_text(B, source="text 2", lang="en"),
    ]
    expected = json.loads(render(pipeline.compare(articles), "json"))
    assert _without_timings(got) == _without_timings(expected)


def test_form_report_embeds_its_json_twin(client: TestClient) -> None:
    r = client.post("/compare", data={"text": [A, B, "  "], "outlet": ["Kyiv Outlet", "", ""]})
    assert r.status_code == 200
    assert r.text.startswith("<!doctype html>")
    assert "Kyiv Outlet" in r.text
    assert "text 2" in r.text
    twin = client.post(
        "/api/compare",
        json={"articles": [{"text": A, "outlet": "Kyiv Outlet"}, {"text": B}]},
    ).json()
    page = _data(r.text, "storydiff-data")
    assert _without_timings(page) == _without_timings(twin)


def test_uploads_keep_only_the_base_name(client: TestClient) -> None:
    files = [
        ("file", ("../../etc/a.txt", A.encode(), "text/plain")),
        ("file", ("b.html", f"<html><body><p>{B}</p></body></html>".encode(), "text/html")),
    ]
    r = client.post("/compare", files=files)
    assert r.status_code == 200
    sources = [a["source"] for a in _data(r.text, "storydiff-data")["articles"]]
    assert sources == ["a.txt", "b.html"]


def test_unreadable_upload_is_a_clear_400(client: TestClient) -> None:
    files = [("file", ("a.txt", A.encode(), "text/plain")), ("file", ("b.txt", b"", "text/plain"))]
    r = client.post("/compare", files=files)
    assert r.status_code == 400
    assert r.json() == {"detail": "b.txt: empty file"}


@pytest.mark.parametrize(
    ("n", "message"),
    [
        (0, "give at least two articles to compare (got none)"),
        (1, "give at least two articles to compare (got only one)"),
        (5, "too many articles: 5 given, at most 4 per comparison"),
    ],
)
def test_article_count_limits(client: TestClient, n: int, message: str) -> None:
    r = client.post("/api/compare", json={"articles": [{"text": f"{A} {i}"} for i in range(n)]})
    assert r.status_code == 422
    assert r.json() == {"detail": message}
    r = client.post("/compare", data={"text": [f"{A} {i}" for i in range(n)]})
    assert r.status_code == 422
    assert r.json() == {"detail": message}


def test_size_limit_by_content_length(client: TestClient) -> None:
    big = {"articles": [{"text": "word " * 30_000}, {"text": B}]}
    r = client.post("/api/compare", json=big)
    assert r.status_code == 413
    assert r.json() == {"detail": "request too large: the limit is 100,000 bytes"}


def test_size_limit_while_streaming(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is sent chunked
        yield b'{"articles": [{"text": "'
        for _ in range(30):
            yield b"word " * 1000
        yield b'"}]}'

    r = client.post("/api/compare", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "request too large" in r.json()["detail"]


def test_errors_are_html_when_the_browser_asks(client: TestClient) -> None:
    r = client.post(
        "/compare",
        data={"text": ["word " * 30_000]},
        headers={"accept": "text/html,application/xhtml+xml"},
    )
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/html")
    assert "request too large" in r.text
    assert 'href="/"' in r.text


def test_private_urls_are_refused_before_connecting(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_connection(*args: object, **kw: object) -> None:
        raise AssertionError("the app tried to connect")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    for url in ("http://127.0.0.1:9/", "http://169.254.169.254/latest/", "http://[::1]/"):
        r = client.post("/api/compare", json={"articles": [{"url": url}, {"text": B}]})
        assert r.status_code == 400
        assert r.json()["detail"].startswith(f"refused {url}")
    r = client.post("/compare", data={"urls": "http://10.0.0.1/a\nhttp://localhost/"})
    assert r.status_code == 400
    assert "10.0.0.1 is a private address" in r.json()["detail"]


def test_api_article_needs_text_or_url(client: TestClient) -> None:
    r = client.post("/api/compare", json={"articles": [{"title": "x"}, {"text": B}]})
    assert r.status_code == 400
    assert r.json() == {"detail": "article 1: give either text or url"}


def test_hostile_text_stays_inert_in_the_report(client: TestClient) -> None:
    hostile = A + "\n" + "\n".join(HOSTILE)
    r = client.post("/compare", data={"text": [hostile, B], "outlet": [HOSTILE[1], HOSTILE[4]]})
    assert r.status_code == 200
    assert inert_problems(r.text) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    page = _data(r.text, "storydiff-data")
    assert page["articles"][0]["outlet"] == HOSTILE[1]


def test_hostile_error_message_is_escaped(client: TestClient) -> None:
    r = client.post(
        "/compare",
        data={"urls": "http://<script>alert(1)</script>/\nhttp://x/"},
        headers={"accept": "text/html"},
    )
    assert r.status_code == 400
    assert "<script>alert" not in r.text
    assert inert_problems(r.text) == []


def test_openapi_describes_both_endpoints(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) >= {"/", "/compare", "/api/compare"}
    form = spec["paths"]["/compare"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert set(form["schema"]["properties"]) == {"text", "outlet", "file", "urls"}
    api = spec["paths"]["/api/compare"]["post"]["requestBody"]["content"]["application/json"]
    assert api["schema"]["$ref"].endswith("/CompareRequest")
    assert client.get("/docs").status_code == 404  # the CDN-loading docs page is off


class _Pages(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = (A if self.path == "/a" else B).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_urls_are_fetched_when_private_urls_are_allowed(pipeline: Pipeline) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        app = create_app(pipeline=pipeline, allow_private_urls=True)
        r = TestClient(app).post("/compare", data={"urls": f"{base}/a\n{base}/b"})
        assert r.status_code == 200
        urls = [a["url"] for a in _data(r.text, "storydiff-data")["articles"]]
        assert urls == [f"{base}/a", f"{base}/b"]
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_models_load_once_per_app() -> None:
    app = create_app(Settings(embedder="hashing", cache=False))
    client = TestClient(app)
    service = app.state.storydiff
    assert service.pipeline is None  # nothing loaded until the first comparison
    loaded = []
    for _ in range(2):
        r = client.post("/api/compare", json={"articles": [{"text": A}, {"text": B}]})
        assert r.status_code == 200
        loaded.append(service.pipeline)
    assert loaded[0] is not None
    assert loaded[0] is loaded[1]


# --- concurrency ---------------------------------------------------------------------------


class _Gate:
    """A pipeline that waits at ``gate`` before comparing, counting those inside at once."""

    def __init__(self, inner: Pipeline, gate: threading.Barrier | threading.Event) -> None:
        self.inner = inner
        self.gate = gate
        self.entered = threading.Semaphore(0)

    def compare(self, articles: Any) -> Any:
        self.entered.release()
        if isinstance(self.gate, threading.Barrier):
            self.gate.wait()
        else:
            self.gate.wait(10)
        return self.inner.compare(articles)


def _post_many(client: TestClient, n: int) -> list[Any]:
    out: list[Any] = [None] * n

    def one(i: int) -> None:
        out[i] = client.post(
            "/api/compare", json={"articles": [{"text": A}, {"text": B + f" Note {i}."}]}
        )

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return out


def test_comparisons_run_at_the_same_time(pipeline: Pipeline) -> None:
    # They ran one at a time behind a lock: two comparisons that each wait for the other
    # (a barrier of two) broke the barrier and answered 500.
    gated = _Gate(pipeline, threading.Barrier(2, timeout=5))
    client = TestClient(create_app(pipeline=gated, workers=2))
    answers = _post_many(client, 2)
    assert [r.status_code for r in answers] == [200, 200]


def test_a_full_queue_answers_503_with_retry_after(pipeline: Pipeline) -> None:
    gate = threading.Event()
    gated = _Gate(pipeline, gate)
    app = create_app(pipeline=gated, workers=1, queue=1)
    client = TestClient(app)
    service = app.state.storydiff
    out: list[Any] = []
    first = threading.Thread(target=lambda: out.extend(_post_many(client, 2)))
    first.start()
    try:
        assert gated.entered.acquire(timeout=10)  # one running ...
        for _ in range(200):  # ... and one waiting
            if service.admitted == 2:
                break
            threading.Event().wait(0.02)
        assert service.admitted == 2
        r = client.post("/api/compare", json={"articles": [{"text": A}, {"text": B}]})
        assert r.status_code == 503
        assert int(r.headers["retry-after"]) > 0
        assert "busy" in r.json()["detail"]
    finally:
        gate.set()
        first.join(30)
    assert [r.status_code for r in out] == [200, 200]
    assert service.admitted == 0
    r = client.post("/api/compare", json={"articles": [{"text": A}, {"text": B}]})
    assert r.status_code == 200


def test_many_concurrent_comparisons_with_a_disk_cache(tmp_path: Any) -> None:
    # The first defect of issue 11: after concurrent requests every comparison with a new
    # sentence answered 500 (the cache's SQLite connection belonged to another thread).
    app = create_app(Settings(embedder="hashing", cache=True, cache_dir=tmp_path), workers=4)
    client = TestClient(app)
    answers = _post_many(client, 8)
    assert [r.status_code for r in answers] == [200] * 8
    again = _post_many(client, 8)
    assert [r.status_code for r in again] == [200] * 8


# --- the Host-header guard -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("[::1]:8000", True),
        ("attacker.example", False),  # a DNS-rebinding page reaching the loopback server
        ("attacker.example:8000", False),
        ("127.0.0.1.attacker.example", False),
        ("", False),
    ],
)
def test_host_header_guard(pipeline: Pipeline, host: str, allowed: bool) -> None:
    app = create_app(pipeline=pipeline, allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1"])
    client = TestClient(app)
    page = client.get("/", headers={"host": host})
    api = client.post(
        "/api/compare",
        headers={"host": host},
        json={"articles": [{"text": A}, {"text": B}]},
    )
    if allowed:
        assert (page.status_code, api.status_code) == (200, 200)
    else:
        assert (page.status_code, api.status_code) == (400, 400)
        assert "Invalid host header" in page.text


def test_serve_on_loopback_guards_the_host_header(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from storydiff import web

    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    web.serve("127.0.0.1", 8123, settings=Settings(embedder="hashing", cache=False))
    assert served["host"] == "127.0.0.1"
    client = TestClient(served["app"])
    assert client.get("/", headers={"host": "127.0.0.1:8123"}).status_code == 200
    assert client.get("/", headers={"host": "rebind.example:8123"}).status_code == 400
    served.clear()
    web.serve("0.0.0.0", 8123, settings=Settings(embedder="hashing", cache=False))
    # Listening on every interface is a deliberate choice: any name may reach it.
    client = TestClient(served["app"])
    assert client.get("/", headers={"host": "news.example"}).status_code == 200


def test_each_comparison_hands_freed_memory_back(
    pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    # RSS grew 13% from one load run to the next: glibc kept the pages each comparison freed.
    from storydiff.web import service as web

    trims: list[int] = []
    monkeypatch.setattr(web, "_malloc_trim", lambda: trims.append)
    client = TestClient(create_app(pipeline=pipeline))
    r = client.post("/api/compare", json={"articles": [{"text": A}, {"text": B}]})
    assert r.status_code == 200
    # After a failed one too (a URL is read on a worker; an empty text is refused before).
    r = client.post("/api/compare", json={"articles": [{"text": A}, {"url": "http://127.0.0.1/"}]})
    assert r.status_code == 400
    assert trims == [0, 0]
    monkeypatch.undo()
    if sys.platform.startswith("linux"):
        assert web._malloc_trim() is not None  # glibc here
