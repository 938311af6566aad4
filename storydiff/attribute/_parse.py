"""English attributions from a dependency parse (spaCy's small English model).

Cues are speech verbs ("said", "told"), object verbs ("called for"), citing verbs and
prepositions ("according to", "citing"), and hedges ("reportedly"); the source is the noun
phrase the parse hangs on the cue, the content its clausal complement or an adjacent quotation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from storydiff.attribute._base import (
    Draft,
    Mention,
    ParseCache,
    adjacent_quote,
    common_name,
    cues,
    previous_paragraph,
    quoted_regions,
    quoted_share,
    trim,
)
from storydiff.attribute._gender import name_gender, with_surname_genders
from storydiff.attribute._np import (
    POSSESSIVE_END,
    a_person,
    draft_for_np,
    name_start,
    np_tokens,
    tok_end,
    unnamed_people,
)
from storydiff.records import Segmented

# A ship's name: after a navy's prefix or a word for a vessel ("INS Sukanya", "the
# warship Moskva"). The tagger takes it for a person, and "He said" then went to the ship.
_VESSEL = re.compile(
    r"\b(?:INS|USS|USNS|HMS|HMCS|HMAS|RFS|MV|SS|(?:war)?ship|vessel|frigate|destroyer"
    r"|cruiser|corvette|tanker|submarine|carrier)\s+([A-Z][\w-]+)"
)
# Relative pronouns heading a clause's subject: the speaker is the noun they stand for.
# Only a person's: the noun before "which" or "that" is often not what speaks ("a letter
# signed by 42 senators, which stated": not the Senate).
_RELATIVE = frozenset({"who", "whom"})


def from_parse(seg: Segmented, parses: ParseCache) -> tuple[list[Draft], list[Mention]]:
    """English drafts from the dependency parse, and the persons named in the article
    (offset, name) that pronoun sources resolve to."""
    lex = cues()["en"]
    docs = parses([s.text for s in seg.sentences])
    persons: list[Mention] = []
    for sent, doc in zip(seg.sentences, docs, strict=True):
        persons += [
            Mention(
                at=sent.start + doc[first].idx,
                sentence=sent.index,
                name=name,
                gender=name_gender(name, doc[first - 1].text if first > 0 else ""),
                subject=not _a_modifier(e),
            )
            for e in doc.ents
            if a_person(e)
            for first in [name_start(doc, e.start)]
            for name in [POSSESSIVE_END.sub("", doc[first : e.end].text)]
        ]
    # Surnames seen as persons also count where the tagger missed them ("Macronʼs").
    surnames = {m.name.split()[-1]: m.name for m in persons}
    for sent, doc in zip(seg.sentences, docs, strict=True):
        for tok in doc:
            bare = POSSESSIVE_END.sub("", tok.text)
            if bare in surnames and tok.ent_type_ != "PERSON":
                persons.append(Mention(at=sent.start + tok.idx, sentence=sent.index, name=bare))
    vessels = {m.group(1) for m in _VESSEL.finditer(seg.article.text)}
    persons = [m for m in persons if not vessels & set(m.name.split())]
    persons = with_surname_genders(sorted(persons, key=lambda m: (m.at, m.name)))
    drafts: list[Draft] = []
    for sent, doc in zip(seg.sentences, docs, strict=True):
        drafts += _parse_sentence(seg, sent.index, doc, lex)
    return drafts, persons


@dataclass(frozen=True, kw_only=True)
class _Parsed:
    """One parsed sentence of an article, as each cue reader below needs it."""

    seg: Segmented
    index: int
    doc: Any
    lex: dict[str, Any]

    @property
    def off(self) -> int:
        return self.seg.sentences[self.index].start

    @property
    def text(self) -> str:
        return self.seg.article.text

    def span(self, first: Any, last: Any) -> tuple[int, int]:
        """The absolute offsets of the tokens ``first`` to ``last``, trimmed."""
        return trim(self.text, self.off + first.idx, self.off + tok_end(last))

    def rest(self, tok: Any) -> tuple[int, int] | None:
        """The larger side of the sentence around ``tok``'s phrase (``_rest_of_sentence``)."""
        return _rest_of_sentence(self.doc, tok, self.off, self.text)

    def sourced(
        self,
        head: Any,
        cue: tuple[int, int],
        lemma: str,
        content: tuple[int, int] | None,
        parent: Any | None,
    ) -> list[Draft]:
        """Drafts whose source is the noun phrase headed by ``head``, hung under the
        attribution at ``parent`` when one cites the other: one for each of coordinated
        sources ("Kiev and the West have accused"), all with the whole phrase as source."""
        at = None if parent is None else self.off + parent.idx
        draft = Draft(
            sentence_index=self.index, cue=cue, lemma=lemma, content=content, parent_at=at
        )
        others = _coordinated(head)
        if not others:
            return [draft_for_np(draft, head, self.doc, self.off, self.text, self.lex)]
        first, last = np_tokens(head)
        whole = trim(self.text, self.off + first.idx, self.off + tok_end(last))
        if _one_body(head, others):
            name = re.sub(r"^[Tt]he\s+", "", self.text[whole[0] : whole[1]])
            return [replace(draft, source=whole, name=name, kind="organisation")]
        return [
            draft_for_np(draft, h, self.doc, self.off, self.text, self.lex, whole)
            for h in (head, *others)
        ]


