"""Framing lens: how each outlet words the story.

``frame(seg)`` marks naming choices, labels for actors, hedges, attribution verbs, loaded
words and sentences, scare quotes and persuasion cues, each with a span, a note and the
lexicon entry it came from; ``wording_diff(fact, segmented_by_id)`` puts the words each
outlet chose for one fact side by side. Lexicons are JSON files users can extend (see
``storydiff.frame.lexicon`` and docs/lexicons.md).
"""

from storydiff.frame.lexicon import Lexicon, LexiconEntry, load_lexicon
from storydiff.frame.markers import frame
from storydiff.frame.wording import wording_diff, wording_diffs
from storydiff.records import (
    MARKER_KINDS,
    Framing,
    FramingSummary,
    Marker,
    MarkerKind,
    Wording,
    WordingDiff,
)

__all__ = [
    "MARKER_KINDS",
    "Framing",
    "FramingSummary",
    "Lexicon",
    "LexiconEntry",
    "Marker",
    "MarkerKind",
    "Wording",
    "WordingDiff",
    "frame",
    "load_lexicon",
    "wording_diff",
    "wording_diffs",
]
