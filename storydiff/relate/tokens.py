"""Words, numbers and names of a sentence, comparable across en, uk and ru.

Numbers are read by value (``10,000`` = ``10 000`` = ``10 тысяч`` = ``ten thousand``) and
names get a phonetic key of their Latin transliteration (``Байден`` ~ ``Biden``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from storydiff.morph import CYRILLIC_WORD, analyzers
from storydiff.relate import lexicon as lx
from storydiff.relate.dates import surname_month
from storydiff.relate.places import adjective_of_place
from storydiff.text.names import first_sound, fold
from storydiff.text.names import sound_key as sound_key
from storydiff.text.words import APOSTROPHE_WORD

# Thousands with commas (and decimals after a point: "$4,272.78"), thousands with (narrow)
# spaces as in Russian (decimals after a comma: "1 234,5"), thousands with points as in
# Spanish, Italian, Dutch or German ("40.000 millones", "1.234.567,5"), then plain/decimal.
_NUMBER = re.compile(
    r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)"
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)"
    r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?)"
)
_POINT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
# A whole number and a fraction ("2 1/2 years", "2-1/2"): one figure, not 2, 1 and 2.
_MIXED_FRACTION = re.compile(r"(?<![\d.,/])(\d+)[ \-\u00a0](\d{1,2})/(\d{1,2})(?![\d/])")
# The second year of a range written short ("the 1950-53 Korean War"): no figure of its own.
_YEAR_RANGE_END = re.compile(
    r"(?<=\b1\d{3}[-\u2013])\d{2}(?!\d)|(?<=\b20\d{2}[-\u2013])\d{2}(?!\d)"
)
_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})
# A time of day ("12:01 a.m.", "19:30", "6 p.m.", "6: 00 p.m." as some texts space it,
# "12.01 am" as British and Malaysian ones write it, "1100 hours", not "1000 hours of
# community service"): a clock reading, not figures.
_CLOCK = re.compile(
    r"(?<![\d:.,])(?:\d{1,2}(?::\d{2}|(?:: |\.)\d{2}(?=\s*[ap]\.?m\b)|(?=\s?[ap]\.?m\b))"
    r"|(?:[01]\d|2[0-3])[0-5]\d(?=\s*(?:(?:hours|hrs)\b(?!\s+of\b)|GMT\b|UTC\b)))(?![\d:])",
    re.IGNORECASE,
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


# Entries of the memos of ``tokenize`` and ``numbers``: a comparison reads one sentence in
# many places (each pair of a fact's versions, the rest of each version, the additions),
# and a long-lived process must not grow with what it has compared.
_MEMO = 4096


def tokenize(text: str) -> list[Token]:
    """Word tokens of ``text`` with offsets, folded forms and 5-letter match keys."""
    return list(_tokenize(text))


@lru_cache(maxsize=_MEMO)
def _tokenize(text: str) -> tuple[Token, ...]:
    out = []
    for m in APOSTROPHE_WORD.finditer(text):
        lower = fold(m.group())
        # An ordinal's ending glued to its digits ("86th", "2nd") is part of the number:
        # not a word an outlet adds ("only in A: 'th'").
        ending = lower in _ORDINAL_ENDINGS and text[m.start() - 1 : m.start()].isdigit()
        out.append(
            Token(
                text=m.group(),
                start=m.start(),
                end=m.end(),
                lower=lower,
                key=lower[:5],  # a crude stem that works alike in en, uk and ru
                # a count in any case ("троих", "шести") is compared as a number
                content=len(lower) > 1
                and lower not in _NOT_CONTENT
                and not ending
                and _inflected_count(lower) is None,
            )
        )
    return tuple(out)


# Letters joined to a number, by a hyphen or not: the number is part of a name ("I-75",
# "F-16", and "the A11 Bionic chip", "Galaxy S20", "the G7 summit"). Letters after the
# number are units and scales ("2.8bn", "10km"), so only those before count.
_IN_NAME = re.compile(r"[^\W\d_]-?$")
# The same with a space between, where the letters are a model's, not a word: two or three
# capitals ("an AK 47 rifle", "the MH 17 crash") or a word with a capital inside ("the
# iPhone 8"). A currency code is a sign ("USD 5"), and a unit or scale word after the
# number makes it a figure ("the US 5 percent", "EU 27 billion"): those stay numbers.
_MODEL_BEFORE = re.compile(r"(?<![\w.])(?:[A-Z]{2,3}|[a-z]+[A-Z]\w*)[ \u00a0]$")
_CURRENCY_CODES = frozenset({"USD", "EUR", "GBP", "UAH", "RUB", "CHF", "JPY", "CNY", "PLN"})


# Latin letters glued after a number that keep it a figure: units and scales ("10km",
# "2.8bn", "5ft"), ordinal endings ("86th"), a decade ("1990s") and a time ("6pm").
_GLUED_AFTER = frozenset(
    """s st nd rd th am pm k m bn mn tn km kg mg g mm cm ml ft in lb lbs oz mph kph kmh
    min mins hr hrs h yr yrs gb mb tb kb hz khz mhz ghz kw mw gw kwh x""".split()
)
_LETTERS = re.compile(r"[a-z]+")


def _name_after(text: str, end: int) -> bool:
    """Whether lower-case Latin letters glued after the number at ``end`` make it part of
    a name ("76ers", "49ers", "7up"), not a figure with its unit ("10km") or ending."""
    m = _LETTERS.match(text, end)
    if m is None or (m.end() < len(text) and text[m.end()].isalnum()):
        return False  # no letters, or a capital or digit follows ("5mA", "3a4"): unread
    letters = m.group()
    return (
        letters not in _GLUED_AFTER
        and multiplier(letters) is None
        and not any(letters.startswith(stem) for stem, _, _ in lx.UNIT_STEMS)
    )


def numbers(
    text: str, tokens: Sequence[Token] | None = None, *, lang: str | None = None
) -> list[Number]:
    """Numbers in ``text`` by value: digits with separators, scale words, spelled-out counts.

    ``lang`` says how "40.000" reads: forty thousand in a language that groups thousands
    with points (``lexicon.POINT_THOUSANDS_LANGUAGES``), else forty with three decimals
    ("1.375 percent"); "1.234.567" and "1.234,5" are grouped thousands in any language."""
    point_thousands = lang in lx.POINT_THOUSANDS_LANGUAGES
    toks = tuple(_tokenize(text) if tokens is None else tokens)
    return list(_numbers(text, toks, point_thousands, lang or ""))


@lru_cache(maxsize=_MEMO)
def _numbers(
    text: str, tokens: tuple[Token, ...], point_thousands: bool = False, lang: str = ""
) -> tuple[Number, ...]:
    found = _fractions(text)
    taken = [c.span() for c in _CLOCK.finditer(text)] + [(n.start, n.end) for n in found]
    taken += [r.span() for r in _YEAR_RANGE_END.finditer(text)]
    for m in _NUMBER.finditer(text):
        raw = m.group()
        if any(s <= m.start() and m.end() <= e for s, e in taken):
            continue
        if _IN_NAME.search(text, 0, m.start()) or _model_number(text, m.start(), m.end()):
            continue  # "I-75", "F-16", "COVID-19", "iPhone 8": part of a name, not a figure
        if _name_after(text, m.end()):
            continue  # "the 76ers", "the 49ers": a team's name, not a figure
        value = _value(raw, point_thousands)
        found.append(Number(value=value, start=m.start(), end=m.end(), text=raw))
    found += _spelled(text, tokens, lx.SPELLED_NUMBERS_BY_LANGUAGE.get(lang, {}))
    by_start = {t.start: t for t in tokens}
    return tuple(_with_scale(num, text, by_start) for num in sorted(found, key=lambda n: n.start))


def _with_scale(num: Number, text: str, by_start: Mapping[int, Token]) -> Number:
    """``num`` with the scale word after it, hyphenated or glued to it ("10 thousand",
    "38-million", "2.8bn"), or the two of "5 mil millones" (a thousand million)."""
    gap = text[num.end : num.end + 1]
    nxt = by_start.get(num.end + 1) if gap.isspace() or gap == "-" else None
    nxt = nxt or by_start.get(num.end)
    if nxt is None:
        return num
    factor = multiplier(nxt.lower)
    if nxt.lower in lx.THOUSAND_BEFORE_SCALE:
        after = by_start.get(nxt.end + 1)
        scale = multiplier(after.lower) if after else None
        if after is not None and scale is not None:
            nxt, factor = after, 1e3 * scale
    if factor is None:
        return num
    end = nxt.end + (1 if text[nxt.end : nxt.end + 1] == "." else 0)
    return Number(value=num.value * factor, start=num.start, end=end, text=text[num.start : end])


def _value(raw: str, point_thousands: bool = False) -> float:
    """The value of a written number: "10,000" and "10 000" are ten thousand, "4,272.78"
    and "1 234,5" keep their decimals, "3,5" is three and a half; "10.000" is ten
    thousand where points group thousands, as "1.234.567" and "1.234,5" are anywhere."""
    if _POINT_THOUSANDS.fullmatch(raw) and (point_thousands or raw.count(".") > 1 or "," in raw):
        return float(raw.replace(".", "").replace(",", "."))
    if _THOUSANDS.fullmatch(raw):
        return float(re.sub(r"\D", "", raw))
    if "," in raw and "." in raw:
        return float(raw.replace(",", ""))  # "4,272.78"
    return float(re.sub(r"[ \u00a0\u202f]", "", raw).replace(",", "."))


def _fractions(text: str) -> list[Number]:
    """Mixed numbers ("2 1/2", "2-1/2"), by value."""
    out = []
    for m in _MIXED_FRACTION.finditer(text):
        num, den = int(m.group(2)), int(m.group(3))
        if 0 < num < den:
            value = int(m.group(1)) + num / den
            out.append(Number(value=value, start=m.start(), end=m.end(), text=m.group()))
    return out


def _model_number(text: str, start: int, end: int) -> bool:
    """Whether the whole number at ``start:end`` follows a model's letters across a space
    ("AK 47", "iPhone 8") and no unit or scale word follows it ("USD 5", "US 5 percent" are
    figures): "number only in ...: 8" of "the iPhone 8" states no figure."""
    before = _MODEL_BEFORE.search(text, max(0, start - 20), start)
    if before is None or before.group().strip() in _CURRENCY_CODES:
        return False
    if not text[start:end].isdigit():
        return False
    after = re.match(r"\s*(%|[^\W\d_]+)", text[end:])
    word = fold(after.group(1)) if after else ""
    unit = any(
        word in (stem, stem + "s") or (len(stem) >= 5 and word.startswith(stem))
        for stem, _, _ in lx.UNIT_STEMS
    )
    return not (word == "%" or unit or multiplier(word) is not None)


def _spelled(
    text: str, tokens: Sequence[Token], own: Mapping[str, float] | None = None
) -> list[Number]:
    """Spelled-out counts; "thirty-two" and "двадцать пять" are one number. ``own`` adds
    the counts of the sentence's language ("dos", "due", "twee")."""
    out: list[Number] = []
    for tok in tokens:
        value = (
            lx.SPELLED_NUMBERS.get(tok.lower)
            or (own or {}).get(tok.lower)
            or _inflected_count(tok.lower)
        )
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
# A count's reading must be this likely in a ranked (Russian) parse: "сорока" is far more
# often "forty" than "magpie" in news, "пяти" "five" than a verb's form.
_COUNT_SCORE = 0.3


