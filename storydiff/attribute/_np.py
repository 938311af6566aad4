"""The noun phrase a cue hangs its source on, read from the English parse: which words
name the speaker (a person's name with its first name, not the title before it or the
clause after it), and what kind of source it is (a person, an organisation, an unnamed
official, a document, a place or a group).

Split from ``_parse`` (which finds the cues and their content) when it passed 850 lines.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from storydiff.attribute._base import (
    Draft,
    common_name,
    cues,
    known_place,
    outlet_name,
    trim,
    web_address,
)
from storydiff.attribute._gender import name_gender
from storydiff.records import SourceKind
from storydiff.relate.places import place_names

# Nouns for a body that may be named after the person who leads it or stands behind it
# ("the Obama administration", "the Trump campaign", "the Biden team", "the Kennedy
# family"): the body speaks there, not the person.
_BODIES_AFTER_PEOPLE = frozenset(
    """administration government campaign team family office ministry cabinet camp
    foundation staff presidency""".split()
)
# Entity types of a body or a place: an organisation, a country, a people, a site.
_ORG_ENTS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
# Dependents that end a source noun phrase: what follows is not part of the name.
_NP_CUT = frozenset({"relcl", "advcl", "ccomp", "parataxis", "acl:relcl"})
# A possessive's ending ("Biden's", "the protesters'"): a name is shown without it.
POSSESSIVE_END = re.compile(r"['’ʼ]s?$")
# A clock time as a live blog writes it before an entry ("14:24", "05:59", "9.30").
_CLOCK = re.compile(r"\d{1,2}[:.]\d{2}")


# Words of the title list that name no one person when they head a phrase: a party's
# members ("Democrats"), a word of an office ("State", "Foreign") or a rank's adjective.
_NOT_A_TITLED_ONE = frozenset(
    {"democrat", "republican", "state", "foreign", "defense", "defence", "former", "general",
     "justice", "prime", "vice", "deputy", "chief"}
)  # fmt: skip


# The last word of a department's or an office's name, which the tagger leaves untagged
# before a person ("Secretary of State for European and Eurasian Affairs Victoria Nuland"):
# not a first name.
_OFFICE_WORDS = frozenset(
    {"affairs", "security", "defense", "defence", "justice", "interior", "finance",
     "health", "commerce", "energy", "agriculture", "education", "labor", "labour",
     "transport", "transportation", "treasury", "intelligence", "development", "relations",
     "policy", "state"}
)  # fmt: skip


# Honorifics, which say how to address a person and no role ("Dr." says a degree: kept).
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx"})


def a_person(ent: Any) -> bool:
    """Whether a PERSON entity can name a person: not an outlet, and written as a name,
    with a small letter and no digit (the small model tags "G8" a person, and "he" then
    resolved to it), not a place the naming lexicon lists ("Kiev"), and not a group in
    the plural ("the Log Cabin Republicans", which made "Republicans" a person)."""
    text = ent.text
    return bool(
        ent.label_ == "PERSON"
        and outlet_name(text) is None
        and any(c.islower() for c in text)
        and not any(c.isdigit() for c in text)
        and not known_place(text)
        and ent[-1].tag_ != "NNPS"
    )


def name_start(doc: Any, start: int) -> int:
    """Extend a person entity left over an untagged first name ("Dmitry" of "Peskov"). An
    entity that already has a first name ("Robert Mueller") takes no word before it: that
    word is a title's ("Special Counsel Robert Mueller", "General Manager Ed Stefanski"),
    the person's role rather than part of the name shown, unless a role in small letters
    stands before the word ("NATO chief Anders Fogh Rasmussen": a title in running text
    is written small, so the capital starts the name)."""
    prev = doc[start - 1] if start > 0 else None
    titles = cues()["en"]["titles"]
    whole = start + 1 < len(doc) and doc[start + 1].ent_iob_ == "I"
    if whole and start > 1 and doc[start - 2].is_alpha and doc[start - 2].is_lower:
        whole = False  # "chief Anders Fogh Rasmussen"
    if (
        not whole
        and prev is not None
        and prev.pos_ == "PROPN"
        and not prev.ent_type_
        and prev.is_title
        and prev.lower_ not in titles
        and prev.lower_ not in _OFFICE_WORDS
    ):
        return int(start - 1)
    return int(start)


def tok_end(tok: Any) -> int:
    """The offset just past ``tok`` in its sentence."""
    return int(tok.idx + len(tok))


# Adverb and adjective endings: "Credibly", "Reportedly", "Democratic", "Dangerous".
_ADJ_OR_ADV = re.compile(
    r"(?:ably|ibly|ally|ently|antly|ously|ively|edly|ingly|fully|lessly|ately|"
    r"ocratic|ical|ous|ive|ful|less|able|ible)$"
)


def _not_a_name(head: Any, doc: Any, text: str) -> bool:
    """Whether a one-word proper-looking source is no name: an adverb or adjective the
    tagger took for a proper noun at a sentence start ("Credibly, ... said"), a word the
    article writes in lower case elsewhere, or a dateline ("WASHINGTON — ... said")."""
    if head.pos_ not in ("PROPN", "ADJ", "ADV") or head.ent_type_ == "PERSON":
        return False
    if any(c.dep_ in ("compound", "flat", "appos") for c in head.children):
        return False
    low = head.lower_
    if head.i == 0 and head.is_upper and len(low) > 2:
        nxt = doc[1].text if len(doc) > 1 else ""
        return nxt in ("—", "–", "-", "(", "--")  # a dateline
    if head.i != 0 or not head.is_title:
        return head.pos_ in ("ADJ", "ADV")
    if _ADJ_OR_ADV.search(low):
        return True
    return re.search(rf"(?<![\w.!?]\s)(?<!^)\b{re.escape(low)}\b", text) is not None


def np_tokens(head: Any, *, own: bool = False) -> tuple[Any, Any]:
    """First and last token of the noun phrase headed by ``head``, without relative clauses
    (``own``: without the phrases coordinated with it either)."""
    last = head
    for child in head.rights:
        if child.dep_ in _NP_CUT or (own and child.dep_ in ("cc", "conj")):
            break
        if child.dep_ != "punct":
            last = child.right_edge
    first = head.left_edge
    # a live blog's clock time opens its entries ("14:24 - US Defense Secretary Chuck
    # Hagel has called ..."): it says when the entry was posted, not who spoke
    while first.i < last.i and (
        first.is_punct or first.dep_ == "cc" or _CLOCK.fullmatch(first.text)
    ):
        first = first.doc[first.i + 1]
    while last.i > first.i and last.is_punct:
        last = last.doc[last.i - 1]
    return first, last


def _named_by(head: Any, last: Any) -> Any:
    """The last token of the words that name a source phrase ending at ``last``: before a
    relative clause on a noun inside it ("residents of a small coastal community who live
    near the plant" are "residents of a small coastal community"). The source span keeps
    the clause, as annotators mark it; the name does not."""
    inner = [t for t in head.doc[head.i + 1 : last.i + 1] if t.dep_ in ("relcl", "acl:relcl")]
    if not inner or inner[0].left_edge.i <= head.i + 1:
        return last
    return head.doc[inner[0].left_edge.i - 1]


def draft_for_np(
    base: Draft,
    head: Any,
    doc: Any,
    off: int,
    text: str,
    lex: dict[str, Any],
    whole: tuple[int, int] | None = None,
) -> Draft:
    """Fill in the source of ``base`` from the noun phrase headed by ``head``.

    The readings are tried from the most specific to the least: an outlet, a word that
    only looks like a name, a person, a pronoun, then what the head noun says. ``whole``
    is the source span when ``head`` is one of several names coordinated there: the name
    is read from its own words, the span is the phrase that names them all."""
    first, last = np_tokens(head, own=whole is not None)
    src = trim(text, off + first.idx, off + tok_end(last))
    phrase = text[src[0] : trim(text, src[0], off + tok_end(_named_by(head, last)))[1]]
    base = replace(base, source=whole or src)
    outlet = outlet_name(phrase)
    ents = [e for e in doc.ents if e.start >= first.i and e.end <= last.i + 1]
    if outlet is not None:
        return replace(base, name=outlet, kind="outlet")
    if (body := _body_after_person(head, ents)) is not None:
        return _named_body(base, doc, first, body)
    person = next((e for e in ents if a_person(e) and not _whose_people(e, head)), None)
    if (site := web_address(text, src)) is not None:
        return replace(base, source=whole or site[0], name=site[1], kind=site[2])
    if _not_a_name(head, doc, text):
        return replace(base, name=common_name(phrase), kind="unknown")
    if (place_or_people := _place_or_people(base, head, first, phrase)) is not None:
        return place_or_people
    if (body := _body_beside(base, doc, head, first, person)) is not None:
        return body
    if person is None and (seat := _place_named(doc, head, first)) is not None:
        return replace(base, name=seat, kind="organisation")
    if person is not None or _a_name(head, lex):
        name_first, name_last = _name_tokens(doc, head, first, person)
        if person is None and _only_titles(doc[name_first : name_last + 1], lex):
            # a role, as written: "Afghan President", "US Surgeon General"
            return replace(base, name=common_name(phrase, proper=True), kind="anonymous")
        name = POSSESSIVE_END.sub("", doc[name_first : name_last + 1].text)
        aff = _affiliation(head, doc, first, name_first, off, text)
        return replace(base, name=name, kind="person", affiliation=aff)
    if _a_pronoun(head, doc[first.i : last.i + 1], lex):
        return replace(base, name=head.text, kind="unknown", pronoun=True)
    return _unnamed_np(base, head, ents, phrase, lex)


def _place_named(doc: Any, head: Any, first: Any) -> str | None:
    """The name a proper-noun source gives when every word of it is a place of the table
    of places (``relate.places``): a country or the seat of its government speaks as
    a body ("Downing Street confirmed", untagged, was a person called Downing Street)."""
    if head.pos_ != "PROPN" or head.ent_type_ == "PERSON":
        return None
    name_first, name_last = _name_tokens(doc, head, first, None)
    words = [t.text for t in doc[name_first : name_last + 1]]
    return " ".join(words) if words and None not in place_names(words) else None


def _untagged_name(head: Any) -> bool:
    """Whether a source's head is a proper noun the tagger gave no body's or place's type,
    without "the": a person's name takes none, and "the West" with no tag is no person."""
    the = any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
    return bool(head.pos_ == "PROPN" and head.ent_type_ not in _ORG_ENTS and not the)


def _a_name(head: Any, lex: dict[str, Any]) -> bool:
    """Whether a source's head with no PERSON tag is a person's name all the same: an
    untagged proper name (``_untagged_name``), or one the tagger took for a body's that is
    set beside a role only a person holds ("Reince Priebus, the chairman of the Republican
    National Committee": a person, not an organisation called "Priebus"); a body's own head
    ("the Office") is no person's name, whatever stands beside it."""
    if _untagged_name(head):
        return True
    if head.pos_ != "PROPN" or head.ent_type_ not in ("ORG", "") or head.lower_ in _BODY_HEADS:
        return False
    titles = set(lex["titles"]) - _NOT_A_TITLED_ONE | set(lex["anonymous_heads"])
    return _appos_of(head, titles) or _called_he_or_she(head)


# Third-person pronouns: a person's ("she said"), a body's or a group's ("it said").
_HIS_OR_HERS = frozenset("he him his she her hers".split())
_ITS_OR_THEIRS = frozenset("it its they them their theirs".split())


def _called_he_or_she(head: Any) -> bool:
    """Whether ``head`` ends a name the tagger took for a body's that is a person's: two or
    three capitalised words, the last a double-barrelled surname or the first a given name
    of one sex (``name_gender``), and "he" or "she" the first third-person pronoun after
    it in its sentence, with no other name between (a body is "it" or "they"). The tagger
    read "Yvette Townsend-Saunders called the meeting 'wonderful' and said she was
    thankful" as an organisation's words. Both are asked: "Amnesty International said he
    was detained" names a body and another man."""
    ent = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
    if ent is None or ent.label_ != "ORG" or ent.end - 1 != head.i:
        return False
    words = ent.text.split()
    shaped = 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words)
    named = "-" in words[-1] or name_gender(ent.text, "") is not None
    return shaped and named and _then_he_or_she(head)


