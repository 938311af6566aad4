"""Corpus mode on Ray: ``storydiff ingest --engine ray`` embeds on a cluster, places locally.

The encoder is what limits an ingest, and it is the one part that parallelises freely:
an article's lead text and vector depend on that article alone. Story assignment does
not (each article's story depends on every article placed before it), so it stays in
one writer, the driver, on the same ``Clusterer.add`` path as the local engine.

1. The driver reads the sources with ``stream.iter_articles`` and lets them through the
   same ``corpus.Gate`` as the local loop (rejects, too short, duplicates), numbering the
   admitted articles in input order.
2. They become a Ray Dataset (``ray.data.from_items``), one row per micro-batch of
   ``chunk`` articles, cut where the local engine cuts its batches, and ``map_batches``
   runs ``LeadEmbedder`` on a pool of ``workers`` actors: each loads the embedder once
   and turns each micro-batch into one row per article with its lead text, name keys and
   vector, embedding the micro-batch's leads together as the local engine does.
3. The driver reads the results back in input order (Ray Data's ``preserve_order``),
   one micro-batch of ``chunk`` articles at a time; it appends each micro-batch to a
   Parquet dataset partitioned by date (``day=YYYY-MM-DD``, ``day=undated``), then
   places its articles one by one with ``Clusterer.add``.

So the store gets the same articles in the same order with the same vectors as from the
local engine, and the same stories. (An encoder's output can depend, in the last bits, on
which texts share its batch; the embedding cache of the local engine changes its batches,
so with the cache on the two can differ there, and a tie can then go either way.) The
Parquet files are
an export beside the store, written before the store commits: a run killed midway may
have written an article twice there (join on ``id``), never left one out.

The admitted articles are held in the driver and handed to Ray at once, which is simple
and keeps the order exact; an archive larger than the driver's memory is ingested in
several runs (each adds only what is new).

``ray_session`` is the connection both this and ``export.export_on_ray`` use.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from storydiff.cluster import Clusterer, ClusterParams, Prepared, lead_text
from storydiff.corpus import Gate, IngestSummary
from storydiff.embed import load_embedder
from storydiff.errors import NotInstalled
from storydiff.ingest import Problem
from storydiff.records import Article, Removal
from storydiff.text.dates import parse_iso_date

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True, kw_only=True)
class RayOptions:
    """Where and how wide the Ray engine runs.

    ``address`` is a running cluster's (``ray://host:10001`` or ``host:6379``); None uses
    ``RAY_ADDRESS`` when set, else starts a local Ray for the run. ``workers`` is the
    number of embedding actors, each holding one copy of the model. ``output`` is the
    Parquet directory (None: ``<store>.parquet`` beside the store). ``chunk`` is the
    micro-batch: the articles embedded together and placed together.
    """

    address: str | None = None
    workers: int = 2
    output: Path | None = None
    chunk: int = 32
    min_chars: int = 100


def article_record(article: Article) -> str:
    """``article`` as one JSON text, every field kept (``article_from_record`` reads it)."""
    return json.dumps(asdict(article), ensure_ascii=False)


def article_from_record(record: str) -> Article:
    """The ``Article`` that ``article_record`` wrote."""
    fields = json.loads(record)
    fields["removed"] = tuple(Removal(**r) for r in fields["removed"])
    return Article(**fields)


def _schema(dim: int) -> pa.Schema:
    import pyarrow as pa

    text = pa.string()
    return pa.schema(
        [
            ("pos", pa.int64()),
            ("id", text),
            ("title", text),
            ("outlet", text),
            ("date", text),
            ("lang", text),
            ("url", text),
            ("source", text),
            ("source_id", text),
            ("text", text),
            ("metadata", text),  # JSON: its keys vary from one input to the next
            ("lead", text),
            ("names", pa.list_(text)),
            ("vector", pa.list_(pa.float32(), dim)),
            ("day", text),
        ]
    )


class LeadEmbedder:
    """A Ray actor's work: lead texts, name keys and vectors of micro-batches of articles.

    The embedder is loaded once per actor, in ``__init__``; ``__call__`` is pure, so Ray
    may send any rows to any actor. Each row (``pos``: the first article's number,
    ``articles``: their records) is embedded in one call, so the encoder sees the same
    batches as in the local engine.
    """

    def __init__(self, embedder: str, model: str | None, params: ClusterParams) -> None:
        self.embedder = load_embedder(embedder, model)
        self.params = params
        self.schema = _schema(self.embedder.dim)

    def __call__(self, batch: pa.Table) -> pa.Table:
        import pyarrow as pa

        dim = self.embedder.dim
        positions: list[int] = []
        articles: list[Article] = []
        leads: list[tuple[str, frozenset[str]]] = []
        parts = [np.zeros((0, dim), np.float32)]
        for first, records in zip(
            batch.column("pos").to_pylist(), batch.column("articles").to_pylist(), strict=True
        ):
            group = [article_from_record(r) for r in records]
            group_leads = [lead_text(a, self.params) for a in group]
            vectors = self.embedder.embed([text for text, _ in group_leads])
            parts.append(np.asarray(vectors, dtype=np.float32).reshape(len(group), dim))
            positions.extend(range(first, first + len(group)))
            articles.extend(group)
            leads.extend(group_leads)
        flat = pa.array(np.concatenate(parts).reshape(-1), type=pa.float32())
        columns: dict[str, Any] = {
            "pos": positions,
            **{
                key: [getattr(a, key) for a in articles]
                for key in ("id", "title", "outlet", "date", "lang", "url", "source")
            },
            "source_id": [a.source_id for a in articles],
            "text": [a.text for a in articles],
            "metadata": [json.dumps(a.metadata, ensure_ascii=False) for a in articles],
            "lead": [text for text, _ in leads],
            "names": [sorted(found) for _, found in leads],
            "vector": pa.FixedSizeListArray.from_arrays(flat, dim),
            "day": [(a.date or "")[:10] or "undated" for a in articles],
        }
        return pa.table(columns, schema=self.schema)


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # the Dataset API is a separate import
    except ImportError:
        raise NotInstalled("ray", "ray") from None
    return ray


@contextmanager
def ray_session(options: RayOptions) -> Iterator[Any]:
    """The ``ray`` module, connected: to the Ray already initialised in this process, else
    to ``options.address`` (``RAY_ADDRESS``, else a new local Ray) until the block ends."""
    ray = _import_ray()
    started = not ray.is_initialized()
    if started:
        ray.init(
            address=options.address,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.WARNING,
        )
    # Ray Data announces each execution, and that its bars are off (the command shows
    # its own progress): noise in a command's stderr.
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()


def parquet_dir(db: str, output: Path | None) -> Path:
    """Where the Parquet output goes: ``output``, else ``<db>.parquet`` beside the store
    (``ray-ingest.parquet`` in the working folder for a server's store)."""
    if output is not None:
        return output
    if "://" in db:
        return Path("ray-ingest.parquet")
    return Path(db).with_name(Path(db).name + ".parquet")


def ingest_on_ray(
    items: Iterable[Article | Problem],
    clusterer: Clusterer,
    *,
    embedder: str,
    model: str | None,
    parquet: Path,
    options: RayOptions,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Add ``items`` to the clusterer's store as ``ingest_stream`` would, embedding on Ray.

    ``embedder`` and ``model`` name the backend each actor loads; it must be the one
    ``clusterer`` was built with. ``progress`` is called with the items handled so far.
    """
    t0 = time.perf_counter()
    gate = Gate(clusterer.store, min_chars=options.min_chars)
    admitted: list[Article] = []
    handled = 0
    for item in items:
        handled += 1
        article = gate.admit(item)
        if article is not None:
            admitted.append(article)
    if progress is not None:
        progress(handled - len(admitted))
    added = new_stories = 0
    if admitted:
        for placed in _place(admitted, clusterer, embedder, model, parquet, options):
            added += 1
            new_stories += int(placed)
            if progress is not None:
                progress(handled - len(admitted) + added)
    return gate.summary(added=added, new_stories=new_stories, seconds=time.perf_counter() - t0)


def _place(
    articles: list[Article],
    clusterer: Clusterer,
    embedder: str,
    model: str | None,
    parquet: Path,
    options: RayOptions,
) -> Iterator[bool]:
    """Embed ``articles`` on Ray and place them in order; yields whether each started a
    new story."""
    import pyarrow.parquet as pq

    with ray_session(options) as ray:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        chunk = options.chunk
        micro_batches = [
            {"pos": start, "articles": [article_record(a) for a in articles[start : start + chunk]]}
            for start in range(0, len(articles), chunk)
        ]
        ds = ray.data.from_items(micro_batches).map_batches(
            LeadEmbedder,
            fn_constructor_kwargs={
                "embedder": embedder,
                "model": model,
                "params": clusterer.params,
            },
            batch_size=1,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=options.workers),
            num_cpus=1,
        )
        run = uuid.uuid4().hex[:12]
        parquet.mkdir(parents=True, exist_ok=True)
        expected = 0
        batches = ds.iter_batches(batch_size=options.chunk, batch_format="pyarrow")
        for number, batch in enumerate(batches):
            pq.write_to_dataset(
                batch.drop_columns(["pos", "lead"]),
                root_path=str(parquet),
                partition_cols=["day"],
                basename_template=f"{run}-{number:06d}-{{i}}.parquet",
            )
            dim = batch.schema.field("vector").type.list_size
            vectors = batch.column("vector").combine_chunks().flatten().to_numpy()
            vectors = vectors.reshape(-1, dim)
            found = batch.column("names").to_pylist()
            for row, pos in enumerate(batch.column("pos").to_pylist()):
                if pos != expected:  # the order is the point: never place out of it
                    raise RuntimeError(f"Ray returned article {pos} where {expected} was due")
                article = articles[pos]
                placed = clusterer.add(
                    Prepared(
                        article=article,
                        vector=np.array(vectors[row], dtype=np.float32),
                        names=frozenset(found[row]),
                        date=parse_iso_date(article.date),
                    )
                )
                expected += 1
                yield placed.new_story


__all__ = [
    "LeadEmbedder",
    "RayOptions",
    "article_from_record",
    "article_record",
    "ingest_on_ray",
    "parquet_dir",
    "ray_session",
]
