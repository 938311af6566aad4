"""Features of an aligned sentence pair, each with the evidence it rests on.

Works on English, Ukrainian and Russian, also across languages: numbers are compared by
value and names by a phonetic key (see ``tokens.py``), and the cue lexicons
(``lexicon.py``) cover all three languages at once, so a wrong language tag costs little.
Word overlap only counts inside one language; across languages the similarity, numbers,
dates and names decide.

Every finding carries :class:`~storydiff.records.Evidence` with offsets into the article
text (``sentence.start`` plus the offset inside the sentence). A finding is *strong* when
it is unambiguous enough for the relater to override its model: a differing number, date
or decision, or a one-sided negation, in sentences that otherwise match (a conflict); the
same claim said with different force or certainty ("did not support" / "blocked",
"reportedly" / stated, "claimed" / "said": a *force* finding, which names the stronger
side); a whole added clause (a partial).

Negation knows lexical negatives: "did not support" and "rejected" both say no, so neither
is "negation only in A". Dates are compared as dates (``dates.py``), resolved against the
publication dates of the pair, and the numbers inside them are left out of the number
comparison: "27 years ago" in 2020 and "1993" agree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from storydiff.records import Sentence
from storydiff.relate import lexicon as lx
from storydiff.relate._base import Pair
from storydiff.relate.dates import (
    DateMention,
    comparable,
    compatible,
    describe,
    find_dates,
    publication_day,
    weekday_name,
)
from storydiff.relate.findings import Finding, Side, SideView, clash, evidence
from storydiff.relate.quantities import compare_numbers
from storydiff.relate.tokens import Token, entities, join_initials, matches, tokenize

# Order matters: the classifier's weights in ``data/relater.json`` follow it.
FEATURE_NAMES: tuple[str, ...] = (
    "similarity",
    "similarity_sq",
    "coverage_min",
    "coverage_max",
    "coverage_gap",
    "length_ratio",
    "extra_words_max",
    "extra_words_min",
    "number_one_side",
    "number_conflict",
    "number_shared",
    "date_one_side",
    "date_conflict",
    "entity_extra_max",
    "entity_extra_min",
    "negation_one_side",
    "hearsay_one_side",
    "modal_one_side",
    "attribution_one_side",
    "decision_differs",
    "antonym",
    "lexical_negative_one_side",
    "force_differs",
    "date_agrees",
    "bigram_coverage_min",
    "bigram_coverage_max",
)

# e5 scores translations lower than same-language paraphrases: on six hand-made en/ru/uk
# translation triples the mean cosine was 0.946 (en-ru), 0.930 (en-uk) and 0.962 (ru-uk),
# against 0.971 for three English paraphrases. Cross-language pairs get this much added.
CROSS_SCRIPT_SHIFT = 0.03
SAME_SCRIPT_SHIFT = 0.01
# "The rest of the two sentences matches": share of content words found in the other
# sentence (one language), or the similarity (across languages).
CLOSE_COVERAGE = 0.6
CLOSE_SIMILARITY = 0.95
# A version "says more" (a strong partial finding) when it adds a run of this many content
# words that the other lacks while containing most of the other (CONTAINED share of its
# content words). At 4 words and 0.7 the rule turned 56 MSRP paraphrases of our training
# part into partials for 32 right ones; at 6 and 0.8 it fires on whole added clauses only.
EXTRA_CLAUSE_WORDS = 6
CONTAINED = 0.8

_ATTRIBUTION = re.compile(r"\b(?:" + "|".join(lx.ATTRIBUTION_PHRASES) + r")\b", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class PairFeatures:
    """The numeric features of a pair (in ``FEATURE_NAMES`` order) and what they rest on.

    ``fuller`` is the side that says more (``None`` when neither clearly does);
    ``coverage`` is ``None`` across languages, where word overlap means nothing, and the
    vector holds NaN there (the model fills in its training mean).
    """

    vector: tuple[float, ...]
    findings: tuple[Finding, ...]
    fuller: Side | None
    cross_language: bool
    coverage: tuple[float, float] | None


# --- the extractor ------------------------------------------------------------------------


def _mostly_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if c.isascii()) * 2 >= len(letters)


@dataclass(frozen=True, kw_only=True)
class _Overlap:
    """Word overlap of one language's pair, each way (NaN across languages)."""

    keys_a: frozenset[str]
    keys_b: frozenset[str]
    cov_a: float = math.nan  # share of A's content words that B also has
    cov_b: float = math.nan
    extra_a: float = math.nan  # content words only A has
    extra_b: float = math.nan
    bigram_a: float = math.nan  # share of A's neighbouring-word pairs B also has
    bigram_b: float = math.nan

    @property
    def coverage(self) -> tuple[float, float] | None:
        return None if math.isnan(self.cov_a) else (self.cov_a, self.cov_b)