def _then_he_or_she(head: Any) -> bool:
    """Whether the first third-person pronoun after ``head`` in its sentence, with no other
    name between, is "he" or "she"."""
    for tok in head.doc[head.i + 1 : head.sent.end]:
        if tok.pos_ == "PROPN" or tok.lower_ in _ITS_OR_THEIRS:
            return False
        if tok.lower_ in _HIS_OR_HERS:
            return True
    return False


def _body_beside(base: Draft, doc: Any, head: Any, first: Any, person: Any | None) -> Draft | None:
    """``base`` with the body an untagged name names where a noun for a body is set beside
    it ("Gazprom, the state gas company", which was a person), else ``None``."""
    if person is not None or not _untagged_name(head) or not _appos_of(head, _BODY_NOUNS):
        return None
    name_first, name_last = _name_tokens(doc, head, first, None)
    name = POSSESSIVE_END.sub("", doc[name_first : name_last + 1].text)
    return replace(base, name=name, kind="organisation")


# Common nouns for a body set beside its name: "Gazprom, the state gas company" is no
# person, though the tagger gives the name no type.
_BODY_NOUNS = frozenset(
    """company firm group giant agency organisation organization party bank network union
    association corporation conglomerate maker manufacturer producer operator
    retailer""".split()
)


def _appos_of(head: Any, nouns: frozenset[str] | set[str]) -> bool:
    """Whether ``head`` has an apposition headed by one of ``nouns``."""
    return any(
        c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in nouns for c in head.children
    )


