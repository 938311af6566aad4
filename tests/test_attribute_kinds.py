"""Who says what, round eight (issue 10): origins are people, organisations and outlets of
the right kind, and the name shown is the person's. Initials belong to the surname after
them, a brand is no person, a title is no part of a name, and an outlet quoting itself is
no relay; on hand-written sentences."""

from __future__ import annotations

import pytest

from storydiff.attribute import Sources, attribute
from storydiff.origins import origins, outlet_of, relays
from storydiff.records import Article, Fact
from storydiff.segment import segment


def run(text: str, lang: str, source: str = "") -> tuple[Article, Sources]:
    article = Article(id="t", text=text, lang=lang, source=source)
    return article, attribute(segment(article))


def sources(text: str, lang: str) -> set[tuple[str, str, str | None]]:
    _, src = run(text, lang)
    return {(a.source_name, a.source_kind, a.affiliation) for a in src.attributions}


@pytest.mark.parametrize(
    ("text", "lang", "name", "role"),
    [
        # the dot after "Дж" cut the name to "Иллинойс Дж"
        ("«Мы создаем новую отрасль», — заявил губернатор штата Иллинойс Дж. Б. Прицкер, "
         "который легализовал марихуану.", "ru", "Дж. Б. Прицкер", "губернатор штата Иллинойс"),
        # in the genitive the surname keeps its case: initials give no sex to read it by
        ("По словам губернатора Дж. Б. Прицкера, закон вступит в силу в январе.", "ru",
         "Дж. Б. Прицкера", "губернатора"),
        ("Як заявив міністр Д. Кулеба, переговори тривають.", "uk", "Д. Кулеба", "міністр"),
    ],
)  # fmt: skip
def test_initials_belong_to_the_surname_after_them(
    text: str, lang: str, name: str, role: str
) -> None:
    assert sources(text, lang) == {(name, "person", role)}


@pytest.mark.parametrize(
    ("text", "lang", "name", "kind"),
    [
        ("Как сообщает Alarabiya, певица из Бахрейна задержана.", "ru", "Alarabiya", "outlet"),
        ("Паспорт певицы конфисковали в аэропорту, сообщает Le360.", "ru", "Le360", "outlet"),
        ("Facebook заявил, что удалит публикацию.", "ru", "Facebook", "organisation"),
        ("Як повідомляє Le360, співачку затримали.", "uk", "Le360", "outlet"),
    ],
)  # fmt: skip
def test_a_name_a_cyrillic_text_leaves_in_latin_letters_is_no_person(
    text: str, lang: str, name: str, kind: str
) -> None:
    assert sources(text, lang) == {(name, kind, None)}


def test_a_name_in_cyrillic_letters_stays_a_person() -> None:
    assert sources("«Это плохо», — сказал Дональд Трамп.", "ru") == {
        ("Дональд Трамп", "person", None)
    }


def test_a_title_before_a_full_name_is_the_role_not_the_name() -> None:
    found = sources("Special Counsel Robert Mueller said the report was final.", "en")
    assert found == {("Robert Mueller", "person", "Special Counsel")}


def test_a_firm_the_article_names_as_one_is_no_person() -> None:
    found = sources(
        "Facebook Inc has suspended former US President Donald Trump's accounts for two "
        'years. Facebook said Mr Trump\'s actions were "a severe violation of our rules".',
        "en",
    )
    assert ("Facebook", "organisation", None) in found
    assert not any(kind == "person" and name == "Facebook" for name, kind, _ in found)


def test_he_is_never_the_platform_words_were_posted_on() -> None:
    _, src = run(
        "President Donald Trump criticised the special counsel. Trump said on Twitter on "
        "Tuesday that the leak was disgraceful, and he noted that there were no questions "
        "about collusion.",
        "en",
    )
    assert "Twitter" not in {a.source_name for a in src.attributions}