def _overlap(a: SideView, b: SideView, cross: bool) -> _Overlap:
    ka = frozenset(t.key for t in a.tokens if t.content)
    kb = frozenset(t.key for t in b.tokens if t.content)
    if cross:
        return _Overlap(keys_a=ka, keys_b=kb)
    words: dict[str, float] = {}
    if ka and kb:
        words = {
            "cov_a": len(ka & kb) / len(ka),
            "cov_b": len(ka & kb) / len(kb),
            "extra_a": float(len(ka - kb)),
            "extra_b": float(len(kb - ka)),
        }
    # Word order: shared pairs of neighbouring words (all words, so "did not" counts).
    bi_a, bi_b = _bigrams(a.tokens), _bigrams(b.tokens)
    if bi_a and bi_b:
        words["bigram_a"] = len(bi_a & bi_b) / len(bi_a)
        words["bigram_b"] = len(bi_a & bi_b) / len(bi_b)
    return _Overlap(keys_a=ka, keys_b=kb, **words)


def extract(pair: Pair) -> PairFeatures:
    """Features and findings of one pair; see ``FEATURE_NAMES`` for the vector."""
    a = _side(pair.a, "a", pair.date_a, pair.label_a)
    b = _side(pair.b, "b", pair.date_b, pair.label_b)
    # A wrong language tag must not make word overlap count across scripts.
    cross_script = _mostly_latin(pair.a.text) != _mostly_latin(pair.b.text)
    cross = cross_script or pair.lang_a != pair.lang_b
    sim = float(pair.similarity)
    if cross:
        sim += CROSS_SCRIPT_SHIFT if cross_script else SAME_SCRIPT_SHIFT
    ov = _overlap(a, b, cross)
    coverage = ov.coverage
    close = min(coverage) >= CLOSE_COVERAGE if coverage else sim >= CLOSE_SIMILARITY
    len_a, len_b = max(len(pair.a.text), 1), max(len(pair.b.text), 1)
    # The rest of each outlet's version of the fact: words said there are not "only in"
    # the other outlet (reasons only; the features stay those of this pair).
    ctx_a = join_initials(tokenize(pair.context_a), pair.context_a) if pair.context_a else []
    ctx_b = join_initials(tokenize(pair.context_b), pair.context_b) if pair.context_b else []
    findings: list[Finding] = []
    fuller = _says_more(a, b, ov, (len_a, len_b), (ctx_a, ctx_b), findings)

    shared_names = _sharedentities(a, b, cross)
    num = compare_numbers(a, b, cross, close, findings)
    date = _compare_dates(a, b, close, shared_names, findings)
    ent = _compareentities(a, b, cross, findings, ctx_a, ctx_b)
    neg, lexneg = _compare_polarity(a, b, close, findings)
    # A hedge decides the label only when the rest of the two sentences matches: a shared
    # name alone does not make "Macron suggested" and "Biden reportedly blocked" one claim.
    hearsay = _one_sided("hearsay", a, b, _hearsay, close, findings)
    modal = _one_sided("modal", a, b, _modals, False, findings)
    doubt = _one_sided("doubt", a, b, _doubting, close, findings)
    attribution = _one_sided("attribution", a, b, _attributions, False, findings)
    decision = _compare_decisions(a, b, close or shared_names, findings)
    antonym = _compare_antonyms(a, b, findings)
    force = float(any(f.suggests == "force" for f in findings))

    vector = (
        sim,
        sim * sim,
        min(ov.cov_a, ov.cov_b),
        max(ov.cov_a, ov.cov_b),
        abs(ov.cov_a - ov.cov_b),
        abs(math.log(len_a / len_b)),
        math.log1p(max(ov.extra_a, ov.extra_b)),
        math.log1p(min(ov.extra_a, ov.extra_b)),
        *num,
        date[0],
        date[1],
        math.log1p(max(ent)),
        math.log1p(min(ent)),
        neg,
        hearsay,
        max(modal, doubt),
        attribution,
        decision,
        antonym,
        lexneg,
        force,
        date[2],
        min(ov.bigram_a, ov.bigram_b),
        max(ov.bigram_a, ov.bigram_b),
    )
    assert len(vector) == len(FEATURE_NAMES)
    return PairFeatures(
        vector=vector,
        findings=tuple(findings),
        fuller=fuller,
        cross_language=cross,
        coverage=coverage,
    )


