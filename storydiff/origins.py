"""Source chains and independent origins: how many voices really stand behind a fact.

Counting outlets overstates corroboration. An article that names another outlet as its
source ("Politico writes about this with reference to sources", "according to Politico")
*relays* that outlet: the claim traces to the upstream origin, and the upstream's own
sources hang under it (Politico ← "two people familiar with the call"). When the relayed
outlet is named in the lead, everything up to its last mention (or back-reference: "the
journalists emphasize") is relayed. Near-duplicate articles (syndicated copies, wire
reprints) are one origin. A claim attributed to a named source traces to that source; a
claim nobody is credited with is the carrying outlet's own reporting, except in a language
the attribution stage does not read: there nobody credited means nobody found, and the
origin is ``unread``, which no count of independent origins includes.

``origins`` takes the per-article ``Sources`` from ``storydiff.attribute``, the facts (any
object with ``id`` and ``members``, such as ``records.Fact``) and the segmented articles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Protocol

import numpy as np

from storydiff.attribute import is_origin, outlet_mentions, outlet_name, reads
from storydiff.records import (
    Article,
    Attribution,
    FactOrigins,
    Origin,
    Relay,
    Segmented,
    SourceMap,
    Sources,
)
from storydiff.text.names import first_sound, sound_key
from storydiff.text.words import TOKEN

UNREAD = "unread"
"""The kind of origin of a sentence in a language who-says-what does not read."""

# The records live in ``storydiff.records``; importing them from here keeps working.
__all__ = [
    "FactLike",
    "FactOrigins",
    "Origin",
    "Relay",
    "SourceMap",
    "covered_sentences",
    "is_own_outlet",
    "linked_groups",
    "near_duplicates",
    "origins",
    "outlet_of",
    "relays",
    "shingle_jaccard",
    "talked_to",
    "translation_score",
    "translations",
]

# An outlet label's note in brackets: "ABC News (Online)" is ABC News.
_BRACKETED_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_LEADING_THE = re.compile(r"^the\s+")
# How a source file's label spells its outlet: "3-USA-Today.txt", "2_fox_news.html".
_FILE_ENDING = re.compile(r"\.(?:txt|text|html?|json|md|xml)$", re.IGNORECASE)
_LABEL_NUMBER = re.compile(r"^\d+[-_. ]+")
_LABEL_GLUE = re.compile(r"[-_]+")
# An outlet named as the one a speaker talked to: "told NBC News", "in an interview with
# Politico", "в интервью CNN", "в інтерв'ю BBC", "сказал изданию Axios", "appearing on
# CNN". The words between the cue and the name: an article, or the kind of outlet in uk/ru.
_TALKED_TO = re.compile(
    r"(?:\btold|\binterview(?:ed)?\s+(?:with|on|to|by)|\bspea(?:king|ks|k)\s+(?:to|with)"
    r"|\bspoke\s+(?:to|with)|\bappear(?:ing|ed|s)?\s+on|интервью|інтерв[ʼ'’]?ю"
    r"|\bв\s+эфире|\bв\s+ефірі|рассказал[аи]?|розповіл[аи]|розповів|сказал[аи]?|сказав"
    r"|сказала)[\s,]+(?:(?:the|an?|телеканалу|изданию|газете|агентству|журналу|радио"
    r"|виданню|газеті|радіо)\s+)?$",
    re.IGNORECASE,
)
# "an NBC News interview", "Politico's interview with him"
_INTERVIEW_AFTER = re.compile(r"^(?:['’]s)?\s+interview\b", re.IGNORECASE)
# One article is a translation of another when 70% of the longer one's sentences pair one
# to one with the other's at a cosine of 0.85 or more (multilingual e5, the default
# embedder). Fitted on SemEval-2022 task 8 (dev sample): 451 article/translation pairs
# against 1,096 pairs in two languages that are not translations of each other (many of
# one story): on all of it recall 0.79 with no false pair, 0.94 on the 48 en/ru pairs;
# grouped 5-fold cross-validation 0.82 recall, 5 false pairs of 1,096. A false pair would
# hide an independent origin, so the share is set for no false pair.
TRANSLATION_COSINE = 0.85
TRANSLATION_SHARE = 0.7
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
    links = [
        (ids[i], ids[j])
        for i in range(len(ids))
        for j in range(i + 1, len(ids))
        if shingles[i]
        and shingles[j]
        and len(shingles[i] & shingles[j]) / len(shingles[i] | shingles[j]) > threshold
    ]
    return linked_groups(ids, links)


def linked_groups(
    ids: Sequence[str], links: Iterable[tuple[str, str]]
) -> tuple[tuple[str, ...], ...]:
    """The groups (two or more, in the order of ``ids``) that ``links`` join transitively."""
    parent = {aid: aid for aid in ids}

    def root(aid: str) -> str:
        while parent[aid] != aid:
            parent[aid] = parent[parent[aid]]
            aid = parent[aid]
        return aid

    for a, b in links:
        parent[root(b)] = root(a)
    groups: dict[str, list[str]] = {}
    for aid in ids:
        groups.setdefault(root(aid), []).append(aid)
    return tuple(tuple(g) for g in groups.values() if len(g) > 1)


def translation_score(a: np.ndarray, b: np.ndarray, *, cosine: float = TRANSLATION_COSINE) -> float:
    """The share of the longer article's sentences that pair one to one with a sentence of
    the other (each the other's nearest) at ``cosine`` or more. Rows of ``a`` and ``b`` are
    unit sentence vectors, as the embedders return them.

    A translation keeps nearly every sentence; two reports of one story in two languages
    share some sentences' meaning, and a summary of a long article leaves most of it out.
    The nearest neighbour alone is not enough: multilingual e5 puts any two sentences about
    one story at a cosine of 0.85 or so."""
    if not len(a) or not len(b):
        return 0.0
    sim = a @ b.T
    best_b, best_a = sim.argmax(axis=1), sim.argmax(axis=0)
    rows = np.arange(len(a))
    paired = (best_a[best_b] == rows) & (sim[rows, best_b] >= cosine)
    return float(paired.sum() / max(len(a), len(b)))


def translations(
    segmented: Sequence[Segmented],
    vectors: Sequence[np.ndarray],
    *,
    threshold: float = TRANSLATION_SHARE,
) -> tuple[tuple[str, str], ...]:
    """Pairs of article ids, in two languages, where one article is a translation of the
    other (``translation_score`` at ``threshold`` or more). Word shingles cannot see a copy
    across languages; multilingual sentence vectors can."""
    out = []
    for i, (si, vi) in enumerate(zip(segmented, vectors, strict=True)):
        for sj, vj in zip(segmented[i + 1 :], vectors[i + 1 :], strict=True):
            # the score is at most the shorter's share of the longer's sentences
            fits = min(len(vi), len(vj)) >= threshold * max(len(vi), len(vj))
            if si.lang != sj.lang and fits and translation_score(vi, vj) >= threshold:
                out.append((si.article.id, sj.article.id))
    return tuple(out)


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
        # An outlet a speaker gave an interview to ("Trump told NBC News in an interview")
        # is the channel of those words only, not the author of the lead around them: the
        # words trace to the speaker, and the sentence keeps its own credits ("according
        # to TIME").
        interviews = talked_to(seg, outlet)
        whole = (
            first_mention[outlet] == earliest
            and min(mentions) < lead_sentences
            and not any(i <= first_mention[outlet] for i in interviews)
        )
        sentences = set(mentions)
        for content in (atts[i].content for i in idx + children):
            if content is not None:
                sentences.update(covered_sentences(seg, content.start, content.end))
        lead_end = _lead_end(mentions, lead_sentences) if whole else None
        if lead_end is not None:
            sentences.update(range(lead_end + 1))
        upstream = _upstream(atts, idx, children, lead_end=lead_end)
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


def _lead_end(mentions: Iterable[int], gap: int) -> int:
    """The last sentence of the lead an outlet stands behind: its mentions followed from the
    first while each comes within ``gap`` sentences of the one before. A credit far down
    ("the Journal found", twenty sentences on) covers its own sentence, not all between:
    the article's own reporting in between ("said in an email to HuffPost") stays its own."""
    ordered = sorted(mentions)
    end = ordered[0]
    for m in ordered[1:]:
        if m - end > gap:
            break
        end = m
    return end


def talked_to(seg: Segmented, outlet: str) -> tuple[int, ...]:
    """The sentences of ``seg`` that name ``outlet`` as the one a speaker talked to ("told
    NBC News in an interview", "в интервью Politico"): the outlet is the channel of the words
    said there, not a source the article relays."""
    found = []
    for sent in seg.sentences:
        for start, end, name in outlet_mentions(sent.text):
            if name == outlet and (
                _TALKED_TO.search(sent.text[max(0, start - 40) : start])
                or _INTERVIEW_AFTER.match(sent.text[end:])
            ):
                found.append(sent.index)
                break
    return tuple(found)


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
    vectors: Sequence[np.ndarray] | None = None,
    translation_threshold: float = TRANSLATION_SHARE,
) -> SourceMap:
    """For each fact: the articles carrying it and the independent origins behind it.

    A member sentence traces to (1) each outlet its article relays there, with that
    outlet's sources under it; else (2) each named source its own attributions credit,
    with the sources that source cites; else (3) its article's own reporting, one origin
    per group of copies. Copies are near-duplicate articles and, given the articles'
    sentence ``vectors`` (in the order of ``segmented``), translations of one another; a
    source that copies name in two languages ("two sources close to Ghosn", "два
    источника") is one origin.
    """
    if isinstance(sources_per_article, Mapping):
        by_id = dict(sources_per_article)
    else:
        by_id = {s.article_id: s for s in sources_per_article}
    segs = {s.article.id: s for s in segmented}
    copies = near_duplicates(segmented, threshold=duplicate_threshold)
    if vectors is not None:
        linked = [pair for group in copies for pair in pairwise(group)]
        linked += translations(segmented, vectors, threshold=translation_threshold)
        copies = linked_groups([s.article.id for s in segmented], linked)
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
        merged = _own_reporting_relayed(
            _merge_across_copies(_merge_surnames(found), group_of), segs
        )
        origins_ = tuple(acc.freeze() for acc in merged.values())
        known = sum(1 for o in origins_ if o.kind != UNREAD)
        out.append(
            FactOrigins(fact_id=fact.id, carried_by=carried, origins=origins_, n_independent=known)
        )
    return SourceMap(relays=relay_map, copies=copies, facts=tuple(out))


