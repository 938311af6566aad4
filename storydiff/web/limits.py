"""The web app's limits, in one record: what a request may ask and how much may wait.

One place for the values, so that ``create_app``, ``serve`` and the form page agree; their
defaults are those of the settings record (``storydiff.settings``), which also makes
``serve``'s flags and docs/options.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from storydiff import settings as options


@dataclass(frozen=True, kw_only=True)
class WebLimits:
    """What one request may ask of the app, and how many comparisons may wait."""

    max_articles: int = options.WEB_MAX_ARTICLES.default  # per comparison (and at least 2)
    max_bytes: int = options.WEB_MAX_BYTES.default  # per request body, and per fetched page
    fetch_timeout: float = options.FETCH_TIMEOUT.default  # seconds for one URL
    queue: int = options.QUEUE.default  # comparisons waiting for a worker before 503
    retry_after_s: int = 5  # what the 503 tells the client to wait


DEFAULT_LIMITS = WebLimits()
