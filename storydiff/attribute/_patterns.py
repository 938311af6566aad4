"""Attributions from patterns over the cue lexicon: Ukrainian, Russian, and English when
spaCy is missing.

Prefix cues ("за словами X", "как сообщает X"), speech verbs before or after their source
("X заявив, що ...", "«...», — сказав X"), and hedges ("нібито", "якобы"). Slavic names in
oblique cases are put in the nominative with pymorphy3 when it is installed, else with a
table of common surname endings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

from storydiff.attribute._base import (
    WORD,
    Draft,
    adjacent_quote,
    common_name,
    cues,
    morphology,
    outlet_name,
    previous_paragraph,
    trim,
)
from storydiff.records import Segmented, SourceKind

_BOUNDARY = re.compile(r"[,;:.!?()«»“”\"]|\s[—–-]\s")
_CAP = re.compile(r"^[A-ZА-ЯЁІЇЄҐ][\w'’ʼ-]*$")
# A dash right before a cue: "«...», — сказав X", "..., - зазначив заступник міністра".
_DASH_END = re.compile(r"[—–-]\s*$")
# Where a source named after its verb ends (not at « », which quote names of bodies).
_INVERTED_STOP = re.compile(r"[,;:.!?()“”\"]|\s[—–-]\s")
_QUOTE_DASH = re.compile(r"[»”\"]\s*,?\s*[—–-]\s")
_CYRILLIC_ANY = re.compile(r"^[А-ЯЁІЇЄҐа-яёіїєґ'’ʼ-]+$")


_morph = morphology


@lru_cache(maxsize=4)
def _pattern_lex(lang: str) -> dict[str, Any]:
    lex: dict[str, Any] = dict(cues()[lang]["patterns"])

    def alternation(table: dict[str, str]) -> re.Pattern[str]:
        parts = (f"(?P<c{i}>{key})" for i, key in enumerate(table))
        return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)

    if as_word := lex.get("as_word"):
        # "як зауважив X", "как объяснил политолог": any speech verb after "as" is a prefix.
        lex["prefix"] = {
            **lex.get("prefix", {}),
            **{f"{as_word} (?:{key})": lemma for key, lemma in lex["verbs"].items()},
        }
    for key in ("verbs", "prefix", "hedges"):
        table = lex.get(key, {})
        lex[key + "_re"] = alternation(table) if table else None
        lex[key + "_lemmas"] = list(table.values())
    return lex


def _lemma_of(m: re.Match[str], lemmas: list[str]) -> str:
    group = next(k for k, v in m.groupdict().items() if v is not None)
    return lemmas[int(group[1:])]


def from_patterns(seg: Segmented, lang: str) -> list[Draft]:
    """Drafts from the cue patterns of ``lang``: speech verbs first, then prefix cues, then
    hedges, sentence by sentence."""
    lex = _pattern_lex(lang)
    out: list[Draft] = []
    for sent in seg.sentences:
        prefixes = list(lex["prefix_re"].finditer(sent.text)) if lex["prefix_re"] else []
        taken = [(m.start(), _clause_end(sent.text, m.end())) for m in prefixes]
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
    if any(_finite_verb(w.group().lower(), morph) for w in WORD.finditer(between)):
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
    src_end = _clause_end(t, m.end())
    if lang != "en":
        # Over quoted names of bodies: "за словами керівника ТОВ «Агробізнес ТСК» Геннадія ...".
        stop = _INVERTED_STOP.search(t, m.end())
        src_end = _clause_end(t, m.end()) if stop is None else max(src_end, stop.start())
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
        content = trim(seg.article.text, off + rel.end(), off + _clause_end(t, rel.end()))
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


# Relative pronouns in any case: a clause they open is no speaker's name.
_RELATIVE_ANY = frozenset(
    """який яка яке які якого якої яких якому якій яким якими якою котрий котра котре котрі
    который которая которое которые которого которой которых которому которым которыми
    которую""".split()
)
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
    start = max((b.end() for b in _BOUNDARY.finditer(head)), default=0)
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
    clause = max((b.end() for b in _BOUNDARY.finditer(before)), default=0)
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
        _CAP.match(nxt.group())
        or nxt.group().lower() in lex["pronouns"]
        or _is_anonymous(nxt.group(), lex)
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
        and (bool(_CAP.match(last[0])) or _is_anonymous(last[0], lex))
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
    s0, s1 = _inverted_source(t, cue[1] + len(after) - len(after.lstrip()), lex, lang)
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
    subject = _subject_before(t[: m.start()], clause, m, lex, lang)
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


def _subject_before(
    before: str, clause: int, m: re.Match[str], lex: dict[str, Any], lang: str
) -> tuple[int, int] | None:
    """Where in the sentence the subject of the verb at ``m`` stands, at most ten words of
    the clause before it; ``None`` when no word there can be one."""
    piece_end = len(before)
    if lang != "en" and not before[clause:].strip() and before.rstrip().endswith(","):
        # "Зеленський, коментуючи відставку, заявив": the subject before a participle.
        clause, piece_end = _before_participles(before, lang, clause)
    words = list(WORD.finditer(before[clause:piece_end]))
    while words and words[0].group().lower() in lex["skip"]:
        words = words[1:]
    while words and words[-1].group().lower() in lex["trailing"]:
        words = words[:-1]
    if lang != "en":
        verb = m.group().lower()
        words = _subject_words(
            words, lex, lang, plural=_plural_verb(verb, lang), singular=_singular_verb(verb, lang)
        )
    if not words or len(words) > 10:
        return None
    if lex["verbs_re"].search(before, clause + words[0].start(), clause + words[-1].end()):
        return None  # "Paris has not confirmed or denied": another cue is no source
    return clause + words[0].start(), clause + words[-1].end()


@lru_cache(maxsize=4)
def _about_re(lang: str) -> re.Pattern[str]:
    """ "Про це", "Об этом" at the start of a clause, before more words."""
    phrases = sorted(_pattern_lex(lang)["about_this"], key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(map(re.escape, phrases))})(?!\w)", re.IGNORECASE)


def _clause_end(t: str, start: int) -> int:
    m = _BOUNDARY.search(t, start)
    end = m.start() if m else len(t)
    words = list(WORD.finditer(t, start, end))
    return words[11].end() if len(words) > 12 else end


def _inverted_source(t: str, start: int, lex: dict[str, Any], lang: str) -> tuple[int, int]:
    """The source named after its verb: "— сказав він журналістам", "пише Politico",
    "– розповіла «Економічній правді» начальник відділу ... Вікторія Рубан"."""
    first = WORD.match(t, start)
    if first is not None and first.group().lower() in lex["pronouns"]:
        return start, first.end()
    if lang == "en":
        return _english_source_after(t, start)
    # Up to the end of the clause, over quoted names («МТС-Україна») and acronyms.
    stop = _INVERTED_STOP.search(t, start)
    end = stop.start() if stop else len(t)
    cite = lex["prefix_re"].search(t, start, end) if lex["prefix_re"] else None
    end = cite.start() if cite else end  # "пише Politico з посиланням на джерела"
    pos = _past_addressee(t, start, end, _morph(lang))
    pos, end = _past_time_phrases(t, pos, end, lex, _morph(lang))
    pos = _past_time_words(t, pos, end)
    pos = _past_occasion(t, pos, end, lex, _morph(lang))
    words = list(WORD.finditer(t, pos, end))
    while words and words[0].group().lower() in lex["skip"]:
        words = words[1:]  # "заявил и генпрокурор ..."
    if not words:
        return start, start
    preps = set(lex.get("prepositions", ()))
    morph = _morph(lang)
    if _animate_nominative(words[0].group(), morph):
        # "сказал понтифик верующим": whom it was said to is no part of the source
        while len(words) > 1 and _oblique(words[-1].group(), morph):
            words = words[:-1]
        person = _person_after(t, words, preps, morph)
        if person is not None:
            return person
    # "написав Клишас в своєму Telegram-каналі": a person's name ends the source.
    for i, w in enumerate(words[1:-1], 1):
        if (
            not _quoted(t, words[0].start(), w.start())
            and w.group().lower() in preps
            and _CAP.match(words[i - 1].group())
            and not _CAP.match(words[i + 1].group())
        ):
            return words[0].start(), words[i - 1].end()
    return words[0].start(), words[-1].end()


def _person_after(
    t: str, words: list[re.Match[str]], preps: set[str], morph: Any | None
) -> tuple[int, int] | None:
    """A person named after the verb, without where it was said from, when no nominative
    (no name) follows the preposition ("сказал глава католической церкви перед мессой в
    Ватикане"); ``None`` when no such preposition cuts the words."""
    for i, w in enumerate(words[1:], 1):
        if _quoted(t, words[0].start(), w.start()):
            continue  # «Техасский альянс «За жизнь»: a preposition inside a name
        if w.group().lower() in preps and not any(
            _can_be_nominative(x.group(), morph) for x in words[i + 1 :] if _CAP.match(x.group())
        ):
            head = words[:i]
            # "сказал понтифик верующим в Ватикане": whom, then where
            while len(head) > 1 and _oblique(head[-1].group(), morph):
                head = head[:-1]
            return head[0].start(), head[-1].end()
    return None


def _quoted(t: str, start: int, at: int) -> bool:
    """Whether ``at`` is inside guillemets opened after ``start`` (a quoted name)."""
    between = t[start:at]
    return between.count("«") > between.count("»")


def _english_source_after(t: str, start: int) -> tuple[int, int]:
    """An English source after its verb ("said Foreign Minister Lavrov on Friday"): up to
    the first lower-case word after a capitalised one, within the clause."""
    end = _clause_end(t, start)
    seen_name = False
    for w in WORD.finditer(t, start, end):
        if _CAP.match(w.group()):
            seen_name = True
        elif seen_name:
            return start, w.start()
    return start, end


def _past_addressee(t: str, pos: int, end: int, morph: Any | None) -> int:
    """Where the source starts after whom it was said to: "журналістам", "«Економічній
    правді»", "Першій електронній" (words in oblique cases only)."""
    while pos < end:
        q = re.match(r"\s*«[^»]{1,60}»", t[pos:end])
        nw = WORD.match(t, pos + len(t[pos:end]) - len(t[pos:end].lstrip()))
        quoted = WORD.findall(q.group()) if q is not None else []
        if q is not None and quoted and all(_oblique(x, morph) for x in quoted):
            pos += q.end()
        elif nw is not None and nw.end() <= end and _oblique(nw.group(), morph):
            pos = nw.end()
        else:
            break
    return pos


# When, said between the verb and its source without commas: "сообщили в среду два
# источника", "заявив у понеділок міністр", "сказал вчера мэр".
_TIME_PREPOSITIONS = frozenset({"в", "во", "у", "на"})
_TIME_NOUN = re.compile(
    r"понеділ(?:ок|ка|ку)|вівтор(?:ок|ка|ку)|серед[аиіу]|четвер(?:га|гу)?|п[ʼ'’]ятниц[яюі]"
    r"|субот[аиуі]|неділ[яюі]|понедельник[ау]?|вторник[ау]?|сред[аыу]|четверг[ау]?"
    r"|пятниц[аыуе]|суббот[аыуе]|воскресень[ея]|утр(?:о|ом|а)|вечер(?:ом|а)?|вечор(?:а|ом)"
    r"|вечір|ранк(?:у|ом)|ноч(?:ью|і)|вночі"
)
_TIME_ADVERBS = frozenset(
    "вчора сьогодні днями напередодні вчера сегодня накануне позавчера позавчора".split()
)


# Openers of the occasion said between a verb and its source ("зазначив під час поїздки
# до району заступник голови ..."): the occasion is no part of the source.
_OCCASIONS = re.compile(
    r"\s*(?:під\s+час|у\s+ході|в\s+ході|в\s+рамках|у\s+рамках|во\s+время|в\s+ходе)(?!\w)",
    re.IGNORECASE,
)


def _past_occasion(t: str, pos: int, end: int, lex: dict[str, Any], morph: Any | None) -> int:
    """Where the source starts after an occasion phrase ("під час поїздки до
    Недригайлівського району", "на брифинге"): at the first person after it
    ("заступник", "губернатор"), else at a body where it was said ("в пресс-службе
    Минздрава"); ``end`` when the occasion is all there is (no one is named), ``pos``
    when there is no occasion phrase."""
    m = _OCCASIONS.match(t, pos, end) or _event_at(t, pos, end, lex)
    if m is None:
        return pos
    words = list(WORD.finditer(t, m.end(), end))
    for w in words:
        if _animate_nominative(w.group(), morph):
            return w.start()
    for w, nxt in pairwise(words):
        if w.group().lower() in _LOCATIVE and _names_a_body(nxt.group(), lex, morph):
            return w.start()
    return end


_EVENT_AT = re.compile(r"\s*(?:на|в|во|у)\s+(\w[\w'’ʼ-]*)", re.IGNORECASE)


def _event_at(t: str, pos: int, end: int, lex: dict[str, Any]) -> re.Match[str] | None:
    """ "на брифинге", "на засіданні": an event where something was said, at ``pos``."""
    m = _EVENT_AT.match(t, pos, end)
    stems = lex.get("occasions", ())
    if m is None or not any(re.match(stem, m.group(1).lower()) for stem in stems):
        return None
    return m


def _names_a_body(word: str, lex: dict[str, Any], morph: Any | None) -> bool:
    """Whether a word after "в"/"у" names a body ("пресс-службе", "МОЗ", "Минздраве"),
    not a place ("Белгород")."""
    low = word.lower()
    if any(re.match(o, low) for o in (*lex.get("organisations", ()), *lex.get("media", ()))):
        return True
    return bool(_SHORT_CAPS.match(word)) or (morph is not None and _orgn_only(word, morph))


def _orgn_only(word: str, morph: Any) -> bool:
    tags = [set(p.tag.grammemes) for p in morph.parse(word)[:2]]
    return any("Orgn" in t for t in tags) and not any("Geox" in t for t in tags)


def _past_time_words(t: str, pos: int, end: int) -> int:
    """Where the source starts after when it was said ("в среду", "вчора")."""
    while True:
        words = list(WORD.finditer(t, pos, end))[:2]
        first = words[0].group().lower() if words else ""
        if first in _TIME_ADVERBS:
            pos = words[0].end()
        elif (
            first in _TIME_PREPOSITIONS
            and len(words) > 1
            and _TIME_NOUN.fullmatch(words[1].group().lower())
        ):
            pos = words[1].end()
        else:
            return pos


# Words that lead into a time phrase: "в прошлую пятницу", "минулої п'ятниці".
_TIME_LEAD = frozenset(
    """в во у на прошлую прошлой прошлый прошлом этой этот эту этом минулої минулого
    минулий минулу минулому цієї цього цю цей""".split()
)


def _before_time_phrase(t: str, start: int, end: int) -> tuple[int, int]:
    """The source phrase ``t[start:end]`` cut before a time phrase after its first word:
    "премьер Гарибашвили в прошлую пятницу в Братиславе" is the premier, not Bratislava."""
    words = list(WORD.finditer(t, start, end))
    for k in range(1, len(words)):
        low = words[k].group().lower()
        if low in _TIME_ADVERBS or _TIME_NOUN.fullmatch(low):
            while k > 1 and words[k - 1].group().lower() in _TIME_LEAD:
                k -= 1
            return start, words[k].start()
    return start, end


def _past_time_phrases(
    t: str, pos: int, end: int, lex: dict[str, Any], morph: Any | None = None
) -> tuple[int, int]:
    """The clause that holds the source when time phrases set off by commas come first:
    "сообщает в пятницу, 24 июня, газета ..." (up to three phrases with no capital and no
    body in them are skipped)."""
    for _ in range(3):
        phrase = WORD.findall(t[pos:end])
        if not (end < len(t) and t[end] == "," and phrase) or _source_like(phrase, lex, morph):
            break
        pos = end + 1
        stop = _INVERTED_STOP.search(t, pos)
        end = stop.start() if stop else len(t)
    return pos, end


def _source_like(words: list[str], lex: dict[str, Any], morph: Any | None = None) -> bool:
    """Whether a phrase after a speech verb can name its source: a capitalised word, a
    pronoun, or a noun for people or bodies ("в пятницу", "24 июня" cannot), among them
    any animate noun in the nominative ("понтифик", "глава")."""
    for w in words:
        low = w.lower()
        if _animate_nominative(w, morph):
            return True
        if _CAP.match(w) or low in lex["pronouns"] or low in lex.get("subject_pronouns", ()):
            return True
        if _is_anonymous(w, lex) or any(re.match(o, low) for o in lex.get("organisations", ())):
            return True
        if any(re.match(o, low) for o in lex.get("media", ())):
            return True
    return False


def _animate_nominative(word: str, morph: Any | None) -> bool:
    """Whether a Cyrillic word is most likely an animate noun in the nominative: a person
    ("понтифик", "глава", "мэр"), hence a source after a speech verb."""
    if morph is None or not _CYRILLIC_ANY.match(word):
        return False
    tag = morph.parse(word.lower())[0].tag
    return bool(tag.POS == "NOUN" and "anim" in tag and tag.case == "nomn")


def _oblique(word: str, morph: Any | None) -> bool:
    """Whether a word after a speech verb is no subject: dative or locative only, no
    preposition ("журналістам", "Першій"); without pymorphy3 nothing is skipped."""
    if morph is None or not _CYRILLIC_ANY.match(word):
        return False
    tags = [p.tag for p in morph.parse(word.lower())[:4]]
    if any("PREP" in tg or "nomn" in tg for tg in tags):
        return False
    return all(({"datv", "loct", "ablt"} & set(tg.grammemes)) for tg in tags)


def _is_person_word(word: str, morph: Any | None) -> bool:
    if morph is None:
        return bool(_CAP.match(word))
    return any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in morph.parse(word)[:3])