def _parse_sentence(seg: Segmented, index: int, doc: Any, lex: dict[str, Any]) -> list[Draft]:
    """The attributions of one sentence: each token is tried as each kind of cue."""
    p = _Parsed(seg=seg, index=index, doc=doc, lex=lex)
    out: list[Draft] = []
    for tok in doc:
        low, lemma = tok.lower_, tok.lemma_.lower()
        nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
        if low in ("according", "citing", "quoting") or (
            low in ("with", "in") and nxt == "reference"
        ):
            out += _prep_cue(p, tok)
        elif tok.pos_ == "ADV" and low in lex["hedges"]:
            cue, content = p.span(tok, tok), p.span(tok.head.left_edge, tok.head.right_edge)
            out.append(
                Draft(sentence_index=index, cue=cue, lemma=lex["hedges"][low], content=content)
            )
        elif tok.pos_ == "VERB" and lemma in lex["cite_verbs"]:
            out += _cite_cue(p, tok)
        elif _a_cue_verb(tok, lex):
            out += _verb_cue(p, tok)
    return out


def _coordinated(head: Any) -> list[Any]:
    """The names coordinated with a source's name after it ("the West" of "Kiev and the
    West"): each is a source of its own. Common nouns are not split: "the president and
    chief executive" is one person's titles."""
    if not _names_an_actor(head):
        return []
    others = [c for c in head.conjuncts if c.i > head.i]
    if _titles_of(head, others):
        return []
    return others if others and all(_names_an_actor(c) for c in others) else []


def _titles_of(head: Any, others: list[Any]) -> bool:
    """Whether a title with no name and no article, coordinated with one titled name, is
    that person's: "Connecticut Attorney General and U.S. Senate candidate Richard
    Blumenthal" is Blumenthal, whose first title was a person called "Attorney General".
    "the President and Senator Smith" (an article: someone of their own) stay two."""
    titles = cues()["en"]["titles"]
    if head.lower_ not in titles or head.ent_type_ == "PERSON" or len(others) != 1:
        return False
    if any(c.dep_ == "det" for c in head.children):
        return False
    named = others[0]
    return bool(named.ent_type_ == "PERSON" and named.left_edge.i < named.i - 1)


def _one_body(head: Any, others: list[Any]) -> bool:
    """Whether names coordinated as a list are one body's name: the tagger reads the last
    two, "and" between them, as one organisation ("Alberta Gaming, Liquor and Cannabis",
    the agency, whose "Liquor and Cannabis" is one ORG), and every part is a capitalised
    name. Split, the agency was three voices, one of them a person called "Alberta Gaming";
    "Argentina, Australia and Brazil" (three countries the tagger reads apart) stay three."""
    names = (head, *others)
    if not all(t.pos_ == "PROPN" and t.is_title for t in names):
        return False
    before_last = others[-2] if len(others) > 1 else head
    cc = next((c for c in before_last.children if c.dep_ == "cc"), None)
    if cc is None:
        return False
    return any(
        e.label_ == "ORG" and e.start < cc.i < e.end and e.end > others[-1].i for e in head.doc.ents
    )


