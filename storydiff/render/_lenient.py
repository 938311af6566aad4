"""The lens sections of a comparison's JSON form, read leniently into records.

``html_from_dict`` renders documents that a later stage, an older storydiff or a person
may have written. The core must read (``jsonout.from_dict``); the lens sections
(``framing``, ``wording``, ``sources``) need only the shape the report shows, and a field
that is missing or garbled reads as empty, zero or absent: a page with one section less
beats no page. Only what the report lays out is read; the rest of each record is left at
its empty value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from storydiff.records import (
    Attribution,
    AttributionMode,
    Cue,
    FactOrigins,
    Framing,
    FramingSummary,
    Marker,
    MarkerKind,
    Origin,
    Relay,
    SourceKind,
    SourceMap,
    Sources,
    SourceVoice,
    Span,
    Voice,
    Wording,
    WordingDiff,
)

Json = Mapping[str, Any]


def _dicts(value: object) -> list[Json]:
    """The dict items of ``value`` when it is a list."""
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _mapping(value: object) -> Json:
    return value if isinstance(value, Mapping) else {}


def _int(value: object, default: int = -1) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _strs(value: object) -> tuple[str, ...]:
    return tuple(x for x in value if isinstance(x, str)) if isinstance(value, list) else ()


def _tally(value: object) -> dict[str, int]:
    return {k: _int(n, 0) for k, n in _mapping(value).items()}


def _span(value: object) -> Span | None:
    d = _mapping(value)
    return Span(start=_int(d.get("start"), 0), end=_int(d.get("end"), 0), text=_str(d.get("text")))


# --- framing -----------------------------------------------------------------------------------


def _marker(aid: str, m: Json) -> Marker:
    return Marker(
        article_id=aid,
        sentence_index=_int(m.get("sentence")),
        kind=cast(MarkerKind, _str(m.get("kind"))),
        start=_int(m.get("start")),
        end=_int(m.get("end")),
        text=_str(m.get("text")),
        group=_str(m.get("group")),
        variant=_str(m.get("variant")),
        alternatives=_strs(m.get("alternatives")),
        origin=_str(m.get("origin")),
        note=_str(m.get("note")),
        voice=cast(Voice, _str(m.get("voice")) or "outlet"),
    )


def _summary(s: Json) -> FramingSummary:
    rates = _mapping(s.get("per_1000_words")).items()
    return FramingSummary(
        words=_int(s.get("words"), 0),
        sentences=_int(s.get("sentences"), 0),
        counts=_tally(s.get("counts")),
        per_1000_words={
            k: float(v) for k, v in rates if isinstance(v, int | float) and not isinstance(v, bool)
        },
        naming_origins=_tally(s.get("naming_origins")),
        verb_connotations=_tally(s.get("verb_connotations")),
        loaded_sentences=_int(s.get("loaded_sentences"), 0),
    )


def _framing(value: object) -> dict[str, Framing]:
    return {
        aid: Framing(
            article_id=aid,
            lang=_str(f.get("lang")),
            markers=tuple(_marker(aid, m) for m in _dicts(f.get("markers"))),
            sentence_loaded=(),
            summary=_summary(_mapping(f.get("summary"))),
        )
        for aid, f in _mapping(value).items()
        if isinstance(f, Mapping) and f
    }


def _wording(value: object) -> tuple[WordingDiff, ...]:
    return tuple(
        WordingDiff(
            fact_id=_str(w.get("fact")),
            differs=bool(w.get("differs")),
            predicates={},
            versions=tuple(
                Wording(
                    article_id=_str(v.get("article")),
                    sentence_index=_int(v.get("sentence")),
                    predicate=_str(v.get("predicate")),
                    negated=bool(v.get("negated")),
                    subject=_str(v.get("subject")),
                    attribution=_str(v.get("attribution")),
                )
                for v in _dicts(w.get("versions"))
            ),
        )
        for w in _dicts(value)
    )


# --- sources -----------------------------------------------------------------------------------


def _attribution(aid: str, a: Json) -> Attribution:
    cue = _mapping(a.get("cue"))
    return Attribution(
        article_id=aid,
        sentence_index=_int(a.get("sentence")),
        source=_span(a.get("source")),
        source_name=_str(a.get("source_name")),
        source_kind=cast(SourceKind, _str(a.get("source_kind"))),
        cue=Cue(
            start=_int(cue.get("start"), 0),
            end=_int(cue.get("end"), 0),
            text=_str(cue.get("text")),
            lemma=_str(cue.get("lemma")),
        ),
        mode=cast(AttributionMode, _str(a.get("mode"))),
        content=_span(a.get("content")),
    )


def _voice(aid: str, v: Json) -> SourceVoice:
    return SourceVoice(
        article_id=aid,
        name=_str(v.get("name")),
        kind=cast(SourceKind, _str(v.get("kind"))),
        affiliation=_str(v.get("affiliation")),
        words=_int(v.get("words"), 0),
        attributions=(),
        first_index=-1,
        last_index=-1,
    )


def _sources(value: object) -> dict[str, Sources]:
    return {
        aid: Sources(
            article_id=aid,
            attributions=tuple(_attribution(aid, a) for a in _dicts(s.get("attributions"))),
            voices=tuple(_voice(aid, v) for v in _dicts(s.get("voices"))),
            first_voice=_str(s.get("first_voice")),
            last_voice=_str(s.get("last_voice")),
        )
        for aid, s in _mapping(value).items()
        if isinstance(s, Mapping) and s
    }


def _origins(src: Json) -> SourceMap:
    facts = tuple(
        FactOrigins(
            fact_id=fid,
            carried_by=_strs(f.get("carried_by")),
            n_independent=_int(f.get("independent"), 0),
            origins=tuple(
                Origin(
                    name=_str(o.get("name")),
                    kind=_str(o.get("kind")),
                    sources=_strs(o.get("sources")),
                    articles=_strs(o.get("articles")),
                    evidence=(),
                )
                for o in _dicts(f.get("origins"))
            ),
        )
        for fid, f in _mapping(src.get("facts")).items()
        if isinstance(f, Mapping) and f
    )
    relays = {
        aid: tuple(
            Relay(
                article_id=aid,
                outlet=_str(r.get("outlet")),
                attributions=(),
                sentences=(),
                sources=(),
                whole_article=bool(r.get("whole_article")),
            )
            for r in _dicts(items)
        )
        for aid, items in _mapping(src.get("relays")).items()
    }
    copies = src.get("copies")
    groups = tuple(_strs(g) for g in copies) if isinstance(copies, list) else ()
    return SourceMap(relays=relays, copies=groups, facts=facts)


def lenses(d: Json) -> dict[str, Any]:
    """``Comparison`` fields (``framing``, ``wording``, ``sources``, ``origins``) from the
    lens sections of ``d``, read leniently; each is empty when its section is absent."""
    src = d.get("sources")
    return {
        "framing": _framing(d.get("framing")),
        "wording": _wording(d.get("wording")),
        "sources": _sources(src.get("articles")) if isinstance(src, Mapping) else {},
        "origins": _origins(src) if isinstance(src, Mapping) else None,
    }


__all__ = ["lenses"]
