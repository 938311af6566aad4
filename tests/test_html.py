"""The HTML report: structure, the JSON twin inside it, optional lenses, and hostile text.

Comparisons are built by hand (no models), so these tests are fast and exact.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storydiff.records import (
    Article,
    Comparison,
    Evidence,
    Fact,
    PairScore,
    Relation,
    Removal,
    SameStory,
    Segmented,
    Sentence,
)
from storydiff.render import render
from storydiff.render.bidi import CONTROLS
from storydiff.render.html import html_from_dict, render_html, script_json
from storydiff.render.jsonout import to_dict

# Each line tries a different way out of the text and into the page.
HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "</script><script>alert(2)</script><!--",
    '" onmouseover="alert(3)" x="',
    "' autofocus onfocus='alert(4)",
    "<svg/onload=alert(5)>&lt;b&gt;",
)

# The only elements and attributes the report itself writes.
_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "span",
    "strong", "em", "nav", "a", "main", "section", "div", "article", "br", "mark", "table",
    "thead", "tbody", "tfoot", "tr", "th", "td", "button", "blockquote", "ul", "li", "details",
    "summary", "aside", "footer", "code", "script",
}  # fmt: skip


def _seg(aid: str, sentences: list[str], **kw: Any) -> Segmented:
    """An article whose lines are ``sentences``, with exact sentence offsets."""
    text = "\n".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    article = Article(id=aid, text=text, source=f"/tmp/{aid}.txt", **kw)
    return Segmented(
        article=article,
        lang=str(kw.get("lang") or "en"),
        sentences=tuple(
            Sentence(article_id=aid, index=i, start=s, end=e, text=text[s:e])
            for i, (s, e) in enumerate(spans)
        ),
    )


def _ev(seg: Segmented, kind: str, needle: str, note: str = "") -> Evidence:
    start = seg.article.text.index(needle)
    return Evidence(
        kind=kind,
        article_id=seg.article.id,
        start=start,
        end=start + len(needle),
        text=needle,
        note=note,
    )


def _pair(extra: tuple[str, ...] = (), **b_meta: Any) -> Comparison:
    a = _seg(
        "aaaa1111",
        [
            "Rally in the capital",
            "Thousands marched in the capital on Sunday.",
            "Police said about 10,000 people took part.",
            "The march ended peacefully near the parliament.",
        ],
        outlet="Kyiv Outlet",
        title="Rally in the capital",
        date="2024-05-30",
        url="https://kyiv.example/rally",
    )
    b = _seg(
        "bbbb2222",
        [
            "Митинг в столице",
            "Тысячи человек вышли на марш в столице в воскресенье.",
            "По данным полиции, в акции участвовали около 5,000 человек.",
            *extra,
        ],
        lang="ru",
        removed=(Removal(kind="comment-counter", line=3, text="0"),),
        **({"outlet": "State Outlet"} | b_meta),
    )
    agree = Relation(
        a=("aaaa1111", 1), b=("bbbb2222", 1), label="agree", confidence=0.9, similarity=0.88
    )
    conflict = Relation(
        a=("aaaa1111", 2),
        b=("bbbb2222", 2),
        label="conflict",
        confidence=0.81,
        similarity=0.79,
        reasons=("different crowd size",),
        evidence=(_ev(a, "number", "10,000"), _ev(b, "number", "5,000", "half")),
    )
    return Comparison(
        articles=(a, b),
        same_story=SameStory(
            score=0.82,
            verdict="same story",
            pairs=(
                PairScore(
                    a="aaaa1111",
                    b="bbbb2222",
                    score=0.82,
                    sentence_overlap=0.5,
                    document_similarity=0.9,
                    entity_overlap=0.4,
                ),
            ),
        ),
        facts=(
            Fact(
                id="f1",
                members={"aaaa1111": (1,), "bbbb2222": (1,)},
                relations=(agree,),
                label="agree",
                confidence=0.9,
            ),
            Fact(
                id="f2",
                members={"aaaa1111": (2,), "bbbb2222": (2,)},
                relations=(conflict,),
                label="conflict",
                confidence=0.81,
            ),
        ),
        unique={
            "aaaa1111": (0, 3),
            "bbbb2222": (0, *range(3, 3 + len(extra))),
        },
        settings={"embedder": "hashing"},
    )


def _lenses(d: dict[str, Any], hostile: str = "") -> dict[str, Any]:
    """``d`` with hand-made framing, wording and sources sections of the agreed shape."""
    d = copy.deepcopy(d)
    text_a = d["articles"][0]["text"]
    text_b = d["articles"][1]["text"]
    start = text_b.index("Митинг")
    d["framing"] = {
        "bbbb2222": {
            "markers": [
                {
                    "kind": "loaded",
                    "sentence": 0,
                    "start": start,
                    "end": start + len("Митинг"),
                    "text": "Митинг",
                    "group": "rally/riot",
                    "variant": "митинг",
                    "alternatives": ["протест"],
                    "origin": "neutral",
                    "note": "loaded word " + hostile,
                    "confidence": 0.7,
                    "voice": "outlet",
                }
            ],
            "summary": {
                "words": 20,
                "counts": {"loaded": 1, "hedge": 0},
                "per_1000_words": {"loaded": 50.0, "hedge": 0.0},
            },
        },
        "aaaa1111": {
            "markers": [
                {
                    "kind": "attribution-verb",
                    "sentence": 2,
                    "start": text_a.index("said"),
                    "end": text_a.index("said") + 4,
                    "text": "said",
                    "group": "neutral",
                    "variant": "say",
                    "note": "Neutral attribution.",
                    "voice": "outlet",
                },
                {
                    "kind": "loaded",
                    "sentence": 3,
                    "start": text_a.index("The march"),
                    "end": len(text_a),
                    "text": text_a[text_a.index("The march") :],
                    "group": "sentence",
                    "variant": "sentence",
                    "note": "rated as biased wording (p=0.80)",
                },
            ],
            "summary": {
                "words": 25,
                "counts": {"attribution-verb": 1},
                "loaded_sentences": 1,
                "sentences": 4,
            },
        },
    }
    d["wording"] = [
        {
            "fact": "f1",
            "differs": True,
            "versions": [
                {"article": "aaaa1111", "sentence": 1, "predicate": "marched", "negated": False},
                {"article": "bbbb2222", "sentence": 1, "predicate": "вышли" + hostile},
            ],
        }
    ]
    s0 = text_a.index("Police")
    d["sources"] = {
        "articles": {
            "aaaa1111": {
                "attributions": [
                    {
                        "sentence": 2,
                        "source": {"start": s0, "end": s0 + 6, "text": "Police"},
                        "source_name": "Police" + hostile,
                        "source_kind": "official",
                        "cue": {"start": s0 + 7, "end": s0 + 11, "text": "said"},
                        "mode": "indirect",
                        "content": {"start": s0 + 12, "end": s0 + 41, "text": "about 10,000"},
                    }
                ],
                "voices": [{"name": "Police", "kind": "official", "affiliation": "", "words": 6}],
                "first_voice": "Police" + hostile,
                "last_voice": "Police",
            }
        },
        "copies": [["aaaa1111", "bbbb2222"]],
        "relays": {"bbbb2222": [{"outlet": "Wire" + hostile, "whole_article": True}]},
        "facts": {
            "f2": {
                "carried_by": ["aaaa1111", "bbbb2222"],
                "origins": [{"name": "Police", "kind": "official"}],
                "independent": 1,
            }
        },
    }
    return d


# --- a small HTML reader for the assertions ----------------------------------------------


class _Page(HTMLParser):
    """Tags and attributes as the browser's parser sees them, plus each column's text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.columns: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._depth = 0  # >0 while inside a column's text
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._script = a
            self.scripts.append((a, ""))
        if self._depth:
            self._depth += tag not in ("br",)
            if tag == "br" or "pb" in (a.get("class") or "").split():
                self.columns[-1] += "\n"
        elif tag == "div" and a.get("class") == "text":
            self._depth = 1
            self.columns.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._depth:
            self.columns[-1] += data