def _says_more(
    a: SideView,
    b: SideView,
    ov: _Overlap,
    lengths: tuple[int, int],
    contexts: tuple[Sequence[Token], Sequence[Token]],
    findings: list[Finding],
) -> Side | None:
    """Which side says more (more content of its own, or across languages more text),
    with a finding that shows what it adds; ``None`` when neither clearly does.

    Where both add as much, each side's own run is shown: a reader of a ``partial`` sees
    what each version says that the other does not."""
    len_a, len_b = lengths
    if ov.coverage is None:
        if max(len_a, len_b) / min(len_a, len_b) > 1.3:
            return "a" if len_a > len_b else "b"
        return None
    if ov.extra_a == ov.extra_b:
        for side, other in ((a, ov.keys_b), (b, ov.keys_a)):
            _extra(side, set(other), findings, strong=False)
        return None
    fuller: Side = "a" if ov.extra_a > ov.extra_b else "b"
    side, other = (a, ov.keys_b) if fuller == "a" else (b, ov.keys_a)
    # the other outlet's version of the fact elsewhere: what it says there is not "only in"
    elsewhere = {t.key for t in (contexts[1] if fuller == "a" else contexts[0]) if t.content}
    # the other version must be (mostly) inside this one
    contained = (ov.cov_b if fuller == "a" else ov.cov_a) >= CONTAINED
    n = _extra(side, set(other) | elsewhere, findings, strong=contained)
    if not n and elsewhere:
        return None  # what it adds, the other version says in another sentence
    return fuller


def _extra(side: SideView, other_keys: set[str], findings: list[Finding], *, strong: bool) -> int:
    """The longest run of ``side``'s content words the other side lacks, as a partial
    finding (strong for a whole added clause); the run's length in content words."""
    n, start, end = _longest_uncovered(side.tokens, other_keys)
    if n:
        findings.append(
            Finding(
                kind="extra",
                suggests="partial",
                reason=f"only in {side.name}: '{side.sent.text[start:end]}'",
                evidence=(evidence("extra", side, start, end),),
                strong=strong and n >= EXTRA_CLAUSE_WORDS,
            )
        )
    return n


def _bigrams(tokens: Sequence[Token]) -> set[tuple[str, str]]:
    return {(x.key, y.key) for x, y in pairwise(tokens)}


def _side(sent: Sentence, key: Side, published: str | None, name: str) -> SideView:
    dates = find_dates(sent.text, publication_day(published))
    # The words of a date ("years ago", "yesterday") are compared as a date, not as content.
    tokens = [
        replace(t, content=False)
        if t.content and any(d.start <= t.start and t.end <= d.end for d in dates)
        else t
        for t in join_initials(tokenize(sent.text), sent.text)
    ]
    return SideView(sent=sent, name=name, tokens=tokens, dates=dates, key=key)