_NAMING = frozenset({"PERSON", "ORG", ""})
# Words that make a body's name an outlet's: "Yonhap News Agency", "Kyodo News Service".
_NEWS_WORDS = frozenset({"news", "press", "wire", "radio", "television", "broadcasting"})
# Capitalised heads of a body's name ("the Bristol District Attorney's Office", "the
# Alberta Gaming, Liquor and Cannabis Commission"): the words before them are the body's
# name, whichever a tagger reads as a person's or a place's.
_BODY_HEADS = frozenset(
    """office commission agency board ministry authority department council committee
    bureau service institute foundation administration campaign""".split()
)


def _body_after_person(head: Any, ents: list[Any]) -> Any | None:
    """``head`` when the source phrase it heads is a body named with a name the tagger may
    take for a person's, else ``None``: a common noun for a body ("administration",
    "campaign", "family") after a name read as a person's, a body's ("Trump" ORG) or as
    nothing, or a capitalised head of a body's name after capitalised words ("Office").

    Read as the person, "The Obama administration said" was Obama's word, and across
    outlets "Barack Obama"'s; "according to the Bristol District Attorney's Office" was a
    person called "Office"; no fact-checker could back either. "The U.S. government",
    named by a place, is read as it was; "the Trump campaign's lawyers" are the lawyers;
    a person named after the body ("RNC Chairwoman Ronna Romney McDaniel") speaks."""
    if any(e.label_ == "PERSON" and e.start > head.i for e in ents):
        return None
    low = head.lower_
    if head.pos_ == "NOUN" and head.lemma_.lower() in _BODIES_AFTER_PEOPLE:
        naming = _NAMING
    elif head.pos_ == "PROPN" and head.is_title and low in _BODY_HEADS:
        naming = _NAMING | _ORG_ENTS
    else:
        return None
    modifiers = ("compound", "poss", "nmod")
    if not any(
        c.dep_ in modifiers and c.pos_ == "PROPN" and c.ent_type_ in naming and c.i < head.i
        for c in head.children
    ):
        return None
    return head


