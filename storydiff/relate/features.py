"""Features of an aligned sentence pair, each with the evidence it rests on.

Works on English, Ukrainian and Russian, also across languages: numbers are compared by
value and names by a phonetic key (see ``tokens.py``), and the cue lexicons
(``lexicon.py``) cover all three languages at once, so a wrong language tag costs little.
Word overlap only counts inside one language; across languages the similarity, numbers,
dates and names decide.

Every finding carries :class:`~storydiff.records.Evidence` with offsets into the article
text (``sentence.start`` plus the offset inside the sentence). A finding is *strong* when
it is unambiguous enough for the relater to override its model: a differing number, date
or decision, or a one-sided negation or hearsay marker, in sentences that otherwise match
(a conflict); a whole added clause (a partial).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from storydiff.records import Evidence, Sentence
from storydiff.relate import lexicon as lx
from storydiff.relate._base import Pair
from storydiff.relate.tokens import (
    Token,
    entities,
    matches,
    names_match,
    numbers,
    tokenize,
)

Side = Literal["a", "b"]

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
# content words). 12.6% of the MSRP paraphrases in our training part are such pairs.
EXTRA_CLAUSE_WORDS = 4
CONTAINED = 0.7

_ATTRIBUTION = re.compile(r"\b(?:" + "|".join(lx.ATTRIBUTION_PHRASES) + r")\b", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One observation about a pair: what label it suggests, in words, and where it is."""

    kind: str
    suggests: Literal["conflict", "partial"]
    reason: str
    evidence: tuple[Evidence, ...]
    strong: bool = False  # unambiguous enough to override the model's label


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


@dataclass(frozen=True, kw_only=True)
class _Side:
    sent: Sentence
    name: str  # "A" or "B"
    tokens: list[Token]


def _ev(kind: str, side: _Side, start: int, end: int) -> Evidence:
    s = side.sent
    return Evidence(
        kind=kind,
        article_id=s.article_id,
        start=s.start + start,
        end=s.start + end,
        text=s.text[start:end],
    )


def _mostly_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if c.isascii()) * 2 >= len(letters)


