"""One person across the articles of a comparison: a surname alone is the full name.

An article resolves a lone surname against the full names it gives itself ("Kuleba" →
"Dmytro Kuleba"). A short report may name the person by surname only ("Nuland said";
"Nuland: At least 400-500 Russian soldiers killed"), where the tagger may read the word as
a body, while another outlet on the same story writes the full name ("Victoria Nuland
said"). Read together, the surname is that person, under the one name the sources lens
and the origins then show ("Nuland" and "Victoria Nuland" were two voices of one person
across the outlets). When no article gives a full name ending in it, or two do ("Barack
Obama", "Michelle Obama"), the surname is left as it was: a guess would be a finding
nobody can back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from storydiff.records import Attribution, Sources, SourceVoice

# The kinds a surname alone may carry: a person's, or a body's where the tagger took it
# for one ("Nuland" ORG).
_SURNAME_KINDS = frozenset({"person", "organisation"})


def people_across(per_article: Mapping[str, Sources]) -> dict[str, Sources]:
    """``per_article`` with each one-word name of a person, or typed organisation, that the
    comparison's speakers give as the surname of one person only named as that person, by
    full name."""
    full = {
        a.source_name
        for s in per_article.values()
        for a in s.attributions
        if a.source_kind == "person" and len(a.source_name.split()) > 1
    }
    return {aid: _renamed(s, full) for aid, s in per_article.items()}


def _renamed(sources: Sources, full: set[str]) -> Sources:
    found = {
        a.source_name: person
        for a in sources.attributions
        if (person := _the_person(a, full)) is not None
    }
    if not found:
        return sources
    atts = tuple(
        replace(a, source_name=found[a.source_name], source_kind="person")
        if a.source_name in found and a.source_kind in _SURNAME_KINDS
        else a
        for a in sources.attributions
    )
    voices = tuple(_voice(v, found) for v in sources.voices)
    return replace(
        sources,
        attributions=atts,
        voices=voices,
        first_voice=found.get(sources.first_voice or "", sources.first_voice),
        last_voice=found.get(sources.last_voice or "", sources.last_voice),
    )


def _voice(v: SourceVoice, found: Mapping[str, str]) -> SourceVoice:
    if v.kind not in _SURNAME_KINDS or v.name not in found:
        return v
    return replace(v, name=found[v.name], kind="person")


def _the_person(a: Attribution, full: set[str]) -> str | None:
    """The one full name of ``full`` that ends in ``a``'s one-word name of a person or an
    organisation (a capitalised word, not an acronym: "NATO" names a body), else ``None``."""
    name = a.source_name
    if a.source_kind not in _SURNAME_KINDS or " " in name or not name.istitle():
        return None
    fuller = [f for f in full if f.endswith(" " + name)]
    # "Victoria Nuland" and "Assistant Secretary Victoria Nuland" are one person
    shortest = {f for f in fuller if not any(o != f and f.endswith(" " + o) for o in fuller)}
    return shortest.pop() if len(shortest) == 1 else None
