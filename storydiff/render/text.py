"""The terminal view a fact-checker reads: conflicts first, then shared facts, then what
only one outlet says. Plain text at 100 columns, with optional ANSI colour."""

from __future__ import annotations

import re
import textwrap

from storydiff.records import Comparison
from storydiff.render._base import MAX_COLUMNS, plural
from storydiff.render.bidi import visible
from storydiff.render.brief import BriefView, Ref, build_brief, more, wants_brief
from storydiff.render.view import ComparisonView, FactView, OnlyInView, build_view, shown_only_in

WIDTH = 100
LABEL_WIDTH = 24  # longer outlet names are cut in the wording column, never in the legend
BRIEF_LABEL = 30  # in the brief, where "name (2)" and "name (7)" must stay apart
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


def _header(view: ComparisonView, pen: _Pen) -> list[str]:
    n = view.summary.articles
    noun = "article" if n == 1 else "articles"
    langs = ", ".join(view.summary.languages) or "no language"
    verdict_style = {"same story": "green", "related": "yellow"}.get(view.verdict, "red")
    head = (
        f"{pen('storydiff', 'bold')} · {n} {noun} · {langs} · "
        f"{pen(view.verdict, 'bold', verdict_style)} (score {view.score:.2f})"
    )
    lines = [head]
    lines += [pen(line, "red") for w in view.warnings for line in _wrap(w, "! ", hang="  ")]
    lines += _wrap(view.counts, "", hang="  ")
    return lines


def _legend(view: ComparisonView, pen: _Pen) -> list[str]:
    lines = [pen("Outlets (coverage columns, left to right)", "bold")]
    outlets = view.outlets
    lw = min(max((len(clean(o.label)) for o in outlets), default=0), 40)
    nw = len(str(len(outlets)))
    dw = max((len(clean(o.date)) for o in outlets), default=0)
    for n, o in enumerate(outlets, 1):
        cols = [str(n).rjust(nw), _short(o.label, 40).ljust(lw), clean(o.lang).ljust(3)]
        if dw:  # no empty date column when no article has a date
            cols.append(_short(o.date, 20).ljust(dw))
        cols.append(f"{o.sentences} sentences")
        if o.outlier:
            cols.append(pen("(different story?)", "red"))
        lines.append(("  " + "  ".join(cols)).rstrip())
    return lines


def _notes(view: ComparisonView, pen: _Pen) -> list[str]:
    if not view.removals:
        return []
    lines = [pen("Ingest notes", "bold")]
    for label, note in view.removals:
        lines += _wrap(f"{label}: {note}", "  ", hang="    ")
    return lines


def _marks(fact: FactView, view: ComparisonView, pen: _Pen) -> str:
    present = set(fact.coverage)
    if len(view.outlets) > MAX_COLUMNS:
        return f"[{len(present)} of {len(view.outlets)}]"
    cells = [pen(PRESENT, "green") if o.id in present else pen(ABSENT, "dim") for o in view.outlets]
    return "[" + " ".join(cells) + "]"


def _lens(name: str, line: str | None, pen: _Pen) -> list[str]:
    """A fact's ``sources:`` or ``wording:`` line, when it has one."""
    if not line:
        return []
    return [pen(w, "cyan") for w in _wrap(f"{name}: {line}", "      ", hang="        ")]


def _fact(fact: FactView, view: ComparisonView, lw: int, pen: _Pen) -> list[str]:
    style = _LABEL_STYLE.get(fact.label, "bold")
    shown = fact.label.upper() if fact.label == "conflict" else fact.shown
    lines = [
        f"  {pen(clean(fact.id), 'dim')}  {_marks(fact, view, pen)}  "
        f"{pen(shown, 'bold', style)}  confidence {fact.confidence:.2f}"
    ]
    text_width = WIDTH - 6 - lw - 3
    for w in fact.wordings:
        label = _short(w.label, lw).ljust(lw) if w.first else " " * lw
        wrapped = _wrap(f"#{w.sentence} {w.text}", "", text_width)
        lines.append(f"      {label} │ " + wrapped[0])
        lines += [f"      {' ' * lw} │ {x}" for x in wrapped[1:]]
    lines += _lens("sources", fact.origin, pen)
    lines += _lens("wording", fact.wording, pen)
    for rel in fact.relations:
        sign = _SIGN.get(rel.label, "≈")
        # the sentence numbers: a fact may hold several sentences per outlet, and a reason
        # ("only in A") is true of this pair of them
        line = f"{rel.a.label} #{rel.a.sentence} {sign} {rel.b.label} #{rel.b.sentence}: "
        line += rel.why + (f" ({rel.note})" if rel.note else "")
        rel_style = _LABEL_STYLE.get(rel.label, "bold")
        lines += [pen(w, rel_style) for w in _wrap(line, "      ", hang="        ")]
        for ev in rel.evidence:
            lines += _wrap(ev, "        ", hang="          ")
    return lines


