"""What an article can be matched on besides its embeddings: keys in one script.

Same-story scoring (``storydiff.samestory``) and story clustering compare articles in
different languages and scripts, so every key here is built over Latin transliteration
(``storydiff.text.names``):

* character n-grams (3-5) of the transliterated text, TF-IDF weighted. Names, numbers and
  cognates give two articles in different languages shared n-grams ("zelensk", "2,300").
  IDF needs a reference collection, and a pair or a small set is no collection (within a
  pair, every shared n-gram would look common and weigh least), so document frequencies
  come from a background table built offline from development text that the same-story
  benchmarks do not score (``storydiff/data/ngram_df.npz``, see
  ``python -m storydiff.evaluate.fit --only background``): only the common n-grams are
  stored; any other n-gram counts as rare.
* the same n-grams over the capitalised words and numbers alone (``name_gram_similarity``):
  what a translation keeps (names, places, organisations, figures) without the words it
  changes, which across languages only add n-grams the other text cannot share;
* name keys (``text.names.sound_key``): "Kyiv", "Kiev", "Київ" and "Киев" are one key;
* numbers (by value, years left out: they are dates);
* dates: the publication date and the dates the text names ("on 12 March 2014",
  "березня 2014"), so that two reports months apart count as apart unless one of them
  names the other's time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from storydiff.relate.lexicon import MONTHS
from storydiff.text.names import to_latin
from storydiff.text.scripts import UNSPACED_RUN, letters_script, spaced, unspaced
from storydiff.text.words import TOKEN

NGRAMS = (3, 4, 5)
UNSPACED_GRAM = 2
"""N-gram size inside a run of an unspaced script (``text.scripts.UNSPACED_RUN``)."""
HASH_BITS = 31
_DF_FILE = Path(__file__).with_name("data") / "ngram_df.npz"
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[,  ]\d{3})+(?!\d)|(?<![\w.,])\d+(?:[.,]\d+)?")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Capitalised words (any position: a German noun too, which only costs some dilution) and
# numbers of two or more digits.
_CARRIED = re.compile(r"\b[A-ZА-ЯІЇЄҐÄÖÜ][\w'’-]+|\b\d[\d.,]*\d\b")
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
# "12 March 2014", "March 12, 2014", "March 2014", "12 березня 2014 року", "2014-03-12",
# "12.03.2014". Month words are matched case-insensitively on the original text.
_DATE = re.compile(
    rf"(?P<iso>\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b)"
    rf"|(?P<dot>\b(?P<dd>[0-3]?\d)\.(?P<dm>[01]?\d)\.(?P<dy>(?:19|20)\d\d)\b)"
    rf"|(?P<dmy>\b(?P<d1>[0-3]?\d)\.?\s+(?P<m1>{_MONTH_WORDS})\.?,?\s+(?P<y1>(?:19|20)\d\d)\b)"
    rf"|(?P<mdy>\b(?P<m2>{_MONTH_WORDS})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
    rf"(?P<y2>(?:19|20)\d\d)\b)"
    rf"|(?P<my>\b(?P<m3>{_MONTH_WORDS})\.?,?\s+(?P<y3>(?:19|20)\d\d)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True, kw_only=True)
class DateRange:
    """A date the text names, as the days it may mean (a month: its first to last day)."""

    first: dt.date
    last: dt.date


@dataclass(frozen=True, kw_only=True)
class StoryKeys:
    """An article's keys for same-story scoring.

    ``grams`` are sorted hashed character n-grams with their L2-normalised TF-IDF
    ``weights``; ``name_grams`` and ``name_weights`` the same over the capitalised words
    and numbers alone; ``names`` and ``numbers`` are sets of keys; ``date`` is the publication
    date and ``mentioned`` the dates named in the text; ``headline_date`` the one day an
    undated article's headline names with its year, its stand-in for ``date``. ``script`` is
    ``text.scripts.letters_script``: names are matched only between two "latn" texts,
    n-grams only between texts of one script.
    """

    script: str
    grams: np.ndarray
    weights: np.ndarray
    name_grams: np.ndarray
    name_weights: np.ndarray
    names: frozenset[str]
    numbers: frozenset[str]
    date: dt.date | None
    mentioned: tuple[DateRange, ...]
    headline_date: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class Background:
    """Document frequencies of common n-gram hashes in a background collection."""

    hashes: np.ndarray  # sorted
    df: np.ndarray
    documents: int
    min_df: int


def latin_words(text: str) -> str:
    """The words of ``text`` in Latin letters, lower case, one space apart."""
    return " ".join(TOKEN.findall(to_latin(text)))


def _hashes(codes: np.ndarray, n: int) -> np.ndarray:
    """Rolling hashes of every ``n``-gram of ``codes`` (seeded with ``n``)."""
    mask = np.uint64((1 << HASH_BITS) - 1)
    h = np.full(len(codes) - n + 1, n, dtype=np.uint64)
    for k in range(n):
        h = (h * np.uint64(1_000_003) + codes[k : len(codes) - n + 1 + k]) & mask
    return h


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def gram_hashes(text: str) -> np.ndarray:
    """Hashes (``HASH_BITS`` bits) of every character 3-, 4- and 5-gram of ``text`` after
    ``latin_words``, one per occurrence. A polynomial rolling hash in numpy: stable across
    processes (unlike ``hash``) and fast enough for corpus ingest.

    In a text of a script written without spaces (``text.scripts.unspaced``: Chinese,
    Japanese, Thai), a run of that script gives its character bigrams instead
    (``UNSPACED_GRAM``), the unit of Chinese retrieval: a 3-5-gram there spans most of a
    word and its neighbour, and two reports of one poll in Chinese shared few (character
    similarity 0.22 against 0.98 document similarity)."""
    words = latin_words(text)
    runs = UNSPACED_RUN.findall(words) if unspaced(text) else []
    if runs:
        words = " ".join(UNSPACED_RUN.sub(" ", words).split())
    codes = _codes(f" {words} ")
    out = [_hashes(codes, n) for n in NGRAMS if len(codes) >= n]
    out += [_hashes(_codes(run), UNSPACED_GRAM) for run in runs if len(run) >= UNSPACED_GRAM]
    return np.concatenate(out) if out else np.zeros(0, dtype=np.uint64)


def build_background(texts: Sequence[str], *, min_df: int) -> Background:
    """Document frequencies over ``texts``, keeping the n-grams in ``min_df`` or more."""
    hashes: list[np.ndarray] = [np.unique(gram_hashes(t)) for t in texts]
    allh = np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.uint64)
    uniq, counts = np.unique(allh, return_counts=True)
    keep = counts >= min_df
    return Background(
        hashes=uniq[keep],
        df=counts[keep].astype(np.uint32),
        documents=len(texts),
        min_df=min_df,
    )


def save_background(bg: Background, path: Path = _DF_FILE) -> None:
    np.savez_compressed(
        path,
        hashes=bg.hashes.astype(np.uint32),
        df=np.minimum(bg.df, np.iinfo(np.uint16).max).astype(np.uint16),
        meta=np.asarray([bg.documents, bg.min_df], dtype=np.int64),
    )


@cache
def background() -> Background:
    """The shipped background table (loaded once per process; read-only)."""
    if not _DF_FILE.is_file():
        return Background(
            hashes=np.zeros(0, np.uint64), df=np.zeros(0, np.uint32), documents=1, min_df=1
        )
    with np.load(_DF_FILE) as z:
        meta = z["meta"]
        return Background(
            hashes=z["hashes"].astype(np.uint64),
            df=z["df"].astype(np.uint32),
            documents=int(meta[0]),
            min_df=int(meta[1]),
        )


def gram_vector(text: str, bg: Background | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Sorted n-gram hashes of ``text`` and their L2-normalised TF-IDF weights
    (sublinear term frequency; an n-gram missing from the background counts as rarer
    than any it holds)."""
    bg = bg or background()
    grams, counts = np.unique(gram_hashes(text), return_counts=True)
    if not len(grams):
        return grams, np.zeros(0, dtype=np.float32)
    df = np.full(len(grams), bg.min_df / 2.0)
    if len(bg.hashes):
        pos = np.minimum(np.searchsorted(bg.hashes, grams), len(bg.hashes) - 1)
        found = bg.hashes[pos] == grams
        df[found] = bg.df[pos[found]]
    idf = np.log((bg.documents + 1.0) / (df + 1.0)) + 1.0
    w = (1.0 + np.log(counts)) * idf
    w /= float(np.linalg.norm(w)) or 1.0
    return grams, w.astype(np.float32)


