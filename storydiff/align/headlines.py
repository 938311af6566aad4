"""Headlines join a fact after grouping, only when the scorer links them to its versions
in the other outlets (``TITLE_ATTACH``); a headline that asks a question never joins."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from storydiff.align.scoring import Weights, candidate_features, score_rows
from storydiff.align.story import Story, story_similarities
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
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """A headline summarises its story rather than stating one sentence of another
    outlet, so it is attached after grouping: it joins the fact whose versions in the
    other articles the scorer links it to best (per article, its best unit's probability,
    averaged over the articles as ``group_links`` averages a merge), when that is at least
    ``TITLE_ATTACH``; otherwise it stays unique. Closeness in meaning alone, which decided
    before, let "Trump Sends Investigators to Hawaii" join "Officials in Hawaii have
    certified Obama's citizenship" (its own article's sentence counting too): every
    sentence about Hawaii is close to it, and the scorer's shared words tell the fact it
    states ("has sent investigators to Hawaii") from the one it only names."""
    out = [list(g) for g in groups]
    for a, heads in enumerate(titles):
        for k, u in enumerate(units[a]):
            # a headline that asks ("Who is Dave Brat?") states no fact
            if u.sentence_index not in heads or not out or u.text.rstrip().endswith("?"):
                continue
            probs = _title_probs(story, a, k, weights)
            means = []
            for g in out:
                # per other article, its best unit in the fact (one outlet may tell a
                # fact in two sentences; the headline need match only one of them)
                best_of: dict[int, float] = {}
                for b, j in g:
                    if b == a or units[b][j].sentence_index in titles[b]:
                        continue  # (a headline attached before is no version to match)
                    best_of[b] = max(best_of.get(b, 0.0), probs[b][j])
                means.append(sum(best_of.values()) / len(best_of) if best_of else 0.0)
            best = int(np.argmax(means))
            if means[best] >= TITLE_ATTACH:
                out[best].append((a, k))
    return tuple(sorted(tuple(sorted(g)) for g in out))


def _title_probs(story: Story, a: int, k: int, weights: Weights) -> dict[int, list[float]]:
    """The scorer's probability that unit ``k`` of article ``a`` (a headline) states
    what each unit of every other article states."""
    out: dict[int, list[float]] = {}
    for b in range(len(story.vectors)):
        if b == a or not len(story.vectors[b]):
            continue
        sim, cen = story_similarities(story, a, b)
        pairs = [(k, j) for j in range(len(story.vectors[b]))]
        same_script = story.scripts[a] == story.scripts[b]
        rows = candidate_features(
            sim, cen, pairs, story.tokens[a], story.tokens[b], same_script, weights
        )
        out[b] = score_rows(rows, weights).tolist()
    return out