def _prep_cue(p: _Parsed, tok: Any) -> list[Draft]:
    """ "according to X", "citing X", "with reference to X"."""
    phrase = _prep_phrase(p.doc, tok)
    if phrase is None:
        return []
    cue_last, obj = phrase
    cue_text = " ".join(t.lower_ for t in p.doc[tok.i : cue_last.i + 1])
    cue_lemma = p.lex["prepositions"].get(cue_text, cue_text)
    # "writes ... with reference to sources": the sources hang under the writer.
    verb = _verb_above(tok) if cue_lemma in ("with reference to", "citing") else None
    content = None if verb is not None else p.rest(tok)
    drafts = p.sourced(obj, p.span(tok, cue_last), cue_lemma, content, verb)
    if cue_lemma != "citing" or _names_a_source(drafts, obj):
        return drafts
    return _citer(p, tok, obj, p.span(tok, cue_last))


def _cite_cue(p: _Parsed, tok: Any) -> list[Draft]:
    """ "X cited Y": Y is the source."""
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if obj is None:
        return []
    # "an article ..., which cited X": X hangs under the noun the clause modifies.
    anchor = tok.head if tok.dep_ in ("relcl", "acl") else _verb_above(tok)
    content = None if anchor is not None else p.rest(tok)
    drafts = p.sourced(obj, p.span(tok, tok), "cite", content, anchor)
    return drafts if _names_a_source(drafts, obj) else _citer(p, tok, obj, p.span(tok, tok))


def _names_a_source(drafts: list[Draft], obj: Any) -> bool:
    """Whether a cited phrase names a source ("citing sources", "cited a report", "quoting
    him"), not a reason or a rule ("cite sincerely held religious beliefs", "citing the
    state's economic comeback", "cite the Constitution"): those are nobody's word."""
    return obj.ent_type_ != "LAW" and all(d.kind != "unknown" or d.pronoun for d in drafts)


def _citer(p: _Parsed, tok: Any, obj: Any, cue: tuple[int, int]) -> list[Draft]:
    """The draft of a reason or a rule cited (``_names_a_source``): the one who cites it
    says it ("they cite 'inaccurate' information": they, saying so), as PolNeAR marks it;
    the cited words are the content. No source when the subject is nobody to check."""
    subj = _subject(tok, p.lex["verbs"])
    if subj is not None and subj.lower_ in p.lex["first_person"]:
        return []
    return _subject_drafts(p, tok, subj, cue, "cite", p.span(obj.left_edge, obj.right_edge))


def _verb_cue(p: _Parsed, tok: Any) -> list[Draft]:
    """A speech verb ("said", "told") or an object verb ("called for"), with its subject
    as source; none inside a long quotation or for the author ("I said")."""
    lex, verbs, lemma = p.lex, p.lex["verbs"], tok.lemma_.lower()
    if _inside_quote(p.text, p.off + tok.idx):
        return []  # nested in a quotation: the quoted speaker's words, not a cue
    if _withheld_or_supposed(tok):
        return []
    last = tok
    if particle := lex["verbs_needing_particle"].get(lemma):
        prt = [c for c in tok.children if c.dep_ == "prt" and c.lower_ == particle]
        if not prt:
            return []
        last = prt[0]
    content = _verb_content(p.seg, p.index, p.doc, tok, p.off, lex)
    subj = _subject(tok, verbs)
    if content is None or (subj is not None and subj.lower_ in lex["first_person"]):
        return []
    cue_lemma = verbs.get(lemma) or lex["object_verbs"][lemma]
    drafts = _subject_drafts(p, tok, _speaker(tok, subj), p.span(tok, last), cue_lemma, content)
    if lemma in _REPORTERS_ONLY and not any(d.kind == "outlet" for d in drafts):
        # "enslaved people in Texas learned they had been freed": finding out, not
        # telling; only an outlet's "has learned" reports what it found
        return []
    return drafts


# Verbs that report speech only when an outlet is their subject ("The Post has learned").
_REPORTERS_ONLY = frozenset({"learn"})


