"""What a source phrase found by the patterns names: a person (put in the nominative), a
body, an unnamed group or an outlet; coordinated names give one draft each.

Slavic names in oblique cases are put in the nominative with pymorphy3 when it is
installed, else with a table of common surname endings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from storydiff.attribute._base import (
    WORD,
    Draft,
    common_name,
    masculine_surname_nominative,
    morphology,
    outlet_name,
    trim,
    web_address,
)
from storydiff.attribute._words import (
    CAP,
    CYRILLIC_ANY,
    INITIALS,
    LOCATIVE,
    SHORT_CAPS,
    animate_nominative,
    before_time_phrase,
    inside_quote,
    is_person_word,
    past_occasion,
    pattern_lex,
    person_parses,
)
from storydiff.records import Segmented, SourceKind
from storydiff.text.scripts import cyrillic_word

_morph = morphology


def _common_noun(word: str, lex: dict[str, Any]) -> bool:
    low = word.lower()
    stems = (*lex.get("anonymous", ()), *lex.get("backrefs", ()), *lex.get("documents", ()))
    return any(re.match(stem, low) for stem in stems)


def is_anonymous(word: str, lex: dict[str, Any]) -> bool:
    low = word.lower()
    return any(
        low.startswith(stem) or _compound_head(low).startswith(stem)
        for stem in lex.get("anonymous", ())
    )


def _compound_head(word: str) -> str:
    """The last part of a hyphenated compound ("медиа-консультант" → "консультант"), which
    says what it names; a word without a hyphen is its own head."""
    return word.rsplit("-", 1)[-1] or word


# "and" between two sources: "Иван Петров и Мария Иванова", "Київ і Захід".
_AND = re.compile(r"\s+(?:і|й|та|и|and)\s+")


def drafts_for_phrase(
    seg: Segmented, base: Draft, src: tuple[int, int], lang: str, case: str = "nomn"
) -> list[Draft]:
    """``draft_for_phrase`` for each of the sources a phrase coordinates ("Иван Петров и
    Мария Иванова заявили": both said it, not only the one named last), each with the
    whole phrase as its source span. A phrase is split only where each part starts with
    a capital: "Міністерство екології та природних ресурсів" is one body."""
    text = seg.article.text
    parts, at = [], src[0]
    for m in _AND.finditer(text, src[0], src[1]):
        if inside_quote(text, src[0], m.start()):
            continue  # «Альянс «За жизнь» и ...»: inside a quoted name
        parts.append((at, m.start()))
        at = m.end()
    parts.append((at, src[1]))
    capitalised = all(
        (w := WORD.search(text, s, e)) is not None and CAP.match(w.group()) for s, e in parts
    )
    if len(parts) < 2 or not capitalised:
        draft = draft_for_phrase(seg, base, src, lang, case)
        return [] if draft is None else [draft]
    drafts = [draft_for_phrase(seg, base, part, lang, case) for part in parts]
    whole = trim(text, *src)
    return [replace(d, source=whole) for d in drafts if d is not None and not d.pronoun]


def draft_for_phrase(
    seg: Segmented, base: Draft, src: tuple[int, int], lang: str, case: str = "nomn"
) -> Draft | None:
    """Fill in the source of ``base`` from the phrase at ``src`` (``case`` is its grammatical
    case: "gent" after "за словами", "accs" after "з посиланням на").

    The readings are tried from the most specific to the least: an outlet, a pronoun, a
    body (uk, ru), a proper name, then an unnamed source."""
    text = seg.article.text
    lex = pattern_lex(lang)
    if lang != "en":
        # "На брифинге в пресс-службе Минздрава сообщили": the occasion is no source
        src = (past_occasion(text, src[0], src[1], lex, _morph(lang)), src[1])
    src = trim(text, *before_time_phrase(text, *src))
    if lang != "en":
        src = _without_trailing(text, src, lex)
    if (site := web_address(text, src)) is not None:
        return replace(base, source=site[0], name=site[1], kind=site[2])
    found = _past_topic(text, src, lex, lang)
    if found is None:
        return None
    src = found
    phrase = text[src[0] : src[1]]
    base = replace(base, source=src)
    outlet = outlet_name(phrase)
    if outlet is not None:
        return replace(base, name=outlet, kind="outlet")
    words = WORD.findall(phrase)
    if len(words) == 1 and words[0].lower() in lex["pronouns"]:
        return replace(base, name=words[0], kind="unknown", pronoun=True)
    if lang != "en" and any(w.lower() in _FIRST_SECOND for w in words[:3]):
        return None  # "як ви правильно зауважили": the interviewer or the author, no source
    if _no_subject(words, phrase, lang, case):
        return None  # "с Литвой и Латвией", "П. Могилою": no word of it can be a subject
    if lang != "en" and _from_place(words, _morph(lang)):
        return None  # "сообщили из Лос-Анджелеса": where it was reported from, no one
    if lang != "en" and (read := _initialled_body_or_from(base, phrase, words, lang, case)):
        return read
    after_the = lang == "en" and re.search(r"(?<!\w)the\s+$", text[: src[0]], re.I) is not None
    named = _named_source(base, phrase, words, lex, lang, case, after_the=after_the)
    named = _latin_brand(named, text, lang)
    return named if named is not None else _unnamed_source(base, words, lex, lang)


# Whom or what a report is about, after "о"/"про": "о нем", "про неї", "об этом".
_ABOUT_WHOM = frozenset("нем нём ней них нём этом том нього неї них цьому цей це цього".split())


def _past_topic(
    text: str, src: tuple[int, int], lex: dict[str, Any], lang: str
) -> tuple[int, int] | None:
    """``src`` past what the report is about: "сообщает о нем Straits Times" is the paper,
    "заявил о несогласии генпрокурор" the prosecutor; ``None`` when a topic is all there
    is ("как объявила о намерении побороться за кресло ...") or no word."""
    words = list(WORD.finditer(text, *src))
    if not words:
        return None
    if words[0].group().lower() not in lex.get("topic_prepositions", ()):
        return src
    if len(words) > 2 and words[1].group().lower() in _ABOUT_WHOM:
        return words[2].start(), src[1]
    morph = _morph(lang)
    for w in words[2:]:
        name = bool(CAP.match(w.group())) and (
            not CYRILLIC_ANY.match(w.group()) or is_person_word(w.group(), morph)
        )
        if name or animate_nominative(w.group(), morph):
            return w.start(), src[1]
    return None


def _without_trailing(text: str, src: tuple[int, int], lex: dict[str, Any]) -> tuple[int, int]:
    """``src`` without the words that trail a subject ("Зеленский сам", "Россия не раз")."""
    words = list(WORD.finditer(text, *src))
    kept = len(words)
    while kept > 1 and words[kept - 1].group().lower() in lex["trailing"]:
        kept -= 1
    return src if kept == len(words) else (src[0], words[kept - 1].end())


def _from_place(words: list[str], morph: Any | None) -> bool:
    """Whether a source phrase is "from" and place names alone ("из Лос-Анджелеса")."""
    if morph is None or len(words) < 2 or words[0].lower() not in ("из", "з", "із", "зі"):
        return False
    return all(CAP.match(w) and any("Geox" in p.tag for p in morph.parse(w)[:2]) for w in words[1:])


def _named_source(
    base: Draft,
    phrase: str,
    words: list[str],
    lex: dict[str, Any],
    lang: str,
    case: str,
    *,
    after_the: bool = False,
) -> Draft | None:
    """``base`` with the proper name that ends the phrase as source, in the nominative, and
    the words before it as affiliation ("Kremlin spokesman Dmitry Peskov"); ``None`` when
    the phrase ends in no name."""
    name_words, kind = _name_words(words, lang, after_the=after_the)
    if case == "nomn" and name_words and _only_oblique(name_words[0], lang):
        # "замминистра ... Украины", "Литвой": a name in the genitive or instrumental
        # belongs to the words before it, or to no subject at all
        return None
    if (
        name_words
        and name_words[0] == words[0]
        and CAP.match(words[0])
        and (_common_noun(words[0], lex) or _role_word(words[0], lang))
    ):
        # a capitalised first word of the sentence: "Officials", "Парламентарий", "Дехто"
        name_words = name_words[1:]
    if not name_words:
        return None
    name = " ".join(_nominative_name(name_words, lang, case))
    rest = WORD.findall(phrase[: phrase.rfind(name_words[0])])
    while rest and rest[0].lower() in lex["skip"]:
        rest = rest[1:]
    aff = phrase[phrase.find(rest[0]) : phrase.rfind(name_words[0])].strip(" ,") if rest else ""
    return replace(base, name=name, kind=kind, affiliation=aff or None)


_NAMED = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad"})


def _only_oblique(word: str, lang: str) -> bool:
    """Whether a Cyrillic word is a place or a body the dictionary knows, and no
    nominative of it ("Украины", "Литвой", "Госдумы"); a person's name is not judged
    ("Пушков" is also a genitive plural), nor an unknown word ("Боррель")."""
    morph = _morph(lang) if lang in ("uk", "ru") else None
    if morph is None or not CYRILLIC_ANY.match(word):
        return False
    parses = morph.parse(word.lower())[:4]
    return bool(parses) and all(
        p.is_known and p.tag.case not in ("nomn", None) and {"Geox", "Orgn"} & set(p.tag.grammemes)
        for p in parses
    )


def _role_word(word: str, lang: str) -> bool:
    """Whether a capitalised word is a word for people that the dictionary knows and that
    names no one ("Парламентарий", "Дехто"): capitalised only where a sentence starts."""
    morph = _morph(lang) if lang in ("uk", "ru") else None
    parses = morph.parse(word.lower())[:3] if morph is not None else []
    return (
        bool(parses)
        and all(p.is_known and not _NAMED & set(p.tag.grammemes) for p in parses)
        and (
            parses[0].tag.POS == "NPRO" or (parses[0].tag.POS == "NOUN" and "anim" in parses[0].tag)
        )
    )


def _unnamed_source(base: Draft, words: list[str], lex: dict[str, Any], lang: str) -> Draft | None:
    """``base`` with a source the phrase does not name: a back-reference ("the
    journalists"), a document, an anonymous source ("officials", "мешканці села"), else
    the phrase as written (``None`` for a whole English clause)."""
    common = common_name(" ".join(words))
    if any(w.lower().startswith(tuple(lex.get("backrefs", ()))) for w in words[:2]):
        return replace(base, name=common, kind="anonymous", backref=True)
    if any(re.match(stem, w.lower()) for stem in lex.get("documents", ()) for w in words[:2]):
        return replace(base, name=common, kind="document")
    if any(is_anonymous(w, lex) for w in " ".join(words).lower().split()):
        return replace(base, name=common, kind="anonymous")
    if lang == "en" and len(words) > 5:
        return None  # a whole clause before "said" is not a source
    morph = _morph(lang) if lang in ("uk", "ru") else None
    if morph is not None and words[0].lower() in _THIS_SUCH and not _animate_head(words, morph):
        return None  # "Это решение говорит", "Така позиція свідчить": a thing, no one
    if morph is not None and _animate_head(words, morph):
        # "священників", "мешканці села": unnamed people, whatever their role is called.
        return replace(base, name=common, kind="anonymous")
    return replace(base, name=common, kind="unknown")


# Speech verbs of publishing: what a brand "пише" or "сообщает" it publishes, as an outlet.
_PUBLISHING = frozenset({"write", "report", "publish", "relay", "quote"})


def _latin_brand(d: Draft | None, text: str, lang: str) -> Draft | None:
    """``d`` with a person's name a Ukrainian or Russian text leaves in Latin letters read
    as a brand: those texts spell people's names in Cyrillic ("Дональд Трамп") and keep the
    Latin of outlets, platforms and firms ("сообщает Le360", "Facebook заявил"). What a
    brand publishes makes it an outlet ("как сообщает Alarabiya"); any other speech, an
    organisation. A verb in the feminine past says a woman speaks ("ответила ему
    Nataliya", a reader's nickname), and brands take the masculine: that name stays hers."""
    if d is None or lang == "en" or d.kind != "person":
        return d
    if any(cyrillic_word(w) for w in d.name.split()):
        return d
    cue = WORD.findall(text[d.cue[0] : d.cue[1]])
    morph = _morph(lang)
    if morph is not None and cue and any(p.tag.gender == "femn" for p in morph.parse(cue[-1])[:2]):
        return d
    return replace(d, kind="outlet" if d.lemma in _PUBLISHING else "organisation")


# A person's name, then where the person is from: "Раджу из Навин Галла Манди на Ситапур-роуд".
_FROM_PLACE = re.compile(r"(?<=[\w'’ʼ-])\s+(?:из|з|із|зі)\s+[«\"“]?([A-ZА-ЯЁІЇЄҐ][\w'’ʼ-]*)")


def _person_from(
    base: Draft, phrase: str, lex: dict[str, Any], lang: str, case: str
) -> Draft | None:
    """``base`` with the person a phrase names before saying where the person is from
    ("Раджу из Навин Галла Манди на Ситапур-роуд сказал": Раджу, from a market on a road,
    not a person called "Ситапур-роуд"), the place kept as the affiliation; ``None`` when
    the phrase says no such thing, or no person stands before it."""
    m = _FROM_PLACE.search(phrase)
    morph = _morph(lang)
    if m is None or morph is None:
        return None
    if all("ablt" in p.tag for p in morph.parse(m.group(1))[:3]):
        return None  # "Зеленський з Макроном": with whom, two speakers, not where from
    head = phrase[: m.start()]
    found = _named_source(base, head, WORD.findall(head), lex, lang, case)
    if found is None or found.kind != "person" or not head.rstrip().endswith(found.name):
        return None
    where = phrase[m.start() :].strip()
    return replace(found, affiliation=" ".join(filter(None, (found.affiliation, where))))


def _initialled_body_or_from(
    base: Draft, phrase: str, words: list[str], lang: str, case: str
) -> Draft | None:
    """A Ukrainian or Russian source phrase read as a person by initials and surname
    (``_initialled``), else as a body by its head noun (``_body``), else as a person and
    where the person is from (``_person_from``), else ``None``."""
    if (initialled := _initialled(base, phrase, lang, case)) is not None:
        return initialled
    lex = pattern_lex(lang)
    body = _body(words, lex, lang, case)
    if body is not None:
        return replace(base, name=body[0], kind=body[1])
    return _person_from(base, phrase, lex, lang, case)


def _oblique_only(word: str, morph: Any) -> bool:
    """Whether the dictionary reads ``word`` in cases other than the nominative only
    ("Могилою": by Mohyla); an unknown surname ("Прицкер") is not judged."""
    readings = [p for p in morph.parse(word)[:3] if "UNKN" not in p.tag and p.tag.case]
    return bool(readings) and all(p.tag.case != "nomn" for p in readings)


def _no_subject(words: list[str], phrase: str, lang: str, case: str) -> bool:
    """Whether a phrase that should be a subject holds none: every word of it a place or a
    body in an oblique case ("с Литвой и Латвией"), or it ends in initials and a surname
    in one ("конструювання ... П. Могилою нагадують": by Mohyla)."""
    if case != "nomn":
        return False
    if all(_only_oblique(w, lang) for w in words):
        return True
    if INITIALS.search(phrase) is None:
        return False  # initials are written with their dots: "В Москве" has none
    run = len(words)
    while run > 0 and CAP.match(words[run - 1]):
        run -= 1
    return _initials_by_whom(words[run:], lang)


def _initials_by_whom(name_words: list[str], lang: str) -> bool:
    """Whether a name of initials and a surname stands in an oblique case only ("П.
    Могилою", by Mohyla), so that it can be no subject."""
    morph = _morph(lang) if lang in ("uk", "ru") else None
    # an initial is one capital, or a capital and a small letter ("Дж"); "ДО" is a word
    initials = len(name_words) > 1 and all(
        len(w) == 1 or (len(w) == 2 and w[1].islower()) for w in name_words[:-1]
    )
    return bool(morph is not None and initials and _oblique_only(name_words[-1], morph))


def _initialled(base: Draft, phrase: str, lang: str, case: str) -> Draft | None:
    """``base`` with the person a phrase ending in initials and a surname names ("губернатор
    штата Иллинойс Дж. Б. Прицкер"): the initials belong to the surname after them, not to
    the place before them; ``None`` when the phrase ends otherwise."""
    last = None
    for m in INITIALS.finditer(phrase):
        last = m
    if last is None:
        return None
    surname = WORD.match(phrase, last.end())
    if surname is None or phrase[surname.end() :].strip(" ,"):
        return None
    morph = _morph(lang)
    if case == "nomn" and morph is not None and _oblique_only(surname.group(), morph):
        return None  # "конструювання ... П. Могилою нагадують": by whom, not who
    initials = " ".join(last.group().split())
    name = f"{initials} {_nominative_name([surname.group()], lang, case)[0]}"
    aff = phrase[: last.start()].strip(" ,")
    return replace(base, name=name, kind="person", affiliation=aff or None)


def _name_words(
    words: list[str], lang: str, *, after_the: bool = False
) -> tuple[list[str], SourceKind]:
    """The trailing proper name of a source phrase and whether it is a person
    (``after_the``: the phrase follows an English "the" left out of it)."""
    not_names = pattern_lex(lang)["not_names"]
    run: list[str] = []
    for w in reversed(words):
        if not CAP.match(w) or len(run) == 3 or w in not_names:
            break
        run.insert(0, w)
    if not run:
        return [], "unknown"
    morph = _morph(lang) if lang in ("uk", "ru") else None
    if morph is not None:
        run = _known_name(run, morph)
        named = any(is_person_word(w, morph) for w in run)
        if named and len(run) > 1 and any(_SHOUTED.match(w) for w in run):
            # "Роман БОГАЧОВ": a surname in capitals after a first name, not an acronym.
            return run, "person"
        tags = set().union(*(p.tag.grammemes for p in morph.parse(run[-1])[:3]))
        person = (
            named
            or _foreign_name(run, morph, words[: len(words) - len(run)])
            or "UNKN" in tags
            or not ({"Geox", "Orgn", "inan"} & tags)
        )
    else:
        # Without a dictionary: at most first name and surname; a sentence-initial common
        # noun ("Речник") stays out unless it is all there is.
        run = run[-2:] if len(run) > 2 or run[0] != words[0] else run
        # "The Times reports": a person's name takes no article; a paper's or a body's does.
        lead = len(words) - len(run) - 1
        person = not (words[lead].lower() == "the" if lead >= 0 else after_the)
    if any(w.isupper() and len(w) > 1 for w in run):
        person = False  # acronyms name bodies: МЗС, NATO
    if person:
        run = _with_particles(run, words[: len(words) - len(run)], morph)
    return run, "person" if person else "organisation"


def _with_particles(run: list[str], before: list[str], morph: Any | None) -> list[str]:
    """A person's name with the nobiliary particles right before it, and the first name
    before those: "уточнила фон дер Ляйен" names "фон дер Ляйен", whose particle is no
    title, and "Урсула фон дер Ляйен" keeps her first name."""
    particles = _particles(before)
    if not particles:
        return run
    rest = before[: len(before) - len(particles)]
    first = rest[-1:] if morph is not None and rest and CAP.match(rest[-1]) else []
    if first and not (is_person_word(first[0], morph) or _unknown(first[0], morph)):
        first = []
    return first + particles + run


# Nobiliary particles a Cyrillic text writes in lower case inside a foreign surname: the
# first opens it ("фон", "ван"), the second may follow ("дер", "ден", "де").
_PARTICLES = frozenset({"фон", "ван"})
_PARTICLES_AFTER = frozenset({"дер", "ден", "де"})


def _particles(before: list[str]) -> list[str]:
    """The nobiliary particles that end ``before``, the words before a surname ("фон
    дер" of "фон дер Ляйен", "ван" of "ван Гог"); none where they do not."""
    if before[-1:] and before[-1] in _PARTICLES:
        return before[-1:]
    if before[-2:-1] and before[-2] in _PARTICLES and before[-1] in _PARTICLES_AFTER:
        return before[-2:]
    return []


def _known_name(run: list[str], morph: Any) -> list[str]:
    """A run of capitalised words cut to its last word and the first names, surnames and
    patronymics pymorphy3 knows right before it."""
    keep = [run[-1]]
    for w in reversed(run[:-1]):
        parses = morph.parse(w)
        named = any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in parses)
        if named and not _case_agrees(parses, morph.parse(keep[0])):
            break  # "Института Хадсона Питер Раф": the institute's name, in the genitive
        # a first name the dictionary does not know ("Жозеп" of "Жозеп Боррель") is no
        # word of the role before it ("Глава дипломатии Евросоюза"): those it knows. One
        # such word, right before the surname: "Евросюза Жозеп Боррель" (a misspelt
        # "Евросоюза") is a role's word, then the name
        if not named and not (len(keep) == 1 and _unknown(w, morph)):
            break
        keep.insert(0, w)
    return keep


def _case_agrees(parses: Any, after: Any) -> bool:
    """Whether a name word can stand in a case of the name word after it: the words of one
    name agree ("Петра Порошенка", "Питер Раф"); a surname known only in the genitive
    before a first name in the nominative ("Хадсона Питер") belongs to what precedes.
    Only the readings as a name count; a word with none agrees with anything."""
    cases = {p.tag.case for p in parses if _NAME_PARTS & set(p.tag.grammemes)}
    then = {p.tag.case for p in after if _NAME_PARTS & set(p.tag.grammemes)}
    return not cases or not then or bool(cases & then)


_NAME_PARTS = frozenset({"Name", "Surn", "Patr"})


def _unknown(word: str, morph: Any) -> bool:
    """Whether a capitalised Cyrillic word is unknown to the dictionary: a foreign name
    ("Жозеп", "Боррель"), not a word of a role or a body, nor an acronym."""
    return _CYRILLIC_WORD.match(word) is not None and not any(
        p.is_known for p in morph.parse(word.lower())[:3]
    )


def _foreign_name(run: list[str], morph: Any, before: list[str]) -> bool:
    """Whether a run of capitalised words after the words ``before`` is a foreign name:
    two words or more, each a name the dictionary knows or a word it does not know
    ("Жозеп Боррель", read as two inanimate nouns); a first name it does not know before a
    surname it reads as a thing, not a place or a body ("Нед Прайс": "прайс", a price); or
    a surname after a nobiliary particle ("фон дер Ляйен", "ван дер Беллен")."""
    if before[-2:-1] in (["фон"], ["ван"]) or before[-1:] in (["фон"], ["ван"]):
        return True
    if len(run) < 2:
        return False
    if all(is_person_word(w, morph) or _unknown(w, morph) for w in run):
        return True
    return _unknown(run[0], morph) and not any(_place_or_body(w, morph) for w in run[1:])


def _place_or_body(word: str, morph: Any) -> bool:
    """Whether the dictionary reads ``word`` as a place, a body or an abbreviation."""
    return any({"Geox", "Orgn", "Abbr"} & set(p.tag.grammemes) for p in morph.parse(word)[:3])


# Genitive/accusative → nominative endings of Slavic surnames, for when pymorphy3 is absent.
_NOMINATIVE_FALLBACK = (
    ("ого", "ий"),
    ("ої", "а"),
    ("ой", "а"),
    ("ія", "ій"),
    ("ы", "а"),
    ("и", "а"),
    ("я", "ь"),
    ("а", ""),
)
_CYRILLIC_WORD = re.compile(r"^[А-ЯЁІЇЄҐ][а-яёіїєґ'’-]+$")


def _acronym(word: str, morph: Any | None) -> bool:
    """Whether a word in capitals is an abbreviation the dictionary knows ("НАТО")."""
    return morph is not None and any(
        "Abbr" in set(p.tag.grammemes) for p in morph.parse(word.lower())[:3]
    )


def _nominative_name(words: list[str], lang: str, case: str) -> list[str]:
    """The words of a name in the nominative: each by its own readings (``_nominative``),
    and a surname the dictionary does not read as one, after a man's first name in the
    same case, by its ending ("Эммануэля Макрона": "Эммануэль Макрон", not "Эммануэль
    Макрона")."""
    out = [_nominative(w, lang, case) for w in words]
    morph = _morph(lang)
    if morph is None or case not in ("gent", "accs") or len(words) < 2 or out[0] == words[0]:
        return out
    first = person_parses(words[0], morph)
    man = any({"Name", "masc", case} <= set(p.tag.grammemes) for p in first)
    for i in range(1, len(words)):
        if man and out[i] == words[i] and _CYRILLIC_WORD.match(words[i]):
            out[i] = masculine_surname_nominative(words[i])
    return out


def _nominative(word: str, lang: str, case: str) -> str:
    morph = _morph(lang)
    if _SHOUTED.match(word) and not _acronym(word, morph):
        word = word.capitalize()  # "СВІРСЬКОГО" → "Свірського" → "Свірський"
    if case == "nomn" or not _CYRILLIC_WORD.match(word):
        return word
    if morph is not None:
        for p in person_parses(word, morph):
            if case in p.tag.grammemes:
                form = p.inflect({"nomn"})
                if form is not None:
                    return str(form.word).capitalize()
        return word
    for end, repl in _NOMINATIVE_FALLBACK:
        if word.endswith(end) and len(word) > len(end) + 2:
            return word[: len(word) - len(end)] + repl
    return word


# First- and second-person pronouns: the author or the interviewer, never a source.
_FIRST_SECOND = frozenset("я ми ви ти мы вы ты".split())
# A Cyrillic word in capitals long enough to be a surname rather than an acronym.
_SHOUTED = re.compile(r"^[А-ЯЁІЇЄҐ'’ʼ-]{4,}$")
# "это издание", "це видання": a back-reference; "британские издания": the press at large.
_DEMONSTRATIVES = frozenset("це цей ця ці дане даний це это этот эта эти данное данный".split())
# "this", "such", "the same" before a noun: with a thing for head, no source.
_THIS_SUCH = _DEMONSTRATIVES | frozenset(
    "такая такой такое такие тот тем той такий така таке такі той".split()
)


def _body(
    words: list[str], lex: dict[str, Any], lang: str, case: str
) -> tuple[str, SourceKind] | None:
    """A body or the media as source, with its name in the nominative: "у Ковельському
    міськвиконкомі" → ("Ковельський міськвиконком", organisation), "Державна служба
    України з надзвичайних ситуацій", "представники Россільгоспнагляду", "Преса сусідів".
    ``None`` when the phrase ends in a person's name or is no body."""
    morph = _morph(lang)
    located = words[0].lower() in LOCATIVE and len(words) > 1
    if located:
        words, case = words[1:], "loct"
    low = [w.lower() for w in words]
    head = next((i for i, w in enumerate(low[:3]) if morph is None or _noun(w, morph)), 0)
    if _ends_in_person(words, morph):
        return None  # "Пресс-секретарь Белого дома Джен Псаки": the person speaks
    plain = head == 0 or low[head - 1] in _DEMONSTRATIVES
    if plain and any(re.match(b, low[head]) for b in lex.get("backrefs", ())):
        # "издание": a back-reference to the outlet named before; "Газета ВЗГЛЯД": named.
        named = [w for w in words[head + 1 :] if CAP.match(w)]
        return (" ".join(named), "outlet") if named else None
    kind = _body_kind(words, head, lex, morph, located=located)
    if kind is None and any(low[head].startswith(a) for a in lex.get("anonymous", ())):
        return _role_at_body(words, morph)
    if kind is None and _capitalised_body(words, head, morph):
        kind = "organisation"
    return None if kind is None else (_nominative_phrase(words, head, lang, case), kind)


def _ends_in_person(words: list[str], morph: Any | None) -> bool:
    """Whether a phrase of three words or more ends in a first name and a surname."""
    return (
        len(words) > 2
        and all(CAP.match(w) for w in words[-2:])
        and (morph is None or is_person_word(words[-2], morph))
    )


def _body_kind(
    words: list[str], head: int, lex: dict[str, Any], morph: Any | None, *, located: bool
) -> SourceKind | None:
    """What kind of body the phrase names by its head noun ("міністерство", "газета") or
    by where it is ("в Госдепе", "В Запорожской области"); ``None`` when neither tells."""
    stem = words[head].lower()
    if any(re.match(o, stem) for o in lex.get("organisations", ())):
        return "organisation"
    # A compound's head is its last part: "медиа-консультант" is an adviser, not the media.
    if any(re.match(o, _compound_head(stem)) for o in lex.get("media", ())):
        return "outlet"
    if located and morph is not None and (CAP.match(words[0]) or _orgn(words[0], morph)):
        return "organisation"
    return None


def _capitalised_body(words: list[str], head: int, morph: Any | None) -> bool:
    """ "Державна служба України ...", "Національного олімпійського комітету": a body named
    by a capitalised phrase that is no person's name and has no animate head."""
    return (
        head == 0
        and bool(CAP.match(words[0]))
        and len(words) > 1
        and morph is not None
        and not _animate_head(words, morph)
        and not any(is_person_word(w, morph) for w in words[:2])
    )


def _role_at_body(words: list[str], morph: Any | None) -> tuple[str, SourceKind] | None:
    """ "канцлер ФРГ", "глава МИД России": a role at a body names an anonymous source by
    the whole phrase; a role alone ("заступник міністра") is left to the anonymous-source
    reading (``None``)."""
    if (
        len(words) > 1
        and all(SHORT_CAPS.match(w) or CAP.match(w) for w in words[1:])
        and not (morph is not None and is_person_word(words[-1], morph))
    ):
        return " ".join(words), "anonymous"
    return None


def _animate_head(words: list[str], morph: Any) -> bool:
    """Whether the first noun among the first three words names people ("губернатор",
    "священників"): pymorphy3 marks it animate."""
    for w in words[:3]:
        parses = [p for p in morph.parse(w.lower())[:2] if p.tag.POS == "NOUN"]
        if parses:
            return "anim" in parses[0].tag
    return False


def _noun(word: str, morph: Any) -> bool:
    return any(p.tag.POS == "NOUN" for p in morph.parse(word)[:2])


def _orgn(word: str, morph: Any) -> bool:
    return any({"Orgn", "Geox"} & set(p.tag.grammemes) for p in morph.parse(word)[:3])


def _nominative_phrase(words: list[str], head: int, lang: str, case: str) -> str:
    """``words`` with the head noun and the adjectives before it put in the nominative
    ("Ковельському міськвиконкомі" → "Ковельський міськвиконком"); the rest as written."""
    morph = _morph(lang)
    out = list(words)
    if morph is not None and case != "nomn":
        for i in range(head + 1):
            w = words[i]
            if SHORT_CAPS.match(w):
                continue  # an acronym does not decline: "в МОЗ" is "МОЗ", not "Моз"
            for p in morph.parse(w.lower()):
                if case in p.tag.grammemes or (case == "loct" and "datv" in p.tag.grammemes):
                    want = {"nomn"} | ({"plur"} if "plur" in p.tag.grammemes else set())
                    form = p.inflect(want)
                    if form is not None:
                        word = str(form.word)
                        out[i] = word.capitalize() if w[:1].isupper() else word
                    break
    return " ".join(out)