def inert_problems(html: str) -> list[str]:
    """What in ``html`` could run script or load anything; an empty list when inert."""
    page = _Page(html)
    problems = []
    for tag, attrs in page.tags:
        if tag not in _TAGS:
            problems.append(f"unexpected <{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("src", "srcdoc", "formaction", "autofocus"):
                problems.append(f"<{tag} {name}>")
            if name == "href" and not re.match(r"^(https?://|#|/)", value or ""):
                problems.append(f"<{tag} href={value!r}>")
    code = [text for attrs, text in page.scripts if attrs.get("type") != "application/json"]
    problems += [f"unknown script: {text[:60]!r}" for text in code if "storydiff" not in text]
    for raw in ("<script>alert", "<img", "<svg", '<a href="javascript'):
        if raw in html:
            problems.append(f"raw {raw!r} in the page")
    return problems


def _csp(html: str) -> str:
    m = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert m, "no CSP meta"
    return m.group(1).replace("&#x27;", "'")


def _data(html: str, key: str) -> Any:
    for attrs, text in _Page(html).scripts:
        if attrs.get("id") == key:
            return json.loads(text)
    raise AssertionError(f"no script#{key}")


# --- tests -------------------------------------------------------------------------------


def test_html_is_registered_and_matches_render_html() -> None:
    comp = _pair()
    out = render(comp, "html")
    assert out == render_html(comp)
    assert out.startswith("<!doctype html>")


def test_embedded_json_is_the_json_twin() -> None:
    comp = _pair()
    html = render_html(comp)
    assert _data(html, "storydiff-data") == json.loads(render(comp, "json"))
    view = _data(html, "storydiff-view")
    assert view["outlets"] == ["Kyiv Outlet", "State Outlet"]
    assert view["sentences"]["s-0-2"] == [1]
    assert view["facts"][1]["members"] == ["s-0-2", "s-1-2"]
    assert (
        "number: 10,000 (Kyiv Outlet) vs 5,000 (State Outlet) — half" in view["facts"][1]["lines"]
    )


def test_csp_is_strict_and_hashes_the_inline_code() -> None:
    html = render_html(_pair())
    csp = _csp(html)
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "http" not in csp
    code = [t for a, t in _Page(html).scripts if a.get("type") != "application/json"]
    assert len(code) == 1
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert style
    for text in (code[0], style.group(1)):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    # Nothing loads from anywhere: no src, no stylesheet links.
    assert not [t for t, a in _Page(html).tags if "src" in a or t == "link"]


def test_columns_hold_the_full_text_with_roles_chips_and_focus() -> None:
    comp = _pair()
    html = render_html(comp)
    page = _Page(html)
    for column, seg in zip(page.columns, comp.articles, strict=True):
        assert column.split() == seg.article.text.split()
    spans = {
        a["id"]: a for t, a in page.tags if t == "span" and (a.get("id") or "").startswith("s-")
    }
    assert len(spans) == 7
    assert "r-conflict" in spans["s-0-2"]["class"]
    assert spans["s-0-2"]["data-chip"] == "F2≠"
    assert "r-shared" in spans["s-1-1"]["class"]
    assert spans["s-1-1"]["data-chip"] == "F1="
    assert "r-unique" in spans["s-0-3"]["class"]
    assert spans["s-0-3"]["data-chip"] == "+"
    assert all(a.get("tabindex") == "0" for a in spans.values())
    assert 'lang="ru"' in html
    # Conflict evidence is marked inside the sentence.
    assert '<span class="ev" title="evidence (number) for F2">10,000</span>' in html


def test_header_matrix_conflicts_and_notes() -> None:
    comp = _pair()
    html = render_html(comp)
    assert '<span class="verdict v-same-story">same story</span>' in html
    assert "2 shared facts" in html
    assert "How to read this" in html
    page = _Page(html)
    rows = [a for t, a in page.tags if t == "tr" and a.get("class") == "fact-row"]
    assert [r["data-fact"] for r in rows] == ["f1", "f2"]
    assert html.count('<td class="has">') == 4
    assert html.count('<td class="omit">') == 0
    assert "≠ conflict" in html
    assert "different crowd size" in html
    assert "number: 10,000 (Kyiv Outlet) vs 5,000 (State Outlet) — half" in html
    assert "removed comment counter (line 3)" in html
    assert '<a href="https://kyiv.example/rally" rel="noopener noreferrer nofollow">' in html


def test_three_articles_show_omissions_and_outliers() -> None:
    a = _seg("a1", ["The summit opened in Paris.", "Leaders discussed aid."], outlet="Alpha")
    b = _seg("b2", ["The summit opened in Paris.", "A storm hit the coast."], outlet="Alpha")
    c = _seg("c3", ["The summit opened in Paris on Monday.", "Leaders discussed aid."])
    rel = Relation(a=("a1", 0), b=("b2", 0), label="agree", confidence=0.9, similarity=0.9)
    partial = Relation(
        a=("a1", 1), b=("c3", 1), label="partial", confidence=0.7, similarity=0.8, fuller="c3"
    )
    comp = Comparison(
        articles=(a, b, c),
        same_story=SameStory(score=0.6, verdict="related", pairs=(), outliers=("b2",)),
        facts=(
            Fact(
                id="x",
                members={"a1": (0,), "b2": (0,)},
                relations=(rel,),
                label="agree",
                confidence=0.9,
            ),
            Fact(
                id="y",
                members={"a1": (1,), "c3": (1,)},
                relations=(partial,),
                label="partial",
                confidence=0.7,
            ),
        ),
        unique={"a1": (), "b2": (1,), "c3": (0,)},
    )
    html = render_html(comp)
    assert html.count('<td class="omit">') == 2
    assert "Alpha (1)" in html
    assert "Alpha (2)" in html
    assert "looks like a different story" in html
    assert "c3.txt says more" in html


def test_optional_lenses_render_when_present() -> None:
    d = _lenses(to_dict(_pair()))
    html = html_from_dict(d)
    for section in ('id="wording"', 'id="sources"', 'id="framing"'):
        assert section in html
    assert (
        '<mark class="fm k-loaded" tabindex="0" data-note="loaded (rally/riot) · this outlet '
        "writes “митинг”, others may write протест · loaded word" in html
    )
    # A whole-sentence rating flags the sentence instead of boxing it.
    flagged = [a for t, a in _Page(html).tags if "flagged" in (a.get("class") or "")]
    assert [a["id"] for a in flagged] == ["s-0-3"]
    assert flagged[0]["data-flag"] == "loaded sentence · rated as biased wording (p=0.80)"
    # Neutral attribution is listed, never boxed.
    assert "k-attribution-verb" not in html
    assert "neutral attribution (not boxed" in html
    assert "<td>1 (50.0 per 1000 words)</td>" in html
    assert "loaded words" in html
    assert "sentences rated loaded ⚑</th><td>1 of 4</td><td>0 of 0</td>" in html
    assert "<strong>2 outlets, 1 independent origin</strong>" in html
    assert '<th scope="row">first word</th><td>Police</td>' in html
    assert "<td>Wire (whole article)</td>" in html
    assert "near-copies of one text: Kyiv Outlet, State Outlet" in html
    assert 'data-target="s-0-2">show</button>' in html  # the attribution links to its sentence
    assert "“marched”" in html
    assert "“вышли”" in html
    assert "boxed words</mark> are framing choices" in html
    assert not inert_problems(html)


def test_optional_lenses_absent_or_malformed_are_skipped() -> None:
    plain = render_html(_pair())
    for section in ('id="wording"', 'id="sources"', 'id="framing"'):
        assert section not in plain
    d = to_dict(_pair())
    d["framing"] = {"aaaa1111": "junk", "bbbb2222": {"markers": [1, None, {"start": "x"}]}}
    d["sources"] = {"articles": [1, 2], "facts": {"f1": {"carried_by": "x"}}}
    d["wording"] = [None, 3, {"fact": "nope"}]
    d["articles"][0]["sentences"][0]["start"] = 10_000  # an offset past the text
    html = html_from_dict(d)
    assert 'id="framing"' in html
    assert not inert_problems(html)


def test_hostile_text_everywhere_stays_inert() -> None:
    extra = HOSTILE
    comp = _pair(extra, outlet=HOSTILE[1], title=HOSTILE[0], url="javascript:alert(1)")
    d = to_dict(comp)
    d["same_story"]["warnings"] = [HOSTILE[3]]
    html = html_from_dict(_lenses(d, hostile=HOSTILE[4] + HOSTILE[3]))
    assert inert_problems(html) == []
    # The text is shown, as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&amp;lt;b&amp;gt;" in html  # an entity in the text is shown literally
    assert "\\u003c/script\\u003e" in html  # and cannot end the JSON script element
    assert _data(html, "storydiff-data")["articles"][1]["text"].endswith(HOSTILE[-1])
    # Only the report's own three scripts exist.
    assert len(_Page(html).scripts) == 3
    for column, seg in zip(_Page(html).columns, comp.articles, strict=True):
        assert column.split() == seg.article.text.split()


def test_script_json_escapes_markup_characters() -> None:
    out = script_json({"t": "</script><!-- & >"})
    assert "<" not in out
    assert ">" not in out
    assert "&" not in out
    assert json.loads(out) == {"t": "</script><!-- & >"}


# Bidi controls are left out here: the page isolates them on purpose (FSI ... PDI around
# the fragment, see ``render.bidi``), so their text does not come back as it went in;
# ``test_bidi_controls_cannot_reorder_the_text_around_them`` checks them. A local run once
# drew a sentence that was a lone LRE.
_NO_BIDI = "".join(c for c in map(chr, range(0x2100)) if CONTROLS.match(c))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(
            st.characters(blacklist_categories=("Cs",), blacklist_characters=_NO_BIDI),
            min_size=1,
            max_size=40,
        ).filter(lambda s: s.strip() and "\n" not in s),
        min_size=1,
        max_size=5,
    )
)
def test_any_text_round_trips_through_the_page(sentences: list[str]) -> None:
    a = _seg("a", sentences)
    b = _seg("b", ["Another outlet's sentence."])
    comp = Comparison(
        articles=(a, b),
        same_story=SameStory(score=0.5, verdict="related", pairs=()),
        facts=(),
        unique={"a": tuple(range(len(sentences))), "b": (0,)},
    )
    html = render_html(comp)
    column = _Page(html).columns[0]
    assert column.split() == a.article.text.split()
    assert not inert_problems(html)


