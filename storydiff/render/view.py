"""The view model: what every human-readable format shows, built once from a ``Comparison``.

``build_view`` walks the comparison a single time and returns plain, typed records: the
verdict and counts, the outlets, each fact with its wordings and the relations worth
explaining (reasons, who says more, evidence lines), the related tier, what only one
outlet says, the notes, the voices and the framing; for the HTML report besides, every
sentence placed in its article's text with its role, the related links and additions in
the comparison's own order, the same-story pairs and the lenses' records. The text,
Markdown and HTML renderers read these records and only lay them out and escape them for
their medium, so a line such as ``number: 10,000 (A) vs 5,000 (B)`` is worded in one
place, never re-derived by a renderer from records or from JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from storydiff.records import (
    Addition,
    Comparison,
    Evidence,
    Fact,
    Framing,
    PairScore,
    RelatedLink,
    Relation,
    RelationLabel,
    Removal,
    Segmented,
    Sentence,
    SourceMap,
    Sources,
    Span,
    WordingDiff,
)
from storydiff.render._base import (
    FORCE,
    RelatedRow,
    Role,
    Summary,
    addition_note,
    counts_line,
    coverage,
    evidence_lines,
    fact_label,
    fuller_note,
    member_texts,
    notable_relations,
    related_rows,
    removal_notes,
    sentence_facts,
    sentence_roles,
    summarize,
)
from storydiff.render._lenses import (
    ArticleFraming,
    ArticleVoices,
    framing_rows,
    origin_line,
    voices,
    wording_line,
)


@dataclass(frozen=True, kw_only=True)
class OutletView:
    """One article as its outlet: the name every section uses for it, and its metadata."""

    id: str
    label: str
    lang: str
    date: str
    title: str
    sentences: int
    outlier: bool
    # What the HTML report's column shows besides: where the text came from, the text
    # itself with every sentence placed in it, and the scraping noise removed at ingest.
    name: str = ""  # the article's own label, before ``distinct_labels`` numbers it
    lang_detected: bool = False
    url: str = ""
    source: str = ""
    text: str = ""
    placed: tuple[SentenceView, ...] = ()
    removed: tuple[Removal, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SentenceView:
    """A sentence where it sits in its article's text, with its role (``shared``,
    ``conflict``, ``related``, ``unique`` or ``other``) and the ids of its facts."""

    sentence: Sentence
    role: Role
    facts: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class SideView:
    """One side of a relation: which outlet, which sentence, and that sentence's text
    (``None`` when the index points past the article, as a hand-edited JSON may)."""

    article_id: str
    label: str
    sentence: int
    text: str | None


@dataclass(frozen=True, kw_only=True)
class RelationView:
    """A relation worth explaining, with every line a reader sees about it.

    ``why`` is the reasons joined (or the label when there are none); ``note`` is the
    "B says more" remark that ``why`` does not already make; ``fuller`` and ``stronger``
    name the outlet that says more or says it more strongly, or are empty.
    """

    label: RelationLabel
    a: SideView
    b: SideView
    confidence: float
    reasons: tuple[str, ...]
    why: str
    note: str
    fuller: str
    stronger: str
    evidence: tuple[str, ...]
    marks: tuple[Evidence, ...] = ()  # the evidence spans, which the report marks in the texts


@dataclass(frozen=True, kw_only=True)
class WordingView:
    """The words one outlet uses for a fact: one clause, or the whole sentence."""

    article_id: str
    label: str
    sentence: int
    text: str
    first: bool  # the first wording of this outlet in the fact (the label is shown once)


@dataclass(frozen=True, kw_only=True)
class FactView:
    """A shared fact as the views show it.

    ``relations`` are the notable ones (conflicts, then differences in force, then
    partials); ``evidence`` is every evidence line of those relations in the fact's own
    relation order, without repeats, for the report's detail bar. ``origin`` and
    ``wording`` are the one-line source chain and wording difference, when known.
    """

    id: str
    number: int
    label: RelationLabel
    shown: str
    confidence: float
    coverage: tuple[str, ...]
    wordings: tuple[WordingView, ...]
    relations: tuple[RelationView, ...]
    evidence: tuple[str, ...]
    origin: str | None
    wording: str | None
    # Every member sentence that exists, whole, in article order then sentence order: the
    # report's coverage matrix quotes the first and links each to its place in the texts.
    members: tuple[SideView, ...] = ()

    @property
    def gist(self) -> str:
        """The first wording of the first outlet that states the fact, or ``""``."""
        first = self.wordings[0] if self.wordings else None
        # Its first outlet may hold only indices past its text; then there is no gist.
        return first.text if first and first.article_id == self.coverage[0] else ""


@dataclass(frozen=True, kw_only=True)
class OnlyLine:
    """A sentence, or a claim inside a shared sentence, that only one outlet states."""

    sentence: int
    text: str
    is_title: bool = False
    note: str = ""  # for an addition: where it sits and why it is listed


@dataclass(frozen=True, kw_only=True)
class OnlyInView:
    """What only one outlet says: whole sentences, then additions within shared ones."""

    label: str
    sentences: tuple[OnlyLine, ...]
    additions: tuple[OnlyLine, ...]

    @property
    def count(self) -> str:
        """``"3"``, or ``"3 + 1 within shared sentences"``."""
        adds = len(self.additions)
        return f"{len(self.sentences)}" + (f" + {adds} within shared sentences" if adds else "")


@dataclass(frozen=True, kw_only=True)
class LinkView:
    """A related link in the comparison's own order (the JSON's): its two units, each the
    words that link it, and why they are linked."""

    id: str
    reason: str
    a: SideView
    b: SideView


@dataclass(frozen=True, kw_only=True)
class AdditionView:
    """A claim one outlet adds inside a shared sentence, in the comparison's own order."""

    article_id: str
    label: str
    sentence: int
    text: str
    fact: str  # the shared fact it sits in, or "" for a related sentence


