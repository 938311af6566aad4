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
from typing import Any

from storydiff import records

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


def _label(value: object) -> Any:
    """A string for a field that takes one of a few names (a kind, a mode): the report
    only shows it, so an unknown one is shown as it is."""
    return _str(value)


def _texts(d: Json, *keys: str) -> dict[str, Any]:
    """The string fields ``keys`` of ``d``, as keyword arguments."""
    return {key: _str(d.get(key)) for key in keys}


def _place(d: Json, default: int = 0) -> dict[str, Any]:
    """The ``start`` and ``end`` offsets of ``d``, as keyword arguments."""
    return {"start": _int(d.get("start"), default), "end": _int(d.get("end"), default)}


def _strs(value: object) -> tuple[str, ...]:
    return tuple(x for x in value if isinstance(x, str)) if isinstance(value, list) else ()


def _tally(value: object) -> dict[str, int]:
    return {k: _int(n, 0) for k, n in _mapping(value).items()}


def _span(value: object) -> records.Span:
    d = _mapping(value)
    return records.Span(**_place(d), **_texts(d, "text"))


# --- framing -----------------------------------------------------------------------------------


def _marker(aid: str, m: Json) -> records.Marker:
    return records.Marker(
        article_id=aid,
        sentence_index=_int(m.get("sentence")),
        kind=_label(m.get("kind")),
        **_place(m, -1),
        alternatives=_strs(m.get("alternatives")),
        **_texts(m, "text", "group", "variant", "origin", "note"),
        voice=_label(m.get("voice")) or "outlet",
    )


def _summary(s: Json) -> records.FramingSummary:
    rates = _mapping(s.get("per_1000_words")).items()
    return records.FramingSummary(
        words=_int(s.get("words"), 0),
        sentences=_int(s.get("sentences"), 0),
        counts=_tally(s.get("counts")),
        per_1000_words={
            k: float(v) for k, v in rates if isinstance(v, int | float) and not isinstance(v, bool)
        },
        naming_origins=_tally(s.get("naming_origins")),
        verb_connotations=_tally(s.get("verb_connotations")),
        loaded_sentences=_int(s.get("loaded_sentences"), 0),
        read=s.get("read") is not False,
    )


def _framing(value: object) -> dict[str, records.Framing]:
    return {
        aid: records.Framing(
            article_id=aid,
            lang=_str(f.get("lang")),
            markers=tuple(_marker(aid, m) for m in _dicts(f.get("markers"))),
            sentence_loaded=(),
            summary=_summary(_mapping(f.get("summary"))),
        )
        for aid, f in _mapping(value).items()
        if isinstance(f, Mapping) and f
    }


def _wording(value: object) -> tuple[records.WordingDiff, ...]:
    return tuple(
        records.WordingDiff(
            fact_id=_str(w.get("fact")),
            differs=bool(w.get("differs")),
            predicates={},
            versions=tuple(
                records.Wording(
                    article_id=_str(v.get("article")),
                    sentence_index=_int(v.get("sentence")),
                    negated=bool(v.get("negated")),
                    **_texts(v, "predicate", "subject", "attribution"),
                )
                for v in _dicts(w.get("versions"))
            ),
        )
        for w in _dicts(value)
    )


# --- sources -----------------------------------------------------------------------------------


def _attribution(aid: str, a: Json) -> records.Attribution:
    cue = _mapping(a.get("cue"))
    return records.Attribution(
        article_id=aid,
        sentence_index=_int(a.get("sentence")),
        source=_span(a.get("source")),
        source_name=_str(a.get("source_name")),
        source_kind=_label(a.get("source_kind")),
        cue=records.Cue(**_place(cue), **_texts(cue, "text", "lemma")),
        mode=_label(a.get("mode")),
        content=_span(a.get("content")),
    )


def _voice(aid: str, v: Json) -> records.SourceVoice:
    return records.SourceVoice(
        article_id=aid,
        kind=_label(v.get("kind")),
        **_texts(v, "name", "affiliation"),
        words=_int(v.get("words"), 0),
        attributions=(),
        first_index=-1,
        last_index=-1,
    )


def _sources(value: object) -> dict[str, records.Sources]:
    return {
        aid: records.Sources(
            article_id=aid,
            attributions=tuple(_attribution(aid, a) for a in _dicts(s.get("attributions"))),
            voices=tuple(_voice(aid, v) for v in _dicts(s.get("voices"))),
            first_voice=_str(s.get("first_voice")),
            last_voice=_str(s.get("last_voice")),
            read=s.get("read") is not False,
        )
        for aid, s in _mapping(value).items()
        if isinstance(s, Mapping) and s
    }


def _origins(src: Json) -> records.SourceMap:
    facts = tuple(
        records.FactOrigins(
            fact_id=fid,
            carried_by=_strs(f.get("carried_by")),
            n_independent=_int(f.get("independent"), 0),
            origins=tuple(
                records.Origin(
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
            records.Relay(
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
    return records.SourceMap(relays=relays, copies=groups, facts=facts)


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
