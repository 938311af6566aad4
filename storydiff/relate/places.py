"""Places named more than one way: a country's other names ("Britain", "United Kingdom",
"UK"), its names in Ukrainian and Russian ("Україна", "Украина"), the adjective of it
("Russian", "российский") and the building that stands for its government ("the
Kremlin", "Downing Street").

"Name only in A: Britain" beside "United Kingdom" is false to a reader, who takes it for a
country the other version leaves out; so is "Asian" beside "Asia". The table
(``data/places.json``) is small and written for this: a place is looked up only
under the names a reader would accept as the same. Capitals are left out on purpose:
"Moscow" is also the city, and "a drone hit Moscow" says more than "a drone hit Russia".
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from storydiff.morph import lemmas
from storydiff.text.names import fold


@dataclass(frozen=True, kw_only=True)
class _Entry:
    """One way of naming a place: the forms each of its words may take, whether it is an
    acronym (matched only in capitals: "US", never "us") and whether it is an adjective
    (matched in any case, as Ukrainian and Russian write "американский")."""

    place: str
    words: tuple[frozenset[str], ...]
    acronym: bool
    adjective: bool


@lru_cache(maxsize=1 << 15)  # pure, and asked for every word "only in" is decided on
def _keys(word: str) -> frozenset[str]:
    """The forms under which a word of a text or of the table is compared: folded, without
    a possessive or the dots of initials ("Russia's", "U.S."), and its dictionary forms."""
    bare = re.sub(r"ʼs$", "", fold(word))
    if "." in bare:
        bare = bare.replace(".", "")
    return frozenset({bare}) | lemmas(bare)


@cache
def _entries() -> dict[str, tuple[_Entry, ...]]:
    """The table's entries by the keys of their first word, longest first."""
    raw = json.loads(files("storydiff").joinpath("data/places.json").read_text(encoding="utf-8"))
    out: dict[str, list[_Entry]] = {}
    for place, kinds in raw["places"].items():
        for kind, names in kinds.items():
            for name in names:
                words = name.split()
                entry = _Entry(
                    place=place,
                    words=tuple(_keys(w) for w in words),
                    acronym=name.isupper(),
                    adjective=kind == "adjectives",
                )
                for key in entry.words[0]:
                    out.setdefault(key, []).append(entry)
    return {k: tuple(sorted(v, key=lambda e: -len(e.words))) for k, v in out.items()}


def _fits(entry: _Entry, words: Sequence[str], i: int) -> bool:
    """Whether ``entry`` names a place at ``words[i]``. A name starts with a capital and an
    acronym is in capitals; a one-word place before a capitalised word ("American
    Airlines", "Russia Today"), or an acronym before a long word in capitals ("USA
    TODAY", where "TODAY" was left a name of its own), is part of a longer name, not the
    place ("US officials", "UK NATO" stay places)."""
    end = i + len(entry.words)
    if end > len(words):
        return False
    first = words[i]
    if entry.acronym and not re.sub(r"\W", "", first).isupper():
        return False
    if not entry.adjective and not first[:1].isupper():
        return False
    single = len(entry.words) == 1 and not entry.acronym
    if single and end < len(words) and words[end][:1].isupper():
        return False
    if entry.acronym and end < len(words) and _shouted(words[end]):
        return False
    return all(entry.words[k] & _keys(words[i + k]) for k in range(1, len(entry.words)))


# Letters of a word in capitals longer than an acronym ("TODAY"; "NATO", "OSCE" are shorter).
_SHOUTED_LETTERS = 5


def _shouted(word: str) -> bool:
    return len(word) >= _SHOUTED_LETTERS and word.isupper() and word.isalpha()


def place_names(words: Sequence[str]) -> list[str | None]:
    """The place each of ``words`` (a run of a text's words, as written, in order) names or
    is an adjective of, as the table's identifier ("gb", "ru"); ``None`` for a word that
    names none. Every word of a name of several gets its place ("United", "Kingdom")."""
    out: list[str | None] = [None] * len(words)
    table = _entries()
    i = 0
    while i < len(words):
        found = next(
            (e for key in _keys(words[i]) for e in table.get(key, ()) if _fits(e, words, i)),
            None,
        )
        if found is None:
            i += 1
            continue
        for k in range(len(found.words)):
            out[i + k] = found.place
        i += len(found.words)
    return out


def adjective_of_place(word: str) -> bool:
    """Whether ``word`` is only the adjective of a place in the table ("Asian", "Soviet"):
    an adjective, not a name, however it is capitalised."""
    return any(e.adjective and len(e.words) == 1 for e in _entries().get(fold(word), ()))
