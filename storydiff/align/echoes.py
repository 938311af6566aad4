"""Echoes: what the scorer missed because a short story's mean is its main fact.

The scorer reads the cosine after removing the story's mean vector (``center``). In a
short story (a dozen units) that mean is the story's main fact, so two outlets' versions
of it lose what they share and fall apart: "with six Republicans breaking ranks to join
every Democrat" and "Six Republican senators backed the proposal" score 0.00 and each
was shown "only in" its outlet. Lowering the bar for every pair floods a story with
links, since every sentence of it is close to the others in plain cosine. What tells
the restatement apart is specific evidence the two share beyond the story's words:

  * the same count of the same thing ("six Republicans" / "Six Republican senators",
    "for two years" / "a two-year ban"): two units close in plain meaning that give one
    count of one thing, a count each article gives once, state one claim; they found a
    fact of their own (``echo_facts``), which the relation model then labels;
  * a name that is not the story's, a count, or a word that no third unit of the story
    uses: a unit that would be "only in" its outlet and is close in plain meaning to a
    unit of another outlet that shares one is related to it (``echo_links``), so that
    "only in" keeps meaning "nobody else says it".

Denials stay apart from what they deny and two people's statements stay two claims:
the tests of the scorer's own links (``denied_apart``, ``different_quotes``,
``only_actors_shared``) hold here too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from storydiff.align.links import Link
from storydiff.align.names import only_actors_shared, shared_names
from storydiff.align.related import best_per_orphan
from storydiff.align.story import Story, denied_apart
from storydiff.align.words import (
    AUXILIARIES,
    STOP,
    TIME_WORDS,
    different_quotes,
    same_word,
    states_something,
)
from storydiff.records import Unit
from storydiff.relate.lexicon import MONTHS, SPELLED_NUMBERS

# Plain cosine (the e5 vectors as embedded) two units need before a shared count makes
# them one fact, and before shared evidence makes them related. Set by hand, reading
# AllSides and BASIL stories: ECB+ (val) does not move between 0.80 and 0.85, so it could
# not choose them (docs/benchmarks.md); every pair of a story's units is above 0.75 or so.
ECHO_FACT_COSINE = 0.82
ECHO_RELATED_COSINE = 0.84
# Units per article, on average, up to which a story is short: a lead and a few
# paragraphs, whose units mostly restate the main fact, so that the story's mean is that
# fact. In a longer story the mean blends many facts, centering does what it is for, and
# the scorer's "no" is a reading of the two units: echoes are looked for in short stories
# only. (AllSides reports run 3 to 8 units; BASIL, NewsWCL50 and ECB+ articles 20 and more.)
SHORT_STORY_UNITS = 12

# A count: digits, or a spelled-out number, then (after a hyphen: "two-year") the word
# it counts. Not a number glued to a word before it ("COVID-19", "R-Ohio"), nor a part
# of a score ("54-35").
_COUNT = re.compile(
    r"(?<![\w-])(\d[\d,.]*|[^\W\d_]+)(?=(?:\s+|-)([^\W\d_]{3,}))",
    re.UNICODE,
)
# Words after a number that are not what it counts ("three more fell", "one other").
_NOT_COUNTED = frozenset("more other others less fewer times percent per".split())
# Words of amount that two units use by chance ("a number of pledges", "a number of those
# priorities"): no evidence of a shared subject (5-letter stems).
_VAGUE = frozenset(w[:5] for w in "number lot part kind sort way thing something many".split())


def counts(text: str) -> frozenset[tuple[str, str]]:
    """``(number, 5-letter stem of what it counts)`` for each count in ``text``: "six
    Republicans" and "Six Republican senators" give ("6", "repub"). Years ("2020
    election"), dates ("Jan. 6 insurrection", "6 January") and times are no count."""
    return frozenset((value, stem) for value, stem, _ in _counts(text))


