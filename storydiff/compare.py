"""The comparison pipeline, as numbered steps.

    articles ─segment─▶ sentences ─embed─▶ vectors ─┬─ same-story scores
                                                    └─ align ─▶ facts ─relate─▶ relations
    sentences + facts ─frame─▶ markers, wording per fact
    sentences + facts ─attribute─▶ who says what ─origins─▶ independent origins per fact

Models are loaded once per ``Pipeline`` and reused across calls, so a long-lived process
(the web app, a benchmark loop, a Ray actor) pays for them once.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from storydiff.align import Alignment, align, context_texts
from storydiff.coverage import leftovers, related_links, unit_sentence
from storydiff.embed import CachedEmbedder, Embedder, batch_dependent, load_embedder
from storydiff.errors import InputError
from storydiff.frame.lexicon import Lexicon
from storydiff.records import (
    Article,
    Comparison,
    Fact,
    Framing,
    Relation,
    SameStory,
    Segmented,
    Sentence,
    SourceMap,
    Sources,
    Span,
    Unit,
    WordingDiff,
)
from storydiff.relate import Pair, Relater, load_relater
from storydiff.samestory import same_story
from storydiff.segment import segment
from storydiff.settings import Settings, default_cache_dir
from storydiff.units import unit_arrays, units

if TYPE_CHECKING:
    from storydiff.attribute import ParseCache

# A fact's label is its most telling relation's: conflict, then a difference in force
# (stronger / weaker), then one version saying more, then agreement.
_RANK = {"agree": 0, "partial": 1, "stronger": 2, "weaker": 2, "conflict": 3}


@dataclass
class Pipeline:
    """Holds the loaded backends; ``compare`` is the whole job for one set of articles."""

    settings: Settings = field(default_factory=Settings)
    embedder: Embedder | None = None
    relater: Relater | None = None
    # Called as progress(done, total) while sentences are embedded (the slow part).
    progress: Callable[[int, int], None] | None = None
    # Called with each step's name (the keys of ``Comparison.timings``) as it starts, so a
    # long comparison can say where it is.
    stages: Callable[[str], None] | None = None
    _lexicon: Lexicon | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        s = self.settings
        if self.embedder is None:
            inner = load_embedder(s.embedder, s.embedder_model)
            path = None
            if s.cache:
                path = (s.cache_dir or default_cache_dir()) / "embeddings.sqlite"
            # Whole calls for an engine whose vectors depend on their batch, so that a
            # comparison gives the same result whatever was compared before.
            self.embedder = CachedEmbedder(inner, path, whole_calls=batch_dependent(inner))
        if self.relater is None:
            self.relater = load_relater(s.relater, s.relater_model)

    def compare(self, articles: Sequence[Article]) -> Comparison:
        """Compare 2..k articles about one event (one article gives a trivial result)."""
        assert self.embedder is not None
        assert self.relater is not None
        s = self.settings
        timings: dict[str, float] = {}
        if not articles:
            raise InputError("no articles to compare")
        articles = _dedupe(articles)

        # 1. Language and sentences. Steps 6 and 7 read the English parse of every
        #    sentence of an English article: each is parsed once, in a thread started now
        #    that runs while the encoder does (its time is in the steps it overlaps).
        self._stage("segment")
        t = time.perf_counter()
        segmented = [segment(a, max_sentences=s.max_sentences_per_article) for a in articles]
        parses = _parses_ahead(segmented) if s.sources else None
        timings["segment"] = time.perf_counter() - t

        # 2. Embeddings: every sentence once, plus short sentences with their context.
        self._stage("embed")
        t = time.perf_counter()
        embeddings, context = _embed(self.embedder, segmented, self.progress)
        timings["embed"] = time.perf_counter() - t

        # 3. Same story? Scores per pair and a verdict for the set.
        self._stage("same_story")
        t = time.perf_counter()
        story = same_story(
            segmented,
            embeddings,
            threshold=s.same_story_threshold,
            related_threshold=s.related_threshold,
        )
        timings["same_story"] = time.perf_counter() - t

        # 4. Align the claims of sentences (units) across articles into facts, and link
        #    related units (same actors and subject, not one fact). An article the
        #    verdict names as a different story is left out: its sentences would only make
        #    false "shared" and "only in" findings.
        self._stage("align")
        t = time.perf_counter()
        story, left_out = _gate(story, segmented)
        kept = _kept(left_out, segmented, embeddings, context)
        alignment = align_claims(self.embedder, kept.segmented, kept.embeddings, kept.context, s)
        timings["align"] = time.perf_counter() - t

        # 5. Relate the versions of each fact: agree, partial, stronger / weaker or conflict.
        self._stage("relate")
        t = time.perf_counter()
        facts = _relate(self.relater, kept.segmented, kept.embeddings, alignment)
        related = related_links(kept.segmented, alignment)
        timings["relate"] = time.perf_counter() - t

        # 6. Framing: the wording choices of each article, and per fact side by side.
        if s.framing:
            self._stage("frame")
        t = time.perf_counter()
        framing, wording = (
            self._frame(segmented, embeddings, facts, parses) if s.framing else ({}, ())
        )
        timings["frame"] = time.perf_counter() - t

        # 7. Who says what: attributions per article, relays and origins per fact.
        if s.sources:
            self._stage("sources")
        t = time.perf_counter()
        sources, source_map = (
            _sources(segmented, embeddings, facts, parses) if s.sources else ({}, None)
        )
        timings["sources"] = time.perf_counter() - t

        # 8. What nobody else states or touches: whole sentences (unique) and the claims
        #    inside shared sentences (additions).
        unique, additions = leftovers(kept.segmented, alignment, facts, parses)
        return Comparison(
            articles=tuple(segmented),
            same_story=story,
            facts=tuple(facts),
            unique=unique,
            framing=framing,
            wording=wording,
            sources=sources,
            origins=source_map,
            related=related,
            additions=additions,
            settings=s.as_dict() | {"embedder_name": self.embedder.name},
            timings=timings,
        )

    def _stage(self, name: str) -> None:
        if self.stages is not None:
            self.stages(name)

    def _frame(
        self,
        segmented: Sequence[Segmented],
        embeddings: Sequence[np.ndarray],
        facts: Sequence[Fact],
        parses: ParseCache | None = None,
    ) -> tuple[dict[str, Framing], tuple[WordingDiff, ...]]:
        from storydiff.frame import frame, load_lexicon, wording_diffs

        if self._lexicon is None:
            self._lexicon = load_lexicon()
        framings = {
            seg.article.id: frame(seg, lexicon=self._lexicon, embedder=self.embedder, vectors=emb)
            for seg, emb in zip(segmented, embeddings, strict=True)
        }
        by_id = {seg.article.id: seg for seg in segmented}
        wording = wording_diffs(
            facts, by_id, framings=framings, lexicon=self._lexicon, parses=parses
        )
        return framings, wording


def compare(articles: Sequence[Article], settings: Settings | None = None) -> Comparison:
    """One-shot comparison (loads the models; use ``Pipeline`` to reuse them)."""
    return Pipeline(settings or Settings()).compare(articles)


def _parses_ahead(segmented: Sequence[Segmented]) -> ParseCache | None:
    """A parse cache for steps 6 and 7, already parsing (``ParseCache.ahead``) the
    sentences attribution reads: every sentence of an English article, which include the
    English members of every fact that the wording diffs read. None without English or
    without spaCy (the patterns need no parse)."""
    from storydiff.attribute import ParseCache, parser_available

    english = [x.text for seg in segmented if seg.lang == "en" for x in seg.sentences]
    if not english or not parser_available():  # no spaCy load for uk and ru alone
        return None
    parses = ParseCache()
    parses.ahead(english)
    return parses


def _sources(
    segmented: Sequence[Segmented],
    embeddings: Sequence[np.ndarray],
    facts: Sequence[Fact],
    parses: ParseCache | None = None,
) -> tuple[dict[str, Sources], SourceMap]:
    from storydiff.attribute import attribute, people_across
    from storydiff.origins import origins

    # a surname one outlet gives alone is the person another names in full
    per_article = people_across(
        {seg.article.id: attribute(seg, parses=parses) for seg in segmented}
    )
    # the sentence vectors find translations: copies that word shingles cannot see
    return per_article, origins(per_article, facts, segmented, vectors=embeddings)


@dataclass(frozen=True, kw_only=True)
class _Kept:
    """The articles that are aligned, with their sentence and context vectors."""

    segmented: list[Segmented]
    embeddings: list[np.ndarray]
    context: list[np.ndarray]


def _gate(story: SameStory, segmented: Sequence[Segmented]) -> tuple[SameStory, tuple[str, ...]]:
    """The articles left out of the facts: the outliers, or all of them when the set is
    confidently not one story (its score below the related threshold). Sentences of
    different events share words and figures ("the competition", "the teams" of two
    matches), and a fact made of them would be a finding nobody can back; nor is a line
    "only in" one outlet when no other outlet told that story. A warning says why the
    comparison shows no facts."""
    if story.verdict != "different stories":
        return story, story.outliers
    note = f"different stories (score {story.score:.2f}): no facts are compared"
    story = replace(story, warnings=(*story.warnings, note))
    return story, tuple(seg.article.id for seg in segmented)


def _kept(
    outliers: Sequence[str],
    segmented: Sequence[Segmented],
    embeddings: Sequence[np.ndarray],
    context: Sequence[np.ndarray],
) -> _Kept:
    """Every article but the outliers. An outlier's sentences then sit in no fact and are
    not listed as unique: the views name it as not the same story instead."""
    left_out = set(outliers)
    keep = [k for k, seg in enumerate(segmented) if seg.article.id not in left_out]
    return _Kept(
        segmented=[segmented[k] for k in keep],
        embeddings=[embeddings[k] for k in keep],
        context=[context[k] for k in keep],
    )


def _dedupe(articles: Sequence[Article]) -> list[Article]:
    seen: set[str] = set()
    out = []
    for a in articles:
        if a.id not in seen:
            seen.add(a.id)
            out.append(a)
    return out


EMBED_CHUNK = 256


def _embed(
    embedder: Embedder,
    segmented: Sequence[Segmented],
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """All sentences and contexts of all articles, in batches of ``EMBED_CHUNK``."""
    texts: list[str] = []
    ctx_texts: list[list[str]] = []
    for seg in segmented:
        texts.extend(x.text for x in seg.sentences)
        ctx_texts.append(context_texts(seg))
    extra = [
        c
        for seg, cs in zip(segmented, ctx_texts, strict=True)
        for x, c in zip(seg.sentences, cs, strict=True)
        if c != x.text
    ]
    todo = texts + extra
    if not todo:
        empty = np.zeros((0, embedder.dim), np.float32)
        return [empty for _ in segmented], [empty for _ in segmented]
    chunks = []
    for start in range(0, len(todo), EMBED_CHUNK):
        chunks.append(embedder.embed(todo[start : start + EMBED_CHUNK]))
        if progress is not None:
            progress(min(start + EMBED_CHUNK, len(todo)), len(todo))
    vecs = np.vstack(chunks)
    by_text = {t: vecs[len(texts) + k] for k, t in enumerate(extra)}
    embeddings, context = [], []
    pos = 0
    for seg, cs in zip(segmented, ctx_texts, strict=True):
        n = len(seg.sentences)
        emb = vecs[pos : pos + n]
        pos += n
        ctx = np.array([by_text.get(c, emb[k]) for k, c in enumerate(cs)], dtype=np.float32)
        embeddings.append(emb)
        context.append(ctx.reshape(n, vecs.shape[1]) if n else emb)
    return embeddings, context


def align_claims(
    embedder: Embedder,
    segmented: Sequence[Segmented],
    embeddings: Sequence[np.ndarray],
    context: Sequence[np.ndarray],
    settings: Settings,
) -> Alignment:
    """Step 4 of :meth:`Pipeline.compare`: cut sentences into claims (units), embed the
    clauses, and align the units into facts and related links with the settings'
    thresholds. The evaluation harness calls this too, so it scores what users get.

    A whole sentence keeps its own vector and context; a clause gets its own vector, and
    its sentence's vector as context ("and said it would not" needs the words around it).
    """
    unit_sets = [units(seg) for seg in segmented]
    parts = [u.text for us in unit_sets for u in us if not u.whole]
    vecs = embedder.embed(parts) if parts else np.zeros((0, embedder.dim), np.float32)
    by_text = {t: vecs[k] for k, t in enumerate(parts)}
    unit_embs, unit_ctx = unit_arrays(unit_sets, embeddings, context, by_text)
    return align(
        segmented,
        embeddings,
        context,
        units=unit_sets,
        unit_embeddings=unit_embs,
        unit_contexts=unit_ctx,
        threshold=settings.align_threshold,
        related_threshold=settings.align_related_threshold,
        neighbours=settings.neighbours,
    )


def _rest(version: Sequence[Sentence], sent: Sentence) -> str:
    """The words of an outlet's version of a fact outside ``sent``."""
    return " ".join(v.text for v in version if v is not sent)