def _before_participles(before: str, lang: str, clause: int) -> tuple[int, int]:
    """Where the subject of a verb that follows participle or gerund clauses set off by
    commas ("X, коментуючи відставку, заявив") starts and ends; else ``clause`` to the end."""
    morph = _morph(lang)
    if morph is None:
        return clause, len(before)
    cuts = [m.end() for m in re.finditer(r",", before)]
    bounds = [0, *cuts]
    # Walk the comma-separated pieces right to left, over at most two participle clauses.
    for k in range(len(bounds) - 2, max(len(bounds) - 5, -1), -1):
        piece = before[bounds[k] : bounds[k + 1]]
        w = WORD.search(piece)
        if w is None:
            continue
        tags = {g for p in morph.parse(w.group().lower())[:2] for g in p.tag.grammemes}
        second = WORD.findall(piece)[1:2]
        relative = {w.group().lower(), *(x.lower() for x in second)} & _RELATIVE_ANY
        if {"GRND", "PRTF"} & tags or relative:
            continue  # "X, коментуючи ...,", "Боррель, слова которого приводятся ...,"
        if re.search(r"[.!?;:]\s", piece):
            break
        return bounds[k], bounds[k + 1] - 1
    return clause, len(before)


def _subject_words(
    words: list[re.Match[str]],
    lex: dict[str, Any],
    lang: str,
    *,
    plural: bool,
    singular: bool = False,
) -> list[re.Match[str]]:
    """The subject of a speech verb among the words before it (uk, ru): leading adverbials
    and prepositional phrases off ("При цьому заступник міністра"), a pronoun alone
    ("12 березня він"), dates and trailing prepositional phrases off ("представники
    відомства після перевірок"). Empty when no word can be a subject. The subject of a
    ``singular`` verb is no plural noun: "до начала своего обращения Папа сказал" is the
    Pope's, not "обращения"'s."""
    if not words:
        return words
    morph = _morph(lang)
    words = _without_lead(words, lex, morph)
    low = [w.group().lower() for w in words]
    pron = [w for w, lw in zip(words, low, strict=True) if lw in lex.get("subject_pronouns", ())]
    if pron:
        return pron[:1]
    preps = set(lex.get("prepositions", ()))
    if words and low[0] in preps:
        if (
            plural
            and low[0] in _LOCATIVE
            and len(words) <= 6
            and any(
                _names_a_body(w.group(), lex, morph) or _CAP.match(w.group()) for w in words[1:3]
            )
        ):
            # "У прес-службі міністерства зазначили", "В Москве считают": a body speaks;
            # "в таком стиле пишут", "На своїх сайтах шахраї пишуть": no body there
            return words
        words = words[_past_prepositional(low, preps, morph, singular=singular) :]
    words = _cut_tail(words, preps, morph)
    if morph is not None and not _can_be_subject(words, morph):
        return []  # "бездоганним виконанням її лише підтвердила": no subject here
    if words and words[0].group().lower() in ("що", "что"):
        return []
    if any(w.group().lower() in _RELATIVE_ANY for w in words):
        return []  # "слова которого", "у которых есть": a relative clause names no speaker
    return words