def extract(pair: Pair) -> PairFeatures:
    """Features and findings of one pair; see ``FEATURE_NAMES`` for the vector."""
    a = _Side(sent=pair.a, name="A", tokens=tokenize(pair.a.text))
    b = _Side(sent=pair.b, name="B", tokens=tokenize(pair.b.text))
    # A wrong language tag must not make word overlap count across scripts.
    cross_script = _mostly_latin(pair.a.text) != _mostly_latin(pair.b.text)
    cross = cross_script or pair.lang_a != pair.lang_b
    sim = float(pair.similarity)
    if cross:
        sim += CROSS_SCRIPT_SHIFT if cross_script else SAME_SCRIPT_SHIFT
    findings: list[Finding] = []

    # Word overlap, each way (one language only).
    ka = {t.key for t in a.tokens if t.content}
    kb = {t.key for t in b.tokens if t.content}
    coverage: tuple[float, float] | None = None
    cov_a = cov_b = extra_a = extra_b = math.nan
    if not cross and ka and kb:
        cov_a = len(ka & kb) / len(ka)  # share of A's content that B also has
        cov_b = len(ka & kb) / len(kb)
        extra_a, extra_b = float(len(ka - kb)), float(len(kb - ka))
        coverage = (cov_a, cov_b)
    close = min(coverage) >= CLOSE_COVERAGE if coverage else sim >= CLOSE_SIMILARITY
    len_a, len_b = max(len(pair.a.text), 1), max(len(pair.b.text), 1)

    # Which side says more: more content of its own, or (across languages) more text.
    fuller: Side | None = None
    if coverage is not None:
        fuller = "a" if extra_a > extra_b else "b" if extra_b > extra_a else None
    elif max(len_a, len_b) / min(len_a, len_b) > 1.3:
        fuller = "a" if len_a > len_b else "b"
    if fuller is not None and coverage is not None:
        side, other = (a, kb) if fuller == "a" else (b, ka)
        n, start, end = _longest_uncovered(side.tokens, other)
        if n:
            text = side.sent.text[start:end]
            findings.append(
                Finding(
                    kind="extra",
                    suggests="partial",
                    reason=f"only in {side.name}: '{text}'",
                    evidence=(_ev("extra", side, start, end),),
                    # the other version must be (mostly) inside this one
                    strong=n >= EXTRA_CLAUSE_WORDS
                    and (cov_b if fuller == "a" else cov_a) >= CONTAINED,
                )
            )

    shared_names = _sharedentities(a, b, cross)
    num = _compare_numbers(a, b, cross, close, findings)
    date = _compare_dates(a, b, close, findings)
    ent = _compareentities(a, b, cross, findings)
    neg = _one_sided("negation", a, b, _negations, "conflict", close, findings)
    hearsay = _one_sided("hearsay", a, b, _hearsay, "conflict", close, findings)
    modal = _one_sided("modal", a, b, _modals, "conflict", False, findings)
    attribution = _one_sided("attribution", a, b, _attributions, "partial", False, findings)
    decision = _compare_decisions(a, b, close or shared_names, findings)
    antonym = _compare_antonyms(a, b, findings)

    vector = (
        sim,
        sim * sim,
        min(cov_a, cov_b),
        max(cov_a, cov_b),
        abs(cov_a - cov_b),
        abs(math.log(len_a / len_b)),
        math.log1p(max(extra_a, extra_b)),
        math.log1p(min(extra_a, extra_b)),
        *num,
        *date,
        math.log1p(max(ent)),
        math.log1p(min(ent)),
        neg,
        hearsay,
        modal,
        attribution,
        decision,
        antonym,
    )
    assert len(vector) == len(FEATURE_NAMES)
    return PairFeatures(
        vector=vector,
        findings=tuple(findings),
        fuller=fuller,
        cross_language=cross,
        coverage=coverage,
    )


def _longest_uncovered(tokens: Sequence[Token], other_keys: set[str]) -> tuple[int, int, int]:
    """The run with most content words absent from the other side: (count, start, end)."""
    best = (0, 0, 0)
    run_n, run_start = 0, 0
    for tok in tokens:
        if not tok.content:
            continue  # function words neither start nor break a run
        if tok.key in other_keys:
            run_n = 0
            continue
        if run_n == 0:
            run_start = tok.start
        run_n += 1
        if run_n > best[0]:
            best = (run_n, run_start, tok.end)
    return best


def _slot(tokens: Sequence[Token], start: int, end: int) -> tuple[Token | None, Token | None]:
    """The content words right before and after a span (within 40 characters)."""
    before = [t for t in tokens if t.end <= start and t.content][-1:]
    after = [t for t in tokens if t.start >= end and t.content][:1]
    near_b = before[0] if before and start - before[0].end < 40 else None
    near_a = after[0] if after and after[0].start - end < 40 else None
    return near_b, near_a


def _same_slot(
    x: tuple[Token | None, Token | None], y: tuple[Token | None, Token | None], cross: bool
) -> bool:
    for u, v in zip(x, y, strict=True):
        if (
            u is not None
            and v is not None
            and (u.key == v.key or (cross and names_match(u.text, v.text)))
        ):
            return True
    return False


