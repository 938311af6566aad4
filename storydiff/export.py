"""Export stories and their comparisons for analysis: JSONL, CSV or Parquet.

One row per article x unit of a story's comparison, each row readable alone, so that a
researcher needs no other file (nor a join) to analyse coverage:

- ``unit="fact"``: one row per article for every fact, present or omitted (omissions are
  data). An omitting outlet's row has ``present`` false and the fact's first wording as
  ``text``; a stating outlet's row has its own words, their offsets, the relation of its
  version to the fact's other versions (from its own side: ``stronger`` means this outlet
  says it more strongly), the reasons and this article's evidence offsets.
- ``unit="unique"``: a sentence only this article states or touches.
- ``unit="addition"``: a claim only this article states inside an otherwise shared
  sentence (``fact_id`` names the fact the sentence belongs to, if any).
- ``unit="related"``: this article's side of a related link (same actors and subject,
  not counted as one fact); ``relation_with`` names the other outlet.
- An article with none of these (a one-article story) keeps one row with ``unit=""``.

Every row also carries the framing markers and the attributed sources found in its
sentences, the article's metadata and the outlet. ``outlet_key`` is stable across
exports: a slug of the outlet name plus the domain of the article's URL, so two outlets
of one name on different domains stay apart. Article metadata (extra input fields such
as ``leaning``) is flattened into ``meta_<key>`` columns, the union of the keys of all
rows. So ``df.pivot_table(index="fact_id", columns=["meta_leaning", "outlet_key"],
values="present")`` is the coverage matrix by lean. Lists are real lists in JSONL and
Parquet, JSON-encoded strings in CSV.

Each story is compared alone, so an export of many stories fans out freely:
``export_on_ray`` (``storydiff export --engine ray``) reads each story's articles in the
driver (the store may be a file no worker can reach) and hands them to a pool of
``StoryComparer`` actors on Ray, each holding one ``Pipeline`` (its models loaded once),
one story ahead per actor. Its rows are ``story_rows``'s, in the same order, with the same
settings (an embedding cache can change which sentences share an encoder batch, and so the
last bits of a vector, as in ingest).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from storydiff.errors import NotInstalled, StorydiffError
from storydiff.records import Article, Comparison, Fact, Relation, Segmented, Sentence, Span
from storydiff.settings import Settings
from storydiff.store import Store, StoryInfo, pick_articles

if TYPE_CHECKING:
    from storydiff.scale import RayOptions

# Column name -> Parquet type name (see ``_arrow_type``); the order is the files' order.
SCHEMA: dict[str, str] = {
    "story_id": "string",
    "story_title": "string",
    "article_id": "string",
    "outlet": "string",
    "outlet_key": "string",
    "domain": "string",
    "date": "string",
    "title": "string",
    "url": "string",
    "lang": "string",
    "unit": "string",
    "unit_id": "string",
    "fact_id": "string",
    "fact_label": "string",
    "fact_confidence": "float",
    "stated_by": "strings",
    "present": "bool",
    "sentences": "ints",
    "starts": "ints",
    "ends": "ints",
    "text": "string",
    "relation": "string",
    "relation_labels": "strings",
    "relation_with": "strings",
    "says_more": "bool",
    "says_stronger": "bool",
    "reasons": "strings",
    "evidence_kinds": "strings",
    "evidence_texts": "strings",
    "evidence_starts": "ints",
    "evidence_ends": "ints",
    "framing_kinds": "strings",
    "framing_words": "strings",
    "source_names": "strings",
    "source_kinds": "strings",
    "source_cues": "strings",
}
COLUMNS = tuple(SCHEMA)
FORMATS = ("jsonl", "csv", "parquet")
META_PREFIX = "meta_"

# Which of an article's relations to a fact's other versions names its row's relation:
# as a fact's label, a conflict beats a difference in force beats partial beats agree.
_RANK = {"conflict": 3, "stronger": 2, "weaker": 2, "partial": 1, "agree": 0}
_FORCE = ("stronger", "weaker")


def article_metadata(article: Article) -> dict[str, Any]:
    """The article's own metadata (the extra fields of its input item, such as
    ``leaning``), so that the export needs no other file; ``story_rows`` takes another
    reader instead."""
    return dict(article.metadata)


def outlet_key(article: Article) -> str:
    """A key for the article's outlet that is the same in every export: a slug of the
    outlet name (else of its label) plus ``@domain`` when its URL has one, so that
    ``Herald`` of herald.com and ``Herald`` of herald.co.uk stay apart, while the
    positions of articles in a story change nothing."""
    slug = re.sub(r"[\W_]+", "-", (article.outlet or article.label).casefold()).strip("-")
    domain = url_domain(article.url)
    return f"{slug}@{domain}" if domain else slug


def url_domain(url: str | None) -> str:
    """The host of ``url`` without ``www.``, lower-cased; ``""`` when there is none."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