@dataclass(frozen=True, kw_only=True)
class LensView:
    """The lenses' own records, for the report's wording, sources and framing sections,
    which lay them out per outlet and per fact; each is empty when its stage did not run."""

    framing: dict[str, Framing]
    wording: tuple[WordingDiff, ...]
    sources: dict[str, Sources]
    origins: SourceMap | None


@dataclass(frozen=True, kw_only=True)
class ComparisonView:
    """Everything the text, Markdown and HTML views show, in reading order."""

    verdict: str
    score: float
    summary: Summary
    counts: str
    warnings: tuple[str, ...]
    outlets: tuple[OutletView, ...]
    removals: tuple[tuple[str, str], ...]
    facts: tuple[FactView, ...]
    related: tuple[RelatedRow, ...]
    only_in: tuple[OnlyInView, ...]
    voices: tuple[ArticleVoices, ...]
    framing: tuple[ArticleFraming, ...]
    links: tuple[LinkView, ...]
    additions: tuple[AdditionView, ...]
    pairs: tuple[PairScore, ...]
    lenses: LensView

    @property
    def conflicts(self) -> tuple[FactView, ...]:
        """The facts labelled ``conflict``, which every view lists first."""
        return tuple(f for f in self.facts if f.label == "conflict")

    @property
    def others(self) -> tuple[FactView, ...]:
        """The shared facts that are not conflicts."""
        return tuple(f for f in self.facts if f.label != "conflict")

    @property
    def aligned(self) -> bool:
        """Whether the articles were compared sentence by sentence: a set of different
        stories is not (nothing in it is "shared" or "only here")."""
        return self.verdict != "different stories"

    def compared(self, outlet: OutletView) -> bool:
        """Whether ``outlet``'s sentences were aligned with the others' (not an outlier)."""
        return self.aligned and not outlet.outlier


def distinct_labels(comparison: Comparison) -> dict[str, str]:
    """Outlet names numbered where two articles share one (``Alpha (1)``, ``Alpha (2)``):
    the HTML report puts outlets in columns, which must stay distinguishable."""
    raw = [seg.article.label or f"article {i + 1}" for i, seg in enumerate(comparison.articles)]
    return {
        seg.article.id: f"{lab} ({i + 1})" if raw.count(lab) > 1 else lab
        for i, (seg, lab) in enumerate(zip(comparison.articles, raw, strict=True))
    }


