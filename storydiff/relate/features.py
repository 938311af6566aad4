"""Features of an aligned sentence pair, each with the evidence it rests on.

Works on English, Ukrainian and Russian, also across languages: numbers are compared by
value and names by a phonetic key (see ``tokens.py``), and the cue lexicons
(``lexicon.py``) cover all three languages at once, so a wrong language tag costs little.
Word overlap only counts inside one language; across languages the similarity, numbers,
dates and names decide.

Every finding carries :class:`~storydiff.records.Evidence` with offsets into the article
text (``sentence.start`` plus the offset inside the sentence). A finding is *strong* when
it is unambiguous enough for the relater to override its model: a differing number, date
or decision, or a one-sided negation, in sentences that otherwise match (a conflict); the
same claim said with different force or certainty ("did not support" / "blocked",
"reportedly" / stated, "claimed" / "said": a *force* finding, which names the stronger
side); a whole added clause (a partial).

This module holds word overlap (what a version says more), dates and names; numbers are
compared as quantities in ``quantities.py`` (units, bounds, estimates) and cue words
(negation, hedges, decisions, antonyms) in ``cues.py``; ``findings.py`` holds the records
they share. Dates are compared as dates (``dates.py``), resolved against the publication
dates of the pair, and the numbers inside them are left out of the number comparison: "27
years ago" in 2020 and "1993" agree. A name is a name (``tokens.entities``): no titles, no
capitalised adjectives ("Democratic"), no sentence-opening common word, "U.S." whole.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from storydiff.origins import is_own_outlet
from storydiff.records import Sentence
from storydiff.relate import lexicon as lx
from storydiff.relate._base import Pair
from storydiff.relate.acts import compare_acts
from storydiff.relate.cues import compare_cues
from storydiff.relate.dates import (
    DateMention,
    comparable,
    compatible,
    describe,
    find_dates,
    publication_day,
    weekday_name,
)
from storydiff.relate.findings import Finding, Side, SideView, clash, evidence
from storydiff.relate.forms import aliases, forms_said, word_forms
from storydiff.relate.quantities import compare_numbers, plain_years
from storydiff.relate.tokens import (
    BODY_HEADS,
    Token,
    entities,
    join_initials,
    matches,
    numbers,
    title_case_lead,
    title_cased,
    tokenize,
)
from storydiff.text.names import POSSESSIVE
from storydiff.text.scripts import spells_names, unspaced

# Order matters: the classifier's weights in ``data/relater.json`` follow it.
FEATURE_NAMES: tuple[str, ...] = (
    "similarity",
    "similarity_sq",
    "coverage_min",
    "coverage_max",
    "coverage_gap",
    "length_ratio",
    "extra_words_max",
    "extra_words_min",
    "number_one_side",
    "number_conflict",
    "number_shared",
    "date_one_side",
    "date_conflict",
    "entity_extra_max",
    "entity_extra_min",
    "negation_one_side",
    "hearsay_one_side",
    "modal_one_side",
    "attribution_one_side",
    "decision_differs",
    "antonym",
    "lexical_negative_one_side",
    "force_differs",
    "date_agrees",
    "bigram_coverage_min",
    "bigram_coverage_max",
)

# e5 scores translations lower than same-language paraphrases: on six hand-made en/ru/uk
# translation triples the mean cosine was 0.946 (en-ru), 0.930 (en-uk) and 0.962 (ru-uk),
# against 0.971 for three English paraphrases. Cross-language pairs get this much added.
CROSS_SCRIPT_SHIFT = 0.03
SAME_SCRIPT_SHIFT = 0.01
# "The rest of the two sentences matches": share of content words found in the other
# sentence (one language), or the similarity (across languages).
CLOSE_COVERAGE = 0.6
CLOSE_SIMILARITY = 0.95
# A version "says more" (a strong partial finding) when it adds a run of this many content
# words that the other lacks while containing most of the other (CONTAINED share of its
# content words). At 4 words and 0.7 the rule turned 56 MSRP paraphrases of our training
# part into partials for 32 right ones; at 6 and 0.8 it fires on whole added clauses only.
EXTRA_CLAUSE_WORDS = 6
CONTAINED = 0.8


@dataclass(frozen=True, kw_only=True)
class PairFeatures:
    """The numeric features of a pair (in ``FEATURE_NAMES`` order) and what they rest on.

    ``fuller`` is the side that says more (``None`` when neither clearly does);
    ``coverage`` is ``None`` across languages, where word overlap means nothing, and the
    vector holds NaN there (the model fills in its training mean).
    """

    vector: tuple[float, ...]
    findings: tuple[Finding, ...]
    fuller: Side | None
    cross_language: bool
    coverage: tuple[float, float] | None
    # Whether both languages have their counted nouns and periods read
    # (``lexicon.SLOT_LANGUAGES``): where not, no conflict rests on what the words say.
    slots_read: bool = True


# --- the extractor ------------------------------------------------------------------------


def mostly_latin(text: str) -> bool:
    """Whether at least half the letters of ``text`` (``str.isalpha``) are ASCII ones.

    Counted by two scans in C: an ASCII letter is one of [A-Za-z], and only the
    non-ASCII characters (a few curly quotes and dashes in English) are tested one by one.
    """
    latin = len(_ASCII_LETTER.findall(text))
    other = sum(1 for c in _NON_ASCII.findall(text) if c.isalpha())
    return latin * 2 >= latin + other


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True, kw_only=True)
class _Overlap:
    """Word overlap of one language's pair, each way (NaN across languages)."""

    keys_a: frozenset[str]
    keys_b: frozenset[str]
    cov_a: float = math.nan  # share of A's content words that B also has
    cov_b: float = math.nan
    extra_a: float = math.nan  # content words only A has
    extra_b: float = math.nan
    bigram_a: float = math.nan  # share of A's neighbouring-word pairs B also has
    bigram_b: float = math.nan

    @property
    def coverage(self) -> tuple[float, float] | None:
        return None if math.isnan(self.cov_a) else (self.cov_a, self.cov_b)


