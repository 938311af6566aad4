"""Numbers of two versions compared as quantities: value, unit and how exact.

"90 miles" and "about 150 kilometres" are one distance, "170,000 square feet" and "15,800
square metres" one area; "approached 770" and "at least 767" can both be true (while "more
than 3,000" and "more than 2,000" are two outlets giving two figures); "13 cents" and "1.5
percent" measure different things; "two other victims" counts a part of what "three
victims" counts; "2001" (a year) and "two" (a count) are never one figure. A number
conflict is only reported for two figures that could name the same thing and cannot both
be true: "number differs" must be true of the text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storydiff.relate import lexicon as lx
from storydiff.relate.dates import DateMention
from storydiff.relate.findings import Finding, Side, SideView, clash, evidence
from storydiff.relate.tokens import Number, Token, multiplier, names_match, numbers
from storydiff.text.names import fold

# Figures converted between units ("miles" / "km") are rounded by whoever converted them.
CONVERTED_TOLERANCE = 0.05
# "about 320" / "some 55": the figure give or take this share.
ESTIMATE_TOLERANCE = 0.1
_YEARS = (1800, 2100)


@dataclass(frozen=True, kw_only=True)
class Quantity:
    """A number with what it counts: ``unit`` is a dimension ("length", "usd", ...) or
    ``None``; ``low`` / ``high`` bound the value in that dimension's base unit, from the
    precision it is written with and the words before it ("at least", "about")."""

    number: Number
    unit: str | None
    factor: float
    low: float
    high: float
    year: bool
    bound: str | None = None  # "min", "max" or "about": how the figure is qualified
    part: bool = False  # counts a part ("two other victims"), not the whole
    # The figure as the text writes it, with its currency or percent sign or word ("$1
    # trillion", "12%", "3.5 trillion dollars"): what reasons show and evidence points at.
    # The value compared is ``number``'s; "1" alone of "$1 trillion" misleads a reader.
    start: int = 0
    end: int = 0
    text: str = ""


def quantities(side: SideView) -> list[Quantity]:
    """The numbers of ``side`` that are not part of a date ("23" and "2023" in "23 July
    2023", "27" in "27 years ago": dates are compared as dates), as quantities."""
    text = side.sent.text
    spans = [(d.start, d.end) for d in side.dates] + _listed_days(text, side.dates)
    return [
        _quantity(n, text, side.tokens)
        for n in numbers(text, side.tokens, lang=side.lang)
        if not any(s <= n.start and n.end <= e for s, e in spans)
    ]


# Days listed before the day of a date: "7, 8, 14 и 21 декабря", "7 and 8 December".
_DAYS_BEFORE = re.compile(
    r"(?:(?<![\d.,])(?:[1-9]|[12]\d|3[01])\s*(?:,|\s(?:and|or|и|или|і|й|та|або))\s*)+$"
)


def _listed_days(text: str, dates: Sequence[DateMention]) -> list[tuple[int, int]]:
    """The spans of days listed before a date's day, which are days of that month, not
    figures ("number only in ...: 7, 8, 14" of "7, 8, 14 и 21 декабря")."""
    out = []
    for d in dates:
        if d.day is not None and (m := _DAYS_BEFORE.search(text, 0, d.start)) is not None:
            out.append((m.start(), d.start))
    return out


def _quantity(n: Number, text: str, tokens: Sequence[Token]) -> Quantity:
    unit, factor, unit_end = _unit_of(n, text, tokens)
    start = n.start - 1 if unit in lx.CURRENCIES and _sign_before(text, n.start) else n.start
    end = unit_end if unit in _SHOWN_UNITS else n.end
    half = 0.5 * _precision(n) * factor
    low, high = n.value * factor - half, n.value * factor + half
    qualifier = _qualifier(n, tokens)
    spread = n.value * factor * ESTIMATE_TOLERANCE
    if qualifier == "min":
        high = math.inf
    elif qualifier == "max":
        low = -math.inf
    elif qualifier == "about":
        low, high = low - spread, high + spread
    plain = re.fullmatch(r"\d{4}", n.text) is not None
    year = plain and unit is None and qualifier is None and _YEARS[0] <= n.value <= _YEARS[1]
    return Quantity(
        number=n,
        unit=unit,
        factor=factor,
        low=low,
        high=high,
        year=year,
        bound=qualifier,
        part=_counts_a_part(n, tokens),
        start=start,
        end=end,
        text=text[start:end],
    )


# Units shown with their figure: money and shares, whose bare figure reads as another one
# ("1" of "$1 trillion", "12" of "12%"). Others ("5 miles") keep the figure alone.
_SHOWN_UNITS = lx.CURRENCIES | {"percent"}


_POINTS = frozenset({"point", "пункт"})


def _sign_before(text: str, start: int) -> bool:
    """Whether a currency sign stands right before the figure at ``start`` ("$9.99")."""
    return text[max(0, start - 1) : start] in lx.CURRENCY_SIGNS


def _counts_a_part(n: Number, tokens: Sequence[Token]) -> bool:
    """Whether the word right after the number ("two other victims", "two more deaths")
    or right before it ("another two") makes it a count of a part of what is counted."""
    after = [t for t in tokens if n.end <= t.start <= n.end + 1][:1]
    before = [t for t in tokens if t.end <= n.start and n.start - t.end <= 2][-1:]
    return bool(after and after[0].lower in lx.PART_AFTER) or bool(
        before and before[0].lower in lx.PART_BEFORE
    )


def _unit_of(n: Number, text: str, tokens: Sequence[Token]) -> tuple[str | None, float, int]:
    """The unit written right after the number ("3km", "36 feet", "5 per cent", "12%") or
    the currency sign before it ("$9.99"), as (dimension, size in its base unit, where the
    unit's word or sign after the number ends: ``n.end`` when none is)."""
    rest = text[n.end : n.end + 2]
    if rest.lstrip().startswith("%"):
        return "percent", 1.0, text.index("%", n.end) + 1
    # the word right after the number, and the two after it ("per cent", "square feet")
    after = [t for t in tokens if t.start >= n.end][:3]
    found = _unit_after(n, after) if after and after[0].start <= n.end + 1 else None
    if found is not None:
        return found
    sign = text[max(0, n.start - 1) : n.start]
    if sign in lx.CURRENCY_SIGNS:
        return lx.CURRENCY_SIGNS[sign], 1.0, n.end
    return None, 1.0, n.end


def _unit_after(n: Number, after: Sequence[Token]) -> tuple[str, float, int] | None:
    """The unit in the words ``after`` the number (the first right after it), as
    :func:`_unit_of` gives it, else None."""
    first = after[0]
    money = (_money_word(first.lower) if _scaled(n) else None) or _currency_word(first.lower)
    if money is not None:
        # "30 million pounds", "2,3 млрд гривень": the scale word is the number's, and
        # pounds counted in millions are money, not weight
        return (*money, first.end)
    if first.lower in lx.SQUARE_WORDS:
        following = after[1:2]
        unit, size = _square_unit(following[0].lower if following else "")
        return unit, size, following[0].end if following else first.end
    word, end, rest = first.lower, first.end, after[1:]
    if word == "per" and rest:
        word, end, rest = "per" + rest[0].lower, rest[0].end, rest[1:]  # "per cent"
    found = _unit_word(word)
    if found is None:
        return None
    if found[0] == "percent" and rest and rest[0].key in _POINTS:
        end = rest[0].end  # "1.25 percentage points", "2 процентных пункта"
    return (*found, end)


def _scaled(n: Number) -> bool:
    """Whether ``n`` ends in a scale word ("30 million", "2,3 млрд", "2.8bn"), which
    :func:`~storydiff.relate.tokens.numbers` joins to its figure."""
    words = re.findall(r"[^\W\d_]+", n.text)
    return bool(words) and multiplier(fold(words[-1])) is not None


def _money_word(word: str) -> tuple[str, float] | None:
    """The currency of a money word ("pounds", "долларов", "гривень"): its stem and an
    ending of at most three letters, so that "5 миллионов европейцев" and "10 million
    Europeans" count people, not euros."""
    if word.startswith(_EUROPE):
        return None
    for stem, currency in lx.MONEY_AFTER_SCALE:
        if word.startswith(stem) and len(word) - len(stem) <= _ENDING:
            return currency, 1.0
    return None


def _currency_word(word: str) -> tuple[str, float] | None:
    """The currency of a word read as money after any figure ("zł", "грн", "złotych",
    "рублей"; ``lexicon.CURRENCY_AFTER``), by the rule of :func:`_money_word`."""
    if word in lx.CURRENCY_ABBREVIATIONS:
        return lx.CURRENCY_ABBREVIATIONS[word], 1.0
    for stem, currency in lx.CURRENCY_AFTER:
        if word.startswith(stem) and len(word) - len(stem) <= _ENDING:
            return currency, 1.0
    return None


_ENDING = 3
_EUROPE = ("europ", "европ", "європ")


def _square_unit(word: str) -> tuple[str, float]:
    """An area from the unit of length after "square": hectares for the units known, else
    a dimension of its own ("square cubits" compares only with square cubits)."""
    for stem, size in lx.SQUARE_UNITS:
        if word == stem or word.startswith(stem):
            return "area", size
    return f"square {word}", 1.0


def _unit_word(word: str) -> tuple[str, float] | None:
    for stem, dimension, size in lx.UNIT_STEMS:
        if word in (stem, stem + "s") or (len(stem) >= 5 and word.startswith(stem)):
            return dimension, size
    return None


def _qualifier(n: Number, tokens: Sequence[Token]) -> str | None:
    """ "min", "max" or "about" from the one or two words right before the number."""
    before = [t for t in tokens if t.end <= n.start and n.start - t.end <= 3][-1:]
    if not before:
        return None
    i = next(i for i, t in enumerate(tokens) if t is before[0])
    two = f"{tokens[i - 1].lower} {tokens[i].lower}" if i else ""
    return lx.NUMBER_QUALIFIERS.get(two) or lx.NUMBER_QUALIFIERS.get(tokens[i].lower)


_DIGITS = re.compile(r"\d[\d.,\u00a0\u202f ]*")
_DECIMALS = re.compile(r"[.,](\d{1,2}|\d{4,})$")


def _precision(n: Number) -> float:
    """The rounding unit of a written number: 1 for "65", 0.1 for "64.7", 1e9 for "65
    billion", 1e8 for "64.7 billion" (a spelled-out count: 1)."""
    if "/" in n.text:
        return 1.0 / float(n.text.rsplit("/", 1)[1])  # "2 1/2": to the half
    m = _DIGITS.match(n.text)
    if m is None:
        return 1.0
    raw = m.group().strip()
    dec = _DECIMALS.search(raw)
    digits = float(re.sub(r"\D", "", raw) or 1)
    written = digits / 10 ** len(dec.group(1)) if dec else digits
    scale = n.value / written if written else 1.0
    return (10.0 ** -len(dec.group(1)) if dec else 1.0) * max(scale, 1.0)


def fits(x: Quantity, y: Quantity) -> bool | None:
    """Whether two quantities can be one figure: ``None`` when they cannot be compared
    (different dimensions, a year and a count), else whether both can be true."""
    if x.year != y.year and not (_year_sized(x) and _year_sized(y)):
        return None  # "a 2001 agreement" and "the two friends"
    if x.unit and y.unit and x.unit != y.unit:
        return None
    if (x.unit in lx.CURRENCIES) != (y.unit in lx.CURRENCIES):
        return None  # "$39 million" and "30 million": the bare figure may be another currency
    if x.part != y.part:
        return None  # "two other victims" and "three victims": a part and the whole
    if _measure(x) != _measure(y) and (x.unit is None or y.unit is None):
        return None  # "three companions" and "600 metres": a count and a measure
    if x.number.value == y.number.value:
        return True
    if ("/" in x.number.text) != ("/" in y.number.text) and not (x.bound or y.bound):
        return False  # "2 1/2 years" is told to the half: "2 years" is another figure
    lx_, hx, ly, hy = x.low, x.high, y.low, y.high
    if x.bound == y.bound and x.bound in ("min", "max"):
        # "more than 3,000" and "more than 2,000": two outlets giving two figures
        lx_, hx = _exact(x)
        ly, hy = _exact(y)
    if x.unit and y.unit and x.factor != y.factor:
        # converted figures: rounded by whoever converted them
        lx_, hx = lx_ * (1 - CONVERTED_TOLERANCE), hx * (1 + CONVERTED_TOLERANCE)
    return lx_ < hy and ly < hx


def _measure(q: Quantity) -> bool:
    """Whether ``q`` is a physical measure (a length, height, mass or area), which a bare
    figure, counting people or things, never is."""
    return q.unit in _MEASURES or (q.unit or "").startswith("square ")


_MEASURES = frozenset({"length", "height", "mass", "area"})


def _year_sized(q: Quantity) -> bool:
    """A plain figure that could be a year or a count of that size ("2000 people")."""
    return q.unit is None and 1000 <= q.number.value <= 3000


def plain_years(side: SideView) -> set[int]:
    """The year-sized plain figures of ``side`` ("the 2010 congressional elections"),
    which a date on the other side may name."""
    return {int(q.number.value) for q in quantities(side) if _year_sized(q)}


def _undated(qs: Sequence[Quantity], other: SideView) -> list[Quantity]:
    """``qs`` less the year-sized figures that ``other`` names as a year."""
    years = {d.years[0] for d in other.dates if d.years and d.years[0] == d.years[1]}
    return [q for q in qs if not (_year_sized(q) and int(q.number.value) in years)]


def _exact(q: Quantity) -> tuple[float, float]:
    """The range of ``q`` read as the figure written, whatever the words before it."""
    half = 0.5 * _precision(q.number) * q.factor
    return q.number.value * q.factor - half, q.number.value * q.factor + half


def compare_numbers(
    a: SideView,
    b: SideView,
    cross: bool,
    close: bool,
    findings: list[Finding],
    elsewhere: tuple[SideView | None, SideView | None] = (None, None),
    *,
    slots_read: bool = True,
) -> tuple[float, float, float]:
    """Numbers of both sides: (numbers on one side only, conflict, a number shared).

    A conflict needs two figures that can be compared and cannot both be true; it is
    strong (a rule) when they fill the same slot ("10,000 troops" / "5,000 troops") or the
    rest of the sentences matches (``close``). ``elsewhere`` holds the rest of each side's
    version of the fact: a number given there is no "number only in" the other side.
    Without ``slots_read`` (a language whose counted nouns and periods are not read, see
    ``lexicon.SLOT_LANGUAGES``) nothing shows that two figures fill one slot ("161 osób z
    prowincji" / "996 osób Died"): two that would have been a strong conflict are shown as
    differing, a strong partial finding (the versions do not say the same); the others
    stay a weak clash, shown only where nothing else differs, as in English, and the
    relater makes no conflict of it there (``classifier``)."""
    # A year one side dates ("in 2010") and the other gives as a plain figure ("the 2010
    # elections") is one year: neither "date only in" nor "number only in".
    qa, qb = _undated(quantities(a), b), _undated(quantities(b), a)
    shared = any(x.number.value == y.number.value for x in qa for y in qb)
    only_a = [x for x in qa if not any(fits(x, y) for y in qb)]
    only_b = [y for y in qb if not any(fits(y, x) for x in qa)]
    clashes = [(x, y) for x in only_a for y in only_b if fits(x, y) is False]
    total, each = _running_total(a) != _running_total(b), _each(a) != _each(b)
    if clashes and (total or each):
        x, y, _ = _strongest(clashes, a, b, cross)
        kind = "a running total" if total else "for each one"
        reason = f"different counts, one {kind}: {x.text} vs {y.text}"
        findings.append(
            Finding(
                kind="number",
                suggests="partial",
                reason=reason,
                evidence=(
                    evidence("number", a, x.start, x.end),
                    evidence("number", b, y.start, y.end),
                ),
            )
        )
        return 1.0, 0.0, float(shared)
    if clashes:
        x, y, slotted = _strongest(clashes, a, b, cross)
        if x.bound == y.bound == "min":
            # "at least 150" / "more than 180": two outlets' figures that differ, though
            # both can be true, so no conflict
            findings.append(_bounds_differ(a, x, b, y))
            return 1.0, 0.0, float(shared)
        findings.append(_differs(a, x, b, y, strong=slotted or close, slots_read=slots_read))
    elif bool(only_a) != bool(only_b):
        side, nums, rest = (a, only_a, elsewhere[1]) if only_a else (b, only_b, elsewhere[0])
        findings += _one_side(side, nums, rest)
    one_side = float(bool(only_a) != bool(only_b))
    return one_side, float(bool(clashes)), float(shared)


def _differs(
    a: SideView, x: Quantity, b: SideView, y: Quantity, *, strong: bool, slots_read: bool
) -> Finding:
    """ "number differs" for ``x`` of ``a`` and ``y`` of ``b``: a conflict, or where the
    slots are not read and it would be a strong one, a strong partial finding (the
    versions do not say the same, though nothing shows that they clash)."""
    reason = f"number differs: {x.text} vs {y.text}"
    if slots_read or not strong:
        return clash("number", reason, a, (x.start, x.end), b, (y.start, y.end), strong=strong)
    spans = (evidence("number", a, x.start, x.end), evidence("number", b, y.start, y.end))
    return Finding(kind="number", suggests="partial", reason=reason, evidence=spans, strong=True)


def _bounds_differ(a: SideView, x: Quantity, b: SideView, y: Quantity) -> Finding:
    """ "number differs" for two figures each given as a lower bound ("at least 150" /
    "more than 180"): both can be true, and the higher bound says it more strongly (it
    implies the lower), so a difference in force, not a conflict. Upper bounds are not
    read so: "nearly" and "almost" put a figure just below the one written."""
    reason = f"number differs: {x.text} vs {y.text}, each a lower bound (both can be true)"
    spans = (evidence("number", a, x.start, x.end), evidence("number", b, y.start, y.end))
    higher: Side = "a" if x.number.value * x.factor > y.number.value * y.factor else "b"
    return Finding(
        kind="number", suggests="force", reason=reason, evidence=spans, strong=True, stronger=higher
    )


def _each(side: SideView) -> bool:
    """Whether ``side`` gives a figure for each one of several ("Each boy weighed ...")."""
    return any(t.lower in lx.DISTRIBUTIVE for t in side.tokens)


def _running_total(side: SideView) -> bool:
    """Whether ``side`` gives a running total ("so far", "a total of", "в общей сложности")."""
    low = " ".join(t.lower for t in side.tokens)
    return any(re.search(rf"(?<!\w){phrase}(?!\w)", low) for phrase in lx.RUNNING_TOTAL)


def _one_side(side: SideView, nums: Sequence[Quantity], rest: SideView | None) -> list[Finding]:
    """ "number only in" ``side`` for ``nums``, less those the other outlet gives in the
    ``rest`` of its version of the fact."""
    there = quantities(rest) if rest is not None else []
    nums = [x for x in nums if not any(fits(x, y) for y in there)]
    if not nums:
        return []
    shown = ", ".join(dict.fromkeys(q.text for q in nums))
    return [
        Finding(
            kind="number",
            suggests="partial",
            reason=f"number only in {side.name}: {shown}",
            evidence=tuple(evidence("number", side, q.start, q.end) for q in nums),
        )
    ]


def _strongest(
    clashes: Sequence[tuple[Quantity, Quantity]], a: SideView, b: SideView, cross: bool
) -> tuple[Quantity, Quantity, bool]:
    """The clash to report: two numbers that count the same thing ("10,000 troops" vs
    "5,000 troops") if any, else the first."""
    for x, y in clashes:
        sx = _slot(a.tokens, x.number.start, x.number.end)
        sy = _slot(b.tokens, y.number.start, y.number.end)
        if _same_slot(sx, sy, cross):
            return x, y, True
    return clashes[0][0], clashes[0][1], False


_YEAR_WORDS = frozenset({"year", "years"})


def _slot(tokens: Sequence[Token], start: int, end: int) -> tuple[Token | None, Token | None]:
    """The content words right before and after a span (within 40 characters). An age
    ("38-year-old man") counts its person: the word after "year old" stands for "year".
    After a word for a change only a word right after the figure counts."""
    before = [t for t in tokens if t.end <= start and t.content][-1:]
    after = [t for t in tokens if t.start >= end and t.content][:3]
    if len(after) == 3 and after[0].lower in _YEAR_WORDS and after[1].lower == "old":
        after = after[2:]
    near_b = before[0] if before and start - before[0].end < 40 else None
    near_a = after[0] if after and after[0].start - end < 40 else None
    change = near_b is not None and near_b.lower in lx.CHANGE_WORDS
    if change and near_a is not None and any(end <= t.start < near_a.start for t in tokens):
        # "a decrease of 28,250 from the previous week's average": the change of a
        # quantity named elsewhere in the sentence (a moving average, continuing claims),
        # so "previous" shows no slot; "an increase of 5,000 troops" does
        near_a = None
    return near_b, near_a


def _same_slot(
    x: tuple[Token | None, Token | None], y: tuple[Token | None, Token | None], cross: bool
) -> bool:
    """Whether two numbers count one thing: the word after each (what is counted, or its
    unit) is the same, and so is the word before where both have one. "a 38-year-old
    male" and "a 47-year-old man" are two people; "Gordon Advisors, a 40-to 50-employee
    company" and "Gordon Advisors, about 10 a.m." count nothing alike."""
    (xb, xa), (yb, ya) = x, y

    def same(u: Token, v: Token) -> bool:
        return u.key == v.key or (cross and names_match(u.text, v.text))

    if cross:
        # a translation keeps few words alike: one neighbour that matches is what there is
        return any(
            u is not None and v is not None and same(u, v) for u, v in zip(x, y, strict=True)
        )
    if xa is None or ya is None or not same(xa, ya):
        return False
    return xb is None or yb is None or same(xb, yb)
