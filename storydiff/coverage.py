"""Coverage: what each article shares, what it only touches, and what it alone says.

After alignment every unit (a sentence, or one claim of a sentence) is in one of three
states: in a fact (another outlet states it), related (another outlet writes about the
same actors and subject, but not the same thing), or nobody else's. A fact-checker reads
"only in" as "nobody else says it", so a sentence is unique only when none of its units
is in a fact or related; a unit left over inside a sentence that is otherwise shared is
that outlet's own addition, shown with its words rather than buried in the fact. An
addition is only the words nobody else says: it is cut down to its phrases that no
sentence of another article holds, since a reader takes all of it as the outlet's own.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storydiff.align import (
    AUXILIARIES,
    PERIOD_WORDS,
    STOP_LANGUAGES,
    Alignment,
    Link,
    Veto,
    content_tokens,
    name_key,
    name_runs,
    shared_names,
    states_something,
    story_words,
)
from storydiff.morph import CYRILLIC_WORD, known_parse
from storydiff.records import (
    Addition,
    Fact,
    RelatedLink,
    Relation,
    Segmented,
    Sentence,
    Span,
    Unit,
)
from storydiff.relate.cues import telling_verb
from storydiff.relate.features import NOUNS_CAPITALISED
from storydiff.relate.forms import forms_said, word_forms
from storydiff.relate.lexicon import SOURCE_VERBS
from storydiff.relate.tokens import Token, numbers, tokenize
from storydiff.text.names import to_latin
from storydiff.units import phrase_edges, phrase_spans

# Words an "extra" span must have to count as a claim of its own (a lone adjective is
# wording, not an addition).
EXTRA_WORDS = 5
# Share of an extra span's content words that another article may use anywhere before the
# span no longer counts as nobody else's ("cited two people familiar" beside "with
# reference to sources" is still related, so an extra must also be new in words).
EXTRA_ELSEWHERE = 0.34
# Share of the content words and numbers of a phrase of an addition, and of its names, that
# one sentence of another article may hold before the phrase counts as said there.
EXTRA_SAID = 0.5
# Content words and numbers an addition needs besides names, one of them a word no other
# article uses: with fewer it is a name with its title or a piece of a list ("led by
# Treasury Secretary Steven Mnuchin", "and Barack Obama, in 2011."), not a claim of its
# own. As many as a clause always needed to be an addition.
EXTRA_CONTENT_WORDS = 2


def unit_sentence(seg: Segmented, index: int, units: Sequence[Unit]) -> Sentence:
    """The words of sentence ``index`` that ``units`` cover, as a ``Sentence`` with the
    sentence's index and the covered span's offsets (the whole sentence when every
    unit of it is covered, since the span runs from the first unit to the last)."""
    sent = seg.sentences[index]
    start = min(u.start for u in units)
    end = max(u.end for u in units)
    if all(u.whole for u in units):
        return sent
    text = seg.article.text[start:end]
    return Sentence(article_id=sent.article_id, index=sent.index, start=start, end=end, text=text)


# Why a rule kept a link the scorer read as one claim out of the facts (``align.VetoRule``),
# said of the two texts. "Not the same claim" would be false of many of them: two
# outlets' versions of a story's headline event share little but the story's own words
# ("The Senate unanimously approved a bill Tuesday that would make Juneteenth ... a legal
# public holiday" / "The Senate passed legislation Tuesday that designates Juneteenth ...
# a national holiday"), and the rule, not the model, keeps them apart.
_KEPT_OUT = {
    # (function words and verbs of saying are no content words; a name may be spelt two
    # ways, "Kyiv's" and "Kiev", and still be one name)
    "no-shared-word": "they share no content word{but_names}",
    "story-words": "they share only words the whole story uses and words of time",
    "same-names": "they share only the names both give{names}, words the whole story uses "
    "and words of time",
    # (the names are people, places or bodies: "Great Lakes" beside "South Korea")
    "different-people": "each names what the other does not, and they share little else",
    "different-quotes": "they quote different words",
    # (not "a denial of what the other states": the rule reads the stance of each, not
    # whether the plain one states what the other denies)
    "denial": "one reports a denial and the other does not",
}


def related_links(segmented: Sequence[Segmented], alignment: Alignment) -> tuple[RelatedLink, ...]:
    """The alignment's related links as records, with the names or words both use.

    The reason names what the link rests on: the story's own names and words
    ("Ukraine" in a story about Ukraine) are left out, as ``align`` leaves them out of
    the test (see ``story_words``)."""
    common_names, common_words = story_words(alignment.units)
    # Whose function words are known: where either side's are not, a reason names only
    # names, numbers and acronyms ("both about dem", "both about كما" named no subject).
    read = [seg.lang in STOP_LANGUAGES for seg in segmented]
    # A related link the scorer itself accepted was kept out of the facts only by
    # grouping (the cap per article, or the fact's other versions not backing it): it is
    # not known to be another claim, so its reason must not say so.
    matched = {_ref(lk) for lk in alignment.links}
    # Nor is one found by what the two share after the scorer passed it by (an echo):
    # the scorer's "no" there is the story's mean talking, not a reading of two claims.
    echoes = {_ref(lk) for lk in alignment.echoes}
    # Nor is one the scorer read as one claim and a rule kept out (``_KEPT_OUT``).
    vetoed = {_ref(v.link): v for v in alignment.vetoed}
    out = []
    for link in alignment.related:
        ua = alignment.units[link.a][link.i]
        ub = alignment.units[link.b][link.j]
        names = sorted(_shared_words(ua.text, ub.text, names_only=True, common=common_names))
        words = names or sorted(
            w
            for w in _shared_words(ua.text, ub.text, names_only=False, common=common_words)
            if w[0].isdigit() or w.isupper() or (read[link.a] and read[link.b])
        )
        ref = _ref(link)
        veto = vetoed.get(ref)
        if veto is not None:
            reason = _kept_out_reason(veto, names)
        else:
            # Below the fact threshold the scorer did not match them, and that is all
            # the reason may say: "not the same claim" was false of a pair like "Some
            # NATO members came out in support" / "Baltic states backed the idea".
            verdict = (
                "matched closely, but not grouped into one fact"
                if ref in matched
                else "not matched as one claim"
            )
            reason = _related_reason(link, (ua.text, ub.text), words, verdict, ref in echoes)
        key = f"{ua.article_id}:{ua.start}|{ub.article_id}:{ub.start}"
        out.append(
            RelatedLink(
                id="r" + hashlib.blake2b(key.encode(), digest_size=4).hexdigest(),
                a=(ua.article_id, ua.sentence_index),
                b=(ub.article_id, ub.sentence_index),
                a_span=Span(start=ua.start, end=ua.end, text=ua.text),
                b_span=Span(start=ub.start, end=ub.end, text=ub.text),
                score=veto.link.score if veto is not None else link.score,
                shared=tuple(words[:6]),
                reason=reason,
                kept_out_by=veto.rule if veto is not None else "",
            )
        )
    return tuple(out)


def _ref(link: Link) -> tuple[int, int, int, int]:
    return (link.a, link.i, link.b, link.j)


def _kept_out_reason(veto: Veto, names: Sequence[str]) -> str:
    """The reason of a related link the scorer read as one claim and a rule kept out of
    the facts: what the model found, and what the rule did, nothing else. The score is
    cut, not rounded, to two places: 0.996 is not a certain 1.00."""
    score = math.floor(veto.link.score * 100) / 100
    shown = f" ({', '.join(names[:3])})" if names else ""
    but_names = f" but the names both give{shown}" if names else ""
    why = _KEPT_OUT[veto.rule].format(names=shown, but_names=but_names)
    return (
        f"the model scores them as one claim ({score:.2f}), but {why}, "
        "so they are not counted as one fact"
    )


def _related_reason(
    link: Link, texts: tuple[str, str], words: Sequence[str], verdict: str, echo: bool
) -> str:
    """The reason of a related link no rule kept out of the facts: what the two are both
    about (``words``), then ``verdict``; for an ``echo``, how close the model finds them."""
    # Closeness is the model's reading, not a fact of the two texts: the reason says
    # whose ("close in meaning" alone read as a finding about sentences that shared
    # nothing but the story's subject).
    close = f"the model finds them close in meaning (similarity {link.cosine:.2f})"
    if words and echo:
        return f"both about {', '.join(words[:4])}; {close}, {verdict}"
    if words:
        return f"both about {', '.join(words[:4])}; {verdict}"
    # a day or a period both mention is no subject ("both about Friday" tied a
    # senator's tweet to another man's speech): it is said as what it is
    days = sorted(_shared_words(*texts, names_only=False, period=True))
    when = f"both mention {', '.join(days[:3])}; " if days else ""
    return f"{when}{close}; {verdict}"


# Words that name no subject, beyond the auxiliaries: pronouns, particles, conjunctions and
# prepositions of Ukrainian and Russian that the shared stop list lets through ("both
# about или", "both about этом", "both about після"), and English particles, conjunctions
# and prepositions ("both about between", "both about during").
_NO_SUBJECT = frozenset(
    """up out off i'm between among whether during including every each both either
    neither next against within without through across since until despite although
    этом этого этой этих эти этот эта том тот та те того тем тех или либо после перед
    при через между под над где когда тогда там тут здесь мы вы я ты мне нас нам вас им
    ним ней них свой своей своих также ещё еще уже будет будут может могут всех все весь
    всё только даже чтобы если так же ли бы ни был была было были быть
    цьому цього цієї цих ці цей ця тому той ті тих або чи після перед при через між під
    над де коли тоді там тут ми ви я ти мені нас нам вас їм ним ній них свій своїх також
    ще вже буде будуть може можуть всіх всі весь усі все тільки лише навіть щоб якщо так
    же би ні був була було були бути""".split()
)
# Endings of English contractions ("doesn't", "I'm", "they're"): an auxiliary or pronoun.
_CONTRACTION = ("n't", "'m", "'re", "'ll", "'ve", "'d")


@lru_cache(maxsize=1 << 14)  # pure and called per related link: memoised
def _names_inside(text: str) -> frozenset[str]:
    """The words of ``text`` that sit inside a name of two words or more: "White" of
    "White House" and "Vice" of "Vice President" are a name's pieces, not a subject of
    their own (the name itself is weighed as a name, or left out as the story's)."""
    return frozenset(w for _, name in _runs(text) if " " in name for w in name.split())


@lru_cache(maxsize=1 << 14)  # a unit is in many related links: its names found once
def _runs(text: str) -> tuple[tuple[int, str], ...]:
    return tuple(name_runs(text))


def _same_name(x: str, y: str) -> bool:
    """Whether two names under one key (``names.name_key``) start alike once in Latin
    letters: the key puts every vowel in one class, so "AfCTA" and "Общественные" share
    one, while "Kyiv", "Kiev" and "Київ" still start alike."""
    return name_key(x) == name_key(y) and to_latin(x)[:1].lower() == to_latin(y)[:1].lower()


def _shared_words(
    a: str,
    b: str,
    *,
    names_only: bool,
    common: frozenset[str] = frozenset(),
    period: bool = False,
) -> set[str]:
    """Names (as written in ``a``, matched across scripts) or content words of ``a``
    that ``b`` also uses, but for the ``common`` name keys or word stems and for words
    of time and period (or, with ``period``, those words alone: "Friday", "year")."""
    if names_only:
        shared = shared_names(a, b) - common
        theirs = [name for _, name in _runs(b) if name_key(name) in shared]
        # one key may cover two names ("AfCTA" and "Общественные"): print a name of ``a``
        # only where a name of ``b`` under its key can be the same name
        return {
            name
            for _, name in _runs(a)
            if name_key(name) in shared
            and any(_same_name(name, other) for other in theirs)
            and not _no_subject(name)
        }
    shared = content_tokens(a) & content_tokens(b)
    stems = shared & PERIOD_WORDS if period else shared - common - PERIOD_WORDS
    pieces = _names_inside(a.replace("’", "'"))
    out: set[str] = set()
    for word in a.replace("’", "'").split():
        w = word.strip(".,;:!?\"'“”«»()[]")
        # "both about if" says nothing: an auxiliary or pronoun is no subject
        if w and w.lower()[:5] in stems and not _no_subject(w) and w not in pieces:
            out.add(w)
    return out


def _no_subject(word: str) -> bool:
    """Whether a word names no subject: an auxiliary, pronoun, particle or function word,
    a contraction ("I'm", capitalised as a name is, "doesn't"), a verb of telling in any
    form ("both about stated", "both about сообщает": two people said something, not the
    same thing), or a Ukrainian or Russian word the dictionary reads first as one that
    names nothing (``_function_word``)."""
    low = word.lower().replace("’", "'")
    return (
        low in AUXILIARIES
        or low in _NO_SUBJECT
        or low.endswith(_CONTRACTION)
        or low in SOURCE_VERBS
        or telling_verb(low)
        or _function_word(low)
    )


# Parts of speech that name no subject: prepositions, conjunctions, particles, pronouns,
# adverbs, predicatives and interjections ("согласно", "против", "которое", "теперь",
# "згідно", "який"): the hand list above cannot hold every one of them.
_NO_SUBJECT_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO", "ADVB", "PRED", "INTJ"})


@lru_cache(maxsize=1 << 14)  # pure, and a reason's words recur across a story's links
def _function_word(low: str) -> bool:
    """Whether the dictionary's likeliest reading of a Ukrainian or Russian word is a
    part of speech that names no subject, or a Russian pronoun that declines as an
    adjective ("которое", "этот"; pymorphy3 tags it an adjective with ``Apro``; read from
    the grammemes, since its tag class knows only the dictionary loaded last). The
    letters only Ukrainian (or only Russian) writes pick its dictionary, else the one that
    knows the word; a word neither knows, or with no dictionary installed, is left to the
    lists."""
    if not CYRILLIC_WORD.fullmatch(low):
        return False
    # a word either alphabet writes is read by the dictionary that knows it ("який")
    parse = known_parse(low)
    if parse is None:
        return False
    return parse.tag.POS in _NO_SUBJECT_POS or "Apro" in parse.tag.grammemes


# English parses of sentence texts, in order (``attribute.ParseCache``).
Parses = Callable[[Sequence[str]], Sequence[Any]]


def leftovers(
    segmented: Sequence[Segmented],
    alignment: Alignment,
    facts: Sequence[Fact],
    parses: Parses | None = None,
) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[Addition, ...]]]:
    """Unique sentences and additions per article id.

    A sentence is unique when none of its units is in a fact or a related link. A unit
    in neither, inside a sentence with another unit that is, is an addition
    (``kind="clause"``). A fuller version's extra words count as an addition
    (``kind="extra"``) only when every other article of the fact is compared with it in
    the same language and each comparison finds the same words missing: otherwise
    somebody else may say them. Every addition starts and ends on phrase boundaries
    (``units.phrase_edges``, with the English parse of ``parses`` where given).
    """
    touched: set[tuple[int, int]] = {ref for g in alignment.unit_groups for ref in g}
    for link in alignment.related:
        touched.update({(link.a, link.i), (link.b, link.j)})
    fact_of: dict[tuple[str, int], str] = {}
    for fact in facts:
        for art_id, idxs in fact.members.items():
            for i in idxs:
                fact_of.setdefault((art_id, i), fact.id)
    unique: dict[str, tuple[int, ...]] = {}
    additions: dict[str, list[Addition]] = {}
    said = _said(segmented, parses)
    for a, seg in enumerate(segmented):
        lone, clauses = _untouched(a, seg, alignment, touched, fact_of, said)
        unique[seg.article.id] = lone
        if clauses:
            additions.setdefault(seg.article.id, []).extend(clauses)
    for fact in facts:
        for add in _extras(fact, segmented, said):
            additions.setdefault(add.article_id, []).append(add)
    return unique, {
        aid: tuple(sorted(adds, key=lambda x: x.start)) for aid, adds in additions.items()
    }