def _longest_uncovered(tokens: Sequence[Token], other_keys: set[str]) -> tuple[int, int, int]:
    """The run with most content words absent from the other side: (count, start, end).

    A name is one unit ("US President Joe Biden"): when the other side has any word of
    it, the whole name counts as covered, so that a run never ends inside a name the
    other side also uses ("... with US President Joe" only in A, beside "Biden")."""
    covered = {i for i, tok in enumerate(tokens) if tok.key in other_keys}
    for name in _name_runs(tokens):
        if covered & set(name):
            covered.update(name)
    best = (0, 0, 0)
    run_n, run_start = 0, 0
    for i, tok in enumerate(tokens):
        if not tok.content:
            continue  # function words neither start nor break a run
        if i in covered:
            run_n = 0
            continue
        if run_n == 0:
            run_start = tok.start
        run_n += 1
        if run_n > best[0]:
            best = (run_n, run_start, tok.end)
    return best


def _name_runs(tokens: Sequence[Token]) -> list[list[int]]:
    """Indices of the runs of capitalised words next to each other (one space apart):
    the words of one name or title."""
    runs: list[list[int]] = []
    for i, tok in enumerate(tokens):
        if not tok.text[:1].isupper():
            continue
        prev = tokens[i - 1] if i else None
        if runs and prev is not None and runs[-1][-1] == i - 1 and tok.start - prev.end <= 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [r for r in runs if len(r) > 1]


def _compare_dates(
    a: SideView, b: SideView, close: bool, shared: bool, findings: list[Finding]
) -> tuple[float, float, float]:
    """Dates of both sides, compared as dates: (one side only, conflict, agree).

    A conflict needs two mentions that pin down a common part (both a year, both a month,
    a weekday and a full date, ...) and cannot name the same day, while neither fits any
    mention of the other side (see :func:`_date_clash`).
    """
    da = [d for d in a.dates if d.checkable]
    db = [d for d in b.dates if d.checkable]
    fits_a = [any(comparable(x, y) and compatible(x, y) for y in db) for x in da]
    fits_b = [any(comparable(y, x) and compatible(y, x) for x in da) for y in db]
    agree = float(any(fits_a))
    lone_a = [x for x, f in zip(da, fits_a, strict=True) if not f]
    lone_b = [y for y, f in zip(db, fits_b, strict=True) if not f]
    clash = _date_clash(a, b, lone_a, lone_b, close=close, shared=shared)
    if clash is not None:
        findings.append(clash)
        return 0.0, 1.0, agree
    # Unresolved relative dates ("27 years ago" in an undated article) might name what
    # the other side dates: nothing is "only in" one side then.
    # "Only in" means the other side names no date at all: "Friday" against "29 March"
    # (no year, no publication date) is no date only one side gives.
    if any(not d.checkable for d in (*a.dates, *b.dates)):
        return 0.0, 0.0, agree
    for side, alone, other in ((a, lone_a, db), (b, lone_b, da)):
        if alone and not other:
            findings.append(
                Finding(
                    kind="date",
                    suggests="partial",
                    reason=f"date only in {side.name}: {describe(alone[0])}",
                    evidence=tuple(evidence("date", side, m.start, m.end) for m in alone),
                )
            )
            return 1.0, 0.0, agree
    return 0.0, 0.0, agree


def _date_clash(
    a: SideView,
    b: SideView,
    lone_a: Sequence[DateMention],
    lone_b: Sequence[DateMention],
    *,
    close: bool,
    shared: bool,
) -> Finding | None:
    """The most precise clash between dates that fit nothing on the other side: full
    dates, then a weekday against a date, then years. It is strong (a rule) when two full
    dates differ, or a weekday does not fall on the other side's date, in sentences about
    the same thing (``close`` or sharing a name); two explicit years only when the rest
    matches."""
    clashes = [(x, y) for x in lone_a for y in lone_b if comparable(x, y) and not compatible(x, y)]
    if not clashes:
        return None
    x, y = max(clashes, key=lambda c: _precision(c[0]) + _precision(c[1]))
    precise = _precision(x) + _precision(y) >= 5 or bool(x.day and y.day)
    explicit = _same_kind(x, y) and not (x.relative or y.relative)
    return clash(
        "date",
        _date_reason(x, y),
        a,
        (x.start, x.end),
        b,
        (y.start, y.end),
        strong=((close or shared) and precise) or (close and explicit),
    )


