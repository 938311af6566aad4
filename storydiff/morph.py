"""Ukrainian and Russian morphology (pymorphy3), loaded once per language per process.

Shared by clause units (``units``) and uk/ru attribution patterns, so that a comparison
loads each dictionary once.
"""

from __future__ import annotations

import re
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


def dictionaries(word: str) -> tuple[str, ...]:
    """The languages whose dictionary may read a Cyrillic ``word``: the letters only
    Ukrainian (or only Russian) writes pick one, else both, Russian first."""
    if re.search("[іїєґ]", word):
        return ("uk",)
    if re.search("[ыэъё]", word):
        return ("ru",)
    return ("ru", "uk")


def analyzers(word: str) -> list[Any]:
    """The installed analysers that may read a Cyrillic ``word`` (``dictionaries``), in
    that order; empty without pymorphy3."""
    return [m for m in map(analyzer, dictionaries(word)) if m is not None]
