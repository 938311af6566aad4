"""Export stories and their comparisons for analysis: JSONL, CSV or Parquet.

One row per article x fact of a story's comparison, with the outlet as a column, so that
``pandas.read_parquet(...).pivot_table(index="fact_id", columns="outlet", values="present")``
is the coverage matrix. An article that carries a fact has ``present`` true and the offsets
of its member sentences; an article that leaves it out has a row too, with ``present``
false (omissions are data). Articles of single-article stories and articles with no
fact at all get one row with an empty ``fact_id``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from storydiff.errors import NotInstalled, StorydiffError
from storydiff.records import Article, Comparison
from storydiff.store import Store, pick_articles

COLUMNS = (
    "story_id",
    "story_title",
    "article_id",
    "outlet",
    "date",
    "title",
    "url",
    "fact_id",
    "fact_label",
    "fact_confidence",
    "present",
    "sentences",
    "starts",
    "ends",
    "text",
)
FORMATS = ("jsonl", "csv", "parquet")


def comparison_rows(
    story_id: str, title: str | None, comparison: Comparison
) -> Iterator[dict[str, Any]]:
    """The rows of one compared story (see the module docstring)."""
    for seg in comparison.articles:
        art = seg.article
        base = {
            "story_id": story_id,
            "story_title": title,
            "article_id": art.id,
            "outlet": art.label,
            "date": art.date,
            "title": art.title,
            "url": art.url,
        }
        had = False
        for fact in comparison.facts:
            indices = fact.members.get(art.id, ())
            sentences = [seg.sentences[i] for i in indices if i < len(seg.sentences)]
            had = True
            yield {
                **base,
                "fact_id": fact.id,
                "fact_label": fact.label,
                "fact_confidence": round(float(fact.confidence), 4),
                "present": bool(sentences),
                "sentences": [s.index for s in sentences],
                "starts": [s.start for s in sentences],
                "ends": [s.end for s in sentences],
                "text": " ".join(s.text for s in sentences),
            }
        if not had:
            yield {
                **base,
                "fact_id": "",
                "fact_label": "",
                "fact_confidence": 0.0,
                "present": False,
                "sentences": [],
                "starts": [],
                "ends": [],
                "text": "",
            }


def story_rows(
    store: Store,
    story_ids: Sequence[str],
    compare: Callable[[Sequence[Article]], Comparison],
    *,
    max_articles: int = 0,
) -> Iterator[dict[str, Any]]:
    """Rows for each story in ``story_ids``, compared with ``compare`` (e.g.
    ``storydiff.compare.Pipeline().compare``). A story of more than ``max_articles``
    (when positive) is compared on ``pick_articles`` of it. Unknown ids raise
    ``StorydiffError``."""
    for sid in story_ids:
        info = store.story(sid)
        if info is None:
            raise StorydiffError(f"no story {sid!r} in the store")
        articles = pick_articles(store.story_articles(info.id), max_articles)
        yield from comparison_rows(info.id, info.title, compare(articles))


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    # CSV has no lists: offsets become "12;40" strings.
    return {k: ";".join(str(x) for x in v) if isinstance(v, list) else v for k, v in row.items()}


def write_rows(rows: Iterable[dict[str, Any]], path: str | Path, fmt: str | None = None) -> int:
    """Write ``rows`` to ``path`` as ``fmt`` (default: from the extension); rows written."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise StorydiffError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    n = 0
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow(_flat(row))
                n += 1
    else:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise NotInstalled("pyarrow", "parquet") from None
        table_rows = list(rows)
        n = len(table_rows)
        schema = pa.schema(
            [
                ("story_id", pa.string()),
                ("story_title", pa.string()),
                ("article_id", pa.string()),
                ("outlet", pa.string()),
                ("date", pa.string()),
                ("title", pa.string()),
                ("url", pa.string()),
                ("fact_id", pa.string()),
                ("fact_label", pa.string()),
                ("fact_confidence", pa.float64()),
                ("present", pa.bool_()),
                ("sentences", pa.list_(pa.int32())),
                ("starts", pa.list_(pa.int32())),
                ("ends", pa.list_(pa.int32())),
                ("text", pa.string()),
            ]
        )
        pq.write_table(pa.Table.from_pylist(table_rows, schema=schema), path)
    return n