def _overlap(a: SideView, b: SideView, cross: bool) -> _Overlap:
    ka = frozenset(t.key for t in a.tokens if t.content)
    kb = frozenset(t.key for t in b.tokens if t.content)
    if cross:
        return _Overlap(keys_a=ka, keys_b=kb)
    words: dict[str, float] = {}
    if ka and kb:
        words = {
            "cov_a": len(ka & kb) / len(ka),
            "cov_b": len(ka & kb) / len(kb),
            "extra_a": float(len(ka - kb)),
            "extra_b": float(len(kb - ka)),
        }
    # Word order: shared pairs of neighbouring words (all words, so "did not" counts).
    bi_a, bi_b = _bigrams(a.tokens), _bigrams(b.tokens)
    if bi_a and bi_b:
        words["bigram_a"] = len(bi_a & bi_b) / len(bi_a)
        words["bigram_b"] = len(bi_a & bi_b) / len(bi_b)
    return _Overlap(keys_a=ka, keys_b=kb, **words)


Reader = Callable[[str, str | None], tuple[tuple[Token, ...], tuple[DateMention, ...]]]


def read_sentence(
    text: str, published: str | None
) -> tuple[tuple[Token, ...], tuple[DateMention, ...]]:
    """The words and dates of one side of a pair, which depend on its text and date alone:
    a caller relating many pairs (the versions of a fact, pair by pair) memoises this."""
    dates = find_dates(text, publication_day(published))
    # The words of a date ("years ago", "yesterday") are compared as a date, not as content.
    tokens = tuple(
        replace(t, content=False)
        if t.content and any(d.start <= t.start and t.end <= d.end for d in dates)
        else t
        for t in join_initials(tokenize(text), text)
    )
    return tokens, tuple(dates)


def extract(pair: Pair, *, read: Reader = read_sentence) -> PairFeatures:
    """Features and findings of one pair; see ``FEATURE_NAMES`` for the vector.

    ``read`` reads each side's words and dates: ``read_sentence``, or a memoised one when
    the same sentences come back in many pairs."""
    a = _side(pair.a, "a", pair.date_a, pair.label_a, read, pair.lang_a)
    b = _side(pair.b, "b", pair.date_b, pair.label_b, read, pair.lang_b)
    # A wrong language tag must not make word overlap count across scripts.
    cross_script = mostly_latin(pair.a.text) != mostly_latin(pair.b.text)
    cross = cross_script or pair.lang_a != pair.lang_b
    sim = float(pair.similarity)
    if cross:
        sim += CROSS_SCRIPT_SHIFT if cross_script else SAME_SCRIPT_SHIFT
    ov = _overlap(a, b, cross)
    coverage = ov.coverage
    close = min(coverage) >= CLOSE_COVERAGE if coverage else sim >= CLOSE_SIMILARITY
    len_a, len_b = max(len(pair.a.text), 1), max(len(pair.b.text), 1)
    # The rest of each outlet's version of the fact: words said there are not "only in"
    # the other outlet (reasons only; the features stay those of this pair).
    ctx_a = join_initials(tokenize(pair.context_a), pair.context_a) if pair.context_a else []
    ctx_b = join_initials(tokenize(pair.context_b), pair.context_b) if pair.context_b else []
    findings: list[Finding] = []
    contexts = ((ctx_a, pair.context_a), (ctx_b, pair.context_b))
    fuller = _says_more(a, b, ov, (len_a, len_b), contexts, findings)

    shared_names = _sharedentities(a, b, cross)
    # Dates and numbers the other outlet gives in another sentence of the fact are not
    # "only in" this one either ("1973" in the sentence before "Об этом сообщает ...";
    # reasons only, like the words above).
    elsewhere = (_context(pair, "a", read), _context(pair, "b", read))
    slots_read = pair.lang_a in lx.SLOT_LANGUAGES and pair.lang_b in lx.SLOT_LANGUAGES
    num = compare_numbers(a, b, cross, close, findings, elsewhere, slots_read=slots_read)
    dated = (pair.lang_a in lx.DATE_LANGUAGES, pair.lang_b in lx.DATE_LANGUAGES)
    date = _compare_dates(a, b, close, shared_names, findings, elsewhere, dated)
    nouns = (pair.lang_a in NOUNS_CAPITALISED, pair.lang_b in NOUNS_CAPITALISED)
    articles = (_articles(pair.lang_a), _articles(pair.lang_b))
    spelled = (
        (aliases(forms_said(a.tokens, a.sent.text)), aliases(forms_said(ctx_a, pair.context_a))),
        (aliases(forms_said(b.tokens, b.sent.text)), aliases(forms_said(ctx_b, pair.context_b))),
    )
    ent = _compareentities(
        a, b, cross, findings, ctx_a, ctx_b, nouns=nouns, articles=articles, spelled=spelled
    )
    cues = compare_cues(
        a,
        b,
        close=close,
        shared_names=shared_names,
        findings=findings,
        cross=cross,
        read=(pair.lang_a in lx.NEGATION_LANGUAGES, pair.lang_b in lx.NEGATION_LANGUAGES),
    )
    # (reasons only: the features stay those the model was trained on)
    compare_acts(a, b, close=close, cross=cross, contexts=contexts, findings=findings)
    force = float(any(f.suggests == "force" for f in findings))

    vector = (
        sim,
        sim * sim,
        min(ov.cov_a, ov.cov_b),
        max(ov.cov_a, ov.cov_b),
        abs(ov.cov_a - ov.cov_b),
        abs(math.log(len_a / len_b)),
        math.log1p(max(ov.extra_a, ov.extra_b)),
        math.log1p(min(ov.extra_a, ov.extra_b)),
        *num,
        date[0],
        date[1],
        math.log1p(max(ent)),
        math.log1p(min(ent)),
        cues.negation,
        cues.hearsay,
        cues.hedge,
        cues.attribution,
        cues.decision,
        cues.antonym,
        cues.lexical_negative,
        force,
        date[2],
        min(ov.bigram_a, ov.bigram_b),
        max(ov.bigram_a, ov.bigram_b),
    )
    assert len(vector) == len(FEATURE_NAMES)
    return PairFeatures(
        vector=vector,
        findings=tuple(findings),
        fuller=fuller,
        cross_language=cross,
        coverage=coverage,
        slots_read=slots_read,
    )


