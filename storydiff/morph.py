"""Ukrainian and Russian morphology (pymorphy3), loaded once per language per process.

Shared by clause units (``units``) and uk/ru attribution patterns, so that a comparison
loads each dictionary once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=4)
def analyzer(lang: str) -> Any | None:
    """pymorphy3's analyser for ``lang`` when it and its dictionary are installed, else
    ``None`` (callers then fall back to surface forms)."""
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang=lang)
    except Exception:
        return None
