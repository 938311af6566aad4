"""Dates named in a sentence, resolved against the article's publication date.

"27 years ago" in an article of 2020 and "in 1993" name the same year; "yesterday" in an
article of 30 March 2024 is 29 March 2024; "Friday" fits "29 March 2024" (a Friday) and not
"31 January 2025". The relater compares these resolved dates instead of the raw numbers,
so that neither a relative date nor a weekday is reported as a conflict it is not.

A relative date that cannot be resolved (no publication date) is kept but compares with
nothing: what cannot be checked is not reported either way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from storydiff.relate import lexicon as lx
from storydiff.text.dates import parse_iso_date


@dataclass(frozen=True, kw_only=True)
class DateMention:
    """A date named in a sentence: offsets inside the sentence and what it pins down.

    ``years`` is an inclusive range (an exact year is ``(y, y)``; "27 years ago" allows a
    year either side, since writers round); ``month``, ``day`` and ``weekday`` (1 = Monday)
    are ``None`` where the text leaves them open. ``relative`` marks dates read from the
    publication date ("yesterday", "last year"); ``resolved`` is how a reason shows them.
    """

    start: int
    end: int
    text: str
    years: tuple[int, int] | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    relative: bool = False
    resolved: str = ""
    # A day and month without a year ("29 March") take the year that puts them nearest the
    # publication date; that year only serves to check a weekday, never to compare years.
    assumed_year: int | None = None

    @property
    def checkable(self) -> bool:
        """Whether the mention pins down anything at all (an unresolved relative does not)."""
        return any(x is not None for x in (self.years, self.month, self.day, self.weekday))

    @property
    def exact(self) -> dt.date | None:
        """The calendar day, when year (or an assumed year), month and day are known."""
        year = self.years[0] if self.years and self.years[0] == self.years[1] else None
        year = year or self.assumed_year
        if year and self.month and self.day:
            try:
                return dt.date(year, self.month, self.day)
            except ValueError:
                return None
        return None


_MONTH_WORDS = sorted(lx.MONTHS, key=len, reverse=True)
_M = r"(?P<m>" + "|".join(_MONTH_WORDS) + r")\.?"
_YEAR = r"(?P<y>1[89]\d\d|20\d\d)"
_ORD = r"(?:st|nd|rd|th)?"
_FULL = [
    # 23 July 2023, 23 липня 2023 року, 23 июля
    re.compile(r"\b(?P<d>[0-3]?\d)" + _ORD + r"(?:\s+of)?\s+" + _M + r"(?:,?\s+" + _YEAR + r")?\b",
               re.IGNORECASE),
    # July 23, 2023; July 23
    re.compile(r"\b" + _M + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+" + _YEAR + r")?",
               re.IGNORECASE),
    # July 2023, in July
    re.compile(r"\b" + _M + r"(?:\s+(?:of\s+)?" + _YEAR + r")?\b", re.IGNORECASE),
]  # fmt: skip
_BARE_YEAR = re.compile(r"(?<![\d.,\-])" + _YEAR + r"(?![\d\-]|\s*(?:%|per\b))")
# A four-digit number is a year only with a cue: "in 1993", "since 2014", "1993 року",
# "в 1993 году"; "more than 2000 people" is a count.
_YEAR_BEFORE = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|before|after|during|of|year|early|late|mid|"
    r"в|у|во|з|із|зі|с|до|від|от|по|після|после|року|год[ау]?)\s+|[(,]\s*)$",
    re.IGNORECASE,
)
# A year listed after a year ("in 2011 and 2012", "2014-2015", "в 2019 и 2020 годах"): one
# list is all years, not a date beside a number.
_YEAR_JOINED = re.compile(
    r"\s*(?:[-–—]|,?\s*(?:and|or|to|through|і|й|та|чи|або|и|или|по|до)(?:\s+(?:in|в|у))?)\s*",
    re.IGNORECASE,
)
_YEAR_AFTER = re.compile(r"^\s*(?:рок[иуі]|році|рік|р\.|год[ауе]?|г\.|годах|роках)", re.IGNORECASE)
_N = r"(?P<n>\d{1,3}|" + "|".join(sorted(lx.SPELLED_NUMBERS, key=len, reverse=True)) + r"|a|an|one)"
# "27 years ago", "27 років тому", "27 лет назад"; "N days ago".
_AGO = re.compile(
    r"\b"
    + _N
    + r"\s+(?P<u>years?|рок[иів]*|рік|лет|года?|days?|дн[іяей]+|день)\s+(?:ago|тому|назад)\b",
    re.IGNORECASE,
)
_RELATIVE: tuple[tuple[re.Pattern[str], str, int], ...] = tuple(
    (re.compile(r"\b" + pattern + r"\b", re.IGNORECASE), unit, shift)
    for pattern, unit, shift in (
        (r"last year|a year ago|торік|минулого року|(?:в|у) минулому році", "year", -1),
        (r"прошлого года|(?:в|во) прошлом году", "year", -1),
        (r"this year|цього року|(?:в|у) цьому році|этого года|(?:в|во) этом году", "year", 0),
        (r"next year|наступного року|следующего года|в следующем году", "year", 1),
        (r"yesterday|вчора|учора|вчера", "day", -1),
        (r"today|сьогодні|сегодня", "day", 0),
        (r"tomorrow|завтра", "day", 1),
    )
)
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# The day of an article's ``date`` field, read as every stage reads it.
publication_day = parse_iso_date


def _month_ok(word: str, text: str) -> bool:
    lower = word.lower().rstrip(".").replace("ё", "е")
    return lower in lx.MONTHS and (lower not in lx.CAPITALISED_ONLY or text[:1].isupper())


# Words before a month that make it a date however they are written ("Early May", "Since
# May", "Last March"); another capitalised word before it names a person ("Theresa May",
# "Brian May", "Mrs. May").
_DATE_LEAD = lx.STOP_WORDS | frozenset(
    "early late mid last next this since until till through every each come from".split()
)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.?[ \u00a0]$")
_FIGURE_AFTER = re.compile(r"[ \u00a0]+\d")


def surname_month(text: str, start: int, end: int) -> bool:
    """Whether the English month word at ``text[start:end]`` is a surname: capitalised,
    right after a capitalised word that is no date's lead, a month or a weekday, and before
    no day or year ("PM Theresa May" names her, "in May" and "Early May 2020" are dates).
    Read as a month, "Theresa May" was "name only in: Theresa" and "date only in: May"."""
    word = text[start:end]
    if not (word[:1].isupper() and word.isascii() and not word.isupper()):
        return False
    if word.lower() not in lx.MONTHS or _FIGURE_AFTER.match(text, end):
        return False
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return False
    lead = before.group(1)
    low = lead.lower()
    return (
        lead[:1].isupper()
        and low not in _DATE_LEAD
        and low not in lx.MONTHS
        and low not in lx.WEEKDAYS
    )


def _spelled(n: str) -> int | None:
    n = n.lower()
    if n.isdigit():
        return int(n)
    if n in ("a", "an", "one"):
        return 1
    v = lx.SPELLED_NUMBERS.get(n)
    return int(v) if v is not None else None


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Date mentions in ``text`` (a sentence), relative ones resolved against ``published``.

    The finders run from the most to the least precise; a span already taken by a mention
    ("23 July 2023") is not read again by a later finder ("2023" as a bare year).
    """
    out: list[DateMention] = []
    for finder in (_full_dates, _ago_dates, _relative_dates, _bare_years, _weekdays):
        for m in finder(text, published):
            if all(m.end <= x.start or m.start >= x.end for x in out):
                out.append(m)
    return sorted(out, key=lambda d: d.start)