def _untouched(
    a: int,
    seg: Segmented,
    alignment: Alignment,
    touched: set[tuple[int, int]],
    fact_of: dict[tuple[str, int], str],
    said: _Said,
) -> tuple[tuple[int, ...], list[Addition]]:
    """The sentences of article ``a`` that no fact or related link touches, and the units
    left out of a sentence that one does touch (``kind="clause"`` additions), cut down
    to what nobody else says (``_alone``): alignment missed it, or it is a piece of a
    list ("and Barack Obama, in 2011.") that states nothing of its own."""
    aid = seg.article.id
    by_sentence: dict[int, list[int]] = {}
    for k, u in enumerate(alignment.units[a] if alignment.units else ()):
        by_sentence.setdefault(u.sentence_index, []).append(k)
    lone = []
    clauses = []
    for s in seg.sentences:
        ks = by_sentence.get(s.index, [])
        if not any((a, k) in touched for k in ks):
            # A line that states nothing the aligner could match (a heading in capitals,
            # "DEVELOPMENTS IN UKRAINE"; a byline, a dateline, "Архивное фото"; an excerpt
            # cut off) was never compared with the other outlets: "nobody else says it"
            # cannot be backed, so it is not listed. Nor is a stray quotation mark.
            if states_something(s.text):
                lone.append(s.index)
            continue
        for k in ks:
            u = alignment.units[a][k]
            if (a, k) in touched or len(content_tokens(u.text)) < 2:
                continue
            clauses += [
                Addition(
                    article_id=aid,
                    sentence_index=s.index,
                    start=start,
                    end=end,
                    text=seg.article.text[start:end],
                    kind="clause",
                    fact_id=fact_of.get((aid, s.index), ""),
                )
                for start, end in _alone(seg, s.index, (u.start, u.end), said)
            ]
    return tuple(lone), clauses