# Verbs that say the speech verb after them did not happen: "declined to say", "refused
# to comment".
_WITHHOLDING = frozenset({"decline", "refuse"})


def _withheld_or_supposed(tok: Any) -> bool:
    """Whether a speech verb tells of no speech: one its subject "declined to" or "refused
    to" make ("Aides declined to say whether ..."), or one supposed in a clause of "if",
    "whether" or "unless" ("If Mr. Romney were to reject the plank", "whether he would
    call on the delegates"): nobody said what such a verb would report."""
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _WITHHOLDING:
        return True
    clause = tok.head if tok.dep_ == "xcomp" else tok
    return any(
        c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless")
        for t in {tok, clause}
        for c in t.children
    )


def _said_to(tok: Any) -> bool:
    """Whether ``tok`` is "said" of "A man said to have been released": a participle the
    parser reads as a past tense, with "to" and a verb after it; "said to reporters" and
    "vowed to seek" are speech."""
    after = tok.doc[tok.i + 1 : tok.i + 3]
    return bool(
        tok.lemma_.lower() == "say"
        and len(after) == 2
        and after[0].lower_ == "to"
        and after[1].tag_ == "VB"
    )


def _speaker(tok: Any, subj: Any | None) -> Any | None:
    """Who speaks at the cue ``tok`` with the subject ``subj``: the subject, but for a cue
    in the passive, whose subject is spoken to or of ("the sergeant-at-arms was called to
    remove a protester", "Jenkin, who was described as a Goth", "A man said to have been
    released"), the agent where the text names one ("was asked by the host"), else nobody
    (as PolNeAR marks them)."""
    if subj is None or subj.head != tok:
        return subj  # the speaker of a verb above ("He was asked ..., saying that")
    if subj.dep_ != "nsubjpass" and not _said_to(tok):
        return subj
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    return None if agent is None else next((g for g in agent.children if g.dep_ == "pobj"), None)


def _subject_drafts(
    p: _Parsed,
    tok: Any,
    subj: Any | None,
    cue: tuple[int, int],
    lemma: str,
    content: tuple[int, int] | None,
) -> list[Draft]:
    """The drafts of the cue ``tok`` whose source is its subject ``subj``: none named for
    "it" or no subject, the noun a relative "who" stands for, the owner of "whose"."""
    relative, subj = _antecedent(tok, subj, p.lex)
    if subj is None or subj.lower_ in ("it", "there", "this"):
        return [Draft(sentence_index=p.index, cue=cue, lemma=lemma, content=content)]
    if (owner := _relative_owner(subj)) is not None:
        return [_owned_by_relative(p, subj, owner, tok, cue, lemma, content)]
    drafts = p.sourced(subj, cue, lemma, content, None)
    if relative is None:
        return drafts
    return [replace(d, source=p.span(relative, relative)) for d in drafts]


def _antecedent(tok: Any, subj: Any | None, lex: dict[str, Any]) -> tuple[Any | None, Any | None]:
    """The relative "who" heading the clause of the cue ``tok`` and the noun it stands for,
    or ``(None, subj)``. "The minister, who said ...": "who" is nobody a reader can check,
    and the minister is; the source span stays where the text puts it, on "who". With no
    clause to read it from, "who" stays the subject, and is no voice."""
    if subj is None or subj.lower_ not in _RELATIVE or tok.dep_ not in ("relcl", "acl:relcl"):
        return None, subj
    return subj, _people_of(tok.head, lex) or tok.head


