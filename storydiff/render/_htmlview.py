"""Lookups over a comparison's JSON form for the HTML report (``storydiff.render.html``).

The report reads the dict of ``jsonout.to_dict`` plus optional sections that later stages
add, so every accessor here tolerates a missing or malformed value instead of raising: a
page with one section less beats no page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

GIST = 110  # characters of a fact's first wording shown in the coverage matrix
_SLUG = re.compile(r"[^a-z0-9-]+")

Json = Mapping[str, Any]


def dicts(value: object) -> list[Json]:
    """The dict items of ``value`` when it is a list (optional sections may be malformed)."""
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def mapping(value: object) -> Json:
    return value if isinstance(value, Mapping) else {}


def as_int(value: object, default: int = -1) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def as_num(value: object) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok else None  # type: ignore[arg-type]


def as_str(value: object) -> str:
    return value if isinstance(value, str) else ""


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

    def evidence_lines(self, rel: Json) -> list[str]:
        """One line per evidence kind, as the text view writes them."""
        a = as_str(mapping(rel.get("a")).get("article"))
        b = as_str(mapping(rel.get("b")).get("article"))
        items = dicts(rel.get("evidence"))
        lines = []
        for kind in dict.fromkeys(as_str(e.get("kind")) for e in items):
            same = [e for e in items if e.get("kind") == kind]
            on_a = [as_str(e.get("text")) for e in same if e.get("article") == a]
            on_b = [as_str(e.get("text")) for e in same if e.get("article") == b]
            if on_a and on_b:
                line = (
                    f"{kind}: {', '.join(dict.fromkeys(on_a))} ({self.label(a)}) vs "
                    f"{', '.join(dict.fromkeys(on_b))} ({self.label(b)})"
                )
            else:
                texts = on_a or on_b or [as_str(e.get("text")) for e in same]
                where = self.label(a if on_a else b if on_b else same[0].get("article"))
                line = f"{kind}: {', '.join(dict.fromkeys(texts))} only in {where}"
            notes = list(dict.fromkeys(as_str(e.get("note")) for e in same if e.get("note")))
            if notes:
                line += " — " + "; ".join(notes)
            lines.append(line)
        return lines

    def view(self) -> dict[str, object]:
        """What the page script needs: fact members as element ids, evidence lines."""
        facts: list[dict[str, object]] = []
        sentences: dict[str, list[int]] = {}
        for n, f in enumerate(self.facts):
            members = self.members(f)
            for dom in members:
                sentences.setdefault(dom, []).append(n)
            covered = set(self.coverage(f))
            lines = [
                line
                for rel in dicts(f.get("relations"))
                if rel.get("label") in ("conflict", "stronger", "weaker", "partial")
                for line in self.evidence_lines(rel)
            ]
            facts.append(
                {
                    "n": n + 1,
                    "id": f["id"],
                    "label": as_str(f.get("label")),
                    "members": members,
                    "lines": list(dict.fromkeys(lines)),
                    "missing": [lab for i, lab in enumerate(self.labels) if i not in covered],
                }
            )
        return {"outlets": self.labels, "facts": facts, "sentences": sentences}
