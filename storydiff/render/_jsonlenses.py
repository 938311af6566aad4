"""JSON for the lenses that sit on top of the comparison core: framing and wording.

Kept apart from ``jsonout`` so each lens adds its section without growing the core
serialiser; ``to_dict`` and ``from_dict`` call these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any, cast

from storydiff.records import (
    Framing,
    FramingSummary,
    Marker,
    MarkerKind,
    Voice,
    Wording,
    WordingDiff,
)


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
