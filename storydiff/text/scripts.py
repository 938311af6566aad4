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
