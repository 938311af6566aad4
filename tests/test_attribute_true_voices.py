"""Who says what: every voice shown must be true of the text (issue 10, round seven): one
person is one voice however the text writes the name, a person is no body and a body no
person, no one speaks where the text says nobody spoke, and a place, a medium or markup is
no speaker; on hand-written articles."""

from __future__ import annotations

import pytest

from storydiff.attribute import Sources, attribute
from storydiff.records import Article
from storydiff.segment import segment


def run(text: str, lang: str) -> Sources:
    return attribute(segment(Article(id="t", text=text, lang=lang)))


def voices(src: Sources) -> set[tuple[str, str]]:
    return {(v.name, v.kind) for v in src.voices}


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # a rank written in full before the surname; the full name carries "Capt."
        ("Capt. Ronald S. Johnson of the Highway Patrol said the night was calm. "
         "Captain Johnson said there were only sporadic problems.", "Ronald S. Johnson"),
        # a particle capitalised at the start of a sentence
        ("Mayor Bill de Blasio rejected the criticism on Monday. "
         "De Blasio said the move was made by the police commissioner.", "Bill de Blasio"),
        # a surname a verb of publishing made an outlet
        ("Press Secretary Jen Psaki said the plan was ready. "
         "Psaki revealed that the White House is in touch with the platforms.", "Jen Psaki"),
    ],
)  # fmt: skip
def test_one_person_is_one_voice(text: str, person: str) -> None:
    assert voices(run(text, "en")) == {(person, "person")}


def test_a_name_beside_a_role_is_a_person_and_beside_a_body_noun_a_body() -> None:
    src = run(
        "Reince Priebus, the chairman of the Republican National Committee, tried to deflect "
        "questions, saying on Fox News that it is the party's platform. Gazprom, the state gas "
        "company, said it would cut supplies.",
        "en",
    )
    assert voices(src) == {("Reince Priebus", "person"), ("Gazprom", "organisation")}


def test_a_newspaper_named_in_full_is_an_outlet() -> None:
    src = run("The senator spoke at a rally, according to the Las Vegas Sun.", "en")
    assert ("Las Vegas Sun", "outlet") in voices(src)


@pytest.mark.parametrize(
    "text",
    [
        "Aides to Mr. Romney declined to say on Tuesday whether he would call on the "
        "delegates to reconsider.",
        "If Mr. Romney were to reject the party's plank, it would send a difficult message.",
    ],
)
def test_no_one_speaks_where_the_text_says_no_one_spoke(text: str) -> None:
    assert run(text, "en").voices == ()


def test_an_editors_note_is_a_text_and_markup_no_voice() -> None:
    src = run(
        "This story has been updated to note that Carson posted the syllabus. "
        '<tweet pic="" author="realDonaldTrump">I didn’t suggest a database.',
        "en",
    )
    assert voices(src) == {("this story", "document")}


def test_an_age_is_no_role_and_a_headline_place_no_speaker() -> None:
    src = run(
        "Russian Paratroops in Ukraine: Lost in a Game of Thrones\n\n"
        "Ukraine has accused Moscow of sending troops. "
        "“Now that’s what I call a good protest,” Jonathan Smith, 45, said.",
        "en",
    )
    assert voices(src) == {("Ukraine", "organisation"), ("Jonathan Smith", "person")}
    assert all(v.affiliation is None for v in src.voices)


def test_a_body_keeps_its_kind_whatever_verb_it_takes() -> None:
    # "learned" is a publisher's verb, which made the monitoring mission an outlet
    src = run(
        "The SMM noted that the road was closed. At the second site the SMM learned from "
        "several civilian interlocutors that the military had removed the weapons.",
        "en",
    )
    assert {(a.source_name, a.source_kind) for a in src.attributions} == {("SMM", "organisation")}


@pytest.mark.parametrize(
    ("text", "lang", "body"),
    [
        ("У понеділок команда Зеленського повідомила, що зустріч відбудеться.", "uk",
         "команда Зеленського"),
        ("В понедельник команда Зеленского сообщила, что встреча состоится.", "ru",
         "команда Зеленского"),
        ("Така погода буде до 31 грудня, повідомляє Державна служба України з надзвичайних "
         "ситуацій.", "uk", "Державна служба України з надзвичайних ситуацій"),
    ],
)  # fmt: skip
def test_a_team_or_a_service_is_a_body_not_a_person(text: str, lang: str, body: str) -> None:
    assert voices(run(text, lang)) == {(body, "organisation")}


def test_a_title_stands_for_a_name_written_in_capitals() -> None:
    src = run(
        "Міністерство впроваджує реєстр пацієнтів, заявив заступник міністра охорони "
        "здоров'я Роман БОГАЧОВ. «Це одна з умов переходу до страхової медицини», - зазначив "
        "заступник міністра.",
        "uk",
    )
    assert voices(src) == {("Роман Богачов", "person")}


def test_where_it_was_written_is_no_role_and_an_institute_no_name() -> None:
    src = run(
        "Остановка сертификации произошла по вине Меркель, заявил в Telegram сенатор Алексей "
        "Пушков. Германия готова пренебречь помощью Украине, написал в статье для журнала "
        "Foreign Policy эксперт Института Хадсона Питер Раф.",
        "ru",
    )
    found = {(v.name, v.affiliation) for v in src.voices}
    assert found == {
        ("Алексей Пушков", "сенатор"),
        ("Питер Раф", "эксперт Института Хадсона"),
    }


def test_a_title_the_parse_splits_from_the_name_after_it_is_no_second_voice() -> None:
    src = run(
        "US Surgeon General Dr. Vivek Murthy warned Thursday health misinformation is "
        '"a serious threat to public health," as officials grow concerned.',
        "en",
    )
    assert voices(src) == {("Vivek Murthy", "person")}


def test_an_article_of_a_law_is_no_back_reference_to_the_outlet() -> None:
    src = run(
        "Reuters reported that the men were detained. The high treason article of the "
        "Russian Criminal Code says that anyone can be jailed.",
        "en",
    )
    assert [a.source_name for a in src.attributions] == [
        "Reuters",
        "high treason article of the Russian Criminal Code",
    ]


def test_two_people_named_together_are_no_title_and_name() -> None:
    src = run(
        "Since then, a majority of those candidates made clear that they would not be turning "
        "up, with only Newt Gingrich and Rick Santorum pledging to appear.",
        "en",
    )
    assert ("Newt Gingrich", "person") in voices(src)


def test_a_quoted_name_cut_by_its_span_is_closed_again() -> None:
    src = run(
        "“LPR” members told the SMM that they were targeted on 25 September in the area of "
        "Pryshyb. The “LPR” members demanded that the monitors leave.",
        "en",
    )
    assert {v.name for v in src.voices} == {"“LPR” members"}


def test_finding_out_is_no_speech_unless_an_outlet_reports_what_it_learned() -> None:
    # "people in Texas" were a voice of NPR's Juneteenth story, through "learned".
    found = run(
        "The holiday began in 1865 when enslaved people in Texas learned they had been "
        "freed under the Emancipation Proclamation.",
        "en",
    )
    assert not found.voices
    reported = run(
        "The Washington Post has learned that the agency will cut its budget by a third.", "en"
    )
    assert any(v.kind == "outlet" for v in reported.voices)