def _extras(fact: Fact, segmented: Sequence[Segmented], said: _Said) -> list[Addition]:
    """Extra words of one member sentence that the version of every other member
    article lacks (the words shared by all its "extra" spans), and that no other article
    uses most of (in any one article), cut down to the phrases nobody else says
    (``_alone``)."""
    by_id = {seg.article.id: seg for seg in segmented}
    out = []
    for aid, idxs in fact.members.items():
        for idx in idxs:
            span = _extra(fact, (aid, idx))
            text = by_id[aid].article.text
            if span is None or not _new_in_words(text[span[0] : span[1]], aid, said.words):
                continue
            for start, end in _alone(by_id[aid], idx, span, said):
                out.append(
                    Addition(
                        article_id=aid,
                        sentence_index=idx,
                        start=start,
                        end=end,
                        text=text[start:end],
                        kind="extra",
                        fact_id=fact.id,
                    )
                )
    return out


def _extra(fact: Fact, me: tuple[str, int]) -> tuple[int, int] | None:
    """Where the extra words of member sentence ``me`` are, when each other member
    article's version is compared with it and found to lack them."""
    aid, _ = me
    needed = set(fact.members) - {aid}
    rels = [r for r in fact.relations if me in (r.a, r.b)]
    if not needed or not rels:
        return None
    span = _shared_extra(rels, aid)
    lacking = {(r.b if r.a == me else r.a)[0] for r in rels}
    if span is None or lacking != needed or span[1] <= span[0]:
        return None
    return span


