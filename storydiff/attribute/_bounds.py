"""Where a source phrase starts and ends around its cue, for the uk/ru patterns: the
subject before a speech verb ("Речник Кремля Дмитро Пєсков заявив"), and the source after
it ("— сказав глава МЗС"), without the times, occasions, addressees and leads around it."""

from __future__ import annotations

import re
from typing import Any

from storydiff.attribute._base import (
    WORD,
    morphology,
)
from storydiff.attribute._phrases import (
    is_anonymous,
)
from storydiff.attribute._words import (
    CAP,
    CYRILLIC_ANY,
    INITIALS,
    LOCATIVE,
    TIME_ADVERBS,
    TIME_NOUN,
    animate_nominative,
    can_be_nominative,
    can_be_subject,
    ends_subject,
    finite_verb,
    inside_quote,
    is_adverb,
    names_a_body,
    past_occasion,
    plural_only,
    plural_verb,
    singular_verb,
)

_morph = morphology


BOUNDARY = re.compile(r"[,;:.!?()«»“”\"]|\s[—–-]\s")
# Where a source named after its verb ends (not at « », which quote names of bodies).
INVERTED_STOP = re.compile(r"[,;:.!?()“”\"]|\s[—–-]\s")


# Relative pronouns in any case: a clause they open is no speaker's name.
_RELATIVE_ANY = frozenset(
    """який яка яке які якого якої яких якому якій яким якими якою котрий котра котре котрі
    который которая которое которые которого которой которых которому которым которыми
    которую чий чия чиє чиї чийого чиєї чиїх чей чья чьё чье чьи чьего чьей чьих""".split()
)


def subject_before(
    before: str, clause: int, m: re.Match[str], lex: dict[str, Any], lang: str
) -> tuple[int, int] | None:
    """Where in the sentence the subject of the verb at ``m`` stands, at most ten words of
    the clause before it; ``None`` when no word there can be one."""
    piece_end = len(before)
    if lang != "en" and not before[clause:].strip() and before.rstrip().endswith(","):
        # "Зеленський, коментуючи відставку, заявив": the subject before a participle.
        clause, piece_end = _before_participles(before, lang, clause)
    words = list(WORD.finditer(before[clause:piece_end]))
    while words and words[0].group().lower() in lex["skip"]:
        words = words[1:]
    while words and words[-1].group().lower() in lex["trailing"]:
        words = words[:-1]
    if lang != "en":
        verb = m.group().lower()
        words = _subject_words(
            words, lex, lang, plural=plural_verb(verb, lang), singular=singular_verb(verb, lang)
        )
    if not words or len(words) > 10:
        return None
    if lex["verbs_re"].search(before, clause + words[0].start(), clause + words[-1].end()):
        return None  # "Paris has not confirmed or denied": another cue is no source
    return clause + words[0].start(), clause + words[-1].end()


def first_stop(pattern: re.Pattern[str], t: str, pos: int) -> int | None:
    """Where the first match of ``pattern`` at or after ``pos`` starts, passing over the
    dots of initials before a surname ("губернатор штата Иллинойс Дж. Б. Прицкер", whose
    name the dot after "Дж" would cut to "Иллинойс Дж"); ``None`` when none does."""
    while (stop := pattern.search(t, pos)) is not None:
        initials = _initials_over(t, stop.start()) if stop.group() == "." else None
        if initials is None:
            return stop.start()
        pos = initials
    return None


def clause_start(before: str) -> int:
    """Where the clause that ends ``before`` starts: after its last boundary that is not
    the dot of an initial ("Дж. Б. Прицкер заявив" is one subject)."""
    ends = (b.end() for b in BOUNDARY.finditer(before))
    return max((e for e in ends if _initials_over(before, e - 1) is None), default=0)


def _initials_over(t: str, dot: int) -> int | None:
    """The end of the initials whose dot is at ``dot``, else ``None``."""
    for m in INITIALS.finditer(t, max(0, dot - 2), dot + 8):
        if m.start() <= dot < m.end():
            return m.end()
    return None


def clause_end(t: str, start: int) -> int:
    stop = first_stop(BOUNDARY, t, start)
    end = stop if stop is not None else len(t)
    words = list(WORD.finditer(t, start, end))
    return words[11].end() if len(words) > 12 else end


