"""Who says what: a body named by its kind ("the commission said", "Организация отметила")
and a reason given after "citing" ("citing inflation"), on hand-written articles."""

from __future__ import annotations

import pytest

from storydiff.attribute import Sources, attribute, is_origin
from storydiff.records import Article
from storydiff.segment import segment


def run(text: str, lang: str) -> Sources:
    return attribute(segment(Article(id=f"t-{lang}", text=text, lang=lang)))


def said_by(src: Sources, lang: str) -> list[tuple[str, str]]:
    return [(a.source_name, a.source_kind) for a in src.attributions if a.source is not None]


COMMISSION_EN = (
    "The European Commission said on Monday that sanctions against Russia would cause "
    "serious damage to the European Union's economy. The organisation noted that the bloc "
    'had not yet recovered from the pandemic. "We still have to answer these questions," '
    "the commission said. Gazprom said it would keep supplying gas. The company added that "
    "contracts would be honoured."
)


def test_a_body_named_by_its_kind_is_the_organisation_named_before() -> None:
    # was: organisation, commission, company of unknown kind, and Gazprom a person
    src = run(COMMISSION_EN, "en")
    assert said_by(src, "en") == [
        ("European Commission", "organisation"),
        ("European Commission", "organisation"),
        ("European Commission", "organisation"),
        ("Gazprom", "organisation"),
        ("Gazprom", "organisation"),
    ]
    assert [v.name for v in src.voices] == ["European Commission", "Gazprom"]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # the noun in a compound's name: "комиссия" of "Еврокомиссии" (genitive, on a site)
        (
            "ru",
            "Об этом говорится на сайте Еврокомиссии. "
            "Комиссия отметила, что союз еще не восстановился от пандемии.",
            "Еврокомиссия",
        ),
        # "Организация" after the one body named as a subject, in a headline
        (
            "ru",
            "Еврокомиссия: санкции нанесут ущерб экономике союза\n\n"
            "Организация отметила, что союз еще не восстановился от пандемии.",
            "Еврокомиссия",
        ),
        (
            "ru",
            "Министерство финансов Германии заявило, что согласно с оценкой. "
            "«Мы это учтем», — сообщило министерство.",
            "Министерство финансов Германии",
        ),
        (
            "uk",
            "Міністерство оборони України заявило, що ситуація на фронті стабільна. "
            "Відомство повідомило, що противник втратив два танки.",
            "Міністерство оборони України",
        ),
        (
            "uk",
            "Нафтогаз заявив, що запаси газу достатні. Компанія повідомила, що імпорт триває.",
            "Нафтогаз",
        ),
        (
            "en",
            "The Supreme Court ruled on Monday that the law was valid. "
            '"The statute stands," the court said.',
            "Supreme Court",
        ),
        # a headline's "Navy" alone is no second body; the next line names which
        (
            "en",
            "Navy foils pirate attack\n\nThe Indian Navy thwarted an attack on Thursday. "
            "The raid was the fifth this year, the Navy said.",
            "Indian Navy",
        ),
    ],
)
def test_a_slavic_or_english_body_noun_takes_the_one_body_it_fits(
    lang: str, text: str, expected: str
) -> None:
    last = run(text, lang).attributions[-1]
    assert (last.source_name, last.source_kind) == (expected, "organisation")
    assert is_origin(last, lang)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # two bodies it may mean: no guess
        (
            "en",
            "The European Commission said the plan was ready. The World Bank said it "
            "agreed. The organisation noted that funds were short.",
            "organisation",
        ),
        # a company is no commission, and no company was named
        (
            "en",
            "The European Commission said the plan was ready. The company added that it "
            "would comply.",
            "company",
        ),
        # "a company" is some company, not the one named before
        ("en", "Gazprom said supplies would go on. A company said it would sue.", "company"),
        (
            "ru",
            "Еврокомиссия заявила, что план готов. Всемирный банк заявил, что согласен. "
            "Организация отметила, что денег не хватает.",
            "организация",
        ),
        (
            "uk",
            "Нафтогаз заявив, що запаси газу достатні. Укренерго заявило, що мережа "
            "стабільна. Компанія повідомила, що імпорт триває.",
            "компанія",
        ),
    ],
)
def test_a_body_noun_with_no_one_body_to_mean_is_an_unnamed_organisation(
    lang: str, text: str, expected: str
) -> None:
    last = run(text, lang).attributions[-1]
    assert (last.source_name, last.source_kind) == (expected, "organisation")