@lru_cache(maxsize=1 << 14)  # pure, and asked for every Cyrillic word of a sentence
def _inflected_count(word: str) -> float | None:
    """The value of a Ukrainian or Russian count in a case other than the nominative
    ("шести", "троих", "трьох", "двумя"), which the dictionary reads as a numeral of a
    spelled-out count ("number only in A: шесть" stood beside "среди шести человек")."""
    if not CYRILLIC_WORD.fullmatch(word):
        return None
    for morph in analyzers(word):
        for parse in morph.parse(word):
            value = lx.SPELLED_NUMBERS.get(parse.normal_form.replace("ё", "е"))
            if parse.tag.POS == "NUMR" and value is not None and parse.score >= _COUNT_SCORE:
                return value
    return None


def multiplier(word: str) -> float | None:
    """The factor of a scale word ("million", "Millionen", "млн"), else None."""
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
    kx, fx = _name_sound(x)
    ky, fy = _name_sound(y)
    return bool(kx) and kx == ky and fx == fy


@lru_cache(maxsize=1 << 14)  # pure, and asked for every pair of words two sentences hold
def _name_sound(word: str) -> tuple[str, str]:
    """What :func:`names_match` compares of ``word``: its sound key's first three
    characters and its first sound."""
    return sound_key(word)[:3], first_sound(word)