def inverted_source(t: str, start: int, lex: dict[str, Any], lang: str) -> tuple[int, int]:
    """The source named after its verb: "— сказав він журналістам", "пише Politico",
    "– розповіла «Економічній правді» начальник відділу ... Вікторія Рубан"."""
    first = WORD.match(t, start)
    if first is not None and first.group().lower() in lex["pronouns"]:
        return start, first.end()
    if lang == "en":
        return _english_source_after(t, start)
    # Up to the end of the clause, over quoted names («МТС-Україна»), acronyms and initials.
    stop = first_stop(INVERTED_STOP, t, start)
    end = stop if stop is not None else len(t)
    cite = lex["prefix_re"].search(t, start, end) if lex["prefix_re"] else None
    end = cite.start() if cite else end  # "пише Politico з посиланням на джерела"
    pos = _past_addressee(t, start, end, _morph(lang))
    pos, end = _past_time_phrases(t, pos, end, lex, _morph(lang))
    pos = _past_time_words(t, pos, end)
    pos = past_occasion(t, pos, end, lex, _morph(lang))
    words = list(WORD.finditer(t, pos, end))
    while words and words[0].group().lower() in lex["skip"]:
        words = words[1:]  # "заявил и генпрокурор ..."
    if not words:
        return start, start
    preps = set(lex.get("prepositions", ()))
    morph = _morph(lang)
    if animate_nominative(words[0].group(), morph):
        # "сказал понтифик верующим": whom it was said to is no part of the source
        while len(words) > 1 and _oblique(words[-1].group(), morph):
            words = words[:-1]
        person = _person_after(t, words, preps, morph)
        if person is not None:
            return person
    # "написав Клишас в своєму Telegram-каналі": a person's name ends the source; in a
    # body's name a country's does not ("Державна служба України з надзвичайних ситуацій").
    body = any(
        re.match(o, w.group().lower()) for o in lex.get("organisations", ()) for w in words[:2]
    )
    for i, w in enumerate(words[1:-1], 1):
        if (
            not inside_quote(t, words[0].start(), w.start())
            and w.group().lower() in preps
            and CAP.match(words[i - 1].group())
            and not CAP.match(words[i + 1].group())
            and not (body and _a_place(words[i - 1].group(), morph))
        ):
            return words[0].start(), words[i - 1].end()
    return words[0].start(), words[-1].end()


def _a_place(word: str, morph: Any | None) -> bool:
    """Whether ``word`` can be a place's name in the genitive ("України", "России"), which
    a body's name holds before its "з питань ...", "по делам ...": a capitalised noun the
    dictionary reads in the genitive (the Ukrainian one marks no place names)."""
    return morph is not None and any(
        p.tag.POS == "NOUN" and p.tag.case == "gent" for p in morph.parse(word.lower())[:2]
    )


def _person_after(
    t: str, words: list[re.Match[str]], preps: set[str], morph: Any | None
) -> tuple[int, int] | None:
    """A person named after the verb, without where it was said from, when no nominative
    (no name) follows the preposition ("сказал глава католической церкви перед мессой в
    Ватикане"); ``None`` when no such preposition cuts the words."""
    for i, w in enumerate(words[1:], 1):
        if inside_quote(t, words[0].start(), w.start()):
            continue  # «Техасский альянс «За жизнь»: a preposition inside a name
        if w.group().lower() in preps and not any(
            can_be_nominative(x.group(), morph) for x in words[i + 1 :] if CAP.match(x.group())
        ):
            head = words[:i]
            # "сказал понтифик верующим в Ватикане": whom, then where
            while len(head) > 1 and _oblique(head[-1].group(), morph):
                head = head[:-1]
            return head[0].start(), head[-1].end()
    return None


def _english_source_after(t: str, start: int) -> tuple[int, int]:
    """An English source after its verb ("said Foreign Minister Lavrov on Friday"): up to
    the first lower-case word after a capitalised one, within the clause."""
    end = clause_end(t, start)
    seen_name = False
    for w in WORD.finditer(t, start, end):
        if CAP.match(w.group()):
            seen_name = True
        elif seen_name:
            return start, w.start()
    return start, end


def _past_addressee(t: str, pos: int, end: int, morph: Any | None) -> int:
    """Where the source starts after whom it was said to: "журналістам", "«Економічній
    правді»", "Першій електронній" (words in oblique cases only)."""
    while pos < end:
        q = re.match(r"\s*«[^»]{1,60}»", t[pos:end])
        nw = WORD.match(t, pos + len(t[pos:end]) - len(t[pos:end].lstrip()))
        quoted = WORD.findall(q.group()) if q is not None else []
        if q is not None and quoted and all(_oblique(x, morph) for x in quoted):
            pos += q.end()
        elif nw is not None and nw.end() <= end and _oblique(nw.group(), morph):
            pos = nw.end()
        else:
            break
    return pos


