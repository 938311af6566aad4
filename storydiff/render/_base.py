"""The renderer interface and the derived views that every output format shares.

A renderer turns a finished ``Comparison`` into text. The helpers here compute what
several formats show (coverage per fact, sentence roles, the summary counts, the evidence
lines of a relation) once, as plain strings and numbers; each format only lays them out
and escapes them for its medium.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from storydiff.records import (
    Addition,
    Comparison,
    Evidence,
    Fact,
    Relation,
    RelationLabel,
    Segmented,
)
from storydiff.relate.findings import OTHER_NOT_READ

Role = Literal["conflict", "shared", "related", "unique", "other"]
# Relation labels in the order views count them.
LABEL_ORDER: tuple[RelationLabel, ...] = ("agree", "partial", "stronger", "weaker", "conflict")
FORCE: tuple[RelationLabel, ...] = ("stronger", "weaker")

# Beyond this many articles a row of per-outlet marks stops being readable; views show
# "n of k" instead.
MAX_COLUMNS = 16


class Renderer(Protocol):
    """Turns a comparison into one string; ``color`` asks for ANSI colour where it applies.

    A renderer may also take ``detail: bool = True``: ``False`` asks a view of 3+ articles
    for its brief alone. ``render`` passes it only to renderers that take it, so one
    written against the older signature keeps working.
    """

    def __call__(self, comparison: Comparison, *, color: bool = False) -> str: ...


@dataclass(frozen=True, kw_only=True)
class Summary:
    """Counts shown at the top of every human-readable view.

    ``shared_by_all`` and ``shared_by_some`` count facts by coverage (how many articles
    state them); ``labels`` counts facts by relation label; ``unique`` counts the sentences
    that only one article states, per article id; ``related`` counts related links and
    ``additions`` the claims inside shared sentences that only one article states.
    """

    articles: int
    languages: tuple[str, ...]
    facts: int
    shared_by_all: int
    shared_by_some: int
    labels: dict[str, int]
    unique: dict[str, int]
    related: int = 0
    additions: dict[str, int] = field(default_factory=dict)


def coverage(fact: Fact, comparison: Comparison) -> tuple[str, ...]:
    """Ids of the articles that state ``fact``, in the comparison's article order."""
    return tuple(seg.article.id for seg in comparison.articles if fact.members.get(seg.article.id))


def conflict_ids(comparison: Comparison) -> tuple[str, ...]:
    """Ids of the facts labelled ``conflict``, in fact order."""
    return tuple(f.id for f in comparison.facts if f.label == "conflict")


def summarize(comparison: Comparison) -> Summary:
    """The counts of facts by coverage and label, and of unique sentences per article."""
    k = len(comparison.articles)
    sizes = [len(coverage(f, comparison)) for f in comparison.facts]
    languages = tuple(dict.fromkeys(seg.lang for seg in comparison.articles))
    labels: Counter[str] = Counter(f.label for f in comparison.facts)
    return Summary(
        articles=k,
        languages=languages,
        facts=len(comparison.facts),
        shared_by_all=sum(1 for n in sizes if k > 1 and n == k),
        shared_by_some=sum(1 for n in sizes if 1 < n < k),
        labels={name: labels.get(name, 0) for name in LABEL_ORDER},
        unique={
            seg.article.id: len(comparison.unique.get(seg.article.id, ()))
            for seg in comparison.articles
        },
        related=len(comparison.related),
        additions={
            seg.article.id: len(comparison.additions.get(seg.article.id, ()))
            for seg in comparison.articles
        },
    )


def sentence_roles(comparison: Comparison) -> dict[str, list[Role]]:
    """The role of every sentence, per article id, indexed like ``Segmented.sentences``.

    ``conflict``: one side of a conflict relation; ``shared``: a member of any other fact;
    ``related``: in no fact, but in a related link; ``unique``: listed in
    ``Comparison.unique``; ``other``: none of these (a sentence the
    pipeline set aside, e.g. in an article flagged as a different story). Whether a
    sentence is the headline is a separate flag (``Sentence.is_title``), so a shared
    headline still counts as shared.
    """
    roles: dict[str, list[Role]] = {
        seg.article.id: ["other"] * len(seg.sentences) for seg in comparison.articles
    }

    def mark(article_id: str, index: int, role: Role) -> None:
        row = roles.get(article_id)
        if row is not None and 0 <= index < len(row):
            row[index] = role

    for article_id, indices in comparison.unique.items():
        for i in indices:
            mark(article_id, i, "unique")
    for link in comparison.related:
        mark(*link.a, "related")
        mark(*link.b, "related")
    # Shared wins over related and unique, conflict over shared: mark in that order.
    for fact in comparison.facts:
        for article_id, indices in fact.members.items():
            for i in indices:
                mark(article_id, i, "shared")
    for fact in comparison.facts:
        for rel in fact.relations:
            if rel.label == "conflict":
                mark(*rel.a, "conflict")
                mark(*rel.b, "conflict")
    return roles


