"""Where things sit on the HTML report (``storydiff.render.html``), and its small wordings.

The report reads the comparison only through the view model (``storydiff.render.view``);
``Places`` adds what a page needs on top of it: each outlet's column, so a sentence gets an
element id (``s-<column>-<index>``) that buttons and the page script point at.
"""

from __future__ import annotations

import re

from storydiff.render.view import ComparisonView, FactView

GIST = 110  # characters of a fact's first wording shown in the coverage matrix
_SLUG = re.compile(r"[^a-z0-9-]+")


def slug(value: str) -> str:
    """``value`` as a CSS class suffix: lower case, letters, digits and dashes."""
    return _SLUG.sub("-", value.lower()).strip("-") or "other"


def gist(text: str, n: int = GIST) -> str:
    """``text`` on one line, cut to ``n`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def show_button(dom: str | None) -> str:
    """The button that scrolls to and lights up element ``dom``; ``""`` when there is none."""
    return f' <button class="show" type="button" data-target="{dom}">show</button>' if dom else ""


class Places:
    """Each outlet's column and each fact by id, for the sections that link into the texts."""

    def __init__(self, view: ComparisonView) -> None:
        self.labels = [o.label for o in view.outlets]
        self.col = {o.id: i for i, o in enumerate(view.outlets)}
        self.facts: dict[str, FactView] = {f.id: f for f in view.facts}
        names = self.labels if len(self.labels) <= 3 else [f"{len(self.labels)} articles"]
        self.title = "Story comparison: " + " vs ".join(names)

    def label(self, article_id: str) -> str:
        """The outlet's name, or the start of an id no article has (a hand-edited JSON)."""
        i = self.col.get(article_id)
        return self.labels[i] if i is not None else article_id[:8] or "?"

    def dom_id(self, article_id: str, index: int) -> str | None:
        """The element id of sentence ``index`` of an article, or None for an unknown one."""
        i = self.col.get(article_id)
        return f"s-{i}-{index}" if i is not None else None
