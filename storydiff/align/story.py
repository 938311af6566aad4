"""What every article pair of one alignment reads, computed once per story, and the
scored links of one article pair (strong ones, and the weak rest)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storydiff.align.denials import denial_of_statement
from storydiff.align.links import Link
from storydiff.align.names import only_actors_shared
from storydiff.align.related import story_words
from storydiff.align.scoring import (
    Weights,
    candidate_features,
    center,
    nearest_pairs,
    pair_similarities,
    score_rows,
    unit_rows,
)
from storydiff.align.tolls import toll_words
from storydiff.align.words import (
    FACT_OWN_WORDS,
    content_forms,
    content_tokens,
    different_quotes,
    only_setting_words,
    quoted_tokens,
    states_something,
)
from storydiff.records import Segmented, Unit
from storydiff.text.scripts import script_of


@dataclass(frozen=True, kw_only=True)
class Story:
    """What every article pair of one ``align`` call reads, computed once per story: per
    article, its units' vectors (as embedded, centered, context), content words (as stems
    and the words behind them, and those it quotes), whether each unit can be aligned, its
    script and language; and the story's common words."""

    vectors: Sequence[np.ndarray]
    centered: Sequence[np.ndarray]
    contexts: Sequence[np.ndarray]
    tokens: Sequence[Sequence[frozenset[str]]]
    forms: Sequence[Sequence[dict[str, frozenset[str]]]]
    quotes: Sequence[Sequence[frozenset[str]]]
    alignable: Sequence[Sequence[bool]]
    scripts: Sequence[str]
    langs: Sequence[str]
    tolls: Sequence[Sequence[frozenset[str]]]
    common_words: frozenset[str]
    texts: Sequence[Sequence[str]]


def build_story(
    segmented: Sequence[Segmented],
    units: Sequence[Sequence[Unit]],
    titles: Sequence[set[int]],
    vectors: Sequence[np.ndarray],
    context_vectors: Sequence[np.ndarray],
) -> Story:
    """The per-story inputs of ``align``: headlines are attached afterwards, and fragments
    ("(SDA", "0") state nothing to align; vectors are centered per language (``center``)."""
    alignable = [
        [u.sentence_index not in t and states_something(u.text) for u in us]
        for us, t in zip(units, titles, strict=True)
    ]
    centered, means = center(vectors, [seg.lang for seg in segmented])
    contexts = [
        unit_rows(c - m) if len(c) else c for c, m in zip(context_vectors, means, strict=True)
    ]
    return Story(
        vectors=vectors,
        centered=centered,
        contexts=contexts,
        tokens=[[content_tokens(u.text) for u in us] for us in units],
        forms=[[content_forms(u.text) for u in us] for us in units],
        quotes=[[quoted_tokens(u.text) for u in us] for us in units],
        alignable=alignable,
        scripts=[script_of(seg.article.text[:2000]) for seg in segmented],
        langs=[seg.lang for seg in segmented],
        tolls=[[toll_words(u.text) for u in us] for us in units],
        common_words=story_words(units)[1],
        texts=[[u.text for u in us] for us in units],
    )


def story_similarities(story: Story, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """``pair_similarities`` of the units of articles ``a`` and ``b`` of ``story``."""
    return pair_similarities(
        story.vectors[a],
        story.vectors[b],
        story.centered[a],
        story.centered[b],
        story.contexts[a],
        story.contexts[b],
    )


def pair_links(
    story: Story, a: int, b: int, *, threshold: float, neighbours: int, weights: Weights
) -> tuple[list[Link], list[Link]]:
    """The scored candidates of articles ``a`` and ``b``: those at ``threshold`` or above
    that share more than the story's own words and are not a statement and a reported
    denial of it (``denied_apart``), and the weak rest."""
    sim, cen = story_similarities(story, a, b)
    candidates = sorted(
        (i, j)
        for i, j in nearest_pairs(cen, neighbours)
        if story.alignable[a][i] and story.alignable[b][j]
    )
    same_script = story.scripts[a] == story.scripts[b]
    tokens_a, tokens_b = story.tokens[a], story.tokens[b]
    rows = candidate_features(sim, cen, candidates, tokens_a, tokens_b, same_script, weights)
    probs = score_rows(rows, weights) if candidates else np.zeros(0)
    # (one language: Ukrainian and Russian share a script, not their words)
    same_language = story.langs[a] == story.langs[b] and same_script
    strong: list[Link] = []
    weak: list[Link] = []
    # Python floats up front: indexing numpy per candidate cost more than the rest of
    # the loop (the plain cosine is column 1 of the features).
    scored = zip(candidates, probs.tolist(), rows[:, 1].tolist(), strict=True)
    for (i, j), p, cosine in scored:
        link = Link(a=a, i=i, b=b, j=j, score=p, cosine=cosine)
        if (
            p >= threshold
            and not (same_language and _no_claim_shared(story, a, i, b, j))
            and not denied_apart(story, a, i, b, j)
        ):
            strong.append(link)
        else:
            weak.append(link)
    return strong, weak


def denied_apart(story: Story, a: int, i: int, b: int, j: int) -> bool:
    """Whether unit ``i`` of ``a`` and ``j`` of ``b`` are a statement and a reported
    denial of it (in any languages): two claims, never one fact."""
    return denial_of_statement(story.texts[a][i], story.texts[b][j])


def _no_claim_shared(story: Story, a: int, i: int, b: int, j: int) -> bool:
    """Whether units ``i`` of ``a`` and ``j`` of ``b`` (one language) share only their
    setting, quote two different statements, or (both long) share only the setting and
    the people they are about."""
    x, y, common = story.tokens[a][i], story.tokens[b][j], story.common_words
    forms = (story.forms[a][i], story.forms[b][j])
    if only_setting_words(x, y, common, forms):
        return True
    if different_quotes(story.quotes[a][i], story.quotes[b][j]):
        return True
    if min(len(x), len(y)) < FACT_OWN_WORDS:
        return False
    return only_actors_shared(story.texts[a][i], story.texts[b][j], x & y, common)
