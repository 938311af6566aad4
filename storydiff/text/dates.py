"""The calendar day of a date field, read one lenient way by every stage.

Articles arrive with dates as their sources wrote them: "2024-03-05", "2024-03-05T10:00:00Z",
"2024-03-05 10:00", sometimes padded with spaces or not a date at all. Same-story scoring,
relation dates, story clustering and the store's choice of articles all need the day alone,
and must agree on which articles are undated.
"""

from __future__ import annotations

import datetime as dt


def parse_iso_date(value: str | None) -> dt.date | None:
    """The day at the start of an ISO 8601 date string, else None.

    Surrounding spaces and any time part or zone are ignored ("2024-03-05T10:00:00Z" is
    2024-03-05); a value that is not a date ("March 5", "", None) gives None rather than
    an error, since a missing date is ordinary in scraped news.
    """
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
