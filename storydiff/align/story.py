"""What every article pair of one alignment reads, computed once per story, and the
scored links of one article pair (strong ones, and the weak rest)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from storydiff.align.denials import Stance, denial_of_statement, stance
from storydiff.align.links import Link, Veto, VetoRule
from storydiff.align.names import actors, capitals, only_actors_shared
from storydiff.align.related import RELATED_WORDS, story_words
from storydiff.align.scoring import (
    Weights,
    WordSets,
    center,
    feature_rows,
    jaccards,
    nearest_mask,
    pair_similarities,
    score_rows,
    shared_counts,
    unit_rows,
    word_sets,
)
from storydiff.align.tolls import toll_words
from storydiff.align.words import (
    FACT_OWN_WORDS,
    content_forms,
    content_tokens,
    different_quotes,
    only_setting_words,
    quoted_tokens,
    shared_words,
    states_something,
)
from storydiff.records import Segmented, Unit
from storydiff.text.scripts import script_of

_T = TypeVar("_T")


@dataclass(frozen=True, kw_only=True)
class Story:
    """What every article pair of one ``align`` call reads, computed once per story: per
    article, its units' vectors (as embedded, centered, context), content words (as stems
    and the words behind them, and those it quotes), whether each unit can be aligned, its
    script, language and stance (``denials.stance``); and the story's common words and
    names. ``words`` and
    ``names`` are the units' content words and their names beyond the story's own as
    ``WordSets``, which find what two articles' units share in one product."""

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
    common_names: frozenset[str]
    texts: Sequence[Sequence[str]]
    stances: Sequence[Sequence[Stance]]
    words: Sequence[WordSets]
    names: Sequence[WordSets]
    tolled: Sequence[np.ndarray]


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
    tokens = _per_unit(units, content_tokens)
    tolls = _per_unit(units, toll_words)
    common_names, common_words = story_words(units)
    word_ids: dict[str, int] = {}
    name_ids: dict[str, int] = {}
    return Story(
        vectors=vectors,
        centered=centered,
        contexts=contexts,
        tokens=tokens,
        forms=_per_unit(units, content_forms),
        quotes=_per_unit(units, quoted_tokens),
        alignable=alignable,
        scripts=[script_of(seg.article.text[:2000]) for seg in segmented],
        langs=[seg.lang for seg in segmented],
        tolls=tolls,
        common_words=common_words,
        common_names=common_names,
        texts=[[u.text for u in us] for us in units],
        stances=_per_unit(units, stance),
        words=[word_sets(ts, word_ids) for ts in tokens],
        names=[
            word_sets([c - common_names for c in cs], name_ids) for cs in _per_unit(units, capitals)
        ],
        tolled=[np.array([bool(t) for t in ts], dtype=bool) for ts in tolls],
    )


def _per_unit(units: Sequence[Sequence[Unit]], read: Callable[[str], _T]) -> list[list[_T]]:
    """``read`` of the text of every unit, per article."""
    return [[read(u.text) for u in us] for us in units]


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


@dataclass(frozen=True, kw_only=True)
class PairLinks:
    """The scored links of one article pair (``pair_links``): ``strong`` ones, to be
    grouped into facts; ``weak`` ones that the related tier or the toll facts may read;
    and ``vetoed``, those the scorer accepted but a rule kept out of the facts (any of
    them that may be read is among ``weak`` as well)."""

    strong: list[Link]
    weak: list[Link]
    vetoed: list[Veto]