def _new_in_words(text: str, aid: str, words_of: Mapping[str, frozenset[str]]) -> bool:
    """Whether no other article uses ``EXTRA_ELSEWHERE`` of the content words of
    ``text`` anywhere (a span that most of another article's words cover is related to
    it, not nobody else's)."""
    own = content_tokens(text)
    return bool(own) and all(
        len(own & words) / len(own) < EXTRA_ELSEWHERE for o, words in words_of.items() if o != aid
    )


def _shared_extra(rels: Sequence[Relation], aid: str) -> tuple[int, int] | None:
    """Where the "extra" evidence of every relation of one member overlaps: ``None``
    unless each relation is a partial one in which article ``aid`` says more."""
    spans = []
    for r in rels:
        ev = [e for e in r.evidence if e.kind == "extra" and e.article_id == aid]
        if r.label != "partial" or r.fuller != aid or not ev:
            return None
        spans.append((min(e.start for e in ev), max(e.end for e in ev)))
    return max(s for s, _ in spans), min(e for _, e in spans)


@dataclass(frozen=True, kw_only=True)
class _Keys:
    """The words of a text in the forms an addition's words are looked up in:
    content-word stems (the 5-letter keys of ``relate.tokens``) and every other form of
    them (``relate.forms``: "year" says "years", "суд" "суда", "emails" "e-mails", "U.S."
    "United States"), the name keys of its
    capitalised words (``align.name_key``: "Kyiv", "Kiev" and "Київ" are one) and its
    numbers by value ("$3.5 trillion" and "3,5 трлн")."""

    stems: frozenset[str]
    forms: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[float]


