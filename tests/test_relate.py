"""Tests of the relation stage: features, the shipped classifier, rules, the NLI mapping."""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storydiff.errors import StorydiffError
from storydiff.records import Relation, Sentence
from storydiff.relate import Pair, Relater, load_relater
from storydiff.relate.classifier import FeatureRelater, default_model_path, load_model
from storydiff.relate.features import FEATURE_NAMES, extract, mostly_latin
from storydiff.relate.nli import NLIRelater, map_nli
from storydiff.relate.tokens import (
    join_initials,
    names_match,
    numbers,
    sound_key,
    title_case_lead,
    tokenize,
)

PREFIX = {"A": "Kyiv, 24 May. Some words come first here. ", "B": "Moscow. Another lead-in. "}


def sentence(article: str, text: str, index: int = 1) -> Sentence:
    """A sentence placed after a lead-in, so its offsets in the article are not zero."""
    start = len(PREFIX[article])
    return Sentence(article_id=article, index=index, start=start, end=start + len(text), text=text)


def article_text(s: Sentence) -> str:
    return PREFIX[s.article_id] + s.text + " Trailing words."


def pair(a: str, b: str, sim: float, lang_a: str = "en", lang_b: str = "en") -> Pair:
    return Pair(
        a=sentence("A", a), b=sentence("B", b), lang_a=lang_a, lang_b=lang_b, similarity=sim
    )


@pytest.fixture(scope="module")
def relater() -> FeatureRelater:
    return FeatureRelater()


def relate_one(relater: Relater, p: Pair) -> Relation:
    (rel,) = relater.relate([p])
    assert_offsets(p, [rel])
    return rel


def assert_offsets(p: Pair, relations: Sequence[Relation]) -> None:
    texts = {p.a.article_id: article_text(p.a), p.b.article_id: article_text(p.b)}
    for rel in relations:
        for ev in rel.evidence:
            assert texts[ev.article_id][ev.start : ev.end] == ev.text, ev


# --- the shipped model and the rules -------------------------------------------------------


def test_did_not_support_vs_blocked_is_not_agree(relater: FeatureRelater) -> None:
    rel = relate_one(
        relater, pair("Biden did not support the idea.", "Biden blocked the proposal.", 0.87)
    )
    assert rel.label != "agree"
    assert any("decision" in r for r in rel.reasons)
    texts = {e.text for e in rel.evidence}
    assert {"did not support", "blocked"} <= texts


def test_different_number_is_conflict_with_offsets(relater: FeatureRelater) -> None:
    a = "French instructors had trained some 10,000 Ukrainian troops."
    b = "French instructors had trained some 5,000 Ukrainian troops."
    rel = relate_one(relater, pair(a, b, 0.97))
    assert rel.label == "conflict"
    nums = [e for e in rel.evidence if e.kind == "number"]
    assert [(e.article_id, e.text) for e in nums] == [("A", "10,000"), ("B", "5,000")]
    assert nums[0].start == len(PREFIX["A"]) + a.index("10,000")
    assert any(r.startswith("number differs: 10,000 vs 5,000") for r in rel.reasons)
    assert rel.confidence >= 0.5


def test_same_sentence_agrees(relater: FeatureRelater) -> None:
    s = "Macron suggested sending Western instructors to Ukraine to train troops."
    rel = relate_one(relater, pair(s, s, 1.0))
    assert rel.label == "agree"
    assert rel.evidence == ()
    assert rel.fuller is None
    assert rel.a == ("A", 1)
    assert rel.b == ("B", 1)


def test_extra_clause_is_partial_with_fuller_side(relater: FeatureRelater) -> None:
    short = "Macron suggested sending Western instructors to Ukraine."
    long = (
        short[:-1]
        + ", according to two people familiar with a recent phone call between the leaders."
    )
    for a, b, fuller in ((short, long, "B"), (long, short, "A")):
        rel = relate_one(relater, pair(a, b, 0.9))
        assert rel.label == "partial", rel
        assert rel.fuller == fuller
        extra = [e for e in rel.evidence if e.kind == "extra"]
        assert extra
        assert extra[0].article_id == fuller
        assert "phone call" in extra[0].text


def test_negation_on_one_side_is_conflict(relater: FeatureRelater) -> None:
    rel = relate_one(
        relater,
        pair(
            "Paris has officially confirmed the plans.",
            "Paris has not officially confirmed the plans.",
            0.95,
        ),
    )
    assert rel.label == "conflict"
    assert [e.text for e in rel.evidence if e.kind == "negation"] == ["not"]


def test_hedge_on_one_side_is_weaker_not_conflict(relater: FeatureRelater) -> None:
    # Issue 10: "reportedly" vs stated is the same claim with less certainty, not a conflict.
    a = "US President Joe Biden has reportedly blocked a proposal by Emmanuel Macron."
    b = "US President Joe Biden has blocked a proposal by Emmanuel Macron."
    rel = relate_one(relater, pair(a, b, 0.96))
    assert rel.label == "stronger"  # B (no hedge) relative to A
    assert rel.stronger == "B"
    assert [(e.kind, e.text) for e in rel.evidence] == [("hedge", "reportedly")]
    assert rel.reasons[0] == "certainty differs: 'reportedly' only in A"
    flipped = relate_one(relater, pair(b, a, 0.96))
    assert flipped.label == "weaker"
    assert flipped.stronger == "A"


def test_cross_language_same_number_is_no_number_conflict(relater: FeatureRelater) -> None:
    p = pair(
        "French instructors had already trained some 10,000 Ukrainian troops.",
        "Французские инструкторы уже обучили около 10 тысяч украинских военных.",
        0.88,
        lang_b="ru",
    )
    rel = relate_one(relater, p)
    assert not any(e.kind == "number" for e in rel.evidence)
    assert not any("number" in r for r in rel.reasons)
    assert rel.label != "conflict"
    feats = extract(p)
    assert feats.cross_language
    assert feats.coverage is None
    assert dict(zip(FEATURE_NAMES, feats.vector, strict=True))["number_shared"] == 1.0


def test_cross_language_different_number_is_conflict(relater: FeatureRelater) -> None:
    p = pair(
        "French instructors had already trained some 10,000 Ukrainian troops.",
        "Французские инструкторы уже обучили около 5 тысяч украинских военных.",
        0.88,
        lang_b="ru",
    )
    rel = relate_one(relater, p)
    assert rel.label == "conflict"
    assert {e.text for e in rel.evidence if e.kind == "number"} == {"10,000", "5 тысяч"}


def test_batch_keeps_order_and_empty_batch(relater: FeatureRelater) -> None:
    same = pair("Biden met Macron.", "Biden met Macron.", 1.0)
    diff = pair("Biden met Macron on Friday.", "Biden met Macron on Monday.", 0.95)
    rels = relater.relate([same, diff, same])
    assert [r.label for r in rels] == ["agree", "conflict", "agree"]
    assert relater.relate([]) == []


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            (
                *("Biden", "Байден", "did", "not", "не", "support", "blocked", "reportedly"),
                *("якобы", "10,000", "5", "тысяч", "May", "мая", "Friday", "troops", "військ"),
                *("the", "a,", "of.", "35-year", "two"),
            )
        ),
        min_size=1,
        max_size=14,
    ),
    other=st.lists(
        st.sampled_from(
            ("Macron", "Biden", "supported", "blocked", "10 000", "10,000", "мая", "June", "no")
        ),
        max_size=10,
    ),
    sim=st.floats(0.0, 1.0),
)
def test_evidence_offsets_always_point_at_the_article(
    relater: FeatureRelater, words: list[str], other: list[str], sim: float
) -> None:
    p = pair(" ".join(words), " ".join(words + other), sim, lang_b="ru" if "мая" in other else "en")
    for rel in relater.relate([p]):
        assert rel.label in {"agree", "partial", "stronger", "weaker", "conflict"}
        assert 0.0 <= rel.confidence <= 1.0
        # the stronger side is named exactly when the label is a difference in force
        assert (rel.stronger is not None) == (rel.label in ("stronger", "weaker"))
        if rel.stronger is not None:
            assert rel.stronger == (rel.b if rel.label == "stronger" else rel.a)[0]
    assert_offsets(p, relater.relate([p]))
    assert_offsets(
        p, relater.relate([Pair(a=p.b, b=p.a, lang_a="en", lang_b="en", similarity=sim)])
    )


# --- features -------------------------------------------------------------------------------


def test_numbers_by_value_across_notations() -> None:
    text = "some 10,000 troops, 10 000 солдат, 2,5 млрд, 3.5 million, two, 35-year, пʼять тисяч"
    found = [(n.value, n.text) for n in numbers(text)]
    assert found == [
        (10_000.0, "10,000"),
        (10_000.0, "10 000"),
        (2.5e9, "2,5 млрд"),
        (3.5e6, "3.5 million"),
        (2.0, "two"),
        (35.0, "35"),
        (5_000.0, "пʼять тисяч"),
    ]
    for n in numbers(text):
        assert text[n.start : n.end] == n.text


def test_numbers_as_written_in_real_reports() -> None:
    # Issue 10, round four: each was a wrong "number only in ..." on real articles.
    text = (
        "$4,272.78 on a cruise, 1 234,5 тонн, 2 1/2 years or 2-1/2 years, just after "
        "6: 00 p.m. or 6 p.m., the 1950-53 war, Seventeen killed, сімнадцять, семнадцать"
    )
    found = [(n.value, n.text) for n in numbers(text)]
    assert found == [
        (4272.78, "4,272.78"),
        (1234.5, "1 234,5"),
        (2.5, "2 1/2"),
        (2.5, "2-1/2"),
        (1950.0, "1950"),
        (17.0, "Seventeen"),
        (17.0, "сімнадцять"),
        (17.0, "семнадцать"),
    ]
    assert not numbers("a message at 1100 hours, at 0600 GMT")  # clock readings
    # "number differs: 24 vs 12.01" beside "effective from midnight (12.01 am tonight)"
    assert not numbers("effective from midnight (12.01 am tonight)")
    assert [n.value for n in numbers("up 12.01 a year")] == [12.01]
    assert [n.value for n in numbers("1000 hours of community service")] == [1000.0]


@pytest.mark.parametrize(
    ("a", "b", "langs"),
    [
        (
            "Экзамен прошел 7, 8, 14 и 21 декабря 2019 года в разных центрах.",
            "Экзамен прошел 7 декабря, 8 декабря, 14 декабря и 21 декабря 2019 года.",
            "ru ru",
        ),
        (
            "Іспит відбувся 7, 8 та 21 грудня 2019 року в різних центрах.",
            "Іспит відбувся 7 грудня, 8 грудня і 21 грудня 2019 року.",
            "uk uk",
        ),
        (
            "The exam was held on 7, 8 and 21 December 2019 in several centres.",
            "The exam was held on 7 December, 8 December and 21 December 2019.",
            "en en",
        ),
    ],
)
def test_days_listed_before_a_month_are_no_figures(a: str, b: str, langs: str) -> None:
    feats = extract(pair_dated(a, b, 0.95, "2019-12-30", "2019-12-30", langs))
    assert not [f for f in feats.findings if f.kind == "number"], feats.findings


