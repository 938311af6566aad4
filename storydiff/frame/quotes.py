"""Quoted passages and scare quotes, located by offsets.

Framing markers inside a direct quote are the quoted speaker's wording, not the outlet's;
a short quoted phrase that nobody is said to have spoken is a scare quote, by which the
outlet keeps its distance from a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storydiff.text.words import TOKEN

# Paired quotation marks used in en/uk/ru news. Single quotes need care: the right single
# quotation mark doubles as the apostrophe ("Kiev’s"), so a closing ’ must not be followed by
# a letter and an opening ‘ or ' must not follow one.
_PAIRS = (
    re.compile(r"“([^“”\n]*)”"),
    re.compile(r"«([^«»\n]*)»"),
    re.compile(r"„([^„“”\n]*)[“”]"),
    re.compile(r"(?<!\w)‘((?:[^‘’\n]|’(?=\w))+)’(?!\w)"),
    re.compile(r"(?<![\w'])'(?=\S)([^'\n]{1,80}?)(?<=\S)'(?![\w'])"),
)
_STRAIGHT = re.compile(r'"')
_CAPITALISED = re.compile(r"^[^\w]*[A-ZА-ЯІЇЄҐЁ]")
_CYRILLIC_CAPITAL = re.compile(r"^[^\w]*[А-ЯІЇЄҐЁ]")

# A short quote is attributed, not a scare quote, when the words before it in the clause
# report or name someone's words ("said there was “no taboo”", "sees it as a “crazy map”").
_CUE_BEFORE = re.compile(
    r"(?<!\w)(?:said|says|say|saying|told|tells|stated|stating|called|calls|calling|call\s+it|"
    r"dubbed|dubs|described|describes|describing|termed|terms|labell?ed|branded|referred\s+to|"
    r"refers\s+to|sees?\s+it\s+as|saw\s+it\s+as|views?\s+it\s+as|viewed\s+as|known\s+as|"
    r"nicknamed|wrote|writes|added|noted|urged|vowed|promised|warned|insisted|claimed|argued|"
    r"according\s+to|put\s+it|in\s+(?:his|her|their|its)\s+words|"
    r"сказал\w*|заявил\w*|назвал\w*|называ\w*|пишет|написал\w*|по\s+словам|сообща\w*|"
    r"сообщил\w*|сказав\w*|заявив\w*|назвав\w*|назива\w*|пише|написав\w*|за\s+словами|"
    r"повідом\w*)"
    r"(?!\w)[^.!?;]{0,100}$",
    re.IGNORECASE,
)
# A title's or an initial's full stop ends no clause: "said that Mr. Grimm “asserts his
# innocence”" quotes the lawyer ("Mr", "U.S.", "J. B." are read without their stops).
_ABBREVIATION_STOP = re.compile(
    r"(?<!\w)(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|St|Jr|Sr|[A-ZА-ЯІЇЄҐ])\."
)
# The languages whose speech cues the two patterns read. In another one "dijo «...»" or
# "sagte, es sei „...“" shows no cue storydiff can see, so "nobody in the text is said to
# have spoken" the quoted words cannot be known there: no quote of it is a scare quote.
CUE_LANGUAGES = frozenset({"en", "uk", "ru"})
_CUE_AFTER = re.compile(
    r"^\s*[,—–-]?\s*(?:(?:he|she|they|it|[A-ZА-ЯІЇЄҐ]\w+(?:\s+[A-ZА-ЯІЇЄҐ]\w+){0,3})\s+)?"
    r"(?:said|says|told|wrote|added|stated|сказал\w*|заявил\w*|сказав\w*|заявив\w*|пише|пишет)\b",
    re.IGNORECASE,
)
# A short quote that opens a "что"/"що" clause is what the subject said or did in its
# own words ("извинился за то, что «потерял терпение»"), not the outlet's distance.
_THAT_BEFORE = re.compile(r"(?<!\w)(?:что|що)\s*$", re.IGNORECASE)
_SO_CALLED = re.compile(r"(?:so-called|так\s+называем\w*|так\s+зван\w*)\s*$", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class Quote:
    """A quoted passage: marks at ``start`` and ``end - 1``, words inside ``inner``."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    words: int
    scare: bool = False
    so_called: bool = False


