"""The report's "related" and "only here, inside shared sentences" section.

Both keep the comparison's own order (the JSON's), so the page lists them as
``--format json`` does: related claims side by side with why they are linked, and the
claims one outlet adds inside a sentence it otherwise shares.
"""

from __future__ import annotations

from storydiff.render._htmlview import Places, show_button
from storydiff.render.bidi import escape_html as escape
from storydiff.render.view import ComparisonView, SideView


def _side(ctx: Places, side: SideView) -> str:
    show = show_button(ctx.dom_id(side.article_id, side.sentence))
    return (
        f'<blockquote><span class="who">{escape(side.label)} '
        f"#{side.sentence}:</span> {escape(side.text or '')}{show}"
        "</blockquote>"
    )


def related_section(ctx: Places, view: ComparisonView) -> str:
    """Related links and additions; empty when the comparison has neither."""
    if not view.links and not view.additions:
        return ""
    out = ['<section id="related"><h2>Related claims and additions</h2>']
    if view.links:
        out.append(
            '<p class="muted">The outlets write about the same actors and subject here, '
            "but the two are not counted as one fact (each link says why): neither is shown "
            "as “only here”.</p>"
        )
        out += [
            f'<div class="card related"><h3>{escape(link.id)} · {escape(link.reason)}</h3>'
            f"{_side(ctx, link.a)}{_side(ctx, link.b)}</div>"
            for link in view.links
        ]
    if view.additions:
        out.append(
            '<h3>Only here, inside a shared sentence</h3><p class="muted">A claim one outlet '
            "makes in a sentence whose other words another outlet shares.</p><ul>"
        )
        for add in view.additions:
            where = f"in shared fact {escape(add.fact)}" if add.fact else "in a related sentence"
            out.append(
                f'<li><span class="who">{escape(add.label)} '
                f"#{add.sentence}+:</span> {escape(add.text)} "
                f'<span class="muted">({where})</span>'
                f"{show_button(ctx.dom_id(add.article_id, add.sentence))}</li>"
            )
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)
