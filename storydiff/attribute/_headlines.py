"""Whose claim a headline is, when its form defeats the readers of sentences.

A headline is written in a shorthand a parser does not read as a sentence. "Nuland: At
least 400-500 Russian soldiers killed" has its own reading in the package (a name and a
colon); a Title Case one, "Nuland Claims 400-500 Russian Soldiers Killed in Eastern
Ukraine", "Zelensky Says ...", "Biden Vows ...", looked like one long name to the English
parse, so the claim was nobody's and the outlet counted as a second independent origin of
Nuland's words. Here a run of capitalised words opening the headline, then a capitalised
speech verb, is read as that name's claim. A headline names no one the article does not:
the name must be one the article's people or speakers end in ("Nuland" of "Victoria
Nuland"), so "Trump Tower Says Goodbye" is nobody's unless the article gives a speaker
called Trump Tower, and "Russia Says" is Russia's where the article has Russia speak.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from storydiff.attribute._base import Draft, cues, inflected_alike, trim
from storydiff.records import Segmented

# Speech verbs of the lexicon that a Title Case headline uses for other things, or whose
# -s form is as often a plural noun after a name ("Trump Tweets Spark Outrage", "Biden
# Promises Fall Short", "Apple Reveals iPhone", "Toyota Recalls Cars", "Poll Finds").
_NOT_IN_HEADLINES = frozenset(
    """add agree answer announce challenge comment continue defend describe estimate find
    indicate learn maintain mention observe plan pledge post promise propose publish
    question recall remark reply report respond reveal show signal state tweet want
    welcome write call""".split()
)
# The base form, for a plural speaker ("Democrats Vow"), only of verbs that are no noun
# after a name: "State" would end the name in "Secretary of State Blinken Says".
_PLURAL = frozenset({"say", "warn", "vow", "urge", "insist"})
# Lower-case words a name or a title may hold ("Secretary of State", "Ursula von der Leyen").
_LINKS = frozenset("of the and for de der von van al bin".split())
_NAME_WORDS = 6
# A particle after the verb makes it a verb of another meaning ("Blasts Off", "Backs Down").
_PARTICLE = re.compile(r"\s+(?:Off|Up|Down|Away|Back|Out)\b")


def is_headline(seg: Segmented, index: int) -> bool:
    """Whether sentence ``index`` is the article's headline: its first line, ended by a
    line break and by no full stop."""
    if index != 0 or not seg.sentences:
        return False
    sent = seg.sentences[0]
    text = seg.article.text
    return not sent.text.rstrip().endswith((".", "!", "?")) and text[sent.end : sent.end + 1] in (
        "\n",
        "",
    )


def one_of(name: str, named: Sequence[str]) -> bool:
    """Whether ``name`` ends as one of ``named`` ends ("Nuland" and "Victoria Nuland";
    "Пєскова" and "Дмитро Пєсков")."""
    last = name.split()[-1] if name.split() else ""
    return any(
        inflected_alike(name, other) or last == other.split()[-1]
        for other in named
        if other.split()
    )


def title_case_claim(seg: Segmented) -> tuple[Draft, tuple[int, int]] | None:
    """The draft of an English Title Case headline's "Name Verbs Claim" without its
    source, and the span of the words that name the speaker; ``None`` when the headline
    has no such form. The caller fills the source in and keeps it only when the article
    names that speaker (``one_of``)."""
    if seg.lang not in (None, "en") or not is_headline(seg, 0):
        return None
    sent = seg.sentences[0]
    m = _title_case_verb().match(sent.text)
    if m is None or re.search(r"['’]s?$", m.group(1)):
        return None  # "Trump's Claims ...": the words are a noun phrase, no one speaks
    if _PARTICLE.match(sent.text, m.end(2)):
        return None  # "Jeff Bezos Blasts Off to Space": a verb of another meaning
    off = sent.start
    verb = m.group(2)
    content = trim(seg.article.text, off + m.end(2), sent.end)
    if content[0] >= content[1]:
        return None
    draft = Draft(
        sentence_index=sent.index,
        cue=(off + m.start(2), off + m.end(2)),
        lemma=_lemmas()[verb.casefold()],
        content=content,
    )
    return draft, (off + _past_titles(m.group(1)), off + m.end(1))


def _past_titles(name: str) -> int:
    """Where the name starts past the titles before it ("Rep. Weiner", "Gov. Cuomo"): the
    surname alone then takes the full name the body gives ("Anthony D. Weiner")."""
    titles = cues()["en"]["titles"]
    words = list(re.finditer(r"\S+", name))
    k = 0
    while k < len(words) - 1 and (
        words[k].group().casefold() in titles or words[k].group().casefold() + "." in titles
    ):
        k += 1
    return words[k].start()


@lru_cache(maxsize=1)
def _lemmas() -> dict[str, str]:
    """Each capitalised verb form a headline speaker takes ("says", "denies", "criticizes";
    "say" for a plural speaker), to its lemma."""
    en = cues()["en"]
    lemmas = {*en["verbs"].values(), *en["object_verbs"].values()} - _NOT_IN_HEADLINES
    forms = {_third_person(lemma): lemma for lemma in lemmas if " " not in lemma}
    return forms | {lemma: lemma for lemma in _PLURAL}


@lru_cache(maxsize=1)
def _title_case_verb() -> re.Pattern[str]:
    """The opening name (capitalised words, with the links a title holds) and the
    capitalised verb after it."""
    verbs = "|".join(sorted((f.capitalize() for f in _lemmas()), key=len, reverse=True))
    links = "|".join(sorted(_LINKS))
    word = rf"(?:[A-Z][\w.'’-]*|(?:{links}))"
    return re.compile(
        rf"^((?:[A-Z][\w.'’-]*)(?:\s+{word}){{0,{_NAME_WORDS - 1}}}?)\s+({verbs})(?=\s+\S)"
    )


def _third_person(lemma: str) -> str:
    """The -s form of an English verb ("say" → "says", "deny" → "denies", "stress" →
    "stresses")."""
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"