def test_a_spelled_count_is_no_name_and_fits_a_lower_bound() -> None:
    a = "At least 7 dead in clashes in the port city"
    b = "Seventeen killed in clashes near the port city"
    feats = extract(pair(a, b, 0.9))
    assert not [f for f in feats.findings if f.kind in ("number", "entity")], feats.findings


def test_changes_of_two_quantities_are_no_number_conflict(relater: FeatureRelater) -> None:
    # Issue 10, round four: two weekly changes of two series, not one figure told twice.
    a = (
        "The four-week moving average was 534,000, a decrease of 28,250 from the "
        "previous week's revised average."
    )
    b = (
        "Continuing claims, which get reported with a week's delay, fell to 3,655,000, "
        "a decrease of 45,000 from the previous week's revised level."
    )
    assert relate_one(relater, pair(a, b, 0.9)).label != "conflict"
    # a change of one counted thing is a slot: en and ru
    for a, b, lang in (
        (
            "The Pentagon announced an increase of 5,000 troops in the region.",
            "The Pentagon announced an increase of 3,000 troops in the region.",
            "en",
        ),
        (
            "Безработица выросла: рост 12 000 человек за неделю.",
            "Безработица выросла: рост 15 000 человек за неделю.",
            "ru",
        ),
    ):
        assert relate_one(relater, pair(a, b, 0.95, lang, lang)).label == "conflict"


def test_a_weekday_or_month_with_a_possessive_is_no_name() -> None:
    a = "Separate from Wednesday's document release, the CIA conducted a review."
    b = "The CIA conducted a review of the talking points."
    feats = extract(pair(a, b, 0.9))
    assert not [f for f in feats.findings if f.kind == "entity"], feats.findings


def test_a_fraction_is_one_figure(relater: FeatureRelater) -> None:
    a = "He was sentenced to 2 1/2 years, with 9 months to serve."
    assert relate_one(relater, pair(a, a.replace("2 1/2", "2-1/2"), 0.99)).label == "agree"
    rel = relate_one(relater, pair(a, a.replace("2 1/2", "2"), 0.95))
    assert rel.reasons[0] == "number differs: 2 1/2 vs 2"


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Biden", "Байден"),
        ("Biden", "Байдена"),
        ("Macron", "Макрону"),
        ("Zelensky", "Зеленський"),
        ("Kyiv", "Киев"),
        ("Kyiv", "Київ"),
        ("Stoltenberg", "Столтенберг"),
        ("NATO", "НАТО"),
        ("Washington", "Вашингтон"),
        ("France", "Франция"),
        ("Honcharenko", "Гончаренко"),
    ],
)
def test_names_match_across_scripts(latin: str, cyrillic: str) -> None:
    assert names_match(latin, cyrillic)


@pytest.mark.parametrize(
    ("x", "y"), [("Biden", "Макрон"), ("Macron", "Scholz"), ("Kyiv", "Москва")]
)
def test_different_names_do_not_match(x: str, y: str) -> None:
    assert not names_match(x, y)
    assert sound_key(x)[:3] != sound_key(y)[:3]


def test_month_may_is_no_hedge_and_matches_across_languages() -> None:
    p = pair(
        "Biden did not back the idea in May.", "Байден не поддержал идею в мае.", 0.85, lang_b="ru"
    )
    kinds = {f.kind for f in extract(p).findings}
    assert "hedge" not in kinds
    assert "date" not in kinds
    assert "negation" not in kinds  # both sides negate


def test_different_actor_is_reported() -> None:
    feats = extract(pair("Biden met Macron in Paris.", "Biden met Scholz in Paris.", 0.93))
    names = [f for f in feats.findings if f.kind == "entity"]
    assert [f.suggests for f in names] == ["conflict", "conflict"]
    assert {e.text for f in names for e in f.evidence} == {"Macron", "Scholz"}


def test_vector_is_finite_within_one_language() -> None:
    feats = extract(pair("A man is playing a guitar.", "A woman is playing a guitar.", 0.9))
    assert len(feats.vector) == len(FEATURE_NAMES)
    assert all(v == v for v in feats.vector)  # no NaN when word overlap is defined
    assert any(f.kind == "antonym" for f in feats.findings)


# --- registry and model file ----------------------------------------------------------------


def test_registry_loads_features_and_rejects_unknown() -> None:
    rel = load_relater("features")
    assert isinstance(rel, FeatureRelater)
    assert isinstance(rel, Relater)
    assert rel.name == "features"
    with pytest.raises(StorydiffError, match="unknown relater"):
        load_relater("no-such-relater")


def test_shipped_model_file_is_small_and_matches_features() -> None:
    path = default_model_path()
    assert path.stat().st_size < 50_000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert tuple(data["feature_names"]) == FEATURE_NAMES
    model = load_model()
    assert model.weights.shape == (3, len(FEATURE_NAMES))
    assert 0.0 < model.rule_confidence <= 1.0


