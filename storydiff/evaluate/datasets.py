"""Loaders for the evaluation data: story groups as ``Article`` records, plus distractors.

The data lives outside the repository (``STORYDIFF_DATA``, default ``../shared/data``
next to the repo root) and is read in place; nothing here copies article text anywhere.

Curated groups are lexically easy, so a fair same-story benchmark mixes in distractors
of the same topic and time: ``AbpIndex`` picks them from the AllSides-ABP corpus (37k
articles) as TF-IDF neighbours of each group's centroid, near the group's date but not
on it, deterministically for a seed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from storydiff.errors import InputError
from storydiff.records import Article
from storydiff.relate.dates import publication_day

ENV_VAR = "STORYDIFF_DATA"
ABP_FILE = "allsides_abp/articles.jsonl.gz"
# BASIL spells a few outlets by their code; one name per outlet keeps labels comparable.
_BASIL_OUTLETS = {"fox": "Fox News", "hpo": "HuffPost", "nyt": "New York Times"}


@dataclass(frozen=True, kw_only=True)
class Mention:
    """An annotated mention: ``text[start:end]`` of its article, in cross-document ``chain``."""

    chain: str
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, kw_only=True)
class Group:
    """Articles about one event, as the dataset groups them.

    ``topic`` is shared by groups that are different events of the same kind (ECB+
    sub-topics of one topic); elsewhere it is the group id. ``mentions`` maps article id
    to its annotated mentions (NewsWCL50, ECB+).
    """

    id: str
    dataset: str
    articles: tuple[Article, ...]
    topic: str
    event: str = ""
    mentions: dict[str, tuple[Mention, ...]] = field(default_factory=dict)


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``path`` if given, else ``$STORYDIFF_DATA``, else ``../shared/data``
    relative to the repository root."""
    if path is not None:
        return Path(path)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


