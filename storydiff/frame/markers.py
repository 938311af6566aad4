"""``frame``: the wording choices of one article, as markers with spans, and a summary."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence

import numpy as np

from storydiff.embed import Embedder
from storydiff.frame.lexicon import Hit, Lexicon, load_lexicon
from storydiff.frame.loaded import feature_matrix, lexical_features, pick_model
from storydiff.frame.quotes import CUE_LANGUAGES, Quote, find_quotes, quoted_by_speaker
from storydiff.frame.verbuse import noun_uses
from storydiff.records import MARKER_KINDS, Framing, FramingSummary, Marker, Segmented
from storydiff.text.words import TOKEN

QUOTED_NOTE = "Inside a direct quote: the quoted speaker's wording, not the outlet's."
_SCARE_NOTE = (
    "A short phrase in quotation marks that nobody in the text is said to have spoken: the"
    " outlet keeps its distance from the word (a scare quote)."
)
MIN_LOADED_CONFIDENCE = 0.5
MIN_WORDS = 4
_SO_CALLED_NOTE = "Scare quote after 'so-called': the outlet rejects the name."


def frame(
    seg: Segmented,
    *,
    lexicon: Lexicon | None = None,
    embedder: Embedder | None = None,
    vectors: np.ndarray | None = None,
) -> Framing:
    """Mark the wording choices in one article and summarise them.

    Markers come from the lexicons (naming, labels, hedges, attribution verbs, loaded words,
    persuasion cues), from quotation marks (scare quotes) and from the sentence classifier
    (loaded sentences, ``variant == "sentence"``). A marker inside a direct quote gets
    ``voice="quoted"``. The classifier uses sentence embeddings when ``vectors`` (one row per
    sentence) or ``embedder`` is given and matches the stored model's embedder; otherwise
    it uses lexicon features only.
    """
    lexicon = lexicon or load_lexicon()
    text = seg.article.text
    starts = [s.start for s in seg.sentences]
    quotes = find_quotes(text)
    hits = lexicon.match(text, seg.lang)
    nouns = noun_uses(text, seg.lang, hits, seg.sentences)
    markers = [_lexicon_marker(seg, starts, quotes, hit) for hit in _shown(hits, nouns)]
    markers += [
        _scare_marker(seg, starts, q)
        for q in quotes
        if q.scare and _reads_cues(seg) and not _headline_quote(seg, q)
    ]
    read = lexicon.covers(seg.lang)
    probs, model_name, threshold = _sentence_scores(seg, hits, quotes, embedder, vectors, read)
    for sent, p in zip(seg.sentences, probs, strict=True):
        if p >= threshold:
            markers.append(
                Marker(
                    article_id=seg.article.id,
                    sentence_index=sent.index,
                    kind="loaded",
                    start=sent.start,
                    end=sent.end,
                    text=sent.text,
                    group="sentence",
                    variant="sentence",
                    note=(
                        "The loaded-language classifier (trained on BABE expert labels) rates"
                        f" this sentence as biased wording (p={p:.2f})."
                    ),
                    confidence=round(float(p), 3),
                    source=f"storydiff/data/loaded.json: {model_name}",
                )
            )
    markers.sort(key=lambda m: (m.start, -(m.end - m.start), m.kind))
    return Framing(
        article_id=seg.article.id,
        lang=seg.lang,
        markers=tuple(markers),
        sentence_loaded=tuple(round(float(p), 4) for p in probs),
        summary=summarise(seg, markers, read=read),
        loaded_model=model_name,
    )


def _shown(hits: Sequence[Hit], nouns: set[Hit]) -> list[Hit]:
    """The hits worth showing as markers; all hits still feed the classifier.

    A loaded-word hit on a span another kind already marks ("claimed": a hedge and an
    attribution verb) would say the same twice, and data-derived words with a low marking
    rate ("stories") are signals for the classifier, not findings for a reader. A verb
    entry's hit on the word used as a noun (``nouns``: "class-action claims") is no
    finding, and still hides a loaded-word hit on its span: the word is the same noun.
    """
    other = {(h.start, h.end) for h in hits if h.entry.kind != "loaded"}
    return [
        h
        for h in hits
        if h not in nouns
        and (
            h.entry.kind != "loaded"
            or ((h.start, h.end) not in other and h.entry.confidence >= MIN_LOADED_CONFIDENCE)
        )
    ]


def _sentence_index(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1) if starts else -1


def _lexicon_marker(seg: Segmented, starts: list[int], quotes: list[Quote], hit: Hit) -> Marker:
    e = hit.entry
    quote = quoted_by_speaker(quotes, hit.start, hit.end)
    note = e.note[:1].upper() + e.note[1:] if e.note else ""
    if note and not note.endswith("."):
        note += "."
    published = (seg.article.date or "")[:10]
    if e.usual_until and published and published < e.usual_until:
        note = (
            f"{note} Published {published}, when '{e.variant}' was still the usual form: the "
            "choice says little about this article."
        ).strip()
    if quote is not None:
        note = f"{note} {QUOTED_NOTE}".strip()
    return Marker(
        article_id=seg.article.id,
        sentence_index=_sentence_index(starts, hit.start),
        kind=e.kind,
        start=hit.start,
        end=hit.end,
        text=seg.article.text[hit.start : hit.end],
        group=e.group,
        variant=e.variant,
        alternatives=e.alternatives,
        origin=e.origin,
        note=note,
        confidence=e.confidence,
        source=f"{e.id} ({e.source})" if e.source else e.id,
        voice="quoted" if quote is not None else "outlet",
    )


def _headline_quote(seg: Segmented, q: Quote) -> bool:
    """Whether ``q`` is in single quotation marks in the headline: headlines quote people
    that way ("Hurricane brings 'havoc'", the word of an official the body names), so
    there a short quote keeps no distance from its word."""
    in_title = any(s.is_title and s.start <= q.start < s.end for s in seg.sentences)
    return in_title and seg.article.text[q.start] in "'‘"


def _reads_cues(seg: Segmented) -> bool:
    """Whether the speech cues of the article's language are read (unknown is taken as
    English, as who-says-what takes it): only there can a short quote be known to have
    no speaker (the quoted name of an Arabic headline, "القحطاني", was a scare quote)."""
    return (seg.lang or "en") in CUE_LANGUAGES


def _scare_marker(seg: Segmented, starts: list[int], q: Quote) -> Marker:
    inner = seg.article.text[q.inner_start : q.inner_end]
    return Marker(
        article_id=seg.article.id,
        sentence_index=_sentence_index(starts, q.start),
        kind="scare-quote",
        start=q.start,
        end=q.end,
        text=seg.article.text[q.start : q.end],
        group="scare-quote",
        variant=inner,
        note=_SO_CALLED_NOTE if q.so_called else _SCARE_NOTE,
        confidence=0.8 if q.so_called else 0.55,
        source="storydiff.frame.quotes (rule: 1-3 quoted words, no speaker cue nearby)",
    )


def _sentence_scores(
    seg: Segmented,
    hits: Sequence[Hit],
    quotes: Sequence[Quote],
    embedder: Embedder | None,
    vectors: np.ndarray | None,
    read: bool,
) -> tuple[np.ndarray, str, float]:
    n = len(seg.sentences)
    # Precomputed vectors are only usable when the caller says which embedder made them.
    model = pick_model(getattr(embedder, "name", None))
    # Half of the classifier's input is the lexicons' hits: where they do not ``read``
    # the language none is found whatever the words, and a German product line rated
    # "biased wording (p=0.56)" was the model guessing; no sentence there is rated.
    if model is None or n == 0 or not read:
        return np.zeros(n), "", 1.1
    rows = []
    ends = [s.end for s in seg.sentences]
    per_sentence: list[list[Hit]] = [[] for _ in range(n)]
    scare = [0] * n
    starts = [s.start for s in seg.sentences]
    for hit in hits:
        i = _sentence_index(starts, hit.start)
        if 0 <= i < n and hit.end <= ends[i]:
            per_sentence[i].append(hit)
    for q in quotes:
        i = _sentence_index(starts, q.start)
        if q.scare and 0 <= i < n:
            scare[i] += 1
    for sent, sent_hits, sq in zip(seg.sentences, per_sentence, scare, strict=True):
        rows.append(lexical_features(sent.text, sent_hits, sq))
    lexical = feature_matrix(rows)
    if model.embedder:
        if vectors is None:
            assert embedder is not None
            vectors = embedder.embed([s.text for s in seg.sentences])
        probs = model.predict(lexical, vectors)
    else:
        probs = model.predict(lexical)
    # The model learned from full sentences (BABE); fragments such as a comment counter or
    # "Read more" are out of its range and score nothing.
    short = np.asarray([len(TOKEN.findall(s.text)) < MIN_WORDS for s in seg.sentences])
    probs = np.where(short, 0.0, probs)
    return probs, model.name, model.flag_threshold


def summarise(seg: Segmented, markers: Sequence[Marker], *, read: bool = True) -> FramingSummary:
    """Counts per marker kind in the outlet's voice, raw and per 1,000 words; ``read``:
    whether the lexicons cover the article's language."""
    words = len(TOKEN.findall(seg.article.text))
    own = [m for m in markers if m.voice == "outlet" and m.variant != "sentence"]
    counts = Counter(m.kind for m in own)
    quoted = Counter(m.kind for m in markers if m.voice == "quoted")
    per_k: dict[str, float] = {
        k: round(1000 * counts[k] / words, 2) if words else 0.0 for k in MARKER_KINDS
    }
    loaded_sentences = sum(1 for m in markers if m.variant == "sentence")
    return FramingSummary(
        words=words,
        sentences=len(seg.sentences),
        counts={k: counts[k] for k in MARKER_KINDS},
        per_1000_words=per_k,
        quoted_counts={k: quoted[k] for k in MARKER_KINDS if quoted[k]},
        naming_origins=dict(Counter(m.origin for m in own if m.kind == "naming" and m.origin)),
        verb_connotations=dict(
            Counter(m.origin for m in own if m.kind == "attribution-verb" and m.origin)
        ),
        loaded_sentences=loaded_sentences,
        loaded_share=round(loaded_sentences / len(seg.sentences), 3) if seg.sentences else 0.0,
        read=read,
    )
