"""Core records that flow between pipeline stages.

Records are frozen, keyword-only dataclasses without logic. Every span is a pair of
character offsets into ``Article.text`` (Python string indices: ``text[start:end]``);
strings copied next to offsets are a convenience for readers, never the reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

RelationLabel = Literal["agree", "partial", "stronger", "weaker", "conflict"]
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
    """One article as ingested. ``id`` is a hash of the cleaned text.

    ``source_id`` is the input's own ``id`` field, kept beside the content hash so a
    researcher can join results back to their own records; ``metadata`` holds every other
    field of the input item that is not one of the fields above (``leaning``, ``topic``,
    ``authors``...), as JSON values. Neither takes part in the id: the same text is the same
    article whatever it is labelled.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    lang: str | None = None
    url: str | None = None
    source: str = ""
    removed: tuple[Removal, ...] = ()
    source_id: str | None = None
    # Left out of the hash: a dict cannot be hashed, and the id already says which article.
    metadata: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def label(self) -> str:
        """A short human label: outlet, else source file name, else id."""
        if self.outlet:
            return self.outlet
        if self.source:
            return self.source.rsplit("/", 1)[-1]
        return self.id[:8]


@dataclass(frozen=True, kw_only=True)
class Outlet:
    """One outlet of the user's outlet table (``storydiff outlets import``).

    ``key`` is the name as matched (``storydiff.outlets.name_key``: casefolded, without
    punctuation or spaces); ``domain`` is a host without ``www.`` (its subdomains match
    too); ``group`` is a lean or any grouping the user chose, counted per story. Nothing
    here is bundled: every value comes from the user's file, and ``extra`` keeps its other
    columns.
    """

    key: str
    name: str
    domain: str | None = None
    country: str | None = None
    language: str | None = None
    group: str | None = None
    owner: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)


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
class Unit:
    """One claim of a sentence, the unit facts are aligned on (``storydiff.units``):
    ``article.text[start:end] == text``. ``whole`` is true when the unit is the whole
    sentence (a sentence with one claim)."""

    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    whole: bool = True


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
    ``partial`` (one version says more: ``fuller`` names which), ``stronger`` / ``weaker``
    (the same claim with different force or certainty, read as *version B relative to
    version A*: ``weaker`` means B hedges, attributes or softens what A states; the field
    ``stronger`` names the article that says it more forcefully) or ``conflict`` (both
    cannot be true).
    """

    a: tuple[str, int]
    b: tuple[str, int]
    label: RelationLabel
    confidence: float
    similarity: float
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    fuller: str | None = None
    stronger: str | None = None


@dataclass(frozen=True, kw_only=True)
class Fact:
    """One statement as each outlet worded it: member sentences per article.

    ``members`` maps article id to the indices of its sentences in this fact (one-to-many
    is allowed). ``label`` summarises ``relations``: conflict beats stronger / weaker (a
    difference in force) beats partial beats agree.
    """

    id: str
    members: dict[str, tuple[int, ...]]
    relations: tuple[Relation, ...]
    label: RelationLabel
    confidence: float
    # Article id -> the words of each member sentence that state the fact, one span per
    # member sentence in ``members`` order: the whole sentence, or the clause(s) of a
    # sentence that carries more than one claim (``storydiff.units``).
    spans: dict[str, tuple[Span, ...]] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class RelatedLink:
    """Two units of different articles about the same actors and subject that are not
    counted as one fact ("Russia said it would be a declaration of war" / "Russia
    warned that foreign troops would be legitimate targets").

    Kept apart from facts (nothing is claimed to agree or conflict), so that what another
    outlet touches is not shown as "only in". ``a`` and ``b`` are ``(article_id,
    sentence_index)`` with the unit's words in ``a_span`` / ``b_span``; ``shared`` lists
    the names or words both use (empty across scripts), and ``reason`` says in words why
    the two are linked. ``kept_out_by`` names the rule (``align.VetoRule``) that kept the
    two out of one fact although the scorer read them as one claim; ``""`` when the
    scorer itself did not, or only grouping kept them apart.
    """

    id: str
    a: tuple[str, int]
    b: tuple[str, int]
    a_span: Span
    b_span: Span
    score: float
    shared: tuple[str, ...] = ()
    reason: str = ""
    kept_out_by: str = ""


@dataclass(frozen=True, kw_only=True)
class Addition:
    """Words one article states that no other article states or touches, inside a
    sentence that is otherwise shared: a clause left over when the sentence's other
    clause joined a fact (``kind="clause"``), or what a fuller version adds over every
    other version of its fact (``kind="extra"``). ``fact_id`` is the fact the sentence
    belongs to (``""`` when it is only related)."""

    article_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    kind: str
    fact_id: str = ""


@dataclass(frozen=True, kw_only=True)
class PairScore:
    """Same-story score for two articles, in [0, 1]."""

    a: str
    b: str
    score: float
    sentence_overlap: float
    document_similarity: float
    entity_overlap: float
    # Cosine of character n-gram TF-IDF over Latin transliteration (names across scripts).
    char_similarity: float = 0.0
    # Shared numbers (years left out), shrunk for small sets.
    number_overlap: float = 0.0
    # Days between publication dates, less when one text names the other's date; None
    # when either article is undated.
    days_apart: int | None = None


@dataclass(frozen=True, kw_only=True)
class SameStory:
    """Same-story verdict for the whole set, with the articles that do not belong."""

    score: float
    verdict: Verdict
    pairs: tuple[PairScore, ...]
    outliers: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


# --- Framing (see storydiff.frame) ---

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
    ``loaded_sentences`` counts sentences the loaded-language classifier flags. ``read`` is
    false when no lexicon entry applies to the article's language: no marker then means
    nothing was looked for, not plain wording.
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
    read: bool = True


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


# --- Who says what (see storydiff.attribute, storydiff.origins) ---

SourceKind = Literal["person", "organisation", "outlet", "anonymous", "document", "unknown"]
AttributionMode = Literal["quote", "paraphrase"]


@dataclass(frozen=True, kw_only=True)
class Span:
    """``Article.text[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, kw_only=True)
class Cue:
    """The words that mark an attribution, with a canonical English ``lemma``
    ("say", "according to", "write", "claim", "reportedly", "with reference to")."""

    start: int
    end: int
    text: str
    lemma: str


@dataclass(frozen=True, kw_only=True)
class Attribution:
    """One attributed claim in an article.

    ``source`` is ``None`` when the text names nobody ("reportedly"); ``source_name`` is
    normalised ("Dmitry Peskov" for "Kremlin spokesman Dmitry Peskov", "Politico" for "the
    journalists" after Politico was named). ``content`` may cover earlier sentences
    ("Politico writes about this"). ``parent`` is the index of the attribution whose source
    cites this one (Politico ← "two people familiar with the call").
    """

    article_id: str
    sentence_index: int
    source: Span | None
    source_name: str
    source_kind: SourceKind
    cue: Cue
    mode: AttributionMode
    content: Span | None
    affiliation: str | None = None
    parent: int | None = None


@dataclass(frozen=True, kw_only=True)
class SourceVoice:
    """A source the article gives words to (``storydiff.attribute.Voice``; not the framing
    ``Voice`` above). ``attributions`` index ``Sources.attributions``; ``words`` counts the
    words of its content."""

    article_id: str
    name: str
    kind: SourceKind
    affiliation: str | None
    words: int
    attributions: tuple[int, ...]
    first_index: int
    last_index: int


@dataclass(frozen=True, kw_only=True)
class Sources:
    """Attributions (in text order) and voices (in order of first appearance) of one article.

    ``method`` says how they were found: ``"parse"`` or ``"patterns"``. ``read`` is false
    for a language who-says-what does not read (``storydiff.attribute.LANGUAGES``): the
    English patterns ran over it, so finding no voice there does not mean the outlet
    speaks in its own voice.
    """

    article_id: str
    attributions: tuple[Attribution, ...]
    voices: tuple[SourceVoice, ...]
    first_voice: str | None
    last_voice: str | None
    method: str = "patterns"
    read: bool = True


@dataclass(frozen=True, kw_only=True)
class Relay:
    """An article passing on another outlet's report.

    ``attributions`` index the article's ``Sources.attributions`` that name the outlet (or
    refer back to it); ``sentences`` are the sentences carried from it; ``sources`` are the
    outlet's own sources as this article names them. ``whole_article`` is true when the
    outlet is named in the lead, so that the lead and what follows up to its last mention
    are relayed.
    """

    article_id: str
    outlet: str
    attributions: tuple[int, ...]
    sentences: tuple[int, ...]
    sources: tuple[str, ...]
    whole_article: bool


@dataclass(frozen=True, kw_only=True)
class Origin:
    """One independent origin behind a fact.

    ``kind`` is a source kind ("outlet", "person", ...) or ``"article"`` for a carrying
    outlet's own, unattributed reporting (``name`` is then the article's label).
    ``sources`` hang under the origin (Politico ← "two people familiar with the call").
    ``articles`` are the carrying articles that trace the fact here; ``evidence`` lists
    ``(article_id, attribution index)`` of the attributions that say so.
    """

    name: str
    kind: str
    sources: tuple[str, ...]
    articles: tuple[str, ...]
    evidence: tuple[tuple[str, int], ...]


@dataclass(frozen=True, kw_only=True)
class FactOrigins:
    """The outlets carrying one fact and the independent origins behind it."""

    fact_id: str
    carried_by: tuple[str, ...]
    origins: tuple[Origin, ...]
    n_independent: int


@dataclass(frozen=True, kw_only=True)
class SourceMap:
    """Relays per article, groups of near-duplicate articles, and origins per fact."""

    relays: dict[str, tuple[Relay, ...]]
    copies: tuple[tuple[str, ...], ...]
    facts: tuple[FactOrigins, ...]


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """Everything ``storydiff compare`` found for one set of articles.

    ``framing`` maps article id to its framing markers; ``wording`` holds, per fact, the
    words each outlet chose (both empty when the framing stage is switched off).
    ``sources`` maps article id to who is quoted or paraphrased; ``origins`` holds relays,
    copies and the independent origins behind each fact. ``related`` links units that
    touch the same actors and subject without stating the same thing; ``unique`` holds,
    per article, the sentences nobody else states or touches, and ``additions`` the
    claims inside otherwise shared sentences that nobody else states or touches.
    """

    articles: tuple[Segmented, ...]
    same_story: SameStory
    facts: tuple[Fact, ...]
    unique: dict[str, tuple[int, ...]]
    framing: dict[str, Framing] = field(default_factory=dict)
    wording: tuple[WordingDiff, ...] = ()
    sources: dict[str, Sources] = field(default_factory=dict)
    origins: SourceMap | None = None
    related: tuple[RelatedLink, ...] = ()
    additions: dict[str, tuple[Addition, ...]] = field(default_factory=dict)
    settings: dict[str, object] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
