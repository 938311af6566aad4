"""The corpus store: articles, their vectors and their stories (see ``_base.Store``).

``open_store(path)`` opens the default embedded backend, one SQLite file.
"""

from storydiff.store._base import (
    Store,
    StoryInfo,
    StoryState,
    matching_stories,
    open_store,
    pick_articles,
)

__all__ = ["Store", "StoryInfo", "StoryState", "matching_stories", "open_store", "pick_articles"]