def _relate(
    relater: Relater,
    segmented: Sequence[Segmented],
    embeddings: Sequence[np.ndarray],
    alignment: Alignment,
) -> list[Fact]:
    """Relate the versions of each fact, pair by pair of articles, in one batch.

    Each version is the words of a member sentence that the fact's units cover (the
    whole sentence, or one clause of it), so evidence points at the words of the claim.
    """
    versions = _versions(segmented, alignment)
    pairs, owners = _version_pairs(segmented, embeddings, versions)
    relations = relater.relate(pairs) if pairs else []
    per_group: dict[int, list[Relation]] = {}
    for g, rel in zip(owners, relations, strict=True):
        per_group.setdefault(g, []).append(rel)
    facts = [
        _fact(segmented, alignment, g, versions[g], per_group.get(g, []))
        for g in range(len(alignment.groups))
    ]
    order = {seg.article.id: pos for pos, seg in enumerate(segmented)}
    facts.sort(
        key=lambda f: (
            -len(f.members),
            min((order[a], min(ix)) for a, ix in f.members.items()),
        )
    )
    return facts


def _versions(
    segmented: Sequence[Segmented], alignment: Alignment
) -> list[dict[int, list[Sentence]]]:
    """Per fact, per article position, the member sentences cut to the fact's units."""
    versions: list[dict[int, list[Sentence]]] = []
    for ugroup in alignment.unit_groups:
        per: dict[int, dict[int, list[Unit]]] = {}
        for art, k in ugroup:
            u = alignment.units[art][k]
            per.setdefault(art, {}).setdefault(u.sentence_index, []).append(u)
        versions.append(
            {
                art: [unit_sentence(segmented[art], idx, us) for idx, us in sorted(by_s.items())]
                for art, by_s in per.items()
            }
        )
    return versions