def article_id(text: str) -> str:
    """Content id of an article: the first 16 hex digits of the SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def in_split(row: dict[str, Any], split: str | None) -> bool:
    """Whether ``row`` belongs to ``split`` (``None``: any). A row without a ``split``
    field belongs to every split: a held-back folder is its own split."""
    return split is None or row.get("split") in (None, split)


def read_jsonl(path: Path, split: str | None = None) -> Iterator[dict[str, Any]]:
    """The rows of a JSON Lines file (gzipped when it ends in ``.gz``) that belong to
    ``split``; a missing file is an ``InputError`` that names the data folder setting."""
    if not path.is_file():
        raise InputError(f"evaluation data not found: {path} (set {ENV_VAR})")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                if in_split(row, split):
                    yield row


def _article(
    raw: dict[str, Any],
    dataset: str,
    outlet: str | None = None,
    *,
    text: str | None = None,
    url: str | None = None,
) -> Article:
    text = str(raw["text"]) if text is None else text
    return Article(
        id=article_id(text),
        text=text,
        title=raw.get("title") or None,
        outlet=outlet or raw.get("outlet") or None,
        date=raw.get("date") or None,
        lang=raw.get("lang") or None,
        url=url or raw.get("url") or None,
        source=f"{dataset}:{raw.get('id', '')}",
    )


def _mentions(raw: dict[str, Any], shift: int = 0) -> tuple[Mention, ...]:
    return tuple(
        Mention(
            chain=str(m["chain"]),
            kind=str(m.get("type", "")),
            start=int(m["start"]) - shift,
            end=int(m["end"]) - shift,
            text=str(m.get("text", "")),
        )
        for m in (raw.get("labels") or {}).get("mentions", [])
        if int(m["start"]) >= shift
    )


_URL_LINES = re.compile(r"(?:https?: / / [^\n]*\n)+")


def _ecb_article(raw: dict[str, Any]) -> tuple[Article, tuple[Mention, ...]]:
    # Half of ECB+ documents (the "ecbplus" sub-topics) open with a tokenised URL line
    # ("http: / / www. cnn. com / ...", twice in topic 12), which would give every
    # document of those sub-topics shared tokens unrelated to the story; it moves to ``url``.
    text = str(raw["text"])
    cut = 0
    url = None
    if m := _URL_LINES.match(text):
        cut = m.end()
        url = m.group().split("\n", 1)[0].replace(" ", "")
    art = _article(raw, "ecbplus", text=text[cut:], url=url)
    return art, _mentions(raw, cut)


def load_basil(path: str | os.PathLike[str] | None = None, split: str | None = None) -> list[Group]:
    """BASIL: 50 events, each told by Fox News, the New York Times and HuffPost."""
    groups = []
    for g in read_jsonl(data_dir(path) / "basil" / "groups.jsonl", split):
        arts = tuple(
            _article(a, "basil", _BASIL_OUTLETS.get(str(a.get("outlet_code", "")).lower()))
            for a in g["articles"]
        )
        gid = f"basil-{g['group_id']}"
        groups.append(
            Group(id=gid, dataset="BASIL", articles=arts, topic=gid, event=str(g.get("event", "")))
        )
    return groups


def load_ecbplus(
    path: str | os.PathLike[str] | None = None, split: str | None = None
) -> list[Group]:
    """ECB+: each topic holds two sub-topics, two different events of the same kind
    (``2ecb`` and ``2ecbplus``: two Oscar-host announcements), which are hard negatives
    for each other. ``Group.topic`` is the topic number."""
    groups = []
    for g in read_jsonl(data_dir(path) / "ecbplus" / "groups.jsonl", split):
        parsed = [_ecb_article(a) for a in g["articles"]]
        arts = tuple(art for art, _ in parsed)
        mentions = {art.id: ms for art, ms in parsed}
        groups.append(
            Group(
                id=str(g["group_id"]),
                dataset="ECB+",
                articles=arts,
                topic=f"ecbplus-topic-{g['topic']}",
                event=str(g.get("subtopic", "")),
                mentions=mentions,
            )
        )
    return groups


def load_newswcl50(
    path: str | os.PathLike[str] | None = None, split: str | None = None
) -> list[Group]:
    """NewsWCL50: 8 events, 5 outlets from far left to far right, with mentions linked
    across outlets (``Mention.chain``). ``split`` keeps the events of that split (see
    ``in_split``)."""
    groups = []
    for g in read_jsonl(data_dir(path) / "newswcl50" / "groups.jsonl", split):
        arts = tuple(_article(a, "newswcl50") for a in g["articles"])
        mentions = {art.id: _mentions(a) for art, a in zip(arts, g["articles"], strict=True)}
        gid = str(g["group_id"])
        groups.append(
            Group(id=gid, dataset="NewsWCL50", articles=arts, topic=gid, mentions=mentions)
        )
    return groups


# MEANTIME has no split field; its four topics are four storylines, so a topic is the
# unit that keeps development and test apart (``load_meantime``).
MEANTIME_SPLITS = {"airbus": "dev", "apple": "dev", "gm": "test", "stock": "test"}


def load_meantime(
    path: str | os.PathLike[str] | None = None, split: str | None = None
) -> list[Group]:
    """MEANTIME: one Wikinews article per group in four professional translations (en,
    es, it, nl), one sentence per line, with entity chains shared across languages.

    A row's ``split`` field decides when it has one; otherwise its topic does
    (``MEANTIME_SPLITS``: airbus and apple are dev, gm and stock test), and a topic not
    listed there (a held-back folder of the same layout) belongs to every split.
    """
    groups = []
    for g in read_jsonl(data_dir(path) / "meantime" / "groups.jsonl"):
        topic = str(g.get("topic", ""))
        row_split = g.get("split") or MEANTIME_SPLITS.get(topic)
        if split is not None and row_split not in (None, split):
            continue
        arts = tuple(_article(a, "meantime") for a in g["articles"])
        mentions = {art.id: _mentions(a) for art, a in zip(arts, g["articles"], strict=True)}
        groups.append(
            Group(
                id=str(g["group_id"]),
                dataset="MEANTIME",
                articles=arts,
                topic=topic,
                mentions=mentions,
            )
        )
    return groups


def iter_abp(path: str | os.PathLike[str] | None = None) -> Iterator[Article]:
    """Stream the AllSides-ABP corpus (37k full articles, 2012-2020) as articles."""
    for raw in read_jsonl(data_dir(path) / ABP_FILE):
        yield _article(raw, "allsides_abp")


def _norm_title(title: str | None) -> str:
    return " ".join((title or "").lower().split())


def _doc(title: str | None, text: str, prefix_chars: int) -> str:
    # The headline and lead say what a story is about; the tail adds cost, not signal.
    return f"{title or ''}\n{text[:prefix_chars]}"


@dataclass(frozen=True, kw_only=True)
class DistractorParams:
    """How distractors are chosen.

    A candidate must be dated at least ``min_gap_days`` from every dated article of the
    group (so it is not another outlet's report of the same event), preferably within
    ``window_days`` (widened to any date when fewer than ``shortlist`` candidates remain),
    and its TF-IDF cosine to every group article in the dataset must stay below
    ``max_similarity`` (a guard against same-story reports and re-published copies).
    Among the ``shortlist`` nearest to the group centroid, ``per_group`` are drawn.
    """

    per_group: int = 2
    min_gap_days: int = 7
    window_days: int = 365
    max_similarity: float = 0.5
    shortlist: int = 20
    seed: int = 0


class AbpIndex:
    """A TF-IDF index over the AllSides-ABP corpus for picking same-topic distractors.

    Building it streams the 90 MB file once (10-30 s on 2 cores); picks for several
    datasets reuse it. ``max_articles`` indexes only the first rows (for tests). Needs
    scikit-learn (a dev dependency: evaluation only).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        prefix_chars: int = 2000,
        max_articles: int | None = None,
    ) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.path = data_dir(path)
        self.prefix_chars = prefix_chars
        docs: list[str] = []
        self.ids: list[str] = []  # content ids (article_id of the text)
        self.titles: list[str] = []
        dates: list[int] = []
        for row, art in enumerate(iter_abp(self.path)):
            if max_articles is not None and row >= max_articles:
                break
            self.ids.append(art.id)
            self.titles.append(_norm_title(art.title))
            d = publication_day(art.date)
            dates.append(d.toordinal() if d else -1)
            docs.append(_doc(art.title, art.text, prefix_chars))
        self.dates = np.asarray(dates, dtype=np.int64)
        self.vectorizer = TfidfVectorizer(
            stop_words="english", sublinear_tf=True, min_df=2, max_df=0.5, dtype=np.float32
        )
        self.matrix = self.vectorizer.fit_transform(docs)

    def _vectors(self, articles: Sequence[Article]) -> np.ndarray:
        docs = [_doc(a.title, a.text, self.prefix_chars) for a in articles]
        return np.asarray(self.vectorizer.transform(docs).toarray(), dtype=np.float32)

    def pick(
        self, groups: Sequence[Group], params: DistractorParams = DistractorParams()
    ) -> dict[str, tuple[Article, ...]]:
        """Distractors per group id; none is a member (or a copy) of any given group,
        and none is given to two groups."""
        members = [a for g in groups for a in g.articles]
        member_vecs = self._vectors(members)
        # Highest cosine of every corpus article to any group article of the dataset.
        to_members = np.asarray(self.matrix @ member_vecs.T).max(axis=1)
        member_ids = {a.id for a in members}
        member_titles = {_norm_title(a.title) for a in members} - {""}
        banned = to_members >= params.max_similarity
        banned |= np.fromiter((i in member_ids for i in self.ids), bool, len(self.ids))
        banned |= np.fromiter((t in member_titles for t in self.titles), bool, len(self.ids))

        picked: dict[str, list[int]] = {}
        used: set[int] = set()
        offset = 0
        for g in groups:
            vecs = member_vecs[offset : offset + len(g.articles)]
            offset += len(g.articles)
            centre = vecs.mean(axis=0)
            centre /= float(np.linalg.norm(centre)) or 1.0
            sims = np.asarray(self.matrix @ centre).ravel()
            allowed = self._allowed_dates(g, params) & ~banned
            if used:
                allowed[list(used)] = False
            candidates = np.flatnonzero(allowed)
            order = candidates[np.argsort(-sims[candidates], kind="stable")]
            shortlist = order[: max(params.shortlist, params.per_group)]
            rng = np.random.default_rng([params.seed, zlib.crc32(g.id.encode())])
            take = min(params.per_group, len(shortlist))
            chosen = sorted(int(i) for i in rng.choice(shortlist, size=take, replace=False))
            used.update(chosen)
            picked[g.id] = chosen
        by_row = self._fetch({i for rows in picked.values() for i in rows})
        return {gid: tuple(by_row[i] for i in rows) for gid, rows in picked.items()}

    def _allowed_dates(self, group: Group, params: DistractorParams) -> np.ndarray:
        days = [d.toordinal() for a in group.articles if (d := publication_day(a.date))]
        if not days:  # undated groups (ECB+): topic similarity alone decides
            return np.ones(len(self.ids), dtype=bool)
        dated = self.dates >= 0
        gap = np.min(np.abs(self.dates[:, None] - np.asarray(days)[None, :]), axis=1)
        ok = dated & (gap >= params.min_gap_days)
        near = ok & (gap <= params.window_days)
        # Corpus years start in 2012: older groups fall back to any date.
        chosen: np.ndarray = near if int(near.sum()) >= params.shortlist else ok
        return chosen

    def _fetch(self, rows: Iterable[int]) -> dict[int, Article]:
        wanted = set(rows)
        out: dict[int, Article] = {}
        if not wanted:
            return out
        for row, art in enumerate(iter_abp(self.path)):
            if row in wanted:
                out[row] = art
                if len(out) == len(wanted):
                    break
        return out
