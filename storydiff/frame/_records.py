"""Framing records live in ``storydiff.records``; re-exported here for the stage's modules."""

from storydiff.records import (
    MARKER_KINDS,
    Framing,
    FramingSummary,
    Marker,
    MarkerKind,
    Voice,
    Wording,
    WordingDiff,
)

__all__ = [
    "MARKER_KINDS",
    "Framing",
    "FramingSummary",
    "Marker",
    "MarkerKind",
    "Voice",
    "Wording",
    "WordingDiff",
]