def _same_kind(x: DateMention, y: DateMention) -> bool:
    """Two explicit years, or two weekdays: one slot, named two ways."""
    return bool(x.years and y.years) or bool(x.weekday and y.weekday)


def _precision(m: DateMention) -> int:
    """How much a mention pins down: 3 for a calendar day, 2 for a day or month without
    the year or a weekday, 1 for a year."""
    if m.exact is not None:
        return 3
    return 2 if (m.day or m.month or m.weekday) else 1


def _date_reason(x: DateMention, y: DateMention) -> str:
    for u, v, first in ((x, y, True), (y, x, False)):
        day = v.exact
        if u.weekday and not u.day and day is not None:
            pair = f"'{u.text}' vs '{v.text}'" if first else f"'{v.text}' vs '{u.text}'"
            return f"weekday does not fit the date: {pair} ({v.text} is a {weekday_name(day)})"
    kind = "weekday" if x.weekday and y.weekday and not (x.day or y.day) else "date"
    return f"{kind} differs: {describe(x)} vs {describe(y)}"


def _sharedentities(a: SideView, b: SideView, cross: bool) -> bool:
    return any(matches(e, b.tokens, cross) for e in entities(a.tokens, opening=True))


def _names(side: SideView, cross: bool) -> list[Token]:
    """Names of one side. Across languages a capitalised first word ("Heavy rain ...")
    cannot be told from a name by looking for it in the other sentence, so it is left out
    rather than reported as a name only one outlet gives."""
    found = entities(side.tokens)
    if cross and side.tokens:
        found = [e for e in found if e is not side.tokens[0]]
    return found


def _compareentities(
    a: SideView,
    b: SideView,
    cross: bool,
    findings: list[Finding],
    ctx_a: Sequence[Token] = (),
    ctx_b: Sequence[Token] = (),
) -> tuple[float, float]:
    # A name of one side counts as found when any word of the other side matches it: the
    # other outlet may write it lower-case, inflected or in another script.
    only_a = [e for e in _names(a, cross) if not matches(e, b.tokens, cross)]
    only_b = [e for e in _names(b, cross) if not matches(e, a.tokens, cross)]
    # a name the other outlet uses in another sentence of the fact is not "only in"
    shown_a = [e for e in only_a if not matches(e, list(ctx_b), cross)]
    shown_b = [e for e in only_b if not matches(e, list(ctx_a), cross)]
    for side, ents in ((a, shown_a), (b, shown_b)):
        if ents:
            runs = _name_spans(side, ents)
            shown = ", ".join(side.sent.text[s:e] for s, e in runs[:3])
            findings.append(
                Finding(
                    kind="entity",
                    suggests="conflict" if shown_a and shown_b else "partial",
                    reason=f"name only in {side.name}: {shown}",
                    evidence=tuple(evidence("entity", side, s, e) for s, e in runs),
                )
            )
    return float(len({e.key for e in only_a})), float(len({e.key for e in only_b}))


def _name_spans(side: SideView, names: Sequence[Token]) -> list[tuple[int, int]]:
    """The spans of ``names``, the words of one name joined ("National Weather Service",
    not "National, Weather, Service"): neighbouring words one space apart."""
    spans: list[tuple[int, int]] = []
    index = {t.start: i for i, t in enumerate(side.tokens)}
    last = -2
    for tok in names:
        i = index.get(tok.start, -2)
        if spans and i == last + 1 and tok.start - spans[-1][1] <= 1:
            spans[-1] = (spans[-1][0], tok.end)
        else:
            spans.append((tok.start, tok.end))
        last = i
    return spans