@dataclass(frozen=True, kw_only=True)
class _Story:
    """What every row of one comparison shares: the story, the outlet keys by article id,
    and each fact's wordings by fact id and article id (empty where it is omitted)."""

    id: str
    title: str | None
    comparison: Comparison
    keys: dict[str, str]
    wordings: dict[str, dict[str, list[tuple[int, Span]]]]


def comparison_rows(
    story_id: str,
    title: str | None,
    comparison: Comparison,
    *,
    metadata: Callable[[Article], Mapping[str, Any]] = article_metadata,
) -> Iterator[dict[str, Any]]:
    """The rows of one compared story (see the module docstring), with ``metadata`` of each
    article as ``meta_<key>`` columns (only its own keys: ``write_rows`` fills the rest)."""
    story = _Story(
        id=story_id,
        title=title,
        comparison=comparison,
        keys={seg.article.id: outlet_key(seg.article) for seg in comparison.articles},
        wordings={
            fact.id: {seg.article.id: _wordings(fact, seg) for seg in comparison.articles}
            for fact in comparison.facts
        },
    )
    for seg in comparison.articles:
        base = _article_columns(story, seg, metadata(seg.article))
        units = [
            *(_fact_unit(story, seg, fact) for fact in comparison.facts),
            *_unique_units(story, seg),
            *_addition_units(story, seg),
            *_related_units(story, seg),
        ]
        for unit in units or [_blank_unit()]:
            yield {**base, **unit}


def _article_columns(story: _Story, seg: Segmented, meta: Mapping[str, Any]) -> dict[str, Any]:
    art = seg.article
    return {
        "story_id": story.id,
        "story_title": story.title,
        "article_id": art.id,
        "outlet": art.label,
        "outlet_key": story.keys[art.id],
        "domain": url_domain(art.url),
        "date": art.date,
        "title": art.title,
        "url": art.url,
        "lang": seg.lang,
        **{META_PREFIX + str(k): _meta_value(v) for k, v in meta.items()},
    }


def _meta_value(value: Any) -> str | None:
    # One type per column whatever the input held: text, or a list or number as JSON.
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _blank_unit() -> dict[str, Any]:
    """The unit columns of a row that states nothing: every list empty, no label."""
    return {
        "unit": "",
        "unit_id": "",
        "fact_id": "",
        "fact_label": "",
        "fact_confidence": None,
        "stated_by": [],
        "present": False,
        "sentences": [],
        "starts": [],
        "ends": [],
        "text": "",
        "relation": "",
        "relation_labels": [],
        "relation_with": [],
        "says_more": False,
        "says_stronger": False,
        "reasons": [],
        "evidence_kinds": [],
        "evidence_texts": [],
        "evidence_starts": [],
        "evidence_ends": [],
        "framing_kinds": [],
        "framing_words": [],
        "source_names": [],
        "source_kinds": [],
        "source_cues": [],
    }


def _wordings(fact: Fact, seg: Segmented) -> list[tuple[int, Span]]:
    """``(sentence index, words)`` of each member sentence of ``seg`` in ``fact``: the
    clause that states it when the fact has one span per member, else the sentence."""
    members = fact.members.get(seg.article.id, ())
    spans = fact.spans.get(seg.article.id, ())
    clauses = len(spans) == len(members)
    return [
        (i, spans[k] if clauses else _whole(seg.sentences[i]))
        for k, i in enumerate(members)
        if 0 <= i < len(seg.sentences)
    ]


def _whole(sentence: Sentence) -> Span:
    return Span(start=sentence.start, end=sentence.end, text=sentence.text)


def _fact_unit(story: _Story, seg: Segmented, fact: Fact) -> dict[str, Any]:
    wordings = story.wordings[fact.id]
    stating = [aid for aid, words in wordings.items() if words]
    own = wordings[seg.article.id]
    # An omitting outlet's row reads alone: the fact's first wording stands in for its own.
    words = own or (wordings[stating[0]] if stating else [])
    sentences = [i for i, _ in own]
    rels = [r for r in fact.relations if seg.article.id in (r.a[0], r.b[0])] if own else []
    return {
        **_blank_unit(),
        "unit": "fact",
        "unit_id": fact.id,
        "fact_id": fact.id,
        "fact_label": fact.label,
        "fact_confidence": round(float(fact.confidence), 4),
        "stated_by": [story.keys[aid] for aid in stating],
        "present": bool(own),
        "sentences": sentences,
        "starts": [span.start for _, span in own],
        "ends": [span.end for _, span in own],
        "text": " ".join(span.text for _, span in words),
        **_relation_columns(story, seg.article.id, rels),
        **_context_columns(story, seg, sentences),
    }