def _merge_surnames(found: dict[str, _Acc]) -> dict[str, _Acc]:
    """One origin per person across articles: "Trump" in one outlet and "Donald Trump" in
    another are one voice (each article resolves surnames only against its own names), and
    so are a surname under a title or before a suffix and the full name ("Captain Nambiar"
    and "Captain Manohar Nambiar", "Biden" and "Joseph R. Biden Jr."). A surname that ends
    two different full names is left alone. One full name under a title and without it
    ("Counsel Robert Mueller", "Robert Mueller") is one voice too, under the shorter."""
    people = [k for k, acc in found.items() if acc.kind == "person"]
    out = dict(found)
    by_parts: dict[tuple[tuple[str, ...], str], list[str]] = {}
    for key in people:
        parts = _name_parts(key)
        if parts[0] and parts[1]:
            by_parts.setdefault(parts, []).append(key)
    for same in by_parts.values():
        if len(same) < 2:
            continue
        # the first gathered keeps its place, under the name with the fewest words
        kept, *others = same
        for other in others:
            out[kept].absorb(out.pop(other))
        out[kept].name = min((found[k].name for k in same), key=lambda n: (len(n.split()), n))
    people = [k for k in people if k in out]
    for key in people:
        given, surname = _name_parts(key)
        if given or not surname:
            continue
        fuller = [k for k in people if k in out and _name_parts(k)[1] == surname]
        fuller = [k for k in fuller if _name_parts(k)[0]]
        shortest = [k for k in fuller if not any(o != k and k.endswith(" " + o) for o in fuller)]
        if len(shortest) == 1:
            out[shortest[0]].absorb(out.pop(key))
    return out


