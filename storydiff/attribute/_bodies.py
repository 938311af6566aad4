"""A body named by its kind is the organisation the article named before.

"The European Commission said ... the commission said", "Gazprom said ... The company
added", "на сайте Еврокомиссии ... Организация отметила": an outlet names a body once and
then by what kind of body it is. Left alone, "commission" and "company" were voices of
unknown kind, which no reader can check, and "Организация" a body called "Организация".

Such a source is the organisation named before it when exactly one fits: first one whose
name holds the same noun in any inflection ("commission" → "European Commission",
"комиссия" → "Еврокомиссия", a compound whose last part it is); else, for a word that says
only "a body" ("the organisation", "компания"), the one organisation named before at all
(one that spoke, or, in Russian, one the dictionary knows named in the nominative). A
company is no commission or ministry, so a body named by another kind is no candidate
for "the company"; and a one-word name the tagger took for a person ("Gazprom said")
right before "the company added" is that company, and a body from then on. Two
candidates, or none, leave the source unnamed: still an organisation, not a source of
unknown kind, since the word says what it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from storydiff.attribute._base import WORD, Draft, inflected_alike, morphology, quoted_regions
from storydiff.attribute._words import CAP, is_person_word
from storydiff.text.names import fold
from storydiff.text.scripts import cyrillic_word

# Bodies named by a noun their name holds ("the commission": the European Commission).
_NAMED_BY_HEAD = {
    "en": frozenset(
        """commission ministry committee court party bank government department council
        authority corporation fund parliament administration navy army office police""".split()
    ),
    "uk": frozenset(
        """міністерство комісія комітет суд партія банк уряд департамент рада фонд
        парламент корпорація поліція""".split()
    ),
    "ru": frozenset(
        """министерство комиссия комитет суд партия банк правительство департамент совет
        фонд парламент корпорация полиция""".split()
    ),
}
# Words that say only that it is a body: any organisation named before may be meant.
_GENERIC = {
    "en": frozenset("organisation organization body company firm".split()),
    "uk": frozenset("організація відомство компанія".split()),
    "ru": frozenset("организация ведомство компания".split()),
}
# Words for a company: no commission or ministry is one, and a name the tagger took for
# a person ("Gazprom") may be one.
_COMPANY = frozenset("company firm компанія компания".split())
# What makes an English source a back-reference; "a company" is none.
_DEFINITE = re.compile(r"^(?:the|this|that)\s+", re.I)
# What stands before the noun: an article or a demonstrative ("цей комітет", "a company").
_ARTICLE = re.compile(r"^(?:the|this|that|an?|це|цей|ця|это|этот|эта|данное|данная)\s+", re.I)
_THE_BEFORE = re.compile(r"(?<!\w)the\s+$", re.I)
_KINDS = frozenset({"unknown", "organisation", "anonymous"})


def is_body_noun(word: str) -> bool:
    """Whether ``word`` (in the nominative) names a kind of body in any language read:
    "commission", "компания"; a body is nobody's title ("European Commission President
    Ursula von der Leyen ... the commission said": the commission, not her)."""
    low = word.casefold()
    return any(low in nouns for nouns in (*_NAMED_BY_HEAD.values(), *_GENERIC.values()))


def bodies_resolved(drafts: Sequence[Draft], text: str, lang: str) -> list[Draft]:
    """``drafts`` (in text order, resolved otherwise) with each source that names a body by
    its kind given the organisation named before it, or made an unnamed organisation."""
    out: list[Draft] = []
    heads = _NAMED_BY_HEAD.get(lang, _NAMED_BY_HEAD["en"])
    generic = _GENERIC.get(lang, _GENERIC["en"])
    for d in drafts:
        noun = _body_noun(d, text, lang, heads | generic)
        if noun is None:
            out.append(_body_by_head(d, text, lang, heads | generic))
            continue
        found = None
        if _definite(d, text, lang):  # "a company said" is some company, none named
            found = _named_by_head(noun, out, text, d, lang) if noun in heads else None
            if found is None and noun in generic:
                found = _only_body(noun, out, text, d, lang)
        if found is None:
            out.append(replace(d, name=_unnamed(d, text, lang), kind="organisation"))
            continue
        name, was_person = found
        if was_person:  # "Gazprom said ... The company added": Gazprom is a body
            out = [replace(o, kind="organisation") if o.name == name else o for o in out]
        out.append(replace(d, name=name, kind="organisation"))
    return out


