"""Renderers on hand-built comparisons: a 2-article pair with a conflict and ingest noise,
and a 3-article set where one fact is stated by 2 of the 3 outlets."""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import storydiff
from storydiff.errors import StorydiffError
from storydiff.records import (
    Addition,
    Article,
    Comparison,
    Evidence,
    Fact,
    FactOrigins,
    Framing,
    FramingSummary,
    Origin,
    PairScore,
    RelatedLink,
    Relation,
    Removal,
    SameStory,
    Segmented,
    Sentence,
    SourceMap,
    Sources,
    Span,
)
from storydiff.render import RENDERERS, formats, render
from storydiff.render.html import render_html
from storydiff.render.jsonout import SCHEMA, from_dict, from_json, render_json, to_dict
from storydiff.render.markdown import escape, render_markdown
from storydiff.render.text import render_text
from storydiff.render.view import build_view, distinct_labels

HOSTILE = "<script>alert(1)</script> | [x](javascript:alert(1))"


def _seg(aid: str, sentences: list[str], **kw: object) -> Segmented:
    """An article whose paragraphs are ``sentences``, with exact sentence offsets."""
    text = "\n".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    title = kw.get("title")
    article = Article(id=aid, text=text, source=f"/tmp/{aid}.txt", **kw)  # type: ignore[arg-type]
    return Segmented(
        article=article,
        lang=str(kw.get("lang") or "en"),
        sentences=tuple(
            Sentence(
                article_id=aid,
                index=i,
                start=s,
                end=e,
                text=text[s:e],
                is_title=i == 0 and s == 0 and title == text[s:e],
            )
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


@pytest.fixture
def pair() -> Comparison:
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
    )
    b = _seg(
        "bbbb2222",
        [
            "Митинг в столице",
            "Тысячи человек вышли на марш в столице в воскресенье.",
            "По данным полиции, в акции участвовали около 5,000 человек.",
            HOSTILE,
        ],
        outlet="State Outlet",
        title="Митинг в столице",
        lang="ru",
        removed=(
            Removal(kind="duplicate-title", line=2, text="Митинг в столице"),
            Removal(kind="comment-counter", line=3, text="0"),
        ),
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
        unique={"aaaa1111": (0, 3), "bbbb2222": (0, 3)},
        settings={"embedder": "hashing", "neighbours": 5, "cache_dir": None},
        timings={"embed": 0.25, "align": 0.01},
    )


@pytest.fixture
def trio() -> Comparison:
    a = _seg("a1", ["The summit opened in Paris.", "Leaders discussed aid."], outlet="Alpha")
    b = _seg("b2", ["The summit opened in Paris.", "A storm hit the coast."], outlet="Beta")
    c = _seg(
        "c3", ["The summit opened in Paris on Monday.", "Leaders discussed military aid."]
    )  # no outlet: the label falls back to the file name
    rel = Relation(a=("a1", 0), b=("b2", 0), label="agree", confidence=0.95, similarity=0.97)
    partial = Relation(
        a=("a1", 1),
        b=("c3", 1),
        label="partial",
        confidence=0.7,
        similarity=0.8,
        fuller="c3",
        reasons=("one version says more",),
        evidence=(_ev(c, "extra", "military"),),
    )
    return Comparison(
        articles=(a, b, c),
        same_story=SameStory(
            score=0.6,
            verdict="related",
            pairs=(),
            outliers=("b2",),
        ),
        facts=(
            Fact(
                id="f1",
                members={"a1": (0,), "b2": (0,), "c3": (0,)},
                relations=(
                    rel,
                    Relation(
                        a=("a1", 0), b=("c3", 0), label="agree", confidence=0.9, similarity=0.9
                    ),
                ),
                label="agree",
                confidence=0.9,
            ),
            Fact(
                id="f2",
                members={"a1": (1,), "c3": (1,)},
                relations=(partial,),
                label="partial",
                confidence=0.7,
            ),
        ),
        unique={"a1": (), "b2": (1,), "c3": ()},
    )


def _spans(d: dict) -> list[tuple[str, int, int, str]]:
    out = []
    for art in d["articles"]:
        out += [(art["id"], s["start"], s["end"], s["text"]) for s in art["sentences"]]
    for fact in d["facts"]:
        for rel in fact["relations"]:
            out += [(e["article"], e["start"], e["end"], e["text"]) for e in rel["evidence"]]
    return out


# --- registry ---------------------------------------------------------------------------


def test_registry_lists_builtin_formats() -> None:
    assert {"text", "md", "json"} <= set(RENDERERS)
    assert {"text", "md", "json"} <= set(formats())


def test_unknown_format_names_the_known_ones(pair: Comparison) -> None:
    with pytest.raises(StorydiffError, match=r"unknown format 'yaml' \(known: .*json.*md.*text"):
        render(pair, "yaml")


def test_render_dispatches(pair: Comparison) -> None:
    assert render(pair, "json") == render_json(pair)
    assert render(pair, "md") == render_markdown(pair)
    assert render(pair, "text", color=True) == render_text(pair, color=True)


# --- text -------------------------------------------------------------------------------


def test_text_shows_outlets_conflict_evidence_and_noise(pair: Comparison) -> None:
    out = render_text(pair)
    assert "2 articles · en, ru · same story (score 0.82)" in out
    assert "Kyiv Outlet" in out
    assert "State Outlet" in out
    assert "different crowd size" in out
    assert "number: 10,000 (Kyiv Outlet) vs 5,000 (State Outlet) — half" in out
    assert 'State Outlet: removed duplicate title (line 2): "Митинг в столице"' in out
    assert 'State Outlet: removed comment counter (line 3): "0"' in out
    # conflicts come before the other shared facts, and unique sentences are listed
    assert out.index("Conflicts (1)") < out.index("Shared facts (1)")
    assert out.index("Shared facts (1)") < out.index("Only in Kyiv Outlet (2)")
    assert "The march ended peacefully near the parliament." in out
    assert "(title) Rally in the capital" in out
    assert "1 agree, 0 partial, 0 stronger/weaker, 1 conflict" in out


def test_text_fits_100_columns_and_wraps_long_sentences(pair: Comparison) -> None:
    long = " ".join(["word"] * 60)
    seg = _seg("aaaa1111", [*(s.text for s in pair.articles[0].sentences), long], outlet="K")
    comp = Comparison(
        articles=(seg, pair.articles[1]),
        same_story=pair.same_story,
        facts=pair.facts,
        unique={"aaaa1111": (4,), "bbbb2222": ()},
    )
    out = render_text(comp)
    assert max(len(line) for line in out.splitlines()) <= 100
    assert out.count("word") == 60  # 300 characters: wrapped, not cut
    assert "Only in State Outlet (0): nothing" in out


def test_text_colour_only_when_asked(pair: Comparison) -> None:
    assert "\x1b[" not in render_text(pair)
    coloured = render_text(pair, color=True)
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render_text(pair)


def test_text_neutralises_terminal_escapes(pair: Comparison) -> None:
    seg = _seg("x", ["Clear the screen \x1b[2J now.", "Fine."], outlet="Evil\x1b]0;t\x07")
    comp = Comparison(
        articles=(seg, pair.articles[0]),
        same_story=pair.same_story,
        facts=(),
        unique={"x": (0, 1)},
    )
    out = render_text(comp)
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "Clear the screen \ufffd[2J now." in out


def test_text_coverage_marks_for_fact_in_two_of_three(trio: Comparison) -> None:
    out = render_text(trio)
    lines = out.splitlines()
    f1 = next(line for line in lines if line.lstrip().startswith("f1 "))
    f2 = next(line for line in lines if line.lstrip().startswith("f2 "))
    assert "[✓ ✓ ✓]" in f1
    assert "[✓ · ✓]" in f2
    assert "1  Alpha" in out
    assert "2  Beta" in out
    assert "3  c3.txt" in out
    assert "2 facts: 1 shared by all, 1 by some" in out
    assert "c3.txt says more" in out
    assert "extra: military only in c3.txt" in out
    assert "article Beta looks like a different story" in out
    # an outlier was left out of the alignment: nothing it says is known to be "only in" it
    assert "Only in Beta" not in out
    assert "Only in Alpha" in out


def test_single_article_renders_in_every_format(pair: Comparison) -> None:
    comp = Comparison(
        articles=pair.articles[:1],
        same_story=SameStory(score=1.0, verdict="single article", pairs=()),
        facts=(),
        unique={},
    )
    for fmt in RENDERERS:
        assert "single article" in render(comp, fmt)


# --- markdown ---------------------------------------------------------------------------


def test_markdown_escapes_hostile_sentence(pair: Comparison) -> None:
    hostile_fact = Fact(
        id="f3",
        members={"aaaa1111": (3,), "bbbb2222": (3,)},
        relations=(),
        label="agree",
        confidence=0.5,
    )
    comp = Comparison(
        articles=pair.articles,
        same_story=pair.same_story,
        facts=(*pair.facts, hostile_fact),
        unique=pair.unique,
    )
    md = render_markdown(comp)
    assert "<script" not in md
    assert "](javascript" not in md
    assert (
        "&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\| \\[x\\]\\(javascript\\:alert\\(1\\)\\)" in md
    )
    # every table row keeps its column count: no unescaped pipe from the article text
    for line in md.splitlines():
        if line.startswith("| "):
            header_cells = len(re.split(r"(?<!\\)\|", line))
            assert header_cells in {5, 7, 8}, line


def test_markdown_renders_without_links_or_html(pair: Comparison) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(render_markdown(pair))
    assert "<script" not in html
    assert "<a " not in html
    assert "&lt;script&gt;" in html
    # the wording table of each fact has 3 cells per row
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        assert row.count("<td") in {0, 3, 5, 6}


def test_markdown_content(pair: Comparison, trio: Comparison) -> None:
    md = render_markdown(pair)
    assert "**Verdict:** same story (score 0.82)" in md
    assert "## Conflicts (1)" in md
    assert "different crowd size" in md
    assert "number\\: 10,000 \\(Kyiv Outlet\\) vs 5,000 \\(State Outlet\\)" in md
    assert "removed duplicate title \\(line 2\\)" in md
    assert "## Only in Kyiv Outlet (2)" in md
    md3 = render_markdown(trio)
    assert "| f2 | partial | 0.70 | ✓ | · | ✓ |" in md3
    assert "| f1 | agree | 0.90 | ✓ | ✓ | ✓ |" in md3
    assert "> **Warning:** article Beta looks like a different story" in md3


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_escape_is_literal_inline_text(text: str) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    parser = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = parser.parseInline(escape(text))[0].children or []
    assert {t.type for t in tokens} <= {"text"}
    expected = " ".join(re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", " ", text).split())
    # Bidi controls are shown, not obeyed (issue 11): "[U+202E]" in place of U+202E.
    expected = re.sub("[\u202a-\u202e\u2066-\u2069]", lambda m: f"[U+{ord(m[0]):04X}]", expected)
    assert "".join(t.content for t in tokens) == expected


# --- json -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pair", "trio"])
def test_json_round_trips(name: str, request: pytest.FixtureRequest) -> None:
    comp: Comparison = request.getfixturevalue(name)
    text = render_json(comp)
    assert from_json(text) == comp
    assert from_dict(json.loads(text)) == comp
    assert to_dict(from_dict(to_dict(comp))) == to_dict(comp)


@pytest.mark.parametrize("name", ["pair", "trio"])
def test_json_spans_point_into_article_text(name: str, request: pytest.FixtureRequest) -> None:
    d = to_dict(request.getfixturevalue(name))
    texts = {a["id"]: a["text"] for a in d["articles"]}
    spans = _spans(d)
    assert len(spans) > 4
    for aid, start, end, text in spans:
        assert texts[aid][start:end] == text


def test_json_contract(pair: Comparison, trio: Comparison) -> None:
    d = json.loads(render_json(pair))
    assert d["storydiff"] == storydiff.__version__
    assert d["schema"] == SCHEMA == "storydiff.comparison/2"
    assert list(d) == [
        "storydiff",
        "schema",
        "same_story",
        "summary",
        "articles",
        "facts",
        "unique",
        "additions",
        "related",
        "conflicts",
        "framing",
        "wording",
        "sources",
        "settings",
        "timings",
    ]
    assert d["conflicts"] == ["f2"]
    assert d["unique"] == {"aaaa1111": [0, 3], "bbbb2222": [0, 3]}
    b = d["articles"][1]
    assert b["label"] == "State Outlet"
    assert b["lang"] == "ru"
    assert b["lang_detected"] is False
    assert b["removed"][1] == {"kind": "comment-counter", "line": 3, "text": "0"}
    assert [s["role"] for s in b["sentences"]] == ["unique", "shared", "conflict", "unique"]
    assert b["sentences"][0]["is_title"] is True
    assert b["sentences"][2]["facts"] == ["f2"]
    rel = d["facts"][1]["relations"][0]
    assert rel["a"] == {"article": "aaaa1111", "sentence": 2}
    assert rel["evidence"][1]["note"] == "half"
    assert "Митинг" in render_json(pair)  # ensure_ascii=False
    t = to_dict(trio)
    assert t["facts"][1]["coverage"] == ["a1", "c3"]
    assert t["summary"]["shared_by_all"] == 1
    assert t["summary"]["shared_by_some"] == 1
    assert [s["role"] for s in t["articles"][1]["sentences"]] == ["shared", "unique"]


def test_from_dict_rejects_other_schemas(pair: Comparison) -> None:
    d = to_dict(pair)
    with pytest.raises(StorydiffError, match="unsupported schema"):
        from_dict({**d, "schema": "storydiff.comparison/3"})
    # version 1 (no stronger / weaker labels) is a subset of version 2: still read
    assert from_dict({**d, "schema": "storydiff.comparison/1"}).facts == pair.facts
    with pytest.raises(StorydiffError, match="not a storydiff comparison"):
        from_dict({"schema": "something/1"})
    with pytest.raises(StorydiffError, match="malformed"):
        from_dict({"schema": SCHEMA, "articles": []})
    with pytest.raises(StorydiffError, match="not JSON"):
        from_json("{")


def test_many_articles_show_counts_instead_of_marks() -> None:
    segs = tuple(_seg(f"id{n:02d}", [f"Sentence {n}."], outlet=f"Outlet {n}") for n in range(20))
    fact = Fact(
        id="f1",
        members={"id00": (0,), "id07": (0,)},
        relations=(),
        label="agree",
        confidence=0.8,
    )
    comp = Comparison(
        articles=segs,
        same_story=SameStory(score=0.7, verdict="same story", pairs=()),
        facts=(fact,),
        unique={},
    )
    text = render_text(comp)
    assert "[2 of 20]" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "| f1 | agree | 0.80 | 2 of 20 |" in render_markdown(comp)


def test_legend_flags_outliers_and_json_settings_are_plain(trio: Comparison) -> None:
    from pathlib import Path

    assert "Beta    en   2 sentences  (different story?)" in render_text(trio)
    comp = Comparison(
        articles=trio.articles,
        same_story=trio.same_story,
        facts=trio.facts,
        unique=trio.unique,
        settings={"cache_dir": Path("/tmp/cache"), "langs": ("en", "ru")},
    )
    assert json.loads(render_json(comp))["settings"] == {
        "cache_dir": "/tmp/cache",
        "langs": ["en", "ru"],
    }


def test_repairs_read_as_repairs_not_removals() -> None:
    from storydiff.render._base import removal_note

    assert removal_note("mis-decoded", 0, '"Obamaâ€™s"') == (
        'repaired mis-decoded characters (the title), the original: "Obamaâ€™s"'
    )
    assert removal_note("comment-counter", 3, '"0"') == 'removed comment counter (line 3): "0"'


# --- related tier and additions (issue 10) ------------------------------------------------


def _span(seg: Segmented, needle: str) -> Span:
    start = seg.article.text.index(needle)
    return Span(start=start, end=start + len(needle), text=needle)


@pytest.fixture
def linked(pair: Comparison) -> Comparison:
    """The pair with its last sentences related and a leftover clause as an addition."""
    a, b = pair.articles
    related = RelatedLink(
        id="r1",
        a=("aaaa1111", 3),
        b=("bbbb2222", 3),
        a_span=_span(a, "The march ended peacefully near the parliament."),
        b_span=_span(b, b.sentences[3].text),
        score=0.3,
        shared=("parliament",),
        reason="both about parliament; not matched as one claim",
    )
    on_sunday = _span(a, "on Sunday")
    addition = Addition(
        article_id="aaaa1111",
        sentence_index=1,
        start=on_sunday.start,
        end=on_sunday.end,
        text=on_sunday.text,
        kind="clause",
        fact_id="f1",
    )
    facts = (
        dataclasses.replace(
            pair.facts[0],
            spans={
                "aaaa1111": (_span(a, "Thousands marched in the capital"),),
                "bbbb2222": (_span(b, b.sentences[1].text),),
            },
        ),
        *pair.facts[1:],
    )
    return dataclasses.replace(
        pair,
        facts=facts,
        related=(related,),
        additions={"aaaa1111": (addition,)},
        unique={"aaaa1111": (0,), "bbbb2222": (0,)},
    )


def test_related_and_additions_show_in_every_format(linked: Comparison) -> None:
    text = render_text(linked)
    # The heading says what is true of every related link: the scorer read some as one
    # claim, kept apart by a rule or by grouping, so "not the same claim" is not.
    assert "Related, not counted as one fact (1)" in text
    assert "not the same claim (" not in text
    assert "both about parliament; not matched as one claim" in text
    assert "#3 The march ended peacefully near the parliament." in text
    assert "Only in Kyiv Outlet (1 + 1 within shared sentences)" in text
    assert "#1+  …on Sunday" in text  # a clause of sentence #1, marked as such
    # The fact shows the words that state it, not the whole sentence.
    assert (
        "#1 Thousands marched in the capital\n" in text
        or "#1 Thousands marched in the capital " in text
    )
    md = render_markdown(linked)
    assert "## Related, not counted as one fact (1)" in md
    assert "both about parliament; not matched as one claim" in md
    assert "**#1+** …on Sunday" in md
    html = render(linked, "html")
    assert 'id="related"' in html
    assert "both about parliament; not matched as one claim" in html
    assert "r-related" in html
    assert "inside a shared sentence" in html
    d = to_dict(linked)
    assert d["related"][0]["a"] == {
        "article": "aaaa1111",
        "sentence": 3,
        "start": linked.related[0].a_span.start,
        "end": linked.related[0].a_span.end,
        "text": "The march ended peacefully near the parliament.",
    }
    assert d["additions"]["aaaa1111"][0]["text"] == "on Sunday"
    assert d["additions"]["aaaa1111"][0]["fact"] == "f1"
    assert d["related"][0]["kept_out_by"] is None  # no rule: the scorer itself said no
    assert d["summary"]["related"] == 1
    assert d["summary"]["additions"] == {"aaaa1111": 1, "bbbb2222": 0}
    roles = [s["role"] for s in d["articles"][0]["sentences"]]
    assert roles == ["unique", "shared", "conflict", "related"]
    assert d["facts"][0]["spans"]["aaaa1111"][0]["text"] == "Thousands marched in the capital"


def test_related_and_additions_round_trip_and_point_into_text(linked: Comparison) -> None:
    assert from_json(render_json(linked)) == linked
    d = to_dict(linked)
    texts = {a["id"]: a["text"] for a in d["articles"]}
    for r in d["related"]:
        for side in (r["a"], r["b"]):
            assert texts[side["article"]][side["start"] : side["end"]] == side["text"]
    for aid, adds in d["additions"].items():
        for x in adds:
            assert texts[aid][x["start"] : x["end"]] == x["text"]
    for f in d["facts"]:
        for aid, spans in f["spans"].items():
            for sp in spans:
                assert texts[aid][sp["start"] : sp["end"]] == sp["text"]


def test_the_rule_that_kept_a_related_link_out_of_the_facts_round_trips(
    linked: Comparison,
) -> None:
    (link,) = linked.related
    kept = dataclasses.replace(
        linked, related=(dataclasses.replace(link, score=0.99, kept_out_by="story-words"),)
    )
    assert to_dict(kept)["related"][0]["kept_out_by"] == "story-words"
    assert from_json(render_json(kept)) == kept


def test_a_long_related_reason_is_wrapped_to_the_width(linked: Comparison) -> None:
    from storydiff.render.text import WIDTH

    (link,) = linked.related
    reason = (
        "the model scores them as one claim (0.99), but they share only the names both give "
        "(Parliament), words the whole story uses and words of time, so they are not counted "
        "as one fact"
    )
    long = dataclasses.replace(linked, related=(dataclasses.replace(link, reason=reason),))
    text = render_text(long)
    assert max(len(line) for line in text.splitlines() if "them as one claim" in line) <= WIDTH
    assert reason in " ".join(line.strip() for line in text.splitlines())


_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def test_text_and_markdown_show_bidi_controls_instead_of_obeying_them() -> None:
    # An RLO in an outlet name or a sentence reordered the rest of the terminal line or of
    # the Markdown paragraph (issue 11); both now show it as a visible [U+202E].
    from test_html import SPOOFS, _pair

    comp = _pair(SPOOFS, outlet="RT\u202e tuo", title="Title \u2066open")
    for fmt in ("text", "md"):
        out = render(comp, fmt)
        assert not _BIDI.search(out), fmt
        assert "[U+202E]" in out.replace("\\", ""), fmt  # Markdown escapes the brackets
        assert "tuo" in out


def test_stronger_relation_is_counted_and_named_in_every_format(pair: Comparison) -> None:
    # Issue 10: "did not support" vs "blocked" is the same claim said more strongly by one
    # outlet; every view counts it and names the stronger outlet.
    weaker = Relation(
        a=("aaaa1111", 1),
        b=("bbbb2222", 1),
        label="weaker",
        confidence=0.7,
        similarity=0.9,
        reasons=("certainty differs: 'reportedly' only in B",),
        stronger="aaaa1111",
    )
    fact = Fact(
        id="f1",
        members={"aaaa1111": (1,), "bbbb2222": (1,)},
        relations=(weaker,),
        label="weaker",
        confidence=0.7,
    )
    comp = replace(pair, facts=(fact, pair.facts[1]))
    text = " ".join(render_text(comp).split())
    assert "1 stronger/weaker, 1 conflict" in text
    assert "Kyiv Outlet says it more strongly" in text
    assert "f1 [✓ ✓] stronger/weaker confidence 0.70" in text
    assert "Kyiv Outlet #1 ≶ State Outlet #1: certainty differs" in text
    assert "Kyiv Outlet says it more strongly" in " ".join(render_markdown(comp).split())
    html = render_html(comp)
    assert "Kyiv Outlet says it more strongly" in html
    assert "1 where one says it more strongly" in html
    d = to_dict(comp)
    assert d["summary"]["labels"] == {
        "agree": 0,
        "partial": 0,
        "stronger": 0,
        "weaker": 1,
        "conflict": 1,
    }
    (rel,) = d["facts"][0]["relations"]
    assert rel["label"] == "weaker"
    assert rel["stronger"] == "aaaa1111"
    assert from_dict(d).facts[0].relations[0] == weaker


def test_view_model_words_each_line_once_for_every_format(pair: Comparison) -> None:
    view = build_view(pair)
    conflict = view.conflicts[0]
    assert [f.id for f in view.others] == ["f1"]
    assert conflict.number == 2
    assert conflict.coverage == ("aaaa1111", "bbbb2222")
    (rel,) = conflict.relations
    line = "number: 10,000 (Kyiv Outlet) vs 5,000 (State Outlet) — half"
    assert rel.evidence == (line,)
    assert conflict.evidence == (line,)
    assert rel.a.text == "Police said about 10,000 people took part."
    assert rel.why == "different crowd size"
    # Every human-readable format shows the line the view worded (Markdown escapes it).
    assert line in render_text(pair)
    assert line in render_html(pair)
    assert escape(line) in render_markdown(pair)
    assert [o.count for o in view.only_in] == ["2", "2"]


def test_view_numbers_repeated_outlet_names_only_when_asked(pair: Comparison) -> None:
    twins = replace(
        pair,
        articles=tuple(
            replace(seg, article=replace(seg.article, outlet="Same")) for seg in pair.articles
        ),
    )
    assert [o.label for o in build_view(twins).outlets] == ["Same", "Same"]
    named = build_view(twins, labels=distinct_labels(twins))
    assert [o.label for o in named.outlets] == ["Same (1)", "Same (2)"]
    assert named.conflicts[0].relations[0].evidence[0].endswith("(Same (2)) — half")


def test_a_text_no_stage_reads_says_so_in_every_format(pair: Comparison) -> None:
    # The second article is Russian in the fixture; as Polish, neither who-says-what nor
    # the framing lexicons read it, and no view may present that as a finding.
    b = pair.articles[1]
    pl = replace(b, lang="pl", article=replace(b.article, lang="pl"))
    aid = b.article.id
    unread = Sources(
        article_id=aid, attributions=(), voices=(), first_voice=None, last_voice=None, read=False
    )
    framing = Framing(
        article_id=aid,
        lang="pl",
        markers=(),
        sentence_loaded=(),
        summary=FramingSummary(words=30, sentences=4, read=False),
    )
    comp = replace(
        pair,
        articles=(pair.articles[0], pl),
        sources={aid: unread},
        framing={aid: framing},
        origins=SourceMap(
            relays={},
            copies=(),
            facts=(
                FactOrigins(
                    fact_id="f1",
                    carried_by=("aaaa1111", aid),
                    origins=(
                        Origin(
                            name="Police",
                            kind="organisation",
                            sources=(),
                            articles=("aaaa1111",),
                            evidence=(),
                        ),
                        Origin(
                            name="State Outlet",
                            kind="unread",
                            sources=(),
                            articles=(aid,),
                            evidence=(),
                        ),
                    ),
                    n_independent=1,
                ),
            ),
        ),
    )
    text = render_text(comp)
    assert "own voice throughout" not in text
    assert "this text (pl) was not read" in text
    assert "not read: no framing lexicon covers pl" in text
    assert "2 outlets, at least 1 independent origin: Police; State Outlet (sources not read)" in (
        " ".join(text.split())
    )
    assert "was not read" in render_markdown(comp)
    html = render_html(comp)
    assert "Not read: who says what reads en, uk, ru only" in html
    assert "at least 1 independent origin" in html
    d = to_dict(comp)
    assert d["sources"]["articles"][aid]["read"] is False
    assert from_dict(d) == comp


def test_an_agreement_whose_versions_differ_is_explained_and_a_plain_one_is_quiet() -> None:
    # "agree" with nothing under it read as one claim told the same way, while the JSON
    # listed "number only in A: 220, 212" and a name only the other gives
    from storydiff.records import Fact, Relation
    from storydiff.render._base import notable_relations

    differ = Relation(
        a=("a", 1),
        b=("b", 0),
        label="agree",
        confidence=0.6,
        similarity=0.91,
        reasons=("same claim (similarity 0.91)", "number only in A: 220, 212"),
    )
    same = Relation(
        a=("a", 2),
        b=("b", 1),
        label="agree",
        confidence=0.9,
        similarity=0.97,
        reasons=("same content (similarity 0.97)",),
    )
    fact = Fact(
        id="f1",
        members={"a": (1, 2), "b": (0, 1)},
        relations=(same, differ),
        label="agree",
        confidence=0.7,
    )
    assert notable_relations(fact) == [differ]
