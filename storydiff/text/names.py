"""Text in one script: Latin transliteration and phonetic name keys across en, uk and ru.

Same-story scoring, relations and alignment all compare words of articles written in
different scripts. They share this one table, so that "Київ", "Киев", "Kyiv" and "Kiev"
meet on the same key wherever names are compared (``sound_key``), and so that character
n-grams of a Ukrainian text and an English one overlap on their names (``to_latin``).
"""

from __future__ import annotations

import re
import unicodedata

# Cyrillic (uk and ru in one table) and Greek to Latin: a simple, lossy romanisation,
# good enough for keys, never shown to a reader.
TRANSLIT = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye",
        "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l",
        "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
        "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
        "ь": "", "э": "e", "ю": "yu", "я": "ya", "ʼ": "", "ё": "e", "ў": "u",
        "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
        "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
        "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
        "ω": "o", "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ı": "i",
    }
)  # fmt: skip
# Soundex-like consonant classes; vowels, h, w and y get none after the first letter.
SOUND_CLASS = str.maketrans(
    {
        **dict.fromkeys("bfpv", "1"),
        **dict.fromkeys("cgjkqsxz", "2"),
        **dict.fromkeys("dt", "3"),
        "l": "4",
        **dict.fromkeys("mn", "5"),
        "r": "6",
    }
)
POSSESSIVE = re.compile(r"['’ʼ]s$")  # "Kiev's" is Kiev
# Case endings of uk and ru nouns that carry a consonant (vowel endings give no sound
# code anyway): "Байденом" is "Байден". Only after three or more letters of a stem.
_CASE_ENDING = re.compile(
    r"(?<=[а-яіїєґ]{3})(?:ами|ями|ого|его|ому|ему|ові|еві|ом|ем|ём|ым|ах|ях)$"
)


def fold(word: str) -> str:
    """Lower case with ё as е and one apostrophe, as words are compared in uk and ru."""
    # Chained replace, not str.translate: a quarter to a third of the time on short words,
    # and relation tokens and name keys fold every word they see.
    return word.lower().replace("ё", "е").replace("'", "ʼ").replace("’", "ʼ")


def to_latin(text: str) -> str:
    """``text`` lower-cased in Latin letters: Cyrillic and Greek transliterated, accents
    dropped ("Zürich" and "Цюрих" become "zurich" and "tsyurikh"). Other scripts (Arabic,
    Chinese) pass through unchanged, so texts in them still compare with each other."""
    latin = fold(text).translate(TRANSLIT)
    if latin.isascii():
        return latin
    # NFKD splits an accented letter into the letter and its mark; the marks are dropped.
    decomposed = unicodedata.normalize("NFKD", latin)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(TRANSLIT)


def sound_key(word: str) -> str:
    """A phonetic key of a name, the same for its Latin and Cyrillic spellings.

    ``Biden``, ``Байден``, ``Байдена`` and ``Байденом`` all give ``135``; ``Kyiv``,
    ``Kiev``, ``Київ`` and ``Киев`` all give ``21``: the first letter's class (``0`` for a
    vowel), then soundex-like consonant classes.
    """
    word = _CASE_ENDING.sub("", POSSESSIVE.sub("", fold(word)))
    latin = re.sub(r"[^a-z]", "", fold(word).translate(TRANSLIT))
    latin = latin.replace("w", "v").replace("ph", "f")
    if not latin:
        return ""
    head = "0" if latin[0] in "aeiouy" else latin[0].translate(SOUND_CLASS)
    if head == "h":
        head = "2"  # Ukrainian г is h in English spellings, g in Russian ones
    codes = [head]
    prev = head
    for ch in latin[1:]:
        code = ch.translate(SOUND_CLASS)
        if code.isdigit():
            if code != prev:
                codes.append(code)
            prev = code
        elif ch not in "hwy":  # a vowel separates repeated consonants, as in soundex
            prev = ""
    return "".join(codes)


def first_sound(word: str) -> str:
    """The first sound of a name in Latin letters, with the letters that spellings of one
    name swap folded together (Г: h in Ukrainian, g in Russian; w/v; c/k; any vowel).
    :func:`sound_key` alone puts "Forces" and "Paris" (f and p) in one class."""
    latin = re.sub(r"[^a-z]", "", fold(word).translate(TRANSLIT))
    if not latin:
        return ""
    ch = latin[0]
    if ch in "aeiouy":
        return "a"
    return {"h": "g", "w": "v", "c": "k", "q": "k"}.get(ch, ch)