@dataclass(frozen=True, kw_only=True)
class _Said:
    """What each article of a comparison says, by article id: the words of each of its
    sentences (what one sentence holds together is what it says) and every content word
    it uses. An addition is looked up in every article but its own."""

    sentences: Mapping[str, tuple[_Keys, ...]]
    stems: Mapping[str, frozenset[str]]
    forms: Mapping[str, frozenset[str]]
    # the content words of each whole article (``align.content_tokens``), for the first,
    # coarse test of an extra span (``_new_in_words``)
    words: Mapping[str, frozenset[str]]
    # which of those sentences hold each word (``_Holders``)
    holders: _Holders
    # the English parse of a sentence, where one is at hand: where its phrases end
    parses: Parses | None = None


@dataclass(frozen=True, kw_only=True)
class _Holders:
    """The sentences of ``_Said.sentences``, numbered in its order, that hold each stem,
    form, name key and number: each word of a phrase is looked up once, rather than in
    every sentence of every other article in turn (at 50 articles, 864,825 such tests for
    the additions of one comparison)."""

    stems: Mapping[str, set[int]]
    forms: Mapping[str, set[int]]
    names: Mapping[str, set[int]]
    numbers: Mapping[float, set[int]]
    # each article's sentences, as a range of their numbers
    spans: Mapping[str, range]