def build_view(comparison: Comparison, *, labels: dict[str, str] | None = None) -> ComparisonView:
    """The view of ``comparison``; ``labels`` renames outlets (article id to name) in every
    line that names one, e.g. ``distinct_labels(comparison)`` for the HTML report."""
    if labels is None:
        labels = {seg.article.id: seg.article.label for seg in comparison.articles}
    segs = {seg.article.id: seg for seg in comparison.articles}
    outliers = set(comparison.same_story.outliers)
    placing = _Placing(roles=sentence_roles(comparison), facts=sentence_facts(comparison))
    return ComparisonView(
        verdict=comparison.same_story.verdict,
        score=comparison.same_story.score,
        summary=summarize(comparison),
        counts=counts_line(comparison),
        warnings=_warnings(comparison, labels),
        outlets=tuple(_outlet(seg, placing, labels, outliers) for seg in comparison.articles),
        removals=tuple(removal_notes(comparison)),
        facts=tuple(
            _fact(n, fact, comparison, segs, labels) for n, fact in enumerate(comparison.facts, 1)
        ),
        related=tuple(related_rows(comparison)),
        only_in=tuple(_only_in(seg, comparison, labels) for seg in comparison.articles),
        voices=tuple(voices(comparison)),
        framing=tuple(framing_rows(comparison)),
        links=tuple(_link(r, labels) for r in comparison.related),
        additions=tuple(
            _addition(article_id, add, labels)
            for article_id, adds in comparison.additions.items()
            for add in adds
        ),
        pairs=comparison.same_story.pairs,
        lenses=LensView(
            framing=comparison.framing,
            wording=comparison.wording,
            sources=comparison.sources,
            origins=comparison.origins,
        ),
    )


def _named(article_id: str, labels: dict[str, str]) -> str:
    """The outlet's name, or the start of an id no article has (a hand-edited JSON)."""
    return labels.get(article_id) or article_id[:8] or "?"


def _link(link: RelatedLink, labels: dict[str, str]) -> LinkView:
    def side(end: tuple[str, int], span: Span) -> SideView:
        article_id, index = end
        label = _named(article_id, labels)
        return SideView(article_id=article_id, label=label, sentence=index, text=span.text)

    return LinkView(
        id=link.id, reason=link.reason, a=side(link.a, link.a_span), b=side(link.b, link.b_span)
    )


def _addition(article_id: str, add: Addition, labels: dict[str, str]) -> AdditionView:
    return AdditionView(
        article_id=article_id,
        label=_named(article_id, labels),
        sentence=add.sentence_index,
        text=add.text,
        fact=add.fact_id,
    )


@dataclass(frozen=True, kw_only=True)
class _Placing:
    """Each sentence's role and facts, computed once for all the articles."""

    roles: dict[str, list[Role]]
    facts: dict[tuple[str, int], list[str]]


def _outlet(
    seg: Segmented, placing: _Placing, labels: dict[str, str], outliers: set[str]
) -> OutletView:
    article = seg.article
    facts = placing.facts
    return OutletView(
        id=article.id,
        label=labels.get(article.id, article.label),
        lang=seg.lang,
        date=article.date or "",
        title=article.title or "",
        sentences=len(seg.sentences),
        outlier=article.id in outliers,
        name=article.label,
        lang_detected=article.lang is None,
        url=article.url or "",
        source=article.source,
        text=article.text,
        placed=tuple(
            SentenceView(sentence=s, role=role, facts=tuple(facts.get((article.id, s.index), ())))
            for s, role in zip(seg.sentences, placing.roles[article.id], strict=True)
        ),
        removed=article.removed,
    )


def _warnings(comparison: Comparison, labels: dict[str, str]) -> tuple[str, ...]:
    """The same-story warnings, plus one line per outlier no warning already names."""
    lines = list(comparison.same_story.warnings)
    for article_id in comparison.same_story.outliers:
        label = labels.get(article_id, article_id[:8])
        if not any(article_id in w or label in w for w in lines):
            lines.append(f"article {label} looks like a different story")
    return tuple(lines)


def _side(end: tuple[str, int], segs: dict[str, Segmented], labels: dict[str, str]) -> SideView:
    article_id, index = end
    seg = segs.get(article_id)
    text = seg.sentences[index].text if seg and 0 <= index < len(seg.sentences) else None
    return SideView(
        article_id=article_id, label=labels.get(article_id, "?"), sentence=index, text=text
    )