def _people_of(noun: Any, lex: dict[str, Any]) -> Any | None:
    """The word for people that a relative "who" means when the parser hangs the clause on
    the place, group or thing after their preposition: "residents of a small coastal
    community who have accused him" are the residents, not the community; "an employee at
    the filling station who said", "a lawyer in the field of government transparency who
    has defended" the employee and the lawyer (up to two prepositions up); None for any
    other noun, and for a person's name or a word for people."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.ent_type_ in ("PERSON", "NORP"):
        return None
    if noun.pos_ == "PROPN" and not noun.ent_type_:
        return None  # an untagged name may be a person's
    if _a_persons_word(noun.lemma_.lower(), lex):
        return None  # "black farmers and American Indians who": the farmers
    for _ in range(2):
        prep = noun.head
        if noun.dep_ != "pobj" or prep.dep_ != "prep":
            return None
        noun = prep.head
        if noun.pos_ == "NOUN" and _a_persons_word(noun.lemma_.lower(), lex):
            return noun
    return None


# Endings of English nouns for someone who does something ("employee", "lawyer",
# "shop-owner", "activist"): "who" after a place hung on such a word means it. Not "-ent"
# nor "-ant": "payment", "government" and "agreement" are no one.
_AGENT_ENDINGS = ("ee", "er", "or", "ist")


def _a_persons_word(lemma: str, lex: dict[str, Any]) -> bool:
    """Whether a noun's lemma names people: one of the lists' words, or an agent noun."""
    return unnamed_people(lemma, lex) or (len(lemma) > 4 and lemma.endswith(_AGENT_ENDINGS))


def _relative_owner(subj: Any) -> Any | None:
    """The relative word inside a subject that makes it someone's or something's: "whose"
    of "whose leaders", "which" of "the outlines of which"; None for any other subject."""
    for c in subj.children:
        if c.dep_ == "poss" and c.lower_ == "whose":
            return c
        if c.dep_ == "prep" and c.lower_ == "of":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.lower_ in ("which", "whom", "whose"):
                return obj
    return None


def _owned_by_relative(
    p: _Parsed,
    subj: Any,
    owner: Any,
    tok: Any,
    cue: tuple[int, int],
    lemma: str,
    content: tuple[int, int] | None,
) -> Draft:
    """The draft of a subject a relative word ties to the noun before the clause: "the
    European Union, whose leaders have said" is the EU's leaders, a voice a reader can
    check ("leaders of the European Union"); "the outlines of which were announced", or
    any subject that is no word for people, is nobody's, and keeps the relative word for
    name, which no voice and no origin takes. The source span stays on the subject as
    written."""
    first, last = np_tokens(subj)
    base = Draft(
        sentence_index=p.index, cue=cue, lemma=lemma, content=content, source=p.span(first, last)
    )
    unnamed = replace(base, name=owner.lower_, kind="unknown")
    if (
        tok.dep_ not in ("relcl", "acl:relcl")
        or subj.lemma_.lower() not in p.lex["anonymous_heads"]
    ):
        return unnamed
    a_first, a_last = np_tokens(tok.head, own=True)
    if tok.head.pos_ == "PRON" or a_last.i >= subj.i:
        return unnamed
    own = [t for t in subj.subtree if t.i not in {x.i for x in owner.subtree} and t != owner]
    own = [t for t in own if not (t.dep_ == "prep" and t.lower_ == "of" and owner in t.children)]
    people = " ".join(t.text for t in own)
    antecedent = p.text[p.off + a_first.idx : p.off + tok_end(a_last)]
    if a_first.dep_ == "det":  # "The company, whose spokesman said": "the company"
        antecedent = antecedent[:1].lower() + antecedent[1:]
    return replace(base, name=f"{common_name(people)} of {antecedent}", kind="anonymous")


def _a_modifier(ent: Any) -> bool:
    """Whether a name only modifies a common noun ("the Obama administration"): the
    administration acts there, and a later "he" is not the person it is named after."""
    return bool(ent.root.dep_ == "compound" and ent.root.head.pos_ == "NOUN")


def _verb_above(tok: Any) -> Any | None:
    node = tok
    while node.head.i != node.i:
        node = node.head
        if node.pos_ == "VERB":
            return node
    return None


def _prep_phrase(doc: Any, tok: Any) -> tuple[Any, Any] | None:
    """(last cue token, object) of "according to X", "with reference to X", "citing X"."""
    if tok.lower_ in ("citing", "quoting"):
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "pobj")), None)
        return None if obj is None else (tok, obj)
    to = next((t for t in doc[tok.i + 1 : tok.i + 4] if t.lower_ == "to"), None)
    if to is None:
        return None
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    return None if obj is None else (to, obj)


# A dateline opening a story: the place in capitals, maybe its state or country and the
# agency, then a dash ("WASHINGTON --", "KYIV, Ukraine (AP) —", "LONDON (Reuters) -").
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]*[A-Z.](?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)?(?: \([^()]{1,40}\))? ?(?:--|[—–-]) "
)

# An update stamp or an editor's note opening a paragraph ("UPDATE:", "UPDATE 2:52 p.m.
# --", "UPDATE: 9 p.m. --", "CORRECTION:"): when the text was changed, never who speaks.
_STAMP = re.compile(
    r"(?:UPDATED?|Updated?|CORRECTION|Correction|EDITOR['’]?S NOTE|Editor['’]?s [Nn]ote)"
    r"(?![\w'’])(?:\s*:)?(?:\s*\d{1,2}(?::\d\d)?\s*(?:[ap]\.?m\.?)?)?\s*(?:--|[—–:-])?\s*"
)


def _subject(tok: Any, verbs: dict[str, str]) -> Any | None:
    # The parser often takes a dateline's place for the subject ("WASHINGTON -- Donald
    # Trump said"): a place in a dateline says where, never who; nor does an update stamp.
    lead = _DATELINE.match(tok.doc.text) or _STAMP.match(tok.doc.text)
    after = lead.end() if lead else 0
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.idx >= after]
    subj = _named_after_title(subjects) or next(iter(subjects), None)
    if subj is not None or tok.dep_ not in ("advcl", "conj", "xcomp"):
        return subj
    # "... and stated that", "..., adding that": the speaker of the nearest speech verb
    # above, else the subject of the verb it hangs on.
    for up in tok.ancestors:
        if up.pos_ == "VERB" and up.lemma_.lower() in verbs:
            found = next((c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if found is not None:
                return found
    return next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _named_after_title(subjects: list[Any]) -> Any | None:
    """The person's name when the parse splits "US Surgeon General Dr. Vivek Murthy warned"
    into two subjects, the title and the name right after it: the name speaks, not an
    unnamed "US Surgeon General" beside him."""
    if len(subjects) < 2:
        return None
    title, name = subjects[0], subjects[1]
    adjacent = title.right_edge.i + 1 == name.left_edge.i
    # "only Newt Gingrich and Rick Santorum pledging": two people, not a title and a name
    named = title.ent_type_ == "PERSON" or any(t.dep_ in ("cc", "conj") for t in title.subtree)
    return name if adjacent and name.ent_type_ == "PERSON" and not named else None


def _verb_content(
    seg: Segmented, index: int, doc: Any, tok: Any, off: int, lex: dict[str, Any]
) -> tuple[int, int] | None:
    """What the speech verb ``tok`` introduces: its clausal complement, the object of an
    object verb, an adjacent quotation, the next paragraph after "said:", the paragraph
    before for "said about this", or the quotation just before a bare "He said."."""
    text = seg.article.text
    comp = _reported_clause(doc, tok)
    if comp is not None:
        return trim(text, off + comp.left_edge.idx, off + tok_end(comp.right_edge))
    if tok.lemma_.lower() in lex["object_verbs"]:
        found = _object_content(text, tok, off, lex)
        # "tweeted on Friday “...”": a verb that is also a speech verb takes its quotation
        if found is not None or tok.lemma_.lower() not in lex["verbs"]:
            return found
    sent = seg.sentences[index]
    quote = adjacent_quote(text, sent.start, sent.end, off + tok.idx, off + tok_end(tok))
    if quote is not None:
        return quote
    # "tweeted on Friday "#Labrador is ...": a quotation opening right after the cue's
    # phrase, which the sentence splitter parted from its close
    after = off + tok_end(tok.right_edge) if tok.right_edge.i > tok.i else off + tok_end(tok)
    opening = re.match(r"[\s,:]*[\"“«]", text[after : sent.end])
    if opening is not None and opening.end() < sent.end - after:
        return trim(text, after + opening.end() - 1, sent.end)
    if re.fullmatch(r"\s*:\s*", text[off + tok_end(tok) : sent.end]):
        return _next_paragraph(seg, index)  # "He said:" ending its paragraph
    if tok.dep_ == "parataxis":
        return _rest_of_sentence(doc, tok, off, text)
    about = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("about", "on")]
    if about and any(g.lower_ in ("this", "it", "that") for g in about[0].children):
        return previous_paragraph(seg, index)
    # "“...” \n He said." : a bare speech verb takes the quote just before it.
    if len([t for t in doc if not t.is_punct]) <= 6 and index > 0:
        prev = seg.sentences[index - 1]
        if quoted_share(text, prev.start, prev.end) > 0.5:
            return prev.start, prev.end
    return None


def _reported_clause(doc: Any, tok: Any) -> Any | None:
    """The clausal complement of the cue ``tok``, unless a semicolon parts them: in "The
    Post reports X; correspondent Roberts reports from Florida", X is the Post's."""
    for c in tok.children:
        if c.dep_ != "ccomp":
            continue
        if c.i < tok.i and any(t.text == ";" for t in doc[c.right_edge.i : tok.i]):
            continue
        return c
    return None


