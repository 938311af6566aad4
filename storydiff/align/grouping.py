"""Grouping scored links into facts: average-link, strongest first, capped per article,
and no member held by one weak link."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storydiff.align.links import Link

# A unit of the alignment: (article position, unit index).
Node = tuple[int, int]

# The score a fact member needs when one accepted link alone ties it to the fact's other
# outlets (``group_links``'s ``lone_link``). Between the fact threshold and this score the
# scorer's "same claim" is a coin toss on a subject every sentence of the story shares: on
# ten comparisons read by hand (docs/benchmarks.md, "Session 12: two claims in one fact"),
# of the members held by one link below 0.7, 14 stated another claim ("Burton said the
# president weighed in as part of a constitutional discussion" / "Some leading Democrats
# said it was the president's role to stand up for constitutional rights") and 3 the same
# one. Not applied by default: the NewsWCL50 derived gold counts such pairs (two claims
# sharing their concepts) as aligned, and its F1 then falls below its floor (0.158
# against 0.16) while precision rises on both engines; that is the maintainers' call.
LONE_LINK = 0.7


def group_links(
    links: Sequence[Link],
    max_per_article: int,
    apart: Callable[[Node, Node], bool] | None = None,
    lone_link: float | None = None,
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Average-link grouping over the scored links, strongest first.

    Two groups merge only when the mean score over all their cross-article sentence
    pairs (unscored pairs count as 0) stays above the weakest accepted link, and no
    article would hold more than ``max_per_article`` sentences of the group. This stops
    the chains that single-link grouping builds through one bridging sentence (a
    standfirst that restates two facts would otherwise weld them together).

    Nor do two groups merge when ``apart`` says that some node of one and some node of
    the other are two claims however they are linked (a statement and a reported denial
    of it, ``denials``): the other outlets' versions would otherwise weld them into one
    fact.

    Last, with ``lone_link`` (``LONE_LINK``), a member that one link alone ties to its
    group's other outlets, scoring below it, leaves the group (``_backed``): a fact of two
    units linked that weakly, or a second sentence of one outlet that only the other
    outlet's one sentence ties to the first ("Republicans criticized his position"
    holding "many Democrats were not pleased" and "other Republicans warned of a
    backlash" together), is two claims more often than one. Such a unit is still
    matched, so it is shown as related. ``None`` (the default) leaves every member.
    """
    if not links:
        return ()
    floor = min(link.score for link in links)
    score: dict[tuple[tuple[int, int], tuple[int, int]], float] = {}
    for link in links:
        x, y = (link.a, link.i), (link.b, link.j)
        score[(x, y)] = score[(y, x)] = link.score
    group_of: dict[tuple[int, int], int] = {}
    groups: dict[int, list[tuple[int, int]]] = {}
    for link in links:
        x, y = (link.a, link.i), (link.b, link.j)
        for node in (x, y):
            if node not in group_of:
                group_of[node] = len(group_of)
                groups[group_of[node]] = [node]
        gx, gy = group_of[x], group_of[y]
        if gx == gy:
            continue
        if apart is not None and any(apart(u, v) for u in groups[gx] for v in groups[gy]):
            continue
        if not _may_merge(groups[gx], groups[gy], score, floor, max_per_article):
            continue
        for node in groups[gy]:
            group_of[node] = gx
        groups[gx] = groups[gx] + groups[gy]
        del groups[gy]
    # A node whose every merge was refused is left alone: that is no fact (nobody else
    # states it), so it stays out of the groups and can be shown as related or unique.
    backed = (_backed(g, score, lone_link) if lone_link is not None else g for g in groups.values())
    shared = (g for g in backed if len({art for art, _ in g}) > 1)
    return tuple(sorted(tuple(sorted(g)) for g in shared))


def _may_merge(
    gx: Sequence[Node],
    gy: Sequence[Node],
    score: dict[tuple[Node, Node], float],
    floor: float,
    max_per_article: int,
) -> bool:
    """Whether no article would hold more than ``max_per_article`` nodes of the merged
    group, and the mean score over the two groups' cross-article pairs (unscored pairs
    count as 0) is at least ``floor``."""
    counts: dict[int, int] = {}
    for art, _ in (*gx, *gy):
        counts[art] = counts.get(art, 0) + 1
    if max(counts.values()) > max_per_article:
        return False
    cross = [score.get((u, v), 0.0) for u in gx for v in gy if u[0] != v[0]]
    return not cross or sum(cross) / len(cross) >= floor


def _backed(
    group: Sequence[Node], score: dict[tuple[Node, Node], float], lone_link: float
) -> list[Node]:
    """``group`` less every member that at most one link ties to the other outlets'
    members, when that link scores below ``lone_link``; again until none is left, since a
    member may lose its second link with another member."""
    kept = list(group)
    while True:
        lone = {u for u in kept if _lone(u, kept, score, lone_link)}
        if not lone:
            return kept
        kept = [u for u in kept if u not in lone]


def _lone(
    node: Node, group: Sequence[Node], score: dict[tuple[Node, Node], float], lone_link: float
) -> bool:
    """Whether ``node`` has at most one link into ``group``, scoring below ``lone_link``."""
    held = [score[(node, v)] for v in group if (node, v) in score]
    return len(held) < 2 and max(held, default=0.0) < lone_link
