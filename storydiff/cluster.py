"""Online story clustering: each new article joins the nearest story of its days or starts one.

An article becomes one vector (its title and first sentences, embedded in one batch per
chunk of articles) and a set of name keys (``storydiff.samestory.names``: "Байден" and
"Biden" share a key). Its score against a story is

    article · mean(story's article vectors) + name_weight * name share
        - time_weight * log(1 + gap) / log(1 + decay)

where the name share is, averaged over the article's names (weighted by their rarity
among the candidate stories with ``name_rarity``), the share of the story's articles that
name it too, and the gap is the days from the article's date to the story's
span (at most ``decay``): the first day apart costs the most, as in the pair score. The
article joins the best story scoring at least ``threshold`` (``undated_margin`` more for
an article without a date, which has no time term), else starts a new one. A story
is an event, not a topic: it never spans more than ``max_span_days`` (later coverage
starts a new story).

The first term is the article's average cosine with the story's articles. It equals the
cosine with the story's centroid times the length of the mean vector, which shrinks as a
story's articles spread: a diffuse story stops gathering articles instead of drifting into
a topic (``mean_similarity=False`` scores against the centroid's direction instead).

Stories are found by time, not by arrival. A dated article's candidates are the stories
that come within ``decay_days`` of its *own* date and would still span at most
``max_span_days`` with it, read from the store's index of stories by date
(``Store.stories_near``), whatever arrived before: an article backfilled into an archive
finds its story as if it had come in date order. The gap in the score is the distance
from the article's date to the story's span. An undated article has no days to look
in: it is grouped by content alone (no time term), against the stories of undated
articles (at most ``max_active``, the most recently extended first) and the active ones
(an undated item is most often one a feed is serving now); comparing it with every
story would not be bounded. So where an undated article goes can depend on when it
arrives, and only there. A dated article never joins a story of undated articles: their
days are unknown. At most ``max_active`` candidates are scored per dated article (the
nearest in time first), twice that for an undated one, and their vectors come from a
bounded in-memory cache (``cached_stories``) filled from the store on demand. So the
work per article is one encoder pass, one indexed query and one product with a bounded
number of story vectors, whatever the size of the corpus.

The *active* stories are the recent ones: those within ``decay_days`` of the stream's
clock (the latest date seen), at most ``max_active`` of them (the least recently
extended go first). They are kept in memory, are the ones repair looks at, and are what
the story listings report as ``active``; being inactive no longer keeps a story from
gathering a late article of its days.

Story ids come from the story's first article, so they are stable across runs. Every
``repair_every`` articles a repair pass merges active stories whose centroids have
converged (the store keeps a redirect from the old id to the new one) and, when
``split_threshold`` is set, splits a story whose articles fall into two groups apart.

Every decision is a pure function of the store's committed state and the next article,
and the store holds the whole state (centroid sums, name counts, the clock, the active
flags), so a run that was killed and restarted makes the same decisions as one clean run.
The cache only holds copies of stored states, so an empty cache decides the same.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from storydiff.embed import Embedder
from storydiff.errors import StorydiffError
from storydiff.records import Article, Segmented, Sentence
from storydiff.samestory import names
from storydiff.store import Store, StoryState
from storydiff.text.dates import parse_iso_date

CLOCK_KEY = "cluster_clock"
EMBEDDER_KEY = "embedder"


@dataclass(frozen=True, kw_only=True)
class ClusterParams:
    """Knobs of the online clustering.

    ``threshold``, ``time_weight`` and ``undated_margin`` were fitted for e5-small by
    ``python -m storydiff.evaluate.fit --only cluster``: grouped 5-fold cross-validation
    (folds over story groups, each fold a share of every dataset) on the clustering
    evaluation's stream, 1,542 labelled articles of BASIL, ECB+, NewsWCL50 and AllSides
    NeuS among 2,000 AllSides-ABP distractors, choosing by the mean of the datasets' B³
    F1, every dataset weighing the same (as in the same-story fit). Dated grid: time
    weights 0-0.3 by thresholds 0.88-0.92; four folds of five chose 0.1 and 0.89 (or
    0.88). Out of fold B³ F1 0.892 over all labelled articles (NeuS 0.900, BASIL 0.913,
    ECB+ 0.845, NewsWCL50 0.901), against 0.865 with the earlier hand-set 0.91 and a
    linear time term of weight 0.04. Days apart separate the daily developments of one
    affair (AllSides NeuS: "Pelosi to decide on a Jan. 6 committee", two days later
    "Pelosi creates it"), whose leads are as alike as two reports of one event.

    Chosen by B³ F1 over all labelled articles instead, every fold takes time weight
    0.2 (B³ F1 0.910: NeuS 0.927, but BASIL 0.874 against 0.924 before). That choice is
    NeuS's: 70% of the articles, and every NeuS article carries its story's date (1,087
    of 1,087), so a stronger time term costs NeuS nothing, while BASIL, whose outlets
    dated their reports up to four days apart, shows what it costs stories told over
    several days. Undated articles (ECB+) have no time term; their margin, fitted next
    with the rest fixed, is 0.02 (an undated article needs 0.91, the old threshold).
    ``name_weight`` (0.1) was chosen with the earlier score, on BASIL and ECB+; 0.05 and
    0.15 scored lower (measured with time weight 0.2).

    Tried for B³ F1 0.90 on the whole corpus (39,089 articles, 0.886 with these values,
    date order) and not kept. The time term as the mean of the days-apart cost over the
    story's articles instead of the gap to its span, so that a story cannot chain day by
    day: grouped CV on the stream 0.894 against 0.892 (same choices, 0.1 and 0.89), whole
    corpus 0.886 (NeuS precision +0.009, recall -0.008), BASIL alone in date order 0.977
    -> 0.973; at weight 0.2, 0.902 but BASIL 0.871 -> 0.840 (NeuS's dates again). A
    floor on the cosine with each of the story's articles beside the mean (complete
    linkage, against drift): 0.85 gave 0.886 (NeuS and NewsWCL50 precision up, recall
    down as much), and with threshold 0.88, 0.873. What stands in the way is in the
    data: every one of NeuS's 372 groups lies on one day, and the groups merged are one
    affair's next-day developments (a committee announced, then created) whose leads are
    as alike as two reports of one event; most distractors that join BASIL and NewsWCL50
    stories are other outlets' reports of the labelled event, unlabelled (with every
    distractor taken out of the stories, B³ F1 would be 0.897); ECB+'s split groups are
    sub-events (a shooting and its trial), which merging undated stories by average
    cosine joins only with the topic's other event (ECB+ 0.860 -> 0.877 at best).

    ``name_rarity`` (off) weighs a dated article's names by their rarity among the
    stories of its days, an IDF over its candidates (``Clusterer._name_weights``), so that
    sharing a name every story of those days carries counts for little. Grouped CV as
    above: every fold keeps 0.1 and 0.89 (and the margin 0.02), out of fold B³ F1 0.899
    (NeuS 0.905, BASIL 0.918, ECB+ 0.860, NewsWCL50 0.911), against 0.892 without it on
    the dated grid (where two folds chose otherwise, time weight 0.2 and threshold 0.88)
    and 0.896 after the margin's grid. Whole corpus 0.886 -> 0.892 (NeuS 0.897 -> 0.905,
    BASIL 0.871 -> 0.872, NewsWCL50 0.807 -> 0.812, ECB+ unchanged). Off because on the
    2,000-distractor stream it costs BASIL recall (0.964 -> 0.929, B³ F1 0.927 -> 0.918,
    under its 0.92 floor): four triplets each lose one report, three of them dated one
    to three days after the other two, where a smaller name bonus no longer offsets the
    days apart. Weighing undated articles' names too (over the recent and undated
    stories, no collection of one time) took ECB+ 0.860 -> 0.842.

    Splitting is off (``split_threshold=0``): with e5-small at the default ``threshold``
    a story's articles all sit close to its centroid, and split thresholds from 0.80 to
    0.96 changed the evaluation's B³ F1 by less than 0.001 (0.839 either way, measured
    with the earlier centroid-direction score, before the span bound). It is a
    safety net for lower join thresholds or weaker embedders, where stories chain.

    ``max_span_days=7`` (one news cycle; 0 turns the bound off) was set by what a story is
    meant to be, one event, not fitted: without it the 37.5k-article AllSides stream grew
    topic chains such as 166 articles over seven weeks of the Obamacare website. On the
    2k-distractor evaluation stream it raised B³ F1 from 0.839 to 0.845 and pairwise F1
    from 0.685 to 0.735; shorter bounds score higher still there (0.869 at one day),
    because the labelled groups span a day or two, which real stories need not.

    ``max_active`` bounds both the stories scored per article (the nearest in time to
    its date first) and the recent stories kept in memory; ``cached_stories`` bounds the
    other stories' states cached after being read from the store for a late article.
    """

    threshold: float = 0.89
    name_weight: float = 0.1
    name_rarity: bool = False
    time_weight: float = 0.1
    decay_days: int = 5
    max_span_days: int = 7
    mean_similarity: bool = True
    undated_margin: float = 0.02
    max_active: int = 4000
    cached_stories: int = 4000
    max_names: int = 64
    merge_threshold: float = 0.95
    split_threshold: float = 0.0
    split_min_size: int = 4
    repair_every: int = 500
    lead_sentences: int = 3
    lead_chars: int = 1200


@dataclass(frozen=True, kw_only=True)
class Prepared:
    """An article ready to be placed: its vector, name keys and parsed date."""

    article: Article
    vector: np.ndarray
    names: frozenset[str]
    date: dt.date | None


@dataclass(frozen=True, kw_only=True)
class Assignment:
    """Where one article went: ``score`` is its score against the story it joined
    (0 for a new story)."""

    article_id: str
    story_id: str
    new_story: bool
    score: float


# A cheap sentence boundary, good enough for a lead: end punctuation, then space, then
# what starts a sentence. Full segmentation (pysbd) cost 30 ms per article, more than the
# rest of the ingest together.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’»)]*\s+(?=[\"'“«(]?[A-ZА-ЯІЇЄҐ0-9])|\n+")


def lead_text(article: Article, params: ClusterParams) -> tuple[str, frozenset[str]]:
    """The text embedded for an article (title and first sentences) and its name keys."""
    head = article.text[: params.lead_chars]
    spans: list[tuple[int, int]] = []
    start = 0
    for end, next_start in [(m.start(), m.end()) for m in _BOUNDARY.finditer(head)] + [
        (len(head), len(head))
    ]:
        chunk = head[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((start + lead, start + len(chunk.rstrip())))
        start = next_start
    sentences = tuple(
        Sentence(article_id=article.id, index=i, start=s, end=e, text=head[s:e])
        for i, (s, e) in enumerate(spans)
    )
    title = 1 if article.title and article.text.startswith(article.title) else 0
    text = " ".join(s.text for s in sentences[: params.lead_sentences + title])
    seg = Segmented(article=article, lang=article.lang or "", sentences=sentences)
    return text or article.text[:400], names(seg)


def _title(article: Article) -> str:
    return article.title or " ".join(article.text[:80].split())


def _bisect(vectors: np.ndarray, threshold: float, rounds: int = 10) -> np.ndarray | None:
    """A 2-means cut of unit ``vectors`` as a boolean mask, or None when the halves'
    centroids are at least ``threshold`` alike or a half has fewer than two vectors."""
    centroid = vectors.sum(axis=0)
    a = int(np.argmin(vectors @ centroid))
    b = int(np.argmin(vectors @ vectors[a]))
    if a == b:
        return None
    centres = np.stack([vectors[a], vectors[b]])
    mask = np.zeros(len(vectors), dtype=bool)
    for step in range(rounds):
        sims = vectors @ centres.T
        new = sims[:, 1] > sims[:, 0]
        if new.sum() < 2 or (~new).sum() < 2:
            return None
        if step and np.array_equal(new, mask):
            break
        mask = new
        centres = np.stack([vectors[~mask].sum(axis=0), vectors[mask].sum(axis=0)])
        centres /= np.linalg.norm(centres, axis=1, keepdims=True) + 1e-12
    return mask if float(centres[0] @ centres[1]) < threshold else None


class _Live:
    """The mutable in-memory twin of an active story's ``StoryState``."""

    __slots__ = (
        "first_date",
        "id",
        "last_date",
        "last_seq",
        "names",
        "row",
        "size",
        "title",
        "vsum",
    )

    def __init__(self, state: StoryState) -> None:
        self.id = state.id
        self.title = state.title
        self.size = state.size
        self.vsum = np.array(state.vector_sum, dtype=np.float32)
        self.names = dict(state.names)
        self.first_date = state.first_date
        self.last_date = state.last_date
        self.last_seq = state.last_seq
        # What an article's vector is scored against (``Clusterer._refresh`` keeps it).
        self.row = self.vsum

    def centroid(self) -> np.ndarray:
        n = float(np.linalg.norm(self.vsum))
        return self.vsum / n if n else self.vsum

    def mean(self) -> np.ndarray:
        return self.vsum / self.size if self.size else self.vsum

    def state(self, *, active: bool = True) -> StoryState:
        return StoryState(
            id=self.id,
            title=self.title,
            size=self.size,
            vector_sum=self.vsum.copy(),
            names=dict(self.names),
            first_date=self.first_date,
            last_date=self.last_date,
            last_seq=self.last_seq,
            active=active,
        )


