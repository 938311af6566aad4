"""The fields of an input item (a JSON object, a CSV row, a Parquet row) beyond the article.

An item names its article with ``text``, ``title``, ``outlet``, ``date``, ``lang`` and
``url``. Everything else a user's dump carries (``leaning``, ``topic``, ``authors``, a
nested ``labels`` object) is what a researcher filters and pivots on, so it is kept as the
article's ``metadata`` rather than dropped; the item's own ``id`` is kept as
``source_id`` beside the content hash, so results join back to the user's records.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

# The fields that become the article itself; ``id`` becomes ``source_id``.
ARTICLE_FIELDS = ("text", "title", "outlet", "date", "lang", "url")
ID_FIELD = "id"


def source_id_of(item: Mapping[str, Any]) -> str | None:
    """The item's own ``id`` as text, or None when it has none."""
    value = item.get(ID_FIELD)
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value).strip()
    return text or None


def metadata_of(item: Mapping[str, Any]) -> dict[str, Any]:
    """The item's other fields as JSON values, in the item's order.

    Empty values (None, "", a CSV's blank cell, a Parquet null) are left out, so a column
    that one outlet's rows leave blank does not show as a key with nothing in it. Values
    JSON cannot hold (a Parquet timestamp, bytes, NaN) become text.
    """
    return {
        str(key): _json_value(value)
        for key, value in item.items()
        if key not in ARTICLE_FIELDS and key != ID_FIELD and value not in (None, "")
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


__all__ = ["ARTICLE_FIELDS", "ID_FIELD", "metadata_of", "source_id_of"]
