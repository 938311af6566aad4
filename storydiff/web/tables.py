"""Files of rows for the web app's downloads: which formats, their links, their bytes.

Apart from the routes (``web.downloads``) so that the pages that link to the downloads
(``web.stories``) need not import the routes that read them.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote, urlencode

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}


def has_parquet() -> bool:
    """Whether Parquet files can be written here (``pyarrow`` is installed)."""
    return importlib.util.find_spec("pyarrow") is not None


def list_formats() -> tuple[str, ...]:
    """The formats a list page offers, Parquet only where it can be written."""
    return ("csv", "json", "parquet") if has_parquet() else ("csv", "json")


def story_formats() -> tuple[str, ...]:
    """The formats a story page offers (those of ``storydiff export``)."""
    return ("csv", "jsonl", "parquet") if has_parquet() else ("csv", "jsonl")


def download_href(fmt: str, *, story_id: str = "", query: str = "", min_size: int = 2) -> str:
    """The path of a download: a story's comparison rows, or the (searched) story list."""
    if story_id:
        return f"/download/stories/{quote(story_id, safe='')}.{fmt}"
    params: dict[str, str | int] = {}
    if query:
        params["q"] = query
    if min_size != 2:
        params["min_size"] = min_size
    return f"/download/stories.{fmt}" + ("?" + urlencode(params) if params else "")


def table_bytes(rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str) -> bytes:
    """``rows`` as a CSV (lists and mappings JSON-encoded), a JSON array or a Parquet file
    (lists as lists, mappings such as ``groups`` JSON-encoded: their keys are the user's
    outlet groups, so they make no fixed columns, and Parquet has no empty struct)."""
    if fmt == "json":
        return json.dumps(list(rows), ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(columns))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                    for k, v in row.items()
                }
            )
        return out.getvalue().encode("utf-8")
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    flat = [
        {k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v for k, v in row.items()}
        for row in rows
    ]
    pq.write_table(pa.Table.from_pylist(flat), sink)
    return sink.getvalue()
