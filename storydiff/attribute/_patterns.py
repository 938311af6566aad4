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
from typing import Any

from storydiff.attribute._base import (
    _WORD,
    _adjacent_quote,
    _common_name,
    _Draft,
    _previous_paragraph,
    _trim,
    cues,
    outlet_name,
)
from storydiff.records import Segmented, SourceKind

_BOUNDARY = re.compile(r"[,;:.!?()«»“”\"]|\s[—–-]\s")
_CAP = re.compile(r"^[A-ZА-ЯЁІЇЄҐ][\w'’ʼ-]*$")


@lru_cache(maxsize=4)
def _morph(lang: str) -> Any | None:
    """pymorphy3 for ``lang`` when it and its dictionary are installed, else ``None``."""
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang=lang)
    except Exception:
        return None


@lru_cache(maxsize=4)
def _pattern_lex(lang: str) -> dict[str, Any]:
    lex: dict[str, Any] = dict(cues()[lang]["patterns"])

    def alternation(table: dict[str, str]) -> re.Pattern[str]:
        parts = (f"(?P<c{i}>{key})" for i, key in enumerate(table))
        return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)

    for key in ("verbs", "prefix", "hedges"):
        table = lex.get(key, {})
        lex[key + "_re"] = alternation(table) if table else None
        lex[key + "_lemmas"] = list(table.values())
    return lex


def _lemma_of(m: re.Match[str], lemmas: list[str]) -> str:
    group = next(k for k, v in m.groupdict().items() if v is not None)
    return lemmas[int(group[1:])]


def _from_patterns(seg: Segmented, lang: str) -> list[_Draft]:
    lex = _pattern_lex(lang)
    out: list[_Draft] = []
    for sent in seg.sentences:
        prefixes = list(lex["prefix_re"].finditer(sent.text)) if lex["prefix_re"] else []
        taken = [(m.start(), _clause_end(sent.text, m.end())) for m in prefixes]
        # Verbs first, so that "з посиланням на джерела" can hang under "Politico пише".
        for m in lex["verbs_re"].finditer(sent.text) if lex["verbs_re"] else ():
            if not any(s <= m.start() < e for s, e in taken):
                out += _verb_pattern(seg, sent.index, m, lex, lang)
        for m in prefixes:
            out += _prefix_pattern(seg, sent.index, m, lex, lang, out)
        for m in lex["hedges_re"].finditer(sent.text) if lex["hedges_re"] else ():
            cue = (sent.start + m.start(), sent.start + m.end())
            lemma = _lemma_of(m, lex["hedges_lemmas"])
            out.append(
                _Draft(
                    sentence_index=sent.index,
                    cue=cue,
                    lemma=lemma,
                    content=(sent.start, sent.end),
                )
            )
    return out


def _prefix_pattern(
    seg: Segmented,
    index: int,
    m: re.Match[str],
    lex: dict[str, Any],
    lang: str,
    found: list[_Draft],
) -> list[_Draft]:
    """ "за словами X, ...", "як повідомляє X", "по данным X", "со ссылкой на X"."""
    sent = seg.sentences[index]
    off, t = sent.start, sent.text
    lemma = _lemma_of(m, lex["prefix_lemmas"])
    src_end = _clause_end(t, m.end())
    lead = t[: m.start()].strip(" ,—–-")
    if not lead or lead.lower() in ("як", "как"):
        content = _trim(seg.article.text, off + src_end, sent.end)
    else:
        content = _trim(seg.article.text, off, off + m.start())
    cue_words = " ".join(m.group().lower().split())
    case = "gent" if cue_words in lex.get("genitive_prefixes", ()) else "nomn"
    case = "accs" if cue_words in lex.get("accusative_prefixes", ()) else case
    # "Politico пише про це з посиланням на джерела": the sources hang under the writer.
    verb = next((d for d in reversed(found) if d.sentence_index == index), None)
    if lemma not in ("with reference to", "citing"):
        verb = None
    cue = (off + m.start(), off + m.end())
    base = _Draft(
        sentence_index=index,
        cue=cue,
        lemma=lemma,
        content=None if verb else content,
        parent_at=verb.cue[0] if verb else None,
    )
    draft = _draft_for_phrase(seg, base, (off + m.end(), off + src_end), lang, case)
    return [] if draft is None else [draft]