# What "call" takes when it summons or dials instead of saying: its one object.
_SUMMONED = [
    [w]
    for w in """police ambulance number hotline line meeting session election vote referendum
    strike halt conference recess timeout taxi""".split()
]


def _object_content(text: str, tok: Any, off: int, lex: dict[str, Any]) -> tuple[int, int] | None:
    """ "called for a ban", "urged the West not to reject": what an object verb wants or
    judges, its objects after it."""
    objs = [
        c
        for c in tok.children
        if c.dep_ in lex["object_deps"]
        and (c.dep_ != "prep" or (c.lower_ in lex["object_preps"] and not _when(c)))
        and c.i > tok.i
    ]
    if tok.lemma_.lower() == "call" and [c.lemma_.lower() for c in objs] in _SUMMONED:
        # "called for a ban", "called it a disgrace" say something; "asked to call police
        # at 403-266-1234", "called a special session" say nothing
        return None
    if tok.lemma_.lower() in lex["going_on_verbs"]:
        # "continued to insist that": an act of speech goes on; "Police continued their
        # search", "to continue her studies": nothing is said
        objs = [c for c in objs if c.dep_ == "xcomp" and _a_cue_verb(c, lex)]
    if not objs:
        return None
    if len(objs) == 1 and objs[0].dep_ == "dobj" and _names_an_actor(objs[0]):
        # "threatened Russia with sanctions": Russia is the one threatened; what was
        # threatened, if anything, is the "with" phrase after it
        means = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with" and c.i > tok.i]
        if not means:
            return None
        objs = [*objs, *means]
    return trim(text, off + objs[0].left_edge.idx, off + tok_end(objs[-1].right_edge))


