"""Which script a text is written in, the one test every stage shares.

Alignment compares articles in the same script more strictly than across scripts, and
language detection falls back to the script when its model is missing; both must call the
same text Cyrillic.
"""

from __future__ import annotations

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


def spells_names(text: str) -> bool:
    """Whether most letters of ``text`` are in a script whose names storydiff can match
    with another text's (Latin, Greek, Cyrillic). Chinese, Arabic or Hebrew names pass
    through the transliteration unchanged, so a name of another outlet cannot be found
    there: "name only in B" would be a guess (empty text: ``True``)."""
    letters = [ch for ch in text if ch.isalpha()]
    spelled = sum(1 for ch in letters if any(lo <= ch <= hi for lo, hi in _SPELLED))
    return spelled * 2 >= len(letters)