def _past_prepositional(
    low: list[str], preps: set[str], morph: Any | None, *, singular: bool
) -> int:
    """Where the subject starts after a leading prepositional phrase (``low``, lower-cased
    words, opens with a preposition): the first word after it that can be nominative, and
    for a ``singular`` verb not a plural-only one ("обращения")."""
    if morph is None:
        return 2
    k = 2
    while k < len(low) and not _can_be_nominative(low[k], morph):
        k += 1
    while singular and k < len(low) and _plural_only(low[k], morph):
        k += 1
        while k < len(low) and (low[k] in preps or not _can_be_nominative(low[k], morph)):
            k += 1
    return k


# A month after a day's number: "29 ноября", "12 березня" (Russian and Ukrainian).
_MONTH = re.compile(
    r"(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|січн|лют|берез|квітн|травн|червн|липн|серпн|вересн|жовтн|листопад|грудн)\w*$",
    re.IGNORECASE,
)


def _without_lead(
    words: list[re.Match[str]], lex: dict[str, Any], morph: Any | None
) -> list[re.Match[str]]:
    """``words`` without a leading date ("29 ноября"), adverbial phrase ("При цьому") or
    adverbs ("Конкретно британские издания пишут"): they open the clause but name no one."""
    while len(words) > 2 and words[0].group().isdigit() and _MONTH.match(words[1].group()):
        words = words[2:]
    joined = " ".join(w.group().lower() for w in words)
    for phrase in lex.get("lead_adverbials", ()):
        if joined == phrase or joined.startswith(phrase + " "):
            words = words[len(phrase.split()) :]
            break
    while len(words) > 1 and morph is not None and _adverb(words[0].group().lower(), morph):
        words = words[1:]
    return words


