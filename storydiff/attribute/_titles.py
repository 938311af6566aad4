"""A source named by its title alone is the person the article gave that title.

"the president said", "— сказал папа", "the pope said": an outlet names a person once
with a title ("President Joe Biden", "Папа Франциск", "Президент Франции Эмманюэль
Макрон") and then by the title alone. Such a source is no anonymous voice and no body
("pope" was typed an organisation): it is that person, when the article gave the title to
exactly one person before. Two people with the title ("President Biden", "President
Putin"), or none, leave the source as it was: a guess would be a finding nobody can back.

A title of several words is often a paraphrase of the one the name had: "Глава дипломатии
ЕС Жозеп Боррель заявил ..." and later "— пояснил глава евродипломатии". Such a phrase
is that person when each of its words stands in the title the article wrote before the
name, up to a case ending or as the end of a compound ("евродипломатии" ends in
"дипломатии"), and one person only has such a title. An English phrase must be definite
("the top diplomat"), and a plural one ("европейские лидеры") is no one person.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from storydiff.attribute._base import Draft, Mention, inflected_alike, morphology
from storydiff.attribute._bodies import is_body_noun
from storydiff.text.scripts import cyrillic_word

# A word of a title or a name: letters, with an inner apostrophe or hyphen.
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")
# What ends the stretch of text that can hold a name's title: a clause or quote boundary.
_BOUNDARY = re.compile(r"[.!?;:,()\[\]\n«»“”\"—–]")
# Capitalised words that may stand between a title and the name ("President of France"
# has none in English; "Президент Франции Эмманюэль Макрон", "US President Joe Biden").
_BETWEEN = 3
_LEADING = re.compile(r"^(?:the|this|that|цей|ця|этот|эта)\s+", re.IGNORECASE)
_KINDS = frozenset({"anonymous", "unknown", "organisation"})
# Words a parse may leave as a source that are no title ("claiming that President Obama").
_NOT_TITLES = frozenset(
    """that this these those which who whom what it he she they we you one
    що це цей який яка які хто что это этот который которая которые кто""".split()
)
# A title phrase of several words: at most this many, each found among the last
# ``_STRETCH`` words before the name.
_PHRASE_WORDS = 4
_STRETCH = 12
_PHRASE = re.compile(rf"[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){{1,{_PHRASE_WORDS - 1}}}")
# Words of a title phrase that carry no part of the title ("head of the EU", "глава МИД").
_LINKS = frozenset("of the for and in on at to по з зі із в у на и і та де".split())
# Words that open a phrase naming someone other than, or more than, one titled person.
_INDEFINITE = frozenset(
    """a an some another other any one two several many most all
    некоторые некоторых один одна одно другой другая многие деякі один одна інший інша
    багато""".split()
)


def titled_person(d: Draft, persons: Sequence[Mention], text: str) -> tuple[str, str] | None:
    """The one person named before ``d`` with the title ``d``'s source consists of, and
    the title as written; ``None`` but for a source of no resolved kind that is a title
    ("the president", "папа", "глава евродипломатии")."""
    if d.source is None or d.pronoun or d.backref or d.kind not in _KINDS:
        return None
    raw = text[d.source[0] : d.source[1]].strip()
    written = _LEADING.sub("", raw)
    if _PHRASE.fullmatch(written):
        return _phrase_person(d, d.source[0], persons, text, (raw, written))
    title = written.casefold()
    if not _WORD.fullmatch(written) or len(written) < 3 or title in _NOT_TITLES:
        return None
    if is_body_noun(title):
        return None  # "the commission": the body, not its president
    if written.isupper() or (d.kind == "organisation" and not written.islower()):
        return None  # "the AARP", "the Treasury": a body, though it heads a person's title
    return _one(d.source[0], persons, lambda at: _titled(text, at, title), written)


def _phrase_person(
    d: Draft, start: int, persons: Sequence[Mention], text: str, forms: tuple[str, str]
) -> tuple[str, str] | None:
    """``titled_person`` for a phrase of several words ("глава евродипломатии", "the top
    diplomat") at ``start``, as written and without its article (``forms``): each word but
    the links stands in the title before the one person's name."""
    raw, written = forms
    words = _WORD.findall(written)
    folded = [w.casefold() for w in words]
    english = not any(cyrillic_word(w) for w in folded)
    if d.kind == "organisation" or any(w[:1].isupper() for w in words[1:]):
        return None  # a name or a body's name ("Foreign Ministry"), no title
    if english and raw == written:
        return None  # "a senior official", "officials": no definite article, no one known
    if folded[0] in _INDEFINITE or any(is_body_noun(w) for w in folded):
        return None
    if _plural(folded, english):
        return None  # "европейские лидеры", "the leaders": more than one person
    title = [w for w in folded if w not in _LINKS and len(w) > 1]
    if len(title) < 2 or folded[-1] in _LINKS:
        return None  # "министр и" of "бывший министр и говорит": a parse's fragment
    return _one(start, persons, lambda at: _titled_by_phrase(text, at, title), written)


def _one(
    before: int, persons: Sequence[Mention], titled: Callable[[int], bool], written: str
) -> tuple[str, str] | None:
    """The one person named in the nominative before offset ``before`` whose name
    ``titled`` accepts, with the title as written."""
    found = {
        m.name
        for m in persons
        # a name not in the nominative there is no title's person: "эксперт Института
        # Хадсона" (of the Hudson Institute) does not make Hudson the expert
        if m.at < before and m.subject and titled(m.at)
    }
    # "Боррель" and "Жозеп Боррель" named with the title are one person
    people = {n for n in found if not any(o.endswith(" " + n) for o in found)}
    return (people.pop(), written) if len(people) == 1 else None


def _titled_by_phrase(text: str, at: int, title: Sequence[str]) -> bool:
    """Whether each word of ``title`` stands among the words just before the name at
    ``at``, in the same clause: "Глава дипломатии ЕС Жозеп Боррель" for "глава
    евродипломатии". Titles the name's phrase gives one after another, set off by a
    comma, are one stretch ("заступник міністра внутрішніх справ, начальник ... МВС
    Віталій Сакал" for "заступник міністра"); a country's adjective stands for the
    country the title names ("белорусский президент" for "Президент Беларуси")."""
    stretch = text[max(0, at - 200) : at]
    pieces = _BOUNDARY.split(stretch)
    before = pieces[-1]
    if len(pieces) > 1 and stretch.endswith("," + before):
        before = f"{pieces[-2]} {before}"  # one title set off by a comma before the last
    written = _WORD.findall(before)[-_STRETCH:]
    words = [w.casefold() for w in written]
    places = [w.casefold() for w in written if w[:1].isupper()]
    return bool(title) and all(
        any(_part_of(t, w) for w in words) or _country_adjective(t, places) for t in title
    )


# Endings of a Russian or Ukrainian adjective made from a country's name ("белорусский",
# "российский", "українська").
_COUNTRY_ADJECTIVE = re.compile(
    r"\w{3,}(?:ск|зк|цк|ськ|зьк|цьк)(?:ий|ая|ое|ие|ого|ой|ому|а|е|і|ої)"
)


def _country_adjective(word: str, places: Sequence[str]) -> bool:
    """Whether ``word`` is a Cyrillic adjective of a country that one of the capitalised
    ``places`` names, by their first three letters ("белорусский", "Беларуси")."""
    return (
        cyrillic_word(word)
        and _COUNTRY_ADJECTIVE.fullmatch(word) is not None
        and any(cyrillic_word(p) and p[:3] == word[:3] for p in places)
    )


def _part_of(word: str, other: str) -> bool:
    """Whether ``word`` is ``other``, up to a Cyrillic case ending, or a compound ending in
    it ("евродипломатии" / "дипломатии")."""
    short, long = sorted((word, other), key=len)
    if _same_word(word, other):
        return True
    tail = long[-len(short) :]
    return len(short) >= 6 and cyrillic_word(short) and _same_word(tail, short)


def _plural(words: Sequence[str], english: bool) -> bool:
    """Whether the phrase names several people: its English head (the last word) ends in
    a plural -s, or its Ukrainian or Russian first noun is plural in every reading."""
    if english:
        return words[-1].endswith("s") and not words[-1].endswith("ss")
    # the letters only Ukrainian writes say which dictionary reads the phrase
    morph = morphology("uk" if re.search("[іїєґ]", " ".join(words)) else "ru")
    if morph is None:
        return False
    for w in words:
        parses = morph.parse(w)[:2]
        if any(p.tag.POS == "NOUN" for p in parses):
            return all(p.tag.number == "plur" for p in parses)
    return False


def _titled(text: str, at: int, title: str) -> bool:
    """Whether the words just before the name at ``at`` hold ``title``, with nothing but
    capitalised words (a place, the rest of the name) between them."""
    before = _BOUNDARY.split(text[max(0, at - 120) : at])[-1]
    words = _WORD.findall(before)
    for n, word in enumerate(reversed(words)):
        if _same_word(word.casefold(), title):
            return True
        if n >= _BETWEEN or not word[:1].isupper():
            return False
    return False


def _same_word(a: str, b: str) -> bool:
    """One word, allowing a Cyrillic case ending ("президента" / "президент", "папы" /
    "папа")."""
    return a == b or (cyrillic_word(a) and cyrillic_word(b) and inflected_alike(a, b))
