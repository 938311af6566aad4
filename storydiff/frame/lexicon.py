"""Lexicons of wording choices: the file format, loading (built-in plus user files), matching.

A lexicon file is JSON (format ``storydiff-lexicon/1``, see ``docs/lexicons.md``)::

    {"format": "storydiff-lexicon/1", "kind": "naming",
     "sources": {"bgn2019": "US Board on Geographic Names, Kyiv decision (2019)"},
     "entries": [{"lang": "en", "group": "Kyiv/Kiev", "variant": "Kiev", "origin": "russian",
                  "alternatives": ["Kyiv"], "patterns": ["Kiev"], "note": "...",
                  "source": "bgn2019"}]}

Patterns are phrases: words separated by spaces match any run of whitespace, a trailing ``*``
on a word matches any ending (inflection: ``окупант*``), matching ignores case unless the
entry says ``"case": true``, and a match must start and end at word boundaries. ``regex``
takes Python regular expressions for the rare entry a phrase cannot express, and ``exclude``
lists phrases that cancel a match they overlap ("sanctions regime" is not a label).
``verbs`` lists the one-word patterns that count only where the word is used as a verb
("claims" in "the ministry claims", not in "class-action claims"); the frame stage checks
that (``storydiff.frame.verbuse``), matching here does not.

User lexicons extend the built-in ones: every ``*.json`` file in the directories (or the
files) named by the environment variable ``STORYDIFF_LEXICONS`` (separated like ``PATH``)
is loaded after them; an entry with the id of an earlier one replaces it, and a file's
``"disable": [ids]`` removes earlier entries.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, cast

from storydiff.errors import StorydiffError
from storydiff.records import MARKER_KINDS, MarkerKind

LEXICON_FORMAT = "storydiff-lexicon/1"
ENV_VAR = "STORYDIFF_LEXICONS"

_ENTRY_KEYS = frozenset(
    [
        "id",
        "kind",
        "lang",
        "patterns",
        "regex",
        "exclude",
        "group",
        "variant",
        "alternatives",
        "origin",
        "note",
        "usual_until",
        "confidence",
        "source",
        "case",
        "verbs",
    ]
)


@dataclass(frozen=True, kw_only=True)
class LexiconEntry:
    """One wording choice to look for. ``source`` is the resolved citation text."""

    id: str
    kind: MarkerKind
    langs: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    regex: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    group: str = ""
    variant: str = ""
    alternatives: tuple[str, ...] = ()
    origin: str = ""
    note: str = ""
    confidence: float = 0.8
    source: str = ""
    case: bool = False
    verbs: frozenset[str] = frozenset()
    # ISO date until which this form was the usual one in the language's media ("Kiev" in
    # English until 2019): in an article published before it, the choice says little.
    usual_until: str = ""

    def applies_to(self, lang: str) -> bool:
        return "*" in self.langs or lang in self.langs


@dataclass(frozen=True, kw_only=True)
class Hit:
    """A lexicon entry matched at ``text[start:end]``."""

    entry: LexiconEntry
    start: int
    end: int


# What every phrase's regex begins with: no word character just before the match.
_WORD_START = r"(?<!\w)"


def phrase_regex(phrase: str) -> str:
    """The regular expression for a lexicon phrase (see the module docstring)."""
    words = []
    for word in phrase.split():
        wildcard = word.endswith("*") and len(word) > 1
        body = word[:-1] if wildcard else word
        out = []
        for ch in body:
            if ch in "'’":
                out.append("['’]")
            elif ch in "-‐‑":
                out.append("[-‐‑]")
            else:
                out.append(re.escape(ch))
        words.append("".join(out) + (r"\w*" if wildcard else ""))
    return _WORD_START + r"\s+".join(words) + r"(?!\w)"


# Matching every entry's pattern over the whole text costs about 0.1 s per article; most
# entries cannot match at all. A pattern can only match where each literal run of one of
# its phrases occurs, ignoring case, so an entry is scanned only when one of its literals
# (lowercased) is in the lowercased text. Lowercasing agrees with how ``re.IGNORECASE``
# compares characters for every "plain" character (one-character lowercase, unchanged by
# a round trip through uppercase); a text or literal with another character ("ſ", "ı",
# "İ", "ß") is scanned in full, so the prefilter never drops a hit.
_LITERAL_BREAKS = re.compile(r"['’\-‐‑]+")


@lru_cache(maxsize=4096)
def _plain(ch: str) -> bool:
    low = ch.lower()
    return len(low) == 1 and ch.upper().lower() == low


def _folded(text: str) -> str | None:
    """``text`` lowercased character by character, or None if a character is not plain."""
    if text.isascii():
        return text.lower()
    table: dict[int, str] = {}
    for ch in set(text):
        if not _plain(ch):
            return None
        if (low := ch.lower()) != ch:
            table[ord(ch)] = low
    return text.translate(table)


def _literals(entry: LexiconEntry) -> tuple[str, ...] | None:
    """One lowercased literal per phrase of ``entry`` that every match of the phrase
    contains, or None when the entry must always be scanned (regexes, odd characters)."""
    if entry.regex or not entry.patterns:
        return None
    out = []
    for phrase in entry.patterns:
        pieces = []
        for word in phrase.split():
            body = word[:-1] if word.endswith("*") and len(word) > 1 else word
            pieces += _LITERAL_BREAKS.split(body)
        best = max(pieces, key=len, default="")
        if not best or not all(_plain(ch) for ch in best):
            return None
        out.append(best.lower())
    return tuple(out)


class Lexicon:
    """A set of entries with their patterns compiled, ready to match article text.

    With ``lazy`` (the built-in lexicons, whose patterns the test suite compiles), an
    entry that has a literal prefilter is compiled the first time a text contains its
    literal: a cold start then compiles a few dozen of the ~850 patterns, not all.
    User lexicons are compiled at once, so a bad pattern is reported when loading.
    """

    def __init__(
        self, entries: Iterable[LexiconEntry], files: Sequence[str] = (), *, lazy: bool = False
    ) -> None:
        self.entries: tuple[LexiconEntry, ...] = tuple(entries)
        self.files = tuple(files)
        self._compiled: list[tuple[LexiconEntry, tuple[str, ...] | None]] = []
        self._patterns: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}
        self._by_lang: dict[str, list[tuple[LexiconEntry, tuple[str, ...] | None]]] = {}
        for entry in self.entries:
            if not entry.patterns and not entry.regex:
                continue
            literals = _literals(entry)
            if not lazy or literals is None:
                self._patterns[entry.id] = _compile(entry)
            self._compiled.append((entry, literals))

    def patterns(self, entry: LexiconEntry) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
        """The compiled pattern and exclusion pattern of ``entry`` (compiled on first use)."""
        found = self._patterns.get(entry.id)
        if found is None:
            found = self._patterns[entry.id] = _compile(entry)
        return found

    def covers(self, lang: str) -> bool:
        """Whether any entry applies to ``lang``."""
        return bool(self._for_lang(lang))

    def _for_lang(self, lang: str) -> list[tuple[LexiconEntry, tuple[str, ...] | None]]:
        """The entries (with their literals) that apply to ``lang``, in lexicon order;
        listed once per language rather than filtered again for every text."""
        found = self._by_lang.get(lang)
        if found is None:
            found = self._by_lang[lang] = [c for c in self._compiled if c[0].applies_to(lang)]
        return found

    def match(self, text: str, lang: str, kinds: Iterable[str] | None = None) -> list[Hit]:
        """All hits of the entries for ``lang`` in ``text``, in text order.

        Overlapping hits of one kind keep the longest ("Ukrainian regime" over "regime");
        hits of different kinds may overlap ("Kiev" naming inside the "Kiev regime" label).
        """
        wanted = set(kinds) if kinds is not None else None
        folded = _folded(text)
        hits: list[Hit] = []
        for entry, literals in self._for_lang(lang):
            if wanted is not None and entry.kind not in wanted:
                continue
            if (
                folded is not None
                and literals is not None
                and not any(lit in folded for lit in literals)
            ):
                continue
            pattern, exclude = self.patterns(entry)
            for m in pattern.finditer(text):
                if m.end() <= m.start():
                    continue
                if exclude is not None and _excluded(exclude, text, m.start(), m.end()):
                    continue
                hits.append(Hit(entry=entry, start=m.start(), end=m.end()))
        return _longest_per_kind(hits)


def _compile(entry: LexiconEntry) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    flags = 0 if entry.case else re.IGNORECASE
    alternatives = [_phrase_alternation(entry.patterns)] if entry.patterns else []
    alternatives += entry.regex
    try:
        pattern = re.compile("|".join(f"(?:{a})" for a in alternatives), flags)
        exclude = (
            re.compile("|".join(phrase_regex(p) for p in entry.exclude), flags)
            if entry.exclude
            else None
        )
    except re.error as err:
        raise StorydiffError(f"lexicon entry '{entry.id}': bad pattern: {err}") from err
    return pattern, exclude


def _phrase_alternation(phrases: Sequence[str]) -> str:
    """One regular expression for ``phrases`` that finds what the alternation of their
    ``phrase_regex`` finds, preferring them in the same order.

    Every phrase's regex begins with the same look-behind, which reads only the position;
    written once before the alternation, ``re`` tests it once per position instead of once
    per phrase, and moves on at once inside a word. On an entry of 40 phrases that is 8x
    faster, and such entries were most of the framing stage's time (issue 12)."""
    bodies = [f"(?:{phrase_regex(phrase)[len(_WORD_START) :]})" for phrase in phrases]
    return _WORD_START + "(?:" + "|".join(bodies) + ")"


