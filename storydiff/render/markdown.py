"""The comparison as GitHub-flavoured Markdown: a coverage table (facts × outlets), then
conflicts, shared facts and what only one outlet says.

Article text is untrusted. Every piece of it goes through ``escape``, which neutralises
HTML and every Markdown construct that could open a link, image, table cell, heading,
list, emphasis, code span, math, mention or autolink.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storydiff.records import Comparison
from storydiff.render._base import MAX_COLUMNS, plural
from storydiff.render.bidi import visible
from storydiff.render.brief import (
    BriefView,
    Ref,
    build_brief,
    join_items,
    more,
    wants_brief,
)
from storydiff.render.view import ComparisonView, FactView, OnlyInView, build_view, shown_only_in

GIST = 80  # characters of the first wording shown in the coverage table

# ASCII punctuation that CommonMark/GFM gives meaning to (links, emphasis, code, tables,
# headings, lists, strikethrough, autolink schemes and "www.", emails and @mentions, $math$).
# CommonMark lets a backslash escape any ASCII punctuation, so escaping extra is harmless.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:@$])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")


def escape(text: str) -> str:
    """``text`` as literal inline Markdown on one line, safe inside a table cell.

    ``&``, ``<`` and ``>`` become entities (no raw HTML, no autolinks in angle brackets);
    Markdown punctuation gets a backslash; line breaks and control characters become spaces;
    bidi controls are shown as ``[U+202E]`` instead of reordering the line.
    """
    text = visible(_SPACE.sub(" ", _CONTROL.sub(" ", text)).strip())
    text = _SPECIAL.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _items(gists: list[str], sentences: list[int]) -> str:
    """An outlet's additions on one line, numbered (``brief.join_items``)."""
    shown = [f"\\#{n} {escape(g)}" for n, g in zip(sentences, gists, strict=True)]
    return join_items(gists, shown)


def _gist(text: str) -> str:
    return text if len(text) <= GIST else text[: GIST - 1].rstrip() + "…"


def _header(view: ComparisonView) -> list[str]:
    n = view.summary.articles
    noun = "article" if n == 1 else "articles"
    langs = ", ".join(escape(lang) for lang in view.summary.languages) or "no language"
    lines = [
        f"# storydiff: {n} {noun}",
        "",
        f"**Verdict:** {escape(view.verdict)} (score {view.score:.2f}) · **Languages:** {langs}",
    ]
    for w in view.warnings:
        lines += ["", f"> **Warning:** {escape(w)}"]
    lines += ["", f"**Summary:** {escape(view.counts)}"]
    return lines


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _outlets(view: ComparisonView) -> list[str]:
    lines = ["## Outlets", "", _row(["#", "Outlet", "Language", "Date", "Sentences", "Title"])]
    lines.append(_row(["---:", "---", "---", "---", "---:", "---"]))
    for n, o in enumerate(view.outlets, 1):
        cells = [escape(o.label), escape(o.lang), escape(o.date), str(o.sentences)]
        lines.append(_row([str(n), *cells, escape(o.title)]))
    return lines


def _notes(view: ComparisonView) -> list[str]:
    if not view.removals:
        return []
    return ["## Ingest notes", ""] + [
        f"- **{escape(lbl)}:** {escape(n)}" for lbl, n in view.removals
    ]


def _marks(fact: FactView, view: ComparisonView) -> list[str]:
    """``✓`` or ``·`` per outlet, or ``n of k`` when there are too many outlets for columns."""
    k = len(view.outlets)
    if k > MAX_COLUMNS:
        return [f"{len(fact.coverage)} of {k}"]
    present = set(fact.coverage)
    return ["✓" if o.id in present else "·" for o in view.outlets]