def _says_more(
    a: SideView,
    b: SideView,
    ov: _Overlap,
    lengths: tuple[int, int],
    contexts: tuple[tuple[Sequence[Token], str], tuple[Sequence[Token], str]],
    findings: list[Finding],
) -> Side | None:
    """Which side says more (more content of its own, or across languages more text),
    with a finding that shows what it adds; ``None`` when neither clearly does.

    Where both add as much, each side's own run is shown: a reader of a ``partial`` sees
    what each version says that the other does not."""
    len_a, len_b = lengths
    if ov.coverage is None:
        if max(len_a, len_b) / min(len_a, len_b) > 1.3:
            return "a" if len_a > len_b else "b"
        return None
    if ov.extra_a == ov.extra_b:
        for side, other, view in ((a, ov.keys_b, b), (b, ov.keys_a, a)):
            said = _Said(keys=other, forms=forms_said(view.tokens, view.sent.text))
            _extra(side, said, findings, strong=False, figures=_figures(view))
        return None
    fuller: Side = "a" if ov.extra_a > ov.extra_b else "b"
    side, other, view = (a, ov.keys_b, b) if fuller == "a" else (b, ov.keys_a, a)
    # the other outlet's version of the fact elsewhere: what it says there is not "only in"
    rest, rest_text = contexts[1] if fuller == "a" else contexts[0]
    elsewhere = {t.key for t in rest if t.content}
    forms = forms_said(view.tokens, view.sent.text) | forms_said(rest, rest_text)
    said = _Said(keys=other | elsewhere, forms=forms)
    # the other version must be (mostly) inside this one
    contained = (ov.cov_b if fuller == "a" else ov.cov_a) >= CONTAINED
    n = _extra(side, said, findings, strong=contained, figures=_figures(view))
    if not n and elsewhere:
        return None  # what it adds, the other version says in another sentence
    return fuller


@dataclass(frozen=True, kw_only=True)
class _Said:
    """The content words of the other version, as a side's words are looked up in them:
    by 5-letter key (the features' overlap) and in every form (``tokens.forms_said``), so
    that a reason never says "only in A: 'years'" beside "year", "суда" beside "суд",
    "e-mails" beside "emails" or "United States" beside "U.S."."""

    keys: frozenset[str]
    forms: frozenset[str]


def _figures(side: SideView) -> frozenset[float]:
    """The values of the numbers ``side`` gives."""
    return frozenset(n.value for n in numbers(side.sent.text, side.tokens, lang=side.lang))


def _extra(
    side: SideView,
    said: _Said,
    findings: list[Finding],
    *,
    strong: bool,
    figures: frozenset[float] = frozenset(),
) -> int:
    """The longest run of ``side``'s content words the other side lacks, as a partial
    finding (strong for a whole added clause); the run's length in content words.

    ``figures`` are the values of the other side's numbers: a number both give ends a
    run as a shared word does ("only in A: '... House voted 60-48 on a bill ...'" beside
    "It passed in a 60-48 vote" quoted a figure the other version gives)."""
    found = numbers(side.sent.text, side.tokens, lang=side.lang)
    shared = [n.start for n in found if n.value in figures]
    forms = word_forms(side.tokens, side.sent.text)
    n, start, end = _longest_uncovered(side.tokens, forms, said, shared)
    # a script without spaces is one "word" per run of letters: the run found would hold
    # words both versions share ("only in B: '它于 1 月 21 日至 26 日进行，误差幅度为正负'"
    # beside "误差幅度为正负 6.2"), so which words one side adds is not shown there
    if n and not unspaced(side.sent.text):
        findings.append(
            Finding(
                kind="extra",
                suggests="partial",
                reason=f"only in {side.name}: '{side.sent.text[start:end]}'",
                evidence=(evidence("extra", side, start, end),),
                strong=strong and n >= EXTRA_CLAUSE_WORDS,
            )
        )
    return n