def _named_body(base: Draft, doc: Any, first: Any, head: Any) -> Draft:
    """``base`` with the body whose name, from ``first``, is headed by ``head``: an outlet
    where a word of its name says so ("Kyodo News Service"), else an organisation."""
    name = _body_name(doc, first, _named_to(head))
    news = any(t.lower_ in _NEWS_WORDS for t in doc[first.i : head.i])
    return replace(base, name=name, kind="outlet" if news else "organisation")


def _named_to(head: Any) -> Any:
    """The last token of a body's name headed by ``head``: its "of" or "for" phrase's, if
    it has one ("U.S. Department of Commerce", "Office for Civil Rights"), else the head."""
    named = [
        c
        for c in head.rights
        if c.dep_ == "prep"
        and c.lower_ in ("of", "for")
        and any(g.dep_ == "pobj" and g.pos_ == "PROPN" for g in c.children)
    ]
    return named[0].right_edge if named else head


def _body_name(doc: Any, first: Any, last: Any) -> str:
    """A body's name from token ``first`` to ``last``, from its first capitalised word on
    (else without its article): "Obama administration", "Super Bowl Committee" of "the
    state's Super Bowl Committee", "Ukraine's Foreign Ministry" of "13:21 - Ukraine's
    Foreign Ministry"."""
    words = [t for t in doc[first.i : last.i + 1] if t.dep_ != "det"] or [first]
    start = next((t for t in words if t.text[:1].isupper()), words[0])
    return POSSESSIVE_END.sub("", doc[start.i : last.i + 1].text)


