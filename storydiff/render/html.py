"""The comparison as one self-contained HTML page: the articles side by side.

Everything the page shows comes from the view model (``storydiff.render.view``), the same
records the text and Markdown views lay out, plus where each sentence sits in the texts and
the lenses' records. The public JSON contract (``jsonout.to_dict``) is embedded in the page
as is (``<script type="application/json" id="storydiff-data">``), so the page and its JSON
twin always agree; ``html_from_dict`` renders such a document again. The lens sections
(``framing``, ``wording``, ``sources``) are shown when present and skipped when absent; a
malformed one in a document is read as far as it goes (``_lenient``).

Article text is untrusted. Every piece of it goes through ``html.escape``; JSON embedded for
the script has ``<``, ``>`` and ``&`` escaped so no text can close the ``<script>`` element;
a Content-Security-Policy allows only the page's own inline style and script (by hash), so
nothing is loaded from anywhere and injected markup could not run even if it got through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from storydiff.records import Comparison, Marker
from storydiff.render._base import FORCE, plural, removal_note
from storydiff.render._htmlbrief import brief_body, brief_styles
from storydiff.render._htmllenses import (
    framing_section,
    marker_note,
    quiet_marker,
    sources_section,
    wording_section,
)
from storydiff.render._htmlpage import asset, page, script_json
from storydiff.render._htmlrelated import related_section
from storydiff.render._htmlview import Places, gist, show_button, slug
from storydiff.render._lenient import lenses
from storydiff.render.bidi import escape_html as escape
from storydiff.render.jsonout import PAIR_SCORES
from storydiff.render.view import (
    ComparisonView,
    FactView,
    OutletView,
    RelationView,
    SentenceView,
    SideView,
    build_view,
    distinct_labels,
)

Json = Mapping[str, Any]

_ROLES = ("shared", "conflict", "related", "unique")
_SYMBOL = {"agree": "=", "partial": "≈", "stronger": "≶", "weaker": "≶", "conflict": "≠"}
_LABEL_TEXT = {
    "agree": "= agree",
    "partial": "≈ one says more",
    "stronger": "≶ one says it more strongly",
    "weaker": "≶ one says it more strongly",
    "conflict": "≠ conflict",
}
_LENSES = frozenset({"framing", "wording", "sources"})
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


# --- the report ------------------------------------------------------------------------------


def render_html(comparison: Comparison, *, color: bool = False) -> str:
    """The comparison as one self-contained HTML page (``--format html``).

    ``color`` is ignored: the page always uses colour, and never colour alone.
    """
    from storydiff.render.jsonout import to_dict

    del color
    view = build_view(comparison, labels=distinct_labels(comparison))
    return _report(to_dict(comparison), view)


def html_from_dict(d: Json) -> str:
    """The report page for a comparison in its JSON form (``jsonout.to_dict`` output).

    Renders the optional ``framing``, ``wording`` and ``sources`` sections when present;
    what of them is missing or malformed reads as empty. The core of ``d`` must be a
    comparison ``from_dict`` reads.
    """
    from storydiff.render.jsonout import from_dict

    # The core must read; the lenses are read leniently (``_lenient``).
    core = from_dict({k: v for k, v in d.items() if k not in _LENSES})
    comparison = replace(core, **lenses(d))
    return _report(d, build_view(comparison, labels=distinct_labels(comparison)))


def _report(d: Json, view: ComparisonView) -> str:
    """The page for ``view``, with ``d`` (its JSON contract) embedded for the script.

    Of ``d`` itself only its stamp is shown (the footer's version, schema and models) and
    which lens sections it carries (the table of contents links them).
    """
    ctx = Places(view)
    sections = [
        _header(ctx, view, [k for k in ("wording", "sources", "framing") if d.get(k)]),
        _columns(ctx, view),
        _coverage(ctx, view),
        _differences(ctx, view),
        related_section(ctx, view),
        wording_section(ctx, view),
        sources_section(ctx, view),
        framing_section(ctx, view),
        _notes(ctx, view),
    ]
    body = brief_body(d, view, sections)  # 3+ outlets: the brief first, the detail collapsed
    body += (
        '\n<aside id="detail" hidden aria-live="polite" aria-label="Linked sentences">'
        '<button class="close" type="button">Close ✕</button><div class="body"></div></aside>'
    )
    body += "\n" + _footer(d)
    return page(
        title=ctx.title,
        body=body,
        scripts=[asset("report.js")],
        data={"storydiff-data": d, "storydiff-view": _script_view(ctx, view)},
        styles=brief_styles(view),
    )


def _members(ctx: Places, fact: FactView) -> list[str]:
    """The element ids of the fact's sentences, in column order."""
    return [dom for side in fact.members if (dom := ctx.dom_id(side.article_id, side.sentence))]


def _script_view(ctx: Places, view: ComparisonView) -> dict[str, object]:
    """What the page script needs: fact members as element ids, evidence lines, and the
    outlets that leave each fact out."""
    facts: list[dict[str, object]] = []
    sentences: dict[str, list[int]] = {}
    for n, fact in enumerate(view.facts):
        members = _members(ctx, fact)
        for dom in members:
            sentences.setdefault(dom, []).append(n)
        facts.append(
            {
                "n": fact.number,
                "id": fact.id,
                "label": fact.label,
                "members": members,
                "lines": list(fact.evidence),
                "missing": [o.label for o in view.outlets if o.id not in fact.coverage],
            }
        )
    return {"outlets": [o.label for o in view.outlets], "facts": facts, "sentences": sentences}


# --- header --------------------------------------------------------------------------------


def _header(ctx: Places, view: ComparisonView, carried: list[str]) -> str:
    score_text = f"same-story score {view.score:.2f}"
    verdict = view.verdict or "unknown"
    only = [
        f"{escape(o.label)}: {view.summary.unique.get(o.id, 0)}"
        + (f" (+{n} inside shared sentences)" if (n := view.summary.additions.get(o.id, 0)) else "")
        for o in view.outlets
        if view.compared(o)
    ]
    # a set of different stories was not aligned: "a.txt: 0" would say all of it is shared
    only_line = (
        "Sentences only one outlet has: " + " · ".join(only)
        if view.aligned
        else "Not aligned: these are different stories, so no sentence is shown as shared or "
        "as only one outlet's."
    )
    out = [
        '<header class="top">',
        f"<h1>{escape(ctx.title)}</h1>",
        f'<p><span class="verdict v-{slug(verdict)}">{escape(verdict)}</span>'
        f'<span class="muted">{escape(score_text)} (0 = unrelated articles, 1 = clearly one '
        "event)</span></p>",
        '<p class="counts">' + " · ".join(escape(c) for c in _counts(view)) + "</p>",
        f'<p class="counts">{only_line}</p>',
    ]
    out += [f'<p class="warn" role="note">{escape(w)}</p>' for w in view.warnings]
    out.append(_legend(framed=any(f.markers for f in view.lenses.framing.values())))
    out.append(_toc(view, carried))
    out.append("</header>")
    return "\n".join(out)


def _counts(view: ComparisonView) -> list[str]:
    """The header's counts: articles, languages, facts by coverage and by label, related."""
    s = view.summary
    langs = ", ".join(s.languages)
    counts = [plural(s.articles, "article")]
    if langs:
        counts.append(f"language{'s' if ',' in langs else ''}: {langs}")
    shared = plural(s.facts, "shared fact")
    if s.articles > 2:
        shared += f" ({s.shared_by_all} stated by all, {s.shared_by_some} by some)"
    counts.append(shared)
    labels = s.labels
    counts.append(
        f"{labels['agree']} agree · {labels['partial']} where one says more · "
        f"{labels['stronger'] + labels['weaker']} where one says it more strongly · "
        f"{labels['conflict']} in conflict"
    )
    if s.related:
        counts.append(plural(s.related, "related claim"))
    return counts


def _legend(*, framed: bool) -> str:
    """How to read the page; ``framed`` adds the framing marks when the page has any."""
    return (
        '<p class="legend"><strong>How to read this:</strong> '
        '<span class="s r-shared" data-chip="F1=">shared</span> another outlet states it too '
        "(same F-number in each column) · "
        '<span class="s r-conflict" data-chip="F2≠">conflict</span> the outlets disagree · '
        '<span class="s r-related" data-chip="~">related</span> another outlet writes about '
        "the same actors and subject, but says something else · "
        '<span class="s r-unique" data-chip="+">only here</span> no other outlet says it · '
        "plain text was not matched. Hover, tap or Tab to a sentence to light up its "
        "counterparts; click or press Enter to pin it and see the evidence."
        + (
            ' <mark class="fm">boxed words</mark> are framing choices (hover or focus for a '
            "note); ⚑ marks a sentence rated as loaded."
            if framed
            else ""
        )
        + "</p>"
    )


def _toc(view: ComparisonView, carried: list[str]) -> str:
    """Links to the page's sections, the optional ones only when they are there (``carried``:
    the lens sections the embedded document carries)."""
    links = [("articles", "Articles"), ("coverage", "Coverage"), ("differences", "Conflicts")]
    if view.related or any(only.additions for only in view.only_in):
        links.append(("related", "Related"))
    links += [(key, key.capitalize()) for key in carried]
    links.append(("notes", "Notes"))
    return (
        '<nav class="toc" aria-label="Sections">'
        + "".join(f'<a href="#{k}">{name}</a>' for k, name in links)
        + "</nav>"
    )


# --- the articles side by side -----------------------------------------------------------


def _columns(ctx: Places, view: ComparisonView) -> str:
    cols = [_column(i, o, ctx, view) for i, o in enumerate(view.outlets)]
    return (
        '<main>\n<section id="articles" aria-label="Articles">\n<div class="cols">\n'
        + "\n".join(cols)
        + "\n</div>\n</section>"
    )


def _url_link(url: str) -> str:
    # Only plain web links: a javascript: or data: URL in article metadata must not be
    # clickable.
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return escape(gist(url, 80))
    return (
        f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">'
        f"{escape(gist(parts.netloc + parts.path, 60))}</a>"
    )


def _column(i: int, outlet: OutletView, ctx: Places, view: ComparisonView) -> str:
    roles = [s.role for s in outlet.placed]
    meta = []
    if outlet.date:
        meta.append(escape(outlet.date))
    lang = outlet.lang
    if lang:
        meta.append(escape(lang + (" (detected)" if outlet.lang_detected else "")))
    if outlet.url:
        meta.append(_url_link(outlet.url))
    elif outlet.source:
        # The file name is enough to tell columns apart; the full path is in the tooltip.
        source = outlet.source
        name = source.replace("\\", "/").rsplit("/", 1)[-1]
        if name != outlet.name:
            meta.append(f'<span title="{escape(source)}">{escape(gist(name, 60))}</span>')
    tally = (
        f"{roles.count('shared')} shared · {roles.count('conflict')} in conflict · "
        f"{roles.count('related')} related · {roles.count('unique')} only here"
        if view.compared(outlet)
        else "not compared with the other outlets"
    )
    head = [f'<h3 id="a-{i}-h">{escape(outlet.label)}</h3>']
    if outlet.outlier:
        head.append('<p class="outlier-flag">⚠ looks like a different story</p>')
    if outlet.title:
        head.append(f'<div class="title-line">{escape(outlet.title)}</div>')
    if meta:
        head.append(f'<div class="meta">{" · ".join(meta)}</div>')
    head.append(f'<div class="meta">sentences: {tally}</div>')
    lang_attr = f' lang="{escape(lang)}"' if _LANG.match(lang) else ""
    return (
        f'<article class="col" aria-labelledby="a-{i}-h">\n<header>{"".join(head)}</header>\n'
        f'<div class="text"{lang_attr}>{_text(i, outlet, ctx, view)}</div>\n</article>'
    )


def _gap(text: str) -> str:
    """Text between sentences: line breaks become paragraph breaks."""
    out = []
    for n, piece in enumerate(re.split(r"\n+", text)):
        if n:
            out.append('<span class="pb"></span>')
        if piece.strip():
            out.append(f'<span class="gap">{escape(piece)}</span>')
        elif piece:
            out.append(" ")
    return "".join(out)


Span = tuple[int, int, int, str, str]  # start, end, priority, open tag, close tag


@dataclass(frozen=True, kw_only=True)
class _Marks:
    """What is drawn inside an article's sentences.

    ``spans`` are evidence and word-level framing marks; ``flags`` are notes on whole
    sentences (the loaded-language classifier rates sentences, not words), by index.
    """

    spans: list[Span]
    flags: dict[int, list[str]]


def _marks(outlet: OutletView, view: ComparisonView) -> _Marks:
    spans: list[Span] = []
    for fact in view.facts:
        for rel in fact.relations:
            # Only conflict evidence is marked in the text: partial "extra" spans are long
            # and would bold half the article; they are listed in the detail bar instead.
            if rel.label != "conflict":
                continue
            for e in rel.marks:
                if e.article_id != outlet.id:
                    continue
                note = f"evidence ({e.kind}) for F{fact.number}"
                if e.note:
                    note += f": {e.note}"
                spans.append(
                    (e.start, e.end, 2, f'<span class="ev" title="{escape(note)}">', "</span>")
                )
    flags: dict[int, list[str]] = {}
    bounds = {s.index: (s.start, s.end) for s in (p.sentence for p in outlet.placed)}
    framing = view.lenses.framing.get(outlet.id)
    for m in framing.markers if framing else ():
        if m.group == "sentence" or bounds.get(m.sentence_index) == (m.start, m.end):
            flags.setdefault(m.sentence_index, []).append(marker_note(m))
            continue
        if quiet_marker(m):
            continue
        spans.append((m.start, m.end, 1, _framing_mark(m), "</mark>"))
    return _Marks(spans=spans, flags=flags)


def _framing_mark(m: Marker) -> str:
    """The opening tag that boxes a framing choice, with its note for hover and focus."""
    quoted = " quoted" if m.voice == "quoted" else ""
    return (
        f'<mark class="fm k-{slug(m.kind)}{quoted}" tabindex="0" '
        f'data-note="{escape(marker_note(m))}">'
    )


def _text(i: int, outlet: OutletView, ctx: Places, view: ComparisonView) -> str:
    text = outlet.text
    marks = _marks(outlet, view)
    out, pos = [], 0
    for s in sorted(outlet.placed, key=lambda s: s.sentence.start):
        start, end = s.sentence.start, s.sentence.end
        if not 0 <= start <= end <= len(text) or start < pos:
            continue  # a span that does not fit the text is not drawn, and never crashes
        out.append(_gap(text[pos:start]))
        out.append(_sentence(i, s, text, marks, ctx))
        pos = end
    out.append(_gap(text[pos:]))
    return "".join(out)


def _marked(text: str, start: int, end: int, spans: Iterable[Span]) -> str:
    """``text[start:end]`` escaped, with the non-overlapping spans inside it wrapped."""
    inside = sorted(
        (s for s in spans if start <= s[0] < s[1] <= end), key=lambda s: (s[0], -s[2], s[0] - s[1])
    )
    out, pos = [], start
    for s_start, s_end, _, open_tag, close_tag in inside:
        if s_start < pos:
            continue  # overlaps one already drawn; it is still listed in its section
        out.append(escape(text[pos:s_start]))
        out.append(open_tag + escape(text[s_start:s_end]) + close_tag)
        pos = s_end
    out.append(escape(text[pos:end]))
    return "".join(out).replace("\n", "<br>")


def _symbol(role: str, fact_label: str) -> str:
    """The chip's sign: ``≠`` for a side of a conflict, else the fact's label sign.

    A sentence of a conflicting fact that is not itself in a conflict relation gets no sign:
    it agrees with some versions, so neither ``=`` nor ``≠`` would be true.
    """
    if role == "conflict":
        return "≠"
    return "" if fact_label == "conflict" else _SYMBOL.get(fact_label, "")


def _sentence(i: int, s: SentenceView, text: str, marks: _Marks, ctx: Places) -> str:
    role = s.role
    facts = [ctx.facts[f] for f in s.facts if f in ctx.facts]
    classes = ["s"]
    attrs = [f'id="s-{i}-{s.sentence.index}"']
    tip = ""
    if role in _ROLES:
        classes.append(f"r-{role}")
        attrs.append('tabindex="0"')
    if s.sentence.is_title:
        classes.append("is-title")
    if facts:
        chip = " ".join(f"F{f.number}{_symbol(role, f.label)}" for f in facts)
        others = sorted(
            {ctx.labels[c] for f in facts for a in f.coverage if (c := ctx.col[a]) != i}
        )
        verb = "in conflict with" if role == "conflict" else "shared with"
        tip = f"{chip}: {verb} {', '.join(others)}" if others else chip
        attrs.append(f'data-chip="{escape(chip)}"')
    elif role == "unique":
        attrs.append('data-chip="+"')
        tip = f"only {ctx.labels[i]} says this"
    elif role == "related":
        attrs.append('data-chip="~"')
        tip = "another outlet writes about the same actors and subject, but says something else"
    flags = marks.flags.get(s.sentence.index)
    if flags:
        classes.append("flagged")
        attrs.append(f'data-flag="{escape(" / ".join(flags))}"')
        tip = "; ".join([tip, *flags]) if tip else "; ".join(flags)
    if tip:
        attrs.append(f'title="{escape(tip)}"')
    body = _marked(text, s.sentence.start, s.sentence.end, marks.spans)
    return f'<span class="{" ".join(classes)}" {" ".join(attrs)}>{body}</span>'


# --- coverage matrix, conflicts ------------------------------------------------------------


def _coverage(ctx: Places, view: ComparisonView) -> str:
    out = [
        '<section id="coverage"><h2>Coverage: which outlet states which fact</h2>',
        '<p class="muted">One row per shared fact, one column per outlet: ✓ states it, '
        "— leaves it out. “Show” highlights the fact in the texts.</p>",
    ]
    if not view.facts:
        none = (
            "No fact is stated by more than one article."
            if view.aligned
            else "Not compared: these are different stories."
        )
        out.append(f"<p>{none}</p></section>")
        return "\n".join(out)
    head = "".join(f'<th scope="col">{escape(lab)}</th>' for lab in ctx.labels)
    out.append(
        '<div class="scroll"><table class="matrix"><thead><tr><th scope="col">Fact</th>'
        f'<th scope="col">First wording</th><th scope="col">Versions</th>{head}</tr></thead>'
        "<tbody>"
    )
    for fact in view.facts:
        # The matrix quotes the whole first sentence, not the clause the fact's gist is.
        first = fact.members[0].text or "" if fact.members else ""
        dom = next(iter(_members(ctx, fact)), None)
        cells = "".join(
            '<td class="has">✓<span class="muted"> states</span></td>'
            if o.id in fact.coverage
            else '<td class="omit">—<span class="muted"> omits</span></td>'
            for o in view.outlets
        )
        label = fact.label
        out.append(
            f'<tr class="fact-row" data-fact="{escape(fact.id)}">'
            f'<th scope="row">F{fact.number}{show_button(dom)}</th>'
            f'<td class="gist">{escape(gist(first))}</td>'
            f'<td class="lbl-{slug(label)}">{escape(_LABEL_TEXT.get(label, label))}</td>'
            f"{cells}</tr>"
        )
    only = "".join(
        f"<td>{sum(1 for s in o.placed if s.role == 'unique')}</td>" for o in view.outlets
    )
    out.append(
        '</tbody><tfoot><tr class="unique-row"><th scope="row">+</th>'
        f"<td>Sentences only this outlet has</td><td></td>{only}</tr></tfoot></table></div>"
    )
    out.append("</section>")
    return "\n".join(out)


def _quote(side: SideView) -> str:
    text = side.text if side.text is not None else "(sentence not found)"
    return f'<blockquote><span class="who">{escape(side.label)}:</span> {escape(text)}</blockquote>'


def _relation_card(fact: FactView, rel: RelationView, ctx: Places) -> str:
    n = fact.number
    title = f"F{n} · {_LABEL_TEXT.get(rel.label, rel.label)}"
    if rel.fuller:
        title += f": {rel.fuller} says more"
    elif rel.stronger:
        title = f"F{n} · ≶ {rel.stronger} says it more strongly"
    title += f" (confidence {rel.confidence:.2f})"
    show = show_button(ctx.dom_id(rel.a.article_id, rel.a.sentence))
    lists = []
    for name, items in (("Evidence in the texts", rel.evidence), ("Why", rel.reasons)):
        if items:
            lis = "".join(f"<li>{escape(x)}</li>" for x in dict.fromkeys(items))
            lists.append(f'<div class="why"><span class="muted">{name}:</span><ul>{lis}</ul></div>')
    return (
        f'<div class="rel {slug(rel.label)}"><h3>{escape(title)}{show}</h3>'
        f"{_quote(rel.a)}{_quote(rel.b)}{''.join(lists)}</div>"
    )


def _differences(ctx: Places, view: ComparisonView) -> str:
    def cards(labels: tuple[str, ...]) -> list[str]:
        return [
            _relation_card(fact, rel, ctx)
            for fact in view.facts
            for rel in fact.relations
            if rel.label in labels
        ]

    conflicts, forces, partials = cards(("conflict",)), cards(FORCE), cards(("partial",))
    out = ['<section id="differences"><h2>Conflicts: where the versions disagree</h2>']
    none = (
        "No conflicts found between the outlets' versions of shared facts."
        if view.aligned
        else "Not compared: these are different stories."
    )
    out += conflicts or [f"<p>{none}</p>"]
    if forces:
        out.append(
            "<details open><summary>Where one version says it more strongly or more surely "
            f"({len(forces)})</summary>" + "".join(forces) + "</details>"
        )
    if partials:
        out.append(
            f"<details open><summary>Where one version says more ({len(partials)})</summary>"
            + "".join(partials)
            + "</details>"
        )
    out.append("</section>")
    return "\n".join(out)


# --- notes and footer ----------------------------------------------------------------------


def _notes(ctx: Places, view: ComparisonView) -> str:
    out = ['<section id="notes"><h2>Notes</h2>']
    removed = [
        f'<li><span class="who">{escape(o.label)}</span>: '
        + removal_note(escape(r.kind), r.line, f"“{escape(r.text)}”")
        + "</li>"
        for o in view.outlets
        for r in o.removed
    ]
    if removed:
        out.append(
            f"<h3>Scraping noise removed and text repaired before comparing</h3>"
            f"<ul>{''.join(removed)}</ul>"
        )
    else:
        out.append("<p>No scraping noise was removed from the inputs.</p>")
    if view.pairs:
        rows = "".join(
            f"<tr><td>{escape(ctx.label(p.a))}</td><td>{escape(ctx.label(p.b))}</td>"
            + "".join(f"<td>{getattr(p, k):.2f}</td>" for k in PAIR_SCORES)
            + (f"<td>{days}</td>" if (days := p.days_apart) is not None else "<td>—</td>")
            + "</tr>"
            for p in view.pairs
        )
        out.append(
            "<details><summary>How the same-story score was computed</summary>"
            '<div class="scroll"><table><thead><tr><th scope="col">Article</th>'
            '<th scope="col">Article</th><th scope="col">Score</th>'
            '<th scope="col">Sentences matched</th><th scope="col">Whole-text similarity</th>'
            '<th scope="col">Names in common</th>'
            '<th scope="col">Letters in common (transliterated)</th>'
            '<th scope="col">Numbers in common</th>'
            f'<th scope="col">Days apart</th></tr></thead><tbody>{rows}</tbody></table>'
            "</div></details>"
        )
    out.append("</section>\n</main>")
    return "\n".join(out)


def _footer(d: Json) -> str:
    """Who made the embedded document: its storydiff version, schema and models."""

    def text(value: object) -> str:
        return value if isinstance(value, str) else ""

    settings = d.get("settings")
    settings = settings if isinstance(settings, Mapping) else {}
    bits = [f"storydiff {text(d.get('storydiff'))}", text(d.get("schema"))]
    for key in ("embedder_name", "relater"):
        if settings.get(key):
            bits.append(f"{key.split('_')[0]}: {text(settings.get(key))}")
    return (
        f"<footer>Made by {escape(' · '.join(b for b in bits if b))}. This page is self-contained: "
        "it loads nothing from the network, and the full comparison is embedded in it as JSON "
        "(<code>script#storydiff-data</code>, the same data as <code>--format json</code>)."
        "</footer>"
    )


__all__ = ["asset", "html_from_dict", "page", "render_html", "script_json"]