def _cut_tail(
    words: list[re.Match[str]], preps: set[str], morph: Any | None
) -> list[re.Match[str]]:
    """``words`` up to where the subject ends: a number, a quantity, a preposition that
    opens a phrase of time or place, or a finite verb; trailing adverbs off."""
    low = [w.group().lower() for w in words]
    for i, lw in enumerate(low):
        if i and (
            _ends_subject(words, i, preps) or (morph is not None and _finite_verb(lw, morph))
        ):
            words, low = words[:i], low[:i]
            break
    while words and morph is not None and _adverb(low[-1], morph):
        words, low = words[:-1], low[:-1]
    return words


def _ends_subject(words: list[re.Match[str]], i: int, preps: set[str]) -> bool:
    """Whether word ``i`` starts what follows a subject: a date, a quantity ("кілька тижнів
    тому"), or a preposition unless a name is still to come; a preposition right after a
    name ends it all the same ("Максим Степанов на своей странице в Facebook")."""
    lw = words[i].group().lower()
    if lw.isdigit() or lw in _SOME:
        return True
    if lw not in preps:
        return False
    later_name = any(_CAP.match(w.group()) for w in words[i + 1 :])
    after_name = (
        bool(_CAP.match(words[i - 1].group()))
        and i + 1 < len(words)
        and not _CAP.match(words[i + 1].group())
    )
    return not later_name or after_name