def _coverage(view: ComparisonView) -> list[str]:
    if not view.facts:
        return []
    wide = len(view.outlets) > MAX_COLUMNS
    names = ["Outlets"] if wide else [escape(o.label) for o in view.outlets]
    lines = ["## Coverage", "", _row(["Fact", "Label", "Confidence", *names, "Gist"])]
    lines.append(_row(["---", "---", "---:", *[":---:"] * len(names), "---"]))
    for fact in view.facts:
        gist = escape(_gist(fact.gist)) if fact.gist else ""
        label = f"**{fact.label}**" if fact.label == "conflict" else fact.shown
        row = [escape(fact.id), label, f"{fact.confidence:.2f}", *_marks(fact, view), gist]
        lines.append(_row(row))
    return lines


def _fact(fact: FactView, view: ComparisonView) -> list[str]:
    lines = [
        f"### {escape(fact.id)}: {fact.shown} "
        f"(confidence {fact.confidence:.2f}) [{' '.join(_marks(fact, view))}]",
        "",
    ]
    for rel in fact.relations:
        a, b = escape(rel.a.label), escape(rel.b.label)
        tail = f" ({escape(rel.note)})" if rel.note else ""
        # the sentence numbers: a fact may hold several sentences per outlet, and a reason
        # ("only in A") is true of this pair of them
        lines.append(
            f"- **{rel.label}** {a} #{rel.a.sentence} vs {b} #{rel.b.sentence}: "
            f"{escape(rel.why)}{tail}"
        )
        lines += [f"  - {escape(ev)}" for ev in rel.evidence]
    if fact.origin:
        lines.append(f"- **sources:** {escape(fact.origin)}")
    if fact.wording:
        lines.append(f"- **wording:** {escape(fact.wording)}")
    if lines[-1]:
        lines.append("")
    lines += [_row(["Outlet", "Sentence", "Wording"]), _row(["---", "---:", "---"])]
    for w in fact.wordings:
        lines.append(_row([escape(w.label), str(w.sentence), escape(w.text)]))
    return lines


def _facts(title: str, facts: tuple[FactView, ...], view: ComparisonView) -> list[str]:
    if not facts:
        return []
    lines = [f"## {title} ({len(facts)})"]
    for fact in facts:
        lines += ["", *_fact(fact, view)]
    return lines


def _only_in(only: OnlyInView) -> list[str]:
    lines = [f"## Only in {escape(only.label)} ({only.count})", ""]
    if not only.sentences and not only.additions:
        return [*lines, "Nothing."]
    for s in only.sentences:
        tag = " (title)" if s.is_title else ""
        lines.append(f"- **#{s.sentence}**{tag} {escape(s.text)}")
    for add in only.additions:
        lines.append(f"- **#{add.sentence}+** {escape(add.text)} _({escape(add.note)})_")
    return lines


def _related(view: ComparisonView) -> list[str]:
    if not view.related:
        return []
    lines = [
        f"## Related, not counted as one fact ({len(view.related)})",
        "",
        "Both outlets write about the same actors and subject, but say different things.",
        "",
        _row(["Link", "Outlet", "Sentence", "Words", "Why linked"]),
        _row(["---", "---", "---:", "---", "---"]),
    ]
    for r in view.related:
        a = [escape(r.a_label), str(r.a_sentence), escape(r.a_text)]
        lines.append(_row([escape(r.id), *a, escape(r.reason)]))
        lines.append(_row(["", escape(r.b_label), str(r.b_sentence), escape(r.b_text), ""]))
    return lines


def _voices(view: ComparisonView) -> list[str]:
    if not view.voices:
        return []
    lines = ["## Who says what"]
    for block in view.voices:
        lines += ["", f"### {escape(block.label)}", ""]
        if block.relays:
            lines += [f"Relays: {escape(block.relays)}", ""]
        if block.note:
            lines += [f"*{escape(block.note)}*", ""]
        lines += [_row(["Voice", "Who, how much", "Order"]), _row(["---", "---", "---"])]
        for row in block.rows:
            lines.append(_row([escape(row.name), escape(row.detail), row.role]))
    return lines


