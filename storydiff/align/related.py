"""The related tier: units left out of every fact that touch another article's unit by
the same actors or subject, so that "only in" is kept for what nobody else touches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from storydiff.align.links import Link
from storydiff.align.names import capitals, shared_names
from storydiff.align.words import content_tokens
from storydiff.records import Unit

# A related link needs this probability of stating the same thing (below the fact
# threshold): close in subject, but not the same claim.
RELATED_THRESHOLD = 0.1
# Names (capitalised words past a unit's first word) shared by two related units, or
# content words when they share no name: the "same actors and subject" test.
RELATED_NAMES = 1
RELATED_WORDS = 2
# A name in more than this share of the story's units is the story's, not an actor's.
RELATED_NAME_SHARE = 0.2

# Words that join a sentence to the one before it, not its subject: "However, ..." at
# the start of two sentences is no shared subject (5-letter stems, as content_tokens).
_CONNECTIVES = frozenset(
    w[:5]
    for w in """however meanwhile moreover furthermore nevertheless earlier later previously
    instead still already even just now yet
    однак проте водночас тим часом крім того також вже раніше
    однако впрочем между тем кроме того также уже ранее""".split()
)


def story_words(units: Sequence[Sequence[Unit]]) -> tuple[frozenset[str], frozenset[str]]:
    """Name keys and content words in more than ``RELATED_NAME_SHARE`` of the story's
    units (and more than two), the latter with the connectives: "Ukraine" in a story
    about Ukraine, or "However", says nothing about which actors or subject two units
    share, so it is never a related link's only tie."""
    n_units = sum(len(us) for us in units)
    cut = max(2, RELATED_NAME_SHARE * n_units)
    names = Counter(n for us in units for u in us for n in capitals(u.text))
    words = Counter(w for us in units for u in us for w in content_tokens(u.text))
    # A word of the setting comes back within articles: one that each outlet uses once is
    # as likely the words of the one fact they share ("Senate Republicans on Friday blocked
    # a bill that would form an independent commission" in three short reports, 14 units).
    word_cut = max(cut, len(units))
    return (
        frozenset(n for n, k in names.items() if k > cut),
        frozenset(w for w, k in words.items() if k > word_cut) | _CONNECTIVES,
    )


def related_links(
    units: Sequence[Sequence[Unit]],
    unit_groups: Sequence[Sequence[tuple[int, int]]],
    candidates: tuple[Sequence[Link], Sequence[Link]],
    tokens: Sequence[Sequence[frozenset[str]]],
    scripts: Sequence[str],
    related_threshold: float,
) -> tuple[Link, ...]:
    """Related links: a unit left out of every fact and its closest unit in another
    article, when the two name the same actors (in any script) or, in one script, share
    subject words and are close. Each such unit keeps its best partner per article, so
    that "only in" is left for what nobody else touches.

    ``candidates`` are the accepted links and the weak ones. An accepted link needs no
    such test: the scorer matched the two units, and only grouping (``group_links``: the cap
    per article, or a merge that the other pairs would not back) kept one of them out of
    every fact; that unit is said elsewhere, so it is related, never "only in"."""
    accepted, weak = candidates
    in_fact = {ref for g in unit_groups for ref in g}
    common_names, common_words = story_words(units)
    tagged = [(lk, True) for lk in accepted] + [(lk, False) for lk in weak]
    kept = [
        link
        for link, matched in tagged
        if not ((link.a, link.i) in in_fact and (link.b, link.j) in in_fact)
        and (
            matched
            or _same_actors(
                link, units, tokens, scripts, (common_names, common_words), related_threshold
            )
        )
    ]
    return best_per_orphan(kept, in_fact, lambda lk: lk.score)


def best_per_orphan(
    links: Sequence[Link], placed: set[tuple[int, int]], strength: Callable[[Link], float]
) -> tuple[Link, ...]:
    """Of ``links``, the strongest (by ``strength``) for each unit not in ``placed`` and
    each other article: one partner per article is enough to tell it is not "only in"."""
    best: dict[tuple[tuple[int, int], int], Link] = {}
    for link in links:
        x, y = (link.a, link.i), (link.b, link.j)
        for orphan, other in ((x, link.b), (y, link.a)):
            if orphan in placed:
                continue
            key = (orphan, other)
            if key not in best or strength(best[key]) < strength(link):
                best[key] = link
    kept = {(lk.a, lk.i, lk.b, lk.j): lk for lk in best.values()}
    return tuple(sorted(kept.values(), key=lambda lk: (lk.a, lk.i, lk.b, lk.j)))


def _same_actors(
    link: Link,
    units: Sequence[Sequence[Unit]],
    tokens: Sequence[Sequence[frozenset[str]]],
    scripts: Sequence[str],
    common: tuple[frozenset[str], frozenset[str]],
    related_threshold: float,
) -> bool:
    """Whether a weak link ties two units by the same actors: a shared name (in any
    script) among a unit's nearest neighbours in meaning is enough; in one script, two
    shared content words will do when the scorer also finds them close. Closeness alone
    is not: every sentence of a story is close to some other. ``common`` holds the
    story's own names and words (``story_words``)."""
    common_names, common_words = common
    ua, ub = units[link.a][link.i], units[link.b][link.j]
    if len(shared_names(ua.text, ub.text) - common_names) >= RELATED_NAMES:
        return True
    if scripts[link.a] != scripts[link.b] or link.score < related_threshold:
        return False
    words = tokens[link.a][link.i] & tokens[link.b][link.j]
    # the story's own words ("Ukraine", "troops") may add to the count, but a link must
    # rest on at least one word that is not the whole story's
    return len(words) >= RELATED_WORDS and bool(words - common_words)
