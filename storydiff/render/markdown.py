"""The comparison as GitHub-flavoured Markdown: a coverage table (facts × outlets), then
conflicts, shared facts and what only one outlet says.

Article text is untrusted. Every piece of it goes through ``escape``, which neutralises
HTML and every Markdown construct that could open a link, image, table cell, heading,
list, emphasis, code span, math, mention or autolink.
"""

from __future__ import annotations

import re
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


def _gist(text: str) -> str:
    return text if len(text) <= GIST else text[: GIST - 1].rstrip() + "…"


def _header(comparison: Comparison) -> list[str]:
    s = summarize(comparison)
    ss = comparison.same_story
    noun = "article" if s.articles == 1 else "articles"
    langs = ", ".join(escape(lang) for lang in s.languages) or "no language"
    lines = [
        f"# storydiff: {s.articles} {noun}",
        "",
        f"**Verdict:** {escape(ss.verdict)} (score {ss.score:.2f}) · **Languages:** {langs}",
    ]
    for w in warnings(comparison):
        lines += ["", f"> **Warning:** {escape(w)}"]
    lines += ["", f"**Summary:** {escape(counts_line(comparison))}"]
    return lines


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _outlets(comparison: Comparison) -> list[str]:
    lines = ["## Outlets", "", _row(["#", "Outlet", "Language", "Date", "Sentences", "Title"])]
    lines.append(_row(["---:", "---", "---", "---", "---:", "---"]))
    for n, seg in enumerate(comparison.articles, 1):
        a = seg.article
        lines.append(
            _row(
                [
                    str(n),
                    escape(a.label),
                    escape(seg.lang),
                    escape(a.date or ""),
                    str(len(seg.sentences)),
                    escape(a.title or ""),
                ]
            )
        )
    return lines


def _notes(comparison: Comparison) -> list[str]:
    notes = removal_notes(comparison)
    if not notes:
        return []
    return ["## Ingest notes", ""] + [f"- **{escape(lbl)}:** {escape(n)}" for lbl, n in notes]


def _coverage(comparison: Comparison) -> list[str]:
    if not comparison.facts:
        return []
    segs = by_id(comparison)
    k = len(comparison.articles)
    wide = k > MAX_COLUMNS
    names = ["Outlets"] if wide else [escape(seg.article.label) for seg in comparison.articles]
    lines = ["## Coverage", "", _row(["Fact", "Label", "Confidence", *names, "Gist"])]
    lines.append(_row(["---", "---", "---:", *[":---:"] * len(names), "---"]))
    for fact in comparison.facts:
        present = set(coverage(fact, comparison))
        marks = (
            [f"{len(present)} of {k}"]
            if wide
            else ["✓" if seg.article.id in present else "·" for seg in comparison.articles]
        )
        first = next((segs[aid] for aid in coverage(fact, comparison)), None)
        texts = member_texts(fact, first) if first else []
        gist = escape(_gist(texts[0][1])) if texts else ""
        label = f"**{fact.label}**" if fact.label == "conflict" else fact_label(fact.label)
        row = [escape(fact.id), label, f"{fact.confidence:.2f}", *marks, gist]
        lines.append(_row(row))
    return lines


def _fact(fact: Fact, comparison: Comparison) -> list[str]:
    labels = {seg.article.id: seg.article.label for seg in comparison.articles}
    present = set(coverage(fact, comparison))
    marks = " ".join("✓" if seg.article.id in present else "·" for seg in comparison.articles)
    if len(comparison.articles) > MAX_COLUMNS:
        marks = f"{len(present)} of {len(comparison.articles)}"
    lines = [
        f"### {escape(fact.id)}: {fact_label(fact.label)} "
        f"(confidence {fact.confidence:.2f}) [{marks}]",
        "",
    ]
    for rel in notable_relations(fact):
        a, b = escape(labels.get(rel.a[0], "?")), escape(labels.get(rel.b[0], "?"))
        said = "; ".join(rel.reasons) or rel.label
        why = escape(said)
        extra = fuller_note(rel, labels, said=said)
        tail = f" ({escape(extra)})" if extra else ""
        # the sentence numbers: a fact may hold several sentences per outlet, and a reason
        # ("only in A") is true of this pair of them
        lines.append(f"- **{rel.label}** {a} #{rel.a[1]} vs {b} #{rel.b[1]}: {why}{tail}")
        lines += [f"  - {escape(ev)}" for ev in evidence_lines(rel, labels)]
    origin = origin_line(fact, comparison)
    if origin:
        lines.append(f"- **sources:** {escape(origin)}")
    wording = wording_line(fact, comparison)
    if wording:
        lines.append(f"- **wording:** {escape(wording)}")
    if lines[-1]:
        lines.append("")
    lines += [_row(["Outlet", "Sentence", "Wording"]), _row(["---", "---:", "---"])]
    for seg in comparison.articles:
        for index, text in member_texts(fact, seg):
            lines.append(_row([escape(seg.article.label), str(index), escape(text)]))
    return lines


