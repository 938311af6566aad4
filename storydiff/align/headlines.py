"""Headlines join a fact after grouping, only when the scorer links them to its versions
in the other outlets (``TITLE_ATTACH``); a headline that asks a question never joins."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import numpy as np

from storydiff.align.scoring import Weights, feature_rows, jaccards, score_rows
from storydiff.align.story import Story, denied_apart, story_similarities
from storydiff.records import Unit

# Mean probability (``score_rows``) a headline needs with a fact's versions in the other
# articles to join it. Below the fact threshold: a headline is short and sums up, so the
# scorer, fitted on sentence pairs, rates it lower than a sentence of the same fact. Read
# on BASIL and AllSides stories and the seed pair (not the alignment evaluation): the
# headlines that state their fact scored 0.44 to 0.93 ("Biden overruled Macron on Ukraine
# troop deployment" with "Biden did not support the idea": 0.44), those best matched to
# a fact they do not state 0.30 or less ("Eric Cantor Defeated by David Brat, Tea Party
# Challenger" with "Mr. Brat had little help from national groups that have funded other
# Tea Party challengers": 0.30).
TITLE_ATTACH = 0.4


def attach_titles(
    story: Story,
    units: Sequence[Sequence[Unit]],
    titles: Sequence[set[int]],
    groups: tuple[tuple[tuple[int, int], ...], ...],
    weights: Weights,
    threshold: float = 1.0,
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """A headline summarises its story rather than stating one sentence of another
    outlet, so it is attached after grouping: it joins the fact whose versions in the
    other articles the scorer links it to best (per article, its best unit's probability,
    averaged over the articles as ``group_links`` averages a merge), when that is at least
    ``TITLE_ATTACH``; otherwise it stays unique. Closeness in meaning alone, which decided
    before, let "Trump Sends Investigators to Hawaii" join "Officials in Hawaii have
    certified Obama's citizenship" (its own article's sentence counting too): every
    sentence about Hawaii is close to it, and the scorer's shared words tell the fact it
    states ("has sent investigators to Hawaii") from the one it only names.

    A headline may also state what no fact holds yet: the claim that one outlet gives only
    in its headline ("Nuland: At least 400-500 Russian soldiers killed in Ukraine") and
    another in its headline and its sentences. When the scorer links it at ``threshold``
    (the facts' own) or more to another outlet's headline that no fact holds, better than
    to any fact, the two found a fact, which the first headline's own article's sentence
    that the other headline states best (at ``threshold``) joins. Only headlines found
    facts: a headline scores high with any short summary of its topic, a subheading
    ("Macron's statements regarding Western troops in Ukraine") as much as a claim.
    """
    out = [list(g) for g in groups]
    placed = {m for g in out for m in g}

    def is_title(b: int, j: int) -> bool:
        return units[b][j].sentence_index in titles[b]

    for a, heads in enumerate(titles):
        for k, u in enumerate(units[a]):
            # a headline that asks ("Who is Dave Brat?") states no fact
            if u.sentence_index not in heads or (a, k) in placed or u.text.rstrip().endswith("?"):
                continue
            probs = _title_probs(story, a, k, weights)
            means = [_mean_best(g, a, probs, units, titles) for g in out]
            best = int(np.argmax(means)) if means else -1
            # another outlet's headline that no fact holds, stating the same
            found = _free_matches(probs, placed, threshold, is_title)
            if found and max(p for _, _, p in found) > max(means, default=0.0):
                group = [(a, k)] + [(b, j) for b, j, _ in found]
                # ... and what those headlines state among this article's sentences
                for b, j, _ in found:
                    back = _title_probs(story, b, j, weights)
                    own = partial(_own_sentence, story, a)
                    for c, i, _ in _free_matches(back, placed, threshold, own):
                        if (c, i) not in group:  # (two headlines may name one sentence)
                            group.append((c, i))
                out.append(group)
                placed.update(group)
            elif best >= 0 and means[best] >= TITLE_ATTACH:
                out[best].append((a, k))
                placed.add((a, k))
    return tuple(sorted(tuple(sorted(g)) for g in out))


def _mean_best(
    group: Sequence[tuple[int, int]],
    a: int,
    probs: dict[int, list[float]],
    units: Sequence[Sequence[Unit]],
    titles: Sequence[set[int]],
) -> float:
    """Per other article, its best unit in ``group`` (one outlet may tell a fact in two
    sentences; the headline need match only one of them), averaged over the articles."""
    best_of: dict[int, float] = {}
    for b, j in group:
        if b == a or units[b][j].sentence_index in titles[b]:
            continue  # (a headline attached before is no version to match)
        best_of[b] = max(best_of.get(b, 0.0), probs[b][j])
    return sum(best_of.values()) / len(best_of) if best_of else 0.0


def _free_matches(
    probs: dict[int, list[float]],
    placed: set[tuple[int, int]],
    threshold: float,
    allowed: Callable[[int, int], bool],
) -> list[tuple[int, int, float]]:
    """Per other article, its ``allowed`` unit that no fact holds with the highest
    probability, when that is at least ``threshold``: ``(article, unit, probability)``."""
    out = []
    for b, row in probs.items():
        free = [
            (p, j)
            for j, p in enumerate(row)
            if (b, j) not in placed and p >= threshold and allowed(b, j)
        ]
        if free:
            p, j = max(free)
            out.append((b, j, p))
    return out


def _title_probs(story: Story, a: int, k: int, weights: Weights) -> dict[int, list[float]]:
    """The scorer's probability that unit ``k`` of article ``a`` (a headline) states
    what each unit of every other article states; none for a unit that reports a denial
    of what the headline states, or states what it reports denied (``denied_apart``)."""
    out: dict[int, list[float]] = {}
    # only a denial and a plain statement can be denied apart (``denial_of_statement``)
    opposite = _OPPOSITE.get(story.stances[a][k])
    for b in range(len(story.vectors)):
        if b == a or not len(story.vectors[b]):
            continue
        sim, cen = story_similarities(story, a, b)
        jj = np.arange(len(story.vectors[b]), dtype=np.intp)
        ii = np.full(len(jj), k, dtype=np.intp)
        same_script = story.scripts[a] == story.scripts[b]
        overlap = jaccards(story.words[a], story.words[b], ii, jj) if same_script else None
        probs = score_rows(feature_rows(sim, cen, ii, jj, overlap, weights), weights).tolist()
        out[b] = [
            0.0 if st == opposite and denied_apart(story, a, k, b, j) else p
            for j, (p, st) in enumerate(zip(probs, story.stances[b], strict=True))
        ]
    return out


_OPPOSITE = {"denies": "states", "states": "denies"}


def _own_sentence(story: Story, a: int, c: int, i: int) -> bool:
    """Whether unit ``i`` of article ``c`` is one of article ``a``'s that can be aligned."""
    return c == a and story.alignable[c][i]
