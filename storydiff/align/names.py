"""The names a unit uses, keyed to match across scripts and inflections ("Russia",
"Росія", "России"): the "same actors" evidence of related links and of coverage."""

from __future__ import annotations

import re
from functools import lru_cache

from storydiff.align.words import STOP, TIME_WORDS, content_tokens
from storydiff.text.names import first_sound, sound_key
from storydiff.text.scripts import cyrillic_word
from storydiff.text.words import WORD_OR_NUMBER

_CAPITAL = re.compile(r"\b[A-ZА-ЯЄІЇҐЁ][\w'’-]+(?:[ \t]+[A-ZА-ЯЄІЇҐЁ][\w'’-]+)*", re.UNICODE)
_AFTER_STOP = re.compile(r"[.!?:;\"“«]\s*$")
_PLURAL = re.compile(r"(?<=[a-z]{3}[^s])s$")
# One letter and an apostrophe before a lower-case word: what follows decides ("L'Oman",
# "O'Brien" are names).
_ELIDED_COMMON = re.compile(r"[^\W\d_]['’][^\W\d_A-ZА-ЯЄІЇҐЁ]")


@lru_cache(maxsize=1 << 14)  # pure and called per pair of units: memoised
def name_key(name: str) -> str:
    """A key under which one name matches across scripts and inflections: the first
    sound of its last word, then the first three characters of that word's sound key
    ("Russia", "Росія", "России" give one key; "Dmytro Kuleba" and "Dmitry Peskov" do
    not, though their first names would). The first sound is what ``names_match`` also
    checks: sound classes alone put "Forces" and "Paris" (f and p) under one key."""
    last = name.split()[-1]
    return first_sound(last) + sound_key(last)[:3]


# Capitalised adjectives of place ("French instructors", "Baltic region") describe an
# actor without naming one: "the French leader" and "French specialists" are not the same
# actors. English only; Ukrainian and Russian write them in lower case.
# Days and months are capitalised in English too, and name no actor.
_DEMONYM = re.compile(
    r"(?:ian|ean|ish|ese|ic|ern)$|^(?:French|Dutch|Greek|Thai|Swiss|Czech|Arab)$"
    r"|^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$"
    r"|^(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)$"
)


def name_runs(text: str) -> list[tuple[int, str]]:
    """``(offset, name)`` of the runs of capitalised words, without a leading function
    word ("Some NATO" is NATO) and without adjectives of place."""
    out = []
    for m in _CAPITAL.finditer(text):
        if _ELIDED_COMMON.match(m.group(0)):
            continue  # "L'indice", "D'après": an elided article before a common word
        words = m.group(0).split()
        start = m.start()
        while words and words[0].lower() in STOP:
            start = text.index(words[1], start) if len(words) > 1 else start
            words = words[1:]
        if len(words) == 1 and _DEMONYM.search(words[0]):
            continue
        if words:
            out.append((start, " ".join(words)))
    return out


@lru_cache(maxsize=1 << 14)  # pure and called per pair of units: memoised
def names_of(text: str) -> frozenset[str]:
    """Keys of the names in ``text`` that do not start a sentence."""
    text = text.strip()
    return frozenset(
        name_key(name)
        for start, name in name_runs(text)
        if start > 0 and not _AFTER_STOP.search(text[:start])
    )


@lru_cache(maxsize=1 << 14)  # pure and called per pair of units: memoised
def capitals(text: str) -> frozenset[str]:
    """Keys of every capitalised name in ``text``, a sentence's first word included: the
    wider net that ``shared_names`` narrows with ``names_of``, and that ``story_words``
    counts to find the story's own names."""
    return frozenset(name_key(name) for _, name in name_runs(text))


def shared_names(a: str, b: str) -> frozenset[str]:
    """Keys of the names both texts use, in any script: capitalised in both, and not
    only as the first word of a sentence ("Russia has warned" / "and Russia said" share
    Russia; "The" at two sentence starts is no name), and sounding alike in full, not
    only in the key's first codes (``sounds_alike``)."""
    keys = capitals(a) & capitals(b) & (names_of(a) | names_of(b))
    if not keys:
        return keys
    sounds_a, sounds_b = _sounds(a), _sounds(b)
    return frozenset(
        k for k in keys if any(sounds_alike(x, y) for x in sounds_a[k] for y in sounds_b[k])
    )