def _facts(title: str, facts: list[Fact], comparison: Comparison) -> list[str]:
    if not facts:
        return []
    lines = [f"## {title} ({len(facts)})"]
    for fact in facts:
        lines += ["", *_fact(fact, comparison)]
    return lines


def _only_in(seg: Segmented, indices: Iterable[int], additions: Iterable[Addition]) -> list[str]:
    rows = [(i, seg.sentences[i]) for i in indices if 0 <= i < len(seg.sentences)]
    adds = list(additions)
    count = f"{len(rows)}" + (f" + {len(adds)} within shared sentences" if adds else "")
    lines = [f"## Only in {escape(seg.article.label)} ({count})", ""]
    if not rows and not adds:
        return [*lines, "Nothing."]
    for i, s in rows:
        tag = " (title)" if s.is_title else ""
        lines.append(f"- **#{i}**{tag} {escape(s.text)}")
    for add in adds:
        lines.append(
            f"- **#{add.sentence_index}+** {escape(add.text)} _({escape(addition_note(add))})_"
        )
    return lines


def _related(comparison: Comparison) -> list[str]:
    rows = related_rows(comparison)
    if not rows:
        return []
    lines = [
        f"## Related, not the same claim ({len(rows)})",
        "",
        "Both outlets write about the same actors and subject, but say different things.",
        "",
        _row(["Link", "Outlet", "Sentence", "Words", "Why linked"]),
        _row(["---", "---", "---:", "---", "---"]),
    ]
    for row in rows:
        lines.append(
            _row(
                [
                    escape(row.id),
                    escape(row.a_label),
                    str(row.a_sentence),
                    escape(row.a_text),
                    escape(row.reason),
                ]
            )
        )
        lines.append(_row(["", escape(row.b_label), str(row.b_sentence), escape(row.b_text), ""]))
    return lines


def _voices(comparison: Comparison) -> list[str]:
    blocks = voices(comparison)
    if not blocks:
        return []
    lines = ["## Who says what"]
    for block in blocks:
        lines += ["", f"### {escape(block.label)}", ""]
        if block.relays:
            lines += [f"Relays: {escape(block.relays)}", ""]
        lines += [_row(["Voice", "Who, how much", "Order"]), _row(["---", "---", "---"])]
        for row in block.rows:
            lines.append(_row([escape(row.name), escape(row.detail), row.role]))
    return lines


def _framing(comparison: Comparison) -> list[str]:
    blocks = framing_rows(comparison)
    if not blocks:
        return []
    lines = ["## Framing", "", "Wording choices; a marker is evidence, not a verdict."]
    for block in blocks:
        lines += ["", f"### {escape(block.label)}", "", escape(block.summary), ""]
        lines += [_row(["Sentence", "Kind", "Words", "What the choice signals"])]
        lines += [_row(["---:", "---", "---", "---"])]
        for row in block.rows:
            words = escape(row.text) + (" (in a quote)" if row.quoted else "")
            note = " — ".join(x for x in (row.detail, row.note) if x)
            lines.append(_row([str(row.sentence), row.kind, words, escape(note)]))
    return lines


def render_markdown(comparison: Comparison, *, color: bool = False) -> str:
    """The comparison as GitHub-flavoured Markdown; ``color`` is ignored."""
    del color
    conflicts = [f for f in comparison.facts if f.label == "conflict"]
    others = [f for f in comparison.facts if f.label != "conflict"]
    sections = [
        _header(comparison),
        _outlets(comparison),
        _notes(comparison),
        _coverage(comparison),
        _facts("Conflicts", conflicts, comparison),
        _facts("Shared facts", others, comparison),
        _related(comparison),
    ]
    if len(comparison.articles) > 1:
        sections += [
            _only_in(
                s,
                comparison.unique.get(s.article.id, ()),
                comparison.additions.get(s.article.id, ()),
            )
            for s in comparison.articles
        ]
    sections.append(_voices(comparison))
    sections.append(_framing(comparison))
    return "\n\n".join("\n".join(s) for s in sections if s)
