"""Attributions from patterns over the cue lexicon: Ukrainian, Russian, and English when
spaCy is missing.

Prefix cues ("за словами X", "как сообщает X"), speech verbs before or after their source
("X заявив, що ...", "«...», — сказав X"), and hedges ("нібито", "якобы"). Beneath them:
``_bounds`` (where a source phrase starts and ends around its cue), ``_phrases`` (what the
phrase names: a person in the nominative, a body, an unnamed group) and ``_words`` (the
pattern lexicon and what a word is by its form and morphology).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from storydiff.attribute._base import (
    WORD,
    Draft,
    adjacent_quote,
    morphology,
    previous_paragraph,
    trim,
)
from storydiff.attribute._bounds import (
    BOUNDARY,
    INVERTED_STOP,
    clause_end,
    clause_start,
    first_stop,
    inverted_source,
    subject_before,
)
from storydiff.attribute._phrases import (
    drafts_for_phrase,
    is_anonymous,
)
from storydiff.attribute._words import (
    CAP,
    INTO,
    finite_verb,
    pattern_lex,
)
from storydiff.records import Segmented

# A dash right before a cue: "«...», — сказав X", "..., - зазначив заступник міністра".
_DASH_END = re.compile(r"[—–-]\s*$")
_QUOTE_DASH = re.compile(r"[»”\"]\s*,?\s*[—–-]\s")


_morph = morphology


def _lemma_of(m: re.Match[str], lemmas: list[str]) -> str:
    group = next(k for k, v in m.groupdict().items() if v is not None)
    return lemmas[int(group[1:])]


def from_patterns(seg: Segmented, lang: str) -> list[Draft]:
    """Drafts from the cue patterns of ``lang``: speech verbs first, then prefix cues, then
    hedges, sentence by sentence."""
    lex = pattern_lex(lang)
    out: list[Draft] = []
    for sent in seg.sentences:
        prefixes = list(lex["prefix_re"].finditer(sent.text)) if lex["prefix_re"] else []
        taken = [(m.start(), clause_end(sent.text, m.end())) for m in prefixes]
        # Verbs first, so that "з посиланням на джерела" can hang under "Politico пише".
        for m in lex["verbs_re"].finditer(sent.text) if lex["verbs_re"] else ():
            if any(s <= m.start() < e for s, e in taken):
                continue
            lead = _lead_speaker(seg, out, sent.index, sent.start + m.start(), m.group(), lang)
            if lead is not None:
                out += _gerund_pattern(seg, sent.index, m, lead, lex)
            else:
                out += _verb_pattern(seg, sent.index, m, lex, lang)
        for m in prefixes:
            out += _prefix_pattern(seg, sent.index, m, lex, lang, out)
        for m in lex["hedges_re"].finditer(sent.text) if lex["hedges_re"] else ():
            cue = (sent.start + m.start(), sent.start + m.end())
            lemma = _lemma_of(m, lex["hedges_lemmas"])
            out.append(
                Draft(
                    sentence_index=sent.index,
                    cue=cue,
                    lemma=lemma,
                    content=(sent.start, sent.end),
                )
            )
    return out


def _lead_speaker(
    seg: Segmented, found: list[Draft], index: int, at: int, verb: str, lang: str
) -> Draft | None:
    """The attribution whose speaker a gerund at ``at`` shares: "заявил генпрокурор
    Гарланд, отметив, что ..." -- the one who notes is the subject of the verb before, not
    a noun of the clause in between ("с решением суда"). ``None`` for a finite verb, or
    a gerund whose nearest verb before it is no speech verb of ``found`` ("написал
    Клишас.Захарова прокомментировала отставку, заявив": Захарова's)."""
    morph = _morph(lang)
    if morph is None or not any("GRND" in p.tag for p in morph.parse(verb.lower())[:1]):
        return None
    lead = next(
        (
            d
            for d in reversed(found)
            if d.sentence_index == index and d.cue[1] <= at and d.source is not None
        ),
        None,
    )
    between = seg.article.text[lead.cue[1] : at] if lead is not None else ""
    if any(finite_verb(w.group().lower(), morph) for w in WORD.finditer(between)):
        return None
    return lead


def _gerund_pattern(
    seg: Segmented, index: int, m: re.Match[str], lead: Draft, lex: dict[str, Any]
) -> list[Draft]:
    """The gerund's own content ("отметив, что ...") said by ``lead``'s speaker."""
    sent = seg.sentences[index]
    bare = _lemma_of(m, lex["verbs_lemmas"]) in lex["bare_content"]
    rel = _pattern_content(sent.text, m.end(), lex, bare=bare)
    if rel is None:
        return []
    off = sent.start
    return [
        replace(
            lead,
            cue=(off + m.start(), off + m.end()),
            lemma=_lemma_of(m, lex["verbs_lemmas"]),
            content=trim(seg.article.text, off + rel[0], off + rel[1]),
            parent_at=None,
        )
    ]


def _prefix_pattern(
    seg: Segmented,
    index: int,
    m: re.Match[str],
    lex: dict[str, Any],
    lang: str,
    found: list[Draft],
) -> list[Draft]:
    """ "за словами X, ...", "як повідомляє X", "по данным X", "со ссылкой на X"."""
    sent = seg.sentences[index]
    off, t = sent.start, sent.text
    lemma = _lemma_of(m, lex["prefix_lemmas"])
    src_end = clause_end(t, m.end())
    if lang != "en":
        # Over quoted names of bodies: "за словами керівника ТОВ «Агробізнес ТСК» Геннадія ...".
        stop = first_stop(INVERTED_STOP, t, m.end())
        src_end = clause_end(t, m.end()) if stop is None else max(src_end, stop)
    content = _prefix_content(seg, index, m, src_end, lex)
    cue_words = " ".join(m.group().lower().split())
    case = "gent" if cue_words in lex.get("genitive_prefixes", ()) else "nomn"
    case = "accs" if cue_words in lex.get("accusative_prefixes", ()) else case
    # "Politico пише про це з посиланням на джерела": the sources hang under the writer.
    verb = next((d for d in reversed(found) if d.sentence_index == index), None)
    if lemma not in ("with reference to", "citing"):
        verb = None
    cue = (off + m.start(), off + m.end())
    src = (off + m.end(), off + src_end)
    rel = WORD.match(t, m.end() + len(t[m.end() :]) - len(t[m.end() :].lstrip()))
    if lang != "en" and rel is not None and rel.group().lower() in _RELATIVES:
        # "священики, за свідченнями яких храм обстрілювали": the source is the noun the
        # relative clause hangs on, the content the clause itself.
        antecedent = _antecedent(t, m.start())
        if antecedent is None:
            return []
        src, case = (off + antecedent[0], off + antecedent[1]), "nomn"
        content = trim(seg.article.text, off + rel.end(), off + clause_end(t, rel.end()))
    base = Draft(
        sentence_index=index,
        cue=cue,
        lemma=lemma,
        content=None if verb else content,
        parent_at=verb.cue[0] if verb else None,
    )
    return drafts_for_phrase(seg, base, src, lang, case)


def _prefix_content(
    seg: Segmented, index: int, m: re.Match[str], src_end: int, lex: dict[str, Any]
) -> tuple[int, int]:
    """What a prefix cue at ``m`` attributes: the words after its source when nothing
    (or "як") comes before it, the whole sentence when it is set off inside the claim
    ("К ним, по оценкам аналитиков, могут присоединиться еще 10"), else the words
    before it."""
    sent = seg.sentences[index]
    off, t = sent.start, sent.text
    lead = t[: m.start()].strip(" ,—–-")
    lead_words = [w.lower() for w in WORD.findall(lead)]
    tail = t[src_end:] if t[src_end : src_end + 1] == "," else ""
    if not lead or lead.lower() in ("як", "как") or all(w in lex["skip"] for w in lead_words):
        return trim(seg.article.text, off + src_end, sent.end)
    if len(WORD.findall(tail)) >= 2 and t[: m.start()].rstrip().endswith(","):
        return trim(seg.article.text, off, sent.end)
    return trim(seg.article.text, off, off + m.start())


# Relative pronouns after a prepositional cue: "за словами якого", "по данным которых".
_RELATIVES = frozenset(
    "якого якої яких якому якій котрого котрої котрих которого которой которых".split()
)


def _antecedent(t: str, cue_start: int) -> tuple[int, int] | None:
    """The noun phrase right before ", <cue> <relative pronoun>": at most four words back
    to the previous clause boundary."""
    head = t[:cue_start].rstrip()
    if not head.endswith(","):
        return None
    head = head[:-1]
    start = max((b.end() for b in BOUNDARY.finditer(head)), default=0)
    words = list(WORD.finditer(head, start))[-4:]
    return None if not words else (words[0].start(), words[-1].end())


def _verb_pattern(
    seg: Segmented, index: int, m: re.Match[str], lex: dict[str, Any], lang: str
) -> list[Draft]:
    """ "X заявив, що ...", "«...», — сказав X", "пише Politico", "Об этом пишет издание".

    The words around the verb decide first on which side its source stands; each side then
    has its own reader (``_source_after_verb``, ``_source_before_verb``)."""
    t = seg.sentences[index].text
    before, after = t[: m.start()], t[m.end() :]
    clause = clause_start(before)
    about_this, about_first = _about_this(before[clause:], lex, lang)
    if about_this or _source_follows(before, after, clause, lex, lang):
        found = _source_after_verb(seg, index, m.span(), lex, lang, about_this=about_this)
    else:
        found = _source_before_verb(seg, index, m, clause, lex, lang, about_first=about_first)
    if found is None:
        return []
    src, content = found
    off = seg.sentences[index].start
    lemma = _lemma_of(m, lex["verbs_lemmas"])
    base = Draft(
        sentence_index=index, cue=(off + m.start(), off + m.end()), lemma=lemma, content=content
    )
    return drafts_for_phrase(seg, base, src, lang)


def _about_this(head: str, lex: dict[str, Any], lang: str) -> tuple[bool, bool]:
    """Whether the clause before a verb points back at the paragraph before.

    Returns ``(about_this, about_first)``: ``about_this`` for the back-reference alone
    ("Об этом пишет издание": the source follows the verb), ``about_first`` for one
    followed by a subject ("Об этом он написал": the source stands before the verb); the
    content is the paragraph before either way."""
    head = head.strip()
    if head.lower() in lex["about_this"]:
        return True, False
    if lang == "en":
        return False, False
    am = _about_re(lang).match(head)
    if am is None:
        return False, False
    rest = [w.lower() for w in WORD.findall(head[am.end() :])]
    about_first = any(w in lex.get("subject_pronouns", ()) for w in rest)
    return not about_first, about_first


def _source_follows(before: str, after: str, clause: int, lex: dict[str, Any], lang: str) -> bool:
    """Whether a speech verb names its source after itself ("«...», — сказав X", "пише
    Politico"): each test below is one word order that puts it there."""
    if lang != "en" and (
        _topic_first(WORD.findall(before[clause:]), after, lex)
        # "«...», — сказав X", "..., – повідомили у міськвиконкомі": a dash before the cue
        # puts the source after it, whatever the next word looks like.
        or (bool(WORD.search(after)) and bool(_DASH_END.search(before)))
        or _trailing_name(before, after, lex)
    ):
        return True
    if not before.rstrip().endswith((",", "—", "–", ":", "»", "”", '"')):
        return False
    nxt = WORD.match(after.lstrip())
    return nxt is not None and bool(
        CAP.match(nxt.group())
        or nxt.group().lower() in lex["pronouns"]
        or is_anonymous(nxt.group(), lex)
    )


def _topic_first(head_words: list[str], after: str, lex: dict[str, Any]) -> bool:
    """ "О несогласии с решением суда заявил генпрокурор": a topic first, the source after
    (uk, ru)."""
    return (
        bool(head_words)
        and head_words[0].lower() in lex.get("topic_prepositions", ())
        and not any(w.lower() in lex.get("subject_pronouns", ()) for w in head_words)
        and bool(WORD.search(after))
        and not any(w.lower() in lex["that"] for w in WORD.findall(after)[:3])
    )


def _trailing_name(before: str, after: str, lex: dict[str, Any]) -> bool:
    """ "..., сообщила в ходе пресс-конференции замминистра ... Ольга Трофимцева.": after a
    comma, a clause with no "that" that ends in a name or a role names the source (uk, ru)."""
    last = WORD.findall(after)[-1:]
    return (
        bool(last)
        and before.rstrip().endswith(",")
        and not any(w.lower() in lex["that"] for w in WORD.findall(after))
        and (bool(CAP.match(last[0])) or is_anonymous(last[0], lex))
    )


# What a verb reader finds: the source span and the content span (absolute offsets).
_Found = tuple[tuple[int, int], tuple[int, int] | None]


def _source_after_verb(
    seg: Segmented,
    index: int,
    cue: tuple[int, int],
    lex: dict[str, Any],
    lang: str,
    *,
    about_this: bool,
) -> _Found | None:
    """The source after the verb at ``cue`` (offsets in the sentence) and the content
    before it, or the paragraph before when the clause says "about this"."""
    sent = seg.sentences[index]
    off, t = sent.start, sent.text
    after = t[cue[1] :]
    s0, s1 = inverted_source(t, cue[1] + len(after) - len(after.lstrip()), lex, lang)
    if s1 <= s0:
        return None
    if about_this:
        content = previous_paragraph(seg, index)
    else:
        content = trim(seg.article.text, off, off + cue[0])
    return (off + s0, off + s1), content


def _source_before_verb(
    seg: Segmented,
    index: int,
    m: re.Match[str],
    clause: int,
    lex: dict[str, Any],
    lang: str,
    *,
    about_first: bool,
) -> _Found | None:
    """The subject before the verb ("X заявив, що ...") and what it said: the paragraph
    before ("Об этом он написал"), a quotation before the source ("“...,” Peskov said"),
    else the clause after the verb; ``None`` when that clause is no content (no "that", no
    colon)."""
    sent = seg.sentences[index]
    off, t, text = sent.start, sent.text, seg.article.text
    subject = subject_before(t[: m.start()], clause, m, lex, lang)
    if subject is None:
        return None
    src = (off + subject[0], off + subject[1])
    after = t[m.end() :]
    if about_first or re.match(r"\s*(?:" + "|".join(lex["about_this"]) + r")(?!\w)", after, re.I):
        return src, previous_paragraph(seg, index)
    quote = adjacent_quote(text, sent.start, sent.end, *src)
    if quote and quote[1] <= src[0]:
        return src, quote
    bare = _lemma_of(m, lex["verbs_lemmas"]) in lex["bare_content"]
    rel = _pattern_content(t, m.end(), lex, bare=bare)
    return None if rel is None else (src, trim(text, off + rel[0], off + rel[1]))


@lru_cache(maxsize=4)
def _about_re(lang: str) -> re.Pattern[str]:
    """ "Про це", "Об этом" at the start of a clause, before more words."""
    phrases = sorted(pattern_lex(lang)["about_this"], key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, phrases))})(?!\w)", re.IGNORECASE)


def _pattern_content(
    t: str, start: int, lex: dict[str, Any], *, bare: bool
) -> tuple[int, int] | None:
    # What is said ends where a quotation closes before a dash and another cue ("...
    # говорит сама за себя», — отметил эксперт"): the rest is someone else's attribution.
    close = _QUOTE_DASH.search(t, start)
    end = close.start() + 1 if close else len(t)
    rest = t[start:end]
    colon = re.match(r"\s*:\s*", rest)
    if colon:
        return start + colon.end(), end
    for m in WORD.finditer(rest):
        if m.start() > (60 if bare else 25):
            break
        if m.group().lower() in lex["that"]:
            return start + m.start(), end
    stripped = rest.strip(" ,.")
    if not bare or len(WORD.findall(stripped)) < 3:
        return None
    first = WORD.match(rest, len(rest) - len(rest.lstrip()))
    if first is not None and first.group().lower() in INTO:
        return None  # "добавляют в список лекарств": added to a list, nothing said
    return start + len(rest) - len(rest.lstrip(" ,")), end