def entities(
    tokens: Sequence[Token],
    *,
    opening: bool = False,
    text: str = "",
    articles: frozenset[str] = frozenset(),
) -> list[Token]:
    """Names: capitalised words, Latin or Cyrillic (initials are one word after
    :func:`join_initials`).

    Left out: months, weekdays, cues and function words; titles ("Sen", "Minister");
    capitalised adjectives of place or party ("Democratic", "Russian") unless a name goes
    on after them ("Atlantic Council"); and the first word of the sentence, capitalised
    whatever it is, unless something else shows it is a name: an acronym, a capitalised
    word after it, or the same word capitalised again later ("Meanwhile", "Heavy rain" and
    "Another" are no names). With ``opening``, the first word counts like any other: to
    find names two sentences share, where a word both write capitalised is a name.

    Given the sentence's ``text``, a word that opens a clause inside it (after a dash, a
    colon or a quote opened there: "UPDATE 2:52 p.m. -- Additional records", 'he said: "Our
    Film') is read like a first word, and the words of a
    dateline ("WEST PALM BEACH, Fla. —") are no names: they say where the report was filed.
    Nor is a word glued to a figure before it ("9.000.194Ludzie", "5G"): a lost space or a
    model's letter; nor a connective after a sentence's end inside the unit ("Meanwhile").
    The language's ``articles`` (``lexicon.OPENING_ARTICLES``) are no names, and the word
    after one that opens the sentence or a clause is read as its first word ("La Autoridad
    de Turismo": no name "La Autoridad"); mid-sentence, one followed by a capital starts a
    name ("La Haya").
    """
    out = []
    starts = set(clause_starts(tokens, text)) if text else set()
    filed = datelines(text) if text else []
    for i, tok in enumerate(tokens):
        if _inside(tok, filed) or _not_here(tokens, i, text):
            continue
        named_on = _named_on(tok, tokens[i + 1] if i + 1 < len(tokens) else None)
        if tok.lower in articles:
            # an article opening the sentence or a clause is none, and the word after it
            # is read as the first; elsewhere it is a name's first word when a capital
            # follows ("La Haya", "Las Vegas"), else it opens a lost sentence ("Un")
            if i == 0 or i in starts:
                starts.add(i + 1)
                continue
            if not named_on:
                continue
        if _adjective(tok) and not named_on:
            continue
        if (i == 0 or (i in starts and not opening)) and (
            tok.lower in _CONNECTIVES
            or not (opening or named_on or _first_word_named(tok, tokens[i + 1 :]))
        ):
            continue
        out.append(tok)
    return out


