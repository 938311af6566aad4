"""Words, numbers and names of a sentence, comparable across en, uk and ru.

Numbers are read by value (``10,000`` = ``10 000`` = ``10 тысяч`` = ``ten thousand``) and
names get a phonetic key of their Latin transliteration (``Байден`` ~ ``Biden``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storydiff.relate import lexicon as lx
from storydiff.text.names import first_sound
from storydiff.text.names import fold as _fold
from storydiff.text.names import sound_key as sound_key
from storydiff.text.words import APOSTROPHE_WORD as _WORD

# Thousands with commas, thousands with (narrow) spaces as in Russian, then plain/decimal.
_NUMBER = re.compile(
    r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?!\d)"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)"
    r"|\d+(?:[.,]\d+)?)"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:[, \u00a0\u202f]\d{3})+")
CUE_WORDS = lx.NEGATION_WORDS | lx.HEARSAY_WORDS | lx.MODAL_WORDS | lx.DOUBTING_VERBS
# Compared on their own (cues, dates, counts), so left out of word overlap.
_NOT_CONTENT = (
    lx.STOP_WORDS | CUE_WORDS | frozenset(lx.MONTHS) | frozenset(lx.WEEKDAYS)
) | frozenset(lx.SPELLED_NUMBERS)


@dataclass(frozen=True, kw_only=True)
class Token:
    """A word of a sentence: offsets inside the sentence, folded form and match key."""

    text: str
    start: int
    end: int
    lower: str
    key: str
    content: bool


@dataclass(frozen=True, kw_only=True)
class Number:
    """A number found in a sentence, by value, with its offsets inside the sentence."""

    value: float
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    """Word tokens of ``text`` with offsets, folded forms and 5-letter match keys."""
    out = []
    for m in _WORD.finditer(text):
        lower = _fold(m.group())
        out.append(
            Token(
                text=m.group(),
                start=m.start(),
                end=m.end(),
                lower=lower,
                key=lower[:5],  # a crude stem that works alike in en, uk and ru
                content=len(lower) > 1 and lower not in _NOT_CONTENT,
            )
        )
    return out


def numbers(text: str, tokens: Sequence[Token] | None = None) -> list[Number]:
    """Numbers in ``text`` by value: digits with separators, scale words, spelled-out counts."""
    tokens = tokenize(text) if tokens is None else tokens
    found: list[Number] = []
    for m in _NUMBER.finditer(text):
        raw = m.group()
        if _THOUSANDS.fullmatch(raw):
            value = float(re.sub(r"\D", "", raw))
        else:
            value = float(raw.replace(",", "."))
        found.append(Number(value=value, start=m.start(), end=m.end(), text=raw))
    found += _spelled(text, tokens)
    by_start = {t.start: t for t in tokens}
    out = []
    for num in sorted(found, key=lambda n: n.start):
        # a scale word after the number, or glued to it: "10 thousand", "2.8bn"
        nxt = by_start.get(num.end + 1) if text[num.end : num.end + 1].isspace() else None
        nxt = nxt or by_start.get(num.end)
        factor = _multiplier(nxt.lower) if nxt else None
        if nxt is not None and factor is not None:
            end = nxt.end + (1 if text[nxt.end : nxt.end + 1] == "." else 0)
            num = Number(
                value=num.value * factor, start=num.start, end=end, text=text[num.start : end]
            )
        out.append(num)
    return out


def _spelled(text: str, tokens: Sequence[Token]) -> list[Number]:
    """Spelled-out counts; "thirty-two" and "двадцать пять" are one number."""
    out: list[Number] = []
    for tok in tokens:
        value = lx.SPELLED_NUMBERS.get(tok.lower)
        if value is None and tok.lower in lx.ONE_AFTER_TENS:
            value = 1.0
        if value is None:
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.value in _TENS
            and value < 10
            and text[prev.end : tok.start] in {"-", " "}
        ):
            out[-1] = Number(
                value=prev.value + value,
                start=prev.start,
                end=tok.end,
                text=text[prev.start : tok.end],
            )
        elif tok.lower not in lx.ONE_AFTER_TENS:
            out.append(Number(value=value, start=tok.start, end=tok.end, text=tok.text))
    return out


_TENS = frozenset(float(v) for v in range(20, 100, 10))


def _multiplier(word: str) -> float | None:
    for stem, factor in lx.MULTIPLIER_STEMS:
        if word.startswith(stem):
            return factor
    return None


def names_match(x: str, y: str) -> bool:
    """Whether two words can be one name in two spellings: translated, transliterated or
    inflected (``Kyiv`` / ``Kiev`` / ``Київ``, ``Zelensky`` / ``Зеленський``, ``Байдена``).

    The first sound must agree and then the first three consonant classes of
    :func:`sound_key`; the first letter keeps ``Biden`` and ``Putin`` apart.
    """
    kx, ky = sound_key(x), sound_key(y)
    return bool(kx) and kx[:3] == ky[:3] and first_sound(x) == first_sound(y)


def entities(tokens: Sequence[Token]) -> list[Token]:
    """Names: capitalised words, Latin or Cyrillic (months, weekdays and cues left out)."""
    # Capitalised words; the first word of a sentence only when it is no common word
    # written lower-case elsewhere in the sentence.
    lowers = {t.lower for t in tokens if t.text[:1].islower()}
    out = []
    for i, tok in enumerate(tokens):
        if not tok.text[:1].isupper() or tok.lower in lx.STOP_WORDS:
            continue
        if tok.lower in lx.MONTHS or tok.lower in lx.WEEKDAYS or tok.lower in CUE_WORDS:
            continue
        if i == 0 and tok.lower in lowers:
            continue
        out.append(tok)
    return out


def matches(word: Token, others: Sequence[Token], cross: bool) -> bool:
    """Whether ``word`` occurs among ``others``: same stem, or the same name in another
    spelling (across scripts any word; in one script a capitalised one, so that ``Kiev``
    finds ``Kyiv`` but a name never matches a common word by sound alone)."""
    return any(
        t.key == word.key or ((cross or t.text[:1].isupper()) and names_match(word.text, t.text))
        for t in others
    )