def _holders(sentences: Mapping[str, tuple[_Keys, ...]]) -> _Holders:
    fields: tuple[defaultdict[Any, set[int]], ...] = tuple(defaultdict(set) for _ in range(4))
    spans: dict[str, range] = {}
    n = 0
    for aid, ks in sentences.items():
        spans[aid] = range(n, n + len(ks))
        for keys in ks:
            for field, values in zip(
                fields, (keys.stems, keys.forms, keys.names, keys.numbers), strict=True
            ):
                for value in values:
                    field[value].add(n)
            n += 1
    stems, forms, names, figures = fields
    return _Holders(stems=stems, forms=forms, names=names, numbers=figures, spans=spans)


def _said(segmented: Sequence[Segmented], parses: Parses | None = None) -> _Said:
    sentences = {
        seg.article.id: tuple(map(_keys, (s.text for s in seg.sentences))) for seg in segmented
    }
    return _Said(
        sentences=sentences,
        stems={aid: frozenset().union(*(k.stems for k in ks)) for aid, ks in sentences.items()},
        forms={aid: frozenset().union(*(k.forms for k in ks)) for aid, ks in sentences.items()},
        words={seg.article.id: content_tokens(seg.article.text) for seg in segmented},
        holders=_holders(sentences),
        parses=parses,
    )


