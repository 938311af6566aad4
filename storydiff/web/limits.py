"""The web app's limits, in one record: what a request may ask and how much may wait.

One place for the values, so that ``create_app``, ``serve`` and the form page agree, and so
that they can later be read from the project's settings record instead.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class WebLimits:
    """What one request may ask of the app, and how many comparisons may wait."""

    max_articles: int = 20  # per comparison (and at least 2)
    max_bytes: int = 2_000_000  # per request body, and per fetched page
    fetch_timeout: float = 10.0  # seconds for one URL of the form or the API
    queue: int = 16  # comparisons waiting for a worker before new ones get 503
    retry_after_s: int = 5  # what the 503 tells the client to wait


DEFAULT_LIMITS = WebLimits()
