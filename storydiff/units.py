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

import numpy as np

from storydiff.morph import analyzer
from storydiff.records import Segmented, Unit
from storydiff.text.words import WORD_OR_NUMBER

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
