"""The lens sections of the HTML report: wording, sources and framing.

Each section lays out its lens's records as the view model hands them over
(``ComparisonView.lenses``), one column or one block per outlet, and returns ``""`` when
that lens has nothing. All text is escaped here, as in the rest of the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from storydiff.attribute import LANGUAGES
from storydiff.origins import UNREAD
from storydiff.records import Framing, FramingSummary, Marker, Relay, Sources, WordingDiff
from storydiff.render._base import plural
from storydiff.render._htmlview import Places, gist, show_button
from storydiff.render.bidi import escape_html as escape
from storydiff.render.phrases import chain, count, traced
from storydiff.render.view import ComparisonView

QUOTE = 300  # characters of attributed content shown in the sources panel


# --- wording ---------------------------------------------------------------------------------


def wording_section(ctx: Places, view: ComparisonView) -> str:
    """Per fact whose wording differs: each outlet's predicates, one column per outlet."""
    wording = view.lenses.wording
    if not wording:
        return ""
    differing = [w for w in wording if w.fact_id in ctx.facts and w.differs]
    out = ['<section id="wording"><h2>Wording: how each outlet phrases a shared fact</h2>']
    if not differing:
        out.append("<p>The outlets use the same main verbs for every shared fact.</p></section>")
        return "\n".join(out)
    out.append(
        '<p class="muted">The main verbs of each version, with their subject and any '
        "attribution; negated verbs are marked.</p>"
    )
    head = "".join(f'<th scope="col">{escape(lab)}</th>' for lab in ctx.labels)
    out.append(
        f'<div class="scroll"><table><thead><tr><th scope="col">Fact</th>{head}</tr></thead><tbody>'
    )
    for w in differing:
        row = "".join(f"<td>{'<br>'.join(c) or '—'}</td>" for c in _wording_cells(ctx, w))
        out.append(f'<tr><th scope="row">F{ctx.facts[w.fact_id].number}</th>{row}</tr>')
    out.append("</tbody></table></div></section>")
    return "\n".join(out)


def _wording_cells(ctx: Places, w: WordingDiff) -> list[list[str]]:
    """Per outlet, its distinct versions of the fact: subject, “predicate”, and notes."""
    cells: list[list[str]] = [[] for _ in ctx.labels]
    for v in w.versions:
        col = ctx.col.get(v.article_id)
        if col is None:
            continue
        words = [v.subject, f"“{v.predicate or '—'}”"]
        item = escape(" ".join(x for x in words if x))
        if v.negated:
            item += " <strong>(negated)</strong>"
        if v.attribution:
            item += f' <span class="muted">({escape(v.attribution)})</span>'
        if item not in cells[col]:
            cells[col].append(item)
    return cells


# --- sources ---------------------------------------------------------------------------------


def sources_section(ctx: Places, view: ComparisonView) -> str:
    """Who speaks in each outlet, side by side; the origins of each fact; every claim."""
    lenses = view.lenses
    every = [(i, lenses.sources.get(o.id)) for i, o in enumerate(view.outlets)]
    infos = [(i, info) for i, info in every if info is not None]
    origins = lenses.origins
    if not infos and not (origins and origins.facts):
        return ""
    out = [
        '<section id="sources"><h2>Sources: who says what</h2>',
        '<p class="muted">Attributed claims per outlet, the voices quoted, who gets the first '
        "and the last word, and how many independent origins stand behind each fact: three "
        "outlets relaying one report are one origin, not three.</p>",
    ]
    for group in origins.copies if origins else ():
        if len(group) > 1:
            names = ", ".join(ctx.label(aid) for aid in group)
            out.append(
                f'<p class="warn">These articles are near-copies of one text: {escape(names)}</p>'
            )
    if infos:
        relays = origins.relays if origins else {}
        out.append(_voices_glance(every, relays, ctx, view))
    out.append(_origins_table(ctx, view))
    out += [_article_sources(i, ctx.labels[i], info) for i, info in infos]
    out.append("</section>")
    return "\n".join(x for x in out if x)