def _inside(tok: Token, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= tok.start and tok.end <= e for s, e in spans)


def _named_on(tok: Token, nxt: Token | None) -> bool:
    """Whether a name goes on after ``tok``: a capitalised word right after it, no title
    (a capital after a colon or a dash starts something new: "Report: Mike Pompeo")."""
    return (
        nxt is not None
        and nxt.start - tok.end <= 1
        and _capitalised(nxt)
        and nxt.lower not in lx.TITLES
    )


# Words that say a figure after them is a label ("Number 10", "No. 7"): no name of their own.
_LABELS = frozenset({"number", "no", "nr"})
_FIGURE_NEXT = re.compile(r"\.?[ \u00a0]?\d")


def _not_here(tokens: Sequence[Token], i: int, text: str) -> bool:
    """Whether token ``i`` is no name where ``text`` writes it: no name anywhere
    (:func:`_never_a_name`; a month is a name where it is a surname, "Theresa May"), the
    end of "Secretary of State", glued to a figure before it ("9.000.194Ludzie", "5G"),
    inside a party tag ("(R-Wyo.)"), a label before a figure ("A Number 10 spokesperson"),
    or a connective after a sentence's end inside the unit ("... a 4% growth. Meanwhile,
    domestic tourism", "... his visit. Further details")."""
    tok = tokens[i]
    if tok.lower in lx.MONTHS and text and surname_month(text, tok.start, tok.end):
        return False  # "Theresa May": a surname, no month
    if tok.lower in lx.TITLES and _titled_name(tokens, i, text):
        return False  # "the Department of Justice", "St. Louis": a name's word
    if _never_a_name(tok) or _of_title(tokens, i) or text[tok.start - 1 : tok.start].isdigit():
        return True
    if any(m.start() < tok.start < m.end() for m in _PARTY_TAG.finditer(text)):
        return True  # "Liz Cheney (R)", "Sen. Mike Enzi (R-Wyo.)": a party, not a name
    if tok.lower in _LABELS and _FIGURE_NEXT.match(text, tok.end):
        return True  # "A Number 10 spokesperson": the figure names, not the word
    return tok.lower in _CONNECTIVES and _SENTENCE_END.search(text, 0, tok.start) is not None