def _context(pair: Pair, key: Side, read: Reader) -> SideView | None:
    """The rest of one outlet's version of the fact, read as a side of its own (``None``
    when the version is this one sentence): only checked against, never quoted."""
    text = pair.context_a if key == "a" else pair.context_b
    if not text:
        return None
    sent = pair.a if key == "a" else pair.b
    rest = Sentence(article_id=sent.article_id, index=-1, start=0, end=len(text), text=text)
    published = pair.date_a if key == "a" else pair.date_b
    return _side(rest, key, published, "", read, pair.lang_a if key == "a" else pair.lang_b)


def _bigrams(tokens: Sequence[Token]) -> set[tuple[str, str]]:
    return {(x.key, y.key) for x, y in pairwise(tokens)}


def _side(
    sent: Sentence, key: Side, published: str | None, name: str, read: Reader, lang: str | None
) -> SideView:
    tokens, dates = read(sent.text, published)
    return SideView(
        sent=sent, name=name, tokens=list(tokens), dates=list(dates), key=key, lang=lang
    )


def _longest_uncovered(
    tokens: Sequence[Token],
    forms: Sequence[frozenset[str]],
    said: _Said,
    breaks: Sequence[int] = (),
) -> tuple[int, int, int]:
    """The run with most content words absent from the other side (``said``, in any of
    their ``forms``): (count, start, end). A run never spans an offset in ``breaks``
    (where a number both sides give stands).

    A name is one unit ("US President Joe Biden"): when the other side has any word of
    it, the whole name counts as covered, so that a run never ends inside a name the
    other side also uses ("... with US President Joe" only in A, beside "Biden")."""
    covered = {
        i
        for i, tok in enumerate(tokens)
        if tok.key in said.keys or (tok.content and not forms[i].isdisjoint(said.forms))
    }
    for name in _name_runs(tokens):
        if covered & set(name):
            covered.update(name)
    best = (0, 0, 0)
    run: list[int] = []
    best_run: list[int] = []
    for i, tok in enumerate(tokens):
        if not tok.content:
            continue  # function words neither start nor break a run
        if i in covered:
            run = []
            continue
        if run and any(tokens[run[-1]].end <= at < tok.start for at in breaks):
            run = []
        run = [*run, i]
        if len(run) > best[0]:
            best, best_run = (len(run), tokens[run[0]].start, tok.end), run
    return best[0], best[1], _cut_before_head(tokens, best_run, covered) or best[2]


# Endings of adjectives, which stand before the noun they qualify in English, Ukrainian
# and Russian ("the American president", "criticism from liberal Democrats", "головний
# тренер"): lower-case or capitalised, as English writes adjectives of place.
_ADJECTIVE = re.compile(
    r"(?:ian|ican|ean|ese|ish|ic|al|ive|ous|ful|less|able|ible|ern"
    r"|ий|ій|ый|ой|ая|яя|ого|его|ому|ему|ых|их|ими|ыми|ую|юю|ої|ього)$"
)


def _cut_before_head(tokens: Sequence[Token], run: Sequence[int], covered: set[int]) -> int:
    """Where a run of words only one side has should end, when its last words qualify a
    noun the other side also has: before them, so that "only in A: 'Interlocutors of
    journalists say that the American'" reads "... journalists say" (the president is in
    both). 0 when the run ends as it is (or would be left with nothing)."""
    end = len(run)
    while end > 1:
        last = tokens[run[end - 1]]
        nxt = run[end - 1] + 1
        head = nxt < len(tokens) and nxt in covered and tokens[nxt].content
        if not (head and tokens[nxt].start - last.end == 1 and _ADJECTIVE.search(last.lower)):
            break
        end -= 1
    return tokens[run[end - 1]].end if end < len(run) else 0


def _name_runs(tokens: Sequence[Token]) -> list[list[int]]:
    """Indices of the runs of capitalised words next to each other (one space apart):
    the words of one name or title."""
    runs: list[list[int]] = []
    for i, tok in enumerate(tokens):
        if not tok.text[:1].isupper():
            continue
        prev = tokens[i - 1] if i else None
        # one space apart, or two after an initial or a saint's "St." ("Donald J. Trump",
        # "St. Louis Police Department")
        gap = 2 if prev is not None and (len(prev.text) == 1 or prev.lower == "st") else 1
        if runs and prev is not None and runs[-1][-1] == i - 1 and tok.start - prev.end <= gap:
            runs[-1].append(i)
        elif runs and runs[-1][-1] == i - 2 and _of_body(tokens, i):
            runs[-1].append(i)  # "Department of Justice": one name
        else:
            runs.append([i])
    return [r for r in runs if len(r) > 1]