def _only_titles(words: Any, lex: dict[str, Any]) -> bool:
    """Whether the words a parse took for a person's untagged name are all of a title
    ("Afghan President Says": "President"; "Attorney General"): a role, which a voice is
    shown as, never a person's name."""
    return all(w.lower_ in lex["titles"] or w.ent_type_ == "NORP" for w in words)


def _whose_people(ent: Any, head: Any) -> bool:
    """Whether a person is named only as whose people speak: inside a phrase after a
    common noun ("A spokesperson for Grassley", "Friends of Kathryn Jenkin" said): the
    spokesperson speaks, not Grassley; a name set beside the noun ("Her spokesman, Andrew
    Wilder") or right after the body of its office ("The spokesman for the Kremlin Dmitry
    Peskov") is the speaker's own, as is one set off by a comma after the phrase ("A
    lawyer for Mr. Grimm, William McGinley of Patton Boggs, confirmed": the lawyer's name,
    which the parser hangs under "Grimm")."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if head.pos_ != "NOUN" or (before is not None and before.ent_type_ in _ORG_ENTS):
        return False
    if before is not None and before.text == "," and before.i > head.i:
        # set beside the phrase, not one of a list ("senators like John Ashcroft, Kit Bond")
        return bool(ent.root.dep_ != "appos")
    preps = [c for c in head.children if c.dep_ == "prep"]
    return any(p.left_edge.i <= ent.root.i <= p.right_edge.i for p in preps)


def _name_tokens(doc: Any, head: Any, first: Any, person: Any | None) -> tuple[int, int]:
    """First and last token index of a person's name in a noun phrase: the PERSON entity
    (with an untagged first name before it), else an untagged proper name heading the
    subject ("Dmytro Kuleba said"), at most three words."""
    if person is not None:
        return max(first.i, name_start(doc, person.start)), person.end - 1
    if (after_office := _name_after_office(doc, head)) is not None:
        return after_office
    if _called_he_or_she(head):
        # the tagger's body is the person's whole name ("Yvette Townsend-Saunders")
        return max(first.i, next(e.start for e in doc.ents if e.start <= head.i < e.end)), head.i
    name_first = head.i
    while (
        name_first > first.i
        and head.i - name_first < 2
        and doc[name_first - 1].pos_ == "PROPN"
        and doc[name_first - 1].ent_type_ not in _ORG_ENTS
    ):
        name_first -= 1
    return name_first, head.i


def _name_after_office(doc: Any, head: Any) -> tuple[int, int] | None:
    """The untagged name after a title's office, which the parser hangs under "of"
    ("Deputy Minister of Health Waldemar Kraska": the person is Waldemar Kraska, not the
    "Deputy Minister" before it): two or three proper nouns after the office's last word."""
    if head.lower_ not in cues()["en"]["titles"]:
        return None
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return None
    obj = next((c for c in of.children if c.dep_ == "pobj"), None)
    if obj is None or obj.pos_ != "PROPN" or obj.lower_ in _OFFICE_WORDS:
        return None
    start = obj.i
    while (
        obj.i - start < 2
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].lower_ not in _OFFICE_WORDS
        and doc[start - 1].i > of.i
    ):
        start -= 1
    if start == obj.i or doc[start - 1].lower_ not in _OFFICE_WORDS:
        return None
    return int(start), int(obj.i)


