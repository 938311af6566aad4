"""One settings object for a comparison run, instead of many keyword arguments."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("STORYDIFF_CACHE", str(Path(base) / "storydiff")))


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Options that travel through the pipeline.

    ``embedder`` and ``relater`` are registry names (see ``storydiff.embed`` and
    ``storydiff.relate``); ``model`` is an optional model name for backends that load one.
    """

    embedder: str = "e5-small"
    embedder_model: str | None = None
    relater: str = "features"
    relater_model: str | None = None
    neighbours: int = 5
    # 0.5 -> 0.55 with clause units: fact precision on NewsWCL50 0.236 -> 0.245 (F1
    # 0.163 -> 0.165); what falls below is left to the related tier.
    align_threshold: float = 0.55
    align_related_threshold: float = 0.1
    same_story_threshold: float = 0.5
    related_threshold: float = 0.3
    max_articles: int = 500
    max_bytes: int = 10_000_000
    max_sentences_per_article: int = 2_000
    framing: bool = True
    sources: bool = True
    cache: bool = True
    cache_dir: Path | None = None

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["cache_dir"] = str(self.cache_dir) if self.cache_dir else None
        return d