def find_quotes(text: str) -> list[Quote]:
    """Quoted passages in ``text`` (outermost first, nested ones kept), with scare-quote flags."""
    spans: set[tuple[int, int]] = set()
    for pattern in _PAIRS:
        for m in pattern.finditer(text):
            spans.add((m.start(), m.end()))
    spans.update(_straight_double(text))
    quotes = [_classify(text, s, e) for s, e in sorted(spans, key=lambda p: (p[0], -p[1]))]
    return [q for q in quotes if q.words > 0]


def _straight_double(text: str) -> list[tuple[int, int]]:
    # Straight double quotes pair up in order within a paragraph; an opener left without a
    # closer runs to the end of its paragraph (the English convention for long quotes).
    out = []
    for para in re.finditer(r"[^\n]+", text):
        marks = [m.start() + para.start() for m in _STRAIGHT.finditer(para.group())]
        for i in range(0, len(marks) - 1, 2):
            out.append((marks[i], marks[i + 1] + 1))
        if len(marks) % 2 == 1:
            out.append((marks[-1], para.end()))
    return out


def _classify(text: str, start: int, end: int) -> Quote:
    closed = end - start >= 2 and not text[end - 1].isalnum()
    inner_start, inner_end = start + 1, end - 1 if closed else end
    inner = text[inner_start:inner_end]
    words = len(TOKEN.findall(inner))
    before = text[max(0, text.rfind("\n", 0, start) + 1, start - 120) : start]
    after = text[end : end + 60]
    so_called = bool(_SO_CALLED.search(before))
    scare = (
        closed
        and not _inside_quote(text, start)
        and 1 <= words <= 3
        # a letter in quotation marks is a letter named ("точки над "i"", "the letter
        # "Z""), no word the outlet keeps its distance from
        and any(len(w) > 1 for w in TOKEN.findall(inner))
        and not inner.rstrip().endswith((".", "!", "?", ","))
        and not _is_title_case(inner)
        and (
            so_called
            or not (
                _CUE_BEFORE.search(_without_abbreviation_stops(before))
                or _CUE_AFTER.match(after)
                or _THAT_BEFORE.search(before)
            )
        )
    )
    return Quote(
        start=start,
        end=end,
        inner_start=inner_start,
        inner_end=inner_end,
        words=words,
        scare=scare,
        so_called=so_called,
    )


def _without_abbreviation_stops(text: str) -> str:
    """``text`` with the full stops of titles and initials as spaces (same length)."""
    return _ABBREVIATION_STOP.sub(lambda m: m.group()[:-1] + " ", text)


def _inside_quote(text: str, start: int) -> bool:
    """Whether a quote at ``start`` sits inside a longer one its paragraph opened before
    it ("они «верят, что ... создаст «эффект ореола» для препарата»"): the quoted
    speaker's marks, not the outlet's."""
    para = text[text.rfind("\n", 0, start) + 1 : start]
    return para.count("«") > para.count("»") or para.count("“") > para.count("”")


def _is_title_case(inner: str) -> bool:
    # Quoted titles and names ("Orange Is the New Black", «Газпром») are not scare quotes.
    # Ukrainian and Russian capitalise only a name's first word («Северный поток 2»,
    # «Східне партнерство», «Единая Россия»).
    words = [w for w in inner.split() if w[:1].isalpha()]
    if words and _CYRILLIC_CAPITAL.match(words[0]):
        return True
    long_words = [w for w in words if len(w) > 3] or words
    return bool(long_words) and all(_CAPITALISED.match(w) for w in long_words)


def quoted_by_speaker(quotes: list[Quote], start: int, end: int) -> Quote | None:
    """The direct quote (not a scare quote) that contains ``start:end``, if any."""
    for q in quotes:
        if not q.scare and q.inner_start <= start and end <= q.inner_end:
            return q
    return None