def _can_be_subject(words: list[re.Match[str]], morph: Any) -> bool:
    """Whether any of ``words`` can head a subject: a word in another script, a noun that
    can be nominative, or a capitalised word that is more than a modifier."""
    return any(
        not _CYRILLIC_ANY.match(w.group())
        or _can_be_nominative(w.group().lower(), morph)
        or (
            _CAP.match(w.group())
            and not _only_modifier(w.group().lower(), morph)
            and not _common_noun_object(w.group(), morph)
        )
        for w in words
    )


def _common_noun_object(word: str, morph: Any) -> bool:
    """Whether a capitalised word is only capitalised where a sentence starts: a common
    noun that cannot be nominative, the one warned and not the one warning ("Посетителей
    предупреждают", "Туристов предупредили")."""
    parses = morph.parse(word.lower())[:4]
    named = {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad"}
    return bool(parses) and all(
        p.tag.POS == "NOUN" and not named & set(p.tag.grammemes) and "nomn" not in p.tag
        for p in parses
    )


def _can_be_nominative(word: str, morph: Any) -> bool:
    """Whether ``word`` can head a subject: a noun or pronoun that can be nominative (not a
    possessive such as "її", "его")."""
    if word in _POSSESSIVES:
        return False
    return any("nomn" in p.tag and p.tag.POS in ("NOUN", "NPRO") for p in morph.parse(word)[:4])


def _plural_only(word: str, morph: Any) -> bool:
    """Whether every nominative reading of ``word`` is plural ("обращения", "заяви")."""
    nominative = [p for p in morph.parse(word)[:4] if "nomn" in p.tag]
    return bool(nominative) and all("plur" in p.tag for p in nominative)


def _plural_verb(verb: str, lang: str) -> bool:
    """Whether a speech verb (its first word) is plural: "зазначили", and in the present
    "запевняють", "сообщают" too (an impersonal "they" that a body stands behind)."""
    first = verb.split()[0] if verb.split() else verb
    if first.endswith("ли"):
        return True
    morph = _morph(lang)
    parses = morph.parse(first)[:2] if morph is not None else []
    return bool(parses) and all(p.tag.POS == "VERB" and "plur" in p.tag for p in parses)


def _singular_verb(verb: str, lang: str) -> bool:
    """Whether a speech verb (its first word) is surely singular: "сказал", "заявила",
    "пише"; a form that may be plural or that the analyser does not know is not."""
    morph = _morph(lang)
    first = verb.split()[0] if verb.split() else verb
    parses = morph.parse(first)[:2] if morph is not None else []
    return bool(parses) and all(
        p.tag.POS == "VERB"
        and "plur" not in p.tag
        and {"sing", "masc", "femn", "neut"} & set(p.tag.grammemes)
        for p in parses
    )


_POSSESSIVES = frozenset("його її їх его ее её их".split())
# Quantities that start a time phrase after a subject: "Преса сусідів кілька тижнів тому".
_SOME = frozenset("кілька декілька кількох несколько нескольких".split())


def _only_modifier(word: str, morph: Any) -> bool:
    """Whether a capitalised word is only an adjective, adverb or verb form (a sentence
    start such as "Бездоганним"), not a name pymorphy3 knows or guesses."""
    parses = morph.parse(word)[:3]
    if any({"Name", "Surn", "Patr", "Geox", "Orgn", "UNKN"} & set(p.tag.grammemes) for p in parses):
        return False
    return bool(parses) and all(
        p.tag.POS in ("ADJF", "ADJS", "ADVB", "PRTF", "GRND", "VERB", "COMP") for p in parses
    )


def _finite_verb(word: str, morph: Any) -> bool:
    parses = morph.parse(word)[:2]
    return bool(parses) and all(p.tag.POS == "VERB" for p in parses)


def _adverb(word: str, morph: Any) -> bool:
    parses = morph.parse(word)[:2]
    return bool(parses) and parses[0].tag.POS == "ADVB"


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
    if first is not None and first.group().lower() in _INTO:
        return None  # "добавляют в список лекарств": added to a list, nothing said
    return start + len(rest) - len(rest.lstrip(" ,")), end


# Where a bare verb puts something ("добавляют в список", "додала до переліку"); a
# topic ("заявляют о гибели") is what is said.
_INTO = frozenset("в во у к ко до".split())


def _common_noun(word: str, lex: dict[str, Any]) -> bool:
    low = word.lower()
    stems = (*lex.get("anonymous", ()), *lex.get("backrefs", ()), *lex.get("documents", ()))
    return any(re.match(stem, low) for stem in stems)


def _is_anonymous(word: str, lex: dict[str, Any]) -> bool:
    low = word.lower()
    return any(
        low.startswith(stem) or _compound_head(low).startswith(stem)
        for stem in lex.get("anonymous", ())
    )


def _compound_head(word: str) -> str:
    """The last part of a hyphenated compound ("медиа-консультант" → "консультант"), which
    says what it names; a word without a hyphen is its own head."""
    return word.rsplit("-", 1)[-1] or word


# "and" between two sources: "Иван Петров и Мария Иванова", "Київ і Захід".
_AND = re.compile(r"\s+(?:і|й|та|и|and)\s+")


def drafts_for_phrase(
    seg: Segmented, base: Draft, src: tuple[int, int], lang: str, case: str = "nomn"
) -> list[Draft]:
    """``draft_for_phrase`` for each of the sources a phrase coordinates ("Иван Петров и
    Мария Иванова заявили": both said it, not only the one named last), each with the
    whole phrase as its source span. A phrase is split only where each part starts with
    a capital: "Міністерство екології та природних ресурсів" is one body."""
    text = seg.article.text
    parts, at = [], src[0]
    for m in _AND.finditer(text, src[0], src[1]):
        if _quoted(text, src[0], m.start()):
            continue  # «Альянс «За жизнь» и ...»: inside a quoted name
        parts.append((at, m.start()))
        at = m.end()
    parts.append((at, src[1]))
    capitalised = all(
        (w := WORD.search(text, s, e)) is not None and _CAP.match(w.group()) for s, e in parts
    )
    if len(parts) < 2 or not capitalised:
        draft = draft_for_phrase(seg, base, src, lang, case)
        return [] if draft is None else [draft]
    drafts = [draft_for_phrase(seg, base, part, lang, case) for part in parts]
    whole = trim(text, *src)
    return [replace(d, source=whole) for d in drafts if d is not None and not d.pronoun]


def draft_for_phrase(
    seg: Segmented, base: Draft, src: tuple[int, int], lang: str, case: str = "nomn"
) -> Draft | None:
    """Fill in the source of ``base`` from the phrase at ``src`` (``case`` is its grammatical
    case: "gent" after "за словами", "accs" after "з посиланням на").

    The readings are tried from the most specific to the least: an outlet, a pronoun, a
    body (uk, ru), a proper name, then an unnamed source."""
    text = seg.article.text
    lex = _pattern_lex(lang)
    if lang != "en":
        # "На брифинге в пресс-службе Минздрава сообщили": the occasion is no source
        src = (_past_occasion(text, src[0], src[1], lex, _morph(lang)), src[1])
    src = trim(text, *_before_time_phrase(text, *src))
    if lang != "en":
        src = _without_trailing(text, src, lex)
    found = _past_topic(text, src, lex, lang)
    if found is None:
        return None
    src = found
    phrase = text[src[0] : src[1]]
    base = replace(base, source=src)
    outlet = outlet_name(phrase)
    if outlet is not None:
        return replace(base, name=outlet, kind="outlet")
    words = WORD.findall(phrase)
    if len(words) == 1 and words[0].lower() in lex["pronouns"]:
        return replace(base, name=words[0], kind="unknown", pronoun=True)
    if lang != "en" and any(w.lower() in _FIRST_SECOND for w in words[:3]):
        return None  # "як ви правильно зауважили": the interviewer or the author, no source
    if case == "nomn" and all(_only_oblique(w, lang) for w in words):
        return None  # "с Литвой и Латвией": no word of it can be a subject
    if lang != "en" and _from_place(words, _morph(lang)):
        return None  # "сообщили из Лос-Анджелеса": where it was reported from, no one
    if lang != "en":
        body = _body(words, lex, lang, case)
        if body is not None:
            return replace(base, name=body[0], kind=body[1])
    after_the = lang == "en" and re.search(r"(?<!\w)the\s+$", text[: src[0]], re.I) is not None
    named = _named_source(base, phrase, words, lex, lang, case, after_the=after_the)
    return named if named is not None else _unnamed_source(base, words, lex, lang)


# Whom or what a report is about, after "о"/"про": "о нем", "про неї", "об этом".
_ABOUT_WHOM = frozenset("нем нём ней них нём этом том нього неї них цьому цей це цього".split())


def _past_topic(
    text: str, src: tuple[int, int], lex: dict[str, Any], lang: str
) -> tuple[int, int] | None:
    """``src`` past what the report is about: "сообщает о нем Straits Times" is the paper,
    "заявил о несогласии генпрокурор" the prosecutor; ``None`` when a topic is all there
    is ("как объявила о намерении побороться за кресло ...") or no word."""
    words = list(WORD.finditer(text, *src))
    if not words:
        return None
    if words[0].group().lower() not in lex.get("topic_prepositions", ()):
        return src
    if len(words) > 2 and words[1].group().lower() in _ABOUT_WHOM:
        return words[2].start(), src[1]
    morph = _morph(lang)
    for w in words[2:]:
        name = bool(_CAP.match(w.group())) and (
            not _CYRILLIC_ANY.match(w.group()) or _is_person_word(w.group(), morph)
        )
        if name or _animate_nominative(w.group(), morph):
            return w.start(), src[1]
    return None


def _without_trailing(text: str, src: tuple[int, int], lex: dict[str, Any]) -> tuple[int, int]:
    """``src`` without the words that trail a subject ("Зеленский сам", "Россия не раз")."""
    words = list(WORD.finditer(text, *src))
    kept = len(words)
    while kept > 1 and words[kept - 1].group().lower() in lex["trailing"]:
        kept -= 1
    return src if kept == len(words) else (src[0], words[kept - 1].end())


def _from_place(words: list[str], morph: Any | None) -> bool:
    """Whether a source phrase is "from" and place names alone ("из Лос-Анджелеса")."""
    if morph is None or len(words) < 2 or words[0].lower() not in ("из", "з", "із", "зі"):
        return False
    return all(
        _CAP.match(w) and any("Geox" in p.tag for p in morph.parse(w)[:2]) for w in words[1:]
    )


def _named_source(
    base: Draft,
    phrase: str,
    words: list[str],
    lex: dict[str, Any],
    lang: str,
    case: str,
    *,
    after_the: bool = False,
) -> Draft | None:
    """``base`` with the proper name that ends the phrase as source, in the nominative, and
    the words before it as affiliation ("Kremlin spokesman Dmitry Peskov"); ``None`` when
    the phrase ends in no name."""
    name_words, kind = _name_words(words, lang, after_the=after_the)
    if case == "nomn" and name_words and _only_oblique(name_words[0], lang):
        # "замминистра ... Украины", "Литвой": a name in the genitive or instrumental
        # belongs to the words before it, or to no subject at all
        return None
    if (
        name_words
        and name_words[0] == words[0]
        and (_common_noun(words[0], lex) or _role_word(words[0], lang))
    ):
        # a capitalised first word of the sentence: "Officials", "Парламентарий", "Дехто"
        name_words = name_words[1:]
    if not name_words:
        return None
    name = " ".join(_nominative(w, lang, case) for w in name_words)
    rest = WORD.findall(phrase[: phrase.rfind(name_words[0])])
    while rest and rest[0].lower() in lex["skip"]:
        rest = rest[1:]
    aff = phrase[phrase.find(rest[0]) : phrase.rfind(name_words[0])].strip(" ,") if rest else ""
    return replace(base, name=name, kind=kind, affiliation=aff or None)


_NAMED = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad"})


def _only_oblique(word: str, lang: str) -> bool:
    """Whether a Cyrillic word is a place or a body the dictionary knows, and no
    nominative of it ("Украины", "Литвой", "Госдумы"); a person's name is not judged
    ("Пушков" is also a genitive plural), nor an unknown word ("Боррель")."""
    morph = _morph(lang) if lang in ("uk", "ru") else None
    if morph is None or not _CYRILLIC_ANY.match(word):
        return False
    parses = morph.parse(word.lower())[:4]
    return bool(parses) and all(
        p.is_known and p.tag.case not in ("nomn", None) and {"Geox", "Orgn"} & set(p.tag.grammemes)
        for p in parses
    )


def _role_word(word: str, lang: str) -> bool:
    """Whether a capitalised word is a word for people that the dictionary knows and that
    names no one ("Парламентарий", "Дехто"): capitalised only where a sentence starts."""
    morph = _morph(lang) if lang in ("uk", "ru") else None
    parses = morph.parse(word.lower())[:3] if morph is not None else []
    return (
        bool(parses)
        and all(p.is_known and not _NAMED & set(p.tag.grammemes) for p in parses)
        and (
            parses[0].tag.POS == "NPRO" or (parses[0].tag.POS == "NOUN" and "anim" in parses[0].tag)
        )
    )


def _unnamed_source(base: Draft, words: list[str], lex: dict[str, Any], lang: str) -> Draft | None:
    """``base`` with a source the phrase does not name: a back-reference ("the
    journalists"), a document, an anonymous source ("officials", "мешканці села"), else
    the phrase as written (``None`` for a whole English clause)."""
    common = common_name(" ".join(words))
    if any(w.lower().startswith(tuple(lex.get("backrefs", ()))) for w in words[:2]):
        return replace(base, name=common, kind="anonymous", backref=True)
    if any(re.match(stem, w.lower()) for stem in lex.get("documents", ()) for w in words[:2]):
        return replace(base, name=common, kind="document")
    if any(_is_anonymous(w, lex) for w in " ".join(words).lower().split()):
        return replace(base, name=common, kind="anonymous")
    if lang == "en" and len(words) > 5:
        return None  # a whole clause before "said" is not a source
    morph = _morph(lang) if lang in ("uk", "ru") else None
    if morph is not None and words[0].lower() in _THIS_SUCH and not _animate_head(words, morph):
        return None  # "Это решение говорит", "Така позиція свідчить": a thing, no one
    if morph is not None and _animate_head(words, morph):
        # "священників", "мешканці села": unnamed people, whatever their role is called.
        return replace(base, name=common, kind="anonymous")
    return replace(base, name=common, kind="unknown")


def _name_words(
    words: list[str], lang: str, *, after_the: bool = False
) -> tuple[list[str], SourceKind]:
    """The trailing proper name of a source phrase and whether it is a person
    (``after_the``: the phrase follows an English "the" left out of it)."""
    not_names = _pattern_lex(lang)["not_names"]
    run: list[str] = []
    for w in reversed(words):
        if not _CAP.match(w) or len(run) == 3 or w in not_names:
            break
        run.insert(0, w)
    if not run:
        return [], "unknown"
    morph = _morph(lang) if lang in ("uk", "ru") else None
    if morph is not None:
        run = _known_name(run, morph)
        named = any(_is_person_word(w, morph) for w in run)
        if named and len(run) > 1 and any(_SHOUTED.match(w) for w in run):
            # "Роман БОГАЧОВ": a surname in capitals after a first name, not an acronym.
            return run, "person"
        tags = set().union(*(p.tag.grammemes for p in morph.parse(run[-1])[:3]))
        person = named or "UNKN" in tags or not ({"Geox", "Orgn", "inan"} & tags)
    else:
        # Without a dictionary: at most first name and surname; a sentence-initial common
        # noun ("Речник") stays out unless it is all there is.
        run = run[-2:] if len(run) > 2 or run[0] != words[0] else run
        # "The Times reports": a person's name takes no article; a paper's or a body's does.
        lead = len(words) - len(run) - 1
        person = not (words[lead].lower() == "the" if lead >= 0 else after_the)
    if any(w.isupper() and len(w) > 1 for w in run):
        person = False  # acronyms name bodies: МЗС, NATO
    return run, "person" if person else "organisation"


def _known_name(run: list[str], morph: Any) -> list[str]:
    """A run of capitalised words cut to its last word and the first names, surnames and
    patronymics pymorphy3 knows right before it."""
    keep = [run[-1]]
    for w in reversed(run[:-1]):
        if not any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in morph.parse(w)):
            break
        keep.insert(0, w)
    return keep