# When, said between the verb and its source without commas: "сообщили в среду два
# источника", "заявив у понеділок міністр", "сказал вчера мэр".
_TIME_PREPOSITIONS = frozenset({"в", "во", "у", "на"})


def _past_time_words(t: str, pos: int, end: int) -> int:
    """Where the source starts after when it was said ("в среду", "вчора")."""
    while True:
        words = list(WORD.finditer(t, pos, end))[:2]
        first = words[0].group().lower() if words else ""
        if first in TIME_ADVERBS:
            pos = words[0].end()
        elif (
            first in _TIME_PREPOSITIONS
            and len(words) > 1
            and TIME_NOUN.fullmatch(words[1].group().lower())
        ):
            pos = words[1].end()
        else:
            return pos


def _past_time_phrases(
    t: str, pos: int, end: int, lex: dict[str, Any], morph: Any | None = None
) -> tuple[int, int]:
    """The clause that holds the source when time phrases set off by commas come first:
    "сообщает в пятницу, 24 июня, газета ..." (up to three phrases with no capital and no
    body in them are skipped)."""
    for _ in range(3):
        phrase = WORD.findall(t[pos:end])
        if not (end < len(t) and t[end] == "," and phrase) or _source_like(phrase, lex, morph):
            break
        pos = end + 1
        stop = INVERTED_STOP.search(t, pos)
        end = stop.start() if stop else len(t)
    return pos, end


def _source_like(words: list[str], lex: dict[str, Any], morph: Any | None = None) -> bool:
    """Whether a phrase after a speech verb can name its source: a capitalised word, a
    pronoun, or a noun for people or bodies ("в пятницу", "24 июня" cannot), among them
    any animate noun in the nominative ("понтифик", "глава")."""
    for w in words:
        low = w.lower()
        if animate_nominative(w, morph):
            return True
        if CAP.match(w) or low in lex["pronouns"] or low in lex.get("subject_pronouns", ()):
            return True
        if is_anonymous(w, lex) or any(re.match(o, low) for o in lex.get("organisations", ())):
            return True
        if any(re.match(o, low) for o in lex.get("media", ())):
            return True
    return False


def _oblique(word: str, morph: Any | None) -> bool:
    """Whether a word after a speech verb is no subject: dative or locative only, no
    preposition ("журналістам", "Першій"); without pymorphy3 nothing is skipped."""
    if morph is None or not CYRILLIC_ANY.match(word):
        return False
    tags = [p.tag for p in morph.parse(word.lower())[:4]]
    if any("PREP" in tg or "nomn" in tg for tg in tags):
        return False
    return all(({"datv", "loct", "ablt"} & set(tg.grammemes)) for tg in tags)


def _before_participles(before: str, lang: str, clause: int) -> tuple[int, int]:
    """Where the subject of a verb that follows participle or gerund clauses set off by
    commas ("X, коментуючи відставку, заявив") starts and ends; else ``clause`` to the end."""
    morph = _morph(lang)
    if morph is None:
        return clause, len(before)
    cuts = [m.end() for m in re.finditer(r",", before)]
    bounds = [0, *cuts]
    # Walk the comma-separated pieces right to left, over at most two participle clauses.
    for k in range(len(bounds) - 2, max(len(bounds) - 5, -1), -1):
        piece = before[bounds[k] : bounds[k + 1]]
        w = WORD.search(piece)
        if w is None:
            continue
        tags = {g for p in morph.parse(w.group().lower())[:2] for g in p.tag.grammemes}
        second = WORD.findall(piece)[1:2]
        relative = {w.group().lower(), *(x.lower() for x in second)} & _RELATIVE_ANY
        if {"GRND", "PRTF"} & tags or relative:
            continue  # "X, коментуючи ...,", "Боррель, слова которого приводятся ...,"
        if re.search(r"[.!?;:]\s", piece):
            break
        return bounds[k], bounds[k + 1] - 1
    return clause, len(before)


