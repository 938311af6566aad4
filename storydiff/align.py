"""Alignment: group the sentences of 2..k articles that state the same thing into facts.

Cost control: each sentence is compared to all others with one matrix product per
article pair (cheap numpy, no model), and only its ``neighbours`` best matches in each
other article become candidates for scoring. Nothing downstream sees k²n² pairs.

Scoring a candidate uses what the embedding alone gets wrong on news: every sentence of a
story is "about" the same topic, so raw cosine is high everywhere. The score combines
  * the cosine (for a short sentence also with its preceding sentence as context, since
    "Biden did not support the idea." only means something after its antecedent),
  * how far the cosine stands above this article pair's typical cosine (a z-score),
  * shared content words and names when both sentences use the same script,
  * whether the two are each other's best match.
Two long units of one language that share nothing but the story's own words and words
of time are no fact, however close; headlines join a fact after grouping, only when the
scorer links them to its versions in the other outlets; and two tolls of one story
("killed 13 US troops", "Ninety people have been killed") are one fact however far apart
their sentences are, so that the figures stand side by side.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from storydiff.blas import one_thread
from storydiff.records import Segmented, Unit
from storydiff.relate.lexicon import MONTHS, WEEKDAYS
from storydiff.relate.tokens import numbers, tokenize
from storydiff.text.names import first_sound, sound_key
from storydiff.text.scripts import script_of
from storydiff.text.words import LETTERS, WORD_OR_NUMBER

_STOP = frozenset(
    """a an the of to in on at for and or but with by from as is are was were be been has have
    had it its this that these those he she they his her their which who whom what when where
    than then there here also not no so such into over about after before more most some any
    will would could should may might can said says say told according reportedly
    і й та в у на з із до від що як це не але про для за по его її їх він вона вони
    и в во на с со к от что как это не но о об для за по он она они его ее их был
    была были""".split()
)
# Fewer words than this is a fragment (a byline, a counter), not a statement.
MIN_WORDS = 3
# Words of a dateline or timestamp ("Updated 4/9/2007 6:04 PM", "on April 30, 2008 at
# 4:31 AM"): a line made of them and numbers says when a page changed, not what happened,
# and two such lines differ without the outlets disagreeing about anything.
_DATELINE_WORDS = (
    frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | frozenset(
        """am pm a.m p.m gmt utc est edt cet updated update posted published modified last
        on at by of in оновлено оновлено опубліковано обновлено опубликовано о об""".split()
    )
)
# A short sentence leans on its predecessor for meaning ("He refused.").
SHORT_WORDS = 9


def states_something(text: str) -> bool:
    """Whether a unit can state a fact: at least ``MIN_WORDS`` words and numbers, two of
    them words that are not a dateline's (a byline, a counter or a timestamp is not a
    statement to align)."""
    if len(WORD_OR_NUMBER.findall(text)) < MIN_WORDS:
        return False
    words = [w for w in LETTERS.findall(text.lower()) if w not in _DATELINE_WORDS]
    return len(words) >= 2


@dataclass(frozen=True, kw_only=True)
class Link:
    """A scored candidate pair: sentence ``i`` of article ``a``, ``j`` of article ``b``."""

    a: int
    i: int
    b: int
    j: int
    score: float
    cosine: float


@dataclass(frozen=True, kw_only=True)
class Alignment:
    """Facts as groups of ``(article position, sentence index)`` plus the links used.

    ``units`` are the units aligned per article; ``unit_groups`` the same facts as
    ``(article position, unit index)``, and ``links`` and ``related`` index units too
    (``Link.i`` / ``Link.j``). With one unit per sentence both views coincide.
    """

    groups: tuple[tuple[tuple[int, int], ...], ...]
    links: tuple[Link, ...]
    units: tuple[tuple[Unit, ...], ...] = ()
    unit_groups: tuple[tuple[tuple[int, int], ...], ...] = ()
    related: tuple[Link, ...] = ()


@lru_cache(maxsize=1 << 14)  # pure and called per pair of units: memoised
def content_tokens(text: str) -> frozenset[str]:
    """Lower-cased content words cut to a 5-letter stem, which merges most inflections
    of English, Ukrainian and Russian words without a lemmatiser."""
    return frozenset(
        w.lower()[:5] for w in WORD_OR_NUMBER.findall(text) if w.lower() not in _STOP and len(w) > 1
    )


def context_texts(seg: Segmented) -> list[str]:
    """Each short sentence prefixed by its predecessor; long ones as they are."""
    out = []
    sents = seg.sentences
    for k, s in enumerate(sents):
        if k > 0 and len(s.text.split()) < SHORT_WORDS and not s.is_title:
            out.append(f"{sents[k - 1].text} {s.text}")
        else:
            out.append(s.text)
    return out


FEATURES = ("centered_cosine", "cosine", "overlap", "mutual")


@dataclass(frozen=True, kw_only=True)
class Weights:
    """A logistic scorer over ``FEATURES``; fitted by ``python -m storydiff.evaluate.fit``."""

    bias: float
    coef: tuple[float, ...]
    # Stand-in for word overlap when the two sentences are in different scripts.
    cross_script_overlap: float = 0.15


# Fitted on ECB+ (val) event-coreference sentence pairs; see docs/benchmarks.md.
WEIGHTS = Weights(bias=-4.0, coef=(14.0, 0.0, 3.0, 0.8))


def candidate_features(
    sim: np.ndarray,
    centered: np.ndarray,
    candidates: Sequence[tuple[int, int]],
    tokens_a: Sequence[frozenset[str]],
    tokens_b: Sequence[frozenset[str]],
    same_script: bool,
    weights: Weights = WEIGHTS,
) -> np.ndarray:
    """One row of ``FEATURES`` per candidate pair of sentences of two articles.

    ``sim`` is the plain cosine; ``centered`` the cosine after removing the story's mean
    sentence vector (and taking short sentences with their context into account).
    """
    rows = np.zeros((len(candidates), len(FEATURES)), dtype=np.float64)
    if not candidates:
        return rows
    # One gather per column rather than a Python loop over thousands of pairs.
    ii, jj = np.asarray(candidates, dtype=np.intp).T
    rows[:, 0] = centered[ii, jj]
    rows[:, 1] = sim[ii, jj]
    if same_script:
        rows[:, 2] = [_jaccard(tokens_a[i], tokens_b[j]) for i, j in candidates]
    else:
        rows[:, 2] = weights.cross_script_overlap
    mutual = (centered.argmax(axis=1)[ii] == jj) & (centered.argmax(axis=0)[jj] == ii)
    rows[:, 3] = mutual
    return rows


def center(
    vectors: Sequence[np.ndarray], langs: Sequence[str] | None = None
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Remove the mean sentence vector of each language in the set and re-normalise.

    Every sentence of a story shares its topic, which makes plain cosines high across the
    board; what is left after centering is what a sentence says beyond the topic. A
    multilingual encoder also places each language a little apart, so the mean is taken
    per language: a German and an English sentence of the same fact then meet on the same
    scale as two English ones. Returns the centered vectors and the mean removed from each.
    """
    langs = list(langs) if langs is not None else ["und"] * len(vectors)
    means: dict[str, np.ndarray] = {}
    for lang in set(langs):
        rows = [v for v, lg in zip(vectors, langs, strict=True) if lg == lang and len(v)]
        if rows:
            means[lang] = np.vstack(rows).mean(axis=0)
    out, removed = [], []
    for v, lang in zip(vectors, langs, strict=True):
        mean = means.get(lang)
        if mean is None or not len(v):
            out.append(v)
            removed.append(np.zeros(v.shape[1] if v.ndim == 2 else 0, dtype=np.float32))
            continue
        out.append(unit_rows(v - mean))
        removed.append(mean)
    return out, removed