def _of_body(tokens: Sequence[Token], i: int) -> bool:
    """Whether token ``i`` follows a body's capitalised head and "of", one space apart
    ("Department of Justice")."""
    if i < 2 or tokens[i - 1].lower != "of":
        return False
    head, of, tok = tokens[i - 2], tokens[i - 1], tokens[i]
    return (
        head.lower in BODY_HEADS
        and head.text[:1].isupper()
        and of.start - head.end == 1
        and tok.start - of.end == 1
    )


def _compare_dates(
    a: SideView,
    b: SideView,
    close: bool,
    shared: bool,
    findings: list[Finding],
    elsewhere: tuple[SideView | None, SideView | None] = (None, None),
    dated: tuple[bool, bool] = (True, True),
) -> tuple[float, float, float]:
    """Dates of both sides, compared as dates: (one side only, conflict, agree).
    ``dated`` says whether each side's language has its date words read: a date is not
    "only in" one side beside a side whose month and weekday names are not read ("date
    only in 2-en.txt: Tuesday" beside "el martes").

    A conflict needs two mentions that pin down a common part (both a year, both a month,
    a weekday and a full date, ...) and cannot name the same day, while neither fits any
    mention of the other side (see :func:`_date_clash`).
    """
    da = [d for d in a.dates if d.checkable]
    db = [d for d in b.dates if d.checkable]
    fits_a = [any(_fits(x, y) for y in db) for x in da]
    fits_b = [any(_fits(y, x) for x in da) for y in db]
    agree = float(any(fits_a))
    # A year the other side gives as a plain figure ("in 2010" / "the 2010 elections") is
    # no date only one side gives (see ``compare_numbers``).
    years_a, years_b = plain_years(a), plain_years(b)
    lone_a = [x for x, f in zip(da, fits_a, strict=True) if not f and not _a_year_in(x, years_b)]
    lone_b = [y for y, f in zip(db, fits_b, strict=True) if not f and not _a_year_in(y, years_a)]
    clash = _date_clash(a, b, lone_a, lone_b, close=close, shared=shared)
    if clash is not None:
        findings.append(clash)
        return 0.0, 1.0, agree
    # Unresolved relative dates ("27 years ago" in an undated article) might name what
    # the other side dates: nothing is "only in" one side then.
    # "Only in" means the other side names no date at all: "Friday" against "29 March"
    # (no year, no publication date) is no date only one side gives.
    if any(not d.checkable for d in (*a.dates, *b.dates)):
        return 0.0, 0.0, agree
    sides = ((a, lone_a, db, elsewhere[1], dated[1]), (b, lone_b, da, elsewhere[0], dated[0]))
    for side, alone, other, rest, other_read in sides:
        if alone and not other and other_read:
            findings += _date_only_in(side, alone, rest)
            return 1.0, 0.0, agree  # the feature stays this pair's
    return 0.0, 0.0, agree


def _a_year_in(d: DateMention, years: set[int]) -> bool:
    """Whether ``d`` is a bare year among the plain figures ``years``."""
    return d.years is not None and d.years[0] == d.years[1] and d.years[0] in years and not d.month


def _date_only_in(
    side: SideView, alone: Sequence[DateMention], rest: SideView | None
) -> list[Finding]:
    """ "date only in" ``side`` for the dates ``alone``, less those the other outlet gives
    in the ``rest`` of its version of the fact."""
    shown = [x for x in alone if not (rest and any(_fits(x, y) for y in rest.dates))]
    if not shown:
        return []
    return [
        Finding(
            kind="date",
            suggests="partial",
            reason=f"date only in {side.name}: {', '.join(dict.fromkeys(map(describe, shown)))}",
            evidence=tuple(evidence("date", side, m.start, m.end) for m in shown),
        )
    ]


def _fits(x: DateMention, y: DateMention) -> bool:
    """Whether ``y`` names ``x``'s day: they pin down a common part and agree on it."""
    return comparable(x, y) and compatible(x, y)


def _date_clash(
    a: SideView,
    b: SideView,
    lone_a: Sequence[DateMention],
    lone_b: Sequence[DateMention],
    *,
    close: bool,
    shared: bool,
) -> Finding | None:
    """The most precise clash between dates that fit nothing on the other side: full
    dates, then a weekday against a date, then years. It is strong (a rule) when two full
    dates differ, or a weekday does not fall on the other side's date, in sentences about
    the same thing (``close`` or sharing a name); two explicit years only when the rest
    matches."""
    clashes = [
        (x, y)
        for x in lone_a
        for y in lone_b
        if comparable(x, y) and not compatible(x, y) and _one_event(a, x, b, y)
    ]
    if not clashes:
        return None
    x, y = max(clashes, key=lambda c: _precision(c[0]) + _precision(c[1]))
    precise = _precision(x) + _precision(y) >= 5 or bool(x.day and y.day)
    explicit = _same_kind(x, y) and not (x.relative or y.relative)
    return clash(
        "date",
        _date_reason(x, y),
        a,
        (x.start, x.end),
        b,
        (y.start, y.end),
        strong=((close or shared) and precise) or (close and explicit),
    )


