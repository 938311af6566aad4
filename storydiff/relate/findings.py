"""The finding record and one side of a pair as the comparisons see it.

Each comparison (numbers in ``quantities``, dates, names, cues in ``features``) reads two
:class:`SideView` records and appends :class:`Finding` records; this module holds what they
share, so that the comparisons can live in modules of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from storydiff.records import Evidence, Sentence
from storydiff.relate.dates import DateMention
from storydiff.relate.tokens import Token

Side = Literal["a", "b"]
# "force": the same claim with different force or certainty (stronger / weaker).
Suggestion = Literal["conflict", "partial", "force"]


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One observation about a pair: what label it suggests, in words, and where it is."""

    kind: str
    suggests: Suggestion
    reason: str
    evidence: tuple[Evidence, ...]
    strong: bool = False  # unambiguous enough to override the model's label
    stronger: Side | None = None  # for "force": the side that says it more forcefully


@dataclass(frozen=True, kw_only=True)
class SideView:
    """One sentence of a pair, read once: its words and dates, and how reasons name it."""

    sent: Sentence
    name: str  # the version's outlet label, as reasons print it
    tokens: list[Token]
    dates: list[DateMention]
    key: Side
    lang: str | None = None  # how its numbers read ("40.000": forty thousand in es)


# The note of evidence found on one side where the other side's language is not read for
# that kind ("not" beside a German "nicht"): the renderers then say "in A", never "only
# in A", which would be false of the text.
OTHER_NOT_READ = "the other version's language is not read for this"


def evidence(kind: str, side: SideView, start: int, end: int, note: str = "") -> Evidence:
    """Evidence for the span ``start:end`` of ``side``'s sentence, with article offsets."""
    s = side.sent
    return Evidence(
        kind=kind,
        article_id=s.article_id,
        start=s.start + start,
        end=s.start + end,
        text=s.text[start:end],
        note=note,
    )


def clash(
    kind: str,
    reason: str,
    a: SideView,
    span_a: tuple[int, int],
    b: SideView,
    span_b: tuple[int, int],
    *,
    strong: bool = False,
) -> Finding:
    """A conflict finding that rests on one span of each side ("10,000" vs "5,000")."""
    return Finding(
        kind=kind,
        suggests="conflict",
        reason=reason,
        evidence=(evidence(kind, a, *span_a), evidence(kind, b, *span_b)),
        strong=strong,
    )