def _full_dates(text: str, published: dt.date | None) -> Iterator[DateMention]:
    """ "23 July 2023", "July 23", "March 2024", ... (a year assumed from ``published``)."""
    for pattern in _FULL:
        for m in pattern.finditer(text):
            if not _month_ok(m.group("m"), m.group("m")):
                continue
            groups = m.groupdict()
            if not (groups.get("d") or groups.get("y")) and surname_month(text, *m.span("m")):
                continue  # "Theresa May": her name, no month
            day = int(groups["d"]) if groups.get("d") else None
            if day is not None and not 1 <= day <= 31:
                continue
            year = int(groups["y"]) if groups.get("y") else None
            month = lx.MONTHS[m.group("m").lower().rstrip(".").replace("ё", "е")]
            yield DateMention(
                start=m.start(),
                end=m.end(),
                text=m.group(),
                years=(year, year) if year else None,
                month=month,
                day=day,
                assumed_year=_nearest_year(month, day, published) if not year else None,
            )


def _ago_dates(text: str, published: dt.date | None) -> Iterator[DateMention]:
    """ "27 years ago", "three days ago": a day, or a year give or take one."""
    for m in _AGO.finditer(text):
        n = _spelled(m.group("n"))
        mention = DateMention(start=m.start(), end=m.end(), text=m.group(), relative=True)
        if n is None or published is None:
            yield mention
        elif m.group("u").lower().startswith(("d", "д")):
            yield _on_day(mention, published - dt.timedelta(days=n))
        else:
            y = published.year - n
            yield _in_years(mention, (y - 1, y + 1), f"about {y}")


