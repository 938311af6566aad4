"""Lookups over a comparison's JSON form for the HTML report (``storydiff.render.html``).

The report places sentences, marks and lenses by reading the dict of ``jsonout.to_dict``
plus optional sections that later stages add, through the lenient accessors of
``_lenient``: a page with one section less beats no page. What the facts and relations
read comes from the view model (``storydiff.render.view``), not from here.
"""

from __future__ import annotations

import re

from storydiff.render._lenient import Json, as_str, dicts, mapping

GIST = 110  # characters of a fact's first wording shown in the coverage matrix
_SLUG = re.compile(r"[^a-z0-9-]+")


def slug(value: object) -> str:
    return _SLUG.sub("-", as_str(value).lower()).strip("-") or "other"


def gist(text: str, n: int = GIST) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class View:
    """Lookups over the dict that several sections need: columns, labels, fact numbers."""

    def __init__(self, d: Json) -> None:
        self.articles = dicts(d.get("articles"))
        self.facts = [f for f in dicts(d.get("facts")) if isinstance(f.get("id"), str)]
        self.col = {as_str(a.get("id")): i for i, a in enumerate(self.articles)}
        self.by_id = {f["id"]: f for f in self.facts}
        self.sentences = {
            (as_str(a.get("id")), s.get("index")): s
            for a in self.articles
            for s in dicts(a.get("sentences"))
        }
        framing = mapping(d.get("framing"))
        self.markers = {aid: dicts(mapping(v).get("markers")) for aid, v in framing.items()}
        raw = [as_str(a.get("label")) or f"article {i + 1}" for i, a in enumerate(self.articles)]
        # Two pasted texts may share a label; columns must stay distinguishable.
        self.labels = [
            f"{lab} ({i + 1})" if raw.count(lab) > 1 else lab for i, lab in enumerate(raw)
        ]
        self.fnum = {f["id"]: i + 1 for i, f in enumerate(self.facts)}
        self.flabel = {f["id"]: as_str(f.get("label")) for f in self.facts}
        outliers = mapping(d.get("same_story")).get("outliers")
        self.outliers = set(outliers) if isinstance(outliers, list) else set()
        names = self.labels if len(self.labels) <= 3 else [f"{len(self.labels)} articles"]
        self.title = "Story comparison: " + " vs ".join(names)

    def label(self, article_id: object) -> str:
        i = self.col.get(as_str(article_id))
        return self.labels[i] if i is not None else as_str(article_id)[:8] or "?"

    def sentence(self, article_id: object, index: object) -> Json | None:
        return self.sentences.get((as_str(article_id), index))

    def dom_id(self, article_id: object, index: object) -> str | None:
        i = self.col.get(as_str(article_id))
        return f"s-{i}-{index}" if i is not None and isinstance(index, int) else None

    def members(self, fact: Json) -> list[str]:
        out = []
        for aid, idx in mapping(fact.get("members")).items():
            for i in idx if isinstance(idx, list) else []:
                dom = self.dom_id(aid, i)
                if dom and self.sentence(aid, i) is not None:
                    out.append(dom)
        out.sort(key=lambda s: tuple(int(x) for x in s.split("-")[1:]))
        return out

    def coverage(self, fact: Json) -> list[int]:
        members = mapping(fact.get("members"))
        return [i for i, a in enumerate(self.articles) if members.get(as_str(a.get("id")))]