@pytest.mark.parametrize("n", [1, 5])
def test_any_article_count_renders(n: int) -> None:
    segs = tuple(_seg(f"id{i}", [f"Sentence {i}."], outlet=f"O{i}") for i in range(n))
    comp = Comparison(
        articles=segs,
        same_story=SameStory(score=1.0, verdict="single article", pairs=()),
        facts=(),
        unique={s.article.id: (0,) for s in segs},
    )
    html = render_html(comp)
    assert html.count('<article class="col"') == n
    assert "No fact is stated by more than one article." in html


# --- bidirectional text controls ----------------------------------------------------------

_OPENERS = {"\u202a": "E", "\u202b": "E", "\u202d": "E", "\u202e": "E"}
_OPENERS |= {"\u2066": "I", "\u2067": "I", "\u2068": "I"}


def bidi_leaks(html: str) -> list[str]:
    """Places where a bidi embedding, override or isolate is still open at a tag or a quote:
    there it would reorder the page's own text around the fragment (a spoofed outlet name)."""
    visible = re.sub(r"<script\b.*?</script>", "", html, flags=re.DOTALL)
    stack: list[str] = []
    leaks = []
    for i, ch in enumerate(visible):
        if ch in _OPENERS:
            stack.append(_OPENERS[ch])
        elif ch == "\u202c" and stack and stack[-1] == "E":
            stack.pop()
        elif ch == "\u2069":
            if "I" not in stack:
                leaks.append(f"unmatched PDI at {i}: {visible[max(0, i - 40) : i]!r}")
                continue
            while stack.pop() != "I":
                pass
        elif ch in '<"' and stack:
            leaks.append(f"open {stack} at {i}: {visible[max(0, i - 40) : i + 1]!r}")
            stack.clear()
    return leaks