def _body_noun(d: Draft, text: str, lang: str, nouns: frozenset[str]) -> str | None:
    """The noun a source consists of when it names a body by its kind ("the commission",
    "Организация"), in its dictionary form; ``None`` for any other source."""
    if d.source is None or d.pronoun or d.backref or d.kind not in _KINDS:
        return None
    bare = _ARTICLE.sub("", text[d.source[0] : d.source[1]].strip())
    words = WORD.findall(bare)
    if len(words) != 1 or words[0] != bare:
        return None
    if lang not in ("uk", "ru"):
        return bare.casefold() if bare.casefold() in nouns else None
    morph = morphology(lang)
    if morph is None:
        return None
    if bare[:1].isupper() and not _starts_sentence(text, d.source[0]):
        return None  # "Рада заявила": a name (the Rada), not a kind of body
    for p in morph.parse(bare.lower())[:2]:
        if p.tag.POS == "NOUN" and "plur" not in p.tag and p.normal_form in nouns:
            return str(p.normal_form)
    return None


# What ends the words before an English source's head noun ("the government in Seoul").
_AFTER_HEAD = frozenset("in of at for from on to with who that which".split())


def _body_by_head(d: Draft, text: str, lang: str, nouns: frozenset[str]) -> Draft:
    """``d``, a body when its English source of unknown kind is a phrase headed by a word
    for one: "the Australian government", "the government in Seoul", "The prime
    minister's office" name which body, and are no source of unknown kind."""
    if lang in ("uk", "ru") or d.kind != "unknown" or d.source is None or d.pronoun:
        return d
    words = WORD.findall(text[d.source[0] : d.source[1]])
    head = next((i for i, w in enumerate(words) if w.lower() in _AFTER_HEAD), len(words)) - 1
    if head < 1 or words[head].lower() not in nouns:
        return d
    return replace(d, kind="organisation")


def _definite(d: Draft, text: str, lang: str) -> bool:
    """Whether an English source is a back-reference ("the company", not "a company");
    Ukrainian and Russian, without articles, leave that to the candidates."""
    if lang in ("uk", "ru") or d.source is None:
        return True
    written = text[d.source[0] : d.source[1]].strip()
    return (
        _DEFINITE.match(written) is not None or _THE_BEFORE.search(text[: d.source[0]]) is not None
    )


def _starts_sentence(text: str, at: int) -> bool:
    """Whether nothing but spaces, dashes and quotation marks stands between ``at`` and
    the end of the sentence before it."""
    before = text[max(0, at - 80) : at].rstrip(' \t«»“”"—–-')
    return not before or before[-1] in ".!?\n:"


def _named_by_head(
    noun: str, before: Sequence[Draft], text: str, d: Draft, lang: str
) -> tuple[str, bool] | None:
    """The one organisation named before ``d`` whose name holds ``noun``: one that spoke,
    or one the text names with it capitalised ("the Supreme Court ruled")."""
    names = [
        o.name
        for o in before
        if o.kind == "organisation" and _proper(o.name) and _has_head(o.name, noun)
    ]
    names += _capitalised_with(noun, text, d.source[0] if d.source else d.cue[0], lang)
    one = _one(names)
    return None if one is None else (one, False)


def _has_head(name: str, noun: str) -> bool:
    """Whether an organisation's name holds ``noun`` as a word in any inflection, or as the
    last part of a Cyrillic compound ("Еврокомиссия" for "комиссия")."""
    key = fold(noun)
    for word in WORD.findall(name):
        low = fold(word)
        if low == key or (
            cyrillic_word(low) and (inflected_alike(low, key) or _compound(low, key))
        ):
            return True
    return False


def _compound(word: str, noun: str) -> bool:
    """Whether ``word`` is a compound ending in ``noun`` up to a case ending: "еврокомиссии"
    for "комиссия" (three letters or more before it, "евро", "мос")."""
    stem = noun[:-1]
    at = word.rfind(stem)
    return len(stem) >= 4 and at >= 3 and len(word) - at - len(stem) <= 2


# A capitalised English name around a noun: "European Commission", "Ministry of Defence".
# Words on one line: initials ("U.S. Navy") or a capital and letters, no sentence's end.
_CAPITALISED = r"(?:(?:(?:[A-Z]\.)+|[A-Z][\w'’&-]*) +)*"
# Places named like a body: "the bank said" is no West Bank.
_PLACES = frozenset({"West Bank", "Left Bank", "South Bank"})


def _capitalised_with(noun: str, text: str, at: int, lang: str) -> list[str]:
    """The names of organisations the text before ``at`` writes with ``noun`` in them,
    outside quotations: "the European Commission", "the Ministry of Defence" (English,
    capitalised); "Еврокомиссии" (a Cyrillic compound, put in the nominative)."""
    quotes = quoted_regions(text)
    out = []
    if lang == "en":
        head = re.escape(noun.capitalize())
        pattern = re.compile(
            rf"{_CAPITALISED}{head}(?: +(?:of|for)(?: +the)?(?: +[A-Z][\w'’-]*)+)?\b"
        )
        for m in pattern.finditer(text, 0, at):
            name = re.sub(r"^(?:The|This|That)\s+", "", m.group())
            if name not in (noun.capitalize(), *_PLACES) and not _inside(m.start(), quotes):
                out.append(name)
        return out
    morph = morphology(lang)
    for m in WORD.finditer(text, 0, at):
        word = m.group()
        low = fold(word)
        if CAP.match(word) and _compound(low, fold(noun)) and not _inside(m.start(), quotes):
            lemma = morph.parse(word.lower())[0].normal_form if morph is not None else word
            out.append(str(lemma).capitalize())
    return out