def test_an_outlet_named_by_its_file_label_quoting_itself_is_no_relay() -> None:
    article, src = run(
        "The White House declined to comment. USA TODAY reported that the list was long.",
        "en",
        source="cmp/3-USA-Today.txt",
    )
    assert outlet_of(article) == "USA Today"
    assert any(a.source_kind == "outlet" for a in src.attributions)
    assert relays(src, segment(article)) == ()


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("A lawyer for Mr. Grimm, William McGinley of Patton Boggs, confirmed in a statement "
         "that prosecutors intended to file charges and said that his client is innocent.",
         "William McGinley", "lawyer for Mr. Grimm"),
        ("A spokesman for Gov. Andrew Cuomo, Rich Azzopardi, said the governor would sign it.",
         "Rich Azzopardi", "spokesman for Gov. Andrew Cuomo"),
        # the statement is the attorney's: the role is his, not the document's
        ("A statement from Grimm's attorney, William McGinley, said the congressman was "
         "innocent.", "William McGinley", "Grimm's attorney"),
    ],
)  # fmt: skip
def test_a_role_named_after_a_comma_is_that_person(text: str, name: str, role: str) -> None:
    assert sources(text, "en") == {(name, "person", role)}


def test_the_person_whose_spokesperson_speaks_is_no_speaker() -> None:
    found = sources("A spokesperson for Grassley said the bill was dead.", "en")
    assert found == {("spokesperson for Grassley", "anonymous", None)}


@pytest.mark.parametrize(
    ("text", "lang", "name", "role"),
    [
        ("Раджу из Навин Галла Манди на Ситапур-роуд сказал, что облегчения не предвидится.",
         "ru", "Раджу", "из Навин Галла Манди на Ситапур-роуд"),
        ("Как сообщил Сергей Иванов из «Газпрома», поставки продолжатся.", "ru",
         "Сергей Иванов", "из «Газпрома»"),
        ("Олена Коваль з Києва розповіла, що ціни зросли.", "uk", "Олена Коваль", "з Києва"),
    ],
)  # fmt: skip
def test_where_a_person_is_from_is_no_part_of_the_name(
    text: str, lang: str, name: str, role: str
) -> None:
    assert sources(text, lang) == {(name, "person", role)}


def test_one_of_a_list_after_a_comma_is_no_speaker_of_its_own() -> None:
    found = sources(
        "Former Missouri senators like John Ashcroft, Kit Bond, John Danforth and Jim Talent "
        "have backed him, citing his record on spending and his long service.",
        "en",
    )
    assert not any(kind == "person" for _, kind, _ in found)


def test_a_first_name_after_a_role_in_small_letters_stays_in_the_name() -> None:
    found = sources("NATO chief Anders Fogh Rasmussen said the alliance was ready.", "en")
    assert found == {("Anders Fogh Rasmussen", "person", "NATO chief")}


@pytest.mark.parametrize(("outlet", "source"), [("The New York Times", ""), (None, "2-NYT.txt")])
def test_an_outlets_own_reporting_and_its_relay_by_another_are_one_origin(
    outlet: str | None, source: str
) -> None:
    texts = {
        "nyt": "The special counsel has given a list of questions to the president's lawyers.",
        "huff": "The special counsel has given a list of questions to the president's lawyers, "
        "according to The New York Times.",
    }
    segs = [
        segment(Article(id="nyt", text=texts["nyt"], lang="en", outlet=outlet, source=source)),
        segment(Article(id="huff", text=texts["huff"], lang="en", outlet="HuffPost")),
    ]
    sources = {s.article.id: attribute(s) for s in segs}
    fact = Fact(
        id="list", members={"nyt": (0,), "huff": (0,)}, relations=(), label="agree", confidence=1.0
    )
    found = origins(sources, [fact], segs).facts[0]
    assert found.n_independent == 1
    assert [(o.name, o.kind, sorted(o.articles)) for o in found.origins] == [
        ("The New York Times", "outlet", ["huff", "nyt"])
    ]


def test_a_name_in_latin_letters_a_feminine_verb_gives_a_woman_stays_a_person() -> None:
    found = sources("«Давно пора», — ответила ему Nataliya.", "ru")
    assert found == {("Nataliya", "person", None)}


def test_initials_and_a_surname_in_an_oblique_case_are_no_subject() -> None:
    text = (
        "Твір вельми цікавий для нас, котрі пережили часи тоталітаризму з його формулою: "
        "«Наши цели ясны, задачи определены! » — відтак конструювання ідеальної людини-ченця "
        "П. Могилою вельми нагадують пізніші комуністичні."
    )
    assert sources(text, "uk") == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("В Москве считают, что нужно обсуждать эту систему.", "Москва"),
        ("На Западе считают, что переговоры зашли в тупик.", "Запад"),
    ],
)
def test_a_capitalised_preposition_is_no_initial(text: str, name: str) -> None:
    assert {n for n, _, _ in sources(text, "ru")} == {name}