# A party and state in brackets after a politician's name: "(R)", "(D-Calif.)", "(R-N.Y.)".
_PARTY_TAG = re.compile(r"\([RDI](?:-[A-Z][A-Za-z.]{0,8})?\)")


# Capitalised nouns that head a body's or a building's name: a title's word beside one is
# a word of that name ("Justice Department", "Department of Justice", "Justice Center"),
# and "of" after one goes on with the name.
BODY_HEADS = frozenset(
    """department ministry office center centre court committee council agency service
    building""".split()
)


def _titled_name(tokens: Sequence[Token], i: int, text: str) -> bool:
    """Whether token ``i``, a title's word ("Justice", "St"), is a word of a name here: of a
    body, beside its capitalised head ("Justice Department", "the Department of Justice",
    the "St. Louis County Justice Center"), or the "St." of a saint's or a place's name
    before a capitalised word ("St. Louis"). Left out as titles, they cut the name:
    "name only in: Department", "Louis County", "Center"."""
    tok = tokens[i]
    if not tok.text[:1].isupper() or not text:
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if tok.lower == "st":
        return nxt is not None and text[tok.end : nxt.start] in _SAINT_GAPS and _capitalised(nxt)
    head_after = nxt is not None and nxt.start - tok.end == 1 and nxt.lower in BODY_HEADS
    head_before = (
        i >= 2
        and tokens[i - 1].lower == "of"
        and tokens[i - 2].lower in BODY_HEADS
        and tokens[i - 2].text[:1].isupper()
    )
    return (head_after and nxt is not None and nxt.text[:1].isupper()) or head_before


_SAINT_GAPS = frozenset({". ", " "})


def _of_title(tokens: Sequence[Token], i: int) -> bool:
    """Whether token ``i`` ends the title "Secretary of State", which names an office."""
    return (
        tokens[i].lower == "state"
        and i >= 2
        and tokens[i - 1].lower == "of"
        and tokens[i - 2].lower == "secretary"
    )


