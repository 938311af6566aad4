"""A source named by its title alone is the person the article gave that title.

"the president said", "— сказал папа", "the pope said": an outlet names a person once
with a title ("President Joe Biden", "Папа Франциск", "Президент Франции Эмманюэль
Макрон") and then by the title alone. Such a source is no anonymous voice and no body
("pope" was typed an organisation): it is that person, when the article gave the title to
exactly one person before. Two people with the title ("President Biden", "President
Putin"), or none, leave the source as it was: a guess would be a finding nobody can back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storydiff.attribute._base import Draft, Mention, inflected_alike
from storydiff.attribute._bodies import is_body_noun
from storydiff.text.scripts import cyrillic_word

# A word of a title or a name: letters, with an inner apostrophe or hyphen.
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")
# What ends the stretch of text that can hold a name's title: a clause or quote boundary.
_BOUNDARY = re.compile(r"[.!?;:,()\[\]\n«»“”\"—–]")
# Capitalised words that may stand between a title and the name ("President of France"
# has none in English; "Президент Франции Эмманюэль Макрон", "US President Joe Biden").
_BETWEEN = 3
_LEADING = re.compile(r"^(?:the|this|that|цей|ця|этот|эта)\s+", re.IGNORECASE)
_KINDS = frozenset({"anonymous", "unknown", "organisation"})
# Words a parse may leave as a source that are no title ("claiming that President Obama").
_NOT_TITLES = frozenset(
    """that this these those which who whom what it he she they we you one
    що це цей який яка які хто что это этот который которая которые кто""".split()
)


def titled_person(d: Draft, persons: Sequence[Mention], text: str) -> tuple[str, str] | None:
    """The one person named before ``d`` with the title ``d``'s source consists of, and
    the title as written; ``None`` but for a one-word source of no resolved kind
    ("the president", "папа")."""
    if d.source is None or d.pronoun or d.backref or d.kind not in _KINDS:
        return None
    written = _LEADING.sub("", text[d.source[0] : d.source[1]].strip())
    title = written.casefold()
    if not _WORD.fullmatch(written) or len(written) < 3 or title in _NOT_TITLES:
        return None
    if is_body_noun(title):
        return None  # "the commission": the body, not its president
    if written.isupper() or (d.kind == "organisation" and not written.islower()):
        return None  # "the AARP", "the Treasury": a body, though it heads a person's title
    found = {
        m.name
        for m in persons
        # a name not in the nominative there is no title's person: "эксперт Института
        # Хадсона" (of the Hudson Institute) does not make Hudson the expert
        if m.at < d.source[0] and m.subject and _titled(text, m.at, title)
    }
    return (found.pop(), written) if len(found) == 1 else None


def _titled(text: str, at: int, title: str) -> bool:
    """Whether the words just before the name at ``at`` hold ``title``, with nothing but
    capitalised words (a place, the rest of the name) between them."""
    before = _BOUNDARY.split(text[max(0, at - 120) : at])[-1]
    words = _WORD.findall(before)
    for n, word in enumerate(reversed(words)):
        if _same_word(word.casefold(), title):
            return True
        if n >= _BETWEEN or not word[:1].isupper():
            return False
    return False


def _same_word(a: str, b: str) -> bool:
    """One word, allowing a Cyrillic case ending ("президента" / "президент", "папы" /
    "папа")."""
    return a == b or (cyrillic_word(a) and cyrillic_word(b) and inflected_alike(a, b))
