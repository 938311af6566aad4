"""The optional lenses of the HTML report: wording, sources and framing.

Each section renders from its key of the comparison dict when present (see the module
docstring of ``storydiff.render.html``) and returns ``""`` when the key is absent.
All text is escaped here, as in the rest of the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from storydiff.render._htmlview import View, gist, plural
from storydiff.render._lenient import Json, as_int, as_num, as_str, dicts, mapping
from storydiff.render.bidi import escape_html as escape

QUOTE = 300  # characters of attributed content shown in the sources panel


# --- optional lenses: wording, sources, framing ---------------------------------------------


def wording_section(d: Json, ctx: View) -> str:
    """Per fact whose wording differs: each outlet's predicates, one column per outlet."""
    differing = [
        w for w in dicts(d.get("wording")) if w.get("fact") in ctx.fnum and w.get("differs")
    ]
    if not d.get("wording"):
        return ""
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
        cells: list[list[str]] = [[] for _ in ctx.labels]
        for v in dicts(w.get("versions")):
            col = ctx.col.get(as_str(v.get("article")))
            if col is None:
                continue
            words = [as_str(v.get("subject")), f"“{as_str(v.get('predicate')) or '—'}”"]
            item = escape(" ".join(x for x in words if x))
            if v.get("negated"):
                item += " <strong>(negated)</strong>"
            if v.get("attribution"):
                item += f' <span class="muted">({escape(as_str(v.get("attribution")))})</span>'
            if item not in cells[col]:
                cells[col].append(item)
        row = "".join(f"<td>{'<br>'.join(c) or '—'}</td>" for c in cells)
        out.append(f'<tr><th scope="row">F{ctx.fnum[as_str(w.get("fact"))]}</th>{row}</tr>')
    out.append("</tbody></table></div></section>")
    return "\n".join(out)


def sources_section(d: Json, ctx: View) -> str:
    """Who speaks in each outlet, side by side; the origins of each fact; every claim."""
    src = d.get("sources")
    if not isinstance(src, Mapping):
        return ""
    per_article = mapping(src.get("articles"))
    every = [(i, mapping(per_article.get(as_str(a.get("id"))))) for i, a in enumerate(ctx.articles)]
    infos = [(i, info) for i, info in every if info]
    facts = mapping(src.get("facts"))
    if not infos and not facts:
        return ""
    out = [
        '<section id="sources"><h2>Sources: who says what</h2>',
        '<p class="muted">Attributed claims per outlet, the voices quoted, who gets the first '
        "and the last word, and how many independent origins stand behind each fact: three "
        "outlets relaying one report are one origin, not three.</p>",
    ]
    for group in src.get("copies") or []:
        if isinstance(group, list) and len(group) > 1:
            names = ", ".join(ctx.label(aid) for aid in group)
            out.append(
                f'<p class="warn">These articles are near-copies of one text: {escape(names)}</p>'
            )
    if infos:
        out.append(_voices_glance(every, mapping(src.get("relays")), ctx))
    out.append(_origins_table(facts, ctx))
    out += [_article_sources(i, ctx.labels[i], info) for i, info in infos]
    out.append("</section>")
    return "\n".join(x for x in out if x)


