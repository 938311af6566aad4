"""Which script a text is written in, the one test every stage shares.

Alignment compares articles in the same script more strictly than across scripts, and
language detection falls back to the script when its model is missing; both must call the
same text Cyrillic.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Literal

Script = Literal["cyrl", "latn"]
"""ISO 15924 codes, lower case: the two scripts storydiff tells apart."""

# The Cyrillic block (U+0400 to U+04FF): Russian, Ukrainian and Belarusian letters.
_CYRILLIC_FIRST, _CYRILLIC_LAST = "\u0400", "\u04ff"
# Past this share of Cyrillic characters a text counts as Cyrillic. A quarter, not a half,
# because the share is over all characters: spaces, digits and punctuation, and the Latin
# names a Cyrillic text quotes, count against it.
CYRILLIC_SHARE = 0.25


def script_of(text: str) -> Script:
    """``"cyrl"`` when more than a quarter of the characters of ``text`` are Cyrillic, else
    ``"latn"`` (also for empty text and for other scripts)."""
    cyrillic = sum(1 for ch in text if _CYRILLIC_FIRST <= ch <= _CYRILLIC_LAST)
    return "cyrl" if cyrillic > len(text) * CYRILLIC_SHARE else "latn"


# Letters whose names ``text.names.to_latin`` spells in Latin: Latin with its accented
# forms (to U+024F), Greek (U+0370 to U+03FF) and Cyrillic.
_SPELLED = (("\u0000", "\u024f"), ("\u0370", "\u03ff"), (_CYRILLIC_FIRST, _CYRILLIC_LAST))

# A letter (or letter-like numeral) outside Latin, Greek and Cyrillic: when a text has none,
# it spells names, found by one scan in C instead of a Python loop over every character
# (``samestory.keys`` runs on every article compared, and on every one of a pool).
_OTHER_LETTER = re.compile("[^\\W\\d_\u0000-\u024f\u0370-\u03ff\u0400-\u04ff]")


def cyrillic_word(word: str) -> bool:
    """Whether ``word`` is written in Cyrillic (its first letter is): where uk and ru case
    endings apply ("Зеленським" is Zelensky)."""
    return _CYRILLIC_FIRST <= word[:1] <= _CYRILLIC_LAST


def spells_names(text: str) -> bool:
    """Whether most letters of ``text`` are in a script whose names storydiff can match
    with another text's (Latin, Greek, Cyrillic). Chinese, Arabic or Hebrew names pass
    through the transliteration unchanged, so a name of another outlet cannot be found
    there: "name only in B" would be a guess (empty text: ``True``)."""
    if not _OTHER_LETTER.search(text):
        return True  # one scan in C: every letter is spelled (the relater asks per pair)
    letters = [ch for ch in text if ch.isalpha()]
    spelled = sum(1 for ch in letters if any(lo <= ch <= hi for lo, hi in _SPELLED))
    return spelled * 2 >= len(letters)


# Scripts written without spaces between words: Thai, Lao, Tibetan, Myanmar, Khmer,
# Hiragana, Katakana and the CJK ideographs (with extension A and compatibility forms). A
# run of them is a phrase or a sentence, not a word.
UNSPACED_RUN = re.compile(
    "[\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
)


def unspaced(text: str) -> bool:
    """Whether ``text`` is written in a script without spaces: it has a run of one and
    most of its letters are not Latin, Greek or Cyrillic (an English report that quotes
    a name in Chinese characters is English)."""
    return bool(UNSPACED_RUN.search(text)) and not spells_names(text)


def spaced(text: str) -> str:
    """``text`` with a space on each side of every run of an unspaced script, so that
    patterns bounded by ``\\b`` find the numbers and Latin words inside it ("有628名" has
    no word boundary around 628); a text that is not ``unspaced`` comes back unchanged."""
    if not unspaced(text):
        return text
    return UNSPACED_RUN.sub(lambda m: f" {m.group()} ", text)


# Scripts that share letters: Japanese mixes the ideographs with its syllabaries.
_SAME_SCRIPT = {"HIRAGANA": "CJK", "KATAKANA": "CJK"}
UNSPACED_SCRIPTS = frozenset({"CJK", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN"})
"""``letters_script`` of the scripts of ``UNSPACED_RUN``."""


def letters_script(text: str) -> str:
    """The script whose letters two texts must share for their character n-grams to be
    compared: ``"latn"`` for text whose names storydiff spells in Latin (``spells_names``:
    Latin, Greek, Cyrillic, compared after transliteration), else the Unicode name of the
    script of most of its letters (``"ARABIC"``, ``"CJK"``, ``"THAI"``)."""
    if spells_names(text):
        return "latn"
    counts = Counter(
        _SAME_SCRIPT.get(word, word)
        for word in (unicodedata.name(ch, "UNKNOWN").split()[0] for ch in text if ch.isalpha())
    )
    return counts.most_common(1)[0][0]