# Genitive/accusative → nominative endings of Slavic surnames, for when pymorphy3 is absent.
_NOMINATIVE_FALLBACK = (
    ("ого", "ий"),
    ("ої", "а"),
    ("ой", "а"),
    ("ія", "ій"),
    ("ы", "а"),
    ("и", "а"),
    ("я", "ь"),
    ("а", ""),
)
_CYRILLIC_WORD = re.compile(r"^[А-ЯЁІЇЄҐ][а-яёіїєґ'’-]+$")


def _acronym(word: str, morph: Any | None) -> bool:
    """Whether a word in capitals is an abbreviation the dictionary knows ("НАТО")."""
    return morph is not None and any(
        "Abbr" in set(p.tag.grammemes) for p in morph.parse(word.lower())[:3]
    )


def _nominative(word: str, lang: str, case: str) -> str:
    morph = _morph(lang)
    if _SHOUTED.match(word) and not _acronym(word, morph):
        word = word.capitalize()  # "СВІРСЬКОГО" → "Свірського" → "Свірський"
    if case == "nomn" or not _CYRILLIC_WORD.match(word):
        return word
    if morph is not None:
        for p in morph.parse(word):
            if {"Name", "Surn", "Patr"} & set(p.tag.grammemes) and case in p.tag.grammemes:
                form = p.inflect({"nomn"})
                if form is not None:
                    return str(form.word).capitalize()
        return word
    for end, repl in _NOMINATIVE_FALLBACK:
        if word.endswith(end) and len(word) > len(end) + 2:
            return word[: len(word) - len(end)] + repl
    return word