def pair_links(
    story: Story,
    a: int,
    b: int,
    *,
    threshold: float,
    neighbours: int,
    weights: Weights,
    related_threshold: float,
) -> PairLinks:
    """The scored candidates of articles ``a`` and ``b``: those at ``threshold`` or above
    that no rule keeps apart (``veto_of``), and of the weak rest (the vetoed ones
    included) those that ``related_links`` or ``toll_facts`` may read
    (``_may_be_read``)."""
    sim, cen = story_similarities(story, a, b)
    mask = nearest_mask(cen, neighbours)
    mask &= np.asarray(story.alignable[a])[:, None] & np.asarray(story.alignable[b])[None, :]
    ii, jj = np.nonzero(mask)  # row-major: the candidates in sorted order
    same_script = story.scripts[a] == story.scripts[b]
    shared = shared_counts(story.words[a], story.words[b])
    overlap = jaccards(story.words[a], story.words[b], ii, jj, shared) if same_script else None
    rows = feature_rows(sim, cen, ii, jj, overlap, weights)
    probs = score_rows(rows, weights) if len(ii) else np.zeros(0)
    readable = _may_be_read(story, a, b, (ii, jj), probs, shared, related_threshold)
    found = PairLinks(strong=[], weak=[], vetoed=[])
    # Python numbers, and a record only for a candidate that is strong or may be read:
    # building one per candidate (~260k in a 50-article story) cost more than scoring.
    wanted = np.flatnonzero((probs >= threshold) | readable)
    scored = zip(
        ii[wanted].tolist(),
        jj[wanted].tolist(),
        probs[wanted].tolist(),
        rows[wanted, 1].tolist(),  # the plain cosine
        readable[wanted].tolist(),
        strict=True,
    )
    for i, j, p, cosine, read in scored:
        link = Link(a=a, i=i, b=b, j=j, score=p, cosine=cosine)
        rule = veto_of(story, a, i, b, j) if p >= threshold else None
        if p >= threshold and rule is None:
            found.strong.append(link)
            continue
        if rule is not None:
            found.vetoed.append(Veto(link=link, rule=rule))
        if read:
            found.weak.append(link)
    return found


def _may_be_read(
    story: Story,
    a: int,
    b: int,
    candidates: tuple[np.ndarray, np.ndarray],
    probs: np.ndarray,
    shared: np.ndarray,
    related_threshold: float,
) -> np.ndarray:
    """Which candidates a weak link of could be read after grouping: ``related_links``
    keeps one only when its two units share a name beyond the story's own names, or, in
    one script, score ``related_threshold`` or more and share ``RELATED_WORDS`` content
    words (``_same_actors``); ``toll_facts`` only when both units give a toll. Each is a
    necessary condition of theirs, which still decide: the weak links left out here are
    ones they would pass over."""
    ii, jj = candidates
    keep: np.ndarray = shared_counts(story.names[a], story.names[b])[ii, jj] > 0
    keep |= story.tolled[a][ii] & story.tolled[b][jj]
    if story.scripts[a] == story.scripts[b]:
        keep |= (probs >= related_threshold) & (shared[ii, jj] >= RELATED_WORDS)
    return keep


def denied_apart(story: Story, a: int, i: int, b: int, j: int) -> bool:
    """Whether unit ``i`` of ``a`` and ``j`` of ``b`` are a statement and a reported
    denial of it (in any languages): two claims, never one fact."""
    return denial_of_statement(story.texts[a][i], story.texts[b][j])


def veto_of(story: Story, a: int, i: int, b: int, j: int) -> VetoRule | None:
    """The rule that keeps unit ``i`` of ``a`` and ``j`` of ``b`` out of one fact however
    the scorer rates them, or ``None``: a statement and a reported denial of it (in any
    languages), or, in one language, two units that share only their setting, quote two
    different statements, or (both long) share only the setting and the people they are
    about (``_actors_rule``)."""
    if denied_apart(story, a, i, b, j):
        return "denial"
    if story.langs[a] != story.langs[b] or story.scripts[a] != story.scripts[b]:
        # (one language: Ukrainian and Russian share a script, not their words)
        return None
    x, y, common = story.tokens[a][i], story.tokens[b][j], story.common_words
    forms = (story.forms[a][i], story.forms[b][j])
    if only_setting_words(x, y, common, forms):
        return "story-words" if shared_words(x, y, forms) else "no-shared-word"
    if different_quotes(story.quotes[a][i], story.quotes[b][j]):
        return "different-quotes"
    if min(len(x), len(y)) < FACT_OWN_WORDS:
        return None
    return _actors_rule(story.texts[a][i], story.texts[b][j], x & y, common)


def _actors_rule(
    text_a: str, text_b: str, shared: frozenset[str], common: frozenset[str]
) -> VetoRule | None:
    """``only_actors_shared``, told as which of its cases it is: the same people named on
    both sides, or two different people."""
    if not only_actors_shared(text_a, text_b, shared, common):
        return None
    return "same-names" if actors(text_a)[0] == actors(text_b)[0] else "different-people"
