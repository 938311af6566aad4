"""Records of the framing lens (to move into ``storydiff.records`` once the API settles)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MarkerKind = Literal[
    "naming", "label", "hedge", "attribution-verb", "loaded", "scare-quote", "persuasion"
]
MARKER_KINDS: tuple[MarkerKind, ...] = (
    "naming",
    "label",
    "hedge",
    "attribution-verb",
    "loaded",
    "scare-quote",
    "persuasion",
)
Voice = Literal["outlet", "quoted"]


@dataclass(frozen=True, kw_only=True)
class Marker:
    """One wording choice in an article: ``article.text[start:end] == text``.

    ``group`` names what the choice is between ("Kyiv/Kiev", "regime", "claim"), ``variant``
    is this article's choice and ``alternatives`` the other forms. ``origin`` tells where a
    naming variant comes from ("ukrainian", "russian", "neutral"); ``voice`` is ``"quoted"``
    when the words sit inside a direct quote, so they are the quoted speaker's choice, not the
    outlet's. ``source`` is the lexicon entry id and the reference it cites.
    """

    article_id: str
    sentence_index: int
    kind: MarkerKind
    start: int
    end: int
    text: str
    group: str = ""
    variant: str = ""
    alternatives: tuple[str, ...] = ()
    origin: str = ""
    note: str = ""
    confidence: float = 1.0
    source: str = ""
    voice: Voice = "outlet"


@dataclass(frozen=True, kw_only=True)
class FramingSummary:
    """Counts per marker kind, raw and per 1,000 words, comparable across articles.

    ``naming_origins`` counts naming choices in the outlet's own voice by origin and
    ``verb_connotations`` its attribution verbs by connotation ("neutral", "doubt", ...);
    ``loaded_sentences`` counts sentences the loaded-language classifier flags.
    """

    words: int
    sentences: int
    counts: dict[str, int] = field(default_factory=dict)
    per_1000_words: dict[str, float] = field(default_factory=dict)
    quoted_counts: dict[str, int] = field(default_factory=dict)
    naming_origins: dict[str, int] = field(default_factory=dict)
    verb_connotations: dict[str, int] = field(default_factory=dict)
    loaded_sentences: int = 0
    loaded_share: float = 0.0


@dataclass(frozen=True, kw_only=True)
class Framing:
    """The framing markers of one article and its summary.

    ``sentence_loaded`` holds, per sentence, the classifier's probability that the sentence
    uses loaded language; ``loaded_model`` names the model variant that produced it.
    """

    article_id: str
    lang: str
    markers: tuple[Marker, ...]
    sentence_loaded: tuple[float, ...]
    summary: FramingSummary
    loaded_model: str = ""


@dataclass(frozen=True, kw_only=True)
class Wording:
    """How one member sentence of a fact words the action and its referents.

    ``predicate`` is the main verb phrase ("did not support", "has reportedly blocked") at
    ``predicate_start:predicate_end`` in the article text, empty when no parser covers the
    language; ``lemma`` is its head verb's lemma and ``negated`` whether it is negated.
    ``attribution`` is the reporting verb when the predicate sits under one ("say that ...").
    """

    article_id: str
    sentence_index: int
    predicate: str = ""
    predicate_start: int | None = None
    predicate_end: int | None = None
    lemma: str = ""
    negated: bool = False
    subject: str = ""
    attribution: str = ""
    markers: tuple[Marker, ...] = ()


@dataclass(frozen=True, kw_only=True)
class WordingDiff:
    """The words each outlet chose for one fact, side by side.

    ``predicates`` maps article id to the distinct predicates of its member sentences, in
    text order; ``differs`` is true when the outlets chose different head verbs or polarity.
    """

    fact_id: str
    versions: tuple[Wording, ...]
    predicates: dict[str, tuple[str, ...]]
    differs: bool
