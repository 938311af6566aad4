"""The records of an alignment: a scored link between two units, and the facts."""

from __future__ import annotations

from dataclasses import dataclass

from storydiff.records import Unit


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
class Alignment:
    """Facts as groups of ``(article position, sentence index)`` plus the links used.

    ``units`` are the units aligned per article; ``unit_groups`` the same facts as
    ``(article position, unit index)``, and ``links`` and ``related`` index units too
    (``Link.i`` / ``Link.j``). With one unit per sentence both views coincide.
    ``echoes`` are the related links found by shared evidence after the scorer passed
    the pair by (``align.echoes``): not known to be another claim, nor the same one.
    """

    groups: tuple[tuple[tuple[int, int], ...], ...]
    links: tuple[Link, ...]
    units: tuple[tuple[Unit, ...], ...] = ()
    unit_groups: tuple[tuple[tuple[int, int], ...], ...] = ()
    related: tuple[Link, ...] = ()
    echoes: tuple[Link, ...] = ()
