"""Cue words of two versions compared: negation, hedges, named sources, decisions, antonyms.

Negation knows lexical negatives: "did not support" and "rejected" both say no, so neither
is "negation only in A"; and a negation conflicts only with a version that says what it
negates. A hedge ("reportedly", "claimed", "may") on one side makes that version the weaker
(a *force* finding); the same decision said with different force ("did not support" /
"blocked") names the stronger side; opposite decisions or words conflict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from storydiff.morph import analyzers
from storydiff.relate import lexicon as lx
from storydiff.relate.findings import OTHER_NOT_READ, Finding, SideView, clash, evidence
from storydiff.relate.tokens import Token
from storydiff.text.scripts import cyrillic_word

_ATTRIBUTION = re.compile(r"\b(?:" + "|".join(lx.ATTRIBUTION_PHRASES) + r")\b", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class CueFeatures:
    """One-sided cues of a pair (1.0 when one side only has one), for the feature vector."""

    negation: float
    lexical_negative: float
    hearsay: float
    hedge: float  # a modal verb or a doubting verb
    attribution: float
    decision: float  # opposite decisions
    antonym: float


def compare_cues(
    a: SideView,
    b: SideView,
    *,
    close: bool,
    shared_names: bool,
    findings: list[Finding],
    cross: bool = False,
    read: tuple[bool, bool] = (True, True),
) -> CueFeatures:
    """Compare the cue words of both sides, appending findings.

    A hedge decides the label only when the rest of the two sentences matches (``close``):
    a shared name alone does not make "Macron suggested" and "Biden reportedly blocked" one
    claim. A decision verb decides it when they match or share a name. ``read`` says for
    each side whether its language's negations are known (see ``NEGATION_LANGUAGES``).
    """
    neg, lexneg = _compare_polarity(a, b, close, findings, cross=cross, read=read)
    if not all(read):
        # A hedge or a named source in one version beside a language whose cue words are
        # not read ("claimed" beside "afirma", "claimt") is no difference anyone checked:
        # "certainty differs: only in A" would be false of every faithful translation.
        hearsay = modal = doubt = attribution = 0.0
    else:
        hearsay = _one_sided("hearsay", a, b, _hearsay, close, findings)
        modal = _one_sided("modal", a, b, _modals, False, findings)
        doubt = _one_sided("doubt", a, b, _doubting, close, findings)
        attribution = _one_sided("attribution", a, b, _attributions, False, findings, _tells)
    return CueFeatures(
        negation=neg,
        lexical_negative=lexneg,
        hearsay=hearsay,
        hedge=max(modal, doubt),
        attribution=attribution,
        decision=_compare_decisions(a, b, close or shared_names, findings),
        antonym=_compare_antonyms(a, b, findings),
    )


def _is_negation(tok: Token) -> bool:
    return tok.lower in lx.NEGATION_WORDS or tok.lower.endswith("nʼt")


def _negations(side: SideView) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in side.tokens if _is_negation(t)]


def _lexical_negatives(side: SideView) -> list[tuple[int, int]]:
    toks = side.tokens
    found = [(t.start, t.end) for t in toks if t.lower in lx.LEXICAL_NEGATIVES]
    # "had yet to regain" says what "had not yet regained" says, without a "not"
    found += [
        (toks[i].start, toks[i + 1].end)
        for i in range(1, len(toks) - 1)
        if toks[i].lower == "yet" and toks[i + 1].lower == "to" and toks[i - 1].lower in _NOT_YET
    ]
    return found


# What stands before "yet to" when it means "not yet": "has yet to", "remains yet to".
_NOT_YET = lx.AUXILIARIES | frozenset({"remain", "remains", "remained", "be", "been"})


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


def _tells(side: SideView) -> bool:
    """Whether a version names who tells it with a verb of telling ("police said",
    "Politico reported that"): "source named only in A: 'according to'" beside "..., the
    aides said" is false of the text. A verb before "whether" tells of a question still
    open ("when Michael Steele announces whether he plans to step down"), and one after an
    article is an adjective ("a declared nuclear weapons state", "a reported 200 police"):
    neither tells a claim."""
    toks = side.tokens
    return any(
        (t.lower in lx.SOURCE_VERBS or telling_verb(t.lower))
        and not (i + 1 < len(toks) and toks[i + 1].lower in _OPEN)
        and not (i and toks[i - 1].lower in _ARTICLES)
        for i, t in enumerate(toks)
    )


@lru_cache(maxsize=1 << 12)  # pure; a story's sentences repeat their verbs
def telling_verb(low: str) -> bool:
    """Whether a Ukrainian or Russian word is a form of a verb of telling
    (``lexicon.TELLING_LEMMAS``) by the dictionary's likeliest verb reading. The letters
    only one of the languages writes pick its dictionary, else both are asked; without
    pymorphy3 only ``SOURCE_VERBS``' forms count."""
    if not cyrillic_word(low):
        return False
    return any(
        p.tag.POS in ("VERB", "INFN") and p.normal_form.replace("ё", "е") in _TELLING
        for morph in analyzers(low)
        for p in morph.parse(low)[:2]
    )