def _compare_numbers(
    a: _Side, b: _Side, cross: bool, close: bool, findings: list[Finding]
) -> tuple[float, float, float]:
    na, nb = numbers(a.sent.text, a.tokens), numbers(b.sent.text, b.tokens)
    va, vb = {n.value for n in na}, {n.value for n in nb}
    only_a = [n for n in na if n.value not in vb]
    only_b = [n for n in nb if n.value not in va]
    if only_a and only_b:
        # The strongest case: two numbers that count the same thing ("10,000 troops" vs
        # "5,000 troops"); else the first of each side.
        x, y = only_a[0], only_b[0]
        slotted = False
        for u in only_a:
            for v in only_b:
                if _same_slot(
                    _slot(a.tokens, u.start, u.end), _slot(b.tokens, v.start, v.end), cross
                ):
                    x, y, slotted = u, v, True
                    break
            if slotted:
                break
        findings.append(
            Finding(
                kind="number",
                suggests="conflict",
                reason=f"number differs: {x.text} vs {y.text}",
                evidence=(_ev("number", a, x.start, x.end), _ev("number", b, y.start, y.end)),
                strong=slotted or close,
            )
        )
    elif only_a or only_b:
        side, nums = (a, only_a) if only_a else (b, only_b)
        shown = ", ".join(dict.fromkeys(n.text for n in nums))
        findings.append(
            Finding(
                kind="number",
                suggests="partial",
                reason=f"number only in {side.name}: {shown}",
                evidence=tuple(_ev("number", side, n.start, n.end) for n in nums),
            )
        )
    return float(bool(only_a) != bool(only_b)), float(bool(only_a and only_b)), float(bool(va & vb))


def _dates(tokens: Sequence[Token]) -> list[tuple[str, int, Token]]:
    out = []
    for tok in tokens:
        if tok.lower in lx.CAPITALISED_ONLY and not tok.text[:1].isupper():
            continue
        if tok.lower in lx.MONTHS:
            out.append(("month", lx.MONTHS[tok.lower], tok))
        elif tok.lower in lx.WEEKDAYS:
            out.append(("weekday", lx.WEEKDAYS[tok.lower], tok))
    return out


def _compare_dates(a: _Side, b: _Side, close: bool, findings: list[Finding]) -> tuple[float, float]:
    da, db = _dates(a.tokens), _dates(b.tokens)
    conflict = one_side = 0.0
    for kind in ("month", "weekday"):
        xa = [(v, t) for k, v, t in da if k == kind]
        xb = [(v, t) for k, v, t in db if k == kind]
        only_a = [t for v, t in xa if v not in {w for w, _ in xb}]
        only_b = [t for v, t in xb if v not in {w for w, _ in xa}]
        if only_a and only_b:
            conflict = 1.0
            x, y = only_a[0], only_b[0]
            findings.append(
                Finding(
                    kind="date",
                    suggests="conflict",
                    reason=f"{kind} differs: {x.text} vs {y.text}",
                    evidence=(_ev("date", a, x.start, x.end), _ev("date", b, y.start, y.end)),
                    strong=close,
                )
            )
        elif only_a or only_b:
            one_side = 1.0
            side, toks = (a, only_a) if only_a else (b, only_b)
            findings.append(
                Finding(
                    kind="date",
                    suggests="partial",
                    reason=f"{kind} only in {side.name}: {toks[0].text}",
                    evidence=(_ev("date", side, toks[0].start, toks[0].end),),
                )
            )
    return one_side, conflict


def _sharedentities(a: _Side, b: _Side, cross: bool) -> bool:
    return any(matches(e, b.tokens, cross) for e in entities(a.tokens))


def _names(side: _Side, cross: bool) -> list[Token]:
    """Names of one side. Across languages a capitalised first word ("Heavy rain ...")
    cannot be told from a name by looking for it in the other sentence, so it is left out
    rather than reported as a name only one outlet gives."""
    found = entities(side.tokens)
    if cross and side.tokens:
        found = [e for e in found if e is not side.tokens[0]]
    return found