def _never_a_name(tok: Token) -> bool:
    """Whether a word is no name wherever it stands: lower-case, a function word ("I’d",
    "It’s": a pronoun with its verb), a title, a month, a weekday, a cue or a spelled count
    ("Wednesday's document release" names no one; "Seventeen killed" is a count)."""
    base = tok.lower.split("ʼ")[0]
    return (
        not tok.text[:1].isupper()
        or tok.text in _CURRENCY_CODES  # "100 billion USD": a sign, no name
        or _elided_common(tok)
        or tok.lower in lx.TITLES
        or tok.lower in lx.STOP_WORDS
        or base in lx.STOP_WORDS
        or tok.lower in _NO_NAMES
        or base in _NO_NAMES
    )


def _elided_common(tok: Token) -> bool:
    """Whether a word is an elided article or pronoun before a lower-case word ("L'indice",
    "D'après", "Y'all"): what follows the apostrophe decides, and it is no name ("L'Oman",
    "O'Brien", "D'Amato" are)."""
    text = tok.text
    return len(text) > 2 and text[1] in "'’ʼ" and text[2:3].islower()


# What opens a clause inside a sentence: a dash or a colon ("UPDATE 2:52 p.m. --
# Additional records", "Report: Mike Pompeo"), or a quote opened right after one of them
# or after a sentence's end or a comma ('said, "Subject to'). A quote after a word opens
# a name as often as not ('the case "Roe v. Wade"', 'телеканал "Мтавари архи"'), and a
# sentence's end inside a unit ("nothing new.  Republicans have") is left alone: a
# single name there would be lost with the common word.
_CLAUSE_MARK = re.compile(r"(?:--|[—–]|\s-|:)\s*$")
_QUOTE_OPENS = re.compile(r"(?:--|[—–]|\s-|[:.!?,;])\s*$")
_OPENING_QUOTES = "“«„"


def clause_starts(tokens: Sequence[Token], text: str) -> frozenset[int]:
    """Indices of the tokens of ``text`` that open a clause after its first word: after a
    dash or a colon, or after a quote that opens right after one of them, a sentence's end
    or a comma. The last word is left out: a credit after a dash ("Biden overruled Macron
    – Politico") or a colon ("Source: Reuters") is the name of a source."""
    out = set()
    for i in range(1, len(tokens) - 1):
        prev, tok = tokens[i - 1], tokens[i]
        gap = text[prev.end : tok.start]
        if _CLAUSE_MARK.search(gap) or _opening_quote(text, gap, tok.start):
            out.add(i)
    return frozenset(out)


def _opening_quote(text: str, gap: str, start: int) -> bool:
    """Whether ``gap``, the text before the word at ``start``, ends in a quote that opens a
    clause: a curly or angle one that only opens, or a straight one with an even number of
    straight quotes before it (a closing quote some texts space wrongly is no opening),
    after a dash, a colon, a sentence's end or a comma."""
    mark = gap[-1:]
    if mark == '"':
        opens = text.count('"', 0, start - 1) % 2 == 0
    else:
        opens = bool(mark) and mark in _OPENING_QUOTES
    return opens and bool(_QUOTE_OPENS.search(gap[:-1]))