# Words after a date that belong to the time, not to a thing the date names.
_TIME_OF_DAY = frozenset("morning afternoon evening night noon midnight time".split())


# What a date dates when it dates the telling ("reported on May 23"), not what is told.
_TELLING = "<telling>"


def _dated_noun(side: SideView, m: DateMention) -> str | None:
    """What a date dates when it is not the event the sentence tells: the noun it stands
    before ("the June 19 election", "his Dec. 27 debate", "the Sept. 11, 2012, attack"),
    as its match key, or the telling when a verb of telling carries it ("The Shelton
    Weekly reported on May 23, 2008, that ...", "сообщил 23 мая"); else None."""
    if _told_on(side, m):
        return _TELLING
    nxt = next((t for t in side.tokens if t.start >= m.end), None)
    if nxt is None or not nxt.content or not nxt.text[:1].islower():
        return None
    gap = side.sent.text[m.end : nxt.start]
    # "the Sept. 11, 2012, attack": a full date set off by commas inside a noun phrase
    enclosed = gap == ", " and m.exact is not None and _after_determiner(side, m)
    if len(gap) > 1 and not enclosed:
        return None
    return None if nxt.lower in _TIME_OF_DAY else nxt.key


def _before(side: SideView, m: DateMention, n: int) -> list[Token]:
    return [t for t in side.tokens if t.end <= m.start][-n:]


def _after_determiner(side: SideView, m: DateMention) -> bool:
    before = _before(side, m, 1)
    return bool(before) and before[0].lower in lx.DETERMINERS


def _told_on(side: SideView, m: DateMention) -> bool:
    """Whether a verb of telling stands right before the date, a preposition between."""
    words = [t.lower for t in _before(side, m, 2)]
    if words and words[-1] in lx.TELLING_LINKS:
        words = words[:-1]
    return bool(words) and words[-1] in lx.TELLING_VERBS


def _one_event(a: SideView, x: DateMention, b: SideView, y: DateMention) -> bool:
    """Whether two dates can date one event: not when one dates a thing the other does not
    ("the June 19 election" against "pleaded Friday": two events, two dates)."""
    na, nb = _dated_noun(a, x), _dated_noun(b, y)
    return na == nb


def _same_kind(x: DateMention, y: DateMention) -> bool:
    """Two explicit years, or two weekdays: one slot, named two ways."""
    return bool(x.years and y.years) or bool(x.weekday and y.weekday)


def _precision(m: DateMention) -> int:
    """How much a mention pins down: 3 for a calendar day, 2 for a day or month without
    the year or a weekday, 1 for a year."""
    if m.exact is not None:
        return 3
    return 2 if (m.day or m.month or m.weekday) else 1


def _date_reason(x: DateMention, y: DateMention) -> str:
    for u, v, first in ((x, y, True), (y, x, False)):
        day = v.exact
        if u.weekday and not u.day and day is not None:
            pair = f"'{u.text}' vs '{v.text}'" if first else f"'{v.text}' vs '{u.text}'"
            return f"weekday does not fit the date: {pair} ({v.text} is a {weekday_name(day)})"
    kind = "weekday" if x.weekday and y.weekday and not (x.day or y.day) else "date"
    return f"{kind} differs: {describe(x)} vs {describe(y)}"


def _sharedentities(a: SideView, b: SideView, cross: bool) -> bool:
    return any(matches(e, b.tokens, cross) for e in entities(a.tokens, opening=True))


# Languages that capitalise every noun: there a capital letter shows no name.
NOUNS_CAPITALISED = frozenset({"de", "lb"})


def _articles(lang: str | None) -> frozenset[str]:
    return lx.OPENING_ARTICLES.get(lang or "", frozenset())


def _names(
    side: SideView, cross: bool, *, nouns: bool = False, articles: frozenset[str] = frozenset()
) -> list[Token]:
    """Names of one side. Across languages a capitalised first word ("Heavy rain ...")
    cannot be told from a name by looking for it in the other sentence, so it is left out
    rather than reported as a name only one outlet gives; in a Title Case headline, and in
    a language that capitalises its ``nouns`` ("die Sonde", "ein letztes Mal"), only
    acronyms and words with a capital inside ("BepiColombo") are told apart."""
    found = entities(side.tokens, text=side.sent.text, articles=articles)
    if cross and side.tokens:
        found = [e for e in found if e is not side.tokens[0]]
    if nouns:
        found = [e for e in found if any(c.isupper() for c in e.text[1:])]
    if title_cased(side.tokens):
        # a Title Case headline capitalises "Sends" and "Gains" too: only an acronym ("GOP")
        # shows itself a name there
        found = [e for e in found if e.text.isupper() and len(e.text) > 1]
    elif lead := title_case_lead(side.tokens, side.sent.text):
        # the same for a headline that runs into the text with no line break
        heading = {id(t) for t in side.tokens[:lead]}
        found = [e for e in found if id(e) not in heading or (e.text.isupper() and len(e.text) > 1)]
    return found