def test_a_body_is_no_title_and_no_place() -> None:
    # "Commission" before her name is no title of hers; the West Bank is no bank
    text = (
        "European Commission President Ursula von der Leyen spoke on Monday. "
        '"We agree," the commission said. Palestinians rallied in the West Bank on '
        "Friday. The bank said it would lend more."
    )
    assert said_by(run(text, "en"), "en")[-2:] == [
        ("European Commission", "organisation"),
        ("bank", "organisation"),
    ]


@pytest.mark.parametrize(
    "source",
    ["The Australian government", "The government in Seoul", "The prime minister's office"],
)
def test_an_english_phrase_headed_by_a_body_noun_is_an_organisation(source: str) -> None:
    # "the Australian government" was a source of unknown kind, never an origin
    last = run(f"{source} said on Monday that talks would resume.", "en").attributions[-1]
    assert last.source is not None
    assert last.source.text == source
    assert last.source_kind == "organisation"


def test_a_person_before_the_company_stays_a_person_when_a_full_name_ends_in_it() -> None:
    text = (
        "Apple chief executive Tim Cook spoke on Monday. Cook said sales rose. "
        "The company added that it would hire."
    )
    src = run(text, "en")
    assert ("Tim Cook", "person") in said_by(src, "en")
    assert src.attributions[-1].source_name != "Tim Cook"


@pytest.mark.parametrize(
    ("lang", "text", "kept"),
    [
        (
            "en",
            "The European Commission warned on Monday that sanctions would damage the EU "
            "economy, citing inflation and energy prices.",
            None,
        ),
        (
            "en",
            "The central bank raised rates on Monday, citing officials familiar with the matter.",
            "officials familiar with the matter",
        ),
        (
            "ru",
            "Еврокомиссия повысила прогноз инфляции, ссылаясь на рост цен на энергоносители.",
            None,
        ),
        ("ru", "Курс рубля упал, ссылаясь на источники, сообщили аналитики.", "источники"),
        ("uk", "Уряд підвищив тарифи, посилаючись на інфляцію та зростання цін.", None),
        ("uk", "Уряд підвищив тарифи, посилаючись на дані НБУ.", "НБУ"),
    ],
)
def test_what_citing_cites_is_a_source_only_when_it_can_speak(
    lang: str, text: str, kept: str | None
) -> None:
    # "inflation and energy prices (unknown, 1 claim, 0 words)" was a voice
    cited = [a for a in run(text, lang).attributions if a.cue.lemma == "citing"]
    if kept is None:
        assert cited == []
    else:
        assert [a for a in cited if kept in a.source_name]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # "police (unknown)": the police is a body, and the force named before is it
        ("Police say two suspects entered the stores.", "en", [("police", "organisation")]),
        (
            "Calgary Police issued an appeal on Tuesday. The police said the thefts continue.",
            "en",
            [("Calgary Police", "organisation")],
        ),
        ("Поліція повідомила, що затримала двох людей.", "uk", [("поліція", "organisation")]),
        ("Полиция сообщила о задержании двух человек.", "ru", [("полиция", "organisation")]),
    ],
)
def test_the_police_is_a_body(text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    got = [(n.casefold(), k) for n, k in said_by(run(text, lang), lang)]
    assert got[-1:] == [(n.casefold(), k) for n, k in expected]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # a headline's "Name: claim" is the person's, when the article names that person;
        # it was nobody's, and the outlet became a second origin of the person's claim
        (
            "Nuland: At least 400-500 Russian soldiers killed in Ukraine\n\n"
            "US Assistant Secretary of State Victoria Nuland spoke on Tuesday.",
            "en",
            "Victoria Nuland",
        ),
        (
            "Песков: Россия не планирует наступление на Киев\n\n"
            "Пресс-секретарь Кремля Дмитрий Песков заявил это во вторник.",
            "ru",
            "Дмитрий Песков",
        ),
    ],
)
def test_a_headline_name_and_colon_give_the_claim_to_that_person(
    text: str, lang: str, expected: str
) -> None:
    colon = [a for a in run(text, lang).attributions if a.cue.text == ":"]
    assert [a.source_name for a in colon] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine: Russian troops advance near Kharkiv\n\nTroops advanced, Ukraine's army said.",
        "Analysis: Why the talks failed\n\nThe talks failed on Tuesday.",
    ],
)
def test_a_headline_place_or_label_and_colon_give_the_claim_to_nobody(text: str) -> None:
    assert not [a for a in run(text, "en").attributions if a.cue.text == ":"]