def test_model_path_argument(tmp_path: Path) -> None:
    data = json.loads(default_model_path().read_text(encoding="utf-8"))
    data["feature_names"] = ["something", "else"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(StorydiffError, match="retrain"):
        FeatureRelater(str(bad))


# --- NLI backend ----------------------------------------------------------------------------


def probs(ent: float, neu: float, con: float) -> dict[str, float]:
    return {"entailment": ent, "neutral": neu, "contradiction": con}


def test_map_nli_labels() -> None:
    assert map_nli(probs(0.9, 0.05, 0.05), probs(0.8, 0.1, 0.1)) == ("agree", 0.8, None)
    assert map_nli(probs(0.9, 0.05, 0.05), probs(0.1, 0.8, 0.1)) == ("partial", 0.9, "a")
    assert map_nli(probs(0.1, 0.8, 0.1), probs(0.7, 0.2, 0.1)) == ("partial", 0.7, "b")
    assert map_nli(probs(0.1, 0.2, 0.7), probs(0.6, 0.3, 0.1)) == ("conflict", 0.7, None)
    assert map_nli(probs(0.2, 0.7, 0.1), probs(0.2, 0.6, 0.2)) == ("partial", 0.6, None)


class FakeScorer:
    """Entailment when the hypothesis' words are all in the premise, else neutral."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(
        self, premises: Sequence[str], hypotheses: Sequence[str]
    ) -> list[dict[str, float]]:
        out = []
        for p, h in zip(premises, hypotheses, strict=True):
            self.calls.append((p, h))
            inside = set(h.lower().strip(".").split()) <= set(p.lower().strip(".").split())
            out.append(probs(0.9, 0.08, 0.02) if inside else probs(0.1, 0.85, 0.05))
        return out


def test_nli_relater_with_fake_model() -> None:
    fake = FakeScorer()
    rel = NLIRelater(scorer=fake)
    short = "Biden met Macron in Paris."
    long = "Biden met Macron in Paris on Friday."
    numbers_differ = pair(
        "Attal said 10,000 troops were trained.", "Attal said 5,000 troops were trained.", 0.95
    )
    pairs = [
        pair(short, short, 1.0),
        pair(long, short, 0.9),
        pair(short, long, 0.9),
        numbers_differ,
    ]
    out = rel.relate(pairs)
    assert [r.label for r in out] == ["agree", "partial", "partial", "conflict"]
    assert [r.fuller for r in out] == [None, "A", "B", None]
    assert len(fake.calls) == 2 * len(pairs)  # both directions, one batch
    assert fake.calls[1] == (long, short)
    assert fake.calls[len(pairs) + 1] == (short, long)
    for p, r in zip(pairs, out, strict=True):
        assert_offsets(p, [r])
    assert rel.relate([]) == []


@pytest.mark.hub
@pytest.mark.skipif(
    os.environ.get("HF_HUB_OFFLINE") == "1" or importlib.util.find_spec("transformers") is None,
    reason="needs transformers and the Hugging Face hub",
)
def test_nli_relater_real_model() -> None:
    rel = load_relater("nli")
    out = rel.relate(
        [
            pair("Biden met Macron in Paris.", "Biden met Macron in Paris.", 1.0),
            pair("Biden supported the idea.", "Biden did not support the idea.", 0.9),
        ]
    )
    assert [r.label for r in out] == ["agree", "conflict"]


# --- evaluation on the development data -----------------------------------------------------


@pytest.mark.data
@pytest.mark.slow
def test_relation_figures_stay_above_floors(tmp_path: Path) -> None:
    from storydiff.evaluate.relations import evaluate_relations, markdown_table

    data = Path(
        os.environ.get("STORYDIFF_DATA", str(Path(__file__).parents[2] / "shared" / "data"))
    )
    results = evaluate_relations(data, cache=tmp_path / "emb.sqlite", limit=100)
    sick, msrp = results["SICK"], results["MSRP"]
    # Floors a little under what the shipped model measured on these 100 pairs each
    # (SICK 0.84; MSRP 0.75 with rules, 0.79 model only); never lower them silently.
    assert float(sick["accuracy"]) >= 0.78  # type: ignore[arg-type]
    assert float(sick["accuracy"]) > float(sick["majority_accuracy"]) + 0.15  # type: ignore[arg-type]
    assert float(msrp["model_only_accuracy"]) >= 0.73  # type: ignore[arg-type]
    assert "| SICK | 3-way NLI | 100 |" in markdown_table(results)


# --- issue 10: a taxonomy a reader takes correctly, reasons that are true -------------------


def pair_dated(
    a: str, b: str, sim: float, date_a: str | None, date_b: str | None, langs: str = "en en"
) -> Pair:
    lang_a, lang_b = langs.split()
    return Pair(
        a=sentence("A", a),
        b=sentence("B", b),
        lang_a=lang_a,
        lang_b=lang_b,
        similarity=sim,
        date_a=date_a,
        date_b=date_b,
    )


def test_did_not_support_vs_reportedly_blocked_is_stronger_not_negation(
    relater: FeatureRelater,
) -> None:
    # The seed pair's finding: both say Biden rejected the idea, one more strongly.
    rel = relate_one(
        relater,
        pair(
            "Biden did not support the idea.",
            "US President Joe Biden has reportedly blocked a proposal by his French "
            "counterpart Emmanuel Macron, according to Politico.",
            0.86,
        ),
    )
    assert rel.label == "stronger"
    assert rel.stronger == "B"
    assert not any("negation" in r for r in rel.reasons)
    assert rel.reasons[0] == (
        "same decision (against), B says it more strongly: 'blocked' (B) vs 'did not support' (A)"
    )
    assert "certainty differs: 'reportedly' only in B" in rel.reasons


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Biden did not support the plan.", "Biden rejected the plan."),
        ("Байден не підтримав цю ідею.", "Байден відхилив цю ідею."),
        ("Байден не поддержал эту идею.", "Байден отверг эту идею."),
        ("Байден не поддержал эту идею.", "Байден отклонил эту идею."),
        ("The court did not accept the appeal.", "The court overruled the appeal."),
    ],
)
def test_lexical_negatives_are_no_one_sided_negation(
    relater: FeatureRelater, a: str, b: str
) -> None:
    feats = extract(pair(a, b, 0.93))
    assert not [f for f in feats.findings if f.kind == "negation"]
    rel = relate_one(relater, pair(a, b, 0.93))
    assert rel.label != "conflict", rel


def test_plain_negation_is_still_a_conflict(relater: FeatureRelater) -> None:
    rel = relate_one(
        relater, pair("Biden supported the plan.", "Biden did not support the plan.", 0.95)
    )
    assert rel.label == "conflict"


def test_relative_years_resolved_against_publication_date(relater: FeatureRelater) -> None:
    a, b = "He was first elected 27 years ago.", "He was first elected in 1993."
    rel = relate_one(relater, pair_dated(a, b, 0.93, "2020-06-05", "2020-06-04"))
    assert rel.label != "conflict"
    assert not any(e.kind in ("number", "date") for e in rel.evidence)
    # in an article of 2024, 27 years ago is about 1997: a real difference of date
    feats = extract(pair_dated(a, b, 0.93, "2024-06-05", "2024-06-04"))
    (finding,) = [f for f in feats.findings if f.kind == "date"]
    assert finding.suggests == "conflict"
    assert finding.reason == "date differs: 27 years ago (= about 1997) vs 1993"


def test_relative_date_without_publication_date_is_no_finding() -> None:
    a, b = "He was first elected 27 years ago.", "He was first elected in 1993."
    feats = extract(pair(a, b, 0.9))
    assert not [f for f in feats.findings if f.kind in ("number", "date")]


def test_relative_day_in_ukrainian_and_russian() -> None:
    feats = extract(
        pair_dated(
            "Вибух стався вчора в Києві.",
            "Взрыв произошел 29 марта в Киеве.",
            0.9,
            "2024-03-30",
            None,
            langs="uk ru",
        )
    )
    assert not [f for f in feats.findings if f.kind in ("number", "date", "entity")]


def test_two_explicit_event_dates_conflict(relater: FeatureRelater) -> None:
    rel = relate_one(
        relater,
        pair(
            "The strike on the depot happened on 23 July 2023, officials said.",
            "The strike on the depot happened on 31 January 2025, officials said.",
            0.9,
        ),
    )
    assert rel.label == "conflict"
    assert rel.reasons[0] == "date differs: 23 July 2023 vs 31 January 2025"
    assert not any(r.startswith("number") for r in rel.reasons)


def test_weekday_is_checked_against_the_date(relater: FeatureRelater) -> None:
    fits = extract(pair("The summit opened on Friday.", "The summit opened on 29 March 2024.", 0.9))
    assert not [f for f in fits.findings if f.kind == "date"]  # 29 March 2024 was a Friday
    rel = relate_one(
        relater, pair("The summit opened on Thursday.", "The summit opened on 29 March 2024.", 0.9)
    )
    assert rel.label == "conflict"
    assert rel.reasons[0] == (
        "weekday does not fit the date: 'Thursday' vs '29 March 2024' (29 March 2024 is a Friday)"
    )


@pytest.mark.parametrize(
    ("a", "b", "lang_b"),
    [
        ("Zelensky met Macron in Kyiv.", "Zelenskyy met Macron in Kiev.", "en"),
        ("Zelensky met Macron in Kyiv.", "Зеленський зустрівся з Макроном у Києві.", "uk"),
        ("Zelensky met Macron in Kyiv.", "Зеленский встретился с Макроном в Киеве.", "ru"),
    ],
)
def test_translated_and_transliterated_names_are_one_name(a: str, b: str, lang_b: str) -> None:
    feats = extract(pair(a, b, 0.95, lang_b=lang_b))
    assert not [f for f in feats.findings if f.kind == "entity"], feats.findings


def test_names_that_sound_alike_but_start_differently_differ() -> None:
    assert not names_match("Biden", "Putin")
    assert not names_match("Байден", "Путин")
    assert names_match("Kiev", "Kyiv")
    assert names_match("Honcharenko", "Goncharenko")


def test_claimed_vs_said_is_weaker(relater: FeatureRelater) -> None:
    rel = relate_one(
        relater,
        pair(
            "The ministry said the convoy had left the city.",
            "The ministry claimed the convoy had left the city.",
            0.97,
        ),
    )
    assert rel.label == "weaker"
    assert rel.stronger == "A"
    assert rel.reasons == ("certainty differs: 'claimed' only in B",)


@pytest.mark.data
def test_split_test_scores_every_test_row_of_a_held_back_folder(tmp_path: Path) -> None:
    """``--split test`` on a folder of the same layout scores all its test rows (and rows
    without a split field), whatever our own hash split would say."""
    from storydiff.evaluate.relations import evaluate_relations

    data = Path(
        os.environ.get("STORYDIFF_DATA", str(Path(__file__).parents[2] / "shared" / "data"))
    )
    if not (data / "claimdiff" / "pairs.jsonl").exists():
        pytest.skip("evaluation data not found")

    def rows(path: Path) -> list[dict[str, object]]:
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh]

    nli = [r for r in rows(data / "nli_sick_msrp" / "pairs.jsonl") if r["dataset"] == "MSRP"]
    msrp = [{**r, "split": "test"} for r in nli[:5]] + [dict(nli[5])]  # one stays "train"
    claims = rows(data / "claimdiff" / "pairs.jsonl")[:4]
    claims = [{**claims[0], "split": "test"}, {**claims[1], "split": "test"}] + [
        {k: v for k, v in r.items() if k != "split"} for r in claims[2:]
    ]
    for folder, items in (("nli_sick_msrp", msrp), ("claimdiff", claims)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "pairs.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in items), encoding="utf-8"
        )
    results = evaluate_relations(tmp_path, split="test", cache=tmp_path / "emb.sqlite")
    assert results["MSRP"]["n"] == 5
    assert results["ClaimDiff"]["n"] == 4
    assert set(results["SICK"]) == {"skipped"}  # no SICK rows here: said, not scored
    assert set(results["ClaimDiff"]) >= {"weaker_f1", "stronger_f1", "majority_f1"}


@pytest.mark.parametrize(
    ("text", "years", "day"),
    [
        ("Він переміг у минулому році.", (2019, 2019), None),
        ("Он победил в прошлом году.", (2019, 2019), None),
        ("He won last year.", (2019, 2019), None),
        ("He won three years ago.", (2016, 2018), None),
        ("Він переміг 27 років тому.", (1992, 1994), None),
        ("Вчера он победил.", (2020, 2020), 4),
        ("It happened on 23 July 2023.", (2023, 2023), 23),
        ("Це сталося 23 липня 2023 року.", (2023, 2023), 23),
    ],
)
def test_dates_are_read_and_resolved(text: str, years: tuple[int, int], day: int | None) -> None:
    import datetime as dt

    from storydiff.relate.dates import find_dates

    (m,) = find_dates(text, dt.date(2020, 6, 5))
    assert m.years == years
    assert m.day == day
    assert text[m.start : m.end] == m.text


def test_may_the_verb_is_no_date() -> None:
    from storydiff.relate.dates import find_dates

    assert find_dates("Prices may rise, officials said.", None) == []


def test_weekday_checked_against_a_date_without_year_in_a_dated_article() -> None:
    # 29 March, in an article of 30 March 2024, is 29 March 2024: a Friday.
    fits = extract(
        pair_dated("Talks began on Friday.", "Talks began on 29 March.", 0.9, None, "2024-03-30")
    )
    assert not [f for f in fits.findings if f.kind == "date"]
    misfit = extract(
        pair_dated("Talks began on Monday.", "Talks began on 29 March.", 0.9, None, "2024-03-30")
    )
    (finding,) = [f for f in misfit.findings if f.kind == "date"]
    assert finding.suggests == "conflict"
    assert "(29 March is a Friday)" in finding.reason
    # undated, the weekday cannot be checked: neither a conflict nor "only in"
    undated = extract(pair("Talks began on Monday.", "Talks began on 29 March.", 0.9))
    assert not [f for f in undated.findings if f.kind == "date"]


def test_different_day_of_one_month_across_languages_is_a_conflict(
    relater: FeatureRelater,
) -> None:
    rel = relate_one(
        relater,
        pair(
            "Зеленський прибув до Києва 28 березня.",
            "Зеленский прибыл в Киев 29 марта.",
            0.93,
            lang_a="uk",
            lang_b="ru",
        ),
    )
    assert rel.label == "conflict"
    assert rel.reasons[0] == "date differs: 28 березня vs 29 марта"


def test_a_four_digit_count_is_no_year() -> None:
    from storydiff.relate.dates import find_dates

    assert find_dates("More than 2000 people were evacuated.", None) == []
    assert [d.text for d in find_dates("He was elected in 1993.", None)] == ["1993"]
    assert [d.text for d in find_dates("Його обрали 1993 року.", None)] == ["1993"]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("The payroll tax was cut in 2011 and 2012.", ["2011", "2012"]),
        ("The payroll tax was cut in 2010, 2011 and 2012.", ["2010", "2011", "2012"]),
        ("Податок знизили у 2011 та 2012 роках.", ["2011", "2012"]),
        ("Налог снизили в 2011 и 2012 годах.", ["2011", "2012"]),
    ],
)
def test_a_list_of_years_is_all_years(text: str, years: list[str]) -> None:
    # "in 2011 and 2012" gave "date only in: 2011" beside "number only in: 2012".
    from storydiff.relate.dates import find_dates

    assert [d.text for d in find_dates(text, None)] == years
    short = text.split(" in ")[0].split(" у ")[0].split(" в ")[0] + "."
    findings = extract(pair(text, short, 0.9)).findings
    assert "number" not in {f.kind for f in findings}
    (date,) = [f for f in findings if f.kind == "date"]
    assert date.reason.endswith(", ".join(years))


def test_a_year_dated_on_one_side_and_a_figure_on_the_other_is_one_year() -> None:
    # "in 2010" / "the 2010 congressional elections" gave "date only in B: 2010" beside
    # "number only in A: 2010".
    found = extract(
        pair(
            "Republicans raided Medicare in the 2010 congressional elections.",
            "Republicans won the House in 2010 by saying Democrats raided Medicare.",
            0.9,
        )
    )
    assert not [f.reason for f in found.findings if f.kind in ("date", "number")]


def test_an_ordinal_ending_is_no_extra_word() -> None:
    # "86th" gave "only in A: 'th'".
    found = extract(
        pair("Ellen DeGeneres will host the 86th Oscars.", "DeGeneres will host the Oscars.", 0.9)
    )
    assert not [r for f in found.findings for r in [f.reason] if "'th" in r]


def test_a_time_of_day_is_not_two_numbers() -> None:
    # "at 12:01 a.m." gave "number only in A: 12, 01".
    found = extract(
        pair(
            "The exemptions expire at 12:01 a.m. on Tuesday.",
            "The exemptions expire on Tuesday.",
            0.9,
        )
    )
    assert not [f for f in found.findings if f.kind == "number"]


# --- names, quantities and partials a reader can check (issue 10) ---------------------------


def _names(text: str) -> list[str]:
    from storydiff.relate.tokens import entities, join_initials, tokenize

    return [t.text for t in entities(join_initials(tokenize(text), text))]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Democratic Sen. Tom Cotton spoke.", ["Tom", "Cotton"]),
        ("The U.S. and the U.N. agreed.", ["U.S.", "U.N."]),
        ("Meanwhile, the death toll rose.", []),
        ("Heavy rain hit Kyiv.", ["Kyiv"]),
        ("Russian Foreign Minister Sergei Lavrov said so.", ["Sergei", "Lavrov"]),
        ("The Atlantic Council hosted Eric.", ["Atlantic", "Council", "Eric"]),
        ("NATO met in Brussels.", ["NATO", "Brussels"]),
        ("Joe Biden met Macron.", ["Joe", "Biden", "Macron"]),
        # a connective opening the sentence is no name, though one follows it
        ("Although Russia denies it, troops crossed.", ["Russia"]),
        ("Meanwhile Kyiv said no.", ["Kyiv"]),
    ],
)
def test_names_are_names(text: str, names: list[str]) -> None:
    """No titles, adjectives of place or party, sentence-opening common words, and no
    "U" and "S" for "U.S."."""
    assert _names(text) == names


def test_name_only_in_names_a_whole_name() -> None:
    feats = extract(
        pair(
            "The river was expected to crest at 36 feet, Burke said.",
            "The river was expected to crest at 36 feet, the National Weather Service said.",
            0.9,
        )
    )
    reasons = [f.reason for f in feats.findings if f.kind == "entity"]
    assert "name only in B: National Weather Service" in reasons
    assert not any("Democratic" in r or ", Sen" in r for r in reasons)


@pytest.mark.parametrize(
    ("a", "b", "lang", "shown"),
    [
        (
            "Interlocutors of journalists say that the American president voiced concern.",
            "Biden, the president, voiced concern.",
            "en",
            "only in A: 'Interlocutors of journalists'",
        ),
        (
            "Summers thinks the deal will pass, though it drew withering criticism from "
            "liberal Democrats.",
            "Summers thinks the deal will pass with Democrats.",
            "en",
            "only in A: 'though it drew withering criticism'",
        ),
        (
            "Напомним, что вчера утром главный тренер сборной подал в отставку.",
            "Тренер сборной подал в отставку.",
            "ru",
            "only in A: 'Напомним, что вчера утром'",
        ),
    ],
)
def test_an_extra_run_ends_before_a_qualifier_of_a_shared_noun(
    a: str, b: str, lang: str, shown: str
) -> None:
    # "only in A: '... say that the American'" cut "the American president" in two: the
    # president is in both versions, so the words that qualify him go with him
    feats = extract(pair(a, b, 0.9, lang, lang))
    assert shown in [f.reason for f in feats.findings]


@pytest.mark.parametrize(
    ("a", "b", "lang", "shown"),
    [
        (
            "The storm destroyed homes in three towns and cut power lines for days, officials "
            "said.",
            "The storm destroyed a home in one town, officials said.",
            "en",
            "only in A: 'cut power lines for days'",
        ),
        (
            "Прокурор сообщил, что суд отменил штрафы жителям села.",
            "Прокурор сообщил о решении суда.",
            "ru",
            "only in A: 'отменил штрафы жителям села'",
        ),
        (
            "Мер повідомив, що протягом року місто відбудувало двадцять шкіл і лікарню.",
            "Мер повідомив про цей рік.",
            "uk",
            "only in A: 'місто відбудувало двадцять шкіл і лікарню'",
        ),
    ],
)
def test_only_in_never_names_a_word_the_other_version_says_in_another_form(
    a: str, b: str, lang: str, shown: str
) -> None:
    # Issue 10, session 11: the 5-letter key keeps a short word's forms apart ("homes" /
    # "home", "towns" / "town", "суд" / "суда", "року" / "рік"), so "only in A" quoted
    # words the other version says in the singular or in another case
    feats = extract(pair(a, b, 0.9, lang, lang))
    assert [f.reason for f in feats.findings if f.kind == "extra"] == [shown]


@pytest.mark.parametrize(
    ("a", "b", "reasons"),
    [
        (
            "Senators released the e-mails and asked the agency to explain the changes.",
            "Senators released the emails.",
            ["only in A: 'asked the agency to explain the changes'"],
        ),
        (
            "Officials said the United States would impose the tariffs on steel.",
            "Officials said the U.S. would impose the tariffs.",
            ["only in A: 'steel'"],
        ),
        (
            "Officials said the US would impose the tariffs on steel.",
            "Officials said the United States would impose the tariffs.",
            ["only in A: 'steel'"],
        ),
        (
            "Japan may rejoin the Trans-Pacific Partnership, officials said.",
            "Japan may rejoin the TPP, officials said.",
            [],
        ),
    ],
)
def test_only_in_never_names_a_compound_or_a_name_the_other_version_abbreviates(
    a: str, b: str, reasons: list[str]
) -> None:
    # Issue 10, session 11: "only in A: 'mails and asked ...'" beside "emails"; "name only
    # in A: United States" beside "name only in B: U.S."
    assert [f.reason for f in extract(pair(a, b, 0.9)).findings] == reasons


def test_a_name_written_twice_is_named_once() -> None:
    # "name only in ...: Poland, Poland" read as two names
    feats = extract(
        pair(
            "We will need more places, the minister said.",
            "We will need more places in Poland, as Poland has more cases, the minister said.",
            0.9,
        )
    )
    reasons = [f.reason for f in feats.findings if f.kind == "entity"]
    assert reasons == ["name only in B: Poland"]


@pytest.mark.parametrize("possessive", ["’s", "'s"])
def test_a_name_is_shown_without_its_possessive(possessive: str) -> None:
    # "name only in B: Kiev’s": the outlet names Kiev, the "’s" is grammar
    feats = extract(
        pair(
            "Western instructors would train the troops.",
            f"Western instructors would train Kiev{possessive} troops.",
            0.9,
        )
    )
    entity = [f for f in feats.findings if f.kind == "entity"]
    assert [f.reason for f in entity] == ["name only in B: Kiev"]
    assert [e.end - e.start for e in entity[0].evidence] == [len("Kiev")]


def test_us_matches_us_written_without_dots() -> None:
    feats = extract(pair("The U.S. sent aid to Kyiv.", "The US sent aid to Kyiv.", 0.97))
    assert not [f for f in feats.findings if f.kind == "entity"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The town is about 90 miles north of Baghdad.",
            "The town is 150 kilometres north of Baghdad.",
        ),
        ("The death toll approached 770 on Monday.", "The death toll was at least 767 on Monday."),
        ("Shares fell 13 cents on the exchange.", "Shares fell 1.5 percent on the exchange."),
        (
            "The properties were valued at 38-million euros.",
            "The properties were valued at 38 million euros.",
        ),
        (
            "At least 29 troops have been killed since May.",
            "Some three dozen troops have been killed since May.",
        ),
        (
            "Under a 2001 agreement, prosecutors dropped the case.",
            "Under the agreement with the two men, prosecutors dropped the case.",
        ),
        (
            "The 170,000-square-foot building houses law offices.",
            "The 15,800 square metre building houses law offices.",
        ),
        (
            "The three victims were taken to the hospital.",
            "The two other victims were taken to the hospital.",
        ),
        ("Three people were killed in the attack.", "Two more people were killed in the attack."),
        (
            "Three people were killed in the attack.",
            "Another two people were killed in the attack.",
        ),
        # two currencies, or a figure in a currency and one without: "30 million pounds"
        # is about $39 million
        (
            "The veteran raised 30 million pounds for health workers.",
            "The veteran raised more than $39 million for health workers.",
        ),
        (
            "The veteran raised 30 million for health workers.",
            "The veteran raised $39 million for health workers.",
        ),
    ],
)
def test_numbers_that_can_both_be_true_are_no_conflict(a: str, b: str) -> None:
    """Units are converted or told apart, bounds and estimates are ranges, a year is no
    count: "number differs" must be true of the text."""
    feats = extract(pair(a, b, 0.95))
    assert not [f for f in feats.findings if f.kind == "number" and f.suggests == "conflict"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The 170,000-square-foot building houses law offices.",
            "The 25,800 square metre building houses law offices.",
        ),
        ("Three people were killed in the attack.", "Two people were killed in the attack."),
        ("Two more people died on Monday.", "Five more people died on Monday."),
        (
            "The veteran raised 30 million pounds for health workers.",
            "The veteran raised 12 million pounds for health workers.",
        ),
    ],
)
def test_areas_and_parts_still_conflict(relater: FeatureRelater, a: str, b: str) -> None:
    assert relate_one(relater, pair(a, b, 0.95)).label == "conflict"


def test_a_bound_can_still_conflict(relater: FeatureRelater) -> None:
    rel = relate_one(
        relater,
        pair(
            "At least 770 people died in the outbreak.",
            "Some 643 people died in the outbreak.",
            0.95,
        ),
    )
    assert rel.label == "conflict"
    assert rel.reasons[0] == "number differs: 770 vs 643"


def test_negation_of_what_the_other_does_not_say_is_no_rule() -> None:
    """ "none seriously" negates nothing the other version says: no strong conflict; "not
    addressing" against "addressing" is one."""
    feats = extract(
        pair(
            "Two grenades were thrown at soldiers, wounding seven.",
            "Two grenades were thrown at soldiers, wounding seven, none seriously.",
            0.97,
        )
    )
    assert not [f for f in feats.findings if f.kind == "negation" and f.strong]
    feats = extract(
        pair(
            "The Pentagon singled out an officer for addressing the scandal.",
            "The Pentagon singled out an officer for not addressing the scandal.",
            0.97,
        )
    )
    assert [f for f in feats.findings if f.kind == "negation" and f.strong]


def test_failing_to_is_a_negative_like_not() -> None:
    feats = extract(
        pair(
            "The Pentagon singled out an officer for failing to address the scandal.",
            "The Pentagon singled out an officer for not addressing the scandal.",
            0.97,
        )
    )
    assert not [f for f in feats.findings if f.kind == "negation"]


def test_yet_to_is_a_negative_like_not_yet(relater: FeatureRelater) -> None:
    a = "The driver had yet to regain consciousness on Wednesday, police said."
    b = "The driver had not yet regained consciousness on Wednesday."
    assert not [f for f in extract(pair(a, b, 0.95)).findings if f.kind == "negation"]
    assert relate_one(relater, pair(a, b, 0.95)).label != "conflict"
    # "yet" alone is no negative: against "did not" it is still one-sided negation
    feats = extract(pair("The driver has yet again spoken.", "The driver has not spoken.", 0.9))
    assert [f for f in feats.findings if f.kind == "negation"]


@pytest.mark.parametrize(
    ("a", "lang_a"),
    [
        ("Ryan told Fox News on Tuesday that Medicare can be a winning issue.", "en"),
        ("Райан сказал Fox News во вторник, что Medicare может стать выигрышной темой.", "ru"),
    ],
)
def test_an_outlets_own_name_is_no_name_the_others_leave_out(a: str, lang_a: str) -> None:
    # "told Fox News" in Fox News: the other outlets cannot name it, and leaving it out
    # leaves nothing out.
    b = "Ryan said on Tuesday that Medicare can be a winning issue."
    base = pair(a, b, 0.92, lang_a, "en")
    own = extract(replace(base, label_a="Fox News (Online)", label_b="The New York Times"))
    assert not [f for f in own.findings if f.kind == "entity"]
    # in another outlet it is a name only that outlet gives
    other = extract(replace(base, label_a="CNN", label_b="The New York Times"))
    if lang_a == "en":
        assert "name only in CNN: Fox News" in [f.reason for f in other.findings]


def test_title_case_headline_words_are_no_names() -> None:
    # In a Title Case headline "Sends", "Gains" and "Looking" are capitalised like names.
    feats = extract(
        pair(
            "Mayor Sends Inspectors to Bridge, Gains in City Poll",
            "Mayor Signals He Has Inspectors Looking Into Bridge Issue",
            0.9,
        )
    )
    assert not [f for f in feats.findings if f.kind == "entity"]
    feats = extract(
        pair("Mayor Sends Inspectors in NBC Poll", "Mayor Sends Inspectors in CBS Poll", 0.9)
    )
    assert [f.reason for f in feats.findings if f.kind == "entity"] == [
        "name only in A: NBC",
        "name only in B: CBS",
    ]


def test_a_headline_run_into_the_text_has_no_names_but_acronyms() -> None:
    # Pasted text often runs the headline into the first sentence: "name only in A:
    # Experts Warn Rains Come Later, Usual, IMD Staff" named headline words.
    a = (
        "Experts Warn Rains Come Later Than Usual For IMD Staff The monsoon arrived in "
        "Kerala on June 8, the weather office said."
    )
    b = "The monsoon reached Kerala on June 8, the weather office said."
    reasons = [f.reason for f in extract(pair(a, b, 0.9)).findings if f.kind == "entity"]
    assert reasons == ["name only in A: IMD"]
    # a sentence that only starts with a name, or with a name that has "of", is no headline
    assert not title_case_lead(tokenize("Jane Roe said on Tuesday she would go."))
    assert not title_case_lead(tokenize("Bank of America Said It Would Go"))


@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        # a capital after a dash opens a clause: "Additional" is no name
        (
            "UPDATE 2:52 p.m. -- Additional records showed the campaign paid for a cruise.",
            "Records showed the campaign paid for a cruise.",
            "en",
        ),
        # a quote opened after a comma
        (
            'They are talking about an end to the war, "Subject to a deal," he said.',
            "They are talking about an end to the war, he said.",
            "en",
        ),
        # a dateline says where the report was filed: "WEST" was a name only in A
        (
            "WEST PALM BEACH, Fla. — The president sent his envoy to the talks.",
            "The president sent his envoy to the talks.",
            "en",
        ),
        # a Title Case headline run into the text, with a hyphenated word in lower case
        (
            "Is Taapsee Pannu's Thappad A Male-bashing Film? The drama opened on Friday.",
            "The drama opened on Friday.",
            "en",
        ),
        # an opening quote after a colon (uk), a dateline (uk), a dash (ru)
        (
            "Прем'єр сказав: «Реформи тривають», і парламент погодився.",
            "Прем'єр сказав, що зміни тривають, і парламент погодився.",
            "uk",
        ),
        ("КИЇВ, 5 березня – Уряд схвалив новий бюджет.", "Уряд схвалив новий бюджет.", "uk"),
        (
            "WASHINGTON, April 30 (Reuters)-The president named his secretary of State.",
            "The president named his secretary.",
            "en",
        ),
        (
            "Washington (AFP) – The president named his envoy.",
            "The president named his envoy.",
            "en",
        ),
        # a dateline the segmenter cut off as a sentence
        ("WEST PALM BEACH, Fla.", "The president is there.", "en"),
        (
            "Грузия долго воевала — Центры подготовки открыли в Тбилиси.",
            "Грузия долго воевала, в Тбилиси открыли учебные базы.",
            "ru",
        ),
    ],
)
def test_a_word_opening_a_clause_or_a_dateline_is_no_name_only_in_one(
    a: str, b: str, lang: str
) -> None:
    # Issue 10, round four: "name only in B: Additional", "Subject", "WEST", "Film",
    # "Центры" were capitalised words that are no names.
    feats = extract(pair(a, b, 0.9, lang, lang))
    assert [f.reason for f in feats.findings if f.kind == "entity"] == []


