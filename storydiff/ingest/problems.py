"""What reading inputs gives back: the articles, and a one-line ``Problem`` for each input
that could not be read (or was read with a caveat), so one bad file never stops a run."""

from __future__ import annotations

from dataclasses import dataclass

from storydiff.records import Article


@dataclass(frozen=True, kw_only=True)
class Problem:
    """Something wrong with one input, as one human-readable line.

    ``skipped`` is True when the input (or the part of it named in ``message``) was left out,
    False for a note about an input that was read anyway (e.g. an encoding guess).
    """

    source: str
    message: str
    skipped: bool = True


@dataclass(frozen=True, kw_only=True)
class Ingested:
    """The articles read from all inputs, and the problems met on the way."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