# A dateline opening a story: the place in capitals, maybe its state or country, a date,
# a time or the agency, then a dash ("WASHINGTON --", "WEST PALM BEACH, Fla. —",
# "SIMFEROPOL, Ukraine (AFP) -", "WASHINGTON, April 30 (Reuters)-", "UPDATE 2:52 p.m. --";
# Cyrillic alike), or the place as a name with the agency ("Washington (AFP) –").
_DATELINE = re.compile(
    r"\s*(?:[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐ.'’ -]{2,}[A-ZА-ЯЁІЇЄҐ.]"
    r"(?:,? \d{1,2}:\d{2}(?: ?[ap]\.m\.)?|, \d{1,2} [^\W\d_]+\.?"
    r"|, [^\W\d_][\w.]*(?: [\w.]+){0,3})?(?: ?\([^()]{1,40}\))?"
    r"|[A-ZА-ЯЁІЇЄҐ][^\W\d_]+(?: [A-ZА-ЯЁІЇЄҐ][^\W\d_]+)? \([A-ZА-ЯЁІЇЄҐ][^()]{1,30}\))"
    r"(?:[ \u00a0]*(?:--|[—–-]) |(?<=\))(?:--|[—–-]))"
)
# Where a dateline may stand inside a unit: after a line break the text kept as a literal
# "\n" or a real one, or after a sentence's end ("... the world economy.  \n WASHINGTON
# — President Trump ..."): a headline or a lead run into the report before it.
_DATELINE_AFTER = re.compile(
    r"(?:(?:\\n|\n)[ \u00a0\t]*|[.!?][\"”’]?[ \u00a0\t]+)(?=[A-ZА-ЯЁІЇЄҐ])"
)


# A dateline the segmenter cut off as a sentence of its own ("WEST PALM BEACH, Fla.").
_DATELINE_ALONE = re.compile(
    r"\s*[A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐ.'’ -]{2,}[A-ZА-ЯЁІЇЄҐ.]"
    r", [A-ZА-ЯЁІЇЄҐ][^\W\d_A-ZА-ЯЁІЇЄҐ]+\.?(?: [A-Z][\w.]*)?\s*$"
)


def dateline_end(text: str) -> int:
    """Where the dateline opening ``text`` ends (0 when there is none): its words say where
    the report was filed, not what it tells."""
    m = _DATELINE.match(text) or _DATELINE_ALONE.match(text)
    return m.end() if m else 0