def _affiliation(
    head: Any, doc: Any, first: Any, name_first: int, off: int, text: str
) -> str | None:
    """What the phrase says of the person besides the name: the words before it ("Kremlin
    spokesman"), else an apposition ("Peskov, the Kremlin spokesman"); coordinated and
    relative clauses are someone else's."""
    own = {t.i for t in head.subtree} - {
        t.i for c in head.children if c.dep_ in ("conj", "cc", "relcl") for t in c.subtree
    }
    words = [t for t in doc[first.i : name_first] if t.i in own]
    left = _role_words(words)
    if left:
        return text[off + left[0].idx : off + tok_end(left[-1])]
    if any(t.lower_.rstrip(".") in _HONORIFICS for t in words):
        return None  # "Mr. Jackson's lawyer, Reid H. Weingarten": no role of Jackson's
    appos = next((c for c in head.children if c.dep_ == "appos"), None)
    if appos is None:
        return None
    return text[off + appos.left_edge.idx : off + tok_end(appos.right_edge)]


def _role_words(left: list[Any]) -> list[Any]:
    """The words before a name that say the person's role: without the article, the
    punctuation around them ("Her spokesman, Andrew Wilder": not "spokesman,"), an
    honorific ("32-year-old Mr Anton Vlasenko": an honorific is no role) and the document
    the person wrote ("a statement from Grimm's attorney, William McGinley": the attorney)."""
    while left and (left[0].dep_ == "det" or left[0].is_punct):
        left = left[1:]
    while left and (left[-1].is_punct or left[-1].lower_.rstrip(".") in _HONORIFICS):
        left = left[:-1]
    if len(left) > 2 and left[0].lemma_.lower() in cues()["en"]["document_heads"]:
        left = left[2:] if left[1].lower_ in ("from", "by") else left
    return left


def _a_pronoun(head: Any, phrase: Any, lex: dict[str, Any]) -> bool:
    """Whether a source phrase is a pronoun: "he said", and "even he acknowledged", "only
    she knew" (a focus word is no part of a name)."""
    return head.lower_ in lex["pronouns"] and all(t == head or t.dep_ == "advmod" for t in phrase)


def unnamed_people(lemma: str, lex: dict[str, Any]) -> bool:
    """Whether a head noun names people without naming them: "officials", and a title with
    no name ("the US President", "the British Ambassador to Washington": one person, not
    the country, nor the city read as a paper)."""
    return lemma in lex["anonymous_heads"] or (
        lemma in lex["titles"] and lemma not in _NOT_A_TITLED_ONE
    )


def _unnamed_np(base: Draft, head: Any, ents: list[Any], phrase: str, lex: dict[str, Any]) -> Draft:
    """``base`` with a source no person's name gives: a back-reference ("the newspaper"),
    an anonymous source or a document by its head noun, a body the parser tagged, else the
    phrase as written."""
    hl = head.lemma_.lower()
    unnamed = common_name(phrase, proper=_proper(_after_det(head.left_edge)))
    document = _a_document(head, lex)
    if _a_backref(head, lex):
        # with no outlet named before, "the journalists" are unnamed people, "This
        # story" (an editor's note: "has been updated to note") is a text, no one
        text_word = document or hl in _TEXT_BACKREFS
        fallback: SourceKind = "document" if text_word else "anonymous"
        return replace(base, name=unnamed, kind=fallback, backref=True)
    if unnamed_people(hl, lex):
        return replace(base, name=unnamed, kind="anonymous")
    if document:
        return replace(base, name=unnamed, kind="document")
    org = _body_entity(head, ents)
    if org is not None or head.pos_ == "PROPN":
        name = re.sub(r"^[Tt]he\s+", "", org.text if org is not None else phrase)
        paper = base.lemma in lex["outlet_cues"] or _a_paper(name)
        kind: SourceKind = "outlet" if paper else "organisation"
        return replace(base, name=name, kind=kind)
    if hl in ("outlet", "newspaper", "media", "publication"):
        return replace(base, name=unnamed, kind="outlet")
    return replace(base, name=unnamed, kind="unknown")


# The last word of a newspaper's name: "the Las Vegas Sun", "The Lowell Sun", "the
# Omaha World-Herald".
_PAPER_WORDS = frozenset(
    """sun times post herald tribune journal gazette chronicle examiner inquirer observer
    courier telegraph globe star dispatch bulletin mirror""".split()
)