# First- and second-person pronouns: the author or the interviewer, never a source.
_FIRST_SECOND = frozenset("я ми ви ти мы вы ты".split())
# A Cyrillic word in capitals long enough to be a surname rather than an acronym.
_SHOUTED = re.compile(r"^[А-ЯЁІЇЄҐ'’ʼ-]{4,}$")
_LOCATIVE = frozenset("у в во на".split())
# "это издание", "це видання": a back-reference; "британские издания": the press at large.
_DEMONSTRATIVES = frozenset("це цей ця ці дане даний це это этот эта эти данное данный".split())
# "this", "such", "the same" before a noun: with a thing for head, no source.
_THIS_SUCH = _DEMONSTRATIVES | frozenset(
    "такая такой такое такие тот тем той такий така таке такі той".split()
)
_SHORT_CAPS = re.compile(r"^[A-ZА-ЯЁІЇЄҐ]{2,4}$")


def _body(
    words: list[str], lex: dict[str, Any], lang: str, case: str
) -> tuple[str, SourceKind] | None:
    """A body or the media as source, with its name in the nominative: "у Ковельському
    міськвиконкомі" → ("Ковельський міськвиконком", organisation), "Державна служба
    України з надзвичайних ситуацій", "представники Россільгоспнагляду", "Преса сусідів".
    ``None`` when the phrase ends in a person's name or is no body."""
    morph = _morph(lang)
    located = words[0].lower() in _LOCATIVE and len(words) > 1
    if located:
        words, case = words[1:], "loct"
    low = [w.lower() for w in words]
    head = next((i for i, w in enumerate(low[:3]) if morph is None or _noun(w, morph)), 0)
    if _ends_in_person(words, morph):
        return None  # "Пресс-секретарь Белого дома Джен Псаки": the person speaks
    plain = head == 0 or low[head - 1] in _DEMONSTRATIVES
    if plain and any(re.match(b, low[head]) for b in lex.get("backrefs", ())):
        # "издание": a back-reference to the outlet named before; "Газета ВЗГЛЯД": named.
        named = [w for w in words[head + 1 :] if _CAP.match(w)]
        return (" ".join(named), "outlet") if named else None
    kind = _body_kind(words, head, lex, morph, located=located)
    if kind is None and any(low[head].startswith(a) for a in lex.get("anonymous", ())):
        return _role_at_body(words, morph)
    if kind is None and _capitalised_body(words, head, morph):
        kind = "organisation"
    return None if kind is None else (_nominative_phrase(words, head, lang, case), kind)


