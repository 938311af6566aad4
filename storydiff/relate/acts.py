"""Two different acts in one frame: "the last state to legalise cannabis" and "the last
state to pardon those convicted over cannabis" share every word but the verb, so the
sentence embeddings find them nearly one, yet they state two claims. ``agree`` (both
versions state the same claim) would be false of the text there.

An act is a content predicate: a verb form (read by pymorphy3 in Ukrainian and Russian;
by its regular past ending, a short list of irregular pasts or a verb-making "-ise" /
"-ize" in English), never a verb of telling ("said" / "told", "заявил" / "сообщил"), which
names who speaks, not what happened. When each version of two otherwise matching
sentences has an act the other does not write in any form (``forms``), in the same frame
(the same shared words either side), and each act qualifies a thing the sentence names
(a participle, an infinitive, a relative clause: "the first state to legalise", "штатом,
который помиловал"), the pair is at most ``partial``, with a reason naming both acts.

Why only acts that qualify a thing: two different main verbs in one frame are mostly a
paraphrase's synonyms. On the development part of MSRP the rule without that condition
fired on 48 paraphrases for 12 non-paraphrases, and neither the cosine of the two verbs
nor that of a sentence with its verb swapped for the other's told them apart (e5; the
paraphrases outnumbered the others about 4 to 1 at every threshold); with it, 3 pairs
fired, all paraphrases, and the held-out figures did not move (docs/benchmarks.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from storydiff.morph import CYRILLIC_WORD, known_parse
from storydiff.relate import lexicon as lx
from storydiff.relate.findings import Finding, SideView, evidence
from storydiff.relate.forms import forms_said, word_forms
from storydiff.relate.tokens import Token

KIND = "act"
# pymorphy3's parts of speech that are a verb's forms: finite, infinitive, participles
# (full and short), adverbial participle.
_VERBAL = frozenset({"VERB", "INFN", "PRTF", "PRTS", "GRND"})
# pymorphy3's parts of speech of an act that qualifies a noun (participles).
_QUALIFYING = frozenset({"PRTF", "PRTS"})
# Words after which a verb qualifies a thing named before it.
_SUBORDINATORS = frozenset(
    """to who which that
    который которая которое которые которого которой которым которых
    який яка яке які якого якої яким яких що""".split()
)
# English verbs whose past is irregular and that news tells acts with.
_IRREGULAR_PASTS = frozenset(
    """led won lost sold bought took gave held left met fled shot struck hit paid sent
    built brought caught fought broke chose drove fell froze hid kept let made rode
    ran saw sought spent stole swore threw withdrew wrote forbade forgave overturned
    began""".split()
)
# Words that end like a regular past and are none.
_NOT_PAST = frozenset(
    """hundred indeed need speed seed breed creed greed bleed feed weed united""".split()
)
# A regular past or participle, or a verb made with "-ise" / "-ize" ("legalised",
# "decriminalize"; not "promise" or "franchise").
_ENGLISH_ACT = re.compile(r"^[a-z]{3,}(?:ed|ize|(?:al|il|er|or|at|n)ise)$")


def compare_acts(
    a: SideView,
    b: SideView,
    *,
    close: bool,
    cross: bool,
    contexts: tuple[tuple[Sequence[Token], str], tuple[Sequence[Token], str]],
    findings: list[Finding],
) -> None:
    """Append a strong partial finding when each side of two otherwise matching sentences
    (``close``, one language) has an act the other does not write, in this sentence or
    the rest of its version of the fact (``contexts``, as in "only in"). Nothing is added
    where a cue already explains the difference (a decision, an antonym, a negation, a
    hedge: a conflict or force finding) or across languages (no words are compared)."""
    if cross or not close or any(f.suggests in ("conflict", "force") for f in findings):
        return
    # (a cheap test first: most pairs have no act on one side that the other lacks by key)
    keys_a = {t.key for t in a.tokens if t.content}
    keys_b = {t.key for t in b.tokens if t.content}
    if _lone_act(a, [t.key in keys_b for t in a.tokens]) is None:
        return
    if _lone_act(b, [t.key in keys_a for t in b.tokens]) is None:
        return
    covered_a, covered_b = _covered(a, b, contexts[1]), _covered(b, a, contexts[0])
    act_a, act_b = _lone_act(a, covered_a), _lone_act(b, covered_b)
    if act_a is None or act_b is None:
        return
    # one frame: the shared words either side of each act are the same ones
    if _anchors(a, covered_a, act_a) != _anchors(b, covered_b, act_b):
        return
    ta, tb = a.tokens[act_a], b.tokens[act_b]
    # first: it is what decides the label
    findings.insert(
        0,
        Finding(
            kind=KIND,
            suggests="partial",
            reason=f"different acts: '{ta.text}' vs '{tb.text}'",
            evidence=(evidence(KIND, a, ta.start, ta.end), evidence(KIND, b, tb.start, tb.end)),
            strong=True,
        ),
    )


def _lone_act(side: SideView, covered: Sequence[bool]) -> int | None:
    """The index of ``side``'s first act that qualifies a thing it names (``_qualifies``)
    and that the other version does not write (not ``covered``); ``None`` when none."""
    for i, tok in enumerate(side.tokens):
        lone = tok.content and not covered[i] and (i == 0 or not tok.text[:1].isupper())
        if lone and is_act(tok.lower) and _qualifies(side.tokens, i):
            return i  # (a capitalised word inside the sentence is a name's)
    return None


def _covered(side: SideView, other: SideView, rest: tuple[Sequence[Token], str]) -> list[bool]:
    """Whether each of ``side``'s words is written by ``other`` (or the ``rest`` of its
    version), by key or in any form."""
    keys = {t.key for t in (*other.tokens, *rest[0]) if t.content}
    said = forms_said(other.tokens, other.sent.text) | forms_said(rest[0], rest[1])
    forms = word_forms(side.tokens, side.sent.text)
    return [t.key in keys or not forms[i].isdisjoint(said) for i, t in enumerate(side.tokens)]


def _anchors(side: SideView, covered: Sequence[bool], at: int) -> tuple[str, str]:
    """The keys of the shared content words nearest before and after word ``at`` ("" at
    either end of the sentence): the frame the act stands in."""
    toks = side.tokens
    shared = [i for i, t in enumerate(toks) if t.content and covered[i]]
    before = [toks[i].key for i in shared if i < at]
    after = [toks[i].key for i in shared if i > at]
    return (before[-1] if before else "", after[0] if after else "")


def _qualifies(tokens: Sequence[Token], i: int) -> bool:
    """Whether act ``i`` tells what a thing the sentence names did or had done to it,
    rather than what the sentence claims: an infinitive or a relative clause ("the first
    state to legalise", "the state that pardoned", "штатом, который помиловал") or a
    participle ("штатом, легализовавшим")."""
    if i and tokens[i - 1].lower in _SUBORDINATORS:
        return True
    return _participle(tokens[i].lower)


@lru_cache(maxsize=1 << 15)
def _participle(word: str) -> bool:
    """Whether a folded Ukrainian or Russian word is read first as a participle."""
    if not CYRILLIC_WORD.fullmatch(word):
        return False
    parse = known_parse(word)
    return parse is not None and parse.tag.POS in _QUALIFYING


@lru_cache(maxsize=1 << 15)  # pure, and asked for the same words pair after pair
def is_act(word: str) -> bool:
    """Whether a folded word is a content predicate: a verb form (no verb of telling)."""
    if word in lx.TELLING_VERBS or word in lx.SOURCE_VERBS or word in lx.AUXILIARIES:
        return False
    if CYRILLIC_WORD.fullmatch(word):
        parse = known_parse(word)
        return (
            parse is not None
            and parse.tag.POS in _VERBAL
            and parse.normal_form not in lx.TELLING_LEMMAS
        )
    if word in _IRREGULAR_PASTS:
        return True
    return bool(_ENGLISH_ACT.match(word)) and word not in _NOT_PAST