def _voices_glance(infos: list[tuple[int, Json]], relays: Json, ctx: View) -> str:
    def cell(text: str) -> str:
        return f"<td>{escape(text) or '—'}</td>"

    rows = {
        "first word": [as_str(info.get("first_voice")) for _, info in infos],
        "last word": [as_str(info.get("last_voice")) for _, info in infos],
        "voices quoted": [
            ", ".join(as_str(v.get("name")) for v in dicts(info.get("voices"))) for _, info in infos
        ],
        "attributed claims": [str(len(dicts(info.get("attributions")))) for _, info in infos],
    }
    relayed = [
        ", ".join(
            as_str(r.get("outlet")) + (" (whole article)" if r.get("whole_article") else "")
            for r in dicts(relays.get(as_str(ctx.articles[i].get("id"))))
        )
        for i, _ in infos
    ]
    if any(relayed):
        rows["relays"] = relayed
    head = "".join(f'<th scope="col">{escape(ctx.labels[i])}</th>' for i, _ in infos)
    body = "".join(
        f'<tr><th scope="row">{name}</th>{"".join(cell(v) for v in values)}</tr>'
        for name, values in rows.items()
    )
    return (
        '<div class="scroll"><table><thead><tr><th scope="col">Voices</th>'
        f"{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _origins_table(facts: Json, ctx: View) -> str:
    rows = []
    for f in ctx.facts:
        info = mapping(facts.get(f["id"]))
        if not info:
            continue
        carried = [ctx.label(a) for a in info.get("carried_by") or [] if isinstance(a, str)]
        origins = [
            (as_str(o.get("chain")) or as_str(o.get("name")) or "?")
            + (f" ({as_str(o.get('kind'))})" if o.get("kind") else "")
            for o in dicts(info.get("origins"))
        ]
        indep = as_int(info.get("independent"), 0)
        note = escape(f"{plural(len(carried), 'outlet')}, {plural(indep, 'independent origin')}")
        if len(carried) > 1 and indep < len(carried):  # some outlets only relay others
            note = f"<strong>{note}</strong>"
        rows.append(
            f'<tr><th scope="row">F{ctx.fnum[f["id"]]}</th><td>{escape(", ".join(carried))}</td>'
            f"<td>{escape('; '.join(origins) or '—')}</td><td>{note}</td></tr>"
        )
    if not rows:
        return ""
    return (
        '<h3>Origins of shared facts</h3><div class="scroll"><table><thead><tr>'
        '<th scope="col">Fact</th><th scope="col">Carried by</th><th scope="col">Origins</th>'
        '<th scope="col">Independent</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _span_text(value: object) -> str:
    return as_str(mapping(value).get("text"))


def _article_sources(col: int, label: str, info: Json) -> str:
    attributions = dicts(info.get("attributions"))
    out = [
        f"<details><summary><strong>{escape(label)}</strong>: "
        f"{plural(len(attributions), 'attributed claim')}</summary>"
    ]
    voices = dicts(info.get("voices"))
    if voices:
        rows = "".join(
            f"<tr><td>{escape(as_str(v.get('name')))}</td><td>{escape(as_str(v.get('kind')))}</td>"
            f"<td>{escape(as_str(v.get('affiliation')) or '—')}</td>"
            f"<td>{as_int(v.get('words'), 0)}</td></tr>"
            for v in voices
        )
        out.append(
            '<div class="scroll"><table><thead><tr><th scope="col">Voice</th>'
            '<th scope="col">Kind</th><th scope="col">Affiliation</th>'
            f'<th scope="col">Words attributed</th></tr></thead><tbody>{rows}</tbody></table></div>'
        )
    items = []
    for att in attributions:
        who = as_str(att.get("source_name")) or _span_text(att.get("source")) or "unnamed source"
        kind = as_str(att.get("source_kind"))
        mode = as_str(att.get("mode"))
        index = as_int(att.get("sentence"))
        show = (
            f' <button class="show" type="button" data-target="s-{col}-{index}">show</button>'
            if index >= 0
            else ""
        )
        items.append(
            f'<li><span class="who">{escape(who)}</span>'
            + (f" ({escape(kind)})" if kind else "")
            + f" — <em>{escape(_span_text(att.get('cue')))}</em>"
            + (f" [{escape(mode)}]" if mode else "")
            + f": “{escape(gist(_span_text(att.get('content')), QUOTE))}”{show}</li>"
        )
    if items:
        out.append(f"<ul>{''.join(items)}</ul>")
    elif not voices:
        out.append("<p>No attributed claims found.</p>")
    out.append("</details>")
    return "".join(out)


def marker_note(m: Json) -> str:
    """One line that says what a framing marker is and why it matters."""
    kind = as_str(m.get("kind")) or "marker"
    group, variant = as_str(m.get("group")), as_str(m.get("variant"))
    if kind == "loaded" and group == "sentence":
        head = "loaded sentence"
    elif kind == "naming":
        head = f"naming: {group}" if group else "naming"
    else:
        head = kind.replace("-", " ")
        note = as_str(m.get("note")).lower()
        if group and group != variant and not note.startswith(group.lower()):
            head += f" ({group})"
    parts = [head]
    alts = [as_str(x) for x in m.get("alternatives") or [] if isinstance(x, str)]
    if variant and alts:
        parts.append(f"this outlet writes “{variant}”, others may write {', '.join(alts)}")
    if m.get("origin") and kind == "naming":
        parts.append(f"the {as_str(m.get('origin'))} form")
    if m.get("note"):
        parts.append(as_str(m.get("note")))
    if m.get("voice") == "quoted" and "quote" not in as_str(m.get("note")).lower():
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


def quiet_marker(m: Json) -> bool:
    """Neutral attribution ("said", "stated"): listed, but never boxed in the text."""
    return m.get("kind") == "attribution-verb" and m.get("group") == "neutral"


def framing_section(d: Json, ctx: View) -> str:
    """Counts per outlet side by side, then every marker with its note and a link to it."""
    fr = d.get("framing")
    if not isinstance(fr, Mapping) or not fr:
        return ""
    infos = [(i, mapping(fr.get(as_str(a.get("id"))))) for i, a in enumerate(ctx.articles)]
    infos = [(i, info) for i, info in infos if info]
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
        markers = sorted(dicts(info.get("markers")), key=lambda m: as_int(m.get("start"), 0))
        out.append(
            f"<details><summary><strong>{escape(ctx.labels[i])}</strong>: "
            f"{plural(len(markers), 'marker')}</summary>"
        )
        rows = [_marker_row(i, m) for m in markers if not quiet_marker(m)]
        quiet = [as_str(m.get("text")) for m in markers if quiet_marker(m)]
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


def _glance(infos: list[tuple[int, Json]], ctx: View) -> str:
    """Marker counts per outlet, one column each, so the outlets compare at a glance."""
    summaries = [(i, mapping(info.get("summary"))) for i, info in infos]
    kinds = list(
        dict.fromkeys(
            k for _, s in summaries for k, n in mapping(s.get("counts")).items() if as_int(n, 0) > 0
        )
    )
    rows = []
    for kind in kinds:
        cells = "".join(
            "<td>"
            + escape(
                _count(
                    mapping(s.get("counts")).get(kind), mapping(s.get("per_1000_words")).get(kind)
                )
            )
            + "</td>"
            for _, s in summaries
        )
        rows.append(f'<tr><th scope="row">{escape(_KIND_NAMES.get(kind, kind))}</th>{cells}</tr>')
    extra = (
        ("naming_origins", "name forms used"),
        ("verb_connotations", "attribution verbs by tone"),
    )
    for key, name in extra:
        if any(mapping(s.get(key)) for _, s in summaries):
            cells = "".join(
                "<td>"
                + escape(", ".join(f"{k} {as_int(n, 0)}" for k, n in mapping(s.get(key)).items()))
                + "</td>"
                for _, s in summaries
            )
            rows.append(f'<tr><th scope="row">{name}</th>{cells}</tr>')
    if any(as_int(s.get("loaded_sentences"), 0) > 0 for _, s in summaries):
        cells = "".join(
            f"<td>{as_int(s.get('loaded_sentences'), 0)} of {as_int(s.get('sentences'), 0)}</td>"
            for _, s in summaries
        )
        rows.append(f'<tr><th scope="row">sentences rated loaded ⚑</th>{cells}</tr>')
    if not rows:
        return "<p>No framing markers found.</p>"
    head = "".join(f'<th scope="col">{escape(ctx.labels[i])}</th>' for i, _ in infos)
    return (
        '<div class="scroll"><table class="glance"><thead><tr><th scope="col">Markers</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _count(n: object, rate: object) -> str:
    per = as_num(rate)
    count = as_int(n, 0)
    return f"{count} ({per:.1f} per 1000 words)" if per is not None and count else str(count)


def _marker_row(col: int, m: Json) -> str:
    index = as_int(m.get("sentence"))
    show = (
        f' <button class="show" type="button" data-target="s-{col}-{index}">show</button>'
        if index >= 0
        else ""
    )
    return (
        f'<tr><td><span class="kind">{escape(as_str(m.get("kind")).replace("-", " "))}</span></td>'
        f"<td>{escape(gist(as_str(m.get('text')), 160))}{show}</td>"
        f"<td>{escape(marker_note(m))}</td></tr>"
    )