@lru_cache(maxsize=1 << 14)  # pure and called per pair of units: memoised
def _counts(text: str) -> frozenset[tuple[str, str, str]]:
    """``counts`` with the number as written (5-letter stem, as ``content_tokens``)."""
    out = set()
    for m in _COUNT.finditer(text):
        number, word = m.group(1).lower(), m.group(2).lower()
        if number[0].isdigit():
            value = number.rstrip(".,").replace(",", "")
            if len(value) == 4 and value[:2] in ("19", "20"):
                continue  # a year
        elif number in SPELLED_NUMBERS:
            value = f"{SPELLED_NUMBERS[number]:g}"
        else:
            continue
        before = text[: m.start()].rstrip().rstrip(".").split()
        if before and before[-1].lower() in MONTHS:
            continue  # a date
        stem = (word[:-1] if word.endswith("s") else word)[:5]  # "years" / "two-year"
        if word in STOP or word in MONTHS or stem in TIME_WORDS or word in _NOT_COUNTED:
            continue
        out.add((value, stem, number[:5]))
    return frozenset(out)


def short_story(units: Sequence[Sequence[Unit]]) -> bool:
    """Whether a story's articles have ``SHORT_STORY_UNITS`` units or fewer on average."""
    return sum(len(us) for us in units) <= SHORT_STORY_UNITS * max(1, len(units))