def _facts(title: str, facts: tuple[FactView, ...], view: ComparisonView, pen: _Pen) -> list[str]:
    if not facts:
        return []
    lw = min(max((len(clean(o.label)) for o in view.outlets), default=0), LABEL_WIDTH)
    lines = [pen(f"{title} ({len(facts)})", "bold")]
    for n, fact in enumerate(facts):
        if n:
            lines.append("")
        lines += _fact(fact, view, lw, pen)
    return lines


def _only_in(only: OnlyInView, pen: _Pen) -> list[str]:
    title = f"Only in {clean(only.label)} ({only.count})"
    if not only.sentences and not only.additions:
        return [pen(title, "bold") + ": nothing"]
    lines = [pen(title, "bold")]
    for s in only.sentences:
        tag = "(title) " if s.is_title else ""
        lines += _wrap(f"{tag}{s.text}", f"  {f'#{s.sentence}'.ljust(5)}", hang=" " * 7)
    for add in only.additions:
        lines += _wrap(f"{add.text}", f"  {f'#{add.sentence}+'.ljust(5)}", hang=" " * 7)
        lines += [pen(w, "dim") for w in _wrap(f"({add.note})", " " * 7)]
    return lines


def _related(view: ComparisonView, pen: _Pen) -> list[str]:
    rows = view.related
    if not rows:
        return []
    # Not "not the same claim": the scorer read some related pairs as one claim that a
    # rule (``align.VetoRule``) or grouping kept apart; each reason says which.
    lines = [pen(f"Related, not counted as one fact ({len(rows)})", "bold")]
    lw = min(max(len(clean(x)) for r in rows for x in (r.a_label, r.b_label)), LABEL_WIDTH)
    text_width = WIDTH - 6 - lw - 3
    for n, row in enumerate(rows):
        if n:
            lines.append("")
        # a reason may run past the width ("the model scores them as one claim (0.99),
        # but ..."): wrapped under itself, as a relation's reasons are
        head = f"  {clean(row.id)}  "
        first, *rest = _wrap(row.reason, "", WIDTH - len(head))
        lines.append(f"  {pen(clean(row.id), 'dim')}  {pen(first, 'cyan')}")
        lines += [" " * len(head) + pen(r, "cyan") for r in rest]
        for label, index, text in (
            (row.a_label, row.a_sentence, row.a_text),
            (row.b_label, row.b_sentence, row.b_text),
        ):
            wrapped = _wrap(f"#{index} {text}", "", text_width)
            lines.append(f"      {_short(label, lw).ljust(lw)} │ {wrapped[0]}")
            lines += [f"      {' ' * lw} │ {w}" for w in wrapped[1:]]
    return lines


def _voices(view: ComparisonView, pen: _Pen) -> list[str]:
    lines = [pen("Who says what", "bold")]
    for block in view.voices:
        head = f"  {pen(clean(block.label), 'bold')}"
        if block.relays:
            head += f": relays {clean(block.relays)}"
        lines.append(head)
        if block.note:
            lines += _wrap(f"({block.note})", "    ", hang="     ")
        elif not block.rows:
            lines.append("    (no attributed voices: the outlet's own voice throughout)")
        for row in block.rows:
            role = f"  ← {row.role}" if row.role else ""
            lines += _wrap(f"{row.name} ({row.detail}){role}", "    ", hang="      ")
    return lines if view.voices else []


def _framing(view: ComparisonView, pen: _Pen) -> list[str]:
    lines = [pen("Framing (wording choices; a marker is evidence, not a verdict)", "bold")]
    for block in view.framing:
        lines.append(f"  {pen(clean(block.label), 'bold')}: {block.summary}")
        for row in block.rows:
            who = " [in a quote]" if row.quoted else ""
            head = f'#{row.sentence} {row.kind}: "{row.text}"{who}'
            if row.detail:
                head += f" ({row.detail})"
            lines += _wrap(head, "    ", hang="      ")
            if row.note:
                lines += [pen(w, "dim") for w in _wrap(row.note, "      ", hang="      ")]
    return lines if view.framing else []