def _cosine(grams_a: np.ndarray, w_a: np.ndarray, grams_b: np.ndarray, w_b: np.ndarray) -> float:
    _, ia, ib = np.intersect1d(grams_a, grams_b, assume_unique=True, return_indices=True)
    return float(w_a[ia] @ w_b[ib]) if len(ia) else 0.0


def gram_similarity(a: StoryKeys, b: StoryKeys) -> float:
    """Cosine of two articles' n-gram TF-IDF vectors."""
    return _cosine(a.grams, a.weights, b.grams, b.weights)


def name_gram_similarity(a: StoryKeys, b: StoryKeys) -> float:
    """Cosine of the n-gram TF-IDF vectors of two articles' capitalised words and numbers."""
    return _cosine(a.name_grams, a.name_weights, b.name_grams, b.name_weights)


def gram_similarities(keys: Sequence[StoryKeys], *, names: bool = False) -> np.ndarray:
    """``gram_similarity`` (``name_gram_similarity`` with ``names``) of every two of
    ``keys``, as a symmetric matrix with 0 on the diagonal.

    Each entry is its pair's figure to the bit: the same weights of the same shared
    n-grams, multiplied and summed in the same (ascending hash) order. What changes is how
    the shared n-grams are found: through one table over the story's n-grams, instead of
    sorting each pair's two arrays together (``np.intersect1d``), which at 50 articles
    (1,225 pairs) cost ten times more (issue 12)."""
    grams = [k.name_grams if names else k.grams for k in keys]
    weights = [k.name_weights if names else k.weights for k in keys]
    out = np.zeros((len(keys), len(keys)))
    if not grams:
        return out
    vocab = np.unique(np.concatenate(grams))
    ids = [np.searchsorted(vocab, g) for g in grams]
    where = np.full(len(vocab), -1, dtype=np.intp)  # position in article i, or -1
    for i in range(len(keys)):
        where[ids[i]] = np.arange(len(ids[i]))
        for j in range(i + 1, len(keys)):
            pos = where[ids[j]]
            shared = np.flatnonzero(pos >= 0)  # ascending in j, hence in the hashes
            if len(shared):
                out[i, j] = out[j, i] = float(weights[i][pos[shared]] @ weights[j][shared])
        where[ids[i]] = -1
    return out