def unit_rows(rows: np.ndarray) -> np.ndarray:
    """``rows`` scaled to unit length (float32), so that dot products are cosines."""
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit: np.ndarray = (rows / np.maximum(norms, 1e-6)).astype(np.float32)
    return unit


def pair_similarities(
    emb_a: np.ndarray,
    emb_b: np.ndarray,
    cen_a: np.ndarray,
    cen_b: np.ndarray,
    ctx_a: np.ndarray,
    ctx_b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Plain cosine, and centered cosine where a short sentence may use its context."""
    sim = emb_a @ emb_b.T
    centered = np.maximum(cen_a @ cen_b.T, np.maximum(ctx_a @ cen_b.T, cen_a @ ctx_b.T) - 0.02)
    return sim, centered


def score_rows(rows: np.ndarray, weights: Weights = WEIGHTS) -> np.ndarray:
    """Alignment probability for feature rows."""
    logit = weights.bias + rows @ np.asarray(weights.coef)
    return np.asarray(1.0 / (1.0 + np.exp(-logit)))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)  # the size of the union, without building it


# A related link needs this probability of stating the same thing (below the fact
# threshold): close in subject, but not the same claim.
RELATED_THRESHOLD = 0.1
# Names (capitalised words past a unit's first word) shared by two related units, or
# content words when they share no name: the "same actors and subject" test.
RELATED_NAMES = 1
RELATED_WORDS = 2
# A name in more than this share of the story's units is the story's, not an actor's.
RELATED_NAME_SHARE = 0.2
_CAPITAL = re.compile(r"\b[A-ZА-ЯЄІЇҐЁ][\w'’-]+(?:[ \t]+[A-ZА-ЯЄІЇҐЁ][\w'’-]+)*", re.UNICODE)
_AFTER_STOP = re.compile(r"[.!?:;\"“«]\s*$")


@one_thread()  # many small products: one BLAS thread (storydiff.blas)
def align(
    segmented: Sequence[Segmented],
    embeddings: Sequence[np.ndarray],
    context_embeddings: Sequence[np.ndarray],
    *,
    units: Sequence[Sequence[Unit]] | None = None,
    unit_embeddings: Sequence[np.ndarray] | None = None,
    unit_contexts: Sequence[np.ndarray] | None = None,
    threshold: float = 0.5,
    related_threshold: float = RELATED_THRESHOLD,
    neighbours: int = 5,
    max_per_article: int = 3,
    weights: Weights = WEIGHTS,
) -> Alignment:
    """Group the units of several articles into facts, and find related units.

    ``units`` are the claims of each article's sentences (``storydiff.units``), with
    their vectors and context vectors; without them every sentence is one unit.
    Candidates are each unit's ``neighbours`` nearest units in every other article;
    those scoring at least ``threshold`` are linked, strongest first, into groups holding
    at most ``max_per_article`` units of any one article (a fact may be told in one
    sentence by one outlet and in two by another). Candidates scoring at least
    ``related_threshold`` that touch a unit left out of every fact become ``related``
    links (see ``_related``).
    """
    if units is None or unit_embeddings is None or unit_contexts is None:
        units = [_whole_units(seg) for seg in segmented]
        unit_embeddings, unit_contexts = embeddings, context_embeddings
    units = tuple(tuple(u) for u in units)
    titles = [
        {u.sentence_index for u in us if seg.sentences[u.sentence_index].is_title}
        for seg, us in zip(segmented, units, strict=True)
    ]
    story = _story(segmented, units, titles, unit_embeddings, unit_contexts)
    links: list[Link] = []
    weak: list[Link] = []
    for a in range(len(segmented)):
        for b in range(a + 1, len(segmented)):
            if not len(unit_embeddings[a]) or not len(unit_embeddings[b]):
                continue
            strong, rest = _pair_links(
                story, a, b, threshold=threshold, neighbours=neighbours, weights=weights
            )
            links += strong
            weak += rest
    links.sort(key=lambda link: -link.score)
    groups = _group(links, max_per_article)
    tolls = _toll_facts(story, groups, [*links, *weak])
    unit_groups = _attach_titles(story, units, titles, groups + tolls, weights)
    related = _related(
        units, unit_groups, (links, weak), story.tokens, story.scripts, related_threshold
    )
    return Alignment(
        groups=_sentence_groups(units, unit_groups),
        links=tuple(links),
        units=units,
        unit_groups=unit_groups,
        related=related,
    )


@dataclass(frozen=True, kw_only=True)
class _Story:
    """What every article pair of one ``align`` call reads, computed once per story: per
    article, its units' vectors (as embedded, centered, context), content words, whether
    each unit can be aligned, its script and language; and the story's common words."""

    vectors: Sequence[np.ndarray]
    centered: Sequence[np.ndarray]
    contexts: Sequence[np.ndarray]
    tokens: Sequence[Sequence[frozenset[str]]]
    alignable: Sequence[Sequence[bool]]
    scripts: Sequence[str]
    langs: Sequence[str]
    tolls: Sequence[Sequence[frozenset[str]]]
    common_words: frozenset[str]


def _story(
    segmented: Sequence[Segmented],
    units: Sequence[Sequence[Unit]],
    titles: Sequence[set[int]],
    vectors: Sequence[np.ndarray],
    context_vectors: Sequence[np.ndarray],
) -> _Story:
    """The per-story inputs of ``align``: headlines are attached afterwards, and fragments
    ("(SDA", "0") state nothing to align; vectors are centered per language (``center``)."""
    alignable = [
        [u.sentence_index not in t and states_something(u.text) for u in us]
        for us, t in zip(units, titles, strict=True)
    ]
    centered, means = center(vectors, [seg.lang for seg in segmented])
    contexts = [
        unit_rows(c - m) if len(c) else c for c, m in zip(context_vectors, means, strict=True)
    ]
    return _Story(
        vectors=vectors,
        centered=centered,
        contexts=contexts,
        tokens=[[content_tokens(u.text) for u in us] for us in units],
        alignable=alignable,
        scripts=[script_of(seg.article.text[:2000]) for seg in segmented],
        langs=[seg.lang for seg in segmented],
        tolls=[[toll_words(u.text) for u in us] for us in units],
        common_words=story_words(units)[1],
    )


def _story_similarities(story: _Story, a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
    """``pair_similarities`` of the units of articles ``a`` and ``b`` of ``story``."""
    return pair_similarities(
        story.vectors[a],
        story.vectors[b],
        story.centered[a],
        story.centered[b],
        story.contexts[a],
        story.contexts[b],
    )


def _pair_links(
    story: _Story, a: int, b: int, *, threshold: float, neighbours: int, weights: Weights
) -> tuple[list[Link], list[Link]]:
    """The scored candidates of articles ``a`` and ``b``: those at ``threshold`` or above
    that share more than the story's own words, and the weak rest."""
    sim, cen = _story_similarities(story, a, b)
    candidates = sorted(
        (i, j)
        for i, j in nearest_pairs(cen, neighbours)
        if story.alignable[a][i] and story.alignable[b][j]
    )
    same_script = story.scripts[a] == story.scripts[b]
    tokens_a, tokens_b = story.tokens[a], story.tokens[b]
    rows = candidate_features(sim, cen, candidates, tokens_a, tokens_b, same_script, weights)
    probs = score_rows(rows, weights) if candidates else np.zeros(0)
    # (one language: Ukrainian and Russian share a script, not their words)
    same_language = story.langs[a] == story.langs[b] and same_script
    strong: list[Link] = []
    weak: list[Link] = []
    # Python floats up front: indexing numpy per candidate cost more than the rest of
    # the loop (the plain cosine is column 1 of the features).
    scored = zip(candidates, probs.tolist(), rows[:, 1].tolist(), strict=True)
    for (i, j), p, cosine in scored:
        link = Link(a=a, i=i, b=b, j=j, score=p, cosine=cosine)
        if p >= threshold and not (
            same_language and _only_setting_words(tokens_a[i], tokens_b[j], story.common_words)
        ):
            strong.append(link)
        else:
            weak.append(link)
    return strong, weak


# Words either side of a count that may say what it counts: "a bomb attack that killed
# 13 US troops and 72 Afghans", "Ninety people have been killed".
SLOT_WINDOW = 5
# What a toll counts (5-letter stems, as ``content_tokens``): the dead, the injured, the
# missing. Two tolls in one story are the figure fact-checkers compare first, and are
# almost always of one event; other counts ("raised $200,000", "56 percent of the vote")
# as often belong to two actors (two candidates' funds), and beside each other they
# would read as a conflict that is not one.
_TOLL_WORDS = frozenset(
    w[:5]
    for w in """killed dead died deaths death toll injured injuries wounded casualties victims
    missing fatalities
    загинули загинуло загиблих загибель вбито вбитих поранено поранені поранених жертв
    зниклих
    погибли погибло погибших гибель убиты убито убитых ранены ранено раненых жертв
    пропавших""".split()
)


@lru_cache(maxsize=1 << 14)  # pure and called per unit: memoised
def toll_words(text: str) -> frozenset[str]:
    """The words of a toll (``_TOLL_WORDS``) within ``SLOT_WINDOW`` words of a count in
    ``text``: "Ninety people have been killed" gives {"kille"}. A year, and a number beside
    a month or a weekday (a date), is no count."""
    toks = tokenize(text)
    out: set[str] = set()
    for n in numbers(text, toks):
        if re.fullmatch(r"\d{4}", n.text) and 1800 <= n.value <= 2100:
            continue
        first = next((k for k, t in enumerate(toks) if t.end > n.start), len(toks))
        last = max((k for k, t in enumerate(toks) if t.start < n.end), default=first)
        window = [
            *toks[max(0, first - SLOT_WINDOW) : first],
            *toks[last + 1 : last + 1 + SLOT_WINDOW],
        ]
        stems = {t.key for t in window}
        if not stems & _TIME_WORDS:
            out |= stems & _TOLL_WORDS
    return frozenset(out)


def _toll_facts(
    story: _Story, groups: tuple[tuple[tuple[int, int], ...], ...], candidates: Sequence[Link]
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Facts of tolls: two units in one language, in no fact, that each give a toll of
    the same kind ("killed 13 US troops and 72 Afghans" and "Ninety people have been
    killed"). Their texts may be far apart (one says how many died, the other what
    followed), but the reader should see the two figures side by side, whether they agree
    or not: the relation step says which. Candidates are the blocked neighbours
    (``nearest_pairs``), whatever they score: "The pace of evacuation flights out of Kabul
    accelerated today after a double suicide-bomb attack that killed 13 US troops and 72
    Afghans" is about the flights, and scores 0.1 with the toll alone. Strongest first, a
    unit is in one such fact, with one unit per article."""
    in_fact = {ref for g in groups for ref in g}
    group_of: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for link in sorted(candidates, key=lambda lk: -lk.score):
        x, y = (link.a, link.i), (link.b, link.j)
        if (
            x in in_fact
            or y in in_fact
            or story.langs[link.a] != story.langs[link.b]
            or not story.tolls[link.a][link.i] & story.tolls[link.b][link.j]
        ):
            continue
        gx, gy = group_of.get(x), group_of.get(y)
        if gx is None and gy is None:
            group_of[x] = group_of[y] = [x, y]
        elif gx is not None and gy is None and all(art != y[0] for art, _ in gx):
            gx.append(y)
            group_of[y] = gx
        elif gy is not None and gx is None and all(art != x[0] for art, _ in gy):
            gy.append(x)
            group_of[x] = gy
    unique = {id(g): g for g in group_of.values()}
    return tuple(tuple(sorted(g)) for g in unique.values())


def _whole_units(seg: Segmented) -> tuple[Unit, ...]:
    return tuple(
        Unit(article_id=s.article_id, sentence_index=s.index, start=s.start, end=s.end, text=s.text)
        for s in seg.sentences
    )


def _sentence_groups(
    units: Sequence[Sequence[Unit]], unit_groups: Sequence[Sequence[tuple[int, int]]]
) -> tuple[tuple[tuple[int, int], ...], ...]:
    return tuple(
        tuple(sorted({(a, units[a][k].sentence_index) for a, k in g})) for g in unit_groups
    )


@lru_cache(maxsize=1 << 14)  # pure and called per pair of units: memoised
def name_key(name: str) -> str:
    """A key under which one name matches across scripts and inflections: the first
    sound of its last word, then the first three characters of that word's sound key
    ("Russia", "Росія", "России" give one key; "Dmytro Kuleba" and "Dmitry Peskov" do
    not, though their first names would). The first sound is what ``names_match`` also
    checks: sound classes alone put "Forces" and "Paris" (f and p) under one key."""
    last = name.split()[-1]
    return first_sound(last) + sound_key(last)[:3]


# Capitalised adjectives of place ("French instructors", "Baltic region") describe an
# actor without naming one: "the French leader" and "French specialists" are not the same
# actors. English only; Ukrainian and Russian write them in lower case.
# Days and months are capitalised in English too, and name no actor.
_DEMONYM = re.compile(
    r"(?:ian|ean|ish|ese|ic|ern)$|^(?:French|Dutch|Greek|Thai|Swiss|Czech|Arab)$"
    r"|^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$"
    r"|^(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)$"
)


def name_runs(text: str) -> list[tuple[int, str]]:
    """``(offset, name)`` of the runs of capitalised words, without a leading function
    word ("Some NATO" is NATO) and without adjectives of place."""
    out = []
    for m in _CAPITAL.finditer(text):
        words = m.group(0).split()
        start = m.start()
        while words and words[0].lower() in _STOP:
            start = text.index(words[1], start) if len(words) > 1 else start
            words = words[1:]
        if len(words) == 1 and _DEMONYM.search(words[0]):
            continue
        if words:
            out.append((start, " ".join(words)))
    return out


@lru_cache(maxsize=1 << 14)  # pure and called per pair of units: memoised
def names_of(text: str) -> frozenset[str]:
    """Keys of the names in ``text`` that do not start a sentence."""
    text = text.strip()
    return frozenset(
        name_key(name)
        for start, name in name_runs(text)
        if start > 0 and not _AFTER_STOP.search(text[:start])
    )


@lru_cache(maxsize=1 << 14)  # pure and called per pair of units: memoised
def _capitals(text: str) -> frozenset[str]:
    return frozenset(name_key(name) for _, name in name_runs(text))


def shared_names(a: str, b: str) -> frozenset[str]:
    """Keys of the names both texts use, in any script: capitalised in both, and not
    only as the first word of a sentence ("Russia has warned" / "and Russia said" share
    Russia; "The" at two sentence starts is no name)."""
    return _capitals(a) & _capitals(b) & (names_of(a) | names_of(b))


# Words that join a sentence to the one before it, not its subject: "However, ..." at
# the start of two sentences is no shared subject (5-letter stems, as content_tokens).
_CONNECTIVES = frozenset(
    w[:5]
    for w in """however meanwhile moreover furthermore nevertheless earlier later previously
    instead still already even just now yet
    однак проте водночас тим часом крім того також вже раніше
    однако впрочем между тем кроме того также уже ранее""".split()
)


# Content words each of two long units needs before "they share only the story's words"
# says they are not one claim (a short one, "Biden did not support the idea.", leans on
# its context and may share nothing but a name).
FACT_OWN_WORDS = 6


# Words of time ("Sunday", "March", "yesterday"): when, not what (5-letter stems).
_TIME_WORDS = frozenset(
    w[:5]
    for w in (
        *MONTHS,
        *WEEKDAYS,
        *"today yesterday tomorrow tonight сьогодні вчора завтра сегодня вчера".split(),
    )
)


def _only_setting_words(x: frozenset[str], y: frozenset[str], common: frozenset[str]) -> bool:
    """Whether two units in one language share no content word at all, or (both long)
    none but their setting: the story's own words and words of time.

    "Kuleba said that by sending NATO troops to Ukraine, Macron meant training" and
    "outlets reported Macron was forming a coalition to send NATO specialists to train
    Ukraine's forces" share sending, NATO, Ukraine, Macron, train, which every sentence
    of that story uses. "Long before Hurricane Ida made landfall Sunday in southern
    Louisiana, climatologist David Keellings was already filled with dread" and
    "Hurricane Ida arrived in Louisiana Sunday every bit as ornery as advertised" share
    the story's storm and state, and the day: where and when, nothing of what happened.
    Either is a subject, not a claim, so such a pair is at most related. ``common`` is
    the second part of ``story_words``.

    A short unit leans on its context and may share no more than a name ("Biden did not
    support the idea." with "Biden overruled Macron"), but one that shares no word at all
    is matched by its context alone, or by saying little: "Here's what he can expect." and
    "But I can tell you it's true.", "What will be missing?" and "There's nothing that
    would happen to you that we won't be there to fight for you." are no fact."""
    shared = x & y
    if not shared:
        return True
    if min(len(x), len(y)) < FACT_OWN_WORDS:
        return False
    return not shared - common - _TIME_WORDS


def story_words(units: Sequence[Sequence[Unit]]) -> tuple[frozenset[str], frozenset[str]]:
    """Name keys and content words in more than ``RELATED_NAME_SHARE`` of the story's
    units (and more than two), the latter with the connectives: "Ukraine" in a story
    about Ukraine, or "However", says nothing about which actors or subject two units
    share, so it is never a related link's only tie."""
    n_units = sum(len(us) for us in units)
    cut = max(2, RELATED_NAME_SHARE * n_units)
    names = Counter(n for us in units for u in us for n in _capitals(u.text))
    words = Counter(w for us in units for u in us for w in content_tokens(u.text))
    return (
        frozenset(n for n, k in names.items() if k > cut),
        frozenset(w for w, k in words.items() if k > cut) | _CONNECTIVES,
    )


def _related(
    units: Sequence[Sequence[Unit]],
    unit_groups: Sequence[Sequence[tuple[int, int]]],
    candidates: tuple[Sequence[Link], Sequence[Link]],
    tokens: Sequence[Sequence[frozenset[str]]],
    scripts: Sequence[str],
    related_threshold: float,
) -> tuple[Link, ...]:
    """Related links: a unit left out of every fact and its closest unit in another
    article, when the two name the same actors (in any script) or, in one script, share
    subject words and are close. Each such unit keeps its best partner per article, so
    that "only in" is left for what nobody else touches.

    ``candidates`` are the accepted links and the weak ones. An accepted link needs no
    such test: the scorer matched the two units, and only grouping (``_group``: the cap
    per article, or a merge that the other pairs would not back) kept one of them out of
    every fact; that unit is said elsewhere, so it is related, never "only in"."""
    accepted, weak = candidates
    in_fact = {ref for g in unit_groups for ref in g}
    common_names, common_words = story_words(units)
    best: dict[tuple[tuple[int, int], int], Link] = {}
    tagged = [(lk, True) for lk in accepted] + [(lk, False) for lk in weak]
    for link, matched in tagged:
        x, y = (link.a, link.i), (link.b, link.j)
        if x in in_fact and y in in_fact:
            continue
        if not matched and not _same_actors(
            link, units, tokens, scripts, (common_names, common_words), related_threshold
        ):
            continue
        for orphan, other in ((x, link.b), (y, link.a)):
            if orphan in in_fact:
                continue
            key = (orphan, other)
            if key not in best or best[key].score < link.score:
                best[key] = link
    kept = {(lk.a, lk.i, lk.b, lk.j): lk for lk in best.values()}
    return tuple(sorted(kept.values(), key=lambda lk: (lk.a, lk.i, lk.b, lk.j)))


def _same_actors(
    link: Link,
    units: Sequence[Sequence[Unit]],
    tokens: Sequence[Sequence[frozenset[str]]],
    scripts: Sequence[str],
    common: tuple[frozenset[str], frozenset[str]],
    related_threshold: float,
) -> bool:
    """Whether a weak link ties two units by the same actors: a shared name (in any
    script) among a unit's nearest neighbours in meaning is enough; in one script, two
    shared content words will do when the scorer also finds them close. Closeness alone
    is not: every sentence of a story is close to some other. ``common`` holds the
    story's own names and words (``story_words``)."""
    common_names, common_words = common
    ua, ub = units[link.a][link.i], units[link.b][link.j]
    if len(shared_names(ua.text, ub.text) - common_names) >= RELATED_NAMES:
        return True
    if scripts[link.a] != scripts[link.b] or link.score < related_threshold:
        return False
    words = tokens[link.a][link.i] & tokens[link.b][link.j]
    # the story's own words ("Ukraine", "troops") may add to the count, but a link must
    # rest on at least one word that is not the whole story's
    return len(words) >= RELATED_WORDS and bool(words - common_words)


# Mean probability (``score_rows``) a headline needs with a fact's versions in the other
# articles to join it. Below the fact threshold: a headline is short and sums up, so the
# scorer, fitted on sentence pairs, rates it lower than a sentence of the same fact. Read
# on BASIL and AllSides stories and the seed pair (not the alignment evaluation): the
# headlines that state their fact scored 0.44 to 0.93 ("Biden overruled Macron on Ukraine
# troop deployment" with "Biden did not support the idea": 0.44), those best matched to
# a fact they do not state 0.30 or less ("Eric Cantor Defeated by David Brat, Tea Party
# Challenger" with "Mr. Brat had little help from national groups that have funded other
# Tea Party challengers": 0.30).
TITLE_ATTACH = 0.4


def _attach_titles(
    story: _Story,
    units: Sequence[Sequence[Unit]],
    titles: Sequence[set[int]],
    groups: tuple[tuple[tuple[int, int], ...], ...],
    weights: Weights,
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """A headline summarises its story rather than stating one sentence of another
    outlet, so it is attached after grouping: it joins the fact whose versions in the
    other articles the scorer links it to best (per article, its best unit's probability,
    averaged over the articles as ``_group`` averages a merge), when that is at least
    ``TITLE_ATTACH``; otherwise it stays unique. Closeness in meaning alone, which decided
    before, let "Trump Sends Investigators to Hawaii" join "Officials in Hawaii have
    certified Obama's citizenship" (its own article's sentence counting too): every
    sentence about Hawaii is close to it, and the scorer's shared words tell the fact it
    states ("has sent investigators to Hawaii") from the one it only names."""
    out = [list(g) for g in groups]
    for a, heads in enumerate(titles):
        for k, u in enumerate(units[a]):
            # a headline that asks ("Who is Dave Brat?") states no fact
            if u.sentence_index not in heads or not out or u.text.rstrip().endswith("?"):
                continue
            probs = _title_probs(story, a, k, weights)
            means = []
            for g in out:
                # per other article, its best unit in the fact (one outlet may tell a
                # fact in two sentences; the headline need match only one of them)
                best_of: dict[int, float] = {}
                for b, j in g:
                    if b == a or units[b][j].sentence_index in titles[b]:
                        continue  # (a headline attached before is no version to match)
                    best_of[b] = max(best_of.get(b, 0.0), probs[b][j])
                means.append(sum(best_of.values()) / len(best_of) if best_of else 0.0)
            best = int(np.argmax(means))
            if means[best] >= TITLE_ATTACH:
                out[best].append((a, k))
    return tuple(sorted(tuple(sorted(g)) for g in out))


def _title_probs(story: _Story, a: int, k: int, weights: Weights) -> dict[int, list[float]]:
    """The scorer's probability that unit ``k`` of article ``a`` (a headline) states
    what each unit of every other article states."""
    out: dict[int, list[float]] = {}
    for b in range(len(story.vectors)):
        if b == a or not len(story.vectors[b]):
            continue
        sim, cen = _story_similarities(story, a, b)
        pairs = [(k, j) for j in range(len(story.vectors[b]))]
        same_script = story.scripts[a] == story.scripts[b]
        rows = candidate_features(
            sim, cen, pairs, story.tokens[a], story.tokens[b], same_script, weights
        )
        out[b] = score_rows(rows, weights).tolist()
    return out


def nearest_pairs(sim: np.ndarray, k: int) -> set[tuple[int, int]]:
    """Top-``k`` neighbours in both directions (the blocking step)."""
    n_a, n_b = sim.shape
    kb = min(k, n_b)
    ka = min(k, n_a)
    rows = np.argpartition(-sim, kb - 1, axis=1)[:, :kb]
    out = set(zip(np.repeat(np.arange(n_a), kb).tolist(), rows.ravel().tolist(), strict=True))
    cols = np.argpartition(-sim, ka - 1, axis=0)[:ka, :]
    out.update(zip(cols.ravel().tolist(), np.tile(np.arange(n_b), ka).tolist(), strict=True))
    return out


def _group(links: Sequence[Link], max_per_article: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Average-link grouping over the scored links, strongest first.

    Two groups merge only when the mean score over all their cross-article sentence
    pairs (unscored pairs count as 0) stays above the weakest accepted link, and no
    article would hold more than ``max_per_article`` sentences of the group. This stops
    the chains that single-link grouping builds through one bridging sentence (a
    standfirst that restates two facts would otherwise weld them together).
    """
    if not links:
        return ()
    floor = min(link.score for link in links)
    score: dict[tuple[tuple[int, int], tuple[int, int]], float] = {}
    for link in links:
        x, y = (link.a, link.i), (link.b, link.j)
        score[(x, y)] = score[(y, x)] = link.score
    group_of: dict[tuple[int, int], int] = {}
    groups: dict[int, list[tuple[int, int]]] = {}
    for link in links:
        x, y = (link.a, link.i), (link.b, link.j)
        for node in (x, y):
            if node not in group_of:
                group_of[node] = len(group_of)
                groups[group_of[node]] = [node]
        gx, gy = group_of[x], group_of[y]
        if gx == gy:
            continue
        merged = groups[gx] + groups[gy]
        counts: dict[int, int] = {}
        for art, _ in merged:
            counts[art] = counts.get(art, 0) + 1
        if max(counts.values()) > max_per_article:
            continue
        cross = [score.get((u, v), 0.0) for u in groups[gx] for v in groups[gy] if u[0] != v[0]]
        if cross and sum(cross) / len(cross) < floor:
            continue
        for node in groups[gy]:
            group_of[node] = gx
        groups[gx] = merged
        del groups[gy]
    # A node whose every merge was refused is left alone: that is no fact (nobody else
    # states it), so it stays out of the groups and can be shown as related or unique.
    shared = (g for g in groups.values() if len({art for art, _ in g}) > 1)
    return tuple(sorted(tuple(sorted(g)) for g in shared))
