"""The report's "related" and "only here, inside shared sentences" section.

Both come from the JSON form (``related`` and ``additions``), so the page shows exactly
what ``--format json`` says: related claims side by side with why they are linked, and
the claims one outlet adds inside a sentence it otherwise shares.
"""

from __future__ import annotations

from html import escape

from storydiff.render._htmlview import View
from storydiff.render._lenient import Json, as_int, as_str, dicts, mapping


def _side(ctx: View, side: Json) -> str:
    dom = ctx.dom_id(side.get("article"), side.get("sentence"))
    show = f' <button class="show" type="button" data-target="{dom}">show</button>' if dom else ""
    return (
        f'<blockquote><span class="who">{escape(ctx.label(side.get("article")))} '
        f"#{as_int(side.get('sentence'))}:</span> {escape(as_str(side.get('text')))}{show}"
        "</blockquote>"
    )


def related_section(d: Json, ctx: View) -> str:
    """Related links and additions; empty when the comparison has neither."""
    related = dicts(d.get("related"))
    additions = mapping(d.get("additions"))
    adds = [(as_str(aid), x) for aid, items in additions.items() for x in dicts(items)]
    if not related and not adds:
        return ""
    out = ['<section id="related"><h2>Related claims and additions</h2>']
    if related:
        out.append(
            '<p class="muted">The outlets write about the same actors and subject here, '
            "but do not state the same thing: neither is shown as “only here”.</p>"
        )
        for r in related:
            out.append(
                f'<div class="card related"><h3>{escape(as_str(r.get("id")))} · '
                f"{escape(as_str(r.get('reason')))}</h3>"
                f"{_side(ctx, mapping(r.get('a')))}{_side(ctx, mapping(r.get('b')))}</div>"
            )
    if adds:
        out.append(
            '<h3>Only here, inside a shared sentence</h3><p class="muted">A claim one outlet '
            "makes in a sentence whose other words another outlet shares.</p><ul>"
        )
        for aid, x in adds:
            where = (
                f"in shared fact {escape(as_str(x.get('fact')))}"
                if x.get("fact")
                else "in a related sentence"
            )
            dom = ctx.dom_id(aid, x.get("sentence"))
            show = (
                f' <button class="show" type="button" data-target="{dom}">show</button>'
                if dom
                else ""
            )
            out.append(
                f'<li><span class="who">{escape(ctx.label(aid))} '
                f"#{as_int(x.get('sentence'))}+:</span> {escape(as_str(x.get('text')))} "
                f'<span class="muted">({where})</span>{show}</li>'
            )
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)
