"""What the text and Markdown views show of the lenses (framing, sources), computed once
for both."""

from __future__ import annotations

from dataclasses import dataclass

from storydiff.attribute import LANGUAGES
from storydiff.records import Comparison, Fact, Marker, Relay
from storydiff.render.phrases import chain, count

# Attribution verbs whose connotation is plain reporting are listed in counts only.
_PLAIN_VERBS = frozenset({"neutral", ""})
_KIND_TITLES = {
    "naming": "naming",
    "label": "label",
    "hedge": "hedge",
    "attribution-verb": "verb",
    "loaded": "loaded",
    "scare-quote": "scare quote",
    "persuasion": "persuasion",
}


@dataclass(frozen=True, kw_only=True)
class MarkerRow:
    """One marker as a reader sees it: where, what, and what the choice signals."""

    sentence: int
    kind: str
    text: str
    detail: str
    note: str
    quoted: bool


@dataclass(frozen=True, kw_only=True)
class ArticleFraming:
    label: str
    summary: str
    rows: tuple[MarkerRow, ...]
    first_voice: str = ""
    last_voice: str = ""


def _detail(m: Marker) -> str:
    parts = []
    if m.kind == "attribution-verb" and m.origin:
        parts.append(f"connotation: {m.origin}")
    elif m.origin:
        parts.append(f"{m.origin} form")
    if m.alternatives:
        parts.append("vs " + " / ".join(m.alternatives[:3]))
    return ", ".join(parts)


def _shown(m: Marker) -> bool:
    if m.kind == "attribution-verb":
        return m.origin not in _PLAIN_VERBS
    return True


def framing_rows(comparison: Comparison, *, max_rows: int = 25) -> list[ArticleFraming]:
    """Per article: a one-line count summary and the markers worth reading."""
    out = []
    for seg in comparison.articles:
        f = comparison.framing.get(seg.article.id)
        if f is None:
            continue
        counts = f.summary.counts
        bits = [f"{n} {_KIND_TITLES.get(k, k)}" for k, n in counts.items() if n]
        summary = f"{f.summary.words} words · " + (", ".join(bits) if bits else "no markers")
        if not f.summary.read and not bits:
            summary = (
                f"{f.summary.words} words · not read: no framing lexicon covers "
                f"{seg.lang or 'this language'}"
            )
        if f.summary.loaded_sentences:
            summary += f" · {f.summary.loaded_sentences} loaded sentence(s)"
        rows = []
        seen: set[tuple[str, str, str]] = set()
        for m in f.markers:
            if not _shown(m):
                continue
            # A repeated choice ("Kiev" five times) is listed each time, explained once.
            key = (m.kind, m.group, m.variant)
            note = "" if key in seen and m.variant != "sentence" else m.note
            seen.add(key)
            text = m.text
            if m.variant == "sentence" and len(text) > 90:
                text = text[:88].rstrip() + "…"
            rows.append(
                MarkerRow(
                    sentence=m.sentence_index,
                    kind=_KIND_TITLES.get(m.kind, m.kind),
                    text=text,
                    detail=_detail(m),
                    note=note,
                    quoted=m.voice == "quoted",
                )
            )
        out.append(
            ArticleFraming(label=seg.article.label, summary=summary, rows=tuple(rows[:max_rows]))
        )
    return out


def wording_line(fact: Fact, comparison: Comparison) -> str | None:
    """``did not support (A) · overruled / has reportedly blocked (B)`` when outlets chose
    different words for the fact's action, else None."""
    diff = next((w for w in comparison.wording if w.fact_id == fact.id), None)
    if diff is None or not diff.differs:
        return None
    labels = {seg.article.id: seg.article.label for seg in comparison.articles}
    parts = [
        f"{' / '.join(preds)} ({labels.get(aid, aid)})"
        for aid, preds in diff.predicates.items()
        if preds
    ]
    return " · ".join(parts) if len(parts) > 1 else None


def origin_line(fact: Fact, comparison: Comparison) -> str | None:
    """``2 outlets, 1 origin: Politico ← two people familiar with the call``."""
    if comparison.origins is None:
        return None
    found = next((f for f in comparison.origins.facts if f.fact_id == fact.id), None)
    if found is None or not found.origins:
        return None
    chains = "; ".join(chain(o) for o in found.origins)
    return f"{count(found)}: {chains}"


@dataclass(frozen=True, kw_only=True)
class VoiceRow:
    name: str
    detail: str
    role: str  # "first word", "last word", "first and last word" or ""


@dataclass(frozen=True, kw_only=True)
class ArticleVoices:
    label: str
    relays: str
    rows: tuple[VoiceRow, ...]
    # Empty, or why the voices may be incomplete: the text's language is not one
    # who-says-what reads, so no voice found does not mean the outlet's own voice.
    note: str = ""


def voices(comparison: Comparison) -> list[ArticleVoices]:
    """Per article: whose report it relays, and who speaks, with first and last word."""
    out = []
    for seg in comparison.articles:
        src = comparison.sources.get(seg.article.id)
        if src is None:
            continue
        relayed: tuple[Relay, ...] = ()
        if comparison.origins is not None:
            relayed = comparison.origins.relays.get(seg.article.id, ())
        relays = ", ".join(dict.fromkeys(r.outlet for r in relayed))
        rows = []
        for v in src.voices:
            quotes = sum(1 for i in v.attributions if src.attributions[i].mode == "quote")
            n = len(v.attributions)
            bits: list[str] = [v.kind]
            if v.affiliation:
                bits.append(v.affiliation)
            bits.append(f"{n} claim{'s' * (n != 1)}" + (f", {quotes} quoted" if quotes else ""))
            bits.append(f"{v.words} words")
            role = []
            if v.name == src.first_voice:
                role.append("first")
            if v.name == src.last_voice:
                role.append("last")
            rows.append(
                VoiceRow(
                    name=v.name,
                    detail=", ".join(bits),
                    role=(" and ".join(role) + " word") if role else "",
                )
            )
        note = ""
        if not src.read:
            note = (
                f"who says what reads {', '.join(LANGUAGES)} only; "
                f"this text ({seg.lang or 'language unknown'}) was not read"
            )
        out.append(
            ArticleVoices(label=seg.article.label, relays=relays, rows=tuple(rows), note=note)
        )
    return out