def _a_cue_verb(tok: Any, lex: dict[str, Any]) -> bool:
    """Whether ``tok`` is a speech verb or an object verb ("insist", "call" for)."""
    lemma = tok.lemma_.lower()
    return tok.pos_ == "VERB" and (lemma in lex["verbs"] or lemma in lex["object_verbs"])


def _when(prep: Any) -> bool:
    """Whether a preposition's object is a date or a time: "continued on Tuesday" says when
    something went on, not what anyone called for."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _names_an_actor(tok: Any) -> bool:
    """Whether an object is a named person, country or body ("Russia", "the EU")."""
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "GPE", "ORG", "NORP")


def _next_paragraph(seg: Segmented, index: int) -> tuple[int, int] | None:
    text, sents = seg.article.text, seg.sentences
    if index + 1 >= len(sents):
        return None
    start = end = sents[index + 1].start
    for s in sents[index + 1 :]:
        if "\n" in text[end : s.start]:
            break
        end = s.end
    return start, end


def _inside_quote(text: str, at: int) -> bool:
    return any(s < at < e and e - s > 40 for s, e in quoted_regions(text))


def _rest_of_sentence(doc: Any, tok: Any, off: int, text: str) -> tuple[int, int] | None:
    """The larger side of the sentence around ``tok``'s phrase, as content."""
    left, right = tok.left_edge, tok.right_edge
    before = (off, off + left.idx) if left.i > 0 else None
    after = (off + tok_end(right), off + tok_end(doc[-1])) if right.i < len(doc) - 1 else None
    sides = [trim(text, *s) for s in (before, after) if s is not None]
    sides = [s for s in sides if s[1] - s[0] > 2]
    return max(sides, key=lambda s: s[1] - s[0]) if sides else None