def _relative_dates(text: str, published: dt.date | None) -> Iterator[DateMention]:
    """ "yesterday", "last year", "вчора", ...: a day or a year from ``published``."""
    for pattern, unit, shift in _RELATIVE:
        for m in pattern.finditer(text):
            mention = DateMention(start=m.start(), end=m.end(), text=m.group(), relative=True)
            if published is None:
                yield mention
            elif unit == "day":
                yield _on_day(mention, published + dt.timedelta(days=shift))
            else:
                y = published.year + shift
                yield _in_years(mention, (y, y), str(y))


def _bare_years(text: str, published: dt.date | None) -> Iterator[DateMention]:
    """A year alone, where a cue says it is one ("in 1993", "1993 року")."""
    del published  # a written year needs no publication date
    found = list(_BARE_YEAR.finditer(text))
    listed = _listed_after(text, found)
    last = -1  # the index of the year before
    for i, m in enumerate(found):
        cued = _YEAR_BEFORE.search(text[: m.start()]) or _YEAR_AFTER.match(text[m.end() :])
        if cued or (listed[i] and last == i - 1):
            y = int(m.group("y"))
            last = i
            yield DateMention(start=m.start(), end=m.end(), text=m.group(), years=(y, y))


def _listed_after(text: str, found: Sequence[re.Match[str]]) -> list[bool]:
    """Whether each four-digit figure continues a list begun by the one before it: joined
    by "and", "or", "to" or a dash, or by a comma in a list that one of those ends ("2010,
    2011 and 2012"; not "in 2011, 2000 people came")."""
    seps = [""] + [text[x.end() : y.start()] for x, y in pairwise(found)]
    joined = [bool(_YEAR_JOINED.fullmatch(s)) for s in seps]
    comma = [bool(re.fullmatch(r"\s*,\s*", s)) for s in seps]
    out = [False] * len(found)
    for i in reversed(range(1, len(found))):
        out[i] = joined[i] or (comma[i] and i + 1 < len(found) and out[i + 1])
    return out


def _weekdays(text: str, published: dt.date | None) -> Iterator[DateMention]:
    """Weekday names ("Friday", "у п'ятницю"): checked against dates, never resolved."""
    del published
    for m in re.finditer(r"[^\W\d_]+", text):
        word = m.group().lower().replace("'", "ʼ").replace("’", "ʼ")
        if word in lx.WEEKDAYS:
            yield DateMention(
                start=m.start(), end=m.end(), text=m.group(), weekday=lx.WEEKDAYS[word]
            )


def _in_years(mention: DateMention, years: tuple[int, int], resolved: str) -> DateMention:
    return DateMention(
        start=mention.start,
        end=mention.end,
        text=mention.text,
        years=years,
        relative=True,
        resolved=resolved,
    )


def _nearest_year(month: int, day: int | None, published: dt.date | None) -> int | None:
    if day is None or published is None:
        return None
    best: tuple[int, int] | None = None
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            gap = abs((dt.date(year, month, day) - published).days)
        except ValueError:
            continue
        if best is None or gap < best[0]:
            best = (gap, year)
    return best[1] if best else None


def _on_day(mention: DateMention, day: dt.date) -> DateMention:
    return DateMention(
        start=mention.start,
        end=mention.end,
        text=mention.text,
        years=(day.year, day.year),
        month=day.month,
        day=day.day,
        weekday=day.isoweekday(),
        relative=True,
        resolved=day.isoformat(),
    )


def comparable(x: DateMention, y: DateMention) -> bool:
    """Whether the two mentions pin down some common part (year, month, day or weekday)."""
    if x.years and y.years:
        return True
    if x.month and y.month:
        return True
    if x.weekday and y.weekday:
        return True
    return bool((x.weekday and y.exact) or (y.weekday and x.exact))


def compatible(x: DateMention, y: DateMention) -> bool:
    """Whether the two mentions can name the same day (every part both pin down agrees)."""
    if x.years and y.years and (x.years[1] < y.years[0] or y.years[1] < x.years[0]):
        return False
    if x.month and y.month and x.month != y.month:
        return False
    if x.day and y.day and x.day != y.day:
        return False
    if x.weekday and y.weekday and x.weekday != y.weekday:
        return False
    for u, v in ((x, y), (y, x)):
        day = v.exact
        if u.weekday and day is not None and day.isoweekday() != u.weekday:
            return False
    return True


def describe(m: DateMention) -> str:
    """The mention as a reason shows it: its words, and what a relative one resolves to."""
    if m.relative and m.resolved:
        return f"{m.text} (= {m.resolved})"
    return m.text


def weekday_name(day: dt.date) -> str:
    """``"Friday"`` for a Friday."""
    return _WEEKDAY_NAMES[day.weekday()]
