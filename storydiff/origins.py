"""Source chains and independent origins: how many voices really stand behind a fact.

Counting outlets overstates corroboration. An article that names another outlet as its
source ("Politico writes about this with reference to sources", "according to Politico")
*relays* that outlet: the claim traces to the upstream origin, and the upstream's own
sources hang under it (Politico ← "two people familiar with the call"). When the relayed
outlet is named in the lead, everything up to its last mention (or back-reference: "the
journalists emphasize") is relayed. Near-duplicate articles (syndicated copies, wire
reprints) are one origin. A claim attributed to a named source traces to that source; a
claim nobody is credited with is the carrying outlet's own reporting.

``origins`` takes the per-article ``Sources`` from ``storydiff.attribute``, the facts (any
object with ``id`` and ``members``, such as ``records.Fact``) and the segmented articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from storydiff.attribute import is_origin
from storydiff.records import (
    Attribution,
    FactOrigins,
    Origin,
    Relay,
    Segmented,
    SourceMap,
    Sources,
)
from storydiff.text.words import TOKEN

# The records live in ``storydiff.records``; importing them from here keeps working.
__all__ = [
    "FactLike",
    "FactOrigins",
    "Origin",
    "Relay",
    "SourceMap",
    "covered_sentences",
    "is_own_outlet",
    "near_duplicates",
    "origins",
    "relays",
    "shingle_jaccard",
]

# An outlet label's note in brackets: "ABC News (Online)" is ABC News.
_BRACKETED_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_LEADING_THE = re.compile(r"^the\s+")
# A claim's sources below the outlet that relays it: who the upstream cites.
_UPSTREAM_SOURCE_KINDS = frozenset({"anonymous", "document", "person", "organisation"})
# Named people and bodies in an article's lead are the relayed outlet's sources only when
# its attribution cites them; anonymous sources and documents there are taken as its own.
_LEAD_SOURCE_KINDS = frozenset({"anonymous", "document"})


class FactLike(Protocol):
    """What ``origins`` needs of a fact: ``records.Fact`` fits."""

    @property
    def id(self) -> str: ...

    @property
    def members(self) -> Mapping[str, tuple[int, ...]]: ...


def shingle_jaccard(a: str, b: str, *, k: int = 5) -> float:
    """Jaccard overlap of the word ``k``-shingles of two texts (case-folded)."""
    sa, sb = _shingles(a, k), _shingles(b, k)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def _shingles(text: str, k: int) -> set[tuple[str, ...]]:
    words = TOKEN.findall(text.casefold())
    if len(words) < k:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + k]) for i in range(len(words) - k + 1)}


def near_duplicates(
    segmented: Sequence[Segmented], *, threshold: float = 0.8, k: int = 5
) -> tuple[tuple[str, ...], ...]:
    """Groups (two or more article ids) of articles whose shingled Jaccard exceeds
    ``threshold``, linked transitively: syndicated copies and wire reprints."""
    ids = [s.article.id for s in segmented]
    shingles = [_shingles(s.article.text, k) for s in segmented]
    parent = list(range(len(ids)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            a, b = shingles[i], shingles[j]
            if a and b and len(a & b) / len(a | b) > threshold:
                parent[root(j)] = root(i)
    groups: dict[int, list[str]] = {}
    for i, aid in enumerate(ids):
        groups.setdefault(root(i), []).append(aid)
    return tuple(tuple(g) for g in groups.values() if len(g) > 1)


def covered_sentences(seg: Segmented, start: int, end: int) -> tuple[int, ...]:
    """Indices of the sentences of ``seg`` that overlap ``[start, end)``."""
    return tuple(s.index for s in seg.sentences if s.start < end and s.end > start)


def relays(sources: Sources, seg: Segmented, *, lead_sentences: int = 5) -> tuple[Relay, ...]:
    """The outlets an article relays, with the sentences carried from each."""
    atts = sources.attributions
    by_outlet: dict[str, list[int]] = {}
    for i, a in enumerate(atts):
        if a.source_kind == "outlet" and not _cites_itself(a, seg) and is_origin(a):
            by_outlet.setdefault(a.source_name, []).append(i)
    first_mention = {
        outlet: min(atts[i].sentence_index for i in idx) for outlet, idx in by_outlet.items()
    }
    earliest = min(first_mention.values(), default=0)
    out = []
    for outlet, idx in by_outlet.items():
        children = [i for i, a in enumerate(atts) if a.parent in idx]
        mentions = [atts[i].sentence_index for i in idx + children]
        # Only the outlet the article credits first, in its lead, stands behind the whole
        # lead; one cited later ("several outlets had reported") covers its own sentences.
        whole = first_mention[outlet] == earliest and min(mentions) < lead_sentences
        sentences = set(mentions)
        for content in (atts[i].content for i in idx + children):
            if content is not None:
                sentences.update(covered_sentences(seg, content.start, content.end))
        if whole:
            sentences.update(range(max(mentions) + 1))
        upstream = _upstream(atts, idx, children, lead_end=max(mentions) if whole else None)
        out.append(
            Relay(
                article_id=seg.article.id,
                outlet=outlet,
                attributions=tuple(idx),
                sentences=tuple(sorted(sentences)),
                sources=tuple(dict.fromkeys(upstream)),
                whole_article=whole,
            )
        )
    return tuple(out)


def _upstream(
    atts: Sequence[Attribution], idx: list[int], children: list[int], *, lead_end: int | None
) -> list[str]:
    """The relayed outlet's own sources: those its attributions cite (``children``) and,
    when it stands behind the whole lead (up to sentence ``lead_end``), the people and
    bodies the lead quotes."""
    return [
        a.source_name
        for i, a in enumerate(atts)
        if i not in idx
        and a.source_kind in _UPSTREAM_SOURCE_KINDS
        and (is_origin(a) or a.source_kind == "document")
        and (
            i in children
            or (
                lead_end is not None
                and a.sentence_index <= lead_end
                and a.source_kind in _LEAD_SOURCE_KINDS
            )
        )
    ]


def origins(
    sources_per_article: Mapping[str, Sources] | Iterable[Sources],
    facts: Iterable[FactLike],
    segmented: Sequence[Segmented],
    *,
    duplicate_threshold: float = 0.8,
    lead_sentences: int = 5,
) -> SourceMap:
    """For each fact: the articles carrying it and the independent origins behind it.

    A member sentence traces to (1) each outlet its article relays there, with that
    outlet's sources under it; else (2) each named source its own attributions credit,
    with the sources that source cites; else (3) its article's own reporting, one origin
    per group of near-duplicate articles.
    """
    if isinstance(sources_per_article, Mapping):
        by_id = dict(sources_per_article)
    else:
        by_id = {s.article_id: s for s in sources_per_article}
    segs = {s.article.id: s for s in segmented}
    copies = near_duplicates(segmented, threshold=duplicate_threshold)
    group_of = {aid: g[0] for g in copies for aid in g}
    relay_map = {
        aid: relays(by_id[aid], seg, lead_sentences=lead_sentences)
        for aid, seg in segs.items()
        if aid in by_id
    }
    out = []
    for fact in facts:
        carried = tuple(aid for aid, idx in fact.members.items() if idx)
        found: dict[str, _Acc] = {}
        for aid in carried:
            for index in fact.members[aid]:
                for key, acc in _trace(aid, index, by_id, segs, relay_map, group_of):
                    found.setdefault(key, _Acc(acc.name, acc.kind)).merge(acc, aid)
        origins_ = tuple(acc.freeze() for acc in _merge_surnames(found).values())
        out.append(
            FactOrigins(
                fact_id=fact.id, carried_by=carried, origins=origins_, n_independent=len(origins_)
            )
        )
    return SourceMap(relays=relay_map, copies=copies, facts=tuple(out))


def _merge_surnames(found: dict[str, _Acc]) -> dict[str, _Acc]:
    """One origin per person across articles: "Trump" in one outlet and "Donald Trump" in
    another are one voice (each article resolves surnames only against its own names). A
    surname that ends two different full names is left alone."""
    people = [k for k, acc in found.items() if acc.kind == "person"]
    out = dict(found)
    for key in people:
        if " " in key:
            continue
        fuller = [k for k in people if k.endswith(" " + key)]
        shortest = [k for k in fuller if not any(o != k and k.endswith(" " + o) for o in fuller)]
        if len(shortest) == 1:
            out[shortest[0]].absorb(out.pop(key))
    return out


class _Acc:
    """An origin being gathered over the members of one fact (local to ``origins``)."""

    def __init__(self, name: str, kind: str) -> None:
        self.name, self.kind = name, kind
        self.sources: dict[str, None] = {}
        self.articles: dict[str, None] = {}
        self.evidence: dict[tuple[str, int], None] = {}

    def merge(self, other: _Acc, article_id: str) -> None:
        self.sources.update(other.sources)
        self.articles[article_id] = None
        self.evidence.update(other.evidence)

    def absorb(self, other: _Acc) -> None:
        """Take in another origin gathered under a shorter name of the same source."""
        self.sources.update(other.sources)
        self.articles.update(other.articles)
        self.evidence.update(other.evidence)

    def freeze(self) -> Origin:
        return Origin(
            name=self.name,
            kind=self.kind,
            sources=tuple(self.sources),
            articles=tuple(self.articles),
            evidence=tuple(self.evidence),
        )


def _trace(
    aid: str,
    index: int,
    by_id: Mapping[str, Sources],
    segs: Mapping[str, Segmented],
    relay_map: Mapping[str, tuple[Relay, ...]],
    group_of: Mapping[str, str],
) -> list[tuple[str, _Acc]]:
    out: list[tuple[str, _Acc]] = []
    for relay in relay_map.get(aid, ()):
        if index in relay.sentences:
            acc = _Acc(relay.outlet, "outlet")
            acc.sources.update(dict.fromkeys(relay.sources))
            acc.evidence.update(dict.fromkeys((aid, i) for i in relay.attributions))
            out.append((relay.outlet.casefold(), acc))
    if out or aid not in by_id:
        return out or [_own(aid, segs, group_of)]
    atts = by_id[aid].attributions
    lang = segs[aid].lang if aid in segs else "en"
    for i, a in enumerate(atts):
        # Origins are people, bodies and outlets only: no document, no "unknown", no
        # adjective taken for a name ("Credibly", "Democratic").
        if not is_origin(a, lang) or a.parent is not None or not _covers(a, index, segs[aid]):
            continue
        if _cites_itself(a, segs[aid]):
            # "..., Fox News has confirmed" in Fox News is its own reporting: one origin
            # with the rest of the article, not a second one under the same name
            out.append(_own(aid, segs, group_of))
            continue
        acc = _Acc(a.source_name, a.source_kind)
        acc.sources.update(dict.fromkeys(c.source_name for c in atts if c.parent == i))
        acc.evidence[(aid, i)] = None
        out.append((a.source_name.casefold(), acc))
    return out or [_own(aid, segs, group_of)]


def _cites_itself(a: Attribution, seg: Segmented) -> bool:
    """Whether ``a`` credits the outlet that publishes ``seg`` ("Fox News has confirmed" in
    Fox News)."""
    return a.source_kind == "outlet" and is_own_outlet(a.source_name, seg.article.outlet)


def is_own_outlet(name: str, outlet: str | None) -> bool:
    """Whether the source ``name`` is the outlet ``outlet`` itself: "The New York Times" in
    New York Times, "Fox News" in "Fox News (Online)" (a leading "The" and the label's note
    in brackets aside). An outlet citing itself is its own reporting, not a relay."""
    own, named = _outlet_key(outlet or ""), _outlet_key(name)
    return bool(own) and own == named


def _outlet_key(name: str) -> str:
    return _LEADING_THE.sub("", _BRACKETED_NOTE.sub("", name).strip().casefold())


def _covers(a: Attribution, index: int, seg: Segmented) -> bool:
    if a.sentence_index == index:
        return True
    return a.content is not None and index in covered_sentences(seg, a.content.start, a.content.end)


def _own(aid: str, segs: Mapping[str, Segmented], group_of: Mapping[str, str]) -> tuple[str, _Acc]:
    group = group_of.get(aid, aid)
    label = segs[group].article.label if group in segs else group[:8]
    return f"article:{group}", _Acc(label, "article")