def _not_abbreviated(side: SideView, names: list[Token], spelled: frozenset[str]) -> list[Token]:
    """``names`` but those whose acronym, spelled-out name or other name of the place, the
    other version writes (``spelled``: the acronyms and places it says, ``forms.aliases``):
    "UK" beside "United Kingdom", "Britain" beside "British", "Kremlin" beside "Russia"."""
    if not spelled:
        return names
    forms = word_forms(side.tokens, side.sent.text)
    by_start = {t.start: f for t, f in zip(side.tokens, forms, strict=True)}
    return [e for e in names if by_start.get(e.start, frozenset()).isdisjoint(spelled)]


def _compareentities(
    a: SideView,
    b: SideView,
    cross: bool,
    findings: list[Finding],
    ctx_a: Sequence[Token] = (),
    ctx_b: Sequence[Token] = (),
    *,
    nouns: tuple[bool, bool] = (False, False),
    articles: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
    spelled: tuple[tuple[frozenset[str], frozenset[str]], ...] = ((frozenset(), frozenset()),) * 2,
) -> tuple[float, float]:
    """Names only one side gives, as findings; the counts of each side's are features.

    ``spelled`` holds, per side, the acronyms and places (``forms.aliases``) its sentence
    says and those the rest of its version of the fact says: a name the other side
    abbreviates, spells out or names another way ("Britain" / "United Kingdom") is no
    name of one side, and one it does so in another sentence is not
    shown as "only in" (the counts, which the relater was fitted on, look at the pair
    alone)."""
    # A name of one side counts as found when any word of the other side matches it: the
    # other outlet may write it lower-case, inflected or in another script.
    # a name cannot be looked for in a script names are not matched in (Chinese, Arabic):
    # the other side's names are then not "only in" their side, whatever it writes
    names_a = (
        _names(a, cross, nouns=nouns[0], articles=articles[0]) if spells_names(b.sent.text) else []
    )
    names_b = (
        _names(b, cross, nouns=nouns[1], articles=articles[1]) if spells_names(a.sent.text) else []
    )
    # a name the other version writes as its acronym, or spells out, is the same name
    # ("United States" / "U.S.", "Trans-Pacific Partnership" / "TPP")
    names_a = _not_abbreviated(a, names_a, spelled[1][0])
    names_b = _not_abbreviated(b, names_b, spelled[0][0])
    only_a = _not_own_outlet(
        a,
        _outside_shared_names(
            a, [e for e in names_a if not matches(e, b.tokens, cross)], b.tokens, cross
        ),
    )
    only_b = _not_own_outlet(
        b,
        _outside_shared_names(
            b, [e for e in names_b if not matches(e, a.tokens, cross)], a.tokens, cross
        ),
    )
    # a name the other outlet uses in another sentence of the fact is not "only in", nor
    # is a word of it ("Donald" of "President Donald Trump" beside "Mr. Trump" there)
    shown_a = _outside_surnames(
        a, [e for e in only_a if not matches(e, ctx_b, cross)], ctx_b, cross
    )
    shown_b = _outside_surnames(
        b, [e for e in only_b if not matches(e, ctx_a, cross)], ctx_a, cross
    )
    shown_a = _not_abbreviated(a, shown_a, spelled[1][1])
    shown_b = _not_abbreviated(b, shown_b, spelled[0][1])
    for side, ents in ((a, shown_a), (b, shown_b)):
        if ents:
            text = side.sent.text
            spans = _name_spans(side, ents)
            runs = _lists_whole(text, spans)
            # one name written twice is one name: "Poland, Poland" reads as two; three
            # names are shown, a list among them as written
            first = _first_names(text, spans, 3)
            shown = ", ".join(dict.fromkeys(text[s:e] for s, e in _lists_whole(text, first)))
            findings.append(
                Finding(
                    kind="entity",
                    # across languages, names are matched by sound and spelling, and a
                    # capitalised noun ("Ritter" in German) cannot be told from a name:
                    # two sides' own names there suggest one version says more, no clash
                    suggests="conflict" if shown_a and shown_b and not cross else "partial",
                    reason=f"name only in {side.name}: {shown}",
                    evidence=tuple(evidence("entity", side, s, e) for s, e in runs),
                )
            )
    return float(len({e.key for e in only_a})), float(len({e.key for e in only_b}))


def _not_own_outlet(side: SideView, names: list[Token]) -> list[Token]:
    """``names`` less the outlet's own name ("told Fox News" in Fox News): the other outlets
    cannot give it, and leaving it out is not leaving out a fact."""
    index = {t.start: i for i, t in enumerate(names)}
    own: set[int] = set()
    for start, end in _name_spans(side, names):
        if is_own_outlet(side.sent.text[start:end], side.name):
            own.update(i for s, i in index.items() if start <= s < end)
    return [e for i, e in enumerate(names) if i not in own]


def _outside_shared_names(
    side: SideView, names: list[Token], other: Sequence[Token], cross: bool
) -> list[Token]:
    """``names`` less the words of a longer name the other side also gives by another of
    its words: "Donald" of "Donald Trump" beside "Trump", "J" of "Donald J. Trump", "Robert"
    of "Robert Bauer" beside "Bob Bauer" are the same person named more fully."""
    if not names or title_cased(side.tokens):
        return names  # in a Title Case headline every word runs into the next
    tokens = side.tokens
    named = {t.start for t in entities(tokens, opening=True, text=side.sent.text)}
    shared = {
        i
        for run in _name_runs(tokens)
        if any(tokens[j].start in named and matches(tokens[j], other, cross) for j in run)
        for i in run
    }
    return [e for e in names if not any(tokens[i] is e for i in shared)]