def sentence_facts(comparison: Comparison) -> dict[tuple[str, int], list[str]]:
    """Fact ids per ``(article_id, sentence_index)``, for sentences in at least one fact."""
    out: dict[tuple[str, int], list[str]] = {}
    for fact in comparison.facts:
        for article_id, indices in fact.members.items():
            for i in indices:
                out.setdefault((article_id, i), []).append(fact.id)
    return out


def member_texts(fact: Fact, seg: Segmented) -> list[tuple[int, str]]:
    """``(index, text)`` of the sentences of ``seg`` that belong to ``fact``: the words
    that state it (one clause of a sentence with two claims), else the whole sentence."""
    n = len(seg.sentences)
    idxs = [i for i in fact.members.get(seg.article.id, ()) if i < n]
    spans = fact.spans.get(seg.article.id, ())
    if spans and len(spans) == len(fact.members.get(seg.article.id, ())):
        by_index = dict(zip(fact.members[seg.article.id], spans, strict=True))
        return [(i, by_index[i].text) for i in idxs]
    return [(i, seg.sentences[i].text) for i in idxs]


def _joined(items: Iterable[Evidence]) -> str:
    return ", ".join(dict.fromkeys(e.text for e in items)) or "—"


def evidence_lines(rel: Relation, labels: dict[str, str]) -> list[str]:
    """One plain line per evidence kind: ``number: 10,000 (A) vs 5,000 (B)``.

    Evidence found on one side only reads ``extra: "in Paris" only in A``. Notes the
    pipeline attached follow after a dash.
    """
    a_id, b_id = rel.a[0], rel.b[0]
    a_label, b_label = labels.get(a_id, a_id[:8]), labels.get(b_id, b_id[:8])
    kinds = dict.fromkeys(e.kind for e in rel.evidence)
    lines = []
    for kind in kinds:
        items = [e for e in rel.evidence if e.kind == kind]
        on_a = [e for e in items if e.article_id == a_id]
        on_b = [e for e in items if e.article_id == b_id]
        if on_a and on_b:
            line = f"{kind}: {_joined(on_a)} ({a_label}) vs {_joined(on_b)} ({b_label})"
        else:
            side = on_a or on_b or items
            where = a_label if on_a else b_label if on_b else labels.get(side[0].article_id, "?")
            # where the other side's language is not read, "only in" would be false
            unread = all(e.note == OTHER_NOT_READ for e in side)
            line = f"{kind}: {_joined(side)} {'in' if unread else 'only in'} {where}"
        notes = list(dict.fromkeys(e.note for e in items if e.note))
        if notes:
            line += " — " + "; ".join(notes)
        lines.append(line)
    return lines


def notable_relations(fact: Fact) -> list[Relation]:
    """The relations worth explaining: conflicts first, then differences in force, then
    partials, then agreements whose versions still differ in a figure, a date, a name or
    words ("same claim (similarity 0.91); number only in A: 220, 212"): shown "agree"
    with nothing under it, such a fact read as one told the same way. An agreement with
    nothing to list stays quiet."""
    return (
        [r for r in fact.relations if r.label == "conflict"]
        + [r for r in fact.relations if r.label in FORCE]
        + [r for r in fact.relations if r.label == "partial"]
        + [r for r in fact.relations if r.label == "agree" and len(r.reasons) > 1]
    )


def removal_notes(comparison: Comparison) -> list[tuple[str, str]]:
    """``(article label, note)`` for each piece of scraping noise removed at ingest."""
    return [
        (seg.article.label, removal_note(r.kind, r.line, f'"{r.text}"'))
        for seg in comparison.articles
        for r in seg.article.removed
    ]