def test_a_word_of_a_name_the_other_version_gives_elsewhere_is_not_only_in_one() -> None:
    # "name only in B: Donald" of "President Donald Trump", where the other outlet's
    # version of the fact says "Mr. Trump" in another sentence
    p = replace(
        pair(
            "They are discussing an end to the war, he said.",
            "President Donald Trump says talks to end the war have his blessing.",
            0.85,
        ),
        context_a="Mr. Trump also gave his blessing to the talks.",
    )
    assert not [f for f in extract(p).findings if f.kind == "entity"]
    p = replace(p, b=sentence("B", "President Donald Trump's envoy says talks have his blessing."))
    assert not [f for f in extract(p).findings if f.kind == "entity"]
    # but a word there by chance does not take the rest of a name away: "Tea Party" is not
    # "our party", "Medicare Advantage" not the "Medicare" board, "India's" not "INS Mysore"
    for a, rest, only in (
        ("elected in the Tea Party wave", "We must grow our party.", "Tea"),
        ("waste in Medicare Advantage", "It creates a Medicare board.", "Advantage"),
        ("India's INS Mysore answered", "INS Mysore was on patrol.", "India"),
    ):
        p = replace(pair("Our ship answered the call.", a, 0.85), context_a=rest)
        reasons = [f.reason for f in extract(p).findings if f.kind == "entity"]
        assert reasons == [f"name only in B: {only}"]


