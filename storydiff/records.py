"""Core records that flow between pipeline stages.

Records are frozen, keyword-only dataclasses without logic. Every span is a pair of
character offsets into ``Article.text`` (Python string indices: ``text[start:end]``);
strings copied next to offsets are a convenience for readers, never the reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RelationLabel = Literal["agree", "partial", "conflict"]
Verdict = Literal["same story", "related", "different stories", "single article"]


@dataclass(frozen=True, kw_only=True)
class Removal:
    """A piece of scraping noise taken out of an article during ingest.

    ``line`` is the 1-based line number in the raw input; ``text`` is exactly what was
    removed, so nothing is lost silently.
    """

    kind: str
    line: int
    text: str


@dataclass(frozen=True, kw_only=True)
class Article:
    """One article as ingested. ``id`` is a hash of the cleaned text."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    lang: str | None = None
    url: str | None = None
    source: str = ""
    removed: tuple[Removal, ...] = ()

    @property
    def label(self) -> str:
        """A short human label: outlet, else source file name, else id."""
        if self.outlet:
            return self.outlet
        if self.source:
            return self.source.rsplit("/", 1)[-1]
        return self.id[:8]


@dataclass(frozen=True, kw_only=True)
class Sentence:
    """A sentence of an article: ``article.text[start:end] == text``."""

    article_id: str
    index: int
    start: int
    end: int
    text: str
    is_title: bool = False


@dataclass(frozen=True, kw_only=True)
class Segmented:
    """An article with its detected language and sentences."""

    article: Article
    lang: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """A token or phrase that supports a relation label, located in one article."""

    kind: str  # "number", "date", "entity", "negation", "hedge", "extra", ...
    article_id: str
    start: int
    end: int
    text: str
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class Relation:
    """How two versions of one fact relate.

    ``a`` and ``b`` are ``(article_id, sentence_index)``; ``label`` is ``agree``,
    ``partial`` (one version says more: ``fuller`` names which) or ``conflict``.
    """

    a: tuple[str, int]
    b: tuple[str, int]
    label: RelationLabel
    confidence: float
    similarity: float
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    fuller: str | None = None


@dataclass(frozen=True, kw_only=True)
class Fact:
    """One statement as each outlet worded it: member sentences per article.

    ``members`` maps article id to the indices of its sentences in this fact (one-to-many
    is allowed). ``label`` summarises ``relations``: conflict beats partial beats agree.
    """

    id: str
    members: dict[str, tuple[int, ...]]
    relations: tuple[Relation, ...]
    label: RelationLabel
    confidence: float


@dataclass(frozen=True, kw_only=True)
class PairScore:
    """Same-story score for two articles, in [0, 1]."""

    a: str
    b: str
    score: float
    sentence_overlap: float
    document_similarity: float
    entity_overlap: float


@dataclass(frozen=True, kw_only=True)
class SameStory:
    """Same-story verdict for the whole set, with the articles that do not belong."""

    score: float
    verdict: Verdict
    pairs: tuple[PairScore, ...]
    outliers: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """Everything ``storydiff compare`` found for one set of articles."""

    articles: tuple[Segmented, ...]
    same_story: SameStory
    facts: tuple[Fact, ...]
    unique: dict[str, tuple[int, ...]]
    settings: dict[str, object] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