# Words before a name that are a title, not a given name, and after it a suffix.
_TITLES = frozenset(
    """mr mrs ms dr sir captain capt president vice senator sen rep representative governor
    gov general gen minister prime secretary chairman chairwoman judge lieutenant lt colonel
    col sergeant sgt admiral commander officer spokesman spokeswoman counsel
    пан пані президент капітан генерал міністр прем'єр
    господин госпожа президент капитан генерал министр премьер""".split()
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _name_parts(name: str) -> tuple[tuple[str, ...], str]:
    """(given names, surname) of a person's name, titles and suffixes left out, in lower
    case: "Captain Manohar Nambiar" gives (("manohar",), "nambiar"), "Joseph R. Biden Jr."
    (("joseph", "r"), "biden"), "Captain Nambiar" ((), "nambiar")."""
    words = [w.lower() for w in TOKEN.findall(name)]
    while words and words[-1] in _SUFFIXES:
        words.pop()
    if not words:
        return (), ""
    return tuple(w for w in words[:-1] if w not in _TITLES), words[-1]


def _own_reporting_relayed(
    found: dict[str, _Acc], segs: Mapping[str, Segmented]
) -> dict[str, _Acc]:
    """One origin for an outlet's own reporting and the same outlet relayed by others: the
    New York Times' article and HuffPost's "according to The New York Times" trace to one
    newsroom, not two independent ones."""
    out = dict(found)
    outlets = [acc for acc in found.values() if acc.kind == "outlet"]
    for key, acc in found.items():
        seg = segs.get(key.removeprefix("article:")) if acc.kind == "article" else None
        own = outlet_of(seg.article) if seg is not None else None
        same = next((o for o in outlets if own and is_own_outlet(o.name, own)), None)
        if same is not None:
            same.absorb(out.pop(key))
    return out


def _merge_across_copies(found: dict[str, _Acc], group_of: Mapping[str, str]) -> dict[str, _Acc]:
    """One origin for a source that copies of one text each name in their own words: "two
    sources close to Ghosn" in a report and "два источника" in its Russian translation.
    Two origins are one when they come from different articles of one group of copies, are
    of one kind, and either their names end in one name in two spellings (Trump / Трамп)
    or each is the only origin of its kind that its articles give the fact."""
    out = dict(found)
    keys = [k for k, acc in found.items() if acc.kind not in ("article", "outlet")]
    for i, first in enumerate(keys):
        for second in keys[i + 1 :]:
            if (
                first in out
                and second in out
                and _one_source(out[first], out[second], out, group_of)
            ):
                out[first].absorb(out.pop(second))
    return out


def _one_source(a: _Acc, b: _Acc, found: Mapping[str, _Acc], group_of: Mapping[str, str]) -> bool:
    groups = {group_of.get(aid) for aid in (*a.articles, *b.articles)}
    if a.kind != b.kind or len(groups) != 1 or None in groups or set(a.articles) & set(b.articles):
        return False
    if _sounds_alike(a.name, b.name):
        return True
    alone = [
        o
        for o in found.values()
        if o.kind == a.kind and set(o.articles) & {*a.articles, *b.articles}
    ]
    return len(alone) == 2


def _sounds_alike(x: str, y: str) -> bool:
    """Whether two names end in one name in two spellings ("Donald Trump", "Трампа")."""
    wx, wy = TOKEN.findall(x), TOKEN.findall(y)
    if not wx or not wy:
        return False
    kx, ky = sound_key(wx[-1]), sound_key(wy[-1])
    return bool(kx) and kx[:3] == ky[:3] and first_sound(wx[-1]) == first_sound(wy[-1])


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
    return a.source_kind == "outlet" and is_own_outlet(a.source_name, outlet_of(seg.article))


def outlet_of(article: Article) -> str | None:
    """The outlet that publishes ``article``: its ``outlet`` field, else the name its source
    file's label spells ("3-USA-Today.txt": "USA Today"), so that "In an interview with USA
    TODAY" in that file is the outlet's own reporting, not a relay of another outlet. A
    label that names an outlet of the lexicon gives that outlet's name ("2-Fox-News-Online-
    News.txt": Fox News)."""
    if article.outlet:
        return article.outlet
    spelt = _LABEL_NUMBER.sub("", _FILE_ENDING.sub("", article.label.rsplit("/", 1)[-1]))
    spelt = _LABEL_GLUE.sub(" ", spelt).strip()
    return outlet_name(spelt) or spelt or None


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
    """The carrying article's own reporting, or, in a language the attribution stage does
    not read, an origin nobody traced (``UNREAD``)."""
    group = group_of.get(aid, aid)
    label = segs[group].article.label if group in segs else group[:8]
    if aid in segs and not reads(segs[aid].lang):
        return f"{UNREAD}:{aid}", _Acc(segs[aid].article.label, UNREAD)
    return f"article:{group}", _Acc(label, "article")