def _outside_surnames(
    side: SideView, names: list[Token], elsewhere: Sequence[Token], cross: bool
) -> list[Token]:
    """``names`` less the first words of a name whose last word the other version writes,
    capitalised, in another sentence of the fact ("Donald" of "President Donald Trump"
    beside "Mr. Trump" there). Stricter than :func:`_outside_shared_names`, as the rest of
    a version holds more words to match by chance: "Tea Party" is not "our party", "Medicare
    Advantage" not "Medicare", and a possessive ends a name ("India's INS Mysore")."""
    capitalised = [t for t in elsewhere if t.text[:1].isupper()]
    if not names or not capitalised or title_cased(side.tokens):
        return names
    tokens = side.tokens
    dropped: set[int] = set()
    for run in _name_runs(tokens):
        if not matches(tokens[run[-1]], capitalised, cross):
            continue
        owned = [j for j in run[:-1] if POSSESSIVE.search(tokens[j].text)]
        dropped.update(j for j in run if not owned or j > owned[-1])
    return [e for e in names if not any(tokens[i] is e for i in dropped)]


def _first_names(text: str, spans: Sequence[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """The first ``n`` spans of ``spans`` that write different names: a surname after the
    full name is that name again ("President Vladimir V. Putin ... Mr. Putin" shows
    "Vladimir V. Putin" once, not "Vladimir V. Putin, Putin")."""
    out: dict[str, tuple[int, int]] = {}
    for s, e in spans:
        if len(out) == n:
            break
        name = text[s:e]
        if not any(full.endswith(" " + name) for full in out):
            out.setdefault(name, (s, e))
    return list(out.values())


# Between the names of a list written as one phrase: a comma, or a conjunction ("Poland,
# Hungary and Slovakia"; "Alberta Gaming, Liquor and Cannabis", one body's name).
_LIST_GAP = re.compile(r", |,? (?:and|&|и|й|і|та) ")
_LIST_END = re.compile(r",? (?:and|&|и|й|і|та) ")


def _lists_whole(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` of names with each list of three or more that ends in a conjunction ("X,
    Y and Z") joined into one span, as the text writes it. Shown apart, "Alberta Gaming,
    Liquor, Cannabis" reads as three names where the text names one body ("Alberta Gaming,
    Liquor and Cannabis"), and a real list ("Poland, Hungary and Slovakia") reads the same
    whole. Names separated by commas alone ("Kyiv, Ukraine") or by a conjunction alone
    ("Yahoo and AOL") stay apart: shown apart, they read as what they are."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        j = i  # the last span of the list that starts at i, at its last conjunction
        for k in range(i + 1, len(spans)):
            gap = text[spans[k - 1][1] : spans[k][0]]
            if not _LIST_GAP.fullmatch(gap):
                break
            if _LIST_END.fullmatch(gap) and k > i + 1:
                j = k
        out.append((spans[i][0], spans[j][1]))
        i = j + 1
    return out


def _name_spans(side: SideView, names: Sequence[Token]) -> list[tuple[int, int]]:
    """The spans of ``names``, the words of one name joined ("National Weather Service",
    not "National, Weather, Service"): neighbouring words one space apart, or after an
    initial and its dot ("Vladimir V. Putin", not "Vladimir V, Putin")."""
    text = side.sent.text
    spans: list[tuple[int, int]] = []
    index = {t.start: i for i, t in enumerate(side.tokens)}
    last = -2
    for tok in names:
        i = index.get(tok.start, -2)
        # the next word, or the one after "of" ("Department of Justice")
        if spans and i - last in (1, 2) and _one_name_gap(text, spans[-1], tok.start):
            spans[-1] = (spans[-1][0], tok.end)
        else:
            spans.append((tok.start, tok.end))
        last = i
    # a possessive is not part of the name: "Kiev’s forces" names Kiev
    return [
        (s, e - len(m.group())) if (m := POSSESSIVE.search(text, s, e)) else (s, e)
        for s, e in spans
    ]


def _one_name_gap(text: str, span: tuple[int, int], start: int) -> bool:
    """Whether the word at ``start`` goes on the name ``span`` ends: one space or none
    between, the dot and space after an initial or a saint's "St." ("V. Putin", "D.
    Ryan", "St. Louis"), or "of" after a body's head ("Department of Justice")."""
    gap = text[span[1] : start]
    if len(gap) <= 1:
        return True
    if gap == " of ":  # "Department of Justice", "Ministry of Defence"
        return text[span[0] : span[1]].rsplit(" ", 1)[-1].lower() in BODY_HEADS
    initial = text[span[1] - 1 : span[1]]
    before = text[span[1] - 2 : span[1] - 1]
    saint = text[span[1] - 2 : span[1]] == "St" and not text[span[1] - 3 : span[1] - 2].isalpha()
    return gap == ". " and (saint or (initial.isupper() and not before.isalpha()))
