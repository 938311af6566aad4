"""The terminal view a fact-checker reads: conflicts first, then shared facts, then what
only one outlet says. Plain text at 100 columns, with optional ANSI colour."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

from storydiff.records import Addition, Comparison, Fact, Segmented
from storydiff.render._base import (
    MAX_COLUMNS,
    addition_note,
    by_id,
    counts_line,
    coverage,
    evidence_lines,
    fact_label,
    fuller_note,
    member_texts,
    notable_relations,
    related_rows,
    removal_notes,
    summarize,
    warnings,
)
from storydiff.render._bidi import visible
from storydiff.render._lenses import framing_rows, origin_line, voices, wording_line

WIDTH = 100
LABEL_WIDTH = 24  # longer outlet names are cut in the wording column, never in the legend
MAX_LINES = 5  # a sentence longer than this many wrapped lines is cut; the JSON has it all
PRESENT, ABSENT = "✓", "·"

# Article text is untrusted: an ESC byte in it could drive the reader's terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"[\t\n\r\f\v]+")

_CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
_LABEL_STYLE = {
    "agree": "green",
    "partial": "yellow",
    "stronger": "cyan",
    "weaker": "cyan",
    "conflict": "red",
}
_SIGN = {"conflict": "✗", "stronger": "≶", "weaker": "≶"}


def clean(text: str) -> str:
    """``text`` on one line with control characters made visible and harmless (bidi
    controls as ``[U+202E]``: they would reorder the rest of the terminal line)."""
    return visible(_CONTROL.sub("\ufffd", _SPACE.sub(" ", text)))


class _Pen:
    """Applies ANSI styles when colour is on; otherwise returns text unchanged."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, *styles: str) -> str:
        if not self.color or not styles or not text:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