def _keys(text: str) -> _Keys:
    tokens = tokenize(text)
    return _Keys(
        stems=frozenset(t.key for t in tokens if t.content),
        forms=forms_said(tokens, text),
        names=frozenset(name_key(t.text) for t in tokens if t.text[:1].isupper()),
        numbers=frozenset(n.value for n in numbers(text, tokens)),
    )


def _alone(seg: Segmented, index: int, span: tuple[int, int], said: _Said) -> list[tuple[int, int]]:
    """The parts of ``span`` (in sentence ``index`` of ``seg``) that no other article says.

    The span is cut into phrases (``units.phrase_spans``); a phrase is said elsewhere when
    one sentence of another article (of ``said``) holds ``EXTRA_SAID`` of its content
    words and numbers, two at least, and as much of its names (``_said_in_a_sentence``):
    "passed a $3.5 trillion budget resolution" says "approved a roughly $3.5 trillion
    budget". What is left are the runs of phrases next to each other that nobody else
    says, each of ``EXTRA_WORDS`` words and ``EXTRA_CONTENT_WORDS`` content words and
    numbers besides names, one of them a word no other article uses: a name or a figure
    with a word or two around it that others use is a detail of a claim, which relations
    report, not a claim of its own. The runs start and end where phrases do, so a reader
    gets words that belong together; offsets are exact. Its outer edges come from a
    word-by-word comparison and may fall inside a phrase: they are moved out to the
    phrase's edges (``units.phrase_edges``), and a run that cannot be, or whose wider
    phrase another article says, is dropped rather than shown cut."""
    text = seg.article.text
    start, end = span
    lead = len(text[start:end]) - len(text[start:end].lstrip())
    start, end = start + lead, start + len(text[start:end].rstrip())
    first = seg.sentences[index].start
    names = seg.lang not in NOUNS_CAPITALISED
    me = seg.article.id
    used = [(stems, said.forms[aid]) for aid, stems in said.stems.items() if aid != me]
    pieces = [(start + s, start + e) for s, e in phrase_spans(text[start:end])]
    out: list[tuple[int, int]] = []
    for said_here, run in itertools.groupby(
        pieces, key=lambda p: _said_in_a_sentence(_words(text, p, first, names), said, me)
    ):
        group = list(run)
        whole = (group[0][0], group[-1][1])
        content = [w for w in _words(text, whole, first, names) if not w.name]
        if (
            not said_here
            and any(w.number is None and not any(_used(w, *u) for u in used) for w in content)
            and len(content) >= EXTRA_CONTENT_WORDS
            and len(text[whole[0] : whole[1]].split()) >= EXTRA_WORDS
        ):
            wide = _whole_phrase(seg, index, whole, said)
            if wide is not None and not (out and wide[0] < out[-1][1]):
                out.append(wide)
    return out


