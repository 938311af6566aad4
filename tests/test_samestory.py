import numpy as np

from storydiff.embed.hashing import HashingEmbedder
from storydiff.records import Article, PairScore
from storydiff.samestory import FEATURES, features, pair_score, read_features, same_story
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


def _with(seg, **fields: str):  # type: ignore[no-untyped-def]
    """``seg`` with its article's ``fields`` (date, title) replaced."""
    import dataclasses

    return dataclasses.replace(seg, article=dataclasses.replace(seg.article, **fields))


def _dated(seg, date: str):  # type: ignore[no-untyped-def]
    return _with(seg, date=date)


def _seed_vectors(seed_comparison):  # type: ignore[no-untyped-def]
    """The seed pair's two articles and their sentence vectors (default embedder)."""
    from storydiff.embed import load_embedder

    a, b = seed_comparison.articles
    model = load_embedder("e5-small")
    return a, b, [model.embed([s.text for s in seg.sentences]) for seg in (a, b)]


def test_the_same_texts_months_apart_are_not_one_story(seed_comparison) -> None:  # type: ignore[no-untyped-def]
    # Issue 10: two reports 18 months apart were "same story" at 0.96; dates took no part.
    a, b, emb = _seed_vectors(seed_comparison)
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
    assert any("dated 547 days apart" in w for w in verdict.warnings)


def test_undated_reports_take_the_day_their_headline_names(seed_comparison) -> None:  # type: ignore[no-untyped-def]
    # Two undated monitoring reports 17 months apart, each headed by the day it covers,
    # were "same story" at 0.95 with two date conflicts: days apart read only
    # publication dates.
    a, b, emb = _seed_vectors(seed_comparison)
    early = _with(
        a, title="Latest from the mission, based on information received up until 27 April 2014"
    )
    later = _with(
        b, title="Latest from the mission, based on information received as of 27 September 2015"
    )
    apart = pair_score(early, later, emb[0], emb[1])
    assert apart.days_apart == 518
    assert apart.score < 0.5
    verdict = same_story([early, later], emb)
    assert any("dated 518 days apart" in w for w in verdict.warnings)
    # A publication date is the article's date, whatever its headline names.
    dated = pair_score(_dated(early, "2015-09-28"), later, emb[0], emb[1])
    assert dated.days_apart == 1


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


# Two reports of one poll, written for this test: Chinese has no capitals, so no name is
# found, and a sentence of it is one run of letters.
_POLL_A = (
    "一项新的民意调查显示，拜登在宾夕法尼亚州民主党选民中继续领先。"
    "调查在1月20日至26日访问了628名登记选民。"
    "误差幅度为正负6.2个百分点。"
)
_POLL_B = (
    "最新民调显示，宾夕法尼亚州民主党人仍最支持拜登。"
    "该民调于1月21日至26日对628名选民进行了访问。"
    "其误差幅度为6.2个百分点。"
)


def _pair_of(text_a: str, text_b: str, lang: str) -> PairScore:
    a = segment(Article(id="a", text=text_a, lang=lang))
    b = segment(Article(id="b", text=text_b, lang=lang))
    # Sentence vectors as e5 gives them for two tellings of one story: each sentence's
    # counterpart is close.
    emb = np.eye(len(a.sentences), 8, dtype=np.float32)
    return pair_score(a, b, emb, emb[: len(b.sentences)])


def test_a_chinese_pair_with_close_sentences_is_the_same_story() -> None:
    # Names and 3-5-gram similarity read as 0 in Chinese said "different stories" here.
    p = _pair_of(_POLL_A, _POLL_B, "zh")
    assert p.document_similarity > 0.99
    assert p.entity_overlap == 0.0  # what was found is shown, not the stand-in
    assert p.score >= 0.5


def test_unreadable_signals_are_raised_never_lowered() -> None:
    p = PairScore(
        a="a",
        b="b",
        score=0.0,
        sentence_overlap=0.0,
        document_similarity=0.93,
        entity_overlap=0.5,
        char_similarity=0.02,
        number_overlap=0.0,
    )
    plain = features(p, True, 0.3)
    assert read_features(p, True, 0.3, ("latn", "latn")) == plain
    # Arabic: as before, until the stand-ins are shown to help there (see read_features).
    assert read_features(p, False, 0.3, ("ARABIC", "ARABIC")) == features(p, False, 0.3)
    raised = read_features(p, True, 0.3, ("CJK", "latn"))
    assert all(r >= f for r, f in zip(raised, plain, strict=True))
    assert raised[FEATURES.index("chars")] > plain[FEATURES.index("chars")]
