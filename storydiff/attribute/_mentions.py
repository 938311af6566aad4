"""People named in Ukrainian and Russian text, whom a later "він" or "она" may mean.

English takes its persons from spaCy's entities; for uk and ru there is no tagger here,
so a person is a capitalised word that pymorphy3 reads as a first name, surname or
patronymic and not as a place, a body or a thing: "Мария Иванова", "Кулеба". A word the
dictionary also knows as a thing is taken only after a first name: "Києві" (a first name
in the dictionary, and the city) and "Песков" (a plural noun too) are not people alone,
since a pronoun resolved to a place is worse than one left without a speaker.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from storydiff.attribute._base import WORD, Mention, cues, masculine_surname_nominative, morphology
from storydiff.attribute._words import person_parses
from storydiff.records import Segmented

_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
_NAMELIKE = _NAME_TAGS | {"Poss"}
# Readings less likely than this are noise ("Путин" as a plural of "путина").
_MIN_SCORE = 0.05
_CAPITALISED = re.compile(r"^[А-ЯЁІЇЄҐ][а-яёіїєґ'’ʼ-]+$")
_PRONOUNS = frozenset("він вона вони воно он она они оно".split())


def persons_named(seg: Segmented, lang: str) -> list[Mention]:
    """The people the article names, in text order (``[]`` without pymorphy3)."""
    morph = morphology(lang)
    if morph is None:
        return []
    out: list[Mention] = []
    preps = frozenset(cues()[lang]["patterns"]["prepositions"])
    for sent in seg.sentences:
        for run in _capitalised_runs(sent.text):
            # after a preposition a name is in an oblique case ("до Львова" is no
            # "Львова" in the nominative), whoever it names
            lead = WORD.findall(sent.text[: run[0].start()])[-1:]
            oblique = bool(lead) and lead[0].lower() in preps
            found = _people_in_run(run, morph, sent.start, sent.index)
            verb = _past_verb_gender(sent.text, run[0].start(), run[-1].end(), morph)
            out += [
                m if m.gender or not m.subject or verb is None else replace(m, gender=verb)
                for m in found
                if not (oblique and m.at == sent.start + run[0].start() and m.subject)
            ]
    return out


def _past_verb_gender(text: str, start: int, end: int, morph: Any) -> str | None:
    """The gender of a past-tense verb right after or right before a name, which agrees
    with it: "Кастро похитил", "— сказала Кастро", whatever the surname allows."""
    after = WORD.match(text, end + len(text[end:]) - len(text[end:].lstrip()))
    before = WORD.findall(text[:start])[-1:]
    for word in ([after.group()] if after else []) + before:
        readings = _readings(word, morph)
        genders = {str(p.tag.gender) for p in readings if p.tag.POS == "VERB" and p.tag.gender}
        if all(p.tag.POS == "VERB" for p in readings) and len(genders) == 1:
            gender = genders.pop()
            return gender if gender in ("masc", "femn") else None
    return None


def _capitalised_runs(text: str) -> list[list[re.Match[str]]]:
    """Runs of capitalised Cyrillic words with only spaces between them, outside
    guillemets."""
    runs: list[list[re.Match[str]]] = []
    for w in WORD.finditer(text):
        if not _CAPITALISED.match(w.group()) or w.group().lower() in _PRONOUNS:
            continue
        if text[: w.start()].count("«") > text[: w.start()].count("»"):
            continue  # a quoted name is a body's or a title's: ТОВ «Грімальді»
        if runs and not text[runs[-1][-1].end() : w.start()].strip():
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def _readings(word: str, morph: Any) -> list[Any]:
    return list(_likely_readings(word.lower(), morph))


@lru_cache(maxsize=16384)
def _likely_readings(word: str, morph: Any) -> tuple[Any, ...]:
    """pymorphy3's likely readings of a lower-case word, parsed once per process: a
    long article names the same people again and again."""
    parses = morph.parse(word)[:4]
    return tuple([p for p in parses if p.score >= _MIN_SCORE] or parses[:1])


def _name_readings(word: str, morph: Any) -> list[Any]:
    """The readings of ``word`` as one person's name: a plural one ("Оленки" as the
    plural of "Оленка") names no one person. A name the text's dictionary does not know
    may be read by the other one of uk and ru (``person_parses``: "Олафа Шольца")."""
    readings = _readings(word, morph)
    named = [p for p in readings if _NAME_TAGS & set(p.tag.grammemes)]
    if not named and not any(p.is_known for p in readings):
        named = person_parses(word, morph, top=4)
    return [p for p in named if "plur" not in p.tag]


def _people_in_run(run: list[re.Match[str]], morph: Any, off: int, sentence: int) -> list[Mention]:
    """The people a run names: a first name with up to two capitalised words after it
    ("Мария Иванова", "Олена Коваль"), or a word that can only be a name ("Кулеба")."""
    out: list[Mention] = []
    i = 0
    while i < len(run):
        readings = _name_readings(run[i].group(), morph)
        first_name = [p for p in readings if "Name" in p.tag and "anim" in p.tag]
        if first_name and i + 1 < len(run):
            words = [run[i]]
            for w in run[i + 1 : i + 3]:
                if {"Geox", "Orgn"} & set(_readings(w.group(), morph)[0].tag.grammemes):
                    break
                words.append(w)
            if len(words) > 1:
                out += _mentions(words, first_name, morph, off, sentence)
                i += len(words)
                continue
        # Alone, a word is a name only when every reading of it is one (or a possessive
        # made of one, "Петров"): "Надалі" (also a first name in the dictionary) starts
        # a sentence, "Києві" is also the city.
        every = _readings(run[i].group(), morph)
        if readings and all(_NAMELIKE & set(p.tag.grammemes) for p in every):
            out += _mentions([run[i]], readings, morph, off, sentence)
        i += 1
    return out


def _mentions(
    words: list[re.Match[str]], readings: list[Any], morph: Any, off: int, sentence: int
) -> list[Mention]:
    """The person named by ``words``, once per gender its first word's ``readings`` allow:
    "Петрова" is Petrova in the nominative or Petrov in the genitive, and "он" may mean
    only the second. Each reading is put in the nominative by its own case."""
    by_gender: dict[str | None, list[Any]] = {}
    for p in readings:
        gender = str(p.tag.gender) if p.tag.gender in ("masc", "femn") else None
        by_gender.setdefault(gender, []).append(p)
    out = []
    for gender, group in by_gender.items():
        nominative = any(p.tag.case == "nomn" for p in group)
        if nominative:
            name = " ".join(w.group() for w in words)
        else:
            case = group[0].tag.case
            name = " ".join(_name_in_nominative([w.group() for w in words], case, gender, morph))
        out.append(
            Mention(
                at=off + words[0].start(),
                sentence=sentence,
                name=name,
                gender=gender,
                subject=nominative,
            )
        )
    return out


def _name_in_nominative(words: list[str], case: str, gender: str | None, morph: Any) -> list[str]:
    """The words of a name in the nominative, each by its readings, and a man's surname
    the dictionary does not know as one by its ending ("Эммануэля Макрона": "Эммануэль
    Макрон"; pymorphy3 reads "Макрона" as the diacritic "макрон")."""
    out = [_in_nominative(w, case, gender, morph) for w in words]
    if gender == "masc" and case in ("gent", "accs") and out[0] != words[0]:
        out[1:] = [
            masculine_surname_nominative(w) if n == w and not _name_readings(w, morph) else n
            for w, n in zip(words[1:], out[1:], strict=True)
        ]
    return out


def _in_nominative(word: str, case: str, gender: str | None, morph: Any) -> str:
    for p in _name_readings(word, morph):
        if p.tag.case == case and (gender is None or str(p.tag.gender) in (gender, "None")):
            form = p.inflect({"nomn"})
            if form is not None:
                return str(form.word).capitalize()
    return word
