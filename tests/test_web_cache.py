"""The web app's comparison cache: keys that change with everything that decides a result,
single flight under many threads, and no stale answer after a settings change."""

from __future__ import annotations

import dataclasses
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from storydiff.compare import Pipeline
from storydiff.ingest import article_from_text
from storydiff.records import Comparison
from storydiff.settings import Settings
from storydiff.web import create_app
from storydiff.web.cache import ComparisonCache, comparison_key
from storydiff.web.service import ComparisonService

A = "Thousands of people marched in the capital on Sunday. Police said 10,000 took part."
B = "Thousands marched through the capital on Sunday. Police said about 5,000 took part."
SETTINGS = Settings(embedder="hashing", cache=False)


class _Counting:
    """A pipeline that counts its comparisons and takes ``delay`` seconds over each."""

    def __init__(self, inner: Pipeline, delay: float = 0.0) -> None:
        self.inner = inner
        self.settings = inner.settings
        self.embedder = inner.embedder
        self.relater = inner.relater
        self.delay = delay
        self.calls = 0
        self._lock = threading.Lock()

    def compare(self, articles: Any) -> Comparison:
        with self._lock:
            self.calls += 1
        time.sleep(self.delay)
        return self.inner.compare(articles)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(SETTINGS)


def _pair(**fields: Any) -> list[Any]:
    return [article_from_text(A, source="a", **fields), article_from_text(B, source="b")]


def test_the_key_changes_with_everything_that_decides_the_result() -> None:
    base = comparison_key(_pair(), SETTINGS, ["e5"])
    assert comparison_key(_pair(), SETTINGS, ["e5"]) == base  # stable
    others = [
        comparison_key(_pair(title="A title"), SETTINGS, ["e5"]),
        comparison_key(_pair(outlet="Outlet"), SETTINGS, ["e5"]),
        comparison_key(_pair(date="2026-11-30"), SETTINGS, ["e5"]),
        comparison_key(_pair(lang="uk"), SETTINGS, ["e5"]),
        comparison_key(_pair()[::-1], SETTINGS, ["e5"]),  # order decides the output's order
        comparison_key(
            [dataclasses.replace(_pair()[0], metadata={"leaning": "left"}), _pair()[1]],
            SETTINGS,
            ["e5"],
        ),
        comparison_key(_pair(), dataclasses.replace(SETTINGS, align_threshold=0.9), ["e5"]),
        comparison_key(_pair(), dataclasses.replace(SETTINGS, framing=False), ["e5"]),
        comparison_key(_pair(), SETTINGS, ["e5-other"]),
    ]
    assert len({base, *others}) == len(others) + 1


def test_single_flight_under_many_threads() -> None:
    cache = ComparisonCache(size=8)
    calls: dict[str, int] = {}
    lock = threading.Lock()
    made = {k: object() for k in "abcd"}

    def compute(key: str) -> Any:
        with lock:
            calls[key] = calls.get(key, 0) + 1
        time.sleep(0.05)  # long enough for every thread to arrive while it runs
        return made[key]

    keys = [k for k in "abcd" for _ in range(12)]
    with ThreadPoolExecutor(len(keys)) as pool:
        got = list(pool.map(lambda k: cache.get_or_compute(k, lambda: compute(k)), keys))
    assert calls == dict.fromkeys("abcd", 1)
    assert all(g is made[k] for g, k in zip(got, keys, strict=True))
    assert cache.misses == 4
    assert cache.hits + cache.shared == len(keys) - 4
    assert cache.get_or_compute("a", lambda: compute("a")) is made["a"]  # kept
    assert calls["a"] == 1


def test_a_failure_reaches_every_waiter_and_is_not_kept() -> None:
    cache = ComparisonCache()
    started = threading.Event()
    release = threading.Event()

    def fail() -> Any:
        started.set()
        release.wait(5)
        raise ValueError("bad input")

    def ask() -> str:
        try:
            cache.get_or_compute("k", fail)
        except ValueError as err:
            return str(err)
        return "no error"

    with ThreadPoolExecutor(6) as pool:
        first = pool.submit(ask)
        assert started.wait(5)
        rest = [pool.submit(ask) for _ in range(5)]
        while cache.shared < 5:
            time.sleep(0.01)
        release.set()
        assert [f.result() for f in [first, *rest]] == ["bad input"] * 6
    ok = object()
    assert cache.get_or_compute("k", lambda: ok) is ok  # computed again, then kept


def test_the_cache_is_bounded() -> None:
    cache = ComparisonCache(size=2)
    for k in "abc":
        cache.get_or_compute(k, object)
    assert cache.get("a") is None  # least recently used, dropped
    assert cache.get("b") is not None
    assert cache.get("c") is not None


def test_identical_requests_at_once_share_one_comparison(pipeline: Pipeline) -> None:
    counting = _Counting(pipeline, delay=0.3)
    client = TestClient(create_app(pipeline=counting, workers=4, queue=8))
    body = {"articles": [{"text": A, "title": "Rally"}, {"text": B}]}
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: client.post("/api/compare", json=body), range(8)))
    assert [r.status_code for r in answers] == [200] * 8
    assert len({r.text for r in answers}) == 1
    assert counting.calls == 1
    other = {"articles": [{"text": A, "title": "Another title"}, {"text": B}]}
    r = client.post("/api/compare", json=other)
    assert r.status_code == 200
    assert r.json()["articles"][0]["title"] == "Another title"
    assert counting.calls == 2  # a different title is a different comparison


def test_no_stale_result_after_a_settings_change(pipeline: Pipeline) -> None:
    service = ComparisonService(settings=SETTINGS, allow_private_urls=False, pipeline=pipeline)
    first = service.compare(_pair())
    assert service.compare(_pair()) is first
    service.pipeline = Pipeline(dataclasses.replace(SETTINGS, framing=False))
    changed = service.compare(_pair())
    assert changed is not first
    assert changed.settings["framing"] is False
    assert not changed.framing


def test_stored_comparisons_are_answered_from_the_cache(pipeline: Pipeline) -> None:
    import asyncio

    counting = _Counting(pipeline)
    service = ComparisonService(settings=SETTINGS, allow_private_urls=False, pipeline=counting)
    articles = _pair()
    first = asyncio.run(service.stored_comparison(articles))
    again = asyncio.run(service.stored_comparison(articles))
    assert again is first
    assert counting.calls == 1
    assert service.admitted == 0


def test_texts_compared_before_are_answered_while_every_worker_is_busy(
    pipeline: Pipeline,
) -> None:
    release = threading.Event()

    class Holding(_Counting):
        def compare(self, articles: Any) -> Comparison:
            if any("Hold on." in a.text for a in articles):
                release.wait(10)
            return super().compare(articles)

    app = create_app(pipeline=Holding(pipeline), workers=1, queue=0)
    client = TestClient(app)
    body = {"articles": [{"text": A}, {"text": B}]}
    first = client.post("/api/compare", json=body)
    assert first.status_code == 200
    held = {"articles": [{"text": A + " Hold on."}, {"text": B}]}
    with ThreadPoolExecutor(1) as pool:
        busy = pool.submit(client.post, "/api/compare", json=held)
        for _ in range(500):
            if app.state.storydiff.admitted == 1:
                break
            time.sleep(0.01)
        try:
            again = client.post("/api/compare", json=body)  # kept: no worker needed
            assert again.status_code == 200
            assert again.text == first.text
            new = {"articles": [{"text": A}, {"text": B + " More."}]}
            assert client.post("/api/compare", json=new).status_code == 503  # needs one
        finally:
            release.set()
        assert busy.result().status_code == 200