SPOOFS = (
    "Spoof \u202eeulav tsoc\u202c then more",  # RLO ... PDF, balanced
    "Override never closed \u202e tuo dlos",  # RLO left open
    "An isolate never closed \u2067 abc",  # RLI left open
    "A stray pop \u2069 and \u202c here",  # PDI and PDF without an opener
)


def test_bidi_controls_cannot_reorder_the_text_around_them() -> None:
    # An RLO in an outlet name reordered the neighbouring text of the page (issue 11).
    comp = _pair(SPOOFS, outlet="RT\u202e tuo", title="Title \u2066open")
    html = render_html(comp)
    assert bidi_leaks(html) == []
    # The text is still there, each control inside an isolate of its own.
    assert "RT\u202e tuo" in html
    assert "\u2068RT\u202e tuo\u202c\u2069" in html
    # Text without controls is untouched (no invisible characters added).
    assert "\u2068Kyiv Outlet" not in html
    assert "Kyiv Outlet" in html


@given(
    st.text(
        alphabet=st.sampled_from(
            list('ab <"&\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200f')
        ),
        max_size=30,
    )
)
def test_any_mix_of_bidi_controls_is_isolated(text: str) -> None:
    from storydiff.render.bidi import escape_html

    out = escape_html(text)
    assert bidi_leaks(f'<p>{out}</p><p title="{out}">x</p>') == []