def _wrap(text: str, indent: str, width: int = WIDTH, *, hang: str | None = None) -> list[str]:
    return textwrap.wrap(
        clean(text),
        width=width,
        initial_indent=indent,
        subsequent_indent=indent if hang is None else hang,
        max_lines=MAX_LINES,
        placeholder=" […]",
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _short(label: str, width: int) -> str:
    label = clean(label)
    return label if len(label) <= width else label[: width - 1] + "…"


def _header(comparison: Comparison, pen: _Pen) -> list[str]:
    s = summarize(comparison)
    ss = comparison.same_story
    noun = "article" if s.articles == 1 else "articles"
    langs = ", ".join(s.languages) or "no language"
    verdict_style = {"same story": "green", "related": "yellow"}.get(ss.verdict, "red")
    head = (
        f"{pen('storydiff', 'bold')} · {s.articles} {noun} · {langs} · "
        f"{pen(ss.verdict, 'bold', verdict_style)} (score {ss.score:.2f})"
    )
    lines = [head]
    lines += [pen(line, "red") for w in warnings(comparison) for line in _wrap(w, "! ", hang="  ")]
    lines += _wrap(counts_line(comparison), "", hang="  ")
    return lines


def _legend(comparison: Comparison, pen: _Pen) -> list[str]:
    lines = [pen("Outlets (coverage columns, left to right)", "bold")]
    segs = comparison.articles
    lw = min(max((len(clean(seg.article.label)) for seg in segs), default=0), 40)
    nw = len(str(len(segs)))
    dw = max((len(clean(seg.article.date or "")) for seg in segs), default=0)
    outliers = set(comparison.same_story.outliers)
    for n, seg in enumerate(segs, 1):
        a = seg.article
        cols = [str(n).rjust(nw), _short(a.label, 40).ljust(lw), clean(seg.lang).ljust(3)]
        if dw:  # no empty date column when no article has a date
            cols.append(_short(a.date or "", 20).ljust(dw))
        cols.append(f"{len(seg.sentences)} sentences")
        if a.id in outliers:
            cols.append(pen("(different story?)", "red"))
        lines.append(("  " + "  ".join(cols)).rstrip())
    return lines


def _notes(comparison: Comparison, pen: _Pen) -> list[str]:
    notes = removal_notes(comparison)
    if not notes:
        return []
    lines = [pen("Ingest notes", "bold")]
    for label, note in notes:
        lines += _wrap(f"{label}: {note}", "  ", hang="    ")
    return lines


def _marks(fact: Fact, comparison: Comparison, pen: _Pen) -> str:
    present = set(coverage(fact, comparison))
    if len(comparison.articles) > MAX_COLUMNS:
        return f"[{len(present)} of {len(comparison.articles)}]"
    cells = [
        pen(PRESENT, "green") if seg.article.id in present else pen(ABSENT, "dim")
        for seg in comparison.articles
    ]
    return "[" + " ".join(cells) + "]"


def _fact(fact: Fact, comparison: Comparison, lw: int, pen: _Pen) -> list[str]:
    segs = by_id(comparison)
    labels = {aid: seg.article.label for aid, seg in segs.items()}
    style = _LABEL_STYLE.get(fact.label, "bold")
    shown = fact.label.upper() if fact.label == "conflict" else fact_label(fact.label)
    lines = [
        f"  {pen(clean(fact.id), 'dim')}  {_marks(fact, comparison, pen)}  "
        f"{pen(shown, 'bold', style)}  confidence {fact.confidence:.2f}"
    ]
    text_width = WIDTH - 6 - lw - 3
    for seg in comparison.articles:
        first = True
        for index, text in member_texts(fact, seg):
            label = _short(seg.article.label, lw).ljust(lw) if first else " " * lw
            prefix = f"      {label} │ "
            wrapped = _wrap(f"#{index} {text}", "", text_width)
            lines.append(prefix + wrapped[0])
            lines += [f"      {' ' * lw} │ {w}" for w in wrapped[1:]]
            first = False
    origin = origin_line(fact, comparison)
    if origin:
        lines += [pen(w, "cyan") for w in _wrap(f"sources: {origin}", "      ", hang="        ")]
    wording = wording_line(fact, comparison)
    if wording:
        lines += [pen(w, "cyan") for w in _wrap(f"wording: {wording}", "      ", hang="        ")]
    for rel in notable_relations(fact):
        a, b = labels.get(rel.a[0], "?"), labels.get(rel.b[0], "?")
        sign = _SIGN.get(rel.label, "≈")
        why = "; ".join(rel.reasons) or rel.label
        extra = fuller_note(rel, labels, said=why)
        # the sentence numbers: a fact may hold several sentences per outlet, and a reason
        # ("only in A") is true of this pair of them
        line = f"{a} #{rel.a[1]} {sign} {b} #{rel.b[1]}: {why}" + (f" ({extra})" if extra else "")
        rel_style = _LABEL_STYLE.get(rel.label, "bold")
        lines += [pen(w, rel_style) for w in _wrap(line, "      ", hang="        ")]
        for ev in evidence_lines(rel, labels):
            lines += _wrap(ev, "        ", hang="          ")
    return lines


def _facts(title: str, facts: Iterable[Fact], comparison: Comparison, pen: _Pen) -> list[str]:
    facts = list(facts)
    if not facts:
        return []
    lw = min(
        max((len(clean(s.article.label)) for s in comparison.articles), default=0), LABEL_WIDTH
    )
    lines = [pen(f"{title} ({len(facts)})", "bold")]
    for n, fact in enumerate(facts):
        if n:
            lines.append("")
        lines += _fact(fact, comparison, lw, pen)
    return lines


def _only_in(
    seg: Segmented, indices: Iterable[int], additions: Iterable[Addition], pen: _Pen
) -> list[str]:
    rows = [(i, seg.sentences[i]) for i in indices if 0 <= i < len(seg.sentences)]
    adds = list(additions)
    count = f"{len(rows)}" + (f" + {len(adds)} within shared sentences" if adds else "")
    title = f"Only in {clean(seg.article.label)} ({count})"
    if not rows and not adds:
        return [pen(title, "bold") + ": nothing"]
    lines = [pen(title, "bold")]
    for i, s in rows:
        mark = f"#{i}".ljust(5)
        tag = "(title) " if s.is_title else ""
        lines += _wrap(f"{tag}{s.text}", f"  {mark}", hang=" " * 7)
    for add in adds:
        mark = f"#{add.sentence_index}+".ljust(5)
        lines += _wrap(f"{add.text}", f"  {mark}", hang=" " * 7)
        lines += [pen(w, "dim") for w in _wrap(f"({addition_note(add)})", " " * 7)]
    return lines


def _related(comparison: Comparison, pen: _Pen) -> list[str]:
    rows = related_rows(comparison)
    if not rows:
        return []
    lines = [pen(f"Related, not the same claim ({len(rows)})", "bold")]
    lw = min(max(len(clean(x)) for r in rows for x in (r.a_label, r.b_label)), LABEL_WIDTH)
    text_width = WIDTH - 6 - lw - 3
    for n, row in enumerate(rows):
        if n:
            lines.append("")
        lines.append(f"  {pen(clean(row.id), 'dim')}  {pen(clean(row.reason), 'cyan')}")
        for label, index, text in (
            (row.a_label, row.a_sentence, row.a_text),
            (row.b_label, row.b_sentence, row.b_text),
        ):
            wrapped = _wrap(f"#{index} {text}", "", text_width)
            lines.append(f"      {_short(label, lw).ljust(lw)} │ {wrapped[0]}")
            lines += [f"      {' ' * lw} │ {w}" for w in wrapped[1:]]
    return lines


def _voices(comparison: Comparison, pen: _Pen) -> list[str]:
    blocks = voices(comparison)
    if not blocks:
        return []
    lines = [pen("Who says what", "bold")]
    for block in blocks:
        head = f"  {pen(clean(block.label), 'bold')}"
        if block.relays:
            head += f": relays {clean(block.relays)}"
        lines.append(head)
        if not block.rows:
            lines.append("    (no attributed voices: the outlet's own voice throughout)")
        for row in block.rows:
            role = f"  ← {row.role}" if row.role else ""
            lines += _wrap(f"{row.name} ({row.detail}){role}", "    ", hang="      ")
    return lines


def _framing(comparison: Comparison, pen: _Pen) -> list[str]:
    blocks = framing_rows(comparison)
    if not blocks:
        return []
    lines = [pen("Framing (wording choices; a marker is evidence, not a verdict)", "bold")]
    for block in blocks:
        lines.append(f"  {pen(clean(block.label), 'bold')}: {block.summary}")
        for row in block.rows:
            who = " [in a quote]" if row.quoted else ""
            head = f'#{row.sentence} {row.kind}: "{row.text}"{who}'
            if row.detail:
                head += f" ({row.detail})"
            lines += _wrap(head, "    ", hang="      ")
            if row.note:
                lines += [pen(w, "dim") for w in _wrap(row.note, "      ", hang="      ")]
    return lines


def render_text(comparison: Comparison, *, color: bool = False) -> str:
    """The comparison as terminal text, readable at 100 columns.

    Sections: header (verdict, warnings, counts), outlet legend, ingest notes, conflicts
    with their reasons and evidence, other shared facts with each outlet's wording,
    related claims (same actors and subject, not the same claim), and what only one
    outlet says: whole sentences, then claims inside shared sentences. ``color`` adds ANSI styles.
    """
    pen = _Pen(color)
    conflicts = [f for f in comparison.facts if f.label == "conflict"]
    others = [f for f in comparison.facts if f.label != "conflict"]
    sections = [
        _header(comparison, pen),
        _legend(comparison, pen),
        _notes(comparison, pen),
        _facts("Conflicts", conflicts, comparison, pen),
        _facts("Shared facts", others, comparison, pen),
        _related(comparison, pen),
    ]
    if len(comparison.articles) > 1:
        sections += [
            _only_in(
                seg,
                comparison.unique.get(seg.article.id, ()),
                comparison.additions.get(seg.article.id, ()),
                pen,
            )
            for seg in comparison.articles
        ]
    sections.append(_voices(comparison, pen))
    sections.append(_framing(comparison, pen))
    return "\n\n".join("\n".join(s) for s in sections if s)
