"""Words for the Ukrainian and Russian patterns: the pattern lexicon, and what a word or a
short run of words is by its form and morphology (a person, a body, a finite verb, a case
or a number), and the times and occasions that name no source.

Shared by the cue patterns (``_patterns``) and the naming of source phrases (``_phrases``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import Any

from storydiff.attribute._base import (
    WORD,
    cues,
    morphology,
)

_morph = morphology


CAP = re.compile(r"^[A-ZА-ЯЁІЇЄҐ][\w'’ʼ-]*$")
CYRILLIC_ANY = re.compile(r"^[А-ЯЁІЇЄҐа-яёіїєґ'’ʼ-]+$")
# Initials before a surname ("Дж. Б. Прицкер"): one name, whose dots end no phrase.
INITIALS = re.compile(
    r"(?<!\w)(?:[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ]?\.\s?){1,3}(?=[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ'’ʼ-]+)"
)


@lru_cache(maxsize=4)
def pattern_lex(lang: str) -> dict[str, Any]:
    lex: dict[str, Any] = dict(cues()[lang]["patterns"])

    def alternation(table: dict[str, str]) -> re.Pattern[str]:
        parts = (f"(?P<c{i}>{key})" for i, key in enumerate(table))
        return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)

    if as_word := lex.get("as_word"):
        # "як зауважив X", "как объяснил политолог": any speech verb after "as" is a prefix.
        lex["prefix"] = {
            **lex.get("prefix", {}),
            **{f"{as_word} (?:{key})": lemma for key, lemma in lex["verbs"].items()},
        }
    for key in ("verbs", "prefix", "hedges"):
        table = lex.get(key, {})
        lex[key + "_re"] = alternation(table) if table else None
        lex[key + "_lemmas"] = list(table.values())
    return lex


def inside_quote(t: str, start: int, at: int) -> bool:
    """Whether ``at`` is inside guillemets opened after ``start`` (a quoted name)."""
    between = t[start:at]
    return between.count("«") > between.count("»")


TIME_NOUN = re.compile(
    r"понеділ(?:ок|ка|ку)|вівтор(?:ок|ка|ку)|серед[аиіу]|четвер(?:га|гу)?|п[ʼ'’]ятниц[яюі]"
    r"|субот[аиуі]|неділ[яюі]|понедельник[ау]?|вторник[ау]?|сред[аыу]|четверг[ау]?"
    r"|пятниц[аыуе]|суббот[аыуе]|воскресень[ея]|утр(?:о|ом|а)|вечер(?:ом|а)?|вечор(?:а|ом)"
    r"|вечір|ранк(?:у|ом)|ноч(?:ью|і)|вночі"
)
TIME_ADVERBS = frozenset(
    "вчора сьогодні днями напередодні вчера сегодня накануне позавчера позавчора".split()
)


# Openers of the occasion said between a verb and its source ("зазначив під час поїздки
# до району заступник голови ..."): the occasion is no part of the source.
_OCCASIONS = re.compile(
    r"\s*(?:під\s+час|у\s+ході|в\s+ході|в\s+рамках|у\s+рамках|во\s+время|в\s+ходе)(?!\w)",
    re.IGNORECASE,
)


def past_occasion(t: str, pos: int, end: int, lex: dict[str, Any], morph: Any | None) -> int:
    """Where the source starts after an occasion phrase ("під час поїздки до
    Недригайлівського району", "на брифинге"): at the first person after it
    ("заступник", "губернатор"), else at a body where it was said ("в пресс-службе
    Минздрава"); ``end`` when the occasion is all there is (no one is named), ``pos``
    when there is no occasion phrase."""
    m = _OCCASIONS.match(t, pos, end) or _event_at(t, pos, end, lex)
    if m is None:
        return pos
    words = list(WORD.finditer(t, m.end(), end))
    for w in words:
        if animate_nominative(w.group(), morph):
            return w.start()
    for w, nxt in pairwise(words):
        if w.group().lower() in LOCATIVE and names_a_body(nxt.group(), lex, morph):
            return w.start()
    return end


_EVENT_AT = re.compile(r"\s*(?:на|в|во|у)\s+(\w[\w'’ʼ-]*)", re.IGNORECASE)


def _event_at(t: str, pos: int, end: int, lex: dict[str, Any]) -> re.Match[str] | None:
    """ "на брифинге", "на засіданні": an event where something was said, at ``pos``."""
    m = _EVENT_AT.match(t, pos, end)
    stems = lex.get("occasions", ())
    if m is None or not any(re.match(stem, m.group(1).lower()) for stem in stems):
        return None
    return m


def names_a_body(word: str, lex: dict[str, Any], morph: Any | None) -> bool:
    """Whether a word after "в"/"у" names a body ("пресс-службе", "МОЗ", "Минздраве"),
    not a place ("Белгород")."""
    low = word.lower()
    if any(re.match(o, low) for o in (*lex.get("organisations", ()), *lex.get("media", ()))):
        return True
    return bool(SHORT_CAPS.match(word)) or (morph is not None and _orgn_only(word, morph))


def _orgn_only(word: str, morph: Any) -> bool:
    tags = [set(p.tag.grammemes) for p in morph.parse(word)[:2]]
    return any("Orgn" in t for t in tags) and not any("Geox" in t for t in tags)


# Words that lead into a time phrase: "в прошлую пятницу", "минулої п'ятниці".
_TIME_LEAD = frozenset(
    """в во у на прошлую прошлой прошлый прошлом этой этот эту этом минулої минулого
    минулий минулу минулому цієї цього цю цей""".split()
)


def before_time_phrase(t: str, start: int, end: int) -> tuple[int, int]:
    """The source phrase ``t[start:end]`` cut before a time phrase after its first word:
    "премьер Гарибашвили в прошлую пятницу в Братиславе" is the premier, not Bratislava."""
    words = list(WORD.finditer(t, start, end))
    for k in range(1, len(words)):
        low = words[k].group().lower()
        if low in TIME_ADVERBS or TIME_NOUN.fullmatch(low):
            while k > 1 and words[k - 1].group().lower() in _TIME_LEAD:
                k -= 1
            return start, words[k].start()
    return start, end


def animate_nominative(word: str, morph: Any | None) -> bool:
    """Whether a Cyrillic word is most likely an animate noun in the nominative: a person
    ("понтифик", "глава", "мэр"), hence a source after a speech verb."""
    if morph is None or not CYRILLIC_ANY.match(word):
        return False
    tag = morph.parse(word.lower())[0].tag
    return bool(tag.POS == "NOUN" and "anim" in tag and tag.case == "nomn")


def is_person_word(word: str, morph: Any | None) -> bool:
    """Whether a word is a given name, a surname or a patronymic, in any case
    (:func:`person_parses`)."""
    if morph is None:
        return bool(CAP.match(word))
    return bool(person_parses(word, morph, top=3))


def person_parses(word: str, morph: Any, *, top: int | None = None) -> list[Any]:
    """The readings of ``word`` as a given name, a surname or a patronymic (among the
    ``top`` first). A capitalised word the text's dictionary does not know is asked of the
    other one of uk and ru, which write most names alike: the Russian dictionary guesses
    "Олафа Шольца" (Olaf Scholz in the genitive) to be the nouns "олафа" and "шолец", and
    he was read as an organisation; the Ukrainian one knows both words as his."""
    parses = morph.parse(word)[:top]
    named = [p for p in parses if _PERSON_TAGS & set(p.tag.grammemes)]
    if named or any(p.is_known for p in parses):
        return named
    if not (CAP.match(word) and CYRILLIC_ANY.match(word)):
        return []
    return [
        p
        for other in map(morphology, ("uk", "ru"))
        if other is not None and other is not morph
        for p in other.parse(word)[:top]
        if p.is_known and _PERSON_TAGS & set(p.tag.grammemes)
    ]


_PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})


def ends_subject(words: list[re.Match[str]], i: int, preps: set[str]) -> bool:
    """Whether word ``i`` starts what follows a subject: a date, a quantity ("кілька тижнів
    тому"), or a preposition unless a name is still to come; a preposition right after a
    name ends it all the same ("Максим Степанов на своей странице в Facebook")."""
    lw = words[i].group().lower()
    if lw.isdigit() or lw in _SOME:
        return True
    if lw not in preps:
        return False
    later_name = any(CAP.match(w.group()) for w in words[i + 1 :])
    after_name = (
        bool(CAP.match(words[i - 1].group()))
        and i + 1 < len(words)
        and not CAP.match(words[i + 1].group())
    )
    return not later_name or after_name


def can_be_subject(words: list[re.Match[str]], morph: Any) -> bool:
    """Whether any of ``words`` can head a subject: a word in another script, a noun that
    can be nominative, or a capitalised word that is more than a modifier."""
    return any(
        not CYRILLIC_ANY.match(w.group())
        or can_be_nominative(w.group().lower(), morph)
        or (
            CAP.match(w.group())
            and not _only_modifier(w.group().lower(), morph)
            and not _common_noun_object(w.group(), morph)
        )
        for w in words
    )


def _common_noun_object(word: str, morph: Any) -> bool:
    """Whether a capitalised word is only capitalised where a sentence starts: a common
    noun that cannot be nominative, the one warned and not the one warning ("Посетителей
    предупреждают", "Туристов предупредили")."""
    parses = morph.parse(word.lower())[:4]
    named = {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad"}
    return bool(parses) and all(
        p.tag.POS == "NOUN" and not named & set(p.tag.grammemes) and "nomn" not in p.tag
        for p in parses
    )


def can_be_nominative(word: str, morph: Any) -> bool:
    """Whether ``word`` can head a subject: a noun or pronoun that can be nominative (not a
    possessive such as "її", "его")."""
    if word in POSSESSIVES:
        return False
    return any("nomn" in p.tag and p.tag.POS in ("NOUN", "NPRO") for p in morph.parse(word)[:4])


def plural_only(word: str, morph: Any) -> bool:
    """Whether every nominative reading of ``word`` is plural ("обращения", "заяви")."""
    nominative = [p for p in morph.parse(word)[:4] if "nomn" in p.tag]
    return bool(nominative) and all("plur" in p.tag for p in nominative)


def plural_verb(verb: str, lang: str) -> bool:
    """Whether a speech verb (its first word) is plural: "зазначили", and in the present
    "запевняють", "сообщают" too (an impersonal "they" that a body stands behind)."""
    first = verb.split()[0] if verb.split() else verb
    if first.endswith("ли"):
        return True
    morph = _morph(lang)
    parses = morph.parse(first)[:2] if morph is not None else []
    return bool(parses) and all(p.tag.POS == "VERB" and "plur" in p.tag for p in parses)


def singular_verb(verb: str, lang: str) -> bool:
    """Whether a speech verb (its first word) is surely singular: "сказал", "заявила",
    "пише"; a form that may be plural or that the analyser does not know is not."""
    morph = _morph(lang)
    first = verb.split()[0] if verb.split() else verb
    parses = morph.parse(first)[:2] if morph is not None else []
    return bool(parses) and all(
        p.tag.POS == "VERB"
        and "plur" not in p.tag
        and {"sing", "masc", "femn", "neut"} & set(p.tag.grammemes)
        for p in parses
    )


POSSESSIVES = frozenset("його її їх его ее её их".split())
# Quantities that start a time phrase after a subject: "Преса сусідів кілька тижнів тому".
_SOME = frozenset("кілька декілька кількох несколько нескольких".split())


def _only_modifier(word: str, morph: Any) -> bool:
    """Whether a capitalised word is only an adjective, adverb or verb form (a sentence
    start such as "Бездоганним"), not a name pymorphy3 knows or guesses."""
    parses = morph.parse(word)[:3]
    if any({"Name", "Surn", "Patr", "Geox", "Orgn", "UNKN"} & set(p.tag.grammemes) for p in parses):
        return False
    return bool(parses) and all(
        p.tag.POS in ("ADJF", "ADJS", "ADVB", "PRTF", "GRND", "VERB", "COMP") for p in parses
    )


def finite_verb(word: str, morph: Any) -> bool:
    parses = morph.parse(word)[:2]
    return bool(parses) and all(p.tag.POS == "VERB" for p in parses)


def is_adverb(word: str, morph: Any) -> bool:
    parses = morph.parse(word)[:2]
    return bool(parses) and parses[0].tag.POS == "ADVB"


# Where a bare verb puts something ("добавляют в список", "додала до переліку"); a
# topic ("заявляют о гибели") is what is said.
INTO = frozenset("в во у к ко до".split())
LOCATIVE = frozenset("у в во на".split())
SHORT_CAPS = re.compile(r"^[A-ZА-ЯЁІЇЄҐ]{2,4}$")
