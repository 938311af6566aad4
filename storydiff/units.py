"""Alignment units below the sentence: one unit per claim of a sentence.

A news sentence often carries two claims ("Stoltenberg said no decision was taken, and
Russia said such a move would be a declaration of war"; "X said A, while Y said B";
claims joined by a semicolon). Aligned as one sentence, either claim can pull it into a
fact about the other, and the claim left over is then shown as shared although nobody
else states it. So a sentence is cut at clause boundaries that join two statements, and
each piece becomes a unit with its own offsets into ``Article.text``.

The cut is deliberately conservative and works without a parser, the same way in every
language: a semicolon, or a comma followed by a clause-joining conjunction ("and",
"but", "while", "whereas"; "а", "але", "тоді як"; "а", "но", "в то время как"), and only
when both sides are long enough to state something on their own (a list of names
"France, Germany, and Italy" is never cut), the clause after the conjunction has its own
subject, and the cut is not inside a quotation.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from storydiff.morph import analyzer
from storydiff.records import Segmented, Unit
from storydiff.text.words import JOINED_WORD, WORD_OR_NUMBER

# Each side of a cut needs this many words: fewer is a phrase, not a claim.
MIN_UNIT_WORDS = 5

_CONJ = (
    r"and|but|while|whereas|yet|"  # en
    r"а|але|проте|однак|тоді як|натомість|і|й|"  # uk
    r"но|однако|тогда как|в то время как|и"  # ru
)
# The cut falls after the punctuation; the conjunction starts the second unit.
_CUT = re.compile(rf"(?:;\s+|,\s+(?=(?:{_CONJ})\s))", re.IGNORECASE | re.UNICODE)
_QUOTES = frozenset('"“”«»„')
# After "and"/"but", a second claim starts with its own subject: a name, a pronoun, a
# determiner or a number. "..., but did not name any country" continues the first
# claim's subject and stays with it (as a clause alone it would match any denial).
_SUBJECT_START = frozenset(
    """the a an this that these those his her their its he she they it we i you there
    some many several most few no one two three four five six seven eight nine ten
    він вона вони воно це цей ця ці ми я його її їхній там деякі багато кілька
    он она они оно это этот эта эти мы я там некоторые многие несколько""".split()
)
_FIRST_WORD = re.compile(r"\s*[\w'’-]+\s+([\w'’-]+)", re.UNICODE)


def _words(text: str) -> int:
    return len(WORD_OR_NUMBER.findall(text))


_morph = analyzer


def _own_subject(right: str, lang: str) -> bool:
    """Whether the clause after a conjunction ("and Russia said ...") names a subject:
    a capitalised word, a number, a pronoun or determiner, or (Ukrainian, Russian) a
    noun in the nominative ("а рятувальники досі ...")."""
    m = _FIRST_WORD.match(right)
    if not m:
        return False
    word = m.group(1)
    if word[0].isupper() or word[0].isdigit() or word.lower() in _SUBJECT_START:
        return True
    morph = _morph(lang) if lang in ("uk", "ru") else None
    if morph is None:
        return False
    tag = morph.parse(word)[0].tag
    return tag.POS in ("NOUN", "NPRO") and "nomn" in tag


def _names_listed(left: str, right: str) -> bool:
    """Whether the conjunction joins names in a list, not clauses: the words before it
    since the last comma and the words after it up to the next comma are each a short run
    of capitalised words ("to Sens. Sheldon Whitehouse, D-R.I., and Chris Coons, D-Del.,
    made public ..."). Cut there, the first piece would be a claim without its verb."""
    head = right.split(",", 1)
    if len(head) < 2:
        return False
    return _short_name(WORD_OR_NUMBER.findall(head[0])[1:]) and _short_name(
        WORD_OR_NUMBER.findall(left.rsplit(",", 1)[-1])
    )


def _short_name(words: Sequence[str]) -> bool:
    return 0 < len(words) <= 3 and all(w[:1].isupper() for w in words)


def split_units(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Character spans of the claims of one sentence (the whole text when it has one).

    Spans are stripped of surrounding spaces and trailing punctuation of the cut, so each
    is exactly the words of its claim.
    """
    cuts: list[re.Match[str]] = []
    for m in _CUT.finditer(text):
        last = cuts[-1].end() if cuts else 0
        if not _may_cut(text, last, m):
            continue
        right = text[m.end() :]
        if not m.group(0).startswith(";") and (
            not _own_subject(right, lang) or _names_listed(text[last : m.start()], right)
        ):
            continue
        cuts.append(m)
    return _pieces(text, cuts)


# Where a phrase may end inside a claim: a comma, semicolon, colon or dash, and (English
# opens a relative or adverbial clause without a comma: "a budget that could enable ...")
# before the word that opens one. Ukrainian and Russian put a comma there.
_PHRASE_CUT = re.compile(
    r"[,;:]\s+|\s+(?:[—–]|--)\s+"
    r"|\s+(?=(?:that|which|who|whom|whose|where|when|while|whereas|because|although|though"
    r"|after|before|until|unless)\s)",
    re.IGNORECASE,
)


def phrase_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the phrases of a claim, cut finer than ``split_units``: at every
    place a phrase may end (``_PHRASE_CUT``), on the same terms (both sides long enough to
    say something, never inside a quotation). What one outlet adds is often one phrase of
    a longer run ("approved a $3.5 trillion budget | that could enable sweeping changes
    ..."): the pieces let coverage keep the phrase nobody else says and drop the one that
    others do."""
    places = list(_PHRASE_CUT.finditer(text))
    cuts: list[re.Match[str]] = []
    for m, nxt in itertools.zip_longest(places, places[1:]):
        # the piece after runs to the next place: a short one ("education and tax laws"
        # of "health-care, education and tax laws, overcoming ...") stays with the words
        # before it, as the list it ends
        if _may_cut(text, cuts[-1].end() if cuts else 0, m, nxt.start() if nxt else len(text)):
            cuts.append(m)
    return _pieces(text, cuts)


def _may_cut(text: str, last: int, m: re.Match[str], upto: int | None = None) -> bool:
    """Whether a cut at ``m`` leaves ``MIN_UNIT_WORDS`` on each side (since the last cut,
    at ``last``, and up to ``upto``, the text's end by default) outside a quotation, which
    would split the quoted speaker's words."""
    before, after = text[last : m.start()], text[m.end() : upto]
    if _words(before) < MIN_UNIT_WORDS or _words(after) < MIN_UNIT_WORDS:
        return False
    return not sum(1 for ch in text[: m.start()] if ch in _QUOTES) % 2


def _pieces(text: str, cuts: Sequence[re.Match[str]]) -> list[tuple[int, int]]:
    """The spans between ``cuts`` (each piece ends where a cut starts and the next begins
    where it ends), stripped of spaces and a trailing comma or semicolon."""
    bounds = [0, *(x for m in cuts for x in (m.start(), m.end())), len(text)]
    spans = []
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        piece = text[start:end]
        stripped = piece.rstrip().rstrip(",;").rstrip()
        lead = len(piece) - len(piece.lstrip())
        if stripped.strip():
            spans.append((start + lead, start + len(stripped)))
    return spans or [(0, len(text))]


def units(seg: Segmented) -> tuple[Unit, ...]:
    """Every unit of an article in text order; a headline is always one unit."""
    out: list[Unit] = []
    for s in seg.sentences:
        spans = [(0, len(s.text))] if s.is_title else split_units(s.text, seg.lang)
        for start, end in spans:
            out.append(
                Unit(
                    article_id=s.article_id,
                    sentence_index=s.index,
                    start=s.start + start,
                    end=s.start + end,
                    text=s.text[start:end],
                    whole=len(spans) == 1,
                )
            )
    return tuple(out)


def unit_arrays(
    unit_sets: Sequence[Sequence[Unit]],
    embeddings: Sequence[np.ndarray],
    context: Sequence[np.ndarray],
    clause_vectors: Mapping[str, np.ndarray],
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per article, the vector of each unit and of its context.

    A whole sentence keeps its sentence vector and its context vector (a short sentence
    with its predecessor); a clause takes its own vector from ``clause_vectors`` (by text)
    and its whole sentence as context.
    """
    out, ctx = [], []
    for us, emb, cx in zip(unit_sets, embeddings, context, strict=True):
        dim = emb.shape[1] if emb.ndim == 2 else 0
        own = [emb[u.sentence_index] if u.whole else clause_vectors[u.text] for u in us]
        around = [cx[u.sentence_index] if u.whole else emb[u.sentence_index] for u in us]
        out.append(np.array(own, dtype=np.float32).reshape(len(us), dim))
        ctx.append(np.array(around, dtype=np.float32).reshape(len(us), dim))
    return out, ctx


# Words that lean on the word after them (an article, determiner or possessive, a
# preposition, an auxiliary or modal, a negation): a phrase that starts right after one
# has lost it ("an [[onslaught of ...", "was [[mowed down"), one that ends on one leaves it
# dangling. Ukrainian and Russian possessives are left out: "його", "его" are also objects.
_LEANING = {
    "en": frozenset(
        """a an the this these those his her its their our my your whose every each another
        of to in on at for with by from into onto about over under after before between
        among through during against without within via per than upon toward towards across
        amid despite including is are was were be been being am has have had will would
        could should may might can must shall do does did not never""".split()
    ),
    "uk": frozenset(
        """в у на з із зі до від по за про для без під над між через при після перед біля
        щодо серед о об поза понад крізь не ні буде будуть був була було були може можуть
        має мають""".split()
    ),
    "ru": frozenset(
        """в во на с со к ко от по за о об обо для без под над между через при после перед у
        из изо до около среди вокруг против не ни будет будут был была было были может могут
        должен должна должны""".split()
    ),
}
# Words that open what follows them and so cannot end a phrase either: conjunctions and
# the words that open a clause ("... could gain a level of intensity that Boehner").
_OPENING_WORDS = {
    "en": frozenset(
        """and or but nor as that which who whom where when while because although though
        if whether""".split()
    ),
    "uk": frozenset("і й та а але або чи що як який яка яке які де коли щоб бо якщо хоча".split()),
    "ru": frozenset(
        "и а но или либо что как который которая которое которые где когда чтобы если хотя".split()
    ),
}
# Words that go on a figure ("16.7 million", "5 per cent"): a figure cut before one is half.
_NUMBER_WORDS = frozenset(
    """hundred thousand million billion trillion percent per cent тис тисяч млн мільйон
    мільйонів млрд мільярд мільярдів тыс тысяч миллион миллионов миллиард миллиардов
    відсотків відсотка процентов процента""".split()
)
# Dependency relations (spaCy's English labels) that bind a word into its head's phrase:
# a span holding one side of such an arc and not the other is cut inside a phrase ("the
# [[measure", "looking for 845,000 new]] jobs", "who had followed]] her in", "was
# mowed]] down"). A subject, a clause opened by a relative word, an adverbial clause or a
# second clause joined by "and" is a phrase of its own and may stay outside.
_BOUND = frozenset(
    """det predet amod compound nummod quantmod poss case aux auxpass neg prt pobj dobj
    dative attr acomp oprd pcomp nmod agent""".split()
)
# What may follow a phrase right after its last word without being part of it.
_FREE_AFTER = frozenset("relcl advcl cc parataxis punct appos mark npadvmod dep".split())
# At most this many words are taken in on either side to close a phrase; a span further
# from any phrase boundary is dropped.
_WIDEN_WORDS = 3


def phrase_edges(
    text: str, span: tuple[int, int], lang: str, doc: Any | None = None
) -> tuple[int, int] | None:
    """The smallest span around ``span`` (character offsets into ``text``, one sentence)
    that starts and ends on phrase boundaries, or ``None`` when there is none within
    ``_WIDEN_WORDS`` words of its edges.

    What an outlet alone adds comes from a word-by-word comparison of two versions, which
    can start or stop anywhere ("the [[measure, ...", "... the tax]] deal"); a reader takes
    the words shown as a claim, so they must be a whole phrase: never a dangling article,
    preposition, conjunction or auxiliary, nor half of a name or a figure. With ``doc``
    (spaCy's parse of ``text``, English) the span is first closed under the arcs that bind
    a word into a phrase (``_BOUND``); then, in every language, the word lists of
    ``_LEANING`` and ``_OPENING_WORDS`` and the halves of capitalised names and figures
    decide (en, uk, ru; elsewhere only names and figures)."""
    if doc is not None:
        span = _closed(doc, span)
    span = _quote_closed(text, span)
    words = list(JOINED_WORD.finditer(text))
    inside = [k for k, m in enumerate(words) if span[0] <= m.start() and m.end() <= span[1]]
    if not inside:
        return None
    i, j = inside[0], inside[-1]
    lean = _LEANING.get(lang, frozenset())
    ends = lean | _OPENING_WORDS.get(lang, frozenset())
    for _ in range(_WIDEN_WORDS):
        if not _open_before(text, words, i, lean):
            break
        i -= 1
    for _ in range(_WIDEN_WORDS):
        if not _open_after(text, words, j, ends, lang):
            break
        j += 1
    if _open_before(text, words, i, lean) or _open_after(text, words, j, ends, lang):
        return None
    return min(span[0], words[i].start()), max(span[1], words[j].end())


# Quotation marks: a span that opens a quotation ends with its closing mark.
_QUOTE_MARK = re.compile(r"[.,;:!?…]*[\"”»]")


def _quote_closed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` with the mark that closes a quotation it opens, where the mark follows
    ("it took place \"at the barrel of a Kalashnikov]]\"")."""
    if not sum(1 for ch in text[span[0] : span[1]] if ch in _QUOTES) % 2:
        return span
    m = _QUOTE_MARK.match(text, span[1])
    return (span[0], m.end()) if m else span


def _joined(text: str, words: Sequence[re.Match[str]], k: int) -> bool:
    """Whether word ``k`` follows word ``k - 1`` with nothing but spaces between."""
    return k > 0 and not text[words[k - 1].end() : words[k].start()].strip()


def _open_before(text: str, words: Sequence[re.Match[str]], i: int, lean: frozenset[str]) -> bool:
    """Whether a span starting at word ``i`` leaves the word before it hanging: a leaning
    word ("the", "was", "по"), the first half of a name ("House [[Republicans") or of a
    figure."""
    if not _joined(text, words, i):
        return False
    before, first = words[i - 1].group(), words[i].group()
    return before.lower() in lean or _one_name(before, first) or _one_figure(before, first)


def _open_after(
    text: str, words: Sequence[re.Match[str]], j: int, ends: frozenset[str], lang: str
) -> bool:
    """Whether a span ending at word ``j`` ends inside a phrase: on a word that leans on
    what follows ("of", "the", "and", "that"), on the first half of a name or a figure, or
    (uk, ru) on an adjective before its noun."""
    if j + 1 >= len(words) or not _joined(text, words, j + 1):
        return False  # a comma or a full stop after it: "..., though, there was"
    last = words[j].group()
    if last.lower() in ends:
        return True
    after = words[j + 1].group()
    return _one_name(last, after) or _one_figure(last, after) or _one_noun_phrase(last, after, lang)


def _one_noun_phrase(left: str, right: str, lang: str) -> bool:
    """Whether ``left`` is a Ukrainian or Russian adjective or participle that agrees in
    case with the noun ``right`` after it ("потенциально опасный]] нелегальный аборт"):
    the phrase goes on. Unknown words and other scripts: no."""
    morph = _morph(lang) if lang in ("uk", "ru") else None
    if morph is None:
        return False
    adj = {p.tag.case for p in morph.parse(left) if p.tag.POS in ("ADJF", "PRTF")}
    noun = {p.tag.case for p in morph.parse(right) if p.tag.POS in ("NOUN", "ADJF", "PRTF")}
    return bool(adj & noun - {None})


def _one_name(left: str, right: str) -> bool:
    return left[:1].isupper() and right[:1].isupper()


def _one_figure(left: str, right: str) -> bool:
    return left[:1].isdigit() and (right[:1].isdigit() or right.lower() in _NUMBER_WORDS)


def _closed(doc: Any, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` widened until no arc of ``_BOUND`` crosses its edges (a word inside bound
    to a head outside takes the head in, ``_takes_head``; a bound dependent outside comes
    in with its phrase, ``_takes_child``), nor does a word that follows right after it and
    hangs on a word inside (a prepositional phrase: "a path]] to citizenship"), but for
    ``_FREE_AFTER`` and for another clause joined to a verb."""
    toks = [t for t in doc if span[0] <= t.idx and t.idx + len(t.text) <= span[1]]
    if not toks:
        return span
    a, b = toks[0].i, toks[-1].i
    last_cut = b
    changed = True
    while changed:
        lo, hi = a, b
        for t in doc[a : b + 1]:
            if _takes_head(t, a, b):
                lo, hi = min(lo, t.head.i), max(hi, t.head.i)
            for c in t.children:
                if _takes_child(c, a, b, b == last_cut):
                    lo, hi = min(lo, c.left_edge.i), max(hi, c.right_edge.i)
        changed = (lo, hi) != (a, b)
        a, b = lo, hi
    last = doc[b]
    return min(span[0], doc[a].idx), max(span[1], last.idx + len(last.text))


# Modifiers of a noun: a span holding one and the noun's own head, but not the noun,
# straddles it ("Economists [[surveyed by Dow Jones had been looking": "surveyed" hangs on
# the subject of "looking"; "Chohan, who [[lived ..., was rushed").
_NOUN_MODIFIERS = frozenset("acl relcl amod prep appos".split())
# What may stand before the clause it hangs on and still be whole: the reported clause
# before "..., he said", a clause or phrase set before the main one, an item of a list.
_BEFORE_A_CLAUSE = frozenset("punct ccomp parataxis advcl conj cc prep dep npadvmod".split())
# What a verb says or asks: a span that ends on the verb ("..., Summers said, show]]")
# has not said it. (A clause inside is whole without the verb that reports it.)
_COMPLEMENTS = frozenset(("ccomp", "xcomp"))


def _takes_head(tok: Any, a: int, b: int) -> bool:
    """Whether the head of ``tok`` (inside span ``a..b``) must come in: it is outside,
    and ``tok`` is bound to it or modifies it while its own head is inside."""
    head = tok.head
    if a <= head.i <= b:
        return False
    if head.i > b and tok.dep_ not in _BEFORE_A_CLAUSE:
        # a word hanging on one after the span: a subject without its verb says nothing
        # ("..., Lebedev]] said"), an adverb without its word neither ("did extremely]]")
        return True
    return tok.dep_ in _BOUND or (tok.dep_ in _NOUN_MODIFIERS and a <= head.head.i <= b)


def _takes_child(child: Any, a: int, b: int, cut: bool) -> bool:
    """Whether a dependent outside span ``a..b`` must come in: bound to its head inside,
    the rest of a list of nouns that the span's phrase holds ("burning in Montana]],
    Arizona and other states" claims Montana alone; a list item on its own, "a clampdown
    against the hiring of ...", is a noun phrase whole), or (while the span still ends
    where the comparison cut it, ``cut``) the phrase right after it, no comma between, and
    not one of its own. A phrase taken in whole keeps the dependents after it out
    ("looking for 845,000 new jobs | in August")."""
    if a <= child.i <= b:
        return False
    if child.dep_ in _BOUND or (child.dep_ in _COMPLEMENTS and child.i > b):
        return True
    if child.dep_ == "conj":
        item = child.head
        return child.pos_ not in ("VERB", "AUX") and a <= item.head.i <= b and item.head != item
    return cut and child.i > b and child.left_edge.i == b + 1 and child.dep_ not in _FREE_AFTER