def _voices_glance(
    every: list[tuple[int, Sources | None]],
    relays: Mapping[str, tuple[Relay, ...]],
    ctx: Places,
    view: ComparisonView,
) -> str:
    def cell(text: str) -> str:
        return f"<td>{escape(text) or '—'}</td>"

    infos = [info for _, info in every]
    rows = {
        "first word": [(i.first_voice or "") if i else "" for i in infos],
        "last word": [(i.last_voice or "") if i else "" for i in infos],
        "voices quoted": [", ".join(v.name for v in i.voices) if i else "" for i in infos],
        "attributed claims": [
            ("not read" if not i.read else str(len(i.attributions))) if i else "0" for i in infos
        ],
    }
    relayed = [
        ", ".join(
            r.outlet + (" (whole article)" if r.whole_article else "")
            for r in relays.get(view.outlets[i].id, ())
        )
        for i, _ in every
    ]
    if any(relayed):
        rows["relays"] = relayed
    head = "".join(f'<th scope="col">{escape(ctx.labels[i])}</th>' for i, _ in every)
    body = "".join(
        f'<tr><th scope="row">{name}</th>{"".join(cell(v) for v in values)}</tr>'
        for name, values in rows.items()
    )
    return (
        '<div class="scroll"><table><thead><tr><th scope="col">Voices</th>'
        f"{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _origins_table(ctx: Places, view: ComparisonView) -> str:
    origins = view.lenses.origins
    by_fact = {f.fact_id: f for f in origins.facts} if origins else {}
    rows = []
    for fact in view.facts:
        info = by_fact.get(fact.id)
        if info is None:
            continue
        carried = [ctx.label(a) for a in info.carried_by]
        named = [
            (chain(o) or o.name or "?") + (f" ({o.kind})" if o.kind and o.kind != UNREAD else "")
            for o in info.origins
        ]
        indep = info.n_independent
        note = escape(count(info))
        if len(carried) > 1 and indep < len(carried) and traced(info):  # some only relay others
            note = f"<strong>{note}</strong>"
        rows.append(
            f'<tr><th scope="row">F{fact.number}</th><td>{escape(", ".join(carried))}</td>'
            f"<td>{escape('; '.join(named) or '—')}</td><td>{note}</td></tr>"
        )
    if not rows:
        return ""
    return (
        '<h3>Origins of shared facts</h3><div class="scroll"><table><thead><tr>'
        '<th scope="col">Fact</th><th scope="col">Carried by</th><th scope="col">Origins</th>'
        '<th scope="col">Independent</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _article_sources(col: int, label: str, info: Sources) -> str:
    attributions = info.attributions
    out = [
        f"<details><summary><strong>{escape(label)}</strong>: "
        + (plural(len(attributions), "attributed claim") if info.read else "not read")
        + "</summary>"
    ]
    if info.voices:
        rows = "".join(
            f"<tr><td>{escape(v.name)}</td><td>{escape(v.kind)}</td>"
            f"<td>{escape(v.affiliation or '—')}</td><td>{v.words}</td></tr>"
            for v in info.voices
        )
        out.append(
            '<div class="scroll"><table><thead><tr><th scope="col">Voice</th>'
            '<th scope="col">Kind</th><th scope="col">Affiliation</th>'
            f'<th scope="col">Words attributed</th></tr></thead><tbody>{rows}</tbody></table></div>'
        )
    items = []
    for att in attributions:
        who = att.source_name or (att.source.text if att.source else "") or "unnamed source"
        kind, mode = att.source_kind, att.mode
        content = att.content.text if att.content else ""
        items.append(
            f'<li><span class="who">{escape(who)}</span>'
            + (f" ({escape(kind)})" if kind else "")
            + f" — <em>{escape(att.cue.text)}</em>"
            + (f" [{escape(mode)}]" if mode else "")
            + f": “{escape(gist(content, QUOTE))}”{_show(col, att.sentence_index)}</li>"
        )
    if not info.read:
        out.append(
            f'<p class="muted">Not read: who says what reads {", ".join(LANGUAGES)} only, so '
            "finding no voice here does not mean the outlet speaks in its own voice.</p>"
        )
    if items:
        out.append(f"<ul>{''.join(items)}</ul>")
    elif not info.voices and info.read:
        out.append("<p>No attributed claims found.</p>")
    out.append("</details>")
    return "".join(out)


def _show(col: int, index: int) -> str:
    return show_button(f"s-{col}-{index}" if index >= 0 else None)


# --- framing ---------------------------------------------------------------------------------


def marker_note(m: Marker) -> str:
    """One line that says what a framing marker is and why it matters."""
    kind = m.kind or "marker"
    group, variant = m.group, m.variant
    if kind == "loaded" and group == "sentence":
        head = "loaded sentence"
    elif kind == "naming":
        head = f"naming: {group}" if group else "naming"
    else:
        head = kind.replace("-", " ")
        if group and group != variant and not m.note.lower().startswith(group.lower()):
            head += f" ({group})"
    parts = [head]
    if variant and m.alternatives:
        parts.append(
            f"this outlet writes “{variant}”, others may write {', '.join(m.alternatives)}"
        )
    if m.origin and kind == "naming":
        parts.append(f"the {m.origin} form")
    if m.note:
        parts.append(m.note)
    if m.voice == "quoted" and "quote" not in m.note.lower():
        parts.append("inside a quote: the speaker's words, not the outlet's")
    return " · ".join(parts)


_KIND_NAMES = {
    "naming": "names (spelling)",
    "label": "labels for actors",
    "hedge": "hedges",
    "attribution-verb": "attribution verbs",
    "loaded": "loaded words",
    "scare-quote": "scare quotes",
    "persuasion": "persuasion techniques",
}


def quiet_marker(m: Marker) -> bool:
    """Neutral attribution ("said", "stated"): listed, but never boxed in the text."""
    return m.kind == "attribution-verb" and m.group == "neutral"


def framing_section(ctx: Places, view: ComparisonView) -> str:
    """Counts per outlet side by side, then every marker with its note and a link to it."""
    framing = view.lenses.framing
    if not framing:
        return ""
    infos = [(i, f) for i, o in enumerate(view.outlets) if (f := framing.get(o.id)) is not None]
    out = [
        '<section id="framing"><h2>Framing: word choices</h2>',
        '<p class="muted">Names and their spelling, labels for actors, hedges, attribution '
        "verbs, loaded words and scare quotes. In the texts the notable ones are boxed (hover "
        "or focus one for its note) and sentences rated as loaded carry a ⚑; neutral verbs "
        "such as “said” are only listed here. Words inside a quote are the speaker's choice, "
        "not the outlet's (dotted box).</p>",
        _glance(infos, ctx),
    ]
    for i, info in infos:
        markers = sorted(info.markers, key=lambda m: m.start)
        out.append(
            f"<details><summary><strong>{escape(ctx.labels[i])}</strong>: "
            f"{plural(len(markers), 'marker')}</summary>"
        )
        rows = [_marker_row(i, m) for m in markers if not quiet_marker(m)]
        quiet = [m.text for m in markers if quiet_marker(m)]
        if quiet:
            words = ", ".join(
                w if n == 1 else f"{w} ×{n}" for w, n in Counter(x.lower() for x in quiet).items()
            )
            rows.append(
                '<tr><td><span class="kind">attribution verb</span></td>'
                f"<td>{escape(words)}</td><td>neutral attribution (not boxed in the text)</td></tr>"
            )
        if rows:
            out.append(
                '<div class="scroll"><table><thead><tr><th scope="col">Kind</th>'
                '<th scope="col">Words</th><th scope="col">Note</th></tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table></div>"
            )
        out.append("</details>")
    out.append("</section>")
    return "\n".join(out)


def _glance(infos: list[tuple[int, Framing]], ctx: Places) -> str:
    """Marker counts per outlet, one column each, so the outlets compare at a glance."""
    summaries: list[FramingSummary] = [info.summary for _, info in infos]
    kinds = list(dict.fromkeys(k for s in summaries for k, n in s.counts.items() if n > 0))
    rows = []
    for kind in kinds:
        cells = "".join(
            f"<td>{escape(_count(s.counts.get(kind, 0), s.per_1000_words.get(kind)))}</td>"
            for s in summaries
        )
        rows.append(f'<tr><th scope="row">{escape(_KIND_NAMES.get(kind, kind))}</th>{cells}</tr>')
    extra = (
        ("name forms used", [s.naming_origins for s in summaries]),
        ("attribution verbs by tone", [s.verb_connotations for s in summaries]),
    )
    for name, tallies in extra:
        if any(tallies):
            cells = "".join(
                "<td>" + escape(", ".join(f"{k} {n}" for k, n in t.items())) + "</td>"
                for t in tallies
            )
            rows.append(f'<tr><th scope="row">{name}</th>{cells}</tr>')
    if any(s.loaded_sentences > 0 for s in summaries):
        cells = "".join(f"<td>{s.loaded_sentences} of {s.sentences}</td>" for s in summaries)
        rows.append(f'<tr><th scope="row">sentences rated loaded ⚑</th>{cells}</tr>')
    if not rows:
        return "<p>No framing markers found.</p>"
    head = "".join(f'<th scope="col">{escape(ctx.labels[i])}</th>' for i, _ in infos)
    return (
        '<div class="scroll"><table class="glance"><thead><tr><th scope="col">Markers</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _count(count: int, per: float | None) -> str:
    return f"{count} ({per:.1f} per 1000 words)" if per is not None and count else str(count)


def _marker_row(col: int, m: Marker) -> str:
    return (
        f'<tr><td><span class="kind">{escape(m.kind.replace("-", " "))}</span></td>'
        f"<td>{escape(gist(m.text, 160))}{_show(col, m.sentence_index)}</td>"
        f"<td>{escape(marker_note(m))}</td></tr>"
    )