def _later(a: str | None, b: str | None) -> str | None:
    if a is None or (b is not None and b[:10] > a[:10]):
        return b
    return a


def _earlier(a: str | None, b: str | None) -> str | None:
    if a is None or (b is not None and b[:10] < a[:10]):
        return b
    return a


class Clusterer:
    """Places articles into stories of ``store``, one committed transaction per article.

    The active stories are read from the store once; afterwards the clusterer and the
    store change together, inside each article's transaction. Other stories are read
    when an article's time window reaches them, and cached.
    """

    def __init__(
        self, store: Store, embedder: Embedder, params: ClusterParams | None = None
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.params = params or ClusterParams()
        used = store.get_meta(EMBEDDER_KEY)
        if used is not None and used != embedder.name:
            # Vectors of two models do not compare: one store, one embedder.
            raise StorydiffError(
                f"this store was built with the embedder {used!r}, not {embedder.name!r}"
            )
        self._embedder_known = used is not None
        self._live: dict[str, _Live] = {}
        self._cold: OrderedDict[str, _Live] = OrderedDict()
        for state in store.active_stories():
            self._activate(_Live(state))
        self._clock = parse_iso_date(store.get_meta(CLOCK_KEY))

    # --- the stories in memory ------------------------------------------------------------

    def _refresh(self, live: _Live) -> None:
        live.row = live.mean() if self.params.mean_similarity else live.centroid()

    def _activate(self, live: _Live) -> None:
        self._cold.pop(live.id, None)
        self._refresh(live)
        self._live[live.id] = live

    def _deactivate(self, story_id: str) -> _Live:
        return self._live.pop(story_id)

    def _remember(self, live: _Live) -> None:
        """Keep an inactive story's current state in the bounded cache."""
        self._cold[live.id] = live
        self._cold.move_to_end(live.id)
        while len(self._cold) > self.params.cached_stories:
            self._cold.popitem(last=False)

    def _story(self, story_id: str) -> _Live:
        """A story's state: active, cached, or read from the store (and cached)."""
        live = self._live.get(story_id) or self._cold.get(story_id)
        if live is None:
            state = self.store.story_state(story_id)
            if state is None:
                raise StorydiffError(f"story {story_id} is indexed but not stored")
            live = _Live(state)
            self._refresh(live)
        if story_id not in self._live:
            self._remember(live)
        return live

    @property
    def active_count(self) -> int:
        """How many recent stories are kept in memory (bounded by ``max_active``)."""
        return len(self._live)

    # --- preparing a batch ----------------------------------------------------------------

    def prepare(self, articles: Sequence[Article]) -> list[Prepared]:
        """Lead texts and names of ``articles``, embedded in one batch."""
        leads = [lead_text(a, self.params) for a in articles]
        vectors = (
            self.embedder.embed([text for text, _ in leads])
            if leads
            else np.zeros((0, self.embedder.dim), np.float32)
        )
        return [
            Prepared(
                article=a,
                vector=np.asarray(v, dtype=np.float32),
                names=found,
                date=parse_iso_date(a.date),
            )
            for a, (_, found), v in zip(articles, leads, vectors, strict=True)
        ]

    # --- placing one article --------------------------------------------------------------

    def _candidates(self, item: Prepared) -> list[str]:
        """The ids of the stories ``item`` may join: those of its own days, or for an
        undated article the active and the undated stories."""
        p = self.params
        if item.date is None:
            undated = self.store.undated_stories(limit=p.max_active)
            return sorted(self._live) + [i for i in undated if i not in self._live]
        return self.store.stories_near(
            item.date.isoformat(), reach=p.decay_days, span=p.max_span_days, limit=p.max_active
        )

    def _score(self, item: Prepared) -> tuple[str | None, float]:
        p = self.params
        stories = [self._story(story_id) for story_id in self._candidates(item)]
        if not stories:
            return None, 0.0
        cos = np.stack([live.row for live in stories]) @ item.vector
        best: tuple[float, str] | None = None
        # No date, no time term to keep it from a story of other days: the content alone
        # must carry the decision.
        threshold = p.threshold if item.date else p.threshold + p.undated_margin
        # Only stories that could reach the threshold with the largest name bonus.
        reach = np.flatnonzero(cos >= threshold - p.name_weight).tolist()
        weights = self._name_weights(item, stories) if reach else {}
        total = sum(weights.values())
        for row in reach:
            live = stories[row]
            score = float(cos[row])
            if weights and live.names:
                # The share of the story's articles naming each of the article's names:
                # a big story does not win by having gathered many names.
                shared = sum(w * live.names.get(k, 0) for k, w in weights.items())
                score += p.name_weight * shared / (live.size * total)
            score -= p.time_weight * self._time_cost(item.date, live)
            # Ties go to the smaller id, so the choice never depends on candidate order.
            if score < threshold:
                continue
            if best is None or score > best[0] or (score == best[0] and live.id < best[1]):
                best = (score, live.id)
        return (best[1], best[0]) if best else (None, 0.0)

    def _name_weights(self, item: Prepared, stories: Sequence[_Live]) -> dict[str, float]:
        """What each of the article's names counts for in the name share.

        For a dated article, its rarity among the stories of its days (the candidates),
        as an IDF: a name that most stories of those days carry (the president's, the
        Senate's) says little about which of them the article belongs to, a name that one
        carries says much. The stories of its days are the news of its time, so a name
        weighs what it is worth then. An undated article's candidates (the recent and the
        undated stories) are no such collection, so its names count the same, as they do
        with ``name_rarity=False``.
        """
        if not self.params.name_rarity or item.date is None:
            return dict.fromkeys(item.names, 1.0)
        n = len(stories)
        return {
            key: math.log((n + 1) / (sum(1 for live in stories if key in live.names) + 1)) + 1
            for key in item.names
        }

    def _time_cost(self, day: dt.date | None, live: _Live) -> float:
        """The days from ``day`` to the story's span (0 inside it, at most ``decay_days``)
        on a log scale, from 0 to 1 at ``decay_days``: the first day apart costs the most,
        as in the pair score's time feature (``samestory.time_feature``)."""
        first, last = parse_iso_date(live.first_date), parse_iso_date(live.last_date)
        if day is None or first is None or last is None:
            return 0.0
        decay = self.params.decay_days
        gap = min(max(0, (first - day).days, (day - last).days), decay)
        return float(np.log1p(gap) / np.log1p(decay)) if decay else 0.0

    def add(self, item: Prepared) -> Assignment:
        """Place one article and commit it with its vector and story in one transaction.

        The caller checks ``store.has_article`` first; adding an article twice fails.
        """
        p = self.params
        article = item.article
        story_id, score = self._score(item)
        with self.store.transaction():
            if story_id is None:
                story_id = f"s{article.id}"
                live = _Live(
                    StoryState(
                        id=story_id,
                        title=_title(article),
                        size=0,
                        vector_sum=np.zeros(self.embedder.dim, np.float32),
                    )
                )
                new = True
            else:
                live = self._story(story_id)
                new = False
            if not self._embedder_known:
                self.store.set_meta(EMBEDDER_KEY, self.embedder.name)
                self._embedder_known = True
            seq = self.store.add_article(article, vector=item.vector, story_id=story_id)
            live.size += 1
            live.vsum += item.vector
            for key in item.names:
                live.names[key] = live.names.get(key, 0) + 1
            if len(live.names) > p.max_names:
                kept = sorted(live.names.items(), key=lambda kv: (-kv[1], kv[0]))[: p.max_names]
                live.names = dict(kept)
            # The story's dates are its articles' own days: they are what the time index
            # finds it by, so an undated article adds none.
            when = item.date.isoformat() if item.date else None
            live.first_date = _earlier(live.first_date, when)
            live.last_date = _later(live.last_date, when)
            live.last_seq = seq
            # A story just extended is recent until ``_expire`` says otherwise.
            self._activate(live)
            self.store.put_story(live.state())
            if item.date and (self._clock is None or item.date > self._clock):
                self._clock = item.date
                self.store.set_meta(CLOCK_KEY, self._clock.isoformat())
            self._expire()
            if p.repair_every and seq % p.repair_every == 0:
                self.repair()
        return Assignment(article_id=article.id, story_id=story_id, new_story=new, score=score)

    def _expire(self) -> None:
        """Deactivate stories past the decay, then the least recently extended over the cap."""
        p = self.params
        gone: list[str] = []
        if self._clock is not None:
            horizon = (self._clock - dt.timedelta(days=p.decay_days)).isoformat()
            # Undated stories are not recent once the stream has a date.
            gone = [
                s.id
                for s in self._live.values()
                if s.last_date is None or s.last_date[:10] < horizon
            ]
        over = len(self._live) - len(gone) - p.max_active
        if over > 0:
            rest = sorted((s.last_seq, s.id) for s in self._live.values() if s.id not in gone)
            gone += [sid for _, sid in rest[:over]]
        for story_id in sorted(gone):
            live = self._deactivate(story_id)
            self.store.put_story(live.state(active=False))
            self._remember(live)

    def repair(self) -> list[tuple[str, str]]:
        """Merge active stories whose centroids converged, then split the ones that hold
        two stories; the ``(old, new)`` merges and splits (a split's ``new`` is the story
        split off).

        Runs inside the caller's transaction when there is one (``add`` calls it there, so
        a restart never skips or repeats a repair).
        """
        merged = self._merge()
        return merged + self._split()

    def _split(self) -> list[tuple[str, str]]:
        """Split active stories whose articles fall into two groups apart.

        A story of ``split_min_size`` or more articles that grew since the last repair is
        cut in two by 2-means over its article vectors (seeded with the article least like
        the centroid and the article least like that one, so the cut is deterministic).
        When the two halves' centroids are less similar than ``split_threshold``, and each
        half has two articles or more, the half without the story's first article leaves,
        as a new story named after its own first article. ``split_threshold=0`` turns
        splitting off.
        """
        p = self.params
        if p.split_threshold <= 0:
            return []
        since = self.store.count_articles() - p.repair_every if p.repair_every else 0
        done: list[tuple[str, str]] = []
        for story_id in sorted(self._live):
            live = self._live[story_id]
            if live.size < p.split_min_size or live.last_seq <= since:
                continue
            members = self.store.story_vectors(story_id)
            away = _bisect(np.stack([v for _, _, v in members]), p.split_threshold)
            if away is None:
                continue
            if away[0]:  # the story keeps the half with its first article
                away = ~away
            leaving = [members[i] for i in np.flatnonzero(away).tolist()]
            staying = [members[i] for i in np.flatnonzero(~away).tolist()]
            new_id = f"s{leaving[0][0]}"
            if new_id in self._live:
                continue  # cannot happen with content ids; never overwrite a live story
            with self.store.transaction():
                self.store.split_story(story_id, new_id, [aid for aid, _, _ in leaving])
                parts = ((story_id, staying, live.title), (new_id, leaving, None))
                for part_id, part, title in parts:
                    state = self._part_state(part_id, part, title)
                    if part_id == story_id:
                        self._deactivate(story_id)
                    self._activate(_Live(state))
                    self.store.put_story(state)
            done.append((story_id, new_id))
        return done

    def _part_state(
        self, story_id: str, part: list[tuple[str, int, np.ndarray]], title: str | None
    ) -> StoryState:
        """The state of a story made of ``part`` (names and dates read back from the store);
        without a ``title`` it takes its first article's."""
        p = self.params
        articles = [a for a in (self.store.article(aid) for aid, _, _ in part) if a]
        name_counts: dict[str, int] = {}
        for article in articles:
            for key in lead_text(article, p)[1]:
                name_counts[key] = name_counts.get(key, 0) + 1
        kept = sorted(name_counts.items(), key=lambda kv: (-kv[1], kv[0]))[: p.max_names]
        days = sorted({d for a in articles if (d := parse_iso_date(a.date))})
        dates = [d.isoformat() for d in days]
        first = articles[0] if articles else None
        return StoryState(
            id=story_id,
            title=title or (_title(first) if first else None),
            size=len(part),
            vector_sum=np.stack([v for _, _, v in part]).sum(axis=0),
            names=dict(kept),
            first_date=dates[0] if dates else None,
            last_date=dates[-1] if dates else None,
            last_seq=max(seq for _, seq, _ in part),
        )

    def _within_span(self, a: _Live, b: _Live) -> bool:
        """Whether stories ``a`` and ``b`` together cover at most ``max_span_days``."""
        days = [parse_iso_date(d) for d in (a.first_date, a.last_date, b.first_date, b.last_date)]
        known = [d for d in days if d]
        span = (max(known) - min(known)).days if known else 0
        return not self.params.max_span_days or span <= self.params.max_span_days

    def _merge(self) -> list[tuple[str, str]]:
        p = self.params
        ids = sorted(self._live)
        if len(ids) < 2:
            return []
        mat = np.stack([self._live[i].centroid() for i in ids])
        sim = mat @ mat.T
        np.fill_diagonal(sim, -1.0)
        rows, cols = np.nonzero(np.triu(sim >= p.merge_threshold))
        pairs = sorted(
            ((-float(sim[r, c]), ids[r], ids[c]) for r, c in zip(rows, cols, strict=True)),
        )
        merged: list[tuple[str, str]] = []
        with self.store.transaction():
            for _, a, b in pairs:
                if a not in self._live or b not in self._live:
                    continue  # already merged into another story in this pass
                if not self._within_span(self._live[a], self._live[b]):
                    continue
                keep, drop = sorted((self._live[a], self._live[b]), key=lambda s: (-s.size, s.id))
                self._deactivate(drop.id)
                keep.size += drop.size
                keep.vsum += drop.vsum
                for key, count in drop.names.items():
                    keep.names[key] = keep.names.get(key, 0) + count
                kept = sorted(keep.names.items(), key=lambda kv: (-kv[1], kv[0]))
                keep.names = dict(kept[: p.max_names])
                keep.first_date = _earlier(keep.first_date, drop.first_date)
                keep.last_date = _later(keep.last_date, drop.last_date)
                keep.last_seq = max(keep.last_seq, drop.last_seq)
                self._refresh(keep)
                self.store.merge_story(drop.id, keep.id)
                self.store.put_story(keep.state())
                merged.append((drop.id, keep.id))
        return merged
