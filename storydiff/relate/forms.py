"""Every form in which a word of one version may be said in another: inflected, joined
across a hyphen, or as an acronym.

"Only in A" (a relation's reason, an outlet's addition) must mean the other versions do
not say it, and the 5-letter keys of ``tokens`` miss a short word's other forms ("year" /
"years", "суд" / "суда"), a compound written whole or hyphenated ("emails" / "e-mails")
and a name written out or abbreviated ("United States" / "U.S."). The relater's features
keep comparing keys; what a reader is told is nobody else's is looked up here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from storydiff.morph import lemmas
from storydiff.relate.places import place_names
from storydiff.relate.tokens import INITIALS, Token
from storydiff.text.names import fold

# Words of a name that its initials skip ("Federal Bureau of Investigation": FBI).
_INITIALS_SKIP = frozenset({"of", "and", "for", "the", "on"})
# Letters an acronym has at most ("NAFTA", "UNESCO").
_ACRONYM_LETTERS = 6
# Marks of an acronym among a word's forms: written as one ("U.S.": "=us"), or spelled out
# by a name ("United States": "~us").
WRITTEN = "="
SPELLED = "~"
# Mark of a place among a word's forms, however it is named ("Britain", "UK", "British",
# "Downing Street": "@gb"; ``relate.places``).
PLACE = "@"


def word_forms(tokens: Sequence[Token], text: str) -> list[frozenset[str]]:
    """Every form under which each of ``tokens`` (of ``text``) may be said elsewhere: its
    dictionary forms (``morph.lemmas``: "years" is "year", "суда" is "суд"), those of the
    word it is a piece of across a hyphen ("e-mails" is "emails", "cease-fire"
    "ceasefire"), the acronym it is (``WRITTEN``: "U.S." and "US" are "=us") or that a
    name it is part of spells (``SPELLED``: "United States" is "~us", "Trans-Pacific
    Partnership" "~tpp"), and the place it names or is the adjective of (``PLACE``:
    "Britain", "United Kingdom", "British" and "Downing Street" are all "@gb"); the marks
    keep acronyms and places from meeting words. A word of one version is said in another
    when its forms meet what the other says (``forms_said``).
    A function word (``Token.content`` false) has its acronyms alone.
    """
    return list(_word_forms(tuple(tokens), text))


# Entries of the memos below. A comparison asks for the same sentence's forms again and
# again (a fact's version in every pair it meets, up to six times a pair): the bench's
# 50-article story asks 11,325 times for 1,851 distinct runs of tokens. Bounded, so that a
# long-lived process does not grow with what it has compared.
_MEMO = 4096


@lru_cache(maxsize=_MEMO)
def _word_forms(tokens: tuple[Token, ...], text: str) -> tuple[frozenset[str], ...]:
    # a function word is never looked up (nor its dictionary asked): only its acronym counts
    out = [set(lemmas(t.lower)) if t.content else set() for t in tokens]
    for chain in _hyphen_chains(tokens, text):
        joined = lemmas("".join(tokens[i].lower for i in chain))
        for i in chain:
            out[i] |= joined
    _add_spelled(tokens, text, out)
    for m in INITIALS.finditer(text):
        acronym = WRITTEN + fold(re.sub(r"[^\w]", "", m.group()))
        for i, tok in enumerate(tokens):
            if m.start() <= tok.start < m.end():
                out[i].add(acronym)
    for i, tok in enumerate(tokens):
        if _acronym(tok.text):
            out[i].add(WRITTEN + tok.lower)
    for i, place in enumerate(place_names([t.text for t in tokens])):
        if place is not None:
            out[i].add(PLACE + place)
    return tuple(frozenset(forms) for forms in out)


def _add_spelled(tokens: Sequence[Token], text: str, out: list[set[str]]) -> None:
    """Add to ``out`` the acronyms each run of capitalised words spells (``SPELLED``), to
    every word of the run: "United States" is "~us", "Trans-Pacific Partnership" "~tpp"."""
    for run in _capital_runs(tokens, text):
        spelled = [i for i in run if tokens[i].lower not in _INITIALS_SKIP]
        for x, first in enumerate(spelled):
            for y in range(x + 2, min(len(spelled), x + _ACRONYM_LETTERS) + 1):
                acronym = SPELLED + "".join(tokens[i].lower[0] for i in spelled[x:y])
                for i in range(first, spelled[y - 1] + 1):
                    out[i].add(acronym)


def _acronym(word: str) -> bool:
    """Whether a word is written as an acronym: capitals only, two to six ("NATO", "США")."""
    return 2 <= len(word) <= _ACRONYM_LETTERS and word.isupper() and word.isalpha()


def _hyphen_chains(tokens: Sequence[Token], text: str) -> list[list[int]]:
    """Indices of the runs of tokens joined by hyphens ("e-mails", "cease-fire")."""
    chains: list[list[int]] = []
    for i in range(1, len(tokens)):
        if text[tokens[i - 1].end : tokens[i].start] != "-":
            continue
        if chains and chains[-1][-1] == i - 1:
            chains[-1].append(i)
        else:
            chains.append([i - 1, i])
    return chains


# What stands between two words of one name ("United States", "Trans-Pacific").
_NAME_GAPS = frozenset({" ", "-"})


def _capital_runs(tokens: Sequence[Token], text: str) -> list[list[int]]:
    """Indices of the runs of capitalised words one space or a hyphen apart, with the small
    words a name's initials skip inside them ("United States", "Bureau of Investigation",
    "Trans-Pacific Partnership"), that start and end on a capitalised word."""
    runs: list[list[int]] = []
    run: list[int] = []
    for i, tok in enumerate(tokens):
        joined = bool(run) and text[tokens[run[-1]].end : tok.start] in _NAME_GAPS
        capital = tok.text[:1].isupper() and not _acronym(tok.text)
        if (capital and (joined or not run)) or (joined and tok.lower in _INITIALS_SKIP):
            run.append(i)
        else:
            runs.append(run)
            run = [i] if capital else []
    runs.append(run)
    out = []
    for r in runs:
        while r and tokens[r[-1]].lower in _INITIALS_SKIP:
            r = r[:-1]
        if len(r) > 1:
            out.append(r)
    return out


def forms_said(tokens: Sequence[Token], text: str) -> frozenset[str]:
    """What ``text`` says, as another version's words (``word_forms``) are looked up in
    it: the forms of its content words, and its acronyms. An acronym it writes says the
    acronym and the name spelled out ("U.S." says "US" and "United States"); a name it
    spells out says only the acronym, since two names with the same initials are not one
    ("Paris Island" and "Parris Island" both spell "PI"); a place says itself under
    every name (``PLACE``)."""
    return _forms_said(tuple(tokens), text)


@lru_cache(maxsize=_MEMO)
def _forms_said(tokens: tuple[Token, ...], text: str) -> frozenset[str]:
    out: set[str] = set()
    for tok, forms in zip(tokens, _word_forms(tokens, text), strict=True):
        for form in forms:
            if form.startswith(WRITTEN):
                out |= {form, SPELLED + form[1:]}
            elif form.startswith(SPELLED):
                out.add(WRITTEN + form[1:])
            elif form.startswith(PLACE) or tok.content:
                out.add(form)
    return frozenset(out)


def aliases(said: frozenset[str]) -> frozenset[str]:
    """The acronyms and places among the forms a version says (``forms_said``): what a
    name of another version may be said as under another name."""
    return frozenset(f for f in said if f.startswith((WRITTEN, SPELLED, PLACE)))