def removal_note(kind: str, line: int, quoted: str) -> str:
    """How one ``Removal`` reads: ``quoted`` is its text, already quoted (and escaped)."""
    where = "the title" if line == 0 else f"line {line}"
    if kind == "mis-decoded":
        return f"repaired mis-decoded characters ({where}), the original: {quoted}"
    return f"removed {kind.replace('_', ' ').replace('-', ' ')} ({where}): {quoted}"


def fact_label(label: str) -> str:
    """How a fact's label reads: ``stronger`` / ``weaker`` name a direction only between two
    versions, so at the fact level both read ``stronger/weaker`` (its relations say who)."""
    return "stronger/weaker" if label in FORCE else label


def fuller_note(rel: Relation, labels: dict[str, str], *, said: str = "") -> str:
    """``"B says more"`` for a partial relation that names its fuller side, ``"B says it
    more strongly"`` for a stronger / weaker one, else ``""``; also ``""`` when ``said``
    (the reasons already printed on the line) says it, so a line never repeats itself."""
    note = ""
    if rel.label == "partial" and rel.fuller:
        note = f"{labels.get(rel.fuller, rel.fuller[:8])} says more"
    elif rel.label in FORCE and rel.stronger:
        note = f"{labels.get(rel.stronger, rel.stronger[:8])} says it more strongly"
    return "" if note and note in said else note


def counts_line(comparison: Comparison) -> str:
    """``3 facts · 0 agree, 1 partial, 1 stronger/weaker, 1 conflict · only in: A 15, B 8``."""
    s = summarize(comparison)
    labels = {seg.article.id: seg.article.label for seg in comparison.articles}
    counts = f"{s.facts} fact{'' if s.facts == 1 else 's'}"
    if s.articles > 2:
        counts += f": {s.shared_by_all} shared by all, {s.shared_by_some} by some"
    counts += (
        f" · {s.labels['agree']} agree, {s.labels['partial']} partial, "
        f"{s.labels['stronger'] + s.labels['weaker']} stronger/weaker, "
        f"{s.labels['conflict']} conflict"
    )
    if s.related:
        counts += f" · {s.related} related"
    if comparison.same_story.verdict == "different stories":
        # nothing was aligned, so no line is "only in" one outlet: "only in: A 0, B 0"
        # would read as if every line had a match
        return counts + " · not aligned: different stories"
    # an outlier was left out of the alignment: "0" would say everything it tells is shared
    left_out = set(comparison.same_story.outliers)
    only = ", ".join(
        f"{labels[aid]} {n}"
        + (f" (+{s.additions[aid]} within shared)" if s.additions.get(aid) else "")
        for aid, n in s.unique.items()
        if aid not in left_out
    )
    if only:
        counts += f" · only in: {only}"
    return counts


@dataclass(frozen=True, kw_only=True)
class RelatedRow:
    """One related link as every view shows it: the two units and why they are linked."""

    id: str
    a_label: str
    a_sentence: int
    a_text: str
    b_label: str
    b_sentence: int
    b_text: str
    reason: str


def related_rows(comparison: Comparison) -> list[RelatedRow]:
    """The related links in article order, each with its outlets' labels."""
    labels = {seg.article.id: seg.article.label for seg in comparison.articles}
    order = {seg.article.id: n for n, seg in enumerate(comparison.articles)}
    links = sorted(
        comparison.related,
        key=lambda r: (order.get(r.a[0], 0), r.a[1], order.get(r.b[0], 0), r.b[1]),
    )
    return [
        RelatedRow(
            id=r.id,
            a_label=labels.get(r.a[0], r.a[0][:8]),
            a_sentence=r.a[1],
            a_text=r.a_span.text,
            b_label=labels.get(r.b[0], r.b[0][:8]),
            b_sentence=r.b[1],
            b_text=r.b_span.text,
            reason=r.reason,
        )
        for r in links
    ]


def addition_note(add: Addition) -> str:
    """How an addition reads next to its words: where it sits and why it is listed."""
    where = f"in shared fact {add.fact_id}" if add.fact_id else "in a related sentence"
    if add.kind == "extra":
        return f"added {where}: no other version of the fact says it"
    return f"a claim {where} that no other outlet states"


def plural(n: int, word: str) -> str:
    """``1 fact``, ``2 facts``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
