"""Lenient readers for the comparison's JSON form, as the HTML report reads it.

The report reads the dict of ``jsonout.to_dict`` plus optional sections (framing, wording,
sources) that later stages add and that a hand-edited or older document may lack or
garble, so every accessor here returns an empty or default value instead of raising.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Json = Mapping[str, Any]


def dicts(value: object) -> list[Json]:
    """The dict items of ``value`` when it is a list (optional sections may be malformed)."""
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def mapping(value: object) -> Json:
    """``value`` when it is a dict, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def as_int(value: object, default: int = -1) -> int:
    """``value`` when it is an int (a bool is not), else ``default``."""
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def as_num(value: object) -> float | None:
    """``value`` as a float when it is a number (a bool is not), else None."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok else None  # type: ignore[arg-type]


def as_str(value: object) -> str:
    """``value`` when it is a string, else ``""``."""
    return value if isinstance(value, str) else ""