def _inside(at: int, quotes: Sequence[tuple[int, int]]) -> bool:
    return any(s < at < e for s, e in quotes)


def _only_body(
    noun: str, before: Sequence[Draft], text: str, d: Draft, lang: str
) -> tuple[str, bool] | None:
    """The one organisation a word that says only "a body" can mean: of those that spoke
    before ``d`` or (Russian) were named as subjects, the one there is; for "the company"
    none named as another kind of body, and a name taken for a person right before it."""
    at = d.source[0] if d.source else d.cue[0]
    names = [o.name for o in before if o.kind == "organisation" and _proper(o.name)]
    names += _nominative_bodies(text, at, lang)
    if noun in _COMPANY:
        other = _NAMED_BY_HEAD.get(lang, _NAMED_BY_HEAD["en"])
        names = [n for n in names if not any(_has_head(n, h) for h in other)]
        person = _taken_for_person(before, d, lang)
        if person is not None:
            names.append(person)
            one = _one(names)
            return None if one is None else (one, one == person)
    one = _one(names)
    return None if one is None else (one, False)


def _proper(name: str) -> bool:
    """Whether a source's name is a name (capitalised somewhere), not "commission"."""
    return any(ch.isupper() for ch in name)


def _nominative_bodies(text: str, at: int, lang: str) -> list[str]:
    """The bodies a Russian text names in the nominative before ``at``, outside quotations,
    as far as the dictionary knows them as bodies ("Еврокомиссия:", "Газпром"); an
    abbreviation that does not decline ("ЕС", "НАТО") only where it starts a sentence.
    The Ukrainian dictionary marks no bodies, and English has the speakers alone."""
    morph = morphology(lang) if lang == "ru" else None
    if morph is None:
        return []
    quotes = quoted_regions(text)
    out = []
    for m in WORD.finditer(text, 0, at):
        word = m.group()
        if not CAP.match(word) or _inside(m.start(), quotes):
            continue
        top = morph.parse(word.lower())[0]
        tags = set(top.tag.grammemes)
        if "Orgn" not in tags or top.tag.case != "nomn":
            continue
        if "Fixd" in tags and not _starts_sentence(text, m.start()):
            continue
        out.append(word if word.isupper() else str(top.normal_form).capitalize())
    return out


def _taken_for_person(before: Sequence[Draft], d: Draft, lang: str) -> str | None:
    """The name of the speaker right before ``d`` (its sentence or the one before) when it
    is one capitalised word the tagger typed a person that may well be a company: no
    surname of a fuller name the article gives, no name the dictionary knows as a
    person's, and no "he" or "she" that stood for it."""
    spoke = [o for o in before if o.source is not None and o.name != "unknown"]
    if not spoke or spoke[-1].kind != "person" or spoke[-1].pronoun:
        return None
    last = spoke[-1]
    if d.sentence_index - last.sentence_index > 1:
        return None
    name = last.name
    if not (CAP.match(name) and WORD.fullmatch(name)):
        return None
    if any(o.name.endswith(" " + name) for o in before):
        return None
    if any(o.pronoun and o.name == name for o in before):
        return None
    morph: Any = morphology(lang) if lang in ("uk", "ru") else None
    if morph is not None and is_person_word(name, morph):
        return None
    return name


def _one(names: Sequence[str]) -> str | None:
    """The one organisation ``names`` name, counting forms of one name once ("Еврокомиссия",
    "Еврокомиссии"; the longest written form stands); ``None`` for none or two."""
    distinct: list[str] = []
    for n in sorted(set(names), key=len, reverse=True):
        if not any(o == n or o.endswith(" " + n) or _same(o, n) for o in distinct):
            distinct.append(n)
    return distinct[0] if len(distinct) == 1 else None


def _same(a: str, b: str) -> bool:
    return " " not in a and " " not in b and cyrillic_word(fold(a)) and inflected_alike(a, b)


def _unnamed(d: Draft, text: str, lang: str) -> str:
    """An unresolved body's name: the noun as written, without the sentence start's
    capital ("The company" → "company", "Организация" → "организация")."""
    bare = _ARTICLE.sub("", text[d.source[0] : d.source[1]].strip()) if d.source else d.name
    if lang not in ("uk", "ru"):
        return bare  # after "the", a capital says which body: "the Navy"
    return bare[:1].lower() + bare[1:]
