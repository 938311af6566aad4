"""The story brief: what a reader of many outlets' articles needs first, on one screen.

A comparison of nine outlets holds a hundred facts, most stated by a few of them; read in
full, it runs to thousands of lines. The brief picks what a fact-checker asks first: the
claims most outlets state, the disputed ones, what each outlet alone adds (its most
substantial items, with a count of the rest), who is quoted by whom, and the framing
differences between outlets. Every item carries its evidence (fact ids, outlet names and
sentence numbers, the quoted words): an item that cannot be traced back is not shown.

``build_brief`` reads the view model (``storydiff.render.view``) for the facts and what
only one outlet says, and the comparison for the lenses (voices, relays, framing markers).
The text, Markdown and HTML views lay the brief out; none of them re-derives it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storydiff.align import states_something
from storydiff.origins import is_own_outlet, outlet_of
from storydiff.records import Comparison
from storydiff.render._base import FORCE
from storydiff.render.phrases import traced
from storydiff.render.view import (
    ComparisonView,
    FactView,
    OnlyLine,
    build_view,
    distinct_labels,
)

# How many items each section shows: enough to answer its question, few enough that a
# story of nine outlets fits one screen.
AGREED = 5
DISPUTED = 4
SOURCES = 4
FRAMING = 4
# Items per outlet of what it alone adds: two while the outlets are few, one past that.
ADDS_FEW, ADDS_MANY, MANY_OUTLETS = 2, 1, 5
# A comparison of this many articles or more gets a brief.
BRIEF_ARTICLES = 3

# Marker kinds in the order their differences matter to a fact-checker: a name's spelling
# or a label for an actor says most about an outlet's stance. Quotation marks come late:
# on scraped pages they often surround a caption or a credit, not a word held at a distance.
_KIND_RANK = {
    "naming": 0,
    "label": 1,
    "loaded": 2,
    "attribution-verb": 3,
    "hedge": 4,
    "scare-quote": 5,
    "persuasion": 6,
}
# An item of fewer words than this is a fragment (a split "p.m."), not something to check.
MIN_WORDS = 4
_KIND_TITLE = {"attribution-verb": "verb", "scare-quote": "scare quote"}
_NAME = re.compile(r"(?<=\s)[A-ZА-ЯЁІЇЄҐ][\w'’-]+")
_NUMBER = re.compile(r"\d")


@dataclass(frozen=True, kw_only=True)
class Ref:
    """Where an item is stated: an outlet and a sentence number (``#n`` in every view)."""

    outlet: str
    sentence: int

    def __str__(self) -> str:
        return f"{self.outlet} #{self.sentence}"


@dataclass(frozen=True, kw_only=True)
class AgreedItem:
    """A claim many outlets state: ``count`` of ``of`` outlets, and the independent
    origins behind it when the sources were traced (``None`` otherwise)."""

    fact_id: str
    text: str
    outlets: tuple[str, ...]
    count: int
    of: int
    origins: int | None

    @property
    def origins_note(self) -> str:
        """``", 2 independent origins"``, or ``""`` when the sources were not traced."""
        n = self.origins
        return f", {n} independent origin{'s' * (n != 1)}" if n else ""


@dataclass(frozen=True, kw_only=True)
class DisputedItem:
    """A fact whose versions conflict or differ in force: the two versions that do, their
    outlets and words, and the one line that says how (evidence, else the reason)."""

    fact_id: str
    label: str  # "conflict" or "stronger/weaker"
    count: int  # outlets that state the fact
    a: Ref
    a_text: str
    b: Ref
    b_text: str
    how: str


@dataclass(frozen=True, kw_only=True)
class OutletAdds:
    """What one outlet alone says: its most substantial items and how many more there are."""

    outlet: str
    items: tuple[OnlyLine, ...]
    rest: int

    @property
    def empty(self) -> str:
        """What a view says for an outlet without items: what is left is headlines or
        fragments, or there is nothing."""
        return f"nothing to pick ({self.rest} short or headline)" if self.rest else "nothing"


@dataclass(frozen=True, kw_only=True)
class SourceItem:
    """One voice and the outlets that quote it (``kind`` "voice"), or one outlet whose
    report another relays (``kind`` "relay": ``name`` is relayed by ``refs``)."""

    kind: str
    name: str
    refs: tuple[Ref, ...]

    @property
    def verb(self) -> str:
        """``relayed by`` or ``quoted by``: how the outlets in ``refs`` carry ``name``."""
        return "relayed by" if self.kind == "relay" else "quoted by"


@dataclass(frozen=True, kw_only=True)
class FramingItem:
    """A wording choice some outlets make and others do not: for a name, each spelling
    with the outlets that use it; for a label or a hedge, the words and their outlets."""

    kind: str
    variants: tuple[tuple[str, tuple[Ref, ...]], ...]


@dataclass(frozen=True, kw_only=True)
class BriefView:
    """The brief of a comparison of 3+ articles, every item with its evidence.

    ``compared`` counts the outlets whose facts were aligned; ``left_out`` names the
    articles the same-story verdict set aside as a different story. ``*_rest`` count the
    items of a section the brief does not show.
    """

    verdict: str
    score: float
    outlets: tuple[str, ...]
    compared: int
    facts: int
    left_out: tuple[str, ...]
    agreed: tuple[AgreedItem, ...]
    agreed_rest: int
    disputed: tuple[DisputedItem, ...]
    disputed_rest: int
    adds: tuple[OutletAdds, ...]
    sources: tuple[SourceItem, ...]
    framing: tuple[FramingItem, ...]

    @property
    def has_adds(self) -> bool:
        """Whether any outlet has an item of its own worth showing."""
        return any(o.items for o in self.adds)


def more(rest: int) -> str:
    """``" (33 more)"`` after a section's title, or ``""`` when it shows everything."""
    return f" ({rest} more)" if rest else ""


# The end of a sentence as quoted: a full stop, "?" or "!", and any closing quotation
# marks or brackets after it. An ellipsis is a cut, not an end.
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*$")


def join_items(plain: Sequence[str], shown: Sequence[str]) -> str:
    """Items on one line (an outlet's additions), each as ``shown`` (escaped, numbered),
    joined by "; " after one whose ``plain`` text is cut short or unpunctuated, and by a
    space after one that ends as a sentence does: "sticks. #15 Then he cautioned", not
    "sticks.; #15"."""
    out = list(shown[:1])
    for before, text in zip(plain, shown[1:], strict=False):  # each item, the one before
        out += [" " if _SENTENCE_END.search(before.rstrip()) else "; ", text]
    return "".join(out)


def wants_brief(comparison: Comparison) -> bool:
    """Whether the views open with a brief: from three articles on (a pair reads in full)."""
    return len(comparison.articles) >= BRIEF_ARTICLES


def build_brief(comparison: Comparison, view: ComparisonView | None = None) -> BriefView:
    """The brief of ``comparison``; ``view`` is its view model when already built with
    the labels the brief should use (by default, ``distinct_labels``)."""
    # Two articles of one outlet must stay apart in a line that names both.
    view = view or build_view(comparison, labels=distinct_labels(comparison))
    kept = {o.id: o.label for o in view.outlets if not o.outlier}
    agreed = _agreed(view, _origin_counts(comparison), len(kept))
    disputed = [d for f in _by_coverage(view.facts) if (d := _disputed(f)) is not None]
    adds_per = ADDS_FEW if len(kept) <= MANY_OUTLETS else ADDS_MANY
    return BriefView(
        verdict=view.verdict,
        score=view.score,
        outlets=tuple(kept.values()),
        compared=len(kept),
        facts=len(view.facts),
        left_out=tuple(o.label for o in view.outlets if o.outlier),
        agreed=tuple(agreed[:AGREED]),
        agreed_rest=max(0, len(agreed) - AGREED),
        disputed=tuple(disputed[:DISPUTED]),
        disputed_rest=max(0, len(disputed) - DISPUTED),
        adds=tuple(
            _adds(o.label, only.sentences + only.additions, adds_per)
            for o, only in zip(view.outlets, view.only_in, strict=True)
            if not o.outlier
        ),
        sources=tuple(_sources(comparison, kept)[:SOURCES]),
        framing=tuple(_framing(comparison, kept)[:FRAMING]),
    )


def _agreed(view: ComparisonView, origins: dict[str, int], compared: int) -> list[AgreedItem]:
    """The facts not in conflict, the most widely stated first (conflicts are disputed)."""
    labels = {o.id: o.label for o in view.outlets}
    return [
        AgreedItem(
            fact_id=f.id,
            text=f.gist,
            outlets=tuple(labels.get(a, a) for a in f.coverage),
            count=len(f.coverage),
            of=compared,
            origins=origins.get(f.id),
        )
        for f in sorted(view.facts, key=lambda f: -len(f.coverage))
        if f.label != "conflict" and f.gist and len(f.coverage) >= 2
    ]


def _by_coverage(facts: Iterable[FactView]) -> list[FactView]:
    """Conflicts before differences in force, each the most widely stated first."""
    return sorted(facts, key=lambda f: (f.label != "conflict", -len(f.coverage), f.number))


def _disputed(fact: FactView) -> DisputedItem | None:
    """The fact's first conflict or difference in force, when both sides can be quoted.
    Nothing else is a dispute: a partial says more, and an agreement listed for what its
    versions still differ in ("same claim; number only in A") disputes nothing."""
    rel = next((r for r in fact.relations if r.label == "conflict" or r.label in FORCE), None)
    if rel is None or rel.a.text is None or rel.b.text is None:
        return None
    how = rel.evidence[0] if rel.evidence else rel.why
    if rel.stronger:
        how += f" ({rel.stronger} says it more strongly)"
    return DisputedItem(
        fact_id=fact.id,
        label=fact.shown,
        count=len(fact.coverage),
        a=Ref(outlet=rel.a.label, sentence=rel.a.sentence),
        a_text=rel.a.text,
        b=Ref(outlet=rel.b.label, sentence=rel.b.sentence),
        b_text=rel.b.text,
        how=how,
    )


def substance(text: str) -> float:
    """How much an item says, for picking an outlet's top additions: names and numbers
    are what a fact-checker can check, length a weaker sign of content."""
    return 2 * len(_NAME.findall(" " + text)) + 2 * len(_NUMBER.findall(text)) + len(text) / 60


def _adds(outlet: str, lines: tuple[OnlyLine, ...], top: int) -> OutletAdds:
    # A headline only one outlet has is its framing of the story, not a fact it adds; a
    # section heading or the cut-off end of an excerpt states nothing to check.
    candidates = [
        line
        for line in lines
        if not line.is_title and len(line.text.split()) >= MIN_WORDS and states_something(line.text)
    ]
    best = sorted(candidates, key=lambda line: -substance(line.text))[:top]
    return OutletAdds(
        outlet=outlet,
        items=tuple(sorted(best, key=lambda line: line.sentence)),
        rest=len(lines) - len(best),
    )


def _origin_counts(comparison: Comparison) -> dict[str, int]:
    if comparison.origins is None:
        return {}
    # A count with an unread outlet in it is only a floor: the brief gives none.
    return {f.fact_id: f.n_independent for f in comparison.origins.facts if f.origins and traced(f)}


def _sources(comparison: Comparison, kept: dict[str, str]) -> list[SourceItem]:
    """Relays first (one origin behind several outlets is the finding), then the voices
    quoted by the most outlets; a voice only one outlet quotes is left to the detail."""
    relayed: dict[str, list[Ref]] = {}
    relays = comparison.origins.relays if comparison.origins is not None else {}
    for article_id, found in relays.items():
        for relay in found if article_id in kept else ():
            if relay.sentences:
                ref = Ref(outlet=kept[article_id], sentence=relay.sentences[0])
                relayed.setdefault(relay.outlet, []).append(ref)
    items = [
        SourceItem(kind="relay", name=name, refs=tuple(refs))
        for name, refs in sorted(relayed.items(), key=lambda kv: -len(kv[1]))
    ]
    # an outlet listed as relayed is not listed again as quoted by the same outlets
    relays_of = {name.casefold(): {r.outlet for r in refs} for name, refs in relayed.items()}
    shared = [
        (name, refs)
        for name, refs in _voices(comparison, kept)
        if len(refs) >= 2 and {r.outlet for r in refs} != relays_of.get(name.casefold())
    ]
    items += [
        SourceItem(kind="voice", name=name, refs=tuple(refs))
        for name, refs in sorted(shared, key=lambda kv: -len(kv[1]))
    ]
    return items


def _voices(comparison: Comparison, kept: dict[str, str]) -> list[tuple[str, list[Ref]]]:
    """Each named voice (names compared without case) with where each outlet first quotes it."""
    voices: dict[str, tuple[str, list[Ref]]] = {}
    outlets = {seg.article.id: outlet_of(seg.article) for seg in comparison.articles}
    for article_id, src in comparison.sources.items():
        for voice in src.voices if article_id in kept else ():
            if not voice.attributions or voice.kind in ("anonymous", "unknown"):
                continue
            if voice.kind == "outlet" and is_own_outlet(voice.name, outlets.get(article_id)):
                continue  # "The New York Times" quoted by the New York Times: its own voice
            first = src.attributions[voice.attributions[0]].sentence_index
            _, refs = voices.setdefault(voice.name.casefold(), (voice.name, []))
            _add_once(refs, Ref(outlet=kept[article_id], sentence=first))
    return list(voices.values())


def _framing(comparison: Comparison, kept: dict[str, str]) -> list[FramingItem]:
    """Wording choices in the outlets' own voice (not inside a quote) that differ between
    outlets: names spelt differently first, then words some outlets use and others not."""
    names: dict[str, dict[str, list[Ref]]] = {}
    words: dict[tuple[str, str], tuple[str, list[Ref]]] = {}
    for article_id, framing in comparison.framing.items():
        for m in framing.markers if article_id in kept else ():
            if m.voice == "quoted" or m.variant == "sentence" or m.kind not in _KIND_RANK:
                continue
            if m.kind == "attribution-verb" and m.origin in ("neutral", ""):
                continue
            ref = Ref(outlet=kept[article_id], sentence=m.sentence_index)
            if m.kind == "naming":
                spelled = names.setdefault(m.group or m.text.casefold(), {})
                _add_once(spelled.setdefault(m.text, []), ref)
            else:
                _add_once(words.setdefault((m.kind, m.text.casefold()), (m.text, []))[1], ref)
    compared = len(kept)
    ranked: list[tuple[int, int, FramingItem]] = [
        (0, -sum(map(len, spelled.values())), _item("naming", spelled.items()))
        for spelled in names.values()
        if len(spelled) >= 2
    ]
    # A word every outlet uses is no difference between them.
    ranked += [
        (_KIND_RANK[kind], -len(refs), _item(kind, [(text, refs)]))
        for (kind, _), (text, refs) in words.items()
        if len(refs) < compared
    ]
    return [item for *_, item in sorted(ranked, key=lambda x: (x[0], x[1]))]


def _item(kind: str, variants: Iterable[tuple[str, list[Ref]]]) -> FramingItem:
    return FramingItem(
        kind=_KIND_TITLE.get(kind, kind),
        variants=tuple((text, tuple(refs)) for text, refs in variants),
    )


def _add_once(refs: list[Ref], ref: Ref) -> None:
    """One reference per outlet: the first place it makes the choice."""
    if all(r.outlet != ref.outlet for r in refs):
        refs.append(ref)


__all__ = [
    "AgreedItem",
    "BriefView",
    "DisputedItem",
    "FramingItem",
    "OutletAdds",
    "Ref",
    "SourceItem",
    "build_brief",
    "more",
    "substance",
    "wants_brief",
]
