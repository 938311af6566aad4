"""Ukrainian and Russian morphology (pymorphy3), loaded once per language per process, and
the inflections of English words by their regular endings.

Shared by clause units (``units``), uk/ru attribution patterns, relation reasons and
additions (``lemmas``: what "only in" is decided on), so that a comparison loads each
dictionary once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=4)
def analyzer(lang: str) -> Any | None:
    """pymorphy3's analyser for ``lang`` when it and its dictionary are installed, else
    ``None`` (callers then fall back to surface forms)."""
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang=lang)
    except Exception:
        return None


def dictionaries(word: str) -> tuple[str, ...]:
    """The languages whose dictionary may read a Cyrillic ``word``: the letters only
    Ukrainian (or only Russian) writes pick one, else both, Russian first."""
    if re.search("[іїєґ]", word):
        return ("uk",)
    if re.search("[ыэъё]", word):
        return ("ru",)
    return ("ru", "uk")


def analyzers(word: str) -> list[Any]:
    """The installed analysers that may read a Cyrillic ``word`` (``dictionaries``), in
    that order; empty without pymorphy3."""
    return [m for m in map(analyzer, dictionaries(word)) if m is not None]


@lru_cache(maxsize=1 << 15)  # pure, and asked for the same words pair after pair
def known_parse(word: str) -> Any | None:
    """The likeliest reading of a Ukrainian or Russian ``word`` by the first analyser
    (``analyzers``) whose dictionary knows it; ``None`` when none does."""
    morph = next((m for m in analyzers(word) if m.word_is_known(word)), None)
    return None if morph is None else morph.parse(word)[0]


# A lower-case word written in Cyrillic letters alone (apostrophes and hyphens inside):
# what the dictionaries are asked about.
CYRILLIC_WORD = re.compile(r"[а-яёіїєґʼ'-]+")
# English words that end like an inflection and are none ("news" is no plural of "new").
_NOT_INFLECTED = frozenset({"news", "series", "species"})
# Irregular plurals news text uses, by their singular.
_IRREGULAR = {"men": "man", "women": "woman", "children": "child"}


@lru_cache(maxsize=1 << 15)  # pure, and asked for every word an "only in" is decided on
def lemmas(word: str) -> frozenset[str]:
    """The dictionary forms a folded word (``text.names.fold``) may be an inflection of,
    so that "only in A: 'years'" is never said beside "year", nor "року" beside "рік".

    The 5-letter keys relation features compare merge the inflections of a longer word,
    but not a short word's: "year" / "years", "city" / "cities", "vote" / "voted", "суд"
    / "суда", "рік" / "року" / "років". A Ukrainian or Russian word gets every dictionary
    form each analyser that knows it (``analyzers``) reads it as, since Ukrainian parses
    come unranked and a word either alphabet writes may be either language's ("року" is
    a form of "рік" and of "рок"); an English word is cut to its stem by its
    regular endings (``_english_stem``); any other word, or one no dictionary knows, stands
    for itself. Two words are one up to inflection when their sets meet."""
    if CYRILLIC_WORD.fullmatch(word):
        known = word.replace("ʼ", "'")  # as the Ukrainian dictionary writes "пам'ять"
        forms = frozenset(
            p.normal_form.replace("ё", "е")
            for morph in analyzers(known)
            if morph.word_is_known(known)
            for p in morph.parse(known)
        )
        return forms or frozenset({word})
    bare = re.sub("ʼs?$", "", word)  # a possessive is grammar: "Kievʼs", "officialsʼ"
    if bare.isascii() and bare.isalpha():
        return frozenset({_english_stem(bare)})
    return frozenset({word})


def _english_stem(word: str) -> str:
    """``word`` without its regular plural or verb ending, its final "e" and a doubled
    last consonant, so that each form of a word is cut to one stem: "years" and "year"
    to "year", "cities" and "city" to "city", "voted", "votes", "voting" and "vote" to
    "vot", "stopped" and "stop" to "stop". A stem need not be a word; it is only compared
    with another."""
    if word in _NOT_INFLECTED:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for rules in _ENDINGS:
        for pattern, stem in rules:
            cut = pattern.subn(stem, word)
            if cut[1]:
                word = cut[0]
                break
    return word


# The regular endings of English words, one rule of each group applied (the first that
# fits), in order: a plural or third person ("cities", "taxes", "years", not "us", "this"
# or "press"), a past or a gerund ("tied", "agreed", "voted", "voting"; "speed" is cut as
# "speeds" is), then a final "e" and a doubled consonant ("vote", "stopp"). The lookaheads
# keep short words whole ("bed", "ring").
_ENDINGS = tuple(
    tuple((re.compile(pattern), stem) for pattern, stem in rules)
    for rules in (
        (
            (r"^(?=.{5})(.*)ies$", r"\1y"),
            (r"^(?=.{5})(.*(?:s|x|z|ch|sh))es$", r"\1"),
            (r"^(?=.{4})(.*[^sui])s$", r"\1"),
        ),
        (
            (r"^(?=.{5})(.*)ied$", r"\1y"),
            (r"^(.*)ied$", r"\1ie"),
            (r"^(.*ee)d$", r"\1"),
            (r"^(?=.{5})(.*)ed$", r"\1"),
            (r"^(?=.{6})(.*)ing$", r"\1"),
        ),
        ((r"^(?=.{4})(.*)e$", r"\1"),),
        ((r"^(?=.{4})(.*([^aeiouy]))\2$", r"\1"),),
    )
)
