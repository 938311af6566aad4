"""The JSON form of a ``Comparison``: a public, versioned contract (see docs/json.md).

``to_dict`` / ``from_dict`` convert between records and plain JSON values, so a
comparison survives a trip through a file, a cache or the REST API unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any, cast

from storydiff.errors import StorydiffError
from storydiff.records import (
    Addition,
    Article,
    Comparison,
    Evidence,
    Fact,
    PairScore,
    RelatedLink,
    Relation,
    RelationLabel,
    Removal,
    SameStory,
    Segmented,
    Sentence,
    Span,
    Verdict,
)
from storydiff.render._base import (
    conflict_ids,
    coverage,
    sentence_facts,
    sentence_roles,
    summarize,
)
from storydiff.render._jsonlenses import (
    framing_dict,
    framing_from,
    sources_dict,
    sources_from,
    wording_from,
    wording_list,
)

# Version 2 added the relation labels ``stronger`` / ``weaker``, the relation field
# ``stronger`` and their counts in ``summary.labels``. Version 1 documents are a subset
# (no such labels), so they are still read.
SCHEMA = "storydiff.comparison/2"
READABLE_VERSIONS = ("1", "2")
SCHEMA_NAME, _, _SCHEMA_VERSION = SCHEMA.partition("/")
SCHEMA_VERSION = int(_SCHEMA_VERSION)

# The scores of a same-story pair, in the order the JSON writes them; a document written
# before the last two existed still reads, with those as 0.
PAIR_SCORES = (
    "score",
    "sentence_overlap",
    "document_similarity",
    "entity_overlap",
    "char_similarity",
    "number_overlap",
)
_REQUIRED_SCORES = frozenset(PAIR_SCORES[:4])


def _jsonable(value: object) -> object:
    """Plain JSON values for settings: paths and other objects become strings."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, PurePath):
        return str(value)
    if hasattr(value, "item"):  # numpy scalars (float32, int64) are not int or float
        return _jsonable(value.item())
    return str(value)


def _evidence(e: Evidence) -> dict[str, object]:
    return {
        "kind": e.kind,
        "article": e.article_id,
        "start": int(e.start),
        "end": int(e.end),
        "text": e.text,
        "note": e.note,
    }


def _relation(r: Relation) -> dict[str, object]:
    return {
        "a": {"article": r.a[0], "sentence": int(r.a[1])},
        "b": {"article": r.b[0], "sentence": int(r.b[1])},
        "label": r.label,
        "confidence": float(r.confidence),
        "similarity": float(r.similarity),
        "fuller": r.fuller,
        "stronger": r.stronger,
        "reasons": list(r.reasons),
        "evidence": [_evidence(e) for e in r.evidence],
    }


def _fact(f: Fact, comparison: Comparison) -> dict[str, object]:
    return {
        "id": f.id,
        "label": f.label,
        "confidence": float(f.confidence),
        "members": {aid: [int(i) for i in idx] for aid, idx in f.members.items()},
        "coverage": list(coverage(f, comparison)),
        "spans": {aid: [_span(sp) for sp in spans] for aid, spans in f.spans.items()},
        "relations": [_relation(r) for r in f.relations],
    }


def _span(sp: Span) -> dict[str, object]:
    return {"start": int(sp.start), "end": int(sp.end), "text": sp.text}


def _related(r: RelatedLink) -> dict[str, object]:
    return {
        "id": r.id,
        "a": {"article": r.a[0], "sentence": int(r.a[1])} | _span(r.a_span),
        "b": {"article": r.b[0], "sentence": int(r.b[1])} | _span(r.b_span),
        "score": float(r.score),
        "shared": list(r.shared),
        "reason": r.reason,
        "kept_out_by": r.kept_out_by or None,
    }


def _addition(x: Addition) -> dict[str, object]:
    return {
        "sentence": int(x.sentence_index),
        "start": int(x.start),
        "end": int(x.end),
        "text": x.text,
        "kind": x.kind,
        "fact": x.fact_id or None,
    }