@pytest.mark.parametrize(
    ("a", "b", "lang", "names"),
    [
        # an acronym, a name that goes on ("Mike Pompeo") and a name capitalised again later
        # are names wherever they stand
        (
            "The agency said: NATO will meet Mike Pompeo -- Kyiv wants it, and Kyiv waits.",
            "The agency said the alliance will meet the envoy, as the city wants.",
            "en",
            "NATO, Mike Pompeo, Kyiv",
        ),
        # a quote after a word opens a name, not a clause
        (
            'Суд отменил решение по делу "Роу против Уэйда" 1973 года.',
            "Суд отменил решение 1973 года.",
            "ru",
            "Роу, Уэйда",
        ),
        # nor does a sentence's end inside a unit make its first word no name
        (
            "This letter is nothing new.  Republicans have put their strategy in writing.",
            "This letter is nothing new: the strategy is now in writing.",
            "en",
            "Republicans",
        ),
        # a credit after a dash names a source
        (
            "Biden overruled Macron on Ukraine troop deployment – Politico",
            "Biden overruled Macron on the troops.",
            "en",
            "Ukraine, Politico",
        ),
    ],
)
def test_names_after_a_colon_a_dash_or_a_quote_stay_names(
    a: str, b: str, lang: str, names: str
) -> None:
    feats = extract(pair(a, b, 0.9, lang, lang))
    assert [f.reason for f in feats.findings if f.kind == "entity"] == [f"name only in A: {names}"]


def test_a_title_case_run_goes_on_over_a_possessive() -> None:
    text = "Tom Moore, U.K.'s 100-Year-Old Hero, Is Awarded Knighthood For Walks Capt. Tom Moore"
    assert title_case_lead(join_initials(tokenize(text), text), text) == 15


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Roe announced her decision on Tuesday.", "Jane Roe announced her decision on Tuesday."),
        ("Jane Roe dropped her plan on Tuesday.", "Jane Q. Roe dropped her plan on Tuesday."),
        ("The mayor said he knew I’d say that.", "The mayor said he knew that."),
        ("Mayor Pulling Out Of Race", "Mayor Won't Go Forward With Race"),
    ],
)
def test_part_of_a_name_both_give_is_no_name_only_in_one(a: str, b: str) -> None:
    # "Donald" of "Donald Trump" beside "Trump", a middle initial, "I’d" and a short Title
    # Case headline were each reported as a name only one outlet gives.
    assert not [f for f in extract(pair(a, b, 0.93)).findings if f.kind == "entity"]


def test_a_different_person_with_the_same_title_is_still_a_name() -> None:
    feats = extract(
        pair("President Jane Roe met the mayor.", "President Smith met the mayor.", 0.9)
    )
    assert [f.reason for f in feats.findings if f.kind == "entity"] == [
        "name only in A: Jane Roe",
        "name only in B: Smith",
    ]


def test_a_word_before_a_colon_is_no_name() -> None:
    feats = extract(
        pair("Report: Jane Roe met the mayor on Monday", "Jane Roe met the mayor on Monday.", 0.95)
    )
    assert not [f for f in feats.findings if f.kind == "entity"]


def test_a_date_that_names_another_event_is_no_date_conflict(relater: FeatureRelater) -> None:
    # "the June 19 election" dates the election; "pleaded Friday" dates the plea.
    a = "Members were pushing for a postponement of the June 19 election for majority leader."
    b = "Members in the House pleaded Friday for a delay in the voting."
    feats = extract(pair_dated(a, b, 0.93, "2014-06-13", "2014-06-14"))
    assert not [f for f in feats.findings if f.kind == "date" and f.suggests == "conflict"]
    # the same thing dated two ways still conflicts
    a, b = "The June 19 election was postponed.", "The June 20 election was postponed."
    rel = relate_one(relater, pair_dated(a, b, 0.93, "2014-06-13", "2014-06-14"))
    assert rel.reasons[0] == "date differs: June 19 vs June 20"


