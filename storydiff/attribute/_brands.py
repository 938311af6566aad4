"""Names an English article writes as a firm or an online platform, never as a person.

The small tagger reads a lone capitalised word before "said" as a person's name, and a
lone "Twitter" or "Facebook" as one too: "Facebook said Mr Trump's actions were ..." gave a
person called Facebook, and "Trump said on Twitter ..., and he noted" gave Twitter the
words of "he". The article itself says what such a name is where it writes it as a firm
("Facebook Inc"), as a service people use ("Facebook users", "his Twitter account") or as
the place words were posted ("said on Twitter", "wrote on Facebook"). A name it also gives a
person, with a first name or an honorific ("Ivanka Trump", "Mr. Trump"), stays a person's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from storydiff.attribute._base import Draft, Mention
from storydiff.relate import lexicon as lx

_NAME = r"([A-Z][A-Za-z0-9]*[a-z0-9][A-Za-z0-9]*)"
# A firm's suffix, or a noun for what a platform has, right after the bare name (not "'s":
# "Trump's accounts" are a person's).
_AS_BODY = re.compile(
    rf"\b{_NAME}\s+(?:Inc|Corp|Corporation|Ltd|LLC|PLC|accounts?|users|platforms?|followers"
    r"|app|website)\b"
)
# Where words were posted: "said on Twitter", "wrote on Facebook on Friday".
_AS_MEDIUM = re.compile(
    rf"\b(?:said|wrote|posted|tweeted|announced|shared|stated|published|in a post)\s+on\s+{_NAME}\b"
)
# An honorific before a name makes it a person's ("Mr Trump", "Ms. Haley").
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sir|Dame)\.?\s+([A-Z]\w+)")


def brand_names(text: str, persons: Sequence[Mention]) -> frozenset[str]:
    """The one-word names ``text`` writes as a firm or a platform and never as a person's
    (``persons``: the people the tagger found, whose full names' words stay people's)."""
    found = {m.group(1) for m in _AS_BODY.finditer(text)}
    found |= {m.group(1) for m in _AS_MEDIUM.finditer(text)}
    people = {w for m in persons if " " in m.name for w in m.name.split()}
    people |= {m.group(1) for m in _HONORIFIC.finditer(text)}
    return frozenset(
        w for w in found - people if w.lower() not in lx.MONTHS and w.lower() not in lx.WEEKDAYS
    )


def without_brands(
    drafts: Sequence[Draft], persons: Sequence[Mention], text: str
) -> tuple[list[Draft], list[Mention]]:
    """``drafts`` with a brand the parse made a person an organisation, and ``persons``
    without the brands, so that no "he" or "she" is given to one."""
    brands = brand_names(text, persons)
    if not brands:
        return list(drafts), list(persons)
    kept = [m for m in persons if m.name not in brands]
    return [
        replace(d, kind="organisation") if d.kind == "person" and d.name in brands else d
        for d in drafts
    ], kept
