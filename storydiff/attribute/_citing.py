"""What "citing" cites is a source only when it can speak or be read.

"warned ..., citing inflation and energy prices": the object of "citing", "ссылаясь на",
"посилаючись на" is as often a reason as a source. A reason given a voice is a finding
nobody can back ("inflation and energy prices (unknown, 1 claim, 0 words)"), so a cited
object counts only when it is a person, a body, an outlet, a document or an unnamed
source ("officials", "sources", "data", "people familiar"), or a word for those who
report ("police", "authorities"); anything else is no attribution.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storydiff.attribute._base import Draft

# Words for those who report that the readers leave of unknown kind.
_REPORTERS = re.compile(
    r"(?<!\w)(?:police|authorit|prosecutor|investigator|militar|army|intelligence|"
    r"поліці|влад|слідч|прокурор|полици|власт|следовател)",
    re.IGNORECASE,
)


def without_cited_reasons(drafts: Sequence[Draft], text: str) -> list[Draft]:
    """``drafts`` less those whose cue cites something of unknown kind that is no one who
    reports ("citing inflation", "ссылаясь на рост цен")."""
    return [d for d in drafts if not _cited_reason(d, text)]


def _cited_reason(d: Draft, text: str) -> bool:
    if d.lemma != "citing" or d.kind != "unknown" or d.pronoun or d.source is None:
        return False
    return _REPORTERS.search(text[d.source[0] : d.source[1]]) is None