_TELLING = frozenset(w.replace("ё", "е") for w in lx.TELLING_LEMMAS)


# Words that open an indirect question after a verb of telling.
_OPEN = frozenset("whether if чи ли".split())
_ARTICLES = frozenset({"a", "an", "the"})


def _compare_polarity(
    a: SideView,
    b: SideView,
    close: bool,
    findings: list[Finding],
    *,
    cross: bool = False,
    read: tuple[bool, bool] = (True, True),
) -> tuple[float, float]:
    """Negation on one side only: (negation one-sided, lexical negative one-sided).

    "not" on one side is a conflict of polarity only when the other side says no in no
    other way: "did not support" and "rejected" / "відхилив" / "отверг" agree in polarity
    (the decision comparison then says which is the stronger). Across languages (``cross``)
    no word shows what the "not" negates, so unless it negates a decision verb it suggests
    no conflict: "they do not understand why" against a Polish sentence on the same
    outrage says more, not the opposite. A side whose language is not ``read`` has no
    negation found in it, and where the other side's is not, the reason says so rather
    than "only in".
    """
    # a language whose negations are not read has none found either: the lists' words
    # mean something else there (French "dont", "of which", is not "don't")
    na, nb = (_negations(a) if read[0] else []), (_negations(b) if read[1] else [])
    la = _lexical_negatives(a) if read[0] else []
    lb = _lexical_negatives(b) if read[1] else []
    neg_a, neg_b = bool(na or la), bool(nb or lb)
    lex_one = float(bool(la) != bool(lb))
    if bool(na) == bool(nb):
        return 0.0, lex_one
    side, spans = (a, na) if na else (b, nb)
    if neg_a and neg_b:
        return 0.0, lex_one  # both say no, one with a particle, one with a verb
    other = b if side is a else a
    other_read = read[1] if side is a else read[0]
    findings.append(_negation(side, other, spans, close=close, cross=cross, other_read=other_read))
    # Where the other side's negations are not read, the "not" is a note, not a
    # feature: the model learnt one-sided negation from pairs where both sides are read.
    return (1.0 if other_read else 0.0), lex_one


def _negation(
    side: SideView,
    other: SideView,
    spans: Sequence[tuple[int, int]],
    *,
    close: bool,
    cross: bool,
    other_read: bool,
) -> Finding:
    """The finding of a negation ``side`` has and ``other`` lacks (or, ``other_read``
    false, may have in words that are not read: a note that suggests no conflict)."""
    text = side.sent.text[spans[0][0] : spans[0][1]]
    decided = _decision(side.tokens)
    # a negated decision ("не підтримав") is weighed against the other's decision verb
    unchecked = not other_read or (cross and not (decided is not None and abs(decided[0]) == 2))
    reason = (
        f"negation only in {side.name}: '{text}'"
        if other_read
        else f"negation in {side.name}: '{text}' (negations of {other.name} are not read)"
    )
    return Finding(
        kind="negation",
        suggests="partial" if unchecked else "conflict",
        reason=reason,
        evidence=tuple(
            evidence("negation", side, s, e, "" if other_read else OTHER_NOT_READ) for s, e in spans
        ),
        # "not addressing" against "addressing" says the opposite; "none seriously",
        # "without the consent" negate what the other version does not say at all
        strong=not cross and close and _negates_shared(side, spans, other),
    )


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
    also: Callable[[SideView], bool] | None = None,
) -> float:
    """A cue found on one side only. Hedges make that side the weaker version (a force
    finding naming the other side as the stronger); a named source makes it the fuller.

    ``also`` tells whether the other side says the same in other words: the cue is then
    still one-sided as a feature (the model was trained on it so), but no finding says
    "only in" of it."""
    xa, xb = find(a), find(b)
    if bool(xa) == bool(xb):
        return 0.0
    side, other, spans = (a, b, xa) if xa else (b, a, xb)
    if also is not None and also(other):
        return 1.0
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
        # "not only allows" negates nothing
        negs = [
            j
            for j in range(max(0, i - 2), i)
            if _is_negation(tokens[j]) and tokens[j + 1].lower not in _ONLY
        ]
        if polarity == 1 and not negs and _restrictive(tokens, i):
            # "allows abortions after 15 weeks only in medical emergencies" is a ban with
            # an exception: the side of "bans most abortions after 15 weeks", not against it
            polarity = -1
        if not negs:
            return polarity, tok.start, tok.end
        j = negs[0]
        if j > 0 and tokens[j - 1].lower in lx.AUXILIARIES:
            j -= 1  # "did not support" reads better than "not support"
        return -2 * polarity, tokens[j].start, tok.end
    return None


# "Only" beside a verb of permission makes it a restriction ("allows it only in
# emergencies", "only allows adults"); "not only" does not.
_ONLY = frozenset("only solely лише лиш тільки только лишь".split())


def _restrictive(tokens: Sequence[Token], i: int) -> bool:
    """Whether the permission verb at ``i`` is restricted by "only" within a few words."""
    near = range(max(0, i - 2), min(len(tokens), i + 9))
    return any(tokens[j].lower in _ONLY and not (j and _is_negation(tokens[j - 1])) for j in near)


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