def _cut(text: str, width: int) -> str:
    """``text`` on one line, at most ``width`` characters (a brief line never wraps)."""
    text = clean(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _refs(refs: tuple[Ref, ...], most: int = 4) -> str:
    """``A #3, B #5 (+2)``: where an item is stated, the first ``most`` outlets of them."""
    shown = ", ".join(f"{_short(r.outlet, BRIEF_LABEL)} #{r.sentence}" for r in refs[:most])
    return shown + (f" (+{len(refs) - most})" if len(refs) > most else "")


def _brief(brief: BriefView, pen: _Pen, *, detail: bool) -> list[str]:
    """The brief: one line per item (two for a disputed one), every item with its fact
    ids or outlets and sentence numbers, so each line can be traced in the detail."""
    lines = [
        pen(f"Brief: {plural(brief.compared, 'outlet')}, {plural(brief.facts, 'fact')}", "bold")
        + (" (the detail follows)" if detail else " (--detail shows all of it)")
    ]
    if brief.left_out:
        names = "Not the same story, left out of the facts: " + ", ".join(brief.left_out)
        lines += [pen(w, "red") for w in _wrap(names, "  ", hang="    ")]
    blocks = [
        lines,
        _agreed(brief, pen),
        _disputed(brief, pen),
        _adds(brief, pen),
        _listed(
            "Who is quoted by whom",
            [f"{s.name}: {s.verb} {_refs(s.refs)}" for s in brief.sources],
            pen,
        ),
        _listed(
            "Framing differences (wording choices, not verdicts)",
            [
                f"{f.kind}: " + " vs ".join(f"“{t}” ({_refs(r, 3)})" for t, r in f.variants)
                for f in brief.framing
            ],
            pen,
        ),
    ]
    return [line for n, b in enumerate(x for x in blocks if x) for line in ([""] if n else []) + b]


def _listed(title: str, items: list[str], pen: _Pen) -> list[str]:
    """A titled block of one-line items, or nothing when there are none."""
    return [pen(title, "bold"), *("  " + _cut(x, WIDTH - 2) for x in items)] if items else []


def _agreed(brief: BriefView, pen: _Pen) -> list[str]:
    lines = [pen(f"Stated by the most outlets{more(brief.agreed_rest)}", "bold")]
    for a in brief.agreed:
        head = f"  {a.count} of {a.of}  [{a.fact_id}{a.origins_note}] "
        lines.append(head + _cut(a.text, WIDTH - len(head)))
    return lines if brief.agreed else []


def _disputed(brief: BriefView, pen: _Pen) -> list[str]:
    lines = [pen(f"Disputed{more(brief.disputed_rest)}", "bold")]
    for d in brief.disputed:
        style = "red" if d.label == "conflict" else "cyan"
        head = f"  {_SIGN['conflict' if d.label == 'conflict' else 'stronger']} [{d.fact_id}] "
        head += f"{_refs((d.a, d.b))}: "
        lines.append(pen(head + _cut(d.how, WIDTH - len(head)), style))
        lines.append("      " + _cut(f"“{d.a_text}”", WIDTH - 6))
    return lines if brief.disputed else []


def _adds(brief: BriefView, pen: _Pen) -> list[str]:
    if not brief.has_adds:
        return []
    title = "What each outlet alone adds (its most substantial; the rest in the detail)"
    lines = [pen(title, "bold")]
    lw = min(max(len(clean(o.outlet)) for o in brief.adds), BRIEF_LABEL)
    for o in brief.adds:
        label = _short(o.outlet, lw).ljust(lw)
        if not o.items:
            lines.append(f"  {label}  {o.empty}")
        for n, item in enumerate(o.items):
            head = f"  {label if n == 0 else ' ' * lw}  #{item.sentence} "
            tail = f" +{o.rest}" if o.rest and n == len(o.items) - 1 else ""
            lines.append(head + _cut(item.text, WIDTH - len(head) - len(tail)) + pen(tail, "dim"))
    return lines


def render_text(comparison: Comparison, *, color: bool = False, detail: bool = True) -> str:
    """The comparison as terminal text, readable at 100 columns.

    Sections: header (verdict, warnings, counts), outlet legend, ingest notes, conflicts
    with their reasons and evidence, other shared facts with each outlet's wording,
    related claims (same actors and subject, not counted as one fact), and what only one
    outlet says: whole sentences, then claims inside shared sentences. ``color`` adds ANSI styles.

    From three articles on, a brief (``storydiff.render.brief``) follows the header;
    ``detail=False`` then leaves out everything after it (the CLI's default: a story of
    many outlets runs to thousands of lines). A pair is always shown in full.
    """
    pen = _Pen(color)
    view = build_view(comparison)
    brief = _brief(build_brief(comparison), pen, detail=detail) if wants_brief(comparison) else []
    if brief and not detail:
        return "\n\n".join("\n".join(s) for s in (_header(view, pen), brief))
    sections = [
        _header(view, pen),
        brief,
        _legend(view, pen),
        _notes(view, pen),
        _facts("Conflicts", view.conflicts, view, pen),
        _facts("Shared facts", view.others, view, pen),
        _related(view, pen),
    ]
    if len(view.outlets) > 1:
        sections += [_only_in(only, pen) for only in shown_only_in(view)]
    sections.append(_voices(view, pen))
    sections.append(_framing(view, pen))
    return "\n\n".join("\n".join(s) for s in sections if s)