def _is_negation(tok: Token) -> bool:
    return tok.lower in lx.NEGATION_WORDS or tok.lower.endswith("nʼt")


def _negations(side: SideView) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in side.tokens if _is_negation(t)]


def _lexical_negatives(side: SideView) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in side.tokens if t.lower in lx.LEXICAL_NEGATIVES]


def _hearsay(side: SideView) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in side.tokens if t.lower in lx.HEARSAY_WORDS]


def _modals(side: SideView) -> list[tuple[int, int]]:
    # "May" capitalised is the month, not the modal verb.
    return [
        (t.start, t.end)
        for t in side.tokens
        if t.lower in lx.MODAL_WORDS and not (t.lower == "may" and t.text[0].isupper())
    ]


def _doubting(side: SideView) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in side.tokens if t.lower in lx.DOUBTING_VERBS]


def _attributions(side: SideView) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _ATTRIBUTION.finditer(side.sent.text)]


def _compare_polarity(
    a: SideView, b: SideView, close: bool, findings: list[Finding]
) -> tuple[float, float]:
    """Negation on one side only: (negation one-sided, lexical negative one-sided).

    "not" on one side is a conflict of polarity only when the other side says no in no
    other way: "did not support" and "rejected" / "відхилив" / "отверг" agree in polarity
    (the decision comparison then says which is the stronger).
    """
    na, nb = _negations(a), _negations(b)
    la, lb = _lexical_negatives(a), _lexical_negatives(b)
    neg_a, neg_b = bool(na or la), bool(nb or lb)
    lex_one = float(bool(la) != bool(lb))
    if bool(na) == bool(nb):
        return 0.0, lex_one
    side, spans = (a, na) if na else (b, nb)
    if neg_a and neg_b:
        return 0.0, lex_one  # both say no, one with a particle, one with a verb
    text = side.sent.text[spans[0][0] : spans[0][1]]
    other = b if side is a else a
    findings.append(
        Finding(
            kind="negation",
            suggests="conflict",
            reason=f"negation only in {side.name}: '{text}'",
            evidence=tuple(evidence("negation", side, s, e) for s, e in spans),
            # "not addressing" against "addressing" says the opposite; "none seriously",
            # "without the consent" negate what the other version does not say at all
            strong=close and _negates_shared(side, spans, other),
        )
    )
    return 1.0, lex_one


def _negates_shared(side: SideView, spans: Sequence[tuple[int, int]], other: SideView) -> bool:
    """Whether a negation negates a word the other version says: the first content word
    within three words after some negation in ``side`` is found in ``other``."""
    keys = {t.key for t in other.tokens if t.content}
    for start, _ in spans:
        after = [t for t in side.tokens if t.start > start][:3]
        negated = next((t for t in after if t.content), None)
        if negated is not None and negated.key in keys:
            return True
    return False


# Evidence kinds follow ``records.Evidence``: hearsay, modal and doubting markers are hedges.
_EVIDENCE_KIND = {"hearsay": "hedge", "modal": "hedge", "doubt": "hedge"}
_REASONS = {
    "hearsay": "certainty differs: '{text}' only in {side}",
    "modal": "certainty differs: '{text}' only in {side}",
    "doubt": "certainty differs: '{text}' only in {side}",
    "attribution": "source named only in {side}: '{text}'",
}


def _one_sided(
    kind: str,
    a: SideView,
    b: SideView,
    find: Callable[[SideView], list[tuple[int, int]]],
    strong: bool,
    findings: list[Finding],
) -> float:
    """A cue found on one side only. Hedges make that side the weaker version (a force
    finding naming the other side as the stronger); a named source makes it the fuller."""
    xa, xb = find(a), find(b)
    if bool(xa) == bool(xb):
        return 0.0
    side, other, spans = (a, b, xa) if xa else (b, a, xb)
    text = side.sent.text[spans[0][0] : spans[0][1]]
    hedge = kind in _EVIDENCE_KIND
    findings.append(
        Finding(
            kind=kind,
            suggests="force" if hedge else "partial",
            reason=_REASONS[kind].format(side=side.name, text=text),
            evidence=tuple(evidence(_EVIDENCE_KIND.get(kind, kind), side, s, e) for s, e in spans),
            strong=strong,
            stronger=other.key if hedge else None,
        )
    )
    return 1.0


