"""Alignment: group the sentences of 2..k articles that state the same thing into facts.

Cost control: each sentence is compared to all others with one matrix product per
article pair (cheap numpy, no model), and only its ``neighbours`` best matches in each
other article become candidates for scoring. Nothing downstream sees k²n² pairs.

Scoring a candidate uses what the embedding alone gets wrong on news: every sentence of a
story is "about" the same topic, so raw cosine is high everywhere. The score combines
  * the cosine (for a short sentence also with its preceding sentence as context, since
    "Biden did not support the idea." only means something after its antecedent),
  * how far the cosine stands above this article pair's typical cosine (a z-score),
  * shared content words and names when both sentences use the same script,
  * whether the two are each other's best match.
Two long units of one language that share nothing but the story's own words and words
of time are no fact, however close (the alignment keeps which rule vetoed a related link
the scorer accepted, so that its reason can say so); headlines join a fact after
grouping, only when the scorer links them to its versions in the other outlets; and two
tolls of one story ("killed 13 US troops", "Ninety people have been killed") are one
fact however far apart their sentences are, so that the figures stand side by side.

The package, one module per step: ``scoring`` (features, scorer, blocking), ``story``
(the per-story inputs and one article pair's links), ``grouping`` (links into facts),
``tolls`` (death-toll facts), ``headlines`` (attaching headlines), ``echoes`` (what
centering hid in a short story: facts by a shared count, related units by shared
evidence), ``related`` (the related tier), ``names`` and ``words`` (what a unit names and
says), ``links`` (the records). ``align`` below runs them in that order.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np

from storydiff.align.echoes import echo_facts, echo_links
from storydiff.align.grouping import LONE_LINK, group_links
from storydiff.align.headlines import TITLE_ATTACH, attach_titles
from storydiff.align.links import Alignment, Link, Veto, VetoRule
from storydiff.align.names import name_key, name_runs, names_of, shared_names
from storydiff.align.related import (
    RELATED_NAME_SHARE,
    RELATED_NAMES,
    RELATED_THRESHOLD,
    RELATED_WORDS,
    related_links,
    story_words,
)
from storydiff.align.scoring import (
    FEATURES,
    SHORT_WORDS,
    WEIGHTS,
    Weights,
    candidate_features,
    center,
    context_texts,
    nearest_pairs,
    pair_similarities,
    score_rows,
    unit_rows,
)
from storydiff.align.story import Story, build_story, denied_apart, pair_links
from storydiff.align.tolls import SLOT_WINDOW, toll_facts, toll_words
from storydiff.align.words import (
    AUXILIARIES,
    FACT_OWN_WORDS,
    MIN_WORDS,
    PERIOD_WORDS,
    STOP_LANGUAGES,
    content_tokens,
    only_setting_words,
    states_something,
)
from storydiff.blas import one_thread
from storydiff.records import Segmented, Unit

__all__ = [
    "AUXILIARIES",
    "FACT_OWN_WORDS",
    "FEATURES",
    "LONE_LINK",
    "MIN_WORDS",
    "PERIOD_WORDS",
    "RELATED_NAMES",
    "RELATED_NAME_SHARE",
    "RELATED_THRESHOLD",
    "RELATED_WORDS",
    "SHORT_WORDS",
    "SLOT_WINDOW",
    "STOP_LANGUAGES",
    "TITLE_ATTACH",
    "WEIGHTS",
    "Alignment",
    "Link",
    "Veto",
    "VetoRule",
    "Weights",
    "align",
    "candidate_features",
    "center",
    "content_tokens",
    "context_texts",
    "group_links",
    "name_key",
    "name_runs",
    "names_of",
    "nearest_pairs",
    "only_setting_words",
    "pair_similarities",
    "related_links",
    "score_rows",
    "shared_names",
    "states_something",
    "story_words",
    "toll_words",
    "unit_rows",
]


@one_thread()  # many small products: one BLAS thread (storydiff.blas)
def align(
    segmented: Sequence[Segmented],
    embeddings: Sequence[np.ndarray],
    context_embeddings: Sequence[np.ndarray],
    *,
    units: Sequence[Sequence[Unit]] | None = None,
    unit_embeddings: Sequence[np.ndarray] | None = None,
    unit_contexts: Sequence[np.ndarray] | None = None,
    threshold: float = 0.5,
    related_threshold: float = RELATED_THRESHOLD,
    neighbours: int = 5,
    max_per_article: int = 3,
    weights: Weights = WEIGHTS,
    lone_link: float | None = None,
) -> Alignment:
    """Group the units of several articles into facts, and find related units.

    ``units`` are the claims of each article's sentences (``storydiff.units``), with
    their vectors and context vectors; without them every sentence is one unit.
    Candidates are each unit's ``neighbours`` nearest units in every other article;
    those scoring at least ``threshold`` are linked, strongest first, into groups holding
    at most ``max_per_article`` units of any one article (a fact may be told in one
    sentence by one outlet and in two by another). Candidates scoring at least
    ``related_threshold`` that touch a unit left out of every fact become ``related``
    links (see ``related_links``). With ``lone_link`` (``LONE_LINK``), a unit that one
    link below that score alone ties to a fact leaves it and is related (``group_links``).
    """
    if units is None or unit_embeddings is None or unit_contexts is None:
        units = [_whole_units(seg) for seg in segmented]
        unit_embeddings, unit_contexts = embeddings, context_embeddings
    units = tuple(tuple(u) for u in units)
    titles = [
        {u.sentence_index for u in us if seg.sentences[u.sentence_index].is_title}
        for seg, us in zip(segmented, units, strict=True)
    ]
    story = build_story(segmented, units, titles, unit_embeddings, unit_contexts)
    links: list[Link] = []
    weak: list[Link] = []
    vetoed: dict[tuple[int, int, int, int], Veto] = {}
    for a in range(len(segmented)):
        for b in range(a + 1, len(segmented)):
            if not len(unit_embeddings[a]) or not len(unit_embeddings[b]):
                continue
            found = pair_links(
                story,
                a,
                b,
                threshold=threshold,
                neighbours=neighbours,
                weights=weights,
                related_threshold=related_threshold,
            )
            links += found.strong
            weak += found.weak
            vetoed |= {_key(v.link): v for v in found.vetoed}
    links.sort(key=lambda link: -link.score)
    groups = group_links(links, max_per_article, partial(_denied_apart, story), lone_link)
    tolls = toll_facts(groups, [*links, *weak], langs=story.langs, tolls=story.tolls)
    unit_groups = attach_titles(story, units, titles, groups + tolls, weights, threshold)
    unit_groups = echo_facts(story, units, titles, unit_groups)
    related = related_links(
        units, unit_groups, (links, weak), story.tokens, story.scripts, related_threshold
    )
    echoes = echo_links(story, units, unit_groups, related, story_words(units))
    related = tuple(sorted((*related, *echoes), key=lambda lk: (lk.a, lk.i, lk.b, lk.j)))
    return Alignment(
        groups=_sentence_groups(units, unit_groups),
        links=tuple(links),
        units=units,
        unit_groups=unit_groups,
        related=related,
        echoes=echoes,
        vetoed=tuple(vetoed[_key(lk)] for lk in related if _key(lk) in vetoed),
    )


def _key(link: Link) -> tuple[int, int, int, int]:
    return (link.a, link.i, link.b, link.j)


def _denied_apart(story: Story, x: tuple[int, int], y: tuple[int, int]) -> bool:
    return denied_apart(story, x[0], x[1], y[0], y[1])


def _whole_units(seg: Segmented) -> tuple[Unit, ...]:
    return tuple(
        Unit(article_id=s.article_id, sentence_index=s.index, start=s.start, end=s.end, text=s.text)
        for s in seg.sentences
    )


def _sentence_groups(
    units: Sequence[Sequence[Unit]], unit_groups: Sequence[Sequence[tuple[int, int]]]
) -> tuple[tuple[tuple[int, int], ...], ...]:
    return tuple(
        tuple(sorted({(a, units[a][k].sentence_index) for a, k in g})) for g in unit_groups
    )