def numbers(text: str) -> frozenset[str]:
    """Numbers of two or more digits by value ("2,300" = "2 300" = "2300"), years left
    out: a count shared by two reports is evidence, a year is only a date."""
    out = set()
    for m in _NUMBER.finditer(spaced(text)):
        raw = m.group()
        if re.search(r"\d[,  ]\d{3}", raw):  # thousands separators
            raw = re.sub(r"[,  ]", "", raw)
        raw = raw.replace(",", ".")
        digits = raw.split(".")[0]
        if len(digits) < 2 and "." not in raw:
            continue
        if _YEAR.match(raw):
            continue
        out.add(raw.rstrip("0").rstrip(".") if "." in raw else raw)
    return frozenset(out)


def _month_range(year: int, month: int) -> DateRange | None:
    try:
        first = dt.date(year, month, 1)
    except ValueError:
        return None
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return DateRange(first=first, last=nxt - dt.timedelta(days=1))


def _day(year: int, month: int, day: int) -> DateRange | None:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return DateRange(first=d, last=d)


def mentioned_dates(text: str) -> tuple[DateRange, ...]:
    """Dates the text names with a year: a day or a month (bare years are too loose)."""
    out: list[DateRange] = []
    for m in _DATE.finditer(text):
        g = m.groupdict()
        r: DateRange | None
        if g["iso"]:
            r = _day(int(g["iy"]), int(g["im"]), int(g["id"]))
        elif g["dot"]:
            r = _day(int(g["dy"]), int(g["dm"]), int(g["dd"]))
        elif g["dmy"]:
            r = _day(int(g["y1"]), MONTHS[g["m1"].lower()], int(g["d1"]))
        elif g["mdy"]:
            r = _day(int(g["y2"]), MONTHS[g["m2"].lower()], int(g["d2"]))
        else:
            r = _month_range(int(g["y3"]), MONTHS[g["m3"].lower()])
        if r is not None:
            out.append(r)
    return tuple(dict.fromkeys(out))


def _distance(day: dt.date, r: DateRange) -> int:
    if r.first <= day <= r.last:
        return 0
    return min(abs((day - r.first).days), abs((day - r.last).days))


def headline_day(title: str) -> dt.date | None:
    """The day a headline names with its year, when it names exactly one: a dated report's
    own ("information received as of 27 September 2015"). Only the headline: a lead's date
    is often an earlier event's (session 10 tried the lead, and ECB+ same-story AUC fell)."""
    days = {r.first for r in mentioned_dates(title) if r.first == r.last}
    return days.pop() if len(days) == 1 else None


def days_apart(a: StoryKeys, b: StoryKeys) -> int | None:
    """Days between two articles' publication dates (an undated article's
    ``headline_date`` standing in), unless one of them names a date near the other's (a
    follow-up that says which event it follows); None when either has no date."""
    day_a = a.date or a.headline_date
    day_b = b.date or b.headline_date
    if day_a is None or day_b is None:
        return None
    gap = abs((day_a - day_b).days)
    for day, ranges in ((day_a, b.mentioned), (day_b, a.mentioned)):
        for r in ranges:
            gap = min(gap, _distance(day, r))
    return gap


def story_keys(
    text: str,
    *,
    names: frozenset[str],
    date: dt.date | None,
    bg: Background | None = None,
    headline_date: dt.date | None = None,
) -> StoryKeys:
    """Keys of one article's text (title and body as the caller joins them)."""
    grams, weights = gram_vector(text, bg)
    name_grams, name_weights = gram_vector(" ".join(_CARRIED.findall(spaced(text))), bg)
    return StoryKeys(
        script=letters_script(text),
        grams=grams,
        weights=weights,
        name_grams=name_grams,
        name_weights=name_weights,
        names=names,
        numbers=numbers(text),
        date=date,
        mentioned=mentioned_dates(text),
        headline_date=None if date else headline_date,
    )