# A long Latin name may also carry one more code, a spelling's slip ("AfCTA" and
# "AfCTFA" for one trade area); a short one may not ("Muslim" and "Michael").
_SPELLING_CODES = 4


def sounds_alike(x: tuple[str, bool], y: tuple[str, bool]) -> bool:
    """Whether two names, as (full sound key, written in Cyrillic), can be one name:
    equal keys, or a Cyrillic one with one more consonant at the end, a case ending the
    case stripper leaves ("Зеленським" 24525, "Zelensky" 2452), or a long one with one
    more (``_SPELLING_CODES``). ``name_key`` keeps only a
    key's first three codes, under which "Schenectady" (25233) and "Singh" (252), or
    "Muslim" (5245) and "Michael" (524), meet: two names, and a related link resting on
    them would rest on nothing."""
    (short, _), (long, cyrillic) = sorted((x, y), key=lambda s: len(s[0]))
    longer = (cyrillic or len(short) >= _SPELLING_CODES) and len(long) == len(short) + 1
    return short == long or (longer and long.startswith(short))


@lru_cache(maxsize=1 << 14)  # pure and called per pair of units: memoised
def _sounds(text: str) -> dict[str, frozenset[tuple[str, bool]]]:
    """The full sound keys of the last words of ``text``'s names, by ``name_key``, each
    with whether it is written in Cyrillic; a lower-case tail after a hyphen is left
    out ("London-headquartered" is London), and so is an English plural's "s"
    ("Muslims" is Muslim, "Republicans" Republican)."""
    out: dict[str, set[tuple[str, bool]]] = {}
    for _, name in name_runs(text):
        last = name.split()[-1]
        head, _, tail = last.partition("-")
        word = head if tail and tail[:1].islower() else last
        cyrillic = cyrillic_word(word)
        if not cyrillic and _PLURAL.search(word):
            word = word[:-1]
        out.setdefault(name_key(name), set()).add((sound_key(word), cyrillic))
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1 << 14)  # pure and called per pair of units: memoised
def actors(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The full names ``text`` gives (two capitalised words or more: "Джо Байден",
    "Merrick Garland"), as name keys; the content words of their titles (the run's words
    before the name's last two and the two words before the run: "экс-президент США
    Дональд Трамп" gives экс, президент, США); and the content words of the names."""
    keys: set[str] = set()
    roles: set[str] = set()
    names: set[str] = set()
    for start, name in name_runs(text):
        words = name.split()
        if len(words) < 2:
            continue
        keys.add(name_key(name))
        before = WORD_OR_NUMBER.findall(text[:start])[-2:]
        roles |= content_tokens(" ".join([*before, *words[:-2]]))
        names |= content_tokens(" ".join(words[-2:]))
    return frozenset(keys), frozenset(roles), frozenset(names)


# Content words two units of two different people may share, one of them beyond the
# story's words and the people's titles, and still be two claims (``only_actors_shared``).
_FEW_SHARED = 3


def only_actors_shared(a: str, b: str, shared: frozenset[str], common: frozenset[str]) -> bool:
    """Whether two units share (``shared``, content words) nothing but the story's words,
    words of time and who they are about: two people each unit names and the other does
    not, with their titles ("Президент США Джо Байден осудил это решение" and
    "экс-президент США Дональд Трамп отметил, что решение ... является победой", or with
    one word of their own among a few), or the
    same people, with their names ("Президент Владимир Путин назвал ее целью защиту
    людей" and "Президент России Владимир Путин заявлял, что политика сдерживания ...").
    Either is two claims, not one fact told twice."""
    keys_a, roles_a, names_a = actors(a)
    keys_b, roles_b, names_b = actors(b)
    if not keys_a or not keys_b:
        return False
    rest = shared - common - TIME_WORDS - roles_a - roles_b
    if keys_a == keys_b:
        return not rest - names_a - names_b
    if keys_a & capitals(b) or keys_b & capitals(a):
        return False
    # Two people, each one the other unit does not name, sharing one word of their own
    # among a few: "House Speaker John Boehner declined to weigh in on the merits of the
    # president's proposals" and "A spokesman for the National Rifle Association did not
    # immediately respond to requests for comment on the president's proposal" are two
    # people's acts, which one proposal does not make one.
    return not rest or (len(rest) == 1 and len(shared) <= _FEW_SHARED)