def _relation(rel: Relation, segs: dict[str, Segmented], labels: dict[str, str]) -> RelationView:
    why = "; ".join(rel.reasons) or rel.label
    fuller = rel.fuller if rel.label == "partial" else None
    stronger = rel.stronger if rel.label in FORCE else None
    return RelationView(
        label=rel.label,
        a=_side(rel.a, segs, labels),
        b=_side(rel.b, segs, labels),
        confidence=rel.confidence,
        reasons=rel.reasons,
        why=why,
        note=fuller_note(rel, labels, said=why),
        fuller=labels.get(fuller, fuller[:8]) if fuller else "",
        stronger=labels.get(stronger, stronger[:8]) if stronger else "",
        evidence=tuple(evidence_lines(rel, labels)),
        marks=rel.evidence,
    )


def _fact(
    number: int,
    fact: Fact,
    comparison: Comparison,
    segs: dict[str, Segmented],
    labels: dict[str, str],
) -> FactView:
    notable = notable_relations(fact)
    views = {id(rel): _relation(rel, segs, labels) for rel in notable}
    # The detail bar lists evidence in the fact's own relation order, not conflicts first.
    evidence = [
        line for rel in fact.relations if id(rel) in views for line in views[id(rel)].evidence
    ]
    wordings = [
        WordingView(
            article_id=seg.article.id,
            label=labels.get(seg.article.id, seg.article.label),
            sentence=index,
            text=text,
            first=n == 0,
        )
        for seg in comparison.articles
        for n, (index, text) in enumerate(member_texts(fact, seg))
    ]
    return FactView(
        id=fact.id,
        number=number,
        label=fact.label,
        shown=fact_label(fact.label),
        confidence=fact.confidence,
        coverage=coverage(fact, comparison),
        wordings=tuple(wordings),
        relations=tuple(views[id(rel)] for rel in notable),
        evidence=tuple(dict.fromkeys(evidence)),
        origin=origin_line(fact, comparison),
        wording=wording_line(fact, comparison),
        members=tuple(
            _side((seg.article.id, index), segs, labels)
            for seg in comparison.articles
            for index in sorted(fact.members.get(seg.article.id, ()))
            if 0 <= index < len(seg.sentences)
        ),
    )


def shown_only_in(view: ComparisonView) -> tuple[OnlyInView, ...]:
    """The "only in" lists a reader should see: none for a set of different stories, which
    was not aligned, and none for an outlier, left out of the alignment: "Only in X (0):
    nothing" would say that everything X tells is told elsewhere."""
    return tuple(
        only for o, only in zip(view.outlets, view.only_in, strict=True) if view.compared(o)
    )


def _only_in(seg: Segmented, comparison: Comparison, labels: dict[str, str]) -> OnlyInView:
    indices = comparison.unique.get(seg.article.id, ())
    return OnlyInView(
        label=labels.get(seg.article.id, seg.article.label),
        sentences=tuple(
            OnlyLine(sentence=i, text=seg.sentences[i].text, is_title=seg.sentences[i].is_title)
            for i in indices
            if 0 <= i < len(seg.sentences)
        ),
        additions=tuple(
            OnlyLine(
                sentence=add.sentence_index,
                text=_in_its_sentence(seg, add),
                note=addition_note(add),
            )
            for add in comparison.additions.get(seg.article.id, ())
        ),
    )


def _in_its_sentence(seg: Segmented, add: Addition) -> str:
    """An addition's words marked as part of a sentence ("…criteria directed the IRS…"):
    a clause lifted out of a sentence must not read as a sentence of its own."""
    if not 0 <= add.sentence_index < len(seg.sentences):
        return add.text
    sent = seg.sentences[add.sentence_index]
    text = seg.article.text

    def words(start: int, end: int) -> bool:
        return any(c.isalnum() for c in text[start:end])

    head = "…" if words(sent.start, add.start) else ""
    tail = "…" if words(add.end, sent.end) else ""
    return f"{head}{add.text}{tail}"


__all__ = [
    "AdditionView",
    "ComparisonView",
    "FactView",
    "LensView",
    "LinkView",
    "OnlyInView",
    "OnlyLine",
    "OutletView",
    "RelationView",
    "SentenceView",
    "SideView",
    "WordingView",
    "build_view",
    "distinct_labels",
]