def _verb_pattern(
    seg: Segmented, index: int, m: re.Match[str], lex: dict[str, Any], lang: str
) -> list[_Draft]:
    """ "X заявив, що ...", "«...», — сказав X", "пише Politico", "Об этом пишет издание"."""
    sent = seg.sentences[index]
    off, t, text = sent.start, sent.text, seg.article.text
    before, after = t[: m.start()], t[m.end() :]
    clause = max((b.end() for b in _BOUNDARY.finditer(before)), default=0)
    about_this = before[clause:].strip().lower() in lex["about_this"]
    nxt = _WORD.match(after.lstrip())
    inverted = about_this or (
        before.rstrip().endswith((",", "—", "–", ":", "»", "”", '"'))
        and nxt is not None
        and (
            _CAP.match(nxt.group())
            or nxt.group().lower() in lex["pronouns"]
            or _is_anonymous(nxt.group(), lex)
        )
    )
    if inverted:
        s0 = m.end() + len(after) - len(after.lstrip())
        src = (off + s0, off + _inverted_source_end(t, s0, lex))
        content = (
            _previous_paragraph(seg, index) if about_this else _trim(text, off, off + m.start())
        )
    else:
        words = list(_WORD.finditer(before[clause:]))
        while words and words[0].group().lower() in lex["skip"]:
            words = words[1:]
        while words and words[-1].group().lower() in lex["trailing"]:
            words = words[:-1]
        if not words or len(words) > 10:
            return []
        if lex["verbs_re"].search(before, clause + words[0].start()):
            return []  # "Paris has not confirmed or denied": another cue is no source
        src = (off + clause + words[0].start(), off + clause + words[-1].end())
        if re.match(r"\s*(?:" + "|".join(lex["about_this"]) + r")(?!\w)", after, re.I):
            content = _previous_paragraph(seg, index)
        elif (quote := _adjacent_quote(text, sent.start, sent.end, *src)) and quote[1] <= src[0]:
            content = quote  # "“...,” Kremlin spokesman Dmitry Peskov said"
        else:
            bare = _lemma_of(m, lex["verbs_lemmas"]) in lex["bare_content"]
            rel = _pattern_content(t, m.end(), lex, bare=bare)
            if rel is None:
                return []
            content = _trim(text, off + rel[0], off + rel[1])
    lemma = _lemma_of(m, lex["verbs_lemmas"])
    base = _Draft(
        sentence_index=index, cue=(off + m.start(), off + m.end()), lemma=lemma, content=content
    )
    draft = _draft_for_phrase(seg, base, src, lang)
    return [] if draft is None else [draft]


def _clause_end(t: str, start: int) -> int:
    m = _BOUNDARY.search(t, start)
    end = m.start() if m else len(t)
    words = list(_WORD.finditer(t, start, end))
    return words[11].end() if len(words) > 12 else end


def _inverted_source_end(t: str, start: int, lex: dict[str, Any]) -> int:
    """End of a source named after its verb: "— сказав він журналістам", "пише Politico"."""
    end = _clause_end(t, start)
    seen_name = False
    for w in _WORD.finditer(t, start, end):
        if w.start() == start and w.group().lower() in lex["pronouns"]:
            return w.end()
        if _CAP.match(w.group()):
            seen_name = True
        elif seen_name:
            return w.start()
    return end


def _pattern_content(
    t: str, start: int, lex: dict[str, Any], *, bare: bool
) -> tuple[int, int] | None:
    rest = t[start:]
    colon = re.match(r"\s*:\s*", rest)
    if colon:
        return start + colon.end(), len(t)
    for m in _WORD.finditer(rest):
        if m.start() > (60 if bare else 25):
            break
        if m.group().lower() in lex["that"]:
            return start + m.start(), len(t)
    stripped = rest.strip(" ,.")
    if not bare or len(_WORD.findall(stripped)) < 3:
        return None
    return start + len(rest) - len(rest.lstrip(" ,")), len(t)


