"""The records of an alignment: a scored link between two units, the links a rule kept
out of the facts, and the facts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from storydiff.records import Unit

VetoRule = Literal[
    "no-shared-word", "story-words", "same-names", "different-people", "different-quotes", "denial"
]
"""Why a link the scorer accepted was kept out of every fact (``story.veto_of``): the two
share no content word (``"no-shared-word"``), only the story's own words and words of
time (``"story-words"``), only those and the names both give (``"same-names"``), each
name someone the other does not and share little else (``"different-people"``), quote
two different statements (``"different-quotes"``), or one reports a denial and the other
states plainly (``"denial"``)."""


@dataclass(frozen=True, kw_only=True)
class Link:
    """A scored candidate pair: sentence ``i`` of article ``a``, ``j`` of article ``b``."""

    a: int
    i: int
    b: int
    j: int
    score: float
    cosine: float


@dataclass(frozen=True, kw_only=True)
class Veto:
    """A link the scorer accepted (``link.score`` at the fact threshold or above) that
    ``rule`` kept out of every fact. Its reason must say so: the model read the two as
    one claim, and a rule, not the model, decided they are not counted as one."""

    link: Link
    rule: VetoRule


@dataclass(frozen=True, kw_only=True)
class Alignment:
    """Facts as groups of ``(article position, sentence index)`` plus the links used.

    ``units`` are the units aligned per article; ``unit_groups`` the same facts as
    ``(article position, unit index)``, and ``links`` and ``related`` index units too
    (``Link.i`` / ``Link.j``). With one unit per sentence both views coincide.
    ``echoes`` are the related links found by shared evidence after the scorer passed
    the pair by (``align.echoes``): not known to be another claim, nor the same one.
    ``vetoed`` are the related links the scorer accepted but a rule kept out of every
    fact, with the rule that did (``Veto``).
    """

    groups: tuple[tuple[tuple[int, int], ...], ...]
    links: tuple[Link, ...]
    units: tuple[tuple[Unit, ...], ...] = ()
    unit_groups: tuple[tuple[tuple[int, int], ...], ...] = ()
    related: tuple[Link, ...] = ()
    echoes: tuple[Link, ...] = ()
    vetoed: tuple[Veto, ...] = ()