@pytest.mark.parametrize(
    ("a", "b", "langs"),
    [
        (
            "Mr. Smith said to the veterans gathered in Norwalk in March 2008 that he served.",
            "The Shelton Weekly reported on May 23, 2008, that Mr. Smith spoke about his service.",
            "en en",
        ),
        (
            "Мэр Смирнов выступил перед ветеранами в Норуолке в марте 2008 года.",
            "Газета сообщила 23 мая 2008 года, что мэр Смирнов выступил перед ветеранами.",
            "ru ru",
        ),
        (
            "Мер Смирнов виступив перед ветеранами в Норволку в березні 2008 року.",
            "Газета повідомила 23 травня 2008 року, що мер Смирнов виступив перед ветеранами.",
            "uk uk",
        ),
    ],
)
def test_the_date_of_a_report_is_no_date_of_the_event(
    relater: FeatureRelater, a: str, b: str, langs: str
) -> None:
    # Issue 10, round four: "reported on May 23" dates the report, "in March 2008" the
    # speech; two acts, two dates, both true.
    rel = relate_one(relater, pair_dated(a, b, 0.93, "2010-05-18", "2010-05-18", langs))
    assert rel.label != "conflict", rel.reasons
    assert not [r for r in rel.reasons if "date differs" in r]


def test_two_reports_dated_two_ways_still_conflict(relater: FeatureRelater) -> None:
    for a, b, langs in (
        (
            "The ministry said on Monday that the bridge reopened.",
            "The ministry said on Tuesday that the bridge reopened.",
            "en en",
        ),
        (
            "Министерство сообщило 23 мая, что мост открыт.",
            "Министерство сообщило 25 мая, что мост открыт.",
            "ru ru",
        ),
    ):
        rel = relate_one(relater, pair_dated(a, b, 0.95, "2014-06-13", "2014-06-13", langs))
        assert rel.label == "conflict", rel.reasons


def test_a_date_set_off_by_commas_inside_a_noun_phrase_dates_the_noun(
    relater: FeatureRelater,
) -> None:
    # "the Sept. 11, 2012, attack" dates the attack; "became public on Friday" the leak.
    a = (
        "The White House on Wednesday released the emails on the talking points describing "
        "the Sept. 11, 2012, attack on the outpost in Benghazi."
    )
    b = "The White House released the emails after snippets that became public on Friday."
    rel = relate_one(relater, pair_dated(a, b, 0.9, "2013-05-15", "2013-05-15"))
    assert rel.label != "conflict", rel.reasons
    assert not [r for r in rel.reasons if "weekday" in r]
    # without the noun after it the date is the event's, and the weekday is checked
    a = "The emails were released on Sept. 11, 2012, the White House said."
    b = "The emails were released on Friday, the White House said."
    rel = relate_one(relater, pair_dated(a, b, 0.95, "2012-09-14", "2012-09-14"))
    assert rel.label == "conflict"


def test_a_negation_across_languages_is_no_conflict_by_itself(relater: FeatureRelater) -> None:
    # Issue 10, round four: across languages no word shows what the "not" negates.
    a = "Kontrowersje, a nawet oburzenie może budzić to, czym zajmują się w wolnym czasie."
    b = "Some are outraged by the child's behavior, they do not understand why adults allowed it."
    rel = relate_one(relater, pair(a, b, 0.85, "pl", "en"))
    assert rel.label != "conflict", rel.reasons
    # Polish negations are not read, so "only in" would claim what no one checked (the
    # note is shown; it no longer makes B "say more" on its own: MEANTIME translations)
    assert "negation in B: 'not' (negations of A are not read)" in rel.reasons
    # a negated decision against the opposite decision still conflicts
    for text, lang in (
        ("Уряд не підтримав закон про мову.", "uk"),
        ("Правительство не поддержало закон о языке.", "ru"),
    ):
        rel = relate_one(
            relater, pair(text, "The government supported the language law.", 0.9, lang, "en")
        )
        assert rel.label == "conflict", rel.reasons


def test_partial_shows_what_a_version_says_more() -> None:
    """A ``partial`` with nothing to show is ``agree``; with equal additions on both sides,
    each side's own words are shown."""
    from storydiff.relate.classifier import decide

    p = pair("Biden met Macron in Paris.", "Biden met Macron in Paris.", 0.99)
    feats = extract(p)
    rel = decide(p, feats, "partial", 0.6, p_conflict=0.1, rule_confidence=0.8)
    assert rel.label == "agree"
    p = pair("Biden met Macron in Paris on trade.", "Biden met Macron in Paris on climate.", 0.9)
    rel = decide(p, extract(p), "partial", 0.6, p_conflict=0.1, rule_confidence=0.8)
    assert rel.label == "partial"
    assert {e.text for e in rel.evidence} == {"trade", "climate"}


def test_partial_with_only_a_difference_is_a_conflict() -> None:
    """Nothing added, but two figures that cannot both be true: not "one says more"."""
    from storydiff.relate.classifier import decide

    p = pair(
        "По данным спасателей, были эвакуированы 2000 человек.",
        "За даними рятувальників, евакуювали 3000 людей.",
        0.9,
        lang_a="ru",
        lang_b="uk",
    )
    rel = decide(p, extract(p), "partial", 0.6, p_conflict=0.3, rule_confidence=0.8)
    assert rel.label == "conflict"
    assert rel.reasons[0] == "number differs: 2000 vs 3000"


def test_two_ages_of_two_people_are_no_conflict(relater: FeatureRelater) -> None:
    # "38-year-old" and "47-year-old" share "year" but count the ages of two people;
    # a figure that fills no common slot is a difference to show, never a conflict.
    rel = relate_one(
        relater,
        pair(
            "The gunman, a 38-year-old accountant, was arrested on the highway.",
            "Police said the wounded were a 47-year-old man and a 48-year-old woman.",
            0.9,
        ),
    )
    assert rel.label != "conflict"
    rel = relate_one(
        relater,
        pair(
            "The firm, a 40-employee practice, was preparing tax returns.",
            "The gunman entered the firm's office at about 10 a.m.",
            0.88,
        ),
    )
    assert rel.label != "conflict"


def test_the_same_slot_still_conflicts(relater: FeatureRelater) -> None:
    rel = relate_one(
        relater,
        pair("Police said 38 people were injured.", "Police said 47 people were injured.", 0.97),
    )
    assert rel.label == "conflict"
    assert rel.reasons[0] == "number differs: 38 vs 47"


@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        (
            "In its five operations so far, the crew has seized 14 rifles and 31 magazines.",
            "During the operation, six rifles and 12 magazines were seized.",
            "en",
        ),
        (
            "В общей сложности экипаж изъял 14 винтовок и 31 магазин.",
            "В ходе операции были изъяты шесть винтовок и 12 магазинов.",
            "ru",
        ),
    ],
)
def test_a_running_total_and_one_count_are_no_conflict(
    relater: FeatureRelater, a: str, b: str, lang: str
) -> None:
    # "number differs: 31 vs 12" set a tally of five operations against one operation's
    rel = relate_one(relater, pair(a, b, 0.9, lang, lang))
    assert rel.label != "conflict"
    assert not any(r.startswith("number differs") for r in rel.reasons)
    assert any("one a running total" in r for r in rel.reasons)


def test_an_agreement_where_one_version_gives_a_figure_shows_it(
    relater: FeatureRelater,
) -> None:
    # "same content (similarity 0.94)" was printed for "13 states may ban it within 30
    # days" beside "in Texas the ban takes effect within 30 days": false of the text
    rel = relate_one(
        relater,
        pair(
            "Police said 12 people were hurt in the blast in the city centre.",
            "Police said people were hurt in the blast in the city centre.",
            0.94,
        ),
    )
    assert rel.label == "agree"
    assert rel.reasons == ("same claim (similarity 0.94)", "number only in A: 12")
    same = relate_one(
        relater, pair("The mayor closed the bridge.", "The mayor closed the bridge.", 1.0)
    )
    assert same.reasons == ("same content (similarity 1.00)",)


def test_a_road_number_is_a_name_not_a_figure() -> None:
    from storydiff.relate.tokens import numbers

    assert [n.text for n in numbers("the chase on I-75 at 100 mph; F-16 jets; a 3-2 win")] == [
        "100",
        "3",
        "2",
    ]
    # glued to its letters too: "number only in ...: 11" of "the A11 Bionic chip" was
    # a figure nothing in the text states
    assert [n.text for n in numbers("the A11 chip; a Galaxy S20; 2.8bn; 10km; G7")] == [
        "2.8bn",
        "10",
    ]


def test_a_model_number_after_a_space_is_a_name_not_a_figure() -> None:
    # "number only in ...: 47" of "six AK 47 rifles" and "8" of "the iPhone 8" were
    # figures nothing in the text states; a currency code or a unit keeps the figure
    assert [n.text for n in numbers("six AK 47 rifles; the iPhone 8; an MH 17 report")] == ["six"]
    assert [n.text for n in numbers("USD 5 million; the US 5 percent; in Kyiv 3 people")] == [
        "5 million",
        "5",
        "3",
    ]


def test_names_only_in_each_language_suggest_no_clash() -> None:
    # German capitalises every noun: across languages "Ritter" and "Rollator" cannot be
    # told from names, so each side's own "names" are at most one version saying more.
    feats = extract(
        pair(
            "Der Veteran Tom Moore wird zum Ritter geschlagen, nach Runden mit dem Rollator.",
            "Veteran Tom Moore is awarded a knighthood by Queen Elizabeth for his walks.",
            0.9,
            lang_a="de",
            lang_b="en",
        )
    )
    entity = [f for f in feats.findings if f.kind == "entity"]
    assert entity
    assert all(f.suggests != "conflict" for f in entity)