def _compareentities(
    a: _Side, b: _Side, cross: bool, findings: list[Finding]
) -> tuple[float, float]:
    # A name of one side counts as found when any word of the other side matches it: the
    # other outlet may write it lower-case, inflected or in another script.
    only_a = [e for e in _names(a, cross) if not matches(e, b.tokens, cross)]
    only_b = [e for e in _names(b, cross) if not matches(e, a.tokens, cross)]
    for side, ents in ((a, only_a), (b, only_b)):
        if ents:
            findings.append(
                Finding(
                    kind="entity",
                    suggests="conflict" if only_a and only_b else "partial",
                    reason=f"name only in {side.name}: {', '.join(e.text for e in ents[:3])}",
                    evidence=tuple(_ev("entity", side, e.start, e.end) for e in ents),
                )
            )
    return float(len({e.key for e in only_a})), float(len({e.key for e in only_b}))


def _is_negation(tok: Token) -> bool:
    return tok.lower in lx.NEGATION_WORDS or tok.lower.endswith("nʼt")


def _negations(side: _Side) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in side.tokens if _is_negation(t)]


def _hearsay(side: _Side) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in side.tokens if t.lower in lx.HEARSAY_WORDS]


def _modals(side: _Side) -> list[tuple[int, int]]:
    # "May" capitalised is the month, not the modal verb.
    return [
        (t.start, t.end)
        for t in side.tokens
        if t.lower in lx.MODAL_WORDS and not (t.lower == "may" and t.text[0].isupper())
    ]


def _attributions(side: _Side) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _ATTRIBUTION.finditer(side.sent.text)]


# Evidence kinds follow ``records.Evidence``: hearsay and modal markers are both hedges.
_EVIDENCE_KIND = {"hearsay": "hedge", "modal": "hedge"}
_REASONS = {
    "negation": "negation only in {side}: '{text}'",
    "hearsay": "certainty differs: '{text}' only in {side}",
    "modal": "certainty differs: '{text}' only in {side}",
    "attribution": "source named only in {side}: '{text}'",
}


def _one_sided(
    kind: str,
    a: _Side,
    b: _Side,
    find: Callable[[_Side], list[tuple[int, int]]],
    suggests: Literal["conflict", "partial"],
    strong: bool,
    findings: list[Finding],
) -> float:
    xa, xb = find(a), find(b)
    if bool(xa) == bool(xb):
        return 0.0
    side, spans = (a, xa) if xa else (b, xb)
    text = side.sent.text[spans[0][0] : spans[0][1]]
    findings.append(
        Finding(
            kind=kind,
            suggests=suggests,
            reason=_REASONS[kind].format(side=side.name, text=text),
            evidence=tuple(_ev(_EVIDENCE_KIND.get(kind, kind), side, s, e) for s, e in spans),
            strong=strong,
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


def _compare_decisions(a: _Side, b: _Side, strong: bool, findings: list[Finding]) -> float:
    da, db = _decision(a.tokens), _decision(b.tokens)
    if da is None or db is None or da[0] == db[0]:
        return 0.0
    xa, xb = a.sent.text[da[1] : da[2]], b.sent.text[db[1] : db[2]]
    findings.append(
        Finding(
            kind="decision",
            suggests="conflict",
            reason=f"decision differs: '{xa}' vs '{xb}'",
            evidence=(_ev("decision", a, da[1], da[2]), _ev("decision", b, db[1], db[2])),
            strong=strong,
        )
    )
    return 1.0


def _compare_antonyms(a: _Side, b: _Side, findings: list[Finding]) -> float:
    la = {t.lower: t for t in a.tokens}
    lb = {t.lower: t for t in b.tokens}
    for x, y in lx.ANTONYMS:
        for u, v in ((x, y), (y, x)):
            if u in la and v in lb and v not in la and u not in lb:
                tu, tv = la[u], lb[v]
                findings.append(
                    Finding(
                        kind="antonym",
                        suggests="conflict",
                        reason=f"opposite words: '{tu.text}' vs '{tv.text}'",
                        evidence=(
                            _ev("antonym", a, tu.start, tu.end),
                            _ev("antonym", b, tv.start, tv.end),
                        ),
                    )
                )
                return 1.0
    return 0.0