def _framing(view: ComparisonView) -> list[str]:
    if not view.framing:
        return []
    lines = ["## Framing", "", "Wording choices; a marker is evidence, not a verdict."]
    for block in view.framing:
        lines += ["", f"### {escape(block.label)}", "", escape(block.summary), ""]
        lines += [_row(["Sentence", "Kind", "Words", "What the choice signals"])]
        lines += [_row(["---:", "---", "---", "---"])]
        for row in block.rows:
            words = escape(row.text) + (" (in a quote)" if row.quoted else "")
            note = " — ".join(x for x in (row.detail, row.note) if x)
            lines.append(_row([str(row.sentence), row.kind, words, escape(note)]))
    return lines


def _refs(refs: tuple[Ref, ...], most: int = 4) -> str:
    shown = ", ".join(f"{escape(r.outlet)} \\#{r.sentence}" for r in refs[:most])
    return shown + (f" \\(+{len(refs) - most}\\)" if len(refs) > most else "")


def _brief(brief: BriefView, *, detail: bool) -> list[str]:
    """The brief as lists: every item names its fact id or its outlets and sentences."""
    lines = [
        "## Brief",
        "",
        f"**{plural(brief.compared, 'outlet')}, {plural(brief.facts, 'fact')}.** "
        + ("The full comparison follows." if detail else "`--detail` shows the full comparison."),
    ]
    if brief.left_out:
        names = ", ".join(escape(x) for x in brief.left_out)
        lines += ["", f"**Not the same story, left out of the facts:** {names}"]
    agreed = [
        f"- **{a.count} of {a.of}** \\[{escape(a.fact_id + a.origins_note)}\\] "
        + escape(_gist(a.text))
        for a in brief.agreed
    ]
    disputed = [
        f"- **{d.label}** \\[{escape(d.fact_id)}\\] {_refs((d.a, d.b))}: {escape(d.how)}\n"
        f"  - {escape(d.a.outlet)}: {escape(_gist(d.a_text))}\n"
        f"  - {escape(d.b.outlet)}: {escape(_gist(d.b_text))}"
        for d in brief.disputed
    ]
    adds = [
        f"- **{escape(o.outlet)}:** "
        + (_items([_gist(i.text) for i in o.items], [i.sentence for i in o.items]) or o.empty)
        + (f" _(+{o.rest} more)_" if o.items and o.rest else "")
        for o in brief.adds
    ]
    sources = [f"- **{escape(s.name)}** {s.verb} {_refs(s.refs)}" for s in brief.sources]
    framing = [
        f"- **{f.kind}:** "
        + " vs ".join(f"“{escape(t)}” \\({_refs(r, 3)}\\)" for t, r in f.variants)
        for f in brief.framing
    ]
    for title, items in (
        (f"Stated by the most outlets{more(brief.agreed_rest)}", agreed),
        (f"Disputed{more(brief.disputed_rest)}", disputed),
        ("What each outlet alone adds", adds if brief.has_adds else []),
        ("Who is quoted by whom", sources),
        ("Framing differences", framing),
    ):
        if items:
            lines += ["", f"### {title}", "", *items]
    return lines


def render_markdown(comparison: Comparison, *, color: bool = False, detail: bool = True) -> str:
    """The comparison as GitHub-flavoured Markdown; ``color`` is ignored.

    From three articles on, a brief follows the header, and ``detail=False`` leaves out
    the rest (as in the terminal view); a pair is always shown in full.
    """
    del color
    view = build_view(comparison)
    brief = _brief(build_brief(comparison), detail=detail) if wants_brief(comparison) else []
    if brief and not detail:
        return "\n\n".join("\n".join(s) for s in (_header(view), brief))
    sections = [
        _header(view),
        brief,
        _outlets(view),
        _notes(view),
        _coverage(view),
        _facts("Conflicts", view.conflicts, view),
        _facts("Shared facts", view.others, view),
        _related(view),
    ]
    if len(view.outlets) > 1:
        sections += [_only_in(only) for only in shown_only_in(view)]
    sections.append(_voices(view))
    sections.append(_framing(view))
    return "\n\n".join("\n".join(s) for s in sections if s)
