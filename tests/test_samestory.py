import numpy as np

from storydiff.embed.hashing import HashingEmbedder
from storydiff.records import Article
from storydiff.samestory import pair_score, same_story
from storydiff.segment import segment


def _seg(text: str, aid: str, outlet: str):  # type: ignore[no-untyped-def]
    return segment(Article(id=aid, text=text, lang="en", outlet=outlet))


def test_single_article_is_its_own_verdict() -> None:
    seg = _seg("One sentence here.", "a", "A")
    result = same_story([seg], [np.ones((1, 4), np.float32) / 2])
    assert result.verdict == "single article"


def test_pair_score_fields_are_bounded(seed_comparison) -> None:  # type: ignore[no-untyped-def]
    (p,) = seed_comparison.same_story.pairs
    assert 0.0 <= p.score <= 1.0
    assert 0.0 <= p.sentence_overlap <= 1.0
    assert -1.0 <= p.document_similarity <= 1.0


def test_seed_pair_is_the_same_story(seed_comparison) -> None:  # type: ignore[no-untyped-def]
    assert seed_comparison.same_story.verdict == "same story"
    assert not seed_comparison.same_story.outliers


def test_an_unrelated_article_is_named_as_the_outlier(seed_paths) -> None:  # type: ignore[no-untyped-def]
    from storydiff.compare import Pipeline
    from storydiff.ingest import read_inputs
    from storydiff.settings import Settings

    arts = list(read_inputs([str(p) for p in seed_paths]).articles)
    arts.append(
        Article(
            id="cooking",
            outlet="Cooking Weekly",
            text=(
                "Knead the dough for ten minutes until it is smooth and elastic. "
                "Let it rise in a warm place for an hour. "
                "Bake the loaf at 220 degrees until the crust is golden brown. "
                "Cool the bread on a rack before slicing it."
            ),
        )
    )
    result = Pipeline(Settings(cache=False)).compare(arts)
    assert result.same_story.outliers == ("cooking",)
    assert any("Cooking Weekly" in w for w in result.same_story.warnings)


def test_hashing_pair_score_prefers_shared_sentences() -> None:
    emb = HashingEmbedder()
    a = _seg("The dam burst at dawn. Ten villages were flooded.", "a", "A")
    b = _seg("Ten villages were flooded. The dam burst at dawn.", "b", "B")
    c = _seg("Stocks rose on Friday. The central bank held rates.", "c", "C")
    ea, eb, ec = (emb.embed([s.text for s in g.sentences]) for g in (a, b, c))
    assert pair_score(a, b, ea, eb).sentence_overlap == 1.0
    assert pair_score(a, c, ea, ec).sentence_overlap == 0.0


def _dated(seg, date: str):  # type: ignore[no-untyped-def]
    import dataclasses

    return dataclasses.replace(seg, article=dataclasses.replace(seg.article, date=date))


def test_the_same_texts_months_apart_are_not_one_story(seed_comparison) -> None:  # type: ignore[no-untyped-def]
    # Issue 10: two reports 18 months apart were "same story" at 0.96; dates took no part.
    from storydiff.embed import load_embedder

    a, b = seed_comparison.articles
    model = load_embedder("e5-small")
    emb = [model.embed([s.text for s in seg.sentences]) for seg in (a, b)]
    close = pair_score(_dated(a, "2024-03-01"), _dated(b, "2024-03-02"), emb[0], emb[1])
    apart = pair_score(_dated(a, "2022-09-01"), _dated(b, "2024-03-01"), emb[0], emb[1])
    undated = pair_score(a, b, emb[0], emb[1])
    assert close.days_apart == 1
    assert apart.days_apart == 547
    assert undated.days_apart is None
    assert close.score >= 0.5
    assert undated.score >= 0.5
    assert apart.score < 0.5
    verdict = same_story([_dated(a, "2022-09-01"), _dated(b, "2024-03-01")], emb)
    assert verdict.verdict != "same story"
    assert any("published 547 days apart" in w for w in verdict.warnings)


def test_pair_score_reports_transliterated_signals() -> None:
    emb = HashingEmbedder()
    en = _seg("Zelensky met Biden in Kyiv. 2,300 troops will stay.", "a", "A")
    uk = segment(
        Article(id="b", text="Зеленський зустрівся з Байденом у Києві. 2300 військових.", lang="uk")
    )
    p = pair_score(
        en, uk, emb.embed([s.text for s in en.sentences]), emb.embed([s.text for s in uk.sentences])
    )
    assert p.entity_overlap > 0.5  # Zelensky, Biden, Kyiv: one key in both scripts
    assert p.number_overlap > 0.0
    assert p.char_similarity > 0.0