def _version_pairs(
    segmented: Sequence[Segmented],
    embeddings: Sequence[np.ndarray],
    versions: Sequence[dict[int, list[Sentence]]],
) -> tuple[list[Pair], list[int]]:
    """Every cross-article pair of versions of each fact, and the fact each belongs to.

    All pairs, not one per article pair (a fact holds at most a few sentences per
    article): "did not support" in one sentence and "blocked" in another is exactly what
    a reader needs to see, even when another pair agrees."""
    pairs: list[Pair] = []
    owners: list[int] = []
    for g, by_article in enumerate(versions):
        arts = sorted(by_article)
        for x, a in enumerate(arts):
            for b in arts[x + 1 :]:
                for va in by_article[a]:
                    for vb in by_article[b]:
                        pairs.append(
                            Pair(
                                a=va,
                                b=vb,
                                lang_a=segmented[a].lang,
                                lang_b=segmented[b].lang,
                                similarity=float(embeddings[a][va.index] @ embeddings[b][vb.index]),
                                date_a=segmented[a].article.date,
                                date_b=segmented[b].article.date,
                                label_a=segmented[a].article.label,
                                label_b=segmented[b].article.label,
                                context_a=_rest(by_article[a], va),
                                context_b=_rest(by_article[b], vb),
                            )
                        )
                        owners.append(g)
    return pairs, owners