def _ends_in_person(words: list[str], morph: Any | None) -> bool:
    """Whether a phrase of three words or more ends in a first name and a surname."""
    return (
        len(words) > 2
        and all(_CAP.match(w) for w in words[-2:])
        and (morph is None or _is_person_word(words[-2], morph))
    )


def _body_kind(
    words: list[str], head: int, lex: dict[str, Any], morph: Any | None, *, located: bool
) -> SourceKind | None:
    """What kind of body the phrase names by its head noun ("міністерство", "газета") or
    by where it is ("в Госдепе", "В Запорожской области"); ``None`` when neither tells."""
    stem = words[head].lower()
    if any(re.match(o, stem) for o in lex.get("organisations", ())):
        return "organisation"
    # A compound's head is its last part: "медиа-консультант" is an adviser, not the media.
    if any(re.match(o, _compound_head(stem)) for o in lex.get("media", ())):
        return "outlet"
    if located and morph is not None and (_CAP.match(words[0]) or _orgn(words[0], morph)):
        return "organisation"
    return None


def _capitalised_body(words: list[str], head: int, morph: Any | None) -> bool:
    """ "Державна служба України ...", "Національного олімпійського комітету": a body named
    by a capitalised phrase that is no person's name and has no animate head."""
    return (
        head == 0
        and bool(_CAP.match(words[0]))
        and len(words) > 1
        and morph is not None
        and not _animate_head(words, morph)
        and not any(_is_person_word(w, morph) for w in words[:2])
    )


def _role_at_body(words: list[str], morph: Any | None) -> tuple[str, SourceKind] | None:
    """ "канцлер ФРГ", "глава МИД России": a role at a body names an anonymous source by
    the whole phrase; a role alone ("заступник міністра") is left to the anonymous-source
    reading (``None``)."""
    if (
        len(words) > 1
        and all(_SHORT_CAPS.match(w) or _CAP.match(w) for w in words[1:])
        and not (morph is not None and _is_person_word(words[-1], morph))
    ):
        return " ".join(words), "anonymous"
    return None


def _animate_head(words: list[str], morph: Any) -> bool:
    """Whether the first noun among the first three words names people ("губернатор",
    "священників"): pymorphy3 marks it animate."""
    for w in words[:3]:
        parses = [p for p in morph.parse(w.lower())[:2] if p.tag.POS == "NOUN"]
        if parses:
            return "anim" in parses[0].tag
    return False


def _noun(word: str, morph: Any) -> bool:
    return any(p.tag.POS == "NOUN" for p in morph.parse(word)[:2])


def _orgn(word: str, morph: Any) -> bool:
    return any({"Orgn", "Geox"} & set(p.tag.grammemes) for p in morph.parse(word)[:3])


def _nominative_phrase(words: list[str], head: int, lang: str, case: str) -> str:
    """``words`` with the head noun and the adjectives before it put in the nominative
    ("Ковельському міськвиконкомі" → "Ковельський міськвиконком"); the rest as written."""
    morph = _morph(lang)
    out = list(words)
    if morph is not None and case != "nomn":
        for i in range(head + 1):
            w = words[i]
            if _SHORT_CAPS.match(w):
                continue  # an acronym does not decline: "в МОЗ" is "МОЗ", not "Моз"
            for p in morph.parse(w.lower()):
                if case in p.tag.grammemes or (case == "loct" and "datv" in p.tag.grammemes):
                    want = {"nomn"} | ({"plur"} if "plur" in p.tag.grammemes else set())
                    form = p.inflect(want)
                    if form is not None:
                        word = str(form.word)
                        out[i] = word.capitalize() if w[:1].isupper() else word
                    break
    return " ".join(out)
