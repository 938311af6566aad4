"""JSON for the lenses on top of the comparison core: framing, wording and sources.

Kept apart from ``jsonout`` so each lens adds its section without growing the core
serialiser; ``to_dict`` and ``from_dict`` call these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any, cast

from storydiff.records import (
    Attribution,
    Cue,
    FactOrigins,
    Framing,
    FramingSummary,
    Marker,
    MarkerKind,
    Origin,
    Relay,
    SourceMap,
    Sources,
    SourceVoice,
    Span,
    Voice,
    Wording,
    WordingDiff,
)
from storydiff.render.phrases import chain
from storydiff.render.phrases import summary as origin_summary


def marker_dict(m: Marker) -> dict[str, Any]:
    return {
        "kind": m.kind,
        "sentence": m.sentence_index,
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "group": m.group,
        "variant": m.variant,
        "alternatives": list(m.alternatives),
        "origin": m.origin,
        "note": m.note,
        "confidence": float(m.confidence),
        "voice": m.voice,
        "source": m.source,
    }


def framing_dict(framing: Mapping[str, Framing]) -> dict[str, Any]:
    return {
        aid: {
            "lang": f.lang,
            "markers": [marker_dict(m) for m in f.markers],
            "summary": asdict(f.summary),
            "sentence_loaded": [float(p) for p in f.sentence_loaded],
            "loaded_model": f.loaded_model,
        }
        for aid, f in framing.items()
    }


def wording_list(wording: tuple[WordingDiff, ...]) -> list[dict[str, Any]]:
    return [
        {
            "fact": w.fact_id,
            "differs": w.differs,
            "predicates": {aid: list(p) for aid, p in w.predicates.items()},
            "versions": [
                {
                    "article": v.article_id,
                    "sentence": v.sentence_index,
                    "predicate": v.predicate,
                    "start": v.predicate_start,
                    "end": v.predicate_end,
                    "lemma": v.lemma,
                    "negated": v.negated,
                    "subject": v.subject,
                    "attribution": v.attribution,
                }
                for v in w.versions
            ],
        }
        for w in wording
    ]


def _marker(aid: str, d: Mapping[str, Any]) -> Marker:
    return Marker(
        article_id=aid,
        sentence_index=int(d["sentence"]),
        kind=cast(MarkerKind, d["kind"]),
        start=int(d["start"]),
        end=int(d["end"]),
        text=d["text"],
        group=d.get("group", ""),
        variant=d.get("variant", ""),
        alternatives=tuple(d.get("alternatives", ())),
        origin=d.get("origin", ""),
        note=d.get("note", ""),
        confidence=float(d.get("confidence", 1.0)),
        source=d.get("source", ""),
        voice=cast(Voice, d.get("voice", "outlet")),
    )


def framing_from(d: Mapping[str, Any] | None) -> dict[str, Framing]:
    out = {}
    for aid, f in (d or {}).items():
        out[aid] = Framing(
            article_id=aid,
            lang=f.get("lang", ""),
            markers=tuple(_marker(aid, m) for m in f.get("markers", ())),
            sentence_loaded=tuple(float(p) for p in f.get("sentence_loaded", ())),
            summary=FramingSummary(**f["summary"]),
            loaded_model=f.get("loaded_model", ""),
        )
    return out


def wording_from(
    items: list[Mapping[str, Any]] | None, framing: Mapping[str, Framing]
) -> tuple[WordingDiff, ...]:
    out = []
    for w in items or ():
        versions = []
        for v in w.get("versions", ()):
            aid, idx = v["article"], int(v["sentence"])
            # Markers of a version are the word-level markers of its sentence.
            markers = tuple(
                m
                for m in (framing[aid].markers if aid in framing else ())
                if m.sentence_index == idx and m.variant != "sentence"
            )
            versions.append(
                Wording(
                    article_id=aid,
                    sentence_index=idx,
                    predicate=v.get("predicate", ""),
                    predicate_start=v.get("start"),
                    predicate_end=v.get("end"),
                    lemma=v.get("lemma", ""),
                    negated=bool(v.get("negated", False)),
                    subject=v.get("subject", ""),
                    attribution=v.get("attribution", ""),
                    markers=markers,
                )
            )
        out.append(
            WordingDiff(
                fact_id=w["fact"],
                versions=tuple(versions),
                predicates={aid: tuple(p) for aid, p in w.get("predicates", {}).items()},
                differs=bool(w.get("differs", False)),
            )
        )
    return tuple(out)


# --- Who says what -------------------------------------------------------------------


def _span(s: Span | None) -> dict[str, Any] | None:
    return None if s is None else {"start": s.start, "end": s.end, "text": s.text}


def sources_dict(sources: Mapping[str, Sources], source_map: SourceMap | None) -> dict[str, Any]:
    """``{"articles": {id: ...}, "facts": {fact id: ...}, "relays": ..., "copies": ...}``."""
    articles = {
        aid: {
            "method": s.method,
            "read": s.read,
            "first_voice": s.first_voice,
            "last_voice": s.last_voice,
            "attributions": [
                {
                    "sentence": a.sentence_index,
                    "source": _span(a.source),
                    "source_name": a.source_name,
                    "source_kind": a.source_kind,
                    "cue": {
                        "start": a.cue.start,
                        "end": a.cue.end,
                        "text": a.cue.text,
                        "lemma": a.cue.lemma,
                    },
                    "mode": a.mode,
                    "content": _span(a.content),
                    "affiliation": a.affiliation,
                    "parent": a.parent,
                }
                for a in s.attributions
            ],
            "voices": [
                {
                    "name": v.name,
                    "kind": v.kind,
                    "affiliation": v.affiliation,
                    "words": v.words,
                    "attributions": list(v.attributions),
                    "first_index": v.first_index,
                    "last_index": v.last_index,
                }
                for v in s.voices
            ],
        }
        for aid, s in sources.items()
    }
    if source_map is None:
        return {"articles": articles}
    return {
        "articles": articles,
        "facts": {
            f.fact_id: {
                "carried_by": list(f.carried_by),
                "independent": f.n_independent,
                "summary": origin_summary(f),
                "origins": [
                    {
                        "name": o.name,
                        "kind": o.kind,
                        "chain": chain(o),
                        "sources": list(o.sources),
                        "articles": list(o.articles),
                        "evidence": [[aid, idx] for aid, idx in o.evidence],
                    }
                    for o in f.origins
                ],
            }
            for f in source_map.facts
        },
        "relays": {
            aid: [
                {
                    "outlet": r.outlet,
                    "attributions": list(r.attributions),
                    "sentences": list(r.sentences),
                    "sources": list(r.sources),
                    "whole_article": r.whole_article,
                }
                for r in relays
            ]
            for aid, relays in source_map.relays.items()
        },
        "copies": [list(group) for group in source_map.copies],
    }


def _span_from(d: Mapping[str, Any] | None) -> Span | None:
    return None if d is None else Span(start=int(d["start"]), end=int(d["end"]), text=d["text"])


def sources_from(d: Mapping[str, Any] | None) -> tuple[dict[str, Sources], SourceMap | None]:
    if not d:
        return {}, None
    sources: dict[str, Sources] = {}
    for aid, s in d.get("articles", {}).items():
        sources[aid] = Sources(
            article_id=aid,
            method=s.get("method", "patterns"),
            read=bool(s.get("read", True)),
            first_voice=s.get("first_voice"),
            last_voice=s.get("last_voice"),
            attributions=tuple(
                Attribution(
                    article_id=aid,
                    sentence_index=int(a["sentence"]),
                    source=_span_from(a.get("source")),
                    source_name=a["source_name"],
                    source_kind=a["source_kind"],
                    cue=Cue(
                        start=int(a["cue"]["start"]),
                        end=int(a["cue"]["end"]),
                        text=a["cue"]["text"],
                        lemma=a["cue"].get("lemma", ""),
                    ),
                    mode=a["mode"],
                    content=_span_from(a.get("content")),
                    affiliation=a.get("affiliation"),
                    parent=a.get("parent"),
                )
                for a in s.get("attributions", ())
            ),
            voices=tuple(
                SourceVoice(
                    article_id=aid,
                    name=v["name"],
                    kind=v["kind"],
                    affiliation=v.get("affiliation"),
                    words=int(v["words"]),
                    attributions=tuple(v.get("attributions", ())),
                    first_index=int(v["first_index"]),
                    last_index=int(v["last_index"]),
                )
                for v in s.get("voices", ())
            ),
        )
    if "facts" not in d:
        return sources, None
    source_map = SourceMap(
        relays={
            aid: tuple(
                Relay(
                    article_id=aid,
                    outlet=r["outlet"],
                    attributions=tuple(r["attributions"]),
                    sentences=tuple(r["sentences"]),
                    sources=tuple(r["sources"]),
                    whole_article=bool(r["whole_article"]),
                )
                for r in relays
            )
            for aid, relays in d.get("relays", {}).items()
        },
        copies=tuple(tuple(g) for g in d.get("copies", ())),
        facts=tuple(
            FactOrigins(
                fact_id=fid,
                carried_by=tuple(f["carried_by"]),
                n_independent=int(f["independent"]),
                origins=tuple(
                    Origin(
                        name=o["name"],
                        kind=o["kind"],
                        sources=tuple(o["sources"]),
                        articles=tuple(o["articles"]),
                        evidence=tuple((e[0], int(e[1])) for e in o["evidence"]),
                    )
                    for o in f["origins"]
                ),
            )
            for fid, f in d.get("facts", {}).items()
        ),
    )
    return sources, source_map