def _whole_phrase(
    seg: Segmented, index: int, span: tuple[int, int], said: _Said
) -> tuple[int, int] | None:
    """``span`` moved out to the edges of its phrases in sentence ``index``, or ``None``
    where no phrase boundary is near (``units.phrase_edges``) or where another article
    says the wider phrase."""
    sent = seg.sentences[index]
    doc = said.parses([sent.text])[0] if said.parses is not None and seg.lang == "en" else None
    edges = phrase_edges(sent.text, (span[0] - sent.start, span[1] - sent.start), seg.lang, doc)
    if edges is None:
        return None
    wide = (sent.start + edges[0], sent.start + edges[1])
    if wide == span:
        return wide
    names = seg.lang not in NOUNS_CAPITALISED
    words = _words(seg.article.text, wide, sent.start, names)
    return None if _said_in_a_sentence(words, said, seg.article.id) else wide


# What may stand before a sentence's first word: spaces and opening quotation marks.
_OPENING = " \t\n\"'“„«‘"


@dataclass(frozen=True, kw_only=True)
class _Word:
    """A content word (its stem, its other forms (``relate.forms``), and its name key when
    it is a name) or a number."""

    stem: str = ""
    forms: frozenset[str] = frozenset()
    name: str = ""
    number: float | None = None


def _words(text: str, span: tuple[int, int], first: int, names: bool) -> list[_Word]:
    """The content words and numbers of ``text[span]``. A capitalised word is a name
    (``_named``) unless the language capitalises every noun (``names`` false)."""
    start, end = span
    piece = text[start:end]
    tokens = tokenize(piece)
    forms = word_forms(tokens, piece)
    found = numbers(piece, tokens)
    in_number = {i for n in found for i in range(n.start, n.end)}
    out = [_Word(number=n.value) for n in found]
    for i, t in enumerate(tokens):
        if t.content and t.start not in in_number:
            opens = not text[first : start + t.start].strip(_OPENING)
            name = names and _named(t.text, tokens[i + 1 : i + 2], opens=opens)
            key = name_key(t.text) if name else ""
            out.append(_Word(stem=t.key, forms=forms[i], name=key))
    return out


def _named(word: str, after: Sequence[Token], *, opens: bool) -> bool:
    """Whether a word is (part of) a name: capitalised, and where it opens its sentence,
    in capitals ("NATO") or followed by another capitalised word ("House Democrats")."""
    if not word[:1].isupper():
        return False
    return not opens or word.isupper() or any(t.text[:1].isupper() for t in after)


def _used(word: _Word, stems: frozenset[str], forms: frozenset[str]) -> bool:
    """Whether a content word is among ``stems`` or, in another form, ``forms``."""
    return word.stem in stems or not word.forms.isdisjoint(forms)


def _holding(word: _Word, holders: _Holders) -> set[int]:
    """The sentences ``word`` is in: its number, or its stem, any of its forms or its
    name key."""
    if word.number is not None:
        return holders.numbers.get(word.number, set())
    out = set(holders.stems.get(word.stem, ()))
    for form in word.forms:
        out |= holders.forms.get(form, set())
    if word.name:
        out |= holders.names.get(word.name, set())
    return out


def _said_in_a_sentence(words: Sequence[_Word], said: _Said, me: str) -> bool:
    """Whether one sentence of an article other than ``me`` says what ``words`` say: it
    holds ``EXTRA_SAID`` of their words and numbers, two at least, and as much of their
    names. Words alone prove nothing about a phrase on somebody the sentence never names
    ("NATO Secretary General Jens Stoltenberg and the leaders of the Alliance countries
    said" beside "sending NATO troops to a country ... the two leaders"), nor names alone
    (the story's actors are named in sentence after sentence about other things)."""
    plain = [w for w in words if not w.name]
    named = [w for w in words if w.name]
    need = max(2, EXTRA_SAID * len(plain))
    mine = said.holders.spans[me]
    held: Counter[int] = Counter()
    for word in plain:
        held.update(_holding(word, said.holders))
    enough = [n for n, count in held.items() if count >= need and n not in mine]
    if not enough:
        return False
    held_named: Counter[int] = Counter()
    for word in named:
        held_named.update(_holding(word, said.holders))
    return any(held_named[n] >= EXTRA_SAID * len(named) for n in enough)