def _fact(
    segmented: Sequence[Segmented],
    alignment: Alignment,
    g: int,
    versions: dict[int, list[Sentence]],
    rels: list[Relation],
) -> Fact:
    """The record of fact ``g``: labelled by its worst relation (ranked by ``_RANK``), with
    an id that the same member units give again on every run."""
    group = alignment.groups[g]
    members: dict[str, list[int]] = {}
    for art, idx in group:
        members.setdefault(segmented[art].article.id, []).append(idx)
    spans = {
        segmented[art].article.id: tuple(Span(start=v.start, end=v.end, text=v.text) for v in vs)
        for art, vs in sorted(versions.items())
    }
    worst = max(rels, key=lambda r: (_RANK[r.label], r.confidence)) if rels else None
    key = "|".join(f"{a}:{i}" for a, i in group)
    # Two clauses of one sentence may sit in two facts over the same sentences: their
    # offsets keep the ids apart (a fact of whole sentences keeps its old id).
    clauses = [alignment.units[a][k] for a, k in alignment.unit_groups[g]]
    if not all(u.whole for u in clauses):
        key += "@" + ",".join(str(u.start) for u in clauses)
    return Fact(
        id="f" + hashlib.blake2b(key.encode(), digest_size=4).hexdigest(),
        members={k: tuple(sorted(v)) for k, v in members.items()},
        relations=tuple(rels),
        label=worst.label if worst else "agree",
        confidence=worst.confidence if worst else 1.0,
        spans=spans,
    )