def test_german_nouns_and_counts_are_read_as_such() -> None:
    # German capitalises every noun ("Gefängnis" is no name) and spells counts in German:
    # "sechs Jahren" and "zwei Chorknaben" are the six years and two choirboys.
    feats = extract(
        pair(
            "Er wurde zu sechs Jahren Gefängnis verurteilt, wegen zwei Chorknaben in Melbourne.",
            "He was sentenced to six years in prison over two choirboys in Melbourne.",
            0.9,
            lang_a="de",
            lang_b="en",
        )
    )
    reasons = [f.reason for f in feats.findings if f.kind in ("entity", "number")]
    assert not reasons, reasons


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # a permission with "only" is a ban with an exception: the same decision
        (
            "The state law bans most abortions after 15 weeks.",
            "The state law allows abortions after 15 weeks only in medical emergencies.",
            None,
        ),
        ("The court allowed the law to take effect.", "The court blocked the law.", "conflict"),
        # "not only allows" is no negation
        ("The rule not only allows drones but funds them.", "The rule bans drones.", "conflict"),
    ],
)
def test_a_permission_with_only_is_a_restriction(a: str, b: str, expected: str | None) -> None:
    found = [f.suggests for f in extract(pair(a, b, 0.9)).findings if f.kind == "decision"]
    assert found == ([expected] if expected else [])


def test_no_name_is_only_in_one_side_when_the_other_writes_names_in_another_script() -> None:
    # "name only in 2-en.txt: Crime Stoppers" beside a Chinese sentence that gives the
    # hotline in Chinese (匿名灭罪热线): a name cannot be looked for in Chinese letters
    zh = "任何知道嫌疑人身份信息的人都请联系警方或匿名灭罪热线 1-800-222-8477。"
    en = "Anyone with information is asked to call Crime Stoppers at 1-800-222-8477."
    feats = extract(pair(zh, en, 0.9, "zh", "en"))
    assert not [f for f in feats.findings if f.kind == "entity"]
    # in Ukrainian, names are matched, and one missing is still said
    feats = extract(pair("Усіх просять телефонувати до поліції.", en, 0.9, "uk", "en"))
    assert [f.reason for f in feats.findings if f.kind == "entity"] == [
        "name only in B: Crime Stoppers"
    ]


def test_no_date_is_only_in_one_side_beside_a_language_whose_dates_are_not_read() -> None:
    # "date only in 2-en.txt: Tuesday" beside "el martes": Spanish day names are not read
    es = "Scindia dejó el Congreso, su partido durante 18 años, el martes."
    en = "Scindia on Tuesday ended his 18-year association with the Congress party."
    feats = extract(pair(es, en, 0.9, "es", "en"))
    assert not [f for f in feats.findings if f.kind == "date"]
    # in Russian, day names are read, and a day only one side gives is still said
    ru = "Сциндия покинул партию Конгресс, в которой состоял 18 лет."
    feats = extract(pair(ru, en, 0.9, "ru", "en"))
    assert [f.reason for f in feats.findings if f.kind == "date"] == ["date only in B: Tuesday"]


@given(st.text(max_size=80))
def test_mostly_latin_counts_letters_as_isalpha_does(text):
    letters = [c for c in text if c.isalpha()]
    assert mostly_latin(text) == (sum(1 for c in letters if c.isascii()) * 2 >= len(letters))


def test_no_words_are_shown_as_one_sides_own_in_a_script_without_spaces() -> None:
    # "only in B: '它于 1 月 21 日至 26 日进行，误差幅度为正负'": the run held words both give
    a = "民意调查的误差幅度为正负 6.2 个百分点。"
    b = "它于 1 月 21 日至 26 日进行，误差幅度为正负 6.2 个百分点。"
    feats = extract(pair(a, b, 0.9, "zh", "zh"))
    assert not [f for f in feats.findings if f.kind == "extra"]


def test_no_negation_is_found_in_a_language_whose_negations_are_not_read() -> None:
    # "negation in 2-fr.txt: 'dont'": French "dont" ("of which") is not "don't", and
    # German or French negations are not read, so no word of either side is one.
    fr = "Huawei lance sa gamme Mate, dont le MatePad Pro, sans les services de Google."
    de = "Huawei bringt das MatePad Pro nach Europa, ohne die Dienste von Google."
    feats = extract(pair(de, fr, 0.9, "de", "fr"))
    assert not [f for f in feats.findings if f.kind == "negation"]
    # an English "not" beside a language not read is still said, as not checked there
    en = "Huawei does not offer Google services on the MatePad Pro."
    feats = extract(pair(fr, en, 0.9, "fr", "en"))
    assert [f.reason for f in feats.findings if f.kind == "negation"] == [
        "negation in B: 'not' (negations of A are not read)"
    ]


# --- round five of the false-findings hunt (issue 10, s10-fp5) -----------------------------


def test_an_added_run_stops_at_a_figure_both_versions_give(relater: FeatureRelater) -> None:
    # "only in B: 'House voted 396-9 on a bill that ...'" quoted the tally A gives too
    rel = relate_one(
        relater,
        pair(
            "It passed in a 396-9 vote.",
            "On Wednesday, the House voted 396-9 on a bill that reaffirmed the motto and "
            "encouraged its display in all public schools and government buildings.",
            0.88,
        ),
    )
    added = [r for r in rel.reasons if r.startswith("only in")]
    assert added, rel.reasons
    assert all("396" not in r for r in added), rel.reasons
    assert any("reaffirmed the motto" in r for r in added), rel.reasons
    # a figure only one version gives stays inside the run
    rel = relate_one(
        relater,
        pair(
            "The Senate approved the plan on Tuesday.",
            "The Senate approved the plan on Tuesday, sending 447 billion dollars in aid "
            "to every state government across the country.",
            0.9,
        ),
    )
    assert any("447 billion dollars" in r for r in rel.reasons), rel.reasons


@pytest.mark.parametrize(
    "told",
    [
        "The plan will go to a vote next week, Politico reported.",
        "The plan will go to a vote next week, the aides said.",
        "The plan will go to a vote next week, police say.",
        "The minister declared that the plan will go to a vote next week.",
    ],
)
def test_no_source_is_named_only_in_one_version_when_the_other_says_who_tells_it(
    relater: FeatureRelater, told: str
) -> None:
    according = "The plan will go to a vote next week, according to aides."
    rel = relate_one(relater, pair(according, told, 0.93))
    assert not any(r.startswith("source named only") for r in rel.reasons), rel.reasons
    # a version that names nobody: the source is named in one version only
    rel = relate_one(relater, pair(according, "The plan will go to a vote next week.", 0.95))
    assert any(r.startswith("source named only in A") for r in rel.reasons), rel.reasons


@pytest.mark.parametrize(
    "other",
    [
        # a question still open, and "declared" as an adjective, name no teller
        "On Monday Michael Steele announces whether he will seek a second term as chairman.",
        "Michael Steele, a declared candidate, will seek a second term as chairman.",
    ],
)
def test_a_verb_of_telling_that_tells_no_claim_names_no_source(
    relater: FeatureRelater, other: str
) -> None:
    rel = relate_one(
        relater,
        pair(
            "Michael Steele will seek a second term as chairman, according to reports.",
            other,
            0.93,
        ),
    )
    assert any(r.startswith("source named only in A") for r in rel.reasons), rel.reasons


def test_an_agreement_with_words_only_each_side_gives_is_not_called_the_same_claim(
    relater: FeatureRelater,
) -> None:
    # The seed pair's "During a recent phone conversation ... Macron suggested sending
    # Western forces" beside "Biden has reportedly blocked a proposal by ... Macron to send
    # Western instructors" was "same claim (similarity 0.93)", then "only in" each side:
    # words each version alone gives may be a second claim, which "same claim" denies.
    rel = relate_one(
        relater,
        pair(
            "In a tense phone call, the minister said the talks had collapsed.",
            "The minister said the talks had collapsed, blaming the opposition leaders.",
            0.94,
        ),
    )
    assert rel.label == "agree"
    assert rel.reasons == (
        "the model finds them close in meaning (similarity 0.94)",
        "only in A: 'tense phone call'",
        "only in B: 'blaming the opposition leaders'",
    )
    # Words one version alone gives keep "same claim": the other's claim is all in it.
    one_sided = relate_one(
        relater,
        pair(
            "The council approved the new budget for the city hospital on Tuesday evening.",
            "The council approved the new budget for the city hospital after a long debate.",
            0.95,
        ),
    )
    assert one_sided.label == "agree"
    assert one_sided.reasons[:2] == ("same claim (similarity 0.95)", "only in B: 'long debate'")


def test_a_uk_ru_teller_in_any_form_names_the_source(relater: FeatureRelater) -> None:
    # "source named only in A: 'по данным'" beside "Министерство сообщает, что ...": the
    # list of forms held "сообщил" but not the present tense, nor "назвал" or "зазначив".
    for told in (
        "Министерство сообщает, что граница закрыта до понедельника.",
        "Министр назвал решение закрыть границу до понедельника вынужденным.",
    ):
        rel = relate_one(
            relater,
            pair("По данным ТАСС, граница закрыта до понедельника.", told, 0.9, "ru", "ru"),
        )
        assert not any(r.startswith("source named only in") for r in rel.reasons), rel.reasons
    uk = relate_one(
        relater,
        pair(
            "За даними відомства, кордон закрито до понеділка.",
            "У міністерстві зазначили, що кордон закрито до понеділка.",
            0.9,
            "uk",
            "uk",
        ),
    )
    assert not any(r.startswith("source named only in") for r in uk.reasons), uk.reasons
    # A version that names nobody still lets the other's source be shown.
    bare = relate_one(
        relater,
        pair(
            "По данным ТАСС, граница закрыта до понедельника.",
            "Граница закрыта до понедельника.",
            0.9,
            "ru",
            "ru",
        ),
    )
    assert any(r.startswith("source named only in A") for r in bare.reasons), bare.reasons


@pytest.mark.parametrize(
    ("a", "b", "lang", "reasons"),
    [
        # a country's other names are one name ("name only in HuffPost: Downing Street,
        # Britain" beside "United Kingdom"), and so is the seat of its government
        (
            "Downing Street said Britain would send more troops.",
            "The United Kingdom said it would send more troops.",
            "en",
            [],
        ),
        (
            "The Kremlin rejected the plan of the US.",
            "Russia rejected the plan of America.",
            "en",
            [],
        ),
        ("Россия отвергла план Кремля.", "РФ отвергла план Кремля.", "ru", []),
        # the adjective of a place is the place, and no name of its own ("name only in
        # NYT: Asian" of "Asian trade pact")
        (
            "The Asian trade pact was signed by China.",
            "The trade pact in Asia was signed by China.",
            "en",
            [],
        ),
        ("Russian forces shelled the town.", "Russia's forces shelled the town.", "en", []),
        (
            "The Asian trade pact was signed by China.",
            "The trade pact was signed by China.",
            "en",
            ["only in A: 'Asian'"],
        ),
        # a place named first in a longer name is that name's, not the place
        (
            "American Airlines cancelled the flights.",
            "The US cancelled the flights.",
            "en",
            ["only in A: 'American Airlines'"],
        ),
    ],
)
def test_a_place_named_another_way_is_no_name_only_in_one(
    a: str, b: str, lang: str, reasons: list[str]
) -> None:
    # Issue 10, session 11, round eight
    feats = extract(pair(a, b, 0.9, lang, lang))
    assert [f.reason for f in feats.findings if f.kind in ("entity", "extra")] == reasons