def _excluded(exclude: re.Pattern[str], text: str, start: int, end: int) -> bool:
    # An exclusion phrase is short; a window around the hit is enough to find it.
    lo = max(0, start - 60)
    for m in exclude.finditer(text, lo, min(len(text), end + 60)):
        if m.start() < end and m.end() > start:
            return True
    return False


def _longest_per_kind(hits: list[Hit]) -> list[Hit]:
    kept: list[Hit] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    order = sorted(hits, key=lambda h: (-(h.end - h.start), -h.entry.confidence, h.start))
    for hit in order:
        spans = taken.setdefault(hit.entry.kind, [])
        if any(hit.start < e and hit.end > s for s, e in spans):
            continue
        spans.append((hit.start, hit.end))
        kept.append(hit)
    kept.sort(key=lambda h: (h.start, h.end, h.entry.kind))
    return kept


def builtin_dir() -> Path:
    """The folder of the lexicons shipped with storydiff."""
    return Path(str(files("storydiff") / "data" / "lexicons"))


def user_paths() -> tuple[Path, ...]:
    """Directories or files named by ``STORYDIFF_LEXICONS``."""
    raw = os.environ.get(ENV_VAR, "")
    return tuple(Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip())


def load_lexicon(extra: Sequence[Path] = ()) -> Lexicon:
    """The built-in lexicons, then those in ``STORYDIFF_LEXICONS``, then ``extra``."""
    paths = (builtin_dir(), *user_paths(), *extra)
    return _load_cached(tuple(str(p) for p in paths))