def _common_noun(word: str, lex: dict[str, Any]) -> bool:
    low = word.lower()
    stems = (*lex.get("anonymous", ()), *lex.get("backrefs", ()), *lex.get("documents", ()))
    return any(re.match(stem, low) for stem in stems)


def _is_anonymous(word: str, lex: dict[str, Any]) -> bool:
    low = word.lower()
    return any(low.startswith(stem) for stem in lex.get("anonymous", ()))


def _draft_for_phrase(
    seg: Segmented, base: _Draft, src: tuple[int, int], lang: str, case: str = "nomn"
) -> _Draft | None:
    """Fill in the source of ``base`` from the phrase at ``src`` (``case`` is its grammatical
    case: "gent" after "за словами", "accs" after "з посиланням на")."""
    text = seg.article.text
    src = _trim(text, *src)
    phrase = text[src[0] : src[1]]
    if not _WORD.search(phrase):
        return None
    lex = _pattern_lex(lang)
    base = replace(base, source=src)
    outlet = outlet_name(phrase)
    if outlet is not None:
        return replace(base, name=outlet, kind="outlet")
    words = _WORD.findall(phrase)
    if len(words) == 1 and words[0].lower() in lex["pronouns"]:
        return replace(base, name=words[0], kind="unknown", pronoun=True)
    name_words, kind = _name_words(words, lang)
    if name_words and name_words[0] == words[0] and _common_noun(words[0], lex):
        name_words = name_words[1:]  # a capitalised first word of the sentence: "Officials"
    if name_words:
        name = " ".join(_nominative(w, lang, case) for w in name_words)
        rest = _WORD.findall(phrase[: phrase.rfind(name_words[0])])
        while rest and rest[0].lower() in lex["skip"]:
            rest = rest[1:]
        aff = phrase[phrase.find(rest[0]) : phrase.rfind(name_words[0])].strip(" ,") if rest else ""
        return replace(base, name=name, kind=kind, affiliation=aff or None)
    low = " ".join(words).lower()
    common = _common_name(" ".join(words))
    if any(w.lower().startswith(tuple(lex.get("backrefs", ()))) for w in words[:2]):
        return replace(base, name=common, kind="anonymous", backref=True)
    if any(re.match(stem, w.lower()) for stem in lex.get("documents", ()) for w in words[:2]):
        return replace(base, name=common, kind="document")
    if any(_is_anonymous(w, lex) for w in low.split()):
        return replace(base, name=common, kind="anonymous")
    if lang == "en" and len(words) > 5:
        return None  # a whole clause before "said" is not a source
    return replace(base, name=common, kind="unknown")


def _name_words(words: list[str], lang: str) -> tuple[list[str], SourceKind]:
    """The trailing proper name of a source phrase and whether it is a person."""
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
        keep = [run[-1]]
        for w in reversed(run[:-1]):
            if not any({"Name", "Surn", "Patr"} & set(p.tag.grammemes) for p in morph.parse(w)):
                break
            keep.insert(0, w)
        run = keep
        tags = set().union(*(p.tag.grammemes for p in morph.parse(run[-1])[:3]))
        person = (
            bool({"Name", "Surn", "Patr"} & tags)
            or "UNKN" in tags
            or not ({"Geox", "Orgn", "inan"} & tags)
        )
    else:
        # Without a dictionary: at most first name and surname; a sentence-initial common
        # noun ("Речник") stays out unless it is all there is.
        run = run[-2:] if len(run) > 2 or run[0] != words[0] else run
        person = True
    if any(w.isupper() and len(w) > 1 for w in run):
        person = False  # acronyms name bodies: МЗС, NATO
    return run, "person" if person else "organisation"


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


def _nominative(word: str, lang: str, case: str) -> str:
    if case == "nomn" or not _CYRILLIC_WORD.match(word):
        return word
    morph = _morph(lang)
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