def _a_paper(name: str) -> bool:
    """Whether a body's name of two capitalised words or more ends in a newspaper's word;
    one word alone ("Sun", "Star") may name anything."""
    words = name.split()
    last = re.split(r"[-‐]", words[-1])[-1].lower() if words else ""
    return len(words) > 1 and all(w[:1].isupper() for w in words) and last in _PAPER_WORDS


# Back-references that name a text, not the people who wrote it.
_TEXT_BACKREFS = frozenset({"article", "story", "piece", "edition"})


def _a_backref(head: Any, lex: dict[str, Any]) -> bool:
    """Whether a source phrase points back at the outlet named before ("the newspaper",
    "this article", "journalists"): not "several reporters", and not a text of something
    the phrase names ("The high treason article of the Russian Criminal Code says")."""
    hl = head.lemma_.lower()
    det = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
    around = {c.lower_ for c in head.children}
    return (
        hl in lex["backrefs"]
        and bool(det & {"the", "this", "that", "an", "a"} or hl in ("journalist", "reporter"))
        and not around & {"several", "other", "some", "many"}
        and not (hl in _TEXT_BACKREFS and "of" in around)
    )


def _body_entity(head: Any, ents: list[Any]) -> Any | None:
    """The entity of a body that names the source a phrase headed by ``head`` stands for:
    the phrase's first one, when it holds the head. A name that only modifies a common
    noun is no source ("Credibly accused priests"), nor is a NORP adjective ("Democratic"
    in "Democratic lawmakers"); a name before the one the phrase is headed by says whose
    body it is or which part ("Michigan’s Supreme Court", "House Republicans" name neither
    Michigan nor the House)."""
    first = next(
        (
            e
            for e in ents
            if e.label_ in _ORG_ENTS
            and not (e.label_ == "NORP" and e.root.pos_ == "ADJ")
            and (e.start <= head.i < e.end or head.pos_ == "PROPN")
        ),
        None,
    )
    return first if first is not None and first.start <= head.i < first.end else None


def _a_document(head: Any, lex: dict[str, Any]) -> bool:
    """Whether a source's head noun names a text ("the report", "Labor Department data": a
    word lemmatised "datum", which no list holds, so the word as written counts too)."""
    return bool({head.lemma_.lower(), head.lower_} & set(lex["document_heads"]))


def _after_det(first: Any) -> Any:
    """The first token of a phrase past its determiners ("The", "Some")."""
    tok = first
    while tok.dep_ in ("det", "predet") and tok.i + 1 < len(tok.doc):
        tok = tok.doc[tok.i + 1]
    return tok


def _proper(tok: Any) -> bool:
    """Whether ``tok`` is written with a capital as a name or a people's adjective is,
    wherever it stands ("Russian" of "The Russian president"), not as a sentence's start."""
    return bool(tok.pos_ == "PROPN" or tok.ent_type_ in _ORG_ENTS or tok.ent_type_ == "PERSON")


# Plural proper nouns that name a party's members, which speak as the party ("Democrats
# say"): a body, not an unnamed group.
_PARTY_MEMBERS = frozenset({"democrats", "republicans"})


def _place_or_people(base: Draft, head: Any, first: Any, phrase: str) -> Draft | None:
    """``base`` with a source that is a place ("Kiev said": the government that sits there)
    or a people in the plural ("Some Britons plan": ``_many_people``), else None."""
    if known_place(head.text):
        return replace(base, name=head.text, kind="organisation")
    if not _many_people(head):
        return None
    lead = _after_det(first)
    words = phrase[lead.idx - first.idx :]
    proper = lead.i > 0 or lead.ent_type_ == "NORP"  # "Friends said" at a sentence's start
    return replace(base, name=common_name(words, proper=proper), kind="anonymous")


def _many_people(head: Any) -> bool:
    """Whether a source's head is a plural proper noun naming a people or a group ("Some
    Britons plan", "Ukrainians say"): many unnamed people, not one person called "Britons"
    and not a body; a party's members stay the party, a compound name the body it names
    ("the Log Cabin Republicans")."""
    return bool(
        head.tag_ == "NNPS"
        and head.ent_type_ in ("", "NORP")
        and head.lower_ not in _PARTY_MEMBERS
        and not any(c.dep_ == "compound" for c in head.children)
    )