def _decision(tokens: Sequence[Token]) -> tuple[int, int, int] | None:
    """The first decision verb: (polarity, start, end).

    Polarity is 1 for support, -1 for opposition, -2 for "did not support" and 2 for "did
    not block". The span starts at the negation ("did not support"), not at the verb.
    """
    for i, tok in enumerate(tokens):
        w = tok.lower
        verbal = w.endswith(lx.VERB_ENDINGS)
        prev = tokens[i - 1] if i else None
        bare = prev is not None and (prev.lower in lx.AUXILIARIES or _is_negation(prev))
        if w in lx.SUPPORT_FORMS or (w in lx.SUPPORT_BASE and bare):
            polarity = 1
        elif w in lx.OPPOSE_FORMS or (w in lx.OPPOSE_BASE and bare):
            polarity = -1
        elif w.startswith(lx.SUPPORT_STEMS) and verbal:
            polarity = 1
        elif w.startswith(lx.OPPOSE_STEMS) and verbal:
            polarity = -1
        else:
            continue
        negs = [j for j in range(max(0, i - 2), i) if _is_negation(tokens[j])]
        if not negs:
            return polarity, tok.start, tok.end
        j = negs[0]
        if j > 0 and tokens[j - 1].lower in lx.AUXILIARIES:
            j -= 1  # "did not support" reads better than "not support"
        return -2 * polarity, tokens[j].start, tok.end
    return None


def _compare_decisions(a: SideView, b: SideView, strong: bool, findings: list[Finding]) -> float:
    """Decision verbs of both sides. Opposite sides ("supported" / "blocked") conflict; the
    same side said with different force ("did not support" / "blocked", "did not block" /
    "backed") is a force finding: the plain verb is the stronger."""
    da, db = _decision(a.tokens), _decision(b.tokens)
    if da is None or db is None or da[0] == db[0]:
        return 0.0
    xa, xb = a.sent.text[da[1] : da[2]], b.sent.text[db[1] : db[2]]
    found = (evidence("decision", a, da[1], da[2]), evidence("decision", b, db[1], db[2]))
    if (da[0] > 0) == (db[0] > 0):
        side_a_stronger = abs(da[0]) < abs(db[0])
        strong_side, weak_side = (a, b) if side_a_stronger else (b, a)
        s_text, w_text = (xa, xb) if side_a_stronger else (xb, xa)
        stance = "against" if da[0] < 0 else "for"
        findings.append(
            Finding(
                kind="decision",
                suggests="force",
                reason=(
                    f"same decision ({stance}), {strong_side.name} says it more strongly: "
                    f"'{s_text}' ({strong_side.name}) vs '{w_text}' ({weak_side.name})"
                ),
                evidence=found,
                strong=strong,
                stronger=strong_side.key,
            )
        )
        return 0.0
    findings.append(
        Finding(
            kind="decision",
            suggests="conflict",
            reason=f"decision differs: '{xa}' vs '{xb}'",
            evidence=found,
            strong=strong,
        )
    )
    return 1.0


def _compare_antonyms(a: SideView, b: SideView, findings: list[Finding]) -> float:
    la = {t.lower: t for t in a.tokens}
    lb = {t.lower: t for t in b.tokens}
    for x, y in lx.ANTONYMS:
        for u, v in ((x, y), (y, x)):
            if u in la and v in lb and v not in la and u not in lb:
                tu, tv = la[u], lb[v]
                reason = f"opposite words: '{tu.text}' vs '{tv.text}'"
                findings.append(
                    clash("antonym", reason, a, (tu.start, tu.end), b, (tv.start, tv.end))
                )
                return 1.0
    return 0.0