def _article(
    seg: Segmented, roles: list[str], facts: dict[tuple[str, int], list[str]]
) -> dict[str, object]:
    a = seg.article
    return {
        "id": a.id,
        "label": a.label,
        "title": a.title,
        "outlet": a.outlet,
        "date": a.date,
        "lang": seg.lang,
        "lang_detected": a.lang is None,
        "url": a.url,
        "source": a.source,
        # Only when the input had them, so a comparison of plain files reads as before.
        **({"source_id": a.source_id} if a.source_id is not None else {}),
        **({"metadata": a.metadata} if a.metadata else {}),
        "text": a.text,
        "removed": [{"kind": r.kind, "line": r.line, "text": r.text} for r in a.removed],
        "sentences": [
            {
                "index": s.index,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "is_title": s.is_title,
                "role": roles[n],
                "facts": facts.get((a.id, s.index), []),
            }
            for n, s in enumerate(seg.sentences)
        ],
    }


def to_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON values, in the ``storydiff.comparison/2`` schema."""
    from storydiff import __version__  # here, not on top: storydiff may import render

    ss = comparison.same_story
    roles = sentence_roles(comparison)
    facts = sentence_facts(comparison)
    summary = summarize(comparison)
    return {
        "storydiff": __version__,
        "schema": SCHEMA,
        "same_story": {
            "score": float(ss.score),
            "verdict": ss.verdict,
            "outliers": list(ss.outliers),
            "warnings": list(ss.warnings),
            "pairs": [
                {
                    "a": p.a,
                    "b": p.b,
                    **{name: float(getattr(p, name)) for name in PAIR_SCORES},
                    "days_apart": p.days_apart,
                }
                for p in ss.pairs
            ],
        },
        "summary": {
            "articles": summary.articles,
            "languages": list(summary.languages),
            "facts": summary.facts,
            "shared_by_all": summary.shared_by_all,
            "shared_by_some": summary.shared_by_some,
            "labels": summary.labels,
            "unique": summary.unique,
            "related": summary.related,
            "additions": summary.additions,
        },
        "articles": [
            _article(seg, list(roles[seg.article.id]), facts) for seg in comparison.articles
        ],
        "facts": [_fact(f, comparison) for f in comparison.facts],
        "unique": {aid: [int(i) for i in idx] for aid, idx in comparison.unique.items()},
        "additions": {
            aid: [_addition(x) for x in adds] for aid, adds in comparison.additions.items()
        },
        "related": [_related(r) for r in comparison.related],
        "conflicts": list(conflict_ids(comparison)),
        "framing": framing_dict(comparison.framing),
        "wording": wording_list(comparison.wording),
        "sources": sources_dict(comparison.sources, comparison.origins),
        "settings": _jsonable(comparison.settings),
        "timings": {k: float(v) for k, v in comparison.timings.items()},
    }


def render_json(comparison: Comparison, *, color: bool = False) -> str:
    """The comparison as JSON text (UTF-8 characters kept, two-space indent)."""
    del color  # JSON is for machines; colour would corrupt it
    return json.dumps(to_dict(comparison), ensure_ascii=False, indent=2)


to_json = render_json


def _check_schema(d: Mapping[str, Any]) -> None:
    schema = d.get("schema")
    name, _, version = str(schema).partition("/")
    if name != SCHEMA_NAME:
        raise StorydiffError(f"not a storydiff comparison (schema {schema!r})")
    if version not in READABLE_VERSIONS:
        raise StorydiffError(
            f"unsupported schema {schema!r}: this storydiff reads {SCHEMA} (upgrade storydiff)"
        )


def _segmented(d: Mapping[str, Any]) -> Segmented:
    article = Article(
        id=d["id"],
        text=d["text"],
        title=d.get("title"),
        outlet=d.get("outlet"),
        date=d.get("date"),
        lang=None if d.get("lang_detected", False) else d.get("lang"),
        url=d.get("url"),
        source=d.get("source") or "",
        source_id=d.get("source_id"),
        metadata=dict(d.get("metadata") or {}),
        removed=tuple(
            Removal(kind=r["kind"], line=int(r["line"]), text=r["text"])
            for r in d.get("removed", ())
        ),
    )
    sentences = tuple(
        Sentence(
            article_id=article.id,
            index=int(s["index"]),
            is_title=bool(s.get("is_title", False)),
            **_offsets(s),
        )
        for s in d["sentences"]
    )
    return Segmented(article=article, lang=d["lang"], sentences=sentences)


def _relation_from(d: Mapping[str, Any]) -> Relation:
    return Relation(
        a=(d["a"]["article"], int(d["a"]["sentence"])),
        b=(d["b"]["article"], int(d["b"]["sentence"])),
        label=cast(RelationLabel, d["label"]),
        confidence=float(d["confidence"]),
        similarity=float(d["similarity"]),
        fuller=d.get("fuller"),
        stronger=d.get("stronger"),
        reasons=tuple(d.get("reasons", ())),
        evidence=tuple(
            Evidence(kind=e["kind"], article_id=e["article"], note=e.get("note", ""), **_offsets(e))
            for e in d.get("evidence", ())
        ),
    )


def _offsets(d: Mapping[str, Any]) -> dict[str, Any]:
    """The ``start``, ``end`` and ``text`` of a span in the JSON, as record fields: every
    span the contract writes (sentence, evidence, addition, related side) has these three."""
    return {"start": int(d["start"]), "end": int(d["end"]), "text": d["text"]}


def _span_from(d: Mapping[str, Any]) -> Span:
    return Span(**_offsets(d))


def _related_from(d: Mapping[str, Any]) -> RelatedLink:
    return RelatedLink(
        id=d["id"],
        a=(d["a"]["article"], int(d["a"]["sentence"])),
        b=(d["b"]["article"], int(d["b"]["sentence"])),
        a_span=_span_from(d["a"]),
        b_span=_span_from(d["b"]),
        score=float(d["score"]),
        shared=tuple(d.get("shared", ())),
        reason=d.get("reason", ""),
        kept_out_by=d.get("kept_out_by") or "",
    )


def _pair_from(p: Mapping[str, Any]) -> PairScore:
    scores = {n: float(p[n] if n in _REQUIRED_SCORES else p.get(n, 0.0)) for n in PAIR_SCORES}
    days = p.get("days_apart")
    return PairScore(a=p["a"], b=p["b"], days_apart=None if days is None else int(days), **scores)


def _addition_from(article_id: str, d: Mapping[str, Any]) -> Addition:
    return Addition(
        article_id=article_id,
        sentence_index=int(d["sentence"]),
        kind=d["kind"],
        fact_id=d.get("fact") or "",
        **_offsets(d),
    )


def from_dict(d: Mapping[str, Any]) -> Comparison:
    """Rebuild a ``Comparison`` from ``to_dict`` output (or parsed ``--format json``).

    Derived fields (``label``, ``coverage``, ``role``, ``summary``, ``conflicts``) are
    recomputed from the records, not read back. Raises StorydiffError when ``d`` is not a
    comparison of a schema version this storydiff reads.
    """
    _check_schema(d)
    try:
        ss = d["same_story"]
        same_story = SameStory(
            score=float(ss["score"]),
            verdict=cast(Verdict, ss["verdict"]),
            outliers=tuple(ss.get("outliers", ())),
            warnings=tuple(ss.get("warnings", ())),
            pairs=tuple(_pair_from(p) for p in ss.get("pairs", ())),
        )
        facts = tuple(
            Fact(
                id=f["id"],
                label=cast(RelationLabel, f["label"]),
                confidence=float(f["confidence"]),
                members={aid: tuple(int(i) for i in idx) for aid, idx in f["members"].items()},
                relations=tuple(_relation_from(r) for r in f.get("relations", ())),
                spans={
                    aid: tuple(_span_from(sp) for sp in spans)
                    for aid, spans in (f.get("spans") or {}).items()
                },
            )
            for f in d["facts"]
        )
        framing = framing_from(d.get("framing"))
        sources, source_map = sources_from(d.get("sources"))
        return Comparison(
            articles=tuple(_segmented(a) for a in d["articles"]),
            framing=framing,
            wording=wording_from(d.get("wording"), framing),
            sources=sources,
            origins=source_map,
            same_story=same_story,
            facts=facts,
            unique={aid: tuple(int(i) for i in idx) for aid, idx in d["unique"].items()},
            related=tuple(_related_from(r) for r in d.get("related") or ()),
            additions={
                aid: tuple(_addition_from(aid, x) for x in adds)
                for aid, adds in (d.get("additions") or {}).items()
            },
            settings=dict(d.get("settings") or {}),
            timings={k: float(v) for k, v in (d.get("timings") or {}).items()},
        )
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise StorydiffError(f"malformed storydiff comparison: {type(err).__name__} {err}") from err


def from_json(text: str) -> Comparison:
    """Parse JSON text written by ``render_json`` back into a ``Comparison``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise StorydiffError(f"not JSON: {err}") from err
    if not isinstance(data, dict):
        raise StorydiffError("not a storydiff comparison (expected a JSON object)")
    return from_dict(data)