def datelines(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that are datelines: the one opening it, and one after a line
    break or a sentence's end inside it ("... economy.  \\n WASHINGTON — President ...",
    where the segmenter kept a headline or a lead with the report's first sentence)."""
    out = [(0, end)] if (end := dateline_end(text)) else []
    for m in _DATELINE_AFTER.finditer(text):
        if (inner := _DATELINE.match(text, m.end())) is not None:
            out.append((m.end(), inner.end()))
    return out


# Capitalised words that are no names: months, weekdays, cues and spelled counts.
_NO_NAMES = (
    frozenset(lx.MONTHS) | frozenset(lx.WEEKDAYS) | CUE_WORDS | frozenset(lx.SPELLED_NUMBERS)
)


# Words that open a sentence and are never a name, though a name may follow them
# ("Although Russia denies ...": the name is Russia, not "Although Russia").
_SENTENCE_END = re.compile(r"[.!?]\s+$")
_CONNECTIVES = frozenset(
    """although though whereas since whenever unless until meanwhile however nevertheless
    nonetheless moreover furthermore still yet thus hence therefore instead besides despite
    once now later earlier today yesterday amid following while because after before when
    if as so but and or then also further additionally likewise similarly otherwise
    indeed consequently accordingly finally""".split()
)


# Fewer words than this and a short name ("Kim Jong", "Joe Biden") looks title-cased.
_TITLE_CASE_WORDS = 3


def title_cased(tokens: Sequence[Token]) -> bool:
    """Whether every word but the function words is capitalised, as in an English headline
    ("Trump Sends Investigators to Hawaii, Gains in Poll"): there a capital letter does not
    tell a name from any other word."""
    words = [t for t in tokens if t.text[:1].isalpha() and t.lower not in lx.STOP_WORDS]
    return len(words) >= _TITLE_CASE_WORDS and all(t.text[:1].isupper() for t in words)


def title_case_lead(tokens: Sequence[Token], text: str = "") -> int:
    """How many leading tokens form a Title Case headline run into the text after it
    ("Earth To Be Buzzed By Spacecraft On Mission To Mercury Later This Week Earth will be
    buzzed ..."): the longest prefix whose words are all capitalised, when it capitalises a
    function word too ("To", "By", "On"), which no name does; else 0. Given the sentence's
    ``text``, a lower-case word joined to the one before by a hyphen or an apostrophe
    ("Male-bashing", "U.K.'s") belongs to that word and does not end the run."""
    end = 0
    function_word = False
    for i, tok in enumerate(tokens):
        if not tok.text[:1].isalpha() or _glued(tokens, i, text):
            continue  # "U.K.'s", "Male-bashing": part of the word before
        if not tok.text[:1].isupper():
            break
        end = i + 1
        function_word = function_word or (tok.lower in lx.STOP_WORDS and i > 0)
    words = sum(1 for t in tokens[:end] if t.text[:1].isalpha())
    return end if function_word and words >= _TITLE_CASE_WORDS else 0


def _glued(tokens: Sequence[Token], i: int, text: str) -> bool:
    """Whether token ``i`` of ``text`` is a lower-case part of the word before, joined to it
    by a hyphen or an apostrophe: a possessive's "s" ("U.K.'s"), a compound's tail
    ("Male-bashing")."""
    tok = tokens[i]
    if i == 0 or not tok.text[:1].islower():
        return False
    prev = tokens[i - 1]
    return tok.start - prev.end == 1 and text[prev.end : tok.start] in _JOINERS


_JOINERS = frozenset("-'’ʼ")


def _first_word_named(tok: Token, later: Sequence[Token]) -> bool:
    """Whether a sentence's (or a clause's) first word shows itself a name: an acronym, or
    written capitalised again in the ``later`` words of the sentence."""
    acronym = tok.text.isupper() and len(tok.text) > 1
    return acronym or any(t.lower == tok.lower and _capitalised(t) for t in later)


def _capitalised(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.lower not in lx.STOP_WORDS


def _adjective(tok: Token) -> bool:
    """A capitalised English adjective of place or party ("Democratic", "Ukrainian"),
    short ones ("Asian", "Soviet") by the table of places (``relate.places``)."""
    word = tok.lower
    if not tok.text.isascii() or tok.text.isupper():
        return False
    return (
        word in lx.ADJECTIVES_OF_PLACE
        or adjective_of_place(word)
        or (len(word) >= 6 and word.endswith(lx.ADJECTIVE_SUFFIXES))
    )


INITIALS = re.compile(r"(?<![\w.])(?:(?:[A-ZА-ЯІЇЄҐ]\.){2,}|[A-ZА-ЯІЇЄҐ](?:\.[A-ZА-ЯІЇЄҐ])+)")


def join_initials(tokens: Sequence[Token], text: str) -> list[Token]:
    """Tokens with each run of dotted initials ("U.S.", "U.N") as one token keyed like
    the undotted acronym ("US"), so that "U.S." matches "US" and is never "U" and "S"."""
    spans = [(m.start(), m.end()) for m in INITIALS.finditer(text)]
    if not spans:  # most sentences: no token to test against each run
        return list(tokens)
    out: list[Token] = []
    for tok in tokens:
        span = next((sp for sp in spans if sp[0] <= tok.start < sp[1]), None)
        if span is None:
            out.append(tok)
            continue
        if tok.start != span[0]:
            continue  # a later letter of the same initials
        raw = text[span[0] : span[1]]
        lower = fold(raw.replace(".", ""))
        out.append(
            Token(text=raw, start=span[0], end=span[1], lower=lower, key=lower[:5], content=True)
        )
    return out


def matches(word: Token, others: Sequence[Token], cross: bool) -> bool:
    """Whether ``word`` occurs among ``others``: same stem, or the same name in another
    spelling (across scripts any word; in one script a capitalised one, so that ``Kiev``
    finds ``Kyiv`` but a name never matches a common word by sound alone)."""
    return any(
        _same_key(t.key, word.key)
        or ((cross or t.text[:1].isupper()) and names_match(word.text, t.text))
        for t in others
    )


def _same_key(x: str, y: str) -> bool:
    return x == y or (x, y) in lx.NAME_ALIASES or (y, x) in lx.NAME_ALIASES