@lru_cache(maxsize=8)
def _load_cached(paths: tuple[str, ...]) -> Lexicon:
    entries: dict[str, LexiconEntry] = {}
    loaded: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            names = sorted(path.glob("*.json"))
        elif path.is_file():
            names = [path]
        else:
            raise StorydiffError(f"lexicon path not found: {path}")
        for name in names:
            disable, new = read_lexicon_file(name)
            for key in disable:
                entries.pop(key, None)
            for entry in new:
                entries[entry.id] = entry
            loaded.append(str(name))
    return Lexicon(entries.values(), loaded, lazy=paths == (str(builtin_dir()),))


def read_lexicon_file(path: Path) -> tuple[list[str], list[LexiconEntry]]:
    """Parse one lexicon file: the ids it disables and its entries, validated."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise StorydiffError(f"cannot read lexicon {path}: {err}") from err
    if not isinstance(doc, dict) or doc.get("format") != LEXICON_FORMAT:
        raise StorydiffError(f'{path}: not a lexicon (needs "format": "{LEXICON_FORMAT}")')
    sources = cast("dict[str, str]", doc.get("sources") or {})
    file_kind = doc.get("kind")
    entries: list[LexiconEntry] = []
    seen: set[str] = set()
    for i, raw in enumerate(doc.get("entries") or []):
        entry = _entry(raw, file_kind, sources, f"{path.name}: entry {i}")
        if entry.id in seen:
            raise StorydiffError(f"{path.name}: duplicate entry id '{entry.id}'")
        seen.add(entry.id)
        entries.append(entry)
    return [str(x) for x in doc.get("disable") or []], entries


def _entry(raw: Any, file_kind: Any, sources: dict[str, str], where: str) -> LexiconEntry:
    if not isinstance(raw, dict):
        raise StorydiffError(f"{where}: an entry must be an object")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise StorydiffError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    kind = raw.get("kind", file_kind)
    if kind not in MARKER_KINDS:
        raise StorydiffError(f"{where}: kind must be one of {', '.join(MARKER_KINDS)}")
    lang = raw.get("lang")
    langs = tuple(lang) if isinstance(lang, list) else (lang,) if isinstance(lang, str) else ()
    if not langs:
        raise StorydiffError(f"{where}: 'lang' is required (a code, a list, or \"*\")")
    patterns, regex = _strings(raw, "patterns", where), _strings(raw, "regex", where)
    if not patterns and not regex:
        raise StorydiffError(f"{where}: needs 'patterns' or 'regex'")
    variant = str(raw.get("variant") or (patterns or regex)[0])
    verbs = frozenset(v.lower() for v in _strings(raw, "verbs", where))
    if not verbs <= {p.lower() for p in patterns}:
        raise StorydiffError(f"{where}: every word in 'verbs' must be one of its 'patterns'")
    source_key = str(raw.get("source", ""))
    if not source_key:
        raise StorydiffError(f"{where}: 'source' is required")
    return LexiconEntry(
        id=str(raw.get("id") or f"{kind}/{'+'.join(langs)}/{variant}"),
        kind=kind,
        langs=langs,
        patterns=patterns,
        regex=regex,
        exclude=_strings(raw, "exclude", where),
        group=str(raw.get("group") or variant),
        variant=variant,
        alternatives=_strings(raw, "alternatives", where),
        origin=str(raw.get("origin", "")),
        note=str(raw.get("note", "")),
        confidence=float(raw.get("confidence", 0.8)),
        source=sources.get(source_key, source_key),
        case=bool(raw.get("case", False)),
        verbs=verbs,
        usual_until=_iso_date(raw.get("usual_until", ""), where),
    )


def _iso_date(value: Any, where: str) -> str:
    """``value`` when it is empty or an ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    text = str(value or "")
    if text and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise StorydiffError(f"{where}: 'usual_until' must be an ISO date such as 2019-10")
    return text


def _strings(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise StorydiffError(f"{where}: '{key}' must be a string or a list of strings")
    return tuple(value)
