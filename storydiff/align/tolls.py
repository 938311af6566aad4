"""Death tolls: two tolls of one story ("killed 13 US troops", "Ninety people have been
killed") are one fact however far apart their sentences are, so that the figures
stand side by side."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from storydiff.align.links import Link
from storydiff.align.words import TIME_WORDS
from storydiff.relate.tokens import numbers, tokenize

# Words either side of a count that may say what it counts: "a bomb attack that killed
# 13 US troops and 72 Afghans", "Ninety people have been killed".
SLOT_WINDOW = 5
# What a toll counts (5-letter stems, as ``content_tokens``): the dead, the injured, the
# missing. Two tolls in one story are the figure fact-checkers compare first, and are
# almost always of one event; other counts ("raised $200,000", "56 percent of the vote")
# as often belong to two actors (two candidates' funds), and beside each other they
# would read as a conflict that is not one.
_TOLL_WORDS = frozenset(
    w[:5]
    for w in """killed dead died deaths death toll injured injuries wounded casualties victims
    missing fatalities
    загинули загинуло загиблих загибель вбито вбитих поранено поранені поранених жертв
    зниклих
    погибли погибло погибших гибель убиты убито убитых ранены ранено раненых жертв
    пропавших""".split()
)


@lru_cache(maxsize=1 << 14)  # pure and called per unit: memoised
def toll_words(text: str) -> frozenset[str]:
    """The words of a toll (``_TOLL_WORDS``) within ``SLOT_WINDOW`` words of a count in
    ``text``: "Ninety people have been killed" gives {"kille"}. A year, and a number beside
    a month or a weekday (a date), is no count."""
    toks = tokenize(text)
    out: set[str] = set()
    for n in numbers(text, toks):
        if re.fullmatch(r"\d{4}", n.text) and 1800 <= n.value <= 2100:
            continue
        first = next((k for k, t in enumerate(toks) if t.end > n.start), len(toks))
        last = max((k for k, t in enumerate(toks) if t.start < n.end), default=first)
        window = [
            *toks[max(0, first - SLOT_WINDOW) : first],
            *toks[last + 1 : last + 1 + SLOT_WINDOW],
        ]
        stems = {t.key for t in window}
        if not stems & TIME_WORDS:
            out |= stems & _TOLL_WORDS
    return frozenset(out)


def toll_facts(
    groups: tuple[tuple[tuple[int, int], ...], ...],
    candidates: Sequence[Link],
    *,
    langs: Sequence[str],
    tolls: Sequence[Sequence[frozenset[str]]],
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Facts of tolls: two units in one language, in no fact, that each give a toll of
    the same kind ("killed 13 US troops and 72 Afghans" and "Ninety people have been
    killed"). Their texts may be far apart (one says how many died, the other what
    followed), but the reader should see the two figures side by side, whether they agree
    or not: the relation step says which. Candidates are the blocked neighbours
    (``nearest_pairs``), whatever they score: "The pace of evacuation flights out of Kabul
    accelerated today after a double suicide-bomb attack that killed 13 US troops and 72
    Afghans" is about the flights, and scores 0.1 with the toll alone. Strongest first, a
    unit is in one such fact, with one unit per article."""
    in_fact = {ref for g in groups for ref in g}
    group_of: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for link in sorted(candidates, key=lambda lk: -lk.score):
        x, y = (link.a, link.i), (link.b, link.j)
        if (
            x in in_fact
            or y in in_fact
            or langs[link.a] != langs[link.b]
            or not tolls[link.a][link.i] & tolls[link.b][link.j]
        ):
            continue
        gx, gy = group_of.get(x), group_of.get(y)
        if gx is None and gy is None:
            group_of[x] = group_of[y] = [x, y]
        elif gx is not None and gy is None and all(art != y[0] for art, _ in gx):
            gx.append(y)
            group_of[y] = gx
        elif gy is not None and gx is None and all(art != x[0] for art, _ in gy):
            gy.append(x)
            group_of[x] = gy
    unique = {id(g): g for g in group_of.values()}
    return tuple(tuple(sorted(g)) for g in unique.values())