def _seen_from(rel: Relation, article_id: str) -> str:
    """The relation's label from ``article_id``'s side: ``stronger`` when it says it more
    strongly (a relation reads as version b relative to version a)."""
    if rel.label in _FORCE and rel.stronger:
        return "stronger" if rel.stronger == article_id else "weaker"
    return rel.label


def _relation_columns(story: _Story, article_id: str, rels: list[Relation]) -> dict[str, Any]:
    """The columns of one version's relations to the fact's other versions."""
    labels = [_seen_from(r, article_id) for r in rels]
    return {
        "relation": max(labels, key=lambda lab: _RANK.get(lab, -1)) if labels else "",
        "relation_labels": labels,
        "relation_with": [story.keys.get(_other_side(r, article_id), "") for r in rels],
        "says_more": any(r.label == "partial" and r.fuller == article_id for r in rels),
        "says_stronger": any(r.label in _FORCE and r.stronger == article_id for r in rels),
        "reasons": list(dict.fromkeys(reason for r in rels for reason in r.reasons)),
        **_evidence_columns(rels, article_id),
    }


def _other_side(rel: Relation, article_id: str) -> str:
    return rel.b[0] if rel.a[0] == article_id else rel.a[0]


def _evidence_columns(rels: list[Relation], article_id: str) -> dict[str, list[Any]]:
    """The evidence spans of ``rels`` in this article (each once), as parallel lists."""
    spans = dict.fromkeys(
        (e.kind, e.text, e.start, e.end)
        for r in rels
        for e in r.evidence
        if e.article_id == article_id
    )
    kinds, texts, starts, ends = (
        (list(column) for column in zip(*spans, strict=True)) if spans else ([], [], [], [])
    )
    return {
        "evidence_kinds": kinds,
        "evidence_texts": texts,
        "evidence_starts": starts,
        "evidence_ends": ends,
    }


def _context_columns(story: _Story, seg: Segmented, sentences: Sequence[int]) -> dict[str, Any]:
    """The framing markers and attributed sources in the row's sentences."""
    wanted = set(sentences)
    framing = story.comparison.framing.get(seg.article.id)
    markers = [m for m in framing.markers if m.sentence_index in wanted] if framing else []
    sources = story.comparison.sources.get(seg.article.id)
    said = [a for a in sources.attributions if a.sentence_index in wanted] if sources else []
    return {
        "framing_kinds": [m.kind for m in markers],
        "framing_words": [m.text for m in markers],
        "source_names": [a.source_name for a in said],
        "source_kinds": [a.source_kind for a in said],
        "source_cues": [a.cue.lemma for a in said],
    }


def _unique_units(story: _Story, seg: Segmented) -> Iterator[dict[str, Any]]:
    for i in story.comparison.unique.get(seg.article.id, ()):
        if 0 <= i < len(seg.sentences):
            s = seg.sentences[i]
            yield {
                **_blank_unit(),
                "unit": "unique",
                "present": True,
                "sentences": [i],
                "starts": [s.start],
                "ends": [s.end],
                "text": s.text,
                **_context_columns(story, seg, [i]),
            }


def _addition_units(story: _Story, seg: Segmented) -> Iterator[dict[str, Any]]:
    for add in story.comparison.additions.get(seg.article.id, ()):
        yield {
            **_blank_unit(),
            "unit": "addition",
            "fact_id": add.fact_id,
            "present": True,
            "sentences": [add.sentence_index],
            "starts": [add.start],
            "ends": [add.end],
            "text": add.text,
            "reasons": [add.kind],
            **_context_columns(story, seg, [add.sentence_index]),
        }


def _related_units(story: _Story, seg: Segmented) -> Iterator[dict[str, Any]]:
    art = seg.article.id
    for link in story.comparison.related:
        for (aid, index), span, other in (
            (link.a, link.a_span, link.b[0]),
            (link.b, link.b_span, link.a[0]),
        ):
            if aid != art:
                continue
            yield {
                **_blank_unit(),
                "unit": "related",
                "unit_id": link.id,
                "present": True,
                "sentences": [index],
                "starts": [span.start],
                "ends": [span.end],
                "text": span.text,
                "relation": "related",
                "relation_labels": ["related"],
                "relation_with": [story.keys.get(other, "")],
                "reasons": [link.reason] if link.reason else [],
                **_context_columns(story, seg, [index]),
            }


# Called before each story is compared: (stories done, stories in all, the story, the
# number of its articles compared), so that a front end can show progress and an ETA.
StoryProgress = Callable[[int, int, StoryInfo, int], None]