def _subject_words(
    words: list[re.Match[str]],
    lex: dict[str, Any],
    lang: str,
    *,
    plural: bool,
    singular: bool = False,
) -> list[re.Match[str]]:
    """The subject of a speech verb among the words before it (uk, ru): leading adverbials
    and prepositional phrases off ("При цьому заступник міністра"), a pronoun alone
    ("12 березня він"), dates and trailing prepositional phrases off ("представники
    відомства після перевірок"). Empty when no word can be a subject. The subject of a
    ``singular`` verb is no plural noun: "до начала своего обращения Папа сказал" is the
    Pope's, not "обращения"'s."""
    if not words:
        return words
    morph = _morph(lang)
    words = _without_lead(words, lex, morph)
    low = [w.group().lower() for w in words]
    pron = [w for w, lw in zip(words, low, strict=True) if lw in lex.get("subject_pronouns", ())]
    if pron:
        return pron[:1]
    preps = set(lex.get("prepositions", ()))
    if words and low[0] in preps:
        if (
            plural
            and low[0] in LOCATIVE
            and len(words) <= 6
            and any(names_a_body(w.group(), lex, morph) or CAP.match(w.group()) for w in words[1:3])
        ):
            # "У прес-службі міністерства зазначили", "В Москве считают": a body speaks;
            # "в таком стиле пишут", "На своїх сайтах шахраї пишуть": no body there
            return words
        words = words[_past_prepositional(low, preps, morph, singular=singular) :]
    words = _cut_tail(words, preps, morph)
    if morph is not None and not can_be_subject(words, morph):
        return []  # "бездоганним виконанням її лише підтвердила": no subject here
    if words and words[0].group().lower() in ("що", "что"):
        return []
    if any(w.group().lower() in _RELATIVE_ANY for w in words):
        return []  # "слова которого", "у которых есть": a relative clause names no speaker
    return words


# "Same" after a demonstrative in a prepositional object ("в тот же день", "того ж
# дня", "у той самий час"): the noun after it is still the preposition's, no subject.
_SAME = frozenset(
    """же ж самый самая самое самого самой самом самому самий сама саме самого самої
    самому самім""".split()
)


def _past_prepositional(
    low: list[str], preps: set[str], morph: Any | None, *, singular: bool
) -> int:
    """Where the subject starts after a leading prepositional phrase (``low``, lower-cased
    words, opens with a preposition): the first word after it that can be nominative, and
    for a ``singular`` verb not a plural-only one ("обращения")."""
    # "в тот же день", "у той самий час": the object is "the same" day, three words
    k = 4 if len(low) > 3 and low[2] in _SAME else 2
    if morph is None:
        return k
    while k < len(low) and not can_be_nominative(low[k], morph):
        k += 1
    while singular and k < len(low) and plural_only(low[k], morph):
        k += 1
        while k < len(low) and (low[k] in preps or not can_be_nominative(low[k], morph)):
            k += 1
    return k


# A month after a day's number: "29 ноября", "12 березня" (Russian and Ukrainian).
_MONTH = re.compile(
    r"(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|січн|лют|берез|квітн|травн|червн|липн|серпн|вересн|жовтн|листопад|грудн)\w*$",
    re.IGNORECASE,
)


def _without_lead(
    words: list[re.Match[str]], lex: dict[str, Any], morph: Any | None
) -> list[re.Match[str]]:
    """``words`` without a leading date ("29 ноября"), adverbial phrase ("При цьому") or
    adverbs ("Конкретно британские издания пишут"): they open the clause but name no one."""
    while len(words) > 2 and words[0].group().isdigit() and _MONTH.match(words[1].group()):
        words = words[2:]
    joined = " ".join(w.group().lower() for w in words)
    for phrase in lex.get("lead_adverbials", ()):
        if joined == phrase or joined.startswith(phrase + " "):
            words = words[len(phrase.split()) :]
            break
    while len(words) > 1 and morph is not None and is_adverb(words[0].group().lower(), morph):
        words = words[1:]
    return words


def _cut_tail(
    words: list[re.Match[str]], preps: set[str], morph: Any | None
) -> list[re.Match[str]]:
    """``words`` up to where the subject ends: a number, a quantity, a preposition that
    opens a phrase of time or place, or a finite verb; trailing adverbs off."""
    low = [w.group().lower() for w in words]
    for i, lw in enumerate(low):
        if i and (ends_subject(words, i, preps) or (morph is not None and finite_verb(lw, morph))):
            words, low = words[:i], low[:i]
            break
    while words and morph is not None and is_adverb(low[-1], morph):
        words, low = words[:-1], low[:-1]
    return words
