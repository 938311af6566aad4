"""storydiff: how different outlets tell the same story, claim by claim."""

from storydiff.records import (
    Article,
    Comparison,
    Evidence,
    Fact,
    PairScore,
    Relation,
    Removal,
    SameStory,
    Segmented,
    Sentence,
)
from storydiff.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Comparison",
    "Evidence",
    "Fact",
    "PairScore",
    "Relation",
    "Removal",
    "SameStory",
    "Segmented",
    "Sentence",
    "Settings",
    "__version__",
]