def story_rows(
    store: Store,
    story_ids: Sequence[str],
    compare: Callable[[Sequence[Article]], Comparison],
    *,
    max_articles: int = 0,
    metadata: Callable[[Article], Mapping[str, Any]] = article_metadata,
    progress: StoryProgress | None = None,
) -> Iterator[dict[str, Any]]:
    """Rows for each story in ``story_ids``, compared with ``compare`` (e.g.
    ``storydiff.compare.Pipeline().compare``). A story of more than ``max_articles``
    (when positive) is compared on ``pick_articles`` of it. ``metadata`` reads each
    article's metadata columns; ``progress`` hears of each comparison before it runs.
    Unknown ids raise ``StorydiffError``."""
    for done, sid in enumerate(story_ids):
        info = store.story(sid)
        if info is None:
            raise StorydiffError(f"no story {sid!r} in the store")
        articles = pick_articles(store.story_articles(info.id), max_articles)
        if progress is not None:
            progress(done, len(story_ids), info, len(articles))
        yield from comparison_rows(info.id, info.title, compare(articles), metadata=metadata)


class StoryComparer:
    """A Ray actor's work in an export: the rows of whole stories, one ``Pipeline`` (its
    embedder, relater and lexicons loaded once, in ``__init__``) for all of them."""

    def __init__(self, settings: Settings) -> None:
        from storydiff.compare import Pipeline  # the models: only where comparisons run

        self.pipeline = Pipeline(settings)

    def rows(
        self, story_id: str, title: str | None, articles: Sequence[Article]
    ) -> list[dict[str, Any]]:
        """The rows ``export.comparison_rows`` gives for the story."""
        comparison = self.pipeline.compare(articles)
        return list(comparison_rows(story_id, title, comparison, metadata=article_metadata))


def export_on_ray(
    store: Store,
    story_ids: Sequence[str],
    *,
    settings: Settings,
    options: RayOptions,
    max_articles: int = 0,
    progress: Callable[[int], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """The rows of ``story_rows(store, story_ids, Pipeline(settings).compare, ...)``, in
    the same order, compared by ``options.workers`` actors on Ray.

    ``progress`` is called with the number of stories compared so far as each comes back.
    Unknown ids raise ``StorydiffError`` before Ray starts: a typo costs no cluster time.
    """
    stories = []
    for sid in story_ids:
        info = store.story(sid)
        if info is None:
            raise StorydiffError(f"no story {sid!r} in the store")
        stories.append(info)
    if not stories:
        return
    from storydiff.scale import ray_session

    with ray_session(options) as ray:
        from ray.util import ActorPool

        actor = ray.remote(num_cpus=1)(StoryComparer)
        pool: Any = ActorPool([actor.remote(settings) for _ in range(max(1, options.workers))])
        compared = 0

        def next_rows() -> list[dict[str, Any]]:
            nonlocal compared
            rows: list[dict[str, Any]] = pool.get_next()  # in the order handed out
            compared += 1
            if progress is not None:
                progress(compared)
            return rows

        for info in stories:
            # A story's articles are read when an actor is free for it: the driver holds
            # one story per actor, not the whole export.
            while not pool.has_free():
                yield from next_rows()
            articles = pick_articles(store.story_articles(info.id), max_articles)
            pool.submit(lambda a, v: a.rows.remote(*v), (info.id, info.title, articles))
        while pool.has_next():
            yield from next_rows()


def _uniform(rows: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows with every ``meta_`` column of any row (``None`` where a row lacks it), and
    the column names: metadata keys differ between inputs, a table's columns cannot."""
    table = list(rows)
    meta = sorted({k for row in table for k in row if k not in SCHEMA})
    columns = [*COLUMNS, *meta]
    return [{c: row.get(c) for c in columns} for row in table], columns


def _csv_cell(value: Any) -> Any:
    # CSV has no lists: a list is its JSON, so json.loads gives it back whole.
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {
        "string": pa.string(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "ints": pa.list_(pa.int32()),
        "strings": pa.list_(pa.string()),
    }[kind]


def write_rows(rows: Iterable[dict[str, Any]], path: str | Path, fmt: str | None = None) -> int:
    """Write ``rows`` to ``path`` as ``fmt`` (default: from the extension); rows written.

    Every row gets the same columns: ``COLUMNS``, then the union of the rows' ``meta_``
    columns in name order."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise StorydiffError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise NotInstalled("pyarrow", "parquet") from None
    table, columns = _uniform(rows)
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for row in table:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns)
            writer.writeheader()
            for row in table:
                writer.writerow({k: _csv_cell(v) for k, v in row.items()})
    else:
        schema = pa.schema([(c, _arrow_type(SCHEMA.get(c, "string"))) for c in columns])
        pq.write_table(pa.Table.from_pylist(table, schema=schema), path)
    return len(table)


__all__ = [
    "COLUMNS",
    "FORMATS",
    "META_PREFIX",
    "SCHEMA",
    "StoryComparer",
    "StoryProgress",
    "article_metadata",
    "comparison_rows",
    "export_on_ray",
    "outlet_key",
    "story_rows",
    "url_domain",
    "write_rows",
]