# Issue 10, round nine (session 12): figures and negations on fourteen new comparisons.


def test_two_lower_bounds_that_differ_are_no_conflict(relater: FeatureRelater) -> None:
    # "at least 150" and "more than 180" killed can both be true: the figures differ, and
    # the reason says so, but the versions do not conflict; the higher bound says it more
    # strongly (it implies the lower)
    a = "At least 150 people were killed in shootings across the country over the weekend."
    b = "More than 180 people were killed in shootings across the country over the weekend."
    rel = relate_one(relater, pair(a, b, 0.95))
    assert rel.label == "stronger", rel.reasons
    assert rel.stronger == "B"
    assert rel.reasons[0] == "number differs: 150 vs 180, each a lower bound (both can be true)"
    rel = relate_one(relater, pair(b, a, 0.95))
    assert (rel.label, rel.stronger) == ("weaker", "A"), rel.reasons
    # an exact figure against a lower bound it is under still conflicts
    rel = relate_one(relater, pair(a.replace("At least 150", "Exactly 150"), b, 0.95))
    assert rel.label == "conflict", rel.reasons


def test_a_count_and_a_measure_are_never_one_figure(relater: FeatureRelater) -> None:
    # "three companions" and "600 metres" count different things ("number differs: three
    # vs 600" was a conflict), and "60 metres (200 feet)" is the "200ft" of the other
    a = "On Saturday, Buckley fell about 2,000ft while climbing to a hut with three companions."
    b = "On Saturday, Buckley fell about 600 metres (2,000 feet) while climbing to a hut."
    rel = relate_one(relater, pair(a, b, 0.97))
    assert rel.label != "conflict", rel.reasons
    assert not [r for r in rel.reasons if r.startswith("number differs")]
    a = "On Friday, Duncan Rait died after slipping and falling about 200ft from a ridge."
    b = "On Friday, Duncan Raite died after slipping and falling about 60 metres (200 feet)."
    rel = relate_one(relater, pair(a, b, 0.98))
    assert not [r for r in rel.reasons if r.startswith("number")], rel.reasons
    # two falls of different heights still conflict
    c = "A climber died after falling about 150 metres from a ridge."
    rel = relate_one(relater, pair(c, b.replace("On Friday, Duncan Raite", "A climber"), 0.95))
    assert rel.label == "conflict", rel.reasons


def test_a_number_glued_to_a_name_is_no_figure(relater: FeatureRelater) -> None:
    # "number only in B: 76" of "the 76ers": a team's name, not a figure
    a = "DiLeo is in his 19th season with the Sixers basketball operations department."
    b = "DiLeo has spent 19 seasons with the 76ers basketball operations department."
    rel = relate_one(relater, pair(a, b, 0.95))
    assert not [r for r in rel.reasons if r.startswith("number")], rel.reasons
    # units and scales glued to a figure keep it one
    assert [n.value for n in numbers("a 10km run and 2.8bn dollars in the 1990s")] == [
        10.0,
        2.8e9,
        1990.0,
    ]


def test_a_count_in_another_case_is_the_count(relater: FeatureRelater) -> None:
    # "number only in A: шесть" beside "среди шести человек"; "гибели троих" beside "Трое"
    a = "На дорогах Британии за вчерашний день погибли по меньшей мере шесть человек."
    b = "Сотрудники BA среди шести человек погибли на дорогах Британии за вчерашний день."
    rel = relate_one(relater, pair(a, b, 0.93, "ru", "ru"))
    assert not [r for r in rel.reasons if r.startswith("number")], rel.reasons
    # and a run one version adds ends at it ("... к гибели троих из них" beside "трое")
    a = "В Стэнвелле в автомобиле находились 4 человека, что привело к гибели троих из них."
    b = "В Стэнвелле трое сотрудников погибли при столкновении их автомобиля с грузовиком."
    rel = relate_one(relater, pair(a, b, 0.9, "ru", "ru"))
    assert not [r for r in rel.reasons if "троих" in r], rel.reasons
    assert [n.value for n in numbers("гибели троих из них, трьох людей, двумя руками")] == [
        3.0,
        3.0,
        2.0,
    ]


def test_a_negation_beside_an_unread_language_is_not_only_in_one(
    relater: FeatureRelater,
) -> None:
    # the evidence line said "negation: not only in B" beside a German "nicht" the reason
    # itself says is not read
    from storydiff.render._base import evidence_lines

    a = "In welcher Form dies geschehen solle, war zunächst nicht klar."
    b = "It is not clear what form that Russian assistance has taken."
    rel = relate_one(relater, pair(a, b, 0.9, "de", "en"))
    lines = evidence_lines(rel, {"A": "A", "B": "B"})
    assert all("is not read for this" in x for x in lines if x.startswith("negation"))
    assert not [x for x in lines if " only in " in x and x.startswith("negation")]
    # the "nicht" is not read, so nothing backs B saying more: the note stays a reason
    assert rel.label != "partial", rel.reasons
    assert "negation in B: 'not' (negations of A are not read)" in rel.reasons


def test_a_party_tag_or_a_job_title_is_no_name_only_in_one(relater: FeatureRelater) -> None:
    # "name only in B: R", "name only in B: R-Wyo", "name only in B: Senior, Assistant,
    # Manager": a politician's party and state, and the words of a job title
    a = "Mary Cheney, the younger sister of Liz Cheney, a Wyoming Senate candidate, spoke."
    b = "Mary Cheney, the younger sister of Wyoming Senate candidate Liz Cheney (R), spoke."
    rel = relate_one(relater, pair(a, b, 0.96))
    assert not [r for r in rel.reasons if r.startswith("name only in")], rel.reasons
    a = "Liz Cheney said she will challenge Senator Mike Enzi in the Republican primary."
    b = "Liz Cheney is challenging Sen. Mike Enzi (R-Wyo.) in the Republican primary."
    rel = relate_one(relater, pair(a, b, 0.95))
    assert not [r for r in rel.reasons if r.startswith("name only in")], rel.reasons
    a = "DiLeo is in his 19th season with the team."
    b = "DiLeo is in his 19th season with the team as Senior Vice President and Assistant Manager."
    rel = relate_one(relater, pair(a, b, 0.92))
    assert not [r for r in rel.reasons if r.startswith("name only in")], rel.reasons


# --- translations as gold (issue 10, s12-xling: MEANTIME) ------------------------------------


@pytest.mark.parametrize(
    ("other", "lang"),
    [
        ("Apple afirma que el nuevo teléfono navega al doble de velocidad.", "es"),
        ("Apple claimt dat de nieuwe telefoon twee keer zo snel surft.", "nl"),
    ],
)
def test_a_hedge_beside_a_language_whose_cues_are_not_read_is_no_force_difference(
    relater: FeatureRelater, other: str, lang: str
) -> None:
    # "stronger: certainty differs: 'claimed' only in A" of a faithful translation: the
    # Spanish "afirma" and the Dutch "claimt" are not read, so nothing is only in A
    en = "Apple has claimed that the new phone browses at double the speed."
    rel = relate_one(relater, pair(en, other, 0.95, "en", lang))
    assert rel.label not in ("stronger", "weaker", "conflict"), rel.reasons
    assert not [r for r in rel.reasons if "only in" in r and "claimed" in r]


def test_a_named_source_beside_an_unread_language_is_not_only_in_one(
    relater: FeatureRelater,
) -> None:
    # "source named only in A: 'According to'" beside "Según": not read, so not shown
    en = "According to The New York Times, the executive was ousted over hardware issues."
    es = "Según The New York Times, el ejecutivo fue apartado por problemas de hardware."
    rel = relate_one(relater, pair(en, es, 0.95, "en", "es"))
    assert not [r for r in rel.reasons if r.startswith("source named only in")], rel.reasons


def test_a_negation_beside_an_unread_language_makes_no_partial(relater: FeatureRelater) -> None:
    # "partial: negation in A: 'never' (negations of B are not read)" of a translation
    # whose "nunca" says the same: the note stays, B is not said to say less
    en = "In the armed services, you can never have too much fuel in the air."
    es = "En los servicios armados, nunca se tiene demasiado combustible en el aire."
    rel = relate_one(relater, pair(en, es, 0.95, "en", "es"))
    assert rel.label == "agree", rel.reasons
    assert "negation in A: 'never' (negations of B are not read)" in rel.reasons


def test_points_group_thousands_where_the_language_writes_them_so() -> None:
    from storydiff.relate.tokens import numbers

    def values(text: str, lang: str | None) -> list[float]:
        return [n.value for n in numbers(text, lang=lang)]

    # "40.000 millones $" is the Spanish "$40 billion", "10.000" Dutch ten thousand
    assert values("un contrato de 40.000 millones $", "es") == [4e10]
    assert values("10.000 banen en 3,5 miljoen euro", "nl") == [1e4, 3.5e6]
    assert values("40 miliardi di dollari", "it") == [4e10]
    # an English "1.375 percent" keeps its decimals; two groups or a decimal comma
    # are thousands in any language
    assert values("a rate of 1.375 percent", "en") == [1.375]
    assert values("1.234.567 people, 4.272,78 euro", None) == [1234567.0, 4272.78]


def test_a_figure_with_point_thousands_is_the_translations_figure(
    relater: FeatureRelater,
) -> None:
    # "number differs: 10,000 vs 10.000" of an English text and its Spanish translation
    en = "The new plant will create 10,000 jobs under a $40 billion contract."
    es = "La nueva planta creará 10.000 empleos con un contrato de 40.000 millones $."
    rel = relate_one(relater, pair(en, es, 0.95, "en", "es"))
    assert rel.label != "conflict", rel.reasons
    assert not [r for r in rel.reasons if r.startswith("number")], rel.reasons


def test_counts_are_spelled_in_the_sentences_own_language(relater: FeatureRelater) -> None:
    from storydiff.relate.tokens import numbers

    assert [n.value for n in numbers("Ha encargado dos aviones", lang="es")] == [2.0]
    assert [n.value for n in numbers("twee vliegtuigen en elf banen", lang="nl")] == [2.0, 11.0]
    # the same words are no counts in another language ("due to", "an elf")
    assert numbers("It was due to the storm, an elf said.", lang="en") == []
    # "number only in A: two" beside the Spanish "dos"
    en = "The airline ordered two new Airbus jets on Tuesday."
    es = "La aerolínea encargó dos nuevos aviones Airbus el martes."
    rel = relate_one(relater, pair(en, es, 0.95, "en", "es"))
    assert not [r for r in rel.reasons if r.startswith("number")], rel.reasons
