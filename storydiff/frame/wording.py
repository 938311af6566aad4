"""``wording_diff``: the words each outlet chose for one fact, side by side.

For each member sentence of a fact it finds the main predicate ("did not support", "has
reportedly blocked", "overruled") with a dependency parse, looking through reporting verbs
("sources say that X blocked ...": the predicate is "blocked", the attribution "say"), and
lists the framing markers inside the sentence. The parse is English only (spaCy's small
English model); for other languages the predicate is left empty and the markers still show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from storydiff.frame.lexicon import Lexicon
from storydiff.frame.markers import frame
from storydiff.frame.verbuse import english_parser
from storydiff.records import Fact, Framing, Segmented, Sentence, Wording, WordingDiff

if TYPE_CHECKING:
    from storydiff.attribute import ParseCache

# Reporting verbs: when one heads the sentence, the reported action is the outlet's wording
# of the fact and the reporting verb is how it attributes it.
_REPORTING = frozenset(
    [
        "say",
        "tell",
        "write",
        "report",
        "claim",
        "state",
        "note",
        "add",
        "emphasize",
        "emphasise",
        "stress",
        "point",
        "believe",
        "think",
        "insist",
        "argue",
        "allege",
        "suggest",
        "confirm",
        "announce",
        "warn",
        "admit",
        "accord",
    ]
)
_PHRASE_DEPS = frozenset({"aux", "auxpass", "neg", "prt"})


Parsed = Mapping[tuple[str, int], dict[str, Any]]


def wording_diffs(
    facts: Sequence[Fact],
    segmented_by_id: Mapping[str, Segmented],
    *,
    framings: Mapping[str, Framing] | None = None,
    lexicon: Lexicon | None = None,
    parses: ParseCache | None = None,
) -> tuple[WordingDiff, ...]:
    """``wording_diff`` for many facts, parsing every member sentence once, in one batch.

    ``parses`` shares the parses with the attribution stage of the same comparison: the
    English member sentences are parsed through it (NER included, which attribution needs
    and the predicates ignore), so attribution does not parse them again.
    """
    keys = sorted({(aid, i) for f in facts for aid, ix in f.members.items() for i in ix})
    by_lang: dict[str, list[tuple[str, int]]] = {}
    for aid, i in keys:
        seg = segmented_by_id[aid]
        if 0 <= i < len(seg.sentences):
            by_lang.setdefault(seg.lang, []).append((aid, i))
    parsed: dict[tuple[str, int], dict[str, Any]] = {}
    for lang, refs in by_lang.items():
        sentences = [segmented_by_id[aid].sentences[i] for aid, i in refs]
        parsed.update(zip(refs, _predicates(lang, sentences, parses), strict=True))
    return tuple(
        wording_diff(f, segmented_by_id, framings=framings, lexicon=lexicon, parsed=parsed)
        for f in facts
    )


def wording_diff(
    fact: Fact,
    segmented_by_id: Mapping[str, Segmented],
    *,
    framings: Mapping[str, Framing] | None = None,
    lexicon: Lexicon | None = None,
    parsed: Parsed | None = None,
) -> WordingDiff:
    """Side-by-side wording of ``fact``: per member sentence, predicate and markers.

    ``framings`` (by article id) reuses markers already computed by ``frame``; articles
    without one are framed here (lexicon features only). ``parsed`` holds predicates
    already parsed by ``wording_diffs``.
    """
    versions: list[Wording] = []
    for article_id, indices in fact.members.items():
        seg = segmented_by_id[article_id]
        framing = (framings or {}).get(article_id) or frame(seg, lexicon=lexicon)
        sentences = [seg.sentences[i] for i in sorted(indices) if 0 <= i < len(seg.sentences)]
        preds = (
            [parsed.get((article_id, s.index), {}) for s in sentences]
            if parsed is not None
            else _predicates(seg.lang, sentences)
        )
        for sent, pred in zip(sentences, preds, strict=True):
            markers = tuple(
                m
                for m in framing.markers
                if m.variant != "sentence" and sent.start <= m.start and m.end <= sent.end
            )
            versions.append(
                Wording(article_id=article_id, sentence_index=sent.index, markers=markers, **pred)
            )
    predicates: dict[str, tuple[str, ...]] = {}
    heads: dict[str, frozenset[tuple[str, bool]]] = {}
    for w in versions:
        if w.predicate and w.predicate not in predicates.get(w.article_id, ()):
            predicates[w.article_id] = (*predicates.get(w.article_id, ()), w.predicate)
        if w.lemma:
            heads[w.article_id] = heads.get(w.article_id, frozenset()) | {(w.lemma, w.negated)}
    return WordingDiff(
        fact_id=fact.id,
        versions=tuple(versions),
        predicates=predicates,
        differs=len(set(heads.values())) > 1,
    )


def _predicates(
    lang: str, sentences: list[Sentence], parses: ParseCache | None = None
) -> list[dict[str, Any]]:
    nlp = english_parser() if lang == "en" else None
    if nlp is None:
        return [{} for _ in sentences]
    if parses is not None:
        docs = parses([s.text for s in sentences])
    else:
        disabled = [name for name in ("ner",) if name in nlp.pipe_names]
        with nlp.select_pipes(disable=disabled):
            docs = list(nlp.pipe([s.text for s in sentences]))
    return [_predicate(doc, sent.start) for doc, sent in zip(docs, sentences, strict=True)]


def _predicate(doc: Any, offset: int) -> dict[str, Any]:
    verb = next(
        (t for t in doc if t.dep_ == "ROOT" and t.pos_ in {"VERB", "AUX"}),
        next((t for t in doc if t.pos_ == "VERB"), None),
    )
    if verb is None:
        return {}
    attribution = ""
    for _ in range(2):
        if verb.lemma_.lower() not in _REPORTING:
            break
        inner = next((c for c in verb.children if c.dep_ in {"ccomp", "xcomp"}), None)
        if inner is None or inner.pos_ not in {"VERB", "AUX"}:
            break
        attribution = _phrase_text(verb)
        verb = inner
    tokens = _phrase_tokens(verb)
    lo, hi = tokens[0], tokens[-1]
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return {
        "predicate": doc[lo.i : hi.i + 1].text,
        "predicate_start": offset + lo.idx,
        "predicate_end": offset + hi.idx + len(hi.text),
        "lemma": verb.lemma_.lower(),
        "negated": any(c.dep_ == "neg" for c in verb.children),
        "subject": doc[subject.left_edge.i : subject.right_edge.i + 1].text if subject else "",
        "attribution": attribution,
    }


def _phrase_tokens(verb: Any) -> list[Any]:
    # The verb with its auxiliaries, negation and particle; adverbs that sit between them
    # ("has reportedly blocked") come along because the span is contiguous.
    parts = [verb, *(c for c in verb.children if c.dep_ in _PHRASE_DEPS)]
    return sorted(parts, key=lambda t: t.i)


def _phrase_text(verb: Any) -> str:
    tokens = _phrase_tokens(verb)
    return str(verb.doc[tokens[0].i : tokens[-1].i + 1].text)
