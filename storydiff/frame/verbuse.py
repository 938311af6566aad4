"""Whether a word that is both a noun and a reporting verb is used as the verb.

"Claims" doubts a statement in "the ministry claims the strike hit a depot" and doubts
nothing in "class-action claims" or "insurance claims": a fact-checker shown the second as a
hedge learns to ignore the marker. An entry's ``verbs`` names such words; a hit on one is
kept only where the sentence uses it as a verb. English has spaCy's parse (the tag of the
word); where the model is missing, and as a check on it (the small model misreads some
headlines), a cheap rule on the neighbouring words marks the clear noun uses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from storydiff.frame.lexicon import Hit
from storydiff.records import Sentence

# A word before the hit that makes it a noun: determiners, possessives, numerals and the
# prepositions a noun follows ("of claims", "the claims", "two claims"). "that" is left
# out: "a group that claims" is the verb.
_NOUN_BEFORE = frozenset(
    "a an the these those such their his her its our your my whose any no some many several"
    " all both each every other more fewer of against over for with without about from by"
    " in on among between under into two three four five six seven eight nine ten dozens"
    " hundreds thousands".split()
)
# Verbs that take the noun as their object ("Study Questions Claims", "Kremlin denies
# claims"): the small model reads such title-case headlines as names or as verbs.
_OBJECT_OF = frozenset(
    "question questions questioned questioning deny denies denied denying reject rejects"
    " rejected rejecting dispute disputes disputed disputing dismiss dismisses dismissed"
    " dismissing debunk debunks debunked debunking refute refutes refuted refuting"
    " challenge challenges challenged challenging investigate investigates investigated"
    " investigating probe probes probed probing file files filed filing settle settles"
    " settled settling face faces faced facing repeat repeats repeated repeating echo"
    " echoes echoed echoing examine examines examined examining".split()
)
# A word after the hit that makes it a noun ("claims of torture", "claims against him");
# not "were": "those she claims were there" is the verb.
_NOUN_AFTER = frozenset("of against by".split())
_WORD_BEFORE = re.compile(r"([\w'’‐‑-]+)\s+$")
_WORD_AFTER = re.compile(r"^\s*(\w+)")
_HYPHENS = re.compile(r"\w[-‐‑]\w")
# A title-case headline gets "PROPN" for nearly every word: no answer, the rule decides.
_VERB_TAGS = frozenset({"VERB", "AUX", "PROPN"})
# What follows a reporting verb, not its noun, often enough to distrust a noun tag.
_CLAUSE_NEXT = frozenset({"PUNCT", "AUX", "VERB"})


def noun_by_context(text: str, start: int, end: int) -> bool:
    """Whether the words around ``text[start:end]`` make it a noun (the parse-free rule).

    Only clear cases count; anything else is left a verb, so the rule never removes more
    than it can tell: a determiner, possessive, numeral or preposition right before it, a
    hyphenated modifier ("class-action claims"), a verb it is the object of ("denies
    claims"), or "of"/"against"/"by" right after it.
    """
    before = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    if before is not None:
        prev = before.group(1)
        low = prev.lower()
        if low in _NOUN_BEFORE or low in _OBJECT_OF or prev.isdigit() or _HYPHENS.search(prev):
            return True
    after = _WORD_AFTER.match(text[end : end + 40])
    return after is not None and after.group(1).lower() in _NOUN_AFTER


def english_parser() -> Any | None:
    """spaCy's small English pipeline, or None if not installed.

    The same loaded pipeline the attribution stage uses (one model load per process); the
    callers here switch its NER off while parsing, since a tag or a predicate needs none,
    unless ``wording_diffs`` is handed the comparison's ``ParseCache``.
    """
    from storydiff.attribute import load_parser
    from storydiff.errors import NotInstalled

    try:
        return load_parser()
    except NotInstalled:
        return None


def noun_uses(text: str, lang: str, hits: Sequence[Hit], sentences: Sequence[Sentence]) -> set[Hit]:
    """The ``hits`` on an entry's ``verbs`` word where the word is not used as a verb.

    For English the parse decides too (loaded only when such a hit occurs); only the
    sentences holding such a hit are parsed, a few per article.
    """
    checked = [h for h in hits if h.entry.verbs and text[h.start : h.end].lower() in h.entry.verbs]
    if not checked:
        return set()
    nouns = {h for h in checked if noun_by_context(text, h.start, h.end)}
    nlp = english_parser() if lang == "en" else None
    if nlp is not None:
        nouns.update(_not_verbs(checked, sentences, nlp))
    return nouns


def _not_verbs(hits: Sequence[Hit], sentences: Sequence[Sentence], nlp: Any) -> list[Hit]:
    """The hits the parse tags as another word class than a verb (or a name, which in a
    title-case headline says nothing); a hit outside any sentence is kept."""
    by_sentence: dict[int, list[Hit]] = {}
    for hit in hits:
        sent = next((s for s in sentences if s.start <= hit.start and hit.end <= s.end), None)
        if sent is not None:
            by_sentence.setdefault(sent.index, []).append(hit)
    if not by_sentence:
        return []
    sents = {s.index: s for s in sentences}
    order = sorted(by_sentence)
    disabled = [name for name in ("ner",) if name in nlp.pipe_names]
    with nlp.select_pipes(disable=disabled):
        docs = list(nlp.pipe([sents[i].text for i in order]))
    out = []
    for i, doc in zip(order, docs, strict=True):
        offset = sents[i].start
        words = {offset + t.idx: t for t in doc}
        out += [h for h in by_sentence[i] if _noun_tag(words.get(h.start))]
    return out


def _noun_tag(token: Any | None) -> bool:
    """Whether the parse reads ``token`` as a noun, trusted only where no clause follows:
    the small model tags the verb a noun at the end of "as Obama's campaign claims." and
    before its clause in "whom Ford claims was at the party"."""
    if token is None or token.pos_ in _VERB_TAGS:
        return False
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return after is not None and after.pos_ not in _CLAUSE_NEXT
