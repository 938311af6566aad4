"""The sex an English text gives a person, so that its "she" is never a man named before.

spaCy gives no gender, and "she said" went to the last person named, whoever that was. The
text itself says it in two ways read here: an honorific before the name ("Mr. Braley", "Ms.
Ernst", "Queen Elizabeth"), and a given name that names one sex in nearly every use ("Sarah
Sanders", "John Jenkin"; ``data/given_names_en.json``). A surname alone takes the gender its
full names agree on ("Sanders" after "Sarah Sanders"; "Obama" after "Barack" and "Michelle
Obama" takes none). Where the text says nothing the gender is unknown, and an unknown is no
mismatch: the resolver keeps its reading unless the text contradicts it, and a pronoun that
only a contradicted person could mean keeps no speaker.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from importlib.resources import files

from storydiff.attribute._base import Mention

# The gender an English third-person pronoun asks of its person.
PRONOUN_GENDER = {"he": "masc", "him": "masc", "she": "femn", "her": "femn"}

# Honorifics and titles of one sex, written before a name (a final dot dropped).
_HONORIFICS = {
    "mr": "masc", "mrs": "femn", "ms": "femn", "miss": "femn", "sir": "masc", "dame": "femn",
    "lord": "masc", "lady": "femn", "king": "masc", "queen": "femn", "prince": "masc",
    "princess": "femn", "duke": "masc", "duchess": "femn", "congressman": "masc",
    "congresswoman": "femn",
}  # fmt: skip


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    """Given name (lower case) → "masc" or "femn" (``data/given_names_en.json``)."""
    text = files("storydiff").joinpath("data/given_names_en.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {name: gender for gender in ("masc", "femn") for name in data[gender]}


def name_gender(name: str, before: str) -> str | None:
    """The gender the text gives the person it calls ``name`` with the word ``before`` just
    before the name: an honorific there or at the name's start, else the given name of a
    name of two words or more (a lone word may be a surname: "Jackson")."""
    words = name.split()
    for word in (before, words[0] if words else ""):
        if (gender := _HONORIFICS.get(word.lower().rstrip("."))) is not None:
            return gender
    return _given_names().get(words[0].lower()) if len(words) > 1 else None


def with_surname_genders(persons: Sequence[Mention]) -> list[Mention]:
    """``persons`` with a mention of unknown gender given the one gender that the gendered
    mentions ending in its surname agree on."""
    found: dict[str, set[str]] = {}
    for m in persons:
        if m.gender is not None and m.name.split():
            found.setdefault(m.name.split()[-1], set()).add(m.gender)
    out = []
    for m in persons:
        genders = found.get(m.name.split()[-1], set()) if m.name.split() else set()
        one = next(iter(genders)) if len(genders) == 1 else None
        out.append(replace(m, gender=one) if m.gender is None and one is not None else m)
    return out