def echo_facts(
    story: Story,
    units: Sequence[Sequence[Unit]],
    titles: Sequence[set[int]],
    groups: tuple[tuple[tuple[int, int], ...], ...],
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """``groups`` and the facts that counts found: two units of two articles, neither in
    a fact, close in plain meaning (``ECHO_FACT_COSINE``), that give the same count of the
    same thing, a count that neither article gives in another sentence than its
    headline (a story's own figure comes back within an article: "his first 100 days" and
    "the 100-day mark" say which story, not which claim), and that pass the tests of one
    fact (``_one_claim``). Each unit joins at most one such fact,
    its closest; a third outlet's unit joins when it matches every unit there."""
    if not short_story(units):
        return groups
    placed = {ref for g in groups for ref in g}
    pairs = _count_pairs(story, units, titles, placed)
    found: list[list[tuple[int, int]]] = []
    for x, y in sorted(pairs, key=lambda k: -pairs[k]):
        if x in placed and y in placed:
            continue
        if x not in placed and y not in placed:
            found.append([x, y])
            placed.update((x, y))
            continue
        new, old = (y, x) if x in placed else (x, y)
        fact = next((g for g in found if old in g), None)
        # a third outlet's unit joins a found fact when it matches every unit there
        if fact is not None and all(
            m[0] != new[0] and (min(m, new), max(m, new)) in pairs for m in fact
        ):
            fact.append(new)
            placed.add(new)
    if not found:
        return groups
    return tuple(sorted((*groups, *(tuple(sorted(g)) for g in found))))


def _count_pairs(
    story: Story,
    units: Sequence[Sequence[Unit]],
    titles: Sequence[set[int]],
    placed: set[tuple[int, int]],
) -> dict[tuple[tuple[int, int], tuple[int, int]], float]:
    """The unit pairs (neither ``placed``) that ``echo_facts`` makes facts of, with
    their plain cosine."""
    # (a headline restates its lead: its counts are not counted twice)
    per_article = [
        Counter(c for u in us if u.sentence_index not in heads for c in counts(u.text))
        for us, heads in zip(units, titles, strict=True)
    ]
    pairs = {}
    for a, b, i, j, cosine in _close_pairs(story, units, placed, ECHO_FACT_COSINE):
        shared = counts(units[a][i].text) & counts(units[b][j].text)
        once = any(per_article[a][c] <= 1 and per_article[b][c] <= 1 for c in shared)
        if once and _one_claim(story, a, i, b, j):
            pairs[(a, i), (b, j)] = cosine
    return pairs


def echo_links(
    story: Story,
    units: Sequence[Sequence[Unit]],
    groups: Sequence[Sequence[tuple[int, int]]],
    related: Sequence[Link],
    common: tuple[frozenset[str], frozenset[str]],
) -> tuple[Link, ...]:
    """Related links for the units that would be "only in" their outlet (in no fact and
    no related link) but are close in plain meaning (``ECHO_RELATED_COSINE``) to a unit of
    another article that shares specific evidence with them (``shared_evidence``):
    its closest such unit per other article. ``common`` is ``story_words``."""
    if not short_story(units):
        return ()
    touched = {ref for g in groups for ref in g}
    touched |= {(lk.a, lk.i) for lk in related} | {(lk.b, lk.j) for lk in related}
    word_units = Counter(w for toks in story.tokens for t in toks for w in t)
    found = []
    for a, b, i, j, cosine in _close_pairs(story, units, set(), ECHO_RELATED_COSINE):
        x, y = (a, i), (b, j)
        if x in touched and y in touched:
            continue
        if shared_evidence(story, units, (x, y), common, word_units) and not denied_apart(
            story, a, i, b, j
        ):
            found.append(Link(a=a, i=i, b=b, j=j, score=0.0, cosine=cosine))
    return best_per_orphan(found, touched, lambda lk: lk.cosine)


def shared_evidence(
    story: Story,
    units: Sequence[Sequence[Unit]],
    pair: tuple[tuple[int, int], tuple[int, int]],
    common: tuple[frozenset[str], frozenset[str]],
    word_units: Counter[str],
) -> bool:
    """Whether two units share more than their story: a name that is not the story's
    (``story_words``), a count (``counts``), or a content word, not a word of time, that
    no third unit of the story uses (``word_units`` counts the units using each)."""
    (a, i), (b, j) = pair
    ta, tb = units[a][i].text, units[b][j].text
    if shared_names(ta, tb) - common[0] or counts(ta) & counts(tb):
        return True
    forms_a, forms_b = story.forms[a][i], story.forms[b][j]
    for w in story.tokens[a][i] & story.tokens[b][j]:
        if (
            word_units[w] == 2
            and w not in common[1]
            and w not in TIME_WORDS
            and w not in AUXILIARIES
            and w not in _VAGUE
            and same_word(forms_a.get(w, frozenset()), forms_b.get(w, frozenset()))
        ):
            return True
    return False


def _close_pairs(
    story: Story,
    units: Sequence[Sequence[Unit]],
    skip: set[tuple[int, int]],
    floor: float,
) -> list[tuple[int, int, int, int, float]]:
    """``(a, b, i, j, plain cosine)`` of the unit pairs of two articles, neither in
    ``skip``, both able to state something (``Story.alignable``, or a headline), whose
    plain cosine is at least ``floor``."""
    out = []
    n = len(units)
    for a in range(n):
        for b in range(a + 1, n):
            if not len(story.vectors[a]) or not len(story.vectors[b]):
                continue
            sim = story.vectors[a] @ story.vectors[b].T
            for i, j in zip(*(sim >= floor).nonzero(), strict=True):
                i, j = int(i), int(j)
                if (a, i) in skip or (b, j) in skip:
                    continue
                if not (_states(story, units, a, i) and _states(story, units, b, j)):
                    continue
                out.append((a, b, i, j, float(sim[i, j])))
    return out


def _states(story: Story, units: Sequence[Sequence[Unit]], a: int, i: int) -> bool:
    """Whether unit ``i`` of ``a`` can state a fact: an alignable unit, or a headline
    that does not ask (``attach_titles`` keeps headlines out of ``Story.alignable``)."""
    text = units[a][i].text
    return story.alignable[a][i] or (states_something(text) and not text.rstrip().endswith("?"))


def _one_claim(story: Story, a: int, i: int, b: int, j: int) -> bool:
    """The tests a scorer's link passes before it joins a fact: not a statement and a
    reported denial of it, not two different quotations, not two people's acts."""
    if denied_apart(story, a, i, b, j):
        return False
    if different_quotes(story.quotes[a][i], story.quotes[b][j]):
        return False
    x, y = story.tokens[a][i], story.tokens[b][j]
    return not only_actors_shared(story.texts[a][i], story.texts[b][j], x & y, story.common_words)
