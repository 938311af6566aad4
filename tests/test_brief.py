"""The story brief of 3+ outlets: short, traceable, and the detail one flag away.

The real story is the flood fixture in three languages plus a real article about something
else (the seed pair's first article), compared with the default models; a synthetic story of
20 outlets checks the layout at scale without running a model.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_html import inert_problems

from storydiff.cli import main
from storydiff.records import (
    Article,
    Attribution,
    Comparison,
    Cue,
    Fact,
    Relation,
    Relay,
    SameStory,
    Segmented,
    Sentence,
    SourceMap,
    Sources,
    SourceVoice,
)
from storydiff.render import render
from storydiff.render.brief import BriefView, build_brief, wants_brief
from storydiff.render.html import render_html
from storydiff.render.markdown import render_markdown
from storydiff.render.text import WIDTH, render_text
from storydiff.render.view import distinct_labels

ROOT = Path(__file__).resolve().parent.parent
FLOOD = tuple(str(ROOT / "tests" / "fixtures" / f"flood-{lang}.txt") for lang in ("en", "uk", "ru"))
OFF_TOPIC = str(ROOT / "examples" / "seed-pair" / "macron-biden-1.txt")
CHROMIUM = os.environ.get("STORYDIFF_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def story() -> Comparison:
    """Three articles about one flood (en, uk, ru) and one about a phone call."""
    from storydiff.compare import Pipeline
    from storydiff.ingest import read_inputs
    from storydiff.settings import Settings

    articles = read_inputs([*FLOOD, OFF_TOPIC]).articles
    return Pipeline(Settings(cache=False)).compare(articles)


def _off_topic_id(c: Comparison) -> str:
    return next(s.article.id for s in c.articles if s.article.label == "macron-biden-1.txt")


def _traceable(brief: BriefView, c: Comparison) -> None:
    """Every item names a fact of the comparison, or outlets and sentences that exist."""
    fact_ids = {f.id for f in c.facts}
    labels = distinct_labels(c)
    sentences = {labels[s.article.id]: len(s.sentences) for s in c.articles}

    def real(outlet: str, sentence: int) -> None:
        assert outlet in sentences, outlet
        assert 0 <= sentence < sentences[outlet], (outlet, sentence)

    for a in brief.agreed:
        assert a.fact_id in fact_ids
        assert a.count >= 2
        assert a.text
    for d in brief.disputed:
        assert d.fact_id in fact_ids
        real(d.a.outlet, d.a.sentence)
        real(d.b.outlet, d.b.sentence)
        assert d.a_text
        assert d.b_text
        assert d.how
    for o in brief.adds:
        for item in o.items:
            real(o.outlet, item.sentence)
    for src in brief.sources:
        assert src.refs
        for ref in src.refs:
            real(ref.outlet, ref.sentence)
    for f in brief.framing:
        for text, refs in f.variants:
            assert text
            assert refs
            for ref in refs:
                real(ref.outlet, ref.sentence)


def test_brief_items_point_at_their_evidence(story: Comparison) -> None:
    brief = build_brief(story)
    assert brief.compared == 3
    assert brief.left_out == ("macron-biden-1.txt",)
    assert brief.agreed, "the flood articles share facts"
    assert all(a.of == 3 for a in brief.agreed)
    # The evacuation count differs (3,000 / 2000): that is what a fact-checker looks at first.
    assert any("number" in d.how for d in brief.disputed)
    _traceable(brief, story)
    # Every shown line of the brief names a fact id or an outlet with a sentence number.
    text = render_text(story, detail=False)
    body = text.split("Brief:", 1)[1].splitlines()[1:]
    items = [line for line in body if line.startswith("  ") and not line.startswith("  Not the")]
    ids = {f.id for f in story.facts}
    for line in items:
        traced = any(i in line for i in ids) or re.search(r"#\d+", line) or "nothing" in line
        continuation = line.startswith("      “")  # a disputed item's quoted words
        assert traced or continuation, line


def test_brief_is_short_and_detail_restores_the_full_view(story: Comparison) -> None:
    brief = render_text(story, detail=False)
    full = render_text(story, detail=True)
    assert len(brief.splitlines()) < 60
    assert max(len(line) for line in brief.splitlines()) <= WIDTH
    assert "Shared facts (" not in brief
    assert "Who says what" not in brief
    # The full view is the brief followed by every section of the detail.
    assert full.startswith(brief.split("(--detail shows all of it)")[0])
    for section in ("Outlets (coverage columns", "Shared facts (", "Only in flood-uk.txt"):
        assert section in full
    assert render_text(story) == full  # the library's default keeps everything
    md = render_markdown(story, detail=False)
    assert "## Brief" in md
    assert "## Shared facts" not in md
    assert "## Shared facts" in render_markdown(story)


def test_the_cli_shows_the_brief_and_the_detail_on_demand(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["compare", "--no-cache", "-q", *FLOOD]
    assert main(args) == 0
    brief = capsys.readouterr().out
    assert main([*args, "--detail"]) == 0
    detail = capsys.readouterr().out
    assert "Brief: 3 outlets" in brief
    assert "Shared facts (" not in brief
    assert "Shared facts (" in detail
    assert len(detail.splitlines()) > len(brief.splitlines())
    assert main([*args, "--format", "md"]) == 0
    assert "## Shared facts" not in capsys.readouterr().out


def test_an_off_topic_article_is_left_out_in_every_format(story: Comparison) -> None:
    off = _off_topic_id(story)
    assert off in story.same_story.outliers
    # Left out of the facts, not only warned about: in no fact, in no "only in" list, while
    # the three flood articles still share facts.
    assert all(off not in f.members for f in story.facts)
    assert not story.unique.get(off)
    assert not story.additions.get(off)
    assert any(len(f.members) == 3 for f in story.facts)
    assert "looks like a different story" in render_text(story)
    assert "Not the same story, left out of the facts: macron-biden-1.txt" in render_text(
        story, detail=False
    )
    assert "left out of the facts:** macron\\-biden\\-1\\.txt" in render_markdown(story)
    html = render_html(story)
    assert inert_problems(html) == []
    assert "Not the same story, left out of the facts: macron-biden-1.txt" in html
    assert "(not the same story)" in html  # in the matrix's key
    import json

    d = json.loads(render(story, "json"))
    assert off in d["same_story"]["outliers"]
    a = next(a for a in d["articles"] if a["id"] == off)
    assert {s["role"] for s in a["sentences"]} == {"other"}


def test_a_pair_is_shown_in_full_whatever_detail_says(seed_comparison: Comparison) -> None:
    assert not wants_brief(seed_comparison)
    for fn in (render_text, render_markdown):
        assert fn(seed_comparison, detail=False) == fn(seed_comparison)
    assert 'id="brief"' not in render_html(seed_comparison)


def test_a_renderer_without_detail_keeps_working(
    seed_comparison: Comparison, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storydiff.render as rendering

    def old(comparison: Comparison, *, color: bool = False) -> str:
        return f"{len(comparison.facts)} facts"

    monkeypatch.setattr(rendering, "get_renderer", lambda fmt: old)
    assert render(seed_comparison, "old", detail=False) == f"{len(seed_comparison.facts)} facts"


# --- a synthetic story of 20 outlets -----------------------------------------------------------


def _seg(aid: str, outlet: str, sentences: list[str]) -> Segmented:
    text = "\n".join(sentences)
    out, pos = [], 0
    for i, s in enumerate(sentences):
        out.append(Sentence(article_id=aid, index=i, start=pos, end=pos + len(s), text=s))
        pos += len(s) + 1
    article = Article(id=aid, text=text, source=f"/tmp/{aid}.txt", outlet=outlet)
    return Segmented(article=article, lang="en", sentences=tuple(out))


def _twenty() -> Comparison:
    """20 outlets with long names; 30 facts stated by a varying share of them."""
    n = 20
    segs = [
        _seg(
            f"a{k:02d}",
            f"The Very Long Name of Regional Outlet Number {k}",
            [
                f"Fact {j}: the council of Riverton voted {j + k} to {j} on the bridge."
                for j in range(30)
            ]
            + [f"Outlet {k} alone reports that Mayor Jane Doe met {k} residents on Friday."],
        )
        for k in range(n)
    ]
    facts = []
    for j in range(30):
        members = {s.article.id: (j,) for k, s in enumerate(segs) if (k + j) % 3 or j < 3}
        ids = sorted(members)
        label = "conflict" if j % 7 == 0 else "agree"
        rel = Relation(
            a=(ids[0], j),
            b=(ids[1], j),
            label=label,
            confidence=0.9,
            similarity=0.9,
            reasons=("different number",) if label == "conflict" else (),
        )
        facts.append(
            Fact(id=f"f{j:02d}", members=members, relations=(rel,), label=label, confidence=0.9)
        )
    return Comparison(
        articles=tuple(segs),
        same_story=SameStory(score=0.8, verdict="same story", pairs=()),
        facts=tuple(facts),
        unique={s.article.id: (30,) for s in segs},
    )


def test_an_agreement_that_lists_its_differences_is_not_disputed() -> None:
    # An "agree" whose versions differ in a figure is explained in the detail ("same
    # claim; number only in A"), but it is one claim told twice: the brief listed it
    # under "Disputed" (26 of 66 real comparisons) once such agreements were explained.
    segs = [
        _seg(f"a{k}", f"Outlet {k}", [f"The council voted {v} on the bridge on Friday."])
        for k, v in enumerate(("7 to 2", "7 to 2", "seven to two"))
    ]
    agree = Relation(
        a=("a0", 0),
        b=("a1", 0),
        label="agree",
        confidence=0.9,
        similarity=0.93,
        reasons=("same claim (similarity 0.93)", "date only in Outlet 0: Friday"),
    )
    members = {s.article.id: (0,) for s in segs}
    agreed = Fact(id="f0", members=members, relations=(agree,), label="agree", confidence=0.9)
    conflict = replace(agree, label="conflict", reasons=("number differs: 7 vs 9",))
    disputed = Fact(
        id="f1", members=members, relations=(agree, conflict), label="conflict", confidence=0.9
    )

    def brief_of(*facts: Fact) -> BriefView:
        return build_brief(
            Comparison(
                articles=tuple(segs),
                same_story=SameStory(score=0.9, verdict="same story", pairs=()),
                facts=facts,
                unique={},
            )
        )

    assert brief_of(agreed).disputed == ()
    # A fact with a conflict is disputed by its conflict, not by an agreement before it.
    (item,) = brief_of(agreed, disputed).disputed
    assert item.fact_id == "f1"
    assert item.how == "number differs: 7 vs 9"


def test_an_outlet_quoting_itself_is_not_quoted_by_it() -> None:
    # "The Daily Gazette reported" in the Daily Gazette is its own voice: the brief listed
    # the Gazette as "quoted by" the Gazette itself.
    outlets = ("Daily Gazette", "Evening Post", "Morning Star")
    segs = [
        _seg(f"a{k}", outlet, ["The Daily Gazette reported that the bridge will close."])
        for k, outlet in enumerate(outlets)
    ]
    fact = Fact(
        id="f0", members={s.article.id: (0,) for s in segs}, relations=(), label="agree",
        confidence=0.9,
    )  # fmt: skip

    def gazette(seg: Segmented) -> Sources:
        voice = SourceVoice(
            article_id=seg.article.id, name="The Daily Gazette", kind="outlet",
            affiliation=None, words=6, attributions=(0,), first_index=0, last_index=0,
        )  # fmt: skip
        cue = Cue(start=18, end=26, text="reported", lemma="report")
        att = Attribution(
            article_id=seg.article.id, sentence_index=0, source=None,
            source_name="The Daily Gazette", source_kind="outlet", cue=cue, mode="paraphrase",
            content=None,
        )  # fmt: skip
        return Sources(
            article_id=seg.article.id, attributions=(att,), voices=(voice,),
            first_voice=voice.name, last_voice=voice.name,
        )  # fmt: skip

    comp = Comparison(
        articles=tuple(segs),
        same_story=SameStory(score=0.9, verdict="same story", pairs=()),
        facts=(fact,),
        unique={},
        sources={s.article.id: gazette(s) for s in segs},
    )
    quoted = [i for i in build_brief(comp).sources if i.kind == "voice"]
    assert [(i.name, [r.outlet for r in i.refs]) for i in quoted] == [
        ("The Daily Gazette", ["Evening Post", "Morning Star"])
    ]
    # relayed by those two outlets, the Gazette is listed once, as relayed
    relays = {
        s.article.id: (
            Relay(
                article_id=s.article.id, outlet="The Daily Gazette", attributions=(0,),
                sentences=(0,), sources=(), whole_article=True,
            ),
        )
        for s in segs[1:]
    }  # fmt: skip
    comp = replace(comp, origins=SourceMap(relays=relays, copies=(), facts=()))
    assert [(i.kind, i.name) for i in build_brief(comp).sources] == [("relay", "The Daily Gazette")]


def test_twenty_outlets_brief_stays_short() -> None:
    comp = _twenty()
    text = render_text(comp, detail=False)
    assert len(text.splitlines()) < 60
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    _traceable(build_brief(comp), comp)
    html = render_html(comp)
    assert inert_problems(html) == []  # only the report's own elements, nothing that runs
    assert html.count('<tr id="m-') == 30  # one matrix row per fact
    assert html.count('<details class="part"') >= 3


@pytest.mark.browser
def test_twenty_outlets_page_fits_the_screen(tmp_path: Path) -> None:
    sync_api: Any = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    path = tmp_path / "brief.html"
    path.write_text(render_html(_twenty()), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(path.as_uri())
        page.evaluate("document.getElementById('d-matrix').open = true")
        width = page.evaluate("document.documentElement.scrollWidth")
        bottom = page.evaluate("document.getElementById('brief').getBoundingClientRect().bottom")
        box = page.evaluate("document.querySelector('.mx-box').getBoundingClientRect().right")
        browser.close()
    assert width <= 1366  # the matrix scrolls inside its box, not the page
    assert box <= 1366
    assert bottom <= 900  # the brief fits the first screen


@pytest.mark.data
@pytest.mark.slow
def test_a_nine_article_story_has_a_brief_under_sixty_lines() -> None:
    """The done-when story: nine articles of one ECB+ event (docs/screenshots/brief-9.png)."""
    import dataclasses
    from urllib.parse import urlsplit

    from storydiff.compare import Pipeline
    from storydiff.evaluate.datasets import load_ecbplus
    from storydiff.settings import Settings

    group = next(g for g in load_ecbplus() if g.id == "ecbplus-18ecbplus")
    articles = [
        dataclasses.replace(a, outlet=urlsplit(a.url or "").netloc.replace(" ", "") or None)
        for a in group.articles[:9]
    ]
    comp = Pipeline(Settings(cache=False)).compare(articles)
    text = render_text(comp, detail=False)
    assert len(text.splitlines()) < 60
    assert len(render_text(comp).splitlines()) > 1000
    _traceable(build_brief(comp), comp)


def test_what_an_outlet_alone_adds_states_something() -> None:
    # A section heading and the cut-off end of an excerpt are no additions to check.
    from storydiff.render import brief
    from storydiff.render.view import OnlyLine

    lines = (
        OnlyLine(sentence=3, text="One man was killed when a rocket hit his home near the port."),
        OnlyLine(sentence=4, text="With a U.S. envoy..."),
        OnlyLine(sentence=5, text="DEVELOPMENTS IN THE REGION TODAY"),
    )
    adds = brief._adds("AP", lines, top=2)
    assert [line.sentence for line in adds.items] == [3]
    assert adds.rest == 2


def test_the_brief_counts_in_the_singular_for_one() -> None:
    # "Brief: 2 outlets, 1 facts" on a Russian triplet with one shared fact
    from storydiff.render._base import plural

    assert plural(1, "fact") == "1 fact"
    assert plural(0, "fact") == "0 facts"
    assert plural(2, "outlet") == "2 outlets"


def test_an_outlets_additions_on_one_line_are_punctuated_as_sentences() -> None:
    # "There were few carrots to go along with the sticks.; #15 Then he cautioned": the
    # items are joined by a space after a full stop, by "; " after a cut-off item.
    from storydiff.render.brief import join_items

    said = [
        "Fact: the council of Riverton voted to close the old bridge.",
        "There were few carrots to go along with the sticks.",
        "Then he cautioned the council that repairs would take years.",
    ]
    segs = [_seg("a0", "Daily Gazette", said)] + [
        _seg(f"a{k}", f"Outlet {k}", [said[0]]) for k in (1, 2)
    ]
    fact = Fact(
        id="f0",
        members={s.article.id: (0,) for s in segs},
        relations=(
            Relation(a=("a0", 0), b=("a1", 0), label="agree", confidence=0.9, similarity=0.9),
        ),
        label="agree",
        confidence=0.9,
    )
    comp = Comparison(
        articles=tuple(segs),
        same_story=SameStory(score=0.8, verdict="same story", pairs=()),
        facts=(fact,),
        unique={"a0": (1, 2), "a1": (), "a2": ()},
    )
    md = render_markdown(comp, detail=False)
    assert "sticks\\. \\#2 Then he cautioned" in md
    assert ".; " not in md.replace("\\", "")
    html = render_html(comp)
    assert "sticks. #2 Then he cautioned" in html
    assert ".; " not in html
    assert join_items(["cut off here…", "b"], ["#1 cut off here…", "#2 b"]) == (
        "#1 cut off here…; #2 b"
    )
    assert join_items(['He said "no."', "b"], ['#1 He said "no."', "#2 b"]) == (
        '#1 He said "no." #2 b'
    )
