"""The HTML report of 3+ outlets: the brief on the first screen, the detail collapsed below.

A story of nine outlets laid out as the pair report is (a column per article, every
relation as a card) is a page 100,000 pixels tall. Here the page opens with the brief
(``storydiff.render.brief``), compact enough for one laptop screen, and each section of the
full report follows inside a ``<details>`` element, closed. The coverage table of the pair
report gives way to a fact × outlet matrix that stays readable at 20 outlets: one narrow
column per outlet (numbered, named in a key above it and in each cell's tooltip), a sticky
first column with the fact, and a horizontal scroll inside its own box, so the page itself
is never wider than the screen.

``brief_body`` is the one hook the report calls; for a pair it joins the sections as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storydiff.errors import StorydiffError
from storydiff.records import Comparison
from storydiff.render._base import plural
from storydiff.render._htmlpage import asset
from storydiff.render._htmlview import gist, slug
from storydiff.render._lenient import Json
from storydiff.render.bidi import escape_html as escape
from storydiff.render.brief import (
    BRIEF_ARTICLES,
    BriefView,
    Ref,
    build_brief,
    join_items,
    more,
)
from storydiff.render.view import ComparisonView, FactView

# A summary line for each section of the pair report, by the id its element carries.
_TITLES = {
    "top": "Counts and how to read the texts",
    "articles": "The articles side by side",
    "differences": "Conflicts and differences, with their evidence",
    "related": "Related claims and additions",
    "wording": "Wording of each fact",
    "sources": "Sources and relays",
    "framing": "Framing markers per outlet",
    "notes": "Notes: scraping noise and same-story scores",
}
_ID = re.compile(r'<(?:section|header)[^>]*?(?:id="([\w-]+)"|class="(top)")')
_SIGN = {"conflict": "≠", "stronger/weaker": "≶"}
ITEM = 150  # characters of an item's words; the tooltip holds all of them


def brief_styles(view: ComparisonView) -> list[str]:
    """The brief's stylesheet for a page that has a brief, else none (a pair's page is
    byte for byte what it was)."""
    return [asset("brief.css")] if len(view.outlets) >= BRIEF_ARTICLES else []


def brief_body(d: Json, view: ComparisonView, sections: Sequence[str]) -> str:
    """The report's body: for 3+ outlets the brief, then every section of ``sections``
    collapsed (the coverage table replaced by the compact matrix); else ``sections``."""
    present = [s for s in sections if s]
    if len(view.outlets) < BRIEF_ARTICLES:
        return "\n".join(present)
    brief = build_brief(_comparison(d), view)
    parts = [_brief(brief, view), '<main class="detail">', "<h2>Detail</h2>"]
    parts.append(_collapsed("matrix", "Which outlet states which fact", _matrix(view)))
    for section in present:
        found = _ID.search(section)
        key = (found.group(1) or found.group(2)) if found else ""
        if key == "coverage":
            continue  # the matrix above says it in a form that scales
        # The pair report opens <main> in its first section and closes it in its last.
        inner = section.removeprefix("<main>\n").removesuffix("\n</main>")
        parts.append(_collapsed(key, _TITLES.get(key, key or "More"), inner))
    parts.append("</main>")
    return "\n".join(parts)


def _comparison(d: Json) -> Comparison:
    """The comparison behind the page, with its lenses when they read; without them when
    a hand-edited one does not (the brief then says less, but the page still renders)."""
    from storydiff.render.jsonout import from_dict

    try:
        return from_dict(d)
    except StorydiffError:
        return from_dict({k: v for k, v in d.items() if k not in ("framing", "wording", "sources")})


def _collapsed(key: str, title: str, inner: str) -> str:
    return (
        f'<details class="part" id="d-{slug(key)}"><summary>{escape(title)}</summary>\n'
        f"{inner}\n</details>"
    )


def _fact_link(fact_id: str) -> str:
    return f'<a class="fid" href="#m-{escape(slug(fact_id))}">{escape(fact_id)}</a>'


def _refs(refs: Sequence[Ref], most: int = 4) -> str:
    shown = ", ".join(f"{escape(r.outlet)} #{r.sentence}" for r in refs[:most])
    return shown + (f" (+{len(refs) - most})" if len(refs) > most else "")


def _line(body: str, tip: str = "") -> str:
    """One item on one line; the full words in its tooltip."""
    title = f' title="{escape(tip)}"' if tip else ""
    return f"<li{title}>{body}</li>"


def _brief(brief: BriefView, view: ComparisonView) -> str:
    """The first screen: the verdict, then the facts on the left and the outlets on the
    right, every item on one line with its fact id or its outlets and sentences."""
    n_conflicts = sum(1 for f in view.facts if f.label == "conflict")
    head = [
        '<header class="brief-top">',
        f"<h1>Story brief: {brief.compared} outlets</h1>",
        f'<p><span class="verdict v-{slug(brief.verdict)}">{escape(brief.verdict)}</span>'
        f'<span class="muted">same-story score {brief.score:.2f} · '
        f"{plural(brief.facts, 'shared fact')} · "
        f"{n_conflicts} in conflict · the detail is collapsed below the brief</span></p>",
    ]
    if brief.left_out:
        names = ", ".join(escape(x) for x in brief.left_out)
        head.append(
            f'<p class="warn" role="note">Not the same story, left out of the facts: {names}</p>'
        )
    head.append("</header>")
    left = _part(f"Stated by the most outlets{more(brief.agreed_rest)}", _agreed(brief))
    left += _part(f"Disputed{more(brief.disputed_rest)}", _disputed(brief), cls="disputed")
    right = _part("What each outlet alone adds", _adds(brief) if brief.has_adds else [])
    sources = [
        _line(
            f"<strong>{escape(s.name)}</strong> {s.verb} {_refs(s.refs)}",
            ", ".join(map(str, s.refs)),
        )
        for s in brief.sources
    ]
    right += _part("Who is quoted by whom", sources)
    framing = [
        _line(
            f"<strong>{escape(f.kind)}</strong> "
            + " vs ".join(f"“{escape(text)}” ({_refs(refs, 3)})" for text, refs in f.variants)
        )
        for f in brief.framing
    ]
    right += _part("Framing differences", framing)
    return (
        '<section id="brief" class="brief" aria-label="Brief">\n'
        + "\n".join(head)
        + f'\n<div class="brief-grid"><div>{left}</div><div>{right}</div></div>\n</section>'
    )


def _agreed(brief: BriefView) -> list[str]:
    return [
        _line(
            f'<strong class="n">{a.count} of {a.of}</strong> {_fact_link(a.fact_id)} '
            + escape(gist(a.text, ITEM)),
            f"{a.text} — stated by {', '.join(a.outlets)}{a.origins_note}",
        )
        for a in brief.agreed
    ]


def _disputed(brief: BriefView) -> list[str]:
    """Two lines each: how the versions differ, then the first version's words."""
    return [
        _line(
            f'<span><strong class="sign">{_SIGN.get(x.label, "≈")}</strong> '
            f"{_fact_link(x.fact_id)} {escape(gist(x.how, ITEM))}</span>"
            f'<span>{escape(str(x.a))}: <span class="q">“{escape(gist(x.a_text, ITEM))}”</span>'
            "</span>",
            f"{x.a}: {x.a_text}\n{x.b}: {x.b_text}",
        )
        for x in brief.disputed
    ]


def _adds(brief: BriefView) -> list[str]:
    out = []
    for o in brief.adds:
        rest = f' <span class="muted">(+{o.rest})</span>' if o.items and o.rest else ""
        gists = [gist(i.text, ITEM) for i in o.items]
        words = join_items(
            gists, [f"#{i.sentence} {escape(g)}" for i, g in zip(o.items, gists, strict=True)]
        )
        who = f'<strong class="who" title="{escape(o.outlet)}">{escape(o.outlet)}</strong>'
        tip = "\n".join(f"#{i.sentence} {i.text}" for i in o.items)
        # The count before the words: a long item is cut at the right edge.
        out.append(_line(f"{who}{rest} {words or escape(o.empty)}", tip))
    return out


def _part(title: str, items: list[str], cls: str = "") -> str:
    """A titled list, or nothing when it has no items."""
    if not items:
        return ""
    extra = f" {cls}" if cls else ""
    return f'<h2>{escape(title)}</h2><ul class="items{extra}">{"".join(items)}</ul>'


def _matrix(view: ComparisonView) -> str:
    """Facts × outlets: a narrow numbered column per outlet, the fact in a sticky column."""
    if not view.facts:
        if not view.aligned:
            return "<p>Not compared: these are different stories.</p>"
        return "<p>No fact is stated by more than one article.</p>"
    key = " · ".join(
        f"<strong>{n}</strong> {escape(o.label)}" + (" (not the same story)" if o.outlier else "")
        for n, o in enumerate(view.outlets, 1)
    )
    head = "".join(
        f'<th scope="col" title="{escape(o.label)}">{n}</th>' for n, o in enumerate(view.outlets, 1)
    )
    rows = [_matrix_row(f, view) for f in view.facts]
    return (
        f'<p class="muted mx-key">Outlets: {key}. ✓ states the fact; a hatched cell leaves it '
        "out.</p>"
        '<div class="mx-box"><table class="mx"><thead><tr><th scope="col" class="fact">Fact</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _matrix_row(fact: FactView, view: ComparisonView) -> str:
    present = set(fact.coverage)
    cells = "".join(
        f'<td class="has" title="{escape(o.label)} states {escape(fact.id)}">✓</td>'
        if o.id in present
        else '<td class="omit"></td>'  # hatched: the column's header names the outlet
        for o in view.outlets
    )
    sign = _SIGN.get(fact.shown, "")
    return (
        f'<tr id="m-{escape(slug(fact.id))}" class="lbl-{slug(fact.label)}">'
        f'<th scope="row" class="fact" title="{escape(fact.gist)}">'
        f'<span class="fid">{escape(fact.id)}</span> {sign} {escape(gist(fact.gist, 70))}</th>'
        f"{cells}</tr>"
    )


__all__ = ["brief_body", "brief_styles"]
